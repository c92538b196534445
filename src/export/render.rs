//! Rendering rows of [`Val`]s as CSV, Italian-Excel CSV, JSON or XLSX,
//! streamed to a writer.
//!
//! Rows are built from the items (records or groups) a chunk at a time, on
//! every core, and each chunk's bytes are written in order before the next
//! block is built: the whole table never sits in memory as values, only
//! as the bytes of one block per core. How a field is written depends only
//! on the field, so the bytes are those of one writer over all rows.

use std::borrow::Cow;
use std::io::Write;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format as XFormat, Workbook, Worksheet};

use super::{ExportError, Format, Val};

/// Items per chunk rendered by one core.
pub(super) const CHUNK: usize = 1024;

/// A table to render: its columns, its items and how an item becomes a row.
pub(super) struct Table<'a, T> {
    /// Column names, in order.
    pub columns: &'a [&'a str],
    /// One row per item.
    pub items: &'a [T],
    /// The values of an item's row, in column order.
    pub row_of: &'a (dyn Fn(&T) -> Vec<Val> + Sync),
    /// XLSX sheet name.
    pub sheet: &'a str,
    /// XLSX document title.
    pub title: &'a str,
}

/// Writes `table` in `format` to `w`.
pub(super) fn render<T: Sync, W: Write + ?Sized>(
    table: &Table<'_, T>,
    format: Format,
    w: &mut W,
) -> Result<(), ExportError> {
    match format {
        Format::Csv => render_csv(table, w, b',', csv::Terminator::Any(b'\n'), Val::text),
        Format::CsvExcel => {
            w.write_all(BOM)?;
            render_csv(table, w, b';', csv::Terminator::CRLF, Val::text_excel_it)
        }
        Format::Json => render_json(table, w),
        Format::Xlsx => {
            let bytes = render_xlsx(table)?;
            w.write_all(&bytes)?;
            Ok(())
        }
    }
}

/// Renders one chunk of items to bytes.
type ChunkFn<'a, T> = dyn Fn(&[T]) -> Result<Vec<u8>, ExportError> + Sync + 'a;

/// Renders the items in order, a chunk per core at a time, writing each
/// block's bytes before building the next; `sep` goes between two
/// non-empty chunks.
fn stream_chunks<T: Sync, W: Write + ?Sized>(
    items: &[T],
    w: &mut W,
    sep: &[u8],
    chunk: &ChunkFn<'_, T>,
) -> Result<(), ExportError> {
    let block = CHUNK * rayon::current_num_threads().max(1) * 2;
    let mut first = true;
    for b in items.chunks(block) {
        let parts = b
            .par_chunks(CHUNK)
            .map(chunk)
            .collect::<Result<Vec<_>, _>>()?;
        for p in parts {
            if !first {
                w.write_all(sep)?;
            }
            first = false;
            w.write_all(&p)?;
        }
    }
    Ok(())
}

/// A row of the wrong width is refused, as a single CSV writer would.
fn check_width(columns: &[&str], row: &[Val]) -> Result<(), ExportError> {
    if row.len() == columns.len() {
        Ok(())
    } else {
        Err(ExportError::Failed(format!(
            "riga di {} campi, intestazione di {}",
            row.len(),
            columns.len()
        )))
    }
}

fn csv_fail(e: csv::Error) -> ExportError {
    ExportError::Failed(e.to_string())
}

fn csv_writer(delimiter: u8, terminator: csv::Terminator) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(terminator)
        .from_writer(Vec::new())
}

fn into_bytes(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, ExportError> {
    w.into_inner()
        .map_err(|e| ExportError::Failed(e.error().to_string()))
}

fn field_bytes(f: Cow<'_, str>) -> Cow<'_, [u8]> {
    match f {
        Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
        Cow::Owned(s) => Cow::Owned(s.into_bytes()),
    }
}

fn render_csv<T: Sync, W: Write + ?Sized>(
    table: &Table<'_, T>,
    w: &mut W,
    delimiter: u8,
    terminator: csv::Terminator,
    text: for<'v> fn(&'v Val) -> Cow<'v, str>,
) -> Result<(), ExportError> {
    let mut head = csv_writer(delimiter, terminator);
    head.write_record(table.columns).map_err(csv_fail)?;
    w.write_all(&into_bytes(head)?)?;
    stream_chunks(table.items, w, b"", &|chunk: &[T]| {
        let mut cw = csv_writer(delimiter, terminator);
        for item in chunk {
            let row = (table.row_of)(item);
            check_width(table.columns, &row)?;
            cw.write_record(row.iter().map(|v| field_bytes(text(v))))
                .map_err(csv_fail)?;
        }
        into_bytes(cw)
    })
}

/// UTF-8 byte order mark: Excel reads the file as UTF-8 only with it.
pub(super) const BOM: &[u8] = b"\xEF\xBB\xBF";

impl Val {
    /// The text of the value for Excel in Italian: `,` decimals, dates
    /// `dd/mm/yyyy`; other values as in the canonical CSV.
    fn text_excel_it(&self) -> Cow<'_, str> {
        match self {
            Val::Num(_, s) => Cow::Owned(s.replace('.', ",")),
            Val::Date(d) => Cow::Owned(d.format("%d/%m/%Y").to_string()),
            other => other.text(),
        }
    }
}

/// The JSON array `serde_json::to_vec_pretty` gives for the whole table,
/// written an object at a time: each object pretty-printed on its own and
/// indented one level (strings never hold a raw newline: JSON escapes it).
fn render_json<T: Sync, W: Write + ?Sized>(
    table: &Table<'_, T>,
    w: &mut W,
) -> Result<(), ExportError> {
    if table.items.is_empty() {
        w.write_all(b"[]\n")?;
        return Ok(());
    }
    w.write_all(b"[\n")?;
    stream_chunks(table.items, w, b",\n", &|chunk: &[T]| {
        let mut out = Vec::new();
        for (i, item) in chunk.iter().enumerate() {
            let row = (table.row_of)(item);
            let obj: serde_json::Map<String, serde_json::Value> = table
                .columns
                .iter()
                .zip(&row)
                .map(|(k, v)| (k.to_string(), v.json()))
                .collect();
            let one = serde_json::to_vec_pretty(&serde_json::Value::Object(obj))
                .map_err(|e| ExportError::Failed(e.to_string()))?;
            if i > 0 {
                out.extend_from_slice(b",\n");
            }
            for (n, line) in one.split(|b| *b == b'\n').enumerate() {
                if n > 0 {
                    out.push(b'\n');
                }
                out.extend_from_slice(b"  ");
                out.extend_from_slice(line);
            }
        }
        Ok(out)
    })?;
    w.write_all(b"\n]\n")?;
    Ok(())
}

/// Fixed creation date of every workbook cruscotto writes, for reproducible
/// bytes: `date` when given and valid, else 2000-01-01.
pub(crate) fn fixed_datetime(
    date: Option<NaiveDate>,
) -> Result<ExcelDateTime, rust_xlsxwriter::XlsxError> {
    match date.and_then(excel_date) {
        Some(d) => Ok(d),
        None => ExcelDateTime::from_ymd(2000, 1, 1),
    }
}

/// A chrono date as an Excel date, when inside Excel's range (1900–9999).
pub(crate) fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    let y = u16::try_from(d.year()).ok()?;
    let m = u8::try_from(d.month()).ok()?;
    let day = u8::try_from(d.day()).ok()?;
    ExcelDateTime::from_ymd(y, m, day).ok()
}

fn xerr(e: rust_xlsxwriter::XlsxError) -> ExportError {
    ExportError::Failed(e.to_string())
}

/// Column widths: each column's name and longest value, built a chunk per
/// core (a first pass over the items: the widths must be set before the
/// first row of a constant-memory sheet is written).
fn xlsx_widths<T: Sync>(table: &Table<'_, T>) -> Vec<usize> {
    let header: Vec<usize> = table
        .columns
        .iter()
        .map(|c| c.chars().count() + 2)
        .collect();
    table
        .items
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut widths = vec![0; table.columns.len()];
            for item in chunk {
                for (c, v) in (table.row_of)(item).iter().enumerate() {
                    if let Some(w) = widths.get_mut(c) {
                        *w = (*w).max(shown_len(v) + 1);
                    }
                }
            }
            widths
        })
        .reduce(
            || header.clone(),
            |a, b| a.iter().zip(&b).map(|(x, y)| *x.max(y)).collect(),
        )
}

fn render_xlsx<T: Sync>(table: &Table<'_, T>) -> Result<Vec<u8>, ExportError> {
    let columns = table.columns;
    let mut wb = Workbook::new();
    let props = DocProperties::new()
        .set_title(table.title)
        .set_author("cruscotto")
        .set_creation_datetime(&fixed_datetime(None).map_err(xerr)?);
    wb.set_properties(&props);
    let header = XFormat::new()
        .set_bold()
        .set_background_color(0xD9E1F2)
        .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
    let date_fmt = XFormat::new().set_num_format("dd/mm/yyyy");
    let pct_fmt = XFormat::new().set_num_format("0.00");
    let pct_col = columns.iter().position(|c| *c == "attainment_pct");
    // Constant-memory worksheet: rows go to disk as written, so a large
    // table does not sit in memory twice. Widths are known before writing.
    let ws: &mut Worksheet = wb.add_worksheet_with_constant_memory().map_err(xerr)?;
    ws.set_name(table.sheet).map_err(xerr)?;
    for (c, w) in xlsx_widths(table).iter().enumerate() {
        ws.set_column_width(col_num(c)?, (*w).clamp(8, 60) as f64)
            .map_err(xerr)?;
    }
    for (c, name) in columns.iter().enumerate() {
        let col = col_num(c)?;
        ws.write_string_with_format(0, col, *name, &header)
            .map_err(xerr)?;
    }
    // Rows are built a block at a time on every core, then written in order.
    let block = CHUNK * rayon::current_num_threads().max(1);
    for (b, items) in table.items.chunks(block).enumerate() {
        let rows: Vec<Vec<Val>> = items.par_iter().map(table.row_of).collect();
        for (i, row) in rows.iter().enumerate() {
            let r = u32::try_from(b * block + i + 1)
                .map_err(|_| ExportError::Failed("troppe righe".into()))?;
            for (c, v) in row.iter().enumerate() {
                let col = col_num(c)?;
                match v {
                    Val::Empty => {}
                    Val::Text(s) => {
                        ws.write_string(r, col, s).map_err(xerr)?;
                    }
                    Val::Int(n) => {
                        ws.write_number(r, col, *n as f64).map_err(xerr)?;
                    }
                    Val::Num(d, _) => {
                        let f = d.to_f64().unwrap_or(0.0);
                        if pct_col == Some(c) {
                            ws.write_number_with_format(r, col, f, &pct_fmt)
                                .map_err(xerr)?;
                        } else {
                            ws.write_number(r, col, f).map_err(xerr)?;
                        }
                    }
                    Val::Date(d) => match excel_date(*d) {
                        Some(x) => {
                            ws.write_datetime_with_format(r, col, &x, &date_fmt)
                                .map_err(xerr)?;
                        }
                        None => {
                            ws.write_string(r, col, d.format("%Y-%m-%d").to_string())
                                .map_err(xerr)?;
                        }
                    },
                    Val::Bool(b) => {
                        ws.write_boolean(r, col, *b).map_err(xerr)?;
                    }
                }
            }
        }
    }
    ws.set_freeze_panes(1, 0).map_err(xerr)?;
    let last_row = u32::try_from(table.items.len()).unwrap_or(u32::MAX);
    let last_col = col_num(columns.len().saturating_sub(1))?;
    ws.autofilter(0, 0, last_row, last_col).map_err(xerr)?;
    wb.save_to_buffer().map_err(xerr)
}

/// Characters a value shows in a cell (for column widths).
fn shown_len(v: &Val) -> usize {
    match v {
        Val::Empty => 0,
        Val::Text(s) => s.chars().count(),
        Val::Int(n) => n.to_string().len(),
        Val::Num(_, s) => s.len(),
        Val::Date(_) => 10,
        Val::Bool(_) => 5,
    }
}

fn col_num(c: usize) -> Result<u16, ExportError> {
    u16::try_from(c).map_err(|_| ExportError::Failed("troppe colonne".into()))
}
