//! What the first screen of a report picks out of an assessment: the patterns the answers fit
//! best, the main habits feeding them, and the three things to try first.
//!
//! The three things to try first, by rule: walk the causes and patterns that are at least
//! partly consistent with the answers, strongest first, alternating — the strongest cause, the
//! best-fitting pattern, the next cause, the next pattern, … — and take each one's first shown
//! suggestion not already taken (a cause's direct fix, then the pattern's first-line advice).
//! If fewer than three are found, suggestions tied to no pattern or cause (those shown to
//! everyone, or named by a rule) fill the rest, in file order.
//! Suggestions held back by the result are never among them: they are not shown at all.

use crate::scoring::assessment::{Assessment, Likelihood, Ranked, ShownSuggestion};

/// Patterns at least partly consistent with the answers, best first: at most two.
pub fn best_patterns<'r, 'a>(a: &'r Assessment<'a>) -> Vec<&'r Ranked<'a>> {
    fitting(&a.patterns).take(2).collect()
}

/// Causes at least partly consistent with the answers, strongest first: at most three.
pub fn main_causes<'r, 'a>(a: &'r Assessment<'a>) -> Vec<&'r Ranked<'a>> {
    fitting(&a.causes).take(3).collect()
}

fn fitting<'r, 'a>(list: &'r [Ranked<'a>]) -> impl Iterator<Item = &'r Ranked<'a>> {
    list.iter()
        .filter(|r| r.assessed && r.level > Likelihood::Unlikely)
}

/// The three things to try first (see the module's rule).
pub fn try_first<'r, 'a>(a: &'r Assessment<'a>) -> Vec<&'r ShownSuggestion<'a>> {
    let causes: Vec<&Ranked> = fitting(&a.causes).collect();
    let patterns: Vec<&Ranked> = fitting(&a.patterns).collect();
    let mut order: Vec<&Ranked> = Vec::with_capacity(causes.len() + patterns.len());
    for n in 0..causes.len().max(patterns.len()) {
        order.extend(causes.get(n));
        order.extend(patterns.get(n));
    }
    let mut picked: Vec<&ShownSuggestion> = Vec::with_capacity(3);
    for target in order {
        if picked.len() == 3 {
            break;
        }
        let first = a
            .suggestions
            .iter()
            .find(|s| s.targets.contains(&target.id) && !picked.iter().any(|p| p.id == s.id));
        picked.extend(first);
    }
    for s in &a.suggestions {
        if picked.len() == 3 {
            break;
        }
        if s.targets.is_empty() && !picked.iter().any(|p| p.id == s.id) {
            picked.push(s);
        }
    }
    picked
}
