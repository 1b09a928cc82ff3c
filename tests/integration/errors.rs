use std::process::{Command, Stdio};

use crate::harness::{Test, fixture, unindent};

fn small() -> [String; 2] {
    ["-q".into(), fixture("small.yaml")]
}

#[test]
fn invalid_answers_name_question_value_and_what_is_allowed() {
    Test::new()
        .args(small())
        .args(["-a", "alarm=maybe", "-a", "hours=25", "-a", "worse=none,stairs", "-a", "alamr=no", "-a", "oops"])
        .expect(
            3,
            "",
            &unindent(
                "
                error: invalid answer `oops`: expected `ID=VALUE`
                error: unknown question `alamr`: did you mean `alarm`?
                error: invalid answer `maybe` for `alarm`: expected `yes` or `no`
                error: invalid answer `25` for `hours`: expected a number from 0 to 24
                error: invalid answer `none,stairs` for `worse`: expected one or more of `stairs`, `driving` or `none` (separated by commas)
                ",
            ),
        );
}

#[test]
fn missing_required_answers_without_a_terminal_list_the_flags_to_add() {
    Test::new()
        .args(small())
        .args(["-a", "worse=stairs"])
        .expect(
            3,
            "",
            &unindent(
                "
            error: 2 required questions are unanswered and there is no terminal to ask on
            answer them with:
              -a alarm=<yes|no>
              -a sitting=<yes|no>
            or pass --no-input to leave them unanswered
            ",
            ),
        );
}

#[test]
fn an_emergency_answer_needs_no_other_answers() {
    let out = Test::new()
        .args(small())
        .args(["-a", "alarm=yes"])
        .expect_ok();
    assert!(
        out.starts_with("Small check — result\n\nEMERGENCY\n=========\n"),
        "{out}"
    );
}

#[test]
fn answers_to_questions_that_are_not_asked_are_warned_about() {
    let out = Test::new()
        .args(small())
        .args([
            "-a",
            "alarm=no",
            "-a",
            "sitting=no",
            "-a",
            "hours=9",
            "--no-input",
        ])
        .output();
    assert_eq!(out.status, 0);
    assert_eq!(
        out.stderr,
        "warning: answer to `hours` ignored: that question is only asked when sitting = yes\n"
    );
    assert!(!out.stdout.contains("Desk work\n"), "{}", out.stdout);
}

#[test]
fn unreadable_files_exit_1() {
    Test::new().args(["--answers", "nope.json"]).expect(
        1,
        "",
        "error: cannot read `nope.json`: No such file or directory (os error 2)\n",
    );
    // `-q` takes a file or a shipped questionnaire's name: neither exists, so it names them.
    Test::new().args(["-q", "nope.yaml"]).expect(
        1,
        "",
        "error: cannot read `nope.yaml`: no such file, and no shipped questionnaire of that name (shipped: deep-gluteal-syndrome, phq-9, gad-7, startback; `dgs questionnaires` lists them)\n",
    );
    Test::new().args(["-q", "phq9"]).expect(
        1,
        "",
        "error: cannot read `phq9`: no such file, and no shipped questionnaire of that name (did you mean `phq-9`? shipped: deep-gluteal-syndrome, phq-9, gad-7, startback; `dgs questionnaires` lists them)\n",
    );
    Test::new().args(["--answers", "."]).expect(
        1,
        "",
        "error: cannot read `.`: Is a directory (os error 21)\n",
    );
}

#[test]
fn broken_answers_files_exit_3() {
    Test::new().write("a.json", "{\"alarm\": \"no\",}").args(small()).args(["--answers", "a.json"]).expect(
        3,
        "",
        "error: cannot read answers from `a.json`: invalid JSON: trailing comma at line 1 column 16\n",
    );
    Test::new().write("a.yaml", "- alarm\n").args(small()).args(["--answers", "a.yaml"]).expect(
        3,
        "",
        "error: cannot read answers from `a.yaml`: a.yaml:1:1: invalid type: sequence, expected a mapping of question ids to answers\n",
    );
    Test::new().write("a.yaml", "alarm: [\n").args(small()).args(["--answers", "a.yaml"]).expect(
        3,
        "",
        "error: cannot read answers from `a.yaml`: a.yaml:2:1: did not find expected node content\n",
    );
    Test::new()
        .write("a.yaml", "")
        .args(small())
        .args(["--answers", "a.yaml"])
        .expect(
            3,
            "",
            "error: cannot read answers from `a.yaml`: the file is empty\n",
        );
}

#[test]
fn invalid_questionnaires_list_every_problem_and_exit_4() {
    let path = fixture("broken.yaml");
    let expected = format!(
        "error: invalid questionnaire `{path}`: 4 problems\n  \
         {path}:20: item `age`: duplicate id\n  \
         {path}:15: item `age`: `min` 120 is greater than `max` 16\n  \
         {path}:24: rule `old`: `agee > 50`: unknown item `agee` (did you mean `age`?)\n  \
         {path}:24: rule `old`: a rule that raises `triage` needs a `message` saying why\n"
    );
    Test::new()
        .args(["validate", &path])
        .expect(4, "", &expected);
    Test::new()
        .args(["-q", &path, "--no-input"])
        .expect(4, "", &expected);
}

#[test]
fn yaml_syntax_errors_carry_line_and_column() {
    Test::new().write("q.yaml", "format: dgs-questionnaire/1\nid: 'x\n").args(["validate", "q.yaml"]).expect(
        4,
        "",
        "error: invalid questionnaire `q.yaml`: 1 problem\n  \
         q.yaml:3:1: found unexpected end of stream at line 3 column 1, while scanning a quoted scalar\n",
    );
    Test::new().write("q.yaml", "format: dgs-questionnaire/1\nid: [1]\n").args(["validate", "q.yaml"]).expect(
        4,
        "",
        "error: invalid questionnaire `q.yaml`: 1 problem\n  q.yaml:2:5: id: invalid type: sequence, expected a string\n",
    );
    Test::new()
        .write("q.yaml", "format: dgs-questionnaire/9\nid: x\nversion: '1'\ntitle: T\ndisclaimer: D\ntriage: {}\nsections: []\n")
        .args(["validate", "q.yaml"])
        .expect(
            4,
            "",
            &unindent(
                "
                error: invalid questionnaire `q.yaml`: 2 problems
                  q.yaml:1: format: unsupported format `dgs-questionnaire/9`: this build reads `dgs-questionnaire/1`
                  q.yaml:6: triage: no text for level `self_care`
                ",
            ),
        );
}

#[test]
fn a_full_disk_is_a_clear_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_dgs"))
        .args(["-q", &fixture("small.yaml"), "-a", "alarm=yes"])
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(
            std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .expect("/dev/full"),
        )
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: cannot write the report: No space left on device (os error 28)\n"
    );
}

/// A questionnaire of one section holding `items` (YAML flow mappings, one per line).
fn questionnaire_with(title: &str, items: &[String]) -> String {
    let mut text = format!(
        "format: dgs-questionnaire/1\nid: t\nversion: \"1\"\ntitle: {title}\ndisclaimer: D\n\
         triage:\n  emergency: {{title: E, action: e}}\n  urgent: {{title: U, action: u}}\n  \
         see_clinician: {{title: S, action: s}}\n  self_care: {{title: C, action: c}}\n\
         sections:\n  - id: s\n    title: S\n    items:\n"
    );
    for item in items {
        text.push_str("      - ");
        text.push_str(item);
        text.push('\n');
    }
    text
}

/// `n` yes/no items, each asked only if `depends(i)` was answered.
fn chain(n: usize, depends: impl Fn(usize) -> Option<usize>) -> Vec<String> {
    (0..n)
        .map(|i| match depends(i) {
            Some(d) => format!(
                "{{id: i{i}, type: yes_no, text: Q, enable_when: {{q: i{d}, op: answered}}}}"
            ),
            None => format!("{{id: i{i}, type: yes_no, text: Q}}"),
        })
        .collect()
}

#[test]
fn long_enable_when_chains_load_without_overflowing_the_stack() {
    // Recursion in the index and in the circle finder overflowed the stack at 30,000
    // (SIGABRT, exit 134); backwards chains took seconds already at 4,000 items.
    let n = 30_000;
    for (name, items) in [
        ("backwards", chain(n, |i| i.checked_sub(1))),
        ("forwards", chain(n, |i| (i + 1 < n).then_some(i + 1))),
    ] {
        let out = Test::new()
            .write("q.yaml", questionnaire_with("T", &items))
            .args(["validate", "q.yaml"])
            .output();
        assert_eq!(out.status, 0, "{name}: {}", out.stderr);
    }
    // A circle through every item is reported once, its middle left out.
    let out = Test::new()
        .write(
            "q.yaml",
            questionnaire_with("T", &chain(n, |i| Some((i + 1) % n))),
        )
        .args(["validate", "q.yaml"])
        .output();
    assert_eq!(out.status, 4);
    assert_eq!(
        out.stderr,
        "error: invalid questionnaire `q.yaml`: 1 problem\n  q.yaml:15: item `i0`: `enable_when` goes round in a circle: i0 → i1 → i2 → i3 → … (29992 more) → i29996 → i29997 → i29998 → i29999 → i0\n"
    );
}

#[test]
fn questionnaire_table_of_refusals() {
    for (name, title, item, problem) in [
        (
            "integer bounds past 2^53",
            "T",
            "{id: n, type: integer, text: N, min: 0, max: 1e300}",
            "15: item `n`: an integer item's `min` and `max` must lie within ±9007199254740992 (2^53), where every whole number is exact",
        ),
        (
            "an escape sequence in a title",
            "\"\\e]52;c;aGk=\\a\"",
            "{id: a, type: yes_no, text: Q}",
            "4: questionnaire: `title` holds a control character (`\\u{1b}]52;c;aGk=\\u{7}`): texts are plain text, and a terminal would run it",
        ),
        (
            "an escape sequence in a question",
            "T",
            "{id: a, type: yes_no, text: \"\\e[2J\"}",
            "15: item `a`: `text` holds a control character (`\\u{1b}[2J`): texts are plain text, and a terminal would run it",
        ),
        (
            "an escape sequence in an id is shown escaped",
            "T",
            "{id: \"a\\e[2J\", type: yes_no, text: Q}",
            " item `a\\u{1b}[2J`: ids are lowercase letters, digits and `_`, starting with a letter",
        ),
    ] {
        let out = Test::new()
            .write("q.yaml", questionnaire_with(title, &[item.to_string()]))
            .args(["validate", "q.yaml"])
            .output();
        assert_eq!(out.status, 4, "{name}: {}", out.stderr);
        assert_eq!(
            out.stderr,
            format!("error: invalid questionnaire `q.yaml`: 1 problem\n  q.yaml:{problem}\n"),
            "{name}"
        );
    }
}

#[test]
fn the_exit_code_table_in_the_readme_matches_an_unreadable_answers_file() {
    // An answers file that cannot be read is an I/O failure (1), like a questionnaire;
    // one that is read and wrong is an answers problem (3).
    let readme = std::fs::read_to_string(crate::harness::repo_file("README.md")).unwrap();
    let row = readme
        .lines()
        .find(|l| l.starts_with("| 1 |"))
        .expect("an exit-code row for 1");
    assert!(row.contains("cannot be read"), "{row}");
    Test::new()
        .args(["--no-input", "--answers", "missing.json"])
        .expect(
            1,
            "",
            "error: cannot read `missing.json`: No such file or directory (os error 2)\n",
        );
}
