//! Insights in words, for a terminal: a preamble that states the limits, then one section per
//! kind of finding, each left out when it has nothing to say.

use std::fmt::Write as _;

use jiff::tz::TimeZone;

use super::{Group, Insights, MIN_COUNT};
use crate::diary::when;
use crate::style::Style;
use crate::words::printable;
use crate::words::wrap;

fn mean_text(g: &Group) -> String {
    match g.mean {
        Some(m) => format!("{m:.1} (n={})", g.count),
        None => format!("— (n={}, too few to tell)", g.count),
    }
}

/// The text being written, wrapped to a width.
struct Page {
    out: String,
    width: usize,
    style: Style,
}

impl Page {
    fn para(&mut self, text: &str, indent: &str) {
        for line in wrap(text, self.width, indent) {
            let _ = writeln!(self.out, "{line}");
        }
    }

    fn heading(&mut self, text: &str) {
        let _ = writeln!(self.out, "\n{}", self.style.heading(text));
    }

    /// An indented `label   value` line.
    fn row(&mut self, label: &str, value: &str) {
        let _ = writeln!(self.out, "  {label:<34} {value}");
    }
}

pub fn render_text(i: &Insights, tz: &TimeZone, style: Style, width: usize) -> String {
    let mut page = Page {
        out: String::new(),
        width,
        style,
    };
    preamble(&mut page, i);
    by_activity(&mut page, i);
    by_posture(&mut page, i);
    by_time_of_day(&mut page, i);
    after_self_care(&mut page, i, tz);
    causes(&mut page, i, tz);
    page.out
}

/// What the numbers rest on, and what they cannot say.
fn preamble(page: &mut Page, i: &Insights) {
    page.para(
        &format!(
            "Based on {} diary entries and {} saved assessments.",
            i.entries, i.assessments
        ),
        "",
    );
    page.para(
        &format!(
            "Averages are shown only for groups of {MIN_COUNT} entries or more. They describe your diary; they do not prove that one thing causes another."
        ),
        "",
    );
    if i.entries == 0 {
        page.para("\nNo diary entries yet: add some with `dgs log`.", "");
    }
}

fn by_activity(page: &mut Page, i: &Insights) {
    if i.by_activity.is_empty() {
        return;
    }
    page.heading("Average pain (0–10) by activity");
    for g in &i.by_activity {
        page.row(&g.label, &mean_text(g));
    }
}

fn by_posture(page: &mut Page, i: &Insights) {
    if i.by_posture.is_empty() {
        return;
    }
    page.heading("Average pain with and without a sitting habit");
    for p in &i.by_posture {
        page.para(
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

fn by_time_of_day(page: &mut Page, i: &Insights) {
    if i.by_time_of_day.is_empty() {
        return;
    }
    page.heading("Time of day");
    for g in &i.by_time_of_day {
        page.row(&g.label, &mean_text(g));
    }
    let peak = i
        .peak_time_of_day
        .as_deref()
        .and_then(|k| i.by_time_of_day.iter().find(|g| g.key == k));
    match peak {
        Some(peak) => page.para(&format!("Pain is highest in the {}.", peak.key), "  "),
        None => page.para(
            "Too few entries in each part of the day to say when pain peaks.",
            "  ",
        ),
    }
}

fn after_self_care(page: &mut Page, i: &Insights, tz: &TimeZone) {
    if i.self_care.is_empty() {
        return;
    }
    page.heading("After starting self-care");
    for c in &i.self_care {
        let verdict = match c.finding {
            "lower" => "lower after, by 2 points or more (the smallest change people notice)",
            "higher" => "higher after, by 2 points or more",
            "no_meaningful_change" => "no meaningful change (less than 2 points)",
            _ => "too few entries around it to tell",
        };
        page.para(
            &format!(
                "{}: first on {}; week before {}, week after {}: {verdict}.",
                c.label,
                when::local(&c.first_used, tz),
                mean_text(&c.before),
                mean_text(&c.after)
            ),
            "  ",
        );
    }
    page.para(
        "Other things change over time too; this is not proof that the self-care helped.",
        "  ",
    );
}

/// Causes by name where the questionnaire has one; ids come from the diary file, so they are
/// shown escaped.
fn causes(page: &mut Page, i: &Insights, tz: &TimeZone) {
    if i.causes.is_empty() {
        return;
    }
    page.heading("Contributing causes across saved assessments");
    for c in &i.causes {
        let _ = writeln!(
            page.out,
            "  {:<24} {:>3} → {:<3} ({} → {})",
            printable(c.label.as_deref().unwrap_or(&c.cause)),
            c.first,
            c.latest,
            when::local(&c.first_at, tz),
            when::local(&c.latest_at, tz)
        );
    }
}
