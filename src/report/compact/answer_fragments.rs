//! The text of every item's codes and every score's key, prerendered once per run for the
//! full writer: apart from `answers.rs`, which writes a record with it, so the fragments a
//! run makes and the record written from them do not depend on each other.

use crate::questionnaire::Questionnaire;
use crate::report::pieces::Pieces;

/// The text of every item's codes, made once per run.
pub(super) struct AnswerFragments {
    /// By item and code, from `base[slot]`: `,"id":"code"`; after the item's codes, the text
    /// of a code it does not have, `,"id":""`. The comma comes with the piece: one copy
    /// where a separator and a piece were two, for most of a record's answers.
    pub(super) keyed: Pieces,
    /// The same positions: `"code"` (and `""`), for lists of choices.
    pub(super) code: Pieces,
    /// By slot: where its codes start in `keyed` and `code`, and how many it has.
    base: Vec<(u32, u32)>,
    /// By slot: `,"id":`.
    pub key: Vec<Vec<u8>>,
    /// The items in id order, the order a result lists answers in: each one's slot and
    /// `base`, so that the answers loop looks nothing else up.
    pub(super) by_id: Vec<(usize, (u32, u32))>,
    /// By score: `"id":`.
    pub(super) score_key: Vec<Vec<u8>>,
}

impl AnswerFragments {
    pub fn new(q: &Questionnaire) -> AnswerFragments {
        let (mut keyed, mut code, mut base) = (Pieces::default(), Pieces::default(), Vec::new());
        // Ids and codes are validated `[a-z0-9_]`: nothing to escape.
        let key: Vec<Vec<u8>> = (q.items())
            .map(|i| format!(r#","{}":"#, i.id).into_bytes())
            .collect();
        for (item, key) in q.items().zip(&key) {
            let codes = item.codes();
            base.push((code.len() as u32, codes.len() as u32));
            for c in codes.iter().copied().chain([""]) {
                let quoted = format!(r#""{c}""#).into_bytes();
                keyed.push(&[&key[..], &quoted].concat());
                code.push(&quoted);
            }
        }
        let by_id = (q.index.by_id.iter())
            .map(|&slot| (slot, base[slot]))
            .collect();
        AnswerFragments {
            by_id,
            keyed,
            code,
            base,
            key,
            score_key: (q.scores.iter())
                .map(|s| format!(r#""{}":"#, s.id).into_bytes())
                .collect(),
        }
    }

    /// Where code `n` of the item at `slot` is, or the item's "no such code".
    pub(super) fn at(&self, slot: usize, n: u32) -> usize {
        at(self.base[slot], n)
    }
}

/// Where code `n` is among the pieces of an item whose `base` is `(start, count)`.
#[inline]
pub(super) fn at((base, count): (u32, u32), n: u32) -> usize {
    (base + n.min(count)) as usize
}
