//! The quickest reading of one key of a line and its value: the key the previous line had
//! at that place, and an answer spelt as the questionnaire spells it (a code, a list of
//! codes, a plain number), with the line long enough after the key that every comparison
//! is in a fixed window. What a learned key needs for this is kept in it, so that a
//! heavy line's hundred keys are read without a lookup, a call or a bounds check each.
//! Anything else (the end of the line, another key, another spelling) is left to
//! `predicted`'s own reading of the key, which gives the same answers (tested below).

use super::keys::Learned;
use super::pattern::{CODE_WINDOW, HEAD, LONG_HEAD, Quoted};
use super::plain::{Plain, number, small};
use super::plan::Fast;
use super::token::TOKEN;
use crate::scoring::program::code_bits::{Flip, flip};
use crate::scoring::{Answer, Sheet};

/// Bytes a line must have from a key on for the key and its value to be read here: the
/// longest key a head holds, and a quoted code after it.
pub const WINDOW: usize = LONG_HEAD + CODE_WINDOW;

/// Reads the keys of `order` from `at` of `line` as [`read`] does, for as long as it can:
/// how many it read, and where they end. Each code read is flipped in the sheet's code
/// bits by the learned key's flips.
#[inline(never)]
pub fn run(order: &[Learned], line: &[u8], at: usize, sheet: &mut Sheet) -> (usize, usize) {
    let Some(rest) = line.get(at..) else {
        return (0, at);
    };
    // The sheet's lists as slices, so that their lengths stay in registers.
    let Sheet {
        answers,
        bits,
        code_truth,
        ..
    } = sheet;
    let (read, rest) = keys(order, rest, answers, bits, code_truth);
    let at = line.len() - rest.len();
    if read == order.len() || rest.len() >= WINDOW {
        return (read, at);
    }
    // The last keys of the line, closer to its end than a window, are read in a copy with
    // zeros after it: no key, quote, comma or bracket matches a zero, so what is read there
    // is what the line has, and a number ends at the line's end as it would at a comma.
    let mut padded = [0u8; 2 * WINDOW];
    padded[..rest.len()].copy_from_slice(rest);
    let (more, left) = keys(
        order.get(read..).unwrap_or_default(),
        &padded,
        answers,
        bits,
        code_truth,
    );
    (read + more, at + (padded.len() - left.len()))
}

/// The keys of `order` read from the start of `rest` while they can be: how many, and
/// what is left of `rest`. The keys and the line are kept as what is left of them, so
/// fewer values live through the loop, and they stay in registers.
#[allow(clippy::inline_always)]
#[inline(always)]
pub fn keys<'t>(
    order: &[Learned],
    mut rest: &'t [u8],
    answers: &mut [Answer],
    bits: &mut [u64],
    truth: &mut Flip,
) -> (usize, &'t [u8]) {
    let mut left = order.iter();
    // The bits in registers through the loop, not stored at each code.
    let mut flipped = *truth;
    while let Some(learned) = left.as_slice().first() {
        let Some(window) = rest.first_chunk::<WINDOW>() else {
            break;
        };
        // A yes/no key answered `no` or `yes`, most keys of a line, in one comparison.
        if let (Some(tokens), Some(first)) = (learned.tokens, window.first_chunk()) {
            let Some(answer) = answers.get_mut(tokens.slot as usize) else {
                break;
            };
            if let Some((code, len)) = tokens.read(first, &mut flipped) {
                *answer = Answer::Code(code);
                // A pattern's length, at most `TOKEN`: in the window, without a check.
                rest = &rest[len & (2 * TOKEN - 1)..];
                left.next();
                continue;
            }
        }
        let Some(after) = step(learned, rest, answers, bits, &mut flipped) else {
            break;
        };
        rest = after;
        left.next();
    }
    *truth = flipped;
    (order.len() - left.len(), rest)
}

/// Reads the `learned` key at `at` of `line`, with the comma before it, and its value, into
/// `sheet`: the length read, or `None` (the answer not set) where `predicted` must read
/// them. For a line whose keys are a unique learned order only: repeats are not looked for.
#[cfg(test)]
pub fn read(learned: &Learned, line: &[u8], at: usize, sheet: &mut Sheet) -> Option<usize> {
    let rest = line.get(at..)?;
    let (read, left) = keys(
        std::slice::from_ref(learned),
        rest,
        &mut sheet.answers,
        &mut sheet.bits,
        &mut sheet.code_truth,
    );
    (read == 1).then_some(rest.len() - left.len())
}

/// [`read`] at the start of `rest`, on the sheet's lists: what is left of `rest` after the
/// value. Each kind of answer is set where it is read, rather than all through one common
/// store: measured, that kept the yes/no path free of spills.
#[allow(clippy::inline_always)]
#[inline(always)]
fn step<'t>(
    learned: &Learned,
    rest: &'t [u8],
    answers: &mut [Answer],
    bits: &mut [u64],
    truth: &mut Flip,
) -> Option<&'t [u8]> {
    let window: &[u8; WINDOW] = rest.first_chunk()?;
    let head = learned.head;
    if !head.matches(window.first_chunk()?) {
        return None;
    }
    let key = learned.len;
    // A key is read here only if its head holds it whole; the few longer than the words
    // compare their last bytes apart.
    if key > HEAD && (key > LONG_HEAD || !head.tail_matches(window.first_chunk()?)) {
        return None;
    }
    let value: &[u8; CODE_WINDOW] = window[key..].first_chunk()?;
    match learned.fast {
        Fast::YesNo {
            slot,
            not_sure,
            flips,
        } => {
            let (code, len) = yes_no(value, not_sure)?;
            *answers.get_mut(slot as usize)? = Answer::Code(code);
            if let Some(f) = flips.get(code as usize) {
                flip(truth, f);
            }
            rest.get(key + len..)
        }
        Fast::Code { slot, codes, flips } => {
            let (code, len) = codes.find_in(value)?;
            *answers.get_mut(slot as usize)? = Answer::Code(code);
            if let Some(f) = flips.get(code as usize) {
                flip(truth, f);
            }
            rest.get(key + len..)
        }
        Fast::Choices {
            slot,
            codes,
            bits_at,
            exclusive,
        } => {
            let len = choices(codes, rest, key, exclusive, bits.get_mut(bits_at as usize)?)?;
            *answers.get_mut(slot as usize)? = Answer::Codes(bits_at);
            rest.get(key + len..)
        }
        Fast::Number {
            slot,
            integer,
            min,
            max,
        } => {
            let (whole, len) = match small(value) {
                Some(small) => small,
                None => number(value, integer)?,
            };
            let n = match whole {
                Plain::Whole(n) => n as f64,
                Plain::Fraction(n) => n,
            };
            if !(min..=max).contains(&n) {
                return None;
            }
            // A fraction is read for a number question only (see `number`). A whole number
            // is kept whole, so it is not converted back from the float.
            *answers.get_mut(slot as usize)? = match whole {
                Plain::Whole(n) if integer => Answer::Int(n),
                _ => Answer::Num(n),
            };
            rest.get(key + len..)
        }
        Fast::General => None,
    }
}

/// `"no"`, `"yes"` or `"not_sure"` at the start of `window`: its code and length. The
/// first four bytes decide the usual two, with one load and one comparison each.
#[allow(clippy::inline_always)]
#[inline(always)]
fn yes_no(window: &[u8; CODE_WINDOW], not_sure: bool) -> Option<(u32, usize)> {
    let four = window.first_chunk::<4>().map(|b| u32::from_le_bytes(*b))?;
    if four == u32::from_le_bytes(*b"\"no\"") {
        return Some((1, 4));
    }
    if four == u32::from_le_bytes(*b"\"yes") && window[4] == b'"' {
        return Some((0, 5));
    }
    let word = window.first_chunk::<8>().map(|b| u64::from_le_bytes(*b))?;
    (not_sure && word == u64::from_le_bytes(*b"\"not_sur") && window[8..10] == *b"e\"")
        .then_some((2, 10))
}

/// The options of a multiple choice at `at`, a quoted code or a list of them, set in
/// `word` (the item's one word of bits): the length read. `None`, with `word` left, where
/// none is chosen or an `exclusive` option is not alone.
#[allow(clippy::inline_always)]
#[inline(always)]
fn choices(
    codes: &Quoted,
    line: &[u8],
    at: usize,
    exclusive: u64,
    word: &mut u64,
) -> Option<usize> {
    let (bits, len) = if line.get(at) == Some(&b'"') {
        let (code, len) = codes.find_in(line.get(at..)?.first_chunk()?)?;
        (1u64.checked_shl(code)?, len)
    } else if line.get(at) == Some(&b'[') {
        list(codes, line, at)?
    } else {
        return None;
    };
    let count = bits.count_ones();
    if count == 0 || (bits & exclusive != 0 && count > 1) {
        return None;
    }
    *word = bits;
    Some(len)
}

/// A list of the item's codes at `at` (its `[`), as bits: and the length read.
#[allow(clippy::inline_always)]
#[inline(always)]
fn list(codes: &Quoted, line: &[u8], at: usize) -> Option<(u64, usize)> {
    let mut end = at + 1;
    let mut bits = 0u64;
    loop {
        let (code, len) = codes.find_in(line.get(end..)?.first_chunk()?)?;
        // A code of an item of at most 64 options (see `Plan::Choices`).
        bits |= 1u64 << (code & 63);
        end += len + 1;
        match line.get(end - 1)? {
            b',' => {}
            b']' => return Some((bits, end - at)),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::key_value;
    use crate::batch::keys::{Key, Keys};
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
            "0.5",
            "0.05",
            "00.5",
            "0.",
            ".5",
            "1.2.3",
            "6.5e1",
            "6.5E1",
            "6.5-",
            "6.5+1",
            "12345678901234.5",
            "1234567890123.45",
            "123456789012345.6",
            "1.234567890123456",
            "99999999999999999.5",
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

    /// What was read here from `line` into `here`, to `len`, is what `predicted` reads.
    fn as_predicted(
        keys: &Keys,
        slot: usize,
        learned: &Learned,
        line: &[u8],
        len: usize,
        here: &Sheet,
    ) {
        let mut there = Sheet::new(keys.p);
        let mut at = learned.len;
        let general = key_value::answer(keys, slot, line, &mut at, &mut there);
        let shown = String::from_utf8_lossy(line);
        assert_eq!(general, Some(()), "{shown}");
        assert_eq!(len, at, "{shown}");
        assert_eq!(here.answers, there.answers, "{shown}");
        assert_eq!(here.bits, there.bits, "{shown}");
    }

    #[test]
    fn a_key_and_value_read_here_are_read_as_predicted_reads_them() {
        with_keys(agree);
    }

    fn agree(p: &Program, keys: &Keys) {
        let q = p.q;
        let mut read_here = 0;
        let mut tokens_read = 0;
        for (slot, item) in q.items().enumerate() {
            let before = read_here;
            let learned = keys.learned(Key::Slot(slot as u32), &item.id, true);
            let Key::Slot(_) = learned.key else {
                continue;
            };
            let mut keyed = learned.clone();
            keyed.tokens = None;
            for value in values(item) {
                let whole = format!(",\"{}\":{value},\"age\":40}}{}", item.id, " ".repeat(70));
                // Cut short too: the end of a line is left to `predicted`.
                for line in [&whole[..], whole.trim_end(), &whole[..whole.len() - 66]] {
                    let line = line.as_bytes();
                    let mut here = Sheet::new(p);
                    let found = read(&learned, line, 0, &mut here);
                    // Without the whole patterns of a yes/no key, the same.
                    let mut stepped = Sheet::new(p);
                    assert_eq!(found, read(&keyed, line, 0, &mut stepped));
                    assert_eq!(here.answers, stepped.answers);
                    assert_eq!(here.code_truth, stepped.code_truth);
                    let Some(len) = found else {
                        continue;
                    };
                    read_here += 1;
                    tokens_read += usize::from(learned.tokens.is_some());
                    assert!(learned.is_at(line, 0));
                    as_predicted(keys, slot, &learned, line, len, &here);
                }
            }
            // Every question's usual spellings are read here, not all handed on, but for a
            // key too long for a head.
            assert!(read_here > before || !learned.head.whole(), "{}", item.id);
        }
        // Most yes/no keys are read whole, `yes` and `no`.
        assert!(tokens_read > 100, "{tokens_read}");
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
        // A key longer than the head's words: its last bytes are compared too.
        let id = "recent_infection_or_procedure";
        let slot = q.slot(id).expect("a question");
        let learned = keys.learned(Key::Slot(slot as u32), id, true);
        assert!(learned.len > HEAD && learned.head.whole());
        for other in [
            "recent_infection_or_procedur",
            "recent_infection_or_proceduree",
            "recent_infection_or_proceduro",
            "recent_infection_or_procedure\\u0065",
            "recent_infection_or_proceXure",
        ] {
            let line = format!(",\"{other}\":\"yes\"}}{pad}");
            assert_eq!(
                read(&learned, line.as_bytes(), 0, &mut sheet),
                None,
                "{line}"
            );
        }
        let line = format!(",\"{id}\":\"no\"}}{pad}");
        assert_eq!(read(&learned, line.as_bytes(), 0, &mut sheet), Some(37));
        assert_eq!(sheet.answers[slot], Answer::Code(1));
    }

    #[test]
    fn the_last_keys_of_a_line_are_read_as_predicted_reads_them() {
        with_keys(last_keys);
    }

    /// A line's last key and value, closer to its end than a window, are read in a copy
    /// padded with zeros: as `predicted` reads them from the line itself, or not at all.
    fn last_keys(p: &Program, keys: &Keys) {
        let q = p.q;
        let mut read_here = 0;
        for (slot, item) in q.items().enumerate() {
            let learned = keys.learned(Key::Slot(slot as u32), &item.id, true);
            let Key::Slot(_) = learned.key else {
                continue;
            };
            for value in values(item) {
                for end in ["}", "", ",", " }", "}\n", ",\"age\":4"] {
                    let line = format!(",\"{}\":{value}{end}", item.id);
                    let shown = line.clone();
                    let line = line.as_bytes();
                    let mut here = Sheet::new(p);
                    let order = std::slice::from_ref(&learned);
                    let (n, at) = run(order, line, 0, &mut here);
                    if n == 0 {
                        assert_eq!(at, 0, "{shown}");
                        assert_eq!(here.answers, Sheet::new(p).answers, "{shown}");
                        continue;
                    }
                    read_here += 1;
                    as_predicted(keys, slot, &learned, line, at, &here);
                }
            }
        }
        assert!(read_here > 500, "{read_here}");
    }
}
