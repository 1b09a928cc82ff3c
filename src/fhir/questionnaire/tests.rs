use super::*;
use crate::questionnaire::parse;
use crate::testing::{embedded, small_questionnaire};

fn find<'a>(items: &'a Json, link: &str) -> Option<&'a Json> {
    for item in items.as_array()? {
        if item["linkId"] == link {
            return Some(item);
        }
        if let Some(found) = find(&item["item"], link) {
            return Some(found);
        }
    }
    None
}

#[test]
fn the_disclaimer_leads_and_sections_are_groups() {
    let q = embedded();
    let doc = resource(&q);
    assert_eq!(doc["resourceType"], "Questionnaire");
    assert_eq!(doc["description"], q.disclaimer);
    assert_eq!(
        doc["item"][0],
        json!({"linkId": "dgs.disclaimer", "text": q.disclaimer, "type": "display"})
    );
    let groups: Vec<&Json> = (doc["item"].as_array().unwrap().iter())
        .filter(|i| i["type"] == "group" && i["linkId"] != links::SCORES)
        .collect();
    assert_eq!(groups.len(), q.sections.len());
    for (group, section) in groups.iter().zip(&q.sections) {
        assert_eq!(group["linkId"], section.id);
        assert_eq!(group["text"], section.title);
    }
    // Every question is there once, by its id.
    for item in q.items() {
        assert_eq!(find(&doc["item"], &item.id).unwrap()["text"], item.text);
    }
}

#[test]
fn each_item_type_has_its_fhir_type() {
    let q = parse(
        include_str!("../../../tests/fixtures/every-kind.yaml"),
        "every-kind.yaml",
    )
    .unwrap();
    let doc = resource(&q);
    let kind = |id: &str| find(&doc["item"], id).unwrap()["type"].clone();
    assert_eq!(kind("flag"), "boolean");
    assert_eq!(kind("where"), "choice");
    assert_eq!(kind("worse"), "choice");
    assert_eq!(kind("pain"), "integer");
    assert_eq!(kind("hours"), "decimal");
    assert_eq!(find(&doc["item"], "worse").unwrap()["repeats"], true);
    let pain = find(&doc["item"], "pain").unwrap();
    assert_eq!(
        pain["extension"],
        json!([
            {"url": MIN_VALUE, "valueInteger": 0},
            {"url": MAX_VALUE, "valueInteger": 10},
        ])
    );
    // Options without weights have no ordinalValue.
    assert!(
        find(&doc["item"], "where").unwrap()["answerOption"][0]
            .get("extension")
            .is_none()
    );
}

#[test]
fn ids_that_are_no_fhir_ids_are_made_into_one() {
    assert_eq!(resource_id("phq-9"), "phq-9");
    assert_eq!(resource_id("my form_2"), "my-form-2");
    assert_eq!(resource_id(""), "questionnaire");
    assert_eq!(resource_id(&"x".repeat(80)).len(), 64);
    let body =
        "sections:\n  - id: s\n    title: S\n    items:\n      - {id: a, type: yes_no, text: A?}\n";
    let q = parse(&small_questionnaire("my form", body), "q.yaml").unwrap();
    assert_eq!(
        canonical(&q),
        "https://dgs-check.invalid/fhir/Questionnaire/my%20form|1"
    );
    // No scores, no group for them.
    assert!(find(&resource(&q)["item"], links::SCORES).is_none());
}
