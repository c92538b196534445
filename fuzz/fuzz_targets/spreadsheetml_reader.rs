//! Excel 2003 XML Spreadsheet: `read::spreadsheetml_from_bytes` on the input
//! (styles and their parents, `ss:Index`, `ss:MergeAcross`/`MergeDown`,
//! typed `Data`, comments, entities, truncation), or the input written to a
//! file and read through `read::open` (detection by content). See
//! `legacy_common.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "legacy_common.rs"]
mod legacy_common;

fuzz_target!(|data: &[u8]| {
    legacy_common::run(data, cruscotto::read::spreadsheetml_from_bytes);
});
