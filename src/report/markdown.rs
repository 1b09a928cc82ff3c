//! A printable summary to take to a clinician: the result, then every answer in full.

use std::fmt::Write as _;

use crate::questionnaire::Value;
use crate::questionnaire::{Item, Questionnaire};
use crate::report::text::{SCORE_MEANING, fit};
use crate::scoring::assessment::{Assessment, Ranked};

pub fn render(q: &Questionnaire, a: &Assessment) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", q.title);
    let _ = writeln!(out, "> {}\n", q.disclaimer);
    let _ = writeln!(out, "Questionnaire `{}` version {}.\n", q.id, q.version);
    let _ = writeln!(out, "## Result: {}\n", a.title);
    let _ = writeln!(out, "{}\n", a.action);
    if !a.reasons.is_empty() {
        out.push_str("Reasons:\n\n");
        for reason in &a.reasons {
            let _ = writeln!(out, "- {reason}");
        }
        out.push('\n');
    }
    if !a.unanswered_red_flags.is_empty() {
        out.push_str("## Safety questions not answered\n\n");
        for id in &a.unanswered_red_flags {
            if let Some(item) = q.item(id) {
                let _ = writeln!(out, "- {} (`{id}`)", item.text);
            }
        }
        out.push('\n');
    }
    if a.red_flags.iter().any(|f| f.evidence.is_some()) {
        // Sources stay out of the instructions above; a clinician reading this wants them.
        out.push_str("Sources of the reasons:\n\n");
        for f in &a.red_flags {
            if let Some(evidence) = f.evidence {
                let _ = writeln!(out, "- `{}`: {evidence}", f.id);
            }
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{SCORE_MEANING}\n");
    table(&mut out, "Symptom patterns", &a.patterns);
    table(&mut out, "Possible contributing causes", &a.causes);
    if !a.suggestions.is_empty() {
        out.push_str("## Self-care suggested\n\n");
        for s in &a.suggestions {
            let _ = writeln!(out, "- {} *(evidence: {})*", s.text, s.evidence);
        }
        out.push('\n');
    }
    out.push_str("## Answers\n\n| Question | Answer |\n|---|---|\n");
    for item in q.items() {
        let answer = a
            .answer(&item.id)
            .map_or_else(|| "*not answered*".to_string(), |v| label(item, v));
        let _ = writeln!(out, "| {} | {} |", cell(&item.text), cell(&answer));
    }
    out
}

fn table(out: &mut String, title: &str, rows: &[Ranked]) {
    let _ = writeln!(out, "## {title}\n");
    out.push_str("| | Score (0–100) | Level | Based on |\n|---|---|---|---|\n");
    for r in rows {
        let (score, level) = if r.assessed {
            (r.score.to_string(), fit(r.level))
        } else {
            ("—".to_string(), "not assessed")
        };
        let because: Vec<String> = r
            .because
            .iter()
            .flat_map(|b| {
                b.answers
                    .entries()
                    .iter()
                    .map(|(k, v)| format!("{k} = {v}"))
            })
            .collect();
        let _ = writeln!(
            out,
            "| {} | {score} | {level} | {} |",
            cell(r.label),
            cell(&because.join(", "))
        );
    }
    out.push('\n');
}

/// An answer in the words the person chose it by.
fn label(item: &Item, value: &Value) -> String {
    let named = |code: &str| {
        item.option(code)
            .map_or_else(|| code.to_string(), |o| o.label.clone())
    };
    match value {
        Value::Code(code) => named(code),
        Value::Codes(codes) => codes
            .iter()
            .map(|c| named(c))
            .collect::<Vec<_>>()
            .join("; "),
        Value::Int(_) | Value::Num(_) => match &item.unit {
            Some(unit) => format!("{value} {unit}"),
            None => value.to_string(),
        },
    }
}

/// Markdown table cells cannot hold pipes or line breaks.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}
