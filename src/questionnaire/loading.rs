//! Reading questionnaires (and answer documents) from text. All YAML access in the crate goes
//! through here, so the YAML library can be swapped without touching other modules.

use std::path::Path;

use super::{EMBEDDED, EMBEDDED_NAME, Questionnaire};
use crate::error::Error;
use crate::input;
use crate::validate;

/// The embedded questionnaire as JSON, converted by `build.rs`; empty if the YAML did not
/// convert.
pub(super) const EMBEDDED_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/embedded.json"));

/// Parses and validates questionnaire text; `origin` names it in error messages.
pub fn parse(text: &str, origin: &str) -> Result<Questionnaire, Error> {
    let q: Questionnaire = serde_yaml::from_str(text).map_err(|e| Error::InvalidQuestionnaire {
        origin: origin.to_string(),
        problems: vec![yaml_problem(&e, origin)],
    })?;
    checked(q, text, origin)
}

/// Indexes and validates a deserialised questionnaire; `text` is its source, for line numbers.
fn checked(mut q: Questionnaire, text: &str, origin: &str) -> Result<Questionnaire, Error> {
    q.build_index();
    let problems = validate::check(&q, text);
    if problems.is_empty() {
        Ok(q)
    } else {
        Err(Error::InvalidQuestionnaire {
            origin: origin.to_string(),
            problems: problems.into_iter().map(|p| p.display(origin)).collect(),
        })
    }
}

/// Reads a questionnaire file, or the embedded one when `path` is `None`.
pub fn load(path: Option<&Path>) -> Result<Questionnaire, Error> {
    match path {
        None => embedded(),
        Some(path) => {
            let origin = path.display().to_string();
            let text = input::read_text(path).map_err(|problem| match problem {
                input::Problem::Io(source) => Error::Read {
                    path: origin.clone(),
                    source,
                },
                other => Error::InvalidQuestionnaire {
                    origin: origin.clone(),
                    problems: vec![format!("{origin}: {other}")],
                },
            })?;
            parse(&text, &origin)
        }
    }
}

/// The embedded questionnaire, from its build-time JSON form; validated like any other, with
/// line numbers taken from the YAML source.
pub(super) fn embedded() -> Result<Questionnaire, Error> {
    match serde_json::from_str::<Questionnaire>(EMBEDDED_JSON) {
        Ok(q) => checked(q, EMBEDDED, EMBEDDED_NAME),
        Err(_) => parse(EMBEDDED, EMBEDDED_NAME),
    }
}

/// Parses a data document (answers) written in YAML or JSON. JSON is read by the JSON parser
/// when the text starts with `{` or `[`, so JSON errors are reported in JSON's terms.
pub fn parse_data<T: serde::de::DeserializeOwned>(text: &str, origin: &str) -> Result<T, String> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        serde_json::from_str(trimmed).map_err(|e| json_problem(&e))
    } else if trimmed.is_empty() {
        Err("the file is empty".into())
    } else {
        serde_yaml::from_str(trimmed).map_err(|e| yaml_problem(&e, origin))
    }
}

/// A JSON parser error in words: "invalid JSON" only when the text is not JSON at all.
pub fn json_problem(e: &serde_json::Error) -> String {
    match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            format!("invalid JSON: {e}")
        }
        _ => e.to_string(),
    }
}

/// `file:line:column: message`, from the parser's own location when it has one.
fn yaml_problem(e: &serde_yaml::Error, origin: &str) -> String {
    let message = e.to_string();
    // serde_yaml appends " at line L column C" to its messages; move it to the front.
    match (e.location(), message.rfind(" at line ")) {
        (Some(loc), Some(cut)) => {
            format!(
                "{origin}:{}:{}: {}",
                loc.line(),
                loc.column(),
                &message[..cut]
            )
        }
        (Some(loc), None) => format!("{origin}:{}:{}: {message}", loc.line(), loc.column()),
        _ => format!("{origin}: {message}"),
    }
}
