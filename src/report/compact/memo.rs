//! Explanations remembered from one record to the next. What made a rule fire depends only
//! on the answers (and score values) its condition reads, and most rules that fire read the
//! same answers in record after record (`"lateral_hip_pain":"yes"`), so each rule keeps the
//! explanation it last wrote with those answers as its key, and writes it again only when
//! they differ.

use crate::questionnaire::Questionnaire;
use crate::questionnaire::condition::{Condition, Subject, UNRESOLVED};
use crate::scoring::{Answer, Program, Scored, Sheet};

/// What a rule's condition reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Read {
    Item(usize),
    Score(usize),
}

/// By rule: the answers and scores its condition reads, made once per run.
pub(super) struct Reads {
    reads: Vec<Read>,
    /// By rule: its range of `reads`.
    at: Vec<(u32, u32)>,
}

impl Reads {
    pub fn new(q: &Questionnaire) -> Reads {
        let (mut reads, mut at) = (Vec::new(), Vec::new());
        for rule in &q.rules {
            let mut mine = Vec::new();
            subjects(&rule.when, &mut mine);
            mine.sort_unstable();
            mine.dedup();
            let start = reads.len() as u32;
            reads.extend(mine);
            at.push((start, reads.len() as u32));
        }
        Reads { reads, at }
    }
}

/// What `c` reads. A leaf on a subject the questionnaire does not have always gives the same
/// (see the compiled `Node::Const`): it reads nothing.
fn subjects(c: &Condition, out: &mut Vec<Read>) {
    out.extend(
        (c.leaves().into_iter())
            .filter(|leaf| leaf.slot != UNRESOLVED)
            .map(|leaf| match leaf.subject {
                Subject::Item(_) => Read::Item(leaf.slot),
                Subject::Score(_) => Read::Score(leaf.slot),
            }),
    );
}

/// One rule's remembered explanation.
#[derive(Debug, Default)]
pub(super) struct Memo {
    /// What the rule's condition read when `text` was written.
    key: Vec<u64>,
    /// Whether `text` has been written (a rule that reads nothing has an empty key).
    written: bool,
    /// The explanation, then the tail of a target's entry for the rule.
    pub text: Vec<u8>,
    /// Where the explanation ends in `text`.
    pub end: usize,
}

/// Tags that keep keys of different answers apart (`Code(1)` from `Int(1)`).
const NONE: u64 = 0;
const CODE: u64 = 1 << 32;
const CODES: u64 = 2 << 32;
const INT: u64 = 3 << 32;
const NUM: u64 = 4 << 32;
const SCORE: u64 = 5 << 32;

impl Reads {
    /// Writes into `key` what rule `rule` reads in this record.
    #[cfg(test)]
    pub fn key(&self, key: &mut Vec<u64>, p: &Program, s: &Scored, sheet: &Sheet, rule: usize) {
        key.clear();
        self.words(p, s, sheet, rule, |w| {
            key.push(w);
            true
        });
    }

    /// The words of rule `rule`'s key in this record, each handed to `each` until it says
    /// stop: one encoding for taking a key and for comparing one in place (building a key
    /// only to compare it cost more than the comparison). Whether all were taken.
    #[inline]
    fn words(
        &self,
        p: &Program,
        s: &Scored,
        sheet: &Sheet,
        rule: usize,
        mut each: impl FnMut(u64) -> bool,
    ) -> bool {
        let (start, end) = self.at[rule];
        self.reads[start as usize..end as usize]
            .iter()
            .all(|&read| match read {
                Read::Score(score) => match s.scores.values[score] {
                    Some(v) => each(SCORE) && each(v.to_bits()),
                    None => each(NONE),
                },
                Read::Item(slot) => match s.answers[slot] {
                    Answer::None => each(NONE),
                    Answer::Code(n) => each(CODE | u64::from(n)),
                    Answer::Codes(at) => {
                        let words = p.items[slot].words as usize;
                        each(CODES) && sheet.bits[at as usize..][..words].iter().all(|&w| each(w))
                    }
                    Answer::Int(n) => each(INT) && each(n as u64),
                    Answer::Num(v) => each(NUM) && each(v.to_bits()),
                },
            })
    }

    /// Whether rule `rule` reads in this record what `memo`'s text was written for: the
    /// same values as [`Reads::key`] would write, compared in place.
    #[cfg(test)]
    pub fn unchanged(
        &self,
        memo: &Memo,
        p: &Program,
        s: &Scored,
        sheet: &Sheet,
        rule: usize,
    ) -> bool {
        if !memo.written {
            return false;
        }
        let mut key = memo.key.iter().copied();
        self.words(p, s, sheet, rule, |want| key.next() == Some(want)) && key.next().is_none()
    }

    /// Whether `memo`'s text was written for what rule `rule` reads in this record, as
    /// [`Reads::unchanged`]; when it was not, `memo` takes this record's key on the way
    /// (as [`Memo::rekey`]), its text to be written next: one walk of what the rule reads
    /// where a miss took two.
    pub fn refresh(
        &self,
        memo: &mut Memo,
        p: &Program,
        s: &Scored,
        sheet: &Sheet,
        rule: usize,
    ) -> bool {
        let key = &mut memo.key;
        let (mut same, mut n) = (memo.written, 0);
        self.words(p, s, sheet, rule, |word| {
            match key.get_mut(n) {
                Some(old) if *old == word => {}
                Some(old) => {
                    *old = word;
                    same = false;
                }
                None => {
                    key.push(word);
                    same = false;
                }
            }
            n += 1;
            true
        });
        if n != key.len() {
            key.truncate(n);
            same = false;
        }
        memo.written = true;
        same
    }
}

impl Memo {
    /// Takes what rule `rule` reads in this record as the key of the text about to be
    /// written.
    #[cfg(test)]
    pub fn rekey(&mut self, reads: &Reads, p: &Program, s: &Scored, sheet: &Sheet, rule: usize) {
        reads.key(&mut self.key, p, s, sheet, rule);
        self.written = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{answers, embedded, generated_answer_sets, scored};

    /// A remembered explanation is used exactly when the key its rule reads now is the key
    /// it was written for.
    #[test]
    fn unchanged_says_whether_the_key_is_the_same() {
        let q = embedded();
        let p = Program::for_many(&q);
        let reads = Reads::new(&q);
        let sets = generated_answer_sets(&q, 60);
        let records: Vec<_> = (sets.iter())
            .map(|set| {
                let flags: Vec<&str> = set.iter().map(String::as_str).collect();
                scored(&p, &answers(&q, &flags))
            })
            .collect();
        let (mut same, mut differ) = (0, 0);
        for (sheet_a, a) in &records {
            for (sheet_b, b) in records.iter().take(20) {
                for rule in 0..q.rules.len() {
                    let mut memo = Memo::default();
                    assert!(!reads.unchanged(&memo, &p, a, sheet_a, rule));
                    assert!(!reads.refresh(&mut Memo::default(), &p, a, sheet_a, rule));
                    memo.rekey(&reads, &p, a, sheet_a, rule);
                    assert!(reads.unchanged(&memo, &p, a, sheet_a, rule));
                    let mut key = Vec::new();
                    reads.key(&mut key, &p, b, sheet_b, rule);
                    let unchanged = reads.unchanged(&memo, &p, b, sheet_b, rule);
                    assert_eq!(unchanged, key == memo.key);
                    // One walk that compares and takes the key says the same, and leaves
                    // the key `rekey` would.
                    let mut refreshed = Memo::default();
                    refreshed.rekey(&reads, &p, a, sheet_a, rule);
                    assert_eq!(
                        reads.refresh(&mut refreshed, &p, b, sheet_b, rule),
                        unchanged
                    );
                    assert_eq!(refreshed.key, key);
                    assert!(reads.refresh(&mut refreshed, &p, b, sheet_b, rule));
                    if unchanged { same += 1 } else { differ += 1 }
                }
            }
        }
        assert!(same > 0 && differ > 0, "{same} {differ}");
    }

    #[test]
    fn a_rule_reads_every_subject_of_its_condition_once() {
        let q = embedded();
        let reads = Reads::new(&q);
        for (n, rule) in q.rules.iter().enumerate() {
            let (start, end) = reads.at[n];
            let mine = &reads.reads[start as usize..end as usize];
            assert!(mine.windows(2).all(|w| w[0] < w[1]), "{}", rule.id);
            assert!(!mine.is_empty(), "{}", rule.id);
        }
    }
}
