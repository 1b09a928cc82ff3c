//! The leaf bits of the yes/no and single-choice answers, set by the batch reader as it reads
//! each answer, so that scoring need not read every such slot of a sheet again (nearly every
//! answer a record has is one of these).
//!
//! The bits of a slot's leaves are its own, so a record's bits for these slots are those of
//! every slot unanswered (`base`) with, for each code read, the difference between that
//! code's row and the row of no answer flipped: one XOR per answer, in any order, and
//! flipped back for an item settling turns off. A flip is every word of the bits at once
//! (a slot's leaves are spread over the words by rule), so only a program whose bits fit
//! [`WORDS`] words has them; scoring walks the slots of any other.

use super::ItemCodes;
use crate::questionnaire::ItemType;

/// The most words of bits a program with flips has: the default questionnaire's leaves
/// and rules take four.
pub const WORDS: usize = 4;

/// From a slot's bits with no answer to its bits with one code, flipped in every word.
pub type Flip = [u64; WORDS];

/// Flips `truth` by `flip`.
#[inline]
pub fn flip(truth: &mut Flip, flip: &Flip) {
    for (word, mask) in truth.iter_mut().zip(flip) {
        *word ^= mask;
    }
}

#[derive(Debug)]
pub struct CodeBits {
    /// A record's bits with every yes/no and single-choice slot unanswered.
    pub base: Flip,
    /// By yes/no and single-choice slot, by code: its flip (three at least for a yes/no
    /// slot, for the reader's fixed `yes`, `no`, `not_sure`).
    flips: Vec<Flip>,
    /// By slot: where its flips start, and how many codes it has (none for other kinds).
    at: Vec<(u32, u32)>,
}

impl CodeBits {
    /// The flips of `codes` (each a slot, its first row, for no answer, and its count of
    /// codes), whose rows set the bits `row` gives as (word, mask) pairs, in bits of `words`
    /// words: none if that is more than [`WORDS`].
    pub fn new(
        items: &[ItemCodes],
        words: usize,
        codes: &[(u32, u32, u32)],
        row: impl Fn(u32) -> Vec<(u32, u64)>,
    ) -> Option<CodeBits> {
        if words > WORDS {
            return None;
        }
        let mut bits = CodeBits {
            base: [0; WORDS],
            flips: Vec::new(),
            at: Vec::new(),
        };
        for item in items {
            let (count, room) = match item.kind {
                ItemType::YesNo => (item.codes.len(), item.codes.len().max(3)),
                ItemType::SingleChoice => (item.codes.len(), item.codes.len()),
                _ => (0, 0),
            };
            bits.at.push((bits.flips.len() as u32, count as u32));
            bits.flips.extend((0..room).map(|_| [0; WORDS]));
        }
        let row_bits = |n: u32| {
            let mut bits = [0; WORDS];
            for (word, mask) in row(n) {
                bits[word as usize] |= mask;
            }
            bits
        };
        for &(slot, first, rows) in codes {
            let (at, count) = bits.at[slot as usize];
            if rows != count {
                return None;
            }
            let none = row_bits(first);
            flip(&mut bits.base, &none);
            for n in 0..count {
                let mut code = row_bits(first + 1 + n);
                flip(&mut code, &none);
                bits.flips[(at + n) as usize] = code;
            }
        }
        Some(bits)
    }

    /// Sets `truth` to the first `words` words of `read`, with the codes `back` (slot and
    /// code) flipped back.
    pub fn fill(
        &self,
        read: &Flip,
        back: impl Iterator<Item = (usize, u32)>,
        words: usize,
        truth: &mut Vec<u64>,
    ) {
        let mut codes = *read;
        for (slot, n) in back {
            if let Some(f) = self.flip(slot, n) {
                flip(&mut codes, f);
            }
        }
        // All of them (the usual case) as one fixed copy.
        if words == WORDS {
            truth.extend_from_slice(&codes);
        } else {
            truth.extend_from_slice(&codes[..words]);
        }
    }

    /// The flips of `slot`'s codes, by code.
    pub fn codes(&self, slot: usize) -> &[Flip] {
        let (at, count) = self.at.get(slot).copied().unwrap_or_default();
        &self.flips[at as usize..][..count as usize]
    }

    /// The flips of a yes/no `slot`'s `yes`, `no` and `not_sure` (nothing for a code it
    /// does not have).
    pub fn yes_no(&self, slot: usize) -> Option<&[Flip; 3]> {
        let &(at, _) = self.at.get(slot)?;
        self.flips.get(at as usize..)?.first_chunk()
    }

    /// The flip of `slot`'s code `n`, if the slot has that code.
    #[inline]
    pub fn flip(&self, slot: usize, n: u32) -> Option<&Flip> {
        // As `codes(slot).get(n)`, with one check fewer.
        let &(at, count) = self.at.get(slot)?;
        (n < count).then(|| self.flips.get(at as usize + n as usize))?
    }
}
