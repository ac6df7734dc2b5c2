//! IAM policy document analysis: administrative access (SEC004), permissive role
//! trust policies (SEC030) and inline policies (SEC028).
//!
//! Documents are read in every form Terraform configurations use: a JSON string
//! (heredoc or `file()`), a `jsonencode(...)` value (also when parts such as ARNs
//! are known only after apply: the structure travels with the unknown string),
//! and `data "aws_iam_policy_document"`, whose statement blocks are read
//! directly so values keep their origins. `Statement` may be one object or a
//! list; `Action`/`NotAction`/`Resource`/`NotResource` strings or lists.
//!
//! Rules:
//! - Administrative access: an `Allow` statement with `Action` `*` (or `*:*`) on
//!   `Resource` `*`; with `NotAction` on `Resource` `*`; or with `Action` `*` and
//!   `NotResource`. `iam:*` on `*` counts as well: it lets the holder grant itself
//!   any permission. Attaching the AWS managed `AdministratorAccess` policy is
//!   reported too.
//! - Trust policies: an `Allow` statement for `sts:AssumeRole*` whose principal is
//!   `*` (or `{"AWS": "*"}`, or `NotPrincipal`) without a condition that pins the
//!   caller (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn`,
//!   `aws:SourceAccount`, `aws:SourceArn` ...), or whose AWS principal is an
//!   account (12-digit id or IAM/STS ARN) without an `sts:ExternalId` condition.
//!   Which account is "this" account cannot be known statically, so every literal
//!   account id counts as another account; a principal derived from an object
//!   of the configuration (`data.aws_caller_identity`, a role it creates) is
//!   this account and is accepted.

use super::policy_doc::{data_statements, document, items, Doc, Item, Principal, Stmt};
use super::{BuiltinCtx, BuiltinHit};
use crate::policy::eval::Tri;
use crate::policy::index::resource_origins;
use crate::policy::path::{join_index, join_key};
use crate::source::Span;
use crate::terraform::{Mode, Resource, Value};

/// Case-insensitive IAM wildcard match (`*` any sequence, `?` one character).
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let t: Vec<char> = text.to_lowercase().chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// `*`, `*:*`, `**` ...: matches every action.
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

/// `*` or an ARN whose every part after `arn:PARTITION:` is a wildcard.
fn is_all_resources(r: &str) -> bool {
    let r = r.trim();
    if !r.is_empty() && r.chars().all(|c| c == '*') {
        return true;
    }
    let parts: Vec<&str> = r.split(':').collect();
    parts.len() >= 3
        && parts.first() == Some(&"arn")
        && parts[2..]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c == '*'))
}

/// Tri: does any item satisfy `pred` (unknown items make it unknown)?
fn any_item(items: Option<&Vec<Item>>, pred: impl Fn(&str) -> bool) -> Tri {
    let Some(items) = items else {
        return Tri::False;
    };
    items.iter().fold(Tri::False, |acc, i| {
        acc.or(match i {
            Item::Known(s) => Tri::from_bool(pred(s)),
            Item::Unknown(_) => Tri::Unknown,
        })
    })
}

fn is_allow(st: &Stmt) -> Tri {
    match &st.effect {
        Some(Item::Known(e)) => Tri::from_bool(e == "Allow"),
        Some(Item::Unknown(_)) => Tri::Unknown,
        None => Tri::False,
    }
}

fn list_text(items: Option<&Vec<Item>>) -> String {
    items.map_or_else(|| "[]".into(), |i| super::policy_doc::list_text(i))
}

/// Judges one statement for administrative access.
fn admin_statement(st: &Stmt) -> Option<(Tri, String)> {
    if st.unknown {
        return Some((
            Tri::Unknown,
            format!("{} is known only after apply", st.label),
        ));
    }
    let allow = is_allow(st);
    if allow == Tri::False {
        return None;
    }
    let all_actions = any_item(st.action.as_ref(), is_all_actions);
    let iam_all = any_item(st.action.as_ref(), |a| {
        a.trim().eq_ignore_ascii_case("iam:*")
    });
    let not_action = Tri::from_bool(st.not_action.is_some());
    let all_resources = any_item(st.resource.as_ref(), is_all_resources);
    let not_resource = Tri::from_bool(st.not_resource.is_some());
    let candidates = [
        (
            all_actions.and(all_resources),
            format!(
                "{} allows Action {} on Resource {}",
                st.label,
                list_text(st.action.as_ref()),
                list_text(st.resource.as_ref())
            ),
        ),
        (
            not_action.and(all_resources),
            format!(
                "{} allows every action except NotAction {} on Resource {}",
                st.label,
                list_text(st.not_action.as_ref()),
                list_text(st.resource.as_ref())
            ),
        ),
        (
            all_actions.and(not_resource),
            format!(
                "{} allows Action {} on every resource except NotResource {}",
                st.label,
                list_text(st.action.as_ref()),
                list_text(st.not_resource.as_ref())
            ),
        ),
        (
            iam_all.and(all_resources),
            format!(
                "{} allows \"iam:*\" on Resource {}, which lets the holder grant itself any permission",
                st.label,
                list_text(st.resource.as_ref())
            ),
        ),
    ];
    let mut unknown: Option<String> = None;
    for (t, msg) in candidates {
        match allow.and(t) {
            Tri::True => return Some((Tri::True, msg)),
            Tri::Unknown if unknown.is_none() => unknown = Some(msg),
            _ => {}
        }
    }
    unknown.map(|m| {
        (
            Tri::Unknown,
            format!(
                "{m} may grant administrative access, but part of it is known only after apply"
            ),
        )
    })
}

fn report_doc(
    doc: Doc,
    judge: fn(&Stmt) -> Option<(Tri, String)>,
    fallback_path: &str,
    fallback_span: Option<Span>,
    out: &mut Vec<BuiltinHit>,
) {
    match doc {
        Doc::Invalid => {}
        Doc::Unknown(why) => out.push(BuiltinHit::unknown(
            why,
            Some(fallback_path.to_string()),
            fallback_span,
        )),
        Doc::Statements(sts) => {
            for st in &sts {
                if let Some((t, msg)) = judge(st) {
                    let hit = if t == Tri::True {
                        BuiltinHit::violation(msg, Some(st.path.clone()), st.span.or(fallback_span))
                    } else {
                        BuiltinHit::unknown(msg, Some(st.path.clone()), st.span.or(fallback_span))
                    };
                    out.push(hit);
                }
            }
        }
    }
}

const ADMIN_ACCESS_POLICY: &str = ":iam::aws:policy/AdministratorAccess";

fn is_admin_access_arn(s: &str) -> bool {
    s.starts_with("arn:") && s.ends_with(ADMIN_ACCESS_POLICY)
}

/// SEC004: policies granting full administrative access.
pub fn admin_policy(ctx: &BuiltinCtx<'_>, r: &Resource, out: &mut Vec<BuiltinHit>) {
    match (r.mode, r.rtype.as_str()) {
        (Mode::Data, "aws_iam_policy_document") => report_doc(
            data_statements(r),
            admin_statement,
            "statement",
            r.span,
            out,
        ),
        (
            Mode::Managed,
            "aws_iam_policy"
            | "aws_iam_role_policy"
            | "aws_iam_user_policy"
            | "aws_iam_group_policy",
        ) => {
            if let Some(a) = r.body.attr("policy") {
                let span = a.span.or(r.span);
                let doc = document(ctx, r, &a.value, "policy", span);
                report_doc(doc, admin_statement, "policy", span, out);
            }
        }
        (Mode::Managed, "aws_iam_role") => {
            for (i, b) in r.body.blocks_of("inline_policy").enumerate() {
                let base = join_key(&join_index("inline_policy", i), "policy");
                if let Some(a) = b.body.attr("policy") {
                    let span = a.span.or(b.span).or(r.span);
                    let doc = document(ctx, r, &a.value, &base, span);
                    report_doc(doc, admin_statement, &base, span, out);
                }
            }
            if let Some(a) = r.body.attr("managed_policy_arns") {
                for item in items(&a.value, &[]) {
                    if let Item::Known(arn) = item {
                        if is_admin_access_arn(&arn) {
                            out.push(BuiltinHit::violation(
                                format!("attaches the AWS managed policy {arn}"),
                                Some("managed_policy_arns".into()),
                                a.span.or(r.span),
                            ));
                        }
                    }
                }
            }
        }
        (
            Mode::Managed,
            "aws_iam_role_policy_attachment"
            | "aws_iam_user_policy_attachment"
            | "aws_iam_group_policy_attachment"
            | "aws_iam_policy_attachment",
        ) => {
            if let Some(a) = r.body.attr("policy_arn") {
                if let Some(arn) = a.value.as_str() {
                    if is_admin_access_arn(arn) {
                        out.push(BuiltinHit::violation(
                            format!("attaches the AWS managed policy {arn}"),
                            Some("policy_arn".into()),
                            a.span.or(r.span),
                        ));
                    }
                }
            }
        }
        _ => {}
    }
}

const PINNING_CONDITION_KEYS: &[&str] = &[
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
];

/// The account id of an AWS principal string, when it names an account.
fn principal_account(s: &str) -> Option<String> {
    let s = s.trim();
    if s.len() == 12 && s.chars().all(|c| c.is_ascii_digit()) {
        return Some(s.to_string());
    }
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    if parts.len() >= 6
        && parts[0] == "arn"
        && (parts[2] == "iam" || parts[2] == "sts")
        && parts[4].len() == 12
        && parts[4].chars().all(|c| c.is_ascii_digit())
    {
        return Some(parts[4].to_string());
    }
    None
}

/// An unknown principal derived from objects of this configuration (a role it
/// creates, `data.aws_caller_identity`) belongs to this configuration's
/// account; one from a variable without a value could be anything.
fn from_this_configuration(origins: &[String]) -> bool {
    !origins.is_empty()
}

fn has_key(st: &Stmt, keys: &[&str]) -> Tri {
    if st.condition_keys.iter().any(|k| keys.contains(&k.as_str())) {
        Tri::True
    } else if st.condition_unknown {
        Tri::Unknown
    } else {
        Tri::False
    }
}

/// Judges one trust statement.
fn trust_statement(st: &Stmt) -> Option<(Tri, String)> {
    if st.unknown {
        return Some((
            Tri::Unknown,
            format!("{} is known only after apply", st.label),
        ));
    }
    let allow = is_allow(st);
    if allow == Tri::False {
        return None;
    }
    let assume = any_item(st.action.as_ref(), |a| {
        [
            "sts:AssumeRole",
            "sts:AssumeRoleWithSAML",
            "sts:AssumeRoleWithWebIdentity",
        ]
        .iter()
        .any(|x| wildcard_match(a.trim(), x))
    })
    .or(Tri::from_bool(st.not_action.is_some()));
    let gate = allow.and(assume);
    if gate == Tri::False {
        return None;
    }
    let pinned = has_key(st, PINNING_CONDITION_KEYS);
    let external_id = has_key(st, &["sts:externalid"]);
    let mut verdicts: Vec<(Tri, String)> = Vec::new();
    if st.not_principal.is_some() {
        verdicts.push((
            !pinned,
            format!(
                "{} trusts every principal except its NotPrincipal",
                st.label
            ),
        ));
    }
    match &st.principal {
        None => {}
        Some(Principal::Unknown) => verdicts.push((
            Tri::Unknown,
            format!("the principal of {} is known only after apply", st.label),
        )),
        Some(Principal::Star) => verdicts.push((
            !pinned,
            format!(
                "{} trusts any principal (\"*\") without a condition that pins the caller",
                st.label
            ),
        )),
        Some(Principal::Typed(types)) => {
            for (ty, ids) in types {
                if ty != "AWS" {
                    continue;
                }
                for id in ids {
                    match id {
                        Item::Known(s) if s.trim() == "*" => verdicts.push((
                            !pinned,
                            format!(
                                "{} trusts any AWS principal (\"*\") without a condition that pins the caller",
                                st.label
                            ),
                        )),
                        Item::Known(s) => {
                            if let Some(acct) = principal_account(s) {
                                verdicts.push((
                                    !external_id,
                                    format!(
                                        "{} trusts account {acct} ({s}) without an sts:ExternalId condition",
                                        st.label
                                    ),
                                ));
                            }
                        }
                        Item::Unknown(origins) => {
                            if !from_this_configuration(origins) {
                                verdicts.push((
                                    (!external_id).and(Tri::Unknown),
                                    format!(
                                        "an AWS principal of {} is known only after apply",
                                        st.label
                                    ),
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    let mut unknown = None;
    for (t, msg) in verdicts {
        match gate.and(t) {
            Tri::True => return Some((Tri::True, msg)),
            Tri::Unknown if unknown.is_none() => unknown = Some(msg),
            _ => {}
        }
    }
    unknown.map(|m| (Tri::Unknown, m))
}

/// SEC030: role trust policies open to any principal or to other accounts
/// without an external id.
pub fn trust_policy(ctx: &BuiltinCtx<'_>, r: &Resource, out: &mut Vec<BuiltinHit>) {
    if r.mode != Mode::Managed || r.rtype != "aws_iam_role" {
        return;
    }
    let Some(a) = r.body.attr("assume_role_policy") else {
        return;
    };
    let span = a.span.or(r.span);
    let doc = document(ctx, r, &a.value, "assume_role_policy", span);
    report_doc(doc, trust_statement, "assume_role_policy", span, out);
}

fn subject(v: Option<&Value>) -> String {
    match v {
        Some(v) if v.as_str().is_some() => format!("\"{}\"", v.as_str().unwrap_or_default()),
        Some(v) => resource_origins(v)
            .into_iter()
            .next()
            .unwrap_or_else(|| "(known after apply)".into()),
        None => "(not set)".into(),
    }
}

/// SEC028: inline IAM policies.
pub fn inline_policy(_: &BuiltinCtx<'_>, r: &Resource, out: &mut Vec<BuiltinHit>) {
    if r.mode != Mode::Managed {
        return;
    }
    let owner = match r.rtype.as_str() {
        "aws_iam_role_policy" => Some(("role", "role")),
        "aws_iam_user_policy" => Some(("user", "user")),
        "aws_iam_group_policy" => Some(("group", "group")),
        _ => None,
    };
    if let Some((attr, what)) = owner {
        out.push(BuiltinHit::violation(
            format!(
                "inline policy embedded in {what} {}; use a managed policy and an attachment",
                subject(r.body.value(attr))
            ),
            None,
            r.span,
        ));
        return;
    }
    if r.rtype == "aws_iam_role" {
        for (i, b) in r.body.blocks_of("inline_policy").enumerate() {
            let has_policy = b
                .body
                .value("policy")
                .is_some_and(|v| !v.is_null() && v.as_str() != Some(""));
            if has_policy || b.expansion_unknown {
                let path = join_index("inline_policy", i);
                let name = b
                    .body
                    .value("name")
                    .and_then(Value::as_str)
                    .map(|n| format!(" \"{n}\""))
                    .unwrap_or_default();
                let msg =
                    format!("role has inline_policy{name}; use a managed policy and an attachment");
                out.push(if b.expansion_unknown {
                    BuiltinHit::unknown(
                        format!(
                            "{msg} (from a dynamic block whose for_each is known only after apply)"
                        ),
                        Some(path),
                        b.span.or(r.span),
                    )
                } else {
                    BuiltinHit::violation(msg, Some(path), b.span.or(r.span))
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::policy_doc::template_document;
    use super::super::test_support::*;
    use super::*;
    use crate::policy::index::ModelIndex;
    use crate::terraform::{Marks, Model, Origin, OriginKind};

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

    fn policy_resource(json: &str) -> Model {
        model(vec![resource(
            "aws_iam_policy",
            "p",
            body(vec![("policy", s(json))], vec![]),
        )])
    }

    #[test]
    fn wildcards() {
        assert!(wildcard_match("sts:*", "sts:AssumeRole"));
        assert!(wildcard_match("STS:assume*", "sts:AssumeRoleWithSAML"));
        assert!(wildcard_match("*", "x"));
        assert!(wildcard_match("s?s:AssumeRole", "sts:AssumeRole"));
        assert!(!wildcard_match("s3:*", "sts:AssumeRole"));
        assert!(is_all_actions("*") && is_all_actions("*:*"));
        assert!(!is_all_actions("s3:*") && !is_all_actions("iam:*"));
        assert!(is_all_resources("*") && is_all_resources("arn:aws:*:*:*:*"));
        assert!(!is_all_resources("arn:aws:s3:::*"));
    }

    #[test]
    fn heredoc_admin_single_statement_object() {
        let m = policy_resource(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#,
        );
        let hits = run(admin_policy, &m, "aws_iam_policy.p");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].truth, Tri::True);
        assert_eq!(hits[0].path.as_deref(), Some("policy.Statement"));
        assert_eq!(
            hits[0].message,
            "statement 1 allows Action \"*\" on Resource \"*\""
        );
    }

    #[test]
    fn not_action_and_iam_star() {
        let m = policy_resource(
            r#"{"Statement":[{"Sid":"Read","Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"},
               {"Sid":"Most","Effect":"Allow","NotAction":["iam:*"],"Resource":["*"]}]}"#,
        );
        let hits = run(admin_policy, &m, "aws_iam_policy.p");
        assert_eq!(hits.len(), 1);
        assert!(hits[0]
            .message
            .starts_with("statement \"Most\" allows every action except NotAction \"iam:*\""));
        assert_eq!(hits[0].path.as_deref(), Some("policy.Statement[1]"));

        let m = policy_resource(
            r#"{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}"#,
        );
        assert_eq!(run(admin_policy, &m, "aws_iam_policy.p").len(), 1);

        // Deny and scoped statements are fine.
        let m = policy_resource(
            r#"{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"},
               {"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/*"}]}"#,
        );
        assert!(run(admin_policy, &m, "aws_iam_policy.p").is_empty());
    }

    #[test]
    fn jsonencode_map_with_unknown_resource() {
        let doc = map(vec![(
            "Statement",
            list(vec![map(vec![
                ("Effect", s("Allow")),
                ("Action", s("*")),
                (
                    "Resource",
                    Value::unknown_from(Origin::new(OriginKind::Resource, "aws_s3_bucket.b")),
                ),
            ])]),
        )]);
        let m = model(vec![resource(
            "aws_iam_role_policy",
            "p",
            body(vec![("policy", doc)], vec![]),
        )]);
        let hits = run(admin_policy, &m, "aws_iam_role_policy.p");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].truth, Tri::Unknown);
    }

    fn doc_data(name: &str, statements: Vec<crate::terraform::NestedBlock>) -> Resource {
        data("aws_iam_policy_document", name, body(vec![], statements))
    }

    fn stmt(
        attrs: Vec<(&str, Value)>,
        blocks: Vec<crate::terraform::NestedBlock>,
    ) -> crate::terraform::NestedBlock {
        block("statement", body(attrs, blocks))
    }

    #[test]
    fn policy_document_data_source_and_reference() {
        let d = doc_data(
            "admin",
            vec![stmt(
                vec![
                    ("actions", list(vec![s("*")])),
                    ("resources", list(vec![s("*")])),
                ],
                vec![],
            )],
        );
        let json = Value::Unknown.with_marks(Marks::origin(Origin::new(
            OriginKind::Data,
            "data.aws_iam_policy_document.admin",
        )));
        let p = resource("aws_iam_policy", "p", body(vec![("policy", json)], vec![]));
        let m = model(vec![d, p]);
        let hits = run(admin_policy, &m, "data.aws_iam_policy_document.admin");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].path.as_deref(), Some("statement[0]"));
        let hits = run(admin_policy, &m, "aws_iam_policy.p");
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].truth, Tri::True);
    }

    fn principals(ty: &str, ids: Vec<Value>) -> crate::terraform::NestedBlock {
        block(
            "principals",
            body(vec![("type", s(ty)), ("identifiers", list(ids))], vec![]),
        )
    }

    fn role(policy: Value) -> Model {
        model(vec![resource(
            "aws_iam_role",
            "r",
            body(vec![("assume_role_policy", policy)], vec![]),
        )])
    }

    #[test]
    fn trust_policies() {
        let any = role(s(
            r#"{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"*"}}]}"#,
        ));
        let hits = run(trust_policy, &any, "aws_iam_role.r");
        assert_eq!(hits.len(), 1);
        assert!(hits[0].message.contains("any AWS principal"));

        let pinned = role(s(
            r#"{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":"*",
                "Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}}]}"#,
        ));
        assert!(run(trust_policy, &pinned, "aws_iam_role.r").is_empty());

        let other = role(s(
            r#"{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::111122223333:root"}}]}"#,
        ));
        let hits = run(trust_policy, &other, "aws_iam_role.r");
        assert_eq!(hits.len(), 1);
        assert!(hits[0].message.contains("account 111122223333"));

        let ext = role(s(
            r#"{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"111122223333"},
                "Condition":{"StringEquals":{"sts:ExternalId":"x"}}}]}"#,
        ));
        assert!(run(trust_policy, &ext, "aws_iam_role.r").is_empty());

        let service = role(s(
            r#"{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ec2.amazonaws.com"}}]}"#,
        ));
        assert!(run(trust_policy, &service, "aws_iam_role.r").is_empty());
    }

    #[test]
    fn trust_policy_from_data_source_with_caller_identity() {
        let me = Value::unknown_from(Origin::new(
            OriginKind::Data,
            "data.aws_caller_identity.current",
        ));
        let d = doc_data(
            "trust",
            vec![stmt(
                vec![("actions", list(vec![s("sts:AssumeRole")]))],
                vec![principals("AWS", vec![me])],
            )],
        );
        let json = Value::Unknown.with_marks(Marks::origin(Origin::new(
            OriginKind::Data,
            "data.aws_iam_policy_document.trust",
        )));
        let r = resource(
            "aws_iam_role",
            "r",
            body(vec![("assume_role_policy", json.clone())], vec![]),
        );
        let m = model(vec![d, r]);
        assert!(run(trust_policy, &m, "aws_iam_role.r").is_empty());

        let d = doc_data(
            "trust",
            vec![stmt(
                vec![("actions", list(vec![s("sts:AssumeRole")]))],
                vec![principals("*", vec![s("*")])],
            )],
        );
        let r = resource(
            "aws_iam_role",
            "r",
            body(vec![("assume_role_policy", json)], vec![]),
        );
        let m = model(vec![d, r]);
        let hits = run(trust_policy, &m, "aws_iam_role.r");
        assert_eq!(hits.len(), 1);
        assert!(hits[0].message.contains("trusts any principal"));
    }

    #[test]
    fn json_templates_with_interpolations() {
        let doc = template_document(
            "<<-POLICY\n    {\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\",\n      \"Resource\": \"${aws_s3_bucket.b.arn}/*\"}]}\n    POLICY",
        )
        .unwrap();
        let st = &doc.get("Statement").unwrap().as_list().unwrap()[0];
        assert_eq!(st.get("Action").unwrap().as_str(), Some("*"));
        assert!(st.get("Resource").unwrap().is_unknown());
        let doc = template_document(r#""{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:${var.x}\", \"Resource\": \"*\", \"Sid\": \"$${literal}\"}}""#)
            .unwrap();
        let st = doc.get("Statement").unwrap();
        assert!(st.get("Action").unwrap().is_unknown());
        assert_eq!(st.get("Sid").unwrap().as_str(), Some("${literal}"));
        assert!(template_document("<<EOT\n%{ for x in y }x%{ endfor }\nEOT").is_none());
        assert!(template_document("jsonencode(local.doc)").is_none());
        assert!(template_document("policy = \"{\\\"Statement\\\": []}\"").is_some());
        assert!(template_document("\"${unclosed\"").is_none());
    }

    #[test]
    fn inline_policies() {
        let m = model(vec![
            resource(
                "aws_iam_role_policy",
                "p",
                body(vec![("role", s("app"))], vec![]),
            ),
            resource(
                "aws_iam_role",
                "r",
                body(
                    vec![],
                    vec![
                        block("inline_policy", body(vec![], vec![])),
                        block(
                            "inline_policy",
                            body(vec![("name", s("x")), ("policy", s("{}"))], vec![]),
                        ),
                    ],
                ),
            ),
        ]);
        let hits = run(inline_policy, &m, "aws_iam_role_policy.p");
        assert_eq!(
            hits[0].message,
            "inline policy embedded in role \"app\"; use a managed policy and an attachment"
        );
        let hits = run(inline_policy, &m, "aws_iam_role.r");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].path.as_deref(), Some("inline_policy[1]"));
    }

    #[test]
    fn administrator_access_attachment() {
        let m = model(vec![resource(
            "aws_iam_role_policy_attachment",
            "a",
            body(
                vec![(
                    "policy_arn",
                    s("arn:aws:iam::aws:policy/AdministratorAccess"),
                )],
                vec![],
            ),
        )]);
        assert_eq!(
            run(admin_policy, &m, "aws_iam_role_policy_attachment.a").len(),
            1
        );
    }
}
