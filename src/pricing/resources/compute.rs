//! EC2 instances, EBS volumes and snapshots, autoscaling groups, EKS node groups
//! and dedicated hosts.
//!
//! Assumptions (each is also stated on the component it affects):
//! - Instances run Linux unless the usage file says `operating_system`; the
//!   snapshot has Linux, shared-tenancy, on-demand prices only, so other operating
//!   systems, dedicated tenancy and spot capacity are "price not found".
//! - A root volume that the configuration does not size is the common AMI default:
//!   8 GB gp2.
//! - T-family instances in unlimited mode (the default for t3, t3a and t4g; t2
//!   only with `credit_specification { cpu_credits = "unlimited" }`) have a
//!   usage-based CPU-credit component: surplus vCPU-hours depend on load.
//! - Detailed monitoring bills the 7 metrics EC2 publishes per instance.
//! - Public IPv4: charged when `associate_public_ip_address = true`, or when the
//!   attribute is absent and the instance's subnet (a `aws_subnet` in the
//!   configuration) has `map_public_ip_on_launch = true`. Not charged when an
//!   `aws_eip`/`aws_eip_association` in the configuration points at the instance
//!   (the Elastic IP is billed on the `aws_eip`, and it replaces the
//!   auto-assigned address).

use crate::pricing::catalog::HOURS_PER_MONTH;
use crate::pricing::estimate::{block, blocks, bool_field, num_field, str_field, Ctx, Field};
use crate::terraform::model::{Body, Mode, Resource};

/// What an instance needs to be priced.
pub(crate) struct InstanceSpec<'b> {
    pub instance_type: Field<String>,
    pub tenancy: Field<String>,
    pub monitoring: Field<bool>,
    pub cpu_credits: Field<String>,
    pub public_ip: PublicIp,
    pub volumes: Vec<VolumeSpec<'b>>,
    /// Spot capacity (node groups, mixed instances policies).
    pub spot: bool,
    /// Set when the operating system is known not to be Linux (for example a
    /// Windows AMI type on a node group).
    pub os: Option<String>,
}

pub(crate) enum PublicIp {
    Yes(String),
    No,
    Unknown(String),
}

pub(crate) struct VolumeSpec<'b> {
    pub label: String,
    pub body: Option<&'b Body>,
    /// Apply the 8 GB gp2 root default when the size/type is not configured.
    pub root_default: bool,
}

const ROOT_DEFAULT_GB: f64 = 8.0;
const ROOT_DEFAULT_TYPE: &str = "gp2";
const DETAILED_MONITORING_METRICS: f64 = 7.0;

pub(crate) fn instance(ctx: &mut Ctx) {
    let body = ctx.body();
    let mut spec = InstanceSpec {
        instance_type: str_field(body, "instance_type"),
        tenancy: str_field(body, "tenancy"),
        monitoring: bool_field(body, "monitoring"),
        cpu_credits: block(body, "credit_specification")
            .map(|b| str_field(&b.body, "cpu_credits"))
            .unwrap_or(Field::Absent),
        public_ip: instance_public_ip(ctx),
        volumes: Vec::new(),
        spot: block(body, "instance_market_options").is_some(),
        os: None,
    };
    if str_field(body, "host_id").known().is_some() || spec.tenancy == Field::Known("host".into()) {
        ctx.note("runs on a dedicated host: the instance is billed through the aws_ec2_host");
        spec.instance_type = Field::Absent;
    }
    // Values the instance takes from a launch template in the configuration.
    if let Some(lt) =
        block(body, "launch_template").and_then(|b| find_launch_template(ctx, &b.body))
    {
        let lt_body = &lt.body;
        if spec.instance_type == Field::Absent && str_field(body, "host_id") == Field::Absent {
            spec.instance_type = str_field(lt_body, "instance_type");
        }
        if spec.cpu_credits == Field::Absent {
            spec.cpu_credits = block(lt_body, "credit_specification")
                .map(|b| str_field(&b.body, "cpu_credits"))
                .unwrap_or(Field::Absent);
        }
        if spec.monitoring == Field::Absent {
            spec.monitoring = block(lt_body, "monitoring")
                .map(|b| bool_field(&b.body, "enabled"))
                .unwrap_or(Field::Absent);
        }
    }
    let mut volumes = vec![VolumeSpec {
        label: "root_block_device".into(),
        body: block(body, "root_block_device").map(|b| &b.body),
        root_default: true,
    }];
    for (i, b) in blocks(body, "ebs_block_device").enumerate() {
        volumes.push(VolumeSpec {
            label: format!("ebs_block_device[{i}]"),
            body: Some(&b.body),
            root_default: false,
        });
    }
    spec.volumes = volumes;
    if spec.instance_type == Field::Absent
        && str_field(body, "host_id").known().is_none()
        && spec.tenancy != Field::Known("host".into())
    {
        spec.instance_type = Field::Unknown("`instance_type` is not set".into());
    }
    let hours = ctx.usage_num("monthly_hrs");
    price_instances(ctx, &spec, Field::Known(1.0), hours);
}

/// Prices `count` instances of `spec`.
pub(crate) fn price_instances(
    ctx: &mut Ctx,
    spec: &InstanceSpec,
    count: Field<f64>,
    hours_override: Option<f64>,
) {
    let os = ctx
        .usage
        .text("operating_system")
        .map(|s| s.to_ascii_lowercase())
        .or_else(|| spec.os.clone());
    let hours_per_instance = hours_override.unwrap_or(HOURS_PER_MONTH);
    // Instance hours.
    if !matches!(&spec.instance_type, Field::Absent) {
        let itype = spec.instance_type.clone();
        let name = match &itype {
            Field::Known(t) => format!("Instance usage (Linux/UNIX, on-demand, {t})"),
            _ => "Instance usage".to_string(),
        };
        let price = match (&itype, &os) {
            (_, Some(os)) if os != "linux" => Err(format!(
                "price not found: the snapshot has Linux prices only (operating system `{os}`)"
            )),
            (_, _) if spec.spot => Err("price not found: the snapshot has on-demand prices only, not spot".to_string()),
            (_, _) if matches!(&spec.tenancy, Field::Known(t) if t == "dedicated") => {
                Err("price not found: the snapshot has shared-tenancy prices only (tenancy = dedicated)".to_string())
            }
            (Field::Known(t), _) => ec2_price(ctx, t),
            (Field::Unknown(why), _) => Err(format!("instance type unknown: {why}")),
            (Field::Absent, _) => Err("instance type unknown".to_string()),
        };
        ctx.fixed(
            &name,
            "hours",
            count.clone().map(|n| n * hours_per_instance),
            price,
        );
        if hours_override.is_some() {
            ctx.with_note("hours from usage (monthly_hrs)");
        }
    }
    // CPU credits for burstable instances in unlimited mode.
    if let Field::Known(t) = &spec.instance_type {
        if let Some(family) = burstable_family(t) {
            let mode = match &spec.cpu_credits {
                Field::Known(m) => Some(m.clone()),
                Field::Absent => Some(
                    if family == "t2" {
                        "standard"
                    } else {
                        "unlimited"
                    }
                    .to_string(),
                ),
                Field::Unknown(_) => None,
            };
            match mode.as_deref() {
                Some("unlimited") => {
                    let vcpus = ctx.usage_num("vcpu_count").or_else(|| burstable_vcpus(t));
                    let hrs = ctx.usage_num("monthly_cpu_credit_hrs");
                    let qty = match (hrs, vcpus, &count) {
                        (Some(h), Some(v), Field::Known(n)) => Some(h * v * n),
                        _ => None,
                    };
                    let price = ctx.price(
                        &format!("ec2.cpu_credits.{family}"),
                        &format!("{family} CPU credits"),
                    );
                    ctx.usage_based("CPU credits", "vCPU-hours", qty, price);
                    if spec.cpu_credits == Field::Absent {
                        ctx.with_note(format!(
                            "{family} instances default to unlimited CPU credits"
                        ));
                    }
                }
                Some(_) => {}
                None => {
                    let price = ctx.price(
                        &format!("ec2.cpu_credits.{family}"),
                        &format!("{family} CPU credits"),
                    );
                    ctx.usage_based("CPU credits", "vCPU-hours", None, price);
                    ctx.with_note("credit mode unknown: `cpu_credits` is known only after apply");
                }
            }
        }
    }
    // Detailed monitoring.
    match &spec.monitoring {
        Field::Known(true) => {
            let price = ctx.price("cloudwatch.metric", "CloudWatch metrics");
            ctx.fixed(
                "EC2 detailed monitoring",
                "metrics",
                count.clone().map(|n| n * DETAILED_MONITORING_METRICS),
                price,
            );
            ctx.with_note("7 metrics per instance");
        }
        Field::Unknown(why) => {
            let price = ctx.price("cloudwatch.metric", "CloudWatch metrics");
            ctx.fixed(
                "EC2 detailed monitoring",
                "metrics",
                Field::Unknown(why.clone()),
                price,
            );
        }
        _ => {}
    }
    // Public IPv4.
    match &spec.public_ip {
        PublicIp::Yes(why) => {
            let price = ctx.price("vpc.public_ipv4", "public IPv4 addresses");
            ctx.hourly("Public IPv4 address", count.clone(), price);
            ctx.with_note(why.clone());
        }
        PublicIp::Unknown(why) => {
            let price = ctx.price("vpc.public_ipv4", "public IPv4 addresses");
            ctx.hourly("Public IPv4 address", Field::Unknown(why.clone()), price);
        }
        PublicIp::No => {}
    }
    // Block devices.
    for v in &spec.volumes {
        price_block_device(ctx, v, count.clone());
    }
}

fn ec2_price(ctx: &Ctx, itype: &str) -> Result<crate::pricing::catalog::Price, String> {
    let region = ctx.region.as_ref().map_err(Clone::clone)?;
    ctx.catalog.ec2_hourly(region, itype).ok_or_else(|| {
        if ctx.catalog.ec2_regions().contains(&region.as_str()) {
            format!("price not found: the snapshot has no Linux on-demand price for {itype} in {region}")
        } else {
            format!("price not found: the snapshot has no EC2 prices for region {region}")
        }
    })
}

/// `t3` for `t3.medium`; `None` for non-burstable families.
pub(crate) fn burstable_family(itype: &str) -> Option<&str> {
    let family = itype.split('.').next()?;
    matches!(family, "t2" | "t3" | "t3a" | "t4g").then_some(family)
}

/// vCPUs of the burstable sizes (AWS instance specifications).
fn burstable_vcpus(itype: &str) -> Option<f64> {
    let (family, size) = itype.split_once('.')?;
    let v = match (family, size) {
        ("t2", "nano" | "micro" | "small") => 1.0,
        ("t2", "medium" | "large") => 2.0,
        ("t2", "xlarge") => 4.0,
        ("t2", "2xlarge") => 8.0,
        ("t3" | "t3a" | "t4g", "nano" | "micro" | "small" | "medium" | "large") => 2.0,
        ("t3" | "t3a" | "t4g", "xlarge") => 4.0,
        ("t3" | "t3a" | "t4g", "2xlarge") => 8.0,
        _ => return None,
    };
    Some(v)
}

fn instance_public_ip(ctx: &Ctx) -> PublicIp {
    let body = ctx.body();
    // An Elastic IP in the configuration that points at this instance.
    if ctx.index.has_eip(ctx.res) {
        return PublicIp::No;
    }
    if block(body, "network_interface").is_some() {
        return PublicIp::No;
    }
    match bool_field(body, "associate_public_ip_address") {
        Field::Known(true) => PublicIp::Yes("associate_public_ip_address = true".into()),
        Field::Known(false) => PublicIp::No,
        Field::Unknown(why) => PublicIp::Unknown(why),
        Field::Absent => match body.value("subnet_id") {
            Some(v) => {
                let subnets = ctx.referenced(v, "aws_subnet");
                match subnets
                    .first()
                    .map(|s| bool_field(&s.body, "map_public_ip_on_launch"))
                {
                    Some(Field::Known(true)) => PublicIp::Yes(format!(
                        "{} has map_public_ip_on_launch = true",
                        subnets
                            .first()
                            .map(|s| s.address.as_str())
                            .unwrap_or("the subnet")
                    )),
                    Some(Field::Unknown(why)) => PublicIp::Unknown(format!("the subnet's {why}")),
                    _ => PublicIp::No,
                }
            }
            None => PublicIp::No,
        },
    }
}

/// One block device (`root_block_device`, `ebs_block_device`, or a launch
/// template's `block_device_mapping.ebs`).
fn price_block_device(ctx: &mut Ctx, v: &VolumeSpec, count: Field<f64>) {
    let (vtype, size, iops, throughput) = match v.body {
        Some(b) => (
            str_field(b, "volume_type"),
            num_field(b, "volume_size"),
            num_field(b, "iops"),
            num_field(b, "throughput"),
        ),
        None => (Field::Absent, Field::Absent, Field::Absent, Field::Absent),
    };
    let mut defaults = Vec::new();
    let vtype = match vtype {
        Field::Absent => {
            if v.root_default {
                defaults.push(format!("type {ROOT_DEFAULT_TYPE} (AMI default)"));
            }
            Field::Known(ROOT_DEFAULT_TYPE.to_string())
        }
        other => other,
    };
    let size = match size {
        Field::Absent if v.root_default => {
            defaults.push(format!("{ROOT_DEFAULT_GB} GB (AMI default)"));
            Field::Known(ROOT_DEFAULT_GB)
        }
        Field::Absent => {
            Field::Unknown("`volume_size` is not set (it comes from the snapshot or AMI)".into())
        }
        other => other,
    };
    let prefix = format!("{}: ", v.label);
    price_volume(ctx, &prefix, vtype, size, iops, throughput, count);
    if !defaults.is_empty() {
        ctx.note(format!("{}: assumed {}", v.label, defaults.join(", ")));
    }
}

/// Prices EBS storage, IOPS and throughput for `count` volumes.
pub(crate) fn price_volume(
    ctx: &mut Ctx,
    prefix: &str,
    vtype: Field<String>,
    size: Field<f64>,
    iops: Field<f64>,
    throughput: Field<f64>,
    count: Field<f64>,
) {
    let times = |f: Field<f64>| match (&count, f) {
        (Field::Known(n), Field::Known(v)) => Field::Known(n * v),
        (Field::Unknown(w), _) => Field::Unknown(w.clone()),
        (_, Field::Unknown(w)) => Field::Unknown(w),
        (_, Field::Absent) => Field::Absent,
        (Field::Absent, Field::Known(v)) => Field::Known(v),
    };
    let vtype = match vtype {
        Field::Known(t) => t,
        Field::Unknown(why) => {
            ctx.fixed(
                &format!("{prefix}Storage"),
                "GB",
                times(size),
                Err(format!("volume type unknown: {why}")),
            );
            return;
        }
        Field::Absent => "gp2".to_string(),
    };
    let label = match vtype.as_str() {
        "gp2" => "general purpose SSD, gp2",
        "gp3" => "general purpose SSD, gp3",
        "io1" => "provisioned IOPS SSD, io1",
        "io2" => "provisioned IOPS SSD, io2",
        "st1" => "throughput optimized HDD, st1",
        "sc1" => "cold HDD, sc1",
        "standard" => "magnetic",
        _ => "",
    };
    if label.is_empty() {
        ctx.fixed(
            &format!("{prefix}Storage ({vtype})"),
            "GB",
            times(size),
            Err(format!(
                "price not found: unknown EBS volume type `{vtype}`"
            )),
        );
        return;
    }
    let price = ctx.price(
        &format!("ebs.{vtype}.storage"),
        &format!("EBS {vtype} storage"),
    );
    ctx.fixed(
        &format!("{prefix}Storage ({label})"),
        "GB",
        times(size),
        price,
    );
    match vtype.as_str() {
        "gp3" => {
            if let Field::Known(i) = iops {
                if i > 3000.0 {
                    let price = ctx.price("ebs.gp3.iops", "gp3 IOPS");
                    ctx.fixed(
                        &format!("{prefix}Provisioned IOPS (above 3,000)"),
                        "IOPS",
                        times(Field::Known(i - 3000.0)),
                        price,
                    );
                }
            } else if let Field::Unknown(why) = iops {
                let price = ctx.price("ebs.gp3.iops", "gp3 IOPS");
                ctx.fixed(
                    &format!("{prefix}Provisioned IOPS (above 3,000)"),
                    "IOPS",
                    Field::Unknown(why),
                    price,
                );
            }
            if let Field::Known(t) = throughput {
                if t > 125.0 {
                    let price = ctx.price("ebs.gp3.throughput", "gp3 throughput");
                    ctx.fixed(
                        &format!("{prefix}Provisioned throughput (above 125 MiB/s)"),
                        "MiBps",
                        times(Field::Known(t - 125.0)),
                        price,
                    );
                }
            } else if let Field::Unknown(why) = throughput {
                let price = ctx.price("ebs.gp3.throughput", "gp3 throughput");
                ctx.fixed(
                    &format!("{prefix}Provisioned throughput (above 125 MiB/s)"),
                    "MiBps",
                    Field::Unknown(why),
                    price,
                );
            }
        }
        "io1" => {
            let iops = match iops {
                Field::Absent => Field::Unknown("`iops` is not set".into()),
                other => other,
            };
            let price = ctx.price("ebs.io1.iops", "io1 IOPS");
            ctx.fixed(
                &format!("{prefix}Provisioned IOPS"),
                "IOPS",
                times(iops),
                price,
            );
        }
        "io2" => {
            let iops = match iops {
                Field::Absent => Field::Unknown("`iops` is not set".into()),
                other => other,
            };
            let tiers = ctx.tiers("ebs.io2.iops", "io2 IOPS");
            ctx.tiered(
                &format!("{prefix}Provisioned IOPS"),
                "IOPS",
                times(iops),
                tiers,
                false,
            );
        }
        "standard" => {
            let q = ctx
                .usage_num("monthly_standard_io_requests")
                .map(|r| r / 1e6);
            let q = match (&count, q) {
                (Field::Known(n), Some(q)) => Some(q * n),
                _ => None,
            };
            let price = ctx.price("ebs.standard.io", "magnetic volume I/O");
            ctx.usage_based(&format!("{prefix}I/O requests"), "1M requests", q, price);
        }
        _ => {}
    }
}

pub(crate) fn ebs_volume(ctx: &mut Ctx) {
    let body = ctx.body();
    let vtype = str_field(body, "type").or_default("gp2".to_string());
    let size = match num_field(body, "size") {
        Field::Absent if body.value("snapshot_id").is_some() => {
            Field::Unknown("`size` is not set (it comes from the snapshot)".into())
        }
        Field::Absent => Field::Unknown("`size` is not set".into()),
        other => other,
    };
    let iops = num_field(body, "iops");
    let throughput = num_field(body, "throughput");
    price_volume(ctx, "", vtype, size, iops, throughput, Field::Known(1.0));
}

/// aws_ebs_snapshot and aws_ebs_snapshot_copy: storage is the source volume's
/// size (a full first snapshot; later ones are incremental) unless the usage file
/// says `storage_gb`.
pub(crate) fn ebs_snapshot(ctx: &mut Ctx) {
    let body = ctx.body();
    let mut size = Field::Absent;
    if let Some(v) = body.value("volume_id") {
        if let Some(vol) = ctx.referenced(v, "aws_ebs_volume").first() {
            size = num_field(&vol.body, "size");
            if size.clone().known().is_some() {
                ctx.note(format!("storage assumed to be the full size of {} (snapshots after the first are incremental)", vol.address));
            }
        }
    }
    if let Some(gb) = ctx.usage_num("storage_gb") {
        size = Field::Known(gb);
    }
    let price = ctx.price("ebs.snapshot.storage", "EBS snapshot storage");
    match size {
        Field::Known(gb) => ctx.fixed("Snapshot storage", "GB", Field::Known(gb), price),
        _ => ctx.usage_based("Snapshot storage", "GB", None, price),
    }
    let fsr = ctx.price("ebs.snapshot.fsr", "fast snapshot restore");
    ctx.usage_key(
        "Fast snapshot restore",
        "DSU-hours",
        "fast_snapshot_restore_hours",
        1.0,
        fsr,
    );
    let list = ctx.price("ebs.snapshot.list_api", "EBS direct API");
    ctx.usage_key(
        "ListChangedBlocks & ListSnapshotBlocks API requests",
        "1k requests",
        "monthly_list_block_requests",
        1e-3,
        list,
    );
    let get = ctx.price("ebs.snapshot.get_api", "EBS direct API");
    ctx.usage_key(
        "GetSnapshotBlock API requests",
        "1k SnapshotAPIUnits",
        "monthly_get_block_requests",
        1e-3,
        get,
    );
    let put = ctx.price("ebs.snapshot.put_api", "EBS direct API");
    ctx.usage_key(
        "PutSnapshotBlock API requests",
        "1k SnapshotAPIUnits",
        "monthly_put_block_requests",
        1e-3,
        put,
    );
}

/// Finds the launch template a `launch_template { id | name }` block points at.
fn find_launch_template<'m>(ctx: &Ctx<'m>, spec: &Body) -> Option<&'m Resource> {
    find_by_ref_or_name(
        ctx,
        spec,
        &["id", "name", "launch_template_id", "launch_template_name"],
        "aws_launch_template",
    )
}

fn find_by_ref_or_name<'m>(
    ctx: &Ctx<'m>,
    spec: &Body,
    attrs: &[&str],
    rtype: &str,
) -> Option<&'m Resource> {
    for a in attrs {
        let Some(v) = spec.value(a) else { continue };
        if let Some(r) = ctx.referenced(v, rtype).into_iter().next() {
            return Some(r);
        }
        if let Some(name) = v.as_str() {
            if let Some(r) = ctx.model.resources.iter().find(|r| {
                r.mode == Mode::Managed
                    && r.rtype == rtype
                    && (r.body.value("name").and_then(|n| n.as_str()) == Some(name)
                        || r.body.value("id").and_then(|n| n.as_str()) == Some(name))
            }) {
                return Some(r);
            }
        }
    }
    None
}

/// The instance spec of a launch template.
fn launch_template_spec<'m>(
    ctx: &Ctx,
    lt: &'m Resource,
    override_type: Option<Field<String>>,
) -> InstanceSpec<'m> {
    let b = &lt.body;
    let mut volumes = Vec::new();
    // `aws_launch_template` calls the block `block_device_mappings`.
    for (i, m) in blocks(b, "block_device_mappings").enumerate() {
        if let Some(ebs) = block(&m.body, "ebs") {
            volumes.push(VolumeSpec {
                label: format!("block_device_mappings[{i}]"),
                body: Some(&ebs.body),
                root_default: false,
            });
        }
    }
    if volumes.is_empty() {
        volumes.push(VolumeSpec {
            label: "root volume".into(),
            body: None,
            root_default: true,
        });
    }
    let public_ip = match blocks(b, "network_interfaces")
        .map(|n| bool_field(&n.body, "associate_public_ip_address"))
        .find(|f| *f != Field::Absent)
    {
        Some(Field::Known(true)) => PublicIp::Yes(
            "launch template network_interfaces.associate_public_ip_address = true".into(),
        ),
        Some(Field::Unknown(why)) => PublicIp::Unknown(why),
        _ => PublicIp::No,
    };
    let _ = ctx;
    InstanceSpec {
        instance_type: override_type.unwrap_or_else(|| match str_field(b, "instance_type") {
            Field::Absent => Field::Unknown(format!("{} sets no `instance_type`", lt.address)),
            other => other,
        }),
        tenancy: block(b, "placement")
            .map(|p| str_field(&p.body, "tenancy"))
            .unwrap_or(Field::Absent),
        monitoring: block(b, "monitoring")
            .map(|m| bool_field(&m.body, "enabled"))
            .unwrap_or(Field::Absent),
        cpu_credits: block(b, "credit_specification")
            .map(|c| str_field(&c.body, "cpu_credits"))
            .unwrap_or(Field::Absent),
        public_ip,
        volumes,
        spot: block(b, "instance_market_options").is_some(),
        os: None,
    }
}

/// The instance spec of a launch configuration.
fn launch_configuration_spec(lc: &Resource) -> InstanceSpec<'_> {
    let b = &lc.body;
    let mut volumes = vec![VolumeSpec {
        label: "root_block_device".into(),
        body: block(b, "root_block_device").map(|r| &r.body),
        root_default: true,
    }];
    for (i, e) in blocks(b, "ebs_block_device").enumerate() {
        volumes.push(VolumeSpec {
            label: format!("ebs_block_device[{i}]"),
            body: Some(&e.body),
            root_default: false,
        });
    }
    InstanceSpec {
        instance_type: match str_field(b, "instance_type") {
            Field::Absent => Field::Unknown(format!("{} sets no `instance_type`", lc.address)),
            other => other,
        },
        tenancy: str_field(b, "placement_tenancy"),
        // Launch configurations enable detailed monitoring unless told otherwise.
        monitoring: bool_field(b, "enable_monitoring").or_default(true),
        cpu_credits: block(b, "credit_specification")
            .map(|c| str_field(&c.body, "cpu_credits"))
            .unwrap_or(Field::Absent),
        public_ip: match bool_field(b, "associate_public_ip_address") {
            Field::Known(true) => {
                PublicIp::Yes("launch configuration associate_public_ip_address = true".into())
            }
            Field::Unknown(why) => PublicIp::Unknown(why),
            _ => PublicIp::No,
        },
        volumes,
        spot: str_field(b, "spot_price").known().is_some(),
        os: None,
    }
}

/// Number of instances of a group: usage `instances`, else the desired size,
/// else the minimum.
fn group_count(ctx: &Ctx, desired: Field<f64>, min: Field<f64>) -> Field<f64> {
    if let Some(n) = ctx.usage_num("instances") {
        return Field::Known(n);
    }
    match desired {
        Field::Known(n) => Field::Known(n),
        Field::Unknown(why) => Field::Unknown(why),
        Field::Absent => match min {
            Field::Absent => {
                Field::Unknown("neither the desired nor the minimum size is set".into())
            }
            other => other,
        },
    }
}

/// aws_autoscaling_group: capacity (desired, else min) × its launch template or
/// launch configuration.
pub(crate) fn autoscaling_group(ctx: &mut Ctx) {
    let body = ctx.body();
    let count = group_count(
        ctx,
        num_field(body, "desired_capacity"),
        num_field(body, "min_size"),
    );
    let mut override_type = None;
    let mut spot = false;
    let template = if let Some(lt) = block(body, "launch_template") {
        Template::Lt(find_launch_template(ctx, &lt.body))
    } else if let Some(mip) = block(body, "mixed_instances_policy") {
        let lt_block = block(&mip.body, "launch_template");
        let spec = lt_block.and_then(|l| block(&l.body, "launch_template_specification"));
        if let Some(first) = lt_block.and_then(|l| block(&l.body, "override")) {
            let t = str_field(&first.body, "instance_type");
            if t != Field::Absent {
                override_type = Some(t);
                ctx.note("mixed instances policy: priced with the first override's instance type");
            }
        }
        if let Some(dist) = block(&mip.body, "instances_distribution") {
            if num_field(&dist.body, "on_demand_percentage_above_base_capacity")
                == Field::Known(0.0)
            {
                spot = true;
            }
        }
        Template::Lt(spec.and_then(|s| find_launch_template(ctx, &s.body)))
    } else if let Some(v) = body.value("launch_configuration") {
        let lc = ctx
            .referenced(v, "aws_launch_configuration")
            .into_iter()
            .next()
            .or_else(|| {
                v.as_str().and_then(|name| {
                    ctx.model.resources.iter().find(|r| {
                        r.rtype == "aws_launch_configuration"
                            && r.body.value("name").and_then(|n| n.as_str()) == Some(name)
                    })
                })
            });
        Template::Lc(lc)
    } else {
        Template::None
    };
    let (spec, address) = match template {
        Template::Lt(Some(lt)) => (
            launch_template_spec(ctx, lt, override_type),
            lt.address.clone(),
        ),
        Template::Lc(Some(lc)) => (launch_configuration_spec(lc), lc.address.clone()),
        Template::Lt(None) | Template::Lc(None) => {
            ctx.fixed(
                "Instance usage",
                "hours",
                count.map(|n| n * HOURS_PER_MONTH),
                Err("price not found: the group's launch template or configuration is not in this configuration".into()),
            );
            return;
        }
        Template::None => {
            ctx.fixed(
                "Instance usage",
                "hours",
                count.map(|n| n * HOURS_PER_MONTH),
                Err("price not found: the group names no launch template or configuration".into()),
            );
            return;
        }
    };
    let mut spec = spec;
    spec.spot |= spot;
    ctx.prefix = format!("{address}: ");
    price_instances(ctx, &spec, count, None);
    ctx.prefix.clear();
}

enum Template<'m> {
    Lt(Option<&'m Resource>),
    Lc(Option<&'m Resource>),
    None,
}

/// aws_eks_node_group: desired size × instance type (default t3.medium) with a
/// 20 GB gp2 disk by default, or × its launch template.
pub(crate) fn eks_node_group(ctx: &mut Ctx) {
    let body = ctx.body();
    let scaling = block(body, "scaling_config");
    let count = group_count(
        ctx,
        scaling
            .map(|s| num_field(&s.body, "desired_size"))
            .unwrap_or(Field::Absent),
        scaling
            .map(|s| num_field(&s.body, "min_size"))
            .unwrap_or(Field::Absent),
    );
    let spot = str_field(body, "capacity_type") == Field::Known("SPOT".into());
    let os = match str_field(body, "ami_type") {
        Field::Known(t) if t.contains("WINDOWS") => Some("windows".to_string()),
        _ => None,
    };
    let first_type = match body.value("instance_types") {
        None => Field::Absent,
        Some(v) if v.is_unknown() => Field::Unknown(format!(
            "`instance_types` is {}",
            crate::pricing::estimate::unknown_why(v)
        )),
        Some(v) => match v.as_list().and_then(|l| l.first()) {
            Some(first) if first.is_unknown() => {
                Field::Unknown("`instance_types[0]` is known only after apply".into())
            }
            Some(first) => first
                .as_str()
                .map(|s| Field::Known(s.to_string()))
                .unwrap_or(Field::Absent),
            None => Field::Absent,
        },
    };
    if let Some(lt) =
        block(body, "launch_template").and_then(|b| find_launch_template(ctx, &b.body))
    {
        let override_type = match &first_type {
            Field::Absent => None,
            other => Some(other.clone()),
        };
        let mut spec = launch_template_spec(ctx, lt, override_type);
        if spec.instance_type == Field::Unknown(format!("{} sets no `instance_type`", lt.address)) {
            spec.instance_type = Field::Known("t3.medium".into());
            ctx.note("instance type: t3.medium (the EKS default)");
        }
        spec.spot = spot;
        spec.os = os;
        ctx.prefix = format!("{}: ", lt.address);
        price_instances(ctx, &spec, count, None);
        ctx.prefix.clear();
        return;
    }
    if block(body, "launch_template").is_some() {
        ctx.note("the launch template is not in this configuration: priced with the node group's own settings");
    }
    let instance_type = match first_type {
        Field::Absent => {
            ctx.note("instance type: t3.medium (the EKS default)");
            Field::Known("t3.medium".to_string())
        }
        other => other,
    };
    let disk = num_field(body, "disk_size").or_default(20.0);
    let spec = InstanceSpec {
        instance_type,
        tenancy: Field::Absent,
        monitoring: Field::Absent,
        cpu_credits: Field::Absent,
        public_ip: PublicIp::No,
        volumes: Vec::new(),
        spot,
        os,
    };
    price_instances(ctx, &spec, count.clone(), None);
    price_volume(
        ctx,
        "",
        Field::Known("gp2".into()),
        disk,
        Field::Absent,
        Field::Absent,
        count,
    );
    if num_field(body, "disk_size") == Field::Absent {
        ctx.note("disk: 20 GB gp2 (the EKS default)");
    }
}

/// aws_ec2_host: the dedicated host's hourly price by instance family.
pub(crate) fn ec2_host(ctx: &mut Ctx) {
    let body = ctx.body();
    let family = match str_field(body, "instance_family") {
        Field::Absent => str_field(body, "instance_type")
            .map(|t| t.split('.').next().unwrap_or_default().to_string()),
        other => other,
    };
    let (name, price) = match &family {
        Field::Known(f) => (
            format!("EC2 Dedicated Host (on-demand, {f})"),
            ctx.price(&format!("ec2.host.{f}"), &format!("{f} dedicated hosts")),
        ),
        Field::Unknown(why) => (
            "EC2 Dedicated Host".to_string(),
            Err(format!("host family unknown: {why}")),
        ),
        Field::Absent => (
            "EC2 Dedicated Host".to_string(),
            Err("host family unknown: neither instance_family nor instance_type is set".into()),
        ),
    };
    ctx.hourly(&name, Field::Known(1.0), price);
}
