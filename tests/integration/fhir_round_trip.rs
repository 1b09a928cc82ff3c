//! FHIR → dgs → FHIR: a questionnaire `dgs import` converted, written back by
//! `dgs questions --format fhir`, keeps every carried question's linkId, type, options (code,
//! system, display, weight), `enableWhen`, `enableBehavior` and `required` (issue 14). Run on
//! the six published examples in `../shared/fhir-examples` and on a form that uses every
//! `enableWhen` operator and answer type dgs carries.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::harness::Test;

/// Every item of a FHIR Questionnaire at any depth, by linkId.
fn by_link(doc: &Value) -> BTreeMap<String, Value> {
    fn walk(items: &Value, out: &mut BTreeMap<String, Value>) {
        for item in items.as_array().into_iter().flatten() {
            out.insert(item["linkId"].as_str().unwrap().to_string(), item.clone());
            walk(&item["item"], out);
        }
    }
    let mut out = BTreeMap::new();
    walk(&doc["item"], &mut out);
    out
}

/// An option's weight, wherever the form puts it (`ordinalValue` or `itemWeight`, on the
/// option or on its coding).
fn weight(option: &Value) -> Option<f64> {
    [option, &option["valueCoding"]]
        .into_iter()
        .find_map(|holder| {
            holder["extension"].as_array()?.iter().find_map(|e| {
                let url = e["url"].as_str()?;
                (url.ends_with("/ordinalValue") || url.ends_with("/itemWeight"))
                    .then(|| e["valueDecimal"].as_f64().or(e["valueInteger"].as_f64()))?
            })
        })
}

fn options(item: &Value) -> Vec<(Value, Value, Value, Option<f64>)> {
    let list = item["answerOption"].as_array().cloned().unwrap_or_default();
    list.iter()
        .map(|o| {
            let c = &o["valueCoding"];
            (
                c["system"].clone(),
                c["code"].clone(),
                c["display"].clone(),
                weight(o),
            )
        })
        .collect()
}

/// A condition without its coding's display (the Questionnaire gives that once).
fn conditions(item: &Value) -> Vec<Value> {
    let mut list = item["enableWhen"].as_array().cloned().unwrap_or_default();
    for c in &mut list {
        if let Some(coding) = c.get_mut("answerCoding").and_then(Value::as_object_mut) {
            coding.remove("display");
        }
    }
    list.sort_by_key(ToString::to_string);
    list
}

/// Imports `fhir`, writes it back, and checks every question both hold. Returns how many
/// questions and conditions were compared.
#[track_caller]
fn round_trip(name: &str, fhir: &str) -> (usize, usize) {
    let imported = Test::new()
        .write("in.json", fhir)
        .args(["import", "in.json"])
        .output();
    assert_eq!(imported.status, 0, "{name}: {}", imported.stderr);
    let out = Test::new()
        .write("q.yaml", &imported.stdout)
        .args(["questions", "-q", "q.yaml", "--format", "fhir"])
        .expect_ok();
    let before = by_link(&serde_json::from_str(fhir).unwrap());
    let after = by_link(&serde_json::from_str(&out).unwrap());
    let (mut questions, mut conds) = (0, 0);
    for (link, item) in &after {
        let Some(original) = before.get(link) else {
            continue;
        };
        let kind = item["type"].as_str().unwrap();
        assert_eq!(original["type"], item["type"], "{name} `{link}`: type");
        if kind == "group" || kind == "display" {
            continue;
        }
        questions += 1;
        let flag = |v: &Value, key: &str| v[key].as_bool().unwrap_or(false);
        assert_eq!(
            flag(original, "repeats"),
            flag(item, "repeats"),
            "{name} `{link}`: repeats"
        );
        assert_eq!(options(original), options(item), "{name} `{link}`: options");
        // A condition the import could not carry is listed, and the question is then no
        // longer required (it may be asked where the form would not ask it).
        let dropped = imported.stderr.lines().any(|n| {
            n.contains(".enableWhen")
                && n.contains("not carried over")
                && (n.contains(&format!("`{link}`")) || dropped_at(&before, link, n))
        });
        if dropped {
            continue;
        }
        assert_eq!(
            flag(original, "required"),
            flag(item, "required"),
            "{name} `{link}`: required"
        );
        assert_eq!(
            conditions(original),
            conditions(item),
            "{name} `{link}`: enableWhen"
        );
        let behaviour = |v: &Value| v["enableBehavior"].as_str().map(String::from);
        if conditions(original).len() > 1 {
            assert_eq!(
                behaviour(original),
                behaviour(item),
                "{name} `{link}`: enableBehavior"
            );
        }
        conds += conditions(item).len();
    }
    assert!(questions > 0, "{name}: no question compared");
    (questions, conds)
}

/// Whether a note about a dropped condition is about the element of `link` (notes name the
/// element by its path, not its linkId).
fn dropped_at(before: &BTreeMap<String, Value>, link: &str, note: &str) -> bool {
    let Some(item) = before.get(link) else {
        return false;
    };
    item["enableWhen"].as_array().is_some_and(|list| {
        list.iter().any(|c| {
            c["question"]
                .as_str()
                .is_some_and(|q| note.contains(&format!("`{q}`")))
        })
    })
}

#[test]
fn published_questionnaires_round_trip() {
    let Some(dir) = crate::fhir_import::examples() else {
        return;
    };
    let mut total = 0;
    for name in [
        "apgar-itemweight-lhc.json",
        "nngm-lung-koeln.json",
        "phq9-lhc.json",
        "sdc-enablewhen.json",
        "sdc-framingham-hchd.json",
        "ussg-fhp-lhc.json",
    ] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        total += round_trip(name, &text).0;
    }
    // Every question the import carries (it lists the rest).
    assert_eq!(total, 48, "questions compared");
}

#[test]
fn every_carried_condition_round_trips() {
    let coding = |code: &str| json!({"system": "http://loinc.org", "code": code, "display": code});
    let form = json!({
        "resourceType": "Questionnaire",
        "status": "active",
        "item": [
            {"linkId": "/pain", "type": "boolean", "text": "Pain?", "required": true},
            {"linkId": "/where", "type": "choice", "text": "Where?",
             "answerOption": [{"valueCoding": coding("LA-1")}, {"valueCoding": coding("LA-2")}],
             "enableWhen": [{"question": "/pain", "operator": "=", "answerBoolean": true}]},
            {"linkId": "/age", "type": "integer", "text": "Age", "required": true},
            {"linkId": "/temp", "type": "decimal", "text": "Temperature"},
            {"linkId": "/not-there", "type": "boolean", "text": "Not there?",
             "enableWhen": [{"question": "/where", "operator": "!=",
                             "answerCoding": {"system": "http://loinc.org", "code": "LA-1"}}]},
            {"linkId": "/older", "type": "boolean", "text": "Older?", "required": true,
             "enableBehavior": "all",
             "enableWhen": [{"question": "/age", "operator": ">=", "answerInteger": 50},
                            {"question": "/temp", "operator": "<", "answerDecimal": 37.5}]},
            {"linkId": "/either", "type": "boolean", "text": "Either?",
             "enableBehavior": "any",
             "enableWhen": [{"question": "/age", "operator": "<=", "answerInteger": 20},
                            {"question": "/pain", "operator": "exists", "answerBoolean": false}]}
        ]
    });
    let (questions, conds) = round_trip("conditions", &form.to_string());
    assert_eq!((questions, conds), (7, 6));
}
