use crate::harness::{Test, fixture, unindent};

fn small(extra: &[&str]) -> Test {
    Test::new()
        .args(["-q".to_string(), fixture("small.yaml")])
        .args(extra)
}

const ANSWERS: &[&str] = &[
    "-a",
    "alarm=no",
    "-a",
    "sitting=yes",
    "-a",
    "hours=7.5",
    "-a",
    "worse=driving,stairs",
];

#[test]
fn text_report() {
    small(ANSWERS).expect(
        0,
        &unindent(
            "
            Small check — result

            SELF-CARE
            =========
            Look after yourself.

            Your answers fit: Sitting pain pattern
            May be feeding it: Desk work

            Try first:
              1. Take breaks.
              2. Keep moving.

            In detail
              Points come from the questionnaire's design, not from a validated score: they
              show how many of a pattern's features your answers have, not a probability.

              Patterns
              Sitting pain pattern — consistent with your answers, 3 points (2 or more
              counts as consistent)
                Sitting hurts.
                because: Is sitting painful? yes (+2) · Worse with? Stairs, Driving (+1)
                evidence: Test evidence.

              What may be feeding it
              Desk work — consistent with your answers, 1 point (1 or more counts as
              consistent)
                Long desk hours.
                because: Hours sitting a day? 7.5 hours (+1)
                evidence: Test evidence.

              Everything you can try
              Desk work:
                • Take breaks.
                  evidence: Test evidence.
              For everyone:
                • Keep moving.
                  evidence: Test evidence.

            Result: SELF-CARE. What to do is at the top.

            This is not a diagnosis. A test questionnaire.
            ",
        ),
        "",
    );
}

#[test]
fn unanswered_red_flags_are_called_out_and_block_self_care() {
    small(&["--no-input", "-a", "sitting=no"]).expect(
        0,
        &unindent(
            r"
            Small check — result

            SEE A CLINICIAN
            ===============
            Book an appointment.

            Safety questions not answered
              Until these are answered, this result cannot say that self-care is enough. If
              one applies to you, do what the line under it says.
              ? Any alarm sign?
                if yes: EMERGENCY

            Try first:
              1. Keep moving.

            In detail

              Patterns
              Not suggested by your answers: Sitting pain pattern.

              What may be feeding it
              Not suggested by your answers: Desk work.

              Everything you can try
              For everyone:
                • Keep moving.
                  evidence: Test evidence.

              2 questions were not answered: Any alarm sign?; Worse with?.

            Result: SEE A CLINICIAN. What to do is at the top.

            This is not a diagnosis. A test questionnaire.
            ",
        ),
        "",
    );
}

#[test]
fn emergency_report_shows_only_what_to_do_now() {
    small(&["-a", "alarm=yes", "-a", "sitting=yes"]).expect(
        0,
        &unindent(
            "
            Small check — result

            EMERGENCY
            =========
            Get help now.

            Why
              ! An alarm sign needs help now.
                you answered: Any alarm sign? yes

            Because this needs help now, the rest of the assessment is not shown.

            This is not a diagnosis. A test questionnaire.
            ",
        ),
        "",
    );
}

#[test]
fn json_result_is_versioned_and_complete() {
    let out = small(ANSWERS).args(["--format", "json"]).expect_ok();
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["schema"], "dgs-result/1");
    assert_eq!(
        doc["questionnaire"],
        serde_json::json!({"id": "small", "version": "3"})
    );
    assert_eq!(doc["triage"]["level"], "self_care");
    assert_eq!(doc["triage"]["screening_complete"], true);
    assert_eq!(doc["red_flags"], serde_json::json!([]));
    assert_eq!(doc["patterns"][0]["id"], "sitting_pain");
    assert_eq!(doc["patterns"][0]["score"], 100);
    assert_eq!(doc["patterns"][0]["level"], "likely");
    assert_eq!(
        doc["patterns"][0]["because"][1]["answers"],
        serde_json::json!({"worse": ["stairs", "driving"]})
    );
    assert_eq!(doc["causes"][0]["evidence"], "Test evidence.");
    assert_eq!(
        doc["suggestions"][0],
        serde_json::json!({"id": "breaks", "text": "Take breaks.", "for": ["desk"], "evidence": "Test evidence."})
    );
    assert_eq!(doc["unanswered"], serde_json::json!([]));
    assert_eq!(
        doc["answers"],
        serde_json::json!({"alarm": "no", "hours": 7.5, "sitting": "yes", "worse": ["stairs", "driving"]})
    );
    assert!(out.ends_with("}\n"));
}

#[test]
fn json_for_an_open_red_flag_is_never_self_care() {
    let out = small(&["--no-input", "--format", "json"]).expect_ok();
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["triage"]["level"], "see_clinician");
    assert_eq!(doc["triage"]["screening_complete"], false);
    assert_eq!(
        doc["triage"]["unanswered_red_flags"],
        serde_json::json!(["alarm"])
    );
    assert_eq!(
        doc["unanswered"],
        serde_json::json!(["alarm", "sitting", "worse"])
    );
}

#[test]
fn markdown_summary_for_a_clinician() {
    small(ANSWERS)
        .args(["--format", "markdown"])
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .expect(
            0,
            &unindent(
                "
            # Small check

            > This is not a diagnosis. A test questionnaire.

            Assessed 2026-11-18 11:06 UTC with questionnaire `small` version 3.

            ## Result: SELF-CARE

            Look after yourself.

            **Safety questions: 1 answered, none positive.**

            Points come from the questionnaire's design, not from a validated score: they show how many of a pattern's features your answers have, not a probability.

            ## Symptom patterns

            | | Points | Level | Based on |
            |---|---|---|---|
            | Sitting pain pattern | 3 points (2 or more counts as consistent) | consistent with your answers | Is sitting painful? yes (+2) · Worse with? Stairs, Driving (+1) |

            ## Possible contributing causes

            | | Points | Level | Based on |
            |---|---|---|---|
            | Desk work | 1 point (1 or more counts as consistent) | consistent with your answers | Hours sitting a day? 7.5 hours (+1) |

            ## Self-care suggested

            - Take breaks. *(evidence: Test evidence.)*
            - Keep moving. *(evidence: Test evidence.)*

            ## Answers

            ### Safety

            | Question | Answer |
            |---|---|
            | Any alarm sign? | no |

            ### Pain

            | Question | Answer |
            |---|---|
            | Is sitting painful? | yes |
            | Hours sitting a day? | 7.5 hours |
            | Worse with? | Stairs, Driving |
            ",
            ),
            "",
        );
}

/// The clinician's summary renders as Markdown that a tool no one here wrote reads: pandoc
/// turns it into HTML with its headings and tables, for each triage level.
#[test]
fn markdown_summaries_render_with_pandoc() {
    if std::process::Command::new("pandoc")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: pandoc is not installed (.ci/run installs it)");
        return;
    }
    let safe = crate::harness::every_safety_question_no();
    for level in [
        vec![],
        vec!["-a", "cancer_history=yes"],
        vec!["-a", "fever_or_unwell=yes"],
        vec!["-a", "saddle_numbness=yes"],
    ] {
        let out = Test::new()
            .args(["--no-input", "--format", "markdown"])
            .args(&safe)
            .args(&level)
            .args([
                "-a",
                "buttock_pain=yes",
                "-a",
                "sitting_worsens=yes",
                "-a",
                "pain_intensity=6",
            ])
            .output();
        assert_eq!(out.status, 0, "{}", out.stderr);
        let mut pandoc = std::process::Command::new("pandoc")
            .args(["--from", "gfm", "--to", "html"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut pandoc.stdin.take().unwrap(), out.stdout.as_bytes())
            .unwrap();
        let html = pandoc.wait_with_output().unwrap();
        assert!(html.status.success(), "{level:?}");
        let html = String::from_utf8(html.stdout).unwrap();
        assert!(html.contains("<h1"), "{level:?}: {html}");
        assert!(
            html.contains("<h2 id=\"answers\">Answers</h2>"),
            "{level:?}: {html}"
        );
        assert!(html.contains("<table>"), "{level:?}: no table: {html}");
        assert!(
            !html.contains("<td></td></tr>\n</tbody>"),
            "{level:?}: an empty row"
        );
        // Pain as a rating out of ten, in the answers.
        assert!(html.contains("<td>6/10</td>"), "{level:?}: {html}");
    }
}

#[test]
fn default_questionnaire_uses_the_documented_pattern_and_cause_ids() {
    let out = Test::new()
        .args(["--no-input", "--format", "json"])
        .expect_ok();
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["questionnaire"]["id"], "deep-gluteal-syndrome");
    let ids = |key: &str| -> Vec<String> {
        let mut v: Vec<String> = doc[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        ids("patterns"),
        [
            "deep_gluteal_syndrome",
            "greater_trochanteric_pain",
            "hamstring_ischial",
            "hip_joint",
            "ischiofemoral_impingement",
            "lumbar_radiculopathy",
            "neurogenic_claudication",
            "pudendal_neuralgia",
            "sacroiliac_joint",
            "vascular_claudication"
        ]
    );
    assert_eq!(
        ids("causes"),
        [
            "car_travel",
            "excessive_exercise",
            "inactivity",
            "injury_compensation",
            "muscle_tensing",
            "prolonged_sitting",
            "sitting_posture",
            "structural_factors",
            "wallet_pressure",
            "workspace_setup"
        ]
    );
    assert_eq!(doc["triage"]["level"], "see_clinician");
    assert_eq!(doc["triage"]["screening_complete"], false);
}

#[test]
fn every_report_carries_the_disclaimer() {
    for format in ["text", "json", "markdown"] {
        for answer in ["saddle_numbness=yes", "fever_or_unwell=yes", "age=30"] {
            let out = Test::new()
                .args(["--no-input", "--format", format, "-a", answer])
                .expect_ok();
            assert!(
                out.contains("dgs-check is a self-assessment aid"),
                "{format} {answer}"
            );
            if format != "json" {
                assert!(
                    out.to_lowercase().contains("not a diagnosis"),
                    "{format} {answer}"
                );
            }
        }
    }
}
