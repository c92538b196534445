//! HTML tables saved as `.xls` («Esporta in Excel»): `read::html_from_bytes`
//! on the input (charset detection, the html5ever tree, table layout with
//! `colspan`/`rowspan`, size caps), or the input written to a file and read
//! through `read::open` (detection by content). See `legacy_common.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "legacy_common.rs"]
mod legacy_common;

fuzz_target!(|data: &[u8]| {
    legacy_common::run(data, cruscotto::read::html_from_bytes);
});
