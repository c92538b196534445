//! One analysis of the page ("sessione"): the files a browser tab sent,
//! stored where the server chooses, the pipeline's outcome on them and
//! the report set written from it; and the store that keeps the latest
//! analyses, each under an unguessable id, so that two tabs never share files.

use std::collections::{HashMap, VecDeque};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::export::{self, Format};
use crate::job::Period;
use crate::pipeline::{self, Outcome};
use crate::report::batch::{self, Per};
use crate::report::{ReportMeta, Template};
use crate::sources::Sources;
use crate::structure::Tree;

/// A file received from the browser: where the server stored it and the
/// name the user gave it (shown; see [`super::upload::stored_name`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The server's own path, inside the analysis's private directory.
    pub path: PathBuf,
    /// The name the browser sent, reduced to a plain file name.
    pub name: String,
}

/// What the form asked for: the files of each slot and the choices.
///
/// The slots mirror the fields of [`Sources`]: a new kind of file is one
/// more slot in `upload::SLOTS` and one more line in [`Request::sources`].
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The plans (at least one).
    pub piani: Vec<Stored>,
    /// Organigramma CSV.
    pub organigramma: Option<Stored>,
    /// Separate actuals files.
    pub consuntivi: Vec<Stored>,
    /// Scoring rules (TOML).
    pub regole: Option<Stored>,
    /// Justified corrections.
    pub rettifiche: Option<Stored>,
    /// Last year's normalised table or plan.
    pub precedente: Option<Stored>,
    /// Report year.
    pub anno: Option<i32>,
    /// Monitoring period `YYYY-MM`.
    pub periodo: Option<String>,
    /// Body's name for the reports.
    pub ente: Option<String>,
}

impl Request {
    /// The run's sources, as the command line builds them from its flags.
    pub fn sources(&self) -> Sources {
        Sources {
            anno: self.anno,
            periodo: self.periodo.clone(),
            organigramma: self.organigramma.as_ref().map(|s| s.path.clone()),
            regole: self.regole.as_ref().map(|s| s.path.clone()),
            consuntivi: self.consuntivi.iter().map(|s| s.path.clone()).collect(),
            rettifiche: self.rettifiche.as_ref().map(|s| s.path.clone()),
            precedente: self.precedente.as_ref().map(|s| s.path.clone()),
            ..Sources::default()
        }
    }

    /// Every stored file of the request.
    fn files(&self) -> impl Iterator<Item = &Stored> {
        self.piani
            .iter()
            .chain(&self.organigramma)
            .chain(&self.consuntivi)
            .chain(&self.regole)
            .chain(&self.rettifiche)
            .chain(&self.precedente)
    }

    /// `text` with every stored path replaced by the name the user knows.
    pub fn relabel(&self, text: &str) -> String {
        let mut out = text.to_string();
        for f in self.files() {
            let p = f.path.display().to_string();
            if out.contains(&p) {
                out = out.replace(&p, &f.name);
            }
        }
        out
    }
}

/// One finished analysis.
#[derive(Debug)]
pub struct Session {
    /// Its private directory (uploads and the report set).
    pub dir: PathBuf,
    /// What was asked.
    pub request: Request,
    /// The pipeline's outcome, with the user's file names in every place.
    pub outcome: Outcome,
    /// The structure as understood.
    pub tree: Tree,
    /// The report metadata (body, year).
    pub meta: ReportMeta,
    /// The template the reports were written with (colours, status names).
    pub template: Template,
    /// The report set as one zip: the workbooks in report order, then `manifest.json`.
    pub zip: Vec<u8>,
    /// The report files, in report order.
    pub report_files: Vec<String>,
    /// The manifest, as written beside the reports.
    pub manifest: Vec<u8>,
}

/// An analysis that produced nothing to show: the Italian reasons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub Vec<String>);

/// Runs the pipeline on a request whose files are stored in `dir`: the same
/// library calls as `cruscotto report` (sources → options → pipeline →
/// report set), so every figure equals the report's.
pub fn analyse(dir: PathBuf, request: Request) -> Result<Session, Refused> {
    let one = |e: &dyn std::error::Error| Refused(vec![request.relabel(&error_chain(e))]);
    if request.piani.is_empty() {
        return Err(Refused(vec![
            "nessun piano caricato: trascinare almeno un file del piano (.xlsx, .xls, .ods, .csv)"
                .into(),
        ]));
    }
    let sources = request.sources();
    let opts = sources.options().map_err(|e| one(&e))?;
    let period = sources.period().map_err(|e| one(&e))?;
    let plans: Vec<PathBuf> = request.piani.iter().map(|s| s.path.clone()).collect();
    let mut outcome = pipeline::run(&plans, &opts);
    relabel_outcome(&mut outcome, &request);
    if outcome.failed.len() == plans.len() {
        let mut reasons: Vec<String> = outcome.failed.iter().map(|f| f.reason.clone()).collect();
        reasons.push("nessun file leggibile".into());
        return Err(Refused(reasons));
    }
    if !outcome.refused.is_empty() {
        let mut reasons: Vec<String> = outcome
            .refused
            .iter()
            .map(|e| request.relabel(&e.to_string()))
            .collect();
        reasons.push("rettifiche rifiutate: correggere il file delle rettifiche".into());
        return Err(Refused(reasons));
    }
    if outcome.records.is_empty() {
        let names: Vec<&str> = request.piani.iter().map(|s| s.name.as_str()).collect();
        return Err(Refused(vec![format!(
            "nessun indicatore letto da {}: nessun foglio ha un'intestazione riconoscibile \
             (Indicatore, Target, …); non è stato prodotto nulla",
            names.join(", ")
        )]));
    }
    let (template, meta, _) = batch::setup(
        &outcome,
        Template::default(),
        request.ente.as_deref(),
        request.anno,
        period,
    );
    let out = dir.join("report");
    std::fs::create_dir(&out).map_err(|e| one(&e))?;
    let w = batch::write_reports(
        &outcome,
        &out,
        Per::Entrambi,
        &template,
        &meta,
        false,
        &mut |_| {},
    )
    .map_err(|e| one(&e))?;
    let manifest = std::fs::read(out.join("manifest.json")).map_err(|e| one(&e))?;
    let zip = zip_files(&out, &w.files).map_err(|e| one(&e))?;
    let tree = Tree::build(&outcome.records);
    Ok(Session {
        dir,
        request,
        outcome,
        tree,
        meta,
        template,
        zip,
        report_files: w.files,
        manifest,
    })
}

impl Session {
    /// The normalised table in `format` (the bytes of `cruscotto convert`).
    pub fn table(&self, format: Format) -> Result<Vec<u8>, export::ExportError> {
        export::export(&self.outcome.records, format)
    }
}

/// The user's file names in every place the outcome names a file.
fn relabel_outcome(out: &mut Outcome, request: &Request) {
    let user_name = |file: &str| {
        request
            .files()
            .find(|f| f.path.as_os_str() == std::ffi::OsStr::new(file))
            .map(|f| f.name.clone())
    };
    let name_of = |file: &mut String| {
        if let Some(n) = user_name(file) {
            *file = n;
        }
    };
    // A location's file is shared by its rows: looked up once per text.
    let mut renamed: std::collections::HashMap<crate::model::Shared, Option<crate::model::Shared>> =
        std::collections::HashMap::new();
    let mut name_loc = |file: &mut crate::model::Shared| {
        let new = renamed
            .entry(file.clone())
            .or_insert_with(|| user_name(file).map(Into::into));
        if let Some(n) = new {
            *file = n.clone();
        }
    };
    for r in &mut out.records {
        name_loc(&mut r.location.file);
        if let Some(p) = r.prior_year.as_mut().and_then(|p| p.location.as_mut()) {
            name_loc(&mut p.file);
        }
        if let Some(c) = r.correction.as_mut() {
            name_loc(&mut c.source.file);
        }
        for a in &mut r.anomalies {
            name_loc(&mut a.location.file);
            a.message = request.relabel(&a.message);
        }
    }
    for a in &mut out.anomalies {
        name_loc(&mut a.location.file);
        a.message = request.relabel(&a.message);
    }
    for f in &mut out.failed {
        name_of(&mut f.path);
        f.reason = request.relabel(&f.reason);
    }
    if let Some(e) = &mut out.ente {
        name_loc(&mut e.location.file);
    }
    // Last year's file is named in the reports: never the private path.
    if let Some(c) = &mut out.year_on_year {
        name_of(&mut c.source);
        for d in &mut c.dropped {
            name_loc(&mut d.location.file);
        }
        for (_, locs) in &mut c.ambiguous {
            for l in locs {
                name_loc(&mut l.file);
            }
        }
    }
}

/// An error and its causes, each said once.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let s = c.to_string();
        if !s.is_empty() && !text.contains(&s) {
            text.push_str(": ");
            text.push_str(&s);
        }
        cause = c.source();
    }
    text
}

/// The files `names` of `dir`, then its `manifest.json`, as one zip.
fn zip_files(dir: &Path, names: &[String]) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut zw = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for name in names.iter().map(String::as_str).chain(["manifest.json"]) {
        let bytes = std::fs::read(dir.join(name))?;
        zw.start_file(name, opts)?;
        zw.write_all(&bytes)?;
    }
    Ok(zw.finish()?.into_inner())
}

/// The latest analyses, by id; the oldest are dropped (with their files)
/// beyond `capacity`.
#[derive(Debug)]
pub struct Store {
    root: PathBuf,
    capacity: usize,
    inner: Mutex<Kept>,
}

/// The analyses by id, and their ids from the oldest.
type Kept = (HashMap<String, Arc<Session>>, VecDeque<String>);

impl Store {
    /// A store whose analyses live in directories below `root`.
    pub fn new(root: PathBuf, capacity: usize) -> Store {
        Store {
            root,
            capacity: capacity.max(1),
            inner: Mutex::new((HashMap::new(), VecDeque::new())),
        }
    }

    /// A new private directory for an analysis, with its id.
    pub fn new_dir(&self) -> std::io::Result<(String, PathBuf)> {
        let id = new_id()?;
        let dir = self.root.join(&id);
        std::fs::create_dir(&dir)?;
        Ok((id, dir))
    }

    /// Keeps `session` under `id`, dropping the oldest beyond capacity.
    pub fn insert(&self, id: String, session: Session) {
        let mut dropped = Vec::new();
        {
            let mut g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
            let (map, order) = &mut *g;
            map.insert(id.clone(), Arc::new(session));
            order.push_back(id);
            while order.len() > self.capacity {
                if let Some(old) = order.pop_front() {
                    if let Some(s) = map.remove(&old) {
                        dropped.push(s.dir.clone());
                    }
                }
            }
        }
        for d in dropped {
            let _ = std::fs::remove_dir_all(d);
        }
    }

    /// The analysis `id`, if it is still kept. Only ids of the form the
    /// store makes are looked up.
    pub fn get(&self, id: &str) -> Option<Arc<Session>> {
        if !is_id(id) {
            return None;
        }
        let g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        g.0.get(id).cloned()
    }
}

/// 128 random bits in hex.
fn new_id() -> std::io::Result<String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// Whether `s` has the form of an id (32 lower-case hex digits).
fn is_id(s: &str) -> bool {
    s.len() == 32
        && s.bytes()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
}

/// The period of a request, for the page (`None` when not given or not valid).
pub fn period_of(request: &Request) -> Option<Period> {
    request
        .periodo
        .as_deref()
        .and_then(|p| Period::parse(p).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_random_and_checked() {
        let a = new_id().unwrap();
        let b = new_id().unwrap();
        assert_ne!(a, b);
        assert!(is_id(&a));
        for bad in ["", "../etc", &a.to_uppercase(), &format!("{a}0"), "zz"] {
            assert!(!is_id(bad), "{bad}");
        }
    }

    #[test]
    fn stored_paths_are_shown_as_the_user_named_them() {
        let r = Request {
            piani: vec![Stored {
                path: PathBuf::from("/tmp/x/piano-1.xlsx"),
                name: "Piano 2025.xlsx".into(),
            }],
            ..Request::default()
        };
        assert_eq!(
            r.relabel("impossibile leggere /tmp/x/piano-1.xlsx: vuoto"),
            "impossibile leggere Piano 2025.xlsx: vuoto"
        );
    }

    #[test]
    fn the_store_keeps_the_latest() {
        let root = tempfile::tempdir().unwrap();
        let store = Store::new(root.path().to_path_buf(), 1);
        let (id, dir) = store.new_dir().unwrap();
        assert!(dir.starts_with(root.path()));
        assert!(store.get(&id).is_none());
        assert!(store.get("../../etc/passwd").is_none());
    }
}
