//! Renders `data "aws_iam_policy_document"` into its `json` attribute, as the AWS
//! provider does, so IAM policies built with it can be judged statically.
//!
//! When every part is known the result is the JSON string; when some part (an ARN
//! known only after apply) is unknown, the result is an unknown string that carries
//! the document structure (see `Marks::encoded`).

use super::model::Body;
use super::value::{Marks, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Builds the policy document value and renders it.
pub fn render_policy_document(body: &Body) -> Value {
    let doc = policy_document(body);
    let (plain, mut marks) = doc.deep_unmark();
    if plain.is_fully_known() {
        let text = serde_json::to_string(&plain.to_json()).unwrap_or_default();
        Value::String(text).with_marks(Marks {
            encoded: None,
            ..marks
        })
    } else {
        marks.encoded = Some(Arc::new(plain));
        Value::Unknown.with_marks(marks)
    }
}

/// A one-element list becomes its element, as the provider writes `Action: "x"`.
fn string_or_list(v: &Value) -> Value {
    match v.unmarked() {
        Value::List(items) if items.len() == 1 => items[0].clone(),
        _ => v.clone(),
    }
}

fn policy_document(body: &Body) -> Value {
    let mut statements: Vec<Value> = Vec::new();
    // Statements of source documents come first; override documents replace
    // statements with the same Sid.
    if let Some(src) = body.value("source_policy_documents") {
        for s in doc_statements(src) {
            statements.push(s);
        }
    }
    if let Some(src) = body.value("source_json") {
        statements.extend(doc_statements(&Value::List(vec![src.clone()])));
    }
    for st in body.blocks_of("statement") {
        let b = &st.body;
        let mut m: BTreeMap<String, Value> = BTreeMap::new();
        if let Some(sid) = b.value("sid") {
            m.insert("Sid".into(), sid.clone());
        }
        m.insert(
            "Effect".into(),
            b.value("effect")
                .cloned()
                .unwrap_or_else(|| Value::string("Allow")),
        );
        for (attr, key) in [
            ("actions", "Action"),
            ("not_actions", "NotAction"),
            ("resources", "Resource"),
            ("not_resources", "NotResource"),
        ] {
            if let Some(v) = b.value(attr) {
                m.insert(key.into(), string_or_list(v));
            }
        }
        for (block, key) in [
            ("principals", "Principal"),
            ("not_principals", "NotPrincipal"),
        ] {
            let mut principal: BTreeMap<String, Value> = BTreeMap::new();
            let mut star = false;
            for p in b.blocks_of(block) {
                let ty = p.body.value("type").cloned().unwrap_or(Value::Unknown);
                let ids = p
                    .body
                    .value("identifiers")
                    .cloned()
                    .unwrap_or(Value::Unknown);
                if ty.as_str() == Some("*") {
                    star = true;
                    continue;
                }
                match ty.as_str() {
                    Some(t) => {
                        let entry = principal
                            .entry(t.to_string())
                            .or_insert(Value::List(vec![]));
                        if let (Value::List(acc), Some(new)) = (entry, ids.as_list()) {
                            acc.extend(new.iter().cloned());
                        } else {
                            principal.insert(t.to_string(), Value::Unknown);
                        }
                    }
                    None => {
                        principal.insert("?".into(), Value::Unknown);
                    }
                }
            }
            if star {
                m.insert(key.into(), Value::string("*"));
            } else if !principal.is_empty() {
                let p = principal
                    .into_iter()
                    .map(|(k, v)| (k, string_or_list(&v)))
                    .collect();
                m.insert(key.into(), Value::Map(p));
            }
        }
        let mut cond: BTreeMap<String, Value> = BTreeMap::new();
        for c in b.blocks_of("condition") {
            let test = c
                .body
                .value("test")
                .and_then(|t| t.as_str().map(str::to_string));
            let var = c
                .body
                .value("variable")
                .and_then(|t| t.as_str().map(str::to_string));
            let values = c.body.value("values").cloned().unwrap_or(Value::Unknown);
            match (test, var) {
                (Some(t), Some(v)) => {
                    let entry = cond.entry(t).or_insert_with(|| Value::Map(BTreeMap::new()));
                    if let Value::Map(inner) = entry {
                        inner.insert(v, string_or_list(&values));
                    }
                }
                _ => {
                    cond.insert("?".into(), Value::Unknown);
                }
            }
        }
        if !cond.is_empty() {
            m.insert("Condition".into(), Value::Map(cond));
        }
        let stmt = Value::Map(m);
        // Override by Sid.
        let sid = b.value("sid").and_then(|s| s.as_str().map(str::to_string));
        if let Some(sid) = sid.filter(|s| !s.is_empty()) {
            if let Some(pos) = statements
                .iter()
                .position(|s| s.get("Sid").and_then(|x| x.as_str()) == Some(sid.as_str()))
            {
                statements[pos] = stmt;
                continue;
            }
        }
        statements.push(stmt);
    }
    if let Some(ov) = body.value("override_policy_documents") {
        for s in doc_statements(ov) {
            let sid = s.get("Sid").and_then(|x| x.as_str()).map(str::to_string);
            match sid.and_then(|sid| {
                statements
                    .iter()
                    .position(|t| t.get("Sid").and_then(|x| x.as_str()) == Some(sid.as_str()))
            }) {
                Some(pos) => statements[pos] = s,
                None => statements.push(s),
            }
        }
    }
    let mut doc = BTreeMap::new();
    doc.insert(
        "Version".into(),
        body.value("version")
            .cloned()
            .unwrap_or_else(|| Value::string("2012-10-17")),
    );
    if let Some(id) = body.value("policy_id") {
        doc.insert("Id".into(), id.clone());
    }
    doc.insert("Statement".into(), Value::List(statements));
    Value::Map(doc)
}

/// Statements of a list of JSON policy documents (strings or encoded values).
fn doc_statements(list: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    let Some(items) = list.as_list() else {
        if list.is_unknown() {
            out.push(Value::Unknown);
        }
        return out;
    };
    for item in items {
        match item.json_document() {
            Some(doc) => match doc.get("Statement").map(|s| s.unmarked().clone()) {
                Some(Value::List(sts)) => out.extend(sts),
                Some(other) => out.push(other),
                None => {}
            },
            None => out.push(Value::Unknown),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terraform::model::{Attr, NestedBlock};

    fn attr(v: Value) -> Attr {
        Attr {
            value: v,
            span: None,
        }
    }

    fn block(kind: &str, attrs: Vec<(&str, Value)>, blocks: Vec<NestedBlock>) -> NestedBlock {
        let mut body = Body::default();
        for (k, v) in attrs {
            body.attrs.insert(k.to_string(), attr(v));
        }
        body.blocks = blocks;
        NestedBlock {
            kind: kind.into(),
            labels: vec![],
            body,
            span: None,
            dynamic: false,
            expansion_unknown: false,
        }
    }

    #[test]
    fn renders_known_document_as_json_string() {
        let mut body = Body::default();
        body.blocks.push(block(
            "statement",
            vec![
                ("actions", Value::List(vec![Value::string("s3:*")])),
                ("resources", Value::List(vec![Value::string("*")])),
            ],
            vec![],
        ));
        let v = render_policy_document(&body);
        let j: serde_json::Value = serde_json::from_str(v.as_str().unwrap()).unwrap();
        assert_eq!(
            j,
            serde_json::json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]})
        );
    }

    #[test]
    fn unknown_arn_keeps_structure() {
        let mut body = Body::default();
        body.blocks.push(block(
            "statement",
            vec![
                ("actions", Value::List(vec![Value::string("*")])),
                ("resources", Value::List(vec![Value::Unknown])),
            ],
            vec![block(
                "principals",
                vec![
                    ("type", Value::string("AWS")),
                    ("identifiers", Value::List(vec![Value::string("*")])),
                ],
                vec![],
            )],
        ));
        let v = render_policy_document(&body);
        assert!(v.is_unknown());
        let doc = v.json_document().unwrap();
        let st = &doc.get("Statement").unwrap().as_list().unwrap()[0];
        assert_eq!(st.get("Action").unwrap().as_str(), Some("*"));
        assert_eq!(
            st.get("Principal").unwrap().get("AWS").unwrap().as_str(),
            Some("*")
        );
    }
}
