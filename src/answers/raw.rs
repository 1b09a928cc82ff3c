//! Answers as given — from `-a ID=VALUE` flags, answers files and batch records — before they
//! are checked against their items (that is `answers::check`).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

use crate::document;
use crate::questionnaire::{ItemType, Questionnaire};

/// An answer as given, before it is checked against its item. Text is borrowed where the
/// input allows (batch lines), owned otherwise.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw<'t> {
    /// An explicit "no answer": an empty flag value or `null` in a file.
    Empty,
    Text(Cow<'t, str>),
    Number(f64),
    Bool(bool),
    List(Vec<Raw<'t>>),
}

impl Raw<'_> {
    fn from_json(value: &serde_json::Value) -> Raw<'static> {
        match value {
            serde_json::Value::Null => Raw::Empty,
            serde_json::Value::Bool(b) => Raw::Bool(*b),
            serde_json::Value::Number(n) => Raw::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Raw::Text(Cow::Owned(s.clone())),
            serde_json::Value::Array(items) => {
                Raw::List(items.iter().map(Raw::from_json).collect())
            }
            serde_json::Value::Object(_) => Raw::Text(Cow::Owned(value.to_string())),
        }
    }

    pub(crate) fn shown(&self) -> String {
        match self {
            Raw::Empty => String::new(),
            Raw::Text(s) => s.to_string(),
            Raw::Number(n) => n.to_string(),
            Raw::Bool(b) => b.to_string(),
            Raw::List(items) => items.iter().map(Raw::shown).collect::<Vec<_>>().join(","),
        }
    }
}

/// A whole answers document: a mapping of ids to answers in which no id appears twice (a
/// file that answers a question twice is ambiguous, so it is refused, not resolved).
pub struct AnswerDoc(serde_json::Map<String, serde_json::Value>);

impl AnswerDoc {
    pub fn into_json(self) -> serde_json::Value {
        serde_json::Value::Object(self.0)
    }

    /// Reads an answers document, YAML or JSON. YAML numbers follow the rule flags and CSV
    /// cells follow: a number is read from its text as written, in decimal, and must be
    /// finite. Left to YAML, `0x10` and `0o20` would be 16, and `.nan` and `.inf` would
    /// quietly become "no answer".
    pub fn read(text: &str, origin: &str) -> Result<AnswerDoc, String> {
        let mut doc: AnswerDoc = document::parse_data(text, origin)?;
        if document::is_json(text) {
            return Ok(doc);
        }
        let wanted: HashSet<String> = doc
            .0
            .iter()
            .filter(|(_, v)| v.is_number() || v.is_null())
            .map(|(k, _)| k.clone())
            .collect();
        if wanted.is_empty() {
            return Ok(doc);
        }
        // The first reading succeeded, so this one only fails on what it cannot see either.
        let Ok(texts) = document::yaml_scalar_texts(text, &wanted) else {
            return Ok(doc);
        };
        for (key, written) in texts {
            let Some(value) = doc.0.get_mut(&key) else {
                continue;
            };
            let null_spelling = matches!(written.as_str(), "" | "~" | "null" | "Null" | "NULL");
            if value.is_number() || !null_spelling {
                *value = serde_json::Value::String(written);
            }
        }
        Ok(doc)
    }
}

impl<'de> Deserialize<'de> for AnswerDoc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Unique;
        impl<'de> Visitor<'de> for Unique {
            type Value = AnswerDoc;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping of question ids to answers")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AnswerDoc, A::Error> {
                let mut out = serde_json::Map::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value = map.next_value::<serde_json::Value>()?;
                    if out.contains_key(&key) {
                        return Err(de::Error::custom(format!("`{key}` is answered twice")));
                    }
                    out.insert(key, value);
                }
                Ok(AnswerDoc(out))
            }
        }
        d.deserialize_map(Unique)
    }
}

/// Answers gathered from a file and from flags, not yet checked.
#[derive(Debug, Default, Clone)]
pub struct RawAnswers {
    entries: BTreeMap<String, Raw<'static>>,
    malformed: Vec<String>,
}

impl RawAnswers {
    /// Reads a mapping of item ids to values. A `dgs-result/1` document is accepted too, so a
    /// result can be replayed: its `answers` are used.
    pub fn from_json(doc: &serde_json::Value) -> Result<RawAnswers, String> {
        let map = match doc.get("schema").and_then(|s| s.as_str()) {
            Some(schema) if schema.starts_with("dgs-result/") => doc.get("answers"),
            _ => Some(doc),
        };
        let Some(serde_json::Value::Object(map)) = map else {
            return Err("expected a mapping of question ids to answers".into());
        };
        let entries = map
            .iter()
            .map(|(id, value)| (id.clone(), Raw::from_json(value)))
            .collect();
        Ok(RawAnswers {
            entries,
            malformed: Vec::new(),
        })
    }

    /// Answers from `(id, value)` pairs, such as the cells of a CSV row.
    pub fn from_entries(entries: impl IntoIterator<Item = (String, Raw<'static>)>) -> RawAnswers {
        RawAnswers {
            entries: entries.into_iter().collect(),
            malformed: Vec::new(),
        }
    }

    /// Applies `-a ID=VALUE` flags over what is there: the right-most flag wins, except that
    /// repeated flags for a multiple-choice item add up.
    pub fn apply_flags(&mut self, flags: &[String], questionnaire: &Questionnaire) {
        let mut multi: BTreeMap<String, Vec<Raw<'static>>> = BTreeMap::new();
        for flag in flags {
            let Some((id, value)) = flag.split_once('=') else {
                self.malformed.push(flag.clone());
                continue;
            };
            let id = id.trim().to_string();
            let raw = if value.trim().is_empty() {
                Raw::Empty
            } else {
                Raw::Text(Cow::Owned(value.to_string()))
            };
            let is_multi = questionnaire
                .item(&id)
                .is_some_and(|i| i.kind == ItemType::MultipleChoice);
            if is_multi && raw != Raw::Empty {
                multi.entry(id).or_default().push(raw);
            } else {
                multi.remove(&id);
                self.entries.insert(id, raw);
            }
        }
        for (id, parts) in multi {
            self.entries.insert(id, Raw::List(parts));
        }
    }

    /// The answers by id, and the flags that were not `ID=VALUE`.
    pub fn parts(&self) -> (&BTreeMap<String, Raw<'static>>, &[String]) {
        (&self.entries, &self.malformed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers;
    use crate::questionnaire::Value;
    use crate::questionnaire::{self, Answers};

    fn q() -> Questionnaire {
        questionnaire::load(None).unwrap()
    }

    fn check(flags: &[&str]) -> Result<Answers, Vec<String>> {
        let q = q();
        let mut raw = RawAnswers::default();
        let flags: Vec<String> = flags.iter().map(|s| (*s).to_string()).collect();
        raw.apply_flags(&flags, &q);
        answers::check(&raw, &q).map_err(|es| es.iter().map(ToString::to_string).collect())
    }

    #[track_caller]
    fn ok(flag: &str, id: &str, expected: Value) {
        let answers = check(&[flag]).unwrap_or_else(|e| panic!("{flag}: {e:?}"));
        assert_eq!(answers.get(id), Some(&expected), "{flag}");
    }

    #[track_caller]
    fn bad(flag: &str, message: &str) {
        let errors = check(&[flag]).expect_err(flag);
        assert_eq!(errors, vec![message.to_string()], "{flag}");
    }

    #[test]
    fn accepted_values() {
        // yes/no, with the usual spellings
        ok(
            "fever_or_unwell=yes",
            "fever_or_unwell",
            Value::Code("yes".into()),
        );
        ok(
            "fever_or_unwell= No ",
            "fever_or_unwell",
            Value::Code("no".into()),
        );
        ok(
            "fever_or_unwell=true",
            "fever_or_unwell",
            Value::Code("yes".into()),
        );
        // choices are codes, matched without regard to ASCII case
        ok(
            "pain_radiates=Below_Knee",
            "pain_radiates",
            Value::Code("below_knee".into()),
        );
        // numbers
        ok("age=16", "age", Value::Int(16));
        ok("age=4.2e1", "age", Value::Int(42));
        ok("pain_intensity=0", "pain_intensity", Value::Int(0));
        ok(
            "sitting_hours_per_day=7.5",
            "sitting_hours_per_day",
            Value::Num(7.5),
        );
        ok(
            "sitting_hours_per_day=-0",
            "sitting_hours_per_day",
            Value::Num(0.0),
        );
    }

    #[test]
    fn rejected_values_name_item_value_and_allowed() {
        bad(
            "fever_or_unwell=maybe",
            "invalid answer `maybe` for `fever_or_unwell`: expected `yes`, `no` or `not_sure`",
        );
        bad(
            "age=15",
            "invalid answer `15` for `age`: expected a whole number from 16 to 120",
        );
        bad(
            "age=30.5",
            "invalid answer `30.5` for `age`: expected a whole number from 16 to 120",
        );
        bad(
            "age=NaN",
            "invalid answer `NaN` for `age`: expected a whole number from 16 to 120",
        );
        bad(
            "sitting_hours_per_day=inf",
            "invalid answer `inf` for `sitting_hours_per_day`: expected a number from 0 to 24",
        );
        bad(
            "workspace_setup=bad",
            "invalid answer `bad` for `workspace_setup`: expected `good`, `fair` or `poor`",
        );
        bad(
            "feverr=yes",
            "unknown question `feverr`: did you mean `fever_or_unwell`?",
        );
        bad("nonsense", "invalid answer `nonsense`: expected `ID=VALUE`");
    }

    #[test]
    fn right_most_flag_wins_and_empty_clears() {
        let a = check(&["age=30", "age=40"]).unwrap();
        assert_eq!(a.get("age"), Some(&Value::Int(40)));
        let a = check(&["age=30", "age="]).unwrap();
        assert_eq!(a.get("age"), None);
    }

    #[test]
    fn multiple_choice_by_commas_or_repetition_in_option_order() {
        let a = check(&[
            "also_worse_with=stairs",
            "also_worse_with=lying_on_side,stairs",
        ])
        .unwrap();
        assert_eq!(
            a.get("also_worse_with"),
            Some(&Value::Codes(vec!["lying_on_side".into(), "stairs".into()]))
        );
        let errors = check(&["also_worse_with=none,stairs"]).unwrap_err();
        assert!(
            errors[0].starts_with("invalid answer `none,stairs` for `also_worse_with`"),
            "{errors:?}"
        );
    }

    #[test]
    fn every_problem_is_reported() {
        let errors = check(&["age=1", "fever_or_unwell=maybe", "nope=1"]).unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
    }

    #[test]
    fn files_take_native_types_and_results() {
        let q = q();
        let doc = serde_json::json!({"age": 40, "fever_or_unwell": false, "also_worse_with": ["stairs"], "scoliosis": null});
        let a = answers::check(&RawAnswers::from_json(&doc).unwrap(), &q).unwrap();
        assert_eq!(a.get("age"), Some(&Value::Int(40)));
        assert_eq!(a.get("fever_or_unwell"), Some(&Value::Code("no".into())));
        assert_eq!(a.get("scoliosis"), None);
        let result = serde_json::json!({"schema": "dgs-result/1", "answers": {"age": 41}});
        let a = answers::check(&RawAnswers::from_json(&result).unwrap(), &q).unwrap();
        assert_eq!(a.get("age"), Some(&Value::Int(41)));
        assert!(RawAnswers::from_json(&serde_json::json!([1])).is_err());
    }

    #[test]
    fn long_values_are_shortened_in_messages() {
        let long = format!("age={}", "9".repeat(1000));
        let errors = check(&[&long]).unwrap_err();
        assert!(errors[0].len() < 200, "{}", errors[0]);
    }
}
