//! A checked answer and a set of them: what conditions, scoring and reports read. Part of the
//! model, so nothing that reads answers depends on how they were parsed.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::ser::{Serialize, SerializeSeq, Serializer};

use super::{Item, ItemType, NOT_SURE};

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
