//! Command-line shell over the `cruscotto` library: argument parsing and
//! dispatch only; every subcommand lives in its own module under `cmd/`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;

/// cruscotto: legge i piani della performance, normalizza i target, calcola il
/// grado di raggiungimento e produce i report XLSX.
#[derive(Parser, Debug)]
#[command(
    name = "cruscotto",
    version,
    about = "Legge i piani della performance, normalizza i target, calcola il grado di raggiungimento e produce i report XLSX",
    long_about = None
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Spiega come viene letta un'espressione di target (o una riga di un file).
    Explain(cmd::explain::Args),
    /// Scrive la tabella normalizzata (CSV, XLSX o JSON).
    Convert(cmd::convert::Args),
    /// Elenca le anomalie di lettura (uscita 0 pulito, 1 anomalie, 2 illeggibile).
    Check(cmd::check::Args),
    /// Scrive i report XLSX per dirigente e per area, più il riepilogo.
    Report(cmd::report::Args),
    /// Mostra la struttura letta: aree strategiche, obiettivi, responsabili e conteggi.
    Struttura(cmd::struttura::Args),
    /// Esegue tutto sui fixture inclusi e mostra dove sono i report.
    Demo(cmd::demo::Args),
    /// Esegue i lavori di un file TOML (esportazioni periodiche e in blocco).
    Run(cmd::run::Args),
    /// Genera un piano sintetico (per i benchmark).
    #[command(hide = true, name = "genera-dati")]
    GeneraDati(cmd::genera::Args),
}

fn main() -> ExitCode {
    // One Italian line instead of Rust's panic report. The library turns a
    // reader library's panic on a damaged file into an error on that file
    // (the line below says where it happened); anything else is a bug of
    // cruscotto, to be reported with this line.
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!("errore interno ({place}): {what}");
    }));
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Explain(a) => cmd::explain::run(a),
        Command::Convert(a) => cmd::convert::run(a),
        Command::Check(a) => cmd::check::run(a),
        Command::Report(a) => cmd::report::run(a),
        Command::Struttura(a) => cmd::struttura::run(a),
        Command::Demo(a) => cmd::demo::run(a),
        Command::Run(a) => cmd::run::run(a),
        Command::GeneraDati(a) => cmd::genera::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("errore: {e:#}");
            ExitCode::from(2)
        }
    }
}
