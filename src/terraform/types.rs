//! Terraform type constraints (`variable "x" { type = ... }`) and conversion to them.
//!
//! [`parse_type`] reads a type expression from the lossless tree (`string`,
//! `list(object({ a = string, b = optional(number, 3) }))`, legacy quoted
//! `"list"` ...). [`convert`] applies Terraform's automatic conversion rules to a
//! value: primitives convert through strings (`"5"` to `5`, `true` to `"true"`),
//! sequences convert between list, tuple and set, objects drop attributes that
//! the type does not declare, and missing `optional()` attributes take their
//! default (itself converted, so nested defaults apply) or `null`. Unknowns and
//! nulls pass through unchanged and marks are kept.
//!
//! The primitive conversions and the element-type unification used here are
//! shared with the conversion functions (`tostring`, `tolist`, `toset` ...) in
//! `functions.rs`.

use super::value::{format_number, Value};
use hcl_edit::expr::{Expression, FuncCall, ObjectKey};
use std::collections::BTreeMap;
use std::fmt;

/// A Terraform type constraint.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeConstraint {
    /// `any`: the value is kept as given.
    Any,
    String,
    Number,
    Bool,
    List(Box<TypeConstraint>),
    Set(Box<TypeConstraint>),
    Map(Box<TypeConstraint>),
    Tuple(Vec<TypeConstraint>),
    Object(Vec<ObjAttr>),
}

/// One attribute of an `object({...})` type constraint.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjAttr {
    pub name: String,
    pub ty: TypeConstraint,
    /// Declared with `optional(...)`.
    pub optional: bool,
    /// The second argument of `optional(type, default)`, already converted to `ty`.
    pub default: Option<Value>,
}

impl fmt::Display for TypeConstraint {
    /// Terraform's type expression syntax, e.g. `list(object({a=string}))`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeConstraint::Any => f.write_str("any"),
            TypeConstraint::String => f.write_str("string"),
            TypeConstraint::Number => f.write_str("number"),
            TypeConstraint::Bool => f.write_str("bool"),
            TypeConstraint::List(t) => write!(f, "list({t})"),
            TypeConstraint::Set(t) => write!(f, "set({t})"),
            TypeConstraint::Map(t) => write!(f, "map({t})"),
            TypeConstraint::Tuple(ts) => {
                f.write_str("tuple([")?;
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{t}")?;
                }
                f.write_str("])")
            }
            TypeConstraint::Object(attrs) => {
                f.write_str("object({")?;
                for (i, a) in attrs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    if a.optional {
                        write!(f, "{}=optional({})", a.name, a.ty)?;
                    } else {
                        write!(f, "{}={}", a.name, a.ty)?;
                    }
                }
                f.write_str("})")
            }
        }
    }
}

impl TypeConstraint {
    /// cty's "friendly name" used in conversion errors ("list of string").
    fn friendly(&self) -> String {
        match self {
            TypeConstraint::Any => "any".into(),
            TypeConstraint::String => "string".into(),
            TypeConstraint::Number => "number".into(),
            TypeConstraint::Bool => "bool".into(),
            TypeConstraint::List(t) => format!("list of {}", t.friendly()),
            TypeConstraint::Set(t) => format!("set of {}", t.friendly()),
            TypeConstraint::Map(t) => format!("map of {}", t.friendly()),
            TypeConstraint::Tuple(_) => "tuple".into(),
            TypeConstraint::Object(_) => "object".into(),
        }
    }
}

/// Reads a type constraint expression. `eval_default` evaluates the default
/// expression of `optional(type, default)`.
pub fn parse_type(
    expr: &Expression,
    eval_default: &dyn Fn(&Expression) -> Value,
) -> Result<TypeConstraint, String> {
    parse_type_inner(expr, eval_default, false)
}

fn parse_type_inner(
    expr: &Expression,
    eval_default: &dyn Fn(&Expression) -> Value,
    in_object_attr: bool,
) -> Result<TypeConstraint, String> {
    match expr {
        Expression::Variable(ident) => keyword_type(ident.value().as_str()),
        Expression::Parenthesis(p) => parse_type_inner(p.inner(), eval_default, in_object_attr),
        // Terraform 0.11 quoted keywords: "string", "list" (of string), "map" (of string).
        Expression::String(s) => match s.value().as_str() {
            "string" => Ok(TypeConstraint::String),
            "list" => Ok(TypeConstraint::List(Box::new(TypeConstraint::String))),
            "map" => Ok(TypeConstraint::Map(Box::new(TypeConstraint::String))),
            other => Err(format!(
                "Invalid legacy type constraint \"{other}\": only \"string\", \"list\" and \"map\" were allowed in quotes."
            )),
        },
        Expression::FuncCall(call) => parse_type_call(call, eval_default, in_object_attr),
        _ => Err("A type specification is either a primitive type keyword (bool, number, string) or a complex type constructor call, like list(string).".into()),
    }
}

fn keyword_type(name: &str) -> Result<TypeConstraint, String> {
    match name {
        "string" => Ok(TypeConstraint::String),
        "number" => Ok(TypeConstraint::Number),
        "bool" => Ok(TypeConstraint::Bool),
        "any" => Ok(TypeConstraint::Any),
        // Bare `list` and `map` are legacy spellings of list(any) and map(any).
        "list" => Ok(TypeConstraint::List(Box::new(TypeConstraint::Any))),
        "map" => Ok(TypeConstraint::Map(Box::new(TypeConstraint::Any))),
        "set" => Err(
            "The set type constructor requires one argument specifying the element type.".into(),
        ),
        "tuple" => Err(TUPLE_ARGS.into()),
        "object" => Err(OBJECT_ARGS.into()),
        other => Err(format!(
            "The keyword \"{other}\" is not a valid type specification."
        )),
    }
}

const TUPLE_ARGS: &str =
    "The tuple type constructor requires one argument specifying the element types as a list.";
const OBJECT_ARGS: &str = "The object type constructor requires one argument specifying the attribute types and values as a map.";

fn parse_type_call(
    call: &FuncCall,
    eval_default: &dyn Fn(&Expression) -> Value,
    in_object_attr: bool,
) -> Result<TypeConstraint, String> {
    if call.name.is_namespaced() {
        return Err("Type constructors cannot be namespaced.".into());
    }
    let name = call.name.name.value().as_str();
    let args: Vec<&Expression> = call.args.iter().collect();
    let one_arg = |args: &[&Expression]| -> Result<TypeConstraint, String> {
        match args {
            [only] => parse_type_inner(only, eval_default, false),
            _ => Err(format!(
                "The {name} type constructor requires one argument specifying the element type."
            )),
        }
    };
    match name {
        "list" => Ok(TypeConstraint::List(Box::new(one_arg(&args)?))),
        "set" => Ok(TypeConstraint::Set(Box::new(one_arg(&args)?))),
        "map" => Ok(TypeConstraint::Map(Box::new(one_arg(&args)?))),
        "tuple" => {
            let [Expression::Array(items)] = args.as_slice() else {
                return Err(TUPLE_ARGS.into());
            };
            let mut tys = Vec::with_capacity(items.len());
            for item in items.iter() {
                tys.push(parse_type_inner(item, eval_default, false)?);
            }
            Ok(TypeConstraint::Tuple(tys))
        }
        "object" => {
            let [Expression::Object(obj)] = args.as_slice() else {
                return Err(OBJECT_ARGS.into());
            };
            let mut attrs: Vec<ObjAttr> = Vec::with_capacity(obj.len());
            for (key, value) in obj.iter() {
                let name = object_key_name(key)?;
                if attrs.iter().any(|a| a.name == name) {
                    return Err("Object constructor map keys must be unique.".into());
                }
                attrs.push(parse_object_attr(name, value.expr(), eval_default)?);
            }
            attrs.sort_by(|a, b| a.name.cmp(&b.name));
            Ok(TypeConstraint::Object(attrs))
        }
        "optional" if !in_object_attr => Err(
            "Keyword \"optional\" is valid only as a modifier for object type attributes.".into(),
        ),
        "optional" => Err("Invalid use of optional().".into()),
        other => Err(format!(
            "Keyword \"{other}\" is not a valid type constructor."
        )),
    }
}

fn object_key_name(key: &ObjectKey) -> Result<String, String> {
    match key {
        ObjectKey::Ident(ident) => Ok(ident.value().as_str().to_string()),
        ObjectKey::Expression(Expression::Variable(v)) => Ok(v.value().as_str().to_string()),
        ObjectKey::Expression(_) => {
            Err("Object constructor map keys must be attribute names.".into())
        }
    }
}

fn parse_object_attr(
    name: String,
    expr: &Expression,
    eval_default: &dyn Fn(&Expression) -> Value,
) -> Result<ObjAttr, String> {
    if let Expression::FuncCall(call) = expr {
        if !call.name.is_namespaced() && call.name.name.value().as_str() == "optional" {
            let args: Vec<&Expression> = call.args.iter().collect();
            let (ty_expr, default_expr) = match args.as_slice() {
                [t] => (*t, None),
                [t, d] => (*t, Some(*d)),
                [] => {
                    return Err(
                        "Optional attribute modifier requires the attribute type as its first argument."
                            .into(),
                    )
                }
                _ => {
                    return Err("Optional attribute modifier expects at most two arguments: the attribute type, and a default value.".into())
                }
            };
            let ty = parse_type_inner(ty_expr, eval_default, true)?;
            let default = match default_expr {
                None => None,
                Some(d) => {
                    let raw = eval_default(d);
                    let converted = convert(raw, &ty).map_err(|e| {
                        format!("Invalid default value for optional attribute \"{name}\": {e}.")
                    })?;
                    if converted.is_null() {
                        None
                    } else {
                        Some(converted)
                    }
                }
            };
            return Ok(ObjAttr {
                name,
                ty,
                optional: true,
                default,
            });
        }
    }
    Ok(ObjAttr {
        name,
        ty: parse_type_inner(expr, eval_default, true)?,
        optional: false,
        default: None,
    })
}

/// Converts a value to a type constraint with Terraform's rules, applying
/// `optional()` defaults. As in Terraform, a structural mismatch is reported
/// first, describing where the shapes differ (`element 1: attribute "inner":
/// attribute "q" is required`); otherwise a value that cannot be converted is
/// reported with its path (`[0].port: a number is required`).
pub fn convert(v: Value, ty: &TypeConstraint) -> Result<Value, String> {
    if let Some(msg) = mismatch(&v, ty) {
        return Err(msg);
    }
    let mut path = String::new();
    convert_value(v, ty, &mut path).map_err(|(path, msg)| {
        if path.is_empty() {
            msg
        } else {
            format!("{path}: {msg}")
        }
    })
}

/// Terraform's description of a structural mismatch between a value and a
/// type, or `None` when only the values themselves remain to be checked.
fn mismatch(v: &Value, ty: &TypeConstraint) -> Option<String> {
    let v = v.unmarked();
    if matches!(v, Value::Null | Value::Unknown) {
        return None;
    }
    match ty {
        TypeConstraint::Any => None,
        TypeConstraint::String => match v {
            Value::String(_) | Value::Number(_) | Value::Bool(_) => None,
            _ => Some("string required".into()),
        },
        TypeConstraint::Number => match v {
            Value::String(_) | Value::Number(_) => None,
            _ => Some("number required".into()),
        },
        TypeConstraint::Bool => match v {
            Value::String(_) | Value::Bool(_) => None,
            _ => Some("bool required".into()),
        },
        TypeConstraint::List(elem) | TypeConstraint::Set(elem) => {
            let Value::List(items) = v else {
                return Some(format!("{} required", ty.friendly()));
            };
            for (i, item) in items.iter().enumerate() {
                if let Some(m) = mismatch(item, elem) {
                    return Some(format!("element {i}: {m}"));
                }
            }
            if **elem == TypeConstraint::Any && unify(items.to_vec()).is_err() {
                let kind = if matches!(ty, TypeConstraint::Set(_)) {
                    "set"
                } else {
                    "list"
                };
                return Some(format!("all {kind} elements must have the same type"));
            }
            None
        }
        TypeConstraint::Map(elem) => {
            let Value::Map(entries) = v else {
                return Some(format!("{} required", ty.friendly()));
            };
            for (k, item) in entries {
                if let Some(m) = mismatch(item, elem) {
                    return Some(format!("element {}: {m}", json_quote(k)));
                }
            }
            if **elem == TypeConstraint::Any && unify(entries.values().cloned().collect()).is_err()
            {
                return Some("all map elements must have the same type".into());
            }
            None
        }
        TypeConstraint::Tuple(elems) => {
            let Value::List(items) = v else {
                return Some("tuple required".into());
            };
            if items.len() != elems.len()
                || items
                    .iter()
                    .zip(elems)
                    .any(|(i, t)| mismatch(i, t).is_some())
            {
                return Some("tuple required".into());
            }
            None
        }
        TypeConstraint::Object(attrs) => {
            let Value::Map(entries) = v else {
                return Some("object required".into());
            };
            let mut missing = Vec::new();
            for attr in attrs {
                match entries.get(&attr.name) {
                    Some(given) => {
                        if let Some(m) = mismatch(given, &attr.ty) {
                            return Some(format!("attribute {}: {m}", json_quote(&attr.name)));
                        }
                    }
                    None if !attr.optional => missing.push(json_quote(&attr.name)),
                    None => {}
                }
            }
            match missing.as_slice() {
                [] => None,
                [one] => Some(format!("attribute {one} is required")),
                [a, b] => Some(format!("attributes {a} and {b} are required")),
                [init @ .., last] => Some(format!(
                    "attributes {}, and {last} are required",
                    init.join(", ")
                )),
            }
        }
    }
}

type ConvError = (String, String);

/// Converts a value whose shape already fits the type; errors carry the cty
/// path of the failing value (`[0].a`, `["k"]`).
fn convert_value(v: Value, ty: &TypeConstraint, path: &mut String) -> Result<Value, ConvError> {
    let (v, marks) = v.into_parts();
    let fail = |path: &String, msg: &str| Err((path.clone(), msg.to_string()));
    let converted = match (ty, v) {
        (_, v @ (Value::Null | Value::Unknown)) => v,
        (TypeConstraint::Any, v) => v,
        (TypeConstraint::String, v) => match prim_to_string(&v) {
            Some(s) => Value::String(s),
            None => return fail(path, "string required"),
        },
        (TypeConstraint::Number, Value::String(s)) => match parse_number(&s) {
            Some(n) => Value::Number(n),
            None => return fail(path, "a number is required"),
        },
        (TypeConstraint::Number, v @ Value::Number(_)) => v,
        (TypeConstraint::Number, _) => return fail(path, "number required"),
        (TypeConstraint::Bool, Value::String(s)) => match parse_bool(&s) {
            Some(b) => Value::Bool(b),
            None => return fail(path, "a bool is required"),
        },
        (TypeConstraint::Bool, v @ Value::Bool(_)) => v,
        (TypeConstraint::Bool, _) => return fail(path, "bool required"),
        (TypeConstraint::List(elem) | TypeConstraint::Set(elem), Value::List(items)) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                out.push(convert_value(item, elem, path)?);
                path.truncate(len);
            }
            if **elem == TypeConstraint::Any {
                out = unify(out).map_err(|_| {
                    (
                        path.clone(),
                        "all list elements must have the same type".to_string(),
                    )
                })?;
            }
            if matches!(ty, TypeConstraint::Set(_)) {
                out = set_normalize(out);
            }
            Value::List(out)
        }
        (TypeConstraint::Map(elem), Value::Map(entries)) => {
            let mut out = BTreeMap::new();
            for (k, item) in entries {
                let len = path.len();
                path.push_str(&format!("[{}]", json_quote(&k)));
                out.insert(k, convert_value(item, elem, path)?);
                path.truncate(len);
            }
            if **elem == TypeConstraint::Any {
                let (keys, vals): (Vec<String>, Vec<Value>) = out.into_iter().unzip();
                let vals = unify(vals).map_err(|_| {
                    (
                        path.clone(),
                        "all map elements must have the same type".to_string(),
                    )
                })?;
                out = keys.into_iter().zip(vals).collect();
            }
            Value::Map(out)
        }
        (TypeConstraint::Tuple(elems), Value::List(items)) if items.len() == elems.len() => {
            let mut out = Vec::with_capacity(items.len());
            for (i, (item, ety)) in items.into_iter().zip(elems).enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                out.push(convert_value(item, ety, path)?);
                path.truncate(len);
            }
            Value::List(out)
        }
        (TypeConstraint::Object(attrs), Value::Map(mut entries)) => {
            let mut out = BTreeMap::new();
            for attr in attrs {
                let len = path.len();
                path.push('.');
                path.push_str(&attr.name);
                let value = match entries.remove(&attr.name) {
                    Some(given) if !given.is_null() => convert_value(given, &attr.ty, path)?,
                    Some(given) if !attr.optional => given,
                    _ => match &attr.default {
                        Some(d) if attr.optional => convert_value(d.clone(), &attr.ty, path)?,
                        _ => Value::Null,
                    },
                };
                path.truncate(len);
                out.insert(attr.name.clone(), value);
            }
            Value::Map(out)
        }
        (TypeConstraint::List(_) | TypeConstraint::Set(_) | TypeConstraint::Map(_), _) => {
            return fail(path, &format!("{} required", ty.friendly()))
        }
        (TypeConstraint::Tuple(_), _) => return fail(path, "tuple required"),
        (TypeConstraint::Object(_), _) => return fail(path, "object required"),
    };
    Ok(converted.with_marks(marks))
}

fn json_quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

// ---------------------------------------------------------------------------
// Primitive conversions and unification, shared with `functions.rs`.

/// Parses a string as a Terraform number: a decimal representation with an
/// optional sign, fraction and exponent (`"5"`, `"-1.5"`, `"1e3"`); no spaces,
/// no hexadecimal, no `inf`/`nan`.
pub(crate) fn parse_number(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - int_start;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        digits += i - frac_start;
    }
    if digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Terraform's string-to-bool conversion: `"true"`/`"1"` and `"false"`/`"0"`.
pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// A known primitive as a string (`tostring` rules); `None` for anything else.
pub(crate) fn prim_to_string(v: &Value) -> Option<String> {
    match v.unmarked() {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(format_number(*n)),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The kind of a value for unification.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    String,
    Number,
    Bool,
    List,
    Map,
}

fn kind(v: &Value) -> Option<Kind> {
    match v.unmarked() {
        Value::String(_) => Some(Kind::String),
        Value::Number(_) => Some(Kind::Number),
        Value::Bool(_) => Some(Kind::Bool),
        Value::List(_) => Some(Kind::List),
        Value::Map(_) => Some(Kind::Map),
        Value::Null | Value::Unknown | Value::Marked(..) => None,
    }
}

/// Why elements could not be given one common type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NoCommonType;

/// Converts the elements of a tuple (or the values of an object) to one common
/// type, as Terraform does for `tolist`, `toset`, `tomap` and `list(any)`:
/// strings mixed with numbers or bools make everything a string; numbers mixed
/// with bools, or primitives mixed with collections, have no common type.
/// Nulls and unknowns fit any type.
pub(crate) fn unify(items: Vec<Value>) -> Result<Vec<Value>, NoCommonType> {
    let mut kinds = items.iter().filter_map(kind);
    let Some(first) = kinds.next() else {
        return Ok(items);
    };
    let mut has = [false; 5];
    has[first as usize] = true;
    for k in kinds {
        has[k as usize] = true;
    }
    let count = has.iter().filter(|h| **h).count();
    if count == 1 {
        return Ok(items);
    }
    let collections = has[Kind::List as usize] || has[Kind::Map as usize];
    if collections || !has[Kind::String as usize] {
        return Err(NoCommonType);
    }
    Ok(items
        .into_iter()
        .map(|v| {
            let (inner, marks) = v.into_parts();
            let converted = match &inner {
                Value::Number(_) | Value::Bool(_) => {
                    prim_to_string(&inner).map(Value::String).unwrap_or(inner)
                }
                _ => inner,
            };
            converted.with_marks(marks)
        })
        .collect())
}

/// Orders and de-duplicates set elements the way Terraform iterates sets:
/// strings lexically, numbers numerically, `false` before `true`, other values
/// in a stable order; nulls follow known values and unknowns come last (their
/// identity is not known, so they are never merged).
pub(crate) fn set_normalize(items: Vec<Value>) -> Vec<Value> {
    let mut known: Vec<Value> = Vec::with_capacity(items.len());
    let mut nulls = false;
    let mut unknowns = Vec::new();
    for item in items {
        if !item.is_fully_known() {
            unknowns.push(item);
        } else if item.is_null() {
            nulls = true;
        } else if !known.iter().any(|k| k == &item) {
            known.push(item);
        }
    }
    known.sort_by(set_order);
    if nulls {
        known.push(Value::Null);
    }
    known.extend(unknowns);
    known
}

fn set_order(a: &Value, b: &Value) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a.unmarked(), b.unmarked()) {
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Number(x), Value::Number(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => a.to_json().to_string().cmp(&b.to_json().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terraform::value::Marks;

    fn ty(src: &str) -> TypeConstraint {
        let expr: Expression = src.parse().expect("type expression parses");
        parse_type(&expr, &literal).expect("type parses")
    }

    fn ty_err(src: &str) -> String {
        let expr: Expression = src.parse().expect("type expression parses");
        parse_type(&expr, &literal).expect_err("type must be rejected")
    }

    /// Evaluates the literal expressions used as defaults in these tests.
    fn literal(expr: &Expression) -> Value {
        match expr {
            Expression::Null(_) => Value::Null,
            Expression::Bool(b) => Value::Bool(*b.value()),
            Expression::Number(n) => Value::Number(n.value().as_f64().unwrap_or(f64::NAN)),
            Expression::String(s) => Value::String(s.value().clone()),
            Expression::Array(a) => Value::List(a.iter().map(literal).collect()),
            Expression::Object(o) => Value::Map(
                o.iter()
                    .map(|(k, v)| (object_key_name(k).unwrap_or_default(), literal(v.expr())))
                    .collect(),
            ),
            _ => Value::Unknown,
        }
    }

    fn json(j: serde_json::Value) -> Value {
        Value::from_json(&j)
    }

    #[test]
    fn parses_primitives_and_collections() {
        assert_eq!(ty("string"), TypeConstraint::String);
        assert_eq!(ty("number"), TypeConstraint::Number);
        assert_eq!(ty("bool"), TypeConstraint::Bool);
        assert_eq!(ty("any"), TypeConstraint::Any);
        assert_eq!(
            ty("list(string)"),
            TypeConstraint::List(Box::new(TypeConstraint::String))
        );
        assert_eq!(
            ty("set(number)"),
            TypeConstraint::Set(Box::new(TypeConstraint::Number))
        );
        assert_eq!(
            ty("map(list(bool))"),
            TypeConstraint::Map(Box::new(TypeConstraint::List(Box::new(
                TypeConstraint::Bool
            ))))
        );
        assert_eq!(
            ty("tuple([string, number])"),
            TypeConstraint::Tuple(vec![TypeConstraint::String, TypeConstraint::Number])
        );
        assert_eq!(ty("(string)"), TypeConstraint::String);
    }

    #[test]
    fn parses_legacy_quoted_keywords() {
        assert_eq!(ty("\"string\""), TypeConstraint::String);
        assert_eq!(
            ty("\"list\""),
            TypeConstraint::List(Box::new(TypeConstraint::String))
        );
        assert_eq!(
            ty("\"map\""),
            TypeConstraint::Map(Box::new(TypeConstraint::String))
        );
        assert!(ty_err("\"number\"").contains("legacy"));
    }

    #[test]
    fn parses_objects_with_optional_attributes() {
        let t =
            ty("map(object({ b = optional(number, 3), a = string, c = optional(list(string)) }))");
        let TypeConstraint::Map(inner) = t else {
            panic!("expected a map type")
        };
        let TypeConstraint::Object(attrs) = *inner else {
            panic!("expected an object type")
        };
        let names: Vec<&str> = attrs.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert!(!attrs[0].optional);
        assert!(attrs[1].optional);
        assert_eq!(attrs[1].default, Some(Value::Number(3.0)));
        assert!(attrs[2].optional);
        assert_eq!(attrs[2].default, None);
        assert_eq!(
            ty("object({a=string})").to_string(),
            "object({a=string})".to_string()
        );
    }

    #[test]
    fn optional_default_is_converted_when_parsed() {
        let t = ty("object({ p = optional(number, \"8080\") })");
        let TypeConstraint::Object(attrs) = t else {
            panic!("expected an object type")
        };
        assert_eq!(attrs[0].default, Some(Value::Number(8080.0)));
        assert!(ty_err("object({ p = optional(number, \"x\") })").contains("optional attribute"));
    }

    #[test]
    fn rejects_invalid_type_expressions() {
        assert!(ty_err("strin").contains("not a valid type specification"));
        assert_eq!(
            ty("list"),
            TypeConstraint::List(Box::new(TypeConstraint::Any))
        );
        assert_eq!(
            ty("map"),
            TypeConstraint::Map(Box::new(TypeConstraint::Any))
        );
        assert!(ty_err("set").contains("requires one argument"));
        assert!(ty_err("object").contains("attribute types and values as a map"));
        assert!(ty_err("tuple").contains("element types as a list"));
        assert!(ty_err("object({\"a-b\"=string})").contains("must be attribute names"));
        assert!(ty_err("object({a=optional(string, \"x\", 1)})").contains("at most two arguments"));
        assert_eq!(ty("object({})"), TypeConstraint::Object(vec![]));
        assert_eq!(ty("tuple([])"), TypeConstraint::Tuple(vec![]));
        assert!(ty_err("list(string, number)").contains("requires one argument"));
        assert!(ty_err("optional(string)").contains("only as a modifier"));
        assert!(ty_err("tuple(string)").contains("element types as a list"));
        assert!(ty_err("object(string)").contains("values as a map"));
        assert!(ty_err("foo(string)").contains("not a valid type constructor"));
        assert!(ty_err("1").contains("type specification"));
    }

    #[test]
    fn converts_primitives() {
        let c = |v: Value, t: &str| convert(v, &ty(t));
        assert_eq!(c(Value::string("5"), "number"), Ok(Value::Number(5.0)));
        assert_eq!(
            c(Value::string("1.5e2"), "number"),
            Ok(Value::Number(150.0))
        );
        assert_eq!(c(Value::Number(5.0), "string"), Ok(Value::string("5")));
        assert_eq!(c(Value::Number(0.5), "string"), Ok(Value::string("0.5")));
        assert_eq!(c(Value::Bool(true), "string"), Ok(Value::string("true")));
        assert_eq!(c(Value::string("true"), "bool"), Ok(Value::Bool(true)));
        assert_eq!(c(Value::string("0"), "bool"), Ok(Value::Bool(false)));
        assert_eq!(
            c(Value::string("abc"), "number"),
            Err("a number is required".to_string())
        );
        assert_eq!(
            c(Value::string(" 5"), "number"),
            Err("a number is required".to_string())
        );
        assert_eq!(
            c(Value::Number(1.0), "bool"),
            Err("bool required".to_string())
        );
        assert_eq!(
            c(Value::string("yes"), "bool"),
            Err("a bool is required".to_string())
        );
        assert_eq!(
            c(Value::Bool(true), "number"),
            Err("number required".to_string())
        );
        assert_eq!(
            c(json(serde_json::json!([1])), "string"),
            Err("string required".to_string())
        );
        assert_eq!(c(Value::Null, "number"), Ok(Value::Null));
        assert_eq!(c(Value::Unknown, "string"), Ok(Value::Unknown));
        assert_eq!(
            c(json(serde_json::json!({"a": 1})), "any"),
            Ok(json(serde_json::json!({"a": 1})))
        );
    }

    #[test]
    fn converts_sequences() {
        let c = |v: serde_json::Value, t: &str| convert(json(v), &ty(t));
        assert_eq!(
            c(serde_json::json!([1, "2"]), "list(number)"),
            Ok(json(serde_json::json!([1, 2])))
        );
        assert_eq!(
            c(serde_json::json!(["b", "a", "b", 1]), "set(string)"),
            Ok(json(serde_json::json!(["1", "a", "b"])))
        );
        assert_eq!(
            c(serde_json::json!([10, 2, 2, 1]), "set(number)"),
            Ok(json(serde_json::json!([1, 2, 10])))
        );
        assert_eq!(
            c(
                serde_json::json!([1, "2", "true"]),
                "tuple([string, number, bool])"
            ),
            Ok(json(serde_json::json!(["1", 2, true])))
        );
        assert_eq!(
            c(serde_json::json!(["a", "b"]), "tuple([string])"),
            Err("tuple required".to_string())
        );
        assert_eq!(
            c(serde_json::json!([1, "a"]), "list(any)"),
            Ok(json(serde_json::json!(["1", "a"])))
        );
        assert_eq!(
            c(serde_json::json!(["1", "x"]), "list(number)"),
            Err("[1]: a number is required".to_string())
        );
        assert_eq!(
            c(serde_json::json!({"a": 1}), "list(string)"),
            Err("list of string required".to_string())
        );
        // Unknown elements stay unknown, and unknown set members are kept last.
        assert_eq!(
            convert(
                Value::List(vec![Value::Unknown, Value::Number(1.0)]),
                &ty("set(string)")
            ),
            Ok(Value::List(vec![Value::string("1"), Value::Unknown]))
        );
    }

    #[test]
    fn converts_maps_and_objects() {
        let c = |v: serde_json::Value, t: &str| convert(json(v), &ty(t));
        assert_eq!(
            c(serde_json::json!({"a": 1, "b": "x"}), "map(any)"),
            Ok(json(serde_json::json!({"a": "1", "b": "x"})))
        );
        assert_eq!(
            c(serde_json::json!({"a": "x"}), "map(number)"),
            Err("[\"a\"]: a number is required".to_string())
        );
        assert_eq!(
            c(
                serde_json::json!({"a": "1", "extra": true}),
                "object({a=number})"
            ),
            Ok(json(serde_json::json!({"a": 1})))
        );
        assert_eq!(
            c(
                serde_json::json!([{"name": "a", "inner": {"q": 1}}, {"name": "b", "inner": {}}]),
                "list(object({ name = string, inner = object({ q = number }) }))"
            ),
            Err("element 1: attribute \"inner\": attribute \"q\" is required".to_string())
        );
        assert_eq!(
            c(serde_json::json!({"a": null}), "object({a=string})"),
            Ok(json(serde_json::json!({"a": null})))
        );
        assert_eq!(
            c(serde_json::json!(["x"]), "object({a=string})"),
            Err("object required".to_string())
        );
    }

    #[test]
    fn errors_read_like_terraform() {
        // Each expectation is what Terraform 1.11 reports for the same variable default.
        let c = |v: serde_json::Value, t: &str| convert(json(v), &ty(t)).unwrap_err();
        assert_eq!(
            c(serde_json::json!({"a": [1]}), "map(number)"),
            "element \"a\": number required"
        );
        assert_eq!(
            c(serde_json::json!({"k": {}}), "map(object({x=number}))"),
            "element \"k\": attribute \"x\" is required"
        );
        assert_eq!(
            c(serde_json::json!([[1]]), "list(number)"),
            "element 0: number required"
        );
        assert_eq!(
            c(serde_json::json!([[1]]), "set(string)"),
            "element 0: string required"
        );
        assert_eq!(
            c(
                serde_json::json!({"a": {"b": "x"}}),
                "object({a=map(number)})"
            ),
            ".a[\"b\"]: a number is required"
        );
        assert_eq!(
            c(serde_json::json!(["x"]), "tuple([number])"),
            "[0]: a number is required"
        );
        assert_eq!(
            c(serde_json::json!([[1]]), "tuple([number])"),
            "tuple required"
        );
        assert_eq!(
            c(serde_json::json!([{"a": [1]}]), "list(object({a=number}))"),
            "element 0: attribute \"a\": number required"
        );
        assert_eq!(
            c(serde_json::json!([["x"]]), "list(list(number))"),
            "[0][0]: a number is required"
        );
        assert_eq!(
            c(
                serde_json::json!([{"a": "x"}, {}]),
                "list(object({a=number}))"
            ),
            "element 1: attribute \"a\" is required"
        );
        assert_eq!(
            c(serde_json::json!({}), "object({a=string,b=number})"),
            "attributes \"a\" and \"b\" are required"
        );
        assert_eq!(
            c(serde_json::json!({}), "object({a=string,b=number,c=bool})"),
            "attributes \"a\", \"b\", and \"c\" are required"
        );
        assert_eq!(
            c(serde_json::json!(["x"]), "set(number)"),
            "[0]: a number is required"
        );
        assert_eq!(
            c(
                serde_json::json!({"a": {"b": "x"}}),
                "object({a=object({b=number})})"
            ),
            ".a.b: a number is required"
        );
        assert_eq!(
            c(
                serde_json::json!({"k": {"x": [1]}}),
                "map(object({x=number}))"
            ),
            "element \"k\": attribute \"x\": number required"
        );
        assert_eq!(
            c(serde_json::json!([1, true]), "list(any)"),
            "all list elements must have the same type"
        );
        assert_eq!(
            c(serde_json::json!({"a": [1], "b": "x"}), "map(any)"),
            "all map elements must have the same type"
        );
        assert_eq!(
            c(serde_json::json!("x"), "object({a=string})"),
            "object required"
        );
        assert_eq!(
            c(serde_json::json!(["a"]), "map(string)"),
            "map of string required"
        );
    }

    #[test]
    fn optional_defaults_apply_two_levels_deep() {
        // Mirrors what `terraform console` prints for the same variable.
        let t = ty(r#"list(object({
            name  = string
            port  = optional(number, 80)
            tags  = optional(map(string), {})
            inner = optional(object({
                x = optional(string, "dx")
                y = optional(list(object({ z = optional(bool, true) })), [{}])
            }), {})
        }))"#);
        let given = json(serde_json::json!([
            {"name": "a"},
            {"name": "b", "port": "8080", "inner": {"y": [{}, {"z": false}]}},
            {"name": "c", "inner": null, "extra": 1}
        ]));
        let inner_default = serde_json::json!({"x": "dx", "y": [{"z": true}]});
        assert_eq!(
            convert(given, &t),
            Ok(json(serde_json::json!([
                {"name": "a", "port": 80, "tags": {}, "inner": inner_default},
                {"name": "b", "port": 8080, "tags": {},
                 "inner": {"x": "dx", "y": [{"z": true}, {"z": false}]}},
                {"name": "c", "port": 80, "tags": {}, "inner": inner_default}
            ])))
        );
    }

    #[test]
    fn optional_without_default_is_null_and_defaults_reach_into_maps() {
        let t = ty("map(object({ a = optional(string), b = optional(object({ c = optional(number, 1) }), {}) }))");
        assert_eq!(
            convert(json(serde_json::json!({"k": {}, "l": {"b": {}}})), &t),
            Ok(json(serde_json::json!({
                "k": {"a": null, "b": {"c": 1}},
                "l": {"a": null, "b": {"c": 1}}
            })))
        );
    }

    #[test]
    fn keeps_marks_and_unknowns() {
        let secret = Value::string("5").mark_sensitive();
        let out = convert(secret, &TypeConstraint::Number).expect("converts");
        assert_eq!(out.marks(), Some(&Marks::sensitive()));
        assert_eq!(out.unmarked(), &Value::Number(5.0));

        let t = ty("object({ a = string, b = optional(number, 2) })");
        let v = Value::Map(BTreeMap::from([(
            "a".to_string(),
            Value::Number(1.0).mark_sensitive(),
        )]));
        let out = convert(v, &t).expect("converts");
        let a = out.get("a").expect("a is present");
        assert!(a.is_sensitive());
        assert_eq!(a.unmarked(), &Value::string("1"));
        assert_eq!(out.get("b"), Some(&Value::Number(2.0)));

        let partly = Value::Map(BTreeMap::from([("a".to_string(), Value::Unknown)]));
        assert_eq!(
            convert(partly, &t),
            Ok(Value::Map(BTreeMap::from([
                ("a".to_string(), Value::Unknown),
                ("b".to_string(), Value::Number(2.0)),
            ])))
        );
    }

    #[test]
    fn parses_numbers_like_terraform() {
        assert_eq!(parse_number("5"), Some(5.0));
        assert_eq!(parse_number("+5"), Some(5.0));
        assert_eq!(parse_number("-1.5e2"), Some(-150.0));
        assert_eq!(parse_number(".5"), Some(0.5));
        assert_eq!(parse_number("5."), Some(5.0));
        assert_eq!(parse_number(" 5"), None);
        assert_eq!(parse_number("0x10"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("1e"), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("."), None);
    }

    #[test]
    fn unifies_like_terraform() {
        assert_eq!(
            unify(vec![Value::Number(1.0), Value::string("a")]),
            Ok(vec![Value::string("1"), Value::string("a")])
        );
        assert_eq!(
            unify(vec![Value::Number(1.0), Value::Bool(true)]),
            Err(NoCommonType)
        );
        assert_eq!(
            unify(vec![Value::List(vec![]), Value::string("a")]),
            Err(NoCommonType)
        );
        assert_eq!(
            unify(vec![Value::Null, Value::Unknown, Value::Bool(true)]),
            Ok(vec![Value::Null, Value::Unknown, Value::Bool(true)])
        );
    }
}
