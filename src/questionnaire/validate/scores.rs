//! Checks of scores: what they read, how they combine, their bands, and circles of scores
//! reading scores.

use super::Checker;
use crate::questionnaire::formula::Target;
use crate::questionnaire::{MAX_DECIMALS, Method, Score};

impl Checker<'_> {
    pub(super) fn scores(&mut self) {
        for score in &self.q.scores {
            self.score_inputs(score);
            self.score_rules(score);
            self.bands(score);
        }
        self.score_circles();
        self.classifications();
    }

    /// Classes: at least one, ids unique within the classification, conditions that can hold.
    fn classifications(&mut self) {
        for c in &self.q.classifications {
            if c.classes.is_empty() {
                self.add("classification", &c.id, "needs at least one class");
            }
            let mut seen = std::collections::HashSet::new();
            for class in &c.classes {
                if !seen.insert(class.id.as_str()) {
                    self.add(
                        "classification",
                        &c.id,
                        format!("class `{}` appears twice", class.id),
                    );
                }
                if !super::valid_id(&class.id) {
                    self.add(
                        "classification",
                        &c.id,
                        format!(
                            "class `{}`: ids are lowercase letters, digits and `_`, starting with a letter",
                            class.id
                        ),
                    );
                }
                let never = format!("class `{}` is never given", class.id);
                self.condition(&class.when, "classification", &c.id, &never);
            }
        }
    }

    /// Items, or a formula whose names are known items or scores — not both.
    fn score_inputs(&mut self, score: &Score) {
        let q = self.q;
        for item in &score.items {
            if q.item(item).is_none() {
                let hint = self.hint(item, q.item_ids());
                self.add("score", &score.id, format!("unknown item `{item}`{hint}"));
            }
        }
        let Some(formula) = &score.formula else {
            if score.items.is_empty() {
                self.add("score", &score.id, "needs `items` or a `formula`");
            }
            return;
        };
        if let Some(why) = formula.problem() {
            self.add("score", &score.id, format!("`formula`: {why}"));
        }
        if !score.items.is_empty()
            || score.method != Method::Sum
            || score.min_answered.is_some()
            || score.prorate
        {
            self.add(
                "score",
                &score.id,
                "a `formula` score takes no `items`, `method`, `min_answered` or `prorate`: \
                 give those to a score the formula reads",
            );
        }
        for name in formula.names() {
            match name.target {
                Target::Unresolved => {
                    let known = q.item_ids().chain(q.scores.iter().map(|s| s.id.as_str()));
                    let hint = self.hint(&name.id, known);
                    self.add(
                        "score",
                        &score.id,
                        format!("`formula`: unknown item or score `{}`{hint}", name.id),
                    );
                }
                Target::Item(_) if q.score(&name.id).is_some() => self.add(
                    "score",
                    &score.id,
                    format!(
                        "`formula`: `{}` is both an item and a score; rename one",
                        name.id
                    ),
                ),
                _ => {}
            }
        }
    }

    /// `min_answered` within the items, `prorate` only on a sum, `decimals` bounded.
    fn score_rules(&mut self, score: &Score) {
        if let Some(min) = score.min_answered {
            if min == 0 || min > score.items.len() {
                self.add(
                    "score",
                    &score.id,
                    format!(
                        "`min_answered` is between 1 and its {} items, not {min}",
                        score.items.len()
                    ),
                );
            }
        }
        if score.prorate && score.method != Method::Sum {
            self.add(
                "score",
                &score.id,
                "`prorate` scales a `sum`; it does not apply to a `mean` or a `count`",
            );
        }
        if score.decimals > MAX_DECIMALS {
            self.add(
                "score",
                &score.id,
                format!(
                    "`decimals` is at most {MAX_DECIMALS}, not {}",
                    score.decimals
                ),
            );
        }
    }

    fn bands(&mut self, score: &Score) {
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

    /// Scores left out of the computing order read themselves, directly or through others.
    fn score_circles(&mut self) {
        let q = self.q;
        let mut ordered = vec![false; q.scores.len()];
        for &s in &q.index.score_order {
            ordered[s] = true;
        }
        let circled: Vec<&str> = q
            .scores
            .iter()
            .zip(&ordered)
            .filter(|(_, done)| !**done)
            .map(|(s, _)| s.id.as_str())
            .collect();
        if let Some(first) = circled.first() {
            let shown = circled
                .iter()
                .take(8)
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            let more = circled.len().saturating_sub(8);
            self.add(
                "score",
                first,
                format!(
                    "`formula` goes round in a circle: these scores read each other, or one \
                     that does: {shown}{}",
                    if more > 0 {
                        format!(" (and {more} more)")
                    } else {
                        String::new()
                    }
                ),
            );
        }
    }
}
