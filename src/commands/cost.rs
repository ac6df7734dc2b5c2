//! `chkmate cost`: estimate, compare, gate on budgets. (Being written.)

use crate::cli::CostArgs;
use crate::exit::ExitStatus;
use crate::report::Output;
use anyhow::{bail, Result};
use clap::ArgMatches;

pub fn run(_args: &CostArgs, _matches: Option<&ArgMatches>, _out: &mut Output) -> Result<ExitStatus> {
    bail!("`chkmate cost` is not available in this build yet")
}
