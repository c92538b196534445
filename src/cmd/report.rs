//! `cruscotto report`: one formatted workbook per dirigente and per area, plus
//! `riepilogo.xlsx` for the whole body and `manifest.json`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use cruscotto::pipeline::Outcome;
use cruscotto::report::{self, ReportMeta, Scope, Template};

use super::common::PipelineArgs;

/// Per chi produrre i report.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    /// Un file per dirigente.
    Dirigente,
    /// Un file per area.
    Area,
    /// Entrambi (predefinito).
    Entrambi,
}

/// Arguments of `report`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    /// Modello del report: `default` o un file TOML.
    #[arg(long, default_value = "default")]
    pub template: String,
    /// Cartella di uscita.
    #[arg(long)]
    pub out: PathBuf,
    /// Report per dirigente, per area o entrambi.
    #[arg(long, value_enum, default_value = "entrambi")]
    pub per: Per,
    /// Nome dell'ente da mostrare nei report.
    #[arg(long)]
    pub ente: Option<String>,
    /// Sovrascrive i file esistenti.
    #[arg(long)]
    pub force: bool,
}

/// Loads a template by name (`default`) or path.
pub fn load_template(name: &str) -> anyhow::Result<Template> {
    if name == "default" {
        return Ok(Template::default());
    }
    Ok(Template::load(Path::new(name))?)
}

/// What `write_reports` wrote.
pub struct Written {
    /// File names written inside the output directory.
    pub files: Vec<String>,
}

/// Writes every report of `out` into `dir`; refuses existing files unless `force`.
pub fn write_reports(
    outcome: &Outcome,
    dir: &Path,
    per: Per,
    tpl: &Template,
    meta: &ReportMeta,
    force: bool,
) -> anyhow::Result<Written> {
    let mut scopes = Vec::new();
    if matches!(per, Per::Dirigente | Per::Entrambi) {
        for g in &outcome.summary.dirigenti {
            scopes.push(Scope::Dirigente(g.label.clone()));
        }
    }
    if matches!(per, Per::Area | Per::Entrambi) {
        for g in &outcome.summary.areas {
            scopes.push(Scope::Area(g.label.clone()));
        }
    }
    scopes.push(Scope::Ente);
    let names: Vec<String> = scopes.iter().map(report::report_file_name).collect();
    let mut all_names = names.clone();
    all_names.push("manifest.json".to_string());
    if !force {
        let existing: Vec<&String> = all_names.iter().filter(|n| dir.join(n).exists()).collect();
        if !existing.is_empty() {
            anyhow::bail!(
                "in {} esistono già: {} (usare --force per sovrascrivere)",
                dir.display(),
                existing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            );
        }
    }
    std::fs::create_dir_all(dir)
        .with_context(|| format!("impossibile creare la cartella {}", dir.display()))?;
    let bar = progress(scopes.len() as u64);
    for (scope, name) in scopes.iter().zip(&names) {
        bar.set_message(name.clone());
        let bytes = report::write_report(
            scope,
            &outcome.records,
            &outcome.summary,
            &outcome.anomalies,
            tpl,
            meta,
        )
        .with_context(|| format!("impossibile generare {name}"))?;
        cruscotto::fsutil::write_atomic(&dir.join(name), &bytes, force)?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    let manifest = manifest(outcome, &scopes, &names, meta);
    cruscotto::fsutil::write_atomic(
        &dir.join("manifest.json"),
        serde_json::to_string_pretty(&manifest)?.as_bytes(),
        force,
    )?;
    Ok(Written { files: names })
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

fn manifest(
    outcome: &Outcome,
    scopes: &[Scope],
    names: &[String],
    meta: &ReportMeta,
) -> serde_json::Value {
    let files: Vec<serde_json::Value> = scopes
        .iter()
        .zip(names)
        .map(|(s, n)| {
            let (kind, name) = match s {
                Scope::Dirigente(d) => ("dirigente", d.as_str()),
                Scope::Area(a) => ("area", a.as_str()),
                Scope::Ente => ("ente", ""),
            };
            serde_json::json!({"file": n, "per": kind, "nome": name})
        })
        .collect();
    let c = outcome.summary.body.counts;
    let mut codes = std::collections::BTreeMap::<&str, usize>::new();
    for a in &outcome.anomalies {
        *codes.entry(a.code.as_str()).or_default() += 1;
    }
    serde_json::json!({
        "generatore": format!("cruscotto {}", env!("CARGO_PKG_VERSION")),
        "anno": meta.anno,
        "file": files,
        "indicatori": outcome.records.len(),
        "obiettivi": {
            "totale": outcome.summary.objectives.len(),
            "raggiunti": c.raggiunti,
            "parzialmente_raggiunti": c.parziali,
            "non_raggiunti": c.non_raggiunti,
            "non_valutabili": c.non_valutabili,
        },
        "raggiungimento_ente": outcome.summary.body.attainment.map(|d| d.round_dp(2).to_string()),
        "anomalie": {"totale": outcome.anomalies.len(), "per_codice": codes},
        "input_illeggibili": outcome.failed.iter().map(|f| serde_json::json!({"file": f.path, "motivo": f.reason})).collect::<Vec<_>>(),
    })
}

/// The report year: `--anno`, else the year most records were scored for.
pub fn report_year(outcome: &Outcome, anno: Option<i32>) -> Option<i32> {
    if anno.is_some() {
        return anno;
    }
    let mut counts = std::collections::BTreeMap::<i32, usize>::new();
    for r in &outcome.records {
        if let Some(y) = r.target_year {
            *counts.entry(y).or_default() += 1;
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(y, _)| y)
}

/// Runs `report`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let tpl = load_template(&args.template)?;
    let outcome = args.pipeline.run()?;
    let meta = ReportMeta {
        ente: args.ente.clone(),
        anno: report_year(&outcome, args.pipeline.anno),
        generated_on: None,
    };
    let w = write_reports(&outcome, &args.out, args.per, &tpl, &meta, args.force)?;
    println!(
        "{} report scritti in {} ({} indicatori, {} anomalie)",
        w.files.len(),
        args.out.display(),
        outcome.records.len(),
        outcome.anomalies.len()
    );
    Ok(if outcome.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
