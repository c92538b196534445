//! `cruscotto convert`: the normalised table (or a roll-up level) as CSV, XLSX or JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use cruscotto::export::{self, Format};
use cruscotto::model::Level;

use super::common::{finish, nothing_read, write_output_with, year_on_year_lines, PipelineArgs};

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
    /// Formato di uscita: csv (separatore `,`, decimali `.`), csv-excel (per Excel in
    /// italiano: separatore `;`, decimali `,`, UTF-8 con BOM), xlsx o json.
    #[arg(long, default_value = "csv", value_name = "FORMATO")]
    pub format: String,
    /// File di uscita (`-` per lo standard output).
    #[arg(long, short, visible_alias = "out", value_name = "FILE")]
    pub output: PathBuf,
    /// Livello: indicatore, obiettivo, area, dirigente.
    #[arg(long, value_enum, default_value = "indicatore", value_name = "LIVELLO")]
    pub level: LevelArg,
    /// Più anni di target: una riga per indicatore e per anno (es. `--anni 2025,2026,2027`).
    #[arg(long, value_delimiter = ',', conflicts_with = "anno")]
    pub anni: Vec<i32>,
    /// Sovrascrive un file esistente.
    #[arg(long)]
    pub force: bool,
}

/// Runs `convert`: exit 0, 1 when no indicator was read (nothing is
/// written), or 2 when an input could not be read (anomalies are in the
/// table and in `cruscotto check`).
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let format: Format = args.format.parse()?;
    if !args.anni.is_empty() && args.level != LevelArg::Indicatore {
        anyhow::bail!("--anni vale solo per il livello indicatore: per i riepiloghi usare --anno");
    }
    let mut out = match args.anni.first() {
        None => args.pipeline.run()?,
        Some(&y) => {
            let mut p = args.pipeline.clone();
            p.anno = Some(y);
            p.run()?
        }
    };
    // Further years: the same indicators read against each year's target.
    for &y in args.anni.iter().skip(1) {
        let mut p = args.pipeline.clone();
        p.anno = Some(y);
        let more = p.run()?;
        out.records.extend(more.records);
        out.anomalies.extend(more.anomalies);
    }
    if let Some(code) = nothing_read(&out, &args.pipeline.inputs) {
        return Ok(code);
    }
    let level = match args.level {
        LevelArg::Indicatore => None,
        LevelArg::Obiettivo => Some(Level::Obiettivo),
        LevelArg::Area => Some(Level::Area),
        LevelArg::Dirigente => Some(Level::Dirigente),
    };
    // The indicators' table is written as it is rendered; a roll-up is small.
    write_output_with(&args.output, args.force, |w| match level {
        None => export::export_to(&out.records, format, w),
        Some(l) => Ok(w.write_all(&export::summary_export(&out.summary, l, format)?)?),
    })?;
    if args.output.as_os_str() != "-" {
        eprintln!(
            "scritti {} indicatori in {} ({} anomalie: `cruscotto check` per l'elenco)",
            out.records.len(),
            args.output.display(),
            out.anomalies.len()
        );
    }
    for line in year_on_year_lines(&out) {
        eprintln!("{line}");
    }
    Ok(finish(out))
}
