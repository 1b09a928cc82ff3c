//! `dgs score --summary`: what a whole run's results add up to. A [`Tally`] is kept per chunk
//! of records on the scoring threads and merged as chunks are written, so counting costs a few
//! additions per record and no second pass; [`render_text`] and [`render_json`] show it.

use std::fmt::Write as _;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::questionnaire::Questionnaire;
use crate::questionnaire::triage::Level;
use crate::scoring::Scored;

use super::spread::Spread;

/// Counts by level: unlikely, possible, likely (by `Likelihood` order), then not assessed.
pub type LevelCounts = [usize; 4];
const NOT_ASSESSED: usize = 3;

/// What the scored records add up to. Empty until the first record; sized by the first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// By [`Level::rank`].
    pub triage: [usize; 4],
    /// Records whose patterns and causes were not assessed (screening stopped): every target
    /// of such a record counts as not assessed, so one count serves them all.
    not_assessed: usize,
    /// By target (patterns, then causes, as [`Scored::levels`]), by level: the assessed
    /// records at that level. One flat pass over the levels a record already has, where
    /// walking the ranked lists looked each target up and branched on whether it was
    /// assessed.
    levels: Vec<[usize; 3]>,
    /// How many of `levels` are patterns.
    patterns: usize,
    /// By the score's position in the questionnaire.
    pub scores: Vec<Spread>,
}

impl Tally {
    pub fn add(&mut self, q: &Questionnaire, s: &Scored) {
        self.size_for(q.patterns.len(), q.causes.len(), q.scores.len());
        self.triage[s.level.rank()] += 1;
        if s.assessed() {
            for (counts, &level) in self.levels.iter_mut().zip(&s.levels) {
                counts[level as usize] += 1;
            }
        } else {
            self.not_assessed += 1;
        }
        for (spread, value) in self.scores.iter_mut().zip(&s.scores.values) {
            if let Some(value) = value {
                spread.add(*value);
            }
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        self.size_for(other.patterns, other.causes(), other.scores.len());
        for (mine, theirs) in self.triage.iter_mut().zip(other.triage) {
            *mine += theirs;
        }
        self.not_assessed += other.not_assessed;
        let (patterns, causes) = self.levels.split_at_mut(self.patterns);
        let (their_patterns, their_causes) = other.levels.split_at(other.patterns);
        for (mine, theirs) in
            (patterns.iter_mut().zip(their_patterns)).chain(causes.iter_mut().zip(their_causes))
        {
            for (m, t) in mine.iter_mut().zip(theirs) {
                *m += t;
            }
        }
        for (mine, theirs) in self.scores.iter_mut().zip(&other.scores) {
            mine.merge(theirs);
        }
    }

    /// Pattern `n`'s counts by level.
    pub fn pattern(&self, n: usize) -> LevelCounts {
        self.counts(&self.levels[..self.patterns], n)
    }

    /// Cause `n`'s counts by level.
    pub fn cause(&self, n: usize) -> LevelCounts {
        self.counts(&self.levels[self.patterns..], n)
    }

    fn counts(&self, kind: &[[usize; 3]], n: usize) -> LevelCounts {
        let mut counts = LevelCounts::default();
        if let Some(levels) = kind.get(n) {
            counts[..3].copy_from_slice(levels);
        }
        counts[NOT_ASSESSED] = self.not_assessed;
        counts
    }

    fn causes(&self) -> usize {
        self.levels.len() - self.patterns
    }

    #[inline]
    fn size_for(&mut self, patterns: usize, causes: usize, scores: usize) {
        if patterns > self.patterns || causes > self.causes() {
            self.resize(patterns, causes);
        }
        if self.scores.len() < scores {
            self.scores.resize(scores, Spread::default());
        }
    }

    /// Makes room for `patterns` patterns and `causes` causes, keeping the counts so far.
    #[cold]
    fn resize(&mut self, patterns: usize, causes: usize) {
        let (patterns, causes) = (patterns.max(self.patterns), causes.max(self.causes()));
        let mut levels = vec![[0; 3]; patterns + causes];
        let (mine, theirs) = levels.split_at_mut(patterns);
        mine[..self.patterns].copy_from_slice(&self.levels[..self.patterns]);
        theirs[..self.causes()].copy_from_slice(&self.levels[self.patterns..]);
        self.levels = levels;
        self.patterns = patterns;
    }
}

/// How the run went, besides the tally.
#[derive(Debug, Clone, Copy)]
pub struct RunFacts<'a> {
    pub records: usize,
    pub errors: usize,
    /// `jsonl` or `csv`.
    pub input_format: &'a str,
    /// How the format was decided: `given` (`--input-format`), `extension` or `content`.
    pub decided_by: &'a str,
    pub seconds: f64,
}

const LEVEL_NAMES: [&str; 4] = ["unlikely", "possible", "likely", "not_assessed"];

fn counts_text(out: &mut String, kind: &str, id: &str, counts: &LevelCounts) {
    // Most likely first, as reports rank; "not assessed" only when it happened.
    let parts: Vec<String> = [2, 1, 0, NOT_ASSESSED]
        .into_iter()
        .filter(|&slot| slot != NOT_ASSESSED || counts[slot] > 0)
        .map(|slot| format!("{} {}", LEVEL_NAMES[slot], counts[slot]))
        .collect();
    let _ = writeln!(out, "{kind} {id}: {}", parts.join(", "));
}

/// The summary as lines of text, for standard error or a file.
pub fn render_text(q: &Questionnaire, tally: &Tally, run: &RunFacts) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "input: {} (decided by {})",
        if run.input_format == "csv" {
            "CSV"
        } else {
            "JSON Lines"
        },
        run.decided_by
    );
    let _ = writeln!(
        out,
        "records: {} ({} scored, {} with errors)",
        run.records,
        run.records - run.errors,
        run.errors
    );
    let levels: Vec<String> = (Level::ALL.iter())
        .map(|l| format!("{} {}", l.name(), tally.triage[l.rank()]))
        .collect();
    let _ = writeln!(out, "triage: {}", levels.join(", "));
    for (n, p) in q.patterns.iter().enumerate() {
        counts_text(&mut out, "pattern", &p.id, &tally.pattern(n));
    }
    for (n, c) in q.causes.iter().enumerate() {
        counts_text(&mut out, "cause", &c.id, &tally.cause(n));
    }
    for (n, s) in q.scores.iter().enumerate() {
        let spread = tally.scores.get(n).copied().unwrap_or_default();
        let _ = write!(out, "score {}: {} values", s.id, spread.count);
        if spread.count > 0 {
            let _ = write!(
                out,
                ", mean {:.2}, sd {}, min {}, max {}",
                spread.mean,
                spread
                    .sd()
                    .map_or_else(|| "-".to_string(), |sd| format!("{sd:.2}")),
                spread.min,
                spread.max
            );
        }
        out.push('\n');
    }
    out
}

/// The summary as one `dgs-summary/1` JSON document.
pub fn render_json(q: &Questionnaire, tally: &Tally, run: &RunFacts) -> String {
    let doc = Document { q, tally, run };
    // Plain data to a String cannot fail.
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

struct Document<'a> {
    q: &'a Questionnaire,
    tally: &'a Tally,
    run: &'a RunFacts<'a>,
}

/// `{"likely": n, …}` for one target.
struct Levels(LevelCounts);

impl Serialize for Levels {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map([2, 1, 0, NOT_ASSESSED].map(|slot| (LEVEL_NAMES[slot], self.0[slot])))
    }
}

#[derive(Serialize)]
struct ScoreSpread {
    count: usize,
    mean: Option<f64>,
    sd: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
}

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (q, tally, run) = (self.q, self.tally, self.run);
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("schema", SCHEMA)?;
        map.serialize_entry(
            "questionnaire",
            &serde_json::json!({"id": q.id, "version": q.version}),
        )?;
        map.serialize_entry(
            "input",
            &serde_json::json!({"format": run.input_format, "decided_by": run.decided_by}),
        )?;
        map.serialize_entry("records", &run.records)?;
        map.serialize_entry("errors", &run.errors)?;
        map.serialize_entry("seconds", &run.seconds)?;
        let triage: Vec<(&str, usize)> = Level::ALL
            .iter()
            .map(|l| (l.name(), tally.triage[l.rank()]))
            .collect();
        map.serialize_entry("triage", &Ordered(&triage))?;
        let patterns: Vec<(&str, Levels)> = (q.patterns.iter().enumerate())
            .map(|(n, p)| (p.id.as_str(), Levels(tally.pattern(n))))
            .collect();
        map.serialize_entry("patterns", &Ordered(&patterns))?;
        let causes: Vec<(&str, Levels)> = (q.causes.iter().enumerate())
            .map(|(n, c)| (c.id.as_str(), Levels(tally.cause(n))))
            .collect();
        map.serialize_entry("causes", &Ordered(&causes))?;
        let scores: Vec<(&str, ScoreSpread)> = (q.scores.iter().enumerate())
            .map(|(n, sc)| {
                let spread = tally.scores.get(n).copied().unwrap_or_default();
                let some = spread.count > 0;
                let spread_json = ScoreSpread {
                    count: spread.count,
                    mean: some.then_some(spread.mean),
                    sd: spread.sd(),
                    min: some.then_some(spread.min),
                    max: some.then_some(spread.max),
                };
                (sc.id.as_str(), spread_json)
            })
            .collect();
        map.serialize_entry("scores", &Ordered(&scores))?;
        map.end()
    }
}

pub const SCHEMA: &str = "dgs-summary/1";

/// Pairs written as a JSON object in their own order (questionnaire order), not sorted.
struct Ordered<'a, V>(&'a [(&'a str, V)]);

impl<V: Serialize> Serialize for Ordered<'_, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::shipped::SHIPPED;
    use crate::scoring::Program;
    use crate::testing::{answers, generated_answer_sets, scored};

    /// Every target of a record counted at its level in the ranked lists (not assessed when
    /// screening stopped), as `add` counted before it read the levels: the same counts,
    /// whether added in one tally or in two merged.
    #[test]
    fn counts_are_the_ranked_lists_counted() {
        let mut stopped = 0;
        for shipped in SHIPPED {
            let q = crate::questionnaire::parse(shipped.text, shipped.origin).unwrap();
            let p = Program::for_many(&q);
            let mut patterns = vec![LevelCounts::default(); q.patterns.len()];
            let mut causes = vec![LevelCounts::default(); q.causes.len()];
            let (mut whole, mut odd, mut even) =
                (Tally::default(), Tally::default(), Tally::default());
            for (n, set) in generated_answer_sets(&q, 600).iter().enumerate() {
                let flags: Vec<&str> = set.iter().map(String::as_str).collect();
                let (_, s) = scored(&p, &answers(&q, &flags));
                whole.add(&q, &s);
                if n % 2 == 1 { &mut odd } else { &mut even }.add(&q, &s);
                stopped += usize::from(!s.assessed());
                for (ranked, counts) in [(&s.patterns, &mut patterns), (&s.causes, &mut causes)] {
                    for r in ranked {
                        let slot = if s.assessed() {
                            r.level as usize
                        } else {
                            NOT_ASSESSED
                        };
                        counts[r.index as usize][slot] += 1;
                    }
                }
            }
            even.merge(&odd);
            for tally in [&whole, &even] {
                for (n, counts) in patterns.iter().enumerate() {
                    assert_eq!(tally.pattern(n), *counts, "{} pattern {n}", q.id);
                }
                for (n, counts) in causes.iter().enumerate() {
                    assert_eq!(tally.cause(n), *counts, "{} cause {n}", q.id);
                }
                assert_eq!(tally.triage.iter().sum::<usize>(), 600);
            }
        }
        assert!(stopped > 0, "no record stopped: not assessed went untested");
    }

    /// A tally that has counted nothing shows zeros, and merging it changes nothing.
    #[test]
    fn an_empty_tally_counts_nothing() {
        let q = crate::testing::embedded();
        let empty = Tally::default();
        assert_eq!(empty.pattern(0), LevelCounts::default());
        assert_eq!(empty.cause(q.causes.len() + 3), LevelCounts::default());
        let p = Program::for_many(&q);
        let (_, s) = scored(&p, &answers(&q, &["buttock_pain=yes"]));
        let mut one = Tally::default();
        one.add(&q, &s);
        let before = one.clone();
        one.merge(&empty);
        assert_eq!(one, before);
        let mut other = Tally::default();
        other.merge(&one);
        assert_eq!(other, one);
    }
}
