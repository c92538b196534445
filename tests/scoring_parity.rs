//! Scoring as the performance suites do it, through the real binary:
//! justified corrections (`--rettifiche`), reasons for deviations, and
//! per-indicator thresholds and bands. Every figure below is worked out by
//! hand in the comments.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args(args)
        .output()
        .expect("run cruscotto")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "status {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The CSV on standard output as header → value maps.
fn table(csv_text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn row<'a>(
    t: &'a [std::collections::HashMap<String, String>],
    col: &str,
    value: &str,
) -> &'a std::collections::HashMap<String, String> {
    t.iter()
        .find(|r| r[col] == value)
        .unwrap_or_else(|| panic!("no row with {col} = {value}"))
}

fn convert(extra: &[&str], level: &str) -> Vec<std::collections::HashMap<String, String>> {
    let plan = fixture("rettifiche-piano-2025.csv");
    let mut args = vec!["convert", s(&plan), "--format", "csv", "-o", "-"];
    args.extend_from_slice(&["--level", level]);
    args.extend_from_slice(extra);
    table(&ok(&run(&args)))
}

/// Every text cell of a workbook, sheet after sheet.
fn workbook_strings(path: &Path) -> Vec<String> {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let mut v = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        v.extend(range.used_cells().filter_map(|(_, _, c)| match c {
            Data::String(t) => Some(t.clone()),
            _ => None,
        }));
    }
    v
}

#[test]
fn forced_and_excluded_indicators_change_the_rollups_and_keep_the_computed_figure() {
    let ret = fixture("rettifiche-2025.csv");
    let with = ["--rettifiche", s(&ret)];
    // Without corrections. A.1: 80/100 = 80, 20/40 = 50, 10/10 = 100 with
    // weights 50, 30, 20 → (4000 + 1500 + 2000) / 100 = 75.
    // B.1: 2/5 = 40, 150/200 = 75 with weights 60, 40 → (2400 + 3000) / 100 = 54.
    let plain = convert(&[], "obiettivo");
    assert_eq!(
        row(&plain, "label", "A.1 — Semplificare le procedure")["attainment_pct"],
        "75.00"
    );
    assert_eq!(
        row(&plain, "label", "B.1 — Digitalizzare i servizi")["attainment_pct"],
        "54.00"
    );
    // With them. A.1 without "Visite ispettive": (4000 + 2000) / 70 = 85.714… → 85.71,
    // renormalised and said so. B.1 with "Servizi online" forced to 100:
    // (6000 + 3000) / 100 = 90.
    let objs = convert(&with, "obiettivo");
    let a1 = row(&objs, "label", "A.1 — Semplificare le procedure");
    assert_eq!(a1["attainment_pct"], "85.71");
    assert_eq!(a1["renormalised"], "true");
    assert!(
        a1["notes"].contains("1 indicatore escluso per rettifica motivata"),
        "{}",
        a1["notes"]
    );
    assert_eq!(
        row(&objs, "label", "B.1 — Digitalizzare i servizi")["attainment_pct"],
        "90.00"
    );
    let dir = convert(&with, "dirigente");
    assert_eq!(
        row(&dir, "label", "Dott. Mario Rossi")["attainment_pct"],
        "85.71"
    );
    assert_eq!(
        row(&dir, "label", "Dott.ssa Anna Bianchi")["attainment_pct"],
        "90.00"
    );
    // The indicator table keeps the computed figure beside the correction.
    let ind = convert(&with, "indicatore");
    let visite = row(&ind, "indicator", "Visite ispettive");
    assert_eq!(visite["attainment_pct"], "50.00");
    assert_eq!(visite["status"], "non raggiunto");
    assert_eq!(visite["override_pct"], "escluso");
    assert!(visite["override_reason"].starts_with("Ispezioni sospese dal Ministero"));
    assert!(
        visite["anomalies"].contains("rettifica: escluso dai totali"),
        "{}",
        visite["anomalies"]
    );
    let online = row(&ind, "indicator", "Servizi online attivati");
    assert_eq!(online["attainment_pct"], "40.00");
    assert_eq!(online["override_pct"], "100.00");
    assert!(online["override_reason"].contains("verbale n. 5/2026"));
    assert_eq!(row(&ind, "indicator", "Pratiche evase")["override_pct"], "");
}

#[test]
fn refused_corrections_name_file_and_row_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let plan = fixture("rettifiche-piano-2025.csv");
    let cases = [
        (
            "Codice;Indicatore;Rettifica;Motivazione\nA.1;Pratiche evase;100;\n",
            "riga 2: manca la motivazione",
        ),
        (
            "Codice;Indicatore;Rettifica;Motivazione\nZ.9;;escluso;Evento esterno\n",
            "riga 2: nessun indicatore del piano corrisponde a codice «Z.9»",
        ),
        (
            "Codice;Indicatore;Rettifica;Motivazione\nA.1;;escluso;Evento esterno\n",
            "corrisponde a 3 indicatori",
        ),
        (
            "Codice;Indicatore;Rettifica;Motivazione\nA.1;Pratiche evase;quasi tutto;Evento\n",
            "rettifica «quasi tutto» non compresa",
        ),
        (
            "Indicatore;Motivo\nPratiche evase;x\n",
            "manca la riga d'intestazione",
        ),
    ];
    for (i, (content, expected)) in cases.iter().enumerate() {
        let ret = dir.path().join(format!("r{i}.csv"));
        std::fs::write(&ret, content).unwrap();
        let out_file = dir.path().join(format!("out{i}.csv"));
        let out = run(&[
            "convert",
            s(&plan),
            "--rettifiche",
            s(&ret),
            "-o",
            s(&out_file),
        ]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "case {i} accepted");
        assert!(err.contains(expected), "case {i}: {err}");
        assert!(
            err.contains(&format!("r{i}.csv")),
            "case {i} names the file: {err}"
        );
        assert!(!out_file.exists(), "case {i} wrote an output");
    }
}

#[test]
fn reports_show_the_correction_and_the_reason_beside_the_figure() {
    let dir = tempfile::tempdir().unwrap();
    let plan = fixture("rettifiche-piano-2025.csv");
    let ret = fixture("rettifiche-2025.csv");
    let out_dir = dir.path().join("report");
    ok(&run(&[
        "report",
        s(&plan),
        "--rettifiche",
        s(&ret),
        "--per",
        "dirigente",
        "-o",
        s(&out_dir),
    ]));
    let mut wb =
        calamine::open_workbook_auto(out_dir.join("dirigente-dott-mario-rossi.xlsx")).unwrap();
    let sheets = wb.sheet_names();
    let mut cells = Vec::new();
    for name in sheets {
        let range = wb.worksheet_range(&name).unwrap();
        for (r, c, v) in range.used_cells() {
            if let Data::String(t) = v {
                cells.push((name.clone(), r, c, t.clone()));
            }
        }
    }
    let find = |needle: &str| {
        cells
            .iter()
            .find(|(_, _, _, t)| t.contains(needle))
            .unwrap_or_else(|| panic!("«{needle}» not in the report"))
    };
    let header = find("Rettifiche e motivazioni");
    let excluded = find("Rettifica: escluso dai totali, pesi riproporzionati (grado calcolato 50");
    assert!(excluded.3.contains("Ispezioni sospese dal Ministero"));
    assert_eq!(
        header.2, excluded.2,
        "the text sits in the column headed for it"
    );
    assert_eq!(
        find("escluso (rettifica)").1,
        excluded.1,
        "the status of the same row"
    );
    let reason = find("Motivazione dello scostamento: Carenza di personale nel secondo semestre");
    assert_eq!(reason.2, header.2);
    // The Anomalie sheet lists the correction too.
    assert!(cells
        .iter()
        .any(|(sheet, _, _, t)| sheet.starts_with("Anomalie") && t.contains("escluso dai totali")));
}

#[test]
fn check_lists_indicators_not_reached_without_a_reason() {
    let plan = fixture("rettifiche-piano-2025.csv");
    let ret = fixture("rettifiche-2025.csv");
    // Without corrections: Visite ispettive (50), Servizi online (40) and
    // Utenti formati (75) have no reason; Pratiche evase (80) has one.
    let out = run(&["check", s(&plan)]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("avviso: 3 indicatori non raggiunti senza motivazione"),
        "{text}"
    );
    assert!(text.contains("riga 6: Utenti formati (75%)"), "{text}");
    assert!(!text.contains("Pratiche evase ("), "{text}");
    // A correction is a reason: only Utenti formati is left.
    let out = run(&["check", s(&plan), "--rettifiche", s(&ret), "--json"]);
    // Corrections are listed but are not problems: the plan stays valid.
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let missing = doc["missing_reason"].as_array().unwrap();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0]["indicator"], "Utenti formati");
    assert_eq!(missing[0]["status"], "parzialmente raggiunto");
}

#[test]
fn a_reason_in_the_actuals_file_reaches_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let plan = fixture("rettifiche-piano-2025.csv");
    let cons = dir.path().join("consuntivi.csv");
    std::fs::write(
        &cons,
        "Codice;Indicatore;Consuntivo 2025;Cause dello scostamento\n\
         B.1;Utenti formati;160;Corso di dicembre annullato per maltempo\n",
    )
    .unwrap();
    let out = ok(&run(&[
        "convert",
        s(&plan),
        "--consuntivi",
        s(&cons),
        "--format",
        "csv",
        "-o",
        "-",
    ]));
    let t = table(&out);
    let utenti = row(&t, "indicator", "Utenti formati");
    // 160 / 200 = 80.
    assert_eq!(utenti["attainment_pct"], "80.00");
    assert_eq!(
        utenti["deviation_reason"],
        "Corso di dicembre annullato per maltempo"
    );
    // The plan's own reason stays where the actuals file gives none.
    assert_eq!(
        row(&t, "indicator", "Pratiche evase")["deviation_reason"],
        "Carenza di personale nel secondo semestre"
    );
}

#[test]
fn explain_row_shows_the_correction() {
    let plan = fixture("rettifiche-piano-2025.csv");
    let ret = fixture("rettifiche-2025.csv");
    let spec = format!("{}:rettifiche-piano-2025:5", s(&plan));
    let out = ok(&run(&["explain", "--row", &spec, "--rettifiche", s(&ret)]));
    assert!(out.contains("Grado di raggiungimento: 100%"), "{out}");
    assert!(
        out.contains("grado forzato a 100 al posto del grado calcolato 40"),
        "{out}"
    );
    let out = ok(&run(&[
        "explain",
        "--row",
        &spec,
        "--rettifiche",
        s(&ret),
        "--json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["correction"]["override_pct"], "100.00");
    assert_eq!(doc["correction"]["computed_pct"], "40");
}

/// The thresholds plan scored with `[punteggio] massimo = 120`.
fn thresholds_table(
    dir: &Path,
    rules: &str,
    extra: &[&str],
    level: &str,
) -> Vec<std::collections::HashMap<String, String>> {
    let plan = fixture("soglie-piano-2025.csv");
    let rules_file = dir.join("regole.toml");
    std::fs::write(&rules_file, rules).unwrap();
    let mut args = vec![
        "convert",
        s(&plan),
        "--regole",
        s(&rules_file),
        "--format",
        "csv",
        "--level",
        level,
        "-o",
        "-",
    ];
    args.extend_from_slice(extra);
    table(&ok(&run(&args)))
}

#[test]
fn thresholds_and_bands_from_the_plan_columns() {
    let dir = tempfile::tempdir().unwrap();
    let rules = "[punteggio]\nmassimo = 120\n";
    let t = thresholds_table(dir.path(), rules, &[], "indicatore");
    // ≥ 100, minimum 60: 80 → (80-60)/(100-60) × 100 = 50.
    let p = row(&t, "indicator", "Pratiche istruite");
    assert_eq!(p["attainment_pct"], "50.00");
    assert_eq!(p["threshold_min"], "60");
    assert_eq!(p["threshold_excellence"], "130");
    // ≤ 30 days, excellence 20, maximum 120: 25 → 100 + 20 × (30-25)/(30-20) = 110.
    assert_eq!(
        row(&t, "indicator", "Tempo medio di pagamento")["attainment_pct"],
        "110.00"
    );
    // Below the minimum: 50 < 60 → 0.
    assert_eq!(
        row(&t, "indicator", "Imprese contattate")["attainment_pct"],
        "0.00"
    );
    // Fixed band: 90% falls in 80–95% → 80.
    let b = row(&t, "indicator", "Pratiche telematiche");
    assert_eq!(b["attainment_pct"], "80.00");
    assert_eq!(b["score_bands"], "≥ 95% → 100; 80–95% → 80; < 80% → 0");
    // Objective: (50 + 110 + 0 + 80) / 4 = 60.
    let o = thresholds_table(dir.path(), rules, &[], "obiettivo");
    assert_eq!(o[0]["attainment_pct"], "60.00");
    // The body's partial scale on top: 50 < 60 → 0; the rest unchanged:
    // (0 + 110 + 0 + 80) / 4 = 47.5.
    let scaled = "[punteggio]\nmassimo = 120\n[scala]\nfasce = \"< 60 → 0; ≥ 60 → valore\"\n";
    let t = thresholds_table(dir.path(), scaled, &[], "indicatore");
    let p = row(&t, "indicator", "Pratiche istruite");
    assert_eq!(p["attainment_pct"], "0.00");
    assert!(
        p["formula_used"].ends_with("→ scala dell'ente: 0"),
        "{}",
        p["formula_used"]
    );
    let o = thresholds_table(dir.path(), scaled, &[], "obiettivo");
    assert_eq!(o[0]["attainment_pct"], "47.50");
    // A bad scale in the rules file is refused at load, naming the key.
    let rules_file = dir.path().join("cattive.toml");
    std::fs::write(&rules_file, "[scala]\nfasce = \"meno di 60 → 0\"\n").unwrap();
    let out = run(&[
        "check",
        s(&fixture("soglie-piano-2025.csv")),
        "--regole",
        s(&rules_file),
    ]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("scala.fasce"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn thresholds_beside_the_actuals_in_a_side_file() {
    let dir = tempfile::tempdir().unwrap();
    let side = dir.path().join("consuntivi-soglie.csv");
    // A minimum of 70 instead of the plan's 60: (80-70)/(100-70) × 100 = 33.33.
    std::fs::write(
        &side,
        "Codice;Indicatore;Consuntivo 2025;Soglia minima\nC.1;Pratiche istruite;80;70 pratiche\n",
    )
    .unwrap();
    let t = thresholds_table(
        dir.path(),
        "[punteggio]\nmassimo = 120\n",
        &["--consuntivi", s(&side)],
        "indicatore",
    );
    let p = row(&t, "indicator", "Pratiche istruite");
    assert_eq!(p["threshold_min"], "70");
    assert_eq!(
        p["threshold_excellence"], "130",
        "the plan's excellence stays"
    );
    assert_eq!(p["attainment_pct"], "33.33");
    // C.1 is the objective's code on four rows: the side file's row joins
    // only the indicator it names, the others keep the plan's actuals.
    let t = row(&t, "indicator", "Tempo medio di pagamento");
    assert_eq!(t["actual_raw"], "25");
    assert_eq!(t["threshold_min"], "45");
    assert!(!t["anomalies"].contains("sostituito"), "{}", t["anomalies"]);
}

#[test]
fn a_job_applies_its_corrections_and_refuses_bad_ones() {
    let dir = tempfile::tempdir().unwrap();
    let job = |ret: &Path| {
        let text = format!(
            "[[lavoro]]\nnome = \"rettifiche\"\nanno = 2025\ningressi = [{:?}]\nrettifiche = {:?}\nuscita = \"out/\"\nnormalizzato = [\"csv\"]\nlivelli = [\"obiettivo\"]\nreport = \"nessuno\"\n",
            s(&fixture("rettifiche-piano-2025.csv")),
            s(ret)
        );
        let p = dir.path().join("lavori.toml");
        std::fs::write(&p, text).unwrap();
        p
    };
    let good = job(&fixture("rettifiche-2025.csv"));
    ok(&run(&["run", "--quiet", s(&good)]));
    let objs = std::fs::read_to_string(dir.path().join("out/riepilogo-obiettivo.csv")).unwrap();
    let t = table(&objs);
    assert_eq!(
        row(&t, "label", "A.1 — Semplificare le procedure")["attainment_pct"],
        "85.71"
    );
    let bad_file = dir.path().join("cattive.csv");
    std::fs::write(
        &bad_file,
        "Codice;Indicatore;Rettifica;Motivazione\nA.1;Eventi organizzati;100;\n",
    )
    .unwrap();
    let bad = job(&bad_file);
    let out = run(&["run", "--quiet", "--force", s(&bad)]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("riga 2: manca la motivazione"), "{err}");
}

#[test]
fn the_demo_shows_thresholds_corrections_and_targets_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("demo");
    let out = ok(&run(&["demo", "-o", s(&out_dir)]));
    assert!(
        out.contains("Esempio di soglie, fasce, rettifiche motivate e target in parole"),
        "{out}"
    );
    let ex = out_dir.join("esempio-regole");
    let strings = |file: &str| workbook_strings(&ex.join(file));
    let rossi = strings("dirigente-dott-mario-rossi.xlsx");
    assert!(
        rossi
            .iter()
            .any(|t| t.starts_with("Rettifica: escluso dai totali")),
        "{rossi:?}"
    );
    let verdi = strings("dirigente-dott-luca-verdi.xlsx");
    assert!(
        verdi.iter().any(|t| t
            == "più basso è meglio (indicato dal target); soglie dell'indicatore (soglia minima 45, target 30, eccellenza 20)"),
        "{verdi:?}"
    );
}

#[test]
fn a_numeric_code_in_an_xlsx_corrections_file_matches_the_plan_code() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("piano.csv");
    std::fs::write(
        &plan,
        "Codice;Obiettivo;Indicatore;Peso;Target 2025;Consuntivo 2025\n\
         1.1;Semplificare;Pratiche evase;50;>= 100;40\n\
         12;Digitalizzare;Servizi online;50;>= 10;5\n",
    )
    .unwrap();
    // Codes typed as numbers in Excel: 1.1 and 12.
    let ret = dir.path().join("rettifiche.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["Codice", "Rettifica", "Motivazione"].iter().enumerate() {
        ws.write(0, c as u16, *h).unwrap();
    }
    ws.write(1, 0, 1.1).unwrap();
    ws.write(1, 1, 100).unwrap();
    ws.write(1, 2, "Blocco informatico regionale").unwrap();
    ws.write(2, 0, 12).unwrap();
    ws.write(2, 1, "escluso").unwrap();
    ws.write(2, 2, "Piattaforma nazionale rinviata").unwrap();
    wb.save(&ret).unwrap();
    let out = run(&[
        "convert",
        s(&plan),
        "--format",
        "csv",
        "-o",
        "-",
        "--level",
        "indicatore",
        "--rettifiche",
        s(&ret),
    ]);
    let ind = table(&ok(&out));
    let pratiche = row(&ind, "indicator", "Pratiche evase");
    assert_eq!(pratiche["attainment_pct"], "40.00");
    assert_eq!(pratiche["override_pct"], "100.00");
    assert_eq!(pratiche["override_reason"], "Blocco informatico regionale");
    assert_eq!(
        row(&ind, "indicator", "Servizi online")["override_pct"],
        "escluso"
    );
}

/// `report` scores with a brief trace (only the rule its criterion cites):
/// the criterion still names the indicator's own thresholds and bands, and
/// `explain --row` still shows the whole reasoning.
#[test]
fn the_report_criterion_names_the_indicators_rule_and_explain_keeps_the_whole_trace() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = fixture("soglie-piano-2025.csv");
    let out_dir = tmp.path().join("report");
    ok(&run(&[
        "report",
        s(&plan),
        "--per",
        "dirigente",
        "--output",
        s(&out_dir),
    ]));
    let texts = workbook_strings(&out_dir.join("dirigente-dott-luca-verdi.xlsx"));
    for want in [
        "più alto è meglio (indicato dal target); soglie dell'indicatore (soglia minima 60, target 100, eccellenza 130)",
        "più alto è meglio (indicato dal target); fasce dell'indicatore («≥ 95% → 100; 80–95% → 80; < 80% → 0»)",
    ] {
        assert!(texts.iter().any(|t| t == want), "{want}\n{texts:?}");
    }
    let row = format!("{}:soglie-piano-2025:2", s(&plan));
    let explained = ok(&run(&["explain", "--row", &row]));
    for want in ["Consuntivo: ", "Regola: soglie dell'indicatore"] {
        assert!(explained.contains(want), "{want}\n{explained}");
    }
}
