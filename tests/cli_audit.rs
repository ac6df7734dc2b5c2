//! `chkmate audit` through the binary: the exit-code contract, the JSON contract,
//! several outputs in one run, baselines, `--only`/`--skip`, `.chkmate.yml`,
//! inline suppressions, single-file PATHs (what pre-commit passes), secrets in
//! no output, and the README's main command.
//!
//! Every run gets its own `CHKMATE_HOME` (a temporary directory) and `NO_COLOR=1`.
//! Fixtures are under tests/fixtures/cli/ (see its README.md). The JUnit and CSV
//! files are read back by Python's standard `xml.etree` and `csv` modules
//! (`$CHKMATE_TEST_PYTHON`, else `python3`); the test fails when Python is
//! missing.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const FIXTURES: &str = "tests/fixtures/cli";

/// The outcome of one `chkmate` process.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// Runs `chkmate args...` in `cwd` with `home` as CHKMATE_HOME.
fn chkmate_at(home: &Path, cwd: &Path, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_chkmate"));
    cmd.args(args)
        .current_dir(cwd)
        .env("CHKMATE_HOME", home)
        .env("NO_COLOR", "1");
    // Variables of the caller's shell must not change what the fixtures evaluate to.
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("TF_VAR_") {
            cmd.env_remove(&k);
        }
    }
    let out = cmd.output().expect("chkmate runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs chkmate from the repository root.
fn chkmate(home: &Path, args: &[&str]) -> Run {
    chkmate_at(home, Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn home() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Copies a fixture directory (files only, dotfiles included) into `dest`.
fn copy_fixture(name: &str, dest: &Path) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(FIXTURES)
        .join(name);
    std::fs::create_dir_all(dest).unwrap();
    for entry in std::fs::read_dir(&src).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), dest.join(entry.file_name())).unwrap();
        }
    }
}

fn findings(j: &Value) -> &Vec<Value> {
    j["findings"].as_array().expect("findings[]")
}

/// `(policy_id, resource address)` of every finding, suppressed or not.
fn ids(j: &Value) -> BTreeSet<(String, String)> {
    findings(j)
        .iter()
        .map(|f| {
            (
                f["policy_id"].as_str().unwrap().to_string(),
                f["resource"]["address"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// `(policy_id, resource address)` of the unsuppressed findings.
fn active_ids(j: &Value) -> BTreeSet<(String, String)> {
    findings(j)
        .iter()
        .filter(|f| f["suppressed"].is_null())
        .map(|f| {
            (
                f["policy_id"].as_str().unwrap().to_string(),
                f["resource"]["address"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pair(policy: &str, address: &str) -> (String, String) {
    (policy.to_string(), address.to_string())
}

fn python() -> String {
    std::env::var("CHKMATE_TEST_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

/// Runs a Python script with arguments and returns its stdout; panics with a
/// clear message when Python is missing or the script fails.
fn run_python(script: &str, args: &[&Path]) -> String {
    let py = python();
    let out = Command::new(&py)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {py} (install python3 or set CHKMATE_TEST_PYTHON): {e}")
        });
    assert!(
        out.status.success(),
        "python check failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

// ---------------------------------------------------------------------------
// The README's main command
// ---------------------------------------------------------------------------

/// Checks that `out` is the readable table of an audit with findings.
fn assert_readable_failing_table(out: &str) {
    assert!(
        !out.contains('\u{1b}'),
        "NO_COLOR output has ANSI codes:\n{out}"
    );
    for header in ["Severity", "Policy", "Resource", "File:line", "Message"] {
        assert!(out.contains(header), "no `{header}` column:\n{out}");
    }
    for line in out.lines() {
        assert!(
            line.chars().count() <= 100,
            "line wider than 100 columns when not on a terminal:\n{line}"
        );
    }
    assert!(out.contains("Score"), "{out}");
    assert!(out.contains("/100"), "{out}");
    assert!(out.contains("FAIL"), "{out}");
}

#[test]
fn readme_main_command_prints_a_table_and_exits_1() {
    let h = home();
    let r = chkmate(h.path(), &["audit", "examples/web-app"]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_readable_failing_table(&r.stdout);
    // Findings point into the example with file:line.
    assert!(r.stdout.contains("examples/web-app/"), "{}", r.stdout);
    // The table agrees with the JSON of the same run.
    let j = chkmate(h.path(), &["audit", "examples/web-app", "--format", "json"]).json();
    let score = j["score"].as_u64().unwrap();
    assert!(
        r.stdout.contains(&format!("{score}/100")),
        "table score differs from JSON score {score}:\n{}",
        r.stdout
    );
    for f in findings(&j) {
        let id = f["policy_id"].as_str().unwrap();
        assert!(r.stdout.contains(id), "{id} missing from the table");
    }
}

/// The README's "run the main job" command is `chkmate audit` on an example
/// (issue 3, item 12), and running it gives the table and exit 1.
#[test]
fn readme_main_command_is_audit_on_an_example() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let prefix = "cargo run --release -- ";
    let line = readme
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("README has no `{prefix}...` main command"));
    let args: Vec<&str> = line[prefix.len()..]
        .split('#')
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    assert_eq!(
        args.first().copied(),
        Some("audit"),
        "the README's main command should be `chkmate audit` on an example, found `{line}`"
    );
    assert!(
        args.iter().skip(1).any(|a| a.starts_with("examples/")),
        "the README's main command should audit an example: `{line}`"
    );
    let h = home();
    let r = chkmate(h.path(), &args);
    assert_eq!(r.code, 1, "`{line}`:\n{}\n{}", r.stdout, r.stderr);
    assert_readable_failing_table(&r.stdout);
}

// ---------------------------------------------------------------------------
// Exit codes
// ---------------------------------------------------------------------------

#[test]
fn exit_1_on_findings_0_with_soft_fail() {
    let h = home();
    let r = chkmate(h.path(), &["audit", "examples/web-app", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!findings(&r.json()).is_empty());
    let r = chkmate(h.path(), &["audit", "examples/web-app", "--soft-fail"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // --soft-fail still reports the findings.
    assert!(r.stdout.contains("SEC"), "{}", r.stdout);
}

#[test]
fn fail_on_sets_the_threshold() {
    let h = home();
    let high = fixture("high");
    // The worst finding of the fixture is high.
    let j = chkmate(h.path(), &["audit", &high, "--format", "json"]).json();
    let severities: BTreeSet<&str> = findings(&j)
        .iter()
        .map(|f| f["severity"].as_str().unwrap())
        .collect();
    assert_eq!(severities, BTreeSet::from(["high", "medium"]));
    for (threshold, code) in [
        ("critical", 0),
        ("high", 1),
        ("medium", 1),
        ("low", 1),
        ("info", 1),
    ] {
        let r = chkmate(h.path(), &["audit", &high, "--fail-on", threshold]);
        assert_eq!(
            r.code, code,
            "--fail-on {threshold}:\n{}\n{}",
            r.stdout, r.stderr
        );
    }
    // The findings are still shown when they do not gate.
    let r = chkmate(h.path(), &["audit", &high, "--fail-on", "critical"]);
    assert!(r.stdout.contains("SEC002"), "{}", r.stdout);
    let r = chkmate(h.path(), &["audit", &high, "--fail-on", "severe"]);
    assert_eq!(r.code, 2, "an unknown severity is a usage error");
}

#[test]
fn exit_0_on_a_clean_configuration() {
    let h = home();
    let r = chkmate(h.path(), &["audit", &fixture("clean"), "--format", "json"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let j = r.json();
    assert!(findings(&j).is_empty(), "{}", r.stdout);
    assert_eq!(j["score"], 100);
    assert!(j["errors"].as_array().unwrap().is_empty());
    let r = chkmate(h.path(), &["audit", &fixture("clean")]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("PASS"), "{}", r.stdout);
}

#[test]
fn exit_2_on_a_syntax_error_even_with_soft_fail() {
    let h = home();
    let dir = fixture("syntax");
    let r = chkmate(h.path(), &["audit", &dir, "--format", "json"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("syntax/main.tf:2:"),
        "no file:line:col on stderr:\n{}",
        r.stderr
    );
    let j = r.json();
    let errors = j["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{}", r.stdout);
    assert!(errors[0]["file"]
        .as_str()
        .unwrap()
        .ends_with("syntax/main.tf"));
    assert_eq!(errors[0]["line"], 2);
    let r = chkmate(h.path(), &["audit", &dir, "--soft-fail"]);
    assert_eq!(r.code, 2, "--soft-fail must not hide an error");
}

#[test]
fn exit_2_on_a_missing_path() {
    let h = home();
    let r = chkmate(h.path(), &["audit", "does/not/exist"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("does/not/exist"), "{}", r.stderr);
    assert!(
        r.stdout.trim().is_empty(),
        "no report on a usage error: {}",
        r.stdout
    );
    // The cause is stated once, not repeated by the error chain.
    let first_line = r.stderr.lines().next().unwrap_or_default();
    let words: Vec<&str> = first_line.split(": ").collect();
    let mut unique = words.clone();
    unique.dedup();
    assert_eq!(words, unique, "the message repeats itself: {first_line}");
}

#[test]
fn exit_2_on_unknown_policy_ids() {
    let h = home();
    let high = fixture("high");
    for flag in ["--only", "--skip"] {
        let r = chkmate(h.path(), &["audit", &high, flag, "SEC002,SEC999"]);
        assert_eq!(r.code, 2, "{flag}: {}\n{}", r.stdout, r.stderr);
        assert!(r.stderr.contains("SEC999"), "{}", r.stderr);
    }
}

#[test]
fn exit_2_on_a_config_with_an_unknown_key() {
    let h = home();
    let dir = fixture("bad_config");
    let r = chkmate(h.path(), &["audit", &dir]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(".chkmate.yml:4"),
        "no file:line in the message:\n{}",
        r.stderr
    );
    assert!(r.stderr.contains("fail_onn"), "{}", r.stderr);
    // The same file given with --config, for another directory.
    let cfg = format!("{dir}/.chkmate.yml");
    let r = chkmate(h.path(), &["audit", &fixture("clean"), "--config", &cfg]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains(".chkmate.yml:4"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------
// The JSON contract
// ---------------------------------------------------------------------------

const SEVERITIES: [&str; 5] = ["critical", "high", "medium", "low", "info"];

#[test]
fn json_has_the_design_fields() {
    let h = home();
    let r = chkmate(h.path(), &["audit", "examples/web-app", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let j = r.json();
    assert_eq!(j["version"], env!("CARGO_PKG_VERSION"));
    let score = j["score"].as_u64().expect("score is a number");
    assert!(score <= 100);
    let fs = findings(&j);
    assert!(fs.len() >= 3, "{}", r.stdout);

    let summary = &j["summary"];
    for sev in SEVERITIES {
        let counted = fs
            .iter()
            .filter(|f| f["severity"] == sev && f["suppressed"].is_null())
            .count() as u64;
        assert_eq!(summary[sev].as_u64(), Some(counted), "summary.{sev}");
    }
    assert_eq!(summary["total"].as_u64(), Some(fs.len() as u64));

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for f in fs {
        let id = f["policy_id"].as_str().expect("policy_id");
        assert!(!id.is_empty());
        assert!(!f["title"].as_str().expect("title").is_empty());
        assert!(SEVERITIES.contains(&f["severity"].as_str().expect("severity")));
        assert!(f["category"].is_string());
        let address = f["resource"]["address"].as_str().expect("resource.address");
        let rtype = f["resource"]["type"].as_str().expect("resource.type");
        assert!(address.contains(rtype), "{address} is not a {rtype}");
        let file = f["file"].as_str().expect("file");
        assert!(root.join(file).is_file(), "{file} does not exist");
        assert!(f["line"].as_u64().expect("line") >= 1);
        assert!(!f["message"].as_str().expect("message").is_empty());
        assert!(f["fix"]["available"].is_boolean(), "{f}");
        assert!(
            ["safe", "unsafe", "none"].contains(&f["fix"]["applicability"].as_str().unwrap()),
            "{f}"
        );
        for c in f["compliance"].as_array().expect("compliance[]") {
            assert!(c["framework"].is_string() && c["id"].is_string(), "{c}");
        }
    }
    // The example opens SSH to the internet through a dynamic block.
    let sec002 = fs
        .iter()
        .find(|f| f["policy_id"] == "SEC002")
        .expect("SEC002 on examples/web-app");
    assert!(!sec002["compliance"].as_array().unwrap().is_empty());
    assert!(j["unknown"].is_array());
    assert!(j["errors"].as_array().unwrap().is_empty());
}

#[test]
fn json_lists_unknown_values_instead_of_findings() {
    let h = home();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        r#"variable "admin_cidr" {
  type = string
}

resource "aws_security_group" "admin" {
  name = "admin"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }
}
"#,
    )
    .unwrap();
    let p = dir.path().to_string_lossy().to_string();
    let r = chkmate(h.path(), &["audit", &p, "--format", "json"]);
    assert_eq!(
        r.code, 0,
        "an unknown value is not a finding:\n{}",
        r.stdout
    );
    let j = r.json();
    assert!(findings(&j).is_empty(), "{}", r.stdout);
    let unknown = j["unknown"].as_array().unwrap();
    assert!(
        unknown
            .iter()
            .any(|u| u["policy_id"] == "SEC002"
                && u["resource_address"] == "aws_security_group.admin"),
        "{}",
        r.stdout
    );
    assert_eq!(j["summary"]["unknown"].as_u64(), Some(unknown.len() as u64));
}

// ---------------------------------------------------------------------------
// Several outputs in one run
// ---------------------------------------------------------------------------

const READ_JUNIT_AND_CSV: &str = r#"
import csv, sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag in ("testsuites", "testsuite"), root.tag
for case in root.iter("testcase"):
    for failure in case.findall("failure"):
        print("junit", case.get("classname"), case.get("name"))
with open(sys.argv[2], newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
for row in rows:
    print("csv", row["policy_id"], row["resource_address"])
"#;

#[test]
fn several_outputs_in_one_run_each_parse() {
    let h = home();
    let out = tempfile::tempdir().unwrap();
    let (sarif, junit, csv) = (
        out.path().join("a.sarif"),
        out.path().join("b.xml"),
        out.path().join("c.csv"),
    );
    let args = [
        "audit".to_string(),
        "examples/web-app".to_string(),
        "--format".to_string(),
        "json".to_string(),
        "--output".to_string(),
        format!("sarif:{}", sarif.display()),
        "--output".to_string(),
        format!("junit:{}", junit.display()),
        "--output".to_string(),
        format!("csv:{}", csv.display()),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = chkmate(h.path(), &args);
    assert_eq!(r.code, 1, "{}", r.stderr);
    // stdout stays pure JSON: notes about written files go to stderr.
    let j = r.json();
    let expected = ids(&j);
    assert!(!expected.is_empty());

    let s: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(s["version"], "2.1.0");
    let results = s["runs"][0]["results"].as_array().expect("runs[0].results");
    let from_sarif: BTreeSet<(String, String)> = results
        .iter()
        .map(|res| {
            let loc = &res["locations"][0];
            assert!(
                loc["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap()
                    >= 1,
                "{res}"
            );
            (
                res["ruleId"].as_str().unwrap().to_string(),
                loc["logicalLocations"][0]["fullyQualifiedName"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect();
    assert_eq!(from_sarif, expected);
    let rules: BTreeSet<&str> = s["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for (id, _) in &expected {
        assert!(rules.contains(id.as_str()), "no SARIF rule for {id}");
    }

    let parsed = run_python(READ_JUNIT_AND_CSV, &[&junit, &csv]);
    let mut from_junit = BTreeSet::new();
    let mut from_csv = BTreeSet::new();
    for line in parsed.lines() {
        let mut parts = line.splitn(3, ' ');
        let (kind, id, address) = (
            parts.next().unwrap(),
            parts.next().unwrap().to_string(),
            parts.next().unwrap().to_string(),
        );
        match kind {
            "junit" => from_junit.insert((id, address)),
            _ => from_csv.insert((id, address)),
        };
    }
    assert_eq!(
        from_junit, expected,
        "JUnit failures differ from the JSON findings"
    );
    assert_eq!(from_csv, expected, "CSV rows differ from the JSON findings");
}

#[test]
fn output_without_a_format_uses_the_format_flag() {
    let h = home();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("report.json");
    let f = file.to_string_lossy().to_string();
    let r = chkmate(
        h.path(),
        &[
            "audit",
            &fixture("high"),
            "--format",
            "json",
            "--output",
            &f,
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(ids(&written), ids(&r.json()));
    // An output that cannot be written is an IO error.
    let bad = out.path().join("no/such/dir/r.sarif");
    let b = format!("sarif:{}", bad.display());
    let r = chkmate(h.path(), &["audit", &fixture("high"), "--output", &b]);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

// ---------------------------------------------------------------------------
// Baselines
// ---------------------------------------------------------------------------

#[test]
fn baseline_gates_only_new_findings() {
    let h = home();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("infra");
    copy_fixture("high", &dir);
    let base = work.path().join("chkmate-baseline.json");
    let (d, b) = (
        dir.to_string_lossy().to_string(),
        base.to_string_lossy().to_string(),
    );

    let r = chkmate(h.path(), &["audit", &d, "--write-baseline", &b]);
    assert_eq!(
        r.code, 1,
        "writing a baseline does not hide today's findings"
    );
    assert!(base.is_file(), "{}", r.stderr);

    let r = chkmate(
        h.path(),
        &["audit", &d, "--baseline", &b, "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let j = r.json();
    assert_eq!(findings(&j).len(), 2, "baselined findings stay listed");
    for f in findings(&j) {
        assert_eq!(f["suppressed"]["kind"], "baseline", "{f}");
    }

    // Moving every line down and reformatting keeps the fingerprints.
    let main = dir.join("main.tf");
    let text = std::fs::read_to_string(&main).unwrap();
    let moved = format!(
        "# Reorganised.\n\n\n{}",
        text.replace("  name = \"jobs\"", "  name   =   \"jobs\"")
    );
    std::fs::write(&main, moved).unwrap();
    let r = chkmate(h.path(), &["audit", &d, "--baseline", &b]);
    assert_eq!(r.code, 0, "line moves broke the baseline:\n{}", r.stdout);

    // A new problem gates, and only it.
    std::fs::write(
        dir.join("storage.tf"),
        "resource \"aws_efs_file_system\" \"scratch\" {\n  encrypted = false\n}\n\nresource \"aws_efs_backup_policy\" \"scratch\" {\n  file_system_id = aws_efs_file_system.scratch.id\n  backup_policy {\n    status = \"ENABLED\"\n  }\n}\n",
    )
    .unwrap();
    let r = chkmate(
        h.path(),
        &["audit", &d, "--baseline", &b, "--format", "json"],
    );
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert_eq!(
        active_ids(&r.json()),
        BTreeSet::from([pair("SEC025", "aws_efs_file_system.scratch")])
    );

    let r = chkmate(
        h.path(),
        &["audit", &d, "--baseline", "no-such-baseline.json"],
    );
    assert_eq!(
        r.code, 2,
        "a missing baseline is an error, not an empty one"
    );
}

// ---------------------------------------------------------------------------
// Policy selection and configuration
// ---------------------------------------------------------------------------

#[test]
fn only_and_skip_select_policies() {
    let h = home();
    let high = fixture("high");
    let all = chkmate(h.path(), &["audit", &high, "--format", "json"]).json();
    assert_eq!(
        ids(&all),
        BTreeSet::from([
            pair("SEC002", "aws_security_group.db"),
            pair("SEC021", "aws_sqs_queue.jobs"),
        ])
    );
    let r = chkmate(
        h.path(),
        &["audit", &high, "--only", "sec021", "--format", "json"],
    );
    assert_eq!(r.code, 1);
    assert_eq!(
        ids(&r.json()),
        BTreeSet::from([pair("SEC021", "aws_sqs_queue.jobs")])
    );
    let r = chkmate(
        h.path(),
        &["audit", &high, "--skip", "SEC021", "--format", "json"],
    );
    assert_eq!(
        ids(&r.json()),
        BTreeSet::from([pair("SEC002", "aws_security_group.db")])
    );
    let r = chkmate(
        h.path(),
        &[
            "audit",
            &high,
            "--skip",
            "SEC002,SEC021",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(findings(&r.json()).is_empty());
    // Repeated flags add up.
    let r = chkmate(
        h.path(),
        &[
            "audit", &high, "--only", "SEC002", "--only", "SEC021", "--format", "json",
        ],
    );
    assert_eq!(ids(&r.json()).len(), 2);
}

#[test]
fn config_file_skip_severity_and_fail_on_are_honoured() {
    let h = home();
    let dir = fixture("configured");
    let r = chkmate(h.path(), &["audit", &dir, "--format", "json"]);
    assert_eq!(
        r.code, 0,
        "fail_on: high and no finding above medium:\n{}",
        r.stdout
    );
    let j = r.json();
    assert_eq!(
        ids(&j),
        BTreeSet::from([
            pair("SEC002", "aws_security_group.db"),
            pair("SEC020", "aws_sns_topic.alerts"),
        ]),
        "SEC021 is skipped by the config"
    );
    for f in findings(&j) {
        assert_eq!(f["severity"], "medium", "{f}");
    }
    assert_eq!(j["summary"]["high"], 0);
    assert_eq!(j["summary"]["medium"], 2);

    // The command line wins over the config's fail_on.
    let r = chkmate(h.path(), &["audit", &dir, "--fail-on", "medium"]);
    assert_eq!(r.code, 1, "{}", r.stdout);

    // Without the config, the same configuration gates on its high finding.
    let work = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(&dir)
            .join("main.tf"),
        work.path().join("main.tf"),
    )
    .unwrap();
    let w = work.path().to_string_lossy().to_string();
    let r = chkmate(h.path(), &["audit", &w, "--format", "json"]);
    assert_eq!(r.code, 1);
    let j = r.json();
    assert!(ids(&j).contains(&pair("SEC021", "aws_sqs_queue.jobs")));
    let sec002 = findings(&j)
        .iter()
        .find(|f| f["policy_id"] == "SEC002")
        .unwrap();
    assert_eq!(sec002["severity"], "high");

    // The same file through --config.
    let cfg = format!("{dir}/.chkmate.yml");
    let r = chkmate(
        h.path(),
        &["audit", &w, "--config", &cfg, "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(!ids(&r.json()).contains(&pair("SEC021", "aws_sqs_queue.jobs")));
}

#[test]
fn config_is_found_upward_from_a_subdirectory() {
    let h = home();
    let work = tempfile::tempdir().unwrap();
    // A repository with the config at its root and the module below it.
    std::fs::create_dir(work.path().join(".git")).unwrap();
    // The config skips what fires on this module.
    std::fs::write(
        work.path().join(".chkmate.yml"),
        "skip: [SEC025, REL014, COST001]\n",
    )
    .unwrap();
    let module = work.path().join("infra/storage");
    std::fs::create_dir_all(&module).unwrap();
    std::fs::write(
        module.join("main.tf"),
        "resource \"aws_efs_file_system\" \"shared\" {\n  encrypted = false\n}\n",
    )
    .unwrap();
    let m = module.to_string_lossy().to_string();
    let r = chkmate(h.path(), &["audit", &m]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let f = module.join("main.tf").to_string_lossy().to_string();
    let r = chkmate(h.path(), &["audit", &f]);
    assert_eq!(
        r.code, 0,
        "config not found from a file PATH:\n{}",
        r.stdout
    );
}

// ---------------------------------------------------------------------------
// Inline suppressions
// ---------------------------------------------------------------------------

#[test]
fn inline_ignore_is_reported_as_suppressed_and_does_not_gate() {
    let h = home();
    let dir = fixture("suppressed");
    let r = chkmate(h.path(), &["audit", &dir, "--format", "json"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let j = r.json();
    let fs = findings(&j);
    assert_eq!(fs.len(), 1, "{}", r.stdout);
    let f = &fs[0];
    assert_eq!(f["policy_id"], "SEC002");
    assert_eq!(f["resource"]["address"], "aws_security_group.partner");
    assert_eq!(f["suppressed"]["kind"], "inline");
    assert_eq!(
        f["suppressed"]["reason"],
        "the partner network has no fixed range yet"
    );
    assert_eq!(j["summary"]["suppressed"], 1);
    assert_eq!(j["summary"]["high"], 0);
    assert_eq!(j["score"], 100);

    let r = chkmate(h.path(), &["audit", &dir, "--format", "sarif"]);
    assert_eq!(r.code, 0);
    let s: Value = serde_json::from_str(&r.stdout).unwrap();
    let results = s["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    let sup = &results[0]["suppressions"][0];
    assert_eq!(sup["kind"], "inSource", "{}", results[0]);
    assert_eq!(
        sup["justification"],
        "the partner network has no fixed range yet"
    );

    // Without the comment the same finding gates.
    let work = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(&dir)
            .join("main.tf"),
    )
    .unwrap();
    let stripped: String = text
        .lines()
        .filter(|l| !l.contains("chkmate:ignore"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(stripped, text);
    std::fs::write(work.path().join("main.tf"), stripped).unwrap();
    let w = work.path().to_string_lossy().to_string();
    let r = chkmate(h.path(), &["audit", &w, "--format", "json"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        active_ids(&r.json()),
        BTreeSet::from([pair("SEC002", "aws_security_group.partner")])
    );
}

// ---------------------------------------------------------------------------
// Single-file PATHs (pre-commit)
// ---------------------------------------------------------------------------

fn files_of(j: &Value) -> BTreeSet<String> {
    findings(j)
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap();
            Path::new(file)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[test]
fn single_file_paths_report_only_findings_in_those_files() {
    let h = home();
    let storage = fixture("two_files/storage.tf");
    let network = fixture("two_files/network.tf");
    let r = chkmate(h.path(), &["audit", &storage, "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let j = r.json();
    assert_eq!(
        ids(&j),
        BTreeSet::from([pair("SEC025", "aws_efs_file_system.shared")])
    );
    assert_eq!(files_of(&j), BTreeSet::from(["storage.tf".to_string()]));

    let r = chkmate(h.path(), &["audit", &network, "--format", "json"]);
    assert_eq!(
        ids(&r.json()),
        BTreeSet::from([pair("SEC010", "aws_vpc.main")])
    );

    let r = chkmate(h.path(), &["audit", &network, &storage, "--format", "json"]);
    assert_eq!(ids(&r.json()).len(), 2);

    // Relative to the module directory, as pre-commit runs from the repository root.
    let cwd = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(FIXTURES)
        .join("two_files");
    let r = chkmate_at(h.path(), &cwd, &["audit", "storage.tf", "--format", "json"]);
    assert_eq!(
        ids(&r.json()),
        BTreeSet::from([pair("SEC025", "aws_efs_file_system.shared")])
    );

    // Files of two directories: each directory is its own root, each limited to its file.
    let high = fixture("high/main.tf");
    let r = chkmate(h.path(), &["audit", &storage, &high, "--format", "json"]);
    assert_eq!(
        ids(&r.json()),
        BTreeSet::from([
            pair("SEC025", "aws_efs_file_system.shared"),
            pair("SEC002", "aws_security_group.db"),
            pair("SEC021", "aws_sqs_queue.jobs"),
        ])
    );

    // A clean file of a directory with problems elsewhere passes.
    let work = tempfile::tempdir().unwrap();
    copy_fixture("two_files", work.path());
    std::fs::write(
        work.path().join("tags.tf"),
        "locals {\n  tags = { Team = \"platform\" }\n}\n",
    )
    .unwrap();
    let t = work.path().join("tags.tf").to_string_lossy().to_string();
    let r = chkmate(h.path(), &["audit", &t]);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[test]
fn a_single_file_is_evaluated_with_the_rest_of_its_directory() {
    let h = home();
    let work = tempfile::tempdir().unwrap();
    std::fs::write(
        work.path().join("vpc.tf"),
        "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.60.0.0/16\"\n}\n",
    )
    .unwrap();
    std::fs::write(
        work.path().join("flow_logs.tf"),
        "resource \"aws_flow_log\" \"main\" {\n  vpc_id       = aws_vpc.main.id\n  traffic_type = \"ALL\"\n}\n",
    )
    .unwrap();
    // Only vpc.tf is staged: the flow log in the other file still counts.
    let vpc = work.path().join("vpc.tf").to_string_lossy().to_string();
    let r = chkmate(h.path(), &["audit", &vpc, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(findings(&r.json()).is_empty());
}

// ---------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------

fn fixture_secrets() -> Vec<String> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(FIXTURES)
            .join("secrets/secrets.txt"),
    )
    .unwrap();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

fn contains_bytes(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn secrets_reach_no_output_no_baseline_and_not_the_store() {
    let secrets = fixture_secrets();
    assert!(secrets.len() >= 5);
    let h = home();
    let out = tempfile::tempdir().unwrap();
    let dir = fixture("secrets");
    let mut args: Vec<String> = vec![
        "audit".into(),
        dir.clone(),
        "--format".into(),
        "json".into(),
        "--write-baseline".into(),
        out.path()
            .join("baseline.json")
            .to_string_lossy()
            .into_owned(),
    ];
    for fmt in [
        "table", "json", "sarif", "junit", "csv", "markdown", "github",
    ] {
        args.push("--output".into());
        args.push(format!(
            "{fmt}:{}",
            out.path().join(format!("r.{fmt}")).display()
        ));
    }
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = chkmate(h.path(), &argv);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let j = r.json();
    let sec032 = findings(&j)
        .iter()
        .filter(|f| f["policy_id"] == "SEC032")
        .count();
    assert!(sec032 >= 5, "the secrets were not all found:\n{}", r.stdout);

    let mut texts: Vec<(String, Vec<u8>)> = vec![
        ("stdout".into(), r.stdout.clone().into_bytes()),
        ("stderr".into(), r.stderr.clone().into_bytes()),
    ];
    for fmt in ["table", "markdown", "github", "csv", "sarif", "junit"] {
        let x = chkmate(h.path(), &["audit", &dir, "--format", fmt, "--no-store"]);
        assert_eq!(x.code, 1, "{fmt}: {}", x.stderr);
        texts.push((format!("--format {fmt}"), x.stdout.into_bytes()));
        texts.push((format!("--format {fmt} (stderr)"), x.stderr.into_bytes()));
    }
    let written = files_under(out.path());
    assert_eq!(written.len(), 8, "{written:?}");
    let stored = files_under(h.path());
    assert!(
        stored
            .iter()
            .any(|p| p.to_string_lossy().contains("chkmate.db")),
        "the run was not stored: {stored:?}"
    );
    for p in written.iter().chain(&stored) {
        texts.push((p.display().to_string(), std::fs::read(p).unwrap()));
    }
    for (name, bytes) in &texts {
        for s in &secrets {
            assert!(
                !contains_bytes(bytes, s.as_bytes()),
                "{name} contains the secret {s}"
            );
        }
    }
}

#[test]
fn config_required_tags_drive_cost001() {
    let h = home();
    let work = tempfile::tempdir().unwrap();
    std::fs::write(
        work.path().join("main.tf"),
        "resource \"aws_sqs_queue\" \"q\" {\n  name                    = \"q\"\n  sqs_managed_sse_enabled = true\n  tags = {\n    Environment = \"dev\"\n    Owner       = \"me\"\n  }\n}\n",
    )
    .unwrap();
    let d = work.path().to_string_lossy().to_string();
    let r = chkmate(
        h.path(),
        &["audit", &d, "--only", "COST001", "--format", "json"],
    );
    assert_eq!(r.code, 0, "default required tags are present: {}", r.stdout);
    std::fs::write(
        work.path().join(".chkmate.yml"),
        "required_tags: [CostCenter]\n",
    )
    .unwrap();
    let r = chkmate(
        h.path(),
        &["audit", &d, "--only", "COST001", "--format", "json"],
    );
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("CostCenter"), "{}", r.stdout);
}
