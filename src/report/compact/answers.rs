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
use crate::report::pieces::{self, Pieces};
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
    /// `,"id":answer` of every answered item, by id; then room for the next record's
    /// (at least a window: padding for [`pieces::append`]).
    text: Vec<u8>,
    /// Where the answers end.
    len: usize,
    /// An answer with no piece, as it is written.
    other: Vec<u8>,
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
            if let Some(sole) = f.sole[r] {
                f.entry_start(text, sole);
            }
            let (head, answers) = (text.len(), &f.answers);
            match f.plain.of(r) {
                Some(leaves) => self.answered.named(text, s, leaves, answers),
                None => (self.answered).because(text, p, s, sheet, p.rules[r], answers),
            }
            let end = text.len();
            text.extend_from_slice(&f.because_tail[r]);
            self.memos.kept(r, head, end);
        }
    }

    /// What made fired rule `r` fire, as JSON.
    pub(super) fn of_rule(&self, s: &Scored, r: u32) -> &[u8] {
        if !s.fires[r as usize] {
            return b"{}";
        }
        let (text, head, end) = self.memos.current(r as usize);
        &text[head..end]
    }

    /// Rule `r`'s entry in the `because` list of a target it feeds, at position `n` of the
    /// target's list (whose starts are `pieces`): for a rule that fired this record. A rule
    /// with a sole target (see [`Fragments::sole`]) remembers its entry's start with it.
    #[inline]
    pub(super) fn entry(
        &self,
        buf: &mut Vec<u8>,
        sole: &[Option<(u32, u32)>],
        pieces: &Pieces,
        n: usize,
        r: usize,
    ) {
        if sole[r].is_none() {
            pieces.append(buf, n);
        }
        buf.extend_from_slice(self.memos.current(r).0);
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
    // Not inlined: in the writer's one long function its loop kept its values on the stack.
    #[inline(never)]
    fn write(&mut self, p: &Program, s: &Scored, sheet: &Sheet, f: &AnswerFragments) {
        self.at.resize(s.answers.len(), (0, 0));
        self.unanswered = 0;
        let (mut pos, mut from) = (0, 0);
        loop {
            // Room for every answer left as a piece: `text` is never cut back, so this grows
            // it only in the first records.
            if self.text.len() < pos + f.room {
                self.text.resize(pos + f.room, 0);
            }
            let rest = &f.by_id[from..];
            let (end, done) = self.pieces(pos, rest, s, sheet, f);
            (pos, from) = (end, from + done);
            let Some(&(slot, base)) = rest.get(done) else {
                break;
            };
            // An answer with no piece: written as before, then put after the others.
            let other = &mut self.other;
            other.clear();
            other_answer(other, f, p, sheet, (slot, base), s.answers[slot]);
            let len = other.len();
            if self.text.len() < pos + len + f.room {
                self.text.resize(pos + len + f.room, 0);
            }
            self.text[pos..pos + len].copy_from_slice(other);
            self.at[slot] = (pos as u32, (pos + len) as u32);
            (pos, from) = (pos + len, from + 1);
        }
        self.len = pos;
    }

    /// Writes the answers of `items` into `text` from `pos`, each from its piece, up to the
    /// first that has none; where the text then ends and how many items were done. `text`
    /// has [`AnswerFragments::room`] from `pos`.
    #[inline]
    fn pieces(
        &mut self,
        mut pos: usize,
        items: &[(usize, (u32, u32))],
        s: &Scored,
        sheet: &Sheet,
        f: &AnswerFragments,
    ) -> (usize, usize) {
        let (text, ranges) = (&mut self.text[..], &mut self.at[..]);
        let mut unanswered = 0;
        for (done, &(slot, base)) in items.iter().enumerate() {
            match s.answers[slot] {
                Answer::Code(n) => pos += f.keyed.put(text, pos, at(base, n)),
                Answer::None => unanswered += usize::from(s.enabled[slot]),
                answer => {
                    let Some((pieces, n)) = f.piece(sheet, slot, answer) else {
                        self.unanswered += unanswered;
                        return (pos, done);
                    };
                    let start = pos;
                    pos += pieces.put(text, pos, n);
                    ranges[slot] = (start as u32, pos as u32);
                }
            }
        }
        self.unanswered += unanswered;
        (pos, items.len())
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

/// `,"id":answer` for an answer that is not one code and has no piece (see
/// [`AnswerFragments::piece`]): a list of codes, or a number.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::pieces::WINDOW;
    use crate::testing::{answers, generated_answer_sets, scored};

    /// Answers written from their pieces, in runs into room made for them, read as each
    /// written the general way: a code's piece appended, any other answer by
    /// [`other_answer`] code by code or digit by digit; and their places and the count of
    /// unanswered items are those of that text.
    #[test]
    fn pieces_in_room_are_the_answers_written_one_by_one() {
        // Answers other than one code, with no piece and with one.
        let mut others = [0, 0];
        for shipped in crate::questionnaire::shipped::SHIPPED {
            let q = crate::questionnaire::parse(shipped.text, shipped.origin).unwrap();
            let (p, pieces) = (Program::for_many(&q), AnswerFragments::new(&q));
            let mut answered = Answered::default();
            for set in generated_answer_sets(&q, 400) {
                let flags: Vec<&str> = (set.iter().map(String::as_str))
                    .filter(|flag| q.slot(flag.split('=').next().unwrap()).is_some())
                    .collect();
                let (sheet, s) = scored(&p, &answers(&q, &flags));
                answered.write(&p, &s, &sheet, &pieces);
                let (mut slow, mut unanswered) = (Vec::new(), 0);
                for &(slot, base) in &pieces.by_id {
                    let start = slow.len();
                    match s.answers[slot] {
                        Answer::Code(code) => pieces.keyed.append(&mut slow, at(base, code)),
                        Answer::None => unanswered += usize::from(s.enabled[slot]),
                        answer => {
                            let piece = pieces.piece(&sheet, slot, answer);
                            others[usize::from(piece.is_some())] += 1;
                            other_answer(&mut slow, &pieces, &p, &sheet, (slot, base), answer);
                            let (from, to) = answered.at[slot];
                            assert_eq!(answered.text[from as usize..to as usize], slow[start..]);
                        }
                    }
                }
                assert_eq!(answered.text[..answered.len], slow, "{set:?}");
                assert_eq!(answered.unanswered, unanswered);
                assert!(answered.text.len() >= answered.len + WINDOW);
            }
        }
        assert!(others[0] > 0 && others[1] > 0, "{others:?}");
    }
}
