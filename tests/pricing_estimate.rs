//! Estimator behaviour through HCL: regions, free/unsupported types, unknowns,
//! public IPv4, autoscaling groups, CPU credits, tiers and usage.

use chkmate::pricing::resources::priced_types;
use chkmate::pricing::{
    estimate, CostComponent, Estimate, EstimateOptions, PriceCatalog, PriceStatus, ResourceStatus,
    Usage,
};
use chkmate::terraform::evaluate_source;

fn catalog() -> &'static PriceCatalog {
    match PriceCatalog::embedded() {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    }
}

fn usage(text: &str) -> Usage {
    match Usage::parse(text, "usage.yml") {
        Ok(u) => u,
        Err(e) => panic!("{e}"),
    }
}

fn run_with(tf: &str, usage: &Usage, opts: &EstimateOptions) -> Estimate {
    let loaded = evaluate_source("main.tf", tf);
    assert!(!loaded.model.has_errors(), "{:?}", loaded.model.diagnostics);
    estimate(&loaded.model, catalog(), usage, opts)
}

fn run(tf: &str) -> Estimate {
    run_with(tf, &Usage::default(), &EstimateOptions::default())
}

fn components(est: &Estimate, address: &str) -> Vec<CostComponent> {
    match est.resource(address) {
        Some(r) => r.components.clone(),
        None => panic!(
            "no {address}; have {:?}",
            est.resources.iter().map(|r| &r.address).collect::<Vec<_>>()
        ),
    }
}

fn component(est: &Estimate, address: &str, prefix: &str) -> CostComponent {
    let all = components(est, address);
    match all.iter().find(|c| c.name.starts_with(prefix)) {
        Some(c) => c.clone(),
        None => panic!(
            "{address}: no {prefix:?} in {:?}",
            all.iter().map(|c| &c.name).collect::<Vec<_>>()
        ),
    }
}

fn cents(actual: Option<f64>, expected: f64) {
    let a = match actual {
        Some(a) => a,
        None => panic!("no monthly cost (expected {expected})"),
    };
    assert!((a - expected).abs() <= 0.01, "${a:.4} != ${expected:.2}");
}

fn not_found_reason(c: &CostComponent) -> String {
    match &c.price_status {
        PriceStatus::NotFound { reason } => reason.clone(),
        other => panic!("{}: expected not found, got {other:?}", c.name),
    }
}

const US_EAST_1: &str = "provider \"aws\" {\n  region = \"us-east-1\"\n}\n";

#[test]
fn unknown_region_is_reported_never_replaced() {
    let tf = r#"
variable "region" {}
provider "aws" {
  region = var.region
}
resource "aws_instance" "web" {
  instance_type = "t3.medium"
}
"#;
    let est = run(tf);
    let web = est.resource("aws_instance.web").map(|r| r.region.clone());
    assert_eq!(web, Some(None));
    let c = component(&est, "aws_instance.web", "Instance usage");
    assert!(not_found_reason(&c).contains("region unknown"), "{c:?}");
    assert_eq!(c.monthly_cost, None);
    assert!(est.totals.not_found_count >= 2);
    assert_eq!(est.totals.baseline_monthly, 0.0);

    // --region prices it.
    let opts = EstimateOptions {
        region_override: Some("us-east-1".into()),
    };
    let est = run_with(tf, &Usage::default(), &opts);
    cents(
        component(&est, "aws_instance.web", "Instance usage").monthly_cost,
        30.37,
    );
}

#[test]
fn provider_aliases_choose_the_region() {
    let tf = r#"
provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias  = "ireland"
  region = "eu-west-1"
}
resource "aws_instance" "dublin" {
  provider      = aws.ireland
  instance_type = "t3.medium"
  root_block_device {
    volume_type = "gp3"
    volume_size = 10
  }
}
"#;
    let est = run(tf);
    assert_eq!(
        est.resource("aws_instance.dublin")
            .and_then(|r| r.region.clone())
            .as_deref(),
        Some("eu-west-1")
    );
    let inst = component(&est, "aws_instance.dublin", "Instance usage");
    let price = inst
        .unit_price
        .clone()
        .map(|p| (p.usd, p.source.id.clone()));
    // eu-west-1 comes from the ec2instances.info rows, not from us-east-1.
    assert_eq!(
        price,
        Some((0.0456, "ec2instances.info-2024-04".to_string()))
    );
    // The snapshot has no gp3 price for eu-west-1: not found, no fallback to us-east-1.
    let root = component(&est, "aws_instance.dublin", "root_block_device: Storage");
    let reason = not_found_reason(&root);
    assert!(
        reason.contains("eu-west-1") && reason.contains("us-east-1"),
        "{reason}"
    );
    assert_eq!(root.monthly_cost, None);
}

#[test]
fn free_and_unsupported_types_are_listed_as_such() {
    let tf = format!(
        "{US_EAST_1}{}",
        r#"
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_security_group" "sg" {
  name = "sg"
}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = "{}"
}
resource "aws_sagemaker_notebook_instance" "nb" {
  name          = "nb"
  instance_type = "ml.t3.medium"
  role_arn      = "arn"
}
resource "random_id" "x" {
  byte_length = 4
}
data "aws_caller_identity" "me" {}
"#
    );
    let est = run(&tf);
    let status = |a: &str| est.resource(a).map(|r| r.status);
    assert_eq!(status("aws_vpc.main"), Some(ResourceStatus::Free));
    assert_eq!(status("aws_security_group.sg"), Some(ResourceStatus::Free));
    assert_eq!(status("aws_iam_role.r"), Some(ResourceStatus::Free));
    assert_eq!(status("random_id.x"), Some(ResourceStatus::Free));
    assert_eq!(
        status("aws_sagemaker_notebook_instance.nb"),
        Some(ResourceStatus::Unsupported)
    );
    assert!(est.resource("data.aws_caller_identity.me").is_none());
    assert_eq!(est.totals.free_resources, 4);
    assert_eq!(est.totals.unsupported_resources, 1);
}

#[test]
fn unknown_count_is_priced_per_instance_but_left_out_of_totals() {
    let tf = format!(
        "{US_EAST_1}{}",
        r#"
variable "n" {}
resource "aws_eip" "many" {
  count  = var.n
  domain = "vpc"
}
"#
    );
    let est = run(&tf);
    let r = est.resources.iter().find(|r| r.rtype == "aws_eip");
    let r = match r {
        Some(r) => r,
        None => panic!("no eip: {:?}", est.resources),
    };
    assert_eq!(r.status, ResourceStatus::ExpansionUnknown);
    cents(r.components.first().and_then(|c| c.monthly_cost), 3.65);
    assert_eq!(est.totals.baseline_monthly, 0.0);
    assert_eq!(est.totals.expansion_unknown_resources, 1);
}

#[test]
fn autoscaling_group_is_capacity_times_launch_template() {
    let tf = format!(
        "{US_EAST_1}{}",
        r#"
resource "aws_launch_template" "app" {
  name          = "app"
  instance_type = "t3.small"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 30
      volume_type = "gp3"
    }
  }
  credit_specification {
    cpu_credits = "standard"
  }
}
resource "aws_autoscaling_group" "app" {
  desired_capacity = 3
  min_size         = 1
  max_size         = 5
  launch_template {
    id      = aws_launch_template.app.id
    version = "$Latest"
  }
}
resource "aws_autoscaling_group" "min_only" {
  min_size = 2
  max_size = 5
  launch_template {
    name = "app"
  }
}
"#
    );
    let est = run(&tf);
    let hours = component(
        &est,
        "aws_autoscaling_group.app",
        "aws_launch_template.app: Instance usage",
    );
    assert_eq!(hours.quantity, Some(3.0 * 730.0));
    let per_hour = catalog()
        .ec2_hourly("us-east-1", "t3.small")
        .map(|p| p.usd)
        .unwrap_or_default();
    cents(hours.monthly_cost, 3.0 * 730.0 * per_hour);
    let disk = component(
        &est,
        "aws_autoscaling_group.app",
        "aws_launch_template.app: block_device_mappings[0]: Storage",
    );
    assert_eq!(disk.quantity, Some(90.0));
    cents(disk.monthly_cost, 90.0 * 0.08);
    // Without desired capacity the minimum is used; a template found by name.
    let min = component(
        &est,
        "aws_autoscaling_group.min_only",
        "aws_launch_template.app: Instance usage",
    );
    assert_eq!(min.quantity, Some(2.0 * 730.0));
    assert_eq!(
        est.resource("aws_launch_template.app").map(|r| r.status),
        Some(ResourceStatus::Free)
    );
}

#[test]
fn unlimited_t_family_cpu_credits_are_usage_based() {
    let tf = format!(
        "{US_EAST_1}{}",
        r#"
resource "aws_instance" "t3" {
  instance_type = "t3.medium"
}
resource "aws_instance" "t2" {
  instance_type = "t2.medium"
}
resource "aws_instance" "t2_unlimited" {
  instance_type = "t2.medium"
  credit_specification {
    cpu_credits = "unlimited"
  }
}
"#
    );
    let est = run(&tf);
    let credits = component(&est, "aws_instance.t3", "CPU credits");
    assert_eq!(credits.price_status, PriceStatus::DependsOnUsage);
    assert_eq!(
        credits.usage_hint().as_deref(),
        Some("depends on usage: $0.05 per vCPU-hour")
    );
    assert!(!components(&est, "aws_instance.t2")
        .iter()
        .any(|c| c.name == "CPU credits"));
    assert!(components(&est, "aws_instance.t2_unlimited")
        .iter()
        .any(|c| c.name == "CPU credits"));

    let u = usage("resource_usage:\n  aws_instance.t3:\n    monthly_cpu_credit_hrs: 100\n");
    let est = run_with(&tf, &u, &EstimateOptions::default());
    let credits = component(&est, "aws_instance.t3", "CPU credits");
    // 100 h × 2 vCPUs × $0.05
    cents(credits.monthly_cost, 10.0);
    cents(Some(est.totals.usage_monthly), 10.0);
}

#[test]
fn instances_pay_for_public_ipv4_unless_an_eip_does() {
    let tf = format!(
        "{US_EAST_1}{}",
        r#"
resource "aws_subnet" "public" {
  vpc_id                  = "vpc-1"
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = true
}
resource "aws_instance" "explicit" {
  instance_type               = "t3.micro"
  associate_public_ip_address = true
}
resource "aws_instance" "from_subnet" {
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.public.id
}
resource "aws_instance" "with_eip" {
  instance_type               = "t3.micro"
  associate_public_ip_address = true
}
resource "aws_eip" "web" {
  instance = aws_instance.with_eip.id
  domain   = "vpc"
}
resource "aws_eip" "nat" {
  domain = "vpc"
}
resource "aws_nat_gateway" "nat" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public.id
}
resource "aws_nat_gateway" "private" {
  connectivity_type = "private"
  subnet_id         = aws_subnet.public.id
}
resource "aws_lb" "internal" {
  internal = true
  subnets  = ["a", "b"]
}
"#
    );
    let est = run(&tf);
    cents(
        component(&est, "aws_instance.explicit", "Public IPv4").monthly_cost,
        3.65,
    );
    cents(
        component(&est, "aws_instance.from_subnet", "Public IPv4").monthly_cost,
        3.65,
    );
    let has_ip = |a: &str| {
        components(&est, a)
            .iter()
            .any(|c| c.name.starts_with("Public IPv4"))
    };
    assert!(!has_ip("aws_instance.with_eip"));
    cents(
        component(&est, "aws_eip.web", "Public IPv4").monthly_cost,
        3.65,
    );
    // The NAT gateway's address is billed once, on its aws_eip.
    assert!(!has_ip("aws_nat_gateway.nat"));
    cents(
        component(&est, "aws_eip.nat", "Public IPv4").monthly_cost,
        3.65,
    );
    assert!(!has_ip("aws_nat_gateway.private"));
    assert!(!has_ip("aws_lb.internal"));
}

#[test]
fn multi_az_without_a_real_row_is_derived_and_marked() {
    let tf = format!(
        "{US_EAST_1}{}",
        r#"
resource "aws_db_instance" "pg" {
  engine            = "postgres"
  instance_class    = "db.t3.large"
  allocated_storage = 100
  storage_type      = "io1"
  iops              = 1000
  multi_az          = true
}
resource "aws_db_instance" "sql" {
  engine            = "sqlserver-se"
  instance_class    = "db.m5.xlarge"
  allocated_storage = 20
  multi_az          = true
  license_model     = "license-included"
}
"#
    );
    let est = run(&tf);
    let inst = component(&est, "aws_db_instance.pg", "Database instance");
    let price = match inst.unit_price {
        Some(p) => p,
        None => panic!("{inst:?}"),
    };
    assert!((price.usd - 0.29).abs() < 1e-9);
    assert!(price
        .derived
        .as_deref()
        .is_some_and(|d| d.contains("2 × Single-AZ")));
    // io1 storage and IOPS have no Multi-AZ rows: derived too.
    let storage = component(&est, "aws_db_instance.pg", "Storage");
    assert!(storage.unit_price.and_then(|p| p.derived).is_some());
    cents(
        component(&est, "aws_db_instance.pg", "Provisioned IOPS").monthly_cost,
        200.0,
    );
    // No rule for SQL Server: not found instead of a guess.
    let sql = component(&est, "aws_db_instance.sql", "Database instance");
    assert!(not_found_reason(&sql).contains("Multi-AZ"));
}

#[test]
fn lambda_usage_prices_requests_and_duration() {
    let tf = format!(
        "{US_EAST_1}{}",
        r#"
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/x"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  memory_size   = 512
}
"#
    );
    let u = usage(
        "version: 0.1\nresource_type_default_usage:\n  aws_lambda_function:\n    monthly_requests: 1000000\n    request_duration_ms: 500\n",
    );
    let est = run_with(&tf, &u, &EstimateOptions::default());
    cents(
        component(&est, "aws_lambda_function.api", "Requests").monthly_cost,
        0.20,
    );
    // 1M × 0.5 s × 0.5 GB = 250,000 GB-s × $0.0000166667
    cents(
        component(&est, "aws_lambda_function.api", "Duration (x86_64)").monthly_cost,
        4.17,
    );
    assert_eq!(est.totals.baseline_monthly, 0.0);
    cents(Some(est.totals.usage_monthly), 4.37);
}

#[test]
fn tiered_prices_split_quantities_across_tiers() {
    let tf = format!(
        "{US_EAST_1}{}",
        r#"
resource "aws_api_gateway_rest_api" "api" {
  name = "api"
}
resource "aws_ebs_volume" "io2" {
  availability_zone = "us-east-1a"
  type              = "io2"
  size              = 100
  iops              = 40000
}
"#
    );
    let u = usage(
        "resource_usage:\n  aws_api_gateway_rest_api.api:\n    monthly_requests: 1500000000\n",
    );
    let est = run_with(&tf, &u, &EstimateOptions::default());
    let api = components(&est, "aws_api_gateway_rest_api.api");
    let names: Vec<&str> = api.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "Requests (first 333M requests)",
            "Requests (next 667M requests)",
            "Requests (next 19B requests)"
        ]
    );
    let total: f64 = api.iter().filter_map(|c| c.monthly_cost).sum();
    cents(Some(total), 333.0 * 3.5 + 667.0 * 2.8 + 500.0 * 2.38);
    // io2 IOPS above the last tier in the data: not found, not $0.
    let io2 = components(&est, "aws_ebs_volume.io2");
    let first = io2
        .iter()
        .find(|c| c.name.starts_with("Provisioned IOPS (first"));
    cents(first.and_then(|c| c.monthly_cost), 32000.0 * 0.065);
    let over = io2
        .iter()
        .find(|c| c.name.starts_with("Provisioned IOPS (over"));
    let over = match over {
        Some(o) => o,
        None => panic!("{io2:?}"),
    };
    assert_eq!(over.quantity, Some(8000.0));
    assert!(not_found_reason(over).contains("only up to"));
}

#[test]
fn prices_only_in_another_region_are_not_found() {
    let tf = format!(
        "{US_EAST_1}{}",
        r#"
resource "aws_dynamodb_table" "t" {
  name           = "t"
  hash_key       = "id"
  read_capacity  = 5
  write_capacity = 5
  attribute {
    name = "id"
    type = "S"
  }
}
"#
    );
    let est = run(&tf);
    let wcu = component(&est, "aws_dynamodb_table.t", "Write capacity unit");
    let reason = not_found_reason(&wcu);
    assert!(reason.contains("us-east-2"), "{reason}");
    assert_eq!(wcu.monthly_cost, None);
    // In us-east-2 it is priced: 5 WCU × 730 h × $0.00065.
    let opts = EstimateOptions {
        region_override: Some("us-east-2".into()),
    };
    let est = run_with(&tf, &Usage::default(), &opts);
    cents(
        component(&est, "aws_dynamodb_table.t", "Write capacity unit").monthly_cost,
        5.0 * 730.0 * 0.00065,
    );
}

#[test]
fn wildcard_usage_applies_to_every_instance() {
    let tf = format!(
        "{US_EAST_1}{}",
        r#"
resource "aws_nat_gateway" "az" {
  count         = 2
  allocation_id = "eipalloc-${count.index}"
  subnet_id     = "subnet-${count.index}"
}
"#
    );
    let u = usage(
        "resource_usage:\n  aws_nat_gateway.az[*]:\n    monthly_data_processed_gb: 10\n  aws_nat_gateway.az[1]:\n    monthly_data_processed_gb: 1000\n",
    );
    let est = run_with(&tf, &u, &EstimateOptions::default());
    cents(
        component(&est, "aws_nat_gateway.az[0]", "Data processed").monthly_cost,
        0.45,
    );
    // The exact address wins over the wildcard.
    cents(
        component(&est, "aws_nat_gateway.az[1]", "Data processed").monthly_cost,
        45.0,
    );
    assert!(est.warnings.is_empty(), "{:?}", est.warnings);
}

#[test]
fn usage_entries_that_match_nothing_are_warnings() {
    let u = usage("resource_usage:\n  aws_nat_gateway.typo:\n    monthly_data_processed_gb: 10\n");
    let est = run_with(US_EAST_1, &u, &EstimateOptions::default());
    assert_eq!(est.warnings.len(), 1, "{:?}", est.warnings);
    assert!(est
        .warnings
        .iter()
        .any(|w| w.contains("usage.yml:2") && w.contains("matches no resource")));
}

/// Every priced type, with an empty body and with unknown values, is estimated
/// without panicking and lands in a sensible status.
#[test]
fn every_priced_type_survives_empty_and_unknown_configuration() {
    let types = priced_types();
    assert!(types.len() >= 60, "{}", types.len());
    let mut tf = String::from(US_EAST_1);
    tf.push_str("variable \"unknown\" {}\n");
    for t in &types {
        tf.push_str(&format!("resource \"{t}\" \"empty\" {{}}\n"));
        tf.push_str(&format!(
            "resource \"{t}\" \"unknowns\" {{\n  instance_type = var.unknown\n  node_type = var.unknown\n  engine = var.unknown\n  type = var.unknown\n  size = var.unknown\n  instance_class = var.unknown\n  desired_capacity = var.unknown\n  billing_mode = var.unknown\n  load_balancer_type = var.unknown\n}}\n"
        ));
    }
    let est = run(&tf);
    for r in &est.resources {
        assert!(
            matches!(r.status, ResourceStatus::Priced | ResourceStatus::Free),
            "{} is {:?}",
            r.address,
            r.status
        );
        for c in &r.components {
            if let Some(m) = c.monthly_cost {
                assert!(m.is_finite() && m >= 0.0, "{}: {} = {m}", r.address, c.name);
            }
            if matches!(c.price_status, PriceStatus::NotFound { .. }) {
                assert_eq!(c.monthly_cost, None, "{}: {}", r.address, c.name);
            }
        }
    }
    assert_eq!(est.resources.len(), types.len() * 2);
}

#[test]
fn read_replicas_inherit_engine_and_storage() {
    let tf = format!(
        "{US_EAST_1}{}",
        r#"
resource "aws_db_instance" "primary" {
  engine            = "mysql"
  instance_class    = "db.t3.large"
  allocated_storage = 20
}
resource "aws_db_instance" "replica" {
  replicate_source_db = aws_db_instance.primary.identifier
  instance_class      = "db.t3.large"
}
"#
    );
    let est = run(&tf);
    cents(
        component(&est, "aws_db_instance.replica", "Database instance").monthly_cost,
        99.28,
    );
    cents(
        component(&est, "aws_db_instance.replica", "Storage").monthly_cost,
        2.30,
    );
}
