//! The SQLite store: audit runs and their findings, cost estimates, budgets, and
//! the tables later features write (template versions, change-plan sessions,
//! scans, dismissed recommendations, deployments and their credentials).
//!
//! One file, `chkmate.db`, lives in the chkmate home (`$CHKMATE_HOME`, else the
//! platform data directory + `chkmate`). Several chkmate processes may write to
//! it at once (parallel CI jobs, pre-commit), and none may lose a write:
//!
//! - the database runs in WAL mode, so readers never block the one writer;
//! - every connection waits up to a busy timeout for the write lock, and every
//!   write is one `BEGIN IMMEDIATE` transaction, so a writer takes the lock
//!   before reading and can never be refused half-way through;
//! - when the lock is still held after the busy timeout, the whole transaction
//!   is retried a few times with jittered exponential backoff before
//!   [`StoreError::Busy`] is returned.
//!
//! The schema is created by migrations numbered in code (see
//! [`LATEST_SCHEMA_VERSION`]); each migration runs in its own transaction and is
//! recorded in `schema_migrations`, so re-opening is idempotent, concurrent
//! first opens migrate once, and a store written by a newer chkmate is refused
//! with a clear error instead of being misread.
//!
//! The store never holds resource values: findings carry the engine's message,
//! which already masks secrets, and cost estimates carry addresses and dollars.
//!
//! ```no_run
//! use chkmate::finding::{Category, Severity};
//! use chkmate::store::{git_info, target_key, NewAuditRun, NewFinding, Store};
//! use std::path::Path;
//!
//! let store = Store::open_default()?;
//! let root = Path::new("infra");
//! let target = target_key(root);
//! let mut run = NewAuditRun::new(&target, &target, 97, env!("CARGO_PKG_VERSION"));
//! run.git = git_info(root);
//! let finding = NewFinding {
//!     policy_id: "SEC006".into(),
//!     severity: Severity::High,
//!     category: Category::Security,
//!     resource_address: "aws_cloudtrail.main".into(),
//!     resource_type: "aws_cloudtrail".into(),
//!     attribute_path: Some("is_multi_region_trail".into()),
//!     file: Some("main.tf".into()),
//!     line: Some(12),
//!     message: "CloudTrail trail records a single region".into(),
//!     fingerprint: chkmate::finding::fingerprint("SEC006", "aws_cloudtrail.main", None),
//!     suppression: None,
//!     monthly_saving_usd: None,
//! };
//! let run_id = store.record_audit_run(&run, &[finding])?;
//! let newest = store.audit_runs(Some(&target), 10)?;
//! assert_eq!(newest.first().map(|r| r.id), Some(run_id));
//! # Ok::<(), chkmate::store::StoreError>(())
//! ```

mod audit;
mod cost;
mod git;
mod schema;
mod time;

pub use audit::{AuditFindingRow, AuditRunRow, NewAuditRun, NewFinding, SeverityCounts};
pub use cost::{
    Budget, BudgetRow, CostEstimateRow, CostResourceRow, NewCostEstimate, NewCostResource,
};
pub use git::{git_info, GitInfo};
pub use schema::LATEST_SCHEMA_VERSION;
pub use time::rfc3339_utc;

use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The database file name inside the chkmate home.
pub const DB_FILE_NAME: &str = "chkmate.db";

/// The environment variable that overrides the chkmate home directory.
pub const HOME_ENV: &str = "CHKMATE_HOME";

/// Errors from the store. Errors about the database name its file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// Neither `$CHKMATE_HOME` nor a platform data directory is available.
    #[error("no chkmate home: set {HOME_ENV} to a writable directory")]
    NoHome,
    /// The home directory or the database file could not be created.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file exists but is not an SQLite database.
    #[error("{path}: not an SQLite database (chkmate keeps its store in this file; move it away or point {HOME_ENV} elsewhere)")]
    NotADatabase { path: PathBuf },
    /// SQLite found the database damaged.
    #[error("{path}: the database is corrupt ({message}); move it away to start a new store")]
    Corrupt { path: PathBuf, message: String },
    /// The database was migrated by a newer chkmate than this one.
    #[error("{path}: store schema version {found} is newer than this chkmate supports ({known}); upgrade chkmate or point {HOME_ENV} elsewhere")]
    SchemaTooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    /// Other writers held the database lock through every retry.
    #[error(
        "{path}: the database stayed locked by other chkmate processes after {attempts} attempts"
    )]
    Busy { path: PathBuf, attempts: u32 },
    /// A value the caller passed cannot be stored (negative money, a score
    /// above 100, ...).
    #[error("invalid value for the store: {0}")]
    Invalid(String),
    /// A stored row does not read back (written by hand or by another tool).
    #[error("{path}: unexpected data in the store ({message})")]
    BadRow { path: PathBuf, message: String },
    /// Any other SQLite error, with what the store was doing.
    #[error("{path}: {action}: {source}")]
    Sqlite {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: rusqlite::Error,
    },
}

/// Tuning for [`Store::open_with`]. The defaults suit interactive and CI use.
#[derive(Clone, Debug)]
pub struct StoreOptions {
    /// How long SQLite itself waits for a lock before reporting busy.
    pub busy_timeout: Duration,
    /// How many more times a transaction that stayed busy is retried.
    pub busy_retries: u32,
    /// First backoff delay between retries; doubled each time (with jitter),
    /// capped at two seconds.
    pub retry_backoff: Duration,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            busy_timeout: Duration::from_secs(10),
            busy_retries: 5,
            retry_backoff: Duration::from_millis(100),
        }
    }
}

/// An open store. One connection; cheap to open, so each thread or process
/// opens its own. Not `Sync`: share by opening again, not by reference.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    options: StoreOptions,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// The chkmate home: `$CHKMATE_HOME` when set and not empty, else the platform
/// data directory joined with `chkmate` (e.g. `~/.local/share/chkmate`).
pub fn default_home() -> Result<PathBuf, StoreError> {
    match std::env::var_os(HOME_ENV) {
        Some(v) if !v.is_empty() => Ok(PathBuf::from(v)),
        _ => dirs::data_dir()
            .map(|d| d.join("chkmate"))
            .ok_or(StoreError::NoHome),
    }
}

/// The key under which runs, estimates and budgets of a path are stored: the
/// canonical absolute path when the path exists, else the path made absolute
/// against the current directory. Record and query with the same key so that
/// `chkmate history .` and `chkmate history /abs/path` agree.
pub fn target_key(path: &Path) -> String {
    let resolved = std::fs::canonicalize(path).unwrap_or_else(|_| {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir()
                .map(|d| d.join(path))
                .unwrap_or_else(|_| path.to_path_buf())
        }
    });
    resolved.to_string_lossy().into_owned()
}

impl Store {
    /// Opens (creating when needed) `home/chkmate.db` with default options,
    /// and migrates it to the latest schema.
    pub fn open(home: &Path) -> Result<Store, StoreError> {
        Store::open_with(home, &StoreOptions::default())
    }

    /// Opens the store in [`default_home`].
    pub fn open_default() -> Result<Store, StoreError> {
        Store::open(&default_home()?)
    }

    /// Opens (creating when needed) `home/chkmate.db` with the given options.
    pub fn open_with(home: &Path, options: &StoreOptions) -> Result<Store, StoreError> {
        create_home(home)?;
        let path = home.join(DB_FILE_NAME);
        precreate_private_file(&path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(&path, flags).map_err(|e| classify(&path, "open", e))?;
        let store = Store {
            conn,
            path,
            options: options.clone(),
        };
        store
            .conn
            .busy_timeout(options.busy_timeout)
            .map_err(|e| store.err("set the busy timeout", e))?;
        store.retry("configure the connection", configure)?;
        schema::migrate(&store)?;
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The highest migration applied to this database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.retry("read the schema version", |conn| {
            schema::current_version(conn)
        })
    }

    /// The journal mode in effect (`wal` unless the file system refuses it).
    pub fn journal_mode(&self) -> Result<String, StoreError> {
        self.retry("read the journal mode", |conn| {
            conn.query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0))
        })
    }

    /// Runs `f` inside one `BEGIN IMMEDIATE` transaction, committing when it
    /// returns `Ok`. The whole transaction is retried when the database stays
    /// busy past the busy timeout.
    pub(crate) fn write<T>(
        &self,
        action: &'static str,
        mut f: impl FnMut(&Transaction<'_>) -> Result<T, WriteError>,
    ) -> Result<T, StoreError> {
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let outcome = (|| {
                let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
                let value = f(&tx)?;
                tx.commit()?;
                Ok(value)
            })();
            match outcome {
                Ok(v) => return Ok(v),
                Err(WriteError::Sqlite(e)) if is_busy(&e) => {
                    if attempt > self.options.busy_retries {
                        return Err(StoreError::Busy {
                            path: self.path.clone(),
                            attempts: attempt,
                        });
                    }
                    std::thread::sleep(self.backoff(attempt));
                }
                Err(WriteError::Sqlite(e)) => return Err(classify(&self.path, action, e)),
                Err(WriteError::Store(e)) => return Err(e),
            }
        }
    }

    /// Runs a read (or a single self-contained statement) with the same retry
    /// policy as [`Store::write`].
    pub(crate) fn retry<T>(
        &self,
        action: &'static str,
        mut f: impl FnMut(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            match f(&self.conn) {
                Ok(v) => return Ok(v),
                Err(e) if is_busy(&e) => {
                    if attempt > self.options.busy_retries {
                        return Err(StoreError::Busy {
                            path: self.path.clone(),
                            attempts: attempt,
                        });
                    }
                    std::thread::sleep(self.backoff(attempt));
                }
                Err(e) => return Err(classify(&self.path, action, e)),
            }
        }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let base = self.options.retry_backoff.as_millis() as u64;
        let exp = base.saturating_mul(1u64 << attempt.saturating_sub(1).min(16));
        let capped = exp.min(2_000);
        // Jitter from the clock and the process id, so processes that collided
        // once do not collide again in lock step.
        let seed = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos() as u64)
            .unwrap_or(0)
            ^ (std::process::id() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let jitter = if capped == 0 {
            0
        } else {
            seed % (capped / 2 + 1)
        };
        Duration::from_millis(capped / 2 + jitter)
    }

    pub(crate) fn err(&self, action: &'static str, e: rusqlite::Error) -> StoreError {
        classify(&self.path, action, e)
    }
}

/// An error inside a write transaction: SQLite's (retried when busy) or the
/// store's own (returned as is).
pub(crate) enum WriteError {
    Sqlite(rusqlite::Error),
    Store(StoreError),
}

impl From<rusqlite::Error> for WriteError {
    fn from(e: rusqlite::Error) -> Self {
        WriteError::Sqlite(e)
    }
}

impl From<StoreError> for WriteError {
    fn from(e: StoreError) -> Self {
        WriteError::Store(e)
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

fn classify(path: &Path, action: &'static str, e: rusqlite::Error) -> StoreError {
    if matches!(
        e,
        rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::IntegralValueOutOfRange(..)
            | rusqlite::Error::InvalidColumnType(..)
    ) {
        return StoreError::BadRow {
            path: path.to_path_buf(),
            message: format!("{action}: {e}"),
        };
    }
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase {
            path: path.to_path_buf(),
        },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path: path.to_path_buf(),
            message: e.to_string(),
        },
        _ => StoreError::Sqlite {
            path: path.to_path_buf(),
            action,
            source: e,
        },
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // Reading the schema first makes a non-database file fail here, with
    // SQLITE_NOTADB, before any pragma could try to write to it.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })?;
    // The new mode is returned, not an error, when WAL cannot be enabled (a
    // file system without shared memory): the rollback journal, the busy
    // timeout and immediate transactions still serialise writers correctly,
    // and `Store::journal_mode` reports what is in effect.
    conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

fn create_home(home: &Path) -> Result<(), StoreError> {
    if home.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(home).map_err(|source| StoreError::Io {
        path: home.to_path_buf(),
        source,
    })
}

/// Creates the database file readable by its owner only (deployment state and
/// credentials live in it, encrypted), unless it exists. SQLite gives its WAL
/// and shared-memory files the database file's permissions.
fn precreate_private_file(path: &Path) -> Result<(), StoreError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .map(drop)
        .map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })
}
