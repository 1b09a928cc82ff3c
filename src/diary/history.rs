//! `dgs history` and `dgs export`: past assessments and diary entries, as a chart and table
//! for people, or JSON and CSV for scripts.

use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde_json::json;

use crate::diary::entries::{self as diary, ACTIVITIES, Entry};
use crate::diary::store::SavedAssessment;
use crate::style::Style;

const BARS: [char; 11] = ['▁', '▁', '▂', '▃', '▃', '▄', '▅', '▅', '▆', '▇', '█'];

fn day(at: &str, tz: &TimeZone) -> Option<Date> {
    at.parse::<Timestamp>()
        .ok()
        .map(|t| t.to_zoned_datetime(tz.clone()).date())
}

/// One column a day: the day's highest pain as a bar, blank with no entry; under it, `!`
/// where a saved assessment's triage level differs from the one before.
pub fn chart(
    entries: &[Entry],
    assessments: &[SavedAssessment],
    tz: &TimeZone,
    width: usize,
) -> Option<(String, String, Date, Date)> {
    let days: Vec<Date> = entries
        .iter()
        .map(|e| &e.at)
        .chain(assessments.iter().map(|a| &a.at))
        .filter_map(|at| day(at, tz))
        .collect();
    let last = *days.iter().max()?;
    let first = (*days.iter().min()?).max(
        last.checked_sub(jiff::Span::new().days(width.saturating_sub(4).max(7) as i64 - 1))
            .ok()?,
    );
    let span = first.until(last).ok()?.get_days().max(0) as usize + 1;
    let mut bars = vec![' '; span];
    let mut marks = vec![' '; span];
    let column = |d: Date| {
        first
            .until(d)
            .ok()
            .map(|s| s.get_days())
            .filter(|n| *n >= 0)
            .map(|n| n as usize)
    };
    for e in entries {
        if let Some(c) = day(&e.at, tz).and_then(column) {
            let bar = BARS[e.pain.clamp(0, 10) as usize];
            if bars[c] == ' '
                || BARS.iter().position(|b| *b == bar) > BARS.iter().position(|b| *b == bars[c])
            {
                bars[c] = bar;
            }
        }
    }
    for pair in assessments.windows(2) {
        if pair[0].level != pair[1].level {
            if let Some(c) = day(&pair[1].at, tz).and_then(column) {
                marks[c] = '!';
            }
        }
    }
    Some((
        bars.into_iter().collect(),
        marks.into_iter().collect(),
        first,
        last,
    ))
}

pub fn render_text(
    entries: &[Entry],
    assessments: &[SavedAssessment],
    tz: &TimeZone,
    style: Style,
    width: usize,
) -> String {
    let mut out = String::new();
    if entries.is_empty() && assessments.is_empty() {
        return "Nothing saved yet: add diary entries with `dgs log`, and save assessments with `dgs assess --save`.\n".into();
    }
    if let Some((bars, marks, first, last)) = chart(entries, assessments, tz, width) {
        let _ = writeln!(
            out,
            "{}",
            style.heading(&format!("Pain by day, {first} to {last}"))
        );
        let _ = writeln!(out, "  {bars}");
        if marks.trim().is_empty() {
            let _ = writeln!(out);
        } else {
            let _ = writeln!(out, "  {}", style.warning(&marks));
        }
        let _ = writeln!(
            out,
            "{}",
            style.dim(
                "  one column a day: the day's highest pain, 0–10 (▁ low, █ high); ! triage changed"
            )
        );
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!(
            "{:<16}  {:<28} {:>4} {:>7}  {}",
            "When", "What", "Pain", "Minutes", "Notes"
        ))
    );
    let mut rows: Vec<(&str, String)> = entries
        .iter()
        .map(|e| {
            let what = match &e.detail {
                Some(d) => format!("{} ({d})", diary::label(&ACTIVITIES, &e.activity)),
                None => diary::label(&ACTIVITIES, &e.activity).to_string(),
            };
            let minutes = e.minutes.map_or_else(|| "—".to_string(), |m| m.to_string());
            let mut notes: Vec<String> = e.postures.clone();
            notes.extend(e.self_care.iter().map(|s| format!("+{s}")));
            notes.extend(e.note.clone());
            (
                e.at.as_str(),
                format!(
                    "{:<16}  {:<28} {:>4} {:>7}  {}",
                    diary::local(&e.at, tz),
                    clip(&what, 28),
                    e.pain,
                    minutes,
                    notes.join(", ")
                ),
            )
        })
        .collect();
    let mut previous: Option<&str> = None;
    for a in assessments {
        let change = match previous {
            Some(p) if p != a.level => format!(" ! was {p}"),
            _ => String::new(),
        };
        previous = Some(&a.level);
        let what = format!("Assessment #{}", a.id);
        let level = format!(
            "{}{change}{}",
            a.level,
            if a.screening_complete {
                ""
            } else {
                " (screening incomplete)"
            }
        );
        rows.push((
            a.at.as_str(),
            format!(
                "{:<16}  {:<28} {:>4} {:>7}  {level}",
                diary::local(&a.at, tz),
                what,
                "—",
                "—"
            ),
        ));
    }
    rows.sort_by(|a, b| a.0.cmp(b.0));
    for (_, row) in rows {
        let _ = writeln!(out, "{}", row.trim_end());
    }
    out
}

fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let head: String = text.chars().take(width - 1).collect();
        format!("{head}…")
    }
}

pub fn render_json(entries: &[Entry], assessments: &[SavedAssessment]) -> String {
    let doc = json!({
        "schema": "dgs-history/1",
        "entries": entries,
        "assessments": assessments.iter().map(|a| json!({
            "id": a.id,
            "at": a.at,
            "questionnaire": {"id": a.questionnaire_id, "version": a.questionnaire_version},
            "level": a.level,
            "screening_complete": a.screening_complete,
            "scores": a.scores.iter().map(|(kind, target, score)| json!({"kind": kind, "id": target, "score": score})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    let mut out = serde_json::to_string_pretty(&doc).expect("history serialises");
    out.push('\n');
    out
}

/// One row per entry and per assessment, oldest first.
pub fn render_csv(entries: &[Entry], assessments: &[SavedAssessment]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let opt = |v: Option<String>| v.unwrap_or_default();
    for e in entries {
        rows.push((
            e.at.clone(),
            vec![
                "entry".into(),
                e.at.clone(),
                e.pain.to_string(),
                e.activity.clone(),
                opt(e.detail.clone()),
                opt(e.minutes.map(|m| m.to_string())),
                e.postures.join(","),
                e.self_care.join(","),
                opt(e.note.clone()),
                String::new(),
            ],
        ));
    }
    for a in assessments {
        let empty = String::new;
        rows.push((
            a.at.clone(),
            vec![
                "assessment".into(),
                a.at.clone(),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                a.level.clone(),
            ],
        ));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    // Writing to a Vec cannot fail.
    let _ = w.write_record([
        "type",
        "at",
        "pain",
        "activity",
        "detail",
        "minutes",
        "postures",
        "self_care",
        "note",
        "triage",
    ]);
    for (_, row) in rows {
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::diary_entry;

    fn entry(at: &str, pain: i64) -> Entry {
        Entry {
            minutes: Some(30),
            postures: vec!["wallet_back_pocket".into()],
            note: Some("long trip".into()),
            ..diary_entry(at, pain, "driving")
        }
    }

    fn assessment(id: i64, at: &str, level: &str) -> SavedAssessment {
        SavedAssessment {
            id,
            at: at.into(),
            questionnaire_id: "q".into(),
            questionnaire_version: "1".into(),
            level: level.into(),
            screening_complete: true,
            scores: vec![],
        }
    }

    #[test]
    fn the_chart_has_a_column_a_day_and_marks_triage_changes() {
        let entries = [
            entry("2026-11-01T10:00:00Z", 2),
            entry("2026-11-01T18:00:00Z", 9),
            entry("2026-11-04T10:00:00Z", 5),
        ];
        let saved = [
            assessment(1, "2026-11-01T09:00:00Z", "self_care"),
            assessment(2, "2026-11-03T09:00:00Z", "see_clinician"),
        ];
        let (bars, marks, first, last) = chart(&entries, &saved, &TimeZone::UTC, 80).unwrap();
        assert_eq!(
            (first.to_string(), last.to_string()),
            ("2026-11-01".into(), "2026-11-04".into())
        );
        assert_eq!(bars, "▇  ▄");
        assert_eq!(marks, "  ! ");
    }

    #[test]
    fn the_table_interleaves_entries_and_assessments() {
        let entries = [entry("2026-11-02T10:00:00Z", 6)];
        let saved = [
            assessment(1, "2026-11-01T09:00:00Z", "self_care"),
            assessment(2, "2026-11-03T09:00:00Z", "see_clinician"),
        ];
        let text = render_text(&entries, &saved, &TimeZone::UTC, Style::PLAIN, 80);
        let rows: Vec<&str> = text.lines().skip(6).collect();
        assert_eq!(
            rows[0],
            "2026-11-01 09:00  Assessment #1                   —       —  self_care"
        );
        assert_eq!(
            rows[1],
            "2026-11-02 10:00  Driving                         6      30  wallet_back_pocket, long trip"
        );
        assert_eq!(
            rows[2],
            "2026-11-03 09:00  Assessment #2                   —       —  see_clinician ! was self_care"
        );
    }

    #[test]
    fn csv_has_one_row_per_item() {
        let csv = render_csv(
            &[entry("2026-11-02T10:00:00Z", 6)],
            &[assessment(1, "2026-11-01T09:00:00Z", "urgent")],
        );
        assert_eq!(
            csv,
            "type,at,pain,activity,detail,minutes,postures,self_care,note,triage\n\
             assessment,2026-11-01T09:00:00Z,,,,,,,,urgent\n\
             entry,2026-11-02T10:00:00Z,6,driving,,30,wallet_back_pocket,,long trip,\n"
        );
    }
}
