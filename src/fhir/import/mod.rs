//! `dgs import`: a FHIR R4 `Questionnaire` (JSON) to `dgs-questionnaire/1` YAML, carrying the
//! subset that maps and listing every element it could not carry, by its JSON path. Compute
//! only: text in, YAML and notes out. The rules are in docs/fhir-import.md.
//!
//! The work is done in steps over one parsed document: check the item tree (`tree.rs`), walk
//! it into a draft of sections and questions (`walk.rs`, one question in `question.rs`), read
//! the calculated scores (`scores.rs`) and the `enableWhen`s (`conditions.rs`), give out the
//! ids (`ids.rs`), and write the YAML (`output/`). `response.rs` reads a `QuestionnaireResponse`
//! to such a questionnaire as answers, by the same id rule.

mod conditions;
mod element;
mod fhirpath;
pub mod ids;
mod output;
mod question;
pub mod response;
mod scores;
mod sum;
mod tree;
mod walk;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use serde_json::Value;

use crate::document;
use crate::questionnaire::ItemType;
use element::{Element, Notes};

/// A questionnaire imported: the YAML to write, and what could not be carried, in lines.
#[derive(Debug)]
pub struct Imported {
    pub yaml: String,
    /// A first line counting what was carried, then one `path: what` line per element.
    pub notes: Vec<String>,
}

/// Imports a FHIR Questionnaire; `Err` lists every problem that stops it (not JSON, not a
/// Questionnaire, items without a unique string `linkId`, nesting too deep).
pub fn import(text: &str, origin: &str) -> Result<Imported, Vec<String>> {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if !text.starts_with('{') {
        return Err(vec![format!(
            "{origin}: expected a FHIR Questionnaire in JSON (an object starting with `{{`)"
        )]);
    }
    let doc: Value = serde_json::from_str(text)
        .map_err(|e| vec![format!("{origin}: {}", document::json_problem(&e))])?;
    let root = doc
        .as_object()
        .ok_or_else(|| vec![format!("{origin}: expected an object")])?;
    match root.get("resourceType").and_then(Value::as_str) {
        Some("Questionnaire") => {}
        Some(other) => {
            return Err(vec![format!(
                "{origin}: this is a FHIR `{other}`, not a `Questionnaire`"
            )]);
        }
        None => {
            return Err(vec![format!(
                "{origin}: no `resourceType`: not a FHIR resource"
            )]);
        }
    }
    tree::check(root).map_err(|problems| {
        problems
            .into_iter()
            .map(|p| format!("{origin}: {p}"))
            .collect::<Vec<_>>()
    })?;
    let mut draft = walk::walk(Element::new(root, String::new()));
    let mut scores = scores::read(&mut draft);
    let conditions = conditions::read(&mut draft);
    if draft.questions.is_empty() {
        let mut problems = vec![format!(
            "{origin}: none of its questions can be carried over to dgs-questionnaire/1:"
        )];
        problems.extend(draft.notes.lines());
        return Err(problems);
    }
    let body = output::write(&mut draft, &mut scores, &conditions);
    let lines = std::mem::take(&mut draft.notes).lines();
    let yaml = format!("{}{body}", output::header(&draft.source, &lines));
    let mut notes = vec![output::summary(&draft, scores.len(), lines.len())];
    notes.extend(lines);
    Ok(Imported { yaml, notes })
}

/// The questionnaire as the walk leaves it, before ids are given out.
pub(crate) struct Draft<'a> {
    pub id: String,
    pub version: String,
    pub title: String,
    pub intro: Option<String>,
    /// Where the questionnaire came from, for the header comment.
    pub source: Vec<String>,
    pub sections: Vec<SectionDraft<'a>>,
    pub questions: Vec<Question<'a>>,
    /// What enables questions: `enableWhen`s of groups and items, and parents' answers.
    pub owners: Vec<Owner<'a>>,
    pub calculated: Vec<Calculated<'a>>,
    pub variables: Vec<Variable<'a>>,
    pub notes: Notes,
}

impl<'a> Draft<'a> {
    /// Question indices by linkId.
    pub fn by_link(&self) -> HashMap<&'a str, usize> {
        let questions = self.questions.iter().enumerate();
        questions.map(|(i, q)| (q.link_id, i)).collect()
    }
}

/// A run of questions of one group (or of the questionnaire's top level).
pub(crate) struct SectionDraft<'a> {
    /// The group it comes from (0: the top level), as the walk numbers them, and its path.
    pub group: usize,
    pub path: String,
    pub link_id: Option<&'a str>,
    pub title: String,
    /// The group's questions after a nested group: a section of its own, `…_continued`.
    pub continued: bool,
    pub questions: Vec<usize>,
    pub id: String,
}

pub(crate) struct Question<'a> {
    pub path: String,
    pub link_id: &'a str,
    pub id: String,
    pub kind: ItemType,
    pub text: String,
    pub help: Option<String>,
    pub required: bool,
    pub options: Vec<Choice<'a>>,
    /// Where every option's weight was found, when all have one from the same place.
    pub weights: Option<WeightSource>,
    pub bounds: (f64, f64),
    pub unit: Option<String>,
    /// Owners that must all hold for it to be asked, outermost first.
    pub owners: Vec<usize>,
}

pub(crate) struct Choice<'a> {
    pub system: Option<&'a str>,
    pub code: &'a str,
    pub value: String,
    pub label: String,
    pub weight: Option<f64>,
    pub exclusive: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WeightSource {
    pub url: &'static str,
    /// On the option's `valueCoding`, rather than on the `answerOption` itself.
    pub on_coding: bool,
}

pub(crate) enum Owner<'a> {
    /// An item's or a group's `enableWhen` (with `enableBehavior`).
    EnableWhen {
        path: String,
        list: &'a Value,
        behavior: Option<&'a Value>,
        /// The question it belongs to, when it is a question's own.
        question: Option<usize>,
    },
    /// Items nested under a question can only be answered once it is.
    Answered(usize),
}

/// An item with a `calculatedExpression`: a score, if the expression is a plain sum.
pub(crate) struct Calculated<'a> {
    pub path: String,
    pub link_id: &'a str,
    pub label: String,
    pub expression: Option<&'a str>,
    pub extension_path: String,
    /// The variables it can read (indices into `Draft::variables`), outermost first.
    pub scope: Vec<usize>,
    pub owners: Vec<usize>,
}

pub(crate) struct Variable<'a> {
    pub path: String,
    pub name: &'a str,
    pub expression: Option<&'a str>,
}
