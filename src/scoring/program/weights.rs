//! Scores as flat tables, when every score is an aggregate over items (no formula): each
//! score's items side by side, each with its weight by code, so computing a record's scores
//! is a walk over a few arrays instead of looking up every item's codes through the program.
//! Sums are added in the same order, from the same start, and finished and rounded by the
//! same functions as `scores::compute`, so the numbers are the same doubles.

use super::ItemCodes;
use crate::questionnaire::Questionnaire;
use crate::scoring::scores::{Computed, Finish, rounded_by, scale};
use crate::scoring::sheet::{Answer, weight};

#[derive(Debug)]
pub struct Weights {
    /// In the order scores are computed.
    scores: Vec<Aggregate>,
    /// By score, a range: the items it reads.
    items: Vec<Item>,
    /// By item, a range: each code's weight (0 for a code without one).
    codes: Vec<f64>,
    /// Every score is among `scores` (none is left out of the order), so each place of a
    /// record's lists is written.
    every: bool,
}

#[derive(Debug, Clone, Copy)]
struct Aggregate {
    score: u32,
    items: (u32, u32),
    scale: f64,
    finish: Finish,
}

#[derive(Debug, Clone, Copy)]
struct Item {
    slot: u32,
    /// A range of `codes`.
    at: u32,
    len: u32,
}

impl Weights {
    /// The tables, unless a score has a formula (those are computed the general way).
    pub fn new(q: &Questionnaire, items: &[ItemCodes]) -> Option<Weights> {
        if q.scores.iter().any(|s| s.formula.is_some()) {
            return None;
        }
        let mut w = Weights {
            scores: Vec::new(),
            items: Vec::new(),
            codes: Vec::new(),
            every: false,
        };
        for &score in &q.index.score_order {
            let start = w.items.len() as u32;
            for &slot in &q.index.score_items[score] {
                let at = w.codes.len() as u32;
                let codes = items[slot].codes.len() as u32;
                w.codes
                    .extend((0..codes).map(|n| items[slot].weight(n).unwrap_or(0.0)));
                w.items.push(Item {
                    slot: slot as u32,
                    at,
                    len: codes,
                });
            }
            w.scores.push(Aggregate {
                score: score as u32,
                items: (start, w.items.len() as u32),
                scale: scale(q.scores[score].decimals),
                finish: Finish::of(&q.scores[score]),
            });
        }
        let mut seen = vec![false; q.scores.len()];
        for a in &w.scores {
            seen[a.score as usize] = true;
        }
        w.every = seen.iter().all(|&seen| seen);
        Some(w)
    }

    /// Every score from answers by slot, into `out`: as `scores::compute`.
    pub fn compute(
        &self,
        p: &super::Program,
        answers: &[Answer],
        bits: &[u64],
        out: &mut Computed,
    ) {
        let n = p.q.scores.len();
        // When every place is written below, only a change of size needs them cleared.
        if !self.every || out.values.len() != n || out.answered.len() != n {
            out.values.clear();
            out.values.resize(n, None);
            out.answered.clear();
            out.answered.resize(n, 0);
        }
        for a in &self.scores {
            let items = &self.items[a.items.0 as usize..a.items.1 as usize];
            let mut sum = 0.0;
            let mut answered = 0;
            for item in items {
                let slot = item.slot as usize;
                let Some(&answer) = answers.get(slot) else {
                    continue;
                };
                // A code first: nearly every item a score reads is a choice.
                let w = if let Answer::Code(n) = answer {
                    if n < item.len {
                        self.codes[(item.at + n) as usize]
                    } else {
                        0.0
                    }
                } else {
                    match answer {
                        Answer::None => continue,
                        // As `weight` gives them.
                        Answer::Int(n) => n as f64,
                        Answer::Num(n) => n,
                        _ => choices(p, bits, slot, answer),
                    }
                };
                sum += w;
                answered += 1;
            }
            let s = a.score as usize;
            out.answered[s] = answered;
            out.values[s] = (a.finish.value(items.len(), sum, answered))
                .map(|v| rounded_by(v, a.scale))
                .filter(|v| v.is_finite());
        }
    }
}

/// What chosen options add: out of the loop, which then keeps its values in registers.
#[inline(never)]
fn choices(p: &super::Program, bits: &[u64], slot: usize, answer: Answer) -> f64 {
    weight(p, bits, slot, answer)
}
