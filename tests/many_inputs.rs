//! Several inputs in one run, through the real binary: files are read on
//! every core, but records keep the order of the inputs and an unreadable
//! file in the middle is reported without losing the others.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// `convert` to CSV; returns exit code, stderr and the `source_file` column.
fn convert(inputs: &[&Path], out: &Path) -> (Option<i32>, String, Vec<String>) {
    let o = Command::new(env!("CARGO_BIN_EXE_cruscotto"))
        // Two threads: files are read four at a time, so 13 inputs cross
        // several windows whatever the machine.
        .env("RAYON_NUM_THREADS", "2")
        .arg("convert")
        .args(inputs)
        .arg("--output")
        .arg(out)
        .arg("--force")
        .output()
        .expect("run cruscotto");
    let mut rd = csv::Reader::from_path(out).expect("csv written");
    let col = rd
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "source_file")
        .expect("source_file column");
    let files = rd.records().map(|r| r.unwrap()[col].to_string()).collect();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        files,
    )
}

#[test]
fn records_follow_the_order_of_the_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("rotto.xlsx");
    std::fs::write(&bad, b"non un foglio di calcolo").unwrap();
    let pistoia = fixture("pistoia-prato-2025.xlsx");
    let ods = fixture("arezzo-siena-2022.ods");
    let xlsx = fixture("arezzo-siena-2022.xlsx");
    let csv = fixture("arezzo-siena-2022-area3.csv");

    // Each file alone: how many records it gives.
    let alone = |p: &Path| convert(&[p], &tmp.path().join("uno.csv")).2.len();
    let counts = [alone(&pistoia), alone(&ods), alone(&xlsx), alone(&csv)];
    assert!(counts.iter().all(|&n| n > 0), "{counts:?}");

    // Many files (the same ones several times, so that reads overlap), one
    // broken in the middle.
    let mut inputs: Vec<&Path> = Vec::new();
    let mut expected: Vec<(String, usize)> = Vec::new();
    for _ in 0..3 {
        for (p, n) in [&pistoia, &ods, &xlsx, &csv].into_iter().zip(counts) {
            inputs.push(p);
            expected.push((p.display().to_string(), n));
        }
    }
    inputs.insert(5, &bad);
    let (code, err, files) = convert(&inputs, &tmp.path().join("tutti.csv"));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("rotto.xlsx"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    // Contiguous blocks, in input order, each as long as the file alone.
    let mut blocks: Vec<(String, usize)> = Vec::new();
    for f in files {
        match blocks.last_mut() {
            Some((name, n)) if *name == f => *n += 1,
            _ => blocks.push((f, 1)),
        }
    }
    assert_eq!(blocks, expected);
}
