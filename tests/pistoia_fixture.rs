//! The Pistoia-Prato PIAO 2025-2027 fixture (block layout: key/value rows,
//! operator columns and sub-headers, weights, three target years): read with
//! its weights and owners by the real binary.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn convert(extra: &[&str]) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args(["convert", "--format", "json", "--output", "-"])
        .arg(fixture("pistoia-prato-2025.xlsx"))
        .arg("--organigramma")
        .arg(fixture("pistoia-prato-2025-organigramma.csv"))
        .args(extra)
        .output()
        .expect("run cruscotto");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn row(rows: &[Value], n: u64) -> &Value {
    rows.iter()
        .find(|r| r["source_row"] == n)
        .unwrap_or_else(|| panic!("row {n} not read"))
}

#[test]
fn every_indicator_with_weights_owners_and_operator_columns() {
    let rows = convert(&[]);
    assert_eq!(rows.len(), 415);
    assert!(rows.iter().all(|r| r["target_year"] == 2025));
    let weighted = rows.iter().filter(|r| !r["weight"].is_null()).count();
    assert!(weighted >= 398, "weights read: {weighted}");
    // Not understood targets would be kind `text`: none in this plan.
    assert!(rows.iter().all(|r| r["target_kind"] != "text"));

    // Transversal block: operator column `>=`, rate target, actual on the same scale.
    let r = row(&rows, 25);
    assert_eq!(r["transversal"], true);
    assert_eq!(r["weight"], "33.3");
    assert_eq!(r["target_kind"], "rate");
    assert_eq!(r["target_value"], "80/10000");
    assert_eq!(r["polarity"], ">=");
    assert_eq!(r["polarity_source"], "column");
    assert_eq!(r["actual_value"], "286");
    assert_eq!(r["status"], "raggiunto");

    // Operator sub-header `>=` over the target column, negative percent target.
    let r = row(&rows, 77);
    assert_eq!(r["target_kind"], "percent");
    assert_eq!(r["target_value"], "-3");
    assert_eq!(r["polarity_source"], "column");
    assert_eq!(r["attainment_pct"], "100.00");

    // Key/value block: area → dirigente from the organigramma, objective code.
    let r = row(&rows, 140);
    assert_eq!(r["area"], "Promozione e Sviluppo Economico");
    assert_eq!(
        r["dirigente"],
        "Dirigente Area Promozione (dati dimostrativi)"
    );
    assert_eq!(r["objective_code"], "01_01_OS01");
    assert_eq!(r["weight"], "20");
    assert_eq!(r["transversal"], false);

    // Deadline written `30.04.2025` with `<=` in the operator column.
    let r = row(&rows, 231);
    assert_eq!(r["target_kind"], "date");
    assert_eq!(r["target_value"], "2025-04-30");
    assert_eq!(r["polarity"], "<=");

    // Every indicator belongs to a coded objective: code rows (`01_01_UIC01 |
    // title`, or both in one cell) and `Codice:` key/value rows alike.
    assert!(rows.iter().all(|r| r["objective_code"].is_string()));
    let objectives: std::collections::BTreeSet<&str> = rows
        .iter()
        .filter_map(|r| r["objective_code"].as_str())
        .collect();
    assert_eq!(objectives.len(), 49);
    assert_eq!(row(&rows, 25)["objective_code"], "01_01_UIC01");

    // Spelling variants of one area are one area.
    let areas: std::collections::BTreeSet<&str> =
        rows.iter().filter_map(|r| r["area"].as_str()).collect();
    assert!(
        !areas.contains("Promozione e sviluppo economico"),
        "{areas:?}"
    );
}

#[test]
fn a_later_target_year_is_chosen_with_anno() {
    let rows = convert(&["--anno", "2026"]);
    assert_eq!(rows.len(), 415);
    assert!(rows.iter().all(|r| r["target_year"] == 2026));
    // `n.d.` in the 2026 column: not assessable, never scored.
    let r = row(&rows, 144);
    assert_eq!(r["target_kind"], "na");
    assert_eq!(r["status"], "non valutabile");
    assert!(r["attainment_pct"].is_null());
}

#[test]
fn monthly_period_adds_pro_rata_projections_to_cumulative_volumes() {
    let june = convert(&["--periodo", "2025-06"]);
    let projected: Vec<&Value> = june
        .iter()
        .filter(|r| !r["projection_months"].is_null())
        .collect();
    assert!(!projected.is_empty());
    assert!(projected.iter().all(|r| r["tipologia"] == "Volume"));
    // Row 26: target `>= 4` events, 7 held: expected 2 by June.
    let r = row(&june, 26);
    assert_eq!(r["projection_months"], 6);
    assert_eq!(r["projection_expected"], "2");
    assert_eq!(r["projection_attainment_pct"], "100.00");
    assert_eq!(r["attainment_pct"], "100.00");
    // Year end: no projection.
    let dec = convert(&["--periodo", "2025-12"]);
    assert!(dec.iter().all(|r| r["projection_months"].is_null()));

    // The report of the period shows the projection column.
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .arg("report")
        .arg(fixture("pistoia-prato-2025.xlsx"))
        .args(["--periodo", "2025-06", "--per", "area", "--out"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(tmp.path().join("riepilogo.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Obiettivi").unwrap();
    let has = sheet
        .cells()
        .any(|(_, _, c)| matches!(c, calamine::Data::String(s) if s == "Proiezione al periodo (pro rata o target del periodo)"));
    assert!(has, "projection column missing");
}

#[test]
fn several_target_years_give_one_row_per_indicator_and_year() {
    let rows = convert(&["--anni", "2025,2026,2027"]);
    assert_eq!(rows.len(), 3 * 415);
    for y in [2025, 2026, 2027] {
        assert_eq!(rows.iter().filter(|r| r["target_year"] == y).count(), 415);
    }
    // Row 140: `>= 4` in 2025, `n.d.` in the later years.
    let years: Vec<(i64, String)> = rows
        .iter()
        .filter(|r| r["source_row"] == 140)
        .map(|r| {
            (
                r["target_year"].as_i64().unwrap(),
                r["target_kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        years,
        vec![
            (2025, "number".into()),
            (2026, "na".into()),
            (2027, "na".into())
        ]
    );
}
