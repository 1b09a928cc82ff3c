//! A score's value and band as a writer writes them, prerendered once per run for whole
//! values: scores are counts and 0–10 ratings, nearly always whole and small, and writing
//! each number and looking its band up again in every record was a tenth of a lean line.

use super::pieces::Pieces;

/// Whole values from 0 below this are prerendered.
const WHOLES: usize = 128;

/// By score, by whole value from 0: the text a writer writes for it.
pub(crate) struct ScoreTexts {
    by_score: Vec<Pieces>,
}

impl ScoreTexts {
    /// The texts of `scores` scores, each written by `write(buf, score, value)`: the writer's
    /// own code for any value, so that a prerendered text is what it would write.
    pub fn new(scores: usize, write: impl Fn(&mut Vec<u8>, usize, f64)) -> ScoreTexts {
        let by_score = (0..scores)
            .map(|n| {
                Pieces::of((0..WHOLES).map(|v| {
                    let mut text = Vec::new();
                    write(&mut text, n, v as f64);
                    text
                }))
            })
            .collect();
        ScoreTexts { by_score }
    }

    /// Appends score `n`'s text for `value` if it was prerendered; whether it was.
    // Called, its entry and exit cost about a fifth of writing a score.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub fn append(&self, buf: &mut Vec<u8>, n: usize, value: f64) -> bool {
        match whole(value) {
            Some(v) => self.by_score[n].append(buf, v),
            None => return false,
        }
        true
    }
}

/// `value`'s place among the prerendered values: a whole number from 0 below [`WHOLES`],
/// bit for bit (not `-0.0`, which is written with its sign).
fn whole(value: f64) -> Option<usize> {
    // Through `i32`: x86-64 converts a double to it and back in one instruction each, where
    // `usize` took a dozen; whatever saturates or is negative is not below `WHOLES` anyway.
    let v = value as i32;
    ((v as u32) < WHOLES as u32 && f64::from(v).to_bits() == value.to_bits()).then_some(v as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::numbers::float;

    /// Every value gives what the writer writes, prerendered or not.
    #[test]
    fn same_text_as_writing_the_value() {
        let write = |buf: &mut Vec<u8>, n: usize, value: f64| {
            buf.extend_from_slice(format!("[{n}:").as_bytes());
            float(buf, value);
            buf.push(b']');
        };
        let texts = ScoreTexts::new(2, write);
        let values = [
            0.0,
            -0.0,
            1.0,
            6.0,
            10.0,
            127.0,
            128.0,
            1000.0,
            2.5,
            -1.0,
            1e300,
            0.1,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        let mut prerendered = 0;
        for n in 0..2 {
            for value in values {
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                if texts.append(&mut fast, n, value) {
                    prerendered += 1;
                } else {
                    write(&mut fast, n, value);
                }
                write(&mut slow, n, value);
                assert_eq!(fast, slow, "{value}");
            }
        }
        assert_eq!(prerendered, 2 * 5);
    }

    /// The place of a value is what converting through `usize` gave, for values of every
    /// kind: whole, fractional, negative, huge, not finite.
    #[test]
    fn whole_values_are_found_as_through_usize() {
        let through_usize = |value: f64| {
            let v = value as usize;
            (v < WHOLES && (v as f64).to_bits() == value.to_bits()).then_some(v)
        };
        let mut rng = crate::testing::Rng(13);
        for n in 0..200_000u64 {
            let bits = rng.next();
            let value = match n % 4 {
                0 => f64::from_bits(bits),
                1 => (bits % 600) as f64 - 300.0,
                2 => (bits % 3_000) as f64 / 8.0 - 100.0,
                _ => [
                    -0.0,
                    0.0,
                    127.0,
                    128.0,
                    127.5,
                    2f64.powi(31),
                    -(2f64.powi(31)),
                    4_294_967_296.0 + 5.0,
                    f64::NAN,
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                ][(bits % 11) as usize],
            };
            assert_eq!(whole(value), through_usize(value), "{value:?}");
        }
    }
}
