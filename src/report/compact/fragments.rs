//! The constant parts of a `dgs-result/1` document, escaped once per run: a questionnaire's
//! texts are the same in every record.

use super::json_str;
use crate::questionnaire::triage::Level;
use crate::questionnaire::{LevelText, Questionnaire, Rule, Score, Suggestion, Target};
use crate::scoring::assessment::Likelihood;
use crate::scoring::open_message;

pub(super) struct Fragments {
    /// `,"questionnaire":{…},"disclaimer":"…"`
    pub head: Vec<u8>,
    /// By [`Level::rank`]: `,"triage":{"level":…,"title":…,"action":…,"screening_complete":`
    pub triage: [Vec<u8>; 4],
    /// By rule: the same with the rule's `advice`, for rules that have one.
    pub advice: Vec<Option<Vec<u8>>>,
    /// By rule: its message as a JSON string.
    pub message: Vec<Vec<u8>>,
    /// By rule: `{"id":…,"level":…,"message":…,"because":`
    pub red_flag: Vec<Vec<u8>>,
    /// By rule: `{"rule":…,"points":` and `,"explain":…}` (or `}`), around the answers.
    pub because_head: Vec<Vec<u8>>,
    pub because_tail: Vec<Vec<u8>>,
    /// By pattern / cause.
    pub pattern: Vec<TargetFragments>,
    pub cause: Vec<TargetFragments>,
    /// By suggestion: `{"id":…,"text":…,"for":[` and `],"evidence":…}`
    pub suggestion: Vec<(Vec<u8>, Vec<u8>)>,
    /// By score: `{"id":…,"label":…,"value":`
    pub score: Vec<Vec<u8>>,
    /// By slot: `"id"`, and `"id":` for the answers.
    pub item: Vec<Vec<u8>>,
    pub item_key: Vec<Vec<u8>>,
    /// By count of open safety questions (from 1): the reason they give, as a JSON string.
    pub open: Vec<Vec<u8>>,
}

/// A pattern's or cause's entry: `{"id":…,"label":…,"score":` and
/// `,"evidence":…,"because":[` around its score, level and rules.
pub(super) struct TargetFragments {
    pub head: Vec<u8>,
    pub tail: Vec<u8>,
    /// The whole entry when no rule fed the target, as for most targets in most results.
    pub unlikely: Vec<u8>,
    /// The whole entry when screening stopped early and nothing was assessed.
    pub not_assessed: Vec<u8>,
}

impl Fragments {
    pub fn new(q: &Questionnaire) -> Fragments {
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
        let rules = &q.rules;
        Fragments {
            head,
            triage,
            advice: (rules.iter())
                .map(|r| Some(triage_fragment(r.triage?, r.advice.as_ref()?)))
                .collect(),
            message: (rules.iter())
                .map(|r| fragment(&[("", Some(r.message.as_deref().unwrap_or_default()))]))
                .collect(),
            red_flag: rules.iter().map(red_flag_fragment).collect(),
            because_head: (rules.iter())
                .map(|r| format!(r#"{{"rule":"{}","points":"#, r.id).into_bytes())
                .collect(),
            because_tail: rules.iter().map(because_tail_fragment).collect(),
            pattern: target_fragments(&q.patterns),
            cause: target_fragments(&q.causes),
            suggestion: q.suggestions.iter().map(suggestion_fragments).collect(),
            score: q.scores.iter().map(score_fragment).collect(),
            item: q
                .items()
                .map(|i| format!(r#""{}""#, i.id).into_bytes())
                .collect(),
            item_key: q
                .items()
                .map(|i| format!(r#""{}":"#, i.id).into_bytes())
                .collect(),
            open: (1..=q.items().filter(|i| i.red_flag.is_some()).count())
                .filter_map(open_message)
                .map(|text| fragment(&[("", Some(&text))]))
                .collect(),
        }
    }
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

fn target_fragments(targets: &[Target]) -> Vec<TargetFragments> {
    (targets.iter())
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

/// `,"triage":{"level":…,"title":…,"action":…,"screening_complete":`
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
