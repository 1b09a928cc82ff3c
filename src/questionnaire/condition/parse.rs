//! Reading a condition from YAML: the raw shape, then a check that it is exactly one kind of
//! node, with messages that say what is missing.

use serde::Deserialize;

use super::{Condition, Leaf, Op, Operand, Subject, UNRESOLVED};

/// The YAML shape of a condition, before it is checked to be exactly one kind of node.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCondition {
    all: Option<Vec<Condition>>,
    any: Option<Vec<Condition>>,
    not: Option<Box<Condition>>,
    q: Option<String>,
    score: Option<String>,
    op: Option<Op>,
    value: Option<Operand>,
}

impl TryFrom<RawCondition> for Condition {
    type Error = String;

    fn try_from(raw: RawCondition) -> Result<Self, String> {
        let leafy =
            raw.q.is_some() || raw.score.is_some() || raw.op.is_some() || raw.value.is_some();
        let kinds = usize::from(raw.all.is_some())
            + usize::from(raw.any.is_some())
            + usize::from(raw.not.is_some())
            + usize::from(leafy);
        if kinds != 1 {
            return Err(
                "a condition needs exactly one of `all`, `any`, `not`, or a leaf `{q, op, value}`"
                    .into(),
            );
        }
        if let Some(cs) = raw.all {
            return Ok(Condition::All(cs));
        }
        if let Some(cs) = raw.any {
            return Ok(Condition::Any(cs));
        }
        if let Some(c) = raw.not {
            return Ok(Condition::Not(c));
        }
        let subject = match (raw.q, raw.score) {
            (Some(q), None) => Subject::Item(q),
            (None, Some(s)) => Subject::Score(s),
            _ => return Err(
                "a condition leaf needs exactly one of `q` (an item id) or `score` (a score id)"
                    .into(),
            ),
        };
        let op = raw.op.ok_or("a condition leaf needs an `op`")?;
        let value = match (op, raw.value) {
            (Op::Answered, None) => Operand::Bool(true),
            (_, Some(v)) => v,
            (_, None) => {
                return Err(format!(
                    "a condition leaf with op `{}` needs a `value`",
                    op.symbol()
                ));
            }
        };
        Ok(Condition::Leaf(Leaf {
            subject,
            op,
            value,
            slot: UNRESOLVED,
        }))
    }
}

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = RawCondition::deserialize(d)?;
        Condition::try_from(raw).map_err(serde::de::Error::custom)
    }
}
