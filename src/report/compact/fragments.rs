//! The constant parts of a `dgs-result/1` document, escaped once per run: a questionnaire's
//! texts are the same in every record.

use super::answer_fragments::AnswerFragments;
use super::fragment;
use super::named::Plain;
use super::reads::Reads;
use super::suggestions::Suggestions;
use crate::questionnaire::triage::Level;
use crate::questionnaire::{LevelText, Questionnaire, Rule, Score, Target};
use crate::report::numbers::float;
use crate::report::pieces::Pieces;
use crate::report::score_texts::ScoreTexts;
use crate::scoring::assessment::Likelihood;
use crate::scoring::open_message;

pub(super) struct Fragments {
    /// `,"questionnaire":{…},"disclaimer":"…"`
    pub head: Vec<u8>,
    /// By [`Level::rank`], then by whether screening is complete and whether it stopped
    /// early (see [`Triage`]): `,"triage":{"level":…,"title":…,"action":…,
    /// "screening_complete":…,"stopped_early":…,"reasons":` in one piece.
    pub triage: [Triage; 4],
    /// By rule: the same with the rule's `advice`, for rules that have one.
    pub advice: Vec<Option<Triage>>,
    /// By rule: a comma and its message as a JSON string (see [`super::raised`]).
    pub message: Vec<Vec<u8>>,
    /// By rule: `{"id":…,"level":…,"message":…,"because":`
    pub red_flag: Vec<Vec<u8>>,
    /// By rule: `,"explain":…}` (or `}`), after the answers of a target's `because`.
    pub because_tail: Vec<Vec<u8>>,
    /// By rule: whether it raises triage (its message is one of the reasons).
    pub raises: Vec<bool>,
    /// By rule: whether a result shows what made it fire, when it fires — as a red flag or
    /// threshold (it raises triage) or under a pattern or cause it feeds. About half the
    /// rules that fire in a record are neither, and explaining them was wasted.
    pub shown: Vec<bool>,
    /// By rule: the one target it feeds (patterns, then causes) and its position in that
    /// target's list, for the rules that feed one target only: their remembered text starts
    /// with their entry's start there, so that an entry is one copy where it was two.
    pub sole: Vec<Option<(u32, u32)>>,
    /// By pattern / cause.
    pub pattern: Vec<TargetFragments>,
    pub cause: Vec<TargetFragments>,
    pub suggestions: Suggestions,
    /// By score: `{"id":…,"label":…,"value":`
    pub score: Vec<Vec<u8>>,
    /// By score, for whole values: a comma and the whole entry,
    /// `,{"id":…,"value":6,"band":"moderate"}` (one copy where the fragment and the value
    /// were two, and the comma a third).
    pub score_texts: ScoreTexts,
    /// Whether a score has a minimum answered (and so can be unscored).
    pub minimum: bool,
    /// By slot: `,"id"`.
    pub item: Vec<Vec<u8>>,
    /// Answers: by item and code.
    pub answers: AnswerFragments,
    /// By rule: what its condition reads.
    pub reads: Reads,
    /// By rule: what its explanation can name, for rules without `any`.
    pub plain: Plain,
    /// By count of open safety questions (from 1): the reason they give, as a JSON string.
    pub open: Vec<Vec<u8>>,
}

/// A pattern's or cause's entry: `{"id":…,"label":…,"score":` before its score, and after
/// it its level and `,"evidence":…,"because":[`, before the rules that fed it.
pub(super) struct TargetFragments {
    pub head: Vec<u8>,
    /// By [`Likelihood`] order: `,"level":"…","evidence":…,"because":[`
    pub tail: [Vec<u8>; 3],
    /// The entry's start when nothing was assessed: the head, then
    /// `null,"level":null,"evidence":…,"because":[`.
    pub unassessed: Vec<u8>,
    /// By rule that feeds the target, in the index's order: `{"rule":…,"points":…,"answers":`,
    /// short enough to copy as a window (see [`Pieces`]) rather than through `memcpy`.
    pub because: Pieces,
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
        let mut triage: [Triage; 4] = Default::default();
        // Levels a questionnaire leaves out are never reached (validation sees to it).
        for (level, text) in &q.triage {
            triage[level.rank()] = triage_fragment(*level, text);
        }
        let rules = &q.rules;
        // Escaped once: each score's whole-value texts start with it too.
        let score: Vec<Vec<u8>> = q.scores.iter().map(score_fragment).collect();
        Fragments {
            head,
            triage,
            advice: (rules.iter())
                .map(|r| Some(triage_fragment(r.triage?, r.advice.as_ref()?)))
                .collect(),
            message: (rules.iter())
                .map(|r| fragment(&[(",", Some(r.message.as_deref().unwrap_or_default()))]))
                .collect(),
            red_flag: rules.iter().map(red_flag_fragment).collect(),
            because_tail: rules.iter().map(because_tail_fragment).collect(),
            raises: rules.iter().map(|r| r.triage.is_some()).collect(),
            shown: shown(q),
            sole: sole_targets(q),
            pattern: target_fragments(q, &q.patterns, &q.index.pattern_rules),
            cause: target_fragments(q, &q.causes, &q.index.cause_rules),
            suggestions: Suggestions::new(q),
            score_texts: ScoreTexts::new(q.scores.len(), |buf, n, value| {
                buf.push(b',');
                buf.extend_from_slice(&score[n]);
                score_tail(buf, q, n, value);
            }),
            score,
            minimum: q.scores.iter().any(|s| s.min_answered.is_some()),
            item: q
                .items()
                .map(|i| format!(r#","{}""#, i.id).into_bytes())
                .collect(),
            answers: AnswerFragments::new(q),
            reads: Reads::new(q),
            plain: Plain::new(q),
            open: (1..=q.items().filter(|i| i.red_flag.is_some()).count())
                .filter_map(open_message)
                .map(|text| fragment(&[("", Some(&text))]))
                .collect(),
        }
    }

    /// The start of a rule's entry in the `because` list of target `target` (patterns, then
    /// causes), at position `at` of its list.
    pub fn entry_start(&self, buf: &mut Vec<u8>, (target, at): (u32, u32)) {
        let (target, at) = (target as usize, at as usize);
        match self.pattern.get(target) {
            Some(pattern) => pattern.because.append(buf, at),
            None => self.cause[target - self.pattern.len()]
                .because
                .append(buf, at),
        }
    }
}

/// [`Fragments::sole`]
fn sole_targets(q: &Questionnaire) -> Vec<Option<(u32, u32)>> {
    let mut sole = vec![None; q.rules.len()];
    let mut feeds = vec![0; q.rules.len()];
    let feeding = q.index.pattern_rules.iter().chain(&q.index.cause_rules);
    for (target, fed) in feeding.enumerate() {
        for (n, &(rule, _)) in fed.iter().enumerate() {
            feeds[rule] += 1;
            sole[rule] = Some((target as u32, n as u32));
        }
    }
    for (sole, feeds) in sole.iter_mut().zip(feeds) {
        if feeds > 1 {
            *sole = None;
        }
    }
    sole
}

/// [`Fragments::shown`]
fn shown(q: &Questionnaire) -> Vec<bool> {
    let mut shown: Vec<bool> = q.rules.iter().map(|r| r.triage.is_some()).collect();
    let feeding = q.index.pattern_rules.iter().chain(&q.index.cause_rules);
    for &(rule, _) in feeding.flatten() {
        shown[rule] = true;
    }
    shown
}

fn target_fragments(
    q: &Questionnaire,
    targets: &[Target],
    feeding: &[Vec<(usize, f64)>],
) -> Vec<TargetFragments> {
    (targets.iter().zip(feeding))
        .map(|(t, fed)| {
            let head = fragment(&[
                (r#"{"id":"#, Some(&t.id)),
                (r#","label":"#, Some(&t.label)),
                (r#","score":"#, None),
            ]);
            let rest = fragment(&[
                (r#","evidence":"#, Some(&t.evidence)),
                (r#","because":["#, None),
            ]);
            let levels = [
                Likelihood::Unlikely,
                Likelihood::Possible,
                Likelihood::Likely,
            ];
            let tail =
                levels.map(|l| [format!(r#","level":"{}""#, l.name()).as_bytes(), &rest].concat());
            let unassessed = [&head[..], br#"null,"level":null"#, &rest].concat();
            let unlikely = [&head[..], b"0", &tail[Likelihood::Unlikely as usize], b"]}"].concat();
            let not_assessed = [&unassessed[..], b"]}"].concat();
            let because = Pieces::of(fed.iter().map(|&(rule, points)| {
                let mut head = format!(r#"{{"rule":"{}","points":"#, q.rules[rule].id);
                head.push_str(&serde_json::to_string(&points).unwrap_or_default());
                head.push_str(r#","answers":"#);
                head
            }));
            TargetFragments {
                head,
                tail,
                unassessed,
                because,
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

/// `{"id":…,"label":…,"value":`
fn score_fragment(s: &Score) -> Vec<u8> {
    fragment(&[
        (r#"{"id":"#, Some(&s.id)),
        (r#","label":"#, Some(&s.label)),
        (r#","value":"#, None),
    ])
}

/// A score's value and band after its fragment: `6,"band":"moderate"}`.
pub(super) fn score_tail(buf: &mut Vec<u8>, q: &Questionnaire, n: usize, value: f64) {
    float(buf, value);
    // Band labels are validated `[a-z0-9_]`, as ids are.
    match crate::scoring::band(&q.scores[n], value) {
        Some(band) => {
            buf.extend_from_slice(br#","band":""#);
            buf.extend_from_slice(band.as_bytes());
            buf.extend_from_slice(br#""}"#);
        }
        None => buf.extend_from_slice(br#","band":null}"#),
    }
}

/// A triage's text up to its reasons, by whether screening is complete (2) and whether it
/// stopped early (1): one copy where the text and the four parts after it were five.
#[derive(Default)]
pub(super) struct Triage([Vec<u8>; 4]);

impl Triage {
    pub fn get(&self, complete: bool, stopped: bool) -> &[u8] {
        &self.0[(usize::from(complete) << 1) | usize::from(stopped)]
    }
}

/// `,"triage":{"level":…,"title":…,"action":…,"screening_complete":…,"stopped_early":…,
/// "reasons":`
fn triage_fragment(level: Level, text: &LevelText) -> Triage {
    let head = fragment(&[
        (
            &format!(r#","triage":{{"level":"{}","title":"#, level.name()),
            Some(&text.title),
        ),
        (r#","action":"#, Some(&text.action)),
        (r#","screening_complete":"#, None),
    ]);
    Triage([0, 1, 2, 3].map(|n: usize| {
        let [complete, stopped] = [n >> 1 == 1, n & 1 == 1];
        let tail = format!(r#"{complete},"stopped_early":{stopped},"reasons":"#);
        [&head[..], tail.as_bytes()].concat()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rule has a sole target exactly when one target's list has it, and then is at its
    /// position there; some rules of the default questionnaire feed one target, some more.
    #[test]
    fn a_sole_target_is_the_only_list_with_the_rule() {
        let q = crate::testing::embedded();
        let sole = sole_targets(&q);
        let lists: Vec<_> = (q.index.pattern_rules.iter())
            .chain(&q.index.cause_rules)
            .collect();
        let (mut one, mut more) = (0, 0);
        for (rule, sole) in sole.iter().enumerate() {
            let found: Vec<(u32, u32)> = (lists.iter().enumerate())
                .filter_map(|(t, list)| {
                    let at = list.iter().position(|&(r, _)| r == rule)?;
                    Some((t as u32, at as u32))
                })
                .collect();
            match found[..] {
                [only] => assert_eq!(*sole, Some(only)),
                _ => assert_eq!(*sole, None),
            }
            one += usize::from(found.len() == 1);
            more += usize::from(found.len() > 1);
        }
        assert!(one > 0 && more > 0, "{one} {more}");
    }
}
