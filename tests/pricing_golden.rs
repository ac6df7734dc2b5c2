//! Golden cost tests in us-east-1 (±$0.01), through the whole path: HCL text ->
//! evaluator -> estimator with the embedded price snapshot and a usage file.

use chkmate::pricing::{
    estimate, Estimate, EstimateOptions, PriceCatalog, PriceStatus, ResourceStatus, Usage,
};
use chkmate::terraform::evaluate_source;

const GOLDEN_TF: &str = include_str!("fixtures/pricing/golden.tf");
const GOLDEN_USAGE: &str = include_str!("fixtures/pricing/golden-usage.yml");

fn run(tf: &str, usage: Option<&str>) -> Estimate {
    let loaded = evaluate_source("main.tf", tf);
    assert!(
        !loaded.model.has_errors(),
        "fixture has errors: {:?}",
        loaded.model.diagnostics
    );
    let catalog = match PriceCatalog::embedded() {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    let usage = match usage {
        Some(text) => match Usage::parse(text, "golden-usage.yml") {
            Ok(u) => u,
            Err(e) => panic!("{e}"),
        },
        None => Usage::default(),
    };
    estimate(&loaded.model, catalog, &usage, &EstimateOptions::default())
}

/// Monthly cost of the component of `address` whose name starts with `name`.
fn monthly(est: &Estimate, address: &str, name: &str) -> f64 {
    let Some(res) = est.resource(address) else {
        panic!(
            "no resource {address}; have {:?}",
            est.resources.iter().map(|r| &r.address).collect::<Vec<_>>()
        );
    };
    let Some(c) = res.components.iter().find(|c| c.name.starts_with(name)) else {
        panic!(
            "{address}: no component {name:?}; have {:?}",
            res.components.iter().map(|c| &c.name).collect::<Vec<_>>()
        );
    };
    match c.monthly_cost {
        Some(m) => m,
        None => panic!("{address} {name}: no monthly cost ({:?})", c.price_status),
    }
}

fn assert_cents(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= 0.01,
        "{what}: ${actual:.4} is not ${expected:.2} ± $0.01"
    );
}

#[test]
fn golden_prices_in_us_east_1() {
    let est = run(GOLDEN_TF, Some(GOLDEN_USAGE));
    let cases = [
        (
            "aws_instance.web",
            "Instance usage (Linux/UNIX, on-demand, t3.medium)",
            30.37,
        ),
        ("aws_nat_gateway.main", "NAT gateway", 32.85),
        ("aws_nat_gateway.main", "Data processed", 4.50),
        (
            "aws_db_instance.mysql",
            "Database instance (on-demand, Single-AZ, db.t3.large)",
            99.28,
        ),
        (
            "aws_db_instance.postgres",
            "Database instance (on-demand, Single-AZ, db.t3.large)",
            105.85,
        ),
        (
            "aws_db_instance.mysql_ha",
            "Database instance (on-demand, Multi-AZ, db.t3.large)",
            198.56,
        ),
        (
            "aws_db_instance.mysql",
            "Storage (general purpose SSD, gp2)",
            2.30,
        ),
        ("aws_lb.public", "Application load balancer", 16.43),
        ("aws_eks_cluster.main", "EKS cluster", 73.00),
        ("aws_eip.idle", "Public IPv4 address (Elastic IP)", 3.65),
        ("aws_ecs_service.app", "Per vCPU per hour", 29.55),
        ("aws_ecs_service.app", "Per GB per hour", 6.49),
        (
            "aws_ebs_volume.gp3",
            "Storage (general purpose SSD, gp3)",
            1.60,
        ),
        (
            "aws_ebs_volume.io1",
            "Storage (provisioned IOPS SSD, io1)",
            5.00,
        ),
        ("aws_ebs_volume.io1", "Provisioned IOPS", 65.00),
    ];
    for (address, name, expected) in cases {
        assert_cents(
            monthly(&est, address, name),
            expected,
            &format!("{address} {name}"),
        );
    }
}

#[test]
fn golden_prices_cite_their_snapshot_source() {
    let est = run(GOLDEN_TF, Some(GOLDEN_USAGE));
    assert!(est.snapshot.id.starts_with("embedded-"));
    let web = est
        .resource("aws_instance.web")
        .map(|r| r.components.clone())
        .unwrap_or_default();
    let instance = web.iter().find(|c| c.name.starts_with("Instance usage"));
    let source = instance
        .and_then(|c| c.unit_price.as_ref())
        .map(|p| p.source.id.clone());
    assert_eq!(source.as_deref(), Some("karpenter-2026-07-20"));
    // The real Multi-AZ row is used, not the 2 × rule.
    let ha = est
        .resource("aws_db_instance.mysql_ha")
        .map(|r| r.components.clone())
        .unwrap_or_default();
    let derived = ha
        .first()
        .and_then(|c| c.unit_price.as_ref())
        .and_then(|p| p.derived.clone());
    assert_eq!(derived, None);
}

#[test]
fn nat_data_without_usage_depends_on_usage_and_stays_out_of_the_baseline() {
    let with_usage = run(GOLDEN_TF, Some(GOLDEN_USAGE));
    let without = run(GOLDEN_TF, None);
    let nat = without
        .resource("aws_nat_gateway.main")
        .map(|r| r.components.clone())
        .unwrap_or_default();
    let data = nat.iter().find(|c| c.name == "Data processed");
    let data = match data {
        Some(d) => d,
        None => panic!("no data component: {nat:?}"),
    };
    assert_eq!(data.quantity, None);
    assert_eq!(data.monthly_cost, None);
    assert!(data.usage_based);
    assert_eq!(data.price_status, PriceStatus::DependsOnUsage);
    assert_eq!(
        data.usage_hint().as_deref(),
        Some("depends on usage: $0.045 per GB")
    );
    // The usage file adds exactly the $4.50 of data processing, as usage cost.
    assert_cents(
        with_usage.totals.usage_monthly - without.totals.usage_monthly,
        4.50,
        "usage total",
    );
    assert_cents(
        with_usage.totals.baseline_monthly,
        without.totals.baseline_monthly,
        "baseline",
    );
}

#[test]
fn public_ipv4_is_charged_on_nat_gateways_eips_and_internet_facing_load_balancers() {
    let est = run(GOLDEN_TF, None);
    // The NAT gateway's Elastic IP is not managed here: its address is billed on the NAT gateway.
    assert_cents(
        monthly(&est, "aws_nat_gateway.main", "Public IPv4 address"),
        3.65,
        "NAT IPv4",
    );
    // Internet-facing ALB in two subnets: two addresses.
    assert_cents(
        monthly(&est, "aws_lb.public", "Public IPv4 address"),
        7.30,
        "ALB IPv4",
    );
    // The instance has no public address.
    let web = est
        .resource("aws_instance.web")
        .map(|r| r.components.clone())
        .unwrap_or_default();
    assert!(!web.iter().any(|c| c.name.starts_with("Public IPv4")));
}

#[test]
fn root_volume_defaults_to_8_gb_gp2() {
    let est = run(GOLDEN_TF, None);
    assert_cents(
        monthly(
            &est,
            "aws_instance.web",
            "root_block_device: Storage (general purpose SSD, gp2)",
        ),
        0.80,
        "root volume",
    );
    let notes = est
        .resource("aws_instance.web")
        .map(|r| r.notes.join(" "))
        .unwrap_or_default();
    assert!(notes.contains("8 GB"), "{notes}");
}

#[test]
fn baseline_total_is_the_sum_of_fixed_components() {
    let est = run(GOLDEN_TF, Some(GOLDEN_USAGE));
    let mut sum = 0.0_f64;
    for r in &est.resources {
        if r.status == ResourceStatus::Priced {
            for c in &r.components {
                if !c.usage_based {
                    sum += c.monthly_cost.unwrap_or(0.0);
                }
            }
        }
    }
    assert!((sum - est.totals.baseline_monthly).abs() < 1e-6);
    // t3.medium + 8 GB root, NAT + its address, three databases with 20 GB gp2
    // (Multi-AZ storage doubles), ALB + two addresses, EKS, EIP, Fargate, gp3, io1.
    let expected = 30.37
        + 0.80
        + 32.85
        + 3.65
        + 99.28
        + 2.30
        + 105.85
        + 2.30
        + 198.56
        + 4.60
        + 16.43
        + 7.30
        + 73.00
        + 3.65
        + 29.55
        + 6.49
        + 1.60
        + 5.00
        + 65.00;
    assert_cents(est.totals.baseline_monthly, expected, "baseline total");
    assert_eq!(est.totals.not_found_count, 0, "{:#?}", est.resources);
    // The task definition is free (billed through the service).
    assert_eq!(
        est.resource("aws_ecs_task_definition.app")
            .map(|r| r.status),
        Some(ResourceStatus::Free)
    );
}

#[test]
fn estimate_serializes_to_json() {
    let est = run(GOLDEN_TF, Some(GOLDEN_USAGE));
    let json = match serde_json::to_value(&est) {
        Ok(j) => j,
        Err(e) => panic!("{e}"),
    };
    assert!(json["snapshot"]["id"]
        .as_str()
        .is_some_and(|s| s.starts_with("embedded-")));
    let first = &json["resources"][0]["components"][0];
    assert!(first["unit_price"]["source"]["id"].is_string(), "{first}");
    assert!(json["totals"]["baseline_monthly"].is_number());
}
