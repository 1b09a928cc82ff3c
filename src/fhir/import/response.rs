//! A FHIR `QuestionnaireResponse` read as answers, for `--answers`: its items (in groups, and
//! nested under answers) are matched to questions by `linkId` through the import's id rule
//! (`ids.rs`), so a questionnaire `dgs import` made takes the responses to the original.
//! `valueBoolean` answers yes/no, `valueCoding` a choice (its code through the same rule),
//! `valueInteger`/`valueDecimal` a number; several answers, a multiple choice. What it cannot
//! read is an error naming the linkId, the value and what is allowed.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::ids::{self, Found, Kind};
use super::tree::kind_of;
use crate::answers::raw::{Raw, RawAnswers};
use crate::answers::{self, AnswerError, parse_value};
use crate::fhir::codes;
use crate::questionnaire::{Item, ItemType, NOT_SURE, Questionnaire};
use crate::words::{clip, or_list, ticked};

/// The FHIR resource type a document says it is, if it says one.
pub fn resource_type(doc: &Value) -> Option<&str> {
    doc.get("resourceType").and_then(Value::as_str)
}

/// What could not be read: the document's shape (one message), or answers (all of them).
#[derive(Debug)]
pub enum Problem {
    Shape(String),
    Answers(Vec<AnswerError>),
}

/// The answers of a response, and warnings about answers to questions the questionnaire
/// does not have (an import skips what it cannot carry).
pub fn read(doc: &Value, q: &Questionnaire) -> Result<(RawAnswers, Vec<String>), Problem> {
    let mut r = Reader {
        q,
        suffixed: ids::suffixed_bases(q.item_ids()),
        answered: HashMap::new(),
        entries: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
        more: 0,
    };
    if let Some(items) = doc.get("item") {
        r.items(items, "item")?;
    }
    if r.more > 0 {
        r.warnings.push(format!(
            "… and {} more answers ignored the same way",
            r.more
        ));
    }
    if r.errors.is_empty() {
        Ok((RawAnswers::from_entries(r.entries), r.warnings))
    } else {
        Err(Problem::Answers(r.errors))
    }
}

struct Reader<'q> {
    q: &'q Questionnaire,
    suffixed: HashSet<&'q str>,
    /// Question id → the linkId that answered it.
    answered: HashMap<String, String>,
    entries: Vec<(String, Raw<'static>)>,
    errors: Vec<AnswerError>,
    warnings: Vec<String>,
    /// Warnings past [`MAX_WARNINGS`], counted.
    more: usize,
}

/// Answers ignored beyond this many are counted, not each named.
const MAX_WARNINGS: usize = 20;

fn error(link: &str, value: Option<String>, message: String) -> AnswerError {
    AnswerError::Response {
        link_id: clip(link, 61),
        value,
        message,
    }
}

impl Reader<'_> {
    fn items(&mut self, list: &Value, path: &str) -> Result<(), Problem> {
        let list = list
            .as_array()
            .ok_or_else(|| Problem::Shape(format!("`{path}` is not a list of items")))?;
        for (i, item) in list.iter().enumerate() {
            let at = format!("{path}[{i}]");
            let item = item
                .as_object()
                .ok_or_else(|| Problem::Shape(format!("`{at}` is not an object")))?;
            let link = match item.get("linkId") {
                Some(Value::String(link)) => link.as_str(),
                Some(other) => {
                    return Err(Problem::Shape(format!(
                        "`{at}.linkId` is {}, not text",
                        kind_of(other)
                    )));
                }
                None => return Err(Problem::Shape(format!("`{at}` has no linkId"))),
            };
            let answers = match item.get("answer") {
                None => &[][..],
                Some(Value::Array(a)) => a.as_slice(),
                Some(_) => return Err(Problem::Shape(format!("`{at}.answer` is not a list"))),
            };
            let mut values = Vec::new();
            for (j, answer) in answers.iter().enumerate() {
                let answer = answer.as_object().ok_or_else(|| {
                    Problem::Shape(format!("`{at}.answer[{j}]` is not an object"))
                })?;
                let mut value = answer.iter().filter(|(k, _)| k.starts_with("value"));
                match (value.next(), value.next()) {
                    (Some(v), None) => values.push(v),
                    (None, _) => {}
                    (Some(_), Some(_)) => {
                        return Err(Problem::Shape(format!(
                            "`{at}.answer[{j}]` has more than one value"
                        )));
                    }
                }
                if let Some(nested) = answer.get("item") {
                    self.items(nested, &format!("{at}.answer[{j}].item"))?;
                }
            }
            if !values.is_empty() {
                self.answer(link, &values);
            }
            if let Some(nested) = item.get("item") {
                self.items(nested, &format!("{at}.item"))?;
            }
        }
        Ok(())
    }

    /// One item's answers, checked against the question its linkId names.
    fn answer(&mut self, link: &str, values: &[(&String, &Value)]) {
        let q = self.q;
        // A question that keeps its FHIR linkId (`link_id`, or an id equal to it) is found by
        // it; otherwise by the import's id rule.
        let found = match q.items().find(|item| item.link() == link) {
            Some(item) => Found::Name(item.id.clone()),
            None => ids::find(link, Kind::Id, |id| q.item(id).is_some(), &self.suffixed),
        };
        let item = match found {
            Found::Name(id) => match q.item(&id) {
                Some(item) => item,
                None => return,
            },
            Found::Ambiguous(id) => {
                let message = format!(
                    "it could be `{id}` or another question the import named `{id}__N`; answer by question id instead"
                );
                return self.errors.push(error(link, None, message));
            }
            Found::Missing => {
                let score = ids::find(link, Kind::Id, |id| q.score(id).is_some(), &HashSet::new());
                let why = match score {
                    Found::Name(score) => {
                        format!("it is the score `{score}`, which dgs computes itself")
                    }
                    _ => format!(
                        "`{}` has no such question (`dgs import` skips what it cannot carry)",
                        q.id
                    ),
                };
                if self.warnings.len() < MAX_WARNINGS {
                    let link = clip(link, 61);
                    self.warnings
                        .push(format!("the answer to linkId `{link}` is ignored: {why}"));
                } else {
                    self.more += 1;
                }
                return;
            }
        };
        if let Some(first) = self.answered.insert(item.id.clone(), link.to_string()) {
            let message = format!(
                "`{}` is answered twice (also as linkId `{}`)",
                item.id,
                clip(&first, 61)
            );
            return self.errors.push(error(link, None, message));
        }
        let shown =
            |(key, value): &(&String, &Value)| format!("{} ({key})", clip(&value.to_string(), 61));
        let mut raws = Vec::new();
        for v in values {
            match raw(item, v.0, v.1) {
                Some(r) => raws.push(r),
                None => {
                    return self
                        .errors
                        .push(error(link, Some(shown(v)), expected(item)));
                }
            }
        }
        let raw = if item.kind == ItemType::MultipleChoice {
            Raw::List(raws)
        } else if raws.len() == 1 {
            raws.remove(0)
        } else {
            let message = format!("{} answers, but `{}` takes one", raws.len(), item.id);
            return self.errors.push(error(link, None, message));
        };
        match parse_value(item, &raw) {
            Ok(Some(_)) => self.entries.push((item.id.clone(), raw)),
            Ok(None) => {}
            Err(_) => {
                let given = values.iter().map(shown).collect::<Vec<_>>().join(", ");
                self.errors.push(error(link, Some(given), expected(item)));
            }
        }
    }
}

/// An answer's value as the raw answer it stands for, when its type fits the question.
fn raw(item: &Item, key: &str, value: &Value) -> Option<Raw<'static>> {
    match (item.kind, key, value) {
        (ItemType::YesNo, "valueBoolean", Value::Bool(b)) => Some(Raw::Bool(*b)),
        // A yes/no with "not sure" is written with the `yesnodontknow` codes.
        (ItemType::YesNo, "valueCoding", Value::Object(c)) => {
            let answer = codes::yes_no_answer(c.get("code")?.as_str()?)?;
            (answer != NOT_SURE || item.not_sure).then_some(Raw::Text(Cow::Borrowed(answer)))
        }
        (ItemType::SingleChoice | ItemType::MultipleChoice, "valueCoding", Value::Object(c)) => {
            let code = c.get("code")?.as_str()?;
            let system = c.get("system").and_then(Value::as_str);
            // An option that keeps its FHIR coding is found by it.
            let own = item.options.iter().find(|o| {
                o.coding.as_ref().is_some_and(|k| {
                    k.code == code && (system.is_none() || k.system.as_deref() == system)
                })
            });
            if let Some(option) = own {
                return Some(Raw::Text(Cow::Owned(option.value.clone())));
            }
            let values = item.options.iter().map(|o| o.value.as_str());
            let found = ids::find(
                code,
                Kind::Code,
                |v| item.option(v).is_some(),
                &ids::suffixed_bases(values),
            );
            match found {
                Found::Name(value) => Some(Raw::Text(Cow::Owned(value))),
                Found::Ambiguous(_) | Found::Missing => None,
            }
        }
        (
            ItemType::Integer | ItemType::Number,
            "valueInteger" | "valueDecimal",
            Value::Number(n),
        ) => Some(Raw::Number(n.as_f64()?)),
        _ => None,
    }
}

/// What a question takes, in FHIR's terms.
fn expected(item: &Item) -> String {
    let what = match item.kind {
        ItemType::YesNo if item.not_sure => {
            return "a `valueBoolean`, or a `valueCoding` of `Y`, `N` or `asked-unknown`".into();
        }
        ItemType::YesNo => return "a `valueBoolean`".into(),
        ItemType::MultipleChoice => {
            let codes = or_list(&ticked(item.codes()));
            return format!("`valueCoding`s whose codes are (by the import's rule) among {codes}");
        }
        ItemType::SingleChoice => "a `valueCoding` whose code is (by the import's rule)",
        ItemType::Integer | ItemType::Number => "a `valueInteger` or `valueDecimal`:",
    };
    format!("{what} {}", answers::expected(item))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::answers;
    use crate::questionnaire::{self, Value as Answer};

    /// A questionnaire imported from FHIR: every kind of question, some in a group, one
    /// nested under a question, and two linkIds that the id rule gives the same name.
    fn imported() -> Questionnaire {
        let coded = |codes: &[&str]| {
            codes
                .iter()
                .map(|c| json!({"valueCoding": {"system": "http://loinc.org", "code": c}}))
                .collect::<Vec<_>>()
        };
        let doc = json!({"resourceType": "Questionnaire", "item": [
            {"linkId": "/pain", "type": "boolean", "text": "Pain?", "item": [
                {"linkId": "/pain/where", "type": "choice", "text": "Where?", "answerOption": coded(&["LA-1", "LA-2"])}
            ]},
            {"linkId": "g", "type": "group", "text": "G", "item": [
                {"linkId": "/sites", "type": "choice", "repeats": true, "text": "Sites", "answerOption": coded(&["A", "B", "C"])},
                {"linkId": "/age", "type": "integer", "text": "Age", "extension": [
                    {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 0},
                    {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 120}]},
                {"linkId": "/temp", "type": "decimal", "text": "Temperature"}
            ]},
            {"linkId": "x-y", "type": "boolean", "text": "One"},
            {"linkId": "x.y", "type": "boolean", "text": "Two"}
        ]});
        let out = super::super::import(&doc.to_string(), "t.json").unwrap();
        questionnaire::parse(&out.yaml, "t.yaml").unwrap()
    }

    fn read_doc(
        q: &Questionnaire,
        items: &serde_json::Value,
    ) -> Result<(crate::questionnaire::Answers, Vec<String>), Vec<String>> {
        let doc =
            json!({"resourceType": "QuestionnaireResponse", "status": "completed", "item": items});
        match read(&doc, q) {
            Ok((raw, warnings)) => answers::check(&raw, q)
                .map(|a| (a, warnings))
                .map_err(|e| e.iter().map(ToString::to_string).collect()),
            Err(Problem::Shape(s)) => Err(vec![s]),
            Err(Problem::Answers(e)) => Err(e.iter().map(ToString::to_string).collect()),
        }
    }

    #[test]
    fn answers_are_found_by_linkid_through_the_import_rule() {
        let q = imported();
        let (a, warnings) = read_doc(&q, &json!([
            {"linkId": "/pain", "answer": [{"valueBoolean": true, "item": [
                {"linkId": "/pain/where", "answer": [{"valueCoding": {"system": "http://loinc.org", "code": "LA-2"}}]}
            ]}]},
            {"linkId": "g", "item": [
                {"linkId": "/sites", "answer": [{"valueCoding": {"code": "C"}}, {"valueCoding": {"code": "A"}}]},
                {"linkId": "/age", "answer": [{"valueInteger": 42}]},
                {"linkId": "/temp", "answer": [{"valueDecimal": 37.5}]},
                {"linkId": "/note", "answer": [{"valueString": "skipped by the import"}]}
            ]}
        ]))
        .unwrap();
        assert_eq!(a.get("pain"), Some(&Answer::Code("yes".into())));
        assert_eq!(a.get("pain_where"), Some(&Answer::Code("la_2".into())));
        assert_eq!(
            a.get("sites"),
            Some(&Answer::Codes(vec!["a".into(), "c".into()]))
        );
        assert_eq!(a.get("age"), Some(&Answer::Int(42)));
        assert_eq!(a.get("temp"), Some(&Answer::Num(37.5)));
        assert_eq!(
            warnings,
            [
                "the answer to linkId `/note` is ignored: `imported` has no such question (`dgs import` skips what it cannot carry)"
            ]
        );
    }

    /// A question keeps its FHIR linkId (`link_id`), so a linkId the id rule makes ambiguous
    /// still finds it; where a file keeps none (written before, or by hand), an ambiguous
    /// linkId is refused rather than guessed.
    #[test]
    fn a_kept_link_id_finds_its_question_and_an_ambiguous_one_is_refused() {
        let q = imported();
        let (a, _) = read_doc(
            &q,
            &json!([{"linkId": "x-y", "answer": [{"valueBoolean": true}]}]),
        )
        .unwrap();
        let id = q.items().find(|i| i.link() == "x-y").unwrap().id.clone();
        assert_eq!(a.get(&id), Some(&Answer::Code("yes".into())));

        let body = "sections:\n  - id: s\n    title: S\n    items:\n      - {id: x_y, type: yes_no, text: One}\n      - {id: x_y__2, type: yes_no, text: Two}\n";
        let text = crate::testing::small_questionnaire("t", body);
        let q = questionnaire::parse(&text, "t.yaml").unwrap();
        let errors = read_doc(
            &q,
            &json!([{"linkId": "x-y", "answer": [{"valueBoolean": true}]}]),
        )
        .unwrap_err();
        assert_eq!(
            errors,
            [
                "cannot read the answer to linkId `x-y`: it could be `x_y` or another question the import named `x_y__N`; answer by question id instead"
            ]
        );
    }

    /// Our own FHIR output writes a yes/no with "not sure" as `yesnodontknow` codes; they read
    /// back as the answers they stand for.
    #[test]
    fn yes_no_dont_know_codes_read_back() {
        let body = "sections:\n  - id: s\n    title: S\n    items:\n      - {id: a, type: yes_no, text: A, not_sure: true}\n      - {id: b, type: yes_no, text: B}\n";
        let text = crate::testing::small_questionnaire("t", body);
        let q = questionnaire::parse(&text, "t.yaml").unwrap();
        let yes_no = "http://terminology.hl7.org/CodeSystem/v2-0136";
        let (a, _) = read_doc(
            &q,
            &json!([{"linkId": "a", "answer": [{"valueCoding": {"system": yes_no, "code": "asked-unknown"}}]},
                    {"linkId": "b", "answer": [{"valueCoding": {"system": yes_no, "code": "N"}}]}]),
        )
        .unwrap();
        assert_eq!(a.get("a"), Some(&Answer::Code("not_sure".into())));
        assert_eq!(a.get("b"), Some(&Answer::Code("no".into())));
        // "Not sure" is no answer to a question that does not offer it.
        let errors = read_doc(
            &q,
            &json!([{"linkId": "b", "answer": [{"valueCoding": {"code": "asked-unknown"}}]}]),
        )
        .unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
    }

    #[test]
    fn what_cannot_be_read_names_the_linkid_the_value_and_what_is_allowed() {
        let q = imported();
        let errors = read_doc(
            &q,
            &json!([
                {"linkId": "/pain", "answer": [{"valueString": "yes"}]},
                {"linkId": "/sites", "answer": [{"valueCoding": {"code": "Z"}}]},
                {"linkId": "/age", "answer": [{"valueInteger": 130}]},
                {"linkId": "/temp", "answer": [{"valueDecimal": 1}, {"valueDecimal": 2}]}
            ]),
        )
        .unwrap_err();
        assert_eq!(
            errors,
            [
                "invalid answer `\"yes\" (valueString)` for linkId `/pain`: expected a `valueBoolean`",
                "invalid answer `{\"code\":\"Z\"} (valueCoding)` for linkId `/sites`: expected `valueCoding`s whose codes are (by the import's rule) among `a`, `b` or `c`",
                "invalid answer `130 (valueInteger)` for linkId `/age`: expected a `valueInteger` or `valueDecimal`: a whole number from 0 to 120",
                "cannot read the answer to linkId `/temp`: 2 answers, but `temp` takes one",
            ]
        );
        let errors = read_doc(
            &q,
            &json!([
                {"linkId": "/age", "answer": [{"valueInteger": 30}]},
                {"linkId": "g", "item": [{"linkId": "/age", "answer": [{"valueInteger": 31}]}]}
            ]),
        )
        .unwrap_err();
        assert_eq!(
            errors,
            [
                "cannot read the answer to linkId `/age`: `age` is answered twice (also as linkId `/age`)"
            ]
        );
    }

    #[test]
    fn ignored_answers_are_named_up_to_a_limit_then_counted() {
        let q = imported();
        let items: Vec<_> = (0..25)
            .map(|i| json!({"linkId": format!("/x{i}"), "answer": [{"valueString": "x"}]}))
            .collect();
        let (_, warnings) = read_doc(&q, &json!(items)).unwrap();
        assert_eq!(warnings.len(), 21);
        assert!(warnings[19].starts_with("the answer to linkId `/x19` is ignored"));
        assert_eq!(warnings[20], "… and 5 more answers ignored the same way");
    }

    #[test]
    fn a_malformed_response_is_refused_with_where() {
        let q = imported();
        for (items, message) in [
            (
                json!([{"linkId": 7, "answer": []}]),
                "`item[0].linkId` is a number, not text",
            ),
            (json!([{"answer": []}]), "`item[0]` has no linkId"),
            (json!({"linkId": "a"}), "`item` is not a list of items"),
            (
                json!([{"linkId": "g", "item": [3]}]),
                "`item[0].item[0]` is not an object",
            ),
            (
                json!([{"linkId": "/pain", "answer": {"valueBoolean": true}}]),
                "`item[0].answer` is not a list",
            ),
            (
                json!([{"linkId": "/pain", "answer": [{"valueBoolean": true, "valueInteger": 1}]}]),
                "`item[0].answer[0]` has more than one value",
            ),
        ] {
            assert_eq!(read_doc(&q, &items).unwrap_err(), [message], "{items}");
        }
    }
}
