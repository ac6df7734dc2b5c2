//! One reader for IAM-style JSON policy documents, shared by the checks that
//! judge them (SEC004/SEC030 in `iam`, SEC071/SEC083/SEC084 in `access`,
//! SEC048/SEC062 in `workloads`).
//!
//! Documents come as a JSON string (heredoc, `file()`), a `jsonencode(...)`
//! value (also when parts such as ARNs are known only after apply: the
//! structure travels with the unknown string, see [`Value::json_document`]),
//! a heredoc or quoted JSON template whose interpolations are known only after
//! apply (read from the source text), or a rendered
//! `data "aws_iam_policy_document"`, whose blocks are read directly so values
//! keep their origins.
//!
//! - [`raw_statements`] lists the statements of a JSON document as written
//!   (`Statement` one object or a list), with labels and paths;
//! - [`json_statements`], [`data_statements`] and [`document`] normalize them
//!   into [`Stmt`]s whose parts are [`Item`]s, known strings or unknowns with
//!   the addresses they derive from.

use super::BuiltinCtx;
use crate::policy::index::resource_origins;
use crate::policy::path::{join_index, join_key};
use crate::source::Span;
use crate::terraform::{Body, Mode, Resource, Value};

/// One string of a policy field.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Known(String),
    /// Unknown; holds the addresses of the resources/data sources it derives from.
    Unknown(Vec<String>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Principal {
    Star,
    Unknown,
    /// (type, identifiers): `AWS`, `Service`, `Federated`, `CanonicalUser`.
    Typed(Vec<(String, Vec<Item>)>),
}

/// A normalized statement.
#[derive(Clone, Debug)]
pub struct Stmt {
    pub sid: Option<String>,
    pub label: String,
    pub path: String,
    pub span: Option<Span>,
    /// The whole statement is unknown.
    pub unknown: bool,
    pub effect: Option<Item>,
    pub action: Option<Vec<Item>>,
    pub not_action: Option<Vec<Item>>,
    pub resource: Option<Vec<Item>>,
    pub not_resource: Option<Vec<Item>>,
    pub principal: Option<Principal>,
    pub not_principal: Option<Principal>,
    /// Lower-cased condition keys (`sts:externalid`).
    pub condition_keys: Vec<String>,
    pub condition_unknown: bool,
}

impl Stmt {
    pub fn empty(sid: Option<String>, label: String, path: String, span: Option<Span>) -> Stmt {
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
pub enum Doc {
    Statements(Vec<Stmt>),
    Unknown(String),
    /// Not a policy document (invalid JSON, not set).
    Invalid,
}

/// `statement "SID"`, or `statement N` (1-based) without a Sid.
pub fn statement_label(sid: Option<&str>, i: usize) -> String {
    match sid {
        Some(s) if !s.is_empty() => format!("statement \"{s}\""),
        _ => format!("statement {}", i + 1),
    }
}

/// The strings of a policy field (one string or a list). `ambient`: origins of
/// the document as a whole, added to those of each unknown item (values inside
/// `jsonencode` structures and rendered documents carry none of their own).
pub fn items(v: &Value, ambient: &[String]) -> Vec<Item> {
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

/// One statement of a JSON document, as written, with where it is.
pub struct RawStatement<'a> {
    pub value: &'a Value,
    /// `Sid`, when it is a string.
    pub sid: Option<&'a str>,
    pub label: String,
    pub path: String,
}

/// The statements of a JSON document value, or why they cannot be listed.
pub enum RawStatements<'a> {
    Read(Vec<RawStatement<'a>>),
    /// The document as a whole is unknown.
    DocumentUnknown,
    /// `Statement` is unknown.
    StatementsUnknown,
    /// No `Statement`: not a policy document.
    Invalid,
}

/// Lists the statements of a JSON document value (parsed JSON, `jsonencode`
/// structure); `Statement` may be one object or a list. Paths are under `base`.
pub fn raw_statements<'a>(doc: &'a Value, base: &str) -> RawStatements<'a> {
    if doc.is_unknown() {
        return RawStatements::DocumentUnknown;
    }
    let Some(st) = doc.get("Statement") else {
        return RawStatements::Invalid;
    };
    let (list, multi): (Vec<&Value>, bool) = match st.unmarked() {
        Value::List(xs) => (xs.iter().collect(), true),
        Value::Unknown => return RawStatements::StatementsUnknown,
        _ => (vec![st], false),
    };
    let out = list
        .into_iter()
        .enumerate()
        .map(|(i, value)| {
            let path = if multi {
                join_index(&join_key(base, "Statement"), i)
            } else {
                join_key(base, "Statement")
            };
            let sid = value.get("Sid").and_then(Value::as_str);
            RawStatement {
                value,
                sid,
                label: statement_label(sid, i),
                path,
            }
        })
        .collect();
    RawStatements::Read(out)
}

/// Why a document whose statements cannot be listed is undecided.
pub fn document_unknown(base: &str) -> String {
    format!("`{base}` is known only after apply")
}

/// Why a document whose `Statement` is unknown is undecided.
pub fn statements_unknown(base: &str) -> String {
    format!("the statements of `{base}` are known only after apply")
}

/// Statements of a JSON document value (parsed JSON, jsonencode structure).
pub fn json_statements(doc: &Value, base: &str, span: Option<Span>, ambient: &[String]) -> Doc {
    let list = match raw_statements(doc, base) {
        RawStatements::Read(list) => list,
        RawStatements::DocumentUnknown => return Doc::Unknown(document_unknown(base)),
        RawStatements::StatementsUnknown => return Doc::Unknown(statements_unknown(base)),
        RawStatements::Invalid => return Doc::Invalid,
    };
    let mut out = Vec::new();
    for raw in list {
        let s = raw.value;
        let mut stmt = Stmt::empty(raw.sid.map(str::to_string), raw.label, raw.path, span);
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
pub fn data_statements(r: &Resource) -> Doc {
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
                None if d.is_unknown() => *unknown = Some((document_unknown(&base), base)),
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
            statement_label(sid.as_deref(), i),
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

/// The `data "aws_iam_policy_document"` sources a value of `owner` derives from.
pub fn document_sources<'a>(
    ctx: &BuiltinCtx<'a>,
    owner: &Resource,
    v: &Value,
) -> Vec<&'a Resource> {
    resource_origins(v)
        .iter()
        .filter_map(|a| ctx.index.by_address(&owner.root, a))
        .filter(|r| is_policy_document_data(r))
        .collect()
}

pub fn is_policy_document_data(r: &Resource) -> bool {
    r.mode == Mode::Data && r.rtype == "aws_iam_policy_document"
}

/// Reads the policy document held by an attribute value.
pub fn document(
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
    let docs = document_sources(ctx, owner, v);
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
        None => Doc::Unknown(document_unknown(base)),
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
pub fn template_document(text: &str) -> Option<Value> {
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

/// The items of a field for a message: one quoted string, or a list of at most
/// four and how many more.
pub fn list_text(items: &[Item]) -> String {
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

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    fn parse(json: &str) -> Value {
        s(json).json_document().expect("JSON document")
    }

    #[test]
    fn raw_statements_of_every_shape() {
        let one = parse(r#"{"Statement": {"Sid": "A", "Effect": "Allow"}}"#);
        let RawStatements::Read(list) = raw_statements(&one, "policy") else {
            panic!("statements expected");
        };
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].sid, Some("A"));
        assert_eq!(list[0].label, "statement \"A\"");
        assert_eq!(list[0].path, "policy.Statement");

        let many = parse(r#"{"Statement": [{"Effect": "Deny"}, {"Sid": "", "Effect": "Allow"}]}"#);
        let RawStatements::Read(list) = raw_statements(&many, "policy") else {
            panic!("statements expected");
        };
        let labels: Vec<&str> = list.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["statement 1", "statement 2"]);
        assert_eq!(list[1].path, "policy.Statement[1]");

        assert!(matches!(
            raw_statements(&Value::Unknown, "policy"),
            RawStatements::DocumentUnknown
        ));
        let unknown_list = map(vec![("Statement", Value::Unknown)]);
        assert!(matches!(
            raw_statements(&unknown_list, "policy"),
            RawStatements::StatementsUnknown
        ));
        assert!(matches!(
            raw_statements(&parse(r#"{"Version": "2012-10-17"}"#), "policy"),
            RawStatements::Invalid
        ));
    }

    #[test]
    fn statements_keep_known_and_unknown_items() {
        // A jsonencode structure whose resource is known only after apply.
        let doc = map(vec![(
            "Statement",
            list(vec![map(vec![
                ("Effect", s("Allow")),
                ("Action", list(vec![s("s3:GetObject"), s("s3:PutObject")])),
                ("Resource", list(vec![Value::Unknown, s("*")])),
                ("Principal", map(vec![("AWS", s("*"))])),
                (
                    "Condition",
                    map(vec![(
                        "StringEquals",
                        map(vec![("aws:SourceAccount", s("111122223333"))]),
                    )]),
                ),
            ])]),
        )]);
        let ambient = vec!["aws_s3_bucket.b".to_string()];
        let Doc::Statements(sts) = json_statements(&doc, "policy", None, &ambient) else {
            panic!("statements expected");
        };
        let st = &sts[0];
        assert_eq!(st.effect, Some(Item::Known("Allow".into())));
        assert_eq!(st.action.as_ref().map(Vec::len), Some(2));
        assert_eq!(
            st.resource,
            Some(vec![
                Item::Unknown(ambient.clone()),
                Item::Known("*".into())
            ])
        );
        assert_eq!(
            st.principal,
            Some(Principal::Typed(vec![(
                "AWS".into(),
                vec![Item::Known("*".into())]
            )]))
        );
        assert_eq!(st.condition_keys, ["aws:sourceaccount"]);
        assert!(!st.condition_unknown && st.not_action.is_none());

        let star = parse(r#"{"Statement": {"Effect": "Allow", "Principal": "*"}}"#);
        let Doc::Statements(sts) = json_statements(&star, "p", None, &[]) else {
            panic!("statements expected");
        };
        assert_eq!(sts[0].principal, Some(Principal::Star));
        assert!(matches!(
            json_statements(&Value::Unknown, "p", None, &[]),
            Doc::Unknown(why) if why == "`p` is known only after apply"
        ));
    }

    #[test]
    fn data_statements_merge_by_sid() {
        let source = r#"{"Statement": [{"Sid": "Keep", "Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                                       {"Sid": "Over", "Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;
        let d = data(
            "aws_iam_policy_document",
            "d",
            body(
                vec![("source_policy_documents", list(vec![s(source)]))],
                vec![block(
                    "statement",
                    body(
                        vec![
                            ("sid", s("Over")),
                            ("actions", list(vec![s("s3:GetObject")])),
                            ("resources", list(vec![s("*")])),
                        ],
                        vec![block(
                            "condition",
                            body(
                                vec![
                                    ("test", s("StringEquals")),
                                    ("variable", s("aws:PrincipalOrgID")),
                                    ("values", list(vec![s("o-1")])),
                                ],
                                vec![],
                            ),
                        )],
                    ),
                )],
            ),
        );
        let Doc::Statements(sts) = data_statements(&d) else {
            panic!("statements expected");
        };
        assert_eq!(sts.len(), 2);
        assert_eq!(sts[0].sid.as_deref(), Some("Keep"));
        assert_eq!(sts[1].path, "statement[0]");
        // Blocks default to Allow and replace the source statement with their Sid.
        assert_eq!(sts[1].effect, Some(Item::Known("Allow".into())));
        assert_eq!(
            sts[1].action,
            Some(vec![Item::Known("s3:GetObject".into())])
        );
        assert_eq!(sts[1].condition_keys, ["aws:principalorgid"]);
    }

    #[test]
    fn list_text_shows_at_most_four() {
        let k = |x: &str| Item::Known(x.into());
        assert_eq!(list_text(&[k("*")]), "\"*\"");
        assert_eq!(list_text(&[]), "[]");
        assert_eq!(
            list_text(&[k("a"), Item::Unknown(vec![]), k("c"), k("d"), k("e")]),
            "[\"a\", (known after apply), \"c\", \"d\", ... 1 more]"
        );
    }
}
