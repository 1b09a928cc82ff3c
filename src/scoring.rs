//! The rule scorer: answers in, an [`Assessment`] out. Pure: no I/O, no terminal.

use std::collections::{BTreeMap, HashMap};

use crate::answers::{Answers, Value};
use crate::assessment::{
    Assessment, Because, Likelihood, Ranked, RedFlag, ScoreResult, ShownSuggestion,
};
use crate::condition::{Facts, Subject};
use crate::enablement::Enablement;
use crate::questionnaire::{Questionnaire, Target};
use crate::triage::Level;

/// Answers and scores as rule conditions see them.
pub struct Known<'a> {
    answers: &'a Answers,
    scores: HashMap<String, f64>,
}

impl Facts for Known<'_> {
    fn answer(&self, item: &str) -> Option<&Value> {
        self.answers.get(item)
    }
    fn score(&self, id: &str) -> Option<f64> {
        self.scores.get(id).copied()
    }
}

pub fn score(q: &Questionnaire, given: &Answers) -> Assessment {
    let enablement = Enablement::of(q, given);
    let answers = enablement.answers;
    let scores = compute_scores(q, &answers);
    let known = Known {
        answers: &answers,
        scores: scores.iter().map(|s| (s.id.clone(), s.value)).collect(),
    };

    let fired: Vec<_> = q.rules.iter().filter(|r| r.when.holds(&known)).collect();
    let because_of = |rule: &crate::questionnaire::Rule| {
        let mut subjects = Vec::new();
        rule.when.because(&known, &mut subjects);
        subjects
            .into_iter()
            .filter_map(|s| match s {
                Subject::Item(id) => answers.get(&id).map(|v| (id, v.clone())),
                Subject::Score(id) => known.score(&id).map(|v| (id, Value::Num(v))),
            })
            .collect::<BTreeMap<_, _>>()
    };

    let mut level = Level::SelfCare;
    let mut reasons = Vec::new();
    let mut red_flags = Vec::new();
    for rule in &fired {
        if let Some(raised) = rule.triage {
            level = level.max(raised);
            let message = rule.message.clone().unwrap_or_default();
            reasons.push(message.clone());
            red_flags.push(RedFlag {
                id: rule.id.clone(),
                level: raised,
                message,
                because: because_of(rule),
            });
        }
    }
    red_flags.sort_by_key(|f| std::cmp::Reverse(f.level));
    let stopped = fired.iter().any(|r| r.stop);

    let unanswered: Vec<String> = q
        .items()
        .filter(|i| enablement.enabled.contains(i.id.as_str()) && !answers.contains_key(&i.id))
        .map(|i| i.id.clone())
        .collect();
    let unanswered_red_flags: Vec<String> = unanswered
        .iter()
        .filter(|id| q.item(id).is_some_and(|i| i.red_flag.is_some()))
        .cloned()
        .collect();
    let screening_complete = unanswered_red_flags.is_empty();
    if !screening_complete {
        // Never under-triage: a safety question left open can never give plain self-care.
        level = level.max(Level::SeeClinician);
        reasons.push(format!(
            "{} safety question{} not answered, so serious causes were not ruled out",
            unanswered_red_flags.len(),
            if unanswered_red_flags.len() == 1 {
                " was"
            } else {
                "s were"
            }
        ));
    }

    let rank = |targets: &[Target],
                pick: fn(&crate::questionnaire::Rule) -> &BTreeMap<String, f64>| {
        let mut ranked: Vec<Ranked> = targets
            .iter()
            .map(|t| {
                let max: f64 = q
                    .rules
                    .iter()
                    .filter_map(|r| pick(r).get(&t.id))
                    .filter(|p| **p > 0.0)
                    .sum();
                let because: Vec<Because> = fired
                    .iter()
                    .filter_map(|r| {
                        pick(r).get(&t.id).map(|&points| Because {
                            rule: r.id.clone(),
                            points,
                            answers: because_of(r),
                            explain: r.explain.clone(),
                        })
                    })
                    .collect();
                let points: f64 = because.iter().map(|b| b.points).sum();
                let share = if max > 0.0 {
                    (points.clamp(0.0, max) / max * 100.0).round()
                } else {
                    0.0
                };
                let level = if points >= t.likely_at {
                    Likelihood::Likely
                } else if points > 0.0 {
                    Likelihood::Possible
                } else {
                    Likelihood::Unlikely
                };
                Ranked {
                    id: t.id.clone(),
                    label: t.label.clone(),
                    score: share as u8,
                    level,
                    evidence: t.evidence.clone(),
                    points,
                    text: t.text.clone(),
                    because,
                }
            })
            .collect();
        // Stable sort: ties keep the questionnaire's order, so output is deterministic.
        ranked.sort_by(|a, b| b.score.cmp(&a.score).then(b.level.cmp(&a.level)));
        ranked
    };
    let patterns = rank(&q.patterns, |r| &r.patterns);
    let causes = rank(&q.causes, |r| &r.causes);

    let suggestions = if level.withholds_self_care() {
        Vec::new()
    } else {
        suggest(q, &fired, &patterns, &causes)
    };

    let ignored = given
        .keys()
        .filter(|id| !answers.contains_key(*id))
        .cloned()
        .collect();
    Assessment {
        level,
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
        answers,
        ignored,
    }
}

fn compute_scores(q: &Questionnaire, answers: &Answers) -> Vec<ScoreResult> {
    q.scores
        .iter()
        .filter_map(|s| {
            let values: Vec<f64> = s
                .items
                .iter()
                .filter_map(|id| Some(answers.get(id)?.weight(q.item(id)?)))
                .collect();
            if values.is_empty() {
                return None;
            }
            let value: f64 = values.iter().sum();
            let band = s
                .bands
                .iter()
                .find(|b| b.max.is_none_or(|m| value <= m))
                .map(|b| b.label.clone());
            Some(ScoreResult {
                id: s.id.clone(),
                label: s.label.clone(),
                value,
                band,
            })
        })
        .collect()
}

/// Suggestions for every possible or likely target, and those rules name, in file order.
fn suggest(
    q: &Questionnaire,
    fired: &[&crate::questionnaire::Rule],
    patterns: &[Ranked],
    causes: &[Ranked],
) -> Vec<ShownSuggestion> {
    let level_of = |id: &str| {
        patterns
            .iter()
            .chain(causes)
            .find(|r| r.id == id)
            .map_or(Likelihood::Unlikely, |r| r.level)
    };
    q.suggestions
        .iter()
        .filter(|s| !s.unless.iter().any(|p| level_of(p) == Likelihood::Likely))
        .filter_map(|s| {
            let targets: Vec<String> = s
                .targets
                .iter()
                .filter(|t| level_of(t) > Likelihood::Unlikely)
                .cloned()
                .collect();
            let named = fired.iter().any(|r| r.suggest.contains(&s.id));
            (s.always || named || !targets.is_empty()).then(|| ShownSuggestion {
                id: s.id.clone(),
                text: s.text.clone(),
                targets,
                evidence: s.evidence.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
