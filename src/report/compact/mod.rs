//! The `dgs-result/1` document as compact JSON, written fast for `dgs score`.
//!
//! Most of a result is text that never changes: labels, evidence, suggestions, the
//! disclaimer. Escaping it again for every record was most of the cost of batch scoring, so
//! each constant fragment is escaped once, here, and copied after that. Ids and option codes
//! are validated to be `[a-z0-9_]`, so they are written without escaping. The output is the
//! same, byte for byte, as serialising [`super::json`]'s document (tested below).

use serde::Serialize;

use super::json;
use crate::questionnaire::triage::Level;
use crate::questionnaire::{LevelText, Questionnaire, Rule, Score, Suggestion, Target, Value};
use crate::scoring::assessment::{AnswerList, Assessment, Fact, Likelihood, Ranked};

pub struct CompactWriter {
    /// `,"questionnaire":{…},"disclaimer":"…"`
    head: Vec<u8>,
    /// By [`Level::rank`]: `,"triage":{"level":…,"title":…,"action":…,"screening_complete":`
    triage: [Vec<u8>; 4],
    /// By rule: the same with the rule's `advice`, for rules that have one.
    advice: Vec<Option<Vec<u8>>>,
    /// By rule: `{"id":…,"level":…,"message":…,"because":`
    red_flag: Vec<Vec<u8>>,
    /// By rule: `{"rule":…,"points":` and `,"explain":…}` (or `}`), around the answers.
    because_head: Vec<Vec<u8>>,
    because_tail: Vec<Vec<u8>>,
    /// By pattern / cause: `{"id":…,"label":…,"score":` and `,"evidence":…,"because":[`
    pattern: Vec<TargetFragments>,
    cause: Vec<TargetFragments>,
    /// By suggestion: `{"id":…,"text":…,"for":[` and `],"evidence":…}`
    suggestion: Vec<(Vec<u8>, Vec<u8>)>,
    /// By score: `{"id":…,"label":…,"value":`
    score: Vec<Vec<u8>>,
}

/// Appends `s` as a JSON string, escaped.
fn json_str(buf: &mut Vec<u8>, s: &str) {
    // Writing a string into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *buf, s);
}

/// Appends any serialisable value the way `serde_json` writes it (numbers, the respondent).
fn json_value<T: Serialize + ?Sized>(buf: &mut Vec<u8>, v: &T) {
    let _ = serde_json::to_writer(&mut *buf, v);
}

/// Appends `"id"`: ids and codes are validated `[a-z0-9_]`, nothing to escape.
fn plain(buf: &mut Vec<u8>, id: &str) {
    buf.push(b'"');
    buf.extend_from_slice(id.as_bytes());
    buf.push(b'"');
}

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

struct TargetFragments {
    head: Vec<u8>,
    tail: Vec<u8>,
    /// The whole entry when no rule fed the target, as for most targets in most results.
    unlikely: Vec<u8>,
    /// The whole entry when screening stopped early and nothing was assessed.
    not_assessed: Vec<u8>,
}

fn target_fragments(targets: &[Target]) -> Vec<TargetFragments> {
    targets
        .iter()
        .map(|t| {
            let head = fragment(&[
                (r#"{"id":"#, Some(&t.id)),
                (r#","label":"#, Some(&t.label)),
                (r#","score":"#, None),
            ]);
            let tail = fragment(&[
                (r#","evidence":"#, Some(&t.evidence)),
                (r#","because":["#, None),
            ]);
            let level = format!(r#"0,"level":"{}""#, Likelihood::Unlikely.name());
            let unlikely = [&head[..], level.as_bytes(), &tail, b"]}"].concat();
            let not_assessed = [&head[..], br#"null,"level":null"#, &tail, b"]}"].concat();
            TargetFragments {
                head,
                tail,
                unlikely,
                not_assessed,
            }
        })
        .collect()
}

impl CompactWriter {
    pub fn new(q: &Questionnaire) -> CompactWriter {
        let head = fragment(&[
            (r#","questionnaire":{"id":"#, Some(&q.id)),
            (r#","version":"#, Some(&q.version)),
            (r#"},"disclaimer":"#, Some(&q.disclaimer)),
        ]);
        let mut triage: [Vec<u8>; 4] = Default::default();
        // Levels a questionnaire leaves out are never reached (validation sees to it).
        for (level, text) in &q.triage {
            triage[level.rank()] = triage_fragment(*level, text);
        }
        let advice = q
            .rules
            .iter()
            .map(|r| Some(triage_fragment(r.triage?, r.advice.as_ref()?)))
            .collect();
        let red_flag = q.rules.iter().map(red_flag_fragment).collect();
        let because_head = q
            .rules
            .iter()
            .map(|r| format!(r#"{{"rule":"{}","points":"#, r.id).into_bytes())
            .collect();
        let because_tail = q.rules.iter().map(because_tail_fragment).collect();
        let suggestion = q.suggestions.iter().map(suggestion_fragments).collect();
        let score = q.scores.iter().map(score_fragment).collect();
        CompactWriter {
            head,
            triage,
            advice,
            red_flag,
            because_head,
            because_tail,
            pattern: target_fragments(&q.patterns),
            cause: target_fragments(&q.causes),
            suggestion,
            score,
        }
    }

    /// Appends the document (no newline), with the respondent of a `dgs score` record.
    pub fn write(&self, buf: &mut Vec<u8>, a: &Assessment, respondent: Option<&serde_json::Value>) {
        buf.extend_from_slice(br#"{"schema":""#);
        buf.extend_from_slice(json::SCHEMA.as_bytes());
        buf.push(b'"');
        if let Some(respondent) = respondent {
            buf.extend_from_slice(br#","respondent":"#);
            json_value(buf, respondent);
        }
        buf.extend_from_slice(&self.head);
        let triage = a
            .advice_rule
            .and_then(|r| self.advice[r].as_ref())
            .unwrap_or(&self.triage[a.level.rank()]);
        buf.extend_from_slice(triage);
        buf.extend_from_slice(if a.screening_complete {
            b"true"
        } else {
            b"false"
        });
        buf.extend_from_slice(br#","stopped_early":"#);
        buf.extend_from_slice(if a.stopped { b"true" } else { b"false" });
        buf.extend_from_slice(br#","reasons":["#);
        list(buf, &a.reasons, |buf, r| json_str(buf, r));
        buf.extend_from_slice(br#"],"unanswered_red_flags":["#);
        list(buf, &a.unanswered_red_flags, |buf, id| plain(buf, id));
        buf.extend_from_slice(br#"]},"red_flags":["#);
        list(buf, &a.red_flags, |buf, f| {
            buf.extend_from_slice(&self.red_flag[f.rule_index]);
            answers(buf, &f.because);
            buf.push(b'}');
        });
        optional::thresholds(buf, a, &self.red_flag);
        buf.extend_from_slice(br#"],"patterns":["#);
        self.ranked(buf, &a.patterns, &self.pattern);
        buf.extend_from_slice(br#"],"causes":["#);
        self.ranked(buf, &a.causes, &self.cause);
        buf.extend_from_slice(br#"],"suggestions":["#);
        list(buf, &a.suggestions, |buf, s| {
            let (head, tail) = &self.suggestion[s.index];
            buf.extend_from_slice(head);
            list(buf, &s.targets, |buf, t| plain(buf, t));
            buf.extend_from_slice(tail);
        });
        buf.extend_from_slice(br#"],"scores":["#);
        list(buf, &a.scores, |buf, s| {
            buf.extend_from_slice(&self.score[s.index]);
            json_value(buf, &s.value);
            buf.extend_from_slice(br#","band":"#);
            json_value(buf, &s.band);
            buf.push(b'}');
        });
        optional::unscored(buf, a);
        optional::classifications(buf, a);
        buf.extend_from_slice(br#"],"unanswered":["#);
        list(buf, &a.unanswered, |buf, id| plain(buf, id));
        buf.extend_from_slice(br#"],"answers":"#);
        answers(buf, &a.answers);
        buf.push(b'}');
    }

    fn ranked(&self, buf: &mut Vec<u8>, items: &[Ranked], fragments: &[TargetFragments]) {
        list(buf, items, |buf, r| {
            let f = &fragments[r.index];
            if !r.assessed && r.because.is_empty() {
                buf.extend_from_slice(&f.not_assessed);
                return;
            }
            if r.because.is_empty() && r.score == 0 && r.level == Likelihood::Unlikely {
                buf.extend_from_slice(&f.unlikely);
                return;
            }
            buf.extend_from_slice(&f.head);
            if r.assessed {
                json_value(buf, &r.score);
                buf.extend_from_slice(br#","level":"#);
                plain(buf, r.level.name());
            } else {
                buf.extend_from_slice(br#"null,"level":null"#);
            }
            buf.extend_from_slice(&f.tail);
            list(buf, &r.because, |buf, b| {
                buf.extend_from_slice(&self.because_head[b.rule_index]);
                json_value(buf, &b.points);
                buf.extend_from_slice(br#","answers":"#);
                answers(buf, &b.answers);
                buf.extend_from_slice(&self.because_tail[b.rule_index]);
            });
            buf.extend_from_slice(b"]}");
        });
    }
}

/// `,"triage":{"level":…,"title":…,"action":…,"screening_complete":`
/// `{"id":…,"level":…,"message":…[,"evidence":…],"because":`
fn red_flag_fragment(r: &Rule) -> Vec<u8> {
    let level = r.triage.unwrap_or(Level::SelfCare).name();
    let mut head = fragment(&[(
        &format!(r#"{{"id":"{}","level":"{level}","message":"#, r.id),
        Some(r.message.as_deref().unwrap_or_default()),
    )]);
    if let Some(evidence) = &r.evidence {
        head.extend(fragment(&[(r#","evidence":"#, Some(evidence))]));
    }
    head.extend_from_slice(br#","because":"#);
    head
}

/// `,"explain":…}`, or `}`.
fn because_tail_fragment(r: &Rule) -> Vec<u8> {
    match &r.explain {
        Some(explain) => fragment(&[(r#","explain":"#, Some(explain)), ("}", None)]),
        None => b"}".to_vec(),
    }
}

/// `{"id":…,"text":…,"for":[` and `],"evidence":…}`
fn suggestion_fragments(s: &Suggestion) -> (Vec<u8>, Vec<u8>) {
    (
        fragment(&[
            (r#"{"id":"#, Some(&s.id)),
            (r#","text":"#, Some(&s.text)),
            (r#","for":["#, None),
        ]),
        fragment(&[(r#"],"evidence":"#, Some(&s.evidence)), ("}", None)]),
    )
}

/// `{"id":…,"label":…,"value":`
fn score_fragment(s: &Score) -> Vec<u8> {
    fragment(&[
        (r#"{"id":"#, Some(&s.id)),
        (r#","label":"#, Some(&s.label)),
        (r#","value":"#, None),
    ])
}

fn triage_fragment(level: Level, text: &LevelText) -> Vec<u8> {
    fragment(&[
        (
            &format!(r#","triage":{{"level":"{}","title":"#, level.name()),
            Some(&text.title),
        ),
        (r#","action":"#, Some(&text.action)),
        (r#","screening_complete":"#, None),
    ])
}

fn list<T>(buf: &mut Vec<u8>, items: &[T], mut each: impl FnMut(&mut Vec<u8>, &T)) {
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            buf.push(b',');
        }
        each(buf, item);
    }
}

fn answers(buf: &mut Vec<u8>, list_of: &AnswerList) {
    buf.push(b'{');
    list(buf, list_of.entries(), |buf, (id, fact)| {
        plain(buf, id);
        buf.push(b':');
        match fact {
            Fact::Answer(Value::Code(code)) => plain(buf, code),
            Fact::Answer(Value::Codes(codes)) => {
                buf.push(b'[');
                list(buf, codes, |buf, c| plain(buf, c));
                buf.push(b']');
            }
            Fact::Answer(Value::Int(n)) => json_value(buf, n),
            Fact::Answer(Value::Num(n)) | Fact::Number(n) => json_value(buf, n),
        }
    });
    buf.push(b'}');
}

mod optional;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::ItemType;
    use crate::report::json;
    use crate::scoring::score;
    use crate::testing::{BENIGN, answers, embedded, small_questionnaire};

    /// Deterministic pseudo-random answer sets over every item and value.
    fn answer_sets(q: &Questionnaire, count: usize) -> Vec<Vec<String>> {
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut sets = Vec::new();
        for _ in 0..count {
            let mut set = Vec::new();
            for item in q.items() {
                if next() % 3 == 0 {
                    continue;
                }
                let codes = item.codes();
                let value = match item.kind {
                    ItemType::YesNo => (if next() % 8 == 0 { "yes" } else { "no" }).to_string(),
                    ItemType::SingleChoice => codes[next() as usize % codes.len()].to_string(),
                    ItemType::MultipleChoice => {
                        codes[next() as usize % (codes.len() - 1)].to_string()
                    }
                    ItemType::Integer => format!("{}", item.min.unwrap_or(0.0) as u64 + next() % 5),
                    ItemType::Number => format!("{}.{}", next() % 12, next() % 10),
                };
                set.push(format!("{}={value}", item.id));
            }
            sets.push(set);
        }
        sets
    }

    #[test]
    fn same_bytes_as_the_serialised_document() {
        let q = embedded();
        let writer = CompactWriter::new(&q);
        let mut sets = answer_sets(&q, 300);
        sets.push(BENIGN.iter().map(ToString::to_string).collect());
        sets.push(vec!["saddle_numbness=yes".into()]);
        sets.push(Vec::new());
        for set in &sets {
            let flags: Vec<&str> = set.iter().map(String::as_str).collect();
            let given = answers(&q, &flags);
            let a = score(&q, &given);
            for respondent in [
                None,
                Some(serde_json::json!("r\"1")),
                Some(serde_json::json!(7)),
            ] {
                let mut fast = Vec::new();
                writer.write(&mut fast, &a, respondent.as_ref());
                let mut slow = Vec::new();
                json::write_compact(&mut slow, &q, &a, respondent.as_ref());
                assert_eq!(
                    String::from_utf8(fast).unwrap(),
                    String::from_utf8(slow).unwrap(),
                    "{set:?}"
                );
            }
        }
    }

    #[test]
    fn text_that_needs_escaping_is_escaped() {
        let body = "sections:\n  - id: s\n    title: S\n    items:\n      - {id: a, type: yes_no, text: A}\n\
            patterns:\n  - {id: p, label: \"quote \\\" and \\\\ and tab\\t\", text: t, evidence: \"line\\nbreak\", likely_at: 1}\n\
            rules:\n  - {id: r, when: {q: a, op: \"=\", value: \"yes\"}, patterns: {p: 1}, explain: \"ünïcødé \\\"x\\\"\"}\n";
        let q = crate::questionnaire::parse(&small_questionnaire("esc", body), "esc.yaml").unwrap();
        let writer = CompactWriter::new(&q);
        let given = answers(&q, &["a=yes"]);
        let a = score(&q, &given);
        let mut fast = Vec::new();
        writer.write(&mut fast, &a, None);
        let mut slow = Vec::new();
        json::write_compact(&mut slow, &q, &a, None);
        assert_eq!(
            String::from_utf8(fast.clone()).unwrap(),
            String::from_utf8(slow).unwrap()
        );
        let doc: serde_json::Value = serde_json::from_slice(&fast).unwrap();
        assert_eq!(doc["patterns"][0]["label"], "quote \" and \\ and tab\t");
    }
}
