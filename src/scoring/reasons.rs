//! Why each fired rule fired — the answers and scores its condition read — and the answers
//! the whole result rests on, all in one shared pool: one allocation for every list. This is
//! the part of an [`Assessment`](super::assessment::Assessment) that `dgs score` writes
//! without building one (see `report::compact`).

use std::rc::Rc;

use super::program::{Program, Root};
use super::ranking::{target_id, targets};
use super::scored::{Rank, Scored};
use super::sheet::Sheet;
use crate::questionnaire::Value;
use crate::scoring::assessment::{
    AnswerList, Because, Classified, Fact, Names, Ranked, ShownSuggestion,
};

type Pool<'a> = Vec<(&'a str, Fact<'a>)>;

pub(super) struct Reasons<'r, 'a> {
    p: &'r Program<'a>,
    given: &'r [Option<&'a Value>],
    pool: Rc<Pool<'a>>,
    /// By fired rule (in firing order): its range of the pool.
    ranges: Vec<std::ops::Range<usize>>,
    /// Every answer given and enabled, sorted by id.
    pub answers: AnswerList<'a>,
}

pub(super) fn gather<'r, 'a>(
    p: &'r Program<'a>,
    s: &Scored,
    sheet: &Sheet,
    given: &'r [Option<&'a Value>],
) -> Reasons<'r, 'a> {
    let q = p.q;
    let mut pool: Pool<'a> = Vec::with_capacity(s.fired.len() * 2 + given.len());
    let ranges = (s.fired.iter())
        .map(|&r| push_because(p, s, sheet, given, p.rules[r as usize], &mut pool))
        .collect();
    let start = pool.len();
    pool.extend(q.index.by_id.iter().filter_map(|&slot| {
        s.answers[slot].is_some().then_some(())?;
        Some((q.item_at(slot).id.as_str(), Fact::Answer(given[slot]?)))
    }));
    let answers_range = start..pool.len();
    let pool = Rc::new(pool);
    Reasons {
        p,
        given,
        answers: AnswerList::part_of(&pool, answers_range),
        pool,
        ranges,
    }
}

/// What a holding condition read, sorted by id without repeats, appended to `pool`; returns
/// its range there.
fn push_because<'a>(
    p: &Program<'a>,
    s: &Scored,
    sheet: &Sheet,
    given: &[Option<&'a Value>],
    root: Root,
    pool: &mut Pool<'a>,
) -> std::ops::Range<usize> {
    let start = pool.len();
    p.because(root, &s.facts(sheet), |leaf| {
        let fact = if leaf.score {
            s.scores.values[leaf.slot].map(Fact::Number)
        } else {
            given[leaf.slot].map(Fact::Answer)
        };
        if let Some(fact) = fact {
            pool.push((leaf.subject_id(), fact));
        }
    });
    start..pool.len()
}

impl<'a> Reasons<'_, 'a> {
    /// What made fired rule `r` fire.
    pub fn of_rule(&self, s: &Scored, r: u32) -> AnswerList<'a> {
        match s.fired.binary_search(&r) {
            Ok(n) => AnswerList::part_of(&self.pool, self.ranges[n].clone()),
            Err(_) => AnswerList::default(),
        }
    }

    /// Ranked patterns (or causes), with the fired rules that fed each, in rule order.
    pub fn ranked(&self, s: &Scored, ranks: &[Rank], causes: bool) -> Vec<Ranked<'a>> {
        let q = self.p.q;
        let (targets, feeding) = if causes {
            (&q.causes, &q.index.cause_rules)
        } else {
            (&q.patterns, &q.index.pattern_rules)
        };
        (ranks.iter())
            .map(|rank| {
                let index = rank.index as usize;
                let t = &targets[index];
                // Most targets get nothing: collecting an empty list allocates nothing.
                let because = (feeding[index].iter())
                    .filter(|&&(r, _)| s.fires[r])
                    .map(|&(r, points)| Because {
                        rule_index: r,
                        rule: &q.rules[r].id,
                        points,
                        answers: self.of_rule(s, r as u32),
                        explain: q.rules[r].explain.as_deref(),
                    })
                    .collect();
                Ranked {
                    index,
                    id: &t.id,
                    label: &t.label,
                    score: rank.score,
                    level: rank.level,
                    evidence: &t.evidence,
                    points: rank.points,
                    text: &t.text,
                    because,
                    assessed: s.assessed(),
                }
            })
            .collect()
    }

    /// The suggestions shown, each with its possible or likely targets.
    pub fn suggestions(&self, s: &Scored) -> Vec<ShownSuggestion<'a>> {
        let q = self.p.q;
        let mut ids = Vec::new();
        let mut ranges = Vec::with_capacity(s.suggestions.len());
        for &n in &s.suggestions {
            let start = ids.len();
            ids.extend(targets(q, n as usize, &s.levels).map(|t| target_id(q, t)));
            ranges.push(start..ids.len());
        }
        let ids = Rc::new(ids);
        (s.suggestions.iter().zip(ranges))
            .map(|(&n, range)| {
                let suggestion = &q.suggestions[n as usize];
                ShownSuggestion {
                    index: n as usize,
                    id: &suggestion.id,
                    text: &suggestion.text,
                    targets: Names::part_of(&ids, range),
                    evidence: &suggestion.evidence,
                }
            })
            .collect()
    }

    /// Each classification's first holding class and what its condition read.
    pub fn classify(&self, s: &Scored, sheet: &Sheet) -> Vec<Classified<'a>> {
        let p = self.p;
        let mut pool = Vec::new();
        let found: Vec<_> = (s.classes.iter().zip(&p.classes))
            .map(|(class, roots)| match class {
                Some(k) => push_because(p, s, sheet, self.given, roots[*k as usize], &mut pool),
                None => pool.len()..pool.len(),
            })
            .collect();
        let pool = Rc::new(pool);
        (p.q.classifications.iter().zip(&s.classes).zip(found))
            .enumerate()
            .map(|(index, ((c, class), range))| {
                let class = class.map(|k| &c.classes[k as usize]);
                Classified {
                    index,
                    id: &c.id,
                    label: &c.label,
                    class: class.map(|k| k.id.as_str()),
                    class_label: class.map(|k| k.label.as_str()),
                    because: AnswerList::part_of(&pool, range),
                }
            })
            .collect()
    }
}
