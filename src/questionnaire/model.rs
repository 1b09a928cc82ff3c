//! The questionnaire as written: the shape of a `dgs-questionnaire/1` file, read by serde.
//! Plain data; [`super::Questionnaire`] adds the positions worked out once after loading.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::condition::{Condition, Subject};
use super::formula::Target as FormulaTarget;
use super::triage::{Level, Likelihood};

/// The third answer of a yes/no item with `not_sure: true`.
pub const NOT_SURE: &str = "not_sure";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    pub format: String,
    pub id: String,
    pub version: String,
    pub title: String,
    pub disclaimer: String,
    #[serde(default)]
    pub intro: Option<String>,
    /// When to get help at once, whatever the result: on the first screen of every report.
    #[serde(default)]
    pub safety_net: Option<Guidance>,
    pub triage: BTreeMap<Level, LevelText>,
    pub sections: Vec<Section>,
    #[serde(default)]
    pub scores: Vec<Score>,
    #[serde(default)]
    pub classifications: Vec<Classification>,
    #[serde(default)]
    pub patterns: Vec<Target>,
    #[serde(default)]
    pub causes: Vec<Target>,
    #[serde(default)]
    pub suggestions: Vec<Suggestion>,
    #[serde(default)]
    pub rules: Vec<Rule>,
}

/// A text shown to the person, with where its claim comes from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    pub text: String,
    pub evidence: String,
}

/// What each triage level tells the person: a short title and what to do, how soon.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelText {
    pub title: String,
    pub action: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    /// The FHIR `linkId` this section's group has, where it is not the id (written by `dgs
    /// import`, so a round trip through FHIR keeps it).
    #[serde(default)]
    pub link_id: Option<String>,
    pub title: String,
    #[serde(default)]
    pub intro: Option<String>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemType {
    YesNo,
    SingleChoice,
    MultipleChoice,
    Integer,
    Number,
}

impl ItemType {
    pub fn name(self) -> &'static str {
        match self {
            ItemType::YesNo => "yes_no",
            ItemType::SingleChoice => "single_choice",
            ItemType::MultipleChoice => "multiple_choice",
            ItemType::Integer => "integer",
            ItemType::Number => "number",
        }
    }

    pub fn is_numeric(self) -> bool {
        matches!(self, ItemType::Integer | ItemType::Number)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    /// The FHIR `linkId` of this question, where it is not the id (written by `dgs import`
    /// for a linkId that is not a valid id, such as `/44250-9`); FHIR output and responses
    /// use it.
    #[serde(default)]
    pub link_id: Option<String>,
    #[serde(rename = "type")]
    pub kind: ItemType,
    pub text: String,
    /// A few words naming the question where its full text is too long, as in "because:"
    /// lines: "Worse when sitting".
    #[serde(default)]
    pub short: Option<String>,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub required: bool,
    /// Marks a safety-screen question and the tier it belongs to. An unanswered red-flag
    /// question makes the screening incomplete.
    #[serde(default)]
    pub red_flag: Option<Level>,
    /// A red-flag question asked where it stands rather than in the opening safety screen
    /// (PHQ-9's item 9 is the ninth of ten); open, it still keeps the screening incomplete.
    #[serde(default)]
    pub in_place: bool,
    #[serde(default)]
    pub enable_when: Option<Condition>,
    #[serde(default)]
    pub options: Vec<ChoiceOption>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub min_label: Option<String>,
    #[serde(default)]
    pub max_label: Option<String>,
    /// A yes/no item that also accepts `not_sure`: safety questions, where a person who cannot
    /// tell must not be read as "no".
    #[serde(default)]
    pub not_sure: bool,
}

impl Section {
    /// The section's FHIR `linkId`: its `link_id`, else its id.
    pub fn link(&self) -> &str {
        self.link_id.as_deref().unwrap_or(&self.id)
    }
}

impl Item {
    /// The question's FHIR `linkId`: its `link_id`, else its id.
    pub fn link(&self) -> &str {
        self.link_id.as_deref().unwrap_or(&self.id)
    }

    /// The question named in a few words: its `short` label, else its text.
    pub fn name(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.text)
    }

    /// An answer in words: the option's label, `yes`/`no`/`not sure`, or the number with its
    /// unit.
    pub fn answer_words(&self, value: &super::Value) -> String {
        use super::Value;
        match value {
            Value::Code(code) if self.kind == ItemType::YesNo => if code == NOT_SURE {
                "not sure"
            } else {
                code.as_ref()
            }
            .to_string(),
            Value::Code(code) => self
                .option(code)
                .map_or_else(|| code.to_string(), |o| o.label.clone()),
            Value::Codes(codes) => codes
                .iter()
                .map(|c| self.option(c).map_or(c.as_str(), |o| o.label.as_str()))
                .collect::<Vec<_>>()
                .join(", "),
            Value::Int(_) | Value::Num(_) => match &self.unit {
                Some(unit) => format!("{value} {unit}"),
                None => value.to_string(),
            },
        }
    }

    /// The allowed option codes, in order; `yes`/`no` for yes/no items.
    pub fn codes(&self) -> Vec<&str> {
        match self.kind {
            ItemType::YesNo if self.not_sure => vec!["yes", "no", NOT_SURE],
            ItemType::YesNo => vec!["yes", "no"],
            _ => self.options.iter().map(|o| o.value.as_str()).collect(),
        }
    }

    pub fn option(&self, code: &str) -> Option<&ChoiceOption> {
        self.options.iter().find(|o| o.value == code)
    }

    /// Bounds of a numeric item; validation guarantees both are present.
    pub fn bounds(&self) -> (f64, f64) {
        (self.min.unwrap_or(f64::MIN), self.max.unwrap_or(f64::MAX))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub value: String,
    pub label: String,
    #[serde(default)]
    pub weight: Option<f64>,
    /// A "none of these" option: it cannot be chosen together with any other.
    #[serde(default)]
    pub exclusive: bool,
    /// The FHIR coding this option stands for, where it is not the questionnaire's own (a
    /// LOINC answer code, say): FHIR output and responses use it.
    #[serde(default)]
    pub coding: Option<Coding>,
}

/// A code in a code system, as FHIR writes answers: `{system: "http://loinc.org", code:
/// LA6568-5}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Coding {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    pub code: String,
}

impl Coding {
    /// Whether `code` is a FHIR `code`: text with no leading or trailing whitespace and no
    /// run of whitespace inside.
    pub fn valid_code(code: &str) -> bool {
        !code.is_empty()
            && code.trim() == code
            && !code
                .chars()
                .zip(code.chars().skip(1))
                .any(|(a, b)| a.is_whitespace() && b.is_whitespace())
    }

    /// Whether `system` can be a code system's URI: not empty, no whitespace.
    pub fn valid_system(system: &str) -> bool {
        !system.is_empty() && !system.contains(char::is_whitespace)
    }
}

pub use super::scores::{
    Band, Class, Classification, DEFAULT_DECIMALS, MAX_DECIMALS, Method, Score,
};

/// A symptom pattern or a contributing cause: rules add points to it, and its thresholds
/// turn the points into `likely` / `possible` / `unlikely`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub id: String,
    pub label: String,
    pub text: String,
    pub evidence: String,
    /// Points at or above which the target is `likely`; any positive total below it is
    /// `possible`.
    pub likely_at: f64,
    /// The highest level the target can reach, e.g. `possible` for a cause that rests on one
    /// answer only the practitioner's article supports.
    #[serde(default)]
    pub at_most: Option<Likelihood>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suggestion {
    pub id: String,
    pub text: String,
    pub evidence: String,
    /// Causes or patterns this suggestion answers; it is shown when any is possible or likely.
    #[serde(default, rename = "for")]
    pub targets: Vec<String>,
    /// Shown whenever self-care advice is shown at all.
    #[serde(default)]
    pub always: bool,
    /// Held back when any of these patterns reaches `unless_at` (e.g. stretching a hamstring
    /// tendon).
    #[serde(default)]
    pub unless: Vec<String>,
    /// The level of an `unless` pattern that holds the suggestion back: `likely` (the
    /// default) or `possible`.
    #[serde(default = "likely")]
    pub unless_at: Likelihood,
}

fn likely() -> Likelihood {
    Likelihood::Likely
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub when: Condition,
    #[serde(default)]
    pub triage: Option<Level>,
    /// End the questioning at once when this rule fires (emergencies).
    #[serde(default)]
    pub stop: bool,
    /// Shown as the red flag's message when the rule raises triage.
    #[serde(default)]
    pub message: Option<String>,
    /// The rule raises triage on a threshold (a total, a symptom's severity), not on a safety
    /// answer: reports list it apart from the red flags.
    #[serde(default)]
    pub threshold: bool,
    #[serde(default)]
    pub patterns: BTreeMap<String, f64>,
    #[serde(default)]
    pub causes: BTreeMap<String, f64>,
    #[serde(default)]
    pub suggest: Vec<String>,
    #[serde(default)]
    pub explain: Option<String>,
    /// Where the red flag's claim comes from, kept out of the message so the instruction
    /// stays plain.
    #[serde(default)]
    pub evidence: Option<String>,
    /// Suggestions held back while this rule fires (e.g. heat and massage while a serious
    /// cause is possible).
    #[serde(default)]
    pub withhold: Vec<String>,
    /// Replaces the triage level's title and action when this rule is one that sets the
    /// final level (e.g. "see a GP", not "a GP or physiotherapist").
    #[serde(default)]
    pub advice: Option<LevelText>,
}

impl Definition {
    /// Gives every condition the slots of what it reads.
    pub(super) fn resolve(
        &mut self,
        slot_of: &impl Fn(&Subject) -> usize,
        target_of: &dyn Fn(&str) -> FormulaTarget,
    ) {
        for formula in self.scores.iter_mut().filter_map(|s| s.formula.as_mut()) {
            formula.resolve(target_of);
        }
        let items = self.sections.iter_mut().flat_map(|s| s.items.iter_mut());
        for cond in items.filter_map(|item| item.enable_when.as_mut()) {
            cond.resolve(slot_of);
        }
        for rule in &mut self.rules {
            rule.when.resolve(slot_of);
        }
        let classes = self.classifications.iter_mut().flat_map(|c| &mut c.classes);
        for class in classes {
            class.when.resolve(slot_of);
        }
    }
}
