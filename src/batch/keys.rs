//! What a run's line readers share: each key and code as it appears in a line, and what a
//! key is (a question, the respondent, or a column to skip).

use std::borrow::Cow;

use super::pattern::{Head, Quoted};
use super::record::Columns;
use crate::questionnaire::ItemType;
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
    /// By slot: the item's kind and codes.
    pub slots: Vec<Slot>,
}

/// What reading an item's answer needs, together.
pub struct Slot {
    pub kind: ItemType,
    pub codes: Quoted,
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
    /// `colon` to compare at once.
    pub head: Head,
}

impl<'p> Keys<'p> {
    /// How many items the questionnaire has.
    pub fn items(&self) -> usize {
        self.items.len()
    }

    pub fn new(p: &'p Program<'p>, cols: &'p Columns) -> Keys<'p> {
        Keys {
            p,
            cols,
            items: p.q.items().map(|item| quoted(&item.id)).collect(),
            items_colon: p.q.items().map(|item| quoted_colon(&item.id)).collect(),
            ids: cols.id_keys.iter().map(|id| quoted(id)).collect(),
            ids_colon: cols.id_keys.iter().map(|id| quoted_colon(id)).collect(),
            slots: (p.items.iter())
                .map(|item| Slot {
                    kind: item.kind,
                    codes: Quoted::new(item.codes.iter().copied()),
                })
                .collect(),
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

    /// `key`, found in a line as `text`, to remember for the next line.
    pub fn learned(&self, key: Key, text: &str) -> Learned<'_> {
        let colon = match key {
            Key::Slot(slot) => Cow::Borrowed(&*self.items_colon[slot as usize]),
            Key::Id(n) => Cow::Borrowed(&*self.ids_colon[n]),
            Key::Unknown => Cow::Owned(quoted_colon(text).into_vec()),
        };
        Learned {
            key,
            head: Head::new(&colon),
            colon,
        }
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
