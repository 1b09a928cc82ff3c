//! An `Observation` per score (its value, its band as the interpretation) and per
//! classification (its class as a coded value), each derived from the response.

use serde_json::{Value as Json, json};

use super::codes::{DATA_ABSENT_REASON, UCUM, concept, local, number, survey_category};
use crate::questionnaire::Questionnaire;
use crate::scoring::assessment::{Classified, Fact, ScoreResult, Unscored};

/// What every resource of a result says about whom it is about: no one identifiable, since
/// dgs-check holds no patient data.
pub fn subject() -> Json {
    json!({"display": "The person who answered the questionnaire (no identifying data is held)"})
}

/// A code from a label: FHIR codes have no leading, trailing or double whitespace.
fn code_of(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn base(code: Json, authored: &str, derived_from: Vec<Json>) -> Json {
    json!({
        "resourceType": "Observation",
        "status": "final",
        "category": survey_category(),
        "code": code,
        "subject": subject(),
        "effectiveDateTime": authored,
        "derivedFrom": derived_from,
    })
}

fn reference(url: &str) -> Json {
    json!({ "reference": url })
}

/// A score with a value: a unitless quantity (UCUM `{score}`), the band as interpretation.
pub fn score(q: &Questionnaire, s: &ScoreResult, authored: &str, response: &str) -> Json {
    let mut out = base(
        concept(&local(&q.id, "score"), s.id, s.label),
        authored,
        vec![reference(response)],
    );
    out["valueQuantity"] = json!({
        "value": number(s.value),
        "unit": "{score}",
        "system": UCUM,
        "code": "{score}",
    });
    if let Some(band) = s.band {
        let system = local(&q.id, &format!("score/{}/band", s.id));
        out["interpretation"] = json!([concept(&system, &code_of(band), band)]);
    }
    out
}

/// A score that too few answers left without a value: no value, and why.
pub fn unscored(q: &Questionnaire, u: &Unscored, authored: &str, response: &str) -> Json {
    let mut out = base(
        concept(&local(&q.id, "score"), u.id, u.label),
        authored,
        vec![reference(response)],
    );
    out["dataAbsentReason"] = json!({
        "coding": [{"system": DATA_ABSENT_REASON, "code": "unknown", "display": "Unknown"}],
        "text": format!(
            "Not scored: {} of its questions answered, {} needed",
            u.answered, u.needed
        ),
    });
    out
}

/// A classification's class, or why there is none; derived from the response and from the
/// Observations of the scores its condition read (`score_url` gives those, by score id).
pub fn classification(
    q: &Questionnaire,
    c: &Classified,
    authored: &str,
    response: &str,
    score_url: &dyn Fn(&str) -> Option<String>,
) -> Json {
    let mut derived = vec![reference(response)];
    for (id, fact) in c.because.entries() {
        if let (Fact::Number(_), Some(url)) = (fact, score_url(id)) {
            derived.push(reference(&url));
        }
    }
    let mut out = base(
        concept(&local(&q.id, "classification"), c.id, c.label),
        authored,
        derived,
    );
    match (c.class, c.class_label) {
        (Some(class), Some(label)) => {
            let system = local(&q.id, &format!("classification/{}", c.id));
            out["valueCodeableConcept"] = concept(&system, class, label);
        }
        _ => {
            out["dataAbsentReason"] = json!({
                "coding": [{"system": DATA_ABSENT_REASON, "code": "unknown", "display": "Unknown"}],
                "text": "Not classified: too few questions answered",
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_from_labels_have_single_spaces() {
        assert_eq!(code_of(" moderately   severe "), "moderately severe");
    }
}
