//! `dgs score`: many answer sets in, one line out for each (JSON, or a CSV row), in input
//! order. Records are read a chunk at a time and scored on several threads, so memory stays
//! flat however long the input is. Reading only splits lines; parsing happens on the scoring threads.

use std::io::Write;

use serde::Serialize;

mod answer_line;
mod bounded;
mod csv_rows;
mod pipeline;
mod record;
mod sources;

use answer_line::AnswerLine;
pub use csv_rows::Csv;
pub use record::{Chunk, Columns, Input, RESPONDENT_KEYS, Record, Source, Summary};
pub use sources::{DecidedBy, JsonLines, looks_like_csv};

use crate::answers;
use crate::error::Error;
use crate::fhir::bundle::FhirWriter;
use crate::questionnaire::{Questionnaire, Value};
use crate::report::compact::CompactWriter;
use crate::report::lean::LeanWriter;
use crate::report::summary::Tally;
use crate::report::wide::WideWriter;
use crate::scoring;
use crate::scoring::assessment::Assessment;

/// Records a worker takes at a time: enough that taking turns at the input costs little,
/// few enough that a chunk's output (about 12 KiB a record) stays in the core's cache.
const CHUNK: usize = 64;

/// What is written for each record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `dgs-result/1`, as `assess --format json`.
    Full,
    /// `dgs-lean/1`: ids and numbers.
    Lean,
    /// CSV, one row per record.
    Wide,
    /// A FHIR Bundle per line (`crate::fhir::bundle`).
    Fhir,
}

/// How a run reads and writes.
#[derive(Debug, Clone)]
pub struct Settings {
    pub jobs: usize,
    pub form: Form,
    pub columns: Columns,
}

enum Writer {
    Full(Box<CompactWriter>),
    Lean(LeanWriter),
    Wide(WideWriter),
    Fhir(Box<FhirWriter>),
}

impl Writer {
    fn new(q: &Questionnaire, form: Form) -> Writer {
        match form {
            Form::Full => Writer::Full(Box::new(CompactWriter::new(q))),
            Form::Lean => Writer::Lean(LeanWriter::new(q)),
            Form::Wide => Writer::Wide(WideWriter::new(q)),
            Form::Fhir => Writer::Fhir(Box::new(FhirWriter::new(q))),
        }
    }

    fn result(&self, buf: &mut Vec<u8>, a: &Assessment, respondent: Option<&serde_json::Value>) {
        match self {
            Writer::Full(w) => w.write(buf, a, respondent),
            Writer::Lean(w) => w.write(buf, a, respondent),
            Writer::Wide(w) => w.write(buf, a, respondent),
            Writer::Fhir(w) => w.write(buf, a, respondent),
        }
    }

    fn error(
        &self,
        buf: &mut Vec<u8>,
        record: &Record,
        respondent: Option<&serde_json::Value>,
        errors: Vec<String>,
    ) {
        if let Writer::Wide(w) = self {
            // The row has one `error` cell: the line goes in front once, not in each message.
            let at = format!("line {}: ", record.line);
            let errors: Vec<&str> = (errors.iter())
                .map(|e| e.strip_prefix(&at).unwrap_or(e))
                .collect();
            w.write_error(buf, respondent, &format!("{at}{}", errors.join("; ")));
            return;
        }
        if let Writer::Fhir(w) = self {
            w.write_error(buf, (record.number, record.line), respondent, &errors);
            return;
        }
        let line = ErrorLine {
            schema: "dgs-error/1",
            record: record.number,
            line: record.line,
            respondent,
            errors,
        };
        // Writing plain data to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *buf, &line);
    }
}

/// The `dgs-error/1` line written for a record that could not be scored.
#[derive(Serialize)]
struct ErrorLine<'a> {
    schema: &'static str,
    record: usize,
    /// The input line the record starts on.
    line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    respondent: Option<&'a serde_json::Value>,
    errors: Vec<String>,
}

/// Scores every record from `source` and writes one line each to `out`, in order, on
/// `settings.jobs` threads (after a header row, for CSV). `progress` is told the running
/// count as results are written.
pub fn run(
    q: &Questionnaire,
    source: &mut (dyn Source + Send),
    settings: &Settings,
    out: &mut (dyn Write + Send),
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<Summary, Error> {
    run_chunked(q, source, settings, out, progress, CHUNK)
}

fn run_chunked(
    q: &Questionnaire,
    source: &mut (dyn Source + Send),
    settings: &Settings,
    out: &mut (dyn Write + Send),
    progress: &mut (dyn FnMut(usize) + Send),
    chunk_size: usize,
) -> Result<Summary, Error> {
    let writer = Writer::new(q, settings.form);
    if let Writer::Wide(w) = &writer {
        // A header problem ends the run before the CSV header is written.
        source.prepare()?;
        out.write_all(w.header())
            .map_err(|source| Error::Write { source })?;
    }
    let cols = &settings.columns;
    let score = |chunk: &Chunk, buf: &mut Vec<u8>, tally: &mut Tally| {
        score_all(q, cols, &writer, chunk, buf, tally)
    };
    pipeline::run(
        settings.jobs.max(1),
        chunk_size,
        source,
        out,
        progress,
        &score,
    )
}

/// Scores a chunk into `buf`, a line per record; returns how many could not be scored.
fn score_all(
    q: &Questionnaire,
    cols: &Columns,
    writer: &Writer,
    chunk: &Chunk,
    buf: &mut Vec<u8>,
    tally: &mut Tally,
) -> usize {
    let mut errors = 0;
    for record in &chunk.records {
        if !score_one(q, cols, writer, record, &chunk.text, buf, tally) {
            errors += 1;
        }
        buf.push(b'\n');
    }
    errors
}

/// Writes the record's result, or its error line; returns whether it was scored.
fn score_one(
    q: &Questionnaire,
    cols: &Columns,
    writer: &Writer,
    record: &Record,
    text: &[u8],
    buf: &mut Vec<u8>,
    tally: &mut Tally,
) -> bool {
    let general;
    let (respondent, answers) = match &record.input {
        Input::Json(range) => {
            let line = &text[range.clone()];
            if let Some(fast) = AnswerLine::parse(q, cols, line) {
                let slots: Vec<Option<&Value>> = fast.slots.iter().map(Option::as_ref).collect();
                let a = scoring::score_slots(q, &slots);
                writer.result(buf, &a, fast.respondent.as_ref());
                tally.add(q, &a);
                return true;
            }
            general = sources::json_record(q, cols, line);
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
                let a = scoring::score(q, &answers);
                writer.result(buf, &a, respondent);
                tally.add(q, &a);
                return true;
            }
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        },
    };
    writer.error(buf, record, respondent, problems);
    false
}

#[cfg(test)]
mod tests;
