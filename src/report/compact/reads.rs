//! What each rule's condition reads, and those answers (and score values) in a record as the
//! words of a key: what made a rule fire depends on nothing else, so its explanation is
//! remembered under that key (`memo.rs`).

use super::direct::Direct;
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
    all: Vec<Read>,
    /// By rule: its range of `all`.
    at: Vec<(u32, u32)>,
    /// Where the rules that read only a few answers of few values keep their explanations.
    pub direct: Direct,
}

impl Reads {
    pub fn new(q: &Questionnaire) -> Reads {
        let (mut reads, mut at, mut items) = (Vec::new(), Vec::new(), Vec::new());
        for rule in &q.rules {
            let mut mine = Vec::new();
            subjects(&rule.when, &mut mine);
            mine.sort_unstable();
            mine.dedup();
            let start = reads.len() as u32;
            items.push(
                (mine.iter())
                    .map(|read| match read {
                        Read::Item(slot) => Some(*slot),
                        Read::Score(_) => None,
                    })
                    .collect(),
            );
            reads.extend(mine);
            at.push((start, reads.len() as u32));
        }
        Reads {
            all: reads,
            at,
            direct: Direct::new(q, &items),
        }
    }

    /// How many rules there are.
    pub fn rules(&self) -> usize {
        self.at.len()
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

/// Tags that keep keys of different answers apart (`Code(1)` from `Int(1)`).
const NONE: u64 = 0;
const CODE: u64 = 1 << 32;
const CODES: u64 = 2 << 32;
const INT: u64 = 3 << 32;
const NUM: u64 = 4 << 32;
const SCORE: u64 = 5 << 32;

/// The multiplier of a key's hash (`FxHash`'s): one multiply a word.
const MIX: u64 = 0x517c_c1b7_2722_0a95;

impl Reads {
    /// Writes into `key` what rule `rule` reads in this record; gives the key's hash (one for
    /// each rule and key, different rules' keys apart).
    #[inline]
    pub fn key(
        &self,
        key: &mut Vec<u64>,
        p: &Program,
        s: &Scored,
        sheet: &Sheet,
        rule: usize,
    ) -> u64 {
        key.clear();
        let mut hash = (rule as u64).wrapping_add(1).wrapping_mul(MIX);
        let (start, end) = self.at[rule];
        for &read in &self.all[start as usize..end as usize] {
            let mut word = |w: u64| {
                key.push(w);
                hash = (hash.rotate_left(5) ^ w).wrapping_mul(MIX);
            };
            match read {
                Read::Score(score) => match s.scores.values[score] {
                    Some(v) => {
                        word(SCORE);
                        word(v.to_bits());
                    }
                    None => word(NONE),
                },
                Read::Item(slot) => match s.answers[slot] {
                    Answer::None => word(NONE),
                    Answer::Code(n) => word(CODE | u64::from(n)),
                    Answer::Codes(at) => {
                        word(CODES);
                        let words = p.items[slot].words as usize;
                        for &w in &sheet.bits[at as usize..][..words] {
                            word(w);
                        }
                    }
                    Answer::Int(n) => {
                        word(INT);
                        word(n as u64);
                    }
                    Answer::Num(v) => {
                        word(NUM);
                        word(v.to_bits());
                    }
                },
            }
        }
        hash
    }
}

/// `n` generated answer sets of `q`, scored: records for the tests of the memos' keys.
#[cfg(test)]
pub(super) fn scored_records(q: &Questionnaire, p: &Program, n: usize) -> Vec<(Sheet, Scored)> {
    use crate::testing::{answers, generated_answer_sets, scored};
    (generated_answer_sets(q, n).iter())
        .map(|set| {
            let flags: Vec<&str> = set.iter().map(String::as_str).collect();
            scored(p, &answers(q, &flags))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::embedded;

    #[test]
    fn a_rule_reads_every_subject_of_its_condition_once() {
        let q = embedded();
        let reads = Reads::new(&q);
        for (n, rule) in q.rules.iter().enumerate() {
            let (start, end) = reads.at[n];
            let mine = &reads.all[start as usize..end as usize];
            assert!(mine.windows(2).all(|w| w[0] < w[1]), "{}", rule.id);
            assert!(!mine.is_empty(), "{}", rule.id);
        }
    }

    /// Two records' keys for a rule are the same exactly when the answers and scores it
    /// reads are.
    #[test]
    fn keys_are_the_same_exactly_when_what_is_read_is() {
        let q = embedded();
        let p = Program::for_many(&q);
        let reads = Reads::new(&q);
        let records = scored_records(&q, &p, 40);
        // What a rule reads, spelt out.
        let read = |(sheet, s): &(Sheet, Scored), rule: usize| -> Vec<String> {
            let (start, end) = reads.at[rule];
            (reads.all[start as usize..end as usize].iter())
                .map(|&read| match read {
                    Read::Score(n) => format!("{:?}", s.scores.values[n].map(f64::to_bits)),
                    Read::Item(slot) => match s.answers[slot] {
                        Answer::Codes(at) => {
                            format!("{:?}", sheet.chosen(&p.items[slot], at).collect::<Vec<_>>())
                        }
                        answer => format!("{answer:?}"),
                    },
                })
                .collect()
        };
        let (mut same, mut differ) = (0, 0);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for x in &records {
            for y in &records {
                for rule in 0..q.rules.len() {
                    let hash = reads.key(&mut a, &p, &x.1, &x.0, rule);
                    reads.key(&mut b, &p, &y.1, &y.0, rule);
                    let equal = read(x, rule) == read(y, rule);
                    assert_eq!(a == b, equal, "{}", q.rules[rule].id);
                    if equal {
                        assert_eq!(reads.key(&mut b, &p, &y.1, &y.0, rule), hash);
                        same += 1;
                    } else {
                        differ += 1;
                    }
                }
            }
        }
        assert!(same > 0 && differ > 0, "{same} {differ}");
    }
}
