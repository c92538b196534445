//! The normalised table is written as it is rendered (`convert`): through
//! the real binary, to a file and to standard output, in every format, the
//! bytes are those of a table built whole.

use std::path::PathBuf;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cruscotto"))
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

const PLANS: [&str; 3] = [
    "pistoia-prato-2025.xlsx",
    "arezzo-siena-2022.xlsx",
    "struttura-a-blocchi.xlsx",
];

/// `convert` of the fixture plans to standard output.
fn to_stdout(format: &str) -> Vec<u8> {
    let out = bin()
        .arg("convert")
        .args(PLANS.iter().map(|p| fixture(p)))
        .args(["--format", format, "--output", "-"])
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c == 0), "{out:?}");
    out.stdout
}

#[test]
fn json_streamed_is_the_pretty_array_of_every_indicator() {
    let bytes = to_stdout("json");
    let parsed: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let rows = parsed.as_array().unwrap();
    // The same indicators as the canonical CSV, in the same order.
    let csv = to_stdout("csv");
    let mut r = csv::Reader::from_reader(csv.as_slice());
    let csv_rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert!(rows.len() > 50, "{} indicatori", rows.len());
    assert_eq!(rows.len(), csv_rows.len());
    for (j, c) in rows.iter().zip(&csv_rows) {
        assert_eq!(j["source_row"].as_i64().unwrap().to_string(), &c[2]);
        assert_eq!(j["indicator"].as_str().unwrap(), &c[7]);
    }
    // Byte for byte what serde_json writes for the whole array at once.
    let mut whole = serde_json::to_vec_pretty(&parsed).unwrap();
    whole.push(b'\n');
    assert_eq!(bytes, whole);
}

#[test]
fn file_and_standard_output_hold_the_same_bytes_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["csv", "csv-excel", "json", "xlsx"] {
        let path = dir.path().join(format!("tabella.{format}"));
        let st = bin()
            .arg("convert")
            .args(PLANS.iter().map(|p| fixture(p)))
            .args(["--format", format, "--output"])
            .arg(&path)
            .status()
            .unwrap();
        assert_eq!(st.code(), Some(0), "{format}");
        let file = std::fs::read(&path).unwrap();
        assert_eq!(file, to_stdout(format), "{format}");
        // No temporary file is left beside the output.
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".cruscotto-"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
    // An existing output is not replaced without --force, and stays whole.
    let path = dir.path().join("tabella.csv");
    let before = std::fs::read(&path).unwrap();
    let out = bin()
        .arg("convert")
        .arg(fixture(PLANS[0]))
        .args(["--format", "csv", "--output"])
        .arg(&path)
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}
