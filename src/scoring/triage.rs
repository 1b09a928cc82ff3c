//! The triage level and its reasons: the red flags that fired rules raise, whether the
//! questionnaire stops, which safety questions are still open — and the rule that an open
//! safety question never leaves the result at plain self-care.

use std::borrow::Cow;

use super::program::{Program, masks};
use super::scored::Scored;
use super::sheet::Answer;
use crate::questionnaire::Questionnaire;
use crate::questionnaire::triage::Level;

/// Sets the level, red flags and thresholds (most urgent first), whether a fired rule
/// stopped the questionnaire, and the open safety questions, from `s.fired` and `s.answers`.
pub(super) fn settle(p: &Program, s: &mut Scored) {
    let q = p.q;
    s.level = Level::SelfCare;
    s.stopped = false;
    s.red_flags.clear();
    s.thresholds.clear();
    // Only the fired rules that raise the level or stop: the others change nothing here.
    let (level, stopped) = (&mut s.level, &mut s.stopped);
    let (thresholds, red_flags) = (&mut s.thresholds, &mut s.red_flags);
    masks::each(&s.fired_bits, &p.rule_masks.triage, |r| {
        let rule = &q.rules[r as usize];
        *stopped |= rule.stop;
        if let Some(raised) = rule.triage {
            *level = (*level).max(raised);
            if rule.threshold {
                thresholds.push(r);
            } else {
                red_flags.push(r);
            }
        }
    });
    // Stable: rules of one level keep their order.
    let level = |r: &u32| std::cmp::Reverse(q.rules[*r as usize].triage);
    s.red_flags.sort_by_key(level);
    s.thresholds.sort_by_key(level);

    s.open_red_flags.clear();
    let (answers, enabled, open) = (&s.answers[..], &s.enabled[..], &mut s.open_red_flags);
    // The answer first: nearly every safety question is answered.
    let mut unanswered = |slot: usize, answer: &Answer, on: bool| {
        if !answer.is_some() && on {
            open.push(slot as u32);
        }
    };
    match p.safety_run {
        Some((start, end)) if end <= answers.len().min(enabled.len()) => {
            let run = answers[start..end].iter().zip(&enabled[start..end]);
            for (slot, (answer, &on)) in (start..).zip(run) {
                unanswered(slot, answer, on);
            }
        }
        _ => {
            for &slot in &p.safety_slots {
                unanswered(slot, &answers[slot], enabled[slot]);
            }
        }
    }
    // Never under-triage: a safety question left open can never give plain self-care.
    if !s.open_red_flags.is_empty() {
        s.level = s.level.max(Level::SeeClinician);
    }
}

/// Why the level is what it is, in words: each fired rule that raised it, in rule order,
/// then the open safety questions.
pub fn reasons<'q>(q: &'q Questionnaire, s: &Scored) -> Vec<Cow<'q, str>> {
    let mut messages: Vec<Cow<'q, str>> = (s.fired.iter())
        .map(|&r| &q.rules[r as usize])
        .filter(|rule| rule.triage.is_some())
        .map(|rule| Cow::Borrowed(rule.message.as_deref().unwrap_or_default()))
        .collect();
    if let Some(open) = open_message(s.open_red_flags.len()) {
        messages.push(Cow::Owned(open));
    }
    messages
}

/// The reason an open safety question gives, if there is one.
pub fn open_message(open: usize) -> Option<String> {
    (open > 0).then(|| {
        format!(
            "{open} safety question{} not answered, so the safety screening is incomplete",
            if open == 1 { " was" } else { "s were" }
        )
    })
}
