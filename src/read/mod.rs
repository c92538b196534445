//! Reading spreadsheets as they are: `.xlsx`, `.xls`, `.ods`, `.xlsb`, `.csv`/`.txt`,
//! and the legacy «Esporta in Excel» formats: HTML tables and Excel 2003 XML
//! Spreadsheet, whatever their extension (`.xls`, `.xml`, `.htm`).
//!
//! The output is a plain grid of typed [`Cell`]s per [`Sheet`], with 0-based
//! row/column indices; a [`Sheet`] knows the absolute row offset so that every
//! value can be traced back to its 1-based spreadsheet row.

use std::io::Read;
use std::path::Path;
use std::str::FromStr;

use chrono::NaiveDateTime;
use rust_decimal::Decimal;

mod csv;
mod detect;
mod format_code;
mod grid;
mod html;
mod ods;
mod xls;
mod xlsx;
mod xml2003;

pub use self::csv::{csv_from_bytes, decode_text, sniff_delimiter};
pub use self::format_code::classify_format_code;
pub use self::html::html_from_bytes;
pub use self::xml2003::spreadsheetml_from_bytes;

/// Errors that make a whole input unreadable.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("impossibile leggere il file {path}: {}", crate::fsutil::io_italian(.source))]
    Io {
        /// Path as given.
        path: String,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The extension is not a supported spreadsheet format.
    #[error(
        "formato non supportato per {path}: usare .xlsx, .xls, .xlsb, .ods, .csv \
         (o l'esportazione in Excel come pagina HTML o XML 2003: .xls, .xml, .htm)"
    )]
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
    /// The file is password protected (encrypted).
    #[error("il file {path} è protetto da password: salvarlo senza password e riprovare")]
    Encrypted {
        /// Path as given.
        path: String,
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

/// Largest grid accepted for one sheet (rows × columns), to fail clearly
/// instead of exhausting memory on hostile or broken files.
pub const MAX_CELLS_PER_SHEET: u64 = 20_000_000;

/// Largest amount of data decompressed from one archive entry or stream
/// that this module parses itself.
pub(crate) const MAX_ENTRY_BYTES: u64 = 512 * 1024 * 1024;

/// Opens any supported input, choosing the reader by content (magic bytes,
/// then the first element of a text file) and extension.
///
/// - `.xlsx`/`.xlsm`: values, dates, number formats (percent/date) and merged
///   cells;
/// - `.xls` (Excel 97–2003): values, dates, number formats from the BIFF8
///   `FORMAT`/`XF` records, merged cells;
/// - `.ods`: values, dates, percentage cells and merged cells from
///   `content.xml`;
/// - `.xlsb`: values and dates only (`formats_known == false`);
/// - `.csv`/`.txt`: every field as text, delimiter and encoding sniffed;
/// - HTML tables saved as `.xls`, `.htm` or `.html`: each top-level
///   `<table>` a sheet, every cell text as the page shows it, `colspan` and
///   `rowspan` as merged cells, the declared charset (Windows-1252 default);
/// - Excel 2003 XML Spreadsheet saved as `.xml` or `.xls`: typed cells,
///   number formats from the styles, merged cells.
///
/// A file of another kind (a Word document or PDF saved as `.xls`, an HTML
/// page without tables, a zip of something else) is refused with a message
/// that says what it is.
///
/// # Examples
///
/// ```
/// use std::io::Write;
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("piano.csv");
/// std::fs::File::create(&path)
///     .unwrap()
///     .write_all(b"Indicatore;Target\r\nPratiche evase;95%\r\n")
///     .unwrap();
/// let wb = cruscotto::read::open(&path).unwrap();
/// assert_eq!(wb.sheets[0].name, "piano");
/// assert_eq!(
///     wb.sheets[0].rows[1][1].value,
///     cruscotto::read::CellValue::Text("95%".into())
/// );
///
/// // An «Esporta in Excel» that is an HTML table saved as .xls.
/// let path = dir.path().join("export.xls");
/// std::fs::write(
///     &path,
///     b"<html><body><table><caption>Obiettivi</caption>\
///       <tr><th>Indicatore</th><th>Target</th></tr>\
///       <tr><td>Pratiche evase</td><td>&gt;= 95%</td></tr></table></body></html>",
/// )
/// .unwrap();
/// let wb = cruscotto::read::open(&path).unwrap();
/// assert_eq!(wb.sheets[0].name, "Obiettivi");
/// assert_eq!(
///     wb.sheets[0].rows[1][1].value,
///     cruscotto::read::CellValue::Text(">= 95%".into())
/// );
/// ```
pub fn open(path: &Path) -> Result<Workbook, ReadError> {
    let shown = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    let kind = match ext.as_str() {
        "xlsx" | "xlsm" | "xltx" | "xltm" => Kind::Xlsx,
        "xlsb" => Kind::Xlsb,
        "xls" | "xlt" => Kind::Xls,
        "ods" | "ots" => Kind::Ods,
        "csv" | "txt" | "tsv" => Kind::Csv,
        "xml" | "htm" | "html" => Kind::Markup,
        _ => return Err(ReadError::Unsupported { path: shown }),
    };
    let mut file = open_file(path, &shown)?;
    let mut head = [0u8; 4096];
    let n = read_up_to(&mut file, &mut head).map_err(|source| ReadError::Io {
        path: shown.clone(),
        source,
    })?;
    drop(file);
    if n == 0 {
        return Err(corrupt(&shown, "il file è vuoto"));
    }
    let head = &head[..n];
    let magic = &head[..n.min(8)];
    let is_zip = magic.starts_with(b"PK\x03\x04");
    let is_cfb = magic.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let not_a_plan = |what: &str| {
        corrupt(
            &shown,
            format!(
                "è {what}: serve il file Excel (.xlsx, .xls) o OpenDocument (.ods) \
                 con il piano"
            ),
        )
    };
    // A document of another kind saved or renamed as a spreadsheet: say
    // what it is instead of a parser's message about its insides.
    if let Some(what) = detect::other_document(path, magic, is_zip, is_cfb) {
        return Err(not_a_plan(&what));
    }
    // The content wins over the extension: legacy tools often save an xlsx
    // as `.xls` or the other way round, and HTML or XML as `.xls`.
    let kind = match kind {
        Kind::Csv => Kind::Csv,
        _ if is_cfb => Kind::Xls,
        Kind::Xls | Kind::Xlsx | Kind::Markup if is_zip => Kind::Xlsx,
        k @ (Kind::Ods | Kind::Xlsb) if is_zip => k,
        _ => match detect::sniff(head) {
            detect::Sniffed::SpreadsheetMl => Kind::SpreadsheetMl,
            detect::Sniffed::Html => Kind::Html,
            detect::Sniffed::Other(what) => return Err(not_a_plan(&what)),
            detect::Sniffed::Unknown => {
                return Err(corrupt(
                    &shown,
                    "il contenuto non è un file Excel/OpenDocument (forse un file di testo o un file danneggiato)",
                ))
            }
        },
    };
    if is_zip {
        check_zip(path, &shown, MAX_ENTRY_BYTES, MAX_ZIP_TOTAL_BYTES)?;
    }
    // Last line of defence: a reader library that panics on a damaged file
    // (calamine indexes some offsets taken from the file unchecked) gives the
    // user an error on that file, not a crash of the whole run.
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match kind {
        Kind::Xlsx => xlsx::read_xlsx(path, &shown),
        Kind::Xlsb => xlsx::read_xlsb(path, &shown),
        Kind::Xls => xls::read(path, &shown),
        Kind::Ods => ods::read(path, &shown),
        Kind::Csv => csv::read(path, &shown),
        Kind::Html => html::read(path, &shown),
        Kind::SpreadsheetMl => xml2003::read(path, &shown),
        // Resolved above from the content.
        Kind::Markup => Err(ReadError::Unsupported {
            path: shown.clone(),
        }),
    }));
    let mut wb = read.unwrap_or_else(|_| {
        Err(corrupt(
            &shown,
            "il lettore si è interrotto su questo file: file danneggiato",
        ))
    })?;
    wb.path = shown;
    Ok(wb)
}

/// What all the entries of a zip container may hold once inflated.
pub(crate) const MAX_ZIP_TOTAL_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Refuses a zip container (xlsx, ods, xlsb) whose entries declare more than
/// `cap_entry` bytes each or `cap_total` together once inflated, or inflate
/// more than 1000 times over a large size: a «zip bomb» is stopped before any
/// parser expands it.
pub(crate) fn check_zip(
    path: &Path,
    shown: &str,
    cap_entry: u64,
    cap_total: u64,
) -> Result<(), ReadError> {
    let file = open_file(path, shown)?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| corrupt(shown, format!("archivio zip non valido ({e})")))?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| corrupt(shown, format!("archivio zip non valido ({e})")))?;
        let size = entry.size();
        let packed = entry.compressed_size().max(1);
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        total = total.saturating_add(size);
        let bomb = size > 64 * 1024 * 1024 && size / packed > 1000;
        if size > cap_entry || total > cap_total || bomb {
            return Err(corrupt(
                shown,
                format!(
                    "file troppo grande: «{}» si espande a {} MiB (limite {} MiB per parte, {} MiB in tutto): possibile archivio malevolo",
                    name,
                    size / (1024 * 1024),
                    cap_entry / (1024 * 1024),
                    cap_total / (1024 * 1024)
                ),
            ));
        }
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Csv,
    /// `.xml`/`.htm`/`.html`: the content says which.
    Markup,
    /// HTML tables.
    Html,
    /// Excel 2003 XML Spreadsheet.
    SpreadsheetMl,
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Builds a [`ReadError::Corrupt`].
pub(crate) fn corrupt(path: &str, reason: impl Into<String>) -> ReadError {
    ReadError::Corrupt {
        path: path.to_string(),
        reason: reason.into(),
    }
}

/// Opens `path` for reading; a failure is a [`ReadError::Io`] on `shown`.
pub(crate) fn open_file(path: &Path, shown: &str) -> Result<std::fs::File, ReadError> {
    std::fs::File::open(path).map_err(|source| ReadError::Io {
        path: shown.to_string(),
        source,
    })
}

/// Names of the worksheets (not chart sheets, macros, …) in workbook order.
pub(crate) fn worksheet_names(meta: &[calamine::Sheet]) -> Vec<String> {
    meta.iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect()
}

/// Converts a stored float to the [`Decimal`] a person reads: the value
/// rounded to 15 significant digits, the precision Excel and LibreOffice
/// display and compute with (so `0.95`, not `0.9499999999999999555910790149937`,
/// and a stored `0.6859999999999999` left by an earlier computation reads as
/// `0.686`, as the spreadsheet shows it).
///
/// Returns `None` for non-finite values and magnitudes `Decimal` cannot hold.
///
/// ```
/// use cruscotto::read::f64_to_decimal;
/// use rust_decimal::Decimal;
/// assert_eq!(f64_to_decimal(0.95), Some(Decimal::new(95, 2)));
/// assert_eq!(f64_to_decimal(0.6859999999999999), Some(Decimal::new(686, 3)));
/// assert_eq!(f64_to_decimal(82.70000000000001), Some(Decimal::new(827, 1)));
/// assert_eq!(f64_to_decimal(f64::NAN), None);
/// ```
pub fn f64_to_decimal(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    if f == 0.0 {
        return Some(Decimal::ZERO);
    }
    // 15 significant digits in scientific form: "9.50000000000000e-1".
    let sci = format!("{f:.14e}");
    if let Ok(d) = Decimal::from_scientific(&sci) {
        return Some(d.normalize());
    }
    // Too many fractional digits for Decimal's 28: round what fits.
    if f.abs() < 1.0 {
        let plain = format!("{f:.28}");
        return Decimal::from_str(&plain).ok().map(|d| d.normalize());
    }
    None
}

/// Maps a calamine value (owned) to a typed cell, with a display format.
pub(crate) fn cell_from_data(d: &calamine::Data, fmt: NumFormat) -> Cell {
    use calamine::Data;
    match d {
        Data::Empty => Cell::default(),
        Data::String(s) => text_cell(s),
        Data::Int(i) => Cell {
            value: CellValue::Number(Decimal::from(*i)),
            format: fmt,
        },
        Data::Float(f) => number_cell(*f, fmt),
        Data::Bool(b) => Cell {
            value: CellValue::Bool(*b),
            format: NumFormat::General,
        },
        Data::DateTime(dt) => excel_datetime_cell(dt),
        Data::DateTimeIso(s) => iso_datetime_cell(s),
        Data::DurationIso(s) => text_cell(s),
        Data::Error(e) => Cell {
            value: CellValue::Error(e.to_string()),
            format: NumFormat::General,
        },
    }
}

pub(crate) fn text_cell(s: &str) -> Cell {
    if s.is_empty() {
        Cell::default()
    } else {
        Cell {
            value: CellValue::Text(s.to_string()),
            format: NumFormat::General,
        }
    }
}

pub(crate) fn number_cell(f: f64, fmt: NumFormat) -> Cell {
    match f64_to_decimal(f) {
        Some(d) => Cell {
            value: CellValue::Number(d),
            format: fmt,
        },
        None => Cell {
            value: CellValue::Error(format!("numero non rappresentabile ({f})")),
            format: NumFormat::General,
        },
    }
}

pub(crate) fn excel_datetime_cell(dt: &calamine::ExcelDateTime) -> Cell {
    if dt.is_duration() {
        // A duration ([h]:mm) is not a calendar date: keep the day count.
        return number_cell(dt.as_f64(), NumFormat::Date);
    }
    match dt.as_datetime() {
        Some(v) => Cell {
            value: CellValue::Date(v),
            format: NumFormat::Date,
        },
        None => number_cell(dt.as_f64(), NumFormat::Date),
    }
}

/// Parses an ISO 8601 date or date-time as written by OpenDocument
/// (`2022-06-30`, `2022-06-30T12:00:00`, with optional fraction).
pub(crate) fn parse_iso_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0);
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(v) = NaiveDateTime::parse_from_str(s, f) {
            return Some(v);
        }
    }
    // Time zone suffix (rare): drop it.
    let cut = s
        .get(10..)
        .and_then(|rest| rest.find(['Z', '+']).map(|i| i + 10));
    cut.and_then(|i| s.get(..i))
        .and_then(|head| NaiveDateTime::parse_from_str(head, "%Y-%m-%dT%H:%M:%S%.f").ok())
}

fn iso_datetime_cell(s: &str) -> Cell {
    match parse_iso_datetime(s) {
        Some(v) => Cell {
            value: CellValue::Date(v),
            format: NumFormat::Date,
        },
        None => text_cell(s),
    }
}

/// Converts an Excel serial day number to a date-time (1900 or 1904 system),
/// mirroring Excel's 1900 leap-year quirk for serials before 60.
pub(crate) fn serial_to_datetime(serial: f64, is_1904: bool) -> Option<NaiveDateTime> {
    if !serial.is_finite() || !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let base = if is_1904 {
        chrono::NaiveDate::from_ymd_opt(1904, 1, 1)?
    } else {
        chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?
    };
    let serial = if !is_1904 && serial < 60.0 {
        serial + 1.0
    } else {
        serial
    };
    let ms = (serial * 86_400_000.0).round() as i64;
    base.and_hms_opt(0, 0, 0)?
        .checked_add_signed(chrono::Duration::milliseconds(ms))
}

/// Turns numbers shown with a date format (that calamine did not already
/// convert) into dates, so no date ever comes out as a serial number. Only
/// serials of at least one day are converted: smaller values are times of
/// day or durations, kept as numbers with the `Date` format.
pub(crate) fn dates_from_serials(sheet: &mut Sheet, is_1904: bool) {
    for cell in sheet.rows.iter_mut().flatten() {
        if cell.format != NumFormat::Date {
            continue;
        }
        if let CellValue::Number(d) = &cell.value {
            let f = rust_decimal::prelude::ToPrimitive::to_f64(d).unwrap_or(f64::NAN);
            if f >= 1.0 {
                if let Some(v) = serial_to_datetime(f, is_1904) {
                    cell.value = CellValue::Date(v);
                }
            }
        }
    }
}

/// Checks a grid size against [`MAX_CELLS_PER_SHEET`].
pub(crate) fn check_grid(path: &str, sheet: &str, rows: u64, cols: u64) -> Result<(), ReadError> {
    if rows.saturating_mul(cols) > MAX_CELLS_PER_SHEET {
        return Err(corrupt(
            path,
            format!(
                "file troppo grande: il foglio «{sheet}» occupa {rows} righe × {cols} colonne (limite {MAX_CELLS_PER_SHEET} celle)"
            ),
        ));
    }
    Ok(())
}

/// Converts a calamine range into a [`Sheet`] grid; `fmt` gives the display
/// format of the numeric cell at an absolute (row, col).
pub(crate) fn sheet_from_range(
    path: &str,
    name: &str,
    range: &calamine::Range<calamine::Data>,
    mut fmt: impl FnMut(u32, u32) -> NumFormat,
) -> Result<Sheet, ReadError> {
    let Some((r0, c0)) = range.start() else {
        return Ok(Sheet {
            name: name.to_string(),
            ..Sheet::default()
        });
    };
    let (h, w) = range.get_size();
    check_grid(path, name, h as u64, w as u64)?;
    let mut rows = Vec::with_capacity(h);
    for (i, row) in range.rows().enumerate() {
        let mut out = Vec::with_capacity(w);
        for (j, d) in row.iter().enumerate() {
            let f = match d {
                calamine::Data::Int(_) | calamine::Data::Float(_) => {
                    fmt(r0 + i as u32, c0 + j as u32)
                }
                _ => NumFormat::General,
            };
            out.push(cell_from_data(d, f));
        }
        rows.push(out);
    }
    Ok(Sheet {
        name: name.to_string(),
        rows,
        row_offset: r0,
        col_offset: c0,
        merged: Vec::new(),
    })
}

/// Converts absolute merged ranges to grid coordinates, dropping those
/// that fall outside the grid (before its first row/column) and clipping the rest.
pub(crate) fn merged_to_grid(sheet: &Sheet, dims: &[calamine::Dimensions]) -> Vec<Merged> {
    let mut out = Vec::new();
    let h = sheet.rows.len();
    let w = sheet.rows.first().map_or(0, Vec::len);
    if h == 0 || w == 0 {
        return out;
    }
    for d in dims {
        let (sr, sc) = d.start;
        let (er, ec) = d.end;
        if sr < sheet.row_offset || sc < sheet.col_offset || er < sr || ec < sc {
            continue;
        }
        let fr = (sr - sheet.row_offset) as usize;
        let fc = (sc - sheet.col_offset) as usize;
        if fr >= h || fc >= w {
            continue;
        }
        let lr = ((er - sheet.row_offset) as usize).min(h - 1);
        let lc = ((ec - sheet.col_offset) as usize).min(w - 1);
        if lr == fr && lc == fc {
            continue;
        }
        out.push(Merged {
            first_row: fr,
            first_col: fc,
            last_row: lr,
            last_col: lc,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip_entries_over_the_caps_are_refused_before_inflating() {
        use std::io::Write as _;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bomba.xlsx");
        {
            let f = std::fs::File::create(&p).unwrap();
            let mut z = zip::ZipWriter::new(f);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
            z.write_all(&vec![b' '; 200_000]).unwrap();
            z.finish().unwrap();
        }
        // Fine under the real caps, refused under small ones.
        assert!(check_zip(&p, "bomba.xlsx", MAX_ENTRY_BYTES, MAX_ZIP_TOTAL_BYTES).is_ok());
        match check_zip(&p, "bomba.xlsx", 100_000, 1_000_000) {
            Err(ReadError::Corrupt { reason, .. }) => {
                assert!(reason.contains("troppo grande"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
        match check_zip(&p, "bomba.xlsx", 1_000_000, 100_000) {
            Err(ReadError::Corrupt { reason, .. }) => {
                assert!(reason.contains("malevolo"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn decimal_as_the_spreadsheet_shows_it() {
        assert_eq!(f64_to_decimal(0.95), Some(Decimal::new(95, 2)));
        // 15 significant digits, as Excel and LibreOffice show it.
        assert_eq!(f64_to_decimal(0.1 + 0.2), Some(Decimal::new(3, 1)));
        assert_eq!(
            f64_to_decimal(68.6 / 100.0 * 100.0),
            Some(Decimal::new(686, 1))
        );
        assert_eq!(
            f64_to_decimal(123456789012345.0),
            Some(Decimal::from(123456789012345_i64))
        );
        assert_eq!(f64_to_decimal(1500.0), Some(Decimal::from(1500)));
        assert_eq!(f64_to_decimal(-2.5), Some(Decimal::new(-25, 1)));
        assert_eq!(
            f64_to_decimal(1e21),
            Decimal::from_str("1000000000000000000000").ok()
        );
        assert_eq!(f64_to_decimal(1.5e-7), Decimal::from_str("0.00000015").ok());
        assert_eq!(f64_to_decimal(1e-40), Some(Decimal::ZERO));
        assert_eq!(f64_to_decimal(f64::INFINITY), None);
        assert_eq!(f64_to_decimal(1e300), None);
        assert_eq!(f64_to_decimal(-0.0), Some(Decimal::ZERO));
    }

    #[test]
    fn non_finite_is_error_cell() {
        let c = number_cell(f64::NAN, NumFormat::Percent);
        assert!(matches!(c.value, CellValue::Error(_)));
    }

    #[test]
    fn iso_dates() {
        let d = parse_iso_datetime("2022-06-30").unwrap();
        assert_eq!(d.to_string(), "2022-06-30 00:00:00");
        let d = parse_iso_datetime("2022-06-30T12:30:00.5").unwrap();
        assert_eq!(d.to_string(), "2022-06-30 12:30:00.500");
        assert!(parse_iso_datetime("PT12H").is_none());
    }

    #[test]
    fn serials() {
        let d = serial_to_datetime(44742.0, false).unwrap();
        assert_eq!(d.to_string(), "2022-06-30 00:00:00");
        let d = serial_to_datetime(44742.5, false).unwrap();
        assert_eq!(d.to_string(), "2022-06-30 12:00:00");
        let d = serial_to_datetime(1.0, false).unwrap();
        assert_eq!(d.to_string(), "1900-01-01 00:00:00");
        let d = serial_to_datetime(0.0, true).unwrap();
        assert_eq!(d.to_string(), "1904-01-01 00:00:00");
        assert!(serial_to_datetime(-1.0, false).is_none());
        assert!(serial_to_datetime(1e12, false).is_none());
    }

    #[test]
    fn date_formatted_numbers_become_dates() {
        let mut s = Sheet {
            rows: vec![vec![
                Cell {
                    value: CellValue::Number(Decimal::from(44742)),
                    format: NumFormat::Date,
                },
                Cell {
                    value: CellValue::Number(Decimal::new(5, 1)),
                    format: NumFormat::Date,
                },
                Cell {
                    value: CellValue::Number(Decimal::from(44742)),
                    format: NumFormat::General,
                },
            ]],
            ..Sheet::default()
        };
        dates_from_serials(&mut s, false);
        assert!(matches!(s.rows[0][0].value, CellValue::Date(_)));
        assert!(matches!(s.rows[0][1].value, CellValue::Number(_)));
        assert!(matches!(s.rows[0][2].value, CellValue::Number(_)));
    }

    #[test]
    fn unsupported_extension() {
        let e = open(Path::new("x.pdf")).unwrap_err();
        assert!(matches!(e, ReadError::Unsupported { .. }));
    }
}
