//! The rule scorer: answers in, an [`Assessment`] out. Pure: no I/O, no terminal. The
//! questionnaire is compiled once into a [`Program`] over answer slots, and every answer set
//! is scored by it into a [`Scored`] of positions and numbers; an [`Assessment`] is that
//! result with its words and explanations, for the reports. `dgs score` writes straight from
//! the [`Scored`], so one scorer decides every output.

pub mod assessment;
pub mod enablement;
pub mod program;
pub mod scored;
pub mod scores;
pub mod sheet;

mod advice;
mod ranking;
mod reasons;
mod steps;
mod tops;
mod triage;
mod whole_points;

use crate::questionnaire::{Answers, Questionnaire, Score, Value};
use assessment::{Assessment, RedFlag, ScoreResult, Unscored};
pub use program::Program;
pub use ranking::{target_id, targets};
pub use scored::{Rank, Scored};
pub use sheet::{Answer, Sheet};
pub use triage::open_message;

/// The text of a level a questionnaire left out; never used for a validated questionnaire.
static NO_TEXT: crate::questionnaire::LevelText = crate::questionnaire::LevelText {
    title: String::new(),
    action: String::new(),
};

pub fn score<'a>(q: &'a Questionnaire, given: &'a Answers) -> Assessment<'a> {
    score_slots(q, &enablement::slots(q, given))
}

/// Scores checked answers given by slot (see [`enablement::slots`]).
pub fn score_slots<'a>(q: &'a Questionnaire, given: &[Option<&'a Value>]) -> Assessment<'a> {
    let p = Program::new(q);
    let sheet = Sheet::of_values(&p, given);
    let mut s = Scored::default();
    s.score(&p, &sheet);
    assessment(&p, &sheet, &s, given)
}

/// The assessment a scored record reads as: its words, and why each rule fired.
fn assessment<'a>(
    p: &Program<'a>,
    sheet: &Sheet,
    s: &Scored,
    given: &[Option<&'a Value>],
) -> Assessment<'a> {
    let q = p.q;
    let reasons = reasons::gather(p, s, sheet, given);
    // Validation makes sure every level a result can reach has its text.
    let text = (s.advice_rule)
        .and_then(|r| q.rules[r].advice.as_ref())
        .or_else(|| q.triage.get(&s.level))
        .unwrap_or(&NO_TEXT);
    let flag = |&r: &u32| {
        let rule = &q.rules[r as usize];
        RedFlag {
            rule_index: r as usize,
            id: &rule.id,
            level: rule.triage.unwrap_or(s.level),
            message: rule.message.as_deref().unwrap_or_default(),
            evidence: rule.evidence.as_deref(),
            because: reasons.of_rule(s, r),
        }
    };
    let id = |slot: usize| q.item_at(slot).id.as_str();
    Assessment {
        level: s.level,
        title: &text.title,
        action: &text.action,
        advice_rule: s.advice_rule,
        screening_complete: s.screening_complete(),
        reasons: triage::reasons(q, s),
        red_flags: s.red_flags.iter().map(flag).collect(),
        thresholds: s.thresholds.iter().map(flag).collect(),
        patterns: reasons.ranked(s, &s.patterns, false),
        causes: reasons.ranked(s, &s.causes, true),
        suggestions: reasons.suggestions(s),
        scores: score_results(q, &s.scores.values),
        unscored: unscored(q, &s.scores),
        classifications: reasons.classify(s, sheet),
        unanswered: s.unanswered().map(id).collect(),
        unanswered_red_flags: (s.open_red_flags.iter())
            .map(|&slot| id(slot as usize))
            .collect(),
        stopped: s.stopped,
        answers: reasons.answers.clone(),
        ignored: (q.index.by_id.iter())
            .filter(|&&slot| {
                given.get(slot).is_some_and(Option::is_some) && !s.answers[slot].is_some()
            })
            .map(|&slot| id(slot))
            .collect(),
    }
}

/// The band a score's value falls in: the first whose `max` is at least the value.
pub fn band(s: &Score, value: f64) -> Option<&str> {
    (s.bands.iter())
        .find(|b| b.max.is_none_or(|m| value <= m))
        .map(|b| b.label.as_str())
}

/// Each score that has a value, with its band.
fn score_results<'a>(q: &'a Questionnaire, values: &[Option<f64>]) -> Vec<ScoreResult<'a>> {
    (q.scores.iter().zip(values).enumerate())
        .filter_map(|(index, (s, value))| {
            let value = (*value)?;
            Some(ScoreResult {
                index,
                id: &s.id,
                label: &s.label,
                value,
                band: band(s, value),
            })
        })
        .collect()
}

/// Scores with a minimum-answered rule that too few answers met: listed as having no value,
/// rather than left out as a score with nothing answered is.
fn unscored<'a>(q: &'a Questionnaire, computed: &scores::Computed) -> Vec<Unscored<'a>> {
    (q.scores.iter().enumerate())
        .filter_map(|(n, s)| {
            let needed = s.min_answered?;
            computed.values[n].is_none().then_some(Unscored {
                id: &s.id,
                label: &s.label,
                answered: computed.answered[n],
                needed,
            })
        })
        .collect()
}

/// Whether score `n` is one too few answers left without a value.
pub fn is_unscored(q: &Questionnaire, computed: &scores::Computed, n: usize) -> bool {
    q.scores[n].min_answered.is_some() && computed.values[n].is_none()
}

#[cfg(test)]
mod tests;

#[cfg(test)]
pub(crate) mod properties;

#[cfg(test)]
mod score_properties;

#[cfg(test)]
mod instrument_tests;
