//! `--consuntivi`: actuals kept in separate files, joined to the plan; a
//! previous-year column feeds `≥ anno x-1`; unmatched rows are reported.

use std::path::Path;
use std::process::Command;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn separate_actuals_and_previous_year_values_are_joined() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let plan = write(
        d,
        "piano.csv",
        "Obiettivo operativo;Indicatore;UdM;Target 2025\n\
         OO1 Promuovere i servizi;Imprese assistite;n.;≥ anno x-1\n\
         ;Eventi realizzati;n.;>= 4\n\
         OO2 Digitalizzare;Pratiche telematiche;%;>= +10%\n",
    );
    let now = write(
        d,
        "consuntivi-2025.csv",
        "Obiettivo operativo;Indicatore;Consuntivo 2025\n\
         OO1 Promuovere i servizi;Imprese assistite;110\n\
         ;Eventi realizzati;5\n\
         OO2 Digitalizzare;Pratiche telematiche;+12%\n\
         OO9 Altro;Indicatore orfano;3\n",
    );
    let before = write(
        d,
        "consuntivi-2024.csv",
        "Obiettivo operativo;Indicatore;Consuntivo 2024\nOO1 Promuovere i servizi;Imprese assistite;120\n",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args([
            "convert",
            "--format",
            "json",
            "--output",
            "-",
            "--consuntivi",
        ])
        .arg(&now)
        .arg("--consuntivi")
        .arg(&before)
        .arg(&plan)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.len(), 3);
    // ≥ anno x-1: 110 against the 2024 value 120.
    assert_eq!(rows[0]["target_kind"], "prev_year");
    assert_eq!(rows[0]["actual_value"], "110");
    assert_eq!(rows[0]["attainment_pct"], "91.67");
    assert_eq!(rows[1]["actual_value"], "5");
    assert_eq!(rows[1]["status"], "raggiunto");
    // A growth target against an actual written as a variation.
    assert_eq!(rows[2]["target_kind"], "growth");
    assert_eq!(rows[2]["status"], "raggiunto");

    let check = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args(["check", "--json", "--consuntivi"])
        .arg(&now)
        .arg("--consuntivi")
        .arg(&before)
        .arg(&plan)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let orphans: Vec<&serde_json::Value> = doc["anomalies"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["code"] == "consuntivo-non-abbinato")
        .collect();
    assert_eq!(orphans.len(), 1);
    assert_eq!(orphans[0]["raw"], "Indicatore orfano");
}
