//! The import as a whole: small FHIR questionnaires in, YAML that loads and notes out.

use serde_json::json;

use super::import;
use crate::questionnaire;

/// Imports a questionnaire given as JSON; the YAML must load and validate.
#[track_caller]
fn imported(doc: &serde_json::Value) -> (questionnaire::Questionnaire, String, Vec<String>) {
    let out = import(&doc.to_string(), "t.json").unwrap_or_else(|e| panic!("{e:#?}"));
    let q = questionnaire::parse(&out.yaml, "imported.yaml")
        .unwrap_or_else(|e| panic!("{}\n{}", e.report("error"), out.yaml));
    (q, out.yaml, out.notes)
}

fn questionnaire(items: serde_json::Value) -> serde_json::Value {
    json!({"resourceType": "Questionnaire", "id": "t", "version": "1", "title": "T", "status": "draft", "item": items})
}

#[test]
fn a_small_questionnaire_carries_over() {
    let (q, _, notes) = imported(&questionnaire(json!([
        {"linkId": "pain", "type": "boolean", "text": "Pain?", "required": true},
        {"linkId": "/how-bad", "type": "choice", "text": "How bad?", "answerOption": [
            {"valueCoding": {"code": "LA1", "display": "Mild"}, "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/ordinalValue", "valueDecimal": 1}]},
            {"valueCoding": {"code": "LA2", "display": "Bad"}, "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/ordinalValue", "valueDecimal": 2.5}]}
        ], "enableWhen": [{"question": "pain", "operator": "=", "answerBoolean": true}]},
        {"linkId": "age", "type": "integer", "text": "Age", "extension": [
            {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 0},
            {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 120}
        ]}
    ])));
    let pain = q.item("pain").unwrap();
    assert!(pain.required);
    let bad = q.item("how_bad").unwrap();
    assert_eq!(bad.codes(), ["la1", "la2"]);
    assert_eq!(bad.options[1].weight, Some(2.5));
    assert_eq!(bad.enable_when.as_ref().unwrap().to_string(), "pain = yes");
    assert_eq!(q.item("age").unwrap().bounds(), (0.0, 120.0));
    assert_eq!(
        notes,
        [
            "imported 3 questions in 1 section and 0 scores; 2 notes on what was not carried over or was changed:",
            "status: not carried over (dgs-questionnaire/1 has no place for it)",
            "item[1]: the linkId `/how-bad` is not a dgs id: the item is `how_bad`, and `link_id` keeps the linkId for FHIR",
        ]
    );
}

/// Notes without the first line (the count), for exact comparisons.
fn listed(notes: &[String]) -> Vec<&str> {
    notes.iter().skip(1).map(String::as_str).collect()
}

fn coded(codes: &[(&str, f64)]) -> serde_json::Value {
    let options: Vec<_> = codes
        .iter()
        .map(|(code, w)| {
            json!({"valueCoding": {"code": code, "display": code.to_uppercase()},
                   "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/ordinalValue", "valueDecimal": w}]})
        })
        .collect();
    json!(options)
}

#[test]
fn groups_flatten_into_sections_in_document_order() {
    let (q, _, _) = imported(&questionnaire(json!([
        {"linkId": "a", "type": "boolean", "text": "A"},
        {"linkId": "outer", "type": "group", "text": "Outer", "item": [
            {"linkId": "b", "type": "boolean", "text": "B"},
            {"linkId": "inner", "type": "group", "text": "Inner", "item": [
                {"linkId": "c", "type": "boolean", "text": "C"}
            ]},
            {"linkId": "d", "type": "boolean", "text": "D"}
        ]},
        {"linkId": "e", "type": "boolean", "text": "E"}
    ])));
    let sections: Vec<(&str, &str, Vec<&str>)> = q
        .sections
        .iter()
        .map(|s| {
            let items = s.items.iter().map(|i| i.id.as_str()).collect();
            (s.id.as_str(), s.title.as_str(), items)
        })
        .collect();
    assert_eq!(
        sections,
        [
            ("questions", "T", vec!["a"]),
            ("outer", "Outer", vec!["b"]),
            ("inner", "Outer › Inner", vec!["c"]),
            ("outer_continued", "Outer", vec!["d"]),
            ("questions_continued", "T", vec!["e"]),
        ]
    );
}

#[test]
fn enable_when_maps_where_faithful_and_is_listed_where_not() {
    let (q, _, notes) = imported(&questionnaire(json!([
        {"linkId": "yn", "type": "boolean", "text": "Y"},
        {"linkId": "n", "type": "integer", "text": "N"},
        {"linkId": "c", "type": "choice", "text": "C", "answerOption": coded(&[("a", 0.0), ("b", 1.0)])},
        {"linkId": "ne", "type": "boolean", "text": "ne", "enableWhen": [{"question": "c", "operator": "!=", "answerCoding": {"code": "a"}}]},
        {"linkId": "any", "type": "boolean", "text": "any", "enableBehavior": "any", "enableWhen": [
            {"question": "n", "operator": ">=", "answerInteger": 18},
            {"question": "yn", "operator": "exists", "answerBoolean": false}]},
        {"linkId": "g", "type": "group", "text": "G", "enableWhen": [{"question": "yn", "operator": "=", "answerBoolean": false}], "item": [
            {"linkId": "inside", "type": "boolean", "text": "I", "required": true,
             "enableWhen": [{"question": "n", "operator": "<", "answerInteger": 5}]}
        ]},
        {"linkId": "bad", "type": "boolean", "text": "bad", "required": true, "enableWhen": [
            {"question": "c", "operator": "=", "answerString": "a"}]},
        {"linkId": "self", "type": "boolean", "text": "self", "enableWhen": [
            {"question": "self", "operator": "exists", "answerBoolean": true}]},
        {"linkId": "order", "type": "boolean", "text": "order", "enableWhen": [
            {"question": "c", "operator": ">", "answerCoding": {"code": "a"}}]}
    ])));
    let when = |id: &str| {
        q.item(id)
            .unwrap()
            .enable_when
            .as_ref()
            .map(ToString::to_string)
    };
    assert_eq!(when("ne").unwrap(), "not(c = a)");
    assert_eq!(when("any").unwrap(), "any(n >= 18, yn unanswered)");
    assert_eq!(when("inside").unwrap(), "all(yn = no, n < 5)");
    assert!(q.item("inside").unwrap().required);
    assert_eq!(when("bad"), None);
    assert!(
        !q.item("bad").unwrap().required,
        "asked more often, so no longer required"
    );
    assert_eq!(when("self"), None);
    assert_eq!(
        listed(&notes)[2..],
        [
            "item[6]: an `enableWhen` it stands under is not carried over, so it may be asked where the form would not ask it and is no longer required",
            "item[6].enableWhen[0]: not carried over: `answerString` \"a\" cannot be compared with `c`, a choice of codings: a mismatched answer type is not coerced",
            "item[7]: an `enableWhen` it stands under is not carried over, so it may be asked where the form would not ask it",
            "item[7].enableWhen[0]: not carried over: it refers to its own item",
            "item[8]: an `enableWhen` it stands under is not carried over, so it may be asked where the form would not ask it",
            "item[8].enableWhen[0]: not carried over: `>` on `c`, a choice of codings: dgs does not order its answers this way",
        ]
    );
}

#[test]
fn a_plain_sum_of_weights_becomes_a_score_with_its_missing_answer_rule() {
    let lookup = |link: &str| {
        format!(
            "%questionnaire.item.where(linkId = '{link}').answerOption.where(valueCoding.code = %resource.item.where(linkId = '{link}').answer.valueCoding.code).extension.where(url = 'http://hl7.org/fhir/StructureDefinition/ordinalValue').valueDecimal"
        )
    };
    let variable = |name: &str, expression: String| {
        json!({"url": "http://hl7.org/fhir/StructureDefinition/variable",
               "valueExpression": {"name": name, "language": "text/fhirpath", "expression": expression}})
    };
    let with_total = |expression: &str| {
        questionnaire(json!([
            {"linkId": "q1", "type": "choice", "text": "1", "answerOption": coded(&[("a", 0.0), ("b", 2.0)])},
            {"linkId": "q2", "type": "choice", "text": "2", "answerOption": coded(&[("a", 1.0), ("b", 3.5)])},
            {"linkId": "total", "type": "decimal", "text": "Total", "readOnly": true, "extension": [
                variable("a", lookup("q1")),
                variable("b", "%resource.item.where(linkId = 'q2').answer.value.weight()".into()),
                variable("unused", "1".into()),
                {"url": "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression",
                 "valueExpression": {"language": "text/fhirpath", "expression": expression}}
            ]}
        ]))
    };
    for (expression, min_answered, said) in [
        ("%a + %b", Some(2), "given only when all are answered"),
        (
            "iif(%a.exists() and %b.exists(), %a + %b, {})",
            Some(2),
            "given only when all are answered",
        ),
        (
            "iif(%a.exists() or %b.exists(), iif(%a.exists(), %a, 0) + iif(%b.exists(), %b, 0), {})",
            None,
            "given once any is answered (a missing answer adds 0)",
        ),
        (
            "iif(%a.exists(), %a, 0) + iif(%b.exists(), %b, 0)",
            None,
            "(a missing answer adds 0); with nothing answered FHIR gives 0, dgs no value",
        ),
    ] {
        let (q, _, notes) = imported(&with_total(expression));
        let score = q
            .score("total")
            .unwrap_or_else(|| panic!("{expression}: {notes:#?}"));
        assert_eq!(score.items, ["q1", "q2"], "{expression}");
        assert_eq!(score.min_answered, min_answered, "{expression}");
        let carried = listed(&notes)
            .into_iter()
            .find(|n| n.starts_with("item[2]: carried"))
            .unwrap();
        assert!(carried.ends_with(said), "{expression}: {carried}");
        assert!(
            listed(&notes).contains(&"item[2].extension[2]: not carried over (the variable `unused`: no score carried over reads it)"),
            "{notes:#?}"
        );
    }
    for (expression, why) in [
        ("%a * 2", "a term that is not the weight of an answer"),
        ("%a + %a", "it adds `q1` twice"),
        (
            "iif(%a.exists(), %a + %b, {})",
            "its condition tests other answers than it adds",
        ),
        (
            "%a + iif(%b.exists(), %b, 0)",
            "some missing answers count 0 and others leave it empty",
        ),
        ("%nope", "`%nope` is not a variable it can read"),
        ("(%a", "FHIRPath it cannot read: `(` not closed"),
    ] {
        let (q, _, notes) = imported(&with_total(expression));
        assert!(q.score("total").is_none());
        let wanted = format!(
            "item[2].extension[sdc-questionnaire-calculatedExpression]: not carried over ({why}): only a plain sum of answer weights becomes a dgs score; the calculated item `total` is skipped"
        );
        assert!(
            listed(&notes).contains(&wanted.as_str()),
            "{expression}: {notes:#?}"
        );
    }
}

#[test]
fn items_that_cannot_be_carried_are_skipped_and_said() {
    let (q, _, notes) = imported(&questionnaire(json!([
        {"linkId": "s", "type": "string", "text": "Name"},
        {"linkId": "d", "type": "display", "text": "Read this"},
        {"linkId": "oc", "type": "open-choice", "text": "OC", "answerOption": coded(&[("a", 0.0), ("b", 1.0)])},
        {"linkId": "vs", "type": "choice", "text": "VS", "answerValueSet": "http://example.org/vs"},
        {"linkId": "none", "type": "choice", "text": "None"},
        {"linkId": "str", "type": "choice", "text": "Str", "answerOption": [{"valueString": "x"}, {"valueString": "y"}]},
        {"linkId": "rep", "type": "group", "repeats": true, "text": "Rep", "item": [
            {"linkId": "r1", "type": "boolean", "text": "R1"},
            {"linkId": "r2", "type": "group", "text": "R2", "item": [{"linkId": "r3", "type": "boolean", "text": "R3"}]}
        ]},
        {"linkId": "mod", "type": "boolean", "text": "M", "modifierExtension": [{"url": "http://example.org/x"}]},
        {"linkId": "many", "type": "integer", "repeats": true, "text": "Many"},
        {"linkId": "kept", "type": "boolean", "text": "Kept", "prefix": "1.", "item": [
            {"linkId": "kept-help", "type": "display", "text": "Some help", "extension": [
                {"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl",
                 "valueCodeableConcept": {"coding": [{"system": "http://hl7.org/fhir/questionnaire-item-control", "code": "help"}]}}
            ]}
        ]}
    ])));
    assert_eq!(q.item_ids().collect::<Vec<_>>(), ["kept"]);
    assert_eq!(q.item("kept").unwrap().help.as_deref(), Some("Some help"));
    assert_eq!(
        listed(&notes)[1..],
        [
            "item[0]: its type `string` is not one dgs-questionnaire/1 has; the item `s` is skipped",
            "item[1]: a display item (text only): dgs-questionnaire/1 has none; the item `d` is skipped",
            "item[2]: its type `open-choice` is not one dgs-questionnaire/1 has; the item `oc` is skipped",
            "item[3].answerValueSet: dgs cannot look up a value set's answers; the item `vs` is skipped",
            "item[4].answerOption: a choice needs at least two answer options in dgs; this one has 0; the item `none` is skipped",
            "item[5].answerOption[0].valueString: only `valueCoding` answer options are read: dgs options are codes; the item `str` is skipped",
            "item[6]: a repeating group: dgs asks each question once; the item `rep` is skipped with the 3 items inside it",
            "item[7].modifierExtension: a modifier extension may change what the item means; the item `mod` is skipped",
            "item[8].repeats: answers that repeat: dgs takes one answer to such a question; the item `many` is skipped",
            "item[9].prefix: not carried over (dgs shows no prefix before a question)",
        ]
    );
}

#[test]
fn linkids_become_unique_ids_and_each_renaming_is_said() {
    let (q, yaml, notes) = imported(&questionnaire(json!([
        {"linkId": "a-b", "type": "boolean", "text": "1"},
        {"linkId": "a_b", "type": "boolean", "text": "2"},
        {"linkId": "A.B", "type": "boolean", "text": "3"},
        {"linkId": "1", "type": "choice", "text": "4", "answerOption": coded(&[("X-1", 0.0), ("x_1", 1.0), ("X.1", 2.0)])}
    ])));
    assert_eq!(
        q.item_ids().collect::<Vec<_>>(),
        ["a_b__2", "a_b", "a_b__3", "q_1"]
    );
    assert_eq!(q.item("q_1").unwrap().codes(), ["x_1__2", "x_1", "x_1__3"]);
    assert_eq!(
        listed(&notes)[1..],
        [
            "item[0]: the linkId `a-b` is not a dgs id: the item is `a_b__2`, and `link_id` keeps the linkId for FHIR",
            "item[2]: the linkId `A.B` is not a dgs id: the item is `a_b__3`, and `link_id` keeps the linkId for FHIR",
            "item[3]: the linkId `1` is not a dgs id: the item is `q_1`, and `link_id` keeps the linkId for FHIR",
        ]
    );
    // The file keeps the renamings, in its header comment, and each linkId as `link_id`.
    assert!(
        yaml.contains("\n# item[0]: the linkId `a-b` is not a dgs id: the item is `a_b__2`, and `link_id` keeps the linkId for FHIR\n"),
        "{yaml}"
    );
    assert_eq!(q.item("a_b__2").unwrap().link(), "a-b");
    assert_eq!(q.item("a_b").unwrap().link(), "a_b");
    assert_eq!(q.item("q_1").unwrap().link(), "1");
    let coding = q.item("q_1").unwrap().options[0].coding.clone().unwrap();
    assert_eq!(coding.code, "X-1");
}

#[test]
fn hostile_text_is_written_so_that_it_loads_and_reads_back() {
    use crate::testing::HOSTILE;
    use crate::words::{escaped_if, unsafe_char};
    // What a text becomes: line breaks and tabs kept, other control characters escaped.
    let shown = |s: &str| {
        escaped_if(&s.replace("\r\n", "\n"), |c| {
            c != '\n' && c != '\t' && unsafe_char(c)
        })
        .into_owned()
    };
    let help = |text: &str| {
        json!({"linkId": format!("help {text}"), "type": "display", "text": text, "extension": [
            {"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl",
             "valueCodeableConcept": {"coding": [{"code": "help"}]}}]})
    };
    let items: Vec<_> = HOSTILE
        .iter()
        .map(|h| {
            json!({"linkId": h, "type": "choice", "text": h, "answerOption": [
                {"valueCoding": {"code": h, "display": h}},
                {"valueCoding": {"code": format!("{h}!"), "display": "other"}}
            ], "item": [help(h)]})
        })
        .collect();
    let doc = json!({"resourceType": "Questionnaire", "title": HOSTILE[2], "id": HOSTILE[0],
        "version": HOSTILE[20], "url": HOSTILE[22], "description": HOSTILE[1],
        "item": [{"linkId": "group", "type": "group", "text": HOSTILE[5], "item": items},
                 {"linkId": "unit", "type": "decimal", "text": "u", "extension": [
                    {"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-unit",
                     "valueCoding": {"display": HOSTILE[23]}}]}]});
    let (q, yaml, _) = imported(&doc);
    assert_eq!(q.title, shown(HOSTILE[2]));
    assert_eq!(q.id, shown(HOSTILE[0]));
    assert_eq!(q.version, shown(HOSTILE[20]));
    assert_eq!(q.intro.as_deref(), Some(HOSTILE[1]));
    assert_eq!(q.sections[0].title, shown(HOSTILE[5]));
    let items = &q.sections[0].items;
    assert_eq!(items.len(), HOSTILE.len());
    for (item, h) in items.iter().zip(HOSTILE) {
        assert_eq!(item.text, shown(h), "{h:?}");
        assert_eq!(item.help.as_deref().unwrap_or_default(), shown(h), "{h:?}");
        assert_eq!(item.options[0].label, shown(h), "{h:?}");
        // Its linkId finds it again, by the rule a response is read with.
        let suffixed = super::ids::suffixed_bases(q.item_ids());
        let found = super::ids::find(
            h,
            super::ids::Kind::Id,
            |id| q.item(id).is_some(),
            &suffixed,
        );
        assert!(
            matches!(&found, super::ids::Found::Name(id) if *id == item.id)
                || matches!(found, super::ids::Found::Ambiguous(_)),
            "{h:?}: {found:?}, wanted {}",
            item.id
        );
    }
    assert_eq!(
        q.item("unit").unwrap().unit.as_deref(),
        Some(shown(HOSTILE[23]).as_str())
    );
    // Every comment line is one line, and nothing in the header escapes it.
    let header: Vec<&str> = yaml
        .lines()
        .take_while(|l| !l.starts_with("format:"))
        .collect();
    assert!(header.iter().all(|l| l.starts_with("# ")), "{header:#?}");
}

#[track_caller]
fn refused(text: &str) -> Vec<String> {
    import(text, "t.json").expect_err("refused")
}

#[test]
fn what_is_not_a_questionnaire_is_refused_with_every_problem() {
    assert_eq!(
        refused("format: x"),
        ["t.json: expected a FHIR Questionnaire in JSON (an object starting with `{`)"]
    );
    assert_eq!(
        refused("{"),
        ["t.json: invalid JSON: EOF while parsing an object at line 1 column 1"]
    );
    assert_eq!(
        refused(r#"{"resourceType": "Patient"}"#),
        ["t.json: this is a FHIR `Patient`, not a `Questionnaire`"]
    );
    assert_eq!(
        refused("{}"),
        ["t.json: no `resourceType`: not a FHIR resource"]
    );
    let doc = questionnaire(json!([
        {"linkId": 1, "type": "boolean"},
        {"type": "boolean"},
        "item",
        {"linkId": "a", "type": "group", "item": {"linkId": "b"}},
        {"linkId": "a", "type": "boolean"}
    ]));
    assert_eq!(
        refused(&doc.to_string()),
        [
            "t.json: `item[0].linkId` is a number, not text",
            "t.json: `item[1]` has no linkId",
            "t.json: `item[2]` is not an object",
            "t.json: `item[3].item` is not a list of items",
            "t.json: `item[4]` has the linkId `a` of `item[3]`: linkIds must be unique",
        ]
    );
    let nothing = questionnaire(json!([{"linkId": "s", "type": "string", "text": "Name"}]));
    assert_eq!(
        refused(&nothing.to_string()),
        [
            "t.json: none of its questions can be carried over to dgs-questionnaire/1:",
            "status: not carried over (dgs-questionnaire/1 has no place for it)",
            "item[0]: its type `string` is not one dgs-questionnaire/1 has; the item `s` is skipped",
        ]
    );
}

#[test]
fn deep_and_large_inputs_are_bounded() {
    // Items nested past the limit: refused with where, not a stack overflow.
    let mut item = json!({"linkId": "leaf", "type": "boolean", "text": "x"});
    for depth in 0..40 {
        item = json!({"linkId": format!("g{depth}"), "type": "group", "text": "g", "item": [item]});
    }
    let problems = refused(&questionnaire(json!([item])).to_string());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].ends_with("items nest deeper than 32 levels, the most this tool reads"),
        "{problems:?}"
    );
    // JSON nested past the parser's own limit.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let problems = refused(&format!(
        r#"{{"resourceType": "Questionnaire", "item": {deep}}}"#
    ));
    assert!(
        problems[0].contains("recursion limit exceeded"),
        "{problems:?}"
    );
    // Many items: linear, and the problems listed are capped.
    let many: Vec<_> = (0..20_000)
        .map(|i| json!({"linkId": format!("q{i}"), "type": "boolean", "text": "x"}))
        .collect();
    let out = import(&questionnaire(json!(many)).to_string(), "t.json").unwrap();
    assert!(
        out.notes[0].starts_with("imported 20000 questions in 1 section"),
        "{}",
        out.notes[0]
    );
    let same: Vec<_> = (0..1_000)
        .map(|_| json!({"linkId": "a", "type": "boolean"}))
        .collect();
    let problems = refused(&questionnaire(json!(same)).to_string());
    assert_eq!(problems.len(), 101);
    assert_eq!(
        problems[100],
        "t.json: … and 899 more problems of the same kinds"
    );
}

#[test]
fn a_lookup_with_item_reaches_only_the_top_level() {
    let total = |step: &str| {
        questionnaire(json!([
            {"linkId": "g", "type": "group", "text": "G", "item": [
                {"linkId": "q1", "type": "choice", "text": "1", "answerOption": coded(&[("a", 0.0), ("b", 2.0)])}
            ]},
            {"linkId": "total", "type": "decimal", "text": "Total", "extension": [
                {"url": "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression",
                 "valueExpression": {"language": "text/fhirpath",
                   "expression": format!("%resource.{step}.where(linkId = 'q1').answer.value.ordinal()")}}
            ]}
        ]))
    };
    let (q, _, _) = imported(&total("repeat(item)"));
    assert_eq!(q.score("total").unwrap().items, ["q1"]);
    let (q, _, notes) = imported(&total("item"));
    assert!(q.score("total").is_none());
    assert!(notes.contains(&"item[1].extension[sdc-questionnaire-calculatedExpression]: not carried over (it finds `q1` with `item`, which reaches only the top level; `repeat(item)` would reach it): only a plain sum of answer weights becomes a dgs score; the calculated item `total` is skipped".to_string()), "{notes:#?}");
}

#[test]
fn conditions_that_could_never_hold_or_go_round_are_listed() {
    let bounded = json!([
        {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 0},
        {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 120}
    ]);
    let (q, _, notes) = imported(&questionnaire(json!([
        {"linkId": "age", "type": "integer", "text": "Age", "extension": bounded},
        {"linkId": "old", "type": "boolean", "text": "Old", "enableWhen": [
            {"question": "age", "operator": ">", "answerInteger": 150}]},
        {"linkId": "g", "type": "group", "text": "G", "enableWhen": [
            {"question": "inner", "operator": "exists", "answerBoolean": true}], "item": [
            {"linkId": "inner", "type": "boolean", "text": "Inner"}
        ]}
    ])));
    assert_eq!(q.item("old").unwrap().enable_when, None);
    assert_eq!(q.item("inner").unwrap().enable_when, None);
    assert_eq!(
        listed(&notes)[1..],
        [
            "item[1]: an `enableWhen` it stands under is not carried over, so it may be asked where the form would not ask it",
            "item[1].enableWhen[0]: not carried over: `age` > 150 can never hold: it takes 0 to 120",
            "item[2].enableWhen[0]: not carried over: it refers to `inner`, which is itself asked only under this `enableWhen`",
            "item[2].item[0]: an `enableWhen` it stands under is not carried over, so it may be asked where the form would not ask it",
        ]
    );
}
