//! The `html` cost format: one self-contained page (inline CSS, JavaScript and
//! SVG; no external URL, so it opens offline and can be attached to a CI run).
//!
//! The page shows the totals as cards, the gates' verdicts, a cost-by-service
//! bar chart (inline SVG; the service comes from the resource type prefix, see
//! [`super::cost::service_of`]), the diff when there is one, and the
//! per-resource table with its components (filterable, each resource
//! collapsible). Every text is HTML-escaped.

use super::audit::plural;
use super::cost::{
    before_after_text, component_delta_text, component_diff_name, diff_summary, monthly_text,
    quantity, resource_delta_text, resource_monthly_text, type_counts, unit_price_text, usd,
    CostReport,
};
use crate::pricing::diff::{Change, ComponentChange};
use crate::pricing::estimate::PriceStatus;
use crate::pricing::ResourceStatus;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
:root{--fg:#1d2330;--muted:#5d6675;--line:#e3e7ee;--bg:#f6f8fb;--card:#fff;--accent:#2d6cdf;--bad:#c62828;--good:#2e7d32;--warn:#b26a00}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:17px;margin:28px 0 10px}
.sub{color:var(--muted);margin:0}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;margin-top:18px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card .value{font-size:22px;font-weight:600;margin-top:2px;font-variant-numeric:tabular-nums}
.card.total .value{color:var(--accent)}
.card.warn .value{color:var(--warn)}
.gate{border-radius:8px;padding:10px 14px;margin-top:12px;font-weight:500}
.gate.fail{background:#fdecea;color:var(--bad);border:1px solid #f5c2c0}
.gate.pass{background:#edf7ee;color:var(--good);border:1px solid #c3e3c5}
.panel{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px}
svg text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;fill:var(--fg)}
table{width:100%;border-collapse:collapse;background:var(--card)}
th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em;background:#fafbfd;position:sticky;top:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.num.usage,td.num.nf,#diff td.num{white-space:normal;min-width:120px;max-width:260px}
td:first-child{overflow-wrap:anywhere}
tr.res td{font-weight:600;background:#f9fafc;cursor:pointer}
tr.res td:first-child::before{content:"▾ ";color:var(--muted)}
tbody.collapsed tr.res td:first-child::before{content:"▸ "}
tbody.collapsed tr.comp{display:none}
tr.comp td:first-child{padding-left:30px}
.loc{color:var(--muted);font-weight:400;font-size:12px;margin-left:8px}
.detail{color:var(--muted);font-size:12px}
.nf{color:var(--warn);font-weight:600}
.usage{color:var(--muted);font-style:italic}
.add{color:var(--bad)}.rem{color:var(--good)}.chg{color:var(--warn)}
#filter{padding:7px 10px;border:1px solid var(--line);border-radius:6px;width:320px;max-width:100%;margin-bottom:10px;font:inherit}
.caveats{margin:10px 0 0;padding-left:18px;color:var(--warn)}
footer{color:var(--muted);font-size:12px;margin-top:28px;border-top:1px solid var(--line);padding-top:10px}
"#;

const JS: &str = r#"
(function(){
  var f=document.getElementById('filter');
  var groups=document.querySelectorAll('#resources tbody.group');
  if(f){f.addEventListener('input',function(){
    var q=f.value.toLowerCase();
    groups.forEach(function(g){g.style.display=(!q||g.textContent.toLowerCase().indexOf(q)>=0)?'':'none';});
  });}
  groups.forEach(function(g){
    var h=g.querySelector('tr.res');
    if(h){h.addEventListener('click',function(){g.classList.toggle('collapsed');});}
  });
})();
"#;

/// Bar colours of the chart, in order.
const PALETTE: [&str; 10] = [
    "#2d6cdf", "#00a19a", "#f29f05", "#d64550", "#7c4dff", "#43a047", "#ef6c00", "#00838f",
    "#8d6e63", "#5c6bc0",
];

/// The cost-by-service chart as inline SVG (horizontal bars, largest first).
pub fn service_chart(services: &[(String, f64)]) -> String {
    let shown: Vec<&(String, f64)> = services.iter().filter(|(_, m)| *m > 0.0).collect();
    if shown.is_empty() {
        return "<p class=\"sub\">No resource has a known monthly cost to chart.</p>".into();
    }
    let total: f64 = shown.iter().map(|(_, m)| m).sum();
    let max = shown.iter().map(|(_, m)| *m).fold(0.0_f64, f64::max);
    let label_w = 170.0;
    let bar_max = 560.0;
    let row_h = 30.0;
    let width = 960.0;
    let height = row_h * shown.len() as f64 + 12.0;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg role=\"img\" aria-label=\"Monthly cost by service\" viewBox=\"0 0 {width} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">"
    );
    for (i, (name, monthly)) in shown.iter().enumerate() {
        let y = 6.0 + row_h * i as f64;
        let w = if max > 0.0 {
            (monthly / max * bar_max).max(2.0)
        } else {
            2.0
        };
        let color = PALETTE.get(i % PALETTE.len()).copied().unwrap_or("#2d6cdf");
        let pct = if total > 0.0 {
            monthly / total * 100.0
        } else {
            0.0
        };
        let _ = write!(
            s,
            "<g><title>{name}: {m} a month ({pct:.1}%)</title>\
             <text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\">{name}</text>\
             <rect x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"20\" rx=\"3\" fill=\"{color}\"></rect>\
             <text x=\"{vx:.1}\" y=\"{ty}\">{m} ({pct:.1}%)</text></g>",
            name = escape(name),
            m = escape(&usd(*monthly)),
            lx = label_w - 10.0,
            ty = y + 14.5,
            vx = label_w + w + 8.0,
        );
    }
    s.push_str("</svg>");
    s
}

pub fn render(report: &CostReport, w: &mut dyn Write) -> io::Result<()> {
    let mut h = String::with_capacity(64 * 1024);
    let t = &report.estimate.totals;
    let title = if report.targets.is_empty() {
        "chkmate cost estimate".to_string()
    } else {
        format!("chkmate cost estimate: {}", report.targets.join(", "))
    };
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        escape(&title)
    );
    let _ = writeln!(h, "<h1>{}</h1>", escape(&title));
    let mut sub = vec![format!("Prices: snapshot {}", report.snapshot_line())];
    if let Some(u) = &report.usage_file {
        sub.push(format!("usage file: {u}"));
    } else {
        sub.push("no usage file".into());
    }
    if let Some(r) = &report.region_override {
        sub.push(format!("region {r} (--region)"));
    }
    let _ = writeln!(h, "<p class=\"sub\">{}</p>", escape(&sub.join(" · ")));

    // Cards.
    h.push_str("<div class=\"cards\">\n");
    let card = |h: &mut String, class: &str, label: &str, value: &str| {
        let _ = writeln!(
            h,
            "<div class=\"card {class}\"><div class=\"label\">{}</div><div class=\"value\">{}</div></div>",
            escape(label),
            escape(value)
        );
    };
    card(&mut h, "total", "Total monthly", &usd(t.total_monthly));
    card(&mut h, "", "Baseline", &usd(t.baseline_monthly));
    card(
        &mut h,
        "",
        if report.usage_file.is_some() {
            "Usage-based (usage file)"
        } else {
            "Usage-based (no usage file)"
        },
        &if report.usage_file.is_some() {
            usd(t.usage_monthly)
        } else {
            "-".to_string()
        },
    );
    card(
        &mut h,
        if t.not_found_count > 0 { "warn" } else { "" },
        "Price not found",
        &t.not_found_count.to_string(),
    );
    card(
        &mut h,
        if t.depends_on_usage_count > 0 {
            "warn"
        } else {
            ""
        },
        "Depends on usage",
        &t.depends_on_usage_count.to_string(),
    );
    card(
        &mut h,
        "",
        "Resources priced / free / unsupported",
        &format!(
            "{} / {} / {}",
            t.priced_resources, t.free_resources, t.unsupported_resources
        ),
    );
    h.push_str("</div>\n");
    let caveats = report.caveats();
    if !caveats.is_empty() {
        h.push_str("<ul class=\"caveats\">\n");
        for c in caveats {
            let _ = writeln!(h, "<li>{}</li>", escape(&c));
        }
        h.push_str("</ul>\n");
    }
    for g in &report.gates {
        let _ = writeln!(
            h,
            "<div class=\"gate {}\">{} {}</div>",
            if g.exceeded { "fail" } else { "pass" },
            if g.exceeded { "✗" } else { "✓" },
            escape(&g.message)
        );
    }

    // Chart.
    h.push_str("<h2>Cost by service</h2>\n<div class=\"panel\">\n");
    h.push_str(&service_chart(&report.cost_by_service()));
    h.push_str("\n</div>\n");

    // Diff.
    if let Some(d) = &report.diff {
        let _ = writeln!(
            h,
            "<h2>Cost change: {}</h2>\n<p class=\"sub\">{} (before) → {} (after)</p>",
            escape(&diff_summary(d)),
            escape(&d.before.label),
            escape(&d.after.label)
        );
        h.push_str("<table id=\"diff\"><thead><tr><th></th><th>Resource / component</th><th class=\"num\">Before</th><th class=\"num\">After</th><th class=\"num\">Change</th></tr></thead><tbody>\n");
        let mut any = false;
        for r in d.changed() {
            any = true;
            let (b, a) = before_after_text(r);
            let class = match r.change {
                Change::Added => "add",
                Change::Removed => "rem",
                _ => "chg",
            };
            let _ = writeln!(
                h,
                "<tr class=\"{class}\"><td>{}</td><td><b>{}</b></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                r.change.sign(),
                escape(&r.address),
                escape(&b),
                escape(&a),
                escape(&resource_delta_text(r))
            );
            for c in &r.components {
                if c.change == ComponentChange::Unchanged {
                    continue;
                }
                let detail = match &c.change {
                    ComponentChange::PriceNotFound { reason } => {
                        format!("<div class=\"detail\">{}</div>", escape(reason))
                    }
                    _ => String::new(),
                };
                let _ = writeln!(
                    h,
                    "<tr><td></td><td style=\"padding-left:26px\">{}{detail}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                    escape(&component_diff_name(c)),
                    c.before_monthly.map(usd).unwrap_or_else(|| "-".into()),
                    c.after_monthly.map(usd).unwrap_or_else(|| "-".into()),
                    escape(&component_delta_text(c))
                );
            }
        }
        if !any {
            h.push_str("<tr><td></td><td colspan=\"4\">No resource changes cost.</td></tr>\n");
        }
        h.push_str("</tbody></table>\n");
    }

    // Per-resource table.
    let listed: Vec<_> = report.listed().collect();
    let _ = writeln!(
        h,
        "<h2>Resources ({})</h2>",
        escape(&plural(listed.len(), "priced resource", "priced resources"))
    );
    h.push_str("<input id=\"filter\" type=\"search\" placeholder=\"Filter by address, type or component\" aria-label=\"Filter resources\">\n");
    h.push_str("<table id=\"resources\"><thead><tr><th>Resource / component</th><th class=\"num\">Quantity</th><th>Unit</th><th class=\"num\">Unit price</th><th class=\"num\">Monthly</th></tr></thead>\n");
    if listed.is_empty() {
        h.push_str("<tbody><tr><td colspan=\"5\">No priced resources.</td></tr></tbody>\n");
    }
    for (r, loc) in &listed {
        h.push_str("<tbody class=\"group\">\n");
        let at = loc
            .map(|l| {
                format!(
                    "<span class=\"loc\">{}</span>",
                    escape(&format!("{}:{}", l.file, l.line))
                )
            })
            .unwrap_or_default();
        let mut extra = String::new();
        if r.status == ResourceStatus::ExpansionUnknown {
            extra.push_str("<div class=\"detail\">count/for_each known only after apply: one instance shown, not in the total</div>");
        }
        let _ = writeln!(
            h,
            "<tr class=\"res\"><td>{}{at}{extra}</td><td></td><td></td><td></td><td class=\"num\">{}</td></tr>",
            escape(&r.address),
            escape(&resource_monthly_text(r))
        );
        for c in &r.components {
            let (qty, unit) = match (&c.price_status, c.quantity) {
                (PriceStatus::DependsOnUsage, _) => (String::new(), String::new()),
                (_, Some(q)) => (quantity(q), c.unit.clone()),
                (_, None) => ("unknown".into(), c.unit.clone()),
            };
            let price = match c.price_status {
                PriceStatus::DependsOnUsage => String::new(),
                _ => unit_price_text(c).unwrap_or_else(|| "-".into()),
            };
            let (class, monthly) = match &c.price_status {
                PriceStatus::NotFound { .. } => ("nf", monthly_text(c)),
                PriceStatus::DependsOnUsage => ("usage", monthly_text(c)),
                PriceStatus::Found => ("", monthly_text(c)),
            };
            let details: String = super::cost::component_details(c)
                .iter()
                .map(|d| format!("<div class=\"detail\">{}</div>", escape(d)))
                .collect();
            let _ = writeln!(
                h,
                "<tr class=\"comp\"><td>{}{details}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num {class}\">{}</td></tr>",
                escape(&c.name),
                escape(&qty),
                escape(&unit),
                escape(&price),
                escape(&monthly)
            );
        }
        h.push_str("</tbody>\n");
    }
    h.push_str("</table>\n");

    let free = report.by_type(ResourceStatus::Free);
    let unsupported = report.by_type(ResourceStatus::Unsupported);
    if !free.is_empty() || !unsupported.is_empty() {
        h.push_str("<h2>Not priced</h2>\n<div class=\"panel\">\n");
        if !free.is_empty() {
            let n: usize = free.iter().map(|(_, c)| c).sum();
            let _ = writeln!(
                h,
                "<p><b>{}</b> (AWS does not charge for them): {}</p>",
                escape(&plural(n, "free resource", "free resources")),
                escape(&type_counts(&free))
            );
        }
        if !unsupported.is_empty() {
            let n: usize = unsupported.iter().map(|(_, c)| c).sum();
            let _ = writeln!(
                h,
                "<p class=\"nf\">{} (no pricing rules, cost unknown): {}</p>",
                escape(&plural(n, "unsupported resource", "unsupported resources")),
                escape(&type_counts(&unsupported))
            );
        }
        h.push_str("</div>\n");
    }
    if !report.estimate.warnings.is_empty() {
        h.push_str("<h2>Warnings</h2>\n<ul class=\"caveats\">\n");
        for warn in &report.estimate.warnings {
            let _ = writeln!(h, "<li>{}</li>", escape(warn));
        }
        h.push_str("</ul>\n");
    }
    let sources = report.sources_line();
    let _ = writeln!(
        h,
        "<footer>Prices: snapshot {}{}. AWS on-demand prices in USD, 730 hours a month. ~ approximate price, * price derived by a documented rule. Generated by chkmate {}.</footer>",
        escape(&report.snapshot_line()),
        if sources.is_empty() {
            String::new()
        } else {
            format!("; sources: {}", escape(&sources))
        },
        escape(&report.tool_version)
    );
    let _ = write!(h, "</main>\n<script>{JS}</script>\n</body>\n</html>\n");
    w.write_all(h.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn chart_has_one_bar_per_service_with_a_cost() {
        let svg = service_chart(&[
            ("EC2".into(), 30.0),
            ("RDS".into(), 100.0),
            ("IAM".into(), 0.0),
        ]);
        assert!(svg.starts_with("<svg"), "{svg}");
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("$100.00 (76.9%)"), "{svg}");
        assert!(!svg.contains("http"));
        assert!(service_chart(&[]).contains("No resource"));
    }
}
