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
    /// Its value is a whole number below 2^31, which rounding keeps as it is, unless a
    /// record gives an item a decimal or a whole number of [`WHOLE`] or more (only
    /// unchecked answers can): a count, or a sum not prorated, of whole weights.
    whole: bool,
}

/// The whole numbers an item may give a score that is kept whole (see `Aggregate::whole`)
/// are below this.
const WHOLE: u64 = 1 << 20;

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
            let (finish, scale) = (
                Finish::of(&q.scores[score]),
                scale(q.scores[score].decimals),
            );
            // The most any item can give, added up: the value stays below it.
            let mut most = 0.0;
            let mut whole = scale <= 1e6 && finish.keeps_whole();
            for &slot in &q.index.score_items[score] {
                let at = w.codes.len() as u32;
                let codes = items[slot].codes.len() as u32;
                let weights = (0..codes).map(|n| items[slot].weight(n).unwrap_or(0.0));
                whole &= weights.clone().all(|w| w.fract() == 0.0);
                // A code's weight, all chosen options' weights, or a whole number.
                most += weights.clone().map(f64::abs).sum::<f64>() + WHOLE as f64;
                w.codes.extend(weights);
                w.items.push(Item {
                    slot: slot as u32,
                    at,
                    len: codes,
                });
            }
            w.scores.push(Aggregate {
                score: score as u32,
                items: (start, w.items.len() as u32),
                scale,
                finish,
                whole: whole && most < 2_147_483_648.0,
            });
        }
        let mut seen = vec![false; q.scores.len()];
        for a in &w.scores {
            seen[a.score as usize] = true;
        }
        w.every = seen.iter().all(|&seen| seen);
        Some(w)
    }

    /// How many scores are kept whole (see `Aggregate::whole`).
    #[cfg(test)]
    pub fn kept_whole(&self) -> usize {
        self.scores.iter().filter(|a| a.whole).count()
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
            let mut whole = a.whole;
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
                        Answer::Int(n) => {
                            whole &= n.unsigned_abs() < WHOLE;
                            n as f64
                        }
                        Answer::Num(n) => {
                            whole = false;
                            n
                        }
                        _ => choices(p, bits, slot, answer),
                    }
                };
                sum += w;
                answered += 1;
            }
            let s = a.score as usize;
            out.answered[s] = answered;
            let value = a.finish.value(items.len(), sum, answered);
            out.values[s] = if whole {
                // Whole, finite and below 2^31: `rounded_by` would give it back.
                value
            } else {
                value
                    .map(|v| rounded_by(v, a.scale))
                    .filter(|v| v.is_finite())
            };
        }
    }
}

/// What chosen options add: out of the loop, which then keeps its values in registers.
#[inline(never)]
fn choices(p: &super::Program, bits: &[u64], slot: usize, answer: Answer) -> f64 {
    weight(p, bits, slot, answer)
}
