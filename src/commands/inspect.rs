//! `chkmate inspect`: every evaluated resource instance, for debugging.

use super::load;
use crate::cli::{InspectArgs, InspectFormat};
use crate::exit::ExitStatus;
use crate::report::{self, Output};
use anyhow::Result;
use clap::ArgMatches;

pub fn run(args: &InspectArgs, matches: Option<&ArgMatches>, out: &mut Output) -> Result<ExitStatus> {
    let loaded = load::load(&args.load, matches)?;
    match args.format {
        InspectFormat::Json => report::inspect::write_json(&loaded, out)?,
        InspectFormat::Table => report::inspect::write_table(&loaded, out)?,
    }
    report::diagnostics::write_stderr(&loaded, out);
    Ok(if loaded.has_fatal_errors() {
        ExitStatus::Error
    } else {
        ExitStatus::Ok
    })
}
