//! The command line, as clap sees it. Depends on clap and std only, so completions and a man
//! page can be generated from it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  dgs                                     answer the questionnaire in the terminal
  dgs assess -a sciatica_both_legs=no -a age=42 --no-input --format json
  dgs assess --answers answers.json --format markdown > for-my-gp.md
  dgs questions --format json             every question id, type and allowed value
  dgs questions -q phq-9 --format fhir    the questionnaire as a FHIR R4 Questionnaire
  dgs validate my-questionnaire.yaml      check a questionnaire file
  dgs import phq9.json > phq9.yaml        convert a FHIR Questionnaire (JSON) to YAML
  dgs assess -q phq9.yaml --answers response.json   score a FHIR QuestionnaireResponse
  dgs questionnaires                      the shipped questionnaires (`-q phq-9`, …)
  dgs score responses.csv > results.jsonl score every row of a survey export
  dgs completions bash > ~/.local/share/bash-completion/completions/dgs
  dgs log --pain 6 --activity driving --minutes 90 --posture wallet_back_pocket
  dgs insights                            what your diary says so far

Exit codes:
  0    the assessment ran (whatever its triage level)
  1    other failure, such as a file that cannot be read or written
  2    usage error
  3    invalid or missing answers (for `score`: any record was bad)
  4    invalid questionnaire
  5    the result was shown but could not be saved (--save)
  130  interrupted (Ctrl-C) or the terminal closed

This is a self-assessment aid, not a diagnosis.";

/// Check buttock, hip or back-of-leg pain: red flags first, then whether it fits deep gluteal
/// syndrome, which habits may feed it, and what self-care to try. Not a diagnosis.
#[derive(Debug, Parser)]
#[command(name = "dgs", version, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub assess: AssessArgs,

    /// When to use colour; `auto` honours `NO_COLOR` and `TERM=dumb`
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    pub color: ColorChoice,

    /// The diary database (default: dgs-check/dgs.sqlite3 in your data directory)
    #[arg(long, global = true, env = "DGS_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Write long output straight to the terminal instead of through a pager (`DGS_PAGER`,
    /// else `PAGER`, else `less -R`)
    #[arg(long, global = true)]
    pub no_pager: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the assessment (the default): ask what is not answered by flags or file, then report
    Assess(AssessArgs),
    /// List every question: id, type, allowed values and when it is asked
    Questions(QuestionsArgs),
    /// Check a questionnaire file and report every problem (exit 0 or 4)
    Validate(ValidateArgs),
    /// List the questionnaires shipped with dgs, by the name `-q` takes
    Questionnaires,
    /// Convert a FHIR R4 Questionnaire (JSON) to a dgs questionnaire (YAML, on standard output)
    ///
    /// Groups become sections; boolean, choice, integer and decimal items become questions, with
    /// their answer options, weights, `required` and the `enableWhen`s that map; a calculated
    /// plain sum of weights becomes a score. Every element it cannot carry over is listed, by its
    /// JSON path, on standard error.
    #[command(after_help = IMPORT_EXAMPLES)]
    Import(ImportArgs),
    /// Score many answer sets (JSON Lines or CSV): one result per record, in input order
    Score(ScoreArgs),
    /// Print a shell completion script
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the manual page (roff) to standard output
    Man,
    /// Add a pain-diary entry: how much it hurts, what you were doing, what helped
    Log(LogArgs),
    /// Saved assessments and diary entries: pain by day, and a table
    History(HistoryArgs),
    /// What your diary says: pain by activity, habit, time of day, and after self-care
    Insights(InsightsArgs),
    /// Everything saved, as JSON or CSV
    Export(ExportArgs),
    /// Delete every saved assessment and diary entry
    Forget(ForgetArgs),
}

#[derive(Debug, Args, Default)]
pub struct LogArgs {
    /// Pain now, 0 (none) to 10 (worst imaginable)
    // Read as text and checked by `dgs log`, so that a value out of range is refused with
    // exit 3 like every other value, not as a usage error.
    #[arg(long, value_name = "0-10", allow_hyphen_values = true)]
    pub pain: Option<String>,
    /// What you were doing: `desk_sitting`, `driving`, `car_passenger`, `standing`, `walking`,
    /// `running`, `cycling`, `lifting`, `lying`, `other`
    #[arg(long, value_name = "ACTIVITY")]
    pub activity: Option<String>,
    /// A few words on the activity (useful with `other`)
    #[arg(long, value_name = "TEXT")]
    pub detail: Option<String>,
    /// For how long, in minutes (0 to 1440)
    #[arg(long, value_name = "MINUTES", allow_hyphen_values = true)]
    pub minutes: Option<String>,
    /// A sitting habit at the time (repeatable): `wallet_back_pocket`, `legs_crossed`, `feet_tucked`
    #[arg(long = "posture", value_name = "POSTURE")]
    pub postures: Vec<String>,
    /// Self-care done (repeatable): `heat`, `stretching`, `massage`, `walk_break`, `water`,
    /// `strengthening`, `other`
    #[arg(long = "self-care", value_name = "WHAT")]
    pub self_care: Vec<String>,
    /// A note
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// When it was, if not now: `2026-11-27 14:30` (local time), a date, or RFC 3339
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub at: Option<String>,
    /// Never prompt; missing required values are an error
    #[arg(long)]
    pub no_input: bool,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only what came after this: a date or time, or a number of days such as `30d`
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Output format
    #[arg(short, long, value_enum, default_value_t = TableFormat::Text)]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct InsightsArgs {
    /// Only what came after this: a date or time, or a number of days such as `30d`
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Output format
    #[arg(short, long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format
    #[arg(short, long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,
}

#[derive(Debug, Args)]
pub struct ForgetArgs {
    /// Confirm: delete everything saved, for good
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Text,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Answer sets to score; `-` or nothing reads standard input
    #[arg(value_name = "FILE")]
    pub input: Option<PathBuf>,

    /// Input format; by default from the file's extension (`.csv`; `.jsonl`, `.ndjson`,
    /// `.json`), else guessed from the content
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,

    /// Use this questionnaire instead of the built-in one: a file, or the name of a shipped
    /// one (see `dgs questionnaires`)
    #[arg(short, long, value_name = "FILE|NAME")]
    pub questionnaire: Option<PathBuf>,

    /// Score with this many threads (default: all cores); output order is kept
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// What to write per record: `full` results, `lean` ids and numbers (JSON Lines),
    /// `wide` CSV with one row per respondent, or `fhir`, a FHIR Bundle per line (NDJSON)
    #[arg(short, long, value_enum, default_value_t = ScoreOutput::Full)]
    pub output: ScoreOutput,

    /// The column (CSV) or key (JSON Lines) that names the respondent [default: the first of
    /// `respondent`, `id`, `record_id`, `ResponseId` that is there]
    #[arg(long, value_name = "NAME")]
    pub id_column: Option<String>,

    /// Skip columns (CSV) and keys (JSON Lines) that are not questions of the questionnaire,
    /// such as `Timestamp`, instead of refusing the file
    #[arg(long)]
    pub ignore_unknown_columns: bool,

    /// After the run, count the results on standard error: triage levels, pattern and cause
    /// levels, scores' mean and spread
    #[arg(long)]
    pub summary: bool,

    /// Write the summary to this file instead of standard error (implies --summary)
    #[arg(long, value_name = "PATH")]
    pub summary_file: Option<PathBuf>,

    /// The summary's format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = SummaryFormat::Text)]
    pub summary_format: SummaryFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScoreOutput {
    /// The `dgs-result/1` document of `assess --format json`, one per line
    Full,
    /// `dgs-lean/2`: triage, red flags, patterns, causes, suggestions and scores as ids and
    /// numbers, one JSON object per line
    Lean,
    /// CSV: a fixed header, then one row per record
    Wide,
    /// NDJSON: a FHIR R4 Bundle per line, as `assess --format fhir` writes it (a record that
    /// cannot be scored gets an `OperationOutcome` on its line)
    Fhir,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// One JSON object of answers per line, as `--answers` reads
    Jsonl,
    /// A header row of question ids, then one answer set per row
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Debug, Args, Default, Clone, PartialEq, Eq)]
pub struct AssessArgs {
    /// Answer a question: ID=VALUE (repeatable; the right-most wins; multiple choice as a,b
    /// or repeated; an empty VALUE leaves it unanswered)
    #[arg(short = 'a', long = "answer", value_name = "ID=VALUE")]
    pub answers: Vec<String>,

    /// Read answers from a YAML or JSON file (`-` for standard input), or a FHIR
    /// `QuestionnaireResponse` (JSON); flags override it
    #[arg(long = "answers", value_name = "FILE")]
    pub answers_file: Option<PathBuf>,

    /// Use this questionnaire instead of the built-in one: a file, or the name of a shipped
    /// one (see `dgs questionnaires`)
    #[arg(short, long, value_name = "FILE|NAME")]
    pub questionnaire: Option<PathBuf>,

    /// Report format; `fhir` is an HL7 FHIR R4 `Bundle`: the `QuestionnaireResponse`, a
    /// `RiskAssessment` and an `Observation` per score and classification (docs/fhir.md)
    #[arg(short, long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// How much of a text report: `brief` is the first screen alone (the result, what to do,
    /// what to try first); `full` adds the detail behind it
    #[arg(long, value_enum, default_value_t = Detail::Full)]
    pub detail: Detail,

    /// Never prompt; unanswered questions stay unanswered
    #[arg(long)]
    pub no_input: bool,

    /// Save the result in the diary database (see `dgs history`)
    #[arg(long)]
    pub save: bool,

    /// Plain prompts: no redraws or cursor movement, numbered choices and a typed answer, for
    /// screen readers and serial consoles (automatic when TERM=dumb)
    #[arg(long)]
    pub plain: bool,
}

#[derive(Debug, Args)]
pub struct QuestionsArgs {
    /// Use this questionnaire instead of the built-in one: a file, or the name of a shipped
    /// one (see `dgs questionnaires`)
    #[arg(short, long, value_name = "FILE|NAME")]
    pub questionnaire: Option<PathBuf>,

    /// Output format: `text`, `json` (`dgs-questions/1`), or `fhir`, an HL7 FHIR R4
    /// `Questionnaire` with the SDC extensions for scores and conditions (docs/fhir.md)
    #[arg(short, long, value_enum, default_value_t = QuestionsFormat::Text)]
    pub format: QuestionsFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QuestionsFormat {
    Text,
    Json,
    /// An HL7 FHIR R4 `Questionnaire` (JSON)
    Fhir,
}

const IMPORT_EXAMPLES: &str = "\
Examples:
  dgs import phq9.json > phq9.yaml        convert; the notes on standard error say what was lost
  dgs import - < phq9.json 2>notes.txt > phq9.yaml
  dgs validate phq9.yaml && dgs assess -q phq9.yaml
  dgs assess -q phq9.yaml --answers response.json --no-input   score a QuestionnaireResponse

Rules (linkIds to ids, groups to sections, what is skipped): docs/fhir-import.md";

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The FHIR Questionnaire, in JSON; `-` reads standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The questionnaire file to check
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
    Markdown,
    /// An HL7 FHIR R4 Bundle (JSON) of the response and the result
    Fhir,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Detail {
    Brief,
    #[default]
    Full,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn bare_flags_mean_assess() {
        let cli = Cli::try_parse_from(["dgs", "-a", "age=40", "--no-input"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.assess.answers, vec!["age=40"]);
        assert!(cli.assess.no_input);
        let cli = Cli::try_parse_from(["dgs", "assess", "-f", "json", "--color", "never"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Assess(AssessArgs {
                format: Format::Json,
                ..
            }))
        ));
        assert_eq!(cli.color, ColorChoice::Never);
    }
}
