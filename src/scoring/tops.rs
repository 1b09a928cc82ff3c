//! A pattern's or cause's level and share, worked out once a run for every points total it
//! can reach, when every rule gives it whole points: ranking a record then looks each
//! target's up by its points instead of comparing and dividing.
//!
//! A record's points for a target are a sum, in rule order from `-0.0`, of some of the whole
//! numbers its rules give: every partial sum is a whole number far below 2^53, so each is
//! exact and the total is that whole number (or `-0.0`, which ranks as `0`). Each place of
//! the table is worked out by [`top`] itself, from that same number, so looking it up cannot
//! disagree with working it out.

use super::advice;
use crate::questionnaire::{Questionnaire, Target};
use crate::scoring::assessment::Likelihood;

/// The most places one target's table may have: more would cost more memory than the
/// comparisons it saves.
const SPAN: i64 = 4096;

/// A target's level, and its points as a share (0–100) of the most rules can give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Top {
    pub level: Likelihood,
    pub share: u8,
}

/// By target (patterns first, then causes), its [`Top`] for each whole number of points
/// from the least to the most its rules can give.
#[derive(Debug)]
pub struct Tops {
    /// By target: as many as there are, in 64 places (the rest empty), so that a target's
    /// is found without a check.
    rows: [Row; 64],
    places: Vec<Top>,
    /// By target: its level when no rule gave it points.
    pub none: Vec<Likelihood>,
    /// `none` in 64 places (the rest `Unlikely`): a record's levels start as a copy.
    pub levels: [Likelihood; 64],
    /// The targets (bit `n`: target `n`) ranked with a level or a share even when no rule
    /// gave them points (a `likely_at` of 0 or less): worked out with the others.
    pub always: u64,
}

/// A target's table: its places in `places`, from `at`, `len` of them, the first for `least`
/// points.
#[derive(Debug, Clone, Copy, Default)]
pub struct Row {
    least: i64,
    at: u32,
    len: u32,
}

impl Tops {
    /// The tables, if every rule gives whole points and no target's span is too wide.
    pub fn new(q: &Questionnaire) -> Option<Tops> {
        let targets = q.patterns.iter().chain(&q.causes);
        let rules = q.index.pattern_rules.iter().chain(&q.index.cause_rules);
        let most = q.index.pattern_max.iter().chain(&q.index.cause_max);
        let mut t = Tops {
            rows: [Row::default(); 64],
            places: Vec::new(),
            none: Vec::new(),
            levels: [Likelihood::Unlikely; 64],
            always: 0,
        };
        for ((target, rules), &max) in targets.zip(rules).zip(most) {
            let (mut least, mut greatest) = (0i64, 0i64);
            for &(_, points) in rules {
                // Whole and small (NaN and infinities are not): every sum stays exact. A
                // rule giving `-0.0` would keep a sum of `-0.0`, which whole numbers cannot.
                let negative_zero = points == 0.0 && points.is_sign_negative();
                if points.fract() != 0.0 || points.abs() > SPAN as f64 || negative_zero {
                    return None;
                }
                if points < 0.0 {
                    least += points as i64;
                } else {
                    greatest += points as i64;
                }
            }
            if greatest - least >= SPAN {
                return None;
            }
            let at = t.places.len() as u32;
            t.places
                .extend((least..=greatest).map(|n| top(target, n as f64, max)));
            let n = t.none.len();
            if n >= t.rows.len() {
                return None;
            }
            t.rows[n] = Row {
                least,
                at,
                len: (greatest - least + 1) as u32,
            };
            // No points is a sum of nothing, `-0.0`.
            let none = top(target, std::iter::empty::<f64>().sum(), max);
            t.levels[n] = none.level;
            t.none.push(none.level);
            if none
                != (Top {
                    level: Likelihood::Unlikely,
                    share: 0,
                })
            {
                t.always |= 1u64.checked_shl(t.none.len() as u32 - 1).unwrap_or(0);
            }
        }
        // A bit per target says which were given points (see `ranking`).
        let count = q.patterns.len() + q.causes.len();
        (t.none.len() == count && count <= 64).then_some(t)
    }

    /// Target `t`'s top for `points`, if its table has them.
    #[inline]
    pub fn of(&self, t: usize, points: i32) -> Option<Top> {
        let row = &self.rows[t & 63];
        let place = i64::from(points) - row.least;
        if (place as u64) < u64::from(row.len) {
            self.places.get(row.at as usize + place as usize).copied()
        } else {
            None
        }
    }
}

/// A target's level and share for `points`, of at most `max`.
pub fn top(t: &Target, points: f64, max: f64) -> Top {
    Top {
        level: advice::likelihood(points, t.likely_at, t.at_most),
        share: share(points, max),
    }
}

/// `points` as a share (0–100) of `max`, rounded half away from zero.
pub fn share(points: f64, max: f64) -> u8 {
    // No points (most targets of most records) is a share of 0, worked out or not.
    if max > 0.0 && (points > 0.0 || points.is_nan()) {
        // 0–100, or NaN (which gives 0). Rounded as `round_half_away` does, in fewer steps
        // for this range: the whole part is exact, and so is the fraction left over.
        let x = points.clamp(0.0, max) / max * 100.0;
        let whole = x as u8;
        whole + u8::from(x - f64::from(whole) >= 0.5)
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::parse;
    use crate::questionnaire::shipped::SHIPPED;
    use crate::testing::Rng;

    #[test]
    fn a_looked_up_top_is_the_worked_out_one() {
        let mut rng = Rng(0x6a09_e667_f3bc_c908);
        let mut tabled = 0;
        for s in SHIPPED {
            let q = parse(s.text, s.origin).expect("valid");
            let Some(tops) = Tops::new(&q) else {
                continue;
            };
            tabled += 1;
            let targets: Vec<&Target> = q.patterns.iter().chain(&q.causes).collect();
            let rules: Vec<_> = (q.index.pattern_rules.iter())
                .chain(&q.index.cause_rules)
                .collect();
            let max: Vec<f64> = (q.index.pattern_max.iter())
                .chain(&q.index.cause_max)
                .copied()
                .collect();
            for _ in 0..2_000 {
                for n in 0..targets.len() {
                    // Some of the target's rules, added as the general scoring adds them,
                    // and as whole numbers.
                    let some: Vec<f64> = (rules[n].iter())
                        .filter(|_| rng.next() % 2 == 0)
                        .map(|&(_, p)| p)
                        .collect();
                    let points = some
                        .iter()
                        .fold(std::iter::empty::<f64>().sum(), |a: f64, p| a + p);
                    let whole = some.iter().map(|&p| p as i32).sum::<i32>();
                    let as_whole = if some.is_empty() {
                        -0.0
                    } else {
                        f64::from(whole)
                    };
                    assert_eq!(points.to_bits(), as_whole.to_bits(), "{} {n}", q.id);
                    let want = top(targets[n], points, max[n]);
                    assert_eq!(tops.of(n, whole), Some(want), "{} {n} {points}", q.id);
                }
            }
        }
        assert!(tabled > 0, "a shipped questionnaire has tables");
    }

    #[test]
    fn points_outside_a_table_are_not_looked_up() {
        let q = crate::testing::embedded();
        let tops = Tops::new(&q).expect("whole points");
        for points in [i32::MIN, -5_000, 5_000, i32::MAX] {
            assert_eq!(tops.of(0, points), None, "{points}");
        }
    }
}
