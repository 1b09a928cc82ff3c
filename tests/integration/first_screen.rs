//! The first screen of a report is the answer: for each triage level, at 80 columns (a pipe)
//! and at 40 (a terminal), exactly what a person reads with `--detail brief` — the level and
//! what to do, why, the best fit, three things to try first, when to get help at once.

use crate::harness::{Test, every_safety_question_no};
use crate::terminal::Tty;

const CLASSIC: [&str; 12] = [
    "-a",
    "buttock_pain=yes",
    "-a",
    "sitting_worsens=yes",
    "-a",
    "wallet_back_pocket=yes",
    "-a",
    "sitting_hours_per_day=9",
    "-a",
    "pain_radiates=thigh",
    "-a",
    "pain_worst_area=deep_buttock",
];

/// The classic deep-gluteal answers with every safety question answered `no`, then `level`'s
/// answers on top (the right-most flag wins).
fn args(level: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = ["--no-input", "--detail", "brief"]
        .map(String::from)
        .to_vec();
    args.extend(every_safety_question_no());
    args.extend(level.iter().map(|s| (*s).to_string()));
    args.extend(CLASSIC.iter().map(|s| (*s).to_string()));
    args
}

const LEVELS: [(&str, &[&str]); 4] = [
    ("self_care", &[]),
    (
        "see_clinician",
        &["-a", "cancer_history=yes", "-a", "cancer_new_symptoms=no"],
    ),
    ("urgent", &["-a", "fever_or_unwell=yes"]),
    ("emergency", &["-a", "saddle_numbness=yes"]),
];

#[test]
fn first_screens_at_80_columns() {
    for ((name, level), want) in LEVELS.iter().zip(AT_80) {
        let out = Test::new().args(args(level)).output();
        assert_eq!((out.status, out.stderr.as_str()), (0, ""), "{name}");
        assert_eq!(out.stdout, want, "{name}:\n{}", out.stdout);
    }
}

#[test]
fn first_screens_at_40_columns() {
    for ((name, level), want) in LEVELS.iter().zip(AT_40) {
        let args = args(level);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut with_pager_off = args.clone();
        with_pager_off.push("--no-pager");
        // The report is drawn at once: the terminal is 40 wide before `dgs` starts.
        let tty = Tty::spawn_sized(&with_pager_off, &[("NO_COLOR", "1"), ("TERM", "xterm")], 40);
        let (out, code) = tty.finish();
        assert_eq!(code, 0, "{name}: {out}");
        let out = out.replace("\r\n", "\n");
        for line in out.lines() {
            assert!(line.chars().count() <= 40, "{name}: too wide: {line:?}");
        }
        assert_eq!(out, want, "{name}:\n{out}");
    }
}

const AT_80: [&str; 4] = [
    r"Buttock, hip and back-of-leg pain check — result

Self-care looks reasonable for now
==================================
Nothing you said points to a need for urgent care. Try the self-care below, and
see a GP or physiotherapist if the pain is not better in 4 to 6 weeks, gets
worse, or stops you doing your normal activities.

Your answers fit: Deep gluteal syndrome (piriformis) pattern
May be feeding it: Sitting on a wallet or phone in a back pocket; Long hours
  of sitting
Scores: Warning signs of a possible serious cause (count): 0 (none)

Try first:
  1. Move your wallet, phone and keys to a front pocket, a jacket or a bag
     before you sit — especially when driving.
  2. Keep active and carry on with normal activities as much as you can; avoid
     long bed rest. Moving may hurt, but it is not harmful.
  3. Break up sitting: stand up and move regularly, for example every 30 to 45
     minutes (a rule of thumb, not a tested figure). Avoid hard seats or try a
     cushion.

Whatever this result, go to A&E or call 999, 112 or 911 at once if you get new
  pain or numbness down both legs, leg weakness that is getting worse, numbness
  around your genitals or bottom, or new trouble controlling your bladder or
  bowels.

This is not a diagnosis. dgs-check is a self-assessment aid. It cannot examine
you, and deep gluteal syndrome can only be confirmed by a clinician after spine
and hip causes are ruled out. If you feel very unwell or something is getting
worse quickly, do not wait for this tool: call your local emergency number or
see a doctor.
",
    r"Buttock, hip and back-of-leg pain check — result

See a GP in the next few days
=============================
Book an appointment with a GP (a doctor rather than a physiotherapist) in the
next few days: some of your answers can have a cause that needs blood tests or a
scan to rule out. Until a doctor has seen you, keep moving as your pain allows,
but hold off heat, massage, stretches and exercises. If it gets much worse or
you feel unwell, get help the same day.

Why
  ! Because of cancer now or in the past, a GP should check new back or buttock
    pain.
    you answered: Cancer now or before: yes

Your answers fit: Deep gluteal syndrome (piriformis) pattern
May be feeding it: Sitting on a wallet or phone in a back pocket; Long hours
  of sitting
Scores: Warning signs of a possible serious cause (count): 1 (one)

Try first:
  1. Move your wallet, phone and keys to a front pocket, a jacket or a bag
     before you sit — especially when driving.
  2. Break up sitting: stand up and move regularly, for example every 30 to 45
     minutes (a rule of thumb, not a tested figure). Avoid hard seats or try a
     cushion.
  3. Find your triggers: note when the pain comes, what you were doing and for
     how long, and what eases it. Change one habit at a time and see what helps.

Whatever this result, go to A&E or call 999, 112 or 911 at once if you get new
  pain or numbness down both legs, leg weakness that is getting worse, numbness
  around your genitals or bottom, or new trouble controlling your bladder or
  bowels.

This is not a diagnosis. dgs-check is a self-assessment aid. It cannot examine
you, and deep gluteal syndrome can only be confirmed by a clinician after spine
and hip causes are ruled out. If you feel very unwell or something is getting
worse quickly, do not wait for this tool: call your local emergency number or
see a doctor.
",
    r"Buttock, hip and back-of-leg pain check — result

URGENT: see a doctor today
==========================
Contact a doctor or an urgent care service today (within 24 hours). If it gets
worse before then, go to an emergency department.

Why
  ! Fever or feeling unwell with this pain can be a sign of infection; see a
    doctor today.
    you answered: Fever or feeling unwell: yes

Scores: Warning signs of a possible serious cause (count): 0 (none)

Whatever this result, go to A&E or call 999, 112 or 911 at once if you get new
  pain or numbness down both legs, leg weakness that is getting worse, numbness
  around your genitals or bottom, or new trouble controlling your bladder or
  bowels.

This is not a diagnosis. dgs-check is a self-assessment aid. It cannot examine
you, and deep gluteal syndrome can only be confirmed by a clinician after spine
and hip causes are ruled out. If you feel very unwell or something is getting
worse quickly, do not wait for this tool: call your local emergency number or
see a doctor.
",
    r"Buttock, hip and back-of-leg pain check — result

EMERGENCY: get medical help now
===============================
Go to an emergency department now, or call your local emergency number (such as
999, 112 or 911). Do not drive yourself. Do not wait to see if it settles.

Why
  ! New numbness around the genitals, back passage or inner thighs can mean
    cauda equina syndrome. If you are not sure, check whether it feels different
    when you wipe with toilet paper — and if you still cannot tell, go to an
    emergency department now anyway.
    you answered: Numbness between the legs: yes

Because this needs help now, the rest of the assessment is not shown.
Scores: Warning signs of a possible serious cause (count): 0 (none)

Whatever this result, go to A&E or call 999, 112 or 911 at once if you get new
  pain or numbness down both legs, leg weakness that is getting worse, numbness
  around your genitals or bottom, or new trouble controlling your bladder or
  bowels.

This is not a diagnosis. dgs-check is a self-assessment aid. It cannot examine
you, and deep gluteal syndrome can only be confirmed by a clinician after spine
and hip causes are ruled out. If you feel very unwell or something is getting
worse quickly, do not wait for this tool: call your local emergency number or
see a doctor.
",
];

const AT_40: [&str; 4] = [
    r"Buttock, hip and back-of-leg pain check
— result

Self-care looks reasonable for now
==================================
Nothing you said points to a need for
urgent care. Try the self-care below,
and see a GP or physiotherapist if the
pain is not better in 4 to 6 weeks, gets
worse, or stops you doing your normal
activities.

Your answers fit: Deep gluteal
  syndrome (piriformis) pattern
May be feeding it: Sitting on a wallet
  or phone in a back pocket; Long hours
  of sitting
Scores: Warning signs of a possible
  serious cause (count): 0 (none)

Try first:
  1. Move your wallet, phone and keys to
     a front pocket, a jacket or a bag
     before you sit — especially when
     driving.
  2. Keep active and carry on with
     normal activities as much as you
     can; avoid long bed rest. Moving
     may hurt, but it is not harmful.
  3. Break up sitting: stand up and move
     regularly, for example every 30 to
     45 minutes (a rule of thumb, not a
     tested figure). Avoid hard seats or
     try a cushion.

Whatever this result, go to A&E or
  call 999, 112 or 911 at once if you
  get new pain or numbness down both
  legs, leg weakness that is getting
  worse, numbness around your genitals
  or bottom, or new trouble controlling
  your bladder or bowels.

This is not a diagnosis. dgs-check is a
self-assessment aid. It cannot examine
you, and deep gluteal syndrome can only
be confirmed by a clinician after spine
and hip causes are ruled out. If you
feel very unwell or something is getting
worse quickly, do not wait for this
tool: call your local emergency number
or see a doctor.
",
    r"Buttock, hip and back-of-leg pain check
— result

See a GP in the next few days
=============================
Book an appointment with a GP (a doctor
rather than a physiotherapist) in the
next few days: some of your answers can
have a cause that needs blood tests or a
scan to rule out. Until a doctor has
seen you, keep moving as your pain
allows, but hold off heat, massage,
stretches and exercises. If it gets much
worse or you feel unwell, get help the
same day.

Why
  ! Because of cancer now or in the
    past, a GP should check new back or
    buttock pain.
    you answered: Cancer now or before:
    yes

Your answers fit: Deep gluteal
  syndrome (piriformis) pattern
May be feeding it: Sitting on a wallet
  or phone in a back pocket; Long hours
  of sitting
Scores: Warning signs of a possible
  serious cause (count): 1 (one)

Try first:
  1. Move your wallet, phone and keys to
     a front pocket, a jacket or a bag
     before you sit — especially when
     driving.
  2. Break up sitting: stand up and move
     regularly, for example every 30 to
     45 minutes (a rule of thumb, not a
     tested figure). Avoid hard seats or
     try a cushion.
  3. Find your triggers: note when the
     pain comes, what you were doing and
     for how long, and what eases it.
     Change one habit at a time and see
     what helps.

Whatever this result, go to A&E or
  call 999, 112 or 911 at once if you
  get new pain or numbness down both
  legs, leg weakness that is getting
  worse, numbness around your genitals
  or bottom, or new trouble controlling
  your bladder or bowels.

This is not a diagnosis. dgs-check is a
self-assessment aid. It cannot examine
you, and deep gluteal syndrome can only
be confirmed by a clinician after spine
and hip causes are ruled out. If you
feel very unwell or something is getting
worse quickly, do not wait for this
tool: call your local emergency number
or see a doctor.
",
    r"Buttock, hip and back-of-leg pain check
— result

URGENT: see a doctor today
==========================
Contact a doctor or an urgent care
service today (within 24 hours). If it
gets worse before then, go to an
emergency department.

Why
  ! Fever or feeling unwell with this
    pain can be a sign of infection; see
    a doctor today.
    you answered: Fever or feeling
    unwell: yes

Scores: Warning signs of a possible
  serious cause (count): 0 (none)

Whatever this result, go to A&E or
  call 999, 112 or 911 at once if you
  get new pain or numbness down both
  legs, leg weakness that is getting
  worse, numbness around your genitals
  or bottom, or new trouble controlling
  your bladder or bowels.

This is not a diagnosis. dgs-check is a
self-assessment aid. It cannot examine
you, and deep gluteal syndrome can only
be confirmed by a clinician after spine
and hip causes are ruled out. If you
feel very unwell or something is getting
worse quickly, do not wait for this
tool: call your local emergency number
or see a doctor.
",
    r"Buttock, hip and back-of-leg pain check
— result

EMERGENCY: get medical help now
===============================
Go to an emergency department now, or
call your local emergency number (such
as 999, 112 or 911). Do not drive
yourself. Do not wait to see if it
settles.

Why
  ! New numbness around the genitals,
    back passage or inner thighs can
    mean cauda equina syndrome. If you
    are not sure, check whether it feels
    different when you wipe with toilet
    paper — and if you still cannot
    tell, go to an emergency department
    now anyway.
    you answered: Numbness between the
    legs: yes

Because this needs help now, the rest of
the assessment is not shown.
Scores: Warning signs of a possible
  serious cause (count): 0 (none)

Whatever this result, go to A&E or
  call 999, 112 or 911 at once if you
  get new pain or numbness down both
  legs, leg weakness that is getting
  worse, numbness around your genitals
  or bottom, or new trouble controlling
  your bladder or bowels.

This is not a diagnosis. dgs-check is a
self-assessment aid. It cannot examine
you, and deep gluteal syndrome can only
be confirmed by a clinician after spine
and hip causes are ruled out. If you
feel very unwell or something is getting
worse quickly, do not wait for this
tool: call your local emergency number
or see a doctor.
",
];

/// Text without its escape sequences (`ESC [ … letter`), as the screen shows it.
fn visible(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// In colour, escape codes take no room: lines still fit 40 columns and wrapped text lines
/// up under its first word, as without colour.
#[test]
fn first_screens_in_colour_fit_40_columns() {
    for (name, level) in LEVELS {
        let args = args(level);
        let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
        args.extend(["--no-pager", "--color", "always"]);
        let (out, code) = Tty::spawn_sized(&args, &[("TERM", "xterm")], 40).finish();
        assert_eq!(code, 0, "{name}: {out}");
        assert!(out.contains('\u{1b}'), "{name}: no colour");
        let out = visible(&out.replace("\r\n", "\n"));
        for line in out.lines() {
            assert!(line.chars().count() <= 40, "{name}: too wide: {line:?}");
            assert!(
                !line.starts_with("        "),
                "{name}: indented too far: {line:?}"
            );
        }
    }
}
