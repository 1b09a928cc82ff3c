//! `enableWhen` read as dgs `enable_when` conditions, where the operator and the answer's type
//! map onto dgs's faithfully; a condition that does not (an `answerString` against a choice of
//! codings, a date, an ordering of codes) is listed, never coerced.
//!
//! FHIR's `!=` holds when no answer equals the value, so also when there is none: exactly
//! dgs's `{not: {q, op: "=", value}}`, which FHIR output writes back as `!=`. Items nested under a
//! question get `{q: parent, op: answered}`. A question whose `enableWhen` (or a group's
//! above it) is not carried keeps the conditions that are, and is no longer required: asked
//! where the form might not ask it, it must be possible to leave it.

use std::collections::HashMap;

use serde_json::Value;

use super::element::Object;
use super::tree::kind_of;
use super::{Draft, Owner, Question};
use crate::questionnaire::ItemType;
use crate::words::clip;

/// A condition on questions by index, as it will be written.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    Leaf {
        question: usize,
        op: &'static str,
        value: Option<Operand>,
    },
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Text(String),
    Number(f64),
    Bool(bool),
}

/// Each question's `enable_when`, by question index (`None`: always asked).
pub fn read(draft: &mut Draft) -> Vec<Option<Cond>> {
    let by_link = draft.by_link();
    let mut notes = Vec::new();
    let resolved: Vec<Option<Cond>> = draft
        .owners
        .iter()
        .enumerate()
        .map(|(index, owner)| match owner {
            Owner::Answered(q) => Some(leaf(*q, "answered", None)),
            Owner::EnableWhen {
                path,
                list,
                behavior,
                question,
            } => owner_condition(
                path,
                list,
                *behavior,
                (index, *question),
                &by_link,
                &draft.questions,
            )
            .map_err(|problems| notes.extend(problems))
            .ok(),
        })
        .collect();
    for (path, text) in notes {
        draft.notes.push(path, text);
    }
    let mut out = Vec::with_capacity(draft.questions.len());
    for q in &mut draft.questions {
        let mut all = Vec::new();
        let mut dropped = false;
        for &owner in &q.owners {
            match &resolved[owner] {
                Some(Cond::All(conds)) => all.extend(conds.iter().cloned()),
                Some(cond) => all.push(cond.clone()),
                None => dropped = true,
            }
        }
        if dropped {
            let required = if q.required {
                " and is no longer required"
            } else {
                ""
            };
            draft.notes.push(
                q.path.clone(),
                format!("an `enableWhen` it stands under is not carried over, so it may be asked where the form would not ask it{required}"),
            );
            q.required = false;
        }
        out.push(match all.len() {
            0 => None,
            1 => all.pop(),
            _ => Some(Cond::All(all)),
        });
    }
    out
}

fn leaf(question: usize, op: &'static str, value: Option<Operand>) -> Cond {
    Cond::Leaf {
        question,
        op,
        value,
    }
}

type Notes = Vec<(String, String)>;

/// One `enableWhen` list with its `enableBehavior`; `Err` holds a note per problem.
fn owner_condition(
    path: &str,
    list: &Value,
    behavior: Option<&Value>,
    owner: (usize, Option<usize>),
    by_link: &HashMap<&str, usize>,
    questions: &[Question],
) -> Result<Cond, Notes> {
    let not_carried = |at: String, why: String| (at, format!("not carried over: {why}"));
    let Some(list) = list.as_array().filter(|l| !l.is_empty()) else {
        return Err(vec![not_carried(
            path.into(),
            "not a list of conditions".into(),
        )]);
    };
    let any = match behavior.map(|b| b.as_str()) {
        None if list.len() == 1 => false,
        Some(Some("all")) => false,
        Some(Some("any")) => true,
        None => {
            let why = "several conditions and no `enableBehavior` to say how they combine".into();
            return Err(vec![not_carried(path.into(), why)]);
        }
        Some(_) => {
            let at = path.replace(".enableWhen", ".enableBehavior");
            return Err(vec![not_carried(
                at,
                "an `enableBehavior` other than `all` or `any`".into(),
            )]);
        }
    };
    let mut conds = Vec::new();
    let mut problems = Vec::new();
    for (i, c) in list.iter().enumerate() {
        let at = format!("{path}[{i}]");
        match c
            .as_object()
            .ok_or_else(|| "not an object".to_string())
            .and_then(|c| condition(c, owner, by_link, questions))
        {
            Ok(cond) => conds.push(cond),
            Err(why) => problems.push(not_carried(at, why)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(match (conds.len(), any) {
        (1, _) => conds.pop().unwrap_or(Cond::All(Vec::new())),
        (_, false) => Cond::All(conds),
        (_, true) => Cond::Any(conds),
    })
}

/// One condition: `{question, operator, answer[x]}`. `owner` is the index of the `enableWhen`
/// it belongs to, and the question whose own it is.
fn condition(
    c: &Object,
    (owner, own): (usize, Option<usize>),
    by_link: &HashMap<&str, usize>,
    questions: &[Question],
) -> Result<Cond, String> {
    let link = c
        .get("question")
        .and_then(Value::as_str)
        .ok_or("no `question` linkId")?;
    let shown = clip(link, 61);
    let &q = by_link
        .get(link)
        .ok_or_else(|| format!("it refers to `{shown}`, which is not a question carried over"))?;
    if own == Some(q) {
        return Err("it refers to its own item".into());
    }
    if questions[q].owners.contains(&owner) {
        return Err(format!(
            "it refers to `{shown}`, which is itself asked only under this `enableWhen`"
        ));
    }
    let op = c
        .get("operator")
        .and_then(Value::as_str)
        .ok_or("no `operator`")?;
    let answers: Vec<(&String, &Value)> =
        c.iter().filter(|(k, _)| k.starts_with("answer")).collect();
    let [(key, answer)] = answers.as_slice() else {
        return Err(format!(
            "{} `answer[x]` values where FHIR has one",
            answers.len()
        ));
    };
    let question = &questions[q];
    let mismatch = || {
        let value = clip(&answer.to_string(), 61);
        format!(
            "`{key}` {value} cannot be compared with `{shown}`, {}: a mismatched answer type is not coerced",
            what(question.kind)
        )
    };
    if op == "exists" {
        return match answer {
            Value::Bool(b) if key.as_str() == "answerBoolean" => {
                Ok(leaf(q, "answered", (!b).then_some(Operand::Bool(false))))
            }
            _ => Err(format!(
                "`exists` takes an `answerBoolean`, not `{key}` ({})",
                kind_of(answer)
            )),
        };
    }
    let op: &'static str = match op {
        "=" => "=",
        "!=" => "!=",
        "<" => "<",
        "<=" => "<=",
        ">" => ">",
        ">=" => ">=",
        other => return Err(format!("the operator `{}`", clip(other, 21))),
    };
    let value = match (question.kind, key.as_str(), answer) {
        (ItemType::YesNo, "answerBoolean", Value::Bool(b)) => {
            Operand::Text(if *b { "yes" } else { "no" }.into())
        }
        (
            ItemType::SingleChoice | ItemType::MultipleChoice,
            "answerCoding",
            Value::Object(coding),
        ) => Operand::Text(option(question, coding).ok_or_else(|| {
            let code = coding
                .get("code")
                .map_or_else(|| "(none)".into(), |c| clip(&c.to_string(), 41));
            format!("the coding {code} is not an answer option of `{shown}`")
        })?),
        (ItemType::Integer, "answerInteger", Value::Number(n))
        | (ItemType::Number, "answerDecimal", Value::Number(n)) => {
            Operand::Number(n.as_f64().filter(|n| n.is_finite()).ok_or_else(mismatch)?)
        }
        _ => return Err(mismatch()),
    };
    if !question.kind.is_numeric() && !matches!(op, "=" | "!=") {
        return Err(format!(
            "`{op}` on `{shown}`, {}: dgs does not order its answers this way",
            what(question.kind)
        ));
    }
    if let Operand::Number(v) = value {
        if never_holds(question, op, v) {
            let (min, max) = question.bounds;
            return Err(format!(
                "`{shown}` {op} {v} can never hold: it takes {min} to {max}"
            ));
        }
    }
    Ok(if op == "!=" {
        // FHIR: no answer equals it, which holds when there is no answer too.
        Cond::Not(Box::new(leaf(q, "=", Some(value))))
    } else {
        leaf(q, op, Some(value))
    })
}

/// Whether `question op v` is false for every answer the question takes (which dgs's
/// validator refuses).
fn never_holds(question: &Question, op: &str, v: f64) -> bool {
    let (min, max) = question.bounds;
    match op {
        "<" => min >= v,
        "<=" => min > v,
        ">" => max <= v,
        ">=" => max < v,
        "=" => v < min || v > max || (question.kind == ItemType::Integer && v.fract() != 0.0),
        _ => false,
    }
}

/// The dgs code of the option a coding names: the same code, and the same system when both
/// say one.
fn option(question: &Question, coding: &Object) -> Option<String> {
    let code = coding.get("code")?.as_str()?;
    let system = coding.get("system").and_then(Value::as_str);
    question
        .options
        .iter()
        .find(|o| o.code == code && (system.is_none() || o.system.is_none() || o.system == system))
        .map(|o| o.value.clone())
}

/// A question's kind, as FHIR would put it.
fn what(kind: ItemType) -> &'static str {
    match kind {
        ItemType::YesNo => "a boolean question",
        ItemType::SingleChoice | ItemType::MultipleChoice => "a choice of codings",
        ItemType::Integer => "an integer question",
        ItemType::Number => "a decimal question",
    }
}
