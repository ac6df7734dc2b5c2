//! `policies list | show | docs`: one YAML source, three views.

use crate::policy::{Policy, TypeRef};
use crate::terraform::Mode;
use comfy_table::{presets, ContentArrangement, Table};
use std::io::{self, Write};

fn type_ref(t: &TypeRef) -> String {
    if t.rtype.is_empty() {
        "*".to_string()
    } else if t.mode == Mode::Data {
        format!("data.{}", t.rtype)
    } else {
        t.rtype.clone()
    }
}

fn types(p: &Policy) -> String {
    p.resource_types
        .iter()
        .map(type_ref)
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn list_table(policies: &[Policy], w: &mut dyn Write) -> io::Result<()> {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(120)
        .set_header(vec!["ID", "Severity", "Category", "Title", "Fix"]);
    for p in policies {
        t.add_row(vec![
            p.id.clone(),
            p.severity.to_string(),
            p.category.as_str().to_string(),
            p.title.clone(),
            p.remediation.applicability.as_str().to_string(),
        ]);
    }
    writeln!(w, "{t}")?;
    writeln!(w, "{} policies", policies.len())
}

pub fn list_json(policies: &[Policy], w: &mut dyn Write) -> io::Result<()> {
    let items: Vec<serde_json::Value> = policies
        .iter()
        .map(|p| {
            serde_json::json!({
                "id": p.id,
                "title": p.title,
                "severity": p.severity,
                "category": p.category,
                "resource_types": p.resource_types.iter().map(type_ref).collect::<Vec<_>>(),
                "fix": {"available": p.remediation.available(), "applicability": p.remediation.applicability},
                "compliance": p.compliance_refs(),
                "source": p.source,
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *w, &serde_json::json!({ "policies": items }))?;
    writeln!(w)
}

/// One policy as Markdown (used by `show` and `docs`).
pub fn markdown(p: &Policy, heading: &str, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "{heading} {} — {}\n", p.id, p.title)?;
    writeln!(
        w,
        "- **Severity:** {}\n- **Category:** {}\n- **Resource types:** {}\n- **Fix:** {}{}",
        p.severity,
        p.category.as_str(),
        types(p),
        p.remediation.applicability.as_str(),
        if p.remediation.forces_replacement {
            " (forces replacement of an existing resource)"
        } else {
            ""
        }
    )?;
    let refs = p.compliance_refs();
    if !refs.is_empty() {
        let list: Vec<String> = refs
            .iter()
            .map(|c| format!("{} {}", c.framework, c.id))
            .collect();
        writeln!(w, "- **Compliance:** {}", list.join("; "))?;
    }
    writeln!(w, "\n{}\n", p.description.trim())?;
    if let Some(g) = &p.remediation.guidance {
        writeln!(w, "**How to fix:** {}\n", g.trim())?;
    }
    if !p.references.is_empty() {
        writeln!(w, "**References:**\n")?;
        for r in &p.references {
            writeln!(w, "- {r}")?;
        }
        writeln!(w)?;
    }
    Ok(())
}

pub fn docs(policies: &[Policy], w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "# chkmate policies\n")?;
    writeln!(
        w,
        "Generated from the policy YAML files by `chkmate policies docs`. {} policies.\n",
        policies.len()
    )?;
    writeln!(w, "| ID | Severity | Category | Title |\n|---|---|---|---|")?;
    for p in policies {
        writeln!(
            w,
            "| [{}](#{}) | {} | {} | {} |",
            p.id,
            p.id.to_ascii_lowercase(),
            p.severity,
            p.category.as_str(),
            p.title.replace('|', "\\|")
        )?;
    }
    writeln!(w)?;
    for p in policies {
        markdown(p, "##", w)?;
    }
    Ok(())
}
