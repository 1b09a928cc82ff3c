//! The questionnaire model and its loading: what a questionnaire file says ([`Definition`]),
//! with the positions worked out once after loading ([`Index`]), validated before use.

pub mod condition;
pub mod formula;
pub(crate) mod index;
mod loading;
mod model;
pub(crate) mod score_graph;
mod scores;
pub mod shipped;
pub mod triage;
mod validate;
mod value;

use std::ops::Deref;

use index::Index;
pub use loading::{load, load_validated, parse};
pub use model::{
    Band, ChoiceOption, Class, Classification, Coding, DEFAULT_DECIMALS, Definition, Guidance,
    Item, ItemType, LevelText, MAX_DECIMALS, Method, NOT_SURE, Rule, Score, Section, Suggestion,
    Target,
};
pub use value::{Answers, Value};

/// The `format` key every questionnaire starts with; the major version after the slash must
/// be one this build understands.
pub const FORMAT_NAME: &str = "dgs-questionnaire";
pub const FORMAT_MAJOR: u32 = 1;

/// The questionnaire shipped inside the binary.
pub const EMBEDDED_NAME: &str = "questionnaires/deep-gluteal-syndrome.yaml";
pub const EMBEDDED: &str = include_str!("../../questionnaires/deep-gluteal-syndrome.yaml");

/// A loaded questionnaire: the definition, with every reference resolved to a position so
/// scoring a record never looks anything up by name. Reads as its [`Definition`].
#[derive(Debug, Clone)]
pub struct Questionnaire {
    definition: Definition,
    pub(crate) index: Index,
}

impl Deref for Questionnaire {
    type Target = Definition;

    fn deref(&self) -> &Definition {
        &self.definition
    }
}

impl Questionnaire {
    /// Indexes a definition and resolves its conditions. Not validated: see [`load`].
    pub(crate) fn new(mut definition: Definition) -> Questionnaire {
        let index = Index::build(&definition);
        definition.resolve(&|subject| index.resolve(subject), &|name| {
            index.formula_target(name)
        });
        Questionnaire { definition, index }
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.slot(id).map(|slot| self.item_at(slot))
    }

    /// An item's position in questionnaire order.
    pub fn slot(&self, id: &str) -> Option<usize> {
        self.index.slot_of.get(id).copied()
    }

    pub fn item_at(&self, slot: usize) -> &Item {
        let (s, i) = self.index.places[slot];
        &self.sections[s].items[i]
    }

    /// The section index of an item.
    pub fn section_of(&self, id: &str) -> Option<usize> {
        self.slot(id).map(|slot| self.index.places[slot].0)
    }

    /// Every item, in the order it is asked.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.sections.iter().flat_map(|s| s.items.iter())
    }

    pub fn item_count(&self) -> usize {
        self.index.places.len()
    }

    pub fn item_ids(&self) -> impl Iterator<Item = &str> {
        self.items().map(|i| i.id.as_str())
    }

    pub fn score(&self, id: &str) -> Option<&Score> {
        self.scores.iter().find(|s| s.id == id)
    }

    /// Whether a report a person reads shows this score (not a `hidden` working value).
    pub fn shows_score(&self, id: &str) -> bool {
        self.score(id).is_none_or(|s| !s.hidden)
    }
}

#[cfg(test)]
mod tests {
    use super::loading::{EMBEDDED_JSON, embedded};
    use super::*;
    use crate::error::Error;

    /// The questionnaires compiled in are not validated at start-up: this is where they are.
    #[test]
    fn every_shipped_questionnaire_is_valid() {
        for s in shipped::SHIPPED {
            let q = parse(s.text, s.origin).unwrap_or_else(|e| panic!("{}: {e}", s.name));
            let loaded = load(Some(std::path::Path::new(s.name))).expect("loads by name");
            assert_eq!(
                format!("{:?}", (&q.id, &q.version, &q.sections, &q.rules)),
                format!(
                    "{:?}",
                    (&loaded.id, &loaded.version, &loaded.sections, &loaded.rules)
                ),
                "{}",
                s.name
            );
        }
    }

    #[test]
    fn embedded_questionnaire_loads() {
        let q = load(None).expect("embedded questionnaire is valid");
        assert_eq!(q.id, "deep-gluteal-syndrome");
        assert!(q.item("saddle_numbness").is_some());
        assert_eq!(q.section_of("saddle_numbness"), Some(0));
    }

    #[test]
    fn the_build_time_json_is_the_same_questionnaire() {
        let from_json = embedded().unwrap();
        let from_yaml = parse(EMBEDDED, EMBEDDED_NAME).unwrap();
        assert!(!EMBEDDED_JSON.is_empty());
        // Everything but the (hash-ordered) index.
        let content = |q: &Questionnaire| {
            format!(
                "{:?}",
                (
                    &q.format,
                    &q.id,
                    &q.version,
                    &q.title,
                    &q.disclaimer,
                    &q.intro,
                    &q.triage,
                    &q.sections,
                    &q.scores
                )
            ) + &format!("{:?}", (&q.patterns, &q.causes, &q.suggestions, &q.rules))
        };
        assert_eq!(content(&from_json), content(&from_yaml));
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let err = parse("format: [", "q.yaml").unwrap_err();
        let Error::InvalidQuestionnaire { problems, .. } = err else {
            panic!("wrong error")
        };
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("q.yaml:1:"), "{}", problems[0]);
    }

    #[test]
    fn unknown_keys_are_refused() {
        let text = EMBEDDED.replacen("title:", "titel: x\ntitle:", 1);
        let err = parse(&text, "q.yaml").unwrap_err();
        assert!(err.to_string().contains("unknown field `titel`"), "{err}");
    }
}
