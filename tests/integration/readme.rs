//! The `console` examples of the README (and of the other documents in [`DOCUMENTS`]) are
//! run and must print what the document says, so the documentation cannot drift from the tool.

use std::process::{Command, Stdio};

use crate::harness::repo_file;

struct Example {
    command: String,
    expected: Vec<String>,
}

/// The documents whose `console` examples are run.
const DOCUMENTS: [&str; 2] = ["README.md", "docs/fhir-import.md"];

fn examples() -> Vec<Example> {
    let mut examples = Vec::new();
    for document in DOCUMENTS {
        examples.extend(examples_in(
            &std::fs::read_to_string(repo_file(document)).unwrap(),
        ));
    }
    examples
}

fn examples_in(document: &str) -> Vec<Example> {
    let mut examples = Vec::new();
    let mut lines = document.lines();
    while let Some(line) = lines.next() {
        if line.trim() != "```console" {
            continue;
        }
        let block: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
        let (first, rest) = block.split_first().expect("a console block has a command");
        let command = first
            .strip_prefix("$ ")
            .expect("a console block starts with `$ `");
        examples.push(Example {
            command: command.to_string(),
            expected: rest.iter().map(|l| (*l).to_string()).collect(),
        });
    }
    examples
}

#[test]
fn console_examples_print_what_the_readme_says() {
    let examples = examples();
    assert!(
        examples.len() >= 3,
        "found {} console examples",
        examples.len()
    );
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_dgs"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for example in examples {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("{} 2>&1", example.command))
            .current_dir(repo_file("."))
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let got = String::from_utf8(out.stdout).unwrap();
        let got: Vec<&str> = got.lines().collect();
        for (n, want) in example.expected.iter().enumerate() {
            // A line ending in `...` is shortened in the README: compare its start, then stop.
            if let Some(prefix) = want.strip_suffix(" ...") {
                assert!(
                    got.get(n).is_some_and(|g| g.starts_with(prefix)),
                    "`{}` line {n}: {want:?} vs {:?}",
                    example.command,
                    got.get(n)
                );
                break;
            }
            assert_eq!(
                got.get(n).copied(),
                Some(want.as_str()),
                "`{}` line {}",
                example.command,
                n + 1
            );
            if n + 1 == example.expected.len() {
                assert_eq!(
                    got.len(),
                    example.expected.len(),
                    "`{}` printed more:\n{}",
                    example.command,
                    got.join("\n")
                );
            }
        }
    }
}
