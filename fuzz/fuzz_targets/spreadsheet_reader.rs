//! Spreadsheet files (xlsx, ods, xls) through `read::open` and the layout.
//!
//! The first byte picks what the rest of the input is:
//! - `0`–`2`: a whole file, written as `.xlsx`, `.ods` or `.xls` (zip and
//!   BIFF containers, mostly refused as corrupt: exercises the error paths);
//! - `3`: the XML of the only worksheet of an otherwise valid `.xlsx`
//!   (cells, shared-string and style ids, merged ranges);
//! - `4`: the `content.xml` of an otherwise valid `.ods` (tables, repeated
//!   rows and columns, spans, percent and date styles).
//!
//! No input may crash the process. `read::open` turns a panic inside a
//! reader library (calamine indexes some offsets from the file unchecked)
//! into an error on that file, as the CLI does; so this target replaces
//! libFuzzer's abort-on-any-panic hook with one that only prints the panic,
//! and a panic that escapes `read::open` or the layout still aborts (the
//! harness aborts on any unwinding panic). Whatever reads goes through the
//! layout too.
#![no_main]

use std::io::Write;

use cruscotto::layout::{detect_sheet, Options};
use libfuzzer_sys::fuzz_target;
use zip::write::SimpleFileOptions;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Obiettivi" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
/// Styles: 0 general, 1 percent (`0%`, built-in 9), 2 a date code, 3 `0.00%`.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"#;
const SHARED: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4"><si><t>Indicatore</t></si><si><t>Target 2025</t></si><si><t>Consuntivo 2025</t></si><si><t>&gt;= 95%</t></si></sst>"#;
const ODS_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

/// A zip holding `entries` (stored, not deflated: quicker and the same to
/// the readers).
fn zip_of(entries: &[(&str, &[u8])]) -> Option<Vec<u8>> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in entries {
        z.start_file(*name, opts).ok()?;
        z.write_all(bytes).ok()?;
    }
    Some(z.finish().ok()?.into_inner())
}

fn xlsx_with_sheet(sheet: &[u8]) -> Option<Vec<u8>> {
    zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/styles.xml", STYLES.as_bytes()),
        ("xl/sharedStrings.xml", SHARED.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
    ])
}

fn ods_with_content(content: &[u8]) -> Option<Vec<u8>> {
    zip_of(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", ODS_MANIFEST.as_bytes()),
        ("content.xml", content),
    ])
}

static HOOK: std::sync::Once = std::sync::Once::new();

fuzz_target!(|data: &[u8]| {
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| eprintln!("panic (contained?): {info}")));
    });
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let (ext, bytes) = match mode % 5 {
        0 => ("xlsx", Some(rest.to_vec())),
        1 => ("ods", Some(rest.to_vec())),
        2 => ("xls", Some(rest.to_vec())),
        3 => ("xlsx", xlsx_with_sheet(rest)),
        _ => ("ods", ods_with_content(rest)),
    };
    let Some(bytes) = bytes else {
        return;
    };
    let Ok(mut file) = tempfile::Builder::new()
        .suffix(&format!(".{ext}"))
        .tempfile()
    else {
        return;
    };
    if file.write_all(&bytes).and_then(|_| file.flush()).is_err() {
        return;
    }
    let Ok(wb) = cruscotto::read::open(file.path()) else {
        return;
    };
    let opts = Options::default();
    for sheet in &wb.sheets {
        for row in &sheet.rows {
            assert_eq!(
                row.len(),
                sheet.rows[0].len(),
                "the grid of a sheet is rectangular"
            );
        }
        let _ = detect_sheet(&wb.path, sheet, &opts);
    }
});
