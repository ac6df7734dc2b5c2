//! RDS and Aurora, ElastiCache, DynamoDB, DocumentDB, Neptune, Redshift,
//! OpenSearch, DMS, MSK, Kinesis and Glue.
//!
//! RDS: instance prices come from the snapshot's RDS rows (a real Multi-AZ row
//! when there is one; otherwise 2 × Single-AZ, marked as derived). Storage
//! defaults to gp2 (io1 when `iops` is set), as the AWS provider does. Multi-AZ
//! storage without a Multi-AZ row is likewise 2 × Single-AZ, marked as derived.

use crate::pricing::catalog::{rds_engine_key, Price, HOURS_PER_MONTH};
use crate::pricing::estimate::{
    block, blocks, bool_field, len_field, num_field, str_field, Ctx, Field,
};

const MULTI_AZ_STORAGE_RULE: &str = "Multi-AZ storage = 2 × Single-AZ (no Multi-AZ row in the snapshot; the standby keeps a full copy)";

/// A Multi-AZ storage/IOPS price: the real row, or 2 × the Single-AZ row marked as derived.
fn multi_az_price(ctx: &Ctx, base: &str, multi: bool, what: &str) -> Result<Price, String> {
    if !multi {
        return ctx.price(&format!("{base}.single"), what);
    }
    if let Ok(p) = ctx.price(&format!("{base}.multi"), what) {
        return Ok(p);
    }
    let mut p = ctx.price(&format!("{base}.single"), what)?;
    p.usd *= 2.0;
    p.range = p.range.map(|(lo, hi)| (lo * 2.0, hi * 2.0));
    p.derived = Some(MULTI_AZ_STORAGE_RULE.to_string());
    Ok(p)
}

fn rds_instance_price(
    ctx: &Ctx,
    class: &Field<String>,
    engine: &Field<String>,
    license: Option<&str>,
    multi_az: bool,
) -> Result<Price, String> {
    let region = ctx.region.as_ref().map_err(Clone::clone)?;
    let class = match class {
        Field::Known(c) => c,
        Field::Unknown(why) => return Err(format!("instance class unknown: {why}")),
        Field::Absent => return Err("instance class unknown: `instance_class` is not set".into()),
    };
    let engine = match engine {
        Field::Known(e) => e,
        Field::Unknown(why) => return Err(format!("engine unknown: {why}")),
        Field::Absent => return Err("engine unknown: `engine` is not set".into()),
    };
    let key = rds_engine_key(engine, license).ok_or_else(|| {
        format!("price not found: the snapshot has no prices for the {engine} engine")
    })?;
    ctx.catalog
        .rds_hourly(region, class, key, multi_az)
        .ok_or_else(|| {
            let engines = ctx.catalog.rds_engines(region, class);
            let dep = if multi_az { "Multi-AZ" } else { "Single-AZ" };
            if engines.iter().any(|e| e == key) && multi_az {
                format!("price not found: the snapshot has no {dep} price for {class} {key} in {region}, and the 2 × Single-AZ rule is not applied to this engine")
            } else if engines.is_empty() {
                format!("price not found: the snapshot has no price for {class} in {region}")
            } else {
                format!("price not found: the snapshot has no {dep} price for {class} with engine {key} in {region}")
            }
        })
}

pub(crate) fn db_instance(ctx: &mut Ctx) {
    let body = ctx.body();
    // A read replica takes its engine and storage from its source database.
    let source = body
        .value("replicate_source_db")
        .and_then(|v| ctx.referenced(v, "aws_db_instance").into_iter().next());
    let inherited = |name: &str| match (str_field(body, name), source) {
        (Field::Absent, Some(src)) => str_field(&src.body, name),
        (own, _) => own,
    };
    let class = str_field(body, "instance_class");
    let engine = inherited("engine");
    let license = inherited("license_model").known();
    if let Some(src) = source {
        ctx.note(format!(
            "read replica of {}: engine and storage from the source",
            src.address
        ));
    }
    let multi = match bool_field(body, "multi_az") {
        Field::Known(b) => b,
        Field::Absent => false,
        Field::Unknown(why) => {
            ctx.note(format!("Multi-AZ unknown ({why}): priced as Single-AZ"));
            false
        }
    };
    let dep = if multi { "Multi-AZ" } else { "Single-AZ" };
    let name = match &class {
        Field::Known(c) => format!("Database instance (on-demand, {dep}, {c})"),
        _ => format!("Database instance (on-demand, {dep})"),
    };
    let price = rds_instance_price(ctx, &class, &engine, license.as_deref(), multi);
    ctx.hourly(&name, Field::Known(1.0), price);
    let engine_name = engine.clone().known().unwrap_or_default();
    let aurora = engine_name.starts_with("aurora");
    // Burstable classes: CPU credits above the baseline.
    if let Field::Known(c) = &class {
        if c.starts_with("db.t3.") || c.starts_with("db.t4g.") {
            let price = ctx.price("rds.cpu_credits", "RDS CPU credits");
            let q = ctx.usage_num("monthly_cpu_credit_hrs");
            ctx.usage_based("CPU credits", "vCPU-hours", q, price);
        }
    }
    if !aurora {
        let inherited_num = |name: &str| match (num_field(body, name), source) {
            (Field::Absent, Some(src)) => num_field(&src.body, name),
            (own, _) => own,
        };
        let iops = inherited_num("iops");
        let default_type = if matches!(iops, Field::Known(_)) {
            "io1"
        } else {
            "gp2"
        };
        let stype = inherited("storage_type").or_default(default_type.to_string());
        let size = match inherited_num("allocated_storage") {
            Field::Absent => Field::Unknown("`allocated_storage` is not set".into()),
            other => other,
        };
        price_rds_storage(ctx, stype, size, iops, &engine_name, multi);
    }
    let backup = ctx.price(
        if aurora {
            "aurora.backup"
        } else {
            "rds.backup"
        },
        "RDS backup storage",
    );
    ctx.usage_key(
        "Additional backup storage",
        "GB",
        "additional_backup_storage_gb",
        1.0,
        backup,
    );
    if bool_field(body, "performance_insights_enabled") == Field::Known(true) {
        let price = ctx.price("rds.performance_insights.api", "Performance Insights API");
        ctx.usage_key(
            "Performance Insights API",
            "1000 requests",
            "monthly_additional_performance_insights_requests",
            1e-3,
            price,
        );
        if num_field(body, "performance_insights_retention_period")
            .known()
            .is_some_and(|d| d > 7.0)
        {
            ctx.note(
                "Performance Insights long-term retention is not priced (not in the snapshot)",
            );
        }
    }
}

fn price_rds_storage(
    ctx: &mut Ctx,
    stype: Field<String>,
    size: Field<f64>,
    iops: Field<f64>,
    engine: &str,
    multi: bool,
) {
    let stype = match stype {
        Field::Known(t) => t,
        Field::Unknown(why) => {
            ctx.fixed(
                "Storage",
                "GB",
                size,
                Err(format!("storage type unknown: {why}")),
            );
            return;
        }
        Field::Absent => "gp2".into(),
    };
    let label = match stype.as_str() {
        "gp2" => "general purpose SSD, gp2",
        "gp3" => "general purpose SSD, gp3",
        "io1" => "provisioned IOPS SSD, io1",
        "io2" => "provisioned IOPS SSD, io2",
        "standard" => "magnetic",
        _ => "",
    };
    if label.is_empty() {
        ctx.fixed(
            &format!("Storage ({stype})"),
            "GB",
            size,
            Err(format!(
                "price not found: unknown RDS storage type `{stype}`"
            )),
        );
        return;
    }
    let price = multi_az_price(
        ctx,
        &format!("rds.storage.{stype}"),
        multi,
        &format!("RDS {stype} storage"),
    );
    ctx.fixed(&format!("Storage ({label})"), "GB", size.clone(), price);
    match stype.as_str() {
        "gp3" => {
            // gp3 includes 3,000 IOPS (12,000 from 400 GB; Oracle from 200 GB; SQL Server always 3,000).
            let threshold = if engine.starts_with("sqlserver") {
                f64::INFINITY
            } else if engine.starts_with("oracle") {
                200.0
            } else {
                400.0
            };
            if let (Field::Known(i), Field::Known(gb)) = (&iops, &size) {
                let baseline = if *gb >= threshold { 12_000.0 } else { 3_000.0 };
                if *i > baseline {
                    let price = multi_az_price(ctx, "rds.iops.gp3", multi, "RDS gp3 IOPS");
                    ctx.fixed(
                        &format!(
                            "Provisioned GP3 IOPS (above {})",
                            if baseline > 3000.0 { "12,000" } else { "3,000" }
                        ),
                        "IOPS",
                        Field::Known(*i - baseline),
                        price,
                    );
                }
            }
        }
        "io1" => {
            let iops = match iops {
                Field::Absent => Field::Unknown("`iops` is not set".into()),
                other => other,
            };
            let price = multi_az_price(ctx, "rds.iops.io1", multi, "RDS io1 IOPS");
            ctx.fixed("Provisioned IOPS", "IOPS", iops, price);
        }
        "io2" => {
            ctx.fixed(
                "Provisioned IOPS",
                "IOPS",
                iops,
                Err("price not found: the snapshot has no RDS io2 IOPS price".into()),
            );
        }
        "standard" => {
            let q = ctx
                .usage_num("monthly_standard_io_requests")
                .map(|n| n / 1e6);
            let price = ctx.price("rds.standard.io", "RDS magnetic I/O");
            ctx.usage_based("I/O requests", "1M requests", q, price);
        }
        _ => {}
    }
}

fn cluster_of<'m>(ctx: &Ctx<'m>) -> Option<&'m crate::terraform::model::Resource> {
    let v = ctx.body().value("cluster_identifier")?;
    if let Some(r) = ctx.referenced(v, "aws_rds_cluster").into_iter().next() {
        return Some(r);
    }
    let id = v.as_str()?;
    ctx.model.resources.iter().find(|r| {
        r.rtype == "aws_rds_cluster"
            && r.body.value("cluster_identifier").and_then(|c| c.as_str()) == Some(id)
    })
}

pub(crate) fn rds_cluster(ctx: &mut Ctx) {
    let body = ctx.body();
    let engine = str_field(body, "engine")
        .or_default("aurora".into())
        .known()
        .unwrap_or_default();
    if !engine.starts_with("aurora") {
        ctx.note(
            "Multi-AZ DB clusters of RDS for MySQL/PostgreSQL are not priced (not in the snapshot)",
        );
        let price = Err(format!(
            "price not found: the snapshot has no prices for {engine} DB clusters"
        ));
        ctx.fixed("Cluster", "months", Field::Known(1.0), price);
        return;
    }
    if str_field(body, "engine_mode").known().as_deref() == Some("serverless") {
        let q = ctx
            .usage_num("capacity_units_per_hr")
            .map(|acu| acu * HOURS_PER_MONTH);
        let price = ctx.price("aurora.serverless_v1", "Aurora Serverless v1");
        ctx.usage_based("Aurora serverless", "ACU-hours", q, price);
    }
    let io_optimized = str_field(body, "storage_type").known().as_deref() == Some("aurora-iopt1");
    let storage_key = if io_optimized {
        "aurora.storage.io_optimized"
    } else {
        "aurora.storage.standard"
    };
    let price = ctx.price(storage_key, "Aurora storage");
    ctx.usage_key(
        if io_optimized {
            "Storage (I/O-optimized)"
        } else {
            "Storage"
        },
        "GB",
        "storage_gb",
        1.0,
        price,
    );
    if !io_optimized {
        let rps = match (
            ctx.usage_num("write_requests_per_sec"),
            ctx.usage_num("read_requests_per_sec"),
        ) {
            (None, None) => None,
            (w, r) => Some(w.unwrap_or(0.0) + r.unwrap_or(0.0)),
        };
        let q = rps.map(|r| r * HOURS_PER_MONTH * 3600.0 / 1e6);
        let price = ctx.price("aurora.io.standard", "Aurora I/O");
        ctx.usage_based("I/O requests", "1M requests", q, price);
    }
    let backup = ctx.price("aurora.backup", "Aurora backup storage");
    ctx.usage_key(
        "Backup storage",
        "GB",
        "backup_snapshot_size_gb",
        1.0,
        backup,
    );
    if num_field(body, "backtrack_window")
        .known()
        .is_some_and(|w| w > 0.0)
    {
        let q = match (
            ctx.usage_num("average_statements_per_hr"),
            ctx.usage_num("change_records_per_statement"),
            ctx.usage_num("backtrack_window_hrs"),
        ) {
            (Some(s), Some(c), Some(w)) => Some(s * c * w / 1e6),
            _ => None,
        };
        let price = ctx.price("aurora.backtrack", "Aurora backtrack");
        ctx.usage_based("Backtrack", "1M change-records", q, price);
    }
    let export = ctx.price("aurora.snapshot_export", "Aurora snapshot export");
    ctx.usage_key(
        "Snapshot export",
        "GB",
        "snapshot_export_size_gb",
        1.0,
        export,
    );
    ctx.note("instances are billed on aws_rds_cluster_instance");
}

pub(crate) fn rds_cluster_instance(ctx: &mut Ctx) {
    let body = ctx.body();
    let class = str_field(body, "instance_class");
    let engine = match str_field(body, "engine") {
        Field::Absent => cluster_of(ctx)
            .map(|c| str_field(&c.body, "engine"))
            .unwrap_or(Field::Absent),
        other => other,
    };
    let io_optimized = cluster_of(ctx).is_some_and(|c| {
        str_field(&c.body, "storage_type").known().as_deref() == Some("aurora-iopt1")
    });
    if class == Field::Known("db.serverless".into()) {
        let key = if io_optimized {
            "aurora.serverless_v2.io_optimized"
        } else {
            "aurora.serverless_v2.standard"
        };
        let q = ctx
            .usage_num("capacity_units_per_hr")
            .map(|acu| acu * HOURS_PER_MONTH);
        let price = ctx.price(key, "Aurora Serverless v2");
        ctx.usage_based(
            if io_optimized {
                "Aurora serverless v2 (I/O-optimized)"
            } else {
                "Aurora serverless v2"
            },
            "ACU-hours",
            q,
            price,
        );
    } else {
        let name = match &class {
            Field::Known(c) => format!("Database instance (on-demand, {c})"),
            _ => "Database instance (on-demand)".into(),
        };
        let price = if io_optimized {
            Err(
                "price not found: the snapshot has no Aurora I/O-Optimized instance prices"
                    .to_string(),
            )
        } else {
            rds_instance_price(ctx, &class, &engine, None, false)
        };
        ctx.hourly(&name, Field::Known(1.0), price);
        if let Field::Known(c) = &class {
            if c.starts_with("db.t3.") || c.starts_with("db.t4g.") {
                let price = ctx.price("aurora.cpu_credits", "Aurora CPU credits");
                let q = ctx.usage_num("monthly_cpu_credit_hrs");
                ctx.usage_based("CPU credits", "vCPU-hours", q, price);
            }
        }
    }
    if bool_field(body, "performance_insights_enabled") == Field::Known(true) {
        let price = ctx.price("rds.performance_insights.api", "Performance Insights API");
        ctx.usage_key(
            "Performance Insights API",
            "1000 requests",
            "monthly_additional_performance_insights_requests",
            1e-3,
            price,
        );
    }
}

fn elasticache_nodes(
    ctx: &mut Ctx,
    node_type: Field<String>,
    nodes: Field<f64>,
    engine: Field<String>,
) {
    let name = match &node_type {
        Field::Known(t) => format!("ElastiCache (on-demand, {t})"),
        _ => "ElastiCache (on-demand)".into(),
    };
    let price = match (&node_type, &engine) {
        (_, Field::Known(e)) if e == "valkey" => {
            Err("price not found: the snapshot has ElastiCache prices for Redis OSS and Memcached only, not Valkey".to_string())
        }
        (Field::Known(t), _) => ctx.price(&format!("elasticache.node.{t}"), &format!("ElastiCache {t} nodes")),
        (Field::Unknown(why), _) => Err(format!("node type unknown: {why}")),
        (Field::Absent, _) => Err("node type unknown: `node_type` is not set".into()),
    };
    ctx.hourly(&name, nodes, price);
}

pub(crate) fn elasticache_cluster(ctx: &mut Ctx) {
    let body = ctx.body();
    if body
        .value("replication_group_id")
        .is_some_and(|v| !v.is_null())
    {
        ctx.set_free("a member of a replication group: its nodes are billed on the aws_elasticache_replication_group");
        return;
    }
    let engine = str_field(body, "engine");
    let nodes = num_field(body, "num_cache_nodes").or_default(1.0);
    elasticache_nodes(ctx, str_field(body, "node_type"), nodes, engine.clone());
    if num_field(body, "snapshot_retention_limit")
        .known()
        .is_some_and(|d| d > 0.0)
    {
        let price = ctx.price("elasticache.backup", "ElastiCache backup storage");
        ctx.usage_key(
            "Backup storage",
            "GB",
            "snapshot_storage_size_gb",
            1.0,
            price,
        );
    }
}

pub(crate) fn elasticache_replication_group(ctx: &mut Ctx) {
    let body = ctx.body();
    let cluster_mode = block(body, "cluster_mode");
    let groups = num_field(body, "num_node_groups");
    let replicas = num_field(body, "replicas_per_node_group");
    let nodes = match num_field(body, "num_cache_clusters").or_default(-1.0) {
        Field::Known(n) if n >= 0.0 => Field::Known(n),
        Field::Unknown(why) => Field::Unknown(why),
        _ => {
            let (g, r) = match cluster_mode {
                Some(cm) => (
                    num_field(&cm.body, "num_node_groups"),
                    num_field(&cm.body, "replicas_per_node_group"),
                ),
                None => (groups, replicas),
            };
            match (g.or_default(1.0), r.or_default(0.0)) {
                (Field::Known(g), Field::Known(r)) => Field::Known(g * (r + 1.0)),
                (Field::Unknown(w), _) | (_, Field::Unknown(w)) => Field::Unknown(w),
                _ => Field::Known(1.0),
            }
        }
    };
    elasticache_nodes(
        ctx,
        str_field(body, "node_type"),
        nodes,
        str_field(body, "engine"),
    );
    if num_field(body, "snapshot_retention_limit")
        .known()
        .is_some_and(|d| d > 0.0)
    {
        let price = ctx.price("elasticache.backup", "ElastiCache backup storage");
        ctx.usage_key(
            "Backup storage",
            "GB",
            "snapshot_storage_size_gb",
            1.0,
            price,
        );
    }
}

pub(crate) fn dynamodb_table(ctx: &mut Ctx) {
    let body = ctx.body();
    if str_field(body, "table_class").known().as_deref() == Some("STANDARD_INFREQUENT_ACCESS") {
        ctx.note("Standard-Infrequent Access table class: its prices are not in the snapshot");
        let reason =
            "price not found: the snapshot has Standard table class prices only".to_string();
        ctx.fixed("Table", "months", Field::Known(1.0), Err(reason));
        return;
    }
    let mode = str_field(body, "billing_mode").or_default("PROVISIONED".into());
    match mode {
        Field::Known(m) if m == "PAY_PER_REQUEST" => {
            let w = ctx.price("dynamodb.ondemand.write", "DynamoDB on-demand writes");
            ctx.usage_key(
                "Write request units (WRU)",
                "1M WRUs",
                "monthly_write_request_units",
                1e-6,
                w,
            );
            let r = ctx.price("dynamodb.ondemand.read", "DynamoDB on-demand reads");
            ctx.usage_key(
                "Read request units (RRU)",
                "1M RRUs",
                "monthly_read_request_units",
                1e-6,
                r,
            );
        }
        Field::Unknown(why) => {
            ctx.note(format!("billing mode unknown ({why}): capacity not priced"));
        }
        _ => {
            let wcu = num_field(body, "write_capacity").or_default(0.0);
            let rcu = num_field(body, "read_capacity").or_default(0.0);
            let w = ctx.price(
                "dynamodb.provisioned.wcu",
                "DynamoDB provisioned write capacity",
            );
            ctx.fixed(
                "Write capacity unit (WCU)",
                "WCU-hours",
                wcu.map(|n| n * HOURS_PER_MONTH),
                w,
            );
            let r = ctx.price(
                "dynamodb.provisioned.rcu",
                "DynamoDB provisioned read capacity",
            );
            ctx.fixed(
                "Read capacity unit (RCU)",
                "RCU-hours",
                rcu.map(|n| n * HOURS_PER_MONTH),
                r,
            );
        }
    }
    let storage = ctx.price("dynamodb.storage", "DynamoDB storage");
    ctx.usage_key("Data storage", "GB", "storage_gb", 1.0, storage);
    if block(body, "point_in_time_recovery")
        .is_some_and(|b| bool_field(&b.body, "enabled") == Field::Known(true))
    {
        let pitr = ctx.price("dynamodb.pitr", "DynamoDB continuous backups");
        ctx.usage_key(
            "Point-in-time recovery (PITR) backup storage",
            "GB",
            "pitr_backup_storage_gb",
            1.0,
            pitr,
        );
    }
    let backup = ctx.price("dynamodb.backup", "DynamoDB on-demand backups");
    ctx.usage_key(
        "On-demand backup storage",
        "GB",
        "on_demand_backup_storage_gb",
        1.0,
        backup,
    );
    let restore = ctx.price("dynamodb.restore", "DynamoDB restores");
    ctx.usage_key(
        "Table data restored",
        "GB",
        "monthly_data_restored_gb",
        1.0,
        restore,
    );
    if bool_field(body, "stream_enabled") == Field::Known(true) {
        let streams = ctx.price("dynamodb.streams_read", "DynamoDB Streams reads");
        ctx.usage_key(
            "Streams read request units (sRRU)",
            "1M sRRUs",
            "monthly_streams_read_request_units",
            1e-6,
            streams,
        );
    }
    for replica in blocks(body, "replica") {
        let region = str_field(&replica.body, "region_name")
            .known()
            .unwrap_or_else(|| "?".into());
        ctx.fixed(
            &format!("Global table replica ({region})"),
            "months",
            Field::Known(1.0),
            Err("price not found: the snapshot has no DynamoDB replicated write prices".into()),
        );
    }
}

/// The instance-hours of a DocumentDB or Neptune cluster instance (`key` is the
/// catalog prefix, `service` the product name), and CPU credits for burstable
/// classes.
fn cluster_instance_hours(ctx: &mut Ctx, key: &str, service: &str) -> Field<String> {
    let class = str_field(ctx.body(), "instance_class");
    let (name, price) = match &class {
        Field::Known(c) => (
            format!("Database instance (on-demand, {c})"),
            ctx.price(
                &format!("{key}.instance.{c}"),
                &format!("{service} {c} instances"),
            ),
        ),
        Field::Unknown(why) => (
            "Database instance".into(),
            Err(format!("instance class unknown: {why}")),
        ),
        Field::Absent => (
            "Database instance".into(),
            Err("instance class unknown".into()),
        ),
    };
    ctx.hourly(&name, Field::Known(1.0), price);
    class
}

/// CPU credits of burstable (db.t3 / db.t4g) cluster instances: usage-based.
fn cluster_instance_credits(ctx: &mut Ctx, class: &Field<String>, key: &str, service: &str) {
    if class
        .clone()
        .known()
        .is_some_and(|c| c.starts_with("db.t3.") || c.starts_with("db.t4g."))
    {
        let credits = ctx.price(
            &format!("{key}.cpu_credits"),
            &format!("{service} CPU credits"),
        );
        ctx.usage_key(
            "CPU credits",
            "vCPU-hours",
            "monthly_cpu_credit_hrs",
            1.0,
            credits,
        );
    }
}

pub(crate) fn docdb_cluster_instance(ctx: &mut Ctx) {
    let class = cluster_instance_hours(ctx, "docdb", "DocumentDB");
    let storage = ctx.price("docdb.storage", "DocumentDB storage");
    ctx.usage_key("Storage", "GB", "data_storage_gb", 1.0, storage);
    let io = ctx.price("docdb.io", "DocumentDB I/O");
    ctx.usage_key(
        "I/O requests",
        "1M requests",
        "monthly_io_requests",
        1e-6,
        io,
    );
    cluster_instance_credits(ctx, &class, "docdb", "DocumentDB");
}

pub(crate) fn docdb_backup(ctx: &mut Ctx) {
    let price = ctx.price("docdb.backup", "DocumentDB backup storage");
    ctx.usage_key("Backup storage", "GB", "backup_storage_gb", 1.0, price);
}

pub(crate) fn neptune_cluster(ctx: &mut Ctx) {
    let storage = ctx.price("neptune.storage", "Neptune storage");
    ctx.usage_key("Storage", "GB", "storage_gb", 1.0, storage);
    let io = ctx.price("neptune.io", "Neptune I/O");
    ctx.usage_key(
        "I/O requests",
        "1M requests",
        "monthly_io_requests",
        1e-6,
        io,
    );
    let backup = ctx.price("neptune.backup", "Neptune backup storage");
    ctx.usage_key("Backup storage", "GB", "backup_storage_gb", 1.0, backup);
}

pub(crate) fn neptune_cluster_instance(ctx: &mut Ctx) {
    let class = cluster_instance_hours(ctx, "neptune", "Neptune");
    cluster_instance_credits(ctx, &class, "neptune", "Neptune");
}

pub(crate) fn neptune_snapshot(ctx: &mut Ctx) {
    let price = ctx.price("neptune.backup", "Neptune backup storage");
    ctx.usage_key("Backup storage", "GB", "backup_storage_gb", 1.0, price);
}

pub(crate) fn redshift_cluster(ctx: &mut Ctx) {
    let body = ctx.body();
    let node_type = str_field(body, "node_type");
    let nodes = num_field(body, "number_of_nodes").or_default(1.0);
    let (name, price) = match &node_type {
        Field::Known(t) => (
            format!("Cluster usage (on-demand, {t})"),
            ctx.price(
                &format!("redshift.node.{t}"),
                &format!("Redshift {t} nodes"),
            ),
        ),
        Field::Unknown(why) => (
            "Cluster usage".into(),
            Err(format!("node type unknown: {why}")),
        ),
        Field::Absent => ("Cluster usage".into(), Err("node type unknown".into())),
    };
    ctx.hourly(&name, nodes.clone(), price);
    if let Field::Known(t) = &node_type {
        if t.starts_with("ra3.") {
            let price = ctx.price("redshift.managed_storage", "Redshift managed storage");
            ctx.usage_key(
                &format!("Managed storage ({t})"),
                "GB",
                "managed_storage_gb",
                1.0,
                price,
            );
        }
        let price = ctx.price(
            &format!("redshift.concurrency.{t}"),
            &format!("Redshift concurrency scaling ({t})"),
        );
        let q = match (ctx.usage_num("excess_concurrency_scaling_secs"), &nodes) {
            (Some(s), Field::Known(n)) => Some(s * n),
            _ => None,
        };
        ctx.usage_based(
            &format!("Concurrency scaling ({t})"),
            "node-seconds",
            q,
            price,
        );
    }
    let spectrum = ctx.price("redshift.spectrum", "Redshift Spectrum");
    ctx.usage_key("Spectrum", "TB", "spectrum_data_scanned_tb", 1.0, spectrum);
    let q = match ctx.usage_num("backup_storage_gb") {
        Some(v) => Field::Known(v),
        None => Field::Absent,
    };
    let tiers = ctx.tiers("redshift.backup", "Redshift backup storage");
    ctx.tiered("Backup storage", "GB", q, tiers, true);
}

pub(crate) fn opensearch_domain(ctx: &mut Ctx) {
    let body = ctx.body();
    let cc = block(body, "cluster_config").map(|b| &b.body);
    let default_type = if ctx.res.rtype == "aws_opensearch_domain" {
        "m4.large.search"
    } else {
        "m4.large.elasticsearch"
    };
    let itype = cc
        .map(|b| str_field(b, "instance_type"))
        .unwrap_or(Field::Absent)
        .or_default(default_type.into());
    let count = cc
        .map(|b| num_field(b, "instance_count"))
        .unwrap_or(Field::Absent)
        .or_default(1.0);
    opensearch_instances(ctx, "Instance", itype, count.clone());
    if let Some(cc) = cc {
        if bool_field(cc, "dedicated_master_enabled") == Field::Known(true) {
            let mtype = str_field(cc, "dedicated_master_type");
            let mcount = num_field(cc, "dedicated_master_count").or_default(3.0);
            opensearch_instances(ctx, "Dedicated master", mtype, mcount);
        }
        if bool_field(cc, "warm_enabled") == Field::Known(true) {
            let wtype = str_field(cc, "warm_type");
            let wcount = num_field(cc, "warm_count");
            opensearch_instances(ctx, "UltraWarm", wtype, wcount);
        }
    }
    if let Some(ebs) = block(body, "ebs_options").map(|b| &b.body) {
        if bool_field(ebs, "ebs_enabled") == Field::Known(false) {
            return;
        }
        let vtype = str_field(ebs, "volume_type").or_default("gp2".into());
        let size = num_field(ebs, "volume_size");
        let total = match (&size, &count) {
            (Field::Known(s), Field::Known(n)) => Field::Known(s * n),
            (Field::Unknown(w), _) | (_, Field::Unknown(w)) => Field::Unknown(w.clone()),
            _ => Field::Unknown("`volume_size` is not set".into()),
        };
        let key = match vtype.clone().known().as_deref() {
            Some("gp2") => Some("opensearch.ebs.gp2"),
            Some("gp3") => Some("opensearch.ebs.gp3"),
            Some("io1") => Some("opensearch.ebs.io1"),
            Some("standard") => Some("opensearch.ebs.standard"),
            _ => None,
        };
        let price = match key {
            Some(k) => ctx.price(k, "OpenSearch EBS storage"),
            None => Err(format!(
                "price not found: OpenSearch storage type {:?}",
                vtype.clone().known()
            )),
        };
        ctx.fixed("Storage", "GB", total, price);
        if vtype == Field::Known("io1".into()) {
            let iops = num_field(ebs, "iops");
            let q = match (iops, &count) {
                (Field::Known(i), Field::Known(n)) => Field::Known(i * n),
                (Field::Unknown(w), _) => Field::Unknown(w),
                _ => Field::Unknown("`iops` is not set".into()),
            };
            let price = ctx.price("opensearch.ebs.io1_iops", "OpenSearch io1 IOPS");
            ctx.fixed("Provisioned IOPS", "IOPS", q, price);
        }
        if vtype == Field::Known("gp3".into()) && num_field(ebs, "throughput").known().is_some() {
            ctx.note("gp3 throughput above the included baseline is not priced (the baseline is not in the snapshot)");
        }
    }
}

fn opensearch_instances(ctx: &mut Ctx, label: &str, itype: Field<String>, count: Field<f64>) {
    let (name, price) = match &itype {
        Field::Known(t) => (
            format!("{label} (on-demand, {t})"),
            ctx.price(
                &format!("opensearch.instance.{t}"),
                &format!("OpenSearch {t} instances"),
            ),
        ),
        Field::Unknown(why) => (
            label.to_string(),
            Err(format!("instance type unknown: {why}")),
        ),
        Field::Absent => (
            label.to_string(),
            Err("instance type unknown: not set".into()),
        ),
    };
    let count = match count {
        Field::Absent => Field::Unknown("count is not set".into()),
        other => other,
    };
    ctx.hourly(&name, count, price);
}

pub(crate) fn dms_replication_instance(ctx: &mut Ctx) {
    let body = ctx.body();
    let class = str_field(body, "replication_instance_class");
    let multi = bool_field(body, "multi_az").known().unwrap_or(false);
    let az = if multi { "multi" } else { "single" };
    let (name, price) = match &class {
        Field::Known(c) => {
            let short = c.strip_prefix("dms.").unwrap_or(c);
            (
                format!(
                    "Instance ({short}, {})",
                    if multi { "Multi-AZ" } else { "Single-AZ" }
                ),
                ctx.price(
                    &format!("dms.instance.{short}.{az}"),
                    &format!("DMS {short} instances"),
                ),
            )
        }
        Field::Unknown(why) => (
            "Instance".into(),
            Err(format!("instance class unknown: {why}")),
        ),
        Field::Absent => ("Instance".into(), Err("instance class unknown".into())),
    };
    ctx.hourly(&name, Field::Known(1.0), price);
    let storage = num_field(body, "allocated_storage").or_default(50.0);
    let price = ctx.price(&format!("dms.storage.gp2.{az}"), "DMS storage");
    ctx.fixed("Storage (general purpose SSD, gp2)", "GB", storage, price);
}

pub(crate) fn msk_cluster(ctx: &mut Ctx) {
    let body = ctx.body();
    let brokers = num_field(body, "number_of_broker_nodes");
    let info = block(body, "broker_node_group_info").map(|b| &b.body);
    let itype = info
        .map(|b| str_field(b, "instance_type"))
        .unwrap_or(Field::Absent);
    let (name, price) = match &itype {
        Field::Known(t) => (
            format!("Instance ({t})"),
            ctx.price(&format!("msk.broker.{t}"), &format!("MSK {t} brokers")),
        ),
        Field::Unknown(why) => (
            "Instance".into(),
            Err(format!("broker type unknown: {why}")),
        ),
        Field::Absent => ("Instance".into(), Err("broker type unknown".into())),
    };
    ctx.hourly(&name, brokers.clone(), price);
    let volume = info.and_then(|b| {
        block(b, "storage_info")
            .and_then(|s| block(&s.body, "ebs_storage_info"))
            .map(|e| num_field(&e.body, "volume_size"))
            .or_else(|| Some(num_field(b, "ebs_volume_size")))
    });
    if let Some(volume) = volume {
        let total = match (volume.or_default(1000.0), &brokers) {
            (Field::Known(v), Field::Known(n)) => Field::Known(v * n),
            (Field::Unknown(w), _) => Field::Unknown(w),
            (_, Field::Unknown(w)) => Field::Unknown(w.clone()),
            _ => Field::Unknown("broker count is not set".into()),
        };
        let price = ctx.price("msk.storage", "MSK storage");
        ctx.fixed("Storage", "GB", total, price);
    }
}

pub(crate) fn kinesis_stream(ctx: &mut Ctx) {
    let body = ctx.body();
    let mode = block(body, "stream_mode_details")
        .map(|b| str_field(&b.body, "stream_mode"))
        .unwrap_or(Field::Absent)
        .or_default("PROVISIONED".into());
    let retention = num_field(body, "retention_period").known().unwrap_or(24.0);
    match mode {
        Field::Known(m) if m == "ON_DEMAND" => {
            let price = ctx.price("kinesis.on_demand.stream", "Kinesis on-demand streams");
            ctx.hourly("Stream (on-demand)", Field::Known(1.0), price);
            for (label, unit, key, price_key) in [
                (
                    "Data ingested",
                    "GB",
                    "monthly_on_demand_data_in_gb",
                    "kinesis.on_demand.data_in",
                ),
                (
                    "Data retrieval",
                    "GB",
                    "monthly_on_demand_data_out_gb",
                    "kinesis.on_demand.data_out",
                ),
                (
                    "Enhanced fan-out data retrieval",
                    "GB",
                    "monthly_on_demand_efo_data_out_gb",
                    "kinesis.on_demand.efo_data",
                ),
            ] {
                let p = ctx.price(price_key, "Kinesis on-demand usage");
                ctx.usage_key(label, unit, key, 1.0, p);
            }
            if retention > 24.0 {
                let p = ctx.price(
                    "kinesis.on_demand.extended_retention",
                    "Kinesis extended retention",
                );
                ctx.usage_key(
                    "Extended retention (24H to 7D)",
                    "GB",
                    "monthly_on_demand_extended_retention_gb",
                    1.0,
                    p,
                );
            }
            if retention > 168.0 {
                let p = ctx.price(
                    "kinesis.on_demand.long_term_retention",
                    "Kinesis long-term retention",
                );
                ctx.usage_key(
                    "Long term retention (7D+)",
                    "GB",
                    "monthly_on_demand_long_term_retention_gb",
                    1.0,
                    p,
                );
            }
        }
        Field::Unknown(why) => {
            ctx.hourly(
                "Stream",
                Field::Known(1.0),
                Err(format!("stream mode unknown: {why}")),
            );
        }
        _ => {
            let shards = num_field(body, "shard_count");
            let shards = match shards {
                Field::Absent => Field::Unknown("`shard_count` is not set".into()),
                other => other,
            };
            let price = ctx.price("kinesis.provisioned.shard", "Kinesis shards");
            ctx.hourly("Shard hours (provisioned)", shards, price);
            let p = ctx.price("kinesis.provisioned.put_units", "Kinesis PUT payload units");
            ctx.usage_key(
                "PUT payload units",
                "1M units",
                "monthly_provisioned_put_units",
                1e-6,
                p,
            );
            if retention > 24.0 {
                let p = ctx.price(
                    "kinesis.provisioned.extended_retention",
                    "Kinesis extended retention",
                );
                ctx.usage_key(
                    "Extended retention (24H to 7D)",
                    "GB",
                    "monthly_provisioned_extended_retention_gb",
                    1.0,
                    p,
                );
            }
            if retention > 168.0 {
                let p = ctx.price(
                    "kinesis.provisioned.long_term_retention",
                    "Kinesis long-term retention",
                );
                ctx.usage_key(
                    "Long term retention (7D+)",
                    "GB",
                    "monthly_provisioned_long_term_retention_gb",
                    1.0,
                    p,
                );
                let p = ctx.price(
                    "kinesis.provisioned.long_term_retrieval",
                    "Kinesis long-term retrieval",
                );
                ctx.usage_key(
                    "Long term retrieval (7D+)",
                    "GB",
                    "monthly_provisioned_long_term_retrieval_gb",
                    1.0,
                    p,
                );
            }
            let p = ctx.price("kinesis.provisioned.efo_data", "Kinesis enhanced fan-out");
            ctx.usage_key(
                "Enhanced fan-out data retrieval",
                "GB",
                "monthly_provisioned_efo_data_out_gb",
                1.0,
                p,
            );
            let p = ctx.price(
                "kinesis.provisioned.efo_consumer",
                "Kinesis enhanced fan-out consumers",
            );
            ctx.usage_key(
                "Enhanced fan-out consumer-shard hours",
                "consumer-shard-hours",
                "monthly_provisioned_efo_consumer_hours",
                1.0,
                p,
            );
        }
    }
}

pub(crate) fn firehose_delivery_stream(ctx: &mut Ctx) {
    let body = ctx.body();
    let ingested = ctx.usage_num("monthly_data_ingested_gb");
    let q = match ingested {
        Some(v) => Field::Known(v),
        None => Field::Absent,
    };
    let tiers = ctx.tiers("firehose.ingest", "Data Firehose ingestion");
    ctx.tiered("Data ingested", "GB", q, tiers, true);
    let converts = blocks(body, "extended_s3_configuration").any(|b| {
        block(&b.body, "data_format_conversion_configuration")
            .is_some_and(|c| bool_field(&c.body, "enabled") != Field::Known(false))
    });
    if converts {
        let p = ctx.price(
            "firehose.format_conversion",
            "Data Firehose format conversion",
        );
        ctx.usage_based("Format conversion", "GB", ingested, p);
    }
    let vpc = body
        .blocks
        .iter()
        .find_map(|b| block(&b.body, "vpc_config"));
    if let Some(vpc) = vpc {
        let azs = len_field(&vpc.body, "subnet_ids").map(|n| n as f64);
        let p = ctx.price("firehose.vpc_az", "Data Firehose VPC delivery");
        ctx.hourly("VPC delivery (per AZ)", azs, p);
        let p = ctx.price("firehose.vpc_data", "Data Firehose VPC data");
        ctx.usage_based("VPC data", "GB", ingested, p);
    }
}

/// DPUs of a Glue job: `max_capacity`, or workers × DPUs per worker type.
fn glue_dpus(ctx: &Ctx) -> Field<f64> {
    let body = ctx.body();
    if let Field::Known(c) = num_field(body, "max_capacity") {
        return Field::Known(c);
    }
    let python_shell = block(body, "command")
        .map(|c| str_field(&c.body, "name"))
        .and_then(Field::known)
        .is_some_and(|n| n == "pythonshell");
    let workers = num_field(body, "number_of_workers");
    let per_worker = match str_field(body, "worker_type").known().as_deref() {
        Some("G.025X") => 0.25,
        Some("G.1X") | Some("Standard") => 1.0,
        Some("G.2X") => 2.0,
        Some("G.4X") => 4.0,
        Some("G.8X") => 8.0,
        _ => 1.0,
    };
    match workers {
        Field::Known(w) => Field::Known(w * per_worker),
        Field::Unknown(why) => Field::Unknown(why),
        Field::Absent if python_shell => Field::Known(0.0625),
        Field::Absent => Field::Known(10.0),
    }
}

pub(crate) fn glue_job(ctx: &mut Ctx) {
    let dpus = glue_dpus(ctx);
    let q = match (ctx.usage_num("monthly_hours"), &dpus) {
        (Some(h), Field::Known(d)) => Some(h * d),
        _ => None,
    };
    let price = ctx.price("glue.dpu", "Glue DPU-hours");
    ctx.usage_based("Duration", "DPU-hours", q, price);
    if let Field::Known(d) = dpus {
        ctx.with_note(format!("{d} DPUs"));
    }
}

pub(crate) fn glue_crawler(ctx: &mut Ctx) {
    let price = ctx.price("glue.dpu", "Glue DPU-hours");
    ctx.usage_key("Duration", "DPU-hours", "monthly_hours", 1.0, price);
}

pub(crate) fn glue_catalog_database(ctx: &mut Ctx) {
    let storage = ctx.price("glue.catalog.storage", "Glue Data Catalog storage");
    ctx.usage_key(
        "Storage (above 1M objects)",
        "100k objects",
        "monthly_objects",
        1e-5,
        storage,
    );
    let requests = ctx.price("glue.catalog.requests", "Glue Data Catalog requests");
    ctx.usage_key(
        "Requests (above 1M)",
        "1M requests",
        "monthly_requests",
        1e-6,
        requests,
    );
}
