//! `dgs score --output wide`: CSV with one row per record under a fixed header, to open as is
//! in a spreadsheet, R (`read.csv`) or pandas (`read_csv`).
//!
//! The columns are `respondent`, `triage`, `screening_complete`, `stopped_early`,
//! `red_flags` and `unanswered_red_flags` (ids separated by spaces), then for each pattern and
//! cause in questionnaire order `pattern_<id>_score` and `pattern_<id>_level` (or `cause_…`),
//! then for each score `score_<id>` and `score_<id>_band`, for each classification
//! `class_<id>` (its class id, empty for none), and last `error`: empty for a
//! scored record, and why it could not be scored otherwise (every other cell but the
//! respondent is then empty). A questionnaire with `threshold` rules has a `thresholds`
//! column (ids) after `unanswered_red_flags`, and one with a score that needs a minimum of
//! answers has an `unscored` column (the ids of the scores too few answers left without a
//! value) before `error`. A pattern or cause that was not assessed (screening stopped at an
//! emergency), and a score with no value, have empty cells, which R and pandas read as
//! missing, not as 0.
//!
//! Text that did not come from the questionnaire (a respondent, an error quoting the input)
//! goes through [`csv_cell`], so a cell such as `=HYPERLINK(…)` is shown, never run.

use super::id_pairs::IdPairs;
use super::lean::{triage_piece, triage_texts};
use super::numbers::{float, unsigned};
use super::pieces::{Pieces, append_window};
use super::ranked_texts::{LIKELIHOODS, rank_piece};
use super::respondent::{Respondent, text_cell};
use super::score_texts::ScoreTexts;
use crate::questionnaire::Questionnaire;
use crate::scoring::{Program, Rank, Scored, band, is_unscored};

pub struct WideWriter {
    header: Vec<u8>,
    /// Commas for the cells between the respondent and `error` of a row that has no result.
    empty_result: Vec<u8>,
    patterns: usize,
    causes: usize,
    scores: usize,
    /// Whether the `thresholds` column is there: only for questionnaires with threshold rules,
    /// so other questionnaires' headers are as they were.
    thresholds: bool,
    /// Whether the `unscored` column is there: only for questionnaires with a score that
    /// needs a minimum of answers.
    unscored: bool,
    /// By [`triage_piece`]: `,see_clinician,true,false`, the cells after the respondent's.
    triage: Vec<([u8; TRIAGE], usize)>,
    /// By rule and by item slot (the safety questions paired): ` id`, and every two of them.
    /// Boxed: the batch writer is an enum of writers, kept small.
    rules: Box<IdPairs>,
    items: Box<IdPairs>,
    /// By [`rank_piece`]: a target's cells, `,67,possible`, in a window of [`CELLS`] bytes,
    /// and their length: a window of their own, a quarter of a piece's.
    cells: Vec<([u8; CELLS], usize)>,
    /// By score, for whole values: its cells, `,6,moderate`.
    score_texts: ScoreTexts,
}

impl WideWriter {
    pub fn new(q: &Questionnaire) -> WideWriter {
        let mut columns: Vec<String> = [
            "respondent",
            "triage",
            "screening_complete",
            "stopped_early",
            "red_flags",
            "unanswered_red_flags",
        ]
        .map(String::from)
        .to_vec();
        let thresholds = q.rules.iter().any(|r| r.threshold);
        if thresholds {
            columns.push("thresholds".into());
        }
        for (kind, targets) in [("pattern", &q.patterns), ("cause", &q.causes)] {
            for t in targets {
                columns.push(format!("{kind}_{}_score", t.id));
                columns.push(format!("{kind}_{}_level", t.id));
            }
        }
        for s in &q.scores {
            columns.push(format!("score_{}", s.id));
            columns.push(format!("score_{}_band", s.id));
        }
        for c in &q.classifications {
            columns.push(format!("class_{}", c.id));
        }
        let unscored = q.scores.iter().any(|s| s.min_answered.is_some());
        if unscored {
            columns.push("unscored".into());
        }
        columns.push("error".into());
        let mut header = columns.join(",").into_bytes();
        header.push(b'\n');
        WideWriter {
            header,
            empty_result: vec![b','; columns.len() - 1],
            patterns: q.patterns.len(),
            causes: q.causes.len(),
            scores: q.scores.len(),
            thresholds,
            unscored,
            triage: triage_texts(|level, complete, stopped| {
                format!(",{level},{complete},{stopped}")
            }),
            rules: Box::new(IdPairs::new(
                spaced(q.rules.iter().map(|r| r.id.as_str())),
                |_| true,
            )),
            items: Box::new(IdPairs::new(
                spaced(q.items().map(|i| i.id.as_str())),
                |slot| q.item_at(slot).red_flag.is_some(),
            )),
            cells: target_cells(),
            score_texts: ScoreTexts::new(q.scores.len(), |buf, n, value| {
                score_cells(buf, q, n, value);
            }),
        }
    }

    /// The header row, with its line break.
    pub fn header(&self) -> &[u8] {
        &self.header
    }

    /// Appends a scored record's row (no line break).
    pub fn write(
        &self,
        buf: &mut Vec<u8>,
        p: &Program,
        s: &Scored,
        respondent: Option<Respondent>,
    ) {
        let q = p.q;
        if let Some(respondent) = respondent {
            respondent.write_cell(buf);
        }
        append_window(buf, &self.triage[triage_piece(s)]);
        // Id cells, each after its comma: an id's piece has the space before it.
        self.rules.append_led(buf, b',', &s.red_flags);
        self.items.append_led(buf, b',', &s.open_red_flags);
        if self.thresholds {
            self.rules.append_led(buf, b',', &s.thresholds);
        }
        self.targets(buf, &s.patterns, self.patterns, s.assessed());
        self.targets(buf, &s.causes, self.causes, s.assessed());
        for (n, value) in s.scores.values.iter().enumerate().take(self.scores) {
            match *value {
                Some(value) => {
                    if !self.score_texts.append(buf, n, value) {
                        score_cells(buf, q, n, value);
                    }
                }
                None => buf.extend_from_slice(b",,"),
            }
        }
        for (c, class) in q.classifications.iter().zip(&s.classes) {
            buf.push(b',');
            if let Some(k) = class {
                buf.extend_from_slice(c.classes[*k as usize].id.as_bytes());
            }
        }
        if self.unscored {
            buf.push(b',');
            let unscored = (0..q.scores.len()).filter(|&n| is_unscored(q, &s.scores, n));
            ids(buf, unscored.map(|n| q.scores[n].id.as_str()));
        }
        // The `error` cell, empty.
        buf.push(b',');
    }

    /// `,score,level` for each target in questionnaire order; empty cells when not assessed.
    fn targets(&self, buf: &mut Vec<u8>, ranked: &[Rank], count: usize, assessed: bool) {
        if !assessed {
            buf.resize(buf.len() + 2 * count, b',');
            return;
        }
        // By target: its (first) place in `ranked`, for the common case of a few dozen
        // targets.
        let mut place = [u8::MAX; 64];
        if count <= place.len() && ranked.len() < usize::from(u8::MAX) {
            for (n, r) in ranked.iter().enumerate().rev() {
                if let Some(at) = place.get_mut(r.index as usize) {
                    *at = n as u8;
                }
            }
            for &at in &place[..count] {
                self.cell(buf, ranked.get(usize::from(at)));
            }
        } else {
            for index in 0..count {
                // Ranked lists are a dozen entries: a search per column costs less than
                // sorting.
                self.cell(buf, ranked.iter().find(|r| r.index as usize == index));
            }
        }
    }

    #[inline]
    fn cell(&self, buf: &mut Vec<u8>, found: Option<&Rank>) {
        match found {
            Some(r) => append_window(buf, &self.cells[rank_piece(r)]),
            None => buf.extend_from_slice(b",,"),
        }
    }

    /// Appends the row of a record that could not be scored (no line break).
    pub fn write_error(&self, buf: &mut Vec<u8>, respondent: Option<Respondent>, error: &str) {
        if let Some(respondent) = respondent {
            respondent.write_cell(buf);
        }
        buf.extend_from_slice(&self.empty_result);
        text_cell(buf, error);
    }
}

/// Room for the triage cells, `,see_clinician,false,false`.
const TRIAGE: usize = 32;

/// ` id` for each of `ids`.
fn spaced<'a>(ids: impl Iterator<Item = &'a str>) -> Pieces {
    Pieces::of(ids.map(|id| format!(" {id}")))
}

/// Room for a target's cells, `,255,possible`.
const CELLS: usize = 16;

/// By [`rank_piece`]: a target's cells for every score (0–255) and level, written, not
/// formatted: 768 `format!` calls were a tenth of the start.
fn target_cells() -> Vec<([u8; CELLS], usize)> {
    let mut cells = Vec::with_capacity(256 * LIKELIHOODS.len());
    let mut text = Vec::with_capacity(CELLS);
    for score in 0..=u8::MAX {
        for level in LIKELIHOODS {
            text.clear();
            text.push(b',');
            unsigned(&mut text, u64::from(score));
            text.push(b',');
            text.extend_from_slice(level.name().as_bytes());
            let mut window = [0; CELLS];
            window[..text.len()].copy_from_slice(&text);
            cells.push((window, text.len()));
        }
    }
    cells
}

/// A score's value and band cells, `,6,moderate`.
fn score_cells(buf: &mut Vec<u8>, q: &Questionnaire, n: usize, value: f64) {
    buf.push(b',');
    float(buf, value);
    buf.push(b',');
    buf.extend_from_slice(band(&q.scores[n], value).unwrap_or_default().as_bytes());
}

/// Ids (validated `[a-z0-9_]`) separated by spaces: one cell, nothing to quote.
fn ids<'a>(buf: &mut Vec<u8>, ids: impl Iterator<Item = &'a str>) {
    for (n, id) in ids.enumerate() {
        if n > 0 {
            buf.push(b' ');
        }
        buf.extend_from_slice(id.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::pieces::windowed;

    /// Every score and level's cells are what formatting them gives, in a window of zeros.
    #[test]
    fn target_cells_are_the_formatted_cells() {
        let cells = target_cells();
        for score in 0..=u8::MAX {
            for level in LIKELIHOODS {
                let r = Rank {
                    index: 0,
                    score,
                    level,
                    points: 0.0,
                };
                let want = windowed::<CELLS>(&format!(",{score},{}", level.name()));
                assert_eq!(cells[rank_piece(&r)], want);
            }
        }
    }
    use crate::scoring::score;
    use crate::testing::{answers, embedded, scored};

    fn rows(bytes: &[u8]) -> Vec<csv::StringRecord> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes);
        reader.records().map(Result::unwrap).collect()
    }

    #[test]
    fn a_row_has_a_cell_under_every_column_and_says_what_the_assessment_says() {
        let q = embedded();
        let writer = WideWriter::new(&q);
        let given = answers(&q, &["buttock_pain=yes", "pain_intensity=6"]);
        let a = score(&q, &given);
        let p = Program::for_many(&q);
        let (_, s) = scored(&p, &given);
        let mut buf = writer.header().to_vec();
        let (hostile, seven) = (
            serde_json::json!("=cmd|' /C calc'!A0"),
            serde_json::json!(7),
        );
        writer.write(&mut buf, &p, &s, Some(Respondent::Json(&hostile)));
        buf.push(b'\n');
        writer.write_error(
            &mut buf,
            Some(Respondent::Json(&seven)),
            "line 3: invalid answer `\"x,y\"`; @bad",
        );
        buf.push(b'\n');
        let rows = rows(&buf);
        let header = &rows[0];
        assert!(rows.iter().all(|r| r.len() == header.len()));
        let cell = |row: usize, column: &str| {
            let at = header.iter().position(|c| c == column).unwrap();
            rows[row][at].to_string()
        };
        assert_eq!(cell(1, "respondent"), "'=cmd|' /C calc'!A0");
        assert_eq!(cell(1, "triage"), a.level.name());
        assert_eq!(cell(1, "error"), "");
        for r in &a.patterns {
            let column = format!("pattern_{}_score", r.id);
            assert_eq!(cell(1, &column), r.score.to_string());
            assert_eq!(cell(1, &format!("pattern_{}_level", r.id)), r.level.name());
        }
        for s in &a.scores {
            let written: f64 = cell(1, &format!("score_{}", s.id)).parse().unwrap();
            assert!((written - s.value).abs() < 1e-9, "{written}");
        }
        assert_eq!(cell(2, "respondent"), "7");
        assert_eq!(cell(2, "triage"), "");
        assert_eq!(cell(2, "error"), "line 3: invalid answer `\"x,y\"`; @bad");
    }

    #[test]
    fn rows_say_what_the_assessment_says_for_every_shipped_questionnaire() {
        use crate::testing::generated_answer_sets;
        for shipped in crate::questionnaire::shipped::SHIPPED {
            let q = crate::questionnaire::parse(shipped.text, shipped.origin).unwrap();
            let (p, writer) = (Program::for_many(&q), WideWriter::new(&q));
            let mut buf = writer.header().to_vec();
            let mut assessments = Vec::new();
            for set in generated_answer_sets(&q, 300) {
                let flags: Vec<&str> = set.iter().map(String::as_str).collect();
                let given = answers(&q, &flags);
                let (_, s) = scored(&p, &given);
                writer.write(&mut buf, &p, &s, None);
                buf.push(b'\n');
                assessments.push(given);
            }
            let rows = rows(&buf);
            let header = &rows[0];
            let at = |column: &str| header.iter().position(|c| c == column);
            for (row, given) in rows[1..].iter().zip(&assessments) {
                let a = score(&q, given);
                assert_eq!(row.len(), header.len());
                assert_eq!(&row[at("triage").unwrap()], a.level.name());
                for s in &q.scores {
                    let cell = &row[at(&format!("score_{}", s.id)).unwrap()];
                    let value = a.scores.iter().find(|r| r.id == s.id).map(|r| r.value);
                    // No value is an empty cell, never 0.
                    assert_eq!(cell.parse::<f64>().ok(), value, "{}", s.id);
                }
                let unscored: Vec<&str> = a.unscored.iter().map(|u| u.id).collect();
                match at("unscored") {
                    Some(n) => assert_eq!(row[n].split_whitespace().collect::<Vec<_>>(), unscored),
                    None => assert!(unscored.is_empty()),
                }
            }
        }
    }
}
