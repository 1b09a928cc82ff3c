//! The result of scoring: triage, red flags, ranked patterns and causes, suggestions, and
//! the answers it rests on. Data only; `scoring` fills it and `report` renders it.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::answers::{Answers, Value};
use crate::triage::Level;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Likelihood {
    Unlikely,
    Possible,
    Likely,
}

/// One fired rule's share in a pattern or cause, and the answers that made it fire.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Because {
    pub rule: String,
    pub points: f64,
    pub answers: BTreeMap<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    pub id: String,
    pub label: String,
    /// Points as a share (0–100) of all the points rules can give this target.
    pub score: u8,
    pub level: Likelihood,
    pub evidence: String,
    #[serde(skip)]
    pub points: f64,
    #[serde(skip)]
    pub text: String,
    pub because: Vec<Because>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedFlag {
    pub id: String,
    pub level: Level,
    pub message: String,
    pub because: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShownSuggestion {
    pub id: String,
    pub text: String,
    #[serde(rename = "for")]
    pub targets: Vec<String>,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreResult {
    pub id: String,
    pub label: String,
    pub value: f64,
    pub band: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub level: Level,
    pub screening_complete: bool,
    pub reasons: Vec<String>,
    pub red_flags: Vec<RedFlag>,
    pub patterns: Vec<Ranked>,
    pub causes: Vec<Ranked>,
    pub suggestions: Vec<ShownSuggestion>,
    pub scores: Vec<ScoreResult>,
    /// Enabled questions with no answer, in questionnaire order.
    pub unanswered: Vec<String>,
    pub unanswered_red_flags: Vec<String>,
    /// An emergency rule with `stop: true` fired.
    pub stopped: bool,
    /// Answers of enabled items: what the result is based on, and what replays it.
    pub answers: Answers,
    /// Answers given for questions that are not asked with the other answers.
    pub ignored: Vec<String>,
}
