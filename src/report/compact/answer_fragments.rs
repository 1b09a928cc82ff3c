//! The text of every item's codes and every score's key, prerendered once per run for the
//! full writer: apart from `answers.rs`, which writes a record with it, so the fragments a
//! run makes and the record written from them do not depend on each other.

use crate::questionnaire::{ItemType, Questionnaire};
use crate::report::pieces::{Pieces, WINDOW};
use crate::scoring::{Answer, Sheet};

/// The text of every item's codes, made once per run.
pub(super) struct AnswerFragments {
    /// By item and code (where an item's codes start: see `by_id`): `,"id":"code"`; after the item's codes, the text
    /// of a code it does not have, `,"id":""`. The comma comes with the piece: one copy
    /// where a separator and a piece were two, for most of a record's answers.
    pub(super) keyed: Pieces,
    /// The same positions: `"code"` (and `""`), for the first of a list of choices, and
    /// `,"code"` for the others.
    pub(super) code: Pieces,
    pub(super) more: Pieces,
    /// By slot: `,"id":`, and `,"id":[` to open a list of choices.
    pub key: Pieces,
    pub open: Pieces,
    /// The items in id order, the order a result lists answers in: each one's slot and
    /// where its codes start in `keyed`, `code` and `more` with how many it has, so that the
    /// answers loop looks nothing else up.
    pub(super) by_id: Vec<(usize, (u32, u32))>,
    /// By slot: where its codes start, with how many it has (as in `by_id`).
    pub(super) base: Vec<(u32, u32)>,
    /// By score: `,"id":`.
    pub(super) score_key: Vec<Vec<u8>>,
    /// By slot, for multiple choices of at most [`FEW`] options: `,"id":[…]` for every
    /// choice of them, by the choice's bits. Writing a list code by code cost more than
    /// the rest of an answer; these items have a few hundred lists between them.
    choices: Vec<Pieces>,
    /// By slot, for integer items: `,"id":n` for whole numbers from 0 below [`INTS`]:
    /// ratings and ages, about one answer in ten of a full questionnaire, that were the
    /// costliest answers to write after lists.
    ints: Vec<Pieces>,
    /// Room for every item's longest piece in any of these tables, and a window after them:
    /// what a run of answers written as pieces can take (see [`Pieces::put`]).
    pub(super) room: usize,
}

/// Integer answers from 0 below this have their text prerendered.
const INTS: i64 = 128;

/// Multiple choices with this many options or fewer have every list prerendered.
const FEW: usize = 8;

impl AnswerFragments {
    pub fn new(q: &Questionnaire) -> AnswerFragments {
        let (mut keyed, mut code, mut more): (Pieces, Pieces, Pieces) = Default::default();
        let (mut base, mut longest_code) = (Vec::new(), Vec::new());
        // Ids and codes are validated `[a-z0-9_]`: nothing to escape.
        let key: Vec<String> = q.items().map(|i| format!(r#","{}":"#, i.id)).collect();
        for (item, key) in q.items().zip(&key) {
            let codes = item.codes();
            base.push((code.len() as u32, codes.len() as u32));
            let mut longest = 0;
            for c in codes.iter().copied().chain([""]) {
                let quoted = format!(r#""{c}""#);
                let piece = format!("{key}{quoted}");
                longest = piece.len().max(longest);
                keyed.push(piece.as_bytes());
                more.push(format!(",{quoted}").as_bytes());
                code.push(quoted.as_bytes());
            }
            longest_code.push(longest);
        }
        let choices: Vec<Pieces> = (q.items().zip(&key).zip(&base))
            .map(|((item, key), &base)| {
                let few = item.kind == ItemType::MultipleChoice && item.codes().len() <= FEW;
                let lists = if few { 1 << item.codes().len() } else { 0 };
                Pieces::of((0..lists).map(|word: u64| {
                    let mut list = format!("{key}[").into_bytes();
                    let chosen = (0..64u32).filter(|&bit| word >> bit & 1 == 1);
                    for (n, option) in chosen.enumerate() {
                        let pieces = if n == 0 { &code } else { &more };
                        pieces.append(&mut list, at(base, option));
                    }
                    list.push(b']');
                    list
                }))
            })
            .collect();
        let ints: Vec<Pieces> = (q.items().zip(&key))
            .map(|(item, key)| {
                let ints = if item.kind == ItemType::Integer {
                    INTS
                } else {
                    0
                };
                Pieces::of((0..ints).map(|n| format!("{key}{n}")))
            })
            .collect();
        let by_id = (q.index.by_id.iter())
            .map(|&slot| (slot, base[slot]))
            .collect();
        let room = (longest_code.iter().zip(choices.iter().zip(&ints)))
            .map(|(&code, (choices, ints))| code.max(choices.longest()).max(ints.longest()))
            .sum::<usize>()
            + WINDOW;
        AnswerFragments {
            room,
            by_id,
            base,
            keyed,
            code,
            more,
            open: Pieces::of(key.iter().map(|key| format!("{key}["))),
            key: Pieces::of(&key),
            choices,
            ints,
            score_key: (q.scores.iter())
                .map(|s| format!(r#","{}":"#, s.id).into_bytes())
                .collect(),
        }
    }
}

impl AnswerFragments {
    /// The table and place of the prerendered text of an answer that is not one code, if
    /// it has one: a short list of choices, or a small whole number.
    #[inline]
    pub(super) fn piece(
        &self,
        sheet: &Sheet,
        slot: usize,
        answer: Answer,
    ) -> Option<(&Pieces, usize)> {
        let (pieces, n) = match answer {
            Answer::Codes(chosen) => {
                let choices = &self.choices[slot];
                // Prerendered lists are of items whose options fit one word.
                let word = *sheet.bits.get(chosen as usize)?;
                (choices, usize::try_from(word).ok()?)
            }
            Answer::Int(n) => (&self.ints[slot], usize::try_from(n).ok()?),
            _ => return None,
        };
        (n < pieces.len()).then_some((pieces, n))
    }
}

/// Where code `n` is among the pieces of an item whose `base` is `(start, count)`.
#[inline]
pub(super) fn at((base, count): (u32, u32), n: u32) -> usize {
    (base + n.min(count)) as usize
}
