//! The page's HTTP handlers: each answers in Italian, and an error of one
//! request (a damaged file, a file too large) is shown on the page while
//! the server goes on serving.

use std::sync::Arc;

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Request as HttpRequest, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::export::Format;

use super::session::{self, Refused, Request};
use super::upload;
use super::{view, App};

/// A page with `status`; a plain Italian line if the template fails.
fn page(status: StatusCode, html: Result<String, minijinja::Error>) -> Response {
    match html {
        Ok(h) => (status, Html(h)).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("errore interno nella pagina: {e}"),
        )
            .into_response(),
    }
}

/// The form again, with the values typed and the errors.
fn form_with_errors(
    app: &App,
    status: StatusCode,
    request: &Request,
    errors: &[String],
) -> Response {
    page(
        status,
        view::form_page(&app.env, &app.limits, request, errors),
    )
}

/// `GET /`: the form.
pub async fn form(State(app): State<Arc<App>>) -> Response {
    form_with_errors(&app, StatusCode::OK, &Request::default(), &[])
}

/// `POST /analizza`: stores the files, runs the analysis, and sends the
/// browser to its page (or shows the form again with the errors).
pub async fn analyse(
    State(app): State<Arc<App>>,
    mp: Result<Multipart, MultipartRejection>,
) -> Response {
    let mut request = Request::default();
    let mp = match mp {
        Ok(m) => m,
        Err(e) => {
            let msg = format!("richiesta non valida: inviare il modulo della pagina ({e})");
            return form_with_errors(&app, e.status(), &request, &[msg]);
        }
    };
    let (id, dir) = match app.store.new_dir() {
        Ok(x) => x,
        Err(e) => {
            let msg = format!("impossibile creare la cartella temporanea: {e}");
            return form_with_errors(&app, StatusCode::INTERNAL_SERVER_ERROR, &request, &[msg]);
        }
    };
    if let Err(r) = upload::read_form(mp, &dir, &app.limits, &mut request).await {
        let _ = std::fs::remove_dir_all(&dir);
        let status = StatusCode::from_u16(r.status).unwrap_or(StatusCode::BAD_REQUEST);
        return form_with_errors(&app, status, &request, &[r.message]);
    }
    let shown = request.clone();
    let work_dir = dir.clone();
    let done = tokio::task::spawn_blocking(move || session::analyse(work_dir, request)).await;
    match done {
        Ok(Ok(s)) => {
            app.store.insert(id.clone(), s);
            Redirect::to(&format!("/analisi/{id}")).into_response()
        }
        Ok(Err(Refused(reasons))) => {
            let _ = std::fs::remove_dir_all(&dir);
            form_with_errors(&app, StatusCode::UNPROCESSABLE_ENTITY, &shown, &reasons)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&dir);
            let msg = format!("errore interno durante l'analisi: {e}");
            form_with_errors(&app, StatusCode::INTERNAL_SERVER_ERROR, &shown, &[msg])
        }
    }
}

/// `GET /analisi/{id}`: the results.
pub async fn results(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    match app.store.get(&id) {
        Some(s) => page(StatusCode::OK, view::results_page(&app.env, &id, &s)),
        None => gone(&app),
    }
}

/// An analysis that is not (or no longer) kept.
fn gone(app: &App) -> Response {
    let msg = "analisi non trovata: il server è stato riavviato o l'analisi è stata sostituita da \
               altre più recenti; caricare di nuovo i file"
        .to_string();
    form_with_errors(app, StatusCode::NOT_FOUND, &Request::default(), &[msg])
}

/// `GET /analisi/{id}/spiega/{n}`: the trace of indicator `n`, as
/// `cruscotto explain --row` prints it.
pub async fn explain(
    State(app): State<Arc<App>>,
    Path((id, n)): Path<(String, String)>,
) -> Response {
    let Some(s) = app.store.get(&id) else {
        return gone(&app);
    };
    let record = n
        .parse::<usize>()
        .ok()
        .and_then(|n| s.outcome.records.get(n));
    match record {
        Some(r) => text(
            "text/plain; charset=utf-8",
            crate::explain::row_trace(r).join("\n"),
        ),
        None => (StatusCode::NOT_FOUND, "indicatore non trovato").into_response(),
    }
}

fn text(content_type: &'static str, body: String) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

fn attachment(content_type: &'static str, name: &str, body: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        body,
    )
        .into_response()
}

/// `GET /analisi/{id}/scarica/{what}`: the report zip, the normalised
/// table (CSV, CSV for Italian Excel, XLSX) or the manifest.
pub async fn download(
    State(app): State<Arc<App>>,
    Path((id, what)): Path<(String, String)>,
) -> Response {
    let Some(s) = app.store.get(&id) else {
        return gone(&app);
    };
    let (format, content_type) = match what.as_str() {
        "report.zip" => return attachment("application/zip", "report.zip", s.zip.clone()),
        "manifest.json" => {
            return attachment("application/json", "manifest.json", s.manifest.clone())
        }
        "normalizzato.csv" => (Format::Csv, "text/csv; charset=utf-8"),
        "normalizzato-excel.csv" => (Format::CsvExcel, "text/csv; charset=utf-8"),
        "normalizzato.xlsx" => (
            Format::Xlsx,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        _ => return not_found(State(app)).await,
    };
    let bytes = tokio::task::spawn_blocking(move || s.table(format)).await;
    match bytes {
        Ok(Ok(b)) => attachment(content_type, &what, b),
        Ok(Err(e)) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("impossibile produrre la tabella normalizzata: {e}"),
        )
            .into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("errore interno: {e}"),
        )
            .into_response(),
    }
}

/// The style sheet.
pub async fn css(State(app): State<Arc<App>>) -> Response {
    text("text/css; charset=utf-8", app.css.clone())
}

/// The script (drag and drop, sorting, traces).
pub async fn js() -> Response {
    text(
        "text/javascript; charset=utf-8",
        include_str!("assets/app.js").to_string(),
    )
}

/// Anything else.
pub async fn not_found(State(app): State<Arc<App>>) -> Response {
    let msg = "pagina inesistente".to_string();
    form_with_errors(&app, StatusCode::NOT_FOUND, &Request::default(), &[msg])
}

/// Whether `host` (a `Host` header, or an `Origin`'s host) names this
/// machine's loopback: pages of other sites reaching the server through a
/// name of theirs (DNS rebinding) are refused.
fn local_host(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        Some((n, port)) if port.chars().all(|c| c.is_ascii_digit()) => n,
        _ => host,
    };
    matches!(name, "127.0.0.1" | "localhost")
}

/// Refuses requests not addressed to the loopback and form posts from other
/// sites; adds the page's security headers.
pub async fn guard(headers: HeaderMap, req: HttpRequest, next: Next) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !local_host(host) {
        return (
            StatusCode::MISDIRECTED_REQUEST,
            "richiesta rifiutata: il server risponde solo a 127.0.0.1",
        )
            .into_response();
    }
    if req.method() == Method::POST {
        let origin = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok());
        // Browsers send the page's own origin with its form (the referrer
        // policy below is `same-origin`: with `no-referrer` they would send
        // `null`); another site's page, or a sandboxed one (`null`), is refused.
        let foreign = origin.is_some_and(|o| {
            o.strip_prefix("http://")
                .is_none_or(|rest| rest != host || !local_host(rest))
        });
        if foreign {
            return (
                StatusCode::FORBIDDEN,
                "richiesta rifiutata: il modulo va inviato dalla pagina di cruscotto",
            )
                .into_response();
        }
    }
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    for (k, v) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        h.insert(k, HeaderValue::from_static(v));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::local_host;

    #[test]
    fn only_the_loopback_by_name() {
        for ok in ["127.0.0.1:8080", "localhost:3000", "127.0.0.1", "localhost"] {
            assert!(local_host(ok), "{ok}");
        }
        for bad in [
            "evil.example:8080",
            "127.0.0.1.evil.example",
            "",
            "10.0.0.1:80",
        ] {
            assert!(!local_host(bad), "{bad}");
        }
    }
}
