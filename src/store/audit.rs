//! Audit runs and their findings: what `chkmate audit` records and
//! `chkmate history` reads.

use super::git::GitInfo;
use super::time::rfc3339_utc;
use super::{Store, StoreError, WriteError};
use crate::finding::{Category, Finding, Severity, Suppression, SuppressionKind};
use rusqlite::types::Type;
use rusqlite::{params, OptionalExtension, Row};
use std::time::SystemTime;

/// One audit run to record. Severity counts, the total and the suppressed count
/// are computed from the findings passed with it, so they always agree.
#[derive(Clone, Debug, PartialEq)]
pub struct NewAuditRun {
    /// What was audited, as [`super::target_key`] spells it.
    pub target: String,
    /// The root module directory.
    pub root_path: String,
    pub git: Option<GitInfo>,
    pub started_at: SystemTime,
    pub duration_ms: u64,
    /// 0–100.
    pub score: u8,
    /// Checks that could not be decided because a value is unknown.
    pub unknown_count: u32,
    /// The chkmate version that ran the audit.
    pub tool_version: String,
}

impl NewAuditRun {
    /// A run started now, with no git information, no duration and no unknowns;
    /// set the other fields directly.
    pub fn new(
        target: impl Into<String>,
        root_path: impl Into<String>,
        score: u8,
        tool_version: impl Into<String>,
    ) -> NewAuditRun {
        NewAuditRun {
            target: target.into(),
            root_path: root_path.into(),
            git: None,
            started_at: SystemTime::now(),
            duration_ms: 0,
            score,
            unknown_count: 0,
            tool_version: tool_version.into(),
        }
    }
}

/// One finding to record with its run. `message` must be the rendered message
/// (secrets already masked by the engine); resource values are never stored.
#[derive(Clone, Debug, PartialEq)]
pub struct NewFinding {
    pub policy_id: String,
    pub severity: Severity,
    pub category: Category,
    pub resource_address: String,
    pub resource_type: String,
    pub attribute_path: Option<String>,
    /// Source file as shown to the user, when the finding has a location.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<u32>,
    pub message: String,
    pub fingerprint: String,
    pub suppression: Option<Suppression>,
    pub monthly_saving_usd: Option<f64>,
}

impl NewFinding {
    /// The stored form of an engine finding; `file` and `line` come from the
    /// run's source map (the finding itself only has a span).
    pub fn from_finding(f: &Finding, file: Option<String>, line: Option<u32>) -> NewFinding {
        NewFinding {
            policy_id: f.policy_id.clone(),
            severity: f.severity,
            category: f.category,
            resource_address: f.resource_address.clone(),
            resource_type: f.resource_type.clone(),
            attribute_path: f.attribute_path.clone(),
            file,
            line,
            message: f.message.clone(),
            fingerprint: f.fingerprint.clone(),
            suppression: f.suppressed.clone(),
            monthly_saving_usd: f.monthly_saving_usd,
        }
    }
}

/// Findings per severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeverityCounts {
    pub critical: u32,
    pub high: u32,
    pub medium: u32,
    pub low: u32,
    pub info: u32,
}

impl SeverityCounts {
    pub fn get(&self, severity: Severity) -> u32 {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }

    fn add(&mut self, severity: Severity) {
        let slot = match severity {
            Severity::Critical => &mut self.critical,
            Severity::High => &mut self.high,
            Severity::Medium => &mut self.medium,
            Severity::Low => &mut self.low,
            Severity::Info => &mut self.info,
        };
        *slot = slot.saturating_add(1);
    }

    /// Sum over all severities.
    pub fn total(&self) -> u32 {
        Severity::ALL
            .iter()
            .fold(0u32, |acc, s| acc.saturating_add(self.get(*s)))
    }
}

/// A recorded audit run.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditRunRow {
    pub id: i64,
    pub target: String,
    pub root_path: String,
    pub git_commit: Option<String>,
    pub git_branch: Option<String>,
    /// UTC, `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    pub started_at: String,
    pub duration_ms: u64,
    pub score: u8,
    /// Unsuppressed findings per severity.
    pub counts: SeverityCounts,
    /// All findings, suppressed ones included.
    pub total_findings: u32,
    pub suppressed_count: u32,
    pub unknown_count: u32,
    pub tool_version: String,
}

/// A recorded finding.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditFindingRow {
    pub id: i64,
    pub run_id: i64,
    pub policy_id: String,
    pub severity: Severity,
    pub category: Category,
    pub resource_address: String,
    pub resource_type: String,
    pub attribute_path: Option<String>,
    pub file: Option<String>,
    pub line: Option<u32>,
    pub message: String,
    pub fingerprint: String,
    pub suppression: Option<Suppression>,
    pub monthly_saving_usd: Option<f64>,
}

const RUN_COLUMNS: &str = "id, target, root_path, git_commit, git_branch, started_at, duration_ms,
    score, critical_count, high_count, medium_count, low_count, info_count, total_findings,
    suppressed_count, unknown_count, tool_version";

const FINDING_COLUMNS: &str = "id, run_id, policy_id, severity, category, resource_address,
    resource_type, attribute_path, file, line, message, fingerprint, suppressed,
    suppression_kind, suppression_reason, suppression_expires, monthly_saving_usd";

impl Store {
    /// Records a run and all its findings in one transaction and returns the
    /// run id. Either everything is stored or nothing is.
    pub fn record_audit_run(
        &self,
        run: &NewAuditRun,
        findings: &[NewFinding],
    ) -> Result<i64, StoreError> {
        validate_run(run)?;
        for f in findings {
            validate_finding(f)?;
        }
        let mut counts = SeverityCounts::default();
        let mut suppressed: u32 = 0;
        for f in findings {
            if f.suppression.is_some() {
                suppressed = suppressed.saturating_add(1);
            } else {
                counts.add(f.severity);
            }
        }
        let total = u32::try_from(findings.len())
            .map_err(|_| StoreError::Invalid("too many findings in one run".into()))?;
        let duration = i64::try_from(run.duration_ms)
            .map_err(|_| StoreError::Invalid("run duration out of range".into()))?;
        let started_at = rfc3339_utc(run.started_at);
        self.write("record an audit run", |tx| {
            tx.execute(
                "INSERT INTO audit_runs (target, root_path, git_commit, git_branch, started_at,
                    duration_ms, score, critical_count, high_count, medium_count, low_count,
                    info_count, total_findings, suppressed_count, unknown_count, tool_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                params![
                    run.target,
                    run.root_path,
                    run.git.as_ref().map(|g| g.commit.as_str()),
                    run.git.as_ref().and_then(|g| g.branch.as_deref()),
                    started_at,
                    duration,
                    run.score,
                    counts.critical,
                    counts.high,
                    counts.medium,
                    counts.low,
                    counts.info,
                    total,
                    suppressed,
                    run.unknown_count,
                    run.tool_version,
                ],
            )?;
            let run_id = tx.last_insert_rowid();
            let mut insert = tx.prepare_cached(
                "INSERT INTO audit_findings (run_id, policy_id, severity, category,
                    resource_address, resource_type, attribute_path, file, line, message,
                    fingerprint, suppressed, suppression_kind, suppression_reason,
                    suppression_expires, monthly_saving_usd)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            )?;
            for f in findings {
                let sup = f.suppression.as_ref();
                insert.execute(params![
                    run_id,
                    f.policy_id,
                    f.severity.as_str(),
                    f.category.as_str(),
                    f.resource_address,
                    f.resource_type,
                    f.attribute_path,
                    f.file,
                    f.line,
                    f.message,
                    f.fingerprint,
                    sup.is_some(),
                    sup.map(|s| suppression_kind_str(s.kind)),
                    sup.and_then(|s| s.reason.as_deref()),
                    sup.and_then(|s| s.expires.as_deref()),
                    f.monthly_saving_usd,
                ])?;
            }
            Ok::<_, WriteError>(run_id)
        })
    }

    /// Recorded runs, newest first (by start time, then by id), for one target
    /// or for all when `target` is `None`; at most `limit` rows.
    pub fn audit_runs(
        &self,
        target: Option<&str>,
        limit: usize,
    ) -> Result<Vec<AuditRunRow>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.retry("read audit runs", |conn| {
            let order = "ORDER BY started_at DESC, id DESC LIMIT ?";
            match target {
                Some(t) => {
                    let sql =
                        format!("SELECT {RUN_COLUMNS} FROM audit_runs WHERE target = ? {order}");
                    let mut stmt = conn.prepare_cached(&sql)?;
                    let rows = stmt.query_map(params![t, limit], run_from_row)?;
                    rows.collect()
                }
                None => {
                    let sql = format!("SELECT {RUN_COLUMNS} FROM audit_runs {order}");
                    let mut stmt = conn.prepare_cached(&sql)?;
                    let rows = stmt.query_map(params![limit], run_from_row)?;
                    rows.collect()
                }
            }
        })
    }

    /// One run by id.
    pub fn audit_run(&self, id: i64) -> Result<Option<AuditRunRow>, StoreError> {
        self.retry("read an audit run", |conn| {
            let sql = format!("SELECT {RUN_COLUMNS} FROM audit_runs WHERE id = ?1");
            conn.query_row(&sql, [id], run_from_row).optional()
        })
    }

    /// The findings of one run, in the order they were recorded.
    pub fn audit_findings(&self, run_id: i64) -> Result<Vec<AuditFindingRow>, StoreError> {
        self.retry("read audit findings", |conn| {
            let sql = format!(
                "SELECT {FINDING_COLUMNS} FROM audit_findings WHERE run_id = ?1 ORDER BY id"
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows = stmt.query_map([run_id], finding_from_row)?;
            rows.collect()
        })
    }
}

fn validate_run(run: &NewAuditRun) -> Result<(), StoreError> {
    if run.score > 100 {
        return Err(StoreError::Invalid(format!(
            "audit score {} is above 100",
            run.score
        )));
    }
    Ok(())
}

fn validate_finding(f: &NewFinding) -> Result<(), StoreError> {
    if f.line == Some(0) {
        return Err(StoreError::Invalid(format!(
            "{} on {}: line numbers start at 1",
            f.policy_id, f.resource_address
        )));
    }
    if let Some(usd) = f.monthly_saving_usd {
        if !usd.is_finite() || usd < 0.0 {
            return Err(StoreError::Invalid(format!(
                "{} on {}: monthly saving {usd} is not a non-negative amount",
                f.policy_id, f.resource_address
            )));
        }
    }
    Ok(())
}

fn suppression_kind_str(kind: SuppressionKind) -> &'static str {
    match kind {
        SuppressionKind::Inline => "inline",
        SuppressionKind::Config => "config",
        SuppressionKind::Baseline => "baseline",
    }
}

fn parse_suppression_kind(s: &str) -> Result<SuppressionKind, String> {
    match s {
        "inline" => Ok(SuppressionKind::Inline),
        "config" => Ok(SuppressionKind::Config),
        "baseline" => Ok(SuppressionKind::Baseline),
        other => Err(format!("unknown suppression kind `{other}`")),
    }
}

/// A text column parsed into a chkmate type; a bad value is a conversion error
/// naming the column, never a panic.
pub(super) fn parsed<T>(
    row: &Row<'_>,
    idx: usize,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> rusqlite::Result<T> {
    let text: String = row.get(idx)?;
    parse(&text).map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, e.into()))
}

fn run_from_row(row: &Row<'_>) -> rusqlite::Result<AuditRunRow> {
    Ok(AuditRunRow {
        id: row.get(0)?,
        target: row.get(1)?,
        root_path: row.get(2)?,
        git_commit: row.get(3)?,
        git_branch: row.get(4)?,
        started_at: row.get(5)?,
        duration_ms: row.get(6)?,
        score: row.get(7)?,
        counts: SeverityCounts {
            critical: row.get(8)?,
            high: row.get(9)?,
            medium: row.get(10)?,
            low: row.get(11)?,
            info: row.get(12)?,
        },
        total_findings: row.get(13)?,
        suppressed_count: row.get(14)?,
        unknown_count: row.get(15)?,
        tool_version: row.get(16)?,
    })
}

fn finding_from_row(row: &Row<'_>) -> rusqlite::Result<AuditFindingRow> {
    let suppressed: bool = row.get(12)?;
    let suppression = if suppressed {
        let kind: Option<String> = row.get(13)?;
        let kind = kind.unwrap_or_default();
        Some(Suppression {
            kind: parse_suppression_kind(&kind)
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(13, Type::Text, e.into()))?,
            reason: row.get(14)?,
            expires: row.get(15)?,
        })
    } else {
        None
    };
    Ok(AuditFindingRow {
        id: row.get(0)?,
        run_id: row.get(1)?,
        policy_id: row.get(2)?,
        severity: parsed(row, 3, |s| s.parse::<Severity>())?,
        category: parsed(row, 4, |s| s.parse::<Category>())?,
        resource_address: row.get(5)?,
        resource_type: row.get(6)?,
        attribute_path: row.get(7)?,
        file: row.get(8)?,
        line: row.get(9)?,
        message: row.get(10)?,
        fingerprint: row.get(11)?,
        suppression,
        monthly_saving_usd: row.get(16)?,
    })
}
