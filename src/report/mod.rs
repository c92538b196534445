//! Formatted XLSX annexes per dirigente, per area and for the whole body.

use std::path::Path;

use chrono::NaiveDate;

use crate::model::{Anomaly, Record, Summary};

/// Errors building a report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The template could not be read.
    #[error("modello di report non valido {path}: {reason}")]
    Template {
        /// Path.
        path: String,
        /// Cause.
        reason: String,
    },
    /// The workbook could not be written.
    #[error("impossibile scrivere il report: {0}")]
    Xlsx(String),
}

/// Who a report is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// One dirigente.
    Dirigente(String),
    /// One area.
    Area(String),
    /// The whole body (`riepilogo.xlsx`).
    Ente,
}

/// Report metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportMeta {
    /// Name of the body.
    pub ente: Option<String>,
    /// Report year.
    pub anno: Option<i32>,
    /// Date shown as generation date (fixed for reproducible output).
    pub generated_on: Option<NaiveDate>,
}

/// A report template (STUB).
#[derive(Debug, Clone, Default)]
pub struct Template {}

impl Template {
    /// Loads a template file (STUB).
    pub fn load(_path: &Path) -> Result<Template, ReportError> {
        Ok(Template::default())
    }
}

/// File name of the report of `scope` (STUB).
pub fn report_file_name(scope: &Scope) -> String {
    match scope {
        Scope::Dirigente(d) => format!("dirigente-{d}.xlsx"),
        Scope::Area(a) => format!("area-{a}.xlsx"),
        Scope::Ente => "riepilogo.xlsx".into(),
    }
}

/// Writes the report of `scope` (STUB).
pub fn write_report(
    _scope: &Scope,
    _records: &[Record],
    _summary: &Summary,
    _anomalies: &[Anomaly],
    _tpl: &Template,
    _meta: &ReportMeta,
) -> Result<Vec<u8>, ReportError> {
    Ok(Vec::new())
}
pub mod batch;
