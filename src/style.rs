//! The only module that touches `colored`: semantic roles, decided once per stream.

use colored::Colorize;

use crate::cli::ColorChoice;
use crate::questionnaire::triage::Level;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

impl Style {
    pub const PLAIN: Style = Style { color: false };

    /// `auto` colours a terminal unless `NO_COLOR` is set (non-empty) or `TERM` is `dumb`.
    pub fn resolve(choice: ColorChoice, is_terminal: bool) -> Style {
        let env_allows = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::env::var_os("TERM").is_none_or(|t| t != "dumb");
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && env_allows,
        };
        if color {
            // Our own decision stands; colored must not second-guess it from stdout.
            colored::control::set_override(true);
        }
        Style { color }
    }

    fn paint(self, s: &str, f: impl Fn(&str) -> colored::ColoredString) -> String {
        if self.color {
            f(s).to_string()
        } else {
            s.to_string()
        }
    }

    pub fn heading(self, s: &str) -> String {
        self.paint(s, |s| s.bold().underline())
    }

    pub fn bold(self, s: &str) -> String {
        self.paint(s, |s| s.bold())
    }

    pub fn dim(self, s: &str) -> String {
        self.paint(s, |s| s.dimmed())
    }

    pub fn error(self, s: &str) -> String {
        self.paint(s, |s| s.red().bold())
    }

    pub fn warning(self, s: &str) -> String {
        self.paint(s, |s| s.yellow().bold())
    }

    /// A triage banner, coloured by how urgent it is.
    pub fn level(self, level: Level, s: &str) -> String {
        self.paint(s, |s| match level {
            Level::Emergency => s.white().on_red().bold(),
            Level::Urgent => s.red().bold(),
            Level::SeeClinician => s.yellow().bold(),
            Level::SelfCare => s.green().bold(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_style_adds_nothing() {
        let s = Style::PLAIN;
        assert_eq!(s.heading("x"), "x");
        assert_eq!(s.level(Level::Emergency, "x"), "x");
    }

    #[test]
    fn colour_style_adds_escapes() {
        let s = Style::resolve(ColorChoice::Always, false);
        assert!(s.color);
        assert!(s.error("x").contains("\u{1b}["));
        assert!(!Style::resolve(ColorChoice::Never, true).color);
    }
}
