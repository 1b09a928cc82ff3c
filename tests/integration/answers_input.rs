use crate::harness::{Test, fixture};

fn small() -> [String; 2] {
    ["-q".into(), fixture("small.yaml")]
}

fn level(json: &str) -> String {
    let doc: serde_json::Value = serde_json::from_str(json).unwrap();
    doc["triage"]["level"].as_str().unwrap().to_string()
}

#[test]
fn answers_from_json_yaml_and_stdin_give_the_same_result() {
    let flags = Test::new()
        .args(small())
        .args([
            "-f",
            "json",
            "-a",
            "alarm=no",
            "-a",
            "sitting=yes",
            "-a",
            "hours=8",
            "-a",
            "worse=stairs",
        ])
        .expect_ok();
    let json = Test::new()
        .write(
            "a.json",
            r#"{"alarm": "no", "sitting": true, "hours": 8, "worse": ["stairs"]}"#,
        )
        .args(small())
        .args(["-f", "json", "--answers", "a.json"])
        .expect_ok();
    let yaml = Test::new()
        .write(
            "a.yaml",
            "alarm: no\nsitting: yes\nhours: 8\nworse: [stairs]\n",
        )
        .args(small())
        .args(["-f", "json", "--answers", "a.yaml"])
        .expect_ok();
    let stdin = Test::new()
        .stdin("alarm: 'no'\nsitting: 'yes'\nhours: 8.0\nworse: stairs\n")
        .args(small())
        .args(["-f", "json", "--answers", "-"])
        .expect_ok();
    assert_eq!(flags, json);
    assert_eq!(flags, yaml);
    assert_eq!(flags, stdin);
}

#[test]
fn flags_override_the_file() {
    let out = Test::new()
        .write(
            "a.json",
            r#"{"alarm": "no", "sitting": "no", "worse": ["stairs"]}"#,
        )
        .args(small())
        .args(["-f", "json", "--answers", "a.json", "-a", "alarm=yes"])
        .expect_ok();
    assert_eq!(level(&out), "emergency");
    // An empty value clears the file's answer.
    let out = Test::new()
        .write(
            "a.json",
            r#"{"alarm": "no", "sitting": "no", "worse": ["stairs"]}"#,
        )
        .args(small())
        .args([
            "-f",
            "json",
            "--answers",
            "a.json",
            "-a",
            "alarm=",
            "--no-input",
        ])
        .expect_ok();
    assert_eq!(level(&out), "see_clinician");
}

#[test]
fn a_result_replays_to_the_same_bytes() {
    let first = Test::new()
        .args([
            "--no-input",
            "-f",
            "json",
            "-a",
            "sciatica_both_legs=no",
            "-a",
            "buttock_pain=yes",
            "-a",
            "sitting_hours_per_day=6.5",
            "-a",
            "also_worse_with=stairs,hard_seats",
        ])
        .expect_ok();
    // The whole result document, or just its `answers`, reads back as answers.
    let again = Test::new()
        .write("r.json", &first)
        .args(["--no-input", "-f", "json", "--answers", "r.json"])
        .expect_ok();
    assert_eq!(first, again);
    let doc: serde_json::Value = serde_json::from_str(&first).unwrap();
    let answers = serde_json::to_string(&doc["answers"]).unwrap();
    let third = Test::new()
        .stdin(answers)
        .args(["--no-input", "-f", "json", "--answers", "-"])
        .expect_ok();
    assert_eq!(first, third);
}

#[test]
fn unknown_ids_in_files_are_errors_with_suggestions() {
    Test::new()
        .write("a.json", r#"{"alarn": "no"}"#)
        .args(small())
        .args(["--answers", "a.json"])
        .expect(
            3,
            "",
            "error: unknown question `alarn`: did you mean `alarm`?\n",
        );
}
