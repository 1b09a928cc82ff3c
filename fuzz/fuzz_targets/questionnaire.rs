//! Any text as a questionnaire: it loads or is refused with problems, never a panic; one that
//! loads scores with no answers and with every item answered.
#![no_main]

use dgs::questionnaire::Answers;
use dgs::scoring;
use dgs::{answers, questionnaire};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(q) = questionnaire::parse(text, "fuzz.yaml") else {
        return;
    };
    let none = Answers::new();
    let _ = scoring::score(&q, &none);
    let mut raw = dgs::answers::raw::RawAnswers::default();
    let flags: Vec<String> = q
        .items()
        .map(|item| {
            format!(
                "{}={}",
                item.id,
                item.codes().first().copied().unwrap_or("1")
            )
        })
        .collect();
    raw.apply_flags(&flags, &q);
    if let Ok(answers) = answers::check(&raw, &q) {
        let _ = dgs::report::json::render(&q, &scoring::score(&q, &answers));
    }
});
