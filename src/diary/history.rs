//! `dgs history` and `dgs export`: past assessments and diary entries, as a chart and table
//! for people, or JSON and CSV for scripts.

use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde_json::json;

use crate::diary::entries::{self as diary, ACTIVITIES, Entry};
use crate::diary::store::SavedAssessment;
use crate::diary::when;
use crate::document::pretty_json;
use crate::questionnaire::triage::Level;
use crate::style::Style;
use crate::words::{clip, csv_cell, printable};

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

/// The chart (when there is one to draw), then one row per entry and per saved assessment,
/// oldest first.
pub fn render_text(
    entries: &[Entry],
    assessments: &[SavedAssessment],
    tz: &TimeZone,
    style: Style,
    width: usize,
) -> String {
    if entries.is_empty() && assessments.is_empty() {
        return "Nothing saved yet: add diary entries with `dgs log`, and save assessments with `dgs assess --save`.\n".into();
    }
    let mut out = chart(entries, assessments, tz, width)
        .map(|drawn| chart_block(drawn, style))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{}",
        style.bold(&row("When", "What", "Pain", "Minutes", "Notes"))
    );
    let mut rows: Vec<(&str, String)> = entries
        .iter()
        .map(|e| (e.at.as_str(), entry_row(e, tz)))
        .collect();
    rows.extend(assessment_rows(assessments, tz));
    rows.sort_by(|a, b| a.0.cmp(b.0));
    for (_, row) in rows {
        let _ = writeln!(out, "{}", row.trim_end());
    }
    out
}

/// The chart with its heading, its triage marks and a key.
fn chart_block((bars, marks, first, last): (String, String, Date, Date), style: Style) -> String {
    let mut out = String::new();
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
    out
}

/// One table row; every cell but the last is padded to its column.
fn row(when: &str, what: &str, pain: &str, minutes: &str, notes: &str) -> String {
    format!("{when:<16}  {what:<28} {pain:>4} {minutes:>7}  {notes}")
}

/// An entry's row. Its text comes from the person or from whatever wrote the file, so it is
/// shown escaped: a newline in a note cannot start a row of its own.
fn entry_row(e: &Entry, tz: &TimeZone) -> String {
    let activity = match diary::label(&ACTIVITIES, &e.activity) {
        "" => printable(&e.activity),
        label => label.into(),
    };
    let what = match &e.detail {
        Some(d) => format!("{activity} ({})", printable(d)),
        None => activity.into_owned(),
    };
    let minutes = e.minutes.map_or_else(|| "—".to_string(), |m| m.to_string());
    let mut notes: Vec<String> = e
        .postures
        .iter()
        .map(|p| printable(p).into_owned())
        .collect();
    notes.extend(e.self_care.iter().map(|s| format!("+{}", printable(s))));
    notes.extend(e.note.as_deref().map(|n| printable(n).into_owned()));
    row(
        &when::local(&e.at, tz),
        &clip(&what, 28),
        &e.pain.to_string(),
        &minutes,
        &notes.join(", "),
    )
}

/// Saved assessments' rows, each marking a triage level that changed from the one before.
fn assessment_rows<'a>(
    assessments: &'a [SavedAssessment],
    tz: &TimeZone,
) -> Vec<(&'a str, String)> {
    let mut previous: Option<Level> = None;
    assessments
        .iter()
        .map(|a| {
            let change = match previous {
                Some(p) if p != a.level => format!(" ! was {}", p.name()),
                _ => String::new(),
            };
            previous = Some(a.level);
            let incomplete = if a.screening_complete {
                ""
            } else {
                " (screening incomplete)"
            };
            let level = format!("{}{change}{incomplete}", a.level.name());
            let what = format!("Assessment #{}", a.id);
            (
                a.at.as_str(),
                row(&when::local(&a.at, tz), &what, "—", "—", &level),
            )
        })
        .collect()
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
            "scores": a.scores.iter().map(|s| json!({"kind": s.kind, "id": s.target, "score": s.score})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    pretty_json(&doc)
}

/// One row per entry and per assessment, oldest first. Every cell is defused: a spreadsheet
/// opening the file shows a note such as `=HYPERLINK(…)` as text instead of running it.
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
                a.level.name().to_string(),
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
        let _ = w.write_record(row.iter().map(|cell| csv_cell(cell).into_owned()));
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

    fn assessment(id: i64, at: &str, level: Level) -> SavedAssessment {
        SavedAssessment {
            id,
            at: at.into(),
            questionnaire_id: "q".into(),
            questionnaire_version: "1".into(),
            level,
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
            assessment(1, "2026-11-01T09:00:00Z", Level::SelfCare),
            assessment(2, "2026-11-03T09:00:00Z", Level::SeeClinician),
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
            assessment(1, "2026-11-01T09:00:00Z", Level::SelfCare),
            assessment(2, "2026-11-03T09:00:00Z", Level::SeeClinician),
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
            &[assessment(1, "2026-11-01T09:00:00Z", Level::Urgent)],
        );
        assert_eq!(
            csv,
            "type,at,pain,activity,detail,minutes,postures,self_care,note,triage\n\
             assessment,2026-11-01T09:00:00Z,,,,,,,,urgent\n\
             entry,2026-11-02T10:00:00Z,6,driving,,30,wallet_back_pocket,,long trip,\n"
        );
    }

    #[test]
    fn diary_text_cannot_forge_rows_or_reach_the_terminal_raw() {
        let forged = Entry {
            detail: Some("\u{1b}]52;c;ZXZpbA==\u{7}".into()),
            note: Some(
                "ok\n2026-11-03 09:00  Assessment #9                   —       —  emergency".into(),
            ),
            ..entry("2026-11-02T10:00:00Z", 6)
        };
        let text = render_text(&[forged], &[], &TimeZone::UTC, Style::PLAIN, 80);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
        let rows: Vec<&str> = text.lines().skip(6).collect();
        assert_eq!(rows.len(), 1, "{text}");
        assert_eq!(
            rows[0],
            "2026-11-02 10:00  Driving (\\u{1b}]52;c;ZXZpbA…    6      30  wallet_back_pocket, ok\\n2026-11-03 09:00  Assessment #9                   —       —  emergency"
        );
    }

    #[test]
    fn csv_cells_that_would_run_as_formulas_are_defused() {
        let risky = Entry {
            detail: Some("@SUM(1+1)*cmd|' /C calc'!A0".into()),
            note: Some("=HYPERLINK(\"http://evil.example\",\"click\")".into()),
            ..entry("2026-11-02T10:00:00Z", 6)
        };
        let csv = render_csv(&[risky], &[]);
        assert_eq!(
            csv.lines().nth(1),
            Some(
                "entry,2026-11-02T10:00:00Z,6,driving,'@SUM(1+1)*cmd|' /C calc'!A0,30,wallet_back_pocket,,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\","
            ),
            "{csv}"
        );
    }
}
