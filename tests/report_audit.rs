//! Audit renderers: a snapshot of every format, SARIF validated against the
//! SARIF 2.1.0 JSON schema, JUnit read by a real JUnit parser, CSV read by a
//! real CSV reader, escaping, and no secret in any output.
//!
//! The findings are built by hand on resources evaluated from real HCL, so
//! their spans (and the file:line:column every format prints) come from the
//! loader. Snapshots live in tests/snapshots/audit.<format>; regenerate them
//! with `UPDATE_SNAPSHOTS=1 cargo test --test report_audit`. The schema and
//! parser checks run Python (`$CHKMATE_TEST_PYTHON`, else `python3`) with the
//! `jsonschema` and `junitparser` packages; they fail, never skip, when those
//! are missing.

use chkmate::finding::{
    fingerprint, mask_secret, Applicability, Category, ComplianceRef, Finding, FixInfo, Severity,
    Suppression, SuppressionKind, UnknownEval,
};
use chkmate::report::audit::{self, AuditFormat, AuditReport, PolicyMeta, ReportError};
use chkmate::report::{audit_table, sarif};
use chkmate::terraform::{evaluate_source, Loaded, Resource};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A secret that appears in the configuration and must appear in no output.
const SECRET: &str = "Zq7-rV2p!hunter-9Kx";

const MAIN_TF: &str = r#"variable "ssh_ports" {
  default = [22]
}

resource "aws_security_group" "web" {
  name = "web"

  dynamic "ingress" {
    for_each = var.ssh_ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}

resource "aws_db_instance" "main" {
  engine         = "postgres"
  instance_class = "db.t3.micro"
  username       = "app"
  password       = "Zq7-rV2p!hunter-9Kx"
}

resource "aws_instance" "app" {
  for_each      = { web = "frontend", worker = "queue" }
  ami           = "ami-0abc1234def567890"
  instance_type = "m5.4xlarge"
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}
"#;

fn loaded() -> Loaded {
    let l = evaluate_source("main.tf", MAIN_TF);
    assert!(
        !l.has_fatal_errors(),
        "fixture must load: {:?}",
        l.model.diagnostics
    );
    l
}

fn resource<'a>(l: &'a Loaded, address: &str) -> &'a Resource {
    l.model
        .resources
        .iter()
        .find(|r| r.address == address)
        .unwrap_or_else(|| panic!("{address} not evaluated"))
}

fn cis(id: &str) -> ComplianceRef {
    ComplianceRef {
        framework: "cis_aws_v3".into(),
        id: id.into(),
    }
}

#[allow(clippy::too_many_arguments)]
fn finding(
    r: &Resource,
    policy: &PolicyMeta,
    attribute_path: Option<&str>,
    span: Option<chkmate::source::Span>,
    message: String,
    fix: FixInfo,
    suppressed: Option<Suppression>,
    saving: Option<f64>,
) -> Finding {
    Finding {
        policy_id: policy.id.clone(),
        title: policy.title.clone(),
        severity: policy.severity,
        category: policy.category,
        resource_address: r.address.clone(),
        resource_type: r.rtype.clone(),
        span: span.or(r.span),
        message,
        attribute_path: attribute_path.map(str::to_string),
        fix,
        compliance: policy.compliance.clone(),
        suppressed,
        monthly_saving_usd: saving,
        fingerprint: fingerprint(&policy.id, &r.address, attribute_path),
    }
}

fn meta(
    id: &str,
    title: &str,
    severity: Severity,
    category: Category,
    description: &str,
) -> PolicyMeta {
    PolicyMeta {
        id: id.into(),
        title: title.into(),
        severity,
        category,
        description: description.into(),
        help_uri: None,
        compliance: vec![],
    }
}

/// The report every format is snapshotted on: findings of each severity, an
/// inline and a baseline suppression, a saving, a for_each instance, a dynamic
/// block, awkward characters, an undecided check, a load error and a policy
/// that passed.
fn report() -> AuditReport {
    let l = loaded();
    let sg = resource(&l, "aws_security_group.web");
    let db = resource(&l, "aws_db_instance.main");
    let app = resource(&l, "aws_instance.app[\"web\"]");
    let logs = resource(&l, "aws_s3_bucket.logs");

    let mut sec001 = meta(
        "SEC001",
        "S3 bucket allows public access",
        Severity::High,
        Category::Security,
        "The bucket's public access block is missing or disabled.\n\nSet all four flags of `aws_s3_bucket_public_access_block` to `true`.",
    );
    sec001.help_uri = Some("docs/policies/SEC001.md".into());
    sec001.compliance = vec![cis("2.1.4")];
    let mut sec002 = meta(
        "SEC002",
        "Security group allows SSH or RDP from the internet",
        Severity::Critical,
        Category::Security,
        "An ingress rule opens port 22 or 3389 to `0.0.0.0/0` or `::/0`.\n\n**Fix:** restrict `cidr_blocks` to known ranges, or use SSM Session Manager.",
    );
    sec002.compliance = vec![cis("5.2"), cis("5.3")];
    let sec017 = meta(
        "SEC017",
        "Security group allows ingress from the internet",
        Severity::High,
        Category::Security,
        "Any port open to the world | other than 80/443.",
    );
    let mut sec032 = meta(
        "SEC032",
        "Hardcoded secret in configuration",
        Severity::Critical,
        Category::Security,
        "A secret is written literally in the configuration.\n\nMove it to a secrets manager and reference it.",
    );
    sec032.help_uri =
        Some("https://docs.aws.amazon.com/secretsmanager/latest/userguide/intro.html".into());
    let cost003 = meta(
        "COST003",
        "Previous-generation or oversized instance type",
        Severity::Medium,
        Category::Cost,
        "A current-generation type gives the same capacity for less.",
    );
    let mut sec010 = meta(
        "SEC010",
        "S3 bucket access logging disabled",
        Severity::Low,
        Category::Security,
        "Access logs are needed to investigate incidents.",
    );
    sec010.compliance = vec![cis("3.4")];
    let rel001 = meta(
        "REL001",
        "RDS instance without deletion protection",
        Severity::Info,
        Category::Reliability,
        "Deletion protection guards against accidental deletes.",
    );

    let ingress = sg
        .body
        .blocks_of("ingress")
        .next()
        .expect("the dynamic block expanded");
    let cidr_span = ingress.body.attr("cidr_blocks").and_then(|a| a.span);
    let password_span = db.body.attr("password").and_then(|a| a.span);
    let type_span = app.body.attr("instance_type").and_then(|a| a.span);
    let no_fix = FixInfo::none();

    let findings = vec![
        finding(
            logs,
            &sec010,
            None,
            None,
            "bucket \"acme-logs\": access logging disabled | target <none>, 100% of requests unlogged".into(),
            FixInfo {
                available: true,
                applicability: Applicability::Safe,
            },
            None,
            None,
        ),
        finding(
            sg,
            &sec002,
            Some("ingress[0].cidr_blocks"),
            cidr_span,
            "ingress 0.0.0.0/0 on port 22 (from dynamic block \"ingress\")".into(),
            FixInfo {
                available: true,
                applicability: Applicability::Unsafe,
            },
            None,
            None,
        ),
        finding(
            sg,
            &sec017,
            Some("ingress[0]"),
            cidr_span,
            "ingress 0.0.0.0/0 on port 22".into(),
            no_fix,
            Some(Suppression {
                kind: SuppressionKind::Inline,
                reason: Some("bastion host, reviewed in SEC-123".into()),
                expires: Some("2031-01-31".into()),
            }),
            None,
        ),
        finding(
            db,
            &sec032,
            Some("password"),
            password_span,
            format!("password is a literal secret ({})", mask_secret(SECRET)),
            no_fix,
            None,
            None,
        ),
        finding(
            app,
            &cost003,
            Some("instance_type"),
            type_span,
            "instance_type \"m5.4xlarge\" is previous generation; m7i.4xlarge costs less".into(),
            FixInfo {
                available: true,
                applicability: Applicability::Unsafe,
            },
            None,
            Some(1234.5),
        ),
        finding(
            db,
            &rel001,
            Some("deletion_protection"),
            None,
            "deletion_protection is not enabled".into(),
            no_fix,
            Some(Suppression {
                kind: SuppressionKind::Baseline,
                reason: None,
                expires: None,
            }),
            None,
        ),
    ];
    let unknown = vec![UnknownEval {
        policy_id: "SEC001".into(),
        resource_address: "aws_s3_bucket.logs".into(),
        attribute_path: Some("bucket".into()),
        reason: "the public access block's bucket is only known after apply".into(),
    }];
    let errors = vec![ReportError {
        file: Some("broken.tf".into()),
        line: Some(3),
        message: "expected `=` or a block, found `}`".into(),
    }];
    AuditReport::new(
        vec![".".into()],
        findings,
        unknown,
        errors,
        vec![sec001, sec002, sec017, sec032, cost003, sec010, rel001],
        &l.sources,
    )
}

fn render(report: &AuditReport, format: AuditFormat) -> String {
    let mut buf = Vec::new();
    audit::render(report, format, &mut buf, false).expect("render");
    String::from_utf8(buf).expect("utf-8 output")
}

fn snapshot_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name)
}

/// Compares `actual` (version normalised) with the stored snapshot, or writes
/// it when `UPDATE_SNAPSHOTS=1`.
fn assert_snapshot(name: &str, actual: &str) {
    let actual = actual.replace(env!("CARGO_PKG_VERSION"), "[VERSION]");
    let path = snapshot_path(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().expect("snapshot dir")).expect("create snapshot dir");
        std::fs::write(&path, &actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "snapshot {} is missing; run `UPDATE_SNAPSHOTS=1 cargo test --test report_audit` and review it",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "snapshot {name} differs at line {}:\n  expected: {:?}\n  actual:   {:?}\n\
             full output:\n{actual}\n(run with UPDATE_SNAPSHOTS=1 to accept)",
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first),
        );
    }
}

#[test]
fn every_format_matches_its_snapshot() {
    let r = report();
    for format in AuditFormat::ALL {
        let ext = match format {
            AuditFormat::Table => "table".to_string(),
            other => other.as_str().to_string(),
        };
        assert_snapshot(&format!("audit.{ext}"), &render(&r, format));
    }
}

#[test]
fn empty_report_snapshots() {
    let l = loaded();
    let r = AuditReport::new(
        vec!["main.tf".into()],
        vec![],
        vec![],
        vec![],
        vec![],
        &l.sources,
    );
    assert_snapshot("audit_empty.table", &render(&r, AuditFormat::Table));
    assert_snapshot("audit_empty.markdown", &render(&r, AuditFormat::Markdown));
}

#[test]
fn report_resolves_locations_from_the_loader() {
    let r = report();
    let (f, loc) = r
        .entries()
        .find(|(f, _)| f.policy_id == "SEC002")
        .expect("SEC002 finding");
    let loc = loc.expect("located");
    assert_eq!(f.resource_address, "aws_security_group.web");
    assert_eq!((loc.file.as_str(), loc.line), ("main.tf", 14));
    assert_eq!(loc.column, 7);
    let (_, loc) = r
        .entries()
        .find(|(f, _)| f.policy_id == "COST003")
        .expect("COST003 finding");
    assert_eq!(loc.map(|l| l.line), Some(29));
    assert_eq!(r.summary.critical, 2);
    assert_eq!(r.summary.medium, 1);
    assert_eq!(r.summary.low, 1);
    assert_eq!(r.summary.suppressed, 2);
    assert_eq!(r.summary.unknown, 1);
    assert_eq!(r.summary.total, 6);
    assert_eq!(r.score, 100 - 25 - 25 - 4 - 1);
}

#[test]
fn no_format_prints_the_secret() {
    let r = report();
    assert!(MAIN_TF.contains(SECRET), "the fixture holds the secret");
    let masked = mask_secret(SECRET);
    for format in AuditFormat::ALL {
        let out = render(&r, format);
        assert!(
            !out.contains(SECRET),
            "{format} output leaks the secret:\n{out}"
        );
        // The finding is there, masked (Markdown escapes the asterisks).
        let md_masked = masked.replace('*', "\\*");
        assert!(
            out.contains(&masked) || out.contains(&md_masked),
            "{format} output lacks the masked finding:\n{out}"
        );
    }
    let mut colored = Vec::new();
    audit::render(&r, AuditFormat::Table, &mut colored, true).expect("render");
    assert!(!String::from_utf8_lossy(&colored).contains(SECRET));
}

#[test]
fn table_fits_100_columns_and_colours_only_when_asked() {
    let r = report();
    let plain = render(&r, AuditFormat::Table);
    for line in plain.lines() {
        assert!(
            line.chars().count() <= 100,
            "line wider than 100 columns: {line:?}"
        );
    }
    assert!(!plain.contains('\x1b'));
    // Suppressed findings are counted, not listed.
    assert!(!plain.contains("SEC017"));
    assert!(!plain.contains("REL001"));
    assert!(plain.contains("2 suppressed findings not shown"));
    assert!(plain.contains("$1,234.50/mo saving"));
    assert!(plain.contains("main.tf:14"));
    assert!(plain.contains("Score   45/100"));
    // Critical rows come before the medium one, which comes before the low one.
    let pos = |s: &str| plain.find(s).unwrap_or_else(|| panic!("{s} missing"));
    assert!(pos("SEC002") < pos("COST003") && pos("COST003") < pos("SEC010"));

    let mut buf = Vec::new();
    audit_table::render(&r, &mut buf, true, 100).expect("render");
    let colored = String::from_utf8(buf).expect("utf-8");
    assert!(colored.contains("\x1b["), "colour codes expected");
}

#[test]
fn json_has_the_contract_fields_in_order() {
    let r = report();
    let text = render(&r, AuditFormat::Json);
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let keys: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["version", "targets", "score", "summary", "findings", "unknown", "errors"]
    );
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(v["score"], 45);
    assert_eq!(v["summary"]["critical"], 2);
    assert_eq!(v["summary"]["suppressed"], 2);
    assert_eq!(v["summary"]["total"], 6);
    let findings = v["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 6);
    let sec002 = findings
        .iter()
        .find(|f| f["policy_id"] == "SEC002")
        .expect("SEC002");
    assert_eq!(sec002["resource"]["address"], "aws_security_group.web");
    assert_eq!(sec002["resource"]["type"], "aws_security_group");
    assert_eq!(sec002["file"], "main.tf");
    assert_eq!(sec002["line"], 14);
    assert_eq!(sec002["fix"]["available"], true);
    assert_eq!(sec002["fix"]["applicability"], "unsafe");
    assert_eq!(sec002["compliance"][0]["framework"], "cis_aws_v3");
    assert!(sec002["suppressed"].is_null());
    assert!(sec002["monthly_saving_usd"].is_null());
    assert_eq!(sec002["fingerprint"].as_str().map(str::len), Some(32));
    let sec017 = findings
        .iter()
        .find(|f| f["policy_id"] == "SEC017")
        .expect("SEC017");
    assert_eq!(sec017["suppressed"]["kind"], "inline");
    assert_eq!(sec017["suppressed"]["expires"], "2031-01-31");
    let cost = findings
        .iter()
        .find(|f| f["policy_id"] == "COST003")
        .expect("COST003");
    assert_eq!(cost["monthly_saving_usd"], 1234.5);
    assert_eq!(cost["resource"]["address"], "aws_instance.app[\"web\"]");
    assert_eq!(v["unknown"][0]["policy_id"], "SEC001");
    assert_eq!(v["errors"][0]["file"], "broken.tf");
    assert_eq!(v["errors"][0]["line"], 3);
}

/// The Python interpreter the tests drive, and a clear failure when it lacks a
/// module.
fn python_with(module: &str) -> String {
    let python = std::env::var("CHKMATE_TEST_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let probe = Command::new(&python)
        .args(["-c", &format!("import {module}")])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python} (set CHKMATE_TEST_PYTHON): {e}"));
    assert!(
        probe.status.success(),
        "{python} has no `{module}` module: run scripts/test.sh (it builds a venv from \
         scripts/test-requirements.txt) or set CHKMATE_TEST_PYTHON to a python with \
         jsonschema and junitparser.\n{}",
        String::from_utf8_lossy(&probe.stderr)
    );
    python
}

/// Runs a Python script with arguments; returns stdout, panics with stderr.
fn run_python(python: &str, script: &str, args: &[&Path]) -> String {
    let out = Command::new(python)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "python check failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const VALIDATE_SARIF: &str = r#"
import json, sys
from jsonschema import Draft4Validator
schema = json.load(open(sys.argv[1], encoding="utf-8"))
Draft4Validator.check_schema(schema)
validator = Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
failed = False
for path in sys.argv[2:]:
    doc = json.load(open(path, encoding="utf-8"))
    for e in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
        failed = True
        print(path, "/".join(str(p) for p in e.absolute_path), e.message)
sys.exit(1 if failed else 0)
"#;

#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let schema =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/sarif-schema-2.1.0.json");
    assert!(
        schema.is_file(),
        "SARIF schema not found at {} (shared/ must sit beside the clone)",
        schema.display()
    );
    let python = python_with("jsonschema");
    let dir = tempfile::tempdir().expect("tempdir");

    let full = report();
    let l = loaded();
    let empty = AuditReport::new(vec![], vec![], vec![], vec![], vec![], &l.sources);
    let mut paths = Vec::new();
    for (name, r) in [("full.sarif", &full), ("empty.sarif", &empty)] {
        let p = dir.path().join(name);
        std::fs::write(&p, render(r, AuditFormat::Sarif)).expect("write sarif");
        paths.push(p);
    }
    let mut args: Vec<&Path> = vec![schema.as_path()];
    args.extend(paths.iter().map(PathBuf::as_path));
    run_python(&python, VALIDATE_SARIF, &args);

    // And the parts code scanning reads.
    let v = sarif::to_sarif(&full);
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "chkmate");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), 7);
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 6);
    for res in results {
        let idx = res["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[idx]["id"], res["ruleId"]);
        assert!(res["partialFingerprints"]["chkmate/v1"].is_string());
    }
    let sec002 = results
        .iter()
        .find(|r| r["ruleId"] == "SEC002")
        .expect("SEC002 result");
    assert_eq!(sec002["level"], "error");
    let phys = &sec002["locations"][0]["physicalLocation"];
    assert_eq!(phys["artifactLocation"]["uri"], "main.tf");
    assert_eq!(phys["region"]["startLine"], 14);
    assert_eq!(phys["region"]["startColumn"], 7);
    assert_eq!(phys["region"]["endLine"], 14);
    assert_eq!(phys["region"]["endColumn"], 34);
    let rule = rules.iter().find(|r| r["id"] == "SEC002").expect("rule");
    assert_eq!(rule["properties"]["security-severity"], "9.5");
    assert_eq!(rule["defaultConfiguration"]["level"], "error");
    assert!(rule["help"]["markdown"]
        .as_str()
        .is_some_and(|m| m.contains("cis_aws_v3 5.2")));
    // An absolute help URI is `helpUri`; a project-relative one is only linked
    // from the Markdown help (helpUri must be absolute).
    let rule = |id: &str| rules.iter().find(|r| r["id"] == id).expect("rule");
    assert_eq!(
        rule("SEC032")["helpUri"],
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/intro.html"
    );
    assert!(rule("SEC001").get("helpUri").is_none());
    assert!(rule("SEC001")["help"]["markdown"]
        .as_str()
        .is_some_and(|m| m.ends_with("[More information](docs/policies/SEC001.md)")));
    let suppressed: Vec<_> = results
        .iter()
        .filter_map(|r| r["suppressions"][0]["kind"].as_str())
        .collect();
    assert_eq!(suppressed, ["inSource", "external"]);
    let sec017 = results
        .iter()
        .find(|r| r["ruleId"] == "SEC017")
        .expect("SEC017 result");
    assert_eq!(
        sec017["suppressions"][0]["justification"],
        "bastion host, reviewed in SEC-123"
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
}

const READ_JUNIT: &str = r#"
import json, sys
from junitparser import JUnitXml, Failure, Skipped, Error
xml = JUnitXml.fromfile(sys.argv[1])
suites = []
for suite in xml:
    counted = {"tests": 0, "failures": 0, "skipped": 0, "errors": 0}
    cases = []
    for case in suite:
        counted["tests"] += 1
        kinds = [type(r).__name__ for r in case.result]
        for r in case.result:
            if isinstance(r, Failure):
                counted["failures"] += 1
            elif isinstance(r, Skipped):
                counted["skipped"] += 1
            elif isinstance(r, Error):
                counted["errors"] += 1
        cases.append({"classname": case.classname, "name": case.name, "results": kinds,
                      "messages": [r.message for r in case.result]})
    declared = {"tests": suite.tests, "failures": suite.failures,
                "skipped": suite.skipped, "errors": suite.errors}
    suites.append({"name": suite.name, "counted": counted, "declared": declared, "cases": cases})
print(json.dumps({"suites": suites}))
"#;

#[test]
fn junit_is_read_by_junitparser() {
    let python = python_with("junitparser");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("audit.xml");
    std::fs::write(&path, render(&report(), AuditFormat::Junit)).expect("write junit");
    let out = run_python(&python, READ_JUNIT, &[path.as_path()]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("parser output");
    let suites = v["suites"].as_array().expect("suites");
    // One suite per policy (7) and one for load errors.
    assert_eq!(suites.len(), 8);
    let mut total = (0, 0, 0, 0);
    for s in suites {
        assert_eq!(s["counted"], s["declared"], "suite {} counts", s["name"]);
        total.0 += s["counted"]["tests"].as_u64().unwrap_or(0);
        total.1 += s["counted"]["failures"].as_u64().unwrap_or(0);
        total.2 += s["counted"]["skipped"].as_u64().unwrap_or(0);
        total.3 += s["counted"]["errors"].as_u64().unwrap_or(0);
    }
    // Failing (policy, resource) pairs: SEC002, SEC032, COST003, SEC010 = 4.
    // Skipped: SEC017 (inline) and REL001 (baseline) = 2. Passing "no findings"
    // cases: SEC001, SEC017, REL001 = 3. One load error.
    assert_eq!(total, (4 + 2 + 3 + 1, 4, 2, 1));
    let suite = |name: &str| {
        suites
            .iter()
            .find(|s| s["name"].as_str().is_some_and(|n| n.starts_with(name)))
            .unwrap_or_else(|| panic!("suite {name}"))
    };
    let sec002 = suite("SEC002:");
    assert_eq!(sec002["cases"][0]["name"], "aws_security_group.web");
    assert_eq!(sec002["cases"][0]["classname"], "SEC002");
    assert_eq!(sec002["cases"][0]["results"][0], "Failure");
    let sec001 = suite("SEC001:");
    assert_eq!(sec001["cases"][0]["name"], "no findings");
    assert_eq!(
        sec001["cases"][0]["results"].as_array().map(Vec::len),
        Some(0)
    );
    let sec017 = suite("SEC017:");
    assert_eq!(sec017["cases"][0]["results"][0], "Skipped");
    assert!(sec017["cases"][0]["messages"][0]
        .as_str()
        .is_some_and(|m| m.contains("bastion host")));
}

const READ_CSV: &str = r#"
import csv, json, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f, strict=True))
print(json.dumps(rows))
"#;

#[test]
fn csv_is_read_back_by_a_csv_reader() {
    let python = python_with("csv");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("audit.csv");
    let text = render(&report(), AuditFormat::Csv);
    assert!(text.ends_with("\r\n"));
    std::fs::write(&path, &text).expect("write csv");
    let rows: Vec<Vec<String>> =
        serde_json::from_str(&run_python(&python, READ_CSV, &[path.as_path()])).expect("rows");
    assert_eq!(rows.len(), 7, "header and six findings");
    let header = &rows[0];
    assert_eq!(header[0], "policy_id");
    for row in &rows {
        assert_eq!(row.len(), header.len());
    }
    let col = |name: &str| header.iter().position(|h| h == name).expect("column");
    let sec010 = rows.iter().find(|r| r[0] == "SEC010").expect("SEC010 row");
    assert_eq!(
        sec010[col("message")],
        "bucket \"acme-logs\": access logging disabled | target <none>, 100% of requests unlogged"
    );
    let cost = rows
        .iter()
        .find(|r| r[0] == "COST003")
        .expect("COST003 row");
    assert_eq!(cost[col("monthly_saving_usd")], "1234.50");
    assert_eq!(cost[col("resource_address")], "aws_instance.app[\"web\"]");
    let sec017 = rows.iter().find(|r| r[0] == "SEC017").expect("SEC017 row");
    assert_eq!(sec017[col("suppressed")], "true");
    assert_eq!(sec017[col("suppression_kind")], "inline");
    // Not computed is empty, never zero.
    assert_eq!(sec017[col("monthly_saving_usd")], "");
}

/// Splits a Markdown table row on pipes that are not backslash-escaped.
fn cells(row: &str) -> usize {
    let mut n = 0;
    let mut escaped = false;
    for c in row.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => n += 1,
            _ => escaped = false,
        }
    }
    n
}

#[test]
fn markdown_tables_keep_their_shape() {
    let md = render(&report(), AuditFormat::Markdown);
    let mut width = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            width = None;
            continue;
        }
        let n = cells(line);
        match width {
            None => width = Some(n),
            Some(w) => assert_eq!(n, w, "row breaks its table: {line}"),
        }
    }
    assert!(md.contains("access logging disabled \\| target &lt;none&gt;"));
    assert!(md.contains("<details><summary>2 suppressed findings</summary>"));
    assert!(md.contains("### 🟣 Critical (2)"));
    assert!(!md.contains("<none>"));
}

#[test]
fn markdown_collapses_long_groups() {
    let l = loaded();
    let bucket = resource(&l, "aws_s3_bucket.logs");
    let policy = meta("SEC010", "Logging", Severity::Low, Category::Security, "d");
    let findings: Vec<Finding> = (0..150)
        .map(|i| {
            let mut f = finding(
                bucket,
                &policy,
                None,
                None,
                format!("case {i}"),
                FixInfo::none(),
                None,
                None,
            );
            f.resource_address = format!("aws_s3_bucket.b[{i}]");
            f
        })
        .collect();
    let r = AuditReport::new(vec![], findings, vec![], vec![], vec![policy], &l.sources);
    let md = render(&r, AuditFormat::Markdown);
    assert!(md.contains("<details><summary>🟡 Low (150)</summary>"));
    assert!(md.contains("… and 50 more"));
    assert_eq!(md.matches("| SEC010 |").count(), 100);
}

#[test]
fn github_commands_are_well_formed_and_escaped() {
    let out = render(&report(), AuditFormat::Github);
    let re = regex::Regex::new(r"^::(error|warning|notice) [^:\r\n]*::[^\r\n]*$").expect("regex");
    let commands: Vec<&str> = out.lines().filter(|l| l.starts_with("::")).collect();
    // Four unsuppressed findings and one load error.
    assert_eq!(commands.len(), 5, "{out}");
    for c in &commands {
        assert!(re.is_match(c), "malformed command: {c}");
    }
    assert!(commands[0].starts_with(
        "::error file=main.tf,line=14,col=7,endLine=14,endColumn=34,title=SEC002 (critical)%3A "
    ));
    assert!(out.contains("::warning file=main.tf,line=29,"));
    assert!(out.contains("100%25 of requests"));
    assert!(out.contains("::error file=broken.tf,line=3,title=chkmate load error::"));
    // Suppressed findings are not annotated.
    assert!(!out.contains("SEC017") && !out.contains("REL001"));
    let last = out.lines().last().expect("summary line");
    assert!(last.starts_with("chkmate: score 45/100"), "{last}");
}

#[test]
fn load_diagnostics_become_report_errors() {
    let l = evaluate_source(
        "bad.tf",
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \n}\n",
    );
    let errors: Vec<ReportError> = l
        .model
        .diagnostics
        .iter()
        .filter(|d| d.severity == chkmate::terraform::model::DiagSeverity::Error)
        .map(|d| ReportError::from_diagnostic(d, &l.sources))
        .collect();
    assert!(!errors.is_empty(), "a syntax error is reported");
    assert_eq!(errors[0].file.as_deref(), Some("bad.tf"));
    let r = AuditReport::new(
        vec!["bad.tf".into()],
        vec![],
        vec![],
        errors,
        vec![],
        &l.sources,
    );
    assert!(r.verdict().starts_with("ERROR"));
    let text = render(&r, AuditFormat::Table);
    assert!(text.contains("error: bad.tf"), "{text}");
}

/// Secrets of several kinds, assembled at run time so this file holds no
/// string a secret scanner would flag.
fn pipeline_secrets() -> Vec<String> {
    vec![
        "Vt9qLm2xR7pZw4Kd".to_string(),
        "Hq3mN8vB2xL6pT9w".to_string(),
        ["AK", "IA", "Q7W3E5R1T9Y2U4I6"].concat(),
        ["t7Kp2Vx9Lq4Rz8Nw", "3Ys6Hb1Gc5Fd0Je7", "Ma2Ub9Xe"].concat(),
        ["sk", "_live_", "51Hx7Kq2Lm9Np4Rs8Tv3Wy6Z"].concat(),
    ]
}

fn pipeline_config(secrets: &[String]) -> String {
    format!(
        r#"provider "aws" {{
  region = "eu-west-1"
}}

variable "api_token" {{
  default = "{s4}"
}}

resource "aws_db_instance" "main" {{
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  username          = "app"
  password          = "{s0}"
}}

resource "aws_lambda_function" "api" {{
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "api.zip"

  environment {{
    variables = {{
      DB_PASSWORD           = "{s1}"
      AWS_ACCESS_KEY_ID     = "{s2}"
      AWS_SECRET_ACCESS_KEY = "{s3}"
      PAYMENTS_KEY          = "{s4}"
    }}
  }}
}}
"#,
        s0 = secrets[0],
        s1 = secrets[1],
        s2 = secrets[2],
        s3 = secrets[3],
        s4 = secrets[4],
    )
}

/// The real pipeline: HCL → evaluator → every embedded policy → report.
fn pipeline_report() -> (AuditReport, Vec<String>) {
    let secrets = pipeline_secrets();
    let text = pipeline_config(&secrets);
    let l = evaluate_source("main.tf", &text);
    assert!(!l.has_fatal_errors(), "{:?}", l.model.diagnostics);
    let policies = chkmate::policy::embedded_policies().expect("embedded policies load");
    let result = chkmate::policy::audit(
        &l.model,
        &policies,
        &chkmate::policy::AuditOptions {
            sources: Some(&l.sources),
            required_tags: None,
        },
    );
    let metas = policies.iter().map(PolicyMeta::from).collect();
    let report = AuditReport::new(
        vec![".".into()],
        result.findings,
        result.unknown,
        vec![],
        metas,
        &l.sources,
    );
    (report, secrets)
}

#[test]
fn real_policies_on_secrets_leak_nothing_in_any_format() {
    let (report, secrets) = pipeline_report();
    let sec032 = report
        .findings
        .iter()
        .filter(|f| f.policy_id == "SEC032")
        .count();
    assert!(
        sec032 >= 5,
        "the secrets check reports the password and the environment's secrets: {:#?}",
        report.findings
    );
    for format in AuditFormat::ALL {
        let out = render(&report, format);
        for secret in &secrets {
            assert!(
                !out.contains(secret.as_str()),
                "{format} output leaks {}:\n{out}",
                mask_secret(secret)
            );
        }
        assert!(
            out.contains("aws_db_instance.main"),
            "{format} lists the finding"
        );
    }
    let mut colored = Vec::new();
    audit::render(&report, AuditFormat::Table, &mut colored, true).expect("render");
    let colored = String::from_utf8_lossy(&colored);
    for secret in &secrets {
        assert!(!colored.contains(secret.as_str()));
    }
    // The masked forms are what the outputs show.
    let json = render(&report, AuditFormat::Json);
    for secret in &secrets[..4] {
        assert!(json.contains(&mask_secret(secret)), "{json}");
    }
}

#[test]
fn sarif_of_every_embedded_policy_validates() {
    let schema =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/sarif-schema-2.1.0.json");
    let python = python_with("jsonschema");
    let (report, _) = pipeline_report();
    assert!(
        report.policies.len() >= 32,
        "every embedded policy is a rule"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("pipeline.sarif");
    std::fs::write(&p, render(&report, AuditFormat::Sarif)).expect("write sarif");
    run_python(&python, VALIDATE_SARIF, &[schema.as_path(), p.as_path()]);
    let jp = dir.path().join("pipeline.xml");
    std::fs::write(&jp, render(&report, AuditFormat::Junit)).expect("write junit");
    let out = run_python(&python_with("junitparser"), READ_JUNIT, &[jp.as_path()]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("parser output");
    let suites = v["suites"].as_array().expect("suites");
    assert_eq!(suites.len(), report.policies.len());
    for s in suites {
        assert_eq!(s["counted"], s["declared"], "suite {} counts", s["name"]);
    }
}
