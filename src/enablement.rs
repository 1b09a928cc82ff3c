//! Which questions are asked given the answers so far. A disabled item counts as unanswered
//! everywhere, so an item that depends on it is disabled in turn.

use std::collections::{HashMap, HashSet};

use crate::answers::{Answers, Value};
use crate::condition::{Facts, Subject};
use crate::questionnaire::Questionnaire;

pub struct Enablement<'q> {
    pub enabled: HashSet<&'q str>,
    /// The given answers of enabled items only.
    pub answers: Answers,
}

struct Partial<'a> {
    q: &'a Questionnaire,
    answers: &'a Answers,
}

impl Facts for Partial<'_> {
    fn answer(&self, item: &str) -> Option<&Value> {
        self.answers.get(item)
    }

    fn score(&self, id: &str) -> Option<f64> {
        let score = self.q.score(id)?;
        let values: Vec<f64> = score
            .items
            .iter()
            .filter_map(|i| Some(self.answers.get(i)?.weight(self.q.item(i)?)))
            .collect();
        (!values.is_empty()).then(|| values.iter().sum())
    }
}

impl<'q> Enablement<'q> {
    pub fn of(q: &'q Questionnaire, given: &Answers) -> Enablement<'q> {
        let mut state = State {
            q,
            given,
            memo: HashMap::new(),
            answers: Answers::new(),
        };
        for id in q.item_ids() {
            state.resolve(id);
        }
        let enabled = state
            .memo
            .iter()
            .filter(|(_, on)| **on)
            .map(|(id, _)| *id)
            .collect();
        Enablement {
            enabled,
            answers: state.answers,
        }
    }

    pub fn is_enabled(&self, id: &str) -> bool {
        self.enabled.contains(id)
    }
}

struct State<'q, 'g> {
    q: &'q Questionnaire,
    given: &'g Answers,
    /// `false` is written before an item's dependencies are resolved, so a cycle (which
    /// validation rejects anyway) ends as "disabled" instead of recursing forever.
    memo: HashMap<&'q str, bool>,
    answers: Answers,
}

impl State<'_, '_> {
    fn resolve(&mut self, id: &str) -> bool {
        let Some(item) = self.q.item(id) else {
            return false;
        };
        if let Some(&on) = self.memo.get(item.id.as_str()) {
            return on;
        }
        self.memo.insert(&item.id, false);
        let on = match &item.enable_when {
            None => true,
            Some(cond) => {
                let mut subjects = Vec::new();
                cond.subjects(&mut subjects);
                for subject in subjects {
                    match subject {
                        Subject::Item(dep) => {
                            self.resolve(&dep);
                        }
                        Subject::Score(s) => {
                            let items = self
                                .q
                                .score(&s)
                                .map(|s| s.items.clone())
                                .unwrap_or_default();
                            for dep in items {
                                self.resolve(&dep);
                            }
                        }
                    }
                }
                cond.holds(&Partial {
                    q: self.q,
                    answers: &self.answers,
                })
            }
        };
        self.memo.insert(&item.id, on);
        if on {
            if let Some(value) = self.given.get(&item.id) {
                self.answers.insert(item.id.clone(), value.clone());
            }
        }
        on
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
            .map(|(k, v)| ((*k).to_string(), Value::Code((*v).to_string())))
            .collect()
    }

    #[test]
    fn disabling_cascades_through_forward_references() {
        let q = parse(&small_questionnaire("t", BODY), "t.yaml").unwrap();
        let all = answers(&[("a", "yes"), ("b", "yes"), ("c", "yes")]);
        let e = Enablement::of(&q, &all);
        assert!(e.is_enabled("c"));
        assert_eq!(e.answers.len(), 3);

        // `a = no` disables `b`, so `b`'s answer no longer counts and `c` is disabled too.
        let e = Enablement::of(&q, &answers(&[("a", "no"), ("b", "yes"), ("c", "yes")]));
        assert!(!e.is_enabled("b"));
        assert!(!e.is_enabled("c"));
        assert_eq!(e.answers, answers(&[("a", "no")]));
    }
}
