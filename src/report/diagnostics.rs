//! Load and evaluation diagnostics on stderr, compiler style.

use super::Output;
use crate::terraform::model::DiagSeverity;
use crate::terraform::Loaded;

/// Errors always; warnings unless `--quiet`. Unresolved modules are listed too.
pub fn write_stderr(loaded: &Loaded, out: &mut Output) {
    let quiet = out.quiet;
    let mut warnings = 0usize;
    for d in &loaded.model.diagnostics {
        if d.severity == DiagSeverity::Warning {
            warnings += 1;
            if quiet {
                continue;
            }
        }
        let _ = writeln!(out.err(), "{}", d.render(&loaded.sources));
    }
    if !quiet {
        for m in &loaded.model.unresolved_modules {
            let loc = m
                .span
                .and_then(|s| loaded.sources.locate(s))
                .map(|l| format!("{l}: "))
                .unwrap_or_default();
            let _ = writeln!(
                out.err(),
                "{loc}note: {} (source \"{}\") not loaded: {}",
                m.address,
                m.source,
                m.reason
            );
        }
        if warnings > 0 && !out.verbose {
            let _ = out.err().flush();
        }
    }
}
