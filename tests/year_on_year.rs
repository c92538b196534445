//! Year on year (`--precedente`) on `fixtures/confronto-2025.csv` against
//! last year's plan `fixtures/confronto-2024.csv` or its normalised table
//! `fixtures/confronto-2024.normalizzato.csv`, with numbers worked out by hand:
//!
//! - Mario Rossi, OB1: 2024 (70 + 90)/2 = 80, 2025 (95 + 90)/2 = 92,5 → +12,5;
//! - Laura Bianchi: 2024 OB2 95, OB3 75, OB4 100 → 90; 2025 OB2 90, OB5 82,5
//!   → 86,25 → -3,75;
//! - new: «Tempo medio di rilascio dei certificati»; dropped: «Certificati
//!   telematici rilasciati»; ambiguous: «Questionari di gradimento raccolti»
//!   (code OB5 is new, and two of last year's rows have that text).

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
        .display()
        .to_string()
}

fn cruscotto(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args(args)
        .output()
        .expect("run cruscotto")
}

fn json(args: &[&str]) -> Vec<Value> {
    let plan = fixture("confronto-2025.csv");
    let mut all = vec!["convert", plan.as_str(), "--format", "json", "-o", "-"];
    all.extend_from_slice(args);
    let out = cruscotto(&all);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// (source_row, prev_match, prev_source_row, prev_attainment_pct, attainment_change).
fn compared(rows: &[Value]) -> Vec<(i64, String, Value, Value, Value)> {
    rows.iter()
        .map(|r| {
            (
                r["source_row"].as_i64().unwrap(),
                r["prev_match"].as_str().unwrap_or("").to_string(),
                r["prev_source_row"].clone(),
                r["prev_attainment_pct"].clone(),
                r["attainment_change"].clone(),
            )
        })
        .collect()
}

fn expected() -> Vec<(i64, String, Value, Value, Value)> {
    let m = |row: i64, how: &str, prev: Option<i64>, att: Option<&str>, ch: Option<&str>| {
        (row, how.to_string(), prev.into(), att.into(), ch.into())
    };
    vec![
        // Same code, text differing in case and spaces: 70 → 95.
        m(3, "codice", Some(3), Some("70.00"), Some("25.00")),
        // Accents differ (attività / attivita): 90 → 90.
        m(4, "codice", Some(4), Some("90.00"), Some("0.00")),
        m(5, "codice", Some(5), Some("90.00"), Some("-10.00")),
        m(6, "nuovo", None, None, None),
        m(7, "ambiguo", None, None, None),
        // Code OB3 → OB5, same text and dirigente: matched by text, 100 → 75.
        m(8, "testo", Some(8), Some("100.00"), Some("-25.00")),
    ]
}

#[test]
fn indicators_compared_with_last_years_table_or_plan() {
    let from_table = json(&["--precedente", &fixture("confronto-2024.normalizzato.csv")]);
    assert_eq!(compared(&from_table), expected());
    let ambiguous = &from_table[4]["anomalies"];
    assert!(
        ambiguous
            .as_str()
            .unwrap()
            .starts_with("confronto-ambiguo:"),
        "{ambiguous}"
    );
    // Last year's plan read through the pipeline gives the same comparison.
    let from_plan = json(&["--precedente", &fixture("confronto-2024.csv")]);
    assert_eq!(compared(&from_plan), expected());
    // Without --precedente the columns are empty.
    let alone = json(&[]);
    assert!(alone.iter().all(|r| r["prev_match"].is_null()));
}

#[test]
fn dirigenti_areas_and_objectives_change_by_hand() {
    let table = fixture("confronto-2024.normalizzato.csv");
    let level = |l: &str| json(&["--precedente", &table, "--level", l]);
    let row = |rows: &[Value], label: &str| -> (Value, Value, Value) {
        let r = rows
            .iter()
            .find(|r| r["label"] == label)
            .unwrap_or_else(|| panic!("{label} missing"));
        (
            r["attainment_pct"].clone(),
            r["prev_attainment_pct"].clone(),
            r["attainment_change"].clone(),
        )
    };
    let t = |a: &str, b: &str, c: &str| (a.into(), b.into(), c.into());
    let d = level("dirigente");
    assert_eq!(row(&d, "Mario Rossi"), t("92.50", "80.00", "12.50"));
    assert_eq!(row(&d, "Laura Bianchi"), t("86.25", "90.00", "-3.75"));
    let a = level("area");
    assert_eq!(row(&a, "Area Promozione"), t("92.50", "80.00", "12.50"));
    let o = level("obiettivo");
    assert_eq!(
        row(&o, "OB2 — Semplificare le pratiche"),
        t("90.00", "95.00", "-5.00")
    );
    // OB5 is new: no previous value.
    let new = row(&o, "OB5 — Ascoltare utenti e imprese");
    assert!(new.1.is_null() && new.2.is_null());
}

#[test]
fn check_lists_new_dropped_and_ambiguous() {
    let plan = fixture("confronto-2025.csv");
    let prev = fixture("confronto-2024.normalizzato.csv");
    let out = cruscotto(&["check", &plan, "--precedente", &prev]);
    // The ambiguous match is an anomaly.
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("confronto-ambiguo: 1"), "{text}");
    assert!(
        text.contains("indicatori abbinati 4, nuovi 1, eliminati 1, ambigui 1"),
        "{text}"
    );
    assert!(
        text.contains("nuovo: OB2 «Tempo medio di rilascio dei certificati» (Laura Bianchi;"),
        "{text}"
    );
    assert!(
        text.contains("eliminato: OB2 «Certificati telematici rilasciati» (Laura Bianchi;"),
        "{text}"
    );
    assert!(text.contains("corrisponde alle righe 7, 9"), "{text}");
    assert!(text.contains("ente: ▲ +0,83"), "{text}");
    let out = cruscotto(&["check", &plan, "--precedente", &prev, "--json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let y = &doc["year_on_year"];
    assert_eq!(y["prior_year"], 2024);
    assert_eq!(y["matched"], 4);
    assert_eq!(y["new"][0]["row"], 6);
    assert_eq!(
        y["dropped"][0]["indicator"],
        "Certificati telematici rilasciati"
    );
    assert_eq!(
        y["ambiguous"][0]["candidate_rows"],
        serde_json::json!([7, 9])
    );
    // An unreadable previous file stops nothing but says so (exit 2).
    let out = cruscotto(&["check", &plan, "--precedente", "non-esiste.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("non-esiste.csv"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("6 indicatori letti"));
}

#[test]
fn reports_show_changes_and_the_comparison_sheet() {
    use calamine::Reader;
    let tmp = tempfile::tempdir().unwrap();
    let out = cruscotto(&[
        "report",
        &fixture("confronto-2025.csv"),
        "--precedente",
        &fixture("confronto-2024.normalizzato.csv"),
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
    let texts = |file: &str, sheet: &str| -> Vec<String> {
        let mut wb = calamine::open_workbook_auto(tmp.path().join(file)).unwrap();
        let r = wb.worksheet_range(sheet).unwrap();
        r.cells().map(|(_, _, c)| c.to_string()).collect()
    };
    let s = texts("dirigente-mario-rossi.xlsx", "Sintesi");
    let at = s.iter().position(|t| t == "Anno precedente").expect("line");
    assert_eq!(s[at + 1], "80% · ▲ +12,5");
    let o = texts("dirigente-mario-rossi.xlsx", "Obiettivi");
    assert!(o.contains(&"Anno precedente (variazione)".to_string()));
    assert!(o.contains(&"70% · ▲ +25".to_string()), "{o:?}");
    assert!(o.contains(&"90% · = 0".to_string()), "{o:?}");
    let b = texts("dirigente-laura-bianchi.xlsx", "Obiettivi");
    assert!(b.contains(&"nuovo".to_string()) && b.contains(&"abbinamento ambiguo".to_string()));
    assert!(b.contains(&"100% · ▼ -25".to_string()), "{b:?}");
    let c = texts("riepilogo.xlsx", "Confronto anno precedente");
    assert!(c.contains(&"Indicatori nuovi (1)".to_string()), "{c:?}");
    assert!(c.contains(&"Indicatori eliminati (1)".to_string()));
    assert!(c.contains(&"Certificati telematici rilasciati".to_string()));
    assert!(c.contains(&"7, 9".to_string()));
    // Only the whole body's report lists them.
    let wb = calamine::open_workbook_auto(tmp.path().join("dirigente-mario-rossi.xlsx")).unwrap();
    assert!(!wb
        .sheet_names()
        .contains(&"Confronto anno precedente".to_string()));
}

#[test]
fn a_job_takes_precedente_and_a_semester() {
    let tmp = tempfile::tempdir().unwrap();
    let job = tmp.path().join("lavori.toml");
    std::fs::write(
        &job,
        format!(
            "[[lavoro]]\nnome = \"confronto\"\ningressi = [{:?}]\nprecedente = {:?}\n\
             periodo = \"2025-S1\"\nuscita = \"out/{{periodo}}/\"\nreport = \"nessuno\"\n\
             normalizzato = [\"csv\"]\nlivelli = [\"dirigente\"]\n",
            fixture("confronto-2025.csv"),
            fixture("confronto-2024.normalizzato.csv")
        ),
    )
    .unwrap();
    let out = cruscotto(&["run", job.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = tmp.path().join("out").join("2025-S1");
    let csv = std::fs::read_to_string(dir.join("riepilogo-dirigente.csv")).unwrap();
    assert!(
        csv.lines().any(
            |l| l.starts_with("dirigente,mario rossi,Mario Rossi,92.50,")
                && l.ends_with(",80.00,12.50")
        ),
        "{csv}"
    );
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("esecuzione.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["periodo"], "2025-S1");
    let files: Vec<&str> = manifest["ingressi"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["file"].as_str().unwrap())
        .collect();
    assert!(files
        .iter()
        .any(|f| f.ends_with("confronto-2024.normalizzato.csv")));
}
