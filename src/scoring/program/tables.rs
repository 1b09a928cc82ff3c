//! What scoring many answer sets uses: every leaf's truth as bits (see [`Layout`]), and the
//! rules and classes over them; a record's fired rules are then read off the rules' bits.

use super::Program;
use super::eval::Facts;
use super::gates::Gates;
use super::layout::{Flat, Layout};
use super::truth::{ReadCodes, Truths};
use super::weights::Weights;
use crate::scoring::tops::Tops;

#[derive(Debug)]
pub struct Tables {
    pub truths: Truths,
    /// By rule: its condition over the bits.
    pub rule_flats: Vec<Flat>,
    /// By classification, by class.
    pub class_flats: Vec<Vec<Flat>>,
    /// The rules that are an `all` of leaves with at most one `any` of leaves (most rules
    /// that are not one leaf): judged after the leaves by two mask tests, each setting its
    /// own bit.
    masks: Vec<MaskRule>,
    /// `masks` in runs that read one word and set bits in one word, as the word read, the
    /// word set and the run's end: each run's word is read once, and its bits gathered and
    /// set at once.
    runs: Vec<(u32, u32, u32)>,
    /// The other rules that are not one leaf, with their conditions.
    judged: Vec<(u32, Flat)>,
    /// The scores as flat tables, when none has a formula.
    pub weights: Option<Weights>,
    /// The `enable_when` conditions as tests on one answer, when they settle in order.
    pub gates: Option<Gates>,
    /// Each pattern's and cause's level and share by points, when rules give whole points.
    pub tops: Option<Tops>,
}

/// A rule that holds when every bit of `all` is set in the word its run reads and some bit
/// of `any` (a [`Flat::Masks`] with at most one `any`); its own bit is `bit`.
#[derive(Debug, Clone, Copy)]
struct MaskRule {
    all: u64,
    any: u64,
    bit: u64,
}

impl Tables {
    pub fn new(p: &Program) -> Tables {
        let (layout, rule_flats, class_flats) = Layout::new(&p.conditions, &p.rules, &p.classes);
        // Each mask rule with the word it reads and the word its bit is in.
        let (mut masks, mut judged) = (Vec::new(), Vec::new());
        for (r, &flat) in rule_flats.iter().enumerate() {
            let rule = r as u32;
            match flat {
                Flat::Leaf(_) => {}
                // `all` with no `any` as `all` with an `any` of its own bits, which holds
                // whenever `all` does (unless `all` is empty: judged the general way, as is
                // an `any` of nothing, which never holds).
                Flat::Masks { word, all, anys } if anys.1 - anys.0 <= 1 => {
                    let any = if anys.1 > anys.0 {
                        layout.anys[anys.0 as usize]
                    } else {
                        all
                    };
                    if any == 0 {
                        judged.push((rule, flat));
                        continue;
                    }
                    let rule = MaskRule {
                        all,
                        any,
                        bit: 1 << (rule % 64),
                    };
                    masks.push(((word, r as u32 / 64), rule));
                }
                _ => judged.push((rule, flat)),
            }
        }
        // Runs of one word read and one word set; the order rules are judged in does not
        // matter, as each reads only leaves.
        masks.sort_by_key(|&(words, _)| words);
        let mut runs: Vec<(u32, u32, u32)> = Vec::new();
        for (n, &((read, set), _)) in masks.iter().enumerate() {
            match runs.last_mut() {
                Some(run) if (run.0, run.1) == (read, set) => run.2 = n as u32 + 1,
                _ => runs.push((read, set, n as u32 + 1)),
            }
        }
        let masks = masks.into_iter().map(|(_, rule)| rule).collect();
        Tables {
            truths: Truths::new(p.q, &p.conditions, &p.items, layout),
            rule_flats,
            class_flats,
            masks,
            runs,
            judged,
            weights: Weights::new(p.q, &p.items),
            gates: Gates::new(p),
            tops: Tops::new(p.q),
        }
    }

    /// Sets `truth` to every leaf's truth over `f` (from `read`, as [`Truths::fill`]), and
    /// every rule's bit to whether it fired.
    pub fn settle(&self, p: &Program, f: &Facts, read: Option<ReadCodes>, truth: &mut Vec<u64>) {
        self.truths.fill(p, f, read, truth);
        // The leaves' words as they are before any rule's bit is set here: a mask rule
        // reads only leaves (its own bit is never among them). Copied into four words when
        // they fit, read then without a check per rule.
        let mut start = 0;
        let mut words = [0u64; 4];
        let fits = truth.len() <= words.len();
        match truth.first_chunk::<4>() {
            // All four (the usual case) as one fixed copy, no call.
            Some(four) if truth.len() == 4 => words = *four,
            _ if fits => words[..truth.len()].copy_from_slice(truth),
            _ => {}
        }
        for &(read, out, end) in &self.runs {
            let t = if fits {
                words[read as usize & 3]
            } else {
                truth[read as usize]
            };
            let (mut bits, off) = (0, !t);
            for m in &self.masks[start..end as usize] {
                // Both tests, no branch: whether a rule holds is not predictable.
                #[allow(clippy::needless_bitwise_bool)]
                let holds = (off & m.all == 0) & (t & m.any != 0);
                bits |= m.bit & 0u64.wrapping_sub(u64::from(holds));
            }
            truth[out as usize] |= bits;
            start = end as usize;
        }
        for &(rule, flat) in &self.judged {
            if self.holds(p, flat, truth) {
                truth[rule as usize / 64] |= 1 << (rule % 64);
            }
        }
    }

    /// Whether a flat condition holds, given a record's bits.
    #[inline]
    pub fn holds(&self, p: &Program, flat: Flat, truth: &[u64]) -> bool {
        self.truths.layout.holds(&p.conditions, flat, truth)
    }

    /// Adds the rules that fired, in rule order, from a settled `truth`; sets `words` to
    /// them as bits.
    pub fn fired(&self, truth: &[u64], fired: &mut Vec<u32>, words: &mut Vec<u64>) {
        self.fired_bits(truth, words);
        let mut some = [0; 64];
        for (w, &word) in words.iter().enumerate() {
            let mut bits = word;
            // Gathered apart and added at once: no capacity check per rule.
            let mut count = 0;
            while bits != 0 {
                some[count] = w as u32 * 64 + bits.trailing_zeros();
                count += 1;
                bits &= bits - 1;
            }
            fired.extend_from_slice(&some[..count]);
        }
    }

    /// Sets `words` to the rules that fired, as bits, from a settled `truth`.
    pub fn fired_bits(&self, truth: &[u64], words: &mut Vec<u64>) {
        let rules = self.truths.layout.rules;
        words.clear();
        for (w, &word) in truth.iter().enumerate().take(rules.div_ceil(64) as usize) {
            let past = rules - (w as u32 * 64).min(rules);
            words.push(if past >= 64 {
                word
            } else {
                word & ((1 << past) - 1)
            });
        }
    }
}
