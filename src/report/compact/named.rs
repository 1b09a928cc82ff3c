//! What a rule's explanation can name, when its condition has no `any` (outside a `not`):
//! then no branch has to hold for a leaf to be named, and the explanation is every leaf
//! whose subject is known, by subject id without repeats (as
//! [`Program::because_scored`](crate::scoring::Program::because_scored) names them). Most
//! rules are like that, and writing their explanations again from this list costs a fraction
//! of walking the condition for every one that changed.

use std::collections::HashMap;

use crate::questionnaire::Questionnaire;
use crate::questionnaire::condition::{Condition, Subject};
use crate::scoring::Scored;

/// A leaf an explanation can name: its subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Named {
    pub score: bool,
    /// The item's slot, or the score's index.
    pub slot: usize,
    /// The subject's id, numbered: leaves with one id are named once.
    id: u32,
}

/// By rule: its leaves in the order an explanation lists them, for the rules with no `any`.
pub(super) struct Plain {
    rules: Vec<Option<Vec<Named>>>,
}

impl Plain {
    pub fn new(q: &Questionnaire) -> Plain {
        let mut ids = HashMap::new();
        let rules = (q.rules.iter())
            .map(|rule| {
                if !without_gates(&rule.when, false) {
                    return None;
                }
                let mut found = Vec::new();
                leaves(q, &rule.when, &mut found);
                // Stable, as the explanation's own sort: the first of a repeated id is kept.
                found.sort_by_key(|(id, _)| *id);
                let named = (found.into_iter())
                    .map(|(id, (score, slot))| {
                        let n = ids.len() as u32;
                        let id = *ids.entry(id).or_insert(n);
                        Named { score, slot, id }
                    })
                    .collect();
                Some(named)
            })
            .collect();
        Plain { rules }
    }

    /// Rule `rule`'s leaves, when its condition has no `any`.
    pub fn of(&self, rule: usize) -> Option<&[Named]> {
        self.rules[rule].as_deref()
    }
}

/// Calls `each` with the leaves of `leaves` that an explanation names in record `s`, in order.
pub(super) fn named(s: &Scored, leaves: &[Named], mut each: impl FnMut(Named)) {
    let mut last = None;
    for &leaf in leaves {
        let known = if leaf.score {
            s.scores.values[leaf.slot].is_some()
        } else {
            s.answers[leaf.slot].is_some()
        };
        if last == Some(leaf.id) || !known {
            continue;
        }
        last = Some(leaf.id);
        each(leaf);
    }
}

/// Whether no `any` outside a `not` sits in `c`: under a `not` every known leaf is named.
fn without_gates(c: &Condition, under_not: bool) -> bool {
    match c {
        Condition::All(cs) => cs.iter().all(|c| without_gates(c, under_not)),
        Condition::Any(cs) => under_not && cs.iter().all(|c| without_gates(c, true)),
        Condition::Not(c) => without_gates(c, true),
        Condition::Leaf(_) => true,
    }
}

/// The leaves of `c` on subjects the questionnaire has, in order, with their ids.
fn leaves<'q>(q: &Questionnaire, c: &'q Condition, out: &mut Vec<(&'q str, (bool, usize))>) {
    match c {
        Condition::All(cs) | Condition::Any(cs) => {
            for c in cs {
                leaves(q, c, out);
            }
        }
        Condition::Not(c) => leaves(q, c, out),
        Condition::Leaf(leaf) => {
            let (score, id, count) = match &leaf.subject {
                Subject::Item(id) => (false, id, q.items().count()),
                Subject::Score(id) => (true, id, q.scores.len()),
            };
            // A leaf on a subject the questionnaire does not have is never named.
            if leaf.slot < count {
                out.push((id.as_str(), (score, leaf.slot)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::Program;
    use crate::testing::{answers, generated_answer_sets, scored};

    /// For every rule without gates that fires, the leaves named are those the condition's
    /// own explanation names, in the same order.
    #[test]
    fn names_what_the_explanation_names() {
        for shipped in crate::questionnaire::shipped::SHIPPED {
            let q = crate::questionnaire::parse(shipped.text, shipped.origin).unwrap();
            let p = Program::for_many(&q);
            let plain = Plain::new(&q);
            let mut checked = 0;
            for set in generated_answer_sets(&q, 300) {
                let flags: Vec<&str> = set.iter().map(String::as_str).collect();
                let (sheet, s) = scored(&p, &answers(&q, &flags));
                for &r in &s.fired {
                    let Some(leaves) = plain.of(r as usize) else {
                        continue;
                    };
                    let (mut fast, mut slow) = (Vec::new(), Vec::new());
                    named(&s, leaves, |leaf| fast.push((leaf.score, leaf.slot)));
                    p.because_scored(p.rules[r as usize], &s, &sheet, |leaf| {
                        slow.push((leaf.score, leaf.slot));
                    });
                    assert_eq!(fast, slow, "{}", q.rules[r as usize].id);
                    checked += 1;
                }
            }
            assert!(checked > 0 || q.rules.is_empty(), "{}", shipped.name);
        }
    }

    #[test]
    fn an_any_outside_a_not_has_gates() {
        let q = crate::testing::embedded();
        let plain = Plain::new(&q);
        for (n, rule) in q.rules.iter().enumerate() {
            let json = format!("{:?}", rule.when);
            if !json.contains("Any") {
                assert!(plain.of(n).is_some(), "{}", rule.id);
            }
        }
        assert!((0..q.rules.len()).any(|n| plain.of(n).is_none()));
    }
}
