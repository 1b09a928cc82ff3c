//! Computing scores: aggregates over items (`sum`, `mean`, `count`, with a minimum answered
//! and proration) and formulas over items and other scores, each rounded to its declared
//! decimals once, in an order where every score comes after the scores it reads.

use super::program::Program;
use super::sheet::{Answer, weight};
use crate::questionnaire::formula::Target;
use crate::questionnaire::{Method, Score};

/// Every score's value (by score index) and how many of its items were answered. Kept from
/// one record to the next, so computing scores allocates nothing.
#[derive(Debug, Clone, Default)]
pub struct Computed {
    pub values: Vec<Option<f64>>,
    pub answered: Vec<usize>,
}

/// All scores from answers by slot, into `out`.
pub fn compute(p: &Program, answers: &[Answer], bits: &[u64], out: &mut Computed) {
    let q = p.q;
    let n = q.scores.len();
    out.values.clear();
    out.values.resize(n, None);
    out.answered.clear();
    out.answered.resize(n, 0);
    for &s in &q.index.score_order {
        let score = &q.scores[s];
        let value = if let Some(formula) = &score.formula {
            let values = &out.values;
            formula.eval(&|target| match target {
                Target::Item(slot) => {
                    let answer = answers.get(slot).copied().filter(|a| a.is_some())?;
                    Some(weight(p, bits, slot, answer))
                }
                Target::Score(other) => values.get(other).copied().flatten(),
                Target::Unresolved => None,
            })
        } else {
            let (value, answered) = aggregate(p, s, answers, bits);
            out.answered[s] = answered;
            value
        };
        out.values[s] = value
            .map(|v| rounded_by(v, p.score_scales[s]))
            .filter(|v| v.is_finite());
    }
}

/// One score alone, for `enable_when` while answers are still being settled: an aggregate
/// directly, a formula through every score (formulas in `enable_when` are rare).
pub fn one(p: &Program, score: usize, answers: &[Answer], bits: &[u64]) -> Option<f64> {
    let s = p.q.scores.get(score)?;
    if s.formula.is_some() {
        let mut all = Computed::default();
        compute(p, answers, bits, &mut all);
        return all.values[score];
    }
    aggregate(p, score, answers, bits)
        .0
        .map(|v| rounded(v, s.decimals))
        .filter(|v| v.is_finite())
}

/// An aggregate's value before rounding, and the number of its items answered.
fn aggregate(p: &Program, score: usize, answers: &[Answer], bits: &[u64]) -> (Option<f64>, usize) {
    let q = p.q;
    let s = &q.scores[score];
    let mut sum = 0.0;
    let mut answered = 0;
    for &slot in &q.index.score_items[score] {
        let w = match answers.get(slot) {
            None | Some(Answer::None) => continue,
            // A code's weight (nearly every item a score reads), as `weight` gives it,
            // without the call.
            Some(&Answer::Code(n)) => p.items[slot].weight(n).unwrap_or(0.0),
            Some(&answer) => weight(p, bits, slot, answer),
        };
        sum += w;
        answered += 1;
    }
    (
        finish(s, q.index.score_items[score].len(), sum, answered),
        answered,
    )
}

/// An aggregate's value before rounding, from the sum of its `items` items' weights and how
/// many were answered.
#[inline]
pub fn finish(s: &Score, items: usize, sum: f64, answered: usize) -> Option<f64> {
    Finish::of(s).value(items, sum, answered)
}

/// What [`finish`] reads of a score, copied out of it: kept beside the score's items when
/// many answer sets are scored, instead of read from the questionnaire each time.
#[derive(Debug, Clone, Copy)]
pub struct Finish {
    /// `min_answered`, or 0 (which every count reaches) when there is none.
    min_answered: usize,
    method: Method,
    prorate: bool,
}

impl Finish {
    pub fn of(s: &Score) -> Finish {
        Finish {
            min_answered: s.min_answered.unwrap_or(0),
            method: s.method,
            prorate: s.prorate,
        }
    }

    /// A count, or a sum not prorated: over whole numbers, a whole number every time.
    pub fn keeps_whole(self) -> bool {
        match self.method {
            Method::Count => true,
            Method::Sum => !self.prorate,
            Method::Mean => false,
        }
    }

    /// As [`finish`].
    #[inline]
    pub fn value(self, items: usize, sum: f64, answered: usize) -> Option<f64> {
        if answered < self.min_answered {
            return None;
        }
        match self.method {
            Method::Count => Some(answered as f64),
            _ if answered == 0 => None,
            Method::Sum if self.prorate => Some(sum * items as f64 / answered as f64),
            Method::Sum => Some(sum),
            Method::Mean => Some(sum / answered as f64),
        }
    }
}

/// `value` rounded half away from zero to `decimals` places; past the point where a double
/// has that many decimals (or the scaling overflows) it is already as exact as it can be.
pub fn rounded(value: f64, decimals: u32) -> f64 {
    rounded_by(value, scale(decimals))
}

/// 10 to the power of `decimals`: what [`rounded`] scales by.
pub fn scale(decimals: u32) -> f64 {
    10f64.powi(i32::try_from(decimals).unwrap_or(0))
}

/// [`rounded`] with the scale worked out once.
pub fn rounded_by(value: f64, scale: f64) -> f64 {
    // Most scores are whole numbers, which are their own rounding while the scaled value is
    // a whole number below 2^52 (under 2^31 at up to six places): the product is then
    // exact, rounding keeps it, and dividing back gives the value itself. (Compared as
    // bits: -0 takes the long way, which keeps it too.)
    let whole = value as i64 as f64;
    if scale <= 1e6 && value.abs() < 2_147_483_648.0 && value.to_bits() == whole.to_bits() {
        return value;
    }
    let r = round_half_away(value * scale) / scale;
    if r.is_finite() { r } else { value }
}

/// `x.round()` (half away from zero) without a call into libm for the usual sizes: every
/// step is exact, so the result is the same double.
#[inline]
pub fn round_half_away(x: f64) -> f64 {
    let a = x.abs();
    // From 2^52 every double is whole already (and NaN and the infinities stay themselves).
    if a.is_nan() || a >= 4_503_599_627_370_496.0 {
        return x.round();
    }
    // Whole part: exact below 2^52; `a - whole` is exact too (Sterbenz, or `a` itself).
    let whole = a as i64 as f64;
    let r = if a - whole >= 0.5 { whole + 1.0 } else { whole };
    r.copysign(x)
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;
    use crate::questionnaire::{Questionnaire, parse};
    use crate::scoring::score;
    use crate::testing::{answers, small_questionnaire};

    /// Four items scored 0–5 (an ODI-like structure, not its wording) and scores over them.
    fn questionnaire(scores: &str) -> Questionnaire {
        let mut items = String::new();
        for n in 1..=4 {
            let _ = writeln!(
                items,
                "      - {{id: s{n}, type: integer, text: Section {n}, min: 0, max: 5}}"
            );
        }
        items.push_str("      - {id: w, type: number, text: W, min: 0, max: 1}\n");
        let body =
            format!("sections:\n  - id: all\n    title: All\n    items:\n{items}scores:\n{scores}");
        parse(&small_questionnaire("scores", &body), "scores.yaml").expect("valid")
    }

    fn values<'q>(
        q: &'q Questionnaire,
        flags: &[&str],
    ) -> crate::scoring::assessment::Assessment<'q> {
        score(q, Box::leak(Box::new(answers(q, flags))))
    }

    fn value(a: &crate::scoring::assessment::Assessment, id: &str) -> Option<f64> {
        a.scores.iter().find(|s| s.id == id).map(|s| s.value)
    }

    const ODI_LIKE: &str = "  - {id: total, label: Total, items: [s1, s2, s3, s4]}
  - {id: answered, label: Answered, items: [s1, s2, s3, s4], method: count}
  - {id: mean, label: Mean, items: [s1, s2, s3, s4], method: mean, min_answered: 3, decimals: 2}
  - {id: prorated, label: Prorated, items: [s1, s2, s3, s4], prorate: true, min_answered: 3, decimals: 1}
  - id: index
    label: Index (%)
    formula: total / (5 * answered) * 100
    decimals: 1
    bands: [{max: 20, label: minimal}, {max: 40, label: moderate}, {label: severe}]
";

    #[test]
    fn aggregates_formulas_and_minimum_answered() {
        let q = questionnaire(ODI_LIKE);
        let all = values(&q, &["s1=1", "s2=2", "s3=3", "s4=2"]);
        assert_eq!(value(&all, "total"), Some(8.0));
        assert_eq!(value(&all, "answered"), Some(4.0));
        assert_eq!(value(&all, "mean"), Some(2.0));
        assert_eq!(value(&all, "prorated"), Some(8.0));
        assert_eq!(value(&all, "index"), Some(40.0));
        assert_eq!(
            all.scores.iter().find(|s| s.id == "index").unwrap().band,
            Some("moderate")
        );
        assert!(all.unscored.is_empty());

        // One section skipped: 7 / 15 = 46.666… → 46.7, prorated 7 × 4/3 = 9.333… → 9.3.
        let three = values(&q, &["s1=1", "s2=3", "s3=3"]);
        assert_eq!(value(&three, "index"), Some(46.7));
        assert_eq!(value(&three, "prorated"), Some(9.3));
        assert_eq!(value(&three, "mean"), Some(2.33));

        // Two of four answered: below `min_answered`, reported as such.
        let two = values(&q, &["s1=1", "s2=3"]);
        assert_eq!(value(&two, "mean"), None);
        assert_eq!(value(&two, "index"), Some(40.0));
        let unscored: Vec<(&str, usize, usize)> = two
            .unscored
            .iter()
            .map(|u| (u.id, u.answered, u.needed))
            .collect();
        assert_eq!(unscored, [("mean", 2, 3), ("prorated", 2, 3)]);
        let text = crate::report::text::render(
            &q,
            &two,
            crate::style::Style::PLAIN,
            200,
            crate::cli::Detail::Brief,
        );
        assert!(
            text.contains("Mean: no score (2 of at least 3 questions answered)"),
            "{text}"
        );
        let doc: serde_json::Value =
            serde_json::from_str(&crate::report::json::render(&q, &two)).unwrap();
        assert_eq!(doc["unscored"][0]["needed"], 3);
        let fast = crate::testing::compact(&q, &two, None);
        let mut slow = Vec::new();
        crate::report::json::write_compact(&mut slow, &q, &two, None);
        assert_eq!(String::from_utf8(fast), String::from_utf8(slow));

        // Nothing answered: a count is 0, a sum and a formula over it have no value.
        let none = values(&q, &[]);
        assert_eq!(value(&none, "answered"), Some(0.0));
        assert_eq!(value(&none, "total"), None);
        assert_eq!(value(&none, "index"), None);
    }

    #[test]
    fn conditions_and_bands_see_the_same_rounded_number() {
        // 0.1 + 0.1 + 0.1 is 0.30000000000000004 in doubles; rounded to 6 places it is 0.3,
        // so `= 0.3` holds and the band `max: 0.3` takes it.
        let q = questionnaire(
            "  - {id: x, label: X, formula: w + w + w, bands: [{max: 0.3, label: low}, {label: high}]}\n",
        );
        let a = values(&q, &["w=0.1"]);
        assert_eq!(value(&a, "x"), Some(0.3));
        assert_eq!(a.scores[0].band, Some("low"));
    }

    #[test]
    fn division_by_zero_gives_no_value() {
        let q = questionnaire(
            "  - {id: a, label: A, items: [s1]}\n  - {id: r, label: R, formula: 10 / a}\n",
        );
        let a = values(&q, &["s1=0"]);
        assert_eq!(value(&a, "a"), Some(0.0));
        assert_eq!(value(&a, "r"), None);
    }

    // Exactly equal is the point: rounding makes the double the one `0.3` parses to.
    #[allow(clippy::float_cmp)]
    #[test]
    fn rounding_makes_decimal_sums_exact() {
        assert_eq!(rounded(0.1 + 0.1 + 0.1, 6), 0.3);
        assert_eq!(rounded(2.5, 0), 3.0);
        assert_eq!(rounded(-2.5, 0), -3.0);
        assert_eq!(rounded(35.555_555, 1), 35.6);
        assert_eq!(rounded(1e300, 10), 1e300);
        assert_eq!(rounded(12.0, 6), 12.0);
    }

    #[test]
    fn whole_numbers_round_to_themselves_as_the_scaled_rounding_gives() {
        let mut rng = crate::testing::Rng(0x6a09_e667_f3bc_c908);
        for n in 0..200_000u64 {
            let x = rng.next();
            let value = match n % 4 {
                0 => (x % 1_000) as f64 - 500.0,
                1 => (x >> 33) as f64,
                2 => -((x >> 32) as f64) + 0.5 * (n % 2) as f64,
                _ => f64::from_bits(x >> 2) * 1e-300,
            };
            for decimals in [0, 1, 2, 3, 6, 7, 15] {
                let scale = scale(decimals);
                let r = round_half_away(value * scale) / scale;
                let want = if r.is_finite() { r } else { value };
                let got = rounded_by(value, scale);
                assert_eq!(got.to_bits(), want.to_bits(), "{value:e} {decimals}");
            }
        }
        let r = rounded_by(-0.0, 1.0);
        assert!(r == 0.0 && r.is_sign_negative());
    }

    #[test]
    fn rounding_half_away_is_libm_round() {
        let mut rng = crate::testing::Rng(0x2545_f491_4f6c_dd1d);
        let check = |v: f64| {
            assert_eq!(round_half_away(v).to_bits(), v.round().to_bits(), "{v:e}");
            assert_eq!(
                round_half_away(-v).to_bits(),
                (-v).round().to_bits(),
                "{v:e}"
            );
        };
        for v in [
            0.0,
            0.5,
            1.5,
            2.5,
            0.499_999_999_999_999_94,
            4_503_599_627_370_495.5,
        ] {
            check(v);
            check(f64::from_bits(v.to_bits() + 1));
            check(f64::from_bits(v.to_bits().saturating_sub(1)));
        }
        for v in [f64::NAN, f64::INFINITY, 1e300, 9_007_199_254_740_993.0] {
            check(v);
        }
        for _ in 0..100_000 {
            let x = rng.next();
            // Every size, and many halves and near-halves among small numbers.
            check(f64::from_bits(x >> 1));
            check((x % 100_000) as f64 / 200.0);
            check((x % 100_000) as f64 / 3.0);
        }
    }
}
