//! Excel 2003 XML Spreadsheet («SpreadsheetML», `<?mso-application
//! progid="Excel.Sheet"?>`), saved as `.xml` or `.xls`.
//!
//! One streaming pass with quick-xml: `Styles` (each style's
//! `NumberFormat`, following `ss:Parent`), then each `Worksheet`'s `Table`:
//! rows and cells placed by `ss:Index` (1-based, else after the previous
//! one and its `ss:MergeAcross`), typed `Data` (`Number`, `String`,
//! `DateTime`, `Boolean`, `Error`), `ss:MergeAcross`/`ss:MergeDown` as
//! merged ranges. A cell's style is its own `ss:StyleID`, else its row's,
//! else its column's, else `Default`; a `Percent` format makes a number a
//! percentage and date formats make it a date, as Excel shows them.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

mod cells;

use self::cells::{push_cell, style_format, OpenCell, RawSheet, Style};
use super::html::clip_to_grid;
use super::xlsx::sheet_from_sparse;
use super::{
    corrupt, dates_from_serials, merged_to_grid, open_file, CellValue, NumFormat, ReadError,
    Workbook, MAX_ENTRY_BYTES,
};

/// Excel's last row (1-based).
const MAX_ROW: u64 = 1_048_576;
/// Excel's last column (1-based).
const MAX_COL: u64 = 16_384;

/// Reads the SpreadsheetML file at `path`.
pub(crate) fn read(path: &Path, shown: &str) -> Result<Workbook, ReadError> {
    let mut file = open_file(path, shown)?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > MAX_ENTRY_BYTES {
        return Err(too_big(shown));
    }
    let mut head = [0u8; 512];
    let n = super::read_up_to(&mut file, &mut head).map_err(|source| ReadError::Io {
        path: shown.to_string(),
        source,
    })?;
    if other_encoding(&head[..n]).is_some() {
        // Rare (scripts writing Latin-1): decoded whole, then streamed.
        let mut bytes = head[..n].to_vec();
        file.take(MAX_ENTRY_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|source| ReadError::Io {
                path: shown.to_string(),
                source,
            })?;
        return spreadsheetml_from_bytes(&bytes, shown);
    }
    let input = std::io::Cursor::new(head[..n].to_vec()).chain(file.take(MAX_ENTRY_BYTES + 1));
    read_from(BufReader::new(input), shown)
}

/// The encoding of a document that is not UTF-8: a UTF-16 byte-order mark,
/// or another `encoding` in the XML declaration (`ISO-8859-1`,
/// `windows-1252`). `None` for UTF-8, what the reader streams.
fn other_encoding(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(head) {
        return (enc != encoding_rs::UTF_8).then_some(enc);
    }
    let mut reader = quick_xml::Reader::from_reader(head);
    let mut buf = Vec::new();
    let label = match reader.read_event_into(&mut buf) {
        Ok(Event::Decl(d)) => d.encoding()?.ok()?.into_owned(),
        _ => return None,
    };
    let enc = encoding_rs::Encoding::for_label(label.trim().as_bytes())?;
    (enc != encoding_rs::UTF_8).then_some(enc)
}

fn too_big(shown: &str) -> ReadError {
    corrupt(
        shown,
        format!(
            "file troppo grande: un foglio XML oltre {} MiB non viene letto",
            MAX_ENTRY_BYTES / (1024 * 1024)
        ),
    )
}

/// Reads an Excel 2003 XML Spreadsheet already in memory, as
/// [`open`](super::open) reads a `.xml` (or `.xls`) SpreadsheetML file:
/// one sheet per `Worksheet`, typed cells, number formats from the styles
/// (a `Percent` number is a percentage, a date format makes a date), merged
/// ranges. `name` is the path or file name shown in messages and kept in
/// [`Workbook::path`].
///
/// Malformed or truncated XML, indices beyond Excel's limits and oversized
/// sheets are [`ReadError::Corrupt`] naming the sheet and row.
///
/// ```
/// use cruscotto::read::{spreadsheetml_from_bytes, CellValue, NumFormat};
/// use rust_decimal::Decimal;
/// let xml = br#"<?xml version="1.0"?>
/// <?mso-application progid="Excel.Sheet"?>
/// <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
///  xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
///  <Styles><Style ss:ID="p"><NumberFormat ss:Format="Percent"/></Style></Styles>
///  <Worksheet ss:Name="Area 1"><Table>
///   <Row><Cell><Data ss:Type="String">Pratiche evase</Data></Cell>
///    <Cell ss:StyleID="p"><Data ss:Type="Number">0.95</Data></Cell></Row>
///  </Table></Worksheet>
/// </Workbook>"#;
/// let wb = spreadsheetml_from_bytes(xml, "piano-2003.xml").unwrap();
/// let c = &wb.sheets[0].rows[0][1];
/// assert_eq!(c.value, CellValue::Number(Decimal::new(95, 2)));
/// assert_eq!(c.format, NumFormat::Percent);
/// ```
pub fn spreadsheetml_from_bytes(bytes: &[u8], name: &str) -> Result<Workbook, ReadError> {
    if bytes.len() as u64 > MAX_ENTRY_BYTES {
        return Err(too_big(name));
    }
    match other_encoding(&bytes[..bytes.len().min(512)]) {
        Some(enc) => {
            let (text, _) = match encoding_rs::Encoding::for_bom(bytes) {
                Some((_, bom)) => enc.decode_without_bom_handling(&bytes[bom..]),
                None => enc.decode_without_bom_handling(bytes),
            };
            read_from(text.as_bytes(), name)
        }
        None => read_from(bytes, name),
    }
}

/// Value of the attribute whose local name is `name` (`ss:Index`, `Index`).
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Where the reader is, for error messages.
#[derive(Debug, Default)]
struct Place {
    sheet: Option<String>,
    row: Option<u64>,
}

impl Place {
    fn describe(&self) -> String {
        match (&self.sheet, self.row) {
            (Some(s), Some(r)) => format!(" (foglio «{s}», riga {r})"),
            (Some(s), None) => format!(" (foglio «{s}»)"),
            _ => String::new(),
        }
    }
}

/// A 1-based index attribute (`ss:Index`, `ss:MergeAcross`…): `None` when
/// absent, an error naming the place when not a number within `max`.
fn index_attr(
    e: &BytesStart<'_>,
    name: &str,
    min: u64,
    max: u64,
    shown: &str,
    place: &Place,
) -> Result<Option<u64>, ReadError> {
    let Some(v) = attr(e, name) else {
        return Ok(None);
    };
    match v.trim().parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
        _ => Err(corrupt(
            shown,
            format!(
                "valore «{}» non valido per ss:{name}{}: atteso un numero da {min} a {max}",
                v.chars().take(40).collect::<String>(),
                place.describe()
            ),
        )),
    }
}

/// Streams a SpreadsheetML document; `shown` names it in errors.
pub(crate) fn read_from<R: BufRead>(input: R, shown: &str) -> Result<Workbook, ReadError> {
    let mut reader = quick_xml::Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut styles: HashMap<String, Style> = HashMap::new();
    let mut style_ids: Vec<String> = Vec::new();
    let mut style_index: HashMap<String, u32> = HashMap::new();
    let mut sheets: Vec<RawSheet> = Vec::new();
    let mut is_1904 = false;
    let mut saw_workbook = false;
    let mut open_elements = 0usize;
    let mut place = Place::default();
    // Reading state.
    let mut current_style: Option<String> = None;
    let mut in_styles = false;
    let mut in_table = false;
    let mut comment = 0usize; // inside <Comment>: its Data is not the cell's
    let mut row: u64 = 0; // 1-based row of the open row, or of the last one
    let mut next_row: u64 = 1;
    let mut next_col: u64 = 1;
    let mut row_style: Option<u32> = None;
    let mut col_styles: Vec<(u64, u64, u32)> = Vec::new();
    let mut next_column: u64 = 1;
    let mut cell: Option<OpenCell> = None;
    let mut in_data = false;
    let mut intern = |id: String, ids: &mut Vec<String>| -> u32 {
        *style_index.entry(id.clone()).or_insert_with(|| {
            ids.push(id);
            (ids.len() - 1) as u32
        })
    };
    loop {
        buf.clear();
        let ev = reader.read_event_into(&mut buf).map_err(|e| {
            corrupt(
                shown,
                format!(
                    "XML non valido al byte {}{}: {e}",
                    reader.error_position(),
                    place.describe()
                ),
            )
        })?;
        if reader.buffer_position() > MAX_ENTRY_BYTES {
            return Err(too_big(shown));
        }
        match ev {
            Event::Eof => {
                if open_elements > 0 {
                    return Err(corrupt(
                        shown,
                        format!(
                            "file XML troncato: finisce prima di chiudere i suoi elementi{}",
                            place.describe()
                        ),
                    ));
                }
                break;
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                if !empty {
                    open_elements += 1;
                }
                let local = e.local_name();
                match local.as_ref() {
                    "Workbook" => saw_workbook = true,
                    "Date1904" => is_1904 = true,
                    "Styles" if !empty => in_styles = true,
                    "Style" if in_styles => {
                        let id = attr(e, "ID").unwrap_or_default();
                        styles.insert(
                            id.clone(),
                            Style {
                                parent: attr(e, "Parent"),
                                format: None,
                            },
                        );
                        current_style = Some(id);
                    }
                    "NumberFormat" if in_styles => {
                        if let Some(s) = current_style.as_ref().and_then(|id| styles.get_mut(id)) {
                            s.format = Some(attr(e, "Format").unwrap_or_default());
                        }
                    }
                    "Worksheet" => {
                        let name = attr(e, "Name")
                            .unwrap_or_else(|| format!("Foglio{}", sheets.len() + 1));
                        place = Place {
                            sheet: Some(name.clone()),
                            row: None,
                        };
                        sheets.push(RawSheet {
                            name,
                            ..RawSheet::default()
                        });
                        (next_row, next_column) = (1, 1);
                        col_styles.clear();
                    }
                    "Table" if !sheets.is_empty() && !empty => in_table = true,
                    "Column" if in_table => {
                        let at = index_attr(e, "Index", 1, MAX_COL, shown, &place)?
                            .unwrap_or(next_column);
                        let span = index_attr(e, "Span", 0, MAX_COL, shown, &place)?.unwrap_or(0);
                        let last = at.saturating_add(span);
                        if let Some(id) = attr(e, "StyleID") {
                            let id = intern(id, &mut style_ids);
                            col_styles.push((at, last, id));
                        }
                        next_column = last + 1;
                    }
                    "Row" if in_table => {
                        row =
                            index_attr(e, "Index", 1, MAX_ROW, shown, &place)?.unwrap_or(next_row);
                        if row > MAX_ROW {
                            return Err(corrupt(
                                shown,
                                format!("oltre la riga {MAX_ROW} di Excel{}", place.describe()),
                            ));
                        }
                        place.row = Some(row);
                        let span = index_attr(e, "Span", 0, MAX_ROW, shown, &place)?.unwrap_or(0);
                        next_row = row.saturating_add(span).saturating_add(1);
                        next_col = 1;
                        row_style = attr(e, "StyleID").map(|id| intern(id, &mut style_ids));
                        if empty {
                            place.row = None;
                            row_style = None;
                        }
                    }
                    "Cell" if in_table && place.row.is_some() => {
                        let col =
                            index_attr(e, "Index", 1, MAX_COL, shown, &place)?.unwrap_or(next_col);
                        if col > MAX_COL {
                            return Err(corrupt(
                                shown,
                                format!("oltre la colonna {MAX_COL} di Excel{}", place.describe()),
                            ));
                        }
                        let across =
                            index_attr(e, "MergeAcross", 0, MAX_COL, shown, &place)?.unwrap_or(0);
                        let down =
                            index_attr(e, "MergeDown", 0, MAX_ROW, shown, &place)?.unwrap_or(0);
                        next_col = col.saturating_add(across).saturating_add(1);
                        // Both fit in u32: bounded by Excel's limits above.
                        let (r0, c0) = ((row - 1) as u32, (col - 1) as u32);
                        let Some(sheet) = sheets.last_mut() else {
                            continue;
                        };
                        if across > 0 || down > 0 {
                            let last_r = (row - 1).saturating_add(down).min(MAX_ROW - 1);
                            let last_c = (col - 1).saturating_add(across).min(MAX_COL - 1);
                            sheet.merged.push(calamine::Dimensions {
                                start: (r0, c0),
                                end: (last_r as u32, last_c as u32),
                            });
                        }
                        let style = attr(e, "StyleID")
                            .map(|id| intern(id, &mut style_ids))
                            .or(row_style)
                            .or_else(|| {
                                col_styles
                                    .iter()
                                    .rev()
                                    .find(|(a, b, _)| (*a..=*b).contains(&col))
                                    .map(|s| s.2)
                            });
                        let open = OpenCell {
                            row: r0,
                            col: c0,
                            style,
                            ..OpenCell::default()
                        };
                        if empty {
                            push_cell(sheet, open, shown)?;
                        } else {
                            cell = Some(open);
                        }
                    }
                    "Comment" if cell.is_some() && !empty => comment += 1,
                    "Data" if comment == 0 && !empty => {
                        if let Some(c) = cell.as_mut() {
                            c.typ = attr(e, "Type");
                            c.has_data = true;
                            in_data = true;
                        }
                    }
                    "Data" if comment == 0 => {
                        if let Some(c) = cell.as_mut() {
                            c.typ = attr(e, "Type");
                            c.has_data = true;
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => {
                open_elements = open_elements.saturating_sub(1);
                match e.local_name().as_ref() {
                    "Styles" => in_styles = false,
                    "Style" => current_style = None,
                    "Worksheet" => {
                        in_table = false;
                        place = Place::default();
                    }
                    "Table" => in_table = false,
                    "Row" => {
                        place.row = None;
                        row_style = None;
                    }
                    "Cell" => {
                        if let (Some(open), Some(sheet)) = (cell.take(), sheets.last_mut()) {
                            push_cell(sheet, open, shown)?;
                        }
                        comment = 0;
                        in_data = false;
                    }
                    "Comment" => comment = comment.saturating_sub(1),
                    "Data" if comment == 0 => in_data = false,
                    _ => {}
                }
            }
            Event::Text(ref t) if in_data => {
                if let Some(c) = cell.as_mut() {
                    c.text
                        .push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0));
                }
            }
            Event::CData(ref t) if in_data => {
                if let Some(c) = cell.as_mut() {
                    c.text
                        .push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0));
                }
            }
            Event::GeneralRef(ref r) if in_data => {
                if let Some(c) = cell.as_mut() {
                    match r.resolve_char_ref() {
                        Ok(Some(ch)) => c.text.push(ch),
                        _ => {
                            let raw = format!("&{};", &**r);
                            match quick_xml::escape::unescape(&raw) {
                                Ok(s) => c.text.push_str(&s),
                                // An entity XML does not define: kept as written.
                                Err(_) => c.text.push_str(&raw),
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if !saw_workbook {
        return Err(corrupt(
            shown,
            "manca l'elemento <Workbook>: non è un foglio di calcolo XML di Excel 2003",
        ));
    }
    let formats: Vec<NumFormat> = style_ids
        .iter()
        .map(|id| style_format(&styles, id))
        .collect();
    let default = style_format(&styles, "Default");
    let mut out = Vec::with_capacity(sheets.len());
    for raw in sheets {
        let cells = raw
            .cells
            .into_iter()
            .map(|(r, c, mut cell, style)| {
                if matches!(cell.value, CellValue::Number(_)) {
                    cell.format = style
                        .and_then(|s| formats.get(s as usize).copied())
                        .unwrap_or(default);
                }
                (r, c, cell)
            })
            .collect();
        let mut sheet = sheet_from_sparse(shown, &raw.name, cells)?;
        dates_from_serials(&mut sheet, is_1904);
        sheet.merged = merged_to_grid(&sheet, &clip_to_grid(&sheet, raw.merged));
        out.push(sheet);
    }
    Ok(Workbook {
        path: shown.to_string(),
        sheets: out,
        formats_known: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Merged;
    use rust_decimal::Decimal;

    const DOC: &str = r#"<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
 <Styles>
  <Style ss:ID="Default" ss:Name="Normal"><Alignment ss:Vertical="Bottom"/></Style>
  <Style ss:ID="pc"><NumberFormat ss:Format="Percent"/></Style>
  <Style ss:ID="pc1" ss:Parent="pc"><Font ss:Bold="1"/></Style>
  <Style ss:ID="d"><NumberFormat ss:Format="Short Date"/></Style>
  <Style ss:ID="dc"><NumberFormat ss:Format="dd/mm/yyyy;@"/></Style>
 </Styles>
 <Worksheet ss:Name="Area 1 &amp; 2">
  <Table>
   <Column ss:Index="4" ss:StyleID="pc"/>
   <Row><Cell ss:MergeAcross="1"><Data ss:Type="String">Obiettivo</Data></Cell><Cell><Data ss:Type="String">Target &gt;= 95%</Data></Cell></Row>
   <Row ss:Index="3"><Cell ss:MergeDown="1"><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>Pratiche</B> evase&#10;entro 5 gg</ss:Data><Comment><ss:Data>nota</ss:Data></Comment></Cell>
    <Cell ss:StyleID="pc1"><Data ss:Type="Number">0.95</Data></Cell>
    <Cell ss:StyleID="d"><Data ss:Type="Number">44742</Data></Cell>
    <Cell><Data ss:Type="Number">0.5</Data></Cell></Row>
   <Row><Cell ss:Index="2"><Data ss:Type="DateTime">2022-06-30T00:00:00.000</Data></Cell><Cell><Data ss:Type="Boolean">1</Data></Cell><Cell><Data ss:Type="Number">2.5</Data></Cell><Cell><Data ss:Type="Error">#DIV/0!</Data></Cell></Row>
  </Table>
 </Worksheet>
 <Worksheet ss:Name="Vuoto"/>
</Workbook>"#;

    #[test]
    fn typed_cells_styles_and_merges() {
        let wb = read_from(DOC.as_bytes(), "p.xml").unwrap();
        assert_eq!(wb.sheets.len(), 2);
        let s = &wb.sheets[0];
        assert_eq!(s.name, "Area 1 & 2");
        assert_eq!((s.row_offset, s.col_offset), (0, 0));
        assert_eq!(s.rows.len(), 4);
        assert_eq!(s.rows[0].len(), 5);
        assert_eq!(s.rows[0][0].value, CellValue::Text("Obiettivo".into()));
        assert_eq!(s.rows[0][2].value, CellValue::Text("Target >= 95%".into()));
        assert_eq!(
            s.rows[2][0].value,
            CellValue::Text("Pratiche evase\nentro 5 gg".into())
        );
        assert_eq!(s.rows[2][1].value, CellValue::Number(Decimal::new(95, 2)));
        assert_eq!(s.rows[2][1].format, NumFormat::Percent);
        let d = chrono::NaiveDate::from_ymd_opt(2022, 6, 30)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        assert_eq!(s.rows[2][2].value, CellValue::Date(d));
        // Column 4's style: percent.
        assert_eq!(s.rows[2][3].format, NumFormat::Percent);
        assert_eq!(s.rows[3][1].value, CellValue::Date(d));
        assert_eq!(s.rows[3][2].value, CellValue::Bool(true));
        assert_eq!(s.rows[3][3].value, CellValue::Number(Decimal::new(25, 1)));
        assert_eq!(s.rows[3][3].format, NumFormat::Percent);
        assert_eq!(s.rows[3][4].value, CellValue::Error("#DIV/0!".into()));
        assert_eq!(
            s.merged,
            vec![
                Merged {
                    first_row: 0,
                    first_col: 0,
                    last_row: 0,
                    last_col: 1
                },
                Merged {
                    first_row: 2,
                    first_col: 0,
                    last_row: 3,
                    last_col: 0
                }
            ]
        );
        assert!(wb.sheets[1].rows.is_empty());
    }

    #[test]
    fn declared_and_bom_encodings() {
        let latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<Workbook xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet ss:Name=\"Citt\xe0\"><Table><Row><Cell><Data ss:Type=\"String\">Unit\xe0 \x80</Data></Cell></Row></Table></Worksheet></Workbook>";
        let wb = spreadsheetml_from_bytes(latin, "l.xml").unwrap();
        assert_eq!(wb.sheets[0].name, "Città");
        assert_eq!(
            wb.sheets[0].rows[0][0].value,
            CellValue::Text("Unità €".into())
        );
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("l.xml");
        std::fs::write(&p, latin).unwrap();
        assert_eq!(read(&p, "l.xml").unwrap(), wb);
        let doc = DOC.replace(
            "<?xml version=\"1.0\"?>",
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
        );
        let mut utf16 = vec![0xFF, 0xFE];
        for u in doc.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        let wb = spreadsheetml_from_bytes(&utf16, "u.xml").unwrap();
        assert_eq!(wb.sheets[0].name, "Area 1 & 2");
        std::fs::write(&p, &utf16).unwrap();
        assert_eq!(read(&p, "u.xml").unwrap().sheets[0].rows, wb.sheets[0].rows);
    }

    #[test]
    fn damaged_documents_are_errors_with_the_place() {
        let cut = &DOC[..DOC.find("<Cell ss:StyleID=\"d\">").unwrap()];
        let e = read_from(cut.as_bytes(), "p.xml").unwrap_err().to_string();
        assert!(e.contains("troncato"), "{e}");
        assert!(e.contains("foglio «Area 1 & 2», riga 3"), "{e}");
        let bad = DOC.replace("<Row ss:Index=\"3\">", "<Row ss:Index=\"tre\">");
        let e = read_from(bad.as_bytes(), "p.xml").unwrap_err().to_string();
        assert!(e.contains("«tre»") && e.contains("ss:Index"), "{e}");
        let far = DOC.replace("<Row ss:Index=\"3\">", "<Row ss:Index=\"99999999\">");
        let e = read_from(far.as_bytes(), "p.xml").unwrap_err().to_string();
        assert!(e.contains("ss:Index"), "{e}");
        let broken = DOC.replace("</Row>", "</Rox>");
        let e = read_from(broken.as_bytes(), "p.xml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("XML non valido al byte"), "{e}");
        let e = read_from(&b"<?xml version=\"1.0\"?><a/>"[..], "p.xml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("Workbook"), "{e}");
    }
}
