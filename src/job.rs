//! Batch and scheduled exports: job files (`cruscotto run`).
//!
//! A job file (TOML) lists one or more `[[lavoro]]` tables. Each job names its
//! inputs (files or globs, optionally with per-input sheet filters), the
//! organigramma, rules and template, the year or period, and what to write
//! where. Paths are relative to the job file.
//!
//! ```toml
//! [[lavoro]]
//! nome = "relazione-2022"
//! ente = "Camera di Commercio di Arezzo-Siena"
//! ingressi = ["../fixtures/arezzo-siena-2022.xlsx"]
//! organigramma = "../fixtures/arezzo-siena-2022-organigramma.csv"
//! uscita = "exports/{anno}-{mese}/"
//! report = "entrambi"
//! normalizzato = ["csv", "xlsx"]
//! ```
//!
//! Running a job is idempotent: same inputs, same period → byte-identical
//! reports and exports (document timestamps are fixed to the period's end).
//! Every run writes `esecuzione.json` (inputs with SHA-256, outputs, anomaly
//! counts, duration) beside its outputs, and holds a lock on the output
//! directory so that two runs of the same job and period never overlap.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::export::{self, Format};
use crate::fsutil::write_atomic;
use crate::model::Level;
use crate::organigramma::Organigramma;
pub use crate::period::{Period, PeriodError, PeriodKind};
use crate::pipeline::{self, Input, Options, Outcome};
use crate::report::batch::{self, Per};
use crate::report::{ReportMeta, Template};
use crate::score::Rules;

/// Name of the run manifest written in each output directory.
pub const RUN_MANIFEST: &str = "esecuzione.json";
/// Name of the lock file held in the output directory during a run.
pub const LOCK_FILE: &str = ".cruscotto.lock";

/// Errors of a job as a whole (a broken input is not one: it is reported in
/// the run manifest and the other inputs go on).
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// The job file could not be read.
    #[error("impossibile leggere il file dei lavori {path}: {}", crate::fsutil::io_italian(.source))]
    Io {
        /// Path.
        path: String,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
    /// The job file is not valid.
    #[error("file dei lavori {path} non valido: {reason}")]
    Invalid {
        /// Path.
        path: String,
        /// Cause, in Italian.
        reason: String,
    },
    /// The period is not one of the forms of [`Period::parse`].
    #[error(transparent)]
    Period(#[from] PeriodError),
    /// Another run of the same job holds the lock.
    #[error("un'altra esecuzione del lavoro «{job}» è in corso (blocco {lock})")]
    Locked {
        /// Job name.
        job: String,
        /// Lock file.
        lock: String,
    },
    /// The output directory holds files not written by this job.
    #[error("la cartella {0} contiene già file non prodotti da questo lavoro: usare --force")]
    Foreign(String),
    /// A supporting file (organigramma, rules, template) could not be loaded.
    #[error("lavoro «{job}»: {reason}")]
    Setup {
        /// Job name.
        job: String,
        /// Cause.
        reason: String,
    },
    /// An output could not be written.
    #[error("lavoro «{job}»: impossibile scrivere le uscite: {reason}")]
    Output {
        /// Job name.
        job: String,
        /// Cause.
        reason: String,
    },
}

/// The whole job file.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JobFile {
    /// The jobs, run in order.
    pub lavoro: Vec<Job>,
}

/// One input with options.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct JobInput {
    /// File or glob.
    pub file: String,
    /// Only these sheets.
    #[serde(default)]
    pub fogli: Vec<String>,
    /// Mapping file forcing the layout of this input's sheets.
    #[serde(default)]
    pub mappa: Option<String>,
}

/// One job.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Job {
    /// Name (used in logs, the manifest and `{nome}`).
    pub nome: String,
    /// Body name shown in the reports.
    #[serde(default)]
    pub ente: Option<String>,
    /// Inputs: files or globs.
    #[serde(default)]
    pub ingressi: Vec<String>,
    /// Inputs with options.
    #[serde(default)]
    pub ingresso: Vec<JobInput>,
    /// Organigramma CSV.
    #[serde(default)]
    pub organigramma: Option<String>,
    /// Rules file (default rules when absent).
    #[serde(default)]
    pub regole: Option<String>,
    /// Justified corrections file (`--rettifiche`).
    #[serde(default)]
    pub rettifiche: Option<String>,
    /// Report template: `default` or a file.
    #[serde(default)]
    pub modello: Option<String>,
    /// Report year (target column); default from the period.
    #[serde(default)]
    pub anno: Option<i32>,
    /// Period: `YYYY-MM`, `YYYY-T1`…`T4`, `YYYY-Q1`…`Q3`, `YYYY-S1`/`S2`
    /// (see [`Period::parse`]); `--periodo` overrides it; default year-end of `anno`.
    #[serde(default)]
    pub periodo: Option<String>,
    /// Year on year: last year's normalised table (CSV) or plan (`--precedente`).
    #[serde(default)]
    pub precedente: Option<String>,
    /// Output directory pattern: `{anno}`, `{mese}` (the period's last
    /// month), `{periodo}` (`2025-06`, `2025-S1`), `{nome}`.
    pub uscita: String,
    /// Reports: `dirigente`, `area`, `entrambi` (default) or `nessuno`.
    #[serde(default)]
    pub report: Option<String>,
    /// Normalised table formats: `csv`, `xlsx`, `json`.
    #[serde(default)]
    pub normalizzato: Vec<String>,
    /// Roll-up tables: `obiettivo`, `area`, `dirigente` (written as CSV).
    #[serde(default)]
    pub livelli: Vec<String>,
}

impl JobFile {
    /// Parses a job file's text; `path` names it in errors.
    pub fn parse(text: &str, path: &str) -> Result<JobFile, JobError> {
        let f: JobFile = toml::from_str(text).map_err(|e| JobError::Invalid {
            path: path.to_string(),
            reason: e.message().to_string(),
        })?;
        if f.lavoro.is_empty() {
            return Err(JobError::Invalid {
                path: path.to_string(),
                reason: "nessun [[lavoro]] definito".into(),
            });
        }
        for j in &f.lavoro {
            j.validate().map_err(|reason| JobError::Invalid {
                path: path.to_string(),
                reason,
            })?;
        }
        Ok(f)
    }

    /// Reads and parses a job file.
    pub fn load(path: &Path) -> Result<JobFile, JobError> {
        let text = std::fs::read_to_string(path).map_err(|source| JobError::Io {
            path: path.display().to_string(),
            source,
        })?;
        JobFile::parse(&text, &path.display().to_string())
    }
}

impl Job {
    fn validate(&self) -> Result<(), String> {
        if self.ingressi.is_empty() && self.ingresso.is_empty() {
            return Err(format!("il lavoro «{}» non ha ingressi", self.nome));
        }
        if let Some(p) = &self.periodo {
            Period::parse(p).map_err(|e| e.to_string())?;
        }
        self.per()
            .map_err(|e| format!("lavoro «{}»: {e}", self.nome))?;
        for f in &self.normalizzato {
            f.parse::<Format>()
                .map_err(|e| format!("lavoro «{}»: {e}", self.nome))?;
        }
        for l in &self.livelli {
            level(l).ok_or_else(|| {
                format!(
                    "lavoro «{}»: livello «{l}» sconosciuto (obiettivo, area, dirigente)",
                    self.nome
                )
            })?;
        }
        Ok(())
    }

    fn per(&self) -> Result<Option<Per>, String> {
        Ok(match self.report.as_deref().unwrap_or("entrambi") {
            "dirigente" => Some(Per::Dirigente),
            "area" => Some(Per::Area),
            "entrambi" => Some(Per::Entrambi),
            "nessuno" => None,
            other => {
                return Err(format!(
                    "report «{other}» sconosciuto (dirigente, area, entrambi, nessuno)"
                ))
            }
        })
    }

    /// The period of a run: `--periodo`, else the job's, else year-end of `anno`.
    pub fn period(&self, cli: Option<Period>) -> Result<Option<Period>, JobError> {
        if cli.is_some() {
            return Ok(cli);
        }
        if let Some(p) = &self.periodo {
            return Ok(Some(Period::parse(p)?));
        }
        Ok(self.anno.map(Period::year_end))
    }

    /// The output directory for a period, relative to `base`.
    pub fn output_dir(&self, base: &Path, period: Option<Period>) -> PathBuf {
        let (anno, mese, periodo) = match period {
            Some(p) => (p.year.to_string(), format!("{:02}", p.month), p.to_string()),
            None => ("anno".to_string(), "12".to_string(), "anno-12".to_string()),
        };
        let dir = self
            .uscita
            .replace("{anno}", &anno)
            .replace("{mese}", &mese)
            .replace("{periodo}", &periodo)
            .replace("{nome}", &self.nome);
        base.join(dir)
    }

    /// Expands inputs and globs relative to `base`; a pattern matching
    /// nothing is kept as a path so that it fails visibly as an input.
    pub fn inputs(&self, base: &Path) -> Result<Vec<Input>, JobError> {
        let plain = self.ingressi.iter().map(|f| JobInput {
            file: f.clone(),
            fogli: Vec::new(),
            mappa: None,
        });
        let mut out = Vec::new();
        for ji in plain.chain(self.ingresso.iter().cloned()) {
            let pattern = base.join(&ji.file);
            let is_glob = ji.file.contains(['*', '?', '[']);
            let mut matched: Vec<PathBuf> = if is_glob {
                glob::glob(&pattern.to_string_lossy())
                    .map(|paths| paths.filter_map(Result::ok).collect())
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            matched.sort();
            if matched.is_empty() {
                matched.push(pattern);
            }
            let forced = match &ji.mappa {
                Some(m) => crate::layout::ForcedLayout::load(&base.join(m), &Default::default())
                    .map_err(|reason| JobError::Setup {
                        job: self.nome.clone(),
                        reason,
                    })?,
                None => Vec::new(),
            };
            let owners = match &ji.mappa {
                Some(m) => crate::layout::OwnerOverride::load(&base.join(m)).map_err(|reason| {
                    JobError::Setup {
                        job: self.nome.clone(),
                        reason,
                    }
                })?,
                None => Vec::new(),
            };
            out.extend(matched.into_iter().map(|path| Input {
                path,
                sheets: ji.fogli.clone(),
                forced: forced.clone(),
                owners: owners.clone(),
            }));
        }
        Ok(out)
    }
}

fn level(s: &str) -> Option<Level> {
    match s {
        "obiettivo" => Some(Level::Obiettivo),
        "area" => Some(Level::Area),
        "dirigente" => Some(Level::Dirigente),
        "ente" => Some(Level::Ente),
        _ => None,
    }
}

/// How a run should behave.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Period override (`--periodo`).
    pub period: Option<Period>,
    /// Only say what would be done.
    pub dry_run: bool,
    /// Replace outputs even when the directory was not written by this job.
    pub force: bool,
}

/// What happened to one input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InputReport {
    /// Path.
    pub file: String,
    /// SHA-256 of the bytes read (empty when unreadable).
    pub sha256: String,
    /// `letto` or `fallito`.
    pub esito: String,
    /// Why it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub motivo: Option<String>,
}

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OutputReport {
    /// File name inside the output directory.
    pub file: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
}

/// The outcome of one job run.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct JobReport {
    /// Job name.
    pub lavoro: String,
    /// Period `YYYY-MM`, when known.
    pub periodo: Option<String>,
    /// Output directory.
    pub cartella: String,
    /// Inputs and their fate.
    pub ingressi: Vec<InputReport>,
    /// Outputs written (or that would be, in a dry run).
    pub uscite: Vec<OutputReport>,
    /// Indicators read.
    pub indicatori: usize,
    /// Anomaly counts by code.
    pub anomalie: std::collections::BTreeMap<String, usize>,
    /// 0 ok, 1 done with anomalies, 2 failed (an input or the job).
    pub esito: u8,
    /// Duration in milliseconds (the only field that changes between identical runs).
    pub durata_ms: u128,
}

fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn setup_err(job: &Job, reason: impl std::fmt::Display) -> JobError {
    JobError::Setup {
        job: job.nome.clone(),
        reason: reason.to_string(),
    }
}

fn out_err(job: &Job, reason: impl std::fmt::Display) -> JobError {
    JobError::Output {
        job: job.nome.clone(),
        reason: reason.to_string(),
    }
}

/// Holds the lock of an output directory for the life of the value; the
/// lock file is removed when the value is dropped (the run ended, well or
/// not), so nothing of the run's machinery stays in the user's folder.
#[derive(Debug)]
pub struct DirLock {
    file: File,
    path: PathBuf,
}

impl Drop for DirLock {
    fn drop(&mut self) {
        // Removed while still locked: a run waiting on this very file sees
        // it is no longer the lock file and takes a fresh one (see
        // `lock_dir`), so two runs never both hold «the» lock.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Whether the open `file` is still the one named `path` (it may have been
/// removed by the run that held it while this one was opening it).
fn still_named(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        path.exists()
    }
}

/// Takes the lock of `dir` (creating it), or fails at once when another run holds it.
pub fn lock_dir(dir: &Path, job: &str) -> Result<DirLock, JobError> {
    let path = dir.join(LOCK_FILE);
    let locked = || JobError::Locked {
        job: job.to_string(),
        lock: path.display().to_string(),
    };
    std::fs::create_dir_all(dir).map_err(|e| JobError::Output {
        job: job.to_string(),
        reason: format!("cartella {}: {e}", dir.display()),
    })?;
    loop {
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| JobError::Output {
                job: job.to_string(),
                reason: format!("blocco {}: {e}", path.display()),
            })?;
        match file.try_lock() {
            Ok(()) if still_named(&file, &path) => {
                return Ok(DirLock {
                    file,
                    path: path.clone(),
                })
            }
            // Locked a file the previous run has just removed: try again.
            Ok(()) => continue,
            Err(std::fs::TryLockError::WouldBlock) => return Err(locked()),
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(JobError::Output {
                    job: job.to_string(),
                    reason: format!("blocco {}: {e}", path.display()),
                })
            }
        }
    }
}

/// Whether `dir` may be written: empty or missing, or holding a previous run of the same job.
fn own_or_empty(dir: &Path, job: &str) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return true;
    };
    let names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != LOCK_FILE)
        .collect();
    if names.is_empty() {
        return true;
    }
    std::fs::read_to_string(dir.join(RUN_MANIFEST))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .is_some_and(|v| v["lavoro"] == job)
}

/// Runs one job; `base` is the directory of the job file.
pub fn run_job(job: &Job, base: &Path, ro: &RunOptions) -> Result<JobReport, JobError> {
    let started = Instant::now();
    let period = job.period(ro.period)?;
    let dir = job.output_dir(base, period);
    let inputs = job.inputs(base)?;
    tracing::info!(lavoro = %job.nome, cartella = %dir.display(), ingressi = inputs.len(), "avvio");

    let mut opts = Options {
        anno: job.anno.or(period.map(|p| p.year)),
        months: period.and_then(Period::months_elapsed),
        // A job writes tables and reports: no trace beyond what they cite.
        brief_trace: true,
        ..Options::default()
    };
    if let Some(o) = &job.organigramma {
        opts.organigramma = Some(Organigramma::load(&base.join(o)).map_err(|e| setup_err(job, e))?);
    }
    opts.previous = job.precedente.as_ref().map(|p| base.join(p));
    if let Some(r) = &job.regole {
        opts.rules = Rules::load(&base.join(r)).map_err(|e| setup_err(job, e))?;
    }
    if let Some(r) = &job.rettifiche {
        opts.rettifiche = Some(
            crate::rettifiche::Rettifiche::load(&base.join(r)).map_err(|e| setup_err(job, e))?,
        );
    }
    let template = Template::named(job.modello.as_deref().unwrap_or("default"), base)
        .map_err(|e| setup_err(job, e))?;
    let per = job.per().map_err(|e| setup_err(job, e))?;

    if ro.dry_run {
        let mut uscite: Vec<OutputReport> = Vec::new();
        for f in &job.normalizzato {
            uscite.push(OutputReport {
                file: normalised_file_name(f),
                sha256: String::new(),
            });
        }
        for l in &job.livelli {
            uscite.push(OutputReport {
                file: format!("riepilogo-{l}.csv"),
                sha256: String::new(),
            });
        }
        if let Some(per) = per {
            let what = match per {
                Per::Dirigente => "un report per dirigente",
                Per::Area => "un report per area",
                Per::Entrambi => "un report per dirigente e uno per area",
            };
            uscite.push(OutputReport {
                file: format!("{what}, riepilogo.xlsx, manifest.json"),
                sha256: String::new(),
            });
        }
        return Ok(JobReport {
            lavoro: job.nome.clone(),
            periodo: period.map(|p| p.to_string()),
            cartella: dir.display().to_string(),
            ingressi: inputs
                .iter()
                .map(|i| InputReport {
                    file: i.path.display().to_string(),
                    sha256: String::new(),
                    esito: if i.path.exists() {
                        "da leggere".into()
                    } else {
                        "mancante".into()
                    },
                    motivo: None,
                })
                .collect(),
            uscite,
            indicatori: 0,
            anomalie: Default::default(),
            esito: 0,
            durata_ms: started.elapsed().as_millis(),
        });
    }

    let _lock = lock_dir(&dir, &job.nome)?;
    if !ro.force && !own_or_empty(&dir, &job.nome) {
        return Err(JobError::Foreign(dir.display().to_string()));
    }
    let outcome = pipeline::run_inputs(&inputs, &opts);
    if !outcome.refused.is_empty() {
        let all: Vec<String> = outcome.refused.iter().map(|e| e.to_string()).collect();
        return Err(setup_err(
            job,
            format!(
                "rettifiche rifiutate, nulla è stato scritto:\n{}",
                all.join("\n")
            ),
        ));
    }
    // Last year's file (`precedente`) is an input too: hashed and reported.
    let ingressi: Vec<InputReport> = inputs
        .iter()
        .map(|i| &i.path)
        .chain(opts.previous.as_ref())
        .map(|path| {
            let name = path.display().to_string();
            match outcome.failed.iter().find(|f| f.path == name) {
                Some(f) => {
                    tracing::error!(file = %name, "{}", f.reason);
                    InputReport {
                        file: name,
                        sha256: String::new(),
                        esito: "fallito".into(),
                        motivo: Some(f.reason.clone()),
                    }
                }
                None => InputReport {
                    sha256: std::fs::read(path)
                        .map(|b| sha256_hex(&b))
                        .unwrap_or_default(),
                    file: name,
                    esito: "letto".into(),
                    motivo: None,
                },
            }
        })
        .collect();

    let mut uscite = Vec::new();
    write_outputs(job, &outcome, &dir, per, &template, period, &mut uscite)?;
    let anomalie: std::collections::BTreeMap<String, usize> = batch::anomaly_counts(&outcome)
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    let esito = if !outcome.failed.is_empty() {
        2
    } else if outcome.anomalies.is_empty() {
        0
    } else {
        1
    };
    let report = JobReport {
        lavoro: job.nome.clone(),
        periodo: period.map(|p| p.to_string()),
        cartella: dir.display().to_string(),
        ingressi,
        uscite,
        indicatori: outcome.records.len(),
        anomalie,
        esito,
        durata_ms: started.elapsed().as_millis(),
    };
    let text = serde_json::to_string_pretty(&report).map_err(|e| out_err(job, e))?;
    write_atomic(&dir.join(RUN_MANIFEST), text.as_bytes(), true).map_err(|e| out_err(job, e))?;
    tracing::info!(lavoro = %job.nome, esito, indicatori = report.indicatori, "fine");
    Ok(report)
}

/// File name of a normalised table: `normalizzato.<format>`, and
/// `normalizzato-excel.csv` for the CSV for Italian Excel.
fn normalised_file_name(format: &str) -> String {
    match format.parse::<Format>() {
        Ok(Format::CsvExcel) => "normalizzato-excel.csv".to_string(),
        _ => format!("normalizzato.{format}"),
    }
}

fn write_outputs(
    job: &Job,
    outcome: &Outcome,
    dir: &Path,
    per: Option<Per>,
    template: &Template,
    period: Option<Period>,
    uscite: &mut Vec<OutputReport>,
) -> Result<(), JobError> {
    let mut put = |name: String, bytes: Vec<u8>| -> Result<(), JobError> {
        write_atomic(&dir.join(&name), &bytes, true).map_err(|e| out_err(job, e))?;
        uscite.push(OutputReport {
            file: name,
            sha256: sha256_hex(&bytes),
        });
        Ok(())
    };
    for f in &job.normalizzato {
        let format: Format = f.parse().map_err(|e| out_err(job, e))?;
        let bytes = export::export(&outcome.records, format).map_err(|e| out_err(job, e))?;
        put(normalised_file_name(f), bytes)?;
    }
    for l in &job.livelli {
        let lv = level(l).ok_or_else(|| out_err(job, format!("livello «{l}»")))?;
        let bytes = export::summary_export(&outcome.summary, lv, Format::Csv)
            .map_err(|e| out_err(job, e))?;
        put(format!("riepilogo-{l}.csv"), bytes)?;
    }
    if let Some(per) = per {
        let (ente, note) = outcome.ente_name(job.ente.as_deref());
        match note {
            Some(n) if ente.is_none() => tracing::warn!(lavoro = %job.nome, "{n}"),
            Some(n) => tracing::info!(lavoro = %job.nome, "{n}"),
            None => {}
        }
        // A period during the year is titled `Monitoraggio al …`.
        let period_template;
        let template = match period.and_then(Period::last_day) {
            Some(d) => {
                period_template = template.clone().with_period(Some(d));
                &period_template
            }
            None => template,
        };
        let meta = ReportMeta {
            ente,
            anno: batch::report_year(outcome, job.anno.or(period.map(|p| p.year))),
            generated_on: period.and_then(Period::last_day),
        };
        let w = batch::write_reports(outcome, dir, per, template, &meta, true, &mut |name| {
            tracing::debug!(file = name, "report");
        })
        .map_err(|e| out_err(job, e))?;
        for name in w
            .files
            .into_iter()
            .chain(std::iter::once("manifest.json".into()))
        {
            let bytes = std::fs::read(dir.join(&name)).map_err(|e| out_err(job, e))?;
            uscite.push(OutputReport {
                file: name,
                sha256: sha256_hex(&bytes),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
[[lavoro]]
nome = "mensile"
ingressi = ["dati/*.xlsx", "extra.csv"]
uscita = "exports/{anno}-{mese}/"
normalizzato = ["csv"]
livelli = ["area"]

[[lavoro.ingresso]]
file = "piano.xlsx"
fogli = ["Area 1"]
"#;

    #[test]
    fn parses_sample_and_resolves_paths() {
        let f = JobFile::parse(SAMPLE, "lavori.toml").unwrap();
        let j = &f.lavoro[0];
        assert_eq!(j.nome, "mensile");
        let p = j.period(Some(Period::parse("2025-06").unwrap())).unwrap();
        assert_eq!(
            j.output_dir(Path::new("/base"), p),
            PathBuf::from("/base/exports/2025-06/")
        );
        let inputs = j.inputs(Path::new("/nonexistent")).unwrap();
        // The glob matches nothing: kept as a path so it fails visibly.
        assert_eq!(inputs.len(), 3);
        assert_eq!(inputs[2].sheets, vec!["Area 1".to_string()]);
    }

    #[test]
    fn rejects_unknown_keys_and_bad_values() {
        let bad = "[[lavoro]]\nnome='x'\ningressi=['a']\nuscita='o'\ncolore='blu'\n";
        assert!(JobFile::parse(bad, "l.toml").is_err());
        let bad = "[[lavoro]]\nnome='x'\ningressi=['a']\nuscita='o'\nnormalizzato=['pdf']\n";
        let e = JobFile::parse(bad, "l.toml").unwrap_err().to_string();
        assert!(e.contains("pdf"), "{e}");
        let bad = "[[lavoro]]\nnome='x'\nuscita='o'\n";
        assert!(JobFile::parse(bad, "l.toml").is_err());
    }

    #[test]
    fn period_output_dirs() {
        let f = JobFile::parse(
            "[[lavoro]]\nnome='x'\ningressi=['a']\nuscita='o/{periodo}/{mese}'\nperiodo='2025-S1'\n",
            "l.toml",
        )
        .unwrap();
        let j = &f.lavoro[0];
        let p = j.period(None).unwrap();
        assert_eq!(p.map(|p| p.month), Some(6));
        assert_eq!(
            j.output_dir(Path::new("/b"), p),
            PathBuf::from("/b/o/2025-S1/06")
        );
        let bad = "[[lavoro]]\nnome='x'\ningressi=['a']\nuscita='o'\nperiodo='2025-Q4'\n";
        let e = JobFile::parse(bad, "l.toml").unwrap_err().to_string();
        assert!(e.contains("quadrimestre"), "{e}");
    }

    #[test]
    fn lock_is_exclusive() {
        let dir = tempfile::tempdir().unwrap();
        let held = lock_dir(dir.path(), "j").unwrap();
        assert!(matches!(
            lock_dir(dir.path(), "j"),
            Err(JobError::Locked { .. })
        ));
        drop(held);
        assert!(
            !dir.path().join(LOCK_FILE).exists(),
            "lock file left behind"
        );
        let again = lock_dir(dir.path(), "j").unwrap();
        assert!(dir.path().join(LOCK_FILE).exists());
        assert!(matches!(
            lock_dir(dir.path(), "j"),
            Err(JobError::Locked { .. })
        ));
        drop(again);
        assert!(!dir.path().join(LOCK_FILE).exists());
    }

    #[test]
    fn foreign_directory_is_detected() {
        let dir = tempfile::tempdir().unwrap();
        assert!(own_or_empty(dir.path(), "j"));
        std::fs::write(dir.path().join("altro.txt"), "x").unwrap();
        assert!(!own_or_empty(dir.path(), "j"));
        std::fs::write(dir.path().join(RUN_MANIFEST), r#"{"lavoro":"j"}"#).unwrap();
        assert!(own_or_empty(dir.path(), "j"));
        assert!(!own_or_empty(dir.path(), "k"));
    }
}
