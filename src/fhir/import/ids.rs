//! The rule that turns FHIR `linkId`s and answer codes into dgs ids and option codes, and
//! finds them again, so a `QuestionnaireResponse` to the original questionnaire is read by the
//! imported one.
//!
//! The rule (docs/fhir-import.md):
//! 1. A linkId that is already a dgs id (`^[a-z][a-z0-9_]*$`) is kept as it is; so is a code
//!    that is already a dgs option code (`^[a-z0-9][a-z0-9_]*$`). These are given out first,
//!    so a valid linkId always keeps its own name.
//! 2. Any other is *sanitised*: ASCII letters lowercased, every run of other characters
//!    (`/`, `-`, `.`, spaces, non-ASCII letters) one `_`, no `_` at either end; an id that would
//!    not start with a letter gets `q_` in front (`/44250-9` → `q_44250_9`), an empty code
//!    becomes `code`.
//! 3. A sanitised name already taken gets `__2`, `__3`, … (the first that is free). A
//!    sanitised name never holds `__`, so a reader that meets `x__2` beside `x` knows the
//!    rule had to choose between linkIds, and refuses to guess.

use std::collections::HashSet;

use crate::questionnaire::Coding;
use crate::words::has_unsafe_text;

/// Which grammar a name must fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Sections, items and scores: a lowercase letter first.
    Id,
    /// An option's `value`: a lowercase letter or a digit first.
    Code,
}

/// Whether a linkId can be written as it is (`link_id`): plain text of at most 255
/// characters, as FHIR asks of linkIds.
pub fn keepable(text: &str) -> bool {
    !text.trim().is_empty() && text.chars().count() <= 255 && !has_unsafe_text(text)
}

/// Whether an option's code and system can be written as its `coding`.
pub fn keepable_coding(system: Option<&str>, code: &str) -> bool {
    keepable(code)
        && Coding::valid_code(code)
        && system.is_none_or(|s| keepable(s) && Coding::valid_system(s))
}

/// Whether `name` fits the grammar as it is (the validator's rules for ids and codes).
pub fn fits(name: &str, kind: Kind) -> bool {
    let mut chars = name.chars();
    let first_ok = match (kind, chars.next()) {
        (Kind::Id, Some(c)) => c.is_ascii_lowercase(),
        (Kind::Code, Some(c)) => c.is_ascii_lowercase() || c.is_ascii_digit(),
        (_, None) => false,
    };
    first_ok && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Step 2 of the rule: the name a linkId or code that does not fit is given.
pub fn sanitised(given: &str, kind: Kind) -> String {
    let mut out = String::with_capacity(given.len() + 2);
    let mut gap = false;
    for c in given.chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    match kind {
        Kind::Id if !out.starts_with(|c: char| c.is_ascii_lowercase()) => {
            if out.is_empty() {
                "q".to_string()
            } else {
                format!("q_{out}")
            }
        }
        Kind::Code if out.is_empty() => "code".to_string(),
        _ => out,
    }
}

/// The name rule 1 or 2 gives, before any suffix.
pub fn wanted(given: &str, kind: Kind) -> String {
    if fits(given, kind) {
        given.to_string()
    } else {
        sanitised(given, kind)
    }
}

/// Names given out so far in one namespace (the questionnaire's ids, or one item's codes).
#[derive(Debug, Default)]
pub struct Names {
    taken: HashSet<String>,
}

impl Names {
    /// Rule 1: every name that fits as given is reserved before anything is sanitised.
    pub fn reserve_fitting<'a>(&mut self, given: impl IntoIterator<Item = &'a str>, kind: Kind) {
        for name in given {
            if fits(name, kind) {
                self.taken.insert(name.to_string());
            }
        }
    }

    /// The name for `given`: itself if it fits (reserved already), else its sanitised form,
    /// with the first free `__N` when that is taken.
    pub fn assign(&mut self, given: &str, kind: Kind) -> String {
        if fits(given, kind) {
            self.taken.insert(given.to_string());
            return given.to_string();
        }
        self.fresh(&sanitised(given, kind))
    }

    /// `base`, or `base__2`, `base__3`, … whichever is free first; taken from then on.
    pub fn fresh(&mut self, base: &str) -> String {
        let mut name = base.to_string();
        let mut n = 1;
        while self.taken.contains(&name) {
            n += 1;
            name = format!("{base}__{n}");
        }
        self.taken.insert(name.clone());
        name
    }
}

/// What a name given in a response (a linkId, a code) is in the imported questionnaire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Name(String),
    /// The rule gave its sanitised form to more than one name: which one is meant is not known.
    Ambiguous(String),
    Missing,
}

/// Finds `given` among `names` by the same rule. `suffixed` holds the bases of the names
/// that end in `__N` (from [`suffixed_bases`]).
pub fn find<S: std::hash::BuildHasher>(
    given: &str,
    kind: Kind,
    has: impl Fn(&str) -> bool,
    suffixed: &HashSet<&str, S>,
) -> Found {
    if fits(given, kind) {
        return if has(given) {
            Found::Name(given.to_string())
        } else {
            Found::Missing
        };
    }
    let name = sanitised(given, kind);
    if suffixed.contains(name.as_str()) {
        Found::Ambiguous(name)
    } else if has(&name) {
        Found::Name(name)
    } else {
        Found::Missing
    }
}

/// The `base` of every name written `base__N` (N a number): the names rule 3 made.
pub fn suffixed_bases<'a>(names: impl IntoIterator<Item = &'a str>) -> HashSet<&'a str> {
    names
        .into_iter()
        .filter_map(|name| {
            let (base, n) = name.rsplit_once("__")?;
            (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then_some(base)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_names_are_kept_and_others_sanitised() {
        for (given, id, code) in [
            ("phq9_1", "phq9_1", "phq9_1"),
            ("/44250-9", "q_44250_9", "44250_9"),
            ("LA6568-5", "la6568_5", "la6568_5"),
            ("4.3.1.2", "q_4_3_1_2", "4_3_1_2"),
            ("0", "q_0", "0"),
            ("s1-radio", "s1_radio", "s1_radio"),
            ("BC029", "bc029", "bc029"),
            ("--x--", "x", "x"),
            ("Größe", "gr_e", "gr_e"),
            ("", "q", "code"),
            ("///", "q", "code"),
            ("_a", "a", "a"),
        ] {
            assert_eq!(wanted(given, Kind::Id), id, "{given:?} as an id");
            assert_eq!(wanted(given, Kind::Code), code, "{given:?} as a code");
            assert!(fits(&wanted(given, Kind::Id), Kind::Id), "{given:?}");
            assert!(fits(&wanted(given, Kind::Code), Kind::Code), "{given:?}");
        }
    }

    #[test]
    fn fitting_names_win_and_collisions_get_a_suffix() {
        let given = ["a-b", "a_b", "A.B", "q_1", "1"];
        let mut names = Names::default();
        names.reserve_fitting(given, Kind::Id);
        let got: Vec<String> = given.iter().map(|g| names.assign(g, Kind::Id)).collect();
        assert_eq!(got, ["a_b__2", "a_b", "a_b__3", "q_1", "q_1__2"]);
        assert_eq!(names.fresh("questions"), "questions");
        assert_eq!(names.fresh("questions"), "questions__2");
    }

    #[test]
    fn a_response_finds_names_by_the_same_rule_and_never_guesses() {
        let ids = ["q_44250_9", "a_b", "a_b__2", "plain"];
        let has = |n: &str| ids.contains(&n);
        let suffixed = suffixed_bases(ids);
        let find = |given| find(given, Kind::Id, has, &suffixed);
        assert_eq!(find("/44250-9"), Found::Name("q_44250_9".into()));
        assert_eq!(find("plain"), Found::Name("plain".into()));
        // `a_b` fits, so it is its own name; `a-b` could be `a_b` or `a_b__2`.
        assert_eq!(find("a_b"), Found::Name("a_b".into()));
        assert_eq!(find("a-b"), Found::Ambiguous("a_b".into()));
        assert_eq!(find("other"), Found::Missing);
        assert_eq!(find("/other"), Found::Missing);
        assert_eq!(
            suffixed_bases(["x__", "x__y", "x__12"]),
            HashSet::from(["x"])
        );
    }
}
