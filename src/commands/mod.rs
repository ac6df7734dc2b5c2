//! One adapter per subcommand: options in, library calls, a renderer out.

pub mod audit;
pub mod cost;
pub mod history;
pub mod init;
pub mod inspect;
pub mod load;
pub mod policies;
pub mod pricing;
