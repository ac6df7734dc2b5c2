//! The SQLite store: migrations, round trips, history order, budgets, bad files,
//! and concurrent writers (threads and processes) that must lose nothing.

use chkmate::finding::{
    fingerprint, Applicability, Category, Finding, FixInfo, Severity, Suppression, SuppressionKind,
};
use chkmate::store::{
    target_key, Budget, GitInfo, NewAuditRun, NewCostEstimate, NewCostResource, NewFinding, Store,
    StoreError, StoreOptions, DB_FILE_NAME, LATEST_SCHEMA_VERSION,
};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// A fixed instant plus `secs`, so history order is deterministic.
fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_717_200_000 + secs)
}

fn finding(policy: &str, severity: Severity, address: &str, message: &str) -> NewFinding {
    NewFinding {
        policy_id: policy.to_string(),
        severity,
        category: Category::Security,
        resource_address: address.to_string(),
        resource_type: address.split('.').next().unwrap_or("").to_string(),
        attribute_path: None,
        file: Some("main.tf".to_string()),
        line: Some(3),
        message: message.to_string(),
        fingerprint: fingerprint(policy, address, None),
        suppression: None,
        monthly_saving_usd: None,
    }
}

fn run(target: &str, score: u8, started: SystemTime) -> NewAuditRun {
    let mut r = NewAuditRun::new(target, target, score, "0.1.0-test");
    r.started_at = started;
    r
}

fn raw_count(home: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(home.join(DB_FILE_NAME)).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn open_creates_wal_store_and_reopening_is_idempotent() {
    let home = tempfile::tempdir().unwrap();
    let nested = home.path().join("a/b/chkmate-home");
    let store = Store::open(&nested).unwrap();
    assert_eq!(store.path(), nested.join(DB_FILE_NAME));
    assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA_VERSION);
    assert_eq!(store.journal_mode().unwrap(), "wal");
    let id = store
        .record_audit_run(&run("/repo", 90, at(0)), &[])
        .unwrap();
    drop(store);

    for _ in 0..3 {
        let again = Store::open(&nested).unwrap();
        assert_eq!(again.schema_version().unwrap(), LATEST_SCHEMA_VERSION);
        let runs = again.audit_runs(None, 10).unwrap();
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].id, id);
    }
    // Each migration is recorded exactly once.
    assert_eq!(
        raw_count(&nested, "SELECT count(*) FROM schema_migrations"),
        LATEST_SCHEMA_VERSION
    );
    assert_eq!(
        raw_count(
            &nested,
            "SELECT count(DISTINCT version) FROM schema_migrations"
        ),
        LATEST_SCHEMA_VERSION
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(nested.join(DB_FILE_NAME))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "the database is private to its owner");
    }
}

#[test]
fn a_newer_schema_is_refused_with_a_clear_error() {
    let home = tempfile::tempdir().unwrap();
    drop(Store::open(home.path()).unwrap());
    let conn = rusqlite::Connection::open(home.path().join(DB_FILE_NAME)).unwrap();
    conn.execute(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, 'future', 'x')",
        [LATEST_SCHEMA_VERSION + 1],
    )
    .unwrap();
    drop(conn);
    let err = Store::open(home.path()).unwrap_err();
    match &err {
        StoreError::SchemaTooNew { found, known, .. } => {
            assert_eq!(*found, LATEST_SCHEMA_VERSION + 1);
            assert_eq!(*known, LATEST_SCHEMA_VERSION);
        }
        other => panic!("expected SchemaTooNew, got {other:?}"),
    }
    let msg = err.to_string();
    assert!(msg.contains("newer than this chkmate supports"), "{msg}");
    assert!(msg.contains(DB_FILE_NAME), "{msg}");
}

#[test]
fn a_non_sqlite_file_gives_a_clear_error() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join(DB_FILE_NAME);
    let garbage: String = "this is not a database, it is a text file\n".repeat(200);
    std::fs::write(&db, &garbage).unwrap();
    let err = Store::open(home.path()).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("not an SQLite database"), "{msg}");
    assert!(msg.contains(&db.display().to_string()), "{msg}");
    // The file is left as it was: the store never overwrites what it cannot read.
    assert_eq!(std::fs::read_to_string(&db).unwrap(), garbage);
}

#[test]
fn a_damaged_database_gives_an_error_not_a_panic() {
    let home = tempfile::tempdir().unwrap();
    {
        let store = Store::open(home.path()).unwrap();
        for i in 0..50 {
            let findings: Vec<NewFinding> = (0..20)
                .map(|j| {
                    finding(
                        "SEC001",
                        Severity::High,
                        &format!("aws_s3_bucket.b{j}"),
                        &format!("{i}-{j}"),
                    )
                })
                .collect();
            store
                .record_audit_run(&run("/repo", 50, at(i)), &findings)
                .unwrap();
        }
    }
    // Fold the WAL into the main file, then overwrite every page after the
    // first with noise: the header is valid, the b-trees are not.
    let conn = rusqlite::Connection::open(home.path().join(DB_FILE_NAME)).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(conn);
    let db = home.path().join(DB_FILE_NAME);
    let mut bytes = std::fs::read(&db).unwrap();
    assert!(bytes.len() > 8192);
    for (i, b) in bytes.iter_mut().enumerate().skip(4096) {
        *b = (i.wrapping_mul(2_654_435_761) >> 7) as u8;
    }
    std::fs::write(&db, &bytes).unwrap();

    // Opening or reading fails with an error naming the file; nothing panics.
    let outcome = Store::open(home.path()).and_then(|s| {
        let runs = s.audit_runs(None, usize::MAX)?;
        for r in runs {
            s.audit_findings(r.id)?;
        }
        Ok(())
    });
    let err = outcome.expect_err("a damaged database must not read back as valid");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("corrupt"), "{msg}");
    assert!(msg.contains(&db.display().to_string()), "{msg}");
}

#[test]
fn a_home_that_is_a_file_gives_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::write(&home, "x").unwrap();
    let err = Store::open(&home).unwrap_err();
    assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("home"));
}

#[test]
fn audit_run_and_findings_round_trip() {
    let home = tempfile::tempdir().unwrap();
    let store = Store::open(home.path()).unwrap();
    let mut new_run = run("/repo/infra", 72, at(100));
    new_run.root_path = "/repo/infra".into();
    new_run.duration_ms = 1234;
    new_run.unknown_count = 3;
    new_run.git = Some(GitInfo {
        commit: "0123456789abcdef0123456789abcdef01234567".into(),
        branch: Some("main".into()),
    });

    let mut suppressed = finding(
        "SEC017",
        Severity::Critical,
        "aws_security_group.web",
        "SSH open to the world",
    );
    suppressed.suppression = Some(Suppression {
        kind: SuppressionKind::Inline,
        reason: Some("bastion, reviewed".into()),
        expires: Some("2030-01-01".into()),
    });
    let mut saving = finding(
        "COST002",
        Severity::Medium,
        "aws_ebs_volume.data",
        "gp2 volume; gp3 is cheaper",
    );
    saving.category = Category::Cost;
    saving.monthly_saving_usd = Some(10.0);
    saving.attribute_path = Some("type".into());
    saving.file = None;
    saving.line = None;
    let findings = vec![
        finding(
            "SEC001",
            Severity::High,
            "aws_s3_bucket.logs",
            "no encryption",
        ),
        finding(
            "SEC006",
            Severity::High,
            "aws_cloudtrail.main",
            "single region",
        ),
        suppressed.clone(),
        saving.clone(),
        finding("REL001", Severity::Info, "aws_db_instance.db", "no backups"),
    ];
    let id = store.record_audit_run(&new_run, &findings).unwrap();

    let row = store.audit_run(id).unwrap().expect("run stored");
    assert_eq!(row.target, "/repo/infra");
    assert_eq!(row.score, 72);
    assert_eq!(row.duration_ms, 1234);
    assert_eq!(row.unknown_count, 3);
    assert_eq!(row.started_at, "2024-06-01T00:01:40.000Z");
    assert_eq!(
        row.git_commit.as_deref(),
        new_run.git.as_ref().map(|g| g.commit.as_str())
    );
    assert_eq!(row.git_branch.as_deref(), Some("main"));
    assert_eq!(row.tool_version, "0.1.0-test");
    // Counts come from the findings: the suppressed critical is not counted.
    assert_eq!(row.counts.critical, 0);
    assert_eq!(row.counts.high, 2);
    assert_eq!(row.counts.medium, 1);
    assert_eq!(row.counts.low, 0);
    assert_eq!(row.counts.info, 1);
    assert_eq!(row.counts.total(), 4);
    assert_eq!(row.total_findings, 5);
    assert_eq!(row.suppressed_count, 1);

    let stored = store.audit_findings(id).unwrap();
    assert_eq!(stored.len(), findings.len());
    for (s, f) in stored.iter().zip(&findings) {
        assert_eq!(s.run_id, id);
        assert_eq!(s.policy_id, f.policy_id);
        assert_eq!(s.severity, f.severity);
        assert_eq!(s.category, f.category);
        assert_eq!(s.resource_address, f.resource_address);
        assert_eq!(s.resource_type, f.resource_type);
        assert_eq!(s.attribute_path, f.attribute_path);
        assert_eq!(s.file, f.file);
        assert_eq!(s.line, f.line);
        assert_eq!(s.message, f.message);
        assert_eq!(s.fingerprint, f.fingerprint);
        assert_eq!(s.suppression, f.suppression);
        assert_eq!(s.monthly_saving_usd, f.monthly_saving_usd);
    }
    assert!(store.audit_run(id + 1000).unwrap().is_none());
    assert!(store.audit_findings(id + 1000).unwrap().is_empty());
}

#[test]
fn new_finding_from_engine_finding_keeps_identity_and_suppression() {
    let f = Finding {
        policy_id: "SEC032".into(),
        title: "Hardcoded secret".into(),
        severity: Severity::Critical,
        category: Category::Security,
        resource_address: "aws_db_instance.main".into(),
        resource_type: "aws_db_instance".into(),
        span: None,
        message: "password is a literal: hunt****".into(),
        attribute_path: Some("password".into()),
        fix: FixInfo {
            available: false,
            applicability: Applicability::None,
        },
        compliance: vec![],
        suppressed: Some(Suppression {
            kind: SuppressionKind::Baseline,
            reason: None,
            expires: None,
        }),
        monthly_saving_usd: None,
        fingerprint: fingerprint("SEC032", "aws_db_instance.main", Some("password")),
    };
    let n = NewFinding::from_finding(&f, Some("db.tf".into()), Some(7));
    assert_eq!(n.policy_id, "SEC032");
    assert_eq!(n.fingerprint, f.fingerprint);
    assert_eq!(n.attribute_path.as_deref(), Some("password"));
    assert_eq!(n.file.as_deref(), Some("db.tf"));
    assert_eq!(n.line, Some(7));
    assert_eq!(n.suppression, f.suppressed);

    let home = tempfile::tempdir().unwrap();
    let store = Store::open(home.path()).unwrap();
    let id = store
        .record_audit_run(&run("/x", 0, at(0)), std::slice::from_ref(&n))
        .unwrap();
    let back = store.audit_findings(id).unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(
        back[0].suppression.as_ref().map(|s| s.kind),
        Some(SuppressionKind::Baseline)
    );
    assert_eq!(back[0].message, "password is a literal: hunt****");
}

#[test]
fn history_is_newest_first_filtered_and_limited() {
    let home = tempfile::tempdir().unwrap();
    let store = Store::open(home.path()).unwrap();
    // Recorded out of time order, and two runs with the same start time.
    let plan = [
        ("/a", 30u64, 60u8),
        ("/b", 10, 80),
        ("/a", 10, 50),
        ("/a", 50, 70),
        ("/a", 50, 75),
        ("/b", 40, 90),
    ];
    let mut ids = Vec::new();
    for (target, secs, score) in plan {
        ids.push(
            store
                .record_audit_run(&run(target, score, at(secs)), &[])
                .unwrap(),
        );
    }
    let a = store.audit_runs(Some("/a"), 100).unwrap();
    let scores: Vec<u8> = a.iter().map(|r| r.score).collect();
    // Newest first; equal start times: the later recorded first.
    assert_eq!(scores, vec![75, 70, 60, 50]);
    assert!(a.windows(2).all(|w| w[0].started_at >= w[1].started_at));
    assert_eq!(a[0].id, ids[4]);

    let limited = store.audit_runs(Some("/a"), 2).unwrap();
    assert_eq!(
        limited.iter().map(|r| r.score).collect::<Vec<_>>(),
        vec![75, 70]
    );

    let all = store.audit_runs(None, usize::MAX).unwrap();
    assert_eq!(
        all.iter().map(|r| r.score).collect::<Vec<_>>(),
        vec![75, 70, 90, 60, 50, 80]
    );
    assert!(store.audit_runs(Some("/none"), 10).unwrap().is_empty());
    assert!(store.audit_runs(None, 0).unwrap().is_empty());
}

#[test]
fn invalid_values_are_rejected_and_nothing_is_stored() {
    let home = tempfile::tempdir().unwrap();
    let store = Store::open(home.path()).unwrap();

    let err = store
        .record_audit_run(&run("/r", 101, at(0)), &[])
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");

    let good = finding("SEC001", Severity::High, "aws_s3_bucket.a", "m");
    let mut nan = finding("COST002", Severity::Low, "aws_ebs_volume.v", "m");
    nan.monthly_saving_usd = Some(f64::NAN);
    let err = store
        .record_audit_run(&run("/r", 50, at(0)), &[good.clone(), nan])
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");

    let mut line0 = good.clone();
    line0.line = Some(0);
    assert!(store
        .record_audit_run(&run("/r", 50, at(0)), &[line0])
        .is_err());

    let mut negative = NewCostEstimate {
        project: "/r".into(),
        started_at: at(0),
        git: None,
        baseline_monthly_usd: -1.0,
        usage_monthly_usd: None,
        not_found_count: 0,
        snapshot_id: "s".into(),
        tool_version: "t".into(),
    };
    assert!(store.record_cost_estimate(&negative, &[]).is_err());
    negative.baseline_monthly_usd = 1.0;
    let bad_resource = NewCostResource {
        address: "aws_instance.a".into(),
        resource_type: "aws_instance".into(),
        monthly_usd: Some(f64::INFINITY),
    };
    assert!(store
        .record_cost_estimate(&negative, &[bad_resource])
        .is_err());

    assert!(store.audit_runs(None, usize::MAX).unwrap().is_empty());
    assert!(store.cost_history(None, usize::MAX).unwrap().is_empty());
    assert_eq!(
        raw_count(home.path(), "SELECT count(*) FROM audit_findings"),
        0
    );
}

#[test]
fn cost_estimates_round_trip_in_history_order() {
    let home = tempfile::tempdir().unwrap();
    let store = Store::open(home.path()).unwrap();
    let estimate = |secs: u64, baseline: f64| NewCostEstimate {
        project: "/repo/app".into(),
        started_at: at(secs),
        git: Some(GitInfo {
            commit: "89abcdef0123456789abcdef0123456789abcdef".into(),
            branch: None,
        }),
        baseline_monthly_usd: baseline,
        usage_monthly_usd: None,
        not_found_count: 1,
        snapshot_id: "aws-2025-01-15".into(),
        tool_version: "0.1.0-test".into(),
    };
    let resources = vec![
        NewCostResource {
            address: "aws_instance.web".into(),
            resource_type: "aws_instance".into(),
            monthly_usd: Some(30.37),
        },
        NewCostResource {
            address: "aws_iam_role.r".into(),
            resource_type: "aws_iam_role".into(),
            monthly_usd: Some(0.0),
        },
        NewCostResource {
            address: "aws_made_up.x".into(),
            resource_type: "aws_made_up".into(),
            monthly_usd: None,
        },
    ];
    let first = store
        .record_cost_estimate(&estimate(10, 30.37), &resources)
        .unwrap();
    let mut with_usage = estimate(20, 63.22);
    with_usage.usage_monthly_usd = Some(4.5);
    let second = store
        .record_cost_estimate(&with_usage, &resources[..1])
        .unwrap();
    let mut other = estimate(15, 5.0);
    other.project = "/repo/other".into();
    store.record_cost_estimate(&other, &[]).unwrap();

    let history = store.cost_history(Some("/repo/app"), 10).unwrap();
    assert_eq!(
        history.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![second, first]
    );
    assert_eq!(history[0].baseline_monthly_usd, 63.22);
    assert_eq!(history[0].usage_monthly_usd, Some(4.5));
    assert_eq!(history[0].resource_count, 1);
    assert_eq!(history[1].usage_monthly_usd, None);
    assert_eq!(history[1].resource_count, 3);
    assert_eq!(history[1].not_found_count, 1);
    assert_eq!(history[1].snapshot_id, "aws-2025-01-15");
    assert_eq!(history[1].git_branch, None);
    assert_eq!(history[1].started_at, "2024-06-01T00:00:10.000Z");
    assert_eq!(store.cost_history(None, 10).unwrap().len(), 3);

    let back = store.cost_estimate_resources(first).unwrap();
    assert_eq!(back.len(), 3);
    for (b, r) in back.iter().zip(&resources) {
        assert_eq!(b.estimate_id, first);
        assert_eq!(b.address, r.address);
        assert_eq!(b.resource_type, r.resource_type);
        assert_eq!(b.monthly_usd, r.monthly_usd);
    }
    // "Not priced" stays distinct from "free".
    assert_eq!(back[1].monthly_usd, Some(0.0));
    assert_eq!(back[2].monthly_usd, None);
    assert_eq!(
        store.cost_estimate(first).unwrap().map(|e| e.id),
        Some(first)
    );
}

#[test]
fn budget_round_trip_update_and_delete() {
    let home = tempfile::tempdir().unwrap();
    let store = Store::open(home.path()).unwrap();
    assert!(store.get_budget("/repo/app").unwrap().is_none());

    let budget = Budget {
        project: "/repo/app".into(),
        monthly_usd: Some(500.0),
        max_increase_usd: None,
        max_increase_pct: Some(10.0),
    };
    store.set_budget(&budget).unwrap();
    let row = store.get_budget("/repo/app").unwrap().expect("stored");
    assert_eq!(row.budget, budget);
    assert!(row.updated_at.ends_with('Z') && row.updated_at.len() == 24);

    let changed = Budget {
        monthly_usd: None,
        max_increase_usd: Some(25.5),
        ..budget.clone()
    };
    store.set_budget(&changed).unwrap();
    assert_eq!(
        store.get_budget("/repo/app").unwrap().unwrap().budget,
        changed
    );
    assert!(row.updated_at <= store.get_budget("/repo/app").unwrap().unwrap().updated_at);

    let other = Budget {
        project: "/repo/other".into(),
        monthly_usd: Some(0.0),
        max_increase_usd: None,
        max_increase_pct: None,
    };
    store.set_budget(&other).unwrap();
    let all = store.budgets().unwrap();
    assert_eq!(
        all.iter()
            .map(|b| b.budget.project.as_str())
            .collect::<Vec<_>>(),
        vec!["/repo/app", "/repo/other"]
    );

    let empty = Budget {
        project: "/x".into(),
        monthly_usd: None,
        max_increase_usd: None,
        max_increase_pct: None,
    };
    assert!(matches!(
        store.set_budget(&empty),
        Err(StoreError::Invalid(_))
    ));
    let negative = Budget {
        monthly_usd: Some(-5.0),
        ..empty.clone()
    };
    assert!(matches!(
        store.set_budget(&negative),
        Err(StoreError::Invalid(_))
    ));

    assert!(store.delete_budget("/repo/app").unwrap());
    assert!(!store.delete_budget("/repo/app").unwrap());
    assert!(store.get_budget("/repo/app").unwrap().is_none());
    // Survives reopening.
    drop(store);
    let store = Store::open(home.path()).unwrap();
    assert_eq!(
        store.get_budget("/repo/other").unwrap().unwrap().budget,
        other
    );
}

#[test]
fn target_key_is_canonical() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let direct = target_key(dir.path());
    assert_eq!(target_key(&dir.path().join("sub/..")), direct);
    assert!(Path::new(&direct).is_absolute());
    let missing = target_key(Path::new("no/such/dir"));
    assert!(Path::new(&missing).is_absolute(), "{missing}");
    assert!(missing.ends_with("no/such/dir"), "{missing}");
}

#[test]
fn a_lock_held_past_the_busy_timeout_is_retried() {
    let home = tempfile::tempdir().unwrap();
    let options = StoreOptions {
        busy_timeout: Duration::from_millis(20),
        busy_retries: 8,
        retry_backoff: Duration::from_millis(50),
    };
    let store = Store::open_with(home.path(), &options).unwrap();

    // Another connection takes the write lock and keeps it for 400 ms, far
    // past the 20 ms busy timeout.
    let locked = Arc::new(Barrier::new(2));
    let holder = {
        let db = store.path().to_path_buf();
        let locked = Arc::clone(&locked);
        std::thread::spawn(move || {
            let conn = rusqlite::Connection::open(db).unwrap();
            conn.execute_batch("BEGIN IMMEDIATE").unwrap();
            locked.wait();
            std::thread::sleep(Duration::from_millis(400));
            conn.execute_batch("COMMIT").unwrap();
        })
    };
    locked.wait();
    let started = Instant::now();
    let id = store
        .record_audit_run(
            &run("/r", 10, at(0)),
            &[finding("SEC001", Severity::Low, "a.b", "m")],
        )
        .expect("retried until the lock was released");
    assert!(started.elapsed() >= Duration::from_millis(300));
    holder.join().unwrap();
    assert_eq!(store.audit_findings(id).unwrap().len(), 1);
}

#[test]
fn a_lock_held_through_every_retry_is_a_clear_busy_error() {
    let home = tempfile::tempdir().unwrap();
    let options = StoreOptions {
        busy_timeout: Duration::from_millis(10),
        busy_retries: 2,
        retry_backoff: Duration::from_millis(10),
    };
    let store = Store::open_with(home.path(), &options).unwrap();
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = store
        .record_audit_run(
            &run("/r", 10, at(0)),
            &[finding("SEC001", Severity::Low, "a.b", "m")],
        )
        .unwrap_err();
    match &err {
        StoreError::Busy { attempts, .. } => assert_eq!(*attempts, 3),
        other => panic!("expected Busy, got {other:?}"),
    }
    assert!(err.to_string().contains("locked"), "{err}");
    conn.execute_batch("COMMIT").unwrap();
    drop(conn);
    // Nothing half-written; the store works once the lock is gone.
    assert!(store.audit_runs(None, 10).unwrap().is_empty());
    assert_eq!(
        raw_count(home.path(), "SELECT count(*) FROM audit_findings"),
        0
    );
    store.record_audit_run(&run("/r", 10, at(0)), &[]).unwrap();
}

// ---------------------------------------------------------------------------
// Concurrent writers. Each writer records RUNS runs of FINDINGS findings (and a
// cost estimate every fifth run) under its own target; afterwards every run and
// every finding must be there, exactly once, intact.

const WRITERS: usize = 8;
const RUNS: usize = 25;
const FINDINGS: usize = 12;

fn writer_target(writer: usize) -> String {
    format!("/ci/job-{writer}")
}

fn writer_findings(writer: usize, run: usize) -> Vec<NewFinding> {
    (0..FINDINGS)
        .map(|j| {
            let severity = Severity::ALL[j % Severity::ALL.len()];
            let mut f = finding(
                "SEC002",
                severity,
                &format!("aws_security_group.sg_{j}"),
                &format!("writer {writer} run {run} finding {j}"),
            );
            if j % 4 == 3 {
                f.suppression = Some(Suppression {
                    kind: SuppressionKind::Config,
                    reason: Some(format!("w{writer}")),
                    expires: None,
                });
            }
            f
        })
        .collect()
}

/// One writer's work on its own connection.
fn write_as(store: &Store, writer: usize) {
    for r in 0..RUNS {
        let new_run = run(&writer_target(writer), (r % 101) as u8, at(r as u64));
        store
            .record_audit_run(&new_run, &writer_findings(writer, r))
            .unwrap_or_else(|e| panic!("writer {writer} run {r}: {e}"));
        if r % 5 == 0 {
            let estimate = NewCostEstimate {
                project: writer_target(writer),
                started_at: at(r as u64),
                git: None,
                baseline_monthly_usd: r as f64,
                usage_monthly_usd: None,
                not_found_count: 0,
                snapshot_id: "snap".into(),
                tool_version: "t".into(),
            };
            let resources = [NewCostResource {
                address: format!("aws_instance.w{writer}"),
                resource_type: "aws_instance".into(),
                monthly_usd: Some(1.0),
            }];
            store
                .record_cost_estimate(&estimate, &resources)
                .unwrap_or_else(|e| panic!("writer {writer} estimate {r}: {e}"));
            store
                .set_budget(&Budget {
                    project: writer_target(writer),
                    monthly_usd: Some(r as f64),
                    max_increase_usd: None,
                    max_increase_pct: None,
                })
                .unwrap_or_else(|e| panic!("writer {writer} budget {r}: {e}"));
        }
        // Readers run between the writes of the others.
        store.audit_runs(None, 5).unwrap();
    }
}

fn assert_everything_written(home: &Path) {
    let store = Store::open(home).unwrap();
    let all = store.audit_runs(None, usize::MAX).unwrap();
    assert_eq!(all.len(), WRITERS * RUNS, "runs lost");
    let mut ids: Vec<i64> = all.iter().map(|r| r.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), WRITERS * RUNS, "duplicate run ids");

    for w in 0..WRITERS {
        let runs = store
            .audit_runs(Some(&writer_target(w)), usize::MAX)
            .unwrap();
        assert_eq!(runs.len(), RUNS, "writer {w} lost runs");
        for (pos, row) in runs.iter().enumerate() {
            // Newest first: run index RUNS-1 down to 0.
            let r = RUNS - 1 - pos;
            assert_eq!(row.score as usize, r % 101);
            let expected = writer_findings(w, r);
            let stored = store.audit_findings(row.id).unwrap();
            assert_eq!(stored.len(), FINDINGS, "writer {w} run {r} lost findings");
            for (s, e) in stored.iter().zip(&expected) {
                assert_eq!(s.message, e.message);
                assert_eq!(s.severity, e.severity);
                assert_eq!(s.suppression, e.suppression);
            }
            let suppressed = expected.iter().filter(|f| f.suppression.is_some()).count();
            assert_eq!(row.suppressed_count as usize, suppressed);
            assert_eq!(row.total_findings as usize, FINDINGS);
            assert_eq!(row.counts.total() as usize, FINDINGS - suppressed);
        }
        let estimates = store
            .cost_history(Some(&writer_target(w)), usize::MAX)
            .unwrap();
        assert_eq!(
            estimates.len(),
            RUNS.div_ceil(5),
            "writer {w} lost estimates"
        );
        assert!(estimates.iter().all(|e| e.resource_count == 1));
        let budget = store
            .get_budget(&writer_target(w))
            .unwrap()
            .expect("budget");
        assert_eq!(budget.budget.monthly_usd, Some(((RUNS - 1) / 5 * 5) as f64));
    }
    assert_eq!(
        raw_count(home, "SELECT count(*) FROM audit_findings") as usize,
        WRITERS * RUNS * FINDINGS
    );
    assert_eq!(
        raw_count(home, "SELECT count(*) FROM audit_findings f LEFT JOIN audit_runs r ON r.id = f.run_id WHERE r.id IS NULL"),
        0
    );
}

#[test]
fn eight_threads_writing_at_once_lose_nothing() {
    let home = tempfile::tempdir().unwrap();
    let start = Arc::new(Barrier::new(WRITERS));
    let handles: Vec<_> = (0..WRITERS)
        .map(|w| {
            let home: PathBuf = home.path().to_path_buf();
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                // Separate connections, and even the first open (which
                // migrates the new store) happens at once.
                start.wait();
                let store = Store::open(&home).unwrap();
                write_as(&store, w);
            })
        })
        .collect();
    for h in handles {
        h.join().expect("writer thread panicked");
    }
    assert_everything_written(home.path());
}

const CHILD_ENV: &str = "CHKMATE_STORE_TEST_WRITER";
const GO_ENV: &str = "CHKMATE_STORE_TEST_GO";

/// The body of one child process of `eight_processes_writing_at_once_lose_nothing`:
/// the test binary re-invokes itself with this (ignored) test selected.
#[test]
#[ignore = "run by eight_processes_writing_at_once_lose_nothing in child processes"]
fn store_child_writer() {
    let Some(writer) = std::env::var(CHILD_ENV)
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    else {
        return;
    };
    let go = PathBuf::from(std::env::var_os(GO_ENV).expect("go file"));
    let deadline = Instant::now() + Duration::from_secs(60);
    while !go.exists() {
        assert!(Instant::now() < deadline, "never told to start");
        std::thread::sleep(Duration::from_millis(2));
    }
    // The child finds the store through CHKMATE_HOME, as chkmate does.
    let store = Store::open_default().unwrap();
    write_as(&store, writer);
}

#[test]
fn eight_processes_writing_at_once_lose_nothing() {
    let home = tempfile::tempdir().unwrap();
    let go = home.path().join("go");
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..WRITERS)
        .map(|w| {
            Command::new(&exe)
                .args([
                    "store_child_writer",
                    "--exact",
                    "--ignored",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(CHILD_ENV, w.to_string())
                .env(GO_ENV, &go)
                .env("CHKMATE_HOME", home.path())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    // Every child is started and polling: release them together.
    std::thread::sleep(Duration::from_millis(200));
    std::fs::write(&go, "go").unwrap();
    for (w, child) in children.into_iter().enumerate() {
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "writer process {w} failed: {}\n{stdout}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        // The child really ran the writer (one test, not zero).
        assert!(
            stdout.contains("1 passed"),
            "writer process {w} ran nothing:\n{stdout}"
        );
    }
    assert_everything_written(home.path());
}
