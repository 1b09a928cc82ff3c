//! Property tests of computed scores: whatever the formula text and whatever the answers,
//! reading and computing never panic, and a value, when there is one, is a finite number.

use proptest::prelude::*;

use super::scores;
use crate::questionnaire::formula::{Formula, Target};
use crate::questionnaire::{Questionnaire, Value, parse};
use crate::testing::small_questionnaire;

/// Pieces a formula is made of, valid or not, so most random texts are near misses.
const TOKENS: &[&str] = &[
    "a",
    "b",
    "c",
    "x",
    "+",
    "-",
    "*",
    "/",
    "(",
    ")",
    ",",
    "min(",
    "max(",
    "round(",
    "floor(",
    "ceil(",
    "0",
    "1",
    "0.5",
    "99999999999",
    "1e308",
    " ",
    "..",
    "%",
];

fn formula_texts() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..40).prop_map(|t| t.concat())
}

/// Extreme and ordinary values, and none.
fn values() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        Just(None),
        Just(Some(0.0)),
        Just(Some(f64::MAX)),
        Just(Some(-f64::MAX)),
        Just(Some(f64::MIN_POSITIVE)),
        any::<f64>()
            .prop_filter("finite", |v| v.is_finite())
            .prop_map(Some),
    ]
}

/// Three number items over the whole finite range and scores of every kind over them.
fn questionnaire() -> Questionnaire {
    let body = "sections:
  - id: all
    title: All
    items:
      - {id: a, type: number, text: A, min: -1.7e308, max: 1.7e308}
      - {id: b, type: number, text: B, min: -1.7e308, max: 1.7e308}
      - {id: c, type: number, text: C, min: -1.7e308, max: 1.7e308}
scores:
  - {id: total, label: T, items: [a, b, c]}
  - {id: mean, label: M, items: [a, b, c], method: mean, decimals: 10}
  - {id: prorated, label: P, items: [a, b, c], prorate: true, min_answered: 1}
  - {id: answered, label: N, items: [a, b, c], method: count}
  - {id: ratio, label: R, formula: 'total / (answered - 1) * max(a, b, c) - min(mean, prorated)'}
  - {id: rounded, label: Ro, formula: 'round(ratio * 99999999999 * 99999999999) + floor(a / b) - ceil(c * c * c)', decimals: 0}
";
    parse(&small_questionnaire("props", body), "props.yaml").expect("valid")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn formulas_never_panic(text in formula_texts(), a in values(), b in values(), x in values()) {
        if let Ok(mut f) = Formula::parse(&text) {
            f.resolve(&|id| match id {
                "a" => Target::Item(0),
                "b" => Target::Item(1),
                "x" => Target::Score(0),
                _ => Target::Unresolved,
            });
            let v = f.eval(&|t| match t {
                Target::Item(0) => a,
                Target::Item(_) => b,
                Target::Score(_) => x,
                Target::Unresolved => None,
            });
            prop_assert!(v.is_none_or(f64::is_finite), "{text}: {v:?}");
        }
    }

    #[test]
    fn computed_scores_never_panic_or_overflow(a in values(), b in values(), c in values()) {
        let q = questionnaire();
        let given: Vec<Option<Value>> = [a, b, c]
            .iter()
            .map(|v| v.map(|v| Value::Num(v.clamp(-1.7e308, 1.7e308))))
            .collect();
        let slots: Vec<Option<&Value>> = given.iter().map(Option::as_ref).collect();
        let p = super::Program::new(&q);
        let sheet = super::Sheet::of_values(&p, &slots);
        let mut computed = scores::Computed::default();
        scores::compute(&p, &sheet.answers, &sheet.bits, &mut computed);
        for v in &computed.values {
            prop_assert!(v.is_none_or(f64::is_finite), "{v:?}");
        }
        // The whole assessment, and its reports, take any of these.
        let a = super::score_slots(&q, &slots);
        let _ = crate::report::json::render(&q, &a);
    }
}
