//! `chkmate cost`: load → usage file → estimate → compare → render → store →
//! budget gates; and `chkmate cost history`.
//!
//! The usage file is `--usage-file`, else `chkmate-usage.yml` (or Infracost's
//! `infracost-usage.yml`) next to the first root module. `--compare-to` takes
//! another PATH (estimated with the same usage and options), a plan JSON (its
//! prior state against its planned values), or an earlier `chkmate cost
//! --format json` output. Gates: `--budget` (else the `.chkmate.yml` budget of
//! the root) on the monthly total, and `--max-increase` (else `cost.max_increase`)
//! on the diff's increase; exceeding one exits 1 with a message naming the limit
//! and the amount.

use super::audit::config_for;
use super::load;
use crate::cli::{CostArgs, CostCommand, InspectFormat, LoadArgs};
use crate::config::MaxIncrease;
use crate::exit::ExitStatus;
use crate::pricing::diff::{self, CostDiff, CostSide};
use crate::pricing::{estimate, Estimate, EstimateOptions, PriceCatalog, ResourceStatus, Usage};
use crate::report::cost::{
    self as cost_report, signed_percent, signed_usd, usd, CostFormat, CostReport, Gate, GateKind,
};
use crate::report::{self, Output};
use crate::source::{display_path, SourceFile, SourceMap};
use crate::store;
use crate::terraform::plan_json::{self, PlanSide};
use crate::terraform::{Loaded, RootKind, Value};
use anyhow::{anyhow, bail, Context, Result};
use clap::ArgMatches;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Usage file names looked for next to the root module, in order of preference.
pub const USAGE_FILE_NAMES: [&str; 4] = [
    "chkmate-usage.yml",
    "chkmate-usage.yaml",
    "infracost-usage.yml",
    "infracost-usage.yaml",
];

/// Everything an estimate run produced, before rendering.
pub struct CostOutcome {
    pub loaded: Loaded,
    pub report: CostReport,
    /// The directory (or plan file) the estimate is recorded under.
    pub project: PathBuf,
    /// The budget in effect and where it came from.
    pub budget: Option<(f64, String)>,
    /// The increase limit in effect and where it came from.
    pub max_increase: Option<(MaxIncrease, String)>,
}

/// The price catalog estimates use.
// `chkmate pricing update` writes a fresher cache; until its loader is wired
// here, estimates use the embedded snapshot (and say so in every report).
/// The fresh `pricing update` cache when there is one, else the embedded snapshot.
fn catalog() -> Result<&'static PriceCatalog> {
    Ok(crate::pricing::update::active_catalog()?.0)
}

/// The first usage file present in `dir` (see [`USAGE_FILE_NAMES`]).
pub fn find_usage_file(dir: &Path) -> Option<PathBuf> {
    USAGE_FILE_NAMES
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file())
}

/// `--max-increase` as `.chkmate.yml` reads `cost.max_increase`: `100`, `$100`
/// or `10%`.
pub fn parse_max_increase(s: &str) -> Result<MaxIncrease> {
    serde_yaml::from_value::<MaxIncrease>(serde_yaml::Value::String(s.to_string()))
        .map_err(|e| anyhow!("--max-increase {s:?}: {e}"))
}

/// The directory of a root: the root module directory, or the directory of a plan file.
fn root_dir(loaded: &Loaded) -> PathBuf {
    match loaded.roots.first() {
        Some(r) if r.kind == RootKind::PlanJson => Path::new(&r.dir)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from(".")),
        Some(r) => PathBuf::from(&r.dir),
        None => PathBuf::from("."),
    }
}

/// A path as shown to users: relative to the working directory when below it.
fn shown_path(p: &Path) -> String {
    let rel = std::env::current_dir()
        .ok()
        .and_then(|cwd| p.strip_prefix(cwd).ok().map(Path::to_path_buf));
    match rel {
        Some(r) if !r.as_os_str().is_empty() => display_path(&r),
        _ => display_path(p),
    }
}

fn is_json_file(p: &Path) -> bool {
    p.is_file()
        && p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// What `--compare-to` names, read.
enum CompareTo {
    /// Another configuration: estimate it with the same options.
    Paths(PathBuf),
    /// A plan JSON: its prior state is the old side, its planned values the new.
    Plan { path: PathBuf, text: String },
    /// An earlier `chkmate cost --format json` output.
    CostJson(CostSide),
}

fn read_compare_to(path: &Path) -> Result<CompareTo> {
    if !path.exists() {
        bail!(
            "--compare-to {}: no such file or directory",
            display_path(path)
        );
    }
    if !is_json_file(path) {
        return Ok(CompareTo::Paths(path.to_path_buf()));
    }
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("--compare-to {}: cannot read", display_path(path)))?;
    let j: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| anyhow!("--compare-to {}: invalid JSON: {e}", display_path(path)))?;
    if plan_json::is_plan_json(&j) {
        return Ok(CompareTo::Plan {
            path: path.to_path_buf(),
            text,
        });
    }
    if CostSide::is_cost_json(&j) {
        let side = CostSide::from_json(display_path(path), &j)
            .map_err(|e| anyhow!("--compare-to {}: {e}", display_path(path)))?;
        return Ok(CompareTo::CostJson(side));
    }
    bail!(
        "--compare-to {}: neither a Terraform plan JSON (`terraform show -json PLANFILE`) nor a `chkmate cost --format json` output",
        display_path(path)
    )
}

/// Strings that must never appear in a report: values marked sensitive, and
/// literal values of attributes whose name says they hold a secret.
fn secrets_of(loaded: &Loaded) -> Vec<String> {
    fn strings(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => out.push(s.clone()),
            Value::List(items) => items.iter().for_each(|i| strings(i, out)),
            Value::Map(m) => m.values().for_each(|i| strings(i, out)),
            Value::Marked(inner, _) => strings(inner, out),
            _ => {}
        }
    }
    fn walk(v: &Value, key: &str, out: &mut Vec<String>) {
        let k = key.to_ascii_lowercase();
        let secret_name = k == "token"
            || [
                "password",
                "passwd",
                "secret",
                "secret_string",
                "auth_token",
                "access_token",
                "private_key",
                "api_key",
                "secret_key",
            ]
            .iter()
            .any(|n| k.ends_with(n));
        match v {
            Value::Marked(inner, marks) if marks.sensitive => strings(inner, out),
            Value::Marked(inner, _) => walk(inner, key, out),
            Value::String(s) if secret_name => out.push(s.clone()),
            Value::List(items) => items.iter().for_each(|i| walk(i, key, out)),
            Value::Map(m) => m.iter().for_each(|(k, i)| walk(i, k, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for r in &loaded.model.resources {
        walk(&r.body.to_value(), "", &mut out);
    }
    // Short strings ("true", "1") would mask ordinary text.
    out.retain(|s| s.chars().count() >= 6);
    // Longest first, so that a secret containing another is masked whole.
    out.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    out.dedup();
    out
}

fn redact(s: &mut String, secrets: &[String]) {
    for secret in secrets {
        if s.contains(secret.as_str()) {
            *s = s.replace(secret.as_str(), "(sensitive)");
        }
    }
}

/// Masks secrets in every text of an estimate that comes from the configuration.
fn redact_estimate(est: &mut Estimate, secrets: &[String]) {
    if secrets.is_empty() {
        return;
    }
    for r in &mut est.resources {
        redact(&mut r.address, secrets);
        for n in &mut r.notes {
            redact(n, secrets);
        }
        for c in &mut r.components {
            redact(&mut c.name, secrets);
            if let Some(n) = &mut c.note {
                redact(n, secrets);
            }
            if let crate::pricing::PriceStatus::NotFound { reason } = &mut c.price_status {
                redact(reason, secrets);
            }
        }
    }
    for w in &mut est.warnings {
        redact(w, secrets);
    }
}

/// The budget gate: the monthly total against `limit`.
pub fn budget_gate(est: &Estimate, limit: f64, source: &str) -> Gate {
    let t = &est.totals;
    let total = t.total_monthly;
    let left_out = t.not_found_count + t.depends_on_usage_count + t.unknown_quantity_count;
    let caveat = if left_out > 0 {
        format!(
            " ({} without a price, usage or quantity not included)",
            crate::report::audit::plural(left_out, "component", "components")
        )
    } else {
        String::new()
    };
    let exceeded = total > limit + 1e-9;
    let message = if exceeded {
        format!(
            "budget exceeded: the estimated monthly cost {} is over the budget of {} ({source}) by {}{caveat}",
            usd(total),
            usd(limit),
            usd(total - limit)
        )
    } else {
        let used = if limit > 0.0 {
            format!(", {:.0}% used", total / limit * 100.0)
        } else {
            String::new()
        };
        format!(
            "within budget: the estimated monthly cost {} is within the budget of {} ({source}{used}){caveat}",
            usd(total),
            usd(limit)
        )
    };
    Gate {
        kind: GateKind::Budget,
        limit: usd(limit),
        source: source.to_string(),
        actual_usd: total,
        exceeded,
        message,
    }
}

/// The increase gate: the diff's known monthly delta against `limit`.
pub fn increase_gate(d: &CostDiff, limit: MaxIncrease, source: &str) -> Gate {
    let t = &d.totals;
    let before = t.before_monthly;
    let delta = t.delta_monthly;
    let exceeded = !limit.allows(before, before + delta);
    let caveat = cost_report::diff_left_out(d)
        .map(|l| format!("; {l}"))
        .unwrap_or_default();
    let pct_of = t
        .delta_percent
        .map(|p| format!(" ({} of {})", signed_percent(p), usd(before)))
        .unwrap_or_else(|| format!(" (from {})", usd(before)));
    let message = if exceeded {
        let zero = if matches!(limit, MaxIncrease::Percent(_)) && before <= 0.0 {
            "; a percentage limit allows no increase from $0.00"
        } else {
            ""
        };
        format!(
            "cost increase limit exceeded: the monthly cost change {}{pct_of} is more than the allowed increase of {limit} ({source}){zero}{caveat}",
            signed_usd(delta),
        )
    } else {
        format!(
            "cost increase within the limit: the monthly cost change {}{pct_of} is within the allowed increase of {limit} ({source}){caveat}",
            signed_usd(delta)
        )
    };
    Gate {
        kind: GateKind::MaxIncrease,
        limit: limit.to_string(),
        source: source.to_string(),
        actual_usd: delta,
        exceeded,
        message,
    }
}

/// Runs an estimate (with the comparison and the gates) without rendering or storing it.
pub fn estimate_cost(
    args: &CostArgs,
    matches: Option<&ArgMatches>,
    out: &mut Output,
) -> Result<CostOutcome> {
    if let Some(b) = args.budget {
        if !b.is_finite() || b < 0.0 {
            bail!("--budget {b}: expected a non-negative amount in USD");
        }
    }
    let cli_increase = match &args.max_increase {
        Some(s) => Some(parse_max_increase(s)?),
        None => None,
    };
    if cli_increase.is_some() && args.compare_to.is_none() {
        bail!("--max-increase needs --compare-to (the increase is measured against it)");
    }
    let compare = match &args.compare_to {
        Some(p) => Some(read_compare_to(p)?),
        None => None,
    };
    // A plan JSON carries both sides: the estimate is of its planned values.
    let mut load_args: LoadArgs = args.load.clone();
    if let Some(CompareTo::Plan { path, .. }) = &compare {
        let others: Vec<&PathBuf> = load_args
            .paths
            .iter()
            .filter(|p| !same_file(p, path))
            .collect();
        if !others.is_empty() {
            bail!(
                "--compare-to {} compares the plan's prior state with its planned values; \
                 give no PATH (or the plan itself), or compare a PATH with another PATH or an earlier cost JSON",
                display_path(path)
            );
        }
        load_args.paths = vec![path.clone()];
    }
    let config = config_for(args.config.as_deref(), &load_args.paths)?;
    let loaded = load::load(&load_args, matches)?;
    if loaded.has_fatal_errors() {
        // An estimate of a configuration that did not parse would be made up.
        report::diagnostics::write_stderr(&loaded, out);
        let shown: Vec<String> = loaded.roots.iter().map(|r| r.path.clone()).collect();
        bail!(
            "{}: the configuration has errors (see above); no estimate was made",
            if shown.is_empty() {
                ".".to_string()
            } else {
                shown.join(", ")
            }
        );
    }
    let dir = root_dir(&loaded);

    let usage_path = match &args.usage_file {
        Some(p) => Some(p.clone()),
        None => find_usage_file(&dir),
    };
    let usage = match &usage_path {
        Some(p) => {
            // The error names the file (and line).
            let u = Usage::load(p)?;
            let how = if args.usage_file.is_some() {
                "--usage-file"
            } else {
                "found next to the configuration"
            };
            out.note(&format!("usage file: {} ({how})", display_path(p)));
            u
        }
        None => Usage::default(),
    };
    let catalog = catalog()?;
    if let Some(r) = &args.region {
        if !catalog.has_region(r) {
            out.note(&format!(
                "warning: the price snapshot has no prices for region {r:?}: its components are \"price not found\""
            ));
        }
    }
    let opts = EstimateOptions {
        region_override: args.region.clone(),
    };
    let secrets = secrets_of(&loaded);
    let mut est = estimate(&loaded.model, catalog, &usage, &opts);
    redact_estimate(&mut est, &secrets);

    let targets: Vec<String> = if loaded.roots.is_empty() {
        vec![".".to_string()]
    } else {
        loaded.roots.iter().map(|r| r.path.clone()).collect()
    };
    let locations = est
        .resources
        .iter()
        .map(|r| r.span.and_then(|s| loaded.sources.locate(s)))
        .collect();

    let diff = match compare {
        None => None,
        Some(CompareTo::CostJson(before)) => {
            let after = CostSide::from_estimate(targets.join(", "), &est);
            Some(diff::diff(&before, &after))
        }
        Some(CompareTo::Plan { path, text }) => {
            let mut sources = SourceMap::new();
            let id = sources.add(SourceFile::new(path.clone(), text.as_str()));
            let shown = display_path(&path);
            let prior = plan_json::load_plan_side(&text, id, &shown, PlanSide::Prior)
                .map_err(|e| anyhow!("--compare-to {shown}: {e}"))?;
            let mut prior_est = estimate(&prior, catalog, &usage, &opts);
            redact_estimate(&mut prior_est, &secrets);
            let before = CostSide::from_estimate(format!("{shown} (prior state)"), &prior_est);
            let after = CostSide::from_estimate(format!("{shown} (planned values)"), &est);
            Some(diff::diff(&before, &after))
        }
        Some(CompareTo::Paths(p)) => {
            let mut other_args = args.load.clone();
            other_args.paths = vec![p.clone()];
            let other = load::load(&other_args, matches)
                .with_context(|| format!("--compare-to {}", display_path(&p)))?;
            if other.has_fatal_errors() {
                report::diagnostics::write_stderr(&other, out);
                bail!(
                    "--compare-to {}: the configuration has errors (see above)",
                    display_path(&p)
                );
            }
            let mut other_secrets = secrets.clone();
            other_secrets.extend(secrets_of(&other));
            let mut other_est = estimate(&other.model, catalog, &usage, &opts);
            redact_estimate(&mut other_est, &other_secrets);
            let before = CostSide::from_estimate(display_path(&p), &other_est);
            let after = CostSide::from_estimate(targets.join(", "), &est);
            Some(diff::diff(&before, &after))
        }
    };

    let budget = match args.budget {
        Some(b) => Some((b, "--budget".to_string())),
        None => config.budget_for(&dir).map(|b| {
            let file = config
                .source
                .as_deref()
                .map(shown_path)
                .unwrap_or_else(|| ".chkmate.yml".into());
            (b, format!("budgets in {file}"))
        }),
    };
    let max_increase = match cli_increase {
        Some(m) => Some((m, "--max-increase".to_string())),
        None => config.cost.max_increase.map(|m| {
            let file = config
                .source
                .as_deref()
                .map(shown_path)
                .unwrap_or_else(|| ".chkmate.yml".into());
            (m, format!("cost.max_increase in {file}"))
        }),
    };
    let mut gates = Vec::new();
    if let Some((limit, source)) = &budget {
        gates.push(budget_gate(&est, *limit, source));
    }
    if let (Some((limit, source)), Some(d)) = (&max_increase, &diff) {
        gates.push(increase_gate(d, *limit, source));
    } else if max_increase.is_some() && out.verbose {
        out.note("cost.max_increase is not checked: there is no --compare-to");
    }

    let mut report = CostReport::new(targets, est);
    report.locations = locations;
    report.usage_file = usage_path.as_deref().map(display_path);
    report.region_override = args.region.clone();
    report.diff = diff;
    report.gates = gates;
    Ok(CostOutcome {
        loaded,
        report,
        project: if loaded_is_plan_only(&load_args) {
            load_args.paths.first().cloned().unwrap_or(dir)
        } else {
            dir
        },
        budget,
        max_increase,
    })
}

fn loaded_is_plan_only(args: &LoadArgs) -> bool {
    args.paths.len() == 1 && args.paths.first().is_some_and(|p| is_json_file(p))
}

/// `--output` values: `FORMAT:FILE` or `FILE` (in `default`).
fn parse_outputs(values: &[String], default: CostFormat) -> Vec<(CostFormat, PathBuf)> {
    values
        .iter()
        .map(|v| match v.split_once(':') {
            Some((f, path)) if !path.is_empty() => match f.parse::<CostFormat>() {
                Ok(fmt) => (fmt, PathBuf::from(path)),
                Err(_) => (default, PathBuf::from(v)),
            },
            _ => (default, PathBuf::from(v)),
        })
        .collect()
}

pub fn run(args: &CostArgs, matches: Option<&ArgMatches>, out: &mut Output) -> Result<ExitStatus> {
    if let Some(CostCommand::History {
        path,
        limit,
        format,
    }) = &args.command
    {
        return history(path.as_deref(), *limit, *format, out);
    }
    let started = SystemTime::now();
    let format: CostFormat = args.format.parse().map_err(|e: String| anyhow!(e))?;
    let outputs = parse_outputs(&args.output, format);
    let outcome = estimate_cost(args, matches, out)?;
    let CostOutcome {
        loaded,
        report: rep,
        project,
        budget,
        max_increase,
    } = outcome;
    let color = out.color;
    report::ignore_broken_pipe(cost_report::render(&rep, format, out.out(), color))?;
    for (fmt, path) in &outputs {
        let mut f = std::fs::File::create(path)
            .with_context(|| format!("cannot write {}", display_path(path)))?;
        cost_report::render(&rep, *fmt, &mut f, false)
            .with_context(|| format!("cannot write {}", display_path(path)))?;
        out.note(&format!(
            "wrote {} cost report to {}",
            fmt.as_str(),
            display_path(path)
        ));
    }
    report::diagnostics::write_stderr(&loaded, out);
    if format != CostFormat::Table {
        for w in &rep.estimate.warnings {
            out.note(&format!("warning: {w}"));
        }
    }
    if !args.no_store {
        if let Err(e) = record(&rep, &project, started, budget, max_increase) {
            out.note(&format!(
                "warning: this estimate was not recorded in the store: {e:#}"
            ));
        }
    }
    let mut failed = false;
    for g in &rep.gates {
        if g.exceeded {
            failed = true;
            let _ = writeln!(out.err(), "error: {}", g.message);
        }
    }
    Ok(if failed {
        ExitStatus::Failed
    } else {
        ExitStatus::Ok
    })
}

fn record(
    rep: &CostReport,
    project: &Path,
    started: SystemTime,
    budget: Option<(f64, String)>,
    max_increase: Option<(MaxIncrease, String)>,
) -> Result<()> {
    let st = store::Store::open_default()?;
    let key = store::target_key(project);
    let est = &rep.estimate;
    let t = &est.totals;
    let estimate = store::NewCostEstimate {
        project: key.clone(),
        started_at: started,
        git: store::git_info(project),
        baseline_monthly_usd: t.baseline_monthly,
        usage_monthly_usd: rep.usage_file.as_ref().map(|_| t.usage_monthly),
        not_found_count: u32::try_from(t.not_found_count).unwrap_or(u32::MAX),
        snapshot_id: est.snapshot.id.clone(),
        tool_version: rep.tool_version.clone(),
    };
    let resources: Vec<store::NewCostResource> = est
        .resources
        .iter()
        .map(|r| store::NewCostResource {
            address: r.address.clone(),
            resource_type: r.rtype.clone(),
            monthly_usd: match r.status {
                ResourceStatus::Free => Some(0.0),
                ResourceStatus::Priced
                    if !r.components.iter().any(|c| {
                        matches!(c.price_status, crate::pricing::PriceStatus::NotFound { .. })
                    }) =>
                {
                    Some(r.monthly_cost())
                }
                _ => None,
            },
        })
        .collect();
    st.record_cost_estimate(&estimate, &resources)?;
    if budget.is_some() || max_increase.is_some() {
        let (max_usd, max_pct) = match max_increase.map(|(m, _)| m) {
            Some(MaxIncrease::Usd(v)) => (Some(v), None),
            Some(MaxIncrease::Percent(p)) => (None, Some(p)),
            None => (None, None),
        };
        st.set_budget(&store::Budget {
            project: key,
            monthly_usd: budget.map(|(b, _)| b),
            max_increase_usd: max_usd,
            max_increase_pct: max_pct,
        })?;
    }
    Ok(())
}

/// `chkmate cost history [PATH]`.
fn history(
    path: Option<&Path>,
    limit: usize,
    format: InspectFormat,
    out: &mut Output,
) -> Result<ExitStatus> {
    let st = store::Store::open_default()?;
    // A .tf file stands for its directory, as `chkmate cost FILE.tf` records it.
    let project = path.map(|p| {
        let name = p.to_string_lossy();
        let is_tf = p.is_file() && (name.ends_with(".tf") || name.ends_with(".tf.json"));
        if is_tf {
            match p.parent() {
                Some(d) if !d.as_os_str().is_empty() => store::target_key(d),
                _ => store::target_key(Path::new(".")),
            }
        } else {
            store::target_key(p)
        }
    });
    let rows = st.cost_history(project.as_deref(), limit)?;
    let single = match &project {
        Some(p) => Some(p.clone()),
        None => {
            let first = rows.first().map(|r| r.project.clone());
            first.filter(|f| rows.iter().all(|r| r.project == *f))
        }
    };
    let budget = match &single {
        Some(p) => st.get_budget(p)?,
        None => None,
    };
    let w = out.out();
    let r = match format {
        InspectFormat::Table => report::cost_history::table(&rows, budget.as_ref(), w),
        InspectFormat::Json => report::cost_history::json(&rows, budget.as_ref(), w),
    };
    report::ignore_broken_pipe(r)?;
    Ok(ExitStatus::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_increase_accepts_usd_and_percent() {
        assert_eq!(parse_max_increase("100").unwrap(), MaxIncrease::Usd(100.0));
        assert_eq!(parse_max_increase("$25.5").unwrap(), MaxIncrease::Usd(25.5));
        assert_eq!(
            parse_max_increase("10%").unwrap(),
            MaxIncrease::Percent(10.0)
        );
        assert!(parse_max_increase("lots").is_err());
        assert!(parse_max_increase("-5").is_err());
    }

    #[test]
    fn outputs_split_format_and_file() {
        let o = parse_outputs(
            &["html:report.html".into(), "plain.txt".into()],
            CostFormat::Json,
        );
        assert_eq!(o[0], (CostFormat::Html, PathBuf::from("report.html")));
        assert_eq!(o[1], (CostFormat::Json, PathBuf::from("plain.txt")));
    }

    #[test]
    fn secrets_are_collected_and_masked() {
        let loaded = crate::terraform::evaluate_source(
            "main.tf",
            r#"
variable "token" {
  type      = string
  sensitive = true
  default   = "tok-abcdef-123456"
}
resource "aws_db_instance" "db" {
  engine         = "mysql"
  instance_class = "db.t3.micro"
  password       = "hunter2-literal"
  tags = { t = var.token }
}
"#,
        );
        let s = secrets_of(&loaded);
        assert!(s.contains(&"hunter2-literal".to_string()), "{s:?}");
        assert!(s.contains(&"tok-abcdef-123456".to_string()), "{s:?}");
        let mut text = "x hunter2-literal y".to_string();
        redact(&mut text, &s);
        assert_eq!(text, "x (sensitive) y");
    }
}
