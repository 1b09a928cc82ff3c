//! The times diary entries are logged at and looked up from: reading `--at` and `--since`,
//! stamping, showing a stamp in local time, and finding the local time zone safely.

use jiff::civil::{Date, DateTime, Time};
use jiff::fmt::temporal::{Pieces, PiecesOffset};
use jiff::tz::{AmbiguousOffset, Offset, TimeZone};
use jiff::{SignedDuration, Timestamp, ToSpan};

use crate::words::printable;

/// No diary entry is older than this year; an earlier one is a typing slip (or `-100`).
pub const EARLIEST_YEAR: i16 = 1900;

/// Offsets in use anywhere run from −12:00 to +14:00; jiff alone accepts up to ±25:59:59.
pub const MAX_OFFSET_HOURS: i8 = 14;

/// `--at` may be this far ahead of the clock: another device's clock may run a little fast.
pub const FUTURE_SLACK: SignedDuration = SignedDuration::from_mins(5);

/// A time zone file named by `TZ` larger than this is refused. Real ones are a few KiB; without
/// a cap, `TZ=:/dev/zero` reads for ever.
pub const MAX_TZ_FILE: u64 = 1 << 20;

/// The largest number of days `--since 30d` takes: a century.
const MAX_SINCE_DAYS: i64 = 36_500;

pub fn now() -> Timestamp {
    Timestamp::now()
}

/// An RFC 3339 UTC string, to the second: sorts as text in time order.
pub fn stamp(t: Timestamp) -> String {
    t.round(jiff::Unit::Second)
        .map_or_else(|_| t.to_string(), |t| t.to_string())
}

/// The local date and time of a stored stamp, for people to read.
pub fn local(at: &str, tz: &TimeZone) -> String {
    at.parse::<Timestamp>().map_or_else(
        |_| printable(at).into_owned(),
        |t| {
            t.to_zoned_datetime(tz.clone())
                .strftime("%Y-%m-%d %H:%M")
                .to_string()
        },
    )
}

/// The local time zone, as jiff finds it, after checking that a file named by `TZ` is one that
/// can be read to its end: a device, a pipe or a huge file is refused.
pub fn zone() -> Result<TimeZone, String> {
    if let Some(tz) = std::env::var_os("TZ") {
        let text = tz.to_string_lossy();
        let name = text.strip_prefix(':').unwrap_or(&text);
        let read_as_file = !name.is_empty()
            && TimeZone::posix(&text).is_err()
            && TimeZone::get(name).is_err()
            && name
                .rfind("zoneinfo/")
                .is_none_or(|at| TimeZone::get(&name[at + "zoneinfo/".len()..]).is_err());
        if read_as_file {
            if let Ok(meta) = std::fs::metadata(name) {
                if !meta.is_file() {
                    return Err(format!(
                        "the time zone `TZ={}` names something that is not a time zone file",
                        printable(&text)
                    ));
                }
                if meta.len() > MAX_TZ_FILE {
                    return Err(format!(
                        "the time zone `TZ={}` names a file of {} bytes; a time zone file is at most {MAX_TZ_FILE}",
                        printable(&text),
                        meta.len()
                    ));
                }
            }
        }
    }
    Ok(TimeZone::system())
}

/// Reads `--at`: a full RFC 3339 time, or a local date and time (`2026-11-27 14:30`,
/// `2026-11-27T14:30`), or a local date (noon that day, or now if that is today and it is not
/// noon yet). Refuses the future, years before [`EARLIEST_YEAR`], offsets no place uses, and a
/// local time that the clocks skipped or went through twice.
pub fn parse_at(text: &str, now: Timestamp, tz: &TimeZone) -> Result<Timestamp, String> {
    let read = read(text)?;
    let today = now.to_zoned_datetime(tz.clone()).date();
    let at = match read {
        Read::Instant(t) => t,
        Read::Date(date) if date == today => {
            let noon = local_instant(text, date.at(12, 0, 0, 0), tz)?;
            noon.min(now)
        }
        Read::Date(date) => local_instant(text, date.at(12, 0, 0, 0), tz)?,
        Read::Local(civil) => local_instant(text, civil, tz)?,
    };
    let latest = now.checked_add(FUTURE_SLACK).unwrap_or(now);
    if at > latest {
        return Err(future(&diary_time(at, tz)));
    }
    Ok(at)
}

/// Reads `--since`: a number of days (`7d`), a local date (from its start), or a time as for
/// `--at`.
pub fn parse_since(text: &str, now: Timestamp, tz: &TimeZone) -> Result<Timestamp, String> {
    if let Some(days) = text
        .trim()
        .strip_suffix('d')
        .and_then(|d| d.parse::<i64>().ok())
    {
        if (0..=MAX_SINCE_DAYS).contains(&days) {
            return now
                .to_zoned_datetime(tz.clone())
                .checked_sub(days.days())
                .map(|z| z.timestamp())
                .map_err(|e| e.to_string());
        }
    }
    let or_days = |e: String| format!("{e}, or a number of days such as `30d`");
    // A bare date means from the start of that day; where the clocks skip midnight, from
    // whenever the day began.
    let civil = match read(text).map_err(or_days)? {
        Read::Instant(t) => return Ok(t),
        Read::Date(date) => date.to_datetime(Time::midnight()),
        Read::Local(civil) => civil,
    };
    tz.to_ambiguous_timestamp(civil)
        .compatible()
        .map_err(|_| or_days(out_of_range(text)))
}

/// What a `--at` or `--since` text says.
enum Read {
    /// A time with its offset: an instant wherever one is.
    Instant(Timestamp),
    /// A date alone.
    Date(Date),
    /// A date and time on the local clock.
    Local(DateTime),
}

fn read(text: &str) -> Result<Read, String> {
    let text = text.trim();
    let invalid = |why: &str| format!("invalid time `{}`: {why}", printable(text));
    let pieces = Pieces::parse(text)
        .ok()
        .filter(|p| p.time_zone_annotation().is_none())
        .ok_or_else(|| invalid("expected a date and time such as `2026-11-27 14:30`, or a date"))?;
    let date = pieces.date();
    if date.year() < EARLIEST_YEAR {
        return Err(invalid(&format!(
            "the year must be {EARLIEST_YEAR} or later"
        )));
    }
    let civil = date.to_datetime(pieces.time().unwrap_or(Time::midnight()));
    let offset = match pieces.offset() {
        None if pieces.time().is_none() => return Ok(Read::Date(date)),
        None => return Ok(Read::Local(civil)),
        Some(PiecesOffset::Zulu) => Offset::UTC,
        Some(PiecesOffset::Numeric(n)) => n.offset(),
        Some(_) => return Err(invalid("expected a numeric offset such as `+01:00`")),
    };
    if offset.seconds().abs() > i32::from(MAX_OFFSET_HOURS) * 3600 {
        return Err(invalid(&format!(
            "the offset `{offset}` is not used anywhere (offsets run from -12:00 to +{MAX_OFFSET_HOURS}:00)"
        )));
    }
    offset
        .to_timestamp(civil)
        .map(Read::Instant)
        .map_err(|_| out_of_range(text))
}

/// A local date and time as an instant, refusing one the clocks skipped (a gap) or showed
/// twice (a fold) rather than moving it silently.
fn local_instant(text: &str, civil: DateTime, tz: &TimeZone) -> Result<Timestamp, String> {
    let ambiguous = tz.to_ambiguous_timestamp(civil);
    let text = printable(text.trim());
    let with = |offset: Offset| format!("`{}{offset}`", civil.strftime("%Y-%m-%dT%H:%M:%S"));
    match ambiguous.offset() {
        AmbiguousOffset::Unambiguous { .. } => {
            ambiguous.compatible().map_err(|_| out_of_range(&text))
        }
        AmbiguousOffset::Gap { before, after } => Err(format!(
            "invalid time `{text}`: the clocks skipped that time where you are (they went forward from {before} to {after}); give a time outside the gap, or one with an offset such as {}",
            with(before)
        )),
        AmbiguousOffset::Fold { before, after } => Err(format!(
            "invalid time `{text}`: that time happened twice where you are (the clocks went back from {before} to {after}); add the offset you mean: {} or {}",
            with(before),
            with(after)
        )),
    }
}

/// A time too far ahead for the clock to hold (years from 1900 on are never too far back).
fn out_of_range(text: &str) -> String {
    format!(
        "invalid time `{}`: it is in the future",
        printable(text.trim())
    )
}

fn future(when: &str) -> String {
    format!("invalid time for `--at`: {when} is in the future")
}

fn diary_time(at: Timestamp, tz: &TimeZone) -> String {
    local(&stamp(at), tz)
}

#[cfg(test)]
mod tests;
