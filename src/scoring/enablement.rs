//! Which questions are asked given the answers so far. A disabled item counts as unanswered
//! everywhere, so an item that depends on it is disabled in turn. Works on slots: answers are
//! indexed by item position, and conditions carry resolved positions.

use crate::questionnaire::Questionnaire;
use crate::questionnaire::condition::{Facts, Leaf};
use crate::questionnaire::{Answers, Value};

pub struct Enablement<'a> {
    /// By slot.
    pub enabled: Vec<bool>,
    /// The given answers of enabled items only, by slot.
    pub answers: Vec<Option<&'a Value>>,
}

/// Answers (by slot) and scores as conditions see them. Without precomputed scores, a score
/// is summed from the answers when a condition asks for it.
pub struct SlotFacts<'s, 'a> {
    pub q: &'s Questionnaire,
    pub answers: &'s [Option<&'a Value>],
    pub scores: Option<&'s [Option<f64>]>,
}

impl Facts for SlotFacts<'_, '_> {
    fn answer(&self, leaf: &Leaf) -> Option<&Value> {
        self.answers.get(leaf.slot).copied().flatten()
    }

    fn option_weight(&self, leaf: &Leaf, code: &str) -> Option<f64> {
        if leaf.slot >= self.q.item_count() {
            return None;
        }
        self.q
            .item_at(leaf.slot)
            .option(code)
            .and_then(|o| o.weight)
    }

    fn score(&self, leaf: &Leaf) -> Option<f64> {
        match self.scores {
            Some(scores) => scores.get(leaf.slot).copied().flatten(),
            None => super::scores::one(self.q, leaf.slot, self.answers),
        }
    }
}

/// Answers by slot; ids the questionnaire does not have are left out (they were reported
/// when the answers were checked).
pub fn slots<'a>(q: &Questionnaire, answers: &'a Answers) -> Vec<Option<&'a Value>> {
    let mut slots = vec![None; q.item_count()];
    for (id, value) in answers {
        if let Some(slot) = q.slot(id) {
            slots[slot] = Some(value);
        }
    }
    slots
}

impl<'a> Enablement<'a> {
    pub fn of(q: &Questionnaire, given: &[Option<&'a Value>]) -> Enablement<'a> {
        let count = q.item_count();
        let mut enabled = vec![false; count];
        let mut answers = vec![None; count];
        // Dependencies come first in this order, so each condition sees final answers.
        for &slot in &q.index.enable_order {
            let on = match &q.item_at(slot).enable_when {
                None => true,
                Some(cond) => cond.holds(&SlotFacts {
                    q,
                    answers: &answers,
                    scores: None,
                }),
            };
            enabled[slot] = on;
            if on {
                answers[slot] = given[slot];
            }
        }
        Enablement { enabled, answers }
    }

    pub fn is_enabled(&self, q: &Questionnaire, id: &str) -> bool {
        q.slot(id).is_some_and(|slot| self.enabled[slot])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::parse;
    use crate::testing::small_questionnaire;

    const BODY: &str = r"sections:
  - id: s
    title: S
    items:
      - id: c
        type: yes_no
        text: C?
        enable_when: {q: b, op: '=', value: 'yes'}
      - id: a
        type: yes_no
        text: A?
      - id: b
        type: yes_no
        text: B?
        enable_when: {q: a, op: '=', value: 'yes'}
";

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), Value::Code((*v).to_string().into())))
            .collect()
    }

    fn enabled_answers(q: &Questionnaire, e: &Enablement) -> Vec<String> {
        q.item_ids()
            .filter(|id| e.answers[q.slot(id).unwrap()].is_some())
            .map(String::from)
            .collect()
    }

    #[test]
    fn disabling_cascades_through_forward_references() {
        let q = parse(&small_questionnaire("t", BODY), "t.yaml").unwrap();
        let all = answers(&[("a", "yes"), ("b", "yes"), ("c", "yes")]);
        let e = Enablement::of(&q, &slots(&q, &all));
        assert!(e.is_enabled(&q, "c"));
        assert_eq!(enabled_answers(&q, &e), ["c", "a", "b"]);

        // `a = no` disables `b`, so `b`'s answer no longer counts and `c` is disabled too.
        let given = answers(&[("a", "no"), ("b", "yes"), ("c", "yes")]);
        let e = Enablement::of(&q, &slots(&q, &given));
        assert!(!e.is_enabled(&q, "b"));
        assert!(!e.is_enabled(&q, "c"));
        assert_eq!(enabled_answers(&q, &e), ["a"]);
    }
}
