//! `cruscotto run`: executes the jobs of a job file (batch and monthly exports).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cruscotto::job::{self, JobFile, Period, RunOptions};

/// Arguments of `run`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// File dei lavori (TOML con una o più tabelle [[lavoro]]).
    #[arg(value_name = "FILE_LAVORI")]
    pub job: PathBuf,
    /// Periodo: mese AAAA-MM, trimestre AAAA-T1…T4, quadrimestre AAAA-Q1…Q3 o semestre
    /// AAAA-S1/S2 (il consuntivo è il valore alla fine del periodo).
    #[arg(long, value_name = "PERIODO")]
    pub periodo: Option<String>,
    /// Mostra cosa verrebbe fatto, senza scrivere nulla.
    #[arg(long)]
    pub dry_run: bool,
    /// Sovrascrive anche cartelle non prodotte da questo lavoro.
    #[arg(long)]
    pub force: bool,
    /// Solo gli errori sullo standard error.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Più dettagli sullo standard error.
    #[arg(long, short)]
    pub verbose: bool,
    /// Esce con 1 anche quando tutto è stato scritto ma i piani hanno anomalie
    /// (senza questa opzione le anomalie sono solo in esecuzione.json e l'uscita è 0).
    #[arg(long)]
    pub rigoroso: bool,
}

fn init_logs(quiet: bool, verbose: bool) {
    let level = if quiet {
        tracing::Level::ERROR
    } else if verbose {
        tracing::Level::DEBUG
    } else {
        tracing::Level::INFO
    };
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .without_time()
        .try_init();
}

/// The exit status of a run from the worst job outcome (`esito`: 0 ok,
/// 1 done with anomalies, 2 failed): anomalies are in every real plan and in
/// the manifest, so they make the run fail only when `strict`.
pub fn exit_status(worst: u8, strict: bool) -> u8 {
    match worst {
        1 if !strict => 0,
        w => w,
    }
}

/// Runs `run`: exit 0 when every output was written, 2 when an input or a job
/// failed; with `--rigoroso`, 1 when done with anomalies.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    init_logs(args.quiet, args.verbose);
    let file = JobFile::load(&args.job)?;
    let base = args
        .job
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let ro = RunOptions {
        period: args.periodo.as_deref().map(Period::parse).transpose()?,
        dry_run: args.dry_run,
        force: args.force,
    };
    let mut worst = 0u8;
    for j in &file.lavoro {
        match job::run_job(j, base, &ro) {
            Ok(rep) => {
                if args.dry_run {
                    out!("lavoro «{}» → {}", rep.lavoro, rep.cartella);
                    for i in &rep.ingressi {
                        out!("  ingresso {} ({})", i.file, i.esito);
                    }
                    for o in &rep.uscite {
                        out!("  uscita {}", o.file);
                    }
                } else if !args.quiet {
                    out!(
                        "lavoro «{}»: {} indicatori, {} file in {} (esito {})",
                        rep.lavoro,
                        rep.indicatori,
                        rep.uscite.len(),
                        rep.cartella,
                        rep.esito
                    );
                }
                worst = worst.max(rep.esito);
            }
            Err(e) => {
                tracing::error!("{e}");
                eprintln!("errore: {e}");
                worst = 2;
            }
        }
    }
    Ok(ExitCode::from(exit_status(worst, args.rigoroso)))
}
