//! One JSON Lines answer set parsed straight into slots, for `dgs score`: no intermediate
//! JSON tree, no maps keyed by name. It takes only the common, clean case; anything else
//! (an error, a replayed result document, two respondent keys) returns `None`, and the
//! caller uses the general path, which gives the canonical messages. Both paths give the
//! same answers (tested in `batch`).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::answers::{Value, parse_value};
use crate::questionnaire::Questionnaire;
use crate::raw_answers::Raw;

/// A parsed line: the respondent, and the answers by slot.
pub struct AnswerLine {
    pub respondent: Option<serde_json::Value>,
    pub slots: Vec<Option<Value>>,
}

impl AnswerLine {
    pub fn parse(q: &Questionnaire, line: &[u8]) -> Option<AnswerLine> {
        // One UTF-8 check for the line, instead of one per string inside it.
        let mut de = serde_json::Deserializer::from_str(std::str::from_utf8(line).ok()?);
        let (respondent, raws) = de.deserialize_map(LineVisitor { q }).ok()??;
        de.end().ok()?;
        let mut slots = Vec::with_capacity(raws.len());
        for (slot, raw) in raws.into_iter().enumerate() {
            slots.push(match raw {
                None => None,
                Some(raw) => parse_value(q.item_at(slot), &raw).ok()?,
            });
        }
        Some(AnswerLine { respondent, slots })
    }
}

type Parsed<'de> = Option<(Option<serde_json::Value>, Vec<Option<Raw<'de>>>)>;

struct LineVisitor<'q> {
    q: &'q Questionnaire,
}

impl<'de> Visitor<'de> for LineVisitor<'_> {
    type Value = Parsed<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping of question ids to answers")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Parsed<'de>, A::Error> {
        let mut raws: Vec<Option<Raw<'de>>> = vec![None; self.q.item_count()];
        let mut respondent = None;
        let mut clean = true;
        // Keys are borrowed from the line; a key with escapes fails here and the line takes
        // the general path.
        while let Some(key) = map.next_key::<&'de str>()? {
            if matches!(key, "respondent" | "id") {
                // With both keys, the general path decides which is the respondent.
                clean &= respondent.is_none();
                respondent = Some(map.next_value::<serde_json::Value>()?);
            } else if let Some(slot) = self.q.slot(key) {
                // A question answered twice is refused by the general path.
                clean &= raws[slot].is_none();
                raws[slot] = Some(map.next_value::<RawValue<'de>>()?.0);
            } else {
                // Unknown ids, and `schema` of a replayed result: the general path.
                clean = false;
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(clean.then_some((respondent, raws)))
    }
}

/// A [`Raw`] read straight from JSON, its text borrowed from the line; nested objects are
/// left to the general path.
struct RawValue<'de>(Raw<'de>);

impl<'de> de::Deserialize<'de> for RawValue<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor).map(RawValue)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an answer")
    }
    fn visit_unit<E>(self) -> Result<Raw<'de>, E> {
        Ok(Raw::Empty)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Raw<'de>, E> {
        Ok(Raw::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Raw<'de>, E> {
        Ok(Raw::Number(n as f64))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Raw<'de>, E> {
        Ok(Raw::Number(n as f64))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Raw<'de>, E> {
        Ok(Raw::Number(n))
    }
    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Raw<'de>, E> {
        Ok(Raw::Text(Cow::Borrowed(s)))
    }
    fn visit_str<E>(self, s: &str) -> Result<Raw<'de>, E> {
        Ok(Raw::Text(Cow::Owned(s.to_string())))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(RawValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Raw::List(items))
    }
}
