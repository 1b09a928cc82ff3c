//! A printable summary to take to a clinician: when and with what it was made, the result and
//! a one-line safety summary, the positive findings first, then the patterns, causes, scores
//! and suggestions, and the answers to the questions that were asked, by section.

use std::fmt::Write as _;

use crate::questionnaire::{Item, ItemType, NOT_SURE, Questionnaire, Value};
use crate::report::spoken;
use crate::report::text::{SCORE_MEANING, detail, fit};
use crate::scoring::assessment::{Assessment, Likelihood, Ranked, RedFlag};

/// `when` is the time of the assessment, as the person's clock shows it.
pub fn render(q: &Questionnaire, a: &Assessment, when: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", q.title);
    let _ = writeln!(out, "> {}\n", q.disclaimer);
    let _ = writeln!(
        out,
        "Assessed {when} with questionnaire `{}` version {}.\n",
        q.id, q.version
    );
    let _ = writeln!(out, "## Result: {}\n", a.title);
    let _ = writeln!(out, "{}\n", a.action);
    let _ = writeln!(out, "{}\n", safety_summary(q, a));
    positive_findings(&mut out, q, a);
    thresholds(&mut out, q, a);
    if !a.unanswered_red_flags.is_empty() {
        out.push_str("## Safety questions not answered\n\n");
        for item in a.unanswered_red_flags.iter().filter_map(|id| q.item(id)) {
            let _ = writeln!(out, "- {} (`{}`)", item.text, item.id);
        }
        out.push('\n');
    }
    if !a.classifications.is_empty() {
        out.push_str("## Classifications\n\n| Classification | Result | From |\n|---|---|---|\n");
        for c in &a.classifications {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                cell(c.label),
                cell(c.class_label.unwrap_or("not classified: too few answered")),
                cell(&spoken::answers(q, &c.because))
            );
        }
        out.push('\n');
    }
    let scores: Vec<_> = a.scores.iter().filter(|s| q.shows_score(s.id)).collect();
    let unscored: Vec<_> = a.unscored.iter().filter(|u| q.shows_score(u.id)).collect();
    if !scores.is_empty() || !unscored.is_empty() {
        out.push_str("## Scores\n\n| Score | Value | Band |\n|---|---|---|\n");
        for s in scores {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                cell(s.label),
                s.value,
                cell(s.band.unwrap_or("—"))
            );
        }
        for u in unscored {
            let _ = writeln!(
                out,
                "| {} | no score: {} of at least {} answered | — |",
                cell(u.label),
                u.answered,
                u.needed
            );
        }
        out.push('\n');
    }
    let targets = a.patterns.len() + a.causes.len();
    let assessed = a.patterns.iter().chain(&a.causes).any(|r| r.assessed);
    if assessed {
        let _ = writeln!(out, "{SCORE_MEANING}\n");
        table(&mut out, q, "Symptom patterns", &a.patterns);
        table(&mut out, q, "Possible contributing causes", &a.causes);
    } else if targets > 0 {
        // Stopped early: nothing was ruled in or out, and a table of zeros would say it was.
        out.push_str(
            "Symptom patterns and contributing causes: not assessed (the questionnaire stopped early).\n\n",
        );
    }
    if !a.suggestions.is_empty() {
        out.push_str("## Self-care suggested\n\n");
        for s in &a.suggestions {
            let _ = writeln!(out, "- {} *(evidence: {})*", s.text, s.evidence);
        }
        out.push('\n');
    }
    answers(&mut out, q, a);
    out
}

/// "Safety questions: 24 asked, 1 positive: Numbness between the legs."
fn safety_summary(q: &Questionnaire, a: &Assessment) -> String {
    let asked = q
        .items()
        .filter(|i| i.red_flag.is_some() && a.answer(&i.id).is_some())
        .count();
    let positive: Vec<&str> = q
        .items()
        .filter(|i| i.red_flag.is_some() && is_positive(i, a))
        .map(Item::name)
        .collect();
    let open = a.unanswered_red_flags.len();
    let mut line = format!("**Safety questions: {asked} answered");
    if open > 0 {
        let _ = write!(line, ", {open} not answered");
    }
    match positive.len() {
        0 => line.push_str(", none positive.**"),
        n => {
            let _ = write!(line, ", {n} positive:** {}.", positive.join("; "));
        }
    }
    line
}

/// A safety answer that raises concern: yes or not sure to a yes/no question, or any answer
/// behind a red flag that fired (PHQ-9's item 9 answered "several days").
fn is_positive(item: &Item, a: &Assessment) -> bool {
    let answer = a.answer(&item.id);
    let yes = item.kind == ItemType::YesNo
        && matches!(answer, Some(Value::Code(code)) if code == "yes" || code == NOT_SURE);
    yes || a
        .red_flags
        .iter()
        .any(|f| f.because.get(&item.id).is_some())
}

/// The red flags and the answers behind them, with their sources, before anything else.
fn positive_findings(out: &mut String, q: &Questionnaire, a: &Assessment) {
    flags(out, q, "Positive findings", "Answered", &a.red_flags);
}

/// Rules that raised the level on a total or a severity: apart from the red flags, so a
/// threshold does not read as a warning sign.
fn thresholds(out: &mut String, q: &Questionnaire, a: &Assessment) {
    flags(out, q, "Thresholds reached", "From", &a.thresholds);
}

/// Rules that raised the level, under `heading`: each with its level, message, the answers
/// behind it (after `lead`, when there are any) and its evidence.
fn flags(out: &mut String, q: &Questionnaire, heading: &str, lead: &str, list: &[RedFlag]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {heading}\n");
    for f in list {
        let level = q.triage.get(&f.level).map_or(f.level.name(), |t| &t.title);
        let from = spoken::answers(q, &f.because);
        if from.is_empty() {
            let _ = writeln!(out, "- **{level}.** {}", f.message);
        } else {
            let _ = writeln!(out, "- **{level}.** {} {lead}: {from}.", f.message);
        }
        if let Some(evidence) = f.evidence {
            let _ = writeln!(out, "  *(evidence: {evidence})*");
        }
    }
    out.push('\n');
}

/// Those the answers at least partly fit, in a table; the rest named in one line. No table
/// when none fits.
fn table(out: &mut String, q: &Questionnaire, title: &str, rows: &[Ranked]) {
    let fitting: Vec<&Ranked> = rows
        .iter()
        .filter(|r| r.assessed && r.level > Likelihood::Unlikely)
        .collect();
    let _ = writeln!(out, "## {title}\n");
    if !fitting.is_empty() {
        out.push_str("| | Points | Level | Based on |\n|---|---|---|---|\n");
        for r in fitting {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(r.label),
                detail::points(q, r),
                fit(r.level),
                cell(&spoken::because(q, r, true))
            );
        }
        out.push('\n');
    }
    let rest: Vec<&str> = rows
        .iter()
        .filter(|r| r.assessed && r.level == Likelihood::Unlikely)
        .map(|r| r.label)
        .collect();
    if !rest.is_empty() {
        let _ = writeln!(out, "Not suggested by the answers: {}.\n", rest.join("; "));
    }
}

/// Every question that was asked, by section, with its answer; questions never asked (a
/// condition left them out, or the questionnaire stopped first) are not listed.
fn answers(out: &mut String, q: &Questionnaire, a: &Assessment) {
    out.push_str("## Answers\n");
    for section in &q.sections {
        let asked: Vec<(&Item, String)> = section
            .items
            .iter()
            .filter_map(|item| {
                let answer = match a.answer(&item.id) {
                    Some(value) => shown(item, value),
                    None if !a.stopped && a.unanswered.contains(&item.id.as_str()) => {
                        "*not answered*".to_string()
                    }
                    None => return None,
                };
                Some((item, answer))
            })
            .collect();
        if asked.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n### {}\n\n| Question | Answer |\n|---|---|",
            section.title
        );
        for (item, answer) in asked {
            let _ = writeln!(out, "| {} | {} |", cell(&item.text), cell(&answer));
        }
    }
}

/// An answer as the person chose it; a 0–10 rating as `6/10`.
fn shown(item: &Item, value: &Value) -> String {
    match value {
        Value::Int(n) if item.unit.is_none() && item.min == Some(0.0) && item.max == Some(10.0) => {
            format!("{n}/10")
        }
        _ => item.answer_words(value),
    }
}

/// Markdown table cells cannot hold pipes or line breaks.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}
