//! The scoring steps in order, over one answer sheet: kept apart from `scored.rs` (the
//! result's shape), which the steps fill, so that the steps' files depend on the shape and
//! the shape on none of them.

use super::program::{Facts, Flat, Program, ReadCodes, Root, Scores, masks};
use super::scored::Scored;
use super::sheet::Sheet;
use super::{advice, enablement, ranking, scores, triage};

impl Scored {
    /// Scores `given`, in named steps: which questions are asked, the scores, which rules
    /// fire, the triage level (never under-triaged), ranked patterns and causes, the
    /// suggestions that fit, and the classifications.
    // Never inlined: one call per record, and scoring shows as one number in a profile.
    #[inline(never)]
    pub fn score(&mut self, p: &Program, given: &Sheet) {
        let q = p.q;
        let (enabled, answers, off) = (&mut self.enabled, &mut self.answers, &mut self.off);
        self.not_asked = enablement::settle(p, given, enabled, answers, off);
        match p.tables.as_ref().and_then(|t| t.weights.as_ref()) {
            Some(w) => w.compute(p, &self.answers, &given.bits, &mut self.scores),
            None => scores::compute(p, &self.answers, &given.bits, &mut self.scores),
        }
        let facts = Facts {
            answers: &self.answers,
            bits: &given.bits,
            scores: Scores::Known(&self.scores.values),
        };
        let first = |n: Option<usize>| n.map(|n| n as u32);
        self.classes.clear();
        if let Some(t) = &p.tables {
            // The code answers' bits as the reader set them, if it did: the gates say
            // which items settling turned off.
            let read = (given.codes_read && t.gates.is_some()).then(|| ReadCodes {
                words: &given.code_truth,
                off: &self.off,
                given: &given.answers,
            });
            t.settle(p, &facts, read, &mut self.truth);
            let truth = &self.truth;
            let holds = |&flat: &Flat| t.holds(p, flat, truth);
            let classes = t.class_flats.iter();
            self.classes
                .extend(classes.map(|c| first(c.iter().position(holds))));
            self.fired.clear();
            if self.rule_lists {
                t.fired(truth, &mut self.fired, &mut self.fired_bits);
                masks::flags(&mut self.fires, &self.fired_bits, p.rules.len());
            } else {
                t.fired_bits(truth, &mut self.fired_bits);
                self.fires.clear();
            }
        } else {
            let holds = |&root: &Root| p.root_holds(root, &facts);
            self.fires.clear();
            self.fires.extend(p.rules.iter().map(holds));
            let classes = p.classes.iter();
            self.classes
                .extend(classes.map(|c| first(c.iter().position(holds))));
            self.fired.clear();
            self.fired
                .extend((0..self.fires.len() as u32).filter(|&r| self.fires[r as usize]));
            masks::words_of(&self.fired, p.rules.len(), &mut self.fired_bits);
        }
        triage::settle(p, self);
        let raising = masks::both(&self.fired_bits, &p.rule_masks.triage);
        self.advice_rule = advice::advice_rule(q, raising, self.level);
        ranking::settle(p, self);
        ranking::suggest(p, self);
    }
}
