//! The `markdown` audit format: a pull-request comment (GitHub-flavoured
//! Markdown).
//!
//! A heading with the verdict, the score, a summary table of counts, then one
//! findings table per severity (most severe first). Groups longer than
//! [`COLLAPSE_AFTER`] rows, suppressed findings and undecided checks sit in
//! collapsible `<details>` blocks; each table shows at most [`MAX_ROWS`] rows
//! so the comment stays under the size forges accept (the rest are counted and
//! are in the json/sarif outputs). Every text from the configuration is
//! escaped: pipes cannot break a table, and Markdown or HTML in a message or
//! address renders as text.

use super::audit::{plural, saving_text, severity_title, suppression_kind, AuditReport};
use crate::finding::{Finding, Severity};
use crate::source::Location;
use std::io::{self, Write};

/// Groups with more rows than this are collapsed.
pub const COLLAPSE_AFTER: usize = 10;
/// At most this many rows per table.
pub const MAX_ROWS: usize = 100;

fn icon(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "🟣",
        Severity::High => "🔴",
        Severity::Medium => "🟠",
        Severity::Low => "🟡",
        Severity::Info => "⚪",
    }
}

/// Escapes text for a table cell: Markdown punctuation is backslash-escaped,
/// `<`, `>` and `&` become entities, line breaks become `<br>`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("<br>");
                }
            }
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// Text that may carry `code` spans in single backticks (as policy messages
/// do): the spans become code spans, the rest is [`escape`]d. With unbalanced
/// backticks everything is escaped.
pub fn inline(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len() % 2 == 0 {
        return escape(s);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 && !part.is_empty() {
                code(part)
            } else if i % 2 == 1 {
                escape("``")
            } else {
                escape(part)
            }
        })
        .collect()
}

/// A code span that survives a table cell: a backtick fence longer than any
/// run inside, pipes escaped, line breaks as spaces.
pub fn code(s: &str) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let mut longest = 0;
    let mut run = 0;
    for c in flat.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    let body = flat.replace('|', "\\|");
    let pad = if body.starts_with('`') || body.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

fn location_cell(loc: Option<&Location>) -> String {
    match loc {
        Some(l) => code(&format!("{}:{}", l.file, l.line)),
        None => "–".to_string(),
    }
}

fn policy_cell(report: &AuditReport, f: &Finding) -> String {
    match report
        .policy(&f.policy_id)
        .and_then(|p| p.help_uri.as_deref())
    {
        Some(uri) if !uri.contains([' ', ')', '(', '<', '>']) => {
            format!("[{}]({uri})", escape(&f.policy_id))
        }
        _ => escape(&f.policy_id),
    }
}

fn message_cell(f: &Finding) -> String {
    let mut m = format!("**{}**<br>{}", escape(&f.title), inline(&f.message));
    if let Some(s) = saving_text(f) {
        m.push_str(&format!(" ({})", escape(&s)));
    }
    m
}

fn more_rows(w: &mut dyn Write, shown: usize, total: usize) -> io::Result<()> {
    if total > shown {
        writeln!(
            w,
            "\n… and {} more (see the json or sarif output).",
            total - shown
        )?;
    }
    Ok(())
}

fn findings_table(
    w: &mut dyn Write,
    report: &AuditReport,
    rows: &[(&Finding, Option<&Location>)],
) -> io::Result<()> {
    writeln!(w, "| Policy | Resource | Location | Finding |")?;
    writeln!(w, "| --- | --- | --- | --- |")?;
    for (f, loc) in rows.iter().take(MAX_ROWS) {
        writeln!(
            w,
            "| {} | {} | {} | {} |",
            policy_cell(report, f),
            code(&f.resource_address),
            location_cell(*loc),
            message_cell(f)
        )?;
    }
    more_rows(w, rows.len().min(MAX_ROWS), rows.len())
}

/// Writes the comment.
pub fn render(report: &AuditReport, w: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    writeln!(w, "## chkmate audit: {}", escape(&report.verdict()))?;
    writeln!(w)?;
    let targets = if report.targets.is_empty() {
        String::new()
    } else {
        format!(
            " · {}",
            report
                .targets
                .iter()
                .map(|t| code(t))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    writeln!(w, "**Score: {}/100**{targets}", report.score)?;
    writeln!(w)?;
    writeln!(w, "| Severity | Findings |")?;
    writeln!(w, "| --- | ---: |")?;
    for sev in Severity::ALL {
        writeln!(
            w,
            "| {} {} | {} |",
            icon(sev),
            severity_title(sev),
            s.of(sev)
        )?;
    }
    writeln!(w, "| Suppressed | {} |", s.suppressed)?;
    writeln!(w, "| Undecided (unknown values) | {} |", s.unknown)?;

    for sev in Severity::ALL {
        let rows: Vec<_> = report.active().filter(|(f, _)| f.severity == sev).collect();
        if rows.is_empty() {
            continue;
        }
        let heading = format!("{} {} ({})", icon(sev), severity_title(sev), rows.len());
        writeln!(w)?;
        if rows.len() > COLLAPSE_AFTER {
            writeln!(w, "<details><summary>{heading}</summary>")?;
            writeln!(w)?;
            findings_table(w, report, &rows)?;
            writeln!(w)?;
            writeln!(w, "</details>")?;
        } else {
            writeln!(w, "### {heading}")?;
            writeln!(w)?;
            findings_table(w, report, &rows)?;
        }
    }

    let suppressed: Vec<_> = report.suppressed().collect();
    if !suppressed.is_empty() {
        writeln!(w)?;
        writeln!(
            w,
            "<details><summary>{}</summary>",
            plural(
                suppressed.len(),
                "suppressed finding",
                "suppressed findings"
            )
        )?;
        writeln!(w)?;
        writeln!(w, "| Policy | Resource | Location | Suppression | Reason |")?;
        writeln!(w, "| --- | --- | --- | --- | --- |")?;
        for (f, loc) in suppressed.iter().take(MAX_ROWS) {
            let (kind, reason, expires) = match &f.suppressed {
                Some(s) => (
                    suppression_kind(s.kind),
                    s.reason.as_deref().map(inline).unwrap_or_default(),
                    s.expires
                        .as_deref()
                        .map(|e| format!(" (expires {})", escape(e)))
                        .unwrap_or_default(),
                ),
                None => ("", String::new(), String::new()),
            };
            writeln!(
                w,
                "| {} | {} | {} | {kind}{expires} | {reason} |",
                policy_cell(report, f),
                code(&f.resource_address),
                location_cell(*loc),
            )?;
        }
        more_rows(w, suppressed.len().min(MAX_ROWS), suppressed.len())?;
        writeln!(w)?;
        writeln!(w, "</details>")?;
    }

    if !report.unknown.is_empty() {
        writeln!(w)?;
        writeln!(
            w,
            "<details><summary>{} (values known only after apply)</summary>",
            plural(report.unknown.len(), "undecided check", "undecided checks")
        )?;
        writeln!(w)?;
        writeln!(w, "| Policy | Resource | Attribute | Reason |")?;
        writeln!(w, "| --- | --- | --- | --- |")?;
        for u in report.unknown.iter().take(MAX_ROWS) {
            writeln!(
                w,
                "| {} | {} | {} | {} |",
                escape(&u.policy_id),
                code(&u.resource_address),
                u.attribute_path.as_deref().map(code).unwrap_or_default(),
                inline(&u.reason)
            )?;
        }
        more_rows(w, report.unknown.len().min(MAX_ROWS), report.unknown.len())?;
        writeln!(w)?;
        writeln!(w, "</details>")?;
    }

    if !report.errors.is_empty() {
        writeln!(w)?;
        writeln!(w, "### Errors")?;
        writeln!(w)?;
        for e in &report.errors {
            let at = match (&e.file, e.line) {
                (Some(f), Some(l)) => format!("{}: ", code(&format!("{f}:{l}"))),
                (Some(f), None) => format!("{}: ", code(f)),
                _ => String::new(),
            };
            writeln!(w, "- {at}{}", inline(&e.message))?;
        }
    }
    writeln!(w)?;
    writeln!(w, "<sub>chkmate {}</sub>", escape(&report.tool_version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_table_breakers_and_html() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("<script>&"), "&lt;script&gt;&amp;");
        assert_eq!(escape("x\ny"), "x<br>y");
        assert_eq!(escape("*bold* [l](u)"), "\\*bold\\* \\[l\\](u)");
        assert_eq!(code("a|b"), "`a\\|b`");
        assert_eq!(code("x`y"), "``x`y``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(inline("set `a|b` to *x*"), "set `a\\|b` to \\*x\\*");
        assert_eq!(inline("odd ` tick"), "odd \\` tick");
        assert_eq!(inline("empty `` span"), "empty \\`\\` span");
    }
}
