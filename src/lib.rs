//! dgs-check: a self-assessment aid for buttock, hip and back-of-leg pain. It screens for red
//! flags first, then maps answers to symptom patterns, likely contributing causes and
//! self-care suggestions. It is not a diagnosis.
//!
//! The pipeline is compute → render → write: `questionnaire` loads, `answers` checks,
//! `interview` asks (through `prompt`), `scoring` scores, `report` renders, and only [`run`]
//! writes to stdout and stderr.

pub mod answers;
pub mod assessment;
pub mod cli;
pub mod condition;
pub mod enablement;
pub mod error;
pub mod interview;
pub mod prompt;
pub mod questionnaire;
pub mod questions;
pub mod raw_answers;
pub mod report;
pub mod scoring;
pub mod style;
#[cfg(test)]
mod testing;
pub mod text;
pub mod triage;
mod validate;

use std::ffi::OsString;
use std::io::{self, IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{AssessArgs, Cli, Command, ListFormat};
use crate::error::{Error, exit};
use crate::questionnaire::{ItemType, Questionnaire};
use crate::raw_answers::RawAnswers;
use crate::style::Style;

/// Text reports are wrapped to this width when stdout is not a terminal.
const PIPE_WIDTH: usize = 80;

/// Runs `dgs` with these arguments and returns the process exit code.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            });
        }
    };
    let err_style = Style::resolve(cli.color, io::stderr().is_terminal());
    let out_style = Style::resolve(cli.color, io::stdout().is_terminal());
    let mut warnings = Vec::new();
    let result = match cli.command {
        None => assess(&cli.assess, out_style, err_style, &mut warnings),
        Some(Command::Assess(args)) => assess(&args, out_style, err_style, &mut warnings),
        Some(Command::Questions(args)) => {
            questionnaire::load(args.questionnaire.as_deref()).map(|q| match args.format {
                ListFormat::Text => questions::render_text(&q, out_style, width()),
                ListFormat::Json => questions::render_json(&q),
            })
        }
        Some(Command::Validate(args)) => validate_file(&args.file),
    };
    let mut stderr = io::stderr().lock();
    for warning in &warnings {
        let _ = writeln!(stderr, "{}: {warning}", err_style.warning("warning"));
    }
    match result.and_then(|out| write_stdout(&out)) {
        Ok(()) => ExitCode::from(exit::OK),
        Err(e) => {
            let _ = stderr.write_all(e.report(err_style).as_bytes());
            ExitCode::from(e.exit_code())
        }
    }
}

fn assess(
    args: &AssessArgs,
    out_style: Style,
    err_style: Style,
    warnings: &mut Vec<String>,
) -> Result<String, Error> {
    let q = questionnaire::load(args.questionnaire.as_deref())?;
    let mut raw = match &args.answers_file {
        None => RawAnswers::default(),
        Some(path) => read_answers(path)?,
    };
    raw.apply_flags(&args.answers, &q);
    let given = raw.check(&q).map_err(Error::Answers)?;

    let stdin_taken = args.answers_file.as_deref() == Some(Path::new("-"));
    let interactive =
        !args.no_input && !stdin_taken && io::stdin().is_terminal() && io::stderr().is_terminal();
    let answers = if interactive {
        prompt::install_interrupt_handler();
        let mut prompter = prompt::TerminalPrompter::new(err_style);
        prompter.welcome(&q)?;
        interview::run(&q, given, &mut prompter)?.answers
    } else {
        given
    };

    let assessment = scoring::score(&q, &answers);
    for id in &assessment.ignored {
        let when = q
            .item(id)
            .and_then(|i| i.enable_when.as_ref())
            .map(ToString::to_string)
            .unwrap_or_default();
        warnings.push(format!(
            "answer to `{id}` ignored: that question is only asked when {when}"
        ));
    }
    if !interactive && !args.no_input && !assessment.stopped {
        let missing: Vec<String> = assessment
            .unanswered
            .iter()
            .filter_map(|id| q.item(id))
            .filter(|item| item.required)
            .map(|item| format!("-a {}={}", item.id, placeholder(item)))
            .collect();
        if !missing.is_empty() {
            return Err(Error::Missing { flags: missing });
        }
    }
    Ok(report::render(
        args.format,
        &q,
        &assessment,
        out_style,
        width(),
    ))
}

/// `<yes|no>`, `<16..120>`: what to put after `-a id=`.
fn placeholder(item: &questionnaire::Item) -> String {
    match item.kind {
        ItemType::YesNo | ItemType::SingleChoice => format!("<{}>", item.codes().join("|")),
        ItemType::MultipleChoice => format!("<{}>[,...]", item.codes().join("|")),
        ItemType::Integer | ItemType::Number => {
            let (min, max) = item.bounds();
            format!("<{min}..{max}>")
        }
    }
}

fn read_answers(path: &Path) -> Result<RawAnswers, Error> {
    let origin = if path == Path::new("-") {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    let text = if path == Path::new("-") {
        let mut text = String::new();
        io::stdin()
            .read_to_string(&mut text)
            .map_err(|source| Error::Read {
                path: origin.clone(),
                source,
            })?;
        text
    } else {
        std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: origin.clone(),
            source,
        })?
    };
    let doc = questionnaire::parse_data(&text, &origin).map_err(|message| Error::AnswersFile {
        origin: origin.clone(),
        message,
    })?;
    RawAnswers::from_json(&doc).map_err(|message| Error::AnswersFile { origin, message })
}

fn validate_file(path: &Path) -> Result<String, Error> {
    let q: Questionnaire = questionnaire::load(Some(path))?;
    Ok(format!(
        "{}: valid: {} questions in {} sections, {} rules\n",
        path.display(),
        q.item_count(),
        q.sections.len(),
        q.rules.len()
    ))
}

fn width() -> usize {
    if io::stdout().is_terminal() {
        usize::from(console::Term::stdout().size().1).clamp(20, 100)
    } else {
        PIPE_WIDTH
    }
}

/// Writes the whole output at once; a reader that went away (`| head`) is not an error.
fn write_stdout(out: &str) -> Result<(), Error> {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(source) => Err(Error::Write { source }),
        Ok(()) => Ok(()),
    }
}
