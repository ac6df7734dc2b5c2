//! Checks on compute, container and edge services that the declarative format
//! cannot express because the data lives inside JSON documents:
//!
//! - ECS container definitions (`container_definitions` is a JSON string built
//!   with `jsonencode`, a heredoc or `file()`): privileged containers (SEC052),
//!   writable root filesystems (SEC053), host PID namespace and root containers
//!   on host networking (SEC054);
//! - resource policies that let anyone in: ECR repository and registry policies
//!   (SEC048), OpenSearch / Elasticsearch domain access policies outside a VPC
//!   (SEC062).
//!
//! Documents are read with [`Value::json_document`], so a `jsonencode` value
//! whose parts are known only after apply keeps its structure and only the
//! unknown parts are undecided. A policy rendered by a
//! `data "aws_iam_policy_document"` whose JSON is not known yet is read from the
//! data source's statement blocks. Anything that cannot be decided is reported
//! as unknown, never as a finding.

use super::policy_doc::{
    document_sources, document_unknown, raw_statements, statement_label, RawStatement,
    RawStatements,
};
use super::{BuiltinCtx, BuiltinHit};
use crate::policy::eval::Tri;
use crate::policy::index::resource_origins;
use crate::policy::path::{join_index, join_key};
use crate::source::Span;
use crate::terraform::{Mode, Resource, Value};

// ---------------------------------------------------------------------------
// ECS container definitions
// ---------------------------------------------------------------------------

/// One container definition, or why the list cannot be read.
/// (display name, JSON path of the container, definition).
type Container = (String, String, Value);

enum Containers {
    List(Vec<Container>),
    Unknown,
    /// Not set or not a list of container objects.
    Invalid,
}

/// The container definitions to judge, or `None` when there are none (an
/// unknown list is reported as undecided first).
fn container_list(
    r: &Resource,
    out: &mut Vec<BuiltinHit>,
) -> Option<(Vec<Container>, Option<Span>)> {
    match containers(r) {
        (Containers::List(l), span) => Some((l, span)),
        (Containers::Unknown, span) => {
            unknown_definitions(out, span);
            None
        }
        (Containers::Invalid, _) => None,
    }
}

fn containers(r: &Resource) -> (Containers, Option<Span>) {
    let Some(attr) = r.body.attr("container_definitions") else {
        return (Containers::Invalid, r.span);
    };
    let span = attr.span.or(r.span);
    let v = &attr.value;
    if v.is_null() {
        return (Containers::Invalid, span);
    }
    let Some(doc) = v.json_document() else {
        return if v.is_unknown() {
            (Containers::Unknown, span)
        } else {
            (Containers::Invalid, span)
        };
    };
    let items = match doc.unmarked() {
        Value::List(items) => items,
        Value::Unknown => return (Containers::Unknown, span),
        _ => return (Containers::Invalid, span),
    };
    let mut out = Vec::new();
    for (i, c) in items.iter().enumerate() {
        let path = join_index("container_definitions", i);
        let name = match c.get("name").and_then(Value::as_str) {
            Some(n) => format!("container \"{n}\""),
            None => format!("container {}", i + 1),
        };
        out.push((name, path, c.clone()));
    }
    (Containers::List(out), span)
}

/// A JSON boolean field; ECS also accepts the strings "true"/"false" when the
/// document is written by hand. `None` when absent.
fn json_bool(v: Option<&Value>) -> Option<Tri> {
    let v = v?;
    match v.unmarked() {
        Value::Null => None,
        Value::Unknown => Some(Tri::Unknown),
        Value::Bool(b) => Some(Tri::from_bool(*b)),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(Tri::True),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(Tri::False),
        _ => Some(Tri::False),
    }
}

fn unknown_definitions(out: &mut Vec<BuiltinHit>, span: Option<Span>) {
    out.push(BuiltinHit::unknown(
        "`container_definitions` is known only after apply",
        Some("container_definitions".into()),
        span,
    ));
}

/// SEC052: a container definition sets `"privileged": true`.
pub fn ecs_privileged_container(_: &BuiltinCtx<'_>, r: &Resource, out: &mut Vec<BuiltinHit>) {
    let Some((list, span)) = container_list(r, out) else {
        return;
    };
    for (name, path, c) in list {
        let path = join_key(&path, "privileged");
        if c.is_unknown() {
            out.push(BuiltinHit::unknown(
                format!("{name} is known only after apply"),
                Some(path),
                span,
            ));
            continue;
        }
        match json_bool(c.get("privileged")) {
            Some(Tri::True) => out.push(BuiltinHit::violation(
                format!("{name} runs in privileged mode (`\"privileged\": true`)"),
                Some(path),
                span,
            )),
            Some(Tri::Unknown) => out.push(BuiltinHit::unknown(
                format!("whether {name} is privileged is known only after apply"),
                Some(path),
                span,
            )),
            _ => {}
        }
    }
}

/// True when the task runs on Windows, where a read-only root filesystem is not
/// supported.
fn windows_task(r: &Resource) -> Tri {
    let mut t = Tri::False;
    for b in r.body.blocks_of("runtime_platform") {
        if b.expansion_unknown {
            t = t.or(Tri::Unknown);
            continue;
        }
        match b.body.value("operating_system_family") {
            Some(v) if v.is_unknown() => t = t.or(Tri::Unknown),
            Some(v) => {
                if let Some(s) = v.as_str() {
                    t = t.or(Tri::from_bool(s.starts_with("WINDOWS")));
                }
            }
            None => {}
        }
    }
    t
}

/// SEC053: a container definition does not set `"readonlyRootFilesystem": true`
/// (Linux tasks only).
pub fn ecs_writable_root_filesystem(_: &BuiltinCtx<'_>, r: &Resource, out: &mut Vec<BuiltinHit>) {
    let windows = windows_task(r);
    if windows == Tri::True {
        return;
    }
    let Some((list, span)) = container_list(r, out) else {
        return;
    };
    for (name, path, c) in list {
        let path = join_key(&path, "readonlyRootFilesystem");
        if c.is_unknown() {
            out.push(BuiltinHit::unknown(
                format!("{name} is known only after apply"),
                Some(path),
                span,
            ));
            continue;
        }
        let (truth, message) = match json_bool(c.get("readonlyRootFilesystem")) {
            None => (
                Tri::True,
                format!(
                    "{name} has a writable root filesystem (`readonlyRootFilesystem` is not set)"
                ),
            ),
            Some(Tri::False) => (
                Tri::True,
                format!(
                    "{name} has a writable root filesystem (`\"readonlyRootFilesystem\": false`)"
                ),
            ),
            Some(Tri::Unknown) => (
                Tri::Unknown,
                format!("`readonlyRootFilesystem` of {name} is known only after apply"),
            ),
            Some(Tri::True) => continue,
        };
        match (truth, windows) {
            (Tri::True, Tri::False) => out.push(BuiltinHit::violation(message, Some(path), span)),
            (Tri::True, _) => out.push(BuiltinHit::unknown(
                "the task's operating system family is known only after apply",
                Some("runtime_platform".into()),
                span,
            )),
            _ => out.push(BuiltinHit::unknown(message, Some(path), span)),
        }
    }
}

/// Whether a container runs as root: `user` unset (the image's user, root
/// unless the image says otherwise — ECS reports it as root), `root`, `0`, or
/// `root:group` / `0:group`.
fn runs_as_root(c: &Value) -> Tri {
    let Some(u) = c.get("user") else {
        return Tri::True;
    };
    match u.unmarked() {
        Value::Null => Tri::True,
        Value::Unknown => Tri::Unknown,
        _ => match u.to_tf_string() {
            Some(s) => {
                let who = s.split(':').next().unwrap_or("").trim();
                Tri::from_bool(who.is_empty() || who == "root" || who == "0")
            }
            None => Tri::False,
        },
    }
}

/// SEC054: the task shares the host's PID namespace (`pid_mode = "host"`), or
/// uses host networking with a container that runs as root.
pub fn ecs_host_namespaces(_: &BuiltinCtx<'_>, r: &Resource, out: &mut Vec<BuiltinHit>) {
    let attr_span = |name: &str| r.body.attr(name).and_then(|a| a.span).or(r.span);
    if let Some(v) = r.body.value("pid_mode") {
        if v.is_unknown() {
            out.push(BuiltinHit::unknown(
                "`pid_mode` is known only after apply",
                Some("pid_mode".into()),
                attr_span("pid_mode"),
            ));
        } else if v.as_str() == Some("host") {
            out.push(BuiltinHit::violation(
                "the task shares the host's process namespace (`pid_mode = \"host\"`)",
                Some("pid_mode".into()),
                attr_span("pid_mode"),
            ));
        }
    }
    let host_network = match r.body.value("network_mode") {
        Some(v) if v.is_unknown() => Tri::Unknown,
        Some(v) => Tri::from_bool(v.as_str() == Some("host")),
        None => Tri::False,
    };
    if host_network == Tri::False {
        return;
    }
    let Some((list, span)) = container_list(r, out) else {
        return;
    };
    for (name, path, c) in list {
        let path = join_key(&path, "user");
        let root = if c.is_unknown() {
            Tri::Unknown
        } else {
            runs_as_root(&c)
        };
        match host_network.and(root) {
            Tri::True => {
                let how = match c.get("user").and_then(|u| u.to_tf_string()) {
                    Some(u) => format!("`\"user\": \"{u}\"`"),
                    None => "no `user` is set".to_string(),
                };
                out.push(BuiltinHit::violation(
                    format!("{name} runs as root on the host's network namespace (`network_mode = \"host\"`, {how})"),
                    Some(path),
                    span,
                ));
            }
            Tri::Unknown => out.push(BuiltinHit::unknown(
                format!("whether {name} runs as root on host networking is known only after apply"),
                Some(path),
                span,
            )),
            Tri::False => {}
        }
    }
}

// ---------------------------------------------------------------------------
// Public resource policies
// ---------------------------------------------------------------------------

/// Condition keys that pin an `Allow` for everyone to known callers or
/// networks (compared lower-cased).
const PINNING_KEYS: &[&str] = &[
    "aws:sourceip",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceowner",
    "aws:sourceorgid",
    "aws:userid",
];

/// Whether one statement allows everyone, and how it says so.
struct Verdict {
    truth: Tri,
    /// Violation: what makes it public. Unknown: what is not known.
    text: String,
    path: String,
}

fn tri_all(parts: &[Tri]) -> Tri {
    parts.iter().fold(Tri::True, |acc, t| acc.and(*t))
}

/// Does a principal value (`"*"`, `{"AWS": "*"}`, `{"AWS": ["*", ...]}`) name
/// everyone?
fn json_principal_star(p: &Value) -> Tri {
    match p.unmarked() {
        Value::Unknown => Tri::Unknown,
        Value::String(s) => Tri::from_bool(s == "*"),
        Value::Map(m) => {
            let mut t = Tri::False;
            for (k, v) in m {
                if k != "AWS" && k != "*" {
                    continue;
                }
                t = t.or(strings_contain_star(v));
            }
            t
        }
        _ => Tri::False,
    }
}

fn strings_contain_star(v: &Value) -> Tri {
    match v.unmarked() {
        Value::Unknown => Tri::Unknown,
        Value::String(s) => Tri::from_bool(s == "*"),
        Value::List(xs) => xs
            .iter()
            .fold(Tri::False, |acc, x| acc.or(strings_contain_star(x))),
        _ => Tri::False,
    }
}

/// Is the statement limited by a pinning condition key?
fn json_pinned(c: Option<&Value>) -> Tri {
    let Some(c) = c else {
        return Tri::False;
    };
    match c.unmarked() {
        Value::Null => Tri::False,
        Value::Unknown => Tri::Unknown,
        Value::Map(ops) => {
            let mut t = Tri::False;
            for inner in ops.values() {
                match inner.unmarked() {
                    Value::Map(keys) => {
                        let pinned = keys
                            .keys()
                            .any(|k| PINNING_KEYS.contains(&k.to_ascii_lowercase().as_str()));
                        t = t.or(Tri::from_bool(pinned));
                    }
                    Value::Unknown => t = t.or(Tri::Unknown),
                    _ => {}
                }
            }
            t
        }
        _ => Tri::False,
    }
}

/// The verdicts of the statements of a JSON policy document.
fn json_verdicts(doc: &Value, base: &str) -> Vec<Verdict> {
    let list = match raw_statements(doc, base) {
        RawStatements::Read(list) => list,
        RawStatements::DocumentUnknown => {
            return vec![Verdict {
                truth: Tri::Unknown,
                text: document_unknown(base),
                path: base.to_string(),
            }]
        }
        // An unknown `Statement` reads as one statement known only after apply.
        RawStatements::StatementsUnknown => {
            return vec![Verdict {
                truth: Tri::Unknown,
                text: format!("{} is known only after apply", statement_label(None, 0)),
                path: join_key(base, "Statement"),
            }]
        }
        RawStatements::Invalid => return Vec::new(),
    };
    let mut out = Vec::new();
    for RawStatement {
        value: s,
        label,
        path,
        ..
    } in list
    {
        if s.is_unknown() {
            out.push(Verdict {
                truth: Tri::Unknown,
                text: format!("{label} is known only after apply"),
                path,
            });
            continue;
        }
        let allow = match s.get("Effect").map(Value::unmarked) {
            Some(Value::Unknown) => Tri::Unknown,
            Some(v) => Tri::from_bool(v.as_str() == Some("Allow")),
            None => Tri::False,
        };
        let (everyone, who) = match (s.get("NotPrincipal"), s.get("Principal")) {
            (Some(np), _) if !np.is_null() => (Tri::True, "`NotPrincipal` (everyone else)"),
            (_, Some(p)) => (json_principal_star(p), "principal `*`"),
            _ => (Tri::False, ""),
        };
        let pinned = json_pinned(s.get("Condition"));
        let truth = tri_all(&[allow, everyone, !pinned]);
        let text = match truth {
            Tri::True => format!("{label} allows {who} without a condition on the caller's account, organization, network or source"),
            _ => format!("whether {label} allows everyone is known only after apply"),
        };
        out.push(Verdict { truth, text, path });
    }
    out
}

/// The verdicts of a `data "aws_iam_policy_document"` read from its blocks
/// (used when its rendered JSON is known only after apply).
fn data_verdicts(d: &Resource) -> Vec<Verdict> {
    let body = &d.body;
    let mut out = Vec::new();
    for attr in [
        "source_policy_documents",
        "override_policy_documents",
        "source_json",
        "override_json",
    ] {
        let Some(v) = body.value(attr) else {
            continue;
        };
        if v.is_null() {
            continue;
        }
        let docs: Vec<&Value> = match v.unmarked() {
            Value::List(xs) => xs.iter().collect(),
            _ => vec![v],
        };
        for (i, doc) in docs.into_iter().enumerate() {
            let base = format!("{}.{}", d.address, join_index(attr, i));
            match doc.json_document() {
                Some(j) => out.extend(json_verdicts(&j, &base)),
                None if doc.is_unknown() => out.push(Verdict {
                    truth: Tri::Unknown,
                    text: document_unknown(&base),
                    path: base,
                }),
                None => {}
            }
        }
    }
    for (i, b) in body.blocks_of("statement").enumerate() {
        let path = format!("{}.{}", d.address, join_index("statement", i));
        let sid = b.body.value("sid").and_then(Value::as_str);
        let label = format!("{} of {}", statement_label(sid, i), d.address);
        if b.expansion_unknown {
            out.push(Verdict {
                truth: Tri::Unknown,
                text: format!("{label} comes from a dynamic block known only after apply"),
                path,
            });
            continue;
        }
        let sb = &b.body;
        let allow = match sb.value("effect") {
            None => Tri::True,
            Some(v) if v.is_null() => Tri::True,
            Some(v) if v.is_unknown() => Tri::Unknown,
            Some(v) => Tri::from_bool(v.as_str() == Some("Allow")),
        };
        let mut everyone = Tri::False;
        let mut who = "principal `*`";
        if sb.blocks_of("not_principals").next().is_some() {
            everyone = Tri::True;
            who = "`not_principals` (everyone else)";
        } else {
            for p in sb.blocks_of("principals") {
                if p.expansion_unknown {
                    everyone = everyone.or(Tri::Unknown);
                    continue;
                }
                let ty = p.body.value("type");
                let ids = p.body.value("identifiers");
                let t = match (ty.map(Value::unmarked), ids) {
                    (Some(Value::Unknown), _) => Tri::Unknown,
                    (Some(Value::String(t)), _) if t == "*" => Tri::True,
                    (Some(Value::String(t)), Some(ids)) if t == "AWS" => strings_contain_star(ids),
                    _ => Tri::False,
                };
                everyone = everyone.or(t);
            }
        }
        let mut pinned = Tri::False;
        for c in sb.blocks_of("condition") {
            if c.expansion_unknown {
                pinned = pinned.or(Tri::Unknown);
                continue;
            }
            match c.body.value("variable") {
                Some(v) if v.is_unknown() => pinned = pinned.or(Tri::Unknown),
                Some(v) => {
                    if let Some(s) = v.as_str() {
                        let k = s.to_ascii_lowercase();
                        pinned = pinned.or(Tri::from_bool(PINNING_KEYS.contains(&k.as_str())));
                    }
                }
                None => {}
            }
        }
        let truth = tri_all(&[allow, everyone, !pinned]);
        let text = match truth {
            Tri::True => format!("{label} allows {who} without a condition on the caller's account, organization, network or source"),
            _ => format!("whether {label} allows everyone is known only after apply"),
        };
        out.push(Verdict { truth, text, path });
    }
    out
}

/// The verdicts of the policy document held by `attr` of `r`.
fn policy_verdicts(ctx: &BuiltinCtx<'_>, r: &Resource, attr: &str) -> Vec<Verdict> {
    let Some(v) = r.body.value(attr) else {
        return Vec::new();
    };
    if v.is_null() {
        return Vec::new();
    }
    if let Some(doc) = v.json_document() {
        return json_verdicts(&doc, attr);
    }
    if !v.is_unknown() {
        // Not JSON: the provider would reject it; nothing to judge.
        return Vec::new();
    }
    let docs = document_sources(ctx, r, v);
    if docs.is_empty() {
        return vec![Verdict {
            truth: Tri::Unknown,
            text: document_unknown(attr),
            path: attr.to_string(),
        }];
    }
    docs.into_iter().flat_map(data_verdicts).collect()
}

/// Reports the public statements (and the undecided ones when nothing is
/// certainly public).
fn report(verdicts: Vec<Verdict>, span: Option<Span>, prefix: &str, out: &mut Vec<BuiltinHit>) {
    let public: Vec<&Verdict> = verdicts.iter().filter(|v| v.truth == Tri::True).collect();
    if !public.is_empty() {
        for v in public {
            out.push(BuiltinHit::violation(
                format!("{prefix}{}", v.text),
                Some(v.path.clone()),
                span,
            ));
        }
        return;
    }
    if let Some(v) = verdicts.iter().find(|v| v.truth == Tri::Unknown) {
        out.push(BuiltinHit::unknown(
            v.text.clone(),
            Some(v.path.clone()),
            span,
        ));
    }
}

/// SEC048: an ECR repository or registry policy allows everyone.
pub fn ecr_policy_public(ctx: &BuiltinCtx<'_>, r: &Resource, out: &mut Vec<BuiltinHit>) {
    let span = r.body.attr("policy").and_then(|a| a.span).or(r.span);
    report(policy_verdicts(ctx, r, "policy"), span, "", out);
}

/// Is the domain placed in a VPC (a `vpc_options` block with subnets)?
fn domain_in_vpc(d: &Resource) -> Tri {
    let mut t = Tri::False;
    for b in d.body.blocks_of("vpc_options") {
        if b.expansion_unknown {
            t = t.or(Tri::Unknown);
            continue;
        }
        t = t.or(match b.body.value("subnet_ids") {
            None => Tri::False,
            Some(v) => match v.unmarked() {
                Value::Null => Tri::False,
                Value::List(xs) => Tri::from_bool(!xs.is_empty()),
                // An unknown list: set from other resources' IDs (subnets), so
                // the domain is in a VPC; from a variable, undecided.
                Value::Unknown if !resource_origins(v).is_empty() => Tri::True,
                Value::Unknown => Tri::Unknown,
                _ => Tri::False,
            },
        });
    }
    t
}

/// Does fine-grained access control require every request to authenticate
/// (`advanced_security_options.enabled` without anonymous access)?
fn domain_requires_auth(d: &Resource) -> Tri {
    let mut t = Tri::False;
    for b in d.body.blocks_of("advanced_security_options") {
        if b.expansion_unknown {
            t = t.or(Tri::Unknown);
            continue;
        }
        let enabled = json_bool(b.body.value("enabled")).unwrap_or(Tri::False);
        let anonymous = json_bool(b.body.value("anonymous_auth_enabled")).unwrap_or(Tri::False);
        t = t.or(enabled.and(!anonymous));
    }
    t
}

fn is_domain(r: &Resource) -> bool {
    r.mode == Mode::Managed
        && (r.rtype == "aws_opensearch_domain" || r.rtype == "aws_elasticsearch_domain")
}

/// The domain a `*_domain_policy` resource applies to: through the origins of
/// `domain_name`, or by a known name.
fn policy_domain<'a>(ctx: &BuiltinCtx<'a>, r: &Resource) -> Option<&'a Resource> {
    let v = r.body.value("domain_name")?;
    if let Some(d) = resource_origins(v)
        .iter()
        .filter_map(|a| ctx.index.by_address(&r.root, a))
        .find(|d| is_domain(d))
    {
        return Some(d);
    }
    let name = v.as_str()?;
    ctx.index
        .resources()
        .iter()
        .filter(|d| d.root == r.root && is_domain(d))
        .find(|d| d.body.value("domain_name").and_then(Value::as_str) == Some(name))
}

/// SEC062: an OpenSearch / Elasticsearch domain outside a VPC whose access
/// policy allows everyone, without fine-grained access control requiring
/// authentication.
pub fn opensearch_domain_public(ctx: &BuiltinCtx<'_>, r: &Resource, out: &mut Vec<BuiltinHit>) {
    let attr = "access_policies";
    let span = r.body.attr(attr).and_then(|a| a.span).or(r.span);
    let verdicts = policy_verdicts(ctx, r, attr);
    if verdicts.iter().all(|v| v.truth == Tri::False) {
        return;
    }
    // The domain's placement and authentication: its own, or those of the
    // domain a policy resource applies to.
    let domain = if is_domain(r) {
        Some(r)
    } else {
        policy_domain(ctx, r)
    };
    let Some(domain) = domain else {
        out.push(BuiltinHit::unknown(
            "the domain this policy applies to is not part of this configuration, so whether it is reachable from the internet is unknown",
            Some("domain_name".into()),
            span,
        ));
        return;
    };
    let exposed = !(domain_in_vpc(domain).or(domain_requires_auth(domain)));
    match exposed {
        Tri::False => {}
        Tri::True => {
            let prefix = if std::ptr::eq(domain, r) {
                "the domain is outside a VPC and ".to_string()
            } else {
                format!("{} is outside a VPC and ", domain.address)
            };
            report(verdicts, span, &prefix, out);
        }
        Tri::Unknown => out.push(BuiltinHit::unknown(
            format!(
                "whether {} is in a VPC or requires authentication is known only after apply",
                domain.address
            ),
            Some("vpc_options".into()),
            span,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::index::ModelIndex;
    use crate::terraform::evaluate_source;

    /// Evaluates `hcl` and runs `f` on the resource at `addr`.
    fn run(f: super::super::BuiltinFn, hcl: &str, addr: &str) -> Vec<BuiltinHit> {
        let loaded = evaluate_source("main.tf", hcl);
        assert!(!loaded.model.has_errors(), "{:?}", loaded.model.diagnostics);
        let index = ModelIndex::new(&loaded.model, &[]);
        let ctx = BuiltinCtx {
            index: &index,
            sources: Some(&loaded.sources),
            required_tags: None,
        };
        let r = loaded.model.resource(addr).expect("resource");
        let mut out = Vec::new();
        f(&ctx, r, &mut out);
        out
    }

    fn violations(hits: &[BuiltinHit]) -> Vec<String> {
        hits.iter()
            .filter(|h| h.truth == Tri::True)
            .map(|h| h.path.clone().unwrap_or_default())
            .collect()
    }

    fn unknowns(hits: &[BuiltinHit]) -> usize {
        hits.iter().filter(|h| h.truth == Tri::Unknown).count()
    }

    const TASK: &str = r#"
variable "image" {
  type = string
}

resource "aws_ecs_task_definition" "t" {
  family       = "app"
  network_mode = "host"
  container_definitions = jsonencode([
    { name = "web", image = var.image, privileged = true, readonlyRootFilesystem = true, user = "1000" },
    { name = "sidecar", image = "busybox", user = "root:root" },
    { name = "worker", image = "busybox", readonlyRootFilesystem = false, privileged = false, user = "app" },
  ])
}
"#;

    #[test]
    fn privileged_containers_are_found_in_jsonencode_with_unknown_parts() {
        let hits = run(ecs_privileged_container, TASK, "aws_ecs_task_definition.t");
        assert_eq!(
            violations(&hits),
            vec!["container_definitions[0].privileged"]
        );
        assert_eq!(unknowns(&hits), 0);
        assert!(hits[0].message.contains("\"web\""), "{}", hits[0].message);
    }

    #[test]
    fn writable_root_filesystems_are_found() {
        let hits = run(
            ecs_writable_root_filesystem,
            TASK,
            "aws_ecs_task_definition.t",
        );
        assert_eq!(
            violations(&hits),
            vec![
                "container_definitions[1].readonlyRootFilesystem",
                "container_definitions[2].readonlyRootFilesystem"
            ]
        );
    }

    #[test]
    fn root_containers_on_host_networking_are_found() {
        let hits = run(ecs_host_namespaces, TASK, "aws_ecs_task_definition.t");
        assert_eq!(violations(&hits), vec!["container_definitions[1].user"]);
        let bridge = TASK.replace("\"host\"", "\"awsvpc\"");
        let hits = run(ecs_host_namespaces, &bridge, "aws_ecs_task_definition.t");
        assert!(hits.is_empty(), "{hits:?}");
    }

    #[test]
    fn heredoc_definitions_and_pid_mode() {
        let hcl = r#"
resource "aws_ecs_task_definition" "t" {
  family   = "app"
  pid_mode = "host"
  container_definitions = <<-EOT
    [{"name": "agent", "image": "agent:1", "privileged": "true", "readonlyRootFilesystem": true}]
  EOT
}
"#;
        let hits = run(ecs_privileged_container, hcl, "aws_ecs_task_definition.t");
        assert_eq!(
            violations(&hits),
            vec!["container_definitions[0].privileged"]
        );
        let hits = run(
            ecs_writable_root_filesystem,
            hcl,
            "aws_ecs_task_definition.t",
        );
        assert!(hits.is_empty(), "{hits:?}");
        let hits = run(ecs_host_namespaces, hcl, "aws_ecs_task_definition.t");
        assert_eq!(violations(&hits), vec!["pid_mode"]);
    }

    #[test]
    fn unknown_definitions_are_undecided_never_findings() {
        let hcl = r#"
variable "defs" {
  type = string
}

variable "privileged" {
  type = bool
}

resource "aws_ecs_task_definition" "a" {
  family                = "a"
  network_mode          = "host"
  container_definitions = var.defs
}

resource "aws_ecs_task_definition" "b" {
  family                = "b"
  container_definitions = jsonencode([{ name = "x", image = "x", privileged = var.privileged, readonlyRootFilesystem = true }])
}
"#;
        for f in [
            ecs_privileged_container as super::super::BuiltinFn,
            ecs_writable_root_filesystem,
            ecs_host_namespaces,
        ] {
            let hits = run(f, hcl, "aws_ecs_task_definition.a");
            assert!(violations(&hits).is_empty());
            assert_eq!(unknowns(&hits), 1, "{hits:?}");
        }
        let hits = run(ecs_privileged_container, hcl, "aws_ecs_task_definition.b");
        assert!(violations(&hits).is_empty());
        assert_eq!(unknowns(&hits), 1);
        let hits = run(
            ecs_writable_root_filesystem,
            hcl,
            "aws_ecs_task_definition.b",
        );
        assert!(hits.is_empty(), "{hits:?}");
    }

    #[test]
    fn windows_tasks_are_exempt_from_read_only_root() {
        let hcl = r#"
resource "aws_ecs_task_definition" "w" {
  family                = "w"
  container_definitions = jsonencode([{ name = "iis", image = "iis" }])
  runtime_platform {
    operating_system_family = "WINDOWS_SERVER_2022_CORE"
  }
}
"#;
        let hits = run(
            ecs_writable_root_filesystem,
            hcl,
            "aws_ecs_task_definition.w",
        );
        assert!(hits.is_empty(), "{hits:?}");
    }

    #[test]
    fn ecr_policies_in_every_form() {
        let hcl = r#"
resource "aws_ecr_repository" "r" {
  name = "app"
}

data "aws_iam_policy_document" "open" {
  statement {
    sid     = "Pull"
    actions = ["ecr:BatchGetImage"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

data "aws_iam_policy_document" "org" {
  statement {
    actions   = ["ecr:BatchGetImage"]
    resources = [aws_ecr_repository.r.arn]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-abc123"]
    }
  }
}

data "aws_iam_policy_document" "open_late" {
  statement {
    actions   = ["ecr:BatchGetImage"]
    resources = [aws_ecr_repository.r.arn]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_ecr_repository_policy" "doc" {
  repository = aws_ecr_repository.r.name
  policy     = data.aws_iam_policy_document.open.json
}

resource "aws_ecr_repository_policy" "org" {
  repository = aws_ecr_repository.r.name
  policy     = data.aws_iam_policy_document.org.json
}

resource "aws_ecr_repository_policy" "late" {
  repository = aws_ecr_repository.r.name
  policy     = data.aws_iam_policy_document.open_late.json
}

resource "aws_ecr_repository_policy" "enc" {
  repository = aws_ecr_repository.r.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Mine", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "ecr:*" },
      { Sid = "All", Effect = "Allow", Principal = { AWS = ["*"] }, Action = "ecr:BatchGetImage", Resource = aws_ecr_repository.r.arn },
    ]
  })
}

resource "aws_ecr_repository_policy" "deny" {
  repository = aws_ecr_repository.r.name
  policy     = jsonencode({ Statement = [{ Effect = "Deny", Principal = "*", Action = "ecr:*" }] })
}
"#;
        let hits = run(ecr_policy_public, hcl, "aws_ecr_repository_policy.doc");
        assert_eq!(violations(&hits), vec!["policy.Statement[0]"]);
        assert!(hits[0].message.contains("statement \"Pull\""));
        let hits = run(ecr_policy_public, hcl, "aws_ecr_repository_policy.org");
        assert!(hits.is_empty(), "{hits:?}");
        let hits = run(ecr_policy_public, hcl, "aws_ecr_repository_policy.late");
        assert_eq!(violations(&hits).len(), 1, "{hits:?}");
        let hits = run(ecr_policy_public, hcl, "aws_ecr_repository_policy.enc");
        assert_eq!(violations(&hits), vec!["policy.Statement[1]"]);
        let hits = run(ecr_policy_public, hcl, "aws_ecr_repository_policy.deny");
        assert!(hits.is_empty(), "{hits:?}");
    }

    #[test]
    fn not_principal_and_unpinned_conditions_count_as_everyone() {
        let hcl = r#"
variable "condition_key" {
  type = string
}

resource "aws_ecr_repository_policy" "np" {
  repository = "app"
  policy = jsonencode({
    Statement = [{
      Effect       = "Allow"
      NotPrincipal = { AWS = "arn:aws:iam::111122223333:root" }
      Action       = "ecr:BatchGetImage"
    }]
  })
}

resource "aws_ecr_repository_policy" "tls" {
  repository = "app"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "ecr:BatchGetImage"
      Condition = { Bool = { "aws:SecureTransport" = "true" } }
    }]
  })
}

data "aws_iam_policy_document" "late" {
  statement {
    actions   = ["ecr:BatchGetImage"]
    resources = [aws_ecr_repository_policy.np.id]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = var.condition_key
      values   = ["x"]
    }
  }
}

resource "aws_ecr_registry_policy" "late" {
  policy = data.aws_iam_policy_document.late.json
}
"#;
        let hits = run(ecr_policy_public, hcl, "aws_ecr_repository_policy.np");
        assert_eq!(violations(&hits), vec!["policy.Statement[0]"]);
        assert!(hits[0].message.contains("NotPrincipal"));
        let hits = run(ecr_policy_public, hcl, "aws_ecr_repository_policy.tls");
        assert_eq!(violations(&hits).len(), 1, "{hits:?}");
        // A condition key known only after apply might pin the callers.
        let hits = run(ecr_policy_public, hcl, "aws_ecr_registry_policy.late");
        assert!(violations(&hits).is_empty(), "{hits:?}");
        assert_eq!(unknowns(&hits), 1, "{hits:?}");
    }

    #[test]
    fn unknown_policies_are_undecided() {
        let hcl = r#"
variable "policy" {
  type = string
}

variable "principal" {
  type = string
}

resource "aws_ecr_repository_policy" "v" {
  repository = "app"
  policy     = var.policy
}

resource "aws_ecr_repository_policy" "p" {
  repository = "app"
  policy     = jsonencode({ Statement = [{ Effect = "Allow", Principal = var.principal, Action = "ecr:*" }] })
}
"#;
        for addr in ["aws_ecr_repository_policy.v", "aws_ecr_repository_policy.p"] {
            let hits = run(ecr_policy_public, hcl, addr);
            assert!(violations(&hits).is_empty(), "{addr}: {hits:?}");
            assert_eq!(unknowns(&hits), 1, "{addr}: {hits:?}");
        }
    }

    #[test]
    fn opensearch_public_only_outside_a_vpc_without_authentication() {
        let hcl = r#"
resource "aws_subnet" "a" {
  vpc_id     = "vpc-123"
  cidr_block = "10.0.1.0/24"
}

locals {
  open = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "es:*", Resource = "*" }]
  })
}

resource "aws_opensearch_domain" "public" {
  domain_name     = "public"
  access_policies = local.open
}

resource "aws_opensearch_domain" "ip" {
  domain_name = "ip"
  access_policies = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "es:ESHttpGet"
      Condition = { IpAddress = { "aws:SourceIp" = ["203.0.113.0/24"] } }
    }]
  })
}

resource "aws_opensearch_domain" "vpc" {
  domain_name     = "vpc"
  access_policies = local.open
  vpc_options {
    subnet_ids = [aws_subnet.a.id]
  }
}

resource "aws_opensearch_domain" "fgac" {
  domain_name     = "fgac"
  access_policies = local.open
  advanced_security_options {
    enabled                        = true
    internal_user_database_enabled = true
  }
}

resource "aws_elasticsearch_domain" "legacy" {
  domain_name = "legacy"
}

resource "aws_elasticsearch_domain_policy" "legacy" {
  domain_name     = aws_elasticsearch_domain.legacy.domain_name
  access_policies = local.open
}

resource "aws_opensearch_domain_policy" "vpc" {
  domain_name     = "vpc"
  access_policies = local.open
}

resource "aws_opensearch_domain_policy" "elsewhere" {
  domain_name     = "not-here"
  access_policies = local.open
}
"#;
        let hits = run(
            opensearch_domain_public,
            hcl,
            "aws_opensearch_domain.public",
        );
        assert_eq!(violations(&hits), vec!["access_policies.Statement[0]"]);
        assert!(hits[0].message.starts_with("the domain is outside a VPC"));
        for quiet in [
            "aws_opensearch_domain.ip",
            "aws_opensearch_domain.vpc",
            "aws_opensearch_domain.fgac",
            "aws_elasticsearch_domain.legacy",
            "aws_opensearch_domain_policy.vpc",
        ] {
            let hits = run(opensearch_domain_public, hcl, quiet);
            assert!(hits.is_empty(), "{quiet}: {hits:?}");
        }
        let hits = run(
            opensearch_domain_public,
            hcl,
            "aws_elasticsearch_domain_policy.legacy",
        );
        assert_eq!(violations(&hits).len(), 1, "{hits:?}");
        assert!(hits[0]
            .message
            .starts_with("aws_elasticsearch_domain.legacy is outside a VPC"));
        let hits = run(
            opensearch_domain_public,
            hcl,
            "aws_opensearch_domain_policy.elsewhere",
        );
        assert!(violations(&hits).is_empty());
        assert_eq!(unknowns(&hits), 1);
    }
}
