//! CSV/TXT input end to end: bytes → workbook → sheet layout → records,
//! scores and roll-ups. No input may panic.
#![no_main]

use std::io::Write;

use cruscotto::layout::{detect_sheet, Options as LayoutOptions};
use cruscotto::pipeline::{run, Options};
use cruscotto::read::csv_from_bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(wb) = csv_from_bytes(data, "fuzz.csv") else {
        return;
    };
    let lopts = LayoutOptions::default();
    for sheet in &wb.sheets {
        let _ = detect_sheet(&wb.path, sheet, &lopts);
    }
    // The whole pipeline (record building, scoring, roll-ups) takes paths.
    let Ok(mut file) = tempfile::Builder::new().suffix(".csv").tempfile() else {
        return;
    };
    if file.write_all(data).and_then(|_| file.flush()).is_err() {
        return;
    }
    let outcome = run(&[file.path().to_path_buf()], &Options::default());
    assert!(
        outcome.failed.is_empty(),
        "read in memory but not from file"
    );
});
