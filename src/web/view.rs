//! The page's HTML: the templates (embedded in the binary) and the values
//! they show, taken from an analysis as the reports take them.

use minijinja::{context, Environment};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::{GroupScore, Record, Status};
use crate::report::Template;

use super::session::{period_of, Request, Session};
use super::upload::SLOTS;
use super::Limits;

/// The templates, compiled once.
pub fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    for (name, text) in [
        ("base.html", include_str!("assets/base.html")),
        ("modulo.html", include_str!("assets/modulo.html")),
        ("risultati.html", include_str!("assets/risultati.html")),
    ] {
        // The templates are part of the binary: a syntax error is caught by
        // the tests, and shows as a plain error page at worst.
        if let Err(e) = env.add_template(name, text) {
            tracing::error!("modello {name} non valido: {e}");
        }
    }
    env
}

/// The style sheet: the embedded one, with the report template's status
/// colours, so that the page shows the reports' traffic lights.
pub fn style_sheet(tpl: &Template) -> String {
    let c = &tpl.colori;
    format!(
        ":root {{ --raggiunto: {}; --parziale: {}; --non-raggiunto: {}; --non-valutabile: {}; \
         --intestazione: {}; --testo-intestazione: {}; --titolo: {}; --obiettivo: {}; --bordo: {}; }}\n{}",
        c.raggiunto,
        c.parziale,
        c.non_raggiunto,
        c.non_valutabile,
        c.intestazione,
        c.testo_intestazione,
        c.titolo,
        c.obiettivo,
        c.bordo,
        include_str!("assets/app.css")
    )
}

/// An attainment as the page shows it: `72,21%`, or `—` when not assessable.
///
/// ```
/// use rust_decimal::Decimal;
/// use cruscotto::web::view::percent;
/// assert_eq!(percent(Some(Decimal::new(722149, 4))), "72,21%");
/// assert_eq!(percent(Some(Decimal::from(100))), "100,00%");
/// assert_eq!(percent(None), "—");
/// ```
pub fn percent(a: Option<Decimal>) -> String {
    match a {
        Some(a) => {
            let t = crate::export::attainment_text(a);
            let d: Decimal = t.parse().unwrap_or(a);
            format!("{}%", crate::value::format_italian(d))
        }
        None => "—".to_string(),
    }
}

/// CSS class of a status.
fn class(s: Status) -> &'static str {
    match s {
        Status::Raggiunto => "raggiunto",
        Status::Parziale => "parziale",
        Status::NonRaggiunto => "non-raggiunto",
        Status::NonValutabile => "non-valutabile",
    }
}

fn status_text(tpl: &Template, s: Status) -> &str {
    match s {
        Status::Raggiunto => &tpl.stati.raggiunto,
        Status::Parziale => &tpl.stati.parziale,
        Status::NonRaggiunto => &tpl.stati.non_raggiunto,
        Status::NonValutabile => &tpl.stati.non_valutabile,
    }
}

#[derive(Serialize)]
struct Group {
    nome: String,
    grado: String,
    stato: String,
    classe: &'static str,
    raggiunti: usize,
    parziali: usize,
    non_raggiunti: usize,
    non_valutabili: usize,
    indicatori: usize,
    note: Vec<String>,
    /// Last year's attainment and the change (`87,5% · ▲ +0,83`), with
    /// `--precedente`; empty otherwise.
    precedente: String,
}

fn group(g: &GroupScore, tpl: &Template) -> Group {
    Group {
        nome: g.label.clone(),
        grado: percent(g.attainment),
        stato: status_text(tpl, g.status).to_string(),
        classe: class(g.status),
        raggiunti: g.counts.raggiunti,
        parziali: g.counts.parziali,
        non_raggiunti: g.counts.non_raggiunti,
        non_valutabili: g.counts.non_valutabili,
        indicatori: g.records.len(),
        note: g.notes.clone(),
        precedente: match (
            g.prior_attainment,
            crate::year_on_year::change(g.attainment, g.prior_attainment),
        ) {
            (Some(p), Some(c)) => format!(
                "{} · {}",
                percent(Some(p)),
                crate::year_on_year::change_text(c)
            ),
            (Some(p), None) => percent(Some(p)),
            (None, _) => String::new(),
        },
    }
}

#[derive(Serialize)]
struct Indicator {
    n: usize,
    indicatore: String,
    dirigente: String,
    target: String,
    consuntivo: String,
    grado: String,
    stato: String,
    classe: &'static str,
    dove: String,
}

fn indicator(n: usize, r: &Record, tpl: &Template) -> Indicator {
    let status = r
        .score
        .as_ref()
        .map(|s| s.status)
        .unwrap_or(Status::NonValutabile);
    Indicator {
        n,
        indicatore: r.indicator.clone(),
        dirigente: if r.transversal {
            "tutti (trasversale)".to_string()
        } else if !r.dirigenti.is_empty() {
            r.dirigente_text()
        } else if !r.areas.is_empty() {
            r.area_text()
        } else {
            "non assegnato".to_string()
        },
        target: r.target_raw.clone(),
        consuntivo: r.actual_raw.clone().unwrap_or_default(),
        grado: percent(r.score.as_ref().and_then(|s| s.attainment)),
        stato: status_text(tpl, status).to_string(),
        classe: class(status),
        dove: r.location.to_string(),
    }
}

#[derive(Serialize)]
struct Objective {
    #[serde(flatten)]
    group: Group,
    elenco: Vec<Indicator>,
}

#[derive(Serialize)]
struct AnomalyRow {
    codice: &'static str,
    file: String,
    foglio: String,
    cella: String,
    riga: u32,
    testo: String,
    messaggio: String,
}

/// The form page, with the values already typed and the errors to show.
pub fn form_page(
    env: &Environment<'_>,
    limits: &Limits,
    request: &Request,
    errors: &[String],
) -> Result<String, minijinja::Error> {
    env.get_template("modulo.html")?.render(context! {
        slots => SLOTS,
        anno => request.anno,
        periodo => request.periodo,
        ente => request.ente,
        errori => errors,
        limite_file => limits.per_file / (1024 * 1024),
        limite_richiesta => limits.per_request / (1024 * 1024),
    })
}

/// The results page of an analysis.
pub fn results_page(
    env: &Environment<'_>,
    id: &str,
    s: &Session,
) -> Result<String, minijinja::Error> {
    let out = &s.outcome;
    let tpl = &s.template;
    let objectives: Vec<Objective> = out
        .summary
        .objectives
        .iter()
        .map(|g| Objective {
            group: group(g, tpl),
            elenco: g
                .records
                .iter()
                .filter_map(|&i| out.records.get(i).map(|r| indicator(i, r, tpl)))
                .collect(),
        })
        .collect();
    let anomalies: Vec<AnomalyRow> = out
        .anomalies
        .iter()
        .map(|a| AnomalyRow {
            codice: a.code.as_str(),
            file: a.location.file.to_string(),
            foglio: a.location.sheet.to_string(),
            cella: a.location.cell_ref(),
            riga: a.location.row,
            testo: a.raw.clone(),
            messaggio: a.message.clone(),
        })
        .collect();
    let failed: Vec<(String, String)> = out
        .failed
        .iter()
        .map(|f| (f.path.clone(), f.reason.clone()))
        .collect();
    let files: Vec<&str> = s.request.piani.iter().map(|f| f.name.as_str()).collect();
    env.get_template("risultati.html")?.render(context! {
        id => id,
        ente => s.meta.ente,
        anno => s.meta.anno,
        periodo => period_of(&s.request).map(|p| p.to_string()),
        piani => files,
        organigramma => s.request.organigramma.as_ref().map(|f| f.name.clone()),
        indicatori => out.records.len(),
        ente_totale => group(&out.summary.body, tpl),
        dirigenti => out.summary.dirigenti.iter().map(|g| group(g, tpl)).collect::<Vec<_>>(),
        aree => out.summary.areas.iter().map(|g| group(g, tpl)).collect::<Vec<_>>(),
        obiettivi => objectives,
        anomalie => anomalies,
        illeggibili => failed,
        struttura => s.tree,
        report => s.report_files,
        confronto => out.year_on_year.as_ref().map(|c| context! {
            fonte => c.source,
            anno => c.prior_year,
            abbinati => c.matched,
            nuovi => c.new.len(),
            eliminati => c.dropped.len(),
            ambigui => c.ambiguous.len(),
        }),
    })
}
