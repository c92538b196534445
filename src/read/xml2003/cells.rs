//! SpreadsheetML cells: typing a cell's `Data` by its `ss:Type`, and the
//! display format of a style (`NumberFormat`, following `ss:Parent`).

use std::collections::HashMap;

use crate::read::format_code::classify_format_code;
use crate::read::{
    corrupt, number_cell, parse_iso_datetime, text_cell, Cell, CellValue, NumFormat, ReadError,
    MAX_CELLS_PER_SHEET,
};

/// A style as declared: its parent and its number format, if any.
#[derive(Debug, Default, Clone)]
pub(super) struct Style {
    pub(super) parent: Option<String>,
    pub(super) format: Option<String>,
}

/// One worksheet as read: cells with the index of their style id.
#[derive(Debug, Default)]
pub(super) struct RawSheet {
    pub(super) name: String,
    pub(super) cells: Vec<(u32, u32, Cell, Option<u32>)>,
    pub(super) merged: Vec<calamine::Dimensions>,
}

/// The cell being read.
#[derive(Debug, Default)]
pub(super) struct OpenCell {
    pub(super) row: u32,
    pub(super) col: u32,
    pub(super) style: Option<u32>,
    pub(super) typ: Option<String>,
    pub(super) text: String,
    pub(super) has_data: bool,
}

/// Turns a read cell into a typed [`Cell`] and stores it (empty cells are
/// not stored), refusing a sheet over the cell cap.
pub(super) fn push_cell(
    sheet: &mut RawSheet,
    open: OpenCell,
    shown: &str,
) -> Result<(), ReadError> {
    if !open.has_data {
        return Ok(());
    }
    let text = open.text;
    let value = match open.typ.as_deref().unwrap_or("String") {
        "Number" => match text.trim().parse::<f64>() {
            Ok(f) => number_cell(f, NumFormat::General),
            // Not a number after all: kept as written.
            Err(_) => text_cell(&text),
        },
        "DateTime" => match parse_iso_datetime(&text) {
            Some(v) => Cell {
                value: CellValue::Date(v),
                format: NumFormat::Date,
            },
            None => text_cell(&text),
        },
        "Boolean" => match text.trim() {
            "1" | "true" | "TRUE" => Cell {
                value: CellValue::Bool(true),
                format: NumFormat::General,
            },
            "0" | "false" | "FALSE" => Cell {
                value: CellValue::Bool(false),
                format: NumFormat::General,
            },
            _ => text_cell(&text),
        },
        "Error" => Cell {
            value: CellValue::Error(text),
            format: NumFormat::General,
        },
        _ => text_cell(&text),
    };
    if value.value == CellValue::Empty {
        return Ok(());
    }
    if sheet.cells.len() as u64 >= MAX_CELLS_PER_SHEET {
        return Err(corrupt(
            shown,
            format!(
                "file troppo grande: il foglio «{}» ha più di {MAX_CELLS_PER_SHEET} celle",
                sheet.name
            ),
        ));
    }
    sheet.cells.push((open.row, open.col, value, open.style));
    Ok(())
}

/// The display format of style `id`, following `ss:Parent` (at most 16
/// levels, so a cycle ends).
pub(super) fn style_format(styles: &HashMap<String, Style>, id: &str) -> NumFormat {
    let mut id = id;
    for _ in 0..16 {
        let Some(s) = styles.get(id) else {
            break;
        };
        if let Some(f) = &s.format {
            return classify_named_format(f);
        }
        match &s.parent {
            Some(p) => id = p,
            None => break,
        }
    }
    NumFormat::General
}

/// Classifies an `ss:Format`: Excel's named formats (`Percent`, `Short
/// Date`…) or a format code (`0.0%`, `dd/mm/yyyy`).
fn classify_named_format(f: &str) -> NumFormat {
    match f.trim() {
        "Percent" => NumFormat::Percent,
        "General Date" | "Long Date" | "Medium Date" | "Short Date" | "Long Time"
        | "Medium Time" | "Short Time" => NumFormat::Date,
        "General" | "General Number" | "Fixed" | "Standard" | "Currency" | "Euro Currency"
        | "Scientific" | "Yes/No" | "True/False" | "On/Off" => NumFormat::General,
        code => classify_format_code(code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_formats() {
        assert_eq!(classify_named_format("Percent"), NumFormat::Percent);
        assert_eq!(classify_named_format("0.0%"), NumFormat::Percent);
        assert_eq!(classify_named_format("Short Date"), NumFormat::Date);
        assert_eq!(classify_named_format("Fixed"), NumFormat::General);
        assert_eq!(classify_named_format("#,##0.00"), NumFormat::General);
    }
}
