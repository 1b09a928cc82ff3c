//! A plain number as the fast loop reads it, in a fixed window after its key: one or two
//! digits (most numbers a line has) without a loop, longer ones and fractions with one. What
//! is not plain is left to `predicted`, which reads every number the same way `value` does.

use super::pattern::CODE_WINDOW;

/// A number of one or two digits at the start of `window`, before the comma or brace that
/// ends it, as [`number`] reads it: most numbers a line has (an age, a rating out of ten).
#[allow(clippy::inline_always)]
#[inline(always)]
pub(super) fn small(window: &[u8; CODE_WINDOW]) -> Option<(Plain, usize)> {
    let first = window[0].wrapping_sub(b'0');
    let second = window[1].wrapping_sub(b'0');
    if first > 9 {
        return None;
    }
    if matches!(window[1], b',' | b'}') {
        return Some((Plain::Whole(i64::from(first)), 1));
    }
    (first > 0 && second <= 9 && matches!(window[2], b',' | b'}'))
        .then(|| (Plain::Whole(i64::from(first * 10 + second)), 2))
}

/// A plain number as read here: whole (of at most 15 digits), or with a fraction.
#[derive(Debug, Clone, Copy)]
pub(super) enum Plain {
    Whole(i64),
    Fraction(f64),
}

/// A number at the start of `window` as `predicted` reads it, if it is plain: no sign or
/// exponent, no leading zero, at most 15 digits (so exact as an `f64`), and for a number
/// question (not `integer`) a fraction, which `value::json_number` reads as the same
/// quotient. Its value and length.
#[inline(never)]
pub(super) fn number(window: &[u8; CODE_WINDOW], integer: bool) -> Option<(Plain, usize)> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let mut n = 0u64;
    let mut len = 0;
    // Where the point is, if there is one.
    let mut point = None;
    // Sixteen digits are refused, so no more are read.
    while len < 17 {
        match window[len] {
            digit @ b'0'..=b'9' => n = n * 10 + u64::from(digit - b'0'),
            b'.' if point.is_none() && !integer => point = Some(len),
            _ => break,
        }
        len += 1;
    }
    let (whole, decimals) = match point {
        Some(at) => (at, len - at - 1),
        None => (len, 0),
    };
    let plain = whole > 0
        && (point.is_none() || decimals > 0)
        && whole + decimals <= 15
        && (whole == 1 || window[0] != b'0')
        && !matches!(window[len], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E');
    plain.then(|| match point {
        Some(_) => (Plain::Fraction(n as f64 / POW10[decimals]), len),
        None => (Plain::Whole(n as i64), len),
    })
}
