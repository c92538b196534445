//! Target expression normalisation.
//!
//! No input may panic; a target not understood (kind `text`) always comes
//! with a warning; every target serialises to its canonical JSON and can be
//! described in Italian.
#![no_main]

use cruscotto::model::TargetKind;
use cruscotto::normalise::{describe, normalise, Context};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    for ctx in [Context::default(), Context::for_unit(Some("data"))] {
        let reading = normalise(&s, &ctx);
        assert!(!reading.targets.is_empty(), "no target for {s:?}");
        for t in &reading.targets {
            if t.kind() == TargetKind::Text {
                assert!(
                    !reading.warnings.is_empty(),
                    "text target without a warning for {s:?} (ctx {ctx:?})"
                );
            }
            let json = t.to_json();
            assert_eq!(json["kind"].as_str(), Some(t.kind().as_str()));
            assert!(json["value"].is_string() || json["value"].is_null());
            let text = json.to_string();
            assert!(text.starts_with('{'), "bad JSON {text}");
            let _ = describe(t);
        }
    }
});
