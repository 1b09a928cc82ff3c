//! Positions worked out once after loading, so scoring a record never looks anything up by
//! name: item slots, the order `enable_when` needs, and rules' targets as indices.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::condition::{Subject, UNRESOLVED};
use super::formula::Target as FormulaTarget;
use super::model::Definition;
use super::score_graph;

#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Item id → slot. With duplicate ids (a validation error) the first item keeps it.
    pub slot_of: HashMap<String, usize, BuildHasherDefault<Fnv>>,
    /// Score id → score index.
    score_of: HashMap<String, usize, BuildHasherDefault<Fnv>>,
    /// Slot → (section, position in the section): questionnaire order.
    pub places: Vec<(usize, usize)>,
    /// Slots ordered so that every item comes after the items its `enable_when` reads.
    pub enable_order: Vec<usize>,
    /// Slots sorted by item id: the order answers are written in.
    pub by_id: Vec<usize>,
    /// Score index → slots of its items.
    pub score_items: Vec<Vec<usize>>,
    /// Score indices in the order they are computed: each after the scores its formula reads.
    /// Scores in a circle (a validation error) are left out.
    pub score_order: Vec<usize>,
    /// Rule index → suggestion indices.
    pub rule_suggest: Vec<Vec<usize>>,
    /// Rule index → indices of the suggestions it holds back.
    pub rule_withhold: Vec<Vec<usize>>,
    /// Pattern / cause index → (rule index, points) of the rules that feed it, in rule order.
    pub pattern_rules: Vec<Vec<(usize, f64)>>,
    pub cause_rules: Vec<Vec<(usize, f64)>>,
    /// Pattern / cause index → all the positive points rules can give it.
    pub pattern_max: Vec<f64>,
    pub cause_max: Vec<f64>,
    /// Suggestion index → targets it answers (patterns first, then causes, one numbering) and
    /// patterns that hold it back.
    pub suggestion_for: Vec<Vec<usize>>,
    pub suggestion_unless: Vec<Vec<usize>>,
}

impl Index {
    /// Works out every position from a definition; conditions are resolved with
    /// [`Index::resolve`] afterwards.
    pub fn build(q: &Definition) -> Index {
        let mut index = Index::default();
        index.place_items_and_scores(q);
        index.score_order = score_graph::score_order(q, &index);
        // Positions by id, looked up in a map: a scan per reference made 50,000 rules over
        // 50,000 patterns take half a minute.
        let patterns = positions(q.patterns.iter().map(|t| t.id.as_str()));
        let causes = positions(q.causes.iter().map(|t| t.id.as_str()));
        let suggestions = positions(q.suggestions.iter().map(|s| s.id.as_str()));
        index.link_rules(q, &patterns, &causes, &suggestions);
        index.link_suggestions(q, &patterns, &causes);
        index.enable_order = enable_order(q, &index);
        let mut by_id: Vec<usize> = (0..index.places.len()).collect();
        by_id.sort_by(|&a, &b| item_id(q, &index, a).cmp(item_id(q, &index, b)));
        index.by_id = by_id;
        index
    }

    /// Slots in questionnaire order, ids to slots and scores, and each score's items.
    fn place_items_and_scores(&mut self, q: &Definition) {
        for (s, section) in q.sections.iter().enumerate() {
            for (i, item) in section.items.iter().enumerate() {
                let slot = self.places.len();
                self.places.push((s, i));
                self.slot_of.entry(item.id.clone()).or_insert(slot);
            }
        }
        for (n, score) in q.scores.iter().enumerate() {
            self.score_of.entry(score.id.clone()).or_insert(n);
        }
        self.score_items = q
            .scores
            .iter()
            .map(|s| {
                s.items
                    .iter()
                    .filter_map(|id| self.slot_of.get(id).copied())
                    .collect()
            })
            .collect();
    }

    /// What each rule feeds, suggests and holds back, and the most points each target can get.
    fn link_rules(
        &mut self,
        q: &Definition,
        patterns: &Positions,
        causes: &Positions,
        suggestions: &Positions,
    ) {
        let targets = |map: &std::collections::BTreeMap<String, f64>, list: &Positions| {
            map.iter()
                .filter_map(|(id, points)| Some((*list.get(id.as_str())?, *points)))
                .collect()
        };
        self.pattern_rules = by_target(
            q.rules.iter().map(|r| targets(&r.patterns, patterns)),
            q.patterns.len(),
        );
        self.cause_rules = by_target(
            q.rules.iter().map(|r| targets(&r.causes, causes)),
            q.causes.len(),
        );
        self.rule_suggest = q
            .rules
            .iter()
            .map(|r| found(&r.suggest, suggestions))
            .collect();
        self.rule_withhold = q
            .rules
            .iter()
            .map(|r| found(&r.withhold, suggestions))
            .collect();
        self.pattern_max = max_points(&self.pattern_rules);
        self.cause_max = max_points(&self.cause_rules);
    }

    /// The targets each suggestion answers (patterns first, then causes, one numbering) and
    /// the patterns that hold it back.
    fn link_suggestions(&mut self, q: &Definition, patterns: &Positions, causes: &Positions) {
        let target = |id: &String| {
            patterns
                .get(id.as_str())
                .copied()
                .or_else(|| causes.get(id.as_str()).map(|c| q.patterns.len() + c))
        };
        self.suggestion_for = q
            .suggestions
            .iter()
            .map(|s| s.targets.iter().filter_map(target).collect())
            .collect();
        self.suggestion_unless = q
            .suggestions
            .iter()
            .map(|s| found(&s.unless, patterns))
            .collect();
    }

    /// What a name in a formula reads: an item first, else a score.
    pub fn formula_target(&self, name: &str) -> FormulaTarget {
        if let Some(&slot) = self.slot_of.get(name) {
            FormulaTarget::Item(slot)
        } else if let Some(&n) = self.score_of.get(name) {
            FormulaTarget::Score(n)
        } else {
            FormulaTarget::Unresolved
        }
    }

    /// The slot of an item, or the index of a score, that a condition reads.
    pub fn resolve(&self, subject: &Subject) -> usize {
        match subject {
            Subject::Item(id) => self.slot_of.get(id).copied(),
            Subject::Score(id) => self.score_of.get(id).copied(),
        }
        .unwrap_or(UNRESOLVED)
    }
}

/// The positions of the ids that `list` knows, in the order given; unknown ids (which
/// validation reports) are left out.
fn found(ids: &[String], list: &Positions) -> Vec<usize> {
    ids.iter()
        .filter_map(|id| list.get(id.as_str()).copied())
        .collect()
}

impl score_graph::Names for Index {
    fn target(&self, name: &str) -> FormulaTarget {
        self.formula_target(name)
    }

    fn score_items(&self, score: usize) -> &[usize] {
        &self.score_items[score]
    }
}

/// FNV-1a: ids are short and not attacker-chosen keys of a long-lived table, and every
/// answer of every batch record is looked up here, so a cheap hash pays.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

type Positions<'q> = HashMap<&'q str, usize, BuildHasherDefault<Fnv>>;

/// Id → position of its first appearance.
fn positions<'q>(ids: impl Iterator<Item = &'q str>) -> Positions<'q> {
    let mut map = Positions::default();
    for (n, id) in ids.enumerate() {
        map.entry(id).or_insert(n);
    }
    map
}

/// Turns each rule's (target, points) list around: target → (rule, points), in rule order.
fn by_target(
    rule_targets: impl Iterator<Item = Vec<(usize, f64)>>,
    count: usize,
) -> Vec<Vec<(usize, f64)>> {
    let mut rules = vec![Vec::new(); count];
    for (r, targets) in rule_targets.enumerate() {
        for (t, points) in targets {
            rules[t].push((r, points));
        }
    }
    rules
}

/// By target: the sum of the positive points its rules give, in rule order.
fn max_points(target_rules: &[Vec<(usize, f64)>]) -> Vec<f64> {
    target_rules
        .iter()
        .map(|rules| {
            rules
                .iter()
                .map(|&(_, points)| points)
                .filter(|&points| points > 0.0)
                .fold(0.0, |sum, points| sum + points)
        })
        .collect()
}

fn item_id<'q>(q: &'q Definition, index: &Index, slot: usize) -> &'q str {
    let (s, i) = index.places[slot];
    &q.sections[s].items[i].id
}

/// Depth-first: an item's dependencies are placed before it. A cycle (which validation
/// rejects) is broken where it is found, so this always ends. With an explicit stack, not
/// recursion: a chain of `enable_when`s tens of thousands long must not overflow the stack.
fn enable_order(q: &Definition, index: &Index) -> Vec<usize> {
    let deps = enable_deps(q, index, true);
    let n = deps.len();
    let mut order = Vec::with_capacity(n);
    let mut state = vec![0u8; n]; // 0 new, 1 in progress, 2 placed
    let mut stack: Vec<(usize, usize)> = Vec::new(); // (slot, next dependency to visit)
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        state[root] = 1;
        stack.push((root, 0));
        while let Some(top) = stack.last_mut() {
            let slot = top.0;
            if let Some(&dep) = deps[slot].get(top.1) {
                top.1 += 1;
                if state[dep] == 0 {
                    state[dep] = 1;
                    stack.push((dep, 0));
                }
            } else {
                state[slot] = 2;
                order.push(slot);
                stack.pop();
            }
        }
    }
    order
}

/// Slot → the slots its `enable_when` reads, directly or (with `scores`) through a score's
/// items. Unknown subjects (a validation error) are left out.
pub(crate) fn enable_deps(q: &Definition, index: &Index, scores: bool) -> Vec<Vec<usize>> {
    let n = index.places.len();
    (0..n)
        .map(|slot| {
            let (s, i) = index.places[slot];
            let Some(cond) = &q.sections[s].items[i].enable_when else {
                return Vec::new();
            };
            let mut deps = Vec::new();
            for leaf in cond.leaves() {
                match &leaf.subject {
                    Subject::Item(_) => deps.push(index.resolve(&leaf.subject)),
                    Subject::Score(_) if scores => {
                        let n = index.resolve(&leaf.subject);
                        if n < q.scores.len() {
                            deps.extend(score_graph::score_reads(q, index, n));
                        }
                    }
                    Subject::Score(_) => {}
                }
            }
            deps.retain(|&d| d < n);
            deps
        })
        .collect()
}
