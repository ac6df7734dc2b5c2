//! The git commit and branch a run was made on, read by running `git` itself.

use std::path::Path;
use std::process::{Command, Stdio};

/// Where in version control an audited path was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GitInfo {
    /// The full object id of `HEAD` (40 hex digits, 64 in SHA-256 repositories).
    pub commit: String,
    /// The checked-out branch; `None` on a detached `HEAD` (as in most CI
    /// checkouts of a pull request).
    pub branch: Option<String>,
}

/// Runs `git rev-parse HEAD` and `git rev-parse --abbrev-ref HEAD` in `path`'s
/// directory (its parent when `path` is a file). `None` when `path` is not in a
/// git work tree, the repository has no commit yet, or `git` is not installed.
pub fn git_info(path: &Path) -> Option<GitInfo> {
    let dir = if path.is_dir() {
        path
    } else {
        match path.parent() {
            Some(p) if p.as_os_str().is_empty() => Path::new("."),
            Some(p) => p,
            None => return None,
        }
    };
    if !dir.is_dir() {
        return None;
    }
    let commit = rev_parse(dir, &["HEAD"])?;
    let valid_commit =
        (commit.len() == 40 || commit.len() == 64) && commit.bytes().all(|b| b.is_ascii_hexdigit());
    if !valid_commit {
        return None;
    }
    let branch = rev_parse(dir, &["--abbrev-ref", "HEAD"]).filter(|b| b != "HEAD");
    Some(GitInfo { commit, branch })
}

fn rev_parse(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .arg("rev-parse")
        .args(args)
        // Discover the repository from `dir`, not from variables a calling git
        // hook may have set relative to another directory.
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    let line = text.trim();
    if line.is_empty() {
        None
    } else {
        Some(line.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args([
                "-c",
                "user.name=chkmate test",
                "-c",
                "user.email=test@example.invalid",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=trunk",
            ])
            .args(args)
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?} failed");
    }

    #[test]
    fn reads_commit_and_branch_and_detached_head() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path();
        git(repo, &["init", "-q"]);
        // No commit yet: nothing to report.
        assert_eq!(git_info(repo), None);

        std::fs::create_dir(repo.join("infra")).unwrap();
        std::fs::write(
            repo.join("infra/main.tf"),
            "resource \"aws_sqs_queue\" \"q\" {}\n",
        )
        .unwrap();
        git(repo, &["add", "."]);
        git(repo, &["commit", "-q", "-m", "first"]);

        let info = git_info(&repo.join("infra")).expect("inside a repository");
        assert!(info.commit.len() == 40 || info.commit.len() == 64);
        assert!(info.commit.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(info.branch.as_deref(), Some("trunk"));
        // A file path is resolved through its directory.
        assert_eq!(git_info(&repo.join("infra/main.tf")), Some(info.clone()));

        git(repo, &["checkout", "-q", "--detach"]);
        let detached = git_info(repo).expect("still a repository");
        assert_eq!(detached.commit, info.commit);
        assert_eq!(detached.branch, None);
    }

    #[test]
    fn none_outside_a_repository_or_for_missing_paths() {
        let tmp = tempfile::tempdir().unwrap();
        // GIT_CEILING_DIRECTORIES is not needed: the temp dir is not inside a
        // repository unless TMPDIR points into one, which the assert would show.
        assert_eq!(git_info(tmp.path()), None);
        assert_eq!(git_info(&tmp.path().join("does/not/exist.tf")), None);
    }
}
