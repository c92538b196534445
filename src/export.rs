//! The canonical normalised table: CSV, XLSX and JSON forms.

use crate::model::{Level, Record, Summary};

/// Errors writing an export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Unknown format name.
    #[error("formato sconosciuto «{0}»: usare csv, xlsx o json")]
    UnknownFormat(String),
    /// Other failure.
    #[error("esportazione non riuscita: {0}")]
    Failed(String),
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV, UTF-8, comma-separated.
    Csv,
    /// XLSX typed table.
    Xlsx,
    /// JSON array.
    Json,
}

impl std::str::FromStr for Format {
    type Err = ExportError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            "json" => Ok(Format::Json),
            _ => Err(ExportError::UnknownFormat(s.to_string())),
        }
    }
}

/// Exports records (STUB).
pub fn export(_records: &[Record], _format: Format) -> Result<Vec<u8>, ExportError> {
    Ok(Vec::new())
}

/// Exports one roll-up level (STUB).
pub fn summary_export(
    _summary: &Summary,
    _level: Level,
    _format: Format,
) -> Result<Vec<u8>, ExportError> {
    Ok(Vec::new())
}
