//! `cruscotto report`: one formatted workbook per dirigente and per area, plus
//! `riepilogo.xlsx` for the whole body and `manifest.json`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use cruscotto::pipeline::Outcome;
use cruscotto::report::batch::{self, Per, Written};
use cruscotto::report::{ReportMeta, Template};

use super::common::{finish, nothing_read, PipelineArgs};

/// Per chi produrre i report.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PerArg {
    /// Un file per dirigente.
    Dirigente,
    /// Un file per area.
    Area,
    /// Entrambi (predefinito).
    Entrambi,
}

impl From<PerArg> for Per {
    fn from(p: PerArg) -> Per {
        match p {
            PerArg::Dirigente => Per::Dirigente,
            PerArg::Area => Per::Area,
            PerArg::Entrambi => Per::Entrambi,
        }
    }
}

/// Arguments of `report`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    /// Modello del report: `default` o un file TOML.
    #[arg(long, default_value = "default", value_name = "MODELLO")]
    pub template: String,
    /// Cartella di uscita (`--out` è accettato come sinonimo).
    #[arg(long, short, visible_alias = "out", value_name = "CARTELLA")]
    pub output: PathBuf,
    /// Report per dirigente, per area o entrambi.
    #[arg(long, value_enum, default_value = "entrambi")]
    pub per: PerArg,
    /// Nome dell'ente da mostrare nei report.
    #[arg(long)]
    pub ente: Option<String>,
    /// Sovrascrive i file esistenti e toglie i report che il manifest.json
    /// precedente elencava e che questa esecuzione non produce più.
    #[arg(long)]
    pub force: bool,
}

/// Loads a template by name (`default`) or path.
pub fn load_template(name: &str) -> anyhow::Result<Template> {
    Template::named(name, Path::new("")).with_context(|| format!("modello {name}"))
}

/// Writes every report of `outcome` into `dir`, with a progress bar on a terminal.
pub fn write_reports(
    outcome: &Outcome,
    dir: &Path,
    per: Per,
    tpl: &Template,
    meta: &ReportMeta,
    force: bool,
) -> anyhow::Result<Written> {
    let bar = progress(batch::scopes(outcome, per).len() as u64);
    let w = batch::write_reports(outcome, dir, per, tpl, meta, force, &mut |name| {
        bar.set_message(name.to_string());
        bar.inc(1);
    })?;
    bar.finish_and_clear();
    Ok(w)
}

fn progress(n: u64) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() || n < 2 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(n);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
        bar.set_style(style);
    }
    bar
}

/// Runs `report`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let tpl = load_template(&args.template)?;
    let outcome = args.pipeline.run()?;
    if let Some(code) = nothing_read(&outcome, &args.pipeline.inputs) {
        return Ok(code);
    }
    // The body: --ente, else read from the plan's titles (said on stderr).
    let period = args.pipeline.periodo.as_deref();
    let period = period.and_then(|p| cruscotto::job::Period::parse(p).ok());
    let (tpl, meta, note) = batch::setup(
        &outcome,
        tpl,
        args.ente.as_deref(),
        args.pipeline.anno,
        period,
    );
    if let Some(n) = note {
        eprintln!("{n}");
    }
    let w = write_reports(
        &outcome,
        &args.output,
        args.per.into(),
        &tpl,
        &meta,
        args.force,
    )?;
    out!(
        "{} report scritti in {} ({} indicatori, {} anomalie)",
        w.files.len(),
        args.output.display(),
        outcome.records.len(),
        outcome.anomalies.len()
    );
    if !w.removed.is_empty() {
        out!(
            "tolti {} report della volta precedente non più prodotti: {}",
            w.removed.len(),
            w.removed.join(", ")
        );
    }
    Ok(finish(outcome))
}
