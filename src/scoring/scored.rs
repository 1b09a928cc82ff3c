//! One record scored, as positions and numbers: what `dgs score` writes from, and what an
//! [`super::assessment::Assessment`] is built from. Its lists are kept from one record to the
//! next, so scoring a record allocates nothing once they have grown.

use super::program::{Facts, Scores};
use super::scores::Computed;
use super::sheet::{Answer, Sheet};
use crate::questionnaire::triage::Level;
use crate::scoring::assessment::Likelihood;

/// A pattern or cause, ranked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rank {
    /// The target's position in the questionnaire's patterns (or causes).
    pub index: u32,
    /// Points as a share (0–100) of all the points rules can give the target.
    pub score: u8,
    pub level: Likelihood,
    pub points: f64,
}

#[derive(Debug, Clone)]
pub struct Scored {
    /// By slot: the item is asked.
    pub enabled: Vec<bool>,
    /// By slot: the answers of enabled items.
    pub answers: Vec<Answer>,
    /// How many items are not asked, as settling found.
    pub(super) not_asked: usize,
    /// The slots settling turned off, when the tables' gates settled them.
    pub(super) off: Vec<u32>,
    pub scores: Computed,
    /// By rule: it fired. Left empty by a `Scored` made [`Scored::without_rule_lists`].
    pub fires: Vec<bool>,
    /// The rules that fired, in rule order. Left empty like `fires`.
    pub fired: Vec<u32>,
    /// Whether scoring fills `fires` and `fired`: what the full result and an `Assessment`
    /// explain each fired rule from. Lean and wide lines never read them.
    pub(super) rule_lists: bool,
    /// The rules that fired, as bits (bit `r` is rule `r`).
    pub(super) fired_bits: Vec<u64>,
    pub level: Level,
    /// A fired rule with `stop: true`: nothing after the safety screen was assessed.
    pub stopped: bool,
    /// The first fired rule, in rule order, that sets the level and has `advice`.
    pub advice_rule: Option<usize>,
    /// Fired rules that raised triage on a safety answer, most urgent first.
    pub red_flags: Vec<u32>,
    /// Fired rules marked `threshold`, most urgent first.
    pub thresholds: Vec<u32>,
    /// Slots of safety questions asked but not answered.
    pub open_red_flags: Vec<u32>,
    pub patterns: Vec<Rank>,
    pub causes: Vec<Rank>,
    /// By target (patterns first, then causes): its level.
    pub levels: Vec<Likelihood>,
    /// By target: its points.
    pub(super) points: Vec<f64>,
    /// The targets whose level is above unlikely, as bits (bit `t`: target `t`), when
    /// ranking by whole points worked them out (at most 64 targets).
    pub(super) raised: Option<u64>,
    /// Scratch for ranking: a key per target.
    pub(super) order: Vec<u64>,
    /// Suggestions shown, in file order.
    pub suggestions: Vec<u32>,
    /// By classification: the first class that holds.
    pub classes: Vec<Option<u32>>,
    pub(super) held: Vec<bool>,
    pub(super) named: Vec<bool>,
    /// By compiled leaf: whether it holds.
    pub(super) truth: Vec<u64>,
}

impl Default for Scored {
    fn default() -> Self {
        Scored {
            enabled: Vec::new(),
            answers: Vec::new(),
            not_asked: 0,
            off: Vec::new(),
            scores: Computed::default(),
            fires: Vec::new(),
            fired: Vec::new(),
            rule_lists: true,
            fired_bits: Vec::new(),
            level: Level::SelfCare,
            stopped: false,
            advice_rule: None,
            red_flags: Vec::new(),
            thresholds: Vec::new(),
            open_red_flags: Vec::new(),
            patterns: Vec::new(),
            causes: Vec::new(),
            levels: Vec::new(),
            points: Vec::new(),
            raised: None,
            order: Vec::new(),
            suggestions: Vec::new(),
            classes: Vec::new(),
            held: Vec::new(),
            named: Vec::new(),
            truth: Vec::new(),
        }
    }
}

impl Scored {
    /// A `Scored` that leaves `fires` and `fired` empty, for writers that read neither (lean
    /// and wide lines): everything else, triage and ranking included, is scored as by a
    /// default one, from the fired rules' bits.
    pub fn without_rule_lists() -> Scored {
        Scored {
            rule_lists: false,
            ..Scored::default()
        }
    }

    /// Every safety question that was asked was answered.
    pub fn screening_complete(&self) -> bool {
        self.open_red_flags.is_empty()
    }

    /// Patterns and causes are assessed unless screening stopped at an emergency.
    pub fn assessed(&self) -> bool {
        !self.stopped
    }

    /// Slots of enabled questions with no answer, in questionnaire order.
    pub fn unanswered(&self) -> impl Iterator<Item = usize> + '_ {
        (self.answers.iter().enumerate())
            .filter(|&(slot, a)| self.enabled[slot] && !a.is_some())
            .map(|(slot, _)| slot)
    }

    /// How many enabled items have no answer: `unanswered().count()`, as the blanks less
    /// the items settling turned off (which have none): one plain count, not a walk over
    /// both lists.
    pub fn unanswered_count(&self) -> usize {
        // Added as numbers, two answers a step: no branch on each answer.
        let blank = |a: &Answer| usize::from(matches!(a, Answer::None));
        let mut pairs = self.answers.chunks_exact(2);
        let blanks: usize = (&mut pairs)
            .map(|two| blank(&two[0]) + blank(&two[1]))
            .sum();
        blanks + pairs.remainder().iter().map(blank).sum::<usize>() - self.not_asked
    }

    /// The facts conditions read, for explaining a fired rule.
    pub fn facts<'s>(&'s self, given: &'s Sheet) -> Facts<'s> {
        Facts {
            answers: &self.answers,
            bits: &given.bits,
            scores: Scores::Known(&self.scores.values),
        }
    }
}
