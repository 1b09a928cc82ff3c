//! The tables' fast paths against the general ones they stand in for: a record scored with
//! [`Program::for_many`] (tables) must come out as with [`Program::new`] (conditions walked
//! as trees, scores computed item by item), field by field, on generated sheets — partly
//! answered, with codes no item has, answers of another kind than the item's (unchecked
//! answers), and numbers on and around every bound.

use super::*;
use crate::document;
use crate::questionnaire::Definition;
use crate::questionnaire::shipped::SHIPPED;
use crate::questionnaire::{Value, parse};
use crate::scoring::Scored;
use crate::scoring::scores::{self, Computed};
use crate::scoring::sheet::{Answer, Sheet};
use crate::testing::Rng;
use crate::testing::value_for;

/// Scores of every kind the tables take (no formula), in place of `ratio`: counts, means,
/// proration and a minimum answered, over every kind of item; and rules on them.
const AGGREGATES: &str = r"  - {id: count, label: C, items: [yn, sc, mc, int, num, late], method: count}
  - {id: mean, label: M, items: [sc, int, num], method: mean, min_answered: 2, decimals: 2}
  - {id: pro, label: P, items: [yn, sc, int, late], prorate: true, min_answered: 2, decimals: 1}
rules:
  - {id: r1, when: {score: total, op: '>=', value: 7}, triage: see_clinician, message: M}
  - {id: r2, when: {score: mean, op: '<', value: 2.5}, triage: urgent, message: M}
  - {id: r3, when: {q: num, op: '>', value: 2.5}, triage: see_clinician, message: M}
  - id: r4
    when: {all: [{q: int, op: '<=', value: 3}, {q: yn, op: '=', value: 'yes'}]}
    triage: emergency
    message: M
  - id: r5
    when: {any: [{q: mc, op: contains, value: x}, {q: late, op: '=', value: 'no'}]}
    triage: urgent
    message: M
";

/// A sheet of generated answers, with some made odd as unchecked answers can be.
fn sheet(p: &Program, rng: &mut Rng, answered: u64) -> Sheet {
    let q = p.q;
    let values: Vec<Option<Value>> = (q.items())
        .map(|item| (rng.next() % 10 < answered).then(|| value_for(item, rng.next())))
        .collect();
    let slots: Vec<Option<&Value>> = values.iter().map(Option::as_ref).collect();
    let mut sheet = Sheet::of_values(p, &slots);
    for slot in 0..sheet.answers.len() {
        let item = q.item_at(slot);
        let bound = |b: Option<f64>| b.unwrap_or(0.0) as i64;
        sheet.answers[slot] = match rng.next() % 24 {
            0 => Answer::Code(Answer::UNKNOWN_CODE),
            1 => Answer::Int(bound(item.min) - 1 + (rng.next() % 4) as i64),
            2 => Answer::Int(bound(item.max) - 2 + (rng.next() % 4) as i64),
            3 => Answer::Num((rng.next() % 12) as f64 / 2.0),
            4 => Answer::Code((rng.next() % 4) as u32),
            _ => continue,
        };
    }
    sheet
}

/// The shipped questionnaires, every operator on every kind of item (unvalidated), and its
/// items with scores of every kind the flat tables take.
fn questionnaires() -> Vec<Questionnaire> {
    let mut all: Vec<Questionnaire> = (SHIPPED.iter())
        .map(|s| parse(s.text, s.origin).expect("valid"))
        .collect();
    all.push(super::tests::every_operator());
    let ratio = "  - {id: ratio, label: Ratio, formula: total / int}\n";
    let text = super::tests::EVERY_OPERATOR.replace(ratio, AGGREGATES);
    assert_ne!(text, super::tests::EVERY_OPERATOR);
    let definition: Definition = document::from_yaml(&text, "agg.yaml").expect("parses");
    all.push(Questionnaire::new(definition));
    all
}

#[test]
fn flat_scores_are_the_computed_ones() {
    let mut tabled = 0;
    for q in questionnaires() {
        let p = Program::new(&q);
        // Scores with formulas are computed the general way.
        let Some(w) = Weights::new(&q, &p.items) else {
            continue;
        };
        tabled += 1;
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let (mut fast, mut slow) = (Computed::default(), Computed::default());
        for set in 0..3_000 {
            let sheet = sheet(&p, &mut rng, set % 11);
            w.compute(&p, &sheet.answers, &sheet.bits, &mut fast);
            scores::compute(&p, &sheet.answers, &sheet.bits, &mut slow);
            let bits = |c: &Computed| -> Vec<Option<u64>> {
                c.values.iter().map(|v| v.map(f64::to_bits)).collect()
            };
            assert_eq!(bits(&fast), bits(&slow), "{} {:?}", q.id, sheet.answers);
            assert_eq!(fast.answered, slow.answered, "{}", q.id);
        }
    }
    assert!(
        tabled >= 2,
        "the default questionnaire and `agg` have flat scores"
    );
}

/// Everything a scored record has, as the writers read it.
fn seen(s: &Scored) -> String {
    format!(
        "{:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
        s.enabled,
        s.answers,
        s.scores,
        s.fires,
        s.fired,
        s.level,
        s.stopped,
        s.advice_rule,
        s.red_flags,
        s.thresholds,
        s.open_red_flags,
        (&s.patterns, &s.causes),
        s.levels,
        s.suggestions,
        s.classes,
    )
}

#[test]
fn scoring_with_tables_is_scoring_without() {
    for q in questionnaires() {
        let (general, fast) = (Program::new(&q), Program::for_many(&q));
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        // One `Scored` kept from record to record, as the batch scorer keeps it.
        let mut kept = Scored::default();
        for set in 0..3_000 {
            let sheet = sheet(&general, &mut rng, set % 11);
            let mut want = Scored::default();
            want.score(&general, &sheet);
            kept.score(&fast, &sheet);
            // Never under-triage: the fast path's level is the general one, so never lower.
            assert!(kept.level >= want.level, "{} {:?}", q.id, sheet.answers);
            assert_eq!(seen(&kept), seen(&want), "{} {:?}", q.id, sheet.answers);
        }
    }
}

#[test]
fn scoring_without_rule_lists_leaves_them_empty_and_the_rest_as_it_was() {
    // Lean and wide lines score without `fires` and `fired`: triage, ranking and the
    // suggestions read the fired rules' bits, which are the same.
    let mut some_fired = 0;
    for q in questionnaires() {
        let fast = Program::for_many(&q);
        let mut rng = Rng(0x510e_527f_ade6_82d1);
        let (mut kept, mut lean) = (Scored::default(), Scored::without_rule_lists());
        for set in 0..3_000 {
            let sheet = sheet(&fast, &mut rng, set % 11);
            kept.score(&fast, &sheet);
            lean.score(&fast, &sheet);
            assert!(lean.fires.is_empty() && lean.fired.is_empty(), "{}", q.id);
            assert_eq!(lean.fired_bits, kept.fired_bits, "{}", q.id);
            some_fired += kept.fired.len().min(1);
            let mut full = kept.clone();
            (full.fires, full.fired) = (Vec::new(), Vec::new());
            assert_eq!(seen(&lean), seen(&full), "{} {:?}", q.id, sheet.answers);
        }
    }
    assert!(some_fired > 1_000, "rules fire in {some_fired} sets");
}

#[test]
fn scoring_from_code_bits_a_reader_set_is_scoring_without_tables() {
    // The reader sets the code answers' bits as it reads them; scoring then reads those
    // instead of the slots, and flips back the items settling turns off.
    let (mut read, mut walked) = (0, 0);
    for q in questionnaires() {
        let (general, fast) = (Program::new(&q), Program::for_many(&q));
        let mut rng = Rng(0x3c6e_f372_fe94_f82b);
        let mut kept = Scored::default();
        for set in 0..3_000 {
            let mut sheet = sheet(&general, &mut rng, set % 11);
            match sheet.codes_of_answers(&fast) {
                Some(truth) => {
                    (sheet.code_truth, sheet.codes_read) = (truth, true);
                    read += 1;
                }
                None => walked += 1,
            }
            let mut want = Scored::default();
            want.score(&general, &sheet);
            kept.score(&fast, &sheet);
            assert_eq!(seen(&kept), seen(&want), "{} {:?}", q.id, sheet.answers);
        }
    }
    assert!(
        read > 1_000 && walked > 1_000,
        "{read} read, {walked} walked"
    );
}

#[test]
fn the_unanswered_count_is_the_unanswered_slots() {
    for q in questionnaires() {
        let (general, fast) = (Program::new(&q), Program::for_many(&q));
        let mut rng = Rng(0x6a09_e667_f3bc_c908);
        let (mut kept, mut walked) = (Scored::default(), Scored::default());
        let mut some = 0;
        for set in 0..3_000 {
            let sheet = sheet(&general, &mut rng, set % 11);
            kept.score(&fast, &sheet);
            walked.score(&general, &sheet);
            for s in [&kept, &walked] {
                assert_eq!(s.unanswered_count(), s.unanswered().count(), "{}", q.id);
            }
            some += kept.unanswered_count().min(1);
        }
        assert!(
            some > 0,
            "{}: some records leave questions unanswered",
            q.id
        );
    }
}

#[test]
fn a_choice_of_more_than_sixty_three_codes_is_scored_as_without_tables() {
    // Past 63 codes a slot's rows no longer fit a word's bits of which set something: all
    // are read. Rules on codes on both sides of that line, and on the last.
    let options: Vec<String> = (0..70)
        .map(|n| format!("{{value: o{n}, label: O{n}}}"))
        .collect();
    let mut text = super::tests::EVERY_OPERATOR.replace(
        "      - {id: int,",
        &format!(
            "      - {{id: long, type: single_choice, text: L, options: [{}]}}\n      - {{id: int,",
            options.join(", ")
        ),
    );
    text += "rules:\n";
    for (n, when) in [
        "{q: long, op: '=', value: o1}",
        "{q: long, op: '=', value: o63}",
        "{q: long, op: in, value: [o2, o64, o69]}",
        "{q: long, op: '!=', value: o65}",
        "{q: long, op: answered, value: false}",
    ]
    .iter()
    .enumerate()
    {
        let _ = std::fmt::Write::write_fmt(
            &mut text,
            format_args!("  - {{id: l{n}, when: {when}, triage: urgent, message: M}}\n"),
        );
    }
    let definition: Definition = document::from_yaml(&text, "long.yaml").expect("parses");
    let q = Questionnaire::new(definition);
    let (general, fast) = (Program::new(&q), Program::for_many(&q));
    let slot = (0..q.item_count())
        .find(|&slot| q.item_at(slot).id == "long")
        .expect("the long item");
    let mut kept = Scored::default();
    let mut fired = Vec::new();
    let answers = (0..72).map(Answer::Code).chain([
        Answer::None,
        Answer::Code(Answer::UNKNOWN_CODE),
        Answer::Int(3),
    ]);
    for answer in answers {
        let mut sheet = Sheet::new(&general);
        sheet.answers[slot] = answer;
        let mut want = Scored::default();
        want.score(&general, &sheet);
        kept.score(&fast, &sheet);
        assert_eq!(seen(&kept), seen(&want), "{answer:?}");
        if !fired.contains(&kept.fired) {
            fired.push(kept.fired.clone());
        }
    }
    assert!(fired.len() >= 5, "the rules fire apart: {fired:?}");
}

#[test]
fn flat_scores_kept_whole_are_rounded_when_an_answer_is_not_small() {
    // A score of whole weights is kept whole without rounding only while every whole
    // number an item gives is small: large ones, and decimals, take the rounding way.
    let q = crate::testing::embedded();
    let p = Program::new(&q);
    let w = Weights::new(&q, &p.items).expect("flat scores");
    assert!(w.kept_whole() > 0, "some scores are kept whole");
    let numbers: Vec<usize> = (0..q.item_count())
        .filter(|&slot| q.item_at(slot).kind == crate::questionnaire::ItemType::Integer)
        .collect();
    assert!(!numbers.is_empty());
    let mut rng = Rng(0x510e_527f_ade6_82d1);
    let (mut fast, mut slow) = (Computed::default(), Computed::default());
    for set in 0..2_000 {
        let mut sheet = sheet(&p, &mut rng, set % 11);
        for &slot in &numbers {
            let big = 1i64 << (rng.next() % 62);
            sheet.answers[slot] = match rng.next() % 5 {
                0 => Answer::Int(big),
                1 => Answer::Int(-big - (rng.next() % 3) as i64),
                2 => Answer::Num(big as f64 + 0.5),
                3 => Answer::Int(i64::MIN),
                _ => continue,
            };
        }
        w.compute(&p, &sheet.answers, &sheet.bits, &mut fast);
        scores::compute(&p, &sheet.answers, &sheet.bits, &mut slow);
        let bits = |c: &Computed| -> Vec<Option<u64>> {
            c.values.iter().map(|v| v.map(f64::to_bits)).collect()
        };
        assert_eq!(bits(&fast), bits(&slow), "{:?}", sheet.answers);
    }
}
