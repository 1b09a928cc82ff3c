use serde_json::json;

use super::*;
use crate::questionnaire::parse;

fn logic() -> Questionnaire {
    parse(
        include_str!("../../../tests/fixtures/fhir-logic.yaml"),
        "fhir-logic.yaml",
    )
    .expect("the fixture is valid")
}

fn written(yaml: &str) -> Written {
    let q = logic();
    let mut c: Condition = serde_yaml::from_str(yaml).expect("a condition");
    c.resolve(&|s| match s {
        Subject::Item(id) => q.slot(id).unwrap_or(usize::MAX),
        Subject::Score(id) => q.scores.iter().position(|x| &x.id == id).unwrap_or(0),
    });
    write(&q, &Links::of(&q), &c)
}

fn when(list: &[Json], behaviour: Option<&'static str>) -> Written {
    Written::EnableWhen(list.to_vec(), behaviour)
}

fn often(code: &str) -> Json {
    json!({"system": "https://dgs-check.invalid/fhir/CodeSystem/fhir-logic/item/often", "code": code})
}

#[test]
fn leaves_map_onto_one_enable_when() {
    assert_eq!(
        written("{q: plain, op: '=', value: 'no'}"),
        when(
            &[json!({"question": "plain", "operator": "=", "answerBoolean": false})],
            None
        )
    );
    assert_eq!(
        written("{q: pain, op: '<=', value: 4}"),
        when(
            &[json!({"question": "pain", "operator": "<=", "answerInteger": 4})],
            None
        )
    );
    assert_eq!(
        written("{q: hours, op: '>', value: 1.5}"),
        when(
            &[json!({"question": "hours", "operator": ">", "answerDecimal": 1.5})],
            None
        )
    );
    assert_eq!(
        written("{q: unsure, op: '=', value: not_sure}"),
        when(
            &[
                json!({"question": "unsure", "operator": "=", "answerCoding": {
                "system": "http://terminology.hl7.org/CodeSystem/data-absent-reason",
                "code": "asked-unknown"}})
            ],
            None
        )
    );
    assert_eq!(
        written("{q: which, op: contains, value: a}"),
        when(
            &[
                json!({"question": "which", "operator": "=", "answerCoding": {
                "system": "https://dgs-check.invalid/fhir/CodeSystem/fhir-logic/item/which",
                "code": "a"}})
            ],
            None
        )
    );
}

#[test]
fn negation_is_pushed_to_the_leaves_exactly() {
    // not(=) is FHIR's `!=`: both hold for an unanswered item.
    assert_eq!(
        written("{not: {q: often, op: '=', value: never}}"),
        when(
            &[json!({"question": "often", "operator": "!=", "answerCoding": often("never")})],
            None
        )
    );
    // not(>) on a number: unanswered, or the other way.
    assert_eq!(
        written("{not: {q: pain, op: '>', value: 5}}"),
        when(
            &[
                json!({"question": "pain", "operator": "exists", "answerBoolean": false}),
                json!({"question": "pain", "operator": "<=", "answerInteger": 5}),
            ],
            Some("any")
        )
    );
    // De Morgan: not(any) is all of the negations.
    assert_eq!(
        written(
            "{not: {any: [{q: plain, op: answered}, {q: often, op: in, value: [never, often]}]}}"
        ),
        when(
            &[
                json!({"question": "plain", "operator": "exists", "answerBoolean": false}),
                json!({"question": "often", "operator": "!=", "answerCoding": often("never")}),
                json!({"question": "often", "operator": "!=", "answerCoding": often("often")}),
            ],
            Some("all")
        )
    );
}

#[test]
fn orders_on_a_choice_are_the_options_that_pass() {
    assert_eq!(
        written("{q: often, op: '>=', value: 1}"),
        when(
            &[
                json!({"question": "often", "operator": "=", "answerCoding": often("sometimes")}),
                json!({"question": "often", "operator": "=", "answerCoding": often("often")}),
            ],
            Some("any")
        )
    );
    assert_eq!(
        written("{q: often, op: '<', value: sometimes}"),
        when(
            &[json!({"question": "often", "operator": "=", "answerCoding": often("never")})],
            None
        )
    );
}

#[test]
fn what_needs_both_behaviours_or_never_holds_is_an_expression() {
    let mixed = written(
        "{all: [{any: [{q: plain, op: answered}, {q: pain, op: '>', value: 5}]}, {q: hours, op: answered}]}",
    );
    let Written::Expression(expr) = mixed else {
        panic!("{mixed:?}")
    };
    assert!(expr.starts_with("((%resource"), "{expr}");
    assert!(matches!(written("{any: []}"), Written::Expression(e) if e == "false"));
    assert!(matches!(
        written("{q: often, op: '>', value: 9}"),
        Written::Expression(_)
    ));
    // A decimal compared with an integer item cannot be an answerInteger.
    assert!(matches!(
        written("{q: pain, op: '>', value: 2.5}"),
        Written::Expression(_)
    ));
    assert_eq!(written("{all: []}"), Written::Always);
    // Nested ones of one behaviour flatten.
    assert!(matches!(
        written("{all: [{q: plain, op: answered}, {all: [{q: pain, op: answered}]}]}"),
        Written::EnableWhen(list, Some("all")) if list.len() == 2
    ));
}
