//! A ranked pattern's or cause's entry in a lean line, `,["hip_joint",67,"possible"]`, as one
//! prerendered text per target, score and level. Written as the target's head and then its
//! score and level, an entry was two copies, each with its own look-up and capacity check;
//! scores are shares from 0 to 100, so every entry a line can hold is made once a run.

use super::numbers::unsigned;
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

/// A rank's text in a lean entry, `67,"possible"]`: written, not formatted, as a table of
/// them once took hundreds of `format!` calls at every start.
fn rank_text(buf: &mut Vec<u8>, score: u8, level: Likelihood) {
    unsigned(buf, u64::from(score));
    buf.extend_from_slice(b",\"");
    buf.extend_from_slice(level.name().as_bytes());
    buf.extend_from_slice(b"\"]");
}

/// The rank texts of the scores below [`SCORES`], in [`rank_piece`]'s order: made once for
/// all the [`RankedTexts`] of a writer.
pub(crate) fn rank_texts() -> Pieces {
    let mut texts = Pieces::default();
    let mut text = Vec::new();
    for score in 0..SCORES as u8 {
        for level in LIKELIHOODS {
            text.clear();
            rank_text(&mut text, score, level);
            texts.push(&text);
        }
    }
    texts
}

pub(crate) struct RankedTexts {
    /// By target, by [`rank_piece`] for scores below [`SCORES`]: the whole entry.
    entries: Pieces,
    /// By target: `,["id",`, for a score above the shares (written with its rank's text).
    heads: Pieces,
}

impl RankedTexts {
    /// The entries of the targets with heads `heads` (`,["id",`), each followed by the text
    /// of its rank, `ranks` as [`rank_texts`] makes them.
    pub fn new(heads: Pieces, ranks: &Pieces) -> RankedTexts {
        let mut entries = Pieces::default();
        entries.reserve(heads.len() * PER_TARGET);
        for target in 0..heads.len() {
            for rank in 0..PER_TARGET {
                entries.push_joined(&heads, target, ranks, rank);
            }
        }
        RankedTexts { entries, heads }
    }

    /// Appends the entry of `r`.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub fn append(&self, buf: &mut Vec<u8>, r: &Rank) {
        let target = r.index as usize;
        if usize::from(r.score) < SCORES {
            self.entries
                .append(buf, target * PER_TARGET + rank_piece(r));
        } else {
            self.append_in_turn(buf, r);
        }
    }

    /// The entry of `r` as its head and then its rank's text.
    #[cold]
    #[inline(never)]
    fn append_in_turn(&self, buf: &mut Vec<u8>, r: &Rank) {
        self.heads.append(buf, r.index as usize);
        rank_text(buf, r.score, r.level);
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
        let texts = RankedTexts::new(heads(), &rank_texts());
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
                    texts.append(&mut buf, &r);
                    let want = format!(r#"[,["{id}",{score},"{}"]"#, level.name());
                    assert_eq!(String::from_utf8(buf).unwrap(), want);
                }
            }
        }
    }
}
