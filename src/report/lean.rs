//! `dgs-lean/2`: one result as ids and numbers only, a JSON line of a few hundred bytes where
//! `dgs-result/1` is about 13 KB (18 KB when every question is answered). Labels, evidence and
//! advice are the same for every record; they live in `dgs questions --format json` and the
//! questionnaire, not in every line.
//!
//! ```text
//! {"schema":"dgs-lean/2","respondent":"r1","triage":"see_clinician",
//!  "screening_complete":true,"stopped_early":false,"red_flags":["…"],
//!  "unanswered_red_flags":[],"patterns":[["hip_joint",67,"possible"],…],
//!  "causes":[["prolonged_sitting",100,"likely"],…],"suggestions":["…"],
//!  "scores":[["pain_now",6,"moderate"]],"unanswered":0}
//! ```
//!
//! Patterns and causes are `[id, score, level]`, ranked as in the full result; those the
//! answers gave nothing (`[id, 0, "unlikely"]`, most of them in most results) are left out,
//! so every pattern or cause a line does not list scored 0 and is unlikely. When screening
//! stopped at an emergency nothing was assessed, and both are `null`. The reasons for the
//! triage level are its `red_flags`, `unanswered_red_flags` and, when one fired,
//! `thresholds` (after `red_flags`). Scores are `[id, value, band]`; a score that has no
//! value is left out, and one that a minimum-answered rule left without a value is also in
//! `"unscored":[[id, answered, needed],…]` (after `scores`, when there is one). A
//! questionnaire with classifications adds `"classifications":[["id","class"],…]` (`null`
//! for no class). `unanswered` counts the questions asked and not answered; their ids are in
//! the full result, and the safety questions among them in `unanswered_red_flags`.
//!
//! `dgs-lean/1` listed every pattern and cause (`[id, null, null]` when not assessed), had
//! no `unscored`, and gave `unanswered` as the list of ids: most of a line that stopped at
//! an emergency.

use super::id_pairs::IdPairs;
use super::numbers::{float, unsigned};
use super::pieces::{Pieces, append_window, enclose, windowed};
// `rank_piece` is also the full writer's (`compact::entry_heads`), from here.
pub(crate) use super::ranked_texts::rank_piece;
use super::ranked_texts::{RankedTexts, rank_texts};
use super::respondent::Respondent;
use super::score_texts::ScoreTexts;
use crate::questionnaire::triage::Level;
use crate::questionnaire::{Questionnaire, Target};
use crate::scoring::assessment::Likelihood;
use crate::scoring::{Program, Rank, Scored, band, is_unscored};

pub const SCHEMA: &str = "dgs-lean/2";

/// The start of every line: `{"schema":"dgs-lean/2"`.
const OPENING: &[u8] = br#"{"schema":"dgs-lean/2""#;

pub struct LeanWriter {
    /// Boxed: the batch writer is an enum of writers, kept small.
    t: Box<Tables>,
}

/// The text a lean line is made of, made once per run.
struct Tables {
    /// By pattern / cause, score and level: the entry, `,["id",67,"possible"]`. Each list's
    /// pieces come with the comma before them, and the first one's becomes the list's
    /// bracket (see [`enclose`]): one copy for an entry where a separator and a piece were
    /// two.
    pattern: RankedTexts,
    cause: RankedTexts,
    /// By score: `,["id",`.
    score: Pieces,
    /// By rule, item slot (the safety questions paired), suggestion: `,"id"`, and every two
    /// of them. Ids are validated `[a-z0-9_]`: nothing to escape.
    rule: IdPairs,
    item: IdPairs,
    suggestion: IdPairs,
    /// By [`triage_piece`]: `,"triage":"…","screening_complete":…,"stopped_early":…,
    /// "red_flags":`, what follows the respondent in every line, in one copy: longer than a
    /// piece's window (so copied by `memcpy`), in a window of its own.
    triage: Vec<([u8; TRIAGE], usize)>,
    /// By score, for whole values: `,["id",value,band]`.
    score_texts: ScoreTexts,
    /// Whether a score has a minimum answered: without one, no score is ever unscored and
    /// a line need not ask each score.
    minimum: bool,
}

/// Room for the longest triage piece (`see_clinician`, `false`, `false`: 91 bytes).
const TRIAGE: usize = 96;

/// Every level, in [`Level::rank`] order.
pub(crate) fn by_rank() -> [Level; 4] {
    let mut levels = Level::ALL;
    levels.sort_by_key(|l| l.rank());
    levels
}

/// `,["id",` for each of `ids`.
fn heads<'a>(ids: impl Iterator<Item = &'a str>) -> Pieces {
    Pieces::of(ids.map(|id| format!(r#",["{id}","#)))
}

/// `,"id"` for each of `ids`.
fn quoted_ids<'a>(ids: impl Iterator<Item = &'a str>) -> Pieces {
    Pieces::of(ids.map(|id| format!(r#","{id}""#)))
}

fn target_ids(targets: &[Target]) -> impl Iterator<Item = &str> {
    targets.iter().map(|t| t.id.as_str())
}

impl LeanWriter {
    pub fn new(q: &Questionnaire) -> LeanWriter {
        let score = heads(q.scores.iter().map(|s| s.id.as_str()));
        let rank = rank_texts();
        let t = Tables {
            pattern: RankedTexts::new(heads(target_ids(&q.patterns)), &rank),
            cause: RankedTexts::new(heads(target_ids(&q.causes)), &rank),
            score_texts: ScoreTexts::new(q.scores.len(), |buf, n, value| {
                score_entry(buf, &score, q, n, value);
            }),
            score,
            rule: IdPairs::new(quoted_ids(q.rules.iter().map(|r| r.id.as_str())), |_| true),
            item: IdPairs::new(quoted_ids(q.items().map(|i| i.id.as_str())), |slot| {
                q.item_at(slot).red_flag.is_some()
            }),
            suggestion: IdPairs::new(
                quoted_ids(q.suggestions.iter().map(|s| s.id.as_str())),
                |_| true,
            ),
            triage: triage_texts(|level, complete, stopped| {
                format!(
                    r#","triage":"{level}","screening_complete":{complete},"stopped_early":{stopped},"red_flags":"#
                )
            }),
            minimum: q.scores.iter().any(|s| s.min_answered.is_some()),
        };
        LeanWriter { t: Box::new(t) }
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
        buf.extend_from_slice(OPENING);
        if let Some(respondent) = respondent {
            buf.extend_from_slice(br#","respondent":"#);
            respondent.write_json(buf);
        }
        append_window(buf, &self.t.triage[triage_piece(s)]);
        // Id lists are left open, `["a","b"`: each closing bracket is written with the key
        // after it, one copy for both.
        self.t.rule.append_led(buf, b'[', &s.red_flags);
        if !s.thresholds.is_empty() {
            buf.extend_from_slice(br#"],"thresholds":"#);
            self.t.rule.append_led(buf, b'[', &s.thresholds);
        }
        buf.extend_from_slice(br#"],"unanswered_red_flags":"#);
        self.t.item.append_led(buf, b'[', &s.open_red_flags);
        buf.extend_from_slice(br#"],"patterns":"#);
        ranked(buf, &s.patterns, &self.t.pattern, s.assessed());
        buf.extend_from_slice(br#","causes":"#);
        ranked(buf, &s.causes, &self.t.cause, s.assessed());
        buf.extend_from_slice(br#","suggestions":"#);
        self.t.suggestion.append_led(buf, b'[', &s.suggestions);
        buf.extend_from_slice(br#"],"scores":"#);
        self.scores(buf, q, s);
        if self.t.minimum {
            unscored(buf, q, s);
        }
        if !q.classifications.is_empty() {
            buf.extend_from_slice(br#","classifications":["#);
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
            buf.push(b']');
        }
        buf.extend_from_slice(br#","unanswered":"#);
        decimal(buf, s.unanswered_count());
        buf.push(b'}');
    }

    /// `[["id",value,band],…]` for each score that has a value.
    fn scores(&self, buf: &mut Vec<u8>, q: &Questionnaire, s: &Scored) {
        let start = buf.len();
        for (n, value) in s.scores.values.iter().enumerate() {
            let Some(value) = *value else { continue };
            if !self.t.score_texts.append(buf, n, value) {
                score_entry(buf, &self.t.score, q, n, value);
            }
        }
        enclose(buf, start, *b"[]");
    }
}

/// The patterns (or causes) the answers gave something, ranked; `null` when not assessed.
fn ranked(buf: &mut Vec<u8>, items: &[Rank], texts: &RankedTexts, assessed: bool) {
    if !assessed {
        buf.extend_from_slice(b"null");
        return;
    }
    let start = buf.len();
    // Ranked by level, then score: those the answers gave nothing (unlikely, 0) are last.
    let given = items
        .iter()
        .take_while(|r| r.score > 0 || r.level > Likelihood::Unlikely);
    for r in given {
        texts.append(buf, r);
    }
    enclose(buf, start, *b"[]");
}

/// `,["id",value,band]` for score `n`, whose heads `,["id",` are `heads`.
fn score_entry(buf: &mut Vec<u8>, heads: &Pieces, q: &Questionnaire, n: usize, value: f64) {
    heads.append(buf, n);
    float(buf, value);
    buf.push(b',');
    match band(&q.scores[n], value) {
        Some(band) => quoted(buf, band),
        None => buf.extend_from_slice(b"null"),
    }
    buf.push(b']');
}

/// `,"unscored":[["id",answered,needed],…]` when a minimum-answered rule left a score
/// without a value, as the full result's `unscored`.
fn unscored(buf: &mut Vec<u8>, q: &Questionnaire, s: &Scored) {
    let mut unscored = (0..q.scores.len()).filter(|&n| is_unscored(q, &s.scores, n));
    let Some(first) = unscored.next() else {
        return;
    };
    buf.extend_from_slice(br#","unscored":["#);
    for n in std::iter::once(first).chain(unscored) {
        if n != first {
            buf.push(b',');
        }
        buf.push(b'[');
        quoted(buf, &q.scores[n].id);
        buf.push(b',');
        decimal(buf, s.scores.answered[n]);
        buf.push(b',');
        decimal(buf, q.scores[n].min_answered.unwrap_or_default());
        buf.push(b']');
    }
    buf.push(b']');
}

/// A text for every triage level, whether screening was complete and whether it stopped
/// early, each in a window of its own, by [`triage_piece`].
pub(crate) fn triage_texts<const W: usize>(
    each: impl Fn(&str, bool, bool) -> String,
) -> Vec<([u8; W], usize)> {
    let mut texts = Vec::new();
    for level in by_rank() {
        for complete in [false, true] {
            for stopped in [false, true] {
                texts.push(windowed(&each(level.name(), complete, stopped)));
            }
        }
    }
    texts
}

/// Where a line's triage level, whether screening was complete and whether it stopped early
/// are among the pieces made for every three of them, in that order.
pub(crate) fn triage_piece(s: &Scored) -> usize {
    s.level.rank() * 4 + usize::from(s.screening_complete()) * 2 + usize::from(s.stopped)
}

/// `"id"`: ids, levels and band names are validated `[a-z0-9_]`, nothing to escape.
fn quoted(buf: &mut Vec<u8>, id: &str) {
    buf.push(b'"');
    buf.extend_from_slice(id.as_bytes());
    buf.push(b'"');
}

/// A count in decimal.
fn decimal(buf: &mut Vec<u8>, n: usize) {
    unsigned(buf, n as u64);
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::questionnaire::shipped::SHIPPED;
    use crate::scoring::assessment::{Assessment, Ranked};
    use crate::scoring::score;
    use crate::testing::{answers, generated_answer_sets, scored};

    /// What a lean line says, from the assessment of the same answers.
    fn expected(q: &Questionnaire, a: &Assessment) -> Value {
        let targets = |ranked: &[Ranked]| -> Value {
            if a.stopped {
                return Value::Null;
            }
            let given = ranked
                .iter()
                .filter(|r| r.score > 0 || r.level > Likelihood::Unlikely);
            given
                .map(|r| json!([r.id, r.score, r.level.name()]))
                .collect()
        };
        let mut line = json!({
            "schema": SCHEMA,
            "triage": a.level.name(),
            "screening_complete": a.screening_complete,
            "stopped_early": a.stopped,
            "red_flags": a.red_flags.iter().map(|f| f.id).collect::<Vec<_>>(),
            "unanswered_red_flags": a.unanswered_red_flags,
            "patterns": targets(&a.patterns),
            "causes": targets(&a.causes),
            "suggestions": a.suggestions.iter().map(|s| s.id).collect::<Vec<_>>(),
            "scores": a.scores.iter().map(|s| json!([s.id, s.value, s.band])).collect::<Vec<_>>(),
            "unanswered": a.unanswered.len(),
        });
        if !a.thresholds.is_empty() {
            line["thresholds"] = a.thresholds.iter().map(|f| f.id).collect();
        }
        if !a.unscored.is_empty() {
            line["unscored"] = (a.unscored.iter())
                .map(|u| json!([u.id, u.answered, u.needed]))
                .collect();
        }
        if !q.classifications.is_empty() {
            line["classifications"] = (a.classifications.iter())
                .map(|c| json!([c.id, c.class]))
                .collect();
        }
        line
    }

    #[test]
    fn a_lean_line_says_what_the_assessment_says_in_ids_and_numbers() {
        for shipped in SHIPPED {
            let q = crate::questionnaire::parse(shipped.text, shipped.origin).unwrap();
            let p = Program::for_many(&q);
            let writer = LeanWriter::new(&q);
            for set in generated_answer_sets(&q, 1_000) {
                let flags: Vec<&str> = set.iter().map(String::as_str).collect();
                let given = answers(&q, &flags);
                let (_, s) = scored(&p, &given);
                let mut buf = Vec::new();
                writer.write(&mut buf, &p, &s, None);
                let line: Value = serde_json::from_slice(&buf).unwrap();
                assert_eq!(line, expected(&q, &score(&q, &given)), "{set:?}");
            }
        }
    }

    #[test]
    fn every_line_opens_with_the_schema() {
        assert_eq!(OPENING, format!(r#"{{"schema":"{SCHEMA}""#).as_bytes());
    }

    #[test]
    fn a_stopped_line_is_short_and_says_nothing_was_assessed() {
        let q = crate::testing::embedded();
        let given = answers(&q, &["saddle_numbness=yes", "age=40", "pain_intensity=6"]);
        let p = Program::for_many(&q);
        let (_, s) = scored(&p, &given);
        let mut buf = Vec::new();
        let ann = json!("ann");
        LeanWriter::new(&q).write(&mut buf, &p, &s, Some(Respondent::Json(&ann)));
        let line = String::from_utf8(buf).unwrap();
        assert!(
            line.starts_with(r#"{"schema":"dgs-lean/2","respondent":"ann","triage":"emergency","#),
            "{line}"
        );
        assert!(
            line.contains(r#""patterns":null,"causes":null,"suggestions":[]"#),
            "{line}"
        );
        // The 77 questions asked and not answered are a count; only the safety questions
        // among them are named.
        assert!(line.contains(r#""unanswered":77}"#), "{line}");
        assert!(line.len() < 1024, "{} bytes: {line}", line.len());
    }
}
