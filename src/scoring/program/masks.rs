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
    /// By suggestion, when there are at most 64 targets: the targets that hold it back and
    /// those it answers, as bits (patterns first), so that choosing suggestions is a few
    /// mask tests against the targets at each level instead of walking lists.
    pub suggestion_targets: Option<Vec<(u64, u64)>>,
    /// By rule, when there are at most 64 suggestions: the suggestions it holds back and
    /// those it names, as bits, so that a record's are a few ORs instead of lists walked.
    pub rule_suggestions: Option<Vec<(u64, u64)>>,
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
        RuleMasks {
            triage: mask(&|r| q.rules[r].triage.is_some() || q.rules[r].stop),
            suggest: mask(&|r| {
                !q.index.rule_suggest[r].is_empty() || !q.index.rule_withhold[r].is_empty()
            }),
            points: mask(&|r| !rule_points[r].is_empty()),
            suggestion_targets: (q.patterns.len() + q.causes.len() <= 64).then(|| {
                let bits = |targets: &[usize]| targets.iter().fold(0, |m, &t| m | 1u64 << t);
                (q.index
                    .suggestion_unless
                    .iter()
                    .zip(&q.index.suggestion_for))
                .map(|(unless, fits)| (bits(unless), bits(fits)))
                .collect()
            }),
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

/// Sets `words` to the rule bits of `fired` (rules in any order), for `rules` rules.
pub fn words_of(fired: &[u32], rules: usize, words: &mut Vec<u64>) {
    words.clear();
    words.resize(rules.div_ceil(64), 0);
    for &r in fired {
        words[r as usize / 64] |= 1 << (r % 64);
    }
}

/// Brings `fires` (by rule) from the rules of `was` to those of `now` (as bits), writing
/// only the rules whose bit differs.
pub fn follow(fires: &mut [bool], was: &[u64], now: &[u64]) {
    for (w, (&a, &b)) in was.iter().zip(now).enumerate() {
        let mut changed = a ^ b;
        while changed != 0 {
            let bit = changed.trailing_zeros();
            changed &= changed - 1;
            fires[w * 64 + bit as usize] = b >> bit & 1 != 0;
        }
    }
}

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

            // From the rules of `kept` to those of `fired`.
            let mut on: Vec<bool> = (0..rules as u32).map(|r| kept.contains(&r)).collect();
            follow(&mut on, &m, &f);
            let want: Vec<bool> = (0..rules as u32).map(|r| fired.contains(&r)).collect();
            assert_eq!(on, want);
        }
    }
}
