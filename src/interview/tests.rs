use std::collections::VecDeque;

use super::*;
use crate::questionnaire::parse;
use crate::testing::{BENIGN, answers, embedded, small_questionnaire};

/// Replays scripted replies and records what was asked, with progress and the previous answer.
struct Script {
    replies: VecDeque<Reply>,
    asked: Vec<(String, Progress, Option<Value>)>,
    /// Answers to "is that right?" when an answer would end the questionnaire; yes when empty.
    confirms: VecDeque<bool>,
    confirmed: Vec<(String, Level)>,
}

impl Script {
    fn new(replies: Vec<Reply>) -> Script {
        Script {
            replies: replies.into(),
            asked: Vec::new(),
            confirms: VecDeque::new(),
            confirmed: Vec::new(),
        }
    }

    fn ids(&self) -> Vec<&str> {
        self.asked.iter().map(|(id, _, _)| id.as_str()).collect()
    }
}

impl Prompter for Script {
    fn ask(
        &mut self,
        _: &Questionnaire,
        item: &Item,
        progress: &Progress,
        previous: Option<&Value>,
    ) -> Result<Reply, Error> {
        self.asked
            .push((item.id.clone(), progress.clone(), previous.cloned()));
        // Running out of script behaves like a closed input.
        self.replies.pop_front().ok_or(Error::InputClosed)
    }

    fn confirm_stop(
        &mut self,
        _: &Questionnaire,
        item: &Item,
        _: &Value,
        level: Level,
    ) -> Result<bool, Error> {
        self.confirmed.push((item.id.clone(), level));
        Ok(self.confirms.pop_front().unwrap_or(true))
    }
}

fn yes() -> Reply {
    Reply::Answer(Value::Code("yes".into()))
}

fn no() -> Reply {
    Reply::Answer(Value::Code("no".into()))
}

const SMALL: &str = r#"sections:
  - id: one
    title: One
    items:
      - {id: alarm, type: yes_no, text: Alarm?, required: true, red_flag: emergency}
      - {id: a, type: yes_no, text: A?, required: true}
  - id: two
    title: Two
    items:
      - {id: b, type: yes_no, text: B?, enable_when: {q: a, op: "=", value: "yes"}}
      - {id: c, type: integer, text: C?, min: 0, max: 10}
rules:
  - id: alarm
    when: {q: alarm, op: "=", value: "yes"}
    triage: emergency
    stop: true
    message: Alarm.
"#;

fn small() -> Questionnaire {
    parse(&small_questionnaire("small", SMALL), "small.yaml").unwrap()
}

#[test]
fn asks_in_order_with_progress_and_conditions() {
    let q = small();
    let mut script = Script::new(vec![no(), yes(), no(), Reply::Answer(Value::Int(4))]);
    let out = run(&q, Answers::new(), &mut script).unwrap();
    assert_eq!(script.ids(), ["alarm", "a", "b", "c"]);
    assert!(!out.stopped);
    assert_eq!(out.answers.len(), 4);
    let progress = &script.asked[2].1;
    assert_eq!(
        (
            progress.section,
            progress.sections,
            progress.question,
            progress.questions
        ),
        (2, 2, 3, 4)
    );
    assert!(script.asked[0].1.first);
    assert!(!script.asked[1].1.first);
    // With `a = no`, `b` is not asked and the count shrinks.
    let mut script = Script::new(vec![no(), no(), Reply::Skip]);
    let out = run(&q, Answers::new(), &mut script).unwrap();
    assert_eq!(script.ids(), ["alarm", "a", "c"]);
    assert_eq!(script.asked[2].1.questions, 3);
    assert!(!out.answers.contains_key("c"));
}

#[test]
fn an_emergency_answer_stops_at_once() {
    let q = small();
    let mut script = Script::new(vec![yes()]);
    let out = run(&q, Answers::new(), &mut script).unwrap();
    assert!(out.stopped);
    assert_eq!(script.ids(), ["alarm"]);
}

#[test]
fn an_answer_that_ends_the_questionnaire_is_confirmed_first() {
    let q = small();
    let mut script = Script::new(vec![yes()]);
    let out = run(&q, Answers::new(), &mut script).unwrap();
    assert!(out.stopped);
    assert_eq!(script.confirmed, [("alarm".to_string(), Level::Emergency)]);
}

#[test]
fn a_stop_that_was_not_meant_asks_the_question_again() {
    let q = small();
    let mut script = Script::new(vec![yes(), no(), no(), Reply::Skip]);
    script.confirms.push_back(false);
    let out = run(&q, Answers::new(), &mut script).unwrap();
    assert!(!out.stopped);
    assert_eq!(script.ids(), ["alarm", "alarm", "a", "c"]);
    // Asked again with the slip shown as the previous answer, and it is no longer the first
    // question's state that was lost: going on works as usual.
    assert_eq!(script.asked[1].2, Some(Value::Code("yes".into())));
    assert!(script.asked[1].1.first);
    assert_eq!(out.answers.get("alarm"), Some(&Value::Code("no".into())));
}

#[test]
fn answers_given_up_front_stop_without_asking_for_confirmation() {
    let q = small();
    let mut script = Script::new(vec![]);
    let given = Answers::from([("alarm".to_string(), Value::Code("yes".into()))]);
    let out = run(&q, given, &mut script).unwrap();
    assert!(out.stopped);
    assert!(script.confirmed.is_empty());
    assert!(script.asked.is_empty());
}

#[test]
fn back_revisits_the_previous_question_with_its_answer() {
    let q = small();
    let mut script = Script::new(vec![
        no(),
        yes(),
        Reply::Back,
        no(),
        Reply::Answer(Value::Int(1)),
    ]);
    let out = run(&q, Answers::new(), &mut script).unwrap();
    assert_eq!(script.ids(), ["alarm", "a", "b", "a", "c"]);
    // Going back offers the earlier answer; `a` changed to `no`, so `b` is no longer asked.
    assert_eq!(script.asked[3].2, Some(Value::Code("yes".into())));
    assert_eq!(out.answers.get("a"), Some(&Value::Code("no".into())));
    assert!(!out.answers.contains_key("b"));
}

#[test]
fn back_at_the_first_question_asks_it_again() {
    let q = small();
    let mut script = Script::new(vec![Reply::Back, no(), no(), Reply::Skip]);
    run(&q, Answers::new(), &mut script).unwrap();
    assert_eq!(script.ids(), ["alarm", "alarm", "a", "c"]);
}

#[test]
fn back_over_a_skipped_question_asks_it_again() {
    let q = small();
    let mut script = Script::new(vec![
        no(),
        yes(),
        Reply::Skip,
        Reply::Back,
        yes(),
        Reply::Skip,
    ]);
    let out = run(&q, Answers::new(), &mut script).unwrap();
    // Back is pressed at `c`, which returns to the skipped `b`.
    assert_eq!(script.ids(), ["alarm", "a", "b", "c", "b", "c"]);
    assert_eq!(out.answers.get("b"), Some(&Value::Code("yes".into())));
}

#[test]
fn required_questions_cannot_be_skipped() {
    let q = small();
    let mut script = Script::new(vec![Reply::Skip, no(), no(), Reply::Skip]);
    let out = run(&q, Answers::new(), &mut script).unwrap();
    assert_eq!(script.ids(), ["alarm", "alarm", "a", "c"]);
    assert_eq!(out.answers.get("alarm"), Some(&Value::Code("no".into())));
}

#[test]
fn answers_given_up_front_are_not_asked_and_back_stops_at_them() {
    let q = small();
    let given = answers(&q, &["alarm=no", "a=yes"]);
    let mut script = Script::new(vec![Reply::Back, no(), Reply::Answer(Value::Int(0))]);
    let out = run(&q, given, &mut script).unwrap();
    assert_eq!(script.ids(), ["b", "b", "c"]);
    assert!(script.asked[0].1.first);
    assert_eq!(out.answers.len(), 4);
}

#[test]
fn a_closed_input_is_an_error_not_a_loop() {
    let q = small();
    let mut script = Script::new(vec![no()]);
    assert!(matches!(
        run(&q, Answers::new(), &mut script),
        Err(Error::InputClosed)
    ));
}

#[test]
fn the_embedded_questionnaire_runs_start_to_end() {
    let q = embedded();
    let full = answers(&q, &BENIGN);
    let mut replies = Vec::new();
    for item in q.items() {
        if let Some(value) = full.get(&item.id) {
            replies.push(Reply::Answer(value.clone()));
        }
    }
    let mut script = Script::new(replies);
    let out = run(&q, Answers::new(), &mut script).unwrap();
    assert_eq!(out.answers, full);
    assert_eq!(script.asked.last().unwrap().1.question, full.len());
}
