//! The only module that touches dialoguer: draws questions on standard error and turns key
//! presses into [`Reply`] values. The flow itself lives in `interview.rs`.

use std::io::{self, ErrorKind};

use console::Term;
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Input, MultiSelect, Select};

use crate::answers::{self, Value};
use crate::error::Error;
use crate::interview::{Progress, Prompter, Reply};
use crate::questionnaire::{Item, ItemType, Questionnaire};
use crate::raw_answers::Raw;
use crate::style::Style;
use crate::text::wrap;

const BACK_WORDS: [&str; 3] = ["<", ":back", "back"];

mod diary;

pub struct TerminalPrompter {
    term: Term,
    theme: Box<dyn Theme>,
    style: Style,
    last_section: Option<usize>,
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
        }
    }

    /// Read at each use: the window may be resized while questions are asked.
    fn width(&self) -> usize {
        usize::from(self.term.size().1).clamp(20, 100)
    }

    fn say(&self, text: &str) -> Result<(), Error> {
        self.term.write_line(text).map_err(prompt_error)
    }

    fn para(&self, text: &str, dim: bool) -> Result<(), Error> {
        for line in wrap(text, self.width(), "") {
            self.say(&if dim { self.style.dim(&line) } else { line })?;
        }
        Ok(())
    }

    /// The first screen: what this is, and what it is not.
    pub fn welcome(&self, q: &Questionnaire) -> Result<(), Error> {
        self.say(&self.style.heading(&q.title))?;
        self.say("")?;
        self.para(&format!("This is not a diagnosis. {}", q.disclaimer), false)?;
        if let Some(intro) = &q.intro {
            self.say("")?;
            self.para(intro, false)?;
        }
        self.say("")?;
        self.para("Keys: arrows and Enter to choose, Space to tick in lists, Esc to go back, Ctrl-C to quit.", true)
    }

    fn header(&mut self, q: &Questionnaire, item: &Item, progress: &Progress) -> Result<(), Error> {
        if self.last_section != Some(progress.section) {
            self.last_section = Some(progress.section);
            let section = &q.sections[progress.section - 1];
            self.say("")?;
            self.say(&self.style.heading(&section.title))?;
            if let Some(intro) = &section.intro {
                self.para(intro, true)?;
            }
        }
        self.say("")?;
        self.say(&self.style.dim(&format!(
            "Section {} of {} · question {} of {}",
            progress.section, progress.sections, progress.question, progress.questions
        )))?;
        let _ = item;
        Ok(())
    }

    fn choose(
        &self,
        item: &Item,
        progress: &Progress,
        previous: Option<&Value>,
    ) -> Result<Reply, Error> {
        let codes = item.codes();
        let mut labels: Vec<String> = match item.kind {
            ItemType::YesNo if item.not_sure => vec!["Yes".into(), "No".into(), "Not sure".into()],
            ItemType::YesNo => vec!["Yes".into(), "No".into()],
            _ => item.options.iter().map(|o| o.label.clone()).collect(),
        };
        let help_at = item.help.as_ref().map(|_| {
            labels.push("Show help for this question".into());
            labels.len() - 1
        });
        let skip_at = (!item.required).then(|| {
            labels.push("Skip this question".into());
            labels.len() - 1
        });
        let start = match previous {
            Some(Value::Code(code)) => codes.iter().position(|c| c == code).unwrap_or(0),
            _ => 0,
        };
        loop {
            let picked = Select::with_theme(self.theme.as_ref())
                .with_prompt(prompt_text(item, self.width()))
                .items(&labels)
                .default(start)
                .interact_on_opt(&self.term)
                .map_err(dialoguer_error)?;
            match picked {
                None => return self.back(progress),
                Some(i) if Some(i) == help_at => {
                    self.para(item.help.as_deref().unwrap_or_default(), true)?;
                }
                Some(i) if Some(i) == skip_at => return Ok(Reply::Skip),
                Some(i) => return Ok(Reply::Answer(Value::Code(codes[i].to_string().into()))),
            }
        }
    }

    fn choose_many(
        &self,
        item: &Item,
        progress: &Progress,
        previous: Option<&Value>,
    ) -> Result<Reply, Error> {
        if let Some(help) = &item.help {
            self.para(help, true)?;
        }
        let labels: Vec<&str> = item.options.iter().map(|o| o.label.as_str()).collect();
        let checked: Vec<bool> = item
            .options
            .iter()
            .map(|o| matches!(previous, Some(Value::Codes(c)) if c.contains(&o.value)))
            .collect();
        loop {
            let picked = MultiSelect::with_theme(self.theme.as_ref())
                .with_prompt(format!(
                    "{} (Space ticks, Enter confirms)",
                    prompt_text(item, self.width())
                ))
                .items(&labels)
                .defaults(&checked)
                .interact_on_opt(&self.term)
                .map_err(dialoguer_error)?;
            let Some(picked) = picked else {
                return self.back(progress);
            };
            if picked.is_empty() && !item.required {
                return Ok(Reply::Skip);
            }
            let codes: Vec<Raw> = picked
                .iter()
                .map(|&i| Raw::Text(item.options[i].value.as_str().into()))
                .collect();
            match answers::parse_value(item, &Raw::List(codes)) {
                Ok(Some(value)) => return Ok(Reply::Answer(value)),
                _ if picked.is_empty() => {
                    self.para("Please tick at least one — or \"None of these\".", true)?;
                }
                _ => {
                    let msg = "\"None of these\" cannot be ticked together with other choices.";
                    self.para(msg, true)?;
                }
            }
        }
    }

    fn number(
        &self,
        item: &Item,
        progress: &Progress,
        previous: Option<&Value>,
    ) -> Result<Reply, Error> {
        let mut hints = vec![answers::expected(item)];
        if let (Some(lo), Some(hi)) = (&item.min_label, &item.max_label) {
            hints.push(format!(
                "{} = {lo}, {} = {hi}",
                item.bounds().0,
                item.bounds().1
            ));
        }
        hints.push("< goes back".into());
        if item.help.is_some() {
            hints.push("? shows help".into());
        }
        if !item.required {
            hints.push("Enter alone skips".into());
        }
        self.para(&hints.join(" · "), true)?;
        loop {
            let mut input = Input::<String>::with_theme(self.theme.as_ref())
                .with_prompt(prompt_text(item, self.width()))
                .allow_empty(true)
                .validate_with(|text: &String| -> Result<(), String> {
                    let t = text.trim();
                    if t.is_empty() || t == "?" || BACK_WORDS.contains(&t) {
                        return Ok(());
                    }
                    answers::parse_value(item, &Raw::Text(t.into()))
                        .map(|_| ())
                        .map_err(|_| format!("please enter {}", answers::expected(item)))
                });
            if let Some(value) = previous {
                input = input.with_initial_text(value.to_string());
            }
            let text = input
                .interact_text_on(&self.term)
                .map_err(dialoguer_error)?;
            let t = text.trim();
            if BACK_WORDS.contains(&t) {
                return self.back(progress);
            }
            if t == "?" {
                self.para(
                    item.help
                        .as_deref()
                        .unwrap_or("There is no extra help for this question."),
                    true,
                )?;
                continue;
            }
            if t.is_empty() {
                if item.required {
                    self.para("This question needs an answer.", true)?;
                    continue;
                }
                return Ok(Reply::Skip);
            }
            if let Ok(Some(value)) = answers::parse_value(item, &Raw::Text(t.into())) {
                return Ok(Reply::Answer(value));
            }
        }
    }

    fn back(&self, progress: &Progress) -> Result<Reply, Error> {
        if progress.first {
            self.para(
                "This is the first question; there is nothing to go back to. (Ctrl-C quits.)",
                true,
            )?;
        }
        Ok(Reply::Back)
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
        self.header(q, item, progress)?;
        match item.kind {
            ItemType::YesNo | ItemType::SingleChoice => self.choose(item, progress, previous),
            ItemType::MultipleChoice => self.choose_many(item, progress, previous),
            ItemType::Integer | ItemType::Number => self.number(item, progress, previous),
        }
    }
}

/// Long questions are wrapped so redraws stay within the terminal (dialoguer #20).
fn prompt_text(item: &Item, width: usize) -> String {
    wrap(&item.text, width.saturating_sub(4), "").join("\n  ")
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
