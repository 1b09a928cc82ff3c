//! `FHIRPath` (the expression language of FHIR and SDC) for what `enableWhen` cannot say and
//! for scores: conditions as boolean expressions, and scores and classifications as
//! `calculatedExpression`s, read against the response (`%resource`) as a form filler does.
//!
//! Every expression follows the dgs rule it stands for: an unanswered (or disabled) item
//! satisfies nothing but "unanswered"; a score without a value is empty; a division by zero
//! gives no value; rounding is to the score's declared decimals.

use crate::questionnaire::condition::{Condition, Leaf, Op, Operand, Subject};
use crate::questionnaire::formula::{Expr, Formula, Function, Target};
use crate::questionnaire::{Item, ItemType, Method, Questionnaire};

use super::codes::{self, yes_no_code};
use super::links::Links;

/// A `FHIRPath` string literal.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            other => out.push(other),
        }
    }
    out.push('\'');
    out
}

/// A `FHIRPath` number literal; negative ones in parentheses, so they can stand anywhere.
pub fn number(value: f64) -> String {
    if value < 0.0 {
        format!("(-{})", -value)
    } else {
        format!("{value}")
    }
}

/// The answers' values of the item with this linkId, at any depth of the response.
pub fn answers(link: &str) -> String {
    format!(
        "%resource.repeat(item).where(linkId = {}).answer.value",
        string(link)
    )
}

/// What an item adds to a score, as a collection of one number, empty when unanswered: the
/// chosen option's weight (0 without one; summed for multiple choice), 1 for `yes` and
/// `not sure`, the number itself for numeric items.
pub fn contribution(item: &Item) -> String {
    let values = answers(item.link());
    match item.kind {
        ItemType::Integer | ItemType::Number => values,
        ItemType::YesNo if item.not_sure => format!("{values}.select(iif(code = 'N', 0, 1))"),
        ItemType::YesNo => format!("{values}.select(iif($this, 1, 0))"),
        ItemType::SingleChoice => format!("{values}.select({})", weight_of_code(item)),
        ItemType::MultipleChoice => format!(
            "iif({values}.exists(), {values}.select({}).aggregate($this + $total, 0))",
            weight_of_code(item)
        ),
    }
}

/// The weight of the option whose code is `code` (of `$this`), as nested `iif`s; 0 for an
/// option without a weight.
fn weight_of_code(item: &Item) -> String {
    let weighted: Vec<(&str, f64)> = (item.options.iter())
        .filter_map(|o| {
            o.weight
                .filter(|w| *w != 0.0)
                .map(|w| (codes::option_code(o), w))
        })
        .collect();
    let mut out = "0".to_string();
    for (code, weight) in weighted.iter().rev() {
        out = format!("iif(code = {}, {}, {out})", string(code), number(*weight));
    }
    out
}

/// A condition as a `FHIRPath` boolean: always `true` or `false`, never empty.
pub fn condition(q: &Questionnaire, links: &Links, cond: &Condition) -> String {
    let join = |cs: &[Condition], op: &str, empty: &str| {
        if cs.is_empty() {
            return empty.to_string();
        }
        let parts: Vec<String> = cs.iter().map(|c| condition(q, links, c)).collect();
        if parts.len() == 1 {
            parts.into_iter().next().unwrap_or_default()
        } else {
            format!("({})", parts.join(&format!(" {op} ")))
        }
    };
    match cond {
        Condition::All(cs) => join(cs, "and", "true"),
        Condition::Any(cs) => join(cs, "or", "false"),
        Condition::Not(c) => format!("{}.not()", condition(q, links, c)),
        Condition::Leaf(leaf) => self::leaf(q, links, leaf),
    }
}

fn leaf(q: &Questionnaire, links: &Links, leaf: &Leaf) -> String {
    let (values, item) = match &leaf.subject {
        Subject::Item(id) => (
            answers(q.item(id).map_or(id.as_str(), Item::link)),
            q.item(id),
        ),
        Subject::Score(id) => (answers(&score_link(q, links, id)), None),
    };
    if leaf.op == Op::Answered {
        return if leaf.value == Operand::Bool(false) {
            format!("{values}.empty()")
        } else {
            format!("{values}.exists()")
        };
    }
    let test = match (leaf.op, &leaf.value) {
        (Op::Eq | Op::Contains | Op::Ne, value) => equals(item, value),
        (Op::In, Operand::List(list)) => {
            let parts: Vec<String> = list.iter().map(|v| equals(item, v)).collect();
            if parts.is_empty() {
                "false".into()
            } else {
                parts.join(" or ")
            }
        }
        (Op::In, other) => equals(item, other),
        (op, bound) => match item {
            Some(item) if !item.kind.is_numeric() => ordered_codes(item, op, bound),
            _ => format!("$this {} {}", op.symbol(), operand(None, bound)),
        },
    };
    if leaf.op == Op::Ne {
        format!("({values}.exists() and {values}.where({test}).empty())")
    } else {
        format!("{values}.where({test}).exists()")
    }
}

/// `$this` (an answer's value) equals the operand.
fn equals(item: Option<&Item>, value: &Operand) -> String {
    match item.map(|i| (i.kind, i.not_sure)) {
        Some((ItemType::YesNo, false)) => format!("$this = {}", operand(item, value)),
        Some((kind, _)) if !kind.is_numeric() => format!("code = {}", operand(item, value)),
        _ => format!("$this = {}", operand(None, value)),
    }
}

/// An operand as a literal of the answer's type: `yes`/`no` of a boolean item as `true` and
/// `false`, a code (as FHIR codes it), or a number.
fn operand(item: Option<&Item>, value: &Operand) -> String {
    match (item, value) {
        (_, Operand::Bool(b)) => b.to_string(),
        (_, Operand::Number(n)) => number(*n),
        (Some(i), Operand::Text(t)) if i.kind == ItemType::YesNo && !i.not_sure => {
            (t == "yes").to_string()
        }
        (Some(i), Operand::Text(t)) if i.kind == ItemType::YesNo => string(yes_no_code(t)),
        (Some(i), Operand::Text(t)) => string(i.option(t).map_or(t.as_str(), codes::option_code)),
        (_, Operand::Text(t)) => string(t),
        (_, Operand::List(_)) => "{}".into(),
    }
}

/// `<`, `<=`, `>`, `>=` on a single choice compare option weights: the codes that pass.
fn ordered_codes(item: &Item, op: Op, bound: &Operand) -> String {
    let bound = match bound {
        Operand::Number(n) => Some(*n),
        Operand::Text(code) => item.option(code).and_then(|o| o.weight),
        _ => None,
    };
    let passing: Vec<String> = match (bound, item.kind) {
        (Some(bound), ItemType::SingleChoice) => (item.options.iter())
            .filter(|o| {
                o.weight.is_some_and(|w| match op {
                    Op::Lt => w < bound,
                    Op::Le => w <= bound,
                    Op::Gt => w > bound,
                    _ => w >= bound,
                })
            })
            .map(|o| format!("code = {}", string(codes::option_code(o))))
            .collect(),
        _ => Vec::new(),
    };
    if passing.is_empty() {
        "false".into()
    } else {
        passing.join(" or ")
    }
}

/// The linkId of the score called `id`.
fn score_link(q: &Questionnaire, links: &Links, id: &str) -> String {
    (q.scores.iter().position(|s| s.id == id))
        .and_then(|n| links.scores.get(n).cloned())
        .unwrap_or_else(|| id.to_string())
}

/// The name of the variable (on a score's item) holding what each of its items adds.
pub const CONTRIBUTIONS: &str = "contributions";

/// A score's `calculatedExpression`: empty where dgs gives the score no value. An aggregate
/// also returns the `FHIRPath` of its [`CONTRIBUTIONS`] variable, which the expression reads.
pub fn score(q: &Questionnaire, links: &Links, n: usize) -> (Option<String>, String) {
    let s = &q.scores[n];
    let Some(formula) = &s.formula else {
        let parts: Vec<String> = (s.items.iter())
            .filter_map(|id| q.item(id))
            .map(contribution)
            .collect();
        let all = match parts.split_first() {
            None => "{}".to_string(),
            Some((first, rest)) => rest
                .iter()
                .fold(format!("({first})"), |acc, p| format!("{acc}.combine({p})")),
        };
        let count = format!("%{CONTRIBUTIONS}.count()");
        let sum = format!("%{CONTRIBUTIONS}.aggregate($this + $total, 0)");
        let (least, value) = match s.method {
            Method::Count => (s.min_answered.unwrap_or(0), count.clone()),
            Method::Sum if s.prorate => (
                s.min_answered.unwrap_or(1).max(1),
                format!("({sum} * {} / {count})", s.items.len()),
            ),
            Method::Sum => (s.min_answered.unwrap_or(1).max(1), sum),
            Method::Mean => (
                s.min_answered.unwrap_or(1).max(1),
                format!("({sum} / {count})"),
            ),
        };
        let value = if least == 0 {
            value
        } else {
            format!("iif({count} >= {least}, {value})")
        };
        return (Some(all), format!("{value}.round({})", s.decimals));
    };
    let value = self::formula(q, links, formula);
    (None, format!("({value}).round({})", s.decimals))
}

fn formula(q: &Questionnaire, links: &Links, f: &Formula) -> String {
    expr(q, links, &f.expr)
}

fn expr(q: &Questionnaire, links: &Links, e: &Expr) -> String {
    let go = |e: &Expr| expr(q, links, e);
    match e {
        Expr::Number(n) => number(*n),
        Expr::Name(name) => match name.target {
            Target::Item(slot) => format!("({})", contribution(q.item_at(slot))),
            Target::Score(n) => answers(&links.scores[n]),
            Target::Unresolved => "{}".into(),
        },
        // A loaded questionnaire never has one (validation refuses it); empty, like a name
        // without a value.
        Expr::Unparsed(_) => "{}".into(),
        Expr::Neg(e) => format!("(-{})", go(e)),
        Expr::Binary(op, a, b) => format!("({} {op} {})", go(a), go(b)),
        Expr::Call(function, args) => {
            let args: Vec<String> = args.iter().map(go).collect();
            match function {
                Function::Min => pairwise(&args, "<="),
                Function::Max => pairwise(&args, ">="),
                Function::Round => format!("({}).round(0)", args[0]),
                Function::Floor => format!("({}).floor()", args[0]),
                Function::Ceil => format!("({}).ceiling()", args[0]),
            }
        }
    }
}

/// `min` (with `<=`) or `max` (with `>=`) of several values as nested `iif`s, empty when any
/// value is: the comparison is then empty and neither branch is taken.
fn pairwise(args: &[String], keep_first_when: &str) -> String {
    let mut iter = args.iter();
    let first = iter.next().cloned().unwrap_or_else(|| "{}".into());
    iter.fold(first, |acc, next| {
        let flipped = if keep_first_when == "<=" { ">" } else { "<" };
        format!("iif({acc} {keep_first_when} {next}, {acc}, iif({acc} {flipped} {next}, {next}))")
    })
}

#[cfg(test)]
mod tests;
