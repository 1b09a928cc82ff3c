//! `dgs questions --format fhir`: the questionnaire as an HL7 FHIR R4 `Questionnaire`, with
//! the SDC extensions for scoring and logic. docs/fhir.md has the mapping table.

use serde_json::{Value as Json, json};

use super::calculated;
use super::codes::{
    self, ENABLE_WHEN_EXPRESSION, MAX_VALUE, MIN_VALUE, OPTION_EXCLUSIVE, ORDINAL_VALUE,
    SHORT_TEXT, UNIT, extension, item_control, level_coding, number, safety_item_extension,
    yes_no_coding,
};
use super::enable_when::{self, Written};
use super::links::{self, Links};
use crate::questionnaire::{Item, ItemType, Questionnaire};

/// The Questionnaire resource.
pub fn resource(q: &Questionnaire) -> Json {
    let links = Links::of(q);
    let mut items = vec![display(links::DISCLAIMER, &q.disclaimer)];
    if let Some(intro) = &q.intro {
        items.push(display(links::INTRO, intro));
    }
    if let Some(net) = &q.safety_net {
        items.push(display(
            links::SAFETY_NET,
            &format!("Whatever the result, {}", net.text),
        ));
    }
    for (section, link) in q.sections.iter().zip(&links.sections) {
        let mut children = Vec::new();
        if let Some(intro) = &section.intro {
            children.push(display(&links::section_intro(link), intro));
        }
        children.extend(section.items.iter().map(|item| question(q, &links, item)));
        items.push(json!({
            "linkId": link,
            "text": section.title,
            "type": "group",
            "item": children,
        }));
    }
    if let Some(results) = calculated::group(q, &links) {
        items.push(results);
    }
    json!({
        "resourceType": "Questionnaire",
        "id": resource_id(&q.id),
        "url": super::questionnaire_url(&codes::segment(&q.id)),
        "version": q.version,
        "title": q.title,
        "status": "active",
        "subjectType": ["Patient"],
        "description": q.disclaimer,
        "item": items,
    })
}

/// `dgs questions --format fhir`: the Questionnaire, pretty-printed.
pub fn render(q: &Questionnaire) -> String {
    super::write::pretty(&resource(q))
}

/// A FHIR resource id (`[A-Za-z0-9-.]{1,64}`) from a questionnaire id: other characters
/// become `-`.
pub fn resource_id(id: &str) -> String {
    let id: String = (id.chars())
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .take(64)
        .collect();
    if id.is_empty() {
        "questionnaire".into()
    } else {
        id
    }
}

/// The questionnaire's canonical reference with its version, as a response names it.
pub fn canonical(q: &Questionnaire) -> String {
    format!(
        "{}|{}",
        super::questionnaire_url(&codes::segment(&q.id)),
        q.version
    )
}

fn display(link: &str, text: &str) -> Json {
    json!({"linkId": link, "text": text, "type": "display"})
}

/// A display child with an `itemControl` code (`help`, `lower`, `upper`).
fn controlled_display(link: &str, text: &str, control: &str, words: &str) -> Json {
    json!({
        "extension": [item_control(control, words)],
        "linkId": link,
        "text": text,
        "type": "display",
    })
}

fn question(q: &Questionnaire, links: &Links, item: &Item) -> Json {
    let mut extensions = Vec::new();
    if let Some(level) = item.red_flag {
        extensions.push(extension(
            &safety_item_extension(),
            "Coding",
            level_coding(level),
        ));
    }
    if let Some(short) = &item.short {
        extensions.push(extension(SHORT_TEXT, "String", json!(short)));
    }
    let mut out = json!({
        "linkId": item.link(),
        "text": item.text,
        "type": fhir_type(item),
        "required": item.required,
    });
    if item.kind == ItemType::MultipleChoice {
        out["repeats"] = json!(true);
    }
    if let Some(list) = answer_options(q, item) {
        out["answerOption"] = list;
    }
    if item.kind.is_numeric() {
        let kind = if item.kind == ItemType::Integer {
            "Integer"
        } else {
            "Decimal"
        };
        for (url, bound) in [(MIN_VALUE, item.min), (MAX_VALUE, item.max)] {
            if let Some(b) = bound {
                extensions.push(extension(url, kind, number(b)));
            }
        }
        if let Some(unit) = &item.unit {
            extensions.push(extension(UNIT, "Coding", json!({"display": unit})));
        }
    }
    if let Some(cond) = &item.enable_when {
        match enable_when::write(q, links, cond) {
            Written::Always => {}
            Written::EnableWhen(list, behaviour) => {
                out["enableWhen"] = json!(list);
                if let Some(b) = behaviour {
                    out["enableBehavior"] = json!(b);
                }
            }
            Written::Expression(expression) => extensions.push(calculated::expression(
                ENABLE_WHEN_EXPRESSION,
                &format!("Asked when {cond}"),
                &expression,
            )),
        }
    }
    let children = display_children(item);
    if !children.is_empty() {
        out["item"] = json!(children);
    }
    if !extensions.is_empty() {
        out["extension"] = json!(extensions);
    }
    out
}

/// A choice's options: coded, with their weights (`ordinalValue`) and whether they exclude
/// the others; a yes/no with "not sure" has the three `yesnodontknow` codes.
fn answer_options(q: &Questionnaire, item: &Item) -> Option<Json> {
    match item.kind {
        ItemType::YesNo if item.not_sure => Some(
            (item.codes().into_iter())
                .filter_map(yes_no_coding)
                .map(|coding| json!({ "valueCoding": coding }))
                .collect(),
        ),
        ItemType::SingleChoice | ItemType::MultipleChoice => Some(
            (item.options.iter())
                .map(|o| {
                    let mut option = json!({ "valueCoding": codes::option_coding(&q.id, item, o) });
                    let mut ext = Vec::new();
                    if let Some(w) = o.weight {
                        ext.push(extension(ORDINAL_VALUE, "Decimal", number(w)));
                    }
                    if o.exclusive {
                        ext.push(extension(OPTION_EXCLUSIVE, "Boolean", json!(true)));
                    }
                    if !ext.is_empty() {
                        option["extension"] = json!(ext);
                    }
                    option
                })
                .collect(),
        ),
        _ => None,
    }
}

/// The help text, and the labels of a scale's two ends, as display children.
fn display_children(item: &Item) -> Vec<Json> {
    let mut children = Vec::new();
    if let Some(help) = &item.help {
        let link = links::help(item.link());
        children.push(controlled_display(&link, help, "help", "Help-Button"));
    }
    let ends = [
        ("lower", "Lower-bound", &item.min_label),
        ("upper", "Upper-bound", &item.max_label),
    ];
    for (end, words, label) in ends {
        if let Some(label) = label {
            let link = links::end_label(item.link(), end);
            children.push(controlled_display(&link, label, end, words));
        }
    }
    children
}

fn fhir_type(item: &Item) -> &'static str {
    match item.kind {
        ItemType::YesNo if !item.not_sure => "boolean",
        ItemType::YesNo | ItemType::SingleChoice | ItemType::MultipleChoice => "choice",
        ItemType::Integer => "integer",
        ItemType::Number => "decimal",
    }
}

#[cfg(test)]
mod tests;
