//! Compiling the model's conditions into flat nodes over slots. Leaves on codes become bit
//! masks, found by asking the model's evaluator about each code the item has; leaves on
//! numbers and scores keep a reference to the model's leaf, which evaluates them.

use std::collections::HashMap;

use super::eval::One;
use super::{ItemCodes, Root};
use crate::questionnaire::condition::{Condition, Leaf as ModelLeaf, Op, Operand, Subject};
use crate::questionnaire::{ItemType, Questionnaire, Value};

/// A node of a compiled condition; children are ranges of [`Conditions::children`].
#[derive(Debug, Clone)]
pub enum Node<'q> {
    All(u32, u32),
    Any(u32, u32),
    Not(u32),
    /// A leaf whose subject does not exist (only in a questionnaire that failed validation):
    /// it is never answered, so it always gives this.
    Const(bool),
    Leaf(Leaf<'q>),
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
    /// A code: bit `n` of the mask from `at` is whether the leaf holds for code `n`.
    Code {
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
    /// Handed to the model's leaf with the number (or score).
    Model,
}

/// A leaf in an explanation, and the nodes that must hold for it to be named: the branches
/// of `any` it sits under (a branch that does not hold did not make the condition true).
#[derive(Debug, Clone, Copy)]
pub struct Occurrence {
    pub node: u32,
    pub gates: (u32, u32),
}

/// Every compiled condition of a questionnaire, in shared pools.
#[derive(Debug)]
pub struct Conditions<'q> {
    q: &'q Questionnaire,
    pub nodes: Vec<Node<'q>>,
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
        let mut found = Vec::new();
        self.occurrences(node, &mut Vec::new(), false, &mut found);
        // Sorted by id as a result lists them; stable, so the first of a repeated id is kept.
        found.sort_by_key(|(id, _, _)| *id);
        let start = self.because.len() as u32;
        for (_, node, gates) in found {
            let at = self.gates.len() as u32;
            self.gates.extend(gates);
            self.because.push(Occurrence {
                node,
                gates: (at, self.gates.len() as u32),
            });
        }
        Root {
            node,
            because: (start, self.because.len() as u32),
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
            Condition::Leaf(leaf) => self.leaf(c, leaf, items),
        };
        self.nodes.push(node);
        self.nodes.len() as u32 - 1
    }

    fn leaf(&mut self, c: &'q Condition, leaf: &'q ModelLeaf, items: &[ItemCodes<'q>]) -> Node<'q> {
        let unanswered = leaf.op == Op::Answered && leaf.value == Operand::Bool(false);
        let answered = leaf.op == Op::Answered && leaf.value != Operand::Bool(false);
        let score = matches!(leaf.subject, Subject::Score(_));
        let exists = if score {
            leaf.slot < self.q.scores.len()
        } else {
            leaf.slot < items.len()
        };
        if !exists {
            return Node::Const(unanswered);
        }
        let test = if leaf.op == Op::Answered {
            Test::Const(answered)
        } else if score {
            Test::Model
        } else {
            let item = &items[leaf.slot];
            match item.kind {
                ItemType::YesNo | ItemType::SingleChoice => {
                    let at = self.mask(c, leaf.slot, item, false);
                    Test::Code {
                        at,
                        len: item.codes.len() as u32,
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
                ItemType::Integer | ItemType::Number => Test::Model,
            }
        };
        let next = self.ids.len() as u32;
        Node::Leaf(Leaf {
            source: c,
            score,
            slot: leaf.slot,
            id: *self.ids.entry(leaf.subject.id()).or_insert(next),
            unanswered,
            test,
        })
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

    /// The leaves under `node` that can explain it, with their gates and ids, in order.
    fn occurrences(
        &self,
        node: u32,
        gates: &mut Vec<u32>,
        under_not: bool,
        out: &mut Vec<(&'q str, u32, Vec<u32>)>,
    ) {
        match &self.nodes[node as usize] {
            Node::All(start, end) => {
                for &kid in &self.children[*start as usize..*end as usize] {
                    self.occurrences(kid, gates, under_not, out);
                }
            }
            Node::Any(start, end) => {
                for &kid in &self.children[*start as usize..*end as usize] {
                    // Under a `not`, every known leaf is named, branch held or not.
                    if !under_not {
                        gates.push(kid);
                    }
                    self.occurrences(kid, gates, under_not, out);
                    if !under_not {
                        gates.pop();
                    }
                }
            }
            Node::Not(kid) => self.occurrences(*kid, gates, true, out),
            Node::Const(_) => {}
            Node::Leaf(leaf) => {
                if let Condition::Leaf(model) = leaf.source {
                    out.push((model.subject.id(), node, gates.clone()));
                }
            }
        }
    }
}
