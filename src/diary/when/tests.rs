use super::*;

fn now() -> Timestamp {
    "2026-11-27T09:00:00Z".parse().unwrap()
}

/// Central European time with its summer time, from a POSIX rule, so no zone files are needed.
fn paris() -> TimeZone {
    TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap()
}

#[track_caller]
fn at(text: &str, tz: &TimeZone) -> Result<String, String> {
    parse_at(text, now(), tz).map(stamp)
}

#[test]
fn at_reads_local_times_dates_and_offsets() {
    let utc = TimeZone::UTC;
    for (text, tz, wanted) in [
        ("2026-11-27 08:30", &utc, "2026-11-27T08:30:00Z"),
        ("2026-11-27T08:30:05", &utc, "2026-11-27T08:30:05Z"),
        (" 2026-11-26 ", &utc, "2026-11-26T12:00:00Z"),
        // Today before noon: now, not a noon that has not come yet.
        ("2026-11-27", &utc, "2026-11-27T09:00:00Z"),
        ("2026-11-27T10:30:00+02:00", &utc, "2026-11-27T08:30:00Z"),
        ("2026-11-27T08:30:00Z", &paris(), "2026-11-27T08:30:00Z"),
        ("2026-11-27 08:30", &paris(), "2026-11-27T07:30:00Z"),
        ("2026-11-26T20:00:00-12:00", &utc, "2026-11-27T08:00:00Z"),
        ("2026-11-27T20:00:00+14:00", &utc, "2026-11-27T06:00:00Z"),
        ("1900-01-01 00:00", &utc, "1900-01-01T00:00:00Z"),
        // Within the five minutes another device's clock may be ahead.
        ("2026-11-27 09:04", &utc, "2026-11-27T09:04:00Z"),
    ] {
        assert_eq!(at(text, tz).as_deref(), Ok(wanted), "{text}");
    }
}

#[test]
fn at_refuses_what_it_cannot_place() {
    let utc = TimeZone::UTC;
    let format = "expected a date and time such as `2026-11-27 14:30`, or a date";
    for (text, tz, wanted) in [
        ("yesterday", &utc, format!("invalid time `yesterday`: {format}")),
        ("2026-11-27T08:00:00[Europe/Paris]", &utc, format!("invalid time `2026-11-27T08:00:00[Europe/Paris]`: {format}")),
        ("-000100-01-01", &utc, "invalid time `-000100-01-01`: the year must be 1900 or later".into()),
        ("1899-12-31 23:59", &utc, "invalid time `1899-12-31 23:59`: the year must be 1900 or later".into()),
        ("2026-11-27T08:00:00+25:00", &utc, "invalid time `2026-11-27T08:00:00+25:00`: the offset `+25` is not used anywhere (offsets run from -12:00 to +14:00)".into()),
        ("2026-11-27T08:00:00-14:30", &utc, "invalid time `2026-11-27T08:00:00-14:30`: the offset `-14:30` is not used anywhere (offsets run from -12:00 to +14:00)".into()),
        ("2026-11-28", &utc, "invalid time for `--at`: 2026-11-28 12:00 is in the future".into()),
        ("2026-11-27 09:06", &utc, "invalid time for `--at`: 2026-11-27 09:06 is in the future".into()),
        ("9999-12-31", &utc, "invalid time `9999-12-31`: it is in the future".into()),
        ("9999-12-31T23:59:59+14:00", &utc, "invalid time `9999-12-31T23:59:59+14:00`: it is in the future".into()),
        ("2026-03-29 02:30", &paris(), "invalid time `2026-03-29 02:30`: the clocks skipped that time where you are (they went forward from +01 to +02); give a time outside the gap, or one with an offset such as `2026-03-29T02:30:00+01`".into()),
        ("2026-10-25 02:30", &paris(), "invalid time `2026-10-25 02:30`: that time happened twice where you are (the clocks went back from +02 to +01); add the offset you mean: `2026-10-25T02:30:00+02` or `2026-10-25T02:30:00+01`".into()),
        ("2026-11-27\u{1b}[2J", &utc, format!("invalid time `2026-11-27\\u{{1b}}[2J`: {format}")),
    ] {
        assert_eq!(at(text, tz), Err(wanted), "{text}");
    }
}

#[test]
fn since_takes_days_or_a_time() {
    let tz = TimeZone::UTC;
    let since = |text| parse_since(text, now(), &tz).map(stamp);
    assert_eq!(since("7d").as_deref(), Ok("2026-11-20T09:00:00Z"));
    assert_eq!(since("2026-11-01").as_deref(), Ok("2026-11-01T00:00:00Z"));
    assert_eq!(
        since("2026-11-01 10:00").as_deref(),
        Ok("2026-11-01T10:00:00Z")
    );
    assert!(since("-3d").is_err());
    assert_eq!(
        since("last tuesday"),
        Err("invalid time `last tuesday`: expected a date and time such as `2026-11-27 14:30`, or a date, or a number of days such as `30d`".into())
    );
}

#[test]
fn local_shows_a_stamp_in_the_zone_and_anything_else_escaped() {
    assert_eq!(local("2026-11-27T07:30:00Z", &paris()), "2026-11-27 08:30");
    assert_eq!(local("not\na time", &paris()), "not\\na time");
}
