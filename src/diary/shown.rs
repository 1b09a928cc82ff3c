//! Diary text made safe to show. Notes, details and ids come from the person, from flags or
//! from whatever wrote the database file, so they may hold terminal escape sequences (an OSC 52
//! clipboard write, a cursor move) or a newline that would forge a row of `dgs history`: shown
//! through `words::printable`, as all untrusted text is. And a cell such as `=HYPERLINK(…)` is
//! run as a formula when a spreadsheet opens the CSV export: defused by `words::csv_cell`.

// Defusing a CSV cell is shared with `dgs score --output wide`, so it lives in `words`.
pub use crate::words::csv_cell;

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use crate::words::printable;

    #[test]
    fn control_characters_are_escaped() {
        for (given, wanted) in [
            ("felt looser", "felt looser"),
            ("two\nlines", "two\\nlines"),
            ("tab\there", "tab\\there"),
            ("\r", "\\r"),
            ("\u{1b}]52;c;ZXZpbA==\u{7}", "\\u{1b}]52;c;ZXZpbA==\\u{7}"),
            ("\u{1b}[2J", "\\u{1b}[2J"),
            ("del\u{7f}", "del\\u{7f}"),
            ("c1\u{9b}31m", "c1\\u{9b}31m"),
            ("abc\u{202e}fed", "abc\\u{202e}fed"),
            ("line\u{2028}sep", "line\\u{2028}sep"),
            ("café ☕ ünïcödé", "café ☕ ünïcödé"),
        ] {
            assert_eq!(printable(given), wanted, "{given:?}");
        }
        assert!(matches!(printable("plain"), Cow::Borrowed(_)));
    }
}
