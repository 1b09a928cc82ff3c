//! The diary commands — `log`, `history`, `insights`, `export`, `forget` — and saving an
//! assessment. Each returns its output; `run.rs` writes it.

use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;

use crate::cli::{
    ExportArgs, ExportFormat, HistoryArgs, InsightsArgs, ListFormat, LogArgs, TableFormat,
};
use crate::commands::{Output, Screen};
use crate::diary::entries::{self as diary, ACTIVITIES, Entry, POSTURES, SELF_CARE};
use crate::diary::store::{self, Store};
use crate::diary::{history, insights};
use crate::document::pretty_json;
use crate::error::Error;
use crate::interview::prompt;
use crate::style::Style;

/// `--db`, else `DGS_DB` (clap reads both), else the platform's data directory.
pub fn db_path(given: Option<&Path>) -> Result<PathBuf, Error> {
    given.map(Path::to_path_buf).or_else(store::default_path).ok_or_else(|| Error::Diary {
        message: "there is no data directory for the diary database here; pass --db PATH or set DGS_DB".into(),
    })
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

/// `dgs log`: flags first; on a terminal, whatever is still missing is asked.
pub fn log(args: &LogArgs, db: Option<&Path>, err_style: Style) -> Result<Output, Error> {
    let db = &db_path(db)?;
    let tz = TimeZone::system();
    let at = match &args.at {
        Some(text) => diary::parse_time(text, &tz).map_err(diary_error)?,
        None => diary::now(),
    };
    if at
        > diary::now()
            .checked_add(jiff::Span::new().minutes(5))
            .unwrap_or_else(|_| diary::now())
    {
        return Err(diary_error(format!(
            "invalid time for `--at`: {} is in the future",
            diary::local(&diary::stamp(at), &tz)
        )));
    }
    let mut draft = diary::Draft {
        pain: args.pain.map(i64::from),
        activity: args
            .activity
            .as_deref()
            .map(|a| diary::check_code("--activity", &ACTIVITIES, a))
            .transpose()
            .map_err(diary_error)?,
        detail: args.detail.clone(),
        minutes: args.minutes.map(i64::from),
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
            missing.push("--pain <0..10>".to_string());
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
        at: diary::stamp(at),
        pain,
        activity,
        detail: draft.detail.filter(|d| !d.trim().is_empty()),
        minutes: draft.minutes,
        postures: draft.postures,
        self_care: draft.self_care,
        note: draft.note.filter(|n| !n.trim().is_empty()),
    };
    let id = Store::open(db)?.add_entry(&entry)?;
    Ok(Output::note(format!(
        "logged entry #{id}: pain {pain} while {}",
        diary::label(&ACTIVITIES, &entry.activity).to_lowercase()
    )))
}

/// Saves an assessment's JSON result; returns the note to show.
pub fn save_assessment(db: &Path, result: &serde_json::Value) -> Result<String, Error> {
    let id = Store::open(db)?.save_assessment(&diary::stamp(diary::now()), result)?;
    Ok(format!("saved as assessment #{id} in {}", db.display()))
}

fn since(text: Option<&str>, tz: &TimeZone) -> Result<String, Error> {
    match text {
        None => Ok(String::new()),
        Some(text) => diary::parse_since(text, diary::now(), tz)
            .map(diary::stamp)
            .map_err(|e| diary_error(format!("{} for `--since`", e.trim_end_matches('.')))),
    }
}

/// Opens the database only if it exists: reading must not create one.
fn existing(db: &Path) -> Result<Option<Store>, Error> {
    if db.exists() {
        Store::open(db).map(Some)
    } else {
        Ok(None)
    }
}

pub fn history(args: &HistoryArgs, db: Option<&Path>, screen: Screen) -> Result<Output, Error> {
    let db = &db_path(db)?;
    let tz = TimeZone::system();
    let since = since(args.since.as_deref(), &tz)?;
    let (entries, saved) = match existing(db)? {
        Some(store) => (store.entries(&since)?, store.assessments(&since)?),
        None => (Vec::new(), Vec::new()),
    };
    Ok(Output::stdout(match args.format {
        TableFormat::Text => {
            history::render_text(&entries, &saved, &tz, screen.out_style, (screen.width)())
        }
        TableFormat::Json => history::render_json(&entries, &saved),
        TableFormat::Csv => history::render_csv(&entries, &saved),
    }))
}

pub fn insights(args: &InsightsArgs, db: Option<&Path>, screen: Screen) -> Result<Output, Error> {
    let db = &db_path(db)?;
    let tz = TimeZone::system();
    let since = since(args.since.as_deref(), &tz)?;
    let (entries, saved) = match existing(db)? {
        Some(store) => (store.entries(&since)?, store.assessments(&since)?),
        None => (Vec::new(), Vec::new()),
    };
    let found = insights::compute(&entries, &saved, &tz);
    Ok(Output::stdout(match args.format {
        ListFormat::Text => insights::render_text(&found, &tz, screen.out_style, (screen.width)()),
        ListFormat::Json => {
            pretty_json(&serde_json::json!({"schema": "dgs-insights/1", "insights": found}))
        }
    }))
}

pub fn export(args: &ExportArgs, db: Option<&Path>) -> Result<Output, Error> {
    let db = &db_path(db)?;
    let Some(store) = existing(db)? else {
        return Ok(Output::stdout(match args.format {
            ExportFormat::Json => {
                "{\"schema\": \"dgs-export/1\", \"entries\": [], \"assessments\": []}\n".into()
            }
            ExportFormat::Csv => history::render_csv(&[], &[]),
        }));
    };
    let entries = store.entries("")?;
    Ok(Output::stdout(match args.format {
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
    }))
}

pub fn forget(yes: bool, db: Option<&Path>) -> Result<Output, Error> {
    let db = &db_path(db)?;
    if !yes {
        return Err(diary_error(format!(
            "`dgs forget` deletes every saved assessment and diary entry in {}; add --yes to confirm",
            db.display()
        )));
    }
    let removed = store::forget(db)?;
    Ok(Output::note(if removed {
        format!("deleted {}", db.display())
    } else {
        format!("nothing to delete at {}", db.display())
    }))
}
