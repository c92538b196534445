//! Library-level tests of `cruscotto::read::open` on the real fixtures and on
//! hostile inputs.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use cruscotto::read::{open, Cell, CellValue, NumFormat, ReadError, Sheet, Workbook};
use rust_decimal::Decimal;

const SHEETS: [&str; 8] = [
    "Allegato 1",
    "Area 1",
    "Area 2",
    "Area 1 (2)",
    "Area 2 (2)",
    "Area 3",
    "Area 4",
    "Azienda Speciale",
];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn sheet<'a>(wb: &'a Workbook, name: &str) -> &'a Sheet {
    wb.sheets.iter().find(|s| s.name == name).unwrap()
}

/// Cell at a 1-based spreadsheet row and 0-based absolute column.
fn at(s: &Sheet, row1: u32, col: u32) -> &Cell {
    &s.rows[(row1 - 1 - s.row_offset) as usize][(col - s.col_offset) as usize]
}

/// Absolute column whose text in `row1` equals `header`.
fn col_of(s: &Sheet, row1: u32, header: &str) -> u32 {
    let row = &s.rows[(row1 - 1 - s.row_offset) as usize];
    let j = row
        .iter()
        .position(|c| c.value == CellValue::Text(header.into()))
        .unwrap();
    j as u32 + s.col_offset
}

fn text(c: &Cell) -> &str {
    match &c.value {
        CellValue::Text(t) => t,
        v => panic!("not text: {v:?}"),
    }
}

fn check_arezzo(ext: &str) -> Workbook {
    let wb = open(&fixture(&format!("arezzo-siena-2022.{ext}"))).unwrap();
    assert!(wb.formats_known, "{ext}: formats should be known");
    let names: Vec<&str> = wb.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, SHEETS, "{ext}");
    let a1 = sheet(&wb, "Allegato 1");
    // Header row 2: "valori 2020 | 2022 | 2023 | 2024 | Consuntivo 2022".
    let target = col_of(a1, 2, "2022");
    let actual = col_of(a1, 2, "Consuntivo 2022");
    assert_eq!((target, actual), (2, 5), "{ext}");
    assert_eq!(
        text(at(a1, 3, 0)),
        "Pratiche evase entro 5 gg / totale pratiche telematiche (PIRA)"
    );
    let c = at(a1, 3, target);
    assert_eq!(c.value, CellValue::Number(Decimal::new(95, 2)), "{ext}");
    assert_eq!(c.format, NumFormat::Percent, "{ext}");
    // A plain number keeps the General format.
    let c = at(a1, 4, target);
    assert_eq!(c.value, CellValue::Number(Decimal::new(25, 1)), "{ext}");
    assert_eq!(c.format, NumFormat::General, "{ext}");
    // Row 42 "Monitoraggio del Piano Anticorruzione": target 30/06/2022.
    assert_eq!(text(at(a1, 42, 0)), "Monitoraggio del Piano Anticorruzione");
    let d = NaiveDate::from_ymd_opt(2022, 6, 30)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    assert_eq!(at(a1, 42, target).value, CellValue::Date(d), "{ext}");
    assert_eq!(at(a1, 42, target).format, NumFormat::Date, "{ext}");
    // Text targets stay verbatim.
    assert_eq!(text(at(a1, 32, target)), "< 30");
    assert_eq!(text(at(a1, 51, target)), "≥ 7%");
    // Area 1 row 10: percent target 0,95 and actual.
    let area1 = sheet(&wb, "Area 1");
    assert_eq!(
        at(area1, 10, 3).value,
        CellValue::Number(Decimal::new(95, 2)),
        "{ext}"
    );
    assert_eq!(at(area1, 10, 3).format, NumFormat::Percent, "{ext}");
    // Later sheets hold targets as text.
    let area3 = sheet(&wb, "Area 3");
    assert_eq!(text(at(area3, 4, 3)), "Target");
    wb
}

#[test]
fn xlsx_fixture() {
    check_arezzo("xlsx");
}

#[test]
fn xls_fixture() {
    check_arezzo("xls");
}

#[test]
fn ods_fixture() {
    check_arezzo("ods");
}

/// Same grids in the three formats: same shape, kinds and formats; the
/// same values (ods stores LibreOffice's 15-digit rendering of the float,
/// so e.g. 0.6859999999999999 in xlsx is 0.686 in ods).
#[test]
fn formats_agree() {
    let x = check_arezzo("xlsx");
    let b = check_arezzo("xls");
    let o = check_arezzo("ods");
    assert_eq!(x.sheets, b.sheets, "xlsx and xls grids differ");
    for (sx, so) in x.sheets.iter().zip(&o.sheets) {
        assert_eq!(sx.rows.len(), so.rows.len(), "{}", sx.name);
        assert_eq!(
            (sx.row_offset, sx.col_offset),
            (so.row_offset, so.col_offset)
        );
        for (rx, ro) in sx.rows.iter().zip(&so.rows) {
            assert_eq!(rx.len(), ro.len());
            for (cx, co) in rx.iter().zip(ro) {
                assert_eq!(cx.format, co.format, "{}: {cx:?} vs {co:?}", sx.name);
                match (&cx.value, &co.value) {
                    (CellValue::Number(a), CellValue::Number(b)) => {
                        assert_eq!(a.round_dp(12), b.round_dp(12), "{}", sx.name)
                    }
                    (a, b) => assert_eq!(a, b, "{}", sx.name),
                }
            }
        }
    }
}

#[test]
fn csv_fixture_area3() {
    let path = fixture("arezzo-siena-2022-area3.csv");
    let bytes = std::fs::read(&path).unwrap();
    let text = cruscotto::read::decode_text(&bytes);
    assert_eq!(cruscotto::read::sniff_delimiter(&text), b';');
    let wb = open(&path).unwrap();
    assert!(wb.formats_known);
    assert_eq!(wb.sheets.len(), 1);
    let s = &wb.sheets[0];
    assert_eq!(s.name, "arezzo-siena-2022-area3");
    assert_eq!(s.rows.len(), 42);
    assert!(s.rows.iter().all(|r| r.len() == 6));
    assert_eq!(text_of(s, 4, 3), "Target");
    assert_eq!(text_of(s, 5, 0), "Digitalizzazione della P.A. ed E.Gov");
    assert_eq!(text_of(s, 10, 3), "2,5");
    // Windows-1252 "à" decoded; no CR left over from CRLF.
    assert!(s
        .rows
        .iter()
        .flatten()
        .any(|c| matches!(&c.value, CellValue::Text(t) if t.contains("attività"))));
    assert!(s.rows.iter().flatten().all(
        |c| !matches!(&c.value, CellValue::Text(t) if t.contains('\r') || t.contains('\u{FFFD}'))
    ));
    // Every CSV cell is text (or empty).
    assert!(s
        .rows
        .iter()
        .flatten()
        .all(|c| matches!(c.value, CellValue::Text(_) | CellValue::Empty)));
}

fn text_of(s: &Sheet, row1: usize, col: usize) -> &str {
    text(&s.rows[row1 - 1][col])
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::File::create(&p).unwrap().write_all(bytes).unwrap();
    p
}

#[test]
fn csv_comma_tab_and_bom() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "virgole.csv",
        b"\xEF\xBB\xBFIndicatore,Target\n\"Pratiche evase; entro 5 gg\",95%\n",
    );
    let wb = open(&p).unwrap();
    let s = &wb.sheets[0];
    assert_eq!(s.name, "virgole");
    assert_eq!(text(&s.rows[0][0]), "Indicatore");
    assert_eq!(text(&s.rows[1][0]), "Pratiche evase; entro 5 gg");
    assert_eq!(text(&s.rows[1][1]), "95%");

    let p = write(dir.path(), "tab.txt", b"a\tb\tc\n1,5\t \t3\n");
    let s = &open(&p).unwrap().sheets[0];
    assert_eq!(s.rows.len(), 2);
    assert_eq!(text(&s.rows[1][0]), "1,5");
    assert_eq!(text(&s.rows[1][1]), " ");
}

#[test]
fn xlsx_merged_offsets_and_formats() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook as XWorkbook};
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("merged.xlsx");
    let mut wb = XWorkbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Obiettivi").unwrap();
    let pct = Format::new().set_num_format("0%");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let plain = Format::new();
    // Grid starts at C5 (row 4, col 2).
    ws.merge_range(4, 2, 5, 3, "Area 1", &plain).unwrap();
    ws.write_with_format(6, 2, 0.95, &pct).unwrap();
    ws.write_with_format(6, 3, 1.5, &Format::new().set_num_format("0.00"))
        .unwrap();
    let d = ExcelDateTime::from_ymd(2022, 12, 31).unwrap();
    ws.write_with_format(6, 4, &d, &date).unwrap();
    ws.write(7, 2, "  testo  ").unwrap();
    wb.save(&p).unwrap();

    let r = open(&p).unwrap();
    let s = &r.sheets[0];
    assert_eq!(s.name, "Obiettivi");
    assert_eq!((s.row_offset, s.col_offset), (4, 2));
    assert_eq!(s.rows.len(), 4);
    assert_eq!(
        s.merged,
        vec![cruscotto::read::Merged {
            first_row: 0,
            first_col: 0,
            last_row: 1,
            last_col: 1
        }]
    );
    assert_eq!(text(at(s, 5, 2)), "Area 1");
    assert_eq!(at(s, 7, 2).value, CellValue::Number(Decimal::new(95, 2)));
    assert_eq!(at(s, 7, 2).format, NumFormat::Percent);
    assert_eq!(at(s, 7, 3).format, NumFormat::General);
    assert_eq!(
        at(s, 7, 4).value,
        CellValue::Date(
            NaiveDate::from_ymd_opt(2022, 12, 31)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
        )
    );
    assert_eq!(text(at(s, 8, 2)), "  testo  ");
}

fn assert_corrupt(r: Result<Workbook, ReadError>) {
    match r {
        Err(ReadError::Corrupt { reason, .. }) => assert!(!reason.is_empty()),
        other => panic!("expected Corrupt, got {other:?}"),
    }
}

#[test]
fn hostile_inputs_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for name in ["vuoto.xlsx", "vuoto.xls", "vuoto.ods", "vuoto.csv"] {
        assert_corrupt(open(&write(d, name, b"")));
    }
    assert_corrupt(open(&write(d, "testo.xlsx", b"Indicatore;Target\n")));
    assert_corrupt(open(&write(d, "testo.ods", b"<html>no</html>")));
    assert_corrupt(open(&write(d, "binario.csv", b"PK\x03\x04\x00\x00\x00")));

    for ext in ["xlsx", "xls", "ods"] {
        let full = std::fs::read(fixture(&format!("arezzo-siena-2022.{ext}"))).unwrap();
        for cut in [8, 100, full.len() / 2, full.len() - 10] {
            let p = write(d, &format!("tronco{cut}.{ext}"), &full[..cut]);
            assert!(open(&p).is_err(), "truncated {ext} at {cut} was accepted");
        }
    }
    // A valid zip that is not a spreadsheet.
    let p = d.join("zip.xlsx");
    {
        let f = std::fs::File::create(&p).unwrap();
        let mut z = zip::ZipWriter::new(f);
        z.start_file("note.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(b"ciao").unwrap();
        z.finish().unwrap();
    }
    assert!(open(&p).is_err());
    let p2 = d.join("zip.ods");
    std::fs::copy(&p, &p2).unwrap();
    assert_corrupt(open(&p2));

    assert!(matches!(
        open(&d.join("manca.xlsx")),
        Err(ReadError::Io { .. })
    ));
    assert!(matches!(
        open(&write(d, "doc.pdf", b"%PDF")),
        Err(ReadError::Unsupported { .. })
    ));
}

#[test]
fn encrypted_package_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("protetto.xlsx");
    {
        let mut cf = cfb::create(&p).unwrap();
        cf.create_stream("/EncryptionInfo")
            .unwrap()
            .write_all(&[4, 0, 4, 0])
            .unwrap();
        cf.create_stream("/EncryptedPackage")
            .unwrap()
            .write_all(&[0; 64])
            .unwrap();
        cf.flush().unwrap();
    }
    let e = open(&p).unwrap_err();
    assert!(matches!(e, ReadError::Encrypted { .. }), "{e:?}");
    assert!(e.to_string().contains("password"));
}

#[test]
fn oversize_sheets_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // xlsx: two cells at opposite corners.
    let p = dir.path().join("enorme.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, 1).unwrap();
    ws.write(1_048_575, 16_383, 2).unwrap();
    wb.save(&p).unwrap();
    match open(&p) {
        Err(ReadError::Corrupt { reason, .. }) => assert!(reason.contains("troppo grande")),
        other => panic!("{other:?}"),
    }
    // ods: one value cell repeated over a million rows and 16000 columns.
    let p = write_ods(
        dir.path(),
        "enorme.ods",
        r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16000"/></table:table-row></table:table>"#,
    );
    match open(&p) {
        Err(ReadError::Corrupt { reason, .. }) => assert!(reason.contains("troppo grande")),
        other => panic!("{other:?}"),
    }
}

/// Writes a minimal OpenDocument spreadsheet whose body is `tables`.
fn write_ods(dir: &Path, name: &str, tables: &str) -> PathBuf {
    let p = dir.join(name);
    let f = std::fs::File::create(&p).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let o = zip::write::SimpleFileOptions::default();
    z.start_file("mimetype", o).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    z.start_file("META-INF/manifest.xml", o).unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#)
        .unwrap();
    z.start_file("content.xml", o).unwrap();
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    );
    z.write_all(xml.as_bytes()).unwrap();
    z.finish().unwrap();
    p
}

#[test]
fn ods_merged_percent_and_repeats() {
    let dir = tempfile::tempdir().unwrap();
    let p = write_ods(
        dir.path(),
        "unite.ods",
        concat!(
            r#"<table:table table:name="Uno">"#,
            r#"<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="4"/></table:table-row>"#,
            r#"<table:table-row><table:table-cell table:number-columns-repeated="2"/>"#,
            r#"<table:table-cell office:value-type="string" table:number-columns-spanned="2" table:number-rows-spanned="2"><text:p>Area 1</text:p></table:table-cell>"#,
            r#"<table:covered-table-cell/></table:table-row>"#,
            r#"<table:table-row><table:table-cell table:number-columns-repeated="2"/><table:covered-table-cell table:number-columns-repeated="2"/></table:table-row>"#,
            r#"<table:table-row><table:table-cell table:number-columns-repeated="2"/>"#,
            r#"<table:table-cell office:value-type="percentage" office:value="0.95" table:number-columns-repeated="2"/>"#,
            r#"<table:table-cell office:value-type="float" office:value="0.95"/>"#,
            r#"<table:table-cell office:value-type="date" office:date-value="2022-06-30"/></table:table-row>"#,
            r#"</table:table>"#,
            r#"<table:table table:name="Due"><table:table-row><table:table-cell office:value-type="float" office:value="3"/></table:table-row></table:table>"#,
        ),
    );
    let wb = open(&p).unwrap();
    assert!(wb.formats_known);
    let s = &wb.sheets[0];
    assert_eq!(s.name, "Uno");
    assert_eq!((s.row_offset, s.col_offset), (2, 2));
    assert_eq!(text(at(s, 3, 2)), "Area 1");
    assert_eq!(
        s.merged,
        vec![cruscotto::read::Merged {
            first_row: 0,
            first_col: 0,
            last_row: 1,
            last_col: 1
        }]
    );
    for col in [2, 3] {
        assert_eq!(at(s, 5, col).value, CellValue::Number(Decimal::new(95, 2)));
        assert_eq!(at(s, 5, col).format, NumFormat::Percent);
    }
    assert_eq!(at(s, 5, 4).format, NumFormat::General);
    assert!(matches!(at(s, 5, 5).value, CellValue::Date(_)));
    assert_eq!(wb.sheets[1].name, "Due");
}

#[test]
fn encrypted_ods_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("protetto.ods");
    let f = std::fs::File::create(&p).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let o = zip::write::SimpleFileOptions::default();
    z.start_file("mimetype", o).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    z.start_file("META-INF/manifest.xml", o).unwrap();
    z.write_all(br#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry></manifest:manifest>"#)
        .unwrap();
    z.start_file("content.xml", o).unwrap();
    z.write_all(&[0x8B, 0x12, 0xFF, 0x00, 0x7A]).unwrap();
    z.finish().unwrap();
    assert!(matches!(open(&p), Err(ReadError::Encrypted { .. })));
}
