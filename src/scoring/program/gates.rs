//! `enable_when` conditions as tests on one answer, when many answer sets are scored: nearly
//! every `enable_when` is one leaf on a code (`q = yes`, `q in [...]`) or a whole number
//! compared with a bound (`age >= 50`), so each is a mask or a comparison on the answer it
//! reads, instead of a walk from the condition's root through the general leaf check. Any
//! other condition, and any answer of another kind than the leaf expects (unchecked answers
//! only), is judged by the tree walk, which stays the definition.

use super::compile::{HotKind, Node, Test};
use super::eval::{Facts, Scores};
use super::{Program, Root};
use crate::questionnaire::condition::Op;
use crate::scoring::sheet::Answer;

/// The `enable_when` of each slot that has one, in the order they are settled; only when
/// every one reads items settled before its own (`Program::enable_in_order`).
#[derive(Debug)]
pub struct Gates(Vec<Gate>);

#[derive(Debug, Clone, Copy)]
struct Gate {
    slot: u32,
    root: Root,
    /// The slot the condition's one leaf reads.
    reads: u32,
    test: Quick,
    unanswered: bool,
}

#[derive(Debug, Clone, Copy)]
enum Quick {
    /// Holds for a code whose bit is set.
    Code(u64),
    /// Holds for a number that passes the comparison.
    Compare(Op, f64),
    /// Any other condition: the tree walk.
    Tree,
}

impl Gates {
    pub fn new(p: &Program) -> Option<Gates> {
        if !p.enable_in_order {
            return None;
        }
        let c = &p.conditions;
        let gates = (p.enable_steps.iter())
            .filter_map(|&slot| Some((slot, p.enable[slot]?)))
            .map(|(slot, root)| {
                let mut gate = Gate {
                    slot: slot as u32,
                    root,
                    reads: 0,
                    test: Quick::Tree,
                    unanswered: false,
                };
                if let Node::Leaf(leaf) = c.nodes[root.node as usize] {
                    let (hot, l) = (c.hot[leaf as usize], &c.leaves[leaf as usize]);
                    gate.reads = hot.slot;
                    gate.unanswered = l.unanswered;
                    gate.test = match (hot.kind, l.test) {
                        _ if l.score => Quick::Tree,
                        (HotKind::Code, _) => Quick::Code(hot.mask),
                        (_, Test::Compare(op, bound)) => Quick::Compare(op, bound),
                        _ => Quick::Tree,
                    };
                }
                gate
            })
            .collect();
        Some(Gates(gates))
    }

    /// Turns off, in `enabled` and `answers` (every slot on, with its given answer), each
    /// item whose `enable_when` does not hold over the answers settled before it; returns
    /// how many it turned off, which it adds to `off`.
    pub fn settle(
        &self,
        p: &Program,
        bits: &[u64],
        enabled: &mut [bool],
        answers: &mut [Answer],
        off: &mut Vec<u32>,
    ) -> usize {
        let before = off.len();
        for g in &self.0 {
            let answer = answers[g.reads as usize];
            let on = match (g.test, answer) {
                (Quick::Code(_) | Quick::Compare(..), Answer::None) => g.unanswered,
                (Quick::Code(mask), Answer::Code(n)) => n < 64 && mask >> n & 1 == 1,
                (Quick::Compare(op, bound), Answer::Int(n)) => Test::compare(op, bound, n as f64),
                (Quick::Compare(op, bound), Answer::Num(n)) => Test::compare(op, bound, n),
                _ => {
                    let facts = Facts {
                        answers: &answers[..],
                        bits,
                        scores: Scores::FromAnswers,
                    };
                    p.root_holds(g.root, &facts)
                }
            };
            if !on {
                enabled[g.slot as usize] = false;
                answers[g.slot as usize] = Answer::None;
                off.push(g.slot);
            }
        }
        off.len() - before
    }
}
