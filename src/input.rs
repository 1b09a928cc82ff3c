//! Reading a whole text input (a questionnaire, an answers file, standard input) safely:
//! bounded in size, and checked to be UTF-8, so a wrong or hostile file gives a clear
//! message instead of a long wait or an I/O error.

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
