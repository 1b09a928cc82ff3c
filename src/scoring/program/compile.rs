//! Compiling the model's conditions into flat nodes over slots. Leaves on codes become bit
//! masks, found by asking the model's evaluator about each code the item has; leaves on
//! numbers and scores keep a reference to the model's leaf, which evaluates them.

use std::collections::HashMap;

use super::because::Occurrence;
use super::eval::One;
use super::{ItemCodes, Root};
use crate::questionnaire::condition::{Condition, Leaf as ModelLeaf, Op, Operand, Subject};
use crate::questionnaire::{ItemType, Questionnaire, Value};

/// A node of a compiled condition: small and `Copy`, so walking a tree stays in the cache.
/// Children are ranges of [`Conditions::children`]; a leaf is in [`Conditions::leaves`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    All(u32, u32),
    Any(u32, u32),
    Not(u32),
    /// A leaf whose subject does not exist (only in a questionnaire that failed validation):
    /// it is never answered, so it always gives this.
    Const(bool),
    Leaf(u32),
}

#[derive(Debug, Clone)]
pub struct Leaf<'q> {
    /// The model's leaf, a `Condition::Leaf`: it names the subject and judges numbers.
    pub source: &'q Condition,
    pub score: bool,
    /// The item's slot, or the score's index.
    pub slot: usize,
    /// The subject's id, numbered: leaves with one id are listed once in an explanation.
    pub id: u32,
    /// What the leaf gives when its subject has no answer (or the score no value).
    pub unanswered: bool,
    pub test: Test,
}

/// What an answered leaf checks.
#[derive(Debug, Clone, Copy)]
pub enum Test {
    Const(bool),
    /// A code: bit `n` of the mask is whether the leaf holds for code `n` (an item with up
    /// to 64 codes, as nearly all are).
    Code(u64),
    /// A code of an item with more codes: the mask is in [`Conditions::masks`] from `at`.
    LongCode {
        at: u32,
        len: u32,
    },
    /// Choices: the leaf holds when any chosen option is in the mask…
    CodesAny {
        at: u32,
        words: u32,
    },
    /// …or (`!=`) when every chosen option is.
    CodesAll {
        at: u32,
        words: u32,
    },
    /// A number (or score) `<`, `<=`, `>` or `>=` a number: compared here, as the model's
    /// leaf compares, without the call (scores and decimals are not tabled).
    Compare(Op, f64),
    /// Handed to the model's leaf with the number (or score).
    Model,
}

impl Test {
    /// A leaf's own test of a number, where it is a plain comparison.
    fn of_number(leaf: &ModelLeaf) -> Test {
        match (leaf.op, &leaf.value) {
            (Op::Lt | Op::Le | Op::Gt | Op::Ge, &Operand::Number(m)) => Test::Compare(leaf.op, m),
            _ => Test::Model,
        }
    }

    /// Whether `n` passes a [`Test::Compare`] (as the model's `compare_number`).
    #[inline]
    pub fn compare(op: Op, bound: f64, n: f64) -> bool {
        match op {
            Op::Lt => n < bound,
            Op::Le => n <= bound,
            Op::Gt => n > bound,
            Op::Ge => n >= bound,
            _ => false,
        }
    }
}

/// What checking a leaf on a code (or one word of choices) needs, packed together: these
/// are nearly all the leaves a record checks.
#[derive(Debug, Clone, Copy)]
pub struct Hot {
    pub mask: u64,
    pub slot: u32,
    pub kind: HotKind,
    pub unanswered: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HotKind {
    /// [`Test::Code`] with this mask.
    Code,
    /// [`Test::CodesAny`] of one word, this mask.
    Codes,
    /// Anything else: see the [`Leaf`].
    Cold,
}

/// Every compiled condition of a questionnaire, in shared pools.
#[derive(Debug)]
pub struct Conditions<'q> {
    q: &'q Questionnaire,
    pub nodes: Vec<Node>,
    pub leaves: Vec<Leaf<'q>>,
    /// By leaf: what checking it needs, when it is on a code.
    pub hot: Vec<Hot>,
    pub children: Vec<u32>,
    pub masks: Vec<u64>,
    pub because: Vec<Occurrence>,
    pub gates: Vec<u32>,
    ids: HashMap<&'q str, u32>,
    /// By slot, by code: the code as a value, for asking the model (built when first needed).
    values: HashMap<usize, Vec<Value>>,
}

impl<'q> Conditions<'q> {
    pub fn new(q: &'q Questionnaire) -> Conditions<'q> {
        Conditions {
            q,
            nodes: Vec::new(),
            leaves: Vec::new(),
            hot: Vec::new(),
            children: Vec::new(),
            masks: Vec::new(),
            because: Vec::new(),
            gates: Vec::new(),
            ids: HashMap::new(),
            values: HashMap::new(),
        }
    }

    /// Compiles `c` and its explanation.
    pub fn compile(&mut self, c: &'q Condition, items: &[ItemCodes<'q>]) -> Root {
        let node = self.node(c, items);
        Root {
            node,
            because: self.explanation(node),
        }
    }

    fn node(&mut self, c: &'q Condition, items: &[ItemCodes<'q>]) -> u32 {
        let node = match c {
            Condition::All(cs) | Condition::Any(cs) => {
                let kids: Vec<u32> = cs.iter().map(|c| self.node(c, items)).collect();
                let start = self.children.len() as u32;
                self.children.extend(kids);
                let end = self.children.len() as u32;
                if matches!(c, Condition::All(_)) {
                    Node::All(start, end)
                } else {
                    Node::Any(start, end)
                }
            }
            Condition::Not(inner) => Node::Not(self.node(inner, items)),
            Condition::Leaf(leaf) => match self.leaf(c, leaf, items) {
                Some(leaf) => {
                    self.hot.push(self.hot(&leaf));
                    self.leaves.push(leaf);
                    Node::Leaf(self.leaves.len() as u32 - 1)
                }
                None => Node::Const(leaf.op == Op::Answered && leaf.value == Operand::Bool(false)),
            },
        };
        self.nodes.push(node);
        self.nodes.len() as u32 - 1
    }

    /// The compiled leaf, or `None` for a subject that does not exist.
    fn leaf(
        &mut self,
        c: &'q Condition,
        leaf: &'q ModelLeaf,
        items: &[ItemCodes<'q>],
    ) -> Option<Leaf<'q>> {
        let unanswered = leaf.op == Op::Answered && leaf.value == Operand::Bool(false);
        let answered = leaf.op == Op::Answered && leaf.value != Operand::Bool(false);
        let score = matches!(leaf.subject, Subject::Score(_));
        let exists = if score {
            leaf.slot < self.q.scores.len()
        } else {
            leaf.slot < items.len()
        };
        if !exists {
            return None;
        }
        let test = if leaf.op == Op::Answered {
            Test::Const(answered)
        } else if score {
            Test::of_number(leaf)
        } else {
            let item = &items[leaf.slot];
            match item.kind {
                ItemType::YesNo | ItemType::SingleChoice => {
                    let at = self.mask(c, leaf.slot, item, false);
                    if item.codes.len() <= 64 {
                        Test::Code(self.masks[at as usize])
                    } else {
                        let len = item.codes.len() as u32;
                        Test::LongCode { at, len }
                    }
                }
                ItemType::MultipleChoice => {
                    let at = self.mask(c, leaf.slot, item, true);
                    if leaf.op == Op::Ne {
                        Test::CodesAll {
                            at,
                            words: item.words,
                        }
                    } else {
                        Test::CodesAny {
                            at,
                            words: item.words,
                        }
                    }
                }
                ItemType::Integer | ItemType::Number => Test::of_number(leaf),
            }
        };
        let next = self.ids.len() as u32;
        Some(Leaf {
            source: c,
            score,
            slot: leaf.slot,
            id: *self.ids.entry(leaf.subject.id()).or_insert(next),
            unanswered,
            test,
        })
    }

    fn hot(&self, leaf: &Leaf) -> Hot {
        let (kind, mask) = match leaf.test {
            _ if leaf.score => (HotKind::Cold, 0),
            Test::Code(mask) => (HotKind::Code, mask),
            Test::CodesAny { at, words: 1 } => (HotKind::Codes, self.masks[at as usize]),
            _ => (HotKind::Cold, 0),
        };
        Hot {
            mask,
            slot: leaf.slot as u32,
            kind,
            unanswered: leaf.unanswered,
        }
    }

    /// The mask of codes (or single choices) for which the model's leaf holds; its place in
    /// [`Conditions::masks`].
    fn mask(&mut self, c: &Condition, slot: usize, item: &ItemCodes, choices: bool) -> u32 {
        let q = self.q;
        let values = self.values.entry(slot).or_insert_with(|| {
            let value = |code: &&str| {
                if choices {
                    Value::Codes(vec![(*code).to_string()])
                } else {
                    Value::Code((*code).to_string().into())
                }
            };
            item.codes.iter().map(value).collect()
        });
        let at = self.masks.len();
        self.masks
            .resize(at + item.codes.len().div_ceil(64).max(1), 0);
        for (n, value) in values.iter().enumerate() {
            if c.holds(&One::answer(q, value)) {
                self.masks[at + n / 64] |= 1 << (n % 64);
            }
        }
        at as u32
    }
}
