//! Evaluation of declarative conditions with three-valued logic.
//!
//! Every condition evaluates to true, false or unknown (Kleene logic: `all` is
//! false as soon as one part is false, `any` is true as soon as one part is true,
//! otherwise an unknown part makes the result unknown). Alongside the truth value
//! each evaluation carries a [`Fact`]: the observation that decided it
//! ("`is_multi_region_trail` is not set (defaults to false)"), with the concrete
//! attribute path and span, so a finding can say exactly what is wrong and where.

use super::index::{resource_origins, ModelIndex};
use super::path::{elements, join_key, resolve, Hit, Node, Reached};
use super::spec::{
    AnyResourceCheck, AttrCheck, BlockCheck, Condition, Op, Quantifier, ReferencedCheck,
    RelatedCheck,
};
use crate::source::Span;
use crate::terraform::{OriginKind, Resource, Value};

/// A three-valued truth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tri {
    True,
    False,
    Unknown,
}

impl Tri {
    pub fn from_bool(b: bool) -> Tri {
        if b {
            Tri::True
        } else {
            Tri::False
        }
    }

    pub fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::False, _) | (_, Tri::False) => Tri::False,
            (Tri::True, Tri::True) => Tri::True,
            _ => Tri::Unknown,
        }
    }

    pub fn or(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::True, _) | (_, Tri::True) => Tri::True,
            (Tri::False, Tri::False) => Tri::False,
            _ => Tri::Unknown,
        }
    }
}

impl std::ops::Not for Tri {
    type Output = Tri;

    fn not(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }
}

/// The observation that decided an evaluation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fact {
    pub text: String,
    /// Concrete attribute path; for a companion resource it starts with the
    /// companion's address.
    pub path: Option<String>,
    pub span: Option<Span>,
}

/// The result of evaluating a condition.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub truth: Tri,
    pub fact: Fact,
}

impl Outcome {
    fn new(
        truth: Tri,
        text: impl Into<String>,
        path: Option<String>,
        span: Option<Span>,
    ) -> Outcome {
        Outcome {
            truth,
            fact: Fact {
                text: text.into(),
                path,
                span,
            },
        }
    }
}

/// Where a condition is evaluated: a resource, and a node inside it.
#[derive(Clone)]
pub struct Scope<'a> {
    pub resource: &'a Resource,
    pub node: Node<'a>,
    /// Display prefix of paths evaluated here.
    pub prefix: String,
    pub span: Option<Span>,
}

impl<'a> Scope<'a> {
    /// The top of a resource; `prefix` is empty for the resource under audit and
    /// the companion's address for companions.
    pub fn resource(r: &'a Resource, prefix: String) -> Scope<'a> {
        Scope {
            resource: r,
            node: Node::Body(&r.body),
            prefix,
            span: r.span,
        }
    }
}

/// Evaluates a condition in a scope.
pub fn eval(c: &Condition, scope: &Scope<'_>, idx: &ModelIndex<'_>) -> Outcome {
    match c {
        Condition::All(cs) => combine_all(cs.iter().map(|c| eval(c, scope, idx))),
        Condition::Any(cs) => combine_any(cs.iter().map(|c| eval(c, scope, idx))),
        Condition::Not(c) => {
            let o = eval(c, scope, idx);
            Outcome {
                truth: !o.truth,
                fact: o.fact,
            }
        }
        Condition::Attr(a) => eval_attr(a, scope),
        Condition::Block(b) => eval_block(b, scope, idx),
        Condition::Related(r) => eval_related(r, scope, idx),
        Condition::AnyResource(a) => eval_any_resource(a, scope, idx),
        Condition::Referenced(r) => eval_referenced(r, scope, idx),
        Condition::PerType(cases) => match cases.iter().find(|(t, _)| t.matches(scope.resource)) {
            Some((_, c)) => eval(c, scope, idx),
            None => Outcome::new(Tri::True, "", None, None),
        },
    }
}

fn combine_all(it: impl Iterator<Item = Outcome>) -> Outcome {
    let mut first_true: Option<Outcome> = None;
    let mut first_unknown: Option<Outcome> = None;
    for o in it {
        match o.truth {
            Tri::False => return o,
            Tri::Unknown => {
                if first_unknown.is_none() {
                    first_unknown = Some(o)
                }
            }
            Tri::True => {
                if first_true.is_none() {
                    first_true = Some(o)
                }
            }
        }
    }
    first_unknown
        .or(first_true)
        .unwrap_or_else(|| Outcome::new(Tri::True, "", None, None))
}

fn combine_any(it: impl Iterator<Item = Outcome>) -> Outcome {
    let mut first_false: Option<Outcome> = None;
    let mut first_unknown: Option<Outcome> = None;
    for o in it {
        match o.truth {
            Tri::True => return o,
            Tri::Unknown => {
                if first_unknown.is_none() {
                    first_unknown = Some(o)
                }
            }
            Tri::False => {
                if first_false.is_none() {
                    first_false = Some(o)
                }
            }
        }
    }
    first_unknown
        .or(first_false)
        .unwrap_or_else(|| Outcome::new(Tri::False, "", None, None))
}

/// Short display of a value for messages: masked when sensitive or when the
/// attribute name suggests a secret, truncated when long.
pub fn display(v: &Value, path: &str) -> String {
    let last = path.rsplit(['.', '[']).next().unwrap_or(path);
    if v.is_sensitive() || (v.as_str().is_some() && super::builtin::secrets::is_secret_name(last)) {
        return crate::terraform::value::SENSITIVE_PLACEHOLDER.to_string();
    }
    let s = v.to_string();
    if s.chars().count() > 80 {
        let head: String = s.chars().take(77).collect();
        format!("{head}...")
    } else {
        s
    }
}

fn code(path: &str) -> String {
    format!("`{path}`")
}

fn eval_attr(a: &AttrCheck, scope: &Scope<'_>) -> Outcome {
    let hits = resolve(scope.node, &scope.prefix, scope.span, &a.path.segs);
    let outcomes = hits.iter().map(|h| eval_hit(a, h));
    match a.each {
        Quantifier::All => combine_all(outcomes),
        _ => combine_any(outcomes),
    }
}

/// True when an unknown value certainly refers to an existing object's
/// attribute (a resource or data source), so it is set after apply.
fn references_object(v: Option<&Value>) -> bool {
    v.is_some_and(|v| {
        v.origins()
            .iter()
            .any(|o| matches!(o.kind, OriginKind::Resource | OriginKind::Data))
    })
}

fn eval_hit(a: &AttrCheck, h: &Hit<'_>) -> Outcome {
    let path = Some(h.path.clone());
    match h.reached {
        Reached::Absent => {
            let not_set = format!("{} is not set", code(&h.path));
            match (a.op, &a.default) {
                (Op::Exists, _) => Outcome::new(Tri::False, not_set, path, h.span),
                (Op::Absent, _) => Outcome::new(Tri::True, not_set, path, h.span),
                (_, Some(d)) => {
                    let text = format!("{not_set} (defaults to {})", display(d, &h.path));
                    Outcome::new(apply(a, d), text, path, h.span)
                }
                (op, None) => {
                    // Comparisons against a missing value: only the negative
                    // operators hold.
                    let t = matches!(
                        op,
                        Op::NotEquals | Op::NotIn | Op::NotRegex | Op::NotContains
                    );
                    Outcome::new(Tri::from_bool(t), not_set, path, h.span)
                }
            }
        }
        Reached::Unknown(v) => {
            let text = format!("{} is known only after apply", code(&h.path));
            let truth = match a.op {
                Op::Exists if references_object(v) => Tri::True,
                Op::Absent if references_object(v) => Tri::False,
                _ => Tri::Unknown,
            };
            let text = if truth == Tri::Unknown {
                text
            } else {
                format!("{} is set from another resource's attribute", code(&h.path))
            };
            Outcome::new(truth, text, path, h.span)
        }
        Reached::Body(_) => {
            let text = format!("block {} is present", code(&h.path));
            let truth = match a.op {
                Op::Exists => Tri::True,
                Op::Absent => Tri::False,
                Op::NotEquals | Op::NotIn | Op::NotRegex | Op::NotContains => Tri::True,
                _ => Tri::False,
            };
            Outcome::new(truth, text, path, h.span)
        }
        Reached::Value(v) => {
            let text = format!("{} is {}", code(&h.path), display(v, &h.path));
            Outcome::new(apply(a, v), text, path, h.span)
        }
    }
}

fn str_eq(a: &str, b: &str, ignore_case: bool) -> bool {
    if ignore_case {
        a.to_lowercase() == b.to_lowercase()
    } else {
        a == b
    }
}

/// Equality of an evaluated value with a policy operand, with Terraform's
/// primitive conversions (`"5"` equals 5, `"true"` equals true).
fn loose_eq(v: &Value, operand: &Value, ignore_case: bool) -> Tri {
    if v.is_unknown() {
        return Tri::Unknown;
    }
    match operand.unmarked() {
        Value::String(s) => match v.to_tf_string() {
            Some(x) => Tri::from_bool(str_eq(&x, s, ignore_case)),
            None => Tri::False,
        },
        Value::Number(n) => Tri::from_bool(v.as_f64().is_some_and(|x| x == *n)),
        Value::Bool(b) => Tri::from_bool(v.as_bool() == Some(*b)),
        Value::Null => Tri::from_bool(v.is_null()),
        Value::List(items) => match v.as_list() {
            Some(xs) if xs.len() == items.len() => {
                xs.iter().zip(items).fold(Tri::True, |acc, (x, o)| {
                    acc.and(loose_eq(x, o, ignore_case))
                })
            }
            _ => Tri::False,
        },
        Value::Map(m) => match v.as_map() {
            Some(xm) if xm.len() == m.len() => m.iter().fold(Tri::True, |acc, (k, o)| {
                acc.and(match xm.get(k) {
                    Some(x) => loose_eq(x, o, ignore_case),
                    None => Tri::False,
                })
            }),
            _ => Tri::False,
        },
        Value::Unknown | Value::Marked(..) => Tri::Unknown,
    }
}

fn is_empty_value(v: &Value) -> bool {
    match v.unmarked() {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::List(l) => l.is_empty(),
        Value::Map(m) => m.is_empty(),
        _ => false,
    }
}

/// Applies an operator to a present value.
fn apply(a: &AttrCheck, v: &Value) -> Tri {
    let operand = a.value.as_ref().unwrap_or(&Value::Null);
    let ic = a.ignore_case;
    match a.op {
        Op::Equals => loose_eq(v, operand, ic),
        Op::NotEquals => !loose_eq(v, operand, ic),
        Op::In | Op::NotIn => {
            let items = operand.as_list().unwrap_or(&[]);
            let t = items
                .iter()
                .fold(Tri::False, |acc, o| acc.or(loose_eq(v, o, ic)));
            if a.op == Op::In {
                t
            } else {
                !t
            }
        }
        Op::Regex | Op::NotRegex => {
            let t = if v.is_unknown() {
                Tri::Unknown
            } else {
                match (&a.regex, v.to_tf_string()) {
                    (Some(re), Some(s)) => Tri::from_bool(re.is_match(&s)),
                    _ => Tri::False,
                }
            };
            if a.op == Op::Regex {
                t
            } else {
                !t
            }
        }
        Op::Contains | Op::NotContains => {
            let t = match v.unmarked() {
                Value::Unknown => Tri::Unknown,
                Value::List(items) => items
                    .iter()
                    .fold(Tri::False, |acc, x| acc.or(loose_eq(x, operand, ic))),
                Value::Map(m) => match operand.as_str() {
                    Some(k) => Tri::from_bool(m.keys().any(|x| str_eq(x, k, ic))),
                    None => Tri::False,
                },
                Value::String(s) => match operand.to_tf_string() {
                    Some(o) if ic => Tri::from_bool(s.to_lowercase().contains(&o.to_lowercase())),
                    Some(o) => Tri::from_bool(s.contains(&o)),
                    None => Tri::False,
                },
                _ => Tri::False,
            };
            if a.op == Op::Contains {
                t
            } else {
                !t
            }
        }
        Op::Gt | Op::Gte | Op::Lt | Op::Lte => {
            if v.is_unknown() {
                return Tri::Unknown;
            }
            let (Some(x), Some(o)) = (v.as_f64(), operand.as_f64()) else {
                return Tri::False;
            };
            Tri::from_bool(match a.op {
                Op::Gt => x > o,
                Op::Gte => x >= o,
                Op::Lt => x < o,
                _ => x <= o,
            })
        }
        Op::Exists => {
            if v.is_unknown() {
                Tri::Unknown
            } else {
                Tri::from_bool(!is_empty_value(v))
            }
        }
        Op::Absent => {
            if v.is_unknown() {
                Tri::Unknown
            } else {
                Tri::from_bool(is_empty_value(v))
            }
        }
        Op::IsTrue | Op::IsFalse => {
            if v.is_unknown() {
                return Tri::Unknown;
            }
            let want = a.op == Op::IsTrue;
            Tri::from_bool(v.as_bool() == Some(want))
        }
    }
}

fn eval_block(b: &BlockCheck, scope: &Scope<'_>, idx: &ModelIndex<'_>) -> Outcome {
    let els = elements(scope.node, &scope.prefix, scope.span, &b.path.segs);
    let block_path = {
        let mut p = scope.prefix.clone();
        for s in &b.path.segs {
            p = match s {
                super::path::Seg::Key(k) => join_key(&p, k),
                super::path::Seg::Index(i) => super::path::join_index(&p, *i),
            };
        }
        p
    };
    if els.is_empty() {
        let text = format!("there is no {} block", code(&block_path));
        let truth = match b.quantifier {
            Quantifier::Any => Tri::False,
            Quantifier::All | Quantifier::None => Tri::True,
        };
        return Outcome::new(truth, text, Some(block_path), scope.span);
    }
    let outcomes = els.into_iter().map(|(node, path, span)| match node {
        None => Outcome::new(
            Tri::Unknown,
            format!(
                "{} comes from a dynamic block whose for_each is known only after apply",
                code(&path)
            ),
            Some(path),
            span,
        ),
        Some(node) => {
            let inner = Scope {
                resource: scope.resource,
                node,
                prefix: path,
                span,
            };
            eval(&b.condition, &inner, idx)
        }
    });
    match b.quantifier {
        Quantifier::Any => combine_any(outcomes),
        Quantifier::All => combine_all(outcomes),
        Quantifier::None => {
            let o = combine_any(outcomes);
            Outcome {
                truth: !o.truth,
                fact: o.fact,
            }
        }
    }
}

/// Evaluates `cond` (or true when absent) on each resource and combines.
fn eval_on(
    resources: &[&Resource],
    cond: Option<&Condition>,
    quantifier: Quantifier,
    idx: &ModelIndex<'_>,
) -> Outcome {
    let outcomes = resources.iter().map(|r| {
        let scope = Scope::resource(r, r.address.clone());
        match cond {
            Some(c) => {
                let mut o = eval(c, &scope, idx);
                if o.fact.text.is_empty() {
                    o.fact.text = format!("{} is configured", r.address);
                    o.fact.span = o.fact.span.or(r.span);
                }
                o
            }
            None => Outcome::new(Tri::True, format!("{} exists", r.address), None, r.span),
        }
    });
    match quantifier {
        Quantifier::All => combine_all(outcomes),
        _ => combine_any(outcomes),
    }
}

fn eval_related(r: &RelatedCheck, scope: &Scope<'_>, idx: &ModelIndex<'_>) -> Outcome {
    let target = scope.resource;
    let name = r.by_name.as_ref().and_then(|p| {
        resolve(Node::Body(&target.body), "", None, &p.segs)
            .into_iter()
            .find_map(|h| match h.reached {
                Reached::Value(v) => v.as_str().map(str::to_string),
                _ => None,
            })
    });
    let linked = idx.linked(&r.rtype, &r.via, target, name.as_deref());
    let companions: Vec<&Resource> = linked.definite.iter().filter_map(|&i| idx.get(i)).collect();
    if companions.is_empty() {
        return if linked.maybe {
            Outcome::new(
                Tri::Unknown,
                format!(
                    "whether some {} references this resource is known only after apply",
                    r.rtype
                ),
                None,
                target.span,
            )
        } else {
            Outcome::new(
                Tri::False,
                format!("no {} references this resource", r.rtype),
                None,
                target.span,
            )
        };
    }
    let mut o = eval_on(&companions, r.condition.as_deref(), r.quantifier, idx);
    if o.truth == Tri::False && linked.maybe && r.quantifier == Quantifier::Any {
        o.truth = Tri::Unknown;
    }
    o
}

fn eval_any_resource(a: &AnyResourceCheck, scope: &Scope<'_>, idx: &ModelIndex<'_>) -> Outcome {
    let all = idx.of_type(&scope.resource.root, &a.rtype);
    if all.is_empty() {
        return Outcome::new(
            Tri::False,
            format!("there is no {} in the configuration", a.rtype),
            None,
            scope.resource.span,
        );
    }
    eval_on(&all, a.condition.as_deref(), Quantifier::Any, idx)
}

fn eval_referenced(r: &ReferencedCheck, scope: &Scope<'_>, idx: &ModelIndex<'_>) -> Outcome {
    let hits = resolve(scope.node, &scope.prefix, scope.span, &r.path.segs);
    let mut origins = Vec::new();
    let mut present = false;
    let mut first = None;
    for h in &hits {
        match h.reached {
            Reached::Value(v) => {
                present = true;
                origins.extend(resource_origins(v));
            }
            Reached::Unknown(v) => {
                present = true;
                origins.extend(v.map(resource_origins).unwrap_or_default());
            }
            Reached::Body(_) => present = true,
            Reached::Absent => {}
        }
        if first.is_none() {
            first = Some((h.path.clone(), h.span));
        }
    }
    let (path, span) = first.unwrap_or((r.path.to_string(), scope.span));
    if !present {
        return Outcome::new(
            Tri::False,
            format!("{} is not set", code(&path)),
            Some(path),
            span,
        );
    }
    origins.sort();
    origins.dedup();
    let targets: Vec<&Resource> = origins
        .iter()
        .filter_map(|a| idx.by_address(&scope.resource.root, a))
        .filter(|t| r.rtype.as_ref().is_none_or(|ty| ty.matches(t)))
        .collect();
    if targets.is_empty() {
        return Outcome::new(
            Tri::Unknown,
            format!(
                "{} does not reference a resource of this configuration",
                code(&path)
            ),
            Some(path),
            span,
        );
    }
    eval_on(&targets, r.condition.as_deref(), r.quantifier, idx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::builtin::test_support::*;
    use crate::terraform::{Model, Origin};

    fn check(yaml: &str, r: &Resource) -> Outcome {
        let c: Condition = serde_yaml::from_str(yaml).expect("condition parses");
        let model = Model::default();
        let idx = ModelIndex::new(&model, &[]);
        eval(&c, &Scope::resource(r, String::new()), &idx)
    }

    fn sample() -> Resource {
        resource(
            "aws_x",
            "y",
            body(
                vec![
                    ("port", s("5432")),
                    ("name", s("Orders-DB")),
                    ("enabled", s("true")),
                    ("zones", list(vec![s("a"), s("b")])),
                    ("tags", map(vec![("Env", s("prod"))])),
                    ("size", n(20.0)),
                    ("later", Value::Unknown),
                    (
                        "key",
                        Value::unknown_from(Origin::new(OriginKind::Resource, "aws_kms_key.k")),
                    ),
                    ("empty", list(vec![])),
                ],
                vec![
                    block("rule", body(vec![("on", Value::Bool(true))], vec![])),
                    block("rule", body(vec![("on", Value::Bool(false))], vec![])),
                ],
            ),
        )
    }

    #[test]
    fn operators() {
        let r = sample();
        let t = |yaml: &str| check(yaml, &r).truth;
        assert_eq!(t("{attr: port, op: equals, value: 5432}"), Tri::True);
        assert_eq!(t("{attr: port, op: gte, value: 5000}"), Tri::True);
        assert_eq!(t("{attr: size, op: lt, value: 20}"), Tri::False);
        assert_eq!(t("{attr: enabled, op: is_true}"), Tri::True);
        assert_eq!(t("{attr: name, op: equals, value: orders-db}"), Tri::False);
        assert_eq!(
            t("{attr: name, op: equals, value: orders-db, ignore_case: true}"),
            Tri::True
        );
        assert_eq!(t("{attr: name, op: regex, value: '^Orders-'}"), Tri::True);
        assert_eq!(
            t("{attr: name, op: not_regex, value: '^Orders-'}"),
            Tri::False
        );
        assert_eq!(t("{attr: name, op: in, value: [a, Orders-DB]}"), Tri::True);
        assert_eq!(t("{attr: name, op: not_in, value: [a, b]}"), Tri::True);
        assert_eq!(t("{attr: zones, op: contains, value: b}"), Tri::True);
        assert_eq!(t("{attr: tags, op: contains, value: Env}"), Tri::True);
        assert_eq!(t("{attr: tags.Env, op: equals, value: prod}"), Tri::True);
        assert_eq!(t("{attr: zones, op: equals, value: [a, b]}"), Tri::True);
        assert_eq!(t("{attr: empty, op: exists}"), Tri::False);
        assert_eq!(t("{attr: empty, op: absent}"), Tri::True);
        assert_eq!(t("{attr: missing, op: absent}"), Tri::True);
        assert_eq!(t("{attr: missing, op: not_equals, value: x}"), Tri::True);
        assert_eq!(t("{attr: missing, op: equals, value: x}"), Tri::False);
        assert_eq!(t("{attr: missing, op: is_true, default: true}"), Tri::True);
        assert_eq!(t("{attr: later, op: equals, value: x}"), Tri::Unknown);
        assert_eq!(t("{attr: later, op: exists}"), Tri::Unknown);
        // A reference to another resource's attribute is set after apply.
        assert_eq!(t("{attr: key, op: exists}"), Tri::True);
        assert_eq!(t("{attr: key, op: absent}"), Tri::False);
    }

    #[test]
    fn quantifiers_and_combinators() {
        let r = sample();
        let t = |yaml: &str| check(yaml, &r).truth;
        assert_eq!(t("{attr: rule.on, op: is_true}"), Tri::True);
        assert_eq!(t("{attr: rule.on, op: is_true, each: all}"), Tri::False);
        assert_eq!(
            t("{block: rule, match: all, where: {attr: on, op: is_true}}"),
            Tri::False
        );
        assert_eq!(
            t("{block: rule, match: none, where: {attr: on, op: is_true}}"),
            Tri::False
        );
        assert_eq!(
            t("{block: nothing, match: all, where: {attr: on, op: is_true}}"),
            Tri::True
        );
        assert_eq!(
            t("{block: nothing, match: any, where: {attr: on, op: is_true}}"),
            Tri::False
        );
        assert_eq!(
            t("{block: zones, match: all, where: {attr: x, op: absent}}"),
            Tri::True
        );
        assert_eq!(
            t("{all: [{attr: enabled, op: is_true}, {attr: later, op: exists}]}"),
            Tri::Unknown
        );
        assert_eq!(
            t("{all: [{attr: enabled, op: is_false}, {attr: later, op: exists}]}"),
            Tri::False
        );
        assert_eq!(
            t("{any: [{attr: enabled, op: is_true}, {attr: later, op: exists}]}"),
            Tri::True
        );
        assert_eq!(t("{not: {attr: later, op: exists}}"), Tri::Unknown);
        assert_eq!(
            t("{per_type: {aws_other: {attr: x, op: exists}}}"),
            Tri::True
        );
        assert_eq!(t("{per_type: {aws_x: {attr: x, op: exists}}}"), Tri::False);
        let o = check(
            "{block: rule, match: all, where: {attr: on, op: is_true}}",
            &r,
        );
        assert_eq!(o.fact.path.as_deref(), Some("rule[1].on"));
        assert_eq!(o.fact.text, "`rule[1].on` is false");
    }

    #[test]
    fn secret_named_values_are_masked_in_facts() {
        let r = resource(
            "aws_x",
            "y",
            body(vec![("password", s("hunter2hunter2"))], vec![]),
        );
        let o = check("{attr: password, op: equals, value: x}", &r);
        assert_eq!(o.fact.text, "`password` is (sensitive value)");
    }

    #[test]
    fn kleene_logic() {
        use Tri::*;
        assert_eq!(True.and(Unknown), Unknown);
        assert_eq!(False.and(Unknown), False);
        assert_eq!(True.or(Unknown), True);
        assert_eq!(False.or(Unknown), Unknown);
        assert_eq!(!Unknown, Unknown);
    }
}
