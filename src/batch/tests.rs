use super::*;
use crate::testing::embedded;

fn run_on(source: &mut (dyn Source + Send), jobs: usize) -> (String, Summary) {
    let q = embedded();
    let mut out = Vec::new();
    // Small chunks, so a few thousand records cross many chunk boundaries.
    let summary = run_chunked(&q, source, jobs, &mut out, &mut |_| {}, 7).unwrap();
    (String::from_utf8(out).unwrap(), summary)
}

fn lines(n: usize) -> String {
    (0..n)
        .map(|i| {
            if i % 7 == 3 {
                format!("{{\"respondent\": {i}, \"age\": 200}}\n")
            } else {
                format!(
                    "{{\"respondent\": {i}, \"age\": {}, \"saddle_numbness\": \"{}\"}}\n",
                    16 + i % 90,
                    if i % 5 == 0 { "yes" } else { "no" }
                )
            }
        })
        .collect()
}

#[test]
fn every_record_gives_one_line_in_input_order_whatever_the_jobs() {
    let input = lines(2_000);
    let (single, summary) = run_on(&mut JsonLines::new(input.as_bytes(), "t"), 1);
    assert_eq!(
        summary,
        Summary {
            records: 2_000,
            errors: 286
        }
    );
    assert_eq!(single.lines().count(), 2_000);
    for (n, line) in single.lines().enumerate() {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        if n % 7 == 3 {
            assert_eq!(doc["schema"], "dgs-error/1");
            assert_eq!(doc["record"], n + 1);
        } else {
            assert_eq!(doc["schema"], "dgs-result/1");
        }
        assert_eq!(doc["respondent"], n);
    }
    for jobs in [2, 3, 8] {
        let (parallel, _) = run_on(&mut JsonLines::new(input.as_bytes(), "t"), jobs);
        assert!(parallel == single, "--jobs {jobs} changed the output");
    }
}

#[test]
fn csv_and_json_lines_agree() {
    let csv = "respondent,age,pain_radiates,also_worse_with\r\nr1,40,thigh,\"stairs,hard_seats\"\r\nr2,,,\r\n";
    let jsonl = "{\"respondent\":\"r1\",\"age\":40,\"pain_radiates\":\"thigh\",\"also_worse_with\":[\"stairs\",\"hard_seats\"]}\r\n{\"respondent\":\"r2\"}\r\n";
    let (from_csv, a) = run_on(&mut Csv::new(csv.as_bytes(), "t.csv"), 2);
    let (from_json, b) = run_on(&mut JsonLines::new(jsonl.as_bytes(), "t.jsonl"), 2);
    assert_eq!(
        a,
        Summary {
            records: 2,
            errors: 0
        }
    );
    assert_eq!(b, a);
    assert_eq!(from_csv, from_json);
}

#[test]
fn bad_records_say_what_is_wrong_and_scoring_goes_on() {
    let input = "{\"age\": 40}\nnot json\n[1, 2]\n\u{ff}\n{\"agee\": 40}\n{\"age\": 41}\n";
    let bytes: Vec<u8> = input
        .bytes()
        .map(|b| if b == 0xc3 { 0xff } else { b })
        .collect();
    let (out, summary) = run_on(&mut JsonLines::new(&bytes[..], "t"), 1);
    assert_eq!(
        summary,
        Summary {
            records: 6,
            errors: 4
        }
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[1],
        r#"{"schema":"dgs-error/1","record":2,"errors":["invalid JSON: expected ident at line 1 column 2"]}"#
    );
    assert_eq!(
        lines[2],
        r#"{"schema":"dgs-error/1","record":3,"errors":["invalid type: sequence, expected a mapping of question ids to answers at line 1 column 0"]}"#
    );
    assert_eq!(
        lines[3],
        r#"{"schema":"dgs-error/1","record":4,"errors":["the line is not valid UTF-8"]}"#
    );
    assert_eq!(
        lines[4],
        r#"{"schema":"dgs-error/1","record":5,"errors":["unknown question `agee`: did you mean `age`?"]}"#
    );
    assert!(lines[5].starts_with(r#"{"schema":"dgs-result/1","questionnaire""#));
}

#[test]
fn empty_inputs_give_no_lines() {
    for input in ["", "\n\n", "   \r\n"] {
        assert_eq!(
            run_on(&mut JsonLines::new(input.as_bytes(), "t"), 2),
            (String::new(), Summary::default())
        );
    }
    assert_eq!(
        run_on(&mut Csv::new("age,pain_radiates\r\n".as_bytes(), "t"), 2),
        (String::new(), Summary::default())
    );
    assert_eq!(
        run_on(&mut Csv::new("".as_bytes(), "t"), 2),
        (String::new(), Summary::default())
    );
}

#[test]
fn csv_rows_of_the_wrong_width_and_a_byte_order_mark() {
    let csv = "\u{feff}id,age\nr1,40\nr2\nr3,41,extra\n";
    let (out, summary) = run_on(&mut Csv::new(csv.as_bytes(), "t"), 1);
    assert_eq!(
        summary,
        Summary {
            records: 3,
            errors: 2
        }
    );
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].contains(r#""respondent":"r1""#), "{}", lines[0]);
    assert_eq!(
        lines[1],
        r#"{"schema":"dgs-error/1","record":2,"errors":["the row has 1 fields but the header has 2"]}"#
    );
    assert_eq!(
        lines[2],
        r#"{"schema":"dgs-error/1","record":3,"errors":["the row has 3 fields but the header has 2"]}"#
    );
}

/// What the general path (a JSON tree, then checked answers) writes for a line.
fn general_path(q: &Questionnaire, writer: &CompactWriter, line: &str) -> String {
    let (respondent, answers) = sources::json_record(line.as_bytes());
    let mut buf = Vec::new();
    match answers.map(|raw| raw.check(q)) {
        Ok(Ok(answers)) => {
            writer.write(&mut buf, &scoring::score(q, &answers), respondent.as_ref());
        }
        other => buf.extend_from_slice(format!("error: {other:?}").as_bytes()),
    }
    String::from_utf8(buf).unwrap()
}

#[test]
fn the_fast_line_parser_agrees_with_the_general_path() {
    let q = embedded();
    let writer = CompactWriter::new(&q);
    let lines = [
        r#"{"age": 40, "buttock_pain": "yes", "sitting_hours_per_day": 7.5}"#,
        r#"{"respondent": "r1", "age": 40.0, "fever_or_unwell": true, "scoliosis": false}"#,
        r#"{"id": 12, "also_worse_with": ["stairs", "hard_seats"], "vascular_risk": "smoking"}"#,
        r#"{"also_worse_with": "stairs,hard_seats", "pain_radiates": "Below_Knee", "age": null}"#,
        r#"{"age": 40, "age": 41}"#,
        r#"{"sitting_hours_per_day": -0.0, "pain_intensity": 1e1}"#,
        r#"{"calf_pain_walking": "no", "vascular_risk": ["smoking"]}"#,
        r#"{"saddle_numbness": "yes"}"#,
        r#"{"na\u006de": 1}"#,
        r"{}",
        // These take the general path: errors, a replayed result, both respondent keys.
        r#"{"age": 200}"#,
        r#"{"agee": 40}"#,
        r#"{"respondent": "a", "id": "b", "age": 30}"#,
        r#"{"schema": "dgs-result/1", "answers": {"age": 33}}"#,
        r#"{"age": {"nested": 1}}"#,
        r"[1, 2]",
        r#"{"age": 40} trailing"#,
    ];
    for line in lines {
        let mut fast = Vec::new();
        score_one(
            &q,
            &writer,
            &Record {
                number: 1,
                input: Input::Json(0..line.len()),
            },
            line.as_bytes(),
            &mut fast,
        );
        let fast = String::from_utf8(fast).unwrap();
        let general = general_path(&q, &writer, line);
        if general.starts_with("error:") {
            assert!(
                fast.starts_with(r#"{"schema":"dgs-error/1""#),
                "{line}: {fast}"
            );
        } else {
            assert_eq!(fast, general, "{line}");
        }
    }
}
