//! Arguments and helpers shared by the subcommands that run the pipeline.

use std::io::Write;
use std::path::{Path, PathBuf};

use cruscotto::pipeline::{self, Options, Outcome};
use cruscotto::sources::Sources;

/// Inputs and pipeline options.
#[derive(clap::Args, Debug, Clone)]
pub struct PipelineArgs {
    /// File da leggere (.xlsx, .xls, .xlsb, .ods, .csv, .txt; anche le esportazioni
    /// in Excel come pagina HTML o XML 2003: .xls, .xml, .htm).
    #[arg(required = true, value_name = "FILE")]
    pub inputs: Vec<PathBuf>,
    /// Anno di riferimento: quale colonna di target usare.
    #[arg(long)]
    pub anno: Option<i32>,
    /// Periodo di monitoraggio: mese AAAA-MM (2025-06), trimestre AAAA-T1…T4 (2025-T2),
    /// quadrimestre AAAA-Q1…Q3 (2025-Q1) o semestre AAAA-S1/S2 (2025-S1). Il consuntivo è il
    /// valore alla fine del periodo; gli indicatori di volume cumulativi hanno la proiezione
    /// pro rata (target × mesi/12), o il target del periodo se il piano ha la colonna
    /// (Target I semestre, Target al 30/06…). Fissa anche l'anno.
    #[arg(long, value_name = "PERIODO")]
    pub periodo: Option<String>,
    /// Organigramma CSV `Area;Dirigente[;Alias]` (alias separati da |): vince sui
    /// dirigenti scritti nel piano.
    #[arg(long)]
    pub organigramma: Option<PathBuf>,
    /// File delle regole di calcolo (TOML); predefinite: templates/regole.toml.
    #[arg(long)]
    pub regole: Option<PathBuf>,
    /// File dei consuntivi separato (ripetibile): abbinato per codice, obiettivo e nome;
    /// una colonna dell'anno precedente fornisce il valore per i target «anno x-1».
    #[arg(long)]
    pub consuntivi: Vec<PathBuf>,
    /// Mappa (TOML): [[foglio]] forza il layout di fogli non riconosciuti (foglio,
    /// riga_intestazione, colonne = { B = "Indicatore", E = "Target 2022" }); [[responsabile]]
    /// assegna dirigente, area o trasversale a un foglio, a righe o a un obiettivo.
    #[arg(long)]
    pub mappa: Option<PathBuf>,
    /// Sinonimi aggiuntivi delle intestazioni (TOML, tabella [intestazioni]).
    #[arg(long)]
    pub sinonimi: Option<PathBuf>,
    /// Rettifiche motivate (CSV/XLSX): Codice oppure Obiettivo e Indicatore, Rettifica
    /// (un grado forzato o «escluso») e Motivazione obbligatoria; esempio in
    /// templates/rettifiche.csv.
    #[arg(long, value_name = "FILE")]
    pub rettifiche: Option<PathBuf>,
    /// Confronto con l'anno precedente: la tabella normalizzata dell'anno scorso (CSV scritto
    /// da `cruscotto convert --format csv`) o il piano dell'anno scorso. Aggiunge il
    /// raggiungimento precedente e la variazione (▲/▼/=) per indicatore, obiettivo, area e
    /// dirigente, ed elenca gli indicatori nuovi, eliminati o abbinati in modo ambiguo.
    #[arg(long, value_name = "FILE")]
    pub precedente: Option<PathBuf>,
}

impl PipelineArgs {
    /// The run's sources (everything but the plans), as the library takes them.
    pub fn sources(&self) -> Sources {
        Sources {
            anno: self.anno,
            periodo: self.periodo.clone(),
            organigramma: self.organigramma.clone(),
            regole: self.regole.clone(),
            consuntivi: self.consuntivi.clone(),
            mappa: self.mappa.clone(),
            sinonimi: self.sinonimi.clone(),
            rettifiche: self.rettifiche.clone(),
            precedente: self.precedente.clone(),
        }
    }

    /// Builds the pipeline options, loading the files named.
    pub fn options(&self) -> anyhow::Result<Options> {
        Ok(self.sources().options()?)
    }

    /// Runs the pipeline; an error when no input could be read.
    pub fn run(&self) -> anyhow::Result<Outcome> {
        let mut opts = self.options()?;
        // Tables, reports and checks cite no trace but the indicator's own
        // rule: `explain --row` and the web page score with the whole trace.
        opts.brief_trace = true;
        let out = pipeline::run(&self.inputs, &opts);
        for f in &out.failed {
            eprintln!("errore: {}", f.reason);
        }
        // Only the plans count here: an unreadable actuals or previous-year
        // file is reported above and the plans still give their reports.
        let plans_failed = self
            .inputs
            .iter()
            .filter(|p| {
                let name = p.display().to_string();
                out.failed.iter().any(|f| f.path == name)
            })
            .count();
        if plans_failed == self.inputs.len() {
            anyhow::bail!("nessun file leggibile");
        }
        if !out.refused.is_empty() {
            for e in &out.refused {
                eprintln!("errore: {e}");
            }
            anyhow::bail!(
                "{} rettifiche rifiutate: correggere il file delle rettifiche; non è stato scritto nulla",
                out.refused.len()
            );
        }
        Ok(out)
    }
}

/// The year-on-year comparison in a few Italian lines (for standard error
/// or the `check` listing): counts, then the new, dropped and ambiguous
/// indicators one per line. Empty without `--precedente`.
pub fn year_on_year_lines(outcome: &Outcome) -> Vec<String> {
    let Some(c) = &outcome.year_on_year else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    let year = cruscotto::year_on_year::main_year(&outcome.records);
    let prior = c.prior_year.map(|y| format!(" ({y})")).unwrap_or_default();
    lines.push(format!(
        "confronto con l'anno precedente{prior} da {}: indicatori abbinati {}, nuovi {}, eliminati {}, ambigui {}",
        c.source,
        c.matched,
        c.new.len(),
        c.dropped.len(),
        c.ambiguous.len()
    ));
    if let (Some(p), Some(y)) = (c.prior_year, year) {
        if p >= y {
            lines.push(format!(
                "attenzione: il file precedente è dell'anno {p}, non precedente al {y}"
            ));
        }
    }
    let body = &outcome.summary.body;
    if let Some(d) = cruscotto::year_on_year::change(body.attainment, body.prior_attainment) {
        lines.push(format!(
            "  ente: {}",
            cruscotto::year_on_year::change_text(d)
        ));
    }
    let owner = |r: &cruscotto::model::Record| {
        let o = r.dirigente_text();
        if o.is_empty() {
            r.area_text()
        } else {
            o
        }
    };
    for &i in &c.new {
        let r = &outcome.records[i];
        lines.push(format!(
            "  nuovo: {} «{}» ({}; {} «{}» riga {})",
            r.objective_code.as_deref().unwrap_or("-"),
            r.indicator,
            owner(r),
            r.location.file,
            r.location.sheet,
            r.location.row
        ));
    }
    for d in &c.dropped {
        let who = if d.dirigente.is_empty() {
            &d.area
        } else {
            &d.dirigente
        };
        lines.push(format!(
            "  eliminato: {} «{}» ({}; {} «{}» riga {})",
            d.objective_code.as_deref().unwrap_or("-"),
            d.indicator,
            who,
            d.location.file,
            d.location.sheet,
            d.location.row
        ));
    }
    for (i, rows) in &c.ambiguous {
        let r = &outcome.records[*i];
        let rows: Vec<String> = rows.iter().map(|l| l.row.to_string()).collect();
        lines.push(format!(
            "  ambiguo: «{}» ({} «{}» riga {}): corrisponde alle righe {} dell'anno precedente",
            r.indicator,
            r.location.file,
            r.location.sheet,
            r.location.row,
            rows.join(", ")
        ));
    }
    lines
}

/// When no indicator at all was read, says so on standard error (with where
/// to look) and gives exit status 1: an empty table or report written
/// without a word would look like success.
pub fn nothing_read(outcome: &Outcome, inputs: &[PathBuf]) -> Option<std::process::ExitCode> {
    if !outcome.records.is_empty() {
        return None;
    }
    let files: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
    eprintln!(
        "errore: nessun indicatore letto da {}: nessun foglio ha un'intestazione riconoscibile \
         (Indicatore, Target, …); non è stato scritto nulla.\n\
         Per vedere cosa non è stato riconosciuto: {} check {}\n\
         Per indicare la riga d'intestazione e le colonne di un foglio: --mappa FILE (vedi il README)",
        files.join(", "),
        program_name(),
        files
            .iter()
            .map(|f| shell_quote(f))
            .collect::<Vec<_>>()
            .join(" ")
    );
    Some(std::process::ExitCode::from(1))
}

/// How the user can call this program: `cruscotto` when that name on the
/// `PATH` is this very executable, else the executable's own path (e.g.
/// `target/release/cruscotto` after `cargo run`), so that commands printed
/// for the user work as they are.
pub fn program_name() -> String {
    let Ok(me) = std::env::current_exe().and_then(|p| p.canonicalize()) else {
        return "cruscotto".into();
    };
    let exe = format!("cruscotto{}", std::env::consts::EXE_SUFFIX);
    let on_path = std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths)
            .any(|d| d.join(&exe).canonicalize().is_ok_and(|found| found == me))
    });
    if on_path {
        return "cruscotto".into();
    }
    // Relative to the current directory when below it, as a user would type it.
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| cwd.canonicalize().ok())
        .and_then(|cwd| me.strip_prefix(&cwd).ok().map(|p| p.to_path_buf()))
        .map(|p| Path::new(".").join(p))
        .unwrap_or(me);
    shell_quote(&shown.display().to_string())
}

/// `s` quoted for a POSIX shell when it holds anything but plain path characters.
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:=,@".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Like [`write_output`], with the bytes written by `fill` as it builds
/// them (the normalised table of a large plan never sits whole in memory).
pub fn write_output_with(
    out: &Path,
    force: bool,
    fill: impl FnOnce(&mut dyn Write) -> Result<(), cruscotto::export::ExportError>,
) -> anyhow::Result<()> {
    use cruscotto::export::ExportError;
    let broken = |e: &ExportError| matches!(e, ExportError::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe);
    if out.as_os_str() == "-" {
        let mut so = std::io::BufWriter::new(std::io::stdout().lock());
        return match fill(&mut so).and_then(|()| Ok(so.flush()?)) {
            // The reader stopped early (`| head`): not an error.
            Err(e) if broken(&e) => Ok(()),
            other => Ok(other?),
        };
    }
    cruscotto::fsutil::write_atomic_with(out, force, |w| fill(w).map_err(anyhow::Error::from))
}

/// Writes `bytes` to `out` (`-` = standard output) atomically.
pub fn write_output(out: &Path, bytes: &[u8], force: bool) -> anyhow::Result<()> {
    if out.as_os_str() == "-" {
        let mut so = std::io::stdout().lock();
        return match so.write_all(bytes).and_then(|()| so.flush()) {
            // The reader stopped early (`| head`): not an error.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => Ok(other?),
        };
    }
    cruscotto::fsutil::write_atomic(out, bytes, force)?;
    Ok(())
}

/// The exit code of a finished command (2 when an input could not be read),
/// releasing `outcome` without freeing it piece by piece: the process ends
/// right after, and the system takes its memory back at once (on 100,000
/// indicators the piecewise free costs about a tenth of a second).
pub fn finish(outcome: Outcome) -> std::process::ExitCode {
    let code = if outcome.failed.is_empty() {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::from(2)
    };
    std::mem::forget(outcome);
    code
}
