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
    /// By the pattern's or cause's position in the questionnaire.
    pub patterns: Vec<LevelCounts>,
    pub causes: Vec<LevelCounts>,
    /// By the score's position in the questionnaire.
    pub scores: Vec<Spread>,
}

impl Tally {
    pub fn add(&mut self, q: &Questionnaire, s: &Scored) {
        self.size_for(q.patterns.len(), q.causes.len(), q.scores.len());
        self.triage[s.level.rank()] += 1;
        let slot = |level| {
            if s.assessed() {
                level as usize
            } else {
                NOT_ASSESSED
            }
        };
        for r in &s.patterns {
            self.patterns[r.index as usize][slot(r.level)] += 1;
        }
        for r in &s.causes {
            self.causes[r.index as usize][slot(r.level)] += 1;
        }
        for (n, value) in s.scores.values.iter().enumerate() {
            if let Some(value) = value {
                self.scores[n].add(*value);
            }
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        self.size_for(other.patterns.len(), other.causes.len(), other.scores.len());
        for (mine, theirs) in self.triage.iter_mut().zip(other.triage) {
            *mine += theirs;
        }
        for (mine, theirs) in (self.patterns.iter_mut().chain(&mut self.causes))
            .zip(other.patterns.iter().chain(&other.causes))
        {
            for (m, t) in mine.iter_mut().zip(theirs) {
                *m += t;
            }
        }
        for (mine, theirs) in self.scores.iter_mut().zip(&other.scores) {
            mine.merge(theirs);
        }
    }

    #[inline]
    fn size_for(&mut self, patterns: usize, causes: usize, scores: usize) {
        if self.patterns.len() < patterns {
            self.patterns.resize(patterns, LevelCounts::default());
        }
        if self.causes.len() < causes {
            self.causes.resize(causes, LevelCounts::default());
        }
        if self.scores.len() < scores {
            self.scores.resize(scores, Spread::default());
        }
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
    let none = LevelCounts::default();
    for (n, p) in q.patterns.iter().enumerate() {
        counts_text(
            &mut out,
            "pattern",
            &p.id,
            tally.patterns.get(n).unwrap_or(&none),
        );
    }
    for (n, c) in q.causes.iter().enumerate() {
        counts_text(
            &mut out,
            "cause",
            &c.id,
            tally.causes.get(n).unwrap_or(&none),
        );
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
        let none = LevelCounts::default();
        let levels = |counts: &[LevelCounts], n: usize| *counts.get(n).unwrap_or(&none);
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
            .map(|(n, p)| (p.id.as_str(), Levels(levels(&tally.patterns, n))))
            .collect();
        map.serialize_entry("patterns", &Ordered(&patterns))?;
        let causes: Vec<(&str, Levels)> = (q.causes.iter().enumerate())
            .map(|(n, c)| (c.id.as_str(), Levels(levels(&tally.causes, n))))
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
