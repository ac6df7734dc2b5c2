//! Every fixture under tests/fixtures/eval with an `expected_addresses.txt` must
//! evaluate to exactly those resource instance addresses (the instances Terraform
//! would plan), plus targeted checks of evaluation semantics.

use chkmate::terraform::{self, LoadOptions, Loaded, Value, VarInput};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/eval")
        .join(name)
}

fn load_with(name: &str, opts: &LoadOptions) -> Loaded {
    terraform::load(&[fixture(name)], opts).expect("fixture loads")
}

fn load(name: &str) -> Loaded {
    load_with(
        name,
        &LoadOptions {
            use_env: false,
            ..LoadOptions::default()
        },
    )
}

/// Managed resource instances: what a plan's `planned_values` lists.
fn addresses(l: &Loaded) -> Vec<String> {
    let mut a: Vec<String> = l
        .model
        .resources
        .iter()
        .filter(|r| r.mode == chkmate::terraform::Mode::Managed)
        .map(|r| r.address.clone())
        .collect();
    a.sort();
    a
}

fn expected(name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(fixture(name).join("expected_addresses.txt")).unwrap();
    let mut v: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    v.sort();
    v
}

#[test]
fn every_fixture_plans_the_expected_instances() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval");
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("expected_addresses.txt").is_file())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    for name in names {
        let l = load(&name);
        let got = addresses(&l);
        let want = expected(&name);
        if got != want {
            failures.push(format!(
                "{name}:\n  expected {want:?}\n  got      {got:?}\n  diagnostics: {:?}",
                l.model
                    .diagnostics
                    .iter()
                    .map(|d| d.render(&l.sources))
                    .collect::<Vec<_>>()
            ));
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} fixtures found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn resource<'a>(l: &'a Loaded, addr: &str) -> &'a chkmate::terraform::Resource {
    l.model
        .resource(addr)
        .unwrap_or_else(|| panic!("{addr} not found in {:?}", addresses(l)))
}

#[test]
fn var_precedence_follows_terraform() {
    // default < terraform.tfvars < a.auto.tfvars < b.auto.tfvars < CLI in order
    let l = load("var_precedence");
    let r = resource(&l, "aws_s3_bucket.probe");
    let tags = r.body.value("tags").expect("tags");
    let readme = std::fs::read_to_string(fixture("var_precedence").join("README.md")).unwrap();
    assert!(tags.as_map().is_some(), "tags: {tags:?}\n{readme}");

    let opts = LoadOptions {
        use_env: false,
        vars: vec![
            VarInput::File(fixture("var_precedence").join("extra.tfvars")),
            VarInput::Pair("from_cli".into(), "cli".into()),
        ],
        ..LoadOptions::default()
    };
    let l2 = load_with("var_precedence", &opts);
    let r2 = resource(&l2, "aws_s3_bucket.probe");
    assert_ne!(
        r.values(),
        r2.values(),
        "--var-file and --var change the values"
    );
}

#[test]
fn unknown_for_each_keeps_one_instance_marked() {
    let l = load("unknown_for_each");
    let unknown: Vec<_> = l
        .model
        .resources
        .iter()
        .filter(|r| r.expansion_unknown)
        .map(|r| r.address.as_str())
        .collect();
    assert!(!unknown.is_empty(), "no resource marked expansion unknown");
}

#[test]
fn locals_cycle_is_a_diagnostic_not_a_hang() {
    let l = load("locals_cycle");
    assert!(
        l.model.diagnostics.iter().any(|d| d.kind == "cycle"),
        "{:?}",
        l.model.diagnostics
    );
}

#[test]
fn dynamic_blocks_are_expanded() {
    let l = load("dynamic_blocks");
    let sg = resource(&l, "aws_security_group.web");
    let ingress: Vec<_> = sg.body.blocks_of("ingress").collect();
    assert!(
        ingress.iter().filter(|b| b.dynamic).count() >= 2,
        "ingress blocks: {ingress:?}"
    );
    assert!(
        ingress.iter().any(|b| !b.dynamic),
        "the static ingress block is kept"
    );
    let dyn_desc: Vec<_> = ingress
        .iter()
        .filter(|b| b.dynamic)
        .map(|b| {
            b.body
                .value("description")
                .and_then(|v| v.as_str())
                .unwrap_or("?")
                .to_string()
        })
        .collect();
    assert_eq!(dyn_desc, ["https", "ssh"]);
    let ssh = ingress
        .iter()
        .find(|b| b.body.value("from_port").and_then(|v| v.as_f64()) == Some(22.0))
        .unwrap();
    assert_eq!(
        ssh.body
            .value("cidr_blocks")
            .unwrap()
            .as_list()
            .unwrap()
            .len(),
        2
    );
    // Nested dynamic blocks with custom iterators.
    let lc = resource(&l, "aws_s3_bucket_lifecycle_configuration.data");
    let rules: Vec<_> = lc.body.blocks_of("rule").collect();
    assert_eq!(rules.len(), 2);
    assert_eq!(rules[0].body.blocks_of("transition").count(), 2);
    assert_eq!(rules[1].body.blocks_of("transition").count(), 0);
    let exp0 = rules[0].body.blocks_of("expiration").next().unwrap();
    assert_eq!(
        exp0.body.value("days").and_then(|v| v.as_f64()),
        Some(365.0)
    );
    // A dynamic block over an empty list generates nothing.
    let lt = resource(&l, "aws_launch_template.bare");
    assert_eq!(lt.body.blocks_of("block_device_mappings").count(), 0);
    assert!(ingress.iter().all(|b| b.span.is_some()));
}

#[test]
fn references_record_the_resource_they_point_at() {
    let l = terraform::evaluate_source(
        "main.tf",
        r#"
resource "aws_s3_bucket" "b" {
  for_each = toset(["logs", "media"])
  bucket   = "acme-${each.key}"
}
resource "aws_s3_bucket_versioning" "v" {
  for_each = aws_s3_bucket.b
  bucket   = each.value.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_logging" "named" {
  bucket        = aws_s3_bucket.b["media"].bucket
  target_bucket = "central-logs"
  target_prefix = "media/"
}
"#,
    );
    let v = resource(&l, "aws_s3_bucket_versioning.v[\"logs\"]");
    let bucket = v.body.value("bucket").unwrap();
    assert!(bucket.is_unknown());
    let origins: Vec<String> = bucket
        .origins()
        .iter()
        .map(|o| o.address.to_string())
        .collect();
    assert!(
        origins.contains(&"aws_s3_bucket.b[\"logs\"]".to_string()),
        "{origins:?}"
    );
    let named = resource(&l, "aws_s3_bucket_logging.named");
    let b = named.body.value("bucket").unwrap();
    assert_eq!(b.as_str(), Some("acme-media"));
    assert!(b
        .origins()
        .iter()
        .any(|o| &*o.address == "aws_s3_bucket.b[\"media\"]"));
}

#[test]
fn iam_policy_document_renders_json() {
    let l = terraform::evaluate_source(
        "main.tf",
        r#"
data "aws_iam_policy_document" "admin" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}
resource "aws_iam_policy" "p" {
  name   = "p"
  policy = data.aws_iam_policy_document.admin.json
}
"#,
    );
    let p = resource(&l, "aws_iam_policy.p");
    let doc = p
        .body
        .value("policy")
        .unwrap()
        .json_document()
        .expect("json document");
    let st = &doc.get("Statement").unwrap().as_list().unwrap()[0];
    assert_eq!(st.get("Action").unwrap().as_str(), Some("*"));
    assert_eq!(st.get("Effect").unwrap().as_str(), Some("Allow"));
}

#[test]
fn sensitive_variables_are_marked() {
    let l = terraform::evaluate_source(
        "main.tf",
        r#"
variable "pw" {
  default   = "not-a-real-password"
  sensitive = true
}
resource "aws_db_instance" "d" {
  password = var.pw
}
"#,
    );
    let d = resource(&l, "aws_db_instance.d");
    assert!(d.body.value("password").unwrap().is_sensitive());
}

#[test]
fn syntax_error_reports_position_and_other_files_still_load() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("good.tf"),
        "resource \"aws_vpc\" \"v\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("bad.tf"),
        "resource \"aws_vpc\" \"w\" {\n  cidr_block = \n}\n",
    )
    .unwrap();
    let l = terraform::load(&[dir.path().to_path_buf()], &LoadOptions::default()).unwrap();
    assert!(l.has_fatal_errors());
    let d = l
        .model
        .diagnostics
        .iter()
        .find(|d| d.kind == "syntax")
        .unwrap();
    let loc = l.sources.locate(d.span.unwrap()).unwrap();
    assert!(loc.file.ends_with("bad.tf"), "{loc}");
    assert!(loc.line >= 2 && loc.line <= 3, "{loc}");
    assert!(l.model.resource("aws_vpc.v").is_some());
}

#[test]
fn terraform_15_blocks_parse() {
    let l = terraform::evaluate_source(
        "main.tf",
        r#"
terraform {
  cloud {
    organization = "acme"
    workspaces { name = "prod" }
  }
}
import {
  to = aws_s3_bucket.b
  id = "acme-b"
}
moved {
  from = aws_s3_bucket.a
  to   = aws_s3_bucket.b
}
removed {
  from = aws_s3_bucket.old
  lifecycle { destroy = false }
}
check "health" {
  assert {
    condition     = 1 == 1
    error_message = "never"
  }
}
ephemeral "aws_secretsmanager_secret_version" "s" {
  secret_id = "x"
}
resource "aws_s3_bucket" "b" {
  bucket = provider::aws::arn_parse("arn:aws:s3:::acme-b").resource
}
"#,
    );
    assert!(!l.has_fatal_errors(), "{:?}", l.model.diagnostics);
    let b = resource(&l, "aws_s3_bucket.b");
    assert!(b.body.value("bucket").unwrap().is_unknown());
}

#[test]
fn values_keep_spans() {
    let l = terraform::evaluate_source(
        "main.tf",
        "resource \"aws_instance\" \"i\" {\n  ami           = \"ami-1\"\n  instance_type = \"t3.micro\"\n}\n",
    );
    let i = resource(&l, "aws_instance.i");
    let span = i.body.attr("instance_type").unwrap().span.unwrap();
    let loc = l.sources.locate(span).unwrap();
    assert_eq!((loc.line, loc.column), (3, 3));
    assert_eq!(
        i.body.value("instance_type"),
        Some(&Value::string("t3.micro"))
    );
}

fn tags(r: &chkmate::terraform::Resource) -> Vec<String> {
    match r.effective_tags() {
        Value::Map(m) => m
            .iter()
            .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("?")))
            .collect(),
        other => vec![format!("{other:?}")],
    }
}

#[test]
fn provider_aliases_regions_and_default_tags() {
    let l = load("providers_alias");
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "aws_s3_bucket.primary",
            "us-east-1",
            &["Environment=prod", "Team=core"],
        ),
        (
            "aws_s3_bucket.tag_override",
            "us-east-1",
            &["Environment=prod", "Owner=alice", "Team=data"],
        ),
        ("aws_s3_bucket.west", "us-west-2", &["Team=core-dr"]),
        ("aws_s3_bucket.eu", "eu-central-1", &[]),
        (
            "module.west_app.aws_sqs_queue.this",
            "us-west-2",
            &["Team=core-dr"],
        ),
        (
            "module.west_app.module.logs.aws_cloudwatch_log_group.this",
            "us-west-2",
            &["Team=core-dr"],
        ),
        (
            "module.inherit_app.aws_sqs_queue.this",
            "us-east-1",
            &["Environment=prod", "Team=core"],
        ),
        (
            "module.inherit_app.module.logs.aws_cloudwatch_log_group.this",
            "us-east-1",
            &["Environment=prod", "Team=core"],
        ),
        ("module.multi.aws_sns_topic.main", "eu-central-1", &[]),
        (
            "module.multi.aws_sns_topic.backup",
            "us-west-2",
            &["Team=core-dr"],
        ),
    ];
    for (addr, region, want_tags) in cases {
        let r = resource(&l, addr);
        assert_eq!(r.provider.region_str(), Some(*region), "{addr}");
        assert_eq!(tags(r), *want_tags, "{addr}");
    }
}

#[test]
fn registry_modules_resolve_through_modules_json() {
    let l = load("registry_module");
    let a = resource(
        &l,
        "module.vpc.module.subnets.aws_subnet.this[\"us-east-1a\"]",
    );
    assert_eq!(
        a.body.value("cidr_block").and_then(|v| v.as_str()),
        Some("10.70.0.0/20")
    );
    let b = resource(
        &l,
        "module.vpc.module.subnets.aws_subnet.this[\"us-east-1b\"]",
    );
    assert_eq!(
        b.body.value("cidr_block").and_then(|v| v.as_str()),
        Some("10.70.16.0/20")
    );
    assert_eq!(
        l.model.unresolved_modules.len(),
        1,
        "{:?}",
        l.model.unresolved_modules
    );
    let u = &l.model.unresolved_modules[0];
    assert_eq!(u.address, "module.dns");
    assert!(u.source.contains("acme-corp/dns/aws"));
    let p = resource(&l, "aws_ssm_parameter.zone_id");
    assert!(p.body.value("value").unwrap().is_unknown());
    assert!(!l.has_fatal_errors());
}

#[test]
fn recursive_module_terminates() {
    let l = load("recursive_module");
    assert_eq!(addresses(&l), expected("recursive_module"));
}

#[test]
fn optional_object_attributes_get_defaults() {
    let l = terraform::evaluate_source(
        "main.tf",
        r#"
variable "rules" {
  type = list(object({
    port  = number
    cidrs = optional(list(string), ["10.0.0.0/8"])
    extra = optional(object({
      note = optional(string, "none")
    }), {})
    desc  = optional(string)
  }))
  default = [{ port = "443" }]
}
resource "aws_security_group" "sg" {
  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      cidr_blocks = ingress.value.cidrs
      description = ingress.value.extra.note
    }
  }
}
"#,
    );
    let sg = resource(&l, "aws_security_group.sg");
    let ing = sg
        .body
        .blocks_of("ingress")
        .next()
        .expect("one ingress block");
    assert_eq!(
        ing.body.value("from_port"),
        Some(&Value::Number(443.0)),
        "string converted to number"
    );
    assert_eq!(
        ing.body.value("cidr_blocks"),
        Some(&Value::List(vec![Value::string("10.0.0.0/8")]))
    );
    assert_eq!(ing.body.value("description"), Some(&Value::string("none")));
}

#[test]
fn functions_resolve_files_relative_to_module_paths() {
    let l = load_with(
        "../../../examples/platform",
        &LoadOptions {
            use_env: false,
            ..LoadOptions::default()
        },
    );
    let templ_errors: Vec<_> = l
        .model
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("no file") || d.message.contains("templatefile"))
        .map(|d| d.render(&l.sources))
        .collect();
    assert!(templ_errors.is_empty(), "{templ_errors:?}");
}

#[test]
fn json_syntax_configuration_evaluates() {
    let l = load("json_config");
    assert!(!l.has_fatal_errors(), "{:?}", l.model.diagnostics);
    assert_eq!(addresses(&l), expected("json_config"));
}
