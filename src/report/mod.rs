//! The only writer to stdout: every renderer writes through an [`Output`].

pub mod audit;
pub mod audit_json;
pub mod audit_table;
pub mod cost;
pub mod cost_csv;
pub mod cost_history;
pub mod cost_html;
pub mod cost_markdown;
pub mod csv;
pub mod diagnostics;
pub mod github;
pub mod history;
pub mod inspect;
pub mod junit;
pub mod markdown;
pub mod policies;
pub mod sarif;

use std::io::{IsTerminal, Write};

/// A closed stdout (`chkmate audit | head`) is not an error: the reader has
/// what it wanted, and the command's exit status still stands.
pub fn ignore_broken_pipe(r: std::io::Result<()>) -> std::io::Result<()> {
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Where a command writes: stdout (results) and stderr (diagnostics, progress).
pub struct Output {
    out: Box<dyn Write>,
    err: Box<dyn Write>,
    /// Colour and decorations (stdout is a terminal and NO_COLOR is unset).
    pub color: bool,
    pub quiet: bool,
    pub verbose: bool,
}

impl Output {
    /// The process's stdout and stderr.
    pub fn stdio(quiet: bool, verbose: bool) -> Output {
        let color = std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Output {
            out: Box::new(std::io::BufWriter::with_capacity(
                64 * 1024,
                std::io::stdout(),
            )),
            err: Box::new(std::io::stderr()),
            color,
            quiet,
            verbose,
        }
    }

    /// Writes into the given sinks (tests, files).
    pub fn to_writers(out: Box<dyn Write>, err: Box<dyn Write>) -> Output {
        Output {
            out,
            err,
            color: false,
            quiet: false,
            verbose: false,
        }
    }

    pub fn out(&mut self) -> &mut dyn Write {
        &mut *self.out
    }

    pub fn err(&mut self) -> &mut dyn Write {
        &mut *self.err
    }

    /// A line on stderr unless `--quiet`.
    pub fn note(&mut self, msg: &str) {
        if !self.quiet {
            let _ = writeln!(self.err, "{msg}");
        }
    }
}
