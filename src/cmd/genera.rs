//! `cruscotto genera-dati` (hidden): writes a synthetic plan for benchmarks.

use std::path::PathBuf;
use std::process::ExitCode;

use cruscotto::synth::{self, Spec};

use super::common::write_output;

/// Arguments of `genera-dati`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Numero di indicatori.
    #[arg(long, default_value_t = 10_000)]
    pub indicatori: usize,
    /// Numero di aree (una per dirigente).
    #[arg(long, default_value_t = 20)]
    pub aree: usize,
    /// File di uscita (.xlsx o .csv).
    #[arg(long, short)]
    pub output: PathBuf,
    /// Sovrascrive un file esistente.
    #[arg(long)]
    pub force: bool,
}

/// Runs `genera-dati`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let spec = Spec {
        indicators: args.indicatori,
        areas: args.aree,
        ..Spec::default()
    };
    let csv = args
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let bytes = if csv {
        synth::plan_csv(&spec)
    } else {
        synth::plan_xlsx(&spec)?
    };
    write_output(&args.output, &bytes, args.force)?;
    eprintln!(
        "scritti {} indicatori in {}",
        spec.indicators,
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}
