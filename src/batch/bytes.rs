//! Bytes of a line read a machine word at a time: eight bytes as one little-endian word, a
//! string's plain length, and whether some bytes are at a place. The patterns, the code
//! tables and the key lookup all compare words, not bytes.

/// Eight bytes of a fixed window from `at` as a little-endian word: with `at` a constant,
/// no bounds check is left.
#[allow(clippy::inline_always)]
#[inline(always)]
pub fn le_word<const N: usize>(window: &[u8; N], at: usize) -> u64 {
    let mut bytes = [0; 8];
    bytes.copy_from_slice(&window[at..at + 8]);
    u64::from_le_bytes(bytes)
}

/// Eight bytes of `text` from `at` as a little-endian word, zeros past its end.
#[inline]
pub fn word(text: &[u8], at: usize) -> u64 {
    if let Some(eight) = text.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        return u64::from_le_bytes(*eight);
    }
    let mut bytes = [0u8; 8];
    let rest = text.get(at..).unwrap_or_default();
    let n = rest.len().min(8);
    bytes[..n].copy_from_slice(&rest[..n]);
    u64::from_le_bytes(bytes)
}

/// The length of the string whose opening quote is just before `rest`, if it ends before
/// any escape or control character. Eight bytes at a time: a line whose keys vary reads
/// most of its keys' text here (measured: a byte at a time, 2k instructions a light line).
#[inline]
pub fn plain_len(rest: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES * 0x80;
    let mut at = 0;
    while let Some(eight) = rest.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let word = u64::from_le_bytes(*eight);
        // The high bit of each byte that is a quote, a backslash or below 0x20: exact for
        // the first such byte (a borrow only marks bytes after it), which is all that is
        // read.
        let (quote, backslash) = (word ^ (ONES * u64::from(b'"')), word ^ (ONES * 0x5c));
        let stop = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (word.wrapping_sub(ONES * 0x20) & !word);
        if stop & HIGH != 0 {
            let len = at + (stop & HIGH).trailing_zeros() as usize / 8;
            return (rest.get(len) == Some(&b'"')).then_some(len);
        }
        at += 8;
    }
    let len = at + (rest.get(at..)?.iter()).position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
    (rest.get(len) == Some(&b'"')).then_some(len)
}

/// The bytes before the first quote of `window`, if it has one: where a key that starts
/// the window ends, found with no loop and no bounds check (what ends the key is then
/// compared whole, so escapes and control characters need not be looked for).
#[allow(clippy::inline_always)]
#[inline(always)]
pub fn quote_len(window: &[u8; 32]) -> Option<usize> {
    const ONES: u64 = u64::MAX / 255;
    for k in 0..4 {
        let quote = le_word(window, 8 * k) ^ (ONES * u64::from(b'"'));
        // Exact for the first quote, as in `plain_len`.
        let found = quote.wrapping_sub(ONES) & !quote & (ONES * 0x80);
        if found != 0 {
            return Some(8 * k + found.trailing_zeros() as usize / 8);
        }
    }
    None
}

/// Whether `text` has `bytes` at `at`.
#[inline]
pub fn is_at(text: &[u8], at: usize, bytes: &[u8]) -> bool {
    (text.get(at..).and_then(|rest| rest.get(..bytes.len())))
        .is_some_and(|there| same(there, bytes))
}

/// Whether `a` and `b` are equal: a word at a time, the first and last words (overlapping
/// the others) before any between, instead of a call to `memcmp` (a key is about 20 bytes,
/// and a line has a hundred of them).
#[inline]
fn same(left: &[u8], right: &[u8]) -> bool {
    let len = left.len();
    if right.len() != len {
        return false;
    }
    let (Some(a0), Some(b0), Some(a1), Some(b1)) = (
        left.first_chunk::<8>(),
        right.first_chunk::<8>(),
        left.last_chunk::<8>(),
        right.last_chunk::<8>(),
    ) else {
        return match (left.first_chunk::<4>(), right.first_chunk::<4>()) {
            (Some(l), Some(r)) => l == r && left.last_chunk::<4>() == right.last_chunk::<4>(),
            _ => left == right,
        };
    };
    if u64::from_le_bytes(*a0) != u64::from_le_bytes(*b0)
        || u64::from_le_bytes(*a1) != u64::from_le_bytes(*b1)
    {
        return false;
    }
    let mut i = 8;
    while i + 8 < len {
        let word = |text: &[u8]| text.get(i..).and_then(<[u8]>::first_chunk::<8>).copied();
        if word(left) != word(right) {
            return false;
        }
        i += 8;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Rng;

    /// A byte at a time, as `plain_len` was.
    fn bytewise(rest: &[u8]) -> Option<usize> {
        let len = (rest.iter()).position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        (rest[len] == b'"').then_some(len)
    }

    #[test]
    fn a_plain_length_found_a_word_at_a_time_is_the_one_found_a_byte_at_a_time() {
        // Mostly plain letters, with the bytes that stop a string and their neighbours
        // (0x1f, 0x20, 0x21, 0x5b, 0x5d, 0x7f, 0x80, 0xff) now and then.
        let special = [
            b'"', b'\\', 0, 0x1f, 0x20, 0x21, 0x5b, 0x5d, 0x7f, 0x80, 0xff, b'\n',
        ];
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20_000 {
            let len = (rng.next() % 40) as usize;
            let text: Vec<u8> = (0..len)
                .map(|_| match rng.next() % 12 {
                    0 => special[(rng.next() % special.len() as u64) as usize],
                    _ => b'a' + (rng.next() % 26) as u8,
                })
                .collect();
            assert_eq!(plain_len(&text), bytewise(&text), "{text:?}");
        }
    }

    #[test]
    fn a_quote_found_a_word_at_a_time_is_the_first_quote() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for _ in 0..20_000 {
            let mut window = [0u8; 32];
            for byte in &mut window {
                *byte = match rng.next() % 16 {
                    0 => b'"',
                    1 => [0x21, 0x23, 0xa2, 0x02, 0xff][(rng.next() % 5) as usize],
                    _ => b'a' + (rng.next() % 26) as u8,
                };
            }
            let first = window.iter().position(|&b| b == b'"');
            assert_eq!(quote_len(&window), first, "{window:?}");
        }
        assert_eq!(quote_len(&[b'a'; 32]), None);
    }
}
