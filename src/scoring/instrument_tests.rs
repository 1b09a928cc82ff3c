//! The shipped instruments (and the ODI's structure, a test fixture) scored by the engine
//! against independent reference implementations of their published scoring, written here
//! from the published rules rather than from the questionnaire files: exhaustively where the
//! answer space allows, otherwise over thousands of generated answer sets, partly answered
//! forms included.

use crate::questionnaire::shipped::by_name;
use crate::questionnaire::triage::Level;
use crate::questionnaire::{Questionnaire, Value, parse};
use crate::scoring::assessment::Assessment;
use crate::scoring::score_slots;

/// A small deterministic generator (xorshift64*), so failures replay.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

fn shipped(name: &str) -> Questionnaire {
    let s = by_name(name).expect("shipped");
    parse(s.text, s.origin).expect("valid")
}

/// The engine's result for answers given as option positions (`None`: unanswered); items
/// after the picks (an unscored closing question) are left unanswered.
fn run<'q>(q: &'q Questionnaire, picks: &[Option<usize>]) -> Assessment<'q> {
    let slots: Vec<Option<&Value>> = (0..q.item_count())
        .map(|slot| {
            picks
                .get(slot)
                .copied()
                .flatten()
                .map(|p| option_value(q, slot, p))
        })
        .collect();
    score_slots(q, &slots)
}

/// The threshold rules of PHQ-9 and GAD-7 (items 0–3 each, cut-off 10), as published plus
/// this project's rule for partly answered forms: a complete total of 10 or more; else, with
/// items open, the answered ones adding up to 10 or more; else, while the open items could
/// still bring the total to 10, "cannot tell".
fn cut_off_rules(picks: &[Option<usize>]) -> Vec<String> {
    let answered: Vec<u32> = picks.iter().flatten().map(|&v| v as u32).collect();
    let sum: u32 = answered.iter().sum();
    let open = (picks.len() - answered.len()) as u32;
    let rule = if open == 0 {
        (sum >= 10).then_some("total_10_or_more")
    } else if sum >= 10 {
        Some("partial_10_or_more")
    } else {
        (sum + 3 * open >= 10).then_some("total_unknown")
    };
    rule.map(String::from).into_iter().collect()
}

/// The answer for option `pick` of the item in `slot`, leaked once per distinct code: the
/// assessment borrows its answers, and a test's few dozen codes are cheap to keep.
fn option_value(q: &Questionnaire, slot: usize, pick: usize) -> &'static Value {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static CACHE: Mutex<Option<HashMap<String, &'static Value>>> = Mutex::new(None);
    let code = q.item_at(slot).options[pick].value.clone();
    let mut cache = CACHE.lock().expect("not poisoned");
    let map = cache.get_or_insert_with(HashMap::new);
    map.entry(code.clone())
        .or_insert_with(|| Box::leak(Box::new(Value::Code(code.into()))))
}

fn score_of(a: &Assessment, id: &str) -> Option<(f64, Option<String>)> {
    a.scores
        .iter()
        .find(|s| s.id == id)
        .map(|s| (s.value, s.band.map(String::from)))
}

fn ids(list: &[crate::scoring::assessment::RedFlag]) -> Vec<String> {
    list.iter().map(|f| f.id.to_string()).collect()
}

// ---- PHQ-9 (Kroenke, Spitzer & Williams 2001) ----

/// Items 0–3 each; the total (0–27) only when all nine are answered; bands 0–4 minimal, 5–9
/// mild, 10–14 moderate, 15–19 moderately severe, 20–27 severe.
fn phq9_reference(
    items: &[Option<usize>],
) -> (Option<(u32, &'static str)>, Level, bool, Vec<String>) {
    let total: Option<u32> = items.iter().map(|i| i.map(|v| v as u32)).sum();
    let band = |t: u32| match t {
        0..=4 => "minimal",
        5..=9 => "mild",
        10..=14 => "moderate",
        15..=19 => "moderately severe",
        _ => "severe",
    };
    let item9 = items[8];
    let harm = item9.is_some_and(|v| v > 0);
    let thresholds = cut_off_rules(items);
    let level = if harm {
        Level::Urgent
    } else if item9.is_none() || !thresholds.is_empty() {
        Level::SeeClinician
    } else {
        Level::SelfCare
    };
    (total.map(|t| (t, band(t))), level, harm, thresholds)
}

fn check_phq9(q: &Questionnaire, picks: &[Option<usize>]) {
    let a = run(q, picks);
    let (total, level, harm, thresholds) = phq9_reference(picks);
    let got = score_of(&a, "phq9_total");
    assert_eq!(
        got,
        total.map(|(t, b)| (f64::from(t), Some(b.to_string()))),
        "{picks:?}"
    );
    assert_eq!(a.level, level, "{picks:?}");
    assert_eq!(a.screening_complete, picks[8].is_some(), "{picks:?}");
    assert_eq!(
        ids(&a.red_flags),
        if harm {
            vec!["self_harm_thoughts".to_string()]
        } else {
            vec![]
        }
    );
    assert_eq!(ids(&a.thresholds), thresholds, "{picks:?}");
    let answered = picks.iter().filter(|p| p.is_some()).count();
    let unscored: Vec<(&str, usize)> = a.unscored.iter().map(|u| (u.id, u.answered)).collect();
    if total.is_none() {
        assert_eq!(unscored, [("phq9_total", answered)], "{picks:?}");
    } else {
        assert!(unscored.is_empty());
    }
}

#[test]
fn phq9_every_complete_form_and_generated_partial_ones() {
    let q = shipped("phq-9");
    // Every complete form: 4^9 = 262,144.
    let mut picks = [Some(0usize); 9];
    for n in 0..4u32.pow(9) {
        let mut rest = n;
        for p in &mut picks {
            *p = Some((rest % 4) as usize);
            rest /= 4;
        }
        check_phq9(&q, &picks);
    }
    // Partly answered forms: each item left out one time in four.
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let picks: Vec<Option<usize>> = (0..9)
            .map(|_| (rng.below(4) != 0).then(|| rng.below(4) as usize))
            .collect();
        check_phq9(&q, &picks);
    }
}

// ---- GAD-7 (Spitzer, Kroenke, Williams & Löwe 2006) ----

#[test]
fn gad7_every_form_complete_or_not() {
    let q = shipped("gad-7");
    // Each item unanswered or 0–3: 5^7 = 78,125 forms, all of them.
    for n in 0..5u32.pow(7) {
        let mut rest = n;
        let picks: Vec<Option<usize>> = (0..7)
            .map(|_| {
                let v = rest % 5;
                rest /= 5;
                (v < 4).then_some(v as usize)
            })
            .collect();
        let total: Option<u32> = picks.iter().map(|p| p.map(|v| v as u32)).sum();
        let band = total.map(|t| match t {
            0..=4 => "minimal",
            5..=9 => "mild",
            10..=14 => "moderate",
            _ => "severe",
        });
        let a = run(&q, &picks);
        assert_eq!(
            score_of(&a, "gad7_total"),
            total.map(|t| (f64::from(t), band.map(String::from))),
            "{picks:?}"
        );
        let thresholds = cut_off_rules(&picks);
        let level = if thresholds.is_empty() {
            Level::SelfCare
        } else {
            Level::SeeClinician
        };
        assert_eq!(a.level, level, "{picks:?}");
        assert!(a.red_flags.is_empty());
        assert_eq!(ids(&a.thresholds), thresholds, "{picks:?}");
        assert_eq!(a.unscored.len(), usize::from(total.is_none()));
    }
}

// ---- Keele STarT Back Screening Tool ----

/// Items 1–8 agree = 1; item 9 (five answers) counts 1 for "very much" or "extremely" (the
/// 4th and 5th). Total = items 1–9; distress = items 5–9. Total ≤ 3 low; else distress ≥ 4
/// high; else medium. No group when the total cannot be given (an item unanswered).
fn startback_reference(
    picks: &[Option<usize>],
) -> (Option<u32>, Option<u32>, Option<&'static str>) {
    let point = |n: usize, p: usize| u32::from(if n == 8 { p >= 3 } else { p == 1 });
    let sum = |range: std::ops::Range<usize>| -> Option<u32> {
        range.map(|n| picks[n].map(|p| point(n, p))).sum()
    };
    let total = sum(0..9);
    let distress = sum(4..9);
    let group = match (total, distress) {
        (Some(t), _) if t <= 3 => Some("low"),
        (Some(_), Some(d)) if d >= 4 => Some("high"),
        (Some(_), _) => Some("medium"),
        (None, _) => None,
    };
    (total, distress, group)
}

#[test]
fn startback_every_form_complete_or_not() {
    let q = shipped("startback");
    // Items 1–8: disagree, agree or unanswered; item 9: five answers or unanswered.
    // 3^8 × 6 = 39,366 forms, all of them.
    for n in 0..3u32.pow(8) * 6 {
        let mut rest = n;
        let mut picks: Vec<Option<usize>> = (0..8)
            .map(|_| {
                let v = rest % 3;
                rest /= 3;
                (v < 2).then_some(v as usize)
            })
            .collect();
        picks.push((rest < 5).then_some(rest as usize));
        let (total, distress, group) = startback_reference(&picks);
        let a = run(&q, &picks);
        assert_eq!(
            score_of(&a, "sbst_total").map(|s| s.0),
            total.map(f64::from),
            "{picks:?}"
        );
        assert_eq!(
            score_of(&a, "sbst_distress").map(|s| s.0),
            distress.map(f64::from),
            "{picks:?}"
        );
        assert_eq!(a.classifications[0].class, group, "{picks:?}");
        assert_eq!(a.level, Level::SelfCare);
    }
}

// ---- Oswestry Disability Index: structure only (licensed; a test fixture) ----

#[test]
fn odi_index_over_generated_forms_with_skipped_sections() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/odi-structure.yaml"
    ))
    .expect("fixture");
    let q = parse(&text, "odi-structure.yaml").expect("valid");
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    for round in 0..20_000 {
        // Sections skipped one time in five, and now and then almost all of them.
        let skip = if round % 10 == 0 { 6 } else { 1 };
        let picks: Vec<Option<usize>> = (0..10)
            .map(|_| (rng.below(6) >= skip).then(|| rng.below(6) as usize))
            .collect();
        let answered: u64 = picks.iter().filter(|p| p.is_some()).count() as u64;
        let sum: u64 = picks.iter().flatten().map(|&p| p as u64).sum();
        // index = sum / (5 × answered) × 100 = 20·sum/answered; tenths rounded half up (the
        // index is never negative), in integers.
        let expected = (answered > 0).then(|| {
            let tenths = (400 * sum + answered) / (2 * answered);
            tenths as f64 / 10.0
        });
        let band = expected.map(|v| match v {
            v if v <= 20.0 => "minimal disability",
            v if v <= 40.0 => "moderate disability",
            v if v <= 60.0 => "severe disability",
            v if v <= 80.0 => "crippled",
            _ => "bed-bound or exaggerating",
        });
        let a = run(&q, &picks);
        let got = score_of(&a, "odi_index");
        assert_eq!(
            got.as_ref().map(|g| g.1.clone()),
            band.map(|b| Some(b.to_string())),
            "{picks:?}"
        );
        match (got, expected) {
            (Some((g, _)), Some(e)) => assert!((g - e).abs() < 1e-9, "{picks:?}: {g} vs {e}"),
            (g, e) => assert_eq!(g.map(|x| x.0), e, "{picks:?}"),
        }
    }
    // The fact sheet's example: 16 points over nine sections is 35.6 (35.55… rounded).
    let picks = [3, 4, 2, 1, 5, 1, 0, 0, 0]
        .map(Some)
        .into_iter()
        .chain([None])
        .collect::<Vec<_>>();
    assert_eq!(
        score_of(&run(&q, &picks), "odi_index").map(|s| s.0),
        Some(35.6)
    );
}
