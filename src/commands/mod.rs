//! One file per subcommand. Each takes its arguments and returns an [`Output`]; only
//! `run.rs` writes it out, so a command never prints.

pub mod assess;
pub mod diary;
pub mod import;
pub mod questionnaires;
pub mod questions;
pub mod score;
pub mod shell;
mod stop;
pub mod validate;

use crate::error::Error;
use crate::style::Style;

/// What a command has to say. `stdout` is the result itself; `notes` and `warnings` go to
/// standard error after it.
#[derive(Debug, Default)]
pub struct Output {
    pub stdout: String,
    pub notes: Vec<String>,
    pub warnings: Vec<String>,
    /// A side task that failed after the result was made (saving it, say). The result is still
    /// written first, so a failed save never hides a safety result; this error follows it and
    /// sets the exit code.
    pub failed: Option<Error>,
}

impl Output {
    pub fn stdout(stdout: String) -> Output {
        Output {
            stdout,
            ..Output::default()
        }
    }

    pub fn note(note: String) -> Output {
        Output {
            notes: vec![note],
            ..Output::default()
        }
    }
}

/// How the terminal looks, decided once in `run.rs` and passed to the commands that draw.
#[derive(Debug, Clone, Copy)]
pub struct Screen {
    pub out_style: Style,
    pub err_style: Style,
    /// The width to wrap stdout at. A function, not a number: the window may be resized while
    /// questions are asked, so it is read when a report is drawn.
    pub width: fn() -> usize,
}
