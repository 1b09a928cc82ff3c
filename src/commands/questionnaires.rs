//! `dgs questionnaires`: the shipped questionnaires, by the name `-q` takes, with their titles
//! and the terms they are shipped on.

use std::fmt::Write as _;

use crate::commands::Output;
use crate::error::Error;
use crate::questionnaire::{self, shipped::SHIPPED};

pub fn run() -> Result<Output, Error> {
    let width = SHIPPED.iter().map(|s| s.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for s in SHIPPED {
        // Each is loaded as `-q NAME` would load it, so the list shows what would run.
        let q = questionnaire::load(Some(std::path::Path::new(s.name)))?;
        let _ = writeln!(
            out,
            "{:width$}  {} ({} questions; {})",
            s.name,
            q.title,
            q.item_count(),
            s.licence
        );
    }
    Ok(Output::stdout(out))
}
