//! Where each leaf's truth is kept when many answer sets are scored: a bit for every leaf a
//! rule or a class reads (`enable_when` is settled from the answers before, so its leaves
//! get none), laid out so that judging a record's conditions is a few word operations:
//!
//! - bit `r` is rule `r`'s. A rule that is one leaf (two in three are) has that leaf there,
//!   so the leaf's truth *is* whether the rule fired; any other rule's bit is set once it is
//!   judged. The rules that fired are then the set bits of the first words, in rule order.
//! - The leaves of an `all` of leaves and of `any`s of leaves sit side by side in one word,
//!   so the condition is a mask test on that word; so do those of an `any` of leaves and of
//!   `all`s of leaves.
//! - Leaves under other shapes (`not`, deeper nesting) get a bit each; their tree is walked.

use super::Root;
use super::compile::{Conditions, Node};

/// The bit of a leaf that no rule or class reads.
pub const NO_BIT: u32 = u32::MAX;

/// A condition as the bits it reads.
#[derive(Debug, Clone, Copy)]
pub enum Flat {
    /// One leaf, at this bit.
    Leaf(u32),
    /// `all` of leaves and of `any`s of leaves, all in one word: it holds when every bit of
    /// `all` is set and each mask of `anys` (a range of [`Layout::anys`]) has a bit set.
    Masks {
        word: u32,
        all: u64,
        anys: (u32, u32),
    },
    /// `any` of leaves and of `all`s of leaves, all in one word: it holds when some mask of
    /// `terms` (a range of [`Layout::anys`]) has every bit set.
    Terms { word: u32, terms: (u32, u32) },
    /// Another shape: the tree at this node, each leaf read at its bit.
    Tree(u32),
}

/// Every leaf's bit, and the masks of `any`s.
#[derive(Debug, Default)]
pub struct Layout {
    /// By leaf: its bit, or [`NO_BIT`].
    pub bit: Vec<u32>,
    /// The masks of the `any`s of [`Flat::Masks`] and the terms of [`Flat::Terms`].
    pub anys: Vec<u64>,
    /// The rules' count: bits below it are rules'.
    pub rules: u32,
    /// The next free bit.
    next: u32,
}

/// A condition's shape, as its leaves.
enum Shape {
    Leaf(u32),
    Masks(Vec<u32>, Vec<Vec<u32>>),
    /// `any` of terms, each a leaf or an `all` of leaves.
    Terms(Vec<Vec<u32>>),
    Tree,
}

impl Layout {
    /// The layout of the rules' and classes' leaves, and those conditions in their flat form.
    pub fn new(
        c: &Conditions,
        rules: &[Root],
        classes: &[Vec<Root>],
    ) -> (Layout, Vec<Flat>, Vec<Vec<Flat>>) {
        let count = rules.len() as u32;
        let mut layout = Layout {
            bit: vec![NO_BIT; c.leaves.len()],
            anys: Vec::new(),
            rules: count,
            next: count,
        };
        let rule_flats = (rules.iter().enumerate())
            .map(|(r, root)| layout.place(c, root.node, Some(r as u32)))
            .collect();
        let class_flats = (classes.iter())
            .map(|roots| {
                (roots.iter())
                    .map(|root| layout.place(c, root.node, None))
                    .collect()
            })
            .collect();
        (layout, rule_flats, class_flats)
    }

    /// Bit words a record's truth needs.
    pub fn words(&self) -> usize {
        self.next.div_ceil(64) as usize
    }

    /// Gives the leaves of the condition at `node` their bits (a one-leaf rule's is the rule's).
    fn place(&mut self, c: &Conditions, node: u32, rule: Option<u32>) -> Flat {
        let (all, anys) = match shape(c, node) {
            Shape::Leaf(leaf) => {
                let bit = rule.unwrap_or_else(|| self.take(1));
                self.bit[leaf as usize] = bit;
                return Flat::Leaf(bit);
            }
            Shape::Masks(all, anys) => (all, anys),
            Shape::Terms(terms) => return self.terms(c, node, &terms),
            Shape::Tree => return self.tree(c, node),
        };
        let count = all.len() + anys.iter().map(Vec::len).sum::<usize>();
        if count > 64 {
            return self.tree(c, node);
        }
        let first = self.take(count as u32);
        let mut at = first;
        let mut mask = |bits: &mut [u32], leaves: &[u32]| {
            let mut mask = 0;
            for &leaf in leaves {
                bits[leaf as usize] = at;
                mask |= 1 << (at % 64);
                at += 1;
            }
            mask
        };
        let all = mask(&mut self.bit, &all);
        let start = self.anys.len() as u32;
        for leaves in &anys {
            let any = mask(&mut self.bit, leaves);
            self.anys.push(any);
        }
        Flat::Masks {
            word: first / 64,
            all,
            anys: (start, self.anys.len() as u32),
        }
    }

    /// The leaves of `any` of `terms` side by side in one word (if they fit).
    fn terms(&mut self, c: &Conditions, node: u32, terms: &[Vec<u32>]) -> Flat {
        let count = terms.iter().map(Vec::len).sum::<usize>();
        if count > 64 {
            return self.tree(c, node);
        }
        let first = self.take(count as u32);
        let mut at = first;
        let start = self.anys.len() as u32;
        for leaves in terms {
            let mut mask = 0;
            for &leaf in leaves {
                self.bit[leaf as usize] = at;
                mask |= 1 << (at % 64);
                at += 1;
            }
            self.anys.push(mask);
        }
        Flat::Terms {
            word: first / 64,
            terms: (start, self.anys.len() as u32),
        }
    }

    /// A bit for each leaf under `node`, walked as a tree.
    fn tree(&mut self, c: &Conditions, node: u32) -> Flat {
        let mut leaves = Vec::new();
        leaves_under(c, node, &mut leaves);
        for leaf in leaves {
            self.bit[leaf as usize] = self.take(1);
        }
        Flat::Tree(node)
    }

    /// `count` (at most 64) bits side by side in one word; the first.
    fn take(&mut self, count: u32) -> u32 {
        if self.next % 64 + count > 64 {
            self.next = self.next.next_multiple_of(64);
        }
        let first = self.next;
        self.next += count;
        first
    }

    /// Whether a flat condition holds, given the bits of a record.
    #[inline]
    pub fn holds(&self, c: &Conditions, flat: Flat, truth: &[u64]) -> bool {
        match flat {
            Flat::Leaf(bit) => is_set(truth, bit),
            Flat::Masks { word, all, anys } => {
                let t = truth[word as usize];
                t & all == all
                    && (self.anys[anys.0 as usize..anys.1 as usize].iter()).all(|&m| t & m != 0)
            }
            Flat::Terms { word, terms } => {
                let t = truth[word as usize];
                (self.anys[terms.0 as usize..terms.1 as usize].iter()).any(|&m| m & !t == 0)
            }
            Flat::Tree(node) => self.tree_holds(c, node, truth),
        }
    }

    fn tree_holds(&self, c: &Conditions, node: u32, truth: &[u64]) -> bool {
        let kids = |start: u32, end: u32| c.children[start as usize..end as usize].iter();
        match c.nodes[node as usize] {
            Node::Leaf(leaf) => is_set(truth, self.bit[leaf as usize]),
            Node::All(start, end) => kids(start, end).all(|&kid| self.tree_holds(c, kid, truth)),
            Node::Any(start, end) => kids(start, end).any(|&kid| self.tree_holds(c, kid, truth)),
            Node::Not(kid) => !self.tree_holds(c, kid, truth),
            Node::Const(b) => b,
        }
    }
}

#[inline]
pub fn is_set(truth: &[u64], bit: u32) -> bool {
    truth[bit as usize / 64] >> (bit % 64) & 1 == 1
}

/// The shape of the condition at `node`.
fn shape(c: &Conditions, node: u32) -> Shape {
    let kids = |start: u32, end: u32| &c.children[start as usize..end as usize];
    let leaves_of = |kids: &[u32]| -> Option<Vec<u32>> {
        (kids.iter())
            .map(|&kid| match c.nodes[kid as usize] {
                Node::Leaf(leaf) => Some(leaf),
                _ => None,
            })
            .collect()
    };
    match c.nodes[node as usize] {
        Node::Leaf(leaf) => Shape::Leaf(leaf),
        Node::Any(start, end) => {
            if let Some(leaves) = leaves_of(kids(start, end)) {
                return Shape::Masks(Vec::new(), vec![leaves]);
            }
            let term = |&kid: &u32| match c.nodes[kid as usize] {
                Node::Leaf(leaf) => Some(vec![leaf]),
                Node::All(start, end) => leaves_of(kids(start, end)),
                _ => None,
            };
            (kids(start, end).iter())
                .map(term)
                .collect::<Option<_>>()
                .map_or(Shape::Tree, Shape::Terms)
        }
        Node::All(start, end) => {
            let (mut all, mut anys) = (Vec::new(), Vec::new());
            for &kid in kids(start, end) {
                match c.nodes[kid as usize] {
                    Node::Leaf(leaf) => all.push(leaf),
                    Node::Any(start, end) => match leaves_of(kids(start, end)) {
                        Some(leaves) => anys.push(leaves),
                        None => return Shape::Tree,
                    },
                    _ => return Shape::Tree,
                }
            }
            Shape::Masks(all, anys)
        }
        _ => Shape::Tree,
    }
}

/// The leaves under `node`.
fn leaves_under(c: &Conditions, node: u32, leaves: &mut Vec<u32>) {
    match c.nodes[node as usize] {
        Node::Leaf(leaf) => leaves.push(leaf),
        Node::All(start, end) | Node::Any(start, end) => {
            for &kid in &c.children[start as usize..end as usize] {
                leaves_under(c, kid, leaves);
            }
        }
        Node::Not(kid) => leaves_under(c, kid, leaves),
        Node::Const(_) => {}
    }
}
