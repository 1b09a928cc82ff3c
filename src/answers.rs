//! Answers: typed values checked against their items, from `-a ID=VALUE` flags and answers files.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::ser::{Serialize, SerializeSeq, Serializer};

use crate::questionnaire::{Item, ItemType, NOT_SURE};
use crate::raw_answers::Raw;
use crate::text::{or_list, ticked};

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A yes/no or single-choice code; `yes` and `no` need no allocation.
    Code(Cow<'static, str>),
    /// Multiple-choice codes, in the questionnaire's option order.
    Codes(Vec<String>),
    Int(i64),
    Num(f64),
}

impl Value {
    /// The numeric contribution of an answer to a score.
    pub fn weight(&self, item: &Item) -> f64 {
        match self {
            // "Not sure" on a safety question counts as yes, so a count of warning signs
            // never drops because someone could not tell.
            Value::Code(code) if item.kind == ItemType::YesNo => {
                f64::from(u8::from(code == "yes" || code == NOT_SURE))
            }
            Value::Code(code) => item.option(code).and_then(|o| o.weight).unwrap_or(0.0),
            Value::Codes(codes) => codes
                .iter()
                .filter_map(|c| item.option(c).and_then(|o| o.weight))
                .sum(),
            Value::Int(n) => *n as f64,
            Value::Num(n) => *n,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Code(code) => f.write_str(code),
            Value::Codes(codes) => f.write_str(&codes.join(",")),
            Value::Int(n) => write!(f, "{n}"),
            Value::Num(n) => write!(f, "{n}"),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Code(code) => s.serialize_str(code),
            Value::Codes(codes) => {
                let mut seq = s.serialize_seq(Some(codes.len()))?;
                for code in codes {
                    seq.serialize_element(code)?;
                }
                seq.end()
            }
            Value::Int(n) => s.serialize_i64(*n),
            Value::Num(n) => s.serialize_f64(*n),
        }
    }
}

/// Item id → checked answer. Ordered, so output built from it is deterministic.
pub type Answers = BTreeMap<String, Value>;

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

/// Values are echoed in messages; a megabyte of input should not be.
pub(crate) fn shown_safely(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head}…")
    }
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

fn yes_no(raw: &Raw, not_sure: bool) -> Option<&'static str> {
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
    let wanted = text.trim();
    item.options
        .iter()
        .find(|o| o.value.eq_ignore_ascii_case(wanted))
        .map(|o| o.value.clone())
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

fn number(raw: &Raw) -> Option<f64> {
    let n = match raw {
        Raw::Number(n) => *n,
        Raw::Text(t) => t.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    // `-0` is zero; a negative zero would print differently and break byte-stable output.
    n.is_finite().then_some(if n == 0.0 { 0.0 } else { n })
}

fn in_bounds(item: &Item, n: f64) -> Option<f64> {
    let (min, max) = item.bounds();
    (min..=max).contains(&n).then_some(n)
}
