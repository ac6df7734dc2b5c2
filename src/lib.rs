//! chkmate: one fast, offline-first tool for AWS Terraform.
//!
//! The library is the product: every subcommand is a small adapter in
//! [`commands`] over library calls ([`terraform::load`] and friends) that tests
//! call directly. [`run`] is what the binary calls.

pub mod baseline;
pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
pub mod exit;
pub mod finding;
pub mod policy;
pub mod pricing;
pub mod report;
pub mod source;
pub mod store;
pub mod suppress;
pub mod terraform;

pub use error::{Error, Result};
pub use exit::ExitStatus;

use clap::{CommandFactory, FromArgMatches};
use std::ffi::OsString;

/// Parses the command line, runs the subcommand and returns the exit status.
/// Errors are printed to stderr with their cause chain.
pub fn run<I, T>(args: I) -> ExitStatus
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let matches = match cli::Cli::command().try_get_matches_from(args) {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitStatus::Error
            } else {
                ExitStatus::Ok
            };
        }
    };
    let parsed = match cli::Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitStatus::Error;
        }
    };
    let mut out = report::Output::stdio(parsed.quiet, parsed.verbose);
    let sub = matches.subcommand().map(|(_, m)| m);
    let result = match &parsed.command {
        cli::Command::Audit(a) => commands::audit::run(a, sub, &mut out),
        cli::Command::Cost(a) => commands::cost::run(a, sub, &mut out),
        cli::Command::Pricing(c) => commands::pricing::run(c, &mut out),
        cli::Command::Inspect(a) => commands::inspect::run(a, sub, &mut out),
        cli::Command::Policies(c) => commands::policies::run(c, &mut out),
        cli::Command::History(a) => commands::history::run(a, &mut out),
        cli::Command::Init(a) => commands::init::run(a, &mut out),
        cli::Command::Completions { shell } => {
            let mut cmd = cli::Cli::command();
            clap_complete::generate(*shell, &mut cmd, "chkmate", out.out());
            Ok(ExitStatus::Ok)
        }
    };
    let _ = out.out().flush();
    match result {
        Ok(status) => status,
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            // The reader closed stdout: nothing more to say.
            ExitStatus::Ok
        }
        Err(e) => {
            let _ = writeln!(out.err(), "error: {e:#}");
            ExitStatus::Error
        }
    }
}
