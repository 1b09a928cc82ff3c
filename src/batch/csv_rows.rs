//! CSV answer sets for `dgs score`: a header row of question ids, then one answer set per row.

use std::collections::HashMap;
use std::io::BufRead;

use super::bounded::{Ending, Found, MAX_RECORD, Records};
use super::record::{CHUNK_TEXT, Chunk, Columns, Input, Record, Source};
use super::sources::{read_error, too_long};
use crate::answers::raw::{Raw, RawAnswers};
use crate::answers::shown_safely;
use crate::error::Error;
use crate::questionnaire::Questionnaire;
use crate::words::did_you_mean;

/// CSV with a header row of question ids; an empty cell is unanswered, and an id column
/// ([`Columns`]) names the respondent. A header that names a question twice is refused before
/// any record: which of the two cells would be the answer? (`yes` then `no` for a red flag
/// would turn an emergency into self-care.) So is a column that is not a question (an
/// export's `Timestamp`), unless told to ignore such columns: once for the file, instead of
/// the same error for every row.
pub struct Csv<'q, R> {
    records: Records<R>,
    origin: String,
    q: &'q Questionnaire,
    cols: Columns,
    header: Option<Header>,
    /// The current record's text, and its fields.
    text: Vec<u8>,
    fields: csv::ByteRecord,
    number: usize,
}

struct Header {
    names: Vec<String>,
    /// By column: read as an answer, as the respondent, or skipped.
    kinds: Vec<Column>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Answer,
    Respondent,
    /// Another id column, or one that is not a question under `--ignore-unknown-columns`.
    Skipped,
}

impl<'q, R: BufRead> Csv<'q, R> {
    /// `origin` names the input in read errors; `q` decides which columns are questions.
    pub fn new(reader: R, origin: &str, q: &'q Questionnaire, cols: Columns) -> Self {
        Csv {
            records: Records::new(reader, true),
            origin: origin.to_string(),
            q,
            cols,
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

    /// Reads the header row, skipping blank lines before it; every problem with it ends the
    /// run before any record. Returns warnings about columns skipped.
    fn read_header_once(&mut self) -> Result<Vec<String>, Error> {
        if self.header.is_some() {
            return Ok(Vec::new());
        }
        loop {
            self.text.clear();
            let Some(found) = self
                .records
                .next(&mut self.text)
                .map_err(|e| read_error(&self.origin, e))?
            else {
                return Ok(Vec::new());
            };
            if found.ending == Ending::Whole && self.text.iter().all(|b| matches!(b, b'\r' | b'\n'))
            {
                continue;
            }
            let (header, warnings) = self.read_header(found)?;
            self.header = Some(header);
            return Ok(warnings);
        }
    }

    fn read_header(&mut self, found: Found) -> Result<(Header, Vec<String>), Error> {
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
        let respondent =
            (self.cols.id_keys.iter()).find_map(|key| names.iter().position(|n| n == key));
        if respondent.is_none() && self.cols.id_given {
            return Err(self.header_problem(format!(
                "has no `{}` column to name the respondent (--id-column)",
                shown_safely(&self.cols.id_keys[0])
            )));
        }
        let mut unknown = Vec::new();
        let kinds: Vec<Column> = (names.iter().enumerate())
            .map(|(column, name)| {
                if Some(column) == respondent {
                    Column::Respondent
                } else if self.cols.is_id(name) {
                    // A second naming column (`id` beside `respondent`) is not a question.
                    Column::Skipped
                } else if self.q.slot(name).is_some() {
                    Column::Answer
                } else {
                    unknown.push(column);
                    Column::Skipped
                }
            })
            .collect();
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(names.len());
        for (column, name) in names.iter().enumerate() {
            let ignored = kinds[column] == Column::Skipped && self.cols.ignore_unknown;
            let first = seen.insert(name.as_str(), column);
            if let (Some(first), false) = (first, ignored) {
                return Err(self.header_problem(format!(
                    "names `{}` twice (columns {} and {}); give each question one column",
                    shown_safely(name),
                    first + 1,
                    column + 1
                )));
            }
        }
        let mut warnings = Vec::new();
        if !unknown.is_empty() {
            let listed = self.unknown_list(&names, &unknown);
            let count = unknown.len();
            let (what, them) = if count == 1 {
                ("1 column that is not a question".to_string(), "it")
            } else {
                (format!("{count} columns that are not questions"), "them")
            };
            if !self.cols.ignore_unknown {
                return Err(self.header_problem(format!(
                    "has {what}: {listed}; score without {them} with --ignore-unknown-columns, \
                     or name the respondent's column with --id-column"
                )));
            }
            warnings.push(format!("`{}`: ignoring {what}: {listed}", self.origin));
        }
        Ok((Header { names, kinds }, warnings))
    }

    /// `` `Timestamp` (column 1), `buttock_pian` (column 4, did you mean `buttock_pain`?) ``
    fn unknown_list(&self, names: &[String], unknown: &[usize]) -> String {
        const SHOWN: usize = 10;
        let mut parts: Vec<String> = (unknown.iter().take(SHOWN))
            .map(|&column| {
                let name = &names[column];
                match did_you_mean(name, self.q.item_ids()) {
                    Some(hint) => format!(
                        "`{}` (column {}, did you mean `{hint}`?)",
                        shown_safely(name),
                        column + 1
                    ),
                    None => format!("`{}` (column {})", shown_safely(name), column + 1),
                }
            })
            .collect();
        if unknown.len() > SHOWN {
            parts.push(format!("and {} more", unknown.len() - SHOWN));
        }
        parts.join(", ")
    }
}

impl<R: BufRead> Source for Csv<'_, R> {
    fn prepare(&mut self) -> Result<Vec<String>, Error> {
        self.read_header_once()
    }

    fn next_chunk(&mut self, max: usize, chunk: &mut Chunk) -> Result<(), Error> {
        self.read_header_once()?;
        // A row's answers are held in the chunk as values, about as large as its text.
        let mut held = 0;
        while chunk.records.len() < max && held < CHUNK_TEXT {
            self.text.clear();
            let Some(found) = self
                .records
                .next(&mut self.text)
                .map_err(|e| read_error(&self.origin, e))?
            else {
                break;
            };
            held += self.text.len();
            if found.ending == Ending::Whole && self.text.iter().all(|b| matches!(b, b'\r' | b'\n'))
            {
                continue;
            }
            let Some(header) = &self.header else {
                // No header: the input was empty.
                break;
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
                line: found.line,
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
    for ((name, kind), field) in header.names.iter().zip(&header.kinds).zip(row.iter()) {
        if *kind == Column::Skipped {
            continue;
        }
        let Ok(text) = std::str::from_utf8(field) else {
            return Input::Read {
                respondent,
                answers: Err(format!(
                    "the `{}` cell is not valid UTF-8",
                    shown_safely(name)
                )),
            };
        };
        if *kind == Column::Respondent {
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
