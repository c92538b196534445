//! `cruscotto run` on the shipped fixtures: two periods, idempotence, a broken
//! input among good ones, and the lock against concurrent runs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
        .display()
        .to_string()
}

fn job_file(dir: &Path, inputs: &[String]) -> PathBuf {
    let inputs: Vec<String> = inputs.iter().map(|i| format!("{i:?}")).collect();
    let text = format!(
        r#"
[[lavoro]]
nome = "prova"
ente = "Ente di prova"
anno = 2022
ingressi = [{}]
organigramma = {:?}
uscita = "out/{{anno}}-{{mese}}/"
normalizzato = ["csv", "json"]
livelli = ["area"]
"#,
        inputs.join(", "),
        fixture("arezzo-siena-2022-organigramma.csv")
    );
    let p = dir.join("lavori.toml");
    std::fs::write(&p, text).unwrap();
    p
}

fn run(job: &Path, periodo: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args(["run", "--quiet", "--periodo", periodo])
        .arg(job)
        .output()
        .expect("run cruscotto")
}

fn manifest(dir: &Path) -> Value {
    let text = std::fs::read_to_string(dir.join("esecuzione.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n != "esecuzione.json" && n != ".cruscotto.lock"
        })
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn two_periods_and_identical_reruns() {
    let tmp = tempfile::tempdir().unwrap();
    let job = job_file(tmp.path(), &[fixture("arezzo-siena-2022.xlsx")]);
    let june = run(&job, "2022-06");
    assert!(
        june.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&june.stderr)
    );
    let dec = run(&job, "2022-12");
    assert!(dec.status.code().is_some_and(|c| c <= 1));
    let d06 = tmp.path().join("out/2022-06");
    let d12 = tmp.path().join("out/2022-12");
    let (m06, m12) = (manifest(&d06), manifest(&d12));
    assert_eq!(m06["periodo"], "2022-06");
    assert_eq!(m12["periodo"], "2022-12");
    assert_eq!(m06["ingressi"], m12["ingressi"], "same inputs, same hashes");
    assert_eq!(m06["ingressi"][0]["esito"], "letto");
    assert_eq!(m06["ingressi"][0]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(m06["indicatori"], 190);
    let names = |m: &Value| -> Vec<String> {
        m["uscite"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["file"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(&m06), names(&m12));
    assert!(names(&m06).contains(&"riepilogo.xlsx".to_string()));
    assert!(names(&m06).contains(&"normalizzato.csv".to_string()));
    assert!(names(&m06).contains(&"riepilogo-area.csv".to_string()));

    // Same inputs and period again: byte-identical outputs.
    let before = files(&d12);
    let again = run(&job, "2022-12");
    assert!(again.status.code().is_some_and(|c| c <= 1));
    let after = files(&d12);
    assert_eq!(before.len(), after.len());
    for ((na, a), (nb, b)) in before.iter().zip(&after) {
        assert_eq!(na, nb);
        assert!(a == b, "{na} changed between two identical runs");
    }
    let mut m12b = manifest(&d12);
    let mut m12a = m12.clone();
    m12a["durata_ms"] = Value::Null;
    m12b["durata_ms"] = Value::Null;
    assert_eq!(m12a, m12b, "run manifests differ only in duration");
}

#[test]
fn broken_input_fails_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let broken = tmp.path().join("rotto.xlsx");
    std::fs::write(&broken, b"questo non e' un foglio di calcolo").unwrap();
    let job = job_file(
        tmp.path(),
        &[
            fixture("arezzo-siena-2022.xlsx"),
            broken.display().to_string(),
        ],
    );
    let out = run(&job, "2022-12");
    assert_eq!(out.status.code(), Some(2));
    let dir = tmp.path().join("out/2022-12");
    let m = manifest(&dir);
    assert_eq!(m["esito"], 2);
    assert_eq!(m["ingressi"][0]["esito"], "letto");
    assert_eq!(m["ingressi"][1]["esito"], "fallito");
    assert!(m["ingressi"][1]["motivo"]
        .as_str()
        .unwrap()
        .contains("rotto.xlsx"));
    assert_eq!(m["indicatori"], 190, "the good input is still produced");
    assert!(dir.join("riepilogo.xlsx").exists());
}

#[test]
fn concurrent_run_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let job = job_file(tmp.path(), &[fixture("arezzo-siena-2022.xlsx")]);
    let dir = tmp.path().join("out/2022-12");
    let _held = cruscotto::job::lock_dir(&dir, "prova").unwrap();
    let out = run(&job, "2022-12");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("in corso"), "{err}");
    assert!(!dir.join("riepilogo.xlsx").exists());
}

#[test]
fn dry_run_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let job = job_file(tmp.path(), &[fixture("arezzo-siena-2022.xlsx")]);
    let out = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        .args(["run", "--dry-run", "--periodo", "2022-03"])
        .arg(&job)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("out/2022-03"), "{text}");
    assert!(text.contains("normalizzato.csv"), "{text}");
    assert!(!tmp.path().join("out").exists());
}
