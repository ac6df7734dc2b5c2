//! Monthly savings of cost findings (`chkmate::pricing::savings::fill_savings`),
//! end to end: HCL → evaluator → embedded policies → embedded price snapshot.

use chkmate::finding::Finding;
use chkmate::policy::{audit, embedded_policies, AuditOptions};
use chkmate::pricing::savings::fill_savings;
use chkmate::pricing::{PriceCatalog, Usage, HOURS_PER_MONTH};
use chkmate::terraform::evaluate_source;

/// Audits one main.tf with the given policies and fills in the savings.
fn findings_with_usage(hcl: &str, ids: &[&str], usage: &Usage) -> Vec<Finding> {
    let loaded = evaluate_source("main.tf", hcl);
    assert!(
        !loaded.model.has_errors(),
        "fixture does not evaluate: {:?}",
        loaded.model.diagnostics
    );
    let policies: Vec<_> = embedded_policies()
        .expect("embedded policies")
        .into_iter()
        .filter(|p| ids.contains(&p.id.as_str()))
        .collect();
    assert_eq!(policies.len(), ids.len(), "unknown policy id in {ids:?}");
    let mut result = audit(
        &loaded.model,
        &policies,
        &AuditOptions {
            sources: Some(&loaded.sources),
            required_tags: None,
        },
    );
    let catalog = PriceCatalog::embedded().expect("embedded catalog");
    fill_savings(&mut result.findings, &loaded.model, catalog, usage);
    result.findings
}

fn findings(hcl: &str, ids: &[&str]) -> Vec<Finding> {
    findings_with_usage(hcl, ids, &Usage::default())
}

fn saving(fs: &[Finding], id: &str, address: &str) -> Option<f64> {
    fs.iter()
        .find(|f| f.policy_id == id && f.resource_address == address)
        .unwrap_or_else(|| panic!("no {id} finding on {address}: {fs:#?}"))
        .monthly_saving_usd
}

fn catalog() -> &'static PriceCatalog {
    PriceCatalog::embedded().expect("embedded catalog")
}

fn ec2(t: &str) -> f64 {
    catalog()
        .ec2_hourly("us-east-1", t)
        .unwrap_or_else(|| panic!("no price for {t}"))
        .usd
}

fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

const US_EAST_1: &str = "provider \"aws\" {\n  region = \"us-east-1\"\n}\n";

#[test]
fn a_500_gb_gp2_volume_in_us_east_1_saves_ten_dollars() {
    let hcl = format!(
        "{US_EAST_1}
resource \"aws_ebs_volume\" \"data\" {{
  availability_zone = \"us-east-1a\"
  size              = 500
  type              = \"gp2\"
}}
"
    );
    let fs = findings(&hcl, &["COST005"]);
    assert_eq!(saving(&fs, "COST005", "aws_ebs_volume.data"), Some(10.00));
}

#[test]
fn large_gp2_volumes_keep_their_iops_on_gp3() {
    // 2,000 GB gp2 gives 6,000 IOPS: gp3 at $0.08/GB plus 3,000 IOPS above the
    // included 3,000 at $0.005 = $175 against $200.
    let hcl = format!(
        "{US_EAST_1}
resource \"aws_ebs_volume\" \"big\" {{
  availability_zone = \"us-east-1a\"
  size              = 2000
}}
"
    );
    let fs = findings(&hcl, &["COST005"]);
    assert_eq!(saving(&fs, "COST005", "aws_ebs_volume.big"), Some(25.00));
}

#[test]
fn provisioned_iops_volumes_move_to_gp3_with_the_same_iops() {
    // io1: 500 GB × $0.125 + 6,000 IOPS × $0.065 = $452.50;
    // gp3: 500 GB × $0.08 + 3,000 extra IOPS × $0.005 = $55.00.
    let hcl = format!(
        "{US_EAST_1}
resource \"aws_ebs_volume\" \"db\" {{
  availability_zone = \"us-east-1a\"
  size              = 500
  type              = \"io1\"
  iops              = 6000
}}

resource \"aws_instance\" \"worker\" {{
  ami           = \"ami-0abcdef1234567890\"
  instance_type = \"m6g.large\"

  ebs_block_device {{
    device_name = \"/dev/sdf\"
    volume_type = \"io2\"
    volume_size = 200
    iops        = 3000
  }}
}}
"
    );
    let fs = findings(&hcl, &["COST002"]);
    assert_eq!(saving(&fs, "COST002", "aws_ebs_volume.db"), Some(397.50));
    // Only the block device changes: 200 × $0.125 + 3,000 × $0.065 = $220
    // against 200 × $0.08 = $16; instance hours and the root volume cancel.
    assert_eq!(saving(&fs, "COST002", "aws_instance.worker"), Some(204.00));
}

#[test]
fn graviton_and_current_generation_savings_are_price_differences() {
    let hcl = format!(
        "{US_EAST_1}
resource \"aws_instance\" \"api\" {{
  ami           = \"ami-0abcdef1234567890\"
  instance_type = \"m5.large\"
}}

resource \"aws_instance\" \"bastion\" {{
  ami           = \"ami-0abcdef1234567890\"
  instance_type = \"t2.micro\"
}}
"
    );
    let fs = findings(&hcl, &["COST004", "COST006"]);
    let graviton = cents((ec2("m5.large") - ec2("m6g.large")) * HOURS_PER_MONTH);
    assert!(graviton > 0.0);
    assert_eq!(saving(&fs, "COST004", "aws_instance.api"), Some(graviton));
    // t3 adds a usage-based CPU credit component without usage: left out.
    let nextgen = cents((ec2("t2.micro") - ec2("t3.micro")) * HOURS_PER_MONTH);
    assert_eq!(
        saving(&fs, "COST006", "aws_instance.bastion"),
        Some(nextgen)
    );
}

#[test]
fn launch_template_savings_are_priced_through_their_groups() {
    let hcl = format!(
        "{US_EAST_1}
resource \"aws_launch_template\" \"app\" {{
  name_prefix   = \"app-\"
  image_id      = \"ami-0abcdef1234567890\"
  instance_type = \"c5.xlarge\"
}}

resource \"aws_autoscaling_group\" \"app\" {{
  name                = \"app\"
  min_size            = 3
  max_size            = 6
  desired_capacity    = 3
  vpc_zone_identifier = [\"subnet-0a1b2c3d\", \"subnet-0e5f6a7b\"]

  launch_template {{
    id      = aws_launch_template.app.id
    version = \"$Latest\"
  }}
}}

# Nothing uses this template: no saving can be priced.
resource \"aws_launch_template\" \"unused\" {{
  name_prefix   = \"unused-\"
  image_id      = \"ami-0abcdef1234567890\"
  instance_type = \"c5.xlarge\"
}}
"
    );
    let fs = findings(&hcl, &["COST004"]);
    let per_instance = (ec2("c5.xlarge") - ec2("c6g.xlarge")) * HOURS_PER_MONTH;
    let got = saving(&fs, "COST004", "aws_launch_template.app").expect("a saving");
    assert!((got - cents(3.0 * per_instance)).abs() < 0.011, "{got}");
    assert_eq!(saving(&fs, "COST004", "aws_launch_template.unused"), None);
}

#[test]
fn multi_az_outside_production_saves_the_standby() {
    let hcl = format!(
        "{US_EAST_1}
resource \"aws_db_instance\" \"orders\" {{
  identifier        = \"orders-staging\"
  engine            = \"mysql\"
  instance_class    = \"db.t4g.small\"
  allocated_storage = 100
  storage_type      = \"gp3\"
  multi_az          = true
  username          = \"orders\"
  password          = null
}}
"
    );
    let fs = findings(&hcl, &["COST003"]);
    let c = catalog();
    let multi = c
        .rds_hourly("us-east-1", "db.t4g.small", "mysql", true)
        .expect("multi-AZ price")
        .usd;
    let single = c
        .rds_hourly("us-east-1", "db.t4g.small", "mysql", false)
        .expect("single-AZ price")
        .usd;
    let storage_multi = c
        .item("us-east-1", "rds.storage.gp3.multi")
        .expect("gp3 multi-AZ storage")
        .usd;
    let storage_single = c
        .item("us-east-1", "rds.storage.gp3.single")
        .expect("gp3 storage")
        .usd;
    let expected = (multi - single) * HOURS_PER_MONTH + (storage_multi - storage_single) * 100.0;
    let got = saving(&fs, "COST003", "aws_db_instance.orders").expect("a saving");
    assert!((got - cents(expected)).abs() < 0.011, "{got} vs {expected}");
    assert!(got > 0.0);
}

#[test]
fn idle_resources_save_their_whole_cost() {
    let hcl = format!(
        "{US_EAST_1}
resource \"aws_eip\" \"spare\" {{
  domain = \"vpc\"
}}

resource \"aws_ebs_volume\" \"orphan\" {{
  availability_zone = \"us-east-1a\"
  size              = 100
  type              = \"gp3\"
}}

resource \"aws_lb\" \"orphan\" {{
  name               = \"orphan\"
  internal           = true
  load_balancer_type = \"application\"
  subnets            = [\"subnet-0a1b2c3d\", \"subnet-0e5f6a7b\"]
}}
"
    );
    let fs = findings(&hcl, &["COST009", "COST015", "COST016"]);
    assert_eq!(saving(&fs, "COST016", "aws_eip.spare"), Some(3.65));
    assert_eq!(saving(&fs, "COST015", "aws_ebs_volume.orphan"), Some(8.00));
    let hour = catalog()
        .item("us-east-1", "elb.alb.hour")
        .expect("ALB hourly price")
        .usd;
    let got = saving(&fs, "COST009", "aws_lb.orphan").expect("a saving");
    assert!((got - hour * HOURS_PER_MONTH).abs() < 0.011, "{got}");
}

#[test]
fn no_price_means_no_saving() {
    // The region is unknown (a variable without a value): nothing can be priced.
    let hcl = "
variable \"region\" {
  type = string
}

provider \"aws\" {
  region = var.region
}

resource \"aws_ebs_volume\" \"data\" {
  availability_zone = \"us-east-1a\"
  size              = 500
  type              = \"gp2\"
}

resource \"aws_eip\" \"spare\" {
  domain = \"vpc\"
}
";
    let fs = findings(hcl, &["COST005", "COST016"]);
    assert_eq!(saving(&fs, "COST005", "aws_ebs_volume.data"), None);
    assert_eq!(saving(&fs, "COST016", "aws_eip.spare"), None);
}

#[test]
fn unknown_sizes_and_unpriced_policies_stay_none() {
    let hcl = format!(
        "{US_EAST_1}
variable \"size\" {{
  type = number
}}

resource \"aws_ebs_volume\" \"data\" {{
  availability_zone = \"us-east-1a\"
  size              = var.size
  type              = \"gp2\"
}}

resource \"aws_cloudwatch_log_group\" \"app\" {{
  name = \"/app\"
}}
"
    );
    let fs = findings(&hcl, &["COST005", "COST012"]);
    assert_eq!(saving(&fs, "COST005", "aws_ebs_volume.data"), None);
    // Log retention savings depend on ingestion the configuration does not tell.
    assert_eq!(saving(&fs, "COST012", "aws_cloudwatch_log_group.app"), None);
}

#[test]
fn rds_gp2_to_gp3_costs_the_same_per_gb() {
    let hcl = format!(
        "{US_EAST_1}
resource \"aws_db_instance\" \"orders\" {{
  identifier        = \"orders\"
  engine            = \"postgres\"
  instance_class    = \"db.m6g.large\"
  allocated_storage = 200
  storage_type      = \"gp2\"
  username          = \"orders\"
  password          = null
}}
"
    );
    let fs = findings(&hcl, &["COST005"]);
    let c = catalog();
    let gp2 = c
        .item("us-east-1", "rds.storage.gp2.single")
        .expect("gp2")
        .usd;
    let gp3 = c
        .item("us-east-1", "rds.storage.gp3.single")
        .expect("gp3")
        .usd;
    assert_eq!(
        saving(&fs, "COST005", "aws_db_instance.orders"),
        Some(cents((gp2 - gp3) * 200.0))
    );
}

#[test]
fn usage_files_scale_instance_hours() {
    // With 200 hours a month from the usage file, the Graviton saving is for
    // those hours only.
    let usage = Usage::parse(
        "version: 0.1\nresource_usage:\n  aws_instance.api:\n    monthly_hrs: 200\n",
        "chkmate-usage.yml",
    )
    .expect("usage parses");
    let hcl = format!(
        "{US_EAST_1}
resource \"aws_instance\" \"api\" {{
  ami           = \"ami-0abcdef1234567890\"
  instance_type = \"r5.large\"
}}
"
    );
    let fs = findings_with_usage(&hcl, &["COST004"], &usage);
    let expected = cents((ec2("r5.large") - ec2("r6g.large")) * 200.0);
    assert_eq!(saving(&fs, "COST004", "aws_instance.api"), Some(expected));
}
