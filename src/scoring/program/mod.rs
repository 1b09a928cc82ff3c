//! A questionnaire compiled once for scoring: every item's codes and weights by position,
//! and every condition (`enable_when`, rule `when`, classes) as a tree of nodes over answer
//! slots, its leaves on codes precomputed into bit masks. Scoring a record then compares
//! numbers and tests bits; nothing is looked up by name and nothing is allocated.
//!
//! The model's own condition evaluator stays the definition: a leaf on codes is compiled
//! by asking it about every code the item has, and a leaf on a number or a score is handed
//! to it with that number. So the compiled form cannot disagree with the model, only be
//! faster (and a test checks that it agrees over generated answers).

mod because;
pub mod code_bits;
mod compares;
mod compile;
mod eval;
mod gates;
mod layout;
pub mod masks;
mod tables;
mod truth;
mod weights;

use crate::questionnaire::{ItemType, NOT_SURE, Questionnaire};
pub use compile::Conditions;
pub use eval::{Facts, Scores};
pub use layout::Flat;
pub use masks::RuleMasks;
pub use tables::Tables;
pub use truth::{ReadCodes, Truths};
pub use weights::Weights;

/// A compiled condition: its top node, and the range of its explanation (the leaves that
/// can say why it held, in the order a result lists them).
#[derive(Debug, Clone, Copy)]
pub struct Root {
    pub node: u32,
    pub because: (u32, u32),
}

/// An item's codes by position, what each adds to a score, and where its choices are kept.
#[derive(Debug, Clone)]
pub struct ItemCodes<'q> {
    pub kind: ItemType,
    /// `yes`, `no` (and `not_sure`) for a yes/no item; the options' values otherwise.
    pub codes: Vec<&'q str>,
    /// By code: its weight (yes/no: 1 for `yes` and `not_sure`, 0 for `no`).
    weights: Vec<Option<f64>>,
    /// A multiple-choice item's exclusive "none of these" options, as bit words.
    pub exclusive: Vec<u64>,
    /// A multiple-choice item's first bit word in a sheet, and how many it has.
    pub bits_at: u32,
    pub words: u32,
}

impl ItemCodes<'_> {
    /// The position of `code`, or [`super::sheet::Answer::UNKNOWN_CODE`].
    pub fn position(&self, code: &str) -> u32 {
        self.codes
            .iter()
            .position(|c| *c == code)
            .map_or(super::sheet::Answer::UNKNOWN_CODE, |n| n as u32)
    }

    pub fn code(&self, n: u32) -> Option<&str> {
        self.codes.get(n as usize).copied()
    }

    pub fn weight(&self, n: u32) -> Option<f64> {
        self.weights.get(n as usize).copied().flatten()
    }
}

/// The compiled questionnaire. Borrows the questionnaire it was compiled from.
#[derive(Debug)]
pub struct Program<'q> {
    pub q: &'q Questionnaire,
    /// By slot.
    pub items: Vec<ItemCodes<'q>>,
    /// Bit words a sheet needs for every multiple-choice item.
    pub bit_words: usize,
    pub conditions: Conditions<'q>,
    /// By slot: its `enable_when`.
    pub enable: Vec<Option<Root>>,
    /// The slots with an `enable_when`, in the order they are settled.
    pub enable_steps: Vec<usize>,
    /// Every `enable_when` reads only items settled before its own (true unless the
    /// questionnaire has a circle, which validation refuses): then only `enable_steps` need
    /// visiting.
    pub enable_in_order: bool,
    /// By score: 10 to the power of its decimals, for rounding.
    pub score_scales: Vec<f64>,
    /// By rule: its `when`.
    pub rules: Vec<Root>,
    /// By classification, by class: its `when`.
    pub classes: Vec<Vec<Root>>,
    /// The tables that make scoring many answer sets fast; working them out costs about
    /// what scoring a hundred sets does, so a program for one set has none.
    pub tables: Option<Tables>,
    /// By rule: the targets it gives points to (patterns first, then causes) and how many.
    pub rule_points: Vec<Vec<(u32, f64)>>,
    /// The slots of safety questions, in order.
    pub safety_slots: Vec<usize>,
    /// The same slots as a range, when they follow each other (as a safety section's do):
    /// then walked side by side with the answers.
    pub safety_run: Option<(usize, usize)>,
    /// The rules that matter to triage, suggestions and points, as masks.
    pub rule_masks: RuleMasks,
}

impl<'q> Program<'q> {
    /// The code answers' bits as flips, for a batch reader to set (with the tables only).
    pub fn code_bits(&self) -> Option<&code_bits::CodeBits> {
        self.tables.as_ref()?.truths.code_bits.as_ref()
    }

    /// The program for many answer sets (`dgs score`), with its tables.
    pub fn for_many(q: &'q Questionnaire) -> Program<'q> {
        let mut p = Program::new(q);
        p.tables = Some(Tables::new(&p));
        p
    }

    /// The program for one answer set (`assess`, the interview): conditions are walked as
    /// trees.
    pub fn new(q: &'q Questionnaire) -> Program<'q> {
        let mut bit_words = 0;
        let items: Vec<ItemCodes> = (0..q.item_count())
            .map(|slot| {
                let codes = item_codes(q, slot, bit_words);
                bit_words += codes.words as usize;
                codes
            })
            .collect();
        let mut conditions = Conditions::new(q);
        let enable = (0..q.item_count())
            .map(|slot| {
                (q.item_at(slot).enable_when.as_ref()).map(|c| conditions.compile(c, &items))
            })
            .collect();
        let enable_steps: Vec<usize> = (q.index.enable_order.iter())
            .copied()
            .filter(|&slot| q.item_at(slot).enable_when.is_some())
            .collect();
        let rules: Vec<Root> = (q.rules.iter())
            .map(|r| conditions.compile(&r.when, &items))
            .collect();
        let classes: Vec<Vec<Root>> = (q.classifications.iter())
            .map(|c| {
                (c.classes.iter())
                    .map(|class| conditions.compile(&class.when, &items))
                    .collect()
            })
            .collect();
        let mut rule_points = vec![Vec::new(); q.rules.len()];
        let feeding = q.index.pattern_rules.iter().chain(&q.index.cause_rules);
        for (target, rules) in feeding.enumerate() {
            for &(rule, points) in rules {
                rule_points[rule].push((target as u32, points));
            }
        }
        let safety_slots: Vec<usize> = (0..q.item_count())
            .filter(|&slot| q.item_at(slot).red_flag.is_some())
            .collect();
        let run = safety_slots.windows(2).all(|w| w[1] == w[0] + 1);
        Program {
            q,
            tables: None,
            rule_masks: RuleMasks::new(q, &rule_points),
            rule_points,
            safety_run: (safety_slots.first().zip(safety_slots.last()))
                .filter(|_| run)
                .map(|(&first, &last)| (first, last + 1)),
            safety_slots,
            items,
            bit_words,
            conditions,
            enable,
            enable_in_order: enable_in_order(q),
            enable_steps,
            rules,
            classes,
            score_scales: (q.scores.iter())
                .map(|s| crate::scoring::scores::scale(s.decimals))
                .collect(),
        }
    }
}

/// Whether every item an `enable_when` reads is settled before the item it enables.
fn enable_in_order(q: &Questionnaire) -> bool {
    let mut place = vec![0; q.item_count()];
    for (n, &slot) in q.index.enable_order.iter().enumerate() {
        place[slot] = n;
    }
    let deps = crate::questionnaire::index::enable_deps(q, &q.index, true);
    (deps.iter().enumerate()).all(|(slot, deps)| deps.iter().all(|&d| place[d] < place[slot]))
}

fn item_codes(q: &Questionnaire, slot: usize, bits_at: usize) -> ItemCodes<'_> {
    let item = q.item_at(slot);
    let yes_no = item.kind == ItemType::YesNo;
    let weights = if yes_no {
        let codes = item.codes();
        let counts = |c: &&str| Some(f64::from(u8::from(*c == "yes" || *c == NOT_SURE)));
        codes.iter().map(counts).collect()
    } else {
        item.options.iter().map(|o| o.weight).collect()
    };
    let words = if item.kind == ItemType::MultipleChoice {
        item.options.len().div_ceil(64).max(1)
    } else {
        0
    };
    ItemCodes {
        kind: item.kind,
        codes: item.codes(),
        weights,
        exclusive: (0..words)
            .map(|w| {
                let options = item.options.iter().enumerate().skip(w * 64).take(64);
                options.fold(0, |mask, (n, o)| mask | u64::from(o.exclusive) << (n % 64))
            })
            .collect(),
        bits_at: bits_at as u32,
        words: words as u32,
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod fast_tests;
