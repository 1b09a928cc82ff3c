//! Small helpers that turn lists and near-misses into words, and wrap text to a width.

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

/// The closest known id, if it is close enough to be what the user meant: a typo or two
/// (swapped letters count as one), or a shared start such as `fever` for `fever_or_unwell`.
pub fn did_you_mean<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let typos = (given.chars().count() / 4).max(1);
    known
        .into_iter()
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

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
