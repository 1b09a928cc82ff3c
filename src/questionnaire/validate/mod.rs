//! Checks a parsed questionnaire for everything the YAML shape cannot express, and reports
//! every problem at once with where it is.

use std::collections::HashMap;

use crate::questionnaire::{FORMAT_MAJOR, FORMAT_NAME, Questionnaire};

use crate::questionnaire::triage::Level;

/// One problem: what it is about, the message, and the line of the id it names, if found.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub line: Option<usize>,
    pub place: String,
    pub message: String,
}

impl Problem {
    pub fn display(&self, origin: &str) -> String {
        match self.line {
            Some(line) => format!("{origin}:{line}: {}: {}", self.place, self.message),
            None => format!("{origin}: {}: {}", self.place, self.message),
        }
    }
}

struct Checker<'a> {
    q: &'a Questionnaire,
    text: &'a str,
    problems: Vec<Problem>,
}

pub fn check(q: &Questionnaire, text: &str) -> Vec<Problem> {
    let mut c = Checker {
        q,
        text,
        problems: Vec::new(),
    };
    c.header();
    c.ids();
    c.items();
    c.cycles();
    c.scores();
    c.rules();
    c.targets_and_suggestions();
    c.problems
}

fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The line of the `nth` occurrence of `id: <id>`: the parser keeps no positions after
/// deserialising, but ids are unique enough to find.
fn line_of(text: &str, id: &str, nth: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            let t = line.trim_start().trim_start_matches("- ").trim();
            t.strip_prefix("id:")
                .map(|rest| rest.trim().trim_matches(|c| c == '"' || c == '\''))
                == Some(id)
        })
        .nth(nth)
        .map(|(n, _)| n + 1)
}

impl Checker<'_> {
    fn add(&mut self, kind: &str, id: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            line: line_of(self.text, id, 0),
            place: format!("{kind} `{id}`"),
            message: message.into(),
        });
    }

    fn header(&mut self) {
        let version = self
            .q
            .format
            .strip_prefix(FORMAT_NAME)
            .and_then(|v| v.strip_prefix('/'));
        let major = version
            .and_then(|v| v.split('.').next())
            .and_then(|m| m.parse::<u32>().ok());
        if major != Some(FORMAT_MAJOR) {
            self.problems.push(Problem {
                line: self
                    .text
                    .lines()
                    .position(|l| l.starts_with("format:"))
                    .map(|n| n + 1),
                place: "format".into(),
                message: format!(
                    "unsupported format `{}`: this build reads `{FORMAT_NAME}/{FORMAT_MAJOR}`",
                    self.q.format
                ),
            });
        }
        for level in Level::ALL {
            if !self.q.triage.contains_key(&level) {
                self.problems.push(Problem {
                    line: None,
                    place: "triage".into(),
                    message: format!("no text for level `{}`", level.name()),
                });
            }
        }
    }

    fn ids(&mut self) {
        let q = self.q;
        let groups: [(&str, Vec<&str>); 5] = [
            (
                "section",
                q.sections.iter().map(|s| s.id.as_str()).collect(),
            ),
            ("item", q.item_ids().collect()),
            ("score", q.scores.iter().map(|s| s.id.as_str()).collect()),
            (
                "pattern or cause",
                q.patterns
                    .iter()
                    .chain(&q.causes)
                    .map(|t| t.id.as_str())
                    .collect(),
            ),
            (
                "suggestion",
                q.suggestions.iter().map(|s| s.id.as_str()).collect(),
            ),
        ];
        let rules = (
            "rule",
            q.rules.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        );
        for (kind, ids) in groups.iter().chain([&rules]) {
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for id in ids {
                if !valid_id(id) {
                    self.add(
                        kind,
                        id,
                        "ids are lowercase letters, digits and `_`, starting with a letter",
                    );
                }
                let count = seen.entry(id).or_insert(0);
                *count += 1;
                if *count == 2 {
                    self.problems.push(Problem {
                        line: line_of(self.text, id, 1),
                        place: format!("{kind} `{id}`"),
                        message: "duplicate id".into(),
                    });
                }
            }
        }
    }
}

pub(super) fn hint_text(hint: Option<String>) -> String {
    hint.map(|h| format!(" (did you mean `{h}`?)"))
        .unwrap_or_default()
}

mod conditions;
mod items;
mod rules;

#[cfg(test)]
mod tests;
