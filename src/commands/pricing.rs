//! `chkmate pricing status | update`: the price cache from the AWS bulk price
//! list, and which snapshot estimates use.
//!
//! Exit codes: 0 when the cache was written or is already fresh (offer files
//! that failed are listed), 2 when nothing could be fetched (network error, the
//! offer index unreadable, every offer file failed) or the cache cannot be
//! written.

use crate::cli::PricingCommand;
use crate::exit::ExitStatus;
use crate::pricing::update::{
    self, human_duration, PricingStatus, SnapshotSummary, UpdateOptions, UpdateOutcome,
    UpdateReport,
};
use crate::report::{self, Output};
use crate::source::display_path;
use anyhow::{anyhow, Context, Result};
use std::io::Write;
use std::time::{Duration, SystemTime};

pub fn run(cmd: &PricingCommand, out: &mut Output) -> Result<ExitStatus> {
    match cmd {
        PricingCommand::Status => {
            let dir = update::default_cache_dir();
            let st = update::status(dir.as_deref(), SystemTime::now())?;
            report::ignore_broken_pipe(write_status(&st, out))?;
            Ok(ExitStatus::Ok)
        }
        PricingCommand::Update {
            regions,
            base_url,
            force,
        } => {
            let cache_dir = update::default_cache_dir().ok_or_else(|| {
                anyhow!(
                    "no cache directory: set {} to a directory for the price cache",
                    update::CACHE_DIR_ENV
                )
            })?;
            let opts = UpdateOptions {
                base_url: base_url
                    .clone()
                    .unwrap_or_else(|| update::DEFAULT_BASE_URL.to_string()),
                regions: regions.clone(),
                force: *force,
                cache_dir,
                now: SystemTime::now(),
            };
            let outcome = {
                // Progress on stderr (unless --quiet): the EC2 files take a while.
                let mut progress = |line: &str| out.note(line);
                update::update(&opts, &mut progress).context("pricing update")?
            };
            report::ignore_broken_pipe(write_update(&outcome, out))?;
            Ok(match outcome {
                UpdateOutcome::NothingFetched { .. } => ExitStatus::Error,
                _ => ExitStatus::Ok,
            })
        }
    }
}

fn write_update(outcome: &UpdateOutcome, out: &mut Output) -> std::io::Result<()> {
    match outcome {
        UpdateOutcome::Fresh {
            path,
            fetched_at,
            age_secs,
        } => {
            let age = Duration::from_secs(*age_secs);
            let left = update::CACHE_TTL.saturating_sub(age);
            writeln!(
                out.out(),
                "The price cache is fresh: fetched {fetched_at} ({} ago, fresh for {} more).\n\
                 Nothing fetched; use --force to refresh it now.\n  cache: {}",
                human_duration(age),
                human_duration(left),
                display_path(path)
            )
        }
        UpdateOutcome::Updated(r) => write_report(r, out),
        UpdateOutcome::NothingFetched { failures, warnings } => {
            let w = out.err();
            writeln!(
                w,
                "error: no offer file of the AWS price list could be read; the price cache was not changed"
            )?;
            for f in failures {
                writeln!(
                    w,
                    "  failed: {} {}: {} ({})",
                    f.service, f.region, f.error, f.url
                )?;
            }
            for warning in warnings {
                writeln!(w, "  warning: {warning}")?;
            }
            Ok(())
        }
    }
}

fn write_report(r: &UpdateReport, out: &mut Output) -> std::io::Result<()> {
    let quiet = out.quiet;
    let w = out.out();
    writeln!(w, "Price cache written: {}", display_path(&r.path))?;
    writeln!(w, "  snapshot   {}", r.snapshot)?;
    writeln!(w, "  fetched    {}", r.fetched_at)?;
    writeln!(
        w,
        "  offers     {} offer file{} read ({} products, {} kept)",
        r.offers.len(),
        if r.offers.len() == 1 { "" } else { "s" },
        r.products_seen,
        r.products_kept
    )?;
    for o in &r.offers {
        writeln!(
            w,
            "             {} {} version {} published {}",
            o.service, o.region, o.version, o.publication_date
        )?;
    }
    writeln!(
        w,
        "  rows       {} from the price list, {} carried over from the embedded snapshot",
        r.rows_fetched, r.rows_embedded
    )?;
    if !r.failures.is_empty() {
        writeln!(
            w,
            "  failed     {} offer file{} (their prices stay as in the embedded snapshot):",
            r.failures.len(),
            if r.failures.len() == 1 { "" } else { "s" }
        )?;
        for f in &r.failures {
            writeln!(
                w,
                "             {} {}: {} ({})",
                f.service, f.region, f.error, f.url
            )?;
        }
    }
    if !quiet {
        let e = out.err();
        for warning in &r.warnings {
            writeln!(e, "warning: {warning}")?;
        }
    }
    Ok(())
}

fn write_summary(w: &mut dyn Write, s: &SnapshotSummary) -> std::io::Result<()> {
    writeln!(w, "  snapshot   {}", s.info.id)?;
    writeln!(w, "  built      {}", s.info.built)?;
    if !s.info.data.is_empty() {
        writeln!(w, "  data       {}", s.info.data)?;
    }
    writeln!(
        w,
        "  rows       {} EC2, {} RDS, {} other prices",
        s.ec2_rows, s.rds_rows, s.item_rows
    )
}

fn write_status(st: &PricingStatus, out: &mut Output) -> std::io::Result<()> {
    let w = out.out();
    writeln!(w, "Estimates use: the {}", st.active)?;
    writeln!(w)?;
    match &st.cache {
        None => writeln!(w, "Price cache: no cache directory is known")?,
        Some(c) => {
            writeln!(w, "Price cache: {}", display_path(&c.path))?;
            match &c.meta {
                None if c.problem.is_none() => {
                    writeln!(w, "  none yet; `chkmate pricing update` fetches one")?
                }
                None => {}
                Some(m) => {
                    writeln!(w, "  source     {} ({})", m.source, m.base_url)?;
                    let age = c
                        .age_secs
                        .map(|a| human_duration(Duration::from_secs(a)))
                        .unwrap_or_else(|| "unknown".into());
                    writeln!(
                        w,
                        "  fetched    {} ({age} ago; {})",
                        m.fetched_at,
                        if c.fresh {
                            "fresh"
                        } else {
                            "stale: older than 24 h"
                        }
                    )?;
                    writeln!(
                        w,
                        "  regions    {}",
                        if m.regions.is_empty() {
                            "all".to_string()
                        } else {
                            m.regions.join(", ")
                        }
                    )?;
                    for o in &m.offers {
                        writeln!(
                            w,
                            "  offer      {} {} version {} published {}",
                            o.service, o.region, o.version, o.publication_date
                        )?;
                    }
                    for f in &m.failed {
                        writeln!(w, "  failed     {} {}: {}", f.service, f.region, f.error)?;
                    }
                    writeln!(
                        w,
                        "  origin     {} rows from the price list, {} carried over from {}",
                        m.rows_fetched, m.rows_embedded, m.embedded_snapshot
                    )?;
                }
            }
            if let Some(s) = &c.summary {
                write_summary(w, s)?;
            }
            if let Some(p) = &c.problem {
                writeln!(w, "  problem    {p}")?;
            }
        }
    }
    writeln!(w)?;
    writeln!(w, "Embedded snapshot:")?;
    write_summary(w, &st.embedded)?;
    for s in &st.embedded.info.sources {
        writeln!(w, "  source     {} ({})", s.id, s.date)?;
    }
    Ok(())
}
