//! `dgs validate`: load a questionnaire as `assess` would, validating it even when it is one
//! compiled in, and say whether it is valid; every problem is listed by the error.

use std::path::Path;

use crate::commands::Output;
use crate::error::Error;
use crate::questionnaire;

pub fn run(path: &Path) -> Result<Output, Error> {
    let q = questionnaire::load_validated(Some(path))?;
    Ok(Output::stdout(format!(
        "{}: valid: {} questions in {} sections, {} rules\n",
        path.display(),
        q.item_count(),
        q.sections.len(),
        q.rules.len()
    )))
}
