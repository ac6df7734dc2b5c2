//! `chkmate cost history`: recorded estimates, the trend of the monthly total,
//! and the project's stored budget.
//!
//! The monthly total of a recorded estimate is its baseline plus the usage-based
//! cost that a usage file gave (none when no usage file was used). The trend is
//! only computed from recorded estimates, never extrapolated.

use super::cost::{signed_percent, signed_usd, usd};
use crate::store::{BudgetRow, CostEstimateRow};
use comfy_table::{presets, CellAlignment, ContentArrangement, Table};
use std::io::{self, Write};

/// The monthly total of a recorded estimate.
pub fn total_of(r: &CostEstimateRow) -> f64 {
    r.baseline_monthly_usd + r.usage_monthly_usd.unwrap_or(0.0)
}

/// Totals from oldest to newest (rows are newest first, of one project).
fn totals_oldest_first(rows: &[CostEstimateRow]) -> Vec<f64> {
    rows.iter().rev().map(total_of).collect()
}

/// Amounts as block characters, scaled between their minimum and maximum.
pub fn sparkline(values: &[f64]) -> String {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    super::history::bars(values, min, max)
}

/// The change from the oldest to the newest estimate shown of one project.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Trend {
    pub project: String,
    pub first_monthly_usd: f64,
    pub last_monthly_usd: f64,
    pub change_usd: f64,
    /// `None` when the first total is zero.
    pub change_percent: Option<f64>,
    pub estimates: usize,
    /// The totals, oldest first, as block characters.
    pub sparkline: String,
}

/// One trend per project, in the order the projects first appear (rows are
/// newest first). Estimates of different projects are never mixed in a trend.
pub fn trends(rows: &[CostEstimateRow]) -> Vec<Trend> {
    let mut projects: Vec<&str> = Vec::new();
    for r in rows {
        if !projects.contains(&r.project.as_str()) {
            projects.push(&r.project);
        }
    }
    projects
        .into_iter()
        .filter_map(|p| {
            let mine: Vec<CostEstimateRow> =
                rows.iter().filter(|r| r.project == p).cloned().collect();
            let totals = totals_oldest_first(&mine);
            let first = *totals.first()?;
            let last = *totals.last()?;
            let change = last - first;
            Some(Trend {
                project: p.to_string(),
                first_monthly_usd: first,
                last_monthly_usd: last,
                change_usd: change,
                change_percent: (first > 0.0).then(|| change / first * 100.0),
                estimates: totals.len(),
                sparkline: sparkline(&totals),
            })
        })
        .collect()
}

fn budget_text(b: &BudgetRow) -> String {
    let mut parts = Vec::new();
    if let Some(m) = b.budget.monthly_usd {
        parts.push(format!("{} a month", usd(m)));
    }
    if let Some(m) = b.budget.max_increase_usd {
        parts.push(format!("increase at most {}", usd(m)));
    }
    if let Some(p) = b.budget.max_increase_pct {
        parts.push(format!("increase at most {p}%"));
    }
    format!(
        "{} (set {})",
        parts.join(", "),
        b.updated_at.chars().take(10).collect::<String>()
    )
}

pub fn table(
    rows: &[CostEstimateRow],
    budget: Option<&BudgetRow>,
    w: &mut dyn Write,
) -> io::Result<()> {
    if rows.is_empty() {
        return writeln!(w, "No cost estimates recorded yet (run `chkmate cost`).");
    }
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(vec![
            "Id",
            "When (UTC)",
            "Project",
            "Commit",
            "Baseline",
            "Usage-based",
            "Total",
            "Not found",
            "Snapshot",
        ]);
    for r in rows {
        t.add_row(vec![
            r.id.to_string(),
            r.started_at
                .chars()
                .take(19)
                .collect::<String>()
                .replace('T', " "),
            r.project.clone(),
            r.git_commit
                .as_deref()
                .map(|c| c.chars().take(8).collect())
                .unwrap_or_else(|| "-".into()),
            usd(r.baseline_monthly_usd),
            r.usage_monthly_usd
                .map(usd)
                .unwrap_or_else(|| "no usage file".into()),
            usd(total_of(r)),
            r.not_found_count.to_string(),
            r.snapshot_id.clone(),
        ]);
    }
    for col in [4usize, 5, 6, 7] {
        if let Some(c) = t.column_mut(col) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    writeln!(w, "{t}")?;
    let all = trends(rows);
    let many = all.len() > 1;
    for tr in &all {
        let pct = tr
            .change_percent
            .map(|p| format!(", {}", signed_percent(p)))
            .unwrap_or_default();
        let whose = if many {
            format!(" of {}", tr.project)
        } else {
            String::new()
        };
        writeln!(
            w,
            "monthly total trend{whose} (oldest → newest): {}  {} → {} ({}{pct}) over {} estimate{}",
            tr.sparkline,
            usd(tr.first_monthly_usd),
            usd(tr.last_monthly_usd),
            signed_usd(tr.change_usd),
            tr.estimates,
            if tr.estimates == 1 { "" } else { "s" }
        )?;
    }
    if let Some(b) = budget {
        writeln!(w, "budget: {}", budget_text(b))?;
        if let (Some(limit), Some(latest)) = (b.budget.monthly_usd, rows.first()) {
            let total = total_of(latest);
            let verdict = if total > limit {
                format!("over the budget by {}", usd(total - limit))
            } else {
                format!("{} below the budget", usd(limit - total))
            };
            writeln!(w, "latest estimate {}: {verdict}", usd(total))?;
        }
    }
    Ok(())
}

pub fn json(
    rows: &[CostEstimateRow],
    budget: Option<&BudgetRow>,
    w: &mut dyn Write,
) -> io::Result<()> {
    let items: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id, "project": r.project, "started_at": r.started_at,
                "git_commit": r.git_commit, "git_branch": r.git_branch,
                "baseline_monthly_usd": r.baseline_monthly_usd,
                "usage_monthly_usd": r.usage_monthly_usd,
                "total_monthly_usd": total_of(r),
                "not_found_count": r.not_found_count,
                "snapshot_id": r.snapshot_id, "tool_version": r.tool_version,
                "resource_count": r.resource_count,
            })
        })
        .collect();
    let budget = budget.map(|b| {
        serde_json::json!({
            "project": b.budget.project,
            "monthly_usd": b.budget.monthly_usd,
            "max_increase_usd": b.budget.max_increase_usd,
            "max_increase_pct": b.budget.max_increase_pct,
            "updated_at": b.updated_at,
        })
    });
    serde_json::to_writer_pretty(
        &mut *w,
        &serde_json::json!({ "estimates": items, "trends": trends(rows), "budget": budget }),
    )?;
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, baseline: f64, usage: Option<f64>) -> CostEstimateRow {
        CostEstimateRow {
            id,
            project: "/p".into(),
            started_at: format!("2026-01-0{id}T00:00:00.000Z"),
            git_commit: None,
            git_branch: None,
            baseline_monthly_usd: baseline,
            usage_monthly_usd: usage,
            not_found_count: 0,
            snapshot_id: "s".into(),
            tool_version: "0".into(),
            resource_count: 1,
        }
    }

    #[test]
    fn trend_reads_oldest_to_newest() {
        // Newest first, as the store returns them.
        let rows = vec![
            row(3, 150.0, Some(10.0)),
            row(2, 120.0, None),
            row(1, 100.0, None),
        ];
        let t = trends(&rows);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].first_monthly_usd, 100.0);
        assert_eq!(t[0].last_monthly_usd, 160.0);
        assert_eq!(t[0].change_percent, Some(60.0));
        assert_eq!(t[0].sparkline, "▁▃█");
        assert_eq!(sparkline(&[5.0, 5.0]), "▄▄");
        assert!(trends(&[]).is_empty());
    }

    #[test]
    fn projects_are_not_mixed() {
        let mut other = row(2, 500.0, None);
        other.project = "/q".into();
        let rows = vec![row(3, 150.0, None), other, row(1, 100.0, None)];
        let t = trends(&rows);
        assert_eq!(t.len(), 2);
        assert_eq!((t[0].project.as_str(), t[0].change_usd), ("/p", 50.0));
        assert_eq!((t[1].project.as_str(), t[1].estimates), ("/q", 1));
    }
}
