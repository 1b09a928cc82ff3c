//! Explanations found by position rather than by hash, for rules that read only a few
//! answers of few values each (single codes, small lists of choices, small whole numbers):
//! what such a rule read is a number in mixed radix, one digit an answer, and that number is
//! where its explanation is kept. Most rules a heavy record shows are like that; hashing
//! their key and probing for it cost about four times what reading the digits does.

use crate::questionnaire::{ItemType, Questionnaire};
use crate::scoring::{Answer, Scored, Sheet};

/// A rule keeps a place for every combination of its answers, so only rules with this many
/// combinations or fewer are found by position.
const COMBINATIONS: usize = 512;

/// The places all such rules keep together: the rules that would take more are found by
/// hash, as the others are.
const PLACES: usize = 4096;

/// Whole numbers from 0 below this are digits of their own.
const INTS: u32 = 128;

/// Lists of choices of items with this many options or fewer are digits of their own.
const FEW: u32 = 8;

/// The values a read answer can take: besides none, a code of `count`, a list of choices
/// of `count` options (one bit each), or a whole number below [`INTS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Values {
    Codes(u32),
    Choices(u32),
    Ints,
}

impl Values {
    /// How many digits an answer has, none included.
    fn radix(self) -> u32 {
        1 + match self {
            Values::Codes(count) => count,
            Values::Choices(count) => 1 << count,
            Values::Ints => INTS,
        }
    }
}

/// By rule, where the rules that read only such answers keep their explanations.
#[derive(Debug, Default)]
pub(super) struct Direct {
    /// By rule: its first place, and its range of `reads`; `None` for a rule found by hash.
    rules: Vec<Option<(u32, u32, u32)>>,
    /// The slots read, each with the values its answers take.
    reads: Vec<(u32, Values)>,
    /// The places all rules keep.
    places: usize,
}

impl Direct {
    /// `slots`: by rule, the items its condition reads, or `None` when it reads a score.
    pub fn new(q: &Questionnaire, slots: &[Option<Vec<usize>>]) -> Direct {
        let values: Vec<Option<Values>> = (q.items())
            .map(|item| {
                let count = item.codes().len() as u32;
                match item.kind {
                    ItemType::YesNo | ItemType::SingleChoice => Some(Values::Codes(count)),
                    ItemType::MultipleChoice if count <= FEW => Some(Values::Choices(count)),
                    ItemType::Integer => Some(Values::Ints),
                    _ => None,
                }
            })
            .collect();
        let mut direct = Direct::default();
        for read in slots {
            let reads: Option<Vec<(u32, Values)>> = read.as_ref().and_then(|read| {
                (read.iter())
                    .map(|&slot| Some((slot as u32, values[slot]?)))
                    .collect()
            });
            let combinations = reads.as_ref().and_then(|reads| {
                (reads.iter()).try_fold(1usize, |n, &(_, v)| n.checked_mul(v.radix() as usize))
            });
            let fits = combinations
                .filter(|&n| n <= COMBINATIONS && direct.places + n <= PLACES)
                .zip(reads);
            direct.rules.push(fits.map(|(n, reads)| {
                let (first, start) = (direct.places as u32, direct.reads.len() as u32);
                direct.places += n;
                direct.reads.extend(reads);
                (first, start, direct.reads.len() as u32)
            }));
        }
        direct
    }

    /// How many places the rules found by position keep in all.
    pub fn places(&self) -> usize {
        self.places
    }

    /// Where rule `rule` keeps its explanation for what it reads in `s`: `None` for a rule
    /// found by hash, or when an answer it reads is not one of the values it has digits for
    /// (a code its item does not have, a number out of range).
    #[inline]
    pub fn place(&self, s: &Scored, sheet: &Sheet, rule: usize) -> Option<usize> {
        let (first, start, end) = self.rules[rule]?;
        let mut n = 0;
        for &(slot, values) in &self.reads[start as usize..end as usize] {
            let digit = match (s.answers[slot as usize], values) {
                (Answer::None, _) => 0,
                (Answer::Code(code), Values::Codes(count)) if code < count => code + 1,
                (Answer::Codes(at), Values::Choices(count)) => match sheet.bits.get(at as usize) {
                    Some(&bits) if bits >> count == 0 => bits as u32 + 1,
                    _ => return None,
                },
                (Answer::Int(int), Values::Ints) => match u32::try_from(int) {
                    Ok(int) if int < INTS => int + 1,
                    _ => return None,
                },
                _ => return None,
            };
            n = n * values.radix() as usize + digit as usize;
        }
        Some(first as usize + n)
    }
}

#[cfg(test)]
mod tests {
    use super::super::reads::{Reads, scored_records};
    use crate::scoring::Program;
    use crate::testing::{answers, embedded, scored};

    /// Two records give a rule the same place exactly when its key (what it reads, in
    /// full) is the same; places of different rules never meet, and stay within the bound.
    /// Many of the default questionnaire's rules are found so.
    #[test]
    fn the_same_place_exactly_when_the_same_key() {
        let q = embedded();
        let p = Program::for_many(&q);
        let reads = Reads::new(&q);
        let direct = &reads.direct;
        assert!(direct.places() <= super::PLACES);
        let found = (0..q.rules.len()).filter(|&r| direct.rules[r].is_some());
        assert!(found.count() * 2 > q.rules.len());
        let mut records = scored_records(&q, &p, 60);
        records.push(scored(&p, &answers(&q, &[])));
        let (mut same, mut differ, mut owner) = (0, 0, vec![None; direct.places()]);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for x in &records {
            for rule in 0..q.rules.len() {
                let Some(at) = direct.place(&x.1, &x.0, rule) else {
                    continue;
                };
                assert!(*owner[at].get_or_insert(rule) == rule);
                reads.key(&mut a, &p, &x.1, &x.0, rule);
                for y in &records {
                    reads.key(&mut b, &p, &y.1, &y.0, rule);
                    let place = direct.place(&y.1, &y.0, rule);
                    assert_eq!(place == Some(at), a == b, "{}", q.rules[rule].id);
                    if a == b {
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
