use super::*;
use crate::questionnaire::parse;

fn logic() -> Questionnaire {
    parse(
        include_str!("../../../tests/fixtures/fhir-logic.yaml"),
        "fhir-logic.yaml",
    )
    .expect("the fixture is valid")
}

fn cond(q: &Questionnaire, yaml: &str) -> String {
    let mut c: Condition = serde_yaml::from_str(yaml).expect("a condition");
    c.resolve(&|s| match s {
        Subject::Item(id) => q.slot(id).unwrap_or(usize::MAX),
        Subject::Score(id) => q.scores.iter().position(|x| &x.id == id).unwrap_or(0),
    });
    condition(q, &Links::of(q), &c)
}

const PLAIN: &str = "%resource.repeat(item).where(linkId = 'plain').answer.value";
const OFTEN: &str = "%resource.repeat(item).where(linkId = 'often').answer.value";

#[test]
fn literals_are_escaped() {
    assert_eq!(string("it's a \\ test"), r"'it\'s a \\ test'");
    assert_eq!(number(2.5), "2.5");
    assert_eq!(number(-1.0), "(-1)");
}

#[test]
fn contributions_follow_the_weights() {
    let q = logic();
    assert_eq!(
        contribution(q.item("often").unwrap()),
        format!("{OFTEN}.select(iif(code = 'sometimes', 1, iif(code = 'often', 2, 0)))")
    );
    assert_eq!(
        contribution(q.item("plain").unwrap()),
        format!("{PLAIN}.select(iif($this, 1, 0))")
    );
    // "Not sure" counts as yes.
    assert!(contribution(q.item("unsure").unwrap()).ends_with(".select(iif(code = 'N', 0, 1))"));
    let which = contribution(q.item("which").unwrap());
    assert!(which.starts_with("iif(%resource"), "{which}");
    assert!(
        which.contains("iif(code = 'a', 0.5, iif(code = 'b', 1.5, 0))"),
        "{which}"
    );
}

#[test]
fn conditions_are_booleans_with_the_dgs_rule_for_unanswered_items() {
    let q = logic();
    assert_eq!(
        cond(&q, "{q: plain, op: '=', value: 'yes'}"),
        format!("{PLAIN}.where($this = true).exists()")
    );
    // `!=` needs an answer, as in dgs.
    assert_eq!(
        cond(&q, "{q: plain, op: '!=', value: 'yes'}"),
        format!("({PLAIN}.exists() and {PLAIN}.where($this = true).empty())")
    );
    assert_eq!(
        cond(&q, "{q: often, op: '>=', value: sometimes}"),
        format!("{OFTEN}.where(code = 'sometimes' or code = 'often').exists()")
    );
    assert_eq!(
        cond(&q, "{q: often, op: '>', value: 5}"),
        format!("{OFTEN}.where(false).exists()")
    );
    assert_eq!(
        cond(&q, "{q: plain, op: answered, value: false}"),
        format!("{PLAIN}.empty()")
    );
    assert_eq!(
        cond(&q, "{score: total, op: '<', value: 2}"),
        "%resource.repeat(item).where(linkId = 'total').answer.value.where($this < 2).exists()"
    );
    assert_eq!(
        cond(
            &q,
            "{not: {any: [{q: plain, op: answered}, {q: often, op: in, value: [never]}]}}"
        ),
        format!("({PLAIN}.exists() or {OFTEN}.where(code = 'never').exists()).not()")
    );
    assert_eq!(cond(&q, "{all: []}"), "true");
    assert_eq!(cond(&q, "{any: []}"), "false");
}

#[test]
fn scores_keep_their_minimum_proration_and_rounding() {
    let q = logic();
    let links = Links::of(&q);
    let at = |id: &str| q.scores.iter().position(|s| s.id == id).unwrap();
    let (each, total) = score(&q, &links, at("total"));
    assert!(each.unwrap().contains(").combine(%resource"));
    assert_eq!(
        total,
        "iif(%contributions.count() >= 1, %contributions.aggregate($this + $total, 0)).round(6)"
    );
    assert_eq!(
        score(&q, &links, at("prorated")).1,
        "iif(%contributions.count() >= 2, (%contributions.aggregate($this + $total, 0) * 3 / %contributions.count())).round(1)"
    );
    assert_eq!(
        score(&q, &links, at("answered")).1,
        "iif(%contributions.count() >= 1, %contributions.count()).round(6)"
    );
    let (none, mixed) = score(&q, &links, at("mixed"));
    assert!(none.is_none());
    assert!(mixed.ends_with(".round(3)"), "{mixed}");
    assert!(mixed.contains("(0.2).ceiling()"), "{mixed}");
    assert!(mixed.contains("+ (-1)"), "{mixed}");
}

#[test]
fn min_and_max_are_empty_when_a_value_is() {
    assert_eq!(
        pairwise(&["a".into(), "b".into()], "<="),
        "iif(a <= b, a, iif(a > b, b))"
    );
    assert_eq!(pairwise(&["a".into()], ">="), "a");
}

#[test]
fn a_classification_picks_its_first_class_from_the_questionnaire() {
    let q = logic();
    let expr = crate::fhir::calculated::classification(&q, &Links::of(&q), 0);
    assert!(
        expr.starts_with("iif(%resource.repeat(item).where(linkId = 'total')"),
        "{expr}"
    );
    assert!(
        expr.contains(
            "%questionnaire.repeat(item).where(linkId = 'group').answerOption.valueCoding.where(code = 'low')"
        ),
        "{expr}"
    );
    assert!(expr.ends_with(", {}))"), "{expr}");
}
