//! Every leaf's truth for a record at once, as bits: rules and classes are then bit tests.
//!
//! A leaf on a code holds for a fixed set of the item's codes (its mask), so each code of
//! each item has, worked out once, the list of leaves it makes true: an answer sets a few
//! bits instead of every rule asking about it. Whole numbers in a short range are tabled the
//! same way, each value asked of the model's leaf once. Leaves on decimals and scores, `!=`
//! on choices and `answered` are checked one by one, as the tree walk checks them.

use super::compile::{Conditions, Leaf, Node, Test};
use super::eval::{Facts, One};
use super::{ItemCodes, Program};
use crate::questionnaire::{ItemType, Questionnaire, Value};
use crate::scoring::sheet::{Answer, chosen};

/// The most values of a whole-number item that are tabled (ages, 0–10 scales, years).
const MOST_TABLED_VALUES: i64 = 512;

/// Which leaves each code makes true, by slot.
#[derive(Debug, Default)]
pub struct Truths {
    /// By slot: its first row; an item has a row per code (or option), a tabled whole-number
    /// item a row per value from its `min`.
    first_row: Vec<u32>,
    /// By slot: a tabled whole-number item's `min` and count of values.
    values: Vec<Option<(i64, i64)>>,
    /// By row: its leaves, a range of `leaves`.
    rows: Vec<(u32, u32)>,
    /// By slot: its leaves that hold while it is unanswered, and all its tabled leaves (for
    /// an answer of another kind than the item's, which only unchecked answers are).
    unanswered: Vec<(u32, u32)>,
    on_slot: Vec<(u32, u32)>,
    leaves: Vec<u32>,
    /// Slots that have tabled leaves.
    slots: Vec<u32>,
    /// Leaves checked one by one.
    cold: Vec<u32>,
    /// Bit words for every leaf.
    pub words: usize,
    /// The masks of flat conditions: (word, mask) pairs for the words that have leaves.
    masks: Vec<(u32, u64)>,
    /// The `any`s of flat conditions: each a range of `masks`.
    anys: Vec<(u32, u32)>,
}

/// A condition as bit masks over the leaves' truth, where its shape allows (a leaf, `all` of
/// leaves and of `any`s of leaves, `any` of leaves): it holds when every leaf of `all` is
/// true and each `any` has a true leaf. Other shapes are walked as trees.
#[derive(Debug, Clone, Copy)]
pub enum Flat {
    Leaf(u32),
    /// A range of masks, and a range of `any`s.
    Masks {
        all: (u32, u32),
        anys: (u32, u32),
    },
    Tree(u32),
}

impl Truths {
    pub fn new(q: &Questionnaire, c: &Conditions, items: &[ItemCodes]) -> Truths {
        let values: Vec<Option<(i64, i64)>> =
            (0..items.len()).map(|slot| tabled(q, slot)).collect();
        let mut rows: Vec<Vec<Vec<u32>>> = (items.iter().zip(&values))
            .map(|(item, values)| {
                vec![Vec::new(); values.map_or(item.codes.len(), |(_, n)| n as usize)]
            })
            .collect();
        let mut unanswered = vec![Vec::new(); items.len()];
        let mut on_slot = vec![Vec::new(); items.len()];
        let mut cold = Vec::new();
        for (n, leaf) in c.leaves.iter().enumerate() {
            let n = n as u32;
            let holds_for = |code: usize| match leaf.test {
                Test::Code(mask) => code < 64 && mask >> code & 1 == 1,
                Test::LongCode { at, .. } | Test::CodesAny { at, .. } => {
                    c.masks[at as usize + code / 64] >> (code % 64) & 1 == 1
                }
                _ => false,
            };
            let on_value =
                !leaf.score && values[leaf.slot].is_some() && matches!(leaf.test, Test::Model);
            let tabled = !leaf.score
                && matches!(
                    leaf.test,
                    Test::Code(_) | Test::LongCode { .. } | Test::CodesAny { .. }
                );
            if !tabled && !on_value {
                cold.push(n);
                continue;
            }
            for (code, row) in rows[leaf.slot].iter_mut().enumerate() {
                let holds = match values[leaf.slot] {
                    Some((min, _)) if on_value => value_holds(q, leaf, min + code as i64),
                    _ => holds_for(code),
                };
                if holds {
                    row.push(n);
                }
            }
            if leaf.unanswered {
                unanswered[leaf.slot].push(n);
            }
            on_slot[leaf.slot].push(n);
        }
        let mut t = Truths {
            cold,
            values,
            words: c.leaves.len().div_ceil(64),
            ..Truths::default()
        };
        for (slot, item_rows) in rows.into_iter().enumerate() {
            t.first_row.push(t.rows.len() as u32);
            for row in item_rows {
                let range = t.push(row);
                t.rows.push(range);
            }
            let range = t.push(std::mem::take(&mut unanswered[slot]));
            t.unanswered.push(range);
            if !on_slot[slot].is_empty() {
                t.slots.push(slot as u32);
            }
            let range = t.push(std::mem::take(&mut on_slot[slot]));
            t.on_slot.push(range);
        }
        t
    }

    /// The flat form of the condition at `node`.
    pub fn flatten(&mut self, c: &Conditions, node: u32) -> Flat {
        let leaves_of = |range: &[u32]| -> Option<Vec<u32>> {
            (range.iter())
                .map(|&kid| match c.nodes[kid as usize] {
                    Node::Leaf(leaf) => Some(leaf),
                    _ => None,
                })
                .collect()
        };
        let kids = |start: u32, end: u32| &c.children[start as usize..end as usize];
        let (all, anys): (Vec<u32>, Vec<Vec<u32>>) = match c.nodes[node as usize] {
            Node::Leaf(leaf) => return Flat::Leaf(leaf),
            Node::Any(start, end) => match leaves_of(kids(start, end)) {
                Some(leaves) => (Vec::new(), vec![leaves]),
                None => return Flat::Tree(node),
            },
            Node::All(start, end) => {
                let (mut all, mut anys) = (Vec::new(), Vec::new());
                for &kid in kids(start, end) {
                    match c.nodes[kid as usize] {
                        Node::Leaf(leaf) => all.push(leaf),
                        Node::Any(start, end) => match leaves_of(kids(start, end)) {
                            Some(leaves) => anys.push(leaves),
                            None => return Flat::Tree(node),
                        },
                        _ => return Flat::Tree(node),
                    }
                }
                (all, anys)
            }
            _ => return Flat::Tree(node),
        };
        let all = self.mask(&all);
        let first = self.anys.len() as u32;
        for leaves in &anys {
            let any = self.mask(leaves);
            self.anys.push(any);
        }
        Flat::Masks {
            all,
            anys: (first, self.anys.len() as u32),
        }
    }

    /// Adds the (word, mask) pairs of `leaves`; returns their range.
    fn mask(&mut self, leaves: &[u32]) -> (u32, u32) {
        let start = self.masks.len();
        for &leaf in leaves {
            let (word, bit) = (leaf / 64, 1 << (leaf % 64));
            match self.masks[start..].iter_mut().find(|(w, _)| *w == word) {
                Some((_, mask)) => *mask |= bit,
                None => self.masks.push((word, bit)),
            }
        }
        (start as u32, self.masks.len() as u32)
    }

    /// Whether a flat condition holds, given every leaf's truth.
    #[inline]
    pub fn holds(&self, p: &Program, flat: Flat, truth: &[u64]) -> bool {
        match flat {
            // Two rules in three are one leaf: tested here, without a call.
            Flat::Leaf(leaf) => truth[leaf as usize / 64] >> (leaf % 64) & 1 == 1,
            Flat::Masks { all, anys } => self.masks_hold(all, anys, truth),
            Flat::Tree(node) => p.truth_holds(node, truth),
        }
    }

    fn masks_hold(&self, all: (u32, u32), anys: (u32, u32), truth: &[u64]) -> bool {
        let masks = |(start, end): (u32, u32)| &self.masks[start as usize..end as usize];
        masks(all).iter().all(|&(w, m)| truth[w as usize] & m == m)
            && (self.anys[anys.0 as usize..anys.1 as usize].iter())
                .all(|&any| masks(any).iter().any(|&(w, m)| truth[w as usize] & m != 0))
    }

    fn push(&mut self, leaves: Vec<u32>) -> (u32, u32) {
        let start = self.leaves.len() as u32;
        self.leaves.extend(leaves);
        (start, self.leaves.len() as u32)
    }

    /// Sets `truth` to every leaf's truth over `f`.
    pub fn fill(&self, p: &Program, f: &Facts, truth: &mut Vec<u64>) {
        truth.clear();
        truth.resize(self.words, 0);
        for &slot in &self.slots {
            let slot = slot as usize;
            let item = &p.items[slot];
            let first = self.first_row[slot] as usize;
            match (f.answers[slot], item.kind) {
                (Answer::None, _) => self.set(truth, self.unanswered[slot]),
                (Answer::Code(n), ItemType::YesNo | ItemType::SingleChoice) => {
                    // A code the item does not have (unchecked answers only) makes none true.
                    if (n as usize) < item.codes.len() {
                        self.set(truth, self.rows[first + n as usize]);
                    }
                }
                (Answer::Codes(at), ItemType::MultipleChoice) => {
                    for option in chosen(f.bits, item, at) {
                        self.set(truth, self.rows[first + option as usize]);
                    }
                }
                (Answer::Int(v), ItemType::Integer) => match self.values[slot] {
                    Some((min, count)) if (min..min + count).contains(&v) => {
                        self.set(truth, self.rows[first + (v - min) as usize]);
                    }
                    _ => self.check(p, f, truth, self.on_slot[slot]),
                },
                _ => self.check(p, f, truth, self.on_slot[slot]),
            }
        }
        for &leaf in &self.cold {
            if p.leaf_holds(leaf, f) {
                set_bit(truth, leaf);
            }
        }
    }

    /// Sets the leaves of `range`.
    #[inline]
    fn set(&self, truth: &mut [u64], range: (u32, u32)) {
        for &leaf in &self.leaves[range.0 as usize..range.1 as usize] {
            set_bit(truth, leaf);
        }
    }

    /// Checks the leaves of `range` one by one.
    fn check(&self, p: &Program, f: &Facts, truth: &mut [u64], range: (u32, u32)) {
        for &leaf in &self.leaves[range.0 as usize..range.1 as usize] {
            if p.leaf_holds(leaf, f) {
                set_bit(truth, leaf);
            }
        }
    }
}

#[inline]
fn set_bit(truth: &mut [u64], leaf: u32) {
    truth[leaf as usize / 64] |= 1 << (leaf % 64);
}

/// A whole-number item's `min` and count of values, when it has few enough to table.
fn tabled(q: &Questionnaire, slot: usize) -> Option<(i64, i64)> {
    let item = q.item_at(slot);
    if item.kind != ItemType::Integer {
        return None;
    }
    let (min, max) = (item.min?.ceil(), item.max?.floor());
    let count = max - min + 1.0;
    (count >= 1.0 && count <= MOST_TABLED_VALUES as f64).then_some((min as i64, count as i64))
}

/// Whether the model's leaf holds for the whole number `v`.
fn value_holds(q: &Questionnaire, leaf: &Leaf, v: i64) -> bool {
    leaf.source.holds(&One::answer(q, &Value::Int(v)))
}
