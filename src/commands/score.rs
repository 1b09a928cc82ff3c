//! `dgs score`: many answer sets in, one result out for each, in input order.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::Path;
use std::time::Instant;

use crate::batch::{self, Columns, Csv, DecidedBy, Form, JsonLines, Settings, Source};
use crate::cli::{InputFormat, ScoreArgs, ScoreOutput, SummaryFormat};
use crate::commands::Output;
use crate::commands::stop::{StopFlag, Stoppable};
use crate::error::Error;
use crate::questionnaire;
use crate::report::summary::{self, RunFacts};

/// Scores the input into `out`. `progress` is told the running count; `warn` is given any
/// warning about the input as a whole (columns ignored) before the first record. The count
/// and the summary are notes.
pub fn run(
    args: &ScoreArgs,
    out: &mut (dyn Write + Send),
    progress: &mut (dyn FnMut(usize) + Send),
    warn: &mut dyn FnMut(&str),
) -> Result<Output, Error> {
    let q = questionnaire::load(args.questionnaire.as_deref())?;
    let path = args.input.as_deref().filter(|p| *p != Path::new("-"));
    let origin = path.map_or_else(|| "standard input".to_string(), |p| p.display().to_string());
    // Unlocked handles: the workers that read take turns on their own threads.
    let mut reader: Box<dyn BufRead + Send> = match path {
        None => Box::new(BufReader::with_capacity(1 << 16, io::stdin())),
        Some(p) => {
            let file = File::open(p).map_err(|source| Error::Read {
                path: origin.clone(),
                source,
            })?;
            Box::new(BufReader::with_capacity(1 << 16, file))
        }
    };
    let (format, decided_by) = input_format(args, path, reader.as_mut(), &origin)?;
    let columns = Columns::with_id(args.id_column.as_deref(), args.ignore_unknown_columns);
    let mut source: Box<dyn Source + Send + '_> = match format {
        InputFormat::Jsonl => Box::new(JsonLines::new(reader, &origin)),
        InputFormat::Csv => Box::new(Csv::new(reader, &origin, &q, columns.clone())),
    };
    // A header problem ends the run here, before any record; what was ignored is said once.
    for warning in source.prepare()? {
        warn(&warning);
    }
    let settings = Settings {
        jobs: args.jobs.map_or_else(
            || std::thread::available_parallelism().map_or(1, usize::from),
            usize::from,
        ),
        form: match args.output {
            ScoreOutput::Full => Form::Full,
            ScoreOutput::Lean => Form::Lean,
            ScoreOutput::Wide => Form::Wide,
            ScoreOutput::Fhir => Form::Fhir,
        },
        columns,
        tally: args.summary || args.summary_file.is_some(),
    };

    let started = Instant::now();
    let stop = StopFlag::listen();
    let mut stoppable = Stoppable {
        source: source.as_mut(),
        flag: stop.clone(),
    };
    let outcome = batch::run(&q, &mut stoppable, &settings, out, progress).and_then(|summary| {
        out.flush()
            .map(|()| summary)
            .map_err(|source| Error::Write { source })
    });
    let summary = match outcome {
        // `dgs score … | head`: the reader has all it wanted.
        Err(Error::Write { source }) if source.kind() == io::ErrorKind::BrokenPipe => {
            return Ok(Output::default());
        }
        other => other?,
    };
    let seconds = started.elapsed().as_secs_f64();
    let mut output = Output::note(format!(
        "scored {} record{} ({} with errors) in {seconds:.2} s",
        summary.records,
        if summary.records == 1 { "" } else { "s" },
        summary.errors
    ));
    if args.summary || args.summary_file.is_some() {
        let facts = RunFacts {
            records: summary.records,
            errors: summary.errors,
            input_format: match format {
                InputFormat::Jsonl => "jsonl",
                InputFormat::Csv => "csv",
            },
            decided_by: decided_by.name(),
            seconds,
        };
        let text = match args.summary_format {
            SummaryFormat::Text => summary::render_text(&q, &summary.tally, &facts),
            SummaryFormat::Json => summary::render_json(&q, &summary.tally, &facts),
        };
        match &args.summary_file {
            Some(file) => {
                if let Err(e) = std::fs::write(file, text) {
                    let source = io::Error::new(e.kind(), format!("`{}`: {e}", file.display()));
                    output.failed = Some(Error::Write { source });
                }
            }
            None => output.notes.extend(text.lines().map(String::from)),
        }
    }
    if output.failed.is_none() {
        output.failed = stop.error(summary.records);
    }
    if output.failed.is_none() && summary.errors > 0 {
        output.failed = Some(Error::BadRecords {
            bad: summary.errors,
            total: summary.records,
        });
    }
    Ok(output)
}

/// The input's format, and what decided it: `--input-format`, the file's extension, or
/// else the content (a CSV named `.txt` was read as JSON Lines, every row an error).
fn input_format(
    args: &ScoreArgs,
    path: Option<&Path>,
    reader: &mut dyn BufRead,
    origin: &str,
) -> Result<(InputFormat, DecidedBy), Error> {
    if let Some(format) = args.input_format {
        return Ok((format, DecidedBy::Given));
    }
    let extension = path
        .and_then(Path::extension)
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match extension.as_deref() {
        Some("csv") => return Ok((InputFormat::Csv, DecidedBy::Extension)),
        Some("jsonl" | "ndjson" | "json") => {
            return Ok((InputFormat::Jsonl, DecidedBy::Extension));
        }
        _ => {}
    }
    // The first buffer of the input, without taking it: both readers start from the top.
    let start = loop {
        match reader.fill_buf() {
            Ok(bytes) => break bytes,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(source) => {
                return Err(Error::Read {
                    path: origin.to_string(),
                    source,
                });
            }
        }
    };
    let format = if batch::looks_like_csv(start) {
        InputFormat::Csv
    } else {
        InputFormat::Jsonl
    };
    Ok((format, DecidedBy::Content))
}
