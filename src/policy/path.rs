//! Attribute paths into an evaluated resource, and their resolution.
//!
//! A path is written `a.b.c`, with optional `[N]` list indices and `["key"]` for
//! map keys that contain dots (`tags["kubernetes.io/role"]`). Resolution walks a
//! resource [`Body`] (attributes first, then nested blocks) and the [`Value`]s
//! inside attributes. A step through a list (nested blocks or a list value)
//! without an explicit index fans out over every element, so one path can reach
//! several values (`ingress.cidr_blocks` of every `ingress` block).

use crate::source::Span;
use crate::terraform::{Body, Value};
use serde::de::{self, Deserialize, Deserializer};
use serde::{Serialize, Serializer};
use std::fmt;

/// One step of a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A parsed attribute path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttrPath {
    pub segs: Vec<Seg>,
    text: String,
}

impl AttrPath {
    /// Parses `a.b[0].c` / `tags["k.with.dots"]`.
    pub fn parse(text: &str) -> Result<AttrPath, String> {
        let mut segs = Vec::new();
        let bytes: Vec<char> = text.chars().collect();
        let mut i = 0;
        let mut expect_key = true;
        if text.is_empty() {
            return Err("empty attribute path".into());
        }
        while i < bytes.len() {
            let c = bytes[i];
            if c == '[' {
                // `[N]` or `["key"]`
                let close = bytes[i..]
                    .iter()
                    .position(|&c| c == ']')
                    .map(|p| p + i)
                    .ok_or_else(|| format!("unclosed `[` in attribute path `{text}`"))?;
                let inner: String = bytes[i + 1..close].iter().collect();
                if let Some(q) = inner.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
                    if q.is_empty() {
                        return Err(format!("empty key in attribute path `{text}`"));
                    }
                    segs.push(Seg::Key(q.to_string()));
                } else {
                    let n: usize = inner.trim().parse().map_err(|_| {
                        format!("`[{inner}]` in attribute path `{text}` is not a list index or a quoted key")
                    })?;
                    segs.push(Seg::Index(n));
                }
                i = close + 1;
                expect_key = false;
                continue;
            }
            if c == '.' {
                if expect_key {
                    return Err(format!("empty step in attribute path `{text}`"));
                }
                expect_key = true;
                i += 1;
                continue;
            }
            if !expect_key {
                return Err(format!("expected `.` or `[` in attribute path `{text}`"));
            }
            let start = i;
            while i < bytes.len() && bytes[i] != '.' && bytes[i] != '[' {
                let ch = bytes[i];
                if !(ch.is_ascii_alphanumeric() || ch == '_' || ch == '-') {
                    return Err(format!(
                        "unexpected `{ch}` in attribute path `{text}` (quote such keys: [\"key\"])"
                    ));
                }
                i += 1;
            }
            let word: String = bytes[start..i].iter().collect();
            if word.chars().all(|c| c.is_ascii_digit()) {
                segs.push(Seg::Index(word.parse().map_err(|_| {
                    format!("list index `{word}` in attribute path `{text}` is too large")
                })?));
            } else {
                segs.push(Seg::Key(word));
            }
            expect_key = false;
        }
        if expect_key {
            return Err(format!("attribute path `{text}` ends with `.`"));
        }
        Ok(AttrPath {
            segs,
            text: text.to_string(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for AttrPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for AttrPath {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        AttrPath::parse(&s).map_err(de::Error::custom)
    }
}

impl Serialize for AttrPath {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// Something a path step can start from.
#[derive(Clone, Copy, Debug)]
pub enum Node<'a> {
    Body(&'a Body),
    Value(&'a Value),
}

/// What a path reached.
#[derive(Clone, Copy, Debug)]
pub enum Reached<'a> {
    /// A nested block.
    Body(&'a Body),
    /// A known or partly known value (never null, never top-level Unknown).
    Value(&'a Value),
    /// Not set, null, or an empty list of blocks on the way.
    Absent,
    /// Only known after apply (an unknown value, or a `dynamic` block whose
    /// `for_each` is unknown). Holds the unknown value when there is one.
    Unknown(Option<&'a Value>),
}

/// One value reached by a path, with its concrete path (`ingress[1].cidr_blocks`)
/// and the span of the expression or block it came from.
#[derive(Clone, Debug)]
pub struct Hit<'a> {
    pub reached: Reached<'a>,
    pub path: String,
    pub span: Option<Span>,
}

/// Appends a key to a display path.
pub fn join_key(prefix: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    match (prefix.is_empty(), plain) {
        (true, true) => key.to_string(),
        (false, true) => format!("{prefix}.{key}"),
        (_, false) => format!(
            "{prefix}[{}]",
            serde_json::to_string(key).unwrap_or_default()
        ),
    }
}

/// Appends a list index to a display path.
pub fn join_index(prefix: &str, i: usize) -> String {
    format!("{prefix}[{i}]")
}

fn rest_path(prefix: &str, segs: &[Seg]) -> String {
    let mut p = prefix.to_string();
    for s in segs {
        p = match s {
            Seg::Key(k) => join_key(&p, k),
            Seg::Index(i) => join_index(&p, *i),
        };
    }
    p
}

/// Resolves `segs` from `node`. Never returns an empty list: a path that reaches
/// nothing yields one `Absent` hit.
pub fn resolve<'a>(node: Node<'a>, prefix: &str, span: Option<Span>, segs: &[Seg]) -> Vec<Hit<'a>> {
    let mut out = Vec::new();
    walk(node, prefix.to_string(), span, segs, &mut out);
    if out.is_empty() {
        out.push(Hit {
            reached: Reached::Absent,
            path: rest_path(prefix, segs),
            span,
        });
    }
    out
}

fn walk<'a>(
    node: Node<'a>,
    path: String,
    span: Option<Span>,
    segs: &[Seg],
    out: &mut Vec<Hit<'a>>,
) {
    match node {
        Node::Body(body) => {
            let Some((first, rest)) = segs.split_first() else {
                out.push(Hit {
                    reached: Reached::Body(body),
                    path,
                    span,
                });
                return;
            };
            let Seg::Key(key) = first else {
                out.push(Hit {
                    reached: Reached::Absent,
                    path: rest_path(&path, segs),
                    span,
                });
                return;
            };
            if let Some(attr) = body.attrs.get(key) {
                let p = join_key(&path, key);
                walk(Node::Value(&attr.value), p, attr.span.or(span), rest, out);
                return;
            }
            let mut any = false;
            let mut explicit: Option<usize> = None;
            let mut rest = rest;
            if let Some((Seg::Index(i), r)) = rest.split_first() {
                explicit = Some(*i);
                rest = r;
            }
            for (i, b) in body.blocks.iter().filter(|b| &b.kind == key).enumerate() {
                if explicit.is_some_and(|e| e != i) {
                    continue;
                }
                any = true;
                let p = join_index(&join_key(&path, key), i);
                if b.expansion_unknown {
                    out.push(Hit {
                        reached: Reached::Unknown(None),
                        path: p,
                        span: b.span.or(span),
                    });
                } else {
                    walk(Node::Body(&b.body), p, b.span.or(span), rest, out);
                }
            }
            if !any {
                out.push(Hit {
                    reached: Reached::Absent,
                    path: rest_path(&path, segs),
                    span,
                });
            }
        }
        Node::Value(v) => {
            match v.unmarked() {
                Value::Unknown => {
                    out.push(Hit {
                        reached: Reached::Unknown(Some(v)),
                        path: rest_path(&path, segs),
                        span,
                    });
                    return;
                }
                Value::Null => {
                    out.push(Hit {
                        reached: Reached::Absent,
                        path: rest_path(&path, segs),
                        span,
                    });
                    return;
                }
                _ => {}
            }
            let Some((first, rest)) = segs.split_first() else {
                out.push(Hit {
                    reached: Reached::Value(v),
                    path,
                    span,
                });
                return;
            };
            match (v.unmarked(), first) {
                (Value::Map(m), Seg::Key(k)) => match m.get(k) {
                    Some(x) => walk(Node::Value(x), join_key(&path, k), span, rest, out),
                    None => out.push(Hit {
                        reached: Reached::Absent,
                        path: rest_path(&path, segs),
                        span,
                    }),
                },
                (Value::List(items), Seg::Index(i)) => match items.get(*i) {
                    Some(x) => walk(Node::Value(x), join_index(&path, *i), span, rest, out),
                    None => out.push(Hit {
                        reached: Reached::Absent,
                        path: rest_path(&path, segs),
                        span,
                    }),
                },
                (Value::List(items), Seg::Key(_)) => {
                    // Fan out over the elements (blocks written as a list of objects).
                    let before = out.len();
                    for (i, x) in items.iter().enumerate() {
                        walk(Node::Value(x), join_index(&path, i), span, segs, out);
                    }
                    if out.len() == before {
                        out.push(Hit {
                            reached: Reached::Absent,
                            path: rest_path(&path, segs),
                            span,
                        });
                    }
                }
                _ => out.push(Hit {
                    reached: Reached::Absent,
                    path: rest_path(&path, segs),
                    span,
                }),
            }
        }
    }
}

/// The elements a `block:` path reaches: every nested block or list element,
/// each as a node to evaluate a condition in. Unknown elements are `None`.
pub fn elements<'a>(
    node: Node<'a>,
    prefix: &str,
    span: Option<Span>,
    segs: &[Seg],
) -> Vec<(Option<Node<'a>>, String, Option<Span>)> {
    let mut out = Vec::new();
    for hit in resolve(node, prefix, span, segs) {
        match hit.reached {
            Reached::Absent => {}
            Reached::Body(b) => out.push((Some(Node::Body(b)), hit.path, hit.span)),
            Reached::Unknown(_) => out.push((None, hit.path, hit.span)),
            Reached::Value(v) => match v.unmarked() {
                Value::List(items) => {
                    for (i, x) in items.iter().enumerate() {
                        let p = join_index(&hit.path, i);
                        match x.unmarked() {
                            Value::Unknown => out.push((None, p, hit.span)),
                            Value::Null => {}
                            _ => out.push((Some(Node::Value(x)), p, hit.span)),
                        }
                    }
                }
                _ => out.push((Some(Node::Value(v)), hit.path, hit.span)),
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terraform::{Attr, NestedBlock};
    use std::collections::BTreeMap;

    fn body(attrs: Vec<(&str, Value)>, blocks: Vec<NestedBlock>) -> Body {
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

    fn block(kind: &str, b: Body) -> NestedBlock {
        NestedBlock {
            kind: kind.into(),
            labels: vec![],
            body: b,
            span: None,
            dynamic: false,
            expansion_unknown: false,
        }
    }

    #[test]
    fn parses_paths() {
        let p = AttrPath::parse("a.b[2].c").unwrap();
        assert_eq!(
            p.segs,
            vec![
                Seg::Key("a".into()),
                Seg::Key("b".into()),
                Seg::Index(2),
                Seg::Key("c".into())
            ]
        );
        let p = AttrPath::parse("tags[\"kubernetes.io/role\"]").unwrap();
        assert_eq!(p.segs[1], Seg::Key("kubernetes.io/role".into()));
        assert_eq!(AttrPath::parse("a.0.b").unwrap().segs[1], Seg::Index(0));
        for bad in ["", "a.", ".a", "a..b", "a[", "a[x]", "a b", "a[0]b"] {
            assert!(AttrPath::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn resolves_through_blocks_and_values() {
        let rule = body(
            vec![],
            vec![block(
                "apply_server_side_encryption_by_default",
                body(vec![("sse_algorithm", Value::string("aws:kms"))], vec![]),
            )],
        );
        let sse = body(vec![], vec![block("rule", rule)]);
        let b = body(
            vec![(
                "environment",
                Value::Map(BTreeMap::from([(
                    "variables".to_string(),
                    Value::Map(BTreeMap::from([("A".to_string(), Value::string("x"))])),
                )])),
            )],
            vec![block("server_side_encryption_configuration", sse)],
        );
        let p = AttrPath::parse(
            "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm",
        )
        .unwrap();
        let hits = resolve(Node::Body(&b), "", None, &p.segs);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            hits[0].path,
            "server_side_encryption_configuration[0].rule[0].apply_server_side_encryption_by_default[0].sse_algorithm"
        );
        assert!(matches!(hits[0].reached, Reached::Value(v) if v.as_str() == Some("aws:kms")));

        let p = AttrPath::parse("environment.variables.A").unwrap();
        let hits = resolve(Node::Body(&b), "", None, &p.segs);
        assert!(matches!(hits[0].reached, Reached::Value(v) if v.as_str() == Some("x")));

        let p = AttrPath::parse("logging.target_bucket").unwrap();
        let hits = resolve(Node::Body(&b), "", None, &p.segs);
        assert_eq!(hits.len(), 1);
        assert!(matches!(hits[0].reached, Reached::Absent));
        assert_eq!(hits[0].path, "logging.target_bucket");
    }

    #[test]
    fn fans_out_over_blocks_and_lists() {
        let b = body(
            vec![(
                "ingress",
                Value::List(vec![
                    Value::Map(BTreeMap::from([("port".to_string(), Value::Number(22.0))])),
                    Value::Map(BTreeMap::from([("port".to_string(), Value::Unknown)])),
                ]),
            )],
            vec![
                block(
                    "ebs_block_device",
                    body(vec![("encrypted", Value::Bool(true))], vec![]),
                ),
                block("ebs_block_device", body(vec![], vec![])),
            ],
        );
        let hits = resolve(
            Node::Body(&b),
            "",
            None,
            &AttrPath::parse("ebs_block_device.encrypted").unwrap().segs,
        );
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[1].path, "ebs_block_device[1].encrypted");
        assert!(matches!(hits[1].reached, Reached::Absent));
        let hits = resolve(
            Node::Body(&b),
            "",
            None,
            &AttrPath::parse("ingress.port").unwrap().segs,
        );
        assert_eq!(hits.len(), 2);
        assert!(matches!(hits[1].reached, Reached::Unknown(_)));
        let els = elements(
            Node::Body(&b),
            "",
            None,
            &AttrPath::parse("ingress").unwrap().segs,
        );
        assert_eq!(els.len(), 2);
        assert_eq!(els[1].1, "ingress[1]");
    }
}
