//! Where `dgs score` reads answer sets from: JSON Lines here (CSV in `csv_rows`), and which
//! of the two an input is.

use std::io::{self, BufRead};

use super::bounded::{Ending, MAX_RECORD, Records};
use super::record::{CHUNK_TEXT, Chunk, Columns, Input, Record, Source};

use crate::answers::raw::{AnswerDoc, RawAnswers};
use crate::document::json_problem;
use crate::error::Error;
use crate::questionnaire::Questionnaire;

/// JSON Lines: one answers object per line; blank lines are skipped.
pub struct JsonLines<R> {
    records: Records<R>,
    origin: String,
    number: usize,
}

impl<R: BufRead> JsonLines<R> {
    /// `origin` names the input in read errors.
    pub fn new(reader: R, origin: &str) -> Self {
        JsonLines {
            records: Records::new(reader, false),
            origin: origin.to_string(),
            number: 0,
        }
    }
}

impl<R: BufRead> Source for JsonLines<R> {
    fn next_chunk(&mut self, max: usize, chunk: &mut Chunk) -> Result<(), Error> {
        while chunk.records.len() < max && chunk.text.len() < CHUNK_TEXT {
            let start = chunk.text.len();
            let Some(found) = self
                .records
                .next(&mut chunk.text)
                .map_err(|e| read_error(&self.origin, e))?
            else {
                break;
            };
            let input = if found.ending == Ending::TooLong {
                too_long(found.line)
            } else if chunk.text[start..].iter().all(u8::is_ascii_whitespace) {
                chunk.text.truncate(start);
                continue;
            } else {
                Input::Json(start..chunk.text.len())
            };
            self.number += 1;
            chunk.records.push(Record {
                number: self.number,
                line: found.line,
                input,
            });
        }
        Ok(())
    }
}

/// A record past [`MAX_RECORD`], as a bad record: the run goes on.
pub(super) fn too_long(line: usize) -> Input {
    Input::Read {
        respondent: None,
        answers: Err(format!(
            "line {line}: the record is longer than {} MiB, the most one record may be",
            MAX_RECORD >> 20
        )),
    }
}

/// The general reading of a JSON line: its respondent and answers, or why it cannot be read.
pub(super) fn json_record(
    q: &Questionnaire,
    cols: &Columns,
    line: &[u8],
) -> (Option<serde_json::Value>, Result<RawAnswers, String>) {
    let parsed = std::str::from_utf8(line)
        .map(|text| text.trim_start_matches('\u{feff}'))
        .map_err(|_| "the line is not valid UTF-8".to_string())
        .and_then(|text| serde_json::from_str::<AnswerDoc>(text).map_err(|e| line_problem(&e)));
    let mut doc = match parsed {
        Ok(doc) => doc.into_json(),
        Err(message) => return (None, Err(message)),
    };
    // Every respondent key names the respondent, not a question; the first in `id_keys`
    // order that is given is the one shown.
    let respondent = doc.as_object_mut().and_then(|map| {
        let respondent = (cols.id_keys.iter())
            .filter_map(|key| map.remove(key))
            .reduce(|first, _| first);
        if cols.ignore_unknown {
            map.retain(|key, _| q.slot(key).is_some());
        }
        respondent
    });
    (respondent, RawAnswers::from_json(&doc))
}

/// A JSON error in a line of JSON Lines: the record says which input line it is, so the
/// parser's "line 1" would only mislead; the column is the line's own.
fn line_problem(e: &serde_json::Error) -> String {
    let message = json_problem(e);
    let at = format!(" at line {} column {}", e.line(), e.column());
    match message.strip_suffix(&at) {
        Some(head) if e.line() == 1 => format!("{head} at column {} of the line", e.column()),
        _ => message,
    }
}

pub(super) fn read_error(origin: &str, source: io::Error) -> Error {
    Error::Read {
        path: origin.to_string(),
        source,
    }
}

/// How the input's format was decided, for the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecidedBy {
    Given,
    Extension,
    Content,
}

impl DecidedBy {
    pub fn name(self) -> &'static str {
        match self {
            DecidedBy::Given => "--input-format",
            DecidedBy::Extension => "its extension",
            DecidedBy::Content => "its content",
        }
    }
}

/// Whether the start of an input looks like CSV rather than JSON Lines: JSON Lines starts
/// with `{` (after a byte-order mark and blank space), a CSV header with a column name.
pub fn looks_like_csv(start: &[u8]) -> bool {
    let start = start.strip_prefix(b"\xef\xbb\xbf").unwrap_or(start);
    start
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b != b'{')
}
