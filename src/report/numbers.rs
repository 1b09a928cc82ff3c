//! Numbers written exactly as `serde_json` writes them, without its formatter for the common
//! cases. Batch output writes a number for every score, answer and point of every record;
//! nearly all of them are whole or have one decimal (`4.0`, `52.0`, `6.5`), and going
//! through the general shortest-digits formatter for those was a large part of writing a
//! record.

/// A whole number in decimal, as `serde_json` writes an integer.
#[inline]
pub(crate) fn whole(buf: &mut Vec<u8>, n: i64) {
    if n < 0 {
        buf.push(b'-');
    }
    unsigned(buf, n.unsigned_abs());
}

/// An unsigned whole number in decimal.
#[inline]
pub(crate) fn unsigned(buf: &mut Vec<u8>, n: u64) {
    // Most numbers in a result (answers, scores, counts) have one or two digits.
    if n < 10 {
        buf.push(b'0' + n as u8);
        return;
    }
    if n < 100 {
        buf.extend_from_slice(&[b'0' + (n / 10) as u8, b'0' + (n % 10) as u8]);
        return;
    }
    long(buf, n);
}

#[inline(never)]
fn long(buf: &mut Vec<u8>, n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[at..]);
}

/// A 0–255 number in decimal.
pub(crate) fn small_number(buf: &mut Vec<u8>, n: u8) {
    if n >= 100 {
        buf.push(b'0' + n / 100);
    }
    if n >= 10 {
        buf.push(b'0' + n / 10 % 10);
    }
    buf.push(b'0' + n % 10);
}

/// Below this, a whole `f64` is written as its digits and `.0`, as the shortest-digits
/// formatter does (it turns to exponents only from 1e16).
const PLAIN_BELOW: f64 = 1e15;

/// An `f64` as `serde_json` writes it: the shortest digits that read back as the same number
/// (`4.0`, `0.1`, `6.5`, `1e-7`), `null` when not finite.
pub(crate) fn float(buf: &mut Vec<u8>, v: f64) {
    // Comparing bits, not values, keeps `-0.0` (and NaN) off the fast paths. Casts, not
    // `fract` or `round`, which are library calls on the baseline x86-64 target.
    if v.abs() < PLAIN_BELOW {
        // Exact: a whole number below 1e15 fits an i64.
        let n = v as i64;
        if (n as f64).to_bits() == v.to_bits() {
            whole(buf, n);
            buf.extend_from_slice(b".0");
            return;
        }
        // One decimal: when `v` is the double nearest to tenths/10 (division rounds
        // correctly), those digits read back as `v`, and no shorter digits do (`v` is not
        // whole), so they are what the shortest-digits formatter writes.
        // (Tenths below 1e15 are exact as doubles.)
        let scaled = v * 10.0;
        let tenths = (scaled + if scaled < 0.0 { -0.5 } else { 0.5 }) as i64;
        if scaled.abs() < PLAIN_BELOW && ((tenths as f64) / 10.0).to_bits() == v.to_bits() {
            if tenths < 0 {
                buf.push(b'-');
            }
            let t = tenths.unsigned_abs();
            unsigned(buf, t / 10);
            buf.push(b'.');
            buf.push(b'0' + (t % 10) as u8);
            return;
        }
    }
    general(buf, v);
}

/// Any other `f64`, through `serde_json`: apart, so the fast paths stay small.
#[cold]
#[inline(never)]
fn general(buf: &mut Vec<u8>, v: f64) {
    // Plain data to a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *buf, &v);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_serde(v: f64) {
        let mut buf = Vec::new();
        float(&mut buf, v);
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            serde_json::to_string(&v).unwrap(),
            "{v:?}"
        );
    }

    #[test]
    fn floats_are_written_as_serde_json_writes_them() {
        for v in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            4.0,
            52.0,
            0.1,
            0.2,
            0.3,
            -0.3,
            0.05,
            0.15,
            6.5,
            1e-7,
            1e14,
            1e15,
            1e16,
            1e17,
            999_999_999_999_999.0,
            99_999_999_999_999.9,
            12_345.6,
            1.0 / 3.0,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            same_as_serde(v);
        }
        for n in -100_000..100_000 {
            same_as_serde(f64::from(n));
            same_as_serde(f64::from(n) / 2.0);
            same_as_serde(f64::from(n) / 10.0);
            same_as_serde(f64::from(n) / 100.0);
            same_as_serde(f64::from(n) * 0.1);
        }
        // Random bit patterns and random values in the range scores take.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            same_as_serde(f64::from_bits(state));
            #[allow(clippy::cast_precision_loss)]
            let scaled = (state >> 11) as f64 / (1u64 << 53) as f64 * 1000.0;
            same_as_serde(scaled);
            same_as_serde((scaled * 10.0).round() / 10.0);
            same_as_serde(scaled.round());
            #[allow(clippy::cast_precision_loss)]
            let big = (state >> 10) as f64;
            same_as_serde(big);
            same_as_serde(big / 10.0);
        }
    }

    #[test]
    fn whole_numbers_are_written_as_decimal() {
        for n in [0u8, 7, 10, 42, 99, 100, 205, 255] {
            let mut buf = Vec::new();
            small_number(&mut buf, n);
            assert_eq!(String::from_utf8(buf).unwrap(), n.to_string());
        }
        for n in [0, 9, 10, 85, 1000, -1, -90, i64::MIN, i64::MAX] {
            let mut buf = Vec::new();
            whole(&mut buf, n);
            assert_eq!(buf, serde_json::to_vec(&n).unwrap());
        }
    }
}
