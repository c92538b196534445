//! `cruscotto convert`: the normalised table (or a roll-up level) as CSV, XLSX or JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use cruscotto::export::{self, Format};
use cruscotto::model::Level;

use super::common::{write_output, PipelineArgs};

/// Livello di dettaglio dell'esportazione.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelArg {
    /// Una riga per indicatore (predefinito).
    Indicatore,
    /// Una riga per obiettivo.
    Obiettivo,
    /// Una riga per area.
    Area,
    /// Una riga per dirigente.
    Dirigente,
}

/// Arguments of `convert`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    /// Formato di uscita: csv, xlsx o json.
    #[arg(long, default_value = "csv")]
    pub format: String,
    /// File di uscita (`-` per lo standard output).
    #[arg(long, short)]
    pub output: PathBuf,
    /// Livello: indicatore, obiettivo, area, dirigente.
    #[arg(long, value_enum, default_value = "indicatore")]
    pub level: LevelArg,
    /// Sovrascrive un file esistente.
    #[arg(long)]
    pub force: bool,
}

/// Runs `convert`: exit 0, or 1 when anomalies were found.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let format: Format = args.format.parse()?;
    let out = args.pipeline.run()?;
    let bytes = match args.level {
        LevelArg::Indicatore => export::export(&out.records, format)?,
        LevelArg::Obiettivo => export::summary_export(&out.summary, Level::Obiettivo, format)?,
        LevelArg::Area => export::summary_export(&out.summary, Level::Area, format)?,
        LevelArg::Dirigente => export::summary_export(&out.summary, Level::Dirigente, format)?,
    };
    write_output(&args.output, &bytes, args.force)?;
    if args.output.as_os_str() != "-" {
        eprintln!(
            "scritti {} indicatori in {} ({} anomalie: `cruscotto check` per l'elenco)",
            out.records.len(),
            args.output.display(),
            out.anomalies.len()
        );
    }
    Ok(if out.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
