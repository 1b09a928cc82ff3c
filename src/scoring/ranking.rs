//! Fired rules' points turned into ranked patterns and causes, and the suggestions that fit
//! them and are not held back.

use std::rc::Rc;

use super::advice;
use crate::questionnaire::{Questionnaire, Target};
use crate::scoring::assessment::{AnswerList, Because, Likelihood, Names, Ranked, ShownSuggestion};

/// Turns fired rules' points into ranked patterns or causes.
pub(super) struct Ranking<'r, 'a> {
    pub q: &'a Questionnaire,
    pub fired: &'r [usize],
    pub reasons: &'r [AnswerList<'a>],
    pub assessed: bool,
}

impl<'a> Ranking<'_, 'a> {
    /// Ranks `targets`, given the rules that feed each one (in rule order) and the most
    /// points they can get.
    pub(super) fn rank(
        &self,
        targets: &'a [Target],
        target_rules: &[Vec<(usize, f64)>],
        max: &[f64],
    ) -> Vec<Ranked<'a>> {
        let because = target_rules.iter().map(|rules| {
            // Most targets get nothing: collecting an empty list allocates nothing.
            rules
                .iter()
                .filter_map(|&(r, points)| {
                    let n = self.fired.binary_search(&r).ok()?;
                    let rule = &self.q.rules[r];
                    Some(Because {
                        rule_index: r,
                        rule: &rule.id,
                        points,
                        answers: self.reasons[n].clone(),
                        explain: rule.explain.as_deref(),
                    })
                })
                .collect::<Vec<_>>()
        });
        let mut ranked: Vec<Ranked<'a>> = targets
            .iter()
            .zip(because)
            .zip(max)
            .enumerate()
            .map(|(index, ((t, because), &max))| {
                let points: f64 = because.iter().map(|b| b.points).sum();
                let share = if max > 0.0 {
                    (points.clamp(0.0, max) / max * 100.0).round()
                } else {
                    0.0
                };
                let level = advice::likelihood(points, t.likely_at, t.at_most);
                Ranked {
                    index,
                    id: &t.id,
                    label: &t.label,
                    score: share as u8,
                    level,
                    evidence: &t.evidence,
                    points,
                    text: &t.text,
                    because,
                    assessed: self.assessed,
                }
            })
            .collect();
        // Level first: a pattern the answers fit ranks above one with a larger share of a
        // smaller total. Stable sort: ties keep the questionnaire's order.
        ranked.sort_by(|a, b| b.level.cmp(&a.level).then(b.score.cmp(&a.score)));
        ranked
    }
}

/// Suggestions for every possible or likely target, and those rules name, in file order.
pub(super) fn suggest<'a>(
    q: &'a Questionnaire,
    fired: &[usize],
    patterns: &[Ranked<'a>],
    causes: &[Ranked<'a>],
) -> Vec<ShownSuggestion<'a>> {
    // Levels by target number: patterns first, then causes (the index's numbering).
    let mut levels = vec![Likelihood::Unlikely; q.patterns.len() + q.causes.len()];
    for r in patterns {
        levels[r.index] = r.level;
    }
    for r in causes {
        levels[q.patterns.len() + r.index] = r.level;
    }
    let held = advice::withheld(q, fired);
    let mut named = vec![false; q.suggestions.len()];
    for &r in fired {
        for &s in &q.index.rule_suggest[r] {
            named[s] = true;
        }
    }
    let target_id = |n: usize| -> &'a str {
        if n < q.patterns.len() {
            &q.patterns[n].id
        } else {
            &q.causes[n - q.patterns.len()].id
        }
    };
    // Each shown suggestion's targets, as a range of one list shared by all of them.
    let mut target_ids = Vec::with_capacity(q.index.suggestion_for.iter().map(Vec::len).sum());
    let mut shown = Vec::with_capacity(q.suggestions.len());
    for (n, s) in q.suggestions.iter().enumerate() {
        if held[n] || advice::contradicted(q, n, &levels) {
            continue;
        }
        let start = target_ids.len();
        target_ids.extend(
            q.index.suggestion_for[n]
                .iter()
                .filter(|&&t| levels[t] > Likelihood::Unlikely)
                .map(|&t| target_id(t)),
        );
        if s.always || named[n] || target_ids.len() > start {
            shown.push((n, start..target_ids.len()));
        }
    }
    let target_ids = Rc::new(target_ids);
    shown
        .into_iter()
        .map(|(n, range)| {
            let s = &q.suggestions[n];
            ShownSuggestion {
                index: n,
                id: &s.id,
                text: &s.text,
                targets: Names::part_of(&target_ids, range),
                evidence: &s.evidence,
            }
        })
        .collect()
}
