//! `dgs completions` and `dgs man`: generated from the clap definition, so they cannot drift
//! from the real command line.

use clap::CommandFactory;

use crate::cli::{Cli, Shell};
use crate::commands::Output;
use crate::error::Error;

pub fn completions(shell: Shell) -> Output {
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "dgs", &mut out);
    Output::stdout(String::from_utf8_lossy(&out).into_owned())
}

pub fn man() -> Result<Output, Error> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|source| Error::Write { source })?;
    Ok(Output::stdout(String::from_utf8_lossy(&out).into_owned()))
}
