//! A flat table layout (one row per indicator, `;` CSV): title with a named
//! area, objective column with leading codes and continuation rows, an
//! `Operatore` column, weights, baseline, target and actual of one year.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn flat_table_with_operator_column() {
    let input = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/piano-piatto-2025.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args(["convert", "--format", "json", "--output", "-"])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|r| r["area"] == "Area Anagrafe"));
    let r = &rows[0];
    assert_eq!(r["objective_code"], "OO1");
    assert_eq!(r["objective"], "Semplificare le pratiche");
    assert_eq!(r["weight"], "40");
    assert_eq!(r["polarity"], "<=");
    assert_eq!(r["polarity_source"], "column");
    // Continuation rows inherit the objective.
    assert_eq!(rows[2]["objective_code"], "OO1");
    // No operator in its column: lower-is-better word, recorded as an inference.
    assert_eq!(rows[2]["polarity_source"], "keyword");
    assert!(rows[2]["anomalies"].as_str().unwrap().contains("inferenza"));
    assert_eq!(rows[2]["attainment_pct"], "71.43");
    assert_eq!(rows[4]["target_kind"], "date");
    assert_eq!(rows[4]["polarity_source"], "deadline");
    assert_eq!(rows[4]["status"], "raggiunto");
}
