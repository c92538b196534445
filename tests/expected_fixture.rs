//! Runs the real binary on the shipped Arezzo-Siena fixtures (xlsx, xls, ods,
//! csv) and checks every row of `arezzo-siena-2022.expected.json`: sheet, row,
//! target reading, polarity and its source, actual, attainment and status.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn convert_json(input: &str) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args(["convert", "--format", "json", "--output", "-"])
        .arg(fixture(input))
        .arg("--organigramma")
        .arg(fixture("arezzo-siena-2022-organigramma.csv"))
        .output()
        .expect("run cruscotto");
    assert!(
        out.status.code() == Some(0),
        "convert failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

fn expected() -> Vec<Value> {
    let text = std::fs::read_to_string(fixture("arezzo-siena-2022.expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn s(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn same_value(a: Option<String>, b: Option<String>) -> bool {
    match (&a, &b) {
        (Some(x), Some(y)) => match (Decimal::from_str(x), Decimal::from_str(y)) {
            (Ok(dx), Ok(dy)) => dx.normalize() == dy.normalize(),
            _ => x.to_lowercase() == y.to_lowercase(),
        },
        _ => a == b,
    }
}

/// Compares the rows of `sheets` (expected sheet name → produced sheet name).
fn check(input: &str, sheets: &[(&str, &str)]) {
    let rows = convert_json(input);
    let mut by_key: HashMap<(String, u64), &Value> = HashMap::new();
    for r in &rows {
        let sheet = r["source_sheet"].as_str().unwrap_or_default().to_string();
        let row = r["source_row"]
            .as_u64()
            .or_else(|| r["source_row"].as_str().and_then(|s| s.parse().ok()))
            .unwrap_or(0);
        by_key.insert((sheet, row), r);
    }
    let mut failures = Vec::new();
    let mut checked = 0;
    for e in expected() {
        let esheet = e["sheet"].as_str().unwrap();
        let Some((_, produced_sheet)) = sheets.iter().find(|(x, _)| *x == esheet) else {
            continue;
        };
        let row = e["row"].as_u64().unwrap();
        let Some(got) = by_key.get(&(produced_sheet.to_string(), row)) else {
            failures.push(format!("{input} {esheet}:{row}: row not produced"));
            continue;
        };
        checked += 1;
        let t = &e["target"];
        let checks = [
            ("target_op", s(&t["op"]), s(&got["target_op"])),
            ("target_kind", s(&t["kind"]), s(&got["target_kind"])),
            ("polarity", s(&e["polarity"]), s(&got["polarity"])),
            (
                "polarity_source",
                s(&e["polarity_source"]),
                s(&got["polarity_source"]),
            ),
            ("status", s(&e["status"]), s(&got["status"])),
        ];
        for (name, want, have) in checks {
            if want != have {
                failures.push(format!(
                    "{input} {esheet}:{row} {name}: want {want:?} got {have:?}"
                ));
            }
        }
        if !same_value(s(&t["value"]), s(&got["target_value"])) {
            failures.push(format!(
                "{input} {esheet}:{row} target_value: want {:?} got {:?}",
                s(&t["value"]),
                s(&got["target_value"])
            ));
        }
        // A second condition (`31/03/2022 100%`: the deadline of the value).
        let t2 = &e["target2"];
        for (name, want, have) in [
            ("target2_op", s(&t2["op"]), s(&got["target2_op"])),
            ("target2_kind", s(&t2["kind"]), s(&got["target2_kind"])),
            ("target2_value", s(&t2["value"]), s(&got["target2_value"])),
        ] {
            if want != have {
                failures.push(format!(
                    "{input} {esheet}:{row} {name}: want {want:?} got {have:?}"
                ));
            }
        }
        if !same_value(s(&e["actual"]), s(&got["actual_value"])) {
            failures.push(format!(
                "{input} {esheet}:{row} actual: want {:?} got {:?}",
                s(&e["actual"]),
                s(&got["actual_value"])
            ));
        }
        let want_att = s(&e["attainment_pct"]).map(|x| Decimal::from_str(&x).unwrap());
        let have_att = s(&got["attainment_pct"]).and_then(|x| Decimal::from_str(&x).ok());
        let ok = match (want_att, have_att) {
            (Some(w), Some(h)) => (w - h).abs() <= Decimal::new(1, 2),
            (None, None) => true,
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{input} {esheet}:{row} attainment: want {want_att:?} got {have_att:?}"
            ));
        }
        let want_shift = e["shifted"].as_bool().unwrap_or(false);
        let have_shift = got["shifted"]
            .as_bool()
            .unwrap_or_else(|| got["shifted"] == "true");
        if want_shift != have_shift {
            failures.push(format!(
                "{input} {esheet}:{row} shifted: want {want_shift} got {have_shift}"
            ));
        }
    }
    assert!(checked > 0, "no expected row checked for {input}");
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

const ALL: &[(&str, &str)] = &[
    ("Allegato 1", "Allegato 1"),
    ("Area 1", "Area 1"),
    ("Area 2", "Area 2"),
    ("Area 1 (2)", "Area 1 (2)"),
    ("Area 2 (2)", "Area 2 (2)"),
    ("Area 3", "Area 3"),
    ("Area 4", "Area 4"),
    ("Azienda Speciale", "Azienda Speciale"),
];

#[test]
fn xlsx_reproduces_expected_reading() {
    check("arezzo-siena-2022.xlsx", ALL);
}

#[test]
fn xls_reproduces_expected_reading() {
    check("arezzo-siena-2022.xls", ALL);
}

#[test]
fn ods_reproduces_expected_reading() {
    check("arezzo-siena-2022.ods", ALL);
}

#[test]
fn csv_reproduces_expected_reading() {
    check(
        "arezzo-siena-2022-area3.csv",
        &[("Area 3", "arezzo-siena-2022-area3")],
    );
}

#[test]
fn every_expected_row_and_no_extra_rows_in_xlsx() {
    let rows = convert_json("arezzo-siena-2022.xlsx");
    assert_eq!(rows.len(), expected().len(), "indicator rows read");
}
