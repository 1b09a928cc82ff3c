use std::fmt::Write as _;

use super::*;
use crate::questionnaire::ItemType;
use crate::questionnaire::triage::Level;
use crate::report::json;
use crate::scoring::assessment::{Fact, Likelihood};
use crate::testing::{BENIGN, answers, benign_with, embedded, small_questionnaire};

/// The benign answers with some changed, scored. The assessment borrows its answers; in a
/// test, leaking them is the simple way to let it outlive this function.
fn with<'a>(q: &'a Questionnaire, changes: &[&str]) -> Assessment<'a> {
    score(q, Box::leak(Box::new(benign_with(q, changes))))
}

fn level_of(a: &Assessment, id: &str) -> Likelihood {
    a.patterns
        .iter()
        .chain(&a.causes)
        .find(|r| r.id == id)
        .map(|r| r.level)
        .expect(id)
}

#[test]
fn benign_answers_give_self_care_with_complete_screening() {
    let q = embedded();
    let a = with(&q, &[]);
    assert_eq!(a.level, Level::SelfCare);
    assert!(a.screening_complete);
    assert!(a.red_flags.is_empty());
    assert!(a.unanswered.is_empty(), "{:?}", a.unanswered);
    // Pain on one side is the only pattern point in these answers: a weak one.
    assert!(
        a.patterns
            .iter()
            .all(|p| p.level < Likelihood::Likely && p.points <= 1.0),
        "{:?}",
        a.patterns
    );
    // Advice for everyone is still given.
    assert!(a.suggestions.iter().any(|s| s.id == "when_to_get_help"));
}

/// Never under-triage: each red-flag question answered `yes`, alone, reaches its tier.
#[test]
fn every_red_flag_alone_reaches_at_least_its_tier() {
    let q = embedded();
    let mut checked = 0;
    for item in q.items().filter(|i| i.kind == ItemType::YesNo) {
        let Some(tier) = item.red_flag else { continue };
        if item.enable_when.is_some() {
            continue; // first_episode: covered with its age below
        }
        let a = with(&q, &[&format!("{}=yes", item.id)]);
        assert!(
            a.level >= tier,
            "{} = yes gave {:?}, below {:?}",
            item.id,
            a.level,
            tier
        );
        assert!(
            a.red_flags.iter().any(|f| f.level >= tier),
            "{} not named as a red flag",
            item.id
        );
        checked += 1;
    }
    assert!(checked >= 13, "only {checked} red-flag items checked");
}

#[test]
fn age_red_flags() {
    let q = embedded();
    let young = with(&q, &["age=17"]);
    assert_eq!(young.level, Level::SeeClinician);
    let first_at_55 = with(&q, &["age=55", "first_episode=yes"]);
    assert_eq!(first_at_55.level, Level::SeeClinician);
    let again_at_55 = with(&q, &["age=55", "first_episode=no"]);
    assert_eq!(again_at_55.level, Level::SelfCare);
    // At 55 the follow-up question is asked; leaving it open leaves screening incomplete.
    let open_at_55 = with(&q, &["age=55"]);
    assert!(!open_at_55.screening_complete);
    assert_eq!(open_at_55.unanswered_red_flags, vec!["first_episode"]);
    assert_eq!(open_at_55.level, Level::SeeClinician);
}

/// Removing any one red-flag answer never leaves plain self-care.
#[test]
fn any_unanswered_red_flag_blocks_self_care() {
    let q = embedded();
    for item in q
        .items()
        .filter(|i| i.red_flag.is_some() && i.enable_when.is_none())
    {
        let mut given = benign_with(&q, &[]);
        given.remove(&item.id);
        let a = score(&q, &given);
        assert!(!a.screening_complete, "{}", item.id);
        assert!(
            a.level >= Level::SeeClinician,
            "{} unanswered gave {:?}",
            item.id,
            a.level
        );
        assert_eq!(a.unanswered_red_flags, vec![item.id.clone()]);
    }
    let none = Answers::new();
    let nothing = score(&q, &none);
    assert_eq!(nothing.level, Level::SeeClinician);
    assert!(!nothing.screening_complete);
}

#[test]
fn emergencies_stop_and_hold_back_self_care() {
    let q = embedded();
    // Only the one answer: questioning would have stopped here.
    let given = answers(&q, &["saddle_numbness=yes"]);
    let a = score(&q, &given);
    assert_eq!(a.level, Level::Emergency);
    assert!(a.stopped);
    assert!(a.suggestions.is_empty());
    assert_eq!(a.red_flags[0].id, "saddle_numbness");
    assert_eq!(
        a.red_flags[0].because.get("saddle_numbness"),
        Some(Fact::Answer(&Value::Code("yes".into())))
    );
}

#[test]
fn urgent_holds_back_self_care_but_not_clinician_level() {
    let q = embedded();
    let urgent = with(&q, &["fever_or_unwell=yes"]);
    assert_eq!(urgent.level, Level::Urgent);
    assert!(!urgent.stopped);
    assert!(urgent.suggestions.is_empty());
    let soon = with(&q, &["unexplained_weight_loss=yes"]);
    assert_eq!(soon.level, Level::SeeClinician);
    assert!(!soon.suggestions.is_empty());
}

#[test]
fn cancer_with_new_nerve_symptoms_is_urgent() {
    let q = embedded();
    let a = with(&q, &["cancer_history=yes", "numbness_tingling=yes"]);
    assert_eq!(a.level, Level::Urgent);
    assert_eq!(a.red_flags[0].id, "cancer_with_severe_pain");
}

#[test]
fn classic_deep_gluteal_picture() {
    let q = embedded();
    let a = with(
        &q,
        &[
            "buttock_pain=yes",
            "sitting_worsens=yes",
            "pain_radiates=thigh",
            "wallet_back_pocket=yes",
        ],
    );
    assert_eq!(a.level, Level::SelfCare);
    assert_eq!(a.patterns[0].id, "deep_gluteal_syndrome");
    assert_eq!(a.patterns[0].level, Likelihood::Likely);
    assert_eq!(a.patterns[0].score, 67); // 8 of the 12 points rules can give
    assert_eq!(level_of(&a, "wallet_pressure"), Likelihood::Likely);
    let because: Vec<&str> = a.patterns[0].because.iter().map(|b| b.rule).collect();
    assert_eq!(
        because,
        ["dgs_buttock", "dgs_sitting", "dgs_thigh", "dgs_one_side"]
    );
    assert!(
        a.suggestions
            .iter()
            .any(|s| s.id == "move_wallet" && *s.targets == ["wallet_pressure"])
    );
    assert!(a.suggestions.iter().any(|s| s.id == "gentle_stretches"));
}

#[test]
fn spine_features_point_away_from_the_buttock() {
    let q = embedded();
    let a = with(
        &q,
        &[
            "buttock_pain=yes",
            "sitting_worsens=yes",
            "pain_radiates=foot",
            "cough_sneeze_worsens=yes",
            "numbness_tingling=yes",
        ],
    );
    assert_eq!(a.patterns[0].id, "lumbar_radiculopathy");
    assert_eq!(a.patterns[0].level, Likelihood::Likely);
    assert_eq!(level_of(&a, "deep_gluteal_syndrome"), Likelihood::Possible);
}

#[test]
fn stretching_is_held_back_for_a_hamstring_pattern() {
    let q = embedded();
    let a = with(
        &q,
        &[
            "buttock_pain=yes",
            "sitting_worsens=yes",
            "sit_bone_pain=yes",
            "also_worse_with=hard_seats",
        ],
    );
    assert_eq!(level_of(&a, "hamstring_ischial"), Likelihood::Likely);
    assert!(a.suggestions.iter().any(|s| s.id == "hamstring_care"));
    assert!(
        !a.suggestions
            .iter()
            .any(|s| s.id == "gentle_stretches" || s.id == "nerve_glides")
    );
}

#[test]
fn calf_cramp_on_walking_goes_to_a_clinician() {
    let q = embedded();
    let a = with(
        &q,
        &[
            "calf_pain_walking=yes",
            "vascular_risk=smoking,diabetes",
            "age=60",
            "first_episode=no",
        ],
    );
    assert_eq!(a.level, Level::SeeClinician);
    assert_eq!(a.patterns[0].id, "vascular_claudication");
    assert_eq!(a.patterns[0].level, Likelihood::Likely);
    assert!(a.suggestions.iter().any(|s| s.id == "circulation_check"));
}

#[test]
fn answers_to_disabled_questions_are_ignored() {
    let q = embedded();
    let a = with(&q, &["vascular_risk=smoking"]);
    assert_eq!(a.ignored, vec!["vascular_risk"]);
    assert!(a.answer("vascular_risk").is_none());
    assert_eq!(level_of(&a, "vascular_claudication"), Likelihood::Unlikely);
}

#[test]
fn scores_and_bands() {
    let q = embedded();
    for (pain, band) in [
        ("0", "none"),
        ("3", "mild"),
        ("4", "moderate"),
        ("6", "moderate"),
        ("7", "severe"),
        ("10", "severe"),
    ] {
        let a = with(&q, &[&format!("pain_intensity={pain}")]);
        assert_eq!(a.scores[0].band, Some(band), "pain {pain}");
    }
    let mut given = benign_with(&q, &[]);
    given.remove("pain_intensity");
    assert!(!score(&q, &given).scores.iter().any(|s| s.id == "pain_now"));
}

#[test]
fn same_answers_same_bytes() {
    let q = embedded();
    let given = benign_with(&q, &["buttock_pain=yes", "sitting_hours_per_day=7.25"]);
    let first = json::render(&q, &score(&q, &given));
    let second = json::render(&q, &score(&q, &given.clone()));
    assert_eq!(first, second);
    assert!(first.contains("\"schema\": \"dgs-result/1\""));
    assert_eq!(BENIGN.len(), benign_with(&q, &[]).len());
}

// The format can express an instrument with the structure of STarT Back (a Keele tool): item scores, a
// subscale, cut-offs on both. Wording here is placeholder: the real items are licensed.
#[test]
fn weighted_scores_with_a_subscale_and_cut_offs() {
    let mut items = String::new();
    for n in 1..=9 {
        let _ = writeln!(
            items,
            "      - {{id: s{n}, type: single_choice, text: Statement {n}, options: [{{value: agree, label: Agree, weight: 1}}, {{value: disagree, label: Disagree, weight: 0}}]}}"
        );
    }
    let text = small_questionnaire(
        "structure",
        &format!(
            r#"sections:
  - id: all
    title: All
    items:
{items}scores:
  - id: overall
    label: Overall
    items: [s1, s2, s3, s4, s5, s6, s7, s8, s9]
    bands: [{{max: 3, label: low}}, {{label: not low}}]
  - id: distress
    label: Distress subscale
    items: [s5, s6, s7, s8, s9]
patterns:
  - {{id: high, label: High, text: t, evidence: e, likely_at: 1}}
  - {{id: medium, label: Medium, text: t, evidence: e, likely_at: 1}}
rules:
  - id: high
    when: {{all: [{{score: overall, op: ">=", value: 4}}, {{score: distress, op: ">=", value: 4}}]}}
    patterns: {{high: 1}}
  - id: medium
    when: {{all: [{{score: overall, op: ">=", value: 4}}, {{score: distress, op: "<=", value: 3}}]}}
    patterns: {{medium: 1}}
"#
        ),
    );
    let q = crate::questionnaire::parse(&text, "structure.yaml").unwrap();
    let run = |agree: &[u8]| {
        let flags: Vec<String> = (1..=9u8)
            .map(|n| {
                format!(
                    "s{n}={}",
                    if agree.contains(&n) {
                        "agree"
                    } else {
                        "disagree"
                    }
                )
            })
            .collect();
        let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
        score(&q, Box::leak(Box::new(answers(&q, &flags))))
    };
    let low = run(&[1, 2, 3]);
    assert_eq!(
        (low.scores[0].value, low.scores[0].band),
        (3.0, Some("low"))
    );
    assert!(low.patterns.iter().all(|p| p.level == Likelihood::Unlikely));
    let medium = run(&[1, 2, 3, 5]);
    assert_eq!((medium.scores[0].value, medium.scores[1].value), (4.0, 1.0));
    assert_eq!(medium.patterns[0].id, "medium");
    let high = run(&[1, 5, 6, 7, 8]);
    assert_eq!(high.patterns[0].id, "high");
    assert_eq!(high.patterns[0].level, Likelihood::Likely);
    assert_eq!(
        high.patterns[0].because[0].answers.get("distress"),
        Some(Fact::Number(4.0))
    );
}

/// A questionnaire exercising the clinical-content-v2 engine keys on their own.
const V2: &str = r#"sections:
  - id: s
    title: S
    items:
      - {id: flag, type: yes_no, text: F, required: true, red_flag: see_clinician, not_sure: true}
      - {id: a, type: yes_no, text: A}
      - {id: b, type: yes_no, text: B}
      - {id: habit, type: yes_no, text: H}
patterns:
  - {id: main, label: M, text: t, evidence: e, likely_at: 2}
  - {id: rival, label: R, text: t, evidence: e, likely_at: 4}
causes:
  - {id: weak, label: W, text: t, evidence: e, likely_at: 1, at_most: possible}
suggestions:
  - {id: stretch, text: S, evidence: e, for: [main], unless: [rival], unless_at: possible}
  - {id: rest, text: R, evidence: e, for: [main], unless: [rival]}
  - {id: heat, text: H, evidence: e, for: [main]}
rules:
  - id: flag
    when: {q: flag, op: in, value: ["yes", not_sure]}
    triage: see_clinician
    message: See a GP.
    evidence: A source.
    withhold: [heat]
    advice: {title: GP title, action: GP action}
  - {id: main_a, when: {q: a, op: "=", value: "yes"}, patterns: {main: 2}}
  - {id: rival_b, when: {q: b, op: "=", value: "yes"}, patterns: {rival: 1}}
  - {id: habit, when: {q: habit, op: "=", value: "yes"}, causes: {weak: 3}}
"#;

fn shown(a: &Assessment) -> Vec<String> {
    a.suggestions.iter().map(|s| s.id.to_string()).collect()
}

#[test]
fn clinical_v2_engine_keys() {
    let q = crate::questionnaire::parse(&small_questionnaire("v2", V2), "v2.yaml").unwrap();
    let run = |flags: &[&str]| {
        let given = Box::leak(Box::new(answers(&q, flags)));
        score(&q, given)
    };

    let plain = run(&["flag=no", "a=yes", "b=no", "habit=yes"]);
    assert_eq!(plain.level, Level::SelfCare);
    assert_eq!(shown(&plain), ["stretch", "rest", "heat"]);
    assert_eq!((plain.title, plain.action), ("C", "c"));
    // One practitioner-only answer with many points is still only possible.
    assert_eq!(level_of(&plain, "weak"), Likelihood::Possible);

    // A merely possible rival holds back `unless_at: possible`, not the default `likely`.
    let rival = run(&["flag=no", "a=yes", "b=yes"]);
    assert_eq!(shown(&rival), ["rest", "heat"]);

    // "Not sure" fires the flag, swaps in its advice and withholds heat.
    let unsure = run(&["flag=not_sure", "a=yes", "b=no"]);
    assert_eq!(unsure.level, Level::SeeClinician);
    assert_eq!((unsure.title, unsure.action), ("GP title", "GP action"));
    assert_eq!(unsure.red_flags[0].evidence, Some("A source."));
    assert_eq!(shown(&unsure), ["stretch", "rest"]);
    let doc = json::render(&q, &unsure);
    assert!(doc.contains("\"title\": \"GP title\""), "{doc}");
    assert!(doc.contains("\"flag\": \"not_sure\""), "{doc}");

    // The compact writer agrees with serde for all of it.
    for a in [&plain, &rival, &unsure] {
        let fast = crate::testing::compact(&q, a, None);
        let mut slow = Vec::new();
        json::write_compact(&mut slow, &q, a, None);
        assert_eq!(
            String::from_utf8(fast).unwrap(),
            String::from_utf8(slow).unwrap()
        );
    }
}

#[test]
fn an_early_stop_is_not_assessed_and_writes_null() {
    let q = embedded();
    let a = with(&q, &["saddle_numbness=not_sure", "buttock_pain=yes"]);
    assert!(a.stopped);
    assert!(a.patterns.iter().chain(&a.causes).all(|r| !r.assessed));
    let doc: serde_json::Value = serde_json::from_str(&json::render(&q, &a)).unwrap();
    assert!(doc["patterns"][0]["score"].is_null());
    assert!(doc["causes"][0]["level"].is_null());
    let fast = crate::testing::compact(&q, &a, None);
    let mut slow = Vec::new();
    json::write_compact(&mut slow, &q, &a, None);
    assert_eq!(fast, slow);
}

#[test]
fn not_sure_on_a_safety_question_reaches_at_least_its_tier() {
    let q = embedded();
    let mut checked = 0;
    for item in q.items().filter(|i| i.not_sure && i.enable_when.is_none()) {
        let tier = item.red_flag.expect("only safety questions take not_sure");
        let a = with(&q, &[&format!("{}=not_sure", item.id)]);
        assert!(a.level >= tier, "{} = not_sure gave {:?}", item.id, a.level);
        let yes = with(&q, &[&format!("{}=yes", item.id)]);
        assert_eq!(a.level, yes.level, "{}: not sure and yes differ", item.id);
        checked += 1;
    }
    assert!(checked >= 23, "only {checked} checked");
}

#[test]
fn ordered_choices_compare_by_weight_in_rules() {
    let text = small_questionnaire(
        "ordered",
        r#"sections:
  - id: all
    title: All
    items:
      - id: thoughts
        type: single_choice
        text: Thoughts?
        options:
          - {value: not_at_all, label: Not at all, weight: 0}
          - {value: several_days, label: Several days, weight: 1}
          - {value: more_than_half, label: More than half the days, weight: 2}
rules:
  - id: any_thoughts
    when: {q: thoughts, op: ">", value: 0}
    triage: urgent
    message: Talk to someone today.
  - id: often
    when: {q: thoughts, op: ">=", value: more_than_half}
    triage: emergency
    message: Get help now.
"#,
    );
    let q = crate::questionnaire::parse(&text, "ordered.yaml").unwrap();
    for (answer, level) in [
        ("not_at_all", Level::SelfCare),
        ("several_days", Level::Urgent),
        ("more_than_half", Level::Emergency),
    ] {
        let given = Box::leak(Box::new(answers(&q, &[&format!("thoughts={answer}")])));
        assert_eq!(score(&q, given).level, level, "{answer}");
    }
}

/// Two mood items, the second a safety item asked last; no emergency level at all.
const SAFETY_LAST: &str = r#"format: dgs-questionnaire/1
id: mood
version: "1"
title: Mood
disclaimer: Not a diagnosis.
triage:
  urgent: {title: U, action: u}
  see_clinician: {title: S, action: s}
  self_care: {title: C, action: c}
sections:
  - id: mood
    title: Mood
    items:
      - id: low
        type: single_choice
        text: Feeling low?
        options:
          - {value: no, label: Not at all, weight: 0}
          - {value: often, label: Often, weight: 3}
      - id: harm
        type: single_choice
        text: Thoughts of hurting yourself?
        required: true
        red_flag: urgent
        in_place: true
        options:
          - {value: no, label: Not at all, weight: 0}
          - {value: some, label: Some days, weight: 1}
scores:
  - {id: total, label: Total, items: [low, harm]}
rules:
  - id: harm_thoughts
    when: {q: harm, op: ">", value: 0}
    triage: urgent
    message: Talk to someone today.
  - id: high_total
    when: {score: total, op: ">=", value: 3}
    triage: see_clinician
    threshold: true
    message: A high total is worth discussing.
"#;

#[test]
fn a_safety_item_may_come_last_and_still_guards_the_result() {
    let q = crate::questionnaire::parse(SAFETY_LAST, "mood.yaml").unwrap();
    let run = |flags: &[&str]| score(&q, Box::leak(Box::new(answers(&q, flags))));

    // Unanswered, the safety item keeps the screening incomplete and the level up.
    let open = run(&["low=no"]);
    assert!(!open.screening_complete);
    assert_eq!(open.unanswered_red_flags, ["harm"]);
    assert_eq!(open.level, Level::SeeClinician);

    // A threshold rule is not a red flag, in the result or in the reports.
    let high = run(&["low=often", "harm=no"]);
    assert!(high.screening_complete);
    assert_eq!(high.level, Level::SeeClinician);
    assert!(high.red_flags.is_empty());
    assert_eq!(high.thresholds[0].id, "high_total");
    let text = crate::report::text::render(
        &q,
        &high,
        crate::style::Style::PLAIN,
        80,
        crate::cli::Detail::Full,
    );
    assert!(text.contains("a threshold, not a warning sign"), "{text}");
    let md = crate::report::markdown::render(&q, &high, "today");
    assert!(md.contains("## Thresholds reached") && !md.contains("## Positive findings"));

    let both = run(&["low=often", "harm=some"]);
    assert_eq!(both.level, Level::Urgent);
    assert_eq!(both.red_flags[0].id, "harm_thoughts");
    assert_eq!(both.thresholds[0].id, "high_total");
    let doc: serde_json::Value = serde_json::from_str(&json::render(&q, &both)).unwrap();
    assert_eq!(doc["red_flags"][0]["id"], "harm_thoughts");
    assert_eq!(doc["thresholds"][0]["id"], "high_total");
    // `dgs score`'s fast writer says the same, byte for byte.
    for a in [&open, &high, &both] {
        let fast = crate::testing::compact(&q, a, None);
        let mut slow = Vec::new();
        json::write_compact(&mut slow, &q, a, None);
        assert_eq!(String::from_utf8(fast), String::from_utf8(slow));
    }
}

#[test]
fn levels_a_result_can_reach_need_their_text() {
    // Without `see_clinician`, an open safety question would have nowhere to go.
    let text = SAFETY_LAST.replacen("  see_clinician: {title: S, action: s}\n", "", 1);
    let err = crate::questionnaire::parse(&text, "mood.yaml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("no text for level `see_clinician`"), "{err}");
    // Without `in_place`, the safety item must come first.
    let text = SAFETY_LAST.replacen("        in_place: true\n", "", 1);
    let err = crate::questionnaire::parse(&text, "mood.yaml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("comes after `low`"), "{err}");
}

#[test]
fn classifications_give_a_label_and_what_gave_it() {
    let mut items = String::new();
    for n in 1..=9 {
        let _ = writeln!(
            items,
            "      - {{id: s{n}, type: single_choice, text: Statement {n}, options: [{{value: agree, label: Agree, weight: 1}}, {{value: disagree, label: Disagree, weight: 0}}]}}"
        );
    }
    let text = small_questionnaire(
        "classes",
        &format!(
            r#"sections:
  - id: all
    title: All
    items:
{items}scores:
  - {{id: overall, label: Overall, items: [s1, s2, s3, s4, s5, s6, s7, s8, s9], min_answered: 9}}
  - {{id: distress, label: Distress, items: [s5, s6, s7, s8, s9], min_answered: 5}}
classifications:
  - id: risk
    label: Risk group
    classes:
      - {{id: low, label: Low risk, when: {{score: overall, op: "<=", value: 3}}}}
      - {{id: high, label: High risk, when: {{score: distress, op: ">=", value: 4}}}}
      - {{id: medium, label: Medium risk, when: {{score: overall, op: ">=", value: 4}}}}
"#
        ),
    );
    let q = crate::questionnaire::parse(&text, "classes.yaml").unwrap();
    let run = |agree: &[u8], answered: u8| {
        let flags: Vec<String> = (1..=answered)
            .map(|n| {
                let v = if agree.contains(&n) {
                    "agree"
                } else {
                    "disagree"
                };
                format!("s{n}={v}")
            })
            .collect();
        let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
        score(&q, Box::leak(Box::new(answers(&q, &flags))))
    };
    let medium = run(&[1, 2, 3, 5], 9);
    let c = &medium.classifications[0];
    assert_eq!(
        (c.class, c.class_label),
        (Some("medium"), Some("Medium risk"))
    );
    assert_eq!(c.because.get("overall"), Some(Fact::Number(4.0)));
    let high = run(&[1, 5, 6, 7, 8], 9);
    assert_eq!(high.classifications[0].class, Some("high"));
    let low = run(&[5, 6, 7], 9);
    assert_eq!(low.classifications[0].class, Some("low"));
    // Eight of nine answered: no class, and said so.
    let partial = run(&[1, 2, 3, 5], 8);
    assert_eq!(partial.classifications[0].class, None);

    let shown = crate::report::text::render(
        &q,
        &medium,
        crate::style::Style::PLAIN,
        200,
        crate::cli::Detail::Brief,
    );
    assert!(
        shown.contains("Risk group: Medium risk (from Overall: 4)"),
        "{shown}"
    );
    let shown = crate::report::text::render(
        &q,
        &partial,
        crate::style::Style::PLAIN,
        200,
        crate::cli::Detail::Brief,
    );
    assert!(
        shown.contains("Risk group: not classified: too few questions answered"),
        "{shown}"
    );
    let md = crate::report::markdown::render(&q, &medium, "today");
    assert!(
        md.contains("| Risk group | Medium risk | Overall: 4 |"),
        "{md}"
    );
    for a in [&medium, &partial] {
        let doc: serde_json::Value = serde_json::from_str(&json::render(&q, a)).unwrap();
        assert_eq!(doc["classifications"][0]["id"], "risk");
        let fast = crate::testing::compact(&q, a, None);
        let mut slow = Vec::new();
        json::write_compact(&mut slow, &q, a, None);
        assert_eq!(String::from_utf8(fast), String::from_utf8(slow));
    }
}
