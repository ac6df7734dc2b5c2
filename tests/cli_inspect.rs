//! `chkmate inspect` through the binary: formats, exit codes and errors.

use std::path::Path;
use std::process::Command;

fn chkmate(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_chkmate"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("TF_VAR_region")
        .output()
        .expect("chkmate runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn inspect_json_lists_resources_with_locations() {
    let (code, out, err) = chkmate(&["inspect", "examples/web-app", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rs = j["resources"].as_array().unwrap();
    assert!(rs.len() > 20);
    for r in rs {
        assert!(r["address"].is_string());
        assert!(
            r["file"].as_str().unwrap().starts_with("examples/web-app/"),
            "{r}"
        );
        assert!(r["line"].as_u64().unwrap() >= 1);
        assert!(r["values"].is_object());
    }
    assert!(j["diagnostics"].is_array());
}

#[test]
fn inspect_masks_sensitive_values() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "variable \"pw\" {\n  default   = \"correct-horse-battery-staple\"\n  sensitive = true\n}\nresource \"aws_db_instance\" \"d\" {\n  engine   = \"mysql\"\n  password = var.pw\n}\n",
    )
    .unwrap();
    let p = dir.path().to_string_lossy().to_string();
    for fmt in ["json", "table"] {
        let (code, out, err) = chkmate(&["inspect", &p, "--format", fmt]);
        assert_eq!(code, 0, "{err}");
        assert!(
            !out.contains("correct-horse"),
            "{fmt} leaked the secret:\n{out}"
        );
        assert!(!err.contains("correct-horse"));
    }
}

#[test]
fn syntax_error_exits_2_with_position_and_snippet() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.tf"), "resource \"aws_vpc\" \"v\" {}\n").unwrap();
    std::fs::write(
        dir.path().join("broken.tf"),
        "resource \"aws_vpc\" \"w\" {\n  cidr_block = \"10.0.0.0/16\n}\n",
    )
    .unwrap();
    let p = dir.path().to_string_lossy().to_string();
    let (code, out, err) = chkmate(&["inspect", &p, "--format", "json"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("broken.tf:"), "{err}");
    assert!(err.contains(" | "), "no snippet: {err}");
    // The other file is still reported.
    assert!(out.contains("aws_vpc.v"));
}

#[test]
fn missing_path_and_bad_flags_exit_2() {
    let (code, _, err) = chkmate(&["inspect", "does/not/exist"]);
    assert_eq!(code, 2);
    assert!(err.contains("does/not/exist"), "{err}");
    let (code, _, _) = chkmate(&["inspect", "--format", "yaml", "examples/web-app"]);
    assert_eq!(code, 2);
    let (code, _, _) = chkmate(&["inspect", "--var", "novalue", "examples/web-app"]);
    assert_eq!(code, 2);
    let (code, out, _) = chkmate(&["--version"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("chkmate "));
}

#[test]
fn single_file_paths_are_grouped_by_directory() {
    let base = Path::new("examples/web-app");
    let a = base.join("network.tf");
    let b = base.join("storage.tf");
    let (code, out, err) = chkmate(&[
        "inspect",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    let addrs: Vec<&str> = j["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["address"].as_str().unwrap())
        .collect();
    let mut dedup = addrs.clone();
    dedup.sort();
    dedup.dedup();
    assert_eq!(addrs.len(), dedup.len(), "a directory was loaded twice");
}
