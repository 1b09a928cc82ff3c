//! `dgs questions`: every item with its type, allowed values and when it is asked, for
//! people writing scripts.

use std::fmt::Write as _;

use serde_json::json;

use crate::answers::expected;
use crate::cli::{QuestionsArgs, QuestionsFormat};
use crate::commands::{Output, Screen};
use crate::document::pretty_json;
use crate::error::Error;
use crate::questionnaire::condition::Condition;
use crate::questionnaire::{self, Item, ItemType, Questionnaire, Score, Target};
use crate::style::Style;
use crate::words::wrap;

pub fn run(args: &QuestionsArgs, screen: Screen) -> Result<Output, Error> {
    let q = questionnaire::load(args.questionnaire.as_deref())?;
    Ok(Output::stdout(match args.format {
        QuestionsFormat::Text => render_text(&q, screen.out_style, (screen.width)()),
        QuestionsFormat::Json => render_json(&q),
        QuestionsFormat::Fhir => crate::fhir::questionnaire::render(&q),
    }))
}

fn render_text(q: &Questionnaire, style: Style, width: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({} version {})", q.title, q.id, q.version);
    for section in &q.sections {
        let _ = writeln!(out, "\n{}", style.heading(&section.title));
        for item in &section.items {
            let mut tags = vec![item.kind.name().to_string()];
            if item.required {
                tags.push("required".into());
            }
            if let Some(level) = item.red_flag {
                tags.push(format!("red flag: {}", level.name()));
                if item.in_place {
                    tags.push("asked in place".into());
                }
            }
            let _ = writeln!(
                out,
                "  {}  {}",
                style.bold(&item.id),
                style.dim(&format!("[{}]", tags.join(", ")))
            );
            for line in wrap(&item.text, width, "    ") {
                let _ = writeln!(out, "{line}");
            }
            for line in wrap(&format!("answer: {}", expected(item)), width, "    ") {
                let _ = writeln!(out, "{}", style.dim(&line));
            }
            if let Some(weights) = weights(item) {
                for line in wrap(&format!("weights: {weights}"), width, "    ") {
                    let _ = writeln!(out, "{}", style.dim(&line));
                }
            }
            if let Some(cond) = &item.enable_when {
                for line in wrap(&format!("asked when: {cond}"), width, "    ") {
                    let _ = writeln!(out, "{}", style.dim(&line));
                }
            }
        }
    }
    render_scores(&mut out, q, style, width);
    render_classifications(&mut out, q, style, width);
    out
}

/// An item's option weights as `code = weight`, when any option has one.
fn weights(item: &Item) -> Option<String> {
    let weighted: Vec<String> = item
        .options
        .iter()
        .filter_map(|o| o.weight.map(|w| format!("{} = {w}", o.value)))
        .collect();
    (!weighted.is_empty()).then(|| weighted.join(", "))
}

/// How a score is computed, in a line: "sum of 9 items, at least 9 answered".
fn score_method(score: &Score) -> String {
    let mut parts = vec![score.formula.as_ref().map_or_else(
        || format!("{} of {}", score.method.name(), score.items.join(", ")),
        |formula| format!("formula {formula}"),
    )];
    if let Some(n) = score.min_answered {
        parts.push(format!("needs at least {n} answered"));
    }
    if score.prorate {
        parts.push("prorated".into());
    }
    parts.push(format!("rounded to {} decimals", score.decimals));
    parts.join("; ")
}

fn render_scores(out: &mut String, q: &Questionnaire, style: Style, width: usize) {
    if q.scores.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", style.heading("Scores"));
    for score in &q.scores {
        let _ = writeln!(out, "  {}  {}", style.bold(&score.id), score.label);
        for line in wrap(&score_method(score), width, "    ") {
            let _ = writeln!(out, "{}", style.dim(&line));
        }
        let bands: Vec<String> = score
            .bands
            .iter()
            .map(|b| match b.max {
                Some(max) => format!("up to {max}: {}", b.label),
                None => format!("above: {}", b.label),
            })
            .collect();
        if !bands.is_empty() {
            for line in wrap(&format!("bands: {}", bands.join("; ")), width, "    ") {
                let _ = writeln!(out, "{}", style.dim(&line));
            }
        }
    }
}

fn render_classifications(out: &mut String, q: &Questionnaire, style: Style, width: usize) {
    if q.classifications.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", style.heading("Classifications"));
    for classification in &q.classifications {
        let _ = writeln!(
            out,
            "  {}  {} (the first that holds)",
            style.bold(&classification.id),
            classification.label
        );
        for class in &classification.classes {
            let text = format!("{} ({}): when {}", class.label, class.id, class.when);
            for line in wrap(&text, width, "    ") {
                let _ = writeln!(out, "{}", style.dim(&line));
            }
        }
    }
}

fn render_json(q: &Questionnaire) -> String {
    let items: Vec<serde_json::Value> = q
        .sections
        .iter()
        .flat_map(|section| {
            section.items.iter().map(move |item| {
                let mut v = json!({
                    "id": item.id,
                    "section": section.id,
                    "type": item.kind,
                    "text": item.text,
                    "required": item.required,
                    "red_flag": item.red_flag,
                    "in_place": item.in_place,
                    "enable_when": item.enable_when.as_ref().map(Condition::to_json),
                });
                match item.kind {
                    ItemType::YesNo | ItemType::SingleChoice | ItemType::MultipleChoice => {
                        v["values"] = json!(item.codes());
                        if item.kind != ItemType::YesNo {
                            v["options"] = item
                                .options
                                .iter()
                                .map(|o| json!({"value": o.value, "label": o.label, "weight": o.weight, "exclusive": o.exclusive}))
                                .collect();
                        }
                    }
                    ItemType::Integer | ItemType::Number => {
                        v["min"] = json!(item.min);
                        v["max"] = json!(item.max);
                    }
                }
                v
            })
        })
        .collect();
    let doc = json!({
        "schema": "dgs-questions/1",
        "questionnaire": {"id": q.id, "version": q.version},
        "items": items,
        "scores": q.scores.iter().map(score_json).collect::<Vec<_>>(),
        "classifications": q.classifications.iter().map(|c| json!({
            "id": c.id,
            "label": c.label,
            "classes": c.classes.iter().map(|class| json!({
                "id": class.id,
                "label": class.label,
                "when": class.when.to_json(),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "patterns": q.patterns.iter().map(target_json).collect::<Vec<_>>(),
        "causes": q.causes.iter().map(target_json).collect::<Vec<_>>(),
        "suggestions": q.suggestions.iter().map(|s| json!({"id": s.id, "text": s.text})).collect::<Vec<_>>(),
        "rules": q.rules.iter().filter(|r| r.triage.is_some()).map(|r| json!({
            "id": r.id,
            "triage": r.triage,
            "kind": if r.threshold { "threshold" } else { "red_flag" },
            "message": r.message,
        })).collect::<Vec<_>>(),
    });
    pretty_json(&doc)
}

fn score_json(score: &Score) -> serde_json::Value {
    json!({
        "id": score.id,
        "label": score.label,
        "method": score.formula.as_ref().map_or(score.method.name(), |_| "formula"),
        "items": score.items,
        "formula": score.formula.as_ref().map(ToString::to_string),
        "min_answered": score.min_answered,
        "prorate": score.prorate,
        "decimals": score.decimals,
        "bands": score.bands.iter().map(|b| json!({"max": b.max, "label": b.label})).collect::<Vec<_>>(),
    })
}

fn target_json(target: &Target) -> serde_json::Value {
    json!({"id": target.id, "label": target.label, "likely_at": target.likely_at})
}
