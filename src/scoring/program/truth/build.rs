//! Working out, once a run, the rows of bits each answer sets and the leaves left to check one
//! by one: the tables [`Truths::fill`] reads for every record.

use super::{CodeRows, Row, SlotRows, Truths};
use crate::questionnaire::{ItemType, Questionnaire, Value};
use crate::scoring::program::ItemCodes;
use crate::scoring::program::code_bits::CodeBits;
use crate::scoring::program::compares::Compares;
use crate::scoring::program::compile::{Conditions, Leaf, Test};
use crate::scoring::program::eval::One;
use crate::scoring::program::layout::{Layout, NO_BIT};

/// The most values of a whole-number item that are tabled (ages, 0–10 scales, years).
const MOST_TABLED_VALUES: i64 = 512;

impl Truths {
    pub fn new(q: &Questionnaire, c: &Conditions, items: &[ItemCodes], layout: Layout) -> Truths {
        let values: Vec<Option<(i64, i64)>> =
            (0..items.len()).map(|slot| tabled(q, slot)).collect();
        // By slot: its rows' bits (no answer first), and its tabled leaves.
        let mut rows: Vec<Vec<Vec<u32>>> = (items.iter().zip(&values))
            .map(|(item, values)| {
                vec![Vec::new(); 1 + values.map_or(item.codes.len(), |(_, n)| n as usize)]
            })
            .collect();
        let mut on_slot = vec![Vec::new(); items.len()];
        let mut cold = Vec::new();
        for (n, leaf) in c.leaves.iter().enumerate() {
            let bit = layout.bit[n];
            if bit == NO_BIT {
                continue;
            }
            let holds_for = |code: usize| match leaf.test {
                Test::Code(mask) => code < 64 && mask >> code & 1 == 1,
                Test::LongCode { at, .. } | Test::CodesAny { at, .. } => {
                    c.masks[at as usize + code / 64] >> (code % 64) & 1 == 1
                }
                // `answered`: the same for every code.
                Test::Const(b) => b,
                _ => false,
            };
            let on_value = !leaf.score
                && values[leaf.slot].is_some()
                && matches!(leaf.test, Test::Model | Test::Compare(..));
            // `answered` is tabled too, but not on choices: its rows would be set per option.
            let tabled = !leaf.score
                && match leaf.test {
                    Test::Code(_) | Test::LongCode { .. } | Test::CodesAny { .. } => true,
                    Test::Const(_) => items[leaf.slot].kind != ItemType::MultipleChoice,
                    Test::CodesAll { .. } | Test::Compare(..) | Test::Model => false,
                };
            if !tabled && !on_value {
                cold.push((n as u32, bit));
                continue;
            }
            let (none, answered) = rows[leaf.slot].split_first_mut().expect("a row for none");
            for (code, row) in answered.iter_mut().enumerate() {
                let holds = match values[leaf.slot] {
                    Some((min, _)) if on_value => value_holds(q, leaf, min + code as i64),
                    _ => holds_for(code),
                };
                if holds {
                    row.push(bit);
                }
            }
            if leaf.unanswered {
                none.push(bit);
            }
            on_slot[leaf.slot].push((n as u32, bit));
        }
        let mut t = Truths {
            layout,
            ..Truths::default()
        };
        for (slot, item_rows) in rows.into_iter().enumerate() {
            if on_slot[slot].is_empty() {
                continue;
            }
            let first = t.rows.len() as u32;
            let count = item_rows.len() as u32 - 1;
            for row in item_rows {
                let row = t.pairs(row);
                t.rows.push(row);
            }
            let check = t.checks(std::mem::take(&mut on_slot[slot]));
            if matches!(items[slot].kind, ItemType::YesNo | ItemType::SingleChoice) {
                let sets = if count >= 63 {
                    u64::MAX
                } else {
                    sets(&t.rows[first as usize..][..=count as usize])
                };
                t.codes.push(CodeRows {
                    slot: slot as u32,
                    first,
                    count,
                    sets,
                    check,
                });
                continue;
            }
            // Bit `n`: option `n`'s row (after the row for no answer) sets some bit.
            let sets = sets(&t.rows[first as usize + 1..][..count as usize]);
            t.keep(SlotRows {
                slot: slot as u32,
                kind: items[slot].kind,
                first,
                count,
                min: values[slot].map(|(min, _)| min),
                words: items[slot].words,
                sets,
                check,
            });
        }
        let codes: Vec<_> = t.codes.iter().map(|s| (s.slot, s.first, s.count)).collect();
        t.code_bits = CodeBits::new(items, t.layout.words(), &codes, |row| t.words(row));
        let (compares, rest) = Compares::new(c, cold);
        t.compares = compares;
        t.cold = t.checks(rest);
        t
    }

    /// Keeps a slot's rows, with the multiple choices' or the others'.
    fn keep(&mut self, rows: SlotRows) {
        if rows.kind == ItemType::MultipleChoice {
            self.choices.push(rows);
        } else {
            self.slots.push(rows);
        }
    }

    /// The row that sets `bits`: its first word inline, any others added to `pairs`.
    fn pairs(&mut self, mut bits: Vec<u32>) -> Row {
        bits.sort_unstable();
        let mut words: Vec<(u32, u64)> = Vec::new();
        for bit in bits {
            let (word, mask) = (bit / 64, 1 << (bit % 64));
            match words.last_mut() {
                Some((w, m)) if *w == word => *m |= mask,
                _ => words.push((word, mask)),
            }
        }
        let Some((&(word, mask), rest)) = words.split_first() else {
            return Row::default();
        };
        let start = self.pairs.len() as u32;
        self.pairs.extend_from_slice(rest);
        Row {
            mask,
            word,
            more: (start, self.pairs.len() as u32),
        }
    }

    /// The (word, mask) pairs of row `row`.
    fn words(&self, row: u32) -> Vec<(u32, u64)> {
        let r = self.rows[row as usize];
        let more = &self.pairs[r.more.0 as usize..r.more.1 as usize];
        std::iter::once((r.word, r.mask))
            .chain(more.iter().copied())
            .collect()
    }

    fn checks(&mut self, leaves: Vec<(u32, u32)>) -> (u32, u32) {
        let start = self.checks.len() as u32;
        self.checks.extend(leaves);
        (start, self.checks.len() as u32)
    }
}

/// Bit `n`: row `n` of `rows` (of the first 64) sets some bit (a row that sets any has a
/// first word's mask).
fn sets(rows: &[Row]) -> u64 {
    (rows.iter().take(64).enumerate())
        .fold(0, |sets, (n, row)| sets | u64::from(row.mask != 0) << n)
}

/// A whole-number item's `min` and count of values, when it has few enough to table.
fn tabled(q: &Questionnaire, slot: usize) -> Option<(i64, i64)> {
    let item = q.item_at(slot);
    if item.kind != ItemType::Integer {
        return None;
    }
    let (min, max) = (item.min?.ceil(), item.max?.floor());
    let count = max - min + 1.0;
    (count >= 1.0 && count <= MOST_TABLED_VALUES as f64).then_some((min as i64, count as i64))
}

/// Whether the model's leaf holds for the whole number `v`.
fn value_holds(q: &Questionnaire, leaf: &Leaf, v: i64) -> bool {
    leaf.source.holds(&One::answer(q, &Value::Int(v)))
}
