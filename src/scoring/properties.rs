//! Property tests of the safety rules, over random answer sets for the default questionnaire
//! and over random questionnaires built from the format's own parts.

use proptest::prelude::*;

use super::*;
use crate::questionnaire::Answers;
use crate::questionnaire::ItemType;
use crate::questionnaire::triage::Level;
use crate::testing::{embedded, value_for};

/// Random answer sets: each item answered (with a random valid value) or not.
fn answer_sets(q: &'static Questionnaire) -> impl Strategy<Value = Answers> {
    prop::collection::vec((any::<bool>(), any::<u64>()), q.item_count()).prop_map(move |choices| {
        q.items()
            .zip(choices)
            .filter(|(_, (answered, _))| *answered)
            .map(|(item, (_, seed))| (item.id.clone(), value_for(item, seed)))
            .collect()
    })
}

fn questionnaire() -> &'static Questionnaire {
    static Q: std::sync::OnceLock<Questionnaire> = std::sync::OnceLock::new();
    Q.get_or_init(embedded)
}

fn compact(q: &Questionnaire, a: &Assessment) -> Vec<u8> {
    crate::testing::compact(q, a, None)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Scoring never panics, and the same answers give the same bytes.
    #[test]
    fn scoring_is_total_and_deterministic(answers in answer_sets(questionnaire())) {
        let q = questionnaire();
        let first = compact(q, &score(q, &answers));
        let again = compact(q, &score(q, &answers.clone()));
        prop_assert_eq!(first, again);
    }

    /// Turning one red-flag answer from `no` to `yes` never lowers the level, and a red-flag
    /// `yes` gives at least its tier whatever else was answered.
    #[test]
    fn red_flags_only_ever_raise_triage(answers in answer_sets(questionnaire())) {
        let q = questionnaire();
        let before = score(q, &answers).level;
        for item in q.items().filter(|i| i.red_flag.is_some() && i.kind == ItemType::YesNo) {
            let mut flipped = answers.clone();
            flipped.insert(item.id.clone(), Value::Code("yes".into()));
            let after = score(q, &flipped);
            let asked = after.answer(&item.id).is_some();
            if answers.get(&item.id) == Some(&Value::Code("no".into())) {
                prop_assert!(after.level >= before, "{} no→yes lowered {:?} to {:?}", item.id, before, after.level);
            }
            if asked {
                let tier = item.red_flag.unwrap_or(Level::SeeClinician);
                prop_assert!(after.level >= tier, "{} = yes gave {:?}, below {:?}", item.id, after.level, tier);
            }
        }
    }

    /// With any red-flag question open, the result is never plain self-care, however many
    /// other answers are missing.
    #[test]
    fn an_open_red_flag_never_gives_self_care(answers in answer_sets(questionnaire())) {
        let q = questionnaire();
        let a = score(q, &answers);
        if !a.unanswered_red_flags.is_empty() {
            prop_assert!(!a.screening_complete);
            prop_assert!(a.level >= Level::SeeClinician, "{:?} with {:?} open", a.level, a.unanswered_red_flags);
        }
    }
}

/// Random questionnaires from the format's parts: valid or not, loading never panics, and a
/// questionnaire that loads scores any valid answer set.
mod random_questionnaires {
    use proptest::prelude::*;
    use serde_json::{Value as Json, json};

    use super::compact;
    use crate::questionnaire::Answers;
    use crate::questionnaire::parse;
    use crate::scoring::score;
    use crate::testing::value_for;

    const TYPES: [&str; 5] = [
        "yes_no",
        "single_choice",
        "multiple_choice",
        "integer",
        "number",
    ];
    const LEVELS: [&str; 4] = ["emergency", "urgent", "see_clinician", "self_care"];

    /// A valid leaf on one of `items` (id, type), chosen by `seed`.
    fn leaf(items: &[(String, &str)], seed: u64) -> Json {
        let (id, kind) = &items[(seed % items.len() as u64) as usize];
        let s = seed / 7;
        match *kind {
            "yes_no" if s % 3 == 0 => json!({"q": id, "op": "answered", "value": s % 2 == 0}),
            "yes_no" => {
                json!({"q": id, "op": if s % 2 == 0 { "=" } else { "!=" }, "value": if s % 4 < 2 { "yes" } else { "no" }})
            }
            "single_choice" => json!({"q": id, "op": "in", "value": ["a", "b"]}),
            "multiple_choice" => {
                let code = ["a", "b", "c"][(s % 3) as usize];
                json!({"q": id, "op": "contains", "value": code})
            }
            _ => {
                let op = [">=", "<", "=", ">"][(s % 4) as usize];
                json!({"q": id, "op": op, "value": s % 10})
            }
        }
    }

    fn condition(items: &[(String, &str)], seed: u64, depth: u32) -> Json {
        match seed % 6 {
            0 if depth > 0 => {
                json!({"all": [condition(items, seed / 6, depth - 1), condition(items, seed / 36, depth - 1)]})
            }
            1 if depth > 0 => {
                json!({"any": [condition(items, seed / 6, depth - 1), leaf(items, seed / 11)]})
            }
            2 if depth > 0 => json!({"not": condition(items, seed / 6, depth - 1)}),
            _ => leaf(items, seed / 6),
        }
    }

    /// A valid questionnaire from `seeds` (one item each), then, for about a third of
    /// them, one mutation that the validator must catch.
    fn questionnaire_yaml(seeds: &[u64]) -> String {
        let mut items: Vec<Json> = Vec::new();
        let mut known: Vec<(String, &str)> = Vec::new();
        for (n, &seed) in seeds.iter().enumerate() {
            let kind = TYPES[(seed % 5) as usize];
            let id = format!("i{n}");
            let mut item = json!({"id": id, "type": kind, "text": format!("Q{n}?"), "required": seed % 2 == 0});
            // Red flags only on leading items, as the format requires.
            if n < 2 && seed % 3 == 0 {
                item["red_flag"] = json!(LEVELS[(seed / 3 % 3) as usize]);
                item["required"] = json!(true);
            }
            match kind {
                "single_choice" => {
                    item["options"] = json!([{"value": "a", "label": "A", "weight": 1}, {"value": "b", "label": "B"}, {"value": "c", "label": "C", "weight": 2}]);
                }
                "multiple_choice" => {
                    item["options"] = json!([{"value": "a", "label": "A", "weight": 1}, {"value": "b", "label": "B"}, {"value": "c", "label": "C"}, {"value": "none", "label": "None", "exclusive": true}]);
                }
                "integer" | "number" => {
                    item["min"] = json!(0);
                    item["max"] = json!(10 + seed % 30);
                }
                _ => {}
            }
            if !known.is_empty() && seed % 4 == 1 {
                item["enable_when"] = condition(&known, seed / 4, 2);
            }
            known.push((id, kind));
            items.push(item);
        }
        let rules: Vec<Json> = seeds
            .iter()
            .enumerate()
            .map(|(n, &s)| {
                let mut rule = json!({"id": format!("r{n}"), "when": condition(&known, s / 5, 3), "patterns": {"p": 1 + s % 3}, "causes": {"c": 1}});
                if s % 4 == 0 {
                    rule["triage"] = json!(LEVELS[(s / 4 % 4) as usize]);
                    rule["message"] = json!("m");
                    rule["stop"] = json!(s / 4 % 4 == 0);
                }
                rule
            })
            .collect();
        let mut doc = json!({
            "format": "dgs-questionnaire/1",
            "id": "random",
            "version": "1",
            "title": "T",
            "disclaimer": "D",
            "triage": {
                "emergency": {"title": "E", "action": "e"},
                "urgent": {"title": "U", "action": "u"},
                "see_clinician": {"title": "S", "action": "s"},
                "self_care": {"title": "C", "action": "c"}
            },
            "sections": [{"id": "s", "title": "S", "items": items}],
            "scores": [{"id": "total", "label": "Total", "items": known.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(), "bands": [{"max": 3, "label": "low"}, {"label": "high"}]}],
            "patterns": [{"id": "p", "label": "P", "text": "t", "evidence": "e", "likely_at": 2}],
            "causes": [{"id": "c", "label": "C", "text": "t", "evidence": "e", "likely_at": 1}],
            "suggestions": [{"id": "s1", "text": "x", "evidence": "e", "for": ["p", "c"]}],
            "rules": rules,
        });
        let first = seeds[0];
        if first % 3 == 0 {
            let item = &mut doc["sections"][0]["items"][0];
            match first / 3 % 8 {
                0 => item["id"] = json!("Bad Id"),
                1 => item["min"] = json!(5),
                2 => item["enable_when"] = json!({"q": "i0", "op": "answered"}),
                3 => doc["rules"][0]["when"] = json!({"q": "nope", "op": "=", "value": "yes"}),
                4 => doc["rules"][0]["when"] = json!({"q": "i0", "op": "<", "value": "yes"}),
                5 => doc["rules"][0]["patterns"] = json!({"q": 1}),
                6 => doc["scores"][0]["bands"] = json!([{"label": "a"}, {"max": 1, "label": "b"}]),
                _ => {
                    doc["sections"][0]["items"][0]["options"] =
                        json!([{"value": "x", "label": "X"}]);
                }
            }
        }
        serde_yaml::to_string(&doc).expect("serialises")
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn loading_never_panics_and_what_loads_scores(seeds in prop::collection::vec(any::<u64>(), 1..8), answer_seeds in prop::collection::vec(any::<u64>(), 8)) {
            let yaml = questionnaire_yaml(&seeds);
            let Ok(q) = parse(&yaml, "random.yaml") else { return Ok(()) };
            let answers: Answers = q
                .items()
                .zip(&answer_seeds)
                .filter(|(_, seed)| *seed % 3 != 0)
                .map(|(item, seed)| (item.id.clone(), value_for(item, *seed)))
                .collect();
            let a = score(&q, &answers);
            let _ = compact(&q, &a);
            if !a.unanswered_red_flags.is_empty() {
                prop_assert!(a.level >= crate::questionnaire::triage::Level::SeeClinician);
            }
        }
    }

    #[test]
    fn some_random_questionnaires_are_valid() {
        // The generator must reach valid questionnaires too, or the property above would only
        // ever test the error path.
        let valid = (0..300u64)
            .filter(|n| {
                parse(
                    &questionnaire_yaml(&[n * 7919 % 1000, n * 104_729 % 1000, n * 31 % 1000]),
                    "r.yaml",
                )
                .is_ok()
            })
            .count();
        assert!(
            (100..300).contains(&valid),
            "{valid} of 300 generated questionnaires were valid"
        );
    }
}
