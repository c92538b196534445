//! Italian value parsing: numbers, percentages, dates, actuals.
//!
//! No input may panic; a number that parses must survive the round trip
//! through its Italian spelling, bare and as a percentage.
#![no_main]

use cruscotto::value::{
    actual_from_text, format_italian, parse_date, parse_number, parse_percent, ValueContext,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let s = s.as_ref();
    if let Ok(d) = parse_number(s) {
        let written = format_italian(d);
        assert_eq!(
            parse_number(&written),
            Ok(d),
            "round trip of {s:?}: format_italian gave {written:?}"
        );
        let pct = format!("{written}%");
        assert_eq!(
            parse_percent(&pct),
            Ok(d),
            "percent round trip of {s:?}: {pct:?}"
        );
    }
    let _ = parse_percent(s);
    let _ = parse_date(s);
    let _ = actual_from_text(s, &ValueContext::default());
    let _ = actual_from_text(
        s,
        &ValueContext {
            unit: Some("data".to_string()),
            date_context: true,
        },
    );
});
