//! What the diary says, with honest numbers: averages only where there are enough entries,
//! counts always, and no claim that one thing caused another.

use std::collections::BTreeMap;

use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::Serialize;

use crate::diary::entries::{ACTIVITIES, Entry, POSTURES, SELF_CARE};
use crate::diary::store::{SavedAssessment, TargetKind};
use crate::diary::when;

/// Fewer entries than this in a group and its average is not shown: with one or two
/// entries an average says more about the day than the habit. A display rule, not a test.
pub const MIN_COUNT: usize = 3;

/// The smallest change in a 0–10 pain score that people notice as meaningful (NPRS: at
/// least 2 points, Physiotherapy Canada; clinical-facts §5.5).
pub const MEANINGFUL_CHANGE: f64 = 2.0;

/// Days before and after a self-care habit first appears that are compared.
const WINDOW_DAYS: i64 = 7;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub key: String,
    pub label: String,
    pub count: usize,
    /// `None` when there are fewer than [`MIN_COUNT`] entries.
    pub mean: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Posture {
    pub key: String,
    pub label: String,
    pub with: Group,
    pub without: Group,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelfCareChange {
    pub key: String,
    pub label: String,
    pub first_used: String,
    pub before: Group,
    pub after: Group,
    /// `lower`, `higher`, `no_meaningful_change`, or `too_few_entries`.
    pub finding: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CauseChange {
    pub cause: String,
    /// The cause's name in the shipped questionnaire, where it has one.
    pub label: Option<String>,
    pub first: i64,
    pub latest: i64,
    pub first_at: String,
    pub latest_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Insights {
    pub entries: usize,
    pub assessments: usize,
    pub by_activity: Vec<Group>,
    pub by_posture: Vec<Posture>,
    pub by_time_of_day: Vec<Group>,
    /// The part of the day with the highest average, when every part compared has enough.
    pub peak_time_of_day: Option<String>,
    pub self_care: Vec<SelfCareChange>,
    pub causes: Vec<CauseChange>,
}

fn group(key: &str, label: &str, pains: &[i64]) -> Group {
    let count = pains.len();
    let mean = (count >= MIN_COUNT).then(|| pains.iter().sum::<i64>() as f64 / count as f64);
    Group {
        key: key.to_string(),
        label: label.to_string(),
        count,
        mean,
    }
}

const TIMES_OF_DAY: [(&str, &str, i8, i8); 4] = [
    ("night", "Night (00–06)", 0, 6),
    ("morning", "Morning (06–12)", 6, 12),
    ("afternoon", "Afternoon (12–18)", 12, 18),
    ("evening", "Evening (18–24)", 18, 24),
];

pub fn compute(entries: &[Entry], assessments: &[SavedAssessment], tz: &TimeZone) -> Insights {
    let by_activity = ACTIVITIES
        .iter()
        .map(|(code, label)| {
            let pains: Vec<i64> = entries
                .iter()
                .filter(|e| e.activity == *code)
                .map(|e| e.pain)
                .collect();
            group(code, label, &pains)
        })
        .filter(|g| g.count > 0)
        .collect();
    let by_posture = POSTURES
        .iter()
        .map(|(code, label)| {
            let (with, without): (Vec<&Entry>, Vec<&Entry>) = entries
                .iter()
                .partition(|e| e.postures.iter().any(|p| p == code));
            Posture {
                key: (*code).to_string(),
                label: (*label).to_string(),
                with: group(
                    code,
                    label,
                    &with.iter().map(|e| e.pain).collect::<Vec<_>>(),
                ),
                without: group(
                    code,
                    "without",
                    &without.iter().map(|e| e.pain).collect::<Vec<_>>(),
                ),
            }
        })
        .filter(|p| p.with.count > 0)
        .collect();
    let hour = |e: &Entry| {
        e.at.parse::<Timestamp>()
            .ok()
            .map(|t| t.to_zoned_datetime(tz.clone()).hour())
    };
    let by_time_of_day: Vec<Group> = TIMES_OF_DAY
        .iter()
        .map(|(key, label, from, to)| {
            let pains: Vec<i64> = entries
                .iter()
                .filter(|e| hour(e).is_some_and(|h| (*from..*to).contains(&h)))
                .map(|e| e.pain)
                .collect();
            group(key, label, &pains)
        })
        .filter(|g| g.count > 0)
        .collect();
    // Only name a peak when every part of the day that has entries has enough of them.
    let peak_time_of_day =
        if by_time_of_day.len() >= 2 && by_time_of_day.iter().all(|g| g.mean.is_some()) {
            by_time_of_day
                .iter()
                .max_by(|a, b| a.mean.unwrap_or(0.0).total_cmp(&b.mean.unwrap_or(0.0)))
                .map(|g| g.key.clone())
        } else {
            None
        };
    Insights {
        entries: entries.len(),
        assessments: assessments.len(),
        by_activity,
        by_posture,
        by_time_of_day,
        peak_time_of_day,
        self_care: self_care_changes(entries),
        causes: cause_changes(assessments),
    }
}

/// Pain in the week before a habit first appears against the week after. A change over
/// time, not proof that the habit caused it: said so wherever it is shown.
fn self_care_changes(entries: &[Entry]) -> Vec<SelfCareChange> {
    let timed: Vec<(Timestamp, &Entry)> = entries
        .iter()
        .filter_map(|e| Some((e.at.parse().ok()?, e)))
        .collect();
    SELF_CARE
        .iter()
        .filter_map(|(code, label)| {
            let first = timed
                .iter()
                .find(|(_, e)| e.self_care.iter().any(|s| s == code))?
                .0;
            let (from, to) = (
                first.checked_sub((WINDOW_DAYS * 24).hours()).ok()?,
                first.checked_add((WINDOW_DAYS * 24).hours()).ok()?,
            );
            let before: Vec<i64> = timed
                .iter()
                .filter(|(t, _)| *t >= from && *t < first)
                .map(|(_, e)| e.pain)
                .collect();
            let after: Vec<i64> = timed
                .iter()
                .filter(|(t, _)| *t >= first && *t <= to)
                .map(|(_, e)| e.pain)
                .collect();
            let (before, after) = (group(code, "before", &before), group(code, "after", &after));
            let finding = match (before.mean, after.mean) {
                (Some(b), Some(a)) if b - a >= MEANINGFUL_CHANGE => "lower",
                (Some(b), Some(a)) if a - b >= MEANINGFUL_CHANGE => "higher",
                (Some(_), Some(_)) => "no_meaningful_change",
                _ => "too_few_entries",
            };
            Some(SelfCareChange {
                key: (*code).to_string(),
                label: (*label).to_string(),
                first_used: when::stamp(first),
                before,
                after,
                finding,
            })
        })
        .collect()
}

/// Each cause's score in the first and the latest complete saved assessment that scored it.
/// An assessment that stopped early (an emergency) or left safety questions open scored no
/// cause, so comparing it with a full one would show a change that is not there.
fn cause_changes(assessments: &[SavedAssessment]) -> Vec<CauseChange> {
    // Cause → (score, time) of the first and the latest assessment that scored it.
    type Seen<'a> = ((i64, &'a str), (i64, &'a str));
    let complete: Vec<&SavedAssessment> = assessments
        .iter()
        .filter(|a| a.screening_complete)
        .collect();
    let mut seen: BTreeMap<&str, Seen> = BTreeMap::new();
    for a in &complete {
        for s in a.scores.iter().filter(|s| s.kind == TargetKind::Cause) {
            seen.entry(&s.target)
                .and_modify(|v| v.1 = (s.score, &a.at))
                .or_insert(((s.score, &a.at), (s.score, &a.at)));
        }
    }
    seen.into_iter()
        .filter(|(_, (first, latest))| complete.len() > 1 && (first.0 > 0 || latest.0 > 0))
        .map(|(cause, (first, latest))| CauseChange {
            cause: cause.to_string(),
            label: None,
            first: first.0,
            latest: latest.0,
            first_at: first.1.to_string(),
            latest_at: latest.1.to_string(),
        })
        .collect()
}

mod text;

pub use text::render_text;

#[cfg(test)]
mod tests;
