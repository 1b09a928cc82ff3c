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
            "item[1]: the linkId `/how-bad` is not a dgs id: the item is `how_bad`",
        ]
    );
}
