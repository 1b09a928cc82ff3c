//! Any bytes as `dgs score` input, as JSON Lines or CSV, in each output form, with unknown
//! keys refused or ignored: every record gives exactly one output line (after wide's
//! header), never a panic, and one worker writes what two do.
#![no_main]

use std::sync::OnceLock;

use dgs::batch::{self, Columns, Csv, Form, JsonLines, Settings};
use dgs::questionnaire::{self, Questionnaire};
use libfuzzer_sys::fuzz_target;

fn questionnaire() -> &'static Questionnaire {
    static Q: OnceLock<Questionnaire> = OnceLock::new();
    Q.get_or_init(|| questionnaire::load(None).expect("embedded questionnaire"))
}

/// The output of one run and how many records it scored, or `None` where the run itself
/// ended with an error (a CSV header problem).
fn run(data: &[u8], csv: bool, form: Form, jobs: usize, ignore: bool) -> Option<(Vec<u8>, usize)> {
    let q = questionnaire();
    let settings = Settings {
        jobs,
        form,
        columns: Columns::with_id(None, ignore),
        tally: true,
    };
    let mut out = Vec::new();
    let summary = if csv {
        let mut source = Csv::new(data, "fuzz.csv", q, settings.columns.clone());
        batch::run(q, &mut source, &settings, &mut out, &mut |_| {})
    } else {
        batch::run(
            q,
            &mut JsonLines::new(data, "fuzz"),
            &settings,
            &mut out,
            &mut |_| {},
        )
    };
    summary.ok().map(|s| (out, s.records))
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the run (a run builds its tables, which is most of its time);
    // the rest is the input.
    let Some((&pick, data)) = data.split_first() else {
        return;
    };
    let csv = pick & 1 == 1;
    let form = [Form::Full, Form::Lean, Form::Wide][usize::from(pick >> 1 & 3) % 3];
    let ignore = pick & 8 == 8;
    let one = run(data, csv, form, 1, ignore);
    if let Some((out, records)) = &one {
        let lines = out.iter().filter(|&&b| b == b'\n').count();
        let header = usize::from(matches!(form, Form::Wide));
        assert_eq!(lines, records + header, "csv {csv}, {form:?}");
    } else {
        assert!(csv, "only a CSV header ends a run");
    }
    assert_eq!(one, run(data, csv, form, 2, ignore), "jobs 1 and 2 differ");
});
