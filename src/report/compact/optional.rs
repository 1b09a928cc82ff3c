//! The parts of the result only some questionnaires have — rules marked `threshold`, scores
//! with a minimum answered, classifications — each written only when there is one, exactly as
//! `report::json` leaves its key out when empty.

use super::answer_fragments::AnswerFragments;
use super::answers::Explained;
use super::{Record, json_str, json_value, list};
use crate::questionnaire::Questionnaire;
use crate::scoring::{Scored, is_unscored};

/// `],"thresholds":[…` after the red flags, from the same per-rule fragments.
pub(super) fn thresholds(
    buf: &mut Vec<u8>,
    s: &Scored,
    fragments: &[Vec<u8>],
    explained: &Explained,
) {
    if s.thresholds.is_empty() {
        return;
    }
    buf.extend_from_slice(br#"],"thresholds":["#);
    list(buf, &s.thresholds, |buf, &rule| {
        buf.extend_from_slice(&fragments[rule as usize]);
        buf.extend_from_slice(explained.of_rule(s, rule));
        buf.push(b'}');
    });
}

/// `],"unscored":[{"id":…,"label":…,"answered":…,"needed":…},…`
pub(super) fn unscored(buf: &mut Vec<u8>, q: &Questionnaire, s: &Scored, minimum: bool) {
    // Without a score that has a minimum answered, none is unscored: not asked score by
    // score.
    if !minimum {
        return;
    }
    let mut unscored = (0..q.scores.len())
        .filter(|&n| is_unscored(q, &s.scores, n))
        .peekable();
    if unscored.peek().is_none() {
        return;
    }
    buf.extend_from_slice(br#"],"unscored":["#);
    list(buf, unscored, |buf, n| {
        let score = &q.scores[n];
        buf.extend_from_slice(br#"{"id":"#);
        json_str(buf, &score.id);
        buf.extend_from_slice(br#","label":"#);
        json_str(buf, &score.label);
        buf.extend_from_slice(br#","answered":"#);
        json_value(buf, &s.scores.answered[n]);
        buf.extend_from_slice(br#","needed":"#);
        json_value(buf, &score.min_answered.unwrap_or_default());
        buf.push(b'}');
    });
}

/// `],"classifications":[{"id":…,"label":…,"class":…,"class_label":…,"because":{…}},…`
pub(super) fn classifications(
    buf: &mut Vec<u8>,
    r: &Record,
    explained: &Explained,
    f: &AnswerFragments,
) {
    let (p, s) = (r.p, r.s);
    if p.q.classifications.is_empty() {
        return;
    }
    buf.extend_from_slice(br#"],"classifications":["#);
    let each = p.q.classifications.iter().zip(&s.classes).zip(&p.classes);
    list(buf, each, |buf, ((c, class), roots)| {
        let found = class.map(|k| (&c.classes[k as usize], roots[k as usize]));
        buf.extend_from_slice(br#"{"id":"#);
        json_str(buf, &c.id);
        buf.extend_from_slice(br#","label":"#);
        json_str(buf, &c.label);
        buf.extend_from_slice(br#","class":"#);
        json_value(buf, &found.map(|(k, _)| k.id.as_str()));
        buf.extend_from_slice(br#","class_label":"#);
        json_value(buf, &found.map(|(k, _)| k.label.as_str()));
        buf.extend_from_slice(br#","because":"#);
        match found {
            Some((_, root)) => explained.because(buf, p, s, r.sheet, root, f),
            None => buf.extend_from_slice(b"{}"),
        }
        buf.push(b'}');
    });
}
