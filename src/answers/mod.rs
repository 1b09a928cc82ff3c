//! From what was given to checked answers: every raw answer (a flag, a file, a batch line)
//! is checked against its item, and every problem is reported at once.

use std::borrow::Cow;
use std::fmt;

use crate::questionnaire::{Answers, Item, ItemType, NOT_SURE, Questionnaire, Value};
pub mod raw;

use raw::{Raw, RawAnswers};

use crate::words::{clip, did_you_mean, or_list, printable, ticked};

/// One problem with one answer; all of them are reported together.
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerError {
    Invalid {
        item: String,
        value: String,
        expected: String,
    },
    Unknown {
        id: String,
        suggestion: Option<String>,
    },
    Malformed {
        arg: String,
    },
    /// An answer in a FHIR `QuestionnaireResponse`, named by its linkId: the value given (when
    /// there is one to show) and what is allowed, or what else is wrong.
    Response {
        link_id: String,
        value: Option<String>,
        message: String,
    },
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnswerError::Invalid {
                item,
                value,
                expected,
            } => {
                write!(
                    f,
                    "invalid answer `{}` for `{item}`: expected {expected}",
                    shown_safely(value)
                )
            }
            AnswerError::Unknown { id, suggestion } => {
                write!(f, "unknown question `{}`", shown_safely(id))?;
                match suggestion {
                    Some(s) => write!(f, ": did you mean `{s}`?"),
                    None => write!(f, ": `dgs questions` lists the ids"),
                }
            }
            AnswerError::Response {
                link_id,
                value: Some(value),
                message,
            } => write!(
                f,
                "invalid answer `{}` for linkId `{}`: expected {message}",
                shown_safely(value),
                shown_safely(link_id)
            ),
            AnswerError::Response {
                link_id,
                value: None,
                message,
            } => write!(
                f,
                "cannot read the answer to linkId `{}`: {message}",
                shown_safely(link_id)
            ),
            AnswerError::Malformed { arg } => {
                write!(
                    f,
                    "invalid answer `{}`: expected `ID=VALUE`",
                    shown_safely(arg)
                )
            }
        }
    }
}

/// Checks every answer against its item and reports every problem at once.
pub fn check(raw: &RawAnswers, questionnaire: &Questionnaire) -> Result<Answers, Vec<AnswerError>> {
    let (entries, malformed) = raw.parts();
    let mut errors: Vec<AnswerError> = malformed
        .iter()
        .map(|arg| AnswerError::Malformed { arg: arg.clone() })
        .collect();
    let mut answers = Answers::new();
    for (id, raw) in entries {
        let Some(item) = questionnaire.item(id) else {
            errors.push(AnswerError::Unknown {
                id: id.clone(),
                suggestion: did_you_mean(id, questionnaire.item_ids()),
            });
            continue;
        };
        match parse_value(item, raw) {
            Ok(Some(value)) => {
                answers.insert(id.clone(), value);
            }
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

/// Values are echoed in messages; a megabyte of input should not be, and neither should a
/// terminal escape sequence (control characters are shown escaped).
pub(crate) fn shown_safely(s: &str) -> String {
    // 60 characters of the value, then `…`; escaped after clipping, so an escape is never
    // cut in half.
    printable(&clip(s, 61)).into_owned()
}

/// What an item accepts, in words, for error messages and `dgs questions`.
pub fn expected(item: &Item) -> String {
    match item.kind {
        ItemType::YesNo | ItemType::SingleChoice => or_list(&ticked(item.codes())),
        ItemType::MultipleChoice => format!(
            "one or more of {} (separated by commas)",
            or_list(&ticked(item.codes()))
        ),
        ItemType::Integer => {
            let (min, max) = item.bounds();
            format!("a whole number from {min} to {max}")
        }
        ItemType::Number => {
            let (min, max) = item.bounds();
            format!("a number from {min} to {max}")
        }
    }
}

/// Checks one raw answer; `Ok(None)` is an explicit "no answer".
pub fn parse_value(item: &Item, raw: &Raw) -> Result<Option<Value>, AnswerError> {
    let invalid = || AnswerError::Invalid {
        item: item.id.clone(),
        value: raw.shown(),
        expected: expected(item),
    };
    if *raw == Raw::Empty {
        return Ok(None);
    }
    let value = match item.kind {
        ItemType::YesNo => Value::Code(Cow::Borrowed(
            yes_no(raw, item.not_sure).ok_or_else(invalid)?,
        )),
        ItemType::SingleChoice => {
            let Raw::Text(text) = raw else {
                return Err(invalid());
            };
            Value::Code(Cow::Owned(code(item, text).ok_or_else(invalid)?))
        }
        ItemType::MultipleChoice => Value::Codes(codes(item, raw).ok_or_else(invalid)?),
        ItemType::Integer => {
            let n = number(raw)
                .filter(|n| n.fract() == 0.0)
                .ok_or_else(invalid)?;
            Value::Int(in_bounds(item, n).ok_or_else(invalid)? as i64)
        }
        ItemType::Number => {
            Value::Num(in_bounds(item, number(raw).ok_or_else(invalid)?).ok_or_else(invalid)?)
        }
    };
    Ok(Some(value))
}

pub(crate) fn yes_no(raw: &Raw, not_sure: bool) -> Option<&'static str> {
    match raw {
        Raw::Bool(b) => Some(if *b { "yes" } else { "no" }),
        Raw::Text(t) => {
            let t = t.trim();
            let is = |word: &str| t.eq_ignore_ascii_case(word);
            if is("yes") || is("y") || is("true") {
                Some("yes")
            } else if is("no") || is("n") || is("false") {
                Some("no")
            } else if not_sure && (is(NOT_SURE) || is("not sure") || is("unsure")) {
                Some(NOT_SURE)
            } else {
                None
            }
        }
        _ => None,
    }
}

fn code(item: &Item, text: &str) -> Option<String> {
    option_at(item, text).map(|n| item.options[n].value.clone())
}

/// The position of the option `text` names, trimmed and in any case.
pub(crate) fn option_at(item: &Item, text: &str) -> Option<usize> {
    let wanted = text.trim();
    item.options
        .iter()
        .position(|o| o.value.eq_ignore_ascii_case(wanted))
}

fn codes(item: &Item, raw: &Raw) -> Option<Vec<String>> {
    let mut given: Vec<String> = Vec::new();
    let mut push_text = |text: &str| -> Option<()> {
        for part in text.split(',') {
            given.push(code(item, part)?);
        }
        Some(())
    };
    match raw {
        Raw::Text(t) => push_text(t)?,
        Raw::List(parts) => {
            for part in parts {
                let Raw::Text(t) = part else { return None };
                push_text(t)?;
            }
        }
        _ => return None,
    }
    if given.is_empty() {
        return None;
    }
    // An exclusive "none of these" cannot stand beside another choice.
    let has_exclusive = given
        .iter()
        .any(|c| item.option(c).is_some_and(|o| o.exclusive));
    let mut ordered: Vec<String> = item
        .options
        .iter()
        .filter(|o| given.contains(&o.value))
        .map(|o| o.value.clone())
        .collect();
    ordered.dedup();
    if has_exclusive && ordered.len() > 1 {
        return None;
    }
    Some(ordered)
}

pub(crate) fn number(raw: &Raw) -> Option<f64> {
    let n = match raw {
        Raw::Number(n) => *n,
        Raw::Text(t) => t.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    // `-0` is zero; a negative zero would print differently and break byte-stable output.
    n.is_finite().then_some(if n == 0.0 { 0.0 } else { n })
}

pub(crate) fn in_bounds(item: &Item, n: f64) -> Option<f64> {
    let (min, max) = item.bounds();
    (min..=max).contains(&n).then_some(n)
}
