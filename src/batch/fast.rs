//! The quickest reading of one key of a line and its value: the key the previous line had
//! at that place, and an answer spelt as the questionnaire spells it (a code, a list of
//! codes, a whole number), with the line long enough after the key that every comparison
//! is in a fixed window. What a learned key needs for this is kept in it, so that a
//! heavy line's hundred keys are read without a lookup, a call or a bounds check each.
//! Anything else (the end of the line, another key, another spelling) is left to
//! `predicted`'s own reading of the key, which gives the same answers (tested below).

use super::keys::Learned;
use super::pattern::{CODE_WINDOW, Quoted};
use super::plan::Fast;
use crate::scoring::{Answer, Sheet};

/// Bytes a line must have from a key on for the key and its value to be read here: the
/// longest key a [`Head`](super::pattern::Head) holds, and a quoted code after it.
const WINDOW: usize = 32 + CODE_WINDOW;

/// Reads the keys of `order` from `at` of `line` as [`read`] does, for as long as it can:
/// how many it read, and where they end.
#[inline(never)]
pub fn run(order: &[Learned], line: &[u8], mut at: usize, sheet: &mut Sheet) -> (usize, usize) {
    for (n, learned) in order.iter().enumerate() {
        match read(learned, line, at, sheet) {
            Some(len) => at += len,
            None => return (n, at),
        }
    }
    (order.len(), at)
}

/// Reads the `learned` key at `at` of `line`, with the comma before it, and its value, into
/// `sheet`: the length read, or `None` (the answer not set) where `predicted` must read
/// them. For a line whose keys are a unique learned order only: repeats are not looked for.
#[allow(clippy::inline_always)]
#[inline(always)]
pub fn read(learned: &Learned, line: &[u8], at: usize, sheet: &mut Sheet) -> Option<usize> {
    let window: &[u8; WINDOW] = line.get(at..)?.first_chunk()?;
    if !learned.head.matches(window.first_chunk()?) {
        return None;
    }
    let key = learned.len;
    let value: &[u8; CODE_WINDOW] = window.get(key..)?.first_chunk()?;
    let (slot, answer, len) = match learned.fast {
        Fast::YesNo { slot, not_sure } => {
            let (code, len) = yes_no(value, not_sure)?;
            (slot, Answer::Code(code), len)
        }
        Fast::Code { slot, codes } => {
            let (code, len) = codes.find_in(value)?;
            (slot, Answer::Code(code), len)
        }
        Fast::Choices {
            slot,
            codes,
            bits_at,
            exclusive,
        } => {
            let (bits, len) = choices(codes, line, at + key)?;
            let count = bits.count_ones();
            if count == 0 || (bits & exclusive != 0 && count > 1) {
                return None;
            }
            *sheet.bits.get_mut(bits_at as usize)? = bits;
            (slot, Answer::Codes(bits_at), len)
        }
        Fast::Whole {
            slot,
            integer,
            min,
            max,
        } => {
            let (n, len) = whole(value)?;
            if !(min..=max).contains(&n) {
                return None;
            }
            let answer = if integer {
                Answer::Int(n as i64)
            } else {
                Answer::Num(n)
            };
            (slot, answer, len)
        }
        Fast::General => return None,
    };
    *sheet.answers.get_mut(slot as usize)? = answer;
    Some(key + len)
}

/// `"yes"`, `"no"` or `"not_sure"` at the start of `window`: its code and length.
#[allow(clippy::inline_always)]
#[inline(always)]
fn yes_no(window: &[u8; CODE_WINDOW], not_sure: bool) -> Option<(u32, usize)> {
    let head: &[u8; 8] = window.first_chunk()?;
    let word = u64::from_le_bytes(*head);
    if word & 0xff_ffff_ffff == u64::from_le_bytes(*b"\"yes\"\0\0\0") {
        return Some((0, 5));
    }
    if word & 0xffff_ffff == u64::from_le_bytes(*b"\"no\"\0\0\0\0") {
        return Some((1, 4));
    }
    let rest: &[u8; 2] = window.get(8..)?.first_chunk()?;
    (not_sure && word == u64::from_le_bytes(*b"\"not_sur") && rest == b"e\"").then_some((2, 10))
}

/// The options of a multiple choice at `at`, a quoted code or a list of them, as bits: and
/// the length read.
#[inline(never)]
fn choices(codes: &Quoted, line: &[u8], at: usize) -> Option<(u64, usize)> {
    if line.get(at) == Some(&b'"') {
        let (code, len) = codes.find_in(line.get(at..)?.first_chunk()?)?;
        return Some((1u64.checked_shl(code)?, len));
    }
    if line.get(at) != Some(&b'[') {
        return None;
    }
    let mut end = at + 1;
    let mut bits = 0u64;
    loop {
        let (code, len) = codes.find_in(line.get(end..)?.first_chunk()?)?;
        bits |= 1u64.checked_shl(code)?;
        end += len + 1;
        match line.get(end - 1)? {
            b',' => {}
            b']' => return Some((bits, end - at)),
            _ => return None,
        }
    }
}

/// A whole number at the start of `window`, as `scalars::whole_number` reads it: no sign,
/// exponent or leading zero, at most 15 digits (so exact as an `f64`). Its value and length.
fn whole(window: &[u8; CODE_WINDOW]) -> Option<(f64, usize)> {
    let mut n = 0u64;
    let mut digits = 0;
    while let Some(&digit @ b'0'..=b'9') = window.get(digits) {
        n = n.wrapping_mul(10).wrapping_add(u64::from(digit - b'0'));
        digits += 1;
    }
    let plain = (1..=15).contains(&digits)
        && (digits == 1 || window[0] != b'0')
        && !matches!(window.get(digits), Some(b'-' | b'+' | b'.' | b'e' | b'E'));
    plain.then_some((n as f64, digits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::keys::{Key, Keys};
    use crate::batch::predicted;
    use crate::batch::record::Columns;
    use crate::questionnaire::{Item, ItemType};
    use crate::scoring::Program;
    use crate::testing::embedded;

    /// An item's answers as an export writes them, and beside them what only the general
    /// reading reads, or nothing does.
    fn values(item: &Item) -> Vec<String> {
        let mut codes: Vec<String> = item.options.iter().map(|o| o.value.clone()).collect();
        if item.kind == ItemType::YesNo {
            codes = ["yes", "no", "not_sure"].map(String::from).to_vec();
        }
        let mut out: Vec<String> = (codes.iter())
            .flat_map(|c| {
                [
                    format!("\"{c}\""),
                    format!("\"{c}x\""),
                    format!("\"{}\"", &c[..c.len() - 1]),
                    format!("\"{}\"", c.to_uppercase()),
                    format!("\" {c}\""),
                    format!("\"{c} \""),
                    format!(
                        "\"{}\\u{:04x}\"",
                        &c[..c.len() - 1],
                        c.as_bytes()[c.len() - 1]
                    ),
                    format!("\"{c}"),
                ]
            })
            .collect();
        for (n, a) in codes.iter().enumerate() {
            let b = &codes[(n * 5 + 1) % codes.len().max(1)];
            out.extend([
                format!("[\"{a}\"]"),
                format!("[\"{a}\",\"{b}\"]"),
                format!("[\"{a}\",\"{a}\"]"),
                format!("[\"{b}\",\"{a}\",\"{b}\"]"),
                format!("[\"{a}\" ,\"{b}\"]"),
                format!("[\"{a}\",]"),
                format!("[\"{a}\""),
                format!("[\"{a}\",\"{b}x\"]"),
            ]);
        }
        let numbers = [
            "0",
            "7",
            "40",
            "200",
            "040",
            "-0",
            "-3",
            "1e3",
            "4e1",
            "6.5",
            "6.50",
            "7.",
            "1.5",
            "123456789012345",
            "1234567890123456",
            "99999999999999999999",
            "40x",
            "40,",
        ];
        out.extend(numbers.map(String::from));
        out.extend(["[]", "null", "true", "false", "\"\"", "\"7\""].map(String::from));
        out
    }

    /// Runs `test` with the default questionnaire's keys.
    fn with_keys(test: impl FnOnce(&Program, &Keys)) {
        let q = embedded();
        let p = Program::for_many(&q);
        let cols = Columns::default();
        test(&p, &Keys::new(&p, &cols));
    }

    #[test]
    fn a_key_and_value_read_here_are_read_as_predicted_reads_them() {
        with_keys(agree);
    }

    fn agree(p: &Program, keys: &Keys) {
        let q = p.q;
        let mut read_here = 0;
        for (slot, item) in q.items().enumerate() {
            let before = read_here;
            let learned = keys.learned(Key::Slot(slot as u32), &item.id, true);
            let Key::Slot(_) = learned.key else {
                continue;
            };
            for value in values(item) {
                let whole = format!(",\"{}\":{value},\"age\":40}}{}", item.id, " ".repeat(70));
                // Cut short too: the end of a line is left to `predicted`.
                for line in [&whole[..], whole.trim_end(), &whole[..whole.len() - 66]] {
                    let line = line.as_bytes();
                    let (mut here, mut there) = (Sheet::new(p), Sheet::new(p));
                    let Some(len) = read(&learned, line, 0, &mut here) else {
                        continue;
                    };
                    read_here += 1;
                    assert!(learned.is_at(line, 0));
                    let mut at = learned.len;
                    let general = predicted::answer(keys, slot, line, &mut at, &mut there);
                    let shown = String::from_utf8_lossy(line);
                    assert_eq!(general, Some(()), "{shown}");
                    assert_eq!(len, at, "{shown}");
                    assert_eq!(here.answers, there.answers, "{shown}");
                    assert_eq!(here.bits, there.bits, "{shown}");
                }
            }
            // Every question's usual spellings are read here, not all handed on, but for a
            // key too long for a head.
            assert!(read_here > before || !learned.head.whole(), "{}", item.id);
        }
    }

    #[test]
    fn another_key_or_a_line_ending_early_is_not_read_here() {
        with_keys(not_read);
    }

    fn not_read(p: &Program, keys: &Keys) {
        let q = p.q;
        let slot = q.slot("buttock_pain").expect("a question");
        let learned = keys.learned(Key::Slot(slot as u32), "buttock_pain", true);
        let pad = " ".repeat(70);
        let mut sheet = Sheet::new(p);
        for line in [
            format!(",\"buttock_pains\":\"yes\"}}{pad}"),
            format!(",\"buttock_pai\":\"yes\"}}{pad}"),
            format!("\"buttock_pain\":\"yes\"}}{pad}"),
            format!(", \"buttock_pain\":\"yes\"}}{pad}"),
            format!(",\"buttock_pain\" :\"yes\"}}{pad}"),
            format!(",\"buttock_pain\": \"yes\"}}{pad}"),
            ",\"buttock_pain\":\"yes\"}".to_string(),
        ] {
            assert_eq!(
                read(&learned, line.as_bytes(), 0, &mut sheet),
                None,
                "{line}"
            );
        }
        let line = format!(",\"buttock_pain\":\"yes\"}}{pad}");
        assert_eq!(read(&learned, line.as_bytes(), 0, &mut sheet), Some(21));
        assert_eq!(sheet.answers[slot], Answer::Code(0));
    }
}
