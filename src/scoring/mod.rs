//! The rule scorer: answers in, an [`Assessment`] out. Pure: no I/O, no terminal. Works on
//! slots (answers indexed by item position), so scoring a record looks nothing up by name.

pub mod assessment;
pub mod enablement;

use std::borrow::Cow;
use std::rc::Rc;

use crate::questionnaire::condition::{Facts, Subject};
use crate::questionnaire::triage::Level;
use crate::questionnaire::{Answers, Value};
use crate::questionnaire::{Questionnaire, Target};
use assessment::{
    AnswerList, Assessment, Because, Fact, Likelihood, Names, Ranked, RedFlag, ScoreResult,
    ShownSuggestion,
};
use enablement::{Enablement, SlotFacts};

pub fn score<'a>(q: &'a Questionnaire, given: &'a Answers) -> Assessment<'a> {
    score_slots(q, &enablement::slots(q, given))
}

/// Scores answers given by slot (see [`enablement::slots`]).
pub fn score_slots<'a>(q: &'a Questionnaire, given: &[Option<&'a Value>]) -> Assessment<'a> {
    let enablement = Enablement::of(q, given);
    let answers = &enablement.answers;
    let score_values: Vec<Option<f64>> = (0..q.scores.len())
        .map(|n| enablement::score_value(q, n, answers))
        .collect();
    let facts = SlotFacts {
        q,
        answers,
        scores: Some(&score_values),
    };

    let mut fired = Vec::with_capacity(q.rules.len());
    fired.extend((0..q.rules.len()).filter(|&r| q.rules[r].when.holds(&facts)));
    // What made each fired rule fire: the answers (and scores) its condition read, sorted by
    // id without repeats, all in one pool.
    let mut pool: Vec<(&'a str, Fact<'a>)> = Vec::with_capacity(fired.len() * 2 + given.len());
    let mut ranges = Vec::with_capacity(fired.len());
    let mut leaves = Vec::with_capacity(8);
    for &r in &fired {
        leaves.clear();
        q.rules[r].when.because(&facts, &mut leaves);
        let start = pool.len();
        pool.extend(leaves.iter().filter_map(|leaf| {
            let fact = match leaf.subject {
                Subject::Item(_) => Fact::Answer(answers.get(leaf.slot).copied().flatten()?),
                Subject::Score(_) => Fact::Number(facts.score(leaf)?),
            };
            Some((leaf.subject.id(), fact))
        }));
        pool[start..].sort_by(|a, b| a.0.cmp(b.0));
        let mut kept = start;
        for i in start..pool.len() {
            if kept == start || pool[i].0 != pool[kept - 1].0 {
                pool.swap(kept, i);
                kept += 1;
            }
        }
        pool.truncate(kept);
        ranges.push(start..kept);
    }
    // The answers the result rests on share the pool: one allocation for every list.
    let by_id = &q.index.by_id;
    let start = pool.len();
    pool.extend(
        by_id
            .iter()
            .filter_map(|&slot| Some((q.item_at(slot).id.as_str(), Fact::Answer(answers[slot]?)))),
    );
    let answers_range = start..pool.len();
    let pool = Rc::new(pool);
    let reasons_of: Vec<AnswerList<'a>> = ranges
        .into_iter()
        .map(|range| AnswerList::part_of(&pool, range))
        .collect();

    let mut level = Level::SelfCare;
    let mut reasons: Vec<Cow<'a, str>> = Vec::new();
    let mut red_flags = Vec::new();
    for (n, &r) in fired.iter().enumerate() {
        let rule = &q.rules[r];
        if let Some(raised) = rule.triage {
            level = level.max(raised);
            let message = rule.message.as_deref().unwrap_or_default();
            reasons.push(Cow::Borrowed(message));
            red_flags.push(RedFlag {
                rule_index: r,
                id: &rule.id,
                level: raised,
                message,
                evidence: rule.evidence.as_deref(),
                because: reasons_of[n].clone(),
            });
        }
    }
    red_flags.sort_by_key(|f| std::cmp::Reverse(f.level));
    let stopped = fired.iter().any(|&r| q.rules[r].stop);

    let mut unanswered: Vec<&'a str> = Vec::with_capacity(q.item_count());
    let mut unanswered_red_flags: Vec<&'a str> = Vec::new();
    for (slot, answer) in answers.iter().enumerate() {
        if enablement.enabled[slot] && answer.is_none() {
            let item = q.item_at(slot);
            unanswered.push(&item.id);
            if item.red_flag.is_some() {
                unanswered_red_flags.push(&item.id);
            }
        }
    }
    let screening_complete = unanswered_red_flags.is_empty();
    if !screening_complete {
        // Never under-triage: a safety question left open can never give plain self-care.
        level = level.max(Level::SeeClinician);
        reasons.push(Cow::Owned(format!(
            "{} safety question{} not answered, so serious causes were not ruled out",
            unanswered_red_flags.len(),
            if unanswered_red_flags.len() == 1 {
                " was"
            } else {
                "s were"
            }
        )));
    }

    let advice_rule = advice::advice_rule(q, &fired, level);
    let text = advice_rule
        .and_then(|r| q.rules[r].advice.as_ref())
        .unwrap_or(&q.triage[&level]);
    let ranking = Ranking {
        q,
        fired: &fired,
        reasons: &reasons_of,
        assessed: !stopped,
    };
    let patterns = ranking.rank(&q.patterns, &q.index.pattern_rules, &q.index.pattern_max);
    let causes = ranking.rank(&q.causes, &q.index.cause_rules, &q.index.cause_max);
    let suggestions = if level.withholds_self_care() {
        Vec::new()
    } else {
        suggest(q, &fired, &patterns, &causes)
    };

    let scores = q
        .scores
        .iter()
        .zip(&score_values)
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
        .collect();

    let ignored = by_id
        .iter()
        .filter(|&&slot| given[slot].is_some() && answers[slot].is_none())
        .map(|&slot| q.item_at(slot).id.as_str())
        .collect();
    Assessment {
        level,
        title: &text.title,
        action: &text.action,
        advice_rule,
        screening_complete,
        reasons,
        red_flags,
        patterns,
        causes,
        suggestions,
        scores,
        unanswered,
        unanswered_red_flags,
        stopped,
        answers: AnswerList::part_of(&pool, answers_range),
        ignored,
    }
}

/// Turns fired rules' points into ranked patterns or causes.
struct Ranking<'r, 'a> {
    q: &'a Questionnaire,
    fired: &'r [usize],
    reasons: &'r [AnswerList<'a>],
    assessed: bool,
}

impl<'a> Ranking<'_, 'a> {
    /// Ranks `targets`, given the rules that feed each one (in rule order) and the most
    /// points they can get.
    fn rank(
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
fn suggest<'a>(
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

mod advice;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod properties;
