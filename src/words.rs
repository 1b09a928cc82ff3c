//! Small helpers that turn lists and near-misses into words, wrap text to a width, and make
//! text from a file or a flag safe to print.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Text from a file, a flag or a record, made safe to show on a terminal: control characters
/// (C0, DEL, C1), line and paragraph separators and bidirectional overrides are shown as
/// escapes (`\n`, `\u{1b}`), so an escape sequence (a clipboard write, a title change, a
/// fake line) is seen, not run. Every place that prints untrusted text calls this.
pub fn printable(text: &str) -> Cow<'_, str> {
    escaped_if(text, unsafe_char)
}

/// `text` with each character for which `escape` holds written as an escape (`\n`, `\r`, `\t`,
/// else `\u{…}`); borrowed unchanged when there is none.
pub fn escaped_if(text: &str, escape: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !escape(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    Cow::Owned(out)
}

/// Whether `text` holds a character [`unsafe_char`] refuses, line breaks and tabs aside. Reads
/// bytes, and decodes only where such a character can start: each is ASCII or begins with
/// 0xC2, 0xD8 or 0xE2 in UTF-8. Every questionnaire text is checked at every start, so this is
/// on the start-up path.
pub fn has_unsafe_text(text: &str) -> bool {
    text.bytes().enumerate().any(|(i, b)| match b {
        b'\n' | b'\t' => false,
        0x00..=0x1f | 0x7f => true,
        0xc2 | 0xd8 | 0xe2 => text[i..].chars().next().is_some_and(unsafe_char),
        _ => false,
    })
}

/// Whether a character may change what a terminal shows rather than show itself.
pub fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}'
                | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `a`, `b` or `c` — the caller has already decorated each part.
pub fn or_list(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// Wraps each identifier in backticks.
pub fn ticked<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    ids.into_iter().map(|id| format!("`{id}`")).collect()
}

/// Ids longer than this get no "did you mean": ids are short, and comparing a 100 KB name
/// with every id costs its length times theirs, per record in `dgs score`.
pub const MAX_HINT_LEN: usize = 64;

/// The closest known id, if it is close enough to be what the user meant: a typo or two
/// (swapped letters count as one), or a shared start such as `fever` for `fever_or_unwell`.
/// Costs at most [`MAX_HINT_LEN`] squared per known id; a cheap length test skips the ids that
/// cannot be close.
pub fn did_you_mean<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let len = given.chars().count();
    if len > MAX_HINT_LEN {
        return None;
    }
    let typos = (len / 4).max(1);
    known
        .into_iter()
        .filter(|k| could_be_close(len, typos, k))
        .map(|k| {
            (
                strsim::osa_distance(given, k),
                strsim::jaro_winkler(given, k),
                k,
            )
        })
        .filter(|(distance, similarity, _)| *distance <= typos || *similarity >= 0.85)
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
        .map(|(_, _, k)| k.to_string())
}

/// At most `max` characters of `text`, the last one `…` when it was cut: for echoing a value
/// that may be a megabyte long, or fitting a table cell.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let head: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{head}…")
    }
}

/// Whether `k` can be within `typos` edits of, or 0.85 Jaro-Winkler-similar to, a string of
/// `len` characters. Jaro is at most (r + 2) / 3 where r is the shorter length over the
/// longer, and the Winkler bonus adds at most 0.4 of what is left: so under 0.85 whenever
/// r < 0.25. Saves the full comparison for most ids without changing any answer.
fn could_be_close(len: usize, typos: usize, k: &str) -> bool {
    let k_len = k.chars().count();
    let (short, long) = (len.min(k_len), len.max(k_len));
    long - short <= typos || short * 4 >= long
}

/// Text is wrapped to the terminal's width, but never narrower than a word or two and never
/// wider than lines are comfortable to read.
pub fn text_width(columns: u16) -> usize {
    usize::from(columns).clamp(20, 100)
}

/// Word-wraps `text` to `width` columns; every line starts with `indent`. A word longer than
/// the line is split rather than left to overflow.
pub fn wrap(text: &str, width: usize, indent: &str) -> Vec<String> {
    let room = width.saturating_sub(indent.chars().count()).max(10);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > room {
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            lines.push(word.drain(..room).collect());
        }
        let len = word.len();
        if used > 0 && used + 1 + len > room {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        line.extend(word);
        used += len;
    }
    if used > 0 || lines.is_empty() {
        lines.push(line);
    }
    lines.into_iter().map(|l| format!("{indent}{l}")).collect()
}

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

    #[test]
    fn diary_text_with_control_characters_is_escaped() {
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
    fn the_byte_scan_agrees_with_unsafe_char_for_every_character() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            let want = unsafe_char(c) && c != '\n' && c != '\t';
            assert_eq!(has_unsafe_text(&text), want, "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn clip_keeps_short_text_and_marks_a_cut() {
        assert_eq!(clip("sitting", 7), "sitting");
        assert_eq!(clip("sitting", 5), "sitt…");
        assert_eq!(clip("ééééé", 3), "éé…");
        assert_eq!(clip("abc", 0), "…");
    }

    #[test]
    fn lists_read_naturally() {
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_string()).collect::<Vec<_>>();
        assert_eq!(or_list(&s(&[])), "");
        assert_eq!(or_list(&s(&["a"])), "a");
        assert_eq!(or_list(&s(&["a", "b"])), "a or b");
        assert_eq!(or_list(&s(&["a", "b", "c"])), "a, b or c");
        assert_eq!(ticked(["x", "y"]), s(&["`x`", "`y`"]));
    }

    #[test]
    fn wrapping_keeps_every_word_within_width() {
        let lines = wrap("the quick brown fox jumps over the lazy dog", 16, "  ");
        assert_eq!(
            lines,
            vec![
                "  the quick",
                "  brown fox",
                "  jumps over the",
                "  lazy dog"
            ]
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 16));
        let long = wrap("abcdefghijklmnopqrstuvwxyz", 12, "");
        assert_eq!(long, vec!["abcdefghijkl", "mnopqrstuvwx", "yz"]);
        assert_eq!(wrap("", 20, "> "), vec!["> "]);
    }

    #[test]
    fn suggestions_only_when_close() {
        let known = ["fever_or_unwell", "age", "scoliosis"];
        assert_eq!(did_you_mean("fever", known), Some("fever_or_unwell".into()));
        assert_eq!(did_you_mean("scolosis", known), Some("scoliosis".into()));
        assert_eq!(did_you_mean("zzz", known), None);
        // A name too long to be an id gets no hint, and costs nothing.
        assert_eq!(did_you_mean(&"fever".repeat(20_000), known), None);
    }

    #[test]
    fn printable_escapes_what_a_terminal_would_run() {
        for (given, shown) in [
            ("plain text, ünïcödé", "plain text, ünïcödé"),
            ("\u{1b}]52;c;aGk=\u{7}", "\\u{1b}]52;c;aGk=\\u{7}"),
            ("a\nb\rc\td", "a\\nb\\rc\\td"),
            ("\u{9b}31m", "\\u{9b}31m"),
            ("\u{7f}", "\\u{7f}"),
            ("abc\u{202e}def", "abc\\u{202e}def"),
        ] {
            assert_eq!(printable(given), shown, "{given:?}");
        }
        assert!(matches!(printable("fine"), Cow::Borrowed(_)));
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
