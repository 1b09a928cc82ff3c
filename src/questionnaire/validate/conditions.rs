//! Checks of conditions: references, operators, values, and whether they can ever hold.

use std::collections::HashMap;

use super::Checker;
use crate::questionnaire::condition::{Condition, Leaf, Op, Operand, Subject};
use crate::questionnaire::{Item, ItemType, Questionnaire};

impl Checker<'_> {
    /// Checks references, operators and values, then whether the condition can ever hold.
    pub(super) fn condition(&mut self, cond: &Condition, kind: &str, id: &str, never: &str) {
        for leaf in cond.leaves() {
            if let Err(message) = self.leaf(leaf) {
                self.add(kind, id, message);
            }
        }
        if never_true(cond, self.q) {
            self.add(kind, id, format!("{never}: `{cond}` can never be true"));
        }
    }

    /// What is wrong with a leaf, shown with the leaf itself.
    fn leaf(&mut self, leaf: &Leaf) -> Result<(), String> {
        // Formatted only for an error: most leaves have none, and this runs at every start.
        self.leaf_problem(leaf)
            .map_err(|problem| format!("`{}`: {problem}", Condition::Leaf(leaf.clone())))
    }

    fn leaf_problem(&mut self, leaf: &Leaf) -> Result<(), String> {
        let q = self.q;
        let op = leaf.op;
        if op == Op::Answered {
            if !matches!(leaf.value, Operand::Bool(_)) {
                return Err("`answered` takes `true` or `false`".into());
            }
        } else if matches!(leaf.value, Operand::Bool(_)) {
            return Err(
                "`true`/`false` only go with `answered`; yes/no answers are `\"yes\"` and `\"no\"`"
                    .into(),
            );
        }
        let item = match &leaf.subject {
            Subject::Score(s) => {
                if q.score(s).is_none() {
                    let hint = self.hint(s, q.scores.iter().map(|s| s.id.as_str()));
                    return Err(format!("unknown score `{s}`{hint}"));
                }
                return match (op, &leaf.value) {
                    (Op::Answered, _) | (_, Operand::Number(_))
                        if op != Op::In && op != Op::Contains =>
                    {
                        Ok(())
                    }
                    _ => Err(
                        "a score is compared with a number using `=`, `!=`, `<`, `<=`, `>` or `>=`"
                            .into(),
                    ),
                };
            }
            Subject::Item(i) => {
                let Some(item) = q.item(i) else {
                    let hint = self.hint(i, q.item_ids());
                    return Err(format!("unknown item `{i}`{hint}"));
                };
                item
            }
        };
        let kind = item.kind;
        let fits = match op {
            Op::Answered | Op::Eq | Op::Ne | Op::In => true,
            Op::Lt | Op::Le | Op::Gt | Op::Ge => {
                kind.is_numeric() || kind == ItemType::SingleChoice
            }
            Op::Contains => kind == ItemType::MultipleChoice,
        };
        if !fits {
            return Err(format!(
                "`{}` does not apply to a `{}` item",
                op.symbol(),
                kind.name()
            ));
        }
        if op.is_ordering() && kind == ItemType::SingleChoice {
            return ordered_choice(item, &leaf.value);
        }
        let scalars: Vec<&Operand> = match (op, &leaf.value) {
            (Op::Answered, _) => return Ok(()),
            (Op::In, Operand::List(values)) => values.iter().collect(),
            (Op::In, _) => return Err("`in` takes a list of values".into()),
            (_, Operand::List(_)) => {
                return Err("use `in` to compare with a list".into());
            }
            (_, value) => vec![value],
        };
        for value in scalars {
            match (kind.is_numeric(), value) {
                (true, Operand::Number(_)) => {}
                (true, _) => {
                    return Err(format!(
                        "`{}` is a number item; compare it with a number",
                        item.id
                    ));
                }
                (false, Operand::Text(code)) if item.codes().contains(&code.as_str()) => {}
                (false, _) => {
                    let allowed = crate::words::or_list(&crate::words::ticked(item.codes()));
                    return Err(format!(
                        "`{value}` is not an answer of `{}`; expected {allowed}",
                        item.id
                    ));
                }
            }
        }
        Ok(())
    }
}

/// `<`, `<=`, `>`, `>=` on a single choice compare option weights: every option needs one,
/// and the value is a number or one of the item's codes.
fn ordered_choice(item: &Item, value: &Operand) -> Result<(), String> {
    let unweighted: Vec<&str> = item
        .options
        .iter()
        .filter(|o| o.weight.is_none())
        .map(|o| o.value.as_str())
        .collect();
    if !unweighted.is_empty() {
        return Err(format!(
            "ordering compares option weights, but {} of `{}` {} none",
            crate::words::ticked(unweighted.iter().copied()).join(", "),
            item.id,
            if unweighted.len() == 1 { "has" } else { "have" }
        ));
    }
    match value {
        Operand::Number(_) => Ok(()),
        Operand::Text(code) if item.option(code).is_some() => Ok(()),
        _ => Err(format!(
            "`{value}` is neither a number nor an answer of `{}`",
            item.id
        )),
    }
}

/// Whether a condition is false whatever the answers: a bound outside the item's range,
/// `any` of nothing, or `all` that needs one single-valued item to have two values.
fn never_true(cond: &Condition, q: &Questionnaire) -> bool {
    match cond {
        Condition::Any(cs) => cs.iter().all(|c| never_true(c, q)),
        Condition::All(cs) => {
            if cs.iter().any(|c| never_true(c, q)) {
                return true;
            }
            let mut wanted: HashMap<&str, &Operand> = HashMap::new();
            cs.iter().any(|c| match c {
                Condition::Leaf(Leaf {
                    subject: Subject::Item(id),
                    op: Op::Eq,
                    value,
                    ..
                }) => {
                    let single = q
                        .item(id)
                        .is_some_and(|i| i.kind != ItemType::MultipleChoice);
                    single
                        && wanted
                            .insert(id.as_str(), value)
                            .is_some_and(|prev| prev != value)
                }
                _ => false,
            })
        }
        Condition::Not(_) => false,
        Condition::Leaf(leaf) => {
            let Subject::Item(id) = &leaf.subject else {
                return false;
            };
            let Some(item) = q.item(id) else { return false };
            if leaf.op == Op::In {
                return matches!(&leaf.value, Operand::List(v) if v.is_empty());
            }
            // Without a weight on every option the leaf is refused elsewhere.
            let ordered_choice = item.kind == ItemType::SingleChoice
                && leaf.op.is_ordering()
                && item.options.iter().all(|o| o.weight.is_some());
            let v = match &leaf.value {
                Operand::Number(v) => *v,
                Operand::Text(code) if ordered_choice => {
                    match item.option(code).and_then(|o| o.weight) {
                        Some(w) => w,
                        None => return false,
                    }
                }
                _ => return false,
            };
            let (min, max) = if ordered_choice {
                // The weights' range: `> 3` on options weighted 0–3 never holds.
                let weights = item.options.iter().filter_map(|o| o.weight);
                (
                    weights.clone().fold(f64::INFINITY, f64::min),
                    weights.fold(f64::NEG_INFINITY, f64::max),
                )
            } else if item.kind.is_numeric() {
                item.bounds()
            } else {
                return false;
            };
            match leaf.op {
                Op::Lt => min >= v,
                Op::Le => min > v,
                Op::Gt => max <= v,
                Op::Ge => max < v,
                Op::Eq => {
                    v < min || v > max || (item.kind == ItemType::Integer && v.fract() != 0.0)
                }
                _ => false,
            }
        }
    }
}
