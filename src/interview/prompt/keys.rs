//! Question widgets driven by single key presses: a list to choose one answer from (or tick
//! several), and a line to type a number into. dialoguer's own widgets cannot take `y`/`n`,
//! `?` and Esc at every kind of question, nor start with nothing chosen, so a stray Enter on a
//! safety question could take its first answer; these can.
//!
//! Plain mode (`--plain`, or `TERM=dumb`) draws nothing twice and never moves the cursor: the
//! question, numbered choices, and a typed line, so a screen reader or a serial console can
//! follow every step. The same keys work there: a number or letter, `?`, Esc or `<`.

use std::io::{self, BufRead};

use console::{Key, Term};

use crate::style::Style;
use crate::words::wrap;

/// What a key press came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action<T> {
    Done(T),
    /// `?`: show the help, then ask again.
    Help,
    /// Esc (or ←): go back to the previous question.
    Back,
}

/// One answer in a list: its label and the letter that picks it (`y`, `n`), if any.
pub struct Choice {
    pub label: String,
    pub key: Option<char>,
}

/// A list on screen. `cursor` is where the highlight starts: `None` for nothing chosen, so
/// Enter alone picks nothing.
pub struct List<'a> {
    pub term: &'a Term,
    pub style: Style,
    pub width: usize,
    pub prompt: &'a str,
    pub choices: &'a [Choice],
    pub cursor: Option<usize>,
    /// `Some` for a list to tick several from: what is ticked now.
    pub ticked: Option<Vec<bool>>,
    pub hint: &'a str,
    pub plain: bool,
}

impl List<'_> {
    /// Draws the list and reads keys until an answer, a help request or a step back. The
    /// list is cleared before returning: the caller echoes the answer in words.
    pub fn run(mut self) -> io::Result<Action<Vec<usize>>> {
        if self.plain {
            return self.run_plain();
        }
        let mut notice: Option<&str> = None;
        self.term.hide_cursor()?;
        let outcome = loop {
            let drawn = self.draw(notice)?;
            let key = self.term.read_key();
            self.term.clear_last_lines(drawn)?;
            notice = None;
            let key = match key {
                Ok(key) => key,
                Err(e) => break Err(e),
            };
            match self.press(key) {
                Some(action) => break Ok(action),
                None if self.cursor.is_none() && self.ticked.is_none() => {
                    notice = Some("Nothing is chosen yet: use ↑↓ or the letter shown, then Enter.");
                }
                None => {}
            }
        };
        self.term.show_cursor()?;
        outcome
    }

    /// Writes the question and its numbered choices once, then reads typed lines until one
    /// means something.
    fn run_plain(self) -> io::Result<Action<Vec<usize>>> {
        for line in wrap(self.prompt, self.width, "") {
            self.term.write_line(&line)?;
        }
        for (i, choice) in self.choices.iter().enumerate() {
            let key = choice.key.map(|k| format!(" ({k})")).unwrap_or_default();
            for line in wrap(
                &format!("{}. {}{key}", i + 1, choice.label),
                self.width,
                "  ",
            ) {
                self.term.write_line(&line)?;
            }
        }
        let ask = if self.ticked.is_some() {
            "Type the numbers of all that apply (such as 1,3), Enter alone for none, ? for help, or < to go back:"
        } else {
            "Type a number or the letter shown, ? for help, or < to go back:"
        };
        loop {
            for line in wrap(ask, self.width, "") {
                self.term.write_line(&line)?;
            }
            let typed = read_plain_line()?;
            let t = typed.trim();
            if let Some(action) = plain_word(t) {
                return Ok(action);
            }
            if self.ticked.is_some() {
                let numbers: Option<Vec<usize>> = t
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|part| !part.is_empty())
                    .map(|part| self.pick(part))
                    .collect();
                if let Some(mut picked) = numbers {
                    picked.sort_unstable();
                    picked.dedup();
                    return Ok(Action::Done(picked));
                }
            } else if let Some(picked) = self.pick(t) {
                return Ok(Action::Done(vec![picked]));
            }
            self.term.write_line(&format!(
                "`{}` is not one of the choices.",
                crate::words::clip(t, 40)
            ))?;
        }
    }

    /// A typed choice: its number, or its letter.
    fn pick(&self, typed: &str) -> Option<usize> {
        let mut chars = typed.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            let c = c.to_ascii_lowercase();
            if let Some(i) = self.choices.iter().position(|choice| choice.key == Some(c)) {
                return Some(i);
            }
        }
        let n: usize = typed.parse().ok()?;
        (1..=self.choices.len()).contains(&n).then(|| n - 1)
    }

    /// `None`: the key moved the highlight, ticked something, or did nothing.
    fn press(&mut self, key: Key) -> Option<Action<Vec<usize>>> {
        let count = self.choices.len();
        match key {
            Key::Escape | Key::ArrowLeft => Some(Action::Back),
            Key::Char('?') => Some(Action::Help),
            Key::ArrowUp | Key::BackTab => {
                self.cursor = Some(self.cursor.map_or(count - 1, |c| (c + count - 1) % count));
                None
            }
            Key::ArrowDown | Key::Tab => {
                self.cursor = Some(self.cursor.map_or(0, |c| (c + 1) % count));
                None
            }
            Key::Char(' ') => {
                if let (Some(ticked), Some(c)) = (self.ticked.as_mut(), self.cursor) {
                    ticked[c] = !ticked[c];
                }
                None
            }
            Key::Enter => match (&self.ticked, self.cursor) {
                (Some(ticked), _) => {
                    Some(Action::Done((0..count).filter(|&i| ticked[i]).collect()))
                }
                (None, Some(c)) => Some(Action::Done(vec![c])),
                (None, None) => None,
            },
            Key::Char(c) => {
                let picked = self
                    .choices
                    .iter()
                    .position(|choice| choice.key == Some(c.to_ascii_lowercase()))
                    .or_else(|| {
                        let n = c.to_digit(10)? as usize;
                        (1..=count).contains(&n).then(|| n - 1)
                    })?;
                match self.ticked.as_mut() {
                    Some(ticked) => {
                        ticked[picked] = !ticked[picked];
                        self.cursor = Some(picked);
                        None
                    }
                    None => Some(Action::Done(vec![picked])),
                }
            }
            _ => None,
        }
    }

    /// Returns how many lines were drawn.
    fn draw(&self, notice: Option<&str>) -> io::Result<usize> {
        let mut lines = question_lines(self.prompt, self.width, self.style);
        for (i, choice) in self.choices.iter().enumerate() {
            let here = self.cursor == Some(i);
            let mark = if here { "❯ " } else { "  " };
            let tick = match &self.ticked {
                Some(ticked) if ticked[i] => "[x] ",
                Some(_) => "[ ] ",
                None => "",
            };
            let key = choice.key.map(|k| format!(" ({k})")).unwrap_or_default();
            let text = format!("{}. {tick}{}{key}", i + 1, choice.label);
            // Continuation lines line up under the label, after the number.
            for (n, line) in wrap(&text, self.width.saturating_sub(5), "")
                .into_iter()
                .enumerate()
            {
                let line = format!("{}{line}", if n == 0 { mark } else { "     " });
                lines.push(if here { self.style.bold(&line) } else { line });
            }
        }
        for line in wrap(notice.unwrap_or(self.hint), self.width, "") {
            lines.push(self.style.dim(&line));
        }
        for line in &lines {
            self.term.write_line(line)?;
        }
        Ok(lines.len())
    }
}

/// A line to type an answer into. Returns the text on Enter; `?` alone asks for help and Esc
/// goes back, as in lists.
pub fn line(
    term: &Term,
    style: Style,
    width: usize,
    prompt: &str,
    initial: &str,
    plain: bool,
) -> io::Result<Action<String>> {
    if plain {
        for line in wrap(prompt, width, "") {
            term.write_line(&line)?;
        }
        let typed = read_plain_line()?;
        return Ok(plain_word(typed.trim()).unwrap_or(Action::Done(typed)));
    }
    let mut text = initial.to_string();
    let lines = question_lines(prompt, width, style);
    let (last, above) = lines
        .split_last()
        .map_or(("", &[][..]), |(l, a)| (l.as_str(), a));
    for line in above {
        term.write_line(line)?;
    }
    let redraw = |text: &str| -> io::Result<()> {
        term.clear_line()?;
        term.write_str(&format!("{last} {text}"))
    };
    redraw(&text)?;
    let outcome = loop {
        match term.read_key() {
            Err(e) => break Err(e),
            Ok(Key::Escape) => break Ok(Action::Back),
            Ok(Key::Enter) if text.trim() == "?" => break Ok(Action::Help),
            Ok(Key::Enter) => break Ok(Action::Done(text.clone())),
            Ok(Key::Char('?')) if text.is_empty() => break Ok(Action::Help),
            Ok(Key::Backspace) => {
                text.pop();
            }
            Ok(Key::Char(c)) if !c.is_control() => text.push(c),
            Ok(_) => {}
        }
        redraw(&text)?;
    };
    term.clear_line()?;
    term.clear_last_lines(above.len())?;
    outcome
}

/// A line typed at a plain prompt, read as the terminal's own line editing gave it. The end
/// of input is reported as such, not as an empty answer.
pub fn read_plain_line() -> io::Result<String> {
    let mut line = String::new();
    if io::stdin().lock().read_line(&mut line)? == 0 {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(line)
}

/// Help and back, typed: `?`, and Esc (which a plain terminal passes on as a character) or `<`.
fn plain_word<T>(typed: &str) -> Option<Action<T>> {
    match typed {
        "?" => Some(Action::Help),
        "<" | "\u{1b}" => Some(Action::Back),
        _ => None,
    }
}

/// A question as drawn above its answers: `? ` then the text, wrapped at word boundaries.
fn question_lines(prompt: &str, width: usize, style: Style) -> Vec<String> {
    wrap(prompt, width.saturating_sub(2), "")
        .into_iter()
        .enumerate()
        .map(|(n, line)| {
            if n == 0 {
                format!("{} {}", style.bold("?"), style.bold(&line))
            } else {
                format!("  {}", style.bold(&line))
            }
        })
        .collect()
}

/// The answer given, under the question: `✔ question · answer`, wrapped at word boundaries.
pub fn echo(prompt: &str, answer: &str, width: usize, style: Style) -> Vec<String> {
    wrap(&format!("{prompt} · {answer}"), width.saturating_sub(2), "")
        .into_iter()
        .enumerate()
        .map(|(n, line)| {
            if n == 0 {
                format!("{} {line}", style.dim("✔"))
            } else {
                format!("  {line}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(cursor: Option<usize>, ticked: Option<Vec<bool>>) -> List<'static> {
        // A list is only drawn through `run`; `press` needs no terminal.
        static TERM: std::sync::LazyLock<Term> = std::sync::LazyLock::new(Term::stderr);
        static CHOICES: std::sync::LazyLock<Vec<Choice>> = std::sync::LazyLock::new(|| {
            vec![
                Choice {
                    label: "Yes".into(),
                    key: Some('y'),
                },
                Choice {
                    label: "No".into(),
                    key: Some('n'),
                },
                Choice {
                    label: "Not sure".into(),
                    key: Some('s'),
                },
            ]
        });
        List {
            term: &TERM,
            style: Style::PLAIN,
            width: 80,
            prompt: "Q?",
            choices: &CHOICES,
            cursor,
            ticked,
            hint: "",
            plain: false,
        }
    }

    #[test]
    fn enter_with_nothing_chosen_picks_nothing() {
        let mut l = list(None, None);
        assert_eq!(l.press(Key::Enter), None);
        assert_eq!(l.press(Key::ArrowDown), None);
        assert_eq!(l.press(Key::Enter), Some(Action::Done(vec![0])));
        let mut l = list(None, None);
        assert_eq!(l.press(Key::ArrowUp), None);
        assert_eq!(l.press(Key::Enter), Some(Action::Done(vec![2])));
    }

    #[test]
    fn letters_digits_help_and_back() {
        let mut l = list(None, None);
        assert_eq!(l.press(Key::Char('n')), Some(Action::Done(vec![1])));
        assert_eq!(l.press(Key::Char('Y')), Some(Action::Done(vec![0])));
        assert_eq!(l.press(Key::Char('3')), Some(Action::Done(vec![2])));
        assert_eq!(l.press(Key::Char('4')), None);
        assert_eq!(l.press(Key::Char('x')), None);
        assert_eq!(l.press(Key::Char('?')), Some(Action::Help));
        assert_eq!(l.press(Key::Escape), Some(Action::Back));
    }

    #[test]
    fn ticking_several() {
        let mut l = list(Some(0), Some(vec![false; 3]));
        assert_eq!(l.press(Key::Char(' ')), None);
        assert_eq!(l.press(Key::Char('3')), None);
        assert_eq!(l.press(Key::Enter), Some(Action::Done(vec![0, 2])));
    }

    #[test]
    fn echo_wraps_at_word_boundaries() {
        let lines = echo(
            "How many hours a day do you sit?",
            "Sitting down",
            20,
            Style::PLAIN,
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        let words: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        assert_eq!(
            words,
            [
                "✔", "How", "many", "hours", "a", "day", "do", "you", "sit?", "·", "Sitting",
                "down"
            ]
        );
    }
}
