use std::fmt::Write as _;

use super::*;
use crate::testing::{Rng, embedded};

fn full(jobs: usize) -> Settings {
    Settings {
        jobs,
        form: Form::Full,
        columns: Columns::default(),
        tally: true,
    }
}

fn run_on(source: &mut (dyn Source + Send), jobs: usize) -> (String, Summary) {
    let q = embedded();
    let mut out = Vec::new();
    // Small chunks, so a few thousand records cross many chunk boundaries.
    let summary = run_chunked(&q, source, &full(jobs), &mut out, &mut |_| {}, 7).unwrap();
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
    assert_eq!((summary.records, summary.errors), (2_000, 286));
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
fn without_a_summary_records_are_counted_and_nothing_else_is() {
    let (q, input) = (embedded(), lines(500));
    let run = |tally: bool| {
        let settings = Settings { tally, ..full(2) };
        let mut out = Vec::new();
        let mut source = JsonLines::new(input.as_bytes(), "t");
        let summary = run_chunked(&q, &mut source, &settings, &mut out, &mut |_| {}, 7).unwrap();
        (out, summary)
    };
    let ((counted, with), (plain, without)) = (run(true), run(false));
    assert_eq!(plain, counted, "the tally changes no output");
    assert_eq!(
        (without.records, without.errors),
        (with.records, with.errors)
    );
    assert_eq!(without.tally, Tally::default());
    assert_ne!(with.tally, Tally::default());
}

#[test]
fn csv_and_json_lines_agree() {
    let q = embedded();
    let csv = "respondent,age,pain_radiates,also_worse_with\r\nr1,40,thigh,\"stairs,hard_seats\"\r\nr2,,,\r\n";
    let jsonl = "{\"respondent\":\"r1\",\"age\":40,\"pain_radiates\":\"thigh\",\"also_worse_with\":[\"stairs\",\"hard_seats\"]}\r\n{\"respondent\":\"r2\"}\r\n";
    let (from_csv, a) = run_on(
        &mut Csv::new(csv.as_bytes(), "t.csv", &q, Columns::default()),
        2,
    );
    let (from_json, b) = run_on(&mut JsonLines::new(jsonl.as_bytes(), "t.jsonl"), 2);
    assert_eq!((a.records, a.errors), (2, 0));
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
    assert_eq!((summary.records, summary.errors), (6, 4));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[1],
        r#"{"schema":"dgs-error/1","record":2,"line":2,"errors":["invalid JSON: expected ident at column 2 of the line"]}"#
    );
    assert_eq!(
        lines[2],
        r#"{"schema":"dgs-error/1","record":3,"line":3,"errors":["invalid type: sequence, expected a mapping of question ids to answers at column 0 of the line"]}"#
    );
    assert_eq!(
        lines[3],
        r#"{"schema":"dgs-error/1","record":4,"line":4,"errors":["the line is not valid UTF-8"]}"#
    );
    assert_eq!(
        lines[4],
        r#"{"schema":"dgs-error/1","record":5,"line":5,"errors":["unknown question `agee`: did you mean `age`?"]}"#
    );
    assert!(lines[5].starts_with(r#"{"schema":"dgs-result/1","questionnaire""#));
}

#[test]
fn empty_inputs_give_no_lines() {
    let q = embedded();
    for input in ["", "\n\n", "   \r\n"] {
        assert_eq!(
            run_on(&mut JsonLines::new(input.as_bytes(), "t"), 2),
            (String::new(), Summary::default())
        );
    }
    assert_eq!(
        run_on(
            &mut Csv::new(
                "age,pain_radiates\r\n".as_bytes(),
                "t",
                &q,
                Columns::default()
            ),
            2
        ),
        (String::new(), Summary::default())
    );
    assert_eq!(
        run_on(&mut Csv::new("".as_bytes(), "t", &q, Columns::default()), 2),
        (String::new(), Summary::default())
    );
}

#[test]
fn csv_rows_of_the_wrong_width_and_a_byte_order_mark() {
    let q = embedded();
    let csv = "\u{feff}id,age\nr1,40\nr2\nr3,41,extra\n";
    let (out, summary) = run_on(
        &mut Csv::new(csv.as_bytes(), "t", &q, Columns::default()),
        1,
    );
    assert_eq!((summary.records, summary.errors), (3, 2));
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].contains(r#""respondent":"r1""#), "{}", lines[0]);
    assert_eq!(
        lines[1],
        r#"{"schema":"dgs-error/1","record":2,"line":3,"errors":["the row has 1 fields but the header has 2"]}"#
    );
    assert_eq!(
        lines[2],
        r#"{"schema":"dgs-error/1","record":3,"line":4,"errors":["the row has 3 fields but the header has 2"]}"#
    );
}

/// What the general path (a JSON tree, then checked answers) writes for a line.
fn general_path(q: &Questionnaire, line: &str) -> String {
    let (respondent, answers) = sources::json_record(q, &Columns::default(), line.as_bytes());
    let mut buf = Vec::new();
    match answers.map(|raw| crate::answers::check(&raw, q)) {
        Ok(Ok(answers)) => {
            let a = crate::scoring::score(q, &answers);
            buf = crate::testing::compact(q, &a, respondent.as_ref());
        }
        other => buf.extend_from_slice(format!("error: {other:?}").as_bytes()),
    }
    String::from_utf8(buf).unwrap()
}

#[test]
fn the_fast_line_parser_agrees_with_the_general_path() {
    let q = embedded();
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
        // Spacing, numbers in every JSON form, literals, lists, escapes, broken syntax.
        " \t{ \"age\" :\t40 ,\"buttock_pain\":\"yes\" }\r\n",
        r#"{"age": 4e1, "sitting_hours_per_day": 7.50E0, "pain_intensity": -0}"#,
        r#"{"sitting_hours_per_day": 1e400}"#,
        r#"{"age": 040}"#,
        r#"{"age": +40}"#,
        r#"{"age": 40.}"#,
        r#"{"age": -}"#,
        r#"{"age": 18446744073709551616}"#,
        r#"{"also_worse_with": []}"#,
        r#"{"also_worse_with": [ "stairs" , "hard_seats" ]}"#,
        r#"{"also_worse_with": ["stairs", ["hard_seats"]]}"#,
        r#"{"also_worse_with": ["stairs",]}"#,
        r#"{"also_worse_with": ["stairs" "hard_seats"]}"#,
        r#"{"also_worse_with": [null]}"#,
        r#"{"fever_or_unwell": truex}"#,
        r#"{"fever_or_unwell": tru}"#,
        r#"{"fever_or_unwell": nul}"#,
        r#"{"fever_or_unwell": True}"#,
        r#"{"fever_or_unwell": "y\u0065s"}"#,
        r#"{"fever_or_unwell": "yes\"}"#,
        // A raw tab inside a string is not JSON, though the answer would trim to a code.
        "{\"pain_radiates\": \"thigh\t\"}",
        r#"{"pain_radiates": "thigh\u00e9"}"#,
        r#"{"pain_radiates": "thighé"}"#,
        r#"{"respondent": 12.50, "age": 30}"#,
        r#"{"respondent": -0, "age": 30}"#,
        r#"{"respondent": null, "age": 30}"#,
        r#"{"respondent": true}"#,
        r#"{"respondent": ["a"]}"#,
        r#"{"respondent": {"a": 1}}"#,
        r#"{"respondent": "caf\u00e9"}"#,
        r#"{"age": 40,}"#,
        r#"{"age" 40}"#,
        r#"{"age": 40}}"#,
        r#"{"age": 40"#,
        r#"{"age": 40 "buttock_pain": "yes"}"#,
        "{,}",
        "{",
        "",
        "\u{feff}{\"age\": 40}",
    ];
    for line in lines {
        assert_same_as_general_path(&q, line);
    }
}

/// The fast path may hand a line to the general path, but whatever it scores itself must be
/// what the general path gives, and what the general path refuses it must refuse too.
fn assert_same_as_general_path(q: &Questionnaire, line: &str) {
    assert_lines_same_as_general_path(q, &[line]);
}

/// As [`assert_same_as_general_path`], for lines read in turn by one worker, so that each
/// is read with the keys the line before it had.
/// Returns how many were scored.
fn assert_lines_same_as_general_path(q: &Questionnaire, lines: &[&str]) -> usize {
    let full = Writer::Full(Box::new(CompactWriter::new(q)));
    let p = Program::for_many(q);
    let cols = Columns::default();
    let keys = Keys::new(&p, &cols);
    let mut worker = Worker {
        reader: LineReader::new(&keys),
        sheet: Sheet::new(&p),
        scored: Scored::default(),
        explained: Explained::default(),
    };
    (lines.iter())
        .filter(|line| assert_worker_same_as_general_path(q, &p, &full, &mut worker, line))
        .count()
}

fn assert_worker_same_as_general_path(
    q: &Questionnaire,
    p: &Program,
    full: &Writer,
    worker: &mut Worker,
    line: &str,
) -> bool {
    let mut fast = Vec::new();
    let cols = Columns::default();
    score_one(
        p,
        &cols,
        full,
        worker,
        &Record {
            number: 1,
            line: 1,
            input: Input::Json(0..line.len()),
        },
        line.as_bytes(),
        &mut fast,
        Some(&mut Tally::default()),
    );
    // Code answers' bits the reader set are those of the answers it read.
    if worker.sheet.codes_read {
        let sheet = &worker.sheet;
        assert_eq!(Some(sheet.code_truth), sheet.codes_of_answers(p), "{line}");
    }
    let fast = String::from_utf8(fast).unwrap();
    let general = general_path(q, line);
    if general.starts_with("error:") {
        assert!(
            fast.starts_with(r#"{"schema":"dgs-error/1""#),
            "{line}: {fast}"
        );
        false
    } else {
        assert_eq!(fast, general, "{line}");
        true
    }
}

/// Pieces of answer lines, valid and not: keys, values in many spellings, and separators.
const KEYS: &[&str] = &[
    r#""age""#,
    r#""buttock_pain""#,
    r#""also_worse_with""#,
    r#""pain_radiates""#,
    r#""sitting_hours_per_day""#,
    r#""respondent""#,
    r#""id""#,
    r#""agee""#,
    r#""a\u0067e""#,
];
const VALUES: &[&str] = &[
    "40",
    "40.0",
    "4e1",
    "-0",
    "0.5",
    "1e400",
    "-3",
    "200",
    r#""40""#,
    r#""yes""#,
    r#""NO""#,
    r#"" thigh ""#,
    r#""stairs,hard_seats""#,
    r#"["stairs"]"#,
    r#"["stairs","none"]"#,
    "[]",
    "true",
    "false",
    "null",
    r#"{"a":1}"#,
    r#""y\u0065s""#,
    r#""é""#,
    "\"thigh\t\"",
];

proptest::proptest! {
    #[test]
    fn the_fast_line_parser_agrees_with_the_general_path_on_generated_lines(
        pairs in proptest::collection::vec((0..KEYS.len(), 0..VALUES.len()), 0..6),
        spacing in proptest::collection::vec(0..4usize, 32),
        cut in proptest::option::of((0..200usize, 0..8usize)),
    ) {
        let space = |n: usize| [" ", "", "\t", "\r\n"][spacing[n % spacing.len()]];
        let mut line = format!("{}{{", space(0));
        for (n, (k, v)) in pairs.iter().enumerate() {
            if n > 0 {
                line.push(',');
            }
            let (key, value) = (KEYS[*k], VALUES[*v]);
            let _ = write!(line, "{}{key}{}:{}{value}{}", space(n + 1), space(n + 2), space(n + 3), space(n + 4));
        }
        line.push('}');
        // Sometimes break the line: drop a character, or put a stray one in.
        if let Some((at, what)) = cut {
            let at = line.char_indices().map(|(i, _)| i).nth(at % line.chars().count()).unwrap_or(0);
            match what {
                0 => { line.remove(at); }
                n => line.insert(at, ['{', '}', '[', ',', ':', '"', '\\'][n - 1]),
            }
        }
        let q = embedded();
        assert_same_as_general_path(&q, &line);
    }
}

/// Spellings of an answer to `item` as an export writes them, and beside them: near codes,
/// prefixes and extensions of codes, numbers in and out of range and form, repeats; and how
/// many of them, first, are as an export writes them.
fn spellings(item: &crate::questionnaire::Item) -> (usize, Vec<String>) {
    use crate::questionnaire::ItemType;
    let mut codes: Vec<String> = match item.kind {
        ItemType::YesNo if item.not_sure => ["yes", "no", "not_sure"].map(String::from).to_vec(),
        ItemType::YesNo => ["yes", "no"].map(String::from).to_vec(),
        _ => item.options.iter().map(|o| o.value.clone()).collect(),
    };
    // A number item's usual answers: its bounds, and whole and fractional ones between.
    let (min, max) = item.bounds();
    let (min, max) = (min.max(-1000.0), max.min(1000.0));
    let mid = f64::midpoint(min, max).floor();
    let mut numbers = vec![min.to_string(), max.to_string(), mid.to_string()];
    if item.kind == ItemType::Number {
        numbers.push(format!("{min}.5"));
    }
    let usual = if codes.is_empty() {
        numbers.len()
    } else {
        codes.len()
    };
    let near: Vec<String> = (codes.iter())
        .flat_map(|c| {
            [
                format!("{c}x"),
                c[..c.len() - 1].to_string(),
                c.to_uppercase(),
            ]
        })
        .collect();
    codes.extend(near);
    let mut out: Vec<String> = codes.iter().map(|c| format!("\"{c}\"")).collect();
    if out.is_empty() {
        out = numbers;
    }
    if item.kind == ItemType::MultipleChoice {
        let quoted = out.clone();
        for (n, a) in quoted.iter().enumerate() {
            let b = &quoted[(n * 7 + 3) % quoted.len()];
            out.extend([format!("[{a}]"), format!("[{a},{b}]"), format!("[{a},{a}]")]);
        }
        out.push("[]".into());
    }
    out.extend(
        [
            "0",
            "7",
            "40",
            "040",
            "4e1",
            "-3",
            "1.5",
            "7.50",
            "200",
            "-0",
            "1.",
            "0.5",
            "123456789012345",
            "1234567890123456",
            "99999999999999999999",
            "null",
            "true",
            "false",
            "\"\"",
            "\"7\"",
        ]
        .map(String::from),
    );
    (usual, out)
}

#[test]
fn lines_read_in_turn_with_the_previous_lines_keys_agree_with_the_general_path() {
    let q = embedded();
    let items: Vec<_> = q.items().collect();
    let spellings: Vec<(usize, Vec<String>)> = items.iter().map(|item| spellings(item)).collect();
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    let mut scored = 0;
    for _ in 0..60 {
        // An export's keys: every item or some, in order, with a respondent first or not.
        let mut keys: Vec<usize> = (0..items.len()).filter(|_| next(4) != 0).collect();
        let respondent = next(2) == 0;
        let mut lines = Vec::new();
        for _ in 0..12 {
            // Mostly the same keys as the line before; sometimes one more, one less, one
            // twice, one not a question, or the line ends early.
            let mut these = keys.clone();
            match next(12) {
                0 if !these.is_empty() => {
                    these.remove(next(these.len()));
                }
                1 => these.insert(next(these.len() + 1), next(items.len())),
                2 if !these.is_empty() => keys = these.clone(),
                _ => {}
            }
            let mut line = String::from("{");
            if respondent {
                let _ = write!(line, "\"respondent\":\"r{}\",", next(100));
            }
            // Most lines as an export writes them; some with an answer spelt otherwise, or
            // one key a letter off a question's at its end (past a 32-byte word for some).
            let mode = next(5);
            let odd_key = (mode == 2).then(|| next(these.len().max(1)));
            for (n, &slot) in these.iter().enumerate() {
                let (usual, choices) = &spellings[slot];
                let pick = if mode == 1 && next(30) == 0 {
                    next(choices.len())
                } else {
                    next(*usual)
                };
                let mut id = items[slot].id.clone();
                if odd_key == Some(n) {
                    id.pop();
                    id.push_str(["z", "", "zz", "z"][next(4)]);
                }
                let _ = write!(line, "\"{id}\":{},", choices[pick]);
                if next(2000) == 0 {
                    line.push_str("\"nothing\":1,");
                }
                if n == 3 && next(50) == 0 {
                    line.push(' ');
                }
            }
            if line.ends_with(',') {
                line.pop();
            }
            line.push('}');
            if next(30) == 0 {
                line.truncate(next(line.len()));
            }
            if next(10) == 0 {
                line.push_str(["\n", " ", "\r\n", "x", ",", "}"][next(6)]);
            }
            lines.push(line);
        }
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        scored += assert_lines_same_as_general_path(&q, &lines);
    }
    // Most lines are scored, not refused: the test reads answers, not only errors.
    assert!(scored > 60 * 12 / 2, "{scored} scored");
}

/// Lines whose keys vary from line to line (a few questions each, as a short export has
/// them): most of each line's keys are found by their signature and learned in a loop of
/// their own, the last ones in a copy padded with zeros.
#[test]
fn lines_whose_keys_vary_from_line_to_line_agree_with_the_general_path() {
    let q = embedded();
    let items: Vec<_> = q.items().collect();
    let spellings: Vec<(usize, Vec<String>)> = items.iter().map(|item| spellings(item)).collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut next = |below: usize| (rng.next() % below as u64) as usize;
    let mut lines = Vec::new();
    for n in 0..600 {
        let mut line = format!("{{\"respondent\":\"r{n}\"");
        let mut these: Vec<usize> = (0..items.len()).filter(|_| next(3) == 0).collect();
        // Now and then a question twice, or out of order.
        if next(20) == 0 {
            these.insert(next(these.len() + 1), next(items.len()));
        }
        for slot in these {
            let (usual, choices) = &spellings[slot];
            let pick = if next(40) == 0 {
                next(choices.len())
            } else {
                next(*usual)
            };
            let _ = write!(line, ",\"{}\":{}", items[slot].id, choices[pick]);
        }
        line.push('}');
        if next(40) == 0 {
            line.truncate(next(line.len()));
        }
        lines.push(line);
    }
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let scored = assert_lines_same_as_general_path(&q, &lines);
    assert!(scored > 600 / 2, "{scored} scored");
}

#[test]
fn lines_after_a_line_with_every_question_agree_with_the_general_path() {
    // After a line that answers every question and has no key twice, the reader neither
    // clears the sheet nor looks for repeated keys while the keys are the same: a line that
    // leaves one out, repeats one, reorders them or has no keys must still read as the
    // general path reads it.
    let q = embedded();
    let items: Vec<_> = q.items().collect();
    let answer = |n: usize, pick: usize| {
        let (usual, choices) = spellings(items[n]);
        choices[pick % usual].clone()
    };
    let line = |order: &[usize], pick: usize| {
        let pairs: Vec<String> = (order.iter().enumerate())
            .map(|(n, &slot)| format!("\"{}\":{}", items[slot].id, answer(slot, n + pick)))
            .collect();
        format!("{{{}}}", pairs.join(","))
    };
    let every: Vec<usize> = (0..items.len()).collect();
    let mut one_less = every.clone();
    one_less.remove(items.len() / 2);
    let mut last_left_out = every.clone();
    last_left_out.pop();
    let mut twice = every.clone();
    twice.push(3);
    let mut early_twice = every.clone();
    early_twice.insert(5, 0);
    let mut swapped = every.clone();
    swapped.swap(10, 11);
    let mut lines = Vec::new();
    for variant in [
        &one_less,
        &last_left_out,
        &twice,
        &early_twice,
        &swapped,
        &vec![],
    ] {
        lines.extend([line(&every, 0), line(&every, 1), line(variant, 2)]);
        lines.push(line(&every, 3));
    }
    lines.push(r#"{"age":40,"age":41}"#.into());
    lines.push("{}".into());
    lines.push(r#"{"age":40,"age":41}"#.into());
    lines.push(line(&every, 4));
    lines.push(line(&every, 5).replacen('{', "{\"respondent\":\"r\",", 1));
    lines.push(line(&every, 6));
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let scored = assert_lines_same_as_general_path(&q, &lines);
    assert!(scored >= 20, "{scored} scored");
}

#[test]
fn the_reader_sets_the_code_bits_only_of_lines_it_reads_itself() {
    // Read by `predicted` (keys learned), then by `fast` (keys as the line before): the
    // reader sets the code answers' bits. Read by the general scanner, or from checked
    // answers (CSV, the general path): scoring walks the slots.
    let q = embedded();
    let p = Program::for_many(&q);
    let cols = Columns::default();
    let keys = Keys::new(&p, &cols);
    let mut reader = LineReader::new(&keys);
    let mut sheet = Sheet::new(&p);
    let compact = r#"{"respondent":"r1","saddle_numbness":"yes","fever_or_unwell":"not_sure","pain_radiates":"thigh","also_worse_with":["stairs"],"age":40}"#;
    let spaced = compact.replace(',', ", ");
    let mut read = Vec::new();
    for line in [compact, compact, &spaced, compact] {
        assert!(reader.read(line.as_bytes(), &mut sheet).is_some(), "{line}");
        if sheet.codes_read {
            assert_eq!(Some(sheet.code_truth), sheet.codes_of_answers(&p), "{line}");
        }
        read.push(sheet.codes_read);
    }
    assert_eq!(read, [true, true, false, true]);
    sheet.clear();
    let slot = q.slot("saddle_numbness").expect("a question");
    sheet.set_value(&p, slot, &crate::questionnaire::Value::Code("no".into()));
    assert!(!sheet.codes_read);
}

#[test]
fn keys_that_are_not_questions_are_skipped_whatever_their_place_and_length() {
    // Skipped keys have no head of their own: their text is compared, learned or not.
    let q = embedded();
    let p = Program::for_many(&q);
    let cols = Columns::with_id(None, true);
    let keys = Keys::new(&p, &cols);
    let mut reader = LineReader::new(&keys);
    let mut plain = Sheet::new(&p);
    let without = r#"{"respondent":"r1","saddle_numbness":"yes","age":40}"#;
    assert!(reader.read(without.as_bytes(), &mut plain).is_some());
    let long = "a_column_name_longer_than_any_head_of_forty_bytes";
    let mut lines = Vec::new();
    for column in ["x", "Timestamp", long, "saddle_numbnesx"] {
        lines.extend([
            format!(r#"{{"{column}":"1","respondent":"r1","saddle_numbness":"yes","age":40}}"#),
            format!(r#"{{"respondent":"r1","saddle_numbness":"yes","{column}":7,"age":40}}"#),
            format!(r#"{{"respondent":"r1","saddle_numbness":"yes","age":40,"{column}":null}}"#),
        ]);
    }
    for line in &lines {
        // Learned, then read with the keys learned, then after another line.
        for _ in 0..2 {
            let mut sheet = Sheet::new(&p);
            assert!(reader.read(line.as_bytes(), &mut sheet).is_some(), "{line}");
            assert_eq!(sheet.answers, plain.answers, "{line}");
        }
    }
}

#[test]
fn a_chunk_stops_taking_records_once_it_holds_a_megabyte_of_input() {
    // Lines of 300,000 bytes: three are under the bound, the fourth passes it.
    let id = "x".repeat(300_000 - 40);
    let line = format!("{{\"respondent\":\"{id}\",\"pain_side\":\"left\"}}\n");
    let counts = |source: &mut dyn Source| {
        let mut chunk = Chunk::default();
        let mut counts = Vec::new();
        loop {
            chunk.clear();
            source.next_chunk(64, &mut chunk).unwrap();
            if chunk.records.is_empty() {
                return counts;
            }
            counts.push(chunk.records.len());
        }
    };
    let jsonl = line.repeat(10);
    let taken = counts(&mut JsonLines::new(jsonl.as_bytes(), "t"));
    assert_eq!(taken, [4, 4, 2]);
    let q = embedded();
    let csv = format!(
        "respondent,pain_side\n{}",
        format!("{id},left\n").repeat(10)
    );
    let taken = counts(&mut Csv::new(
        csv.as_bytes(),
        "t.csv",
        &q,
        Columns::default(),
    ));
    assert_eq!(taken, [4, 4, 2]);
    // Small lines still fill a chunk by count.
    let small = lines(200);
    assert_eq!(
        counts(&mut JsonLines::new(small.as_bytes(), "t")),
        [64, 64, 64, 8]
    );
}
