//! Any text as an answers file for the default questionnaire: read, checked, scored and
//! rendered, or refused with a message, never a panic.
#![no_main]

use std::sync::OnceLock;

use dgs::answers::{
    self,
    raw::{AnswerDoc, RawAnswers},
};
use dgs::questionnaire::{self, Questionnaire};
use dgs::scoring;
use libfuzzer_sys::fuzz_target;

fn questionnaire() -> &'static Questionnaire {
    static Q: OnceLock<Questionnaire> = OnceLock::new();
    Q.get_or_init(|| questionnaire::load(None).expect("embedded questionnaire"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let q = questionnaire();
    let Ok(doc) = AnswerDoc::read(text, "fuzz") else {
        return;
    };
    let Ok(raw) = RawAnswers::from_json(&doc.into_json()) else {
        return;
    };
    if let Ok(answers) = answers::check(&raw, q) {
        let a = scoring::score(q, &answers);
        let _ = dgs::report::text::render(q, &a, dgs::Style::PLAIN, 40, Default::default());
        let _ = dgs::report::json::render(q, &a);
        let _ = dgs::report::markdown::render(q, &a, "2026-01-01 00:00 UTC");
    }
});
