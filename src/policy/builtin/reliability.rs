//! Reliability checks written in Rust: the production-only checks (REL001,
//! REL005, REL022), replication of critical buckets (REL007), Aurora clusters
//! with one instance (REL008) and placement in a single Availability Zone
//! (REL004). The environment rule is the one in `cost` (tags, then names).

use super::cost::{environment, known_bool, known_str, reach, referrers, EnvReading, Stage};
use super::{BuiltinCtx, BuiltinHit};
use crate::policy::index::resource_origins;
use crate::terraform::{Resource, Value};
use std::collections::BTreeSet;

/// Reports `what` when the resource is production; undecided when its
/// environment is known only after apply.
fn in_production(r: &Resource, what: &str, path: &str, hits: &mut Vec<BuiltinHit>) {
    match environment(r) {
        EnvReading::Stage(Stage::Production, why) => {
            let (_, p, span) = reach(r, path);
            hits.push(BuiltinHit::violation(
                format!("{what} ({why})"),
                Some(p),
                span,
            ));
        }
        EnvReading::Unknown(reason) => {
            hits.push(BuiltinHit::unknown(reason, Some("tags".into()), r.span));
        }
        _ => {}
    }
}

/// Pushes an unknown hit for an attribute known only after apply, when the
/// resource may be production.
fn unknown_attr(r: &Resource, path: &str, hits: &mut Vec<BuiltinHit>) {
    if matches!(
        environment(r),
        EnvReading::Stage(Stage::NonProduction, _) | EnvReading::Unspecified
    ) {
        return;
    }
    let (_, p, span) = reach(r, path);
    hits.push(BuiltinHit::unknown(
        format!("`{p}` is known only after apply"),
        Some(p),
        span,
    ));
}

/// A read replica (its availability follows its source).
fn is_replica(r: &Resource) -> bool {
    r.body
        .value("replicate_source_db")
        .is_some_and(|v| !v.is_null())
}

/// REL001: a production RDS instance that is not Multi-AZ. Read replicas,
/// Aurora members and SQL Server Express (which has no Multi-AZ) are exempt.
pub fn rds_single_az_production(ctx: &BuiltinCtx<'_>, r: &Resource, hits: &mut Vec<BuiltinHit>) {
    let _ = ctx;
    if is_replica(r) {
        return;
    }
    match known_str(r, "engine") {
        Ok(Some(e)) if e.starts_with("aurora") || e == "sqlserver-ex" => return,
        Ok(_) => {}
        Err(()) => {}
    }
    match known_bool(r, "multi_az") {
        Ok(Some(true)) => {}
        Ok(_) => in_production(
            r,
            "single-AZ database instance in production",
            "multi_az",
            hits,
        ),
        Err(()) => unknown_attr(r, "multi_az", hits),
    }
}

/// REL005: a production application, network or gateway load balancer
/// without deletion protection.
pub fn lb_deletion_protection_production(
    ctx: &BuiltinCtx<'_>,
    r: &Resource,
    hits: &mut Vec<BuiltinHit>,
) {
    let _ = ctx;
    match known_bool(r, "enable_deletion_protection") {
        Ok(Some(true)) => {}
        Ok(_) => in_production(
            r,
            "load balancer without deletion protection in production",
            "enable_deletion_protection",
            hits,
        ),
        Err(()) => unknown_attr(r, "enable_deletion_protection", hits),
    }
}

/// REL022: a production database whose deletion skips the final snapshot.
pub fn final_snapshot_skipped_production(
    ctx: &BuiltinCtx<'_>,
    r: &Resource,
    hits: &mut Vec<BuiltinHit>,
) {
    let _ = ctx;
    if r.rtype == "aws_db_instance" && is_replica(r) {
        return;
    }
    match known_bool(r, "skip_final_snapshot") {
        Ok(Some(true)) => in_production(
            r,
            "`skip_final_snapshot = true` on a production database: deleting it keeps no final snapshot",
            "skip_final_snapshot",
            hits,
        ),
        Ok(_) => {}
        Err(()) => unknown_attr(r, "skip_final_snapshot", hits),
    }
}

// ---------------------------------------------------------------------------
// REL007: replication of critical buckets
// ---------------------------------------------------------------------------

const CRITICAL_VALUES: &[&str] = &[
    "critical",
    "high",
    "true",
    "yes",
    "1",
    "mission-critical",
    "missioncritical",
    "business-critical",
    "tier-1",
    "tier1",
];

/// The tag that marks the resource as critical, `Err` when the tags are
/// known only after apply and no known tag decides.
fn critical_tag(r: &Resource) -> Result<Option<String>, String> {
    let mut unknown = false;
    for src in [r.provider.default_tags.as_ref(), r.body.value("tags")]
        .into_iter()
        .flatten()
    {
        match src.unmarked() {
            Value::Map(m) => {
                for (k, v) in m {
                    if !k.to_ascii_lowercase().contains("critical") {
                        continue;
                    }
                    match v.as_str() {
                        Some(s)
                            if CRITICAL_VALUES
                                .contains(&s.trim().to_ascii_lowercase().as_str()) =>
                        {
                            return Ok(Some(format!("tag {k} = \"{s}\"")));
                        }
                        Some(_) => {}
                        None if v.is_unknown() => unknown = true,
                        None => {}
                    }
                }
            }
            Value::Unknown => unknown = true,
            _ => {}
        }
    }
    if unknown {
        Err("the tags are known only after apply".into())
    } else {
        Ok(None)
    }
}

/// REL007: an S3 bucket tagged critical (a tag whose key contains "critical"
/// with a value such as `high`, `critical`, `true` or `tier-1`) that no enabled
/// replication rule copies to another bucket: neither an
/// `aws_s3_bucket_replication_configuration` for it nor a legacy inline
/// `replication_configuration` block.
pub fn s3_replication_critical(ctx: &BuiltinCtx<'_>, r: &Resource, hits: &mut Vec<BuiltinHit>) {
    let why = match critical_tag(r) {
        Ok(Some(why)) => why,
        Ok(None) => return,
        Err(reason) => {
            hits.push(BuiltinHit::unknown(reason, Some("tags".into()), r.span));
            return;
        }
    };
    let inline = r
        .body
        .blocks
        .iter()
        .any(|b| b.kind == "replication_configuration");
    if inline {
        return;
    }
    let names: Vec<String> = r
        .body
        .value("bucket")
        .and_then(|v| v.as_str().map(str::to_string))
        .into_iter()
        .collect();
    let refs = referrers(
        ctx,
        r,
        "aws_s3_bucket_replication_configuration",
        "bucket",
        &names,
    );
    let mut undecided = refs.maybe;
    for c in &refs.found {
        for rule in c.body.blocks.iter().filter(|b| b.kind == "rule") {
            if rule.expansion_unknown {
                undecided = true;
                continue;
            }
            match rule.body.value("status") {
                Some(v) if v.as_str() == Some("Enabled") => return,
                Some(v) if v.is_unknown() => undecided = true,
                _ => {}
            }
        }
    }
    if undecided {
        hits.push(BuiltinHit::unknown(
            "whether a replication configuration covers this bucket is known only after apply",
            None,
            r.span,
        ));
        return;
    }
    let what = if refs.found.is_empty() {
        "no aws_s3_bucket_replication_configuration replicates this bucket"
    } else {
        "the bucket's replication rules are all disabled"
    };
    let span = r.body.attr("tags").and_then(|a| a.span).or(r.span);
    hits.push(BuiltinHit::violation(
        format!("{what} although it is marked critical ({why})"),
        Some("tags".into()),
        span,
    ));
}

// ---------------------------------------------------------------------------
// REL008: Aurora cluster with a single instance
// ---------------------------------------------------------------------------

/// REL008: an Aurora cluster with exactly one `aws_rds_cluster_instance` in
/// the configuration: there is no replica to fail over to. Serverless v1
/// clusters (no instances) and clusters whose instances are not in this
/// configuration are not judged.
pub fn aurora_single_instance(ctx: &BuiltinCtx<'_>, r: &Resource, hits: &mut Vec<BuiltinHit>) {
    let engine = match known_str(r, "engine") {
        Ok(e) => e.unwrap_or_else(|| "aurora".into()),
        Err(()) => return,
    };
    if !engine.starts_with("aurora") {
        return;
    }
    if matches!(known_str(r, "engine_mode"), Ok(Some(m)) if m == "serverless") {
        return;
    }
    let names: Vec<String> = r
        .body
        .value("cluster_identifier")
        .and_then(|v| v.as_str().map(str::to_string))
        .into_iter()
        .collect();
    let refs = referrers(
        ctx,
        r,
        "aws_rds_cluster_instance",
        "cluster_identifier",
        &names,
    );
    if refs.maybe || refs.found.iter().any(|i| i.expansion_unknown) {
        hits.push(BuiltinHit::unknown(
            "the number of instances in this cluster is known only after apply",
            None,
            r.span,
        ));
        return;
    }
    if let [only] = refs.found.as_slice() {
        hits.push(BuiltinHit::violation(
            format!(
                "the cluster has one instance ({}): no replica to fail over to",
                only.address
            ),
            None,
            r.span,
        ));
    }
}

// ---------------------------------------------------------------------------
// REL004: single Availability Zone placement
// ---------------------------------------------------------------------------

/// One subnet of a placement list.
enum SubnetZone {
    /// A subnet of this configuration with a known zone.
    Zone(String),
    /// A subnet whose zone is not known statically (an id written literally,
    /// a subnet outside the configuration, a zone from a data source).
    Opaque(String),
    /// An element known only after apply that names no resource.
    Unknown,
}

fn subnet_zone(ctx: &BuiltinCtx<'_>, r: &Resource, v: &Value) -> SubnetZone {
    if let Some(s) = v.as_str() {
        return SubnetZone::Opaque(s.to_string());
    }
    let origins = resource_origins(v);
    let subnets: Vec<&Resource> = origins
        .iter()
        .filter_map(|o| ctx.index.by_address(&r.root, o))
        .filter(|s| s.rtype == "aws_subnet" || s.rtype == "aws_default_subnet")
        .collect();
    match subnets.as_slice() {
        [s] => {
            for attr in ["availability_zone", "availability_zone_id"] {
                if let Some(z) = s.body.value(attr).and_then(Value::as_str) {
                    return SubnetZone::Zone(z.to_string());
                }
            }
            SubnetZone::Opaque(s.address.clone())
        }
        [] if origins.is_empty() => SubnetZone::Unknown,
        [] => SubnetZone::Opaque(origins.join(",")),
        _ => SubnetZone::Unknown,
    }
}

/// The subnets a resource is placed in: (path, elements); `None` when the
/// list itself is known only after apply.
fn placement_subnets(r: &Resource) -> Option<(String, Vec<&Value>)> {
    let attr = match r.rtype.as_str() {
        "aws_autoscaling_group" => "vpc_zone_identifier",
        "aws_eks_node_group" => "subnet_ids",
        _ => "subnets",
    };
    match r.body.value(attr) {
        Some(v) if v.is_unknown() => None,
        Some(v) => Some((
            attr.to_string(),
            v.as_list().map(|l| l.iter().collect()).unwrap_or_default(),
        )),
        None => {
            // Load balancers may use subnet_mapping blocks instead.
            let mut out = Vec::new();
            for b in r.body.blocks.iter().filter(|b| b.kind == "subnet_mapping") {
                if b.expansion_unknown {
                    return None;
                }
                if let Some(v) = b.body.value("subnet_id") {
                    out.push(v);
                }
            }
            Some(("subnet_mapping".to_string(), out))
        }
    }
}

/// REL004: an autoscaling group, EKS managed node group or network/gateway
/// load balancer placed in one Availability Zone: a single subnet, subnets of
/// the configuration that all sit in the same zone, or (autoscaling groups)
/// a single entry in `availability_zones`.
pub fn single_az_placement(ctx: &BuiltinCtx<'_>, r: &Resource, hits: &mut Vec<BuiltinHit>) {
    if r.rtype == "aws_lb" || r.rtype == "aws_alb" {
        match known_str(r, "load_balancer_type") {
            Ok(Some(t)) if t == "network" || t == "gateway" => {}
            Ok(_) => return, // application load balancers need two zones anyway
            Err(()) => return,
        }
    }
    if r.rtype == "aws_autoscaling_group" {
        match r.body.value("availability_zones") {
            Some(v) if v.is_unknown() => {
                hits.push(BuiltinHit::unknown(
                    "`availability_zones` is known only after apply",
                    Some("availability_zones".into()),
                    r.body.attr("availability_zones").and_then(|a| a.span),
                ));
                return;
            }
            Some(v) => {
                if let Some([only]) = v.as_list() {
                    let (_, p, span) = reach(r, "availability_zones");
                    let zone = only.as_str().unwrap_or("one zone");
                    hits.push(BuiltinHit::violation(
                        format!(
                            "the group launches instances in a single Availability Zone ({zone})"
                        ),
                        Some(p),
                        span,
                    ));
                    return;
                }
                if v.as_list().is_some_and(|l| l.len() > 1) {
                    return;
                }
            }
            None => {}
        }
    }
    let Some((path, subnets)) = placement_subnets(r) else {
        let (_, p, span) = reach(r, "subnets");
        hits.push(BuiltinHit::unknown(
            "the subnet list is known only after apply",
            Some(p),
            span,
        ));
        return;
    };
    let span = r
        .body
        .attr(&path)
        .and_then(|a| a.span)
        .or_else(|| {
            r.body
                .blocks
                .iter()
                .find(|b| b.kind == path)
                .and_then(|b| b.span)
        })
        .or(r.span);
    match subnets.as_slice() {
        [] => {}
        [only] => {
            let zone = match subnet_zone(ctx, r, only) {
                SubnetZone::Zone(z) => format!(" ({z})"),
                _ => String::new(),
            };
            hits.push(BuiltinHit::violation(
                format!(
                    "placed in a single subnet{zone}: one Availability Zone failure takes it down"
                ),
                Some(path),
                span,
            ));
        }
        many => {
            let mut zones = BTreeSet::new();
            let mut opaque = BTreeSet::new();
            let mut unknown = false;
            for v in many {
                match subnet_zone(ctx, r, v) {
                    SubnetZone::Zone(z) => {
                        zones.insert(z);
                    }
                    SubnetZone::Opaque(id) => {
                        opaque.insert(id);
                    }
                    SubnetZone::Unknown => unknown = true,
                }
            }
            if zones.len() + opaque.len() > 1 {
                return;
            }
            if unknown || !opaque.is_empty() {
                hits.push(BuiltinHit::unknown(
                    "the Availability Zones of the subnets are known only after apply",
                    Some(path),
                    span,
                ));
                return;
            }
            if let Some(zone) = zones.iter().next() {
                hits.push(BuiltinHit::violation(
                    format!(
                        "all {} subnets are in the same Availability Zone ({zone})",
                        many.len()
                    ),
                    Some(path),
                    span,
                ));
            }
        }
    }
}

/// Whether a value is an unknown without a resource origin (for tests).
#[cfg(test)]
fn is_opaque_unknown(v: &Value) -> bool {
    v.is_unknown() && resource_origins(v).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::builtin::test_support::*;
    use crate::policy::eval::Tri;
    use crate::policy::index::ModelIndex;
    use crate::terraform::{Origin, OriginKind};

    fn run(
        f: super::super::BuiltinFn,
        m: &crate::terraform::Model,
        address: &str,
    ) -> Vec<BuiltinHit> {
        let idx = ModelIndex::new(m, &[]);
        let ctx = BuiltinCtx {
            index: &idx,
            sources: None,
            required_tags: None,
        };
        let r = m.resource(address).expect("resource in model");
        let mut hits = Vec::new();
        f(&ctx, r, &mut hits);
        hits
    }

    fn subnet_ref(name: &str) -> Value {
        Value::unknown_from(Origin::new(
            OriginKind::Resource,
            format!("aws_subnet.{name}"),
        ))
    }

    #[test]
    fn single_zone_groups_are_found_through_their_subnets() {
        let subnet = |name: &str, zone: &str| {
            resource(
                "aws_subnet",
                name,
                body(vec![("availability_zone", s(zone))], vec![]),
            )
        };
        let asg = |name: &str, subnets: Vec<Value>| {
            resource(
                "aws_autoscaling_group",
                name,
                body(vec![("vpc_zone_identifier", list(subnets))], vec![]),
            )
        };
        let m = model(vec![
            subnet("a1", "eu-west-1a"),
            subnet("a2", "eu-west-1a"),
            subnet("b", "eu-west-1b"),
            asg("same", vec![subnet_ref("a1"), subnet_ref("a2")]),
            asg("spread", vec![subnet_ref("a1"), subnet_ref("b")]),
            asg("one", vec![subnet_ref("b")]),
            asg("later", vec![subnet_ref("a1"), Value::Unknown]),
            asg("literal", vec![s("subnet-0a"), s("subnet-0b")]),
        ]);
        let f = single_az_placement as super::super::BuiltinFn;
        let same = run(f, &m, "aws_autoscaling_group.same");
        assert_eq!(same.len(), 1);
        assert_eq!(
            same[0].message,
            "all 2 subnets are in the same Availability Zone (eu-west-1a)"
        );
        assert!(run(f, &m, "aws_autoscaling_group.spread").is_empty());
        let one = run(f, &m, "aws_autoscaling_group.one");
        assert_eq!(
            one[0].message,
            "placed in a single subnet (eu-west-1b): one Availability Zone failure takes it down"
        );
        let later = run(f, &m, "aws_autoscaling_group.later");
        assert_eq!(later[0].truth, Tri::Unknown);
        assert!(run(f, &m, "aws_autoscaling_group.literal").is_empty());
        assert!(is_opaque_unknown(&Value::Unknown));
    }

    #[test]
    fn aurora_clusters_count_their_instances() {
        let cluster = resource(
            "aws_rds_cluster",
            "c",
            body(vec![("engine", s("aurora-postgresql"))], vec![]),
        );
        let inst = |name: &str| {
            resource(
                "aws_rds_cluster_instance",
                name,
                body(
                    vec![(
                        "cluster_identifier",
                        Value::unknown_from(Origin::new(OriginKind::Resource, "aws_rds_cluster.c")),
                    )],
                    vec![],
                ),
            )
        };
        let f = aurora_single_instance as super::super::BuiltinFn;
        let m = model(vec![cluster.clone(), inst("a")]);
        assert_eq!(run(f, &m, "aws_rds_cluster.c").len(), 1);
        let m = model(vec![cluster.clone(), inst("a"), inst("b")]);
        assert!(run(f, &m, "aws_rds_cluster.c").is_empty());
        let m = model(vec![cluster]);
        assert!(run(f, &m, "aws_rds_cluster.c").is_empty());
    }
}
