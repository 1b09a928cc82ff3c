//! The result as a FHIR `RiskAssessment`: the triage level as the first prediction, then a
//! prediction per symptom pattern and per contributing cause, with how likely each is; the
//! disclaimer and the safety net as notes, the triage action as the mitigation.

use std::fmt::Write as _;

use serde_json::{Value as Json, json};

use super::codes::{level_coding, likelihood_concept, local};
use super::observation::subject;
use crate::questionnaire::Questionnaire;
use crate::scoring::assessment::{AnswerList, Assessment, Fact, Ranked, RedFlag};

/// `basis` holds references to the response and to every Observation of the result.
pub fn resource(
    q: &Questionnaire,
    a: &Assessment,
    authored: &str,
    final_result: bool,
    basis: &[String],
) -> Json {
    let mut predictions = vec![triage(q, a)];
    let patterns = local(&q.id, "pattern");
    let causes = local(&q.id, "cause");
    predictions.extend(a.patterns.iter().map(|p| ranked(q, p, &patterns)));
    predictions.extend(a.causes.iter().map(|c| ranked(q, c, &causes)));
    let mut notes = vec![json!({ "text": q.disclaimer })];
    if let Some(net) = &q.safety_net {
        notes.push(json!({"text": format!("Whatever the result, {}", net.text)}));
    }
    if !a.unanswered_red_flags.is_empty() {
        let open: Vec<&str> = (a.unanswered_red_flags.iter())
            .filter_map(|id| q.item(id))
            .map(crate::questionnaire::Item::name)
            .collect();
        notes.push(json!({"text": format!(
            "Safety questions not answered, so the safety screening is incomplete: {}.",
            open.join("; ")
        )}));
    }
    json!({
        "resourceType": "RiskAssessment",
        "status": if final_result { "final" } else { "preliminary" },
        "code": {"text": format!("dgs-check self-assessment: {}", q.title)},
        "method": {"text": format!("dgs-check questionnaire `{}` version {}", q.id, q.version)},
        "subject": subject(),
        "occurrenceDateTime": authored,
        "basis": basis.iter().map(|url| json!({"reference": url})).collect::<Vec<_>>(),
        "prediction": predictions,
        "mitigation": mitigation(a.title, a.action),
        "note": notes,
    })
}

/// The triage level: its code, the level's title as the text, and why in the rationale:
/// each safety flag and threshold with the answers behind it, then the reasons.
fn triage(q: &Questionnaire, a: &Assessment) -> Json {
    let mut why: Vec<String> = Vec::new();
    let flag = |kind: &str, f: &RedFlag| {
        format!(
            "{kind} ({}): {} [{}]",
            f.level.name(),
            f.message,
            words(q, &f.because)
        )
    };
    why.extend(a.red_flags.iter().map(|f| flag("Safety flag", f)));
    why.extend(a.thresholds.iter().map(|f| flag("Threshold", f)));
    // The reasons repeat each flag's message: only the others are added.
    let flagged =
        |reason: &str| (a.red_flags.iter().chain(&a.thresholds)).any(|f| f.message == reason);
    why.extend(
        (a.reasons.iter())
            .filter(|r| !flagged(r))
            .map(ToString::to_string),
    );
    if a.stopped {
        why.push("The questioning stopped early at an emergency answer.".into());
    }
    if why.is_empty() {
        why.push("No answer raised the level.".into());
    }
    json!({
        "outcome": {"coding": [level_coding(a.level)], "text": a.title},
        "rationale": why.join("\n"),
    })
}

/// What to do: the level's title, then its action.
fn mitigation(title: &str, action: &str) -> String {
    if title.ends_with(['.', '!', '?', ':']) {
        format!("{title} {action}")
    } else {
        format!("{title}. {action}")
    }
}

fn ranked(q: &Questionnaire, r: &Ranked, system: &str) -> Json {
    let mut out = json!({
        "outcome": {"coding": [super::codes::coding(system, r.id, r.label)], "text": r.label},
    });
    if r.assessed {
        out["qualitativeRisk"] = likelihood_concept(r.level);
        let because: Vec<String> = (r.because.iter())
            .map(|b| words(q, &b.answers))
            .filter(|w| !w.is_empty())
            .collect();
        let mut rationale = format!(
            "{} of 100 (its share of the points the questionnaire's rules can give).",
            r.score
        );
        if !because.is_empty() {
            let _ = write!(rationale, " Because: {}.", because.join("; "));
        }
        out["rationale"] = json!(rationale);
    } else {
        out["rationale"] = json!("Not assessed: the questioning stopped early.");
    }
    out
}

/// The answers (and score values) a rule read, in words: `Age: 17, Weight loss: yes`.
fn words(q: &Questionnaire, list: &AnswerList) -> String {
    let parts: Vec<String> = (list.entries().iter())
        .map(|(id, fact)| {
            if let (Fact::Answer(value), Some(item)) = (fact, q.item(id)) {
                format!("{}: {}", item.name(), item.answer_words(value))
            } else {
                let label = q.score(id).map_or(*id, |s| s.label.as_str());
                format!("{label}: {fact}")
            }
        })
        .collect();
    parts.join(", ")
}
