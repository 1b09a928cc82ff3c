//! A result's suggestions, `{"id":…,"text":…,"for":[…],"evidence":…}`. Which targets a
//! suggestion lists depends on the record (those it is for that are not unlikely), but a
//! suggestion is for a few targets at most, so its entry is prerendered for every choice of
//! them and a record copies one: writing the head, the ids and the tail cost three copies
//! and a loop, for the ten or so suggestions of a heavy record.

use super::fragment;
use super::list;
use crate::questionnaire::{Questionnaire, Suggestion};
use crate::report::pieces::Pieces;
use crate::scoring::assessment::Likelihood;
use crate::scoring::targets;

/// Suggestions for at most this many targets have every entry prerendered.
const FEW: usize = 4;

pub(super) struct Suggestions {
    /// By suggestion: `{"id":…,"text":…,"for":[` and `],"evidence":…}`
    parts: Vec<(Vec<u8>, Vec<u8>)>,
    /// By target (patterns, then causes): `"id"`.
    target: Pieces,
    /// By suggestion for at most [`FEW`] targets, by which of them are listed (bit `i` for
    /// the `i`th it is for): its whole entry.
    entries: Vec<Vec<Vec<u8>>>,
}

impl Suggestions {
    pub fn new(q: &Questionnaire) -> Suggestions {
        let mut all = Suggestions {
            parts: q.suggestions.iter().map(parts).collect(),
            target: Pieces::of(
                (q.patterns.iter().chain(&q.causes)).map(|t| format!(r#""{}""#, t.id)),
            ),
            entries: Vec::new(),
        };
        all.entries = (q.index.suggestion_for.iter().enumerate())
            .map(|(n, fors)| {
                let choices = if fors.len() <= FEW {
                    1 << fors.len()
                } else {
                    0
                };
                (0..choices)
                    .map(|listed: usize| {
                        let mut entry = Vec::new();
                        let chosen = (fors.iter().enumerate())
                            .filter(|&(i, _)| listed >> i & 1 == 1)
                            .map(|(_, &t)| t);
                        all.entry(&mut entry, n, chosen);
                        entry
                    })
                    .collect()
            })
            .collect();
        all
    }

    /// Appends suggestion `n`'s entry, listing the targets it is for that `levels` (by
    /// target) do not leave unlikely.
    pub fn write(&self, buf: &mut Vec<u8>, q: &Questionnaire, n: usize, levels: &[Likelihood]) {
        let entries = &self.entries[n];
        if entries.is_empty() {
            self.entry(buf, n, targets(q, n, levels));
            return;
        }
        let listed = (q.index.suggestion_for[n].iter().enumerate()).fold(0, |listed, (i, &t)| {
            listed | usize::from(levels[t] > Likelihood::Unlikely) << i
        });
        buf.extend_from_slice(&entries[listed]);
    }

    /// Suggestion `n`'s entry listing `listed`.
    fn entry(&self, buf: &mut Vec<u8>, n: usize, listed: impl Iterator<Item = usize>) {
        let (head, tail) = &self.parts[n];
        buf.extend_from_slice(head);
        list(buf, listed, |buf, t| self.target.append(buf, t));
        buf.extend_from_slice(tail);
    }
}

/// `{"id":…,"text":…,"for":[` and `],"evidence":…}`
fn parts(s: &Suggestion) -> (Vec<u8>, Vec<u8>) {
    (
        fragment(&[
            (r#"{"id":"#, Some(&s.id)),
            (r#","text":"#, Some(&s.text)),
            (r#","for":["#, None),
        ]),
        fragment(&[(r#"],"evidence":"#, Some(&s.evidence)), ("}", None)]),
    )
}
