//! The `json` audit format: the machine contract of DESIGN.md.
//!
//! Top level, in this order: `version` (chkmate's), `targets`, `score`,
//! `summary` {critical, high, medium, low, info, suppressed, unknown, total},
//! `findings[]`, `unknown[]`, `errors[]`. Each finding: `policy_id`, `title`,
//! `severity`, `category`, `resource` {address, type}, `file`, `line`,
//! `column`, `end_line`, `end_column` (null when unknown), `attribute_path`,
//! `message`, `fix` {available, applicability}, `compliance[]`
//! {framework, id}, `suppressed` ({kind, reason, expires} or null),
//! `monthly_saving_usd` (null when not computed) and `fingerprint`. Suppressed
//! findings are included, marked. Key order is fixed.

use super::audit::{suppression_kind, AuditReport};
use crate::finding::Finding;
use crate::source::Location;
use serde_json::{json, Value};
use std::io::{self, Write};

fn finding_json(f: &Finding, loc: Option<&Location>) -> Value {
    json!({
        "policy_id": f.policy_id,
        "title": f.title,
        "severity": f.severity.as_str(),
        "category": f.category.as_str(),
        "resource": {
            "address": f.resource_address,
            "type": f.resource_type,
        },
        "file": loc.map(|l| l.file.clone()),
        "line": loc.map(|l| l.line),
        "column": loc.map(|l| l.column),
        "end_line": loc.map(|l| l.end_line),
        "end_column": loc.map(|l| l.end_column),
        "attribute_path": f.attribute_path,
        "message": f.message,
        "fix": {
            "available": f.fix.available,
            "applicability": f.fix.applicability.as_str(),
        },
        "compliance": f.compliance.iter().map(|c| json!({
            "framework": c.framework,
            "id": c.id,
        })).collect::<Vec<_>>(),
        "suppressed": f.suppressed.as_ref().map(|s| json!({
            "kind": suppression_kind(s.kind),
            "reason": s.reason,
            "expires": s.expires,
        })),
        // serde_json turns a non-finite f64 into null: never a made-up number.
        "monthly_saving_usd": f.monthly_saving_usd.filter(|v| v.is_finite()),
        "fingerprint": f.fingerprint,
    })
}

/// The report as a JSON value.
pub fn to_json(report: &AuditReport) -> Value {
    let s = &report.summary;
    json!({
        "version": report.tool_version,
        "targets": report.targets,
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
        "findings": report.entries().map(|(f, l)| finding_json(f, l)).collect::<Vec<_>>(),
        "unknown": report.unknown.iter().map(|u| json!({
            "policy_id": u.policy_id,
            "resource_address": u.resource_address,
            "attribute_path": u.attribute_path,
            "reason": u.reason,
        })).collect::<Vec<_>>(),
        "errors": report.errors.iter().map(|e| json!({
            "file": e.file,
            "line": e.line,
            "message": e.message,
        })).collect::<Vec<_>>(),
    })
}

/// Writes the report as pretty-printed JSON and a final newline.
pub fn render(report: &AuditReport, w: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, &to_json(report))?;
    writeln!(w)
}
