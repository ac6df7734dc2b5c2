//! The `markdown` cost format: a pull-request comment (GitHub-flavoured).
//!
//! A heading with the monthly total, the gates' verdicts, the diff (when
//! `--compare-to` was given) as a table of changed resources, then the full
//! breakdown in a collapsible block, the free and unsupported resources, and
//! the snapshot that priced it. Every text from the configuration is escaped
//! with [`super::markdown::escape`]; at most [`MAX_ROWS`] breakdown rows are
//! written so the comment stays under the size forges accept (the json and csv
//! formats have everything).

use super::audit::plural;
use super::cost::{
    before_after_text, component_delta_text, component_diff_name, diff_summary, monthly_text,
    quantity, resource_delta_text, resource_monthly_text, type_counts, unit_price_text, usd,
    CostReport,
};
use super::markdown::{code, escape};
use crate::pricing::diff::ComponentChange;
use crate::pricing::estimate::PriceStatus;
use crate::pricing::ResourceStatus;
use std::io::{self, Write};

/// At most this many rows in the breakdown table.
pub const MAX_ROWS: usize = 200;

pub fn render(report: &CostReport, w: &mut dyn Write) -> io::Result<()> {
    let t = &report.estimate.totals;
    writeln!(w, "## 💰 chkmate cost estimate")?;
    writeln!(w)?;
    if !report.targets.is_empty() {
        let targets: Vec<String> = report.targets.iter().map(|t| code(t)).collect();
        writeln!(w, "Project: {}", targets.join(", "))?;
        writeln!(w)?;
    }
    writeln!(w, "**{} per month**", usd(t.total_monthly))?;
    writeln!(w)?;
    writeln!(w, "| | Monthly |")?;
    writeln!(w, "|---|---:|")?;
    writeln!(w, "| Baseline | {} |", usd(t.baseline_monthly))?;
    let usage_label = match &report.usage_file {
        Some(u) => format!("Usage-based (from {})", code(u)),
        None => "Usage-based (no usage file)".to_string(),
    };
    let usage_value = if report.usage_file.is_some() {
        usd(t.usage_monthly)
    } else {
        "-".to_string()
    };
    writeln!(w, "| {usage_label} | {usage_value} |")?;
    writeln!(w, "| **Total** | **{}** |", usd(t.total_monthly))?;
    writeln!(w)?;
    writeln!(
        w,
        "Price not found: {}.",
        plural(t.not_found_count, "component", "components")
    )?;
    for c in report.caveats() {
        writeln!(w, "- {}", escape(&c))?;
    }
    writeln!(w)?;

    for g in &report.gates {
        let icon = if g.exceeded { "❌" } else { "✅" };
        writeln!(w, "{icon} {}", escape(&g.message))?;
        writeln!(w)?;
    }

    if let Some(d) = &report.diff {
        writeln!(w, "### Cost change: {}", escape(&diff_summary(d)))?;
        writeln!(w)?;
        writeln!(
            w,
            "Compared with {} (before) → {} (after).",
            code(&d.before.label),
            code(&d.after.label)
        )?;
        writeln!(w)?;
        let changed: Vec<_> = d.changed().collect();
        if changed.is_empty() {
            writeln!(w, "No resource changes cost.")?;
        } else {
            writeln!(w, "| | Resource | Before | After | Change |")?;
            writeln!(w, "|:-:|---|---:|---:|---:|")?;
            for r in changed.iter().take(MAX_ROWS) {
                let (b, a) = before_after_text(r);
                writeln!(
                    w,
                    "| {} | {} | {b} | {a} | {} |",
                    escape(&r.change.sign().to_string()),
                    code(&r.address),
                    escape(&resource_delta_text(r))
                )?;
                for c in &r.components {
                    if c.change == ComponentChange::Unchanged {
                        continue;
                    }
                    let mark = match c.change {
                        ComponentChange::Added => "\\+",
                        ComponentChange::Removed => "\\-",
                        ComponentChange::Changed => "~",
                        _ => "!",
                    };
                    writeln!(
                        w,
                        "| | {mark} {} | {} | {} | {} |",
                        escape(&component_diff_name(c)),
                        c.before_monthly.map(usd).unwrap_or_else(|| "-".into()),
                        c.after_monthly.map(usd).unwrap_or_else(|| "-".into()),
                        escape(&component_delta_text(c))
                    )?;
                }
            }
            if changed.len() > MAX_ROWS {
                writeln!(
                    w,
                    "\n… and {} more changed resources (see the json output).",
                    changed.len() - MAX_ROWS
                )?;
            }
        }
        let nf: Vec<_> = d.not_found().collect();
        if !nf.is_empty() {
            writeln!(w)?;
            writeln!(
                w,
                "⚠️ Price not found (not counted in the change, never shown as removed):"
            )?;
            for (r, c) in nf.iter().take(MAX_ROWS) {
                let reason = match &c.change {
                    ComponentChange::PriceNotFound { reason } => reason.as_str(),
                    _ => "",
                };
                writeln!(
                    w,
                    "- {} {}: {}",
                    code(&r.address),
                    escape(&c.name),
                    escape(reason)
                )?;
            }
        }
        writeln!(w)?;
    }

    let listed: Vec<_> = report.listed().collect();
    writeln!(
        w,
        "<details><summary>Cost breakdown ({})</summary>",
        plural(listed.len(), "priced resource", "priced resources")
    )?;
    writeln!(w)?;
    if listed.is_empty() {
        writeln!(w, "No priced resources.")?;
    } else {
        writeln!(
            w,
            "| Resource / component | Quantity | Unit | Unit price | Monthly |"
        )?;
        writeln!(w, "|---|---:|---|---:|---:|")?;
        let mut rows = 0usize;
        let mut cut = false;
        'outer: for (r, loc) in &listed {
            if rows >= MAX_ROWS {
                cut = true;
                break;
            }
            let at = loc
                .map(|l| format!(" <sub>{}</sub>", escape(&format!("{}:{}", l.file, l.line))))
                .unwrap_or_default();
            writeln!(
                w,
                "| **{}**{at} | | | | **{}** |",
                escape(&r.address),
                escape(&resource_monthly_text(r))
            )?;
            rows += 1;
            for c in &r.components {
                if rows >= MAX_ROWS {
                    cut = true;
                    break 'outer;
                }
                let (qty, unit) = match (&c.price_status, c.quantity) {
                    (PriceStatus::DependsOnUsage, _) => (String::new(), String::new()),
                    (_, Some(q)) => (quantity(q), c.unit.clone()),
                    (_, None) => ("unknown".into(), c.unit.clone()),
                };
                let price = match c.price_status {
                    PriceStatus::DependsOnUsage => String::new(),
                    _ => unit_price_text(c).unwrap_or_else(|| "-".into()),
                };
                let mut monthly = escape(&monthly_text(c));
                if let PriceStatus::NotFound { reason } = &c.price_status {
                    monthly = format!("⚠️ {monthly}<br><sub>{}</sub>", escape(reason));
                }
                writeln!(
                    w,
                    "| &nbsp;&nbsp;{} | {qty} | {} | {} | {monthly} |",
                    escape(&c.name),
                    escape(&unit),
                    escape(&price)
                )?;
                rows += 1;
            }
        }
        if cut {
            writeln!(w)?;
            writeln!(
                w,
                "Only the first {MAX_ROWS} rows are shown (see the json or csv output)."
            )?;
        }
    }
    writeln!(w)?;
    writeln!(w, "</details>")?;
    writeln!(w)?;
    let free = report.by_type(ResourceStatus::Free);
    if !free.is_empty() {
        let n: usize = free.iter().map(|(_, c)| c).sum();
        writeln!(
            w,
            "**{}:** {}",
            plural(n, "free resource", "free resources"),
            escape(&type_counts(&free))
        )?;
        writeln!(w)?;
    }
    let unsupported = report.by_type(ResourceStatus::Unsupported);
    if !unsupported.is_empty() {
        let n: usize = unsupported.iter().map(|(_, c)| c).sum();
        writeln!(
            w,
            "**{} (no pricing rules, cost unknown):** {}",
            plural(n, "unsupported resource", "unsupported resources"),
            escape(&type_counts(&unsupported))
        )?;
        writeln!(w)?;
    }
    for warn in &report.estimate.warnings {
        writeln!(w, "> ⚠️ {}", escape(warn))?;
        writeln!(w)?;
    }
    let sources = report.sources_line();
    writeln!(
        w,
        "<sub>Prices: snapshot {}{}. AWS on-demand, USD, 730 hours a month. Generated by chkmate {}.</sub>",
        escape(&report.snapshot_line()),
        if sources.is_empty() {
            String::new()
        } else {
            format!("; sources: {}", escape(&sources))
        },
        escape(&report.tool_version)
    )?;
    Ok(())
}
