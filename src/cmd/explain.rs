//! `cruscotto explain`: how a target expression is read.

use std::process::ExitCode;

/// Arguments of `explain`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// L'espressione di target da leggere, ad es. ">= 95%".
    pub expression: Option<String>,
}

/// Runs `explain`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("non ancora implementato")
}
