//! The least a reader of a JSON Lines file does: split it into lines and parse each one with
//! a general JSON parser, keeping nothing. `dgs score` does this and more (scoring, writing),
//! so this is a floor to compare it with, in the same run, on the same machine.
//!
//! usage: json-floor lines|serde|sonic FILE THREADS
//!   lines  only split the file into lines
//!   serde  parse each line with serde_json, skipping every value (`IgnoredAny`)
//!   sonic  the same with sonic-rs, a SIMD parser (build with `-C target-cpu=native`)
//!
//! Each thread reads its own part of the file, from the first line that starts in it.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::process::ExitCode;

use serde::de::IgnoredAny;

#[derive(Clone, Copy)]
enum Mode {
    Lines,
    Serde,
    Sonic,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match args.first().map(String::as_str) {
        Some("lines") => Mode::Lines,
        Some("serde") => Mode::Serde,
        Some("sonic") => Mode::Sonic,
        _ => return usage(),
    };
    let (Some(path), Some(Ok(threads))) = (args.get(1), args.get(2).map(|t| t.parse::<u64>()))
    else {
        return usage();
    };
    match run(mode, path, threads.max(1)) {
        Ok(lines) => {
            eprintln!("{lines} lines");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("json-floor: {path}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: json-floor lines|serde|sonic FILE THREADS");
    ExitCode::from(2)
}

fn run(mode: Mode, path: &str, threads: u64) -> io::Result<usize> {
    let len = std::fs::metadata(path)?.len();
    std::thread::scope(|scope| {
        let parts: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || part(mode, path, len * t / threads, len * (t + 1) / threads))
            })
            .collect();
        let mut lines = 0;
        for part in parts {
            lines += part
                .join()
                .map_err(|_| io::Error::other("a thread panicked"))??;
        }
        Ok(lines)
    })
}

/// Parses the lines that start in `start..end` (the first only if it starts at `start`).
fn part(mode: Mode, path: &str, start: u64, end: u64) -> io::Result<usize> {
    let mut file = File::open(path)?;
    // Starting one byte early tells whether `start` is a line's first byte.
    let from = start.saturating_sub(1);
    file.seek(SeekFrom::Start(from))?;
    let mut buf = vec![0u8; 1 << 20];
    let (mut have, mut offset, mut lines) = (0, from, 0);
    let mut skip_first = start > 0;
    loop {
        if have == buf.len() {
            buf.resize(buf.len() * 2, 0);
        }
        let read = file.read(&mut buf[have..])?;
        have += read;
        let mut at = 0;
        while let Some(i) = memchr::memchr(b'\n', &buf[at..have]) {
            let line_start = offset + at as u64;
            let line = &buf[at..at + i];
            at += i + 1;
            if skip_first {
                skip_first = false;
                continue;
            }
            if line_start >= end {
                return Ok(lines);
            }
            parse(mode, line)?;
            lines += 1;
        }
        if read == 0 {
            if at < have && offset + (at as u64) < end {
                parse(mode, &buf[at..have])?;
                lines += 1;
            }
            return Ok(lines);
        }
        buf.copy_within(at..have, 0);
        offset += at as u64;
        have -= at;
    }
}

fn parse(mode: Mode, line: &[u8]) -> io::Result<()> {
    let parsed = match mode {
        Mode::Lines => Ok(()),
        Mode::Serde => serde_json::from_slice::<IgnoredAny>(line)
            .map(drop)
            .map_err(io::Error::other),
        Mode::Sonic => sonic_rs::from_slice::<IgnoredAny>(line)
            .map(drop)
            .map_err(io::Error::other),
    };
    parsed.map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}
