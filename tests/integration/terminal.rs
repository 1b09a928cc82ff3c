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

pub struct Tty {
    session: OsSession,
}

impl Tty {
    fn spawn(args: &[&str]) -> Tty {
        Tty::spawn_with(args, &[("NO_COLOR", "1"), ("TERM", "xterm")], 100)
    }

    /// Spawns in a terminal `columns` wide, with these environment variables set.
    pub fn spawn_with(args: &[&str], env: &[(&str, &str)], columns: u16) -> Tty {
        let mut command = Command::new(env!("CARGO_BIN_EXE_dgs"));
        command.args(args);
        Tty::spawn_command(command, env, columns)
    }

    /// Spawns with the window already `columns` wide and 40 rows high when `dgs` starts, for
    /// output drawn at once (a report, not a prompt): `stty` sets it, then `dgs` takes its place.
    pub fn spawn_sized(args: &[&str], env: &[(&str, &str)], columns: u16) -> Tty {
        let mut command = Command::new("sh");
        command
            .args([
                "-c",
                &format!("stty cols {columns} rows 40 && exec \"$0\" \"$@\""),
            ])
            .arg(env!("CARGO_BIN_EXE_dgs"))
            .args(args);
        Tty::spawn_command(command, env, columns)
    }

    fn spawn_command(mut command: Command, env: &[(&str, &str)], columns: u16) -> Tty {
        // No pager unless a test asks for one: less would wait for a key.
        command
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("TERM")
            .env_remove("PAGER")
            .env("DGS_PAGER", "cat");
        for (k, v) in env {
            command.env(k, v);
        }
        let mut session = Session::spawn(command).expect("spawn dgs in a pty");
        session
            .get_process_mut()
            .set_window_size(columns, 40)
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
    pub fn finish(mut self) -> (String, i32) {
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
fn welcome_screen_says_it_is_not_a_diagnosis_and_a_confirmed_emergency_stops_at_once() {
    let mut tty = Tty::spawn(&[]);
    let welcome = tty.wait_for("Section 1 of 5 · question 1 of");
    assert!(welcome.contains("This is not a diagnosis."), "{welcome}");
    assert!(
        welcome.contains("Safety first: signs that need help now"),
        "{welcome}"
    );
    // The count on the first screen is the count the progress line starts from.
    let count: String = welcome
        .split(" questions to answer")
        .next()
        .unwrap_or_default()
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .chars()
        .rev()
        .collect();
    let first = tty.wait_for("worse in both?");
    assert!(!count.is_empty(), "{welcome}");
    assert!(
        first.starts_with(&format!(" {count}")),
        "{count} vs {first:?}"
    );
    tty.send(ENTER); // nothing is chosen at first: a stray Enter takes no answer
    tty.wait_for("Nothing is chosen yet");
    tty.send("y"); // a slip of a key, say
    let asked = tty.wait_for("Is that right?");
    assert!(
        asked.contains("That answer ends the questionnaire with: EMERGENCY: get medical help now."),
        "{asked}"
    );
    tty.send(ENTER); // no default: a second slip does not confirm the first
    tty.send("n");
    let again = tty.wait_for("worse in both?");
    assert!(again.contains("question 1 of"), "{again}");
    assert!(!again.contains("EMERGENCY"), "{again}");
    tty.send(ENTER); // the slip is now the highlighted answer, as a previous answer is
    tty.wait_for("Is that right?");
    tty.send("y");
    let (rest, code) = tty.finish();
    assert_eq!(code, 0);
    assert!(rest.contains("EMERGENCY: get medical help now"), "{rest}");
    assert!(
        rest.contains("tingling or numbness down both legs"),
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
    tty.send("n"); // alarm: No, by its letter
    tty.wait_for("question 2 of 3");
    tty.wait_for("Is sitting painful?");
    tty.send(ESC); // back to the alarm question
    let back = tty.wait_for("question 1 of");
    assert!(
        !back.contains("Is sitting painful? ·"),
        "a step back was echoed: {back}"
    );
    tty.wait_for("Any alarm sign?");
    tty.send(ENTER); // the earlier answer, No, is highlighted
    tty.wait_for("Is sitting painful?");
    tty.send("y"); // Yes: now `hours` is asked too
    tty.wait_for("question 3 of 4");
    tty.wait_for("Hours sitting a day?");
    tty.send("?");
    tty.wait_for("There is no extra help for this question.");
    tty.wait_for("Hours sitting a day?");
    tty.send("lots\r");
    tty.wait_for("Please enter a number from 0 to 24.");
    tty.send(ESC); // a number question goes back too
    tty.wait_for("Is sitting painful?");
    tty.send(ENTER); // Yes again
    tty.wait_for("Hours sitting a day?");
    tty.send("7.5\r");
    tty.wait_for("Worse with?");
    tty.send(DOWN);
    tty.send(" "); // tick Driving
    tty.send(ENTER);
    let (rest, code) = tty.finish();
    assert_eq!(code, 0, "{rest}");
    assert!(rest.contains("SELF-CARE"), "{rest}");
    assert!(
        rest.contains("because: Is sitting painful? yes (+2) · Worse with? Driving (+1)"),
        "{rest}"
    );
    assert!(
        rest.contains("because: Hours sitting a day? 7.5 hours (+1)"),
        "{rest}"
    );
}

/// `?` shows help and Esc goes back at every kind of question, and neither is echoed as an
/// answer.
#[test]
fn help_and_back_work_at_every_kind_of_question() {
    let q = fixture("every-kind.yaml");
    let mut tty = Tty::spawn(&["-q", &q]);
    tty.wait_for("help?");
    tty.send("?");
    tty.wait_for("There is no extra help for this question.");
    tty.wait_for("help?");
    tty.send("n");
    tty.wait_for("worst?");
    tty.send("?");
    tty.wait_for("There is no extra help for this question.");
    tty.send(ESC);
    let back = tty.wait_for("help?");
    assert!(!back.contains("worst? ·"), "a step back was echoed: {back}");
    tty.send(ENTER); // No, still highlighted
    tty.wait_for("worst?");
    tty.send("2"); // On the outer hip, by its number
    tty.wait_for("worse?");
    tty.send("?");
    tty.wait_for("There is no extra help for this question.");
    tty.send(ESC);
    tty.wait_for("worst?");
    tty.send(ENTER);
    tty.wait_for("worse?");
    tty.send("1");
    tty.send(ENTER); // Sitting
    let typed = tty.wait_for("10?");
    assert!(typed.contains("What makes it worse? · Sitting"), "{typed}");
    tty.send(ESC);
    tty.wait_for("worse?");
    tty.send(ENTER); // Sitting is still ticked
    tty.wait_for("10?");
    tty.send("4\r");
    tty.wait_for("day?");
    tty.send("6.5\r");
    let (rest, code) = tty.finish();
    assert_eq!(code, 0, "{rest}");
    assert!(rest.contains("SELF-CARE"), "{rest}");
}

/// `--plain`: the question, numbered choices, a typed line; nothing redrawn, the cursor never
/// moved — so not one escape sequence, with colour off.
#[test]
fn plain_prompts_never_move_the_cursor() {
    let q = fixture("small.yaml");
    let mut tty = Tty::spawn(&["-q", &q, "--plain"]);
    let mut seen = tty.wait_for("go back:");
    assert!(seen.contains("  1. Yes (y)\r\n  2. No (n)\r\n"), "{seen:?}");
    assert!(
        seen.contains("Type the number or letter of an answer"),
        "{seen:?}"
    );
    tty.send("2\r"); // alarm: No, by number
    seen += &tty.wait_for("Is sitting painful?");
    seen += &tty.wait_for("go back:");
    tty.send("<\r"); // back
    seen += &tty.wait_for("Any alarm sign?");
    seen += &tty.wait_for("go back:");
    tty.send("maybe\r");
    seen += &tty.wait_for("`maybe` is not one of the choices.");
    tty.send("n\r");
    seen += &tty.wait_for("go back:");
    tty.send("y\r"); // sitting: Yes
    seen += &tty.wait_for("Hours sitting a day?");
    tty.send("?\r");
    seen += &tty.wait_for("There is no extra help for this question.");
    tty.send("7.5\r");
    seen += &tty.wait_for("such as 1,3");
    tty.send("2\r"); // worse: Driving
    let (rest, code) = tty.finish();
    let all = seen + &rest;
    assert_eq!(code, 0, "{all}");
    assert!(
        all.contains("because: Hours sitting a day? 7.5 hours (+1)"),
        "{all}"
    );
    assert!(
        !all.contains('\x1b'),
        "an escape sequence in plain mode: {all:?}"
    );
}

/// Ctrl-C while the pager shows the report is the pager's: `dgs` waits for it and ends as
/// usual, so the shell never takes back a terminal the pager still draws on.
#[test]
fn ctrl_c_while_the_pager_runs_does_not_kill_dgs() {
    // The pager reads the report, then sends Ctrl-C's signal to the whole process group, as
    // the terminal does when the key is pressed.
    let pager = [
        (
            "DGS_PAGER",
            "trap '' INT; cat > /dev/null; kill -INT 0; sleep 0.2; echo pager-survived",
        ),
        ("NO_COLOR", "1"),
        ("TERM", "xterm"),
    ];
    let (out, code) =
        Tty::spawn_sized(&["-a", "saddle_numbness=no", "--no-input"], &pager, 100).finish();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("pager-survived"), "{out}");
}

/// A long report on a terminal goes through the pager; `--no-pager`, a short result, a pipe
/// or a pager that cannot run write it straight out.
#[test]
fn long_output_on_a_terminal_goes_through_the_pager() {
    let pager = [
        ("DGS_PAGER", "sed 's/^/PAGED|/'"),
        ("NO_COLOR", "1"),
        ("TERM", "xterm"),
    ];
    let long = ["-a", "saddle_numbness=no", "--no-input"];
    let (out, code) = Tty::spawn_sized(&long, &pager, 100).finish();
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("PAGED|Buttock, hip and back-of-leg pain check"),
        "{out}"
    );

    let mut no_pager = long.to_vec();
    no_pager.push("--no-pager");
    let (out, code) = Tty::spawn_sized(&no_pager, &pager, 100).finish();
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("PAGED|"), "{out}");
    assert!(
        out.contains("Buttock, hip and back-of-leg pain check"),
        "{out}"
    );

    let missing = [
        ("DGS_PAGER", "dgs-no-such-pager"),
        ("NO_COLOR", "1"),
        ("TERM", "xterm"),
    ];
    let (out, code) = Tty::spawn_sized(&long, &missing, 100).finish();
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("This is not a diagnosis."),
        "the report was lost: {out}"
    );

    let short = ["-a", "saddle_numbness=yes"];
    let (out, code) = Tty::spawn_sized(&short, &pager, 100).finish();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("EMERGENCY"), "{out}");
    assert!(
        !out.contains("PAGED|"),
        "a one-screen result was paged: {out}"
    );
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
        rest.contains("1 question was not answered: Worse with?."),
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
    interrupt_at(&[], "worse in both?");
}

#[test]
fn ctrl_c_at_a_single_choice_question_exits_130() {
    let q = fixture("every-kind.yaml");
    interrupt_at(&["-q", &q, "-a", "flag=no"], "Where is the pain worst?");
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

/// Escape sequences that set colours or text attributes (SGR): `ESC [ … m`.
fn colour_codes(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for start in 0..bytes.len() {
        if bytes[start] != 0x1b || bytes.get(start + 1) != Some(&b'[') {
            continue;
        }
        let end = bytes[start + 2..]
            .iter()
            .position(u8::is_ascii_alphabetic)
            .map(|n| start + 2 + n);
        if let Some(end) = end.filter(|&e| bytes[e] == b'm') {
            found.push(String::from_utf8_lossy(&bytes[start..=end]).into_owned());
        }
    }
    found
}

/// Answers the every-kind questionnaire through the terminal; returns all it printed. Under
/// `TERM=dumb` the prompts are plain, so each answer is a typed line.
fn answer_every_kind(env: &[(&str, &str)], extra: &[&str], columns: u16) -> (String, i32) {
    let q = fixture("every-kind.yaml");
    let mut args = vec!["-q", q.as_str()];
    args.extend_from_slice(extra);
    let plain = env.contains(&("TERM", "dumb"));
    let mut tty = Tty::spawn_with(&args, env, columns);
    // Single words: on a narrow terminal a prompt may wrap between any two.
    let mut seen = tty.wait_for("help?");
    tty.send(if plain { "n\r" } else { "n" }); // flag: no
    seen += &tty.wait_for("worst?");
    tty.send(if plain { "1\r" } else { ENTER }); // where: buttock
    seen += &tty.wait_for("worse?");
    if plain {
        tty.send("1\r");
    } else {
        tty.send(" ");
        tty.send(ENTER); // worse: sitting
    }
    seen += &tty.wait_for("10?");
    tty.send("4\r");
    seen += &tty.wait_for("day?");
    tty.send("6.5\r");
    let (rest, code) = tty.finish();
    (seen + &rest, code)
}

#[test]
fn no_colour_codes_anywhere_when_colour_is_off() {
    for (env, extra) in [
        (vec![("NO_COLOR", "1"), ("TERM", "xterm")], vec![]),
        (vec![("TERM", "dumb")], vec![]),
        (vec![("TERM", "xterm")], vec!["--color", "never"]),
    ] {
        let (all, code) = answer_every_kind(&env, &extra, 100);
        assert_eq!(code, 0, "{env:?} {extra:?}: {all}");
        assert!(all.contains("SELF-CARE"), "{all}");
        assert_eq!(
            colour_codes(&all),
            Vec::<String>::new(),
            "{env:?} {extra:?}"
        );
    }
    // The check does see colour when there is some.
    let (all, _) = answer_every_kind(&[("TERM", "xterm")], &[], 100);
    assert!(
        !colour_codes(&all).is_empty(),
        "no colour on a colour terminal"
    );
}

#[test]
fn a_40_column_terminal_wraps_and_cuts_nothing() {
    let (all, code) = answer_every_kind(&[("NO_COLOR", "1"), ("TERM", "xterm")], &[], 40);
    assert_eq!(code, 0);
    // An echoed answer wraps between words, never inside one.
    assert!(
        all.contains("✔ Where is the pain worst? · Deep in the\r\n  buttock\r\n"),
        "{all:?}"
    );
    let report = &all[all
        .find("One question of every kind — result")
        .expect("the report")..];
    for line in report.lines() {
        let line = line.trim_end_matches('\r');
        assert!(
            line.chars().count() <= 40,
            "too wide for 40 columns: {line:?}"
        );
    }
    let words: Vec<&str> = report.split_whitespace().collect();
    for phrase in [
        "A buttock pain pattern with a label long enough to wrap on a narrow terminal",
        "Test evidence that is also long enough to need wrapping on a forty-column terminal.",
        "Take regular breaks from sitting and walk about for a few minutes each time.",
        "A test questionnaire. It has one question of each type, so tests can reach each kind of prompt, and this sentence is long enough to need wrapping on a narrow terminal.",
    ] {
        let wanted: Vec<&str> = phrase.split_whitespace().collect();
        assert!(
            words.windows(wanted.len()).any(|w| w == wanted.as_slice()),
            "lost words of {phrase:?}:\n{report}"
        );
    }
}

/// The terminal closes under a running questionnaire: `dgs` must notice and end by itself,
/// promptly, with the "input ended" status (130), instead of hanging, spinning, or failing
/// with a raw I/O error. The pty is made
/// here rather than through expectrl, whose session kills its child when dropped, which would
/// make this test pass whatever `dgs` did.
#[test]
fn a_terminal_that_goes_away_ends_the_run() {
    use std::io::Read;
    use std::os::fd::AsRawFd;
    use std::process::Stdio;

    // Both ends close-on-exec: a copy of the master inherited by `dgs`, or by a child of a
    // test running in parallel, would keep the terminal open and hide the hang-up.
    let flags =
        nix::fcntl::OFlag::O_RDWR | nix::fcntl::OFlag::O_NOCTTY | nix::fcntl::OFlag::O_CLOEXEC;
    let pty = nix::pty::posix_openpt(flags).expect("a pseudo-terminal");
    nix::pty::grantpt(&pty).unwrap();
    nix::pty::unlockpt(&pty).unwrap();
    let slave_name = nix::pty::ptsname_r(&pty).unwrap();
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(slave_name)
        .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dgs"))
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave.try_clone().unwrap()))
        .spawn()
        .unwrap();
    drop(slave);
    let mut master = std::fs::File::from(std::os::fd::OwnedFd::from(pty));
    let fd = master.as_raw_fd();
    // Read until the first question is on screen.
    let mut seen = Vec::new();
    let started = std::time::Instant::now();
    while !String::from_utf8_lossy(&seen).contains("worse in both?") {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "no first question: {}",
            String::from_utf8_lossy(&seen)
        );
        let mut buf = [0u8; 4096];
        let n = master.read(&mut buf).unwrap_or(0);
        seen.extend_from_slice(&buf[..n]);
    }
    assert!(fd >= 0);
    drop(master); // the terminal goes away
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(5) {
            let _ = child.kill();
            panic!("dgs still running 5 s after its terminal closed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(130), "{status:?}");
}

#[test]
fn a_diary_entry_can_be_answered_in_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3").display().to_string();
    let mut tty = Tty::spawn(&["--db", &db, "log", "--at", "2026-11-20 10:00"]);
    tty.wait_for("worst imaginable)");
    tty.send("11\r");
    tty.wait_for("from 0 to 10");
    tty.send("\x15"); // clear the line
    tty.send("5\r");
    tty.wait_for("What were you doing?");
    tty.send(DOWN);
    tty.send(ENTER); // driving
    tty.wait_for("in minutes?");
    tty.send("1h\r"); // cannot be stored: asked again, not taken and dropped
    tty.wait_for("please enter a whole number of minutes from 0 to 1440, or nothing");
    tty.send("\x15"); // clear the line
    tty.send("45\r");
    tty.wait_for("at the time?");
    tty.send(" ");
    tty.send(ENTER); // wallet in a back pocket
    tty.wait_for("self-care today?");
    tty.send(ENTER); // none
    tty.wait_for("A note?");
    tty.send("long drive\r");
    let (rest, code) = tty.finish();
    assert_eq!(code, 0, "{rest}");
    assert!(
        rest.contains("logged entry #1: pain 5 while driving"),
        "{rest}"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dgs"))
        .args(["--db", &db, "history", "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(
        csv.contains(",5,driving,,45,wallet_back_pocket,,long drive,"),
        "{csv}"
    );
}

/// `dgs forget` on a terminal asks first; no deletes nothing, yes says how much went.
#[test]
fn forget_on_a_terminal_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3").display().to_string();
    let logged = std::process::Command::new(env!("CARGO_BIN_EXE_dgs"))
        .args([
            "--db",
            &db,
            "log",
            "--pain",
            "3",
            "--activity",
            "walking",
            "--no-input",
        ])
        .output()
        .unwrap();
    assert!(logged.status.success());
    let mut tty = Tty::spawn(&["--db", &db, "forget"]);
    tty.wait_for("This cannot be undone");
    tty.send("n");
    let (rest, code) = tty.finish();
    assert_eq!(code, 0, "{rest}");
    assert!(rest.contains("nothing was deleted"), "{rest}");
    assert!(std::path::Path::new(&db).exists());

    let mut tty = Tty::spawn(&["--db", &db, "forget"]);
    tty.wait_for("This cannot be undone");
    tty.send("y");
    let (rest, code) = tty.finish();
    assert_eq!(code, 0, "{rest}");
    assert!(
        rest.contains("deleted 1 diary entry and 0 saved assessments"),
        "{rest}"
    );
    assert!(!std::path::Path::new(&db).exists());
}

/// Progress is for a person watching a long run: with stderr on a terminal and past 20,000
/// records it counts up on one line, and that line is cleared before the summary.
#[test]
fn score_counts_up_on_a_terminal_then_clears_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("many.jsonl");
    std::fs::write(&input, "{\"age\": 40}\n".repeat(30_000)).unwrap();
    // Only stderr is the terminal; the results go to /dev/null.
    let mut command = Command::new("sh");
    command
        .args(["-c", "exec \"$0\" score \"$1\" >/dev/null"])
        .arg(env!("CARGO_BIN_EXE_dgs"))
        .arg(&input);
    let mut tty = Tty::spawn_command(command, &[("NO_COLOR", "1"), ("TERM", "xterm")], 100);
    tty.wait_for("\rscored 2");
    let (rest, code) = tty.finish();
    assert_eq!(code, 0, "{rest}");
    // NO_COLOR: no escape sequences at all, so the line is cleared with spaces.
    assert!(!rest.contains('\x1b'), "{rest:?}");
    let Some((_, summary)) = rest.rsplit_once("     \r") else {
        panic!("progress line not cleared: {rest:?}");
    };
    assert!(
        summary.starts_with("scored 30000 records (0 with errors) in "),
        "{rest:?}"
    );
}

/// A shipped instrument run as a person would: PHQ-9's ninth item is a safety item where it
/// stands, and a positive answer there is told apart from the total's threshold.
#[test]
fn phq9_interactively_item_nine_is_a_safety_flag_where_it_stands() {
    let mut tty = Tty::spawn(&["-q", "phq-9", "--no-pager"]);
    let welcome = tty.wait_for("question 1 of 10");
    assert!(welcome.contains("This is not a diagnosis."), "{welcome}");
    // No PHQ-9 answer opens another question, so the count is all there is.
    assert!(
        welcome.contains("10 questions to answer. Over the last 2 weeks"),
        "{welcome}"
    );
    for n in 2..=9 {
        tty.send("2"); // Several days, by its number
        tty.wait_for(&format!("question {n} of 10"));
    }
    tty.wait_for("Thoughts that you would be better off dead");
    tty.send("2");
    // The closing question on how difficult things have been is not required: Enter skips.
    tty.wait_for("question 10 of 10");
    tty.wait_for("how difficult have these problems made it");
    tty.send(ENTER);
    let (rest, code) = tty.finish();
    assert_eq!(code, 0, "{rest}");
    assert!(
        rest.contains("Talk to a doctor or a crisis line today"),
        "{rest}"
    );
    assert!(rest.contains("PHQ-9 total (0–27): 9"), "{rest}");
    // Nine "several days" make 9: below the threshold of 10, so only the safety flag shows.
    assert!(!rest.contains("a threshold, not a warning sign"), "{rest}");
}

/// A questionnaire `dgs import` converted from FHIR runs interactively like any other: its
/// numbers, choices, a condition carried from `enableWhen` (`!=`) and its summed score.
#[test]
fn an_imported_fhir_questionnaire_runs_interactively() {
    let dir = tempfile::tempdir().unwrap();
    let fhir = crate::harness::repo_file("tests/fixtures/fhir/sitting.json");
    let imported = std::process::Command::new(env!("CARGO_BIN_EXE_dgs"))
        .arg("import")
        .arg(&fhir)
        .output()
        .unwrap();
    assert!(imported.status.success());
    let q = dir.path().join("sitting.yaml");
    std::fs::write(&q, &imported.stdout).unwrap();
    let mut tty = Tty::spawn(&["-q", q.to_str().unwrap(), "--no-pager"]);
    tty.wait_for("How many hours a day do you sit?");
    tty.send("8\r");
    tty.wait_for("Do you keep a wallet in a back pocket?");
    tty.send("n");
    tty.wait_for("How much does it hurt when you sit?");
    tty.send("2"); // A little: not "Not at all", so the standing question's condition holds
    tty.wait_for("How much does it hurt when you stand?");
    tty.send("1");
    tty.wait_for("Does standing up ease the pain of sitting?");
    tty.send("y");
    let (rest, code) = tty.finish();
    assert_eq!(code, 0, "{rest}");
    assert!(rest.contains("Answers recorded"), "{rest}");
    assert!(rest.contains("Scores: Pain total (0-4): 1"), "{rest}");
}
