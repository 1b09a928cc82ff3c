//! The `dgs-result/1` document as compact JSON, written fast for `dgs score` straight from a
//! [`Scored`] record, without building an [`Assessment`](crate::scoring::assessment::Assessment).
//!
//! Most of a result is text that never changes: labels, evidence, suggestions, the
//! disclaimer. Escaping it again for every record was most of the cost of batch scoring, so
//! each constant fragment is escaped once (`fragments.rs`) and copied after that. Ids and
//! option codes are validated to be `[a-z0-9_]`, so they are written without escaping. The
//! output is the same, byte for byte, as serialising [`super::json`]'s document of the
//! assessment the same answers give (tested below, on thousands of answer sets).

mod answer_fragments;
mod answers;
mod direct;
mod entry_heads;
mod fragments;
mod memo;
mod named;
mod optional;
mod reads;
mod suggestions;

use serde::Serialize;

use super::json;
use super::pieces;
use super::respondent::Respondent;
use crate::questionnaire::Questionnaire;
use crate::scoring::assessment::Likelihood;
use crate::scoring::{Program, Rank, Scored, Sheet, open_message};
pub use answers::Explained;
use fragments::{Fragments, TargetFragments};

pub struct CompactWriter {
    f: Fragments,
}

/// Appends `s` as a JSON string, escaped.
fn json_str(buf: &mut Vec<u8>, s: &str) {
    // Writing a string into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *buf, s);
}

/// Constant text and escaped strings joined once, to be copied into every record.
fn fragment(parts: &[(&str, Option<&str>)]) -> Vec<u8> {
    let mut buf = Vec::new();
    for (raw, text) in parts {
        buf.extend_from_slice(raw.as_bytes());
        if let Some(text) = text {
            json_str(&mut buf, text);
        }
    }
    buf
}

/// Appends any serialisable value the way `serde_json` writes it.
fn json_value<T: Serialize + ?Sized>(buf: &mut Vec<u8>, v: &T) {
    let _ = serde_json::to_writer(&mut *buf, v);
}

fn list<T>(
    buf: &mut Vec<u8>,
    items: impl IntoIterator<Item = T>,
    mut each: impl FnMut(&mut Vec<u8>, T),
) {
    for (n, item) in items.into_iter().enumerate() {
        if n > 0 {
            buf.push(b',');
        }
        each(buf, item);
    }
}

/// `,"message"` of each fired rule that raised triage, in rule order: the red flags and
/// thresholds put back in rule order (triage sorted them by level), where finding them
/// among the fired rules looked at some thirty rules for a few.
fn raised(buf: &mut Vec<u8>, s: &Scored, f: &Fragments) {
    let (flags, thresholds) = (&s.red_flags[..], &s.thresholds[..]);
    let mut rules = [0; 16];
    let Some(raised) = rules.get_mut(..flags.len() + thresholds.len()) else {
        (s.fired.iter())
            .filter(|&&r| f.raises[r as usize])
            .for_each(|&r| buf.extend_from_slice(&f.message[r as usize]));
        return;
    };
    let (a, b) = raised.split_at_mut(flags.len());
    a.copy_from_slice(flags);
    b.copy_from_slice(thresholds);
    raised.sort_unstable();
    for &r in &*raised {
        buf.extend_from_slice(&f.message[r as usize]);
    }
}

/// Opens a list whose entries from `start` on were each written with the comma before it,
/// as [`pieces::enclose`] does, and leaves it open: what follows closes it.
fn open(buf: &mut Vec<u8>, start: usize) {
    match buf.get_mut(start) {
        Some(first) => *first = b'[',
        None => buf.push(b'['),
    }
}

/// The pieces of one record that a writer reads.
pub struct Record<'r, 'q> {
    pub p: &'r Program<'q>,
    pub s: &'r Scored,
    pub sheet: &'r Sheet,
    pub respondent: Option<Respondent<'r>>,
}

impl CompactWriter {
    pub fn new(q: &Questionnaire) -> CompactWriter {
        CompactWriter {
            f: Fragments::new(q),
        }
    }

    /// Appends the document (no newline). `explained` is scratch space kept between records.
    pub fn write(&self, buf: &mut Vec<u8>, r: &Record, explained: &mut Explained) {
        let (q, s, f) = (r.p.q, r.s, &self.f);
        explained.explain(r.p, s, r.sheet, f);
        buf.extend_from_slice(br#"{"schema":""#);
        buf.extend_from_slice(json::SCHEMA.as_bytes());
        buf.push(b'"');
        if let Some(respondent) = r.respondent {
            buf.extend_from_slice(br#","respondent":"#);
            respondent.write_json(buf);
        }
        buf.extend_from_slice(&f.head);
        let triage = (s.advice_rule)
            .and_then(|r| f.advice[r].as_ref())
            .unwrap_or(&f.triage[s.level.rank()]);
        buf.extend_from_slice(triage.get(s.screening_complete(), s.stopped));
        let start = buf.len();
        raised(buf, s, f);
        if let Some(n) = s.open_red_flags.len().checked_sub(1) {
            buf.push(b',');
            match f.open.get(n) {
                Some(open) => buf.extend_from_slice(open),
                None => json_str(buf, &open_message(n + 1).unwrap_or_default()),
            }
        }
        pieces::enclose(buf, start, *b"[]");
        buf.extend_from_slice(br#","unanswered_red_flags":"#);
        let start = buf.len();
        for &slot in &s.open_red_flags {
            buf.extend_from_slice(&f.item[slot as usize]);
        }
        pieces::enclose(buf, start, *b"[]");
        buf.extend_from_slice(br#"},"red_flags":["#);
        list(buf, &s.red_flags, |buf, &rule| {
            buf.extend_from_slice(&f.red_flag[rule as usize]);
            buf.extend_from_slice(explained.of_rule(s, rule));
            buf.push(b'}');
        });
        optional::thresholds(buf, s, &f.red_flag, explained);
        buf.extend_from_slice(br#"],"patterns":["#);
        self.ranked(buf, q, s, false, explained);
        buf.extend_from_slice(br#"],"causes":["#);
        self.ranked(buf, q, s, true, explained);
        buf.extend_from_slice(br#"],"suggestions":"#);
        let start = buf.len();
        for &n in &s.suggestions {
            f.suggestions.write(buf, q, n as usize, &s.levels);
        }
        pieces::enclose(buf, start, *b"[]");
        buf.extend_from_slice(br#","scores":"#);
        let start = buf.len();
        for (n, &value) in s.scores.values.iter().enumerate() {
            let Some(value) = value else { continue };
            if !f.score_texts.append(buf, n, value) {
                buf.push(b',');
                buf.extend_from_slice(&f.score[n]);
                fragments::score_tail(buf, q, n, value);
            }
        }
        open(buf, start);
        optional::unscored(buf, q, s, f.minimum);
        optional::classifications(buf, r, explained, &f.answers);
        buf.extend_from_slice(br#"],"unanswered":"#);
        let start = buf.len();
        if explained.unanswered() > 0 {
            for slot in s.unanswered() {
                buf.extend_from_slice(&f.item[slot]);
            }
        }
        pieces::enclose(buf, start, *b"[]");
        buf.extend_from_slice(br#","answers":"#);
        explained.all(buf);
        buf.push(b'}');
    }

    /// Ranked patterns (or causes), each with the fired rules that fed it, in rule order.
    fn ranked(
        &self,
        buf: &mut Vec<u8>,
        q: &Questionnaire,
        s: &Scored,
        causes: bool,
        explained: &mut Explained,
    ) {
        let (fragments, feeding, ranks): (&[TargetFragments], _, &[Rank]) = if causes {
            (&self.f.cause, &q.index.cause_rules, &s.causes)
        } else {
            (&self.f.pattern, &q.index.pattern_rules, &s.patterns)
        };
        // Where the targets' entry starts are kept: patterns, then causes.
        let first_target = if causes { q.patterns.len() } else { 0 };
        list(buf, ranks, |buf, r| {
            let f = &fragments[r.index as usize];
            let fed = &feeding[r.index as usize];
            // The first rule that fed the target, if one did.
            let first = fed.iter().position(|&(rule, _)| s.fires[rule]);
            if first.is_none() {
                if !s.assessed() {
                    buf.extend_from_slice(&f.not_assessed);
                    return;
                }
                if r.score == 0 && r.level == Likelihood::Unlikely {
                    buf.extend_from_slice(&f.unlikely);
                    return;
                }
            }
            if s.assessed() {
                let target = first_target + r.index as usize;
                buf.extend_from_slice(explained.heads.get(target, f, r));
            } else {
                buf.extend_from_slice(&f.unassessed);
            }
            if let Some(first) = first {
                for (n, &(rule, _)) in fed.iter().enumerate().skip(first) {
                    if !s.fires[rule] {
                        continue;
                    }
                    if n > first {
                        buf.push(b',');
                    }
                    explained.entry(buf, &self.f.sole, &f.because, n, rule);
                }
            }
            buf.extend_from_slice(b"]}");
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::Answers;
    use crate::report::json;
    use crate::scoring::score;
    use crate::testing::{BENIGN, answers, generated_answer_sets, scored, small_questionnaire};

    /// `dgs score`'s line for `given`, written from the compiled scorer's result.
    /// `explained` is kept from one call to the next, as `dgs score` keeps it, so that
    /// explanations remembered from earlier records are used.
    fn fast(
        q: &Questionnaire,
        given: &Answers,
        respondent: Option<&serde_json::Value>,
        explained: &mut Explained,
    ) -> String {
        let p = Program::for_many(q);
        let (sheet, s) = scored(&p, given);
        let record = Record {
            p: &p,
            s: &s,
            sheet: &sheet,
            respondent: respondent.map(Respondent::Json),
        };
        let mut buf = Vec::new();
        CompactWriter::new(q).write(&mut buf, &record, explained);
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn same_bytes_as_the_serialised_document() {
        for shipped in crate::questionnaire::shipped::SHIPPED {
            let q = crate::questionnaire::parse(shipped.text, shipped.origin).unwrap();
            let mut sets = generated_answer_sets(&q, 1_500);
            sets.push(BENIGN.iter().map(ToString::to_string).collect());
            sets.push(vec!["saddle_numbness=yes".into()]);
            sets.push(Vec::new());
            // Each set twice in a row as well, so remembered explanations are used.
            let repeated: Vec<Vec<String>> = sets.iter().take(200).cloned().collect();
            sets.extend(repeated.into_iter().flat_map(|set| [set.clone(), set]));
            let mut explained = Explained::default();
            for (n, set) in sets.iter().enumerate() {
                let flags: Vec<&str> = (set.iter().map(String::as_str))
                    .filter(|flag| q.slot(flag.split('=').next().unwrap()).is_some())
                    .collect();
                let given = answers(&q, &flags);
                let a = score(&q, &given);
                let respondents = [
                    None,
                    Some(serde_json::json!("r\"1")),
                    Some(serde_json::json!(7)),
                ];
                let respondent = respondents[n % 3].as_ref();
                let mut slow = Vec::new();
                json::write_compact(&mut slow, &q, &a, respondent);
                assert_eq!(
                    fast(&q, &given, respondent, &mut explained),
                    String::from_utf8(slow).unwrap(),
                    "{set:?}"
                );
            }
        }
    }

    /// The messages of the red flags and thresholds put in rule order are those of the
    /// fired rules that raise triage.
    #[test]
    fn raised_are_the_fired_rules_that_raise() {
        for shipped in crate::questionnaire::shipped::SHIPPED {
            let q = crate::questionnaire::parse(shipped.text, shipped.origin).unwrap();
            let (p, f) = (Program::for_many(&q), Fragments::new(&q));
            for set in generated_answer_sets(&q, 600) {
                let flags: Vec<&str> = (set.iter().map(String::as_str))
                    .filter(|flag| q.slot(flag.split('=').next().unwrap()).is_some())
                    .collect();
                let (_, s) = scored(&p, &answers(&q, &flags));
                let mut fast = Vec::new();
                raised(&mut fast, &s, &f);
                let slow: Vec<u8> = (s.fired.iter())
                    .filter(|&&r| q.rules[r as usize].triage.is_some())
                    .flat_map(|&r| f.message[r as usize].clone())
                    .collect();
                assert_eq!(fast, slow, "{set:?}");
            }
        }
    }

    #[test]
    fn text_that_needs_escaping_is_escaped() {
        let body = "sections:\n  - id: s\n    title: S\n    items:\n      - {id: a, type: yes_no, text: A}\n\
            patterns:\n  - {id: p, label: \"quote \\\" and \\\\ and tab\\t\", text: t, evidence: \"line\\nbreak\", likely_at: 1}\n\
            rules:\n  - {id: r, when: {q: a, op: \"=\", value: \"yes\"}, patterns: {p: 1}, explain: \"ünïcødé \\\"x\\\"\"}\n";
        let q = crate::questionnaire::parse(&small_questionnaire("esc", body), "esc.yaml").unwrap();
        let given = answers(&q, &["a=yes"]);
        let a = score(&q, &given);
        let fast = fast(&q, &given, None, &mut Explained::default());
        let mut slow = Vec::new();
        json::write_compact(&mut slow, &q, &a, None);
        assert_eq!(fast, String::from_utf8(slow).unwrap());
        let doc: serde_json::Value = serde_json::from_str(&fast).unwrap();
        assert_eq!(doc["patterns"][0]["label"], "quote \" and \\ and tab\t");
    }
}
