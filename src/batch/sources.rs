//! Where `dgs score` reads answer sets from: JSON Lines and CSV.

use std::io::{self, BufRead, Read};

use super::record::{Chunk, Input, RESPONDENT_KEYS, Record, Source};
use crate::answers::raw::{AnswerDoc, Raw, RawAnswers};
use crate::document::json_problem;
use crate::error::Error;

/// JSON Lines: one answers object per line; blank lines are skipped.
pub struct JsonLines<R> {
    reader: R,
    origin: String,
    number: usize,
}

impl<R: BufRead> JsonLines<R> {
    /// `origin` names the input in read errors.
    pub fn new(reader: R, origin: &str) -> Self {
        JsonLines {
            reader,
            origin: origin.to_string(),
            number: 0,
        }
    }
}

impl<R: BufRead> Source for JsonLines<R> {
    fn next_chunk(&mut self, max: usize, chunk: &mut Chunk) -> Result<(), Error> {
        while chunk.records.len() < max {
            let start = chunk.text.len();
            let read = self
                .reader
                .read_until(b'\n', &mut chunk.text)
                .map_err(|e| read_error(&self.origin, e))?;
            if read == 0 {
                break;
            }
            if chunk.text[start..].iter().all(u8::is_ascii_whitespace) {
                chunk.text.truncate(start);
                continue;
            }
            self.number += 1;
            chunk.records.push(Record {
                number: self.number,
                input: Input::Json(start..chunk.text.len()),
            });
        }
        Ok(())
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
    let respondent = doc
        .as_object_mut()
        .and_then(|map| RESPONDENT_KEYS.iter().find_map(|key| map.remove(*key)));
    (respondent, RawAnswers::from_json(&doc))
}

/// CSV with a header row of question ids; an empty cell is unanswered, and a `respondent` or
/// `id` column names the respondent.
pub struct Csv<R> {
    reader: csv::Reader<R>,
    origin: String,
    header: Option<Vec<String>>,
    record: csv::ByteRecord,
    number: usize,
}

impl<R: Read> Csv<R> {
    /// `origin` names the input in read errors.
    pub fn new(reader: R, origin: &str) -> Self {
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(reader);
        Csv {
            reader,
            origin: origin.to_string(),
            header: None,
            record: csv::ByteRecord::new(),
            number: 0,
        }
    }
}

impl<R: Read> Source for Csv<R> {
    fn next_chunk(&mut self, max: usize, chunk: &mut Chunk) -> Result<(), Error> {
        while chunk.records.len() < max {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => return Err(read_error(&self.origin, io::Error::other(e))),
            }
            let Some(header) = &self.header else {
                // Spreadsheets often start the file with a byte-order mark.
                let names = self.record.iter().map(|f| {
                    String::from_utf8_lossy(f)
                        .trim_start_matches('\u{feff}')
                        .trim()
                        .to_string()
                });
                self.header = Some(names.collect());
                continue;
            };
            self.number += 1;
            chunk.records.push(Record {
                number: self.number,
                input: csv_record(header, &self.record),
            });
        }
        Ok(())
    }
}

fn csv_record(header: &[String], row: &csv::ByteRecord) -> Input {
    if row.len() != header.len() {
        let message = format!(
            "the row has {} fields but the header has {}",
            row.len(),
            header.len()
        );
        return Input::Read {
            respondent: None,
            answers: Err(message),
        };
    }
    let mut respondent = None;
    let mut entries = Vec::with_capacity(header.len());
    for (name, field) in header.iter().zip(row.iter()) {
        let Ok(text) = std::str::from_utf8(field) else {
            return Input::Read {
                respondent,
                answers: Err(format!("the `{name}` cell is not valid UTF-8")),
            };
        };
        if RESPONDENT_KEYS.contains(&name.as_str()) {
            respondent = (!text.is_empty()).then(|| serde_json::Value::String(text.to_string()));
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
