//! The pre-commit hooks in `.pre-commit-hooks.yaml`, run by the real `pre-commit`.
//!
//! `pre-commit` comes from the test virtualenv: `$(dirname $CHKMATE_TEST_PYTHON)/pre-commit`
//! (scripts/test.sh sets CHKMATE_TEST_PYTHON), else `pre-commit` on PATH. When
//! neither exists the tests fail with a message saying how to get it; they never
//! skip. The `chkmate-audit-system` hook runs the `chkmate` on PATH, so PATH is
//! prefixed with the directory of the binary under test.
//!
//! `pre-commit try-repo` is run against the hook repository in two ways:
//! - a fresh `git clone` of this repository (what CI has), with the work tree's
//!   `.pre-commit-hooks.yaml` committed on top when it differs from HEAD's;
//! - this repository's root itself, as a developer runs it (pre-commit makes a
//!   shadow commit of uncommitted changes to tracked files) — only when the hook
//!   file is tracked by git, because pre-commit's shadow commit leaves untracked
//!   files out; before the file is first committed the clone covers it.
//!
//! Each check uses a temporary project repository (git init, a `.tf` file with a
//! problem, commit) and its own `PRE_COMMIT_HOME` and `CHKMATE_HOME`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::{pre_commit, repo_root, HOOKS_FILE};

/// PATH with the directory of the chkmate binary under test first.
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

/// A git command in a repository of our own (a temporary project or clone),
/// with an isolated configuration (no signing hooks or templates of the user)
/// and a fixed identity.
fn git(dir: &Path, args: &[&str]) -> String {
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
        "git {args:?} in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Whether a git command succeeds. The user's configuration is kept: these
/// commands read this repository, which CI may have marked `safe.directory`.
fn git_ok(dir: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Scratch space of one check: the project repository and the homes.
struct Sandbox {
    tmp: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let s = Sandbox {
            tmp: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(s.project()).unwrap();
        git(&s.project(), &["init", "-q"]);
        s
    }

    fn project(&self) -> PathBuf {
        self.tmp.path().join("project")
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.project().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn commit(&self, message: &str) {
        git(&self.project(), &["add", "-A"]);
        git(&self.project(), &["commit", "-q", "-m", message]);
    }

    /// `pre-commit try-repo HOOK_REPO HOOK [extra...]` in the project; returns
    /// (exit code, stdout + stderr).
    fn try_repo(&self, hook_repo: &Path, hook: &str, extra: &[&str]) -> (i32, String) {
        let out = Command::new(pre_commit())
            .arg("try-repo")
            .arg(hook_repo)
            .arg(hook)
            .args(extra)
            .current_dir(self.project())
            .env("PATH", path_with_chkmate())
            .env("PRE_COMMIT_HOME", self.tmp.path().join("pre-commit-home"))
            .env("CHKMATE_HOME", self.tmp.path().join("chkmate-home"))
            .env("NO_COLOR", "1")
            // The user's git configuration is kept (pre-commit reads the hook
            // repository, which CI may have marked `safe.directory`); the
            // identity is fixed for pre-commit's shadow commit.
            .env("GIT_AUTHOR_NAME", "chkmate test")
            .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
            .env("GIT_COMMITTER_NAME", "chkmate test")
            .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .output()
            .expect("pre-commit runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code().unwrap_or(-1), text)
    }
}

/// A fresh clone of this repository with the work tree's hook file committed in
/// it (when HEAD's differs or is missing). Returns the temp dir holding it and the
/// clone's path.
fn fresh_clone() -> (tempfile::TempDir, PathBuf) {
    let root = repo_root();
    assert!(
        git_ok(root, &["rev-parse", "--git-dir"]),
        "{} is not a git repository: the hooks are tested through a clone of it",
        root.display()
    );
    let tmp = tempfile::tempdir().unwrap();
    let clone = tmp.path().join("chkmate");
    let out = Command::new("git")
        .arg("clone")
        .arg("-q")
        .arg(root)
        .arg(&clone)
        .output()
        .expect("git clone runs");
    assert!(
        out.status.success(),
        "git clone: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mine =
        std::fs::read(root.join(HOOKS_FILE)).expect("the work tree has .pre-commit-hooks.yaml");
    let theirs = std::fs::read(clone.join(HOOKS_FILE)).ok();
    if theirs.as_deref() != Some(mine.as_slice()) {
        std::fs::write(clone.join(HOOKS_FILE), &mine).unwrap();
        git(&clone, &["add", HOOKS_FILE]);
        git(&clone, &["commit", "-q", "-m", "hooks from the work tree"]);
    }
    (tmp, clone)
}

const PROBLEM: &str = r#"resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
  encrypted      = false
}
"#;

const FIXED: &str = r#"resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
  encrypted      = true

  tags = {
    Environment = "dev"
    Owner       = "storage-team"
  }
}

resource "aws_efs_backup_policy" "shared" {
  file_system_id = aws_efs_file_system.shared.id

  backup_policy {
    status = "ENABLED"
  }
}
"#;

/// The audit hook fails on a problem, prints it, and passes once it is fixed.
fn fails_then_passes(hook_repo: &Path) {
    let sb = Sandbox::new();
    sb.write("storage/main.tf", PROBLEM);
    sb.write("README.md", "not Terraform\n");
    sb.commit("efs");

    let (code, out) = sb.try_repo(hook_repo, "chkmate-audit-system", &["--all-files"]);
    assert_eq!(
        code, 1,
        "the hook should fail on an unencrypted EFS:\n{out}"
    );
    assert!(out.contains("chkmate audit"), "{out}");
    assert!(out.contains("Failed"), "{out}");
    assert!(out.contains("SEC025"), "the finding is not printed:\n{out}");
    assert!(out.contains("storage/main.tf:3"), "no file:line:\n{out}");

    sb.write("storage/main.tf", FIXED);
    sb.commit("encrypt efs");
    let (code, out) = sb.try_repo(hook_repo, "chkmate-audit-system", &["--all-files"]);
    assert_eq!(code, 0, "the hook should pass once fixed:\n{out}");
    assert!(out.contains("Passed"), "{out}");
    assert!(!out.contains("SEC025"), "{out}");
}

#[test]
fn hook_from_a_fresh_clone_fails_on_a_problem_and_passes_when_fixed() {
    let (_tmp, clone) = fresh_clone();
    fails_then_passes(&clone);
}

#[test]
fn hook_from_the_repository_root_fails_on_a_problem_and_passes_when_fixed() {
    let root = repo_root();
    if !git_ok(root, &["ls-files", "--error-unmatch", HOOKS_FILE]) {
        // pre-commit's shadow commit of a dirty work tree takes tracked files
        // only; the fresh-clone test covers the uncommitted hook file.
        eprintln!("{HOOKS_FILE} is not committed yet: covered by the fresh-clone test");
        return;
    }
    fails_then_passes(root);
}

#[test]
fn staged_files_are_grouped_by_directory_and_only_their_findings_count() {
    let (_tmp, clone) = fresh_clone();
    let sb = Sandbox::new();
    // network/: the VPC and its flow log are in different files of one module.
    sb.write(
        "network/vpc.tf",
        "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.70.0.0/16\"\n}\n",
    );
    sb.write(
        "network/flow_logs.tf",
        "resource \"aws_flow_log\" \"main\" {\n  vpc_id       = aws_vpc.main.id\n  traffic_type = \"ALL\"\n}\n",
    );
    // storage/: a problem in a file that is not part of the next commit.
    sb.write("storage/main.tf", PROBLEM);
    sb.write("storage/backup.tf", "locals {\n  backup = true\n}\n");
    sb.commit("initial");

    // Every file: network/ is clean only because both of its files are
    // evaluated together; storage/ has the problem.
    let (code, out) = sb.try_repo(&clone, "chkmate-audit-system", &["--all-files"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("SEC025"), "{out}");
    assert!(
        !out.contains("SEC010"),
        "flow log in the other file was not seen:\n{out}"
    );

    // Only staged files: a change to storage/backup.tf and network/vpc.tf.
    sb.write("storage/backup.tf", "locals {\n  backup = false\n}\n");
    sb.write(
        "network/vpc.tf",
        "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.71.0.0/16\"\n}\n",
    );
    git(
        &sb.project(),
        &["add", "storage/backup.tf", "network/vpc.tf"],
    );
    let (code, out) = sb.try_repo(&clone, "chkmate-audit-system", &[]);
    assert_eq!(
        code, 0,
        "storage/main.tf was not staged, its finding must not block:\n{out}"
    );
    assert!(out.contains("Passed"), "{out}");

    // Staging the file with the problem blocks the commit.
    sb.write(
        "storage/main.tf",
        &format!("# Shared files of the team.\n{PROBLEM}"),
    );
    git(&sb.project(), &["add", "storage/main.tf"]);
    let (code, out) = sb.try_repo(&clone, "chkmate-audit-system", &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("SEC025"), "{out}");
}

#[test]
fn hooks_file_is_a_valid_manifest_with_both_audit_hooks() {
    let root = repo_root();
    let out = Command::new(pre_commit())
        .arg("validate-manifest")
        .arg(root.join(HOOKS_FILE))
        .output()
        .expect("pre-commit runs");
    assert!(
        out.status.success(),
        "pre-commit validate-manifest:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    let text = std::fs::read_to_string(root.join(HOOKS_FILE)).unwrap();
    let hooks: Vec<serde_yaml::Value> = serde_yaml::from_str(&text).unwrap();
    let find = |id: &str| {
        hooks
            .iter()
            .find(|h| h["id"].as_str() == Some(id))
            .unwrap_or_else(|| panic!("no hook {id}"))
            .clone()
    };
    let rust = find("chkmate-audit");
    let system = find("chkmate-audit-system");
    assert_eq!(rust["language"].as_str(), Some("rust"));
    assert_eq!(system["language"].as_str(), Some("system"));
    for h in [&rust, &system] {
        assert_eq!(h["entry"].as_str(), Some("chkmate audit"), "{h:?}");
        assert_eq!(h["files"].as_str(), Some(r"\.tf(\.json)?$"), "{h:?}");
        assert_eq!(h["pass_filenames"].as_bool(), Some(true), "{h:?}");
        assert_eq!(h["require_serial"].as_bool(), Some(true), "{h:?}");
    }
    // The files pattern takes Terraform's two syntaxes and nothing else.
    let re = regex::Regex::new(r"\.tf(\.json)?$").unwrap();
    for f in ["main.tf", "a/b/c.tf", "main.tf.json"] {
        assert!(re.is_match(f), "{f}");
    }
    for f in [
        "terraform.tfvars",
        "x.tfvars.json",
        "main.tf.bak",
        "plan.json",
    ] {
        assert!(!re.is_match(f), "{f}");
    }
}

#[test]
fn tf_json_files_are_audited_by_the_hook() {
    let (_tmp, clone) = fresh_clone();
    let sb = Sandbox::new();
    sb.write(
        "json/main.tf.json",
        "{\n  \"resource\": {\n    \"aws_efs_file_system\": {\n      \"shared\": {\n        \"encrypted\": false\n      }\n    }\n  }\n}\n",
    );
    sb.commit("tf json");
    let (code, out) = sb.try_repo(&clone, "chkmate-audit-system", &["--all-files"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("SEC025"), "{out}");
}
