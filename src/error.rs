//! Every failure the user can see: its message and its exit code.

use std::fmt::{self, Write as _};
use std::io;

use crate::answers::AnswerError;
use crate::words::printable;

/// Exit codes, documented in the README and `dgs --help`.
pub mod exit {
    pub const OK: u8 = 0;
    pub const FAILURE: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const ANSWERS: u8 = 3;
    pub const QUESTIONNAIRE: u8 = 4;
    /// The result was shown, but saving it failed.
    pub const NOT_SAVED: u8 = 5;
    pub const INTERRUPTED: u8 = 130;
}

#[derive(Debug)]
pub enum Error {
    /// A file could not be read.
    Read { path: String, source: io::Error },
    /// Output could not be written.
    Write { source: io::Error },
    /// The questionnaire failed to parse or validate; every problem is listed.
    InvalidQuestionnaire {
        origin: String,
        problems: Vec<String>,
    },
    /// An answers file is not a mapping of ids to values.
    AnswersFile { origin: String, message: String },
    /// Some answers are not valid; every problem is listed.
    Answers(Vec<AnswerError>),
    /// Required questions have no answer and there is no terminal to ask on.
    Missing { flags: Vec<String> },
    /// Standard input ended while a question was being asked.
    InputClosed,
    /// The terminal prompt failed.
    Prompt { source: io::Error },
    /// Ctrl-C: nothing is printed.
    Interrupted,
    /// `dgs score` met records it could not score; their output lines say why.
    BadRecords { bad: usize, total: usize },
    /// The diary database could not be opened, read or written.
    Database { path: String, message: String },
    /// A diary command was given something it cannot use.
    Diary { message: String },
    /// The result was shown but could not be saved: why.
    NotSaved(Box<Error>),
    /// `dgs score` stopped on a signal after writing `done` whole lines.
    Stopped {
        signal: &'static str,
        code: u8,
        done: usize,
    },
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Read { .. }
            | Error::Write { .. }
            | Error::Prompt { .. }
            | Error::Database { .. } => exit::FAILURE,
            Error::InvalidQuestionnaire { .. } => exit::QUESTIONNAIRE,
            Error::Diary { .. }
            | Error::AnswersFile { .. }
            | Error::Answers(_)
            | Error::Missing { .. }
            | Error::BadRecords { .. } => exit::ANSWERS,
            Error::InputClosed | Error::Interrupted => exit::INTERRUPTED,
            Error::NotSaved(_) => exit::NOT_SAVED,
            Error::Stopped { code, .. } => *code,
        }
    }

    /// A failure after the result was shown: reported as a warning, not as an error, since
    /// the result itself stands.
    pub fn is_warning(&self) -> bool {
        matches!(self, Error::NotSaved(_))
    }

    /// The full message for standard error: one `error:` line per problem with answers, or
    /// a headline with one indented line per problem in a questionnaire. Empty for Ctrl-C.
    /// `prefix` is the word `error`, coloured or not by the caller. Messages quote paths, ids
    /// and values from files and flags, so each is shown with its control characters escaped:
    /// a message never runs an escape sequence or forges a line.
    pub fn report(&self, prefix: &str) -> String {
        match self {
            Error::Interrupted => String::new(),
            Error::Answers(errors) => errors.iter().fold(String::new(), |mut out, e| {
                let _ = writeln!(out, "{prefix}: {}", printable(&e.to_string()));
                out
            }),
            Error::InvalidQuestionnaire { origin, problems } => {
                let mut out = format!(
                    "{prefix}: invalid questionnaire `{}`: {} problem{}\n",
                    printable(origin),
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                );
                for p in problems {
                    let _ = writeln!(out, "  {}", printable(p));
                }
                out
            }
            Error::Missing { flags } => {
                let them = if flags.len() == 1 { "it" } else { "them" };
                let mut out = format!("{prefix}: {self}\nanswer {them} with:\n");
                for flag in flags {
                    let _ = writeln!(out, "  {}", printable(flag));
                }
                out.push_str("or pass --no-input to leave them unanswered\n");
                out
            }
            other => format!("{prefix}: {}\n", printable(&other.to_string())),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Read { path, source } => write!(f, "cannot read `{path}`: {source}"),
            Error::Write { source } => write!(f, "cannot write the report: {source}"),
            Error::InvalidQuestionnaire { origin, problems } => {
                write!(
                    f,
                    "invalid questionnaire `{origin}`: {}",
                    problems.join("; ")
                )
            }
            Error::Answers(errors) => {
                let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
                f.write_str(&lines.join("; "))
            }
            Error::AnswersFile { origin, message } => {
                write!(f, "cannot read answers from `{origin}`: {message}")
            }
            Error::Missing { flags } => write!(
                f,
                "{} required question{} unanswered and there is no terminal to ask on",
                flags.len(),
                if flags.len() == 1 { " is" } else { "s are" },
            ),
            Error::InputClosed => {
                f.write_str("input ended before the questionnaire was finished; no report was made")
            }
            Error::Prompt { source } => write!(f, "the terminal prompt failed: {source}"),
            Error::Interrupted => f.write_str("interrupted"),
            Error::Database { path, message } => write!(f, "diary database `{path}`: {message}"),
            Error::Diary { message } => f.write_str(message),
            Error::NotSaved(why) => write!(f, "the result above was not saved: {why}"),
            Error::Stopped { signal, done, .. } => write!(
                f,
                "stopped by {signal} after {done} record{}; every line written is whole",
                if *done == 1 { "" } else { "s" }
            ),
            Error::BadRecords { bad, total } => write!(
                f,
                "{bad} of {total} records could not be scored; their `dgs-error/1` lines say why"
            ),
        }
    }
}

impl std::error::Error for Error {}
