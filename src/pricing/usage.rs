//! Usage files: the quantities that configuration cannot tell (requests, GB
//! processed, storage) per resource address or per resource type.
//!
//! chkmate reads `chkmate-usage.yml` and Infracost's `infracost-usage.yml` with the
//! same parser. Both layouts are accepted:
//!
//! ```yaml
//! version: 0.1                      # optional; 0.1 (Infracost) or 1
//! resource_usage:                   # or `resources:`
//!   aws_nat_gateway.main:
//!     monthly_data_processed_gb: 100
//!   module.api.aws_lambda_function.handler[*]:   # [*] matches any count/for_each key
//!     monthly_requests: 2000000
//!   aws_s3_bucket.assets:
//!     standard:                     # nested keys, as Infracost writes them
//!       storage_gb: 500
//! resource_type_default_usage:      # or `resource_types:`
//!   aws_lambda_function:
//!     request_duration_ms: 250
//! ```
//!
//! For one resource the values are merged key by key: type defaults first, then
//! wildcard entries (the ones with more `[*]` first), then the exact address.
//! Keys the estimator does not know for a resource type it prices are warnings
//! (with file:line); malformed files and wrong value types are errors with
//! file:line.

use crate::error::{Error, Result};
use serde_yaml::Value as Y;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

/// One usage value.
#[derive(Clone, Debug, PartialEq)]
pub enum UsageValue {
    Number(f64),
    Text(String),
}

impl fmt::Display for UsageValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsageValue::Number(n) => write!(f, "{}", crate::terraform::value::format_number(*n)),
            UsageValue::Text(t) => f.write_str(t),
        }
    }
}

/// A warning about a usage file (an unknown key, an entry for a type chkmate does
/// not price, an entry that matched nothing).
#[derive(Clone, Debug, PartialEq)]
pub struct UsageWarning {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for UsageWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.file, l, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

#[derive(Clone, Debug)]
struct Entry {
    pattern: String,
    wildcards: usize,
    /// Dotted key (`standard.storage_gb`) -> value.
    values: BTreeMap<String, UsageValue>,
    line: Option<usize>,
}

/// A parsed usage file (or no usage at all: [`Usage::default`]).
#[derive(Clone, Debug, Default)]
pub struct Usage {
    file: Option<String>,
    resources: Vec<Entry>,
    types: BTreeMap<String, Entry>,
    warnings: Vec<UsageWarning>,
}

/// The usage values that apply to one resource, merged.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResourceUsage {
    values: BTreeMap<String, UsageValue>,
    /// Where the values came from (`file:line` of the entries), for notes.
    pub from: Vec<String>,
}

impl ResourceUsage {
    /// A number value (dotted keys for nested values: `standard.storage_gb`).
    pub fn number(&self, key: &str) -> Option<f64> {
        match self.values.get(key) {
            Some(UsageValue::Number(n)) => Some(*n),
            _ => None,
        }
    }

    /// A text value (`operating_system: windows`).
    pub fn text(&self, key: &str) -> Option<&str> {
        match self.values.get(key) {
            Some(UsageValue::Text(t)) => Some(t),
            _ => None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// True when any key starts with `prefix.` (a nested group is present).
    pub fn has_group(&self, prefix: &str) -> bool {
        let p = format!("{prefix}.");
        self.values.keys().any(|k| k.starts_with(&p))
    }

    /// Every key and value.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &UsageValue)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Builds usage values directly (tests, or callers that compute usage).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, UsageValue)>) -> ResourceUsage {
        ResourceUsage {
            values: pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            from: Vec::new(),
        }
    }
}

/// Keys whose values are text, not numbers.
const TEXT_KEYS: &[&str] = &[
    "operating_system",
    "endpoint_type",
    "architecture",
    "reserved_instance_type",
    "reserved_instance_term",
    "reserved_instance_payment_option",
    "instance_tier",
    "api_throughput_limit",
    "dx_virtual_interface_type",
    "dx_connection_type",
    "region",
];

const SECTIONS_RESOURCES: &[&str] = &["resource_usage", "resources"];
const SECTIONS_TYPES: &[&str] = &["resource_type_default_usage", "resource_types"];

impl Usage {
    /// Reads and parses a usage file.
    pub fn load(path: &Path) -> Result<Usage> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Usage::parse(&text, &path.display().to_string())
    }

    /// Parses usage YAML. `file` names the file in messages.
    pub fn parse(text: &str, file: &str) -> Result<Usage> {
        let lines = KeyLines::scan(text);
        let err = |line: Option<usize>, msg: String| match line {
            Some(l) => Error::Config(format!("{file}:{l}: {msg}")),
            None => Error::Config(format!("{file}: {msg}")),
        };
        let doc: Y = serde_yaml::from_str(text).map_err(|e| {
            let line = e.location().map(|l| l.line());
            err(line, format!("invalid usage file: {e}"))
        })?;
        let mut usage = Usage {
            file: Some(file.to_string()),
            ..Usage::default()
        };
        let top = match doc {
            Y::Null => return Ok(usage),
            Y::Mapping(m) => m,
            _ => return Err(err(Some(1), "a usage file must be a mapping with `resource_usage:` and/or `resource_type_default_usage:`".into())),
        };
        for (k, v) in &top {
            let key =
                yaml_key(k).ok_or_else(|| err(None, "top-level keys must be strings".into()))?;
            let line = lines.line(&[key.as_str()]);
            match key.as_str() {
                "version" => {
                    let ok = match v {
                        Y::Number(n) => n.as_f64().is_some_and(|f| f == 0.1 || f == 1.0),
                        Y::String(s) => matches!(s.trim(), "0.1" | "1" | "v0.1"),
                        _ => false,
                    };
                    if !ok {
                        return Err(err(line, format!("unsupported usage file version {}; use 0.1", yaml_show(v))));
                    }
                }
                k if SECTIONS_RESOURCES.contains(&k) || SECTIONS_TYPES.contains(&k) => {
                    let is_types = SECTIONS_TYPES.contains(&k);
                    let entries = match v {
                        Y::Null => continue,
                        Y::Mapping(m) => m,
                        _ => return Err(err(line, format!("`{k}` must be a mapping of resource {} to usage values", if is_types { "types" } else { "addresses" }))),
                    };
                    for (name, body) in entries {
                        let name = yaml_key(name).ok_or_else(|| err(line, format!("keys under `{k}` must be strings")))?;
                        let eline = lines.line(&[k, name.as_str()]);
                        usage.add_entry(&lines, file, k, &name, body, eline, is_types)?;
                    }
                }
                other => {
                    return Err(err(
                        line,
                        format!("unknown top-level key `{other}` (expected version, resource_usage, resource_type_default_usage)"),
                    ))
                }
            }
        }
        Ok(usage)
    }

    #[allow(clippy::too_many_arguments)]
    fn add_entry(
        &mut self,
        lines: &KeyLines,
        file: &str,
        section: &str,
        name: &str,
        body: &Y,
        line: Option<usize>,
        is_type: bool,
    ) -> Result<()> {
        let err = |line: Option<usize>, msg: String| match line {
            Some(l) => Error::Config(format!("{file}:{l}: {msg}")),
            None => Error::Config(format!("{file}: {msg}")),
        };
        let rtype = if is_type {
            name.to_string()
        } else {
            resource_type_of(name).ok_or_else(|| err(line, format!("`{name}` is not a resource address (expected TYPE.NAME, optionally with module. prefix and [*])")))?
        };
        if !is_type {
            if let Some(bad) = bad_wildcard(name) {
                return Err(err(line, format!("`{name}`: {bad}")));
            }
        }
        let mut values = BTreeMap::new();
        match body {
            Y::Null => {}
            Y::Mapping(m) => {
                let mut path = vec![section.to_string(), name.to_string()];
                flatten(
                    m,
                    &mut path,
                    String::new(),
                    &mut values,
                    lines,
                    &|l, msg| err(l, msg),
                )?;
            }
            _ => {
                return Err(err(
                    line,
                    format!("usage for `{name}` must be a mapping of keys to values"),
                ))
            }
        }
        let schema = super::resources::usage_keys(&rtype);
        let is_aws = rtype.starts_with("aws_");
        match schema {
            None if !values.is_empty() => self.warnings.push(UsageWarning {
                file: file.to_string(),
                line,
                message: if is_aws {
                    format!("chkmate does not price {rtype}; its usage is ignored")
                } else {
                    format!("{rtype} is not an AWS resource; its usage is ignored")
                },
            }),
            None => {}
            Some(known) => {
                for (key, value) in &values {
                    let kline = lines.line(&key_path(section, name, key));
                    if !known.contains(&key.as_str()) {
                        self.warnings.push(UsageWarning {
                            file: file.to_string(),
                            line: kline,
                            message: if known.is_empty() {
                                format!("unknown usage key `{key}`: {rtype} takes no usage values")
                            } else {
                                format!(
                                    "unknown usage key `{key}` for {rtype} (known: {})",
                                    known.join(", ")
                                )
                            },
                        });
                        continue;
                    }
                    let leaf = key.rsplit('.').next().unwrap_or(key);
                    let wants_text = TEXT_KEYS.contains(&leaf);
                    match (wants_text, value) {
                        (true, UsageValue::Number(_)) => {
                            return Err(err(kline, format!("`{key}` must be text, not a number")));
                        }
                        (false, UsageValue::Text(t)) => {
                            return Err(err(kline, format!("`{key}` must be a number, not `{t}`")));
                        }
                        (false, UsageValue::Number(n)) if *n < 0.0 => {
                            return Err(err(kline, format!("`{key}` must not be negative")));
                        }
                        _ => {}
                    }
                    if leaf.starts_with("reserved_instance") {
                        self.warnings.push(UsageWarning {
                            file: file.to_string(),
                            line: kline,
                            message: format!("`{key}`: reserved-instance prices are not in the snapshot; on-demand prices are used"),
                        });
                    }
                }
                values.retain(|k, _| known.contains(&k.as_str()));
            }
        }
        let entry = Entry {
            pattern: name.to_string(),
            wildcards: name.matches("[*]").count(),
            values,
            line,
        };
        if is_type {
            self.types.insert(name.to_string(), entry);
        } else {
            self.resources.push(entry);
        }
        Ok(())
    }

    /// Warnings found while parsing (unknown keys, unpriced types).
    pub fn warnings(&self) -> &[UsageWarning] {
        &self.warnings
    }

    /// The file the usage came from.
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// True when there are no usage entries at all.
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty() && self.types.is_empty()
    }

    /// The merged usage for one resource instance.
    pub fn for_resource(&self, address: &str, rtype: &str) -> ResourceUsage {
        let mut out = ResourceUsage::default();
        let file = self.file.as_deref().unwrap_or("usage");
        let apply = |e: &Entry, out: &mut ResourceUsage| {
            if e.values.is_empty() {
                return;
            }
            for (k, v) in &e.values {
                out.values.insert(k.clone(), v.clone());
            }
            out.from.push(match e.line {
                Some(l) => format!("{file}:{l}"),
                None => file.to_string(),
            });
        };
        if let Some(t) = self.types.get(rtype) {
            apply(t, &mut out);
        }
        let mut matching: Vec<&Entry> = self
            .resources
            .iter()
            .filter(|e| e.wildcards > 0 && address_matches(&e.pattern, address))
            .collect();
        // More wildcards = less specific = applied first (later entries win).
        matching.sort_by_key(|e| std::cmp::Reverse(e.wildcards));
        for e in matching {
            apply(e, &mut out);
        }
        for e in self
            .resources
            .iter()
            .filter(|e| e.wildcards == 0 && e.pattern == address)
        {
            apply(e, &mut out);
        }
        out
    }

    /// Warnings for resource entries that match none of `addresses` (a typo in an
    /// address silently prices nothing otherwise).
    pub fn unmatched<'a>(
        &self,
        addresses: impl IntoIterator<Item = &'a str> + Clone,
    ) -> Vec<UsageWarning> {
        let file = self.file.clone().unwrap_or_else(|| "usage".into());
        self.resources
            .iter()
            .filter(|e| {
                !addresses.clone().into_iter().any(|a| {
                    if e.wildcards > 0 {
                        address_matches(&e.pattern, a)
                    } else {
                        e.pattern == a
                    }
                })
            })
            .map(|e| UsageWarning {
                file: file.clone(),
                line: e.line,
                message: format!("usage for `{}` matches no resource", e.pattern),
            })
            .collect()
    }
}

fn key_path<'a>(section: &'a str, name: &'a str, key: &'a str) -> Vec<&'a str> {
    let mut p = vec![section, name];
    p.extend(key.split('.'));
    p
}

fn flatten(
    m: &serde_yaml::Mapping,
    path: &mut Vec<String>,
    prefix: String,
    out: &mut BTreeMap<String, UsageValue>,
    lines: &KeyLines,
    err: &dyn Fn(Option<usize>, String) -> Error,
) -> Result<()> {
    for (k, v) in m {
        let key = yaml_key(k).ok_or_else(|| err(None, "usage keys must be strings".into()))?;
        let full = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        path.push(key.clone());
        let line = {
            let refs: Vec<&str> = path.iter().map(String::as_str).collect();
            lines.line(&refs)
        };
        match v {
            Y::Number(n) => {
                let f = n
                    .as_f64()
                    .filter(|f| f.is_finite())
                    .ok_or_else(|| err(line, format!("`{full}` is not a finite number")))?;
                out.insert(full, UsageValue::Number(f));
            }
            Y::String(s) => {
                // Numbers written as strings ("100") are accepted as numbers.
                match s.trim().parse::<f64>() {
                    Ok(f) if f.is_finite() => out.insert(full, UsageValue::Number(f)),
                    _ => out.insert(full, UsageValue::Text(s.clone())),
                };
            }
            Y::Bool(b) => {
                return Err(err(line, format!("`{full}` must be a number, not {b}")));
            }
            Y::Null => {} // a key with no value (commented out in Infracost templates)
            Y::Mapping(inner) => flatten(inner, path, full, out, lines, err)?,
            Y::Sequence(_) | Y::Tagged(_) => {
                return Err(err(line, format!("`{full}` must be a number or a mapping")));
            }
        }
        path.pop();
    }
    Ok(())
}

fn yaml_key(k: &Y) -> Option<String> {
    match k {
        Y::String(s) => Some(s.clone()),
        Y::Number(n) => Some(n.to_string()),
        Y::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn yaml_show(v: &Y) -> String {
    match v {
        Y::String(s) => s.clone(),
        Y::Number(n) => n.to_string(),
        other => format!("{other:?}"),
    }
}

/// The resource type of an address or address pattern:
/// `module.a["x"].aws_instance.web[*]` -> `aws_instance`.
pub fn resource_type_of(address: &str) -> Option<String> {
    let segments = split_address(address)?;
    // Skip `module.NAME[key]` pairs; what remains is TYPE.NAME[key].
    let mut i = 0;
    while segments.get(i).map(String::as_str) == Some("module") {
        i += 2;
    }
    if segments.get(i).map(String::as_str) == Some("data") {
        i += 1;
    }
    let rtype = segments.get(i)?;
    segments.get(i + 1)?;
    if segments.len() != i + 2 {
        return None;
    }
    let valid = rtype
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && rtype
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    valid.then(|| rtype.clone())
}

/// Splits an address into its dot-separated names, dropping `[...]` keys (which
/// may contain dots inside quotes). `None` for unbalanced brackets or quotes.
fn split_address(address: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = address.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if cur.is_empty() {
                    return None;
                }
                out.push(std::mem::take(&mut cur));
            }
            '[' => {
                // skip to the matching `]`, honouring quoted strings
                let mut in_str = false;
                let mut closed = false;
                while let Some(c) = chars.next() {
                    match c {
                        '\\' if in_str => {
                            chars.next();
                        }
                        '"' => in_str = !in_str,
                        ']' if !in_str => {
                            closed = true;
                            break;
                        }
                        _ => {}
                    }
                }
                if !closed {
                    return None;
                }
            }
            c => cur.push(c),
        }
    }
    if cur.is_empty() {
        return None;
    }
    out.push(cur);
    Some(out)
}

fn bad_wildcard(pattern: &str) -> Option<&'static str> {
    if pattern.contains('*') && pattern.replace("[*]", "").contains('*') {
        return Some("`*` is only allowed as a whole instance key: `[*]`");
    }
    None
}

/// True when `address` matches `pattern`, where each `[*]` in the pattern stands
/// for one instance key (`[0]`, `["a.b"]`).
pub fn address_matches(pattern: &str, address: &str) -> bool {
    let p = pattern.as_bytes();
    let a = address.as_bytes();
    let (mut i, mut j) = (0usize, 0usize);
    while i < p.len() {
        if p[i..].starts_with(b"[*]") {
            // consume one `[key]` from the address
            if a.get(j) != Some(&b'[') {
                return false;
            }
            j += 1;
            let mut in_str = false;
            loop {
                match a.get(j) {
                    None => return false,
                    Some(b'\\') if in_str => j += 2,
                    Some(b'"') => {
                        in_str = !in_str;
                        j += 1;
                    }
                    Some(b']') if !in_str => {
                        j += 1;
                        break;
                    }
                    Some(_) => j += 1,
                }
            }
            i += 3;
        } else {
            if a.get(j) != p.get(i) {
                return false;
            }
            i += 1;
            j += 1;
        }
    }
    j == a.len()
}

/// Line numbers of mapping keys in a YAML file, by key path. A light indentation
/// scan that covers the block-mapping style usage files are written in; keys it
/// cannot place simply have no line number.
struct KeyLines {
    lines: HashMap<Vec<String>, usize>,
}

impl KeyLines {
    fn scan(text: &str) -> KeyLines {
        let mut lines = HashMap::new();
        let mut stack: Vec<(usize, String)> = Vec::new();
        for (idx, raw) in text.lines().enumerate() {
            let trimmed = raw.trim_start();
            if trimmed.is_empty()
                || trimmed.starts_with('#')
                || trimmed.starts_with('-')
                || trimmed.starts_with("---")
            {
                continue;
            }
            let indent = raw.len() - trimmed.len();
            let Some(key) = leading_key(trimmed) else {
                continue;
            };
            while stack.last().is_some_and(|(i, _)| *i >= indent) {
                stack.pop();
            }
            stack.push((indent, key));
            let path: Vec<String> = stack.iter().map(|(_, k)| k.clone()).collect();
            lines.entry(path).or_insert(idx + 1);
        }
        KeyLines { lines }
    }

    fn line(&self, path: &[&str]) -> Option<usize> {
        let key: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        self.lines.get(&key).copied()
    }
}

/// The mapping key at the start of a (trimmed) YAML line, unquoted.
fn leading_key(line: &str) -> Option<String> {
    let first = line.chars().next()?;
    if first == '"' || first == '\'' {
        let mut out = String::new();
        let mut chars = line.char_indices().skip(1);
        while let Some((i, c)) = chars.next() {
            if c == first {
                if first == '\'' && line.get(i + 1..i + 2) == Some("'") {
                    out.push('\'');
                    chars.next();
                    continue;
                }
                let rest = line.get(i + 1..)?.trim_start();
                return rest.starts_with(':').then_some(out);
            }
            if c == '\\' && first == '"' {
                if let Some((_, n)) = chars.next() {
                    out.push(match n {
                        'n' => '\n',
                        't' => '\t',
                        other => other,
                    });
                }
                continue;
            }
            out.push(c);
        }
        return None;
    }
    // Plain key: up to the first `: ` or a trailing `:`.
    let end = line
        .find(": ")
        .or_else(|| line.find(":\t"))
        .or_else(|| line.strip_suffix(':').map(|s| s.len()))
        .or_else(|| {
            // `key: # comment`
            line.find(":#").or_else(|| {
                line.split_once(" #")
                    .and_then(|(k, _)| k.trim_end().strip_suffix(':').map(|s| s.len()))
            })
        })?;
    let key = line.get(..end)?.trim_end();
    (!key.is_empty()).then(|| key.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_one_instance_key() {
        assert!(address_matches(
            "aws_instance.web[*]",
            "aws_instance.web[0]"
        ));
        assert!(address_matches(
            "aws_instance.web[*]",
            "aws_instance.web[\"a.b]\"]"
        ));
        assert!(address_matches(
            "module.m[*].aws_instance.web[*]",
            "module.m[\"x\"].aws_instance.web[3]"
        ));
        assert!(!address_matches("aws_instance.web[*]", "aws_instance.web"));
        assert!(!address_matches(
            "aws_instance.web[*]",
            "aws_instance.web2[0]"
        ));
        assert!(!address_matches(
            "aws_instance.web[*]",
            "aws_instance.web[0].x"
        ));
        assert!(!address_matches(
            "aws_instance.web[*]",
            "aws_instance.web[0"
        ));
    }

    #[test]
    fn resource_types_come_from_addresses() {
        assert_eq!(
            resource_type_of("aws_instance.web").as_deref(),
            Some("aws_instance")
        );
        assert_eq!(
            resource_type_of("module.a[\"x.y\"].aws_lambda_function.f[*]").as_deref(),
            Some("aws_lambda_function")
        );
        assert_eq!(
            resource_type_of("module.a.module.b.aws_s3_bucket.b").as_deref(),
            Some("aws_s3_bucket")
        );
        assert_eq!(resource_type_of("aws_instance"), None);
        assert_eq!(resource_type_of("aws_instance.web[0"), None);
        assert_eq!(resource_type_of("a.b.c"), None);
    }

    #[test]
    fn leading_keys_are_found() {
        assert_eq!(
            leading_key("aws_nat_gateway.n:").as_deref(),
            Some("aws_nat_gateway.n")
        );
        assert_eq!(
            leading_key("monthly_requests: 100 # c").as_deref(),
            Some("monthly_requests")
        );
        assert_eq!(
            leading_key("aws_instance.web[\"a\"]:").as_deref(),
            Some("aws_instance.web[\"a\"]")
        );
        assert_eq!(
            leading_key("\"aws_instance.web[\\\"a\\\"]\":").as_deref(),
            Some("aws_instance.web[\"a\"]")
        );
        assert_eq!(leading_key("'it''s': 1").as_deref(), Some("it's"));
        assert_eq!(
            leading_key("standard: # group").as_deref(),
            Some("standard")
        );
    }
}
