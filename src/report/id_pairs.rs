//! Lists of ids (red flags, suggestions, safety questions left open) written two at a time:
//! the text of every two of a set's ids, one after the other, is made once a run, so a list
//! of a dozen ids is six copies where it was twelve, each with its own look-up and capacity
//! check.

use super::pieces::Pieces;

/// At most this many ids of a set have their pairs made (a piece for every two: 4,096).
const MOST: usize = 64;

/// An id not paired: its start or place, past every pair however it is summed.
const UNPAIRED: u32 = (MOST * MOST) as u32;

pub(crate) struct IdPairs {
    /// By position: the id's piece, with the separator before it (`,"id"`).
    one: Pieces,
    /// By position: where the id's pairs start among `two` (its place among the ids paired
    /// times their count), [`UNPAIRED`] for one that is not; and its place among the ids
    /// paired (the same for one that is not). A pair's piece is at the sum of the first's
    /// start and the second's place, and any sum with an id not paired is past every pair:
    /// one test where there were two.
    start: Vec<[u32; 2]>,
    /// By the places of the first and of the second: both pieces, one after the other.
    two: Pieces,
}

impl IdPairs {
    /// Pairs of the pieces `one` (by position) whose positions `pairs` picks: the ids lists
    /// hold (the first [`MOST`] of them).
    pub fn new(one: Pieces, pairs: impl Fn(usize) -> bool) -> IdPairs {
        let mut paired = Vec::new();
        for n in 0..one.len() {
            if paired.len() < MOST && pairs(n) {
                paired.push(n);
            }
        }
        let mut start = vec![[UNPAIRED; 2]; one.len()];
        for (place, &n) in paired.iter().enumerate() {
            start[n] = [(place * paired.len()) as u32, place as u32];
        }
        let mut two = Pieces::default();
        two.reserve(paired.len() * paired.len());
        for &first in &paired {
            for &second in &paired {
                two.push_joined(&one, first, &one, second);
            }
        }
        IdPairs { one, start, two }
    }

    /// Appends the pieces of the ids at `at` after `lead`, which takes the first piece's
    /// separator's place (or stands alone, for none): `[` opens a JSON list, `,` begins a
    /// CSV cell of ids separated by spaces.
    #[inline]
    pub fn append_led(&self, buf: &mut Vec<u8>, lead: u8, at: &[u32]) {
        let start = buf.len();
        self.append(buf, at);
        match buf.get_mut(start) {
            Some(first) => *first = lead,
            None => buf.push(lead),
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
            let both = self.start[first][0] as usize + self.start[second][1] as usize;
            if both < self.two.len() {
                self.two.append(buf, both);
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

    /// The lead takes the first separator's place, after what the buffer held, or stands
    /// alone for no ids.
    #[test]
    fn a_led_list_starts_with_its_lead() {
        let pairs = IdPairs::new(Pieces::of([",\"a\"", ",\"b\""]), |_| true);
        let led = |lead, at: &[u32]| {
            let mut buf = b"x:".to_vec();
            pairs.append_led(&mut buf, lead, at);
            String::from_utf8(buf).unwrap()
        };
        assert_eq!(led(b'[', &[1, 0]), r#"x:["b","a""#);
        assert_eq!(led(b'[', &[]), "x:[");
        assert_eq!(led(b',', &[0]), r#"x:,"a""#);
    }
}
