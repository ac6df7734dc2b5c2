//! `chkmate inspect`: every evaluated resource instance, for debugging.

use super::load;
use crate::cli::{InspectArgs, InspectFormat};
use crate::exit::ExitStatus;
use crate::report::{self, Output};
use anyhow::Result;
use clap::ArgMatches;

pub fn run(
    args: &InspectArgs,
    matches: Option<&ArgMatches>,
    out: &mut Output,
) -> Result<ExitStatus> {
    let t0 = std::time::Instant::now();
    let loaded = load::load(&args.load, matches)?;
    let t1 = std::time::Instant::now();
    match args.format {
        InspectFormat::Json => {
            report::ignore_broken_pipe(report::inspect::write_json(&loaded, out))?
        }
        InspectFormat::Table => {
            report::ignore_broken_pipe(report::inspect::write_table(&loaded, out))?
        }
    }
    report::diagnostics::write_stderr(&loaded, out);
    if std::env::var_os("CHKMATE_TIMINGS").is_some() {
        eprintln!(
            "timings: load {:.1} ms, render {:.1} ms",
            (t1 - t0).as_secs_f64() * 1000.0,
            t1.elapsed().as_secs_f64() * 1000.0
        );
    }
    Ok(if loaded.has_fatal_errors() {
        ExitStatus::Error
    } else {
        ExitStatus::Ok
    })
}
