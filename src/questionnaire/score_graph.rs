//! How scores read scores: the order they are computed in, and the items a score reads
//! through its formula — both walked without recursion, so a long chain cannot overflow.

use super::formula::Target as FormulaTarget;
use super::model::Definition;

/// What the graph needs from the index, without depending on it: a formula name resolved to
/// an item slot or a score, and each score's own items.
pub(crate) trait Names {
    fn target(&self, name: &str) -> FormulaTarget;
    fn score_items(&self, score: usize) -> &[usize];
}

/// The scores each score's formula reads, by score index (names resolved by the index,
/// since this runs before the definition's formulas are resolved).
pub(crate) fn score_refs(q: &Definition, names: &impl Names) -> Vec<Vec<usize>> {
    q.scores
        .iter()
        .map(|s| {
            s.formula.as_ref().map_or_else(Vec::new, |f| {
                f.names()
                    .iter()
                    .filter_map(|name| match names.target(&name.id) {
                        FormulaTarget::Score(n) => Some(n),
                        _ => None,
                    })
                    .collect()
            })
        })
        .collect()
}

/// Kahn's algorithm over score references: linear, no recursion, and what is left over is
/// exactly the scores on or behind a circle.
pub(crate) fn score_order(q: &Definition, names: &impl Names) -> Vec<usize> {
    let refs = score_refs(q, names);
    let n = refs.len();
    let mut waiting: Vec<usize> = refs.iter().map(Vec::len).collect();
    let mut readers: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (s, deps) in refs.iter().enumerate() {
        for &d in deps {
            readers[d].push(s);
        }
    }
    let mut order: Vec<usize> = (0..n).filter(|&s| waiting[s] == 0).collect();
    let mut next = 0;
    while let Some(&s) = order.get(next) {
        next += 1;
        for &r in &readers[s] {
            waiting[r] -= 1;
            if waiting[r] == 0 {
                order.push(r);
            }
        }
    }
    order
}

/// The item slots a score reads, through its formula and the scores that reads, found by
/// an explicit-stack walk.
pub(crate) fn score_reads(q: &Definition, names: &impl Names, score: usize) -> Vec<usize> {
    let mut seen = vec![false; q.scores.len()];
    let mut stack = vec![score];
    let mut slots = Vec::new();
    while let Some(s) = stack.pop() {
        if std::mem::replace(&mut seen[s], true) {
            continue;
        }
        slots.extend_from_slice(names.score_items(s));
        for name in q.scores[s].formula.iter().flat_map(|f| f.names()) {
            match names.target(&name.id) {
                FormulaTarget::Item(slot) => slots.push(slot),
                FormulaTarget::Score(n) => stack.push(n),
                FormulaTarget::Unresolved => {}
            }
        }
    }
    slots
}
