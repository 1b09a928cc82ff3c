//! `dgs assess --format fhir` and `dgs score --output fhir`: a result as a FHIR `Bundle` of
//! type `collection` — the `QuestionnaireResponse`, the `RiskAssessment`, and an
//! `Observation` per score and per classification — whose `urn:uuid:` fullUrls are derived
//! from the result's content (see [`super::uuid`]), so the same answers at the same time give
//! the same bytes.

use serde_json::{Value as Json, json};

use super::questionnaire::canonical;
use super::uuid::{urn, uuid};
use super::{observation, response, risk, write};
use crate::questionnaire::Questionnaire;
use crate::scoring::assessment::Assessment;

/// The time a result is authored: `SOURCE_DATE_EPOCH` (seconds) when set, so output can be
/// reproduced, else now; in UTC to the second, as a FHIR `dateTime`.
pub fn authored_now() -> String {
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok());
    let t = fixed.unwrap_or_else(|| {
        let now = jiff::Timestamp::now();
        jiff::Timestamp::from_second(now.as_second()).unwrap_or(now)
    });
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// What a result's ids are derived from: the questionnaire and its version, the time, the
/// respondent (for `dgs score`) and every answer.
fn seed(q: &Questionnaire, a: &Assessment, authored: &str, respondent: Option<&Json>) -> String {
    let answers = serde_json::to_string(&a.answers).unwrap_or_default();
    let who = respondent.map(ToString::to_string).unwrap_or_default();
    format!("{}\n{authored}\n{who}\n{answers}", canonical(q))
}

/// The Bundle.
pub fn resource(
    q: &Questionnaire,
    a: &Assessment,
    authored: &str,
    respondent: Option<&Json>,
) -> Json {
    let seed = seed(q, a, authored, respondent);
    let qr_url = urn(&seed, "QuestionnaireResponse");
    let qr = response::resource(q, a, authored, respondent);
    let finished = qr["status"] == "completed";
    let mut observations: Vec<(String, Json)> = Vec::new();
    let score_url = |id: &str| urn(&seed, &format!("Observation/score/{id}"));
    // A hidden score is a working value for rules, not a finding: no Observation of its own.
    for s in a.scores.iter().filter(|s| q.shows_score(s.id)) {
        let obs = observation::score(q, s, authored, &qr_url);
        observations.push((score_url(s.id), obs));
    }
    for u in a.unscored.iter().filter(|u| q.shows_score(u.id)) {
        let obs = observation::unscored(q, u, authored, &qr_url);
        observations.push((score_url(u.id), obs));
    }
    for c in &a.classifications {
        let with_value = |id: &str| {
            (q.shows_score(id)
                && (a.scores.iter().any(|s| s.id == id) || a.unscored.iter().any(|u| u.id == id)))
            .then(|| score_url(id))
        };
        let obs = observation::classification(q, c, authored, &qr_url, &with_value);
        let url = urn(&seed, &format!("Observation/classification/{}", c.id));
        observations.push((url, obs));
    }
    let mut basis = vec![qr_url.clone()];
    basis.extend(observations.iter().map(|(url, _)| url.clone()));
    let assessment = risk::resource(q, a, authored, finished, &basis);
    let mut entries = vec![
        entry(&qr_url, qr),
        entry(&urn(&seed, "RiskAssessment"), assessment),
    ];
    entries.extend(observations.into_iter().map(|(url, obs)| entry(&url, obs)));
    let id = uuid(&seed, "Bundle");
    json!({
        "resourceType": "Bundle",
        "id": id,
        "identifier": {"system": "urn:ietf:rfc:3986", "value": format!("urn:uuid:{id}")},
        "type": "collection",
        "timestamp": authored,
        "entry": entries,
    })
}

fn entry(url: &str, resource: Json) -> Json {
    json!({"fullUrl": url, "resource": resource})
}

/// `dgs assess --format fhir`: the Bundle, pretty-printed.
pub fn render(q: &Questionnaire, a: &Assessment, authored: &str) -> String {
    write::pretty(&resource(q, a, authored, None))
}

/// `dgs score --output fhir`: a Bundle a line (NDJSON, the FHIR Bulk Data convention), and
/// for a record that could not be scored an `OperationOutcome` on its line instead, so the
/// output keeps one line per record.
pub struct FhirWriter {
    q: Questionnaire,
    authored: String,
}

impl FhirWriter {
    /// Every result of a run has the run's time as its authored time.
    pub fn new(q: &Questionnaire) -> FhirWriter {
        FhirWriter {
            q: q.clone(),
            authored: authored_now(),
        }
    }

    pub fn write(&self, buf: &mut Vec<u8>, a: &Assessment, respondent: Option<&Json>) {
        write::compact(buf, &resource(&self.q, a, &self.authored, respondent));
    }

    /// The record's problems as an `OperationOutcome`, one issue each.
    pub fn write_error(
        &self,
        buf: &mut Vec<u8>,
        (record, line): (usize, usize),
        respondent: Option<&Json>,
        errors: &[String],
    ) {
        let who = respondent.map_or_else(String::new, |r| {
            format!(", respondent {}", response::respondent_value(r))
        });
        let seed = format!("{}\n{record}\n{who}", self.authored);
        let issues: Vec<Json> = (errors.iter())
            .map(|e| {
                json!({
                    "severity": "error",
                    "code": "invalid",
                    "diagnostics": format!("record {record} (line {line}{who}): {e}"),
                })
            })
            .collect();
        let outcome = json!({
            "resourceType": "OperationOutcome",
            "id": uuid(&seed, "OperationOutcome"),
            "issue": issues,
        });
        write::compact(buf, &outcome);
    }
}

#[cfg(test)]
mod tests;
