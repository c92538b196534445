//! `cruscotto web`: the local page (see [`cruscotto::web`]), for people who
//! never open a terminal.

use std::process::ExitCode;

use anyhow::Context as _;
use cruscotto::web::{self, App, Limits};

/// Arguments of `web`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Porta su 127.0.0.1 (0: una porta libera qualsiasi).
    #[arg(long, default_value_t = 8080)]
    pub porta: u16,
    /// Non aprire il browser (l'indirizzo è comunque stampato).
    #[arg(long)]
    pub non_aprire: bool,
    /// Limite per file caricato, in MB.
    #[arg(long, default_value_t = 50, hide = true)]
    pub limite_file: usize,
    /// Limite per richiesta (tutti i file di un invio), in MB.
    #[arg(long, default_value_t = 200, hide = true)]
    pub limite_richiesta: usize,
}

/// Runs `web` until Ctrl-C (or SIGTERM); the uploaded files are removed then.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let limits = Limits {
        per_file: args.limite_file.saturating_mul(1024 * 1024),
        per_request: args.limite_richiesta.saturating_mul(1024 * 1024),
        ..Limits::default()
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("impossibile avviare il server")?;
    let app = App::new(limits).context("impossibile creare la cartella temporanea")?;
    let result = rt.block_on(async {
        let listener = web::bind(args.porta).await.with_context(|| {
            format!(
                "impossibile usare la porta {} su 127.0.0.1 (già occupata? provare --porta 0)",
                args.porta
            )
        })?;
        let url = format!("http://{}/", listener.local_addr()?);
        out!("cruscotto web in ascolto su {url}");
        out!("Aprire l'indirizzo nel browser; Ctrl-C per chiudere (i file caricati vengono cancellati).");
        if !args.non_aprire {
            if let Err(e) = open::that_detached(&url) {
                eprintln!("attenzione: impossibile aprire il browser ({e}): aprire {url} a mano");
            }
        }
        web::serve(listener, app.clone(), stopped())
            .await
            .context("errore del server")
    });
    app.remove_files();
    result?;
    eprintln!("server chiuso; file temporanei cancellati");
    Ok(ExitCode::SUCCESS)
}

/// Completes on Ctrl-C, or on SIGTERM where there is one.
async fn stopped() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    {
        let term = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            () = ctrl_c => {},
            () = term => {},
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await;
}
