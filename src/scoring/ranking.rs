//! Fired rules' points turned into ranked patterns and causes, and the suggestions that fit
//! them and are not held back.

use super::advice;
use super::program::Program;
use super::scored::{Rank, Scored};
use crate::questionnaire::{Questionnaire, Target};
use crate::scoring::assessment::Likelihood;

/// Ranks patterns and causes into `s.patterns` and `s.causes`, and keeps every target's
/// level in `s.levels` (patterns first, then causes: the index's numbering).
pub(super) fn settle(p: &Program, s: &mut Scored) {
    let q = p.q;
    // Each target's points, added up in rule order as the result lists the rules, from
    // the same start as `Iterator::sum`: only the fired rules are visited.
    s.points.clear();
    s.points.resize(
        q.patterns.len() + q.causes.len(),
        std::iter::empty::<f64>().sum(),
    );
    for &r in &s.fired {
        for &(target, points) in &p.rule_points[r as usize] {
            s.points[target as usize] += points;
        }
    }
    s.levels.clear();
    let (patterns, causes) = s.points.split_at(q.patterns.len());
    rank(
        &mut s.patterns,
        &mut s.levels,
        &q.patterns,
        patterns,
        &q.index.pattern_max,
    );
    rank(
        &mut s.causes,
        &mut s.levels,
        &q.causes,
        causes,
        &q.index.cause_max,
    );
}

/// Ranks `targets`, given their points and the most points each can get.
fn rank(
    ranked: &mut Vec<Rank>,
    levels: &mut Vec<Likelihood>,
    targets: &[Target],
    points: &[f64],
    max: &[f64],
) {
    ranked.clear();
    for (index, ((t, &points), &max)) in targets.iter().zip(points).zip(max).enumerate() {
        let share = if max > 0.0 {
            (points.clamp(0.0, max) / max * 100.0).round()
        } else {
            0.0
        };
        let level = advice::likelihood(points, t.likely_at, t.at_most);
        levels.push(level);
        ranked.push(Rank {
            index: index as u32,
            score: share as u8,
            level,
            points,
        });
    }
    // Level first: a pattern the answers fit ranks above one with a larger share of a
    // smaller total. Stable sort: ties keep the questionnaire's order.
    ranked.sort_by(|a, b| b.level.cmp(&a.level).then(b.score.cmp(&a.score)));
}

/// Sets `s.suggestions`: for every possible or likely target, and those rules name, in file
/// order, unless held back; none at a level that withholds self-care.
pub(super) fn suggest(q: &Questionnaire, s: &mut Scored) {
    s.suggestions.clear();
    if s.level.withholds_self_care() {
        return;
    }
    let count = q.suggestions.len();
    s.held.clear();
    s.held.resize(count, false);
    s.named.clear();
    s.named.resize(count, false);
    for &r in &s.fired {
        for &n in &q.index.rule_withhold[r as usize] {
            s.held[n] = true;
        }
        for &n in &q.index.rule_suggest[r as usize] {
            s.named[n] = true;
        }
    }
    for (n, suggestion) in q.suggestions.iter().enumerate() {
        if s.held[n] || advice::contradicted(q, n, &s.levels) {
            continue;
        }
        if suggestion.always || s.named[n] || targets(q, n, &s.levels).next().is_some() {
            s.suggestions.push(n as u32);
        }
    }
}

/// The targets of suggestion `n` that are possible or likely (the index's numbering).
pub fn targets<'l>(
    q: &'l Questionnaire,
    n: usize,
    levels: &'l [Likelihood],
) -> impl Iterator<Item = usize> + 'l {
    (q.index.suggestion_for[n].iter())
        .copied()
        .filter(|&t| levels[t] > Likelihood::Unlikely)
}

/// The id of target `n` (patterns first, then causes).
pub fn target_id(q: &Questionnaire, n: usize) -> &str {
    if n < q.patterns.len() {
        &q.patterns[n].id
    } else {
        &q.causes[n - q.patterns.len()].id
    }
}
