//! The audit store through the binary: concurrent audits on one store, `--no-store`,
//! `chkmate history [PATH]` (filter, JSON, the score trend) and git commits.
//!
//! Every test uses its own `CHKMATE_HOME` (a temporary directory) and
//! `NO_COLOR=1`. The stored findings are also read back through the library's
//! store API, so "each run has its findings" is checked on the rows themselves.

use chkmate::store::Store;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

const HIGH: &str = "tests/fixtures/cli/high";
const CLEAN: &str = "tests/fixtures/cli/clean";

fn command(home: &Path, cwd: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_chkmate"));
    cmd.args(args)
        .current_dir(cwd)
        .env("CHKMATE_HOME", home)
        .env("NO_COLOR", "1");
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("TF_VAR_") {
            cmd.env_remove(&k);
        }
    }
    cmd
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run_at(home: &Path, cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let out = command(home, cwd, args).output().expect("chkmate runs");
    decode(out)
}

fn run(home: &Path, args: &[&str]) -> (i32, String, String) {
    run_at(home, root(), args)
}

fn decode(out: Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `history --format json` runs, newest first.
fn history(home: &Path, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["history", "--format", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = run(home, &args);
    assert_eq!(code, 0, "{err}");
    let j: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    j["runs"].as_array().expect("runs[]").clone()
}

#[test]
fn eight_audits_started_at_once_all_land() {
    let home = tempfile::tempdir().unwrap();
    // Start all eight before waiting for any.
    let children: Vec<_> = (0..8)
        .map(|_| {
            command(home.path(), root(), &["audit", HIGH, "--format", "json"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn chkmate")
        })
        .collect();
    for child in children {
        let (code, out, err) = decode(child.wait_with_output().unwrap());
        assert_eq!(code, 1, "{err}");
        assert!(
            !err.contains("not recorded"),
            "a concurrent run lost its write: {err}"
        );
        let j: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(j["findings"].as_array().unwrap().len(), 2);
    }

    let runs = history(home.path(), &[]);
    assert_eq!(runs.len(), 8, "{runs:#?}");
    let mut ids: Vec<i64> = runs.iter().map(|r| r["id"].as_i64().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 8, "run ids are not distinct");
    let store = Store::open(home.path()).unwrap();
    for r in &runs {
        assert_eq!(r["total_findings"], 2, "{r}");
        assert_eq!(r["counts"]["high"], 1, "{r}");
        assert_eq!(r["counts"]["medium"], 1, "{r}");
        assert_eq!(r["score"], 86, "{r}");
        let target = r["target"].as_str().unwrap();
        assert!(target.ends_with("fixtures/cli/high"), "{target}");
        // The findings themselves are linked to their run.
        let rows = store.audit_findings(r["id"].as_i64().unwrap()).unwrap();
        let mut policies: Vec<String> = rows.iter().map(|f| f.policy_id.clone()).collect();
        policies.sort();
        assert_eq!(policies, ["SEC002", "SEC021"], "run {}", r["id"]);
    }
}

#[test]
fn no_store_records_nothing() {
    let home = tempfile::tempdir().unwrap();
    let (code, _, err) = run(home.path(), &["audit", HIGH, "--no-store"]);
    assert_eq!(code, 1, "{err}");
    let (code, _, err) = run(home.path(), &["audit", CLEAN, "--no-store"]);
    assert_eq!(code, 0, "{err}");
    assert!(history(home.path(), &[]).is_empty());
    let (code, out, _) = run(home.path(), &["history"]);
    assert_eq!(code, 0);
    assert!(out.contains("No audit runs"), "{out}");
    // And a stored run does show up in the same home.
    run(home.path(), &["audit", CLEAN]);
    assert_eq!(history(home.path(), &[]).len(), 1);
}

#[test]
fn history_path_filters_by_target() {
    let home = tempfile::tempdir().unwrap();
    for target in [HIGH, CLEAN, HIGH] {
        run(home.path(), &["audit", target]);
    }
    assert_eq!(history(home.path(), &[]).len(), 3);
    let high = history(home.path(), &[HIGH]);
    assert_eq!(high.len(), 2, "{high:#?}");
    assert!(high.iter().all(|r| r["score"] == 86));
    let clean = history(home.path(), &[CLEAN]);
    assert_eq!(clean.len(), 1);
    assert_eq!(clean[0]["score"], 100);
    assert_eq!(clean[0]["total_findings"], 0);
    // The same directory written differently is the same target.
    let abs = root().join(HIGH);
    assert_eq!(history(home.path(), &[&abs.to_string_lossy()]).len(), 2);
    let (code, out, _) = run_at(
        home.path(),
        &root().join(HIGH),
        &["history", ".", "--format", "json"],
    );
    assert_eq!(code, 0);
    let j: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["runs"].as_array().unwrap().len(), 2);
    // A target never audited has no runs.
    assert!(history(home.path(), &["tests/fixtures/cli/suppressed"]).is_empty());
    // --limit keeps the newest.
    let limited = history(home.path(), &["--limit", "1"]);
    assert_eq!(limited.len(), 1);
    assert!(limited[0]["target"]
        .as_str()
        .unwrap()
        .ends_with("fixtures/cli/high"));
}

#[test]
fn table_shows_the_score_trend() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("infra");
    std::fs::create_dir(&dir).unwrap();
    let main = dir.join("main.tf");
    let d = dir.to_string_lossy().to_string();
    let efs = |encrypted: &str| {
        format!("resource \"aws_efs_file_system\" \"a\" {{\n  encrypted = {encrypted}\n}}\n")
    };
    // Three runs (two policies, so other checks do not move the score): a high
    // finding, then fixed, then a critical one added.
    std::fs::write(&main, efs("false")).unwrap();
    run(home.path(), &["audit", &d, "--only", "SEC025,SEC005"]);
    std::fs::write(&main, efs("true")).unwrap();
    run(home.path(), &["audit", &d, "--only", "SEC025,SEC005"]);
    std::fs::write(
        &main,
        format!(
            "{}\nresource \"aws_db_instance\" \"db\" {{\n  engine              = \"postgres\"\n  instance_class      = \"db.t4g.micro\"\n  publicly_accessible = true\n  storage_encrypted   = true\n  deletion_protection = true\n}}\n",
            efs("true")
        ),
    )
    .unwrap();
    run(home.path(), &["audit", &d, "--only", "SEC025,SEC005"]);

    let runs = history(home.path(), &[&d]);
    assert_eq!(runs.len(), 3);
    let scores: Vec<u64> = runs
        .iter()
        .rev()
        .map(|r| r["score"].as_u64().unwrap())
        .collect();
    assert_eq!(scores[0], 90, "one high finding");
    assert_eq!(scores[1], 100, "fixed");
    assert!(scores[2] < 100, "a critical finding was added: {scores:?}");

    let (code, out, err) = run(home.path(), &["history", &d]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains('\u{1b}'), "{out}");
    let trend = out
        .lines()
        .find(|l| l.contains("trend"))
        .unwrap_or_else(|| panic!("no trend line:\n{out}"));
    let bars: Vec<char> = trend
        .chars()
        .filter(|c| ('\u{2581}'..='\u{2588}').contains(c))
        .collect();
    assert_eq!(bars.len(), 3, "one bar per run: {trend}");
    assert!(
        bars[0] < bars[1] && bars[2] < bars[1],
        "bars follow the scores {scores:?}: {trend}"
    );
    assert!(
        out.contains(&format!("{} → {}", scores[0], scores[2])),
        "no first → last summary:\n{out}"
    );
    for s in &scores {
        assert!(out.contains(&s.to_string()));
    }
}

#[test]
fn runs_in_a_git_repository_record_the_commit() {
    let home = tempfile::tempdir().unwrap();
    let repo = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(repo.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", "chkmate test")
            .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
            .env("GIT_COMMITTER_NAME", "chkmate test")
            .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    git(&["init", "-q", "-b", "main"]);
    std::fs::write(
        repo.path().join("main.tf"),
        "resource \"aws_efs_file_system\" \"a\" {\n  encrypted = false\n}\n",
    )
    .unwrap();
    git(&["add", "main.tf"]);
    git(&["commit", "-q", "-m", "efs"]);
    let head = git(&["rev-parse", "HEAD"]);
    let (code, _, err) = run_at(home.path(), repo.path(), &["audit", "."]);
    assert_eq!(code, 1, "{err}");
    let runs = history(home.path(), &[]);
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0]["git_commit"], head.as_str());
    assert_eq!(runs[0]["git_branch"], "main");
    // Outside a repository there is no commit, not a made-up one.
    let plain = tempfile::tempdir().unwrap();
    std::fs::write(plain.path().join("main.tf"), "locals {}\n").unwrap();
    run(home.path(), &["audit", &plain.path().to_string_lossy()]);
    let runs = history(home.path(), &[&plain.path().to_string_lossy()]);
    assert_eq!(runs.len(), 1);
    assert!(runs[0]["git_commit"].is_null(), "{}", runs[0]);
}
