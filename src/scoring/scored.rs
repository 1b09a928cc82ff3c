//! One record scored, as positions and numbers: what `dgs score` writes from, and what an
//! [`super::assessment::Assessment`] is built from. Its lists are kept from one record to the
//! next, so scoring a record allocates nothing once they have grown.

use super::program::{Facts, Flat, Program, Root, Scores};
use super::scores::{self, Computed};
use super::sheet::{Answer, Sheet};
use super::{advice, enablement, ranking, triage};
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
    pub scores: Computed,
    /// By rule: it fired.
    pub fires: Vec<bool>,
    /// The rules that fired, in rule order.
    pub fired: Vec<u32>,
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
    /// Suggestions shown, in file order.
    pub suggestions: Vec<u32>,
    /// By classification: the first class that holds.
    pub classes: Vec<Option<u32>>,
    pub(super) held: Vec<bool>,
    pub(super) named: Vec<bool>,
    /// By compiled leaf: whether it holds.
    truth: Vec<u64>,
}

impl Default for Scored {
    fn default() -> Self {
        Scored {
            enabled: Vec::new(),
            answers: Vec::new(),
            scores: Computed::default(),
            fires: Vec::new(),
            fired: Vec::new(),
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
            suggestions: Vec::new(),
            classes: Vec::new(),
            held: Vec::new(),
            named: Vec::new(),
            truth: Vec::new(),
        }
    }
}

impl Scored {
    /// Scores `given`, in named steps: which questions are asked, the scores, which rules
    /// fire, the triage level (never under-triaged), ranked patterns and causes, the
    /// suggestions that fit, and the classifications.
    pub fn score(&mut self, p: &Program, given: &Sheet) {
        let q = p.q;
        enablement::settle(p, given, &mut self.enabled, &mut self.answers);
        scores::compute(p, &self.answers, &given.bits, &mut self.scores);
        let facts = Facts {
            answers: &self.answers,
            bits: &given.bits,
            scores: Scores::Known(&self.scores.values),
        };
        self.fires.clear();
        self.classes.clear();
        let first = |n: Option<usize>| n.map(|n| n as u32);
        if let Some(t) = &p.tables {
            t.truths.fill(p, &facts, &mut self.truth);
            let truth = &self.truth;
            let holds = |&flat: &Flat| t.truths.holds(p, flat, truth);
            self.fires.extend(t.rule_flats.iter().map(holds));
            let classes = t.class_flats.iter();
            self.classes
                .extend(classes.map(|c| first(c.iter().position(holds))));
        } else {
            let holds = |&root: &Root| p.root_holds(root, &facts);
            self.fires.extend(p.rules.iter().map(holds));
            let classes = p.classes.iter();
            self.classes
                .extend(classes.map(|c| first(c.iter().position(holds))));
        }
        self.fired.clear();
        self.fired
            .extend((0..self.fires.len() as u32).filter(|&r| self.fires[r as usize]));
        triage::settle(p, self);
        self.advice_rule = advice::advice_rule(q, &self.fired, self.level);
        ranking::settle(p, self);
        ranking::suggest(q, self);
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

    /// The facts conditions read, for explaining a fired rule.
    pub fn facts<'s>(&'s self, given: &'s Sheet) -> Facts<'s> {
        Facts {
            answers: &self.answers,
            bits: &given.bits,
            scores: Scores::Known(&self.scores.values),
        }
    }
}
