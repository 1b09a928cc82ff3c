//! What a run's line readers share: each key and code as it appears in a line, and what a
//! key is (a question, the respondent, or a column to skip).

use std::borrow::Cow;

use super::bytes::{is_at, plain_len, quote_len};
use super::code_table::{CodeTable, signature};
use super::pattern::{Head, Quoted};
use super::plan::{Fast, NO_FLIPS, Plan};
use super::record::Columns;
use super::token::Tokens;
use crate::questionnaire::{Item, ItemType};
use crate::scoring::Program;

/// What a key of a line is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Key {
    Slot(u32),
    /// One of the respondent keys, by its place in [`Columns::id_keys`].
    Id(usize),
    /// Not a question, skipped (`--ignore-unknown-columns`).
    Unknown,
}

/// What a run's readers share: the questionnaire, and each key and code as it appears in a
/// line.
pub struct Keys<'p> {
    pub p: &'p Program<'p>,
    cols: &'p Columns,
    /// By slot: `"id"`, and `"id":` as a compact line has it.
    items: Vec<Box<[u8]>>,
    items_colon: Vec<Box<[u8]>>,
    /// By respondent key: `"key"` and `"key":`.
    ids: Vec<Box<[u8]>>,
    ids_colon: Vec<Box<[u8]>>,
    /// By slot, then by respondent key: `"key":` and `,"key":` to compare at once, made
    /// once, as a line whose keys vary learns a dozen of them.
    heads: Vec<[Head; 2]>,
    /// By slot, for a yes/no question read by `fast`: its key with `no` and `yes`, without
    /// the comma before it and with (see [`Tokens`]).
    tokens: Vec<[Option<Tokens>; 2]>,
    /// By slot: the item's id is not a respondent key (which it would be read as).
    question: Vec<bool>,
    /// By slot: the item, its kind and codes.
    pub slots: Vec<Slot<'p>>,
    /// The slots by their ids' [`signature`]s, if a small table tells them apart.
    by_signature: Option<CodeTable>,
}

/// What reading an item's answer needs, together.
pub struct Slot<'p> {
    pub kind: ItemType,
    pub codes: Quoted,
    /// Found once: `Questionnaire::item_at` goes through sections.
    pub item: &'p Item,
    /// How `fast` reads its answers.
    pub plan: Plan,
}

fn quoted(text: &str) -> Box<[u8]> {
    format!("\"{text}\"").into_bytes().into()
}

/// `"key":`
fn quoted_colon(text: &str) -> Box<[u8]> {
    format!("\"{text}\":").into_bytes().into()
}

/// A key as the previous line had it at one place, and as it is written there in a compact
/// line: `"key":` (borrowed from [`Keys`] for every key but one that is not a question).
#[derive(Debug, Clone)]
pub struct Learned<'k> {
    pub key: Key,
    pub colon: Cow<'k, [u8]>,
    /// A comma comes before the key: it is not the line's first.
    comma: bool,
    /// The comma and `colon`, to compare at once: made once, and aligned where it is (see
    /// [`Head`]), so the fast loop compares it without loading it first.
    pub head: &'k Head,
    /// The length of the comma and `colon`.
    pub len: usize,
    /// How the value is read with the key at once, if it can be.
    pub fast: Fast<'k>,
    /// For a yes/no question, its key with its usual answers, to compare whole first.
    pub tokens: Option<&'k Tokens>,
}

impl Learned<'_> {
    /// Whether `line` has the comma and the key at `at`.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub fn is_at(&self, line: &[u8], at: usize) -> bool {
        (self.head.is_at(line, at)).unwrap_or_else(|| {
            let key_at = at + usize::from(self.comma);
            (!self.comma || line.get(at) == Some(&b',')) && is_at(line, key_at, &self.colon)
        })
    }
}

/// The head of a key that is not a question: none, so its own text is compared.
static NO_HEAD: Head = Head::NONE;

/// A key that is not a question, skipped, learned with its own copy of its text.
#[cold]
fn unknown<'k>(text: &str, comma: bool) -> Learned<'k> {
    let colon = quoted_colon(text).into_vec();
    Learned {
        key: Key::Unknown,
        comma,
        head: &NO_HEAD,
        len: colon.len() + usize::from(comma),
        colon: Cow::Owned(colon),
        fast: Fast::General,
        tokens: None,
    }
}

impl<'p> Keys<'p> {
    /// How many items the questionnaire has.
    pub fn items(&self) -> usize {
        self.items.len()
    }

    /// How many respondent keys there are.
    pub fn ids(&self) -> usize {
        self.ids.len()
    }

    pub fn new(p: &'p Program<'p>, cols: &'p Columns) -> Keys<'p> {
        let items_colon: Vec<_> = p.q.items().map(|item| quoted_colon(&item.id)).collect();
        let ids_colon: Vec<_> = cols.id_keys.iter().map(|id| quoted_colon(id)).collect();
        let slots: Vec<Slot> = (p.items.iter().enumerate())
            .map(|(slot, item)| {
                let codes = Quoted::new(item.codes.iter().copied());
                let question = p.q.item_at(slot);
                Slot {
                    kind: item.kind,
                    plan: Plan::new(question, item, &codes),
                    codes,
                    item: question,
                }
            })
            .collect();
        let tokens = (slots.iter().zip(&items_colon).enumerate())
            .map(|(slot, (read, colon))| {
                let Plan::YesNo { .. } = read.plan else {
                    return [None, None];
                };
                let flips = (p.code_bits())
                    .and_then(|c| c.yes_no(slot))
                    .unwrap_or(&NO_FLIPS);
                let comma = [&b","[..], colon].concat();
                [&colon[..], &comma].map(|head| Tokens::new(head, slot as u32, flips))
            })
            .collect();
        Keys {
            p,
            cols,
            items: p.q.items().map(|item| quoted(&item.id)).collect(),
            ids: cols.id_keys.iter().map(|id| quoted(id)).collect(),
            heads: (items_colon.iter().chain(&ids_colon))
                .map(|colon| [Head::new(colon), Head::new(&[&b","[..], colon].concat())])
                .collect(),
            question: p.q.items().map(|item| !cols.is_id(&item.id)).collect(),
            by_signature: CodeTable::of_words(
                &(p.q.items().map(|item| signature(item.id.as_bytes()))).collect::<Vec<_>>(),
            ),
            items_colon,
            ids_colon,
            tokens,
            slots,
        }
    }

    pub fn quoted(&self, key: Key) -> Option<&[u8]> {
        match key {
            Key::Slot(slot) => Some(&self.items[slot as usize]),
            Key::Id(n) => Some(&self.ids[n]),
            Key::Unknown => None,
        }
    }

    /// The item's code spelt exactly, quoted, at `at` of `text`: its position and length.
    /// Codes are `[a-z0-9_]`, so such a string has nothing to unescape.
    #[inline]
    pub fn code_at(&self, slot: usize, text: &[u8], at: usize) -> Option<(u32, usize)> {
        self.slots[slot].codes.find(text, at)
    }

    /// `key`, found in a line as `text` after a comma or not, to remember for the next line.
    // Inlined, with a key that is not a question apart: a line whose keys vary learns a
    // dozen, each then built where it is pushed rather than built and copied.
    #[inline]
    pub fn learned(&self, key: Key, text: &str, comma: bool) -> Learned<'_> {
        let mut tokens = None;
        let (colon, head, fast) = match key {
            Key::Slot(slot) => {
                let head = &self.heads[slot as usize][usize::from(comma)];
                let fast = match self.slots.get(slot as usize) {
                    Some(read) => {
                        let code_bits = self.p.code_bits();
                        Fast::new(read.plan, &read.codes, slot, head, code_bits)
                    }
                    None => Fast::General,
                };
                if !matches!(fast, Fast::General) {
                    tokens = self.tokens[slot as usize][usize::from(comma)].as_ref();
                }
                (&*self.items_colon[slot as usize], head, fast)
            }
            Key::Id(n) => (
                &*self.ids_colon[n],
                &self.heads[self.items.len() + n][usize::from(comma)],
                Fast::General,
            ),
            Key::Unknown => return unknown(text, comma),
        };
        Learned {
            key,
            comma,
            head,
            len: colon.len() + usize::from(comma),
            colon: Cow::Borrowed(colon),
            fast,
            tokens,
        }
    }

    /// The key at `at` of `line`, `"id":`, if it is the question after `slot` (a line's
    /// keys are in the questionnaire's order, some left out): the key and its length. Only
    /// the next is tried: [`Keys::find`] finds any other for about what trying three more
    /// cost (measured: light lean 22,824 with four tried, 22,440 with one).
    pub fn after(&self, slot: u32, line: &[u8], at: usize) -> Option<(Key, usize)> {
        let next = slot as usize + 1;
        let colon = self.items_colon.get(next)?;
        (self.question[next] && is_at(line, at, colon))
            .then_some((Key::Slot(next as u32), colon.len()))
    }

    /// The question whose key is at `at` of `line`, `"id":`, found by the signature of the
    /// text up to the next quote: the key and its length. `None` for any other key (a
    /// respondent key, one with an escape or not a question), which [`Keys::classify`] reads.
    /// A line whose keys vary finds many keys so, without checking their text is UTF-8
    /// (they are the bytes of an id) or hashing it byte by byte.
    #[inline]
    pub fn find(&self, line: &[u8], at: usize) -> Option<(Key, usize)> {
        let rest = line.get(at + 1..)?;
        // As `predicted` ends a key: an id with a backslash is not read here.
        let len = plain_len(rest)?;
        let slot = self
            .by_signature
            .as_ref()?
            .candidate(signature(&rest[..len]));
        let colon = self.items_colon.get(slot)?;
        (self.question[slot] && is_at(line, at, colon))
            .then_some((Key::Slot(slot as u32), colon.len()))
    }

    /// The question whose key, `"id":`, is at `at` of `line`, found by the signature of the
    /// text up to its first quote and then compared whole with its head: what
    /// [`Keys::find`] finds, for a key of up to 31 bytes with a head's bytes after it, with
    /// no scan and no call (a line whose keys vary looks up a dozen a line). `None` where
    /// that takes `find`.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub fn slot_at(&self, line: &[u8], at: usize) -> Option<usize> {
        let slot = self.candidate_at(line, at)?;
        (self.heads.get(slot)?[0].is_at(line, at) == Some(true)).then_some(slot)
    }

    /// The one question whose key may be at `at` of `line`, not compared: for a caller that
    /// compares the key's head itself.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub fn candidate_at(&self, line: &[u8], at: usize) -> Option<usize> {
        let text: &[u8; 32] = line.get(at + 1..)?.first_chunk()?;
        let len = quote_len(text)?;
        let slot = (self.by_signature.as_ref()?).candidate(signature(&text[..len]));
        // A key of the table, not a respondent key.
        self.question.get(slot)?.then_some(slot)
    }

    /// What `key` is; `None` for a question the questionnaire does not have.
    pub fn classify(&self, key: &str) -> Option<Key> {
        if let Some(n) = self.cols.id_keys.iter().position(|k| k == key) {
            return Some(Key::Id(n));
        }
        match self.p.q.slot(key) {
            Some(slot) => Some(Key::Slot(slot as u32)),
            None if self.cols.ignore_unknown => Some(Key::Unknown),
            None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::embedded;

    /// Keys found by their signature are the keys `classify` gives for the same text, and
    /// every question of the default questionnaire is found so.
    #[test]
    fn a_key_found_by_its_signature_is_the_key_classify_gives() {
        let q = embedded();
        let p = Program::for_many(&q);
        let unknown = Columns::with_id(None, true);
        // A question's id may be the respondent key: it is then not read as the question.
        for cols in [
            Columns::default(),
            unknown,
            Columns::with_id(Some("age"), false),
        ] {
            let keys = Keys::new(&p, &cols);
            let mut texts: Vec<String> = vec!["respondent".into(), "x".into(), String::new()];
            for item in q.items() {
                let id = &item.id;
                texts.extend([
                    id.clone(),
                    format!("{id}x"),
                    id[..id.len() - 1].to_string(),
                    id.to_uppercase(),
                    format!("x{id}"),
                ]);
            }
            for text in &texts {
                let line = format!(",\"{text}\":\"yes\"}}");
                let found = keys.find(line.as_bytes(), 1);
                if q.slot(text).is_some() && !cols.is_id(text) {
                    assert!(found.is_some(), "{text}");
                }
                if let Some((key, len)) = found {
                    assert_eq!(Some(key), keys.classify(text), "{text}");
                    assert_eq!(len, text.len() + 3, "{text}");
                }
                // Found whole by its head, with a head's bytes after it, the same.
                let padded = format!("{line}{}", " ".repeat(40));
                let whole = keys.slot_at(padded.as_bytes(), 1);
                assert_eq!(whole.map(|slot| Key::Slot(slot as u32)), found.map(|f| f.0));
            }
            // An escape, a key cut short or without its colon is left to the general reading.
            for line in [
                ",\"age\\u0065\":1",
                ",\"ag\\e\":1",
                ",\"age\"",
                ",\"age\" :1",
                ",\"age",
            ] {
                assert_eq!(keys.find(line.as_bytes(), 1), None, "{line}");
            }
            assert_eq!(keys.find(b",\"age\":1", 1).is_some(), !cols.is_id("age"));
        }
    }
}
