//! Fired rules' points turned into ranked patterns and causes, and the suggestions that fit
//! them and are not held back.

use super::advice;
use super::program::Program;
use super::program::masks::{self, TargetSuggestions};
use super::scored::{Rank, Scored};
#[cfg(test)]
use super::scores;
use super::tops::share;
use crate::questionnaire::{Questionnaire, Target};
use crate::scoring::assessment::Likelihood;

/// Ranks patterns and causes into `s.patterns` and `s.causes`, and keeps every target's
/// level in `s.levels` (patterns first, then causes: the index's numbering).
pub(super) fn settle(p: &Program, s: &mut Scored) {
    if let Some(tops) = p.tables.as_ref().and_then(|t| t.tops.as_ref()) {
        return super::whole_points::settle(p, tops, s);
    }
    let q = p.q;
    s.raised = None;
    // Each target's points, added up in rule order as the result lists the rules, from
    // the same start as `Iterator::sum`: only the fired rules are visited.
    s.points.clear();
    s.points.resize(
        q.patterns.len() + q.causes.len(),
        std::iter::empty::<f64>().sum(),
    );
    let (points, m) = (&mut s.points, &p.rule_masks);
    masks::each(&s.fired_bits, &m.points, |r| {
        let feed = m.feeds[r as usize];
        points[feed.target as usize] += feed.points;
        if feed.more.0 != feed.more.1 {
            for &(target, given) in &m.more[feed.more.0 as usize..feed.more.1 as usize] {
                points[target as usize] += given;
            }
        }
    });
    s.levels.clear();
    let (patterns, causes) = s.points.split_at(q.patterns.len());
    rank(
        &mut s.patterns,
        &mut s.levels,
        &mut s.order,
        &q.patterns,
        patterns,
        &q.index.pattern_max,
    );
    rank(
        &mut s.causes,
        &mut s.levels,
        &mut s.order,
        &q.causes,
        causes,
        &q.index.cause_max,
    );
}

/// Ranks `targets`, given their points and the most points each can get.
fn rank(
    ranked: &mut Vec<Rank>,
    levels: &mut Vec<Likelihood>,
    order: &mut Vec<u64>,
    targets: &[Target],
    points: &[f64],
    max: &[f64],
) {
    // Level first: a pattern the answers fit ranks above one with a larger share of a
    // smaller total; ties keep the questionnaire's order (as a stable sort would). As one
    // number per target, sorted: level, share, then the index counted down. Most targets
    // of most records have neither a level nor a share: those rank last, in index order,
    // so only the others are sorted. They are kept at the front of `order`, the rest from
    // the back (so in reverse), in the same pass that works out the levels.
    let first = levels.len();
    let count = targets.len().min(points.len()).min(max.len());
    // Every place is written below: only a change of size needs one.
    if order.len() != count {
        order.clear();
        order.resize(count, 0);
    }
    let (mut front, mut back) = (0, count);
    levels.extend((targets.iter().zip(points).zip(max).enumerate()).map(
        |(index, ((t, &points), &max))| {
            let level = advice::likelihood(points, t.likely_at, t.at_most);
            let top = u64::from(level as u8) << 8 | u64::from(share(points, max));
            let key = top << 32 | u64::from(u32::MAX - index as u32);
            if top == 0 {
                back -= 1;
                order[back] = key;
            } else {
                order[front] = key;
                front += 1;
            }
            level
        },
    ));
    let (sorted, rest) = order.split_at_mut(front);
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    ranked.clear();
    let rank = |&key: &u64| {
        let index = u32::MAX - key as u32;
        Rank {
            index,
            score: (key >> 32) as u8,
            level: levels[first + index as usize],
            points: points[index as usize],
        }
    };
    ranked.extend(sorted.iter().map(rank));
    ranked.extend(rest.iter().rev().map(rank));
}

/// Sets `s.suggestions`: for every possible or likely target, and those rules name, in file
/// order, unless held back; none at a level that withholds self-care.
pub(super) fn suggest(p: &Program, s: &mut Scored) {
    let q = p.q;
    s.suggestions.clear();
    if s.level.withholds_self_care() {
        return;
    }
    let masks = &p.rule_masks;
    if let (Some(targets), Some(by_rule)) = (&masks.suggestion_targets, &masks.rule_suggestions) {
        let (mut held, mut named) = (0, 0);
        masks::each(&s.fired_bits, &masks.suggest, |r| {
            let (withhold, suggest) = by_rule[r as usize];
            held |= withhold;
            named |= suggest;
        });
        let levels = Levels {
            all: &s.levels,
            raised: s.raised,
        };
        shown_by_masks(targets, levels, held, named, &mut s.suggestions);
        return;
    }
    let count = q.suggestions.len();
    s.held.clear();
    s.held.resize(count, false);
    s.named.clear();
    s.named.resize(count, false);
    for r in masks::both(&s.fired_bits, &p.rule_masks.suggest) {
        for &n in &q.index.rule_withhold[r as usize] {
            s.held[n] = true;
        }
        for &n in &q.index.rule_suggest[r as usize] {
            s.named[n] = true;
        }
    }
    shown_by_lists(q, &s.levels, &s.held, &s.named, &mut s.suggestions);
}

/// The targets' levels, by target, and those above unlikely as bits when ranking knows them.
#[derive(Clone, Copy)]
struct Levels<'a> {
    all: &'a [Likelihood],
    raised: Option<u64>,
}

/// The suggestions shown, given the targets' levels and which are held back or named by a
/// rule, as bits (see `RuleMasks::suggestion_targets` and `RuleMasks::rule_suggestions`):
/// one pass over the targets gathers the suggestions they hold back and those they answer.
fn shown_by_masks(
    t: &TargetSuggestions,
    levels: Levels,
    held: u64,
    named: u64,
    shown: &mut Vec<u32>,
) {
    let (mut unless, mut fits) = (0, 0);
    match levels.raised {
        // An unlikely target answers none and holds none back (no suggestion is held back
        // from unlikely up): only the few targets above it are visited.
        Some(mut raised) if t.reached[Likelihood::Unlikely as usize] == 0 => {
            while raised != 0 {
                let n = raised.trailing_zeros() as usize;
                raised &= raised - 1;
                if let (Some(&(holds_back, answers)), Some(&level)) =
                    (t.by_target.get(n), levels.all.get(n))
                {
                    unless |= holds_back & t.reached[level as usize];
                    fits |= answers;
                }
            }
        }
        _ => {
            for (&(holds_back, answers), &level) in t.by_target.iter().zip(levels.all) {
                unless |= holds_back & t.reached[level as usize];
                fits |= answers & 0u64.wrapping_sub(u64::from(level > Likelihood::Unlikely));
            }
        }
    }
    let mut bits = (t.always | named | fits) & !(held | unless);
    while bits != 0 {
        shown.push(bits.trailing_zeros());
        bits &= bits - 1;
    }
}

/// [`shown_by_masks`] for any number of suggestions, walking each suggestion's lists.
fn shown_by_lists(
    q: &Questionnaire,
    levels: &[Likelihood],
    held: &[bool],
    named: &[bool],
    shown: &mut Vec<u32>,
) {
    for (n, suggestion) in q.suggestions.iter().enumerate() {
        if held[n] || advice::contradicted(q, n, levels) {
            continue;
        }
        if suggestion.always || named[n] || targets(q, n, levels).next().is_some() {
            shown.push(n as u32);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn target(likely_at: f64, at_most: Option<Likelihood>) -> Target {
        Target {
            id: String::new(),
            label: String::new(),
            text: String::new(),
            evidence: String::new(),
            likely_at,
            at_most,
        }
    }

    /// Ranking as a stable sort with the libm rounding: what `rank` must give.
    fn sorted(targets: &[Target], points: &[f64], max: &[f64]) -> Vec<Rank> {
        let mut ranked: Vec<Rank> = (targets.iter().zip(points).zip(max).enumerate())
            .map(|(index, ((t, &points), &max))| {
                let share = if max > 0.0 {
                    (points.clamp(0.0, max) / max * 100.0).round()
                } else {
                    0.0
                };
                Rank {
                    index: index as u32,
                    score: share as u8,
                    level: advice::likelihood(points, t.likely_at, t.at_most),
                    points,
                }
            })
            .collect();
        ranked.sort_by(|a, b| b.level.cmp(&a.level).then(b.score.cmp(&a.score)));
        ranked
    }

    #[test]
    fn suggestions_by_masks_are_those_by_lists() {
        let q = crate::testing::embedded();
        let p = Program::new(&q);
        let rows = p.rule_masks.suggestion_targets.as_ref().unwrap();
        let (targets, count) = (q.patterns.len() + q.causes.len(), q.suggestions.len());
        let mut rng = crate::testing::Rng(0x2545_f491_4f6c_dd1d);
        let mut next = |n: u64| rng.next() % n;
        let all = [
            Likelihood::Unlikely,
            Likelihood::Possible,
            Likelihood::Likely,
        ];
        for _ in 0..5_000 {
            // Mostly unlikely, as in real records, so that both outcomes are common.
            let levels: Vec<Likelihood> = (0..targets)
                .map(|_| all[(next(5).max(2) - 2) as usize])
                .collect();
            let held: Vec<bool> = (0..count).map(|_| next(6) == 0).collect();
            let named: Vec<bool> = (0..count).map(|_| next(6) == 0).collect();
            let (mut by_masks, mut by_lists) = (Vec::new(), Vec::new());
            let bits =
                |on: &[bool]| (on.iter().enumerate()).fold(0, |m, (n, &b)| m | u64::from(b) << n);
            shown_by_lists(&q, &levels, &held, &named, &mut by_lists);
            // With and without the targets above unlikely as bits.
            let raised = (levels.iter().enumerate())
                .filter(|&(_, &level)| level > Likelihood::Unlikely)
                .fold(0u64, |m, (t, _)| m | 1 << t);
            for raised in [None, Some(raised)] {
                by_masks.clear();
                let all = Levels {
                    all: &levels,
                    raised,
                };
                shown_by_masks(rows, all, bits(&held), bits(&named), &mut by_masks);
                assert_eq!(by_masks, by_lists, "{levels:?}");
            }
        }
    }

    #[test]
    fn share_rounds_as_round_half_away() {
        let mut rng = crate::testing::Rng(0x9e37_79b9_7f4a_7c15);
        for n in 0..200_000u64 {
            let x = rng.next();
            let max = (x % 997) as f64 / 7.0;
            let points = match n % 4 {
                0 => (x >> 20) as f64 / (1u64 << 44) as f64 * max * 1.2 - 0.1,
                1 => max * (n % 201) as f64 / 200.0,
                2 => (x >> 32 & 0xfff) as f64 / 8.0,
                _ => f64::NAN,
            };
            let want = if max > 0.0 && (points > 0.0 || points.is_nan()) {
                scores::round_half_away(points.clamp(0.0, max) / max * 100.0) as u8
            } else {
                0
            };
            assert_eq!(share(points, max), want, "{points} {max}");
        }
    }

    #[test]
    fn inserting_in_place_ranks_as_a_stable_sort() {
        let mut rng = crate::testing::Rng(0x9e37_79b9_7f4a_7c15);
        let mut next = |n: u64| rng.next() % n;
        let caps = [None, Some(Likelihood::Unlikely), Some(Likelihood::Possible)];
        let (mut ranked, mut levels, mut order) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..20_000 {
            let count = next(14) as usize;
            let targets: Vec<Target> = (0..count)
                .map(|_| target(next(8) as f64, caps[next(3) as usize]))
                .collect();
            // Few distinct values, so ties are common; some negative, some past the most.
            let points: Vec<f64> = (0..count).map(|_| next(12) as f64 / 2.0 - 1.0).collect();
            let max: Vec<f64> = (0..count).map(|_| next(7) as f64 * 1.5).collect();
            levels.clear();
            rank(
                &mut ranked,
                &mut levels,
                &mut order,
                &targets,
                &points,
                &max,
            );
            assert_eq!(
                ranked,
                sorted(&targets, &points, &max),
                "{points:?} {max:?}"
            );
            let by_index: Vec<Likelihood> = (0..count)
                .map(|n| ranked.iter().find(|r| r.index == n as u32).unwrap().level)
                .collect();
            assert_eq!(levels, by_index);
        }
    }
}
