//! A score's mean and spread over a run, kept without the values: each scoring thread adds
//! its records' values, and the threads' spreads are merged as their chunks are written.

/// Mean and spread of a score, merged across threads without keeping the values (Welford's
/// update and Chan's merge: sums of squares would lose precision over a million records).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Spread {
    pub count: usize,
    pub mean: f64,
    /// Sum of squared differences from the mean.
    m2: f64,
    pub min: f64,
    pub max: f64,
}

impl Spread {
    /// One value: [`Spread::merge`] of a spread of `x` alone, worked out for one value (a
    /// record adds every score's value; building a spread to merge cost more than the
    /// arithmetic). The same operations in the same order, so the same bits.
    #[inline]
    pub fn add(&mut self, x: f64) {
        if self.count == 0 {
            *self = Spread {
                count: 1,
                mean: x,
                m2: 0.0,
                min: x,
                max: x,
            };
            return;
        }
        // Counts stay far below 2^52: exact as a double. Through `i64`, which x86-64
        // converts in one instruction where `usize` takes five.
        #[allow(clippy::cast_possible_wrap)]
        let n = self.count as i64 as f64;
        let delta = x - self.mean;
        // `merge`'s `delta * m / (n + m)` and `other.m2 + delta * delta * n * m / (n + m)`
        // with `m` 1 and `other.m2` 0: multiplying by 1 changes no bits, and adding 0 to
        // what is never -0 changes none either.
        self.mean += delta / (n + 1.0);
        self.m2 += delta * delta * n / (n + 1.0);
        self.count += 1;
        // `f64::min` and `max` as they compile (a NaN bound gives way to `x`, a NaN `x`
        // changes nothing, an equal `x` leaves the bound as it is), as two tests and a rare
        // store: bounds settle after a few records, and the select took eight instructions.
        if x < self.min || self.min.is_nan() {
            self.min = x;
        }
        if x > self.max || self.max.is_nan() {
            self.max = x;
        }
    }

    pub fn merge(&mut self, other: &Spread) {
        if other.count == 0 {
            return;
        }
        if self.count == 0 {
            *self = *other;
            return;
        }
        #[allow(clippy::cast_precision_loss)] // counts stay far below 2^52
        let (n, m) = (self.count as f64, other.count as f64);
        let delta = other.mean - self.mean;
        self.mean += delta * m / (n + m);
        self.m2 += other.m2 + delta * delta * n * m / (n + m);
        self.count += other.count;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }

    /// The sample standard deviation (as R's `sd`), `None` below two values.
    pub fn sd(&self) -> Option<f64> {
        #[allow(clippy::cast_precision_loss)]
        (self.count > 1).then(|| (self.m2 / (self.count - 1) as f64).sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_merged_in_parts_equals_spread_of_all() {
        let values = [3.0, 7.5, 0.0, 10.0, 4.0, 4.0, 9.25];
        let mut whole = Spread::default();
        for v in values {
            whole.add(v);
        }
        let (mut left, mut right) = (Spread::default(), Spread::default());
        for v in &values[..3] {
            left.add(*v);
        }
        for v in &values[3..] {
            right.add(*v);
        }
        left.merge(&right);
        assert_eq!((left.count, left.min, left.max), (7, 0.0, 10.0));
        assert!((left.mean - whole.mean).abs() < 1e-12);
        assert!((left.sd().unwrap() - whole.sd().unwrap()).abs() < 1e-12);
        // R: sd(c(3, 7.5, 0, 10, 4, 4, 9.25)) = 3.633918
        assert!(
            (whole.sd().unwrap() - 3.633_917_6).abs() < 1e-6,
            "{whole:?}"
        );
        let mut one = Spread::default();
        one.add(2.0);
        assert_eq!(one.sd(), None);
    }

    /// Adding a value gives the same bits as merging a spread of that value alone, as
    /// `add` did before it was worked out for one value.
    #[test]
    fn adding_a_value_is_merging_a_spread_of_it() {
        let mut rng = crate::testing::Rng(11);
        let odd = [
            0.0,
            -0.0,
            1e300,
            -1e300,
            f64::INFINITY,
            f64::NAN,
            0.1,
            1e-300,
        ];
        let (mut fast, mut slow) = (Spread::default(), Spread::default());
        for n in 0..5_000 {
            let x = match n % 7 {
                0 => odd[(rng.next() % odd.len() as u64) as usize],
                1 => (rng.next() % 11) as f64,
                _ => (rng.next() % 100_000) as f64 / 7.0 - 5_000.0,
            };
            fast.add(x);
            slow.merge(&Spread {
                count: 1,
                mean: x,
                m2: 0.0,
                min: x,
                max: x,
            });
            let bits = |s: &Spread| (s.count, [s.mean, s.m2, s.min, s.max].map(f64::to_bits));
            assert_eq!(bits(&fast), bits(&slow), "{n}");
            if n % 500 == 499 {
                // Start again, so that later values are not all NaN.
                (fast, slow) = (Spread::default(), Spread::default());
            }
        }
    }
}
