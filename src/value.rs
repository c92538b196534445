//! Italian values: numbers (`1.234,56`), percentages, dates, yes/no, placeholders.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::{ActualValue, AnomalyCode};
use crate::read::{Cell, CellValue};

/// Why a value could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// Not a value of the expected kind.
    #[error("valore non riconosciuto: «{0}»")]
    Invalid(String),
    /// A number that could be read in more than one way (`1.5`, `1.23.4`).
    #[error("numero ambiguo «{0}»: {1}")]
    Ambiguous(String, String),
    /// An impossible or ambiguous date (`31/02/2025`).
    #[error("data non valida «{0}»")]
    BadDate(String),
}

impl ValueError {
    /// The anomaly code this error is reported with.
    pub fn code(&self) -> AnomalyCode {
        match self {
            ValueError::Invalid(_) => AnomalyCode::ConsuntivoNonLetto,
            ValueError::Ambiguous(..) => AnomalyCode::NumeroAmbiguo,
            ValueError::BadDate(_) => AnomalyCode::DataNonValida,
        }
    }
}

/// Context for reading a value: its unit and whether it sits in a date column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValueContext {
    /// UdM as written.
    pub unit: Option<String>,
    /// A bare integer is an Excel date serial.
    pub date_context: bool,
}

/// Parses an Italian number (STUB).
pub fn parse_number(s: &str) -> Result<Decimal, ValueError> {
    Err(ValueError::Invalid(s.to_string()))
}

/// Parses a percentage into percent points (STUB).
pub fn parse_percent(s: &str) -> Result<Decimal, ValueError> {
    Err(ValueError::Invalid(s.to_string()))
}

/// Parses an Italian date (STUB).
pub fn parse_date(s: &str) -> Result<NaiveDate, ValueError> {
    Err(ValueError::BadDate(s.to_string()))
}

/// Formats a decimal the Italian way (STUB).
pub fn format_italian(d: Decimal) -> String {
    d.to_string()
}

/// Types an actual value from a cell (STUB).
pub fn actual_from_cell(cell: &Cell, _ctx: &ValueContext) -> Result<ActualValue, ValueError> {
    Ok(ActualValue::Text(cell_display(cell)))
}

/// The text a cell shows, for display and text parsing.
pub fn cell_display(cell: &Cell) -> String {
    match &cell.value {
        CellValue::Text(s) => s.clone(),
        CellValue::Number(d) => d.to_string().replace('.', ","),
        CellValue::Date(d) => d.format("%d/%m/%Y").to_string(),
        CellValue::Bool(b) => b.to_string(),
        CellValue::Error(e) => e.clone(),
        CellValue::Empty => String::new(),
    }
}
