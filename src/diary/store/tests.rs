use super::*;
use crate::diary::entries::Entry;
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

#[test]
fn assessments_are_saved_and_read_back_typed() {
    use crate::testing::{answers, embedded};
    let q = embedded();
    let given = answers(&q, &["wallet_back_pocket=yes", "sitting_worsens=yes"]);
    let assessment = crate::scoring::score(&q, &given);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("d.sqlite3")).unwrap();
    let new = NewAssessment {
        questionnaire_id: &q.id,
        questionnaire_version: &q.version,
        assessment: &assessment,
        answers_json: "{}".into(),
        result_json: "{\"schema\": \"dgs-result/1\"}".into(),
    };
    let id = store.save_assessment("2026-11-20T10:00:00Z", &new).unwrap();
    let saved = store.assessments("").unwrap();
    assert_eq!(saved.len(), 1);
    let a = &saved[0];
    assert_eq!(
        (a.id, a.level, a.screening_complete),
        (id, assessment.level, assessment.screening_complete)
    );
    let patterns = a
        .scores
        .iter()
        .filter(|s| s.kind == TargetKind::Pattern)
        .count();
    let causes: Vec<&TargetScore> = a
        .scores
        .iter()
        .filter(|s| s.kind == TargetKind::Cause)
        .collect();
    assert_eq!(patterns, assessment.patterns.len());
    assert_eq!(causes.len(), assessment.causes.len());
    let wallet = assessment
        .causes
        .iter()
        .find(|c| c.id == "wallet_pressure")
        .unwrap();
    let stored = causes
        .iter()
        .find(|c| c.target == "wallet_pressure")
        .unwrap();
    assert_eq!(
        (stored.score, stored.level),
        (i64::from(wallet.score), wallet.level)
    );
    assert_eq!(
        store.results().unwrap()[0]["result"]["schema"],
        "dgs-result/1"
    );
}

#[test]
fn the_database_checks_agree_with_the_stated_ranges() {
    use crate::diary::entries::{MINUTES, PAIN};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("d.sqlite3")).unwrap();
    let with = |pain, minutes| Entry {
        minutes: Some(minutes),
        ..diary_entry("2026-11-20T10:00:00Z", pain, "walking")
    };
    for (pain, minutes) in [
        (*PAIN.start(), *MINUTES.start()),
        (*PAIN.end(), *MINUTES.end()),
    ] {
        assert!(store.add_entry(&with(pain, minutes)).is_ok());
    }
    for (pain, minutes) in [
        (PAIN.start() - 1, 0),
        (PAIN.end() + 1, 0),
        (0, MINUTES.start() - 1),
        (0, MINUTES.end() + 1),
    ] {
        assert!(
            store.add_entry(&with(pain, minutes)).is_err(),
            "pain {pain}, minutes {minutes} was stored"
        );
    }
}
