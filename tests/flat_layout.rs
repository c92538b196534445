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

fn convert_json(input: &std::path::Path) -> Vec<serde_json::Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args(["convert", "--format", "json", "--output", "-"])
        .arg(input)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The three rows of a plan whose middle row holds three year-like numbers
/// (`1900`, `>= 2000`, `1950`): every row is a record under the one header.
fn assert_year_like_values_are_data(rows: &[serde_json::Value]) {
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r["indicator"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Pratiche evase", "Imprese iscritte", "Eventi"]);
    for r in rows {
        assert_eq!(r["dirigente"], "Mario Rossi", "{r}");
        assert_eq!(r["weight"], "50", "{r}");
        assert!(
            !r["anomalies"]
                .as_str()
                .unwrap_or("")
                .contains("riga-non-letta"),
            "{r}"
        );
    }
    let imprese = &rows[1];
    assert_eq!(imprese["objective_code"], "A.2");
    assert_eq!(imprese["target_op"], ">=");
    assert_eq!(imprese["target_value"], "2000");
    assert_eq!(imprese["target_year"], 2025);
    assert_eq!(imprese["actual_value"], "1950");
    assert_eq!(imprese["attainment_pct"], "97.50");
    assert_eq!(rows[2]["objective_code"], "A.3");
    assert_eq!(rows[2]["actual_value"], "5");
}

#[test]
fn a_data_row_of_year_like_numbers_is_no_header_of_years() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("piano.csv");
    std::fs::write(
        &csv,
        "Area;Dirigente;Codice;Obiettivo;Indicatore;Peso;Valore 2024;Target 2025;Consuntivo 2025\n\
         Area 1;Mario Rossi;A.1;Ob1;Pratiche evase;50;80;>= 100;90\n\
         Area 1;Mario Rossi;A.2;Ob2;Imprese iscritte;50;1900;>= 2000;1950\n\
         Area 1;Mario Rossi;A.3;Ob3;Eventi;50;3;>= 4;5\n",
    )
    .unwrap();
    assert_year_like_values_are_data(&convert_json(&csv));

    // The same plan in .xlsx, its numbers typed as numbers.
    let xlsx = tmp.path().join("piano.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let header = [
        "Area",
        "Dirigente",
        "Codice",
        "Obiettivo",
        "Indicatore",
        "Peso",
        "Valore 2024",
        "Target 2025",
        "Consuntivo 2025",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write(0, c as u16, *h).unwrap();
    }
    let rows = [
        ("A.1", "Ob1", "Pratiche evase", 80.0, ">= 100", 90.0),
        ("A.2", "Ob2", "Imprese iscritte", 1900.0, ">= 2000", 1950.0),
        ("A.3", "Ob3", "Eventi", 3.0, ">= 4", 5.0),
    ];
    for (i, (code, ob, ind, base, target, actual)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write(r, 0, "Area 1").unwrap();
        ws.write(r, 1, "Mario Rossi").unwrap();
        ws.write(r, 2, *code).unwrap();
        ws.write(r, 3, *ob).unwrap();
        ws.write(r, 4, *ind).unwrap();
        ws.write(r, 5, 50).unwrap();
        ws.write(r, 6, *base).unwrap();
        ws.write(r, 7, *target).unwrap();
        ws.write(r, 8, *actual).unwrap();
    }
    wb.save(&xlsx).unwrap();
    assert_year_like_values_are_data(&convert_json(&xlsx));
}

#[test]
fn numeric_codes_in_xlsx_keep_their_canonical_form() {
    let tmp = tempfile::tempdir().unwrap();
    let xlsx = tmp.path().join("piano.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in [
        "Codice",
        "Obiettivo",
        "Indicatore",
        "Target 2025",
        "Consuntivo 2025",
    ]
    .iter()
    .enumerate()
    {
        ws.write(0, c as u16, *h).unwrap();
    }
    ws.write(1, 0, 1.1).unwrap();
    ws.write(1, 1, "Semplificare").unwrap();
    ws.write(1, 2, "Pratiche evase").unwrap();
    ws.write(1, 3, 1.5).unwrap();
    ws.write(1, 4, 2.5).unwrap();
    ws.write(2, 0, 12).unwrap();
    ws.write(2, 1, "Digitalizzare").unwrap();
    ws.write(2, 2, "Servizi online").unwrap();
    ws.write(2, 3, 1234.5).unwrap();
    ws.write(2, 4, 1000).unwrap();
    wb.save(&xlsx).unwrap();
    let rows = convert_json(&xlsx);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["objective_code"], "1.1");
    assert_eq!(rows[1]["objective_code"], "12");
    // Other numbers keep the Italian display.
    assert_eq!(rows[0]["target_raw"], "1,5");
    assert_eq!(rows[0]["actual_raw"], "2,5");
    assert_eq!(rows[1]["target_raw"], "1.234,5");
}
