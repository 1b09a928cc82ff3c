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
const CHUNK: usize = 1024;

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
    let mut chunk = Vec::with_capacity(chunk_size);
    // One output buffer per thread, kept across chunks: fresh buffers for every chunk cost
    // more in page faults than the scoring itself.
    let mut buffers: Vec<Vec<u8>> = vec![Vec::new(); jobs.max(1)];
    loop {
        chunk.clear();
        source.next_chunk(chunk_size, &mut chunk)?;
        if chunk.is_empty() {
            return Ok(summary);
        }
        summary.errors += score_parallel(q, &writer, &chunk, &mut buffers);
        for buf in &buffers {
            out.write_all(buf)
                .map_err(|source| Error::Write { source })?;
        }
        summary.records += chunk.len();
        progress(summary.records);
    }
}

/// Splits the chunk into one part per buffer, in order, and scores the parts at once: the
/// calling thread takes the first part. Returns how many records could not be scored.
fn score_parallel(
    q: &Questionnaire,
    writer: &CompactWriter,
    chunk: &[Record],
    buffers: &mut [Vec<u8>],
) -> usize {
    buffers.iter_mut().for_each(Vec::clear);
    if buffers.len() == 1 || chunk.len() < 2 * buffers.len() {
        return score_all(q, writer, chunk, &mut buffers[0]);
    }
    let per_thread = chunk.len().div_ceil(buffers.len());
    let mut parts = chunk.chunks(per_thread).zip(buffers.iter_mut());
    let Some((first, first_buf)) = parts.next() else {
        return 0;
    };
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .map(|(part, buf)| scope.spawn(move || score_all(q, writer, part, buf)))
            .collect();
        let mine = score_all(q, writer, first, first_buf);
        mine + handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .sum::<usize>()
    })
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
