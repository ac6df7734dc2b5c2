//! The audit engine: runs policies over an evaluated model.
//!
//! Policies are dispatched by resource type, companion resources are indexed
//! once per run (see `index`), and resources are checked in parallel; the
//! output order is deterministic (model order, then policy order).

use super::builtin::{self, BuiltinCtx, BuiltinFn, BuiltinHit};
use super::eval::{eval, Scope, Tri};
use super::index::ModelIndex;
use super::spec::{Policy, PolicyCheck};
use crate::finding::{fingerprint, ComplianceRef, Finding, FixInfo, Severity, UnknownEval};
use crate::source::{SourceMap, Span};
use crate::terraform::{Mode, Model, Resource};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// Options of one audit run.
#[derive(Clone, Copy, Debug, Default)]
pub struct AuditOptions<'a> {
    /// The configuration's source text. With it, the secrets check only reports
    /// values written literally in the attribute's expression; without it (plan
    /// JSON input), values without origins count as literals.
    pub sources: Option<&'a SourceMap>,
    /// Tags COST001 requires; `None` keeps the policy's default.
    pub required_tags: Option<&'a [String]>,
}

/// What an audit found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct AuditResult {
    pub findings: Vec<Finding>,
    /// Checks that could not be decided because a value is known only after apply.
    pub unknown: Vec<UnknownEval>,
    /// Number of policies run.
    pub policies_run: usize,
    /// Number of resource instances checked.
    pub resources_checked: usize,
}

struct Prepared<'p> {
    policy: &'p Policy,
    builtin: Option<BuiltinFn>,
    compliance: Vec<ComplianceRef>,
    fix: FixInfo,
}

/// Runs `policies` over every resource of `model`.
pub fn audit(model: &Model, policies: &[Policy], opts: &AuditOptions<'_>) -> AuditResult {
    let index = ModelIndex::new(model, policies);
    let prepared: Vec<Prepared<'_>> = policies
        .iter()
        .map(|p| Prepared {
            policy: p,
            builtin: match &p.check {
                PolicyCheck::Builtin(name) => builtin::lookup(name),
                PolicyCheck::Declarative(_) => None,
            },
            compliance: p.compliance_refs(),
            fix: FixInfo {
                available: p.remediation.available(),
                applicability: p.remediation.applicability,
            },
        })
        .collect();
    // Dispatch table: (is data, type) -> policies, plus wildcard policies.
    let mut by_type: HashMap<(bool, &str), Vec<usize>> = HashMap::new();
    let mut wildcard: Vec<usize> = Vec::new();
    for (i, p) in policies.iter().enumerate() {
        for t in &p.resource_types {
            if t.is_wildcard() {
                wildcard.push(i);
            } else {
                by_type
                    .entry((t.mode == Mode::Data, t.rtype.as_str()))
                    .or_default()
                    .push(i);
            }
        }
    }
    let ctx = BuiltinCtx {
        index: &index,
        sources: opts.sources,
        required_tags: opts.required_tags,
    };
    let per_resource = |r: &Resource| -> (Vec<Finding>, Vec<UnknownEval>) {
        let mut ids: Vec<usize> = by_type
            .get(&(r.mode == Mode::Data, r.rtype.as_str()))
            .cloned()
            .unwrap_or_default();
        ids.extend(wildcard.iter().copied());
        ids.sort_unstable();
        ids.dedup();
        let mut findings = Vec::new();
        let mut unknown = Vec::new();
        for i in ids {
            if let Some(p) = prepared.get(i) {
                check_resource(p, r, &ctx, &mut findings, &mut unknown);
            }
        }
        (findings, unknown)
    };
    let results: Vec<(Vec<Finding>, Vec<UnknownEval>)> = if model.resources.len() >= 64 {
        model.resources.par_iter().map(per_resource).collect()
    } else {
        model.resources.iter().map(per_resource).collect()
    };
    let mut out = AuditResult {
        policies_run: policies.len(),
        resources_checked: model.resources.len(),
        ..AuditResult::default()
    };
    for (f, u) in results {
        out.findings.extend(f);
        out.unknown.extend(u);
    }
    if let Some(sources) = opts.sources {
        config_block_secrets(model, &prepared, sources, &mut out.findings);
    }
    out
}

/// Provider blocks and variable defaults are not in the model: the secrets
/// check reads them from the source text (see `secrets::scan_config_blocks`).
fn config_block_secrets(
    model: &Model,
    prepared: &[Prepared<'_>],
    sources: &SourceMap,
    findings: &mut Vec<Finding>,
) {
    let users: Vec<&Prepared<'_>> = prepared
        .iter()
        .filter(|p| matches!(&p.policy.check, PolicyCheck::Builtin(n) if n == "hardcoded_secrets"))
        .collect();
    if users.is_empty() {
        return;
    }
    let found = builtin::secrets::scan_config_blocks(sources);
    if found.is_empty() {
        return;
    }
    // Fingerprints use the declaring directory relative to its root module, so
    // they do not depend on how the PATH was written.
    let mut roots: Vec<&str> = model.resources.iter().map(|r| r.root.as_str()).collect();
    roots.sort_unstable();
    roots.dedup();
    roots.sort_by_key(|r| std::cmp::Reverse(r.len()));
    for p in users {
        for c in &found {
            let rel = roots
                .iter()
                .find_map(|root| {
                    let root = root.trim_end_matches('/');
                    if root.is_empty() || root == "." {
                        return None;
                    }
                    if c.dir == root {
                        Some(String::new())
                    } else {
                        c.dir.strip_prefix(&format!("{root}/")).map(str::to_string)
                    }
                })
                .unwrap_or_else(|| c.dir.clone());
            let id_path = format!("{rel}:{}", c.path);
            findings.push(Finding {
                fingerprint: fingerprint(&p.policy.id, &c.address, Some(&id_path)),
                policy_id: p.policy.id.clone(),
                title: p.policy.title.clone(),
                severity: p.policy.severity,
                category: p.policy.category,
                resource_address: c.address.clone(),
                resource_type: c.block_type.to_string(),
                span: c.span,
                message: match &p.policy.message {
                    Some(m) => format!("{m}: {}", c.message),
                    None => c.message.clone(),
                },
                attribute_path: Some(c.path.clone()),
                fix: p.fix,
                compliance: p.compliance.clone(),
                suppressed: None,
                monthly_saving_usd: None,
            });
        }
    }
}

fn check_resource(
    p: &Prepared<'_>,
    r: &Resource,
    ctx: &BuiltinCtx<'_>,
    findings: &mut Vec<Finding>,
    unknown: &mut Vec<UnknownEval>,
) {
    let policy = p.policy;
    match &policy.check {
        PolicyCheck::Declarative(cond) => {
            let scope = Scope::resource(r, String::new());
            let o = eval(cond, &scope, ctx.index);
            match o.truth {
                Tri::True => {}
                Tri::False => {
                    let detail = if o.fact.text.is_empty() {
                        policy.title.clone()
                    } else {
                        o.fact.text.clone()
                    };
                    let message = match &policy.message {
                        Some(m) => format!("{m}: {detail}"),
                        None => detail,
                    };
                    findings.push(finding(p, r, message, o.fact.path, o.fact.span, None));
                }
                Tri::Unknown => unknown.push(UnknownEval {
                    policy_id: policy.id.clone(),
                    resource_address: r.address.clone(),
                    attribute_path: o.fact.path,
                    reason: o.fact.text,
                }),
            }
        }
        PolicyCheck::Builtin(_) => {
            let Some(f) = p.builtin else {
                return;
            };
            let mut hits: Vec<BuiltinHit> = Vec::new();
            f(ctx, r, &mut hits);
            for h in hits {
                match h.truth {
                    Tri::True => {
                        let message = match &policy.message {
                            Some(m) => format!("{m}: {}", h.message),
                            None => h.message,
                        };
                        findings.push(finding(p, r, message, h.path, h.span, h.severity));
                    }
                    Tri::Unknown => unknown.push(UnknownEval {
                        policy_id: policy.id.clone(),
                        resource_address: r.address.clone(),
                        attribute_path: h.path,
                        reason: h.message,
                    }),
                    Tri::False => {}
                }
            }
        }
    }
}

fn finding(
    p: &Prepared<'_>,
    r: &Resource,
    message: String,
    path: Option<String>,
    span: Option<Span>,
    severity: Option<Severity>,
) -> Finding {
    let policy = p.policy;
    Finding {
        fingerprint: fingerprint(&policy.id, &r.address, path.as_deref()),
        policy_id: policy.id.clone(),
        title: policy.title.clone(),
        severity: severity.unwrap_or(policy.severity),
        category: policy.category,
        resource_address: r.address.clone(),
        resource_type: r.rtype.clone(),
        span: span.or(r.span),
        message,
        attribute_path: path,
        fix: p.fix,
        compliance: p.compliance.clone(),
        suppressed: None,
        monthly_saving_usd: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::builtin::test_support::*;
    use crate::policy::loader::embedded_policies;
    use crate::terraform::{Marks, Origin, OriginKind, Value};

    fn policies(ids: &[&str]) -> Vec<Policy> {
        embedded_policies()
            .expect("embedded policies parse")
            .into_iter()
            .filter(|p| ids.contains(&p.id.as_str()))
            .collect()
    }

    fn run(model: &Model, ids: &[&str]) -> AuditResult {
        audit(model, &policies(ids), &AuditOptions::default())
    }

    fn addrs(r: &AuditResult, id: &str) -> Vec<String> {
        r.findings
            .iter()
            .filter(|f| f.policy_id == id)
            .map(|f| f.resource_address.clone())
            .collect()
    }

    fn from(kind: OriginKind, addr: &str) -> Value {
        Value::unknown_from(Origin::new(kind, addr))
    }

    fn keyed(r: Resource, key: &str) -> Resource {
        Resource {
            address: format!("{}[\"{key}\"]", r.address),
            index: Some(crate::terraform::InstanceKey::Str(key.into())),
            ..r
        }
    }

    #[test]
    fn embedded_policies_are_valid() {
        let all = embedded_policies().unwrap();
        assert_eq!(all.len(), crate::policy::embedded::EMBEDDED.len());
    }

    #[test]
    fn simple_attribute_policies_explain_findings() {
        let trail = resource("aws_cloudtrail", "t", body(vec![], vec![]));
        let good = resource(
            "aws_cloudtrail",
            "g",
            body(
                vec![
                    ("is_multi_region_trail", Value::Bool(true)),
                    ("enable_log_file_validation", Value::Bool(true)),
                    ("kms_key_id", from(OriginKind::Resource, "aws_kms_key.k")),
                ],
                vec![],
            ),
        );
        let r = run(&model(vec![trail, good]), &["SEC006", "SEC007", "SEC008"]);
        assert_eq!(r.findings.len(), 3, "{:?}", r.findings);
        assert!(r
            .findings
            .iter()
            .all(|f| f.resource_address == "aws_cloudtrail.t"));
        let f = &r.findings[0];
        assert_eq!(f.policy_id, "SEC006");
        assert_eq!(
            f.message,
            "`is_multi_region_trail` is not set (defaults to false)"
        );
        assert_eq!(f.attribute_path.as_deref(), Some("is_multi_region_trail"));
        assert!(f.fix.available);
        assert_eq!(f.compliance[0].id, "3.1");
        assert_eq!(
            f.fingerprint,
            fingerprint("SEC006", "aws_cloudtrail.t", Some("is_multi_region_trail"))
        );
        assert!(r.unknown.is_empty());
        assert_eq!(r.policies_run, 3);
        assert_eq!(r.resources_checked, 2);
    }

    #[test]
    fn unknown_values_are_listed_not_reported() {
        let trail = resource(
            "aws_cloudtrail",
            "t",
            body(
                vec![(
                    "is_multi_region_trail",
                    from(OriginKind::Variable, "var.multi"),
                )],
                vec![],
            ),
        );
        let r = run(&model(vec![trail]), &["SEC006"]);
        assert!(r.findings.is_empty());
        assert_eq!(r.unknown.len(), 1);
        assert_eq!(
            r.unknown[0].attribute_path.as_deref(),
            Some("is_multi_region_trail")
        );
        assert!(r.unknown[0].reason.contains("known only after apply"));
    }

    #[test]
    fn companions_by_origin_for_each_and_name() {
        // for_each buckets: "a" has an enabled versioning instance, "b" a
        // suspended one, "c" none; "named" is linked by its literal name.
        let bucket = |k: &str| {
            keyed(
                resource(
                    "aws_s3_bucket",
                    "b",
                    body(vec![("bucket", s(&format!("data-{k}")))], vec![]),
                ),
                k,
            )
        };
        let versioning = |k: &str, status: &str| {
            let link = Value::Unknown.with_marks(Marks::origin(Origin::new(
                OriginKind::Resource,
                format!("aws_s3_bucket.b[\"{k}\"]"),
            )));
            keyed(
                resource(
                    "aws_s3_bucket_versioning",
                    "v",
                    body(
                        vec![("bucket", link)],
                        vec![block(
                            "versioning_configuration",
                            body(vec![("status", s(status))], vec![]),
                        )],
                    ),
                ),
                k,
            )
        };
        let named = resource(
            "aws_s3_bucket",
            "named",
            body(vec![("bucket", s("logs-bucket"))], vec![]),
        );
        let named_v = resource(
            "aws_s3_bucket_versioning",
            "named",
            body(
                vec![("bucket", s("logs-bucket"))],
                vec![block(
                    "versioning_configuration",
                    body(vec![("status", s("Enabled"))], vec![]),
                )],
            ),
        );
        let m = model(vec![
            bucket("a"),
            bucket("b"),
            bucket("c"),
            versioning("a", "Enabled"),
            versioning("b", "Suspended"),
            named,
            named_v,
        ]);
        let r = run(&m, &["SEC018"]);
        assert_eq!(
            addrs(&r, "SEC018"),
            vec!["aws_s3_bucket.b[\"b\"]", "aws_s3_bucket.b[\"c\"]"]
        );
        let suspended = &r.findings[0];
        assert_eq!(
            suspended.message,
            "`aws_s3_bucket_versioning.v[\"b\"].versioning_configuration[0].status` is \"Suspended\""
        );
        assert_eq!(
            r.findings[1].message,
            "no aws_s3_bucket_versioning references this resource"
        );
        assert!(r.unknown.is_empty());
    }

    #[test]
    fn undetermined_companion_links_make_results_unknown() {
        let b = resource("aws_s3_bucket", "b", body(vec![], vec![]));
        let v = resource(
            "aws_s3_bucket_versioning",
            "v",
            body(
                vec![("bucket", from(OriginKind::Variable, "var.bucket"))],
                vec![],
            ),
        );
        let r = run(&model(vec![b, v]), &["SEC018"]);
        assert!(r.findings.is_empty());
        assert_eq!(r.unknown.len(), 1);
    }

    #[test]
    fn account_level_settings_satisfy_any_resource() {
        let vol = resource("aws_ebs_volume", "v", body(vec![], vec![]));
        let r = run(&model(vec![vol.clone()]), &["SEC003"]);
        assert_eq!(addrs(&r, "SEC003"), vec!["aws_ebs_volume.v"]);
        let default = resource("aws_ebs_encryption_by_default", "d", body(vec![], vec![]));
        let r = run(&model(vec![vol, default]), &["SEC003"]);
        assert!(r.findings.is_empty());
    }

    #[test]
    fn per_type_and_block_quantifiers() {
        let inst = resource(
            "aws_instance",
            "i",
            body(
                vec![],
                vec![
                    block(
                        "root_block_device",
                        body(vec![("encrypted", Value::Bool(true))], vec![]),
                    ),
                    block(
                        "ebs_block_device",
                        body(vec![("encrypted", Value::Bool(true))], vec![]),
                    ),
                    block("ebs_block_device", body(vec![], vec![])),
                ],
            ),
        );
        let r = run(&model(vec![inst]), &["SEC003"]);
        assert_eq!(r.findings.len(), 1);
        assert_eq!(
            r.findings[0].attribute_path.as_deref(),
            Some("ebs_block_device[1].encrypted")
        );
        let lt = resource(
            "aws_launch_template",
            "lt",
            body(
                vec![],
                vec![block(
                    "block_device_mappings",
                    body(
                        vec![("device_name", s("/dev/xvda"))],
                        vec![block("ebs", body(vec![("encrypted", s("true"))], vec![]))],
                    ),
                )],
            ),
        );
        assert!(run(&model(vec![lt]), &["SEC003"]).findings.is_empty());
    }

    #[test]
    fn builtin_severity_override_and_wildcard_types() {
        let sg = resource(
            "aws_security_group",
            "db",
            body(
                vec![],
                vec![block(
                    "ingress",
                    body(
                        vec![
                            ("from_port", n(5432.0)),
                            ("to_port", n(5432.0)),
                            ("protocol", s("tcp")),
                            ("cidr_blocks", list(vec![s("0.0.0.0/0")])),
                            ("description", s("password=hunter2hunter2")),
                        ],
                        vec![],
                    ),
                )],
            ),
        );
        let r = run(&model(vec![sg]), &["SEC002", "SEC032"]);
        let f = r.findings.iter().find(|f| f.policy_id == "SEC002").unwrap();
        assert_eq!(f.severity, Severity::High);
        assert_eq!(f.message, "ingress 0.0.0.0/0 on port 5432 (PostgreSQL)");
        // A description is not secret-named and holds no known pattern.
        assert!(r.findings.iter().all(|f| f.policy_id != "SEC032"));
    }

    #[test]
    fn referenced_resources_are_judged() {
        let yaml = "id: KMS_TRAIL
title: Trail key rotates
description: |
  **What.** x **Why.** y **Fix.** z
severity: medium
category: security
resource_types: [aws_cloudtrail]
check:
  referenced:
    attr: kms_key_id
    type: aws_kms_key
    where: { attr: enable_key_rotation, op: is_true, default: false }
remediation:
  applicability: none
";
        let p = crate::policy::loader::parse_policy("t.yaml", yaml).unwrap();
        let key = |name: &str, rotate: bool| {
            resource(
                "aws_kms_key",
                name,
                body(vec![("enable_key_rotation", Value::Bool(rotate))], vec![]),
            )
        };
        let trail = |name: &str, key: &str| {
            resource(
                "aws_cloudtrail",
                name,
                body(
                    vec![(
                        "kms_key_id",
                        from(OriginKind::Resource, &format!("aws_kms_key.{key}")),
                    )],
                    vec![],
                ),
            )
        };
        let literal = resource(
            "aws_cloudtrail",
            "external",
            body(
                vec![("kms_key_id", s("arn:aws:kms:eu-west-1:111122223333:key/x"))],
                vec![],
            ),
        );
        let m = model(vec![
            key("good", true),
            key("bad", false),
            trail("a", "good"),
            trail("b", "bad"),
            literal,
        ]);
        let r = audit(&m, &[p], &AuditOptions::default());
        assert_eq!(addrs(&r, "KMS_TRAIL"), vec!["aws_cloudtrail.b"]);
        assert_eq!(
            r.findings[0].message,
            "`aws_kms_key.bad.enable_key_rotation` is false"
        );
        assert_eq!(r.unknown.len(), 1);
        assert_eq!(r.unknown[0].resource_address, "aws_cloudtrail.external");
    }

    #[test]
    fn many_resources_run_in_parallel_in_model_order() {
        let resources: Vec<Resource> = (0..500)
            .map(|i| resource("aws_cloudtrail", &format!("t{i}"), body(vec![], vec![])))
            .collect();
        let r = run(&model(resources), &["SEC006"]);
        assert_eq!(r.findings.len(), 500);
        assert_eq!(r.findings[0].resource_address, "aws_cloudtrail.t0");
        assert_eq!(r.findings[499].resource_address, "aws_cloudtrail.t499");
    }
}
