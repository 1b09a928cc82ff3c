//! Diary text made safe to show. Notes, details and ids come from the person, from flags or
//! from whatever wrote the database file, so they may hold terminal escape sequences (an OSC 52
//! clipboard write, a cursor move) or a newline that would forge a row of `dgs history`; and a
//! cell such as `=HYPERLINK(…)` is run as a formula when a spreadsheet opens the CSV export.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Characters that change how text is drawn rather than being drawn: the C0 and C1 controls and
/// DEL, the bidirectional overrides and isolates (which can reorder a line, "Trojan Source"),
/// and the Unicode line and paragraph separators.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
                | '\u{2028}' | '\u{2029}'
        )
}

/// `s` with every unsafe character written as an escape (`\n`, `\t`, `\r`, else `\u{1b}`), so it
/// stays on one line and draws as what it is. Text without one is borrowed unchanged.
pub fn shown(s: &str) -> Cow<'_, str> {
    escape_if(s, is_unsafe)
}

fn escape_if(s: &str, unsafe_char: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            c if !unsafe_char(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    Cow::Owned(out)
}

/// First characters that make a spreadsheet read a cell as a formula (OWASP's CSV-injection
/// list: `=`, `+`, `-`, `@`, tab and carriage return), and their full-width forms, which some
/// spreadsheets also accept.
const FORMULA_STARTS: [char; 10] = [
    '=', '+', '-', '@', '\t', '\r', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
];

/// A CSV cell a spreadsheet shows as text: one that would start a formula gets a leading `'`
/// (OWASP's rule), and control characters other than newline and tab, which CSV quoting keeps
/// intact, are escaped as in [`shown`]. Quoting itself is the CSV writer's job.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    let cell = escape_if(s, |c| is_unsafe(c) && c != '\n' && c != '\t');
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            assert_eq!(shown(given), wanted, "{given:?}");
        }
        assert!(matches!(shown("plain"), Cow::Borrowed(_)));
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
