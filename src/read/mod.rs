//! Reading spreadsheets as they are: `.xlsx`, `.xls`, `.ods`, `.xlsb`, `.csv`/`.txt`.
//!
//! The output is a plain grid of typed [`Cell`]s per [`Sheet`], with 0-based
//! row/column indices; a [`Sheet`] knows the absolute row offset so that every
//! value can be traced back to its 1-based spreadsheet row.

use std::path::Path;

use chrono::NaiveDateTime;
use rust_decimal::Decimal;

/// Errors that make a whole input unreadable.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("impossibile leggere il file {path}: {source}")]
    Io {
        /// Path as given.
        path: String,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The extension is not a supported spreadsheet format.
    #[error("formato non supportato per {path}: usare .xlsx, .xls, .xlsb, .ods o .csv")]
    Unsupported {
        /// Path as given.
        path: String,
    },
    /// The file claims a format but its content is not valid.
    #[error("il file {path} non è un foglio di calcolo leggibile: {reason}")]
    Corrupt {
        /// Path as given.
        path: String,
        /// What went wrong, in Italian.
        reason: String,
    },
}

/// How a numeric cell is displayed, when the format could be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumFormat {
    /// General / number format.
    #[default]
    General,
    /// Percent format: the stored 0,95 is shown as 95%.
    Percent,
    /// A date or date-time format.
    Date,
    /// The format exists but could not be read (value meaning may be off).
    Unknown,
}

/// The typed content of a cell.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum CellValue {
    /// Empty cell.
    #[default]
    Empty,
    /// Text, verbatim (not trimmed).
    Text(String),
    /// A number exactly as stored (shortest round-trip of the stored float).
    Number(Decimal),
    /// A date (or date-time) cell.
    Date(NaiveDateTime),
    /// A boolean cell.
    Bool(bool),
    /// A formula error (`#DIV/0!`).
    Error(String),
}

/// One cell: typed value plus display format.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    /// Value.
    pub value: CellValue,
    /// Number format (only meaningful for numbers).
    pub format: NumFormat,
}

/// A merged range, 0-based inclusive, relative to the sheet grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merged {
    /// First row.
    pub first_row: usize,
    /// First column.
    pub first_col: usize,
    /// Last row.
    pub last_row: usize,
    /// Last column.
    pub last_col: usize,
}

/// A sheet as a grid of cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    /// Sheet name (for CSV, the file stem).
    pub name: String,
    /// Rows of cells; row `i` is spreadsheet row `row_offset + i + 1`.
    pub rows: Vec<Vec<Cell>>,
    /// 0-based absolute index of `rows[0]`.
    pub row_offset: u32,
    /// 0-based absolute index of column 0 of the grid.
    pub col_offset: u32,
    /// Merged ranges, in grid coordinates.
    pub merged: Vec<Merged>,
}

/// A whole input file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Workbook {
    /// Path as given by the user.
    pub path: String,
    /// Sheets in workbook order.
    pub sheets: Vec<Sheet>,
    /// Whether number formats (percent, date) could be read for this format.
    pub formats_known: bool,
}

/// Opens any supported input by extension.
pub fn open(path: &Path) -> Result<Workbook, ReadError> {
    Err(ReadError::Unsupported {
        path: path.display().to_string(),
    })
}
