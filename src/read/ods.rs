//! `.ods` through calamine for values, plus a streaming scan of
//! `content.xml` of our own for what calamine does not expose: which cells
//! are `office:value-type="percentage"`, merged ranges
//! (`table:number-columns-spanned` / `number-rows-spanned`), and each
//! table's used area (so oversize sheets are refused before calamine
//! expands repeated rows and columns).

use std::collections::HashSet;
use std::io::{BufReader, Read};
use std::path::Path;

use calamine::{Ods, OdsError, Reader};
use quick_xml::events::{BytesStart, Event};

use super::{
    check_grid, corrupt, merged_to_grid, open_file, sheet_from_range, NumFormat, ReadError,
    Workbook, MAX_ENTRY_BYTES,
};

/// A rectangle of cells: first row, first col, rows, cols (absolute).
type Run = (u64, u64, u64, u64);

/// What the scan learns about one table.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct OdsTable {
    /// Rectangles of percentage cells.
    pub percent: Vec<Run>,
    /// Merged ranges: first row, first col, last row, last col (absolute).
    pub merged: Vec<calamine::Dimensions>,
    /// Bounding box of the valued cells: first row, last row, first col, last col.
    pub bbox: Option<(u64, u64, u64, u64)>,
}

fn ods_error(path: &str, e: OdsError) -> ReadError {
    match e {
        OdsError::Password => ReadError::Encrypted {
            path: path.to_string(),
        },
        OdsError::Io(source) => ReadError::Io {
            path: path.to_string(),
            source,
        },
        other => corrupt(path, format!("contenuto ods non valido ({other})")),
    }
}

pub(crate) fn read(path: &Path, shown: &str) -> Result<Workbook, ReadError> {
    let tables = scan_file(path, shown)?;
    let file = open_file(path, shown)?;
    let mut od: Ods<_> = Ods::new(BufReader::new(file)).map_err(|e| ods_error(shown, e))?;
    let names = od.sheet_names();
    // calamine and content.xml list tables in the same order; if the counts
    // differ the scan cannot be trusted for positions.
    let aligned = names.len() == tables.len();
    let mut sheets = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let table = if aligned { tables.get(i) } else { None };
        let range = od.worksheet_range(name).map_err(|e| ods_error(shown, e))?;
        let percent = table.map(|t| percent_cells(t, &range));
        let mut sheet = sheet_from_range(shown, name, &range, |r, c| match &percent {
            Some(set) if set.contains(&(r, c)) => NumFormat::Percent,
            Some(_) => NumFormat::General,
            None => NumFormat::Unknown,
        })?;
        if let Some(t) = table {
            sheet.merged = merged_to_grid(&sheet, &t.merged);
        }
        sheets.push(sheet);
    }
    Ok(Workbook {
        path: shown.to_string(),
        sheets,
        formats_known: aligned,
    })
}

/// The percentage cells of `t` that fall inside `range`, as absolute
/// positions. Runs never overlap, so this is bounded by the grid size.
fn percent_cells(t: &OdsTable, range: &calamine::Range<calamine::Data>) -> HashSet<(u32, u32)> {
    let mut set = HashSet::new();
    let (Some((sr, sc)), Some((er, ec))) = (range.start(), range.end()) else {
        return set;
    };
    let (sr, sc, er, ec) = (u64::from(sr), u64::from(sc), u64::from(er), u64::from(ec));
    for &(r0, c0, nr, nc) in &t.percent {
        let (r_lo, r_hi) = (r0.max(sr), r0.saturating_add(nr - 1).min(er));
        let (c_lo, c_hi) = (c0.max(sc), c0.saturating_add(nc - 1).min(ec));
        for r in r_lo..=r_hi {
            for c in c_lo..=c_hi {
                if let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) {
                    set.insert((r, c));
                }
            }
        }
    }
    set
}

/// Opens the package, refuses encrypted ones, scans `content.xml` and checks
/// each table's size.
fn scan_file(path: &Path, shown: &str) -> Result<Vec<OdsTable>, ReadError> {
    let file = open_file(path, shown)?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file))
        .map_err(|e| corrupt(shown, format!("archivio ods non valido ({e})")))?;
    if let Ok(manifest) = zip.by_name("META-INF/manifest.xml") {
        let mut m = Vec::new();
        if manifest.take(16 * 1024 * 1024).read_to_end(&mut m).is_ok()
            && contains(&m, b"encryption-data")
        {
            return Err(ReadError::Encrypted {
                path: shown.to_string(),
            });
        }
    }
    let content = zip
        .by_name("content.xml")
        .map_err(|_| corrupt(shown, "manca content.xml: non è un file OpenDocument"))?;
    let tables = scan_content(BufReader::new(content.take(MAX_ENTRY_BYTES + 1)), shown)?;
    for t in &tables.0 {
        if let Some((r0, r1, c0, c1)) = t.1.bbox {
            check_grid(shown, &t.0, r1 - r0 + 1, c1 - c0 + 1)?;
        }
    }
    if tables.1 > MAX_ENTRY_BYTES {
        return Err(corrupt(shown, "file troppo grande"));
    }
    Ok(tables.0.into_iter().map(|t| t.1).collect())
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn attr_u64(e: &BytesStart<'_>, name: &str) -> u64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.value.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

fn attr_string(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Streams `content.xml`: per top-level table, its name and [`OdsTable`];
/// also returns the number of bytes read.
pub(crate) fn scan_content<R: std::io::BufRead>(
    input: R,
    shown: &str,
) -> Result<(Vec<(String, OdsTable)>, u64), ReadError> {
    let mut reader = quick_xml::Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut tables: Vec<(String, OdsTable)> = Vec::new();
    let mut depth = 0usize; // nesting of table:table
    let mut row = 0u64;
    let mut col = 0u64;
    let mut row_rep = 1u64;
    // Elements open at this point: a document that ends inside one is cut
    // short, and calamine's table reader never returns on such a file (it
    // loops on the end of input).
    let mut open = 0usize;
    loop {
        buf.clear();
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| corrupt(shown, format!("content.xml non valido ({e})")))?;
        match &ev {
            Event::Start(_) => open += 1,
            Event::End(_) => open = open.saturating_sub(1),
            Event::Eof if open > 0 => {
                return Err(corrupt(
                    shown,
                    "content.xml troncato: il documento finisce prima di chiudere i suoi elementi"
                        .to_string(),
                ))
            }
            _ => {}
        }
        let (start, empty) = match &ev {
            Event::Start(_) => (true, false),
            Event::Empty(_) => (true, true),
            _ => (false, false),
        };
        match ev {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) if start => match e.name().as_ref() {
                "table:table" => {
                    if !empty {
                        depth += 1;
                    }
                    if depth == 1 || empty && depth == 0 {
                        let name = attr_string(e, "table:name").unwrap_or_default();
                        tables.push((name, OdsTable::default()));
                        row = 0;
                    }
                }
                "table:table-row" if depth == 1 => {
                    row_rep = attr_u64(e, "table:number-rows-repeated");
                    col = 0;
                    if empty {
                        row = row.saturating_add(row_rep);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" if depth == 1 => {
                    let col_rep = attr_u64(e, "table:number-columns-repeated");
                    let vtype = attr_string(e, "office:value-type");
                    if let (Some(vt), Some((_, t))) = (vtype, tables.last_mut()) {
                        let (r1, c1) = (
                            row.saturating_add(row_rep - 1),
                            col.saturating_add(col_rep - 1),
                        );
                        t.bbox = Some(match t.bbox {
                            None => (row, r1, col, c1),
                            Some((a, b, c, d)) => (a.min(row), b.max(r1), c.min(col), d.max(c1)),
                        });
                        if vt == "percentage" {
                            t.percent.push((row, col, row_rep, col_rep));
                        }
                    }
                    let cs = attr_u64(e, "table:number-columns-spanned");
                    let rs = attr_u64(e, "table:number-rows-spanned");
                    if cs > 1 || rs > 1 {
                        if let Some((_, t)) = tables.last_mut() {
                            let last_r = row.saturating_add(rs - 1);
                            let last_c = col.saturating_add(cs - 1);
                            if let (Ok(a), Ok(b), Ok(c), Ok(d)) = (
                                u32::try_from(row),
                                u32::try_from(col),
                                u32::try_from(last_r),
                                u32::try_from(last_c),
                            ) {
                                t.merged.push(calamine::Dimensions {
                                    start: (a, b),
                                    end: (c, d),
                                });
                            }
                        }
                    }
                    col = col.saturating_add(col_rep);
                }
                _ => {}
            },
            Event::End(ref e) => match e.name().as_ref() {
                "table:table" => depth = depth.saturating_sub(1),
                "table:table-row" if depth == 1 => row = row.saturating_add(row_rep),
                _ => {}
            },
            _ => {}
        }
    }
    let read = reader.buffer_position();
    Ok((tables, read))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_repeated_and_spans() {
        let xml = br#"<office:document-content><office:body><office:spreadsheet>
<table:table table:name="A &amp; B">
<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row>
<table:table-row><table:table-cell/><table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>x</text:p></table:table-cell><table:covered-table-cell/><table:table-cell office:value-type="percentage" office:value="0.95" table:number-columns-repeated="2"/></table:table-row>
<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16000"/></table:table-row>
</table:table>
<table:table table:name="Z"><table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>"#;
        let (t, _) = scan_content(&xml[..], "x").unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].0, "A & B");
        assert_eq!(t[0].1.percent, vec![(2, 3, 1, 2)]);
        assert_eq!(t[0].1.bbox, Some((2, 2, 1, 4)));
        assert_eq!(
            t[0].1.merged,
            vec![calamine::Dimensions {
                start: (2, 1),
                end: (2, 2)
            }]
        );
        assert_eq!(t[1].1.bbox, Some((0, 0, 0, 0)));
    }

    /// Found by fuzzing: calamine loops forever on a `content.xml` that ends
    /// inside a table; the scan refuses it first.
    #[test]
    fn truncated_content_is_error() {
        let xml = r#"<office:document-content><office:body><office:spreadsheet><table:table table:name="A"><table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>"#;
        let err = scan_content(xml.as_bytes(), "t.ods").unwrap_err();
        assert!(err.to_string().contains("troncato"), "{err}");
        let whole = format!("{xml}</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>");
        assert!(scan_content(whole.as_bytes(), "t.ods").is_ok());
    }

    #[test]
    fn broken_xml_is_error() {
        let xml = b"<a><table:table></b>";
        assert!(scan_content(&xml[..], "x").is_err());
    }
}
