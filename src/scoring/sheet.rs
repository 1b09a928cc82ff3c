//! Answers as the scorer reads them: one [`Answer`] per item slot, codes as positions in
//! the item's codes and multiple choices as bits, so scoring a record compares numbers, not
//! strings, and a sheet reused from one record to the next allocates nothing.

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
}

impl Sheet {
    /// An empty sheet sized for `p`'s items.
    pub fn new(p: &Program) -> Sheet {
        Sheet {
            answers: vec![Answer::None; p.items.len()],
            bits: vec![0; p.bit_words],
        }
    }

    /// Every slot unanswered again (bits are cleared when a slot is set).
    pub fn clear(&mut self) {
        self.answers.fill(Answer::None);
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

    /// Sets a slot from a checked answer.
    pub fn set_value(&mut self, p: &Program, slot: usize, value: &Value) {
        let item = &p.items[slot];
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
