//! The `csv` audit format: one finding a row, for spreadsheets and scripts.
//!
//! RFC 4180: a header row, CRLF line ends, fields containing a comma, a double
//! quote, CR or LF are quoted with inner quotes doubled. Every finding is a
//! row, suppressed ones included (the `suppressed` column says so). Empty
//! fields mean "not known" (no location, no saving computed), never zero.
//!
//! Text fields that a spreadsheet would read as a formula (starting with `=`,
//! `+`, `-`, `@`, tab or CR) get a leading `'`, the usual guard against CSV
//! formula injection: Terraform names and values flow into messages.

use super::audit::{compliance_tags, suppression_kind, AuditReport};
use std::io::{self, Write};

/// The header row, in column order.
pub const COLUMNS: [&str; 20] = [
    "policy_id",
    "title",
    "severity",
    "category",
    "resource_address",
    "resource_type",
    "file",
    "line",
    "column",
    "attribute_path",
    "message",
    "fix_available",
    "fix_applicability",
    "compliance",
    "suppressed",
    "suppression_kind",
    "suppression_reason",
    "suppression_expires",
    "monthly_saving_usd",
    "fingerprint",
];

/// Quotes a field when RFC 4180 requires it.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A text field: formula-guarded, then quoted as needed.
fn text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        field(&format!("'{s}"))
    } else {
        field(s)
    }
}

fn write_row(w: &mut dyn Write, fields: &[String]) -> io::Result<()> {
    w.write_all(fields.join(",").as_bytes())?;
    w.write_all(b"\r\n")
}

/// Writes the header and one row per finding.
pub fn render(report: &AuditReport, w: &mut dyn Write) -> io::Result<()> {
    let header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    write_row(w, &header)?;
    for (f, loc) in report.entries() {
        let sup = f.suppressed.as_ref();
        let row = vec![
            text(&f.policy_id),
            text(&f.title),
            f.severity.as_str().to_string(),
            f.category.as_str().to_string(),
            text(&f.resource_address),
            text(&f.resource_type),
            loc.map(|l| text(&l.file)).unwrap_or_default(),
            loc.map(|l| l.line.to_string()).unwrap_or_default(),
            loc.map(|l| l.column.to_string()).unwrap_or_default(),
            f.attribute_path.as_deref().map(text).unwrap_or_default(),
            text(&f.message),
            f.fix.available.to_string(),
            f.fix.applicability.as_str().to_string(),
            text(&compliance_tags(&f.compliance).join(" ")),
            sup.is_some().to_string(),
            sup.map(|s| suppression_kind(s.kind).to_string())
                .unwrap_or_default(),
            sup.and_then(|s| s.reason.as_deref())
                .map(text)
                .unwrap_or_default(),
            sup.and_then(|s| s.expires.as_deref())
                .map(text)
                .unwrap_or_default(),
            f.monthly_saving_usd
                .filter(|v| v.is_finite())
                .map(|v| format!("{v:.2}"))
                .unwrap_or_default(),
            f.fingerprint.clone(),
        ];
        write_row(w, &row)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_per_rfc4180() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(text("=cmd()"), "'=cmd()");
        assert_eq!(text("-1,2"), "\"'-1,2\"");
    }
}
