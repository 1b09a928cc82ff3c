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

mod sources;

pub use sources::{Csv, JsonLines};

/// Records scored per round; large enough to keep threads busy, small enough to stay flat
/// (about 12 KiB of output each).
const CHUNK: usize = 256;

/// One input record: its number (1-based) and its content.
#[derive(Debug)]
pub struct Record {
    pub number: usize,
    pub input: Input,
}

#[derive(Debug)]
pub enum Input {
    /// A JSON Lines line, parsed by the thread that scores it.
    Json(Vec<u8>),
    /// Answers read already (CSV), with who they are from, or why they could not be read.
    Read {
        respondent: Option<serde_json::Value>,
        answers: Result<RawAnswers, String>,
    },
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
    let writer = CompactWriter::new(q);
    if jobs <= 1 {
        return run_sequential(q, &writer, source, out, progress, chunk_size);
    }
    let mut current = Vec::with_capacity(chunk_size);
    let mut next = Vec::with_capacity(chunk_size);
    source.next_chunk(chunk_size, &mut current)?;
    // Output buffers, one per thread, kept across chunks (fresh ones cost more in page
    // faults than the scoring). Two sets: while threads fill one with chunk N, the calling
    // thread writes chunk N-1 from the other and reads chunk N+1, so the cores stay busy.
    let mut scoring: Vec<Vec<u8>> = vec![Vec::new(); jobs];
    let mut finished: Vec<Vec<u8>> = vec![Vec::new(); jobs];
    while !current.is_empty() {
        next.clear();
        let (errors, written, read) = std::thread::scope(|scope| {
            let handles = spawn_scoring(scope, q, &writer, &current, &mut scoring);
            let written = write_all(out, &finished);
            let read = source.next_chunk(chunk_size, &mut next);
            let errors: usize = handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .sum();
            (errors, written, read)
        });
        written?;
        read?;
        summary.errors += errors;
        summary.records += current.len();
        progress(summary.records);
        std::mem::swap(&mut scoring, &mut finished);
        std::mem::swap(&mut current, &mut next);
    }
    write_all(out, &finished)?;
    Ok(summary)
}

/// `--jobs 1`: one thread reads, scores and writes in turn.
fn run_sequential(
    q: &Questionnaire,
    writer: &CompactWriter,
    source: &mut dyn Source,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize),
    chunk_size: usize,
) -> Result<Summary, Error> {
    let mut summary = Summary::default();
    let mut chunk = Vec::with_capacity(chunk_size);
    let mut buf = Vec::new();
    loop {
        chunk.clear();
        source.next_chunk(chunk_size, &mut chunk)?;
        if chunk.is_empty() {
            return Ok(summary);
        }
        buf.clear();
        summary.errors += score_all(q, writer, &chunk, &mut buf);
        out.write_all(&buf)
            .map_err(|source| Error::Write { source })?;
        summary.records += chunk.len();
        progress(summary.records);
    }
}

fn write_all(out: &mut dyn Write, buffers: &[Vec<u8>]) -> Result<(), Error> {
    for buf in buffers {
        out.write_all(buf)
            .map_err(|source| Error::Write { source })?;
    }
    Ok(())
}

/// Splits the chunk into one part per buffer, in order, and starts a thread on each. Each
/// returns how many of its records could not be scored.
fn spawn_scoring<'scope, 'env>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    q: &'env Questionnaire,
    writer: &'env CompactWriter,
    chunk: &'env [Record],
    buffers: &'env mut [Vec<u8>],
) -> Vec<std::thread::ScopedJoinHandle<'scope, usize>> {
    buffers.iter_mut().for_each(Vec::clear);
    let per_thread = chunk.len().div_ceil(buffers.len()).max(1);
    chunk
        .chunks(per_thread)
        .zip(buffers.iter_mut())
        .map(|(part, buf)| scope.spawn(move || score_all(q, writer, part, buf)))
        .collect()
}

fn score_all(
    q: &Questionnaire,
    writer: &CompactWriter,
    records: &[Record],
    buf: &mut Vec<u8>,
) -> usize {
    let mut errors = 0;
    for record in records {
        if !score_one(q, writer, record, buf) {
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
    buf: &mut Vec<u8>,
) -> bool {
    let general;
    let (respondent, answers) = match &record.input {
        Input::Json(line) => {
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
