//! `chkmate audit`: load → policies → suppressions, config, baseline → reports →
//! store → exit status.

use super::load;
use crate::cli::AuditArgs;
use crate::config::Config;
use crate::exit::ExitStatus;
use crate::finding::{Finding, Severity};
use crate::policy::{self, AuditOptions, Policy};
use crate::report::audit::{
    self as audit_report, AuditFormat, AuditReport, PolicyMeta, ReportError,
};
use crate::report::Output;
use crate::source::display_path;
use crate::store;
use crate::terraform::model::DiagSeverity;
use crate::terraform::Loaded;
use anyhow::{bail, Context, Result};
use clap::ArgMatches;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Everything an audit produced, before rendering.
pub struct AuditOutcome {
    pub loaded: Loaded,
    pub report: AuditReport,
}

/// Finds the configuration: `--config`, else `.chkmate.yml` upward from the first PATH.
pub fn config_for(explicit: Option<&Path>, paths: &[PathBuf]) -> Result<Config> {
    if let Some(p) = explicit {
        return Ok(Config::load(p)?);
    }
    let first = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let start = if first.is_file() {
        first.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        first
    };
    let start = if start.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        start
    };
    Ok(Config::discover(&start)?
        .map(|(_, c)| c)
        .unwrap_or_default())
}

/// The policies a run uses: embedded + config directories + `--policies`,
/// filtered by `--only` / `--skip` and the config.
pub fn select_policies(args: &AuditArgs, config: &Config) -> Result<Vec<Policy>> {
    let mut dirs = config.policy_dirs();
    dirs.extend(args.policy_dirs.iter().cloned());
    let all = policy::all_policies(&dirs)?;
    let known: HashSet<&str> = all.iter().map(|p| p.id.as_str()).collect();
    let only: Vec<String> = args
        .only
        .iter()
        .map(|s| s.trim().to_ascii_uppercase())
        .collect();
    let skip: Vec<String> = args
        .skip
        .iter()
        .map(|s| s.trim().to_ascii_uppercase())
        .collect();
    for id in only.iter().chain(&skip) {
        if !id.is_empty() && !known.contains(id.as_str()) {
            bail!("unknown policy ID {id} in --only/--skip (see `chkmate policies list`)");
        }
    }
    Ok(all
        .into_iter()
        .filter(|p| only.is_empty() || only.contains(&p.id))
        .filter(|p| !skip.contains(&p.id))
        .filter(|p| config.policy_enabled(&p.id))
        .collect())
}

/// Runs an audit without rendering or storing it.
pub fn audit(
    args: &AuditArgs,
    matches: Option<&ArgMatches>,
    out: &mut Output,
) -> Result<AuditOutcome> {
    let timings = std::env::var_os("CHKMATE_TIMINGS").is_some();
    let mut clock = std::time::Instant::now();
    let mut lap = |what: &str| {
        if timings {
            eprintln!(
                "timings: {what} {:.1} ms",
                clock.elapsed().as_secs_f64() * 1000.0
            );
        }
        clock = std::time::Instant::now();
    };
    let config = config_for(args.config.as_deref(), &args.load.paths)?;
    let loaded = load::load(&args.load, matches)?;
    lap("load");
    let policies = select_policies(args, &config)?;
    lap("policies");
    let result = policy::audit(
        &loaded.model,
        &policies,
        &AuditOptions {
            sources: Some(&loaded.sources),
            required_tags: config.required_tags.as_deref(),
        },
    );
    lap("engine");
    let mut findings = result.findings;
    // Cost findings state their monthly saving, priced by the same catalog as
    // `chkmate cost`.
    match crate::pricing::update::active_catalog() {
        Ok((catalog, _)) => crate::pricing::savings::fill_savings(
            &mut findings,
            &loaded.model,
            catalog,
            &crate::pricing::Usage::default(),
        ),
        Err(e) => out.note(&format!(
            "warning: savings not computed: price catalog unavailable: {e:#}"
        )),
    }
    lap("savings");
    config.apply_to_findings(&mut findings, &loaded.sources)?;
    let warnings = crate::suppress::apply_inline(
        &mut findings,
        &loaded.model.resources,
        &loaded.sources,
        crate::suppress::Date::today(),
    );
    for w in warnings {
        out.note(&w.render(&loaded.sources));
    }
    let mut unknown = result.unknown;
    restrict_to_focus_files(&mut findings, &mut unknown, &loaded);
    lap("suppressions");
    if let Some(b) = &args.baseline {
        crate::baseline::apply_baseline(b, &mut findings)
            .with_context(|| format!("baseline {}", display_path(b)))?;
    }
    if let Some(b) = &args.write_baseline {
        crate::baseline::write_baseline(b, &findings)
            .with_context(|| format!("writing baseline {}", display_path(b)))?;
        out.note(&format!("wrote baseline {}", display_path(b)));
    }
    let errors: Vec<ReportError> = loaded
        .model
        .diagnostics
        .iter()
        .filter(|d| d.severity == DiagSeverity::Error)
        .map(|d| ReportError::from_diagnostic(d, &loaded.sources))
        .collect();
    let metas: Vec<PolicyMeta> = policies.iter().map(PolicyMeta::from).collect();
    let targets = loaded.roots.iter().map(|r| r.path.clone()).collect();
    let fail_on = args.fail_on.or(config.fail_on).unwrap_or(Severity::Low);
    let report = AuditReport::new(targets, findings, unknown, errors, metas, &loaded.sources)
        .with_fail_on(fail_on);
    Ok(AuditOutcome { loaded, report })
}

/// When PATHs were single files (pre-commit), only their findings (and undecided
/// checks) count.
fn restrict_to_focus_files(
    findings: &mut Vec<Finding>,
    unknown: &mut Vec<crate::finding::UnknownEval>,
    loaded: &Loaded,
) {
    let focus: HashSet<String> = loaded
        .roots
        .iter()
        .flat_map(|r| r.focus_files.iter().cloned())
        .collect();
    if focus.is_empty() {
        return;
    }
    let focused_roots: Vec<&str> = loaded
        .roots
        .iter()
        .filter(|r| !r.focus_files.is_empty())
        .map(|r| r.dir.as_str())
        .collect();
    let mut by_address: HashMap<&str, Vec<&crate::terraform::Resource>> = HashMap::new();
    for r in &loaded.model.resources {
        by_address.entry(r.address.as_str()).or_default().push(r);
    }
    // Keeps an item when its file is a focus file, or when it lies outside every
    // root that was given as files (roots given as directories are unaffected).
    let keep = |span: Option<crate::source::Span>, address: &str| -> bool {
        let spans: Vec<crate::source::Span> = match span {
            Some(s) => vec![s],
            None => by_address
                .get(address)
                .map(|rs| rs.iter().filter_map(|r| r.span).collect())
                .unwrap_or_default(),
        };
        if spans.is_empty() {
            return true;
        }
        spans.iter().any(|s| {
            let Some(path) = loaded.sources.path(s.file) else {
                return true;
            };
            let file = display_path(path);
            let in_focused_root = focused_roots
                .iter()
                .any(|d| *d == "." || file.starts_with(&format!("{d}/")));
            !in_focused_root || focus.contains(&file)
        })
    };
    findings.retain(|f| keep(f.span, &f.resource_address));
    unknown.retain(|u| keep(None, &u.resource_address));
}

/// `--output` values: `FORMAT:FILE` or `FILE`.
fn parse_outputs(values: &[String], default: AuditFormat) -> Result<Vec<(AuditFormat, PathBuf)>> {
    let mut out = Vec::new();
    for v in values {
        match v.split_once(':') {
            Some((f, path))
                if !f.is_empty() && f.parse::<AuditFormat>().is_ok() && !path.is_empty() =>
            {
                out.push((
                    f.parse::<AuditFormat>().map_err(anyhow::Error::msg)?,
                    PathBuf::from(path),
                ));
            }
            _ => out.push((default, PathBuf::from(v))),
        }
    }
    Ok(out)
}

pub fn run(args: &AuditArgs, matches: Option<&ArgMatches>, out: &mut Output) -> Result<ExitStatus> {
    let started = Instant::now();
    let outputs = parse_outputs(&args.output, args.format)?;
    let AuditOutcome { loaded, report } = audit(args, matches, out)?;
    let color = out.color;
    crate::report::ignore_broken_pipe(audit_report::render(
        &report,
        args.format,
        out.out(),
        color,
    ))?;
    for (fmt, path) in &outputs {
        let mut f = std::fs::File::create(path)
            .with_context(|| format!("cannot write {}", display_path(path)))?;
        audit_report::render(&report, *fmt, &mut f, false)?;
        out.note(&format!(
            "wrote {} report to {}",
            fmt.as_str(),
            display_path(path)
        ));
    }
    crate::report::diagnostics::write_stderr(&loaded, out);
    if !args.no_store {
        if let Err(e) = record(&report, &loaded, started) {
            out.note(&format!(
                "warning: this run was not recorded in the store: {e:#}"
            ));
        }
    }
    if loaded.has_fatal_errors() {
        return Ok(ExitStatus::Error);
    }
    Ok(if report.gate_failed() && !args.soft_fail {
        ExitStatus::Failed
    } else {
        ExitStatus::Ok
    })
}

fn record(report: &AuditReport, loaded: &Loaded, started: Instant) -> Result<()> {
    let st = store::Store::open_default()?;
    // The project is the first root directory (pre-commit passes files).
    let first = loaded
        .roots
        .first()
        .map(|r| PathBuf::from(&r.dir))
        .unwrap_or_else(|| PathBuf::from("."));
    let mut run = store::NewAuditRun::new(
        store::target_key(&first),
        loaded
            .roots
            .iter()
            .map(|r| r.dir.clone())
            .collect::<Vec<_>>()
            .join(", "),
        report.score,
        env!("CARGO_PKG_VERSION").to_string(),
    );
    run.git = store::git_info(&first);
    run.duration_ms = started.elapsed().as_millis() as u64;
    run.unknown_count = report.unknown.len() as u32;
    let findings: Vec<store::NewFinding> = report
        .entries()
        .map(|(f, loc)| {
            store::NewFinding::from_finding(f, loc.map(|l| l.file.clone()), loc.map(|l| l.line))
        })
        .collect();
    st.record_audit_run(&run, &findings)?;
    Ok(())
}
