//! Checks that every text a questionnaire shows is plain text: its titles, questions, labels
//! and messages reach the terminal in reports, prompts and `dgs questions`, so an escape
//! sequence in one would be run by the terminal rather than shown.

use super::Checker;
use crate::questionnaire::Item;
use crate::words::{has_unsafe_text, printable};

impl Checker<'_> {
    pub(super) fn texts(&mut self) {
        let q = self.q;
        // (kind, id, field, shown), placed on a line once the walk is done.
        let mut found: Vec<(String, String, String, String)> = Vec::new();
        let mut check = |kind: &str, id: &str, field: &str, text: &str| {
            // Line breaks and tabs lay out long texts; every other control character is refused.
            if has_unsafe_text(text) {
                let shown: String = printable(text).chars().take(60).collect();
                found.push((kind.into(), id.into(), field.into(), shown));
            }
        };
        for (field, text) in [
            ("title", Some(&q.title)),
            ("disclaimer", Some(&q.disclaimer)),
            ("intro", q.intro.as_ref()),
            ("id", Some(&q.id)),
            ("version", Some(&q.version)),
        ] {
            if let Some(text) = text {
                check("questionnaire", "", field, text);
            }
        }
        if let Some(net) = &q.safety_net {
            check("questionnaire", "", "safety_net text", &net.text);
            check("questionnaire", "", "safety_net evidence", &net.evidence);
        }
        for (level, text) in &q.triage {
            check("triage", level.name(), "title", &text.title);
            check("triage", level.name(), "action", &text.action);
        }
        for section in &q.sections {
            check("section", &section.id, "title", &section.title);
            if let Some(link) = &section.link_id {
                check("section", &section.id, "link_id", link);
            }
            if let Some(intro) = &section.intro {
                check("section", &section.id, "intro", intro);
            }
            for item in &section.items {
                item_texts(item, &mut check);
            }
        }
        for score in &q.scores {
            check("score", &score.id, "label", &score.label);
            for band in &score.bands {
                check("score", &score.id, "band label", &band.label);
            }
        }
        for c in &q.classifications {
            check("classification", &c.id, "label", &c.label);
            for class in &c.classes {
                check("classification", &c.id, "class label", &class.label);
            }
        }
        for (kind, targets) in [("pattern", &q.patterns), ("cause", &q.causes)] {
            for t in targets {
                check(kind, &t.id, "label", &t.label);
                check(kind, &t.id, "text", &t.text);
                check(kind, &t.id, "evidence", &t.evidence);
            }
        }
        for s in &q.suggestions {
            check("suggestion", &s.id, "text", &s.text);
            check("suggestion", &s.id, "evidence", &s.evidence);
        }
        for rule in &q.rules {
            for (field, text) in [("message", &rule.message), ("explain", &rule.explain)] {
                if let Some(text) = text {
                    check("rule", &rule.id, field, text);
                }
            }
        }
        for (kind, id, field, shown) in found {
            let (place, line) = self.place_of(&kind, &id, &field);
            self.problems.push(super::Problem {
                line,
                place,
                message: format!(
                    "`{field}` holds a control character (`{shown}`): texts are plain text, \
                     and a terminal would run it"
                ),
            });
        }
    }

    /// Where a text problem is: questionnaire-wide texts are top-level keys, triage texts sit
    /// under their level's key, everything else under its `id:`.
    fn place_of(&mut self, kind: &str, id: &str, field: &str) -> (String, Option<usize>) {
        match kind {
            "questionnaire" => {
                let key = field.split(' ').next().unwrap_or_default();
                (kind.to_string(), super::key_line(self.text, key))
            }
            "triage" => {
                let line = super::key_line(self.text, "triage").and_then(|from| {
                    self.text
                        .lines()
                        .skip(from)
                        .position(|l| l.trim_start().starts_with(&format!("{id}:")))
                        .map(|n| from + n + 1)
                });
                (format!("{kind} `{id}`"), line)
            }
            _ => (format!("{kind} `{id}`"), self.line_of(id, 0)),
        }
    }
}

/// The texts of one question: its wording, labels and the FHIR names it carries.
fn item_texts(item: &Item, check: &mut impl FnMut(&str, &str, &str, &str)) {
    let id = &item.id;
    check("item", id, "text", &item.text);
    for (field, text) in [
        ("short", &item.short),
        ("help", &item.help),
        ("unit", &item.unit),
        ("min_label", &item.min_label),
        ("max_label", &item.max_label),
    ] {
        if let Some(text) = text {
            check("item", id, field, text);
        }
    }
    if let Some(link) = &item.link_id {
        check("item", id, "link_id", link);
    }
    for option in &item.options {
        check("item", id, "option label", &option.label);
        if let Some(coding) = &option.coding {
            check("item", id, "option coding", &coding.code);
            if let Some(system) = &coding.system {
                check("item", id, "option coding", system);
            }
        }
    }
}
