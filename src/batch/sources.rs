//! Where `dgs score` reads answer sets from: JSON Lines and CSV.

use std::io::{self, BufRead};

use super::bounded::{Ending, Found, MAX_RECORD, Records};
use super::record::{Chunk, Input, RESPONDENT_KEYS, Record, Source};
use std::collections::HashMap;

use crate::answers::raw::{AnswerDoc, Raw, RawAnswers};
use crate::answers::shown_safely;
use crate::document::json_problem;
use crate::error::Error;

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
        while chunk.records.len() < max {
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
                input,
            });
        }
        Ok(())
    }
}

/// A record past [`MAX_RECORD`], as a bad record: the run goes on.
fn too_long(line: usize) -> Input {
    Input::Read {
        respondent: None,
        answers: Err(format!(
            "line {line}: the record is longer than {} MiB, the most one record may be",
            MAX_RECORD >> 20
        )),
    }
}

/// The general reading of a JSON line: its respondent and answers, or why it cannot be read.
pub(super) fn json_record(line: &[u8]) -> (Option<serde_json::Value>, Result<RawAnswers, String>) {
    let parsed = std::str::from_utf8(line)
        .map(|text| text.trim_start_matches('\u{feff}'))
        .map_err(|_| "the line is not valid UTF-8".to_string())
        .and_then(|text| serde_json::from_str::<AnswerDoc>(text).map_err(|e| json_problem(&e)));
    let mut doc = match parsed {
        Ok(doc) => doc.into_json(),
        Err(message) => return (None, Err(message)),
    };
    // Every respondent key names the respondent, not a question; the first in
    // `RESPONDENT_KEYS` order that is given is the one shown.
    let respondent = doc.as_object_mut().and_then(|map| {
        RESPONDENT_KEYS
            .iter()
            .filter_map(|key| map.remove(*key))
            .reduce(|first, _| first)
    });
    (respondent, RawAnswers::from_json(&doc))
}

/// CSV with a header row of question ids; an empty cell is unanswered, and a `respondent` or
/// `id` column names the respondent. A header that names a column twice is refused before
/// any record: which of the two cells would be the answer? (`yes` then `no` for a red flag
/// would turn an emergency into self-care.)
pub struct Csv<R> {
    records: Records<R>,
    origin: String,
    header: Option<Header>,
    /// The current record's text, and its fields.
    text: Vec<u8>,
    fields: csv::ByteRecord,
    number: usize,
}

struct Header {
    names: Vec<String>,
    /// The column that names the respondent, if any; other respondent-key columns are skipped.
    respondent: Option<usize>,
}

impl<R: BufRead> Csv<R> {
    /// `origin` names the input in read errors.
    pub fn new(reader: R, origin: &str) -> Self {
        Csv {
            records: Records::new(reader, true),
            origin: origin.to_string(),
            header: None,
            text: Vec::new(),
            fields: csv::ByteRecord::new(),
            number: 0,
        }
    }

    fn header_problem(&self, message: String) -> Error {
        Error::AnswersFile {
            origin: self.origin.clone(),
            message: format!("the CSV header {message}"),
        }
    }

    /// Reads the header row; every problem with it ends the run before any record.
    fn read_header(&mut self, found: Found) -> Result<Header, Error> {
        match found.ending {
            Ending::TooLong => {
                return Err(self.header_problem(format!(
                    "is longer than {} MiB, the most one record may be",
                    MAX_RECORD >> 20
                )));
            }
            Ending::OpenQuote { line } => {
                return Err(self.header_problem(format!(
                    "opens a quoted field on line {line} that is never closed"
                )));
            }
            Ending::Whole => {}
        }
        parse_fields(&self.text, &mut self.fields).map_err(|m| self.header_problem(m))?;
        // Spreadsheets often start the file with a byte-order mark.
        let names: Vec<String> = self
            .fields
            .iter()
            .map(|f| {
                String::from_utf8_lossy(f)
                    .trim_start_matches('\u{feff}')
                    .trim()
                    .to_string()
            })
            .collect();
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(names.len());
        for (column, name) in names.iter().enumerate() {
            if let Some(first) = seen.insert(name.as_str(), column) {
                return Err(self.header_problem(format!(
                    "names `{}` twice (columns {} and {}); give each question one column",
                    shown_safely(name),
                    first + 1,
                    column + 1
                )));
            }
        }
        let respondent = RESPONDENT_KEYS
            .iter()
            .find_map(|key| names.iter().position(|n| n == key));
        Ok(Header { names, respondent })
    }
}

impl<R: BufRead> Source for Csv<R> {
    fn next_chunk(&mut self, max: usize, chunk: &mut Chunk) -> Result<(), Error> {
        while chunk.records.len() < max {
            self.text.clear();
            let Some(found) = self
                .records
                .next(&mut self.text)
                .map_err(|e| read_error(&self.origin, e))?
            else {
                break;
            };
            if found.ending == Ending::Whole && self.text.iter().all(|b| matches!(b, b'\r' | b'\n'))
            {
                continue;
            }
            let Some(header) = &self.header else {
                self.header = Some(self.read_header(found)?);
                continue;
            };
            self.number += 1;
            let input = match found.ending {
                Ending::TooLong => too_long(found.line),
                Ending::OpenQuote { line } => unreadable(format!(
                    "line {line}: a quoted field opens here and is never closed, so every \
                     row after it was read into this one"
                )),
                Ending::Whole => match parse_fields(&self.text, &mut self.fields) {
                    Ok(()) => csv_record(header, &self.fields),
                    Err(message) => unreadable(format!("line {}: {message}", found.line)),
                },
            };
            chunk.records.push(Record {
                number: self.number,
                input,
            });
        }
        Ok(())
    }
}

fn unreadable(message: String) -> Input {
    Input::Read {
        respondent: None,
        answers: Err(message),
    }
}

/// The fields of one CSV record, already cut out of the input by [`Records`].
fn parse_fields(text: &[u8], fields: &mut csv::ByteRecord) -> Result<(), String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(text.len().clamp(64, 1 << 16))
        .from_reader(text);
    match reader.read_byte_record(fields) {
        Ok(true) => Ok(()),
        Ok(false) => {
            fields.clear();
            Ok(())
        }
        Err(e) => Err(format!("the row is not valid CSV: {e}")),
    }
}

fn csv_record(header: &Header, row: &csv::ByteRecord) -> Input {
    if row.len() != header.names.len() {
        let message = format!(
            "the row has {} fields but the header has {}",
            row.len(),
            header.names.len()
        );
        return unreadable(message);
    }
    let mut respondent = None;
    let mut entries = Vec::with_capacity(header.names.len());
    for (column, (name, field)) in header.names.iter().zip(row.iter()).enumerate() {
        let Ok(text) = std::str::from_utf8(field) else {
            return Input::Read {
                respondent,
                answers: Err(format!(
                    "the `{}` cell is not valid UTF-8",
                    shown_safely(name)
                )),
            };
        };
        if header.respondent == Some(column) {
            respondent = (!text.is_empty()).then(|| serde_json::Value::String(text.to_string()));
        } else if RESPONDENT_KEYS.contains(&name.as_str()) {
            // A second naming column (`id` beside `respondent`) is not a question.
        } else if text.trim().is_empty() {
            entries.push((name.clone(), Raw::Empty));
        } else {
            entries.push((name.clone(), Raw::Text(text.to_string().into())));
        }
    }
    Input::Read {
        respondent,
        answers: Ok(RawAnswers::from_entries(entries)),
    }
}

fn read_error(origin: &str, source: io::Error) -> Error {
    Error::Read {
        path: origin.to_string(),
        source,
    }
}
