//! The commands as an office user meets them, through the real binary:
//! printed commands that work, Italian argument errors, one output flag,
//! each cause once, documents that are not spreadsheets, stale reports after
//! `--force`, `run`'s exit status, output permissions, nothing read, and no
//! lock file left behind.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cruscotto"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run cruscotto")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The names listed by the `manifest.json` in `dir`.
fn manifest_files(dir: &Path) -> Vec<String> {
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    m["file"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn readme_setup_installs_the_command_and_keeps_cargo_test() {
    let readme = std::fs::read_to_string(fixture("../README.md")).unwrap();
    let block = readme
        .split("## Set-up")
        .nth(1)
        .and_then(|r| r.split("```sh").nth(1))
        .and_then(|r| r.split("```").next())
        .unwrap();
    let first = block.lines().find(|l| !l.trim().is_empty()).unwrap();
    assert!(first.contains("cargo install --path ."), "{first}");
    assert!(first.contains("cruscotto demo"), "{first}");
    assert!(
        block
            .lines()
            .any(|l| l.trim_start().starts_with("cargo test ")),
        "{block}"
    );
}

#[test]
fn demo_prints_commands_that_work_without_cruscotto_on_path() {
    let tmp = tempfile::tempdir().unwrap();
    let path = "/usr/bin:/bin";
    let out = bin()
        .current_dir(tmp.path())
        .env("PATH", path)
        .args(["demo", "-o", "uscita demo"])
        .output()
        .unwrap();
    let so = text(&out.stdout);
    assert!(out.status.success(), "{so}{}", text(&out.stderr));
    assert!(so.contains("cargo install --path ."), "{so}");
    let command = |after: &str| -> String {
        so.lines()
            .find_map(|l| l.split_once(after).map(|(_, c)| c.to_string()))
            .unwrap_or_else(|| panic!("no «{after}» in {so}"))
    };
    let check = command("per l'elenco: ");
    let redo = command("Per rifare i report: ");
    assert!(!check.starts_with("cruscotto "), "{check}");
    // Exactly as printed, through a shell, with the PATH the user has.
    let sh = |c: &str| {
        Command::new("/bin/sh")
            .current_dir(tmp.path())
            .env("PATH", path)
            .args(["-c", c])
            .output()
            .unwrap()
    };
    let o = sh(&check);
    assert_eq!(o.status.code(), Some(1), "{check}: {}", text(&o.stderr));
    assert!(text(&o.stdout).contains("target-non-letto") || !o.stdout.is_empty());
    let o = sh(&redo);
    assert!(o.status.success(), "{redo}: {}", text(&o.stderr));
    assert!(tmp.path().join("uscita demo/riepilogo.xlsx").exists());
}

#[test]
fn argument_errors_and_help_are_italian() {
    let o = run(&["report"]);
    assert_eq!(o.status.code(), Some(2));
    let e = text(&o.stderr);
    assert!(e.contains("mancano argomenti obbligatori"), "{e}");
    for en in ["error:", "required", "Usage", "For more information"] {
        assert!(!e.contains(en), "{en} in {e}");
    }
    let o = run(&["convert", "piano.xlsx", "-o", "x.csv", "--sconosciuto"]);
    assert_eq!(o.status.code(), Some(2));
    let e = text(&o.stderr);
    assert!(e.contains("argomento sconosciuto: --sconosciuto"), "{e}");
    assert!(!e.contains("unexpected"), "{e}");
    let o = run(&["report", "piano.xlsx", "-o", "x", "--per", "nessuno"]);
    let e = text(&o.stderr);
    assert!(e.contains("valore «nessuno» non valido per --per"), "{e}");
    for args in [&["report", "--help"][..], &["help", "convert"], &["--help"]] {
        let o = run(args);
        assert!(o.status.success());
        let h = text(&o.stdout);
        assert!(h.contains("Uso:") && h.contains("Opzioni:"), "{h}");
        for en in [
            "Usage:",
            "Options:",
            "Arguments:",
            "Commands:",
            "Print help",
        ] {
            assert!(!h.contains(en), "{en} in {h}");
        }
    }
}

#[test]
fn the_output_flag_is_the_same_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = fixture("arezzo-siena-2022.xlsx");
    let org = fixture("arezzo-siena-2022-organigramma.csv");
    let report = |flag: &str, dir: &str| {
        let d = tmp.path().join(dir);
        let o = run(&["report", s(&plan), "--organigramma", s(&org), flag, s(&d)]);
        assert!(o.status.success(), "{flag}: {}", text(&o.stderr));
        assert!(d.join("riepilogo.xlsx").exists(), "{flag}");
    };
    report("-o", "a");
    report("--output", "b");
    report("--out", "c");
    for flag in ["-o", "--output", "--out"] {
        let f = tmp.path().join(format!("n{}.csv", flag.len()));
        let o = run(&["convert", s(&plan), flag, s(&f)]);
        assert!(o.status.success(), "{flag}: {}", text(&o.stderr));
        assert!(f.exists());
    }
}

#[test]
fn a_missing_organigramma_says_the_cause_once() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(&[
        "report",
        s(&fixture("arezzo-siena-2022.xlsx")),
        "--organigramma",
        s(&tmp.path().join("manca.csv")),
        "-o",
        s(&tmp.path().join("out")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e = text(&o.stderr);
    assert!(e.contains("manca.csv"), "{e}");
    assert_eq!(e.matches("inesistente").count(), 1, "{e}");
    assert!(!e.contains("No such file"), "{e}");
}

#[test]
fn a_word_document_or_pdf_named_xlsx_is_said_to_be_one() {
    use std::io::Write as _;
    let tmp = tempfile::tempdir().unwrap();
    let doc = tmp.path().join("piano.xlsx");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&doc).unwrap());
        let opts = zip::write::SimpleFileOptions::default();
        for (name, body) in [
            ("[Content_Types].xml", "<Types/>"),
            ("_rels/.rels", "<Relationships/>"),
            ("word/document.xml", "<w:document><w:body/></w:document>"),
        ] {
            z.start_file(name, opts).unwrap();
            z.write_all(body.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    let pdf = tmp.path().join("piano2.xlsx");
    std::fs::write(&pdf, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n").unwrap();
    for (file, said) in [(&doc, "documento Word"), (&pdf, "documento PDF")] {
        let o = run(&["check", s(file)]);
        assert_eq!(o.status.code(), Some(2));
        let e = text(&o.stderr) + &text(&o.stdout);
        assert!(e.contains(said), "{e}");
        assert!(!e.contains("xml") && !e.contains("Unexpected"), "{e}");
    }
}

#[test]
fn force_removes_exactly_the_reports_no_longer_produced() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = fixture("arezzo-siena-2022.xlsx");
    let org = fixture("arezzo-siena-2022-organigramma.csv");
    let out = tmp.path().join("relazione");
    let o = run(&["report", s(&plan), "--organigramma", s(&org), "-o", s(&out)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let old = "dirigente-dott-mario-del-secco.xlsx";
    assert!(out.join(old).exists());
    // Files the user put there, one looking like a report: never touched.
    std::fs::write(out.join("appunti.txt"), "mio").unwrap();
    std::fs::write(out.join("dirigente-altro.xlsx"), "mio").unwrap();
    // The dirigente of Area 2 renamed.
    let renamed = tmp.path().join("org.csv");
    let t = std::fs::read_to_string(&org)
        .unwrap()
        .replace("Dott. Mario Del Secco", "Dott.ssa Anna Nuova");
    std::fs::write(&renamed, t).unwrap();
    let o = run(&[
        "report",
        s(&plan),
        "--organigramma",
        s(&renamed),
        "-o",
        s(&out),
        "--force",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(!out.join(old).exists(), "stale report left behind");
    assert!(
        out.join("dirigente-dott-ssa-anna-nuova.xlsx").exists() || {
            manifest_files(&out)
                .iter()
                .any(|f| f.contains("anna-nuova"))
        }
    );
    assert!(out.join("appunti.txt").exists());
    assert!(out.join("dirigente-altro.xlsx").exists());
    let mut present: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "manifest.json" && n != "appunti.txt" && n != "dirigente-altro.xlsx")
        .collect();
    present.sort();
    let mut listed = manifest_files(&out);
    listed.sort();
    assert_eq!(present, listed);
    assert!(text(&o.stdout).contains(old), "{}", text(&o.stdout));
}

fn job_file(dir: &Path) -> PathBuf {
    let text = format!(
        r#"
[[lavoro]]
nome = "prova"
ente = "Ente di prova"
anno = 2022
ingressi = [{:?}]
organigramma = {:?}
uscita = "out/{{anno}}-{{mese}}/"
normalizzato = ["csv"]
"#,
        s(&fixture("arezzo-siena-2022.xlsx")),
        s(&fixture("arezzo-siena-2022-organigramma.csv"))
    );
    let p = dir.join("lavori.toml");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn run_exits_zero_with_anomalies_unless_strict_and_leaves_no_lock() {
    let tmp = tempfile::tempdir().unwrap();
    let job = job_file(tmp.path());
    let o = run(&["run", "--quiet", "--periodo", "2022-06", s(&job)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let dir = tmp.path().join("out/2022-06");
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("esecuzione.json")).unwrap())
            .unwrap();
    assert_eq!(m["esito"], 1, "the plan has anomalies, in the manifest");
    assert!(
        !dir.join(".cruscotto.lock").exists(),
        "lock file left behind"
    );
    let o = run(&[
        "run",
        "--quiet",
        "--rigoroso",
        "--periodo",
        "2022-06",
        s(&job),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!dir.join(".cruscotto.lock").exists());
}

#[cfg(unix)]
#[test]
fn outputs_get_the_permissions_the_umask_allows() {
    use std::os::unix::fs::PermissionsExt as _;
    let tmp = tempfile::tempdir().unwrap();
    let probe = tmp.path().join("probe");
    std::fs::File::create(&probe).unwrap();
    let want = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
    let out = tmp.path().join("r");
    let csv = tmp.path().join("n.csv");
    let plan = fixture("arezzo-siena-2022.xlsx");
    assert!(run(&["report", s(&plan), "-o", s(&out)]).status.success());
    assert!(run(&["convert", s(&plan), "-o", s(&csv)]).status.success());
    for f in [out.join("riepilogo.xlsx"), out.join("manifest.json"), csv] {
        let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, want, "{}", f.display());
    }
}

#[test]
fn nothing_read_is_said_and_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("tabella.csv");
    std::fs::write(&plan, "Colonna uno;Colonna due\nalfa;beta\ngamma;delta\n").unwrap();
    let csv = tmp.path().join("n.csv");
    let o = run(&["convert", s(&plan), "-o", s(&csv)]);
    assert_eq!(o.status.code(), Some(1));
    let e = text(&o.stderr);
    assert!(e.contains("nessun indicatore letto"), "{e}");
    assert!(e.contains("check") && e.contains("--mappa"), "{e}");
    assert!(!csv.exists(), "an empty table was written");
    let out = tmp.path().join("r");
    let o = run(&["report", s(&plan), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("nessun indicatore letto"));
    assert!(!out.join("riepilogo.xlsx").exists());
}
