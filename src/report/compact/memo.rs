//! Explanations remembered from record to record, several for each rule. What made a rule
//! fire depends only on what its condition reads (`reads.rs`), and a rule that fires reads
//! one of a few combinations of answers in record after record — but seldom the one it read
//! the record before: keeping one explanation a rule, about half of those a heavy record
//! shows were written again. So a rule keeps up to [`CAP`] of them, found by their key's
//! hash and compared word for word; a rule that reads more combinations than that keeps
//! rewriting one more, as every rule did before. A questionnaire of many rules keeps fewer
//! a rule, so that all of them together stay within [`PLACES`] (see [`cap`]). Rules that
//! read only a few answers of few values are found by position instead (`direct.rs`), in
//! places of their own, as many again at most.

use super::reads::Reads;
use crate::scoring::{Program, Scored, Sheet};

/// The explanations a rule keeps, besides the one it rewrites (at most 255).
const CAP: usize = 32;

/// The room a new explanation is given: most, with the tail after them, are shorter.
const TEXT: usize = 256;

/// The explanations all rules keep, besides the one each rewrites: a questionnaire may have
/// thousands of rules, and a worker keeps its memos for the whole run.
const PLACES: usize = 4096;

/// How many explanations each of `rules` rules keeps: [`CAP`], or fewer where that many
/// would take more than [`PLACES`] in all (none, for more rules than that: each rule then
/// keeps only the one it rewrites).
fn cap(rules: usize) -> usize {
    (PLACES / rules.max(1)).min(CAP)
}

/// Every rule's remembered explanations, kept by a worker from one record to the next.
#[derive(Debug, Default)]
pub(super) struct Memos {
    /// By rule, `cap + 1` places: its explanations; the last is the one rewritten for
    /// keys met after the others were taken, and is not in `table`. One vector, so that
    /// the current explanation of a rule is one index away.
    places: Vec<Memo>,
    /// By rule: how many of its places are taken.
    taken: Vec<u8>,
    /// By rule: where in `places` this record's explanation is (for the rules it explains).
    current: Vec<u32>,
    /// Where the explanations are, by their key's hash, in open addressing: `rule << 8 |
    /// place`, plus one; 0 where none is.
    table: Vec<u32>,
    /// The key of the rule at hand.
    key: Vec<u64>,
    /// How many explanations a rule keeps in `table`: [`cap`] of the rules.
    cap: usize,
    /// Where the places of the rules found by position start (`direct.rs`), after those
    /// found by hash.
    direct: usize,
}

/// One remembered explanation.
#[derive(Debug, Default)]
pub(super) struct Memo {
    hash: u64,
    /// What the rule's condition read when `text` was written.
    key: Vec<u64>,
    /// The explanation, then the tail of a target's entry for the rule.
    pub text: Vec<u8>,
    /// Where the explanation ends in `text`.
    pub end: usize,
}

impl Memo {
    /// This memo with no text, and room for a usual explanation: grown from nothing as it
    /// was written, a new one was copied over three or four times.
    fn emptied(&mut self) -> &mut Memo {
        self.text.clear();
        self.text.reserve(TEXT);
        self
    }

    /// Whether this was written for `key`, whose hash is `hash`.
    #[inline]
    fn is_for(&self, hash: u64, key: &[u64]) -> bool {
        // Word by word: keys are a few words, and `==` on slices called `memcmp`.
        self.hash == hash
            && self.key.len() == key.len()
            && self.key.iter().zip(key).all(|(a, b)| a == b)
    }
}

impl Memos {
    /// Makes rule `rule`'s explanation for what it reads in this record the current one: one
    /// remembered, or, when none is, the memo returned, emptied, for it to be written into.
    pub fn find(
        &mut self,
        reads: &Reads,
        p: &Program,
        s: &Scored,
        sheet: &Sheet,
        rule: usize,
    ) -> Option<&mut Memo> {
        if self.taken.len() != reads.rules() {
            self.reset(reads, cap(reads.rules()));
        }
        if let Some(place) = reads.direct.place(s, sheet, rule) {
            let n = self.direct + place;
            self.current[rule] = n as u32;
            let memo = &mut self.places[n];
            // Written once, an explanation is never empty.
            return memo.text.is_empty().then(|| memo.emptied());
        }
        let hash = reads.key(&mut self.key, p, s, sheet, rule);
        let mask = self.table.len() - 1;
        let mut at = (hash >> 32) as usize & mask;
        let cap = self.cap;
        let first = rule * (cap + 1);
        while let Some(entry) = self.table[at].checked_sub(1) {
            let n = first + (entry & 0xff) as usize;
            if entry >> 8 == rule as u32 && self.places[n].is_for(hash, &self.key) {
                self.current[rule] = n as u32;
                return None;
            }
            at = (at + 1) & mask;
        }
        let taken = &mut self.taken[rule];
        let n = usize::from(*taken);
        if n < cap {
            *taken += 1;
            self.table[at] = (rule << 8 | n) as u32 + 1;
        } else if self.places[first + cap].is_for(hash, &self.key) {
            self.current[rule] = (first + cap) as u32;
            return None;
        }
        let n = first + n.min(cap);
        self.current[rule] = n as u32;
        let memo = &mut self.places[n];
        memo.hash = hash;
        memo.key.clone_from(&self.key);
        Some(memo.emptied())
    }

    /// Forgets everything, for `reads`' rules, that keep `cap` explanations each besides
    /// those found by position.
    #[cold]
    fn reset(&mut self, reads: &Reads, cap: usize) {
        let rules = reads.rules();
        self.cap = cap;
        self.direct = rules * (cap + 1);
        let places = self.direct + reads.direct.places();
        self.places = (0..places).map(|_| Memo::default()).collect();
        self.taken = vec![0; rules];
        self.current = vec![0; rules];
        // At most half full: a miss ends at an empty place soon.
        self.table = vec![0; (rules * cap * 2).next_power_of_two().max(2)];
    }

    /// Rule `rule`'s current explanation: of a rule this record explains.
    #[inline]
    pub fn current(&self, rule: usize) -> &Memo {
        &self.places[self.current[rule] as usize]
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::super::reads::scored_records;
    use super::*;
    use crate::testing::{Rng, embedded};

    /// An explanation is found exactly when one was written for the same key (which a map
    /// of every key says), and is then that one: over records in random order, so that
    /// rules meet more keys than they keep; also when each rule keeps one or none besides
    /// the one it rewrites, as the rules of a large questionnaire do.
    #[test]
    fn finds_exactly_what_was_written_for_the_key() {
        for keeps in [CAP, 1, 0] {
            finds_exactly_what_was_written(keeps);
        }
    }

    fn finds_exactly_what_was_written(keeps: usize) {
        let q = embedded();
        let p = Program::for_many(&q);
        let reads = Reads::new(&q);
        let records = scored_records(&q, &p, 150);
        let mut memos = Memos::default();
        memos.reset(&reads, keeps);
        // What each rule's text is for each key: the key itself.
        let mut written: HashMap<(usize, Vec<u64>), Vec<u8>> = HashMap::new();
        let mut rng = Rng(11);
        let (mut found, mut wrote, mut key) = (0, 0, Vec::new());
        for _ in 0..40_000 {
            let (sheet, s) = &records[rng.next() as usize % records.len()];
            let rule = rng.next() as usize % q.rules.len();
            reads.key(&mut key, &p, s, sheet, rule);
            let text = format!("{rule}:{key:?}").into_bytes();
            if let Some(memo) = memos.find(&reads, &p, s, sheet, rule) {
                assert!(memo.text.is_empty());
                memo.text.extend_from_slice(&text);
                memo.end = text.len();
                wrote += 1;
            } else {
                assert!(written.contains_key(&(rule, key.clone())));
                found += 1;
            }
            assert_eq!(memos.current(rule).text, text);
            written.insert((rule, key.clone()), text);
        }
        assert!(found > 0 && wrote > 0, "{found} {wrote}");
        if keeps < CAP {
            return;
        }
        // Some rule met more keys than it keeps, and one kept more than one.
        let mut kept: HashMap<usize, usize> = HashMap::new();
        for (rule, _) in written.keys() {
            *kept.entry(*rule).or_default() += 1;
        }
        assert!(kept.values().any(|&n| n > CAP), "{kept:?}");
        assert!(kept.values().any(|&n| (2..=CAP).contains(&n)), "{kept:?}");
    }

    /// The default questionnaire's rules keep all [`CAP`]; however many rules there are,
    /// the places kept are at most [`PLACES`] and one a rule.
    #[test]
    fn a_large_questionnaire_keeps_fewer_a_rule() {
        assert_eq!(cap(embedded().rules.len()), CAP);
        for rules in [0, 1, 42, 128, 129, 1000, 4096, 4097, 100_000] {
            let kept = rules * (cap(rules) + 1);
            assert!(kept <= PLACES + rules, "{rules} rules keep {kept}");
        }
        assert_eq!(cap(100_000), 0);
    }
}
