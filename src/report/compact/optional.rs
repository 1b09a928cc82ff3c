//! The parts of the result only some questionnaires have — rules marked `threshold`, scores
//! with a minimum answered, classifications — each written only when there is one, exactly as
//! `report::json` leaves its key out when empty.

use super::{answers, json_str, json_value, list};
use crate::scoring::assessment::Assessment;

/// `],"thresholds":[…` after the red flags, from the same per-rule fragments.
pub(super) fn thresholds(buf: &mut Vec<u8>, a: &Assessment, fragments: &[Vec<u8>]) {
    if a.thresholds.is_empty() {
        return;
    }
    buf.extend_from_slice(br#"],"thresholds":["#);
    list(buf, &a.thresholds, |buf, f| {
        buf.extend_from_slice(&fragments[f.rule_index]);
        answers(buf, &f.because);
        buf.push(b'}');
    });
}

/// `],"unscored":[{"id":…,"label":…,"answered":…,"needed":…},…`
pub(super) fn unscored(buf: &mut Vec<u8>, a: &Assessment) {
    if a.unscored.is_empty() {
        return;
    }
    buf.extend_from_slice(br#"],"unscored":["#);
    list(buf, &a.unscored, |buf, u| {
        buf.extend_from_slice(br#"{"id":"#);
        json_str(buf, u.id);
        buf.extend_from_slice(br#","label":"#);
        json_str(buf, u.label);
        buf.extend_from_slice(br#","answered":"#);
        json_value(buf, &u.answered);
        buf.extend_from_slice(br#","needed":"#);
        json_value(buf, &u.needed);
        buf.push(b'}');
    });
}

/// `],"classifications":[{"id":…,"label":…,"class":…,"class_label":…,"because":{…}},…`
pub(super) fn classifications(buf: &mut Vec<u8>, a: &Assessment) {
    if a.classifications.is_empty() {
        return;
    }
    buf.extend_from_slice(br#"],"classifications":["#);
    list(buf, &a.classifications, |buf, c| {
        buf.extend_from_slice(br#"{"id":"#);
        json_str(buf, c.id);
        buf.extend_from_slice(br#","label":"#);
        json_str(buf, c.label);
        buf.extend_from_slice(br#","class":"#);
        json_value(buf, &c.class);
        buf.extend_from_slice(br#","class_label":"#);
        json_value(buf, &c.class_label);
        buf.extend_from_slice(br#","because":"#);
        answers(buf, &c.because);
        buf.push(b'}');
    });
}
