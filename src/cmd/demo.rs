//! `cruscotto demo`: the whole pipeline on the fixtures shipped in `fixtures/`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cruscotto::organigramma::Organigramma;
use cruscotto::pipeline::{self, Options};
use cruscotto::report::batch::{report_year, Per};
use cruscotto::report::ReportMeta;

use super::common::{program_name, shell_quote};
use super::report::{load_template, write_reports};

/// Arguments of `demo`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Cartella di uscita dei report (`--out` è accettato come sinonimo).
    #[arg(
        long,
        short,
        visible_alias = "out",
        default_value = "demo-out",
        value_name = "CARTELLA"
    )]
    pub output: PathBuf,
    /// Cartella dei fixture (predefinita: `fixtures/` del progetto).
    #[arg(long)]
    pub fixtures: Option<PathBuf>,
}

fn fixtures_dir(given: Option<PathBuf>) -> PathBuf {
    if let Some(d) = given {
        return d;
    }
    let local = PathBuf::from("fixtures");
    if local.join("arezzo-siena-2022.xlsx").exists() {
        return local;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// A directory written by an earlier `demo` (its manifest names cruscotto) may be refreshed.
fn is_own_output(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("manifest.json"))
        .map(|s| s.contains("\"generatore\": \"cruscotto"))
        .unwrap_or(false)
}

/// Runs `demo`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let dir = fixtures_dir(args.fixtures);
    let input = dir.join("arezzo-siena-2022.xlsx");
    let org = dir.join("arezzo-siena-2022-organigramma.csv");
    if !input.exists() {
        anyhow::bail!("fixture non trovato: {}", input.display());
    }
    let opts = Options {
        organigramma: Some(Organigramma::load(&org)?),
        ..Options::default()
    };
    let outcome = pipeline::run(std::slice::from_ref(&input), &opts);
    let ente = "Camera di Commercio di Arezzo-Siena (dati dimostrativi)";
    let meta = ReportMeta {
        ente: Some(ente.into()),
        anno: report_year(&outcome, None),
        generated_on: None,
    };
    let force = args.output.exists() && is_own_output(&args.output);
    let tpl = load_template("default")?;
    let w = write_reports(&outcome, &args.output, Per::Entrambi, &tpl, &meta, force)?;
    out!(
        "Letto {}: {} indicatori.",
        input.display(),
        outcome.records.len()
    );
    if let Some(a) = outcome.summary.body.attainment {
        out!(
            "Grado di raggiungimento dell'ente: {}%",
            cruscotto::value::format_italian(a.round_dp(2))
        );
    }
    out!("Report scritti in {}:", args.output.display());
    for f in &w.files {
        out!("  {}", args.output.join(f).display());
    }
    out!("  {}", args.output.join("manifest.json").display());
    // Commands the user can paste as they are: the program's real path when
    // `cruscotto` is not on the PATH (e.g. after `cargo run`).
    let me = program_name();
    let q = |p: &Path| shell_quote(&p.display().to_string());
    out!(
        "{} anomalie; per l'elenco: {me} check {}",
        outcome.anomalies.len(),
        q(&input)
    );
    out!(
        "Per rifare i report: {me} report {} --organigramma {} --ente {} -o {} --force",
        q(&input),
        q(&org),
        shell_quote(ente),
        q(&args.output)
    );
    scoring_example(&dir, &args.output.join("esempio-regole"), &me)?;
    if me != "cruscotto" {
        out!(
            "(`cruscotto` non è nel PATH: `cargo install --path .` lo installa, poi basta scrivere `cruscotto`.)"
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The scoring of issue-style plans beside the demo: thresholds and bands,
/// targets written in words, justified corrections and reasons for
/// deviations, with `[punteggio] massimo = 120`, in `dir`.
fn scoring_example(fixtures: &Path, dir: &Path, me: &str) -> anyhow::Result<()> {
    let inputs: Vec<PathBuf> = [
        "soglie-piano-2025.csv",
        "rettifiche-piano-2025.csv",
        "target-in-parole-2025.csv",
    ]
    .iter()
    .map(|f| fixtures.join(f))
    .collect();
    let rules = fixtures.join("regole-esempio.toml");
    let rettifiche = fixtures.join("rettifiche-2025.csv");
    if inputs
        .iter()
        .chain([&rules, &rettifiche])
        .any(|p| !p.exists())
    {
        return Ok(());
    }
    let opts = Options {
        rules: cruscotto::score::Rules::load(&rules)?,
        rettifiche: Some(cruscotto::rettifiche::Rettifiche::load(&rettifiche)?),
        ..Options::default()
    };
    let outcome = pipeline::run(&inputs, &opts);
    let ente = "Ente dimostrativo (soglie, fasce, rettifiche e target in parole)";
    let meta = ReportMeta {
        ente: Some(ente.into()),
        anno: report_year(&outcome, None),
        generated_on: None,
    };
    let force = dir.exists() && is_own_output(dir);
    let tpl = load_template("default")?;
    let w = write_reports(&outcome, dir, Per::Entrambi, &tpl, &meta, force)?;
    let q = |p: &Path| shell_quote(&p.display().to_string());
    out!(
        "Esempio di soglie, fasce, rettifiche motivate e target in parole: {} report in {}",
        w.files.len(),
        dir.display()
    );
    out!(
        "  per rifarlo: {me} report {} --regole {} --rettifiche {} -o {} --force",
        inputs.iter().map(|p| q(p)).collect::<Vec<_>>().join(" "),
        q(&rules),
        q(&rettifiche),
        q(dir)
    );
    Ok(())
}
