//! The `dgs-result/1` JSON document: versioned, and byte-for-byte the same for the same answers.

use crate::document::pretty_json;
use std::borrow::Cow;

use serde::Serialize;

use crate::questionnaire::Questionnaire;
use crate::questionnaire::triage::Level;
use crate::scoring::assessment::{
    AnswerList, Assessment, Classified, Ranked, RedFlag, ScoreResult, ShownSuggestion, Unscored,
};

pub const SCHEMA: &str = "dgs-result/1";

#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    /// Carried through from a `dgs score` input record.
    #[serde(skip_serializing_if = "Option::is_none")]
    respondent: Option<&'a serde_json::Value>,
    questionnaire: QuestionnaireRef<'a>,
    disclaimer: &'a str,
    triage: Triage<'a>,
    red_flags: &'a [RedFlag<'a>],
    /// Left out when empty, so results of questionnaires without threshold rules are as
    /// they were.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    thresholds: &'a [RedFlag<'a>],
    patterns: &'a [Ranked<'a>],
    causes: &'a [Ranked<'a>],
    suggestions: &'a [ShownSuggestion<'a>],
    scores: &'a [ScoreResult<'a>],
    /// Left out when empty, as `thresholds` is.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    unscored: &'a [Unscored<'a>],
    /// Left out when the questionnaire has none, as `thresholds` is.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    classifications: &'a [Classified<'a>],
    unanswered: &'a [&'a str],
    answers: &'a AnswerList<'a>,
}

#[derive(Serialize)]
struct QuestionnaireRef<'a> {
    id: &'a str,
    version: &'a str,
}

#[derive(Serialize)]
struct Triage<'a> {
    level: Level,
    title: &'a str,
    action: &'a str,
    screening_complete: bool,
    stopped_early: bool,
    reasons: &'a [Cow<'a, str>],
    unanswered_red_flags: &'a [&'a str],
}

/// Appends the document as compact JSON through serde: the reference that
/// `report::compact::CompactWriter`, which `dgs score` uses, is tested against byte for byte.
#[cfg(test)]
pub fn write_compact(
    buf: &mut Vec<u8>,
    q: &Questionnaire,
    a: &Assessment,
    respondent: Option<&serde_json::Value>,
) {
    let mut doc = document(q, a);
    doc.respondent = respondent;
    // Plain data into a Vec: serialising cannot fail.
    let _ = serde_json::to_writer(buf, &doc);
}

/// The document as a JSON value: what `dgs assess --save` stores.
pub fn to_value(q: &Questionnaire, a: &Assessment) -> serde_json::Value {
    serde_json::to_value(document(q, a)).expect("the result document always serialises")
}

/// The document, pretty-printed, ending in a newline.
pub fn render(q: &Questionnaire, a: &Assessment) -> String {
    pretty_json(&document(q, a))
}

fn document<'a>(q: &'a Questionnaire, a: &'a Assessment<'a>) -> Document<'a> {
    Document {
        schema: SCHEMA,
        respondent: None,
        questionnaire: QuestionnaireRef {
            id: &q.id,
            version: &q.version,
        },
        disclaimer: &q.disclaimer,
        triage: Triage {
            level: a.level,
            title: a.title,
            action: a.action,
            screening_complete: a.screening_complete,
            stopped_early: a.stopped,
            reasons: &a.reasons,
            unanswered_red_flags: &a.unanswered_red_flags,
        },
        red_flags: &a.red_flags,
        thresholds: &a.thresholds,
        patterns: &a.patterns,
        causes: &a.causes,
        suggestions: &a.suggestions,
        scores: &a.scores,
        unscored: &a.unscored,
        classifications: &a.classifications,
        unanswered: &a.unanswered,
        answers: &a.answers,
    }
}
