use crate::error::Error;
use crate::questionnaire::parse;
use crate::testing::small_questionnaire;

/// A small valid questionnaire; each test breaks one thing in it.
const BODY: &str = r#"sections:
  - id: safety
    title: Safety
    items:
      - id: fever
        type: yes_no
        text: Fever?
        required: true
        red_flag: urgent
  - id: pain
    title: Pain
    items:
      - id: age
        type: integer
        text: Age?
        min: 16
        max: 120
      - id: where
        type: single_choice
        text: Where?
        options:
          - {value: buttock, label: Buttock}
          - {value: back, label: Back}
      - id: worse
        type: multiple_choice
        text: Worse with?
        options:
          - {value: sitting, label: Sitting, weight: 2}
          - {value: none, label: None, exclusive: true}
scores:
  - id: load
    label: Load
    items: [worse]
    bands: [{max: 1, label: low}, {label: high}]
patterns:
  - {id: dgs, label: DGS, text: t, evidence: e, likely_at: 2}
causes:
  - {id: sitting, label: Sitting, text: t, evidence: e, likely_at: 1}
suggestions:
  - {id: move, text: Move, evidence: e, for: [sitting]}
rules:
  - id: fever_rule
    when: {q: fever, op: "=", value: "yes"}
    triage: urgent
    message: Fever.
  - id: dgs_rule
    when: {all: [{q: where, op: "=", value: buttock}, {score: load, op: ">=", value: 2}]}
    patterns: {dgs: 2}
    causes: {sitting: 1}
"#;

fn base() -> String {
    small_questionnaire("test", BODY)
}

fn problems(text: &str) -> Vec<String> {
    match parse(text, "t.yaml") {
        Ok(_) => Vec::new(),
        Err(Error::InvalidQuestionnaire { problems, .. }) => problems,
        Err(other) => panic!("unexpected error {other}"),
    }
}

/// Replaces `from` with `to` in the base text, and expects exactly one problem that
/// contains `expected`.
#[track_caller]
fn trips(from: &str, to: &str, expected: &str) {
    assert!(base().contains(from), "fixture does not contain {from:?}");
    let found = problems(&base().replacen(from, to, 1));
    assert_eq!(found.len(), 1, "{from:?} → {to:?}: {found:#?}");
    assert!(
        found[0].contains(expected),
        "expected {expected:?} in {:?}",
        found[0]
    );
}

#[test]
fn base_is_valid() {
    assert_eq!(problems(&base()), Vec::<String>::new());
}

#[test]
fn header_checks() {
    trips(
        "format: dgs-questionnaire/1",
        "format: dgs-questionnaire/2",
        "t.yaml:1: format: unsupported format `dgs-questionnaire/2`",
    );
    trips(
        "format: dgs-questionnaire/1",
        "format: other/1",
        "unsupported format `other/1`",
    );
    trips(
        "  self_care: {title: C, action: c}\n",
        "",
        "triage: no text for level `self_care`",
    );
}

#[test]
fn id_checks() {
    trips(
        "      - id: age\n",
        "      - id: Age\n",
        "item `Age`: ids are lowercase",
    );
    trips(
        "      - id: age\n",
        "      - id: fever\n",
        "t.yaml:23: item `fever`: duplicate id",
    );
    trips(
        "  - id: dgs_rule\n",
        "  - id: fever_rule\n",
        "rule `fever_rule`: duplicate id",
    );
    // Renaming the cause also leaves its references dangling: every problem is listed.
    let found =
        problems(&base().replacen("causes:\n  - {id: sitting,", "causes:\n  - {id: dgs,", 1));
    assert!(
        found
            .iter()
            .any(|p| p.contains("pattern or cause `dgs`: duplicate id")),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|p| p.contains("unknown cause `sitting`")),
        "{found:#?}"
    );
}

#[test]
fn item_shape_checks() {
    trips(
        "        min: 16\n",
        "        min: 200\n",
        "item `age`: `min` 200 is greater than `max` 120",
    );
    trips(
        "        min: 16\n",
        "",
        "a `integer` item needs both `min` and `max`",
    );
    trips(
        "        min: 16\n",
        "        min: 16.5\n",
        "needs whole bounds",
    );
    trips(
        "          - {value: back, label: Back}\n",
        "",
        "a choice item needs at least two `options`",
    );
    trips(
        "{value: back, label: Back}",
        "{value: buttock, label: Back}",
        "option `buttock` appears twice",
    );
    trips(
        "{value: back, label: Back}",
        "{value: 'a,b', label: Back}",
        "option `a,b`: codes are lowercase",
    );
    trips(
        "{value: back, label: Back}",
        "{value: back, label: Back, exclusive: true}",
        "`exclusive` options belong to `multiple_choice`",
    );
    trips(
        "{value: sitting, label: Sitting, weight: 2}",
        "{value: sitting, label: Sitting, exclusive: true}",
        "at most one option can be `exclusive`",
    );
    trips(
        "        text: Fever?\n",
        "        text: Fever?\n        min: 1\n",
        "belong to number items",
    );
}

#[test]
fn red_flag_checks() {
    trips(
        "        required: true\n        red_flag: urgent\n",
        "        red_flag: urgent\n",
        "a red-flag question must be `required: true`",
    );
    trips(
        "        text: Where?\n",
        "        text: Where?\n        required: true\n        red_flag: urgent\n",
        "item `where`: red-flag questions are asked first, but this one comes after `age`",
    );
    trips(
        "        red_flag: urgent\n",
        "        red_flag: self_care\n",
        "`red_flag` must be",
    );
}

#[test]
fn condition_checks() {
    trips(
        "{q: fever, op: \"=\", value: \"yes\"}",
        "{q: fevr, op: \"=\", value: \"yes\"}",
        "unknown item `fevr` (did you mean `fever`?)",
    );
    trips(
        "{q: fever, op: \"=\", value: \"yes\"}",
        "{q: fever, op: \"=\", value: \"maybe\"}",
        "`maybe` is not an answer of `fever`; expected `yes` or `no`",
    );
    trips(
        "{q: fever, op: \"=\", value: \"yes\"}",
        "{q: fever, op: \"<\", value: 3}",
        "`<` does not apply to a `yes_no` item",
    );
    trips(
        "{q: fever, op: \"=\", value: \"yes\"}",
        "{q: fever, op: contains, value: \"yes\"}",
        "`contains` does not apply",
    );
    trips(
        "{q: fever, op: \"=\", value: \"yes\"}",
        "{q: fever, op: in, value: \"yes\"}",
        "`in` takes a list",
    );
    trips(
        "{q: fever, op: \"=\", value: \"yes\"}",
        "{q: fever, op: \"=\", value: true}",
        "only go with `answered`",
    );
    trips(
        "{q: fever, op: \"=\", value: \"yes\"}",
        "{q: fever, op: answered, value: 3}",
        "`answered` takes `true` or `false`",
    );
    trips(
        "{q: fever, op: \"=\", value: \"yes\"}",
        "{q: age, op: \"=\", value: old}",
        "compare it with a number",
    );
    trips(
        "{score: load, op: \">=\", value: 2}",
        "{score: lod, op: \">=\", value: 2}",
        "unknown score `lod`",
    );
    trips(
        "{score: load, op: \">=\", value: 2}",
        "{score: load, op: contains, value: 2}",
        "a score is compared with a number",
    );
}

#[test]
fn conditions_that_can_never_hold() {
    trips(
        "{q: fever, op: \"=\", value: \"yes\"}",
        "{q: age, op: \">\", value: 200}",
        "rule `fever_rule`: can never fire: `age > 200` can never be true",
    );
    trips(
        "{q: fever, op: \"=\", value: \"yes\"}",
        "{any: []}",
        "can never fire",
    );
    trips(
        "{q: fever, op: \"=\", value: \"yes\"}",
        "{all: [{q: where, op: \"=\", value: back}, {q: where, op: \"=\", value: buttock}]}",
        "can never fire",
    );
    trips(
        "        text: Where?\n",
        "        text: Where?\n        enable_when: {q: age, op: \"<\", value: 1}\n",
        "item `where`: is never asked",
    );
}

#[test]
fn enable_when_cycles() {
    let text = base()
        .replacen(
            "        text: Age?\n",
            "        text: Age?\n        enable_when: {q: where, op: answered}\n",
            1,
        )
        .replacen(
            "        text: Where?\n",
            "        text: Where?\n        enable_when: {q: age, op: answered}\n",
            1,
        );
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("goes round in a circle: age → where → age"),
        "{}",
        found[0]
    );
}

#[test]
fn rule_and_target_checks() {
    trips(
        "    patterns: {dgs: 2}\n",
        "    patterns: {dgs: 2, dsg: 1}\n",
        "rule `dgs_rule`: unknown pattern `dsg` (did you mean `dgs`?)",
    );
    trips(
        "    patterns: {dgs: 2}\n",
        "    patterns: {dgs: 2}\n    suggest: [mov]\n",
        "unknown suggestion `mov`",
    );
    trips("    message: Fever.\n", "", "needs a `message` saying why");
    trips(
        "    message: Fever.\n",
        "    message: Fever.\n    stop: true\n",
        "`stop: true` is for emergencies",
    );
    trips(
        "    patterns: {dgs: 2}\n    causes: {sitting: 1}\n",
        "    causes: {sitting: 1}\n",
        "pattern `dgs`: no rule adds points to it",
    );
    trips(
        "likely_at: 2}",
        "likely_at: 0}",
        "`likely_at` must be a positive number",
    );
    trips(
        "for: [sitting]}",
        "for: [siting]}",
        "unknown pattern or cause `siting`",
    );
    trips(
        ", for: [sitting]}",
        "}",
        "suggestion `move`: is never shown",
    );
    trips(
        "    bands: [{max: 1, label: low}, {label: high}]",
        "    bands: [{label: low}, {label: high}]",
        "only the last band may leave out `max`",
    );
    trips(
        "    items: [worse]\n",
        "    items: [wrose]\n",
        "score `load`: unknown item `wrose`",
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = base()
        .replacen("        min: 16\n", "        min: 200\n", 1)
        .replacen("    message: Fever.\n", "", 1)
        .replacen("for: [sitting]}", "for: [siting]}", 1);
    assert_eq!(problems(&text).len(), 3);
}

#[test]
fn clinical_v2_keys_are_checked() {
    trips(
        "        type: integer\n        text: Age?",
        "        type: integer\n        not_sure: true\n        text: Age?",
        "`not_sure` belongs to `yes_no` items",
    );
    trips(
        "    message: Fever.",
        "    message: Fever.\n    withhold: [mvoe]",
        "`withhold`: unknown suggestion `mvoe` (did you mean `move`?)",
    );
    trips(
        "    causes: {sitting: 1}\n",
        "    causes: {sitting: 1}\n    advice: {title: T, action: A}\n",
        "`advice` replaces a triage level's text: it needs `triage`",
    );
    trips(
        "evidence: e, for: [sitting]}",
        "evidence: e, for: [sitting], unless: [dgs], unless_at: unlikely}",
        "`unless_at` is `possible` or `likely`",
    );
    trips(
        "evidence: e, likely_at: 1}",
        "evidence: e, likely_at: 1, at_most: unlikely}",
        "`at_most: unlikely` would hide it always",
    );
    // A rule that only holds advice back does something.
    let text = base().replace(
        "    message: Fever.",
        "    message: Fever.\n  - id: hold\n    when: {q: fever, op: \"=\", value: \"no\"}\n    withhold: [move]",
    );
    assert!(problems(&text).is_empty(), "{:?}", problems(&text));
}

#[test]
fn flow_style_ids_have_line_numbers() {
    // The cause is written `- {id: sitting, …}` on line 48 of the base.
    let text = base().replacen("likely_at: 1}", "likely_at: 0}", 1);
    assert_eq!(
        problems(&text),
        ["t.yaml:48: cause `sitting`: `likely_at` must be a positive number"]
    );
    // A flow-style item, and an `id:` inside quoted text that is not a key.
    let text = base().replacen(
        "      - id: age\n        type: integer\n        text: Age?\n        min: 16\n        max: 120\n",
        "      - {id: age, type: integer, text: \"id: x, {id: y}\", min: 16}\n",
        1,
    );
    assert_eq!(
        problems(&text),
        ["t.yaml:23: item `age`: a `integer` item needs both `min` and `max`"]
    );
}

#[test]
fn every_problem_has_a_line() {
    let text = base()
        .replacen("  self_care: {title: C, action: c}\n", "", 1)
        .replacen("title: T\n", "title: \"T\\u001b[31m\"\n", 1)
        .replacen("text: Fever?", "text: \"Fever\\u0007?\"", 1)
        .replacen(
            "{value: back, label: Back}",
            "{value: Back, label: Back}",
            1,
        )
        .replacen("likely_at: 2}", "likely_at: -2}", 1);
    let found = problems(&text);
    assert_eq!(found.len(), 5, "{found:#?}");
    for p in &found {
        let line = p.strip_prefix("t.yaml:").and_then(|r| r.split(':').next());
        assert!(
            line.is_some_and(|l| l.parse::<usize>().is_ok()),
            "no line: {p}"
        );
    }
}

#[test]
fn ordered_choices_need_weights() {
    let weighted = base()
        .replacen(
            "{value: buttock, label: Buttock}",
            "{value: buttock, label: Buttock, weight: 0}",
            1,
        )
        .replacen(
            "{value: back, label: Back}",
            "{value: back, label: Back, weight: 1}",
            1,
        );
    for value in ["0", "back"] {
        let text = weighted.replacen(
            "{q: where, op: \"=\", value: buttock}",
            &format!("{{q: where, op: \">=\", value: {value}}}"),
            1,
        );
        assert_eq!(problems(&text), Vec::<String>::new(), "{value}");
    }
    trips(
        "{q: where, op: \"=\", value: buttock}",
        "{q: where, op: \">\", value: 0}",
        "ordering compares option weights, but `buttock`, `back` of `where` have none",
    );
    let text = weighted.replacen(
        "{q: where, op: \"=\", value: buttock}",
        "{q: where, op: \"<\", value: leg}",
        1,
    );
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("`leg` is neither a number nor an answer of `where`"));
    // Past the highest weight, or below the lowest option, it can never hold.
    for never in [
        "{q: where, op: \">\", value: 1}",
        "{q: where, op: \"<\", value: buttock}",
    ] {
        let text = weighted.replacen("{q: where, op: \"=\", value: buttock}", never, 1);
        let found = problems(&text);
        assert_eq!(found.len(), 1, "{never}: {found:#?}");
        assert!(found[0].contains("can never fire"), "{found:#?}");
    }
    // Multiple choices have no single place in an order.
    trips(
        "{score: load, op: \">=\", value: 2}",
        "{q: worse, op: \">=\", value: 2}",
        "`>=` does not apply to a `multiple_choice` item",
    );
}

#[test]
fn computed_score_checks() {
    let score = "  - id: load\n    label: Load\n    items: [worse]\n    bands: [{max: 1, label: low}, {label: high}]\n";
    let with = |replacement: &str| problems(&base().replacen(score, replacement, 1));
    let one = |replacement: &str, expected: &str| {
        let found = with(replacement);
        assert_eq!(found.len(), 1, "{replacement}: {found:#?}");
        assert!(found[0].contains(expected), "{expected:?} in {found:#?}");
    };
    one(
        "  - {id: load, label: Load, formula: worse + sore}\n",
        "t.yaml:41: score `load`: `formula`: unknown item or score `sore`",
    );
    one(
        "  - {id: load, label: Load, items: [worse], formula: worse}\n",
        "a `formula` score takes no `items`",
    );
    one(
        "  - {id: load, label: Load}\n",
        "needs `items` or a `formula`",
    );
    one(
        "  - {id: load, label: Load, items: [worse], min_answered: 2}\n",
        "`min_answered` is between 1 and its 1 items, not 2",
    );
    one(
        "  - {id: load, label: Load, items: [worse], method: mean, prorate: true}\n",
        "`prorate` scales a `sum`",
    );
    one(
        "  - {id: load, label: Load, items: [worse], decimals: 12}\n",
        "`decimals` is at most 10",
    );
    // Scores reading each other in a circle.
    let found = with(
        "  - {id: load, label: Load, formula: other + 1}\n  - {id: other, label: O, formula: load * 2}\n",
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("t.yaml:41: score `load`: `formula` goes round in a circle")
            && found[0].contains("load, other"),
        "{found:#?}"
    );
    // A formula that does not parse is refused where it stands, with its line, beside every
    // other problem rather than instead of them.
    let found = with(
        "  - {id: load, label: Load, formula: \"worse +\"}\n  - {id: other, label: O, items: [nope]}\n",
    );
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].starts_with("t.yaml:41: score `load`: `formula`: ")
            && found[0].contains("the formula ends where a number or a name was expected"),
        "{found:#?}"
    );
    assert!(
        found[1].starts_with("t.yaml:42: score `other`: unknown item `nope`"),
        "{found:#?}"
    );
    // An item's `enable_when` may not read a score computed from it, even through a formula.
    let found = problems(
        &base()
            .replacen(score, "  - {id: load, label: Load, formula: age * 2}\n", 1)
            .replacen(
                "        min: 16\n",
                "        min: 16\n        enable_when: {score: load, op: '>', value: 1}\n",
                1,
            ),
    );
    assert!(
        found
            .iter()
            .any(|p| p.contains("uses score `load`, which reads this item")),
        "{found:#?}"
    );
}

#[test]
fn classification_checks() {
    let with = |classes: &str| {
        problems(&base().replacen(
            "patterns:\n",
            &format!("classifications:\n  - id: risk\n    label: Risk\n    classes:\n{classes}patterns:\n"),
            1,
        ))
    };
    let ok = "      - {id: low, label: Low, when: {score: load, op: '<=', value: 1}}\n      - {id: high, label: High, when: {score: load, op: '>', value: 1}}\n";
    assert_eq!(with(ok), Vec::<String>::new());
    let found = with(
        "      - {id: low, label: Low, when: {score: lod, op: '<=', value: 1}}\n      - {id: low, label: High, when: {q: age, op: '>', value: 500}}\n",
    );
    assert_eq!(found.len(), 3, "{found:#?}");
    for expected in [
        "t.yaml:46: classification `risk`: `lod <= 1`: unknown score `lod`",
        "t.yaml:46: classification `risk`: class `low` appears twice",
        "class `low` is never given: `age > 500` can never be true",
    ] {
        assert!(
            found.iter().any(|p| p.contains(expected)),
            "{expected}: {found:#?}"
        );
    }
    assert!(with("      []\n")[0].contains("needs at least one class"));
}

#[test]
fn fhir_link_ids_and_codings() {
    // Written linkIds and codings are fine where unique and well-formed.
    let fine = base()
        .replacen(
            "      - id: age\n",
            "      - id: age\n        link_id: /30525-0\n",
            1,
        )
        .replacen(
            "{value: buttock, label: Buttock}",
            "{value: buttock, label: Buttock, coding: {system: \"http://loinc.org\", code: LA1-1}}",
            1,
        );
    assert!(problems(&fine).is_empty(), "{:?}", problems(&fine));
    // A linkId another question already has (here as its id).
    trips(
        "      - id: age\n",
        "      - id: age\n        link_id: worse\n",
        "item `worse`: its FHIR linkId `worse` is also `age`'s",
    );
    trips(
        "      - id: age\n",
        "      - id: age\n        link_id: \" \"\n",
        "item `age`: `link_id` must be 1 to 255 characters",
    );
    trips(
        "{value: buttock, label: Buttock}",
        "{value: buttock, label: Buttock, coding: {code: \" LA1\"}}",
        "option `buttock`: a `coding` code is text without leading, trailing or double spaces",
    );
    trips(
        "{value: back, label: Back}",
        "{value: back, label: Back, coding: {system: \"not a uri\", code: B}}",
        "option `back`: a `coding` system is a URI, without spaces",
    );
    let twice = base()
        .replacen(
            "{value: buttock, label: Buttock}",
            "{value: buttock, label: Buttock, coding: {code: X}}",
            1,
        )
        .replacen(
            "{value: back, label: Back}",
            "{value: back, label: Back, coding: {code: X}}",
            1,
        );
    let found = problems(&twice);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("item `where`: options `buttock` and `back` have the same `coding`"),
        "{found:#?}"
    );
}
