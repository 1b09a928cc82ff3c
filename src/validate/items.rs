//! Checks of each item's shape, of where red flags stand, and of `enable_when` cycles.

use std::collections::{HashMap, HashSet};

use super::Checker;
use crate::condition::Subject;
use crate::questionnaire::{Item, ItemType};
use crate::triage::Level;

impl Checker<'_> {
    pub(super) fn items(&mut self) {
        let mut first_plain: Option<&str> = None;
        for item in self.q.items() {
            self.item_shape(item);
            match (item.red_flag, first_plain) {
                (Some(_), Some(plain)) => self.add(
                    "item",
                    &item.id,
                    format!(
                        "red-flag questions are asked first, but this one comes after `{plain}`"
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
        let id = &item.id;
        let numeric = item.kind.is_numeric();
        if numeric {
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

    pub(super) fn cycles(&mut self) {
        let q = self.q;
        let deps: HashMap<&str, Vec<String>> = q
            .items()
            .map(|item| {
                let mut subjects = Vec::new();
                if let Some(c) = &item.enable_when {
                    c.subjects(&mut subjects);
                }
                let ids = subjects
                    .into_iter()
                    .filter_map(|s| match s {
                        Subject::Item(id) => Some(id),
                        Subject::Score(_) => None,
                    })
                    .collect();
                (item.id.as_str(), ids)
            })
            .collect();
        let mut reported = HashSet::new();
        for start in q.item_ids() {
            let mut path = vec![start.to_string()];
            if let Some(cycle) = find_cycle(&deps, &mut path, &mut HashSet::new()) {
                let mut key: Vec<String> = cycle.clone();
                key.sort();
                if reported.insert(key) {
                    self.add(
                        "item",
                        &cycle[0],
                        format!(
                            "`enable_when` goes round in a circle: {} → {}",
                            cycle.join(" → "),
                            cycle[0]
                        ),
                    );
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
                    if q.score(&sid)
                        .is_some_and(|score| score.items.contains(&item.id))
                    {
                        self.add(
                            "item",
                            &item.id,
                            format!("`enable_when` uses score `{sid}`, which sums this item"),
                        );
                    }
                }
            }
        }
    }
}

fn find_cycle(
    deps: &HashMap<&str, Vec<String>>,
    path: &mut Vec<String>,
    done: &mut HashSet<String>,
) -> Option<Vec<String>> {
    let current = path.last()?.clone();
    for next in deps.get(current.as_str()).into_iter().flatten() {
        if let Some(start) = path.iter().position(|p| p == next) {
            return Some(path[start..].to_vec());
        }
        if done.contains(next) {
            continue;
        }
        path.push(next.clone());
        if let Some(cycle) = find_cycle(deps, path, done) {
            return Some(cycle);
        }
        path.pop();
    }
    done.insert(current);
    None
}
