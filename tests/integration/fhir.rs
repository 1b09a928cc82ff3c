//! The FHIR export: exact checks on the key fields of what `questions --format fhir`,
//! `assess --format fhir` and `score --output fhir` write, and every document validated by
//! tools no one here wrote (Python's `fhir.resources` and `fhirpathpy`, run by
//! tests/fhir/validate.py through the interpreter `DGS_FHIR_PYTHON` names; .ci/run sets it).

use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use crate::harness::{Test, fixture, repo_file};

/// A fixed authored time: 2026-11-18T11:06:40Z.
const EPOCH: &str = "1795000000";
const AUTHORED: &str = "2026-11-18T11:06:40Z";
const BASE: &str = "https://dgs-check.invalid/fhir";

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("JSON")
}

fn questionnaire(name: &str) -> Value {
    json(
        &Test::new()
            .args(["questions", "-q", name, "-f", "fhir"])
            .expect_ok(),
    )
}

fn result(args: &[&str]) -> Value {
    json(&result_text(args))
}

fn result_text(args: &[&str]) -> String {
    Test::new()
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .args(["assess", "--no-input", "-f", "fhir"])
        .args(args)
        .expect_ok()
}

/// Every item at every depth, in order.
fn items(doc: &Value) -> Vec<&Value> {
    fn walk<'a>(list: &'a Value, out: &mut Vec<&'a Value>) {
        for item in list.as_array().into_iter().flatten() {
            out.push(item);
            walk(&item["item"], out);
        }
    }
    let mut out = Vec::new();
    walk(&doc["item"], &mut out);
    out
}

fn item<'a>(doc: &'a Value, link: &str) -> &'a Value {
    (items(doc).into_iter())
        .find(|i| i["linkId"] == link)
        .unwrap_or_else(|| panic!("no item {link}"))
}

fn extension<'a>(item: &'a Value, url_end: &str) -> Option<&'a Value> {
    (item["extension"].as_array().into_iter().flatten())
        .find(|e| e["url"].as_str().is_some_and(|u| u.ends_with(url_end)))
}

/// The benign answers to the shipped questionnaire as `-a` flags, with `changes`.
fn dgs_answers(changes: &[&str]) -> Vec<String> {
    let id = |flag: &str| flag.split('=').next().unwrap_or_default().to_string();
    let mut flags: Vec<String> = include_str!("../fixtures/benign-answers.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter(|l| !changes.iter().any(|c| id(c) == id(l)))
        .map(String::from)
        .collect();
    flags.extend(changes.iter().map(|c| (*c).to_string()));
    flags
        .iter()
        .flat_map(|f| ["-a".to_string(), f.clone()])
        .collect()
}

fn dgs_result(changes: &[&str]) -> String {
    let args = dgs_answers(changes);
    result_text(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

const LEVELS: &[(&str, &[&str])] = &[
    ("self_care", &[]),
    (
        "see_clinician",
        &["cancer_history=yes", "cancer_new_symptoms=no"],
    ),
    ("urgent", &["age=17", "unexplained_weight_loss=yes"]),
    ("emergency", &["saddle_numbness=not_sure"]),
];

const PHQ9: &[&str] = &[
    "-q",
    "phq-9",
    "-a",
    "phq9_1=several_days",
    "-a",
    "phq9_2=nearly_every_day",
    "-a",
    "phq9_3=not_at_all",
    "-a",
    "phq9_4=not_at_all",
    "-a",
    "phq9_5=not_at_all",
    "-a",
    "phq9_6=not_at_all",
    "-a",
    "phq9_7=not_at_all",
    "-a",
    "phq9_8=not_at_all",
    "-a",
    "phq9_9=several_days",
];

#[test]
fn a_questionnaire_is_an_r4_questionnaire_with_weights_and_a_calculated_total() {
    let q = questionnaire("phq-9");
    assert_eq!(q["resourceType"], "Questionnaire");
    assert_eq!(q["id"], "phq-9");
    assert_eq!(q["url"], format!("{BASE}/Questionnaire/phq-9"));
    assert_eq!(q["version"], "2026.12.2");
    assert_eq!(q["status"], "active");
    assert_eq!(q["title"], "PHQ-9 depression questionnaire");
    assert!(
        q["description"]
            .as_str()
            .unwrap()
            .starts_with("This is not a diagnosis.")
    );
    assert_eq!(q["item"][0]["linkId"], "dgs.disclaimer");
    assert_eq!(q["item"][0]["type"], "display");
    let group = item(&q, "phq9");
    assert_eq!(group["type"], "group");
    // Nine scored items and the unscored closing question.
    assert_eq!(group["item"].as_array().unwrap().len(), 10);

    let first = item(&q, "phq9_1");
    assert_eq!(first["type"], "choice");
    assert_eq!(first["required"], true);
    assert!(first.get("repeats").is_none());
    assert_eq!(
        first["answerOption"][1],
        json!({
            "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/ordinalValue", "valueDecimal": 1}],
            "valueCoding": {
                "code": "several_days",
                "display": "Several days",
                "system": format!("{BASE}/CodeSystem/phq-9/item/phq9_1"),
            },
        })
    );
    // Item 9, a safety question in place, is flagged with its triage level.
    let safety = extension(item(&q, "phq9_9"), "/StructureDefinition/safety-item").unwrap();
    assert_eq!(
        safety["valueCoding"],
        json!({"code": "urgent", "display": "Urgent", "system": format!("{BASE}/CodeSystem/triage-level")})
    );
    assert!(extension(first, "/StructureDefinition/safety-item").is_none());

    // A hidden working score is computed but not shown, as SDC says it.
    let highest = item(&q, "phq9_highest_possible");
    assert_eq!(
        extension(highest, "questionnaire-hidden").unwrap()["valueBoolean"],
        true
    );
    let total = item(&q, "phq9_total");
    assert!(extension(total, "questionnaire-hidden").is_none());
    assert_eq!(total["type"], "decimal");
    assert_eq!(total["readOnly"], true);
    let calc = extension(total, "sdc-questionnaire-calculatedExpression").unwrap();
    assert_eq!(calc["valueExpression"]["language"], "text/fhirpath");
    assert_eq!(
        calc["valueExpression"]["expression"],
        "iif(%contributions.count() >= 9, %contributions.aggregate($this + $total, 0)).round(0)"
    );
    assert_eq!(
        extension(total, "/StructureDefinition/variable").unwrap()["valueExpression"]["name"],
        "contributions"
    );
}

#[test]
fn yes_no_items_help_bounds_and_conditions_map_onto_fhir() {
    let q = questionnaire("deep-gluteal-syndrome");
    // A yes/no item that also takes "not sure" is a choice of the yesnodontknow codes.
    let saddle = item(&q, "saddle_numbness");
    assert_eq!(saddle["type"], "choice");
    let codes: Vec<(&str, &str)> = (saddle["answerOption"].as_array().unwrap().iter())
        .map(|o| {
            let c = &o["valueCoding"];
            (c["system"].as_str().unwrap(), c["code"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("http://terminology.hl7.org/CodeSystem/v2-0136", "Y"),
            ("http://terminology.hl7.org/CodeSystem/v2-0136", "N"),
            (
                "http://terminology.hl7.org/CodeSystem/data-absent-reason",
                "asked-unknown"
            ),
        ]
    );
    assert_eq!(item(&q, "buttock_pain")["type"], "boolean");
    // Bounds, and `in` as several `=` under `any`.
    let age = item(&q, "age");
    assert_eq!(age["type"], "integer");
    assert!(extension(age, "/minValue").unwrap()["valueInteger"].is_i64());
    let follow_up = item(&q, "cancer_new_symptoms");
    assert_eq!(follow_up["enableBehavior"], "any");
    assert_eq!(
        follow_up["enableWhen"][1],
        json!({
            "question": "cancer_history",
            "operator": "=",
            "answerCoding": {"system": "http://terminology.hl7.org/CodeSystem/data-absent-reason", "code": "asked-unknown"},
        })
    );
    // Help is a display child with the `help` item control.
    let helped = (items(&q).into_iter())
        .find(|i| i["linkId"].as_str().unwrap().contains(".help"))
        .expect("an item with help");
    assert_eq!(helped["type"], "display");
    assert_eq!(
        extension(helped, "questionnaire-itemControl").unwrap()["valueCodeableConcept"]["coding"]
            [0]["code"],
        "help"
    );
}

#[test]
fn conditions_that_enable_when_cannot_say_become_expressions() {
    let q = questionnaire(&fixture("fhir-logic.yaml"));
    let not_b = item(&q, "if_not_b");
    assert_eq!(not_b["enableBehavior"], "all");
    assert_eq!(not_b["enableWhen"][0]["operator"], "exists");
    assert_eq!(not_b["enableWhen"][1]["operator"], "!=");
    // `not (plain = yes)` is FHIR's `!=`, which an unanswered item satisfies too.
    assert_eq!(
        item(&q, "if_not_plain")["enableWhen"],
        json!([{"question": "plain", "operator": "!=", "answerBoolean": true}])
    );
    // An order on a choice: the options that pass.
    let often = &item(&q, "if_often")["enableWhen"];
    assert_eq!(often.as_array().unwrap().len(), 2);
    assert_eq!(often[0]["answerCoding"]["code"], "sometimes");
    // A score, through its read-only item.
    assert_eq!(
        item(&q, "if_total")["enableWhen"],
        json!([{"question": "total", "operator": ">=", "answerDecimal": 2}])
    );
    let mixed = item(&q, "if_mixed");
    assert!(mixed.get("enableWhen").is_none());
    let expr = extension(mixed, "sdc-questionnaire-enableWhenExpression").unwrap();
    assert!(
        expr["valueExpression"]["expression"]
            .as_str()
            .unwrap()
            .contains(") and ("),
        "{expr}"
    );
    // Numeric bounds, the unit, end labels and an exclusive option.
    let hours = item(&q, "hours");
    assert_eq!(extension(hours, "/maxValue").unwrap()["valueDecimal"], 24);
    assert_eq!(
        extension(hours, "questionnaire-unit").unwrap()["valueCoding"]["display"],
        "hours"
    );
    assert_eq!(item(&q, "pain.lower")["text"], "No pain");
    let none = &item(&q, "which")["answerOption"][2];
    assert_eq!(item(&q, "which")["repeats"], true);
    assert_eq!(none["extension"][0]["valueBoolean"], true);
}

#[test]
fn a_result_is_a_bundle_of_the_response_the_risk_assessment_and_observations() {
    let text = result_text(PHQ9);
    assert_eq!(
        text,
        result_text(PHQ9),
        "the same answers give the same bytes"
    );
    let doc = json(&text);
    assert_eq!(doc["resourceType"], "Bundle");
    assert_eq!(doc["type"], "collection");
    assert_eq!(doc["timestamp"], AUTHORED);
    let kinds: Vec<&str> = (doc["entry"].as_array().unwrap().iter())
        .map(|e| e["resource"]["resourceType"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["QuestionnaireResponse", "RiskAssessment", "Observation"]
    );
    for e in doc["entry"].as_array().unwrap() {
        let url = e["fullUrl"].as_str().unwrap();
        assert!(url.starts_with("urn:uuid:") && url.len() == 45, "{url}");
    }
    let qr_url = doc["entry"][0]["fullUrl"].clone();
    let qr = &doc["entry"][0]["resource"];
    assert_eq!(
        qr["questionnaire"],
        format!("{BASE}/Questionnaire/phq-9|2026.12.2")
    );
    assert_eq!(qr["status"], "completed");
    assert_eq!(qr["authored"], AUTHORED);
    assert_eq!(qr["item"][0]["linkId"], "phq9");
    assert_eq!(
        qr["item"][0]["item"][1]["answer"][0]["valueCoding"]["code"],
        "nearly_every_day"
    );
    assert_eq!(
        item(qr, "phq9_total")["answer"],
        json!([{"valueDecimal": 5}])
    );

    let risk = &doc["entry"][1]["resource"];
    assert_eq!(risk["status"], "final");
    assert!(!risk["subject"]["display"].as_str().unwrap().is_empty());
    assert_eq!(risk["occurrenceDateTime"], AUTHORED);
    assert_eq!(risk["basis"][0]["reference"], qr_url);
    let triage = &risk["prediction"][0];
    assert_eq!(triage["outcome"]["coding"][0]["code"], "urgent");
    assert_eq!(
        triage["outcome"]["coding"][0]["system"],
        format!("{BASE}/CodeSystem/triage-level")
    );
    assert!(
        triage["rationale"]
            .as_str()
            .unwrap()
            .starts_with("Safety flag (urgent): "),
        "{triage}"
    );
    assert!(
        risk["note"][0]["text"]
            .as_str()
            .unwrap()
            .contains("not a diagnosis")
    );
    assert!(
        risk["mitigation"]
            .as_str()
            .unwrap()
            .starts_with("Talk to a doctor or a crisis line today. ")
    );

    let obs = &doc["entry"][2]["resource"];
    assert_eq!(obs["status"], "final");
    assert_eq!(obs["category"][0]["coding"][0]["code"], "survey");
    assert_eq!(obs["code"]["coding"][0]["code"], "phq9_total");
    assert_eq!(obs["valueQuantity"]["value"], 5);
    assert_eq!(obs["interpretation"][0]["text"], "mild");
    assert_eq!(obs["derivedFrom"][0]["reference"], qr_url);
}

#[test]
fn each_triage_level_is_the_first_prediction() {
    for (level, changes) in LEVELS {
        let doc = json(&dgs_result(changes));
        let risk = &doc["entry"][1]["resource"];
        assert_eq!(
            risk["prediction"][0]["outcome"]["coding"][0]["code"], *level,
            "{changes:?}"
        );
        let patterns = (risk["prediction"].as_array().unwrap().iter())
            .filter(|p| {
                p["outcome"]["coding"][0]["system"]
                    .as_str()
                    .unwrap()
                    .ends_with("/pattern")
            })
            .count();
        assert!(patterns > 0, "{level}");
    }
    // Stopped at an emergency answer: the response is in progress, patterns not assessed.
    let doc = json(&dgs_result(&["saddle_numbness=yes"]));
    assert_eq!(doc["entry"][0]["resource"]["status"], "in-progress");
    let risk = &doc["entry"][1]["resource"];
    assert_eq!(risk["status"], "preliminary");
    let pattern = &risk["prediction"][1];
    assert!(pattern.get("qualitativeRisk").is_none());
    assert_eq!(
        pattern["rationale"],
        "Not assessed: the questioning stopped early."
    );
    // A likely pattern carries its likelihood.
    let doc = json(&dgs_result(&[
        "buttock_pain=yes",
        "pain_worst_area=deep_buttock",
        "sitting_worsens=yes",
        "standing_eases=yes",
        "pain_radiates=thigh",
    ]));
    let dgs = (doc["entry"][1]["resource"]["prediction"]
        .as_array()
        .unwrap()
        .iter())
    .find(|p| p["outcome"]["coding"][0]["code"] == "deep_gluteal_syndrome")
    .unwrap();
    assert_eq!(
        dgs["qualitativeRisk"]["coding"][0],
        json!({"system": format!("{BASE}/CodeSystem/likelihood"), "code": "likely", "display": "Likely"})
    );
}

#[test]
fn a_classification_is_an_observation_with_a_coded_value() {
    let mut args = vec!["-q", "startback"];
    let answers = [
        "sbst_1=agree",
        "sbst_2=agree",
        "sbst_3=agree",
        "sbst_4=agree",
        "sbst_5=agree",
        "sbst_6=agree",
        "sbst_7=agree",
        "sbst_8=disagree",
        "sbst_9=extremely",
    ];
    for a in &answers {
        args.extend(["-a", a]);
    }
    let doc = result(&args);
    let entries = doc["entry"].as_array().unwrap();
    let class = entries
        .iter()
        .map(|e| &e["resource"])
        .find(|r| r["code"]["coding"][0]["code"] == "sbst_risk")
        .unwrap();
    assert_eq!(
        class["valueCodeableConcept"]["coding"][0],
        json!({"system": format!("{BASE}/CodeSystem/startback/classification/sbst_risk"), "code": "high", "display": "High risk (of back pain staying troublesome)"})
    );
    // Derived from the response and the two score Observations it read.
    assert_eq!(class["derivedFrom"].as_array().unwrap().len(), 3);
}

#[test]
fn score_writes_a_bundle_a_line_and_an_operation_outcome_for_a_bad_record() {
    let input =
        "{\"respondent\": \"r1\", \"phq9_1\": \"several_days\"}\n{\"phq9_1\": \"often\"}\n{}\n";
    let out = Test::new()
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .write("in.jsonl", input)
        .args(["score", "-q", "phq-9", "--output", "fhir", "in.jsonl"])
        .output();
    assert_eq!(out.status, 3, "{}", out.stderr);
    let lines: Vec<Value> = out.stdout.lines().map(json).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["resourceType"], "Bundle");
    let qr = &lines[0]["entry"][0]["resource"];
    assert_eq!(qr["identifier"], json!({"value": "r1"}));
    assert_eq!(qr["status"], "in-progress");
    assert_eq!(lines[1]["resourceType"], "OperationOutcome");
    let issue = &lines[1]["issue"][0];
    assert_eq!(issue["severity"], "error");
    assert!(
        issue["diagnostics"]
            .as_str()
            .unwrap()
            .starts_with("record 2 (line 2): "),
        "{issue}"
    );
    // The same answers give the same response as `assess --format fhir`, but for the
    // respondent's identifier.
    let single = result(&["-q", "phq-9", "-a", "phq9_1=several_days"]);
    assert_eq!(qr["item"], single["entry"][0]["resource"]["item"]);
    assert_ne!(lines[0]["id"], lines[2]["id"]);
}

/// The interpreter with fhir.resources, or `None` (with a note) where it is not set up. Under
/// CI the test fails instead of skipping, so it can never be skipped silently.
fn validator() -> Option<String> {
    match std::env::var("DGS_FHIR_PYTHON") {
        Ok(python) if !python.is_empty() => Some(python),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "DGS_FHIR_PYTHON is not set: .ci/run sets it after installing fhir.resources"
            );
            // Straight to the standard error, past the test harness's capture, so the skip
            // shows in a plain `cargo test`.
            let _ = writeln!(
                std::io::stderr(),
                "skipped: the FHIR validation needs DGS_FHIR_PYTHON (a Python with \
                 tests/fhir/requirements.txt installed; .ci/run sets it up)"
            );
            None
        }
    }
}

/// Runs the validator on `files`; returns whether it passed and what it printed.
fn validate(python: &str, files: &[&Path]) -> (bool, String) {
    let out = Command::new(python)
        .arg(repo_file("tests/fhir/validate.py"))
        .args(files)
        .output()
        .expect("the validator runs");
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[test]
fn every_document_the_export_writes_validates() {
    let Some(python) = validator() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut save = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        files.push(path);
    };
    let listed = Test::new().args(["questionnaires"]).expect_ok();
    let mut names: Vec<String> = (listed.lines())
        .filter_map(|l| l.split_whitespace().next())
        .map(String::from)
        .collect();
    assert!(names.len() >= 4, "{listed}");
    for f in ["every-kind.yaml", "fhir-logic.yaml", "odi-structure.yaml"] {
        names.push(fixture(f));
    }
    for (n, name) in names.iter().enumerate() {
        let q = Test::new().args(["questions", "-q", name, "-f", "fhir"]);
        save(&format!("questionnaire-{n}.json"), q.expect_ok());
    }
    // Published forms imported and written back keep their own linkIds and LOINC codings.
    if let Some(examples) = crate::fhir_import::examples() {
        for name in [
            "phq9-lhc.json",
            "nngm-lung-koeln.json",
            "sdc-enablewhen.json",
        ] {
            let yaml = Test::new()
                .args(["import", examples.join(name).to_str().unwrap()])
                .output()
                .stdout;
            let back = Test::new()
                .write("q.yaml", &yaml)
                .args(["questions", "-q", "q.yaml", "-f", "fhir"])
                .expect_ok();
            save(&format!("round-trip-{name}"), back);
        }
    }
    for (level, changes) in LEVELS {
        save(&format!("result-{level}.json"), dgs_result(changes));
    }
    save("result-stopped.json", dgs_result(&["saddle_numbness=yes"]));
    save("result-phq-9.json", result_text(PHQ9));
    save("result-empty-gad-7.json", result_text(&["-q", "gad-7"]));
    let logic = fixture("fhir-logic.yaml");
    for (n, answers) in [
        "unsure=not_sure plain=no often=often which=a,b pain=7 hours=5 if_not_plain=yes if_often=no if_pain_in=yes if_total=yes if_mixed=yes late_safety=no",
        "unsure=no plain=yes often=never which=none pain=3 if_not_b=yes if_pain_in=no if_hours_unanswered=yes if_mixed=yes late_safety=no",
        "unsure=yes pain=9 hours=0.5 late_safety=yes",
        "",
    ]
    .iter()
    .enumerate()
    {
        let mut args = vec!["-q", logic.as_str()];
        for a in answers.split_whitespace() {
            args.extend(["-a", a]);
        }
        save(&format!("result-logic-{n}.json"), result_text(&args));
    }
    let odi: Vec<String> = (1..=10)
        .filter(|n| n % 4 != 0)
        .flat_map(|n| ["-a".to_string(), format!("odi_{n}=s{}", n % 6)])
        .collect();
    let mut args = vec!["-q".to_string(), fixture("odi-structure.yaml")];
    args.extend(odi);
    save(
        "result-odi.json",
        result_text(&args.iter().map(String::as_str).collect::<Vec<_>>()),
    );
    let lines = Test::new()
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .write(
            "in.jsonl",
            "{\"id\": 7, \"saddle_numbness\": \"no\", \"age\": 44}\n{\"age\": \"old\"}\n{}\n",
        )
        .args(["score", "--output", "fhir", "in.jsonl"])
        .output();
    assert_eq!(lines.status, 3, "{}", lines.stderr);
    save("score.ndjson", lines.stdout);

    let paths: Vec<&Path> = files.iter().map(std::path::PathBuf::as_path).collect();
    let (passed, text) = validate(&python, &paths);
    println!("{text}");
    assert!(passed, "{text}");
    assert!(text.contains(" 0 problems"), "{text}");
}

#[test]
fn the_validator_catches_broken_documents() {
    let Some(python) = validator() else { return };
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, doc: &Value| {
        let path = dir.path().join(name);
        std::fs::write(&path, doc.to_string()).unwrap();
        path
    };
    // Not valid FHIR: an item without its linkId, a status that is no status.
    let mut q = questionnaire("phq-9");
    q["item"][0].as_object_mut().unwrap().remove("linkId");
    let broken = write("broken.json", &q);
    let (passed, text) = validate(&python, &[&broken]);
    assert!(!passed, "{text}");
    assert!(
        text.contains("fhir.resources") && text.contains("linkId"),
        "{text}"
    );
    let mut q = questionnaire("phq-9");
    q["status"] = json!("finished");
    let (passed, text) = validate(&python, &[&write("status.json", &q)]);
    assert!(!passed && text.contains("`finished`"), "{text}");
    // Valid FHIR, but a total the calculatedExpression does not give.
    let q = write("phq-9.json", &questionnaire("phq-9"));
    let mut doc = result(PHQ9);
    let total = doc["entry"][0]["resource"]["item"][1]["item"][0]["answer"][0]
        .as_object_mut()
        .unwrap();
    total.insert("valueDecimal".into(), json!(6));
    let (passed, text) = validate(&python, &[&q, &write("wrong.json", &doc)]);
    assert!(!passed, "{text}");
    assert!(
        text.contains("phq9_total: the calculatedExpression gives [Decimal('5')]"),
        "{text}"
    );
}
