//! One JSON Lines answer set parsed straight into slots, for `dgs score`: no JSON tree, no
//! deserializer, no maps keyed by name. A JSON Lines answer set is a flat object of ids to
//! strings, numbers, booleans, null or arrays of those, and this scanner reads exactly that
//! and nothing more. Anything else (an escape in a string, a nested object, a syntax or
//! answer error, a replayed result document, two respondent keys) returns `None`, and the
//! caller takes the general path, which gives the canonical messages. Numbers are read by
//! `serde_json` itself, so both paths give the same answers (tested in `batch`, and against
//! generated lines below).

use std::borrow::Cow;

use super::record::Columns;
use crate::answers::parse_value;
use crate::answers::raw::Raw;
use crate::questionnaire::Questionnaire;
use crate::questionnaire::Value;

/// A parsed line: the respondent, and the answers by slot.
pub struct AnswerLine {
    pub respondent: Option<serde_json::Value>,
    pub slots: Vec<Option<Value>>,
}

impl AnswerLine {
    pub fn parse(q: &Questionnaire, cols: &Columns, line: &[u8]) -> Option<AnswerLine> {
        // One UTF-8 check for the line, so every string inside it can be borrowed as is.
        let mut s = Scanner {
            text: std::str::from_utf8(line).ok()?,
            at: 0,
        };
        let mut slots: Vec<Option<Value>> = vec![None; q.item_count()];
        let mut seen = vec![false; q.item_count()];
        let mut respondent = None;
        s.expect(b'{')?;
        if !s.eat(b'}') {
            loop {
                let key = s.string()?;
                s.expect(b':')?;
                if cols.is_id(key) {
                    if respondent.is_some() {
                        return None;
                    }
                    respondent = Some(s.respondent()?);
                } else if cols.ignore_unknown && q.slot(key).is_none() {
                    s.value(true)?;
                } else {
                    let slot = q.slot(key)?;
                    if std::mem::replace(&mut seen[slot], true) {
                        return None;
                    }
                    slots[slot] = parse_value(q.item_at(slot), &s.value(true)?).ok()?;
                }
                if s.eat(b'}') {
                    break;
                }
                s.expect(b',')?;
            }
        }
        s.skip_space();
        (s.at == s.text.len()).then_some(AnswerLine { respondent, slots })
    }
}

struct Scanner<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Scanner<'t> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
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

    /// A string without escapes, borrowed from the line.
    fn string(&mut self) -> Option<&'t str> {
        self.expect(b'"')?;
        let rest = &self.text.as_bytes()[self.at..];
        // A backslash starts an escape, and raw control characters are not JSON: both are
        // left to the general path.
        let len = rest
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        if rest[len] != b'"' {
            return None;
        }
        let s = &self.text[self.at..self.at + len];
        self.at += len + 1;
        Some(s)
    }

    /// The characters a JSON number can hold, for `serde_json` to read.
    fn number(&mut self) -> &'t str {
        let start = self.at;
        while let Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') = self.peek() {
            self.at += 1;
        }
        &self.text[start..self.at]
    }

    /// `word` (true, false, null), which must not run on into more letters.
    fn word(&mut self, word: &str) -> Option<()> {
        if !self.text[self.at..].starts_with(word) {
            return None;
        }
        self.at += word.len();
        (!self.peek()?.is_ascii_alphanumeric()).then_some(())
    }

    /// An answer: a string, number, boolean or null, or (when `list` allows) an array of
    /// those. Deeper nesting goes to the general path, which limits its depth.
    fn value(&mut self, list: bool) -> Option<Raw<'t>> {
        self.skip_space();
        Some(match self.peek()? {
            b'"' => Raw::Text(Cow::Borrowed(self.string()?)),
            b'-' | b'0'..=b'9' => Raw::Number(serde_json::from_str(self.number()).ok()?),
            b't' => self.word("true").map(|()| Raw::Bool(true))?,
            b'f' => self.word("false").map(|()| Raw::Bool(false))?,
            b'n' => self.word("null").map(|()| Raw::Empty)?,
            b'[' if list => {
                self.at += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(false)?);
                        if self.eat(b']') {
                            break;
                        }
                        self.expect(b',')?;
                    }
                }
                Raw::List(items)
            }
            _ => return None,
        })
    }

    /// Who the answers are from: a string, number, boolean or null, kept as JSON.
    fn respondent(&mut self) -> Option<serde_json::Value> {
        self.skip_space();
        Some(match self.peek()? {
            b'"' => serde_json::Value::String(self.string()?.to_string()),
            b'-' | b'0'..=b'9' => serde_json::from_str(self.number()).ok()?,
            _ => match self.value(false)? {
                Raw::Bool(b) => serde_json::Value::Bool(b),
                _ => serde_json::Value::Null,
            },
        })
    }
}
