//! The files and choices a run is built from — the command line's flags
//! (`--anno`, `--periodo`, `--organigramma`, …) and the web page's form
//! alike — turned into pipeline [`Options`] in one place.
//!
//! ```
//! use cruscotto::sources::Sources;
//! let s = Sources { periodo: Some("2025-06".into()), ..Sources::default() };
//! let o = s.options().unwrap();
//! assert_eq!((o.anno, o.months), (Some(2025), Some(6)));
//! let bad = Sources { periodo: Some("giugno".into()), ..Sources::default() };
//! assert!(bad.options().unwrap_err().to_string().contains("AAAA-MM"));
//! ```

use std::path::PathBuf;

use crate::layout::{ForcedLayout, OwnerOverride, Synonyms};
use crate::organigramma::{Organigramma, OrganigrammaError};
use crate::period::{Period, PeriodError};
use crate::pipeline::Options;
use crate::score::{Rules, RulesError};

/// The inputs of a run other than the plans themselves: each a choice or a
/// file to load. `Default` is a run with nothing but the plans.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    /// Report year: which target column to use.
    pub anno: Option<i32>,
    /// Monitoring period `YYYY-MM`: fixes the year too; before December,
    /// cumulative volume indicators get a pro-rata projection.
    pub periodo: Option<String>,
    /// Organigramma CSV (`Area;Dirigente[;Alias]`).
    pub organigramma: Option<PathBuf>,
    /// Scoring rules (TOML); the default rules when `None`.
    pub regole: Option<PathBuf>,
    /// Separate actuals files.
    pub consuntivi: Vec<PathBuf>,
    /// Mapping file (TOML: `[[foglio]]`, `[[responsabile]]`).
    pub mappa: Option<PathBuf>,
    /// Extra header synonyms (TOML, table `[intestazioni]`).
    pub sinonimi: Option<PathBuf>,
    /// Justified corrections (CSV or spreadsheet, see [`crate::rettifiche`]).
    pub rettifiche: Option<PathBuf>,
    /// Last year's normalised table or plan, for the year-on-year comparison.
    pub precedente: Option<PathBuf>,
}

/// A source that could not be loaded (Italian messages).
#[derive(Debug, thiserror::Error)]
pub enum SourcesError {
    /// The period is not `YYYY-MM`, `YYYY-T1`, `YYYY-Q1` or `YYYY-S1`.
    #[error(transparent)]
    Period(#[from] PeriodError),
    /// The organigramma could not be read.
    #[error(transparent)]
    Organigramma(#[from] OrganigrammaError),
    /// The rules file could not be read.
    #[error(transparent)]
    Rules(#[from] RulesError),
    /// The synonyms file could not be read.
    #[error("impossibile leggere i sinonimi {path}")]
    SynonymsIo {
        /// Path.
        path: String,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
    /// The synonyms file is not valid.
    #[error("file dei sinonimi {path} non valido")]
    SynonymsInvalid {
        /// Path.
        path: String,
        /// Cause.
        #[source]
        source: toml::de::Error,
    },
    /// The mapping file could not be read or is not valid.
    #[error("{0}")]
    Mapping(String),
    /// The corrections file could not be read or has a refused row.
    #[error(transparent)]
    Rettifiche(#[from] crate::rettifiche::RettificheError),
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SynonymsFile {
    intestazioni: Synonyms,
}

impl Sources {
    /// The period, when one was given.
    pub fn period(&self) -> Result<Option<Period>, SourcesError> {
        Ok(self.periodo.as_deref().map(Period::parse).transpose()?)
    }

    /// Builds the pipeline options, loading the files named.
    pub fn options(&self) -> Result<Options, SourcesError> {
        let period = self.period()?;
        let mut o = Options {
            anno: self.anno.or(period.map(|p| p.year)),
            months: period.and_then(Period::months_elapsed),
            actuals: self.consuntivi.clone(),
            previous: self.precedente.clone(),
            ..Options::default()
        };
        if let Some(p) = &self.rettifiche {
            o.rettifiche = Some(crate::rettifiche::Rettifiche::load(p)?);
        }
        if let Some(p) = &self.organigramma {
            o.organigramma = Some(Organigramma::load(p)?);
        }
        o.rules = match &self.regole {
            Some(p) => Rules::load(p)?,
            None => Rules::default(),
        };
        if let Some(p) = &self.sinonimi {
            let path = p.display().to_string();
            let text = std::fs::read_to_string(p).map_err(|source| SourcesError::SynonymsIo {
                path: path.clone(),
                source,
            })?;
            let f: SynonymsFile = toml::from_str(&text)
                .map_err(|source| SourcesError::SynonymsInvalid { path, source })?;
            o.layout.synonyms = f.intestazioni;
        }
        if let Some(p) = &self.mappa {
            o.layout.forced =
                ForcedLayout::load(p, &o.layout.synonyms).map_err(SourcesError::Mapping)?;
            o.layout.owners = OwnerOverride::load(p).map_err(SourcesError::Mapping)?;
        }
        Ok(o)
    }
}
