//! The HCL evaluator and a real Terraform plan of the same configuration list the
//! same resource instance addresses. Runs the `terraform` binary (only the built-in
//! `terraform_data` resource is used, so no provider is downloaded).

use chkmate::terraform::{self, LoadOptions, Mode};
use std::path::{Path, PathBuf};
use std::process::Command;

fn terraform_bin() -> String {
    let bin = std::env::var("TERRAFORM").unwrap_or_else(|_| "terraform".into());
    let ok = Command::new(&bin)
        .arg("version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        ok,
        "the `terraform` binary is required for this test but was not found on PATH (set TERRAFORM to its path)"
    );
    bin
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let name = e.file_name();
        let n = name.to_string_lossy();
        if n == ".terraform"
            || n == "plan.json"
            || n.starts_with("terraform.tfstate")
            || n == ".terraform.lock.hcl"
        {
            continue;
        }
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(&name));
        } else {
            std::fs::copy(&p, to.join(&name)).unwrap();
        }
    }
}

fn run(bin: &str, dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new(bin)
        .args(args)
        .current_dir(dir)
        .env("CHECKPOINT_DISABLE", "1")
        .env("TF_IN_AUTOMATION", "1")
        .env("TF_CLI_CONFIG_FILE", "/dev/null")
        .output()
        .expect("terraform runs");
    assert!(
        out.status.success(),
        "terraform {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn managed_addresses(paths: &[PathBuf]) -> Vec<String> {
    let l = terraform::load(
        paths,
        &LoadOptions {
            use_env: false,
            ..LoadOptions::default()
        },
    )
    .unwrap();
    assert!(!l.has_fatal_errors(), "{:?}", l.model.diagnostics);
    let mut a: Vec<String> = l
        .model
        .resources
        .iter()
        .filter(|r| r.mode == Mode::Managed)
        .map(|r| r.address.clone())
        .collect();
    a.sort();
    a
}

#[test]
fn hcl_and_real_plan_json_give_the_same_addresses() {
    let bin = terraform_bin();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval/plan_compare");
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("cfg");
    copy_dir(&src, &work);
    run(&bin, &work, &["init", "-input=false", "-no-color"]);
    run(
        &bin,
        &work,
        &["plan", "-input=false", "-no-color", "-out=tfplan"],
    );
    let json = run(&bin, &work, &["show", "-json", "tfplan"]);
    let plan = tmp.path().join("plan.json");
    std::fs::write(&plan, &json).unwrap();

    let from_hcl = managed_addresses(std::slice::from_ref(&src));
    let from_plan = managed_addresses(&[plan]);
    assert!(from_hcl.len() >= 5, "fixture too small: {from_hcl:?}");
    assert_eq!(from_hcl, from_plan);

    // The committed plan.json of the fixture (generated the same way) agrees too.
    let committed = managed_addresses(&[src.join("plan.json")]);
    assert_eq!(from_hcl, committed);
}
