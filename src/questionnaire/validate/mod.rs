//! Checks a parsed questionnaire for everything the YAML shape cannot express, and reports
//! every problem at once with where it is.

use std::collections::HashMap;

use crate::questionnaire::{FORMAT_MAJOR, FORMAT_NAME, Questionnaire};

use crate::questionnaire::triage::Level;
use crate::words::did_you_mean;

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

/// "Did you mean" hints given in one validation at most: each compares a name with every id,
/// so thousands of unknown names against thousands of ids would take seconds.
const MAX_HINTS: usize = 100;

struct Checker<'a> {
    q: &'a Questionnaire,
    text: &'a str,
    problems: Vec<Problem>,
    /// Id → lines of its `id:` keys, built at the first problem that needs a line.
    lines: Option<HashMap<&'a str, Vec<usize>>>,
    hints: usize,
}

pub fn check(q: &Questionnaire, text: &str) -> Vec<Problem> {
    let mut c = Checker {
        q,
        text,
        problems: Vec::new(),
        lines: None,
        hints: 0,
    };
    c.texts();
    c.header();
    c.ids();
    c.links();
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

/// Every `id: <id>` line of the text, by id: the parser keeps no positions after
/// deserialising, but ids are unique enough to find. Block style (`- id: x`) and flow style
/// (`- {id: x, …}`) both count. One pass, however many problems.
fn id_lines(text: &str) -> HashMap<&str, Vec<usize>> {
    let mut lines: HashMap<&str, Vec<usize>> = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        for id in ids_on(line) {
            lines.entry(id).or_default().push(n + 1);
        }
    }
    lines
}

/// The values of the `id:` keys on one line: at its start (after `- `), or after the `{` or
/// `,` of a flow mapping. A key such as `valid:` or text mentioning `id:` is not one.
fn ids_on(line: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = line.trim_start();
    while let Some(after_dash) = rest.strip_prefix("- ") {
        rest = after_dash.trim_start();
    }
    let mut at_key = true;
    let mut depth = 0usize;
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if at_key && rest[i..].starts_with("id:") {
            let value = &rest[i + 3..];
            let end = if depth > 0 {
                value.find([',', '}']).unwrap_or(value.len())
            } else {
                value.len()
            };
            found.push(value[..end].trim().trim_matches(|c| c == '"' || c == '\''));
        }
        match bytes[i] {
            b'{' => {
                depth += 1;
                at_key = true;
            }
            b'}' => depth = depth.saturating_sub(1),
            b',' if depth > 0 => at_key = true,
            b' ' | b'\t' => {}
            // Quoted text may hold `{`, `,` or `id:`: nothing inside it is a key.
            b'"' | b'\'' => {
                let quote = bytes[i];
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += 1;
                }
                at_key = false;
            }
            _ => at_key = false,
        }
        i += 1;
    }
    found
}

/// The line of the first top-level `key:` in the text.
fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| l.strip_prefix(key).is_some_and(|r| r.starts_with(':')))
        .map(|n| n + 1)
}

impl Checker<'_> {
    /// The line of the `nth` `id: <id>` in the text.
    fn line_of(&mut self, id: &str, nth: usize) -> Option<usize> {
        let text = self.text;
        let lines = self.lines.get_or_insert_with(|| id_lines(text));
        lines.get(id).and_then(|found| found.get(nth)).copied()
    }

    fn add(&mut self, kind: &str, id: &str, message: impl Into<String>) {
        let line = self.line_of(id, 0);
        self.problems.push(Problem {
            line,
            place: format!("{kind} `{id}`"),
            message: message.into(),
        });
    }

    /// A "did you mean" for `given` among `known`, while the budget lasts.
    fn hint<'k>(&mut self, given: &str, known: impl IntoIterator<Item = &'k str>) -> String {
        if self.hints >= MAX_HINTS {
            return String::new();
        }
        self.hints += 1;
        hint_text(did_you_mean(given, known))
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
                line: key_line(self.text, "format"),
                place: "format".into(),
                message: format!(
                    "unsupported format `{}`: this build reads `{FORMAT_NAME}/{FORMAT_MAJOR}`",
                    self.q.format
                ),
            });
        }
        for level in self.levels_used() {
            if !self.q.triage.contains_key(&level) {
                self.problems.push(Problem {
                    line: key_line(self.text, "triage"),
                    place: "triage".into(),
                    message: format!("no text for level `{}`", level.name()),
                });
            }
        }
    }

    /// The triage levels a result can reach, each of which needs its text: `self_care` (no
    /// rule fired), every level a rule raises or a red-flag question names, and
    /// `see_clinician` when there are red-flag questions (an open one raises to it).
    fn levels_used(&self) -> Vec<Level> {
        let q = self.q;
        let has_red_flags = q.items().any(|i| i.red_flag.is_some());
        Level::ALL
            .into_iter()
            .filter(|level| {
                *level == Level::SelfCare
                    || (*level == Level::SeeClinician && has_red_flags)
                    || q.rules.iter().any(|r| r.triage == Some(*level))
                    || q.items().any(|i| i.red_flag == Some(*level))
            })
            .collect()
    }

    fn ids(&mut self) {
        let q = self.q;
        let groups: [(&str, Vec<&str>); 6] = [
            (
                "section",
                q.sections.iter().map(|s| s.id.as_str()).collect(),
            ),
            ("item", q.item_ids().collect()),
            ("score", q.scores.iter().map(|s| s.id.as_str()).collect()),
            (
                "classification",
                q.classifications.iter().map(|c| c.id.as_str()).collect(),
            ),
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
                    let line = self.line_of(id, 1);
                    self.problems.push(Problem {
                        line,
                        place: format!("{kind} `{id}`"),
                        message: "duplicate id".into(),
                    });
                }
            }
        }
    }
}

fn hint_text(hint: Option<String>) -> String {
    hint.map(|h| format!(" (did you mean `{h}`?)"))
        .unwrap_or_default()
}

mod conditions;
mod items;
mod links;
mod rules;
mod scores;
mod texts;

#[cfg(test)]
mod tests;
