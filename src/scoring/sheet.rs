//! Answers as the scorer reads them: one [`Answer`] per item slot, codes as positions in
//! the item's codes and multiple choices as bits, so scoring a record compares numbers, not
//! strings, and a sheet reused from one record to the next allocates nothing.

use super::program::code_bits::{self, CodeBits, Flip};
use super::program::{ItemCodes, Program};
use crate::questionnaire::Value;

/// One slot's answer. `Copy` and small: a record's answers are a plain array.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Answer {
    None,
    /// A position in the item's codes: `yes`, `no`, `not_sure` for a yes/no item, its
    /// options otherwise. [`Answer::UNKNOWN_CODE`] is a code the item does not have.
    Code(u32),
    /// The chosen options of a multiple-choice item: bit `n` of the words from this place in
    /// [`Sheet::bits`] is option `n`.
    Codes(u32),
    Int(i64),
    Num(f64),
}

impl Answer {
    /// A code no item has: unchecked answers only, which match no condition on codes.
    pub const UNKNOWN_CODE: u32 = u32::MAX;

    pub fn is_some(self) -> bool {
        self != Answer::None
    }
}

/// A record's answers by slot, and the bits of its multiple choices.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub answers: Vec<Answer>,
    pub bits: Vec<u64>,
    /// The leaf bits of the yes/no and single-choice answers, as a reader set them while
    /// reading ([`CodeBits`]): scoring reads them instead of those slots when `codes_read`.
    pub code_truth: Flip,
    /// `code_truth` holds the bits of every such answer the sheet has: set by
    /// [`Sheet::start_codes`], and cleared by [`Sheet::clear`] and any code it cannot flip.
    pub codes_read: bool,
}

impl Sheet {
    /// An empty sheet sized for `p`'s items.
    pub fn new(p: &Program) -> Sheet {
        Sheet {
            answers: vec![Answer::None; p.items.len()],
            bits: vec![0; p.bit_words],
            code_truth: Flip::default(),
            codes_read: false,
        }
    }

    /// Every slot unanswered again (bits are cleared when a slot is set); the code answers'
    /// bits are no longer kept (see [`Sheet::start_codes`]).
    pub fn clear(&mut self) {
        self.answers.fill(Answer::None);
        self.codes_read = false;
    }

    /// The code answers' bits kept from here on: every code answer written after this (and
    /// none before) is flipped in `code_truth` ([`Sheet::flip_code`], or `code_bits::flip`),
    /// each slot at most once, until [`Sheet::clear`].
    pub fn start_codes(&mut self, c: &CodeBits) {
        self.code_truth = c.base;
        self.codes_read = true;
    }

    /// Flips slot `slot`'s code `n` in `code_truth`; a code the slot does not have cannot
    /// be, and the bits are no longer kept.
    pub fn flip_code(&mut self, c: &CodeBits, slot: usize, n: u32) {
        match c.flip(slot, n) {
            Some(flip) => code_bits::flip(&mut self.code_truth, flip),
            None => self.codes_read = false,
        }
    }

    /// The sheet of checked answers given by slot.
    pub fn of_values(p: &Program, given: &[Option<&Value>]) -> Sheet {
        let mut sheet = Sheet::new(p);
        for (slot, value) in given.iter().enumerate().take(p.items.len()) {
            if let Some(value) = value {
                sheet.set_value(p, slot, value);
            }
        }
        sheet
    }

    /// Sets a slot from a checked answer (its code's bits are not kept).
    pub fn set_value(&mut self, p: &Program, slot: usize, value: &Value) {
        let item = &p.items[slot];
        self.codes_read = false;
        self.answers[slot] = match value {
            Value::Code(code) => Answer::Code(item.position(code)),
            Value::Codes(codes) => {
                let words = self.choices(item);
                for code in codes {
                    let n = item.position(code);
                    if let Some(word) = words.get_mut(n as usize / 64) {
                        *word |= 1 << (n % 64);
                    }
                }
                Answer::Codes(item.bits_at)
            }
            Value::Int(n) => Answer::Int(*n),
            Value::Num(n) => Answer::Num(*n),
        };
    }

    /// The code answers' bits as a reader sets them, worked out from the answers: `None`
    /// where a reader could not set them (no flips, or an answer in a yes/no or
    /// single-choice slot that is not one of its codes).
    #[cfg(test)]
    pub fn codes_of_answers(&self, p: &Program) -> Option<Flip> {
        use crate::questionnaire::ItemType;
        let c = p.code_bits()?;
        let mut truth = c.base;
        for (slot, &answer) in self.answers.iter().enumerate() {
            match answer {
                Answer::Code(n) => code_bits::flip(&mut truth, c.flip(slot, n)?),
                Answer::None => {}
                _ if matches!(p.items[slot].kind, ItemType::YesNo | ItemType::SingleChoice) => {
                    return None;
                }
                _ => {}
            }
        }
        Some(truth)
    }

    /// The cleared bit words of a multiple-choice item, to set its choices in.
    pub fn choices(&mut self, item: &ItemCodes) -> &mut [u64] {
        let words = &mut self.bits[item.bits_at as usize..][..item.words as usize];
        words.fill(0);
        words
    }

    /// The chosen option positions of a `Codes` answer at `at`, in option order.
    pub fn chosen<'s>(&'s self, item: &ItemCodes, at: u32) -> impl Iterator<Item = u32> + 's {
        chosen(&self.bits, item, at)
    }
}

/// The chosen option positions of a `Codes` answer at `at` of `bits`, in option order.
pub fn chosen<'b>(bits: &'b [u64], item: &ItemCodes, at: u32) -> impl Iterator<Item = u32> + 'b {
    let words = &bits[at as usize..][..item.words as usize];
    words.iter().enumerate().flat_map(|(w, &word)| {
        let mut rest = word;
        std::iter::from_fn(move || {
            (rest != 0).then(|| {
                let bit = rest.trailing_zeros();
                rest &= rest - 1;
                w as u32 * 64 + bit
            })
        })
    })
}

/// What a slot's answer adds to a score: the code's weight (1 for `yes` and `not_sure` on a
/// yes/no item), the chosen options' weights added up, or the number. As `Value::weight`,
/// which the reports read.
#[inline]
pub fn weight(p: &Program, bits: &[u64], slot: usize, answer: Answer) -> f64 {
    let item = &p.items[slot];
    match answer {
        Answer::None => 0.0,
        Answer::Code(n) => item.weight(n).unwrap_or(0.0),
        Answer::Codes(at) => chosen(bits, item, at).filter_map(|n| item.weight(n)).sum(),
        Answer::Int(n) => n as f64,
        Answer::Num(n) => n,
    }
}

/// The answer as a checked [`Value`], for the few places that need one.
pub fn value(p: &Program, bits: &[u64], slot: usize, answer: Answer) -> Option<Value> {
    let item = &p.items[slot];
    Some(match answer {
        Answer::None => return None,
        Answer::Code(n) => Value::Code(item.code(n)?.to_string().into()),
        Answer::Codes(at) => Value::Codes(
            chosen(bits, item, at)
                .filter_map(|n| item.code(n).map(String::from))
                .collect(),
        ),
        Answer::Int(n) => Value::Int(n),
        Answer::Num(n) => Value::Num(n),
    })
}
