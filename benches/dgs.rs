//! `cargo bench`: in-process timings of the three hot paths, each reported as a ratio against
//! a baseline measured in the same run, since this machine is shared and absolute times drift.
//!
//! - load the embedded questionnaire (validated by a test, not at start-up) and compile it for
//!   scoring, vs parsing the same JSON into a plain tree
//! - one assessment (20 answers), vs parsing those answers as JSON
//! - batch throughput (`dgs score` on 20,000 generated JSON Lines), vs parsing every line
//!   into a plain JSON tree, which is the least any batch reader must do

use std::hint::black_box;
use std::time::{Duration, Instant};

use dgs::answers::raw::RawAnswers;
use dgs::batch::{self, Columns, Form, JsonLines, Settings};
use dgs::scoring;
use dgs::{answers, questionnaire};

/// Median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn report(name: &str, work: Duration, baseline: Duration, baseline_name: &str) {
    println!(
        "{name:<28} {:>10.1} µs   {:>6.2}x {baseline_name} ({:.1} µs)",
        work.as_secs_f64() * 1e6,
        work.as_secs_f64() / baseline.as_secs_f64(),
        baseline.as_secs_f64() * 1e6
    );
}

/// Answer sets shaped like `scripts/gen-answers.py` output: every red flag, ~25 answers.
fn answer_lines(count: usize) -> String {
    let mut out = String::new();
    for n in 0..count {
        let yes_no = |k: usize| {
            if (n * 7 + k * 13) % 5 == 0 {
                "yes"
            } else {
                "no"
            }
        };
        out.push_str(&format!(
            concat!(
                r#"{{"respondent":"r{}","sciatica_both_legs":"no","saddle_numbness":"no","bladder_bowel_change":"no","#,
                r#""sexual_function_change":"no","leg_weakness_progressive":"no","fever_or_unwell":"no","cancer_history":"no","#,
                r#""unexplained_weight_loss":"no","recent_trauma":"no","night_pain_unrelenting":"no","buttock_pain":"{}","#,
                r#""sitting_worsens":"{}","cough_sneeze_worsens":"{}","wallet_back_pocket":"{}","sits_legs_crossed":"{}","#,
                r#""age":{},"pain_intensity":{},"sitting_hours_per_day":{}.5,"pain_radiates":"thigh","#,
                r#""workspace_setup":"fair","activity_level":"sedentary","vigorous_exercise":"none"}}"#,
                "\n"
            ),
            n,
            yes_no(1),
            yes_no(2),
            yes_no(3),
            yes_no(4),
            yes_no(5),
            16 + n % 80,
            n % 11,
            n % 14
        ));
    }
    out
}

fn main() {
    // `cargo test --benches` runs this file as a test; one quick pass is enough then.
    let quick = std::env::args().any(|a| a == "--test" || a == "--list");
    let (runs, records) = if quick { (3, 500) } else { (51, 20_000) };
    println!("dgs benchmarks (median of {runs} runs)\n");

    // The same questionnaire as plain JSON text, for the baseline.
    let embedded_json = serde_yaml::from_str::<serde_json::Value>(questionnaire::EMBEDDED)
        .expect("embedded YAML")
        .to_string();
    let load = median(runs, || {
        let q = questionnaire::load(None).expect("valid");
        black_box(scoring::Program::new(&q));
    });
    let parse = median(runs, || {
        black_box(serde_json::from_str::<serde_json::Value>(&embedded_json).expect("JSON"));
    });
    report("load + compile", load, parse, "plain JSON parse");

    let q = questionnaire::load(None).expect("valid");
    let line = answer_lines(1);
    let one = median(runs * 20, || {
        let doc: serde_json::Value = serde_json::from_str(&line).expect("JSON");
        let answers = answers::check(&RawAnswers::from_json(&doc).expect("mapping"), &q).ok();
        let answers = answers.unwrap_or_default();
        black_box(dgs::report::json::render(&q, &scoring::score(&q, &answers)));
    });
    let one_parse = median(runs * 20, || {
        black_box(serde_json::from_str::<serde_json::Value>(&line).expect("JSON"));
    });
    report(
        "one assessment (to JSON)",
        one,
        one_parse,
        "plain JSON parse",
    );

    let input = answer_lines(records);
    let mut out = Vec::with_capacity(input.len() * 16);
    let jobs = std::thread::available_parallelism().map_or(1, usize::from);
    let mut batch_in = |form: Form| {
        let settings = Settings {
            jobs,
            form,
            columns: Columns::default(),
            // As `dgs score` runs without `--summary`.
            tally: false,
        };
        median(runs.min(11), || {
            out.clear();
            let mut source = JsonLines::new(input.as_bytes(), "bench");
            let summary = batch::run(&q, &mut source, &settings, &mut out, &mut |_| {});
            black_box(summary.expect("scored"));
        })
    };
    let batch = batch_in(Form::Full);
    let lean = batch_in(Form::Lean);
    let lines = median(runs.min(11), || {
        for l in input.lines() {
            black_box(serde_json::from_str::<serde_json::Value>(l).expect("JSON"));
        }
    });
    report(
        &format!("batch, {records} records"),
        batch,
        lines,
        "parsing each line",
    );
    report(
        &format!("lean batch, {records} records"),
        lean,
        lines,
        "parsing each line",
    );
    for (name, time) in [("batch throughput", batch), ("lean throughput", lean)] {
        println!(
            "{name:<28} {:>10.0} records/s with {jobs} threads",
            records as f64 / time.as_secs_f64()
        );
    }
}
