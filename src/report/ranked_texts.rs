//! A ranked pattern's or cause's entry in a lean line, `,["hip_joint",67,"possible"]`, as one
//! prerendered text per target, score and level. Written as the target's head and then its
//! score and level, an entry was two copies, each with its own look-up and capacity check;
//! scores are shares from 0 to 100, so every entry a line can hold is made once a run.

use super::pieces::Pieces;
use crate::scoring::Rank;
use crate::scoring::assessment::Likelihood;

/// Scores from 0 below this have an entry of their own: a share is at most 100.
const SCORES: usize = 101;

/// Entries by target, score and level: [`rank_piece`]'s order within each target.
const PER_TARGET: usize = SCORES * 3;

pub(crate) const LIKELIHOODS: [Likelihood; 3] = [
    Likelihood::Unlikely,
    Likelihood::Possible,
    Likelihood::Likely,
];

/// Where a score (0–255) and level are among pieces made for every pair, score first.
pub(crate) fn rank_piece(r: &Rank) -> usize {
    usize::from(r.score) * LIKELIHOODS.len() + r.level as usize
}

/// One piece for every score (0–255) and level, in [`rank_piece`]'s order.
pub(crate) fn rank_pieces(each: impl Fn(u8, Likelihood) -> String) -> Pieces {
    Pieces::of((0..=u8::MAX).flat_map(|n| LIKELIHOODS.map(|l| each(n, l))))
}

pub(crate) struct RankedTexts {
    /// By target, by [`rank_piece`] for scores below [`SCORES`]: the whole entry.
    entries: Pieces,
    /// By target: `,["id",`, for a score above the shares (written with its rank's text).
    heads: Pieces,
}

impl RankedTexts {
    /// The entries of the targets with heads `heads` (`,["id",`), each followed by the text
    /// of its rank, `ranks` by [`rank_piece`] (`67,"possible"]`).
    pub fn new(heads: Pieces, ranks: &Pieces) -> RankedTexts {
        let mut entries = Pieces::default();
        let mut entry = Vec::new();
        for target in 0..heads.len() {
            for rank in 0..PER_TARGET {
                entry.clear();
                heads.append(&mut entry, target);
                ranks.append(&mut entry, rank);
                entries.push(&entry);
            }
        }
        RankedTexts { entries, heads }
    }

    /// Appends the entry of `r`, whose rank's text is in `ranks` (as given to `new`).
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub fn append(&self, buf: &mut Vec<u8>, r: &Rank, ranks: &Pieces) {
        let target = r.index as usize;
        if usize::from(r.score) < SCORES {
            self.entries
                .append(buf, target * PER_TARGET + rank_piece(r));
        } else {
            self.append_in_turn(buf, r, ranks);
        }
    }

    /// The entry of `r` as its head and then its rank's text.
    #[cold]
    #[inline(never)]
    fn append_in_turn(&self, buf: &mut Vec<u8>, r: &Rank, ranks: &Pieces) {
        self.heads.append(buf, r.index as usize);
        ranks.append(buf, rank_piece(r));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every target, score (0–255) and level gives its head and then its rank's text.
    #[test]
    fn an_entry_is_its_head_then_its_rank() {
        let ids = [
            "hip_joint",
            "a",
            "a_long_id_that_fills_most_of_a_window_of_its_own_xx",
        ];
        let heads = || Pieces::of(ids.map(|id| format!(r#",["{id}","#)));
        let ranks = rank_pieces(|n, l| format!(r#"{n},"{}"]"#, l.name()));
        let texts = RankedTexts::new(heads(), &ranks);
        for (index, id) in ids.iter().enumerate() {
            for score in 0..=u8::MAX {
                for level in [
                    Likelihood::Unlikely,
                    Likelihood::Possible,
                    Likelihood::Likely,
                ] {
                    let r = Rank {
                        index: index as u32,
                        score,
                        level,
                        points: 0.0,
                    };
                    let mut buf = b"[".to_vec();
                    texts.append(&mut buf, &r, &ranks);
                    let want = format!(r#"[,["{id}",{score},"{}"]"#, level.name());
                    assert_eq!(String::from_utf8(buf).unwrap(), want);
                }
            }
        }
    }
}
