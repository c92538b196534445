//! Builds the legacy-export fixtures in `fixtures/legacy/` from two existing
//! workbooks, as older management software writes «Esporta in Excel»:
//!
//! - `<plan>-esporta.xls`: an HTML page saved as `.xls`, Windows-1252 with a
//!   `<meta>` charset, Excel's HTML dressing (`<style>`, an `<xml>` island in
//!   a conditional comment, `x:num` attributes), one `<table>` per sheet
//!   named by a `<caption>` or an `<h2>` before it (alternately), merged
//!   cells as `colspan`/`rowspan`, `<`, `>` and `&` as entities, line breaks
//!   as `<br>`, double spaces as `&nbsp;`, every value as the sheet shows it
//!   (`95%`, `2,5`, `30/06/2022`, `1.234`);
//! - `<plan>-2003.xml` / `.xls`: the same sheets as Excel 2003 XML
//!   Spreadsheet, with typed cells (`Number`, `String`, `DateTime`),
//!   `Percent`, `0.0%`, `Short Date` and `dd/mm/yyyy` styles, empty rows and
//!   cells skipped with `ss:Index`, merged cells as
//!   `ss:MergeAcross`/`ss:MergeDown`.
//!
//! Sources: `fixtures/arezzo-siena-2022.xlsx` (eight sheets; percentages,
//! dates, Italian numbers, titles and section rows) and
//! `fixtures/varianti/e1-comune-merged.xlsx` (a title merged across nine
//! columns, objective and owner cells merged down). The sheets are read with
//! `cruscotto::read::open` and written back cell by cell at the same row and
//! column, so a conversion of the legacy file gives the same records as
//! the xlsx (`tests/legacy_exports.rs`).
//!
//! Run with `cargo run --example fixture_legacy` from the project root.

use std::error::Error;
use std::fmt::Write as _;
use std::path::Path;

use cruscotto::read::{open, Cell, CellValue, Merged, NumFormat, Sheet, Workbook};
use cruscotto::value::cell_display;
use rust_decimal::Decimal;

type Res<T> = Result<T, Box<dyn Error>>;

fn main() -> Res<()> {
    let out = Path::new("fixtures/legacy");
    std::fs::create_dir_all(out)?;
    let arezzo = open(Path::new("fixtures/arezzo-siena-2022.xlsx"))?;
    let merged = open(Path::new("fixtures/varianti/e1-comune-merged.xlsx"))?;
    write_html(&arezzo, &out.join("arezzo-siena-2022-esporta.xls"))?;
    write_spreadsheetml(&arezzo, &out.join("arezzo-siena-2022-2003.xml"))?;
    write_html(&merged, &out.join("e1-comune-merged-esporta.xls"))?;
    write_spreadsheetml(&merged, &out.join("e1-comune-merged-2003.xls"))?;
    println!("fixtures/legacy: 4 files written");
    Ok(())
}

/// The merged range anchored at grid (r, c), if any.
fn anchored(sheet: &Sheet, r: usize, c: usize) -> Option<&Merged> {
    sheet
        .merged
        .iter()
        .find(|m| m.first_row == r && m.first_col == c)
}

/// Whether grid (r, c) is covered by a merged range it does not anchor.
fn covered(sheet: &Sheet, r: usize, c: usize) -> bool {
    sheet.merged.iter().any(|m| {
        (m.first_row..=m.last_row).contains(&r)
            && (m.first_col..=m.last_col).contains(&c)
            && (m.first_row, m.first_col) != (r, c)
    })
}

/// Text escaped for HTML: entities for `&`, `<`, `>`, a `<br>` per line
/// break, `&nbsp;` for every space after the first of a run.
fn html_text(s: &str) -> String {
    let mut out = String::new();
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br style='mso-data-placement:same-cell'>");
        }
        let mut prev_space = false;
        for ch in line.chars() {
            match ch {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                ' ' if prev_space => out.push_str("&nbsp;"),
                c => out.push(c),
            }
            prev_space = ch == ' ';
        }
    }
    out
}

fn xml_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', "&#10;")
}

fn write_html(wb: &Workbook, path: &Path) -> Res<()> {
    let mut h = String::new();
    h.push_str(
        "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"\n\
         xmlns:x=\"urn:schemas-microsoft-com:office:excel\"\n\
         xmlns=\"http://www.w3.org/TR/REC-html40\">\n<head>\n\
         <meta http-equiv=Content-Type content=\"text/html; charset=windows-1252\">\n\
         <meta name=ProgId content=Excel.Sheet>\n<meta name=Generator content=\"Gestionale Performance 4.2\">\n\
         <title>Esportazione piano – Controllo di gestione</title>\n\
         <style>\n<!--table {mso-displayed-decimal-separator:\"\\,\"; mso-displayed-thousand-separator:\"\\.\";}\n\
         .xl65 {mso-number-format:\"0%\";}\n.xl66 {mso-number-format:\"Short Date\";}\n-->\n</style>\n\
         <!--[if gte mso 9]><xml>\n <x:ExcelWorkbook><x:ExcelWorksheets><x:ExcelWorksheet>\
         <x:Name>Esportazione</x:Name></x:ExcelWorksheet></x:ExcelWorksheets></x:ExcelWorkbook>\n</xml><![endif]-->\n\
         </head>\n<body link=blue vlink=purple>\n",
    );
    for (i, sheet) in wb.sheets.iter().enumerate() {
        // Alternately a caption inside the table and a heading before it.
        let by_caption = i.is_multiple_of(2);
        if !by_caption {
            let _ = writeln!(h, "<h2>{}</h2>", html_text(&sheet.name));
        }
        h.push_str(
            "<table border=1 cellpadding=0 cellspacing=0 style='border-collapse:collapse'>\n",
        );
        if by_caption {
            let _ = writeln!(h, "<caption>{}</caption>", html_text(&sheet.name));
        }
        let width = sheet.rows.first().map_or(0, Vec::len) + sheet.col_offset as usize;
        let _ = writeln!(h, "<col width=64 span={width}>");
        // Rows before the grid's first one, as empty rows.
        for _ in 0..sheet.row_offset {
            h.push_str("<tr height=17>\n");
            for _ in 0..width {
                h.push_str("  <td>&nbsp;</td>\n");
            }
            h.push_str("</tr>\n");
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            h.push_str("<tr height=17>\n");
            for _ in 0..sheet.col_offset {
                h.push_str("  <td>&nbsp;</td>\n");
            }
            for (c, cell) in row.iter().enumerate() {
                if covered(sheet, r, c) {
                    continue;
                }
                let mut attrs = String::new();
                if let Some(m) = anchored(sheet, r, c) {
                    if m.last_col > m.first_col {
                        let _ = write!(attrs, " colspan={}", m.last_col - m.first_col + 1);
                    }
                    if m.last_row > m.first_row {
                        let _ = write!(attrs, " rowspan={}", m.last_row - m.first_row + 1);
                    }
                }
                match (&cell.value, cell.format) {
                    (CellValue::Number(d), NumFormat::Percent) => {
                        let _ = write!(attrs, " class=xl65 x:num=\"{d}\"");
                    }
                    (CellValue::Number(d), _) => {
                        let _ = write!(attrs, " align=right x:num=\"{d}\"");
                    }
                    (CellValue::Date(_), _) => attrs.push_str(" class=xl66"),
                    _ => {}
                }
                let text = cell_display(cell);
                let shown = if text.is_empty() {
                    "&nbsp;".to_string()
                } else {
                    html_text(&text)
                };
                let _ = writeln!(h, "  <td{attrs}>{shown}</td>");
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</table>\n<br>\n");
    }
    h.push_str("</body>\n</html>\n");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&h);
    std::fs::write(path, bytes)?;
    Ok(())
}

/// The style of a typed cell: percent (whole percentages `Percent`, others
/// `0.0%`), dates (alternately `Short Date` and `dd/mm/yyyy`), or none.
fn style_of(cell: &Cell, n: usize) -> Option<&'static str> {
    match (&cell.value, cell.format) {
        (CellValue::Number(d), NumFormat::Percent) => {
            let pct = d * Decimal::ONE_HUNDRED;
            Some(if pct.fract().is_zero() { "pc" } else { "pc1" })
        }
        (CellValue::Date(_), _) | (CellValue::Number(_), NumFormat::Date) => {
            Some(if n.is_multiple_of(2) { "dt" } else { "dtc" })
        }
        _ => None,
    }
}

fn write_spreadsheetml(wb: &Workbook, path: &Path) -> Res<()> {
    let mut x = String::new();
    x.push_str(
        "<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n\
         <Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"\n \
         xmlns:o=\"urn:schemas-microsoft-com:office:office\"\n \
         xmlns:x=\"urn:schemas-microsoft-com:office:excel\"\n \
         xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\"\n \
         xmlns:html=\"http://www.w3.org/TR/REC-html40\">\n \
         <DocumentProperties xmlns=\"urn:schemas-microsoft-com:office:office\">\
         <Author>Controllo di gestione</Author></DocumentProperties>\n \
         <Styles>\n  <Style ss:ID=\"Default\" ss:Name=\"Normal\"><Alignment ss:Vertical=\"Bottom\"/>\
         <Font ss:FontName=\"Arial\"/><NumberFormat/></Style>\n  \
         <Style ss:ID=\"tit\"><Font ss:Bold=\"1\"/></Style>\n  \
         <Style ss:ID=\"pc\"><NumberFormat ss:Format=\"Percent\"/></Style>\n  \
         <Style ss:ID=\"pc1\" ss:Parent=\"pc\"><NumberFormat ss:Format=\"0.0%\"/></Style>\n  \
         <Style ss:ID=\"dt\"><NumberFormat ss:Format=\"Short Date\"/></Style>\n  \
         <Style ss:ID=\"dtc\"><NumberFormat ss:Format=\"dd/mm/yyyy;@\"/></Style>\n \
         </Styles>\n",
    );
    let mut n = 0usize;
    for sheet in &wb.sheets {
        let _ = writeln!(
            x,
            " <Worksheet ss:Name=\"{}\">\n  <Table>",
            xml_text(&sheet.name)
        );
        let mut last_row = 0u32; // 1-based row of the last row written
        for (r, row) in sheet.rows.iter().enumerate() {
            let row1 = sheet.row_offset + r as u32 + 1;
            let mut cells = String::new();
            let mut last_col = 0u32;
            for (c, cell) in row.iter().enumerate() {
                let merge = anchored(sheet, r, c);
                if cell.value == CellValue::Empty && merge.is_none() {
                    continue;
                }
                if covered(sheet, r, c) {
                    continue;
                }
                let col1 = sheet.col_offset + c as u32 + 1;
                let mut attrs = String::new();
                if col1 != last_col + 1 {
                    let _ = write!(attrs, " ss:Index=\"{col1}\"");
                }
                let mut span = 0;
                if let Some(m) = merge {
                    if m.last_col > m.first_col {
                        span = m.last_col - m.first_col;
                        let _ = write!(attrs, " ss:MergeAcross=\"{span}\"");
                    }
                    if m.last_row > m.first_row {
                        let _ = write!(attrs, " ss:MergeDown=\"{}\"", m.last_row - m.first_row);
                    }
                }
                if let Some(style) = style_of(cell, n) {
                    n += 1;
                    let _ = write!(attrs, " ss:StyleID=\"{style}\"");
                }
                let data = match &cell.value {
                    CellValue::Empty => String::new(),
                    CellValue::Text(t) => {
                        format!("<Data ss:Type=\"String\">{}</Data>", xml_text(t))
                    }
                    CellValue::Number(d) => format!("<Data ss:Type=\"Number\">{d}</Data>"),
                    CellValue::Date(d) => format!(
                        "<Data ss:Type=\"DateTime\">{}</Data>",
                        d.format("%Y-%m-%dT%H:%M:%S%.3f")
                    ),
                    CellValue::Bool(b) => {
                        format!("<Data ss:Type=\"Boolean\">{}</Data>", u8::from(*b))
                    }
                    CellValue::Error(e) => {
                        format!("<Data ss:Type=\"Error\">{}</Data>", xml_text(e))
                    }
                };
                let _ = write!(cells, "<Cell{attrs}>{data}</Cell>");
                last_col = col1 + span as u32;
            }
            if cells.is_empty() {
                continue;
            }
            let index = if row1 != last_row + 1 {
                format!(" ss:Index=\"{row1}\"")
            } else {
                String::new()
            };
            let _ = writeln!(x, "   <Row{index}>{cells}</Row>");
            last_row = row1;
        }
        x.push_str("  </Table>\n </Worksheet>\n");
    }
    x.push_str("</Workbook>\n");
    std::fs::write(path, x)?;
    Ok(())
}
