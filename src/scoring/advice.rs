//! What the result tells the person beyond the level: a rule's own advice in place of the
//! level's text, and the suggestions that competing patterns hold back.

use crate::questionnaire::Questionnaire;
use crate::questionnaire::triage::Level;
use crate::scoring::assessment::Likelihood;

/// The first fired rule, in file order, that sets `level` and carries `advice`. A level
/// reached only through unanswered safety questions keeps the level's own text. `fired`
/// may leave out rules that set no level.
pub(super) fn advice_rule(
    q: &Questionnaire,
    fired: impl IntoIterator<Item = u32>,
    level: Level,
) -> Option<usize> {
    fired.into_iter().map(|r| r as usize).find(|&r| {
        let rule = &q.rules[r];
        rule.triage == Some(level) && rule.advice.is_some()
    })
}

/// Whether suggestion `n` is held back by one of its `unless` patterns, given every
/// target's level (patterns first, the index's numbering).
pub(super) fn contradicted(q: &Questionnaire, n: usize, levels: &[Likelihood]) -> bool {
    let at = q.suggestions[n].unless_at;
    q.index.suggestion_unless[n]
        .iter()
        .any(|&p| levels[p] >= at)
}

/// A target's level from its points, capped by its `at_most`.
pub(super) fn likelihood(points: f64, likely_at: f64, at_most: Option<Likelihood>) -> Likelihood {
    let level = if points >= likely_at {
        Likelihood::Likely
    } else if points > 0.0 {
        Likelihood::Possible
    } else {
        Likelihood::Unlikely
    };
    at_most.map_or(level, |cap| level.min(cap))
}
