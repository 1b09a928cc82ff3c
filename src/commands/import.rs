//! `dgs import FILE`: a FHIR Questionnaire converted to a dgs questionnaire. The YAML is the
//! result; the notes on what could not be carried follow it on standard error.

use std::path::Path;

use crate::commands::Output;
use crate::document;
use crate::error::Error;
use crate::fhir::import;
use crate::questionnaire;

pub fn run(path: &Path) -> Result<Output, Error> {
    let origin = if path == Path::new("-") {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    let text = document::read_text(path).map_err(|problem| match problem {
        document::Problem::Io(source) => Error::Read {
            path: origin.clone(),
            source,
        },
        other => Error::InvalidQuestionnaire {
            origin: origin.clone(),
            problems: vec![format!("{origin}: {other}")],
        },
    })?;
    let imported =
        import::import(&text, &origin).map_err(|problems| Error::InvalidQuestionnaire {
            origin: origin.clone(),
            problems,
        })?;
    // What it writes must load as it is: a file that does not is this tool's fault, and is
    // refused here rather than handed on.
    questionnaire::parse(&imported.yaml, "imported.yaml").map_err(|e| match e {
        Error::InvalidQuestionnaire { problems, .. } => Error::InvalidQuestionnaire {
            origin: format!("{origin}, as imported,"),
            problems,
        },
        other => other,
    })?;
    Ok(Output {
        stdout: imported.yaml,
        notes: imported.notes,
        ..Output::default()
    })
}
