//! The read-only items a form filler computes — each score (a `decimal`) and each
//! classification (a `choice` of its classes) with its SDC `calculatedExpression` — and the
//! FHIR `Expression` extensions that carry `FHIRPath`.

use serde_json::{Value as Json, json};

use super::codes::{self, CALCULATED_EXPRESSION, HIDDEN, VARIABLE, extension, local};
use super::fhirpath;
use super::links::{self, Links};
use crate::questionnaire::Questionnaire;

/// An extension (`calculatedExpression`, `enableWhenExpression`) with a `FHIRPath` expression.
pub fn expression(url: &str, description: &str, expression: &str) -> Json {
    extension(
        url,
        "Expression",
        json!({
            "description": description,
            "language": "text/fhirpath",
            "expression": expression,
        }),
    )
}

/// The read-only items a form filler computes: each score (a `decimal`) and each
/// classification (a `choice` of its classes), in a group after the sections.
pub fn group(q: &Questionnaire, links: &Links) -> Option<Json> {
    let mut items = Vec::new();
    for (n, score) in q.scores.iter().enumerate() {
        let (contributions, calculated) = fhirpath::score(q, links, n);
        let mut extensions = Vec::new();
        if let Some(each) = contributions {
            extensions.push(extension(
                VARIABLE,
                "Expression",
                json!({
                    "name": fhirpath::CONTRIBUTIONS,
                    "language": "text/fhirpath",
                    "expression": each,
                }),
            ));
        }
        extensions.push(expression(CALCULATED_EXPRESSION, &score.label, &calculated));
        if score.hidden {
            // A working value for rules: computed, not shown, as the SDC forms say it.
            extensions.push(json!({"url": HIDDEN, "valueBoolean": true}));
        }
        items.push(json!({
            "extension": extensions,
            "linkId": links.scores[n],
            "text": score.label,
            "type": "decimal",
            "readOnly": true,
        }));
    }
    for (n, c) in q.classifications.iter().enumerate() {
        let system = local(&q.id, &format!("classification/{}", c.id));
        items.push(json!({
            "extension": [expression(
                CALCULATED_EXPRESSION,
                &c.label,
                &classification(q, links, n),
            )],
            "linkId": links.classifications[n],
            "text": c.label,
            "type": "choice",
            "readOnly": true,
            "answerOption": c.classes.iter()
                .map(|class| json!({"valueCoding": codes::coding(&system, &class.id, &class.label)}))
                .collect::<Vec<_>>(),
        }));
    }
    (!items.is_empty()).then(|| {
        json!({
            "linkId": links::SCORES,
            "text": "Scores",
            "type": "group",
            "item": items,
        })
    })
}

/// A classification's `calculatedExpression`: the coding of the first class whose condition
/// holds, taken from the classification item's own options in the Questionnaire.
pub fn classification(q: &Questionnaire, links: &Links, n: usize) -> String {
    let c = &q.classifications[n];
    let option = |class: &str| {
        format!(
            "%questionnaire.repeat(item).where(linkId = {}).answerOption.valueCoding.where(code = {})",
            fhirpath::string(&links.classifications[n]),
            fhirpath::string(class)
        )
    };
    let mut out = "{}".to_string();
    for class in c.classes.iter().rev() {
        out = format!(
            "iif({}, {}, {out})",
            fhirpath::condition(q, links, &class.when),
            option(&class.id)
        );
    }
    out
}
