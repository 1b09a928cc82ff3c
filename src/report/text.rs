//! The terminal report: triage banner first, then red flags, patterns, causes and self-care.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::questionnaire::triage::Level;
use crate::questionnaire::{ItemType, Questionnaire};
use crate::scoring::assessment::{AnswerList, Assessment, Likelihood, Ranked};
use crate::style::Style;
use crate::words::wrap;

/// Renders the report for a terminal or a pipe, wrapped to `width` columns.
pub fn render(q: &Questionnaire, a: &Assessment, style: Style, width: usize) -> String {
    let mut r = Report {
        out: String::new(),
        style,
        width,
        explained: false,
    };
    r.banner(q, a);
    r.red_flags(a);
    if a.level == Level::Emergency {
        r.out.push('\n');
        r.para(
            "Because this needs help now, the rest of the assessment is not shown.",
            "",
        );
    } else {
        r.unanswered_red_flags(q, a);
        r.ranked("What your answers look like", "Patterns", &a.patterns);
        r.ranked("What may be feeding it", "Contributing causes", &a.causes);
        r.suggestions(a);
        r.scores(a);
    }
    r.footer(q, a);
    r.out
}

struct Report {
    out: String,
    style: Style,
    width: usize,
    /// The line saying what a number means has been written (once per report).
    explained: bool,
}

impl Report {
    fn para(&mut self, text: &str, indent: &str) {
        for line in wrap(text, self.width, indent) {
            self.out.push_str(&line);
            self.out.push('\n');
        }
    }

    fn heading(&mut self, title: &str) {
        self.out.push('\n');
        let _ = writeln!(self.out, "{}", self.style.heading(title));
    }

    fn banner(&mut self, q: &Questionnaire, a: &Assessment) {
        let _ = writeln!(
            self.out,
            "{}",
            self.style.dim(&format!("{} — result", q.title))
        );
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
        self.out.push('\n');
        self.para(a.action, "");
    }

    fn red_flags(&mut self, a: &Assessment) {
        if a.red_flags.is_empty() {
            return;
        }
        self.heading("Why");
        for flag in &a.red_flags {
            let mark = self.style.level(flag.level, "!");
            self.bullet(&mark, flag.message);
            self.dim_para(
                &format!("you answered: {}", answers_list(&flag.because)),
                "    ",
            );
            if let Some(evidence) = flag.evidence {
                self.dim_para(&format!("evidence: {evidence}"), "    ");
            }
        }
    }

    fn unanswered_red_flags(&mut self, q: &Questionnaire, a: &Assessment) {
        if a.unanswered_red_flags.is_empty() {
            return;
        }
        self.heading("Safety questions not answered");
        self.para(
            "These questions check for serious causes. Until they are answered, this result cannot say \
             that self-care is enough. If any of them applies to you, do what it says under \"if yes\".",
            "",
        );
        for id in &a.unanswered_red_flags {
            let Some(item) = q.item(id) else { continue };
            let note = match item.kind {
                ItemType::YesNo => {
                    let tier = item.red_flag.and_then(|l| q.triage.get(&l));
                    format!("if yes: {} ({id})", tier.map_or("", |t| t.title.as_str()))
                }
                _ => format!("part of the safety check ({id})"),
            };
            self.bullet("?", &item.text);
            self.dim_para(&note, "    ");
        }
    }

    /// `  ? first line` with the rest of the text wrapped under it.
    fn bullet(&mut self, mark: &str, text: &str) {
        let lines = wrap(text, self.width, "    ");
        let _ = writeln!(self.out, "  {mark} {}", lines[0].trim_start());
        for line in &lines[1..] {
            let _ = writeln!(self.out, "{line}");
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

    fn ranked(&mut self, title: &str, kind: &str, items: &[Ranked]) {
        let shown: Vec<&Ranked> = items
            .iter()
            .filter(|r| r.level > Likelihood::Unlikely)
            .collect();
        self.heading(title);
        if shown.is_empty() {
            self.para(&format!("{kind}: none stood out from your answers."), "  ");
            return;
        }
        if !self.explained {
            self.dim_para(SCORE_MEANING, "  ");
            self.explained = true;
        }
        for r in shown {
            let level = match r.level {
                Likelihood::Likely => self.style.bold(fit(r.level)),
                _ => fit(r.level).to_string(),
            };
            let _ = writeln!(self.out, "  {:>3}/100  {level}", r.score);
            self.bold_para(r.label, "    ");
            self.para(r.text, "    ");
            self.dim_para(&format!("because: {}", because_list(r)), "    ");
            self.dim_para(&format!("evidence: {}", r.evidence), "    ");
        }
        let rest: Vec<&str> = items
            .iter()
            .filter(|r| r.level == Likelihood::Unlikely)
            .map(|r| r.label)
            .collect();
        if !rest.is_empty() {
            self.dim_para(
                &format!("Not suggested by your answers: {}.", rest.join("; ")),
                "  ",
            );
        }
    }

    fn suggestions(&mut self, a: &Assessment) {
        self.heading("What you can try");
        if a.level.withholds_self_care() {
            self.para(
                "Self-care suggestions are held back until a clinician has seen you.",
                "  ",
            );
            return;
        }
        // Group by the first cause (or pattern) each suggestion answers, in ranking order.
        let order: Vec<&Ranked> = a.causes.iter().chain(&a.patterns).collect();
        let mut groups: BTreeMap<usize, Vec<&crate::scoring::assessment::ShownSuggestion>> =
            BTreeMap::new();
        for s in &a.suggestions {
            let group = order
                .iter()
                .position(|r| s.targets.contains(&r.id))
                .unwrap_or(order.len());
            groups.entry(group).or_default().push(s);
        }
        for (group, list) in groups {
            let title = order.get(group).map_or("For everyone", |r| r.label);
            self.out.push('\n');
            self.bold_para(title, "  ");
            for s in list {
                self.bullet("•", s.text);
                self.dim_para(&format!("evidence: {}", s.evidence), "    ");
            }
        }
    }

    fn scores(&mut self, a: &Assessment) {
        if a.scores.is_empty() {
            return;
        }
        self.heading("Scores");
        for s in &a.scores {
            let band = s.band.map(|b| format!(" ({b})")).unwrap_or_default();
            self.para(&format!("{}: {}{band}", s.label, s.value), "  ");
        }
    }

    fn footer(&mut self, q: &Questionnaire, a: &Assessment) {
        if !a.unanswered.is_empty() && a.level != Level::Emergency {
            self.out.push('\n');
            self.dim_para(
                &format!(
                    "{} question(s) were not answered: {}.",
                    a.unanswered.len(),
                    a.unanswered.join(", ")
                ),
                "",
            );
        }
        self.out.push('\n');
        let disclaimer = format!("This is not a diagnosis. {}", q.disclaimer);
        for line in wrap(&disclaimer, self.width, "") {
            let _ = writeln!(self.out, "{}", self.style.dim(&line));
        }
    }
}

/// What a pattern's or cause's number means, in one line of the report.
pub const SCORE_MEANING: &str = "Numbers show the share (0–100) of the possible points your answers gave; \
     the points are not validated, so a number is not a probability.";

/// A level in words that say how well answers fit, not what someone has.
pub fn fit(level: Likelihood) -> &'static str {
    match level {
        Likelihood::Likely => "consistent with your answers",
        Likelihood::Possible => "partly consistent",
        Likelihood::Unlikely => "not suggested",
    }
}

fn answers_list(answers: &AnswerList) -> String {
    let parts: Vec<String> = answers
        .entries()
        .iter()
        .map(|(k, v)| format!("{k} = {v}"))
        .collect();
    parts.join(", ")
}

fn because_list(r: &Ranked) -> String {
    r.because
        .iter()
        .map(|b| {
            let sign = if b.points > 0.0 { "+" } else { "" };
            format!("{} ({sign}{})", answers_list(&b.answers), b.points)
        })
        .collect::<Vec<_>>()
        .join("; ")
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
