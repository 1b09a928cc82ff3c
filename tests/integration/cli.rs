use crate::harness::{Test, fixture, unindent};

#[test]
fn version() {
    Test::new()
        .args(["--version"])
        .expect(0, &format!("dgs {}\n", env!("CARGO_PKG_VERSION")), "");
}

#[test]
fn help_has_examples_and_exit_codes() {
    let out = Test::new().args(["--help"]).output();
    assert_eq!(out.status, 0);
    assert_eq!(out.stderr, "");
    assert!(
        out.stdout
            .starts_with("Check buttock, hip or back-of-leg pain"),
        "{}",
        out.stdout
    );
    for needle in [
        "Usage: dgs [OPTIONS] [COMMAND]",
        "  log             Add a pain-diary entry",
        "  insights        What your diary says",
        "  assess          Run the assessment",
        "  questions       List every question",
        "  validate        Check a questionnaire file",
        "  score           Score many answer sets",
        "  completions     Print a shell completion script",
        "  man             Print the manual page",
        "  questionnaires  List the questionnaires shipped with dgs",
        "-a, --answer <ID=VALUE>",
        "--answers <FILE>",
        "--no-input",
        "  dgs assess --answers answers.json --format markdown > for-my-gp.md",
        "  3    invalid or missing answers (for `score`: any record was bad)\n  4    invalid questionnaire\n  5    the result was shown but could not be saved (--save)\n  130  interrupted (Ctrl-C) or the terminal closed",
        "This is a self-assessment aid, not a diagnosis.",
    ] {
        assert!(
            out.stdout.contains(needle),
            "--help lacks {needle:?}:\n{}",
            out.stdout
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    Test::new().args(["--format", "pdf"]).expect(
        2,
        "",
        &unindent(
            "
            error: invalid value 'pdf' for '--format <FORMAT>'
              [possible values: text, json, markdown, fhir]

            For more information, try '--help'.
            ",
        ),
    );
    let out = Test::new().args(["validate"]).output();
    assert_eq!(out.status, 2);
    assert!(
        out.stderr
            .starts_with("error: the following required arguments were not provided:\n  <FILE>"),
        "{}",
        out.stderr
    );
}

#[test]
fn questions_lists_ids_types_values_and_conditions() {
    Test::new()
        .args(["questions", "-q", &fixture("small.yaml")])
        .expect(
            0,
            &unindent(
                "
            Small check (small version 3)

            Safety
              alarm  [yes_no, required, red flag: emergency]
                Any alarm sign?
                answer: `yes` or `no`

            Pain
              sitting  [yes_no, required]
                Is sitting painful?
                answer: `yes` or `no`
              hours  [number]
                Hours sitting a day?
                answer: a number from 0 to 24
                asked when: sitting = yes
              worse  [multiple_choice]
                Worse with?
                answer: one or more of `stairs`, `driving` or `none` (separated by commas)
            ",
            ),
            "",
        );
}

#[test]
fn questions_as_json_cover_every_item_of_the_default() {
    let out = Test::new()
        .args(["questions", "--format", "json"])
        .expect_ok();
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["schema"], "dgs-questions/1");
    let items = doc["items"].as_array().unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    for id in [
        "saddle_numbness",
        "age",
        "pain_radiates",
        "sitting_hours_per_day",
        "vigorous_exercise",
    ] {
        assert!(ids.contains(&id), "{id}");
    }
    let radiates = items.iter().find(|i| i["id"] == "pain_radiates").unwrap();
    assert_eq!(
        radiates["values"],
        serde_json::json!(["none", "thigh", "below_knee", "foot"])
    );
    let risk = items.iter().find(|i| i["id"] == "vascular_risk").unwrap();
    assert_eq!(
        risk["enable_when"],
        serde_json::json!({"q": "calf_pain_walking", "op": "=", "value": "yes"})
    );
    let age = items.iter().find(|i| i["id"] == "age").unwrap();
    assert_eq!(
        (age["min"].as_f64(), age["max"].as_f64()),
        (Some(16.0), Some(120.0))
    );
}

#[test]
fn color_always_colours_even_into_a_pipe_and_never_does_not() {
    let args = ["-q", &fixture("small.yaml"), "-a", "alarm=yes"];
    let coloured = Test::new().args(args).args(["--color", "always"]).output();
    assert!(coloured.stdout.contains("\u{1b}["), "{}", coloured.stdout);
    let plain = Test::new()
        .args(args)
        .args(["--color", "never"])
        .env("CLICOLOR_FORCE", "1")
        .output();
    assert!(!plain.stdout.contains('\u{1b}'), "{}", plain.stdout);
    let auto = Test::new().args(args).output();
    assert!(!auto.stdout.contains('\u{1b}'));
}

#[test]
fn piped_output_never_goes_through_a_pager() {
    let out = Test::new()
        .args(["-a", "saddle_numbness=no", "--no-input"])
        .env("DGS_PAGER", "sed 's/^/PAGED|/'")
        .output();
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.len() > 2000, "{}", out.stdout);
    assert!(!out.stdout.contains("PAGED|"), "{}", out.stdout);
}
