//! The plan's structure read by the real binary on one fixture per layout
//! family (key/value blocks, individual objectives in owner sections,
//! outline, flat table with an owner column) and on thirty-one variant plans:
//! per indicator, the objective code, the strategic area and objective, the
//! owners and the transversal mark are those a person reads off the sheet
//! (`fixtures/*.expected.json`), no other row becomes a record, and `check`
//! reports fewer anomalies than one per five indicators.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use cruscotto::layout::owners::owner_key;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn cruscotto(args: &[&str], files: &[&Path]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args(args)
        .args(files)
        .output()
        .expect("run cruscotto")
}

fn convert(file: &Path, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["convert", "--format", "json", "--output", "-"];
    args.extend_from_slice(extra);
    let out = cruscotto(&args, &[file]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn expected(name: &str) -> Value {
    let text = std::fs::read_to_string(fixture(name)).expect("expected JSON");
    serde_json::from_str(&text).expect("expected JSON parses")
}

/// Owner names as keys (one owner across spellings), from the export's `;`
/// joined text or from an expected list.
fn keys_of_text(v: &Value) -> BTreeSet<String> {
    v.as_str()
        .unwrap_or("")
        .split("; ")
        .filter(|s| !s.is_empty())
        .map(owner_key)
        .collect()
}

fn keys_of_list(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(owner_key)
        .collect()
}

fn opt(v: &Value) -> Option<&str> {
    v.as_str().filter(|s| !s.is_empty())
}

/// Compares every expected record with the export; returns the mismatches.
/// `exact`: the strategic area as written, and the owners' source too (the
/// variants' expectations name the area in their own case and dashes).
fn compare(rows: &[Value], exp: &Value, exact: bool) -> Vec<String> {
    let mut bad = Vec::new();
    let records = exp["records"].as_array().expect("records");
    let want: BTreeSet<(String, u64)> = records
        .iter()
        .map(|e| {
            (
                e["sheet"].as_str().unwrap_or("").to_string(),
                e["row"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    for r in rows {
        let k = (
            r["source_sheet"].as_str().unwrap_or("").to_string(),
            r["source_row"].as_u64().unwrap_or(0),
        );
        if !want.contains(&k) {
            bad.push(format!("spurious record {k:?}: {}", r["indicator"]));
        }
    }
    for e in records {
        let Some(r) = rows
            .iter()
            .find(|r| r["source_sheet"] == e["sheet"] && r["source_row"] == e["row"])
        else {
            bad.push(format!("row {} not read: {}", e["row"], e["indicator"]));
            continue;
        };
        let row = &e["row"];
        let mut diff = |what: &str, got: String, want: String| {
            if got != want {
                bad.push(format!("row {row} {what}: got {got}, want {want}"));
            }
        };
        diff(
            "indicator",
            r["indicator"].to_string(),
            e["indicator"].to_string(),
        );
        diff(
            "objective_code",
            format!("{:?}", opt(&r["objective_code"])),
            format!("{:?}", opt(&e["objective_code"])),
        );
        let area = |v: &Value| match opt(v) {
            Some(a) if !exact => Some(owner_key(a)),
            other => other.map(str::to_string),
        };
        diff(
            "strategic_area",
            format!("{:?}", area(&r["strategic_area"])),
            format!("{:?}", area(&e["strategic_area"])),
        );
        diff(
            "strategic_objective_code",
            format!("{:?}", opt(&r["strategic_objective_code"])),
            format!("{:?}", opt(&e["strategic_objective_code"])),
        );
        diff(
            "dirigenti",
            format!("{:?}", keys_of_text(&r["dirigente"])),
            format!("{:?}", keys_of_list(&e["dirigenti"])),
        );
        diff(
            "areas",
            format!("{:?}", keys_of_text(&r["area"])),
            format!("{:?}", keys_of_list(&e["areas"])),
        );
        diff(
            "transversal",
            r["transversal"].to_string(),
            e["transversal"].to_string(),
        );
        if exact {
            diff(
                "owner_source",
                format!("{:?}", opt(&r["owner_source"])),
                format!("{:?}", opt(&e["owner_source"])),
            );
        }
    }
    bad
}

/// `check --json` of a file: (indicators, anomalies).
fn check(file: &Path, extra: &[&str]) -> (usize, Vec<Value>) {
    let mut args = vec!["check", "--json"];
    args.extend_from_slice(extra);
    let out = cruscotto(&args, &[file]);
    let doc: Value = serde_json::from_slice(&out.stdout).expect("check JSON");
    (
        doc["indicators"].as_u64().unwrap_or(0) as usize,
        doc["anomalies"].as_array().cloned().unwrap_or_default(),
    )
}

const FAMILIES: [&str; 4] = [
    "struttura-a-blocchi",
    "struttura-b-individuali",
    "struttura-c-outline",
    "struttura-d-tabella",
];

#[test]
fn each_family_reads_the_structure_a_person_reads() {
    for name in FAMILIES {
        let file = fixture(&format!("{name}.xlsx"));
        let exp = expected(&format!("{name}.expected.json"));
        let rows = convert(&file, &[]);
        let bad = compare(&rows, &exp, true);
        assert!(bad.is_empty(), "{name}:\n{}", bad.join("\n"));
        // One owner, one name: as many distinct dirigenti and areas as the
        // sheet names, each spelled one way.
        for (column, list) in [("dirigente", "dirigenti"), ("area", "areas")] {
            let names: BTreeSet<&str> = rows
                .iter()
                .flat_map(|r| r[column].as_str().unwrap_or("").split("; "))
                .filter(|s| !s.is_empty())
                .collect();
            let want = keys_of_list(&exp[list]);
            assert_eq!(
                names.len(),
                want.len(),
                "{name}: {column} names {names:?} for {want:?}"
            );
        }
    }
}

#[test]
fn each_family_has_few_anomalies_and_none_for_prose_or_key_rows() {
    for name in FAMILIES {
        let (n, anomalies) = check(&fixture(&format!("{name}.xlsx")), &[]);
        assert!(n > 0);
        assert!(
            anomalies.len() * 5 < n,
            "{name}: {} anomalies for {n} indicators: {anomalies:#?}",
            anomalies.len()
        );
        assert!(
            anomalies.iter().all(|a| a["code"] != "riga-non-letta"),
            "{name}: {anomalies:#?}"
        );
    }
}

#[test]
fn variant_plans_of_each_family() {
    let dir = fixture("varianti");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures/varianti")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".expected.json").map(str::to_string))
        .collect();
    names.sort();
    assert_eq!(names.len(), 31, "{names:?}");
    let mut failures = Vec::new();
    for name in &names {
        let exp = expected(&format!("varianti/{name}.expected.json"));
        let file = ["xlsx", "xls", "ods", "csv"]
            .iter()
            .map(|ext| dir.join(format!("{name}.{ext}")))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("no plan for {name}"));
        let rows = convert(&file, &[]);
        let bad = compare(&rows, &exp, false);
        if !bad.is_empty() {
            failures.push(format!("{name}:\n  {}", bad.join("\n  ")));
        }
        let (n, anomalies) = check(&file, &[]);
        match exp["anomalie_attese"].as_object() {
            // A plan that is not well formed on purpose: exactly the
            // anomalies a person must act on, by code.
            Some(want) => {
                for (code, count) in want.iter().filter(|(_, v)| v.is_u64()) {
                    let got = anomalies
                        .iter()
                        .filter(|a| a["code"] == code.as_str())
                        .count();
                    if Some(got as u64) != count.as_u64() {
                        failures.push(format!("{name}: {got} {code}, want {count}"));
                    }
                }
                let listed: u64 = want.values().filter_map(Value::as_u64).sum();
                if anomalies.len() as u64 != listed {
                    failures.push(format!(
                        "{name}: {} anomalies, want {listed}",
                        anomalies.len()
                    ));
                }
            }
            None if anomalies.len() * 5 >= n => {
                failures.push(format!("{name}: {} anomalies for {n}", anomalies.len()));
            }
            None => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn organigramma_with_aliases_gives_the_units_their_dirigenti() {
    let exp = expected("struttura-c-outline.expected.json");
    let org = fixture("struttura-c-organigramma.csv");
    let org = org.to_str().expect("path");
    let rows = convert(
        &fixture("struttura-c-outline.xlsx"),
        &["--organigramma", org],
    );
    for w in exp["with_organigramma"]
        .as_array()
        .expect("with_organigramma")
    {
        let r = rows
            .iter()
            .find(|r| r["source_row"] == w["row"])
            .expect("row read");
        assert_eq!(
            keys_of_text(&r["dirigente"]),
            keys_of_list(&w["dirigenti"]),
            "row {}",
            w["row"]
        );
        assert_eq!(
            keys_of_text(&r["area"]),
            keys_of_list(&w["areas"]),
            "row {}",
            w["row"]
        );
        if !w["dirigenti"].as_array().is_some_and(|d| d.is_empty()) {
            assert_eq!(r["owner_source"], "organigramma", "row {}", w["row"]);
        }
    }
    // Aliases take the organigramma's spelling of the area.
    let areas: BTreeSet<&str> = rows
        .iter()
        .flat_map(|r| r["area"].as_str().unwrap_or("").split("; "))
        .filter(|s| !s.is_empty())
        .collect();
    let want: BTreeSet<&str> = exp["areas_with_organigramma"]
        .as_array()
        .expect("areas")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(areas, want);
}

fn report(files: &[&Path], extra: &[&str]) -> (tempfile::TempDir, BTreeSet<String>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let mut args = vec!["report", "--out", out.to_str().expect("path")];
    args.extend_from_slice(extra);
    let o = cruscotto(&args, files);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let names = std::fs::read_dir(&out)
        .expect("report dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    (dir, names)
}

#[test]
fn report_writes_a_workbook_per_dirigente_and_area_and_the_unassigned() {
    let (_d, names) = report(&[&fixture("struttura-a-blocchi.xlsx")], &[]);
    for f in [
        "dirigente-segretario-generale.xlsx",
        "dirigente-dirigente-area-economico-finanziaria.xlsx",
        "area-ufficio-ragioneria.xlsx",
        "riepilogo.xlsx",
    ] {
        assert!(names.contains(f), "{f} not in {names:?}");
    }
    assert!(!names.contains("non-assegnati.xlsx"), "{names:?}");
    let dirigenti = names.iter().filter(|n| n.starts_with("dirigente-")).count();
    assert_eq!(dirigenti, 2, "{names:?}");

    // The outline's strategic-objective KPIs have no owner: their workbook.
    let (_d, names) = report(&[&fixture("struttura-c-outline.xlsx")], &[]);
    assert!(names.contains("non-assegnati.xlsx"), "{names:?}");
    assert!(names.contains("area-area-iii.xlsx"), "{names:?}");
    assert!(
        names.contains("area-staff-6-promozione-e-comunicazione.xlsx"),
        "{names:?}"
    );

    // Flat table: three dirigenti, however spelled.
    let (_d, names) = report(&[&fixture("struttura-d-tabella.xlsx")], &[]);
    let dirigenti: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("dirigente-"))
        .collect();
    assert_eq!(dirigenti.len(), 3, "{names:?}");
}

#[test]
fn pistoia_prato_yields_its_dirigenti_without_an_organigramma() {
    let rows = convert(&fixture("pistoia-prato-2025.xlsx"), &[]);
    let dirigenti: BTreeSet<&str> = rows
        .iter()
        .flat_map(|r| r["dirigente"].as_str().unwrap_or("").split("; "))
        .filter(|s| !s.is_empty())
        .collect();
    for d in [
        "Segretario Generale",
        "Dirigente area Promozione e Sviluppo Economico",
        "Dirigente area Risorse ed organizzazione",
        "Dirigente area Anagrafe e semplificazione",
    ] {
        assert!(dirigenti.contains(d), "{d} not in {dirigenti:?}");
    }
    // `Risorse ed organizzazione` and `Risorse e organizzazione` are one area.
    let areas: BTreeSet<&str> = rows.iter().filter_map(|r| r["area"].as_str()).collect();
    assert!(!areas.contains("Risorse e organizzazione"), "{areas:?}");
    // Every indicator has an owner or is transversal.
    assert!(rows
        .iter()
        .all(|r| r["transversal"] == true || opt(&r["dirigente"]).is_some()));
    let (_d, names) = report(&[&fixture("pistoia-prato-2025.xlsx")], &[]);
    let n = names.iter().filter(|n| n.starts_with("dirigente-")).count();
    assert!(n >= 6, "{names:?}");
}

#[test]
fn struttura_shows_the_tree_with_owners_and_counts() {
    let file = fixture("struttura-b-individuali.xlsx");
    let out = cruscotto(&["struttura"], &[&file]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("SG1"), "{text}");
    assert!(text.contains("dirigente: Segretario Generale"), "{text}");
    assert!(text.contains("fonte: sezione"), "{text}");
    assert!(text.contains("Indicatori senza responsabile: 0"), "{text}");

    let out = cruscotto(&["struttura", "--json"], &[&file]);
    let tree: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let counts = tree["dirigenti"].as_array().expect("dirigenti");
    assert_eq!(counts.len(), 3, "{counts:?}");
    let total: u64 = counts.iter().filter_map(|c| c["indicatori"].as_u64()).sum();
    assert_eq!(total, 12);
    let objectives = &tree["fogli"][0]["aree_strategiche"][0]["obiettivi"];
    assert_eq!(objectives[0]["codice"], "SG1");
    assert_eq!(objectives[0]["fonte"], "section");
}

#[test]
fn check_lists_indicators_without_owner_and_points_to_struttura() {
    let out = cruscotto(&["check"], &[&fixture("struttura-c-outline.xlsx")]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("5 indicatori senza responsabile"), "{text}");
    assert!(text.contains("righe 7, 34, 56-57, 84"), "{text}");
    assert!(text.contains("cruscotto struttura"), "{text}");
}

#[test]
fn mapping_file_gives_owners_to_rows_the_plan_leaves_without() {
    let dir = tempfile::tempdir().expect("tempdir");
    let map = dir.path().join("mappa.toml");
    std::fs::write(
        &map,
        "[[responsabile]]\nfoglio = \"Piano\"\nobiettivo = \"A.1\"\ndirigente = \"Segretario Generale\"\n\n\
         [[responsabile]]\nfoglio = \"Piano\"\nrighe = \"56-57\"\ntrasversale = true\n",
    )
    .expect("write map");
    let rows = convert(
        &fixture("struttura-c-outline.xlsx"),
        &["--mappa", map.to_str().expect("path")],
    );
    let r = rows.iter().find(|r| r["source_row"] == 7).expect("row 7");
    assert_eq!(r["dirigente"], "Segretario Generale");
    assert_eq!(r["owner_source"], "mappa");
    let r = rows.iter().find(|r| r["source_row"] == 56).expect("row 56");
    assert_eq!(r["transversal"], true);
    // An objective code covers the levels below it; what the table leaves
    // out (the areas) stays as the plan says.
    let r = rows.iter().find(|r| r["source_row"] == 21).expect("row 21");
    assert_eq!(r["objective_code"], "A.1.1.1");
    assert_eq!(r["dirigente"], "Segretario Generale");
    assert_eq!(r["area"], "STAFF 6 PROMOZIONE E COMUNICAZIONE; AREA I");
    // Rows the mapping does not name keep the plan's owners.
    let r = rows.iter().find(|r| r["source_row"] == 43).expect("row 43");
    assert_eq!(r["owner_source"], "units");
    assert!(r["dirigente"].is_null(), "{r}");

    // A table without owners is refused with an Italian message.
    std::fs::write(&map, "[[responsabile]]\nfoglio = \"Piano\"\n").expect("write");
    let out = cruscotto(
        &[
            "convert",
            "--mappa",
            map.to_str().expect("path"),
            "--output",
            "-",
        ],
        &[&fixture("struttura-c-outline.xlsx")],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("indicare dirigente, area o trasversale"),
        "{err}"
    );
}

#[test]
fn a_job_input_s_mapping_file_gives_owners_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("mappa.toml"),
        "[[responsabile]]\nfoglio = \"*\"\nobiettivo = \"A.2\"\ndirigente = \"Dott.ssa Laura Bianchi\"\n",
    )
    .expect("write map");
    let plan = fixture("struttura-c-outline.xlsx");
    std::fs::write(
        dir.path().join("lavori.toml"),
        format!(
            "[[lavoro]]\nnome = \"prova\"\nanno = 2021\nuscita = \"out/\"\nnormalizzato = [\"json\"]\n\n\
             [[lavoro.ingresso]]\nfile = {:?}\nmappa = \"mappa.toml\"\n",
            plan.display().to_string()
        ),
    )
    .expect("write job");
    let out = cruscotto(
        &["run", "--quiet", "--periodo", "2021-12"],
        &[&dir.path().join("lavori.toml")],
    );
    let json = std::fs::read_dir(dir.path().join("out"))
        .expect("out dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| {
            p.extension().is_some_and(|x| x == "json")
                && p.to_string_lossy().contains("normalizzat")
        })
        .unwrap_or_else(|| panic!("no JSON export: {}", String::from_utf8_lossy(&out.stderr)));
    let rows: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(json).expect("read")).expect("JSON");
    let r = rows.iter().find(|r| r["source_row"] == 34).expect("row 34");
    assert_eq!(r["dirigente"], "Dott.ssa Laura Bianchi");
    assert_eq!(r["owner_source"], "mappa");
}
