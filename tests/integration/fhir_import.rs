//! `dgs import` on the six published FHIR questionnaires in `../shared/fhir-examples` (read
//! there at test time, never copied in), the imported PHQ-9 scored as published, and FHIR
//! `QuestionnaireResponse`s read by `--answers`.

use std::path::PathBuf;

use crate::harness::{Test, unindent};

/// The folder of published examples, beside the repository. Where it is absent the test says
/// it was skipped and passes, except under CI (`CI` set), where it must be there.
pub fn examples() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fhir-examples");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is missing, and CI is set: the FHIR import tests must run",
        dir.display()
    );
    eprintln!("skipped: {} is not there", dir.display());
    None
}

struct Imported {
    yaml: String,
    notes: Vec<String>,
}

/// Imports one example; it must succeed, and the YAML must pass `dgs validate`.
#[track_caller]
fn import(name: &str) -> Option<Imported> {
    let path = examples()?.join(name);
    let out = Test::new()
        .args(["import", path.to_str().unwrap()])
        .output();
    assert_eq!(out.status, 0, "{name}: {}", out.stderr);
    let notes: Vec<String> = out.stderr.lines().map(str::to_string).collect();
    assert!(notes[0].starts_with("imported "), "{name}: {notes:#?}");
    Test::new()
        .write("q.yaml", &out.stdout)
        .args(["validate", "q.yaml"])
        .expect_ok();
    Some(Imported {
        yaml: out.stdout,
        notes,
    })
}

impl Imported {
    #[track_caller]
    fn lists(&self, lines: &[&str]) {
        for line in lines {
            assert!(
                self.notes.iter().any(|n| n == line),
                "no note {line:?} among:\n{}",
                self.notes.join("\n")
            );
        }
    }
}

#[test]
fn phq9_imports_with_its_total_as_a_score() {
    let Some(q) = import("phq9-lhc.json") else {
        return;
    };
    assert_eq!(
        q.notes[0],
        "imported 10 questions in 1 section and 1 score; 70 notes on what was not carried over or was changed:"
    );
    q.lists(&[
        "item[0]: the linkId `/44250-9` is not a dgs id: the item is `q_44250_9`, and `link_id` keeps the linkId for FHIR",
        "item[0].answerOption[0,1,2,3].extension[questionnaire-optionPrefix]: not carried over (an extension dgs does not read)",
        "item[0].extension[questionnaire-itemControl]: not carried over (an extension dgs does not read)",
        "item[0].extension[questionnaire-minOccurs]: not carried over (an extension dgs does not read)",
        "item[0].code: not carried over (dgs keeps no terminology codes)",
        "item[9]: carried over as a score: the sum of the weights of 9 answers, given once any is answered (a missing answer adds 0)",
        "item[9]: the linkId `/44261-6` is not a dgs id: the score is `q_44261_6`",
        "item[9].extension[questionnaire-unit]: not carried over (an extension dgs does not read)",
        "identifier: not carried over (dgs-questionnaire/1 has no place for it)",
    ]);
    assert!(q.yaml.contains(
        "scores:\n- id: q_44261_6\n  label: Patient health questionnaire 9 item total score\n  items:\n  - q_44250_9\n"
    ));
}

#[test]
fn apgar_weights_come_from_item_weight() {
    let Some(q) = import("apgar-itemweight-lhc.json") else {
        return;
    };
    q.lists(&[
        "id: no `id` or `name`: the questionnaire's id is `imported`",
        "item[5]: carried over as a score: the sum of the weights of 5 answers, given only when all are answered",
    ]);
    assert!(
        q.yaml.contains(
            "  - value: la6724_4\n      label: Gute Farbe am gesamten Körper\n      weight: 2\n"
        ),
        "{}",
        q.yaml
    );
    assert!(q.yaml.contains("  min_answered: 5\n"), "{}", q.yaml);
}

#[test]
fn sdc_enable_when_lists_the_mismatched_answer_types() {
    let Some(q) = import("sdc-enablewhen.json") else {
        return;
    };
    q.lists(&[
        "item[0].item[9].enableWhen[0]: not carried over: `answerString` \"2\" cannot be compared with `s1-radio`, a choice of codings: a mismatched answer type is not coerced",
        "item[0].item[11].enableWhen[0]: not carried over: `answerString` \"7\" cannot be compared with `5e1209b7-c9e0-4bf4-b228-fr096s903m25`, a choice of codings: a mismatched answer type is not coerced",
        "item[0].item[12].enableWhen[1]: not carried over: `answerString` \"4\" cannot be compared with `5e1209b7-c9e0-4bf4-b228-c6591b540qmo`, a choice of codings: a mismatched answer type is not coerced",
        "item[2].item[1].enableWhen[0]: not carried over: `answerDecimal` 2.1 cannot be compared with `s3-radio`, a choice of codings: a mismatched answer type is not coerced",
        "item[3].item[2].enableWhen[0]: not carried over: `answerInteger` 3 cannot be compared with `s4-radio`, a choice of codings: a mismatched answer type is not coerced",
        "item[1].item[0].answerValueSet: dgs cannot look up a value set's answers; the item `1acf93a7-0890-44cd-be48-542defb35248` is skipped",
        "item[1].item[1].enableWhen[0]: not carried over: it refers to `1acf93a7-0890-44cd-be48-542defb35248`, which is not a question carried over",
        "item[4].item[0]: its type `date` is not one dgs-questionnaire/1 has; the item `date_of_birth_question` is skipped",
        "item[4].item[3]: its type `time` is not one dgs-questionnaire/1 has; the item `datetime_question` is skipped",
        "item[5].item[1]: its type `string` is not one dgs-questionnaire/1 has; the item `BOWOPTOTH` is skipped",
    ]);
    // The repeating choice is a multiple choice.
    assert!(
        q.yaml
            .contains("  - id: bc029\n    link_id: BC029\n    type: multiple_choice\n"),
        "{}",
        q.yaml
    );
}

#[test]
fn framingham_lists_its_risk_formula() {
    let Some(q) = import("sdc-framingham-hchd.json") else {
        return;
    };
    q.lists(&[
        "item[9].extension[sdc-questionnaire-calculatedExpression]: not carried over (a term that is not the weight of an answer): only a plain sum of answer weights becomes a dgs score; the calculated item `riskDecimal` is skipped",
        "item[10]: its type `string` is not one dgs-questionnaire/1 has; the item `riskPercentage` is skipped",
        "item[1]: a display item (text only): dgs-questionnaire/1 has none; the item `/age_requirement_notice` is skipped",
        "extension[14]: not carried over (the variable `risk`: no score carried over reads it)",
        "item[0]: no `minValue` or `maxValue`: dgs needs bounds, so this item takes -2147483648 to 2147483647 (FHIR's integer range) — narrow them by hand",
    ]);
    let required = q.yaml.matches("    required: true\n").count();
    assert_eq!(required, 7, "{}", q.yaml);
}

#[test]
fn nngm_lists_its_value_sets_and_flattens_five_levels() {
    let Some(q) = import("nngm-lung-koeln.json") else {
        return;
    };
    q.lists(&[
        "item[1].item[3].answerValueSet: dgs cannot look up a value set's answers; the item `1.4` is skipped",
        "item[2].item[2].item[0].item[2].item[0].answerValueSet: dgs cannot look up a value set's answers; the item `4.3.1.3.1` is skipped",
        "item[2].item[1]: its type `open-choice` is not one dgs-questionnaire/1 has; the item `4.2` is skipped",
        "item[1].item[0]: a display item (text only): dgs-questionnaire/1 has none; the item `1.1` is skipped",
        "text: not carried over (dgs-questionnaire/1 has no place for it)",
    ]);
    assert!(
        q.yaml.contains(
            "  title: Gesundheitszustand › Angaben zum Tumorstadium › Rezidiv/Progress\n"
        ),
        "{}",
        q.yaml
    );
    assert!(
        q.yaml
            .contains("    enable_when:\n      q: q_1_5_1\n      op: =\n      value: yes\n"),
        "{}",
        q.yaml
    );
}

#[test]
fn ussg_fhp_lists_its_repeating_groups() {
    let Some(q) = import("ussg-fhp-lhc.json") else {
        return;
    };
    q.lists(&[
        "item[0].item[10]: a repeating group: dgs asks each question once; the item `/54126-8/54137-5` is skipped with the 2 items inside it",
        "item[1]: a repeating group: dgs asks each question once; the item `/54114-4` is skipped with the 16 items inside it",
        "item[0].item[9].answerValueSet: dgs cannot look up a value set's answers; the item `/54126-8/54133-4` is skipped",
        "item[0].item[0]: its type `string` is not one dgs-questionnaire/1 has; the item `/54126-8/54125-0` is skipped",
        "extension[questionnaire-launchContext]: not carried over (an extension dgs does not read)",
    ]);
    assert!(
        q.yaml.contains(
            "  - id: q_54126_8_54134_2\n    link_id: /54126-8/54134-2\n    type: multiple_choice\n"
        ),
        "{}",
        q.yaml
    );
}

/// PHQ-9's nine items in the published order, by the ids the import gives their LOINC
/// linkIds, and the tenth (how difficult), which is not scored.
const PHQ9_ITEMS: [&str; 9] = [
    "q_44250_9",
    "q_44255_8",
    "q_44259_0",
    "q_44254_1",
    "q_44251_7",
    "q_44258_2",
    "q_44252_5",
    "q_44253_3",
    "q_44260_8",
];
/// The published answers and their scores (Kroenke, Spitzer & Williams 2001): "not at all" 0,
/// "several days" 1, "more than half the days" 2, "nearly every day" 3; by LOINC answer code
/// and the code the import gives it.
const PHQ9_ANSWERS: [(&str, &str, u32); 4] = [
    ("LA6568-5", "la6568_5", 0),
    ("LA6569-3", "la6569_3", 1),
    ("LA6570-1", "la6570_1", 2),
    ("LA6571-9", "la6571_9", 3),
];

/// The reference: the total is the sum of the nine items' scores. For a partly answered form
/// it is what the published FHIR form's own expression computes — the answered items' sum,
/// a missing item adding 0 — and with none of the nine answered there is no total.
fn phq9_reference(answers: &[Option<usize>; 10]) -> Option<u32> {
    let scored = &answers[..9];
    scored
        .iter()
        .any(Option::is_some)
        .then(|| scored.iter().flatten().map(|&a| PHQ9_ANSWERS[a].2).sum())
}

/// A small deterministic generator (xorshift64), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn the_imported_phq9_scores_as_published() {
    let Some(q) = import("phq9-lhc.json") else {
        return;
    };
    // Fixed cases first: nothing, all lowest, all highest, each one item missing; then
    // generated forms with about one answer in six missing (the tenth item too).
    let mut sets: Vec<[Option<usize>; 10]> = vec![[None; 10], [Some(0); 10], [Some(3); 10]];
    for missing in 0..10 {
        let mut set = [Some(2); 10];
        set[missing] = None;
        sets.push(set);
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    while sets.len() < 5_000 {
        sets.push(std::array::from_fn(|_| match rng.below(6) {
            0 => None,
            _ => Some(rng.below(4) as usize),
        }));
    }
    let ids: Vec<&str> = PHQ9_ITEMS.iter().copied().chain(["q_69722_7"]).collect();
    let tenth = ["la6572_7", "la6573_5", "la6574_3", "la6575_0"];
    let mut jsonl = String::new();
    for (n, set) in sets.iter().enumerate() {
        let mut record = serde_json::Map::new();
        record.insert("respondent".into(), n.into());
        for (i, answer) in set.iter().enumerate() {
            if let Some(a) = answer {
                let code = if i < 9 { PHQ9_ANSWERS[*a].1 } else { tenth[*a] };
                record.insert(ids[i].into(), code.into());
            }
        }
        jsonl.push_str(&serde_json::Value::Object(record).to_string());
        jsonl.push('\n');
    }
    let out = Test::new()
        .write("q.yaml", &q.yaml)
        .write("answers.jsonl", &jsonl)
        .args(["score", "-q", "q.yaml", "answers.jsonl", "--jobs", "2"])
        .output();
    assert_eq!(out.status, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), sets.len());
    for (set, line) in sets.iter().zip(lines) {
        let result: serde_json::Value = serde_json::from_str(line).unwrap();
        let total = result["scores"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == "q_44261_6")
            .map(|s| s["value"].as_f64().unwrap());
        assert_eq!(
            total,
            phq9_reference(set).map(f64::from),
            "answers {set:?}: {line}"
        );
    }
}

/// A `QuestionnaireResponse` to the original PHQ-9: its linkIds and LOINC answer codes.
fn phq9_response(answers: &[Option<usize>; 9]) -> String {
    let items: Vec<serde_json::Value> = answers
        .iter()
        .zip([
            "/44250-9", "/44255-8", "/44259-0", "/44254-1", "/44251-7", "/44258-2", "/44252-5",
            "/44253-3", "/44260-8",
        ])
        .filter_map(|(a, link)| {
            let (code, _, _) = PHQ9_ANSWERS[(*a)?];
            Some(serde_json::json!({"linkId": link, "answer": [
                {"valueCoding": {"system": "http://loinc.org", "code": code}}]}))
        })
        .collect();
    serde_json::json!({"resourceType": "QuestionnaireResponse", "status": "completed",
        "questionnaire": "http://loinc.org/q/44249-1", "authored": "2026-11-27T10:00:00Z",
        "item": items})
    .to_string()
}

#[test]
fn a_questionnaire_response_to_the_original_phq9_is_scored() {
    let Some(q) = import("phq9-lhc.json") else {
        return;
    };
    let mut rng = Rng(42);
    for n in 0..12 {
        let answers: [Option<usize>; 9] = std::array::from_fn(|_| match rng.below(5) {
            0 if n % 2 == 1 => None,
            _ => Some(rng.below(4) as usize),
        });
        let out = Test::new()
            .write("q.yaml", &q.yaml)
            .write("response.json", phq9_response(&answers))
            .args([
                "assess",
                "-q",
                "q.yaml",
                "--answers",
                "response.json",
                "--no-input",
                "-f",
                "json",
            ])
            .output();
        assert_eq!((out.status, out.stderr.as_str()), (0, ""), "{answers:?}");
        let result: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let mut reference = [None; 10];
        reference[..9].copy_from_slice(&answers);
        let total = result["scores"][0]["value"].as_f64();
        assert_eq!(
            total,
            phq9_reference(&reference).map(f64::from),
            "{answers:?}"
        );
        let first: serde_json::Value = answers[0].map(|a| PHQ9_ANSWERS[a].1).into();
        assert_eq!(result["answers"]["q_44250_9"], first);
    }
}

#[test]
fn a_response_it_cannot_read_is_refused_with_the_linkid_and_what_is_allowed() {
    let Some(q) = import("phq9-lhc.json") else {
        return;
    };
    let response = r#"{"resourceType": "QuestionnaireResponse", "status": "completed", "item": [
        {"linkId": "/44250-9", "answer": [{"valueInteger": 2}]},
        {"linkId": "/44255-8", "answer": [{"valueCoding": {"code": "LA9999-9"}}]},
        {"linkId": "/44261-6", "answer": [{"valueDecimal": 7}]},
        {"linkId": "/not-there", "answer": [{"valueString": "x"}]}]}"#;
    Test::new()
        .write("q.yaml", &q.yaml)
        .stdin(response)
        .args(["assess", "-q", "q.yaml", "--answers", "-", "--no-input"])
        .expect(
            3,
            "",
            &unindent(
                "
                error: invalid answer `2 (valueInteger)` for linkId `/44250-9`: expected a `valueCoding` whose code is (by the import's rule) `la6568_5`, `la6569_3`, `la6570_1` or `la6571_9`
                error: invalid answer `{\"code\":\"LA9999-9\"} (valueCoding)` for linkId `/44255-8`: expected a `valueCoding` whose code is (by the import's rule) `la6568_5`, `la6569_3`, `la6570_1` or `la6571_9`
                ",
            ),
        );
    Test::new()
        .write("q.yaml", &q.yaml)
        .write("q.json", r#"{"resourceType": "Questionnaire"}"#)
        .args(["assess", "-q", "q.yaml", "--answers", "q.json", "--no-input"])
        .expect(
            3,
            "",
            "error: cannot read answers from `q.json`: a FHIR `Questionnaire` is not answers: `--answers` reads a `QuestionnaireResponse` (`dgs import` converts a Questionnaire)\n",
        );
}

#[test]
fn answers_to_what_was_not_imported_are_ignored_with_a_warning() {
    let Some(q) = import("phq9-lhc.json") else {
        return;
    };
    let mut response: serde_json::Value =
        serde_json::from_str(&phq9_response(&[Some(1); 9])).unwrap();
    let items = response["item"].as_array_mut().unwrap();
    items.push(serde_json::json!({"linkId": "/44261-6", "answer": [{"valueDecimal": 9}]}));
    items.push(serde_json::json!({"linkId": "/note", "answer": [{"valueString": "x"}]}));
    let out = Test::new()
        .write("q.yaml", &q.yaml)
        .write("r.json", response.to_string())
        .args([
            "assess",
            "-q",
            "q.yaml",
            "--answers",
            "r.json",
            "--no-input",
            "-f",
            "json",
        ])
        .output();
    assert_eq!(out.status, 0);
    assert_eq!(
        out.stderr,
        unindent(
            "
            warning: the answer to linkId `/44261-6` is ignored: it is the score `q_44261_6`, which dgs computes itself
            warning: the answer to linkId `/note` is ignored: `44249-1-x` has no such question (`dgs import` skips what it cannot carry)
            "
        )
    );
    let result: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(result["scores"][0]["value"].as_f64(), Some(9.0));
}

#[test]
fn import_reads_a_file_or_standard_input_and_says_what_it_wrote() {
    let fhir = r#"{"resourceType": "Questionnaire", "id": "back", "version": "2", "title": "Back pain",
      "item": [{"linkId": "1", "type": "boolean", "text": "Pain at night?", "required": true},
               {"linkId": "2", "type": "string", "text": "Anything else?"}]}"#;
    let yaml = unindent(
        "
        # Converted by `dgs import` from a FHIR Questionnaire (id: back, version: 2).
        # The rules of the conversion are in docs/fhir-import.md.
        # item[0]: the linkId `1` is not a dgs id: the item is `q_1`, and `link_id` keeps the linkId for FHIR
        # item[1]: its type `string` is not one dgs-questionnaire/1 has; the item `2` is skipped
        format: dgs-questionnaire/1
        id: back
        version: '2'
        title: Back pain
        disclaimer: 'This is not a diagnosis. This questionnaire was converted from a FHIR Questionnaire by `dgs import`: it records answers and computes the scores the original defines, and gives no medical advice. If you are worried about your health, talk to a doctor or nurse.'
        triage:
          self_care:
            title: Answers recorded
            action: This questionnaire has no rules that judge the answers, so this result says nothing about what to do. If you are worried about your health, talk to a doctor or nurse.
        sections:
        - id: questions
          title: Back pain
          items:
          - id: q_1
            link_id: '1'
            type: yes_no
            text: Pain at night?
            required: true
        ",
    );
    let notes = unindent(
        "
        imported 1 question in 1 section and 0 scores; 2 notes on what was not carried over or was changed:
        item[0]: the linkId `1` is not a dgs id: the item is `q_1`, and `link_id` keeps the linkId for FHIR
        item[1]: its type `string` is not one dgs-questionnaire/1 has; the item `2` is skipped
        ",
    );
    Test::new()
        .write("back.json", fhir)
        .args(["import", "back.json"])
        .expect(0, &yaml, &notes);
    Test::new()
        .stdin(fhir)
        .args(["import", "-"])
        .expect(0, &yaml, &notes);
    // What it wrote runs.
    let out = Test::new()
        .write("back.yaml", &yaml)
        .args([
            "assess",
            "-q",
            "back.yaml",
            "-a",
            "q_1=no",
            "--detail",
            "brief",
        ])
        .expect_ok();
    assert!(
        out.starts_with("Back pain — result\n\nAnswers recorded\n"),
        "{out}"
    );
}

#[test]
fn import_refuses_what_it_cannot_read() {
    Test::new().args(["import", "missing.json"]).expect(
        1,
        "",
        "error: cannot read `missing.json`: No such file or directory (os error 2)\n",
    );
    Test::new()
        .write("p.json", r#"{"resourceType": "Patient"}"#)
        .args(["import", "p.json"])
        .expect(
            4,
            "",
            "error: invalid questionnaire `p.json`: 1 problem\n  p.json: this is a FHIR `Patient`, not a `Questionnaire`\n",
        );
    Test::new()
        .write("d.json", r#"{"resourceType": "Questionnaire", "item": [{"linkId": "a", "type": "boolean"}, {"linkId": "x\u001b[2J", "type": "boolean"}, {"linkId": "x\u001b[2J", "type": "boolean"}]}"#)
        .args(["import", "d.json"])
        .expect(
            4,
            "",
            "error: invalid questionnaire `d.json`: 1 problem\n  d.json: `item[2]` has the linkId `x\\u{1b}[2J` of `item[1]`: linkIds must be unique\n",
        );
    // Nesting past what the JSON reader allows is a clear error, not a crash.
    let deep = format!(
        r#"{{"resourceType": "Questionnaire", "item": {}{}}}"#,
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    Test::new()
        .write("deep.json", deep)
        .args(["import", "deep.json"])
        .expect(
            4,
            "",
            "error: invalid questionnaire `deep.json`: 1 problem\n  deep.json: invalid JSON: recursion limit exceeded at line 1 column 169\n",
        );
}
