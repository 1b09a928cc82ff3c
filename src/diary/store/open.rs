//! Opening the diary: to write (created private, checked, switched to WAL, migrated) or to
//! read (read-only, creating nothing). Only a dgs diary, or an empty file, is ever opened.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::{
    BUSY_TIMEOUT, DIARY_TABLES, DISK_FULL, MIGRATIONS, NOT_A_DIARY, SCHEMA_VERSION, Store,
    database_error, explain, file,
};
use crate::error::Error;
use crate::words::printable;

/// What a file holds, as far as the diary is concerned.
enum Found {
    /// A new, empty file (or a database with nothing in it): becomes a diary on first write.
    Empty,
    /// A dgs diary at this schema version, which this build can read and migrate.
    Diary(i64),
}

impl Store {
    /// Opens the diary to write, creating it (mode 0600) and migrating it as needed. A file
    /// that is not a dgs diary, or is one from a newer build, is refused before anything is
    /// written to it.
    pub fn open(path: &Path) -> Result<Store, Error> {
        let fail = |message: String| database_error(path, message);
        if path.as_os_str().is_empty() {
            return Err(fail("an empty path is not a file name".into()));
        }
        file::check_owner(path).map_err(|u| fail(u.message()))?;
        file::create_private(path).map_err(|e| {
            if file::disk_full(path) {
                fail(DISK_FULL.into())
            } else {
                fail(format!("cannot create it: {e}"))
            }
        })?;
        let mut store = Store::connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        let version = match store.identify()? {
            Found::Empty => 0,
            Found::Diary(version) => version,
        };
        store.use_wal().map_err(|e| store.fail(&e))?;
        store
            .conn
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| store.fail(&e))?;
        store.migrate(version, SCHEMA_VERSION).map_err(|e| {
            let why = explain(path, &e);
            fail(format!("cannot update its schema: {why}"))
        })?;
        Ok(store)
    }

    /// Opens an existing diary to read, read-only: nothing is created or changed (a missing
    /// file stays missing, another program's database is refused). `None` when there is no
    /// diary, or it has nothing in it yet.
    pub fn open_to_read(path: &Path) -> Result<Option<Store>, Error> {
        if path.as_os_str().is_empty() {
            return Err(database_error(
                path,
                "an empty path is not a file name".into(),
            ));
        }
        if !path.exists() {
            return Ok(None);
        }
        file::check_owner(path).map_err(|u| database_error(path, u.message()))?;
        let mut checked = Store::connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        if let Found::Empty = checked.identify()? {
            return Ok(None);
        }
        // Only a connection that may write removes WAL's `-wal` and `-shm` files when it is the
        // last to close; a read-only one leaves them behind. So once the file is known to be a
        // diary it is read through one that may write but is told not to (`query_only`), unless
        // it cannot be opened so (a read-only disk).
        let warnings = std::mem::take(&mut checked.warnings);
        drop(checked);
        let mut store = Store::connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
            .ok()
            .filter(|s| s.conn.pragma_update(None, "query_only", true).is_ok())
            .map_or_else(
                || Store::connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY),
                Ok,
            )?;
        store.warnings = warnings;
        Ok(Some(store))
    }

    /// Opens the connection (never with URI names: paths are paths) and tightens the file's
    /// permissions once it is known to be a diary (see `identify`).
    fn connect(path: &Path, access: OpenFlags) -> Result<Store, Error> {
        let conn = Connection::open_with_flags(
            file::sqlite_name(path),
            access | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| database_error(path, explain(path, &e)))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| database_error(path, explain(path, &e)))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            warnings: Vec::new(),
        })
    }

    /// Tells a dgs diary from anything else, then makes it private: a diary others could read
    /// is made readable by its owner only, with a warning.
    fn identify(&mut self) -> Result<Found, Error> {
        let (version, tables) = version_and_tables(&mut self.conn)
            .map_err(|e| database_error(&self.path, explain(&self.path, &e)))?;
        let has = |t: &str| tables.iter().any(|name| name == t);
        let found = if version == 0 && tables.is_empty() {
            Found::Empty
        } else if version > SCHEMA_VERSION && has("entries") {
            return Err(database_error(
                &self.path,
                format!(
                    "it was written by a newer dgs (schema {version}; this build knows up to {SCHEMA_VERSION}); it was left unchanged"
                ),
            ));
        } else if (1..=SCHEMA_VERSION).contains(&version) && DIARY_TABLES.iter().all(|t| has(t)) {
            Found::Diary(version)
        } else {
            return Err(database_error(
                &self.path,
                format!("{NOT_A_DIARY}; it was left unchanged"),
            ));
        };
        match file::tighten(&self.path) {
            Ok(Some(mode)) => self.warnings.push(format!(
                "the diary `{}` could be read by other users (mode {mode:04o}); it is now private to you (mode 0600)",
                printable(&self.path.display().to_string())
            )),
            Ok(None) => {}
            Err(e) => {
                return Err(database_error(
                    &self.path,
                    format!("other users can read it, and it cannot be made private: {e}"),
                ));
            }
        }
        Ok(found)
    }

    /// Several processes may log at once: WAL lets readers and one writer work together. The
    /// switch needs the file to itself, and `SQLite` does not wait for that through the busy
    /// timeout (it would deadlock), so the switch is retried until the same timeout.
    fn use_wal(&self) -> rusqlite::Result<()> {
        let deadline = Instant::now() + BUSY_TIMEOUT;
        loop {
            let mode: String = self
                .conn
                .query_row("PRAGMA journal_mode", [], |row| row.get(0))?;
            if mode.eq_ignore_ascii_case("wal") {
                return Ok(());
            }
            match self.conn.query_row("PRAGMA journal_mode = WAL", [], |row| {
                row.get::<_, String>(0)
            }) {
                Ok(_) => {}
                Err(e)
                    if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
                        && Instant::now() < deadline =>
                {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(e) => return Err(e),
            }
        }
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
}

/// The schema version and the tables, read in one transaction: another process's first use
/// may be creating them at this moment, and a version from before it with tables from after it
/// would look like someone else's database.
fn version_and_tables(conn: &mut Connection) -> rusqlite::Result<(i64, Vec<String>)> {
    let tx = conn.transaction()?;
    let tables = tx
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let version = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    tx.commit()?;
    Ok((version, tables))
}
