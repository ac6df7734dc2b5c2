//! The `chkmate-cost` pre-commit hook: its manifest entry, and a budget gate run
//! by the real `pre-commit`.
//!
//! `pre-commit` comes from the test virtualenv (`$(dirname $CHKMATE_TEST_PYTHON)`,
//! set by scripts/test.sh), else from PATH; without it the tests fail with a
//! message saying how to get it. The manifest's hook has `language: rust`
//! (pre-commit builds chkmate with cargo); to run it without a release build the
//! test declares a local hook with the manifest's entry, files and
//! pass_filenames and `language: system`, and puts the binary under test first
//! on PATH.

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;

mod common;

use common::{pre_commit, repo_root, HOOKS_FILE};

fn path_with_chkmate() -> OsString {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_chkmate"))
        .parent()
        .expect("binary directory")
        .to_path_buf();
    let mut dirs = vec![bin_dir];
    if let Some(p) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&p));
    }
    std::env::join_paths(dirs).expect("PATH")
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "chkmate test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "chkmate test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The manifest's `chkmate-cost` hook.
fn cost_hook() -> serde_yaml::Value {
    let text = std::fs::read_to_string(repo_root().join(HOOKS_FILE)).expect("hooks file");
    let hooks: Vec<serde_yaml::Value> = serde_yaml::from_str(&text).expect("hooks YAML");
    hooks
        .into_iter()
        .find(|h| h["id"].as_str() == Some("chkmate-cost"))
        .expect("a chkmate-cost hook")
}

#[test]
fn the_manifest_has_a_valid_cost_hook() {
    let out = Command::new(pre_commit())
        .arg("validate-manifest")
        .arg(repo_root().join(HOOKS_FILE))
        .output()
        .expect("pre-commit runs");
    assert!(
        out.status.success(),
        "pre-commit validate-manifest:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let h = cost_hook();
    assert_eq!(h["entry"].as_str(), Some("chkmate cost"));
    assert_eq!(h["language"].as_str(), Some("rust"));
    assert_eq!(h["pass_filenames"].as_bool(), Some(false));
    // The budget is the user's: no args in the manifest.
    assert!(h.get("args").is_none(), "{h:?}");
    let files = regex::Regex::new(h["files"].as_str().expect("files")).expect("regex");
    for f in [
        "main.tf",
        "infra/prod/db.tf",
        "x.tf.json",
        "prod.tfvars",
        "infra/chkmate-usage.yml",
        "infracost-usage.yml",
        ".chkmate.yml",
    ] {
        assert!(files.is_match(f), "{f} should trigger the hook");
    }
    for f in ["README.md", "main.tf.bak", "plan.json"] {
        assert!(!files.is_match(f), "{f} should not trigger the hook");
    }
}

/// Runs the hook with `args` through `pre-commit run --all-files` in a new project.
fn run_hook(args: &[&str]) -> (i32, String) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let project = tmp.path().join("project");
    std::fs::create_dir_all(project.join("infra")).expect("mkdir");
    std::fs::write(
        project.join("infra/main.tf"),
        "provider \"aws\" {\n  region = \"us-east-1\"\n}\n\n\
         resource \"aws_eks_cluster\" \"ops\" {\n  name     = \"ops\"\n  \
         role_arn = \"arn:aws:iam::111122223333:role/ops\"\n\n  vpc_config {\n    \
         subnet_ids = [\"subnet-0a1b2c3d\", \"subnet-0d3c2b1a\"]\n  }\n}\n",
    )
    .expect("main.tf");
    let h = cost_hook();
    let hook = serde_yaml::to_string(&serde_yaml::Value::Sequence(vec![
        serde_yaml::Value::Mapping(
            [
                ("id", h["id"].clone()),
                ("name", h["name"].clone()),
                ("entry", h["entry"].clone()),
                ("language", "system".into()),
                ("files", h["files"].clone()),
                ("pass_filenames", h["pass_filenames"].clone()),
                (
                    "args",
                    serde_yaml::Value::Sequence(args.iter().map(|a| (*a).into()).collect()),
                ),
            ]
            .into_iter()
            .map(|(k, v)| (serde_yaml::Value::from(k), v))
            .collect(),
        ),
    ]))
    .expect("hook YAML");
    let indented: String = hook.lines().map(|l| format!("      {l}\n")).collect();
    std::fs::write(
        project.join(".pre-commit-config.yaml"),
        format!("repos:\n  - repo: local\n    hooks:\n{indented}"),
    )
    .expect("config");
    git(&project, &["init", "-q"]);
    git(&project, &["add", "-A"]);
    git(&project, &["commit", "-q", "-m", "infra"]);
    let out = Command::new(pre_commit())
        .args(["run", "--all-files", "chkmate-cost"])
        .current_dir(&project)
        .env("PATH", path_with_chkmate())
        .env("PRE_COMMIT_HOME", tmp.path().join("pre-commit-home"))
        .env("CHKMATE_HOME", tmp.path().join("chkmate-home"))
        .env("CHKMATE_CACHE_DIR", tmp.path().join("cache"))
        .env("NO_COLOR", "1")
        .env("GIT_AUTHOR_NAME", "chkmate test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "chkmate test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("pre-commit runs");
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn the_hook_blocks_a_commit_over_budget_and_passes_within_it() {
    // The EKS control plane costs $73.00 a month.
    let (code, out) = run_hook(&["infra", "--budget", "50"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("Failed"), "{out}");
    assert!(
        out.contains(
            "budget exceeded: the estimated monthly cost $73.00 is over the budget of $50.00"
        ),
        "{out}"
    );

    let (code, out) = run_hook(&["infra", "--budget", "100"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Passed"), "{out}");
}
