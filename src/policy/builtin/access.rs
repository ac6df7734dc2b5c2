//! Access that policy documents open beyond administrator rights: resource
//! policies that let anyone in (S3 bucket policies, SEC071; queues, topics,
//! keys, secrets, vaults and other resource policies, SEC084) and identity
//! policies that may pass any role to a service (SEC083).
//!
//! Documents are read through [`Value::json_document`]: JSON strings (heredoc,
//! `file()`), `jsonencode(...)` values and rendered `aws_iam_policy_document`
//! data sources, also when parts of them (ARNs) are known only after apply. A
//! document that is unknown as a whole (a heredoc template interpolating an
//! apply-time value, a variable without a value) is listed as unknown.
//!
//! Rules:
//! - Public: an `Allow` statement whose principal is everyone — `"*"`,
//!   `{"AWS": "*"}` (or a list containing `"*"`), or any `NotPrincipal` — and
//!   whose `Condition` does not pin the caller. A condition pins when it tests,
//!   with a positive operator (not `...Not...`, not `...IfExists`, not
//!   `ForAllValues:`), one of the keys S3 and IAM Access Analyzer accept as
//!   limiting access ([`PINNING_KEYS`]) against values that are not wildcards
//!   (`*`, `0.0.0.0/0`, `::/0`). Values known only after apply are taken as
//!   fixed values.
//! - Passing any role: an `Allow` statement whose `Action` matches
//!   `iam:PassRole` (wildcards included), or whose `NotAction` does not, on
//!   `Resource` `*`, on an ARN whose role part is a wildcard, or with
//!   `NotResource`. Statements that SEC004 reports as administrator access
//!   (every action, or `iam:*`, on every resource) are left to it.

use super::iam::wildcard_match;
use super::policy_doc::{
    document_unknown, items, list_text, raw_statements, statements_unknown, Item, RawStatements,
};
use super::{BuiltinCtx, BuiltinHit};
use crate::finding::Severity;
use crate::policy::eval::Tri;
use crate::policy::index::resource_origins;
use crate::policy::path::{join_index, join_key};
use crate::source::Span;
use crate::terraform::{Mode, Resource, Value};

/// Condition keys that limit who can use a grant to principals, networks or
/// sources fixed in the policy (lower case; IAM condition keys are
/// case-insensitive).
pub const PINNING_KEYS: &[&str] = &[
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceowner",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourceip",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:userid",
    "s3:dataaccesspointaccount",
    "s3:dataaccesspointarn",
    "kms:calleraccount",
];

/// Tri: does some item satisfy `pred`? Unknown items make a false answer
/// unknown, unless `unknown_object` says what an item derived from a
/// configuration object (an ARN, an account id) is.
fn any_item(items: &[Item], pred: impl Fn(&str) -> bool, unknown_object: Tri) -> Tri {
    items.iter().fold(Tri::False, |acc, i| {
        acc.or(match i {
            Item::Known(s) => Tri::from_bool(pred(s)),
            Item::Unknown(origins) if !origins.is_empty() => unknown_object,
            Item::Unknown(_) => Tri::Unknown,
        })
    })
}

/// One statement of a document, with where it is.
struct Statement<'a> {
    value: &'a Value,
    label: String,
    path: String,
    /// Origins of the document as a whole (see [`items`]).
    ambient: &'a [String],
}

impl Statement<'_> {
    fn field(&self, name: &str) -> Option<Vec<Item>> {
        self.value.get(name).map(|v| items(v, self.ambient))
    }

    fn items(&self, v: &Value) -> Vec<Item> {
        items(v, self.ambient)
    }

    fn allow(&self) -> Tri {
        match self
            .value
            .get("Effect")
            .map(|v| (v.is_unknown(), v.as_str()))
        {
            Some((true, _)) => Tri::Unknown,
            Some((false, Some(e))) => Tri::from_bool(e.eq_ignore_ascii_case("Allow")),
            _ => Tri::False,
        }
    }
}

/// The statements of a policy document, or why they cannot be read.
enum Statements<'a> {
    Read(Vec<Statement<'a>>),
    Unknown(String),
    /// Not a policy document (not set, not JSON, no `Statement`).
    Invalid,
}

fn statements<'a>(doc: &'a Value, base: &str, ambient: &'a [String]) -> Statements<'a> {
    match raw_statements(doc, base) {
        RawStatements::Read(list) => Statements::Read(
            list.into_iter()
                .map(|raw| Statement {
                    value: raw.value,
                    label: raw.label,
                    path: raw.path,
                    ambient,
                })
                .collect(),
        ),
        RawStatements::DocumentUnknown => Statements::Unknown(document_unknown(base)),
        RawStatements::StatementsUnknown => Statements::Unknown(statements_unknown(base)),
        RawStatements::Invalid => Statements::Invalid,
    }
}

/// The parsed document held by a policy attribute value.
enum Document {
    Read(Value),
    Unknown,
    Invalid,
}

fn document(v: &Value) -> Document {
    if v.is_null() {
        return Document::Invalid;
    }
    match v.json_document() {
        Some(doc) => Document::Read(doc),
        None if v.is_unknown() => Document::Unknown,
        None => Document::Invalid,
    }
}

/// Judges one statement: its verdict, message and optional severity override;
/// `None` when the statement is not concerned.
type Judge = fn(&Statement<'_>) -> Option<(Tri, String, Option<Severity>)>;

/// Judges every statement of the document held by `v` (displayed as `base`).
fn check_document(
    v: &Value,
    base: &str,
    span: Option<Span>,
    judge: Judge,
    out: &mut Vec<BuiltinHit>,
) {
    let doc = match document(v) {
        Document::Read(doc) => doc,
        Document::Unknown => {
            out.push(BuiltinHit::unknown(
                document_unknown(base),
                Some(base.to_string()),
                span,
            ));
            return;
        }
        Document::Invalid => return,
    };
    let origins = resource_origins(v);
    match statements(&doc, base, &origins) {
        Statements::Invalid => {}
        Statements::Unknown(why) => {
            out.push(BuiltinHit::unknown(why, Some(base.to_string()), span));
        }
        Statements::Read(sts) => {
            for st in &sts {
                if st.value.is_unknown() {
                    out.push(BuiltinHit::unknown(
                        format!("{} is known only after apply", st.label),
                        Some(st.path.clone()),
                        span,
                    ));
                    continue;
                }
                if let Some((truth, message, severity)) = judge(st) {
                    let mut hit = match truth {
                        Tri::True => BuiltinHit::violation(message, Some(st.path.clone()), span),
                        Tri::Unknown => BuiltinHit::unknown(message, Some(st.path.clone()), span),
                        Tri::False => continue,
                    };
                    hit.severity = severity;
                    out.push(hit);
                }
            }
        }
    }
}

/// Runs `judge` over the document in attribute `attr` of the resource.
fn check_attr(r: &Resource, attr: &str, judge: Judge, out: &mut Vec<BuiltinHit>) {
    if let Some(a) = r.body.attr(attr) {
        check_document(&a.value, attr, a.span.or(r.span), judge, out);
    }
}

// ---------------------------------------------------------------------------
// Public resource policies

/// Who a statement grants to, as far as "everyone" is concerned.
fn everyone(st: &Statement<'_>) -> (Tri, String) {
    if st.value.get("NotPrincipal").is_some() {
        return (Tri::True, "every principal except its NotPrincipal".into());
    }
    let Some(p) = st.value.get("Principal") else {
        return (Tri::False, String::new());
    };
    match p.unmarked() {
        Value::Unknown => (Tri::Unknown, "a principal known only after apply".into()),
        Value::String(s) => (
            Tri::from_bool(s.trim() == "*"),
            "any principal (\"*\")".into(),
        ),
        Value::Map(m) => {
            let Some(aws) = m.iter().find(|(k, _)| k.eq_ignore_ascii_case("AWS")) else {
                return (Tri::False, String::new());
            };
            // A principal derived from an object of this configuration (a role,
            // an account id from data.aws_caller_identity) is not "*".
            let t = any_item(&st.items(aws.1), |s| s.trim() == "*", Tri::False);
            (t, "any AWS principal ({\"AWS\": \"*\"})".into())
        }
        _ => (Tri::False, String::new()),
    }
}

fn is_wildcard_value(s: &str) -> bool {
    let s = s.trim();
    s.is_empty() || s.chars().all(|c| c == '*') || s == "0.0.0.0/0" || s == "::/0"
}

/// Does the statement's condition pin the caller (see the module docs)?
fn pinned(st: &Statement<'_>) -> Tri {
    let Some(cond) = st.value.get("Condition") else {
        return Tri::False;
    };
    let ops = match cond.unmarked() {
        Value::Unknown => return Tri::Unknown,
        Value::Map(m) => m,
        _ => return Tri::False,
    };
    let mut result = Tri::False;
    for (op, keys) in ops {
        let op = op.to_ascii_lowercase();
        let negative = op.contains("not") || op.ends_with("ifexists") || op == "null";
        if negative || op.starts_with("forallvalues:") {
            continue;
        }
        let keys = match keys.unmarked() {
            Value::Unknown => {
                result = result.or(Tri::Unknown);
                continue;
            }
            Value::Map(k) => k,
            _ => continue,
        };
        for (key, values) in keys {
            if !PINNING_KEYS.contains(&key.to_ascii_lowercase().as_str()) {
                continue;
            }
            let vals = st.items(values);
            // Every value must be a fixed one; apply-time values are fixed.
            let fixed = !vals.is_empty()
                && vals.iter().all(|i| match i {
                    Item::Known(s) => !is_wildcard_value(s),
                    Item::Unknown(_) => true,
                });
            if fixed {
                return Tri::True;
            }
        }
    }
    result
}

/// S3 actions that change data or permissions (a public grant of any of them
/// is critical).
const S3_WRITE_ACTIONS: &[&str] = &[
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:PutObjectAcl",
    "s3:PutBucketPolicy",
    "s3:PutBucketAcl",
    "s3:DeleteBucket",
    "s3:DeleteBucketPolicy",
    "s3:PutLifecycleConfiguration",
];

fn public_statement(st: &Statement<'_>) -> Option<(Tri, String)> {
    let allow = st.allow();
    if allow == Tri::False {
        return None;
    }
    let (who_truth, who) = everyone(st);
    if who_truth == Tri::False {
        return None;
    }
    let truth = allow.and(who_truth).and(!pinned(st));
    let actions = match (st.field("Action"), st.field("NotAction")) {
        (Some(a), _) => format!("Action {}", list_text(&a)),
        (None, Some(na)) => format!("every action except NotAction {}", list_text(&na)),
        (None, None) => "no action".into(),
    };
    let msg = match truth {
        Tri::Unknown => format!(
            "{} allows {actions} to {who}; whether a condition pins the caller is known only after apply",
            st.label
        ),
        _ => format!(
            "{} allows {actions} to {who} without a condition that pins the caller",
            st.label
        ),
    };
    Some((truth, msg))
}

fn s3_public_statement(st: &Statement<'_>) -> Option<(Tri, String, Option<Severity>)> {
    let (truth, msg) = public_statement(st)?;
    let writes = match (st.field("Action"), st.field("NotAction")) {
        (Some(a), _) => {
            any_item(
                &a,
                |p| S3_WRITE_ACTIONS.iter().any(|w| wildcard_match(p.trim(), w)),
                Tri::Unknown,
            ) == Tri::True
        }
        (None, Some(na)) => S3_WRITE_ACTIONS
            .iter()
            .any(|w| any_item(&na, |p| wildcard_match(p.trim(), w), Tri::Unknown) != Tri::True),
        (None, None) => false,
    };
    let severity = if writes {
        Severity::Critical
    } else {
        Severity::High
    };
    Some((truth, msg, Some(severity)))
}

fn resource_public_statement(st: &Statement<'_>) -> Option<(Tri, String, Option<Severity>)> {
    public_statement(st).map(|(t, m)| (t, m, None))
}

/// SEC071: S3 bucket policies open to everyone.
pub fn s3_bucket_policy_public(_: &BuiltinCtx<'_>, r: &Resource, out: &mut Vec<BuiltinHit>) {
    if r.mode != Mode::Managed {
        return;
    }
    if matches!(r.rtype.as_str(), "aws_s3_bucket_policy" | "aws_s3_bucket") {
        check_attr(r, "policy", s3_public_statement, out);
    }
}

/// The attribute holding the resource policy of each type SEC084 covers.
pub const RESOURCE_POLICY_ATTRS: &[(&str, &str)] = &[
    ("aws_sqs_queue_policy", "policy"),
    ("aws_sqs_queue", "policy"),
    ("aws_sns_topic_policy", "policy"),
    ("aws_sns_topic", "policy"),
    ("aws_kms_key", "policy"),
    ("aws_secretsmanager_secret_policy", "policy"),
    ("aws_secretsmanager_secret", "policy"),
    ("aws_glacier_vault", "access_policy"),
    ("aws_efs_file_system_policy", "policy"),
    ("aws_backup_vault_policy", "policy"),
    ("aws_cloudwatch_log_destination_policy", "access_policy"),
    ("aws_kinesis_resource_policy", "policy"),
];

/// SEC084: resource policies (other than S3, ECR, Lambda and OpenSearch) open to
/// everyone.
pub fn resource_policy_public(_: &BuiltinCtx<'_>, r: &Resource, out: &mut Vec<BuiltinHit>) {
    if r.mode != Mode::Managed {
        return;
    }
    if let Some((_, attr)) = RESOURCE_POLICY_ATTRS.iter().find(|(t, _)| *t == r.rtype) {
        check_attr(r, attr, resource_public_statement, out);
    }
}

// ---------------------------------------------------------------------------
// iam:PassRole on any role

/// `*`, `*:*`: every action.
fn is_all_actions(a: &str) -> bool {
    let a = a.trim();
    match a.split_once(':') {
        None => !a.is_empty() && a.chars().all(|c| c == '*'),
        Some((svc, act)) => {
            !svc.is_empty()
                && !act.is_empty()
                && svc.chars().all(|c| c == '*')
                && act.chars().all(|c| c == '*')
        }
    }
}

fn is_all_wildcards(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c == '*')
}

/// `*`, or an ARN whose every part after the partition is a wildcard.
fn is_all_resources(r: &str) -> bool {
    let r = r.trim();
    if is_all_wildcards(r) {
        return true;
    }
    let parts: Vec<&str> = r.split(':').collect();
    parts.len() >= 3
        && parts.first() == Some(&"arn")
        && parts
            .get(2..)
            .is_some_and(|rest| rest.iter().all(|p| is_all_wildcards(p)))
}

/// A resource pattern that matches every IAM role of an account (or of every
/// account): `*`, `arn:aws:iam::*:*`, `arn:aws:iam::123456789012:role/*`.
fn is_any_role(r: &str) -> bool {
    let r = r.trim();
    if is_all_resources(r) {
        return true;
    }
    let parts: Vec<&str> = r.splitn(6, ':').collect();
    let [arn, _partition, service, _region, _account, resource] = parts.as_slice() else {
        return false;
    };
    if *arn != "arn" || !(service.eq_ignore_ascii_case("iam") || is_all_wildcards(service)) {
        return false;
    }
    // `role/*`, `role*`, `*`: the role part is only wildcards.
    is_all_wildcards(resource)
        || resource
            .strip_prefix("role")
            .is_some_and(|tail| tail.contains('*') && tail.chars().all(|c| c == '*' || c == '/'))
}

fn pass_role_statement(st: &Statement<'_>) -> Option<(Tri, String, Option<Severity>)> {
    let allow = st.allow();
    if allow == Tri::False {
        return None;
    }
    let action = st.field("Action");
    let not_action = st.field("NotAction");
    let resource = st.field("Resource");
    let not_resource = st.field("NotResource");
    let passes = match (&action, &not_action) {
        (Some(a), _) => any_item(
            a,
            |p| wildcard_match(p.trim(), "iam:PassRole"),
            Tri::Unknown,
        ),
        (None, Some(na)) => !any_item(
            na,
            |p| wildcard_match(p.trim(), "iam:PassRole"),
            Tri::Unknown,
        ),
        (None, None) => Tri::False,
    };
    if allow.and(passes) == Tri::False {
        return None;
    }
    // An apply-time resource derived from an object of the configuration is a
    // specific role's ARN.
    let any_role = match (&resource, &not_resource) {
        (Some(r), _) => any_item(r, is_any_role, Tri::False),
        (None, Some(_)) => Tri::True,
        (None, None) => Tri::False,
    };
    if any_role == Tri::False {
        return None;
    }
    // Administrator access is SEC004's.
    let admin_actions = action.as_ref().map_or(Tri::False, |a| {
        any_item(
            a,
            |p| is_all_actions(p) || p.trim().eq_ignore_ascii_case("iam:*"),
            Tri::False,
        )
    });
    let all_resources = resource
        .as_ref()
        .map_or(Tri::False, |r| any_item(r, is_all_resources, Tri::False));
    let sec004 = (admin_actions.and(all_resources))
        .or(Tri::from_bool(not_action.is_some()).and(all_resources))
        .or(admin_actions.and(Tri::from_bool(not_resource.is_some())));
    if sec004 == Tri::True {
        return None;
    }
    let what = match (&action, &not_action) {
        (Some(a), _) => format!("Action {}", list_text(a)),
        (_, Some(na)) => format!("every action except NotAction {}", list_text(na)),
        _ => String::new(),
    };
    let on = match (&resource, &not_resource) {
        (Some(r), _) => format!("Resource {}", list_text(r)),
        (_, Some(nr)) => format!("every resource except NotResource {}", list_text(nr)),
        _ => String::new(),
    };
    let truth = allow.and(passes).and(any_role);
    let msg = match truth {
        Tri::True => format!(
            "{} allows iam:PassRole through {what} on {on}: any role can be passed to a service",
            st.label
        ),
        _ => format!(
            "{} may allow iam:PassRole on any role ({what} on {on}), but part of it is known only after apply",
            st.label
        ),
    };
    Some((truth, msg, None))
}

/// SEC083: identity policies that allow passing any role.
pub fn pass_role_any(_: &BuiltinCtx<'_>, r: &Resource, out: &mut Vec<BuiltinHit>) {
    if r.mode != Mode::Managed {
        return;
    }
    match r.rtype.as_str() {
        "aws_iam_policy"
        | "aws_iam_role_policy"
        | "aws_iam_user_policy"
        | "aws_iam_group_policy" => check_attr(r, "policy", pass_role_statement, out),
        "aws_iam_role" => {
            for (i, b) in r.body.blocks_of("inline_policy").enumerate() {
                let base = join_key(&join_index("inline_policy", i), "policy");
                if b.expansion_unknown {
                    out.push(BuiltinHit::unknown(
                        format!(
                            "`{}` comes from a dynamic block whose for_each is known only after apply",
                            join_index("inline_policy", i)
                        ),
                        Some(base),
                        b.span.or(r.span),
                    ));
                    continue;
                }
                if let Some(a) = b.body.attr("policy") {
                    check_document(
                        &a.value,
                        &base,
                        a.span.or(b.span).or(r.span),
                        pass_role_statement,
                        out,
                    );
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::policy::index::ModelIndex;
    use crate::terraform::{evaluate_source, Model};

    fn run(f: super::super::BuiltinFn, model: &Model, addr: &str) -> Vec<BuiltinHit> {
        let index = ModelIndex::new(model, &[]);
        let ctx = BuiltinCtx {
            index: &index,
            sources: None,
            required_tags: None,
        };
        let r = model.resource(addr).expect("resource");
        let mut out = Vec::new();
        f(&ctx, r, &mut out);
        out
    }

    /// Evaluates one main.tf and runs `f` on `addr`.
    fn run_hcl(f: super::super::BuiltinFn, text: &str, addr: &str) -> Vec<BuiltinHit> {
        let loaded = evaluate_source("main.tf", text);
        assert!(!loaded.model.has_errors(), "{:?}", loaded.model.diagnostics);
        run(f, &loaded.model, addr)
    }

    fn truths(hits: &[BuiltinHit]) -> Vec<Tri> {
        hits.iter().map(|h| h.truth).collect()
    }

    fn bucket_policy(json: &str) -> Model {
        model(vec![resource(
            "aws_s3_bucket_policy",
            "p",
            body(vec![("policy", s(json))], vec![]),
        )])
    }

    #[test]
    fn role_patterns() {
        assert!(is_any_role("*"));
        assert!(is_any_role("arn:aws:iam::*:*"));
        assert!(is_any_role("arn:aws:iam::111122223333:role/*"));
        assert!(is_any_role("arn:aws:iam::111122223333:role*"));
        assert!(is_any_role("arn:aws:*:*:*:*"));
        assert!(is_any_role("arn:aws-us-gov:iam::111122223333:*"));
        assert!(!is_any_role("arn:aws:iam::111122223333:role/app/*"));
        assert!(!is_any_role("arn:aws:iam::111122223333:role/deploy"));
        assert!(!is_any_role("arn:aws:s3:::bucket/*"));
        assert!(!is_any_role("arn:aws:iam::111122223333"));
        assert!(!is_any_role(""));
    }

    #[test]
    fn public_principals_and_pinning_conditions() {
        let verdict = |stmt: &str| {
            let m = bucket_policy(&format!(r#"{{"Statement": [{stmt}]}}"#));
            truths(&run(s3_bucket_policy_public, &m, "aws_s3_bucket_policy.p"))
        };
        let base = r#""Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*""#;
        assert_eq!(
            verdict(&format!(r#"{{{base}, "Principal": "*"}}"#)),
            vec![Tri::True]
        );
        assert_eq!(
            verdict(&format!(
                r#"{{{base}, "Principal": {{"AWS": ["arn:aws:iam::111122223333:root", "*"]}}}}"#
            )),
            vec![Tri::True]
        );
        assert_eq!(
            verdict(&format!(
                r#"{{{base}, "NotPrincipal": {{"AWS": "arn:aws:iam::111122223333:root"}}}}"#
            )),
            vec![Tri::True]
        );
        // Named principals, services and denials are not public.
        assert!(verdict(&format!(
            r#"{{{base}, "Principal": {{"AWS": "111122223333"}}}}"#
        ))
        .is_empty());
        assert!(verdict(&format!(
            r#"{{{base}, "Principal": {{"Service": "logging.s3.amazonaws.com"}}}}"#
        ))
        .is_empty());
        assert!(verdict(
            r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}"#
        )
        .is_empty());
        // Pinning conditions, case-insensitive keys.
        for cond in [
            r#"{"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}"#,
            r#"{"IpAddress": {"AWS:SourceIp": ["203.0.113.0/24"]}}"#,
            r#"{"StringEquals": {"aws:sourcevpce": "vpce-1"}}"#,
            r#"{"ForAnyValue:StringEquals": {"aws:SourceAccount": ["111122223333"]}}"#,
        ] {
            assert!(
                verdict(&format!(
                    r#"{{{base}, "Principal": "*", "Condition": {cond}}}"#
                ))
                .is_empty(),
                "{cond}"
            );
        }
        // Conditions that do not pin.
        for cond in [
            r#"{"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}"#,
            r#"{"StringNotEquals": {"aws:PrincipalOrgID": "o-abc"}}"#,
            r#"{"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1"}}"#,
            r#"{"ForAllValues:StringEquals": {"aws:SourceAccount": ["111122223333"]}}"#,
            r#"{"StringLike": {"aws:SourceArn": "*"}}"#,
            r#"{"Bool": {"aws:SecureTransport": "true"}}"#,
        ] {
            assert_eq!(
                verdict(&format!(
                    r#"{{{base}, "Principal": "*", "Condition": {cond}}}"#
                )),
                vec![Tri::True],
                "{cond}"
            );
        }
    }

    #[test]
    fn s3_severity_depends_on_write_access() {
        let sev = |action: &str| {
            let m = bucket_policy(&format!(
                r#"{{"Statement": {{"Effect": "Allow", "Principal": "*", "Action": {action}, "Resource": "*"}}}}"#
            ));
            run(s3_bucket_policy_public, &m, "aws_s3_bucket_policy.p")
                .first()
                .and_then(|h| h.severity)
        };
        assert_eq!(sev(r#""s3:GetObject""#), Some(Severity::High));
        assert_eq!(sev(r#"["s3:ListBucket", "s3:Get*"]"#), Some(Severity::High));
        assert_eq!(sev(r#""s3:Put*""#), Some(Severity::Critical));
        assert_eq!(sev(r#""s3:*""#), Some(Severity::Critical));
        assert_eq!(sev(r#""*""#), Some(Severity::Critical));
        assert_eq!(
            sev(r#"["s3:GetObject", "s3:DeleteObject"]"#),
            Some(Severity::Critical)
        );
    }

    #[test]
    fn documents_through_hcl() {
        // jsonencode with an apply-time ARN, data source, and a heredoc whose
        // interpolation makes the whole document unknown.
        let text = r#"
resource "aws_s3_bucket" "b" {
  bucket = "b"
}

resource "aws_s3_bucket_policy" "encoded" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.b.arn}/*"
    }]
  })
}

data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.b.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceVpce"
      values   = ["vpce-1"]
    }
  }
}

resource "aws_s3_bucket_policy" "document" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.d.json
}

variable "principal" {
  type = string
}

resource "aws_s3_bucket_policy" "template" {
  bucket = "b"
  policy = <<-JSON
    {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "${var.principal}"},
      "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}
  JSON
}
"#;
        let hits = run_hcl(
            s3_bucket_policy_public,
            text,
            "aws_s3_bucket_policy.encoded",
        );
        assert_eq!(truths(&hits), vec![Tri::True]);
        assert_eq!(hits[0].path.as_deref(), Some("policy.Statement[0]"));
        assert!(hits[0].span.is_some());
        assert!(run_hcl(
            s3_bucket_policy_public,
            text,
            "aws_s3_bucket_policy.document"
        )
        .is_empty());
        let unknown = run_hcl(
            s3_bucket_policy_public,
            text,
            "aws_s3_bucket_policy.template",
        );
        assert_eq!(truths(&unknown), vec![Tri::Unknown]);
    }

    #[test]
    fn unknown_principal_or_condition_is_undecided() {
        let text = r#"
variable "principal" {
  type = string
}

variable "org" {
  type = string
}

resource "aws_sqs_queue_policy" "who" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111122223333/q"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { AWS = var.principal }, Action = "sqs:*", Resource = "*" }]
  })
}

resource "aws_sqs_queue_policy" "condition" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111122223333/q"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = "*"
      Condition = { StringEquals = { "aws:PrincipalOrgID" = var.org } }
    }]
  })
}
"#;
        let who = run_hcl(resource_policy_public, text, "aws_sqs_queue_policy.who");
        assert_eq!(truths(&who), vec![Tri::Unknown]);
        // An apply-time value in a pinning condition is still a fixed value.
        assert!(run_hcl(
            resource_policy_public,
            text,
            "aws_sqs_queue_policy.condition"
        )
        .is_empty());
    }

    #[test]
    fn resource_policy_types_and_attributes() {
        let doc = r#"{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "glacier:*", "Resource": "*"}}"#;
        let m = model(vec![
            resource(
                "aws_glacier_vault",
                "v",
                body(vec![("access_policy", s(doc))], vec![]),
            ),
            resource(
                "aws_kms_key",
                "k",
                body(vec![("description", s("no policy"))], vec![]),
            ),
            resource(
                "aws_ecr_repository_policy",
                "r",
                body(vec![("policy", s(doc))], vec![]),
            ),
        ]);
        assert_eq!(
            truths(&run(resource_policy_public, &m, "aws_glacier_vault.v")),
            vec![Tri::True]
        );
        assert!(run(resource_policy_public, &m, "aws_kms_key.k").is_empty());
        // ECR repository policies belong to another policy.
        assert!(run(resource_policy_public, &m, "aws_ecr_repository_policy.r").is_empty());
        // Not JSON, no statements: nothing to judge.
        let junk = model(vec![resource(
            "aws_sns_topic",
            "t",
            body(vec![("policy", s("not json"))], vec![]),
        )]);
        assert!(run(resource_policy_public, &junk, "aws_sns_topic.t").is_empty());
    }

    #[test]
    fn pass_role_statements() {
        let verdict = |stmt: &str| {
            let m = model(vec![resource(
                "aws_iam_policy",
                "p",
                body(
                    vec![("policy", s(&format!(r#"{{"Statement": [{stmt}]}}"#)))],
                    vec![],
                ),
            )]);
            truths(&run(pass_role_any, &m, "aws_iam_policy.p"))
        };
        let t = |a: &str, r: &str| {
            verdict(&format!(
                r#"{{"Effect": "Allow", "Action": {a}, "Resource": {r}}}"#
            ))
        };
        assert_eq!(t(r#""iam:PassRole""#, r#""*""#), vec![Tri::True]);
        assert_eq!(t(r#""IAM:passrole""#, r#""*""#), vec![Tri::True]);
        assert_eq!(
            t(r#"["iam:Get*", "iam:Pass*"]"#, r#""arn:aws:iam::1:role/*""#),
            vec![Tri::True]
        );
        assert_eq!(
            t(r#""iam:*""#, r#""arn:aws:iam::*:role/*""#),
            vec![Tri::True]
        );
        assert!(t(r#""iam:PassRole""#, r#""arn:aws:iam::1:role/app/*""#).is_empty());
        assert!(t(r#""iam:GetRole""#, r#""*""#).is_empty());
        // SEC004 territory: every action, or iam:*, on every resource.
        assert!(t(r#""*""#, r#""*""#).is_empty());
        assert!(t(r#""iam:*""#, r#""*""#).is_empty());
        assert!(verdict(r#"{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}"#).is_empty());
        // NotAction that leaves PassRole allowed, on a role path wildcard.
        assert_eq!(
            verdict(
                r#"{"Effect": "Allow", "NotAction": "s3:*", "Resource": "arn:aws:iam::1:role/*"}"#
            ),
            vec![Tri::True]
        );
        assert_eq!(
            verdict(
                r#"{"Effect": "Allow", "Action": "iam:PassRole", "NotResource": "arn:aws:iam::1:role/admin"}"#
            ),
            vec![Tri::True]
        );
        assert!(
            verdict(r#"{"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*"}"#).is_empty()
        );
    }

    #[test]
    fn pass_role_through_hcl() {
        let text = r#"
resource "aws_iam_role" "task" {
  name               = "task"
  assume_role_policy = "{}"
}

variable "roles" {
  type = list(string)
}

resource "aws_iam_role_policy" "specific" {
  role = "deployer"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = aws_iam_role.task.arn }]
  })
}

resource "aws_iam_role_policy" "from_variable" {
  role = "deployer"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = var.roles }]
  })
}

locals {
  policies = {
    pass = jsonencode({ Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }] })
    read = jsonencode({ Statement = [{ Effect = "Allow", Action = "iam:GetRole", Resource = "*" }] })
  }
}

resource "aws_iam_role" "ops" {
  name               = "ops"
  assume_role_policy = "{}"

  dynamic "inline_policy" {
    for_each = local.policies
    content {
      name   = inline_policy.key
      policy = inline_policy.value
    }
  }
}
"#;
        assert!(run_hcl(pass_role_any, text, "aws_iam_role_policy.specific").is_empty());
        assert_eq!(
            truths(&run_hcl(
                pass_role_any,
                text,
                "aws_iam_role_policy.from_variable"
            )),
            vec![Tri::Unknown]
        );
        let ops = run_hcl(pass_role_any, text, "aws_iam_role.ops");
        assert_eq!(truths(&ops), vec![Tri::True]);
        assert_eq!(
            ops[0].path.as_deref(),
            Some("inline_policy[0].policy.Statement[0]")
        );
    }
}
