//! Ctrl-C or SIGTERM during `dgs score`: stop taking records, finish the ones already taken, so
//! every line written is whole, then print the summary and exit 130 or 143. By default either
//! signal killed the process mid-write and cut the last line in half. A second signal of the
//! same kind ends the process at once, as if no handler were installed.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::batch::{Chunk, Source};
use crate::error::Error;

/// Which signal asked the run to stop; 0 while none has.
#[derive(Clone, Default)]
pub struct StopFlag(Arc<AtomicUsize>);

impl StopFlag {
    /// Listens for SIGINT and SIGTERM. Where signals cannot be caught (not Unix), the flag
    /// just never rises and the default behaviour stands.
    pub fn listen() -> StopFlag {
        let flag = StopFlag::default();
        #[cfg(unix)]
        for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
            let raised = Arc::new(std::sync::atomic::AtomicBool::new(false));
            // The check comes first: on a second signal the default action runs.
            let _ = signal_hook::flag::register_conditional_default(signal, Arc::clone(&raised));
            let _ = signal_hook::flag::register(signal, raised);
            let _ = signal_hook::flag::register_usize(signal, Arc::clone(&flag.0), signal as usize);
        }
        flag
    }

    /// The error to end with, if a signal came: 130 for Ctrl-C, 143 for SIGTERM.
    pub fn error(&self, done: usize) -> Option<Error> {
        match self.0.load(Ordering::SeqCst) {
            0 => None,
            signal => Some(Error::Stopped {
                signal: if signal == 15 { "SIGTERM" } else { "Ctrl-C" },
                code: u8::try_from(128 + signal).unwrap_or(130),
                done,
            }),
        }
    }

    fn raised(&self) -> bool {
        self.0.load(Ordering::SeqCst) != 0
    }
}

/// A source that ends early once the flag is raised: records already taken are scored and
/// written whole, none are taken after.
pub struct Stoppable<'a> {
    pub source: &'a mut (dyn Source + Send),
    pub flag: StopFlag,
}

impl Source for Stoppable<'_> {
    fn next_chunk(&mut self, max: usize, chunk: &mut Chunk) -> Result<(), Error> {
        if self.flag.raised() {
            return Ok(());
        }
        self.source.next_chunk(max, chunk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signal_decides_the_exit_code() {
        let flag = StopFlag::default();
        assert!(flag.error(3).is_none());
        flag.0.store(2, Ordering::SeqCst);
        assert_eq!(flag.error(3).map(|e| e.exit_code()), Some(130));
        flag.0.store(15, Ordering::SeqCst);
        let e = flag.error(3).unwrap();
        assert_eq!(e.exit_code(), 143);
        assert_eq!(
            e.to_string(),
            "stopped by SIGTERM after 3 records; every line written is whole"
        );
    }
}
