//! The `github` audit format: GitHub Actions workflow commands, which the
//! runner turns into annotations on the pull request's changed lines.
//!
//! One line per unsuppressed finding:
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=ID (sev): title::resource: message`
//! — `error` for critical and high, `warning` for medium and low, `notice` for
//! info. Load errors are `::error` lines too. Suppressed findings and undecided
//! checks are not annotated. A last plain line gives the score and verdict.
//!
//! Escaping follows the runner's rules: in the message `%`, CR and LF become
//! `%25`, `%0D`, `%0A`; in property values `:` and `,` become `%3A` and `%2C`
//! as well, so no text from the configuration can end a property or start a
//! new command.

use super::audit::{saving_text, AuditReport};
use crate::finding::Severity;
use crate::source::Location;
use std::io::{self, Write};

/// Escapes a command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The command for a severity.
pub fn command(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium | Severity::Low => "warning",
        Severity::Info => "notice",
    }
}

fn location_props(loc: &Location) -> Vec<String> {
    let mut props = vec![
        format!("file={}", escape_property(&loc.file)),
        format!("line={}", loc.line),
        format!("col={}", loc.column),
    ];
    if loc.end_line >= loc.line {
        props.push(format!("endLine={}", loc.end_line));
        // The runner reads a column range only within one line.
        if loc.end_line == loc.line && loc.end_column > loc.column {
            props.push(format!("endColumn={}", loc.end_column));
        }
    }
    props
}

/// Writes one workflow command per unsuppressed finding and load error, then
/// a summary line.
pub fn render(report: &AuditReport, w: &mut dyn Write) -> io::Result<()> {
    for (f, loc) in report.active() {
        let mut props = loc.map(location_props).unwrap_or_default();
        props.push(format!(
            "title={}",
            escape_property(&format!("{} ({}): {}", f.policy_id, f.severity, f.title))
        ));
        let mut message = format!("{}: {}", f.resource_address, f.message);
        if let Some(s) = saving_text(f) {
            message.push_str(&format!(" ({s})"));
        }
        writeln!(
            w,
            "::{} {}::{}",
            command(f.severity),
            props.join(","),
            escape_data(&message)
        )?;
    }
    for e in &report.errors {
        let mut props = Vec::new();
        if let Some(file) = &e.file {
            props.push(format!("file={}", escape_property(file)));
            if let Some(line) = e.line {
                props.push(format!("line={line}"));
            }
        }
        props.push("title=chkmate load error".to_string());
        writeln!(
            w,
            "::error {}::{}",
            props.join(","),
            escape_data(&e.message)
        )?;
    }
    let s = &report.summary;
    writeln!(
        w,
        "chkmate: score {}/100; {} critical, {} high, {} medium, {} low, {} info; {} suppressed; {} unknown. {}",
        report.score,
        s.critical,
        s.high,
        s.medium,
        s.low,
        s.info,
        s.suppressed,
        s.unknown,
        escape_data(&report.verdict())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_runner() {
        assert_eq!(escape_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(command(Severity::Low), "warning");
        assert_eq!(command(Severity::Info), "notice");
    }
}
