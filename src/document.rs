//! Reading a YAML or JSON document (a questionnaire, an answers file, standard input) safely:
//! bounded in size and checked to be UTF-8, so a wrong or hostile file gives a clear message
//! instead of a long wait or an I/O error; and parser errors in words, with line and column.
//! All YAML access in the crate goes through here, so the YAML library can be swapped alone.

use std::fmt;
use std::io::{self, Read};
use std::path::Path;

/// Questionnaires and answer sets are kilobytes; anything this large is a mistake.
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug)]
pub enum Problem {
    Io(io::Error),
    TooLarge,
    NotUtf8 { at: usize },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Io(e) => write!(f, "{e}"),
            Problem::TooLarge => write!(
                f,
                "the input is larger than {} MiB, the most this tool reads",
                MAX_BYTES / 1024 / 1024
            ),
            Problem::NotUtf8 { at } => write!(
                f,
                "the input is not UTF-8 text (invalid byte at offset {at})"
            ),
        }
    }
}

/// Reads a file, or standard input for `-`.
pub fn read_text(path: &Path) -> Result<String, Problem> {
    if path == Path::new("-") {
        return read_limited(io::stdin().lock());
    }
    // A directory opens, then fails to read with "Is a directory".
    read_limited(std::fs::File::open(path).map_err(Problem::Io)?)
}

fn read_limited(reader: impl Read) -> Result<String, Problem> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(Problem::Io)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Problem::TooLarge);
    }
    String::from_utf8(bytes).map_err(|e| Problem::NotUtf8 {
        at: e.utf8_error().valid_up_to(),
    })
}

/// Parses a data document (answers) written in YAML or JSON. JSON is read by the JSON parser
/// when the text starts with `{` or `[`, so JSON errors are reported in JSON's terms.
pub fn parse_data<T: serde::de::DeserializeOwned>(text: &str, origin: &str) -> Result<T, String> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        serde_json::from_str(trimmed).map_err(|e| json_problem(&e))
    } else if trimmed.is_empty() {
        Err("the file is empty".into())
    } else {
        serde_yaml::from_str(trimmed).map_err(|e| yaml_problem(&e, origin))
    }
}

/// A JSON parser error in words: "invalid JSON" only when the text is not JSON at all.
pub fn json_problem(e: &serde_json::Error) -> String {
    match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            format!("invalid JSON: {e}")
        }
        _ => e.to_string(),
    }
}

/// `file:line:column: message`, from the parser's own location when it has one.
pub fn yaml_problem(e: &serde_yaml::Error, origin: &str) -> String {
    let message = e.to_string();
    // serde_yaml appends " at line L column C" to its messages; move it to the front.
    match (e.location(), message.rfind(" at line ")) {
        (Some(loc), Some(cut)) => {
            format!(
                "{origin}:{}:{}: {}",
                loc.line(),
                loc.column(),
                &message[..cut]
            )
        }
        (Some(loc), None) => format!("{origin}:{}:{}: {message}", loc.line(), loc.column()),
        _ => format!("{origin}: {message}"),
    }
}

/// Parses YAML text into `T`; the error says where, as `origin:line:column: message`.
pub fn from_yaml<T: serde::de::DeserializeOwned>(text: &str, origin: &str) -> Result<T, String> {
    serde_yaml::from_str(text).map_err(|e| yaml_problem(&e, origin))
}

/// A JSON document for people and scripts: pretty, with a final newline.
pub fn pretty_json(value: &impl serde::Serialize) -> String {
    // Our documents are built from maps with string keys and plain values, which always
    // serialise; a failure here is a bug in this crate, not in anything the user gave.
    let mut out = serde_json::to_string_pretty(value).expect("dgs documents always serialise");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_and_encoding() {
        assert_eq!(read_limited(&b"age: 30\n"[..]).unwrap(), "age: 30\n");
        assert!(matches!(
            read_limited(&b"ab\xffcd"[..]),
            Err(Problem::NotUtf8 { at: 2 })
        ));
        let big = vec![b'a'; MAX_BYTES as usize + 1];
        assert!(matches!(read_limited(&big[..]), Err(Problem::TooLarge)));
        let exact = vec![b'a'; MAX_BYTES as usize];
        assert_eq!(read_limited(&exact[..]).unwrap().len(), MAX_BYTES as usize);
    }
}
