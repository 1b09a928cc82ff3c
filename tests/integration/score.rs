use crate::harness::{Test, fixture};

/// The summary line carries a time, which varies; everything else is exact.
#[track_caller]
fn summary(stderr: &str, expected: &str) {
    let first = stderr.lines().next().unwrap_or_default();
    let (head, tail) = first.split_once(" in ").expect("a summary line");
    assert_eq!(head, expected, "{stderr}");
    assert!(tail.ends_with(" s"), "{stderr}");
}

const ANSWER_SETS: &[&str] = &[
    r#"{"saddle_numbness": "yes"}"#,
    r#"{"age": 55, "first_episode": "yes", "buttock_pain": "yes", "sitting_worsens": "yes"}"#,
    r#"{"sciatica_both_legs": "no", "calf_pain_walking": "yes", "vascular_risk": ["smoking"], "sitting_hours_per_day": 7.5}"#,
    r#"{"also_worse_with": "stairs,hard_seats", "pain_radiates": "foot", "cough_sneeze_worsens": true}"#,
    "{}",
];

#[test]
fn no_progress_when_stderr_is_not_a_terminal() {
    let out = Test::new()
        .write("many.jsonl", "{}\n".repeat(25_000))
        .args(["score", "many.jsonl"])
        .output();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    summary(&out.stderr, "scored 25000 records (0 with errors)");
}

#[test]
fn score_equals_assess_record_by_record() {
    let input = ANSWER_SETS.join("\n") + "\n";
    let out = Test::new()
        .write("in.jsonl", &input)
        .args(["score", "in.jsonl", "--jobs", "2"])
        .output();
    assert_eq!(out.status, 0, "{}", out.stderr);
    summary(&out.stderr, "scored 5 records (0 with errors)");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), ANSWER_SETS.len());
    for (line, answers) in lines.iter().zip(ANSWER_SETS) {
        let assessed = Test::new()
            .write("a.json", answers)
            .args([
                "assess",
                "--no-input",
                "--format",
                "json",
                "--answers",
                "a.json",
            ])
            .expect_ok();
        let from_score: serde_json::Value = serde_json::from_str(line).unwrap();
        let from_assess: serde_json::Value = serde_json::from_str(&assessed).unwrap();
        assert_eq!(from_score, from_assess, "{answers}");
    }
}

#[test]
fn csv_by_extension_json_lines_from_stdin_and_respondents_carried() {
    let csv = "respondent,age,buttock_pain\r\nann,40,yes\r\nbob,41,no\r\n";
    let out = Test::new()
        .write("in.csv", csv)
        .args(["score", "in.csv"])
        .output();
    assert_eq!(out.status, 0, "{}", out.stderr);
    summary(&out.stderr, "scored 2 records (0 with errors)");
    let who: Vec<String> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["respondent"].to_string())
        .collect();
    assert_eq!(who, ["\"ann\"", "\"bob\""]);
    let out = Test::new()
        .stdin("{\"id\": 9, \"age\": 30}\n")
        .args(["score"])
        .output();
    assert_eq!(out.status, 0);
    assert!(
        out.stdout
            .starts_with(r#"{"schema":"dgs-result/1","respondent":9,"#),
        "{}",
        out.stdout
    );
    let out = Test::new()
        .stdin(csv)
        .args(["score", "-", "--input-format", "csv"])
        .output();
    assert_eq!(out.stdout.lines().count(), 2, "{}", out.stderr);
}

#[test]
fn bad_records_are_reported_counted_and_exit_3() {
    let input = "{\"age\": 30}\n{\"age\": \"old\"}\n{\"age\": 31}\n";
    let out = Test::new()
        .stdin(input)
        .args(["score", "-q", &fixture("small.yaml")])
        .output();
    assert_eq!(out.status, 3);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[0],
        r#"{"schema":"dgs-error/1","record":1,"line":1,"errors":["unknown question `age`: `dgs questions` lists the ids"]}"#
    );
    let stderr: Vec<&str> = out.stderr.lines().collect();
    summary(&out.stderr, "scored 3 records (3 with errors)");
    assert_eq!(
        stderr[1],
        "error: 3 of 3 records could not be scored; their `dgs-error/1` lines say why"
    );
}

#[test]
fn empty_and_header_only_inputs() {
    let out = Test::new().stdin("").args(["score"]).output();
    assert_eq!((out.status, out.stdout.as_str()), (0, ""));
    summary(&out.stderr, "scored 0 records (0 with errors)");
    let out = Test::new()
        .write("h.csv", "age,buttock_pain\n")
        .args(["score", "h.csv"])
        .output();
    assert_eq!((out.status, out.stdout.as_str()), (0, ""));
    summary(&out.stderr, "scored 0 records (0 with errors)");
}

#[test]
fn a_missing_input_file_exits_1() {
    Test::new().args(["score", "nope.jsonl"]).expect(
        1,
        "",
        "error: cannot read `nope.jsonl`: No such file or directory (os error 2)\n",
    );
}

#[test]
fn completions_and_man_page_come_from_the_command_definition() {
    for (shell, needle) in [
        ("bash", "_dgs()"),
        ("zsh", "#compdef dgs"),
        ("fish", "complete -c dgs"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = Test::new().args(["completions", shell]).expect_ok();
        assert!(
            out.contains(needle),
            "{shell}: {}",
            &out[..out.len().min(300)]
        );
        for word in ["assess", "questions", "validate", "score"] {
            assert!(out.contains(word), "{shell} completions lack {word}");
        }
    }
    let man = Test::new().args(["man"]).expect_ok();
    assert!(
        man.starts_with(".ie \\n(.g .ds Aq \\(aq"),
        "{}",
        &man[..100]
    );
    assert!(man.contains(".TH dgs 1"), "{}", &man[..300]);
    assert!(man.contains("\\-\\-no\\-input"));
}

/// Runs `dgs` with stdout into a pipe that is closed after the first line, like `| head -1`.
fn first_line_then_close(args: &[&str], stdin: Option<String>) -> (String, i32, String) {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_dgs"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        std::thread::spawn(move || {
            let _ = pipe.write_all(input.as_bytes());
        });
    }
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is dropped here: dgs writes on into a closed pipe.
    let out = child.wait_with_output().unwrap();
    (
        first,
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    let (first, code, stderr) = first_line_then_close(&["-a", "saddle_numbness=yes"], None);
    assert_eq!(first, "Buttock, hip and back-of-leg pain check — result\n");
    assert_eq!((code, stderr.as_str()), (0, ""));
    let many = "{\"age\": 40}\n".repeat(20_000);
    let (first, code, stderr) = first_line_then_close(&["score"], Some(many));
    assert!(first.starts_with(r#"{"schema":"dgs-result/1""#), "{first}");
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_full_disk_is_a_clear_error_for_score_too() {
    use std::process::{Command, Stdio};
    let out = Command::new(env!("CARGO_BIN_EXE_dgs"))
        .args(["score", "-"])
        .stdin(Stdio::piped())
        .stdout(
            std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(b"{\"age\": 30}\n")?;
            child.wait_with_output()
        })
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: cannot write the report: No space left on device (os error 28)\n"
    );
}

/// The yes/no safety questions but one.
fn all_red_flags_no(except: &str) -> Vec<&'static str> {
    [
        "sciatica_both_legs",
        "saddle_numbness",
        "bladder_bowel_change",
        "sexual_function_change",
        "leg_weakness_progressive",
        "leg_cold_pale",
        "foot_drop",
        "fever_or_unwell",
        "recent_trauma",
        "calf_swollen_hot",
        "cancer_history",
        "unexplained_weight_loss",
        "night_pain_unrelenting",
        "infection_risk",
    ]
    .into_iter()
    .filter(|id| *id != except)
    .collect()
}

#[test]
fn a_repeated_csv_column_is_a_header_problem_reported_once() {
    // `yes` then `no` for saddle numbness: reading the later cell turned an emergency into
    // self-care. The header is refused before any record, once, with exit 3.
    let mut names = vec!["respondent", "saddle_numbness"];
    names.extend(all_red_flags_no("saddle_numbness"));
    names.push("saddle_numbness");
    let header = names.join(",");
    let row = |n: usize| {
        let mut cells = vec![format!("r{n}"), "yes".to_string()];
        cells.extend(std::iter::repeat_n("no".to_string(), names.len() - 3));
        cells.push("no".to_string());
        cells.join(",")
    };
    let input = format!("{header}\n{}\n{}\n", row(1), row(2));
    let out = Test::new()
        .write("in.csv", input)
        .args(["score", "in.csv"])
        .output();
    assert_eq!(out.status, 3, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    let last = names.len();
    assert_eq!(
        out.stderr,
        format!(
            "error: cannot read answers from `in.csv`: the CSV header names `saddle_numbness` twice (columns 2 and {last}); give each question one column\n"
        )
    );
}

#[test]
fn an_oversized_record_is_a_bad_record_and_the_run_goes_on() {
    // (file, header, good record, line of the oversized record)
    for (name, header, good, line) in [
        ("in.jsonl", "", "{\"age\": 30}\n", 1),
        ("in.csv", "age\n", "30\n", 2),
    ] {
        // Three MiB of NUL bytes and no line break, as from /dev/zero, then a good record.
        let mut input = header.as_bytes().to_vec();
        input.extend(std::iter::repeat_n(0u8, 3 << 20));
        input.push(b'\n');
        input.extend_from_slice(good.as_bytes());
        let out = Test::new()
            .write(name, input)
            .args(["score", name])
            .output();
        assert_eq!(out.status, 3, "{name}: {}", out.stderr);
        let lines: Vec<&str> = out.stdout.lines().collect();
        assert_eq!(lines.len(), 2, "{name}");
        assert_eq!(
            lines[0],
            format!(
                r#"{{"schema":"dgs-error/1","record":1,"line":{line},"errors":["line {line}: the record is longer than 1 MiB, the most one record may be"]}}"#
            ),
            "{name}"
        );
        assert!(lines[1].contains(r#""age":30"#), "{name}: {}", lines[1]);
    }
}

#[test]
fn an_unterminated_csv_quote_is_reported_with_its_line() {
    let input = "age,pain_radiates\n30,foot\n40,\"foot\n50,none\n60,thigh\n";
    let out = Test::new()
        .write("in.csv", input)
        .args(["score", "in.csv"])
        .output();
    assert_eq!(out.status, 3, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", out.stdout);
    assert_eq!(
        lines[1],
        r#"{"schema":"dgs-error/1","record":2,"line":3,"errors":["line 3: a quoted field opens here and is never closed, so every row after it was read into this one"]}"#
    );
}

#[test]
fn respondent_and_id_together_name_the_respondent() {
    for (name, input) in [
        (
            "in.jsonl",
            "{\"id\": 7, \"respondent\": \"ann\", \"age\": 30}\n",
        ),
        ("in.csv", "id,respondent,age\n7,ann,30\n"),
    ] {
        let out = Test::new()
            .write(name, input)
            .args(["score", name])
            .output();
        assert_eq!(out.status, 0, "{name}: {}", out.stdout);
        assert!(
            out.stdout.contains(r#""respondent":"ann""#),
            "{name}: {}",
            out.stdout
        );
    }
}

#[test]
fn a_failed_write_is_a_failure_and_nothing_panics() {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.jsonl"), "{\"age\": 30}\n").unwrap();
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let run = |args: &[&str], stdout: Stdio, stderr: Stdio| {
        Command::new(env!("CARGO_BIN_EXE_dgs"))
            .args(args)
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(stderr)
            .status()
            .unwrap()
            .code()
    };
    // Standard error on a full disk: the summary cannot be written, which is no panic.
    assert_eq!(
        run(&["score", "in.jsonl"], Stdio::null(), full().into()),
        Some(0)
    );
    // Standard output on a full disk, for the result, the help and the version.
    for args in [
        &["score", "in.jsonl"][..],
        &["--no-input", "-a", "age=30"],
        &["--help"],
        &["--version"],
    ] {
        assert_eq!(run(args, full().into(), Stdio::null()), Some(1), "{args:?}");
    }
}

#[test]
fn a_closed_stdout_is_a_failure() {
    // Run through the shell, which can close a descriptor: `>&-`.
    for command in [
        "\"$DGS\" score in.jsonl >&-",
        "\"$DGS\" --no-input -a age=30 >&-",
        "\"$DGS\" --help >&-",
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("in.jsonl"), "{\"age\": 30}\n").unwrap();
        let out = std::process::Command::new("sh")
            .args(["-c", command])
            .env("DGS", env!("CARGO_BIN_EXE_dgs"))
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{command}");
    }
    // `> /dev/null` is a choice, not a failure.
    let out = std::process::Command::new("sh")
        .args(["-c", "\"$DGS\" --no-input -a age=30 > /dev/null"])
        .env("DGS", env!("CARGO_BIN_EXE_dgs"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

/// Ctrl-C or SIGTERM mid-run: records already taken are finished, so every line written is
/// whole; the summary is printed; the exit code is 130 or 143.
#[cfg(unix)]
#[test]
fn a_signal_mid_run_leaves_whole_lines_a_summary_and_its_exit_code() {
    use std::io::Read;
    use std::process::{Command, Stdio};

    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("many.jsonl");
    std::fs::write(&input, "{\"age\": 40}\n".repeat(1_000_000)).unwrap();
    for (signal, name, code) in [(15, "SIGTERM", 143), (2, "Ctrl-C", 130)] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dgs"))
            .args(["score", "--jobs", "2"])
            .arg(&input)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 4096];
        stdout.read_exact(&mut first).unwrap();
        let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).unwrap());
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::try_from(signal).unwrap()).unwrap();
        let mut rest = Vec::new();
        stdout.read_to_end(&mut rest).unwrap();
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(code), "{name}: {stderr}");
        let all = [&first[..], &rest].concat();
        let text = String::from_utf8(all).unwrap();
        assert!(text.ends_with('\n'), "{name}: the last line was cut");
        let lines = text.lines().count();
        assert!(lines < 1_000_000, "{name}: the run was not stopped");
        for line in text.lines() {
            serde_json::from_str::<serde_json::Value>(line)
                .unwrap_or_else(|e| panic!("{name}: a cut line {line:?}: {e}"));
        }
        assert!(
            stderr.starts_with(&format!("scored {lines} records (0 with errors) in ")),
            "{name}: {stderr}"
        );
        assert!(
            stderr.ends_with(&format!(
                "error: stopped by {name} after {lines} records; every line written is whole\n"
            )),
            "{name}: {stderr}"
        );
    }
}

/// `assess --format json` for these answers: what every `score` form must agree with.
fn assessed(answers: &str) -> serde_json::Value {
    let out = Test::new()
        .write("a.json", answers)
        .args([
            "assess",
            "--no-input",
            "--format",
            "json",
            "--answers",
            "a.json",
        ])
        .expect_ok();
    serde_json::from_str(&out).unwrap()
}

/// `[[id, score, level], …]` of a full result's patterns or causes, in its (ranked) order.
/// Patterns or causes as a lean line lists them: those the answers gave something, or
/// `null` when nothing was assessed.
fn id_score_level(targets: &serde_json::Value) -> serde_json::Value {
    let mut rows = targets.as_array().unwrap().iter().peekable();
    if rows.peek().is_some_and(|t| t["score"].is_null()) {
        return serde_json::Value::Null;
    }
    rows.filter(|t| t["score"] != 0 || t["level"] != "unlikely")
        .map(|t| serde_json::json!([t["id"], t["score"], t["level"]]))
        .collect()
}

fn ids(list: &serde_json::Value, key: Option<&str>) -> Vec<String> {
    let items = list.as_array().unwrap().iter();
    items
        .map(|v| key.map_or(v, |k| &v[k]).as_str().unwrap().to_string())
        .collect()
}

#[test]
fn lean_equals_assess_record_by_record() {
    let input = ANSWER_SETS.join("\n") + "\n";
    let out = Test::new()
        .write("in.jsonl", &input)
        .args(["score", "in.jsonl", "--output", "lean", "--jobs", "2"])
        .output();
    assert_eq!(out.status, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), ANSWER_SETS.len());
    for (line, answers) in lines.iter().zip(ANSWER_SETS) {
        let full = assessed(answers);
        let lean: serde_json::Value = serde_json::from_str(line).unwrap();
        let scores: Vec<serde_json::Value> = (full["scores"].as_array().unwrap().iter())
            .map(|s| serde_json::json!([s["id"], s["value"], s["band"]]))
            .collect();
        let triage = &full["triage"];
        let mut expected = serde_json::json!({
            "schema": "dgs-lean/2",
            "triage": triage["level"],
            "screening_complete": triage["screening_complete"],
            "stopped_early": triage["stopped_early"],
            "red_flags": ids(&full["red_flags"], Some("id")),
            "unanswered_red_flags": triage["unanswered_red_flags"],
            "patterns": id_score_level(&full["patterns"]),
            "causes": id_score_level(&full["causes"]),
            "suggestions": ids(&full["suggestions"], Some("id")),
            "scores": scores,
            "unanswered": full["unanswered"].as_array().unwrap().len(),
        });
        // Present, as in the full result, only when a threshold rule fired.
        if full.get("thresholds").is_some() {
            expected["thresholds"] = ids(&full["thresholds"], Some("id")).into();
        }
        assert_eq!(lean, expected, "{answers}");
        assert!(line.len() < 1_024, "{} bytes: {line}", line.len());
    }
}

/// The rows of a CSV text, each as column name → cell.
fn csv_rows(text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            assert_eq!(r.len(), header.len());
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn wide_equals_assess_record_by_record() {
    let input = ANSWER_SETS.join("\n") + "\n{\"age\": \"old\"}\n";
    let out = Test::new()
        .write("in.jsonl", &input)
        .args(["score", "in.jsonl", "--output", "wide"])
        .output();
    assert_eq!(out.status, 3, "{}", out.stderr);
    let rows = csv_rows(&out.stdout);
    assert_eq!(rows.len(), ANSWER_SETS.len() + 1);
    for (row, answers) in rows.iter().zip(ANSWER_SETS) {
        let full = assessed(answers);
        let triage = &full["triage"];
        assert_eq!(
            row["triage"],
            triage["level"].as_str().unwrap(),
            "{answers}"
        );
        assert_eq!(
            row["screening_complete"],
            triage["screening_complete"].to_string()
        );
        assert_eq!(
            row["red_flags"],
            ids(&full["red_flags"], Some("id")).join(" ")
        );
        let unanswered = ids(&triage["unanswered_red_flags"], None).join(" ");
        assert_eq!(row["unanswered_red_flags"], unanswered);
        for kind in ["pattern", "cause"] {
            for t in full[format!("{kind}s")].as_array().unwrap() {
                let id = t["id"].as_str().unwrap();
                // Not assessed (stopped early): empty cells, never `0` and `unlikely`.
                let score = &row[&format!("{kind}_{id}_score")];
                let want = if t["score"].is_null() {
                    String::new()
                } else {
                    t["score"].to_string()
                };
                assert_eq!(*score, want, "{answers}: {kind} {id}");
                let level = &row[&format!("{kind}_{id}_level")];
                assert_eq!(
                    level,
                    t["level"].as_str().unwrap_or_default(),
                    "{answers}: {kind} {id}"
                );
            }
        }
        for s in full["scores"].as_array().unwrap() {
            let id = s["id"].as_str().unwrap();
            let value: f64 = row[&format!("score_{id}")].parse().unwrap();
            assert!(
                (value - s["value"].as_f64().unwrap()).abs() < 1e-9,
                "{answers}"
            );
            assert_eq!(
                row[&format!("score_{id}_band")],
                s["band"].as_str().unwrap()
            );
        }
        assert_eq!(row["error"], "");
    }
    let bad = rows.last().unwrap();
    assert_eq!(bad["triage"], "");
    assert!(bad["error"].starts_with("line 6: "), "{}", bad["error"]);
}

#[test]
fn a_wide_respondent_that_would_run_as_a_formula_is_defused() {
    let out = Test::new()
        .stdin("{\"respondent\": \"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\", \"age\": 40}\n")
        .args(["score", "--output", "wide"])
        .output();
    assert_eq!(out.status, 0, "{}", out.stderr);
    let rows = csv_rows(&out.stdout);
    assert_eq!(rows[0]["respondent"], "'=HYPERLINK(\"http://x\",\"y\")");
}

/// An export as a form tool writes it: a timestamp, an id of its own, then the answers.
const EXPORT: &str = "Timestamp,ResponseId,age,buttock_pain,Email\n\
                      2026-01-02,R_1,40,yes,a@example.org\n\
                      2026-01-03,R_2,41,no,=1+1\n";

#[test]
fn columns_that_are_not_questions_are_one_header_problem_or_ignored_once() {
    let out = Test::new()
        .write("export.csv", EXPORT)
        .args(["score", "export.csv"])
        .output();
    assert_eq!((out.status, out.stdout.as_str()), (3, ""));
    assert_eq!(
        out.stderr,
        "error: cannot read answers from `export.csv`: the CSV header has 2 columns that are not \
         questions: `Timestamp` (column 1), `Email` (column 5); score without them with \
         --ignore-unknown-columns, or name the respondent's column with --id-column\n"
    );
    let out = Test::new()
        .write("export.csv", EXPORT)
        .args([
            "score",
            "export.csv",
            "--ignore-unknown-columns",
            "-o",
            "lean",
        ])
        .output();
    assert_eq!(out.status, 0, "{}", out.stderr);
    let stderr: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(
        stderr[0],
        "warning: `export.csv`: ignoring 2 columns that are not questions: `Timestamp` (column 1), `Email` (column 5)"
    );
    summary(&stderr[1..].join("\n"), "scored 2 records (0 with errors)");
    let who: Vec<String> = (out.stdout.lines())
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["respondent"].to_string())
        .collect();
    assert_eq!(who, ["\"R_1\"", "\"R_2\""]);
}

#[test]
fn an_id_column_names_the_respondent_in_csv_and_json_lines() {
    let csv = "pid,age\np1,40\n";
    let out = Test::new()
        .write("in.csv", csv)
        .args(["score", "in.csv", "--id-column", "pid", "-o", "lean"])
        .output();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(r#""respondent":"p1""#),
        "{}",
        out.stdout
    );
    let out = Test::new()
        .stdin("{\"pid\": 7, \"age\": 40}\n")
        .args(["score", "--id-column", "pid", "-o", "lean"])
        .output();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.contains(r#""respondent":7"#), "{}", out.stdout);
    // Named but not there: a header problem, not a run without respondents.
    Test::new()
        .write("in.csv", csv)
        .args(["score", "in.csv", "--id-column", "participant"])
        .expect(
            3,
            "",
            "error: cannot read answers from `in.csv`: the CSV header has no `participant` column to name the respondent (--id-column)\n",
        );
}

#[test]
fn unknown_json_lines_keys_are_errors_or_ignored() {
    let input =
        "{\"Timestamp\": \"x\", \"age\": 40}\n{\"age\": 41, \"Timestamp\": [1, {\"a\": 2}]}\n";
    let out = Test::new()
        .stdin(input)
        .args(["score", "-o", "lean"])
        .output();
    assert_eq!(out.status, 3, "{}", out.stderr);
    let out = Test::new()
        .stdin(input)
        .args(["score", "-o", "lean", "--ignore-unknown-columns"])
        .output();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(out.stdout.lines().count(), 2);
}

#[test]
fn the_format_is_guessed_from_content_and_said_in_the_summary() {
    let out = Test::new()
        .write("export.txt", "age,buttock_pain\n40,yes\n")
        .args(["score", "export.txt", "--summary"])
        .output();
    assert_eq!(out.status, 0, "{}", out.stderr);
    let stderr: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(stderr[1], "input: CSV (decided by its content)");
    assert_eq!(stderr[2], "records: 1 (1 scored, 0 with errors)");
    let out = Test::new()
        .stdin("\n{\"age\": 40}\n")
        .args(["score", "--summary"])
        .output();
    assert_eq!(
        out.stderr.lines().nth(1),
        Some("input: JSON Lines (decided by its content)")
    );
}

#[test]
fn errors_carry_the_input_line_and_a_json_line_its_own_column() {
    let input = "{\"age\": 40}\n\n\n{\"age\": 40,}\n";
    let out = Test::new()
        .stdin(input)
        .args(["score", "-o", "lean"])
        .output();
    assert_eq!(out.status, 3);
    assert_eq!(
        out.stdout.lines().nth(1),
        Some(
            r#"{"schema":"dgs-error/1","record":2,"line":4,"errors":["invalid JSON: trailing comma at column 12 of the line"]}"#
        )
    );
}

#[test]
fn the_summary_counts_levels_and_scores_as_text_or_json_in_a_file() {
    let input = ANSWER_SETS.join("\n") + "\n{\"age\": \"old\"}\n";
    let kept = tempfile::tempdir().unwrap();
    let file = kept.path().join("summary.json");
    let out = Test::new()
        .write("in.jsonl", &input)
        .args([
            "score",
            "in.jsonl",
            "-o",
            "lean",
            "--summary-format",
            "json",
        ])
        .args(["--jobs", "2", "--summary-file", file.to_str().unwrap()])
        .output();
    assert_eq!(out.status, 3, "{}", out.stderr);
    // The file holds the summary; standard error only the count and the exit's reason.
    assert_eq!(out.stderr.lines().count(), 2, "{}", out.stderr);
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(doc["schema"], "dgs-summary/1");
    assert_eq!(
        (doc["records"].as_u64(), doc["errors"].as_u64()),
        (Some(6), Some(1))
    );
    assert_eq!(doc["input"]["format"], "jsonl");
    let triage: u64 = (doc["triage"].as_object().unwrap().values())
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(triage, 5);
    // The first answer set is an emergency; each pattern is counted once per scored record.
    assert_eq!(doc["triage"]["emergency"], 1);
    for counts in doc["patterns"].as_object().unwrap().values() {
        let total: u64 = counts
            .as_object()
            .unwrap()
            .values()
            .map(|n| n.as_u64().unwrap())
            .sum();
        assert_eq!(total, 5, "{counts}");
    }
    let pain = &doc["scores"].as_object().unwrap().values().next().unwrap();
    assert!(pain["count"].as_u64().is_some(), "{pain}");
}

#[test]
fn batch_outputs_carry_classifications_thresholds_and_unscored() {
    let input = "{\"respondent\":\"r1\",\"sbst_1\":\"agree\",\"sbst_2\":\"agree\",\"sbst_3\":\"agree\",\"sbst_4\":\"agree\",\"sbst_5\":\"agree\",\"sbst_6\":\"agree\",\"sbst_7\":\"agree\",\"sbst_8\":\"disagree\",\"sbst_9\":\"extremely\"}\n{\"respondent\":\"r2\",\"sbst_1\":\"agree\"}\n";
    let out = Test::new()
        .stdin(input)
        .args(["score", "-q", "startback", "--output", "wide"])
        .output();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "respondent,triage,screening_complete,stopped_early,red_flags,unanswered_red_flags,score_sbst_total,score_sbst_total_band,score_sbst_distress,score_sbst_distress_band,class_sbst_risk,unscored,error\n\
         r1,self_care,true,false,,,8.0,,4.0,,high,,\n\
         r2,self_care,true,false,,,,,,,,sbst_total sbst_distress,\n"
    );
    let out = Test::new()
        .stdin(input)
        .args(["score", "-q", "startback", "--output", "lean"])
        .output();
    assert!(
        out.stdout
            .contains(r#""classifications":[["sbst_risk","high"]]"#)
            && out
                .stdout
                .contains(r#""classifications":[["sbst_risk",null]]"#),
        "{}",
        out.stdout
    );
    // Too few answers for a score: no value, and said so, never a 0.
    assert!(
        out.stdout
            .contains(r#""scores":[],"unscored":[["sbst_total",1,9],["sbst_distress",0,5]],"#),
        "{}",
        out.stdout
    );
    let phq = "{\"phq9_1\":\"nearly_every_day\",\"phq9_2\":\"nearly_every_day\",\"phq9_3\":\"nearly_every_day\",\"phq9_4\":\"nearly_every_day\",\"phq9_5\":\"not_at_all\",\"phq9_6\":\"not_at_all\",\"phq9_7\":\"not_at_all\",\"phq9_8\":\"not_at_all\",\"phq9_9\":\"several_days\"}\n";
    let out = Test::new()
        .stdin(phq)
        .args(["score", "-q", "phq-9", "--output", "lean"])
        .output();
    assert!(
        out.stdout
            .contains(r#""red_flags":["self_harm_thoughts"],"thresholds":["total_10_or_more"],"#),
        "{}",
        out.stdout
    );
}
