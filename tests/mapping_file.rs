//! `--mappa`: a layout the recogniser cannot find is forced by the user.

use std::path::Path;
use std::process::Command;

use rust_xlsxwriter::Workbook;

fn sheet(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Schede").unwrap();
    ws.write(0, 0, "Piano 2025 - schede degli uffici").unwrap();
    for (c, h) in [
        "N.",
        "Descr.",
        "Misura",
        "Valore previsto",
        "Valore ottenuto",
    ]
    .iter()
    .enumerate()
    {
        ws.write(2, c as u16, *h).unwrap();
    }
    let rows = [
        ["1", "Pratiche evase nei termini", "%", ">= 90%", "93%"],
        ["2", "Tempo medio di risposta", "gg", "<= 10", "12"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write(3 + r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save(path).unwrap();
}

fn convert(input: &Path, extra: &[&str]) -> (Option<i32>, Vec<serde_json::Value>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args(["convert", "--format", "json", "--output", "-"])
        .arg(input)
        .args(extra)
        .output()
        .unwrap();
    let rows = serde_json::from_slice(&out.stdout).unwrap_or_default();
    (
        out.status.code(),
        rows,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_forced_header_reads_an_unknown_layout() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("schede.xlsx");
    sheet(&input);

    // Not recognised on its own: nothing read, said on standard error with
    // a pointer to `check` and `--mappa`, exit 1.
    let (code, rows, err) = convert(&input, &[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(rows.is_empty());
    assert!(
        err.contains("nessun indicatore letto") && err.contains("--mappa"),
        "{err}"
    );

    let map = tmp.path().join("mappa.toml");
    std::fs::write(
        &map,
        r#"
[[foglio]]
foglio = "Schede"
riga_intestazione = 3
colonne = { B = "Indicatore", C = "UdM", D = "Target 2025", E = "Consuntivo 2025" }
"#,
    )
    .unwrap();
    let (code, rows, err) = convert(&input, &["--mappa", map.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["indicator"], "Pratiche evase nei termini");
    assert_eq!(rows[0]["target_value"], "90");
    assert_eq!(rows[0]["target_kind"], "percent");
    assert_eq!(rows[0]["actual_value"], "93");
    assert_eq!(rows[0]["status"], "raggiunto");
    assert_eq!(rows[1]["target_year"], 2025);
    assert_eq!(rows[1]["polarity"], "<=");
    assert_eq!(rows[1]["attainment_pct"], "83.33");
}

#[test]
fn a_wrong_mapping_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("schede.xlsx");
    sheet(&input);
    let map = tmp.path().join("mappa.toml");
    std::fs::write(
        &map,
        "[[foglio]]\nfoglio = \"Schede\"\nriga_intestazione = 3\ncolonne = { B = \"Indicatore\", D = \"Valore desiderato\" }\n",
    )
    .unwrap();
    let (code, _, err) = convert(&input, &["--mappa", map.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(err.contains("«Valore desiderato»"), "{err}");
}
