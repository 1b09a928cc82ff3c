//! Explanations remembered from record to record. What made a rule fire depends only on
//! what its condition reads (`reads.rs`), and a rule that fires reads one of a few
//! combinations of answers in record after record — but seldom the one it read the record
//! before. Rules that read only a few answers of few values are found by position
//! (`direct.rs`); the others (a score, a decimal, an age with a long list of choices) keep
//! their explanations in one pool of [`PLACES`], found by their key's hash and compared word
//! for word. The pool is shared: a few such rules meet hundreds of keys each, and a share of
//! 32 a rule (as each rule once had) found about one in eight of them again. Once the pool is
//! full, a rule keeps rewriting one explanation of its own for the keys it meets after that.
//! The texts of the pool and of the places found by position are written once each, so they
//! are kept one after another in one buffer: a buffer each cost two allocations a new one.

use super::reads::Reads;
use crate::scoring::{Program, Scored, Sheet};

/// The room a rewritten explanation is given: most, with the tail after them, are shorter.
const TEXT: usize = 256;

/// The explanations all rules keep in the pool: a questionnaire may have thousands of rules,
/// and a worker keeps its memos for the whole run.
const PLACES: usize = 4096;

/// Every rule's remembered explanations, kept by a worker from one record to the next.
#[derive(Debug, Default)]
pub(super) struct Memos {
    /// The pool's places, then those of the rules found by position (`direct.rs`).
    places: Vec<Place>,
    /// The texts of `places`, one after another. Each is written once, so one buffer holds
    /// them all: a buffer each cost two allocations for every explanation first met.
    text: Vec<u8>,
    /// The keys of the pool's places, one after another.
    keys: Vec<u64>,
    /// By rule: the explanation it rewrites for the keys it meets once the pool is full.
    own: Vec<Own>,
    /// How many of the pool's places are taken.
    taken: usize,
    /// The pool's size.
    pool: usize,
    /// Where the explanation being written goes: a place, or the rule's own (`None`).
    writing: Option<usize>,
    /// By rule: where this record's explanation is (for the rules it explains).
    current: Vec<Span>,
    /// Where the pool's explanations are, by their key's hash, in open addressing: the
    /// place, plus one; 0 where none is.
    table: Vec<u32>,
    /// What a hash is shifted right by to be a place in `table`.
    shift: u32,
    /// The key of the rule at hand.
    key: Vec<u64>,
    /// How many rules the memos were made for.
    rules: usize,
}

/// Where an explanation, then the tail of a target's entry for its rule, is.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Span {
    /// In the rule's own text, or in [`Memos::text`].
    own: bool,
    at: u32,
    /// Where the explanation starts and ends, from `at`: after the start of a target's
    /// `because` entry for the rule, for a rule that feeds one target (`Explained::entry`).
    head: u32,
    end: u32,
    /// With the tail; 0 until written (an explanation is never empty).
    len: u32,
}

/// A remembered explanation of the pool, or of a rule found by position (no key).
#[derive(Debug, Default, Clone, Copy)]
struct Place {
    hash: u64,
    /// The rule it explains: rules that read the same answers have the same key.
    rule: u32,
    /// What the rule's condition read when it was written: its range of [`Memos::keys`].
    key: (u32, u32),
    span: Span,
}

/// The explanation a rule rewrites.
#[derive(Debug, Default)]
struct Own {
    hash: u64,
    key: Vec<u64>,
    text: Vec<u8>,
    span: Span,
}

impl Memos {
    /// Makes rule `rule`'s explanation for what it reads in this record the current one: one
    /// remembered, or, when none is, the buffer to append it and its tail to, and then to
    /// say so with [`Memos::kept`].
    pub fn find(
        &mut self,
        reads: &Reads,
        p: &Program,
        s: &Scored,
        sheet: &Sheet,
        rule: usize,
    ) -> Option<&mut Vec<u8>> {
        if self.rules != reads.rules() {
            self.reset(reads, PLACES);
        }
        if let Some(place) = reads.direct.place(s, sheet, rule) {
            let n = self.pool + place;
            let span = self.places[n].span;
            self.current[rule] = span;
            if span.len != 0 {
                return None;
            }
            return Some(self.start(rule, Some(n)));
        }
        let hash = reads.key(&mut self.key, p, s, sheet, rule);
        let mask = self.table.len() - 1;
        // The top bits: a multiply mixes every bit of a word into them, but the middle bits
        // of keys that differ only in a high word (a list of choices) less so.
        let mut at = (hash >> self.shift) as usize & mask;
        while let Some(n) = self.table[at].checked_sub(1) {
            let place = &self.places[n as usize];
            let key = &self.keys[place.key.0 as usize..place.key.1 as usize];
            if place.rule == rule as u32 && is_for(place.hash, key, hash, &self.key) {
                self.current[rule] = place.span;
                return None;
            }
            at = (at + 1) & mask;
        }
        if self.taken < self.pool {
            let n = self.taken;
            self.taken += 1;
            self.table[at] = self.taken as u32;
            let start = self.keys.len() as u32;
            self.keys.extend_from_slice(&self.key);
            let place = &mut self.places[n];
            (place.hash, place.rule) = (hash, rule as u32);
            place.key = (start, self.keys.len() as u32);
            return Some(self.start(rule, Some(n)));
        }
        let own = &mut self.own[rule];
        if is_for(own.hash, &own.key, hash, &self.key) {
            self.current[rule] = own.span;
            return None;
        }
        own.hash = hash;
        own.key.clone_from(&self.key);
        Some(self.start(rule, None))
    }

    /// The buffer an explanation of rule `rule` for place `n` (or its own) is written into.
    fn start(&mut self, rule: usize, n: Option<usize>) -> &mut Vec<u8> {
        self.writing = n;
        if let Some(n) = n {
            self.places[n].span.at = self.text.len() as u32;
            return &mut self.text;
        }
        let text = &mut self.own[rule].text;
        text.clear();
        text.reserve(TEXT);
        text
    }

    /// Says that rule `rule`'s explanation, asked for by [`Memos::find`], is written: it
    /// starts at `head` and ends at `end` of the buffer, and its tail is after it.
    pub fn kept(&mut self, rule: usize, head: usize, end: usize) {
        self.current[rule] = if let Some(n) = self.writing {
            let at = self.places[n].span.at;
            self.places[n].span = Span {
                own: false,
                at,
                head: head as u32 - at,
                end: end as u32 - at,
                len: self.text.len() as u32 - at,
            };
            self.places[n].span
        } else {
            let own = &mut self.own[rule];
            own.span = Span {
                own: true,
                at: 0,
                head: head as u32,
                end: end as u32,
                len: own.text.len() as u32,
            };
            own.span
        };
    }

    /// Forgets everything, for `reads`' rules, with a pool of `pool` places.
    #[cold]
    fn reset(&mut self, reads: &Reads, pool: usize) {
        let rules = reads.rules();
        self.rules = rules;
        self.pool = pool;
        self.taken = 0;
        self.places = vec![Place::default(); pool + reads.direct.places()];
        (self.text, self.keys) = (Vec::new(), Vec::new());
        self.own = (0..rules).map(|_| Own::default()).collect();
        self.current = vec![Span::default(); rules];
        // At most a quarter full: a miss ends at an empty place soon.
        self.table = vec![0; (pool * 4).next_power_of_two().max(2)];
        self.shift = 64 - self.table.len().trailing_zeros();
    }

    /// Rule `rule`'s current text (a target's entry start, its explanation, then its tail),
    /// and where the explanation starts and ends in it: of a rule this record explains.
    #[inline]
    pub fn current(&self, rule: usize) -> (&[u8], usize, usize) {
        let span = self.current[rule];
        let text = if span.own {
            &self.own[rule].text
        } else {
            &self.text
        };
        let all = &text[span.at as usize..][..span.len as usize];
        (all, span.head as usize, span.end as usize)
    }
}

/// Whether a text written for `key`, whose hash is `hash`, is for `want` (hash `wanted`).
#[inline]
fn is_for(hash: u64, key: &[u64], wanted: u64, want: &[u64]) -> bool {
    // Word by word: keys are a few words, and `==` on slices called `memcmp`.
    hash == wanted && key.len() == want.len() && key.iter().zip(want).all(|(a, b)| a == b)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::super::reads::scored_records;
    use super::*;
    use crate::testing::{Rng, embedded};

    /// An explanation is found exactly when one was written for the same key (which a map
    /// of every key says), and is then that one: over records in random order, so that
    /// rules meet more keys than the pool keeps; also when the pool is small or none, and
    /// rules rewrite their own place.
    #[test]
    fn finds_exactly_what_was_written_for_the_key() {
        for pool in [PLACES, 64, 0] {
            finds_exactly_what_was_written(pool);
        }
    }

    fn finds_exactly_what_was_written(pool: usize) {
        let q = embedded();
        let p = Program::for_many(&q);
        let reads = Reads::new(&q);
        let records = scored_records(&q, &p, 150);
        let mut memos = Memos::default();
        memos.reset(&reads, pool);
        // What each rule's text is for each key: the key itself.
        let mut written: HashMap<(usize, Vec<u64>), Vec<u8>> = HashMap::new();
        let mut rng = Rng(11);
        let (mut found, mut wrote, mut key) = (0, 0, Vec::new());
        for _ in 0..40_000 {
            let (sheet, s) = &records[rng.next() as usize % records.len()];
            let rule = rng.next() as usize % q.rules.len();
            reads.key(&mut key, &p, s, sheet, rule);
            let text = format!("{rule}:{key:?}").into_bytes();
            if let Some(buf) = memos.find(&reads, &p, s, sheet, rule) {
                buf.extend_from_slice(&text);
                let end = buf.len();
                buf.extend_from_slice(b"/tail");
                memos.kept(rule, end - text.len(), end);
                wrote += 1;
            } else {
                assert!(written.contains_key(&(rule, key.clone())));
                found += 1;
            }
            let (current, head, end) = memos.current(rule);
            assert_eq!(current, [&text[..], b"/tail"].concat());
            assert_eq!(&current[head..end], text);
            written.insert((rule, key.clone()), text);
        }
        assert!(found > 0 && wrote > 0, "{found} {wrote}");
        // The pool filled, or kept every key met; once full, rules rewrote their own place.
        let rewritten = memos.own.iter().filter(|own| own.span.len > 0).count();
        if pool < PLACES {
            assert_eq!(memos.taken, pool);
            assert!(rewritten > 0);
        } else {
            assert_eq!(rewritten, 0, "{}", memos.taken);
        }
    }

    /// However many rules there are, the places kept are the pool's, one a rule, and those
    /// of the rules found by position.
    #[test]
    fn places_are_bounded() {
        let q = embedded();
        let reads = Reads::new(&q);
        let mut memos = Memos::default();
        memos.reset(&reads, PLACES);
        assert_eq!(memos.places.len(), PLACES + reads.direct.places());
        assert_eq!(memos.own.len(), q.rules.len());
        assert!(memos.table.len() <= 4 * PLACES);
    }
}
