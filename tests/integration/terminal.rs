//! Drives the interactive path through a pseudo-terminal, as a person would.

use std::process::Command;
use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{Eof, Expect, Session};

use crate::harness::fixture;

const ENTER: &str = "\r";
const DOWN: &str = "\x1b[B";
const ESC: &str = "\x1b";
const CTRL_C: &str = "\x03";
const SHOW_CURSOR: &str = "\x1b[?25h";

struct Tty {
    session: OsSession,
}

impl Tty {
    fn spawn(args: &[&str]) -> Tty {
        let mut command = Command::new(env!("CARGO_BIN_EXE_dgs"));
        command
            .args(args)
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .env_remove("CLICOLOR_FORCE");
        let mut session = Session::spawn(command).expect("spawn dgs in a pty");
        session
            .get_process_mut()
            .set_window_size(100, 40)
            .expect("window size");
        // A bound on every wait: a hang fails the test instead of stalling the suite.
        session.set_expect_timeout(Some(Duration::from_secs(15)));
        Tty { session }
    }

    #[track_caller]
    fn wait_for(&mut self, text: &str) -> String {
        match self.session.expect(text) {
            Ok(found) => String::from_utf8_lossy(found.before()).into_owned(),
            Err(e) => panic!("waiting for {text:?}: {e}"),
        }
    }

    fn send(&mut self, keys: &str) {
        // Keys sent together could arrive as one read and be taken for an escape sequence.
        std::thread::sleep(Duration::from_millis(60));
        self.session.send(keys).expect("send keys");
    }

    /// Reads everything left, then the exit code.
    fn finish(mut self) -> (String, i32) {
        // At the end of output the match is the whole rest of the stream.
        let rest = match self.session.expect(Eof) {
            Ok(found) => String::from_utf8_lossy(found.get(0).unwrap_or_default()).into_owned(),
            Err(e) => panic!("waiting for the end: {e}"),
        };
        match self.session.get_process().wait().expect("wait") {
            WaitStatus::Exited(_, code) => (rest, code),
            other => panic!("dgs did not exit normally: {other:?}"),
        }
    }
}

#[test]
fn welcome_screen_says_it_is_not_a_diagnosis_and_an_emergency_stops_at_once() {
    let mut tty = Tty::spawn(&[]);
    let welcome = tty.wait_for("Section 1 of 5 · question 1 of");
    assert!(welcome.contains("This is not a diagnosis."), "{welcome}");
    assert!(
        welcome.contains("Safety first: signs that need help now"),
        "{welcome}"
    );
    tty.wait_for("BOTH legs?");
    tty.send(ENTER); // "Yes" is the first choice
    let (rest, code) = tty.finish();
    assert_eq!(code, 0);
    assert!(rest.contains("EMERGENCY: get medical help now"), "{rest}");
    assert!(
        rest.contains("Pain, tingling or numbness down both legs"),
        "{rest}"
    );
    assert!(
        !rest.contains("question 2 of"),
        "questioning went on after an emergency: {rest}"
    );
}

#[test]
fn a_whole_questionnaire_with_back_help_and_a_bad_number() {
    let q = fixture("small.yaml");
    let mut tty = Tty::spawn(&["-q", &q]);
    tty.wait_for("Any alarm sign?");
    tty.send(DOWN);
    tty.send(ENTER); // alarm: No
    tty.wait_for("question 2 of 3");
    tty.wait_for("Is sitting painful?");
    tty.send(ESC); // back to the alarm question
    tty.wait_for("question 1 of");
    tty.wait_for("Any alarm sign?");
    tty.send(ENTER); // the earlier answer, No, is pre-selected
    tty.wait_for("Is sitting painful?");
    tty.send(ENTER); // Yes: now `hours` is asked too
    tty.wait_for("question 3 of 4");
    tty.wait_for("Hours sitting a day?");
    tty.send("lots\r");
    tty.wait_for("please enter a number from 0 to 24");
    tty.send("\x15"); // clear the line
    tty.send("7.5\r");
    tty.wait_for("Worse with?");
    tty.send(DOWN);
    tty.send(" "); // tick Driving
    tty.send(ENTER);
    let (rest, code) = tty.finish();
    assert_eq!(code, 0, "{rest}");
    assert!(rest.contains("SELF-CARE"), "{rest}");
    assert!(
        rest.contains("because: sitting = yes (+2); worse = driving (+1)"),
        "{rest}"
    );
    assert!(rest.contains("because: hours = 7.5 (+1)"), "{rest}");
}

#[test]
fn answers_given_as_flags_are_not_asked() {
    let q = fixture("small.yaml");
    let mut tty = Tty::spawn(&["-q", &q, "-a", "alarm=no", "-a", "sitting=no"]);
    let before = tty.wait_for("Worse with?");
    assert!(!before.contains("Any alarm sign?"), "{before}");
    tty.send(ENTER); // nothing ticked on an optional question skips it
    let (rest, code) = tty.finish();
    assert_eq!(code, 0);
    assert!(
        rest.contains("1 question(s) were not answered: worse."),
        "{rest}"
    );
}

#[track_caller]
fn interrupt_at(args: &[&str], prompt: &str) {
    let mut tty = Tty::spawn(args);
    tty.wait_for(prompt);
    tty.send(CTRL_C);
    let (rest, code) = tty.finish();
    assert_eq!(code, 130, "{rest}");
    assert!(
        rest.contains(SHOW_CURSOR),
        "cursor not restored after Ctrl-C: {rest:?}"
    );
    assert!(
        !rest.contains("result"),
        "a report was printed after Ctrl-C: {rest}"
    );
    assert!(!rest.contains("panicked"), "{rest}");
}

#[test]
fn ctrl_c_at_a_yes_no_question_exits_130_with_the_cursor_back() {
    interrupt_at(&[], "BOTH legs?");
}

#[test]
fn ctrl_c_at_a_number_question_exits_130() {
    let q = fixture("small.yaml");
    interrupt_at(
        &["-q", &q, "-a", "alarm=no", "-a", "sitting=yes"],
        "Hours sitting a day?",
    );
}

#[test]
fn ctrl_c_at_a_multiple_choice_question_exits_130() {
    let q = fixture("small.yaml");
    interrupt_at(
        &["-q", &q, "-a", "alarm=no", "-a", "sitting=no"],
        "Worse with?",
    );
}

#[test]
fn no_input_never_prompts_even_on_a_terminal() {
    let q = fixture("small.yaml");
    let tty = Tty::spawn(&["-q", &q, "--no-input"]);
    let (rest, code) = tty.finish();
    assert_eq!(code, 0);
    assert!(rest.contains("SEE A CLINICIAN"), "{rest}");
}
