//! The ordered worker pool behind `dgs score`. Each worker takes its turn at the input for a
//! chunk of records, scores it, and hands the result in; results are written strictly in the
//! order their chunks were read, by whichever worker completes the run of them.
//!
//! No thread only reads or only writes, so `jobs` workers keep `jobs` cores busy, and a
//! worker that finishes before a slower one goes on to the next chunk instead of waiting.
//! At most [`WAITING_PER_JOB`] finished chunks per worker wait to be written, and a chunk
//! whose output passes [`SPILL_BYTES`] is written as it goes, in its turn (see [`Spill`]):
//! that bounds memory however far one worker falls behind and however large the results.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use super::record::{Chunk, Source, Summary};
use crate::error::Error;
use crate::report::summary::Tally;

const WAITING_PER_JOB: usize = 2;

/// Output a chunk holds before its worker writes it early. A chunk of 64 heavy full results
/// of the default questionnaire (~19 KB each) is ~1.2 MB and stays under it; results
/// of a megabyte each (a questionnaire of thousands of rules, or a respondent id of a
/// megabyte), 64 to a chunk, took hundreds of megabytes while they waited their turn.
pub const SPILL_BYTES: usize = 2 << 20;

/// Makes one worker's scorer, which keeps what it has learned and allocated from one chunk
/// to the next. A scorer scores a chunk into a buffer and counts its results into a tally,
/// handing the buffer to [`Spill::check`] after each record; it returns how many of the
/// chunk's records could not be scored.
pub trait Scorers: Sync {
    fn scorer(&self) -> impl FnMut(&Chunk, &mut Vec<u8>, &mut Tally, &mut Spill) -> usize;
}

impl<F, S> Scorers for F
where
    F: Fn() -> S + Sync,
    S: FnMut(&Chunk, &mut Vec<u8>, &mut Tally, &mut Spill) -> usize,
{
    fn scorer(&self) -> impl FnMut(&Chunk, &mut Vec<u8>, &mut Tally, &mut Spill) -> usize {
        self()
    }
}

/// Where a scorer writes a large chunk's output before the chunk ends.
pub struct Spill<'s, 'a> {
    shared: &'s Shared<'a>,
    /// The chunk being scored.
    sequence: usize,
}

impl Spill<'_, '_> {
    /// Writes and empties `buf` once it holds [`SPILL_BYTES`], when every chunk before this
    /// one has been written. Chunks after it wait, so the output keeps its order; the tally
    /// is counted in at the chunk's end as usual, so the summary does not depend on where
    /// output was spilt.
    pub fn check(&mut self, buf: &mut Vec<u8>) {
        if buf.len() < SPILL_BYTES {
            return;
        }
        let shared = self.shared;
        let mut writing = lock(&shared.writing);
        // Each chunk before this one is being scored by a worker that does not wait for
        // room mid-chunk, so the earliest of them always gets on, and this turn comes.
        while writing.next != self.sequence && !writing.stopped() {
            writing = (shared.written.wait(writing)).unwrap_or_else(PoisonError::into_inner);
        }
        if !writing.stopped()
            && let Err(source) = writing.out.write_all(buf)
        {
            writing.error = Some(Error::Write { source });
            drop(writing);
            shared.written.notify_all();
        }
        // Output that cannot be written (the run stopped) is dropped: the error is reported.
        buf.clear();
    }
}

struct Reading<'a> {
    source: &'a mut (dyn Source + Send),
    /// Sequence number of the next chunk read.
    next: usize,
    /// The input ended, or could not be read.
    done: bool,
    error: Option<Error>,
}

/// A chunk's output, waiting for its turn to be written.
struct Scored {
    buf: Vec<u8>,
    records: usize,
    errors: usize,
    tally: Tally,
}

struct Writing<'a> {
    out: &'a mut (dyn Write + Send),
    progress: &'a mut (dyn FnMut(usize) + Send),
    /// Sequence number of the next chunk to write.
    next: usize,
    waiting: BTreeMap<usize, Scored>,
    /// Written buffers, kept for reuse: fresh ones cost more in page faults than scoring.
    spare: Vec<Vec<u8>>,
    summary: Summary,
    error: Option<Error>,
    /// A worker panicked; the others stop rather than wait for its chunk forever.
    abandoned: bool,
}

impl Writing<'_> {
    fn stopped(&self) -> bool {
        self.error.is_some() || self.abandoned
    }

    /// Writes every chunk whose turn has come.
    fn write_ready(&mut self) {
        while let Some(scored) = self.waiting.remove(&self.next) {
            self.next += 1;
            if self.error.is_none() {
                match self.out.write_all(&scored.buf) {
                    Ok(()) => {
                        self.summary.records += scored.records;
                        self.summary.errors += scored.errors;
                        self.summary.tally.merge(&scored.tally);
                        (self.progress)(self.summary.records);
                    }
                    Err(source) => self.error = Some(Error::Write { source }),
                }
            }
            self.spare.push(scored.buf);
        }
    }
}

struct Shared<'a> {
    reading: Mutex<Reading<'a>>,
    writing: Mutex<Writing<'a>>,
    /// Signalled whenever chunks are written or the run stops.
    written: Condvar,
    chunk_size: usize,
    window: usize,
}

/// A lock that still opens after a worker panicked holding it: the data it guards is only
/// counters and buffers, and the panic itself is passed on when the workers are joined.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

pub fn run(
    jobs: usize,
    chunk_size: usize,
    source: &mut (dyn Source + Send),
    out: &mut (dyn Write + Send),
    progress: &mut (dyn FnMut(usize) + Send),
    scorers: &impl Scorers,
) -> Result<Summary, Error> {
    let shared = Shared {
        reading: Mutex::new(Reading {
            source,
            next: 0,
            done: false,
            error: None,
        }),
        writing: Mutex::new(Writing {
            out,
            progress,
            next: 0,
            waiting: BTreeMap::new(),
            spare: Vec::new(),
            summary: Summary::default(),
            error: None,
            abandoned: false,
        }),
        written: Condvar::new(),
        chunk_size,
        window: jobs * WAITING_PER_JOB,
    };
    // The calling thread is one of the workers, so `--jobs 1` starts no thread at all. A
    // thread that cannot be started (a process limit) only means fewer workers.
    std::thread::scope(|scope| {
        for _ in 1..jobs {
            let started = std::thread::Builder::new()
                .name("dgs-score".into())
                .spawn_scoped(scope, || work(&shared, scorers));
            if started.is_err() {
                break;
            }
        }
        work(&shared, scorers);
    });
    let reading = shared
        .reading
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    let writing = shared
        .writing
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    match (writing.error, reading.error) {
        (Some(e), _) | (None, Some(e)) => Err(e),
        (None, None) => Ok(writing.summary),
    }
}

/// Marks the run abandoned if its worker unwinds, so no other worker waits for it.
struct Abandon<'s, 'a>(&'s Shared<'a>);

impl Drop for Abandon<'_, '_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            lock(&self.0.writing).abandoned = true;
            lock(&self.0.reading).done = true;
            self.0.written.notify_all();
        }
    }
}

fn work(shared: &Shared, scorers: &impl Scorers) {
    let _abandon = Abandon(shared);
    let mut score = scorers.scorer();
    let mut chunk = Chunk::default();
    loop {
        let mut buf = {
            let mut writing = lock(&shared.writing);
            while writing.waiting.len() >= shared.window && !writing.stopped() {
                writing = shared
                    .written
                    .wait(writing)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            if writing.stopped() {
                return;
            }
            writing.spare.pop().unwrap_or_default()
        };
        let sequence = {
            let mut reading = lock(&shared.reading);
            if reading.done {
                return;
            }
            chunk.clear();
            if let Err(e) = reading.source.next_chunk(shared.chunk_size, &mut chunk) {
                reading.error = Some(e);
                reading.done = true;
            }
            if chunk.records.is_empty() {
                reading.done = true;
                return;
            }
            reading.next += 1;
            reading.next - 1
        };
        buf.clear();
        let mut tally = Tally::default();
        let mut spill = Spill { shared, sequence };
        let errors = score(&chunk, &mut buf, &mut tally, &mut spill);
        let mut writing = lock(&shared.writing);
        writing.waiting.insert(
            sequence,
            Scored {
                buf,
                records: chunk.records.len(),
                errors,
                tally,
            },
        );
        writing.write_ready();
        drop(writing);
        shared.written.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use std::io;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;
    use crate::batch::record::{Input, Record};

    /// `total` records numbered from 1, failing to read after `fail_after` if given.
    struct Numbers {
        total: usize,
        given: usize,
        fail_after: Option<usize>,
    }

    impl Source for Numbers {
        fn next_chunk(&mut self, max: usize, chunk: &mut Chunk) -> Result<(), Error> {
            while chunk.records.len() < max && self.given < self.total {
                if self.fail_after == Some(self.given) {
                    return Err(Error::Read {
                        path: "numbers".into(),
                        source: io::Error::other("gone"),
                    });
                }
                self.given += 1;
                chunk.records.push(Record {
                    number: self.given,
                    line: self.given,
                    input: Input::Json(0..0),
                });
            }
            Ok(())
        }
    }

    fn numbers(total: usize) -> Numbers {
        Numbers {
            total,
            given: 0,
            fail_after: None,
        }
    }

    /// Writes each record's number on a line; chunks take uneven times, so workers finish
    /// out of order.
    fn uneven(chunk: &Chunk, buf: &mut Vec<u8>, _: &mut Tally, _: &mut Spill) -> usize {
        let first = chunk.records[0].number;
        std::thread::sleep(Duration::from_micros((first * 7919 % 13) as u64 * 50));
        for r in &chunk.records {
            buf.extend_from_slice(format!("{}\n", r.number).as_bytes());
        }
        chunk.records.iter().filter(|r| r.number % 10 == 0).count()
    }

    fn expected(n: usize) -> String {
        (1..=n).map(|i| i.to_string() + "\n").collect()
    }

    /// Runs `f` on a thread and fails the test if it has not finished in a minute: a broken
    /// pipeline hangs rather than fails.
    fn within_a_minute<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(f());
        });
        rx.recv_timeout(Duration::from_secs(60))
            .expect("the pipeline hung")
    }

    #[test]
    fn output_keeps_input_order_whatever_the_jobs_and_timing() {
        for jobs in [1, 2, 3, 8] {
            for chunk_size in [1, 3, 64] {
                let mut out = Vec::new();
                let summary = run(
                    jobs,
                    chunk_size,
                    &mut numbers(500),
                    &mut out,
                    &mut |_| {},
                    &|| uneven,
                )
                .unwrap();
                assert_eq!(String::from_utf8(out).unwrap(), expected(500));
                assert_eq!((summary.records, summary.errors), (500, 50));
            }
        }
    }

    /// A tenth of the spill size a record, so a chunk of 64 would hold six times it.
    const LINE: usize = SPILL_BYTES / 10;

    /// The longest buffer [`big`] has seen.
    static LONGEST: AtomicUsize = AtomicUsize::new(0);

    /// Writes each record's number over a line of [`LINE`] bytes, spilling as it goes.
    fn big(chunk: &Chunk, buf: &mut Vec<u8>, t: &mut Tally, spill: &mut Spill) -> usize {
        for r in &chunk.records {
            buf.extend(r.number.to_string().bytes().cycle().take(LINE));
            buf.push(b'\n');
            LONGEST.fetch_max(buf.len(), Ordering::SeqCst);
            spill.check(buf);
        }
        // The same uneven timing and error count, with no output of its own.
        uneven(chunk, &mut Vec::new(), t, spill)
    }

    #[test]
    fn large_output_is_written_in_its_turn_without_piling_up() {
        for jobs in [1, 2, 3] {
            let (summary, out) = within_a_minute(move || {
                let mut out = Vec::new();
                let summary = run(jobs, 64, &mut numbers(300), &mut out, &mut |_| {}, &|| big);
                (summary.unwrap(), out)
            });
            assert_eq!((summary.records, summary.errors), (300, 30));
            let lines: Vec<&[u8]> = out.split(|&b| b == b'\n').collect();
            assert_eq!(lines.len(), 301, "jobs {jobs}");
            for (n, l) in (1..=300).zip(&lines) {
                let number = n.to_string();
                assert!(
                    l.len() == LINE && l.starts_with(number.as_bytes()),
                    "line {n}"
                );
            }
        }
        let most = LONGEST.load(Ordering::SeqCst);
        assert!(most <= SPILL_BYTES + LINE, "a buffer held {most} bytes");
    }

    #[test]
    fn a_write_error_while_spilling_stops_the_run() {
        let score = |chunk: &Chunk, buf: &mut Vec<u8>, _: &mut Tally, spill: &mut Spill| {
            for _ in &chunk.records {
                buf.resize(buf.len() + SPILL_BYTES / 2, b'x');
                spill.check(buf);
            }
            0
        };
        let result = within_a_minute(move || {
            let mut out = Full { room: 100 };
            run(3, 8, &mut numbers(1000), &mut out, &mut |_| {}, &|| score)
        });
        assert!(matches!(result, Err(Error::Write { .. })), "{result:?}");
    }

    #[test]
    fn progress_counts_up_to_every_record() {
        let mut seen = Vec::new();
        run(
            2,
            10,
            &mut numbers(95),
            &mut io::sink(),
            &mut |n| seen.push(n),
            &|| uneven,
        )
        .unwrap();
        assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
        assert_eq!(seen.last(), Some(&95));
    }

    /// Counts the records it gives, where a scorer can see.
    struct Counted<'c> {
        inner: Numbers,
        given: &'c AtomicUsize,
    }

    impl Source for Counted<'_> {
        fn next_chunk(&mut self, max: usize, chunk: &mut Chunk) -> Result<(), Error> {
            self.inner.next_chunk(max, chunk)?;
            self.given.store(self.inner.given, Ordering::SeqCst);
            Ok(())
        }
    }

    #[test]
    fn a_slow_chunk_holds_back_reading_instead_of_piling_up_output() {
        let given = AtomicUsize::new(0);
        let read_while_stalled = AtomicUsize::new(0);
        let score = |chunk: &Chunk, buf: &mut Vec<u8>, _: &mut Tally, _: &mut Spill| {
            if chunk.records[0].number == 1 {
                std::thread::sleep(Duration::from_millis(300));
                read_while_stalled.store(given.load(Ordering::SeqCst), Ordering::SeqCst);
            }
            buf.extend_from_slice(b"x\n");
            0
        };
        let mut source = Counted {
            inner: numbers(1_000_000),
            given: &given,
        };
        let (jobs, chunk_size) = (3, 10);
        run(
            jobs,
            chunk_size,
            &mut source,
            &mut io::sink(),
            &mut |_| {},
            &|| &score,
        )
        .unwrap();
        // The stalled chunk, one more in each other worker, and the waiting window.
        let most = (1 + (jobs - 1) + jobs * WAITING_PER_JOB) * chunk_size;
        let read = read_while_stalled.load(Ordering::SeqCst);
        assert!(read <= most, "{read} records read while one chunk stalled");
    }

    #[test]
    fn a_read_error_ends_the_run_after_writing_what_was_read() {
        for jobs in [1, 2, 4] {
            let mut out = Vec::new();
            let mut source = Numbers {
                total: 1000,
                given: 0,
                fail_after: Some(250),
            };
            let result = run(jobs, 16, &mut source, &mut out, &mut |_| {}, &|| uneven);
            assert!(matches!(result, Err(Error::Read { .. })), "{result:?}");
            assert_eq!(String::from_utf8(out).unwrap(), expected(250));
        }
    }

    /// Takes `room` bytes, then fails like a full disk.
    struct Full {
        room: usize,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(io::Error::from(io::ErrorKind::StorageFull));
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_write_error_stops_every_worker() {
        let result = within_a_minute(|| {
            let mut out = Full { room: 100 };
            run(4, 2, &mut numbers(100_000), &mut out, &mut |_| {}, &|| {
                uneven
            })
        });
        assert!(matches!(result, Err(Error::Write { .. })), "{result:?}");
    }

    #[test]
    fn a_panicking_worker_is_passed_on_not_waited_for() {
        let outcome = within_a_minute(|| {
            std::panic::catch_unwind(|| {
                let score =
                    |chunk: &Chunk, buf: &mut Vec<u8>, tally: &mut Tally, spill: &mut Spill| {
                        assert!(chunk.records[0].number != 33, "scoring failed");
                        uneven(chunk, buf, tally, spill)
                    };
                run(
                    3,
                    4,
                    &mut numbers(10_000),
                    &mut io::sink(),
                    &mut |_| {},
                    &|| &score,
                )
            })
        });
        assert!(outcome.is_err(), "the panic was swallowed");
    }
}
