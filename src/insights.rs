//! What the diary says, with honest numbers: averages only where there are enough entries,
//! counts always, and no claim that one thing caused another.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::Serialize;

use crate::diary::{self, ACTIVITIES, Entry, POSTURES, SELF_CARE};
use crate::store::SavedAssessment;
use crate::style::Style;
use crate::text::wrap;

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
                first_used: diary::stamp(first),
                before,
                after,
                finding,
            })
        })
        .collect()
}

/// Each cause's score in the first and the latest saved assessment that scored it.
fn cause_changes(assessments: &[SavedAssessment]) -> Vec<CauseChange> {
    // Cause → (score, time) of the first and the latest assessment that scored it.
    type Seen<'a> = ((i64, &'a str), (i64, &'a str));
    let mut seen: BTreeMap<&str, Seen> = BTreeMap::new();
    for a in assessments {
        for (kind, target, score) in &a.scores {
            if kind == "cause" {
                seen.entry(target)
                    .and_modify(|v| v.1 = (*score, &a.at))
                    .or_insert(((*score, &a.at), (*score, &a.at)));
            }
        }
    }
    seen.into_iter()
        .filter(|(_, (first, latest))| assessments.len() > 1 && (first.0 > 0 || latest.0 > 0))
        .map(|(cause, (first, latest))| CauseChange {
            cause: cause.to_string(),
            first: first.0,
            latest: latest.0,
            first_at: first.1.to_string(),
            latest_at: latest.1.to_string(),
        })
        .collect()
}

fn mean_text(g: &Group) -> String {
    match g.mean {
        Some(m) => format!("{m:.1} (n={})", g.count),
        None => format!("— (n={}, too few to tell)", g.count),
    }
}

pub fn render_text(i: &Insights, tz: &TimeZone, style: Style, width: usize) -> String {
    let mut out = String::new();
    let para = |out: &mut String, text: &str, indent: &str| {
        for line in wrap(text, width, indent) {
            let _ = writeln!(out, "{line}");
        }
    };
    para(
        &mut out,
        &format!(
            "Based on {} diary entries and {} saved assessments.",
            i.entries, i.assessments
        ),
        "",
    );
    para(
        &mut out,
        &format!(
            "Averages are shown only for groups of {MIN_COUNT} entries or more. They describe your diary; they do not prove that one thing causes another."
        ),
        "",
    );
    if i.entries == 0 {
        para(
            &mut out,
            "\nNo diary entries yet: add some with `dgs log`.",
            "",
        );
    }
    if !i.by_activity.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            style.heading("Average pain (0–10) by activity")
        );
        for g in &i.by_activity {
            let _ = writeln!(out, "  {:<34} {}", g.label, mean_text(g));
        }
    }
    if !i.by_posture.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            style.heading("Average pain with and without a sitting habit")
        );
        for p in &i.by_posture {
            para(
                &mut out,
                &format!(
                    "{} — with: {}; without: {}",
                    p.label,
                    mean_text(&p.with),
                    mean_text(&p.without)
                ),
                "  ",
            );
        }
    }
    if !i.by_time_of_day.is_empty() {
        let _ = writeln!(out, "\n{}", style.heading("Time of day"));
        for g in &i.by_time_of_day {
            let _ = writeln!(out, "  {:<34} {}", g.label, mean_text(g));
        }
        match i
            .peak_time_of_day
            .as_deref()
            .and_then(|k| i.by_time_of_day.iter().find(|g| g.key == k))
        {
            Some(peak) => para(
                &mut out,
                &format!("Pain is highest in the {}.", peak.key),
                "  ",
            ),
            None => para(
                &mut out,
                "Too few entries in each part of the day to say when pain peaks.",
                "  ",
            ),
        }
    }
    if !i.self_care.is_empty() {
        let _ = writeln!(out, "\n{}", style.heading("After starting self-care"));
        for c in &i.self_care {
            let verdict = match c.finding {
                "lower" => "lower after, by 2 points or more (the smallest change people notice)",
                "higher" => "higher after, by 2 points or more",
                "no_meaningful_change" => "no meaningful change (less than 2 points)",
                _ => "too few entries around it to tell",
            };
            para(
                &mut out,
                &format!(
                    "{}: first on {}; week before {}, week after {}: {verdict}.",
                    c.label,
                    diary::local(&c.first_used, tz),
                    mean_text(&c.before),
                    mean_text(&c.after)
                ),
                "  ",
            );
        }
        para(
            &mut out,
            "Other things change over time too; this is not proof that the self-care helped.",
            "  ",
        );
    }
    if !i.causes.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            style.heading("Contributing causes across saved assessments")
        );
        for c in &i.causes {
            let _ = writeln!(
                out,
                "  {:<24} {:>3} → {:<3} ({} → {})",
                c.cause,
                c.first,
                c.latest,
                diary::local(&c.first_at, tz),
                diary::local(&c.latest_at, tz)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests;
