//! Reading a JSON line written as the previous one was: compact, the same keys in the same
//! order, each answer a code as the questionnaire spells it, a list of such codes, or a
//! number. That is every line of an export after the first, and reading it is comparing
//! each key and code a machine word at a time. At the first difference this gives up, and
//! the line is read again by the general scanner (`answer_line`), which accepts more.

use super::answer_line::{Read, Respondent};
use super::keys::{Key, Keys, Learned};
use super::pattern::is_at;
use super::value::{Choices, answer_of_bool, answer_of_number, json_number};
use crate::questionnaire::ItemType;
use crate::scoring::{Answer, Sheet};

/// Reads `line` as the keys `order` predicts into `sheet` (cleared) and `seen` (all false):
/// the respondent, or `None` at the first difference from the prediction.
pub(super) fn read<'t>(
    keys: &Keys,
    order: &[Learned],
    line: &'t [u8],
    sheet: &mut Sheet,
    seen: &mut [bool],
) -> Option<Read<'t>> {
    if order.is_empty() || line.first() != Some(&b'{') {
        return None;
    }
    let last = order.len() - 1;
    let mut at = 1;
    let mut respondent = None;
    for (n, learned) in order.iter().enumerate() {
        if !is_at(line, at, &learned.colon) {
            return None;
        }
        at += learned.colon.len();
        match learned.key {
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
        let end = if n == last { b'}' } else { b',' };
        if line.get(at) != Some(&end) {
            return None;
        }
        at += 1;
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
            let (code, len) = keys.code_at(slot, line, *at)?;
            *at += len;
            Some(Answer::Code(code))
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
    let mut choices = Choices::new(sheet, p.q.item_at(slot), &p.items[slot]);
    if line.get(*at) == Some(&b'"') {
        let (code, len) = keys.code_at(slot, line, *at)?;
        *at += len;
        choices.add_code(code);
        return choices.answer();
    }
    *at += 1;
    loop {
        let (code, len) = keys.code_at(slot, line, *at)?;
        choices.add_code(code);
        *at += len + 1;
        match line.get(*at - 1)? {
            b',' => {}
            b']' => return choices.answer(),
            _ => return None,
        }
    }
}

/// A respondent, or the value of a key that is not a question: a string without escapes,
/// a number, or a literal.
fn scalar<'t>(line: &'t [u8], at: &mut usize) -> Option<Respondent<'t>> {
    Some(match *line.get(*at)? {
        b'"' => {
            let rest = line.get(*at + 1..)?;
            let len = rest
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
            if rest[len] != b'"' {
                return None;
            }
            *at += len + 2;
            Respondent::Text(std::str::from_utf8(&rest[..len]).ok()?)
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
