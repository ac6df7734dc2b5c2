//! Inline suppressions end to end: Terraform loaded and evaluated, audited with
//! the embedded policies, then `chkmate::suppress::apply_inline`.

use chkmate::finding::{Finding, SuppressionKind};
use chkmate::policy::{audit, embedded_policies, AuditOptions};
use chkmate::suppress::{apply_inline, CompatTable, Date, Tool};
use chkmate::terraform::{evaluate_source, load, LoadOptions, Loaded};
use std::path::PathBuf;

fn today() -> Date {
    Date::parse("2026-06-01").expect("valid date")
}

fn run(loaded: &Loaded, today: Date) -> (Vec<Finding>, Vec<chkmate::terraform::Diagnostic>) {
    let policies = embedded_policies().expect("embedded policies load");
    let result = audit(
        &loaded.model,
        &policies,
        &AuditOptions {
            sources: Some(&loaded.sources),
            required_tags: None,
        },
    );
    let mut findings = result.findings;
    let before = findings.len();
    let warnings = apply_inline(
        &mut findings,
        &loaded.model.resources,
        &loaded.sources,
        today,
    );
    assert_eq!(
        findings.len(),
        before,
        "suppressed findings stay in the list"
    );
    (findings, warnings)
}

fn fixture(dir: &str) -> Loaded {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/suppress")
        .join(dir);
    load(&[p], &LoadOptions::default()).expect("fixture loads")
}

fn get<'a>(findings: &'a [Finding], policy: &str, address: &str) -> &'a Finding {
    findings
        .iter()
        .find(|f| f.policy_id == policy && f.resource_address == address)
        .unwrap_or_else(|| {
            let all: Vec<String> = findings
                .iter()
                .map(|f| format!("{} {}", f.policy_id, f.resource_address))
                .collect();
            panic!("no {policy} on {address}; findings: {all:#?}")
        })
}

fn reason(f: &Finding) -> String {
    f.suppressed
        .as_ref()
        .and_then(|s| s.reason.clone())
        .unwrap_or_default()
}

#[test]
fn comment_in_a_module_file_covers_every_instance_of_the_module() {
    let loaded = fixture("modules_root");
    let (findings, warnings) = run(&loaded, today());
    assert!(warnings.is_empty(), "{warnings:?}");
    for key in ["eu", "us"] {
        let this = format!("module.edge[\"{key}\"].aws_security_group.this");
        let f = get(&findings, "SEC017", &this);
        let s = f
            .suppressed
            .as_ref()
            .expect("SEC017 suppressed in every instance");
        assert_eq!(s.kind, SuppressionKind::Inline);
        assert_eq!(
            s.reason.as_deref(),
            Some("edge proxies take every port by design (NET-12)")
        );
        assert_eq!(s.expires, None);
        // Only the policy the comment names.
        assert!(get(&findings, "SEC002", &this).suppressed.is_none());
        // Only the resource the comment is in.
        let admin = format!("module.edge[\"{key}\"].aws_security_group.admin");
        assert!(get(&findings, "SEC002", &admin).suppressed.is_none());
    }
}

#[test]
fn comment_above_a_module_call_covers_that_module_instance() {
    let loaded = fixture("modules_root");
    let (findings, _) = run(&loaded, today());
    let lab = get(&findings, "SEC017", "module.lab.aws_security_group.lab");
    assert_eq!(
        reason(lab),
        "lab network sits behind the inspection firewall (NET-7)"
    );
    assert!(
        get(&findings, "SEC002", "module.lab.aws_security_group.lab")
            .suppressed
            .is_none()
    );
    // The same policy on a root resource without a comment is reported.
    assert!(get(&findings, "SEC017", "aws_security_group.office")
        .suppressed
        .is_none());
}

#[test]
fn instance_filters_select_one_for_each_or_count_instance() {
    let loaded = fixture("modules_root");
    let (findings, _) = run(&loaded, today());
    let audit_logs = get(&findings, "SEC018", "aws_s3_bucket.logs[\"audit\"]");
    assert_eq!(
        reason(audit_logs),
        "audit logs are write-once (object lock)"
    );
    assert!(get(&findings, "SEC018", "aws_s3_bucket.logs[\"access\"]")
        .suppressed
        .is_none());
    assert!(get(&findings, "SEC019", "aws_s3_bucket.logs[\"audit\"]")
        .suppressed
        .is_none());

    let scratch1 = get(&findings, "SEC018", "aws_s3_bucket.scratch[1]");
    let s = scratch1
        .suppressed
        .as_ref()
        .expect("count instance 1 suppressed");
    assert_eq!(s.expires.as_deref(), Some("2999-12-31"));
    assert!(get(&findings, "SEC018", "aws_s3_bucket.scratch[0]")
        .suppressed
        .is_none());
}

#[test]
fn unfiltered_comment_covers_all_instances() {
    let src = r#"
resource "aws_s3_bucket" "data" {
  for_each = toset(["a", "b", "c"])
  bucket   = "corp-data-${each.key}"
  // chkmate:ignore SEC018 data is rebuilt nightly from the warehouse
}
"#;
    let loaded = evaluate_source("main.tf", src);
    let (findings, _) = run(&loaded, today());
    for k in ["a", "b", "c"] {
        let f = get(&findings, "SEC018", &format!("aws_s3_bucket.data[\"{k}\"]"));
        assert_eq!(reason(f), "data is rebuilt nightly from the warehouse");
    }
}

#[test]
fn expired_suppressions_do_not_apply_and_warn_with_location() {
    let src = r#"resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "corp-trail"
  # chkmate:ignore SEC006 exp:2026-05-31 single-region until the migration
  is_multi_region_trail      = false
  # chkmate:ignore SEC007 exp:2026-06-01 validation turned on next sprint
  enable_log_file_validation = false
}
"#;
    let loaded = evaluate_source("main.tf", src);
    let (findings, warnings) = run(&loaded, today());
    assert!(get(&findings, "SEC006", "aws_cloudtrail.main")
        .suppressed
        .is_none());
    // The expiry day itself is still covered.
    let f = get(&findings, "SEC007", "aws_cloudtrail.main");
    assert_eq!(
        f.suppressed.as_ref().and_then(|s| s.expires.as_deref()),
        Some("2026-06-01")
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0];
    assert_eq!(w.kind, "suppression");
    assert!(w.message.contains("SEC006") && w.message.contains("expired on 2026-05-31"));
    let loc = w
        .span
        .and_then(|s| loaded.sources.locate(s))
        .expect("warning has a location");
    assert_eq!((loc.file.as_str(), loc.line), ("main.tf", 4));

    // A day later the second one expires too.
    let later = Date::parse("2026-06-02").expect("valid date");
    let (findings, warnings) = run(&loaded, later);
    assert!(get(&findings, "SEC007", "aws_cloudtrail.main")
        .suppressed
        .is_none());
    assert_eq!(warnings.len(), 2);
}

#[test]
fn comment_above_the_attribute_or_nested_block_and_comment_styles() {
    let src = r#"
resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  /* chkmate:ignore SEC002 bastion host, source-restricted by the NACL */
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = "sg-0123456789abcdef0"
}

resource "aws_security_group" "web" {
  name = "web"

  // chkmate:ignore SEC002,SEC017 -- public entry point, WAF in front
  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#;
    let loaded = evaluate_source("main.tf", src);
    let (findings, warnings) = run(&loaded, today());
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        reason(get(&findings, "SEC002", "aws_security_group_rule.ssh")),
        "bastion host, source-restricted by the NACL"
    );
    for p in ["SEC002", "SEC017"] {
        assert_eq!(
            reason(get(&findings, p, "aws_security_group.web")),
            "public entry point, WAF in front"
        );
    }
}

#[test]
fn directive_text_inside_strings_and_heredocs_is_not_a_comment() {
    let src = r##"
resource "aws_iam_policy" "admin" {
  name        = "admin"
  description = "# chkmate:ignore SEC004 this is a string, not a comment"
  policy      = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Sid": "x # chkmate:ignore SEC004 still inside the heredoc",
        "Effect": "Allow",
        "Action": "*",
        "Resource": "*"
      }]
    }
  EOT
}
"##;
    let loaded = evaluate_source("main.tf", src);
    let (findings, warnings) = run(&loaded, today());
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(get(&findings, "SEC004", "aws_iam_policy.admin")
        .suppressed
        .is_none());
}

#[test]
fn malformed_suppressions_warn_and_suppress_nothing() {
    let src = r#"
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "corp-trail"
  # chkmate:ignore because we really need it
  # chkmate:ignore SEC006 exp:2026-02-30 not a real date
  is_multi_region_trail = false
}
"#;
    let loaded = evaluate_source("main.tf", src);
    let (findings, warnings) = run(&loaded, today());
    assert!(get(&findings, "SEC006", "aws_cloudtrail.main")
        .suppressed
        .is_none());
    let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].contains("names no policy ID"), "{messages:?}");
    assert!(messages[1].contains("invalid expiry"), "{messages:?}");
}

#[test]
fn checkov_tfsec_and_trivy_comments_map_to_chkmate_ids() {
    let loaded = fixture("foreign");
    let (findings, warnings) = run(&loaded, today());

    let ssh = get(&findings, "SEC002", "aws_security_group_rule.ssh");
    let r = reason(ssh);
    assert!(
        r.starts_with("SSH is limited by the NACL in front of this subnet"),
        "{r}"
    );
    assert!(r.contains("checkov:skip=CKV_AWS_24"), "{r}");

    let rdp = get(&findings, "SEC002", "aws_security_group_rule.rdp");
    let s = rdp.suppressed.as_ref().expect("tfsec comment honoured");
    assert_eq!(s.expires.as_deref(), Some("2999-01-01"));
    assert!(reason(rdp).contains("tfsec:ignore:aws-ec2-no-public-ingress-sgr"));

    let public = get(&findings, "SEC014", "aws_subnet.public");
    assert!(reason(public).starts_with("public subnet for the load balancers"));
    assert!(reason(public).contains("trivy:ignore:AVD-AWS-0164"));

    // Expired trivy suppression: reported again, with a warning.
    assert!(get(&findings, "SEC014", "aws_subnet.dmz")
        .suppressed
        .is_none());
    // Unknown foreign IDs are ignored: no suppression, no warning.
    assert!(get(&findings, "SEC006", "aws_cloudtrail.main")
        .suppressed
        .is_none());
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0]
        .message
        .contains("trivy:ignore:aws-ec2-no-public-ip-subnet"));
    assert!(warnings[0].message.contains("expired on 2020-01-01"));
}

#[test]
fn compat_table_targets_are_real_policies() {
    let policies = embedded_policies().expect("embedded policies load");
    let table = CompatTable::embedded();
    let ids = table.chkmate_ids();
    assert!(ids.len() >= 25, "{ids:?}");
    for id in ids {
        // Each family (SEC, COST, REL) is checked once its policies exist, so
        // the table can never point at a policy that is not there.
        let family: String = id.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        let family_loaded = policies.iter().any(|p| p.id.starts_with(&family));
        assert!(
            !family_loaded || policies.iter().any(|p| p.id == id),
            "policies/compat.yaml maps to {id}, which is not a policy"
        );
        assert!(family != "SEC" || family_loaded);
    }
    let (checkov, aqua) = table.foreign_ids_for("SEC017");
    assert!(checkov.contains(&"CKV_AWS_277".to_string()), "{checkov:?}");
    assert!(aqua.contains(&"AVD-AWS-0107".to_string()), "{aqua:?}");
    assert!(table.lookup(Tool::Trivy, "AWS-0107").is_some());
}
