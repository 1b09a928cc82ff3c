//! Why each fired rule fired — the answers and scores its condition read — and the answers
//! the whole result rests on, all in one shared pool: one allocation for every list.

use std::rc::Rc;

use crate::questionnaire::Questionnaire;
use crate::questionnaire::condition::{Condition, Facts, Subject};
use crate::scoring::assessment::{AnswerList, Classified, Fact};
use crate::scoring::enablement::SlotFacts;

pub(super) struct Reasons<'a> {
    /// By fired rule (in firing order): what made it fire, sorted by id without repeats.
    pub of_rule: Vec<AnswerList<'a>>,
    /// Every answer given and enabled, sorted by id.
    pub answers: AnswerList<'a>,
}

pub(super) fn gather<'a>(
    q: &'a Questionnaire,
    facts: &SlotFacts<'_, 'a>,
    fired: &[usize],
    given: usize,
) -> Reasons<'a> {
    let answers = facts.answers;
    let mut pool: Vec<(&'a str, Fact<'a>)> = Vec::with_capacity(fired.len() * 2 + given);
    let mut ranges = Vec::with_capacity(fired.len());
    let mut leaves = Vec::with_capacity(8);
    for &r in fired {
        ranges.push(push_because(
            &mut pool,
            &mut leaves,
            &q.rules[r].when,
            facts,
        ));
    }
    let start = pool.len();
    pool.extend(
        q.index
            .by_id
            .iter()
            .filter_map(|&slot| Some((q.item_at(slot).id.as_str(), Fact::Answer(answers[slot]?)))),
    );
    let answers_range = start..pool.len();
    let pool = Rc::new(pool);
    Reasons {
        of_rule: ranges
            .into_iter()
            .map(|range| AnswerList::part_of(&pool, range))
            .collect(),
        answers: AnswerList::part_of(&pool, answers_range),
    }
}

/// What a holding condition read, sorted by id without repeats, appended to `pool`; returns
/// its range there.
fn push_because<'a>(
    pool: &mut Vec<(&'a str, Fact<'a>)>,
    leaves: &mut Vec<&'a crate::questionnaire::condition::Leaf>,
    cond: &'a Condition,
    facts: &SlotFacts<'_, 'a>,
) -> std::ops::Range<usize> {
    leaves.clear();
    cond.because(facts, leaves);
    let start = pool.len();
    pool.extend(leaves.iter().filter_map(|leaf| {
        let fact = match leaf.subject {
            Subject::Item(_) => Fact::Answer(facts.answers.get(leaf.slot).copied().flatten()?),
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
    start..kept
}

/// Each classification's first holding class and what its condition read.
pub(super) fn classify<'a>(q: &'a Questionnaire, facts: &SlotFacts<'_, 'a>) -> Vec<Classified<'a>> {
    if q.classifications.is_empty() {
        return Vec::new();
    }
    let mut pool = Vec::new();
    let mut leaves = Vec::new();
    let mut found = Vec::with_capacity(q.classifications.len());
    for c in &q.classifications {
        let class = c.classes.iter().find(|class| class.when.holds(facts));
        let range = match class {
            Some(class) => push_because(&mut pool, &mut leaves, &class.when, facts),
            None => pool.len()..pool.len(),
        };
        found.push((class, range));
    }
    let pool = Rc::new(pool);
    q.classifications
        .iter()
        .zip(found)
        .enumerate()
        .map(|(index, (c, (class, range)))| Classified {
            index,
            id: &c.id,
            label: &c.label,
            class: class.map(|k| k.id.as_str()),
            class_label: class.map(|k| k.label.as_str()),
            because: AnswerList::part_of(&pool, range),
        })
        .collect()
}
