//! Any bytes as `dgs score` input, both as JSON Lines and as CSV: every record gives exactly
//! one output line, never a panic.
#![no_main]

use std::sync::OnceLock;

use dgs::batch::{self, Csv, JsonLines};
use dgs::questionnaire::{self, Questionnaire};
use libfuzzer_sys::fuzz_target;

fn questionnaire() -> &'static Questionnaire {
    static Q: OnceLock<Questionnaire> = OnceLock::new();
    Q.get_or_init(|| questionnaire::load(None).expect("embedded questionnaire"))
}

fuzz_target!(|data: &[u8]| {
    let q = questionnaire();
    let mut out = Vec::new();
    let summary = batch::run(q, &mut JsonLines::new(data, "fuzz"), 1, &mut out, &mut |_| {}).expect("in-memory I/O");
    assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), summary.records);
    out.clear();
    if let Ok(summary) = batch::run(q, &mut Csv::new(data, "fuzz"), 1, &mut out, &mut |_| {}) {
        assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), summary.records);
    }
});
