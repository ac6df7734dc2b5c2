//! Command-line types (clap). Nothing here does work: `commands/` does.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// chkmate: audit, cost and fix AWS Terraform — one fast, offline binary.
#[derive(Debug, Parser)]
#[command(name = "chkmate", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print only results and errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Print more detail about what chkmate does.
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every evaluated resource instance (for debugging configurations).
    Inspect(InspectArgs),
    /// Print shell completions.
    Completions {
        /// bash, zsh, fish, powershell or elvish
        shell: clap_complete::Shell,
    },
}

/// Where the configuration comes from and how to evaluate it.
#[derive(Debug, Args, Clone)]
pub struct LoadArgs {
    /// Root module directories, single .tf files (their directory is loaded), or
    /// plan JSON files from `terraform show -json`. Default: the current directory.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Set a root module variable (NAME=VALUE); may be repeated.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// Read root module variables from a .tfvars or .tfvars.json file; may be repeated.
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// Skip files and directories matching this glob (relative to the root); may be repeated.
    #[arg(long = "exclude", value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Value of `terraform.workspace`.
    #[arg(long, default_value = "default", value_name = "NAME")]
    pub workspace: String,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    #[command(flatten)]
    pub load: LoadArgs,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = InspectFormat::Table)]
    pub format: InspectFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InspectFormat {
    Table,
    Json,
}

/// The shell completion files shipped in `completions/`: (file name, contents).
pub fn completion_files() -> Vec<(&'static str, String)> {
    use clap::CommandFactory;
    use clap_complete::Shell;
    let mut out = Vec::new();
    for (shell, name) in [
        (Shell::Bash, "chkmate.bash"),
        (Shell::Zsh, "_chkmate"),
        (Shell::Fish, "chkmate.fish"),
        (Shell::PowerShell, "_chkmate.ps1"),
    ] {
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), "chkmate", &mut buf);
        out.push((name, String::from_utf8_lossy(&buf).into_owned()));
    }
    out
}
