//! Targets written in words, through the binary: a small `;` CSV plan
//! (`fixtures/target-in-parole-2025.csv`) with ranges, a reduction against a
//! named year, keeping the standard, values by a deadline (with and without
//! the date the actual was reached, in its cell or in a `Data di
//! raggiungimento` column), zero in words, a rate `N ogni M` and a range per
//! year.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;

fn convert_csv() -> Vec<HashMap<String, String>> {
    let input =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/target-in-parole-2025.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args(["convert", "--format", "csv", "--output", "-"])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn targets_in_words_are_read_and_scored() {
    let rows = convert_csv();
    assert_eq!(rows.len(), 15);
    // source_row → (target_op, target_kind, target_value, target2 "op kind value",
    // target_base_year, attainment_pct)
    let want: [(&str, [&str; 6]); 15] = [
        ("3", [">=", "number", "10", "<= number 15", "", "100.00"]),
        ("4", [">=", "number", "10", "<= number 15", "", "80.00"]),
        ("5", [">=", "number", "10", "<= number 15", "", "75.00"]),
        ("6", ["<=", "growth", "-5", "", "2024", "95.00"]),
        ("7", ["none", "prev_year", "", "", "", "100.00"]),
        (
            "8",
            ["none", "percent", "95", "<= date 2025-06-30", "", "100.00"],
        ),
        (
            "9",
            ["none", "percent", "95", "<= date 2025-06-30", "", "94.74"],
        ),
        (
            "10",
            ["none", "percent", "100", "none date 2025-03-31", "", "0.00"],
        ),
        ("11", [">=", "percent", "90", "", "", "94.44"]),
        ("12", ["<=", "number", "0", "", "", "100.00"]),
        ("13", ["none", "number", "0", "", "", "0.00"]),
        ("14", ["none", "rate", "2/1000", "", "", "75.00"]),
        (
            "15",
            [
                "none",
                "text",
                "Realizzazione di attività informative",
                "",
                "",
                "",
            ],
        ),
        // `Anno 2025: tra 10 e 15; Anno 2026: tra 12 e 18`: the 2025 range; 15/16 = 93,75.
        ("16", [">=", "number", "10", "<= number 15", "", "93.75"]),
        // A `Data di raggiungimento` column: 31/07/2025, after the deadline → 0.
        (
            "17",
            ["none", "percent", "95", "<= date 2025-06-30", "", "0.00"],
        ),
    ];
    for (row, [op, kind, value, second, base, att]) in want {
        let r = rows
            .iter()
            .find(|r| r["source_row"] == row)
            .unwrap_or_else(|| panic!("row {row} missing"));
        let t2 = [&r["target2_op"], &r["target2_kind"], &r["target2_value"]]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let got = [
            r["target_op"].as_str(),
            r["target_kind"].as_str(),
            r["target_value"].as_str(),
            t2.as_str(),
            r["target_base_year"].as_str(),
            r["attainment_pct"].as_str(),
        ];
        assert_eq!(got, [op, kind, value, second, base, att], "row {row}");
    }
    let by = |row: &str| rows.iter().find(|r| r["source_row"] == row).unwrap();
    // Below the range: the condition crossed is `>= 10`.
    assert!(by("4")["formula_used"].starts_with("sotto l'intervallo 10–15"));
    // Reduction against the 2024 baseline: 200 × 0,95 = 190; 190/200 = 95.
    assert_eq!(by("6")["polarity"], "<=");
    assert!(by("6")["anomalies"].contains("inferenza"));
    // The date the actual was reached is exported and checked.
    assert_eq!(by("8")["actual_date"], "2025-06-15");
    assert_eq!(by("8")["actual_value"], "96");
    assert_eq!(by("8")["anomalies"], "");
    assert_eq!(by("10")["actual_date"], "2025-04-10");
    assert!(by("10")["formula_used"].contains("oltre la scadenza del 31/03/2025"));
    assert_eq!(by("17")["actual_date"], "2025-07-31");
    assert_eq!(by("17")["actual_value"], "97");
    // No date with the actual: measured at the deadline, no anomaly.
    assert_eq!(by("9")["actual_date"], "");
    assert_eq!(by("9")["anomalies"], "");
    assert!(by("9")["formula_used"].contains("valore alla scadenza del 30/06/2025"));
    // `nessun reclamo`: the `<=` is an inference from the word, recorded.
    assert_eq!(by("12")["polarity_source"], "operator");
    assert!(by("12")["anomalies"].contains("«nessun reclamo» letto come ≤ 0"));
    // A text target stays text with its anomaly.
    assert!(by("15")["anomalies"].contains("target-non-letto"));
    assert_eq!(by("15")["status"], "non valutabile");
}

#[test]
fn explain_shows_both_conditions() {
    let out = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args(["explain", "95% entro il 30/06/2025", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v,
        serde_json::json!([
            {"op": "none", "kind": "percent", "value": "95", "year": null},
            {"op": "<=", "kind": "date", "value": "2025-06-30", "year": null}
        ])
    );
    let input =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/target-in-parole-2025.csv");
    let spec = format!("{}:target-in-parole-2025:10", input.display());
    let out = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args(["explain", "--row", &spec])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Seconda condizione (da rispettare insieme alla prima): entro il 31/03/2025"),
        "{text}"
    );
    assert!(text.contains("raggiunto il 10/04/2025"), "{text}");
    let out = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args(["explain", "--row", &spec, "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["target2"]["kind"], "date");
    assert_eq!(v["actual_date"], "2025-04-10");
}

/// Forms that were misread (a year as a number, a day without a year as a
/// number) or stayed `text`, through `explain --json`.
#[test]
fn explain_reads_years_months_and_common_wordings() {
    let explain = |expr: &str| -> serde_json::Value {
        let out = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
            .args(["explain", expr, "--json"])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{expr}: {e}: {}", String::from_utf8_lossy(&out.stdout)))
    };
    let prev = |op: &str| serde_json::json!([{"op": op, "kind": "prev_year", "value": null, "year": null, "base_year": 2024}]);
    for (expr, op) in [
        ("almeno pari al 2024", ">="),
        ("pari all'anno 2024", "="),
        ("al valore del 2024", "none"),
        ("pari a quello del 2024", "="),
        ("livello del 2024", "none"),
        ("non inferiore al 2024", ">="),
        ("non inferiore al valore 2024", ">="),
    ] {
        assert_eq!(explain(expr), prev(op), "{expr}");
    }
    assert_eq!(
        explain("≥ 2024"),
        serde_json::json!([{"op": ">=", "kind": "number", "value": "2024", "year": null}])
    );
    let date = |op: &str, d: &str| serde_json::json!([{"op": op, "kind": "date", "value": d, "year": null}]);
    assert_eq!(explain("30 giugno 2025"), date("none", "2025-06-30"));
    assert_eq!(explain("entro il 30 giugno 2025"), date("<=", "2025-06-30"));
    assert_eq!(explain("entro giugno 2025"), date("<=", "2025-06-30"));
    for expr in ["entro il 30 giugno", "31/12"] {
        assert_eq!(
            explain(expr),
            serde_json::json!([{"op": "none", "kind": "text", "value": expr, "year": null}]),
            "{expr}"
        );
    }
    assert_eq!(
        explain("5% in meno rispetto al 2024"),
        serde_json::json!([{"op": "<=", "kind": "growth", "value": "-5", "year": null, "base_year": 2024}])
    );
    for expr in ["90%-95%", "90% - 95%"] {
        assert_eq!(
            explain(expr),
            serde_json::json!([
                {"op": ">=", "kind": "percent", "value": "90", "year": null},
                {"op": "<=", "kind": "percent", "value": "95", "year": null}
            ]),
            "{expr}"
        );
    }
    assert_eq!(
        explain("2 ogni mille imprese"),
        serde_json::json!([{"op": "none", "kind": "rate", "value": "2/1000", "year": null}])
    );
    // The text reading names why, with its anomaly code.
    let out = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args(["explain", "entro il 30 giugno"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{text}{err}");
    assert!(
        format!("{text}{err}").contains("data senza anno «30 giugno»"),
        "{text}{err}"
    );
}

/// The two misreads, scored: `almeno pari al 2024` against the 2024
/// baseline (not against the number 2024), `entro il 30 giugno` never a
/// number (an actual of 28 is not scored against 30).
#[test]
fn a_year_and_a_day_without_year_are_not_scored_as_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("piano-2025.csv");
    std::fs::write(
        &input,
        "Obiettivo operativo;Indicatore;UdM;Peso;Baseline 2024;Target 2025;Consuntivo 2025\n\
         OO1 Sportello;Imprese servite;n.;50;100;almeno pari al 2024;130\n\
         ;Relazione annuale;n.;50;;entro il 30 giugno;28\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args(["convert", "--format", "csv", "--output", "-"])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<HashMap<String, String>> = rdr
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 2);
    let (year, day) = (&rows[0], &rows[1]);
    assert_eq!(year["target_kind"], "prev_year");
    assert_eq!(year["target_op"], ">=");
    assert_eq!(year["target_base_year"], "2024");
    assert_eq!(year["attainment_pct"], "100.00");
    assert_eq!(day["target_kind"], "text");
    assert_eq!(day["attainment_pct"], "");
    assert_eq!(day["status"], "non valutabile");
    assert!(
        day["anomalies"].contains("data-non-valida"),
        "{}",
        day["anomalies"]
    );
    assert!(
        day["anomalies"].contains("data senza anno"),
        "{}",
        day["anomalies"]
    );
}
