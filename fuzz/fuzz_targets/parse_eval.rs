//! Fuzz target: parse and evaluate one in-memory `main.tf`, then render what
//! `chkmate inspect` would print. No input may panic, hang or exhaust memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let loaded = chkmate::terraform::evaluate_source("main.tf", &text);
    let mut out = chkmate::report::Output::to_writers(Box::new(io::sink()), Box::new(io::sink()));
    let _ = chkmate::report::inspect::write_json(&loaded, &mut out);
    let _ = chkmate::report::inspect::write_table(&loaded, &mut out);
    for r in &loaded.model.resources {
        let _ = r.effective_tags().to_display_json();
    }
});
