//! Shared fixtures for unit tests.

use crate::answers::raw::RawAnswers;
use crate::diary::entries::Entry;
use crate::questionnaire::Answers;
use crate::questionnaire::{self, Questionnaire};

/// A small questionnaire for tests: the fixed header (format, titles, all four triage
/// levels) followed by `body` (sections, rules, ...).
pub fn small_questionnaire(id: &str, body: &str) -> String {
    format!(
        "format: dgs-questionnaire/1
id: {id}
version: \"1\"
title: T
disclaimer: D
triage:
  emergency: {{title: E, action: e}}
  urgent: {{title: U, action: u}}
  see_clinician: {{title: S, action: s}}
  self_care: {{title: C, action: c}}
{body}"
    )
}

pub fn embedded() -> Questionnaire {
    questionnaire::load(None).expect("the embedded questionnaire is valid")
}

/// Answers from `id=value` flags, checked against the embedded questionnaire.
pub fn answers(q: &Questionnaire, flags: &[&str]) -> Answers {
    let mut raw = RawAnswers::default();
    let flags: Vec<String> = flags.iter().map(|s| (*s).to_string()).collect();
    raw.apply_flags(&flags, q);
    crate::answers::check(&raw, q).expect("test answers are valid")
}

/// A complete, unremarkable set of answers: no red flags, no pattern, no habit.
pub const BENIGN: &[&str] = &[
    "sciatica_both_legs=no",
    "saddle_numbness=no",
    "bladder_bowel_change=no",
    "sexual_function_change=no",
    "leg_weakness_progressive=no",
    "leg_cold_pale=no",
    "wipe_numbness=no",
    "clot_lung_signs=no",
    "foot_drop=no",
    "cannot_bear_weight=no",
    "fever_or_unwell=no",
    "recent_trauma=no",
    "strain_fragile_bones=no",
    "leg_weakness=no",
    "calf_swollen_hot=no",
    "cancer_history=no",
    "unexplained_weight_loss=no",
    "night_pain_unrelenting=no",
    "infection_risk=no",
    "recent_infection_or_procedure=no",
    "thoracic_pain=no",
    "multiple_sites_or_deformity=no",
    "pain_worsening=no",
    "inflammatory_back_pain=no",
    "pregnancy_recent=no",
    "age=35",
    "clot_risk=none",
    "pain_worst_area=low_back",
    "pain_side=left",
    "pain_onset=dont_know",
    "buttock_pain=no",
    "pain_radiates=none",
    "numbness_tingling=no",
    "sitting_worsens=no",
    "crossing_leg_worsens=no",
    "back_pain_dominant=no",
    "cough_sneeze_worsens=no",
    "groin_pain=no",
    "hip_stiffness=no",
    "lateral_hip_pain=no",
    "sit_bone_pain=no",
    "also_worse_with=none",
    "calf_pain_walking=no",
    "pain_intensity=3",
    "pain_worst_week=4",
    "pain_impact=a_little",
    "pain_duration=under_6_weeks",
    "fear_of_activity=no",
    "sitting_hours_per_day=3",
    "sitting_stretch=30_to_60_min",
    "wallet_back_pocket=no",
    "sits_legs_crossed=no",
    "sits_feet_tucked=no",
    "long_car_trips=no",
    "workspace_setup=good",
    "activity_level=active",
    "vigorous_exercise=moderate",
    "tenses_muscles=no",
    "previous_injury=no",
    "scoliosis=no",
    "leg_length_difference=no",
    "muscle_anatomy_variant=no",
    "pain_also_in=none",
    "sitting_tolerance=over_60_min",
    "pain_average_week=3",
    "bother_leg_pain=1",
    "bother_numbness=0",
    "bother_weakness=0",
    "bother_sitting=1",
    "function_sitting=none",
    "function_walking=none",
    "function_sleep=none",
    "function_daily_tasks=a_little",
    "function_travel=none",
    "sports=none",
    "back_hip_history=none",
];

/// [`BENIGN`] with some answers replaced or added.
pub fn benign_with(q: &Questionnaire, changes: &[&str]) -> Answers {
    let id = |flag: &str| flag.split('=').next().unwrap_or_default().to_string();
    let replaced: Vec<String> = changes.iter().map(|c| id(c)).collect();
    let mut flags: Vec<&str> = BENIGN
        .iter()
        .copied()
        .filter(|f| !replaced.contains(&id(f)))
        .collect();
    flags.extend_from_slice(changes);
    answers(q, &flags)
}

/// A diary entry with nothing but the essentials; tests set other fields with `..`.
pub fn diary_entry(at: &str, pain: i64, activity: &str) -> Entry {
    Entry {
        id: None,
        at: at.into(),
        pain,
        activity: activity.into(),
        detail: None,
        minutes: None,
        postures: Vec::new(),
        self_care: Vec::new(),
        note: None,
    }
}
