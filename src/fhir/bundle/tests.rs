use super::*;
use crate::scoring::score;
use crate::testing::{benign_with, embedded};

const AT: &str = "2026-01-02T03:04:05Z";

#[test]
fn the_same_result_gives_the_same_ids_and_another_gives_others() {
    let q = embedded();
    let benign = benign_with(&q, &[]);
    let one = resource(&q, &score(&q, &benign), AT, None);
    let again = resource(&q, &score(&q, &benign), AT, None);
    assert_eq!(one, again);
    let other_answers = benign_with(&q, &["age=36"]);
    let other = resource(&q, &score(&q, &other_answers), AT, None);
    assert_ne!(one["id"], other["id"]);
    let later = resource(&q, &score(&q, &benign), "2026-01-02T03:04:06Z", None);
    assert_ne!(one["entry"][0]["fullUrl"], later["entry"][0]["fullUrl"]);
    let someone = resource(&q, &score(&q, &benign), AT, Some(&serde_json::json!("r1")));
    assert_ne!(one["id"], someone["id"]);
    assert_eq!(
        one["identifier"]["value"],
        format!("urn:uuid:{}", one["id"].as_str().unwrap())
    );
}

#[test]
fn every_reference_points_at_an_entry() {
    let q = embedded();
    let answers = benign_with(&q, &["saddle_numbness=not_sure"]);
    let doc = resource(&q, &score(&q, &answers), AT, None);
    let urls: Vec<&str> = (doc["entry"].as_array().unwrap().iter())
        .map(|e| e["fullUrl"].as_str().unwrap())
        .collect();
    let risk = &doc["entry"][1]["resource"];
    let basis: Vec<&str> = (risk["basis"].as_array().unwrap().iter())
        .map(|b| b["reference"].as_str().unwrap())
        .collect();
    // The response, and every Observation.
    assert_eq!(basis.len(), urls.len() - 1);
    assert!(basis.iter().all(|b| urls.contains(b)));
    for entry in &doc["entry"].as_array().unwrap()[2..] {
        assert_eq!(entry["resource"]["derivedFrom"][0]["reference"], urls[0]);
    }
}

#[test]
fn a_bad_record_is_an_operation_outcome_with_each_problem() {
    let q = embedded();
    let writer = FhirWriter {
        q: q.clone(),
        authored: AT.into(),
    };
    let mut buf = Vec::new();
    let who = serde_json::json!(17);
    writer.write_error(&mut buf, (3, 4), Some(&who), &["one".into(), "two".into()]);
    let doc: Json = serde_json::from_slice(&buf).unwrap();
    assert_eq!(doc["resourceType"], "OperationOutcome");
    assert_eq!(doc["issue"].as_array().unwrap().len(), 2);
    assert_eq!(
        doc["issue"][1]["diagnostics"],
        "record 3 (line 4, respondent 17): two"
    );
    assert!(!buf.contains(&b'\n'));
}

#[test]
fn authored_time_is_a_fhir_date_time_in_utc() {
    let t = authored_now();
    assert_eq!(t.len(), 20, "{t}");
    assert!(t.ends_with('Z') && t.as_bytes()[10] == b'T', "{t}");
}
