//! The `linkId` of everything the FHIR Questionnaire holds, decided once so that the
//! Questionnaire, its response and every expression agree.
//!
//! A question's linkId is its item id. A section's group is its section id, a score's
//! read-only item its score id and a classification's its classification id — unless that id
//! is also an item's (ids are unique only within their kind), when `.section`, `.score` or
//! `.classification` follows it. Items the export adds (help, the disclaimer, the group of
//! scores) have a `.` in their linkId, which no dgs id can hold, so they never meet one.

use std::collections::HashSet;

use crate::questionnaire::Questionnaire;

/// The leading display item that carries the disclaimer.
pub const DISCLAIMER: &str = "dgs.disclaimer";
/// The display item with the questionnaire's introduction.
pub const INTRO: &str = "dgs.intro";
/// The display item with the safety net (when to get help whatever the result).
pub const SAFETY_NET: &str = "dgs.safety-net";
/// The group holding the read-only score and classification items.
pub const SCORES: &str = "dgs.scores";

pub struct Links {
    pub sections: Vec<String>,
    pub scores: Vec<String>,
    pub classifications: Vec<String>,
}

impl Links {
    pub fn of(q: &Questionnaire) -> Links {
        let mut taken: HashSet<String> = q.items().map(|i| i.link().to_string()).collect();
        let mut claim = |id: &str, suffix: &str| {
            let link = if taken.contains(id) {
                format!("{id}.{suffix}")
            } else {
                id.to_string()
            };
            taken.insert(link.clone());
            link
        };
        let sections = q
            .sections
            .iter()
            .map(|s| claim(s.link(), "section"))
            .collect();
        let scores = q.scores.iter().map(|s| claim(&s.id, "score")).collect();
        let classifications = (q.classifications.iter())
            .map(|c| claim(&c.id, "classification"))
            .collect();
        Links {
            sections,
            scores,
            classifications,
        }
    }
}

/// The linkId of an item's help text.
pub fn help(item: &str) -> String {
    format!("{item}.help")
}

/// The linkId of a section's introduction.
pub fn section_intro(section: &str) -> String {
    format!("{section}.intro")
}

/// The linkId of the label of a numeric item's lower (`lower`) or upper (`upper`) end.
pub fn end_label(item: &str, end: &str) -> String {
    format!("{item}.{end}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::parse;
    use crate::testing::small_questionnaire;

    #[test]
    fn ids_shared_across_kinds_get_a_suffix() {
        let body = "sections:\n  - id: pain\n    title: P\n    items:\n      \
                    - {id: pain, type: integer, text: Pain?, min: 0, max: 10}\n      \
                    - {id: total, type: integer, text: T?, min: 0, max: 10}\n\
                    scores:\n  - {id: total, label: Total, items: [pain]}\n  \
                    - {id: pain_sum, label: Sum, items: [pain]}\n";
        let q = parse(&small_questionnaire("links", body), "q.yaml").expect("valid");
        let links = Links::of(&q);
        assert_eq!(links.sections, ["pain.section"]);
        assert_eq!(links.scores, ["total.score", "pain_sum"]);
    }
}
