//! Insights in words, for a terminal.

use std::fmt::Write as _;

use jiff::tz::TimeZone;

use super::{Group, Insights, MIN_COUNT};
use crate::diary::entries as diary;
use crate::style::Style;
use crate::words::wrap;

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
