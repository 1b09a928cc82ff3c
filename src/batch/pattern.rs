//! Bytes looked for at a known place in a line: a key, or one of an item's codes in quotes.
//! A line's keys and codes are the same few dozen strings over and over, so finding one is
//! a length check and a comparison, not a scan and a lookup.

/// An item's codes in quotes, to find the one a line has at a place. Each quoted code's
/// first eight bytes are kept as a word with a mask, so trying a code is one load shared by
/// all of them, a mask and a compare: `"no"` against `"not_sure"` differs at the quote.
#[derive(Debug, Clone, Default)]
pub struct Quoted {
    /// By code: the first word of `"code"`, its mask, and the length of `"code"`.
    heads: Box<[(u64, u64, usize)]>,
    /// By code: `"code"` whole, for codes longer than a word.
    whole: Box<[Box<[u8]>]>,
}

impl Quoted {
    pub fn new<'a>(codes: impl Iterator<Item = &'a str>) -> Quoted {
        let (heads, whole): (Vec<_>, Vec<_>) = codes
            .map(|code| {
                let quoted = format!("\"{code}\"").into_bytes();
                let head = &quoted[..quoted.len().min(8)];
                let mask = u64::MAX >> (64 - 8 * head.len());
                (
                    (word(head, 0), mask, quoted.len()),
                    quoted.into_boxed_slice(),
                )
            })
            .unzip();
        Quoted {
            heads: heads.into(),
            whole: whole.into(),
        }
    }

    /// The code quoted at `at` of `text`: its position and the length with its quotes. The
    /// string must be exactly the code: codes are `[a-z0-9_]`, so it has nothing to unescape.
    #[inline]
    pub fn find(&self, text: &[u8], at: usize) -> Option<(u32, usize)> {
        let first = word(text, at);
        for (n, &(head, mask, len)) in self.heads.iter().enumerate() {
            if first & mask == head
                && (len <= 8 || text.get(at..at + len) == Some(&self.whole[n][..]))
            {
                return Some((n as u32, len));
            }
        }
        None
    }
}

/// Eight bytes of `text` from `at` as a little-endian word, zeros past its end.
#[inline]
fn word(text: &[u8], at: usize) -> u64 {
    if let Some(Ok(eight)) = text.get(at..at + 8).map(<[u8; 8]>::try_from) {
        return u64::from_le_bytes(eight);
    }
    let mut bytes = [0u8; 8];
    let rest = text.get(at..).unwrap_or_default();
    let n = rest.len().min(8);
    bytes[..n].copy_from_slice(&rest[..n]);
    u64::from_le_bytes(bytes)
}

/// Whether `text` has `bytes` at `at`.
#[inline]
pub fn is_at(text: &[u8], at: usize, bytes: &[u8]) -> bool {
    text.get(at..at + bytes.len()) == Some(bytes)
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
        assert!(!is_at(b"{\"age\"", 1, b"\"age\":"));
    }
}
