//! What `dgs score` moves between its parts: records read from the input, in chunks, and the
//! count of what was scored.

use crate::answers::raw::RawAnswers;
use crate::error::Error;
use crate::report::summary::Tally;

/// Keys of a record (JSON Lines field or CSV column) that name the respondent instead of
/// answering a question, unless `--id-column` names another: ours, then the ones that
/// `REDCap` (`record_id`) and Qualtrics (`ResponseId`) export.
pub const RESPONDENT_KEYS: [&str; 4] = ["respondent", "id", "record_id", "ResponseId"];

/// Which keys of a record are not answers: the one naming the respondent, and (when told to
/// ignore them) any that is not a question.
#[derive(Debug, Clone)]
pub struct Columns {
    /// Keys that name the respondent; the first given, in this order, is the one shown.
    pub id_keys: Vec<String>,
    /// `--id-column` named the key: a CSV header without it is a header problem.
    pub id_given: bool,
    /// `--ignore-unknown-columns`: skip keys that are not questions instead of refusing them.
    pub ignore_unknown: bool,
}

impl Default for Columns {
    fn default() -> Self {
        Columns {
            id_keys: RESPONDENT_KEYS.map(String::from).to_vec(),
            id_given: false,
            ignore_unknown: false,
        }
    }
}

impl Columns {
    pub fn with_id(id: Option<&str>, ignore_unknown: bool) -> Columns {
        match id {
            Some(id) => Columns {
                id_keys: vec![id.to_string()],
                id_given: true,
                ignore_unknown,
            },
            None => Columns {
                ignore_unknown,
                ..Columns::default()
            },
        }
    }

    pub fn is_id(&self, key: &str) -> bool {
        self.id_keys.iter().any(|k| k == key)
    }
}

/// One input record: its number (1-based), the input line it starts on, and its content.
#[derive(Debug)]
pub struct Record {
    pub number: usize,
    pub line: usize,
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

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Summary {
    pub records: usize,
    pub errors: usize,
    /// What the scored records add up to.
    pub tally: Tally,
}

/// Input a chunk holds before its source stops adding records to it (one record of at most
/// [`super::bounded::MAX_RECORD`] is always taken): 64 records of a megabyte each, held by
/// every worker at once, were most of a run's memory.
pub const CHUNK_TEXT: usize = 1 << 20;

/// Where records come from.
pub trait Source {
    /// Reads what comes before the records (a CSV header), so that a problem with it ends the
    /// run before any output; returns warnings to show once (columns ignored).
    fn prepare(&mut self) -> Result<Vec<String>, Error> {
        Ok(Vec::new())
    }

    /// Appends up to `max` records to `chunk`, fewer once they hold [`CHUNK_TEXT`] bytes of
    /// input; appends none at the end of the input.
    fn next_chunk(&mut self, max: usize, chunk: &mut Chunk) -> Result<(), Error>;
}
