//! Checks a parsed questionnaire for everything the YAML shape cannot express, and reports
//! every problem at once with where it is.

use std::collections::{HashMap, HashSet};

use crate::condition::{Condition, Leaf, Op, Operand, Subject};
use crate::questionnaire::{FORMAT_MAJOR, FORMAT_NAME, Item, ItemType, Questionnaire};
use crate::text::did_you_mean;
use crate::triage::Level;

/// One problem: what it is about, the message, and the line of the id it names, if found.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub line: Option<usize>,
    pub place: String,
    pub message: String,
}

impl Problem {
    pub fn display(&self, origin: &str) -> String {
        match self.line {
            Some(line) => format!("{origin}:{line}: {}: {}", self.place, self.message),
            None => format!("{origin}: {}: {}", self.place, self.message),
        }
    }
}

struct Checker<'a> {
    q: &'a Questionnaire,
    text: &'a str,
    problems: Vec<Problem>,
}

pub fn check(q: &Questionnaire, text: &str) -> Vec<Problem> {
    let mut c = Checker {
        q,
        text,
        problems: Vec::new(),
    };
    c.header();
    c.ids();
    c.items();
    c.cycles();
    c.scores();
    c.rules();
    c.targets_and_suggestions();
    c.problems
}

fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The line of the `nth` occurrence of `id: <id>`: the parser keeps no positions after
/// deserialising, but ids are unique enough to find.
fn line_of(text: &str, id: &str, nth: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            let t = line.trim_start().trim_start_matches("- ").trim();
            t.strip_prefix("id:")
                .map(|rest| rest.trim().trim_matches(|c| c == '"' || c == '\''))
                == Some(id)
        })
        .nth(nth)
        .map(|(n, _)| n + 1)
}

impl Checker<'_> {
    fn add(&mut self, kind: &str, id: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            line: line_of(self.text, id, 0),
            place: format!("{kind} `{id}`"),
            message: message.into(),
        });
    }

    fn header(&mut self) {
        let version = self
            .q
            .format
            .strip_prefix(FORMAT_NAME)
            .and_then(|v| v.strip_prefix('/'));
        let major = version
            .and_then(|v| v.split('.').next())
            .and_then(|m| m.parse::<u32>().ok());
        if major != Some(FORMAT_MAJOR) {
            self.problems.push(Problem {
                line: self
                    .text
                    .lines()
                    .position(|l| l.starts_with("format:"))
                    .map(|n| n + 1),
                place: "format".into(),
                message: format!(
                    "unsupported format `{}`: this build reads `{FORMAT_NAME}/{FORMAT_MAJOR}`",
                    self.q.format
                ),
            });
        }
        for level in Level::ALL {
            if !self.q.triage.contains_key(&level) {
                self.problems.push(Problem {
                    line: None,
                    place: "triage".into(),
                    message: format!("no text for level `{}`", level.name()),
                });
            }
        }
    }

    fn ids(&mut self) {
        let q = self.q;
        let groups: [(&str, Vec<&str>); 5] = [
            (
                "section",
                q.sections.iter().map(|s| s.id.as_str()).collect(),
            ),
            ("item", q.item_ids().collect()),
            ("score", q.scores.iter().map(|s| s.id.as_str()).collect()),
            (
                "pattern or cause",
                q.patterns
                    .iter()
                    .chain(&q.causes)
                    .map(|t| t.id.as_str())
                    .collect(),
            ),
            (
                "suggestion",
                q.suggestions.iter().map(|s| s.id.as_str()).collect(),
            ),
        ];
        let rules = (
            "rule",
            q.rules.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        );
        for (kind, ids) in groups.iter().chain([&rules]) {
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for id in ids {
                if !valid_id(id) {
                    self.add(
                        kind,
                        id,
                        "ids are lowercase letters, digits and `_`, starting with a letter",
                    );
                }
                let count = seen.entry(id).or_insert(0);
                *count += 1;
                if *count == 2 {
                    self.problems.push(Problem {
                        line: line_of(self.text, id, 1),
                        place: format!("{kind} `{id}`"),
                        message: "duplicate id".into(),
                    });
                }
            }
        }
    }

    fn items(&mut self) {
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

    /// Checks references, operators and values, then whether the condition can ever hold.
    fn condition(&mut self, cond: &Condition, kind: &str, id: &str, never: &str) {
        for leaf in cond.leaves() {
            if let Err(message) = self.leaf(leaf) {
                self.add(kind, id, message);
            }
        }
        if never_true(cond, self.q) {
            self.add(kind, id, format!("{never}: `{cond}` can never be true"));
        }
    }

    fn leaf(&self, leaf: &Leaf) -> Result<(), String> {
        let q = self.q;
        let shown = format!("`{}`", Condition::Leaf(leaf.clone()));
        let op = leaf.op;
        if op == Op::Answered {
            if !matches!(leaf.value, Operand::Bool(_)) {
                return Err(format!("{shown}: `answered` takes `true` or `false`"));
            }
        } else if matches!(leaf.value, Operand::Bool(_)) {
            return Err(format!(
                "{shown}: `true`/`false` only go with `answered`; yes/no answers are `\"yes\"` and `\"no\"`"
            ));
        }
        let item = match &leaf.subject {
            Subject::Score(s) => {
                if q.score(s).is_none() {
                    let hint = did_you_mean(s, q.scores.iter().map(|s| s.id.as_str()));
                    return Err(format!("{shown}: unknown score `{s}`{}", hint_text(hint)));
                }
                return match (op, &leaf.value) {
                    (Op::Answered, _) | (_, Operand::Number(_))
                        if op != Op::In && op != Op::Contains =>
                    {
                        Ok(())
                    }
                    _ => Err(format!(
                        "{shown}: a score is compared with a number using `=`, `!=`, `<`, `<=`, `>` or `>=`"
                    )),
                };
            }
            Subject::Item(i) => q.item(i).ok_or_else(|| {
                let hint = did_you_mean(i, q.item_ids());
                format!("{shown}: unknown item `{i}`{}", hint_text(hint))
            })?,
        };
        let kind = item.kind;
        let fits = match op {
            Op::Answered | Op::Eq | Op::Ne | Op::In => true,
            Op::Lt | Op::Le | Op::Gt | Op::Ge => kind.is_numeric(),
            Op::Contains => kind == ItemType::MultipleChoice,
        };
        if !fits {
            return Err(format!(
                "{shown}: `{}` does not apply to a `{}` item",
                op.symbol(),
                kind.name()
            ));
        }
        let scalars: Vec<&Operand> = match (op, &leaf.value) {
            (Op::Answered, _) => return Ok(()),
            (Op::In, Operand::List(values)) => values.iter().collect(),
            (Op::In, _) => return Err(format!("{shown}: `in` takes a list of values")),
            (_, Operand::List(_)) => {
                return Err(format!("{shown}: use `in` to compare with a list"));
            }
            (_, value) => vec![value],
        };
        for value in scalars {
            match (kind.is_numeric(), value) {
                (true, Operand::Number(_)) => {}
                (true, _) => {
                    return Err(format!(
                        "{shown}: `{}` is a number item; compare it with a number",
                        item.id
                    ));
                }
                (false, Operand::Text(code)) if item.codes().contains(&code.as_str()) => {}
                (false, _) => {
                    let allowed = crate::text::or_list(&crate::text::ticked(item.codes()));
                    return Err(format!(
                        "{shown}: `{value}` is not an answer of `{}`; expected {allowed}",
                        item.id
                    ));
                }
            }
        }
        Ok(())
    }

    fn cycles(&mut self) {
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

    fn scores(&mut self) {
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

    fn rules(&mut self) {
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
            {
                self.add(
                    "rule",
                    &rule.id,
                    "does nothing: give it `triage`, `patterns`, `causes` or `suggest`",
                );
            }
        }
    }

    fn targets_and_suggestions(&mut self) {
        let q = self.q;
        for (kind, targets) in [("pattern", &q.patterns), ("cause", &q.causes)] {
            for t in targets {
                if !(t.likely_at.is_finite() && t.likely_at > 0.0) {
                    self.add(kind, &t.id, "`likely_at` must be a positive number");
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
            let suggested = q.rules.iter().any(|r| r.suggest.contains(&s.id));
            if s.targets.is_empty() && !s.always && !suggested {
                self.add("suggestion", &s.id, "is never shown: give it `for`, `always: true`, or name it in a rule's `suggest`");
            }
        }
    }
}

fn hint_text(hint: Option<String>) -> String {
    hint.map(|h| format!(" (did you mean `{h}`?)"))
        .unwrap_or_default()
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

/// Whether a condition is false whatever the answers: a bound outside the item's range,
/// `any` of nothing, or `all` that needs one single-valued item to have two values.
fn never_true(cond: &Condition, q: &Questionnaire) -> bool {
    match cond {
        Condition::Any(cs) => cs.iter().all(|c| never_true(c, q)),
        Condition::All(cs) => {
            if cs.iter().any(|c| never_true(c, q)) {
                return true;
            }
            let mut wanted: HashMap<&str, &Operand> = HashMap::new();
            cs.iter().any(|c| match c {
                Condition::Leaf(Leaf {
                    subject: Subject::Item(id),
                    op: Op::Eq,
                    value,
                }) => {
                    let single = q
                        .item(id)
                        .is_some_and(|i| i.kind != ItemType::MultipleChoice);
                    single
                        && wanted
                            .insert(id.as_str(), value)
                            .is_some_and(|prev| prev != value)
                }
                _ => false,
            })
        }
        Condition::Not(_) => false,
        Condition::Leaf(leaf) => {
            let Subject::Item(id) = &leaf.subject else {
                return false;
            };
            let Some(item) = q.item(id) else { return false };
            if leaf.op == Op::In {
                return matches!(&leaf.value, Operand::List(v) if v.is_empty());
            }
            let Operand::Number(v) = leaf.value else {
                return false;
            };
            if !item.kind.is_numeric() {
                return false;
            }
            let (min, max) = item.bounds();
            match leaf.op {
                Op::Lt => min >= v,
                Op::Le => min > v,
                Op::Gt => max <= v,
                Op::Ge => max < v,
                Op::Eq => {
                    v < min || v > max || (item.kind == ItemType::Integer && v.fract() != 0.0)
                }
                _ => false,
            }
        }
    }
}

#[cfg(test)]
mod tests;
