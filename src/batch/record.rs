//! What `dgs score` moves between its parts: records read from the input, in chunks, and the
//! count of what was scored.

use crate::answers::raw::RawAnswers;
use crate::error::Error;

/// Keys of a record (JSON Lines field or CSV column) that name the respondent instead of
/// answering a question.
pub const RESPONDENT_KEYS: [&str; 2] = ["respondent", "id"];

/// One input record: its number (1-based) and its content.
#[derive(Debug)]
pub struct Record {
    pub number: usize,
    pub input: Input,
}

#[derive(Debug)]
pub enum Input {
    /// A JSON Lines line, as a range of its chunk's text; parsed by the worker that scores it.
    Json(std::ops::Range<usize>),
    /// Answers read already (CSV), with who they are from, or why they could not be read.
    Read {
        respondent: Option<serde_json::Value>,
        answers: Result<RawAnswers, String>,
    },
}

/// Records read together and scored by one worker. A worker keeps its chunk from one round
/// to the next, so reading a record allocates nothing once the buffers have grown.
#[derive(Debug, Default)]
pub struct Chunk {
    /// The text the records' `Input::Json` ranges point into.
    pub text: Vec<u8>,
    pub records: Vec<Record>,
}

impl Chunk {
    pub fn clear(&mut self) {
        self.text.clear();
        self.records.clear();
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub records: usize,
    pub errors: usize,
}

/// Where records come from.
pub trait Source {
    /// Appends up to `max` records to `chunk`; appends none at the end of the input.
    fn next_chunk(&mut self, max: usize, chunk: &mut Chunk) -> Result<(), Error>;
}
