//! Terraform's built-in functions, with Terraform 1.5–1.11 semantics over [`Value`].
//!
//! The evaluator calls [`call`] with arguments whose marks it has removed, and
//! re-applies the marks to the result; `try`, `can` and provider functions
//! (`provider::aws::...`) are the evaluator's, as are the marks themselves
//! (`sensitive`, `nonsensitive` and `issensitive` only pass values through here).
//!
//! Rules shared by every function:
//! - A top-level unknown argument gives an unknown result, except where Terraform
//!   knows the result anyway (`coalesce` after a known non-null argument,
//!   `lookup` of a present key with an unknown default ...). Collections with
//!   unknown elements stay partly known where the result does not depend on the
//!   unknown parts (`length`, `keys`, `concat`, `element`, `merge` ...).
//! - A function that needs a wholly known value (`jsonencode`, `join`, `format`,
//!   `sort` ...) returns unknown when anything inside it is unknown.
//! - Impure functions (`timestamp`, `uuid`, `bcrypt`, `plantimestamp`) are
//!   unknown: chkmate evaluates before any plan or apply.
//! - Errors carry Terraform's wording. No input panics, and collections and
//!   strings are capped ([`MAX_ELEMENTS`], [`MAX_STRING_BYTES`]).

use super::types::{parse_bool, parse_number, prim_to_string, set_normalize, unify};
use super::value::{format_number, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Renders a template string with variables (the evaluator's template engine).
pub type RenderTemplate<'a> = dyn Fn(&str, &BTreeMap<String, Value>) -> Result<Value, String> + 'a;

/// What a function needs from its surroundings.
pub struct FnContext<'a> {
    /// Directory that relative paths in file functions are resolved against.
    /// Terraform uses its working directory (the root module), which is why
    /// configurations write `"${path.module}/file"`.
    pub module_dir: &'a Path,
    /// Renders a template string (`templatefile`, `templatestring`) with the given variables.
    pub render_template: &'a RenderTemplate<'a>,
}

/// Why a function call produced no value.
#[derive(Debug, Clone, PartialEq)]
pub enum FnError {
    /// The function is not implemented by chkmate.
    Unsupported(String),
    /// The call is invalid (wrong argument count or type, bad input ...).
    Invalid(String),
}

/// The largest collection a function may build.
pub const MAX_ELEMENTS: usize = 1_000_000;
/// The largest string a function may build.
pub const MAX_STRING_BYTES: usize = 64 << 20;

/// Calls a built-in function on unmarked arguments.
pub fn call(name: &str, args: Vec<Value>, ctx: &FnContext<'_>) -> Result<Value, FnError> {
    let Some(spec) = SPECS.iter().find(|s| s.name == name) else {
        return Err(match name {
            "list" => FnError::Invalid(
                "Call to function \"list\" failed: the \"list\" function was deprecated in Terraform v0.12 and is no longer available; use tolist([ ... ]) syntax to write a literal list."
                    .into(),
            ),
            "map" => FnError::Invalid(
                "Call to function \"map\" failed: the \"map\" function was deprecated in Terraform v0.12 and is no longer available; use tomap({ ... }) syntax to write a literal map."
                    .into(),
            ),
            _ => FnError::Unsupported(name.to_string()),
        });
    };
    spec.check_arity(args.len())?;
    if spec.unknowns == Unknowns::Propagate && args.iter().any(Value::is_unknown) {
        return Ok(Value::Unknown);
    }
    match (spec.imp)(&args, ctx) {
        Ok(v) => Ok(v),
        Err(Fail::Unknown) => Ok(Value::Unknown),
        Err(Fail::Unsupported) => Err(FnError::Unsupported(name.to_string())),
        Err(Fail::Arg(param, msg)) => Err(FnError::Invalid(format!(
            "Invalid value for \"{param}\" parameter: {msg}."
        ))),
        Err(Fail::Call(msg)) => Err(FnError::Invalid(format!(
            "Call to function \"{name}\" failed: {msg}."
        ))),
    }
}

/// True when `name` is a built-in function that [`call`] implements (possibly
/// as always-unknown, like `timestamp`).
pub fn is_supported(name: &str) -> bool {
    SPECS.iter().any(|s| s.name == name)
}

// ---------------------------------------------------------------------------
// Dispatch table

#[derive(Clone, Copy, PartialEq, Eq)]
enum Unknowns {
    /// Any top-level unknown argument makes the result unknown.
    Propagate,
    /// The function looks at unknown arguments itself.
    Inspect,
}

type Imp = fn(&[Value], &FnContext<'_>) -> R<Value>;

struct Spec {
    name: &'static str,
    params: &'static [&'static str],
    /// Optional trailing parameters (`lookup`'s default, `bcrypt`'s cost).
    optional: usize,
    /// Name of the variadic parameter, if any.
    variadic: Option<&'static str>,
    unknowns: Unknowns,
    imp: Imp,
}

impl Spec {
    fn check_arity(&self, n: usize) -> Result<(), FnError> {
        let required = self.params.len() - self.optional;
        if n < required {
            let missing = self.params.get(n).copied().unwrap_or("?");
            return Err(FnError::Invalid(format!(
                "Function \"{}\" expects {} argument(s). Missing value for \"{missing}\".",
                self.name, required
            )));
        }
        if self.variadic.is_none() && n > self.params.len() {
            return Err(FnError::Invalid(format!(
                "Function \"{}\" expects only {} argument(s).",
                self.name,
                self.params.len()
            )));
        }
        Ok(())
    }
}

const fn f(name: &'static str, params: &'static [&'static str], imp: Imp) -> Spec {
    Spec {
        name,
        params,
        optional: 0,
        variadic: None,
        unknowns: Unknowns::Propagate,
        imp,
    }
}

const fn var(
    name: &'static str,
    params: &'static [&'static str],
    variadic: &'static str,
    imp: Imp,
) -> Spec {
    Spec {
        name,
        params,
        optional: 0,
        variadic: Some(variadic),
        unknowns: Unknowns::Propagate,
        imp,
    }
}

const fn opt(
    name: &'static str,
    params: &'static [&'static str],
    optional: usize,
    imp: Imp,
) -> Spec {
    Spec {
        name,
        params,
        optional,
        variadic: None,
        unknowns: Unknowns::Propagate,
        imp,
    }
}

const fn inspect(mut s: Spec) -> Spec {
    s.unknowns = Unknowns::Inspect;
    s
}

static SPECS: &[Spec] = &[
    // strings
    f("chomp", &["str"], fn_chomp),
    f("endswith", &["str", "suffix"], fn_endswith),
    var("format", &["format"], "args", fn_format),
    inspect(var("formatlist", &["format"], "args", fn_formatlist)),
    f("indent", &["num_spaces", "str"], fn_indent),
    var("join", &["separator"], "lists", fn_join),
    f("lower", &["str"], fn_lower),
    f("regex", &["pattern", "string"], fn_regex),
    f("regexall", &["pattern", "string"], fn_regexall),
    f("replace", &["str", "substr", "replace"], fn_replace),
    f("split", &["separator", "str"], fn_split),
    f("startswith", &["str", "prefix"], fn_startswith),
    f("strcontains", &["str", "substr"], fn_strcontains),
    f("strrev", &["str"], fn_strrev),
    f("substr", &["str", "offset", "length"], fn_substr),
    f("title", &["str"], fn_title),
    f("trim", &["str", "cutset"], fn_trim),
    f("trimprefix", &["str", "prefix"], fn_trimprefix),
    f("trimspace", &["str"], fn_trimspace),
    f("trimsuffix", &["str", "suffix"], fn_trimsuffix),
    f("upper", &["str"], fn_upper),
    // collections
    f("alltrue", &["list"], fn_alltrue),
    f("anytrue", &["list"], fn_anytrue),
    f("chunklist", &["list", "size"], fn_chunklist),
    inspect(var("coalesce", &[], "vals", fn_coalesce)),
    inspect(var("coalescelist", &[], "vals", fn_coalescelist)),
    f("compact", &["list"], fn_compact),
    var("concat", &[], "seqs", fn_concat),
    f("contains", &["list", "value"], fn_contains),
    f("distinct", &["list"], fn_distinct),
    f("element", &["list", "index"], fn_element),
    f("flatten", &["list"], fn_flatten),
    f("index", &["list", "value"], fn_index),
    f("keys", &["inputMap"], fn_keys),
    f("length", &["value"], fn_length),
    inspect(opt("lookup", &["inputMap", "key", "default"], 1, fn_lookup)),
    f("matchkeys", &["values", "keys", "searchset"], fn_matchkeys),
    var("merge", &[], "maps", fn_merge),
    f("one", &["list"], fn_one),
    var("range", &[], "params", fn_range),
    f("reverse", &["list"], fn_reverse),
    var(
        "setintersection",
        &["first_set"],
        "other_sets",
        fn_setintersection,
    ),
    var("setproduct", &[], "sets", fn_setproduct),
    f("setsubtract", &["a", "b"], fn_setsubtract),
    var("setunion", &["first_set"], "other_sets", fn_setunion),
    f("slice", &["list", "start_index", "end_index"], fn_slice),
    f("sort", &["list"], fn_sort),
    f("sum", &["list"], fn_sum),
    f("transpose", &["values"], fn_transpose),
    f("values", &["mapping"], fn_values),
    f("zipmap", &["keys", "values"], fn_zipmap),
    // type conversion and marks
    f("tobool", &["v"], fn_tobool),
    f("tolist", &["v"], fn_tolist),
    f("tomap", &["v"], fn_tomap),
    f("tonumber", &["v"], fn_tonumber),
    f("toset", &["v"], fn_toset),
    f("tostring", &["v"], fn_tostring),
    inspect(f("sensitive", &["value"], fn_identity)),
    inspect(f("nonsensitive", &["value"], fn_identity)),
    inspect(f("ephemeralasnull", &["value"], fn_identity)),
    f("issensitive", &["value"], fn_always_unknown),
    // encoding
    f("base64decode", &["str"], fn_base64decode),
    f("base64encode", &["str"], fn_base64encode),
    f("base64gzip", &["str"], fn_unsupported),
    f("csvdecode", &["str"], fn_csvdecode),
    f("jsondecode", &["str"], fn_jsondecode),
    f("jsonencode", &["val"], fn_jsonencode),
    f(
        "textdecodebase64",
        &["source", "encoding"],
        fn_textdecodebase64,
    ),
    f(
        "textencodebase64",
        &["string", "encoding"],
        fn_textencodebase64,
    ),
    f("urlencode", &["str"], fn_urlencode),
    f("yamldecode", &["src"], fn_yamldecode),
    f("yamlencode", &["value"], fn_yamlencode),
    // filesystem
    f("abspath", &["path"], fn_abspath),
    f("basename", &["path"], fn_basename),
    f("dirname", &["path"], fn_dirname),
    f("file", &["path"], fn_file),
    f("filebase64", &["path"], fn_filebase64),
    f("filebase64sha256", &["path"], fn_filebase64sha256),
    f("filebase64sha512", &["path"], fn_filebase64sha512),
    f("fileexists", &["path"], fn_fileexists),
    f("filemd5", &["path"], fn_filemd5),
    f("fileset", &["path", "pattern"], fn_fileset),
    f("filesha1", &["path"], fn_filesha1),
    f("filesha256", &["path"], fn_filesha256),
    f("filesha512", &["path"], fn_filesha512),
    f("pathexpand", &["path"], fn_pathexpand),
    f("templatefile", &["path", "vars"], fn_templatefile),
    f("templatestring", &["template", "vars"], fn_templatestring),
    // numbers
    f("abs", &["num"], fn_abs),
    f("ceil", &["num"], fn_ceil),
    f("floor", &["num"], fn_floor),
    f("log", &["num", "base"], fn_log),
    var("max", &[], "numbers", fn_max),
    var("min", &[], "numbers", fn_min),
    f("parseint", &["number", "base"], fn_parseint),
    f("pow", &["num", "power"], fn_pow),
    f("signum", &["num"], fn_signum),
    // hashes and crypto
    f("base64sha256", &["str"], fn_base64sha256),
    f("base64sha512", &["str"], fn_base64sha512),
    opt("bcrypt", &["str", "cost"], 1, fn_always_unknown),
    f("md5", &["str"], fn_md5),
    f("rsadecrypt", &["ciphertext", "privatekey"], fn_unsupported),
    f("sha1", &["str"], fn_sha1),
    f("sha256", &["str"], fn_sha256),
    f("sha512", &["str"], fn_sha512),
    f("uuid", &[], fn_always_unknown),
    f("uuidv5", &["namespace", "name"], fn_uuidv5),
    // IP networks
    f("cidrhost", &["prefix", "hostnum"], fn_cidrhost),
    f("cidrnetmask", &["prefix"], fn_cidrnetmask),
    f(
        "cidrsubnet",
        &["prefix", "newbits", "netnum"],
        fn_cidrsubnet,
    ),
    var("cidrsubnets", &["prefix"], "newbits", fn_cidrsubnets),
    // date and time
    f("formatdate", &["format", "time"], fn_formatdate),
    f("plantimestamp", &[], fn_always_unknown),
    f("timeadd", &["timestamp", "duration"], fn_timeadd),
    f("timecmp", &["timestamp_a", "timestamp_b"], fn_timecmp),
    f("timestamp", &[], fn_always_unknown),
];

// ---------------------------------------------------------------------------
// Failures and argument conversion

type R<T> = Result<T, Fail>;

/// Internal outcome of a function body that produced no value.
#[derive(Debug)]
enum Fail {
    /// The result depends on something unknown.
    Unknown,
    /// chkmate cannot compute this function.
    Unsupported,
    /// An argument is invalid: parameter name and message (Terraform's
    /// "Invalid value for ... parameter").
    Arg(&'static str, String),
    /// The call failed (Terraform's "Call to function ... failed").
    Call(String),
}

fn arg_err<T>(param: &'static str, msg: impl Into<String>) -> R<T> {
    Err(Fail::Arg(param, msg.into()))
}

fn call_err<T>(msg: impl Into<String>) -> R<T> {
    Err(Fail::Call(msg.into()))
}

/// Fails with [`Fail::Unknown`] unless the whole value is known.
fn known(v: &Value) -> R<()> {
    if v.is_fully_known() {
        Ok(())
    } else {
        Err(Fail::Unknown)
    }
}

fn not_null(v: &Value, param: &'static str) -> R<()> {
    match v.unmarked() {
        Value::Null => arg_err(param, "argument must not be null"),
        Value::Unknown => Err(Fail::Unknown),
        _ => Ok(()),
    }
}

/// A `string` parameter: numbers and bools convert.
fn req_str(v: &Value, param: &'static str) -> R<String> {
    not_null(v, param)?;
    prim_to_string(v).map_or_else(|| arg_err(param, "string required"), Ok)
}

/// A `number` parameter: numeric strings convert.
fn req_num(v: &Value, param: &'static str) -> R<f64> {
    not_null(v, param)?;
    match v.unmarked() {
        Value::Number(n) => Ok(*n),
        Value::String(s) => {
            parse_number(s).map_or_else(|| arg_err(param, "a number is required"), Ok)
        }
        _ => arg_err(param, "number required"),
    }
}

/// A `number` parameter that must be a whole number in the i64 range.
fn req_int(v: &Value, param: &'static str, msg: &str) -> R<i64> {
    let n = req_num(v, param)?;
    whole(n).map_or_else(|| call_err(msg), Ok)
}

fn whole(n: f64) -> Option<i64> {
    if n.is_finite()
        && n.fract() == 0.0
        && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&n)
    {
        Some(n as i64)
    } else {
        None
    }
}

/// Like [`req_int`], failing with an argument error.
fn req_int_arg(v: &Value, param: &'static str, prefix: &str) -> R<i64> {
    let n = req_num(v, param)?;
    whole(n).map_or_else(|| arg_err(param, format!("{prefix}{WHOLE_NUMBER}")), Ok)
}

const WHOLE_NUMBER: &str =
    "value must be a whole number, between -9223372036854775808 and 9223372036854775807";

/// A list, tuple or set parameter.
fn req_list<'a>(v: &'a Value, param: &'static str, msg: &str) -> R<&'a [Value]> {
    not_null(v, param)?;
    match v.unmarked() {
        Value::List(items) => Ok(items),
        _ => arg_err(param, msg),
    }
}

/// A map or object parameter.
fn req_map<'a>(v: &'a Value, param: &'static str, msg: &str) -> R<&'a BTreeMap<String, Value>> {
    not_null(v, param)?;
    match v.unmarked() {
        Value::Map(m) => Ok(m),
        _ => arg_err(param, msg),
    }
}

/// Terraform's name for a value's type, for messages.
fn tf_type_name(v: &Value) -> &'static str {
    match v.unmarked() {
        Value::List(_) => "tuple",
        Value::Map(_) => "object",
        Value::Null => "null",
        Value::Unknown => "dynamic",
        other => other.type_name(),
    }
}

fn check_len(n: usize) -> R<()> {
    if n > MAX_ELEMENTS {
        call_err(format!(
            "the result would have {n} elements; chkmate limits collections to {MAX_ELEMENTS}"
        ))
    } else {
        Ok(())
    }
}

fn check_str_len(n: usize) -> R<()> {
    if n > MAX_STRING_BYTES {
        call_err(format!(
            "the result would be {n} bytes long; chkmate limits strings to {MAX_STRING_BYTES} bytes"
        ))
    } else {
        Ok(())
    }
}

/// Terraform's `==` on values: `None` when the answer depends on an unknown.
/// Values of different types are never equal (`1 != "1"`).
fn tf_equal(a: &Value, b: &Value) -> Option<bool> {
    match (a.unmarked(), b.unmarked()) {
        (Value::Unknown, _) | (_, Value::Unknown) => None,
        (Value::Null, Value::Null) => Some(true),
        (Value::Null, _) | (_, Value::Null) => Some(false),
        (Value::Number(x), Value::Number(y)) => Some(x == y),
        (Value::String(x), Value::String(y)) => Some(x == y),
        (Value::Bool(x), Value::Bool(y)) => Some(x == y),
        (Value::List(x), Value::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let mut all = Some(true);
            for (p, q) in x.iter().zip(y) {
                match tf_equal(p, q) {
                    Some(false) => return Some(false),
                    None => all = None,
                    Some(true) => {}
                }
            }
            all
        }
        (Value::Map(x), Value::Map(y)) => {
            if x.len() != y.len() || x.keys().ne(y.keys()) {
                return Some(false);
            }
            let mut all = Some(true);
            for (p, q) in x.values().zip(y.values()) {
                match tf_equal(p, q) {
                    Some(false) => return Some(false),
                    None => all = None,
                    Some(true) => {}
                }
            }
            all
        }
        _ => Some(false),
    }
}

fn fn_identity(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    Ok(a.first().cloned().unwrap_or(Value::Null))
}

fn fn_always_unknown(_: &[Value], _: &FnContext<'_>) -> R<Value> {
    Err(Fail::Unknown)
}

fn fn_unsupported(_: &[Value], _: &FnContext<'_>) -> R<Value> {
    Err(Fail::Unsupported)
}

// ---------------------------------------------------------------------------
// Text segmentation

/// Splits a string into user-perceived characters, approximating Unicode
/// extended grapheme clusters: a base character with its combining marks,
/// variation selectors, emoji modifiers and zero-width-joiner sequences;
/// regional-indicator pairs; CR LF.
fn graphemes(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut iter = s.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        let mut end = start + c.len_utf8();
        if c == '\r' {
            if let Some(&(i, '\n')) = iter.peek() {
                end = i + 1;
                iter.next();
            }
            out.push(&s[start..end]);
            continue;
        }
        if c == '\n' || (c.is_control() && c != '\u{200d}') {
            out.push(&s[start..end]);
            continue;
        }
        let mut regional = is_regional_indicator(c);
        let pictographic = is_pictographic(c);
        let mut joined = false;
        while let Some(&(i, next)) = iter.peek() {
            let attach = if joined && pictographic {
                is_pictographic(next)
            } else if regional && is_regional_indicator(next) {
                regional = false;
                true
            } else {
                is_extend(next) || next == '\u{200d}'
            };
            if !attach {
                break;
            }
            joined = next == '\u{200d}';
            end = i + next.len_utf8();
            iter.next();
        }
        out.push(&s[start..end]);
    }
    out
}

/// Emoji and other pictographs that zero-width-joiner sequences combine.
fn is_pictographic(c: char) -> bool {
    matches!(c as u32,
        0x00A9 | 0x00AE | 0x203C | 0x2049 | 0x2122 | 0x2139 | 0x2194..=0x21AA
        | 0x231A..=0x23FF | 0x24C2 | 0x25AA..=0x25FE | 0x2600..=0x27BF | 0x2934..=0x2935
        | 0x2B05..=0x2B55 | 0x3030 | 0x303D | 0x3297 | 0x3299 | 0x1F000..=0x1FAFF)
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

/// Characters that extend the preceding grapheme cluster.
fn is_extend(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x05BF | 0x05C1..=0x05C2
        | 0x05C4..=0x05C5 | 0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670
        | 0x06D6..=0x06DC | 0x06DF..=0x06E4 | 0x06E7..=0x06E8 | 0x06EA..=0x06ED
        | 0x0900..=0x0903 | 0x093A..=0x093C | 0x093E..=0x094F | 0x0951..=0x0957
        | 0x0962..=0x0963 | 0x0981..=0x0983 | 0x09BC | 0x09BE..=0x09CD | 0x0E31
        | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF
        | 0x200C | 0x20D0..=0x20FF | 0x302A..=0x302F | 0x3099..=0x309A | 0xFE00..=0xFE0F
        | 0xFE20..=0xFE2F | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F | 0xE0100..=0xE01EF)
}

fn grapheme_count(s: &str) -> usize {
    graphemes(s).len()
}

// ---------------------------------------------------------------------------
// String functions

fn fn_chomp(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let s = req_str(&a[0], "str")?;
    Ok(Value::String(s.trim_end_matches(['\r', '\n']).to_string()))
}

fn fn_endswith(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let s = req_str(&a[0], "str")?;
    let suffix = req_str(&a[1], "suffix")?;
    Ok(Value::Bool(s.ends_with(&suffix)))
}

fn fn_startswith(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let s = req_str(&a[0], "str")?;
    let prefix = req_str(&a[1], "prefix")?;
    Ok(Value::Bool(s.starts_with(&prefix)))
}

fn fn_strcontains(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let s = req_str(&a[0], "str")?;
    let sub = req_str(&a[1], "substr")?;
    Ok(Value::Bool(s.contains(&sub)))
}

fn fn_indent(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let n = req_int(&a[0], "num_spaces", WHOLE_NUMBER)?;
    let s = req_str(&a[1], "str")?;
    if n < 0 {
        return arg_err("num_spaces", "must not be negative");
    }
    let n = usize::try_from(n).unwrap_or(usize::MAX);
    let lines = s.matches('\n').count();
    check_str_len(lines.saturating_mul(n).saturating_add(s.len()))?;
    let pad = format!("\n{}", " ".repeat(n));
    Ok(Value::String(s.replace('\n', &pad)))
}

fn fn_join(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let sep = req_str(&a[0], "separator")?;
    if a.len() < 2 {
        return call_err("at least one list is required");
    }
    let mut parts = Vec::new();
    for list in &a[1..] {
        let items = req_list(list, "lists", "list of string required")?;
        for (i, item) in items.iter().enumerate() {
            match item.unmarked() {
                Value::Unknown => return Err(Fail::Unknown),
                Value::Null => {
                    return arg_err(
                        "lists",
                        format!("element {i} is null; cannot concatenate null values"),
                    )
                }
                other => match prim_to_string(other) {
                    Some(s) => parts.push(s),
                    None => {
                        known(other)?;
                        return arg_err("lists", format!("element {i}: string required"));
                    }
                },
            }
        }
    }
    let total: usize = parts.iter().map(String::len).sum::<usize>()
        + sep.len().saturating_mul(parts.len().saturating_sub(1));
    check_str_len(total)?;
    Ok(Value::String(parts.join(&sep)))
}

/// Go's `unicode.ToLower`/`ToUpper` map one character to one character; Rust's
/// full case mapping can expand (`ß` to `SS`), which Terraform never does.
fn map_case(s: &str, upper: bool) -> String {
    s.chars()
        .map(|c| {
            let mut mapped: Vec<char> = if upper {
                c.to_uppercase().collect()
            } else {
                c.to_lowercase().collect()
            };
            match mapped.len() {
                1 => mapped.pop().unwrap_or(c),
                // `İ` lowercases to `i` + combining dot; Go's simple mapping is `i`.
                _ if !upper => mapped.first().copied().unwrap_or(c),
                _ => c,
            }
        })
        .collect()
}

fn fn_lower(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    Ok(Value::String(map_case(&req_str(&a[0], "str")?, false)))
}

fn fn_upper(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    Ok(Value::String(map_case(&req_str(&a[0], "str")?, true)))
}

fn fn_title(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let s = req_str(&a[0], "str")?;
    // Go's strings.Title: a letter that follows a separator starts a word.
    fn separator(c: char) -> bool {
        if c.is_ascii() {
            return !(c.is_ascii_alphanumeric() || c == '_');
        }
        if c.is_alphabetic() || c.is_numeric() {
            return false;
        }
        c.is_whitespace()
    }
    let mut out = String::with_capacity(s.len());
    let mut prev = ' ';
    for c in s.chars() {
        if separator(prev) {
            out.push_str(&title_case(c));
        } else {
            out.push(c);
        }
        prev = c;
    }
    Ok(Value::String(out))
}

/// Go's `unicode.ToTitle`: upper case, except the Latin digraphs that have a
/// distinct title-case form.
fn title_case(c: char) -> String {
    match c {
        '\u{1C4}'..='\u{1C6}' => "\u{1C5}".into(),
        '\u{1C7}'..='\u{1C9}' => "\u{1C8}".into(),
        '\u{1CA}'..='\u{1CC}' => "\u{1CB}".into(),
        '\u{1F1}'..='\u{1F3}' => "\u{1F2}".into(),
        _ => map_case(&c.to_string(), true),
    }
}

fn fn_trim(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let s = req_str(&a[0], "str")?;
    let cutset = req_str(&a[1], "cutset")?;
    let cut: Vec<char> = cutset.chars().collect();
    Ok(Value::String(
        s.trim_matches(|c| cut.contains(&c)).to_string(),
    ))
}

fn fn_trimprefix(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let s = req_str(&a[0], "str")?;
    let prefix = req_str(&a[1], "prefix")?;
    Ok(Value::String(
        s.strip_prefix(prefix.as_str()).unwrap_or(&s).to_string(),
    ))
}

fn fn_trimsuffix(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let s = req_str(&a[0], "str")?;
    let suffix = req_str(&a[1], "suffix")?;
    Ok(Value::String(
        s.strip_suffix(suffix.as_str()).unwrap_or(&s).to_string(),
    ))
}

fn fn_trimspace(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    Ok(Value::String(req_str(&a[0], "str")?.trim().to_string()))
}

fn fn_strrev(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let s = req_str(&a[0], "str")?;
    Ok(Value::String(graphemes(&s).into_iter().rev().collect()))
}

fn fn_split(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let sep = req_str(&a[0], "separator")?;
    let s = req_str(&a[1], "str")?;
    let parts: Vec<Value> = if sep.is_empty() {
        s.chars().map(|c| Value::String(c.to_string())).collect()
    } else {
        s.split(sep.as_str()).map(Value::string).collect()
    };
    Ok(Value::List(parts))
}

fn fn_substr(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let s = req_str(&a[0], "str")?;
    let offset = req_int(&a[1], "offset", WHOLE_NUMBER)?;
    let length = req_int(&a[2], "length", WHOLE_NUMBER)?;
    let clusters = graphemes(&s);
    let total = i64::try_from(clusters.len()).unwrap_or(i64::MAX);
    let mut start = offset;
    if start < 0 {
        start = start.saturating_add(total).max(0);
    } else if length == 0 {
        return Ok(Value::string(""));
    }
    if start >= total {
        return Ok(Value::string(""));
    }
    let rest = &clusters[usize::try_from(start).unwrap_or(0)..];
    let take = if length < 0 {
        rest.len()
    } else {
        usize::try_from(length)
            .unwrap_or(usize::MAX)
            .min(rest.len())
    };
    Ok(Value::String(rest[..take].concat()))
}

/// Translates a Go RE2 pattern to the `regex` crate's dialect: `\Q...\E`
/// literals, and ASCII-only `\d \w \s \b` as in Go.
fn go_regex(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push('\\');
                    break;
                };
                match (next, in_class) {
                    ('Q', _) => {
                        let mut lit = String::new();
                        while let Some(l) = chars.next() {
                            if l == '\\' && chars.peek() == Some(&'E') {
                                chars.next();
                                break;
                            }
                            lit.push(l);
                        }
                        if in_class {
                            for l in lit.chars() {
                                out.push_str(&regex::escape(&l.to_string()));
                            }
                        } else {
                            out.push_str(&regex::escape(&lit));
                        }
                    }
                    ('d', false) => out.push_str("[0-9]"),
                    ('d', true) => out.push_str("0-9"),
                    ('D', false) => out.push_str("[^0-9]"),
                    ('w', false) => out.push_str("[0-9A-Za-z_]"),
                    ('w', true) => out.push_str("0-9A-Za-z_"),
                    ('W', false) => out.push_str("[^0-9A-Za-z_]"),
                    ('s', false) => out.push_str("[\\t\\n\\f\\r ]"),
                    ('s', true) => out.push_str("\\t\\n\\f\\r "),
                    ('S', false) => out.push_str("[^\\t\\n\\f\\r ]"),
                    ('b', false) => out.push_str("(?-u:\\b)"),
                    ('B', false) => out.push_str("(?-u:\\B)"),
                    (other, _) => {
                        out.push('\\');
                        out.push(other);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                // A `]` (after an optional `^`) right after `[` is literal.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push_str("\\]");
                    chars.next();
                }
            }
            '[' if in_class && chars.peek() == Some(&':') => {
                // POSIX class like [:alpha:] inside a bracket expression.
                out.push('[');
                for p in chars.by_ref() {
                    out.push(p);
                    if p == ']' {
                        break;
                    }
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            other => out.push(other),
        }
    }
    out
}

fn compile_regex(pattern: &str) -> Result<regex::Regex, String> {
    regex::RegexBuilder::new(&go_regex(pattern))
        .size_limit(32 << 20)
        .build()
        .map_err(|e| match e {
            regex::Error::Syntax(msg) => msg
                .lines()
                .rev()
                .find(|l| l.starts_with("error:"))
                .map(|l| l.trim_start_matches("error:").trim().to_string())
                .unwrap_or(msg),
            other => other.to_string(),
        })
}

enum CaptureShape {
    Whole,
    List,
    Named(Vec<String>),
}

fn capture_shape(re: &regex::Regex) -> R<CaptureShape> {
    let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    if names.is_empty() {
        return Ok(CaptureShape::Whole);
    }
    let named = names.iter().filter(|n| n.is_some()).count();
    if named == 0 {
        Ok(CaptureShape::List)
    } else if named == names.len() {
        Ok(CaptureShape::Named(
            names.into_iter().flatten().map(str::to_string).collect(),
        ))
    } else {
        arg_err(
            "pattern",
            "invalid regexp pattern: cannot mix both named and unnamed capture groups",
        )
    }
}

fn capture_value(caps: &regex::Captures<'_>, shape: &CaptureShape) -> Value {
    let text = |m: Option<regex::Match<'_>>| m.map_or(Value::Null, |m| Value::string(m.as_str()));
    match shape {
        CaptureShape::Whole => text(caps.get(0)),
        CaptureShape::List => Value::List((1..caps.len()).map(|i| text(caps.get(i))).collect()),
        CaptureShape::Named(names) => Value::Map(
            names
                .iter()
                .map(|n| (n.clone(), text(caps.name(n))))
                .collect(),
        ),
    }
}

fn fn_regex(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let pattern = req_str(&a[0], "pattern")?;
    let s = req_str(&a[1], "string")?;
    let re = compile_regex(&pattern)
        .or_else(|e| arg_err("pattern", format!("invalid regexp pattern: {e}")))?;
    let shape = capture_shape(&re)?;
    match re.captures(&s) {
        Some(caps) => Ok(capture_value(&caps, &shape)),
        None => call_err("pattern did not match any part of the given string"),
    }
}

fn fn_regexall(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let pattern = req_str(&a[0], "pattern")?;
    let s = req_str(&a[1], "string")?;
    let re = compile_regex(&pattern)
        .or_else(|e| arg_err("pattern", format!("invalid regexp pattern: {e}")))?;
    let shape = capture_shape(&re)?;
    let mut out = Vec::new();
    for caps in re.captures_iter(&s) {
        check_len(out.len() + 1)?;
        out.push(capture_value(&caps, &shape));
    }
    Ok(Value::List(out))
}

fn fn_replace(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let s = req_str(&a[0], "str")?;
    let substr = req_str(&a[1], "substr")?;
    let replacement = req_str(&a[2], "replace")?;
    if substr.len() > 1 && substr.starts_with('/') && substr.ends_with('/') {
        let pattern = &substr[1..substr.len() - 1];
        let re =
            compile_regex(pattern).or_else(|e| call_err(format!("error parsing regexp: {e}")))?;
        let mut out = String::with_capacity(s.len());
        let mut last = 0;
        for caps in re.captures_iter(&s) {
            let Some(m) = caps.get(0) else { continue };
            out.push_str(&s[last..m.start()]);
            caps.expand(&replacement, &mut out);
            last = m.end();
            check_str_len(out.len())?;
        }
        out.push_str(&s[last..]);
        return Ok(Value::String(out));
    }
    if substr.is_empty() {
        let slots = s.chars().count() + 1;
        check_str_len(
            slots
                .saturating_mul(replacement.len())
                .saturating_add(s.len()),
        )?;
    } else {
        let hits = s.matches(substr.as_str()).count();
        check_str_len(
            hits.saturating_mul(replacement.len())
                .saturating_add(s.len()),
        )?;
    }
    Ok(Value::String(s.replace(substr.as_str(), &replacement)))
}

// ---------------------------------------------------------------------------
// format and formatlist

struct Verb {
    raw: String,
    offset: usize,
    arg: usize,
    mode: char,
    zero: bool,
    sharp: bool,
    plus: bool,
    minus: bool,
    space: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

/// The largest width or precision a format verb may ask for.
const MAX_FORMAT_WIDTH: usize = 1_000_000;

fn fn_format(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let fmt = req_str(&a[0], "format")?;
    let args = &a[1..];
    for arg in args {
        known(arg)?;
    }
    format_values(&fmt, args).map(Value::String)
}

/// Runs a format string over known arguments, checking that every argument is used.
fn format_values(fmt: &str, args: &[Value]) -> R<String> {
    let (out, used) = format_string(fmt, args).map_err(Fail::Call)?;
    if used < args.len() {
        let msg = if used == 0 {
            "too many arguments; no verbs in format string".to_string()
        } else {
            format!("too many arguments; only {used} used by format string")
        };
        return arg_err("args", msg);
    }
    Ok(out)
}

fn fn_formatlist(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let fmt = req_str(&a[0], "format")?;
    let args = &a[1..];
    if args.is_empty() {
        return Ok(Value::List(vec![Value::String(format_values(&fmt, args)?)]));
    }
    let mut len: Option<(usize, usize)> = None;
    let mut unknown = false;
    for (i, arg) in args.iter().enumerate() {
        match arg.unmarked() {
            Value::Unknown => unknown = true,
            Value::List(items) => match len {
                None => len = Some((items.len(), i)),
                Some((n, first)) if n != items.len() => {
                    return arg_err(
                        "args",
                        format!(
                            "argument {} has length {}, which is inconsistent with argument {} of length {}",
                            i + 1,
                            items.len(),
                            first + 1,
                            n
                        ),
                    )
                }
                Some(_) => {}
            },
            _ => {}
        }
    }
    if unknown {
        return Err(Fail::Unknown);
    }
    let n = len.map_or(1, |(n, _)| n);
    let mut out = Vec::with_capacity(n);
    'rows: for row in 0..n {
        let mut row_args = Vec::with_capacity(args.len());
        for arg in args {
            let v = match arg.unmarked() {
                Value::List(items) => items.get(row).cloned().unwrap_or(Value::Null),
                other => other.clone(),
            };
            if !v.is_fully_known() {
                out.push(Value::Unknown);
                continue 'rows;
            }
            row_args.push(v);
        }
        let (s, _) = format_string(&fmt, &row_args)
            .map_err(|e| Fail::Call(format!("error on format iteration {row}: {e}")))?;
        out.push(Value::String(s));
    }
    Ok(Value::List(out))
}

/// Formats `args` with Terraform's printf-like format syntax. Returns the text
/// and the highest argument number used.
fn format_string(fmt: &str, args: &[Value]) -> Result<(String, usize), String> {
    let b = fmt.as_bytes();
    let mut out = String::with_capacity(fmt.len());
    let mut i = 0;
    let mut next_arg = 1usize;
    let mut max_used = 0usize;
    let mut lit_start = 0;
    while i < b.len() {
        if b[i] != b'%' {
            i += 1;
            continue;
        }
        out.push_str(&fmt[lit_start..i]);
        if b.get(i + 1) == Some(&b'%') {
            out.push('%');
            i += 2;
            lit_start = i;
            continue;
        }
        let start = i;
        let mut p = i + 1;
        let mut verb = Verb {
            raw: String::new(),
            offset: start,
            arg: next_arg,
            mode: 'v',
            zero: false,
            sharp: false,
            plus: false,
            minus: false,
            space: false,
            width: None,
            prec: None,
        };
        let unexpected = |p: usize| -> String {
            match fmt[p..].chars().next() {
                Some(c) => format!("unrecognized format character '{c}' at offset {p}"),
                None => format!("invalid format string starting at offset {p}"),
            }
        };
        while let Some(&c) = b.get(p) {
            match c {
                b'0' => verb.zero = true,
                b'#' => verb.sharp = true,
                b'-' => verb.minus = true,
                b'+' => verb.plus = true,
                b' ' => verb.space = true,
                _ => break,
            }
            p += 1;
        }
        if b.get(p) == Some(&b'[') {
            p += 1;
            if !matches!(b.get(p), Some(b'1'..=b'9')) {
                return Err(unexpected(p));
            }
            let mut n = 0usize;
            while let Some(d @ b'0'..=b'9') = b.get(p) {
                n = n.saturating_mul(10).saturating_add(usize::from(d - b'0'));
                p += 1;
            }
            if b.get(p) != Some(&b']') {
                return Err(unexpected(p));
            }
            p += 1;
            verb.arg = n;
        }
        if matches!(b.get(p), Some(b'1'..=b'9')) {
            let mut n = 0usize;
            while let Some(d @ b'0'..=b'9') = b.get(p) {
                n = n.saturating_mul(10).saturating_add(usize::from(d - b'0'));
                p += 1;
            }
            verb.width = Some(n);
        }
        if b.get(p) == Some(&b'.') {
            p += 1;
            let mut n = 0usize;
            while let Some(d @ b'0'..=b'9') = b.get(p) {
                n = n.saturating_mul(10).saturating_add(usize::from(d - b'0'));
                p += 1;
            }
            verb.prec = Some(n);
        }
        match b.get(p) {
            Some(c) if c.is_ascii_alphabetic() => verb.mode = char::from(*c),
            _ => return Err(unexpected(p)),
        }
        p += 1;
        verb.raw = fmt[start..p].to_string();
        if verb.width.unwrap_or(0) > MAX_FORMAT_WIDTH || verb.prec.unwrap_or(0) > MAX_FORMAT_WIDTH {
            return Err(format!(
                "width or precision of {:?} at {} is larger than {MAX_FORMAT_WIDTH}",
                verb.raw, verb.offset
            ));
        }
        format_verb(&verb, args, &mut out)?;
        max_used = max_used.max(verb.arg);
        next_arg = verb.arg + 1;
        i = p;
        lit_start = i;
        if out.len() > MAX_STRING_BYTES {
            return Err(format!(
                "the result is longer than {MAX_STRING_BYTES} bytes"
            ));
        }
    }
    out.push_str(&fmt[lit_start..]);
    Ok((out, max_used))
}

fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    json_string(s, &mut out);
    out
}

fn format_verb(verb: &Verb, args: &[Value], out: &mut String) -> Result<(), String> {
    let Some(arg) = verb.arg.checked_sub(1).and_then(|i| args.get(i)) else {
        return Err(format!(
            "not enough arguments for {} at {}: need index {} but have {} total",
            go_quote(&verb.raw),
            verb.offset,
            verb.arg,
            args.len()
        ));
    };
    let arg = arg.unmarked();
    let unsupported = |why: &str| {
        format!(
            "unsupported value for {} at {}: {why}",
            go_quote(&verb.raw),
            verb.offset
        )
    };
    if verb.mode != 'v' && arg.is_null() {
        return Err(unsupported("null value cannot be formatted"));
    }
    match verb.mode {
        'v' => {
            let text = match arg {
                Value::String(s) if !verb.sharp => s.clone(),
                Value::Number(n) if !verb.sharp => {
                    let text = float_text(n.abs(), 'g', None);
                    if *n < 0.0 {
                        format!("-{text}")
                    } else if n.is_infinite() {
                        format!("+{text}")
                    } else {
                        text
                    }
                }
                other => {
                    let mut j = String::new();
                    json_value(other, &mut j).map_err(|_| unsupported("value is not known"))?;
                    j
                }
            };
            out.push_str(&pad_width(verb, text));
        }
        't' => match arg {
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::String(s) => match parse_bool(s) {
                Some(b) => out.push_str(if b { "true" } else { "false" }),
                None => return Err(unsupported("a bool is required")),
            },
            _ => return Err(unsupported("bool required")),
        },
        'b' | 'd' | 'o' | 'x' | 'X' | 'e' | 'E' | 'f' | 'g' | 'G' => {
            let n = match arg {
                Value::Number(n) => *n,
                Value::String(s) => {
                    parse_number(s).ok_or_else(|| unsupported("a number is required"))?
                }
                _ => return Err(unsupported("number required")),
            };
            if matches!(verb.mode, 'b' | 'd' | 'o' | 'x' | 'X') {
                if !n.is_finite() || n.fract() != 0.0 {
                    return Err(unsupported("an integer is required"));
                }
                out.push_str(&format_integer(verb, n));
            } else {
                out.push_str(&format_float(verb, n));
            }
        }
        's' | 'q' => {
            let Some(mut s) = prim_to_string(arg) else {
                return Err(unsupported("string required"));
            };
            if let Some(prec) = verb.prec.filter(|p| *p > 0) {
                s = graphemes(&s).into_iter().take(prec).collect();
            }
            let text = if verb.mode == 'q' { go_quote(&s) } else { s };
            out.push_str(&pad_width(verb, text));
        }
        other => {
            return Err(format!(
                "unsupported format verb '{other}' in {} at offset {}",
                go_quote(&verb.raw),
                verb.offset
            ))
        }
    }
    Ok(())
}

/// Pads to the verb's width counted in characters (Terraform's rule for
/// strings, `%v` and `%q`).
fn pad_width(verb: &Verb, text: String) -> String {
    let Some(width) = verb.width else { return text };
    let len = grapheme_count(&text);
    if len >= width {
        return text;
    }
    let pad = (if verb.zero { "0" } else { " " }).repeat(width - len);
    if verb.minus {
        text + &pad
    } else {
        pad + &text
    }
}

/// Go's `big.Int` formatting for `%b %d %o %x %X` with flags, width and precision.
fn format_integer(verb: &Verb, n: f64) -> String {
    let base = match verb.mode {
        'b' => 2,
        'o' => 8,
        'x' | 'X' => 16,
        _ => 10,
    };
    let mut digits = int_digits(n.abs(), base);
    if verb.mode == 'X' {
        digits = digits.to_ascii_uppercase();
    }
    let sign = if n < 0.0 {
        "-"
    } else if verb.plus {
        "+"
    } else if verb.space {
        " "
    } else {
        ""
    };
    let prefix = match (verb.sharp, verb.mode) {
        (true, 'b') => "0b",
        (true, 'o') => "0",
        (true, 'x') => "0x",
        (true, 'X') => "0X",
        _ => "",
    };
    let mut zeros = 0;
    if let Some(prec) = verb.prec {
        if digits.len() < prec {
            zeros = prec - digits.len();
        } else if digits == "0" && prec == 0 {
            return String::new();
        }
    }
    let len = sign.len() + prefix.len() + zeros + digits.len();
    let (mut left, mut right) = (0, 0);
    if let Some(width) = verb.width.filter(|w| *w > len) {
        let d = width - len;
        if verb.minus {
            right = d;
        } else if verb.zero && verb.prec.is_none() {
            zeros = d;
        } else {
            left = d;
        }
    }
    format!(
        "{}{sign}{prefix}{}{digits}{}",
        " ".repeat(left),
        "0".repeat(zeros),
        " ".repeat(right)
    )
}

/// Digits of a non-negative whole `f64` in the given base, exactly.
fn int_digits(n: f64, base: u32) -> String {
    if n < 3.4e38 {
        let mut v = n as u128;
        if v == 0 {
            return "0".into();
        }
        let mut out = Vec::new();
        while v > 0 {
            let d = (v % u128::from(base)) as u32;
            out.push(char::from_digit(d, base).unwrap_or('?'));
            v /= u128::from(base);
        }
        return out.into_iter().rev().collect();
    }
    // n = mantissa * 2^exp with exp > 0: build the integer in 32-bit limbs.
    let bits = n.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mantissa = (bits & ((1 << 52) - 1)) | (1 << 52);
    let shift = usize::try_from(exp).unwrap_or(0);
    let mut limbs = vec![0u32; shift / 32 + 3];
    let (word, bit) = (shift / 32, shift % 32);
    let wide = u128::from(mantissa) << bit;
    for k in 0..3 {
        if let Some(l) = limbs.get_mut(word + k) {
            *l = (wide >> (32 * k)) as u32;
        }
    }
    let mut out = Vec::new();
    while limbs.iter().any(|l| *l != 0) {
        let mut rem = 0u64;
        for l in limbs.iter_mut().rev() {
            let cur = (rem << 32) | u64::from(*l);
            *l = (cur / u64::from(base)) as u32;
            rem = cur % u64::from(base);
        }
        out.push(char::from_digit(rem as u32, base).unwrap_or('?'));
    }
    out.into_iter().rev().collect()
}

/// Go's `big.Float` formatting for `%e %E %f %g %G` with flags and width.
fn format_float(verb: &Verb, n: f64) -> String {
    let body = float_text(n.abs(), verb.mode, verb.prec);
    let sign = if n.is_sign_negative() && n != 0.0 {
        "-"
    } else if (n.is_infinite() && !verb.space) || verb.plus {
        "+"
    } else if verb.space {
        " "
    } else {
        ""
    };
    let len = sign.len() + body.len();
    let pad = verb.width.map_or(0, |w| w.saturating_sub(len));
    if verb.zero && n.is_finite() && !verb.minus {
        format!("{sign}{}{body}", "0".repeat(pad))
    } else if verb.minus {
        format!("{sign}{body}{}", " ".repeat(pad))
    } else {
        format!("{}{sign}{body}", " ".repeat(pad))
    }
}

/// Decimal digits and exponent of |x|: x = 0.d1d2d3... × 10^exp. With
/// `sig = None` the shortest digits that round-trip, else rounded to `sig`
/// significant digits. Trailing zeros are removed; zero has no digits.
fn decimal_digits(x: f64, sig: Option<usize>) -> (Vec<u8>, i64) {
    let x = x.abs();
    if x == 0.0 {
        return (Vec::new(), 0);
    }
    let text = match sig {
        None => format!("{x:e}"),
        Some(s) => format!("{:.*e}", s.max(1) - 1, x),
    };
    let (mant, exp) = text.split_once('e').unwrap_or((&text, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let mut digits: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    (digits, exp + 1)
}

fn fmt_e(digits: &[u8], dexp: i64, prec: usize, upper: bool) -> String {
    let mut s = String::new();
    s.push(char::from(digits.first().copied().unwrap_or(b'0')));
    if prec > 0 {
        s.push('.');
        for i in 1..=prec {
            s.push(char::from(digits.get(i).copied().unwrap_or(b'0')));
        }
    }
    s.push(if upper { 'E' } else { 'e' });
    let e = if digits.is_empty() { 0 } else { dexp - 1 };
    s.push(if e < 0 { '-' } else { '+' });
    s.push_str(&format!("{:02}", e.abs()));
    s
}

fn fmt_f(digits: &[u8], dexp: i64, prec: usize) -> String {
    let digit = |i: i64| -> char {
        usize::try_from(i)
            .ok()
            .and_then(|i| digits.get(i))
            .map_or('0', |d| char::from(*d))
    };
    let mut s = String::new();
    if dexp > 0 {
        for i in 0..dexp {
            s.push(digit(i));
        }
    } else {
        s.push('0');
    }
    if prec > 0 {
        s.push('.');
        for i in 0..prec {
            s.push(digit(dexp + i as i64));
        }
    }
    s
}

/// The text of |x| for a float verb (`e`, `E`, `f`, `g`, `G`); `prec: None`
/// means the verb's default (6 for `e`/`f`, shortest for `g`).
fn float_text(x: f64, mode: char, prec: Option<usize>) -> String {
    if x.is_infinite() {
        return "Inf".to_string();
    }
    if x.is_nan() {
        return "NaN".to_string();
    }
    let upper = mode.is_ascii_uppercase();
    match mode.to_ascii_lowercase() {
        'e' => {
            let p = prec.unwrap_or(6);
            let (d, e) = decimal_digits(x, Some(p + 1));
            fmt_e(&d, e, p, upper)
        }
        'f' => format!("{:.*}", prec.unwrap_or(6), x.abs()),
        _ => {
            let shortest = prec.is_none();
            let (d, dexp) = decimal_digits(x, prec.map(|p| p.max(1)));
            if d.is_empty() {
                return "0".into();
            }
            let mut p = prec.map_or(d.len(), |p| p.max(1));
            let mut eprec = p;
            if eprec > d.len() && d.len() as i64 >= dexp {
                eprec = d.len();
            }
            if shortest {
                eprec = 6;
            }
            let exp = dexp - 1;
            if exp < -4 || exp >= eprec as i64 {
                p = p.min(d.len());
                return fmt_e(&d, dexp, p.saturating_sub(1), upper);
            }
            if p as i64 > dexp {
                p = d.len();
            }
            fmt_f(&d, dexp, usize::try_from(p as i64 - dexp).unwrap_or(0))
        }
    }
}

// ---------------------------------------------------------------------------
// Collection functions

/// Rounds away binary noise from repeated decimal arithmetic (`0.1 + 0.2`),
/// which Terraform's 512-bit decimal-parsed numbers do not show.
fn clean_float(x: f64) -> f64 {
    if !x.is_finite() || x.fract() == 0.0 {
        return x;
    }
    format!("{x:.14e}").parse().unwrap_or(x)
}

fn bool_elems(items: &[Value], param: &'static str) -> R<Vec<Option<bool>>> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item.unmarked() {
            Value::Unknown => Ok(None),
            Value::Null => Ok(Some(false)),
            Value::Bool(b) => Ok(Some(*b)),
            Value::String(s) => parse_bool(s)
                .map(Some)
                .map_or_else(|| arg_err(param, "a bool is required"), Ok),
            _ => arg_err(param, format!("element {i}: bool required")),
        })
        .collect()
}

fn fn_alltrue(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let items = req_list(&a[0], "list", "list of bool required")?;
    for b in bool_elems(items, "list")? {
        match b {
            None => return Err(Fail::Unknown),
            Some(false) => return Ok(Value::Bool(false)),
            Some(true) => {}
        }
    }
    Ok(Value::Bool(true))
}

fn fn_anytrue(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let items = req_list(&a[0], "list", "list of bool required")?;
    let mut unknown = false;
    for b in bool_elems(items, "list")? {
        match b {
            None => unknown = true,
            Some(true) => return Ok(Value::Bool(true)),
            Some(false) => {}
        }
    }
    if unknown {
        Err(Fail::Unknown)
    } else {
        Ok(Value::Bool(false))
    }
}

fn fn_chunklist(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let items = req_list(&a[0], "list", "list required")?;
    let size = req_int(&a[1], "size", &format!("invalid size: {WHOLE_NUMBER}"))?;
    if size < 0 {
        return call_err("the size argument must be positive");
    }
    if items.is_empty() {
        return Ok(Value::List(Vec::new()));
    }
    let size = if size == 0 {
        items.len()
    } else {
        usize::try_from(size).unwrap_or(usize::MAX)
    };
    Ok(Value::List(
        items
            .chunks(size)
            .map(|c| Value::List(c.to_vec()))
            .collect(),
    ))
}

fn fn_coalesce(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    if a.is_empty() {
        // Terraform cannot find a common type for no arguments at all.
        return call_err("all arguments must have the same type");
    }
    // The result has the arguments' common type, so `coalesce("", 1)` is "1".
    let known_args: Vec<Value> = a
        .iter()
        .filter(|v| !v.is_unknown() && !v.is_null())
        .cloned()
        .collect();
    let unified =
        unify(known_args).or_else(|_| call_err("all arguments must have the same type"))?;
    let is_string = unified
        .iter()
        .any(|v| matches!(v.unmarked(), Value::String(_)));
    let mut unified = unified.into_iter();
    for arg in a {
        if arg.is_unknown() {
            return Err(Fail::Unknown);
        }
        if arg.is_null() {
            continue;
        }
        let Some(v) = unified.next() else { break };
        if is_string && v.as_str() == Some("") {
            continue;
        }
        return Ok(v);
    }
    call_err("no non-null, non-empty-string arguments")
}

fn fn_coalescelist(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    for arg in a {
        match arg.unmarked() {
            Value::Unknown => return Err(Fail::Unknown),
            Value::Null => {}
            Value::List(items) if items.is_empty() => {}
            Value::List(_) => return Ok(arg.clone()),
            _ => return call_err("coalescelist arguments must be lists or tuples"),
        }
    }
    call_err("no non-null arguments")
}

fn fn_compact(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let items = req_list(&a[0], "list", "list of string required")?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item.unmarked() {
            Value::Unknown => return Err(Fail::Unknown),
            Value::Null => {}
            other => match prim_to_string(other) {
                Some(s) if s.is_empty() => {}
                Some(s) => out.push(Value::String(s)),
                None => {
                    known(other)?;
                    return arg_err("list", format!("element {i}: string required"));
                }
            },
        }
    }
    Ok(Value::List(out))
}

fn fn_concat(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    if a.is_empty() {
        return call_err("at least one argument is required");
    }
    let mut out = Vec::new();
    for arg in a {
        not_null(arg, "seqs")?;
        match arg.unmarked() {
            Value::List(items) => {
                check_len(out.len() + items.len())?;
                out.extend(items.iter().cloned());
            }
            other => {
                return arg_err(
                    "seqs",
                    format!(
                        "all arguments must be lists or tuples; got {}",
                        tf_type_name(other)
                    ),
                )
            }
        }
    }
    Ok(Value::List(out))
}

fn fn_contains(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let items = match a[0].unmarked() {
        Value::Null => return call_err("cannot search a nil list or set"),
        Value::List(items) => items,
        _ => return call_err("argument must be list, tuple, or set"),
    };
    not_null(&a[1], "value")?;
    if items.is_empty() {
        return Ok(Value::Bool(false));
    }
    known(&a[1])?;
    let mut found = false;
    for item in items {
        match tf_equal(item, &a[1]) {
            None => return Err(Fail::Unknown),
            Some(true) => found = true,
            Some(false) => {}
        }
    }
    Ok(Value::Bool(found))
}

fn fn_distinct(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let items = req_list(&a[0], "list", "list required")?;
    known(&a[0])?;
    let items = unify(items.to_vec())
        .or_else(|_| arg_err("list", "all elements must have the same type"))?;
    let mut out: Vec<Value> = Vec::new();
    for item in items {
        if !out.iter().any(|o| tf_equal(o, &item) == Some(true)) {
            out.push(item);
        }
    }
    Ok(Value::List(out))
}

fn fn_element(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let items = match a[0].unmarked() {
        Value::List(items) => items,
        Value::Null => return arg_err("list", "argument must not be null"),
        other => return call_err(format!("cannot read elements from {}", tf_type_name(other))),
    };
    let index = req_int(&a[1], "index", &format!("invalid index: {WHOLE_NUMBER}"))?;
    if index < 0 {
        return call_err("cannot use element function with a negative index");
    }
    if items.is_empty() {
        return call_err("cannot use element function with an empty list");
    }
    let i = usize::try_from(index).unwrap_or(usize::MAX) % items.len();
    Ok(items[i].clone())
}

fn flatten_into(items: &[Value], out: &mut Vec<Value>, depth: usize) -> R<()> {
    if depth > 256 {
        return call_err("lists are nested too deeply to flatten");
    }
    for item in items {
        match item.unmarked() {
            // An unknown element might be a list: the result's shape is unknown.
            Value::Unknown => return Err(Fail::Unknown),
            Value::List(inner) => flatten_into(inner, out, depth + 1)?,
            _ => {
                check_len(out.len() + 1)?;
                out.push(item.clone());
            }
        }
    }
    Ok(())
}

fn fn_flatten(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let items = match a[0].unmarked() {
        Value::List(items) => items,
        Value::Null => return arg_err("list", "argument must not be null"),
        _ => return call_err("can only flatten lists, sets and tuples"),
    };
    let mut out = Vec::new();
    flatten_into(items, &mut out, 0)?;
    Ok(Value::List(out))
}

fn fn_index(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let items = match a[0].unmarked() {
        Value::List(items) => items,
        Value::Null => return arg_err("list", "argument must not be null"),
        _ => return arg_err("list", "argument must be a list or tuple"),
    };
    known(&a[1])?;
    for (i, item) in items.iter().enumerate() {
        match tf_equal(item, &a[1]) {
            None => return Err(Fail::Unknown),
            Some(true) => return Ok(Value::Number(i as f64)),
            Some(false) => {}
        }
    }
    call_err("item not found")
}

fn fn_keys(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let m = req_map(&a[0], "inputMap", "must have map or object type")?;
    Ok(Value::List(m.keys().map(Value::string).collect()))
}

fn fn_values(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    not_null(&a[0], "mapping")?;
    match a[0].unmarked() {
        Value::Map(m) => Ok(Value::List(m.values().cloned().collect())),
        _ => call_err("values() requires a map as the first argument"),
    }
}

fn fn_length(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    not_null(&a[0], "value")?;
    let n = match a[0].unmarked() {
        Value::String(s) => grapheme_count(s),
        Value::List(items) => items.len(),
        Value::Map(m) => m.len(),
        _ => return call_err("argument must be a string, a collection type, or a structural type"),
    };
    Ok(Value::Number(n as f64))
}

fn fn_lookup(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    if a[0].is_unknown() || a[1].is_unknown() {
        return Err(Fail::Unknown);
    }
    let m = req_map(
        &a[0],
        "inputMap",
        "the first argument must be a map or object",
    )?;
    let key = req_str(&a[1], "key")?;
    if let Some(v) = m.get(&key) {
        return Ok(v.clone());
    }
    match a.get(2) {
        Some(default) => Ok(default.clone()),
        None => arg_err(
            "inputMap",
            format!("the given object has no attribute {}", go_quote(&key)),
        ),
    }
}

fn fn_matchkeys(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let values = req_list(&a[0], "values", "list required")?;
    let keys = req_list(&a[1], "keys", "list required")?;
    let search = req_list(&a[2], "searchset", "list required")?;
    if values.len() != keys.len() {
        return call_err("length of keys and values should be equal");
    }
    known(&a[1])?;
    known(&a[2])?;
    let mut both = keys.to_vec();
    both.extend(search.iter().cloned());
    let both = unify(both).or_else(|_| call_err("keys and searchset must be of the same type"))?;
    let (keys, search) = both.split_at(keys.len());
    let mut out = Vec::new();
    for (value, key) in values.iter().zip(keys) {
        if search.iter().any(|s| tf_equal(s, key) == Some(true)) {
            out.push(value.clone());
        }
    }
    Ok(Value::List(out))
}

fn fn_merge(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let mut out = BTreeMap::new();
    for arg in a {
        match arg.unmarked() {
            Value::Null => {}
            Value::Map(m) => {
                for (k, v) in m {
                    out.insert(k.clone(), v.clone());
                }
            }
            other => {
                return call_err(format!(
                    "arguments must be maps or objects, got {}",
                    go_quote(tf_type_name(other))
                ))
            }
        }
    }
    Ok(Value::Map(out))
}

fn fn_one(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    not_null(&a[0], "list")?;
    match a[0].unmarked() {
        Value::List(items) if items.is_empty() => Ok(Value::Null),
        Value::List(items) if items.len() == 1 => Ok(items[0].clone()),
        _ => arg_err(
            "list",
            "must be a list, set, or tuple value with either zero or one elements",
        ),
    }
}

fn fn_range(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let nums: Vec<f64> = a
        .iter()
        .map(|v| req_num(v, "params"))
        .collect::<R<Vec<f64>>>()?;
    let (start, end, step) = match nums.as_slice() {
        [limit] => (0.0, *limit, if *limit < 0.0 { -1.0 } else { 1.0 }),
        [start, end] => (*start, *end, if end < start { -1.0 } else { 1.0 }),
        [start, end, step] => (*start, *end, *step),
        _ => return call_err("must have one, two, or three arguments"),
    };
    if step == 0.0 {
        return arg_err("params", "step must not be zero");
    }
    let down = step < 0.0;
    if down && end > start {
        return arg_err(
            "params",
            "end must be less than start when step is negative",
        );
    }
    if !down && end < start {
        return arg_err(
            "params",
            "end must be greater than start when step is positive",
        );
    }
    let mut out = Vec::new();
    for i in 0u32.. {
        let n = clean_float(start + f64::from(i) * step);
        if (down && n <= end) || (!down && n >= end) {
            break;
        }
        if out.len() >= 1024 {
            return call_err("more than 1024 values were generated; either decrease the difference between start and end or use a smaller step");
        }
        out.push(Value::Number(n));
    }
    Ok(Value::List(out))
}

fn fn_reverse(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    not_null(&a[0], "list")?;
    match a[0].unmarked() {
        Value::List(items) => Ok(Value::List(items.iter().rev().cloned().collect())),
        other => arg_err(
            "list",
            format!(
                "can only reverse list or tuple values, not {}",
                tf_type_name(other)
            ),
        ),
    }
}

/// The arguments of a set function as sets of one common element type.
fn set_args(a: &[Value], first: &'static str, rest: &'static str) -> R<Vec<Vec<Value>>> {
    let mut lens = Vec::with_capacity(a.len());
    let mut all = Vec::new();
    for (i, arg) in a.iter().enumerate() {
        let param = if i == 0 { first } else { rest };
        let items = req_list(arg, param, "a set or list is required")?;
        known(arg)?;
        lens.push(items.len());
        all.extend(items.iter().cloned());
    }
    let mut all = unify(all)
        .or_else(|_| call_err("given sets must all have compatible element types"))?
        .into_iter();
    Ok(lens
        .into_iter()
        .map(|n| set_normalize(all.by_ref().take(n).collect()))
        .collect())
}

fn set_has(set: &[Value], v: &Value) -> bool {
    set.iter().any(|s| tf_equal(s, v) == Some(true))
}

fn fn_setintersection(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let sets = set_args(a, "first_set", "other_sets")?;
    let mut iter = sets.into_iter();
    let first = iter.next().unwrap_or_default();
    let rest: Vec<Vec<Value>> = iter.collect();
    Ok(Value::List(
        first
            .into_iter()
            .filter(|v| rest.iter().all(|s| set_has(s, v)))
            .collect(),
    ))
}

fn fn_setunion(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let sets = set_args(a, "first_set", "other_sets")?;
    Ok(Value::List(set_normalize(
        sets.into_iter().flatten().collect(),
    )))
}

fn fn_setsubtract(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let sets = set_args(a, "a", "b")?;
    let (first, second) = match sets.as_slice() {
        [x, y] => (x.clone(), y),
        _ => return call_err("two sets are required"),
    };
    Ok(Value::List(
        first.into_iter().filter(|v| !set_has(second, v)).collect(),
    ))
}

fn fn_setproduct(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    if a.len() < 2 {
        return call_err("at least two arguments are required");
    }
    let mut lists = Vec::with_capacity(a.len());
    let mut total: usize = 1;
    for arg in a {
        let items = req_list(arg, "sets", "a set or list is required")?;
        known(arg)?;
        total = total.saturating_mul(items.len());
        lists.push(items);
    }
    check_len(total)?;
    let mut out: Vec<Vec<Value>> = vec![Vec::new()];
    for list in lists {
        let mut next = Vec::with_capacity(out.len() * list.len());
        for prefix in &out {
            for item in list {
                let mut row = prefix.clone();
                row.push(item.clone());
                next.push(row);
            }
        }
        out = next;
    }
    Ok(Value::List(out.into_iter().map(Value::List).collect()))
}

fn fn_slice(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let items = req_list(&a[0], "list", "must be a list or tuple value")?;
    let start = req_int_arg(&a[1], "start_index", "invalid start index: ")?;
    let end = req_int_arg(&a[2], "end_index", "invalid end index: ")?;
    if start < 0 {
        return arg_err("start_index", "start index must not be less than zero");
    }
    if end > items.len() as i64 {
        return arg_err(
            "end_index",
            "end index must not be greater than the length of the list",
        );
    }
    if start > end {
        return arg_err(
            "start_index",
            "start index must not be greater than end index",
        );
    }
    let (s, e) = (
        usize::try_from(start).unwrap_or(0),
        usize::try_from(end).unwrap_or(0),
    );
    Ok(Value::List(items[s..e].to_vec()))
}

fn fn_sort(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let items = req_list(&a[0], "list", "list of string required")?;
    let mut strings = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item.unmarked() {
            Value::Unknown => return Err(Fail::Unknown),
            Value::Null => {
                return call_err(format!(
                    "given list element {i} is null; a null string cannot be sorted"
                ))
            }
            other => match prim_to_string(other) {
                Some(s) => strings.push(s),
                None => {
                    known(other)?;
                    return arg_err("list", format!("element {i}: string required"));
                }
            },
        }
    }
    strings.sort();
    Ok(Value::List(
        strings.into_iter().map(Value::String).collect(),
    ))
}

fn fn_sum(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    not_null(&a[0], "list")?;
    let Value::List(items) = a[0].unmarked() else {
        return arg_err("list", "cannot sum noniterable");
    };
    if items.is_empty() {
        return arg_err("list", "cannot sum an empty list");
    }
    let mut total = 0.0;
    for item in items {
        let n = match item.unmarked() {
            Value::Unknown => return Err(Fail::Unknown),
            Value::Number(n) => *n,
            Value::String(s) => match parse_number(s) {
                Some(n) => n,
                None => {
                    return arg_err(
                        "list",
                        "argument must be list, set, or tuple of number values",
                    )
                }
            },
            _ => {
                return arg_err(
                    "list",
                    "argument must be list, set, or tuple of number values",
                )
            }
        };
        total += n;
    }
    Ok(Value::Number(clean_float(total)))
}

fn fn_transpose(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let m = req_map(&a[0], "values", "map of list of string required")?;
    let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (k, v) in m {
        let items = match v.unmarked() {
            Value::Unknown => return Err(Fail::Unknown),
            Value::List(items) => items,
            _ => {
                return arg_err(
                    "values",
                    format!("element {}: list of string required", go_quote(k)),
                )
            }
        };
        for item in items {
            match item.unmarked() {
                Value::Unknown => return Err(Fail::Unknown),
                Value::Null => return call_err("input list must not contain null string"),
                other => match prim_to_string(other) {
                    Some(s) => out.entry(s).or_default().push(Value::string(k.as_str())),
                    None => {
                        return arg_err(
                            "values",
                            format!("element {}: list of string required", go_quote(k)),
                        )
                    }
                },
            }
        }
    }
    Ok(Value::Map(
        out.into_iter().map(|(k, v)| (k, Value::List(v))).collect(),
    ))
}

fn fn_zipmap(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let keys = req_list(&a[0], "keys", "list of string required")?;
    let values = req_list(&a[1], "values", "list or tuple required")?;
    if keys.len() != values.len() {
        return call_err(format!(
            "number of keys ({}) does not match number of values ({})",
            keys.len(),
            values.len()
        ));
    }
    let mut out = BTreeMap::new();
    for (i, (k, v)) in keys.iter().zip(values).enumerate() {
        let key = match k.unmarked() {
            Value::Unknown => return Err(Fail::Unknown),
            Value::Null => return call_err(format!("keys list has null value at index {i}")),
            other => match prim_to_string(other) {
                Some(s) => s,
                None => return arg_err("keys", format!("element {i}: string required")),
            },
        };
        out.insert(key, v.clone());
    }
    Ok(Value::Map(out))
}

// ---------------------------------------------------------------------------
// Type conversion functions

fn fn_tostring(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    match a[0].unmarked() {
        Value::Null => Ok(Value::Null),
        other => prim_to_string(other).map(Value::String).map_or_else(
            || {
                arg_err(
                    "v",
                    format!("cannot convert {} to string", tf_type_name(other)),
                )
            },
            Ok,
        ),
    }
}

fn fn_tonumber(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    match a[0].unmarked() {
        Value::Null => Ok(Value::Null),
        Value::Number(n) => Ok(Value::Number(*n)),
        Value::String(s) => parse_number(s).map(Value::Number).map_or_else(
            || {
                arg_err(
                    "v",
                    format!(
                        "cannot convert {} to number; given string must be a decimal representation of a number",
                        go_quote(s)
                    ),
                )
            },
            Ok,
        ),
        other => arg_err(
            "v",
            format!("cannot convert {} to number", tf_type_name(other)),
        ),
    }
}

fn fn_tobool(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    match a[0].unmarked() {
        Value::Null => Ok(Value::Null),
        Value::Bool(b) => Ok(Value::Bool(*b)),
        Value::String(s) => parse_bool(s).map(Value::Bool).map_or_else(
            || {
                arg_err(
                    "v",
                    format!(
                        "cannot convert {} to bool; only the strings \"true\" or \"false\" are allowed",
                        go_quote(s)
                    ),
                )
            },
            Ok,
        ),
        other => arg_err(
            "v",
            format!("cannot convert {} to bool", tf_type_name(other)),
        ),
    }
}

fn fn_tolist(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    match a[0].unmarked() {
        Value::Null => Ok(Value::Null),
        Value::List(items) => unify(items.clone())
            .map(Value::List)
            .or_else(|_| arg_err("v", "cannot convert tuple to list of any single type")),
        other => arg_err(
            "v",
            format!(
                "cannot convert {} to list of any single type",
                tf_type_name(other)
            ),
        ),
    }
}

fn fn_toset(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    match a[0].unmarked() {
        Value::Null => Ok(Value::Null),
        Value::List(items) => unify(items.clone())
            .map(|items| Value::List(set_normalize(items)))
            .or_else(|_| arg_err("v", "cannot convert tuple to set of any single type")),
        other => arg_err(
            "v",
            format!(
                "cannot convert {} to set of any single type",
                tf_type_name(other)
            ),
        ),
    }
}

fn fn_tomap(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    match a[0].unmarked() {
        Value::Null => Ok(Value::Null),
        Value::Map(m) => {
            let (keys, vals): (Vec<String>, Vec<Value>) =
                m.iter().map(|(k, v)| (k.clone(), v.clone())).unzip();
            let vals = unify(vals)
                .or_else(|_| arg_err("v", "cannot convert object to map of any single type"))?;
            Ok(Value::Map(keys.into_iter().zip(vals).collect()))
        }
        other => arg_err(
            "v",
            format!(
                "cannot convert {} to map of any single type",
                tf_type_name(other)
            ),
        ),
    }
}

// ---------------------------------------------------------------------------
// Encoding functions

fn base64_engine() -> base64::engine::GeneralPurpose {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    // Go's StdEncoding: padding required, non-zero trailing bits tolerated.
    GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
    )
}

fn b64encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64_engine().encode(bytes)
}

/// Decodes standard base64, ignoring line breaks as Go does.
fn b64decode(s: &str) -> Result<Vec<u8>, usize> {
    use base64::Engine;
    let cleaned: String = s.chars().filter(|c| *c != '\r' && *c != '\n').collect();
    base64_engine()
        .decode(cleaned.as_bytes())
        .map_err(|e| match e {
            base64::DecodeError::InvalidByte(i, _) => i,
            base64::DecodeError::InvalidLastSymbol(i, _) => i,
            _ => cleaned.len() / 4 * 4,
        })
}

fn fn_base64encode(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    Ok(Value::String(b64encode(req_str(&a[0], "str")?.as_bytes())))
}

fn fn_base64decode(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let s = req_str(&a[0], "str")?;
    let bytes = b64decode(&s)
        .or_else(|_| call_err(format!("failed to decode base64 data {}", go_quote(&s))))?;
    String::from_utf8(bytes)
        .map(Value::String)
        .or_else(|_| call_err("the result of decoding the provided string is not valid UTF-8"))
}

fn fn_urlencode(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let s = req_str(&a[0], "str")?;
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    Ok(Value::String(out))
}

/// Appends `s` as a JSON string the way Go's encoding/json writes it
/// (`<`, `>`, `&`, U+2028 and U+2029 escaped).
fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Terraform's `jsonencode`: compact, keys sorted, Go's string escaping.
/// Fails with `Unknown` when anything inside is unknown.
fn json_value(v: &Value, out: &mut String) -> R<()> {
    match v.unmarked() {
        Value::Unknown => return Err(Fail::Unknown),
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if !n.is_finite() {
                return call_err("cannot serialize infinity as JSON");
            }
            out.push_str(&format_number(*n));
        }
        Value::String(s) => json_string(s, out),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_value(item, out)?;
            }
            out.push(']');
        }
        Value::Map(m) => {
            out.push('{');
            for (i, (k, item)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(k, out);
                out.push(':');
                json_value(item, out)?;
            }
            out.push('}');
        }
        Value::Marked(inner, _) => json_value(inner, out)?,
    }
    if out.len() > MAX_STRING_BYTES {
        return check_str_len(out.len());
    }
    Ok(())
}

fn fn_jsonencode(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let mut out = String::new();
    json_value(&a[0], &mut out)?;
    Ok(Value::String(out))
}

fn fn_jsondecode(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let s = req_str(&a[0], "str")?;
    match serde_json::from_str::<serde_json::Value>(&s) {
        Ok(j) => Ok(Value::from_json(&j)),
        Err(e) => call_err(e.to_string()),
    }
}

fn fn_csvdecode(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let s = req_str(&a[0], "str")?;
    let records = parse_csv(&s)
        .map_err(|(line, msg)| Fail::Call(format!("CSV parse error on line {line}: {msg}")))?;
    let mut rows = records.into_iter();
    let Some(header) = rows.next() else {
        return call_err("missing header line");
    };
    for (i, name) in header.iter().enumerate() {
        if header[..i].contains(name) {
            return call_err(format!("duplicate column name {}", go_quote(name)));
        }
    }
    let mut out = Vec::new();
    for row in rows {
        check_len(out.len() + 1)?;
        out.push(Value::Map(
            header
                .iter()
                .cloned()
                .zip(row.into_iter().map(Value::String))
                .collect(),
        ));
    }
    Ok(Value::List(out))
}

/// Parses CSV like Go's encoding/csv reader: quoted fields with `""` escapes,
/// CRLF normalised, blank lines skipped, every record as wide as the first.
/// Errors carry the line number.
fn parse_csv(s: &str) -> Result<Vec<Vec<String>>, (usize, &'static str)> {
    let text = s.replace("\r\n", "\n");
    let chars: Vec<char> = text.chars().collect();
    let mut records: Vec<Vec<String>> = Vec::new();
    let mut width: Option<usize> = None;
    let mut i = 0;
    let mut line = 1;
    while i < chars.len() {
        if chars[i] == '\n' {
            line += 1;
            i += 1;
            continue;
        }
        let record_line = line;
        let mut fields = Vec::new();
        loop {
            let mut field = String::new();
            if chars.get(i) == Some(&'"') {
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err((line, "extraneous or missing \" in quoted-field")),
                        Some('"') if chars.get(i + 1) == Some(&'"') => {
                            field.push('"');
                            i += 2;
                        }
                        Some('"') => {
                            i += 1;
                            match chars.get(i) {
                                None | Some(',') | Some('\n') => break,
                                _ => {
                                    return Err((line, "extraneous or missing \" in quoted-field"))
                                }
                            }
                        }
                        Some(c) => {
                            if *c == '\n' {
                                line += 1;
                            }
                            field.push(*c);
                            i += 1;
                        }
                    }
                }
            } else {
                while let Some(&c) = chars.get(i) {
                    if c == ',' || c == '\n' {
                        break;
                    }
                    if c == '"' {
                        return Err((line, "bare \" in non-quoted-field"));
                    }
                    field.push(c);
                    i += 1;
                }
            }
            fields.push(field);
            match chars.get(i) {
                Some(',') => i += 1,
                Some('\n') => {
                    i += 1;
                    line += 1;
                    break;
                }
                _ => break,
            }
        }
        match width {
            None => width = Some(fields.len()),
            Some(w) if w != fields.len() => return Err((record_line, "wrong number of fields")),
            Some(_) => {}
        }
        if records.len() >= MAX_ELEMENTS {
            return Err((record_line, "too many records"));
        }
        records.push(fields);
    }
    Ok(records)
}

/// A text encoding supported by `textencodebase64`/`textdecodebase64`.
#[derive(Clone, Copy)]
enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Utf16Bom,
    Latin1,
    Ascii,
    Windows1252,
}

impl TextEncoding {
    fn lookup(name: &str) -> Option<TextEncoding> {
        let n = name.to_ascii_lowercase();
        Some(match n.as_str() {
            "utf-8" | "csutf8" => TextEncoding::Utf8,
            "utf-16le" | "csutf16le" => TextEncoding::Utf16Le,
            "utf-16be" | "csutf16be" => TextEncoding::Utf16Be,
            "utf-16" | "csutf16" => TextEncoding::Utf16Bom,
            "iso-8859-1" | "iso_8859-1" | "iso_8859-1:1987" | "iso-ir-100" | "latin1" | "l1"
            | "ibm819" | "cp819" | "csisolatin1" => TextEncoding::Latin1,
            "us-ascii" | "ascii" | "iso-ir-6" | "ansi_x3.4-1968" | "ansi_x3.4-1986"
            | "iso_646.irv:1991" | "iso646-us" | "us" | "ibm367" | "cp367" | "csascii" => {
                TextEncoding::Ascii
            }
            "windows-1252" | "cswindows1252" => TextEncoding::Windows1252,
            _ => return None,
        })
    }

    fn display(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Utf16Bom => "UTF-16",
            TextEncoding::Latin1 => "ISO_8859-1:1987",
            TextEncoding::Ascii => "US-ASCII",
            TextEncoding::Windows1252 => "windows-1252",
        }
    }
}

/// windows-1252 bytes 0x80..=0x9F; `None` where the code page has no character
/// (those bytes map to the same-numbered C1 control, as in Go's x/text).
const WINDOWS_1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

fn encode_text(s: &str, enc: TextEncoding) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 2);
    match enc {
        TextEncoding::Utf8 => out.extend_from_slice(s.as_bytes()),
        TextEncoding::Utf16Le => s.encode_utf16().for_each(|u| out.extend(u.to_le_bytes())),
        TextEncoding::Utf16Be => s.encode_utf16().for_each(|u| out.extend(u.to_be_bytes())),
        TextEncoding::Utf16Bom => {
            out.extend([0xFE, 0xFF]);
            s.encode_utf16().for_each(|u| out.extend(u.to_be_bytes()));
        }
        TextEncoding::Latin1 => {
            for c in s.chars() {
                out.push(u8::try_from(u32::from(c)).ok()?);
            }
        }
        TextEncoding::Ascii => {
            for c in s.chars() {
                out.push(u8::try_from(u32::from(c)).ok().filter(|b| *b < 0x80)?);
            }
        }
        TextEncoding::Windows1252 => {
            for c in s.chars() {
                let code = u32::from(c);
                let byte = if code < 0x80 || (0xA0..=0xFF).contains(&code) {
                    code as u8
                } else if let Some(i) = WINDOWS_1252_HIGH.iter().position(|h| *h == Some(c)) {
                    0x80 + i as u8
                } else if (0x80..=0x9F).contains(&code)
                    && WINDOWS_1252_HIGH[(code - 0x80) as usize].is_none()
                {
                    code as u8
                } else {
                    return None;
                };
                out.push(byte);
            }
        }
    }
    Some(out)
}

fn decode_text(bytes: &[u8], enc: TextEncoding) -> String {
    let utf16 = |bytes: &[u8], le: bool| -> String {
        let units: Vec<u16> = bytes
            .chunks(2)
            .map(|c| match (c.first(), c.get(1)) {
                (Some(a), Some(b)) if le => u16::from_le_bytes([*a, *b]),
                (Some(a), Some(b)) => u16::from_be_bytes([*a, *b]),
                _ => 0xFFFD,
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    match enc {
        TextEncoding::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
        TextEncoding::Utf16Le => utf16(bytes, true),
        TextEncoding::Utf16Be => utf16(bytes, false),
        TextEncoding::Utf16Bom => match bytes {
            [0xFF, 0xFE, rest @ ..] => utf16(rest, true),
            [0xFE, 0xFF, rest @ ..] => utf16(rest, false),
            _ => utf16(bytes, false),
        },
        TextEncoding::Latin1 => bytes.iter().map(|b| char::from(*b)).collect(),
        TextEncoding::Ascii => bytes
            .iter()
            .map(|b| {
                if *b < 0x80 {
                    char::from(*b)
                } else {
                    '\u{FFFD}'
                }
            })
            .collect(),
        TextEncoding::Windows1252 => bytes
            .iter()
            .map(|b| match b {
                0x80..=0x9F => WINDOWS_1252_HIGH[usize::from(b - 0x80)].unwrap_or(char::from(*b)),
                _ => char::from(*b),
            })
            .collect(),
    }
}

fn text_encoding(v: &Value) -> R<TextEncoding> {
    let name = req_str(v, "encoding")?;
    // Terraform knows every IANA encoding; chkmate implements the common ones and
    // treats the rest as not computable rather than as an error.
    TextEncoding::lookup(&name).ok_or(Fail::Unsupported)
}

fn fn_textencodebase64(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let s = req_str(&a[0], "string")?;
    let enc = text_encoding(&a[1])?;
    match encode_text(&s, enc) {
        Some(bytes) => Ok(Value::String(b64encode(&bytes))),
        None => arg_err(
            "string",
            format!(
                "the given string contains characters that cannot be represented in {}",
                enc.display()
            ),
        ),
    }
}

fn fn_textdecodebase64(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let s = req_str(&a[0], "source")?;
    let enc = text_encoding(&a[1])?;
    let bytes = b64decode(&s).or_else(|offset| {
        arg_err(
            "source",
            format!("the given value is has an invalid base64 symbol at offset {offset}"),
        )
    })?;
    if matches!(enc, TextEncoding::Utf8) && std::str::from_utf8(&bytes).is_err() {
        return arg_err(
            "source",
            "the given string contains symbols that are not defined for UTF-8",
        );
    }
    Ok(Value::String(decode_text(&bytes, enc)))
}

fn fn_yamldecode(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    use serde::de::DeserializeSeed;
    let s = req_str(&a[0], "src")?;
    let has_content = s.lines().any(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#')
    });
    if !has_content {
        return call_err("on line 1, column 1: missing start of document");
    }
    let de = serde_yaml::Deserializer::from_str(&s);
    let seed = YamlSeed { src: &s, depth: 0 };
    match seed.deserialize(de) {
        Ok(v) => Ok(v),
        Err(e) => {
            let msg = e.to_string();
            if msg.contains(YAML_NAN) {
                call_err("floating point NaN is not supported")
            } else {
                call_err(msg)
            }
        }
    }
}

const YAML_NAN: &str = "chkmate: NaN";

/// Builds a [`Value`] from YAML with Terraform's (go-cty-yaml's) YAML 1.1 scalar
/// rules. serde_yaml resolves scalars by YAML 1.2; plain scalars reach the
/// visitor as slices of the source text, which tells them apart from quoted
/// ones, so the YAML 1.1 extras (`yes`/`no`/`on`/`off`/`y`/`n` booleans and
/// timestamps) are resolved here.
#[derive(Clone, Copy)]
struct YamlSeed<'s> {
    src: &'s str,
    depth: usize,
}

impl YamlSeed<'_> {
    fn nested(self) -> Self {
        YamlSeed {
            src: self.src,
            depth: self.depth + 1,
        }
    }

    /// Whether `piece`, borrowed from the source, was written without quotes.
    fn is_plain(&self, piece: &str) -> bool {
        let base = self.src.as_ptr() as usize;
        let start = piece.as_ptr() as usize;
        if start < base || start + piece.len() > base + self.src.len() {
            return false;
        }
        let offset = start - base;
        let bytes = self.src.as_bytes();
        let before = offset.checked_sub(1).and_then(|i| bytes.get(i)).copied();
        let after = bytes.get(offset + piece.len()).copied();
        if matches!(before, Some(b'"' | b'\'')) && before == after {
            return false;
        }
        // A tagged scalar (`!!str yes`) keeps the meaning its tag gives it.
        let head = self.src[..offset].trim_end_matches([' ', '\t']);
        let token = head
            .rsplit([' ', '\t', '\n', '[', '{', ','])
            .next()
            .unwrap_or("");
        !token.starts_with('!')
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for YamlSeed<'de> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        if self.depth > 512 {
            return Err(serde::de::Error::custom(
                "YAML document is nested too deeply",
            ));
        }
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for YamlSeed<'de> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n as f64))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n as f64))
    }

    fn visit_i128<E>(self, n: i128) -> Result<Value, E> {
        Ok(Value::Number(n as f64))
    }

    fn visit_u128<E>(self, n: u128) -> Result<Value, E> {
        Ok(Value::Number(n as f64))
    }

    fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Value, E> {
        if n.is_nan() {
            return Err(E::custom(YAML_NAN));
        }
        Ok(Value::Number(n))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Value, E> {
        if self.is_plain(v) {
            if let Some(resolved) = yaml11_scalar(v) {
                return Ok(resolved);
            }
        }
        Ok(Value::string(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::string(v))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(item) = seq.next_element_seed(self.nested())? {
            if out.len() >= MAX_ELEMENTS {
                return Err(serde::de::Error::custom("YAML sequence is too long"));
            }
            out.push(item);
        }
        Ok(Value::List(out))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = BTreeMap::new();
        while let Some(key) = map.next_key_seed(self.nested())? {
            let key = match key {
                Value::Null => "null".to_string(),
                other => prim_to_string(&other).ok_or_else(|| {
                    serde::de::Error::custom("only string keys are supported in YAML mappings")
                })?,
            };
            let value = map.next_value_seed(self.nested())?;
            out.insert(key, value);
        }
        Ok(Value::Map(out))
    }

    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use serde::de::VariantAccess;
        // A value with an application tag (`!thing value`): keep the value.
        let (_tag, variant): (serde::de::IgnoredAny, A::Variant) = data.variant()?;
        variant.newtype_variant_seed(self.nested())
    }
}

/// go-cty-yaml's resolution of plain scalars that YAML 1.2 leaves as strings:
/// more booleans, timestamps, and decimals with leading zeros (`012` is 12).
fn yaml11_scalar(s: &str) -> Option<Value> {
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => return Some(Value::Bool(true)),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => return Some(Value::Bool(false)),
        _ => {}
    }
    if let Some(t) = yaml_timestamp(s) {
        return Some(Value::String(t));
    }
    parse_number(s).map(Value::Number)
}

/// A YAML timestamp (`2001-12-14`, `2001-12-14t21:59:43.10-05:00`,
/// `2001-12-14 21:59:43.10`) as the RFC 3339 string Terraform produces.
fn yaml_timestamp(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return None;
    }
    let mut p = 0;
    let number = |p: &mut usize, max_digits: usize| -> Option<u32> {
        let start = *p;
        while *p < b.len() && b[*p].is_ascii_digit() && *p - start < max_digits {
            *p += 1;
        }
        if *p == start {
            return None;
        }
        s[start..*p].parse().ok()
    };
    let sep = |p: &mut usize, c: u8| -> Option<()> {
        if b.get(*p) == Some(&c) {
            *p += 1;
            Some(())
        } else {
            None
        }
    };
    let year = number(&mut p, 4)?;
    sep(&mut p, b'-')?;
    let month = number(&mut p, 2)?;
    sep(&mut p, b'-')?;
    let day = number(&mut p, 2)?;
    let (mut hour, mut minute, mut second, mut offset) = (0, 0, 0, 0i32);
    if p < b.len() {
        let zoned = match b[p] {
            b'T' | b't' => true,
            b' ' => false,
            _ => return None,
        };
        p += 1;
        hour = number(&mut p, 2)?;
        sep(&mut p, b':')?;
        minute = number(&mut p, 2)?;
        sep(&mut p, b':')?;
        second = number(&mut p, 2)?;
        if b.get(p) == Some(&b'.') {
            p += 1;
            let start = p;
            while p < b.len() && b[p].is_ascii_digit() {
                p += 1;
            }
            if p == start || p - start > 9 {
                return None;
            }
        }
        if zoned {
            match b.get(p) {
                Some(b'Z') => p += 1,
                Some(sign @ (b'+' | b'-')) => {
                    let negative = *sign == b'-';
                    p += 1;
                    let h: i32 = s.get(p..p + 2)?.parse().ok()?;
                    sep(&mut { p + 2 }, b':')?;
                    let m: i32 = s.get(p + 3..p + 5)?.parse().ok()?;
                    if h > 23 || m > 59 {
                        return None;
                    }
                    p += 5;
                    let secs = h * 3600 + m * 60;
                    offset = if negative { -secs } else { secs };
                }
                _ => return None,
            }
        }
        if p != b.len() || hour > 23 || minute > 59 || second > 59 {
            return None;
        }
    }
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(i64::from(year), month) {
        return None;
    }
    let local = days_from_civil(i64::from(year), month, day) * 86_400
        + i64::from(hour * 3600 + minute * 60 + second);
    let t = Timestamp {
        unix: local - i64::from(offset),
        nanos: 0,
        offset,
    };
    Some(t.rfc3339())
}

fn fn_yamlencode(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    known(&a[0])?;
    let mut e = YamlEmitter::new();
    e.document(&a[0])?;
    Ok(Value::String(e.out))
}

/// A block-style YAML emitter that reproduces the output of Terraform's
/// `yamlencode` (go-yaml v2 with cty's conventions): strings double-quoted, or
/// as literal blocks when they span lines; sequences in mappings not indented;
/// empty collections in flow style; long double-quoted strings folded at
/// column 80.
struct YamlEmitter {
    out: String,
    column: usize,
    indent: i64,
    indents: Vec<i64>,
    whitespace: bool,
    indention: bool,
}

const YAML_BEST_WIDTH: usize = 80;
const YAML_INDENT: i64 = 2;

#[derive(Clone, Copy, PartialEq)]
enum YamlCtx {
    Root,
    Sequence,
    MappingValue,
    MappingKey,
}

impl YamlEmitter {
    fn new() -> YamlEmitter {
        YamlEmitter {
            out: String::new(),
            column: 0,
            indent: -1,
            indents: Vec::new(),
            whitespace: true,
            indention: true,
        }
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn write_indent(&mut self) {
        let indent = usize::try_from(self.indent.max(0)).unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(
        &mut self,
        text: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for c in text.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { YAML_INDENT } else { 0 };
        } else if !indentless {
            self.indent += YAML_INDENT;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn document(&mut self, v: &Value) -> R<()> {
        let plain_root = matches!(
            v.unmarked(),
            Value::Null | Value::Bool(_) | Value::Number(_)
        );
        self.node(v, YamlCtx::Root, 0)?;
        self.write_indent();
        if plain_root {
            self.write_indicator("...", true, false, false);
            self.write_indent();
        }
        Ok(())
    }

    fn node(&mut self, v: &Value, ctx: YamlCtx, depth: usize) -> R<()> {
        if depth > 512 {
            return call_err("value is nested too deeply to encode as YAML");
        }
        if self.out.len() > MAX_STRING_BYTES {
            return check_str_len(self.out.len());
        }
        match v.unmarked() {
            Value::Unknown => Err(Fail::Unknown),
            Value::List(items) if items.is_empty() => {
                self.write_indicator("[", true, true, false);
                self.write_indicator("]", false, false, false);
                Ok(())
            }
            Value::Map(m) if m.is_empty() => {
                self.write_indicator("{", true, true, false);
                self.write_indicator("}", false, false, false);
                Ok(())
            }
            Value::List(items) => {
                let indentless = ctx == YamlCtx::MappingValue && !self.indention;
                self.increase_indent(false, indentless);
                for item in items {
                    self.write_indent();
                    self.write_indicator("-", true, false, true);
                    self.node(item, YamlCtx::Sequence, depth + 1)?;
                }
                self.pop_indent();
                Ok(())
            }
            Value::Map(m) => {
                self.increase_indent(false, false);
                for (k, item) in m {
                    self.write_indent();
                    let simple = k.len() <= 128 && !k.chars().any(is_yaml_break);
                    if simple {
                        self.scalar_string(k, YamlCtx::MappingKey);
                        self.write_indicator(":", false, false, false);
                    } else {
                        self.write_indicator("?", true, false, true);
                        self.scalar_string(k, YamlCtx::MappingValue);
                        self.write_indent();
                        self.write_indicator(":", true, false, true);
                    }
                    self.node(item, YamlCtx::MappingValue, depth + 1)?;
                }
                self.pop_indent();
                Ok(())
            }
            Value::String(s) => {
                self.scalar_string(s, ctx);
                Ok(())
            }
            Value::Null => {
                self.plain("null");
                Ok(())
            }
            Value::Bool(b) => {
                self.plain(if *b { "true" } else { "false" });
                Ok(())
            }
            Value::Number(n) => {
                if !n.is_finite() {
                    return call_err("cannot encode infinity as YAML");
                }
                self.plain(&format_number(*n));
                Ok(())
            }
            Value::Marked(inner, _) => self.node(inner, ctx, depth),
        }
    }

    fn plain(&mut self, text: &str) {
        self.increase_indent(true, false);
        if !self.whitespace {
            self.put(' ');
        }
        for c in text.chars() {
            self.put(c);
        }
        self.whitespace = false;
        self.indention = false;
        self.pop_indent();
    }

    fn scalar_string(&mut self, s: &str, ctx: YamlCtx) {
        self.increase_indent(true, false);
        let literal = ctx != YamlCtx::MappingKey && s.contains('\n') && yaml_block_allowed(s);
        if literal {
            self.literal(s);
        } else {
            self.double_quoted(s, ctx != YamlCtx::MappingKey);
        }
        self.pop_indent();
    }

    fn literal(&mut self, s: &str) {
        self.write_indicator("|", true, false, false);
        let first = s.chars().next();
        if first.is_some_and(|c| c == ' ' || is_yaml_break(c)) {
            self.write_indicator("2", false, false, false);
        }
        let mut rev = s.chars().rev();
        let chomp = match (rev.next(), rev.next()) {
            (Some(last), _) if !is_yaml_break(last) => Some("-"),
            (Some(_), None) => Some("+"),
            (Some(_), Some(prev)) if is_yaml_break(prev) => Some("+"),
            _ => None,
        };
        if let Some(chomp) = chomp {
            self.write_indicator(chomp, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in s.chars() {
            if is_yaml_break(c) {
                if c == '\n' {
                    self.put_break();
                } else {
                    self.out.push(c);
                    self.column = 0;
                }
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }

    fn double_quoted(&mut self, s: &str, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        // go-yaml escapes every character of a string that starts with a BOM.
        let bom = s.starts_with('\u{FEFF}');
        let mut spaces = false;
        let bytes_len = s.len();
        let mut chars = s.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if bom || !yaml_printable(c) || is_yaml_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let short = match c {
                    '\0' => Some('0'),
                    '\u{7}' => Some('a'),
                    '\u{8}' => Some('b'),
                    '\t' => Some('t'),
                    '\n' => Some('n'),
                    '\u{b}' => Some('v'),
                    '\u{c}' => Some('f'),
                    '\r' => Some('r'),
                    '\u{1b}' => Some('e'),
                    '"' => Some('"'),
                    '\\' => Some('\\'),
                    '\u{85}' => Some('N'),
                    '\u{a0}' => Some('_'),
                    '\u{2028}' => Some('L'),
                    '\u{2029}' => Some('P'),
                    _ => None,
                };
                match short {
                    Some(e) => self.put(e),
                    None => {
                        let code = u32::from(c);
                        let (tag, width) = if code <= 0xFF {
                            ('x', 2)
                        } else if code <= 0xFFFF {
                            ('u', 4)
                        } else {
                            ('U', 8)
                        };
                        self.put(tag);
                        for ch in format!("{code:0width$X}").chars() {
                            self.put(ch);
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                let last = i + 1 == bytes_len;
                if allow_breaks && !spaces && self.column > YAML_BEST_WIDTH && i > 0 && !last {
                    self.write_indent();
                    if chars.peek().is_some_and(|(_, n)| *n == ' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
    }
}

fn is_yaml_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// go-yaml's notion of a printable character (BMP only, no BOM).
fn yaml_printable(c: char) -> bool {
    matches!(u32::from(c),
        0x0A | 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD)
        && c != '\u{FEFF}'
}

/// Whether go-yaml may write the string as a literal block: no unprintable
/// characters, no space before a line break and no trailing space.
fn yaml_block_allowed(s: &str) -> bool {
    let mut prev_space = false;
    for c in s.chars() {
        if !yaml_printable(c) && c != '\u{85}' {
            return false;
        }
        if c == '\u{85}' {
            return false;
        }
        if is_yaml_break(c) && prev_space {
            return false;
        }
        prev_space = c == ' ';
    }
    !s.ends_with(' ')
}

// ---------------------------------------------------------------------------
// Filesystem functions

/// Go's `path.Clean` on a slash-separated path.
fn clean_path(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

fn to_slash(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Expands a leading `~` like Terraform's homedir package.
fn expand_home(p: &str) -> R<String> {
    if !p.starts_with('~') {
        return Ok(p.to_string());
    }
    if p.len() > 1 && !p[1..].starts_with('/') && !p[1..].starts_with('\\') {
        return call_err("cannot expand user-specific home dir");
    }
    match dirs::home_dir() {
        Some(home) => Ok(format!("{}{}", to_slash(&home), &p[1..])),
        None => call_err("cannot determine the home directory"),
    }
}

/// Resolves a path argument: `~` expanded, relative paths taken from the
/// calling module's directory.
fn resolve(ctx: &FnContext<'_>, p: &str) -> R<PathBuf> {
    let expanded = expand_home(p)?;
    let path = Path::new(&expanded);
    Ok(if path.is_absolute() {
        path.to_path_buf()
    } else {
        ctx.module_dir.join(path)
    })
}

fn read_file(ctx: &FnContext<'_>, given: &str) -> R<Vec<u8>> {
    let path = resolve(ctx, given)?;
    match std::fs::metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => arg_err(
            "path",
            format!(
                "no file exists at {}; this function works only with files that are distributed as part of the configuration source code, so if this file will be created by a resource in this configuration you must instead obtain this result from an attribute of that resource",
                go_quote(given)
            ),
        ),
        Err(e) => arg_err("path", format!("failed to read file: {e}")),
        Ok(meta) if meta.is_dir() => arg_err(
            "path",
            format!("failed to read file: read {given}: is a directory"),
        ),
        Ok(meta) if meta.len() > MAX_STRING_BYTES as u64 => arg_err(
            "path",
            format!("{} is larger than {MAX_STRING_BYTES} bytes", go_quote(given)),
        ),
        Ok(_) => std::fs::read(&path)
            .or_else(|e| arg_err("path", format!("failed to read file: {e}"))),
    }
}

fn read_text_file(ctx: &FnContext<'_>, given: &str) -> R<String> {
    String::from_utf8(read_file(ctx, given)?).or_else(|_| {
        call_err(format!(
            "contents of {} are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead",
            go_quote(given)
        ))
    })
}

fn fn_file(a: &[Value], ctx: &FnContext<'_>) -> R<Value> {
    let p = req_str(&a[0], "path")?;
    read_text_file(ctx, &p).map(Value::String)
}

fn fn_filebase64(a: &[Value], ctx: &FnContext<'_>) -> R<Value> {
    let p = req_str(&a[0], "path")?;
    Ok(Value::String(b64encode(&read_file(ctx, &p)?)))
}

fn file_digest(
    a: &[Value],
    ctx: &FnContext<'_>,
    hash: fn(&[u8]) -> Vec<u8>,
    b64: bool,
) -> R<Value> {
    let p = req_str(&a[0], "path")?;
    let digest = hash(&read_file(ctx, &p)?);
    Ok(Value::String(if b64 {
        b64encode(&digest)
    } else {
        hex(&digest)
    }))
}

fn fn_filemd5(a: &[Value], ctx: &FnContext<'_>) -> R<Value> {
    file_digest(a, ctx, md5_bytes, false)
}

fn fn_filesha1(a: &[Value], ctx: &FnContext<'_>) -> R<Value> {
    file_digest(a, ctx, sha1_bytes, false)
}

fn fn_filesha256(a: &[Value], ctx: &FnContext<'_>) -> R<Value> {
    file_digest(a, ctx, sha256_bytes, false)
}

fn fn_filesha512(a: &[Value], ctx: &FnContext<'_>) -> R<Value> {
    file_digest(a, ctx, sha512_bytes, false)
}

fn fn_filebase64sha256(a: &[Value], ctx: &FnContext<'_>) -> R<Value> {
    file_digest(a, ctx, sha256_bytes, true)
}

fn fn_filebase64sha512(a: &[Value], ctx: &FnContext<'_>) -> R<Value> {
    file_digest(a, ctx, sha512_bytes, true)
}

fn fn_fileexists(a: &[Value], ctx: &FnContext<'_>) -> R<Value> {
    let given = req_str(&a[0], "path")?;
    let path = resolve(ctx, &given)?;
    match std::fs::metadata(&path) {
        Ok(meta) if meta.is_file() => Ok(Value::Bool(true)),
        Ok(meta) if meta.is_dir() => {
            call_err(format!("{} is a directory, not a file", go_quote(&given)))
        }
        Ok(_) => call_err(format!("{} is not a regular file", go_quote(&given))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Value::Bool(false)),
        Err(e) => call_err(format!("failed to stat {}: {e}", go_quote(&given))),
    }
}

fn fn_abspath(a: &[Value], ctx: &FnContext<'_>) -> R<Value> {
    let given = req_str(&a[0], "path")?;
    let mut path = if Path::new(&given).is_absolute() {
        PathBuf::from(&given)
    } else {
        ctx.module_dir.join(&given)
    };
    if path.is_relative() {
        let cwd = std::env::current_dir()
            .or_else(|e| call_err(format!("cannot determine the working directory: {e}")))?;
        path = cwd.join(path);
    }
    Ok(Value::String(clean_path(&to_slash(&path))))
}

fn fn_basename(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let p = req_str(&a[0], "path")?;
    if p.is_empty() {
        return Ok(Value::string("."));
    }
    let trimmed = p.trim_end_matches('/');
    if trimmed.is_empty() {
        return Ok(Value::string("/"));
    }
    let base = trimmed.rsplit('/').next().unwrap_or(trimmed);
    Ok(Value::string(base))
}

fn fn_dirname(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let p = req_str(&a[0], "path")?;
    let dir = match p.rfind('/') {
        Some(i) => &p[..=i],
        None => "",
    };
    Ok(Value::String(clean_path(dir)))
}

fn fn_pathexpand(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let p = req_str(&a[0], "path")?;
    expand_home(&p).map(Value::String)
}

/// The most directory entries `fileset` will visit.
const MAX_FILESET_ENTRIES: usize = 200_000;

fn fn_fileset(a: &[Value], ctx: &FnContext<'_>) -> R<Value> {
    let base = expand_home(&req_str(&a[0], "path")?)?;
    let pattern = req_str(&a[1], "pattern")?;
    // Go's filepath.Join: empty elements are dropped before cleaning.
    let full = match (base.is_empty(), pattern.is_empty()) {
        (true, _) => clean_path(&pattern),
        (false, true) => clean_path(&base),
        (false, false) => clean_path(&format!("{base}/{pattern}")),
    };
    let base_clean = clean_path(&base);
    // Split the joined pattern into a literal directory prefix and a glob.
    let is_meta = |s: &str| s.contains(['*', '?', '[', '{', '\\']);
    let comps: Vec<&str> = full.split('/').collect();
    let split = comps.iter().position(|c| is_meta(c)).unwrap_or(comps.len());
    let root_str = if full.starts_with('/') && split <= 1 {
        "/".to_string()
    } else {
        comps[..split].join("/")
    };
    let glob_str = comps[split..].join("/");
    let root = if Path::new(&root_str).is_absolute() {
        PathBuf::from(&root_str)
    } else {
        ctx.module_dir.join(&root_str)
    };
    let mut matches = Vec::new();
    if glob_str.is_empty() {
        if root.is_file() {
            matches.push(root_str.clone());
        }
    } else {
        let matcher = globset::GlobBuilder::new(&glob_str)
            .literal_separator(true)
            .backslash_escape(true)
            .build()
            .or_else(|_| {
                call_err(format!(
                    "failed to glob pattern {}: syntax error in pattern",
                    go_quote(&pattern)
                ))
            })?
            .compile_matcher();
        let prune = component_matchers(&glob_str).or_else(|()| {
            call_err(format!(
                "failed to glob pattern {}: syntax error in pattern",
                go_quote(&pattern)
            ))
        })?;
        let mut walk = Walk {
            matcher: &matcher,
            prune: &prune,
            out: &mut matches,
            visited: 0,
        };
        walk.dir(&root, "", 0)?;
        for m in &mut matches {
            *m = clean_path(&format!("{root_str}/{m}"));
        }
    }
    let mut out = Vec::with_capacity(matches.len());
    for m in matches {
        out.push(Value::String(relative_path(&base_clean, &m)));
    }
    Ok(Value::List(set_normalize(out)))
}

/// One path component of a glob, for pruning the directory walk.
enum GlobComponent {
    /// `**`: any number of directories.
    Any,
    One(globset::GlobMatcher),
}

/// Per-component matchers for a glob. Like doublestar, a component that is not
/// a valid pattern by itself (a `[...]` class or `{...}` alternative spanning a
/// `/`) makes the whole pattern invalid.
fn component_matchers(glob: &str) -> Result<Vec<GlobComponent>, ()> {
    glob.split('/')
        .map(|part| {
            if part == "**" {
                return Ok(GlobComponent::Any);
            }
            globset::GlobBuilder::new(part)
                .literal_separator(true)
                .backslash_escape(true)
                .build()
                .map(|g| GlobComponent::One(g.compile_matcher()))
                .map_err(|_| ())
        })
        .collect()
}

/// Whether files below the directory `rel` (components from the walk root)
/// can still match the glob.
fn may_match_below(rel: &str, comps: &[GlobComponent]) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    for (i, name) in parts.iter().enumerate() {
        match comps.get(i) {
            None => return false,
            Some(GlobComponent::Any) => return true,
            Some(GlobComponent::One(m)) => {
                if !m.is_match(name) {
                    return false;
                }
            }
        }
    }
    comps.len() > parts.len()
}

/// A recursive directory walk collecting regular files that match a glob.
struct Walk<'a> {
    matcher: &'a globset::GlobMatcher,
    prune: &'a [GlobComponent],
    out: &'a mut Vec<String>,
    visited: usize,
}

impl Walk<'_> {
    fn dir(&mut self, dir: &Path, rel: &str, depth: usize) -> R<()> {
        if depth > 64 {
            return Ok(());
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Ok(());
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            self.visited += 1;
            if self.visited > MAX_FILESET_ENTRIES {
                return call_err(format!(
                    "more than {MAX_FILESET_ENTRIES} directory entries to search"
                ));
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            let child_rel = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            let path = entry.path();
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                if may_match_below(&child_rel, self.prune) {
                    self.dir(&path, &child_rel, depth + 1)?;
                }
            } else if meta.is_file() && self.matcher.is_match(&child_rel) {
                check_len(self.out.len() + 1)?;
                self.out.push(child_rel);
            }
        }
        Ok(())
    }
}

/// `path` relative to `base`, both cleaned and slash-separated (Go's filepath.Rel).
fn relative_path(base: &str, path: &str) -> String {
    if base == "." && !path.starts_with('/') {
        return path.to_string();
    }
    let split = |p: &str| -> Vec<String> {
        p.split('/')
            .filter(|c| !c.is_empty() && *c != ".")
            .map(str::to_string)
            .collect()
    };
    let (b, p) = (split(base), split(path));
    let common = b.iter().zip(&p).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(p[common..].iter().cloned());
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

/// Checks templatefile/templatestring variables and renders the template.
fn render(ctx: &FnContext<'_>, text: &str, vars: &Value) -> R<Value> {
    let vars = match vars.unmarked() {
        Value::Map(m) => m,
        Value::Null => return arg_err("vars", "argument must not be null"),
        _ => return arg_err("vars", "invalid vars value: must be a map"),
    };
    for name in vars.keys() {
        let mut chars = name.chars();
        let valid = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-');
        if !valid {
            return arg_err(
                "vars",
                format!(
                    "invalid template variable name {}: must start with a letter, followed by zero or more letters, digits, and underscores",
                    go_quote(name)
                ),
            );
        }
    }
    (ctx.render_template)(text, vars).or_else(call_err)
}

fn fn_templatefile(a: &[Value], ctx: &FnContext<'_>) -> R<Value> {
    let p = req_str(&a[0], "path")?;
    let text = read_text_file(ctx, &p)?;
    render(ctx, &text, &a[1])
}

fn fn_templatestring(a: &[Value], ctx: &FnContext<'_>) -> R<Value> {
    let text = req_str(&a[0], "template")?;
    render(ctx, &text, &a[1])
}

// ---------------------------------------------------------------------------
// Numeric functions

fn number(n: f64) -> R<Value> {
    if n.is_nan() {
        call_err("the result is not a number")
    } else {
        Ok(Value::Number(n))
    }
}

fn fn_abs(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    number(req_num(&a[0], "num")?.abs())
}

fn fn_ceil(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    number(req_num(&a[0], "num")?.ceil())
}

fn fn_floor(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    number(req_num(&a[0], "num")?.floor())
}

fn fn_log(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let n = req_num(&a[0], "num")?;
    let base = req_num(&a[1], "base")?;
    number(clean_float(n.ln() / base.ln()))
}

fn fn_pow(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let n = req_num(&a[0], "num")?;
    let p = req_num(&a[1], "power")?;
    number(n.powf(p))
}

fn fn_signum(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let n = req_int(&a[0], "num", WHOLE_NUMBER)?;
    number(if n > 0 {
        1.0
    } else if n < 0 {
        -1.0
    } else {
        0.0
    })
}

fn extreme(a: &[Value], pick_max: bool) -> R<Value> {
    if a.is_empty() {
        return call_err("must pass at least one number");
    }
    let mut best: Option<f64> = None;
    for v in a {
        let n = req_num(v, "numbers")?;
        best = Some(match best {
            None => n,
            Some(b) if pick_max => b.max(n),
            Some(b) => b.min(n),
        });
    }
    number(best.unwrap_or(f64::NAN))
}

fn fn_max(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    extreme(a, true)
}

fn fn_min(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    extreme(a, false)
}

fn fn_parseint(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    not_null(&a[0], "number")?;
    let s = match a[0].unmarked() {
        Value::String(s) => s.clone(),
        other => {
            return arg_err(
                "number",
                format!(
                    "first argument must be a string, not {}",
                    tf_type_name(other)
                ),
            )
        }
    };
    let base = req_int_arg(&a[1], "base", "")?;
    let base = match u32::try_from(base) {
        Ok(b) if (2..=62).contains(&b) => b,
        _ => {
            return arg_err(
                "base",
                "base must be a whole number between 2 and 62 inclusive",
            )
        }
    };
    let fail = || {
        arg_err(
            "number",
            format!("cannot parse {} as a base {base} integer", go_quote(&s)),
        )
    };
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s.as_str()),
    };
    if digits.is_empty() {
        return fail();
    }
    let mut exact: Option<u128> = Some(0);
    let mut approx = 0.0f64;
    for c in digits.chars() {
        let d = match c {
            '0'..='9' => u32::from(c) - u32::from('0'),
            'a'..='z' => u32::from(c) - u32::from('a') + 10,
            'A'..='Z' if base <= 36 => u32::from(c) - u32::from('A') + 10,
            'A'..='Z' => u32::from(c) - u32::from('A') + 36,
            _ => return fail(),
        };
        if d >= base {
            return fail();
        }
        exact = exact
            .and_then(|v| v.checked_mul(u128::from(base)))
            .and_then(|v| v.checked_add(u128::from(d)));
        approx = approx * f64::from(base) + f64::from(d);
    }
    let magnitude = exact.map_or(approx, |v| v as f64);
    number(if negative { -magnitude } else { magnitude })
}

// ---------------------------------------------------------------------------
// Hash and crypto functions

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn md5_bytes(data: &[u8]) -> Vec<u8> {
    use md5::Digest;
    md5::Md5::digest(data).to_vec()
}

fn sha1_bytes(data: &[u8]) -> Vec<u8> {
    use sha1::Digest;
    sha1::Sha1::digest(data).to_vec()
}

fn sha256_bytes(data: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(data).to_vec()
}

fn sha512_bytes(data: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha512::digest(data).to_vec()
}

fn str_digest(a: &[Value], hash: fn(&[u8]) -> Vec<u8>, b64: bool) -> R<Value> {
    let s = req_str(&a[0], "str")?;
    let digest = hash(s.as_bytes());
    Ok(Value::String(if b64 {
        b64encode(&digest)
    } else {
        hex(&digest)
    }))
}

fn fn_md5(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    str_digest(a, md5_bytes, false)
}

fn fn_sha1(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    str_digest(a, sha1_bytes, false)
}

fn fn_sha256(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    str_digest(a, sha256_bytes, false)
}

fn fn_sha512(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    str_digest(a, sha512_bytes, false)
}

fn fn_base64sha256(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    str_digest(a, sha256_bytes, true)
}

fn fn_base64sha512(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    str_digest(a, sha512_bytes, true)
}

/// Parses a UUID in the forms Go's google/uuid accepts: canonical, braced,
/// `urn:uuid:` prefixed, or 32 bare hex digits.
fn parse_uuid(s: &str) -> Result<[u8; 16], String> {
    let core = match s.len() {
        36 => s,
        38 if s.starts_with('{') && s.ends_with('}') => &s[1..37],
        45 if s.to_ascii_lowercase().starts_with("urn:uuid:") => &s[9..],
        32 => s,
        n => return Err(format!("invalid UUID length: {n}")),
    };
    let hexdigits: String = if core.len() == 36 {
        let b = core.as_bytes();
        if [8, 13, 18, 23].iter().any(|i| b.get(*i) != Some(&b'-')) {
            return Err("invalid UUID format".into());
        }
        core.chars().filter(|c| *c != '-').collect()
    } else {
        core.to_string()
    };
    let mut out = [0u8; 16];
    for (i, byte) in out.iter_mut().enumerate() {
        let pair = hexdigits
            .get(i * 2..i * 2 + 2)
            .ok_or("invalid UUID format")?;
        *byte = u8::from_str_radix(pair, 16).map_err(|_| "invalid UUID format".to_string())?;
    }
    Ok(out)
}

fn fn_uuidv5(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let ns = req_str(&a[0], "namespace")?;
    let name = req_str(&a[1], "name")?;
    let namespace = match ns.as_str() {
        "dns" => "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
        "url" => "6ba7b811-9dad-11d1-80b4-00c04fd430c8",
        "oid" => "6ba7b812-9dad-11d1-80b4-00c04fd430c8",
        "x500" => "6ba7b814-9dad-11d1-80b4-00c04fd430c8",
        other => other,
    };
    let ns_bytes = parse_uuid(namespace)
        .or_else(|e| call_err(format!("uuidv5() doesn't support namespace {ns} ({e})")))?;
    let mut data = ns_bytes.to_vec();
    data.extend_from_slice(name.as_bytes());
    let digest = sha1_bytes(&data);
    let mut u = [0u8; 16];
    u.copy_from_slice(&digest[..16]);
    u[6] = (u[6] & 0x0f) | 0x50;
    u[8] = (u[8] & 0x3f) | 0x80;
    let h = hex(&u);
    Ok(Value::String(format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )))
}

// ---------------------------------------------------------------------------
// IP network functions

/// An IP network: address (already masked to the prefix), prefix length and
/// address width (32 or 128 bits).
#[derive(Clone, Copy, Debug)]
struct Network {
    addr: u128,
    prefix: u32,
    bits: u32,
}

fn mask(bits: u32, prefix: u32) -> u128 {
    let all = if bits == 128 {
        u128::MAX
    } else {
        (1u128 << bits) - 1
    };
    if prefix == 0 {
        0
    } else {
        all & !all.checked_shr(prefix.min(bits)).unwrap_or(0)
    }
}

/// Parses dotted IPv4, accepting leading zeros as decimal (as Terraform does).
fn parse_ipv4(s: &str) -> Option<u32> {
    let mut out = 0u32;
    let mut count = 0;
    for part in s.split('.') {
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u32 = part.parse().ok()?;
        if n > 255 {
            return None;
        }
        out = (out << 8) | n;
        count += 1;
    }
    (count == 4).then_some(out)
}

fn parse_ipv6(s: &str) -> Option<u128> {
    let (head, tail) = match s.split_once("::") {
        Some((h, t)) => (h, Some(t)),
        None => (s, None),
    };
    let groups = |part: &str| -> Option<Vec<u16>> {
        if part.is_empty() {
            return Some(Vec::new());
        }
        let mut out = Vec::new();
        let pieces: Vec<&str> = part.split(':').collect();
        for (i, piece) in pieces.iter().enumerate() {
            if i + 1 == pieces.len() && piece.contains('.') {
                let v4 = parse_ipv4(piece)?;
                out.push((v4 >> 16) as u16);
                out.push(v4 as u16);
            } else {
                if piece.is_empty() || piece.len() > 4 {
                    return None;
                }
                out.push(u16::from_str_radix(piece, 16).ok()?);
            }
        }
        Some(out)
    };
    let first = groups(head)?;
    let words: Vec<u16> = match tail {
        None => first,
        Some(t) => {
            if t.contains("::") {
                return None;
            }
            let last = groups(t)?;
            if first.len() + last.len() > 7 {
                return None;
            }
            let mut w = first;
            w.extend(std::iter::repeat_n(0, 8 - w.len() - last.len()));
            w.extend(last);
            w
        }
    };
    if words.len() != 8 {
        return None;
    }
    Some(
        words
            .iter()
            .fold(0u128, |acc, w| (acc << 16) | u128::from(*w)),
    )
}

fn parse_cidr(s: &str) -> R<Network> {
    let bad = || {
        call_err(format!(
            "invalid CIDR expression: invalid CIDR address: {s}"
        ))
    };
    let Some((ip, len)) = s.split_once('/') else {
        return bad();
    };
    let (addr, bits) = if ip.contains(':') {
        match parse_ipv6(ip) {
            Some(a) => (a, 128),
            None => return bad(),
        }
    } else {
        match parse_ipv4(ip) {
            Some(a) => (u128::from(a), 32),
            None => return bad(),
        }
    };
    if len.is_empty() || len.len() > 3 || !len.bytes().all(|b| b.is_ascii_digit()) {
        return bad();
    }
    let prefix: u32 = len.parse().unwrap_or(u32::MAX);
    if prefix > bits {
        return bad();
    }
    Ok(Network {
        addr: addr & mask(bits, prefix),
        prefix,
        bits,
    })
}

fn format_ip(addr: u128, bits: u32) -> String {
    if bits == 32 {
        let a = addr as u32;
        return format!(
            "{}.{}.{}.{}",
            a >> 24,
            (a >> 16) & 0xff,
            (a >> 8) & 0xff,
            a & 0xff
        );
    }
    let words: Vec<u16> = (0..8).map(|i| (addr >> (112 - 16 * i)) as u16).collect();
    // The longest run of at least two zero groups becomes "::" (leftmost on ties).
    let (mut best_start, mut best_len) = (usize::MAX, 0);
    let mut i = 0;
    while i < 8 {
        if words[i] == 0 {
            let start = i;
            while i < 8 && words[i] == 0 {
                i += 1;
            }
            if i - start > best_len {
                best_start = start;
                best_len = i - start;
            }
        } else {
            i += 1;
        }
    }
    if best_len < 2 {
        best_start = usize::MAX;
    }
    let mut out = String::new();
    let mut i = 0;
    while i < 8 {
        if i == best_start {
            out.push_str("::");
            i += best_len;
            continue;
        }
        if !out.is_empty() && !out.ends_with(':') {
            out.push(':');
        }
        out.push_str(&format!("{:x}", words[i]));
        i += 1;
    }
    out
}

fn fn_cidrhost(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let prefix = req_str(&a[0], "prefix")?;
    let hostnum = req_num(&a[1], "hostnum")?;
    if !hostnum.is_finite() || hostnum.fract() != 0.0 {
        return call_err("value must be a whole number");
    }
    let net = parse_cidr(&prefix)?;
    let max_host = low_bits(net.bits - net.prefix);
    let magnitude = num_to_u128(hostnum.abs())?;
    let offset = if hostnum < 0.0 {
        // -1 is the last address: count back from the end of the range.
        let back = magnitude - 1;
        if back > max_host {
            return call_err(format!(
                "prefix of {} does not accommodate a host numbered {}",
                net.prefix,
                format_number(max_host as f64 - back as f64)
            ));
        }
        max_host - back
    } else {
        if magnitude > max_host {
            return call_err(format!(
                "prefix of {} does not accommodate a host numbered {}",
                net.prefix,
                format_number(hostnum)
            ));
        }
        magnitude
    };
    Ok(Value::String(format_ip(net.addr | offset, net.bits)))
}

/// A number with the lowest `n` bits set.
fn low_bits(n: u32) -> u128 {
    if n >= 128 {
        u128::MAX
    } else {
        (1u128 << n) - 1
    }
}

fn num_to_u128(n: f64) -> R<u128> {
    if !(0.0..3.402_823_669_209_385e38).contains(&n) {
        return call_err("number is out of range for an IP address");
    }
    Ok(n as u128)
}

fn fn_cidrnetmask(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let prefix = req_str(&a[0], "prefix")?;
    let net = parse_cidr(&prefix)?;
    if net.bits != 32 {
        return call_err(format!("IPv6 addresses cannot have a netmask: {prefix}"));
    }
    Ok(Value::String(format_ip(mask(32, net.prefix), 32)))
}

fn fn_cidrsubnet(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let prefix = req_str(&a[0], "prefix")?;
    let newbits = req_int(&a[1], "newbits", "value must be a whole number")?;
    let netnum = req_num(&a[2], "netnum")?;
    if !netnum.is_finite() || netnum.fract() != 0.0 {
        return call_err("value must be a whole number");
    }
    let net = parse_cidr(&prefix)?;
    let new_len = i64::from(net.prefix) + newbits;
    if new_len > i64::from(net.bits) {
        return call_err(format!(
            "insufficient address space to extend prefix of {} by {newbits}",
            net.prefix
        ));
    }
    if new_len < 0 {
        return call_err(format!(
            "cannot shorten a prefix of {} by {}",
            net.prefix, -newbits
        ));
    }
    if netnum < 0.0 {
        return call_err("netnum must not be negative");
    }
    let max = if newbits >= 0 {
        low_bits(u32::try_from(newbits).unwrap_or(128))
    } else {
        u128::MAX
    };
    if num_to_u128(netnum).map_or(true, |n| n > max) {
        return call_err(format!(
            "prefix extension of {newbits} does not accommodate a subnet numbered {}",
            format_number(netnum)
        ));
    }
    let shift = net.bits - new_len as u32;
    let num = num_to_u128(netnum)?;
    let addr = net.addr | num.checked_shl(shift).unwrap_or(0);
    Ok(Value::String(format!(
        "{}/{}",
        format_ip(addr, net.bits),
        new_len
    )))
}

fn fn_cidrsubnets(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let prefix = req_str(&a[0], "prefix")?;
    let net = parse_cidr(&prefix)?;
    let newbits: Vec<i64> = a[1..]
        .iter()
        .map(|v| req_int(v, "newbits", "value must be a whole number"))
        .collect::<R<Vec<i64>>>()?;
    let Some(first) = newbits.first() else {
        return Ok(Value::List(Vec::new()));
    };
    let all = mask(net.bits, net.bits);
    let first_len = (i64::from(net.prefix) + first).clamp(0, i64::from(net.bits)) as u32;
    // The subnet just before the base network, so that the first "next" is its start.
    let mut current = Network {
        addr: net.addr.wrapping_sub(1) & all & mask(net.bits, first_len),
        prefix: first_len,
        bits: net.bits,
    };
    let mut out = Vec::with_capacity(newbits.len());
    for bits in newbits {
        if bits < 1 {
            return arg_err("newbits", "must extend prefix by at least one bit");
        }
        if bits > 32 {
            return arg_err("newbits", "may not extend prefix by more than 32 bits");
        }
        let len = i64::from(net.prefix) + bits;
        if len > i64::from(net.bits) {
            let family = if net.bits == 32 { "IPv4" } else { "IPv6" };
            return arg_err(
                "newbits",
                format!(
                    "would extend prefix to {len} bits, which is too long for an {family} address"
                ),
            );
        }
        let len = len as u32;
        // Next subnet of length `len` after the current one.
        let current_last = current.addr | (all & !mask(net.bits, current.prefix));
        let candidate = current_last & mask(net.bits, len);
        let candidate_last = candidate | (all & !mask(net.bits, len));
        let next_addr = candidate_last.wrapping_add(1) & all;
        let rollover = next_addr == 0;
        let inside = next_addr & mask(net.bits, net.prefix) == net.addr;
        if rollover || !inside {
            return arg_err(
                "newbits",
                format!(
                    "not enough remaining address space for a subnet with a prefix of {len} bits after {}/{}",
                    format_ip(current.addr, net.bits),
                    current.prefix
                ),
            );
        }
        current = Network {
            addr: next_addr & mask(net.bits, len),
            prefix: len,
            bits: net.bits,
        };
        out.push(Value::String(format!(
            "{}/{}",
            format_ip(current.addr, net.bits),
            len
        )));
    }
    Ok(Value::List(out))
}

// ---------------------------------------------------------------------------
// Date and time functions

/// An RFC 3339 instant with the UTC offset it was written in.
#[derive(Clone, Copy, Debug)]
struct Timestamp {
    /// Seconds since the Unix epoch (UTC).
    unix: i64,
    nanos: u32,
    /// Offset from UTC in seconds.
    offset: i32,
}

/// Local civil fields of a timestamp in its own offset.
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    weekday: u32,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

impl Timestamp {
    fn civil(&self) -> Civil {
        let local = self.unix + i64::from(self.offset);
        let days = local.div_euclid(86_400);
        let secs = local.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: (secs / 3600) as u32,
            minute: ((secs / 60) % 60) as u32,
            second: (secs % 60) as u32,
            weekday: (days + 4).rem_euclid(7) as u32,
        }
    }

    fn offset_text(&self, colon: bool, z_for_utc: bool) -> String {
        if z_for_utc && self.offset == 0 {
            return "Z".into();
        }
        let sign = if self.offset < 0 { '-' } else { '+' };
        let abs = self.offset.unsigned_abs();
        let (h, m) = (abs / 3600, (abs / 60) % 60);
        if colon {
            format!("{sign}{h:02}:{m:02}")
        } else {
            format!("{sign}{h:02}{m:02}")
        }
    }

    /// RFC 3339 without fractional seconds, in the timestamp's own offset.
    fn rfc3339(&self) -> String {
        let c = self.civil();
        let year = if (0..=9999).contains(&c.year) {
            format!("{:04}", c.year)
        } else {
            c.year.to_string()
        };
        format!(
            "{year}-{:02}-{:02}T{:02}:{:02}:{:02}{}",
            c.month,
            c.day,
            c.hour,
            c.minute,
            c.second,
            self.offset_text(true, true)
        )
    }
}

/// Parses an RFC 3339 timestamp with Terraform's error messages.
fn parse_timestamp(s: &str) -> Result<Timestamp, String> {
    let err = |m: String| format!("not a valid RFC3339 timestamp: {m}");
    let b = s.as_bytes();
    let mut p = 0usize;
    let digits = |p: usize, n: usize| -> Option<u32> {
        let part = b.get(p..p + n)?;
        if part.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(part).ok()?.parse().ok()
        } else {
            None
        }
    };
    let rest = |p: usize| s.get(p..).unwrap_or("").to_string();
    let field = |p: usize, n: usize, what: &str| -> Result<u32, String> {
        digits(p, n).ok_or_else(|| {
            if p >= b.len() {
                err(format!("end of string before {what}"))
            } else {
                err(format!("cannot use {} as {what}", go_quote(&rest(p))))
            }
        })
    };
    let sep = |p: usize, c: u8| -> Result<(), String> {
        match b.get(p) {
            Some(x) if *x == c => Ok(()),
            Some(_) => Err(err(format!(
                "found {} where {} is expected",
                go_quote(&rest(p)),
                go_quote(&char::from(c).to_string())
            ))),
            None => Err(err(format!(
                "end of string where {} is expected",
                go_quote(&char::from(c).to_string())
            ))),
        }
    };
    let year = field(p, 4, "year")?;
    p += 4;
    sep(p, b'-')?;
    p += 1;
    let month = field(p, 2, "month")?;
    p += 2;
    if !(1..=12).contains(&month) {
        return Err(err(format!("cannot use {} as month", go_quote(&rest(p)))));
    }
    sep(p, b'-')?;
    p += 1;
    let day = field(p, 2, "day of month")?;
    p += 2;
    if b.get(p) != Some(&b'T') {
        return Err(err("missing required time introducer 'T'".into()));
    }
    p += 1;
    let hour = field(p, 2, "hour")?;
    p += 2;
    sep(p, b':')?;
    p += 1;
    let minute = field(p, 2, "minute")?;
    p += 2;
    if minute > 59 {
        return Err(err("minute must have exactly two digits".into()));
    }
    sep(p, b':')?;
    p += 1;
    let second = field(p, 2, "second")?;
    p += 2;
    if second > 59 {
        return Err(err(format!("cannot use {} as second", go_quote(&rest(p)))));
    }
    let mut nanos = 0u32;
    if b.get(p) == Some(&b'.') && b.get(p + 1).is_some_and(u8::is_ascii_digit) {
        p += 1;
        let start = p;
        while b.get(p).is_some_and(u8::is_ascii_digit) {
            p += 1;
        }
        let frac = &s[start..p.min(start + 9)];
        nanos = format!("{frac:0<9}").parse().unwrap_or(0);
    }
    let offset = match b.get(p) {
        Some(b'Z') => {
            p += 1;
            0
        }
        Some(b'+' | b'-') => {
            let negative = b[p] == b'-';
            let zone = rest(p);
            let bad = || err(format!("cannot use {} as UTC offset", go_quote(&zone)));
            let h = digits(p + 1, 2).ok_or_else(bad)?;
            if b.get(p + 3) != Some(&b':') {
                return Err(bad());
            }
            let m = digits(p + 4, 2).ok_or_else(bad)?;
            if h > 23 || m > 59 {
                return Err(bad());
            }
            p += 6;
            let secs = (h * 3600 + m * 60) as i32;
            if negative {
                -secs
            } else {
                secs
            }
        }
        _ => {
            return Err(if p >= b.len() {
                err("end of string before UTC offset".into())
            } else {
                err(format!("cannot use {} as UTC offset", go_quote(&rest(p))))
            })
        }
    };
    if p != b.len() {
        return Err(err(format!(
            "cannot use {} as timestamp segment",
            go_quote(&rest(p))
        )));
    }
    if hour > 23 {
        return Err(err("hour must be between 0 and 23 inclusive".into()));
    }
    if day < 1 || day > days_in_month(i64::from(year), month) {
        return Err(err("day out of range".into()));
    }
    let days = days_from_civil(i64::from(year), month, day);
    let local = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    Ok(Timestamp {
        unix: local - i64::from(offset),
        nanos,
        offset,
    })
}

fn fn_formatdate(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let spec = req_str(&a[0], "format")?;
    let time = req_str(&a[1], "time")?;
    let t = parse_timestamp(&time).or_else(|e| arg_err("time", e))?;
    let c = t.civil();
    let chars: Vec<char> = spec.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        if ch == '\'' {
            if chars.get(i + 1) == Some(&'\'') {
                out.push('\'');
                i += 2;
                continue;
            }
            let mut j = i + 1;
            let mut lit = String::new();
            loop {
                match chars.get(j) {
                    None => return arg_err("format", "unterminated literal '"),
                    Some('\'') if chars.get(j + 1) == Some(&'\'') => {
                        lit.push('\'');
                        j += 2;
                    }
                    Some('\'') => break,
                    Some(c) => {
                        lit.push(*c);
                        j += 1;
                    }
                }
            }
            out.push_str(&lit);
            i = j + 1;
            continue;
        }
        if !ch.is_ascii_alphabetic() {
            out.push(ch);
            i += 1;
            continue;
        }
        let mut j = i;
        while chars.get(j) == Some(&ch) {
            j += 1;
        }
        let tok: String = chars[i..j].iter().collect();
        let n = j - i;
        let bad = |why: &str| -> R<Value> {
            if why.is_empty() {
                arg_err(
                    "format",
                    format!("invalid date format verb {}", go_quote(&tok)),
                )
            } else {
                arg_err(
                    "format",
                    format!("invalid date format verb {}: {why}", go_quote(&tok)),
                )
            }
        };
        let month_name = MONTHS[(c.month as usize).saturating_sub(1) % 12];
        let day_name = WEEKDAYS[c.weekday as usize % 7];
        let h12 = if c.hour % 12 == 0 { 12 } else { c.hour % 12 };
        let text = match (ch, n) {
            ('Y', 2) => format!("{:02}", c.year.rem_euclid(100)),
            ('Y', 4) => format!("{:04}", c.year),
            ('Y', _) => return bad("year must either be \"YY\" or \"YYYY\""),
            ('M', 1) => c.month.to_string(),
            ('M', 2) => format!("{:02}", c.month),
            ('M', 3) => month_name[..3].to_string(),
            ('M', 4) => month_name.to_string(),
            ('M', _) => return bad("month must be \"M\", \"MM\", \"MMM\", or \"MMMM\""),
            ('D', 1) => c.day.to_string(),
            ('D', 2) => format!("{:02}", c.day),
            ('D', _) => return bad("day of month must either be \"D\" or \"DD\""),
            ('E', 3) => day_name[..3].to_string(),
            ('E', 4) => day_name.to_string(),
            ('E', _) => return bad("day of week must either be \"EEE\" or \"EEEE\""),
            ('h', 1) => c.hour.to_string(),
            ('h', 2) => format!("{:02}", c.hour),
            ('h', _) => return bad("24-hour must either be \"h\" or \"hh\""),
            ('H', 1) => h12.to_string(),
            ('H', 2) => format!("{h12:02}"),
            ('H', _) => return bad("12-hour must either be \"H\" or \"HH\""),
            ('A' | 'a', 2) => {
                let pm = c.hour >= 12;
                match (ch == 'A', pm) {
                    (true, false) => "AM",
                    (true, true) => "PM",
                    (false, false) => "am",
                    (false, true) => "pm",
                }
                .to_string()
            }
            ('A' | 'a', _) => return bad(&format!("must be \"{ch}{ch}\"")),
            ('m', 1) => c.minute.to_string(),
            ('m', 2) => format!("{:02}", c.minute),
            ('m', _) => return bad("minute must either be \"m\" or \"mm\""),
            ('s', 1) => c.second.to_string(),
            ('s', 2) => format!("{:02}", c.second),
            ('s', _) => return bad("second must either be \"s\" or \"ss\""),
            ('Z', 1) => t.offset_text(true, true),
            ('Z', 3) => {
                if t.offset == 0 {
                    "UTC".to_string()
                } else {
                    t.offset_text(false, false)
                }
            }
            ('Z', 4) => t.offset_text(false, false),
            ('Z', 5) => t.offset_text(true, false),
            ('Z', _) => return bad("timezone must be Z, ZZZZ, or ZZZZZ"),
            _ => return bad(""),
        };
        out.push_str(&text);
        i = j;
    }
    Ok(Value::String(out))
}

/// Parses a Go duration string ("1h30m", "-1.5h", "300ms") into nanoseconds.
fn parse_duration(s: &str) -> Result<i128, String> {
    let invalid = || format!("time: invalid duration {}", go_quote(s));
    let mut rest = s;
    let negative = rest.starts_with('-');
    if rest.starts_with(['-', '+']) {
        rest = &rest[1..];
    }
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: i128 = 0;
    while !rest.is_empty() {
        let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let int_part = &rest[..int_len];
        rest = &rest[int_len..];
        let mut frac_part = "";
        if rest.starts_with('.') {
            rest = &rest[1..];
            let frac_len = rest.bytes().take_while(u8::is_ascii_digit).count();
            frac_part = &rest[..frac_len];
            rest = &rest[frac_len..];
        }
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(invalid());
        }
        let unit_len = rest
            .char_indices()
            .find(|(_, c)| *c == '.' || c.is_ascii_digit())
            .map_or(rest.len(), |(i, _)| i);
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let scale: i128 = match unit {
            "ns" => 1,
            "us" | "µs" | "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            "" => return Err(format!("time: missing unit in duration {}", go_quote(s))),
            other => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    go_quote(other),
                    go_quote(s)
                ))
            }
        };
        let whole: i128 = if int_part.is_empty() {
            0
        } else {
            int_part.parse().map_err(|_| invalid())?
        };
        let mut value = whole.checked_mul(scale).ok_or_else(invalid)?;
        if !frac_part.is_empty() {
            let digits = &frac_part[..frac_part.len().min(30)];
            let frac: i128 = digits.parse().map_err(|_| invalid())?;
            let denom = 10i128.pow(digits.len() as u32);
            value += frac * scale / denom;
        }
        total = total.checked_add(value).ok_or_else(invalid)?;
        if total > i128::from(i64::MAX) {
            return Err(invalid());
        }
    }
    Ok(if negative { -total } else { total })
}

fn fn_timeadd(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let ts = req_str(&a[0], "timestamp")?;
    let dur = req_str(&a[1], "duration")?;
    let t = parse_timestamp(&ts).map_err(Fail::Call)?;
    let nanos = parse_duration(&dur).map_err(Fail::Call)?;
    let total = i128::from(t.unix) * 1_000_000_000 + i128::from(t.nanos) + nanos;
    let unix = i64::try_from(total.div_euclid(1_000_000_000))
        .or_else(|_| call_err("the result is out of range"))?;
    let result = Timestamp {
        unix,
        nanos: total.rem_euclid(1_000_000_000) as u32,
        offset: t.offset,
    };
    Ok(Value::String(result.rfc3339()))
}

fn fn_timecmp(a: &[Value], _: &FnContext<'_>) -> R<Value> {
    let x = req_str(&a[0], "timestamp_a")?;
    let y = req_str(&a[1], "timestamp_b")?;
    let tx = parse_timestamp(&x).or_else(|e| arg_err("timestamp_a", e))?;
    let ty = parse_timestamp(&y).or_else(|e| arg_err("timestamp_b", e))?;
    let ord = (tx.unix, tx.nanos).cmp(&(ty.unix, ty.nanos));
    Ok(Value::Number(match ord {
        std::cmp::Ordering::Less => -1.0,
        std::cmp::Ordering::Equal => 0.0,
        std::cmp::Ordering::Greater => 1.0,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, UnaryOperator};
    use hcl_edit::template::Element;
    use serde_json::Value as J;

    /// Evaluates the literal expressions and function calls used by these tests.
    /// `unknown()` stands for a value known only after apply.
    fn eval(expr: &Expression, ctx: &FnContext<'_>) -> Result<Value, FnError> {
        Ok(match expr {
            Expression::Null(_) => Value::Null,
            Expression::Bool(b) => Value::Bool(*b.value()),
            Expression::Number(n) => Value::Number(n.value().as_f64().unwrap_or(f64::NAN)),
            Expression::String(s) => Value::String(s.value().clone()),
            Expression::StringTemplate(t) => {
                let mut out = String::new();
                for element in t.iter() {
                    match element {
                        Element::Literal(l) => out.push_str(l.value()),
                        _ => panic!("test expressions use no interpolation"),
                    }
                }
                Value::String(out)
            }
            Expression::Array(items) => Value::List(
                items
                    .iter()
                    .map(|e| eval(e, ctx))
                    .collect::<Result<Vec<Value>, FnError>>()?,
            ),
            Expression::Object(obj) => {
                let mut m = BTreeMap::new();
                for (k, v) in obj.iter() {
                    let key = match k {
                        ObjectKey::Ident(i) => i.value().as_str().to_string(),
                        ObjectKey::Expression(e) => match eval(e, ctx)? {
                            Value::String(s) => s,
                            other => panic!("object key {other:?}"),
                        },
                    };
                    m.insert(key, eval(v.expr(), ctx)?);
                }
                Value::Map(m)
            }
            Expression::Parenthesis(p) => eval(p.inner(), ctx)?,
            Expression::UnaryOp(op) => match (op.operator.value(), eval(&op.expr, ctx)?) {
                (UnaryOperator::Neg, Value::Number(n)) => Value::Number(-n),
                other => panic!("unary {other:?}"),
            },
            Expression::BinaryOp(op) => {
                let (l, r) = (eval(&op.lhs_expr, ctx)?, eval(&op.rhs_expr, ctx)?);
                let (Value::Number(l), Value::Number(r)) = (l, r) else {
                    panic!("binary operands must be numbers")
                };
                Value::Number(match op.operator.value() {
                    BinaryOperator::Plus => l + r,
                    BinaryOperator::Minus => l - r,
                    BinaryOperator::Mul => l * r,
                    BinaryOperator::Div => l / r,
                    other => panic!("operator {other:?}"),
                })
            }
            Expression::FuncCall(c) => {
                let name = c.name.name.value().as_str();
                if name == "unknown" {
                    return Ok(Value::Unknown);
                }
                let args = c
                    .args
                    .iter()
                    .map(|e| eval(e, ctx))
                    .collect::<Result<Vec<Value>, FnError>>()?;
                call(name, args, ctx)?
            }
            other => panic!("unsupported test expression {other:?}"),
        })
    }

    /// Substitutes `${name}`: a stand-in for the evaluator's template renderer.
    fn render_for_tests(text: &str, vars: &BTreeMap<String, Value>) -> Result<Value, String> {
        let mut out = text.to_string();
        for (k, v) in vars {
            if v.is_unknown() {
                return Ok(Value::Unknown);
            }
            let s = prim_to_string(v).ok_or_else(|| format!("cannot interpolate {k}"))?;
            out = out.replace(&format!("${{{k}}}"), &s);
        }
        if out.contains("${") {
            return Err("template refers to an undefined variable".into());
        }
        Ok(Value::String(out))
    }

    /// The fixture directory the Terraform ground truth was recorded in.
    fn fixture() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub/deep")).expect("mkdir");
        std::fs::write(root.join("a.txt"), "hello\n").expect("write");
        std::fs::write(root.join("sub/b.txt"), "x").expect("write");
        std::fs::write(root.join("sub/deep/c.md"), "y").expect("write");
        std::fs::write(root.join("t.tpl"), "Hello ${name}!").expect("write");
        std::fs::write(root.join("bin.dat"), [0xff, 0xfe]).expect("write");
        dir
    }

    fn with_ctx<T>(f: impl FnOnce(&FnContext<'_>) -> T) -> T {
        let dir = fixture();
        let ctx = FnContext {
            module_dir: dir.path(),
            render_template: &render_for_tests,
        };
        f(&ctx)
    }

    fn run(src: &str, ctx: &FnContext<'_>) -> Result<Value, FnError> {
        let expr: Expression = src
            .parse()
            .unwrap_or_else(|e| panic!("test expression {src} does not parse: {e}"));
        eval(&expr, ctx)
    }

    fn json_close(a: &J, b: &J) -> bool {
        match (a, b) {
            (J::Number(x), J::Number(y)) => {
                let (x, y) = (
                    x.as_f64().unwrap_or(f64::NAN),
                    y.as_f64().unwrap_or(f64::NAN),
                );
                x == y || ((x - y).abs() <= 1e-12 * x.abs().max(y.abs()))
            }
            (J::Array(x), J::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_close(p, q))
            }
            (J::Object(x), J::Object(y)) => {
                x.len() == y.len()
                    && x.iter()
                        .all(|(k, v)| y.get(k).is_some_and(|w| json_close(v, w)))
            }
            _ => a == b,
        }
    }

    enum Expect {
        /// Terraform's result, as JSON.
        Json(&'static str),
        /// Terraform's exact error message.
        Error(&'static str),
        /// An error is expected; chkmate's wording differs from Terraform's
        /// (which comes from Go's libraries or is a Terraform crash).
        ErrorLike(&'static str),
    }

    fn ok(expr: &'static str, json: &'static str) -> (&'static str, Expect) {
        (expr, Expect::Json(json))
    }

    fn err(expr: &'static str, msg: &'static str) -> (&'static str, Expect) {
        (expr, Expect::Error(msg))
    }

    fn err_like(expr: &'static str, part: &'static str) -> (&'static str, Expect) {
        (expr, Expect::ErrorLike(part))
    }

    /// Expected results recorded from `terraform console` (Terraform 1.11),
    /// evaluating `jsonencode(EXPR)` in a directory holding the fixture files.
    fn terraform_cases() -> Vec<(&'static str, Expect)> {
        vec![
            // strings
            ok(r#"chomp("hello\n")"#, r#""hello""#),
            ok(r#"chomp("hello\r\n")"#, r#""hello""#),
            ok(r#"chomp("hello\n\n")"#, r#""hello""#),
            ok(r#"chomp("a\n\r\n\n")"#, r#""a""#),
            ok(r#"chomp("a\n b")"#, r#""a\n b""#),
            ok(r#"endswith("hello world", "world")"#, r#"true"#),
            ok(r#"endswith("hello world", "hello")"#, r#"false"#),
            ok(r#"startswith("hello world", "hello")"#, r#"true"#),
            ok(r#"startswith("hello", "")"#, r#"true"#),
            ok(r#"strcontains("hello world", "wor")"#, r#"true"#),
            ok(r#"strcontains("hello world", "wod")"#, r#"false"#),
            ok(
                r#"indent(2, "[\n  foo,\n  bar,\n]\n")"#,
                r#""[\n    foo,\n    bar,\n  ]\n  ""#,
            ),
            ok(r#"indent(2, "a\nb\n\nc")"#, r#""a\n  b\n  \n  c""#),
            ok(r#"indent(0, "a\nb")"#, r#""a\nb""#),
            ok(r#"join("-", ["foo", "bar", "baz"])"#, r#""foo-bar-baz""#),
            ok(r#"join(", ", ["foo"])"#, r#""foo""#),
            ok(r#"join(",", [])"#, r#""""#),
            ok(r#"join("-", ["a"], ["b", "c"])"#, r#""a-b-c""#),
            ok(r#"join(",", [1, true, "x"])"#, r#""1,true,x""#),
            err(
                r#"join(",", ["a", tostring(null)])"#,
                r#"Invalid value for "lists" parameter: element 1 is null; cannot concatenate null values."#,
            ),
            err(
                r#"join(",", [[1]])"#,
                r#"Invalid value for "lists" parameter: element 0: string required."#,
            ),
            err(
                r#"join(",")"#,
                r#"Call to function "join" failed: at least one list is required."#,
            ),
            ok(r#"lower("HELLO")"#, r#""hello""#),
            ok(r#"lower("ÀBCİ")"#, r#""àbci""#),
            ok(r#"upper("hello")"#, r#""HELLO""#),
            ok(r#"upper("straße")"#, r#""STRAßE""#),
            ok(r#"upper(12)"#, r#""12""#),
            ok(r#"title("hello world")"#, r#""Hello World""#),
            ok(
                r#"title("hello wOrld-foo_bar baz.qux 3d")"#,
                r#""Hello WOrld-Foo_bar Baz.Qux 3d""#,
            ),
            ok(r#"title("élan über")"#, r#""Élan Über""#),
            ok(r#"trim("?!hello?!", "!?")"#, r#""hello""#),
            ok(r#"trim("  x ", "")"#, r#""  x ""#),
            ok(r#"trim("foobar", "far")"#, r#""oob""#),
            ok(r#"trimprefix("helloworld", "hello")"#, r#""world""#),
            ok(r#"trimprefix("helloworld", "cat")"#, r#""helloworld""#),
            ok(r#"trimsuffix("helloworld", "world")"#, r#""hello""#),
            ok(r#"trimspace("  \t\nhello\n ")"#, r#""hello""#),
            ok(r#"strrev("hello")"#, r#""olleh""#),
            ok(r#"strrev("héllo")"#, r#""olléh""#),
            ok(r#"split(",", "foo,bar,baz")"#, r#"["foo","bar","baz"]"#),
            ok(r#"split(",", "foo")"#, r#"["foo"]"#),
            ok(r#"split(",", "")"#, r#"[""]"#),
            ok(r#"split(",", "a,b,,c")"#, r#"["a","b","","c"]"#),
            ok(r#"split("", "abc")"#, r#"["a","b","c"]"#),
            ok(r#"substr("hello world", 1, 4)"#, r#""ello""#),
            ok(r#"substr("🤔🤷", 0, 1)"#, r#""🤔""#),
            ok(r#"substr("hello world", -5, -1)"#, r#""world""#),
            ok(r#"substr("hello world", 7, -1)"#, r#""orld""#),
            ok(r#"substr("hello", -10, 2)"#, r#""he""#),
            ok(r#"substr("hello", 10, 2)"#, r#""""#),
            ok(r#"substr("hello", 1, -5)"#, r#""ello""#),
            ok(r#"substr("hello", 0, 0)"#, r#""""#),
            ok(r#"substr("hello", 4, 10)"#, r#""o""#),
            err(
                r#"substr("hello", 1.5, 2)"#,
                r#"Call to function "substr" failed: value must be a whole number, between -9223372036854775808 and 9223372036854775807."#,
            ),
            ok(r#"replace("1 + 2 + 3", "+", "-")"#, r#""1 - 2 - 3""#),
            ok(
                r#"replace("hello world", "/w.*d/", "everybody")"#,
                r#""hello everybody""#,
            ),
            ok(
                r#"replace("hello world", "/o(\\w)?/", "[$1]")"#,
                r#""hell[] w[r]ld""#,
            ),
            ok(r#"replace("hello", "", "-")"#, r#""-h-e-l-l-o-""#),
            ok(r#"replace("a.b", "/", "x")"#, r#""a.b""#),
            ok(r#"replace("aaa", "/a*/", "b")"#, r#""b""#),
            err_like(
                r#"replace("abc", "/[/", "x")"#,
                r#"Call to function "replace" failed: error parsing regexp: "#,
            ),
            ok(
                r#"replace("2024-01-31", "/(\\d+)-(\\d+)-(\\d+)/", "$3/$2/$1")"#,
                r#""31/01/2024""#,
            ),
            ok(r##"replace("x1y22", "/\\d/", "#")"##, r#""x#y##""#),
            ok(
                r#"regex("[a-z]+", "53453453.345345aaabbbccc23454")"#,
                r#""aaabbbccc""#,
            ),
            ok(
                r#"regex("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)", "2019-02-01")"#,
                r#"["2019","02","01"]"#,
            ),
            ok(
                r#"regex("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/")"#,
                r#"{"authority":"terraform.io","scheme":"https"}"#,
            ),
            err(
                r#"regex("(?P<a>\\d+)-(\\d+)", "10-20")"#,
                r#"Invalid value for "pattern" parameter: invalid regexp pattern: cannot mix both named and unnamed capture groups."#,
            ),
            err(
                r#"regex("x", "abc")"#,
                r#"Call to function "regex" failed: pattern did not match any part of the given string."#,
            ),
            ok(r#"regex("(a)|(b)", "b")"#, r#"[null,"b"]"#),
            ok(
                r#"regex("(?P<a>a)|(?P<b>b)", "b")"#,
                r#"{"a":null,"b":"b"}"#,
            ),
            err_like(
                r#"regex("[", "a")"#,
                r#"Invalid value for "pattern" parameter: invalid regexp pattern: "#,
            ),
            ok(r#"regex("(?i)ABC", "xabcx")"#, r#""abc""#),
            ok(r#"regex("\\Qa.b\\E", "xa.bx")"#, r#""a.b""#),
            ok(r#"regex("\\d+", "٣45")"#, r#""45""#),
            ok(r#"regex("\\w+", "é_ab")"#, r#""_ab""#),
            ok(r#"regex("[[:alpha:]]+", "12ab3")"#, r#""ab""#),
            ok(
                r#"regexall("[a-z]+", "1234abcd5678efgh9")"#,
                r#"["abcd","efgh"]"#,
            ),
            ok(r#"regexall("\\d", "a1b2")"#, r#"["1","2"]"#),
            ok(
                r#"regexall("(\\d)(\\w)?", "1a2")"#,
                r#"[["1","a"],["2",null]]"#,
            ),
            ok(r#"regexall("x", "abc")"#, r#"[]"#),
            ok(r#"length(regexall("[a-z]+", "1234abcd5678efgh9"))"#, r#"2"#),
            // format
            ok(r#"format("Hello, %s!", "Ander")"#, r#""Hello, Ander!""#),
            ok(
                r#"format("There are %d lights", 4)"#,
                r#""There are 4 lights""#,
            ),
            ok(
                r#"format("%v|%v|%v|%v", 1, 1.5, true, "s")"#,
                r#""1|1.5|true|s""#,
            ),
            ok(r#"format("%v", [1, "a"])"#, r#""[1,\"a\"]""#),
            ok(r#"format("%v", {a=1})"#, r#""{\"a\":1}""#),
            ok(r#"format("%#v", "s")"#, r#""\"s\"""#),
            ok(
                r#"format("%#v", {b=[1,true,tostring(null)],a="<x>"})"#,
                r#""{\"a\":\"\\u003cx\\u003e\",\"b\":[1,true,null]}""#,
            ),
            ok(r#"format("%q", "a\"b")"#, r#""\"a\\\"b\"""#),
            ok(r#"format("%q", 1)"#, r#""\"1\"""#),
            ok(r#"format("%q", "é\n\t<")"#, r#""\"é\\n\\t\\u003c\"""#),
            ok(
                r#"format("%5.2f|%-10s|%%|%05d|%+d|% d", 3.14159, "ab", 42, 5, 5)"#,
                r#"" 3.14|ab        |%|00042|+5| 5""#,
            ),
            err(
                r#"format("%d", 1.5)"#,
                r#"Call to function "format" failed: unsupported value for "%d" at 0: an integer is required."#,
            ),
            ok(r#"format("%d", "12")"#, r#""12""#),
            ok(
                r#"format("%x|%X|%o|%b", 255, 255, 8, 5)"#,
                r#""ff|FF|10|101""#,
            ),
            err(
                r#"format("%x", "hi")"#,
                r#"Call to function "format" failed: unsupported value for "%x" at 0: a number is required."#,
            ),
            ok(
                r#"format("%e|%E|%g|%G", 12345.678, 12345.678, 0.000012, 1e21)"#,
                r#""1.234568e+04|1.234568E+04|1.2e-05|1E+21""#,
            ),
            ok(r#"format("%t", true)"#, r#""true""#),
            ok(r#"format("%t", "true")"#, r#""true""#),
            err(
                r#"format("%t", 1)"#,
                r#"Call to function "format" failed: unsupported value for "%t" at 0: bool required."#,
            ),
            err(
                r#"format("%s %s", "a")"#,
                r#"Call to function "format" failed: not enough arguments for "%s" at 3: need index 2 but have 1 total."#,
            ),
            err(
                r#"format("%s", "a", "b")"#,
                r#"Invalid value for "args" parameter: too many arguments; only 1 used by format string."#,
            ),
            err(
                r#"format("hello", 1)"#,
                r#"Invalid value for "args" parameter: too many arguments; no verbs in format string."#,
            ),
            ok(r#"format("%[2]s %[1]s", "a", "b")"#, r#""b a""#),
            ok(r#"format("%[1]s %s", "a", "b")"#, r#""a b""#),
            ok(r#"format("%[1]d %[1]x", 255)"#, r#""255 ff""#),
            err(
                r#"format("%[3]s", "a")"#,
                r#"Call to function "format" failed: not enough arguments for "%[3]s" at 0: need index 3 but have 1 total."#,
            ),
            err(
                r#"format("%[0]s", "a")"#,
                r#"Call to function "format" failed: unrecognized format character '0' at offset 2."#,
            ),
            ok(r#"format("%10.3s|", "abcdef")"#, r#""       abc|""#),
            err(
                r#"format("%y", 1)"#,
                r#"Call to function "format" failed: unsupported format verb 'y' in "%y" at offset 0."#,
            ),
            ok(r#"format("%5t|%-6v|", true, 12)"#, r#""true|12    |""#),
            ok(r#"format("%6v|%-7v|", true, "ab")"#, r#""  true|ab     |""#),
            ok(r#"format("%.2v", 3.14159)"#, r#""3.14159""#),
            err(
                r#"format("%s", [1])"#,
                r#"Call to function "format" failed: unsupported value for "%s" at 0: string required."#,
            ),
            err(
                r#"format("%*d", 3, 4)"#,
                r#"Call to function "format" failed: unrecognized format character '*' at offset 1."#,
            ),
            ok(r#"format("%.3d", 7)"#, r#""007""#),
            ok(
                r#"format("%f", 1e21)"#,
                r#""1000000000000000000000.000000""#,
            ),
            ok(r#"format("%g", 100000)"#, r#""100000""#),
            ok(r#"format("%v", 1234567)"#, r#""1.234567e+06""#),
            ok(r#"format("%v", 123456)"#, r#""123456""#),
            ok(r#"format("%v", 0.0001)"#, r#""0.0001""#),
            ok(r#"format("%v", 0.00001)"#, r#""1e-05""#),
            ok(r#"format("%v", -12345678.5)"#, r#""-1.23456785e+07""#),
            ok(r#"format("%v", 1e21)"#, r#""1e+21""#),
            ok(r#"format("%s", 1e21)"#, r#""1000000000000000000000""#),
            ok(r#"format("%s", 12345678.5)"#, r#""12345678.5""#),
            ok(r#"format("%d", 1e21)"#, r#""1000000000000000000000""#),
            err(
                r#"format("%")"#,
                r#"Call to function "format" failed: invalid format string starting at offset 1."#,
            ),
            err(
                r#"format("%5%")"#,
                r#"Call to function "format" failed: unrecognized format character '%' at offset 2."#,
            ),
            ok(r#"format("%-5d|", -3)"#, r#""-3   |""#),
            ok(r#"format("%s", true)"#, r#""true""#),
            ok(r#"format("%10v|", "é")"#, r#""         é|""#),
            ok(r#"format("%.1f", 0.05)"#, r#""0.1""#),
            ok(r#"format("%.0f", 2.5)"#, r#""2""#),
            ok(r#"format("%8.3e", 123456.0)"#, r#""1.235e+05""#),
            ok(r#"format("%#x", 255)"#, r#""0xff""#),
            ok(r#"format("%x", -255)"#, r#""-ff""#),
            ok(r#"format("%05.1f", -2.25)"#, r#""-02.2""#),
            ok(r#"format("%+.2e", 0)"#, r#""+0.00e+00""#),
            ok(r#"format("%G", 1e-7)"#, r#""1E-07""#),
            ok(r#"format("%.3g", 1234567)"#, r#""1.23e+06""#),
            ok(r#"format("%10.4g|", 3.14159265)"#, r#""     3.142|""#),
            ok(r#"format("%o", -8)"#, r#""-10""#),
            err(
                r#"format("%c", 65)"#,
                r#"Call to function "format" failed: unsupported format verb 'c' in "%c" at offset 0."#,
            ),
            ok(r#"format("%-08d|", 5)"#, r#""5       |""#),
            ok(r#"format("%08.3f", -3.14159)"#, r#""-003.142""#),
            ok(r#"format("%05s", "a")"#, r#""0000a""#),
            ok(r#"format("%.2s", "héllo")"#, r#""hé""#),
            ok(r#"format("%8q|", "a")"#, r#""     \"a\"|""#),
            ok(r#"format("%v", tostring(null))"#, r#""null""#),
            err(
                r#"format("%s", tostring(null))"#,
                r#"Call to function "format" failed: unsupported value for "%s" at 0: null value cannot be formatted."#,
            ),
            ok(r#"format("%.0d", 0)"#, r#""""#),
            ok(r#"format("%#o|%#b|%#X", 8, 5, 255)"#, r#""010|0b101|0XFF""#),
            ok(r#"format("%e", 0.000123456)"#, r#""1.234560e-04""#),
            ok(r#"format("%g", 123456789)"#, r#""1.23456789e+08""#),
            ok(r#"format("%.10g", 1/3)"#, r#""0.3333333333""#),
            ok(r#"format("%v", 1e20)"#, r#""1e+20""#),
            ok(
                r#"formatlist("Hello, %s!", ["Valentina", "Ander", "Olivia", "Sam"])"#,
                r#"["Hello, Valentina!","Hello, Ander!","Hello, Olivia!","Hello, Sam!"]"#,
            ),
            ok(
                r#"formatlist("%s, %s!", "Salutations", ["Valentina", "Ander", "Olivia", "Sam"])"#,
                r#"["Salutations, Valentina!","Salutations, Ander!","Salutations, Olivia!","Salutations, Sam!"]"#,
            ),
            ok(r#"formatlist("%s-%s", ["a","b"], "x")"#, r#"["a-x","b-x"]"#),
            ok(r#"formatlist("%s", [])"#, r#"[]"#),
            ok(r#"formatlist("%s", "a")"#, r#"["a"]"#),
            err(
                r#"formatlist("%s-%s", ["a","b"], ["c"])"#,
                r#"Invalid value for "args" parameter: argument 2 has length 1, which is inconsistent with argument 1 of length 2."#,
            ),
            err(
                r#"formatlist("%s=%s", {a=1}, "x")"#,
                r#"Call to function "formatlist" failed: error on format iteration 0: unsupported value for "%s" at 0: string required."#,
            ),
            // collections
            ok(r#"alltrue(["true", true])"#, r#"true"#),
            ok(r#"alltrue([true, false])"#, r#"false"#),
            ok(r#"alltrue([])"#, r#"true"#),
            err(
                r#"alltrue([1])"#,
                r#"Invalid value for "list" parameter: element 0: bool required."#,
            ),
            err(
                r#"alltrue(["x"])"#,
                r#"Invalid value for "list" parameter: a bool is required."#,
            ),
            ok(r#"anytrue(["true"])"#, r#"true"#),
            ok(r#"anytrue([true, false])"#, r#"true"#),
            ok(r#"anytrue([])"#, r#"false"#),
            ok(r#"anytrue([false, "true"])"#, r#"true"#),
            ok(
                r#"chunklist(["a", "b", "c", "d", "e"], 2)"#,
                r#"[["a","b"],["c","d"],["e"]]"#,
            ),
            ok(
                r#"chunklist(["a", "b", "c", "d", "e"], 1)"#,
                r#"[["a"],["b"],["c"],["d"],["e"]]"#,
            ),
            ok(r#"chunklist(["a","b","c"], 0)"#, r#"[["a","b","c"]]"#),
            err(
                r#"chunklist(["a"], -1)"#,
                r#"Call to function "chunklist" failed: the size argument must be positive."#,
            ),
            ok(r#"chunklist([], 2)"#, r#"[]"#),
            err(
                r#"chunklist(["a","b"], 1.5)"#,
                r#"Call to function "chunklist" failed: invalid size: value must be a whole number, between -9223372036854775808 and 9223372036854775807."#,
            ),
            ok(r#"coalesce("a", "b")"#, r#""a""#),
            ok(r#"coalesce("", "b")"#, r#""b""#),
            ok(r#"coalesce(1, 2)"#, r#"1"#),
            ok(r#"coalesce(1, "a")"#, r#""1""#),
            ok(r#"coalesce("", 1)"#, r#""1""#),
            err(
                r#"coalesce(tostring(null), "")"#,
                r#"Call to function "coalesce" failed: no non-null, non-empty-string arguments."#,
            ),
            ok(r#"coalesce([], ["a"])"#, r#"[]"#),
            err(
                r#"coalesce(1, [1])"#,
                r#"Call to function "coalesce" failed: all arguments must have the same type."#,
            ),
            err(
                r#"coalesce(tostring(null), tostring(null))"#,
                r#"Call to function "coalesce" failed: no non-null, non-empty-string arguments."#,
            ),
            ok(r#"coalescelist(["a", "b"], ["c", "d"])"#, r#"["a","b"]"#),
            ok(r#"coalescelist([], ["c", "d"])"#, r#"["c","d"]"#),
            err(
                r#"coalescelist([], [])"#,
                r#"Call to function "coalescelist" failed: no non-null arguments."#,
            ),
            err(
                r#"coalescelist("a")"#,
                r#"Call to function "coalescelist" failed: coalescelist arguments must be lists or tuples."#,
            ),
            ok(r#"coalescelist(tolist(null), ["a"])"#, r#"["a"]"#),
            ok(
                r#"compact(["a", "", "b", tostring(null), "c"])"#,
                r#"["a","b","c"]"#,
            ),
            ok(r#"compact([])"#, r#"[]"#),
            err(
                r#"compact([[1]])"#,
                r#"Invalid value for "list" parameter: element 0: string required."#,
            ),
            ok(r#"concat(["a", ""], ["b", "c"])"#, r#"["a","","b","c"]"#),
            ok(r#"concat(["a"], [1], [[true]])"#, r#"["a",1,[true]]"#),
            err(
                r#"concat()"#,
                r#"Call to function "concat" failed: at least one argument is required."#,
            ),
            err(
                r#"concat(["a"], "b")"#,
                r#"Invalid value for "seqs" parameter: all arguments must be lists or tuples; got string."#,
            ),
            ok(r#"concat([], [])"#, r#"[]"#),
            ok(r#"contains(["a", "b", "c"], "a")"#, r#"true"#),
            ok(r#"contains(["a", "b", "c"], "d")"#, r#"false"#),
            ok(r#"contains(["1"], 1)"#, r#"false"#),
            ok(r#"contains([[1], {a=1}], {a=1})"#, r#"true"#),
            err(
                r#"contains({a=1}, 1)"#,
                r#"Call to function "contains" failed: argument must be list, tuple, or set."#,
            ),
            ok(
                r#"distinct(["a", "b", "a", "c", "d", "b"])"#,
                r#"["a","b","c","d"]"#,
            ),
            ok(r#"distinct(["a","b","a",1,"1"])"#, r#"["a","b","1"]"#),
            ok(r#"distinct([[1],[1],[2]])"#, r#"[[1],[2]]"#),
            ok(r#"element(["a", "b", "c"], 1)"#, r#""b""#),
            ok(r#"element(["a", "b", "c"], 3)"#, r#""a""#),
            err(
                r#"element(["a","b"], 1.5)"#,
                r#"Call to function "element" failed: invalid index: value must be a whole number, between -9223372036854775808 and 9223372036854775807."#,
            ),
            err(
                r#"element([], 0)"#,
                r#"Call to function "element" failed: cannot use element function with an empty list."#,
            ),
            err(
                r#"element("abc", 1)"#,
                r#"Call to function "element" failed: cannot read elements from string."#,
            ),
            ok(r#"flatten([["a", "b"], [], ["c"]])"#, r#"["a","b","c"]"#),
            ok(r#"flatten([[["a", "b"], []], ["c"]])"#, r#"["a","b","c"]"#),
            ok(
                r#"flatten([[1,[2,3]],[], 4, {a=[5]}])"#,
                r#"[1,2,3,4,{"a":[5]}]"#,
            ),
            err(
                r#"flatten("a")"#,
                r#"Call to function "flatten" failed: can only flatten lists, sets and tuples."#,
            ),
            ok(r#"index(["a", "b", "c"], "b")"#, r#"1"#),
            err(
                r#"index(["a","b"], "c")"#,
                r#"Call to function "index" failed: item not found."#,
            ),
            err(
                r#"index([1], "1")"#,
                r#"Call to function "index" failed: item not found."#,
            ),
            ok(r#"index([[1]], [1])"#, r#"0"#),
            ok(r#"keys({a=1, c=2, d=3})"#, r#"["a","c","d"]"#),
            ok(r#"keys({})"#, r#"[]"#),
            err(
                r#"keys(["a"])"#,
                r#"Invalid value for "inputMap" parameter: must have map or object type."#,
            ),
            ok(r#"length([])"#, r#"0"#),
            ok(r#"length(["a", "b"])"#, r#"2"#),
            ok(r#"length({"a" = "b"})"#, r#"1"#),
            ok(r#"length("hello")"#, r#"5"#),
            ok(r#"length("héllo")"#, r#"5"#),
            ok(r#"length("👍🏽x")"#, r#"2"#),
            ok(r#"length("e\u0301")"#, r#"1"#),
            err(
                r#"length(123)"#,
                r#"Call to function "length" failed: argument must be a string, a collection type, or a structural type."#,
            ),
            ok(r#"lookup({a="ay", b="bee"}, "a", "what?")"#, r#""ay""#),
            ok(r#"lookup({a="ay", b="bee"}, "c", "what?")"#, r#""what?""#),
            ok(r#"lookup({a=1}, "a")"#, r#"1"#),
            err(
                r#"lookup({a=1}, "b")"#,
                r#"Invalid value for "inputMap" parameter: the given object has no attribute "b"."#,
            ),
            ok(r#"lookup({a={b=1}}, "a", {})"#, r#"{"b":1}"#),
            ok(
                r#"matchkeys(["i-123", "i-abc", "i-def"], ["us-west", "us-east", "us-east"], ["us-east"])"#,
                r#"["i-abc","i-def"]"#,
            ),
            err(
                r#"matchkeys(["a"], ["b","c"], ["b"])"#,
                r#"Call to function "matchkeys" failed: length of keys and values should be equal."#,
            ),
            ok(r#"matchkeys(["a","b"], [1, 2], ["1"])"#, r#"["a"]"#),
            ok(
                r#"merge({a="b", c="d"}, {e="f", c="z"})"#,
                r#"{"a":"b","c":"z","e":"f"}"#,
            ),
            ok(
                r#"merge({a="b"}, {a=[1,2], c="z"}, {d=3})"#,
                r#"{"a":[1,2],"c":"z","d":3}"#,
            ),
            err(
                r#"merge({a=1}, ["x"])"#,
                r#"Call to function "merge" failed: arguments must be maps or objects, got "tuple"."#,
            ),
            ok(r#"merge()"#, r#"{}"#),
            ok(r#"merge({a=1}, tomap(null))"#, r#"{"a":1}"#),
            ok(r#"one([])"#, r#"null"#),
            ok(r#"one(["hello"])"#, r#""hello""#),
            err(
                r#"one(["hello", "goodbye"])"#,
                r#"Invalid value for "list" parameter: must be a list, set, or tuple value with either zero or one elements."#,
            ),
            ok(r#"one(toset([]))"#, r#"null"#),
            err(
                r#"one({a=1})"#,
                r#"Invalid value for "list" parameter: must be a list, set, or tuple value with either zero or one elements."#,
            ),
            ok(r#"one([tostring(null)])"#, r#"null"#),
            ok(r#"range(3)"#, r#"[0,1,2]"#),
            ok(r#"range(1, 4)"#, r#"[1,2,3]"#),
            ok(r#"range(1, 8, 2)"#, r#"[1,3,5,7]"#),
            ok(r#"range(1, 4, 0.5)"#, r#"[1,1.5,2,2.5,3,3.5]"#),
            ok(r#"range(4, 1)"#, r#"[4,3,2]"#),
            ok(r#"range(10, 5, -2)"#, r#"[10,8,6]"#),
            ok(r#"range(-3)"#, r#"[0,-1,-2]"#),
            ok(r#"range(0)"#, r#"[]"#),
            ok(r#"range(1, 1)"#, r#"[]"#),
            ok(r#"range(1.5)"#, r#"[0,1]"#),
            ok(r#"range("3")"#, r#"[0,1,2]"#),
            err(
                r#"range(0, 5, -1)"#,
                r#"Invalid value for "params" parameter: end must be less than start when step is negative."#,
            ),
            err(
                r#"range(0, 1, -0.5)"#,
                r#"Invalid value for "params" parameter: end must be less than start when step is negative."#,
            ),
            err(
                r#"range(0, 2000)"#,
                r#"Call to function "range" failed: more than 1024 values were generated; either decrease the difference between start and end or use a smaller step."#,
            ),
            err(
                r#"range(1, 2, 3, 4)"#,
                r#"Call to function "range" failed: must have one, two, or three arguments."#,
            ),
            err(
                r#"range()"#,
                r#"Call to function "range" failed: must have one, two, or three arguments."#,
            ),
            ok(r#"range(0, 1, 0.25)"#, r#"[0,0.25,0.5,0.75]"#),
            ok(r#"reverse([1, 2, 3])"#, r#"[3,2,1]"#),
            err(
                r#"reverse({a=1})"#,
                r#"Invalid value for "list" parameter: can only reverse list or tuple values, not object."#,
            ),
            ok(
                r#"setintersection(["a", "b"], ["b", "c"], ["b", "d"])"#,
                r#"["b"]"#,
            ),
            ok(r#"setintersection(["a"])"#, r#"["a"]"#),
            ok(r#"setintersection(["a", 1], [1])"#, r#"["1"]"#),
            ok(
                r#"setproduct(["development", "staging", "production"], ["app1", "app2"])"#,
                r#"[["development","app1"],["development","app2"],["staging","app1"],["staging","app2"],["production","app1"],["production","app2"]]"#,
            ),
            ok(
                r#"setproduct(["a","b"], [1,2])"#,
                r#"[["a",1],["a",2],["b",1],["b",2]]"#,
            ),
            err(
                r#"setproduct(["a"])"#,
                r#"Call to function "setproduct" failed: at least two arguments are required."#,
            ),
            ok(r#"setproduct([], [1])"#, r#"[]"#),
            ok(r#"setsubtract(["a", "b", "c"], ["a", "c"])"#, r#"["b"]"#),
            ok(r#"setsubtract(["a"], [1])"#, r#"["a"]"#),
            ok(
                r#"setunion(["a", "b"], ["b", "c"], ["d"])"#,
                r#"["a","b","c","d"]"#,
            ),
            ok(
                r#"setunion(["b"], ["a", "c"], [1])"#,
                r#"["1","a","b","c"]"#,
            ),
            ok(r#"slice(["a", "b", "c", "d"], 1, 3)"#, r#"["b","c"]"#),
            err(
                r#"slice(["a","b","c"], 2, 1)"#,
                r#"Invalid value for "start_index" parameter: start index must not be greater than end index."#,
            ),
            err(
                r#"slice(["a","b","c"], 0, 4)"#,
                r#"Invalid value for "end_index" parameter: end index must not be greater than the length of the list."#,
            ),
            err(
                r#"slice(["a","b","c"], -1, 2)"#,
                r#"Invalid value for "start_index" parameter: start index must not be less than zero."#,
            ),
            ok(r#"slice([], 0, 0)"#, r#"[]"#),
            ok(r#"sort(["e", "d", "a", "x"])"#, r#"["a","d","e","x"]"#),
            ok(r#"sort(["b","a","10","9"])"#, r#"["10","9","a","b"]"#),
            ok(r#"sort([3, 10, 1])"#, r#"["1","10","3"]"#),
            err(
                r#"sort(["a", tostring(null)])"#,
                r#"Call to function "sort" failed: given list element 1 is null; a null string cannot be sorted."#,
            ),
            ok(r#"sort([true])"#, r#"["true"]"#),
            ok(r#"sort([])"#, r#"[]"#),
            ok(r#"sum([10, 13, 6, 4.5])"#, r#"33.5"#),
            ok(r#"sum([1, 2.5, "3"])"#, r#"6.5"#),
            err(
                r#"sum([])"#,
                r#"Invalid value for "list" parameter: cannot sum an empty list."#,
            ),
            err(
                r#"sum(["a"])"#,
                r#"Invalid value for "list" parameter: argument must be list, set, or tuple of number values."#,
            ),
            err(
                r#"sum("a")"#,
                r#"Invalid value for "list" parameter: cannot sum noniterable."#,
            ),
            ok(r#"sum([0.1, 0.2])"#, r#"0.3"#),
            ok(
                r#"transpose({"a" = ["1", "2"], "b" = ["2", "3"]})"#,
                r#"{"1":["a"],"2":["a","b"],"3":["b"]}"#,
            ),
            err(
                r#"transpose({a="x"})"#,
                r#"Invalid value for "values" parameter: element "a": list of string required."#,
            ),
            ok(r#"values({a=3, c=2, d=1})"#, r#"[3,2,1]"#),
            err(
                r#"values(["a"])"#,
                r#"Call to function "values" failed: values() requires a map as the first argument."#,
            ),
            ok(r#"zipmap(["a", "b"], [1, 2])"#, r#"{"a":1,"b":2}"#),
            ok(r#"zipmap(["a","a"], [1,2])"#, r#"{"a":2}"#),
            err(
                r#"zipmap(["a"], [1,2])"#,
                r#"Call to function "zipmap" failed: number of keys (1) does not match number of values (2)."#,
            ),
            ok(r#"zipmap([1, true], ["x","y"])"#, r#"{"1":"x","true":"y"}"#),
            err(
                r#"zipmap([tostring(null)], [1])"#,
                r#"Call to function "zipmap" failed: keys list has null value at index 0."#,
            ),
            // type conversions
            ok(r#"tostring("hello")"#, r#""hello""#),
            ok(r#"tostring(1)"#, r#""1""#),
            ok(r#"tostring(true)"#, r#""true""#),
            ok(r#"tostring(0.00001)"#, r#""0.00001""#),
            ok(r#"tostring(1e21)"#, r#""1000000000000000000000""#),
            err(
                r#"tostring([1])"#,
                r#"Invalid value for "v" parameter: cannot convert tuple to string."#,
            ),
            ok(r#"tonumber(1)"#, r#"1"#),
            ok(r#"tonumber("1")"#, r#"1"#),
            ok(r#"tonumber("1.5e2")"#, r#"150"#),
            ok(r#"tonumber("+5")"#, r#"5"#),
            err(
                r#"tonumber("abc")"#,
                r#"Invalid value for "v" parameter: cannot convert "abc" to number; given string must be a decimal representation of a number."#,
            ),
            err(
                r#"tonumber(" 5")"#,
                r#"Invalid value for "v" parameter: cannot convert " 5" to number; given string must be a decimal representation of a number."#,
            ),
            err(
                r#"tonumber("0x10")"#,
                r#"Invalid value for "v" parameter: cannot convert "0x10" to number; given string must be a decimal representation of a number."#,
            ),
            err(
                r#"tonumber(true)"#,
                r#"Invalid value for "v" parameter: cannot convert bool to number."#,
            ),
            ok(r#"tobool(true)"#, r#"true"#),
            ok(r#"tobool("true")"#, r#"true"#),
            ok(r#"tobool("1")"#, r#"true"#),
            ok(r#"tobool("0")"#, r#"false"#),
            err(
                r#"tobool("yes")"#,
                r#"Invalid value for "v" parameter: cannot convert "yes" to bool; only the strings "true" or "false" are allowed."#,
            ),
            err(
                r#"tobool(1)"#,
                r#"Invalid value for "v" parameter: cannot convert number to bool."#,
            ),
            ok(r#"tolist(["a", "b", "c"])"#, r#"["a","b","c"]"#),
            ok(r#"tolist(["a", "b", 3])"#, r#"["a","b","3"]"#),
            err(
                r#"tolist([1, true])"#,
                r#"Invalid value for "v" parameter: cannot convert tuple to list of any single type."#,
            ),
            err(
                r#"tolist([[1], "a"])"#,
                r#"Invalid value for "v" parameter: cannot convert tuple to list of any single type."#,
            ),
            err(
                r#"tolist({a=1})"#,
                r#"Invalid value for "v" parameter: cannot convert object to list of any single type."#,
            ),
            err(
                r#"tolist("a")"#,
                r#"Invalid value for "v" parameter: cannot convert string to list of any single type."#,
            ),
            ok(r#"toset(["a", "b", "c"])"#, r#"["a","b","c"]"#),
            ok(r#"toset(["a", "b", 3])"#, r#"["3","a","b"]"#),
            ok(r#"toset(["c", "b", "b"])"#, r#"["b","c"]"#),
            ok(r#"toset([true, false, true])"#, r#"[false,true]"#),
            ok(r#"toset([3, 1, 10, 2])"#, r#"[1,2,3,10]"#),
            ok(r#"toset([[1],[1]])"#, r#"[[1]]"#),
            ok(r#"tomap({"a" = 1, "b" = 2})"#, r#"{"a":1,"b":2}"#),
            ok(
                r#"tomap({"a" = "foo", "b" = true})"#,
                r#"{"a":"foo","b":"true"}"#,
            ),
            err(
                r#"tomap({a=1, b=true})"#,
                r#"Invalid value for "v" parameter: cannot convert object to map of any single type."#,
            ),
            err(
                r#"tomap({a=[1], b="x"})"#,
                r#"Invalid value for "v" parameter: cannot convert object to map of any single type."#,
            ),
            err(
                r#"tomap(["a"])"#,
                r#"Invalid value for "v" parameter: cannot convert tuple to map of any single type."#,
            ),
            ok(r#"nonsensitive("a")"#, r#""a""#),
            ok(r#"ephemeralasnull("a")"#, r#""a""#),
            // encoding
            ok(r#"base64encode("Hello World")"#, r#""SGVsbG8gV29ybGQ=""#),
            ok(r#"base64encode("héllo")"#, r#""aMOpbGxv""#),
            ok(r#"base64decode("SGVsbG8gV29ybGQ=")"#, r#""Hello World""#),
            ok(r#"base64decode("aMOpbGxv")"#, r#""héllo""#),
            err(
                r#"base64decode("aGVsbG8")"#,
                r#"Call to function "base64decode" failed: failed to decode base64 data "aGVsbG8"."#,
            ),
            err(
                r#"base64decode("!!!")"#,
                r#"Call to function "base64decode" failed: failed to decode base64 data "!!!"."#,
            ),
            err(
                r#"base64decode("/w==")"#,
                r#"Call to function "base64decode" failed: the result of decoding the provided string is not valid UTF-8."#,
            ),
            ok(r#"urlencode("Hello World!")"#, r#""Hello+World%21""#),
            ok(r#"urlencode("☃")"#, r#""%E2%98%83""#),
            ok(
                r#"urlencode("foo:bar@localhost?foo=bar&bar=baz")"#,
                r#""foo%3Abar%40localhost%3Ffoo%3Dbar%26bar%3Dbaz""#,
            ),
            ok(
                r#"urlencode("a b&c=d/é~_-.")"#,
                r#""a+b%26c%3Dd%2F%C3%A9~_-.""#,
            ),
            ok(
                r#"jsonencode({"hello"="world"})"#,
                r#""{\"hello\":\"world\"}""#,
            ),
            ok(
                r#"jsonencode({b=1, a="<&>"})"#,
                r#""{\"a\":\"\\u003c\\u0026\\u003e\",\"b\":1}""#,
            ),
            ok(
                r#"jsonencode("\u2028\u2029\u0001\u007f")"#,
                r#""\"\\u2028\\u2029\\u0001\"""#,
            ),
            ok(r#"jsonencode([])"#, r#""[]""#),
            ok(r#"jsonencode({})"#, r#""{}""#),
            ok(r#"jsonencode(1.5)"#, r#""1.5""#),
            ok(r#"jsonencode(tostring(null))"#, r#""null""#),
            ok(
                r#"jsonencode({"a b"="x", "<"=true})"#,
                r#""{\"\\u003c\":true,\"a b\":\"x\"}""#,
            ),
            ok(r#"jsonencode("é😀")"#, r#""\"é😀\"""#),
            ok(
                r#"jsonencode([1, 2.5, -3, 1e21, 0.000001])"#,
                r#""[1,2.5,-3,1000000000000000000000,0.000001]""#,
            ),
            ok(
                r#"jsondecode("{\"hello\": \"world\"}")"#,
                r#"{"hello":"world"}"#,
            ),
            ok(r#"jsondecode("true")"#, r#"true"#),
            ok(
                r#"jsondecode("{\"b\":1,\"a\":[true,null,1.5e3,\"x\"]}")"#,
                r#"{"a":[true,null,1500,"x"],"b":1}"#,
            ),
            ok(r#"jsondecode("{\"a\":1,\"a\":2}")"#, r#"{"a":2}"#),
            err_like(
                r#"jsondecode("[1,")"#,
                r#"Call to function "jsondecode" failed: "#,
            ),
            err_like(
                r#"jsondecode("1 2")"#,
                r#"Call to function "jsondecode" failed: "#,
            ),
            ok(r#"jsondecode("\"\\u003c\"")"#, r#""\u003c""#),
            ok(
                r#"csvdecode("a,b,c\n1,2,3\n4,5,6")"#,
                r#"[{"a":"1","b":"2","c":"3"},{"a":"4","b":"5","c":"6"}]"#,
            ),
            ok(
                r#"csvdecode("a,b\n1,2\n3,\"x,y\"\n")"#,
                r#"[{"a":"1","b":"2"},{"a":"3","b":"x,y"}]"#,
            ),
            err(
                r#"csvdecode("")"#,
                r#"Call to function "csvdecode" failed: missing header line."#,
            ),
            err(
                r#"csvdecode("a,b\n1")"#,
                r#"Call to function "csvdecode" failed: CSV parse error on line 2: wrong number of fields."#,
            ),
            ok(
                r#"csvdecode("a,b\r\n1,2\r\n\r\n3,4")"#,
                r#"[{"a":"1","b":"2"},{"a":"3","b":"4"}]"#,
            ),
            ok(r#"csvdecode("a\n\"x\"\"y\"")"#, r#"[{"a":"x\"y"}]"#),
            err(
                r#"csvdecode("a\nx\"y")"#,
                r#"Call to function "csvdecode" failed: CSV parse error on line 2: bare " in non-quoted-field."#,
            ),
            err(
                r#"csvdecode("a,a\n1,2")"#,
                r#"Call to function "csvdecode" failed: duplicate column name "a"."#,
            ),
            ok(r#"csvdecode("a\n")"#, r#"[]"#),
            ok(r#"csvdecode("a,b\n 1 , 2")"#, r#"[{"a":" 1 ","b":" 2"}]"#),
            ok(
                r#"csvdecode("a,b\n\"multi\nline\",2")"#,
                r#"[{"a":"multi\nline","b":"2"}]"#,
            ),
            err(
                r#"csvdecode("a\n\"x\"y")"#,
                r#"Call to function "csvdecode" failed: CSV parse error on line 2: extraneous or missing " in quoted-field."#,
            ),
            ok(
                r#"textencodebase64("Hello World", "UTF-16LE")"#,
                r#""SABlAGwAbABvACAAVwBvAHIAbABkAA==""#,
            ),
            ok(
                r#"textencodebase64("Hello", "utf-16be")"#,
                r#""AEgAZQBsAGwAbw==""#,
            ),
            ok(
                r#"textencodebase64("héllo", "ISO-8859-1")"#,
                r#""aOlsbG8=""#,
            ),
            err(
                r#"textencodebase64("h€", "ISO-8859-1")"#,
                r#"Invalid value for "string" parameter: the given string contains characters that cannot be represented in ISO_8859-1:1987."#,
            ),
            ok(r#"textencodebase64("é", "UTF-8")"#, r#""w6k=""#),
            ok(r#"textencodebase64("hi", "windows-1252")"#, r#""aGk=""#),
            ok(r#"textencodebase64("€", "windows-1252")"#, r#""gA==""#),
            err(
                r#"textencodebase64("\u0080", "windows-1252")"#,
                r#"Invalid value for "string" parameter: the given string contains characters that cannot be represented in windows-1252."#,
            ),
            ok(r#"textencodebase64("hi", "US-ASCII")"#, r#""aGk=""#),
            err(
                r#"textencodebase64("é", "US-ASCII")"#,
                r#"Invalid value for "string" parameter: the given string contains characters that cannot be represented in US-ASCII."#,
            ),
            ok(r#"textencodebase64("hi", "latin1")"#, r#""aGk=""#),
            ok(r#"textencodebase64("hi", "UTF-16")"#, r#""/v8AaABp""#),
            ok(r#"textencodebase64("😀", "UTF-16LE")"#, r#""PdgA3g==""#),
            ok(
                r#"textdecodebase64("SABlAGwAbABvACAAVwBvAHIAbABkAA==", "UTF-16LE")"#,
                r#""Hello World""#,
            ),
            ok(r#"textdecodebase64("6Q==", "ISO-8859-1")"#, r#""é""#),
            err(
                r#"textdecodebase64("!!", "UTF-8")"#,
                r#"Invalid value for "source" parameter: the given value is has an invalid base64 symbol at offset 0."#,
            ),
            ok(r#"textdecodebase64("/v8AaABp", "UTF-16")"#, r#""hi""#),
            ok(r#"textdecodebase64("gA==", "windows-1252")"#, r#""€""#),
            ok(
                r#"yamlencode({"a":"b", "c":"d"})"#,
                r#""\"a\": \"b\"\n\"c\": \"d\"\n""#,
            ),
            ok(
                r#"yamlencode({"foo":[1, 2, 3], "bar": "baz"})"#,
                r#""\"bar\": \"baz\"\n\"foo\":\n- 1\n- 2\n- 3\n""#,
            ),
            ok(
                r#"yamlencode({"foo":[1, {"a":"b","c":"d"}, 3], "bar": "baz"})"#,
                r#""\"bar\": \"baz\"\n\"foo\":\n- 1\n- \"a\": \"b\"\n  \"c\": \"d\"\n- 3\n""#,
            ),
            ok(r#"yamlencode("a")"#, r#""\"a\"\n""#),
            ok(r#"yamlencode(1)"#, r#""1\n...\n""#),
            ok(r#"yamlencode(true)"#, r#""true\n...\n""#),
            ok(r#"yamlencode(tostring(null))"#, r#""null\n...\n""#),
            ok(r#"yamlencode([])"#, r#""[]\n""#),
            ok(r#"yamlencode({})"#, r#""{}\n""#),
            ok(r#"yamlencode([[1,2],[3]])"#, r#""- - 1\n  - 2\n- - 3\n""#),
            ok(
                r#"yamlencode({a={b={c=1}}, d=[]})"#,
                r#""\"a\":\n  \"b\":\n    \"c\": 1\n\"d\": []\n""#,
            ),
            ok(
                r#"yamlencode({a="line1\nline2\n"})"#,
                r#""\"a\": |\n  line1\n  line2\n""#,
            ),
            ok(
                r#"yamlencode({a="line1\nline2"})"#,
                r#""\"a\": |-\n  line1\n  line2\n""#,
            ),
            ok(
                r#"yamlencode({a="line1\n\n"})"#,
                r#""\"a\": |+\n  line1\n\n""#,
            ),
            ok(
                r#"yamlencode({a="  lead\nx"})"#,
                r#""\"a\": |2-\n    lead\n  x\n""#,
            ),
            ok(
                r#"yamlencode(["multi\nline", "x"])"#,
                r#""- |-\n  multi\n  line\n- \"x\"\n""#,
            ),
            ok(r#"yamlencode("a\n\n")"#, r#""|+\n  a\n\n""#),
            ok(r#"yamlencode("a\nb")"#, r#""|-\n  a\n  b\n""#),
            ok(
                r#"yamlencode({a="this is a very long string with many many words that goes beyond the eighty column limit of the emitter for sure yes"})"#,
                r#""\"a\": \"this is a very long string with many many words that goes beyond the eighty\n  column limit of the emitter for sure yes\"\n""#,
            ),
            ok(
                r#"yamlencode(["this is a very long string with many many words that goes beyond the eighty column limit of the emitter for sure yes"])"#,
                r#""- \"this is a very long string with many many words that goes beyond the eighty column\n  limit of the emitter for sure yes\"\n""#,
            ),
            ok(
                r#"yamlencode({a={b="this is a very long string with many many words that goes beyond the eighty column limit of the emitter for sure yes"}})"#,
                r#""\"a\":\n  \"b\": \"this is a very long string with many many words that goes beyond the eighty\n    column limit of the emitter for sure yes\"\n""#,
            ),
            ok(
                r#"yamlencode("this is a very long string with many many words that goes beyond the eighty column limit of the emitter for sure yes")"#,
                r#""\"this is a very long string with many many words that goes beyond the eighty column\n  limit of the emitter for sure yes\"\n""#,
            ),
            ok(
                r#"yamlencode([["long string with many many words that goes beyond the eighty column limit of the emitter for sure yes"]])"#,
                r#""- - \"long string with many many words that goes beyond the eighty column limit of\n    the emitter for sure yes\"\n""#,
            ),
            ok(
                r#"yamlencode({a=[{b="long string with many many words that goes beyond the eighty column limit of the emitter for sure yes"}]})"#,
                r#""\"a\":\n- \"b\": \"long string with many many words that goes beyond the eighty column limit\n    of the emitter for sure yes\"\n""#,
            ),
            ok(
                r#"yamlencode({a="x  y  z  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  bbbb"})"#,
                r#""\"a\": \"x  y  z  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  \\ bbbb\"\n""#,
            ),
            ok(
                r#"yamlencode({a="tab\there", b="é€😀", c="\u0085x", d="quote\"back\\"})"#,
                r#""\"a\": \"tab\\there\"\n\"b\": \"é€\\U0001F600\"\n\"c\": \"\\Nx\"\n\"d\": \"quote\\\"back\\\\\"\n""#,
            ),
            ok(
                r#"yamlencode({a=true, b=1.5, c=tonumber(null), d=-3, e=1e21})"#,
                r#""\"a\": true\n\"b\": 1.5\n\"c\": null\n\"d\": -3\n\"e\": 1000000000000000000000\n""#,
            ),
            ok(
                r#"yamlencode({"key with space"="v", "1"="x", ""="e"})"#,
                r#""\"\": \"e\"\n\"1\": \"x\"\n\"key with space\": \"v\"\n""#,
            ),
            ok(
                r#"yamlencode([{}, [], {a=[]}])"#,
                r#""- {}\n- []\n- \"a\": []\n""#,
            ),
            ok(r#"yamlencode({a="\n"})"#, r#""\"a\": |2+\n\n""#),
            ok(r#"yamlencode({a=""})"#, r#""\"a\": \"\"\n""#),
            ok(r#"yamlencode({a="x\r\ny"})"#, r#""\"a\": \"x\\r\\ny\"\n""#),
            ok(r#"yamlencode([tostring(null)])"#, r#""- null\n""#),
            ok(
                r#"yamlencode({a="trailing \nx"})"#,
                r#""\"a\": \"trailing \\nx\"\n""#,
            ),
            ok(r#"yamlencode({a="a\n\tb"})"#, r#""\"a\": \"a\\n\\tb\"\n""#),
            ok(
                r#"yamlencode({a="a\n😀"})"#,
                r#""\"a\": \"a\\n\\U0001F600\"\n""#,
            ),
            ok(
                r#"yamlencode({"a\nb"="x"})"#,
                r#""? |-\n  a\n  b\n: \"x\"\n""#,
            ),
            ok(
                r#"yamlencode({"a\nb"={c=1, d=2}})"#,
                r#""? |-\n  a\n  b\n: \"c\": 1\n  \"d\": 2\n""#,
            ),
            ok(
                r#"yamlencode({"a\nb"=[1, 2]})"#,
                r#""? |-\n  a\n  b\n: - 1\n  - 2\n""#,
            ),
            ok(r#"yamlencode({a="x\u2028y"})"#, r#""\"a\": \"x\\Ly\"\n""#),
            ok(
                r#"yamlencode({a="\ufeffx"})"#,
                r#""\"a\": \"\\uFEFF\\x78\"\n""#,
            ),
            ok(r#"yamlencode({a="x\u0000"})"#, r#""\"a\": \"x\\0\"\n""#),
            ok(
                r##"yamlencode({a=" x", b="x ", c="- x", d="#"})"##,
                r##""\"a\": \" x\"\n\"b\": \"x \"\n\"c\": \"- x\"\n\"d\": \"#\"\n""##,
            ),
            ok(
                r#"yamlencode({a="\u00a0\u007f\u00e9\u0080\u009f"})"#,
                r#""\"a\": \" \\x7Fé\\x80\\x9F\"\n""#,
            ),
            ok(
                r#"yamlencode({a=[[], [1, [2, {b=3}]]]})"#,
                r#""\"a\":\n- []\n- - 1\n  - - 2\n    - \"b\": 3\n""#,
            ),
            ok(
                r#"yamlencode({"this key is very long and goes beyond the one hundred and twenty eight character limit of simple keys in the yaml emitter yes"="v"})"#,
                r#""\"this key is very long and goes beyond the one hundred and twenty eight character limit of simple keys in the yaml emitter yes\": \"v\"\n""#,
            ),
            ok(r#"yamldecode("hello: world")"#, r#"{"hello":"world"}"#),
            ok(r#"yamldecode("true")"#, r#"true"#),
            ok(
                r#"yamldecode("{a: &foo [1, 2, 3], b: *foo}")"#,
                r#"{"a":[1,2,3],"b":[1,2,3]}"#,
            ),
            ok(r#"yamldecode("- a\n- b")"#, r#"["a","b"]"#),
            err_like(
                r#"yamldecode("a: 1\n---\nb: 2")"#,
                r#"Call to function "yamldecode" failed: "#,
            ),
            err(
                r#"yamldecode("")"#,
                r#"Call to function "yamldecode" failed: on line 1, column 1: missing start of document."#,
            ),
            ok(r#"yamldecode("a: !!str 1")"#, r#"{"a":"1"}"#),
            ok(
                r#"yamldecode("a: 1e3\nd: +5\ne: 1_000")"#,
                r#"{"a":1000,"d":5,"e":"1_000"}"#,
            ),
            ok(
                r#"yamldecode("a: null\nb: ~\nc: \"quoted\"\nd: 'single'\ne: |\n  lit\n  eral\n")"#,
                r#"{"a":null,"b":null,"c":"quoted","d":"single","e":"lit\neral\n"}"#,
            ),
            // filesystem
            ok(r#"file("a.txt")"#, r#""hello\n""#),
            err(
                r#"file("missing.txt")"#,
                r#"Invalid value for "path" parameter: no file exists at "missing.txt"; this function works only with files that are distributed as part of the configuration source code, so if this file will be created by a resource in this configuration you must instead obtain this result from an attribute of that resource."#,
            ),
            err(
                r#"file("bin.dat")"#,
                r#"Call to function "file" failed: contents of "bin.dat" are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead."#,
            ),
            ok(r#"fileexists("a.txt")"#, r#"true"#),
            ok(r#"fileexists("nope")"#, r#"false"#),
            err(
                r#"fileexists("sub")"#,
                r#"Call to function "fileexists" failed: "sub" is a directory, not a file."#,
            ),
            ok(r#"fileset(".", "*.txt")"#, r#"["a.txt"]"#),
            ok(
                r#"fileset(".", "sub/**/*.{md,txt}")"#,
                r#"["sub/b.txt","sub/deep/c.md"]"#,
            ),
            ok(r#"fileset("sub", "*")"#, r#"["b.txt"]"#),
            ok(r#"fileset("sub", "**")"#, r#"["b.txt","deep/c.md"]"#),
            ok(r#"fileset("nope", "*")"#, r#"[]"#),
            ok(r#"fileset(".", "**/b.txt")"#, r#"["sub/b.txt"]"#),
            ok(r#"fileset(".", "sub/*")"#, r#"["sub/b.txt"]"#),
            ok(r#"fileset(".", "a.txt")"#, r#"["a.txt"]"#),
            ok(r#"fileset(".", "sub/../a.txt")"#, r#"["a.txt"]"#),
            ok(r#"fileset("sub/deep", "../*.txt")"#, r#"["../b.txt"]"#),
            err(
                r#"fileset(".", "[")"#,
                r#"Call to function "fileset" failed: failed to glob pattern "[": syntax error in pattern."#,
            ),
            ok(r#"filebase64("a.txt")"#, r#""aGVsbG8K""#),
            ok(
                r#"filemd5("a.txt")"#,
                r#""b1946ac92492d2347c6235b4d2611184""#,
            ),
            ok(
                r#"filesha1("a.txt")"#,
                r#""f572d396fae9206628714fb2ce00f72e94f2258f""#,
            ),
            ok(
                r#"filesha256("a.txt")"#,
                r#""5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03""#,
            ),
            ok(
                r#"filesha512("a.txt")"#,
                r#""e7c22b994c59d9cf2b48e549b1e24666636045930d3da7c1acb299d1c3b7f931f94aae41edda2c2b207a36e10f8bcb8d45223e54878f5b316e7ce3b6bc019629""#,
            ),
            ok(
                r#"filebase64sha256("a.txt")"#,
                r#""WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM=""#,
            ),
            ok(
                r#"filebase64sha512("a.txt")"#,
                r#""58IrmUxZ2c8rSOVJseJGZmNgRZMNPafBrLKZ0cO3+TH5Sq5B7dosKyB6NuEPi8uNRSI+VIePWzFufOO2vAGWKQ==""#,
            ),
            ok(r#"basename("foo/bar/baz.txt")"#, r#""baz.txt""#),
            ok(r#"basename("/foo/bar/")"#, r#""bar""#),
            ok(r#"basename("")"#, r#"".""#),
            ok(r#"basename("/")"#, r#""/""#),
            ok(r#"basename("baz.txt")"#, r#""baz.txt""#),
            ok(r#"dirname("foo/bar/baz.txt")"#, r#""foo/bar""#),
            ok(r#"dirname("foo")"#, r#"".""#),
            ok(r#"dirname("/foo")"#, r#""/""#),
            ok(r#"dirname("")"#, r#"".""#),
            ok(r#"dirname("foo//bar/../x")"#, r#""foo""#),
            ok(r#"dirname("/")"#, r#""/""#),
            ok(r#"dirname("foo/")"#, r#""foo""#),
            ok(r#"pathexpand("/a/~")"#, r#""/a/~""#),
            err(
                r#"pathexpand("~other/x")"#,
                r#"Call to function "pathexpand" failed: cannot expand user-specific home dir."#,
            ),
            ok(
                r#"templatefile("t.tpl", {name="World"})"#,
                r#""Hello World!""#,
            ),
            ok(
                r#"templatefile("t.tpl", {"a-b"=1, name="x"})"#,
                r#""Hello x!""#,
            ),
            err(
                r#"templatefile("t.tpl", {"1a"=1, name="x"})"#,
                r#"Invalid value for "vars" parameter: invalid template variable name "1a": must start with a letter, followed by zero or more letters, digits, and underscores."#,
            ),
            err(
                r#"templatefile("t.tpl", ["x"])"#,
                r#"Invalid value for "vars" parameter: invalid vars value: must be a map."#,
            ),
            err(
                r#"templatefile("missing.tpl", {})"#,
                r#"Invalid value for "path" parameter: no file exists at "missing.tpl"; this function works only with files that are distributed as part of the configuration source code, so if this file will be created by a resource in this configuration you must instead obtain this result from an attribute of that resource."#,
            ),
            // numbers
            ok(r#"abs(23)"#, r#"23"#),
            ok(r#"abs(0)"#, r#"0"#),
            ok(r#"abs(-12.4)"#, r#"12.4"#),
            ok(r#"ceil(5)"#, r#"5"#),
            ok(r#"ceil(5.1)"#, r#"6"#),
            ok(r#"floor(5)"#, r#"5"#),
            ok(r#"floor(4.9)"#, r#"4"#),
            ok(r#"floor(-4.1)"#, r#"-5"#),
            ok(r#"log(50, 10)"#, r#"1.6989700043360185"#),
            ok(r#"log(16, 2)"#, r#"4"#),
            ok(r#"log(1, 10)"#, r#"0"#),
            ok(r#"max(12, 54, 3)"#, r#"54"#),
            ok(r#"max(12, "54", 3)"#, r#"54"#),
            err(
                r#"max()"#,
                r#"Call to function "max" failed: must pass at least one number."#,
            ),
            ok(r#"min(12, 54, 3)"#, r#"3"#),
            ok(r#"min(-1, 1.5)"#, r#"-1"#),
            ok(r#"parseint("100", 10)"#, r#"100"#),
            ok(r#"parseint("FF", 16)"#, r#"255"#),
            ok(r#"parseint("-10", 16)"#, r#"-16"#),
            ok(r#"parseint("1011111011101111", 2)"#, r#"48879"#),
            ok(r#"parseint("aA", 62)"#, r#"656"#),
            err(
                r#"parseint("12", 2)"#,
                r#"Invalid value for "number" parameter: cannot parse "12" as a base 2 integer."#,
            ),
            err(
                r#"parseint("FF", 10)"#,
                r#"Invalid value for "number" parameter: cannot parse "FF" as a base 10 integer."#,
            ),
            ok(r#"parseint("zz", 36)"#, r#"1295"#),
            ok(r#"parseint("Zz", 62)"#, r#"3817"#),
            err(
                r#"parseint("12", 63)"#,
                r#"Invalid value for "base" parameter: base must be a whole number between 2 and 62 inclusive."#,
            ),
            err(
                r#"parseint("12", 1)"#,
                r#"Invalid value for "base" parameter: base must be a whole number between 2 and 62 inclusive."#,
            ),
            ok(r#"parseint("+ff", 16)"#, r#"255"#),
            err(
                r#"parseint("", 10)"#,
                r#"Invalid value for "number" parameter: cannot parse "" as a base 10 integer."#,
            ),
            err(
                r#"parseint("1_000", 10)"#,
                r#"Invalid value for "number" parameter: cannot parse "1_000" as a base 10 integer."#,
            ),
            err(
                r#"parseint("0x10", 16)"#,
                r#"Invalid value for "number" parameter: cannot parse "0x10" as a base 16 integer."#,
            ),
            ok(r#"parseint("9007199254740993", 10)"#, r#"9007199254740993"#),
            ok(r#"pow(3, 2)"#, r#"9"#),
            ok(r#"pow(4, 0)"#, r#"1"#),
            ok(r#"pow(2, 0.5)"#, r#"1.4142135623730951"#),
            ok(r#"signum(-13)"#, r#"-1"#),
            ok(r#"signum(0)"#, r#"0"#),
            ok(r#"signum(344)"#, r#"1"#),
            // hashes
            ok(
                r#"md5("hello world")"#,
                r#""5eb63bbbe01eeed093cb22bb8f5acdc3""#,
            ),
            ok(
                r#"sha1("hello world")"#,
                r#""2aae6c35c94fcfb415dbe95f408b9ce91ee846ed""#,
            ),
            ok(
                r#"sha256("hello world")"#,
                r#""b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9""#,
            ),
            ok(
                r#"sha512("hello world")"#,
                r#""309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f""#,
            ),
            ok(
                r#"base64sha256("hello world")"#,
                r#""uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=""#,
            ),
            ok(
                r#"base64sha512("hello world")"#,
                r#""MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw==""#,
            ),
            ok(r#"md5("")"#, r#""d41d8cd98f00b204e9800998ecf8427e""#),
            ok(
                r#"sha256("é")"#,
                r#""4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c""#,
            ),
            ok(
                r#"uuidv5("dns", "www.terraform.io")"#,
                r#""a5008fae-b28c-5ba5-96cd-82b4c53552d6""#,
            ),
            ok(
                r#"uuidv5("url", "https://www.terraform.io/")"#,
                r#""9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5""#,
            ),
            ok(
                r#"uuidv5("oid", "1.3.6.1.4")"#,
                r#""af9d40a5-7a36-5c07-b23a-851cd99fbfa5""#,
            ),
            ok(
                r#"uuidv5("x500", "CN=Example")"#,
                r#""fc36744a-3783-5ebd-aac6-5c7766b1e223""#,
            ),
            ok(
                r#"uuidv5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.terraform.io")"#,
                r#""a5008fae-b28c-5ba5-96cd-82b4c53552d6""#,
            ),
            ok(
                r#"uuidv5("743ac3c0-3bf7-4a5b-9e6c-59360447c757", "LIBS:diskfirst")"#,
                r#""291e22cd-bb3e-56a8-85ee-ce607545c1f6""#,
            ),
            ok(
                r#"uuidv5("6BA7B810-9DAD-11D1-80B4-00C04FD430C8", "x")"#,
                r#""05b16a01-46c6-56dd-bd6e-c6dfb4a1427a""#,
            ),
            ok(
                r#"uuidv5("{6ba7b810-9dad-11d1-80b4-00c04fd430c8}", "x")"#,
                r#""05b16a01-46c6-56dd-bd6e-c6dfb4a1427a""#,
            ),
            ok(
                r#"uuidv5("urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8", "x")"#,
                r#""05b16a01-46c6-56dd-bd6e-c6dfb4a1427a""#,
            ),
            ok(
                r#"uuidv5("6ba7b8109dad11d180b400c04fd430c8", "x")"#,
                r#""05b16a01-46c6-56dd-bd6e-c6dfb4a1427a""#,
            ),
            err(
                r#"uuidv5("nope", "x")"#,
                r#"Call to function "uuidv5" failed: uuidv5() doesn't support namespace nope (invalid UUID length: 4)."#,
            ),
            // networks
            ok(r#"cidrhost("10.12.112.0/20", 16)"#, r#""10.12.112.16""#),
            ok(r#"cidrhost("10.12.112.0/20", 268)"#, r#""10.12.113.12""#),
            ok(r#"cidrhost("10.12.112.0/20", -1)"#, r#""10.12.127.255""#),
            ok(r#"cidrhost("10.12.112.0/20", -4096)"#, r#""10.12.112.0""#),
            err(
                r#"cidrhost("10.12.112.0/20", -4097)"#,
                r#"Call to function "cidrhost" failed: prefix of 20 does not accommodate a host numbered -1."#,
            ),
            err(
                r#"cidrhost("10.12.112.0/20", 4096)"#,
                r#"Call to function "cidrhost" failed: prefix of 20 does not accommodate a host numbered 4096."#,
            ),
            ok(
                r#"cidrhost("fd00:fd12:3456:7890:00a2::/72", 34)"#,
                r#""fd00:fd12:3456:7890::22""#,
            ),
            ok(
                r#"cidrhost("fd00:fd12:3456:7890::/56", 34)"#,
                r#""fd00:fd12:3456:7800::22""#,
            ),
            err(
                r#"cidrhost("10.0.0.0/8", 1.5)"#,
                r#"Call to function "cidrhost" failed: value must be a whole number."#,
            ),
            err(
                r#"cidrhost("10.0.0.0", 1)"#,
                r#"Call to function "cidrhost" failed: invalid CIDR expression: invalid CIDR address: 10.0.0.0."#,
            ),
            ok(r#"cidrhost("010.1.2.3/8", 1)"#, r#""10.0.0.1""#),
            err(
                r#"cidrhost("10.0.0.0/33", 1)"#,
                r#"Call to function "cidrhost" failed: invalid CIDR expression: invalid CIDR address: 10.0.0.0/33."#,
            ),
            ok(r#"cidrhost("2001:db8::/126", 3)"#, r#""2001:db8::3""#),
            ok(r#"cidrhost("::/0", 1)"#, r#""::1""#),
            ok(r#"cidrhost("1:0:0:1:0:0:0:1/128", 0)"#, r#""1:0:0:1::1""#),
            ok(r#"cidrhost("1:0:0:0:1:0:0:1/128", 0)"#, r#""1::1:0:0:1""#),
            ok(r#"cidrhost("192.168.1.0/32", 0)"#, r#""192.168.1.0""#),
            ok(r#"cidrnetmask("172.16.0.0/12")"#, r#""255.240.0.0""#),
            ok(r#"cidrnetmask("10.0.0.0/0")"#, r#""0.0.0.0""#),
            ok(r#"cidrnetmask("10.0.0.0/32")"#, r#""255.255.255.255""#),
            err(
                r#"cidrnetmask("::/64")"#,
                r#"Call to function "cidrnetmask" failed: IPv6 addresses cannot have a netmask: ::/64."#,
            ),
            err(
                r#"cidrnetmask("nope")"#,
                r#"Call to function "cidrnetmask" failed: invalid CIDR expression: invalid CIDR address: nope."#,
            ),
            ok(r#"cidrsubnet("172.16.0.0/12", 4, 2)"#, r#""172.18.0.0/16""#),
            ok(r#"cidrsubnet("10.1.2.0/24", 4, 15)"#, r#""10.1.2.240/28""#),
            ok(
                r#"cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)"#,
                r#""fd00:fd12:3456:7800:a200::/72""#,
            ),
            err(
                r#"cidrsubnet("10.0.0.0/16", 20, 0)"#,
                r#"Call to function "cidrsubnet" failed: insufficient address space to extend prefix of 16 by 20."#,
            ),
            err(
                r#"cidrsubnet("10.0.0.0/16", 8, 256)"#,
                r#"Call to function "cidrsubnet" failed: prefix extension of 8 does not accommodate a subnet numbered 256."#,
            ),
            ok(r#"cidrsubnet("10.0.0.0/16", 0, 0)"#, r#""10.0.0.0/16""#),
            err(
                r#"cidrsubnet("10.0.0.0/16", 0, 1)"#,
                r#"Call to function "cidrsubnet" failed: prefix extension of 0 does not accommodate a subnet numbered 1."#,
            ),
            ok(r#"cidrsubnet("10.0.5.7/16", 8, 3)"#, r#""10.0.3.0/24""#),
            ok(r#"cidrsubnet("::/0", 33, 1)"#, r#""0:0:8000::/33""#),
            ok(
                r#"cidrsubnet("2001:db8::/32", 32, 4294967295)"#,
                r#""2001:db8:ffff:ffff::/64""#,
            ),
            ok(
                r#"cidrsubnet("2001:db8:0:0:1::/80", 0, 0)"#,
                r#""2001:db8:0:0:1::/80""#,
            ),
            ok(r#"cidrsubnet("10.0.0.0/16", -1, 0)"#, r#""10.0.0.0/15""#),
            err(
                r#"cidrsubnet("10.0.0.0/8", 8, 1.5)"#,
                r#"Call to function "cidrsubnet" failed: value must be a whole number."#,
            ),
            ok(
                r#"cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)"#,
                r#"["10.1.0.0/20","10.1.16.0/20","10.1.32.0/24","10.1.48.0/20"]"#,
            ),
            ok(
                r#"cidrsubnets("fd00:fd12:3456:7890::/56", 16, 16, 16, 32)"#,
                r#"["fd00:fd12:3456:7800::/72","fd00:fd12:3456:7800:100::/72","fd00:fd12:3456:7800:200::/72","fd00:fd12:3456:7800:300::/88"]"#,
            ),
            err(
                r#"cidrsubnets("10.0.0.0/24", 1, 1, 1)"#,
                r#"Invalid value for "newbits" parameter: not enough remaining address space for a subnet with a prefix of 25 bits after 10.0.0.128/25."#,
            ),
            err(
                r#"cidrsubnets("10.0.0.0/24", 0)"#,
                r#"Invalid value for "newbits" parameter: must extend prefix by at least one bit."#,
            ),
            err(
                r#"cidrsubnets("10.0.0.0/24", 9)"#,
                r#"Invalid value for "newbits" parameter: would extend prefix to 33 bits, which is too long for an IPv4 address."#,
            ),
            ok(r#"cidrsubnets("10.0.0.0/24")"#, r#"[]"#),
            ok(
                r#"cidrsubnets("10.0.0.0/24", 2, 1)"#,
                r#"["10.0.0.0/26","10.0.0.128/25"]"#,
            ),
            err(
                r#"cidrsubnets("0.0.0.0/0", 1, 1)"#,
                r#"Invalid value for "newbits" parameter: not enough remaining address space for a subnet with a prefix of 1 bits after 128.0.0.0/1."#,
            ),
            ok(
                r#"cidrsubnets("10.0.0.0/8", 8, 4, 8)"#,
                r#"["10.0.0.0/16","10.16.0.0/12","10.32.0.0/16"]"#,
            ),
            err(
                r#"cidrsubnets("::/64", 33)"#,
                r#"Invalid value for "newbits" parameter: may not extend prefix by more than 32 bits."#,
            ),
            // date and time
            ok(
                r#"formatdate("DD MMM YYYY hh:mm ZZZ", "2018-01-02T23:12:01Z")"#,
                r#""02 Jan 2018 23:12 UTC""#,
            ),
            ok(
                r#"formatdate("EEEE, DD-MMM-YY hh:mm:ss ZZZ", "2018-01-02T23:12:01Z")"#,
                r#""Tuesday, 02-Jan-18 23:12:01 UTC""#,
            ),
            ok(
                r#"formatdate("EEE, DD MMM YYYY hh:mm:ss ZZZ", "2018-01-02T23:12:01-08:00")"#,
                r#""Tue, 02 Jan 2018 23:12:01 -0800""#,
            ),
            ok(
                r#"formatdate("MMM DD, YYYY", "2018-01-02T23:12:01Z")"#,
                r#""Jan 02, 2018""#,
            ),
            ok(
                r#"formatdate("HH:mmaa", "2018-01-02T23:12:01Z")"#,
                r#""11:12pm""#,
            ),
            ok(
                r#"formatdate("H:m:s AA Z ZZZZ ZZZZZ M D h", "2018-01-02T00:02:03+05:30")"#,
                r#""12:2:3 AM +05:30 +0530 +05:30 1 2 0""#,
            ),
            ok(
                r#"formatdate("'Date:' YYYY 'o''clock' ''", "2018-01-02T00:02:03Z")"#,
                r#""Date: 2018 o'clock '""#,
            ),
            ok(
                r#"formatdate("YYYY-MM-DD'T'hh:mm:ssZ", "2024-02-29T12:00:00.5+01:00")"#,
                r#""2024-02-29T12:00:00+01:00""#,
            ),
            ok(
                r#"formatdate("MMMM EEEE", "2000-03-01T00:00:00Z")"#,
                r#""March Wednesday""#,
            ),
            err(
                r#"formatdate("YYY", "2018-01-02T00:02:03Z")"#,
                r#"Invalid value for "format" parameter: invalid date format verb "YYY": year must either be "YY" or "YYYY"."#,
            ),
            err(
                r#"formatdate("ZZ", "2018-01-02T00:02:03Z")"#,
                r#"Invalid value for "format" parameter: invalid date format verb "ZZ": timezone must be Z, ZZZZ, or ZZZZZ."#,
            ),
            err(
                r#"formatdate("x", "2018-01-02T00:02:03Z")"#,
                r#"Invalid value for "format" parameter: invalid date format verb "x"."#,
            ),
            err(
                r#"formatdate("'abc", "2018-01-02T00:02:03Z")"#,
                r#"Invalid value for "format" parameter: unterminated literal '."#,
            ),
            err(
                r#"formatdate("YYYY", "2018-01-02")"#,
                r#"Invalid value for "time" parameter: not a valid RFC3339 timestamp: missing required time introducer 'T'."#,
            ),
            err(
                r#"formatdate("YYYY", "2018-13-02T00:00:00Z")"#,
                r#"Invalid value for "time" parameter: not a valid RFC3339 timestamp: cannot use "-02T00:00:00Z" as month."#,
            ),
            err(
                r#"formatdate("YYYY", "2018-02-30T00:00:00Z")"#,
                r#"Invalid value for "time" parameter: not a valid RFC3339 timestamp: day out of range."#,
            ),
            err(
                r#"formatdate("YYYY-MM-DD", "2018-01-02t00:00:00z")"#,
                r#"Invalid value for "time" parameter: not a valid RFC3339 timestamp: missing required time introducer 'T'."#,
            ),
            ok(
                r#"formatdate("YYYY-MM-DD hh:mm:ss", "2018-01-02T00:00:00.123456789Z")"#,
                r#""2018-01-02 00:00:00""#,
            ),
            err(
                r#"formatdate("YYYY-MM-DD", "2018-01-02T24:00:00Z")"#,
                r#"Invalid value for "time" parameter: not a valid RFC3339 timestamp: hour must be between 0 and 23 inclusive."#,
            ),
            err(
                r#"formatdate("ss", "2016-12-31T23:59:60Z")"#,
                r#"Invalid value for "time" parameter: not a valid RFC3339 timestamp: cannot use "Z" as second."#,
            ),
            ok(
                r#"formatdate("ZZZ", "2018-01-02T00:02:03+00:00")"#,
                r#""UTC""#,
            ),
            ok(r#"formatdate("Z", "2018-01-02T00:02:03-00:00")"#, r#""Z""#),
            err(
                r#"formatdate("Z", "2018-01-02T00:02:03+24:00")"#,
                r#"Invalid value for "time" parameter: not a valid RFC3339 timestamp: cannot use "+24:00" as UTC offset."#,
            ),
            ok(
                r#"formatdate("YYYY 12345 !@#", "0001-01-01T00:00:00Z")"#,
                r#""0001 12345 !@#""#,
            ),
            err(
                r#"formatdate("YYYY", "x")"#,
                r#"Invalid value for "time" parameter: not a valid RFC3339 timestamp: cannot use "x" as year."#,
            ),
            err(
                r#"formatdate("YYYY", "2018-01-02T00:00:00Zjunk")"#,
                r#"Invalid value for "time" parameter: not a valid RFC3339 timestamp: cannot use "junk" as timestamp segment."#,
            ),
            ok(
                r#"timeadd("2017-11-22T00:00:00Z", "10m")"#,
                r#""2017-11-22T00:10:00Z""#,
            ),
            ok(
                r#"timeadd("2017-11-22T00:00:00Z", "-1.5h")"#,
                r#""2017-11-21T22:30:00Z""#,
            ),
            ok(
                r#"timeadd("2017-11-22T00:00:00+05:00", "1h30m20.5s")"#,
                r#""2017-11-22T01:30:20+05:00""#,
            ),
            ok(
                r#"timeadd("2017-11-22T00:00:00.5Z", "1us")"#,
                r#""2017-11-22T00:00:00Z""#,
            ),
            err(
                r#"timeadd("2017-11-22T00:00:00Z", "1d")"#,
                r#"Call to function "timeadd" failed: time: unknown unit "d" in duration "1d"."#,
            ),
            err(
                r#"timeadd("2017-11-22T00:00:00Z", "")"#,
                r#"Call to function "timeadd" failed: time: invalid duration ""."#,
            ),
            ok(
                r#"timeadd("2017-11-22T00:00:00Z", "0")"#,
                r#""2017-11-22T00:00:00Z""#,
            ),
            err(
                r#"timeadd("2017-11-22T00:00:00Z", "1h-30m")"#,
                r#"Call to function "timeadd" failed: time: unknown unit "h-" in duration "1h-30m"."#,
            ),
            ok(
                r#"timeadd("9999-12-31T23:00:00Z", "2h")"#,
                r#""10000-01-01T01:00:00Z""#,
            ),
            ok(
                r#"timeadd("2017-11-22T00:00:00Z", ".5h")"#,
                r#""2017-11-22T00:30:00Z""#,
            ),
            ok(
                r#"timeadd("2017-11-22T00:00:00Z", "+5m")"#,
                r#""2017-11-22T00:05:00Z""#,
            ),
            err(
                r#"timeadd("2017-11-22T00:00:00Z", "5")"#,
                r#"Call to function "timeadd" failed: time: missing unit in duration "5"."#,
            ),
            ok(
                r#"timeadd("2024-02-28T23:00:00Z", "2h")"#,
                r#""2024-02-29T01:00:00Z""#,
            ),
            ok(
                r#"timeadd("2017-11-22T00:00:00Z", "-8760h")"#,
                r#""2016-11-22T00:00:00Z""#,
            ),
            ok(
                r#"timecmp("2017-11-22T00:00:00Z", "2017-11-22T01:00:00+01:00")"#,
                r#"0"#,
            ),
            ok(
                r#"timecmp("2017-11-22T00:00:00Z", "2017-11-22T00:00:01Z")"#,
                r#"-1"#,
            ),
            ok(
                r#"timecmp("2017-11-22T00:00:01Z", "2017-11-22T00:00:00.5Z")"#,
                r#"1"#,
            ),
            err(
                r#"timecmp("x", "2017-11-22T00:00:00Z")"#,
                r#"Invalid value for "timestamp_a" parameter: not a valid RFC3339 timestamp: cannot use "x" as year."#,
            ),
            // arity
            err(
                r#"upper()"#,
                r#"Function "upper" expects 1 argument(s). Missing value for "str"."#,
            ),
            err(
                r#"upper("a", "b")"#,
                r#"Function "upper" expects only 1 argument(s)."#,
            ),
            err(
                r#"cidrsubnet("10.0.0.0/8", 1)"#,
                r#"Function "cidrsubnet" expects 3 argument(s). Missing value for "netnum"."#,
            ),
            // more edge cases
            ok(
                r#"yamlencode({"this key is very long and goes well beyond the one hundred and twenty eight character limit of simple keys in the yaml emitter, yes it does"="v"})"#,
                r#""? \"this key is very long and goes well beyond the one hundred and twenty eight character\n  limit of simple keys in the yaml emitter, yes it does\"\n: \"v\"\n""#,
            ),
            ok(
                r#"yamlencode({a={"b\nc"="d"}})"#,
                r#""\"a\":\n  ? |-\n    b\n    c\n  : \"d\"\n""#,
            ),
            ok(
                r#"yamlencode([{"a\nb"="x"}])"#,
                r#""- ? |-\n    a\n    b\n  : \"x\"\n""#,
            ),
            ok(
                r#"yamlencode({a="x\n\u2028y"})"#,
                r#""\"a\": |-\n  x\n\u2028  y\n""#,
            ),
            ok(r#"yamlencode({a="  "})"#, r#""\"a\": \"  \"\n""#),
            ok(
                r#"yamlencode(["a very long string that has exactly enough words to wrap around the eighty column mark x"])"#,
                r#""- \"a very long string that has exactly enough words to wrap around the eighty column\n  mark x\"\n""#,
            ),
            ok(
                r#"format("%v", [1, {a="<"}])"#,
                r#""[1,{\"a\":\"\\u003c\"}]""#,
            ),
            ok(r#"format("%8v|", [1])"#, r#""     [1]|""#),
            ok(r#"format("%-8v|", true)"#, r#""true    |""#),
            ok(r#"format("%05v", -5)"#, r#""000-5""#),
            ok(r#"format("%v", 0)"#, r#""0""#),
            ok(r#"format("%v", -0.5)"#, r#""-0.5""#),
            ok(r#"format("%g", 0)"#, r#""0""#),
            ok(r#"format("%e", 0)"#, r#""0.000000e+00""#),
            ok(r#"format("%f", -0.0001)"#, r#""-0.000100""#),
            ok(r#"format("%.3f", 1e-10)"#, r#""0.000""#),
            ok(r#"format("%d", -0)"#, r#""0""#),
            ok(r#"format("%x", 1e20)"#, r#""56bc75e2d63100000""#),
            ok(r#"format("%b", 0)"#, r#""0""#),
            ok(r#"format("%+d|% d|%+ d", -5, -5, 5)"#, r#""-5|-5|+5""#),
            err(
                r#"format("%2$s", "a")"#,
                r#"Call to function "format" failed: unrecognized format character '$' at offset 2."#,
            ),
            err(
                r#"format("%[2]", "a")"#,
                r#"Call to function "format" failed: invalid format string starting at offset 4."#,
            ),
            err(
                r#"format("%[1", "a")"#,
                r#"Call to function "format" failed: invalid format string starting at offset 3."#,
            ),
            err(
                r#"format("%.", 1)"#,
                r#"Call to function "format" failed: invalid format string starting at offset 2."#,
            ),
            err(
                r#"format("%-", 1)"#,
                r#"Call to function "format" failed: invalid format string starting at offset 2."#,
            ),
            ok(r#"format("%s", "%d")"#, r#""%d""#),
            ok(r#"format("%%%s%%", "x")"#, r#""%x%""#),
            ok(r#"format("héllo %s wörld", "ü")"#, r#""héllo ü wörld""#),
            ok(r#"format("%s", 1.5)"#, r#""1.5""#),
            ok(r#"format("%q", true)"#, r#""\"true\"""#),
            err(
                r#"format("%q", [1])"#,
                r#"Call to function "format" failed: unsupported value for "%q" at 0: string required."#,
            ),
            ok(r#"format("%t", "false")"#, r#""false""#),
            err(
                r#"format("%t", "yes")"#,
                r#"Call to function "format" failed: unsupported value for "%t" at 0: a bool is required."#,
            ),
            err(
                r#"format("%d", true)"#,
                r#"Call to function "format" failed: unsupported value for "%d" at 0: number required."#,
            ),
            err(
                r#"formatlist("%d", [1, 2.5])"#,
                r#"Call to function "formatlist" failed: error on format iteration 1: unsupported value for "%d" at 0: an integer is required."#,
            ),
            ok(r#"formatlist("%s %s", [1, 2], [3, 4])"#, r#"["1 3","2 4"]"#),
            err(
                r#"formatlist("%s", [[1]])"#,
                r#"Call to function "formatlist" failed: error on format iteration 0: unsupported value for "%s" at 0: string required."#,
            ),
            ok(r#"join("", ["a", "b"])"#, r#""ab""#),
            ok(r#"join(",", ["a"], [])"#, r#""a""#),
            ok(r#"split("ab", "xabyabz")"#, r#"["x","y","z"]"#),
            ok(r#"split(".", "a.b.")"#, r#"["a","b",""]"#),
            ok(r#"replace("aaa", "a", "aa")"#, r#""aaaaaa""#),
            ok(r#"replace("héllo", "é", "e")"#, r#""hello""#),
            ok(r#"replace("abc", "/(?P<x>b)/", "[$x]")"#, r#""a[b]c""#),
            ok(r#"replace("abc", "/b/", "$$")"#, r#""a$c""#),
            ok(r#"replace("abc", "/b/", "$1")"#, r#""ac""#),
            ok(
                r#"replace("a1b2", "/(\\d)/", "<$1>")"#,
                r#""a\u003c1\u003eb\u003c2\u003e""#,
            ),
            ok(r#"replace("hello", "/L/", "x")"#, r#""hello""#),
            ok(r#"replace("hello", "/(?i)L/", "x")"#, r#""hexxo""#),
            ok(
                r#"regex("^(\\w+)@(\\w+)\\.com$", "me@example.com")"#,
                r#"["me","example"]"#,
            ),
            ok(
                r#"regexall("(?P<k>\\w+)=(?P<v>\\w+)", "a=1 b=2")"#,
                r#"[{"k":"a","v":"1"},{"k":"b","v":"2"}]"#,
            ),
            ok(r#"regexall("", "ab")"#, r#"["","",""]"#),
            ok(r#"regex("a|", "xyz")"#, r#""""#),
            ok(r#"regex("\\bfoo\\b", "a foo b")"#, r#""foo""#),
            ok(r#"regex("[\\d]+", "x42y")"#, r#""42""#),
            ok(r#"regex("[^\\w]+", "ab!?cd")"#, r#""!?""#),
            ok(r#"regex("\\s+", "a \t b")"#, r#"" \t ""#),
            ok(r#"regex("(?s)a.b", "a\nb")"#, r#""a\nb""#),
            err(
                r#"regex("a.b", "a\nb")"#,
                r#"Call to function "regex" failed: pattern did not match any part of the given string."#,
            ),
            ok(r#"regex("(?m)^b$", "a\nb\nc")"#, r#""b""#),
            ok(r#"regex("[]a]+", "]a]")"#, r#""]a]""#),
            ok(r#"regex("\\pL+", "123héllo")"#, r#""héllo""#),
            ok(r#"regex("x{2,3}", "xxxx")"#, r#""xxx""#),
            ok(r#"regex("\\Q*\\E+", "a***")"#, r#""***""#),
            ok(r#"substr("hello", -1, 1)"#, r#""o""#),
            ok(r#"substr("hello", 2, 0)"#, r#""""#),
            ok(r#"substr("", 0, 1)"#, r#""""#),
            ok(r#"substr("héllo", 1, 1)"#, r#""é""#),
            ok(r#"upper("éé")"#, r#""ÉÉ""#),
            ok(r#"lower("ΑΣ")"#, r#""ασ""#),
            ok(r#"title("")"#, r#""""#),
            ok(r#"title("ǆemal")"#, r#""ǅemal""#),
            ok(r#"trimspace("\u00a0x\u00a0")"#, r#""x""#),
            ok(r#"trim("aabbaa", "a")"#, r#""bb""#),
            ok(r#"trimprefix("aaa", "a")"#, r#""aa""#),
            ok(r#"chomp("\n")"#, r#""""#),
            ok(r#"indent(3, "")"#, r#""""#),
            ok(r#"indent(1, "\n")"#, r#""\n ""#),
            ok(r#"strrev("")"#, r#""""#),
            ok(r#"strrev("👍🏽x")"#, r#""x👍🏽""#),
            ok(r#"length("🇺🇸🇫🇷")"#, r#"2"#),
            ok(r#"length("\r\n")"#, r#"1"#),
            ok(r#"length("a\u200db")"#, r#"2"#),
            ok(r#"length("👨‍👩‍👧")"#, r#"1"#),
            ok(r#"length(toset(["a", "a"]))"#, r#"1"#),
            ok(r#"contains([], "a")"#, r#"false"#),
            ok(r#"contains(["a", "b"], "b")"#, r#"true"#),
            ok(r#"contains([1, 2], 2)"#, r#"true"#),
            ok(r#"contains([true], true)"#, r#"true"#),
            err(
                r#"contains([tostring(null)], tostring(null))"#,
                r#"Invalid value for "value" parameter: argument must not be null."#,
            ),
            ok(r#"index(["a", "b", "a"], "a")"#, r#"0"#),
            ok(r#"distinct([])"#, r#"[]"#),
            ok(r#"distinct([1, 2, 1])"#, r#"[1,2]"#),
            ok(r#"distinct(["b", "a", "b"])"#, r#"["b","a"]"#),
            ok(r#"element([[1], [2]], 1)"#, r#"[2]"#),
            ok(r#"element(["a"], 1000000)"#, r#""a""#),
            ok(r#"flatten([])"#, r#"[]"#),
            ok(r#"flatten([[], [[]]])"#, r#"[]"#),
            ok(r#"flatten([tostring(null), [1]])"#, r#"[null,1]"#),
            ok(r#"keys({b={}, a=[]})"#, r#"["a","b"]"#),
            ok(r#"values({b={}, a=[]})"#, r#"[[],{}]"#),
            ok(r#"lookup({}, "a", "d")"#, r#""d""#),
            ok(r#"lookup({a=tostring(null)}, "a", "d")"#, r#"null"#),
            ok(r#"merge({a={x=1}}, {a={y=2}})"#, r#"{"a":{"y":2}}"#),
            ok(r#"merge({a=1}, {b=2}, {c=3})"#, r#"{"a":1,"b":2,"c":3}"#),
            ok(r#"merge(tomap({a="x"}), {b=1})"#, r#"{"a":"x","b":1}"#),
            ok(r#"one([[1, 2]])"#, r#"[1,2]"#),
            ok(r#"reverse([])"#, r#"[]"#),
            ok(r#"reverse([[1], "a"])"#, r#"["a",[1]]"#),
            ok(r#"setintersection(["a", "b"], [])"#, r#"[]"#),
            ok(
                r#"setproduct(["a"], ["b"], ["c", "d"])"#,
                r#"[["a","b","c"],["a","b","d"]]"#,
            ),
            ok(r#"setproduct([1, 2], [])"#, r#"[]"#),
            ok(r#"setsubtract([], ["a"])"#, r#"[]"#),
            ok(r#"setunion([], [])"#, r#"[]"#),
            ok(r#"setunion([3, 1], [2])"#, r#"[1,2,3]"#),
            ok(r#"slice(["a", "b"], 0, 0)"#, r#"[]"#),
            ok(r#"slice(["a", "b"], 2, 2)"#, r#"[]"#),
            err(
                r#"slice(["a", "b"], 1.5, 2)"#,
                r#"Invalid value for "start_index" parameter: invalid start index: value must be a whole number, between -9223372036854775808 and 9223372036854775807."#,
            ),
            ok(r#"sort(["B", "a", "A", "b"])"#, r#"["A","B","a","b"]"#),
            ok(r#"sort(["é", "z", "e"])"#, r#"["e","z","é"]"#),
            ok(r#"sum([-1, 1])"#, r#"0"#),
            ok(
                r#"sum([1e300, 1e300])"#,
                r#"2000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"#,
            ),
            err(
                r#"sum([true])"#,
                r#"Invalid value for "list" parameter: argument must be list, set, or tuple of number values."#,
            ),
            ok(r#"transpose({})"#, r#"{}"#),
            ok(r#"transpose({a=[]})"#, r#"{}"#),
            ok(
                r#"transpose({a=["x"], b=["x"], c=["y", "x"]})"#,
                r#"{"x":["a","b","c"],"y":["c"]}"#,
            ),
            ok(r#"zipmap([], [])"#, r#"{}"#),
            ok(r#"zipmap(["a"], [[1, 2]])"#, r#"{"a":[1,2]}"#),
            ok(r#"zipmap(["b", "a"], ["x", "y"])"#, r#"{"a":"y","b":"x"}"#),
            ok(r#"tostring(tonumber("1.50"))"#, r#""1.5""#),
            ok(r#"tostring(-0.5)"#, r#""-0.5""#),
            ok(r#"tostring(123456789)"#, r#""123456789""#),
            ok(r#"tonumber("-0")"#, r#"-0"#),
            ok(r#"tonumber(".5")"#, r#"0.5"#),
            ok(r#"tonumber("5.")"#, r#"5"#),
            err(
                r#"tonumber("1e")"#,
                r#"Invalid value for "v" parameter: cannot convert "1e" to number; given string must be a decimal representation of a number."#,
            ),
            err(
                r#"tonumber("")"#,
                r#"Invalid value for "v" parameter: cannot convert "" to number; given string must be a decimal representation of a number."#,
            ),
            ok(r#"tolist([])"#, r#"[]"#),
            ok(r#"toset([])"#, r#"[]"#),
            ok(r#"toset([1, "1"])"#, r#"["1"]"#),
            ok(r#"toset(["b", tostring(null), "a"])"#, r#"["a","b",null]"#),
            ok(r#"tomap({})"#, r#"{}"#),
            ok(
                r#"tomap({a={x=1}, b={x=2}})"#,
                r#"{"a":{"x":1},"b":{"x":2}}"#,
            ),
            err(
                r#"tostring({})"#,
                r#"Invalid value for "v" parameter: cannot convert object to string."#,
            ),
            err(
                r#"tonumber([])"#,
                r#"Invalid value for "v" parameter: cannot convert tuple to number."#,
            ),
            err(
                r#"tobool({})"#,
                r#"Invalid value for "v" parameter: cannot convert object to bool."#,
            ),
            err(
                r#"tobool("TRUE")"#,
                r#"Invalid value for "v" parameter: cannot convert "TRUE" to bool; only the strings "true" or "false" are allowed."#,
            ),
            ok(r#"base64encode("")"#, r#""""#),
            ok(r#"base64decode("")"#, r#""""#),
            ok(r#"base64decode("YQ==\n")"#, r#""a""#),
            ok(r#"base64decode("YR==")"#, r#""a""#),
            err(
                r#"base64decode("YQ")"#,
                r#"Call to function "base64decode" failed: failed to decode base64 data "YQ"."#,
            ),
            err(
                r#"base64decode("Y===")"#,
                r#"Call to function "base64decode" failed: failed to decode base64 data "Y==="."#,
            ),
            ok(r#"urlencode("")"#, r#""""#),
            ok(r#"urlencode("100%")"#, r#""100%25""#),
            ok(r#"urlencode("\n")"#, r#""%0A""#),
            ok(r#"jsonencode([[[]]])"#, r#""[[[]]]""#),
            ok(
                r#"jsonencode({a={b={c=[1, "2", true, tostring(null)]}}})"#,
                r#""{\"a\":{\"b\":{\"c\":[1,\"2\",true,null]}}}""#,
            ),
            ok(
                r#"jsonencode("\t\r\n\\\"/")"#,
                r#""\"\\t\\r\\n\\\\\\\"/\"""#,
            ),
            ok(r#"jsonencode(0.1)"#, r#""0.1""#),
            ok(r#"jsonencode(-1.5e-7)"#, r#""-0.00000015""#),
            ok(r#"jsonencode(123456789012)"#, r#""123456789012""#),
            ok(r#"jsondecode("[]")"#, r#"[]"#),
            ok(r#"jsondecode("{}")"#, r#"{}"#),
            ok(r#"jsondecode("null")"#, r#"null"#),
            ok(r#"jsondecode("\"x\"")"#, r#""x""#),
            ok(r#"jsondecode("1.0")"#, r#"1"#),
            ok(r#"jsondecode("-0.5e-3")"#, r#"-0.0005"#),
            ok(r#"jsondecode("  [1, 2]  ")"#, r#"[1,2]"#),
            err_like(
                r#"jsondecode("")"#,
                r#"Call to function "jsondecode" failed: "#,
            ),
            ok(
                r#"jsondecode("{\"a\": {\"b\": [1, {\"c\": null}]}}")"#,
                r#"{"a":{"b":[1,{"c":null}]}}"#,
            ),
            ok(r#"csvdecode("a")"#, r#"[]"#),
            ok(
                r#"csvdecode("a,b\n\"1\",\"2\"\n")"#,
                r#"[{"a":"1","b":"2"}]"#,
            ),
            ok(r#"csvdecode("\"a b\",c\n1,2")"#, r#"[{"a b":"1","c":"2"}]"#),
            err(
                r#"csvdecode("a,b\n1,2,3")"#,
                r#"Call to function "csvdecode" failed: CSV parse error on line 2: wrong number of fields."#,
            ),
            err(
                r#"csvdecode("a\n\"unterminated")"#,
                r#"Call to function "csvdecode" failed: CSV parse error on line 2: extraneous or missing " in quoted-field."#,
            ),
            ok(r#"csvdecode("a,b\n,\n")"#, r#"[{"a":"","b":""}]"#),
            ok(r#"csvdecode("a;b\n1;2")"#, r#"[{"a;b":"1;2"}]"#),
            ok(r#"csvdecode("a\n\n\n1\n")"#, r#"[{"a":"1"}]"#),
            ok(r#"textencodebase64("", "UTF-8")"#, r#""""#),
            ok(r#"textencodebase64("é", "UTF-16BE")"#, r#""AOk=""#),
            ok(r#"textdecodebase64("", "UTF-16LE")"#, r#""""#),
            ok(r#"textdecodebase64("w6k=", "UTF-8")"#, r#""é""#),
            err(
                r#"textdecodebase64("/w==", "UTF-8")"#,
                r#"Invalid value for "source" parameter: the given string contains symbols that are not defined for UTF-8."#,
            ),
            ok(r#"textdecodebase64("6WE=", "windows-1252")"#, r#""éa""#),
            err(
                r#"textdecodebase64("YQ", "UTF-8")"#,
                r#"Invalid value for "source" parameter: the given value is has an invalid base64 symbol at offset 0."#,
            ),
            ok(r#"basename("a/b/")"#, r#""b""#),
            ok(r#"basename("//")"#, r#""/""#),
            ok(r#"basename("a//b")"#, r#""b""#),
            ok(r#"dirname("a/b/")"#, r#""a/b""#),
            ok(r#"dirname("./a")"#, r#"".""#),
            ok(r#"dirname("../a/b")"#, r#""../a""#),
            ok(r#"dirname("/a/b/../../..")"#, r#""/""#),
            ok(r#"abs(-0)"#, r#"0"#),
            ok(r#"abs("-3")"#, r#"3"#),
            ok(r#"ceil(-0.5)"#, r#"0"#),
            ok(
                r#"ceil(1e300)"#,
                r#"1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"#,
            ),
            ok(r#"floor(0.99999)"#, r#"0"#),
            ok(r#"log(8, 2)"#, r#"3"#),
            ok(r#"log(100, 10)"#, r#"2"#),
            ok(r#"log(2, 0.5)"#, r#"-1"#),
            ok(r#"max(1)"#, r#"1"#),
            ok(r#"max(-1, -2)"#, r#"-1"#),
            err(
                r#"max("a")"#,
                r#"Invalid value for "numbers" parameter: a number is required."#,
            ),
            ok(r#"min(1, 1e300)"#, r#"1"#),
            ok(r#"pow(2, 10)"#, r#"1024"#),
            ok(r#"pow(-2, 3)"#, r#"-8"#),
            ok(r#"pow(10, -2)"#, r#"0.01"#),
            ok(
                r#"pow(2, 1000)"#,
                r#"10715086071862673000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"#,
            ),
            ok(r#"parseint("0", 2)"#, r#"0"#),
            ok(r#"parseint("-0", 10)"#, r#"0"#),
            ok(r#"parseint("777", 8)"#, r#"511"#),
            err(
                r#"parseint("10", 1.5)"#,
                r#"Invalid value for "base" parameter: value must be a whole number, between -9223372036854775808 and 9223372036854775807."#,
            ),
            err(
                r#"parseint(255, 16)"#,
                r#"Invalid value for "number" parameter: first argument must be a string, not number."#,
            ),
            ok(r#"parseint("1z", 36)"#, r#"71"#),
            err(
                r#"parseint(" 1", 10)"#,
                r#"Invalid value for "number" parameter: cannot parse " 1" as a base 10 integer."#,
            ),
            err(
                r#"signum(-0.001)"#,
                r#"Call to function "signum" failed: value must be a whole number, between -9223372036854775808 and 9223372036854775807."#,
            ),
            ok(r#"signum("5")"#, r#"1"#),
            ok(r#"md5("é")"#, r#""66ddcd97cfdeabb2f6fb8a999b4bc76f""#),
            ok(
                r#"sha1("")"#,
                r#""da39a3ee5e6b4b0d3255bfef95601890afd80709""#,
            ),
            ok(
                r#"sha512("")"#,
                r#""cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e""#,
            ),
            ok(
                r#"base64sha256("")"#,
                r#""47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=""#,
            ),
            ok(
                r#"uuidv5("dns", "")"#,
                r#""4ebd0208-8328-5d69-8c44-ec50939c0967""#,
            ),
            err(
                r#"uuidv5("6ba7b810-9dad-11d1-80b4-00c04fd430cg", "x")"#,
                r#"Call to function "uuidv5" failed: uuidv5() doesn't support namespace 6ba7b810-9dad-11d1-80b4-00c04fd430cg (invalid UUID format)."#,
            ),
            err(
                r#"uuidv5("6ba7b810x9dad-11d1-80b4-00c04fd430c8", "x")"#,
                r#"Call to function "uuidv5" failed: uuidv5() doesn't support namespace 6ba7b810x9dad-11d1-80b4-00c04fd430c8 (invalid UUID format)."#,
            ),
            ok(r#"cidrhost("10.0.0.0/8", 0)"#, r#""10.0.0.0""#),
            ok(r#"cidrhost("10.0.0.0/8", 16777215)"#, r#""10.255.255.255""#),
            err(
                r#"cidrhost("10.0.0.0/8", 16777216)"#,
                r#"Call to function "cidrhost" failed: prefix of 8 does not accommodate a host numbered 16777216."#,
            ),
            ok(r#"cidrhost("10.0.0.0/8", "5")"#, r#""10.0.0.5""#),
            ok(r#"cidrhost("1.2.3.4/32", -1)"#, r#""1.2.3.4""#),
            err(
                r#"cidrhost("1.2.3.4/32", 1)"#,
                r#"Call to function "cidrhost" failed: prefix of 32 does not accommodate a host numbered 1."#,
            ),
            ok(
                r#"cidrhost("2001:db8::/32", 4294967296)"#,
                r#""2001:db8::1:0:0""#,
            ),
            ok(
                r#"cidrhost("2001:db8::/64", -1)"#,
                r#""2001:db8::ffff:ffff:ffff:ffff""#,
            ),
            err(
                r#"cidrhost("256.0.0.0/8", 1)"#,
                r#"Call to function "cidrhost" failed: invalid CIDR expression: invalid CIDR address: 256.0.0.0/8."#,
            ),
            err(
                r#"cidrhost("1.2.3/8", 1)"#,
                r#"Call to function "cidrhost" failed: invalid CIDR expression: invalid CIDR address: 1.2.3/8."#,
            ),
            err(
                r#"cidrhost("1.2.3.4/", 1)"#,
                r#"Call to function "cidrhost" failed: invalid CIDR expression: invalid CIDR address: 1.2.3.4/."#,
            ),
            err(
                r#"cidrhost("1.2.3.4/+8", 1)"#,
                r#"Call to function "cidrhost" failed: invalid CIDR expression: invalid CIDR address: 1.2.3.4/+8."#,
            ),
            ok(r#"cidrhost("1.2.3.4/08", 1)"#, r#""1.0.0.1""#),
            err(
                r#"cidrhost("::1::/64", 1)"#,
                r#"Call to function "cidrhost" failed: invalid CIDR expression: invalid CIDR address: ::1::/64."#,
            ),
            err(
                r#"cidrhost("1:2:3:4:5:6:7:8:9/64", 1)"#,
                r#"Call to function "cidrhost" failed: invalid CIDR expression: invalid CIDR address: 1:2:3:4:5:6:7:8:9/64."#,
            ),
            ok(r#"cidrhost("::1.2.3.4/120", 1)"#, r#""::102:301""#),
            err(
                r#"cidrhost("fe80::1%eth0/64", 1)"#,
                r#"Call to function "cidrhost" failed: invalid CIDR expression: invalid CIDR address: fe80::1%eth0/64."#,
            ),
            ok(r#"cidrhost("2001:DB8::/32", 10)"#, r#""2001:db8::a""#),
            ok(r#"cidrnetmask("10.0.0.0/8")"#, r#""255.0.0.0""#),
            ok(r#"cidrnetmask("10.0.0.0/31")"#, r#""255.255.255.254""#),
            ok(r#"cidrsubnet("10.0.0.0/8", 8, 255)"#, r#""10.255.0.0/16""#),
            ok(
                r#"cidrsubnet("10.0.0.0/8", 24, 16777215)"#,
                r#""10.255.255.255/32""#,
            ),
            err(
                r#"cidrsubnet("10.0.0.0/8", 25, 0)"#,
                r#"Call to function "cidrsubnet" failed: insufficient address space to extend prefix of 8 by 25."#,
            ),
            ok(
                r#"cidrsubnet("2001:db8::/32", 96, 0)"#,
                r#""2001:db8::/128""#,
            ),
            err(
                r#"cidrsubnet("2001:db8::/32", 97, 0)"#,
                r#"Call to function "cidrsubnet" failed: insufficient address space to extend prefix of 32 by 97."#,
            ),
            ok(
                r#"cidrsubnet("192.168.0.0/16", 8, "3")"#,
                r#""192.168.3.0/24""#,
            ),
            ok(r#"cidrsubnets("10.0.0.0/8", 8)"#, r#"["10.0.0.0/16"]"#),
            ok(
                r#"cidrsubnets("10.0.0.0/8", 24, 24)"#,
                r#"["10.0.0.0/32","10.0.0.1/32"]"#,
            ),
            ok(
                r#"cidrsubnets("10.0.0.0/8", 1, 2, 3, 4)"#,
                r#"["10.0.0.0/9","10.128.0.0/10","10.192.0.0/11","10.224.0.0/12"]"#,
            ),
            ok(
                r#"cidrsubnets("10.0.0.0/30", 1, 1)"#,
                r#"["10.0.0.0/31","10.0.0.2/31"]"#,
            ),
            ok(
                r#"cidrsubnets("10.0.0.0/30", 2, 2, 2, 2)"#,
                r#"["10.0.0.0/32","10.0.0.1/32","10.0.0.2/32","10.0.0.3/32"]"#,
            ),
            err(
                r#"cidrsubnets("10.0.0.0/30", 2, 2, 2, 2, 2)"#,
                r#"Invalid value for "newbits" parameter: not enough remaining address space for a subnet with a prefix of 32 bits after 10.0.0.3/32."#,
            ),
            ok(
                r#"cidrsubnets("2001:db8::/32", 32, 32)"#,
                r#"["2001:db8::/64","2001:db8:0:1::/64"]"#,
            ),
            ok(
                r#"formatdate("D/M/YY", "2009-11-07T01:02:03Z")"#,
                r#""7/11/09""#,
            ),
            ok(
                r#"formatdate("h H AA aa", "2009-11-07T12:00:00Z")"#,
                r#""12 12 PM pm""#,
            ),
            ok(
                r#"formatdate("h H AA aa", "2009-11-07T00:30:00Z")"#,
                r#""0 12 AM am""#,
            ),
            ok(
                r#"formatdate("EEEE", "2024-02-29T00:00:00Z")"#,
                r#""Thursday""#,
            ),
            ok(
                r#"formatdate("EEEE", "1970-01-01T00:00:00Z")"#,
                r#""Thursday""#,
            ),
            ok(
                r#"formatdate("EEEE", "1969-12-31T23:59:59Z")"#,
                r#""Wednesday""#,
            ),
            ok(
                r#"formatdate("YYYY-MM-DD hh:mm", "2023-12-31T23:30:00-01:00")"#,
                r#""2023-12-31 23:30""#,
            ),
            ok(
                r#"formatdate("YYYY-MM-DD hh:mm ZZZZZ", "2023-12-31T23:30:00+14:00")"#,
                r#""2023-12-31 23:30 +14:00""#,
            ),
            err(
                r#"formatdate("MMMMM", "2023-12-31T23:30:00Z")"#,
                r#"Invalid value for "format" parameter: invalid date format verb "MMMMM": month must be "M", "MM", "MMM", or "MMMM"."#,
            ),
            err(
                r#"formatdate("DDD", "2023-12-31T23:30:00Z")"#,
                r#"Invalid value for "format" parameter: invalid date format verb "DDD": day of month must either be "D" or "DD"."#,
            ),
            err(
                r#"formatdate("EE", "2023-12-31T23:30:00Z")"#,
                r#"Invalid value for "format" parameter: invalid date format verb "EE": day of week must either be "EEE" or "EEEE"."#,
            ),
            err(
                r#"formatdate("hhh", "2023-12-31T23:30:00Z")"#,
                r#"Invalid value for "format" parameter: invalid date format verb "hhh": 24-hour must either be "h" or "hh"."#,
            ),
            err(
                r#"formatdate("A", "2023-12-31T23:30:00Z")"#,
                r#"Invalid value for "format" parameter: invalid date format verb "A": must be "AA"."#,
            ),
            ok(r#"formatdate("", "2023-12-31T23:30:00Z")"#, r#""""#),
            ok(r#"formatdate("''", "2023-12-31T23:30:00Z")"#, r#""'""#),
            ok(
                r#"formatdate("'a''b'", "2023-12-31T23:30:00Z")"#,
                r#""a'b""#,
            ),
            err(
                r#"formatdate("YYYY", "2023-12-31T23:30:00")"#,
                r#"Invalid value for "time" parameter: not a valid RFC3339 timestamp: end of string before UTC offset."#,
            ),
            err(
                r#"formatdate("YYYY", "2023-12-31T23:30Z")"#,
                r#"Invalid value for "time" parameter: not a valid RFC3339 timestamp: found "Z" where ":" is expected."#,
            ),
            err(
                r#"formatdate("YYYY", "2023-12-31 23:30:00Z")"#,
                r#"Invalid value for "time" parameter: not a valid RFC3339 timestamp: missing required time introducer 'T'."#,
            ),
            err(
                r#"formatdate("YYYY", "2023/12/31T23:30:00Z")"#,
                r#"Invalid value for "time" parameter: not a valid RFC3339 timestamp: found "/12/31T23:30:00Z" where "-" is expected."#,
            ),
            err(
                r#"formatdate("YYYY", "23-12-31T23:30:00Z")"#,
                r#"Invalid value for "time" parameter: not a valid RFC3339 timestamp: cannot use "23-12-31T23:30:00Z" as year."#,
            ),
            err(
                r#"formatdate("YYYY", "2023-12-31T23:60:00Z")"#,
                r#"Invalid value for "time" parameter: not a valid RFC3339 timestamp: minute must have exactly two digits."#,
            ),
            err(
                r#"formatdate("YYYY", "2023-12-31T23:30:00+0100")"#,
                r#"Invalid value for "time" parameter: not a valid RFC3339 timestamp: cannot use "+0100" as UTC offset."#,
            ),
            err(
                r#"formatdate("YYYY", "2023-00-31T23:30:00Z")"#,
                r#"Invalid value for "time" parameter: not a valid RFC3339 timestamp: cannot use "-31T23:30:00Z" as month."#,
            ),
            err(
                r#"formatdate("YYYY", "2023-12-00T23:30:00Z")"#,
                r#"Invalid value for "time" parameter: not a valid RFC3339 timestamp: day out of range."#,
            ),
            err(
                r#"formatdate("YYYY", "2023-12-31T23:30:00.Z")"#,
                r#"Invalid value for "time" parameter: not a valid RFC3339 timestamp: cannot use ".Z" as UTC offset."#,
            ),
            err(
                r#"formatdate("YYYY", "2023-2-31T23:30:00Z")"#,
                r#"Invalid value for "time" parameter: not a valid RFC3339 timestamp: cannot use "2-31T23:30:00Z" as month."#,
            ),
            ok(
                r#"timeadd("2024-01-01T00:00:00Z", "1h1m1s1ms1us1ns")"#,
                r#""2024-01-01T01:01:01Z""#,
            ),
            ok(
                r#"timeadd("2024-01-01T00:00:00Z", "-0.5s")"#,
                r#""2023-12-31T23:59:59Z""#,
            ),
            err(
                r#"timeadd("2024-01-01T00:00:00Z", "1.5")"#,
                r#"Call to function "timeadd" failed: time: missing unit in duration "1.5"."#,
            ),
            err(
                r#"timeadd("2024-01-01T00:00:00Z", "h")"#,
                r#"Call to function "timeadd" failed: time: invalid duration "h"."#,
            ),
            err(
                r#"timeadd("2024-01-01T00:00:00Z", "-")"#,
                r#"Call to function "timeadd" failed: time: invalid duration "-"."#,
            ),
            err(
                r#"timeadd("2024-01-01T00:00:00Z", "1H")"#,
                r#"Call to function "timeadd" failed: time: unknown unit "H" in duration "1H"."#,
            ),
            err(
                r#"timeadd("2024-01-01T00:00:00Z", "3000000h")"#,
                r#"Call to function "timeadd" failed: time: invalid duration "3000000h"."#,
            ),
            ok(
                r#"timeadd("2024-01-01T00:00:00-07:00", "24h")"#,
                r#""2024-01-02T00:00:00-07:00""#,
            ),
            err(
                r#"timeadd("nope", "1h")"#,
                r#"Call to function "timeadd" failed: not a valid RFC3339 timestamp: cannot use "nope" as year."#,
            ),
            ok(
                r#"timecmp("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z")"#,
                r#"0"#,
            ),
            ok(
                r#"timecmp("2024-01-01T00:00:00+05:00", "2024-01-01T00:00:00Z")"#,
                r#"-1"#,
            ),
            err(
                r#"timecmp("2024-01-01T00:00:00Z", "nope")"#,
                r#"Invalid value for "timestamp_b" parameter: not a valid RFC3339 timestamp: cannot use "nope" as year."#,
            ),
            ok(r#"fileset("", "a.txt")"#, r#"["a.txt"]"#),
            ok(r#"fileset("", "*.txt")"#, r#"["a.txt"]"#),
            ok(r#"fileset(".", "")"#, r#"[]"#),
            ok(r#"fileset("sub", "")"#, r#"[]"#),
            ok(r#"fileset("", "")"#, r#"[]"#),
            err(
                r#"fileset(".", "su[b/]x")"#,
                r#"Call to function "fileset" failed: failed to glob pattern "su[b/]x": syntax error in pattern."#,
            ),
            err(
                r#"fileset(".", "{sub/b,a}.txt")"#,
                r#"Call to function "fileset" failed: failed to glob pattern "{sub/b,a}.txt": syntax error in pattern."#,
            ),
            ok(r#"fileset(".", "s?b/*")"#, r#"["sub/b.txt"]"#),
            ok(r#"fileset(".", "*/deep/*")"#, r#"["sub/deep/c.md"]"#),
            ok(
                r#"yamldecode("a: 1\nb: [x, 'y', \"z\"]\nc: yes\nd: ~\ne: 1.5\nf: 0x10\ng: 2001-12-14\nh: true\n")"#,
                r#"{"a":1,"b":["x","y","z"],"c":true,"d":null,"e":1.5,"f":16,"g":"2001-12-14T00:00:00Z","h":true}"#,
            ),
            ok(r#"yamldecode("1: x\ntrue: y")"#, r#"{"1":"x","true":true}"#),
            ok(
                r#"yamldecode("a: Yes\nb: NO\nc: on\nd: True\ne: NULL\nf: null\ng: Null")"#,
                r#"{"a":true,"b":false,"c":true,"d":true,"e":null,"f":null,"g":null}"#,
            ),
            ok(
                r#"yamldecode("a: 'yes'\nb: \"on\"\nc: 'y'\nd: \"2001-12-14\"\ne: 'true'\nf: '1'")"#,
                r#"{"a":"yes","b":"on","c":"y","d":"2001-12-14","e":"true","f":"1"}"#,
            ),
            ok(
                r#"yamldecode("[y, n, Y, N, off, OFF, On]")"#,
                r#"[true,false,true,false,false,false,true]"#,
            ),
            ok(
                r#"yamldecode("{yes: 1, no: 2, 'on': 3}")"#,
                r#"{"false":2,"on":3,"true":1}"#,
            ),
            ok(
                r#"yamldecode("a: 2001-12-14t21:59:43.10-05:00\nb: 2001-12-14 21:59:43.10\nc: 2001-12-14T21:59:43Z\nd: 2001-1-2")"#,
                r#"{"a":"2001-12-14T21:59:43-05:00","b":"2001-12-14T21:59:43Z","c":"2001-12-14T21:59:43Z","d":"2001-01-02T00:00:00Z"}"#,
            ),
            ok(
                r#"yamldecode("a: 012\nb: 0o17\nc: +5\nf: 1_000\ng: .5\ni: 1e3\nj: 5.\nk: +.5\nl: 0012.50\nm: 0x1F")"#,
                r#"{"a":12,"b":15,"c":5,"f":"1_000","g":0.5,"i":1000,"j":5,"k":0.5,"l":12.5,"m":31}"#,
            ),
            err(
                r#"yamldecode("a: .nan")"#,
                r#"Call to function "yamldecode" failed: floating point NaN is not supported."#,
            ),
            ok(
                r#"yamldecode("a: !!str yes\nb: !!str 2001-12-14\nc: [!!str on, off]")"#,
                r#"{"a":"yes","b":"2001-12-14","c":["on",false]}"#,
            ),
            ok(
                r#"yamldecode("a: |\n  yes\nb: >\n  no\n")"#,
                r#"{"a":"yes\n","b":"no\n"}"#,
            ),
            ok(
                r#"yamldecode("a: 'it''s'\nb: \"tab\\there\"\nc: plain text here\nd: yes please")"#,
                r#"{"a":"it's","b":"tab\there","c":"plain text here","d":"yes please"}"#,
            ),
            ok(
                r#"yamldecode("- - yes\n  - 'no'\n- {a: off}")"#,
                r#"[[true,"no"],{"a":false}]"#,
            ),
            ok(
                r#"yamldecode("a: &x yes\nb: *x")"#,
                r#"{"a":true,"b":true}"#,
            ),
            err_like(
                r#"yamldecode("? [a]\n: b")"#,
                r#"Call to function "yamldecode" failed: "#,
            ),
            ok(r#"yamldecode("a: 2001-13-14")"#, r#"{"a":"2001-13-14"}"#),
            ok(r#"yamldecode("a: 2001-02-29")"#, r#"{"a":"2001-02-29"}"#),
        ]
    }

    #[test]
    fn matches_terraform() {
        let cases = terraform_cases();
        assert!(cases.len() > 600);
        let failures: Vec<String> = with_ctx(|ctx| {
            cases
                .iter()
                .filter_map(|(src, expect)| {
                    let got = run(src, ctx);
                    let fine = match (expect, &got) {
                        (Expect::Json(j), Ok(v)) => {
                            let want: J = serde_json::from_str(j).expect("expected JSON parses");
                            json_close(&v.to_json(), &want) && v.is_fully_known()
                        }
                        (Expect::Error(m), Err(FnError::Invalid(g))) => g == m,
                        (Expect::ErrorLike(m), Err(FnError::Invalid(g))) => g.contains(m),
                        _ => false,
                    };
                    (!fine).then(|| {
                        let want = match expect {
                            Expect::Json(j) => j.to_string(),
                            Expect::Error(m) | Expect::ErrorLike(m) => format!("error {m}"),
                        };
                        let got = match got {
                            Ok(v) => v.to_json().to_string(),
                            Err(e) => format!("{e:?}"),
                        };
                        format!("{src}\n    want: {want}\n    got:  {got}")
                    })
                })
                .collect()
        });
        assert!(
            failures.is_empty(),
            "{} of {} cases differ from Terraform:\n{}",
            failures.len(),
            cases.len(),
            failures.join("\n")
        );
    }

    fn eval_str(src: &str) -> Result<Value, FnError> {
        with_ctx(|ctx| run(src, ctx))
    }

    fn val(src: &str) -> Value {
        eval_str(src).unwrap_or_else(|e| panic!("{src}: {e:?}"))
    }

    fn invalid(src: &str) -> String {
        match eval_str(src) {
            Err(FnError::Invalid(m)) => m,
            other => panic!("{src}: expected an invalid call, got {other:?}"),
        }
    }

    fn s(x: &str) -> Value {
        Value::string(x)
    }

    fn n(x: f64) -> Value {
        Value::Number(x)
    }

    #[test]
    fn top_level_unknown_arguments_give_unknown() {
        with_ctx(|ctx| {
            for spec in SPECS {
                if spec.unknowns == Unknowns::Inspect {
                    continue;
                }
                let arity =
                    (spec.params.len() - spec.optional).max(usize::from(spec.variadic.is_some()));
                let got = call(spec.name, vec![Value::Unknown; arity], ctx);
                assert_eq!(got, Ok(Value::Unknown), "{}", spec.name);
            }
        });
    }

    #[test]
    fn partly_known_values_stay_partly_known() {
        assert_eq!(val("length([unknown(), 1])"), n(2.0));
        assert_eq!(val("length({a = unknown()})"), n(1.0));
        assert_eq!(
            val("keys({b = unknown(), a = 1})"),
            Value::List(vec![s("a"), s("b")])
        );
        assert_eq!(
            val("values({b = unknown(), a = 1})"),
            Value::List(vec![n(1.0), Value::Unknown])
        );
        assert_eq!(
            val("concat([unknown()], [\"a\"])"),
            Value::List(vec![Value::Unknown, s("a")])
        );
        assert_eq!(val("element([unknown(), \"b\"], 1)"), s("b"));
        assert_eq!(val("element([unknown(), \"b\"], 0)"), Value::Unknown);
        assert_eq!(
            val("reverse([unknown(), 1])"),
            Value::List(vec![n(1.0), Value::Unknown])
        );
        assert_eq!(
            val("slice([1, unknown(), 3], 0, 1)"),
            Value::List(vec![n(1.0)])
        );
        assert_eq!(
            val("merge({a = unknown()}, {b = 1})").get("a"),
            Some(&Value::Unknown)
        );
        assert_eq!(val("lookup({a = 1}, \"a\", unknown())"), n(1.0));
        assert_eq!(val("lookup({a = 1}, \"b\", unknown())"), Value::Unknown);
        assert_eq!(val("lookup({a = unknown()}, \"a\", 2)"), Value::Unknown);
        assert_eq!(
            val("zipmap([\"a\"], [unknown()])").get("a"),
            Some(&Value::Unknown)
        );
        assert_eq!(val("one([unknown()])"), Value::Unknown);
        assert_eq!(
            val("tolist([unknown(), 1])"),
            Value::List(vec![Value::Unknown, n(1.0)])
        );
        assert_eq!(
            val("toset([unknown(), \"b\", \"a\"])"),
            Value::List(vec![s("a"), s("b"), Value::Unknown])
        );
        assert_eq!(
            val("chunklist([unknown(), 1, 2], 2)")
                .as_list()
                .map(<[Value]>::len),
            Some(2)
        );
        assert_eq!(val("sensitive(unknown())"), Value::Unknown);
        assert_eq!(
            val("matchkeys([unknown(), 2], [\"a\", \"b\"], [\"a\"])"),
            Value::List(vec![Value::Unknown])
        );
    }

    #[test]
    fn coalesce_knows_an_earlier_known_argument() {
        assert_eq!(val("coalesce(\"a\", unknown())"), s("a"));
        assert_eq!(
            val("coalesce(tostring(null), \"\", \"b\", unknown())"),
            s("b")
        );
        assert_eq!(val("coalesce(unknown(), \"a\")"), Value::Unknown);
        assert_eq!(val("coalesce(\"\", unknown())"), Value::Unknown);
        assert_eq!(
            val("coalescelist([\"a\"], unknown())"),
            Value::List(vec![s("a")])
        );
        assert_eq!(val("coalescelist([], unknown(), [\"a\"])"), Value::Unknown);
    }

    #[test]
    fn functions_needing_whole_values_are_unknown_when_anything_inside_is() {
        for src in [
            "jsonencode([1, unknown()])",
            "jsonencode({a = {b = unknown()}})",
            "yamlencode({a = unknown()})",
            "join(\",\", [\"a\", unknown()])",
            "format(\"%s\", unknown())",
            "format(\"%v\", [unknown()])",
            "sort([\"b\", unknown()])",
            "distinct([\"a\", unknown()])",
            "compact([\"a\", unknown()])",
            "sum([1, unknown()])",
            "contains([\"a\", unknown()], \"b\")",
            "index([unknown(), \"a\"], \"a\")",
            "flatten([[unknown()], \"a\"])",
            "flatten([unknown()])",
            "setunion([\"a\"], [unknown()])",
            "setproduct([\"a\"], [unknown()])",
            "transpose({a = [unknown()]})",
            "alltrue([unknown(), false])",
            "anytrue([unknown(), false])",
            "zipmap([unknown()], [1])",
            "templatefile(\"t.tpl\", {name = unknown()})",
        ] {
            assert_eq!(eval_str(src), Ok(Value::Unknown), "{src}");
        }
        // Terraform stops at the first decisive element.
        assert_eq!(val("alltrue([false, unknown()])"), Value::Bool(false));
        assert_eq!(val("anytrue([unknown(), true])"), Value::Bool(true));
        assert_eq!(
            val("formatlist(\"%s!\", [\"a\", unknown()])"),
            Value::List(vec![s("a!"), Value::Unknown])
        );
    }

    #[test]
    fn impure_and_mark_functions() {
        for src in [
            "timestamp()",
            "plantimestamp()",
            "uuid()",
            "bcrypt(\"x\")",
            "bcrypt(\"x\", 12)",
            "issensitive(\"a\")",
        ] {
            assert_eq!(eval_str(src), Ok(Value::Unknown), "{src}");
        }
        assert_eq!(val("sensitive(\"a\")"), s("a"));
        assert_eq!(val("nonsensitive(\"a\")"), s("a"));
        assert_eq!(val("ephemeralasnull([1])"), Value::List(vec![n(1.0)]));
    }

    #[test]
    fn unsupported_and_removed_functions() {
        with_ctx(|ctx| {
            for (name, args) in [
                ("base64gzip", vec![s("x")]),
                ("rsadecrypt", vec![s("x"), s("y")]),
                ("provider::aws::arn_parse", vec![s("x")]),
                ("nosuchfunction", vec![]),
                ("textencodebase64", vec![s("x"), s("Shift_JIS")]),
            ] {
                assert_eq!(
                    call(name, args, ctx),
                    Err(FnError::Unsupported(name.to_string())),
                    "{name}"
                );
            }
        });
        assert!(invalid("list(\"a\")").contains("use tolist([ ... ])"));
        assert!(invalid("map(\"a\", 1)").contains("use tomap({ ... })"));
        assert!(is_supported("cidrsubnet"));
        assert!(is_supported("timestamp"));
        assert!(!is_supported("list"));
        assert!(!is_supported("can"));
    }

    #[test]
    fn collections_and_strings_are_capped() {
        assert!(invalid("range(0, 1e12)").contains("more than 1024 values"));
        assert!(invalid("setproduct(range(1000), range(1000), range(1000))")
            .contains("limits collections"));
        assert!(invalid("indent(1000000000, \"a\\nb\")").contains("limits strings"));
        assert!(invalid("format(\"%1000001d\", 1)").contains("larger than"));
        assert!(invalid("format(\"%99999999999999999999999d\", 1)").contains("larger than"));
        assert!(invalid("format(\"%.1000001f\", 1)").contains("larger than"));
        assert!(invalid("element([\"a\"], 1e300)").contains("whole number"));
        assert!(invalid("substr(\"abc\", 1e300, 1)").contains("whole number"));
        assert!(invalid("cidrhost(\"::/0\", 1e300)").contains("out of range"));
        assert!(
            invalid("timeadd(\"2024-01-01T00:00:00Z\", \"99999999999999999999h\")")
                .contains("invalid duration")
        );
        let big = "a".repeat(2000);
        let huge = "x".repeat(100_000);
        assert!(
            invalid(&format!("replace(\"{big}\", \"a\", \"{huge}\")")).contains("limits strings")
        );
        assert!(
            invalid(&format!("replace(\"{big}\", \"/a/\", \"{huge}\")")).contains("limits strings")
        );
        assert!(invalid("indent(-1, \"a\")").contains("must not be negative"));
        assert!(invalid("element([\"a\"], -1)").contains("negative index"));
    }

    #[test]
    fn numbers_beyond_terraform_display() {
        assert_eq!(val("log(0, 10)"), n(f64::NEG_INFINITY));
        assert_eq!(val("log(10, 1)"), n(f64::INFINITY));
        assert_eq!(val("pow(0, -1)"), n(f64::INFINITY));
        assert!(invalid("log(-1, 10)").contains("not a number"));
        assert!(invalid("pow(-8, 1/3)").contains("not a number"));
        assert!(invalid("jsonencode(log(0, 10))").contains("infinity"));
        assert_eq!(
            val("format(\"%v|%f\", log(0, 10), pow(0, -1))"),
            s("-Inf|+Inf")
        );
    }

    #[test]
    fn filesystem_functions_resolve_from_the_module_directory() {
        let dir = fixture();
        let ctx = FnContext {
            module_dir: dir.path(),
            render_template: &render_for_tests,
        };
        let abs = dir.path().join("a.txt");
        let abs_str = abs.to_string_lossy().to_string();
        assert_eq!(call("file", vec![s(&abs_str)], &ctx), Ok(s("hello\n")));
        assert_eq!(
            call("fileexists", vec![s(&abs_str)], &ctx),
            Ok(Value::Bool(true))
        );
        assert_eq!(
            call("abspath", vec![s("sub/../a.txt")], &ctx),
            Ok(s(&clean_path(&to_slash(&abs))))
        );
        assert_eq!(
            call("fileset", vec![s("."), s("**")], &ctx),
            Ok(Value::List(
                ["a.txt", "bin.dat", "sub/b.txt", "sub/deep/c.md", "t.tpl"]
                    .into_iter()
                    .map(s)
                    .collect()
            ))
        );
        assert_eq!(
            call(
                "fileset",
                vec![s(&dir.path().join("sub").to_string_lossy()), s("*.txt")],
                &ctx
            ),
            Ok(Value::List(vec![s("b.txt")]))
        );
        assert_eq!(
            call(
                "templatestring",
                vec![
                    s("Hi ${name}"),
                    run("{name = \"you\"}", &ctx).expect("literal")
                ],
                &ctx
            ),
            Ok(s("Hi you"))
        );
        let render_err = call(
            "templatefile",
            vec![s("t.tpl"), Value::Map(BTreeMap::new())],
            &ctx,
        );
        assert_eq!(
            render_err,
            Err(FnError::Invalid(
                "Call to function \"templatefile\" failed: template refers to an undefined variable.".into()
            ))
        );
        if let Some(home) = dirs::home_dir() {
            let home = to_slash(&home);
            assert_eq!(call("pathexpand", vec![s("~")], &ctx), Ok(s(&home)));
            assert_eq!(
                call("pathexpand", vec![s("~/x")], &ctx),
                Ok(s(&format!("{home}/x")))
            );
        }
    }

    #[test]
    fn documented_differences_from_terraform() {
        // Strings are not NFC-normalised: the combining accent stays with its letter.
        assert_eq!(val("strrev(\"e\\u0301x\")"), s("xe\u{301}"));
        // Maps and objects are one kind of value, so a default is returned as given.
        assert_eq!(val("lookup({a = \"x\"}, \"b\", 1)"), n(1.0));
    }

    #[test]
    fn no_input_panics() {
        let pool = vec![
            Value::Null,
            Value::Unknown,
            Value::Bool(true),
            n(0.0),
            n(-1.0),
            n(2.5),
            n(1e300),
            n(-1e300),
            n(f64::NAN),
            n(f64::INFINITY),
            s(""),
            s("a.txt"),
            s("10.0.0.0/8"),
            s("2018-01-02T00:00:00Z"),
            s("%[99]q%"),
            s("/[(?P<x>/"),
            s("\u{feff}\u{1F600}\r\n"),
            Value::List(vec![]),
            Value::List(vec![
                s("a"),
                n(1.0),
                Value::Unknown,
                Value::Null,
                Value::List(vec![n(1.0)]),
            ]),
            Value::Map(BTreeMap::from([
                ("a".to_string(), s("x")),
                ("b".to_string(), Value::List(vec![])),
                ("c".to_string(), Value::Map(BTreeMap::new())),
            ])),
        ];
        with_ctx(|ctx| {
            for spec in SPECS {
                let max = (spec.params.len() + usize::from(spec.variadic.is_some())).min(3);
                for arity in 0..=max {
                    let mut idx = vec![0usize; arity];
                    loop {
                        let args: Vec<Value> = idx.iter().map(|i| pool[*i].clone()).collect();
                        let _ = call(spec.name, args, ctx);
                        // Next combination.
                        let mut k = 0;
                        while k < arity {
                            idx[k] += 1;
                            if idx[k] < pool.len() {
                                break;
                            }
                            idx[k] = 0;
                            k += 1;
                        }
                        if k == arity {
                            break;
                        }
                    }
                }
            }
        });
    }
}
