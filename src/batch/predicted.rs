//! Reading a compact JSON line whose answers are codes as the questionnaire spells them, lists
//! of such codes, or numbers: every line of an export. Each key is compared with the key the
//! previous line had at that place (the same, in an export, so reading a key is one
//! comparison), and only a key that differs is read and looked up. At anything else (space,
//! an escape, an answer spelt another way) this gives up, and the line is read again by the
//! general scanner (`answer_line`), which accepts more.

use super::fast;
use super::keys::{Key, Keys, Learned};
use super::known::{Known, learn};
use super::plan::Fast;
use super::scalars::{number, scalar, whole_number, word};
use super::value::{
    Chosen, Read, Respondent, answer_of_bool, answer_of_number, answer_of_whole, json_number,
};
use crate::questionnaire::ItemType;
use crate::scoring::{Answer, Sheet};

/// Reads `line` into `sheet` (cleared) and `seen` (all false), keys predicted by `order`,
/// which learns the line's keys: the respondent, or `None` where the line is not so simple.
/// `unique`: `order` has no question twice (see `LineReader`). With the respondent, whether
/// the line's keys were all of `order`'s, as they were.
pub(super) fn read<'t, 'k>(
    keys: &'k Keys<'k>,
    known: &Known<'k>,
    order: &mut Vec<Learned<'k>>,
    unique: bool,
    line: &'t [u8],
    sheet: &mut Sheet,
    seen: &mut [bool],
) -> Option<(Read<'t>, bool)> {
    if line.first() != Some(&b'{') || line.get(1) == Some(&b'}') {
        return None;
    }
    // Every code answer from here on is flipped in the sheet's code bits: the sheet is
    // clear, or every slot is read again (a line after one with every question).
    if let Some(c) = keys.p.code_bits() {
        sheet.start_codes(c);
    }
    let mut at = 1;
    let mut respondent = None;
    // Keys as the previous line had them, each with the comma before it, in a loop of its
    // own: it changes nothing in `order`, so what it needs stays in registers.
    let mut n = 0;
    loop {
        if unique
            && order
                .get(n)
                .is_some_and(|l| !matches!(l.fast, Fast::General))
        {
            // As many keys as can be, read in a loop of their own (see `fast`).
            let (read, to) = fast::run(order.get(n..).unwrap_or_default(), line, at, sheet);
            n += read;
            at = to;
        }
        let Some(learned) = order.get(n) else {
            break;
        };
        if !learned.is_at(line, at) {
            break;
        }
        at += learned.len;
        match learned.key {
            // The keys so far are the learned ones, none twice: no need to look for repeats.
            Key::Slot(slot) if unique => answer(keys, slot as usize, line, &mut at, sheet)?,
            key => value(keys, key, line, &mut at, sheet, seen, &mut respondent)?,
        }
        n += 1;
    }
    let mut kept = false;
    let more = match line.get(at) {
        Some(b'}') if n > 0 => {
            at += 1;
            kept = n == order.len();
            order.truncate(n);
            false
        }
        Some(b',') if n > 0 => {
            at += 1;
            true
        }
        _ if n == 0 => true,
        _ => return None,
    };
    if more {
        learn(
            keys,
            known,
            order,
            n,
            line,
            &mut at,
            sheet,
            seen,
            &mut respondent,
        )?;
    }
    let rest = line.get(at..).unwrap_or_default();
    (rest.iter().all(|b| b" \t\r\n".contains(b))).then_some((Read { respondent }, kept))
}

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
