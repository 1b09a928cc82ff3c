//! Reading questionnaires: from a file, from text, or the ones compiled in. A questionnaire
//! from a file or text is indexed and validated before anyone uses it; the ones compiled into
//! the binary are validated by a test (`every_shipped_questionnaire_is_valid`) instead of at
//! every start, where checking them was half of a scripted run's start-up.

use std::path::Path;

use super::validate;
use super::{Definition, EMBEDDED, EMBEDDED_NAME, Questionnaire};
use crate::document;
use crate::error::Error;

/// The embedded questionnaire as JSON, converted by `build.rs`; empty if the YAML did not
/// convert.
pub(super) const EMBEDDED_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/embedded.json"));

/// Parses and validates questionnaire text; `origin` names it in error messages.
pub fn parse(text: &str, origin: &str) -> Result<Questionnaire, Error> {
    let q: Definition =
        document::from_yaml(text, origin).map_err(|problem| Error::InvalidQuestionnaire {
            origin: origin.to_string(),
            problems: vec![problem],
        })?;
    checked(q, text, origin)
}

/// Indexes and validates a deserialised questionnaire; `text` is its source, for line numbers.
fn checked(definition: Definition, text: &str, origin: &str) -> Result<Questionnaire, Error> {
    let q = Questionnaire::new(definition);
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

/// Reads a questionnaire file, or the embedded one when `path` is `None`. A path that names
/// no file but a shipped questionnaire (`phq-9`) loads that one: a file wins, so a local file
/// is never shadowed.
pub fn load(path: Option<&Path>) -> Result<Questionnaire, Error> {
    let shipped = path
        .filter(|p| !p.exists())
        .and_then(|p| p.to_str())
        .and_then(super::shipped::by_name);
    match (path, shipped) {
        (None, _) => embedded(),
        (_, Some(s)) if s.text == EMBEDDED => embedded(),
        (_, Some(s)) => compiled_in(s.text, s.origin),
        (Some(path), None) => {
            let origin = path.display().to_string();
            let text = document::read_text(path).map_err(|problem| match problem {
                document::Problem::Io(source) => Error::Read {
                    path: origin.clone(),
                    source: not_found_says_the_names(source, &origin),
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

/// As [`load`], but a questionnaire compiled in is validated too: for `dgs validate`, which
/// is asked to check.
pub fn load_validated(path: Option<&Path>) -> Result<Questionnaire, Error> {
    let shipped = path
        .filter(|p| !p.exists())
        .and_then(|p| p.to_str())
        .and_then(super::shipped::by_name);
    match (path, shipped) {
        (None, _) => parse(EMBEDDED, EMBEDDED_NAME),
        (_, Some(s)) => parse(s.text, s.origin),
        (Some(_), None) => load(path),
    }
}

/// The embedded questionnaire, from its build-time JSON form; indexed, and validated by a
/// test rather than here.
pub(super) fn embedded() -> Result<Questionnaire, Error> {
    match serde_json::from_str::<Definition>(EMBEDDED_JSON) {
        Ok(q) => Ok(Questionnaire::new(q)),
        Err(_) => compiled_in(EMBEDDED, EMBEDDED_NAME),
    }
}

/// A questionnaire compiled into the binary, read from its YAML; indexed, and validated by a
/// test rather than here.
fn compiled_in(text: &str, origin: &str) -> Result<Questionnaire, Error> {
    let q: Definition =
        document::from_yaml(text, origin).map_err(|problem| Error::InvalidQuestionnaire {
            origin: origin.to_string(),
            problems: vec![problem],
        })?;
    Ok(Questionnaire::new(q))
}

/// `-q NAME` takes a file or a shipped questionnaire's name: when neither exists, the error
/// names the shipped ones (and the nearest, for a typo such as `phq9`).
fn not_found_says_the_names(source: std::io::Error, given: &str) -> std::io::Error {
    if source.kind() != std::io::ErrorKind::NotFound {
        return source;
    }
    let names: Vec<&str> = super::shipped::SHIPPED.iter().map(|s| s.name).collect();
    let hint = crate::words::did_you_mean(given, names.iter().copied())
        .map(|name| format!("did you mean `{name}`? "))
        .unwrap_or_default();
    std::io::Error::new(
        std::io::ErrorKind::NotFound,
        format!(
            "no such file, and no shipped questionnaire of that name ({hint}shipped: {}; `dgs questionnaires` lists them)",
            names.join(", ")
        ),
    )
}
