//! Cost estimates over time and budgets per project: what `chkmate cost`
//! records and `chkmate cost history` and the budget gate read.

use super::git::GitInfo;
use super::time::rfc3339_utc;
use super::{Store, StoreError, WriteError};
use rusqlite::{params, OptionalExtension, Row};
use std::time::SystemTime;

/// One cost estimate to record.
#[derive(Clone, Debug, PartialEq)]
pub struct NewCostEstimate {
    /// The estimated project, as [`super::target_key`] spells it.
    pub project: String,
    pub started_at: SystemTime,
    pub git: Option<GitInfo>,
    /// Monthly total of everything with a known price and known quantity.
    pub baseline_monthly_usd: f64,
    /// Monthly total of usage-based components whose usage was given (usage
    /// file); `None` when no usage was given, never 0 for "unknown".
    pub usage_monthly_usd: Option<f64>,
    /// Components whose price was not found in the snapshot.
    pub not_found_count: u32,
    /// Which price snapshot priced it (date and source).
    pub snapshot_id: String,
    pub tool_version: String,
}

/// One resource of an estimate.
#[derive(Clone, Debug, PartialEq)]
pub struct NewCostResource {
    pub address: String,
    pub resource_type: String,
    /// `None` when the resource could not be priced (unsupported, or a price
    /// not found): distinct from a free resource, which is `Some(0.0)`.
    pub monthly_usd: Option<f64>,
}

/// A recorded estimate.
#[derive(Clone, Debug, PartialEq)]
pub struct CostEstimateRow {
    pub id: i64,
    pub project: String,
    /// UTC, `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    pub started_at: String,
    pub git_commit: Option<String>,
    pub git_branch: Option<String>,
    pub baseline_monthly_usd: f64,
    pub usage_monthly_usd: Option<f64>,
    pub not_found_count: u32,
    pub snapshot_id: String,
    pub tool_version: String,
    /// How many resources were recorded with it.
    pub resource_count: u32,
}

/// A recorded resource of an estimate.
#[derive(Clone, Debug, PartialEq)]
pub struct CostResourceRow {
    pub estimate_id: i64,
    pub address: String,
    pub resource_type: String,
    pub monthly_usd: Option<f64>,
}

/// The limits of one project. At least one limit is set.
#[derive(Clone, Debug, PartialEq)]
pub struct Budget {
    /// The project, as [`super::target_key`] spells it.
    pub project: String,
    /// Maximum monthly baseline cost.
    pub monthly_usd: Option<f64>,
    /// Maximum increase of a diff, in dollars a month.
    pub max_increase_usd: Option<f64>,
    /// Maximum increase of a diff, in percent of the prior monthly cost.
    pub max_increase_pct: Option<f64>,
}

/// A stored budget with the time it was last set.
#[derive(Clone, Debug, PartialEq)]
pub struct BudgetRow {
    pub budget: Budget,
    /// UTC, `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    pub updated_at: String,
}

const ESTIMATE_COLUMNS: &str = "e.id, e.project, e.started_at, e.git_commit, e.git_branch,
    e.baseline_monthly_usd, e.usage_monthly_usd, e.not_found_count, e.snapshot_id,
    e.tool_version,
    (SELECT count(*) FROM cost_estimate_resources r WHERE r.estimate_id = e.id)";

impl Store {
    /// Records an estimate and its resources in one transaction; returns its id.
    pub fn record_cost_estimate(
        &self,
        estimate: &NewCostEstimate,
        resources: &[NewCostResource],
    ) -> Result<i64, StoreError> {
        money("baseline monthly cost", Some(estimate.baseline_monthly_usd))?;
        money("usage-based monthly cost", estimate.usage_monthly_usd)?;
        for r in resources {
            money(&format!("monthly cost of {}", r.address), r.monthly_usd)?;
        }
        let started_at = rfc3339_utc(estimate.started_at);
        self.write("record a cost estimate", |tx| {
            tx.execute(
                "INSERT INTO cost_estimates (project, started_at, git_commit, git_branch,
                    baseline_monthly_usd, usage_monthly_usd, not_found_count, snapshot_id,
                    tool_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    estimate.project,
                    started_at,
                    estimate.git.as_ref().map(|g| g.commit.as_str()),
                    estimate.git.as_ref().and_then(|g| g.branch.as_deref()),
                    estimate.baseline_monthly_usd,
                    estimate.usage_monthly_usd,
                    estimate.not_found_count,
                    estimate.snapshot_id,
                    estimate.tool_version,
                ],
            )?;
            let id = tx.last_insert_rowid();
            let mut insert = tx.prepare_cached(
                "INSERT INTO cost_estimate_resources (estimate_id, address, resource_type,
                    monthly_usd) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for r in resources {
                insert.execute(params![id, r.address, r.resource_type, r.monthly_usd])?;
            }
            Ok::<_, WriteError>(id)
        })
    }

    /// Recorded estimates, newest first, for one project or all; at most
    /// `limit` rows.
    pub fn cost_history(
        &self,
        project: Option<&str>,
        limit: usize,
    ) -> Result<Vec<CostEstimateRow>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.retry("read cost history", |conn| {
            let order = "ORDER BY e.started_at DESC, e.id DESC LIMIT ?";
            match project {
                Some(p) => {
                    let sql = format!(
                        "SELECT {ESTIMATE_COLUMNS} FROM cost_estimates e WHERE e.project = ? {order}"
                    );
                    let mut stmt = conn.prepare_cached(&sql)?;
                    let rows = stmt.query_map(params![p, limit], estimate_from_row)?;
                    rows.collect()
                }
                None => {
                    let sql = format!("SELECT {ESTIMATE_COLUMNS} FROM cost_estimates e {order}");
                    let mut stmt = conn.prepare_cached(&sql)?;
                    let rows = stmt.query_map(params![limit], estimate_from_row)?;
                    rows.collect()
                }
            }
        })
    }

    /// One estimate by id.
    pub fn cost_estimate(&self, id: i64) -> Result<Option<CostEstimateRow>, StoreError> {
        self.retry("read a cost estimate", |conn| {
            let sql = format!("SELECT {ESTIMATE_COLUMNS} FROM cost_estimates e WHERE e.id = ?1");
            conn.query_row(&sql, [id], estimate_from_row).optional()
        })
    }

    /// The resources of one estimate, in the order they were recorded.
    pub fn cost_estimate_resources(
        &self,
        estimate_id: i64,
    ) -> Result<Vec<CostResourceRow>, StoreError> {
        self.retry("read cost estimate resources", |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT estimate_id, address, resource_type, monthly_usd
                 FROM cost_estimate_resources WHERE estimate_id = ?1 ORDER BY id",
            )?;
            let rows = stmt.query_map([estimate_id], |r| {
                Ok(CostResourceRow {
                    estimate_id: r.get(0)?,
                    address: r.get(1)?,
                    resource_type: r.get(2)?,
                    monthly_usd: r.get(3)?,
                })
            })?;
            rows.collect()
        })
    }

    /// Creates or replaces the budget of `budget.project`.
    pub fn set_budget(&self, budget: &Budget) -> Result<(), StoreError> {
        if budget.monthly_usd.is_none()
            && budget.max_increase_usd.is_none()
            && budget.max_increase_pct.is_none()
        {
            return Err(StoreError::Invalid(format!(
                "budget for {} sets no limit (monthly, max increase in USD or in percent)",
                budget.project
            )));
        }
        money("monthly budget", budget.monthly_usd)?;
        money("maximum increase", budget.max_increase_usd)?;
        money("maximum increase in percent", budget.max_increase_pct)?;
        let now = rfc3339_utc(SystemTime::now());
        self.write("set a budget", |tx| {
            tx.execute(
                "INSERT INTO budgets (project, monthly_usd, max_increase_usd, max_increase_pct,
                    updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (project) DO UPDATE SET
                    monthly_usd = excluded.monthly_usd,
                    max_increase_usd = excluded.max_increase_usd,
                    max_increase_pct = excluded.max_increase_pct,
                    updated_at = excluded.updated_at",
                params![
                    budget.project,
                    budget.monthly_usd,
                    budget.max_increase_usd,
                    budget.max_increase_pct,
                    now
                ],
            )?;
            Ok::<_, WriteError>(())
        })
    }

    /// The budget of a project, if one was set.
    pub fn get_budget(&self, project: &str) -> Result<Option<BudgetRow>, StoreError> {
        self.retry("read a budget", |conn| {
            conn.query_row(
                "SELECT project, monthly_usd, max_increase_usd, max_increase_pct, updated_at
                 FROM budgets WHERE project = ?1",
                [project],
                budget_from_row,
            )
            .optional()
        })
    }

    /// Every stored budget, by project.
    pub fn budgets(&self) -> Result<Vec<BudgetRow>, StoreError> {
        self.retry("read budgets", |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT project, monthly_usd, max_increase_usd, max_increase_pct, updated_at
                 FROM budgets ORDER BY project",
            )?;
            let rows = stmt.query_map([], budget_from_row)?;
            rows.collect()
        })
    }

    /// Removes a project's budget; `true` when there was one.
    pub fn delete_budget(&self, project: &str) -> Result<bool, StoreError> {
        self.write("delete a budget", |tx| {
            let n = tx.execute("DELETE FROM budgets WHERE project = ?1", [project])?;
            Ok::<_, WriteError>(n > 0)
        })
    }
}

fn money(what: &str, value: Option<f64>) -> Result<(), StoreError> {
    match value {
        Some(v) if !v.is_finite() || v < 0.0 => Err(StoreError::Invalid(format!(
            "{what} must be a non-negative amount, got {v}"
        ))),
        _ => Ok(()),
    }
}

fn estimate_from_row(row: &Row<'_>) -> rusqlite::Result<CostEstimateRow> {
    Ok(CostEstimateRow {
        id: row.get(0)?,
        project: row.get(1)?,
        started_at: row.get(2)?,
        git_commit: row.get(3)?,
        git_branch: row.get(4)?,
        baseline_monthly_usd: row.get(5)?,
        usage_monthly_usd: row.get(6)?,
        not_found_count: row.get(7)?,
        snapshot_id: row.get(8)?,
        tool_version: row.get(9)?,
        resource_count: row.get(10)?,
    })
}

fn budget_from_row(row: &Row<'_>) -> rusqlite::Result<BudgetRow> {
    Ok(BudgetRow {
        budget: Budget {
            project: row.get(0)?,
            monthly_usd: row.get(1)?,
            max_increase_usd: row.get(2)?,
            max_increase_pct: row.get(3)?,
        },
        updated_at: row.get(4)?,
    })
}
