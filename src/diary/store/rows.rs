//! Reading and writing the diary's rows: typed records in, typed records out.

use rusqlite::params;

use super::{SavedAssessment, Store, TargetScore, database_error, explain, records};
use crate::diary::entries::Entry;
use crate::diary::store::NewAssessment;
use crate::error::Error;

impl Store {
    /// Saves one assessment and its scores; returns its id.
    pub fn save_assessment(&mut self, at: &str, new: &NewAssessment) -> Result<i64, Error> {
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| database_error(&path, explain(&path, &e));
        let tx = self.conn.transaction().map_err(fail)?;
        tx.execute(
            "INSERT INTO assessments (at, questionnaire_id, questionnaire_version, level, screening_complete, answers, result)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                at,
                new.questionnaire_id,
                new.questionnaire_version,
                new.assessment.level.name(),
                new.assessment.screening_complete,
                new.answers_json,
                new.result_json,
            ],
        )
        .map_err(fail)?;
        let id = tx.last_insert_rowid();
        for s in new.scores() {
            tx.execute(
                "INSERT INTO assessment_scores (assessment_id, kind, target, score, level) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, s.kind.name(), s.target, s.score, s.level.name()],
            )
            .map_err(fail)?;
        }
        tx.commit().map_err(fail)?;
        Ok(id)
    }

    /// Adds one diary entry; returns its id.
    pub fn add_entry(&mut self, entry: &Entry) -> Result<i64, Error> {
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| database_error(&path, explain(&path, &e));
        let tx = self.conn.transaction().map_err(fail)?;
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
        .map_err(fail)?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(fail)?;
        Ok(id)
    }

    /// Diary entries at or after `since` (an RFC 3339 UTC time), oldest first.
    pub fn entries(&self, since: &str) -> Result<Vec<Entry>, Error> {
        let split = |s: String| -> Vec<String> {
            s.split(',')
                .filter(|p| !p.is_empty())
                .map(String::from)
                .collect()
        };
        self.conn
            .prepare(
                "SELECT id, at, pain, activity, detail, minutes, postures, self_care, note
                 FROM entries WHERE at >= ?1 ORDER BY at, id",
            )
            .and_then(|mut stmt| {
                stmt.query_map([since], |row| {
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
                })?
                .collect()
            })
            .map_err(|e| self.fail(&e))
    }

    /// Saved assessments at or after `since`, oldest first, with their scores.
    pub fn assessments(&self, since: &str) -> Result<Vec<SavedAssessment>, Error> {
        let mut saved: Vec<SavedAssessment> = self
            .conn
            .prepare(
                "SELECT id, at, questionnaire_id, questionnaire_version, level, screening_complete
                 FROM assessments WHERE at >= ?1 ORDER BY at, id",
            )
            .and_then(|mut stmt| {
                stmt.query_map([since], |row| {
                    Ok(SavedAssessment {
                        id: row.get(0)?,
                        at: row.get(1)?,
                        questionnaire_id: row.get(2)?,
                        questionnaire_version: row.get(3)?,
                        level: records::level(4, &row.get::<_, String>(4)?)?,
                        screening_complete: row.get(5)?,
                        scores: Vec::new(),
                    })
                })?
                .collect()
            })
            .map_err(|e| self.fail(&e))?;
        let mut scores = self
            .conn
            .prepare("SELECT kind, target, score, level FROM assessment_scores WHERE assessment_id = ?1 ORDER BY kind, target")
            .map_err(|e| self.fail(&e))?;
        for a in &mut saved {
            a.scores = scores
                .query_map([a.id], |row| {
                    Ok(TargetScore {
                        kind: records::kind(0, &row.get::<_, String>(0)?)?,
                        target: row.get(1)?,
                        score: row.get(2)?,
                        level: records::likelihood(3, &row.get::<_, String>(3)?)?,
                    })
                })
                .and_then(Iterator::collect)
                .map_err(|e| self.fail(&e))?;
        }
        Ok(saved)
    }

    /// The full saved results, for export.
    pub fn results(&self) -> Result<Vec<serde_json::Value>, Error> {
        self.conn
            .prepare("SELECT id, at, result FROM assessments ORDER BY at, id")
            .and_then(|mut stmt| {
                stmt.query_map([], |row| {
                    let result: String = row.get(2)?;
                    Ok(serde_json::json!({
                        "id": row.get::<_, i64>(0)?,
                        "at": row.get::<_, String>(1)?,
                        "result": serde_json::from_str::<serde_json::Value>(&result).unwrap_or(serde_json::Value::Null),
                    }))
                })?
                .collect()
            })
            .map_err(|e| self.fail(&e))
    }

    /// Empties every table in one transaction, then rewrites the file so the deleted rows
    /// are not left in its free pages, and folds the write-ahead log back in.
    pub(super) fn wipe(&mut self) -> rusqlite::Result<(i64, i64)> {
        let count = |table: &str| {
            self.conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        };
        let counts = (count("entries")?, count("assessments")?);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let tables: Vec<String> = tx
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )?
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        for table in tables {
            tx.execute(
                &format!("DELETE FROM \"{}\"", table.replace('"', "\"\"")),
                [],
            )?;
        }
        tx.commit()?;
        self.conn.execute_batch("VACUUM")?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(counts)
    }
}
