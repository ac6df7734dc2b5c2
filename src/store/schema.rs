//! Schema migrations, numbered in code.
//!
//! Migration N is applied once, in its own `BEGIN IMMEDIATE` transaction that
//! also records it in `schema_migrations`; the transaction re-reads the version
//! under the write lock, so processes that open a new store at the same moment
//! apply each migration exactly once. Never edit a released migration: append
//! a new one.

use super::{Store, StoreError, WriteError};
use rusqlite::Connection;

/// The schema version this chkmate writes.
pub const LATEST_SCHEMA_VERSION: i64 = 2;

pub(crate) struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "audit runs, findings, cost estimates, budgets",
        sql: r#"
CREATE TABLE audit_runs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    target           TEXT    NOT NULL,          -- what was audited (see store::target_key)
    root_path        TEXT    NOT NULL,          -- root module directory
    git_commit       TEXT,
    git_branch       TEXT,
    started_at       TEXT    NOT NULL,          -- UTC, RFC 3339, millisecond precision
    duration_ms      INTEGER NOT NULL CHECK (duration_ms >= 0),
    score            INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    critical_count   INTEGER NOT NULL CHECK (critical_count >= 0),  -- unsuppressed findings
    high_count       INTEGER NOT NULL CHECK (high_count >= 0),
    medium_count     INTEGER NOT NULL CHECK (medium_count >= 0),
    low_count        INTEGER NOT NULL CHECK (low_count >= 0),
    info_count       INTEGER NOT NULL CHECK (info_count >= 0),
    total_findings   INTEGER NOT NULL CHECK (total_findings >= 0),  -- including suppressed
    suppressed_count INTEGER NOT NULL CHECK (suppressed_count >= 0),
    unknown_count    INTEGER NOT NULL CHECK (unknown_count >= 0),
    tool_version     TEXT    NOT NULL
) STRICT;
CREATE INDEX audit_runs_by_target ON audit_runs (target, started_at, id);
CREATE INDEX audit_runs_by_time ON audit_runs (started_at, id);

CREATE TABLE audit_findings (
    id                  INTEGER PRIMARY KEY,
    run_id              INTEGER NOT NULL REFERENCES audit_runs (id) ON DELETE CASCADE,
    policy_id           TEXT    NOT NULL,
    severity            TEXT    NOT NULL
                        CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info')),
    category            TEXT    NOT NULL,
    resource_address    TEXT    NOT NULL,
    resource_type       TEXT    NOT NULL,
    attribute_path      TEXT,
    file                TEXT,
    line                INTEGER CHECK (line IS NULL OR line >= 1),
    message             TEXT    NOT NULL,       -- as rendered: secrets already masked
    fingerprint         TEXT    NOT NULL,
    suppressed          INTEGER NOT NULL CHECK (suppressed IN (0, 1)),
    suppression_kind    TEXT,                   -- inline, config or baseline
    suppression_reason  TEXT,
    suppression_expires TEXT,                   -- YYYY-MM-DD
    monthly_saving_usd  REAL CHECK (monthly_saving_usd IS NULL OR monthly_saving_usd >= 0),
    CHECK ((suppressed = 1) = (suppression_kind IS NOT NULL)),
    CHECK (suppressed = 1 OR (suppression_reason IS NULL AND suppression_expires IS NULL))
) STRICT;
CREATE INDEX audit_findings_by_run ON audit_findings (run_id, id);
CREATE INDEX audit_findings_by_fingerprint ON audit_findings (fingerprint);

CREATE TABLE cost_estimates (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    project              TEXT    NOT NULL,      -- see store::target_key
    started_at           TEXT    NOT NULL,
    git_commit           TEXT,
    git_branch           TEXT,
    baseline_monthly_usd REAL    NOT NULL CHECK (baseline_monthly_usd >= 0),
    usage_monthly_usd    REAL CHECK (usage_monthly_usd IS NULL OR usage_monthly_usd >= 0),
    not_found_count      INTEGER NOT NULL CHECK (not_found_count >= 0),
    snapshot_id          TEXT    NOT NULL,      -- which price snapshot priced it
    tool_version         TEXT    NOT NULL
) STRICT;
CREATE INDEX cost_estimates_by_project ON cost_estimates (project, started_at, id);

CREATE TABLE cost_estimate_resources (
    id            INTEGER PRIMARY KEY,
    estimate_id   INTEGER NOT NULL REFERENCES cost_estimates (id) ON DELETE CASCADE,
    address       TEXT    NOT NULL,
    resource_type TEXT    NOT NULL,
    monthly_usd   REAL CHECK (monthly_usd IS NULL OR monthly_usd >= 0)  -- NULL: not priced
) STRICT;
CREATE INDEX cost_estimate_resources_by_estimate ON cost_estimate_resources (estimate_id, id);

CREATE TABLE budgets (
    project          TEXT PRIMARY KEY,
    monthly_usd      REAL CHECK (monthly_usd IS NULL OR monthly_usd >= 0),
    max_increase_usd REAL CHECK (max_increase_usd IS NULL OR max_increase_usd >= 0),
    max_increase_pct REAL CHECK (max_increase_pct IS NULL OR max_increase_pct >= 0),
    updated_at       TEXT NOT NULL,
    CHECK (monthly_usd IS NOT NULL OR max_increase_usd IS NOT NULL
           OR max_increase_pct IS NOT NULL)
) STRICT;
"#,
    },
    Migration {
        version: 2,
        name: "change plans, template versions, scans, recommendations, deployments",
        sql: r#"
CREATE TABLE change_plan_sessions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    root_path   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    author_kind TEXT NOT NULL CHECK (author_kind IN ('user', 'agent')),
    author      TEXT,                           -- user name, or the AI model
    status      TEXT NOT NULL
                CHECK (status IN ('proposed', 'applied', 'partially_applied',
                                  'rejected', 'failed')),
    plan_json   TEXT NOT NULL,                  -- the change plan as its JSON output
    applied_at  TEXT,
    git_commit  TEXT
) STRICT;
CREATE INDEX change_plan_sessions_by_root ON change_plan_sessions (root_path, created_at);

CREATE TABLE template_versions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    root_path      TEXT    NOT NULL,
    file           TEXT    NOT NULL,            -- relative to root_path
    version        INTEGER NOT NULL CHECK (version >= 1),
    session_id     INTEGER REFERENCES change_plan_sessions (id) ON DELETE SET NULL,
    author_kind    TEXT    NOT NULL CHECK (author_kind IN ('user', 'agent')),
    author         TEXT,
    summary        TEXT    NOT NULL,            -- what changed: policy ids and titles
    created_at     TEXT    NOT NULL,
    content_before TEXT    NOT NULL,            -- to revert to
    content_after  TEXT    NOT NULL,
    sha256_before  TEXT    NOT NULL,
    sha256_after   TEXT    NOT NULL,
    reverted_at    TEXT,
    UNIQUE (root_path, file, version)
) STRICT;

CREATE TABLE scans (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id     TEXT,
    profile        TEXT,
    regions_json   TEXT    NOT NULL,            -- JSON array of scanned regions
    services_json  TEXT    NOT NULL,            -- JSON array of scanned services
    started_at     TEXT    NOT NULL,
    finished_at    TEXT,
    status         TEXT    NOT NULL
                   CHECK (status IN ('running', 'completed', 'partial', 'failed')),
    resource_count INTEGER NOT NULL DEFAULT 0 CHECK (resource_count >= 0),
    errors_json    TEXT    NOT NULL DEFAULT '[]', -- per service and region: AccessDenied, throttling
    tool_version   TEXT    NOT NULL
) STRICT;

CREATE TABLE scanned_resources (
    id            INTEGER PRIMARY KEY,
    scan_id       INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
    service       TEXT    NOT NULL,
    region        TEXT    NOT NULL,             -- 'global' for global services
    resource_type TEXT    NOT NULL,             -- the Terraform type where one maps
    resource_id   TEXT    NOT NULL,
    arn           TEXT,
    name          TEXT,
    tags_json     TEXT    NOT NULL DEFAULT '{}',
    details_json  TEXT    NOT NULL DEFAULT '{}', -- non-secret attributes: size, class, state
    monthly_usd   REAL CHECK (monthly_usd IS NULL OR monthly_usd >= 0)
) STRICT;
CREATE INDEX scanned_resources_by_scan ON scanned_resources (scan_id, id);

CREATE TABLE dismissed_recommendations (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    recommendation_id TEXT NOT NULL,
    resource_key      TEXT NOT NULL,            -- ARN, else account/region/id
    account_id        TEXT,
    reason            TEXT,
    dismissed_by      TEXT,
    dismissed_at      TEXT NOT NULL,
    expires_at        TEXT,
    UNIQUE (recommendation_id, resource_key)
) STRICT;

CREATE TABLE deployments (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    name              TEXT    NOT NULL UNIQUE,
    root_path         TEXT    NOT NULL,
    workspace_path    TEXT    NOT NULL,
    status            TEXT    NOT NULL
                      CHECK (status IN ('created', 'planning', 'planned', 'applying',
                                        'applied', 'destroying', 'destroyed', 'failed',
                                        'cancelled')),
    terraform_binary  TEXT,
    terraform_version TEXT,
    plan_sha256       TEXT,                     -- of the saved plan file apply must use
    plan_summary_json TEXT,                     -- change counts, never values
    state_ciphertext  BLOB,                     -- AES-256-GCM
    state_nonce       BLOB,
    state_serial      INTEGER,
    lock_owner        TEXT,                     -- who holds the one-apply-at-a-time lock
    lock_acquired_at  TEXT,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    CHECK ((state_ciphertext IS NULL) = (state_nonce IS NULL))
) STRICT;

CREATE TABLE deployment_logs (
    id            INTEGER PRIMARY KEY,
    deployment_id INTEGER NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
    operation     TEXT    NOT NULL,             -- init, plan, apply, destroy
    at            TEXT    NOT NULL,
    level         TEXT    NOT NULL,
    message       TEXT    NOT NULL              -- from terraform -json; sensitive values redacted
) STRICT;
CREATE INDEX deployment_logs_by_deployment ON deployment_logs (deployment_id, id);

CREATE TABLE deployment_credentials (
    deployment_id          INTEGER PRIMARY KEY REFERENCES deployments (id) ON DELETE CASCADE,
    role_arn_ciphertext    BLOB NOT NULL,       -- AES-256-GCM
    role_arn_nonce         BLOB NOT NULL,
    external_id_ciphertext BLOB,
    external_id_nonce      BLOB,
    region                 TEXT,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    CHECK ((external_id_ciphertext IS NULL) = (external_id_nonce IS NULL))
) STRICT;
"#,
    },
];

const CREATE_MIGRATIONS_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
) STRICT";

/// The highest applied migration, 0 for a new database.
pub(crate) fn current_version(conn: &Connection) -> rusqlite::Result<i64> {
    let has_table: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master
                        WHERE type = 'table' AND name = 'schema_migrations')",
        [],
        |r| r.get(0),
    )?;
    if !has_table {
        return Ok(0);
    }
    conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        [],
        |r| r.get(0),
    )
}

/// Brings the database to [`LATEST_SCHEMA_VERSION`], or refuses a newer one.
pub(crate) fn migrate(store: &Store) -> Result<(), StoreError> {
    let too_new = |found: i64| StoreError::SchemaTooNew {
        path: store.path().to_path_buf(),
        found,
        known: LATEST_SCHEMA_VERSION,
    };
    // Fast path without the write lock: an up-to-date store is only read.
    let version = store.retry("read the schema version", current_version)?;
    if version > LATEST_SCHEMA_VERSION {
        return Err(too_new(version));
    }
    if version == LATEST_SCHEMA_VERSION {
        return Ok(());
    }
    for migration in MIGRATIONS {
        store.write("apply a schema migration", |tx| {
            tx.execute_batch(CREATE_MIGRATIONS_TABLE)?;
            // Re-read under the write lock: another process may have migrated.
            let current = current_version(tx)?;
            if current > LATEST_SCHEMA_VERSION {
                return Err(WriteError::Store(too_new(current)));
            }
            if current >= migration.version {
                return Ok(());
            }
            tx.execute_batch(migration.sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
                rusqlite::params![
                    migration.version,
                    migration.name,
                    super::time::rfc3339_utc(std::time::SystemTime::now())
                ],
            )?;
            Ok(())
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_one_to_latest() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(
                m.version,
                i as i64 + 1,
                "migration {} is out of order",
                m.name
            );
        }
        assert_eq!(
            MIGRATIONS.last().map(|m| m.version),
            Some(LATEST_SCHEMA_VERSION)
        );
    }

    #[test]
    fn every_migration_applies_to_an_empty_database() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
        for m in MIGRATIONS {
            conn.execute_batch(m.sql)
                .unwrap_or_else(|e| panic!("migration {} failed: {e}", m.version));
        }
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for wanted in [
            "audit_runs",
            "audit_findings",
            "cost_estimates",
            "cost_estimate_resources",
            "budgets",
            "template_versions",
            "change_plan_sessions",
            "scans",
            "scanned_resources",
            "dismissed_recommendations",
            "deployments",
            "deployment_credentials",
        ] {
            assert!(
                tables.iter().any(|t| t == wanted),
                "missing table {wanted}: {tables:?}"
            );
        }
    }

    #[test]
    fn findings_reject_inconsistent_suppression() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0].sql).unwrap();
        conn.execute_batch(
            "INSERT INTO audit_runs (target, root_path, started_at, duration_ms, score,
                critical_count, high_count, medium_count, low_count, info_count,
                total_findings, suppressed_count, unknown_count, tool_version)
             VALUES ('t', 't', '2024-01-01T00:00:00.000Z', 1, 100, 0, 0, 0, 0, 0, 0, 0, 0, 'x')",
        )
        .unwrap();
        let insert = |suppressed: i64, kind: Option<&str>| {
            conn.execute(
                "INSERT INTO audit_findings (run_id, policy_id, severity, category,
                    resource_address, resource_type, message, fingerprint, suppressed,
                    suppression_kind)
                 VALUES (1, 'SEC001', 'high', 'security', 'a.b', 'a', 'm', 'f', ?1, ?2)",
                rusqlite::params![suppressed, kind],
            )
        };
        assert!(insert(1, None).is_err());
        assert!(insert(0, Some("inline")).is_err());
        assert!(insert(1, Some("inline")).is_ok());
        assert!(insert(0, None).is_ok());
    }
}
