//! `dgs score`: many answer sets in, one JSON result line out for each, in input order.

use std::fs::File;
use std::io::{self, BufReader, Write};
use std::path::Path;
use std::time::Instant;

use crate::batch::{self, Csv, JsonLines, Source};
use crate::cli::{InputFormat, ScoreArgs};
use crate::commands::Output;
use crate::commands::stop::{StopFlag, Stoppable};
use crate::error::Error;
use crate::questionnaire;

/// Scores the input into `out`; `progress` is told the running count. The summary is a note.
pub fn run(
    args: &ScoreArgs,
    out: &mut (dyn Write + Send),
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<Output, Error> {
    let q = questionnaire::load(args.questionnaire.as_deref())?;
    let path = args.input.as_deref().filter(|p| *p != Path::new("-"));
    let origin = path.map_or_else(|| "standard input".to_string(), |p| p.display().to_string());
    // Unlocked handles: the workers that read take turns on their own threads.
    let reader: Box<dyn io::BufRead + Send> = match path {
        None => Box::new(BufReader::with_capacity(1 << 16, io::stdin())),
        Some(p) => {
            let file = File::open(p).map_err(|source| Error::Read {
                path: origin.clone(),
                source,
            })?;
            Box::new(BufReader::with_capacity(1 << 16, file))
        }
    };
    let csv = path
        .and_then(Path::extension)
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let format = args.input_format.unwrap_or(if csv {
        InputFormat::Csv
    } else {
        InputFormat::Jsonl
    });
    let mut source: Box<dyn Source + Send> = match format {
        InputFormat::Jsonl => Box::new(JsonLines::new(reader, &origin)),
        InputFormat::Csv => Box::new(Csv::new(reader, &origin)),
    };
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );

    let started = Instant::now();
    let stop = StopFlag::listen();
    let mut stoppable = Stoppable {
        source: source.as_mut(),
        flag: stop.clone(),
    };
    let outcome = batch::run(&q, &mut stoppable, jobs, out, progress).and_then(|summary| {
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
    output.failed = stop.error(summary.records);
    if output.failed.is_none() && summary.errors > 0 {
        output.failed = Some(Error::BadRecords {
            bad: summary.errors,
            total: summary.records,
        });
    }
    Ok(output)
}
