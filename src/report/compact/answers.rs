//! Answers as a result lists them, `{"id":answer,…}` sorted by id: every answer the result
//! rests on, and what made each fired rule fire. A record's answers are written once, each
//! as `,"id":answer` from text prerendered per item and code; the answers object copies
//! that text, and an explanation that names an answer copies the same text: a single code's
//! from its piece, any other answer's from the record's.

use super::answer_fragments::{AnswerFragments, at};
use super::entry_heads::EntryHeads;
use super::fragments::Fragments;
use super::memo::Memos;
use super::named::{self, Named};
use crate::report::numbers::{float, whole};
use crate::report::pieces;
use crate::scoring::program::Root;
use crate::scoring::{Answer, Program, Scored, Sheet};

/// A record's answers and each fired rule's explanation as JSON, kept from one record to the
/// next so that a record allocates nothing once they have grown.
#[derive(Debug, Default)]
pub struct Explained {
    answered: Answered,
    /// By rule: its explanations, remembered, each then the end of a target's entry for it
    /// (`because_tail`), so that entry copies both at once.
    memos: Memos,
    /// The starts of ranked targets' entries.
    pub(super) heads: EntryHeads,
}

/// A record's answers as text.
#[derive(Debug, Default)]
struct Answered {
    /// `,"id":answer` of every answered item, by id; then padding for [`pieces::append`].
    text: Vec<u8>,
    /// Where the padding starts.
    len: usize,
    /// By slot: its range of `text`, for the items answered this record with something
    /// other than one code (an explanation copies a single code's text from its piece,
    /// so most answers need no range kept).
    at: Vec<(u32, u32)>,
    /// How many enabled items have no answer: counted on the way, so that a record that
    /// answers everything does not look through every slot again for the ones it left.
    unanswered: usize,
}

impl Explained {
    /// Writes `s`'s answers and explains every fired rule the result shows.
    pub(super) fn explain(&mut self, p: &Program, s: &Scored, sheet: &Sheet, f: &Fragments) {
        self.answered.write(p, s, sheet, &f.answers);
        for &r in &s.fired {
            let r = r as usize;
            if !f.shown[r] {
                continue;
            }
            let Some(text) = self.memos.find(&f.reads, p, s, sheet, r) else {
                continue;
            };
            let answers = &f.answers;
            match f.plain.of(r) {
                Some(leaves) => self.answered.named(text, s, leaves, answers),
                None => (self.answered).because(text, p, s, sheet, p.rules[r], answers),
            }
            let end = text.len();
            text.extend_from_slice(&f.because_tail[r]);
            self.memos.kept(r, end);
        }
    }

    /// What made fired rule `r` fire, as JSON.
    pub(super) fn of_rule(&self, s: &Scored, r: u32) -> &[u8] {
        if !s.fires[r as usize] {
            return b"{}";
        }
        let (text, end) = self.memos.current(r as usize);
        &text[..end]
    }

    /// What made rule `r` fire, then its tail: for a rule that fired this record.
    pub(super) fn with_tail(&self, r: usize) -> &[u8] {
        self.memos.current(r).0
    }

    /// `{"id":answer,…}`: every answer of an enabled item, sorted by id.
    pub(super) fn all(&self, buf: &mut Vec<u8>) {
        buf.push(b'{');
        // Past the first answer's comma.
        let answers = &self.answered.text[..self.answered.len];
        buf.extend_from_slice(answers.get(1..).unwrap_or_default());
        buf.push(b'}');
    }

    /// How many of the record's enabled items have no answer.
    pub(super) fn unanswered(&self) -> usize {
        self.answered.unanswered
    }

    /// What a holding condition read (a class's), as JSON.
    pub(super) fn because(
        &self,
        buf: &mut Vec<u8>,
        p: &Program,
        s: &Scored,
        sheet: &Sheet,
        root: Root,
        f: &AnswerFragments,
    ) {
        self.answered.because(buf, p, s, sheet, root, f);
    }
}

impl Answered {
    fn write(&mut self, p: &Program, s: &Scored, sheet: &Sheet, f: &AnswerFragments) {
        self.text.clear();
        self.at.resize(s.answers.len(), (0, 0));
        self.unanswered = 0;
        for &(slot, base) in &f.by_id {
            match s.answers[slot] {
                Answer::Code(n) => f.keyed.append(&mut self.text, at(base, n)),
                Answer::None => self.unanswered += usize::from(s.enabled[slot]),
                answer => {
                    let start = self.text.len() as u32;
                    other_answer(&mut self.text, f, p, sheet, (slot, base), answer);
                    self.at[slot] = (start, self.text.len() as u32);
                }
            }
        }
        self.len = self.text.len();
        pieces::pad(&mut self.text);
    }

    /// What a holding condition read: its known leaves' answers and scores.
    fn because(
        &self,
        buf: &mut Vec<u8>,
        p: &Program,
        s: &Scored,
        sheet: &Sheet,
        root: Root,
        f: &AnswerFragments,
    ) {
        let start = buf.len();
        p.because_scored(root, s, sheet, |leaf| {
            self.leaf(buf, s, leaf.score, leaf.slot, f);
        });
        pieces::enclose(buf, start, *b"{}");
    }

    /// The same for a rule without `any`, from the leaves it can name.
    fn named(&self, buf: &mut Vec<u8>, s: &Scored, leaves: &[Named], f: &AnswerFragments) {
        let start = buf.len();
        named::named(s, leaves, |leaf| {
            self.leaf(buf, s, leaf.score, leaf.slot, f);
        });
        pieces::enclose(buf, start, *b"{}");
    }

    /// A named leaf's subject and its answer (or value), as `,"id":answer`: the text the
    /// answers object has for it. A leaf is named only when its subject is known.
    #[inline]
    fn leaf(&self, buf: &mut Vec<u8>, s: &Scored, score: bool, slot: usize, f: &AnswerFragments) {
        if score {
            // Written only when an explanation is: most are remembered.
            buf.extend_from_slice(&f.score_key[slot]);
            float(buf, s.scores.values[slot].unwrap_or_default());
            return;
        }
        if let Answer::Code(n) = s.answers[slot] {
            f.keyed.append(buf, at(f.base[slot], n));
        } else {
            let (start, end) = self.at[slot];
            pieces::append(buf, &self.text, start as usize, (end - start) as usize);
        }
    }
}

/// `,"id":answer` for an answer that is not one code: a list of codes, or a number.
fn other_answer(
    buf: &mut Vec<u8>,
    f: &AnswerFragments,
    p: &Program,
    sheet: &Sheet,
    (slot, base): (usize, (u32, u32)),
    answer: Answer,
) {
    match answer {
        Answer::Codes(chosen) => {
            let item = &p.items[slot];
            if f.choices(
                buf,
                slot,
                &sheet.bits[chosen as usize..][..item.words as usize],
            ) {
                return;
            }
            f.open.append(buf, slot);
            let mut codes = sheet.chosen(item, chosen);
            if let Some(n) = codes.next() {
                f.code.append(buf, at(base, n));
            }
            for n in codes {
                f.more.append(buf, at(base, n));
            }
            buf.push(b']');
        }
        Answer::Int(n) => {
            if f.int(buf, slot, n) {
                return;
            }
            f.key.append(buf, slot);
            whole(buf, n);
        }
        Answer::Num(n) => {
            f.key.append(buf, slot);
            float(buf, n);
        }
        Answer::Code(_) | Answer::None => {
            f.key.append(buf, slot);
            buf.extend_from_slice(b"null");
        }
    }
}
