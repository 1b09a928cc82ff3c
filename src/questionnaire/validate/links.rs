//! Checks on the names a questionnaire carries for FHIR: a section's or question's `link_id`
//! and an option's `coding`. FHIR output writes them as they are, so they must be unique
//! where FHIR needs them unique, and text FHIR accepts.

use std::collections::HashMap;

use super::Checker;
use crate::questionnaire::Coding;

/// FHIR asks linkIds to be at most 255 characters.
const MAX_LINK: usize = 255;

impl Checker<'_> {
    pub(super) fn links(&mut self) {
        let q = self.q;
        // The linkId of every question, written or implied, is unique among questions (and
        // a section's among sections: FHIR output tells a section from a question of the
        // same name itself): a response's answers are found by it. Two ids alike are already
        // a duplicate id, so only a written linkId is reported here.
        let sections = q
            .sections
            .iter()
            .map(|s| ("section", s.id.as_str(), s.link_id.as_deref(), s.link()));
        let items = q
            .items()
            .map(|i| ("item", i.id.as_str(), i.link_id.as_deref(), i.link()));
        for named in [sections.collect::<Vec<_>>(), items.collect()] {
            let mut seen: HashMap<&str, (&str, bool)> = HashMap::new();
            for (kind, id, written, link) in named {
                if let Some(link) = written
                    && (link.trim().is_empty() || link.chars().count() > MAX_LINK)
                {
                    self.add(
                        kind,
                        id,
                        format!("`link_id` must be 1 to {MAX_LINK} characters"),
                    );
                }
                if let Some((other, other_written)) = seen.insert(link, (id, written.is_some()))
                    && (other_written || written.is_some())
                {
                    self.add(
                        kind,
                        id,
                        format!("its FHIR linkId `{link}` is also `{other}`'s"),
                    );
                }
            }
        }
        for item in q.items() {
            let mut codes: HashMap<(Option<&str>, &str), &str> = HashMap::new();
            for option in &item.options {
                let Some(coding) = &option.coding else {
                    continue;
                };
                if !Coding::valid_code(&coding.code) {
                    self.add(
                        "item",
                        &item.id,
                        format!(
                            "option `{}`: a `coding` code is text without leading, trailing or \
                             double spaces",
                            option.value
                        ),
                    );
                }
                if coding
                    .system
                    .as_deref()
                    .is_some_and(|s| s.is_empty() || s.contains(char::is_whitespace))
                {
                    self.add(
                        "item",
                        &item.id,
                        format!(
                            "option `{}`: a `coding` system is a URI, without spaces",
                            option.value
                        ),
                    );
                }
                let key = (coding.system.as_deref(), coding.code.as_str());
                if let Some(other) = codes.insert(key, &option.value) {
                    self.add(
                        "item",
                        &item.id,
                        format!(
                            "options `{other}` and `{}` have the same `coding`",
                            option.value
                        ),
                    );
                }
            }
        }
    }
}
