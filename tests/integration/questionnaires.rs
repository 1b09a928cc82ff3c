//! The repository's own artefacts: every shipped questionnaire and fixture validates.

use crate::harness::{Test, fixture, repo_file};

#[test]
fn every_shipped_questionnaire_validates() {
    let mut count = 0;
    for entry in std::fs::read_dir(repo_file("questionnaires")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let out = Test::new()
                .args(["validate", path.as_os_str().to_str().unwrap()])
                .expect_ok();
            assert!(out.contains(": valid: "), "{out}");
            count += 1;
        }
    }
    assert!(count >= 1);
}

#[test]
fn validate_reports_what_it_checked() {
    let path = fixture("small.yaml");
    Test::new().args(["validate", &path]).expect(
        0,
        &format!("{path}: valid: 4 questions in 2 sections, 4 rules\n"),
        "",
    );
}

#[test]
fn the_embedded_questionnaire_has_the_stable_ids() {
    let out = Test::new()
        .args(["questions", "--format", "json"])
        .expect_ok();
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let items = doc["items"].as_array().unwrap();
    let find = |id: &str| {
        items
            .iter()
            .find(|i| i["id"] == id)
            .unwrap_or_else(|| panic!("no item {id}"))
    };
    let yes_no = [
        "saddle_numbness",
        "bladder_bowel_change",
        "sciatica_both_legs",
        "sexual_function_change",
        "leg_weakness_progressive",
        "fever_or_unwell",
        "cancer_history",
        "unexplained_weight_loss",
        "recent_trauma",
        "night_pain_unrelenting",
        "buttock_pain",
        "sitting_worsens",
        "crossing_leg_worsens",
        "back_pain_dominant",
        "cough_sneeze_worsens",
        "numbness_tingling",
        "groin_pain",
        "lateral_hip_pain",
        "sit_bone_pain",
        "calf_pain_walking",
        "wallet_back_pocket",
        "sits_feet_tucked",
        "sits_legs_crossed",
        "long_car_trips",
        "tenses_muscles",
        "previous_injury",
        "scoliosis",
        "leg_length_difference",
    ];
    for id in yes_no {
        assert_eq!(find(id)["type"], "yes_no", "{id}");
    }
    for (id, values) in [
        ("pain_radiates", vec!["none", "thigh", "below_knee", "foot"]),
        ("workspace_setup", vec!["good", "fair", "poor"]),
        (
            "activity_level",
            vec!["sedentary", "somewhat_active", "active"],
        ),
        ("vigorous_exercise", vec!["none", "moderate", "heavy"]),
    ] {
        assert_eq!(find(id)["type"], "single_choice", "{id}");
        assert_eq!(find(id)["values"], serde_json::json!(values), "{id}");
    }
    for (id, kind, min, max) in [
        ("age", "integer", 16.0, 120.0),
        ("pain_intensity", "integer", 0.0, 10.0),
        ("sitting_hours_per_day", "number", 0.0, 24.0),
    ] {
        let item = find(id);
        assert_eq!(
            (
                item["type"].as_str(),
                item["min"].as_f64(),
                item["max"].as_f64()
            ),
            (Some(kind), Some(min), Some(max)),
            "{id}"
        );
    }
    // The red flags come first.
    let first_plain = items.iter().position(|i| i["red_flag"].is_null()).unwrap();
    assert!(
        items[..first_plain]
            .iter()
            .all(|i| !i["red_flag"].is_null())
    );
    assert!(first_plain >= 10);
}

#[test]
fn shipped_questionnaires_are_listed_and_run_by_name() {
    let list = Test::new().args(["questionnaires"]).expect_ok();
    // Every file in questionnaires/ is shipped, under its file name.
    for entry in std::fs::read_dir(repo_file("questionnaires")).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
        assert!(
            list.lines().any(|l| l.starts_with(&format!("{stem} "))),
            "{stem} not listed:\n{list}"
        );
    }
    assert!(
        list.contains("startback") && list.contains("non-commercial"),
        "{list}"
    );

    // By name, as `-q` takes it: PHQ-9 with a positive item 9 is a safety flag, not a threshold.
    let mut args: Vec<String> = ["assess", "-q", "phq-9", "--no-input", "--format", "json"]
        .map(String::from)
        .to_vec();
    for n in 1..=9 {
        args.push("-a".into());
        args.push(format!(
            "phq9_{n}={}",
            if n == 9 { "several_days" } else { "not_at_all" }
        ));
    }
    let out = Test::new().args(args).expect_ok();
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["questionnaire"]["id"], "phq-9");
    assert_eq!(doc["triage"]["level"], "urgent");
    assert_eq!(doc["red_flags"][0]["id"], "self_harm_thoughts");
    assert_eq!(doc["scores"][0]["value"], 1.0);

    // A file of that name, if there is one, wins over the shipped questionnaire.
    let out = Test::new()
        .write(
            "phq-9",
            std::fs::read_to_string(fixture("small.yaml")).unwrap(),
        )
        .args(["questions", "-q", "phq-9"])
        .expect_ok();
    assert!(!out.contains("phq9_1"), "{out}");
}

#[test]
fn questions_show_how_scores_and_classifications_are_computed() {
    let out = Test::new()
        .args(["questions", "-q", "startback"])
        .expect_ok();
    assert!(
        out.contains("    weights: not_at_all = 0, slightly = 0, moderately = 0, very_much = 1,\n    extremely = 1\n"),
        "{out}"
    );
    assert!(out.contains("\nScores\n  sbst_total  STarT Back total (0–9)\n    sum of sbst_1, sbst_2, sbst_3, sbst_4, sbst_5, sbst_6, sbst_7, sbst_8,\n    sbst_9; needs at least 9 answered; rounded to 0 decimals\n"), "{out}");
    assert!(out.contains("\nClassifications\n  sbst_risk  STarT Back risk group (the first that holds)\n    Low risk (of back pain staying troublesome) (low): when sbst_total <= 3\n"), "{out}");

    let out = Test::new().args(["questions", "-q", "phq-9"]).expect_ok();
    assert!(
        out.contains("  phq9_9  [single_choice, required, red flag: urgent, asked in place]\n"),
        "{out}"
    );
    assert!(
        out.contains("    bands: up to 4: minimal; up to 9: mild;"),
        "{out}"
    );
}

#[test]
fn questions_json_names_every_id_a_lean_record_can_hold() {
    let doc = questions_json(&[]);
    for key in ["patterns", "causes", "suggestions", "rules"] {
        let list = doc[key].as_array().unwrap();
        assert!(!list.is_empty(), "{key}");
        assert!(list.iter().all(|v| v["id"].is_string()), "{key}");
    }
    let rules = doc["rules"].as_array().unwrap();
    let rule = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap();
    assert_eq!(rule("saddle_numbness")["kind"], "red_flag");
    assert_eq!(rule("saddle_numbness")["triage"], "emergency");

    let doc = questions_json(&["-q", "phq-9"]);
    let score = &doc["scores"][0];
    assert_eq!(score["method"], "sum");
    assert_eq!(score["min_answered"], 9);
    assert_eq!(score["bands"][0]["label"], "minimal");
    let item9 = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "phq9_9")
        .unwrap();
    assert_eq!(item9["in_place"], true);
    assert_eq!(item9["options"][3]["weight"], 3.0);
    let rules = doc["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["kind"] == "threshold"), "{rules:?}");

    let out = Test::new()
        .args(["questions", "-q", "startback", "--format", "json"])
        .expect_ok();
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        doc["classifications"][0]["classes"][0]["when"]["score"],
        "sbst_total"
    );
}

fn questions_json(args: &[&str]) -> serde_json::Value {
    let out = Test::new()
        .args(["questions", "--format", "json"])
        .args(args.iter().copied())
        .expect_ok();
    serde_json::from_str(&out).unwrap()
}

/// PHQ-9 answers as flags: `picks[n]` is item n+1's code, `None` leaves it open.
fn phq9(picks: &[Option<&str>], format: &str) -> String {
    let mut args: Vec<String> = ["assess", "-q", "phq-9", "--no-input", "--format", format]
        .map(String::from)
        .to_vec();
    for (n, pick) in picks.iter().enumerate() {
        if let Some(code) = pick {
            args.push("-a".into());
            args.push(format!("phq9_{}={code}", n + 1));
        }
    }
    Test::new().args(args).env("COLUMNS", "80").expect_ok()
}

#[test]
fn a_partly_answered_phq9_is_never_told_it_is_below_the_cut_off() {
    // Four items at "nearly every day" already make 12: over the cut-off whatever the rest.
    let four = [Some("nearly_every_day"); 4];
    let out = phq9(&four, "text");
    assert!(
        out.contains("Talk to a doctor about these answers"),
        "{out}"
    );
    assert!(
        out.contains("  > Not every question was answered, but the ones you answered already add up to\n    10 or more,"),
        "{out}"
    );
    assert!(!out.contains("do not reach the usual cut-off"), "{out}");
    // The working values behind the rule stay out of the Scores line, and in the JSON.
    assert!(
        out.contains("Scores: PHQ-9 total (0–27): no score (4 of at least 9 questions answered)\n"),
        "{out}"
    );
    let doc: serde_json::Value = serde_json::from_str(&phq9(&four, "json")).unwrap();
    let ids: Vec<&str> = doc["scores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "phq9_answered_sum",
            "phq9_answered",
            "phq9_highest_possible"
        ]
    );
    assert_eq!(doc["thresholds"][0]["id"], "partial_10_or_more");

    // Two items at "several days": 2 so far, but the seven open ones could make 23.
    let doc: serde_json::Value =
        serde_json::from_str(&phq9(&[Some("several_days"); 2], "json")).unwrap();
    assert_eq!(doc["triage"]["level"], "see_clinician");
    assert_eq!(doc["thresholds"][0]["id"], "total_unknown");

    // Eight "not at all" and item 9 open: 0 + 3 cannot reach 10, but item 9 is a safety item.
    let mut eight = vec![Some("not_at_all"); 8];
    let doc: serde_json::Value = serde_json::from_str(&phq9(&eight, "json")).unwrap();
    assert_eq!(doc["triage"]["level"], "see_clinician");
    assert_eq!(doc.get("thresholds"), None);
    assert_eq!(doc["triage"]["unanswered_red_flags"][0], "phq9_9");

    // The open item 9 says which answers would mean what, from the rule itself.
    let out = phq9(&eight, "text");
    assert!(
        out.contains("  ? Thoughts of being better off dead or of self-harm\n    if “Several days”, “More than half the days” or “Nearly every day”: Talk to\n    a doctor or a crisis line today\n"),
        "{out}"
    );

    // All nine at 0: complete and below the cut-off, so self-care, with no working values.
    eight.push(Some("not_at_all"));
    let out = phq9(&eight, "text");
    assert!(
        out.contains("Nothing here needs a doctor urgently"),
        "{out}"
    );
    assert!(
        out.contains("Scores: PHQ-9 total (0–27): 0 (minimal)\n"),
        "{out}"
    );
}

#[test]
fn the_clinician_summary_counts_a_positive_item_nine() {
    let mut picks = vec![Some("not_at_all"); 8];
    picks.push(Some("more_than_half"));
    let out = phq9(&picks, "markdown");
    assert!(
        out.contains("**Safety questions: 1 answered, 1 positive:** Thoughts of being better off dead or of self-harm."),
        "{out}"
    );
    assert!(!out.contains("none positive"), "{out}");
    assert!(!out.contains("answered questions added up"), "{out}");
}
