//! One JSON Lines answer set read straight into a [`Sheet`], for `dgs score`: no JSON tree,
//! no deserializer, no strings or lists allocated. A JSON Lines answer set is a flat object
//! of ids to strings, numbers, booleans, null or arrays of those, and this scanner reads
//! exactly that and nothing more. Anything else (an escape in a string, a nested object, a
//! syntax or answer error, a replayed result document, two respondent keys) returns `None`,
//! and the caller takes the general path, which gives the canonical messages; the answers
//! this reader accepts are the ones the general path's checks give (tested in `batch`).
//!
//! A line is first read in place by `predicted` (compact, codes spelt as the questionnaire
//! spells them: every line of an export); this scanner reads what that gives up on, such as
//! space between tokens or codes in other spellings (`Yes`, ` thigh `), and likewise compares
//! each key with the one the previous line had at that place before looking it up.

use super::bytes::is_at;
use super::keys::{Key, Keys, Learned};
use super::known::Known;
use super::predicted;
use super::value::{Chosen, answer_of_bool, answer_of_number, answer_of_text, json_number};
use crate::questionnaire::ItemType;
use crate::scoring::{Answer, Sheet};

pub use super::value::{Read, Respondent};

/// A reader of lines, kept by one worker: it remembers the previous line's keys.
pub struct LineReader<'k> {
    keys: &'k Keys<'k>,
    known: Known<'k>,
    order: Vec<Learned<'k>>,
    /// `order` is the keys of a line that was read, so it has no question twice and at
    /// most one respondent key: a line whose keys are `order`'s has none twice either.
    unique: bool,
    /// `order` is unique and has every question: a line whose keys are `order`'s sets every
    /// slot, so the sheet need not be cleared before it (89 slots on a heavy line).
    full: bool,
    seen: Vec<bool>,
}

impl<'k> LineReader<'k> {
    pub fn new(keys: &'k Keys<'k>) -> LineReader<'k> {
        LineReader {
            keys,
            known: Known::new(keys),
            order: Vec::new(),
            unique: true,
            full: false,
            seen: vec![false; keys.items()],
        }
    }

    /// Reads `line` into `sheet`; the respondent, or `None` when the general path must read
    /// the line.
    pub fn read<'t>(&mut self, line: &'t [u8], sheet: &mut Sheet) -> Option<Read<'t>> {
        let full = std::mem::replace(&mut self.full, false);
        if !full {
            sheet.clear();
        }
        self.seen.fill(false);
        let keys = self.keys;
        // Learning keys changes `order`: it is unique again only once a line has been read.
        let unique = std::mem::replace(&mut self.unique, false);
        let order = &mut self.order;
        if let Some((found, kept)) = predicted::read(
            keys,
            &self.known,
            order,
            unique,
            line,
            sheet,
            &mut self.seen,
        ) {
            self.unique = true;
            if full && kept {
                self.full = true;
                return Some(found);
            }
            if !full {
                self.full = self.has_every_question();
                return Some(found);
            }
            // The line's keys are not all the learned ones, so slots it leaves out hold the
            // previous line's answers: read it again on a clear sheet, its keys now learned.
            sheet.clear();
            self.seen.fill(false);
            let order = &mut self.order;
            if let Some((found, _)) =
                predicted::read(keys, &self.known, order, true, line, sheet, &mut self.seen)
            {
                self.full = self.has_every_question();
                return Some(found);
            }
            self.unique = false;
        }
        sheet.clear();
        self.seen.fill(false);
        let mut s = Scanner { text: line, at: 0 };
        let mut respondent = None;
        s.expect(b'{')?;
        if s.eat(b'}') {
            // No keys: `order` is left with none, which is unique.
            self.order.clear();
            self.unique = s.end();
            return self.unique.then_some(Read { respondent });
        }
        for n in 0.. {
            s.skip_space();
            let key = self.key(&mut s, n)?;
            match key {
                Key::Id(_) => {
                    s.expect(b':')?;
                    if respondent.is_some() {
                        return None;
                    }
                    respondent = Some(s.respondent()?);
                }
                Key::Unknown => {
                    s.expect(b':')?;
                    s.skip_value()?;
                }
                Key::Slot(slot) => {
                    s.expect(b':')?;
                    if std::mem::replace(&mut self.seen[slot as usize], true) {
                        return None;
                    }
                    let answer = self.answer(&mut s, slot as usize, sheet)?;
                    sheet.answers[slot as usize] = answer;
                }
            }
            if s.eat(b'}') {
                self.order.truncate(n + 1);
                break;
            }
            s.expect(b',')?;
        }
        // `order` is now this line's keys, checked for repeats.
        self.unique = s.end();
        self.unique.then_some(Read { respondent })
    }

    /// Whether `order`, unique, has every question.
    fn has_every_question(&self) -> bool {
        let items = self.keys.items();
        self.unique
            && self.order.len() >= items
            && (self.order.iter())
                .filter(|learned| matches!(learned.key, Key::Slot(_)))
                .count()
                == items
    }

    /// The `n`th key of the line: the previous line's `n`th if it is the same, else read and
    /// looked up (and remembered for the next line).
    fn key(&mut self, s: &mut Scanner, n: usize) -> Option<Key> {
        if let Some(expected) = self.order.get(n).map(|learned| learned.key) {
            if let Some(quoted) = self.keys.quoted(expected) {
                if is_at(s.text, s.at, quoted) {
                    s.at += quoted.len();
                    return Some(expected);
                }
            }
        }
        let text = s.string()?;
        let key = self.keys.classify(text)?;
        self.order.truncate(n);
        self.order
            .push(self.known.learned(self.keys, key, text, n > 0));
        Some(key)
    }

    /// A string here that is exactly one of the item's codes: its position, and the string
    /// is taken. Codes are `[a-z0-9_]`, so such a string has nothing to unescape.
    fn code(&self, s: &mut Scanner, slot: usize) -> Option<u32> {
        let (n, len) = self.keys.code_at(slot, s.text, s.at)?;
        s.at += len;
        Some(n)
    }

    /// One answer for the item in `slot`, checked as `answers::check` checks it.
    fn answer(&self, s: &mut Scanner, slot: usize, sheet: &mut Sheet) -> Option<Answer> {
        let p = self.keys.p;
        let (item, codes) = (p.q.item_at(slot), &p.items[slot]);
        s.skip_space();
        match s.peek()? {
            b'"' if item.kind == ItemType::MultipleChoice => {
                let mut choices = Chosen::new(sheet, item, codes);
                match self.code(s, slot) {
                    Some(code) => choices.add_code(code),
                    None => choices.add_text(s.string()?)?,
                }
                choices.answer()
            }
            b'"' if item.kind.is_numeric() => answer_of_text(item, s.string()?),
            // A code as the questionnaire spells it (nearly every answer), else as
            // `answers::check` reads text: trimmed, in any case, `y` for `yes`.
            b'"' => match self.code(s, slot) {
                Some(code) => Some(Answer::Code(code)),
                None => answer_of_text(item, s.string()?),
            },
            b'-' | b'0'..=b'9' => answer_of_number(item, json_number(s.number())?),
            b't' => s.word("true").and_then(|()| answer_of_bool(item, true)),
            b'f' => s.word("false").and_then(|()| answer_of_bool(item, false)),
            b'n' => s.word("null").map(|()| Answer::None),
            b'[' if item.kind == ItemType::MultipleChoice => {
                s.at += 1;
                let mut choices = Chosen::new(sheet, item, codes);
                if !s.eat(b']') {
                    loop {
                        s.skip_space();
                        if s.peek()? != b'"' {
                            return None;
                        }
                        match self.code(s, slot) {
                            Some(code) => choices.add_code(code),
                            None => choices.add_text(s.string()?)?,
                        }
                        if s.eat(b']') {
                            break;
                        }
                        s.expect(b',')?;
                    }
                }
                choices.answer()
            }
            _ => None,
        }
    }
}

struct Scanner<'t> {
    text: &'t [u8],
    at: usize,
}

impl<'t> Scanner<'t> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn rest(&self) -> &'t [u8] {
        &self.text[self.at..]
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// Skips space, then takes `byte` if it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        self.skip_space();
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.eat(byte).then_some(())
    }

    /// Nothing but space is left.
    fn end(&mut self) -> bool {
        self.skip_space();
        self.at == self.text.len()
    }

    /// A string without escapes or control characters, borrowed from the line, and UTF-8
    /// (the general path reports a line that is not).
    fn string(&mut self) -> Option<&'t str> {
        self.expect(b'"')?;
        let rest = self.rest();
        let len = rest
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        if rest[len] != b'"' {
            return None;
        }
        self.at += len + 1;
        std::str::from_utf8(&rest[..len]).ok()
    }

    /// The characters a JSON number can hold.
    fn number(&mut self) -> &'t [u8] {
        let start = self.at;
        while let Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') = self.peek() {
            self.at += 1;
        }
        &self.text[start..self.at]
    }

    /// `word` (true, false, null), which must not run on into more letters.
    fn word(&mut self, word: &str) -> Option<()> {
        if !self.rest().starts_with(word.as_bytes()) {
            return None;
        }
        self.at += word.len();
        (!self.peek()?.is_ascii_alphanumeric()).then_some(())
    }

    /// A value of a key that is not a question: a string, number, literal, or an array of
    /// those. Deeper nesting goes to the general path, which limits its depth.
    fn skip_value(&mut self) -> Option<()> {
        self.skip_space();
        match self.peek()? {
            b'[' => {
                self.at += 1;
                if !self.eat(b']') {
                    loop {
                        self.skip_space();
                        if self.peek()? == b'[' {
                            return None;
                        }
                        self.skip_value()?;
                        if self.eat(b']') {
                            break;
                        }
                        self.expect(b',')?;
                    }
                }
                Some(())
            }
            _ => self.respondent().map(|_| ()),
        }
    }

    /// Who the answers are from: a string, number, boolean or null.
    fn respondent(&mut self) -> Option<Respondent<'t>> {
        self.skip_space();
        Some(match self.peek()? {
            b'"' => Respondent::Text(self.string()?),
            b'-' | b'0'..=b'9' => Respondent::Json(serde_json::from_slice(self.number()).ok()?),
            b't' => self.word("true").map(|()| Respondent::Json(true.into()))?,
            b'f' => self
                .word("false")
                .map(|()| Respondent::Json(false.into()))?,
            b'n' => self
                .word("null")
                .map(|()| Respondent::Json(serde_json::Value::Null))?,
            _ => return None,
        })
    }
}
