//! Diary text made safe to show. Notes, details and ids come from the person, from flags or
//! from whatever wrote the database file, so they may hold terminal escape sequences (an OSC 52
//! clipboard write, a cursor move) or a newline that would forge a row of `dgs history`: shown
//! through `words::printable`, as all untrusted text is. And a cell such as `=HYPERLINK(…)` is
//! run as a formula when a spreadsheet opens the CSV export: defused here.

use std::borrow::Cow;

use crate::words::{escaped_if, unsafe_char};

/// First characters that make a spreadsheet read a cell as a formula (OWASP's CSV-injection
/// list: `=`, `+`, `-`, `@`, tab and carriage return), and their full-width forms, which some
/// spreadsheets also accept.
const FORMULA_STARTS: [char; 10] = [
    '=', '+', '-', '@', '\t', '\r', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
];

/// A CSV cell a spreadsheet shows as text: one that would start a formula gets a leading `'`
/// (OWASP's rule), and control characters other than newline and tab, which CSV quoting keeps
/// intact, are escaped as in [`crate::words::printable`]. Quoting itself is the CSV writer's job.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    let cell = escaped_if(s, |c| unsafe_char(c) && c != '\n' && c != '\t');
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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

    #[test]
    fn formula_cells_are_defused() {
        for (given, wanted) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("\tx", "'\tx"),
            ("\rx", "\\rx"),
            ("\u{ff1d}1+1", "'\u{ff1d}1+1"),
            ("a=b", "a=b"),
            ("felt looser\nlater", "felt looser\nlater"),
            ("bell\u{7}", "bell\\u{7}"),
            ("", ""),
            ("6", "6"),
        ] {
            assert_eq!(csv_cell(given), wanted, "{given:?}");
        }
    }
}
