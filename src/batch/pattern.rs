//! Bytes looked for at a known place in a line: a key, or one of an item's codes in quotes.
//! A line's keys and codes are the same few dozen strings over and over, so finding one is
//! a length check and a few word comparisons, not a scan, a lookup or a call to `memcmp`.

use super::bytes::{is_at, le_word, word};
use super::code_table::SmallTable;

/// An item's codes in quotes, to find the one a line has at a place. Codes are `[a-z0-9_]`
/// (checked when a questionnaire is loaded), so only a string with nothing to unescape can
/// be one. The word after the opening quote is loaded once, and each code is tried on it
/// with a mask and a comparison: a code of up to seven bytes is `code"` (its closing quote
/// makes `no` differ from `not_sure`), a longer one its first eight bytes and then the rest.
#[derive(Debug, Clone, Default)]
pub struct Quoted {
    /// By code: what finding it compares, together, so that one bounds check covers it.
    codes: Box<[Code]>,
    /// By code: `"code"`, for codes longer than their head.
    whole: Box<[Box<[u8]>]>,
    /// Every `code"` fits in [`CODE_WINDOW`] bytes after the opening quote.
    fits: bool,
    /// The codes by their first bytes, if a small table tells them apart.
    table: Option<SmallTable>,
}

/// The bytes of a quoted code and what follows may take, from its opening quote: a code of
/// up to 31 bytes (every code of the default questionnaire) is found in a window of this
/// many bytes, with no bounds checks and no call.
pub const CODE_WINDOW: usize = 33;

/// One code: the head to compare (its first bytes), its mask, and the length of `"code"`;
/// then `code"` after its first eight bytes, as up to three words and their masks.
#[derive(Debug, Clone, Copy, Default)]
struct Code {
    head: u64,
    mask: u64,
    len: usize,
    words: [u64; 3],
    masks: [u64; 3],
}

impl Code {
    /// Whether the bytes after the head are in `window`: one word for a code of up to 16
    /// bytes, the usual, and three for a longer one.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn rest_in(&self, window: &[u8; CODE_WINDOW]) -> bool {
        let first = (le_word(window, 9) ^ self.words[0]) & self.masks[0];
        if self.len <= 17 {
            return first == 0;
        }
        let mut differ = first;
        for k in 1..3 {
            differ |= (le_word(window, 9 + 8 * k) ^ self.words[k]) & self.masks[k];
        }
        differ == 0
    }

    /// Whether this code is quoted at the start of `window`, whose first word after the
    /// opening quote is `inner`.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn is_in(&self, inner: u64, window: &[u8; CODE_WINDOW]) -> bool {
        inner & self.mask == self.head && (self.len <= 9 || self.rest_in(window))
    }
}

impl Quoted {
    pub fn new<'a>(codes: impl Iterator<Item = &'a str>) -> Quoted {
        let whole: Vec<Box<[u8]>> = codes
            .map(|code| format!("\"{code}\"").into_bytes().into())
            .collect();
        let codes: Vec<Code> = (whole.iter())
            .map(|quoted| {
                let head = &quoted[1..quoted.len().min(9)];
                let mut code = Code {
                    head: word(head, 0),
                    mask: u64::MAX >> (64 - 8 * head.len()),
                    len: quoted.len(),
                    ..Code::default()
                };
                let after = quoted.get(9..).unwrap_or_default();
                for (n, chunk) in after.chunks(8).take(3).enumerate() {
                    code.words[n] = word(chunk, 0);
                    code.masks[n] = u64::MAX >> (64 - 8 * chunk.len());
                }
                code
            })
            .collect();
        let heads: Vec<_> = (codes.iter()).map(|c| (c.head, c.mask, c.len)).collect();
        Quoted {
            fits: whole.iter().all(|quoted| quoted.len() <= CODE_WINDOW),
            table: SmallTable::new(&heads),
            codes: codes.into(),
            whole: whole.into(),
        }
    }

    /// Whether every code can be found by [`Quoted::find_in`].
    pub fn fits(&self) -> bool {
        self.fits
    }

    /// The code quoted at the start of `window`, as [`Quoted::find`] finds it, for codes
    /// that [fit](Quoted::fits): its position and the length with its quotes.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub fn find_in(&self, window: &[u8; CODE_WINDOW]) -> Option<(u32, usize)> {
        if window[0] != b'"' {
            return None;
        }
        let inner = le_word(window, 1);
        if let Some(table) = &self.table {
            let n = table.candidate(inner);
            let code = self.codes.get(n)?;
            return code.is_in(inner, window).then_some((n as u32, code.len));
        }
        self.scan(inner, window)
    }

    /// [`Quoted::find_in`] without the table: each code in turn.
    #[inline]
    fn scan(&self, inner: u64, window: &[u8; CODE_WINDOW]) -> Option<(u32, usize)> {
        (self.codes.iter().enumerate())
            .find(|(_, code)| code.is_in(inner, window))
            .map(|(n, code)| (n as u32, code.len))
    }

    /// The code quoted at `at` of `text`: its position and the length with its quotes. The
    /// string must be exactly the code: codes are `[a-z0-9_]`, so it has nothing to unescape.
    // Measured: left to the compiler this stays a call, at 50 instructions a code read.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub fn find(&self, text: &[u8], at: usize) -> Option<(u32, usize)> {
        if self.fits {
            if let Some(window) = text.get(at..).and_then(<[u8]>::first_chunk) {
                return self.find_in(window);
            }
        }
        if text.get(at) != Some(&b'"') {
            return None;
        }
        let inner = word(text, at + 1);
        for (n, code) in self.codes.iter().enumerate() {
            if inner & code.mask == code.head && (code.len <= 9 || self.rest_is_at(n, text, at)) {
                return Some((n as u32, code.len));
            }
        }
        None
    }

    /// Whether code `n`, longer than its head, is at `at` whole.
    #[inline(never)]
    fn rest_is_at(&self, n: usize, text: &[u8], at: usize) -> bool {
        self.whole
            .get(n)
            .is_some_and(|quoted| is_at(text, at, quoted))
    }
}

/// The most bytes of a key a [`Head`] compares at once, and the most it holds: the bytes
/// past the first are compared only for the few keys that long.
pub const HEAD: usize = 32;
pub const LONG_HEAD: usize = 40;

/// Bytes of a key, up to [`LONG_HEAD`], as words and their masks, to be compared with a
/// few loads, masks and one branch instead of a loop: the key is most of what a line holds,
/// and comparing it is most of reading it. Longer keys, and the end of a line, go to
/// [`is_at`].
// Aligned, so that comparing the words takes no loads of their own.
#[derive(Debug, Clone, Copy)]
#[repr(C, align(16))]
pub struct Head {
    words: [u64; 4],
    masks: [u64; 4],
    /// The bytes past [`HEAD`], and their mask (none for a key of up to [`HEAD`] bytes).
    tail: u64,
    tail_mask: u64,
    /// The bytes are all in the words and the tail.
    whole: bool,
}

impl Head {
    /// A head that holds no key: [`Head::is_at`] leaves every comparison to [`is_at`].
    pub const NONE: Head = Head {
        words: [0; 4],
        masks: [0; 4],
        tail: 0,
        tail_mask: 0,
        whole: false,
    };

    pub fn new(bytes: &[u8]) -> Head {
        let mut words = [0; 5];
        let mut masks = [0; 5];
        for (n, chunk) in bytes.chunks(8).take(5).enumerate() {
            words[n] = word(chunk, 0);
            masks[n] = u64::MAX >> (64 - 8 * chunk.len());
        }
        let [w0, w1, w2, w3, tail] = words;
        let [m0, m1, m2, m3, tail_mask] = masks;
        Head {
            words: [w0, w1, w2, w3],
            masks: [m0, m1, m2, m3],
            tail,
            tail_mask,
            whole: bytes.len() <= LONG_HEAD,
        }
    }

    /// Whether `text` has the bytes at `at`: `None` if that takes [`is_at`].
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub fn is_at(&self, text: &[u8], at: usize) -> Option<bool> {
        let there = text.get(at..)?.first_chunk::<LONG_HEAD>()?;
        if !self.whole {
            return None;
        }
        Some(self.matches(there.first_chunk()?) && self.tail_matches(there))
    }

    /// Whether `window` starts with the first [`HEAD`] bytes.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub fn matches(&self, window: &[u8; HEAD]) -> bool {
        let mut differ = 0;
        for n in 0..4 {
            differ |= (le_word(window, 8 * n) ^ self.words[n]) & self.masks[n];
        }
        differ == 0
    }

    /// Whether `window` has the bytes past the first [`HEAD`] (true if there are none).
    #[inline]
    pub fn tail_matches(&self, window: &[u8; LONG_HEAD]) -> bool {
        (le_word(window, HEAD) ^ self.tail) & self.tail_mask == 0
    }

    /// Whether all the bytes are in the words and the tail (up to [`LONG_HEAD`]).
    pub fn whole(&self) -> bool {
        self.whole
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_found_only_when_the_string_is_exactly_it() {
        let codes = Quoted::new(["yes", "no", "not_sure"].into_iter());
        for (text, found) in [
            (&b"\"no\","[..], Some((1, 4))),
            (b"\"yes\"}", Some((0, 5))),
            (b"\"not_sure\"", Some((2, 10))),
            (b"\"not\"", None),
            (b"\"nope\"", None),
            (b"\"no", None),
            (b"no\"", None),
            (b"\"No\"", None),
            (b"\"n\\u006f\"", None),
            (b"", None),
        ] {
            assert_eq!(
                codes.find(text, 0),
                found,
                "{}",
                String::from_utf8_lossy(text)
            );
        }
        assert!(is_at(b"{\"age\":40}", 1, b"\"age\":"));
    }

    #[test]
    fn a_code_found_by_the_table_is_the_one_found_by_trying_each() {
        // With whether a table tells them apart: codes that differ only past the shortest
        // code's length are tried in turn.
        let sets: [(&[&str], bool); 5] = [
            (
                &["a_lot", "a_little", "not_at_all", "great_difficulty"],
                true,
            ),
            (
                &["under_30_min", "under_60_min", "over_60_min", "none"],
                false,
            ),
            (
                &["b", "ab", "abc", "a_very_long_code_of_31_bytes_xx"],
                false,
            ),
            (
                &["b", "ab", "a_very_long_code_of_31_bytes_xx", "prefer_not"],
                true,
            ),
            (
                &["thigh", "knee", "below_knee", "thigh_and_foot", "x", "y"],
                false,
            ),
        ];
        for (codes, apart) in sets {
            let quoted = Quoted::new(codes.iter().copied());
            assert_eq!(quoted.table.is_some(), apart, "{codes:?}");
            let mut spellings: Vec<String> = Vec::new();
            for code in codes {
                let cut = &code[..code.len() - 1];
                for s in [
                    *code,
                    cut,
                    &format!("{code}x"),
                    &code.to_uppercase(),
                    "",
                    "7",
                ] {
                    spellings.extend([format!("\"{s}\""), format!("\"{s}"), format!("{s}\"")]);
                }
            }
            for text in spellings {
                let mut window = [b' '; CODE_WINDOW];
                let n = text.len().min(CODE_WINDOW);
                window[..n].copy_from_slice(&text.as_bytes()[..n]);
                let linear = (window[0] == b'"')
                    .then(|| quoted.scan(le_word(&window, 1), &window))
                    .flatten();
                assert_eq!(quoted.find_in(&window), linear, "{text}");
            }
        }
        assert!(!is_at(b"{\"age\"", 1, b"\"age\":"));
    }
}
