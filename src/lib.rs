//! dgs-check: a self-assessment aid for buttock, hip and back-of-leg pain. It screens for red
//! flags first, then maps answers to symptom patterns, likely contributing causes and
//! self-care suggestions. It is not a diagnosis.
//!
//! The pipeline is compute → render → write: `questionnaire` loads, `answers` checks,
//! `interview` asks (through `prompt`), `scoring` scores, `report` renders, and only [`run`]
//! writes to stdout and stderr.

mod answer_line;
pub mod answers;
pub mod assess;
pub mod assessment;
pub mod batch;
pub mod cli;
pub mod condition;
pub mod diary;
pub mod enablement;
pub mod error;
pub mod history;
mod index;
mod input;
pub mod insights;
pub mod interview;
mod journal;
pub mod prompt;
pub mod questionnaire;
pub mod questions;
pub mod raw_answers;
pub mod report;
pub mod scoring;
pub mod store;
pub mod style;
#[cfg(test)]
mod testing;
pub mod text;
pub mod triage;
mod validate;

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, BufReader, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use clap::{CommandFactory, Parser};

use crate::batch::{Csv, JsonLines, Source};
use crate::cli::{Cli, Command, InputFormat, ListFormat, ScoreArgs, Shell};
use crate::error::{Error, exit};
use crate::questionnaire::Questionnaire;
use crate::style::Style;

/// Text reports are wrapped to this width when stdout is not a terminal. The width is read
/// when a report is rendered, not at start-up: the window may change during the questions.
const PIPE_WIDTH: usize = 80;

/// `dgs score` shows progress only once this many records are done, so short runs stay quiet.
const PROGRESS_AFTER: usize = 20_000;
const PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_millis(100);

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
    // Assessment options belong to `assess` (or to no subcommand at all), not to another one.
    // Checked here rather than by clap, which would also refuse global options such as --db.
    if cli
        .command
        .as_ref()
        .is_some_and(|c| !matches!(c, Command::Assess(_)))
        && cli.assess != cli::AssessArgs::default()
    {
        let _ = clap::Error::raw(
            clap::error::ErrorKind::ArgumentConflict,
            "assessment options (such as -a, --answers, --format) go with `dgs` or `dgs assess`, not with another subcommand\n",
        )
        .with_cmd(&Cli::command())
        .print();
        return ExitCode::from(exit::USAGE);
    }
    let err_style = Style::resolve(cli.color, io::stderr().is_terminal());
    let out_style = Style::resolve(cli.color, io::stdout().is_terminal());
    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    let db = cli.db.as_deref();
    let mut assess = |args: &cli::AssessArgs| -> Result<String, Error> {
        let (report, result) = assess::assess(args, out_style, err_style, width, &mut warnings)?;
        if args.save {
            notes.push(journal::save_assessment(&journal::db_path(db)?, &result)?);
        }
        Ok(report)
    };
    let result = match cli.command {
        None => assess(&cli.assess),
        Some(Command::Assess(ref args)) => assess(args),
        Some(Command::Questions(args)) => {
            questionnaire::load(args.questionnaire.as_deref()).map(|q| match args.format {
                ListFormat::Text => questions::render_text(&q, out_style, width()),
                ListFormat::Json => questions::render_json(&q),
            })
        }
        Some(Command::Validate(args)) => validate_file(&args.file),
        Some(Command::Score(args)) => score(&args, err_style).map(|()| String::new()),
        Some(Command::Completions { shell }) => Ok(completions(shell)),
        Some(Command::Man) => man(),
        Some(
            diary @ (Command::Log(_)
            | Command::History(_)
            | Command::Insights(_)
            | Command::Export(_)
            | Command::Forget(_)),
        ) => journal::db_path(db).and_then(|path| {
            journal::dispatch(diary, &path, out_style, err_style, width(), &mut notes)
        }),
    };
    let mut stderr = io::stderr().lock();
    for warning in &warnings {
        let _ = writeln!(stderr, "{}: {warning}", err_style.warning("warning"));
    }
    for note in &notes {
        let _ = writeln!(stderr, "{}", err_style.dim(note));
    }
    match result.and_then(|out| write_stdout(&out)) {
        Ok(()) => ExitCode::from(exit::OK),
        Err(e) => {
            let _ = stderr.write_all(e.report(err_style).as_bytes());
            ExitCode::from(e.exit_code())
        }
    }
}

/// `dgs score`: streams results to stdout, then a summary line to stderr.
fn score(args: &ScoreArgs, err_style: Style) -> Result<(), Error> {
    let q = questionnaire::load(args.questionnaire.as_deref())?;
    let path = args.input.as_deref().filter(|p| *p != Path::new("-"));
    let origin = path.map_or_else(|| "standard input".to_string(), |p| p.display().to_string());
    // Unlocked handles: the workers that read and write take turns on their own threads.
    let reader: Box<dyn io::BufRead + Send> = match path {
        None => Box::new(BufReader::with_capacity(1 << 16, io::stdin())),
        Some(p) => {
            let file = File::open(p).map_err(|source| Error::Read {
                path: origin.clone(),
                source,
            })?;
            Box::new(BufReader::with_capacity(1 << 16, file))
        }
    };
    let csv = path
        .and_then(Path::extension)
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let format = args.input_format.unwrap_or(if csv {
        InputFormat::Csv
    } else {
        InputFormat::Jsonl
    });
    let mut source: Box<dyn Source + Send> = match format {
        InputFormat::Jsonl => Box::new(JsonLines::new(reader, &origin)),
        InputFormat::Csv => Box::new(Csv::new(reader, &origin)),
    };
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );

    let started = Instant::now();
    let show_progress = io::stderr().is_terminal();
    // Redrawn at most every PROGRESS_EVERY: results are written a few dozen records at a
    // time, and a terminal write for each would slow the run down.
    let mut drawn: Option<Instant> = None;
    let mut progress = |done: usize| {
        if show_progress
            && done >= PROGRESS_AFTER
            && drawn.is_none_or(|at| at.elapsed() >= PROGRESS_EVERY)
        {
            eprint!("\r{}", err_style.dim(&format!("scored {done} records…")));
            drawn = Some(Instant::now());
        }
    };
    let mut stdout = io::BufWriter::with_capacity(1 << 16, io::stdout());
    let outcome =
        batch::run(&q, source.as_mut(), jobs, &mut stdout, &mut progress).and_then(|summary| {
            stdout
                .flush()
                .map(|()| summary)
                .map_err(|source| Error::Write { source })
        });
    if show_progress {
        eprint!("\r\x1b[K");
    }
    let summary = match outcome {
        // `dgs score … | head`: the reader has all it wanted.
        Err(Error::Write { source }) if source.kind() == io::ErrorKind::BrokenPipe => return Ok(()),
        other => other?,
    };
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "{}",
        err_style.dim(&format!(
            "scored {} record{} ({} with errors) in {seconds:.2} s",
            summary.records,
            if summary.records == 1 { "" } else { "s" },
            summary.errors
        ))
    );
    if summary.errors > 0 {
        return Err(Error::BadRecords {
            bad: summary.errors,
            total: summary.records,
        });
    }
    Ok(())
}

fn completions(shell: Shell) -> String {
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "dgs", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn man() -> Result<String, Error> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|source| Error::Write { source })?;
    Ok(String::from_utf8_lossy(&out).into_owned())
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
