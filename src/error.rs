//! Typed library errors.

use std::path::PathBuf;

/// Errors the library returns to commands. Commands add context with anyhow.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("{}: {error}", crate::source::display_path(path))]
    Io {
        path: PathBuf,
        // Not a `source`: the message already includes it, and error chains
        // would print it twice.
        error: std::io::Error,
    },
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Config(String),
    #[error("{0}")]
    Parse(String),
    #[error("{0}")]
    Pricing(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            error: source,
        }
    }
}
