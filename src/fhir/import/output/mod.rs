//! The draft written as `dgs-questionnaire/1` YAML: ids given out by the rule in `ids.rs`, the
//! texts the format requires and FHIR lacks filled with honest generic ones, and a header
//! comment saying where it came from, which linkIds were renamed and what was not carried.

mod shape;

use std::collections::{BTreeMap, HashMap};

use super::Draft;
use super::conditions::{Cond, Operand};
use super::ids::{Kind, Names, keepable, keepable_coding};
use super::scores::ScoreDraft;
use crate::document;
use crate::questionnaire::Coding;
use crate::words::{clip, escaped_if, unsafe_char};
use shape::{CondOut, Doc, Item, LevelText, Num, Opt, Score, Section, ValueOut};

/// What a converted questionnaire says about itself: nothing clinical, nothing invented.
pub const DISCLAIMER: &str = "This is not a diagnosis. This questionnaire was converted from \
a FHIR Questionnaire by `dgs import`: it records answers and computes the scores the original \
defines, and gives no medical advice. If you are worried about your health, talk to a doctor \
or nurse.";
pub const RESULT_TITLE: &str = "Answers recorded";
pub const RESULT_ACTION: &str = "This questionnaire has no rules that judge the answers, so \
this result says nothing about what to do. If you are worried about your health, talk to a \
doctor or nurse.";

/// Gives out the ids and writes the YAML (without its header).
pub fn write(draft: &mut Draft, scores: &mut [ScoreDraft], conds: &[Option<Cond>]) -> String {
    assign_ids(draft, scores);
    let ids: Vec<&str> = draft.questions.iter().map(|q| q.id.as_str()).collect();
    let sections = draft
        .sections
        .iter()
        .map(|s| Section {
            id: &s.id,
            // The group's own linkId, where the id could not be it: a round trip keeps it.
            link_id: s
                .link_id
                .filter(|link| !s.continued && *link != s.id && keepable(link)),
            title: &s.title,
            items: s
                .questions
                .iter()
                .map(|&i| item(draft, i, conds[i].as_ref(), &ids))
                .collect(),
        })
        .collect();
    let doc = Doc {
        format: "dgs-questionnaire/1",
        id: &draft.id,
        version: &draft.version,
        title: &draft.title,
        disclaimer: DISCLAIMER,
        intro: draft.intro.as_deref(),
        triage: BTreeMap::from([(
            "self_care",
            LevelText {
                title: RESULT_TITLE,
                action: RESULT_ACTION,
            },
        )]),
        sections,
        scores: scores
            .iter()
            .map(|s| Score {
                id: &s.id,
                label: &s.label,
                items: s.items.iter().map(|&i| ids[i]).collect(),
                min_answered: s.min_answered,
            })
            .collect(),
    };
    document::to_yaml(&doc)
}

/// The line before the notes: what was imported, and how many notes follow.
pub fn summary(draft: &Draft, scores: usize, notes: usize) -> String {
    format!(
        "imported {} in {} and {}; {}",
        count(draft.questions.len(), "question"),
        count(draft.sections.len(), "section"),
        count(scores, "score"),
        match notes {
            0 => "nothing to note".to_string(),
            n => format!(
                "{} on what was not carried over or was changed:",
                count(n, "note")
            ),
        }
    )
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn item<'a>(draft: &'a Draft, i: usize, cond: Option<&Cond>, ids: &[&str]) -> Item<'a> {
    let q = &draft.questions[i];
    let numeric = q.kind.is_numeric();
    Item {
        id: &q.id,
        link_id: (q.link_id != q.id && keepable(q.link_id)).then_some(q.link_id),
        kind: q.kind,
        text: &q.text,
        help: q.help.as_deref(),
        required: q.required,
        enable_when: cond.map(|c| cond_out(c, ids)),
        options: q
            .options
            .iter()
            .map(|o| Opt {
                value: &o.value,
                label: &o.label,
                weight: o.weight.map(Num),
                exclusive: o.exclusive,
                // The published coding, where the option's code is not it as it stands.
                coding: ((o.system.is_some() || o.code != o.value)
                    && keepable_coding(o.system, o.code))
                .then(|| Coding {
                    system: o.system.map(String::from),
                    code: o.code.to_string(),
                }),
            })
            .collect(),
        min: numeric.then_some(Num(q.bounds.0)),
        max: numeric.then_some(Num(q.bounds.1)),
        unit: q.unit.as_deref(),
    }
}

fn cond_out(cond: &Cond, ids: &[&str]) -> CondOut {
    match cond {
        Cond::Leaf {
            question,
            op,
            value,
        } => CondOut::Leaf {
            q: ids[*question].to_string(),
            op,
            value: value.as_ref().map(|v| match v {
                Operand::Text(t) => ValueOut::Text(t.clone()),
                Operand::Number(n) => ValueOut::Number(Num(*n)),
                Operand::Bool(b) => ValueOut::Bool(*b),
            }),
        },
        Cond::All(cs) => CondOut::All {
            all: cs.iter().map(|c| cond_out(c, ids)).collect(),
        },
        Cond::Any(cs) => CondOut::Any {
            any: cs.iter().map(|c| cond_out(c, ids)).collect(),
        },
        Cond::Not(c) => CondOut::Not {
            not: Box::new(cond_out(c, ids)),
        },
    }
}

/// The rule of `ids.rs`: linkIds that fit are reserved first; then sections and their
/// questions in order, then scores, each get theirs. A renamed linkId is noted.
fn assign_ids(draft: &mut Draft, scores: &mut [ScoreDraft]) {
    let mut names = Names::default();
    let sections = draft
        .sections
        .iter()
        .filter(|s| !s.continued)
        .filter_map(|s| s.link_id);
    let questions = draft.questions.iter().map(|q| q.link_id);
    names.reserve_fitting(
        sections
            .chain(questions)
            .chain(scores.iter().map(|s| s.link_id)),
        Kind::Id,
    );
    let mut renamed = Vec::new();
    let mut first_of_group: HashMap<usize, String> = HashMap::new();
    for s in &mut draft.sections {
        s.id = match (s.continued, s.link_id) {
            (true, _) => names.fresh(&format!("{}_continued", first_of_group[&s.group])),
            (false, Some(link)) => names.assign(link, Kind::Id),
            (false, None) => names.fresh("questions"),
        };
        first_of_group
            .entry(s.group)
            .or_insert_with(|| s.id.clone());
        if let (false, Some(link)) = (s.continued, s.link_id) {
            renamed.push((s.path.clone(), link, s.id.clone(), "section"));
        }
        for &q in &s.questions {
            let q = &mut draft.questions[q];
            q.id = names.assign(q.link_id, Kind::Id);
            renamed.push((q.path.clone(), q.link_id, q.id.clone(), "item"));
        }
    }
    for s in scores.iter_mut() {
        s.id = names.assign(s.link_id, Kind::Id);
        renamed.push((s.path.clone(), s.link_id, s.id.clone(), "score"));
    }
    for (path, link, id, what) in renamed {
        if link != id {
            let kept = if what == "score" {
                ""
            } else if keepable(link) {
                ", and `link_id` keeps the linkId for FHIR"
            } else {
                "; the linkId itself is not kept (control characters or too long)"
            };
            draft.notes.push(
                path,
                format!(
                    "the linkId `{}` is not a dgs id: the {what} is `{id}`{kept}",
                    clip(link, 61)
                ),
            );
        }
    }
}

/// The comment at the top: where it came from, and the notes `dgs import` printed, so the
/// file keeps what was renamed and what was lost.
pub fn header(source: &[String], notes: &[String]) -> String {
    let mut out = String::new();
    let from = if source.is_empty() {
        String::new()
    } else {
        format!(" ({})", source.join(", "))
    };
    for line in [
        format!("Converted by `dgs import` from a FHIR Questionnaire{from}."),
        "The rules of the conversion are in docs/fhir-import.md.".to_string(),
    ]
    .iter()
    .chain(notes)
    {
        out.push_str("# ");
        out.push_str(&comment_safe(line));
        out.push('\n');
    }
    out
}

/// A comment line cannot hold a line break, and YAML refuses control characters and a byte
/// order mark anywhere: all are written as escapes.
fn comment_safe(text: &str) -> std::borrow::Cow<'_, str> {
    escaped_if(text, |c| {
        unsafe_char(c) || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}')
    })
}
