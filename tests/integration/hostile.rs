//! Hostile and broken input, as a table: every row runs the real `dgs` and asserts its exit
//! code and its exact message. Nothing may panic, hang, or be silently misread.

use std::os::unix::fs::PermissionsExt;

use crate::harness::Test;

struct Row {
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    args: Vec<String>,
    status: i32,
    stderr: String,
    /// A piece the JSON result on stdout must contain (for accepted input).
    stdout_has: Option<&'static str>,
}

fn answer(name: &'static str, value: &str, status: i32, stderr: &str) -> Row {
    Row {
        name,
        files: Vec::new(),
        args: ["--no-input", "-f", "json", "-a", value]
            .map(String::from)
            .to_vec(),
        status,
        stderr: stderr.to_string(),
        stdout_has: None,
    }
}

fn answers_file(
    name: &'static str,
    contents: impl Into<Vec<u8>>,
    status: i32,
    stderr: &str,
) -> Row {
    Row {
        name,
        files: vec![("in.txt", contents.into())],
        args: ["--no-input", "-f", "json", "--answers", "in.txt"]
            .map(String::from)
            .to_vec(),
        status,
        stderr: stderr.to_string(),
        stdout_has: None,
    }
}

fn questionnaire_file(name: &'static str, contents: impl Into<Vec<u8>>, stderr: &str) -> Row {
    Row {
        name,
        files: vec![("q.yaml", contents.into())],
        args: ["validate", "q.yaml"].map(String::from).to_vec(),
        status: 4,
        stderr: stderr.to_string(),
        stdout_has: None,
    }
}

fn expects(mut row: Row, stdout_has: &'static str) -> Row {
    row.stdout_has = Some(stdout_has);
    row
}

const NOT_YES_NO: &str =
    "error: invalid answer `{}` for `fever_or_unwell`: expected `yes`, `no` or `not_sure`\n";
const NOT_RADIATES: &str = "error: invalid answer `{}` for `pain_radiates`: expected `none`, `thigh`, `below_knee` or `foot`\n";
const NOT_WORSE: &str = "error: invalid answer `{}` for `also_worse_with`: expected one or more of `lying_on_side`, `stairs`, `hard_seats`, `hamstring_stretch_or_sprint`, `standing_still`, `long_strides`, `rolling_or_one_leg` or `none` (separated by commas)\n";
const NOT_AGE: &str =
    "error: invalid answer `{}` for `age`: expected a whole number from 16 to 120\n";
const NOT_HOURS: &str =
    "error: invalid answer `{}` for `sitting_hours_per_day`: expected a number from 0 to 24\n";

fn with(template: &str, value: &str) -> String {
    template.replace("{}", value)
}

fn nested(depth: usize) -> String {
    "[".repeat(depth) + &"]".repeat(depth)
}

const ALIAS_BOMB: &str = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n\
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n\
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n\
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n";

/// Each leaf's value is nine copies of the previous one: 9^8 strings if expanded.
fn questionnaire_alias_bomb() -> String {
    let names = ["a", "b", "c", "d", "e", "f", "g", "h"];
    let leaves: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(n, name)| {
            let items = if n == 0 {
                vec!["x".to_string(); 9]
            } else {
                vec![format!("*{}", names[n - 1]); 9]
            };
            format!("{{q: a, op: in, value: &{name} [{}]}}", items.join(", "))
        })
        .collect();
    format!(
        "format: dgs-questionnaire/1\nrules:\n  - id: r\n    when: {{all: [{}]}}\n",
        leaves.join(", ")
    )
}

// A table of cases, one row each: it reads best as one list, however long.
#[allow(clippy::too_many_lines)]
fn rows() -> Vec<Row> {
    let megabyte = "9".repeat(1 << 20);
    let fifty_megabytes = vec![b'a'; 50 << 20];
    let too_large = "the input is larger than 16 MiB, the most this tool reads";
    vec![
        // yes/no
        answer(
            "yes/no, empty value means unanswered",
            "fever_or_unwell=",
            0,
            "",
        ),
        answer("yes/no, whitespace only", "fever_or_unwell=   ", 0, ""),
        expects(
            answer("yes/no, wrong case", "fever_or_unwell=YeS", 0, ""),
            r#""fever_or_unwell": "yes""#,
        ),
        answer(
            "yes/no, Cyrillic look-alike",
            "fever_or_unwell=yеs",
            3,
            &with(NOT_YES_NO, "yеs"),
        ),
        answer(
            "yes/no, a number",
            "fever_or_unwell=1",
            3,
            &with(NOT_YES_NO, "1"),
        ),
        // single choice
        answer("single choice, empty", "pain_radiates=", 0, ""),
        expects(
            answer("single choice, wrong case", "pain_radiates=FOOT", 0, ""),
            r#""pain_radiates": "foot""#,
        ),
        answer(
            "single choice, Cyrillic look-alike",
            "pain_radiates=fооt",
            3,
            &with(NOT_RADIATES, "fооt"),
        ),
        answer(
            "single choice, `=` inside the value",
            "pain_radiates=foot=1",
            3,
            &with(NOT_RADIATES, "foot=1"),
        ),
        answer(
            "single choice, the label instead of the code",
            "pain_radiates=Down into the foot or toes",
            3,
            &with(NOT_RADIATES, "Down into the foot or toes"),
        ),
        // multiple choice
        answer("multiple choice, empty", "also_worse_with=", 0, ""),
        answer(
            "multiple choice, stray comma",
            "also_worse_with=stairs,",
            3,
            &with(NOT_WORSE, "stairs,"),
        ),
        expects(
            answer(
                "multiple choice, duplicates",
                "also_worse_with=stairs,stairs",
                0,
                "",
            ),
            r#""stairs""#,
        ),
        answer(
            "multiple choice, `none` with another",
            "also_worse_with=none,stairs",
            3,
            &with(NOT_WORSE, "none,stairs"),
        ),
        // integers
        expects(
            answer("integer, surrounding spaces", "age= 42 ", 0, ""),
            r#""age": 42"#,
        ),
        answer(
            "integer, huge",
            "age=99999999999999999999",
            3,
            &with(NOT_AGE, "99999999999999999999"),
        ),
        answer(
            "integer, overflowing exponent",
            "age=1e400",
            3,
            &with(NOT_AGE, "1e400"),
        ),
        answer("integer, NaN", "age=NaN", 3, &with(NOT_AGE, "NaN")),
        answer("integer, inf", "age=inf", 3, &with(NOT_AGE, "inf")),
        answer("integer, a fraction", "age=42.5", 3, &with(NOT_AGE, "42.5")),
        answer(
            "integer, hexadecimal",
            "age=0x2A",
            3,
            &with(NOT_AGE, "0x2A"),
        ),
        expects(
            answer("integer, negative zero", "pain_intensity=-0", 0, ""),
            r#""pain_intensity": 0"#,
        ),
        // decimal numbers
        answer(
            "number, NaN",
            "sitting_hours_per_day=NaN",
            3,
            &with(NOT_HOURS, "NaN"),
        ),
        answer(
            "number, -inf",
            "sitting_hours_per_day=-inf",
            3,
            &with(NOT_HOURS, "-inf"),
        ),
        answer(
            "number, huge",
            "sitting_hours_per_day=1e308",
            3,
            &with(NOT_HOURS, "1e308"),
        ),
        expects(
            answer("number, negative zero", "sitting_hours_per_day=-0.0", 0, ""),
            r#""sitting_hours_per_day": 0.0"#,
        ),
        // ids
        answer(
            "an empty id",
            "=yes",
            3,
            "error: unknown question ``: `dgs questions` lists the ids\n",
        ),
        answer(
            "no `=` at all",
            "age",
            3,
            "error: invalid answer `age`: expected `ID=VALUE`\n",
        ),
        Row {
            name: "the same id twice, different values: the right-most wins",
            files: Vec::new(),
            args: ["--no-input", "-f", "json", "-a", "age=30", "-a", "age=40"]
                .map(String::from)
                .to_vec(),
            status: 0,
            stderr: String::new(),
            stdout_has: Some(r#""age": 40"#),
        },
        // answers files
        answers_file(
            "a 1 MB value",
            format!("{{\"age\": \"{megabyte}\"}}"),
            3,
            &with(NOT_AGE, &format!("{}…", &megabyte[..60])),
        ),
        answers_file(
            "an empty file",
            "",
            3,
            "error: cannot read answers from `in.txt`: the file is empty\n",
        ),
        answers_file(
            "invalid UTF-8",
            b"age: \xff\xfe".to_vec(),
            3,
            "error: cannot read answers from `in.txt`: the input is not UTF-8 text (invalid byte at offset 5)\n",
        ),
        answers_file(
            "random bytes",
            b"\x00\x9f\x92\x96\x11".to_vec(),
            3,
            "error: cannot read answers from `in.txt`: the input is not UTF-8 text (invalid byte at offset 1)\n",
        ),
        answers_file(
            "a 50 MB file",
            fifty_megabytes.clone(),
            3,
            &format!("error: cannot read answers from `in.txt`: {too_large}\n"),
        ),
        answers_file(
            "deeply nested YAML",
            format!("age: {}", nested(10_000)),
            3,
            "error: cannot read answers from `in.txt`: in.txt:1:133: recursion limit exceeded\n",
        ),
        answers_file(
            "deeply nested JSON",
            format!("{{\"age\": {}}}", nested(10_000)),
            3,
            "error: cannot read answers from `in.txt`: invalid JSON: recursion limit exceeded at line 1 column 135\n",
        ),
        answers_file(
            "a YAML alias bomb",
            ALIAS_BOMB,
            3,
            "error: cannot read answers from `in.txt`: in.txt: repetition limit exceeded\n",
        ),
        answers_file(
            "JSON with a trailing comma",
            "{\"age\": 30,}",
            3,
            "error: cannot read answers from `in.txt`: invalid JSON: trailing comma at line 1 column 12\n",
        ),
        answers_file(
            "YAML indented with tabs",
            "age: 30\n\tfever_or_unwell: no\n",
            3,
            "error: cannot read answers from `in.txt`: in.txt:2:1: found a tab character that violates indentation at line 2 column 1, while scanning a plain scalar\n",
        ),
        answers_file(
            "a question answered twice in YAML",
            "age: 30\nage: 40\n",
            3,
            "error: cannot read answers from `in.txt`: in.txt:1:1: `age` is answered twice\n",
        ),
        answers_file(
            "a question answered twice in JSON",
            "{\"age\": 30, \"age\": 40}",
            3,
            "error: cannot read answers from `in.txt`: `age` is answered twice at line 1 column 22\n",
        ),
        answers_file(
            "a list instead of a mapping",
            "[1, 2]",
            3,
            "error: cannot read answers from `in.txt`: invalid type: sequence, expected a mapping of question ids to answers at line 1 column 0\n",
        ),
        // questionnaire files
        questionnaire_file(
            "an empty questionnaire",
            "",
            "error: invalid questionnaire `q.yaml`: 1 problem\n  q.yaml:1:1: missing field `format`\n",
        ),
        questionnaire_file(
            "invalid UTF-8",
            b"format: \xc3\x28".to_vec(),
            "error: invalid questionnaire `q.yaml`: 1 problem\n  q.yaml: the input is not UTF-8 text (invalid byte at offset 8)\n",
        ),
        questionnaire_file(
            "a 50 MB questionnaire",
            fifty_megabytes,
            &format!("error: invalid questionnaire `q.yaml`: 1 problem\n  q.yaml: {too_large}\n"),
        ),
        questionnaire_file(
            "deeply nested YAML",
            format!(
                "format: dgs-questionnaire/1\nrules: [{{id: r, when: {{q: a, op: in, value: {}}}}}]",
                nested(10_000)
            ),
            "error: invalid questionnaire `q.yaml`: 1 problem\n  q.yaml:2:169: recursion limit exceeded\n",
        ),
        questionnaire_file(
            "a YAML alias bomb",
            questionnaire_alias_bomb(),
            "error: invalid questionnaire `q.yaml`: 1 problem\n  q.yaml: repetition limit exceeded\n",
        ),
        questionnaire_file(
            "YAML indented with tabs",
            "format: dgs-questionnaire/1\n\tid: x\n",
            "error: invalid questionnaire `q.yaml`: 1 problem\n  q.yaml:2:1: found a tab character that violates indentation at line 2 column 1, while scanning a plain scalar\n",
        ),
        // untrusted text is shown escaped, never run by the terminal (OSC 52 writes the
        // clipboard)
        answer(
            "an escape sequence in a value",
            "age=\x1b]52;c;aGk=\x07",
            3,
            &with(NOT_AGE, "\\u{1b}]52;c;aGk=\\u{7}"),
        ),
        answer(
            "an escape sequence in an id",
            "\x1b[2Jx=1",
            3,
            "error: unknown question `\\u{1b}[2Jx`: `dgs questions` lists the ids\n",
        ),
        answer(
            "a line break in a value forges no line",
            "age=1\nerror: fake",
            3,
            &with(NOT_AGE, "1\\nerror: fake"),
        ),
        answers_file(
            "an escape sequence in a file's key",
            r#"{"\u001b[31mred": 1}"#,
            3,
            "error: unknown question `\\u{1b}[31mred`: `dgs questions` lists the ids\n",
        ),
        // YAML numbers follow the flags' rule
        answers_file("YAML .nan", "age: .nan\n", 3, &with(NOT_AGE, ".nan")),
        answers_file(
            "YAML .inf",
            "sitting_hours_per_day: .inf\n",
            3,
            &with(NOT_HOURS, ".inf"),
        ),
        answers_file("YAML hexadecimal", "age: 0x10\n", 3, &with(NOT_AGE, "0x10")),
        answers_file("YAML octal", "age: 0o20\n", 3, &with(NOT_AGE, "0o20")),
        expects(
            answers_file(
                "YAML decimal and null",
                "age: 42\nfever_or_unwell: ~\n",
                0,
                "",
            ),
            r#""age": 42"#,
        ),
        answers_file(
            "aliases repeating a large value",
            format!(
                "a: &big {}\nb: [{}]\n",
                "x".repeat(1 << 20),
                vec!["*big"; 40].join(", ")
            ),
            3,
            "error: cannot read answers from `in.txt`: in.txt: its aliases expand it past 16 MiB, the most this tool reads\n",
        ),
        questionnaire_file(
            "aliases repeating a large value",
            format!(
                "format: dgs-questionnaire/1\nid: &big {}\ntitle: x\nversion: [{}]\n",
                "x".repeat(1 << 20),
                vec!["*big"; 40].join(", ")
            ),
            "error: invalid questionnaire `q.yaml`: 1 problem\n  q.yaml: its aliases expand it past 16 MiB, the most this tool reads\n",
        ),
        questionnaire_file(
            "a duplicate key",
            "format: dgs-questionnaire/1\nformat: dgs-questionnaire/1\n",
            "error: invalid questionnaire `q.yaml`: 1 problem\n  q.yaml:1:1: duplicate field `format`\n",
        ),
    ]
}

#[test]
fn hostile_input_table() {
    let mut failures = Vec::new();
    for row in rows() {
        let mut test = Test::new().args(&row.args);
        for (name, contents) in &row.files {
            test = test.write(name, contents);
        }
        let out = test.output();
        let mut wrong = Vec::new();
        if out.status != row.status {
            wrong.push(format!("exit {} instead of {}", out.status, row.status));
        }
        if out.stderr != row.stderr {
            wrong.push(format!(
                "stderr {:?} instead of {:?}",
                out.stderr, row.stderr
            ));
        }
        if let Some(piece) = row.stdout_has {
            if !out.stdout.contains(piece) {
                wrong.push(format!("stdout lacks {piece:?}"));
            }
        }
        if out.status != 0 && !out.stdout.is_empty() {
            wrong.push("an error also printed a report".into());
        }
        if !wrong.is_empty() {
            failures.push(format!("{}: {}", row.name, wrong.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} rows failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn missing_and_directory_paths() {
    for (args, why) in [
        (
            ["--answers", "nope.json"],
            "No such file or directory (os error 2)",
        ),
        (
            ["-q", "nope.yaml"],
            "no such file, and no shipped questionnaire of that name (shipped: deep-gluteal-syndrome, phq-9, gad-7, startback; `dgs questionnaires` lists them)",
        ),
    ] {
        let out = Test::new().args(args).args(["--no-input"]).output();
        assert_eq!(out.status, 1, "{args:?}");
        assert_eq!(
            out.stderr,
            format!("error: cannot read `{}`: {why}\n", args[1])
        );
    }
    let out = Test::new().args(["-q", ".", "--no-input"]).output();
    assert_eq!(
        (out.status, out.stderr.as_str()),
        (1, "error: cannot read `.`: Is a directory (os error 21)\n")
    );
    let out = Test::new().args(["score", "."]).output();
    assert_eq!(
        (out.status, out.stderr.as_str()),
        (1, "error: cannot read `.`: Is a directory (os error 21)\n")
    );
}

#[test]
fn unreadable_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.json");
    std::fs::write(&path, "{}").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        // Running as root (as CI does): permissions do not stop reading, so there is
        // nothing to test here; the message path is the same as for a missing file.
        eprintln!("unreadable_files: skipped, this user can read a mode-000 file");
        return;
    }
    let p = path.display().to_string();
    let out = Test::new().args(["--no-input", "--answers", &p]).output();
    assert_eq!(out.status, 1);
    assert_eq!(
        out.stderr,
        format!("error: cannot read `{p}`: Permission denied (os error 13)\n")
    );
    let out = Test::new().args(["validate", &p]).output();
    assert_eq!(out.status, 1);
    assert_eq!(
        out.stderr,
        format!("error: cannot read `{p}`: Permission denied (os error 13)\n")
    );
}
