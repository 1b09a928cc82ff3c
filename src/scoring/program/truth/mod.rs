//! Every leaf's truth for a record at once, as bits (placed by [`Layout`]): rules and classes
//! are then bit tests.
//!
//! A leaf on a code holds for a fixed set of the item's codes (its mask), so each code of
//! each item has, worked out once, the bits it sets, as (word, mask) pairs: an answer sets a
//! few words instead of every rule asking about it. Whole numbers in a short range are
//! tabled the same way, each value asked of the model's leaf once, and so is `answered`
//! (the same for every code). Leaves on decimals and scores, `!=` and `answered` on choices
//! are checked one by one, as the tree walk checks them.

mod build;

use super::Program;
use super::code_bits::{CodeBits, Flip};
use super::compares::Compares;
use super::eval::Facts;
use super::layout::Layout;
use crate::questionnaire::ItemType;
use crate::scoring::sheet::Answer;

/// The bits each answer sets, by slot.
#[derive(Debug, Default)]
pub struct Truths {
    pub layout: Layout,
    /// The yes/no and single-choice slots that have tabled leaves: nearly all, so they are
    /// walked on their own, with the least to decide per slot.
    codes: Vec<CodeRows>,
    /// The bits of `codes`' answers as flips, for a reader to set, if they fit.
    pub code_bits: Option<CodeBits>,
    /// The multiple-choice slots that have tabled leaves.
    choices: Vec<SlotRows>,
    /// The other slots that have tabled leaves.
    slots: Vec<SlotRows>,
    rows: Vec<Row>,
    /// The (word, mask) pairs of rows that set bits in more than one word.
    pairs: Vec<(u32, u64)>,
    /// Leaves checked one by one, with their bits: each slot's tabled leaves (for an answer
    /// of another kind than the item's, which only unchecked answers are), then `cold`.
    checks: Vec<(u32, u32)>,
    /// The leaves that are never tabled: a range of `checks`.
    cold: (u32, u32),
    /// Those of them that compare a number or a score with a bound (`cold` has the rest).
    compares: Compares,
}

/// The code answers' bits as a reader set them ([`CodeBits`]): `words`, over the answers
/// `given`, of which settling turned `off` some.
#[derive(Debug, Clone, Copy)]
pub struct ReadCodes<'a> {
    pub words: &'a Flip,
    pub off: &'a [u32],
    pub given: &'a [Answer],
}

/// The bits an answer (one row) sets: the first word's inline, as nearly every row sets
/// bits in one word at most (a mask of 0 sets none), and any others as a range of `pairs`.
#[derive(Debug, Clone, Copy, Default)]
struct Row {
    mask: u64,
    word: u32,
    more: (u32, u32),
}

/// A yes/no or single-choice slot's rows: as [`SlotRows`].
#[derive(Debug, Clone, Copy)]
struct CodeRows {
    slot: u32,
    first: u32,
    count: u32,
    /// Bit `n` set: row `first + n` sets some bit (all set for a slot of 63 codes or
    /// more, whose rows are then all read). Two in three rows set none, and are then not
    /// read.
    sets: u64,
    check: (u32, u32),
}

/// A slot's rows: the row for no answer at `first`, then one per code (or option, or
/// tabled whole number from `min`).
#[derive(Debug, Clone, Copy)]
struct SlotRows {
    slot: u32,
    kind: ItemType,
    first: u32,
    count: u32,
    /// A tabled whole-number item's `min`.
    min: Option<i64>,
    /// A multiple-choice item's bit words in a sheet.
    words: u32,
    /// A multiple-choice item's options (of the first 64) whose rows set some bit: as
    /// [`CodeRows::sets`], most options set none, and are then not looked up.
    sets: u64,
    /// Its tabled leaves: a range of `checks`.
    check: (u32, u32),
}

impl Truths {
    /// Sets `truth` to the bits of every leaf's truth over `f`: from `read`'s bits of the
    /// code answers, when a reader set them.
    pub fn fill(&self, p: &Program, f: &Facts, read: Option<ReadCodes>, truth: &mut Vec<u64>) {
        truth.clear();
        let words = self.layout.words();
        if let (Some(read), Some(c)) = (read, &self.code_bits) {
            // An item settling turned off counts as unanswered: its code flipped back.
            let off = read
                .off
                .iter()
                .map(|&slot| (slot as usize, read.given[slot as usize]));
            let back = off.filter_map(|(slot, a)| match a {
                Answer::Code(n) => Some((slot, n)),
                _ => None,
            });
            c.fill(read.words, back, words, truth);
        } else {
            truth.resize(words, 0);
            if self.set_codes(f.answers, truth) {
                for s in &self.codes {
                    match f.answers[s.slot as usize] {
                        Answer::Code(n) if n >= s.count => self.check(p, f, truth, s.check),
                        Answer::None | Answer::Code(_) => {}
                        _ => self.check(p, f, truth, s.check),
                    }
                }
            }
        }
        for s in &self.choices {
            match f.answers[s.slot as usize] {
                Answer::None => self.set(truth, s.first),
                Answer::Codes(at) => {
                    // The chosen options' bits, word by word: `chosen` as a plain loop. The
                    // first word's options that set some bit are all options the item has.
                    let words = &f.bits[at as usize..][..s.words as usize];
                    let Some((&first, more)) = words.split_first() else {
                        continue;
                    };
                    let mut bits = first & s.sets;
                    while bits != 0 {
                        let option = bits.trailing_zeros();
                        bits &= bits - 1;
                        self.set(truth, s.first + 1 + option);
                    }
                    for (w, &word) in (1..).zip(more) {
                        let mut bits = word;
                        while bits != 0 {
                            let option = w * 64 + bits.trailing_zeros();
                            bits &= bits - 1;
                            if option < s.count {
                                self.set(truth, s.first + 1 + option);
                            }
                        }
                    }
                }
                _ => self.check(p, f, truth, s.check),
            }
        }
        for s in &self.slots {
            let row = match (f.answers[s.slot as usize], s.kind) {
                (Answer::None, _) => Some(0),
                (Answer::Int(v), ItemType::Integer) => (s.min)
                    .and_then(|min| v.checked_sub(min))
                    .filter(|d| (0..i64::from(s.count)).contains(d))
                    .map(|d| 1 + d as u32),
                _ => None,
            };
            match row {
                Some(row) => self.set(truth, s.first + row),
                None => self.check(p, f, truth, s.check),
            }
        }
        self.compares.fill(p, f, truth);
        self.check(p, f, truth, self.cold);
    }

    /// Sets the rows of the yes/no and single-choice slots' answers: nearly every slot a
    /// record has, so this loop is kept apart, with the least to hold. Whether an answer
    /// needs its leaves checked instead: a code the item does not have, or an answer of
    /// another kind (unchecked answers only).
    #[inline(never)]
    fn set_codes(&self, answers: &[Answer], truth: &mut [u64]) -> bool {
        let mut odd = false;
        for s in &self.codes {
            let row = match answers[s.slot as usize] {
                Answer::None => 0,
                Answer::Code(n) if n < s.count => 1 + n,
                _ => {
                    odd = true;
                    continue;
                }
            };
            // A shift of 64 or more wraps: only for a slot whose bits are all set.
            if s.sets.wrapping_shr(row) & 1 == 1 {
                self.set(truth, s.first + row);
            }
        }
        odd
    }

    /// Sets the bits of row `row`.
    #[inline]
    fn set(&self, truth: &mut [u64], row: u32) {
        let r = self.rows[row as usize];
        truth[r.word as usize] |= r.mask;
        if r.more.0 != r.more.1 {
            for &(word, mask) in &self.pairs[r.more.0 as usize..r.more.1 as usize] {
                truth[word as usize] |= mask;
            }
        }
    }

    /// Checks the leaves of `range` one by one.
    fn check(&self, p: &Program, f: &Facts, truth: &mut [u64], range: (u32, u32)) {
        for &(leaf, bit) in &self.checks[range.0 as usize..range.1 as usize] {
            if p.leaf_holds(leaf, f) {
                truth[bit as usize / 64] |= 1 << (bit % 64);
            }
        }
    }
}
