//! A yes/no key with its usual answers as whole patterns: `,"key":"no"` and `,"key":"yes"`.
//! Most keys of an export are yes/no questions answered `no` or `yes`, so comparing the
//! line with these two decides the key and its answer at once, where reading the key, then
//! what kind of question it is, then its value took three steps (`fast::step`, which reads
//! everything else, and what these do not match).

use super::bytes::le_word;
use crate::scoring::program::code_bits::{Flip, flip};

/// The most bytes a pattern holds: four words, compared together.
pub const TOKEN: usize = 32;

/// One pattern: its bytes as words and their masks. Aligned, so that comparing it takes
/// no loads of its own (measured: a dozen instructions a key fewer than the key's head, the
/// kind of answer and its value compared in turn).
#[derive(Debug, Clone, Copy)]
#[repr(C, align(16))]
struct Pattern {
    words: [u64; 4],
    masks: [u64; 4],
}

impl Pattern {
    fn new(bytes: &[u8]) -> Pattern {
        debug_assert!(bytes.len() <= TOKEN);
        let mut words = [0; 4];
        let mut masks = [0; 4];
        for (n, chunk) in bytes.chunks(8).take(4).enumerate() {
            let mut word = [0; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            words[n] = u64::from_le_bytes(word);
            masks[n] = u64::MAX >> (64 - 8 * chunk.len());
        }
        Pattern { words, masks }
    }

    /// Whether `window` starts with the pattern.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn matches(&self, window: &[u8; TOKEN]) -> bool {
        let mut differ = 0;
        for n in 0..4 {
            differ |= (le_word(window, 8 * n) ^ self.words[n]) & self.masks[n];
        }
        differ == 0
    }
}

/// A yes/no question's key, as a line has it at one place (with the comma before it or
/// not), with `"no"` and with `"yes"` after it; and what reading each sets.
#[derive(Debug, Clone)]
#[repr(C, align(16))]
pub struct Tokens {
    no: Pattern,
    yes: Pattern,
    /// The flips of `yes` and `no` (see `code_bits`), by code.
    flips: [Flip; 2],
    /// The lengths of the two patterns.
    no_len: usize,
    yes_len: usize,
    pub slot: u32,
}

impl Tokens {
    /// The patterns of a key spelt `head` (`,"key":` or `"key":`), if both fit in [`TOKEN`]
    /// bytes, with the flips of the question's `yes` and `no` (`flips[0]`, `flips[1]`).
    pub fn new(head: &[u8], slot: u32, flips: &[Flip; 3]) -> Option<Tokens> {
        let with = |value: &[u8]| [head, value].concat();
        let (no, yes) = (with(b"\"no\""), with(b"\"yes\""));
        (yes.len() <= TOKEN).then(|| Tokens {
            no: Pattern::new(&no),
            yes: Pattern::new(&yes),
            flips: [flips[0], flips[1]],
            no_len: no.len(),
            yes_len: yes.len(),
            slot,
        })
    }

    /// The key with `no` or `yes` at the start of `window`, as `fast::step` reads them: the
    /// code (`yes` 0, `no` 1, as the questionnaire has them), flipped in `truth`, and the
    /// length of the key and value. Flipped here, where the flips are known to be aligned.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub fn read(&self, window: &[u8; TOKEN], truth: &mut Flip) -> Option<(u32, usize)> {
        let (code, len) = if self.no.matches(window) {
            (1, self.no_len)
        } else if self.yes.matches(window) {
            (0, self.yes_len)
        } else {
            return None;
        };
        // One flip, of the code's, indexed rather than chosen between two places.
        flip(truth, &self.flips[code & 1]);
        Some((code as u32, len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_with_no_or_yes_is_matched_whole_and_nothing_else() {
        let flips = [[1; 4], [2; 4], [3; 4]];
        let tokens = Tokens::new(b",\"pain\":", 7, &flips).expect("fits");
        let pad = |text: &[u8]| {
            let mut window = [b'x'; TOKEN];
            window[..text.len()].copy_from_slice(text);
            window
        };
        let mut truth = [0; 4];
        assert_eq!(
            tokens.read(&pad(b",\"pain\":\"no\","), &mut truth),
            Some((1, 12))
        );
        assert_eq!(truth, [2; 4]);
        assert_eq!(
            tokens.read(&pad(b",\"pain\":\"yes\"}"), &mut truth),
            Some((0, 13))
        );
        assert_eq!(truth, [3; 4]);
        for other in [
            &b",\"pain\":\"not_sure\""[..],
            b",\"pains\":\"no\"",
            b",\"pain\":\"No\"",
            b",\"pain\":\"ye\"",
            b",\"pain\":\"yess\"",
            b"\"pain\":\"no\"",
            b",\"pai\":\"no\"",
        ] {
            assert_eq!(tokens.read(&pad(other), &mut truth), None);
        }
        // Zeros, as a line's end is padded, match nothing.
        assert_eq!(tokens.read(&[0; TOKEN], &mut truth), None);
        assert_eq!(truth, [3; 4]);
        let long = format!(",\"{}\":", "k".repeat(23));
        assert!(Tokens::new(long.as_bytes(), 0, &flips).is_some());
        let longer = format!(",\"{}\":", "k".repeat(24));
        assert!(Tokens::new(longer.as_bytes(), 0, &flips).is_none());
    }
}
