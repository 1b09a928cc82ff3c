//! The pain diary: every command against a temporary database, and the reliability the
//! diary promises — transactions, concurrent writers, migrations, refusing what it cannot
//! read safely.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::harness::{Test, every_safety_question_no};

struct Db {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Db {
    fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("nested")).unwrap();
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
    let real = db.path.canonicalize().unwrap();
    db.dgs(&["forget", "--yes"]).expect(
        0,
        "",
        &format!(
            "deleted 5 diary entries and 0 saved assessments; removed {}\n",
            real.display()
        ),
    );
    assert!(!db.path.exists());
    assert_eq!(db.count("entries"), 0);
}

#[test]
fn saved_assessments_and_their_scores() {
    let db = Db::new();
    let safe = every_safety_question_no();
    let mut first: Vec<String> = ["--no-input", "--save", "-a", "wallet_back_pocket=yes"]
        .map(String::from)
        .to_vec();
    first.extend(["-a".into(), "sitting_worsens=yes".into()]);
    first.extend(safe.iter().cloned());
    let out = db.dgs(&[]).args(&first).output();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        format!("saved as assessment #1 in {}\n", db.arg())
    );
    let mut second: Vec<String> = [
        "--no-input",
        "--save",
        "-f",
        "json",
        "-a",
        "wallet_back_pocket=no",
    ]
    .map(String::from)
    .to_vec();
    second.extend(safe.iter().cloned());
    let out = db.dgs(&[]).args(&second).output();
    assert_eq!(
        (out.status, out.stderr),
        (0, format!("saved as assessment #2 in {}\n", db.arg()))
    );
    // Stopped early at an emergency: no cause was assessed, so it is not compared.
    let out = db.dgs(&["--save", "-a", "saddle_numbness=yes"]).output();
    assert_eq!(out.status, 0, "{}", out.stderr);
    let export = db.dgs(&["export"]).expect_ok();
    let doc: serde_json::Value = serde_json::from_str(&export).unwrap();
    assert_eq!(doc["schema"], "dgs-export/1");
    let saved = doc["assessments"].as_array().unwrap();
    assert_eq!(saved.len(), 3);
    assert_eq!(saved[0]["result"]["schema"], "dgs-result/1");
    assert_eq!(saved[0]["result"]["answers"]["wallet_back_pocket"], "yes");
    let insights = db.dgs(&["insights", "--format", "json"]).expect_ok();
    let doc: serde_json::Value = serde_json::from_str(&insights).unwrap();
    let wallet = find(&doc["insights"]["causes"], "cause", "wallet_pressure");
    assert_eq!(
        (wallet["first"].as_i64(), wallet["latest"].as_i64()),
        (Some(100), Some(0))
    );
    assert_eq!(wallet["latest_at"], saved[1]["at"], "{wallet}");
    // By name, as the questionnaire calls it.
    assert!(
        wallet["label"]
            .as_str()
            .is_some_and(|l| !l.is_empty() && l != "wallet_pressure"),
        "{wallet}"
    );
    let text = db.dgs(&["insights"]).expect_ok();
    assert!(text.contains(wallet["label"].as_str().unwrap()), "{text}");
}

#[test]
// A table of cases, one row each: it reads best as one list, however long.
#[allow(clippy::too_many_lines)]
fn bad_values_are_refused_before_anything_is_written() {
    let db = Db::new();
    for (args, code, message) in [
        (
            vec!["log", "--pain", "11", "--activity", "driving"],
            3,
            "error: invalid value `11` for `--pain`: expected a whole number from 0 to 10\n",
        ),
        (
            vec!["log", "--pain", "-1", "--activity", "driving"],
            3,
            "error: invalid value `-1` for `--pain`: expected a whole number from 0 to 10\n",
        ),
        (
            vec!["log", "--pain", "6.5", "--activity", "driving"],
            3,
            "error: invalid value `6.5` for `--pain`: expected a whole number from 0 to 10\n",
        ),
        (
            vec![
                "log",
                "--pain",
                "3",
                "--activity",
                "driving",
                "--minutes",
                "1441",
            ],
            3,
            "error: invalid value `1441` for `--minutes`: expected a whole number from 0 to 1440\n",
        ),
        (
            vec![
                "log",
                "--pain",
                "3",
                "--activity",
                "\u{1b}]52;c;ZXZpbA==\u{7}",
            ],
            3,
            "error: invalid value `\\u{1b}]52;c;ZXZpbA==\\u{7}` for `--activity`: expected `desk_sitting`, `driving`, `car_passenger`, `standing`, `walking`, `running`, `cycling`, `lifting`, `lying` or `other`\n",
        ),
        (
            vec![
                "log",
                "--pain",
                "3",
                "--activity",
                "driving",
                "--at",
                "-000100-01-01",
            ],
            3,
            "error: invalid time `-000100-01-01`: the year must be 1900 or later\n",
        ),
        (
            vec![
                "log",
                "--pain",
                "3",
                "--activity",
                "driving",
                "--at",
                "2026-01-01T10:00:00+25:00",
            ],
            3,
            "error: invalid time `2026-01-01T10:00:00+25:00`: the offset `+25` is not used anywhere (offsets run from -12:00 to +14:00)\n",
        ),
        (
            vec![
                "log",
                "--pain",
                "3",
                "--activity",
                "driving",
                "--at",
                "9999-12-31",
            ],
            3,
            "error: invalid time `9999-12-31`: it is in the future\n",
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
            "error: diary database `{}`: it is not a dgs diary, or it is damaged (file is not a database)\n",
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

// ---- The diary is private and never someone else's (issue 11) ----

/// Runs `dgs` with these arguments in `dir`, with `TZ=UTC`: for tests where the working
/// folder matters (relative `--db` names).
fn dgs_in(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dgs"))
        .args(args)
        .current_dir(dir)
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(path).unwrap().permissions()) & 0o777
}

#[test]
fn special_sqlite_names_are_plain_file_names() {
    for name in [":memory:", "file:real.db", "file:real.db?mode=memory"] {
        let dir = tempfile::tempdir().unwrap();
        let out = dgs_in(
            dir.path(),
            &[
                "--db",
                name,
                "log",
                "--pain",
                "4",
                "--activity",
                "walking",
                "--at",
                "2026-11-20 10:00",
            ],
        );
        assert_eq!(
            (out.status.code(), text(&out.stderr)),
            (
                Some(0),
                "logged entry #1: pain 4 while walking\n".to_string()
            ),
            "{name}"
        );
        assert_eq!(
            names(dir.path()),
            [name],
            "{name}: the entry went to a file of that name"
        );
        let out = dgs_in(dir.path(), &["--db", name, "history", "--format", "csv"]);
        assert_eq!(
            text(&out.stdout).lines().count(),
            2,
            "{name}: the entry was kept"
        );
        #[cfg(unix)]
        assert_eq!(mode(&dir.path().join(name)), 0o600, "{name}");
    }
}

#[test]
fn a_negative_schema_version_is_not_a_diary() {
    let db = Db::new();
    std::fs::create_dir_all(db.path.parent().unwrap()).unwrap();
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.pragma_update(None, "user_version", -5).unwrap();
    drop(conn);
    let before = std::fs::read(&db.path).unwrap();
    for args in [
        vec!["log", "--pain", "2", "--activity", "walking"],
        vec!["history"],
        vec!["export"],
    ] {
        db.dgs(&args).expect(
            1,
            "",
            &format!(
                "error: diary database `{}`: it is not a dgs diary, or it is damaged; it was left unchanged\n",
                db.arg()
            ),
        );
    }
    assert_eq!(std::fs::read(&db.path).unwrap(), before);
}

/// Another program's database, with a table and a row of its own.
fn foreign_database(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');")
        .unwrap();
}

#[test]
fn another_programs_database_is_refused_and_left_as_it_was() {
    let db = Db::new();
    foreign_database(&db.path);
    let before = std::fs::read(&db.path).unwrap();
    let folder = db.path.parent().unwrap();
    for args in [
        vec!["history"],
        vec!["insights"],
        vec!["export"],
        vec!["log", "--pain", "2", "--activity", "walking"],
        vec!["forget", "--yes"],
    ] {
        db.dgs(&args).expect(
            1,
            "",
            &format!(
                "error: diary database `{}`: it is not a dgs diary, or it is damaged; it was left unchanged\n",
                db.arg()
            ),
        );
        assert_eq!(
            std::fs::read(&db.path).unwrap(),
            before,
            "{args:?} changed it"
        );
        assert_eq!(names(folder), ["dgs.sqlite3"], "{args:?} added files");
    }
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete", "still in its own journal mode");
}

#[test]
fn reading_creates_nothing_and_leaves_no_files_behind() {
    let db = Db::new();
    for args in [
        vec!["history"],
        vec!["insights"],
        vec!["export"],
        vec!["export", "-f", "csv"],
    ] {
        assert_eq!(db.dgs(&args).output().status, 0);
        let folder = db.path.parent().unwrap();
        assert_eq!(
            std::fs::read_dir(folder).unwrap().count(),
            0,
            "{args:?} created a file"
        );
    }
    db.log(3, "walking", "2026-11-20 10:00", &[]);
    for args in [vec!["history"], vec!["insights"], vec!["export"]] {
        assert_eq!(db.dgs(&args).output().status, 0);
        assert_eq!(
            names(db.path.parent().unwrap()),
            ["dgs.sqlite3"],
            "{args:?}"
        );
    }
}

#[test]
fn forget_checks_it_is_a_diary_first() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "my notes\n").unwrap();
    let out = dgs_in(dir.path(), &["--db", "notes.txt", "forget", "--yes"]);
    assert_eq!(
        (out.status.code(), text(&out.stderr)),
        (
            Some(1),
            "error: diary database `notes.txt`: it is not a dgs diary, or it is damaged (file is not a database)\n".to_string()
        )
    );
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "my notes\n");
}

#[cfg(unix)]
#[test]
fn forget_through_a_link_forgets_the_diary_it_points_to() {
    let db = Db::new();
    db.log(
        3,
        "walking",
        "2026-11-20 10:00",
        &["--note", "private words"],
    );
    let link = db.path.with_file_name("link.db");
    std::os::unix::fs::symlink(&db.path, &link).unwrap();
    let real = db.path.canonicalize().unwrap();
    let out = Test::new()
        .args(["--db", &link.display().to_string(), "forget", "--yes"])
        .output();
    assert_eq!(
        (out.status, out.stderr),
        (
            0,
            format!(
                "deleted 1 diary entry and 0 saved assessments; removed {} (the diary the link {} points to; the link is left in place)\n",
                real.display(),
                link.display()
            )
        )
    );
    assert!(!db.path.exists(), "the diary itself is gone");
    assert_eq!(names(db.path.parent().unwrap()), ["link.db"]);
}

#[cfg(unix)]
#[test]
fn forget_empties_the_diary_so_no_other_name_keeps_it() {
    let db = Db::new();
    db.log(
        3,
        "walking",
        "2026-11-20 10:00",
        &["--note", "private words"],
    );
    db.log(4, "driving", "2026-11-21 10:00", &[]);
    let other = db.path.with_file_name("hard-link.db");
    std::fs::hard_link(&db.path, &other).unwrap();
    assert_eq!(db.dgs(&["forget", "--yes"]).output().status, 0);
    let left = std::fs::read(&other).unwrap();
    assert!(
        !left.windows(13).any(|w| w == b"private words"),
        "the note is still in the file's free pages"
    );
    assert_eq!(count_via_export(&other, "entries"), 0);
}

#[cfg(unix)]
#[test]
fn a_diary_others_can_read_is_made_private() {
    let db = Db::new();
    db.log(3, "walking", "2026-11-20 10:00", &[]);
    let loosen = |p: &Path| {
        std::fs::set_permissions(p, std::os::unix::fs::PermissionsExt::from_mode(0o666)).unwrap();
    };
    loosen(&db.path);
    // Another reader holds it open, so its -wal and -shm files exist: SQLite made them with
    // the diary's (loose) mode.
    let reader = rusqlite::Connection::open(&db.path).unwrap();
    let _: i64 = reader
        .query_row("SELECT count(*) FROM entries", [], |r| r.get(0))
        .unwrap();
    let journals = [
        PathBuf::from(format!("{}-wal", db.arg())),
        PathBuf::from(format!("{}-shm", db.arg())),
    ];
    for j in &journals {
        loosen(j);
    }
    let out = db.dgs(&["history", "--format", "json"]).output();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        format!(
            "warning: the diary `{}` could be read by other users (mode 0666); it is now private to you (mode 0600)\n",
            db.arg()
        )
    );
    for file in std::iter::once(&db.path).chain(&journals) {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }
    drop(reader);
}

#[cfg(unix)]
#[test]
fn a_diary_is_created_private_whatever_the_umask() {
    let db = Db::new();
    let out = Command::new("sh")
        .arg("-c")
        .arg("umask 000; exec \"$0\" --db \"$1\" log --pain 2 --activity walking")
        .arg(env!("CARGO_BIN_EXE_dgs"))
        .arg(&db.path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(mode(&db.path), 0o600);
    // The default location's folders are the only ones dgs creates: private too.
    let data = tempfile::tempdir().unwrap();
    let out = Command::new("sh")
        .arg("-c")
        .arg("umask 000; exec \"$0\" log --pain 2 --activity walking")
        .arg(env!("CARGO_BIN_EXE_dgs"))
        .env_remove("DGS_DB")
        .env("XDG_DATA_HOME", data.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let folder = data.path().join("dgs-check");
    assert_eq!(mode(&folder.join("dgs.sqlite3")), 0o600);
    assert_eq!(mode(&folder), 0o700);
}

#[cfg(unix)]
#[test]
fn a_diary_owned_by_another_user_is_refused() {
    if rustix::process::geteuid().as_raw() != 0 {
        eprintln!("skipped: only root can give a file to another user");
        return;
    }
    let nobody = 65_534;
    for file in ["", "-wal"] {
        let db = Db::new();
        db.log(3, "walking", "2026-11-20 10:00", &[]);
        let target = PathBuf::from(format!("{}{file}", db.arg()));
        if file == "-wal" {
            // Planted beside the diary in a shared folder, to be written into.
            std::fs::write(&target, b"").unwrap();
        }
        std::os::unix::fs::chown(&target, Some(nobody), None).unwrap();
        let before = std::fs::read(&db.path).unwrap();
        for args in [
            vec!["log", "--pain", "2", "--activity", "walking"],
            vec!["history"],
        ] {
            db.dgs(&args).expect(
                1,
                "",
                &format!(
                    "error: diary database `{}`: it belongs to another user (uid {nobody}), who could read what you write; nothing was read or written\n",
                    db.arg()
                ),
            );
        }
        assert_eq!(std::fs::read(&db.path).unwrap(), before, "{file}");
    }
}

/// Eight `dgs log`s at once on a diary that does not exist yet, on four diaries at a time (the
/// crowding makes the first-use races show: before the fix about one diary in ten lost a log
/// to "File exists" or "database is locked"), ten times over.
#[test]
fn first_use_by_many_at_once_loses_nothing() {
    for round in 0..10 {
        let dbs: Vec<Db> = (0..4).map(|_| Db::new()).collect();
        let children: Vec<_> = dbs
            .iter()
            .flat_map(|db| {
                (0..8).map(move |n| {
                    spawn_log(
                        db,
                        &n.to_string(),
                        "standing",
                        "2026-11-02 09:00",
                        Stdio::piped(),
                    )
                })
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        for db in &dbs {
            assert_eq!(db.count("entries"), 8, "round {round}");
        }
    }
}

#[test]
fn a_full_disk_is_called_a_full_disk() {
    let db = Db::new();
    db.log(3, "walking", "2026-11-20 10:00", &[]);
    let small = db.path.with_file_name("small");
    std::fs::create_dir(&small).unwrap();
    // A 2 MiB file system of its own, filled up; needs a user namespace to mount it.
    let script = r#"mount -t tmpfs -o size=2m tmpfs "$1" || exit 77
        cp "$2" "$1/dgs.sqlite3" && cat /dev/zero > "$1/filler" 2>/dev/null
        exec env TZ=UTC "$0" --db "$1/dgs.sqlite3" log --pain 4 --activity walking"#;
    let out = Command::new("unshare")
        .args(["-rm", "sh", "-c", script, env!("CARGO_BIN_EXE_dgs")])
        .arg(&small)
        .arg(&db.path)
        .output();
    let Ok(out) = out.map_err(|e| eprintln!("skipped: no unshare ({e})")) else {
        return;
    };
    if out.status.code() == Some(77) || text(&out.stderr).starts_with("unshare:") {
        eprintln!("skipped: cannot mount a small file system here");
        return;
    }
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!(
            "error: diary database `{}/dgs.sqlite3`: the disk is full; free some space and try again\n",
            small.display()
        )
    );
}

#[test]
fn a_time_zone_file_that_never_ends_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big-zone");
    std::fs::write(&big, vec![0u8; (1 << 20) + 1]).unwrap();
    let cases = [
        (
            ":/dev/zero".to_string(),
            "names something that is not a time zone file".to_string(),
        ),
        (
            "/dev/zero".to_string(),
            "names something that is not a time zone file".to_string(),
        ),
        (
            format!(":{}", dir.path().display()),
            "names something that is not a time zone file".to_string(),
        ),
        (
            format!(":{}", big.display()),
            format!(
                "names a file of {} bytes; a time zone file is at most 1048576",
                (1 << 20) + 1
            ),
        ),
    ];
    for (tz, why) in cases {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dgs"))
            .args(["--db", &dir.path().join("d.db").display().to_string()])
            .args(["log", "--pain", "3", "--activity", "walking"])
            .env("TZ", &tz)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        while child.try_wait().unwrap().is_none() {
            if started.elapsed() > std::time::Duration::from_secs(20) {
                let _ = child.kill();
                panic!("TZ={tz}: still reading after 20 s");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            (out.status.code(), text(&out.stderr)),
            (Some(3), format!("error: the time zone `TZ={tz}` {why}\n")),
        );
    }
    assert!(!dir.path().join("d.db").exists());
}

#[test]
fn at_reads_today_as_now_and_refuses_skipped_times() {
    use jiff::Timestamp;
    // A zone where it is one o'clock in the morning now: noon today is still to come.
    let hour = Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .hour();
    let ahead = (25 - i32::from(hour)) % 24;
    let tz = format!("XXX-{ahead}");
    let today = Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::posix(&tz).unwrap())
        .date()
        .to_string();
    let db = Db::new();
    let out = db
        .dgs(&[
            "log",
            "--pain",
            "2",
            "--activity",
            "walking",
            "--at",
            &today,
        ])
        .env("TZ", &tz)
        .output();
    assert_eq!(out.status, 0, "TZ={tz} --at {today}: {}", out.stderr);

    db.dgs(&["log", "--pain", "2", "--activity", "walking", "--at", "2026-03-29 02:30"])
        .env("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")
        .expect(
            3,
            "",
            "error: invalid time `2026-03-29 02:30`: the clocks skipped that time where you are (they went forward from +01 to +02); give a time outside the gap, or one with an offset such as `2026-03-29T02:30:00+01`\n",
        );
}

#[test]
fn diary_text_reaches_the_terminal_escaped_and_spreadsheets_as_text() {
    let db = Db::new();
    db.log(
        5,
        "other",
        "2026-11-20 10:00",
        &[
            "--detail",
            "@SUM(1+1)*cmd|' /C calc'!A0",
            "--note",
            "=HYPERLINK(\"http://evil.example\",\"x\")\n2026-11-21 09:00  Assessment #9  —  —  emergency\u{1b}]52;c;ZXZpbA==\u{7}",
        ],
    );
    let history = db.dgs(&["history"]).expect_ok();
    assert!(
        !history.contains('\u{1b}') && !history.contains('\u{7}'),
        "{history:?}"
    );
    let rows: Vec<&str> = history.lines().skip(6).collect();
    assert_eq!(
        rows,
        [
            "2026-11-20 10:00  Something else (@SUM(1+1)*c…    5       —  =HYPERLINK(\"http://evil.example\",\"x\")\\n2026-11-21 09:00  Assessment #9  —  —  emergency\\u{1b}]52;c;ZXZpbA==\\u{7}"
        ],
        "one entry, one row"
    );
    for args in [
        vec!["export", "--format", "csv"],
        vec!["history", "--format", "csv"],
    ] {
        let csv = db.dgs(&args).expect_ok();
        assert!(
            csv.contains(",'@SUM(1+1)*cmd|' /C calc'!A0,")
                && csv.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\n"),
            "{args:?}: {csv}"
        );
        assert!(!csv.contains('\u{1b}'), "{args:?}");
    }
    // JSON keeps the text exactly, escaped as JSON does.
    let json = db.dgs(&["export"]).expect_ok();
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        doc["entries"][0]["note"]
            .as_str()
            .unwrap()
            .ends_with("\u{1b}]52;c;ZXZpbA==\u{7}")
    );
}

/// A save that fails never hides the result: the whole report (an emergency, here) comes
/// first, then a warning that says why it was not saved, and exit 5.
#[test]
fn a_failed_save_never_hides_the_result() {
    let dir = tempfile::tempdir().unwrap();
    let newer = dir.path().join("newer.sqlite3");
    {
        let conn = rusqlite::Connection::open(&newer).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let report = Test::new()
        .args(["-a", "saddle_numbness=yes"])
        .output()
        .stdout;
    assert!(
        report.contains("EMERGENCY: get medical help now"),
        "{report}"
    );
    for db in [dir.path().to_path_buf(), newer] {
        let db = db.display().to_string();
        let out = Test::new()
            .args(["-a", "saddle_numbness=yes", "--save", "--db", &db])
            .output();
        assert_eq!(out.status, 5, "{db}: {}", out.stderr);
        assert_eq!(out.stdout, report, "{db}");
        assert!(
            out.stderr.starts_with(&format!(
                "warning: the result above was not saved: diary database `{db}`: "
            )),
            "{db}: {}",
            out.stderr
        );
    }
}

/// An explicit `--db` in a folder that does not exist is refused, not created: a typo would
/// otherwise leave a diary nobody finds again.
#[test]
fn a_db_in_a_missing_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder");
    let db = missing.join("dgs.sqlite3");
    Test::new()
        .args(["--db", &db.display().to_string(), "log", "--pain", "3", "--activity", "walking"])
        .expect(
            1,
            "",
            &format!(
                "error: diary database `{}`: the folder `{}` does not exist; create it first, or choose another --db\n",
                db.display(),
                missing.display()
            ),
        );
    assert!(!missing.exists(), "the folder was created");
}
