//! The exit-code contract, the same for every subcommand.
//!
//! - 0: nothing at or above the threshold;
//! - 1: findings at or above `--fail-on`, a budget exceeded, or a gate refused;
//! - 2: usage, configuration, parse, pricing, network or IO error.

/// A process exit status of the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    Ok = 0,
    Failed = 1,
    Error = 2,
}

impl ExitStatus {
    pub fn code(self) -> i32 {
        self as i32
    }
}
