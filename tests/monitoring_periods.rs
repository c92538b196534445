//! Monitoring periods (`--periodo` with months, trimestri, quadrimestri and
//! semestri) on `fixtures/monitoraggio-2025.csv`: pro-rata projections and
//! the plan's `Target I semestre` column, with numbers worked out by hand.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn cruscotto(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args(args)
        .output()
        .expect("run cruscotto")
}

fn convert(periodo: &str) -> Vec<Value> {
    let plan = fixture("monitoraggio-2025.csv");
    let out = cruscotto(&[
        "convert",
        plan.to_str().unwrap(),
        "--periodo",
        periodo,
        "--format",
        "json",
        "-o",
        "-",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// (months, expected, projected attainment, period target used) of each row.
fn projections(rows: &[Value]) -> Vec<(Value, Value, Value, Value)> {
    rows.iter()
        .map(|r| {
            (
                r["projection_months"].clone(),
                r["projection_expected"].clone(),
                r["projection_attainment_pct"].clone(),
                r["projection_target_raw"].clone(),
            )
        })
        .collect()
}

fn p(m: i64, expected: &str, att: &str, target: Option<&str>) -> (Value, Value, Value, Value) {
    (m.into(), expected.into(), att.into(), target.into())
}

fn none() -> (Value, Value, Value, Value) {
    (Value::Null, Value::Null, Value::Null, Value::Null)
}

#[test]
fn first_semester_pro_rata_and_period_targets() {
    let rows = convert("2025-S1");
    assert_eq!(rows.len(), 4);
    // The year-end attainment is unchanged: 55/100.
    assert_eq!(rows[0]["attainment_pct"], "55.00");
    assert_eq!(
        projections(&rows),
        vec![
            // Volume 100, no period target: expected 100 × 6/12 = 50;
            // 55/50 = 110, capped at 100.
            p(6, "50", "100.00", None),
            // Volume 200 with `Target I semestre` >= 80: 60/80 = 75 (the
            // pro-rata would have given 60/100 = 60).
            p(6, "80", "75.00", Some(">= 80")),
            // A percentage with a period target 90%: 81/90 = 90.
            p(6, "90", "90.00", Some("90%")),
            // Not cumulative and no period target: no projection.
            none(),
        ]
    );
    assert_eq!(rows[1]["projection_status"], "parzialmente raggiunto");
    // 2025-06 and 2025-T2 end on the same day: the same reading.
    assert_eq!(projections(&convert("2025-06")), projections(&rows));
    assert_eq!(projections(&convert("2025-T2")), projections(&rows));
}

#[test]
fn trimestre_and_quadrimestre_are_pro_rata() {
    // 2025-T1: 3 months, no period column for it.
    // 100 × 3/12 = 25 → 55/25 capped at 100; 200 × 3/12 = 50 → 60/50 capped.
    assert_eq!(
        projections(&convert("2025-T1")),
        vec![
            p(3, "25", "100.00", None),
            p(3, "50", "100.00", None),
            none(),
            none()
        ]
    );
    // 2025-Q1 (quadrimestre, 4 months): 200 × 4/12 = 66,67 → 60/66,67 = 90.
    assert_eq!(
        projections(&convert("2025-Q1")),
        vec![
            p(4, "33.33", "100.00", None),
            p(4, "66.67", "90.00", None),
            none(),
            none()
        ]
    );
    // Year end (T4, S2, Q3, 12): no projection at all.
    for end in ["2025-T4", "2025-S2", "2025-Q3", "2025-12"] {
        assert!(
            projections(&convert(end)).iter().all(|x| *x == none()),
            "{end}"
        );
    }
}

#[test]
fn a_quarter_written_q4_is_refused_with_the_italian_convention() {
    let plan = fixture("monitoraggio-2025.csv");
    let out = cruscotto(&["check", plan.to_str().unwrap(), "--periodo", "2025-Q4"]);
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("quadrimestre") && err.contains("T1…T4"),
        "{err}"
    );
    let help = cruscotto(&["convert", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    for word in ["trimestre", "quadrimestre", "semestre"] {
        assert!(help.contains(word), "--help lacks {word}");
    }
}

#[test]
fn the_semester_report_shows_the_period_target() {
    use calamine::Reader;
    let tmp = tempfile::tempdir().unwrap();
    let plan = fixture("monitoraggio-2025.csv");
    let out = cruscotto(&[
        "report",
        plan.to_str().unwrap(),
        "--periodo",
        "2025-S1",
        "--per",
        "dirigente",
        "--ente",
        "Ente di prova",
        "-o",
        tmp.path().to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut wb =
        calamine::open_workbook_auto(tmp.path().join("dirigente-mario-rossi.xlsx")).unwrap();
    let sintesi = wb.worksheet_range("Sintesi").unwrap();
    assert_eq!(
        sintesi.get((0, 0)).map(|c| c.to_string()).as_deref(),
        Some("Monitoraggio al 30/06/2025")
    );
    let sheet = wb.worksheet_range("Obiettivi").unwrap();
    let texts: Vec<String> = sheet.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t == "target a 6 mesi «>= 80» · 75% (parzialmente raggiunto)"),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t == "atteso a 6 mesi: 50 · 100% (raggiunto)"),
        "{texts:?}"
    );
}
