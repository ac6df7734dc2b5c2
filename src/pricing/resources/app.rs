//! Serverless and application services: Lambda, EKS and ECS on Fargate, ECR, S3,
//! EFS, SQS, SNS, API Gateway, Step Functions, CloudWatch, EventBridge, KMS,
//! Secrets Manager, SSM, WAF, CloudTrail, Config, CodeBuild, MWAA, Amazon MQ,
//! Transfer Family, Private CA, Directory Service, CloudHSM, Backup and Grafana.
//!
//! Most of these are billed by usage: without a usage file their components show
//! the unit price and stay out of the baseline.

use crate::pricing::catalog::HOURS_PER_MONTH;
use crate::pricing::estimate::{block, blocks, bool_field, num_field, str_field, Ctx, Field};
use crate::terraform::model::Body;

pub(crate) fn lambda_function(ctx: &mut Ctx) {
    let body = ctx.body();
    let memory_mb = match num_field(body, "memory_size") {
        Field::Absent => 128.0,
        Field::Known(m) => m,
        Field::Unknown(why) => {
            ctx.note(format!(
                "memory size unknown ({why}): duration cannot be computed"
            ));
            f64::NAN
        }
    };
    let arch = match body
        .value("architectures")
        .and_then(|v| v.as_list())
        .and_then(|l| l.first())
    {
        Some(v) => v.as_str().unwrap_or("x86_64").to_string(),
        None => "x86_64".to_string(),
    };
    let requests = ctx.usage_num("monthly_requests");
    let duration_ms = ctx.usage_num("request_duration_ms");
    let price = ctx.price("lambda.requests", "Lambda requests");
    ctx.usage_based("Requests", "1M requests", requests.map(|r| r / 1e6), price);
    let gb_seconds = match (requests, duration_ms) {
        (Some(r), Some(d)) if memory_mb.is_finite() => {
            Some(r * (d / 1000.0) * (memory_mb / 1024.0))
        }
        _ => None,
    };
    let key = if arch == "arm64" {
        "lambda.duration.arm64"
    } else {
        "lambda.duration.x86_64"
    };
    let tiers = ctx.tiers(key, &format!("Lambda duration ({arch})"));
    let q = match gb_seconds {
        Some(v) => Field::Known(v),
        None => Field::Absent,
    };
    ctx.tiered(&format!("Duration ({arch})"), "GB-seconds", q, tiers, true);
    if let Some(size) =
        block(body, "ephemeral_storage").and_then(|b| num_field(&b.body, "size").known())
    {
        if size > 512.0 {
            let q = match (requests, duration_ms) {
                (Some(r), Some(d)) => Some(r * (d / 1000.0) * ((size - 512.0) / 1024.0)),
                _ => None,
            };
            let price = ctx.price("lambda.ephemeral_storage", "Lambda ephemeral storage");
            ctx.usage_based("Ephemeral storage (above 512 MB)", "GB-seconds", q, price);
        }
    }
}

pub(crate) fn lambda_provisioned_concurrency(ctx: &mut Ctx) {
    let reason = "price not found: provisioned concurrency prices were left out of the snapshot (the source bounds them too loosely)";
    let q = match (
        num_field(ctx.body(), "provisioned_concurrent_executions").known(),
        ctx.usage_num("memory_mb"),
        ctx.usage_num("monthly_duration_hrs"),
    ) {
        (Some(n), Some(m), Some(h)) => Some(n * (m / 1024.0) * h * 3600.0),
        _ => None,
    };
    ctx.usage_based(
        "Provisioned concurrency",
        "GB-seconds",
        q,
        Err(reason.to_string()),
    );
    let price = ctx.price("lambda.requests", "Lambda requests");
    ctx.usage_key("Requests", "1M requests", "monthly_requests", 1e-6, price);
}

pub(crate) fn eks_cluster(ctx: &mut Ctx) {
    let price = ctx.price("eks.cluster.standard", "EKS clusters");
    ctx.hourly("EKS cluster", Field::Known(1.0), price);
    ctx.with_note("standard support; a Kubernetes version in extended support is billed at the extended-support rate");
}

fn fargate(ctx: &mut Ctx, tasks: Field<f64>, vcpu: Field<f64>, memory_gb: Field<f64>) {
    let mul = |a: &Field<f64>, b: &Field<f64>| match (a, b) {
        (Field::Known(x), Field::Known(y)) => Field::Known(x * y * HOURS_PER_MONTH),
        (Field::Unknown(w), _) | (_, Field::Unknown(w)) => Field::Unknown(w.clone()),
        _ => Field::Absent,
    };
    let cpu_price = ctx.price("fargate.linux_x86.vcpu", "Fargate vCPU");
    ctx.fixed(
        "Per vCPU per hour",
        "vCPU-hours",
        mul(&tasks, &vcpu),
        cpu_price,
    );
    let mem_price = ctx.price("fargate.linux_x86.memory", "Fargate memory");
    ctx.fixed(
        "Per GB per hour",
        "GB-hours",
        mul(&tasks, &memory_gb),
        mem_price,
    );
}

pub(crate) fn eks_fargate_profile(ctx: &mut Ctx) {
    let pods = ctx.usage_num("pods");
    let vcpu = ctx.usage_num("vcpu_per_pod");
    let mem = ctx.usage_num("memory_gb_per_pod");
    let q = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => Some(a * b * HOURS_PER_MONTH),
        _ => None,
    };
    let cpu_price = ctx.price("fargate.linux_x86.vcpu", "Fargate vCPU");
    ctx.usage_based("Per vCPU per hour", "vCPU-hours", q(pods, vcpu), cpu_price);
    let mem_price = ctx.price("fargate.linux_x86.memory", "Fargate memory");
    ctx.usage_based("Per GB per hour", "GB-hours", q(pods, mem), mem_price);
    ctx.note("pods scheduled on the profile depend on the workload: usage keys pods, vcpu_per_pod, memory_gb_per_pod");
}

/// A task definition's CPU (vCPU) and memory (GB), from `cpu` units and MiB.
fn task_size(td: &Body) -> (Field<f64>, Field<f64>) {
    let cpu = match num_field(td, "cpu") {
        Field::Absent => Field::Unknown("the task definition sets no task-level `cpu`".into()),
        other => other.map(|units| units / 1024.0),
    };
    let mem = match num_field(td, "memory") {
        Field::Absent => Field::Unknown("the task definition sets no task-level `memory`".into()),
        other => other.map(|mib| mib / 1024.0),
    };
    (cpu, mem)
}

pub(crate) fn ecs_service(ctx: &mut Ctx) {
    let body = ctx.body();
    let strategies: Vec<String> = blocks(body, "capacity_provider_strategy")
        .filter_map(|b| str_field(&b.body, "capacity_provider").known())
        .collect();
    let launch = str_field(body, "launch_type");
    let fargate_spot = strategies.iter().any(|s| s == "FARGATE_SPOT")
        && !strategies.iter().any(|s| s == "FARGATE");
    let is_fargate = launch == Field::Known("FARGATE".into())
        || strategies.iter().any(|s| s.starts_with("FARGATE"));
    if !is_fargate {
        match launch {
            Field::Unknown(why) => {
                ctx.fixed(
                    "Tasks",
                    "tasks",
                    Field::Known(1.0),
                    Err(format!("launch type unknown: {why}")),
                );
            }
            _ => ctx.set_free("tasks on EC2 or external capacity are billed on those instances"),
        }
        return;
    }
    let tasks = num_field(body, "desired_count").or_default(0.0);
    if tasks == Field::Known(0.0) && num_field(body, "desired_count") == Field::Absent {
        ctx.note("desired_count is not set: 0 tasks (the provider default)");
    }
    let td = body.value("task_definition").and_then(|v| {
        ctx.referenced(v, "aws_ecs_task_definition")
            .into_iter()
            .next()
    });
    let Some(td) = td else {
        ctx.fixed(
            "Per vCPU per hour",
            "vCPU-hours",
            Field::Unknown("the task definition is not in this configuration".into()),
            ctx.price("fargate.linux_x86.vcpu", "Fargate vCPU"),
        );
        ctx.fixed(
            "Per GB per hour",
            "GB-hours",
            Field::Unknown("the task definition is not in this configuration".into()),
            ctx.price("fargate.linux_x86.memory", "Fargate memory"),
        );
        return;
    };
    let platform = block(&td.body, "runtime_platform");
    let arm = platform
        .is_some_and(|p| str_field(&p.body, "cpu_architecture") == Field::Known("ARM64".into()));
    let windows = platform.is_some_and(|p| {
        str_field(&p.body, "operating_system_family")
            .known()
            .is_some_and(|f| f.starts_with("WINDOWS"))
    });
    let reason = if fargate_spot {
        Some("the snapshot has no Fargate Spot prices")
    } else if arm {
        Some("the snapshot has Fargate Linux/x86 prices only (the task runs on ARM64)")
    } else if windows {
        Some("the snapshot has Fargate Linux/x86 prices only (the task runs on Windows)")
    } else {
        None
    };
    let (vcpu, mem) = task_size(&td.body);
    if let Some(reason) = reason {
        let r = format!("price not found: {reason}");
        ctx.fixed(
            "Per vCPU per hour",
            "vCPU-hours",
            Field::Absent,
            Err(r.clone()),
        );
        ctx.fixed("Per GB per hour", "GB-hours", Field::Absent, Err(r));
        return;
    }
    fargate(ctx, tasks, vcpu, mem);
    if block(&td.body, "ephemeral_storage")
        .and_then(|e| num_field(&e.body, "size_in_gib").known())
        .is_some_and(|g| g > 20.0)
    {
        ctx.note("ephemeral storage above the included 20 GB is not priced (not in the snapshot)");
    }
}

pub(crate) fn ecr_repository(ctx: &mut Ctx) {
    let price = ctx.price("ecr.storage", "ECR storage");
    ctx.usage_key("Storage", "GB", "storage_gb", 1.0, price);
}

/// (usage group, storage class label, [(usage key, component, unit, price key, scale)])
type S3Class = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str, &'static str, &'static str, f64)],
);

const S3_CLASSES: &[S3Class] = &[
    (
        "standard",
        "Standard",
        &[
            ("storage_gb", "Storage", "GB", "s3.standard.storage", 1.0),
            (
                "monthly_tier_1_requests",
                "PUT, COPY, POST, LIST requests",
                "1k requests",
                "s3.standard.tier1",
                1e-3,
            ),
            (
                "monthly_tier_2_requests",
                "GET, SELECT, and all other requests",
                "1k requests",
                "s3.standard.tier2",
                1e-3,
            ),
            (
                "monthly_select_data_scanned_gb",
                "Select data scanned",
                "GB",
                "s3.standard.select_scanned",
                1.0,
            ),
            (
                "monthly_select_data_returned_gb",
                "Select data returned",
                "GB",
                "s3.standard.select_returned",
                1.0,
            ),
        ],
    ),
    (
        "intelligent_tiering",
        "Intelligent-Tiering",
        &[
            (
                "frequent_access_storage_gb",
                "Storage (frequent access)",
                "GB",
                "s3.it.frequent",
                1.0,
            ),
            (
                "infrequent_access_storage_gb",
                "Storage (infrequent access)",
                "GB",
                "s3.it.infrequent",
                1.0,
            ),
            (
                "archive_access_storage_gb",
                "Storage (archive access)",
                "GB",
                "s3.it.archive",
                1.0,
            ),
            (
                "deep_archive_access_storage_gb",
                "Storage (deep archive access)",
                "GB",
                "s3.it.deep_archive",
                1.0,
            ),
            (
                "monitored_objects",
                "Monitoring and automation",
                "1k objects",
                "s3.it.monitoring",
                1e-3,
            ),
            (
                "monthly_tier_1_requests",
                "PUT, COPY, POST, LIST requests",
                "1k requests",
                "s3.it.tier1",
                1e-3,
            ),
            (
                "monthly_tier_2_requests",
                "GET, SELECT, and all other requests",
                "1k requests",
                "s3.it.tier2",
                1e-3,
            ),
            (
                "monthly_lifecycle_transition_requests",
                "Lifecycle transition",
                "1k requests",
                "s3.it.lifecycle",
                1e-3,
            ),
            (
                "monthly_select_data_scanned_gb",
                "Select data scanned",
                "GB",
                "s3.it.select_scanned",
                1.0,
            ),
            (
                "monthly_select_data_returned_gb",
                "Select data returned",
                "GB",
                "s3.it.select_returned",
                1.0,
            ),
            (
                "early_delete_gb",
                "Early delete",
                "GB",
                "s3.it.early_delete",
                1.0,
            ),
        ],
    ),
    (
        "standard_infrequent_access",
        "Standard-IA",
        &[
            ("storage_gb", "Storage", "GB", "s3.sia.storage", 1.0),
            (
                "monthly_tier_1_requests",
                "PUT, COPY, POST, LIST requests",
                "1k requests",
                "s3.sia.tier1",
                1e-3,
            ),
            (
                "monthly_tier_2_requests",
                "GET, SELECT, and all other requests",
                "1k requests",
                "s3.sia.tier2",
                1e-3,
            ),
            (
                "monthly_lifecycle_transition_requests",
                "Lifecycle transition",
                "1k requests",
                "s3.sia.lifecycle",
                1e-3,
            ),
            (
                "monthly_data_retrieval_gb",
                "Retrievals",
                "GB",
                "s3.sia.retrieval",
                1.0,
            ),
            (
                "monthly_select_data_scanned_gb",
                "Select data scanned",
                "GB",
                "s3.sia.select_scanned",
                1.0,
            ),
            (
                "monthly_select_data_returned_gb",
                "Select data returned",
                "GB",
                "s3.sia.select_returned",
                1.0,
            ),
        ],
    ),
    (
        "one_zone_infrequent_access",
        "One Zone-IA",
        &[
            ("storage_gb", "Storage", "GB", "s3.ozia.storage", 1.0),
            (
                "monthly_tier_1_requests",
                "PUT, COPY, POST, LIST requests",
                "1k requests",
                "s3.ozia.tier1",
                1e-3,
            ),
            (
                "monthly_tier_2_requests",
                "GET, SELECT, and all other requests",
                "1k requests",
                "s3.ozia.tier2",
                1e-3,
            ),
            (
                "monthly_lifecycle_transition_requests",
                "Lifecycle transition",
                "1k requests",
                "s3.ozia.lifecycle",
                1e-3,
            ),
            (
                "monthly_data_retrieval_gb",
                "Retrievals",
                "GB",
                "s3.ozia.retrieval",
                1.0,
            ),
            (
                "monthly_select_data_scanned_gb",
                "Select data scanned",
                "GB",
                "s3.ozia.select_scanned",
                1.0,
            ),
            (
                "monthly_select_data_returned_gb",
                "Select data returned",
                "GB",
                "s3.ozia.select_returned",
                1.0,
            ),
        ],
    ),
    (
        "glacier_flexible_retrieval",
        "Glacier Flexible Retrieval",
        &[
            ("storage_gb", "Storage", "GB", "s3.gfr.storage", 1.0),
            (
                "monthly_tier_1_requests",
                "PUT, COPY, POST, LIST requests",
                "1k requests",
                "s3.gfr.tier1",
                1e-3,
            ),
            (
                "monthly_tier_2_requests",
                "GET, SELECT, and all other requests",
                "1k requests",
                "s3.gfr.tier2",
                1e-3,
            ),
            (
                "monthly_lifecycle_transition_requests",
                "Lifecycle transition",
                "1k requests",
                "s3.gfr.lifecycle",
                1e-3,
            ),
            (
                "monthly_standard_data_retrieval_requests",
                "Retrieval requests (standard)",
                "1k requests",
                "s3.gfr.retrieval_requests.standard",
                1e-3,
            ),
            (
                "monthly_expedited_data_retrieval_requests",
                "Retrieval requests (expedited)",
                "1k requests",
                "s3.gfr.retrieval_requests.expedited",
                1e-3,
            ),
            (
                "monthly_standard_data_retrieval_gb",
                "Retrievals (standard)",
                "GB",
                "s3.gfr.retrieval.standard",
                1.0,
            ),
            (
                "monthly_expedited_data_retrieval_gb",
                "Retrievals (expedited)",
                "GB",
                "s3.gfr.retrieval.expedited",
                1.0,
            ),
            (
                "monthly_standard_select_data_scanned_gb",
                "Select data scanned (standard)",
                "GB",
                "s3.gfr.select_scanned.standard",
                1.0,
            ),
            (
                "monthly_standard_select_data_returned_gb",
                "Select data returned (standard)",
                "GB",
                "s3.gfr.select_returned.standard",
                1.0,
            ),
            (
                "monthly_bulk_select_data_scanned_gb",
                "Select data scanned (bulk)",
                "GB",
                "s3.gfr.select_scanned.bulk",
                1.0,
            ),
            (
                "monthly_bulk_select_data_returned_gb",
                "Select data returned (bulk)",
                "GB",
                "s3.gfr.select_returned.bulk",
                1.0,
            ),
            (
                "monthly_expedited_select_data_scanned_gb",
                "Select data scanned (expedited)",
                "GB",
                "s3.gfr.select_scanned.expedited",
                1.0,
            ),
            (
                "monthly_expedited_select_data_returned_gb",
                "Select data returned (expedited)",
                "GB",
                "s3.gfr.select_returned.expedited",
                1.0,
            ),
            (
                "early_delete_gb",
                "Early delete",
                "GB",
                "s3.gfr.early_delete",
                1.0,
            ),
        ],
    ),
    (
        "glacier_deep_archive",
        "Glacier Deep Archive",
        &[
            ("storage_gb", "Storage", "GB", "s3.gda.storage", 1.0),
            (
                "monthly_tier_1_requests",
                "PUT, COPY, POST, LIST requests",
                "1k requests",
                "s3.gda.tier1",
                1e-3,
            ),
            (
                "monthly_tier_2_requests",
                "GET, SELECT, and all other requests",
                "1k requests",
                "s3.gda.tier2",
                1e-3,
            ),
            (
                "monthly_lifecycle_transition_requests",
                "Lifecycle transition",
                "1k requests",
                "s3.gda.lifecycle",
                1e-3,
            ),
            (
                "monthly_standard_data_retrieval_requests",
                "Retrieval requests (standard)",
                "1k requests",
                "s3.gda.retrieval_requests.standard",
                1e-3,
            ),
            (
                "monthly_bulk_data_retrieval_requests",
                "Retrieval requests (bulk)",
                "1k requests",
                "s3.gda.retrieval_requests.bulk",
                1e-3,
            ),
            (
                "monthly_standard_data_retrieval_gb",
                "Retrievals (standard)",
                "GB",
                "s3.gda.retrieval.standard",
                1.0,
            ),
            (
                "monthly_bulk_data_retrieval_gb",
                "Retrievals (bulk)",
                "GB",
                "s3.gda.retrieval.bulk",
                1.0,
            ),
            (
                "early_delete_gb",
                "Early delete",
                "GB",
                "s3.gda.early_delete",
                1.0,
            ),
        ],
    ),
];

pub(crate) fn s3_bucket(ctx: &mut Ctx) {
    // Flat chkmate keys are the Standard class.
    let flat = [
        ("storage_gb", "standard.storage_gb"),
        (
            "monthly_tier_1_requests",
            "standard.monthly_tier_1_requests",
        ),
        (
            "monthly_tier_2_requests",
            "standard.monthly_tier_2_requests",
        ),
    ];
    let any_class = S3_CLASSES.iter().any(|(g, _, _)| ctx.usage.has_group(g));
    for (group, label, items) in S3_CLASSES {
        let given = ctx.usage.has_group(group);
        let standard = *group == "standard";
        // Standard is listed without usage (its unit prices), or when flat keys give it.
        let standard_shown =
            standard && (!any_class || flat.iter().any(|(f, _)| ctx.usage_num(f).is_some()));
        if !given && !standard_shown {
            continue;
        }
        for (key, name, unit, price_key, scale) in *items {
            let full = format!("{group}.{key}");
            let mut value = ctx.usage_num(&full);
            if standard && value.is_none() {
                value = flat
                    .iter()
                    .find(|(_, f)| *f == full)
                    .and_then(|(k, _)| ctx.usage_num(k));
            }
            // Without usage, list the Standard storage and request prices only.
            let default_row = standard
                && !given
                && matches!(
                    *key,
                    "storage_gb" | "monthly_tier_1_requests" | "monthly_tier_2_requests"
                );
            if value.is_none() && !default_row {
                continue;
            }
            let price = ctx.price(price_key, &format!("S3 {label} {}", name.to_lowercase()));
            ctx.usage_based(
                &format!("{label} > {name}"),
                unit,
                value.map(|v| v * scale),
                price,
            );
        }
    }
    if ctx.usage_num("object_tags").is_some() {
        let price = ctx.price("s3.object_tags", "S3 object tags");
        ctx.usage_key("Object tagging", "10k tags", "object_tags", 1e-4, price);
    }
}

pub(crate) fn s3_analytics(ctx: &mut Ctx) {
    let price = ctx.price("s3.analytics.objects", "S3 Storage Class Analysis");
    ctx.usage_key(
        "Objects monitored",
        "1M objects",
        "monthly_monitored_objects",
        1e-6,
        price,
    );
}

pub(crate) fn s3_inventory(ctx: &mut Ctx) {
    let price = ctx.price("s3.inventory.objects", "S3 Inventory");
    ctx.usage_key(
        "Objects listed",
        "1M objects",
        "monthly_listed_objects",
        1e-6,
        price,
    );
}

pub(crate) fn efs_file_system(ctx: &mut Ctx) {
    let body = ctx.body();
    let one_zone = body
        .value("availability_zone_name")
        .is_some_and(|v| !v.is_null());
    let (class, key, ia_key) = if one_zone {
        (
            "one zone",
            "efs.storage.one_zone",
            "efs.storage.one_zone_ia",
        )
    } else {
        (
            "standard",
            "efs.storage.standard",
            "efs.storage.standard_ia",
        )
    };
    let price = ctx.price(key, "EFS storage");
    ctx.usage_key(
        &format!("Storage ({class})"),
        "GB",
        "storage_gb",
        1.0,
        price,
    );
    let has_ia =
        blocks(body, "lifecycle_policy").any(|b| b.body.value("transition_to_ia").is_some());
    if has_ia || ctx.usage_num("infrequent_access_storage_gb").is_some() {
        let price = ctx.price(ia_key, "EFS infrequent access storage");
        ctx.usage_key(
            &format!("Storage ({class}, infrequent access)"),
            "GB",
            "infrequent_access_storage_gb",
            1.0,
            price,
        );
        let read = ctx.price("efs.ia.read", "EFS infrequent access reads");
        ctx.usage_key(
            "Read requests (infrequent access)",
            "GB",
            "monthly_infrequent_access_read_gb",
            1.0,
            read,
        );
        let write = ctx.price("efs.ia.write", "EFS infrequent access writes");
        ctx.usage_key(
            "Write requests (infrequent access)",
            "GB",
            "monthly_infrequent_access_write_gb",
            1.0,
            write,
        );
    }
    if str_field(body, "throughput_mode") == Field::Known("provisioned".into()) {
        let mibps = match num_field(body, "provisioned_throughput_in_mibps") {
            Field::Absent => Field::Unknown("`provisioned_throughput_in_mibps` is not set".into()),
            other => other,
        };
        let price = ctx.price("efs.provisioned_throughput", "EFS provisioned throughput");
        ctx.fixed("Provisioned throughput", "MiBps", mibps, price);
        ctx.with_note("billed in full; AWS deducts the throughput included with the stored data");
    }
}

/// Billable requests: each `chunk_kb` of a request counts as one request.
fn chunked(requests: Option<f64>, size_kb: Option<f64>, chunk_kb: f64) -> Option<f64> {
    requests.map(|r| {
        r * size_kb
            .map(|s| (s / chunk_kb).ceil().max(1.0))
            .unwrap_or(1.0)
    })
}

pub(crate) fn sqs_queue(ctx: &mut Ctx) {
    let fifo = bool_field(ctx.body(), "fifo_queue") == Field::Known(true);
    let (key, label) = if fifo {
        ("sqs.requests.fifo", "FIFO")
    } else {
        ("sqs.requests.standard", "standard")
    };
    let q = chunked(
        ctx.usage_num("monthly_requests"),
        ctx.usage_num("request_size_kb"),
        64.0,
    )
    .map(|r| r / 1e6);
    let price = ctx.price(key, &format!("SQS {label} requests"));
    ctx.usage_based("Requests", "1M requests", q, price);
}

pub(crate) fn sns_topic(ctx: &mut Ctx) {
    let fifo = bool_field(ctx.body(), "fifo_topic") == Field::Known(true);
    let requests = ctx.usage_num("monthly_requests");
    let size = ctx.usage_num("request_size_kb");
    if fifo {
        let price = ctx.price("sns.fifo.publish", "SNS FIFO publish requests");
        ctx.usage_based(
            "FIFO publish API requests",
            "1M requests",
            requests.map(|r| r / 1e6),
            price,
        );
        let payload = match (requests, size) {
            (Some(r), Some(s)) => Some(r * s / (1024.0 * 1024.0)),
            _ => None,
        };
        let price = ctx.price("sns.fifo.publish_payload", "SNS FIFO payload");
        ctx.usage_based("FIFO publish API payload", "GB", payload, price);
        return;
    }
    let price = ctx.price("sns.requests", "SNS API requests");
    ctx.usage_based(
        "API requests",
        "1M requests",
        chunked(requests, size, 64.0).map(|r| r / 1e6),
        price,
    );
    ctx.with_note("the first 1M requests a month are free per account; not deducted");
    for (key, label, unit, price_key, scale) in [
        (
            "http_subscriptions",
            "HTTP/HTTPS notifications",
            "100k notifications",
            "sns.delivery.http",
            1e-5,
        ),
        (
            "email_subscriptions",
            "Email/Email-JSON notifications",
            "100k notifications",
            "sns.delivery.email",
            1e-5,
        ),
        (
            "kinesis_subscriptions",
            "Kinesis Firehose notifications",
            "1M notifications",
            "sns.delivery.firehose",
            1e-6,
        ),
        (
            "mobile_push_subscriptions",
            "Mobile push notifications",
            "1M notifications",
            "sns.delivery.mobile",
            1e-6,
        ),
        (
            "macos_subscriptions",
            "MacOS notifications",
            "1M notifications",
            "sns.delivery.macos",
            1e-6,
        ),
    ] {
        if let Some(n) = ctx.usage_num(key) {
            let price = ctx.price(price_key, &format!("SNS {label}"));
            ctx.usage_based(label, unit, requests.map(|r| r * n * scale), price);
        }
    }
    if ctx.usage_num("sms_subscriptions").is_some() {
        ctx.usage_based(
            "SMS notifications",
            "notifications",
            None,
            Err("price not found: SMS prices depend on the destination country and are not in the snapshot".into()),
        );
    }
}

pub(crate) fn sns_topic_subscription(ctx: &mut Ctx) {
    let protocol = str_field(ctx.body(), "protocol");
    let requests = chunked(
        ctx.usage_num("monthly_requests"),
        ctx.usage_num("request_size_kb"),
        64.0,
    );
    let (label, unit, key, scale) = match protocol.known().as_deref() {
        Some("http") | Some("https") => (
            "HTTP notifications",
            "100k notifications",
            "sns.delivery.http",
            1e-5,
        ),
        Some("email") | Some("email-json") => (
            "Email notifications",
            "100k notifications",
            "sns.delivery.email",
            1e-5,
        ),
        Some("firehose") => (
            "Kinesis Firehose notifications",
            "1M notifications",
            "sns.delivery.firehose",
            1e-6,
        ),
        Some("application") => (
            "Mobile push notifications",
            "1M notifications",
            "sns.delivery.mobile",
            1e-6,
        ),
        Some("sqs") | Some("lambda") => {
            ctx.set_free("deliveries to SQS and Lambda are free");
            return;
        }
        Some("sms") => {
            ctx.usage_based(
                "SMS notifications",
                "notifications",
                None,
                Err("price not found: SMS prices depend on the destination country and are not in the snapshot".into()),
            );
            return;
        }
        Some(other) => {
            ctx.usage_based(
                "Notifications",
                "notifications",
                None,
                Err(format!(
                    "price not found: no delivery price for protocol `{other}`"
                )),
            );
            return;
        }
        None => {
            ctx.usage_based(
                "Notifications",
                "notifications",
                None,
                Err("protocol unknown".into()),
            );
            return;
        }
    };
    let price = ctx.price(key, &format!("SNS {label}"));
    ctx.usage_based(label, unit, requests.map(|r| r * scale), price);
}

pub(crate) fn api_gateway_rest_api(ctx: &mut Ctx) {
    let q = match ctx.usage_num("monthly_requests") {
        Some(r) => Field::Known(r / 1e6),
        None => Field::Absent,
    };
    let tiers = ctx.tiers("apigw.rest.requests", "API Gateway REST requests");
    ctx.tiered("Requests", "1M requests", q, tiers, true);
}

pub(crate) fn api_gateway_stage(ctx: &mut Ctx) {
    let body = ctx.body();
    if bool_field(body, "cache_cluster_enabled") != Field::Known(true) {
        ctx.set_free(
            "stages without a cache cluster are free (requests are billed on the REST API)",
        );
        return;
    }
    let size = str_field(body, "cache_cluster_size").or_default("0.5".into());
    let (name, price) = match &size {
        Field::Known(s) => (
            format!("Cache memory ({s} GB)"),
            ctx.price(
                &format!("apigw.cache.{s}"),
                &format!("API Gateway {s} GB caches"),
            ),
        ),
        Field::Unknown(why) => (
            "Cache memory".into(),
            Err(format!("cache size unknown: {why}")),
        ),
        Field::Absent => ("Cache memory".into(), Err("cache size unknown".into())),
    };
    ctx.hourly(&name, Field::Known(1.0), price);
}

pub(crate) fn apigatewayv2_api(ctx: &mut Ctx) {
    let protocol = str_field(ctx.body(), "protocol_type");
    match protocol.known().as_deref() {
        Some("WEBSOCKET") => {
            let q = chunked(
                ctx.usage_num("monthly_messages"),
                ctx.usage_num("message_size_kb"),
                32.0,
            );
            let q = match q {
                Some(m) => Field::Known(m / 1e6),
                None => Field::Absent,
            };
            let tiers = ctx.tiers("apigw.websocket.messages", "API Gateway WebSocket messages");
            ctx.tiered("Messages", "1M messages", q, tiers, true);
            let price = ctx.price(
                "apigw.websocket.minutes",
                "API Gateway WebSocket connection minutes",
            );
            ctx.usage_key(
                "Connection duration",
                "1M minutes",
                "monthly_connection_mins",
                1e-6,
                price,
            );
        }
        _ => {
            let q = chunked(
                ctx.usage_num("monthly_requests"),
                ctx.usage_num("request_size_kb"),
                512.0,
            );
            let q = match q {
                Some(r) => Field::Known(r / 1e6),
                None => Field::Absent,
            };
            let tiers = ctx.tiers("apigw.http.requests", "API Gateway HTTP API requests");
            ctx.tiered("Requests", "1M requests", q, tiers, true);
        }
    }
}

pub(crate) fn sfn_state_machine(ctx: &mut Ctx) {
    let express = str_field(ctx.body(), "type") == Field::Known("EXPRESS".into());
    if !express {
        let price = ctx.price(
            "sfn.standard.transitions",
            "Step Functions state transitions",
        );
        ctx.usage_key(
            "Transitions",
            "1k transitions",
            "monthly_transitions",
            1e-3,
            price,
        );
        return;
    }
    let requests = ctx.usage_num("monthly_requests");
    let price = ctx.price("sfn.express.requests", "Step Functions Express requests");
    ctx.usage_based("Requests", "1M requests", requests.map(|r| r / 1e6), price);
    let gb_hours = match (
        requests,
        ctx.usage_num("workflow_duration_ms"),
        ctx.usage_num("memory_mb"),
    ) {
        (Some(r), Some(d), Some(m)) => Field::Known(r * (d / 1000.0 / 3600.0) * (m / 1024.0)),
        _ => Field::Absent,
    };
    let tiers = ctx.tiers("sfn.express.duration", "Step Functions Express duration");
    ctx.tiered("Duration", "GB-hours", gb_hours, tiers, true);
}

pub(crate) fn cloudwatch_log_group(ctx: &mut Ctx) {
    if str_field(ctx.body(), "log_group_class") == Field::Known("INFREQUENT_ACCESS".into()) {
        ctx.usage_based(
            "Data ingested (infrequent access)",
            "GB",
            ctx.usage_num("monthly_data_ingested_gb"),
            Err("price not found: the snapshot has Standard log class prices only".into()),
        );
    } else {
        let price = ctx.price("cloudwatch.logs.ingest", "CloudWatch Logs ingestion");
        ctx.usage_key(
            "Data ingested",
            "GB",
            "monthly_data_ingested_gb",
            1.0,
            price,
        );
    }
    let price = ctx.price("cloudwatch.logs.storage", "CloudWatch Logs storage");
    ctx.usage_key("Archival storage", "GB", "storage_gb", 1.0, price);
    let price = ctx.price("cloudwatch.logs.insights", "CloudWatch Logs Insights");
    ctx.usage_key(
        "Insights queries data scanned",
        "GB",
        "monthly_data_scanned_gb",
        1.0,
        price,
    );
}

pub(crate) fn cloudwatch_metric_alarm(ctx: &mut Ctx) {
    let body = ctx.body();
    let queries: Vec<_> = blocks(body, "metric_query").collect();
    let anomaly = queries.iter().any(|q| {
        str_field(&q.body, "expression")
            .known()
            .is_some_and(|e| e.contains("ANOMALY_DETECTION_BAND"))
    });
    let metrics = if queries.iter().any(|q| q.expansion_unknown) {
        Field::Unknown("the number of `metric_query` blocks is known only after apply".into())
    } else {
        let with_metric = queries
            .iter()
            .filter(|q| block(&q.body, "metric").is_some())
            .count();
        Field::Known(with_metric.max(1) as f64)
    };
    let high_res = match num_field(body, "period") {
        Field::Known(p) => p < 60.0,
        _ => queries
            .iter()
            .filter_map(|q| block(&q.body, "metric"))
            .any(|m| {
                num_field(&m.body, "period")
                    .known()
                    .is_some_and(|p| p < 60.0)
            }),
    };
    let (label, key) = if high_res {
        ("High resolution", "cloudwatch.alarm.high_resolution")
    } else {
        ("Standard resolution", "cloudwatch.alarm.standard")
    };
    let price = ctx.price(key, "CloudWatch alarms");
    if anomaly {
        ctx.fixed(
            &format!("{label} anomaly detection"),
            "alarm metrics",
            metrics.map(|m| m * 3.0),
            price,
        );
        ctx.with_note("an anomaly detection alarm is billed as 3 metrics (the metric and the two band bounds)");
    } else {
        ctx.fixed(label, "alarm metrics", metrics, price);
    }
}

pub(crate) fn cloudwatch_dashboard(ctx: &mut Ctx) {
    let price = ctx.price("cloudwatch.dashboard", "CloudWatch dashboards");
    ctx.fixed("Dashboard", "months", Field::Known(1.0), price);
    ctx.with_note("the first 3 dashboards of an account are free; not deducted");
}

pub(crate) fn cloudwatch_event_bus(ctx: &mut Ctx) {
    for (key, name, unit, price_key, scale) in [
        (
            "monthly_custom_events",
            "Custom events published",
            "1M events",
            "events.custom",
            1e-6,
        ),
        (
            "monthly_third_party_events",
            "Third-party events published",
            "1M events",
            "events.third_party",
            1e-6,
        ),
        (
            "monthly_archive_processing_gb",
            "Archive processing",
            "GB",
            "events.archive_processing",
            1.0,
        ),
        (
            "archive_storage_gb",
            "Archive storage",
            "GB",
            "events.archive_storage",
            1.0,
        ),
        (
            "monthly_schema_discovery_events",
            "Schema discovery",
            "1M events",
            "events.schema_discovery",
            1e-6,
        ),
    ] {
        let price = ctx.price(price_key, &format!("EventBridge {}", name.to_lowercase()));
        ctx.usage_key(name, unit, key, scale, price);
    }
}

pub(crate) fn kms_key(ctx: &mut Ctx) {
    let body = ctx.body();
    let price = ctx.price("kms.key", "KMS keys");
    ctx.fixed("Customer managed key", "months", Field::Known(1.0), price);
    let spec = match str_field(body, "customer_master_key_spec") {
        Field::Absent => str_field(body, "key_spec"),
        other => other,
    }
    .or_default("SYMMETRIC_DEFAULT".into());
    let (label, key) = match spec.known().as_deref() {
        Some("SYMMETRIC_DEFAULT")
        | Some("HMAC_224")
        | Some("HMAC_256")
        | Some("HMAC_384")
        | Some("HMAC_512") => ("Requests", "kms.requests.symmetric"),
        Some("RSA_2048") => ("Requests (RSA 2048)", "kms.requests.rsa2048"),
        Some(_) => ("Requests (asymmetric)", "kms.requests.asymmetric"),
        None => ("Requests", "kms.requests.symmetric"),
    };
    let price = ctx.price(key, "KMS requests");
    ctx.usage_key(label, "10k requests", "monthly_requests", 1e-4, price);
}

pub(crate) fn secretsmanager_secret(ctx: &mut Ctx) {
    let replicas = blocks(ctx.body(), "replica").count() as f64;
    let price = ctx.price("secretsmanager.secret", "Secrets Manager secrets");
    ctx.fixed("Secret", "months", Field::Known(1.0 + replicas), price);
    if replicas > 0.0 {
        ctx.with_note("each replica is billed as a secret");
    }
    let price = ctx.price("secretsmanager.requests", "Secrets Manager API requests");
    ctx.usage_key(
        "API requests",
        "10k requests",
        "monthly_requests",
        1e-4,
        price,
    );
}

pub(crate) fn ssm_parameter(ctx: &mut Ctx) {
    let tier = str_field(ctx.body(), "tier").or_default("Standard".into());
    let throughput = ctx
        .usage
        .text("api_throughput_limit")
        .unwrap_or("standard")
        .to_ascii_lowercase();
    let advanced = tier == Field::Known("Advanced".into());
    if advanced {
        let hrs = ctx
            .usage_num("parameter_storage_hrs")
            .unwrap_or(HOURS_PER_MONTH);
        ctx.fixed(
            "Parameter storage (advanced)",
            "parameter-hours",
            Field::Known(hrs),
            Err("price not found: the source bounds the advanced parameter storage price too loosely to use".into()),
        );
    }
    if advanced || throughput == "advanced" || throughput == "higher" {
        let price = ctx.price("ssm.api.advanced", "SSM higher-throughput API interactions");
        ctx.usage_key(
            "API interactions (higher throughput)",
            "10k interactions",
            "monthly_api_interactions",
            1e-4,
            price,
        );
    }
    if !advanced && throughput == "standard" {
        ctx.set_free("standard parameters with standard throughput are free");
    }
}

fn waf_common(ctx: &mut Ctx, prefix: &str, rules: f64, groups: f64, managed: Option<f64>) {
    let price = ctx.price(&format!("{prefix}.web_acl"), "WAF web ACLs");
    ctx.fixed("Web ACL usage", "months", Field::Known(1.0), price);
    let extra = ctx.usage_num("rule_group_rules").unwrap_or(0.0)
        + ctx.usage_num("managed_rule_group_rules").unwrap_or(0.0);
    let price = ctx.price(&format!("{prefix}.rule"), "WAF rules");
    ctx.fixed("Rules", "rules", Field::Known(rules + extra), price);
    if extra > 0.0 {
        ctx.with_note("includes rule group rules from usage");
    }
    if groups > 0.0 {
        let price = ctx.price(&format!("{prefix}.rule_group"), "WAF rule groups");
        ctx.fixed("Rule groups", "groups", Field::Known(groups), price);
    }
    if let Some(m) = managed.filter(|m| *m > 0.0) {
        let price = ctx.price(
            &format!("{prefix}.managed_rule_group"),
            "WAF managed rule groups",
        );
        ctx.fixed("Managed rule groups", "groups", Field::Known(m), price);
        ctx.with_note("AWS Marketplace rule group subscriptions are not included");
    }
    let price = ctx.price(&format!("{prefix}.requests"), "WAF requests");
    ctx.usage_key("Requests", "1M requests", "monthly_requests", 1e-6, price);
}

pub(crate) fn waf_web_acl(ctx: &mut Ctx) {
    let mut rules = 0.0;
    let mut groups = 0.0;
    for r in blocks(ctx.body(), "rules") {
        if str_field(&r.body, "type") == Field::Known("GROUP".into()) {
            groups += 1.0;
        } else {
            rules += 1.0;
        }
    }
    waf_common(ctx, "waf", rules, groups, None);
}

pub(crate) fn wafv2_web_acl(ctx: &mut Ctx) {
    let mut rules = 0.0;
    let mut groups = 0.0;
    let mut managed = 0.0;
    for r in blocks(ctx.body(), "rule") {
        let statement = block(&r.body, "statement");
        if statement.is_some_and(|s| block(&s.body, "managed_rule_group_statement").is_some()) {
            managed += 1.0;
        } else if statement
            .is_some_and(|s| block(&s.body, "rule_group_reference_statement").is_some())
        {
            groups += 1.0;
        } else {
            rules += 1.0;
        }
    }
    waf_common(ctx, "wafv2", rules, groups, Some(managed));
}

pub(crate) fn cloudtrail(ctx: &mut Ctx) {
    let price = ctx.price("cloudtrail.management", "CloudTrail management events");
    ctx.usage_key(
        "Management events (additional copies)",
        "100k events",
        "monthly_additional_management_events",
        1e-5,
        price,
    );
    ctx.with_note("the first copy of management events in a region is free");
    let price = ctx.price("cloudtrail.data", "CloudTrail data events");
    ctx.usage_key(
        "Data events",
        "100k events",
        "monthly_data_events",
        1e-5,
        price,
    );
    if blocks(ctx.body(), "insight_selector").next().is_some() {
        let price = ctx.price("cloudtrail.insight", "CloudTrail Insights events");
        ctx.usage_key(
            "Insight events",
            "100k events",
            "monthly_insight_events",
            1e-5,
            price,
        );
    }
}

pub(crate) fn config_rule(ctx: &mut Ctx) {
    let q = match ctx.usage_num("monthly_rule_evaluations") {
        Some(n) => Field::Known(n),
        None => Field::Absent,
    };
    let tiers = ctx.tiers("config.rule_evaluations", "AWS Config rule evaluations");
    ctx.tiered("Rule evaluations", "evaluations", q, tiers, true);
}

pub(crate) fn config_recorder(ctx: &mut Ctx) {
    let price = ctx.price("config.items", "AWS Config items");
    ctx.usage_key(
        "Config items",
        "records",
        "monthly_config_items",
        1.0,
        price,
    );
    let price = ctx.price("config.custom_items", "AWS Config custom items");
    ctx.usage_key(
        "Custom config items",
        "records",
        "monthly_custom_config_items",
        1.0,
        price,
    );
}

pub(crate) fn codebuild_project(ctx: &mut Ctx) {
    let env = block(ctx.body(), "environment").map(|b| &b.body);
    let compute = env
        .map(|e| str_field(e, "compute_type"))
        .unwrap_or(Field::Absent);
    let os = env.map(|e| str_field(e, "type")).unwrap_or(Field::Absent);
    let os_key = match os.known().as_deref() {
        Some(t) if t.starts_with("WINDOWS") => Some("windows"),
        Some("LINUX_CONTAINER") | None => Some("linux"),
        _ => None,
    };
    let size = compute.clone().known().and_then(|c| {
        c.strip_prefix("BUILD_GENERAL1_")
            .map(str::to_ascii_lowercase)
    });
    let (name, price) = match (os_key, size) {
        (Some(os), Some(size)) => (
            format!(
                "{} (general1.{size})",
                if os == "windows" { "Windows" } else { "Linux" }
            ),
            ctx.price(
                &format!("codebuild.{os}.general1.{size}"),
                &format!("CodeBuild {os} general1.{size}"),
            ),
        ),
        _ => (
            "Build minutes".to_string(),
            Err(format!(
                "price not found: the snapshot has no CodeBuild price for {:?}",
                compute.known()
            )),
        ),
    };
    ctx.usage_key(&name, "minutes", "monthly_build_mins", 1.0, price);
}

pub(crate) fn mwaa_environment(ctx: &mut Ctx) {
    let class = str_field(ctx.body(), "environment_class").or_default("mw1.small".into());
    let size = match class.known() {
        Some(c) => c.strip_prefix("mw1.").map(str::to_string),
        None => None,
    };
    let Some(size) = size else {
        ctx.hourly(
            "Environment",
            Field::Known(1.0),
            Err("environment class unknown".into()),
        );
        return;
    };
    let price = ctx.price(
        &format!("mwaa.environment.{size}"),
        &format!("MWAA {size} environments"),
    );
    ctx.hourly(&format!("Environment ({size})"), Field::Known(1.0), price);
    let workers = ctx
        .usage_num("additional_workers")
        .map(|w| w * HOURS_PER_MONTH);
    let price = ctx.price(
        &format!("mwaa.worker.{size}"),
        &format!("MWAA {size} workers"),
    );
    ctx.usage_based(
        &format!("Additional workers ({size})"),
        "hours",
        workers,
        price,
    );
    let schedulers = ctx
        .usage_num("additional_schedulers")
        .map(|s| s * HOURS_PER_MONTH);
    let price = ctx.price(
        &format!("mwaa.scheduler.{size}"),
        &format!("MWAA {size} schedulers"),
    );
    ctx.usage_based(
        &format!("Additional schedulers ({size})"),
        "hours",
        schedulers,
        price,
    );
    let price = ctx.price("mwaa.metadb", "MWAA meta database");
    ctx.usage_key("Meta database", "GB", "meta_database_gb", 1.0, price);
}

pub(crate) fn mq_broker(ctx: &mut Ctx) {
    let body = ctx.body();
    let engine = str_field(body, "engine_type")
        .known()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let itype = str_field(body, "host_instance_type");
    let mode = str_field(body, "deployment_mode").or_default("SINGLE_INSTANCE".into());
    let (name, price) = match (&itype, mode.known()) {
        (Field::Known(t), Some(m)) => (
            format!("Instance usage ({engine}, {t}, {})", m.to_ascii_lowercase()),
            ctx.price(
                &format!("mq.instance.{engine}.{t}.{}", m.to_ascii_lowercase()),
                &format!("Amazon MQ {engine} {t} {}", m.to_ascii_lowercase()),
            ),
        ),
        (Field::Unknown(why), _) => (
            "Instance usage".into(),
            Err(format!("instance type unknown: {why}")),
        ),
        _ => (
            "Instance usage".into(),
            Err("instance type or deployment mode unknown".into()),
        ),
    };
    ctx.hourly(&name, Field::Known(1.0), price);
    let default_storage = if engine == "rabbitmq" { "ebs" } else { "efs" };
    let storage = str_field(body, "storage_type").or_default(default_storage.into());
    let storage = storage
        .known()
        .unwrap_or_else(|| default_storage.to_string())
        .to_ascii_lowercase();
    let price = ctx.price(
        &format!("mq.storage.{engine}.{storage}"),
        "Amazon MQ storage",
    );
    ctx.usage_key(
        &format!("Storage ({engine}, {storage})"),
        "GB",
        "storage_size_gb",
        1.0,
        price,
    );
}

pub(crate) fn transfer_server(ctx: &mut Ctx) {
    let protocols = match ctx.body().value("protocols").and_then(|v| v.as_list()) {
        Some(list) => list
            .iter()
            .filter_map(|p| p.as_str().map(str::to_string))
            .collect(),
        None => vec!["SFTP".to_string()],
    };
    for p in &protocols {
        let price = ctx.price("transfer.protocol", "Transfer Family protocol endpoints");
        ctx.hourly(&format!("{p} protocol enabled"), Field::Known(1.0), price);
    }
    let price = ctx.price("transfer.download", "Transfer Family downloads");
    ctx.usage_key(
        "Data downloaded",
        "GB",
        "monthly_data_downloaded_gb",
        1.0,
        price,
    );
    let price = ctx.price("transfer.upload", "Transfer Family uploads");
    ctx.usage_key(
        "Data uploaded",
        "GB",
        "monthly_data_uploaded_gb",
        1.0,
        price,
    );
}

pub(crate) fn acmpca_certificate_authority(ctx: &mut Ctx) {
    let short =
        str_field(ctx.body(), "usage_mode") == Field::Known("SHORT_LIVED_CERTIFICATE".into());
    if short {
        let price = ctx.price("acmpca.ca.short_lived", "Private CA (short-lived mode)");
        ctx.fixed(
            "Private certificate authority (short-lived certificate mode)",
            "months",
            Field::Known(1.0),
            price,
        );
        let price = ctx.price(
            "acmpca.certificates_short_lived",
            "short-lived private certificates",
        );
        ctx.usage_key(
            "Certificates (short-lived)",
            "certificates",
            "monthly_requests",
            1.0,
            price,
        );
    } else {
        let price = ctx.price("acmpca.ca.general", "Private CA");
        ctx.fixed(
            "Private certificate authority",
            "months",
            Field::Known(1.0),
            price,
        );
        let q = match ctx.usage_num("monthly_requests") {
            Some(n) => Field::Known(n),
            None => Field::Absent,
        };
        let tiers = ctx.tiers("acmpca.certificates", "private certificates");
        ctx.tiered("Certificates", "certificates", q, tiers, true);
    }
}

pub(crate) fn directory_service(ctx: &mut Ctx) {
    let body = ctx.body();
    let dtype = str_field(body, "type")
        .or_default("SimpleAD".into())
        .known()
        .unwrap_or_default();
    let key = match dtype.as_str() {
        "MicrosoftAD" => {
            let edition = str_field(body, "edition")
                .or_default("Enterprise".into())
                .known()
                .unwrap_or_default();
            format!("ds.microsoft_ad.{}", edition.to_ascii_lowercase())
        }
        "ADConnector" => format!(
            "ds.ad_connector.{}",
            str_field(body, "size")
                .known()
                .unwrap_or_else(|| "Large".into())
                .to_ascii_lowercase()
        ),
        _ => format!(
            "ds.simple_ad.{}",
            str_field(body, "size")
                .known()
                .unwrap_or_else(|| "Large".into())
                .to_ascii_lowercase()
        ),
    };
    let price = ctx.price(&key, "Directory Service directories");
    ctx.hourly(
        &format!("Directory service ({dtype})"),
        Field::Known(2.0),
        price.clone(),
    );
    ctx.with_note("two domain controllers");
    let extra = ctx
        .usage_num("additional_domain_controllers")
        .map(|n| n * HOURS_PER_MONTH);
    ctx.usage_based(
        "Additional domain controllers",
        "controller-hours",
        extra,
        price,
    );
    if dtype == "MicrosoftAD" {
        let shared = ctx
            .usage_num("shared_accounts")
            .map(|n| n * HOURS_PER_MONTH);
        let price = ctx.price("ds.sharing", "Directory sharing");
        ctx.usage_based("Directory sharing", "account-hours", shared, price);
    }
}

pub(crate) fn cloudhsm_hsm(ctx: &mut Ctx) {
    let price = ctx.price("cloudhsm.hsm", "CloudHSM");
    let hours = ctx.usage_num("monthly_hrs").unwrap_or(HOURS_PER_MONTH);
    ctx.fixed("HSM usage", "hours", Field::Known(hours), price);
}

pub(crate) fn backup_vault(ctx: &mut Ctx) {
    for (key, name, unit, price_key) in [
        (
            "monthly_efs_warm_backup_gb",
            "EFS backup (warm)",
            "GB",
            "backup.efs.warm",
        ),
        (
            "monthly_efs_cold_backup_gb",
            "EFS backup (cold)",
            "GB",
            "backup.efs.cold",
        ),
        (
            "monthly_efs_warm_restore_gb",
            "EFS restore (warm)",
            "GB",
            "backup.efs.restore_warm",
        ),
        (
            "monthly_efs_cold_restore_gb",
            "EFS restore (cold)",
            "GB",
            "backup.efs.restore_cold",
        ),
        (
            "monthly_efs_item_restore_requests",
            "EFS restore (item-level)",
            "requests",
            "backup.efs.restore_item",
        ),
        (
            "monthly_ebs_snapshot_gb",
            "EBS snapshot",
            "GB",
            "backup.ebs",
        ),
        (
            "monthly_rds_snapshot_gb",
            "RDS snapshot",
            "GB",
            "backup.rds",
        ),
        (
            "monthly_aurora_snapshot_gb",
            "Aurora snapshot",
            "GB",
            "backup.aurora",
        ),
        (
            "monthly_dynamodb_backup_gb",
            "DynamoDB backup",
            "GB",
            "backup.dynamodb",
        ),
        (
            "monthly_dynamodb_restore_gb",
            "DynamoDB restore",
            "GB",
            "backup.dynamodb_restore",
        ),
        (
            "monthly_fsx_windows_backup_gb",
            "FSx for Windows backup",
            "GB",
            "backup.fsx_windows",
        ),
        (
            "monthly_fsx_lustre_backup_gb",
            "FSx for Lustre backup",
            "GB",
            "backup.fsx_lustre",
        ),
    ] {
        let price = ctx.price(price_key, &format!("AWS Backup {}", name.to_lowercase()));
        ctx.usage_key(name, unit, key, 1.0, price);
    }
}

pub(crate) fn grafana_workspace(ctx: &mut Ctx) {
    let editors = ctx
        .usage_num("editors_administrator_licenses")
        .unwrap_or(1.0);
    let price = ctx.price("grafana.editor", "Managed Grafana editor licenses");
    ctx.fixed(
        "Editor/administrator licenses",
        "users",
        Field::Known(editors),
        price,
    );
    if ctx.usage_num("editors_administrator_licenses").is_none() {
        ctx.with_note("one editor assumed (usage editors_administrator_licenses)");
    }
    let price = ctx.price("grafana.viewer", "Managed Grafana viewer licenses");
    ctx.usage_key("Viewer licenses", "users", "viewer_licenses", 1.0, price);
}
