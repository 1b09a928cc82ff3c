//! Sets of rules as masks over the rules' bits (bit `r` is rule `r`, as in the layout). A
//! heavy record fires some thirty rules, and most steps care about few of them: triage only
//! about the rules that raise the level or stop, suggestions only about the rules that name
//! or hold one back. Visiting the fired rules of a set as the set bits of `fired & mask`
//! skips the others without reading their rule.

use crate::questionnaire::Questionnaire;

#[derive(Debug, Default)]
pub struct RuleMasks {
    /// Rules that raise the triage level or stop the questionnaire.
    pub triage: Vec<u64>,
    /// Rules that name a suggestion or hold one back.
    pub suggest: Vec<u64>,
    /// Rules that give a pattern or cause points.
    pub points: Vec<u64>,
    /// By rule: the first target it gives points to and how many, and the range of `more`
    /// with the others (nearly every rule that gives points gives them to one target).
    pub feeds: Vec<Feed>,
    /// The targets rules give points to after their first, in `rule_points`' order.
    pub more: Vec<(u32, f64)>,
    /// By rule, for ranking by whole points, its feed in one word: what adding it reads
    /// (see [`Feed::packed`]). Padded with zeros to a whole number of 64 rules, so that a
    /// word of rules' feeds is read as 64 places.
    pub wholes: Vec<u64>,
    /// When there are at most 64 suggestions: by target, the suggestions it can hold back
    /// and those it answers, as bits, so that choosing suggestions is a few ORs over the
    /// targets instead of walking lists.
    pub suggestion_targets: Option<TargetSuggestions>,
    /// By rule, when there are at most 64 suggestions: the suggestions it holds back and
    /// those it names, as bits, so that a record's are a few ORs instead of lists walked.
    pub rule_suggestions: Option<Vec<(u64, u64)>>,
}

/// A rule's first target and points (none: points 0 to target 0, never read), and the
/// range of [`RuleMasks::more`] with the rest.
#[derive(Debug, Clone, Copy, Default)]
pub struct Feed {
    pub target: u32,
    pub more: (u32, u32),
    pub points: f64,
    /// `points` as a whole number, for ranking by whole points (only when every rule's
    /// points are whole: see `scoring::tops`).
    pub whole: i32,
}

impl Feed {
    /// Bit 63: the rule gives points to more targets; bits 32–37: the first target (of at
    /// most 64: ranking by whole points has no more); bits 0–31: its whole points.
    pub fn packed(&self) -> u64 {
        u64::from(self.more.0 != self.more.1) << 63
            | u64::from(self.target & 63) << 32
            | u64::from(self.whole as u32)
    }
}

/// The suggestions each target bears on, as bits (bit `n` is suggestion `n`).
#[derive(Debug, Default)]
pub struct TargetSuggestions {
    /// By target (patterns first): the suggestions that name it in `unless`, and those it
    /// answers.
    pub by_target: Vec<(u64, u64)>,
    /// By level: the suggestions that a target at that level holds back (those whose
    /// `unless_at` is at most that level).
    pub reached: [u64; 3],
    /// The suggestions shown whenever they are not held back.
    pub always: u64,
}

impl TargetSuggestions {
    fn new(q: &Questionnaire) -> TargetSuggestions {
        let mut t = TargetSuggestions {
            by_target: vec![(0, 0); q.patterns.len() + q.causes.len()],
            ..TargetSuggestions::default()
        };
        for (n, suggestion) in q.suggestions.iter().enumerate() {
            let bit = 1u64 << n;
            for &target in &q.index.suggestion_unless[n] {
                t.by_target[target].0 |= bit;
            }
            for &target in &q.index.suggestion_for[n] {
                t.by_target[target].1 |= bit;
            }
            for mask in &mut t.reached[suggestion.unless_at as usize..] {
                *mask |= bit;
            }
            t.always |= u64::from(suggestion.always) << n;
        }
        t
    }
}

impl RuleMasks {
    pub fn new(q: &Questionnaire, rule_points: &[Vec<(u32, f64)>]) -> RuleMasks {
        let mask = |keep: &dyn Fn(usize) -> bool| {
            let mut words = vec![0u64; q.rules.len().div_ceil(64)];
            for r in (0..q.rules.len()).filter(|&r| keep(r)) {
                words[r / 64] |= 1 << (r % 64);
            }
            words
        };
        let mut more = Vec::new();
        let feeds: Vec<Feed> = (rule_points.iter())
            .map(|points| {
                let Some((&(target, points), rest)) = points.split_first() else {
                    return Feed::default();
                };
                let start = more.len() as u32;
                more.extend_from_slice(rest);
                Feed {
                    target,
                    more: (start, more.len() as u32),
                    points,
                    whole: points as i32,
                }
            })
            .collect();
        let mut wholes: Vec<u64> = feeds.iter().map(Feed::packed).collect();
        wholes.resize(wholes.len().div_ceil(64) * 64, 0);
        RuleMasks {
            wholes,
            feeds,
            more,
            triage: mask(&|r| q.rules[r].triage.is_some() || q.rules[r].stop),
            suggest: mask(&|r| {
                !q.index.rule_suggest[r].is_empty() || !q.index.rule_withhold[r].is_empty()
            }),
            points: mask(&|r| !rule_points[r].is_empty()),
            suggestion_targets: (q.suggestions.len() <= 64).then(|| TargetSuggestions::new(q)),
            rule_suggestions: (q.suggestions.len() <= 64).then(|| {
                let bits = |ns: &[usize]| ns.iter().fold(0, |m, &n| m | 1u64 << n);
                (q.index.rule_withhold.iter().zip(&q.index.rule_suggest))
                    .map(|(withhold, suggest)| (bits(withhold), bits(suggest)))
                    .collect()
            }),
        }
    }
}

/// The rules set in both `fired` and `mask` (rule bits, as words), in rule order.
pub fn both<'a>(fired: &'a [u64], mask: &'a [u64]) -> impl Iterator<Item = u32> + 'a {
    (fired.iter().zip(mask).enumerate()).flat_map(|(w, (&f, &m))| {
        let mut bits = f & m;
        std::iter::from_fn(move || {
            (bits != 0).then(|| {
                let bit = bits.trailing_zeros();
                bits &= bits - 1;
                w as u32 * 64 + bit
            })
        })
    })
}

/// Calls `f` with each rule set in both `fired` and `mask`, in rule order: as [`both`], as
/// a plain loop for the hot steps.
#[inline]
pub fn each(fired: &[u64], mask: &[u64], mut f: impl FnMut(u32)) {
    for (w, (&fired, &mask)) in fired.iter().zip(mask).enumerate() {
        let mut bits = fired & mask;
        while bits != 0 {
            f(w as u32 * 64 + bits.trailing_zeros());
            bits &= bits - 1;
        }
    }
}

/// Sets `words` to the rule bits of `fired` (rules in any order), for `rules` rules.
pub fn words_of(fired: &[u32], rules: usize, words: &mut Vec<u64>) {
    words.clear();
    words.resize(rules.div_ceil(64), 0);
    for &r in fired {
        words[r as usize / 64] |= 1 << (r % 64);
    }
}

/// Sets `fires` to one flag per rule, `rules` of them, from the rule bits `words`: eight
/// rules at a time, each eight one move from a table of every byte's flags.
pub fn flags(fires: &mut Vec<bool>, words: &[u64], rules: usize) {
    fires.resize(rules, false);
    let mut whole = fires.chunks_exact_mut(64);
    for (sixty_four, &word) in (&mut whole).zip(words) {
        for (eight, byte) in sixty_four.chunks_exact_mut(8).zip(0..) {
            eight.copy_from_slice(&BYTE_FLAGS[(word >> (byte * 8) & 0xff) as usize]);
        }
    }
    let rest = whole.into_remainder();
    let word = words.get(rules / 64).copied().unwrap_or(0);
    let mut eights = rest.chunks_exact_mut(8);
    for (eight, byte) in (&mut eights).zip(0..) {
        eight.copy_from_slice(&BYTE_FLAGS[(word >> (byte * 8) & 0xff) as usize]);
    }
    let last = rules / 8 % 8 * 8;
    for (n, flag) in eights.into_remainder().iter_mut().enumerate() {
        *flag = word >> (last + n) & 1 == 1;
    }
}

/// By byte: its bits as flags, lowest first.
const BYTE_FLAGS: [[bool; 8]; 256] = {
    let mut table = [[false; 8]; 256];
    let mut byte = 0;
    while byte < 256 {
        let mut bit = 0;
        while bit < 8 {
            table[byte][bit] = byte >> bit & 1 == 1;
            bit += 1;
        }
        byte += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rules_suggestion_bits_are_its_lists() {
        let q = crate::testing::embedded();
        let p = crate::scoring::Program::new(&q);
        let by_rule = p
            .rule_masks
            .rule_suggestions
            .as_ref()
            .expect("few suggestions");
        let listed = |bits: u64| -> Vec<usize> { (0..64).filter(|n| bits >> n & 1 == 1).collect() };
        // As sets: a rule's lists set flags, in any order, repeats or not.
        let set = |ns: &[usize]| -> Vec<usize> {
            let mut ns = ns.to_vec();
            ns.sort_unstable();
            ns.dedup();
            ns
        };
        for (r, &(withhold, suggest)) in by_rule.iter().enumerate() {
            assert_eq!(listed(withhold), set(&q.index.rule_withhold[r]), "rule {r}");
            assert_eq!(listed(suggest), set(&q.index.rule_suggest[r]), "rule {r}");
        }
        assert!(by_rule.iter().any(|&(w, _)| w != 0) && by_rule.iter().any(|&(_, n)| n != 0));
    }

    #[test]
    fn both_lists_the_common_bits_in_order() {
        let mut rng = crate::testing::Rng(0x2545_f491_4f6c_dd1d);
        let mut next = || rng.next();
        for _ in 0..2_000 {
            let rules = (next() % 200) as usize;
            let fired: Vec<u32> = (0..rules as u32).filter(|_| next() % 3 == 0).collect();
            let kept: Vec<u32> = (0..rules as u32).filter(|_| next() % 2 == 0).collect();
            let (mut f, mut m) = (Vec::new(), Vec::new());
            words_of(&fired, rules, &mut f);
            words_of(&kept, rules, &mut m);
            let want: Vec<u32> = fired.iter().copied().filter(|r| kept.contains(r)).collect();
            assert_eq!(both(&f, &m).collect::<Vec<_>>(), want);

            // From the flags of `kept` (or none) to those of `fired`.
            let mut on: Vec<bool> = (0..rules as u32).map(|r| kept.contains(&r)).collect();
            on.truncate(next() as usize % (rules + 1));
            flags(&mut on, &f, rules);
            let want: Vec<bool> = (0..rules as u32).map(|r| fired.contains(&r)).collect();
            assert_eq!(on, want);
        }
    }
}
