//! Hostile and broken inputs through the real binary: a clear Italian error
//! and exit status 2 (or anomalies and 1 when the file is readable), never a
//! panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rust_xlsxwriter::{Formula, Workbook};

fn check(path: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args(["check", "--json"])
        .arg(path)
        .output()
        .expect("run cruscotto")
}

fn no_panic(out: &Output) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

#[test]
fn unreadable_files_exit_2_with_an_italian_message() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let full = std::fs::read(fixture("arezzo-siena-2022.xlsx")).unwrap();
    let cases = [
        write(d, "vuoto.xlsx", b""),
        write(d, "finto.xlsx", b"Indicatore;Target\nPratiche;95%\n"),
        write(d, "tronco.xlsx", &full[..full.len() / 2]),
        write(d, "vuoto.csv", b""),
        write(d, "finto.ods", b"<html></html>"),
    ];
    for p in &cases {
        let out = check(p);
        no_panic(&out);
        assert_eq!(out.status.code(), Some(2), "{}", p.display());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("errore:") && err.contains(&*p.file_name().unwrap().to_string_lossy()),
            "{err}"
        );
    }
}

#[test]
fn formula_errors_and_huge_cells_are_anomalies_not_crashes() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("errori.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["Indicatore", "UdM", "Target 2025", "Consuntivo 2025"]
        .iter()
        .enumerate()
    {
        ws.write(0, c as u16, *h).unwrap();
    }
    ws.write(1, 0, "Pratiche evase").unwrap();
    ws.write(1, 2, ">= 95%").unwrap();
    ws.write_formula(1, 3, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    ws.write(2, 0, "Indicatore con target enorme").unwrap();
    ws.write(2, 2, "9".repeat(32_000).as_str()).unwrap();
    ws.write(2, 3, "1").unwrap();
    ws.write(3, 0, "x".repeat(32_000).as_str()).unwrap();
    ws.write_formula(3, 2, Formula::new("=NA()").set_result("#N/A"))
        .unwrap();
    ws.write(3, 3, "1").unwrap();
    wb.add_worksheet().set_name("Vuoto").unwrap();
    wb.save(&p).unwrap();

    let out = check(&p);
    no_panic(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["indicators"], 3);
    let codes: Vec<&str> = doc["anomalies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"errore-formula"), "{codes:?}");
    assert!(codes.contains(&"target-non-letto"), "{codes:?}");
}

#[test]
fn a_csv_row_with_a_million_columns_is_read_in_bounded_time_and_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let mut text = String::from("Indicatore;Target 2025;Consuntivo 2025\nPratiche;95%;96%\n");
    text.push_str(&";".repeat(1_000_000));
    text.push('\n');
    let p = write(tmp.path(), "larga.csv", text.as_bytes());
    let out = check(&p);
    no_panic(&out);
    // The empty wide row is blank: the one indicator is read, nothing else.
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["indicators"], 1);
}

#[test]
fn a_reader_that_stops_early_is_not_a_crash() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args(["convert", "--format", "csv", "--output", "-"])
        .arg(fixture("pistoia-prato-2025.xlsx"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe is closed here, like `| head`.
    let out = child.wait_with_output().unwrap();
    no_panic(&out);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_forty_thousand_character_cell_is_kept_and_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let long = "x".repeat(40_000);
    let text = format!("Indicatore;Target 2025;Consuntivo 2025\nPratiche;{long};1\n");
    let p = write(tmp.path(), "lunga.csv", text.as_bytes());
    let out = check(&p);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["indicators"], 1);
    let a = doc["anomalies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "target-non-letto")
        .expect("target-non-letto");
    assert_eq!(a["raw"].as_str().unwrap().len(), 40_000, "kept verbatim");
}

/// One BIFF record: type, length, body.
fn biff(typ: u16, body: &[u8]) -> Vec<u8> {
    let mut v = typ.to_le_bytes().to_vec();
    v.extend_from_slice(&(body.len() as u16).to_le_bytes());
    v.extend_from_slice(body);
    v
}

/// An `.xls` (OLE container, BIFF8 `Workbook` stream) with one sheet whose
/// records are `sheet`.
fn xls_with_sheet(path: &Path, sheet: &[Vec<u8>]) {
    xls_with_sheet_at(path, sheet, None);
}

/// Like [`xls_with_sheet`], with the sheet's offset in BOUNDSHEET forced.
fn xls_with_sheet_at(path: &Path, sheet: &[Vec<u8>], offset: Option<u32>) {
    xls_file(path, &[], sheet, offset);
}

/// An `.xls` with `globals` records after the workbook BOF and one sheet.
fn xls_file(path: &Path, globals: &[Vec<u8>], sheet: &[Vec<u8>], offset: Option<u32>) {
    let bof = |dt: u16| {
        let mut b = vec![0x00, 0x06];
        b.extend_from_slice(&dt.to_le_bytes());
        b.extend_from_slice(&[0; 12]);
        biff(0x0809, &b)
    };
    let boundsheet = |pos: u32| {
        let mut b = pos.to_le_bytes().to_vec();
        b.extend_from_slice(&[0, 0, 1, 0]); // visible, worksheet, 1 char, 8-bit
        b.push(b'S');
        biff(0x0085, &b)
    };
    let extra: usize = globals.iter().map(Vec::len).sum();
    let globals_len = (bof(5).len() + extra + boundsheet(0).len() + biff(0x000A, &[]).len()) as u32;
    let mut stream = bof(5);
    for r in globals {
        stream.extend_from_slice(r);
    }
    stream.extend(boundsheet(offset.unwrap_or(globals_len)));
    stream.extend(biff(0x000A, &[]));
    stream.extend(bof(0x10));
    for r in sheet {
        stream.extend_from_slice(r);
    }
    stream.extend(biff(0x000A, &[]));
    let mut cf = cfb::create(path).unwrap();
    let mut s = cf.create_stream("/Workbook").unwrap();
    std::io::Write::write_all(&mut s, &stream).unwrap();
}

fn number(row: u16, col: u16) -> Vec<u8> {
    let mut b = row.to_le_bytes().to_vec();
    b.extend_from_slice(&col.to_le_bytes());
    b.extend_from_slice(&0u16.to_le_bytes());
    b.extend_from_slice(&1.5f64.to_le_bytes());
    biff(0x0203, &b)
}

/// A BIFF8 `DIMENSIONS` record: first row, last row + 1, first column, last
/// column + 1.
fn dimensions(first_row: u32, rows_end: u32, first_col: u16, cols_end: u16) -> Vec<u8> {
    let mut b = first_row.to_le_bytes().to_vec();
    b.extend_from_slice(&rows_end.to_le_bytes());
    b.extend_from_slice(&first_col.to_le_bytes());
    b.extend_from_slice(&cols_end.to_le_bytes());
    b.extend_from_slice(&0u16.to_le_bytes());
    biff(0x0200, &b)
}

/// Found by fuzzing (`fuzz/`, target `spreadsheet_reader`): calamine builds
/// an `.xls` sheet's dense grid inside `Xls::new`, so two cells far apart
/// (or a huge `DIMENSIONS` record) made it allocate ~137 GB and abort. The
/// stream is now bounded first.
#[test]
fn an_xls_whose_cells_lie_far_apart_is_refused_before_allocating() {
    let tmp = tempfile::tempdir().unwrap();
    let far = tmp.path().join("celle-lontane.xls");
    xls_with_sheet(&far, &[number(0, 0), number(65_000, 60_000)]);
    let declared = tmp.path().join("dimensioni.xls");
    xls_with_sheet(&declared, &[dimensions(0, 4_000_000, 0, 200), number(0, 0)]);
    let reversed = tmp.path().join("dimensioni-rovesciate.xls");
    xls_with_sheet(&reversed, &[dimensions(10, 3, 0, 5), number(0, 0)]);
    // Also found by fuzzing: a sheet offset past the end of the stream made
    // calamine slice out of bounds (a panic, in release builds too).
    let beyond = tmp.path().join("foglio-oltre-la-fine.xls");
    xls_with_sheet_at(&beyond, &[number(0, 0)], Some(7_995_680));
    for (p, why) in [
        (&beyond, "BOUNDSHEET"),
        (&far, "65001 righe × 60001 colonne"),
        (&declared, "4000000 righe × 200 colonne"),
        (&reversed, "DIMENSIONS"),
    ] {
        let out = check(p);
        no_panic(&out);
        assert_eq!(out.status.code(), Some(2), "{}", p.display());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(why), "{err}");
    }
}

/// Found by fuzzing: calamine indexes a NAME (`LBL`) record's bytes without a
/// length check and panics, in release builds too. `read::open` turns a
/// reader library's panic into an error on that file; the CLI prints one
/// Italian line for it instead of Rust's panic report.
#[test]
fn a_reader_library_panic_is_an_error_on_that_file() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("nome-troncato.xls");
    xls_file(&p, &[biff(0x0018, &[0])], &[number(0, 0)], None);
    let out = check(&p);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked at"), "{err}");
    assert!(!err.contains("RUST_BACKTRACE"), "{err}");
    assert!(err.contains("il lettore si è interrotto"), "{err}");
    assert!(err.contains("errore interno ("), "{err}");
}

/// Found by fuzzing: calamine's ODS table reader loops forever when
/// `content.xml` ends inside a table (a truncated or damaged file hung the
/// whole run). The file must be refused, promptly.
#[test]
fn an_ods_cut_inside_a_table_is_refused_not_a_hang() {
    use std::io::Write as _;
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("troncato.ods");
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Obiettivi"><table:table-row><table:table-cell office:value-type="string"><text:p>Indicatore</text:p></table:table-cell>"#;
    let mut z = zip::ZipWriter::new(std::fs::File::create(&p).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("mimetype", opts).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    z.start_file("content.xml", opts).unwrap();
    z.write_all(content.as_bytes()).unwrap();
    z.finish().unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args(["check", "--json"])
        .arg(&p)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("cruscotto check hung on a truncated .ods");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    no_panic(&out);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("content.xml troncato"), "{err}");
}
