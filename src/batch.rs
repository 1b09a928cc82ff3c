//! `dgs score`: many answer sets in, one JSON line out for each, in input order. Records are
//! read a chunk at a time and scored on several threads, so memory stays flat however long
//! the input is. Reading only splits lines; parsing happens on the scoring threads.

use std::io::Write;

use serde::Serialize;

use crate::answer_line::AnswerLine;
use crate::answers::Value;
use crate::error::Error;
use crate::questionnaire::Questionnaire;
use crate::raw_answers::RawAnswers;
use crate::report::compact::CompactWriter;
use crate::scoring;

mod pipeline;
mod sources;

pub use sources::{Csv, JsonLines};

/// Records a worker takes at a time: enough that taking turns at the input costs little,
/// few enough that a chunk's output (about 12 KiB a record) stays in the core's cache.
const CHUNK: usize = 64;

/// Keys of a record (JSON Lines field or CSV column) that name the respondent instead of
/// answering a question.
pub(crate) const RESPONDENT_KEYS: [&str; 2] = ["respondent", "id"];

/// One input record: its number (1-based) and its content.
#[derive(Debug)]
pub struct Record {
    pub number: usize,
    pub input: Input,
}

#[derive(Debug)]
pub enum Input {
    /// A JSON Lines line, as a range of its chunk's text; parsed by the worker that scores it.
    Json(std::ops::Range<usize>),
    /// Answers read already (CSV), with who they are from, or why they could not be read.
    Read {
        respondent: Option<serde_json::Value>,
        answers: Result<RawAnswers, String>,
    },
}

/// Records read together and scored by one worker. A worker keeps its chunk from one round
/// to the next, so reading a record allocates nothing once the buffers have grown.
#[derive(Debug, Default)]
pub struct Chunk {
    /// The text the records' `Input::Json` ranges point into.
    pub text: Vec<u8>,
    pub records: Vec<Record>,
}

impl Chunk {
    fn clear(&mut self) {
        self.text.clear();
        self.records.clear();
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub records: usize,
    pub errors: usize,
}

/// Where records come from.
pub trait Source {
    /// Appends up to `max` records to `chunk`; appends none at the end of the input.
    fn next_chunk(&mut self, max: usize, chunk: &mut Chunk) -> Result<(), Error>;
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

/// Scores every record from `source` and writes one line each to `out`, in order, on `jobs`
/// threads. `progress` is told the running count as results are written.
pub fn run(
    q: &Questionnaire,
    source: &mut (dyn Source + Send),
    jobs: usize,
    out: &mut (dyn Write + Send),
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<Summary, Error> {
    run_chunked(q, source, jobs, out, progress, CHUNK)
}

fn run_chunked(
    q: &Questionnaire,
    source: &mut (dyn Source + Send),
    jobs: usize,
    out: &mut (dyn Write + Send),
    progress: &mut (dyn FnMut(usize) + Send),
    chunk_size: usize,
) -> Result<Summary, Error> {
    let writer = CompactWriter::new(q);
    let score = |chunk: &Chunk, buf: &mut Vec<u8>| score_all(q, &writer, chunk, buf);
    pipeline::run(jobs.max(1), chunk_size, source, out, progress, &score)
}

/// Scores a chunk into `buf`, a line per record; returns how many could not be scored.
fn score_all(q: &Questionnaire, writer: &CompactWriter, chunk: &Chunk, buf: &mut Vec<u8>) -> usize {
    let mut errors = 0;
    for record in &chunk.records {
        if !score_one(q, writer, record, &chunk.text, buf) {
            errors += 1;
        }
        buf.push(b'\n');
    }
    errors
}

/// Writes the record's result, or its error line; returns whether it was scored.
fn score_one(
    q: &Questionnaire,
    writer: &CompactWriter,
    record: &Record,
    text: &[u8],
    buf: &mut Vec<u8>,
) -> bool {
    let general;
    let (respondent, answers) = match &record.input {
        Input::Json(range) => {
            let line = &text[range.clone()];
            if let Some(fast) = AnswerLine::parse(q, line) {
                let slots: Vec<Option<&Value>> = fast.slots.iter().map(Option::as_ref).collect();
                writer.write(
                    buf,
                    &scoring::score_slots(q, &slots),
                    fast.respondent.as_ref(),
                );
                return true;
            }
            general = sources::json_record(line);
            (general.0.as_ref(), &general.1)
        }
        Input::Read {
            respondent,
            answers,
        } => (respondent.as_ref(), answers),
    };
    let problems = match answers {
        Err(message) => vec![message.clone()],
        Ok(raw) => match raw.check(q) {
            Ok(answers) => {
                writer.write(buf, &scoring::score(q, &answers), respondent);
                return true;
            }
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        },
    };
    let line = ErrorLine {
        schema: "dgs-error/1",
        record: record.number,
        respondent,
        errors: problems,
    };
    // Writing plain data to a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *buf, &line);
    false
}

#[cfg(test)]
mod tests;
