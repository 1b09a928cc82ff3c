//! The detail under the first screen: each pattern and cause with its text, the answers behind
//! it and their points, and its evidence; every suggestion by what it answers; the evidence
//! behind the red flags; and the questions left unanswered.

use std::collections::BTreeMap;

use super::{Report, SCORE_MEANING, fit};
use crate::questionnaire::{Item, Questionnaire};
use crate::report::spoken;
use crate::scoring::assessment::{Assessment, Likelihood, Ranked, ShownSuggestion};

impl Report {
    pub(super) fn details(&mut self, q: &Questionnaire, a: &Assessment) {
        self.heading("In detail");
        self.red_flag_evidence(a);
        let any = a
            .patterns
            .iter()
            .chain(&a.causes)
            .any(|r| r.assessed && r.level > Likelihood::Unlikely);
        if any {
            self.dim_para(SCORE_MEANING, "  ");
        }
        self.ranked(q, "Patterns", &a.patterns);
        self.ranked(q, "What may be feeding it", &a.causes);
        self.suggestions(a);
        self.unanswered(q, a);
    }

    fn red_flag_evidence(&mut self, a: &Assessment) {
        let with: Vec<_> = a
            .red_flags
            .iter()
            .filter_map(|f| Some((f.message, f.evidence?)))
            .collect();
        if with.is_empty() {
            return;
        }
        self.bold_para("Where the warning signs come from", "  ");
        for (message, evidence) in with {
            self.bullet("!", message);
            self.dim_para(&format!("evidence: {evidence}"), "    ");
        }
    }

    /// Left out when the questionnaire has none, or none was assessed.
    fn ranked(&mut self, q: &Questionnaire, title: &str, items: &[Ranked]) {
        if items.is_empty() || items.iter().all(|r| !r.assessed) {
            return;
        }
        self.gap();
        self.bold_para(title, "  ");
        for r in items.iter().filter(|r| r.level > Likelihood::Unlikely) {
            // Wrapped as plain text, then styled: escape codes take no room on screen.
            let line = format!("{} — {}, {}", r.label, fit(r.level), points(q, r));
            if r.level == Likelihood::Likely {
                self.bold_para(&line, "  ");
            } else {
                self.para(&line, "  ");
            }
            self.para(r.text, "    ");
            self.dim_para(&format!("because: {}", spoken::because(q, r, true)), "    ");
            self.dim_para(&format!("evidence: {}", r.evidence), "    ");
        }
        let rest: Vec<&str> = items
            .iter()
            .filter(|r| r.level == Likelihood::Unlikely)
            .map(|r| r.label)
            .collect();
        if !rest.is_empty() {
            self.dim_para(
                &format!("Not suggested by your answers: {}.", rest.join("; ")),
                "  ",
            );
        }
    }

    fn suggestions(&mut self, a: &Assessment) {
        if a.suggestions.is_empty() {
            return;
        }
        self.gap();
        self.bold_para("Everything you can try", "  ");
        // Grouped by the first cause (or pattern) each suggestion answers, in ranking order.
        let order: Vec<&Ranked> = a.causes.iter().chain(&a.patterns).collect();
        let mut groups: BTreeMap<usize, Vec<&ShownSuggestion>> = BTreeMap::new();
        for s in &a.suggestions {
            let group = order
                .iter()
                .position(|r| s.targets.contains(&r.id))
                .unwrap_or(order.len());
            groups.entry(group).or_default().push(s);
        }
        for (group, list) in groups {
            let title = order.get(group).map_or("For everyone", |r| r.label);
            self.para(&format!("{title}:"), "  ");
            for s in list {
                self.bullet("  •", s.text);
                self.dim_para(&format!("evidence: {}", s.evidence), "      ");
            }
        }
    }

    fn unanswered(&mut self, q: &Questionnaire, a: &Assessment) {
        if a.unanswered.is_empty() {
            return;
        }
        let names: Vec<&str> = a
            .unanswered
            .iter()
            .filter_map(|id| q.item(id))
            .map(Item::name)
            .collect();
        self.gap();
        self.dim_para(
            &format!(
                "{} question{} not answered: {}.",
                names.len(),
                if names.len() == 1 { " was" } else { "s were" },
                names.join("; ")
            ),
            "  ",
        );
    }
}

/// A target's points against the mark at which it counts as consistent: "8 points (7 or more
/// counts as consistent)". Never a share out of 100, which would sound like a certainty.
pub fn points(q: &Questionnaire, r: &Ranked) -> String {
    let target = q.patterns.iter().chain(&q.causes).find(|t| t.id == r.id);
    let unit = if (r.points - 1.0).abs() < f64::EPSILON {
        "point"
    } else {
        "points"
    };
    match target {
        Some(t) => format!(
            "{} {unit} ({} or more counts as consistent)",
            r.points, t.likely_at
        ),
        None => format!("{} {unit}", r.points),
    }
}
