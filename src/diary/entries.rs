//! Pain-diary entries: what the person was doing, for how long, how it felt, and what they
//! did about it. The lists and ranges here are the only statement of them: the command line,
//! its help, the prompts and the database checks all follow these.

use std::ops::RangeInclusive;

use serde::Serialize;

use crate::words::printable;
use crate::words::{or_list, ticked};

/// Pain on the 0–10 numeric rating scale: 0 is none, 10 the worst imaginable.
pub const PAIN: RangeInclusive<i64> = 0..=10;

/// How long the activity lasted, in minutes: at most a whole day.
pub const MINUTES: RangeInclusive<i64> = 0..=1440;

/// (code, label) of what the person was doing.
pub const ACTIVITIES: [(&str, &str); 10] = [
    ("desk_sitting", "Sitting at a desk"),
    ("driving", "Driving"),
    ("car_passenger", "Sitting in a car as a passenger"),
    ("standing", "Standing"),
    ("walking", "Walking"),
    ("running", "Running"),
    ("cycling", "Cycling"),
    ("lifting", "Lifting"),
    ("lying", "Sleeping or lying down"),
    ("other", "Something else"),
];

/// Habits the practitioner's advice names (wallet, crossed legs, tucked feet).
pub const POSTURES: [(&str, &str); 3] = [
    ("wallet_back_pocket", "Wallet or phone in a back pocket"),
    ("legs_crossed", "Legs crossed"),
    ("feet_tucked", "Feet tucked under"),
];

/// Self-care done at the time or that day.
pub const SELF_CARE: [(&str, &str); 7] = [
    ("heat", "Heat"),
    ("stretching", "Stretching"),
    ("massage", "Massage"),
    ("walk_break", "A walk break"),
    ("water", "Drinking water"),
    ("strengthening", "Strengthening exercises"),
    ("other", "Something else"),
];

/// One diary entry. `at` is an RFC 3339 UTC time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    pub at: String,
    pub pain: i64,
    pub activity: String,
    pub detail: Option<String>,
    pub minutes: Option<i64>,
    pub postures: Vec<String>,
    pub self_care: Vec<String>,
    pub note: Option<String>,
}

/// An entry being put together from flags and, on a terminal, questions.
#[derive(Debug, Default)]
pub struct Draft {
    pub pain: Option<i64>,
    pub activity: Option<String>,
    pub detail: Option<String>,
    pub minutes: Option<i64>,
    pub postures: Vec<String>,
    pub self_care: Vec<String>,
    pub note: Option<String>,
}

pub fn codes(list: &[(&'static str, &str)]) -> Vec<&'static str> {
    list.iter().map(|(code, _)| *code).collect()
}

pub fn label(list: &[(&str, &'static str)], code: &str) -> &'static str {
    list.iter().find(|(c, _)| *c == code).map_or("", |(_, l)| l)
}

/// Checks a code against its list: `invalid value `x` for `--activity`: expected …`.
pub fn check_code(
    flag: &str,
    list: &[(&'static str, &str)],
    value: &str,
) -> Result<String, String> {
    let wanted = value.trim();
    list.iter()
        .find(|(code, _)| code.eq_ignore_ascii_case(wanted))
        .map(|(code, _)| (*code).to_string())
        .ok_or_else(|| {
            format!(
                "invalid value `{}` for `{flag}`: expected {}",
                printable(value),
                or_list(&ticked(codes(list)))
            )
        })
}

/// Reads a whole number in `range` for `flag`: `invalid value `11` for `--pain`: expected a
/// whole number from 0 to 10`.
pub fn check_number(flag: &str, range: &RangeInclusive<i64>, value: &str) -> Result<i64, String> {
    value
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| {
            format!(
                "invalid value `{}` for `{flag}`: expected a whole number from {} to {}",
                printable(value),
                range.start(),
                range.end()
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_checked_with_the_list_in_the_message() {
        assert_eq!(
            check_code("--activity", &ACTIVITIES, "Driving"),
            Ok("driving".into())
        );
        let err = check_code("--posture", &POSTURES, "slouching").unwrap_err();
        assert_eq!(
            err,
            "invalid value `slouching` for `--posture`: expected `wallet_back_pocket`, `legs_crossed` or `feet_tucked`"
        );
    }

    #[test]
    fn numbers_are_checked_against_their_range() {
        assert_eq!(check_number("--pain", &PAIN, " 10 "), Ok(10));
        assert_eq!(check_number("--minutes", &MINUTES, "0"), Ok(0));
        for (flag, range, value) in [
            ("--pain", &PAIN, "11"),
            ("--pain", &PAIN, "-1"),
            ("--pain", &PAIN, "5.5"),
            ("--pain", &PAIN, "lots"),
            ("--minutes", &MINUTES, "1441"),
        ] {
            assert_eq!(
                check_number(flag, range, value),
                Err(format!(
                    "invalid value `{value}` for `{flag}`: expected a whole number from {} to {}",
                    range.start(),
                    range.end()
                ))
            );
        }
    }
}
