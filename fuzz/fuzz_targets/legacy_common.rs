//! Shared by the `html_reader` and `spreadsheetml_reader` targets.

use std::io::Write;

use cruscotto::layout::{detect_sheet, Options};
use cruscotto::read::{ReadError, Workbook};

/// Reads `rest` in memory with `from_bytes` (mode byte even) or, written to
/// a temporary `.xls` or `.xml` file, through `read::open` with its
/// detection by content (mode byte odd); then checks every sheet and runs
/// the layout on it. Built with `-O -a`: optimised, with overflow checks. No `read::open` panic hook is replaced: a panic
/// anywhere, even one `read::open` would contain, aborts the run.
pub fn run(data: &[u8], from_bytes: fn(&[u8], &str) -> Result<Workbook, ReadError>) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    // Zip and compound files go to calamine's readers: the
    // `spreadsheet_reader` target's business (and its overflow findings).
    if rest.starts_with(b"PK") || rest.starts_with(&[0xD0, 0xCF]) {
        return;
    }
    let wb = if mode % 2 == 0 {
        from_bytes(rest, "fuzz.xls")
    } else {
        let ext = if mode % 4 == 1 { ".xls" } else { ".xml" };
        let Ok(mut file) = tempfile::Builder::new().suffix(ext).tempfile() else {
            return;
        };
        if file.write_all(rest).and_then(|_| file.flush()).is_err() {
            return;
        }
        cruscotto::read::open(file.path())
    };
    let Ok(wb) = wb else {
        return;
    };
    let opts = Options::default();
    for sheet in &wb.sheets {
        let width = sheet.rows.first().map_or(0, Vec::len);
        for row in &sheet.rows {
            assert_eq!(row.len(), width, "the grid of a sheet is rectangular");
        }
        for m in &sheet.merged {
            assert!(m.first_row <= m.last_row && m.first_col <= m.last_col);
            assert!(m.last_row < sheet.rows.len() && m.last_col < width);
        }
        let _ = detect_sheet(&wb.path, sheet, &opts);
    }
}
