//! Reading a compact JSON line whose answers are codes as the questionnaire spells them, lists
//! of such codes, or numbers: every line of an export. Each key is compared with the key the
//! previous line had at that place (the same, in an export, so reading a key is one
//! comparison), and only a key that differs is read and looked up. At anything else (space,
//! an escape, an answer spelt another way) this gives up, and the line is read again by the
//! general scanner (`answer_line`), which accepts more.

use super::fast;
use super::key_value::{answer, value};
use super::keys::{Key, Keys, Learned};
use super::known::{Known, learn};
use super::plan::Fast;
use super::value::Read;
use crate::scoring::Sheet;

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
