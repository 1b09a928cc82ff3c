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
  dgs validate my-questionnaire.yaml      check a questionnaire file
  dgs score responses.csv > results.jsonl score every row of a survey export
  dgs completions bash > ~/.local/share/bash-completion/completions/dgs

Exit codes:
  0    the assessment ran (whatever its triage level)
  1    other failure, such as a file that cannot be read or written
  2    usage error
  3    invalid or missing answers (for `score`: any record was bad)
  4    invalid questionnaire
  130  interrupted (Ctrl-C)

This is a self-assessment aid, not a diagnosis.";

/// Check buttock, hip or back-of-leg pain: red flags first, then whether it fits deep gluteal
/// syndrome, which habits may feed it, and what self-care to try. Not a diagnosis.
#[derive(Debug, Parser)]
#[command(name = "dgs", version, after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub assess: AssessArgs,

    /// When to use colour; `auto` honours `NO_COLOR` and `TERM=dumb`
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the assessment (the default): ask what is not answered by flags or file, then report
    Assess(AssessArgs),
    /// List every question: id, type, allowed values and when it is asked
    Questions(QuestionsArgs),
    /// Check a questionnaire file and report every problem (exit 0 or 4)
    Validate(ValidateArgs),
    /// Score many answer sets (JSON Lines or CSV): one JSON result per line, in input order
    Score(ScoreArgs),
    /// Print a shell completion script
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the manual page (roff) to standard output
    Man,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Answer sets to score; `-` or nothing reads standard input
    #[arg(value_name = "FILE")]
    pub input: Option<PathBuf>,

    /// Input format; by default from the file's extension (`.csv`, else JSON Lines)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,

    /// Use this questionnaire instead of the built-in one
    #[arg(short, long, value_name = "FILE")]
    pub questionnaire: Option<PathBuf>,

    /// Score with this many threads (default: all cores); output order is kept
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
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

#[derive(Debug, Args, Default, Clone)]
pub struct AssessArgs {
    /// Answer a question: ID=VALUE (repeatable; the right-most wins; multiple choice as a,b
    /// or repeated; an empty VALUE leaves it unanswered)
    #[arg(short = 'a', long = "answer", value_name = "ID=VALUE")]
    pub answers: Vec<String>,

    /// Read answers from a YAML or JSON file (`-` for standard input); flags override it
    #[arg(long = "answers", value_name = "FILE")]
    pub answers_file: Option<PathBuf>,

    /// Use this questionnaire instead of the built-in one
    #[arg(short, long, value_name = "FILE")]
    pub questionnaire: Option<PathBuf>,

    /// Report format
    #[arg(short, long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Never prompt; unanswered questions stay unanswered
    #[arg(long)]
    pub no_input: bool,
}

#[derive(Debug, Args)]
pub struct QuestionsArgs {
    /// Use this questionnaire instead of the built-in one
    #[arg(short, long, value_name = "FILE")]
    pub questionnaire: Option<PathBuf>,

    /// Output format
    #[arg(short, long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
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
