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

use super::{BuiltinCtx, BuiltinHit};
use crate::policy::eval::Tri;
use crate::policy::index::resource_origins;
use crate::policy::path::{join_index, join_key};
use crate::source::Span;
use crate::terraform::{Body, Mode, Resource, Value};

/// One string of a policy field.
#[derive(Clone, Debug, PartialEq)]
enum Item {
    Known(String),
    /// Unknown; holds the addresses of the resources/data sources it derives from.
    Unknown(Vec<String>),
}

#[derive(Clone, Debug, PartialEq)]
enum Principal {
    Star,
    Unknown,
    /// (type, identifiers): `AWS`, `Service`, `Federated`, `CanonicalUser`.
    Typed(Vec<(String, Vec<Item>)>),
}

/// A normalized statement.
#[derive(Clone, Debug)]
struct Stmt {
    sid: Option<String>,
    label: String,
    path: String,
    span: Option<Span>,
    /// The whole statement is unknown.
    unknown: bool,
    effect: Option<Item>,
    action: Option<Vec<Item>>,
    not_action: Option<Vec<Item>>,
    resource: Option<Vec<Item>>,
    not_resource: Option<Vec<Item>>,
    principal: Option<Principal>,
    not_principal: Option<Principal>,
    /// Lower-cased condition keys (`sts:externalid`).
    condition_keys: Vec<String>,
    condition_unknown: bool,
}

impl Stmt {
    fn empty(sid: Option<String>, label: String, path: String, span: Option<Span>) -> Stmt {
        Stmt {
            sid,
            label,
            path,
            span,
            unknown: false,
            effect: None,
            action: None,
            not_action: None,
            resource: None,
            not_resource: None,
            principal: None,
            not_principal: None,
            condition_keys: Vec::new(),
            condition_unknown: false,
        }
    }
}

/// Statements of a document, or why they cannot be read.
enum Doc {
    Statements(Vec<Stmt>),
    Unknown(String),
    /// Not a policy document (invalid JSON, not set).
    Invalid,
}

fn label(sid: Option<&str>, i: usize) -> String {
    match sid {
        Some(s) if !s.is_empty() => format!("statement \"{s}\""),
        _ => format!("statement {}", i + 1),
    }
}

fn items(v: &Value, ambient: &[String]) -> Vec<Item> {
    let unknown = |v: &Value| {
        let mut o = resource_origins(v);
        o.extend(ambient.iter().cloned());
        Item::Unknown(o)
    };
    match v.unmarked() {
        Value::Unknown => vec![unknown(v)],
        Value::List(xs) => xs
            .iter()
            .filter_map(|x| match x.unmarked() {
                Value::Unknown => Some(unknown(x)),
                _ => x.to_tf_string().map(Item::Known),
            })
            .collect(),
        _ => v.to_tf_string().map(Item::Known).into_iter().collect(),
    }
}

fn json_principal(v: &Value, ambient: &[String]) -> Principal {
    match v.unmarked() {
        Value::Unknown => Principal::Unknown,
        Value::String(s) if s == "*" => Principal::Star,
        Value::String(s) => Principal::Typed(vec![("AWS".into(), vec![Item::Known(s.clone())])]),
        Value::Map(m) => Principal::Typed(
            m.iter()
                .map(|(k, v)| (k.clone(), items(v, ambient)))
                .collect(),
        ),
        _ => Principal::Typed(Vec::new()),
    }
}

fn json_conditions(v: &Value, st: &mut Stmt) {
    match v.unmarked() {
        Value::Unknown => st.condition_unknown = true,
        Value::Map(ops) => {
            for inner in ops.values() {
                match inner.unmarked() {
                    Value::Map(keys) => st
                        .condition_keys
                        .extend(keys.keys().map(|k| k.to_ascii_lowercase())),
                    Value::Unknown => st.condition_unknown = true,
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

/// Statements of a JSON document value (parsed JSON, jsonencode structure).
fn json_statements(doc: &Value, base: &str, span: Option<Span>, ambient: &[String]) -> Doc {
    if doc.is_unknown() {
        return Doc::Unknown(format!("`{base}` is known only after apply"));
    }
    let Some(st) = doc.get("Statement") else {
        return Doc::Invalid;
    };
    let list: Vec<&Value> = match st.unmarked() {
        Value::List(xs) => xs.iter().collect(),
        Value::Unknown => {
            return Doc::Unknown(format!(
                "the statements of `{base}` are known only after apply"
            ))
        }
        _ => vec![st],
    };
    let multi = matches!(st.unmarked(), Value::List(_));
    let mut out = Vec::new();
    for (i, s) in list.into_iter().enumerate() {
        let path = if multi {
            join_index(&join_key(base, "Statement"), i)
        } else {
            join_key(base, "Statement")
        };
        let sid = s.get("Sid").and_then(Value::as_str);
        let mut stmt = Stmt::empty(sid.map(str::to_string), label(sid, i), path, span);
        if s.is_unknown() {
            stmt.unknown = true;
            out.push(stmt);
            continue;
        }
        let field = |name: &str| s.get(name).map(|v| items(v, ambient));
        stmt.effect = field("Effect").and_then(|v| v.into_iter().next());
        stmt.action = field("Action");
        stmt.not_action = field("NotAction");
        stmt.resource = field("Resource");
        stmt.not_resource = field("NotResource");
        stmt.principal = s.get("Principal").map(|p| json_principal(p, ambient));
        stmt.not_principal = s.get("NotPrincipal").map(|p| json_principal(p, ambient));
        if let Some(c) = s.get("Condition") {
            json_conditions(c, &mut stmt);
        }
        out.push(stmt);
    }
    Doc::Statements(out)
}

fn block_principal(body: &Body, kind: &str) -> Option<Principal> {
    let blocks: Vec<_> = body.blocks_of(kind).collect();
    if blocks.is_empty() {
        return None;
    }
    let mut typed: Vec<(String, Vec<Item>)> = Vec::new();
    for b in blocks {
        if b.expansion_unknown {
            return Some(Principal::Unknown);
        }
        let ty = b.body.value("type");
        let ids = b.body.value("identifiers");
        let (Some(ty), Some(ids)) = (ty, ids) else {
            continue;
        };
        let Some(ty) = ty.as_str() else {
            return Some(Principal::Unknown);
        };
        let ids = items(ids, &[]);
        if ty == "*" {
            return Some(Principal::Star);
        }
        match typed.iter_mut().find(|(t, _)| t == ty) {
            Some((_, acc)) => acc.extend(ids),
            None => typed.push((ty.to_string(), ids)),
        }
    }
    Some(Principal::Typed(typed))
}

/// Statements of a `data "aws_iam_policy_document"` body, in the provider's
/// merge order: source documents, statement blocks (overriding by Sid), then
/// override documents (overriding by Sid).
fn data_statements(r: &Resource) -> Doc {
    let body = &r.body;
    let mut out: Vec<(Option<String>, Stmt)> = Vec::new();
    let mut unknown: Option<(String, String)> = None;
    let push_docs = |attr: &str,
                     out: &mut Vec<(Option<String>, Stmt)>,
                     unknown: &mut Option<(String, String)>| {
        let Some(v) = body.value(attr) else {
            return;
        };
        let span = body.attr(attr).and_then(|a| a.span);
        let docs: Vec<&Value> = match v.as_list() {
            Some(xs) => xs.iter().collect(),
            None => vec![v],
        };
        for (i, d) in docs.into_iter().enumerate() {
            let base = join_index(attr, i);
            match d.json_document() {
                Some(doc) => match json_statements(&doc, &base, span, &resource_origins(d)) {
                    Doc::Statements(sts) => {
                        for s in sts {
                            upsert(out, s);
                        }
                    }
                    Doc::Unknown(why) => *unknown = Some((why, base)),
                    Doc::Invalid => {}
                },
                None if d.is_unknown() => {
                    *unknown = Some((format!("`{base}` is known only after apply"), base))
                }
                None => {}
            }
        }
    };
    push_docs("source_policy_documents", &mut out, &mut unknown);
    push_docs("source_json", &mut out, &mut unknown);
    for (i, b) in body.blocks_of("statement").enumerate() {
        let sid = b
            .body
            .value("sid")
            .and_then(Value::as_str)
            .map(str::to_string);
        let mut st = Stmt::empty(
            sid.clone(),
            label(sid.as_deref(), i),
            join_index("statement", i),
            b.span.or(r.span),
        );
        if b.expansion_unknown {
            st.unknown = true;
            out.push((None, st));
            continue;
        }
        let sb = &b.body;
        st.effect = Some(match sb.value("effect") {
            Some(v) => items(v, &[])
                .into_iter()
                .next()
                .unwrap_or(Item::Known("Allow".into())),
            None => Item::Known("Allow".into()),
        });
        st.action = sb.value("actions").map(|v| items(v, &[]));
        st.not_action = sb.value("not_actions").map(|v| items(v, &[]));
        st.resource = sb.value("resources").map(|v| items(v, &[]));
        st.not_resource = sb.value("not_resources").map(|v| items(v, &[]));
        st.principal = block_principal(sb, "principals");
        st.not_principal = block_principal(sb, "not_principals");
        for c in sb.blocks_of("condition") {
            match c.body.value("variable").and_then(Value::as_str) {
                Some(var) if !c.expansion_unknown => {
                    st.condition_keys.push(var.to_ascii_lowercase())
                }
                _ => st.condition_unknown = true,
            }
        }
        upsert(&mut out, st);
    }
    push_docs("override_policy_documents", &mut out, &mut unknown);
    push_docs("override_json", &mut out, &mut unknown);
    if let Some((why, path)) = unknown {
        if out.is_empty() {
            return Doc::Unknown(why);
        }
        let mut st = Stmt::empty(None, format!("the document in `{path}`"), path, r.span);
        st.unknown = true;
        out.push((None, st));
    }
    Doc::Statements(out.into_iter().map(|(_, s)| s).collect())
}

fn upsert(out: &mut Vec<(Option<String>, Stmt)>, st: Stmt) {
    let sid = st.sid.clone().filter(|s| !s.is_empty());
    if let Some(sid) = &sid {
        if let Some(slot) = out
            .iter_mut()
            .find(|(s, _)| s.as_deref() == Some(sid.as_str()))
        {
            slot.1 = st;
            return;
        }
    }
    out.push((sid, st));
}

fn is_policy_document_data(r: &Resource) -> bool {
    r.mode == Mode::Data && r.rtype == "aws_iam_policy_document"
}

/// Reads the policy document held by an attribute value.
fn document(
    ctx: &BuiltinCtx<'_>,
    owner: &Resource,
    v: &Value,
    base: &str,
    span: Option<Span>,
) -> Doc {
    if v.is_null() {
        return Doc::Invalid;
    }
    if v.is_fully_known() {
        return match v.json_document() {
            Some(doc) => json_statements(&doc, base, span, &[]),
            None => Doc::Invalid,
        };
    }
    // A rendered aws_iam_policy_document: read its blocks, where values keep
    // their origins.
    let docs: Vec<&Resource> = resource_origins(v)
        .iter()
        .filter_map(|a| ctx.index.by_address(&owner.root, a))
        .filter(|r| is_policy_document_data(r))
        .collect();
    if !docs.is_empty() {
        let mut all = Vec::new();
        for d in docs {
            match data_statements(d) {
                Doc::Statements(sts) => all.extend(sts.into_iter().map(|mut s| {
                    s.label = format!("{} of {}", s.label, d.address);
                    s.path = format!("{}.{}", d.address, s.path);
                    s.span = span;
                    s
                })),
                Doc::Unknown(why) => return Doc::Unknown(why),
                Doc::Invalid => {}
            }
        }
        return Doc::Statements(all);
    }
    if let Some(doc) = v.json_document() {
        return json_statements(&doc, base, span, &resource_origins(v));
    }
    // A heredoc or quoted JSON template with `${...}` interpolations known only
    // after apply: read the JSON around them from the source text.
    let text = span.and_then(|sp| {
        let file = ctx.sources?.get(sp.file)?;
        file.text.get(sp.start as usize..sp.end as usize)
    });
    match text.and_then(template_document) {
        Some(doc) => json_statements(&doc, base, span, &resource_origins(v)),
        None => Doc::Unknown(format!("`{base}` is known only after apply")),
    }
}

/// Stands for an interpolation in a JSON template.
const HOLE: &str = "\u{e000}chkmate-unknown\u{e000}";

/// The JSON text of a template expression (`<<-EOT ... EOT` or `"..."`), with
/// every `${...}` interpolation replaced by [`HOLE`]. `None` for anything else,
/// including templates with `%{...}` directives.
fn template_json(text: &str) -> Option<String> {
    let t = text.trim();
    // Attribute spans may include the `name =` part.
    let t = match t.split_once('=') {
        Some((lhs, rhs))
            if !lhs.trim().is_empty()
                && lhs
                    .trim()
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') =>
        {
            rhs.trim()
        }
        _ => t,
    };
    let raw: String = if let Some(rest) = t.strip_prefix("<<") {
        let mut lines = rest.lines();
        let ident = lines.next()?.trim().trim_start_matches('-').trim();
        let body: Vec<&str> = lines.collect();
        let (last, body) = body.split_last()?;
        if last.trim() != ident || ident.is_empty() {
            return None;
        }
        body.join("\n")
    } else if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
        let inner = t.get(1..t.len() - 1)?;
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                _ => return None,
            }
        }
        out
    } else {
        return None;
    };
    let bytes: Vec<char> = raw.chars().collect();
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        if (c == '$' || c == '%') && next == Some(c) && bytes.get(i + 2) == Some(&'{') {
            // `$${` and `%%{` are escapes for a literal `${` / `%{`.
            out.push(c);
            out.push('{');
            i += 3;
            continue;
        }
        if c == '%' && next == Some('{') {
            return None;
        }
        if c == '$' && next == Some('{') {
            let mut depth = 0usize;
            let mut j = i + 1;
            loop {
                match bytes.get(j)? {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            out.push_str(HOLE);
            i = j + 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    Some(out)
}

/// A JSON template as a document value: strings with an interpolation are Unknown.
fn template_document(text: &str) -> Option<Value> {
    fn holes(v: Value) -> Value {
        match v {
            Value::String(s) if s.contains(HOLE) => Value::Unknown,
            Value::List(xs) => Value::List(xs.into_iter().map(holes).collect()),
            Value::Map(m) => Value::Map(m.into_iter().map(|(k, v)| (k, holes(v))).collect()),
            other => other,
        }
    }
    let json = template_json(text)?;
    let j: serde_json::Value = serde_json::from_str(&json).ok()?;
    Some(holes(Value::from_json(&j)))
}

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
    let Some(items) = items else {
        return "[]".into();
    };
    let shown: Vec<String> = items
        .iter()
        .take(4)
        .map(|i| match i {
            Item::Known(s) => format!("\"{s}\""),
            Item::Unknown(_) => "(known after apply)".into(),
        })
        .collect();
    let more = if items.len() > 4 {
        format!(", ... {} more", items.len() - 4)
    } else {
        String::new()
    };
    if items.len() == 1 {
        shown.join("")
    } else {
        format!("[{}{more}]", shown.join(", "))
    }
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
