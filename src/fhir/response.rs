//! The answers as a FHIR `QuestionnaireResponse`, in the Questionnaire's structure: a group
//! per section holding the answered questions (same linkIds, in questionnaire order), then
//! the group of computed scores and classifications, as a form filler fills them in.

use serde_json::{Value as Json, json};

use super::codes::{self, local, number, options, yes_no_coding};
use super::links::{self, Links};
use super::questionnaire::canonical;
use crate::questionnaire::{Item, ItemType, Questionnaire, Value};
use crate::scoring::assessment::Assessment;

/// `completed`, or `in-progress` when the questioning stopped early, a required question is
/// unanswered, or a safety question is open (the screening is incomplete).
pub fn status(q: &Questionnaire, a: &Assessment) -> &'static str {
    let required_open = (a.unanswered.iter())
        .filter_map(|id| q.item(id))
        .any(|item| item.required);
    if a.stopped || required_open || !a.unanswered_red_flags.is_empty() {
        "in-progress"
    } else {
        "completed"
    }
}

/// The respondent named by a `dgs score` record, as a FHIR identifier's value.
pub fn respondent_value(respondent: &Json) -> String {
    match respondent {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub fn resource(
    q: &Questionnaire,
    a: &Assessment,
    authored: &str,
    respondent: Option<&Json>,
) -> Json {
    let links = Links::of(q);
    let mut groups = Vec::new();
    for (section, link) in q.sections.iter().zip(&links.sections) {
        let items: Vec<Json> = (section.items.iter())
            .filter_map(|item| {
                let value = a.answer(&item.id)?;
                Some(json!({
                    "linkId": item.link(),
                    "text": item.text,
                    "answer": answers(q, item, value),
                }))
            })
            .collect();
        if !items.is_empty() {
            groups.push(json!({"linkId": link, "text": section.title, "item": items}));
        }
    }
    let mut results: Vec<Json> = (a.scores.iter())
        .map(|s| {
            json!({
                "linkId": links.scores[s.index],
                "text": s.label,
                "answer": [{"valueDecimal": number(s.value)}],
            })
        })
        .collect();
    for c in &a.classifications {
        let (Some(class), Some(label)) = (c.class, c.class_label) else {
            continue;
        };
        let system = local(&q.id, &format!("classification/{}", c.id));
        results.push(json!({
            "linkId": links.classifications[c.index],
            "text": c.label,
            "answer": [{"valueCoding": codes::coding(&system, class, label)}],
        }));
    }
    if !results.is_empty() {
        groups.push(json!({"linkId": links::SCORES, "text": "Scores", "item": results}));
    }
    let mut out = json!({
        "resourceType": "QuestionnaireResponse",
        "questionnaire": canonical(q),
        "status": status(q, a),
        "authored": authored,
    });
    // FHIR JSON has no empty arrays: a response with no answer has no `item`.
    if !groups.is_empty() {
        out["item"] = json!(groups);
    }
    if let Some(r) = respondent {
        out["identifier"] = json!({"value": respondent_value(r)});
    }
    out
}

/// An answer as FHIR `answer`s: one per chosen option of a multiple choice.
pub fn answers(q: &Questionnaire, item: &Item, value: &Value) -> Vec<Json> {
    let coded = |code: &str| match item.option(code) {
        Some(option) => json!({"valueCoding": codes::option_coding(&q.id, item, option)}),
        None => json!({"valueCoding": codes::coding(&options(&q.id, &item.id), code, code)}),
    };
    match (item.kind, value) {
        (ItemType::YesNo, Value::Code(code)) if item.not_sure => {
            yes_no_coding(code).map_or_else(Vec::new, |c| vec![json!({ "valueCoding": c })])
        }
        (ItemType::YesNo, Value::Code(code)) => vec![json!({"valueBoolean": code == "yes"})],
        (_, Value::Code(code)) => vec![coded(code)],
        (_, Value::Codes(list)) => list.iter().map(|c| coded(c)).collect(),
        (_, Value::Int(n)) => vec![json!({ "valueInteger": n })],
        (_, Value::Num(n)) => vec![json!({ "valueDecimal": number(*n) })],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::score;
    use crate::testing::{answers as given, benign_with, embedded};

    #[test]
    fn answers_sit_in_their_section_groups_in_questionnaire_order() {
        let q = embedded();
        let answers = benign_with(&q, &["saddle_numbness=not_sure"]);
        let a = score(&q, &answers);
        let qr = resource(&q, &a, "2026-01-01T00:00:00Z", None);
        assert_eq!(qr["questionnaire"], canonical(&q));
        let first = &qr["item"][0];
        assert_eq!(first["linkId"], q.sections[0].id);
        let ids: Vec<&str> = (first["item"].as_array().unwrap().iter())
            .map(|i| i["linkId"].as_str().unwrap())
            .collect();
        let expected: Vec<&str> = (q.sections[0].items.iter())
            .map(|i| i.id.as_str())
            .filter(|id| a.answer(id).is_some())
            .collect();
        assert_eq!(ids, expected);
        let saddle = (first["item"].as_array().unwrap().iter())
            .find(|i| i["linkId"] == "saddle_numbness")
            .unwrap();
        assert_eq!(saddle["answer"][0]["valueCoding"]["code"], "asked-unknown");
    }

    #[test]
    fn a_stop_or_an_open_required_question_leaves_it_in_progress() {
        let q = embedded();
        let complete = benign_with(&q, &[]);
        assert_eq!(status(&q, &score(&q, &complete)), "completed");
        let stopped = benign_with(&q, &["saddle_numbness=yes"]);
        assert_eq!(status(&q, &score(&q, &stopped)), "in-progress");
        let few = given(&q, &["age=40"]);
        assert_eq!(status(&q, &score(&q, &few)), "in-progress");
    }

    #[test]
    fn each_kind_of_answer_has_its_fhir_type() {
        let q = crate::questionnaire::parse(
            include_str!("../../tests/fixtures/every-kind.yaml"),
            "every-kind.yaml",
        )
        .unwrap();
        let item = |id: &str| q.item(id).unwrap();
        let one = |id: &str, v: Value| answers(&q, item(id), &v);
        assert_eq!(
            one("flag", Value::Code("yes".into())),
            vec![json!({"valueBoolean": true})]
        );
        assert_eq!(one("pain", Value::Int(4)), vec![json!({"valueInteger": 4})]);
        assert_eq!(
            one("hours", Value::Num(2.5)),
            vec![json!({"valueDecimal": 2.5})]
        );
        let worse = one(
            "worse",
            Value::Codes(vec!["sitting".into(), "walking".into()]),
        );
        assert_eq!(worse.len(), 2);
        assert_eq!(worse[1]["valueCoding"]["display"], "Walking");
        assert_eq!(
            worse[0]["valueCoding"]["system"],
            "https://dgs-check.invalid/fhir/CodeSystem/every-kind/item/worse"
        );
    }
}
