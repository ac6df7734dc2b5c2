//! `inspect` output: evaluated resources as a table or as JSON.

use super::Output;
use crate::terraform::model::Resource;
use crate::terraform::{Loaded, Value};
use comfy_table::{presets, ContentArrangement, Table};
use serde_json::json;

/// `values` in the shape of Terraform's `planned_values`: unknown attributes are
/// left out (they are listed separately), secrets masked.
pub fn planned_values_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Map(m) => serde_json::Value::Object(
            m.iter()
                .filter(|(_, x)| !x.is_unknown())
                .map(|(k, x)| (k.clone(), planned_values_json(x)))
                .collect(),
        ),
        Value::List(items) => {
            serde_json::Value::Array(items.iter().map(planned_values_json).collect())
        }
        Value::Marked(inner, m) if !m.sensitive => planned_values_json(inner),
        other => other.to_display_json(),
    }
}

/// One resource as JSON.
pub fn resource_json(r: &Resource, loaded: &Loaded) -> serde_json::Value {
    let loc = r.span.and_then(|s| loaded.sources.locate(s));
    json!({
        "address": r.address,
        "mode": r.mode,
        "type": r.rtype,
        "name": r.name,
        "index": r.index.as_ref().map(|k| k.to_json()),
        "module": if r.module_address.is_empty() { None } else { Some(&r.module_address) },
        "root": r.root,
        "file": loc.as_ref().map(|l| l.file.clone()),
        "line": loc.as_ref().map(|l| l.line),
        "provider": r.provider.config,
        "region": r.provider.region.as_ref().map(|v| v.to_display_json()),
        "expansion_unknown": r.expansion_unknown,
        "module_chain": r.module_chain,
        "values": planned_values_json(&r.values()),
        "unknown_attributes": r.unknown_attribute_paths(),
    })
}

/// Streams the document resource by resource (a large configuration never
/// builds one big JSON tree in memory).
pub fn write_json(loaded: &Loaded, out: &mut Output) -> std::io::Result<()> {
    let w = out.out();
    writeln!(w, "{{\n  \"resources\": [")?;
    let n = loaded.model.resources.len();
    for (i, r) in loaded.model.resources.iter().enumerate() {
        write!(w, "    ")?;
        serde_json::to_writer(&mut *w, &resource_json(r, loaded))?;
        writeln!(w, "{}", if i + 1 < n { "," } else { "" })?;
    }
    let diagnostics: Vec<_> = loaded
        .model
        .diagnostics
        .iter()
        .map(|d| d.to_json(&loaded.sources))
        .collect();
    let unresolved: Vec<_> = loaded
        .model
        .unresolved_modules
        .iter()
        .map(|m| {
            let loc = m.span.and_then(|s| loaded.sources.locate(s));
            json!({
                "address": m.address,
                "source": m.source,
                "reason": m.reason,
                "file": loc.as_ref().map(|l| l.file.clone()),
                "line": loc.as_ref().map(|l| l.line),
            })
        })
        .collect();
    write!(w, "  ],\n  \"diagnostics\": ")?;
    serde_json::to_writer(&mut *w, &diagnostics)?;
    write!(w, ",\n  \"unresolved_modules\": ")?;
    serde_json::to_writer(&mut *w, &unresolved)?;
    writeln!(w, "\n}}")
}

pub fn write_table(loaded: &Loaded, out: &mut Output) -> std::io::Result<()> {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(vec!["Address", "Location", "Region", "Unknown"]);
    for r in &loaded.model.resources {
        let loc = r
            .span
            .and_then(|s| loaded.sources.locate(s))
            .map(|l| format!("{}:{}", l.file, l.line))
            .unwrap_or_default();
        let region = match &r.provider.region {
            Some(v) if v.is_unknown() => "(unknown)".to_string(),
            Some(v) => v
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| v.to_string()),
            None => "-".to_string(),
        };
        let mut address = r.address.clone();
        if r.expansion_unknown {
            address.push_str("  (count/for_each unknown)");
        }
        let unknown = r.unknown_attribute_paths();
        let unknown = if unknown.len() > 3 {
            format!("{}, … (+{})", unknown[..3].join(", "), unknown.len() - 3)
        } else {
            unknown.join(", ")
        };
        table.add_row(vec![address, loc, region, unknown]);
    }
    writeln!(out.out(), "{table}")?;
    let n = loaded.model.resources.len();
    let unknown = loaded
        .model
        .resources
        .iter()
        .filter(|r| r.expansion_unknown)
        .count();
    writeln!(
        out.out(),
        "{n} resource instance{}{}",
        if n == 1 { "" } else { "s" },
        if unknown > 0 {
            format!(" ({unknown} with count/for_each unknown)")
        } else {
            String::new()
        }
    )
}
