//! Scores and classifications as written: what a score reads, how it combines, how it is
//! rounded, its bands; and a classification's labelled conditions.

use serde::Deserialize;

use super::condition::Condition;
use super::formula::Formula;

/// A named outcome: the first class whose condition holds (a risk group: low, medium or
/// high), or none when none holds (too few answers).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Classification {
    pub id: String,
    pub label: String,
    pub classes: Vec<Class>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Class {
    pub id: String,
    pub label: String,
    pub when: Condition,
}

/// A computed number: an aggregate over items (each item's contribution is its option
/// weights for choices, 1 for `yes`, the value for numbers) or a formula over items and other
/// scores. Its value is rounded to `decimals` once computed, and that value is what
/// conditions, bands, other scores and reports see.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Score {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub items: Vec<String>,
    #[serde(default)]
    pub method: Method,
    /// Arithmetic over items and scores, instead of `items` and `method`.
    #[serde(default)]
    pub formula: Option<Formula>,
    /// The score has a value only when at least this many of its items are answered.
    #[serde(default)]
    pub min_answered: Option<usize>,
    /// A `sum` over fewer than all its items is scaled up by items ÷ answered.
    #[serde(default)]
    pub prorate: bool,
    /// Decimal places the value is rounded to (half away from zero).
    #[serde(default = "default_decimals")]
    pub decimals: u32,
    #[serde(default)]
    pub bands: Vec<Band>,
    /// A working value for rules (e.g. the highest total a partly answered form allows): in
    /// the data outputs, left off the text and Markdown reports a person reads.
    #[serde(default)]
    pub hidden: bool,
}

/// How a score's items combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The answered items' contributions added; no value when none is answered.
    #[default]
    Sum,
    /// Their sum divided by how many are answered; no value when none is.
    Mean,
    /// How many are answered (0 when none is).
    Count,
}

impl Method {
    /// The name as written in a questionnaire.
    pub fn name(self) -> &'static str {
        match self {
            Method::Sum => "sum",
            Method::Mean => "mean",
            Method::Count => "count",
        }
    }
}

/// Enough to make sums of decimal weights (0.1 + 0.2) exact to what anyone writes, and to
/// leave sums of whole weights as they are.
pub const DEFAULT_DECIMALS: u32 = 6;

/// The most decimal places a score may declare: beyond this a double has no exact digits left.
pub const MAX_DECIMALS: u32 = 10;

fn default_decimals() -> u32 {
    DEFAULT_DECIMALS
}

/// Bands are checked in order; the first whose `max` is at least the value (or that has no
/// `max`) names the band.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    #[serde(default)]
    pub max: Option<f64>,
    pub label: String,
}
