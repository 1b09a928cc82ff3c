//! `dgs assess`: gather answers from a file, flags and (on a terminal) the person, then score
//! and render them. Returns the report; `lib::run` writes it.

use std::io::{self, IsTerminal};
use std::path::Path;

use crate::cli::AssessArgs;
use crate::error::Error;
use crate::input;
use crate::questionnaire::{self, ItemType};
use crate::raw_answers::{AnswerDoc, RawAnswers};
use crate::style::Style;
use crate::{interview, prompt, report, scoring};

pub fn assess(
    args: &AssessArgs,
    out_style: Style,
    err_style: Style,
    width: fn() -> usize,
    warnings: &mut Vec<String>,
) -> Result<(String, serde_json::Value), Error> {
    let q = questionnaire::load(args.questionnaire.as_deref())?;
    let mut raw = match &args.answers_file {
        None => RawAnswers::default(),
        Some(path) => read_answers(path)?,
    };
    raw.apply_flags(&args.answers, &q);
    let given = raw.check(&q).map_err(Error::Answers)?;

    let stdin_taken = args.answers_file.as_deref() == Some(Path::new("-"));
    let interactive =
        !args.no_input && !stdin_taken && io::stdin().is_terminal() && io::stderr().is_terminal();
    let answers = if interactive {
        prompt::install_interrupt_handler();
        let mut prompter = prompt::TerminalPrompter::new(err_style);
        prompter.welcome(&q)?;
        interview::run(&q, given, &mut prompter)?.answers
    } else {
        given
    };

    let assessment = scoring::score(&q, &answers);
    for id in &assessment.ignored {
        let when = q
            .item(id)
            .and_then(|i| i.enable_when.as_ref())
            .map(ToString::to_string)
            .unwrap_or_default();
        warnings.push(format!(
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
    let report = report::render(args.format, &q, &assessment, out_style, width());
    // The saved form is the JSON result, whatever format was shown.
    let result = if args.save {
        report::json::to_value(&q, &assessment)
    } else {
        serde_json::Value::Null
    };
    Ok((report, result))
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

pub fn read_answers(path: &Path) -> Result<RawAnswers, Error> {
    let origin = if path == Path::new("-") {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    let fail = |message: String| Error::AnswersFile {
        origin: origin.clone(),
        message,
    };
    let text = input::read_text(path).map_err(|problem| match problem {
        input::Problem::Io(source) => Error::Read {
            path: origin.clone(),
            source,
        },
        other => fail(other.to_string()),
    })?;
    let doc: AnswerDoc = questionnaire::parse_data(&text, &origin).map_err(fail)?;
    RawAnswers::from_json(&doc.into_json()).map_err(fail)
}
