//! Clinical vignettes: whole pictures answered as a person would, run through the real `dgs`,
//! each checked for its triage level, red flags, top pattern and the advice that must not
//! appear. One per rule that changes triage or holds advice back (docs/clinical-rules.md),
//! plus mixed pictures.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::harness::Test;

/// A complete, unremarkable answer set: no red flag, no habit, pain in the low back on one side.
/// The same file the unit tests use.
fn base() -> Vec<&'static str> {
    include_str!("../fixtures/benign-answers.txt")
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
}

/// The classic deep gluteal picture, added to vignettes that test what holds its advice back.
const DGS: &[&str] = &[
    "buttock_pain=yes",
    "pain_worst_area=deep_buttock",
    "sitting_worsens=yes",
    "standing_eases=yes",
    "pain_radiates=thigh",
];

const HANDS_ON: &[&str] = &[
    "heat",
    "massage",
    "gentle_stretches",
    "nerve_glides",
    "hip_strengthening",
];
/// Where serious disease is possible, also the general advice that would contradict "see a
/// GP": "moving is not harmful", "a GP or physiotherapist in 4 to 6 weeks" (facts 7.2).
const SERIOUS: &[&str] = &[
    "heat",
    "massage",
    "gentle_stretches",
    "nerve_glides",
    "hip_strengthening",
    "keep_active",
    "when_to_get_help",
];
const STRETCHES: &[&str] = &["gentle_stretches", "nerve_glides"];
const NONE: &[&str] = &[];

struct Vignette {
    name: &'static str,
    answers: &'static [&'static [&'static str]],
    level: &'static str,
    /// Every rule that raised the level: red flags and thresholds alike (which is which is
    /// checked once, in `which_rules_are_thresholds`).
    red_flags: &'static [&'static str],
    /// The first pattern, where the answers decide it.
    top: Option<&'static str>,
    must_not: &'static [&'static str],
    must: &'static [&'static str],
}

/// The [`base`] answers with `changes` (later lists win), as a JSON result.
fn run(changes: &[&[&str]]) -> Value {
    let id = |flag: &str| flag.split('=').next().unwrap_or_default().to_string();
    let mut flags: Vec<String> = base().iter().map(|f| (*f).to_string()).collect();
    for list in changes {
        for change in *list {
            flags.retain(|f| id(f) != id(change));
            flags.push((*change).to_string());
        }
    }
    let mut args = vec!["--no-input".to_string(), "-f".into(), "json".into()];
    for flag in flags {
        args.push("-a".into());
        args.push(flag);
    }
    serde_json::from_str(&Test::new().args(args).expect_ok()).expect("a JSON result")
}

fn ids(doc: &Value, key: &str) -> Vec<String> {
    doc[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect()
}

/// The thresholds that fired; the key is there only when one did.
fn thresholds(doc: &Value) -> Vec<String> {
    if doc.get("thresholds").is_some() {
        ids(doc, "thresholds")
    } else {
        Vec::new()
    }
}

const VIGNETTES: &[Vignette] = &[
    // ---- no flag
    Vignette {
        name: "nothing of note",
        answers: &[],
        level: "self_care",
        red_flags: &[],
        top: None,
        must_not: NONE,
        must: &["when_to_get_help"],
    },
    Vignette {
        name: "classic deep gluteal picture",
        answers: &[DGS],
        level: "self_care",
        red_flags: &[],
        top: Some("deep_gluteal_syndrome"),
        must_not: NONE,
        must: &["gentle_stretches", "heat"],
    },
    // ---- emergency: one per rule, "not sure" counted as yes
    Vignette {
        name: "new pain down both legs",
        answers: &[&["sciatica_both_legs=yes"]],
        level: "emergency",
        red_flags: &["sciatica_both_legs"],
        top: None,
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "not sure about saddle numbness",
        answers: &[DGS, &["saddle_numbness=not_sure"]],
        level: "emergency",
        red_flags: &["saddle_numbness"],
        top: None,
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "numb on wiping",
        answers: &[&["wipe_numbness=yes"]],
        level: "emergency",
        red_flags: &["wipe_numbness"],
        top: None,
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "not sure about the bladder",
        answers: &[&["bladder_bowel_change=not_sure"]],
        level: "emergency",
        red_flags: &["bladder_bowel_change"],
        top: None,
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "new loss of sexual function",
        answers: &[&["sexual_function_change=yes"]],
        level: "emergency",
        red_flags: &["sexual_function_change"],
        top: None,
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "quickly worsening weakness",
        answers: &[&["leg_weakness_progressive=yes"]],
        level: "emergency",
        red_flags: &["leg_weakness_progressive"],
        top: None,
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "not sure the leg is cold and pale",
        answers: &[&["leg_cold_pale=not_sure"]],
        level: "emergency",
        red_flags: &["leg_cold_pale"],
        top: None,
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "swollen calf and breathless",
        answers: &[&["calf_swollen_hot=yes", "clot_lung_signs=yes"]],
        level: "emergency",
        red_flags: &["calf_swollen_hot", "clot_lung_signs"],
        top: None,
        must_not: HANDS_ON,
        must: NONE,
    },
    // ---- urgent
    Vignette {
        name: "not sure about foot drop",
        answers: &[DGS, &["foot_drop=not_sure"]],
        level: "urgent",
        red_flags: &["foot_drop"],
        top: Some("deep_gluteal_syndrome"),
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "cannot bear weight",
        answers: &[&["cannot_bear_weight=yes"]],
        level: "urgent",
        red_flags: &["cannot_bear_weight"],
        top: None,
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "fever with the pain",
        answers: &[&["fever_or_unwell=yes"]],
        level: "urgent",
        red_flags: &["fever_or_unwell"],
        top: None,
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "after a bad fall",
        answers: &[&["recent_trauma=yes"]],
        level: "urgent",
        red_flags: &["recent_trauma"],
        top: None,
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "swollen tender calf without redness",
        answers: &[DGS, &["calf_swollen_hot=yes"]],
        level: "urgent",
        red_flags: &["calf_swollen_hot"],
        top: Some("deep_gluteal_syndrome"),
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "cancer history, new pain into the foot at 58",
        answers: &[
            DGS,
            &[
                "cancer_history=yes",
                "cancer_new_symptoms=no",
                "age=58",
                "first_episode=no",
                "pain_radiates=foot",
            ],
        ],
        level: "urgent",
        red_flags: &["cancer_with_severe_pain", "cancer_history"],
        top: None,
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "not sure about cancer, not sure the pain is new",
        answers: &[&["cancer_history=not_sure", "cancer_new_symptoms=not_sure"]],
        level: "urgent",
        red_flags: &["cancer_with_severe_pain", "cancer_history"],
        top: None,
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "injects drugs, constant pain no position eases",
        answers: &[DGS, &["infection_risk=yes", "night_pain_unrelenting=yes"]],
        level: "urgent",
        red_flags: &[
            "infection_with_severe_pain",
            "several_serious_signs",
            "infection_risk",
            "night_pain_unrelenting",
        ],
        top: None,
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "weight loss and mid-back pain",
        answers: &[&["unexplained_weight_loss=yes", "thoracic_pain=yes"]],
        level: "urgent",
        red_flags: &[
            "several_serious_signs",
            "unexplained_weight_loss",
            "thoracic_pain",
        ],
        top: None,
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "17 and losing weight",
        answers: &[&["age=17", "unexplained_weight_loss=yes"]],
        level: "urgent",
        red_flags: &[
            "several_serious_signs",
            "unexplained_weight_loss",
            "age_under_20",
        ],
        top: None,
        must_not: HANDS_ON,
        must: NONE,
    },
    // ---- see a GP: possible serious disease, hands-on advice held back
    Vignette {
        name: "cancer in the past, no new symptoms",
        answers: &[DGS, &["cancer_history=yes", "cancer_new_symptoms=no"]],
        level: "see_clinician",
        red_flags: &["cancer_history"],
        top: Some("deep_gluteal_syndrome"),
        must_not: SERIOUS,
        must: &["pain_diary"],
    },
    Vignette {
        name: "weight loss alone",
        answers: &[DGS, &["unexplained_weight_loss=yes"]],
        level: "see_clinician",
        red_flags: &["unexplained_weight_loss"],
        top: Some("deep_gluteal_syndrome"),
        must_not: SERIOUS,
        must: &["pain_diary"],
    },
    Vignette {
        // An empty value leaves the question unanswered.
        name: "the clot question left unanswered",
        answers: &[DGS, &["calf_swollen_hot="]],
        level: "see_clinician",
        red_flags: NONE,
        top: Some("deep_gluteal_syndrome"),
        must_not: SERIOUS,
        must: &["pain_diary"],
    },
    Vignette {
        name: "pain down both legs, started weeks ago",
        answers: &[
            DGS,
            &[
                "pain_side=both",
                "pain_radiates=foot",
                "pain_duration=under_6_weeks",
            ],
        ],
        level: "urgent",
        red_flags: &["both_sides_recent", "both_sides"],
        top: None,
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "pain down both legs for months",
        answers: &[
            DGS,
            &[
                "pain_side=both",
                "pain_radiates=thigh",
                "pain_duration=over_12_weeks",
            ],
        ],
        level: "see_clinician",
        red_flags: &["both_sides", "long_lasting"],
        top: None,
        must_not: STRETCHES,
        must: NONE,
    },
    Vignette {
        name: "constant pain no position eases",
        answers: &[DGS, &["night_pain_unrelenting=not_sure"]],
        level: "see_clinician",
        red_flags: &["night_pain_unrelenting"],
        top: Some("deep_gluteal_syndrome"),
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "on long-term steroids",
        answers: &[DGS, &["infection_risk=yes"]],
        level: "see_clinician",
        red_flags: &["infection_risk"],
        top: Some("deep_gluteal_syndrome"),
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "not sure about a recent infection",
        answers: &[DGS, &["recent_infection_or_procedure=not_sure"]],
        level: "see_clinician",
        red_flags: &["recent_infection_or_procedure"],
        top: Some("deep_gluteal_syndrome"),
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "mid-back pain too",
        answers: &[DGS, &["thoracic_pain=yes"]],
        level: "see_clinician",
        red_flags: &["thoracic_pain"],
        top: Some("deep_gluteal_syndrome"),
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "pain in several places",
        answers: &[DGS, &["multiple_sites_or_deformity=yes"]],
        level: "see_clinician",
        red_flags: &["multiple_sites_or_deformity"],
        top: Some("deep_gluteal_syndrome"),
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "aged 17",
        answers: &[DGS, &["age=17"]],
        level: "see_clinician",
        red_flags: &["age_under_20"],
        top: Some("deep_gluteal_syndrome"),
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "first episode at 55",
        answers: &[DGS, &["age=55", "first_episode=yes"]],
        level: "see_clinician",
        red_flags: &["first_episode_over_50"],
        top: Some("deep_gluteal_syndrome"),
        must_not: HANDS_ON,
        must: NONE,
    },
    // ---- see a clinician, other reasons
    Vignette {
        name: "pain 9 out of 10, nothing else",
        answers: &[&["pain_intensity=9", "pain_worst_week=9"]],
        level: "see_clinician",
        red_flags: &["severe_pain"],
        top: None,
        must_not: NONE,
        must: &["when_to_get_help"],
    },
    Vignette {
        name: "cannot cope",
        answers: &[DGS, &["pain_impact=cannot_cope"]],
        level: "see_clinician",
        red_flags: &["pain_stops_activities"],
        top: Some("deep_gluteal_syndrome"),
        must_not: NONE,
        must: &["gentle_stretches"],
    },
    Vignette {
        name: "getting worse",
        answers: &[DGS, &["pain_worsening=yes"]],
        level: "see_clinician",
        red_flags: &["pain_worsening"],
        top: Some("deep_gluteal_syndrome"),
        must_not: NONE,
        must: NONE,
    },
    Vignette {
        name: "leg a little weak, nothing else",
        answers: &[DGS, &["leg_weakness=yes"]],
        level: "see_clinician",
        red_flags: &["leg_weakness"],
        top: Some("deep_gluteal_syndrome"),
        must_not: NONE,
        must: NONE,
    },
    Vignette {
        name: "not sure the leg is weak, disc-type sciatica",
        answers: &[&[
            "leg_weakness=not_sure",
            "pain_radiates=foot",
            "cough_sneeze_worsens=yes",
            "numbness_tingling=yes",
        ]],
        level: "urgent",
        red_flags: &[
            "leg_weakness",
            "spinal_nerve_weakness",
            "spinal_nerve_check",
        ],
        top: Some("lumbar_radiculopathy"),
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "lifted a heavy box, thin bones",
        answers: &[DGS, &["strain_fragile_bones=yes"]],
        level: "see_clinician",
        red_flags: &["strain_fragile_bones"],
        top: Some("deep_gluteal_syndrome"),
        must_not: SERIOUS,
        must: NONE,
    },
    Vignette {
        name: "long flight, deep gluteal pain into the thigh",
        answers: &[DGS, &["clot_risk=long_journey"]],
        level: "self_care",
        red_flags: &[],
        top: Some("deep_gluteal_syndrome"),
        must_not: &["heat", "massage", "gentle_stretches", "nerve_glides"],
        must: &["clot_watch", "keep_active"],
    },
    Vignette {
        name: "on HRT, pain stays in the buttock",
        answers: &[&[
            "clot_risk=hormones",
            "buttock_pain=yes",
            "pain_worst_area=deep_buttock",
            "sitting_worsens=yes",
        ]],
        level: "self_care",
        red_flags: &[],
        top: Some("deep_gluteal_syndrome"),
        must_not: &["clot_watch"],
        must: &["gentle_stretches", "heat"],
    },
    Vignette {
        name: "says the numbness is in the saddle area after all",
        answers: &[
            DGS,
            &[
                "numbness_tingling=yes",
                "numbness_where=buttock_or_thigh,saddle_area",
            ],
        ],
        level: "emergency",
        red_flags: &["numbness_saddle_area"],
        top: None,
        must_not: HANDS_ON,
        must: NONE,
    },
    Vignette {
        name: "four months, not getting better with physiotherapy",
        answers: &[
            DGS,
            &["pain_duration=over_12_weeks", "improving_with_care=no"],
        ],
        level: "see_clinician",
        red_flags: &["long_lasting"],
        top: Some("deep_gluteal_syndrome"),
        must_not: NONE,
        must: &["specialist_review", "rerun_in_two_weeks"],
    },
    Vignette {
        name: "saddle-area sitting pain that does not wake them",
        answers: &[&[
            "pain_worst_area=genital_perineal",
            "sitting_worsens=yes",
            "woken_by_pain=no",
        ]],
        level: "see_clinician",
        red_flags: &["pudendal_check"],
        top: Some("pudendal_neuralgia"),
        must_not: NONE,
        must: &["pudendal_review"],
    },
    Vignette {
        name: "cannot sit 30 minutes, numb sole of the foot",
        answers: &[&[
            "pain_worst_area=deep_buttock",
            "sitting_tolerance=10_to_30_min",
            "pain_also_in=back_of_thigh,foot",
            "numbness_tingling=yes",
            "numbness_where=sole_or_outer_foot",
        ]],
        level: "self_care",
        red_flags: &[],
        top: Some("deep_gluteal_syndrome"),
        must_not: NONE,
        must: NONE,
    },
    Vignette {
        name: "three months of it",
        answers: &[DGS, &["pain_duration=over_12_weeks"]],
        level: "see_clinician",
        red_flags: &["long_lasting"],
        top: Some("deep_gluteal_syndrome"),
        must_not: NONE,
        must: NONE,
    },
    Vignette {
        name: "morning stiffness under 40",
        answers: &[&["inflammatory_back_pain=yes", "age=28"]],
        level: "see_clinician",
        red_flags: &["inflammatory_back_pain"],
        top: None,
        must_not: NONE,
        must: NONE,
    },
    Vignette {
        name: "after giving birth, pelvic dimple pain",
        answers: &[&[
            "pregnancy_recent=yes",
            "pain_worst_area=pelvic_dimple",
            "also_worse_with=stairs,rolling_or_one_leg",
            "pain_onset=pregnancy_or_birth",
        ]],
        level: "see_clinician",
        red_flags: &["pregnancy_recent"],
        top: Some("sacroiliac_joint"),
        must_not: NONE,
        must: &["pelvic_joint_review"],
    },
    Vignette {
        name: "runner, sudden sit-bone pain while sprinting",
        answers: &[&[
            "sit_bone_pain=yes",
            "pain_worst_area=sit_bone",
            "sitting_worsens=yes",
            "also_worse_with=hard_seats,hamstring_stretch_or_sprint",
            "vigorous_exercise=heavy",
            "pain_onset=sprint_or_kick",
        ]],
        level: "see_clinician",
        red_flags: &["hamstring_tear_onset"],
        top: Some("hamstring_ischial"),
        // A possible tear: nothing that loads or warms it before it is checked.
        must_not: &["gentle_stretches", "nerve_glides", "heat", "massage"],
        must: &["hamstring_care"],
    },
    Vignette {
        name: "recent infection with severe pain",
        answers: &[
            DGS,
            &["recent_infection_or_procedure=yes", "pain_intensity=8"],
        ],
        level: "urgent",
        red_flags: &[
            "infection_with_severe_pain",
            "recent_infection_or_procedure",
            "severe_pain",
        ],
        top: None,
        must_not: SERIOUS,
        must: NONE,
    },
    Vignette {
        name: "calf cramp on walking in a smoker",
        answers: &[&[
            "calf_pain_walking=yes",
            "vascular_risk=smoking",
            "age=62",
            "first_episode=no",
            "pain_worst_area=calf",
        ]],
        level: "see_clinician",
        red_flags: &["calf_cramp_walking"],
        top: Some("vascular_claudication"),
        must_not: &["heat", "massage", "gentle_stretches", "nerve_glides"],
        must: &["circulation_check"],
    },
    Vignette {
        name: "calf cramp on walking beside a deep gluteal picture",
        answers: &[DGS, &["calf_pain_walking=yes", "vascular_risk=none"]],
        level: "see_clinician",
        red_flags: &["calf_cramp_walking"],
        top: None,
        must_not: &["heat", "massage", "gentle_stretches", "nerve_glides"],
        must: &["circulation_check", "keep_active"],
    },
    // ---- mixed pictures: which pattern leads, and what its neighbours hold back
    Vignette {
        name: "runner with sit-bone and buttock pain, worse sprinting",
        answers: &[&[
            "buttock_pain=yes",
            "sit_bone_pain=yes",
            "pain_worst_area=sit_bone",
            "sitting_worsens=yes",
            "also_worse_with=hamstring_stretch_or_sprint",
            "vigorous_exercise=heavy",
        ]],
        level: "self_care",
        red_flags: &[],
        top: Some("hamstring_ischial"),
        must_not: STRETCHES,
        must: &["hamstring_care"],
    },
    Vignette {
        name: "deep gluteal picture with a hint of hamstring",
        answers: &[DGS, &["also_worse_with=hard_seats"]],
        level: "self_care",
        red_flags: &[],
        top: Some("deep_gluteal_syndrome"),
        must_not: STRETCHES,
        must: &["heat"],
    },
    Vignette {
        name: "crosses legs, denies outer-hip pain",
        answers: &[DGS, &["crossing_leg_worsens=yes", "sits_legs_crossed=yes"]],
        level: "self_care",
        red_flags: &[],
        top: Some("deep_gluteal_syndrome"),
        must_not: &["outer_hip_care"],
        must: &["gentle_stretches", "sit_evenly"],
    },
    Vignette {
        name: "outer-hip tendon pain",
        answers: &[&[
            "lateral_hip_pain=yes",
            "pain_worst_area=outer_hip",
            "also_worse_with=lying_on_side,stairs",
            "crossing_leg_worsens=yes",
            "sitting_worsens=yes",
        ]],
        level: "self_care",
        red_flags: &[],
        top: Some("greater_trochanteric_pain"),
        must_not: STRETCHES,
        must: &["outer_hip_care"],
    },
    Vignette {
        name: "standing still hurts in both legs at 66",
        answers: &[&[
            "also_worse_with=standing_still",
            "pain_side=both",
            "age=66",
            "first_episode=no",
        ]],
        // Routed to a clinician at the pattern's threshold (facts 6.6).
        level: "see_clinician",
        red_flags: &["spinal_narrowing_check"],
        top: Some("neurogenic_claudication"),
        must_not: NONE,
        must: &["stenosis_review"],
    },
    Vignette {
        name: "saddle-area pain on sitting",
        answers: &[&["pain_worst_area=genital_perineal", "sitting_worsens=yes"]],
        // Routed to a clinician at the pattern's threshold (facts 6.6).
        level: "see_clinician",
        red_flags: &["pudendal_check"],
        top: Some("pudendal_neuralgia"),
        must_not: NONE,
        must: &["pudendal_review"],
    },
    Vignette {
        name: "buttock pain on long strides",
        answers: &[&[
            "pain_worst_area=deep_buttock",
            "also_worse_with=long_strides",
        ]],
        level: "self_care",
        red_flags: &[],
        top: Some("ischiofemoral_impingement"),
        must_not: NONE,
        must: &["impingement_review"],
    },
    Vignette {
        name: "disc-type sciatica after lifting",
        answers: &[&[
            "pain_radiates=foot",
            "cough_sneeze_worsens=yes",
            "numbness_tingling=yes",
            "pain_onset=lifting_or_bending",
            "sitting_worsens=yes",
        ]],
        // Routed to a clinician at the pattern's threshold (facts 6.6).
        level: "see_clinician",
        red_flags: &["spinal_nerve_check"],
        top: Some("lumbar_radiculopathy"),
        must_not: NONE,
        must: &["spine_review"],
    },
    Vignette {
        name: "stiff clicking hip with groin pain at 61",
        answers: &[&[
            "groin_pain=yes",
            "pain_worst_area=groin",
            "hip_stiffness=yes",
            "age=61",
            "first_episode=no",
        ]],
        level: "self_care",
        red_flags: &[],
        top: Some("hip_joint"),
        must_not: NONE,
        must: &["hip_review"],
    },
    Vignette {
        name: "long-standing pain in both legs is not an emergency",
        answers: &[&["pain_side=both", "pain_duration=over_12_weeks"]],
        level: "see_clinician",
        red_flags: &["long_lasting"],
        top: None,
        must_not: NONE,
        must: NONE,
    },
    Vignette {
        name: "feeling low and expecting the worst",
        answers: &[DGS, &["low_mood=yes", "expects_worst=yes"]],
        level: "self_care",
        red_flags: &[],
        top: Some("deep_gluteal_syndrome"),
        must_not: NONE,
        must: &["guided_programme", "talk_about_outlook"],
    },
    Vignette {
        name: "worried about moving",
        answers: &[DGS, &["fear_of_activity=yes"]],
        level: "self_care",
        red_flags: &[],
        top: Some("deep_gluteal_syndrome"),
        must_not: NONE,
        must: &["guided_programme"],
    },
];

#[test]
fn clinical_vignettes() {
    let mut failures = Vec::new();
    for v in VIGNETTES {
        let doc = run(v.answers);
        let mut problems = Vec::new();
        if doc["triage"]["level"] != v.level {
            problems.push(format!(
                "level {} instead of {}",
                doc["triage"]["level"], v.level
            ));
        }
        let flags: BTreeSet<String> = ids(&doc, "red_flags")
            .into_iter()
            .chain(thresholds(&doc))
            .collect();
        let want: BTreeSet<String> = v.red_flags.iter().map(ToString::to_string).collect();
        if flags != want {
            problems.push(format!("red flags {flags:?} instead of {want:?}"));
        }
        if let Some(top) = v.top {
            let first = &doc["patterns"][0];
            if first["id"] != top || first["level"] == "unlikely" {
                problems.push(format!(
                    "top pattern {} ({}) instead of {top}",
                    first["id"], first["level"]
                ));
            }
        }
        let shown = ids(&doc, "suggestions");
        for s in v.must_not {
            if shown.iter().any(|x| x == s) {
                problems.push(format!("suggests `{s}`"));
            }
        }
        for s in v.must {
            if !shown.iter().any(|x| x == s) {
                problems.push(format!("does not suggest `{s}`"));
            }
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {}", v.name, problems.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} vignettes failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(VIGNETTES.len() >= 25);
}

#[test]
fn a_serious_cause_names_a_gp_not_a_physiotherapist() {
    let doc = run(&[DGS, &["cancer_history=yes", "cancer_new_symptoms=no"]]);
    assert_eq!(doc["triage"]["title"], "See a GP in the next few days");
    let action = doc["triage"]["action"].as_str().unwrap();
    assert!(action.contains("rather than a physiotherapist"), "{action}");
    assert!(action.contains("hold off heat, massage"), "{action}");
    // Without a serious cause the level keeps its own words.
    let plain = run(&[DGS, &["pain_duration=over_12_weeks"]]);
    assert_eq!(
        plain["triage"]["title"],
        "See a GP or physiotherapist in the next few days"
    );
}

#[test]
fn red_flag_messages_are_instructions_and_sources_stay_in_evidence() {
    let doc = run(&[&["leg_cold_pale=yes"]]);
    let flag = &doc["red_flags"][0];
    let message = flag["message"].as_str().unwrap();
    assert!(!message.contains("not verified"), "{message}");
    assert!(
        message.contains("Go to an emergency department now"),
        "{message}"
    );
    assert!(flag["evidence"].as_str().unwrap().contains("not verified"));
}

#[test]
fn not_sure_is_shown_as_such() {
    let doc = run(&[&["foot_drop=not_sure"]]);
    assert_eq!(doc["red_flags"][0]["because"]["foot_drop"], "not_sure");
    assert_eq!(doc["answers"]["foot_drop"], "not_sure");
}

#[test]
fn an_early_stop_leaves_patterns_and_causes_not_assessed_in_every_format() {
    let doc = run(&[DGS, &["saddle_numbness=yes"]]);
    assert_eq!(doc["triage"]["stopped_early"], true);
    for key in ["patterns", "causes"] {
        for target in doc[key].as_array().unwrap() {
            assert!(
                target["score"].is_null() && target["level"].is_null(),
                "{target}"
            );
        }
    }
    let markdown = Test::new()
        .args(["--no-input", "-f", "markdown", "-a", "saddle_numbness=yes"])
        .expect_ok();
    assert!(
        markdown.contains("Symptom patterns and contributing causes: not assessed (the questionnaire stopped early)."),
        "{markdown}"
    );
    assert!(!markdown.contains("unlikely"), "{markdown}");
    let text = Test::new()
        .args(["--no-input", "-a", "saddle_numbness=yes"])
        .expect_ok();
    assert!(
        !text.contains("unlikely") && !text.contains("not suggested"),
        "{text}"
    );
}

#[test]
fn a_cause_resting_on_one_practitioner_only_answer_is_at_most_possible() {
    let doc = run(&[&[
        "tenses_muscles=yes",
        "workspace_setup=poor",
        "sits_legs_crossed=yes",
        "sits_feet_tucked=yes",
        "activity_level=sedentary",
    ]]);
    for cause in doc["causes"].as_array().unwrap() {
        if [
            "muscle_tensing",
            "workspace_setup",
            "sitting_posture",
            "inactivity",
        ]
        .contains(&cause["id"].as_str().unwrap())
        {
            assert_eq!(cause["level"], "possible", "{cause}");
        }
    }
}

/// The outer-hip pattern's point for women aged 40 to 60 (facts §3.3, §6.6), only beside
/// outer-hip pain, and never for an answer of "I'd rather not say".
#[test]
fn outer_hip_point_for_women_40_to_60() {
    let rules = |extra: &[&str]| -> Vec<String> {
        let mut answers = vec!["lateral_hip_pain=yes", "pain_worst_area=outer_hip"];
        answers.extend_from_slice(extra);
        let doc = run(&[&answers]);
        let gtp = doc["patterns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == "greater_trochanteric_pain")
            .unwrap()
            .clone();
        gtp["because"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        rules(&["sex=female", "age=48"]),
        ["gtp_outer_hip", "gtp_woman_40_to_60"]
    );
    assert_eq!(rules(&["sex=female", "age=61"]), ["gtp_outer_hip"]);
    assert_eq!(rules(&["sex=male", "age=48"]), ["gtp_outer_hip"]);
    assert_eq!(
        rules(&["sex=prefer_not_to_say", "age=48"]),
        ["gtp_outer_hip"]
    );
}

/// Without buttock pain, the deep gluteal pattern is never "consistent with your answers".
#[test]
fn no_buttock_pain_no_deep_gluteal_fit() {
    let doc = run(&[
        DGS,
        &[
            "buttock_pain=no",
            "pain_worst_area=low_back",
            "pain_side=left",
            "crossing_leg_worsens=yes",
        ],
    ]);
    let dgs = doc["patterns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "deep_gluteal_syndrome")
        .unwrap();
    assert_eq!(dgs["level"], "possible", "{dgs}");
    assert_eq!(run(&[DGS])["patterns"][0]["level"], "likely");
}

/// Rules that raise the level on a severity, a duration or a pattern needing examination are
/// thresholds, listed apart from the warning signs of serious disease (issue 13); every other
/// triage rule of the default questionnaire is a red flag.
#[test]
fn which_rules_are_thresholds() {
    let out = crate::harness::Test::new()
        .args(["questions", "--format", "json"])
        .expect_ok();
    let doc: Value = serde_json::from_str(&out).unwrap();
    let kinds: BTreeSet<&str> = doc["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "threshold")
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let want: BTreeSet<&str> = [
        "severe_pain",
        "pain_stops_activities",
        "long_lasting",
        "spinal_nerve_check",
        "spinal_narrowing_check",
        "pudendal_check",
    ]
    .into_iter()
    .collect();
    assert_eq!(kinds, want);
    let doc = run(&[&["pain_intensity=9"]]);
    assert_eq!(thresholds(&doc), ["severe_pain"]);
    assert!(ids(&doc, "red_flags").is_empty());
}
