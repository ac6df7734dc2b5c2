//! One adapter per subcommand: options in, library calls, a renderer out.

pub mod inspect;
pub mod load;
