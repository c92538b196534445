//! Attainment: polarity, per-indicator scores and weighted roll-ups.

use std::path::Path;

use crate::model::{Anomaly, GroupScore, Level, Record, Status, StatusCounts, Summary};

/// Errors loading a rules file.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The file could not be read.
    #[error("impossibile leggere le regole {path}: {source}")]
    Io {
        /// Path.
        path: String,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML for the rules.
    #[error("file delle regole {path} non valido: {reason}")]
    Invalid {
        /// Path.
        path: String,
        /// Cause.
        reason: String,
    },
}

/// Scoring rules (STUB).
#[derive(Debug, Clone, Default)]
pub struct Rules {}

impl Rules {
    /// Loads a rules file (STUB).
    pub fn load(_path: &Path) -> Result<Rules, RulesError> {
        Ok(Rules::default())
    }
}

/// Scores every record in place (STUB).
pub fn score_all(_records: &mut [Record], _rules: &Rules) {}

/// Rolls records up (STUB).
pub fn summarise(_records: &[Record], _rules: &Rules) -> (Summary, Vec<Anomaly>) {
    let body = GroupScore {
        level: Level::Ente,
        key: "ente".into(),
        label: "Ente".into(),
        attainment: None,
        status: Status::NonValutabile,
        counts: StatusCounts::default(),
        records: vec![],
        members: vec![],
        renormalised: false,
        notes: vec![],
    };
    (
        Summary {
            objectives: vec![],
            areas: vec![],
            dirigenti: vec![],
            body,
        },
        vec![],
    )
}
