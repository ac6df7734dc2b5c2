//! The `csv` cost format: one row per cost component, for spreadsheets.
//!
//! RFC 4180 (header row, CRLF, quoting as [`super::csv::field`]), with the same
//! formula-injection guard as the audit CSV. A resource without components
//! (free, unsupported) is one row with empty component fields. Empty numeric
//! fields mean "not known" (price not found, usage not given), never zero.
//! With `--compare-to`, `change`, `before_monthly_usd` and `delta_monthly_usd`
//! are filled, and resources that were removed get rows of their own.

use super::cost::{service_of, CostReport};
use super::csv::field;
use crate::pricing::diff::{Change, ComponentChange, ComponentDiff, ResourceDiff};
use crate::pricing::estimate::{CostComponent, PriceStatus};
use crate::pricing::ResourceStatus;
use std::collections::HashMap;
use std::io::{self, Write};

/// The header row, in column order.
pub const COLUMNS: [&str; 23] = [
    "resource_address",
    "resource_type",
    "service",
    "region",
    "resource_status",
    "file",
    "line",
    "component",
    "unit",
    "quantity",
    "unit_price_usd",
    "monthly_usd",
    "usage_based",
    "price_status",
    "price_source",
    "price_source_date",
    "approximate",
    "derived",
    "details",
    "change",
    "before_monthly_usd",
    "delta_monthly_usd",
    "snapshot",
];

fn text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        field(&format!("'{s}"))
    } else {
        field(s)
    }
}

fn num(v: Option<f64>, decimals: usize) -> String {
    match v {
        Some(x) if x.is_finite() => {
            let s = format!("{x:.decimals$}");
            if s.contains('.') {
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                s
            }
        }
        _ => String::new(),
    }
}

fn money(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x:.2}"),
        _ => String::new(),
    }
}

fn write_row(w: &mut dyn Write, fields: &[String]) -> io::Result<()> {
    w.write_all(fields.join(",").as_bytes())?;
    w.write_all(b"\r\n")
}

fn status_str(s: ResourceStatus) -> &'static str {
    match s {
        ResourceStatus::Priced => "priced",
        ResourceStatus::Free => "free",
        ResourceStatus::Unsupported => "unsupported",
        ResourceStatus::ExpansionUnknown => "expansion_unknown",
    }
}

fn change_str(c: &ComponentChange) -> &'static str {
    match c {
        ComponentChange::Added => "added",
        ComponentChange::Removed => "removed",
        ComponentChange::Changed => "changed",
        ComponentChange::Unchanged => "unchanged",
        ComponentChange::PriceNotFound { .. } => "price_not_found",
        ComponentChange::DependsOnUsage { .. } => "depends_on_usage",
        ComponentChange::QuantityUnknown { .. } => "quantity_unknown",
    }
}

fn resource_change_str(c: Change) -> &'static str {
    match c {
        Change::Added => "added",
        Change::Removed => "removed",
        Change::Changed => "changed",
        Change::Unchanged => "unchanged",
    }
}

fn component_fields(c: &CostComponent) -> Vec<String> {
    let p = c.unit_price.as_ref();
    let (status, reason) = match &c.price_status {
        PriceStatus::Found => ("found", None),
        PriceStatus::NotFound { reason } => ("not_found", Some(reason.as_str())),
        PriceStatus::DependsOnUsage => ("depends_on_usage", None),
    };
    let mut details: Vec<String> = Vec::new();
    details.extend(reason.map(str::to_string));
    details.extend(c.note.clone());
    vec![
        text(&c.name),
        text(&c.unit),
        num(c.quantity, 6),
        num(p.map(|p| p.usd), 10),
        money(c.monthly_cost),
        c.usage_based.to_string(),
        status.to_string(),
        p.map(|p| text(&p.source.id)).unwrap_or_default(),
        p.map(|p| text(&p.source.date)).unwrap_or_default(),
        p.map(|p| p.approximate.to_string()).unwrap_or_default(),
        p.and_then(|p| p.derived.as_deref())
            .map(text)
            .unwrap_or_default(),
        text(&details.join("; ")),
    ]
}

/// Writes the header and one row per component.
pub fn render(report: &CostReport, w: &mut dyn Write) -> io::Result<()> {
    let header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    write_row(w, &header)?;
    let snapshot = text(&report.estimate.snapshot.id);
    // The diff's lines of the new side, by resource address, in component order.
    let mut diff_of: HashMap<&str, &ResourceDiff> = HashMap::new();
    if let Some(d) = &report.diff {
        for r in &d.resources {
            if r.status_after.is_some() {
                diff_of.insert(r.address.as_str(), r);
            }
        }
    }
    for (r, loc) in report.resources() {
        let base = vec![
            text(&r.address),
            text(&r.rtype),
            text(&service_of(&r.rtype)),
            r.region.as_deref().map(text).unwrap_or_default(),
            status_str(r.status).to_string(),
            loc.map(|l| text(&l.file)).unwrap_or_default(),
            loc.map(|l| l.line.to_string()).unwrap_or_default(),
        ];
        let rd = diff_of.get(r.address.as_str()).copied();
        let after_lines: Vec<&ComponentDiff> = rd
            .map(|d| d.components.iter().filter(|c| c.in_after).collect())
            .unwrap_or_default();
        if r.components.is_empty() {
            let mut row = base.clone();
            row.extend(std::iter::repeat_n(String::new(), 11));
            row.push(text(&r.notes.join("; ")));
            match rd {
                Some(d) => {
                    row.push(resource_change_str(d.change).to_string());
                    row.push(money(d.before_monthly));
                    row.push(if d.delta_complete {
                        money(Some(d.delta_monthly))
                    } else {
                        String::new()
                    });
                }
                None => row.extend(std::iter::repeat_n(String::new(), 3)),
            }
            row.push(snapshot.clone());
            write_row(w, &row)?;
            continue;
        }
        for (i, c) in r.components.iter().enumerate() {
            let mut row = base.clone();
            row.extend(component_fields(c));
            match after_lines.get(i) {
                Some(cd) => {
                    row.push(change_str(&cd.change).to_string());
                    row.push(money(cd.before_monthly));
                    row.push(money(cd.delta_monthly));
                }
                None => row.extend(std::iter::repeat_n(String::new(), 3)),
            }
            row.push(snapshot.clone());
            write_row(w, &row)?;
        }
    }
    // Lines that exist only on the old side: removed resources and components.
    if let Some(d) = &report.diff {
        for r in &d.resources {
            for c in r.components.iter().filter(|c| !c.in_after) {
                let status = r
                    .status_after
                    .or(r.status_before)
                    .map(status_str)
                    .unwrap_or_default();
                let mut row = vec![
                    text(&r.address),
                    text(&r.rtype),
                    text(&service_of(&r.rtype)),
                    String::new(),
                    status.to_string(),
                    String::new(),
                    String::new(),
                    text(&c.name),
                    text(&c.unit),
                ];
                row.extend(std::iter::repeat_n(String::new(), 9));
                let detail = match &c.change {
                    ComponentChange::PriceNotFound { reason } => reason.clone(),
                    _ => String::new(),
                };
                row.push(text(&detail));
                row.push(change_str(&c.change).to_string());
                row.push(money(c.before_monthly));
                row.push(money(c.delta_monthly));
                row.push(text(d.before.snapshot_id.as_deref().unwrap_or_default()));
                write_row(w, &row)?;
            }
            if r.status_after.is_none() && r.components.is_empty() {
                let mut row = vec![
                    text(&r.address),
                    text(&r.rtype),
                    text(&service_of(&r.rtype)),
                    String::new(),
                    r.status_before.map(status_str).unwrap_or_default().into(),
                ];
                row.extend(std::iter::repeat_n(String::new(), 13));
                row.push(text(&r.notes.join("; ")));
                row.push("removed".into());
                row.push(money(r.before_monthly));
                row.push(if r.delta_complete {
                    money(Some(r.delta_monthly))
                } else {
                    String::new()
                });
                row.push(text(d.before.snapshot_id.as_deref().unwrap_or_default()));
                write_row(w, &row)?;
            }
        }
    }
    Ok(())
}
