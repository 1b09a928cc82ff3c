//! Evaluating compiled conditions over a record's answers, and naming the leaves that
//! explain one that held.

use super::compile::{HotKind, Leaf, Node, Test};
use super::{Program, Root};
use crate::questionnaire::Questionnaire;
use crate::questionnaire::Value;
use crate::questionnaire::condition::{self, Condition};
use crate::scoring::scores;
use crate::scoring::sheet::{self, Answer};

/// Where a condition on a score finds the score's value.
#[derive(Debug, Clone, Copy)]
pub enum Scores<'s> {
    /// Computed already, by score index.
    Known(&'s [Option<f64>]),
    /// Computed from the answers when asked: while `enable_when` is still settling them.
    FromAnswers,
}

/// A record's answers (of enabled items), its choices' bits, and its scores.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'s> {
    pub answers: &'s [Answer],
    pub bits: &'s [u64],
    pub scores: Scores<'s>,
}

impl Program<'_> {
    pub fn holds(&self, node: u32, f: &Facts) -> bool {
        let c = &self.conditions;
        match c.nodes[node as usize] {
            Node::Leaf(leaf) => self.leaf_holds(leaf, f),
            Node::All(start, end) => c.children[start as usize..end as usize]
                .iter()
                .all(|&kid| self.kid_holds(kid, f)),
            Node::Any(start, end) => c.children[start as usize..end as usize]
                .iter()
                .any(|&kid| self.kid_holds(kid, f)),
            Node::Not(kid) => !self.holds(kid, f),
            Node::Const(b) => b,
        }
    }

    /// Whether a condition holds: a leaf (most rules are one) checked here without a call.
    #[inline]
    pub fn root_holds(&self, root: Root, f: &Facts) -> bool {
        self.kid_holds(root.node, f)
    }

    #[inline]
    fn kid_holds(&self, kid: u32, f: &Facts) -> bool {
        match self.conditions.nodes[kid as usize] {
            Node::Leaf(leaf) => self.leaf_holds(leaf, f),
            _ => self.holds(kid, f),
        }
    }

    /// The value of score `n` as conditions see it.
    pub fn score_of(&self, n: usize, f: &Facts) -> Option<f64> {
        match f.scores {
            Scores::Known(values) => values.get(n).copied().flatten(),
            Scores::FromAnswers => scores::one(self, n, f.answers, f.bits),
        }
    }

    #[inline]
    pub(super) fn leaf_holds(&self, leaf: u32, f: &Facts) -> bool {
        let hot = self.conditions.hot[leaf as usize];
        let answer = f.answers[hot.slot as usize];
        match (hot.kind, answer) {
            (HotKind::Code, Answer::Code(n)) => n < 64 && hot.mask >> n & 1 == 1,
            (HotKind::Codes, Answer::Codes(at)) => f.bits[at as usize] & hot.mask != 0,
            (HotKind::Code | HotKind::Codes, Answer::None) => hot.unanswered,
            _ => self.cold_holds(&self.conditions.leaves[leaf as usize], f),
        }
    }

    /// A leaf on a score, or of the less common kinds.
    fn cold_holds(&self, leaf: &Leaf, f: &Facts) -> bool {
        if !leaf.score {
            return self.other_holds(leaf, f.answers[leaf.slot], f);
        }
        let Some(n) = self.score_of(leaf.slot, f) else {
            return leaf.unanswered;
        };
        match leaf.test {
            Test::Const(b) => b,
            Test::Compare(op, bound) => Test::compare(op, bound, n),
            _ => leaf.source.holds(&One::score(self.q, n)),
        }
    }

    /// An answered leaf of the less common kinds: numbers, long masks, `answered`.
    fn other_holds(&self, leaf: &Leaf, answer: Answer, f: &Facts) -> bool {
        let masks = &self.conditions.masks;
        match (leaf.test, answer) {
            (_, Answer::None) => leaf.unanswered,
            (Test::Const(b), _) => b,
            (Test::LongCode { at, len }, Answer::Code(n)) => {
                n < len && masks[(at + n / 64) as usize] >> (n % 64) & 1 == 1
            }
            (Test::CodesAny { at, words }, Answer::Codes(b)) => {
                (0..words as usize).any(|w| f.bits[b as usize + w] & masks[at as usize + w] != 0)
            }
            (Test::CodesAll { at, words }, Answer::Codes(b)) => {
                (0..words as usize).all(|w| f.bits[b as usize + w] & !masks[at as usize + w] == 0)
            }
            (Test::Compare(op, bound), Answer::Int(n)) => Test::compare(op, bound, n as f64),
            (Test::Compare(op, bound), Answer::Num(n)) => Test::compare(op, bound, n),
            (_, Answer::Int(n)) => leaf.source.holds(&One::answer(self.q, &Value::Int(n))),
            (_, Answer::Num(n)) => leaf.source.holds(&One::answer(self.q, &Value::Num(n))),
            // An answer of another kind than its item's: only unchecked answers.
            (_, answer) => sheet::value(self, f.bits, leaf.slot, answer)
                .is_some_and(|v| leaf.source.holds(&One::answer(self.q, &v))),
        }
    }
}

impl<'q> Leaf<'q> {
    /// The id of the item or score the leaf reads.
    pub fn subject_id(&self) -> &'q str {
        match self.source {
            Condition::Leaf(leaf) => leaf.subject.id(),
            _ => "",
        }
    }
}

/// One answer (or one score's value) as the model's evaluator asks for it: for compiling a
/// leaf on codes, and for judging a number.
pub(super) struct One<'a> {
    q: &'a Questionnaire,
    value: Option<&'a Value>,
    score: Option<f64>,
}

impl<'a> One<'a> {
    pub(super) fn answer(q: &'a Questionnaire, value: &'a Value) -> One<'a> {
        One {
            q,
            value: Some(value),
            score: None,
        }
    }

    fn score(q: &'a Questionnaire, n: f64) -> One<'a> {
        One {
            q,
            value: None,
            score: Some(n),
        }
    }
}

impl condition::Facts for One<'_> {
    fn answer(&self, _: &condition::Leaf) -> Option<&Value> {
        self.value
    }

    fn score(&self, _: &condition::Leaf) -> Option<f64> {
        self.score
    }

    fn option_weight(&self, leaf: &condition::Leaf, code: &str) -> Option<f64> {
        if leaf.slot >= self.q.item_count() {
            return None;
        }
        self.q
            .item_at(leaf.slot)
            .option(code)
            .and_then(|o| o.weight)
    }
}
