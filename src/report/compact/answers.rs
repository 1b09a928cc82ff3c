//! Answers as a result lists them, `{"id":answer,…}` sorted by id: every answer the result
//! rests on, and what made each fired rule fire (written once per record, then copied to
//! wherever the rule is named).

use super::{json_value, list, plain};
use crate::scoring::program::Root;
use crate::scoring::{Answer, Program, Scored, Sheet};

/// Each fired rule's explanation as JSON, kept from one record to the next.
#[derive(Debug, Default)]
pub struct Explained {
    json: Vec<u8>,
    /// By fired rule, in firing order: its range of `json`.
    ranges: Vec<(usize, usize)>,
}

impl Explained {
    /// Explains every fired rule of `s`.
    pub(super) fn explain(&mut self, p: &Program, s: &Scored, sheet: &Sheet) {
        self.json.clear();
        self.ranges.clear();
        for &r in &s.fired {
            let start = self.json.len();
            because(&mut self.json, p, s, sheet, p.rules[r as usize]);
            self.ranges.push((start, self.json.len()));
        }
    }

    /// What made fired rule `r` fire, as JSON.
    pub(super) fn of_rule(&self, s: &Scored, r: u32) -> &[u8] {
        match s.fired.binary_search(&r) {
            Ok(n) => &self.json[self.ranges[n].0..self.ranges[n].1],
            Err(_) => b"{}",
        }
    }
}

/// What a holding condition read: its known leaves' answers and scores.
pub(super) fn because(buf: &mut Vec<u8>, p: &Program, s: &Scored, sheet: &Sheet, root: Root) {
    buf.push(b'{');
    let mut first = true;
    p.because(root, &s.facts(sheet), |leaf| {
        if !first {
            buf.push(b',');
        }
        first = false;
        plain(buf, leaf.subject_id());
        buf.push(b':');
        if leaf.score {
            json_value(buf, &s.scores.values[leaf.slot].unwrap_or_default());
        } else {
            answer(buf, p, sheet, leaf.slot, s.answers[leaf.slot]);
        }
    });
    buf.push(b'}');
}

/// Every answer of an enabled item, sorted by id; `keys` are `"id":` by slot.
pub(super) fn all(buf: &mut Vec<u8>, p: &Program, s: &Scored, sheet: &Sheet, keys: &[Vec<u8>]) {
    buf.push(b'{');
    let answered = (p.q.index.by_id.iter()).filter(|&&slot| s.answers[slot].is_some());
    list(buf, answered, |buf, &slot| {
        buf.extend_from_slice(&keys[slot]);
        answer(buf, p, sheet, slot, s.answers[slot]);
    });
    buf.push(b'}');
}

/// One answer: a code, a list of codes, or a number.
fn answer(buf: &mut Vec<u8>, p: &Program, sheet: &Sheet, slot: usize, answer: Answer) {
    let item = &p.items[slot];
    match answer {
        Answer::Code(n) => plain(buf, item.code(n).unwrap_or_default()),
        Answer::Codes(at) => {
            buf.push(b'[');
            list(buf, sheet.chosen(item, at), |buf, n| {
                plain(buf, item.code(n).unwrap_or_default());
            });
            buf.push(b']');
        }
        Answer::Int(n) => crate::report::lean::whole(buf, n),
        Answer::Num(n) => json_value(buf, &n),
        Answer::None => buf.extend_from_slice(b"null"),
    }
}
