//! The questionnaires shipped inside the binary, by name: the deep-gluteal one (the default)
//! and validated instruments whose licences allow it. `-q NAME` finds them here.

/// A shipped questionnaire: the name `-q` takes, the file it came from, and its text.
pub struct Shipped {
    pub name: &'static str,
    pub origin: &'static str,
    pub text: &'static str,
    /// Where its wording comes from and on what terms it is shipped.
    pub licence: &'static str,
}

pub const SHIPPED: &[Shipped] = &[
    Shipped {
        name: "deep-gluteal-syndrome",
        origin: super::EMBEDDED_NAME,
        text: super::EMBEDDED,
        licence: "the default; this project's own",
    },
    Shipped {
        name: "phq-9",
        origin: "questionnaires/phq-9.yaml",
        text: include_str!("../../questionnaires/phq-9.yaml"),
        licence: "Pfizer: no permission required to reproduce",
    },
    Shipped {
        name: "gad-7",
        origin: "questionnaires/gad-7.yaml",
        text: include_str!("../../questionnaires/gad-7.yaml"),
        licence: "Pfizer: no permission required to reproduce",
    },
    Shipped {
        name: "startback",
        origin: "questionnaires/startback.yaml",
        text: include_str!("../../questionnaires/startback.yaml"),
        licence: "© Keele University: no licence needed for non-commercial use; commercial use: ask Keele",
    },
];

/// The shipped questionnaire called `name`.
pub fn by_name(name: &str) -> Option<&'static Shipped> {
    SHIPPED.iter().find(|s| s.name == name)
}
