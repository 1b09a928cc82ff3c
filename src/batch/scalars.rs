//! The plain JSON pieces a compact line is made of, read in place: a key, a string without
//! escapes, a whole number, a literal. Each gives up (`None`) at anything less plain, so the
//! line goes to the general scanner instead.

use super::bytes::plain_len;
use super::value::Respondent;

/// A key at `at` written compactly, `"key":`, without escapes: its text and its length.
pub(super) fn key_at(line: &[u8], at: usize) -> Option<(&str, usize)> {
    let (text, len) = string_at(line, at)?;
    (line.get(at + len) == Some(&b':')).then_some((text, len + 1))
}

/// A string at `at` without escapes or control characters: its text and its length with
/// its quotes.
fn string_at(line: &[u8], at: usize) -> Option<(&str, usize)> {
    if line.get(at) != Some(&b'"') {
        return None;
    }
    let rest = line.get(at + 1..)?;
    let len = plain_len(rest)?;
    Some((std::str::from_utf8(&rest[..len]).ok()?, len + 2))
}

/// A respondent, or the value of a key that is not a question: a string without escapes,
/// a number, or a literal.
pub(super) fn scalar<'t>(line: &'t [u8], at: &mut usize) -> Option<Respondent<'t>> {
    Some(match *line.get(*at)? {
        b'"' => {
            let (text, len) = string_at(line, *at)?;
            *at += len;
            Respondent::Text(text)
        }
        b'-' | b'0'..=b'9' => Respondent::Json(serde_json::from_slice(number(line, at)).ok()?),
        b'n' if word(line, at, b"null") => Respondent::Json(serde_json::Value::Null),
        b't' if word(line, at, b"true") => Respondent::Json(true.into()),
        b'f' if word(line, at, b"false") => Respondent::Json(false.into()),
        _ => return None,
    })
}

/// The characters a JSON number can hold, from `at`.
pub(super) fn number<'t>(line: &'t [u8], at: &mut usize) -> &'t [u8] {
    let start = *at;
    while let Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') = line.get(*at) {
        *at += 1;
    }
    &line[start..*at]
}

/// A whole number without a sign, exponent or leading zero, of at most 15 digits (so exact
/// as an `f64`), read in one pass: the usual answer to an integer item, and what
/// [`json_number`] would make of it. `None`, with `at` left, for any other number.
pub(super) fn whole_number(line: &[u8], at: &mut usize) -> Option<f64> {
    let start = *at;
    let mut end = start;
    let mut n = 0u64;
    while let Some(&digit @ b'0'..=b'9') = line.get(end) {
        // Wrapping: a number too long to fit is refused below, not read.
        n = n.wrapping_mul(10).wrapping_add(u64::from(digit - b'0'));
        end += 1;
    }
    let digits = end - start;
    let plain = (1..=15).contains(&digits)
        && (digits == 1 || line[start] != b'0')
        && !matches!(line.get(end), Some(b'-' | b'+' | b'.' | b'e' | b'E'));
    if !plain {
        return None;
    }
    *at = end;
    Some(n as f64)
}

/// Takes `word` at `at` if it is there.
pub(super) fn word(line: &[u8], at: &mut usize, word: &[u8]) -> bool {
    let found = line.get(*at..).is_some_and(|rest| rest.starts_with(word));
    if found {
        *at += word.len();
    }
    found
}
