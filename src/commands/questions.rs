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
use crate::questionnaire::{self, ItemType, Questionnaire};
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
            if let Some(cond) = &item.enable_when {
                for line in wrap(&format!("asked when: {cond}"), width, "    ") {
                    let _ = writeln!(out, "{}", style.dim(&line));
                }
            }
        }
    }
    out
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
                    "enable_when": item.enable_when.as_ref().map(Condition::to_json),
                });
                match item.kind {
                    ItemType::YesNo | ItemType::SingleChoice | ItemType::MultipleChoice => {
                        v["values"] = json!(item.codes());
                        if item.kind != ItemType::YesNo {
                            v["options"] = item
                                .options
                                .iter()
                                .map(|o| json!({"value": o.value, "label": o.label, "exclusive": o.exclusive}))
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
    });
    pretty_json(&doc)
}
