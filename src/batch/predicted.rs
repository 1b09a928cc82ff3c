//! Reading a compact JSON line whose answers are codes as the questionnaire spells them, lists
//! of such codes, or numbers: every line of an export. Each key is compared with the key the
//! previous line had at that place (the same, in an export, so reading a key is one
//! comparison), and only a key that differs is read and looked up. At anything else (space,
//! an escape, an answer spelt another way) this gives up, and the line is read again by the
//! general scanner (`answer_line`), which accepts more.

use super::keys::{Key, Keys, Learned};
use super::pattern::is_at;
use super::value::{Chosen, Read, Respondent, answer_of_bool, answer_of_number, json_number};
use crate::questionnaire::ItemType;
use crate::scoring::{Answer, Sheet};

/// Reads `line` into `sheet` (cleared) and `seen` (all false), keys predicted by `order`,
/// which learns the line's keys: the respondent, or `None` where the line is not so simple.
pub(super) fn read<'t, 'k>(
    keys: &'k Keys,
    order: &mut Vec<Learned<'k>>,
    line: &'t [u8],
    sheet: &mut Sheet,
    seen: &mut [bool],
) -> Option<Read<'t>> {
    if line.first() != Some(&b'{') || line.get(1) == Some(&b'}') {
        return None;
    }
    let mut at = 1;
    let mut respondent = None;
    for n in 0.. {
        let key = match order.get(n) {
            Some(learned) if is_at(line, at, &learned.colon) => {
                at += learned.colon.len();
                learned.key
            }
            _ => {
                let (text, len) = key_at(line, at)?;
                let key = keys.classify(text)?;
                order.truncate(n);
                order.push(keys.learned(key, text));
                at += len;
                key
            }
        };
        match key {
            Key::Slot(slot) => {
                let slot = slot as usize;
                if std::mem::replace(&mut seen[slot], true) {
                    return None;
                }
                sheet.answers[slot] = answer(keys, slot, line, &mut at, sheet)?;
            }
            Key::Id(_) => {
                if respondent.is_some() {
                    return None;
                }
                respondent = Some(scalar(line, &mut at)?);
            }
            Key::Unknown => {
                scalar(line, &mut at)?;
            }
        }
        match line.get(at) {
            Some(b',') => at += 1,
            Some(b'}') => {
                at += 1;
                order.truncate(n + 1);
                break;
            }
            _ => return None,
        }
    }
    let rest = line.get(at..).unwrap_or_default();
    (rest.iter().all(|b| b" \t\r\n".contains(b))).then_some(Read { respondent })
}

/// An answer spelt as the questionnaire spells it, checked as `answers::check` checks it.
fn answer(
    keys: &Keys,
    slot: usize,
    line: &[u8],
    at: &mut usize,
    sheet: &mut Sheet,
) -> Option<Answer> {
    let kind = keys.slots[slot].kind;
    match *line.get(*at)? {
        b'"' if kind != ItemType::MultipleChoice => {
            Some(Answer::Code(take_code(keys, slot, line, at)?))
        }
        b'"' | b'[' => choices(keys, slot, line, at, sheet),
        b'-' | b'0'..=b'9' => {
            answer_of_number(keys.p.q.item_at(slot), json_number(number(line, at))?)
        }
        b'n' => word(line, at, b"null").then_some(Answer::None),
        b't' => word(line, at, b"true").then(|| answer_of_bool(keys.p.q.item_at(slot), true))?,
        b'f' => word(line, at, b"false").then(|| answer_of_bool(keys.p.q.item_at(slot), false))?,
        _ => None,
    }
}

/// A multiple choice: one code, or a list of them.
fn choices(
    keys: &Keys,
    slot: usize,
    line: &[u8],
    at: &mut usize,
    sheet: &mut Sheet,
) -> Option<Answer> {
    let p = keys.p;
    if keys.slots[slot].kind != ItemType::MultipleChoice {
        return None;
    }
    let mut choices = Chosen::new(sheet, p.q.item_at(slot), &p.items[slot]);
    if line.get(*at) == Some(&b'"') {
        choices.add_code(take_code(keys, slot, line, at)?);
        return choices.answer();
    }
    *at += 1;
    loop {
        choices.add_code(take_code(keys, slot, line, at)?);
        *at += 1;
        match line.get(*at - 1)? {
            b',' => {}
            b']' => return choices.answer(),
            _ => return None,
        }
    }
}

/// The item's code quoted at `at`, taken.
// Measured: left to the compiler this stays a call in the hottest loop, 6% more instructions.
#[allow(clippy::inline_always)]
#[inline(always)]
fn take_code(keys: &Keys, slot: usize, line: &[u8], at: &mut usize) -> Option<u32> {
    let (code, len) = keys.code_at(slot, line, *at)?;
    *at += len;
    Some(code)
}

/// A key at `at` written compactly, `"key":`, without escapes: its text and its length.
fn key_at(line: &[u8], at: usize) -> Option<(&str, usize)> {
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
    let len = rest
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
    if rest[len] != b'"' {
        return None;
    }
    Some((std::str::from_utf8(&rest[..len]).ok()?, len + 2))
}

/// A respondent, or the value of a key that is not a question: a string without escapes,
/// a number, or a literal.
fn scalar<'t>(line: &'t [u8], at: &mut usize) -> Option<Respondent<'t>> {
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
fn number<'t>(line: &'t [u8], at: &mut usize) -> &'t [u8] {
    let start = *at;
    while let Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') = line.get(*at) {
        *at += 1;
    }
    &line[start..*at]
}

/// Takes `word` at `at` if it is there.
fn word(line: &[u8], at: &mut usize, word: &[u8]) -> bool {
    let found = line.get(*at..).is_some_and(|rest| rest.starts_with(word));
    if found {
        *at += word.len();
    }
    found
}
