//! The one condition grammar used by `enable_when` and rule `when`: leaves `{q|score, op, value}`
//! combined with nestable `all`, `any` and `not`.

use std::fmt;

use serde::Deserialize;
use serde_json::json;

use crate::questionnaire::Value;

#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Leaf(Leaf),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Leaf {
    pub subject: Subject,
    pub op: Op,
    pub value: Operand,
    /// The subject's position (item slot or score index), resolved once after loading so
    /// evaluation needs no lookups by name; [`UNRESOLVED`] until then.
    pub slot: usize,
}

/// The slot of a leaf whose subject is not (yet) known.
pub const UNRESOLVED: usize = usize::MAX;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Item(String),
    Score(String),
}

impl Subject {
    pub fn id(&self) -> &str {
        match self {
            Subject::Item(id) | Subject::Score(id) => id,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Op {
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "in")]
    In,
    #[serde(rename = "contains")]
    Contains,
    #[serde(rename = "answered")]
    Answered,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::In => "in",
            Op::Contains => "contains",
            Op::Answered => "answered",
        }
    }

    pub fn is_ordering(self) -> bool {
        matches!(self, Op::Lt | Op::Le | Op::Gt | Op::Ge)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<Operand>),
}

/// Read by the kind of value found, not as an untagged enum: that tries each variant in turn
/// and builds an error for every miss, which was a tenth of a scripted run's start-up.
impl<'de> Deserialize<'de> for Operand {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(OperandVisitor)
    }
}

struct OperandVisitor;

impl<'de> serde::de::Visitor<'de> for OperandVisitor {
    type Value = Operand;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a condition value: true or false, a number, text, or a list of those")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Operand, E> {
        Ok(Operand::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Operand, E> {
        Ok(Operand::Number(n as f64))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Operand, E> {
        Ok(Operand::Number(n as f64))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Operand, E> {
        Ok(Operand::Number(n))
    }
    fn visit_str<E>(self, s: &str) -> Result<Operand, E> {
        Ok(Operand::Text(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Operand, E> {
        Ok(Operand::Text(s))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Operand, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Operand::List(items))
    }
}

impl fmt::Display for Operand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Operand::Bool(b) => write!(f, "{b}"),
            Operand::Number(n) => write!(f, "{n}"),
            Operand::Text(t) => write!(f, "{t}"),
            Operand::List(items) => {
                let parts: Vec<String> = items.iter().map(ToString::to_string).collect();
                write!(f, "[{}]", parts.join(", "))
            }
        }
    }
}

/// What conditions are evaluated against: answers of enabled items, and computed scores.
/// A leaf names its subject by id and, once resolved, by slot.
pub trait Facts {
    fn answer(&self, leaf: &Leaf) -> Option<&Value>;
    fn score(&self, leaf: &Leaf) -> Option<f64>;
    /// The weight of option `code` of the leaf's (choice) item: its place in the options'
    /// order, for `<`, `<=`, `>` and `>=` on a single choice. Validation makes sure every
    /// option of an item compared so has one.
    fn option_weight(&self, leaf: &Leaf, code: &str) -> Option<f64>;
}

impl Condition {
    pub fn holds(&self, facts: &dyn Facts) -> bool {
        match self {
            Condition::All(cs) => cs.iter().all(|c| c.holds(facts)),
            Condition::Any(cs) => cs.iter().any(|c| c.holds(facts)),
            Condition::Not(c) => !c.holds(facts),
            Condition::Leaf(leaf) => leaf.holds(facts),
        }
    }

    /// The leaves that made a holding condition true: every leaf of an `all`, the true
    /// branches of an `any`, and every leaf with a known subject under a `not`.
    pub fn because<'c>(&'c self, facts: &dyn Facts, out: &mut Vec<&'c Leaf>) {
        match self {
            Condition::All(cs) => cs.iter().for_each(|c| c.because(facts, out)),
            Condition::Any(cs) => cs
                .iter()
                .filter(|c| c.holds(facts))
                .for_each(|c| c.because(facts, out)),
            Condition::Not(c) => out.extend(c.leaves().into_iter().filter(|l| l.known(facts))),
            Condition::Leaf(leaf) => {
                if leaf.op != Op::Answered || leaf.known(facts) {
                    out.push(leaf);
                }
            }
        }
    }

    /// Sets every leaf's slot from its subject.
    pub fn resolve(&mut self, slot_of: &dyn Fn(&Subject) -> usize) {
        match self {
            Condition::All(cs) | Condition::Any(cs) => {
                for c in cs {
                    c.resolve(slot_of);
                }
            }
            Condition::Not(c) => c.resolve(slot_of),
            Condition::Leaf(leaf) => leaf.slot = slot_of(&leaf.subject),
        }
    }

    /// Every subject the condition mentions, in order.
    pub fn subjects(&self, out: &mut Vec<Subject>) {
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.subjects(out)),
            Condition::Not(c) => c.subjects(out),
            Condition::Leaf(leaf) => out.push(leaf.subject.clone()),
        }
    }

    pub fn leaves(&self) -> Vec<&Leaf> {
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().flat_map(Self::leaves).collect(),
            Condition::Not(c) => c.leaves(),
            Condition::Leaf(leaf) => vec![leaf],
        }
    }

    /// The same shape the YAML file uses, for `dgs questions --format json`.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Condition::All(cs) => {
                json!({ "all": cs.iter().map(Self::to_json).collect::<Vec<_>>() })
            }
            Condition::Any(cs) => {
                json!({ "any": cs.iter().map(Self::to_json).collect::<Vec<_>>() })
            }
            Condition::Not(c) => json!({ "not": c.to_json() }),
            Condition::Leaf(leaf) => {
                let key = match leaf.subject {
                    Subject::Item(_) => "q",
                    Subject::Score(_) => "score",
                };
                json!({ key: leaf.subject.id(), "op": leaf.op.symbol(), "value": operand_json(&leaf.value) })
            }
        }
    }
}

fn operand_json(value: &Operand) -> serde_json::Value {
    match value {
        Operand::Bool(b) => json!(b),
        Operand::Number(n) => json!(n),
        Operand::Text(t) => json!(t),
        Operand::List(items) => items.iter().map(operand_json).collect(),
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let join = |f: &mut fmt::Formatter<'_>, name: &str, cs: &[Condition]| {
            let parts: Vec<String> = cs.iter().map(ToString::to_string).collect();
            write!(f, "{name}({})", parts.join(", "))
        };
        match self {
            Condition::All(cs) => join(f, "all", cs),
            Condition::Any(cs) => join(f, "any", cs),
            Condition::Not(c) => write!(f, "not({c})"),
            Condition::Leaf(leaf) if leaf.op == Op::Answered => match leaf.value {
                Operand::Bool(false) => write!(f, "{} unanswered", leaf.subject.id()),
                _ => write!(f, "{} answered", leaf.subject.id()),
            },
            Condition::Leaf(leaf) => {
                write!(
                    f,
                    "{} {} {}",
                    leaf.subject.id(),
                    leaf.op.symbol(),
                    leaf.value
                )
            }
        }
    }
}

impl Leaf {
    /// Whether the subject has an answer (or the score a value).
    fn known(&self, facts: &dyn Facts) -> bool {
        match self.subject {
            Subject::Item(_) => facts.answer(self).is_some(),
            Subject::Score(_) => facts.score(self).is_some(),
        }
    }

    pub fn holds(&self, facts: &dyn Facts) -> bool {
        if let Subject::Score(_) = &self.subject {
            return match facts.score(self) {
                None => self.op == Op::Answered && self.value == Operand::Bool(false),
                Some(_) if self.op == Op::Answered => self.value != Operand::Bool(false),
                Some(n) => compare_number(n, self.op, &self.value),
            };
        }
        let Some(answer) = facts.answer(self) else {
            // An unanswered (or disabled) item satisfies nothing but `answered: false`.
            return self.op == Op::Answered && self.value == Operand::Bool(false);
        };
        match (self.op, answer) {
            (Op::Answered, _) => self.value != Operand::Bool(false),
            (Op::Ne, _) => !equals(answer, &self.value),
            (Op::Eq | Op::Contains, _) => equals(answer, &self.value),
            (Op::In, _) => match &self.value {
                Operand::List(list) => list.iter().any(|v| equals(answer, v)),
                other => equals(answer, other),
            },
            (_, Value::Int(n)) => compare_number(*n as f64, self.op, &self.value),
            (_, Value::Num(n)) => compare_number(*n, self.op, &self.value),
            // Ordered choices: the answer's weight against a number, or against the weight
            // of the option named.
            (_, Value::Code(code)) => {
                let Some(weight) = facts.option_weight(self, code) else {
                    return false;
                };
                let bound = match &self.value {
                    Operand::Text(other) => match facts.option_weight(self, other) {
                        Some(w) => Operand::Number(w),
                        None => return false,
                    },
                    other => other.clone(),
                };
                compare_number(weight, self.op, &bound)
            }
            _ => false,
        }
    }
}

/// FHIR semantics for several answers: equal when at least one answer equals.
fn equals(answer: &Value, operand: &Operand) -> bool {
    match (answer, operand) {
        (Value::Code(code), Operand::Text(t)) => code == t,
        (Value::Codes(codes), Operand::Text(t)) => codes.iter().any(|c| c == t),
        (Value::Int(n), Operand::Number(m)) => (*n as f64 - m).abs() < f64::EPSILON,
        (Value::Num(n), Operand::Number(m)) => (n - m).abs() < f64::EPSILON,
        _ => false,
    }
}

fn compare_number(n: f64, op: Op, operand: &Operand) -> bool {
    let Operand::Number(m) = operand else {
        return false;
    };
    match op {
        Op::Eq => (n - m).abs() < f64::EPSILON,
        Op::Ne => (n - m).abs() >= f64::EPSILON,
        Op::Lt => n < *m,
        Op::Le => n <= *m,
        Op::Gt => n > *m,
        Op::Ge => n >= *m,
        Op::In | Op::Contains | Op::Answered => false,
    }
}

mod parse;

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    struct Map(BTreeMap<String, Value>, BTreeMap<String, f64>);

    impl Facts for Map {
        fn answer(&self, leaf: &Leaf) -> Option<&Value> {
            self.0.get(leaf.subject.id())
        }
        fn score(&self, leaf: &Leaf) -> Option<f64> {
            self.1.get(leaf.subject.id()).copied()
        }
        fn option_weight(&self, _: &Leaf, code: &str) -> Option<f64> {
            ["never", "sometimes", "often"]
                .iter()
                .position(|c| *c == code)
                .map(|n| n as f64)
        }
    }

    fn facts() -> Map {
        let mut answers = BTreeMap::new();
        answers.insert("fever".into(), Value::Code("yes".into()));
        answers.insert("age".into(), Value::Int(52));
        answers.insert("hours".into(), Value::Num(6.5));
        answers.insert("often".into(), Value::Code("sometimes".into()));
        answers.insert(
            "worse".into(),
            Value::Codes(vec!["stairs".into(), "lying".into()]),
        );
        let mut scores = BTreeMap::new();
        scores.insert("total".into(), 4.0);
        Map(answers, scores)
    }

    fn cond(yaml: &str) -> Condition {
        serde_yaml::from_str(yaml).expect("condition parses")
    }

    #[track_caller]
    fn case(yaml: &str, expected: bool) {
        assert_eq!(cond(yaml).holds(&facts()), expected, "{yaml}");
    }

    #[test]
    fn leaves() {
        // equality on codes
        case("{q: fever, op: '=', value: 'yes'}", true);
        case("{q: fever, op: '!=', value: 'yes'}", false);
        case("{q: fever, op: in, value: ['no', 'yes']}", true);
        // numbers, integer and decimal
        case("{q: age, op: '>=', value: 50}", true);
        case("{q: age, op: '<', value: 50}", false);
        case("{q: age, op: '=', value: 52}", true);
        case("{q: hours, op: '>', value: 4}", true);
        case("{q: hours, op: '<=', value: 6.5}", true);
        // several answers: FHIR semantics
        case("{q: worse, op: contains, value: stairs}", true);
        case("{q: worse, op: '=', value: lying}", true);
        case("{q: worse, op: '!=', value: lying}", false);
        case("{q: worse, op: in, value: [running, stairs]}", true);
        // ordered choices, by weight: a number or another option
        case("{q: often, op: '>', value: 0}", true);
        case("{q: often, op: '>=', value: 2}", false);
        case("{q: often, op: '>=', value: sometimes}", true);
        case("{q: often, op: '<', value: sometimes}", false);
        case("{q: often, op: '<=', value: often}", true);
        // scores
        case("{score: total, op: '>=', value: 4}", true);
        case("{score: missing, op: answered, value: false}", true);
    }

    #[test]
    fn unanswered_items_satisfy_only_answered_false() {
        case("{q: cough, op: '=', value: 'yes'}", false);
        case("{q: cough, op: '!=', value: 'yes'}", false);
        case("{q: cough, op: '<', value: 3}", false);
        case("{q: cough, op: answered}", false);
        case("{q: cough, op: answered, value: false}", true);
        case("{q: fever, op: answered}", true);
    }

    #[test]
    fn nesting() {
        case(
            "{all: [{q: fever, op: '=', value: 'yes'}, {q: age, op: '>', value: 50}]}",
            true,
        );
        case(
            "{all: [{q: fever, op: '=', value: 'yes'}, {q: age, op: '>', value: 60}]}",
            false,
        );
        case(
            "{any: [{q: fever, op: '=', value: 'no'}, {q: age, op: '>', value: 50}]}",
            true,
        );
        case("{not: {q: fever, op: '=', value: 'no'}}", true);
        case(
            "{all: [{any: [{q: cough, op: answered}, {not: {q: age, op: '<', value: 18}}]}]}",
            true,
        );
        case("{all: []}", true);
        case("{any: []}", false);
    }

    #[test]
    fn because_names_the_answers_that_mattered() {
        let c = cond(
            "{any: [{q: fever, op: '=', value: 'yes'}, {q: age, op: '<', value: 20}, {not: {q: cough, op: '=', value: 'yes'}}]}",
        );
        let mut out = Vec::new();
        c.because(&facts(), &mut out);
        // `age < 20` is false and `cough` is unanswered, so only fever is named.
        let named: Vec<&Subject> = out.iter().map(|l| &l.subject).collect();
        assert_eq!(named, vec![&Subject::Item("fever".into())]);
    }

    #[test]
    fn malformed_nodes_are_explained() {
        for (yaml, message) in [
            ("{q: a, score: b, op: answered}", "exactly one of `q`"),
            ("{all: [], q: a, op: answered}", "exactly one of `all`"),
            ("{q: a}", "needs an `op`"),
            ("{q: a, op: '='}", "needs a `value`"),
            ("{q: a, op: '~', value: 1}", "unknown variant `~`"),
            (
                "{q: a, op: '=', value: 1, extra: 2}",
                "unknown field `extra`",
            ),
            (
                "{q: a, op: '=', value: {x: 1}}",
                "invalid type: map, expected a condition value: true or false, a number, text, or a list of those",
            ),
            (
                "{q: a, op: in, value: [1, ~]}",
                "invalid type: unit value, expected a condition value",
            ),
        ] {
            let err = serde_yaml::from_str::<Condition>(yaml)
                .unwrap_err()
                .to_string();
            assert!(err.contains(message), "{yaml}: {err}");
        }
    }

    #[test]
    fn display_and_json_round_trip_the_shape() {
        let c = cond("{all: [{q: age, op: '>=', value: 50}, {not: {q: x, op: answered}}]}");
        assert_eq!(c.to_string(), "all(age >= 50, not(x answered))");
        let back: Condition = serde_json::from_value(c.to_json()).unwrap();
        assert_eq!(back, c);
    }
}
