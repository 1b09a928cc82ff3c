//! Any text as `--at`, as `--since`, and as a diary note and detail: a time is read or refused
//! with a message, never a panic; a note, however hostile, is shown on its own row with no
//! control characters, and never reaches a spreadsheet as a formula.
#![no_main]

use dgs::diary::entries::Entry;
use dgs::diary::{history, when};
use dgs::{Style, csv_cell, printable};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use libfuzzer_sys::fuzz_target;

/// Zones with no summer time, with one, and far from UTC either way.
fn zones() -> [TimeZone; 4] {
    [
        TimeZone::UTC,
        TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").expect("a valid rule"),
        TimeZone::posix("LINT-14").expect("a valid rule"),
        TimeZone::posix("BIT12").expect("a valid rule"),
    ]
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let now: Timestamp = "2026-11-27T09:00:00Z".parse().expect("a valid time");
    for tz in &zones() {
        if let Ok(at) = when::parse_at(text, now, tz) {
            assert!(
                at <= now.checked_add(when::FUTURE_SLACK).unwrap_or(now),
                "{text:?}"
            );
            let _ = when::local(&when::stamp(at), tz);
        }
        let _ = when::parse_since(text, now, tz);
    }

    let safe = printable(text);
    assert!(!safe.chars().any(char::is_control), "{safe:?}");
    let cell = csv_cell(text);
    assert!(
        !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
        "{cell:?}"
    );

    let entry = Entry {
        id: Some(1),
        at: "2026-11-20T10:00:00Z".into(),
        pain: 5,
        activity: text.into(),
        detail: Some(text.into()),
        minutes: Some(30),
        postures: vec![text.into()],
        self_care: vec![text.into()],
        note: Some(text.into()),
    };
    let table = history::render_text(&[entry.clone()], &[], &TimeZone::UTC, Style::PLAIN, 80);
    // Heading, bars, marks, key, a blank line, the column names, and the one row.
    assert_eq!(table.lines().count(), 7, "{table}");
    assert!(
        !table.chars().any(|c| c.is_control() && c != '\n'),
        "{table:?}"
    );
    let csv = history::render_csv(&[entry], &[]);
    assert!(!csv.contains('\u{1b}'), "{csv:?}");
});
