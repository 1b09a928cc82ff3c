//! `dgs assess`: gather answers from a file, flags and (on a terminal) the person, then score
//! and render them, and save the result if asked. Returns the report; `run.rs` writes it.

use std::path::Path;

use crate::answers;
use crate::answers::raw::{AnswerDoc, RawAnswers};
use crate::cli::AssessArgs;
use crate::commands::{Output, Screen, diary};
use crate::diary::when;
use crate::document;
use crate::error::Error;
use crate::fhir::import::response;
use crate::interview::{self, prompt};
use crate::questionnaire::{self, ItemType, Questionnaire};
use crate::{report, scoring};

pub fn run(args: &AssessArgs, db: Option<&Path>, screen: Screen) -> Result<Output, Error> {
    let q = questionnaire::load(args.questionnaire.as_deref())?;
    let (mut raw, read_warnings) = match &args.answers_file {
        None => (RawAnswers::default(), Vec::new()),
        Some(path) => read_answers(path, &q)?,
    };
    raw.apply_flags(&args.answers, &q);
    let given = answers::check(&raw, &q).map_err(Error::Answers)?;

    let stdin_taken = args.answers_file.as_deref() == Some(Path::new("-"));
    let interactive = !args.no_input && !stdin_taken && prompt::can_ask();
    let answers = if interactive {
        prompt::install_interrupt_handler();
        let mut prompter = prompt::TerminalPrompter::new(screen.err_style).plain(args.plain);
        prompter.welcome(&q, interview::question_count(&q, &given))?;
        interview::run(&q, given, &mut prompter)?.answers
    } else {
        given
    };

    let assessment = scoring::score(&q, &answers);
    let mut output = Output {
        warnings: read_warnings,
        ..Output::default()
    };
    for id in &assessment.ignored {
        let when = q
            .item(id)
            .and_then(|i| i.enable_when.as_ref())
            .map(ToString::to_string)
            .unwrap_or_default();
        output.warnings.push(format!(
            "answer to `{id}` ignored: that question is only asked when {when}"
        ));
    }
    if !interactive && !args.no_input && !assessment.stopped {
        let missing: Vec<String> = assessment
            .unanswered
            .iter()
            .filter_map(|id| q.item(id))
            .filter(|item| item.required)
            .map(|item| format!("-a {}={}", item.id, placeholder(item)))
            .collect();
        if !missing.is_empty() {
            return Err(Error::Missing { flags: missing });
        }
    }
    output.stdout = report::render(
        args.format,
        &q,
        &assessment,
        screen.out_style,
        (screen.width)(),
        args.detail,
        &assessed_at,
    );
    if args.save {
        // The saved form is the JSON result, whatever format was shown. A save that fails
        // is reported after the report, never instead of it.
        let saved =
            diary::db_path(db).and_then(|path| diary::save_assessment(&path, &q, &assessment));
        match saved {
            Ok(saved) => {
                output.notes.extend(saved.notes);
                output.warnings.extend(saved.warnings);
            }
            Err(e) => output.failed = Some(Error::NotSaved(Box::new(e))),
        }
    }
    Ok(output)
}

/// When the assessment was made, for the Markdown summary: the local time, or the time that
/// `SOURCE_DATE_EPOCH` gives (seconds, shown in UTC), so that a summary can be reproduced.
/// Worked out only when asked for: finding the time zone reads files.
fn assessed_at() -> String {
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok());
    if let Some(t) = fixed {
        format!("{} UTC", t.strftime("%Y-%m-%d %H:%M"))
    } else {
        let tz = when::zone().unwrap_or(jiff::tz::TimeZone::UTC);
        jiff::Timestamp::now()
            .to_zoned_datetime(tz)
            .strftime("%Y-%m-%d %H:%M %Z")
            .to_string()
    }
}

/// `<yes|no>`, `<16..120>`: what to put after `-a id=`.
fn placeholder(item: &questionnaire::Item) -> String {
    match item.kind {
        ItemType::YesNo | ItemType::SingleChoice => format!("<{}>", item.codes().join("|")),
        ItemType::MultipleChoice => format!("<{}>[,...]", item.codes().join("|")),
        ItemType::Integer | ItemType::Number => {
            let (min, max) = item.bounds();
            format!("<{min}..{max}>")
        }
    }
}

/// Reads an answers file: a mapping of ids to answers, a `dgs-result/1` document, or a FHIR
/// `QuestionnaireResponse` (matched to `q` by linkId); with warnings about what it ignored.
pub fn read_answers(path: &Path, q: &Questionnaire) -> Result<(RawAnswers, Vec<String>), Error> {
    let origin = if path == Path::new("-") {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    let fail = |message: String| Error::AnswersFile {
        origin: origin.clone(),
        message,
    };
    let text = document::read_text(path).map_err(|problem| match problem {
        document::Problem::Io(source) => Error::Read {
            path: origin.clone(),
            source,
        },
        other => fail(other.to_string()),
    })?;
    let doc = AnswerDoc::read(&text, &origin).map_err(fail)?.into_json();
    match response::resource_type(&doc) {
        None => Ok((RawAnswers::from_json(&doc).map_err(fail)?, Vec::new())),
        Some("QuestionnaireResponse") => response::read(&doc, q).map_err(|p| match p {
            response::Problem::Shape(message) => fail(message),
            response::Problem::Answers(errors) => Error::Answers(errors),
        }),
        Some(other) => Err(fail(format!(
            "a FHIR `{}` is not answers: `--answers` reads a `QuestionnaireResponse`{}",
            crate::words::clip(other, 41),
            if other == "Questionnaire" {
                " (`dgs import` converts a Questionnaire)"
            } else {
                ""
            }
        ))),
    }
}
