//! Positions worked out once after loading, so scoring a record never looks anything up by
//! name: item slots, the order `enable_when` needs, and rules' targets as indices.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::condition::{Condition, Subject, UNRESOLVED};
use crate::questionnaire::Questionnaire;

#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Item id → slot. With duplicate ids (a validation error) the first item keeps it.
    pub slot_of: HashMap<String, usize, BuildHasherDefault<Fnv>>,
    /// Slot → (section, position in the section): questionnaire order.
    pub places: Vec<(usize, usize)>,
    /// Slots ordered so that every item comes after the items its `enable_when` reads.
    pub enable_order: Vec<usize>,
    /// Slots sorted by item id: the order answers are written in.
    pub by_id: Vec<usize>,
    /// Score index → slots of its items.
    pub score_items: Vec<Vec<usize>>,
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
    /// Builds the index and resolves every condition's slots.
    pub fn build(q: &mut Questionnaire) {
        let mut index = Index::default();
        for (s, section) in q.sections.iter().enumerate() {
            for (i, item) in section.items.iter().enumerate() {
                let slot = index.places.len();
                index.places.push((s, i));
                index.slot_of.entry(item.id.clone()).or_insert(slot);
            }
        }
        let score_of: HashMap<&str, usize> = q
            .scores
            .iter()
            .enumerate()
            .map(|(n, s)| (s.id.as_str(), n))
            .collect();
        let slot_of = |subject: &Subject| match subject {
            Subject::Item(id) => index.slot_of.get(id).copied().unwrap_or(UNRESOLVED),
            Subject::Score(id) => score_of.get(id.as_str()).copied().unwrap_or(UNRESOLVED),
        };
        for section in &mut q.sections {
            for item in &mut section.items {
                if let Some(cond) = &mut item.enable_when {
                    cond.resolve(&slot_of);
                }
            }
        }
        for rule in &mut q.rules {
            rule.when.resolve(&slot_of);
        }

        index.score_items = q
            .scores
            .iter()
            .map(|s| {
                s.items
                    .iter()
                    .filter_map(|id| index.slot_of.get(id).copied())
                    .collect()
            })
            .collect();
        let position =
            |list: &[crate::questionnaire::Target], id: &str| list.iter().position(|t| t.id == id);
        let targets = |map: &std::collections::BTreeMap<String, f64>,
                       list: &[crate::questionnaire::Target]| {
            map.iter()
                .filter_map(|(id, points)| Some((position(list, id)?, *points)))
                .collect()
        };
        index.pattern_rules = by_target(
            q.rules.iter().map(|r| targets(&r.patterns, &q.patterns)),
            q.patterns.len(),
        );
        index.cause_rules = by_target(
            q.rules.iter().map(|r| targets(&r.causes, &q.causes)),
            q.causes.len(),
        );
        index.rule_suggest = q
            .rules
            .iter()
            .map(|r| {
                r.suggest
                    .iter()
                    .filter_map(|id| q.suggestions.iter().position(|s| &s.id == id))
                    .collect()
            })
            .collect();
        index.rule_withhold = q
            .rules
            .iter()
            .map(|r| {
                r.withhold
                    .iter()
                    .filter_map(|id| q.suggestions.iter().position(|s| &s.id == id))
                    .collect()
            })
            .collect();
        index.pattern_max = max_points(&index.pattern_rules);
        index.cause_max = max_points(&index.cause_rules);
        let target = |id: &str| {
            position(&q.patterns, id)
                .or_else(|| position(&q.causes, id).map(|c| q.patterns.len() + c))
        };
        index.suggestion_for = q
            .suggestions
            .iter()
            .map(|s| s.targets.iter().filter_map(|t| target(t)).collect())
            .collect();
        index.suggestion_unless = q
            .suggestions
            .iter()
            .map(|s| {
                s.unless
                    .iter()
                    .filter_map(|p| position(&q.patterns, p))
                    .collect()
            })
            .collect();

        index.enable_order = enable_order(q, &index);
        let mut by_id: Vec<usize> = (0..index.places.len()).collect();
        by_id.sort_by(|&a, &b| item_id(q, &index, a).cmp(item_id(q, &index, b)));
        index.by_id = by_id;
        q.index = index;
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

fn item_id<'q>(q: &'q Questionnaire, index: &Index, slot: usize) -> &'q str {
    let (s, i) = index.places[slot];
    &q.sections[s].items[i].id
}

/// Depth-first: an item's dependencies are placed before it. A cycle (which validation
/// rejects) is broken where it is found, so this always ends.
fn enable_order(q: &Questionnaire, index: &Index) -> Vec<usize> {
    let mut order = Vec::with_capacity(index.places.len());
    let mut state = vec![0u8; index.places.len()]; // 0 new, 1 in progress, 2 placed
    for slot in 0..index.places.len() {
        visit(q, index, slot, &mut state, &mut order);
    }
    order
}

fn visit(q: &Questionnaire, index: &Index, slot: usize, state: &mut [u8], order: &mut Vec<usize>) {
    if state[slot] != 0 {
        return;
    }
    state[slot] = 1;
    let (s, i) = index.places[slot];
    if let Some(cond) = &q.sections[s].items[i].enable_when {
        for dep in dependencies(cond, index) {
            if dep < state.len() {
                visit(q, index, dep, state, order);
            }
        }
    }
    state[slot] = 2;
    order.push(slot);
}

fn dependencies(cond: &Condition, index: &Index) -> Vec<usize> {
    cond.leaves()
        .into_iter()
        .flat_map(|leaf| match leaf.subject {
            Subject::Item(_) => vec![leaf.slot],
            Subject::Score(_) => index
                .score_items
                .get(leaf.slot)
                .cloned()
                .unwrap_or_default(),
        })
        .collect()
}
