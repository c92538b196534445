//! `.xlsx`/`.xlsm` (and `.xlsb`) through calamine.
//!
//! Values are streamed with calamine's cell reader (sparse, so a sheet with
//! one cell in `A1` and one in `XFD1048576` is refused by the size cap
//! instead of allocating a huge grid); number formats come from calamine's
//! per-cell styles (`cellXfs` → `numFmtId` → format code), classified by
//! [`classify_format_code`](super::classify_format_code) and the built-in ids.

use std::io::BufReader;
use std::path::Path;

use calamine::{Data, DataRef, Reader, Xlsb, XlsbError, Xlsx, XlsxError};

use super::format_code::{classify_builtin_id, classify_format_code};
use super::grid::GridBuilder;
use super::{
    cell_from_data, corrupt, dates_from_serials, merged_to_grid, open_file, sheet_from_range,
    text_cell, worksheet_names, Cell, NumFormat, ReadError, Sheet, Workbook,
};

fn xlsx_error(path: &str, e: XlsxError) -> ReadError {
    match e {
        XlsxError::Password => ReadError::Encrypted {
            path: path.to_string(),
        },
        XlsxError::Io(source) => ReadError::Io {
            path: path.to_string(),
            source,
        },
        other => corrupt(path, format!("contenuto xlsx non valido ({other})")),
    }
}

fn xlsb_error(path: &str, e: XlsbError) -> ReadError {
    match e {
        XlsbError::Password => ReadError::Encrypted {
            path: path.to_string(),
        },
        XlsbError::Io(source) => ReadError::Io {
            path: path.to_string(),
            source,
        },
        other => corrupt(path, format!("contenuto xlsb non valido ({other})")),
    }
}

/// Display format of a calamine style.
fn style_format(style: Option<&calamine::Style>) -> NumFormat {
    let Some(nf) = style.and_then(|s| s.number_format.as_ref()) else {
        return NumFormat::General;
    };
    match classify_format_code(&nf.format_code) {
        NumFormat::General => nf.format_id.map_or(NumFormat::General, classify_builtin_id),
        f => f,
    }
}

pub(crate) fn read_xlsx(path: &Path, shown: &str) -> Result<Workbook, ReadError> {
    let file = open_file(path, shown)?;
    let mut xl: Xlsx<_> = Xlsx::new(BufReader::new(file)).map_err(|e| xlsx_error(shown, e))?;
    let names = worksheet_names(xl.sheets_metadata());
    let is_1904 = xl.has_1904_epoch();
    // calamine reads merged ranges with a pass of their own over each sheet's
    // XML: that pass runs on a second handle, beside the cell pass.
    std::thread::scope(|s| {
        let merges = s.spawn(|| merges_of(path, shown, &names));
        let mut sheets = Vec::with_capacity(names.len());
        for name in &names {
            sheets.push(read_cells(&mut xl, shown, name, is_1904)?);
        }
        let merges = merges
            .join()
            .map_err(|_| corrupt(shown, "lettura delle celle unite interrotta".to_string()))??;
        for (sheet, dims) in sheets.iter_mut().zip(&merges) {
            sheet.merged = merged_to_grid(sheet, dims);
        }
        Ok(Workbook {
            path: shown.to_string(),
            sheets,
            formats_known: true,
        })
    })
}

/// Merged ranges of each named sheet, read through a handle of its own.
fn merges_of(
    path: &Path,
    shown: &str,
    names: &[String],
) -> Result<Vec<Vec<calamine::Dimensions>>, ReadError> {
    let file = open_file(path, shown)?;
    let mut xl: Xlsx<_> = Xlsx::new(BufReader::new(file)).map_err(|e| xlsx_error(shown, e))?;
    names
        .iter()
        .map(|name| {
            xl.merge_cells_by_sheet_name(name)
                .map_err(|e| xlsx_error(shown, e))
        })
        .collect()
}

/// One sheet's cells, values and styles in one pass over its XML.
fn read_cells<RS: std::io::Read + std::io::Seek>(
    xl: &mut Xlsx<RS>,
    shown: &str,
    name: &str,
    is_1904: bool,
) -> Result<Sheet, ReadError> {
    // Cells go straight into the sheet's grid (no list of them first).
    let mut grid = GridBuilder::new(shown, name);
    {
        let mut reader = xl
            .worksheet_cells_reader(name)
            .map_err(|e| xlsx_error(shown, e))?;
        // Display format per style id, classified once.
        let mut by_style: Vec<Option<NumFormat>> = vec![None; reader.styles().len()];
        while let Some((c, style)) = reader
            .next_cell_with_style_id()
            .map_err(|e| xlsx_error(shown, e))?
        {
            let (r, col) = c.get_position();
            let value = c.get_value();
            let fmt = match value {
                DataRef::Empty => continue,
                DataRef::Int(_) | DataRef::Float(_) => match by_style.get(style) {
                    Some(Some(f)) => *f,
                    Some(None) => {
                        let f = style_format(reader.styles().get(style));
                        by_style[style] = Some(f);
                        f
                    }
                    None => style_format(reader.styles().get(style)),
                },
                _ => NumFormat::General,
            };
            grid.put(r, col, cell_from_ref(value, fmt));
        }
    }
    let mut sheet = grid.finish()?;
    dates_from_serials(&mut sheet, is_1904);
    Ok(sheet)
}

/// [`cell_from_data`] for calamine's borrowed values (no copy of the value
/// before the cell's own).
fn cell_from_ref(d: &DataRef<'_>, fmt: NumFormat) -> Cell {
    match d {
        DataRef::SharedString(s) => text_cell(s),
        DataRef::String(s) => text_cell(s),
        DataRef::Int(i) => cell_from_data(&Data::Int(*i), fmt),
        DataRef::Float(f) => cell_from_data(&Data::Float(*f), fmt),
        other => cell_from_data(&other.clone().into(), fmt),
    }
}

/// Builds a dense grid from sparse cells (absolute positions), after checking
/// the bounding box against the size cap.
pub(crate) fn sheet_from_sparse(
    shown: &str,
    name: &str,
    cells: Vec<(u32, u32, Cell)>,
) -> Result<Sheet, ReadError> {
    let mut grid = GridBuilder::new(shown, name);
    for (r, c, cell) in cells {
        grid.put(r, c, cell);
    }
    grid.finish()
}

pub(crate) fn read_xlsb(path: &Path, shown: &str) -> Result<Workbook, ReadError> {
    let file = open_file(path, shown)?;
    let mut xl: Xlsb<_> = Xlsb::new(BufReader::new(file)).map_err(|e| xlsb_error(shown, e))?;
    let names = worksheet_names(xl.sheets_metadata());
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let range = xl
            .worksheet_range(&name)
            .map_err(|e| xlsb_error(shown, e))?;
        // calamine does not expose xlsb cell formats: dates are detected,
        // percent cells are not.
        sheets.push(sheet_from_range(shown, &name, &range, |_, _| {
            NumFormat::Unknown
        })?);
    }
    Ok(Workbook {
        path: shown.to_string(),
        sheets,
        formats_known: false,
    })
}
