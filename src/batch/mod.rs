//! `dgs score`: many answer sets in, one line out for each (JSON, or a CSV row), in input
//! order. Records are read a chunk at a time and scored on several threads, so memory stays
//! flat however long the input is. Reading only splits lines; parsing happens on the scoring threads.

use std::io::Write;

use serde::Serialize;

mod answer_line;
mod bounded;
mod bytes;
mod code_table;
mod csv_rows;
mod fast;
mod key_value;
mod keys;
mod known;
mod pattern;
mod pipeline;
mod plain;
mod plan;
mod predicted;
mod record;
mod scalars;
mod sources;
mod token;
mod value;

use answer_line::LineReader;
pub use csv_rows::Csv;
use keys::Keys;
use pipeline::Spill;
pub use record::{Chunk, Columns, Input, RESPONDENT_KEYS, Record, Source, Summary};
pub use sources::{DecidedBy, JsonLines, looks_like_csv};

use crate::answers;
use crate::error::Error;
use crate::fhir::bundle::FhirWriter;
use crate::questionnaire::Questionnaire;
use crate::report::compact::{self, CompactWriter, Explained};
use crate::report::lean::LeanWriter;
use crate::report::respondent::Respondent;
use crate::report::summary::Tally;
use crate::report::wide::WideWriter;
use crate::scoring::{self, Program, Scored, Sheet, enablement};

/// Records a worker takes at a time: enough that taking turns at the input costs little,
/// few enough that a chunk's output (about 12 KiB a record) stays in the core's cache.
const CHUNK: usize = 64;

/// What is written for each record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `dgs-result/1`, as `assess --format json`.
    Full,
    /// `dgs-lean/2`: ids and numbers.
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
    /// Whether results are counted into the summary's tally: only when a summary is wanted,
    /// as the records and errors are counted either way.
    pub tally: bool,
}

enum Writer {
    Full(Box<CompactWriter>),
    Lean(LeanWriter),
    Wide(WideWriter),
    Fhir(Box<FhirWriter>),
}

/// What one worker keeps from one record to the next, so that reading and scoring a
/// record allocate nothing once its buffers have grown.
struct Worker<'k> {
    reader: LineReader<'k>,
    sheet: Sheet,
    scored: Scored,
    explained: Explained,
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

    /// What a worker scores into: lean and wide lines read no list of fired rules, so
    /// scoring for them fills none.
    fn scored(&self) -> Scored {
        match self {
            Writer::Lean(_) | Writer::Wide(_) => Scored::without_rule_lists(),
            Writer::Full(_) | Writer::Fhir(_) => Scored::default(),
        }
    }

    fn result(
        &self,
        buf: &mut Vec<u8>,
        p: &Program,
        w: &mut Worker,
        respondent: Option<Respondent>,
    ) {
        match self {
            Writer::Full(full) => {
                let record = compact::Record {
                    p,
                    s: &w.scored,
                    sheet: &w.sheet,
                    respondent,
                };
                full.write(buf, &record, &mut w.explained);
            }
            Writer::Lean(lean) => lean.write(buf, p, &w.scored, respondent),
            Writer::Wide(wide) => wide.write(buf, p, &w.scored, respondent),
            // Written from an `Assessment` by `score_one`, which builds one for this form only.
            Writer::Fhir(_) => {}
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
            let error = format!("{at}{}", errors.join("; "));
            w.write_error(buf, respondent.map(Respondent::Json), &error);
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
    let p = Program::for_many(q);
    let keys = Keys::new(&p, &settings.columns);
    let (p, keys, writer) = (&p, &keys, &writer);
    let scorers = || {
        let mut worker = Worker {
            reader: LineReader::new(keys),
            sheet: Sheet::new(p),
            scored: writer.scored(),
            explained: Explained::default(),
        };
        move |chunk: &Chunk, buf: &mut Vec<u8>, tally: &mut Tally, spill: &mut Spill| {
            let cols = &settings.columns;
            let mut errors = 0;
            for record in &chunk.records {
                if !score_one(
                    p,
                    cols,
                    writer,
                    &mut worker,
                    record,
                    &chunk.text,
                    buf,
                    settings.tally.then_some(&mut *tally),
                ) {
                    errors += 1;
                }
                buf.push(b'\n');
                spill.check(buf);
            }
            errors
        }
    };
    pipeline::run(
        settings.jobs.max(1),
        chunk_size,
        source,
        out,
        progress,
        &scorers,
    )
}

/// Writes the record's result, or its error line; returns whether it was scored.
#[allow(clippy::too_many_arguments)]
fn score_one(
    p: &Program,
    cols: &Columns,
    writer: &Writer,
    w: &mut Worker,
    record: &Record,
    text: &[u8],
    buf: &mut Vec<u8>,
    tally: Option<&mut Tally>,
) -> bool {
    let q = p.q;
    let general;
    let (respondent, answers) = match &record.input {
        Input::Json(range) => {
            let line = &text[range.clone()];
            // FHIR output is written from an `Assessment`: it takes the general path below.
            let fast = !matches!(writer, Writer::Fhir(_));
            if let Some(read) = fast.then(|| w.reader.read(line, &mut w.sheet)).flatten() {
                w.scored.score(p, &w.sheet);
                let respondent = match &read.respondent {
                    None => None,
                    Some(answer_line::Respondent::Text(text)) => Some(Respondent::Text(text)),
                    Some(answer_line::Respondent::Json(json)) => Some(Respondent::Json(json)),
                };
                writer.result(buf, p, w, respondent);
                if let Some(tally) = tally {
                    tally.add(q, &w.scored);
                }
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
                w.sheet.clear();
                for (slot, value) in enablement::slots(q, &answers).into_iter().enumerate() {
                    if let Some(value) = value {
                        w.sheet.set_value(p, slot, value);
                    }
                }
                w.scored.score(p, &w.sheet);
                if let Writer::Fhir(fhir) = writer {
                    fhir.write(buf, &scoring::score(q, &answers), respondent);
                } else {
                    writer.result(buf, p, w, respondent.map(Respondent::Json));
                }
                if let Some(tally) = tally {
                    tally.add(q, &w.scored);
                }
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
