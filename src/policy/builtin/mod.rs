//! Checks written in Rust, referenced from policy YAML as `builtin: NAME`.
//!
//! A built-in check looks at one resource and reports [`BuiltinHit`]s: each is
//! either a violation (`Tri::True`) or a check that could not be decided because a
//! value is unknown (`Tri::Unknown`). The engine adds the policy's metadata.

pub mod access;
pub mod cost;
pub mod iam;
pub mod network;
pub mod policy_doc;
pub mod reliability;
pub mod secrets;
pub mod workloads;

use super::eval::Tri;
use super::index::ModelIndex;
use crate::finding::Severity;
use crate::source::{SourceMap, Span};
use crate::terraform::Resource;

/// What a built-in check can see besides the resource.
pub struct BuiltinCtx<'a> {
    pub index: &'a ModelIndex<'a>,
    /// Source text, when available: used to tell literals from computed values.
    pub sources: Option<&'a SourceMap>,
    /// Tags COST001 requires (`required_tags` in `.chkmate.yml`); `None` keeps
    /// the default (Environment, Owner).
    pub required_tags: Option<&'a [String]>,
}

/// One result of a built-in check.
#[derive(Clone, Debug, PartialEq)]
pub struct BuiltinHit {
    /// `True`: a violation. `Unknown`: undecidable (listed under unknown).
    pub truth: Tri,
    /// Specific message (for unknowns: the reason). Never contains a secret.
    pub message: String,
    pub path: Option<String>,
    pub span: Option<Span>,
    /// Overrides the policy's default severity for this hit.
    pub severity: Option<Severity>,
}

impl BuiltinHit {
    pub fn violation(message: impl Into<String>, path: Option<String>, span: Option<Span>) -> Self {
        BuiltinHit {
            truth: Tri::True,
            message: message.into(),
            path,
            span,
            severity: None,
        }
    }

    pub fn unknown(reason: impl Into<String>, path: Option<String>, span: Option<Span>) -> Self {
        BuiltinHit {
            truth: Tri::Unknown,
            message: reason.into(),
            path,
            span,
            severity: None,
        }
    }
}

/// The signature of a built-in check.
pub type BuiltinFn = fn(&BuiltinCtx<'_>, &Resource, &mut Vec<BuiltinHit>);

/// Every built-in check by name.
pub const BUILTINS: &[(&str, BuiltinFn)] = &[
    (
        "security_group_admin_ports",
        network::security_group_admin_ports,
    ),
    (
        "security_group_all_ports",
        network::security_group_all_ports,
    ),
    ("network_acl_admin_ports", network::network_acl_admin_ports),
    ("iam_admin_policy", iam::admin_policy),
    ("iam_trust_policy", iam::trust_policy),
    ("iam_inline_policy", iam::inline_policy),
    ("hardcoded_secrets", secrets::hardcoded_secrets),
    (
        "ecs_privileged_container",
        workloads::ecs_privileged_container,
    ),
    (
        "ecs_writable_root_filesystem",
        workloads::ecs_writable_root_filesystem,
    ),
    ("ecs_host_namespaces", workloads::ecs_host_namespaces),
    ("ecr_policy_public", workloads::ecr_policy_public),
    (
        "opensearch_domain_public",
        workloads::opensearch_domain_public,
    ),
    ("s3_bucket_policy_public", access::s3_bucket_policy_public),
    ("resource_policy_public", access::resource_policy_public),
    ("iam_pass_role_any", access::pass_role_any),
    ("cost_allocation_tags", cost::cost_allocation_tags),
    (
        "rds_multi_az_non_production",
        cost::rds_multi_az_non_production,
    ),
    ("graviton_available", cost::graviton_available),
    ("previous_generation", cost::previous_generation),
    ("idle_load_balancer", cost::idle_load_balancer),
    (
        "dynamodb_without_autoscaling",
        cost::dynamodb_without_autoscaling,
    ),
    (
        "rds_single_az_production",
        reliability::rds_single_az_production,
    ),
    (
        "lb_deletion_protection_production",
        reliability::lb_deletion_protection_production,
    ),
    (
        "final_snapshot_skipped_production",
        reliability::final_snapshot_skipped_production,
    ),
    (
        "s3_replication_critical",
        reliability::s3_replication_critical,
    ),
    (
        "aurora_single_instance",
        reliability::aurora_single_instance,
    ),
    ("single_az_placement", reliability::single_az_placement),
];

/// The check with this name.
pub fn lookup(name: &str) -> Option<BuiltinFn> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

/// Names of every built-in check.
pub fn names() -> Vec<&'static str> {
    BUILTINS.iter().map(|(n, _)| *n).collect()
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Hand-built resources for unit tests of built-in checks.
    use crate::terraform::{Attr, Body, Mode, Model, NestedBlock, Resource, Value};
    use std::collections::BTreeMap;

    pub fn body(attrs: Vec<(&str, Value)>, blocks: Vec<NestedBlock>) -> Body {
        let mut b = Body::default();
        for (k, v) in attrs {
            b.attrs.insert(
                k.to_string(),
                Attr {
                    value: v,
                    span: None,
                },
            );
        }
        b.blocks = blocks;
        b
    }

    pub fn block(kind: &str, b: Body) -> NestedBlock {
        NestedBlock {
            kind: kind.into(),
            labels: vec![],
            body: b,
            span: None,
            dynamic: false,
            expansion_unknown: false,
        }
    }

    pub fn resource(rtype: &str, name: &str, b: Body) -> Resource {
        Resource {
            address: format!("{rtype}.{name}"),
            mode: Mode::Managed,
            rtype: rtype.into(),
            name: name.into(),
            body: b,
            ..Resource::default()
        }
    }

    pub fn data(rtype: &str, name: &str, b: Body) -> Resource {
        Resource {
            address: format!("data.{rtype}.{name}"),
            mode: Mode::Data,
            rtype: rtype.into(),
            name: name.into(),
            body: b,
            ..Resource::default()
        }
    }

    pub fn s(x: &str) -> Value {
        Value::string(x)
    }

    pub fn n(x: f64) -> Value {
        Value::Number(x)
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(items)
    }

    pub fn map(items: Vec<(&str, Value)>) -> Value {
        Value::Map(
            items
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect::<BTreeMap<_, _>>(),
        )
    }

    pub fn model(resources: Vec<Resource>) -> Model {
        Model {
            resources,
            ..Model::default()
        }
    }
}
