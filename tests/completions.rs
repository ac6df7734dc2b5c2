//! The committed shell completions in completions/ match the CLI definition.
//! Regenerate with `UPDATE_COMPLETIONS=1 cargo test --test completions`.

use std::path::Path;

#[test]
fn completions_are_up_to_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("UPDATE_COMPLETIONS").is_some();
    let mut stale = Vec::new();
    for (name, text) in chkmate::cli::completion_files() {
        let path = dir.join(name);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &text).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(current) if current == text => {}
            _ => stale.push(name),
        }
    }
    assert!(
        stale.is_empty(),
        "completions/{stale:?} are stale: run `UPDATE_COMPLETIONS=1 cargo test --test completions`"
    );
}

#[test]
fn completions_subcommand_prints_a_script() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_chkmate"))
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("_chkmate()"));
}
