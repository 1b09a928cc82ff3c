//! The local diary database: saved assessments and pain-diary entries, in one `SQLite` file
//! that never leaves the machine. Versioned with migrations; every write is a transaction.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, params};

use crate::diary::entries::Entry;
use crate::error::Error;

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

/// A saved assessment, as history and insights read it back.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SavedAssessment {
    pub id: i64,
    pub at: String,
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    pub level: String,
    pub screening_complete: bool,
    /// `(kind, target, score)` for every pattern and cause.
    pub scores: Vec<(String, String, i64)>,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// Where the database lives: `--db`, else `DGS_DB`, else the platform's data directory.
pub fn default_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("dgs-check").join("dgs.sqlite3"))
}

impl Store {
    /// Opens the database, creating it (mode 0600) and migrating it as needed. A database
    /// from a newer build is refused before anything is written to it.
    pub fn open(path: &Path) -> Result<Store, Error> {
        let fail = |message: String| Error::Database {
            path: path.display().to_string(),
            message,
        };
        if !path.exists() {
            create_private(path).map_err(|e| fail(format!("cannot create it: {e}")))?;
        }
        let conn = Connection::open(path).map_err(|e| fail(e.to_string()))?;
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(|e| fail(e.to_string()))?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|e| fail(format!("it is not a dgs database, or it is damaged ({e})")))?;
        if version > SCHEMA_VERSION {
            return Err(fail(format!(
                "it was written by a newer dgs (schema {version}; this build knows up to {SCHEMA_VERSION}); it was left unchanged"
            )));
        }
        // Several processes may log at once: WAL lets readers and one writer work together.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| fail(e.to_string()))?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| fail(e.to_string()))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store
            .migrate(version, SCHEMA_VERSION)
            .map_err(|e| fail(format!("cannot update its schema: {e}")))?;
        Ok(store)
    }

    /// Runs migrations from `from` up to `to`, each in its own transaction.
    fn migrate(&mut self, from: i64, to: i64) -> rusqlite::Result<()> {
        for step in from..to {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            // Another process may have migrated while this one waited for the lock.
            let now: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
            if now > step {
                continue;
            }
            tx.execute_batch(MIGRATIONS[step as usize])?;
            tx.pragma_update(None, "user_version", step + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    fn fail(&self, e: &rusqlite::Error) -> Error {
        db_error(&self.path)(e)
    }

    pub fn schema_version(&self) -> Result<i64, Error> {
        self.conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|e| self.fail(&e))
    }

    /// Saves one assessment and its scores; returns its id.
    pub fn save_assessment(&mut self, at: &str, result: &serde_json::Value) -> Result<i64, Error> {
        let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
        let fail = db_error(&self.path);
        let tx = self.conn.transaction().map_err(|e| fail(&e))?;
        tx.execute(
            "INSERT INTO assessments (at, questionnaire_id, questionnaire_version, level, screening_complete, answers, result)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                at,
                text(&result["questionnaire"]["id"]),
                text(&result["questionnaire"]["version"]),
                text(&result["triage"]["level"]),
                result["triage"]["screening_complete"].as_bool().unwrap_or(false),
                result["answers"].to_string(),
                result.to_string(),
            ],
        )
        .map_err(|e| fail(&e))?;
        let id = tx.last_insert_rowid();
        for (kind, key) in [("pattern", "patterns"), ("cause", "causes")] {
            for target in result[key].as_array().into_iter().flatten() {
                tx.execute(
                    "INSERT INTO assessment_scores (assessment_id, kind, target, score, level) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, kind, text(&target["id"]), target["score"].as_i64().unwrap_or(0), text(&target["level"])],
                )
                .map_err(|e| fail(&e))?;
            }
        }
        tx.commit().map_err(|e| fail(&e))?;
        Ok(id)
    }

    /// Adds one diary entry; returns its id.
    pub fn add_entry(&mut self, entry: &Entry) -> Result<i64, Error> {
        let fail = db_error(&self.path);
        let tx = self.conn.transaction().map_err(|e| fail(&e))?;
        tx.execute(
            "INSERT INTO entries (at, pain, activity, detail, minutes, postures, self_care, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                entry.at,
                entry.pain,
                entry.activity,
                entry.detail,
                entry.minutes,
                entry.postures.join(","),
                entry.self_care.join(","),
                entry.note,
            ],
        )
        .map_err(|e| fail(&e))?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(|e| fail(&e))?;
        Ok(id)
    }

    /// Diary entries at or after `since` (an RFC 3339 UTC time), oldest first.
    pub fn entries(&self, since: &str) -> Result<Vec<Entry>, Error> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, at, pain, activity, detail, minutes, postures, self_care, note
                 FROM entries WHERE at >= ?1 ORDER BY at, id",
            )
            .map_err(|e| self.fail(&e))?;
        let split = |s: String| -> Vec<String> {
            s.split(',')
                .filter(|p| !p.is_empty())
                .map(String::from)
                .collect()
        };
        let rows = stmt
            .query_map([since], |row| {
                Ok(Entry {
                    id: Some(row.get(0)?),
                    at: row.get(1)?,
                    pain: row.get(2)?,
                    activity: row.get(3)?,
                    detail: row.get(4)?,
                    minutes: row.get(5)?,
                    postures: split(row.get(6)?),
                    self_care: split(row.get(7)?),
                    note: row.get(8)?,
                })
            })
            .map_err(|e| self.fail(&e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(&e))
    }

    /// Saved assessments at or after `since`, oldest first, with their scores.
    pub fn assessments(&self, since: &str) -> Result<Vec<SavedAssessment>, Error> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, at, questionnaire_id, questionnaire_version, level, screening_complete
                 FROM assessments WHERE at >= ?1 ORDER BY at, id",
            )
            .map_err(|e| self.fail(&e))?;
        let mut saved: Vec<SavedAssessment> = stmt
            .query_map([since], |row| {
                Ok(SavedAssessment {
                    id: row.get(0)?,
                    at: row.get(1)?,
                    questionnaire_id: row.get(2)?,
                    questionnaire_version: row.get(3)?,
                    level: row.get(4)?,
                    screening_complete: row.get(5)?,
                    scores: Vec::new(),
                })
            })
            .map_err(|e| self.fail(&e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.fail(&e))?;
        let mut scores = self
            .conn
            .prepare("SELECT kind, target, score FROM assessment_scores WHERE assessment_id = ?1 ORDER BY kind, target")
            .map_err(|e| self.fail(&e))?;
        for a in &mut saved {
            a.scores = scores
                .query_map([a.id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
                .map_err(|e| self.fail(&e))?
                .collect::<Result<_, _>>()
                .map_err(|e| self.fail(&e))?;
        }
        Ok(saved)
    }

    /// The full saved results, for export.
    pub fn results(&self) -> Result<Vec<serde_json::Value>, Error> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, at, result FROM assessments ORDER BY at, id")
            .map_err(|e| self.fail(&e))?;
        let rows = stmt
            .query_map([], |row| {
                let result: String = row.get(2)?;
                Ok(serde_json::json!({
                    "id": row.get::<_, i64>(0)?,
                    "at": row.get::<_, String>(1)?,
                    "result": serde_json::from_str::<serde_json::Value>(&result).unwrap_or(serde_json::Value::Null),
                }))
            })
            .map_err(|e| self.fail(&e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(&e))
    }
}

fn db_error(path: &Path) -> impl Fn(&rusqlite::Error) -> Error + '_ {
    move |e| Error::Database {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// Creates an empty file only its owner can read and write.
fn create_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(drop)
}

/// Deletes the database and its journal files.
pub fn forget(path: &Path) -> Result<bool, Error> {
    let mut removed = false;
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", path.display()));
        match std::fs::remove_file(&file) {
            Ok(()) => removed = true,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(Error::Database {
                    path: file.display().to_string(),
                    message: e.to_string(),
                });
            }
        }
    }
    Ok(removed)
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
mod tests {
    use super::*;
    use crate::testing::diary_entry;

    fn entry(at: &str, pain: i64) -> Entry {
        Entry {
            minutes: Some(20),
            postures: vec!["legs_crossed".into()],
            self_care: vec!["heat".into(), "water".into()],
            note: Some("ok".into()),
            ..diary_entry(at, pain, "walking")
        }
    }

    #[test]
    fn an_older_schema_is_migrated_and_keeps_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        let old = create_at_version(&path, 1).unwrap();
        old.execute(
            "INSERT INTO entries (at, pain, activity, postures, self_care) VALUES ('2026-10-01T10:00:00Z', 4, 'driving', '', '')",
            [],
        )
        .unwrap();
        drop(old);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let entries = store.entries("").unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(
            (entries[0].pain, entries[0].activity.as_str()),
            (4, "driving")
        );
        // The migration's index exists now.
        let indexes: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'entries_at'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(indexes, 1);
    }

    #[test]
    fn entries_round_trip_and_filter_by_time() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("a").join("b.sqlite3")).unwrap();
        store.add_entry(&entry("2026-11-01T10:00:00Z", 3)).unwrap();
        store.add_entry(&entry("2026-11-03T10:00:00Z", 5)).unwrap();
        let all = store.entries("").unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(
            all[0],
            Entry {
                id: Some(1),
                ..entry("2026-11-01T10:00:00Z", 3)
            }
        );
        assert_eq!(store.entries("2026-11-02T00:00:00Z").unwrap().len(), 1);
    }

    #[test]
    fn opening_twice_migrates_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.sqlite3");
        let first = Store::open(&path).unwrap();
        let second = Store::open(&path).unwrap();
        assert_eq!(first.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(second.schema_version().unwrap(), SCHEMA_VERSION);
    }
}
