//! The terminal report. Its first screen is the answer — the triage level and what to do, the
//! red flags, the best-fitting patterns, the habits feeding them, three things to try first,
//! and when to get help at once — in people's words. The detail follows (`--detail full`),
//! then a one-line recap of the level and the questionnaire's disclaimer.

pub mod detail;

use std::fmt::Write as _;

use super::{picks, spoken};
use crate::cli::Detail;
use crate::questionnaire::Questionnaire;
use crate::questionnaire::triage::Level;
use crate::scoring::assessment::{Assessment, Likelihood};
use crate::style::Style;
use crate::words::wrap;

/// Renders the report for a terminal or a pipe, wrapped to `width` columns.
pub fn render(
    q: &Questionnaire,
    a: &Assessment,
    style: Style,
    width: usize,
    detail: Detail,
) -> String {
    let mut r = Report {
        out: String::new(),
        style,
        width,
    };
    r.banner(q, a);
    r.red_flags(q, a);
    if a.level != Level::Emergency {
        r.open_safety_questions(q, a);
    }
    r.gap();
    if a.level == Level::Emergency {
        r.para(
            "Because this needs help now, the rest of the assessment is not shown.",
            "",
        );
    } else if !a.level.withholds_self_care() {
        // At urgent, a line saying the answers fit a muscle problem could reassure someone
        // who needs a doctor today: the fit is in the detail.
        r.best_fit(q, a);
    }
    r.scores(q, a);
    r.classifications(q, a);
    if a.level != Level::Emergency {
        r.try_first(a);
    }
    r.safety_net(q);
    if detail == Detail::Full && a.level != Level::Emergency {
        r.details(q, a);
        r.recap(a);
    }
    r.disclaimer(q);
    r.out
}

struct Report {
    out: String,
    style: Style,
    width: usize,
}

impl Report {
    /// One empty line before the next block, never two.
    fn gap(&mut self) {
        if !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn para(&mut self, text: &str, indent: &str) {
        for line in wrap(text, self.width, indent) {
            self.out.push_str(&line);
            self.out.push('\n');
        }
    }

    /// Wraps first, then styles each line: escape codes must not count as width.
    fn bold_para(&mut self, text: &str, indent: &str) {
        for line in wrap(text, self.width, indent) {
            let _ = writeln!(self.out, "{}", self.style.bold(&line));
        }
    }

    fn dim_para(&mut self, text: &str, indent: &str) {
        for line in wrap(text, self.width, indent) {
            let _ = writeln!(self.out, "{}", self.style.dim(&line));
        }
    }

    fn heading(&mut self, title: &str) {
        self.gap();
        let _ = writeln!(self.out, "{}", self.style.heading(title));
    }

    /// `  mark first line` with the rest of the text wrapped under it.
    fn bullet(&mut self, mark: &str, text: &str) {
        self.painted_bullet(mark, mark, text);
    }

    /// A bullet whose mark is coloured: the indent is measured on the plain mark, since
    /// escape codes take no room on screen.
    fn painted_bullet(&mut self, mark: &str, painted: &str, text: &str) {
        let indent = " ".repeat(mark.chars().count() + 3);
        let lines = wrap(text, self.width, &indent);
        let _ = writeln!(self.out, "  {painted} {}", lines[0].trim_start());
        for line in &lines[1..] {
            let _ = writeln!(self.out, "{line}");
        }
    }

    /// `Label: text`, the label bold, the text wrapped under the line's start.
    fn labelled(&mut self, label: &str, text: &str) {
        let lines = wrap(&format!("{label} {text}"), self.width, "  ");
        let first = lines[0].trim_start();
        let rest = first.strip_prefix(label).unwrap_or(first);
        let _ = writeln!(self.out, "{}{rest}", self.style.bold(label));
        for line in &lines[1..] {
            let _ = writeln!(self.out, "{line}");
        }
    }

    fn banner(&mut self, q: &Questionnaire, a: &Assessment) {
        self.dim_para(&format!("{} — result", q.title), "");
        self.out.push('\n');
        let lines = wrap(a.title, self.width.saturating_sub(4), "");
        if self.style.color {
            for line in &lines {
                let banner = self.style.level(a.level, &format!("  {line}  "));
                let _ = writeln!(self.out, "{banner}");
            }
        } else {
            // Without colour, an underline makes the banner stand out.
            let longest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
            for line in &lines {
                let _ = writeln!(self.out, "{line}");
            }
            let _ = writeln!(self.out, "{}", "=".repeat(longest));
        }
        self.para(a.action, "");
    }

    /// Safety flags marked `!`; rules that raised the level on a threshold marked `>` and
    /// named as such, so a high total does not read as a warning sign.
    fn red_flags(&mut self, q: &Questionnaire, a: &Assessment) {
        if a.red_flags.is_empty() && a.thresholds.is_empty() {
            return;
        }
        self.heading("Why");
        for flag in &a.red_flags {
            let painted = self.style.level(flag.level, "!");
            self.painted_bullet("!", &painted, flag.message);
            self.dim_para(
                &format!("you answered: {}", spoken::answers(q, &flag.because)),
                "    ",
            );
        }
        for flag in &a.thresholds {
            let mark = self.style.level(flag.level, ">");
            self.bullet(&mark, flag.message);
            let from = spoken::answers(q, &flag.because);
            let note = if from.is_empty() {
                "a threshold, not a warning sign".to_string()
            } else {
                format!("a threshold, not a warning sign; from: {from}")
            };
            self.dim_para(&note, "    ");
        }
    }

    fn open_safety_questions(&mut self, q: &Questionnaire, a: &Assessment) {
        if a.unanswered_red_flags.is_empty() {
            return;
        }
        self.heading("Safety questions not answered");
        self.para(
            "Until these are answered, this result cannot say that self-care is enough. If one \
             applies to you, do what the line under it says.",
            "  ",
        );
        for item in a.unanswered_red_flags.iter().filter_map(|id| q.item(id)) {
            self.bullet("?", item.name());
            if let Some(line) = spoken::if_answered(q, item) {
                self.dim_para(&line, "    ");
            }
        }
    }

    /// Scores stand beside the triage, at every level.
    fn scores(&mut self, q: &Questionnaire, a: &Assessment) {
        let mut scores: Vec<String> = a
            .scores
            .iter()
            .filter(|s| q.shows_score(s.id))
            .map(|s| {
                let band = s.band.map(|b| format!(" ({b})")).unwrap_or_default();
                format!("{}: {}{band}", s.label, s.value)
            })
            .collect();
        // A score too few answers support is named, so its absence is not read as zero.
        scores.extend(a.unscored.iter().filter(|u| q.shows_score(u.id)).map(|u| {
            format!(
                "{}: no score ({} of at least {} questions answered)",
                u.label, u.answered, u.needed
            )
        }));
        if !scores.is_empty() {
            self.labelled("Scores:", &scores.join("; "));
        }
    }

    /// A classification is a label and what gave it, never a percentage.
    fn classifications(&mut self, q: &Questionnaire, a: &Assessment) {
        for c in &a.classifications {
            let line = match c.class_label {
                Some(class) => format!("{class} (from {})", spoken::answers(q, &c.because)),
                None => "not classified: too few questions answered".to_string(),
            };
            self.labelled(&format!("{}:", c.label), &line);
        }
    }

    fn best_fit(&mut self, q: &Questionnaire, a: &Assessment) {
        let patterns = picks::best_patterns(a);
        let causes = picks::main_causes(a);
        for r in patterns {
            let label = if r.level == Likelihood::Likely {
                "Your answers fit:"
            } else {
                "They partly fit:"
            };
            self.labelled(label, r.label);
        }
        if !causes.is_empty() {
            // A cause capped below "consistent" rests on weak evidence (such as one answer only
            // the practitioner's article supports): said so, not shown as a finding.
            let labels: Vec<String> = causes
                .iter()
                .map(|r| match q.causes[r.index].at_most {
                    Some(_) => format!("{} (little evidence)", r.label),
                    None => r.label.to_string(),
                })
                .collect();
            self.labelled("May be feeding it:", &labels.join("; "));
        }
    }

    fn try_first(&mut self, a: &Assessment) {
        let picked = picks::try_first(a);
        if picked.is_empty() {
            return;
        }
        self.gap();
        let _ = writeln!(self.out, "{}", self.style.bold("Try first:"));
        for (n, s) in picked.iter().enumerate() {
            self.bullet(&format!("{}.", n + 1), s.text);
        }
    }

    fn safety_net(&mut self, q: &Questionnaire) {
        if let Some(net) = &q.safety_net {
            self.gap();
            self.labelled("Whatever this result,", &net.text);
        }
    }

    /// The last thing above the disclaimer is the result, never only boilerplate.
    fn recap(&mut self, a: &Assessment) {
        self.gap();
        let line = format!("Result: {}. What to do is at the top.", a.title);
        for line in wrap(&line, self.width, "") {
            let _ = writeln!(self.out, "{}", self.style.level(a.level, &line));
        }
    }

    fn disclaimer(&mut self, q: &Questionnaire) {
        self.gap();
        for line in wrap(&q.disclaimer, self.width, "") {
            let _ = writeln!(self.out, "{}", self.style.dim(&line));
        }
    }
}

/// What a pattern's or cause's number means, in one line of the report.
pub const SCORE_MEANING: &str = "Points come from the questionnaire's design, not from a validated score: \
     they show how many of a pattern's features your answers have, not a probability.";

/// A level in words that say how well answers fit, not what someone has.
pub fn fit(level: Likelihood) -> &'static str {
    match level {
        Likelihood::Likely => "consistent with your answers",
        Likelihood::Possible => "partly consistent",
        Likelihood::Unlikely => "not suggested",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_never_sound_certain() {
        for level in [
            Likelihood::Likely,
            Likelihood::Possible,
            Likelihood::Unlikely,
        ] {
            assert!(!fit(level).contains("likely"), "{}", fit(level));
        }
        assert_eq!(fit(Likelihood::Likely), "consistent with your answers");
    }
}
