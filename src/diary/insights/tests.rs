use super::*;
use crate::diary::store::TargetScore;
use crate::questionnaire::triage::Level;
use crate::scoring::assessment::Likelihood;
use crate::style::Style;
use crate::testing::diary_entry;

fn entry(at: &str, pain: i64, activity: &str, postures: &[&str], self_care: &[&str]) -> Entry {
    Entry {
        postures: postures.iter().map(ToString::to_string).collect(),
        self_care: self_care.iter().map(ToString::to_string).collect(),
        ..diary_entry(at, pain, activity)
    }
}

fn saved(at: &str, scores: &[(&str, i64)]) -> SavedAssessment {
    SavedAssessment {
        id: 1,
        at: at.into(),
        questionnaire_id: "q".into(),
        questionnaire_version: "1".into(),
        level: Level::SelfCare,
        screening_complete: true,
        scores: scores
            .iter()
            .map(|(t, s)| TargetScore {
                kind: TargetKind::Cause,
                target: (*t).to_string(),
                score: *s,
                level: Likelihood::Possible,
            })
            .collect(),
    }
}

#[test]
fn averages_need_enough_entries() {
    let entries = [
        entry(
            "2026-11-01T09:00:00Z",
            6,
            "driving",
            &["wallet_back_pocket"],
            &[],
        ),
        entry(
            "2026-11-02T09:00:00Z",
            4,
            "driving",
            &["wallet_back_pocket"],
            &[],
        ),
        entry(
            "2026-11-03T09:00:00Z",
            8,
            "driving",
            &["wallet_back_pocket"],
            &[],
        ),
        entry("2026-11-04T09:00:00Z", 2, "walking", &[], &[]),
    ];
    let i = compute(&entries, &[], &TimeZone::UTC);
    let driving = i.by_activity.iter().find(|g| g.key == "driving").unwrap();
    assert_eq!((driving.count, driving.mean), (3, Some(6.0)));
    let walking = i.by_activity.iter().find(|g| g.key == "walking").unwrap();
    assert_eq!((walking.count, walking.mean), (1, None));
    let wallet = &i.by_posture[0];
    assert_eq!(
        (
            wallet.with.count,
            wallet.with.mean,
            wallet.without.count,
            wallet.without.mean
        ),
        (3, Some(6.0), 1, None)
    );
    // Only mornings have entries: no peak is claimed from one part of the day.
    assert_eq!(i.peak_time_of_day, None);
}

#[test]
fn a_peak_only_when_every_part_of_the_day_has_enough() {
    let mut entries = Vec::new();
    for day in 1..=3 {
        entries.push(entry(
            &format!("2026-11-0{day}T08:00:00Z"),
            2,
            "walking",
            &[],
            &[],
        ));
        entries.push(entry(
            &format!("2026-11-0{day}T20:00:00Z"),
            7,
            "desk_sitting",
            &[],
            &[],
        ));
    }
    let i = compute(&entries, &[], &TimeZone::UTC);
    assert_eq!(i.peak_time_of_day.as_deref(), Some("evening"));
    entries.pop();
    let i = compute(&entries, &[], &TimeZone::UTC);
    assert_eq!(i.peak_time_of_day, None, "two evening entries are too few");
}

#[test]
fn self_care_changes_need_2_points_and_enough_entries() {
    let mut entries = vec![
        entry("2026-11-01T09:00:00Z", 7, "desk_sitting", &[], &[]),
        entry("2026-11-02T09:00:00Z", 6, "desk_sitting", &[], &[]),
        entry("2026-11-03T09:00:00Z", 7, "desk_sitting", &[], &[]),
        entry("2026-11-04T09:00:00Z", 4, "desk_sitting", &[], &["heat"]),
        entry("2026-11-05T09:00:00Z", 4, "desk_sitting", &[], &["heat"]),
    ];
    let i = compute(&entries, &[], &TimeZone::UTC);
    assert_eq!(i.self_care[0].finding, "too_few_entries");
    entries.push(entry("2026-11-06T09:00:00Z", 4, "desk_sitting", &[], &[]));
    let i = compute(&entries, &[], &TimeZone::UTC);
    let heat = &i.self_care[0];
    assert_eq!(
        (heat.key.as_str(), heat.first_used.as_str()),
        ("heat", "2026-11-04T09:00:00Z")
    );
    assert_eq!(
        (
            heat.before.mean.map(|m| (m * 100.0).round()),
            heat.after.mean
        ),
        (Some(667.0), Some(4.0))
    );
    assert_eq!(heat.finding, "lower");
    entries.push(entry("2026-11-07T09:00:00Z", 9, "desk_sitting", &[], &[]));
    entries.push(entry("2026-11-08T09:00:00Z", 9, "desk_sitting", &[], &[]));
    let i = compute(&entries, &[], &TimeZone::UTC);
    assert_eq!(
        i.self_care[0].finding, "no_meaningful_change",
        "after mean 6.0 vs 6.67: under 2 points"
    );
}

#[test]
fn cause_scores_across_assessments() {
    let i = compute(
        &[],
        &[
            saved(
                "2026-11-01T00:00:00Z",
                &[("wallet_pressure", 100), ("car_travel", 0)],
            ),
            saved(
                "2026-11-20T00:00:00Z",
                &[("wallet_pressure", 50), ("car_travel", 0)],
            ),
        ],
        &TimeZone::UTC,
    );
    assert_eq!(i.causes.len(), 1, "a cause that stayed at 0 is not news");
    assert_eq!(
        (
            i.causes[0].cause.as_str(),
            i.causes[0].first,
            i.causes[0].latest
        ),
        ("wallet_pressure", 100, 50)
    );
    let one = compute(
        &[],
        &[saved("2026-11-01T00:00:00Z", &[("wallet_pressure", 100)])],
        &TimeZone::UTC,
    );
    assert!(
        one.causes.is_empty(),
        "one assessment has no change to show"
    );
}

#[test]
fn the_text_states_its_limits() {
    let i = compute(
        &[entry("2026-11-01T09:00:00Z", 6, "driving", &[], &[])],
        &[],
        &TimeZone::UTC,
    );
    let text = render_text(&i, &TimeZone::UTC, Style::PLAIN, 80);
    assert!(
        text.contains("Averages are shown only for groups of 3 entries or more."),
        "{text}"
    );
    assert!(
        text.contains("Driving                            — (n=1, too few to tell)"),
        "{text}"
    );
}

#[test]
fn only_cause_scores_are_causes() {
    let with_pattern = |at: &str, score| {
        let mut a = saved(at, &[("wallet_pressure", score)]);
        a.scores.push(TargetScore {
            kind: TargetKind::Pattern,
            target: "deep_gluteal_syndrome".into(),
            score: 90 - score,
            level: Likelihood::Likely,
        });
        a
    };
    let i = compute(
        &[],
        &[
            with_pattern("2026-11-01T00:00:00Z", 80),
            with_pattern("2026-11-20T00:00:00Z", 20),
        ],
        &TimeZone::UTC,
    );
    let causes: Vec<&str> = i.causes.iter().map(|c| c.cause.as_str()).collect();
    assert_eq!(causes, ["wallet_pressure"]);
}

#[test]
fn cause_ids_from_the_file_are_shown_escaped() {
    let i = compute(
        &[],
        &[
            saved("2026-11-01T00:00:00Z", &[("evil\u{1b}[2J\nrow", 80)]),
            saved("2026-11-20T00:00:00Z", &[("evil\u{1b}[2J\nrow", 20)]),
        ],
        &TimeZone::UTC,
    );
    let text = render_text(&i, &TimeZone::UTC, Style::PLAIN, 80);
    assert!(
        text.contains(
            "  evil\\u{1b}[2J\\nrow        80 → 20  (2026-11-01 00:00 → 2026-11-20 00:00)\n"
        ),
        "{text}"
    );
}
