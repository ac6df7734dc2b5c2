//! The `table` audit format: what a person reads in a terminal.
//!
//! One table of unsuppressed findings, most severe first (the report's order),
//! with severity, policy, resource, file:line and message columns; a monthly
//! saving is appended to the message when the cost estimator computed one.
//! Suppressed findings are not listed, only counted. Then load errors, a note
//! on undecided checks, and the summary: score, counts and a one-line verdict.

use super::audit::{file_line, plural, saving_text, AuditReport};
use crate::finding::Severity;
use comfy_table::{
    presets, Attribute, Cell, Color, ColumnConstraint, ContentArrangement, Table, Width,
};
use std::io::{self, Write};

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";

fn severity_color(s: Severity) -> Color {
    match s {
        Severity::Critical => Color::Magenta,
        Severity::High => Color::Red,
        Severity::Medium => Color::Yellow,
        Severity::Low => Color::Blue,
        Severity::Info => Color::DarkGrey,
    }
}

/// The ANSI foreground code of a severity (for text outside the table).
fn severity_ansi(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "\x1b[1;35m",
        Severity::High => "\x1b[1;31m",
        Severity::Medium => "\x1b[33m",
        Severity::Low => "\x1b[34m",
        Severity::Info => "\x1b[90m",
    }
}

fn paint(text: &str, code: &str, color: bool) -> String {
    if color {
        format!("{code}{text}{RESET}")
    } else {
        text.to_string()
    }
}

/// Writes the table and summary, laid out for `width` columns; ANSI colours
/// only when `color` is true.
pub fn render(report: &AuditReport, w: &mut dyn Write, color: bool, width: u16) -> io::Result<()> {
    let active: Vec<_> = report.active().collect();
    if active.is_empty() {
        writeln!(w, "No findings.")?;
    } else {
        let mut table = Table::new();
        table
            .load_preset(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width);
        if color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        let header = ["Severity", "Policy", "Resource", "File:line", "Message"];
        table.set_header(header.iter().map(|h| {
            let c = Cell::new(h);
            if color {
                c.add_attribute(Attribute::Bold)
            } else {
                c
            }
        }));
        for (f, loc) in &active {
            let mut sev = Cell::new(f.severity.as_str());
            if color {
                sev = sev.fg(severity_color(f.severity));
                if f.severity >= Severity::High {
                    sev = sev.add_attribute(Attribute::Bold);
                }
            }
            let mut message = f.message.clone();
            if let Some(s) = saving_text(f) {
                message.push_str(&format!(" ({s})"));
            }
            table.add_row(vec![
                sev,
                Cell::new(&f.policy_id),
                Cell::new(&f.resource_address),
                Cell::new(file_line(*loc)),
                Cell::new(message),
            ]);
        }
        // Short columns keep their content width; the message column takes what
        // is left and wraps.
        let fixed = [
            ColumnConstraint::ContentWidth,
            ColumnConstraint::ContentWidth,
            ColumnConstraint::UpperBoundary(Width::Percentage(30)),
            ColumnConstraint::UpperBoundary(Width::Percentage(25)),
            ColumnConstraint::LowerBoundary(Width::Fixed(20)),
        ];
        table.set_constraints(fixed);
        writeln!(w, "{table}")?;
    }

    if report.summary.suppressed > 0 {
        writeln!(
            w,
            "{} not shown (listed as suppressed in json and sarif output).",
            plural(
                report.summary.suppressed,
                "suppressed finding",
                "suppressed findings"
            )
        )?;
    }
    if report.summary.unknown > 0 {
        writeln!(
            w,
            "{} could not be decided: the values are only known after apply (listed in json output).",
            plural(report.summary.unknown, "check", "checks")
        )?;
    }
    if !report.errors.is_empty() {
        writeln!(w)?;
        for e in &report.errors {
            writeln!(
                w,
                "{}: {}",
                paint("error", "\x1b[1;31m", color),
                e.display()
            )?;
        }
    }
    writeln!(w)?;
    let score = format!("{}/100", report.score);
    writeln!(
        w,
        "{}{}",
        paint("Score   ", BOLD, color),
        paint(&score, BOLD, color)
    )?;
    let counts: Vec<String> = Severity::ALL
        .iter()
        .map(|s| {
            let n = report.summary.of(*s);
            let text = format!("{n} {}", s.as_str());
            if n > 0 {
                paint(&text, severity_ansi(*s), color)
            } else {
                text
            }
        })
        .collect();
    writeln!(
        w,
        "{}{} · {} suppressed · {} unknown",
        paint("Found   ", BOLD, color),
        counts.join(", "),
        report.summary.suppressed,
        report.summary.unknown
    )?;
    let verdict = report.verdict();
    let verdict_code = if report.errors.is_empty() && !report.gate_failed() {
        "\x1b[1;32m"
    } else {
        "\x1b[1;31m"
    };
    writeln!(
        w,
        "{}{}",
        paint("Result  ", BOLD, color),
        paint(&verdict, verdict_code, color)
    )?;
    Ok(())
}
