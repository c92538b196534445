//! Legacy «Esporta in Excel» files through the real binary: HTML tables
//! saved as `.xls` and Excel 2003 XML Spreadsheet (`.xml`, `.xls`), made by
//! `cargo run --example fixture_legacy` from two xlsx fixtures, convert to
//! the same records as those xlsx; files of other kinds named `.xls` or
//! `.xml` are refused with a message saying what they are.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args(args)
        .output()
        .expect("run cruscotto")
}

/// `convert --format csv` of `input`: the header and the records.
fn convert(input: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let o = run(&[
        "convert",
        "--format",
        "csv",
        "--output",
        "-",
        input.to_str().unwrap(),
    ]);
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "{}: {}",
        input.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    let mut r = csv::Reader::from_reader(&o.stdout[..]);
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// Every column but `source_file` (the file name differs by construction;
/// sheet names, rows and everything read from the cells must not).
fn without_source_file(header: &[String], rows: &[Vec<String>]) -> Vec<Vec<String>> {
    let skip = header.iter().position(|h| h == "source_file").unwrap();
    rows.iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, v)| v.clone())
                .collect()
        })
        .collect()
}

fn col(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap()
}

/// The legacy export reads to the same records as `xlsx`; returns them.
fn same_records(xlsx: &str, legacy: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let (h1, r1) = convert(&fixture(xlsx));
    let (h2, r2) = convert(&fixture(legacy));
    assert_eq!(h1, h2);
    assert!(!r1.is_empty());
    assert_eq!(r1.len(), r2.len(), "{legacy}");
    let (a, b) = (without_source_file(&h1, &r1), without_source_file(&h2, &r2));
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        assert_eq!(x, y, "{legacy}: record {i}");
    }
    let file = col(&h2, "source_file");
    assert!(r2
        .iter()
        .all(|r| r[file].ends_with(legacy.rsplit('/').next().unwrap())));
    (h2, r2)
}

/// The record of `indicator` (first one).
fn record<'a>(h: &[String], rows: &'a [Vec<String>], indicator: &str) -> &'a [String] {
    let i = col(h, "indicator");
    rows.iter().find(|r| r[i] == indicator).unwrap()
}

#[test]
fn html_table_xls_reads_as_the_xlsx() {
    let (h, rows) = same_records(
        "arezzo-siena-2022.xlsx",
        "legacy/arezzo-siena-2022-esporta.xls",
    );
    assert_eq!(rows.len(), 190);
    // Eight tables, eight sheets named by caption or heading.
    let sheet = col(&h, "source_sheet");
    let mut sheets: Vec<&str> = rows.iter().map(|r| r[sheet].as_str()).collect();
    sheets.dedup();
    assert_eq!(sheets.len(), 8, "{sheets:?}");
    assert!(sheets.contains(&"Allegato 1") && sheets.contains(&"Azienda Speciale"));
    // Percent, Italian decimal and date cells were text in the page.
    let r = record(
        &h,
        &rows,
        "Pratiche evase entro 5 gg / totale pratiche telematiche (PIRA)",
    );
    assert_eq!(r[col(&h, "target_raw")], "95%");
    assert_eq!(r[col(&h, "target_kind")], "percent");
    assert_eq!(r[col(&h, "target_value")], "95");
    assert_eq!(r[col(&h, "source_row")], "3");
    let r = record(&h, &rows, "Monitoraggio del Piano Anticorruzione");
    assert_eq!(r[col(&h, "target_raw")], "30/06/2022");
    assert_eq!(r[col(&h, "target_kind")], "date");
    assert_eq!(r[col(&h, "actual_value")], "2022-06-04");
    assert_eq!(r[col(&h, "status")], "raggiunto");
}

#[test]
fn spreadsheetml_xml_reads_as_the_xlsx() {
    let (h, rows) = same_records(
        "arezzo-siena-2022.xlsx",
        "legacy/arezzo-siena-2022-2003.xml",
    );
    assert_eq!(rows.len(), 190);
    let r = record(
        &h,
        &rows,
        "Media dei tempi di lavorazione e sospensione pratiche telematiche al netto delle sospensioni (PIRA)",
    );
    assert_eq!(r[col(&h, "target_raw")], "2,5");
    assert_eq!(r[col(&h, "actual_value")], "2.3");
    // A 0.0% style: 68,6%, not 0,686.
    let i = col(&h, "actual_raw");
    assert!(rows.iter().any(|r| r[i] == "68,6%"));
}

#[test]
fn merged_cells_read_as_the_xlsx_in_both_kinds() {
    for legacy in [
        "legacy/e1-comune-merged-esporta.xls",
        "legacy/e1-comune-merged-2003.xls",
    ] {
        let (h, rows) = same_records("varianti/e1-comune-merged.xlsx", legacy);
        assert_eq!(rows.len(), 10, "{legacy}");
        // The objective merged down four rows is every one of them's.
        let obj = col(&h, "strategic_objective");
        let first = &rows[0][obj];
        assert!(first.contains("Una città digitale"), "{legacy}: {first}");
        assert_eq!(
            rows.iter().filter(|r| &r[obj] == first).count(),
            4,
            "{legacy}"
        );
    }
}

/// `check` on `file`: exit status 2 and the error text.
fn refused(file: &Path) -> String {
    let o = run(&["check", file.to_str().unwrap()]);
    let e = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(2), "{}: {e}", file.display());
    assert!(!e.contains("panicked"), "{e}");
    assert!(
        e.contains(&*file.file_name().unwrap().to_string_lossy()),
        "{e}"
    );
    e
}

fn zip_of(path: &Path, entries: &[(&str, &[u8])]) {
    use std::io::Write as _;
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, body) in entries {
        z.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(body).unwrap();
    }
    z.finish().unwrap();
}

#[test]
fn other_kinds_named_xls_or_xml_say_what_they_are() {
    use std::io::Write as _;
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // A Word 97–2003 document: a compound file with a WordDocument stream.
    let doc = d.join("piano.xls");
    {
        let mut c = cfb::create(&doc).unwrap();
        c.create_stream("/WordDocument")
            .unwrap()
            .write_all(&[0u8; 64])
            .unwrap();
        c.flush().unwrap();
    }
    let docx = d.join("piano-docx.xls");
    zip_of(
        &docx,
        &[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", b"<w:document/>"),
        ],
    );
    let pdf = d.join("piano-pdf.xls");
    std::fs::write(&pdf, b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n").unwrap();
    let page = d.join("pagina.xls");
    std::fs::write(
        &page,
        b"<html><head><title>Esporta</title></head><body><p>Nessun dato da esportare</p></body></html>",
    )
    .unwrap();
    let word_html = d.join("lettera.htm");
    std::fs::write(
        &word_html,
        b"<html xmlns:w=\"urn:schemas-microsoft-com:office:word\"><head><meta name=ProgId content=Word.Document></head><body><p>Gentile</p></body></html>",
    )
    .unwrap();
    let archive = d.join("archivio.xls");
    zip_of(
        &archive,
        &[("relazione.pdf", b"%PDF-1.4"), ("note.txt", b"testo")],
    );
    let word_xml = d.join("piano-word.xml");
    std::fs::write(
        &word_xml,
        b"<?xml version=\"1.0\"?><?mso-application progid=\"Word.Document\"?><w:wordDocument xmlns:w=\"http://schemas.microsoft.com/office/word/2003/wordml\"/>",
    )
    .unwrap();
    let other_xml = d.join("fattura.xml");
    std::fs::write(&other_xml, b"<?xml version=\"1.0\"?><FatturaElettronica/>").unwrap();
    let tsv = d.join("esporta-testo.xls");
    std::fs::write(
        &tsv,
        b"Indicatore\tTarget\r\nPratiche evase\t95%\r\nUnit\xe0\t1\r\n",
    )
    .unwrap();
    let cases: [(&Path, &[&str]); 9] = [
        (&doc, &["documento Word (.doc)"]),
        (&docx, &["documento Word (.docx)"]),
        (&pdf, &["documento PDF"]),
        (&page, &["pagina HTML senza tabelle"]),
        (&word_html, &["documento Word salvato come pagina web"]),
        (&archive, &["archivio zip", "relazione.pdf"]),
        (&word_xml, &["documento Word in formato XML"]),
        (&other_xml, &["file XML", "<FatturaElettronica>"]),
        (&tsv, &["file di testo", "rinominarlo in .csv"]),
    ];
    for (file, said) in cases {
        let e = refused(file);
        for s in said {
            assert!(e.contains(s), "{}: {e}", file.display());
        }
    }
}

#[test]
fn damaged_legacy_exports_name_the_file_and_the_place() {
    let tmp = tempfile::tempdir().unwrap();
    let full = std::fs::read_to_string(fixture("legacy/arezzo-siena-2022-2003.xml")).unwrap();
    // Cut after a row of the second worksheet, then inside a tag.
    let second = full.match_indices("<Worksheet").nth(1).unwrap().0;
    let end = second + 2000 + full[second + 2000..].find('\n').unwrap();
    let cut = tmp.path().join("piano-2003.xml");
    std::fs::write(&cut, &full[..end]).unwrap();
    let e = refused(&cut);
    assert!(
        e.contains("troncato") && e.contains("foglio «Area 1»"),
        "{e}"
    );
    std::fs::write(&cut, &full[..end - 3]).unwrap();
    let e = refused(&cut);
    assert!(
        e.contains("XML non valido al byte") && e.contains("foglio «Area 1», riga"),
        "{e}"
    );
    let merged = std::fs::read_to_string(fixture("legacy/e1-comune-merged-2003.xls")).unwrap();
    let bad = tmp.path().join("indice.xls");
    std::fs::write(
        &bad,
        merged.replacen("<Row ss:Index=\"", "<Row ss:Index=\"-", 1),
    )
    .unwrap();
    let e = refused(&bad);
    assert!(
        e.contains("«-3» non valido per ss:Index") && e.contains("foglio «Obiettivi 2024»"),
        "{e}"
    );
}
