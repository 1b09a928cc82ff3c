//! The leaves that compare a number answer or a score's value with a bound (`<`, `<=`, `>`,
//! `>=`), when many answer sets are scored: they are not tabled (decimals and scores take
//! any value), so each record judges them, here as the tree walk does (`Program::leaf_holds`)
//! but without its call and its dispatch on every kind of leaf.

use super::Program;
use super::compile::{Conditions, Test};
use super::eval::Facts;
use crate::questionnaire::condition::Op;
use crate::scoring::sheet::Answer;

#[derive(Debug, Default)]
pub struct Compares(Vec<Compare>);

#[derive(Debug, Clone, Copy)]
struct Compare {
    leaf: u32,
    bit: u32,
    /// The slot, or the score's index.
    slot: u32,
    score: bool,
    op: Op,
    bound: f64,
    unanswered: bool,
}

impl Compares {
    /// The comparisons among `leaves` (leaf, bit), and the other leaves.
    pub fn new(c: &Conditions, leaves: Vec<(u32, u32)>) -> (Compares, Vec<(u32, u32)>) {
        let mut compares = Vec::new();
        let mut rest = Vec::new();
        for (leaf, bit) in leaves {
            let l = &c.leaves[leaf as usize];
            match l.test {
                Test::Compare(op, bound) => compares.push(Compare {
                    leaf,
                    bit,
                    slot: l.slot as u32,
                    score: l.score,
                    op,
                    bound,
                    unanswered: l.unanswered,
                }),
                _ => rest.push((leaf, bit)),
            }
        }
        (Compares(compares), rest)
    }

    /// Sets the bit of each comparison that holds over `f`.
    pub fn fill(&self, p: &Program, f: &Facts, truth: &mut [u64]) {
        for c in &self.0 {
            let value = if c.score {
                p.score_of(c.slot as usize, f)
            } else {
                match f.answers[c.slot as usize] {
                    Answer::None => None,
                    Answer::Int(n) => Some(n as f64),
                    Answer::Num(n) => Some(n),
                    // An answer of another kind (unchecked answers only): the model's.
                    _ => {
                        set(truth, c.bit, p.leaf_holds(c.leaf, f));
                        continue;
                    }
                }
            };
            let holds = value.map_or(c.unanswered, |n| Test::compare(c.op, c.bound, n));
            set(truth, c.bit, holds);
        }
    }
}

fn set(truth: &mut [u64], bit: u32, holds: bool) {
    truth[bit as usize / 64] |= u64::from(holds) << (bit % 64);
}
