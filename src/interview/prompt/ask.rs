//! Asking one question on the terminal: its header, the list or line it is answered in, the
//! answer echoed in words, help, and a step back that takes the header away again.

use super::keys::{self, Action, Choice};
use super::{BACK_WORDS, TerminalPrompter, prompt_error};
use crate::answers;
use crate::answers::raw::Raw;
use crate::error::Error;
use crate::interview::{Progress, Reply};
use crate::questionnaire::{Item, ItemType, Questionnaire, Value};

impl TerminalPrompter {
    /// Draws the section heading (when the section changes) and the progress line; returns
    /// how many lines it drew, so a step back can take them away again.
    fn header(&mut self, q: &Questionnaire, progress: &Progress) -> Result<usize, Error> {
        let mut drawn = 0;
        if self.last_section != Some(progress.section) {
            self.last_section = Some(progress.section);
            let section = &q.sections[progress.section - 1];
            self.say("")?;
            self.say(&self.style.heading(&section.title))?;
            drawn += 2;
            if let Some(intro) = &section.intro {
                drawn += self.para(intro, true)?;
            }
        }
        self.say("")?;
        self.say(&self.style.dim(&format!(
            "Section {} of {} · question {} of {}",
            progress.section, progress.sections, progress.question, progress.questions
        )))?;
        Ok(drawn + 2)
    }

    /// The key hints under a list: only what works at this question.
    fn hint(item: &Item, letters: bool, many: bool) -> String {
        let mut parts = vec![if many {
            "↑↓ move, Space ticks, Enter confirms"
        } else if letters {
            "↑↓ and Enter, or the letter shown"
        } else {
            "↑↓ and Enter, or the number"
        }];
        if item.help.is_some() {
            parts.push("? help");
        }
        parts.push("Esc back");
        parts.join(" · ")
    }

    fn show_help(&self, item: &Item) -> Result<(), Error> {
        let help = item
            .help
            .as_deref()
            .unwrap_or("There is no extra help for this question.");
        self.para(help, true).map(|_| ())
    }

    fn echo(&self, item: &Item, answer: &str) -> Result<(), Error> {
        for line in keys::echo(&item.text, answer, self.width(), self.style) {
            self.say(&line)?;
        }
        Ok(())
    }

    /// Draws `choices` under the question and waits for an answer, help, or a step back.
    fn list(
        &self,
        item: &Item,
        choices: &[Choice],
        cursor: Option<usize>,
        ticked: Option<Vec<bool>>,
        hint: &str,
    ) -> Result<Action<Vec<usize>>, Error> {
        keys::List {
            term: &self.term,
            style: self.style,
            width: self.width(),
            prompt: &item.text,
            choices,
            cursor,
            ticked,
            hint,
            plain: self.plain,
        }
        .run()
        .map_err(prompt_error)
    }

    fn choose(&self, item: &Item, previous: Option<&Value>) -> Result<Step, Error> {
        let codes = item.codes();
        let mut choices: Vec<Choice> = match item.kind {
            ItemType::YesNo => {
                let mut choices = vec![
                    Choice {
                        label: "Yes".into(),
                        key: Some('y'),
                    },
                    Choice {
                        label: "No".into(),
                        key: Some('n'),
                    },
                ];
                if item.not_sure {
                    choices.push(Choice {
                        label: "Not sure".into(),
                        key: Some('s'),
                    });
                }
                choices
            }
            _ => item
                .options
                .iter()
                .map(|o| Choice {
                    label: o.label.clone(),
                    key: letter(&o.value),
                })
                .collect(),
        };
        let skip_at = (!item.required).then(|| {
            choices.push(Choice {
                label: "Skip this question".into(),
                key: None,
            });
            choices.len() - 1
        });
        let letters = choices.iter().any(|c| c.key.is_some());
        // Nothing is chosen at first where a stray Enter could give an alarming or a
        // reassuring answer the person did not mean: safety questions and yes/no questions.
        let mut cursor = match previous {
            Some(Value::Code(code)) => codes.iter().position(|c| c == code),
            _ => None,
        };
        if cursor.is_none() && item.red_flag.is_none() && item.kind != ItemType::YesNo {
            cursor = Some(0);
        }
        let hint = Self::hint(item, letters, false);
        let picked = self.list(item, &choices, cursor, None, &hint)?;
        Ok(match picked {
            Action::Done(picked) => {
                let i = picked[0];
                self.echo(item, &choices[i].label)?;
                if Some(i) == skip_at {
                    Step::Reply(Reply::Skip)
                } else {
                    Step::Reply(Reply::Answer(Value::Code(codes[i].to_string().into())))
                }
            }
            Action::Help => Step::Help,
            Action::Back => Step::Back,
        })
    }

    fn choose_many(&self, item: &Item, previous: Option<&Value>) -> Result<Step, Error> {
        let choices: Vec<Choice> = item
            .options
            .iter()
            .map(|o| Choice {
                label: o.label.clone(),
                key: None,
            })
            .collect();
        let ticked: Vec<bool> = item
            .options
            .iter()
            .map(|o| matches!(previous, Some(Value::Codes(c)) if c.contains(&o.value)))
            .collect();
        let hint = Self::hint(item, false, true);
        let picked = self.list(item, &choices, Some(0), Some(ticked), &hint)?;
        let picked = match picked {
            Action::Done(picked) => picked,
            Action::Help => return Ok(Step::Help),
            Action::Back => return Ok(Step::Back),
        };
        if picked.is_empty() && !item.required {
            self.echo(item, "skipped")?;
            return Ok(Step::Reply(Reply::Skip));
        }
        let codes: Vec<Raw> = picked
            .iter()
            .map(|&i| Raw::Text(item.options[i].value.as_str().into()))
            .collect();
        match answers::parse_value(item, &Raw::List(codes)) {
            Ok(Some(value)) => {
                let labels: Vec<&str> = picked.iter().map(|&i| choices[i].label.as_str()).collect();
                self.echo(item, &labels.join(", "))?;
                return Ok(Step::Reply(Reply::Answer(value)));
            }
            _ if picked.is_empty() => {
                self.para("Please tick at least one — or \"None of these\".", true)?;
            }
            _ => {
                let msg = "\"None of these\" cannot be ticked together with other choices.";
                self.para(msg, true)?;
            }
        }
        // Asked again, with what was ticked forgotten: the person ticks afresh.
        Ok(Step::Again)
    }

    fn number(&self, item: &Item, previous: Option<&Value>) -> Result<Step, Error> {
        let initial = previous.map(ToString::to_string).unwrap_or_default();
        let typed = keys::line(
            &self.term,
            self.style,
            self.width(),
            &item.text,
            &initial,
            self.plain,
        )
        .map_err(prompt_error)?;
        let text = match typed {
            Action::Done(text) => text,
            Action::Help => return Ok(Step::Help),
            Action::Back => return Ok(Step::Back),
        };
        let t = text.trim();
        if BACK_WORDS.contains(&t) {
            return Ok(Step::Back);
        }
        if t.is_empty() {
            if item.required {
                self.para("This question needs an answer.", true)?;
                return Ok(Step::Again);
            }
            self.echo(item, "skipped")?;
            return Ok(Step::Reply(Reply::Skip));
        }
        if let Ok(Some(value)) = answers::parse_value(item, &Raw::Text(t.into())) {
            self.echo(item, t)?;
            return Ok(Step::Reply(Reply::Answer(value)));
        }
        self.para(&format!("Please enter {}.", answers::expected(item)), true)?;
        Ok(Step::Again)
    }

    /// What a number question accepts, shown once above it.
    fn number_hints(&self, item: &Item) -> Result<usize, Error> {
        let mut hints = vec![answers::expected(item)];
        if let (Some(lo), Some(hi)) = (&item.min_label, &item.max_label) {
            hints.push(format!(
                "{} = {lo}, {} = {hi}",
                item.bounds().0,
                item.bounds().1
            ));
        }
        if item.help.is_some() {
            hints.push("? help".into());
        }
        hints.push("Esc back".into());
        if !item.required {
            hints.push("Enter alone skips".into());
        }
        self.para(&hints.join(" · "), true)
    }

    /// One question until it is answered or left: help is shown and the question asked
    /// again; a step back takes this question's header away with it.
    pub(super) fn ask_item(
        &mut self,
        q: &Questionnaire,
        item: &Item,
        progress: &Progress,
        previous: Option<&Value>,
    ) -> Result<Reply, Error> {
        let mut drawn = self.header(q, progress)?;
        if matches!(item.kind, ItemType::Integer | ItemType::Number) {
            drawn += self.number_hints(item)?;
        }
        loop {
            let step = match item.kind {
                ItemType::YesNo | ItemType::SingleChoice => self.choose(item, previous)?,
                ItemType::MultipleChoice => self.choose_many(item, previous)?,
                ItemType::Integer | ItemType::Number => self.number(item, previous)?,
            };
            match step {
                Step::Reply(reply) => return Ok(reply),
                Step::Help => self.show_help(item)?,
                Step::Again => {}
                Step::Back if progress.first => {
                    self.para(
                        "This is the first question; there is nothing to go back to. (Ctrl-C quits.)",
                        true,
                    )?;
                }
                Step::Back => {
                    if !self.plain {
                        self.term.clear_last_lines(drawn).map_err(prompt_error)?;
                    }
                    self.last_section = None;
                    return Ok(Reply::Back);
                }
            }
        }
    }
}

/// What happened at one drawing of a question.
enum Step {
    Reply(Reply),
    Help,
    /// Something was said about the answer given (it was not valid): ask again.
    Again,
    Back,
}

/// The letter that answers a choice directly: `y` and `n` for yes and no.
fn letter(code: &str) -> Option<char> {
    match code {
        "yes" => Some('y'),
        "no" => Some('n'),
        _ => None,
    }
}
