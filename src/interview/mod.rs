//! The question flow: which question comes next, going back, skipping, and stopping early for
//! an emergency. It knows nothing about terminals: a [`Prompter`] asks.

pub mod prompt;

use std::collections::{HashMap, HashSet};

use crate::error::Error;
use crate::questionnaire::triage::Level;
use crate::questionnaire::{Answers, Value};
use crate::questionnaire::{Item, Questionnaire};
use crate::scoring;
use crate::scoring::enablement::{self, Enablement};

/// What the person did at a question.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Answer(Value),
    /// Go back to the previous question asked.
    Back,
    /// Leave an optional question unanswered.
    Skip,
}

/// Where the person is: "Section 2 of 5 · question 7 of 24".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub section: usize,
    pub sections: usize,
    pub question: usize,
    pub questions: usize,
    /// Nothing was asked before this question, so there is nothing to go back to.
    pub first: bool,
}

pub trait Prompter {
    /// Asks one question; `previous` is the answer being revised after going back.
    fn ask(
        &mut self,
        q: &Questionnaire,
        item: &Item,
        progress: &Progress,
        previous: Option<&Value>,
    ) -> Result<Reply, Error>;

    /// An answer just given ends the questionnaire at `level`: is that what the person meant?
    /// `false` asks the question again, so a slip of a key never ends a run with an alarm.
    fn confirm_stop(
        &mut self,
        q: &Questionnaire,
        item: &Item,
        answer: &Value,
        level: Level,
    ) -> Result<bool, Error>;
}

#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub answers: Answers,
    /// An emergency rule fired and questioning ended early.
    pub stopped: bool,
}

/// How many questions the progress line counts as things stand: every question enabled by
/// the answers so far, answered or not.
pub fn question_count(q: &Questionnaire, answers: &Answers) -> usize {
    let enablement = Enablement::of(q, &enablement::slots(q, answers));
    q.items()
        .filter(|i| enablement.is_enabled(q, &i.id))
        .count()
}

/// Asks every enabled, unanswered question in order. Answers given up front are never asked
/// again, and "back" never reaches them. An answer that would end the questionnaire early is
/// confirmed first; answers given up front end it without asking (a script meant them).
pub fn run(
    q: &Questionnaire,
    given: Answers,
    prompter: &mut dyn Prompter,
) -> Result<Outcome, Error> {
    let mut answers = given;
    let mut asked: Vec<String> = Vec::new();
    let mut skipped: HashSet<String> = HashSet::new();
    let mut previous: HashMap<String, Value> = HashMap::new();
    loop {
        if scoring::score(q, &answers).stopped {
            return Ok(Outcome {
                answers,
                stopped: true,
            });
        }
        let enablement = Enablement::of(q, &enablement::slots(q, &answers));
        let enabled: Vec<&Item> = q
            .items()
            .filter(|i| enablement.is_enabled(q, &i.id))
            .collect();
        let Some(position) = enabled
            .iter()
            .position(|i| !answers.contains_key(&i.id) && !skipped.contains(&i.id))
        else {
            return Ok(Outcome {
                answers,
                stopped: false,
            });
        };
        let item = enabled[position];
        let section = q.section_of(&item.id).unwrap_or(0);
        let progress = Progress {
            section: section + 1,
            sections: q.sections.len(),
            question: position + 1,
            questions: enabled.len(),
            first: asked.is_empty(),
        };
        match prompter.ask(q, item, &progress, previous.get(&item.id))? {
            Reply::Answer(value) => {
                answers.insert(item.id.clone(), value);
                let result = scoring::score(q, &answers);
                if result.stopped
                    && !prompter.confirm_stop(q, item, &answers[&item.id], result.level)?
                {
                    // Not meant: the same question again, with that answer shown as before.
                    if let Some(value) = answers.remove(&item.id) {
                        previous.insert(item.id.clone(), value);
                    }
                    continue;
                }
                asked.push(item.id.clone());
            }
            // A required question cannot be skipped: ask it again.
            Reply::Skip if item.required => {}
            Reply::Skip => {
                skipped.insert(item.id.clone());
                asked.push(item.id.clone());
            }
            Reply::Back => {
                if let Some(last) = asked.pop() {
                    skipped.remove(&last);
                    if let Some(value) = answers.remove(&last) {
                        previous.insert(last, value);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
