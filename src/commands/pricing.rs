//! `chkmate pricing status | update`. (Being written.)

use crate::cli::PricingCommand;
use crate::exit::ExitStatus;
use crate::report::Output;
use anyhow::{bail, Result};

pub fn run(_cmd: &PricingCommand, _out: &mut Output) -> Result<ExitStatus> {
    bail!("`chkmate pricing` is not available in this build yet")
}
