//! `dgs score`: many answer sets in, one JSON line out for each, in input order. Records are
//! read a chunk at a time and scored on several threads, so memory stays flat however long
//! the input is. Reading only splits lines; parsing happens on the scoring threads.

use std::io::Write;

use serde::Serialize;

mod answer_line;
mod bounded;
mod pipeline;
mod record;
mod sources;

use answer_line::AnswerLine;
pub use record::{Chunk, Input, Record, Source, Summary};
pub use sources::{Csv, JsonLines};

use crate::answers;
use crate::error::Error;
use crate::questionnaire::{Questionnaire, Value};
use crate::report::compact::CompactWriter;
use crate::scoring;

/// Records a worker takes at a time: enough that taking turns at the input costs little,
/// few enough that a chunk's output (about 12 KiB a record) stays in the core's cache.
const CHUNK: usize = 64;

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
        Ok(raw) => match answers::check(raw, q) {
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
