//! `chkmate policies list | show | docs` and `chkmate init` through the binary.
//!
//! The expectations are read from the policy YAML files in policies/aws/ (the
//! same source the binary embeds), so a policy added there is checked here
//! without editing this file.

use chkmate::config::Config;
use chkmate::finding::Severity;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn run_at(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_chkmate"))
        .args(args)
        .current_dir(cwd)
        .env("CHKMATE_HOME", home.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("chkmate runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn run(args: &[&str]) -> (i32, String, String) {
    run_at(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn policy_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/aws");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml") | Some("yml")
            )
        })
        .collect();
    files.sort();
    files
}

/// The policy documents of a file: one mapping, a sequence of mappings, or a
/// mapping with a `policies:` sequence (a family file).
fn documents(file: &Path) -> Vec<serde_yaml::Mapping> {
    let text = std::fs::read_to_string(file).unwrap();
    let doc: serde_yaml::Value =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let items = match doc {
        serde_yaml::Value::Sequence(s) => s,
        serde_yaml::Value::Mapping(m) if m.contains_key("policies") => match m.get("policies") {
            Some(serde_yaml::Value::Sequence(s)) => s.clone(),
            _ => panic!("{}: `policies` is not a list", file.display()),
        },
        other => vec![other],
    };
    items
        .into_iter()
        .map(|v| match v {
            serde_yaml::Value::Mapping(m) => m,
            _ => panic!("{}: a policy is not a mapping", file.display()),
        })
        .collect()
}

fn str_field<'a>(m: &'a serde_yaml::Mapping, key: &str) -> &'a str {
    m.get(key)
        .and_then(|v| v.as_str())
        .unwrap_or_else(|| panic!("policy without `{key}`: {m:?}"))
}

/// Every policy ID defined in policies/aws/.
fn policy_ids() -> BTreeSet<String> {
    policy_files()
        .iter()
        .flat_map(|f| documents(f))
        .map(|m| str_field(&m, "id").to_string())
        .collect()
}

#[test]
fn list_has_every_policy_of_the_yaml_files() {
    let files = policy_files();
    assert!(!files.is_empty());
    let ids = policy_ids();
    assert!(ids.len() >= files.len());

    let (code, out, err) = run(&["policies", "list"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains('\u{1b}'));
    let rows = out
        .lines()
        .filter(|l| l.contains("│ ") || l.contains("┆"))
        .count();
    assert!(rows > ids.len(), "fewer table rows than policies:\n{out}");
    for id in &ids {
        assert!(
            out.contains(id.as_str()),
            "{id} missing from `policies list`"
        );
    }

    let (code, out, err) = run(&["policies", "list", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let j: Value = serde_json::from_str(&out).unwrap();
    let listed: BTreeSet<String> = j["policies"]
        .as_array()
        .expect("policies[]")
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    assert!(listed.len() >= files.len());
    assert!(
        listed.is_superset(&ids),
        "missing: {:?}",
        ids.difference(&listed)
    );
    for p in j["policies"].as_array().unwrap() {
        assert!(p["title"].is_string() && p["severity"].is_string(), "{p}");
    }
}

#[test]
fn list_includes_policies_from_a_user_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ORG001.yaml"),
        "id: ORG001\ntitle: Buckets carry a cost-centre tag\nseverity: low\ncategory: best-practice\n\
         resource_types: [aws_s3_bucket]\ndescription: |\n  **What.** The bucket has no `CostCentre` tag.\n\n  \
         **Why.** Finance allocates storage by cost centre.\n\n  **Fix.** Add the tag.\n\
         check:\n  attr: tags.CostCentre\n  op: exists\n\
         remediation:\n  applicability: none\n  guidance: Add a `CostCentre` tag.\n",
    )
    .unwrap();
    let d = dir.path().to_string_lossy().to_string();
    let (code, out, err) = run(&["policies", "list", "--policies", &d]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ORG001"), "{out}");
    let (code, out, err) = run(&["policies", "show", "ORG001", "--policies", &d]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Finance allocates storage by cost centre."),
        "{out}"
    );

    // And `audit --policies` runs it.
    let tf = tempfile::tempdir().unwrap();
    std::fs::write(
        tf.path().join("main.tf"),
        "resource \"aws_s3_bucket\" \"tagged\" {\n  bucket = \"tagged\"\n  tags   = { CostCentre = \"42\" }\n}\n\n\
         resource \"aws_s3_bucket\" \"untagged\" {\n  bucket = \"untagged\"\n}\n",
    )
    .unwrap();
    let t = tf.path().to_string_lossy().to_string();
    let (code, out, err) = run(&[
        "audit",
        &t,
        "--policies",
        &d,
        "--only",
        "ORG001",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "{out}\n{err}");
    let j: Value = serde_json::from_str(&out).unwrap();
    let hits: Vec<&str> = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["resource"]["address"].as_str().unwrap())
        .collect();
    assert_eq!(hits, ["aws_s3_bucket.untagged"]);
}

/// Non-blank lines of a policy's description, trimmed.
fn description_lines(m: &serde_yaml::Mapping) -> Vec<String> {
    str_field(m, "description")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn policy(id: &str) -> serde_yaml::Mapping {
    policy_files()
        .iter()
        .flat_map(|f| documents(f))
        .find(|m| str_field(m, "id") == id)
        .unwrap_or_else(|| panic!("no {id} in policies/aws"))
}

#[test]
fn show_prints_description_and_compliance() {
    let sec002 = policy("SEC002");
    let (code, out, err) = run(&["policies", "show", "SEC002"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(str_field(&sec002, "title")), "{out}");
    for line in description_lines(&sec002) {
        assert!(
            out.contains(&line),
            "description line missing: {line}\n{out}"
        );
    }
    let compliance = sec002
        .get("compliance")
        .and_then(|v| v.as_mapping())
        .expect("SEC002 has compliance mappings");
    assert!(!compliance.is_empty());
    for (framework, ids) in compliance {
        let framework = framework.as_str().unwrap();
        assert!(out.contains(framework), "{framework} missing:\n{out}");
        for id in ids.as_sequence().expect("a list of control ids") {
            let id = match id {
                serde_yaml::Value::String(s) => s.clone(),
                other => serde_yaml::to_string(other).unwrap().trim().to_string(),
            };
            assert!(out.contains(&id), "{framework} {id} missing:\n{out}");
        }
    }
    if let Some(refs) = sec002.get("references").and_then(|v| v.as_sequence()) {
        for r in refs {
            assert!(
                out.contains(r.as_str().unwrap()),
                "reference missing:\n{out}"
            );
        }
    }

    // IDs are case-insensitive; unknown IDs are an error.
    let (code, lower, _) = run(&["policies", "show", "sec002"]);
    assert_eq!(code, 0);
    assert_eq!(lower, out);
    let (code, _, err) = run(&["policies", "show", "SEC999"]);
    assert_eq!(code, 2);
    assert!(err.contains("SEC999"), "{err}");
}

#[test]
fn docs_have_a_section_per_policy() {
    let (code, out, err) = run(&["policies", "docs"]);
    assert_eq!(code, 0, "{err}");
    let headings: Vec<&str> = out.lines().filter(|l| l.starts_with('#')).collect();
    for file in policy_files() {
        for m in documents(&file) {
            let id = str_field(&m, "id");
            let sections = headings
                .iter()
                .filter(|h| h.trim_start_matches('#').trim_start().starts_with(id))
                .count();
            assert_eq!(sections, 1, "{id} should have exactly one section");
            // The section carries the policy's own text.
            let first = description_lines(&m).into_iter().next().unwrap();
            assert!(out.contains(&first), "{id}: description missing from docs");
        }
    }

    // --output writes the same Markdown to a file.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("POLICIES.md");
    let (code, stdout, err) = run(&["policies", "docs", "--output", &file.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.trim().is_empty(), "{stdout}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), out);
}

#[test]
fn init_writes_a_config_that_loads_and_does_not_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_string_lossy().to_string();
    let (code, _, err) = run(&["init", &d]);
    assert_eq!(code, 0, "{err}");
    let path = dir.path().join(".chkmate.yml");
    let written = std::fs::read_to_string(&path).expect(".chkmate.yml written");
    assert!(
        written.lines().any(|l| l.trim_start().starts_with('#')),
        "not commented"
    );
    let config = Config::load(&path).expect("the written config loads");
    // The commented default changes nothing: it is the behaviour without a file.
    let none = Config::default();
    assert_eq!(config.skip, none.skip);
    assert_eq!(config.only, none.only);
    assert_eq!(config.severity, none.severity);
    assert_eq!(config.exclude, none.exclude);
    assert_eq!(config.policies, none.policies);
    assert_eq!(config.budgets, none.budgets);
    assert_eq!(
        config.required_tags_or_default(),
        none.required_tags_or_default()
    );
    assert!(
        matches!(config.fail_on, None | Some(Severity::Low)),
        "{config:?}"
    );

    // A second init refuses and leaves the user's edits alone.
    let edited = format!("{written}\n# my edit\n");
    std::fs::write(&path, &edited).unwrap();
    let (code, _, err) = run(&["init", &d]);
    assert_eq!(code, 2);
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);

    let (code, _, err) = run(&["init", &d, "--force"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), written);

    // Without a directory, init writes into the current one; audit then uses it.
    let cwd = tempfile::tempdir().unwrap();
    let (code, _, err) = run_at(cwd.path(), &["init"]);
    assert_eq!(code, 0, "{err}");
    assert!(cwd.path().join(".chkmate.yml").is_file());
    std::fs::write(
        cwd.path().join("main.tf"),
        "resource \"aws_efs_file_system\" \"a\" {\n  encrypted = true\n  tags = {\n    Environment = \"dev\"\n    Owner       = \"me\"\n  }\n}\n\nresource \"aws_efs_backup_policy\" \"a\" {\n  file_system_id = aws_efs_file_system.a.id\n  backup_policy {\n    status = \"ENABLED\"\n  }\n}\n",
    )
    .unwrap();
    let (code, out, err) = run_at(cwd.path(), &["audit", "."]);
    assert_eq!(code, 0, "{out}\n{err}");
}
