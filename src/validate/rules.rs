//! Checks of scores, rules, patterns, causes and suggestions, and of what they refer to.

use super::{Checker, hint_text};
use crate::assessment::Likelihood;
use crate::text::did_you_mean;
use crate::triage::Level;

impl Checker<'_> {
    pub(super) fn scores(&mut self) {
        for score in &self.q.scores {
            for item in &score.items {
                if self.q.item(item).is_none() {
                    let hint = did_you_mean(item, self.q.item_ids());
                    self.add(
                        "score",
                        &score.id,
                        format!("unknown item `{item}`{}", hint_text(hint)),
                    );
                }
            }
            let mut last = f64::NEG_INFINITY;
            for (n, band) in score.bands.iter().enumerate() {
                match band.max {
                    Some(max) if max <= last => self.add(
                        "score",
                        &score.id,
                        format!("band `{}`: `max` values must increase", band.label),
                    ),
                    Some(max) => last = max,
                    None if n + 1 != score.bands.len() => {
                        self.add(
                            "score",
                            &score.id,
                            format!(
                                "band `{}`: only the last band may leave out `max`",
                                band.label
                            ),
                        );
                    }
                    None => {}
                }
            }
        }
    }

    pub(super) fn rules(&mut self) {
        let q = self.q;
        for rule in &q.rules {
            self.condition(&rule.when, "rule", &rule.id, "can never fire");
            for (kind, map, known) in [
                ("pattern", &rule.patterns, &q.patterns),
                ("cause", &rule.causes, &q.causes),
            ] {
                for (target, points) in map {
                    if !known.iter().any(|t| &t.id == target) {
                        let hint = did_you_mean(target, known.iter().map(|t| t.id.as_str()));
                        self.add(
                            "rule",
                            &rule.id,
                            format!("unknown {kind} `{target}`{}", hint_text(hint)),
                        );
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
                if !q.suggestions.iter().any(|x| &x.id == s) {
                    let hint = did_you_mean(s, q.suggestions.iter().map(|x| x.id.as_str()));
                    self.add(
                        "rule",
                        &rule.id,
                        format!("unknown suggestion `{s}`{}", hint_text(hint)),
                    );
                }
            }
            for s in &rule.withhold {
                if !q.suggestions.iter().any(|x| &x.id == s) {
                    let hint = did_you_mean(s, q.suggestions.iter().map(|x| x.id.as_str()));
                    self.add(
                        "rule",
                        &rule.id,
                        format!("`withhold`: unknown suggestion `{s}`{}", hint_text(hint)),
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
        for (kind, targets) in [("pattern", &q.patterns), ("cause", &q.causes)] {
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
                let fed = q.rules.iter().any(|r| {
                    let map = if kind == "pattern" {
                        &r.patterns
                    } else {
                        &r.causes
                    };
                    map.get(&t.id).is_some_and(|p| *p > 0.0)
                });
                if !fed {
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
        for s in &q.suggestions {
            for t in &s.targets {
                if !targets.contains(&t.as_str()) {
                    let hint = did_you_mean(t, targets.iter().copied());
                    self.add(
                        "suggestion",
                        &s.id,
                        format!("`for`: unknown pattern or cause `{t}`{}", hint_text(hint)),
                    );
                }
            }
            for t in &s.unless {
                if !q.patterns.iter().any(|p| &p.id == t) {
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
            let suggested = q.rules.iter().any(|r| r.suggest.contains(&s.id));
            if s.targets.is_empty() && !s.always && !suggested {
                self.add("suggestion", &s.id, "is never shown: give it `for`, `always: true`, or name it in a rule's `suggest`");
            }
        }
    }
}
