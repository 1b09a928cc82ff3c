//! Learning the keys a line has that the previous line did not (a line whose keys vary
//! from line to line has a dozen): each found by its text's signature and compared whole,
//! its value read as the fast loop reads it, and its learned form copied from the one made
//! once for the reader.

use super::fast;
use super::key_value::{answer, value};
use super::keys::{Key, Keys, Learned};
use super::scalars::key_at;
use super::value::Respondent;
use crate::scoring::program::code_bits::Flip;
use crate::scoring::{Answer, Sheet};

/// Every question's and respondent key's [`Learned`], without the comma before it and
/// with, made once for a reader: a line whose keys vary learns a dozen a line, each then a
/// copy of one of these rather than made again.
pub struct Known<'k> {
    /// By slot, then by respondent key.
    by_key: Vec<[Learned<'k>; 2]>,
}

impl<'k> Known<'k> {
    pub fn new(keys: &'k Keys<'k>) -> Known<'k> {
        let slots = (0..keys.items()).map(|slot| Key::Slot(slot as u32));
        let ids = (0..keys.ids()).map(Key::Id);
        Known {
            by_key: (slots.chain(ids))
                .map(|key| [false, true].map(|comma| keys.learned(key, "", comma)))
                .collect(),
        }
    }

    /// The question whose key is at `at` of `line` (see [`Keys::slot_at`]): its slot, and
    /// its learned key without the comma before it and with.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub fn question_at(
        &self,
        keys: &Keys,
        line: &[u8],
        at: usize,
    ) -> Option<(usize, &[Learned<'k>; 2])> {
        let slot = keys.slot_at(line, at)?;
        Some((slot, self.by_key.get(slot)?))
    }

    /// `keys.learned(key, text, comma)`.
    #[inline]
    pub fn learned(&self, keys: &'k Keys<'k>, key: Key, text: &str, comma: bool) -> Learned<'k> {
        let at = match key {
            Key::Slot(slot) => slot as usize,
            Key::Id(n) => keys.items() + n,
            Key::Unknown => return keys.learned(key, text, comma),
        };
        match self.by_key.get(at) {
            Some(both) => both[usize::from(comma)].clone(),
            None => keys.learned(key, text, comma),
        }
    }
}

/// Keys the previous line did not have from place `n` on: read, looked up and learned, to
/// the end of the object.
#[allow(clippy::too_many_arguments)]
pub(super) fn learn<'t, 'k>(
    keys: &'k Keys<'k>,
    known: &Known<'k>,
    order: &mut Vec<Learned<'k>>,
    mut n: usize,
    line: &'t [u8],
    at: &mut usize,
    sheet: &mut Sheet,
    seen: &mut [bool],
    respondent: &mut Option<Respondent<'t>>,
) -> Option<()> {
    // The keys before are not marked when read as `unique` learned keys: a key read here
    // must not repeat them.
    for learned in order.get(..n)? {
        if let Key::Slot(slot) = learned.key {
            *seen.get_mut(slot as usize)? = true;
        }
    }
    loop {
        if n > 0 {
            // From the comma before the key on, as many keys as can be in a loop of their own.
            let (read, to) = found(keys, known, order, n, line, *at - 1, sheet, seen);
            if read > 0 {
                n += read;
                *at = to;
                if next(line, at)? {
                    order.truncate(n);
                    return Some(());
                }
            }
        }
        // A question found whole: its value read as the fast loop reads it, or else as
        // `answer` reads it.
        if let Some((slot, both)) = known.question_at(keys, line, *at) {
            if std::mem::replace(seen.get_mut(slot)?, true) {
                return None;
            }
            let (read, to) = fast::run(std::slice::from_ref(&both[0]), line, *at, sheet);
            if read == 1 {
                *at = to;
            } else {
                *at += both[0].len;
                answer(keys, slot, line, at, sheet)?;
            }
            order.truncate(n);
            order.push(both[usize::from(n > 0)].clone());
            n += 1;
            if next(line, at)? {
                order.truncate(n);
                return Some(());
            }
            continue;
        }
        // The question after the previous key's, or a key read and looked up.
        let after = match n.checked_sub(1).and_then(|last| order.get(last)) {
            Some(Learned {
                key: Key::Slot(slot),
                ..
            }) => keys.after(*slot, line, *at),
            _ => None,
        };
        let (key, text, len) = if let Some((key, len)) = after.or_else(|| keys.find(line, *at)) {
            (key, "", len)
        } else {
            let (text, len) = key_at(line, *at)?;
            (keys.classify(text)?, text, len)
        };
        order.truncate(n);
        order.push(known.learned(keys, key, text, n > 0));
        *at += len;
        value(keys, key, line, at, sheet, seen, respondent)?;
        n += 1;
        if next(line, at)? {
            order.truncate(n);
            return Some(());
        }
    }
}

/// Questions the previous line did not have, from `at` of `line` (the comma before one)
/// on, for as long as each is found by its text's signature (see [`Keys::candidate_at`]) and
/// read as the fast loop reads a learned key, which compares the key whole; each learned
/// from place `n` of `order` on, and marked in `seen`: how many, and where they end. The
/// last keys of the line, closer to its end than a window, are read in a copy padded with
/// zeros, as `fast::run` reads them.
// Not inlined: the loop keeps the sheet's code bits in registers, as `fast::run` does.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn found<'k>(
    keys: &'k Keys<'k>,
    known: &Known<'k>,
    order: &mut Vec<Learned<'k>>,
    n: usize,
    line: &[u8],
    at: usize,
    sheet: &mut Sheet,
    seen: &mut [bool],
) -> (usize, usize) {
    let Sheet {
        answers,
        bits,
        code_truth,
        ..
    } = sheet;
    let mut flipped = *code_truth;
    let mut lists: Lists = (answers, bits, &mut flipped);
    order.truncate(n);
    let rest = line.get(at..).unwrap_or_default();
    let (mut read, left) = each(keys, known, order, rest, &mut lists, seen);
    let mut at = line.len() - left.len();
    if !left.is_empty() && left.len() < fast::WINDOW {
        let mut padded = [0u8; 2 * fast::WINDOW];
        padded[..left.len()].copy_from_slice(left);
        let (more, after) = each(keys, known, order, &padded, &mut lists, seen);
        read += more;
        at += padded.len() - after.len();
    }
    *code_truth = flipped;
    (read, at)
}

/// The sheet's answers, words of bits and code bits, as [`fast::keys`] reads into them.
type Lists<'s> = (&'s mut [Answer], &'s mut [u64], &'s mut Flip);

/// [`found`]'s loop, from the start of `rest` while it has a window: how many keys it read,
/// and what is left of `rest`.
#[allow(clippy::inline_always)]
#[inline(always)]
fn each<'t, 'k>(
    keys: &'k Keys<'k>,
    known: &Known<'k>,
    order: &mut Vec<Learned<'k>>,
    mut rest: &'t [u8],
    (answers, bits, flipped): &mut Lists,
    seen: &mut [bool],
) -> (usize, &'t [u8]) {
    let mut read = 0;
    while rest.len() >= fast::WINDOW {
        let Some(slot) = keys.candidate_at(rest, 1) else {
            break;
        };
        // A question read before in this line is left to `learn`, which refuses the line.
        let (Some(both), Some(seen @ false)) = (known.by_key.get(slot), seen.get_mut(slot)) else {
            break;
        };
        let learned = &both[1];
        let (one, after) = fast::keys(std::slice::from_ref(learned), rest, answers, bits, flipped);
        if one == 0 {
            break;
        }
        rest = after;
        *seen = true;
        order.push(learned.clone());
        read += 1;
    }
    (read, rest)
}

/// Past the comma before the next key, or the brace that ends the object: whether it was
/// the brace, or `None` for anything else.
fn next(line: &[u8], at: &mut usize) -> Option<bool> {
    let end = match line.get(*at)? {
        b',' => false,
        b'}' => true,
        _ => return None,
    };
    *at += 1;
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::record::Columns;
    use crate::scoring::Program;
    use crate::testing::embedded;

    /// A key learned as a copy of the one made once is the key made anew.
    #[test]
    fn a_known_key_is_the_key_learned_anew() {
        let q = embedded();
        let p = Program::for_many(&q);
        let cols = Columns::with_id(None, true);
        let keys = Keys::new(&p, &cols);
        let known = Known::new(&keys);
        let mut tokens = 0;
        let slots = (0..keys.items()).map(|slot| Key::Slot(slot as u32));
        let ids = (0..cols.id_keys.len()).map(Key::Id);
        for key in slots.chain(ids).chain([Key::Unknown]) {
            for comma in [false, true] {
                let copy = known.learned(&keys, key, "x", comma);
                let anew = keys.learned(key, "x", comma);
                assert_eq!(format!("{copy:?}"), format!("{anew:?}"));
                tokens += usize::from(copy.tokens.is_some());
            }
        }
        assert!(tokens > 80, "{tokens}");
    }
}
