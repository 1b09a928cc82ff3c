//! Checks of each item's shape, of where red flags stand, and of `enable_when` cycles.

use std::collections::HashSet;

use super::Checker;
use crate::questionnaire::condition::Subject;
use crate::questionnaire::index::enable_deps;
use crate::questionnaire::triage::Level;
use crate::questionnaire::{Item, ItemType};

impl Checker<'_> {
    pub(super) fn items(&mut self) {
        let mut first_plain: Option<&str> = None;
        for item in self.q.items() {
            self.item_shape(item);
            if item.in_place && item.red_flag.is_none() {
                self.add(
                    "item",
                    &item.id,
                    "`in_place` is for red-flag questions: it needs `red_flag`",
                );
            }
            match (item.red_flag.filter(|_| !item.in_place), first_plain) {
                (Some(_), Some(plain)) => self.add(
                    "item",
                    &item.id,
                    format!(
                        "red-flag questions are asked first, but this one comes after `{plain}` \
                         (mark it `in_place: true` to ask it where it stands)"
                    ),
                ),
                (None, None) => first_plain = Some(&item.id),
                _ => {}
            }
            if item.red_flag == Some(Level::SelfCare) {
                self.add(
                    "item",
                    &item.id,
                    "`red_flag` must be `emergency`, `urgent` or `see_clinician`",
                );
            }
            if item.red_flag.is_some() && !item.required {
                self.add(
                    "item",
                    &item.id,
                    "a red-flag question must be `required: true`",
                );
            }
            if let Some(cond) = &item.enable_when {
                self.condition(cond, "item", &item.id, "is never asked");
            }
        }
    }

    fn item_shape(&mut self, item: &Item) {
        self.bounds(item);
        self.options(item);
    }

    /// `min` and `max`: both on number items, in order, finite, and exact for integers.
    fn bounds(&mut self, item: &Item) {
        let id = &item.id;
        if item.kind.is_numeric() {
            match (item.min, item.max) {
                (Some(min), Some(max)) if min > max => {
                    self.add(
                        "item",
                        id,
                        format!("`min` {min} is greater than `max` {max}"),
                    );
                }
                (Some(min), Some(max))
                    if item.kind == ItemType::Integer
                        && (min.fract() != 0.0 || max.fract() != 0.0) =>
                {
                    self.add(
                        "item",
                        id,
                        format!("an integer item needs whole bounds, not {min} and {max}"),
                    );
                }
                (Some(min), Some(max)) if !min.is_finite() || !max.is_finite() => {
                    self.add("item", id, "`min` and `max` must be finite numbers");
                }
                // Beyond 2^53 not every whole number is a distinct f64, and past i64 an
                // answer would be stored clamped: bounds must be where answers are exact.
                (Some(min), Some(max))
                    if item.kind == ItemType::Integer
                        && (min.abs() > MAX_EXACT || max.abs() > MAX_EXACT) =>
                {
                    self.add(
                        "item",
                        id,
                        format!(
                            "an integer item's `min` and `max` must lie within ±{MAX_EXACT} \
                             (2^53), where every whole number is exact"
                        ),
                    );
                }
                (Some(_), Some(_)) => {}
                _ => self.add(
                    "item",
                    id,
                    format!("a `{}` item needs both `min` and `max`", item.kind.name()),
                ),
            }
        } else if item.min.is_some()
            || item.max.is_some()
            || item.min_label.is_some()
            || item.max_label.is_some()
        {
            self.add(
                "item",
                id,
                format!(
                    "`min`, `max` and their labels belong to number items, not `{}`",
                    item.kind.name()
                ),
            );
        }
    }

    /// `not_sure`, options and their codes, weights and `exclusive`: where each belongs.
    fn options(&mut self, item: &Item) {
        let id = &item.id;
        if item.not_sure && item.kind != ItemType::YesNo {
            self.add(
                "item",
                id,
                format!(
                    "`not_sure` belongs to `yes_no` items; give a `{}` item its own option",
                    item.kind.name()
                ),
            );
        }
        let choice = matches!(item.kind, ItemType::SingleChoice | ItemType::MultipleChoice);
        if !choice && !item.options.is_empty() {
            self.add(
                "item",
                id,
                format!("a `{}` item takes no `options`", item.kind.name()),
            );
        }
        if choice && item.options.len() < 2 {
            self.add("item", id, "a choice item needs at least two `options`");
        }
        let mut seen = HashSet::new();
        for option in &item.options {
            let v = &option.value;
            if !v.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
                || !v
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                self.add(
                    "item",
                    id,
                    format!("option `{v}`: codes are lowercase letters, digits and `_`"),
                );
            }
            if !seen.insert(v) {
                self.add("item", id, format!("option `{v}` appears twice"));
            }
            if option.weight.is_some_and(|w| !w.is_finite()) {
                self.add(
                    "item",
                    id,
                    format!("option `{v}`: `weight` must be a finite number"),
                );
            }
        }
        let exclusive = item.options.iter().filter(|o| o.exclusive).count();
        if exclusive > 0 && item.kind != ItemType::MultipleChoice {
            self.add(
                "item",
                id,
                "`exclusive` options belong to `multiple_choice` items",
            );
        } else if exclusive > 1 {
            self.add("item", id, "at most one option can be `exclusive`");
        }
    }

    /// Every `enable_when` circle, found by one depth-first walk with an explicit stack:
    /// linear in the items and their references, and no recursion to overflow on a chain
    /// tens of thousands long.
    pub(super) fn cycles(&mut self) {
        let q = self.q;
        let deps = enable_deps(q, &q.index, false);
        let n = deps.len();
        let mut state = vec![0u8; n]; // 0 new, 1 on the stack, 2 done
        let mut at = vec![0usize; n]; // position on the stack while on it
        let mut stack: Vec<(usize, usize)> = Vec::new();
        let mut found = 0;
        for root in 0..n {
            if state[root] != 0 {
                continue;
            }
            state[root] = 1;
            stack.push((root, 0));
            while let Some(top) = stack.last_mut() {
                let slot = top.0;
                let Some(&dep) = deps[slot].get(top.1) else {
                    state[slot] = 2;
                    stack.pop();
                    continue;
                };
                top.1 += 1;
                match state[dep] {
                    0 => {
                        state[dep] = 1;
                        at[dep] = stack.len();
                        stack.push((dep, 0));
                    }
                    1 if found < MAX_CYCLES => {
                        found += 1;
                        let circle: Vec<&str> = stack[at[dep]..]
                            .iter()
                            .map(|&(s, _)| q.item_at(s).id.as_str())
                            .collect();
                        self.add(
                            "item",
                            circle[0],
                            format!(
                                "`enable_when` goes round in a circle: {} → {}",
                                shortened(&circle),
                                circle[0]
                            ),
                        );
                    }
                    _ => {}
                }
            }
        }
        // Scores may be used in enable_when; a score over an item that depends on it is a cycle too.
        for item in q.items() {
            let mut subjects = Vec::new();
            if let Some(c) = &item.enable_when {
                c.subjects(&mut subjects);
            }
            for s in subjects {
                if let Subject::Score(sid) = s {
                    let slot = q.slot(&item.id);
                    let reads =
                        q.scores.iter().position(|score| score.id == sid).map(|n| {
                            crate::questionnaire::score_graph::score_reads(q, &q.index, n)
                        });
                    if reads.is_some_and(|slots| slot.is_some_and(|s| slots.contains(&s))) {
                        self.add(
                            "item",
                            &item.id,
                            format!("`enable_when` uses score `{sid}`, which reads this item"),
                        );
                    }
                }
            }
        }
    }
}

/// The largest whole number below which every whole number is an exact `f64`: 2^53.
const MAX_EXACT: f64 = 9_007_199_254_740_992.0;

/// Circles reported in one validation at most; one is enough to act on.
const MAX_CYCLES: usize = 20;

/// A circle as `a → b → c`, its middle left out when it is long.
fn shortened(circle: &[&str]) -> String {
    const SHOWN: usize = 8;
    if circle.len() <= SHOWN {
        return circle.join(" → ");
    }
    format!(
        "{} → … ({} more) → {}",
        circle[..SHOWN / 2].join(" → "),
        circle.len() - SHOWN,
        circle[circle.len() - SHOWN / 2..].join(" → ")
    )
}
