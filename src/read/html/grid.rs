//! Placing an HTML table's cells on a grid as a browser does.

use super::RawTable;
use crate::read::xlsx::sheet_from_sparse;
use crate::read::{check_grid, corrupt, merged_to_grid, text_cell, Cell, ReadError, Sheet};

/// Widest table accepted: Excel's 16,384 columns.
const MAX_COLS: u64 = 16_384;

/// Places the cells of a table on a grid as a browser does (a cell takes
/// the first column not covered by a `rowspan` from above), checking the
/// grid against the size caps as it grows.
pub(super) fn lay_out(
    shown: &str,
    index: usize,
    name: &str,
    table: RawTable,
) -> Result<Sheet, ReadError> {
    let too_big = |rows: u64, cols: u64| {
        check_grid(shown, name, rows, cols).and_then(|_| {
            if cols > MAX_COLS {
                Err(corrupt(
                    shown,
                    format!("la tabella {index} («{name}») supera le {MAX_COLS} colonne di Excel"),
                ))
            } else {
                Ok(())
            }
        })
    };
    // Per column, the first row (exclusive end) it is covered until.
    let mut covered: Vec<u64> = Vec::new();
    let mut cells: Vec<(u32, u32, Cell)> = Vec::new();
    let mut merged: Vec<calamine::Dimensions> = Vec::new();
    for (r, row) in table.rows.into_iter().enumerate() {
        let r = r as u64;
        let mut c = 0u64;
        for raw in row {
            while covered.get(c as usize).is_some_and(|&until| until > r) {
                c += 1;
                too_big(r + 1, c + 1)?;
            }
            too_big(r + 1, c + raw.colspan)?;
            // A span running into a cell covered from above stops there
            // (overlapping cells are an error in the table model).
            let mut cs = 1;
            while cs < raw.colspan
                && covered
                    .get((c + cs) as usize)
                    .is_none_or(|&until| until <= r)
            {
                cs += 1;
            }
            let last_c = c + cs - 1;
            let last_r = r + raw.rowspan - 1;
            if covered.len() <= last_c as usize {
                covered.resize(last_c as usize + 1, 0);
            }
            for k in c..=last_c {
                covered[k as usize] = last_r + 1;
            }
            // Rows and columns fit in u32: both are bounded by the caps above.
            let (r32, c32) = (r as u32, c as u32);
            if !raw.text.is_empty() {
                cells.push((r32, c32, text_cell(&raw.text)));
            }
            if cs > 1 || raw.rowspan > 1 {
                merged.push(calamine::Dimensions {
                    start: (r32, c32),
                    end: (u32::try_from(last_r).unwrap_or(u32::MAX), last_c as u32),
                });
            }
            c = last_c + 1;
        }
    }
    let mut sheet = sheet_from_sparse(shown, name, cells)?;
    sheet.merged = merged_to_grid(&sheet, &clip_to_grid(&sheet, merged));
    Ok(sheet)
}

/// Merged ranges (absolute) starting before the grid's first row or column
/// (the grid starts at the first valued cell, so an empty anchor can lie
/// outside it) are kept from the grid's edge; [`merged_to_grid`] does the rest.
pub(crate) fn clip_to_grid(
    sheet: &Sheet,
    merged: Vec<calamine::Dimensions>,
) -> Vec<calamine::Dimensions> {
    merged
        .into_iter()
        .filter(|d| d.end.0 >= sheet.row_offset && d.end.1 >= sheet.col_offset)
        .map(|d| calamine::Dimensions {
            start: (
                d.start.0.max(sheet.row_offset),
                d.start.1.max(sheet.col_offset),
            ),
            end: d.end,
        })
        .collect()
}
