//! The ordered worker pool behind `dgs score`. Each worker takes its turn at the input for a
//! chunk of records, scores it, and hands the result in; results are written strictly in the
//! order their chunks were read, by whichever worker completes the run of them.
//!
//! No thread only reads or only writes, so `jobs` workers keep `jobs` cores busy, and a
//! worker that finishes before a slower one goes on to the next chunk instead of waiting.
//! At most [`WAITING_PER_JOB`] finished chunks per worker wait to be written: that bounds
//! memory however far one worker falls behind.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use super::record::{Chunk, Source, Summary};
use crate::error::Error;
use crate::report::summary::Tally;

const WAITING_PER_JOB: usize = 2;

/// Makes one worker's scorer, which keeps what it has learned and allocated from one chunk
/// to the next. A scorer scores a chunk into a buffer and counts its results into a tally;
/// it returns how many of the chunk's records could not be scored.
pub trait Scorers: Sync {
    fn scorer(&self) -> impl FnMut(&Chunk, &mut Vec<u8>, &mut Tally) -> usize;
}

impl<F, S> Scorers for F
where
    F: Fn() -> S + Sync,
    S: FnMut(&Chunk, &mut Vec<u8>, &mut Tally) -> usize,
{
    fn scorer(&self) -> impl FnMut(&Chunk, &mut Vec<u8>, &mut Tally) -> usize {
        self()
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
        let errors = score(&chunk, &mut buf, &mut tally);
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
    fn uneven(chunk: &Chunk, buf: &mut Vec<u8>, _: &mut Tally) -> usize {
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
        let score = |chunk: &Chunk, buf: &mut Vec<u8>, _: &mut Tally| {
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
                let score = |chunk: &Chunk, buf: &mut Vec<u8>, tally: &mut Tally| {
                    assert!(chunk.records[0].number != 33, "scoring failed");
                    uneven(chunk, buf, tally)
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
