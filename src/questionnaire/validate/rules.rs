//! Checks of scores, rules, patterns, causes and suggestions, and of what they refer to.

use std::collections::{BTreeMap, HashSet};

use super::Checker;
use crate::questionnaire::Rule;
use crate::questionnaire::triage::{Level, Likelihood};

impl Checker<'_> {
    pub(super) fn rules(&mut self) {
        let q = self.q;
        // Sets, not scans: every reference is checked, and there may be tens of thousands.
        let patterns: HashSet<&str> = q.patterns.iter().map(|t| t.id.as_str()).collect();
        let causes: HashSet<&str> = q.causes.iter().map(|t| t.id.as_str()).collect();
        let suggestions: HashSet<&str> = q.suggestions.iter().map(|s| s.id.as_str()).collect();
        for rule in &q.rules {
            self.condition(&rule.when, "rule", &rule.id, "can never fire");
            for (kind, map, known, set) in [
                ("pattern", &rule.patterns, &q.patterns, &patterns),
                ("cause", &rule.causes, &q.causes, &causes),
            ] {
                for (target, points) in map {
                    if !set.contains(target.as_str()) {
                        let hint = self.hint(target, known.iter().map(|t| t.id.as_str()));
                        self.add("rule", &rule.id, format!("unknown {kind} `{target}`{hint}"));
                    }
                    if !points.is_finite() || *points == 0.0 {
                        self.add(
                            "rule",
                            &rule.id,
                            format!("{kind} `{target}`: points must be a non-zero number"),
                        );
                    }
                }
            }
            for s in &rule.suggest {
                if !suggestions.contains(s.as_str()) {
                    let hint = self.hint(s, q.suggestions.iter().map(|x| x.id.as_str()));
                    self.add("rule", &rule.id, format!("unknown suggestion `{s}`{hint}"));
                }
            }
            for s in &rule.withhold {
                if !suggestions.contains(s.as_str()) {
                    let hint = self.hint(s, q.suggestions.iter().map(|x| x.id.as_str()));
                    self.add(
                        "rule",
                        &rule.id,
                        format!("`withhold`: unknown suggestion `{s}`{hint}"),
                    );
                }
            }
            if rule.advice.is_some() && rule.triage.is_none() {
                self.add(
                    "rule",
                    &rule.id,
                    "`advice` replaces a triage level's text: it needs `triage`",
                );
            }
            if rule.triage.is_some() && rule.message.is_none() {
                self.add(
                    "rule",
                    &rule.id,
                    "a rule that raises `triage` needs a `message` saying why",
                );
            }
            if rule.threshold && rule.triage.is_none() {
                self.add(
                    "rule",
                    &rule.id,
                    "`threshold` says how a rule raises triage: it needs `triage`",
                );
            }
            if rule.stop && rule.triage != Some(Level::Emergency) {
                self.add(
                    "rule",
                    &rule.id,
                    "`stop: true` is for emergencies: it needs `triage: emergency`",
                );
            }
            if rule.triage.is_none()
                && rule.patterns.is_empty()
                && rule.causes.is_empty()
                && rule.suggest.is_empty()
                && rule.withhold.is_empty()
            {
                self.add(
                    "rule",
                    &rule.id,
                    "does nothing: give it `triage`, `patterns`, `causes`, `suggest` or `withhold`",
                );
            }
        }
    }

    pub(super) fn targets_and_suggestions(&mut self) {
        let q = self.q;
        // What the rules feed and suggest, gathered once rather than searched per target.
        let fed = |pick: fn(&Rule) -> &BTreeMap<String, f64>| -> HashSet<&str> {
            q.rules
                .iter()
                .flat_map(|r| pick(r).iter())
                .filter(|(_, points)| **points > 0.0)
                .map(|(id, _)| id.as_str())
                .collect()
        };
        let fed_patterns = fed(|r| &r.patterns);
        let fed_causes = fed(|r| &r.causes);
        let suggested: HashSet<&str> = q
            .rules
            .iter()
            .flat_map(|r| r.suggest.iter().map(String::as_str))
            .collect();
        for (kind, targets, fed) in [
            ("pattern", &q.patterns, &fed_patterns),
            ("cause", &q.causes, &fed_causes),
        ] {
            for t in targets {
                if !(t.likely_at.is_finite() && t.likely_at > 0.0) {
                    self.add(kind, &t.id, "`likely_at` must be a positive number");
                }
                if t.at_most == Some(Likelihood::Unlikely) {
                    self.add(
                        kind,
                        &t.id,
                        "`at_most: unlikely` would hide it always: use `possible` or `likely`",
                    );
                }
                if !fed.contains(t.id.as_str()) {
                    self.add(
                        kind,
                        &t.id,
                        "no rule adds points to it, so it can never show",
                    );
                }
            }
        }
        let targets: Vec<&str> = q
            .patterns
            .iter()
            .chain(&q.causes)
            .map(|t| t.id.as_str())
            .collect();
        let target_set: HashSet<&str> = targets.iter().copied().collect();
        let patterns: HashSet<&str> = q.patterns.iter().map(|p| p.id.as_str()).collect();
        for s in &q.suggestions {
            for t in &s.targets {
                if !target_set.contains(t.as_str()) {
                    let hint = self.hint(t, targets.iter().copied());
                    self.add(
                        "suggestion",
                        &s.id,
                        format!("`for`: unknown pattern or cause `{t}`{hint}"),
                    );
                }
            }
            for t in &s.unless {
                if !patterns.contains(t.as_str()) {
                    self.add(
                        "suggestion",
                        &s.id,
                        format!("`unless`: unknown pattern `{t}`"),
                    );
                }
            }
            if s.unless_at == Likelihood::Unlikely {
                self.add(
                    "suggestion",
                    &s.id,
                    "`unless_at` is `possible` or `likely`: `unlikely` would hold it back always",
                );
            }
            if s.targets.is_empty() && !s.always && !suggested.contains(s.id.as_str()) {
                self.add("suggestion", &s.id, "is never shown: give it `for`, `always: true`, or name it in a rule's `suggest`");
            }
        }
    }
}
