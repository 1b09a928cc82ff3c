//! Lists of ids (red flags, suggestions, safety questions left open) written two at a time:
//! the text of every two of a set's ids, one after the other, is made once a run, so a list
//! of a dozen ids is six copies where it was twelve, each with its own look-up and capacity
//! check.

use super::pieces::Pieces;

/// At most this many ids of a set have their pairs made (a piece for every two: 4,096).
const MOST: usize = 64;

pub(crate) struct IdPairs {
    /// By position: the id's piece, with the separator before it (`,"id"`).
    one: Pieces,
    /// By position: its place among the ids paired, `u8::MAX` for one that is not.
    place: Vec<u8>,
    /// How many ids are paired.
    paired: usize,
    /// By the places of the first and of the second: both pieces, one after the other.
    two: Pieces,
}

impl IdPairs {
    /// Pairs of the pieces `one` (by position) whose positions `pairs` picks: the ids lists
    /// hold (the first [`MOST`] of them).
    pub fn new(one: Pieces, pairs: impl Fn(usize) -> bool) -> IdPairs {
        let mut place = vec![u8::MAX; one.len()];
        let mut paired = Vec::new();
        for (n, place) in place.iter_mut().enumerate() {
            if paired.len() < MOST && pairs(n) {
                *place = paired.len() as u8;
                paired.push(n);
            }
        }
        let mut two = Pieces::default();
        let mut text = Vec::new();
        for &first in &paired {
            for &second in &paired {
                text.clear();
                one.append(&mut text, first);
                one.append(&mut text, second);
                two.push(&text);
            }
        }
        IdPairs {
            one,
            place,
            paired: paired.len(),
            two,
        }
    }

    /// Appends the pieces of the ids at `at`, in order.
    // The test for an empty list (many are) inlined; the list itself written in a call.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub fn append(&self, buf: &mut Vec<u8>, at: &[u32]) {
        if !at.is_empty() {
            self.append_list(buf, at);
        }
    }

    #[inline(never)]
    fn append_list(&self, buf: &mut Vec<u8>, at: &[u32]) {
        let mut pairs = at.chunks_exact(2);
        for pair in &mut pairs {
            let (first, second) = (pair[0] as usize, pair[1] as usize);
            let (a, b) = (
                usize::from(self.place[first]),
                usize::from(self.place[second]),
            );
            if a < self.paired && b < self.paired {
                self.two.append(buf, a * self.paired + b);
            } else {
                self.append_one(buf, first);
                self.append_one(buf, second);
            }
        }
        if let [n] = pairs.remainder() {
            self.append_one(buf, *n as usize);
        }
    }

    /// Appends the piece of the id at `n`: apart, so that the loop over pairs keeps only
    /// what it uses at hand.
    #[inline(never)]
    fn append_one(&self, buf: &mut Vec<u8>, n: usize) {
        self.one.append(buf, n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Any list gives its ids' pieces one after another, whether its ids are paired or not.
    #[test]
    fn a_list_is_its_pieces_in_turn() {
        let ids: Vec<String> = (0..80).map(|n| format!(",\"id_{n}\"")).collect();
        let one = || Pieces::of(&ids);
        // Every third id is left out; of the rest, those past the first 64 are not paired.
        let pairs = IdPairs::new(one(), |n| n % 3 != 0);
        let mut rng = crate::testing::Rng(9);
        for _ in 0..2_000 {
            let at: Vec<u32> = (0..rng.next() % 9)
                .map(|_| (rng.next() % 80) as u32)
                .collect();
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            pairs.append(&mut fast, &at);
            for &n in &at {
                slow.extend_from_slice(ids[n as usize].as_bytes());
            }
            assert_eq!(fast, slow, "{at:?}");
        }
    }
}
