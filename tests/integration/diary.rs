//! The pain diary: every command against a temporary database, and the reliability the
//! diary promises — transactions, concurrent writers, migrations, refusing what it cannot
//! read safely.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::harness::Test;

struct Db {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Db {
    fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("dgs.sqlite3");
        Db { _dir: dir, path }
    }

    fn arg(&self) -> String {
        self.path.display().to_string()
    }

    fn dgs(&self, args: &[&str]) -> Test {
        Test::new()
            .args(["--db", &self.arg()])
            .args(args)
            .env("TZ", "UTC")
    }

    fn log(&self, pain: u8, activity: &str, at: &str, extra: &[&str]) {
        let pain = pain.to_string();
        let mut args = vec!["log", "--pain", &pain, "--activity", activity, "--at", at];
        args.extend_from_slice(extra);
        let out = self.dgs(&args).output();
        assert_eq!(out.status, 0, "{}", out.stderr);
    }

    fn count(&self, table: &str) -> i64 {
        count_via_export(&self.path, table)
    }
}

/// Starts `dgs log` as a separate process, for the concurrency and kill tests.
fn spawn_log(db: &Db, pain: &str, activity: &str, at: &str, stderr: Stdio) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_dgs"))
        .args([
            "--db",
            &db.arg(),
            "log",
            "--pain",
            pain,
            "--activity",
            activity,
            "--at",
            at,
        ])
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .unwrap()
}

/// The element of a JSON array whose `key` is `value`.
fn find<'a>(list: &'a serde_json::Value, key: &str, value: &str) -> &'a serde_json::Value {
    list.as_array()
        .and_then(|items| items.iter().find(|item| item[key] == value))
        .unwrap_or_else(|| panic!("no {key} = {value} in {list}"))
}

/// Counts rows through `dgs export`, so the tests read the database the way users do.
fn count_via_export(path: &Path, table: &str) -> i64 {
    let out = Test::new()
        .args(["--db", &path.display().to_string(), "export"])
        .output();
    assert_eq!(out.status, 0, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    doc[table].as_array().map_or(0, |a| a.len() as i64)
}

#[test]
fn log_history_insights_export_forget() {
    let db = Db::new();
    // Nothing saved yet: reading creates nothing.
    db.dgs(&["history"]).expect(0, "Nothing saved yet: add diary entries with `dgs log`, and save assessments with `dgs assess --save`.\n", "");
    assert!(!db.path.exists());

    let out = db
        .dgs(&[
            "log",
            "--pain",
            "6",
            "--activity",
            "driving",
            "--minutes",
            "90",
            "--posture",
            "wallet_back_pocket",
            "--at",
            "2026-11-20 09:15",
        ])
        .output();
    assert_eq!(
        (out.status, out.stdout.as_str(), out.stderr.as_str()),
        (0, "", "logged entry #1: pain 6 while driving\n")
    );
    let mode = std::fs::metadata(&db.path).unwrap().permissions();
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&mode) & 0o777,
        0o600,
        "the database is private to its owner"
    );

    for (n, hour) in ["10", "11", "12"].iter().enumerate() {
        db.log(
            4 + n as u8,
            "desk_sitting",
            &format!("2026-11-2{} {hour}:00", n + 1),
            &[],
        );
    }
    db.log(
        2,
        "walking",
        "2026-11-24 08:00",
        &["--self-care", "heat", "--note", "felt looser"],
    );

    let out = db.dgs(&["history", "--format", "csv"]).output();
    assert_eq!(out.stdout.lines().count(), 6, "{}", out.stdout);
    assert!(
        out.stdout
            .contains("entry,2026-11-20T09:15:00Z,6,driving,,90,wallet_back_pocket,,,"),
        "{}",
        out.stdout
    );

    let text = db.dgs(&["history"]).expect_ok();
    assert!(
        text.starts_with("Pain by day, 2026-11-20 to 2026-11-24\n  ▅▃▄▅▂\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "2026-11-24 08:00  Walking                         2       —  +heat, felt looser"
        ),
        "{text}"
    );

    // A date means from the start of that day: the 23rd's entry and the 24th's.
    let recent = db
        .dgs(&["history", "--since", "2026-11-23", "--format", "json"])
        .expect_ok();
    let doc: serde_json::Value = serde_json::from_str(&recent).unwrap();
    assert_eq!(doc["entries"].as_array().unwrap().len(), 2);

    let insights = db.dgs(&["insights", "--format", "json"]).expect_ok();
    let doc: serde_json::Value = serde_json::from_str(&insights).unwrap();
    let desk = find(&doc["insights"]["by_activity"], "key", "desk_sitting");
    assert_eq!(
        (desk["count"].as_u64(), desk["mean"].as_f64()),
        (Some(3), Some(5.0))
    );
    let driving = find(&doc["insights"]["by_activity"], "key", "driving");
    assert_eq!(
        (driving["count"].as_u64(), driving["mean"].is_null()),
        (Some(1), true),
        "one entry is too few to average"
    );

    db.dgs(&["forget"]).expect(3, "", &format!("error: `dgs forget` deletes every saved assessment and diary entry in {}; add --yes to confirm\n", db.arg()));
    assert!(db.path.exists());
    db.dgs(&["forget", "--yes"])
        .expect(0, "", &format!("deleted {}\n", db.arg()));
    assert!(!db.path.exists());
    assert_eq!(db.count("entries"), 0);
}

#[test]
fn saved_assessments_and_their_scores() {
    let db = Db::new();
    let out = db
        .dgs(&[
            "--no-input",
            "--save",
            "-a",
            "wallet_back_pocket=yes",
            "-a",
            "sitting_worsens=yes",
        ])
        .output();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        format!("saved as assessment #1 in {}\n", db.arg())
    );
    let out = db
        .dgs(&[
            "--no-input",
            "--save",
            "-f",
            "json",
            "-a",
            "wallet_back_pocket=no",
        ])
        .output();
    assert_eq!(
        (out.status, out.stderr),
        (0, format!("saved as assessment #2 in {}\n", db.arg()))
    );
    let export = db.dgs(&["export"]).expect_ok();
    let doc: serde_json::Value = serde_json::from_str(&export).unwrap();
    assert_eq!(doc["schema"], "dgs-export/1");
    let saved = doc["assessments"].as_array().unwrap();
    assert_eq!(saved.len(), 2);
    assert_eq!(saved[0]["result"]["schema"], "dgs-result/1");
    assert_eq!(saved[0]["result"]["answers"]["wallet_back_pocket"], "yes");
    let insights = db.dgs(&["insights", "--format", "json"]).expect_ok();
    let doc: serde_json::Value = serde_json::from_str(&insights).unwrap();
    let wallet = find(&doc["insights"]["causes"], "cause", "wallet_pressure");
    assert_eq!(
        (wallet["first"].as_i64(), wallet["latest"].as_i64()),
        (Some(100), Some(0))
    );
}

#[test]
fn bad_values_are_refused_before_anything_is_written() {
    let db = Db::new();
    for (args, code, message) in [
        (
            vec!["log", "--pain", "11", "--activity", "driving"],
            2,
            "error: invalid value '11' for '--pain <PAIN>': 11 is not in 0..=10\n\nFor more information, try '--help'.\n",
        ),
        (
            vec!["log", "--pain", "3", "--activity", "skating"],
            3,
            "error: invalid value `skating` for `--activity`: expected `desk_sitting`, `driving`, `car_passenger`, `standing`, `walking`, `running`, `cycling`, `lifting`, `lying` or `other`\n",
        ),
        (
            vec![
                "log",
                "--pain",
                "3",
                "--activity",
                "driving",
                "--posture",
                "slouch",
            ],
            3,
            "error: invalid value `slouch` for `--posture`: expected `wallet_back_pocket`, `legs_crossed` or `feet_tucked`\n",
        ),
        (
            vec![
                "log",
                "--pain",
                "3",
                "--activity",
                "driving",
                "--at",
                "tomorrowish",
            ],
            3,
            "error: invalid time `tomorrowish`: expected a date and time such as `2026-11-27 14:30`, or a date\n",
        ),
        (
            vec![
                "log",
                "--pain",
                "3",
                "--activity",
                "driving",
                "--at",
                "2999-01-01 10:00",
            ],
            3,
            "error: invalid time for `--at`: 2999-01-01 10:00 is in the future\n",
        ),
        (
            vec!["log", "--activity", "driving", "--no-input"],
            3,
            "error: a diary entry needs --pain <0..10> and there is no terminal to ask on (or --no-input was given)\n",
        ),
        (
            vec!["history", "--since", "last tuesday"],
            3,
            "error: invalid time `last tuesday`: expected a date and time such as `2026-11-27 14:30`, or a date, or a number of days such as `30d` for `--since`\n",
        ),
    ] {
        db.dgs(&args).expect(code, "", message);
    }
    assert!(!db.path.exists(), "a refused entry created the database");
}

#[test]
fn a_newer_schema_is_refused_and_left_unchanged() {
    let db = Db::new();
    db.log(3, "walking", "2026-11-20 10:00", &[]);
    // Pretend a later build wrote it: bump the schema version byte in the header (offset 60).
    let mut bytes = std::fs::read(&db.path).unwrap();
    checkpoint(&db.path);
    bytes = std::fs::read(&db.path).unwrap_or(bytes);
    bytes[60..64].copy_from_slice(&99u32.to_be_bytes());
    std::fs::write(&db.path, &bytes).unwrap();
    let before = std::fs::read(&db.path).unwrap();
    let out = db
        .dgs(&["log", "--pain", "2", "--activity", "walking"])
        .output();
    assert_eq!(out.status, 1);
    assert_eq!(
        out.stderr,
        format!(
            "error: diary database `{}`: it was written by a newer dgs (schema 99; this build knows up to 2); it was left unchanged\n",
            db.arg()
        )
    );
    assert_eq!(
        std::fs::read(&db.path).unwrap(),
        before,
        "the file was changed"
    );
}

/// Folds the write-ahead log into the main file, so its header can be edited.
fn checkpoint(path: &Path) {
    let out = Test::new()
        .args(["--db", &path.display().to_string(), "export"])
        .output();
    assert_eq!(out.status, 0);
}

#[test]
fn a_corrupt_file_gives_a_clear_error() {
    let db = Db::new();
    std::fs::create_dir_all(db.path.parent().unwrap()).unwrap();
    std::fs::write(
        &db.path,
        "this is not a database, it is a grocery list\n".repeat(100),
    )
    .unwrap();
    let out = db.dgs(&["history"]).output();
    assert_eq!(out.status, 1);
    assert_eq!(
        out.stderr,
        format!(
            "error: diary database `{}`: it is not a dgs database, or it is damaged (file is not a database)\n",
            db.arg()
        )
    );
}

#[test]
fn concurrent_writers_all_land() {
    let db = Db::new();
    db.log(1, "walking", "2026-11-01 08:00", &[]); // create it first; then race
    let children: Vec<_> = (0..12)
        .map(|n| {
            spawn_log(
                &db,
                &(n % 11).to_string(),
                "standing",
                "2026-11-02 09:00",
                Stdio::piped(),
            )
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(db.count("entries"), 13);
}

#[test]
fn a_log_killed_at_any_moment_leaves_a_valid_database() {
    let db = Db::new();
    db.log(1, "walking", "2026-11-01 08:00", &[]);
    let mut started = 0;
    for n in 0..40u64 {
        let mut child = spawn_log(&db, "5", "driving", "2026-11-03 10:00", Stdio::null());
        started += 1;
        // Kill at a different moment each time, from right away to after it finished.
        std::thread::sleep(std::time::Duration::from_micros(n * n * 40));
        let _ = child.kill();
        let _ = child.wait();
    }
    // Every entry either landed whole or not at all, and the file is intact.
    let count = db.count("entries");
    assert!(
        (1..=1 + started).contains(&count),
        "{count} entries after {started} attempts"
    );
    let out = db.dgs(&["history", "--format", "json"]).output();
    assert_eq!(out.status, 0, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    for entry in doc["entries"].as_array().unwrap() {
        assert!(
            entry["pain"].is_i64() && entry["activity"].is_string(),
            "a half-written entry: {entry}"
        );
    }
    db.log(2, "walking", "2026-11-04 08:00", &[]);
    assert_eq!(
        db.count("entries"),
        count + 1,
        "the database still takes writes"
    );
}
