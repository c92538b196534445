//! `cruscotto report` on the Arezzo-Siena fixture with its organigramma: one
//! workbook per dirigente and per area plus the summary, read back with calamine.

use std::path::PathBuf;
use std::process::Command;

use calamine::{open_workbook_auto, Data, Reader};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn report(out: &std::path::Path, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .arg("report")
        .arg(fixture("arezzo-siena-2022.xlsx"))
        .arg("--organigramma")
        .arg(fixture("arezzo-siena-2022-organigramma.csv"))
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("run cruscotto")
}

#[test]
fn reports_for_every_dirigente_and_area() {
    let tmp = tempfile::tempdir().unwrap();
    let out = report(tmp.path(), &["--ente", "CCIAA di prova"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("manifest.json")).unwrap())
            .unwrap();
    let files: Vec<(String, String)> = manifest["file"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["per"].as_str().unwrap().into(),
                f["file"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(files.iter().filter(|(p, _)| p == "dirigente").count(), 5);
    assert_eq!(files.iter().filter(|(p, _)| p == "area").count(), 5);
    assert!(files
        .iter()
        .any(|(_, f)| f == "dirigente-dott-mario-del-secco.xlsx"));
    assert!(files.iter().any(|(_, f)| f == "area-azienda-speciale.xlsx"));
    assert_eq!(manifest["indicatori"], 190);

    // The summary workbook: three sheets, the body's attainment as a fraction.
    let body: f64 = manifest["raggiungimento_ente"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let mut wb = open_workbook_auto(tmp.path().join("riepilogo.xlsx")).unwrap();
    assert_eq!(wb.sheet_names(), vec!["Sintesi", "Obiettivi", "Anomalie"]);
    let sintesi = wb.worksheet_range("Sintesi").unwrap();
    let found = sintesi
        .cells()
        .any(|(_, _, c)| matches!(c, Data::Float(f) if (f * 100.0 - body).abs() < 0.01));
    assert!(found, "overall attainment {body} not on the Sintesi sheet");
    let text: Vec<String> = sintesi.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(text.iter().any(|t| t.contains("CCIAA di prova")));

    // Every workbook opens and has its objectives sheet with indicator rows.
    for (_, f) in &files {
        let mut wb = open_workbook_auto(tmp.path().join(f)).unwrap();
        let obj = wb.worksheet_range("Obiettivi").unwrap();
        assert!(obj.height() > 2, "{f} has no objectives");
    }

    // A second run refuses to overwrite without --force.
    let again = report(tmp.path(), &[]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    let forced = report(tmp.path(), &["--force"]);
    assert_eq!(forced.status.code(), Some(0));
}
