//! The evaluated value of a Terraform expression.
//!
//! `Value` mirrors Terraform's cty values closely enough for judgement and pricing:
//! lists, tuples and sets are all `List` (sets are kept sorted and de-duplicated by
//! the functions that build them); maps and objects are both `Map` with lexically
//! ordered keys, as Terraform iterates them. `Unknown` is a first-class value that
//! propagates through every operation. `Marked` carries Terraform-style marks: the
//! `sensitive` flag and the origins a value was derived from (a resource instance,
//! a data source, a variable), so that policies can link a companion resource to
//! the resource it configures even when the linking attribute is only known after
//! apply.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// Where a value came from, recorded as a mark.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    pub kind: OriginKind,
    /// `aws_s3_bucket.b["x"]`, `module.m.aws_vpc.main`, `data.aws_ami.ubuntu`,
    /// `var.db_password`, `timestamp()`.
    pub address: Arc<str>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OriginKind {
    /// A managed resource instance.
    Resource,
    /// A data source instance.
    Data,
    /// An input variable (with no value, when the value is unknown).
    Variable,
    /// Anything else that is only known at apply time: impure functions,
    /// module outputs of unresolved modules, unsupported functions.
    Other,
}

impl Origin {
    pub fn new(kind: OriginKind, address: impl Into<Arc<str>>) -> Origin {
        Origin {
            kind,
            address: address.into(),
        }
    }
}

/// Marks attached to a value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Marks {
    pub sensitive: bool,
    /// Sorted and de-duplicated.
    pub origins: Vec<Origin>,
    /// On an unknown string: the (partly unknown) value it is the JSON encoding of
    /// (`jsonencode(...)` or a rendered `aws_iam_policy_document`), so documents
    /// with apply-time ARNs can still be judged. Never carried into results of
    /// functions or operators; see [`Value::json_document`].
    pub encoded: Option<Arc<Value>>,
}

impl Marks {
    pub fn is_empty(&self) -> bool {
        !self.sensitive && self.origins.is_empty() && self.encoded.is_none()
    }

    pub fn sensitive() -> Marks {
        Marks {
            sensitive: true,
            ..Marks::default()
        }
    }

    pub fn origin(origin: Origin) -> Marks {
        Marks {
            origins: vec![origin],
            ..Marks::default()
        }
    }

    /// Union of two mark sets. `encoded` stays the receiver's: it describes the
    /// value itself, not what it was combined with.
    pub fn merge(&mut self, other: &Marks) {
        self.sensitive |= other.sensitive;
        for o in &other.origins {
            if let Err(pos) = self.origins.binary_search(o) {
                self.origins.insert(pos, o.clone());
            }
        }
    }
}

/// An evaluated Terraform value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    /// list, tuple or set
    List(Vec<Value>),
    /// map or object
    Map(BTreeMap<String, Value>),
    /// Not known until apply (or not knowable statically at all).
    Unknown,
    /// A value with marks. Never nested directly inside another `Marked`.
    Marked(Box<Value>, Marks),
}

impl Value {
    pub fn string(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    /// An unknown value that remembers where it came from.
    pub fn unknown_from(origin: Origin) -> Value {
        Value::Unknown.with_marks(Marks::origin(origin))
    }

    /// Attaches marks (merging with existing ones). Empty marks are a no-op.
    pub fn with_marks(self, marks: Marks) -> Value {
        if marks.is_empty() {
            return self;
        }
        match self {
            Value::Marked(inner, mut m) => {
                m.merge(&marks);
                Value::Marked(inner, m)
            }
            other => Value::Marked(Box::new(other), marks),
        }
    }

    pub fn mark_sensitive(self) -> Value {
        self.with_marks(Marks::sensitive())
    }

    /// The value without its top-level marks.
    pub fn unmarked(&self) -> &Value {
        match self {
            Value::Marked(inner, _) => inner,
            other => other,
        }
    }

    /// Splits a value into its top-level content and marks.
    pub fn into_parts(self) -> (Value, Marks) {
        match self {
            Value::Marked(inner, m) => (*inner, m),
            other => (other, Marks::default()),
        }
    }

    /// Top-level marks, if any.
    pub fn marks(&self) -> Option<&Marks> {
        match self {
            Value::Marked(_, m) => Some(m),
            _ => None,
        }
    }

    /// Removes marks at every depth, returning the union of all of them.
    pub fn deep_unmark(self) -> (Value, Marks) {
        let mut marks = Marks::default();
        let v = deep_unmark_into(self, &mut marks);
        (v, marks)
    }

    /// True when the value itself (top level) is unknown.
    pub fn is_unknown(&self) -> bool {
        matches!(self.unmarked(), Value::Unknown)
    }

    /// True when neither the value nor anything inside it is unknown.
    pub fn is_fully_known(&self) -> bool {
        match self.unmarked() {
            Value::Unknown => false,
            Value::List(items) => items.iter().all(Value::is_fully_known),
            Value::Map(m) => m.values().all(Value::is_fully_known),
            _ => true,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.unmarked(), Value::Null)
    }

    /// True when the value, or anything inside it, is marked sensitive.
    pub fn is_sensitive(&self) -> bool {
        match self {
            Value::Marked(inner, m) => m.sensitive || inner.is_sensitive(),
            Value::List(items) => items.iter().any(Value::is_sensitive),
            Value::Map(m) => m.values().any(Value::is_sensitive),
            _ => false,
        }
    }

    /// Every origin recorded anywhere in this value.
    pub fn origins(&self) -> Vec<Origin> {
        let mut out = Marks::default();
        collect_marks(self, &mut out);
        out.origins
    }

    /// A JSON document held by this value as a structure: a JSON string parsed,
    /// a map/list as is, or the structure behind an unknown `jsonencode` result.
    /// Unknown parts stay Unknown. `None` when the value is no JSON document.
    pub fn json_document(&self) -> Option<Value> {
        match self {
            Value::Marked(inner, m) => match (&**inner, &m.encoded) {
                (Value::Unknown, Some(enc)) => Some((**enc).clone()),
                (inner, _) => inner.json_document(),
            },
            Value::String(s) => serde_json::from_str::<serde_json::Value>(s)
                .ok()
                .map(|j| Value::from_json(&j)),
            Value::Map(_) | Value::List(_) => Some(self.clone()),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self.unmarked() {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.unmarked() {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s == "true" => Some(true),
            Value::String(s) if s == "false" => Some(false),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self.unmarked() {
            Value::Number(n) => Some(*n),
            Value::String(s) => s.trim().parse::<f64>().ok().filter(|n| n.is_finite()),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Value]> {
        match self.unmarked() {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&BTreeMap<String, Value>> {
        match self.unmarked() {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// Attribute or key lookup on a map value; `None` when absent or not a map.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_map().and_then(|m| m.get(key))
    }

    /// Terraform's name for the value's kind, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.unmarked() {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Map(_) => "map",
            Value::Unknown => "unknown",
            Value::Marked(..) => "marked",
        }
    }

    /// Converts a known primitive to its Terraform string form (`tostring`).
    pub fn to_tf_string(&self) -> Option<String> {
        match self.unmarked() {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(format_number(*n)),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// JSON form with unknowns as `null` and marks dropped (secrets are NOT masked:
    /// use [`Value::to_display_json`] for anything shown to a user).
    pub fn to_json(&self) -> serde_json::Value {
        self.json_inner(false)
    }

    /// JSON form for output: sensitive values are replaced by `"(sensitive value)"`,
    /// unknowns become `null`.
    pub fn to_display_json(&self) -> serde_json::Value {
        self.json_inner(true)
    }

    fn json_inner(&self, mask: bool) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Null | Value::Unknown => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(n) => number_to_json(*n),
            Value::String(s) => J::String(s.clone()),
            Value::List(items) => J::Array(items.iter().map(|v| v.json_inner(mask)).collect()),
            Value::Map(m) => J::Object(
                m.iter()
                    .map(|(k, v)| (k.clone(), v.json_inner(mask)))
                    .collect(),
            ),
            Value::Marked(inner, marks) => {
                if mask && marks.sensitive && !inner.is_null() {
                    J::String(SENSITIVE_PLACEHOLDER.to_string())
                } else {
                    inner.json_inner(mask)
                }
            }
        }
    }

    /// Builds a value from JSON (numbers become f64, objects maps).
    pub fn from_json(j: &serde_json::Value) -> Value {
        use serde_json::Value as J;
        match j {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => Value::Number(n.as_f64().unwrap_or(0.0)),
            J::String(s) => Value::String(s.clone()),
            J::Array(a) => Value::List(a.iter().map(Value::from_json).collect()),
            J::Object(o) => Value::Map(
                o.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }
}

/// What every renderer shows instead of a sensitive value.
pub const SENSITIVE_PLACEHOLDER: &str = "(sensitive value)";

fn deep_unmark_into(v: Value, marks: &mut Marks) -> Value {
    match v {
        Value::Marked(inner, m) => {
            marks.merge(&m);
            deep_unmark_into(*inner, marks)
        }
        Value::List(items) => Value::List(
            items
                .into_iter()
                .map(|i| deep_unmark_into(i, marks))
                .collect(),
        ),
        Value::Map(m) => Value::Map(
            m.into_iter()
                .map(|(k, v)| (k, deep_unmark_into(v, marks)))
                .collect(),
        ),
        other => other,
    }
}

fn collect_marks(v: &Value, out: &mut Marks) {
    match v {
        Value::Marked(inner, m) => {
            out.merge(m);
            collect_marks(inner, out);
        }
        Value::List(items) => items.iter().for_each(|i| collect_marks(i, out)),
        Value::Map(m) => m.values().for_each(|i| collect_marks(i, out)),
        _ => {}
    }
}

/// Formats a number the way Terraform prints it: integers without a fraction,
/// other values with the shortest representation that round-trips.
pub fn format_number(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{}", n as i128)
    } else if n.is_nan() {
        "NaN".to_string()
    } else if n.is_infinite() {
        if n > 0.0 { "+Inf" } else { "-Inf" }.to_string()
    } else {
        let s = format!("{n}");
        s
    }
}

fn number_to_json(n: f64) -> serde_json::Value {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 9.0e15 {
        serde_json::Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null)
    }
}

impl fmt::Display for Value {
    /// A compact HCL-like rendering for tables and messages. Sensitive values are masked.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => f.write_str(&format_number(*n)),
            Value::String(s) => write!(f, "{s:?}"),
            Value::Unknown => f.write_str("(known after apply)"),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            Value::Map(m) => {
                f.write_str("{")?;
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k} = {v}")?;
                }
                f.write_str("}")
            }
            Value::Marked(inner, m) => {
                if m.sensitive {
                    f.write_str(SENSITIVE_PLACEHOLDER)
                } else {
                    write!(f, "{inner}")
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_format_like_terraform() {
        assert_eq!(format_number(3.0), "3");
        assert_eq!(format_number(-12.0), "-12");
        assert_eq!(format_number(1.5), "1.5");
        assert_eq!(format_number(0.1 + 0.2), "0.30000000000000004");
    }

    #[test]
    fn marks_merge_and_survive_deep_unmark() {
        let a = Value::unknown_from(Origin::new(OriginKind::Resource, "aws_s3_bucket.b"));
        let b = Value::string("x").mark_sensitive();
        let list = Value::List(vec![a, b]);
        assert!(!list.is_fully_known());
        assert!(list.is_sensitive());
        let (plain, marks) = list.deep_unmark();
        assert!(marks.sensitive);
        assert_eq!(&*marks.origins[0].address, "aws_s3_bucket.b");
        assert_eq!(plain, Value::List(vec![Value::Unknown, Value::string("x")]));
    }

    #[test]
    fn display_json_masks_sensitive() {
        let v = Value::Map(BTreeMap::from([(
            "password".to_string(),
            Value::string("hunter2").mark_sensitive(),
        )]));
        assert_eq!(
            v.to_display_json(),
            serde_json::json!({"password": SENSITIVE_PLACEHOLDER})
        );
    }
}
