//! One key's value read from a line into the sheet, as `predicted` reads a key whose text
//! it has compared and `known` a key it has found by its signature: a code spelt as the
//! questionnaire spells it, a list of them, a number, a literal, or the respondent.

use super::keys::{Key, Keys};
use super::scalars::{number, scalar, whole_number, word};
use super::value::{
    Chosen, Respondent, answer_of_bool, answer_of_number, answer_of_whole, json_number,
};
use crate::questionnaire::ItemType;
use crate::scoring::{Answer, Sheet};

/// The value of `key` at `at`, read into `sheet` or `respondent`.
// Inlined in `read`'s loop and in `learn`'s, as one key's work is a few dozen instructions.
#[allow(clippy::inline_always)]
#[inline(always)]
pub(super) fn value<'t>(
    keys: &Keys,
    key: Key,
    line: &'t [u8],
    at: &mut usize,
    sheet: &mut Sheet,
    seen: &mut [bool],
    respondent: &mut Option<Respondent<'t>>,
) -> Option<()> {
    match key {
        Key::Slot(slot) => {
            let slot = slot as usize;
            if std::mem::replace(seen.get_mut(slot)?, true) {
                return None;
            }
            answer(keys, slot, line, at, sheet)?;
        }
        Key::Id(_) => {
            if respondent.is_some() {
                return None;
            }
            *respondent = Some(scalar(line, at)?);
        }
        Key::Unknown => {
            scalar(line, at)?;
        }
    }
    Some(())
}

/// An answer spelt as the questionnaire spells it, checked as `answers::check` checks it,
/// set in `sheet`. A code (most answers) is read here; anything else by a call, so the loop
/// stays small.
#[allow(clippy::inline_always)]
#[inline(always)]
pub(super) fn answer(
    keys: &Keys,
    slot: usize,
    line: &[u8],
    at: &mut usize,
    sheet: &mut Sheet,
) -> Option<()> {
    let read = keys.slots.get(slot)?;
    let answer = match (read.kind, line.get(*at)) {
        (ItemType::MultipleChoice, _) => other_answer(keys, slot, line, at, sheet)?,
        (_, Some(b'"')) => {
            let (code, len) = read.codes.find(line, *at)?;
            *at += len;
            Answer::Code(code)
        }
        (ItemType::Integer | ItemType::Number, Some(b'0'..=b'9')) => match whole_number(line, at) {
            Some(n) => answer_of_whole(read.item, n)?,
            None => other_answer(keys, slot, line, at, sheet)?,
        },
        _ => other_answer(keys, slot, line, at, sheet)?,
    };
    *sheet.answers.get_mut(slot)? = answer;
    if let (Answer::Code(n), Some(c)) = (answer, keys.p.code_bits()) {
        sheet.flip_code(c, slot, n);
    }
    Some(())
}

/// An answer that is not one code or a whole number: choices, another number, a boolean
/// or null.
#[inline(never)]
fn other_answer(
    keys: &Keys,
    slot: usize,
    line: &[u8],
    at: &mut usize,
    sheet: &mut Sheet,
) -> Option<Answer> {
    match *line.get(*at)? {
        b'"' | b'[' => choices(keys, slot, line, at, sheet),
        b'0'..=b'9' => {
            let item = keys.slots.get(slot)?.item;
            match whole_number(line, at) {
                Some(n) => answer_of_whole(item, n),
                None => answer_of_number(item, json_number(number(line, at))?),
            }
        }
        b'-' => answer_of_number(keys.slots.get(slot)?.item, json_number(number(line, at))?),
        b'n' => word(line, at, b"null").then_some(Answer::None),
        b't' => {
            word(line, at, b"true").then(|| answer_of_bool(keys.slots.get(slot)?.item, true))?
        }
        b'f' => {
            word(line, at, b"false").then(|| answer_of_bool(keys.slots.get(slot)?.item, false))?
        }
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
    let read = keys.slots.get(slot)?;
    if read.kind != ItemType::MultipleChoice {
        return None;
    }
    let mut choices = Chosen::new(sheet, read.item, keys.p.items.get(slot)?);
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
// Measured: left to the compiler this stays a call in the loop over choices.
#[allow(clippy::inline_always)]
#[inline(always)]
fn take_code(keys: &Keys, slot: usize, line: &[u8], at: &mut usize) -> Option<u32> {
    let (code, len) = keys.code_at(slot, line, *at)?;
    *at += len;
    Some(code)
}
