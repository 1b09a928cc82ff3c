//! `dgs score`: many answer sets in, one JSON line out for each, in input order. Records are
//! read a chunk at a time and scored on several threads, so memory stays flat however long
//! the input is.

use std::io::{self, BufRead, Read, Write};

use serde::Serialize;

use crate::error::Error;
use crate::questionnaire::Questionnaire;
use crate::raw_answers::{Raw, RawAnswers};
use crate::report::json;
use crate::scoring;

/// Records scored per round; large enough to keep threads busy, small enough to stay flat.
const CHUNK: usize = 4096;

/// Keys of a JSON Lines record that name the respondent instead of answering a question.
const RESPONDENT_KEYS: [&str; 2] = ["respondent", "id"];

/// One input record: its number (1-based), who it is from, and its answers or why they
/// could not be read.
#[derive(Debug)]
pub struct Record {
    pub number: usize,
    pub respondent: Option<serde_json::Value>,
    pub answers: Result<RawAnswers, String>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub records: usize,
    pub errors: usize,
}

/// Where records come from.
pub trait Source {
    /// Appends up to `max` records to `out`; appends none at the end of the input.
    fn next_chunk(&mut self, max: usize, out: &mut Vec<Record>) -> Result<(), Error>;
}

/// The `dgs-error/1` line written for a record that could not be scored.
#[derive(Serialize)]
struct ErrorLine<'a> {
    schema: &'static str,
    record: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    respondent: Option<&'a serde_json::Value>,
    errors: Vec<String>,
}

/// Scores every record from `source` and writes one line each to `out`, in order.
/// `progress` is told the running count after each chunk.
pub fn run(
    q: &Questionnaire,
    source: &mut dyn Source,
    jobs: usize,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize),
) -> Result<Summary, Error> {
    run_chunked(q, source, jobs, out, progress, CHUNK)
}

fn run_chunked(
    q: &Questionnaire,
    source: &mut dyn Source,
    jobs: usize,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize),
    chunk_size: usize,
) -> Result<Summary, Error> {
    let mut summary = Summary::default();
    let mut chunk = Vec::with_capacity(chunk_size);
    loop {
        chunk.clear();
        source.next_chunk(chunk_size, &mut chunk)?;
        if chunk.is_empty() {
            return Ok(summary);
        }
        for (bytes, errors) in score_parallel(q, &chunk, jobs) {
            out.write_all(&bytes)
                .map_err(|source| Error::Write { source })?;
            summary.errors += errors;
        }
        summary.records += chunk.len();
        progress(summary.records);
    }
}

/// Splits the chunk between threads; each returns its lines as one buffer, in order.
fn score_parallel(q: &Questionnaire, chunk: &[Record], jobs: usize) -> Vec<(Vec<u8>, usize)> {
    if jobs <= 1 || chunk.len() < 2 * jobs {
        return vec![score_all(q, chunk)];
    }
    let per_thread = chunk.len().div_ceil(jobs);
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunk
            .chunks(per_thread)
            .map(|part| scope.spawn(move || score_all(q, part)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

fn score_all(q: &Questionnaire, records: &[Record]) -> (Vec<u8>, usize) {
    let mut buf = Vec::with_capacity(records.len() * 2048);
    let mut errors = 0;
    for record in records {
        if !score_one(q, record, &mut buf) {
            errors += 1;
        }
        buf.push(b'\n');
    }
    (buf, errors)
}

/// Writes the record's result, or its error line; returns whether it was scored.
fn score_one(q: &Questionnaire, record: &Record, buf: &mut Vec<u8>) -> bool {
    let problems = match &record.answers {
        Err(message) => vec![message.clone()],
        Ok(raw) => match raw.check(q) {
            Ok(answers) => {
                let assessment = scoring::score(q, &answers);
                json::write_compact(buf, q, &assessment, record.respondent.as_ref());
                return true;
            }
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        },
    };
    let line = ErrorLine {
        schema: "dgs-error/1",
        record: record.number,
        respondent: record.respondent.as_ref(),
        errors: problems,
    };
    // Writing plain data to a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *buf, &line);
    false
}

/// JSON Lines: one answers object per line; blank lines are skipped.
pub struct JsonLines<R> {
    reader: R,
    origin: String,
    line: Vec<u8>,
    number: usize,
}

impl<R: BufRead> JsonLines<R> {
    /// `origin` names the input in read errors.
    pub fn new(reader: R, origin: &str) -> Self {
        JsonLines {
            reader,
            origin: origin.to_string(),
            line: Vec::new(),
            number: 0,
        }
    }
}

impl<R: BufRead> Source for JsonLines<R> {
    fn next_chunk(&mut self, max: usize, out: &mut Vec<Record>) -> Result<(), Error> {
        while out.len() < max {
            self.line.clear();
            let read = self
                .reader
                .read_until(b'\n', &mut self.line)
                .map_err(|e| read_error(&self.origin, e))?;
            if read == 0 {
                break;
            }
            if self.line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.number += 1;
            out.push(json_record(self.number, &self.line));
        }
        Ok(())
    }
}

fn json_record(number: usize, line: &[u8]) -> Record {
    let parsed = std::str::from_utf8(line)
        .map(|text| text.trim_start_matches('\u{feff}'))
        .map_err(|_| "the line is not valid UTF-8".to_string())
        .and_then(|text| {
            serde_json::from_str::<serde_json::Value>(text)
                .map_err(|e| format!("invalid JSON: {e}"))
        });
    let mut doc = match parsed {
        Ok(doc) => doc,
        Err(message) => {
            return Record {
                number,
                respondent: None,
                answers: Err(message),
            };
        }
    };
    let respondent = doc
        .as_object_mut()
        .and_then(|map| RESPONDENT_KEYS.iter().find_map(|key| map.remove(*key)));
    Record {
        number,
        respondent,
        answers: RawAnswers::from_json(&doc),
    }
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
    fn next_chunk(&mut self, max: usize, out: &mut Vec<Record>) -> Result<(), Error> {
        while out.len() < max {
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
            out.push(csv_record(self.number, header, &self.record));
        }
        Ok(())
    }
}

fn csv_record(number: usize, header: &[String], row: &csv::ByteRecord) -> Record {
    let mut respondent = None;
    let mut entries = Vec::with_capacity(header.len());
    if row.len() != header.len() {
        let message = format!(
            "the row has {} fields but the header has {}",
            row.len(),
            header.len()
        );
        return Record {
            number,
            respondent: None,
            answers: Err(message),
        };
    }
    for (name, field) in header.iter().zip(row.iter()) {
        let Ok(text) = std::str::from_utf8(field) else {
            return Record {
                number,
                respondent,
                answers: Err(format!("the `{name}` cell is not valid UTF-8")),
            };
        };
        if RESPONDENT_KEYS.contains(&name.as_str()) {
            respondent = (!text.is_empty()).then(|| serde_json::Value::String(text.to_string()));
        } else if text.trim().is_empty() {
            entries.push((name.clone(), Raw::Empty));
        } else {
            entries.push((name.clone(), Raw::Text(text.to_string())));
        }
    }
    Record {
        number,
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

#[cfg(test)]
mod tests;
