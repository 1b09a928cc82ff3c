//! The scoring steps in order, over one answer sheet: kept apart from `scored.rs` (the
//! result's shape), which the steps fill, so that the steps' files depend on the shape and
//! the shape on none of them.

use super::program::{Facts, Flat, Program, Root, Scores};
use super::scored::Scored;
use super::sheet::Sheet;
use super::{advice, enablement, ranking, scores, triage};

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
}
