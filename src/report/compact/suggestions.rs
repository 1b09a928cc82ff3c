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
    /// By suggestion: the targets it is for, if at most [`FEW`], and where its entries
    /// start in `spans`; held here, not looked up through the questionnaire's index.
    few: Vec<Option<Few>>,
    /// By suggestion for at most [`FEW`] targets, by which of them are listed (bit `i` for
    /// the `i`th it is for): where its whole entry, after a comma, is in `text`.
    spans: Vec<(u32, u32)>,
    text: Vec<u8>,
}

struct Few {
    targets: [u32; FEW],
    count: usize,
    first: usize,
}

impl Suggestions {
    pub fn new(q: &Questionnaire) -> Suggestions {
        let mut all = Suggestions {
            parts: q.suggestions.iter().map(parts).collect(),
            target: Pieces::of(
                (q.patterns.iter().chain(&q.causes)).map(|t| format!(r#""{}""#, t.id)),
            ),
            few: Vec::new(),
            spans: Vec::new(),
            text: Vec::new(),
        };
        let (mut spans, mut text) = (Vec::new(), Vec::new());
        all.few = (q.index.suggestion_for.iter().enumerate())
            .map(|(n, fors)| {
                if fors.len() > FEW {
                    return None;
                }
                let first = spans.len();
                for listed in 0..1usize << fors.len() {
                    let start = text.len();
                    let chosen = (fors.iter().enumerate())
                        .filter(|&(i, _)| listed >> i & 1 == 1)
                        .map(|(_, &t)| t);
                    all.entry(&mut text, n, chosen);
                    spans.push((start as u32, (text.len() - start) as u32));
                }
                let mut targets = [0; FEW];
                for (target, &t) in targets.iter_mut().zip(fors) {
                    *target = t as u32;
                }
                let count = fors.len();
                Some(Few {
                    targets,
                    count,
                    first,
                })
            })
            .collect();
        (all.spans, all.text) = (spans, text);
        all
    }

    /// Appends `,` and suggestion `n`'s entry, listing the targets it is for that `levels`
    /// (by target) do not leave unlikely. The comma comes with the entry: the list is closed
    /// by [`crate::report::pieces::enclose`].
    #[inline]
    pub fn write(&self, buf: &mut Vec<u8>, q: &Questionnaire, n: usize, levels: &[Likelihood]) {
        let Some(few) = &self.few[n] else {
            self.entry(buf, n, targets(q, n, levels));
            return;
        };
        let targets = few.targets.iter().take(few.count).enumerate();
        let listed = targets.fold(0, |listed, (i, &t)| {
            listed | usize::from(levels[t as usize] > Likelihood::Unlikely) << i
        });
        let (start, len) = self.spans[few.first + listed];
        buf.extend_from_slice(&self.text[start as usize..][..len as usize]);
    }

    /// `,` and suggestion `n`'s entry listing `listed`.
    fn entry(&self, buf: &mut Vec<u8>, n: usize, listed: impl Iterator<Item = usize>) {
        let (head, tail) = &self.parts[n];
        buf.push(b',');
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every suggestion's prerendered entry, for levels of every kind, is the entry written
    /// target by target.
    #[test]
    fn prerendered_entries_are_the_written_ones() {
        let mut rng = crate::testing::Rng(29);
        for shipped in crate::questionnaire::shipped::SHIPPED {
            let q = crate::questionnaire::parse(shipped.text, shipped.origin).unwrap();
            let all = Suggestions::new(&q);
            let targets_count = q.patterns.len() + q.causes.len();
            let likelihoods = [
                Likelihood::Unlikely,
                Likelihood::Possible,
                Likelihood::Likely,
            ];
            for _ in 0..200 {
                let levels: Vec<Likelihood> = (0..targets_count)
                    .map(|_| likelihoods[(rng.next() % 3) as usize])
                    .collect();
                for n in 0..q.suggestions.len() {
                    let (mut fast, mut slow) = (Vec::new(), Vec::new());
                    all.write(&mut fast, &q, n, &levels);
                    all.entry(&mut slow, n, targets(&q, n, &levels));
                    assert_eq!(fast, slow, "{n}");
                }
            }
        }
    }
}
