//! The `sarif` audit format: SARIF 2.1.0 for code-scanning tools (GitHub code
//! scanning, Azure DevOps, IDE viewers).
//!
//! One run. `tool.driver` is chkmate with its version and one rule per policy
//! that ran (id, a PascalCase `name` from the title, short and full
//! descriptions, help as text and Markdown, `helpUri` when the policy has one,
//! the default level, and properties: tags for the category and compliance
//! controls, `security-severity` for GitHub — critical 9.5, high 8.0, medium
//! 5.5, low 3.0, none for info — and the chkmate severity). Each finding is a
//! result with `ruleId`/`ruleIndex`, level (critical/high → error, medium/low →
//! warning, info → note), the message, a physical location (the file as a
//! relative URI with forward slashes against `%SRCROOT%`, and a region; columns
//! count Unicode code points, the end column is exclusive), a logical location
//! (the resource address), `partialFingerprints` (`chkmate/v1`: the finding's
//! fingerprint) and, for suppressed findings, `suppressions` (`inSource` for
//! comments, `external` for config and baseline). Load errors become
//! `invocations[0].toolExecutionNotifications`.

use super::audit::{compliance_tags, saving_text, suppression_kind, AuditReport, PolicyMeta};
use crate::finding::{Finding, Severity, SuppressionKind};
use crate::source::Location;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::io::{self, Write};

/// The `$schema` every SARIF 2.1.0 log names.
pub const SARIF_SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The SARIF level of a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium | Severity::Low => "warning",
        Severity::Info => "note",
    }
}

/// GitHub's `security-severity` score (0.0–10.0) for a severity, as the
/// string GitHub reads; GitHub maps scores above 9.0 to critical, 7.0–8.9 to
/// high, 4.0–6.9 to medium and 0.1–3.9 to low. Informational findings get none.
pub fn security_severity(s: Severity) -> Option<&'static str> {
    match s {
        Severity::Critical => Some("9.5"),
        Severity::High => Some("8.0"),
        Severity::Medium => Some("5.5"),
        Severity::Low => Some("3.0"),
        Severity::Info => None,
    }
}

/// `Security group allows SSH from the world` -> `SecurityGroupAllowsSshFromTheWorld`.
fn pascal_name(title: &str) -> String {
    let mut out = String::new();
    for word in title.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    out
}

/// The first paragraph of a Markdown description, on one line.
fn first_paragraph(md: &str) -> String {
    let para: Vec<&str> = md
        .trim()
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect();
    para.join(" ")
}

fn rule_json(p: &PolicyMeta) -> Value {
    let full = first_paragraph(&p.description);
    let mut markdown = p.description.trim().to_string();
    if markdown.is_empty() {
        markdown = p.title.clone();
    }
    if !p.compliance.is_empty() {
        markdown.push_str("\n\n**Compliance:** ");
        markdown.push_str(
            &p.compliance
                .iter()
                .map(|c| format!("{} {}", c.framework, c.id))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    if let Some(uri) = p.help_uri.as_deref() {
        markdown.push_str(&format!("\n\n[More information]({uri})"));
    }
    let mut tags = vec![p.category.as_str().to_string()];
    tags.extend(compliance_tags(&p.compliance));
    let mut props = Map::new();
    props.insert("tags".into(), json!(tags));
    if let Some(s) = security_severity(p.severity) {
        props.insert("security-severity".into(), json!(s));
    }
    props.insert("severity".into(), json!(p.severity.as_str()));
    props.insert("category".into(), json!(p.category.as_str()));

    let mut rule = Map::new();
    rule.insert("id".into(), json!(p.id));
    let name = pascal_name(&p.title);
    if !name.is_empty() {
        rule.insert("name".into(), json!(name));
    }
    rule.insert(
        "shortDescription".into(),
        json!({ "text": non_empty(&p.title, &p.id) }),
    );
    rule.insert(
        "fullDescription".into(),
        json!({ "text": non_empty(&full, &p.title) }),
    );
    // `helpUri` must be an absolute URI; a project-relative document is
    // linked from the Markdown help instead.
    if let Some(uri) = p.help_uri.as_deref().filter(|u| has_scheme(u)) {
        rule.insert("helpUri".into(), json!(uri));
    }
    rule.insert(
        "help".into(),
        json!({
            "text": non_empty(p.description.trim(), &p.title),
            "markdown": markdown,
        }),
    );
    rule.insert(
        "defaultConfiguration".into(),
        json!({ "level": level(p.severity) }),
    );
    rule.insert("properties".into(), Value::Object(props));
    Value::Object(rule)
}

/// True for `scheme:rest` (RFC 3986: a letter, then letters, digits, `+`, `-`
/// or `.`), i.e. an absolute URI rather than a relative path.
fn has_scheme(uri: &str) -> bool {
    match uri.split_once(':') {
        Some((scheme, rest)) => {
            !rest.is_empty()
                && scheme.len() > 1
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// SARIF message texts must not be empty.
fn non_empty<'a>(s: &'a str, fallback: &'a str) -> &'a str {
    if s.trim().is_empty() {
        fallback
    } else {
        s
    }
}

/// Percent-encodes a path for a URI reference: unreserved characters, `/` and
/// a few sub-delimiters stay, everything else (spaces, `%`, `#`, `?`, non-ASCII
/// bytes) is encoded.
fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'/'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
                    | b':'
            );
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An artifact location: a relative path against `%SRCROOT%`, or a `file:` URI
/// for an absolute path.
fn artifact_location(file: &str) -> Value {
    let path = file.replace('\\', "/");
    let is_windows_abs = path.len() >= 3
        && path.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && path.get(1..3) == Some(":/");
    if path.starts_with('/') {
        json!({ "uri": format!("file://{}", encode_uri_path(&path)) })
    } else if is_windows_abs {
        json!({ "uri": format!("file:///{}", encode_uri_path(&path)) })
    } else {
        // A relative reference whose first segment contains `:` would read as a
        // scheme; `./` keeps it a path.
        let encoded = encode_uri_path(&path);
        let first = encoded.split('/').next().unwrap_or("");
        let uri = if first.contains(':') {
            format!("./{encoded}")
        } else {
            encoded
        };
        json!({ "uri": uri, "uriBaseId": "%SRCROOT%" })
    }
}

fn region(loc: &Location) -> Value {
    let start_line = loc.line.max(1);
    let start_column = loc.column.max(1);
    let mut end_line = loc.end_line.max(start_line);
    let mut end_column = loc.end_column.max(1);
    if end_line == start_line && end_column < start_column {
        end_column = start_column;
    }
    if loc.end_line < start_line {
        end_line = start_line;
        end_column = start_column;
    }
    json!({
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
    })
}

fn result_json(f: &Finding, loc: Option<&Location>, rule_index: Option<usize>) -> Value {
    let mut text = format!("{}: {}", f.resource_address, f.message);
    if let Some(s) = saving_text(f) {
        text.push_str(&format!(" ({s})"));
    }
    let mut location = Map::new();
    if let Some(l) = loc {
        location.insert(
            "physicalLocation".into(),
            json!({
                "artifactLocation": artifact_location(&l.file),
                "region": region(l),
            }),
        );
    }
    location.insert(
        "logicalLocations".into(),
        json!([{
            "fullyQualifiedName": f.resource_address,
            "kind": "resource",
        }]),
    );

    let mut props = Map::new();
    props.insert("severity".into(), json!(f.severity.as_str()));
    props.insert("category".into(), json!(f.category.as_str()));
    props.insert("resourceType".into(), json!(f.resource_type));
    if let Some(p) = &f.attribute_path {
        props.insert("attributePath".into(), json!(p));
    }
    props.insert(
        "fix".into(),
        json!({ "available": f.fix.available, "applicability": f.fix.applicability.as_str() }),
    );
    if let Some(v) = f.monthly_saving_usd.filter(|v| v.is_finite()) {
        props.insert("monthlySavingUsd".into(), json!(v));
    }
    if !f.compliance.is_empty() {
        props.insert("tags".into(), json!(compliance_tags(&f.compliance)));
    }

    let mut r = Map::new();
    r.insert("ruleId".into(), json!(f.policy_id));
    if let Some(i) = rule_index {
        r.insert("ruleIndex".into(), json!(i));
    }
    r.insert("level".into(), json!(level(f.severity)));
    r.insert("message".into(), json!({ "text": text }));
    r.insert("locations".into(), json!([Value::Object(location)]));
    r.insert(
        "partialFingerprints".into(),
        json!({ "chkmate/v1": f.fingerprint }),
    );
    if let Some(s) = &f.suppressed {
        let kind = match s.kind {
            SuppressionKind::Inline => "inSource",
            SuppressionKind::Config | SuppressionKind::Baseline => "external",
        };
        let mut sup = Map::new();
        sup.insert("kind".into(), json!(kind));
        sup.insert("status".into(), json!("accepted"));
        if let Some(reason) = s.reason.as_deref().filter(|r| !r.trim().is_empty()) {
            sup.insert("justification".into(), json!(reason));
        }
        let mut sprops = Map::new();
        sprops.insert("source".into(), json!(suppression_kind(s.kind)));
        if let Some(exp) = &s.expires {
            sprops.insert("expires".into(), json!(exp));
        }
        sup.insert("properties".into(), Value::Object(sprops));
        r.insert("suppressions".into(), json!([Value::Object(sup)]));
    }
    r.insert("properties".into(), Value::Object(props));
    Value::Object(r)
}

fn notification_json(e: &super::audit::ReportError) -> Value {
    let mut n = Map::new();
    n.insert("level".into(), json!("error"));
    n.insert(
        "message".into(),
        json!({ "text": non_empty(&e.message, "error") }),
    );
    if let Some(file) = &e.file {
        let mut phys = Map::new();
        phys.insert("artifactLocation".into(), artifact_location(file));
        if let Some(line) = e.line {
            phys.insert("region".into(), json!({ "startLine": line.max(1) }));
        }
        n.insert(
            "locations".into(),
            json!([{ "physicalLocation": Value::Object(phys) }]),
        );
    }
    Value::Object(n)
}

/// The report as a SARIF 2.1.0 log.
pub fn to_sarif(report: &AuditReport) -> Value {
    let index: HashMap<&str, usize> = report
        .policies
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let rules: Vec<Value> = report.policies.iter().map(rule_json).collect();
    let results: Vec<Value> = report
        .entries()
        .map(|(f, l)| result_json(f, l, index.get(f.policy_id.as_str()).copied()))
        .collect();
    let s = &report.summary;
    json!({
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "chkmate",
                    "semanticVersion": report.tool_version,
                    "version": report.tool_version,
                    "rules": rules,
                }
            },
            "invocations": [{
                "executionSuccessful": report.errors.is_empty(),
                "toolExecutionNotifications": report.errors.iter().map(notification_json).collect::<Vec<_>>(),
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {
                "score": report.score,
                "summary": {
                    "critical": s.critical,
                    "high": s.high,
                    "medium": s.medium,
                    "low": s.low,
                    "info": s.info,
                    "suppressed": s.suppressed,
                    "unknown": s.unknown,
                    "total": s.total,
                },
                "targets": report.targets,
            },
        }],
    })
}

/// Writes the SARIF log, pretty-printed, with a final newline.
pub fn render(report: &AuditReport, w: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, &to_sarif(report))?;
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_uris() {
        assert_eq!(
            pascal_name("S3 bucket is public (ACL)"),
            "S3BucketIsPublicAcl"
        );
        assert_eq!(
            artifact_location("modules/my app/main.tf")["uri"],
            "modules/my%20app/main.tf"
        );
        assert_eq!(artifact_location("a\\b.tf")["uri"], "a/b.tf");
        assert_eq!(
            artifact_location("/srv/x y.tf")["uri"],
            "file:///srv/x%20y.tf"
        );
        assert!(artifact_location("/srv/x.tf").get("uriBaseId").is_none());
        assert_eq!(
            artifact_location("C:/x/main.tf")["uri"],
            "file:///C:/x/main.tf"
        );
        assert_eq!(artifact_location("a:b/main.tf")["uri"], "./a:b/main.tf");
        assert_eq!(artifact_location("é.tf")["uri"], "%C3%A9.tf");
        assert!(has_scheme("https://example.org/x"));
        assert!(!has_scheme("docs/SEC001.md"));
        assert!(!has_scheme("C:/x"));
    }

    #[test]
    fn region_is_never_inverted() {
        let loc = Location {
            file: "a.tf".into(),
            line: 3,
            column: 5,
            end_line: 3,
            end_column: 2,
        };
        let r = region(&loc);
        assert_eq!(r["endColumn"], 5);
        assert_eq!(level(Severity::Low), "warning");
        assert_eq!(security_severity(Severity::Info), None);
    }
}
