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

#[test]
fn actuals_written_as_words_are_read_or_reported() {
    let input = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/consuntivi-testuali.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args(["convert", "--format", "json", "--output", "-"])
        .arg(&input)
        .output()
        .unwrap();
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let by = |ind: &str| rows.iter().find(|r| r["indicator"] == ind).unwrap().clone();
    // `25 gg` in a `gg` row: read as 25; the words are the row's unit, so
    // nothing is inferred and nothing is reported.
    let i = by("I");
    assert_eq!(i["actual_value"], "25");
    assert!(
        !i["anomalies"].as_str().unwrap_or("").contains("letto come"),
        "{i}"
    );
    // Words that are not a value: not assessable, reported.
    for ind in ["B", "C", "D", "E", "F"] {
        let r = by(ind);
        assert_eq!(r["status"], "non valutabile", "{ind}");
        assert!(
            r["anomalies"]
                .as_str()
                .unwrap()
                .contains("consuntivo-non-letto"),
            "{ind}"
        );
    }
    // A fraction-looking number against a percent target: read as written, flagged.
    let g = by("G");
    assert_eq!(g["actual_value"], "0.96");
    assert!(g["anomalies"]
        .as_str()
        .unwrap()
        .contains("scriverlo come percentuale"));
    // `4.5` is ambiguous in Italian: not guessed.
    let k = by("K");
    assert!(k["anomalies"].as_str().unwrap().contains("numero-ambiguo"));
    assert_eq!(k["status"], "non valutabile");
}

#[test]
fn an_organigramma_overriding_the_sheet_dirigente_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org.csv");
    std::fs::write(&org, "Area;Dirigente\nArea 1;Dott. Altro Nome\n").unwrap();
    let input = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/arezzo-siena-2022.xlsx");
    let out = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args([
            "convert",
            "--format",
            "json",
            "--output",
            "-",
            "--organigramma",
        ])
        .arg(&org)
        .arg(&input)
        .output()
        .unwrap();
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let area1: Vec<&serde_json::Value> = rows.iter().filter(|r| r["area"] == "Area 1").collect();
    assert!(!area1.is_empty());
    assert!(area1.iter().all(|r| r["dirigente"] == "Dott. Altro Nome"));
    // Where the sheet named someone else, the replacement is recorded.
    assert!(area1.iter().any(|r| r["anomalies"]
        .as_str()
        .unwrap()
        .contains("sostituito da quello dell'organigramma")));
}
