//! The only module that touches dialoguer: draws questions on standard error and turns key
//! presses into [`Reply`] values. The flow itself lives in `interview/mod.rs`.

use std::io::{self, ErrorKind, IsTerminal};

use console::Term;
use dialoguer::Confirm;
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};

use crate::error::Error;
use crate::interview::{Progress, Prompter, Reply};
use crate::questionnaire::Value;
use crate::questionnaire::triage::Level;
use crate::questionnaire::{Item, ItemType, Questionnaire};
use crate::style::Style;
use crate::words::{text_width, wrap};

const BACK_WORDS: [&str; 3] = ["<", ":back", "back"];

mod ask;
mod diary;
mod keys;

pub struct TerminalPrompter {
    term: Term,
    theme: Box<dyn Theme>,
    style: Style,
    last_section: Option<usize>,
    /// No redraws and no cursor movement: see `keys`.
    plain: bool,
}

/// Ctrl-C while a prompt has hidden the cursor would leave the terminal without one:
/// dialoguer leaves that to the application (dialoguer #77).
pub fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        let term = Term::stderr();
        let _ = term.show_cursor();
        let _ = term.write_line("");
        std::process::exit(i32::from(crate::error::exit::INTERRUPTED));
    });
}

/// Whether questions can be asked: they are read from standard input and drawn on standard
/// error, so both must be a terminal.
pub fn can_ask() -> bool {
    io::stdin().is_terminal() && io::stderr().is_terminal()
}

impl TerminalPrompter {
    pub fn new(style: Style) -> TerminalPrompter {
        let term = Term::stderr();
        let theme: Box<dyn Theme> = if style.color {
            Box::new(ColorfulTheme::default())
        } else {
            Box::new(SimpleTheme)
        };
        TerminalPrompter {
            term,
            theme,
            style,
            last_section: None,
            plain: console::is_dumb(),
        }
    }

    /// Plain prompts even on a capable terminal (`--plain`).
    #[must_use]
    pub fn plain(mut self, plain: bool) -> TerminalPrompter {
        self.plain |= plain;
        self
    }

    /// Read at each use: the window may be resized while questions are asked.
    fn width(&self) -> usize {
        text_width(self.term.size().1)
    }

    fn say(&self, text: &str) -> Result<(), Error> {
        self.term.write_line(text).map_err(prompt_error)
    }

    /// Writes a paragraph wrapped to the terminal; returns how many lines it took.
    fn para(&self, text: &str, dim: bool) -> Result<usize, Error> {
        let lines = wrap(text, self.width(), "");
        for line in &lines {
            self.say(&if dim {
                self.style.dim(line)
            } else {
                line.clone()
            })?;
        }
        Ok(lines.len())
    }

    /// The first screen: what this is, and what it is not. `questions` is how many will be
    /// asked as things stand, the same count the progress line starts from.
    pub fn welcome(&self, q: &Questionnaire, questions: usize) -> Result<(), Error> {
        self.say(&self.style.heading(&q.title))?;
        self.say("")?;
        self.para(&q.disclaimer, false)?;
        self.say("")?;
        let follow_ups = q
            .sections
            .iter()
            .flat_map(|s| &s.items)
            .any(|item| item.enable_when.is_some());
        let count = format!(
            "{questions} question{} to answer{}",
            if questions == 1 { "" } else { "s" },
            if follow_ups {
                "; some answers lead to a few more."
            } else {
                "."
            }
        );
        match &q.intro {
            Some(intro) => self.para(&format!("{count} {intro}"), false)?,
            None => self.para(&count, false)?,
        };
        self.say("")?;
        let keys = if self.plain {
            "Type the number or letter of an answer, then Enter; ? shows help, < goes back, Ctrl-C quits."
        } else {
            "Keys: ↑↓ and Enter choose (or the letter shown, such as y or n), Space ticks in lists, ? shows help, Esc goes back, Ctrl-C quits."
        };
        self.para(keys, true).map(|_| ())
    }
}

impl Prompter for TerminalPrompter {
    fn ask(
        &mut self,
        q: &Questionnaire,
        item: &Item,
        progress: &Progress,
        previous: Option<&Value>,
    ) -> Result<Reply, Error> {
        self.ask_item(q, item, progress, previous)
    }

    fn confirm_stop(
        &mut self,
        q: &Questionnaire,
        item: &Item,
        answer: &Value,
        level: Level,
    ) -> Result<bool, Error> {
        let shown = match answer {
            Value::Code(code) if item.kind == ItemType::YesNo => match code.as_ref() {
                "yes" => "Yes",
                "no" => "No",
                _ => "Not sure",
            }
            .to_string(),
            Value::Code(code) => item
                .option(code)
                .map_or(code.to_string(), |o| o.label.clone()),
            other => other.to_string(),
        };
        let meaning = q.triage.get(&level).map_or_else(
            || format!("the questionnaire stops here ({})", level.name()),
            |text| text.title.clone(),
        );
        self.say("")?;
        self.para(
            &format!("You answered \u{201c}{shown}\u{201d} to: {}", item.text),
            false,
        )?;
        self.para(
            &format!("That answer ends the questionnaire with: {meaning}."),
            false,
        )?;
        if self.plain {
            loop {
                self.para(
                    "Is that right? Type y or n (n asks the question again):",
                    false,
                )?;
                match keys::read_plain_line().map_err(prompt_error)?.trim() {
                    "y" | "Y" | "yes" => return Ok(true),
                    "n" | "N" | "no" | "<" | "\u{1b}" => return Ok(false),
                    _ => {}
                }
            }
        }
        // No default: Enter alone does nothing here, so the same slip cannot confirm itself.
        let confirmed = Confirm::with_theme(self.theme.as_ref())
            .with_prompt(
                wrap(
                    "Is that right? (n or Esc asks the question again)",
                    self.width().saturating_sub(10),
                    "",
                )
                .join("\n  "),
            )
            .interact_on_opt(&self.term)
            .map_err(dialoguer_error)?;
        Ok(confirmed == Some(true))
    }
}

fn dialoguer_error(e: dialoguer::Error) -> Error {
    let dialoguer::Error::IO(e) = e;
    prompt_error(e)
}

/// The end of input is not a failure of the prompt: a closed terminal reads as end-of-file,
/// or (on Linux, when hang-ups are ignored) as an I/O error, EIO.
const EIO: i32 = 5;

fn prompt_error(e: io::Error) -> Error {
    match e.kind() {
        ErrorKind::Interrupted => {
            let _ = Term::stderr().show_cursor();
            Error::Interrupted
        }
        ErrorKind::UnexpectedEof | ErrorKind::BrokenPipe => Error::InputClosed,
        _ if e.raw_os_error() == Some(EIO) => Error::InputClosed,
        _ => Error::Prompt { source: e },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_of_input_are_named_as_such() {
        let closed = [
            io::Error::from(ErrorKind::UnexpectedEof),
            io::Error::from_raw_os_error(EIO),
        ];
        for e in closed {
            assert!(matches!(prompt_error(e), Error::InputClosed));
        }
        assert!(matches!(
            prompt_error(io::Error::from(ErrorKind::Interrupted)),
            Error::Interrupted
        ));
        assert!(matches!(
            prompt_error(io::Error::other("x")),
            Error::Prompt { .. }
        ));
        assert_eq!(
            Error::InputClosed.to_string(),
            "input ended before the questionnaire was finished; no report was made"
        );
    }
}
