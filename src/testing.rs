//! Shared fixtures for unit tests.

use crate::answers::raw::RawAnswers;
use crate::diary::entries::Entry;
use crate::questionnaire::Answers;
use crate::questionnaire::{self, Item, ItemType, Questionnaire, Value};

/// A small questionnaire for tests: the fixed header (format, titles, all four triage
/// levels) followed by `body` (sections, rules, ...).
pub fn small_questionnaire(id: &str, body: &str) -> String {
    format!(
        "format: dgs-questionnaire/1
id: {id}
version: \"1\"
title: T
disclaimer: D
triage:
  emergency: {{title: E, action: e}}
  urgent: {{title: U, action: u}}
  see_clinician: {{title: S, action: s}}
  self_care: {{title: C, action: c}}
{body}"
    )
}

pub fn embedded() -> Questionnaire {
    questionnaire::load(None).expect("the embedded questionnaire is valid")
}

/// Answers from `id=value` flags, checked against the embedded questionnaire.
pub fn answers(q: &Questionnaire, flags: &[&str]) -> Answers {
    let mut raw = RawAnswers::default();
    let flags: Vec<String> = flags.iter().map(|s| (*s).to_string()).collect();
    raw.apply_flags(&flags, q);
    crate::answers::check(&raw, q).expect("test answers are valid")
}

/// Answers scored as `dgs score` scores them: their sheet and the result.
pub fn scored(
    p: &crate::scoring::Program,
    given: &Answers,
) -> (crate::scoring::Sheet, crate::scoring::Scored) {
    let slots = crate::scoring::enablement::slots(p.q, given);
    let sheet = crate::scoring::Sheet::of_values(p, &slots);
    let mut s = crate::scoring::Scored::default();
    s.score(p, &sheet);
    (sheet, s)
}

/// `dgs score`'s full line (`report::compact`) for the answers an assessment rests on: what
/// tests compare with the serialised assessment.
pub fn compact(
    q: &Questionnaire,
    a: &crate::scoring::assessment::Assessment,
    respondent: Option<&serde_json::Value>,
) -> Vec<u8> {
    use crate::report::compact::{CompactWriter, Explained, Record};
    use crate::scoring::assessment::Fact;
    let p = crate::scoring::Program::for_many(q);
    let mut slots = vec![None; q.item_count()];
    for (id, fact) in a.answers.entries() {
        if let (Some(slot), Fact::Answer(value)) = (q.slot(id), fact) {
            slots[slot] = Some(*value);
        }
    }
    let sheet = crate::scoring::Sheet::of_values(&p, &slots);
    let mut s = crate::scoring::Scored::default();
    s.score(&p, &sheet);
    let record = Record {
        p: &p,
        s: &s,
        sheet: &sheet,
        respondent: respondent.map(crate::report::respondent::Respondent::Json),
    };
    let mut buf = Vec::new();
    CompactWriter::new(q).write(&mut buf, &record, &mut Explained::default());
    buf
}

/// Deterministic pseudo-random answer sets over every item and value, from none answered
/// to all, and more yes to safety questions than people give.
pub fn generated_answer_sets(q: &Questionnaire, count: usize) -> Vec<Vec<String>> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut sets = Vec::new();
    for n in 0..count {
        let answered = n as u64 % 11;
        let mut set = Vec::new();
        for item in q.items() {
            if next() % 10 >= answered {
                continue;
            }
            let value = match value_for(item, next()) {
                crate::questionnaire::Value::Code(_)
                    if item.red_flag.is_some() && item.not_sure && next() % 4 > 0 =>
                {
                    "no".into()
                }
                crate::questionnaire::Value::Codes(codes) => codes.join(","),
                other => other.to_string(),
            };
            set.push(format!("{}={value}", item.id));
        }
        sets.push(set);
    }
    sets
}

/// A complete, unremarkable set of answers: no red flags, no pattern, no habit. Kept in a
/// file shared with the integration tests' vignettes, so the two cannot drift apart.
pub static BENIGN: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    include_str!("../tests/fixtures/benign-answers.txt")
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
});

/// [`BENIGN`] with some answers replaced or added.
pub fn benign_with(q: &Questionnaire, changes: &[&str]) -> Answers {
    let id = |flag: &str| flag.split('=').next().unwrap_or_default().to_string();
    let replaced: Vec<String> = changes.iter().map(|c| id(c)).collect();
    let mut flags: Vec<&str> = BENIGN
        .iter()
        .copied()
        .filter(|f| !replaced.contains(&id(f)))
        .collect();
    flags.extend_from_slice(changes);
    answers(q, &flags)
}

/// A diary entry with nothing but the essentials; tests set other fields with `..`.
pub fn diary_entry(at: &str, pain: i64, activity: &str) -> Entry {
    Entry {
        id: None,
        at: at.into(),
        pain,
        activity: activity.into(),
        detail: None,
        minutes: None,
        postures: Vec::new(),
        self_care: Vec::new(),
        note: None,
    }
}

/// Texts a YAML writer can get wrong: quotes, colons, comment and indicator characters,
/// line breaks of every kind, control characters, words YAML would read as other types.
pub const HOSTILE: [&str; 28] = [
    "quote \" and ' both",
    "key: value",
    "line one\nline two\n",
    "\n\nleading breaks",
    "  leading and trailing spaces  ",
    "# not a comment",
    "- not a list",
    "? not a key",
    "&anchor *alias !tag |block >folded %directive @at `tick`",
    "{flow: map} [flow, seq]",
    "---",
    "...",
    "yes",
    "no",
    "null",
    "~",
    "1.0",
    "0x10",
    "",
    "tab\there",
    "\u{1b}[31mred\u{1b}[0m bell\u{7}",
    "nul\u{0}byte",
    "next line\u{85}separator\u{2028}paragraph\u{2029}",
    "byte order mark\u{feff}",
    "crlf\r\nand cr\r",
    "delete\u{7f} and C1 \u{9b}",
    "bidi \u{202e}override",
    "emoji 😀 and ünïcödé",
];

/// A valid value for `item`, chosen by `seed` (also used by the compiled scorer's tests).
pub fn value_for(item: &Item, seed: u64) -> Value {
    let codes = item.codes();
    match item.kind {
        ItemType::YesNo | ItemType::SingleChoice => {
            Value::Code(codes[seed as usize % codes.len()].to_string().into())
        }
        ItemType::MultipleChoice => {
            // Either the exclusive option alone, or any non-exclusive subset that is not empty.
            let plain: Vec<&str> = item
                .options
                .iter()
                .filter(|o| !o.exclusive)
                .map(|o| o.value.as_str())
                .collect();
            let exclusive = item.options.iter().find(|o| o.exclusive);
            match exclusive {
                Some(none) if seed % 4 == 0 => Value::Codes(vec![none.value.clone()]),
                _ => {
                    let mut picked: Vec<String> = plain
                        .iter()
                        .enumerate()
                        .filter(|(n, _)| seed >> n & 1 == 1)
                        .map(|(_, c)| (*c).to_string())
                        .collect();
                    if picked.is_empty() {
                        picked.push(plain[seed as usize % plain.len()].to_string());
                    }
                    Value::Codes(picked)
                }
            }
        }
        ItemType::Integer => {
            let (min, max) = item.bounds();
            Value::Int(min as i64 + (seed % (max - min + 1.0) as u64) as i64)
        }
        ItemType::Number => {
            let (min, max) = item.bounds();
            Value::Num(min + (seed % 1000) as f64 / 1000.0 * (max - min))
        }
    }
}

/// A small deterministic generator (xorshift64), so failures replay.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}
