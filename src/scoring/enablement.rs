//! Which questions are asked given the answers so far. A disabled item counts as unanswered
//! everywhere, so an item that depends on it is disabled in turn. Works on slots: answers are
//! indexed by item position, and conditions are compiled over them.

use super::program::{Facts, Program, Scores};
use super::sheet::{Answer, Sheet};
use crate::questionnaire::{Answers, Questionnaire, Value};

/// Sets `enabled` and `answers` (the given answers of enabled items only), by slot, and
/// returns how many items are not asked. With the tables' gates, `off` is set to the slots
/// turned off (and left empty otherwise).
pub fn settle(
    p: &Program,
    given: &Sheet,
    enabled: &mut Vec<bool>,
    answers: &mut Vec<Answer>,
    off: &mut Vec<u32>,
) -> usize {
    let count = p.items.len();
    enabled.clear();
    answers.clear();
    off.clear();
    if p.enable_in_order {
        // Each condition reads only items settled before it, so it sees the same answers
        // whether the items after it are filled in yet or not: fill them all, then settle
        // the items that have a condition.
        enabled.resize(count, true);
        answers.extend_from_slice(&given.answers);
        if let Some(gates) = p.tables.as_ref().and_then(|t| t.gates.as_ref()) {
            return gates.settle(p, &given.bits, enabled, answers, off);
        }
        for &slot in &p.enable_steps {
            if let Some(root) = p.enable[slot] {
                let facts = Facts {
                    answers: &answers[..],
                    bits: &given.bits,
                    scores: Scores::FromAnswers,
                };
                if !p.root_holds(root, &facts) {
                    enabled[slot] = false;
                    answers[slot] = Answer::None;
                }
            }
        }
        return not_asked(enabled);
    }
    enabled.resize(count, false);
    answers.resize(count, Answer::None);
    // Dependencies come first in this order, so each condition sees final answers.
    for &slot in &p.q.index.enable_order {
        let on = p.enable[slot].is_none_or(|root| {
            let facts = Facts {
                answers,
                bits: &given.bits,
                scores: Scores::FromAnswers,
            };
            p.holds(root.node, &facts)
        });
        enabled[slot] = on;
        if on {
            answers[slot] = given.answers[slot];
        }
    }
    not_asked(enabled)
}

/// How many items are not asked.
fn not_asked(enabled: &[bool]) -> usize {
    enabled.iter().filter(|&&on| !on).count()
}

/// Which items are asked, for the interview: by slot, and the given answers that count.
pub struct Enablement<'a> {
    /// By slot.
    pub enabled: Vec<bool>,
    /// The given answers of enabled items only, by slot.
    pub answers: Vec<Option<&'a Value>>,
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
        let p = Program::new(q);
        let sheet = Sheet::of_values(&p, given);
        let mut enabled = Vec::new();
        settle(&p, &sheet, &mut enabled, &mut Vec::new(), &mut Vec::new());
        let answers = (given.iter().zip(&enabled))
            .map(|(value, &on)| value.filter(|_| on))
            .collect();
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
