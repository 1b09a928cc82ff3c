//! Who a `dgs score` record is from, as every batch form writes it: text borrowed straight
//! from the input line when it needs no escaping, or a JSON value the general reader made.

use crate::words::csv_cell;

#[derive(Debug, Clone, Copy)]
pub enum Respondent<'a> {
    /// A JSON string's text that holds no `"`, `\` or control character: written as is.
    Text(&'a str),
    Json(&'a serde_json::Value),
}

impl Respondent<'_> {
    /// Appends the respondent as JSON, as `serde_json` writes it.
    // Inlined: text (nearly every respondent) is three copies, less than a call.
    #[inline]
    pub fn write_json(self, buf: &mut Vec<u8>) {
        match self {
            Respondent::Text(text) => {
                buf.push(b'"');
                buf.extend_from_slice(text.as_bytes());
                buf.push(b'"');
            }
            Respondent::Json(value) => json(buf, value),
        }
    }

    /// Appends the respondent as a CSV cell: text defused and quoted as CSV needs, a number
    /// or a boolean as JSON writes it, nothing for `null`.
    pub fn write_cell(self, buf: &mut Vec<u8>) {
        match self {
            Respondent::Text(text) => text_cell(buf, text),
            Respondent::Json(serde_json::Value::String(text)) => text_cell(buf, text),
            Respondent::Json(serde_json::Value::Null) => {}
            Respondent::Json(other) => Respondent::Json(other).write_json(buf),
        }
    }
}

#[inline(never)]
fn json(buf: &mut Vec<u8>, value: &serde_json::Value) {
    // Plain data to a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *buf, value);
}

/// Text from outside the questionnaire as a CSV cell: defused, then quoted if CSV needs it.
pub fn text_cell(buf: &mut Vec<u8>, text: &str) {
    // Most respondents are plain ids (`r17`, `P-0042` aside): letters, digits, `_` and `.`
    // start no formula and need no escaping or quoting, so they skip the general checks.
    if plain(text) {
        buf.extend_from_slice(text.as_bytes());
        return;
    }
    let cell = csv_cell(text);
    if cell.contains([',', '"', '\n', '\r']) {
        buf.push(b'"');
        buf.extend_from_slice(cell.replace('"', "\"\"").as_bytes());
        buf.push(b'"');
    } else {
        buf.extend_from_slice(cell.as_bytes());
    }
}

/// Whether `text` is a CSV cell as it is: only ASCII letters, digits, `_` and `.`.
fn plain(text: &str) -> bool {
    (text.bytes()).all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_written_as_serde_json_writes_it() {
        for text in ["r1", "café", "=1+1", "a b", ""] {
            let mut fast = Vec::new();
            Respondent::Text(text).write_json(&mut fast);
            let mut slow = Vec::new();
            Respondent::Json(&serde_json::json!(text)).write_json(&mut slow);
            assert_eq!(fast, slow);
            let (mut a, mut b) = (Vec::new(), Vec::new());
            Respondent::Text(text).write_cell(&mut a);
            Respondent::Json(&serde_json::json!(text)).write_cell(&mut b);
            assert_eq!(a, b);
        }
    }

    /// Plain text is the cell the general checks make of it.
    #[test]
    fn a_plain_cell_is_written_as_the_general_checks_would() {
        let mut rng = crate::testing::Rng(3);
        let chars = [
            'a', 'Z', '0', '_', '.', '-', '=', '+', '@', ' ', ',', '"', '\t', 'é',
        ];
        let mut plain_ones = 0;
        for _ in 0..5_000 {
            let len = rng.next() as usize % 6;
            let text: String = (0..len)
                .map(|_| chars[rng.next() as usize % chars.len()])
                .collect();
            let mut fast = Vec::new();
            text_cell(&mut fast, &text);
            let cell = csv_cell(&text);
            let slow = if cell.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", cell.replace('"', "\"\""))
            } else {
                cell.into_owned()
            };
            assert_eq!(String::from_utf8(fast).unwrap(), slow, "{text:?}");
            plain_ones += usize::from(plain(&text));
        }
        assert!(plain_ones > 100, "{plain_ones}");
    }
}
