//! chkmate: one fast, offline-first tool for AWS Terraform.

pub mod error;
pub mod exit;
pub mod policy;
pub mod pricing;
pub mod source;
pub mod terraform;

pub use error::{Error, Result};
pub use exit::ExitStatus;
