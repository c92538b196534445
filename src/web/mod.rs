//! `cruscotto web`: a local page for people who never open a terminal.
//!
//! An HTTP server bound to `127.0.0.1` only. The page takes the plans (and
//! optionally an organigramma, actuals and rules) by drag and drop, runs the
//! same library calls as the command line on them ([`crate::sources`] →
//! [`crate::pipeline`] → [`crate::report::batch`]) and shows the structure as
//! understood, the anomalies, the attainment per dirigente, area and
//! objective with the trace of each indicator, and the downloads: the report
//! set as one zip, the normalised table and the manifest.
//!
//! Uploads go to a private temporary directory ([`App::new`]) removed by
//! [`App::remove_files`] when the server stops; each analysis has its own
//! directory and an unguessable id, and each file is stored in a directory
//! the server makes, under its name reduced to one plain name
//! ([`upload::stored_name`]): nothing the browser sends chooses where.
//!
//! ```no_run
//! # async fn f() -> std::io::Result<()> {
//! use cruscotto::web::{self, App, Limits};
//! let app = App::new(Limits::default())?;
//! let listener = web::bind(0).await?;
//! println!("http://{}/", listener.local_addr()?);
//! web::serve(listener, app.clone(), std::future::pending()).await?;
//! app.remove_files();
//! # Ok(()) }
//! ```

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

mod handlers;
pub mod session;
pub mod upload;
pub mod view;

/// Size limits of the uploads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest single file, in bytes (50 MB by default).
    pub per_file: usize,
    /// Largest request (all the files of one form together), in bytes
    /// (200 MB by default).
    pub per_request: usize,
    /// Analyses kept at once; the oldest are dropped beyond (16 by default).
    pub sessions: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_file: 50 * 1024 * 1024,
            per_request: 200 * 1024 * 1024,
            sessions: 16,
        }
    }
}

/// The server's state: its private directory, the analyses, the limits and
/// the compiled templates.
#[derive(Debug)]
pub struct App {
    root: tempfile::TempDir,
    store: session::Store,
    limits: Limits,
    env: minijinja::Environment<'static>,
    css: String,
}

impl App {
    /// A new state with its own private temporary directory (readable by
    /// its owner only).
    pub fn new(limits: Limits) -> std::io::Result<Arc<App>> {
        let mut builder = tempfile::Builder::new();
        builder.prefix("cruscotto-web-");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            builder.permissions(std::fs::Permissions::from_mode(0o700));
        }
        let root = builder.tempdir()?;
        let store = session::Store::new(root.path().to_path_buf(), limits.sessions);
        Ok(Arc::new(App {
            root,
            store,
            limits,
            env: view::environment(),
            css: view::style_sheet(&crate::report::Template::default()),
        }))
    }

    /// The private directory of the uploads.
    pub fn dir(&self) -> &std::path::Path {
        self.root.path()
    }

    /// Removes every uploaded and generated file (at shutdown).
    pub fn remove_files(&self) {
        let _ = std::fs::remove_dir_all(self.root.path());
    }
}

/// Binds `127.0.0.1:porta` (0: a free port); never another address.
pub async fn bind(porta: u16) -> std::io::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, porta))).await
}

/// The page's routes.
pub fn router(app: Arc<App>) -> Router {
    let limit = app.limits.per_request;
    Router::new()
        .route("/", get(handlers::form))
        .route("/analizza", post(handlers::analyse))
        .route("/static/app.css", get(handlers::css))
        .route("/static/app.js", get(handlers::js))
        .route("/analisi/{id}", get(handlers::results))
        .route("/analisi/{id}/spiega/{n}", get(handlers::explain))
        .route("/analisi/{id}/scarica/{what}", get(handlers::download))
        .fallback(handlers::not_found)
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn(handlers::guard))
        .with_state(app)
}

/// Serves the page on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Arc<App>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(app))
        .with_graceful_shutdown(shutdown)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn binds_the_loopback_only() {
        let l = bind(0).await.unwrap();
        let a = l.local_addr().unwrap();
        assert_eq!(a.ip().to_string(), "127.0.0.1");
        assert_ne!(a.port(), 0);
    }

    #[test]
    fn the_templates_compile_and_the_form_renders() {
        let env = view::environment();
        for t in ["base.html", "modulo.html", "risultati.html"] {
            assert!(env.get_template(t).is_ok(), "{t}");
        }
        let html = view::form_page(
            &env,
            &Limits::default(),
            &session::Request {
                ente: Some("<Comune di Prova>".into()),
                ..Default::default()
            },
            &["errore di prova".into()],
        )
        .unwrap();
        assert!(html.contains("Limite: 50 MB per file, 200 MB in tutto"));
        assert!(html.contains("errore di prova"));
        // Values typed are escaped.
        assert!(html.contains("&lt;Comune di Prova&gt;"));
        assert!(!html.contains("<Comune"));
        for slot in upload::SLOTS {
            assert!(html.contains(&format!("name=\"{}\"", slot.campo)));
        }
    }

    #[test]
    fn the_private_directory_goes_with_the_files() {
        let app = App::new(Limits::default()).unwrap();
        let dir = app.dir().to_path_buf();
        assert!(dir.is_dir());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "readable by its owner only");
        }
        app.remove_files();
        assert!(!dir.exists());
    }
}
