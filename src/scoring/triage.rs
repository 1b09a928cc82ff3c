//! The triage level and its reasons: the red flags that fired rules raise, whether the
//! questionnaire stops, which safety questions are still open — and the rule that an open
//! safety question never leaves the result at plain self-care.

use std::borrow::Cow;

use crate::questionnaire::Questionnaire;
use crate::questionnaire::triage::Level;
use crate::scoring::assessment::{AnswerList, RedFlag};
use crate::scoring::enablement::Enablement;

pub(super) struct Triage<'a> {
    pub level: Level,
    pub reasons: Vec<Cow<'a, str>>,
    /// Most urgent first.
    pub red_flags: Vec<RedFlag<'a>>,
    /// Rules marked `threshold`, most urgent first.
    pub thresholds: Vec<RedFlag<'a>>,
    /// A fired rule ends the questionnaire here (an emergency).
    pub stopped: bool,
}

/// The level and red flags the fired rules raise; `reasons` are by fired rule.
pub(super) fn from_rules<'a>(
    q: &'a Questionnaire,
    fired: &[usize],
    reasons: &[AnswerList<'a>],
) -> Triage<'a> {
    let mut level = Level::SelfCare;
    let mut messages: Vec<Cow<'a, str>> = Vec::new();
    let mut red_flags = Vec::new();
    let mut thresholds = Vec::new();
    for (n, &r) in fired.iter().enumerate() {
        let rule = &q.rules[r];
        if let Some(raised) = rule.triage {
            level = level.max(raised);
            let message = rule.message.as_deref().unwrap_or_default();
            messages.push(Cow::Borrowed(message));
            let list = if rule.threshold {
                &mut thresholds
            } else {
                &mut red_flags
            };
            list.push(RedFlag {
                rule_index: r,
                id: &rule.id,
                level: raised,
                message,
                evidence: rule.evidence.as_deref(),
                because: reasons[n].clone(),
            });
        }
    }
    red_flags.sort_by_key(|f| std::cmp::Reverse(f.level));
    thresholds.sort_by_key(|f| std::cmp::Reverse(f.level));
    Triage {
        level,
        reasons: messages,
        red_flags,
        thresholds,
        stopped: fired.iter().any(|&r| q.rules[r].stop),
    }
}

impl Triage<'_> {
    /// Never under-triage: a safety question left open can never give plain self-care.
    pub(super) fn never_under_triage(&mut self, open_red_flags: &[&str]) {
        if open_red_flags.is_empty() {
            return;
        }
        self.level = self.level.max(Level::SeeClinician);
        self.reasons.push(Cow::Owned(format!(
            "{} safety question{} not answered, so the safety screening is incomplete",
            open_red_flags.len(),
            if open_red_flags.len() == 1 {
                " was"
            } else {
                "s were"
            }
        )));
    }
}

/// Questions asked (enabled) but not answered, in questionnaire order.
pub(super) struct Unanswered<'a> {
    pub items: Vec<&'a str>,
    pub red_flags: Vec<&'a str>,
}

pub(super) fn unanswered<'a>(q: &'a Questionnaire, enablement: &Enablement<'_>) -> Unanswered<'a> {
    let mut open = Unanswered {
        items: Vec::with_capacity(q.item_count()),
        red_flags: Vec::new(),
    };
    for (slot, answer) in enablement.answers.iter().enumerate() {
        if enablement.enabled[slot] && answer.is_none() {
            let item = q.item_at(slot);
            open.items.push(&item.id);
            if item.red_flag.is_some() {
                open.red_flags.push(&item.id);
            }
        }
    }
    open
}
