//! The local diary database: saved assessments and pain-diary entries, in one `SQLite` file
//! that never leaves the machine. Versioned with migrations; every write is a transaction.
//! It takes and gives typed records, and opens only a file that is a dgs diary (or empty):
//! another program's database is refused, never changed. `file.rs` keeps the file private.

mod file;
mod open;
mod records;
mod rows;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode};

use crate::error::Error;
use crate::words::printable;

pub use records::{NewAssessment, SavedAssessment, TargetKind, TargetScore};

/// Each step takes the schema from version `n` to `n + 1`, in one transaction.
const MIGRATIONS: &[&str] = &[
    // 1: assessments with their per-target scores, and diary entries.
    "CREATE TABLE assessments (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        questionnaire_id TEXT NOT NULL,
        questionnaire_version TEXT NOT NULL,
        level TEXT NOT NULL,
        screening_complete INTEGER NOT NULL,
        answers TEXT NOT NULL,
        result TEXT NOT NULL
    );
    CREATE TABLE assessment_scores (
        assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('pattern', 'cause')),
        target TEXT NOT NULL,
        score INTEGER NOT NULL,
        level TEXT NOT NULL,
        PRIMARY KEY (assessment_id, kind, target)
    );
    CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        pain INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
        activity TEXT NOT NULL,
        detail TEXT,
        minutes INTEGER CHECK (minutes BETWEEN 0 AND 1440),
        postures TEXT NOT NULL DEFAULT '',
        self_care TEXT NOT NULL DEFAULT '',
        note TEXT
    );",
    // 2: history and insights read by time.
    "CREATE INDEX entries_at ON entries(at);
    CREATE INDEX assessments_at ON assessments(at);",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The tables every dgs diary has had since schema 1: how a diary is told from another
/// program's database.
const DIARY_TABLES: [&str; 3] = ["assessments", "assessment_scores", "entries"];

/// How long a command waits for another one that holds the diary (a busy writer, or the
/// first use switching it to WAL).
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

const NOT_A_DIARY: &str = "it is not a dgs diary, or it is damaged";

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Said after the command's result: the diary's permissions were tightened.
    pub warnings: Vec<String>,
}

/// Where the database lives: `--db`, else `DGS_DB`, else the platform's data directory.
pub fn default_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("dgs-check").join("dgs.sqlite3"))
}

/// What was forgotten: the counts, and the files removed.
#[derive(Debug)]
pub struct Forgotten {
    pub entries: i64,
    pub assessments: i64,
    pub removed: Vec<PathBuf>,
    /// The link that was given for the diary, left in place.
    pub link: Option<PathBuf>,
}

impl Store {
    fn fail(&self, e: &rusqlite::Error) -> Error {
        database_error(&self.path, explain(&self.path, e))
    }

    pub fn schema_version(&self) -> Result<i64, Error> {
        self.conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|e| self.fail(&e))
    }
}

/// Forgets the diary: checks that it is one, empties it (every table, and the file's free
/// pages), then deletes it and its `-wal` and `-shm` files. A link is followed: the diary it
/// points to is what is forgotten. `None` when there is no diary there.
pub fn forget(path: &Path) -> Result<Option<Forgotten>, Error> {
    if !path.exists() {
        return Ok(None);
    }
    let (entries, assessments) = match Store::open_to_read(path)? {
        None => (0, 0),
        Some(read) => {
            drop(read);
            let mut store = Store::open(path)?;
            let counts = store.wipe().map_err(|e| store.fail(&e))?;
            drop(store);
            counts
        }
    };
    let real = path
        .canonicalize()
        .map_err(|e| database_error(path, e.to_string()))?;
    let removed = file::remove(&real).map_err(|e| database_error(&real, e.to_string()))?;
    Ok(Some(Forgotten {
        entries,
        assessments,
        removed,
        link: path.is_symlink().then(|| path.to_path_buf()),
    }))
}

const DISK_FULL: &str = "the disk is full; free some space and try again";

/// Says what went wrong in words: a full disk as a full disk (`SQLite` often reports it as an
/// I/O error while it creates the `-shm` file), a file that is not a database as such.
fn explain(path: &Path, e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => DISK_FULL.into(),
        Some(ErrorCode::SystemIoFailure | ErrorCode::CannotOpen) if file::disk_full(path) => {
            DISK_FULL.into()
        }
        Some(ErrorCode::NotADatabase) => format!("{NOT_A_DIARY} ({e})"),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => format!(
            "another program has kept it locked for over {} seconds ({e})",
            BUSY_TIMEOUT.as_secs()
        ),
        _ => e.to_string(),
    }
}

fn database_error(path: &Path, message: String) -> Error {
    Error::Database {
        path: printable(&path.display().to_string()).into_owned(),
        message,
    }
}

/// Opens a database at the first schema version only, for migration tests.
#[cfg(test)]
pub fn create_at_version(path: &Path, version: i64) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    for step in 0..version {
        conn.execute_batch(MIGRATIONS[step as usize])?;
    }
    conn.pragma_update(None, "user_version", version)?;
    Ok(conn)
}

#[cfg(test)]
mod tests;
