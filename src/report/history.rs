//! `history`: recorded audit runs and the score trend.

use crate::store::AuditRunRow;
use comfy_table::{presets, ContentArrangement, Table};
use std::io::{self, Write};

pub fn table(runs: &[AuditRunRow], w: &mut dyn Write) -> io::Result<()> {
    if runs.is_empty() {
        return writeln!(w, "No audit runs recorded yet (run `chkmate audit`).");
    }
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(vec![
            "Run",
            "When (UTC)",
            "Target",
            "Commit",
            "Score",
            "Crit",
            "High",
            "Med",
            "Low",
            "Suppr.",
        ]);
    for r in runs {
        t.add_row(vec![
            r.id.to_string(),
            r.started_at
                .chars()
                .take(19)
                .collect::<String>()
                .replace('T', " "),
            r.target.clone(),
            r.git_commit
                .as_deref()
                .map(|c| c.chars().take(8).collect())
                .unwrap_or_else(|| "-".into()),
            r.score.to_string(),
            r.counts.critical.to_string(),
            r.counts.high.to_string(),
            r.counts.medium.to_string(),
            r.counts.low.to_string(),
            r.suppressed_count.to_string(),
        ]);
    }
    writeln!(w, "{t}")?;
    // Runs are newest first; the trend reads oldest → newest.
    let scores: Vec<u8> = runs.iter().rev().map(|r| r.score).collect();
    writeln!(w, "score trend (oldest → newest): {}", sparkline(&scores))?;
    if let (Some(first), Some(last)) = (scores.first(), scores.last()) {
        let delta = *last as i32 - *first as i32;
        writeln!(
            w,
            "{} → {} ({}{delta}) over {} run{}",
            first,
            last,
            if delta >= 0 { "+" } else { "" },
            scores.len(),
            if scores.len() == 1 { "" } else { "s" }
        )?;
    }
    Ok(())
}

/// Scores 0–100 as block characters (0 is the lowest bar, 100 the highest).
pub fn sparkline(values: &[u8]) -> String {
    let scaled: Vec<f64> = values.iter().map(|v| f64::from(*v.min(&100))).collect();
    bars(&scaled, 0.0, 100.0)
}

/// Values as block characters between `lo` and `hi` (a flat line when they are
/// equal). Shared by the audit score and cost trends.
pub fn bars(values: &[f64], lo: f64, hi: f64) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    values
        .iter()
        .map(|v| {
            if hi > lo {
                let i = ((v - lo) / (hi - lo) * 7.0).round().max(0.0) as usize;
                BARS[i.min(7)]
            } else {
                BARS[3]
            }
        })
        .collect()
}

pub fn json(runs: &[AuditRunRow], w: &mut dyn Write) -> io::Result<()> {
    let items: Vec<serde_json::Value> = runs
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id, "started_at": r.started_at, "target": r.target,
                "root_path": r.root_path, "git_commit": r.git_commit, "git_branch": r.git_branch,
                "score": r.score, "duration_ms": r.duration_ms,
                "counts": {"critical": r.counts.critical, "high": r.counts.high, "medium": r.counts.medium,
                           "low": r.counts.low, "info": r.counts.info},
                "total_findings": r.total_findings, "suppressed": r.suppressed_count,
                "unknown": r.unknown_count, "tool_version": r.tool_version,
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *w, &serde_json::json!({ "runs": items }))?;
    writeln!(w)
}
