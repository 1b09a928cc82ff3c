//! The start of a ranked pattern's or cause's entry, `{"id":…,"label":…,"score":67,
//! "level":"possible","evidence":…,"because":[`, as one text per target, score and level,
//! made the first time a worker writes it. A target's entry was its head, its score and its
//! tail written in turn for every record; few scores occur for each target, so after the
//! first records one copy writes all three.

use super::fragments::TargetFragments;
use crate::report::lean::rank_piece;
use crate::report::numbers::small_number;
use crate::scoring::Rank;

/// Every score (0–255) and level, as [`rank_piece`] places them.
const PER_TARGET: usize = 256 * 3;

/// By target (patterns, then causes), by score and level: the entry's start, empty until
/// first written.
#[derive(Debug, Default)]
pub(super) struct EntryHeads {
    texts: Vec<Vec<u8>>,
}

impl EntryHeads {
    /// The start of the entry of target `target` (patterns first, then causes) ranked `r`,
    /// when patterns and causes were assessed, with `f` its fragments.
    #[inline]
    pub fn get(&mut self, target: usize, f: &TargetFragments, r: &Rank) -> &[u8] {
        let n = target * PER_TARGET + rank_piece(r);
        if self.texts.len() <= n {
            self.texts.resize_with((target + 1) * PER_TARGET, Vec::new);
        }
        let text = &mut self.texts[n];
        if text.is_empty() {
            write(text, f, r);
        }
        text
    }
}

/// The start of `f`'s entry ranked `r`, written in turn.
#[cold]
fn write(text: &mut Vec<u8>, f: &TargetFragments, r: &Rank) {
    text.extend_from_slice(&f.head);
    small_number(text, r.score);
    text.extend_from_slice(&f.tail[r.level as usize]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::assessment::Likelihood;
    use crate::testing::embedded;

    /// A remembered start is what writing it in turn gives, for every target, score and
    /// level, asked in any order and more than once.
    #[test]
    fn a_remembered_start_is_the_written_one() {
        let q = embedded();
        let f = super::super::fragments::Fragments::new(&q);
        let targets: Vec<&TargetFragments> = f.pattern.iter().chain(&f.cause).collect();
        let mut heads = EntryHeads::default();
        let mut rng = crate::testing::Rng(7);
        for _ in 0..3_000 {
            let target = rng.next() as usize % targets.len();
            let level = [
                Likelihood::Unlikely,
                Likelihood::Possible,
                Likelihood::Likely,
            ][rng.next() as usize % 3];
            let r = Rank {
                index: 0,
                score: rng.next() as u8,
                level,
                points: 0.0,
            };
            let mut want = Vec::new();
            write(&mut want, targets[target], &r);
            assert_eq!(heads.get(target, targets[target], &r), &want[..]);
        }
    }
}
