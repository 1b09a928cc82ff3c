//! The compiled conditions against the model's evaluator, which defines them: over every
//! shipped questionnaire and one that uses every operator on every kind of item (unvalidated,
//! so mismatched operands are in it too), on thousands of generated answer sets, partly
//! answered ones included, each condition's outcome and explanation must agree.

use std::fmt::Write as _;

use super::*;
use crate::document;
use crate::questionnaire::condition::{self, Condition, Leaf};
use crate::questionnaire::shipped::SHIPPED;
use crate::questionnaire::{Definition, Value, parse};
use crate::scoring::sheet::Sheet;
use crate::testing::Rng;
use crate::testing::value_for;

/// Every operator on every kind of item and on a score, with operands of every kind.
pub(super) const EVERY_OPERATOR: &str = r#"format: dgs-questionnaire/1
id: ops
version: "1"
title: T
disclaimer: D
triage:
  self_care: {title: C, action: c}
sections:
  - id: s
    title: S
    items:
      - {id: yn, type: yes_no, text: Y, not_sure: true}
      - id: sc
        type: single_choice
        text: S
        options: [{value: a, label: A, weight: 0}, {value: b, label: B, weight: 1}, {value: c, label: C, weight: 2}, {value: d, label: D}]
      - id: mc
        type: multiple_choice
        text: M
        options: [{value: x, label: X, weight: 1}, {value: y, label: Y}, {value: z, label: Z, weight: 0.5}, {value: none, label: N, exclusive: true}]
      - {id: int, type: integer, text: I, min: 0, max: 10}
      - {id: num, type: number, text: N, min: 0, max: 5}
      - {id: late, type: yes_no, text: L, enable_when: {any: [{q: yn, op: '=', value: 'yes'}, {score: total, op: '>', value: 3}]}}
scores:
  - {id: total, label: Total, items: [sc, int]}
  - {id: ratio, label: Ratio, formula: total / int}
"#;

const OPERANDS: &[&str] = &[
    "'yes'",
    "'no'",
    "not_sure",
    "a",
    "b",
    "x",
    "none",
    "'zz'",
    "0",
    "1",
    "2",
    "3.5",
    "7",
    "true",
    "false",
    "[a, c]",
    "[x, 'yes']",
    "[1, 7, 2.5]",
    "[]",
];
const OPS: &[&str] = &[
    "'='", "'!='", "'<'", "'<='", "'>'", "'>='", "in", "contains", "answered",
];
const SUBJECTS: &[&str] = &[
    "q: yn",
    "q: sc",
    "q: mc",
    "q: int",
    "q: num",
    "q: late",
    "q: gone",
    "score: total",
    "score: ratio",
    "score: gone",
];

/// The questionnaire above with a rule for every subject, operator and operand, and rules
/// nesting them.
pub(super) fn every_operator() -> Questionnaire {
    let mut text = EVERY_OPERATOR.to_string() + "rules:\n";
    let mut leaves = Vec::new();
    for subject in SUBJECTS {
        for op in OPS {
            for operand in OPERANDS {
                leaves.push(format!("{{{subject}, op: {op}, value: {operand}}}"));
            }
        }
    }
    for (n, leaf) in leaves.iter().enumerate() {
        let _ = writeln!(text, "  - {{id: r{n}, when: {leaf}}}");
        // Nested: the leaf with two others, in every combinator.
        let (a, b) = (
            &leaves[(n * 7 + 3) % leaves.len()],
            &leaves[(n * 13 + 5) % leaves.len()],
        );
        let _ = writeln!(
            text,
            "  - {{id: n{n}, when: {{any: [{{all: [{leaf}, {a}]}}, {{not: {b}}}, {{any: [{a}, {leaf}]}}]}}}}"
        );
        // Shapes that are masks over one word: `all` of leaves and `any`s, `any` of leaves,
        // `any` of leaves and `all`s.
        if n % 4 == 0 {
            let _ = writeln!(
                text,
                "  - {{id: m{n}, when: {{all: [{leaf}, {{any: [{a}, {b}]}}, {{any: [{b}]}}]}}}}\n  \
                 - {{id: o{n}, when: {{any: [{leaf}, {b}]}}}}\n  \
                 - {{id: t{n}, when: {{any: [{{all: [{leaf}, {a}]}}, {b}, {{all: [{b}]}}]}}}}"
            );
        }
    }
    // An `any` of more leaves than a word holds: walked as a tree.
    let wide = leaves
        .iter()
        .step_by(9)
        .take(70)
        .cloned()
        .collect::<Vec<_>>();
    let _ = writeln!(
        text,
        "  - {{id: wide, when: {{any: [{}]}}}}",
        wide.join(", ")
    );
    let definition: Definition = document::from_yaml(&text, "ops.yaml").expect("parses");
    Questionnaire::new(definition)
}

/// Answers and scores as the model's evaluator reads them.
struct Model<'a> {
    q: &'a Questionnaire,
    answers: &'a [Option<Value>],
    scores: &'a [Option<f64>],
}

impl condition::Facts for Model<'_> {
    fn answer(&self, leaf: &Leaf) -> Option<&Value> {
        self.answers.get(leaf.slot)?.as_ref()
    }
    fn score(&self, leaf: &Leaf) -> Option<f64> {
        self.scores.get(leaf.slot).copied().flatten()
    }
    fn option_weight(&self, leaf: &Leaf, code: &str) -> Option<f64> {
        (leaf.slot < self.q.item_count())
            .then(|| self.q.item_at(leaf.slot).option(code)?.weight)
            .flatten()
    }
}

/// What the model names as the reason a holding condition held: the ids of its known
/// leaves, sorted, without repeats.
fn model_because(c: &Condition, facts: &Model) -> Vec<String> {
    let mut leaves = Vec::new();
    c.because(facts, &mut leaves);
    let mut ids: Vec<&str> = leaves
        .iter()
        .filter(|leaf| match leaf.subject {
            condition::Subject::Item(_) => condition::Facts::answer(facts, leaf).is_some(),
            condition::Subject::Score(_) => condition::Facts::score(facts, leaf).is_some(),
        })
        .map(|leaf| leaf.subject.id())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter().map(String::from).collect()
}

/// Checks every condition of `q` on `sets` generated answer sets.
fn agrees(q: &Questionnaire, sets: usize) {
    let p = Program::for_many(q);
    let t = p.tables.as_ref().unwrap();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut conditions: Vec<(&Condition, Root)> = Vec::new();
    for (slot, root) in p.enable.iter().enumerate() {
        if let (Some(root), Some(c)) = (root, &q.item_at(slot).enable_when) {
            conditions.push((c, *root));
        }
    }
    conditions.extend(q.rules.iter().map(|r| &r.when).zip(p.rules.iter().copied()));
    for (c, roots) in q.classifications.iter().zip(&p.classes) {
        conditions.extend(c.classes.iter().map(|k| &k.when).zip(roots.iter().copied()));
    }
    let mut flats: Vec<(&Condition, Flat)> = Vec::new();
    flats.extend(
        q.rules
            .iter()
            .map(|r| &r.when)
            .zip(t.rule_flats.iter().copied()),
    );
    for (c, class_flats) in q.classifications.iter().zip(&t.class_flats) {
        flats.extend(
            c.classes
                .iter()
                .map(|k| &k.when)
                .zip(class_flats.iter().copied()),
        );
    }
    for set in 0..sets {
        // From nothing answered to everything, and back.
        let answered = (set % 11) as u64;
        let values: Vec<Option<Value>> = q
            .items()
            .map(|item| (rng.next() % 10 < answered).then(|| value_for(item, rng.next())))
            .collect();
        let slots: Vec<Option<&Value>> = values.iter().map(Option::as_ref).collect();
        let sheet = Sheet::of_values(&p, &slots);
        let mut computed = crate::scoring::scores::Computed::default();
        crate::scoring::scores::compute(&p, &sheet.answers, &sheet.bits, &mut computed);
        let facts = Facts {
            answers: &sheet.answers,
            bits: &sheet.bits,
            scores: Scores::Known(&computed.values),
        };
        let model = Model {
            q,
            answers: &values,
            scores: &computed.values,
        };
        let mut truth = Vec::new();
        t.settle(&p, &facts, None, &mut truth);
        for (c, flat) in &flats {
            let holds = t.holds(&p, *flat, &truth);
            assert_eq!(holds, c.holds(&model), "{c} on {values:?}");
        }
        // The rules' bits are whether they fired, read off in rule order.
        let mut fired = Vec::new();
        t.fired(&truth, &mut fired, &mut Vec::new());
        let model_fired: Vec<u32> = (q.rules.iter().enumerate())
            .filter(|(_, r)| r.when.holds(&model))
            .map(|(n, _)| n as u32)
            .collect();
        assert_eq!(fired, model_fired, "on {values:?}");
        for (c, root) in &conditions {
            let holds = c.holds(&model);
            assert_eq!(p.holds(root.node, &facts), holds, "{c} on {values:?}");
            if holds {
                let mut named = Vec::new();
                p.because(*root, &facts, |leaf| {
                    named.push(leaf.subject_id().to_string());
                });
                assert_eq!(named, model_because(c, &model), "{c} on {values:?}");
            }
        }
    }
}

#[test]
fn compiled_conditions_agree_with_the_model_on_every_shipped_questionnaire() {
    for shipped in SHIPPED {
        let q = parse(shipped.text, shipped.origin).expect("valid");
        agrees(&q, 3_000);
    }
}

#[test]
fn compiled_conditions_agree_with_the_model_on_every_operator() {
    agrees(&every_operator(), 300);
}

#[test]
fn answers_of_another_kind_are_judged_by_the_model() {
    // An unchecked answer (a number for a choice, a single code for a multiple choice) takes
    // the model's path, not a mask or table built for the item's codes. (A code no item has
    // matches nothing: the scorer takes checked answers.)
    let q = every_operator();
    let p = Program::for_many(&q);
    let t = p.tables.as_ref().unwrap();
    let mut values: Vec<Option<Value>> = vec![None; q.item_count()];
    values[1] = Some(Value::Int(1));
    values[2] = Some(Value::Code("x".into()));
    values[3] = Some(Value::Num(2.5));
    let slots: Vec<Option<&Value>> = values.iter().map(Option::as_ref).collect();
    let sheet = Sheet::of_values(&p, &slots);
    let facts = Facts {
        answers: &sheet.answers,
        bits: &sheet.bits,
        scores: Scores::Known(&[]),
    };
    let model = Model {
        q: &q,
        answers: &values,
        scores: &[],
    };
    let mut truth = Vec::new();
    t.settle(&p, &facts, None, &mut truth);
    for ((rule, root), &flat) in q.rules.iter().zip(&p.rules).zip(&t.rule_flats) {
        let holds = rule.when.holds(&model);
        assert_eq!(p.holds(root.node, &facts), holds, "{}", rule.when);
        assert_eq!(t.holds(&p, flat, &truth), holds, "{}", rule.when);
    }
}
