//! The diary commands — `log`, `history`, `insights`, `export`, `forget` — and saving an
//! assessment. Each returns its output; `run.rs` writes it.

use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;

use crate::cli::{
    ExportArgs, ExportFormat, HistoryArgs, InsightsArgs, ListFormat, LogArgs, TableFormat,
};
use crate::commands::{Output, Screen};
use crate::diary::entries::{self as diary, ACTIVITIES, Entry, MINUTES, PAIN, POSTURES, SELF_CARE};
use crate::diary::store::{self, NewAssessment, Store};
use crate::diary::{history, insights, when};
use crate::document::pretty_json;
use crate::error::Error;
use crate::interview::prompt;
use crate::questionnaire::{self, Questionnaire};
use crate::report;
use crate::scoring::assessment::Assessment;
use crate::style::Style;
use crate::words::printable;

/// `--db`, else `DGS_DB` (clap reads both), else the platform's data directory.
/// A path given by the person must be in a folder that exists: a typo in `--db` should not
/// quietly create a tree of folders and a diary nobody will find again. Only the default
/// location is created as needed.
pub fn db_path(given: Option<&Path>) -> Result<PathBuf, Error> {
    let Some(given) = given else {
        return store::default_path().ok_or_else(|| Error::Diary {
            message: "there is no data directory for the diary database here; pass --db PATH or set DGS_DB".into(),
        });
    };
    match given
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())
    {
        Some(folder) if !folder.is_dir() => Err(Error::Database {
            path: printable(&given.display().to_string()).into_owned(),
            message: format!(
                "the folder `{}` does not exist; create it first, or choose another --db",
                printable(&folder.display().to_string())
            ),
        }),
        _ => Ok(given.to_path_buf()),
    }
}

fn diary_error(message: String) -> Error {
    Error::Diary { message }
}

/// Every value of a repeatable flag, checked against its list.
fn check_codes(
    flag: &str,
    list: &[(&'static str, &str)],
    given: &[String],
) -> Result<Vec<String>, Error> {
    given
        .iter()
        .map(|value| diary::check_code(flag, list, value))
        .collect::<Result<_, _>>()
        .map_err(diary_error)
}

/// The local time zone; a `TZ` that cannot be read safely is refused.
fn zone() -> Result<TimeZone, Error> {
    when::zone().map_err(diary_error)
}

/// A number flag checked against its range; refused like any other value (exit 3).
fn check_number(
    flag: &str,
    range: &std::ops::RangeInclusive<i64>,
    given: Option<&str>,
) -> Result<Option<i64>, Error> {
    given
        .map(|text| diary::check_number(flag, range, text))
        .transpose()
        .map_err(diary_error)
}

/// `dgs log`: flags first; on a terminal, whatever is still missing is asked.
pub fn log(args: &LogArgs, db: Option<&Path>, err_style: Style) -> Result<Output, Error> {
    let db = &db_path(db)?;
    let tz = zone()?;
    let at = match &args.at {
        Some(text) => when::parse_at(text, when::now(), &tz).map_err(diary_error)?,
        None => when::now(),
    };
    let mut draft = diary::Draft {
        pain: check_number("--pain", &PAIN, args.pain.as_deref())?,
        activity: args
            .activity
            .as_deref()
            .map(|a| diary::check_code("--activity", &ACTIVITIES, a))
            .transpose()
            .map_err(diary_error)?,
        detail: args.detail.clone(),
        minutes: check_number("--minutes", &MINUTES, args.minutes.as_deref())?,
        postures: check_codes("--posture", &POSTURES, &args.postures)?,
        self_care: check_codes("--self-care", &SELF_CARE, &args.self_care)?,
        note: args.note.clone(),
    };
    let interactive = !args.no_input && prompt::can_ask();
    if interactive && (draft.pain.is_none() || draft.activity.is_none()) {
        prompt::install_interrupt_handler();
        prompt::TerminalPrompter::new(err_style).diary_entry(&mut draft)?;
    }
    let (Some(pain), Some(activity)) = (draft.pain, draft.activity.clone()) else {
        let mut missing = Vec::new();
        if draft.pain.is_none() {
            missing.push(format!("--pain <{}..{}>", PAIN.start(), PAIN.end()));
        }
        if draft.activity.is_none() {
            missing.push(format!(
                "--activity <{}>",
                diary::codes(&ACTIVITIES).join("|")
            ));
        }
        return Err(diary_error(format!(
            "a diary entry needs {} and there is no terminal to ask on (or --no-input was given)",
            missing.join(" and ")
        )));
    };
    let entry = Entry {
        id: None,
        at: when::stamp(at),
        pain,
        activity,
        detail: draft.detail.filter(|d| !d.trim().is_empty()),
        minutes: draft.minutes,
        postures: draft.postures,
        self_care: draft.self_care,
        note: draft.note.filter(|n| !n.trim().is_empty()),
    };
    let mut store = Store::open(db)?;
    let id = store.add_entry(&entry)?;
    Ok(Output {
        notes: vec![format!(
            "logged entry #{id}: pain {pain} while {}",
            diary::label(&ACTIVITIES, &entry.activity).to_lowercase()
        )],
        warnings: store.warnings,
        ..Output::default()
    })
}

/// Saves an assessment with its JSON result; returns the notes and warnings to show.
pub fn save_assessment(
    db: &Path,
    q: &Questionnaire,
    assessment: &Assessment,
) -> Result<Output, Error> {
    let new = NewAssessment {
        questionnaire_id: &q.id,
        questionnaire_version: &q.version,
        assessment,
        answers_json: serde_json::to_string(&assessment.answers).unwrap_or_else(|_| "{}".into()),
        result_json: report::json::to_value(q, assessment).to_string(),
    };
    let mut store = Store::open(db)?;
    let id = store.save_assessment(&when::stamp(when::now()), &new)?;
    Ok(Output {
        notes: vec![format!("saved as assessment #{id} in {}", shown_path(db))],
        warnings: store.warnings,
        ..Output::default()
    })
}

fn shown_path(path: &Path) -> String {
    printable(&path.display().to_string()).into_owned()
}

fn since(text: Option<&str>, tz: &TimeZone) -> Result<String, Error> {
    match text {
        None => Ok(String::new()),
        Some(text) => when::parse_since(text, when::now(), tz)
            .map(when::stamp)
            .map_err(|e| diary_error(format!("{} for `--since`", e.trim_end_matches('.')))),
    }
}

/// What the read-only commands read: the entries and assessments since a time, and the
/// warnings opening the diary gave.
#[derive(Default)]
struct Read {
    entries: Vec<Entry>,
    saved: Vec<store::SavedAssessment>,
    warnings: Vec<String>,
}

/// A missing diary reads as an empty one, and stays missing.
fn read(db: &Path, since: &str) -> Result<Read, Error> {
    Ok(match Store::open_to_read(db)? {
        Some(store) => Read {
            entries: store.entries(since)?,
            saved: store.assessments(since)?,
            warnings: store.warnings,
        },
        None => Read::default(),
    })
}

/// What `history` and `insights` read: the diary from `--since` on, in the local time zone.
fn read_since(given: Option<&str>, db: Option<&Path>) -> Result<(Read, TimeZone), Error> {
    let db = &db_path(db)?;
    let tz = zone()?;
    let since = since(given, &tz)?;
    Ok((read(db, &since)?, tz))
}

pub fn history(args: &HistoryArgs, db: Option<&Path>, screen: Screen) -> Result<Output, Error> {
    let (
        Read {
            entries,
            saved,
            warnings,
        },
        tz,
    ) = read_since(args.since.as_deref(), db)?;
    let stdout = match args.format {
        TableFormat::Text => {
            history::render_text(&entries, &saved, &tz, screen.out_style, (screen.width)())
        }
        TableFormat::Json => history::render_json(&entries, &saved),
        TableFormat::Csv => history::render_csv(&entries, &saved),
    };
    Ok(Output {
        stdout,
        warnings,
        ..Output::default()
    })
}

pub fn insights(args: &InsightsArgs, db: Option<&Path>, screen: Screen) -> Result<Output, Error> {
    let (
        Read {
            entries,
            saved,
            warnings,
        },
        tz,
    ) = read_since(args.since.as_deref(), db)?;
    let mut found = insights::compute(&entries, &saved, &tz);
    // Causes by name: the diary keeps ids, the shipped questionnaire has the labels.
    if let Ok(q) = questionnaire::load(None) {
        for change in &mut found.causes {
            change.label = q
                .causes
                .iter()
                .find(|c| c.id == change.cause)
                .map(|c| c.label.clone());
        }
    }
    let stdout = match args.format {
        ListFormat::Text => insights::render_text(&found, &tz, screen.out_style, (screen.width)()),
        ListFormat::Json => {
            pretty_json(&serde_json::json!({"schema": "dgs-insights/1", "insights": found}))
        }
    };
    Ok(Output {
        stdout,
        warnings,
        ..Output::default()
    })
}

pub fn export(args: &ExportArgs, db: Option<&Path>) -> Result<Output, Error> {
    let db = &db_path(db)?;
    let Some(store) = Store::open_to_read(db)? else {
        return Ok(Output::stdout(match args.format {
            ExportFormat::Json => {
                "{\"schema\": \"dgs-export/1\", \"entries\": [], \"assessments\": []}\n".into()
            }
            ExportFormat::Csv => history::render_csv(&[], &[]),
        }));
    };
    let entries = store.entries("")?;
    let stdout = match args.format {
        ExportFormat::Csv => history::render_csv(&entries, &store.assessments("")?),
        ExportFormat::Json => {
            let doc = serde_json::json!({
                "schema": "dgs-export/1",
                "schema_version": store.schema_version()?,
                "entries": entries,
                "assessments": store.results()?,
            });
            pretty_json(&doc)
        }
    };
    Ok(Output {
        stdout,
        warnings: store.warnings,
        ..Output::default()
    })
}

pub fn forget(yes: bool, db: Option<&Path>, err_style: Style) -> Result<Output, Error> {
    let db = &db_path(db)?;
    let what = format!(
        "every saved assessment and diary entry in {}",
        shown_path(db)
    );
    if !yes && prompt::can_ask() {
        prompt::install_interrupt_handler();
        if !prompt::TerminalPrompter::new(err_style).confirm_forget(&what)? {
            return Ok(Output::note("nothing was deleted".to_string()));
        }
    } else if !yes {
        return Err(diary_error(format!(
            "`dgs forget` deletes {what}; add --yes to confirm"
        )));
    }
    let Some(forgotten) = store::forget(db)? else {
        return Ok(Output::note(format!(
            "nothing to delete at {}",
            shown_path(db)
        )));
    };
    let files: Vec<String> = forgotten.removed.iter().map(|p| shown_path(p)).collect();
    let link = forgotten.link.as_deref().map_or_else(String::new, |link| {
        format!(
            " (the diary the link {} points to; the link is left in place)",
            shown_path(link)
        )
    });
    Ok(Output::note(format!(
        "deleted {} and {}; removed {}{link}",
        count(forgotten.entries, "diary entry", "diary entries"),
        count(
            forgotten.assessments,
            "saved assessment",
            "saved assessments"
        ),
        files.join(", ")
    )))
}

fn count(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::cli::Cli;

    /// The `dgs log --help` paragraph of one option, as one line.
    fn help_of(option: &str) -> String {
        let mut cli = Cli::command();
        let log = cli.find_subcommand_mut("log").expect("a log command");
        let arg = log
            .get_arguments()
            .find(|a| a.get_long() == Some(option))
            .expect("the option exists");
        arg.get_long_help()
            .or(arg.get_help())
            .map(ToString::to_string)
            .unwrap_or_default()
            .replace('\n', " ")
    }

    /// The words in backticks in a text.
    fn ticked(text: &str) -> Vec<&str> {
        text.split('`').skip(1).step_by(2).collect()
    }

    #[test]
    fn the_help_lists_exactly_the_codes() {
        for (option, list) in [
            ("activity", &ACTIVITIES[..]),
            ("posture", &POSTURES[..]),
            ("self-care", &SELF_CARE[..]),
        ] {
            assert_eq!(ticked(&help_of(option)), diary::codes(list), "--{option}");
        }
    }

    #[test]
    fn the_help_states_the_ranges() {
        let pain = help_of("pain");
        assert!(
            pain.contains(&format!("{} (none) to {} (worst", PAIN.start(), PAIN.end())),
            "{pain}"
        );
        let minutes = help_of("minutes");
        assert!(
            minutes.contains(&format!("({} to {})", MINUTES.start(), MINUTES.end())),
            "{minutes}"
        );
    }
}
