//! Helpers shared by the integration tests that drive the real `pre-commit`.
// Each test crate uses only some of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The hook manifest at the repository root.
pub const HOOKS_FILE: &str = ".pre-commit-hooks.yaml";

pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `pre-commit` executable (from the test virtualenv, else PATH), or a panic
/// that says how to install it: these tests never skip silently.
pub fn pre_commit() -> PathBuf {
    let mut candidates = Vec::new();
    if let Some(py) = std::env::var_os("CHKMATE_TEST_PYTHON") {
        if let Some(dir) = Path::new(&py).parent() {
            candidates.push(dir.join("pre-commit"));
        }
    }
    candidates.push(PathBuf::from("pre-commit"));
    for c in &candidates {
        let ok = Command::new(c)
            .arg("--version")
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        if ok {
            return c.clone();
        }
    }
    panic!(
        "pre-commit not found (tried {candidates:?}). Run scripts/test.sh, which installs it \
         into the test virtualenv from scripts/test-requirements.txt, or install pre-commit \
         from PyPI and set CHKMATE_TEST_PYTHON to the python of its virtualenv."
    );
}
