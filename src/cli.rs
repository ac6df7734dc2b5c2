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
    /// Check security, cost and reliability policies; exit 1 on findings at or above --fail-on.
    Audit(AuditArgs),
    /// Estimate monthly cost from the embedded, offline AWS price catalog.
    Cost(CostArgs),
    /// The price catalog: which snapshot is in use, and refreshing it.
    #[command(subcommand)]
    Pricing(PricingCommand),
    /// List every evaluated resource instance (for debugging configurations).
    Inspect(InspectArgs),
    /// List, show and document the policies.
    #[command(subcommand)]
    Policies(PoliciesCommand),
    /// Audit runs recorded in the store, with the score trend.
    History(HistoryArgs),
    /// Write a commented default .chkmate.yml.
    Init(InitArgs),
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
pub struct AuditArgs {
    #[command(flatten)]
    pub load: LoadArgs,
    /// Output format on stdout.
    #[arg(long, short, value_enum, default_value_t = crate::report::audit::AuditFormat::Table)]
    pub format: crate::report::audit::AuditFormat,
    /// Also write a report to FILE, as FORMAT:FILE (e.g. sarif:results.sarif) or FILE
    /// (in --format); may be repeated.
    #[arg(long, short, value_name = "[FORMAT:]FILE")]
    pub output: Vec<String>,
    /// Lowest severity that fails the run (exit 1): critical, high, medium, low, info.
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<crate::finding::Severity>,
    /// Report findings but exit 0 instead of 1.
    #[arg(long)]
    pub soft_fail: bool,
    /// Run only these policies (comma-separated IDs).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub only: Vec<String>,
    /// Skip these policies (comma-separated IDs).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub skip: Vec<String>,
    /// Load more policies (YAML) from this directory; may be repeated.
    #[arg(long = "policies", value_name = "DIR")]
    pub policy_dirs: Vec<PathBuf>,
    /// Only findings not in this baseline file gate the run.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write the current findings as a baseline file.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Configuration file (default: .chkmate.yml found upward from the first PATH).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not record this run in the store.
    #[arg(long)]
    pub no_store: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CostArgs {
    #[command(subcommand)]
    pub command: Option<CostCommand>,
    #[command(flatten)]
    pub load: LoadArgs,
    /// Price every resource in this region (default: each resource's provider region).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// Usage quantities (chkmate-usage.yml; Infracost's infracost-usage.yml keys work too).
    #[arg(long, value_name = "FILE")]
    pub usage_file: Option<PathBuf>,
    /// Show the difference against another PATH, a plan JSON or an earlier `cost --format json` output.
    #[arg(long, value_name = "PATH|PLAN|JSON")]
    pub compare_to: Option<PathBuf>,
    /// Fail (exit 1) when the monthly total exceeds this many USD.
    #[arg(long, value_name = "USD")]
    pub budget: Option<f64>,
    /// With --compare-to: fail (exit 1) when the monthly total grows by more than
    /// this, in USD (`100`) or percent (`10%`).
    #[arg(long, value_name = "USD|PCT%")]
    pub max_increase: Option<String>,
    /// Output format.
    #[arg(long, short, value_name = "FORMAT", default_value = "table")]
    pub format: String,
    /// Also write the report to FILE, as FORMAT:FILE or FILE (in --format); may be repeated.
    #[arg(long, short, value_name = "[FORMAT:]FILE")]
    pub output: Vec<String>,
    /// Configuration file (default: .chkmate.yml found upward from the first PATH).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not record this estimate in the store.
    #[arg(long)]
    pub no_store: bool,
}

#[derive(Debug, Subcommand)]
pub enum CostCommand {
    /// Estimates recorded in the store, with the trend.
    History {
        /// Show estimates of this project only.
        #[arg(value_name = "PATH")]
        path: Option<PathBuf>,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long, short, value_enum, default_value_t = InspectFormat::Table)]
        format: InspectFormat,
    },
}

#[derive(Debug, Subcommand)]
pub enum PricingCommand {
    /// Which price snapshot estimates use (source, capture date, cache age).
    Status,
    /// Rebuild the price cache from the AWS public bulk price list.
    Update {
        /// Regions to fetch (default: every region in the region index).
        #[arg(long = "region", value_name = "REGION")]
        regions: Vec<String>,
        /// Base URL of the price list (default: AWS's public endpoint; tests point it
        /// at a local server).
        #[arg(long, value_name = "URL", env = "CHKMATE_PRICING_URL")]
        base_url: Option<String>,
        /// Refresh even when the cache is younger than 24 hours.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PoliciesCommand {
    /// One line per policy.
    List {
        /// Also load policies from this directory; may be repeated.
        #[arg(long = "policies", value_name = "DIR")]
        policy_dirs: Vec<PathBuf>,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = InspectFormat::Table)]
        format: InspectFormat,
    },
    /// Everything about one policy.
    Show {
        /// Policy ID, e.g. SEC002.
        id: String,
        #[arg(long = "policies", value_name = "DIR")]
        policy_dirs: Vec<PathBuf>,
    },
    /// Markdown documentation of every policy (from the same YAML).
    Docs {
        #[arg(long = "policies", value_name = "DIR")]
        policy_dirs: Vec<PathBuf>,
        /// Write to this file instead of stdout.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Show runs of this target only (default: all targets).
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
    /// How many runs.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, short, value_enum, default_value_t = InspectFormat::Table)]
    pub format: InspectFormat,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Directory to write .chkmate.yml into.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
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
