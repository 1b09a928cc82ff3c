//! Runs the real `dgs` and compares status, stdout and stderr exactly, reporting every
//! mismatch before failing.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

pub fn repo_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

#[must_use]
pub struct Test {
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdin: Option<Vec<u8>>,
    dir: tempfile::TempDir,
}

pub struct Output {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Test {
    pub fn new() -> Test {
        Test {
            args: Vec::new(),
            env: Vec::new(),
            stdin: None,
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn args<S: AsRef<str>>(mut self, args: impl IntoIterator<Item = S>) -> Test {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_string()));
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Test {
        self.env.push((key.into(), value.into()));
        self
    }

    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Test {
        self.stdin = Some(input.into());
        self
    }

    /// Writes a file into the test's working directory.
    pub fn write(self, name: &str, contents: impl AsRef<[u8]>) -> Test {
        std::fs::write(self.dir.path().join(name), contents).expect("write fixture");
        self
    }

    pub fn output(self) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_dgs"));
        command
            .args(&self.args)
            .current_dir(self.dir.path())
            .env_remove("CLICOLOR_FORCE")
            .env_remove("TERM")
            .env("NO_COLOR", "1")
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in &self.env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("dgs runs");
        if let Some(input) = &self.stdin {
            let mut pipe = child.stdin.take().expect("stdin pipe");
            // The program may stop reading early; a broken pipe here is fine.
            let _ = pipe.write_all(input);
        }
        let out = child.wait_with_output().expect("dgs finishes");
        Output {
            status: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }

    /// Runs and checks all three; prints every mismatch before failing.
    #[track_caller]
    pub fn expect(self, status: i32, stdout: &str, stderr: &str) -> Output {
        let out = self.output();
        let mut failed = Vec::new();
        if out.status != status {
            failed.push(format!("status: expected {status}, got {}", out.status));
        }
        if out.stdout != stdout {
            failed.push(format!(
                "stdout:\n--- expected\n{stdout}\n--- got\n{}",
                out.stdout
            ));
        }
        if out.stderr != stderr {
            failed.push(format!(
                "stderr:\n--- expected\n{stderr}\n--- got\n{}",
                out.stderr
            ));
        }
        assert!(failed.is_empty(), "{}", failed.join("\n"));
        out
    }
}

impl Test {
    /// Runs, expects exit 0 and an empty stderr, and returns stdout.
    #[track_caller]
    pub fn expect_ok(self) -> String {
        let out = self.output();
        assert_eq!(
            (out.status, out.stderr.as_str()),
            (0, ""),
            "stdout:\n{}",
            out.stdout
        );
        out.stdout
    }
}

/// Removes the common leading indentation and the first newline, so expected text can be
/// written indented in the test.
pub fn unindent(text: &str) -> String {
    let text = text.strip_prefix('\n').unwrap_or(text);
    // The closing quote's indentation is not a line.
    let text = text.trim_end_matches([' ', '\t']);
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = String::new();
    for line in text.lines() {
        out.push_str(line.get(indent..).unwrap_or(line.trim_start()));
        out.push('\n');
    }
    out
}

/// An answer (`no` where it can be) for every safety question of the shipped questionnaire,
/// read from `dgs questions`, so an assessment's screening is complete.
pub fn every_safety_question_no() -> Vec<String> {
    let out = Test::new()
        .args(["questions", "--format", "json"])
        .expect_ok();
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    doc["items"]
        .as_array()
        .unwrap()
        .iter()
        // Follow-up safety questions are asked only after a yes: not answered here.
        .filter(|item| !item["red_flag"].is_null() && item["enable_when"].is_null())
        .flat_map(|item| {
            // "no" where it is a yes/no question; otherwise any allowed answer.
            let values = item["values"].as_array();
            let value = match values {
                Some(v) if v.contains(&"no".into()) => "no".to_string(),
                Some(v) => v[0].as_str().unwrap().to_string(),
                None => {
                    let (min, max) = (item["min"].as_f64().unwrap(), item["max"].as_f64().unwrap());
                    // A quarter of the way up: an ordinary adult age, which asks no follow-up.
                    (min + (max - min) / 4.0).floor().to_string()
                }
            };
            [
                "-a".to_string(),
                format!("{}={value}", item["id"].as_str().unwrap()),
            ]
        })
        .collect()
}
