//! The result of scoring: triage, red flags, ranked patterns and causes, suggestions, and
//! the answers it rests on. Data only, borrowing its text from the questionnaire and its
//! answers from the caller; `scoring` fills it and `report` renders it.

use std::borrow::Cow;
use std::fmt;
use std::rc::Rc;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::questionnaire::Value;
use crate::questionnaire::triage::Level;

/// How well answers fit a pattern or cause; part of the model, since questionnaires name
/// these levels (`at_most`, `unless_at`).
pub use crate::questionnaire::triage::Likelihood;

/// What a condition read: an item's answer, or a score's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fact<'a> {
    Answer(&'a Value),
    Number(f64),
}

impl Serialize for Fact<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Fact::Answer(value) => value.serialize(s),
            Fact::Number(n) => s.serialize_f64(*n),
        }
    }
}

impl fmt::Display for Fact<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fact::Answer(value) => value.fmt(f),
            Fact::Number(n) => write!(f, "{n}"),
        }
    }
}

/// A part of a list shared by one assessment: its lists are ranges of one pool, so sharing a
/// list between the patterns and causes a rule feeds copies nothing, and scoring a record
/// allocates one pool instead of a list per rule or suggestion. Reads as a slice; equal to
/// another part when their items are, whatever pools they are part of.
#[derive(Debug, Clone)]
pub struct Shared<T> {
    pool: Rc<Vec<T>>,
    range: std::ops::Range<usize>,
}

impl<T> Shared<T> {
    /// The part of `pool` in `range`.
    pub fn part_of(pool: &Rc<Vec<T>>, range: std::ops::Range<usize>) -> Self {
        Shared {
            pool: Rc::clone(pool),
            range,
        }
    }
}

impl<T> Default for Shared<T> {
    fn default() -> Self {
        Shared {
            pool: Rc::default(),
            range: 0..0,
        }
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.pool[self.range.clone()]
    }
}

impl<T: PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

/// Written as a JSON array.
impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// Ids, such as the targets of one suggestion.
pub type Names<'a> = Shared<&'a str>;

/// `id → answer` pairs sorted by id, written as a JSON object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnswerList<'a>(Shared<(&'a str, Fact<'a>)>);

impl<'a> AnswerList<'a> {
    /// A list that is `range` of `pool`.
    pub fn part_of(pool: &Rc<Vec<(&'a str, Fact<'a>)>>, range: std::ops::Range<usize>) -> Self {
        AnswerList(Shared::part_of(pool, range))
    }

    pub fn entries(&self) -> &[(&'a str, Fact<'a>)] {
        &self.0
    }

    pub fn get(&self, id: &str) -> Option<Fact<'a>> {
        self.entries()
            .iter()
            .find(|(k, _)| *k == id)
            .map(|(_, v)| *v)
    }
}

impl Serialize for AnswerList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.entries() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// One fired rule's share in a pattern or cause, and the answers that made it fire.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Because<'a> {
    /// The rule's position in the questionnaire.
    #[serde(skip)]
    pub rule_index: usize,
    pub rule: &'a str,
    pub points: f64,
    pub answers: AnswerList<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<&'a str>,
}

/// Written with `score` and `level` as `null` when it was not assessed.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked<'a> {
    /// The pattern's or cause's position in the questionnaire.
    pub index: usize,
    pub id: &'a str,
    pub label: &'a str,
    /// Points as a share (0–100) of all the points rules can give this target.
    pub score: u8,
    pub level: Likelihood,
    pub evidence: &'a str,
    pub points: f64,
    pub text: &'a str,
    pub because: Vec<Because<'a>>,
    /// False when screening stopped early: nothing was asked about the pain, so a zero would
    /// read as "ruled out".
    pub assessed: bool,
}

impl Serialize for Ranked<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(6))?;
        map.serialize_entry("id", self.id)?;
        map.serialize_entry("label", self.label)?;
        map.serialize_entry("score", &self.assessed.then_some(self.score))?;
        map.serialize_entry("level", &self.assessed.then_some(self.level))?;
        map.serialize_entry("evidence", self.evidence)?;
        map.serialize_entry("because", &self.because)?;
        map.end()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedFlag<'a> {
    /// The rule's position in the questionnaire.
    #[serde(skip)]
    pub rule_index: usize,
    pub id: &'a str,
    pub level: Level,
    pub message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<&'a str>,
    pub because: AnswerList<'a>,
}

/// A classification's outcome: the first class whose condition holds and what that
/// condition read, or no class when none holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Classified<'a> {
    /// The classification's position in the questionnaire.
    #[serde(skip)]
    pub index: usize,
    pub id: &'a str,
    pub label: &'a str,
    pub class: Option<&'a str>,
    pub class_label: Option<&'a str>,
    pub because: AnswerList<'a>,
}

/// A score with no value: `answered` of its items were answered, `needed` were required.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unscored<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub answered: usize,
    pub needed: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShownSuggestion<'a> {
    /// The suggestion's position in the questionnaire.
    #[serde(skip)]
    pub index: usize,
    pub id: &'a str,
    pub text: &'a str,
    #[serde(rename = "for")]
    pub targets: Names<'a>,
    pub evidence: &'a str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreResult<'a> {
    /// The score's position in the questionnaire.
    #[serde(skip)]
    pub index: usize,
    pub id: &'a str,
    pub label: &'a str,
    pub value: f64,
    pub band: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Assessment<'a> {
    pub level: Level,
    /// What the level tells the person: the level's text, or the `advice` of the first rule
    /// (in file order) that sets the level and has one.
    pub title: &'a str,
    pub action: &'a str,
    /// That rule's position, when its advice replaced the level's.
    pub advice_rule: Option<usize>,
    pub screening_complete: bool,
    pub reasons: Vec<Cow<'a, str>>,
    /// Fired rules that raised triage on a safety answer, most urgent first.
    pub red_flags: Vec<RedFlag<'a>>,
    /// Fired rules marked `threshold` that raised triage on a total or a severity, most
    /// urgent first: shown apart from the red flags.
    pub thresholds: Vec<RedFlag<'a>>,
    pub patterns: Vec<Ranked<'a>>,
    pub causes: Vec<Ranked<'a>>,
    pub suggestions: Vec<ShownSuggestion<'a>>,
    pub scores: Vec<ScoreResult<'a>>,
    /// Scores left without a value because fewer items were answered than they need.
    pub unscored: Vec<Unscored<'a>>,
    /// Each classification's outcome, in questionnaire order.
    pub classifications: Vec<Classified<'a>>,
    /// Enabled questions with no answer, in questionnaire order.
    pub unanswered: Vec<&'a str>,
    pub unanswered_red_flags: Vec<&'a str>,
    /// An emergency rule with `stop: true` fired.
    pub stopped: bool,
    /// Answers of enabled items, sorted by id: what the result is based on, and what
    /// replays it.
    pub answers: AnswerList<'a>,
    /// Answers given for questions that are not asked with the other answers, sorted by id.
    pub ignored: Vec<&'a str>,
}

impl Assessment<'_> {
    /// The answer the result used for an item, if it was asked and answered.
    pub fn answer(&self, id: &str) -> Option<&Value> {
        match self.answers.get(id) {
            Some(Fact::Answer(value)) => Some(value),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_lists_compare_by_what_they_hold() {
        let yes = Value::Code("yes".into());
        let pool = Rc::new(vec![
            ("a", Fact::Answer(&yes)),
            ("b", Fact::Number(1.0)),
            ("a", Fact::Answer(&yes)),
        ]);
        let alone = AnswerList::part_of(&Rc::new(vec![("a", Fact::Answer(&yes))]), 0..1);
        assert_eq!(AnswerList::part_of(&pool, 0..1), alone);
        assert_eq!(AnswerList::part_of(&pool, 2..3), alone);
        assert_ne!(AnswerList::part_of(&pool, 1..2), alone);

        let ids = Rc::new(vec!["x", "y", "x"]);
        assert_eq!(Names::part_of(&ids, 0..1), Names::part_of(&ids, 2..3));
        assert_ne!(Names::part_of(&ids, 0..1), Names::part_of(&ids, 1..2));
        assert_eq!(*Names::part_of(&ids, 1..3), ["y", "x"]);
    }
}
