//! `dgs-lean/1`: one result as ids and numbers only, a JSON line of a few hundred bytes where
//! `dgs-result/1` is about 13 KB. Labels, evidence and advice are the same for every record;
//! they live in `dgs questions --format json` and the questionnaire, not in every line.
//!
//! ```text
//! {"schema":"dgs-lean/1","respondent":"r1","triage":"see_clinician",
//!  "screening_complete":true,"stopped_early":false,"red_flags":["…"],
//!  "unanswered_red_flags":[],"patterns":[["hip_joint",67,"possible"],…],
//!  "causes":[["prolonged_sitting",100,"likely"],…],"suggestions":["…"],
//!  "scores":[["pain_now",6,"moderate"]],"unanswered":["…"]}
//! ```
//!
//! Patterns and causes are `[id, score, level]`, ranked as in the full result; one that was
//! not assessed (screening stopped at an emergency) is `[id, null, null]`. The reasons for
//! the triage level are its `red_flags`, `unanswered_red_flags` and, when one fired,
//! `thresholds` (after `red_flags`). A questionnaire with classifications adds
//! `"classifications":[["id","class"],…]` after `scores` (`null` for no class).

use super::respondent::Respondent;
use crate::questionnaire::{Questionnaire, Target};
use crate::scoring::{Program, Rank, Scored, band};

pub const SCHEMA: &str = "dgs-lean/1";

pub struct LeanWriter {
    /// By pattern / cause: `["id",`
    pattern: Vec<Vec<u8>>,
    cause: Vec<Vec<u8>>,
    /// By score: `["id",`
    score: Vec<Vec<u8>>,
}

/// `["id",` for each target. Ids are validated `[a-z0-9_]`: nothing to escape.
fn heads<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<Vec<u8>> {
    ids.map(|id| format!(r#"["{id}","#).into_bytes()).collect()
}

fn target_ids(targets: &[Target]) -> impl Iterator<Item = &str> {
    targets.iter().map(|t| t.id.as_str())
}

impl LeanWriter {
    pub fn new(q: &Questionnaire) -> LeanWriter {
        LeanWriter {
            pattern: heads(target_ids(&q.patterns)),
            cause: heads(target_ids(&q.causes)),
            score: heads(q.scores.iter().map(|s| s.id.as_str())),
        }
    }

    /// Appends the line (no newline), with the respondent of a `dgs score` record.
    pub fn write(
        &self,
        buf: &mut Vec<u8>,
        p: &Program,
        s: &Scored,
        respondent: Option<Respondent>,
    ) {
        let q = p.q;
        let rule_id = |&r: &u32| q.rules[r as usize].id.as_str();
        let item_id = |slot: usize| q.item_at(slot).id.as_str();
        buf.extend_from_slice(br#"{"schema":""#);
        buf.extend_from_slice(SCHEMA.as_bytes());
        buf.push(b'"');
        if let Some(respondent) = respondent {
            buf.extend_from_slice(br#","respondent":"#);
            respondent.write_json(buf);
        }
        buf.extend_from_slice(br#","triage":""#);
        buf.extend_from_slice(s.level.name().as_bytes());
        buf.extend_from_slice(br#"","screening_complete":"#);
        boolean(buf, s.screening_complete());
        buf.extend_from_slice(br#","stopped_early":"#);
        boolean(buf, s.stopped);
        buf.extend_from_slice(br#","red_flags":["#);
        ids(buf, s.red_flags.iter().map(rule_id));
        if !s.thresholds.is_empty() {
            buf.extend_from_slice(br#"],"thresholds":["#);
            ids(buf, s.thresholds.iter().map(rule_id));
        }
        buf.extend_from_slice(br#"],"unanswered_red_flags":["#);
        ids(
            buf,
            s.open_red_flags.iter().map(|&slot| item_id(slot as usize)),
        );
        buf.extend_from_slice(br#"],"patterns":["#);
        ranked(buf, &s.patterns, &self.pattern, s.assessed());
        buf.extend_from_slice(br#"],"causes":["#);
        ranked(buf, &s.causes, &self.cause, s.assessed());
        buf.extend_from_slice(br#"],"suggestions":["#);
        ids(
            buf,
            (s.suggestions.iter()).map(|&n| q.suggestions[n as usize].id.as_str()),
        );
        buf.extend_from_slice(br#"],"scores":["#);
        let mut first = true;
        for (n, value) in s.scores.values.iter().enumerate() {
            let Some(value) = *value else { continue };
            if !first {
                buf.push(b',');
            }
            first = false;
            buf.extend_from_slice(&self.score[n]);
            let _ = serde_json::to_writer(&mut *buf, &value);
            buf.push(b',');
            match band(&q.scores[n], value) {
                Some(band) => quoted(buf, band),
                None => buf.extend_from_slice(b"null"),
            }
            buf.push(b']');
        }
        if !q.classifications.is_empty() {
            buf.extend_from_slice(br#"],"classifications":["#);
            for (n, (c, class)) in q.classifications.iter().zip(&s.classes).enumerate() {
                if n > 0 {
                    buf.push(b',');
                }
                // Classification and class ids are validated `[a-z0-9_]`.
                buf.push(b'[');
                quoted(buf, &c.id);
                buf.push(b',');
                match class {
                    Some(k) => quoted(buf, &c.classes[*k as usize].id),
                    None => buf.extend_from_slice(b"null"),
                }
                buf.push(b']');
            }
        }
        buf.extend_from_slice(br#"],"unanswered":["#);
        ids(buf, s.unanswered().map(item_id));
        buf.extend_from_slice(b"]}");
    }
}

fn boolean(buf: &mut Vec<u8>, b: bool) {
    buf.extend_from_slice(if b { b"true" } else { b"false" });
}

/// `"id"`: ids, levels and band names are validated `[a-z0-9_]`, nothing to escape.
fn quoted(buf: &mut Vec<u8>, id: &str) {
    buf.push(b'"');
    buf.extend_from_slice(id.as_bytes());
    buf.push(b'"');
}

fn ids<'a>(buf: &mut Vec<u8>, ids: impl Iterator<Item = &'a str>) {
    for (n, id) in ids.enumerate() {
        if n > 0 {
            buf.push(b',');
        }
        quoted(buf, id);
    }
}

fn ranked(buf: &mut Vec<u8>, items: &[Rank], heads: &[Vec<u8>], assessed: bool) {
    for (n, r) in items.iter().enumerate() {
        if n > 0 {
            buf.push(b',');
        }
        buf.extend_from_slice(&heads[r.index as usize]);
        if assessed {
            small_number(buf, r.score);
            buf.push(b',');
            quoted(buf, r.level.name());
        } else {
            buf.extend_from_slice(b"null,null");
        }
        buf.push(b']');
    }
}

/// A 0–255 number in decimal, without going through a formatter.
pub(crate) fn small_number(buf: &mut Vec<u8>, n: u8) {
    if n >= 100 {
        buf.push(b'0' + n / 100);
    }
    if n >= 10 {
        buf.push(b'0' + n / 10 % 10);
    }
    buf.push(b'0' + n % 10);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::score;
    use crate::testing::{answers, embedded, scored};

    #[test]
    fn numbers_are_written_as_decimal() {
        for n in [0u8, 7, 10, 42, 99, 100, 205, 255] {
            let mut buf = Vec::new();
            small_number(&mut buf, n);
            assert_eq!(String::from_utf8(buf).unwrap(), n.to_string());
        }
    }

    #[test]
    fn a_lean_line_says_what_the_assessment_says_in_ids_and_numbers() {
        let q = embedded();
        let given = answers(&q, &["saddle_numbness=yes", "age=40", "pain_intensity=6"]);
        let a = score(&q, &given);
        let p = Program::new(&q);
        let (_, s) = scored(&p, &given);
        let mut buf = Vec::new();
        let ann = serde_json::json!("ann");
        LeanWriter::new(&q).write(&mut buf, &p, &s, Some(Respondent::Json(&ann)));
        let line: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(line["schema"], SCHEMA);
        assert_eq!(line["respondent"], "ann");
        assert_eq!(line["triage"], a.level.name());
        assert_eq!(line["screening_complete"], a.screening_complete);
        let flags: Vec<&str> = a.red_flags.iter().map(|f| f.id).collect();
        assert_eq!(line["red_flags"], serde_json::json!(flags));
        let patterns: Vec<serde_json::Value> = a
            .patterns
            .iter()
            .map(|r| {
                if r.assessed {
                    serde_json::json!([r.id, r.score, r.level.name()])
                } else {
                    serde_json::json!([r.id, null, null])
                }
            })
            .collect();
        assert_eq!(line["patterns"], serde_json::Value::Array(patterns));
        // Stopped at an emergency: not assessed, never `0 unlikely`.
        assert!(a.stopped);
        assert!(line["patterns"][0][1].is_null(), "{line}");
        assert_eq!(line["unanswered"], serde_json::json!(a.unanswered));
        // Most of a stopped-early line is the ids of the ~60 questions left unanswered.
        assert!(buf.len() < 4096, "{} bytes", buf.len());
    }
}
