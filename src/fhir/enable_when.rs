//! An item's `enable_when` as FHIR `enableWhen` + `enableBehavior` where it maps onto them,
//! else as the SDC `enableWhenExpression` (`FHIRPath`).
//!
//! `enableWhen` is a flat list joined by one behaviour (`all` or `any`), with FHIR's rules for
//! several answers: `=` holds when any answer equals, `!=` when none does — so `!=` also holds
//! for an unanswered item, where a dgs condition holds for nothing but "unanswered". The
//! condition is turned into that shape exactly or not at all:
//! - `not` is pushed down to the leaves; `not (x = v)` is FHIR's `x != v`; dgs's `x != v` is
//!   `x exists` and `x != v` (under `all`);
//! - `in` is several `=` under `any`; an order on a single choice (options are ordered by
//!   their weights) is `=` for each option that passes;
//! - a score is compared through its read-only item (a `decimal`).
//!
//! A condition that needs both behaviours at once (an `all` of `any`s), or compares a value
//! of another type than the item's, is given as an expression instead.

use serde_json::{Value as Json, json};

use super::codes::yes_no_coding;
use super::fhirpath;
use super::links::Links;
use crate::questionnaire::condition::{Condition, Leaf, Op, Operand, Subject};
use crate::questionnaire::{Item, ItemType, Questionnaire};

/// How an item's condition is written.
#[derive(Debug, PartialEq)]
pub enum Written {
    /// Always enabled (an empty `all`): nothing to write.
    Always,
    /// `enableWhen` entries and, for more than one, the behaviour.
    EnableWhen(Vec<Json>, Option<&'static str>),
    /// An SDC `enableWhenExpression`.
    Expression(String),
}

#[derive(Debug, Clone)]
enum Tree {
    True,
    False,
    Atom(Json),
    All(Vec<Tree>),
    Any(Vec<Tree>),
}

pub fn write(q: &Questionnaire, links: &Links, cond: &Condition) -> Written {
    let tree = tree(q, links, cond, false).map(simplify);
    let atoms = |trees: &[Tree]| -> Option<Vec<Json>> {
        (trees.iter())
            .map(|t| match t {
                Tree::Atom(a) => Some(a.clone()),
                _ => None,
            })
            .collect()
    };
    let written = match &tree {
        Some(Tree::True) => Some(Written::Always),
        Some(Tree::Atom(a)) => Some(Written::EnableWhen(vec![a.clone()], None)),
        Some(Tree::All(ts)) => atoms(ts).map(|a| Written::EnableWhen(a, Some("all"))),
        Some(Tree::Any(ts)) => atoms(ts).map(|a| Written::EnableWhen(a, Some("any"))),
        Some(Tree::False) | None => None,
    };
    written.unwrap_or_else(|| Written::Expression(fhirpath::condition(q, links, cond)))
}

fn tree(q: &Questionnaire, links: &Links, cond: &Condition, negated: bool) -> Option<Tree> {
    let children = |cs: &[Condition]| -> Option<Vec<Tree>> {
        cs.iter().map(|c| tree(q, links, c, negated)).collect()
    };
    Some(match (cond, negated) {
        (Condition::All(cs), false) | (Condition::Any(cs), true) => Tree::All(children(cs)?),
        (Condition::Any(cs), false) | (Condition::All(cs), true) => Tree::Any(children(cs)?),
        (Condition::Not(c), _) => tree(q, links, c, !negated)?,
        (Condition::Leaf(leaf), _) => self::leaf(q, links, leaf, negated)?,
    })
}

/// Flattens nested `all`s and `any`s and folds in `true` and `false`.
fn simplify(tree: Tree) -> Tree {
    let join = |children: Vec<Tree>, all: bool| {
        let (unit, zero) = if all { (true, false) } else { (false, true) };
        let mut out = Vec::new();
        for child in children.into_iter().map(simplify) {
            match child {
                Tree::True if unit => {}
                Tree::False if !unit => {}
                Tree::True | Tree::False => return if zero { Tree::True } else { Tree::False },
                Tree::All(inner) if all => out.extend(inner),
                Tree::Any(inner) if !all => out.extend(inner),
                other => out.push(other),
            }
        }
        match out.len() {
            0 if all => Tree::True,
            0 => Tree::False,
            1 => out.pop().unwrap_or(Tree::True),
            _ if all => Tree::All(out),
            _ => Tree::Any(out),
        }
    };
    match tree {
        Tree::All(cs) => join(cs, true),
        Tree::Any(cs) => join(cs, false),
        other => other,
    }
}

fn leaf(q: &Questionnaire, links: &Links, leaf: &Leaf, negated: bool) -> Option<Tree> {
    let (link, item) = match &leaf.subject {
        Subject::Item(id) => {
            let item = q.item(id)?;
            (item.link().to_string(), Some(item))
        }
        Subject::Score(id) => {
            let n = q.scores.iter().position(|s| &s.id == id)?;
            (links.scores[n].clone(), None)
        }
    };
    let atom = |op: &str, answer: Option<(&str, Json)>| {
        let mut a = json!({"question": link, "operator": op});
        if let Some((kind, value)) = answer {
            a[format!("answer{kind}")] = value;
        }
        Tree::Atom(a)
    };
    let answer = |value: &Operand| answer(q, item, value);
    let exists = |yes: bool| atom("exists", Some(("Boolean", json!(yes))));
    Some(match (leaf.op, negated) {
        (Op::Answered, _) => exists((leaf.value != Operand::Bool(false)) != negated),
        (Op::Eq | Op::Contains, false) => atom("=", Some(answer(&leaf.value)?)),
        (Op::Eq | Op::Contains, true) => atom("!=", Some(answer(&leaf.value)?)),
        (Op::Ne, false) => Tree::All(vec![exists(true), atom("!=", Some(answer(&leaf.value)?))]),
        (Op::Ne, true) => Tree::Any(vec![exists(false), atom("=", Some(answer(&leaf.value)?))]),
        (Op::In, _) => {
            let list = match &leaf.value {
                Operand::List(list) => list.clone(),
                other => vec![other.clone()],
            };
            let (op, each): (&str, fn(Vec<Tree>) -> Tree) = if negated {
                ("!=", Tree::All)
            } else {
                ("=", Tree::Any)
            };
            let atoms: Option<Vec<Tree>> = list
                .iter()
                .map(|v| Some(atom(op, Some(answer(v)?))))
                .collect();
            each(atoms?)
        }
        (op, negated) => match item {
            Some(item) if !item.kind.is_numeric() => {
                let passing = passing_codes(item, op, &leaf.value);
                let (op, each): (&str, fn(Vec<Tree>) -> Tree) = if negated {
                    ("!=", Tree::All)
                } else {
                    ("=", Tree::Any)
                };
                let atoms: Option<Vec<Tree>> = (passing.iter())
                    .map(|code| Some(atom(op, Some(answer(&Operand::Text(code.clone()))?))))
                    .collect();
                each(atoms?)
            }
            _ if negated => Tree::Any(vec![
                exists(false),
                atom(flip(op), Some(answer(&leaf.value)?)),
            ]),
            _ => atom(op.symbol(), Some(answer(&leaf.value)?)),
        },
    })
}

/// The operator that holds exactly when `op` does not, for one answered number.
fn flip(op: Op) -> &'static str {
    match op {
        Op::Lt => ">=",
        Op::Le => ">",
        Op::Gt => "<=",
        _ => "<",
    }
}

/// The options of a single choice whose weight passes `op bound`.
fn passing_codes(item: &Item, op: Op, bound: &Operand) -> Vec<String> {
    let bound = match bound {
        Operand::Number(n) => Some(*n),
        Operand::Text(code) => item.option(code).and_then(|o| o.weight),
        _ => None,
    };
    let (Some(bound), ItemType::SingleChoice) = (bound, item.kind) else {
        return Vec::new();
    };
    (item.options.iter())
        .filter(|o| {
            o.weight.is_some_and(|w| match op {
                Op::Lt => w < bound,
                Op::Le => w <= bound,
                Op::Gt => w > bound,
                _ => w >= bound,
            })
        })
        .map(|o| o.value.clone())
        .collect()
}

/// The `answer[x]` for a value compared with an item (a score when `item` is `None`): its
/// type suffix and value, or `None` when the value is not of the item's type.
fn answer(q: &Questionnaire, item: Option<&Item>, value: &Operand) -> Option<(&'static str, Json)> {
    let Some(item) = item else {
        return match value {
            Operand::Number(n) => Some(("Decimal", super::codes::number(*n))),
            _ => None,
        };
    };
    match (item.kind, value) {
        (ItemType::YesNo, Operand::Text(t)) if !item.not_sure && (t == "yes" || t == "no") => {
            Some(("Boolean", json!(t == "yes")))
        }
        (ItemType::YesNo, Operand::Text(t)) if item.not_sure => {
            yes_no_coding(t).map(|c| ("Coding", json!({"system": c["system"], "code": c["code"]})))
        }
        (ItemType::SingleChoice | ItemType::MultipleChoice, Operand::Text(t)) => {
            let mut coding = super::codes::option_coding(&q.id, item, item.option(t)?);
            // A condition compares codes: the display is the Questionnaire's to give.
            if let Some(map) = coding.as_object_mut() {
                map.remove("display");
            }
            Some(("Coding", coding))
        }
        (ItemType::Integer, Operand::Number(n)) if n.fract() == 0.0 && n.abs() < 9.0e15 => {
            Some(("Integer", json!(*n as i64)))
        }
        (ItemType::Number, Operand::Number(n)) => Some(("Decimal", super::codes::number(*n))),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
