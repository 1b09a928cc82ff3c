//! The rule scorer: answers in, an [`Assessment`] out. Pure: no I/O, no terminal. Works on
//! slots (answers indexed by item position), so scoring a record looks nothing up by name.

pub mod assessment;
pub mod enablement;

mod advice;
mod ranking;
mod reasons;
pub mod scores;
mod triage;

use crate::questionnaire::{Answers, Questionnaire, Value};
use assessment::{Assessment, ScoreResult, Unscored};
use enablement::{Enablement, SlotFacts};
use ranking::Ranking;

/// The text of a level a questionnaire left out; never used for a validated questionnaire.
static NO_TEXT: crate::questionnaire::LevelText = crate::questionnaire::LevelText {
    title: String::new(),
    action: String::new(),
};

pub fn score<'a>(q: &'a Questionnaire, given: &'a Answers) -> Assessment<'a> {
    score_slots(q, &enablement::slots(q, given))
}

/// Scores answers given by slot (see [`enablement::slots`]), in named steps: which rules
/// fire and why, the triage level (never under-triaged), ranked patterns and causes, the
/// suggestions that fit, and the scores.
pub fn score_slots<'a>(q: &'a Questionnaire, given: &[Option<&'a Value>]) -> Assessment<'a> {
    let enablement = Enablement::of(q, given);
    let answers = &enablement.answers;
    let computed = scores::compute(q, answers);
    let score_values = &computed.values;
    let facts = SlotFacts {
        q,
        answers,
        scores: Some(score_values),
    };

    let mut fired = Vec::with_capacity(q.rules.len());
    fired.extend((0..q.rules.len()).filter(|&r| q.rules[r].when.holds(&facts)));
    let reasons = reasons::gather(q, &facts, &fired, given.len());
    let mut triage = triage::from_rules(q, &fired, &reasons.of_rule);
    let open = triage::unanswered(q, &enablement);
    triage.never_under_triage(&open.red_flags);

    let advice_rule = advice::advice_rule(q, &fired, triage.level);
    // Validation makes sure every level a result can reach has its text.
    let text = advice_rule
        .and_then(|r| q.rules[r].advice.as_ref())
        .or_else(|| q.triage.get(&triage.level))
        .unwrap_or(&NO_TEXT);
    let ranking = Ranking {
        q,
        fired: &fired,
        reasons: &reasons.of_rule,
        assessed: !triage.stopped,
    };
    let patterns = ranking.rank(&q.patterns, &q.index.pattern_rules, &q.index.pattern_max);
    let causes = ranking.rank(&q.causes, &q.index.cause_rules, &q.index.cause_max);
    let suggestions = if triage.level.withholds_self_care() {
        Vec::new()
    } else {
        ranking::suggest(q, &fired, &patterns, &causes)
    };
    let ignored = q
        .index
        .by_id
        .iter()
        .filter(|&&slot| given[slot].is_some() && answers[slot].is_none())
        .map(|&slot| q.item_at(slot).id.as_str())
        .collect();
    Assessment {
        level: triage.level,
        title: &text.title,
        action: &text.action,
        advice_rule,
        screening_complete: open.red_flags.is_empty(),
        reasons: triage.reasons,
        red_flags: triage.red_flags,
        thresholds: triage.thresholds,
        patterns,
        causes,
        suggestions,
        scores: score_results(q, score_values),
        unscored: unscored(q, &computed),
        classifications: reasons::classify(q, &facts),
        unanswered: open.items,
        unanswered_red_flags: open.red_flags,
        stopped: triage.stopped,
        answers: reasons.answers,
        ignored,
    }
}

/// Each score that has a value, with its band.
fn score_results<'a>(q: &'a Questionnaire, values: &[Option<f64>]) -> Vec<ScoreResult<'a>> {
    q.scores
        .iter()
        .zip(values)
        .enumerate()
        .filter_map(|(index, (s, value))| {
            let value = (*value)?;
            let band = s
                .bands
                .iter()
                .find(|b| b.max.is_none_or(|m| value <= m))
                .map(|b| b.label.as_str());
            Some(ScoreResult {
                index,
                id: &s.id,
                label: &s.label,
                value,
                band,
            })
        })
        .collect()
}

/// Scores with a minimum-answered rule that too few answers met: listed as having no value,
/// rather than left out as a score with nothing answered is.
fn unscored<'a>(q: &'a Questionnaire, computed: &scores::Computed) -> Vec<Unscored<'a>> {
    q.scores
        .iter()
        .enumerate()
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

#[cfg(test)]
mod tests;

#[cfg(test)]
mod properties;

#[cfg(test)]
mod score_properties;

#[cfg(test)]
mod instrument_tests;
