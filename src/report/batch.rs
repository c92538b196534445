//! Writing a whole set of reports into a directory: one workbook per
//! dirigente and per area, `riepilogo.xlsx` and `manifest.json`.

use std::path::Path;

use crate::fsutil::{write_atomic, WriteError};
use crate::pipeline::Outcome;

use super::{report_file_name, write_report_compared, ReportError, ReportMeta, Scope, Template};

/// Which reports to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// One workbook per dirigente.
    Dirigente,
    /// One workbook per area.
    Area,
    /// Both (the default).
    #[default]
    Entrambi,
}

/// Errors writing a report set.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// Some target files exist and `force` was not given.
    #[error("in {dir} esistono già: {files} (usare --force per sovrascrivere)")]
    Exists {
        /// Output directory.
        dir: String,
        /// Comma-separated names.
        files: String,
    },
    /// A workbook could not be generated.
    #[error("impossibile generare {name}: {source}")]
    Report {
        /// File name.
        name: String,
        /// Cause.
        #[source]
        source: ReportError,
    },
    /// A file could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The manifest could not be serialised.
    #[error("impossibile scrivere il manifest: {0}")]
    Manifest(String),
}

/// What [`write_reports`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// File names written inside the output directory (manifest excluded).
    pub files: Vec<String>,
    /// Files of the previous run (listed in its manifest) that this run no
    /// longer produces, removed from the output directory.
    pub removed: Vec<String>,
}

/// The scopes of a report set, in a stable order: dirigenti, areas, the
/// indicators with no owner (`non-assegnati.xlsx`, only when there are
/// some), then the body.
pub fn scopes(outcome: &Outcome, per: Per) -> Vec<Scope> {
    let mut scopes = Vec::new();
    if matches!(per, Per::Dirigente | Per::Entrambi) {
        scopes.extend(
            outcome
                .summary
                .dirigenti
                .iter()
                .map(|g| Scope::Dirigente(g.label.clone())),
        );
    }
    if matches!(per, Per::Area | Per::Entrambi) {
        scopes.extend(
            outcome
                .summary
                .areas
                .iter()
                .map(|g| Scope::Area(g.label.clone())),
        );
    }
    if outcome.records.iter().any(|r| r.unassigned()) {
        scopes.push(Scope::NonAssegnati);
    }
    scopes.push(Scope::Ente);
    scopes
}

/// Writes every report of `outcome` into `dir` atomically, plus `manifest.json`.
///
/// Refuses to replace existing files unless `force`; in that case nothing is
/// written. `on_file` is called before each workbook (for progress display).
pub fn write_reports(
    outcome: &Outcome,
    dir: &Path,
    per: Per,
    tpl: &Template,
    meta: &ReportMeta,
    force: bool,
    on_file: &mut dyn FnMut(&str),
) -> Result<Written, BatchError> {
    let scopes = scopes(outcome, per);
    let names = unique_names(scopes.iter().map(report_file_name));
    if !force {
        let existing: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .chain(std::iter::once("manifest.json"))
            .filter(|n| dir.join(n).exists())
            .collect();
        if !existing.is_empty() {
            return Err(BatchError::Exists {
                dir: dir.display().to_string(),
                files: existing.join(", "),
            });
        }
    }
    // Workbooks are independent: build and write them on every core, each
    // exactly as a sequential run would (outputs do not depend on the order).
    let one = |i: usize| -> Result<(), BatchError> {
        let bytes = write_report_compared(
            &scopes[i],
            &outcome.records,
            &outcome.summary,
            &outcome.anomalies,
            outcome.year_on_year.as_ref(),
            tpl,
            meta,
        )
        .map_err(|source| BatchError::Report {
            name: names[i].clone(),
            source,
        })?;
        write_atomic(&dir.join(&names[i]), &bytes, force)?;
        Ok(())
    };
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, scopes.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Result<(), BatchError>)>();
    let mut results: Vec<Option<Result<(), BatchError>>> =
        (0..scopes.len()).map(|_| None).collect();
    std::thread::scope(|s| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (next, one, total) = (&next, &one, scopes.len());
            s.spawn(move || loop {
                let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if k >= total {
                    break;
                }
                // The whole-body report (last) is the largest: start it first.
                let i = (k + total - 1) % total;
                if tx.send((i, one(i))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        for (i, r) in rx {
            on_file(&names[i]);
            results[i] = Some(r);
        }
    });
    // The first error in report order, as a sequential run would give.
    for r in results.into_iter().flatten() {
        r?;
    }
    let manifest = manifest(outcome, &scopes, &names, meta);
    let text =
        serde_json::to_string_pretty(&manifest).map_err(|e| BatchError::Manifest(e.to_string()))?;
    // The files the previous manifest listed, read before it is replaced.
    let previous = if force {
        previous_files(dir)
    } else {
        Vec::new()
    };
    write_atomic(&dir.join("manifest.json"), text.as_bytes(), force)?;
    let mut removed = Vec::new();
    for old in previous {
        if names.contains(&old) {
            continue;
        }
        let path = dir.join(&old);
        if path.is_file() {
            std::fs::remove_file(&path).map_err(|source| WriteError::Io {
                path: path.display().to_string(),
                source,
            })?;
            removed.push(old);
        }
    }
    Ok(Written {
        files: names,
        removed,
    })
}

/// The report files the manifest in `dir` lists (empty when there is none
/// or it is not a cruscotto manifest). Only plain file names are returned:
/// a name with a directory part (`../x`, `/etc/x`) is never trusted.
pub fn previous_files(dir: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(dir.join("manifest.json")) else {
        return Vec::new();
    };
    let Ok(m) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Vec::new();
    };
    if !m["generatore"]
        .as_str()
        .is_some_and(|g| g.starts_with("cruscotto"))
    {
        return Vec::new();
    }
    m["file"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["file"].as_str())
        .filter(|n| {
            let p = Path::new(n);
            let mut parts = p.components();
            matches!(
                (parts.next(), parts.next()),
                (Some(std::path::Component::Normal(_)), None)
            ) && *n != "manifest.json"
        })
        .map(str::to_string)
        .collect()
}

/// File names made unique in order: two owners whose names give the same
/// slug (`Rossi M.` and `Rossi, M.`) get `…-2.xlsx` instead of one
/// overwriting the other.
///
/// ```
/// use cruscotto::report::batch::unique_names;
/// let n = unique_names(["a.xlsx".to_string(), "a.xlsx".to_string(), "b.xlsx".to_string()]);
/// assert_eq!(n, ["a.xlsx", "a-2.xlsx", "b.xlsx"]);
/// ```
pub fn unique_names(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for name in names {
        let (stem, ext) = match name.rsplit_once('.') {
            Some((s, e)) => (s.to_string(), format!(".{e}")),
            None => (name.clone(), String::new()),
        };
        let mut candidate = name.clone();
        let mut k = 2;
        while !seen.insert(candidate.clone()) {
            candidate = format!("{stem}-{k}{ext}");
            k += 1;
        }
        out.push(candidate);
    }
    out
}

/// The manifest of a report set: files, counts and anomalies.
pub fn manifest(
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
                Scope::NonAssegnati => ("non-assegnati", ""),
            };
            serde_json::json!({"file": n, "per": kind, "nome": name})
        })
        .collect();
    let c = outcome.summary.body.counts;
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
        "anomalie": {"totale": outcome.anomalies.len(), "per_codice": anomaly_counts(outcome)},
        "input_illeggibili": outcome.failed.iter()
            .map(|f| serde_json::json!({"file": f.path, "motivo": f.reason}))
            .collect::<Vec<_>>(),
    })
}

/// Anomaly counts by code, in code order.
pub fn anomaly_counts(outcome: &Outcome) -> std::collections::BTreeMap<&'static str, usize> {
    let mut codes = std::collections::BTreeMap::new();
    for a in &outcome.anomalies {
        *codes.entry(a.code.as_str()).or_default() += 1;
    }
    codes
}

/// The report year: the one given, else the year most records were scored for.
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

/// The template and metadata of a report set as `cruscotto report` makes
/// them: the body's name given, else the one read from the plan's titles;
/// the period (when before December) in the titles; the year given, else
/// the year most indicators were scored for. The third item is the Italian
/// note on where the body's name came from (see [`Outcome::ente_name`]).
///
/// ```
/// use cruscotto::report::{batch::setup, Template};
/// let out = cruscotto::pipeline::run(&[], &Default::default());
/// let (_, meta, note) = setup(&out, Template::default(), Some("Comune di Prova"), Some(2025), None);
/// assert_eq!((meta.ente.as_deref(), meta.anno, note), (Some("Comune di Prova"), Some(2025), None));
/// ```
pub fn setup(
    outcome: &Outcome,
    tpl: Template,
    ente: Option<&str>,
    anno: Option<i32>,
    period: Option<crate::job::Period>,
) -> (Template, ReportMeta, Option<String>) {
    let (ente, note) = outcome.ente_name(ente);
    let tpl = tpl.with_period(period.and_then(|p| p.last_day()));
    let meta = ReportMeta {
        ente,
        anno: report_year(outcome, anno),
        generated_on: None,
    };
    (tpl, meta, note)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previous_files_trusts_only_plain_names() {
        let dir = tempfile::tempdir().unwrap();
        assert!(previous_files(dir.path()).is_empty());
        std::fs::write(
            dir.path().join("manifest.json"),
            r#"{"generatore": "cruscotto 0.1.0", "file": [
                {"file": "area-a.xlsx"}, {"file": "../fuori.xlsx"},
                {"file": "/etc/passwd"}, {"file": "sotto/x.xlsx"},
                {"file": "manifest.json"}, {"file": "riepilogo.xlsx"}]}"#,
        )
        .unwrap();
        assert_eq!(
            previous_files(dir.path()),
            ["area-a.xlsx", "riepilogo.xlsx"]
        );
        std::fs::write(
            dir.path().join("manifest.json"),
            r#"{"generatore": "altro", "file": [{"file": "area-a.xlsx"}]}"#,
        )
        .unwrap();
        assert!(previous_files(dir.path()).is_empty());
    }
}
