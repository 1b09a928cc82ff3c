//! Why a condition held: the leaves that made it true, worked out once per condition as the
//! leaves it has, sorted by id as a result lists them, each with the branches of `any` that
//! must hold for it to be named (a branch that does not hold did not make the condition
//! true); for a record, those whose subject is known and whose branches hold are named.

use super::compile::{Conditions, Leaf, Node};
use super::eval::Facts;
use super::layout::{NO_BIT, is_set};
use super::{Program, Root};
use crate::questionnaire::condition::Condition;
use crate::scoring::{Scored, Sheet};

/// A leaf in an explanation, and the nodes that must hold for it to be named: the branches
/// of `any` it sits under (a branch that does not hold did not make the condition true).
#[derive(Debug, Clone, Copy)]
pub struct Occurrence {
    pub node: u32,
    pub gates: (u32, u32),
}

impl<'q> Conditions<'q> {
    /// Adds the explanation of the condition at `node`; returns its range.
    pub(super) fn explanation(&mut self, node: u32) -> (u32, u32) {
        let mut found = Vec::new();
        self.occurrences(node, &mut Vec::new(), false, &mut found);
        // Sorted by id as a result lists them; stable, so the first of a repeated id is kept.
        found.sort_by_key(|(id, _, _)| *id);
        let start = self.because.len() as u32;
        for (_, node, gates) in found {
            let at = self.gates.len() as u32;
            self.gates.extend(gates);
            self.because.push(Occurrence {
                node,
                gates: (at, self.gates.len() as u32),
            });
        }
        (start, self.because.len() as u32)
    }

    /// The leaves under `node` that can explain it, with their gates and ids, in order.
    fn occurrences(
        &self,
        node: u32,
        gates: &mut Vec<u32>,
        under_not: bool,
        out: &mut Vec<(&'q str, u32, Vec<u32>)>,
    ) {
        match self.nodes[node as usize] {
            Node::All(start, end) => {
                for &kid in &self.children[start as usize..end as usize] {
                    self.occurrences(kid, gates, under_not, out);
                }
            }
            Node::Any(start, end) => {
                for &kid in &self.children[start as usize..end as usize] {
                    // Under a `not`, every known leaf is named, branch held or not.
                    if !under_not {
                        gates.push(kid);
                    }
                    self.occurrences(kid, gates, under_not, out);
                    if !under_not {
                        gates.pop();
                    }
                }
            }
            Node::Not(kid) => self.occurrences(kid, gates, true, out),
            Node::Const(_) => {}
            Node::Leaf(leaf) => {
                if let Condition::Leaf(model) = self.leaves[leaf as usize].source {
                    out.push((model.subject.id(), node, gates.clone()));
                }
            }
        }
    }
}

impl<'q> Program<'q> {
    /// Whether the leaf's subject has an answer (or the score a value).
    fn known(&self, leaf: &Leaf, f: &Facts) -> bool {
        if leaf.score {
            self.score_of(leaf.slot, f).is_some()
        } else {
            f.answers[leaf.slot].is_some()
        }
    }

    /// Calls `each` with the leaves that made a holding condition true, sorted by subject id
    /// without repeats: every known leaf of an `all`, of the branches of an `any` that hold,
    /// and under a `not`.
    pub fn because<'p>(&'p self, root: Root, f: &Facts, each: impl FnMut(&'p Leaf<'q>)) {
        self.named(root, f, |gate| self.holds(gate, f), each);
    }

    /// [`Program::because`] for a record `s` scored over `sheet`: when it was scored with
    /// tables, its leaves' truths are in `s.truth`, and whether an `any`'s branch that is one leaf
    /// holds is read from those bits rather than worked out again from the answers.
    pub fn because_scored<'p>(
        &'p self,
        root: Root,
        s: &Scored,
        sheet: &Sheet,
        each: impl FnMut(&'p Leaf<'q>),
    ) {
        let (f, truth) = (&s.facts(sheet), &s.truth);
        match &self.tables {
            Some(t) if !truth.is_empty() => {
                let layout = &t.truths.layout;
                let c = &self.conditions;
                // A branch that is not one leaf is worked out as before: reading it from the
                // bits through `Layout::holds` made the compiler stop inlining that into
                // scoring, which cost more than it saved here.
                let holds = |gate: u32| match c.nodes[gate as usize] {
                    Node::Leaf(leaf) if layout.bit[leaf as usize] != NO_BIT => {
                        is_set(truth, layout.bit[leaf as usize])
                    }
                    _ => self.holds(gate, f),
                };
                self.named(root, f, holds, each);
            }
            _ => self.because(root, f, each),
        }
    }

    /// [`Program::because`], with `holds` saying whether an `any`'s branch holds.
    fn named<'p>(
        &'p self,
        root: Root,
        f: &Facts,
        holds: impl Fn(u32) -> bool,
        mut each: impl FnMut(&'p Leaf<'q>),
    ) {
        let c = &self.conditions;
        let mut last = None;
        for occurrence in &c.because[root.because.0 as usize..root.because.1 as usize] {
            let Node::Leaf(leaf) = c.nodes[occurrence.node as usize] else {
                continue;
            };
            let leaf = &c.leaves[leaf as usize];
            if last == Some(leaf.id) || !self.known(leaf, f) {
                continue;
            }
            let (start, end) = occurrence.gates;
            if c.gates[start as usize..end as usize]
                .iter()
                .all(|&gate| holds(gate))
            {
                last = Some(leaf.id);
                each(leaf);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{answers, embedded, generated_answer_sets, scored};

    /// Reading an `any`'s branches from the scored bits names the same leaves, for every
    /// fired rule and every class that holds.
    #[test]
    fn because_from_the_scored_bits_names_the_same_leaves() {
        let q = embedded();
        let p = Program::for_many(&q);
        assert!(p.tables.is_some());
        let mut named = 0;
        for set in generated_answer_sets(&q, 300) {
            let flags: Vec<&str> = set.iter().map(String::as_str).collect();
            let (sheet, s) = scored(&p, &answers(&q, &flags));
            let fired = s.fired.iter().map(|&r| p.rules[r as usize]);
            let classes = (s.classes.iter().zip(&p.classes))
                .filter_map(|(class, roots)| Some(roots[(*class)? as usize]));
            for root in fired.chain(classes) {
                let (mut slow, mut fast) = (Vec::new(), Vec::new());
                p.because(root, &s.facts(&sheet), |leaf| slow.push(leaf.id));
                p.because_scored(root, &s, &sheet, |leaf| fast.push(leaf.id));
                assert_eq!(slow, fast);
                named += slow.len();
            }
        }
        assert!(named > 0);
    }
}
