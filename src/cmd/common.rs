//! Arguments and helpers shared by the subcommands that run the pipeline.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use cruscotto::organigramma::Organigramma;
use cruscotto::pipeline::{self, Options, Outcome};
use cruscotto::score::Rules;

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
    /// Periodo di monitoraggio AAAA-MM: il consuntivo è il valore a quella data; per gli
    /// indicatori di volume cumulativi si aggiunge la proiezione pro rata. Fissa anche l'anno.
    #[arg(long)]
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
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SynonymsFile {
    intestazioni: cruscotto::layout::Synonyms,
}

impl PipelineArgs {
    /// Builds the pipeline options, loading the files named.
    pub fn options(&self) -> anyhow::Result<Options> {
        let period = self
            .periodo
            .as_deref()
            .map(cruscotto::job::Period::parse)
            .transpose()?;
        let mut o = Options {
            anno: self.anno.or(period.map(|p| p.year)),
            months: period.map(|p| p.month).filter(|m| *m < 12),
            actuals: self.consuntivi.clone(),
            ..Options::default()
        };
        if let Some(p) = &self.organigramma {
            o.organigramma = Some(Organigramma::load(p)?);
        }
        o.rules = match &self.regole {
            Some(p) => Rules::load(p)?,
            None => Rules::default(),
        };
        if let Some(p) = &self.sinonimi {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("impossibile leggere i sinonimi {}", p.display()))?;
            let f: SynonymsFile = toml::from_str(&text)
                .with_context(|| format!("file dei sinonimi {} non valido", p.display()))?;
            o.layout.synonyms = f.intestazioni;
        }
        if let Some(p) = &self.mappa {
            o.layout.forced = cruscotto::layout::ForcedLayout::load(p, &o.layout.synonyms)
                .map_err(anyhow::Error::msg)?;
            o.layout.owners =
                cruscotto::layout::OwnerOverride::load(p).map_err(anyhow::Error::msg)?;
        }
        Ok(o)
    }

    /// Runs the pipeline; an error when no input could be read.
    pub fn run(&self) -> anyhow::Result<Outcome> {
        let opts = self.options()?;
        let out = pipeline::run(&self.inputs, &opts);
        for f in &out.failed {
            eprintln!("errore: {}", f.reason);
        }
        if out.failed.len() == self.inputs.len() {
            anyhow::bail!("nessun file leggibile");
        }
        Ok(out)
    }
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
