//! Reading a YAML or JSON document (a questionnaire, an answers file, standard input) safely:
//! bounded in size and checked to be UTF-8, so a wrong or hostile file gives a clear message
//! instead of a long wait or an I/O error; and parser errors in words, with line and column.
//! All YAML access in the crate goes through here, so the YAML library can be swapped alone.

use std::fmt;
use std::io::{self, Read};
use std::path::Path;

use serde::Deserialize as _;

/// Questionnaires and answer sets are kilobytes; anything this large is a mistake.
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// The most a YAML document may grow to once its aliases are expanded, counting every
/// scalar's bytes plus one for each node. A small file whose aliases repeat a large value
/// many times would otherwise take gigabytes (`serde_yaml` limits only how many times aliases
/// are followed, not what they repeat, and has no switch to refuse them).
pub const MAX_EXPANDED: usize = MAX_BYTES as usize;

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
    if is_json(trimmed) {
        serde_json::from_str(trimmed).map_err(|e| json_problem(&e))
    } else if trimmed.is_empty() {
        Err("the file is empty".into())
    } else {
        from_yaml(trimmed, origin)
    }
}

/// Whether [`parse_data`] reads this text as JSON.
pub fn is_json(text: &str) -> bool {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    trimmed.starts_with('{') || trimmed.starts_with('[')
}

/// The text, as written, of the top-level values of a YAML mapping whose keys are in
/// `wanted` (each a scalar): what YAML's own typing would read as a number or null.
pub fn yaml_scalar_texts(
    text: &str,
    wanted: &std::collections::HashSet<String>,
) -> Result<Vec<(String, String)>, serde_yaml::Error> {
    struct Texts<'w>(&'w std::collections::HashSet<String>);
    impl<'de> serde::de::Visitor<'de> for Texts<'_> {
        type Value = Vec<(String, String)>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a mapping")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                if self.0.contains(&key) {
                    out.push((key, map.next_value_seed(AsWritten)?));
                } else {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
            Ok(out)
        }
    }
    serde::Deserializer::deserialize_map(
        serde_yaml::Deserializer::from_str(text.trim_start_matches('\u{feff}')),
        Texts(wanted),
    )
}

/// A YAML scalar's text as written: `deserialize_str` does not apply YAML's typing.
struct AsWritten;

impl<'de> serde::de::DeserializeSeed<'de> for AsWritten {
    type Value = String;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        String::deserialize(d)
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
/// A document whose aliases expand past [`MAX_EXPANDED`] is refused before it is built.
pub fn from_yaml<T: serde::de::DeserializeOwned>(text: &str, origin: &str) -> Result<T, String> {
    check_expansion(text, origin)?;
    serde_yaml::from_str(text).map_err(|e| yaml_problem(&e, origin))
}

/// Walks the document, aliases followed, without building anything, and stops as soon as it
/// passes [`MAX_EXPANDED`]; so the walk itself is bounded too. Only a document with both an
/// anchor and an alias can expand, so others are not walked at all.
fn check_expansion(text: &str, origin: &str) -> Result<(), String> {
    if !(text.contains('&') && text.contains('*')) {
        return Ok(());
    }
    let mut budget = Budget {
        left: MAX_EXPANDED,
        exceeded: false,
    };
    let walked = serde::de::DeserializeSeed::deserialize(
        Count(&mut budget),
        serde_yaml::Deserializer::from_str(text),
    );
    // Any other problem is left to the real parse, which words it for its own type.
    if walked.is_err() && budget.exceeded {
        return Err(format!(
            "{origin}: its aliases expand it past {} MiB, the most this tool reads",
            MAX_EXPANDED >> 20
        ));
    }
    Ok(())
}

struct Budget {
    left: usize,
    exceeded: bool,
}

/// Counts a node and everything under it against the budget.
struct Count<'b>(&'b mut Budget);

impl Count<'_> {
    fn take<E: serde::de::Error>(self, size: usize) -> Result<(), E> {
        if let Some(left) = self.0.left.checked_sub(size) {
            self.0.left = left;
            Ok(())
        } else {
            self.0.exceeded = true;
            Err(E::custom("expanded too far"))
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Count<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Count<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.take(1)
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.take(1)
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.take(1)
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.take(1)
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<(), E> {
        self.take(s.len() + 1)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.take(1)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.take(1)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let budget = self.0;
        Count(&mut *budget).take(1)?;
        while seq.next_element_seed(Count(&mut *budget))?.is_some() {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let budget = self.0;
        Count(&mut *budget).take(1)?;
        while map.next_key_seed(Count(&mut *budget))?.is_some() {
            map.next_value_seed(Count(&mut *budget))?;
        }
        Ok(())
    }
}

/// A YAML document (a questionnaire `dgs import` wrote), quoted and escaped by the YAML
/// library so that any text reads back as it was.
pub fn to_yaml(value: &impl serde::Serialize) -> String {
    // Built from structs of strings, numbers and lists, which always serialise; a failure here
    // is a bug in this crate, not in anything the user gave.
    serde_yaml::to_string(value).expect("dgs documents always serialise")
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

    /// `n` aliases of one scalar of `size` bytes.
    fn repeated(size: usize, n: usize) -> String {
        let mut text = format!("a: &big {}\nlist:\n", "x".repeat(size));
        text.push_str(&"  - *big\n".repeat(n));
        text
    }

    #[test]
    fn aliases_that_expand_too_far_are_refused() {
        type Any = std::collections::BTreeMap<String, serde_json::Value>;
        let err = from_yaml::<Any>(&repeated(1 << 20, 100), "a.yaml").unwrap_err();
        assert_eq!(
            err,
            "a.yaml: its aliases expand it past 16 MiB, the most this tool reads"
        );
        // A few aliases of small values are fine, and so is `*` or `&` in plain text.
        assert!(from_yaml::<Any>(&repeated(100, 10), "a.yaml").is_ok());
        assert!(from_yaml::<Any>("a: 2 * 3 & 4\n", "a.yaml").is_ok());
    }

    #[test]
    fn yaml_written_reads_back_as_it_was() {
        let mut texts: Vec<String> = crate::testing::HOSTILE
            .iter()
            .map(|s| (*s).to_string())
            .collect();
        texts.push("long ".repeat(5_000));
        let doc: std::collections::BTreeMap<String, Vec<String>> =
            [("texts".to_string(), texts.clone())].into();
        let yaml = to_yaml(&doc);
        let back: std::collections::BTreeMap<String, Vec<String>> =
            from_yaml(&yaml, "t.yaml").unwrap_or_else(|e| panic!("{e}\n{yaml}"));
        assert_eq!(back["texts"], texts, "{yaml}");
    }
}
