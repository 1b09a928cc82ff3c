//! The shape of a `dgs-questionnaire/1` file as `dgs import` writes it: only what an import
//! can fill, in the order the format's documentation gives, serialised by `document.rs`.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

use crate::questionnaire::{Coding, ItemType};

#[derive(Serialize)]
pub(super) struct Doc<'a> {
    pub(super) format: &'static str,
    pub(super) id: &'a str,
    pub(super) version: &'a str,
    pub(super) title: &'a str,
    pub(super) disclaimer: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) intro: Option<&'a str>,
    pub(super) triage: BTreeMap<&'static str, LevelText>,
    pub(super) sections: Vec<Section<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) scores: Vec<Score<'a>>,
}

#[derive(Serialize)]
pub(super) struct LevelText {
    pub(super) title: &'static str,
    pub(super) action: &'static str,
}

#[derive(Serialize)]
pub(super) struct Section<'a> {
    pub(super) id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) link_id: Option<&'a str>,
    pub(super) title: &'a str,
    pub(super) items: Vec<Item<'a>>,
}

#[derive(Serialize)]
pub(super) struct Item<'a> {
    pub(super) id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) link_id: Option<&'a str>,
    #[serde(rename = "type")]
    pub(super) kind: ItemType,
    pub(super) text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) help: Option<&'a str>,
    #[serde(skip_serializing_if = "is_false")]
    pub(super) required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) enable_when: Option<CondOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) options: Vec<Opt<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) min: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) max: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) unit: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct Opt<'a> {
    pub(super) value: &'a str,
    pub(super) label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) weight: Option<Num>,
    #[serde(skip_serializing_if = "is_false")]
    pub(super) exclusive: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) coding: Option<Coding>,
}

#[derive(Serialize)]
pub(super) struct Score<'a> {
    pub(super) id: &'a str,
    pub(super) label: &'a str,
    pub(super) items: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) min_answered: Option<usize>,
}

#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum CondOut {
    Leaf {
        q: String,
        op: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        value: Option<ValueOut>,
    },
    All {
        all: Vec<CondOut>,
    },
    Any {
        any: Vec<CondOut>,
    },
    Not {
        not: Box<CondOut>,
    },
}

#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum ValueOut {
    Text(String),
    Number(Num),
    Bool(bool),
}

/// A number written as an integer when it is whole: `3`, not `3.0`.
#[derive(Clone, Copy)]
pub(super) struct Num(pub(super) f64);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Whole numbers within ±2^53 are exact as integers.
        if self.0.fract() == 0.0 && self.0.abs() < 9_007_199_254_740_992.0 {
            s.serialize_i64(self.0 as i64)
        } else {
            s.serialize_f64(self.0)
        }
    }
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
pub(super) fn is_false(b: &bool) -> bool {
    !b
}
