//! The typed rows the store takes and gives back: a diary entry is `entries::Entry`; these are
//! the saved assessments and their per-target scores.

use serde::Serialize;

use crate::questionnaire::triage::Level;
use crate::scoring::assessment::{Assessment, Likelihood};

/// What a saved score is the score of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    Pattern,
    Cause,
}

impl TargetKind {
    pub const ALL: [TargetKind; 2] = [TargetKind::Pattern, TargetKind::Cause];

    /// The name stored in the `kind` column (and checked by its `CHECK`).
    pub fn name(self) -> &'static str {
        match self {
            TargetKind::Pattern => "pattern",
            TargetKind::Cause => "cause",
        }
    }
}

const LIKELIHOODS: [Likelihood; 3] = [
    Likelihood::Unlikely,
    Likelihood::Possible,
    Likelihood::Likely,
];

/// One pattern's or cause's score in a saved assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetScore {
    pub kind: TargetKind,
    /// The pattern's or cause's id.
    pub target: String,
    /// 0–100: a share of the points rules can give it.
    pub score: i64,
    pub level: Likelihood,
}

/// A saved assessment, as history and insights read it back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SavedAssessment {
    pub id: i64,
    pub at: String,
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    pub level: Level,
    pub screening_complete: bool,
    pub scores: Vec<TargetScore>,
}

/// An assessment to save: the scored result, with the questionnaire it came from and, for the
/// `answers` and `result` columns, its answers and whole result as JSON text (what `export`
/// gives back).
#[derive(Debug)]
pub struct NewAssessment<'a> {
    pub questionnaire_id: &'a str,
    pub questionnaire_version: &'a str,
    pub assessment: &'a Assessment<'a>,
    pub answers_json: String,
    pub result_json: String,
}

impl NewAssessment<'_> {
    /// Every pattern and cause score, as rows.
    pub fn scores(&self) -> impl Iterator<Item = TargetScore> + '_ {
        let a = self.assessment;
        let kinds = [
            (TargetKind::Pattern, &a.patterns),
            (TargetKind::Cause, &a.causes),
        ];
        kinds.into_iter().flat_map(|(kind, ranked)| {
            ranked.iter().map(move |r| TargetScore {
                kind,
                target: r.id.to_string(),
                score: i64::from(r.score),
                level: r.level,
            })
        })
    }
}

/// Reads a stored name back into its enum; a name this build does not know means the file was
/// damaged or written by something else.
fn named<T: Copy>(
    column: usize,
    text: &str,
    all: &[T],
    name: fn(T) -> &'static str,
) -> rusqlite::Result<T> {
    all.iter()
        .copied()
        .find(|v| name(*v) == text)
        .ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                column,
                rusqlite::types::Type::Text,
                format!("unknown value `{}`", crate::words::printable(text)).into(),
            )
        })
}

pub fn level(column: usize, text: &str) -> rusqlite::Result<Level> {
    named(column, text, &Level::ALL, Level::name)
}

pub fn kind(column: usize, text: &str) -> rusqlite::Result<TargetKind> {
    named(column, text, &TargetKind::ALL, TargetKind::name)
}

pub fn likelihood(column: usize, text: &str) -> rusqlite::Result<Likelihood> {
    named(column, text, &LIKELIHOODS, Likelihood::name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_read_back() {
        for l in Level::ALL {
            assert_eq!(level(0, l.name()).unwrap(), l);
        }
        for k in TargetKind::ALL {
            assert_eq!(kind(0, k.name()).unwrap(), k);
            assert_eq!(
                serde_json::to_value(k).unwrap().as_str(),
                Some(k.name()),
                "serde and the column agree"
            );
        }
        for l in LIKELIHOODS {
            assert_eq!(likelihood(0, l.name()).unwrap(), l);
        }
        assert!(level(4, "panic").is_err());
    }
}
