//! The command line in, an exit code out: parse once, dispatch once, and write. The only code
//! that writes to standard output and standard error (the prompts draw on the terminal).

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{CommandFactory, Parser};

use crate::cli::{AssessArgs, Cli, Command};
use crate::commands::{self, Output, Screen};
use crate::error::{Error, exit};
use crate::pager;
use crate::style::Style;
use crate::words::{printable, text_width};

/// Text reports are wrapped to this width when stdout is not a terminal.
const PIPE_WIDTH: usize = 80;

/// `dgs score` shows progress only once this many records are done, so short runs stay quiet.
const PROGRESS_AFTER: usize = 20_000;
/// Results are written a few dozen records at a time; a terminal write for each would slow
/// the run down.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Runs `dgs` with these arguments and returns the process exit code.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let printed = e.print().and_then(|()| io::stdout().flush());
            if e.use_stderr() {
                return ExitCode::from(exit::USAGE);
            }
            // --help or --version: the text is the result, so failing to write it fails
            // (a reader that went away, `| head`, is not a failure).
            let written = match printed {
                Ok(()) => !stdout_closed(),
                Err(e) => e.kind() == io::ErrorKind::BrokenPipe,
            };
            return ExitCode::from(if written { exit::OK } else { exit::FAILURE });
        }
    };
    // Assessment options belong to `assess` (or to no subcommand at all), not to another one.
    // Checked here rather than by clap, which would also refuse global options such as --db.
    if cli
        .command
        .as_ref()
        .is_some_and(|c| !matches!(c, Command::Assess(_)))
        && cli.assess != AssessArgs::default()
    {
        let _ = clap::Error::raw(
            clap::error::ErrorKind::ArgumentConflict,
            "assessment options (such as -a, --answers, --format) go with `dgs` or `dgs assess`, not with another subcommand\n",
        )
        .with_cmd(&Cli::command())
        .print();
        return ExitCode::from(exit::USAGE);
    }
    let screen = Screen {
        out_style: Style::resolve(cli.color, io::stdout().is_terminal()),
        err_style: Style::resolve(cli.color, io::stderr().is_terminal()),
        width,
    };
    let err_style = screen.err_style;
    let db = cli.db.as_deref();
    let result = match cli.command {
        None => commands::assess::run(&cli.assess, db, screen),
        Some(Command::Assess(args)) => commands::assess::run(&args, db, screen),
        Some(Command::Questions(args)) => commands::questions::run(&args, screen),
        Some(Command::Validate(args)) => commands::validate::run(&args.file),
        Some(Command::Import(args)) => commands::import::run(&args.file),
        Some(Command::Questionnaires) => commands::questionnaires::run(),
        Some(Command::Score(args)) => score(&args, err_style),
        Some(Command::Completions { shell }) => Ok(commands::shell::completions(shell)),
        Some(Command::Man) => commands::shell::man(),
        Some(Command::Log(args)) => commands::diary::log(&args, db, err_style),
        Some(Command::History(args)) => commands::diary::history(&args, db, screen),
        Some(Command::Insights(args)) => commands::diary::insights(&args, db, screen),
        Some(Command::Export(args)) => commands::diary::export(&args, db),
        Some(Command::Forget(args)) => commands::diary::forget(args.yes, db, err_style),
    };
    let (output, error) = match result {
        Ok(mut output) => {
            let failed = output.failed.take();
            (output, failed)
        }
        Err(e) => (Output::default(), Some(e)),
    };
    // The result first, whatever follows: a side task that failed must not hide it.
    let written = if !cli.no_pager && paged(&output.stdout) {
        Ok(())
    } else {
        write_stdout(&output.stdout)
    };
    let mut stderr = io::stderr().lock();
    // Warnings and notes may quote a file or a flag: shown escaped, like errors.
    for warning in &output.warnings {
        let _ = writeln!(
            stderr,
            "{}: {}",
            err_style.warning("warning"),
            printable(warning)
        );
    }
    for note in &output.notes {
        let _ = writeln!(stderr, "{}", err_style.dim(&printable(note)));
    }
    match written.err().or(error) {
        None => ExitCode::from(exit::OK),
        Some(e) => {
            let prefix = if e.is_warning() {
                err_style.warning("warning")
            } else {
                err_style.error("error")
            };
            let _ = stderr.write_all(e.report(&prefix).as_bytes());
            ExitCode::from(e.exit_code())
        }
    }
}

/// `dgs score`: results stream to stdout as they are made, progress (on a terminal) and a
/// summary to stderr.
fn score(args: &crate::cli::ScoreArgs, err_style: Style) -> Result<Output, Error> {
    if stdout_closed() {
        return Err(closed_stdout());
    }
    let show_progress = io::stderr().is_terminal();
    let mut drawn: Option<Instant> = None;
    let mut width = 0;
    let mut progress = |done: usize| {
        if show_progress
            && done >= PROGRESS_AFTER
            && drawn.is_none_or(|at| at.elapsed() >= PROGRESS_EVERY)
        {
            let line = format!("scored {done} records…");
            width = line.chars().count();
            // A progress line that cannot be drawn is no reason to stop scoring.
            let _ = write!(io::stderr(), "\r{}", err_style.dim(&line));
            drawn = Some(Instant::now());
        }
    };
    // A warning about the whole input (columns ignored) is shown at once, before any result.
    let mut warn = |warning: &str| {
        let _ = writeln!(
            io::stderr(),
            "{}: {}",
            err_style.warning("warning"),
            printable(warning)
        );
    };
    // Results come in whole chunks of lines, each written with one call: standard output's
    // own line buffer passes such a write straight through, where a `BufWriter` in front
    // copied every chunk smaller than itself once more (~0.8k instructions a lean record).
    let mut stdout = io::stdout();
    let outcome = commands::score::run(args, &mut stdout, &mut progress, &mut warn);
    if drawn.is_some() {
        // Escape sequences only where colour is allowed (not under TERM=dumb, NO_COLOR or
        // --color never): otherwise the line is cleared with spaces.
        let clear = if err_style.color {
            "\r\x1b[K".to_string()
        } else {
            format!("\r{}\r", " ".repeat(width))
        };
        let _ = io::stderr().write_all(clear.as_bytes());
    }
    outcome
}

/// Shows long output on a terminal through the pager; `false` when it was not paged (not a
/// terminal, short, or no pager could show it), so the caller writes it.
fn paged(out: &str) -> bool {
    let stdout = console::Term::stdout();
    stdout.is_term() && pager::needed(out, stdout.size().0) && pager::show(out)
}

/// Whether standard output was closed (`dgs … >&-`). The Rust runtime reopens a closed
/// standard descriptor on `/dev/null` for reading and writing, so a report would be lost
/// with exit 0. A shell's `> /dev/null` opens it write-only; only the runtime's read-write
/// `/dev/null` counts as closed. Checked where Linux shows descriptors in `/proc`.
fn stdout_closed() -> bool {
    if !cfg!(target_os = "linux") {
        return false;
    }
    let is_null = std::fs::read_link("/proc/self/fd/1").is_ok_and(|p| p == Path::new("/dev/null"));
    let read_write = || {
        std::fs::read_to_string("/proc/self/fdinfo/1").is_ok_and(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("flags:"))
                .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
                .is_some_and(|flags| flags & 0o3 == 0o2)
        })
    };
    is_null && read_write()
}

fn closed_stdout() -> Error {
    Error::Write {
        source: io::Error::other("standard output is closed"),
    }
}

fn width() -> usize {
    if io::stdout().is_terminal() {
        text_width(console::Term::stdout().size().1)
    } else {
        PIPE_WIDTH
    }
}

/// Writes the whole output at once; a reader that went away (`| head`) is not an error.
fn write_stdout(out: &str) -> Result<(), Error> {
    if !out.is_empty() && stdout_closed() {
        return Err(closed_stdout());
    }
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
