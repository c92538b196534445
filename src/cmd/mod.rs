//! One module per subcommand, each with its `Args` and `run`.

/// `println!` for command output: when standard output is closed early
/// (`cruscotto check … | head`) the program ends quietly instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut so = std::io::stdout().lock();
        if let Err(e) = writeln!(so, $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            eprintln!("errore: impossibile scrivere sullo standard output: {e}");
            std::process::exit(2);
        }
    }};
}

pub mod check;
pub mod common;
pub mod convert;
pub mod demo;
pub mod explain;
pub mod genera;
pub mod report;
pub mod run;
pub mod struttura;
pub mod web;
