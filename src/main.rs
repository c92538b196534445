//! Command-line shell over the `cruscotto` library: argument parsing and
//! dispatch only; every subcommand lives in its own module under `cmd/`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;

mod lean_alloc;

/// cruscotto: legge i piani della performance, normalizza i target, calcola il
/// grado di raggiungimento e produce i report XLSX.
#[derive(Parser, Debug)]
#[command(
    name = "cruscotto",
    version,
    disable_help_subcommand = true,
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
    /// Apre una pagina locale nel browser: si trascinano i piani e si scaricano i report.
    Web(cmd::web::Args),
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
    let cli = match parse_args() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let result = match cli.command {
        Command::Explain(a) => cmd::explain::run(a),
        Command::Convert(a) => cmd::convert::run(a),
        Command::Check(a) => cmd::check::run(a),
        Command::Report(a) => cmd::report::run(a),
        Command::Struttura(a) => cmd::struttura::run(a),
        Command::Demo(a) => cmd::demo::run(a),
        Command::Run(a) => cmd::run::run(a),
        Command::Web(a) => cmd::web::run(a),
        Command::GeneraDati(a) => cmd::genera::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("errore: {}", error_text(&e));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, each said once: most messages already include
/// their cause (`impossibile leggere l'organigramma x: No such file…`), and
/// `{:#}` would repeat it.
fn error_text(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let s = cause.to_string();
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            // The system's words (`No such file or directory`) in Italian,
            // wherever the message above already quoted them.
            let it = italian_io(io);
            if text.contains(&it) {
                // The library's message already says it in Italian.
                continue;
            }
            if text.contains(&s) {
                text = text.replace(&s, &it);
                continue;
            }
        }
        if s.is_empty() || text.contains(&s) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&s);
    }
    text
}

/// An I/O error in Italian (the kind, and the system's error number).
fn italian_io(e: &std::io::Error) -> String {
    cruscotto::fsutil::io_italian(e)
}

/// Parses the command line; on `--help`, `--version` or an argument error,
/// prints it in Italian and gives the exit status (0 for help and version,
/// 2 for an error, as clap would).
fn parse_args() -> Result<Cli, ExitCode> {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // `cruscotto help [comando]` is `cruscotto [comando] --help`.
    if args.get(1).is_some_and(|a| a == "help") {
        args.remove(1);
        args.push("--help".into());
    }
    Cli::try_parse_from(args).map_err(|e| {
        use clap::error::ErrorKind;
        match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                print!("{}", italian_help(&e.render().to_string()));
                ExitCode::SUCCESS
            }
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                eprint!("{}", italian_help(&e.render().to_string()));
                ExitCode::from(2)
            }
            _ => {
                eprintln!("errore: {}", clap_message(&e));
                if let Some(usage) = e.get(clap::error::ContextKind::Usage) {
                    eprintln!("\n{}", italian_help(&usage.to_string()));
                }
                eprintln!("\nPer l'aiuto aggiungere --help al comando.");
                ExitCode::from(2)
            }
        }
    })
}

/// clap's help text with its fixed English words in Italian.
fn italian_help(text: &str) -> String {
    const WORDS: [(&str, &str); 15] = [
        ("Usage:", "Uso:"),
        ("\nCommands:\n", "\nComandi:\n"),
        ("\nArguments:\n", "\nArgomenti:\n"),
        ("\nOptions:\n", "\nOpzioni:\n"),
        ("[OPTIONS]", "[OPZIONI]"),
        ("<COMMAND>", "<COMANDO>"),
        (
            "Print help (see more with '--help')",
            "Mostra l'aiuto (più dettagli con --help)",
        ),
        (
            "Print help (see a summary with '-h')",
            "Mostra l'aiuto (in breve con -h)",
        ),
        ("Print help", "Mostra l'aiuto"),
        ("Print version", "Mostra la versione"),
        ("[default: ", "[predefinito: "),
        ("[possible values: ", "[valori possibili: "),
        ("Possible values:", "Valori possibili:"),
        ("[aliases: ", "[sinonimi: "),
        ("[alias: ", "[sinonimo: "),
    ];
    let mut out = text.to_string();
    for (en, it) in WORDS {
        out = out.replace(en, it);
    }
    out
}

/// An argument error of clap in Italian.
fn clap_message(e: &clap::Error) -> String {
    use clap::error::{ContextKind as K, ErrorKind};
    let get = |k: K| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let arg = get(K::InvalidArg);
    let value = get(K::InvalidValue);
    let mut msg = match e.kind() {
        ErrorKind::MissingRequiredArgument => {
            format!("mancano argomenti obbligatori: {arg}")
        }
        ErrorKind::UnknownArgument => format!("argomento sconosciuto: {arg}"),
        ErrorKind::InvalidSubcommand => {
            format!("comando sconosciuto: {}", get(K::InvalidSubcommand))
        }
        ErrorKind::MissingSubcommand => "manca il comando".to_string(),
        ErrorKind::InvalidValue if value.is_empty() => format!("manca il valore di {arg}"),
        ErrorKind::InvalidValue => {
            let valid = get(K::ValidValue);
            if valid.is_empty() {
                format!("valore «{value}» non valido per {arg}")
            } else {
                format!("valore «{value}» non valido per {arg} (valori ammessi: {valid})")
            }
        }
        ErrorKind::ValueValidation => format!("valore «{value}» non valido per {arg}"),
        ErrorKind::ArgumentConflict => {
            let prior = get(K::PriorArg);
            if prior.is_empty() || prior == arg {
                format!("{arg} non può essere indicato più volte")
            } else {
                format!("{arg} non può essere usato insieme a {prior}")
            }
        }
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("numero di valori errato per {arg}")
        }
        ErrorKind::NoEquals => format!("{arg} richiede il valore dopo «=»"),
        ErrorKind::InvalidUtf8 => "un argomento contiene caratteri non validi (non UTF-8)".into(),
        _ => "argomenti non validi".to_string(),
    };
    let suggested = [K::SuggestedArg, K::SuggestedSubcommand, K::SuggestedValue]
        .into_iter()
        .map(get)
        .find(|s| !s.is_empty());
    if let Some(s) = suggested {
        msg.push_str(&format!(" (forse: {s})"));
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cause_is_said_once() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "file mancante");
        let e = anyhow::Error::new(cruscotto::organigramma::OrganigrammaError::Io {
            path: "org.csv".into(),
            source: io,
        });
        let text = error_text(&e);
        assert_eq!(
            text.matches("file o cartella inesistente").count(),
            1,
            "{text}"
        );
        assert!(!text.contains("file mancante"), "{text}");
        let e = anyhow::anyhow!("causa").context("contesto");
        assert_eq!(error_text(&e), "contesto: causa");
    }
}
