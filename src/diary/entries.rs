//! Pain-diary entries: what the person was doing, for how long, how it felt, and what they
//! did about it; and the times entries are logged at and looked up from.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::Serialize;

use crate::words::{or_list, ticked};

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
                "invalid value `{value}` for `{flag}`: expected {}",
                or_list(&ticked(codes(list)))
            )
        })
}

pub fn now() -> Timestamp {
    Timestamp::now()
}

/// An RFC 3339 UTC string, to the second: sorts as text in time order.
pub fn stamp(t: Timestamp) -> String {
    t.round(jiff::Unit::Second)
        .map_or_else(|_| t.to_string(), |t| t.to_string())
}

/// Reads `--at`: a full RFC 3339 time, or a local date and time (`2026-11-27 14:30`,
/// `2026-11-27T14:30`), or a local date (noon is assumed, the middle of the day).
pub fn parse_time(text: &str, tz: &TimeZone) -> Result<Timestamp, String> {
    local_time(text, tz, 12)
}

/// A time as `parse_time` reads it; a bare date means `hour` o'clock that day.
fn local_time(text: &str, tz: &TimeZone, hour: i8) -> Result<Timestamp, String> {
    let text = text.trim();
    if let Ok(t) = text.parse::<Timestamp>() {
        return Ok(t);
    }
    // A bare date (no time part) gets `hour`; jiff alone would read it as midnight.
    let bare_date = !text.contains([' ', 'T', 't']);
    let civil = if bare_date {
        text.parse::<Date>().map(|d| d.at(hour, 0, 0, 0))
    } else {
        text.replacen(' ', "T", 1).parse::<DateTime>()
    }
    .map_err(|_| {
        format!(
            "invalid time `{text}`: expected a date and time such as `2026-11-27 14:30`, or a date"
        )
    })?;
    tz.to_timestamp(civil)
        .map_err(|e| format!("invalid time `{text}`: {e}"))
}

/// Reads `--since`: a number of days (`7d`), a local date (from its start), or a time as for
/// `--at`.
pub fn parse_since(text: &str, now: Timestamp, tz: &TimeZone) -> Result<Timestamp, String> {
    if let Some(days) = text
        .trim()
        .strip_suffix('d')
        .and_then(|d| d.parse::<i64>().ok())
    {
        if (0..=36_500).contains(&days) {
            return now
                .to_zoned_datetime(tz.clone())
                .checked_sub(days.days())
                .map(|z| z.timestamp())
                .map_err(|e| e.to_string());
        }
    }
    // A bare date means from the start of that day.
    local_time(text, tz, 0).map_err(|e| format!("{e}, or a number of days such as `30d`"))
}

/// The local date and time of a stored stamp, for people to read.
pub fn local(at: &str, tz: &TimeZone) -> String {
    at.parse::<Timestamp>().map_or_else(
        |_| at.to_string(),
        |t| {
            t.to_zoned_datetime(tz.clone())
                .strftime("%Y-%m-%d %H:%M")
                .to_string()
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_in_the_given_zone() {
        let tz = TimeZone::UTC;
        assert_eq!(
            stamp(parse_time("2026-11-27 14:30", &tz).unwrap()),
            "2026-11-27T14:30:00Z"
        );
        assert_eq!(
            stamp(parse_time("2026-11-27T14:30:05", &tz).unwrap()),
            "2026-11-27T14:30:05Z"
        );
        assert_eq!(
            stamp(parse_time("2026-11-27", &tz).unwrap()),
            "2026-11-27T12:00:00Z"
        );
        assert_eq!(
            stamp(parse_time("2026-11-27T14:30:00+02:00", &tz).unwrap()),
            "2026-11-27T12:30:00Z"
        );
        let paris = TimeZone::get("Europe/Paris").unwrap_or(TimeZone::fixed(jiff::tz::offset(1)));
        assert_eq!(
            stamp(parse_time("2026-11-27 14:30", &paris).unwrap()),
            "2026-11-27T13:30:00Z"
        );
        assert!(
            parse_time("yesterday", &tz)
                .unwrap_err()
                .starts_with("invalid time `yesterday`")
        );
    }

    #[test]
    fn since_takes_days_or_a_time() {
        let tz = TimeZone::UTC;
        let now: Timestamp = "2026-11-27T12:00:00Z".parse().unwrap();
        assert_eq!(
            stamp(parse_since("7d", now, &tz).unwrap()),
            "2026-11-20T12:00:00Z"
        );
        assert_eq!(
            stamp(parse_since("2026-11-01", now, &tz).unwrap()),
            "2026-11-01T00:00:00Z"
        );
        assert!(parse_since("-3d", now, &tz).is_err());
    }

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
}
