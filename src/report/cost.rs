//! `chkmate cost` reports: the [`CostReport`] every cost renderer reads, the
//! format list, and the `table` and `json` renderers.
//!
//! The other formats live beside this file: [`super::cost_csv`],
//! [`super::cost_markdown`] (a pull-request comment), [`super::cost_html`] (one
//! self-contained page with a cost-by-service chart) and [`super::cost_history`]
//! (`chkmate cost history`).
//!
//! Renderers recompute nothing: totals come from the [`Estimate`], deltas from
//! the [`CostDiff`], verdicts from the [`Gate`]s. What is unknown is printed as
//! unknown: a usage-based component without usage reads "depends on usage:
//! $0.045 per GB", a missing price reads "price not found" with its reason, and
//! neither is ever a $0 line.

use super::audit::{format_usd, plural};
use crate::pricing::diff::{Change, ComponentChange, CostDiff, Missing, ResourceDiff};
use crate::pricing::estimate::{format_unit_price, CostComponent, Estimate, PriceStatus};
use crate::pricing::{ResourceCost, ResourceStatus};
use crate::source::Location;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

/// Output formats of `chkmate cost`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CostFormat {
    Table,
    Json,
    Csv,
    Markdown,
    Html,
}

impl CostFormat {
    pub const ALL: [CostFormat; 5] = [
        CostFormat::Table,
        CostFormat::Json,
        CostFormat::Csv,
        CostFormat::Markdown,
        CostFormat::Html,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CostFormat::Table => "table",
            CostFormat::Json => "json",
            CostFormat::Csv => "csv",
            CostFormat::Markdown => "markdown",
            CostFormat::Html => "html",
        }
    }
}

impl FromStr for CostFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        match lower.as_str() {
            "table" => Ok(CostFormat::Table),
            "json" => Ok(CostFormat::Json),
            "csv" => Ok(CostFormat::Csv),
            "markdown" | "md" => Ok(CostFormat::Markdown),
            "html" => Ok(CostFormat::Html),
            _ => Err(format!(
                "unknown cost format `{s}` (expected one of: {})",
                CostFormat::ALL.map(CostFormat::as_str).join(", ")
            )),
        }
    }
}

impl fmt::Display for CostFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which limit a gate checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GateKind {
    /// The monthly total against a budget.
    Budget,
    /// The diff's monthly increase against `--max-increase`.
    MaxIncrease,
}

/// The outcome of one cost gate.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gate {
    pub kind: GateKind,
    /// The limit as the user wrote it (`$500.00`, `10%`).
    pub limit: String,
    /// Where the limit came from (`--budget`, `.chkmate.yml budgets`).
    pub source: String,
    /// The amount compared with the limit, in USD a month (the total, or the increase).
    pub actual_usd: f64,
    pub exceeded: bool,
    /// One sentence naming the limit and the amount.
    pub message: String,
}

/// Everything a cost renderer needs.
#[derive(Clone, Debug)]
pub struct CostReport {
    pub tool_version: String,
    /// The PATHs, as shown to users.
    pub targets: Vec<String>,
    pub estimate: Estimate,
    /// `file:line` of each resource of `estimate.resources` (same order).
    pub locations: Vec<Option<Location>>,
    /// The usage file that was read, if any.
    pub usage_file: Option<String>,
    /// `--region`, when given.
    pub region_override: Option<String>,
    pub diff: Option<CostDiff>,
    pub gates: Vec<Gate>,
}

impl CostReport {
    /// A report of an estimate without diff or gates.
    pub fn new(targets: Vec<String>, estimate: Estimate) -> CostReport {
        let n = estimate.resources.len();
        CostReport {
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            targets,
            estimate,
            locations: vec![None; n],
            usage_file: None,
            region_override: None,
            diff: None,
            gates: Vec::new(),
        }
    }

    /// The resources with their locations.
    pub fn resources(&self) -> impl Iterator<Item = (&ResourceCost, Option<&Location>)> {
        self.estimate
            .resources
            .iter()
            .enumerate()
            .map(|(i, r)| (r, self.locations.get(i).and_then(Option::as_ref)))
    }

    /// True when a gate was exceeded (exit 1).
    pub fn gate_failed(&self) -> bool {
        self.gates.iter().any(|g| g.exceeded)
    }

    /// Priced and count-unknown resources (the ones listed line by line).
    pub fn listed(&self) -> impl Iterator<Item = (&ResourceCost, Option<&Location>)> {
        self.resources().filter(|(r, _)| {
            matches!(
                r.status,
                ResourceStatus::Priced | ResourceStatus::ExpansionUnknown
            )
        })
    }

    /// Resources of a status grouped by type: `(type, count)`, by type name.
    pub fn by_type(&self, status: ResourceStatus) -> Vec<(String, usize)> {
        let mut m: BTreeMap<&str, usize> = BTreeMap::new();
        for r in &self.estimate.resources {
            if r.status == status {
                *m.entry(r.rtype.as_str()).or_default() += 1;
            }
        }
        m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
    }

    /// Known monthly cost per AWS service (from the resource type), largest first.
    pub fn cost_by_service(&self) -> Vec<(String, f64)> {
        let mut m: BTreeMap<String, f64> = BTreeMap::new();
        for r in &self.estimate.resources {
            if r.status == ResourceStatus::Priced {
                *m.entry(service_of(&r.rtype)).or_default() += r.monthly_cost();
            }
        }
        let mut v: Vec<(String, f64)> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    }

    /// The sources (id, date) that priced at least one component of this estimate.
    pub fn sources_used(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for r in &self.estimate.resources {
            for c in &r.components {
                if let Some(p) = &c.unit_price {
                    let id = p.source.id.clone();
                    if !out.iter().any(|(i, _)| *i == id) {
                        out.push((id, p.source.date.clone()));
                    }
                }
            }
        }
        out.sort();
        out
    }

    /// `embedded-2026-11-24 (built 2026-11-24, embedded)`.
    pub fn snapshot_line(&self) -> String {
        let s = &self.estimate.snapshot;
        let mut line = s.id.clone();
        let mut extra = Vec::new();
        if !s.built.is_empty() {
            extra.push(format!("built {}", s.built));
        }
        if !s.origin.is_empty() {
            extra.push(s.origin.clone());
        }
        if !extra.is_empty() {
            line.push_str(&format!(" ({})", extra.join(", ")));
        }
        line
    }

    /// `karpenter-2026-07-20 (2026-07-20), ...`: the sources of the prices used.
    pub fn sources_line(&self) -> String {
        self.sources_used()
            .iter()
            .map(|(id, date)| {
                if id.contains(date.as_str()) || date.is_empty() {
                    id.clone()
                } else {
                    format!("{id} ({date})")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Lines about what the total leaves out (besides prices not found, which
    /// every renderer counts on a line of its own).
    pub fn caveats(&self) -> Vec<String> {
        let t = &self.estimate.totals;
        let mut out = Vec::new();
        if t.depends_on_usage_count > 0 {
            out.push(format!(
                "{} without usage (not in the total; give quantities in a usage file)",
                plural(
                    t.depends_on_usage_count,
                    "usage-based component",
                    "usage-based components"
                )
            ));
        }
        if t.unknown_quantity_count > 0 {
            out.push(format!(
                "{} with a quantity known only after apply (not in the total)",
                plural(t.unknown_quantity_count, "component", "components")
            ));
        }
        if t.expansion_unknown_resources > 0 {
            out.push(format!(
                "{} with count/for_each known only after apply (not in the total)",
                plural(t.expansion_unknown_resources, "resource", "resources")
            ));
        }
        out
    }
}

/// The AWS service a resource type belongs to (from its type prefix).
pub fn service_of(rtype: &str) -> String {
    const SERVICES: &[(&str, &str)] = &[
        ("aws_instance", "EC2"),
        ("aws_spot_instance_request", "EC2"),
        ("aws_launch_template", "EC2"),
        ("aws_launch_configuration", "EC2"),
        ("aws_autoscaling_", "EC2"),
        ("aws_ec2_transit_gateway", "Transit Gateway"),
        ("aws_ec2_", "EC2"),
        ("aws_ebs_", "EBS"),
        ("aws_volume_attachment", "EBS"),
        ("aws_eip", "VPC"),
        ("aws_nat_gateway", "VPC"),
        ("aws_vpc_endpoint", "VPC"),
        ("aws_vpn_", "VPC"),
        ("aws_flow_log", "VPC"),
        ("aws_networkfirewall_", "Network Firewall"),
        ("aws_lb", "ELB"),
        ("aws_alb", "ELB"),
        ("aws_elb", "ELB"),
        ("aws_db_", "RDS"),
        ("aws_rds_", "RDS"),
        ("aws_elasticache_", "ElastiCache"),
        ("aws_eks_", "EKS"),
        ("aws_ecs_", "ECS"),
        ("aws_ecr_", "ECR"),
        ("aws_lambda_", "Lambda"),
        ("aws_dynamodb_", "DynamoDB"),
        ("aws_s3_", "S3"),
        ("aws_cloudwatch_", "CloudWatch"),
        ("aws_route53", "Route 53"),
        ("aws_kms_", "KMS"),
        ("aws_secretsmanager_", "Secrets Manager"),
        ("aws_ssm_", "Systems Manager"),
        ("aws_sqs_", "SQS"),
        ("aws_sns_", "SNS"),
        ("aws_api_gateway_", "API Gateway"),
        ("aws_apigatewayv2_", "API Gateway"),
        ("aws_cloudfront_", "CloudFront"),
        ("aws_opensearch_", "OpenSearch"),
        ("aws_elasticsearch_", "OpenSearch"),
        ("aws_sfn_", "Step Functions"),
        ("aws_kinesis_", "Kinesis"),
        ("aws_msk_", "MSK"),
        ("aws_redshift_", "Redshift"),
        ("aws_efs_", "EFS"),
        ("aws_fsx_", "FSx"),
        ("aws_wafv2_", "WAF"),
        ("aws_waf_", "WAF"),
        ("aws_cognito_", "Cognito"),
        ("aws_mq_", "Amazon MQ"),
        ("aws_docdb_", "DocumentDB"),
        ("aws_neptune_", "Neptune"),
        ("aws_backup_", "Backup"),
        ("aws_acmpca_", "Private CA"),
        ("aws_config_", "Config"),
        ("aws_cloudtrail", "CloudTrail"),
        ("aws_glue_", "Glue"),
        ("aws_athena_", "Athena"),
        ("aws_sagemaker_", "SageMaker"),
        ("aws_transfer_", "Transfer Family"),
        ("aws_dx_", "Direct Connect"),
        ("aws_globalaccelerator_", "Global Accelerator"),
    ];
    let best = SERVICES
        .iter()
        .filter(|(prefix, _)| rtype.starts_with(prefix))
        .max_by_key(|(prefix, _)| prefix.len());
    if let Some((_, s)) = best {
        return (*s).to_string();
    }
    // aws_foo_bar -> foo
    let mut parts = rtype.split('_');
    let provider = parts.next().unwrap_or_default();
    match parts.next() {
        Some(p) if !p.is_empty() => p.to_string(),
        _ => provider.to_string(),
    }
}

/// Renders `report` in `format`.
pub fn render(
    report: &CostReport,
    format: CostFormat,
    w: &mut dyn Write,
    color: bool,
) -> io::Result<()> {
    match format {
        CostFormat::Table => table(report, w, color),
        CostFormat::Json => json(report, w),
        CostFormat::Csv => super::cost_csv::render(report, w),
        CostFormat::Markdown => super::cost_markdown::render(report, w),
        CostFormat::Html => super::cost_html::render(report, w),
    }
}

/// `+$1.00`, `-$1.00`, `$0.00`.
pub fn signed_usd(v: f64) -> String {
    let s = format_usd(v);
    if s == "$0.00" || s.starts_with('-') || s == "n/a" {
        s
    } else {
        format!("+{s}")
    }
}

/// A USD amount with two decimals and thousands separators: `$1,234.50`.
pub fn usd(v: f64) -> String {
    format_usd(v)
}

/// `+12.3%`, `-4.0%`.
pub fn signed_percent(p: f64) -> String {
    if !p.is_finite() {
        return "n/a".into();
    }
    let s = format!("{p:.1}%");
    if p > 0.0 && s != "0.0%" {
        format!("+{s}")
    } else {
        s
    }
}

/// A quantity for humans: `730`, `0.5`, `1,234.56`.
pub fn quantity(q: f64) -> String {
    if !q.is_finite() {
        return "n/a".into();
    }
    let rounded = (q * 100.0).round() / 100.0;
    let whole = rounded.trunc().abs();
    let frac = (rounded.abs() - whole).abs();
    let digits = format!("{whole:.0}");
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if frac > 0.0 {
        let f = format!("{frac:.2}");
        out.push_str(f.trim_start_matches('0').trim_end_matches('0'));
    }
    if rounded < 0.0 {
        out.insert(0, '-');
    }
    if out == "0" && q > 0.0 {
        // Tiny but not zero: do not print it as nothing.
        return format!("{q:.2e}");
    }
    out
}

/// The unit price of a component for display (`$0.0416`), marked `~` when
/// approximate and `*` when derived by a rule; `None` when there is no price.
pub fn unit_price_text(c: &CostComponent) -> Option<String> {
    let p = c.unit_price.as_ref()?;
    let mut s = format_unit_price(p.usd);
    if p.approximate {
        s.insert(0, '~');
    }
    if p.derived.is_some() {
        s.push('*');
    }
    Some(s)
}

/// What the "monthly" cell of a component says.
pub fn monthly_text(c: &CostComponent) -> String {
    match (&c.price_status, c.monthly_cost) {
        (PriceStatus::NotFound { .. }, _) => "price not found".into(),
        (PriceStatus::DependsOnUsage, _) => c
            .usage_hint()
            .unwrap_or_else(|| "depends on usage".to_string()),
        (PriceStatus::Found, Some(m)) => usd(m),
        (PriceStatus::Found, None) => "unknown".into(),
    }
}

/// Explanations shown under a component: the not-found reason, the note, the
/// derivation rule or the approximation range of its price.
pub fn component_details(c: &CostComponent) -> Vec<String> {
    let mut out = Vec::new();
    if let PriceStatus::NotFound { reason } = &c.price_status {
        out.push(reason.clone());
    }
    if let Some(n) = &c.note {
        out.push(n.clone());
    }
    if let Some(p) = &c.unit_price {
        if let Some(rule) = &p.derived {
            out.push(format!("price derived: {rule}"));
        }
        if p.approximate {
            match p.range {
                Some((lo, hi)) => out.push(format!(
                    "approximate price: between {} and {}",
                    format_unit_price(lo),
                    format_unit_price(hi)
                )),
                None => out.push("approximate price".into()),
            }
        }
        if let Some(n) = &p.note {
            out.push(n.clone());
        }
    }
    out
}

/// The monthly cost of a listed resource: `$38.07`; `$38.07 + usage` when
/// usage-based components have no usage; `+ price not found` or `+ unknown`
/// when a price or a quantity is missing; `depends on usage` when nothing is
/// known without usage.
pub fn resource_monthly_text(r: &ResourceCost) -> String {
    let m = usd(r.monthly_cost());
    let missing: Vec<&CostComponent> = r
        .components
        .iter()
        .filter(|c| c.monthly_cost.is_none())
        .collect();
    let what = if missing
        .iter()
        .any(|c| matches!(c.price_status, PriceStatus::NotFound { .. }))
    {
        "price not found"
    } else if missing
        .iter()
        .all(|c| c.price_status == PriceStatus::DependsOnUsage)
    {
        "usage"
    } else {
        "unknown"
    };
    let text = if missing.is_empty() {
        m
    } else if missing.len() == r.components.len() {
        match what {
            "usage" => "depends on usage".to_string(),
            other => other.to_string(),
        }
    } else {
        format!("{m} + {what}")
    };
    match r.status {
        ResourceStatus::ExpansionUnknown => format!("{text} each, count unknown"),
        _ => text,
    }
}

/// `+ added`, `- removed`, `~ changed`.
pub fn change_word(c: Change) -> &'static str {
    match c {
        Change::Added => "added",
        Change::Removed => "removed",
        Change::Changed => "changed",
        Change::Unchanged => "unchanged",
    }
}

/// What a component line of a diff says in its delta column.
pub fn component_delta_text(c: &crate::pricing::diff::ComponentDiff) -> String {
    match &c.change {
        ComponentChange::PriceNotFound { .. } => "price not found".into(),
        ComponentChange::DependsOnUsage { hint } => hint
            .clone()
            .unwrap_or_else(|| "depends on usage".to_string()),
        ComponentChange::QuantityUnknown { .. } => "unknown".into(),
        _ => c
            .delta_monthly
            .map(signed_usd)
            .unwrap_or_else(|| "unknown".into()),
    }
}

/// One side's monthly cost of a diff resource: `$99.28`, `$0.80 + price
/// not found`, `price not found`, `depends on usage`, or `-` when absent.
fn side_text(
    present: bool,
    monthly: Option<f64>,
    missing: Option<Missing>,
    none_known: bool,
) -> String {
    if !present {
        return "-".to_string();
    }
    let Some(m) = monthly else {
        return "unknown".to_string();
    };
    match missing {
        None => usd(m),
        Some(Missing::Usage) if none_known => "depends on usage".to_string(),
        Some(miss) if none_known => miss.as_str().to_string(),
        Some(miss) => format!("{} + {}", usd(m), miss.as_str()),
    }
}

/// `($99.28, $198.56)` for a resource of a diff (`-` for a missing side).
pub fn before_after_text(r: &ResourceDiff) -> (String, String) {
    (
        side_text(
            r.status_before.is_some(),
            r.before_monthly,
            r.before_missing,
            r.before_none_known,
        ),
        side_text(
            r.status_after.is_some(),
            r.after_monthly,
            r.after_missing,
            r.after_none_known,
        ),
    )
}

/// The resource delta text: `+$13.95`; `+$13.95 + usage` or `+ price not
/// found` when some lines have no delta; `price not found` when none has one.
pub fn resource_delta_text(r: &ResourceDiff) -> String {
    let d = signed_usd(r.delta_monthly);
    if r.delta_complete {
        return d;
    }
    let lines: Vec<&ComponentChange> = r
        .components
        .iter()
        .filter(|c| c.delta_monthly.is_none())
        .map(|c| &c.change)
        .collect();
    let what = if lines
        .iter()
        .any(|c| matches!(c, ComponentChange::PriceNotFound { .. }))
    {
        "price not found"
    } else if !lines.is_empty()
        && lines
            .iter()
            .all(|c| matches!(c, ComponentChange::DependsOnUsage { .. }))
    {
        "usage"
    } else {
        "unknown"
    };
    if r.components.iter().all(|c| c.delta_monthly.is_none()) {
        match what {
            "usage" => "depends on usage".to_string(),
            other => other.to_string(),
        }
    } else {
        format!("{d} + {what}")
    }
}

/// Words and the separators between them: `db.t3.large`, `Single-AZ` and
/// `on-demand` are one token each.
fn name_tokens(s: &str) -> Vec<&str> {
    let word = |c: char| c.is_alphanumeric() || matches!(c, '.' | '-' | '/' | '_' | '$');
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<bool> = None;
    for (i, c) in s.char_indices() {
        let w = word(c);
        if prev.is_some_and(|p| p != w) {
            out.extend(s.get(start..i));
            start = i;
        }
        prev = Some(w);
    }
    out.extend(s.get(start..));
    out
}

/// A component line's name in a diff. When the old side named it differently
/// the differing words are shown in place: `Instance usage (Linux/UNIX,
/// on-demand, t3.medium → t3.large)`.
pub fn component_diff_name(c: &crate::pricing::diff::ComponentDiff) -> String {
    let Some(before) = &c.before_name else {
        return c.name.clone();
    };
    let (a, b) = (name_tokens(before), name_tokens(&c.name));
    let prefix = a.iter().zip(b.iter()).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    let old_mid = a.get(prefix..a.len() - suffix).unwrap_or_default().concat();
    let new_mid = b.get(prefix..b.len() - suffix).unwrap_or_default().concat();
    if prefix == 0 || old_mid.trim().is_empty() || new_mid.trim().is_empty() {
        return format!("{} (was: {before})", c.name);
    }
    format!(
        "{}{old_mid} → {new_mid}{}",
        b.get(..prefix).unwrap_or_default().concat(),
        b.get(b.len() - suffix..).unwrap_or_default().concat()
    )
}

/// What a diff leaves out of its change: `2 lines whose price was not found,
/// 5 usage-based or unknown lines`.
pub fn diff_left_out(d: &CostDiff) -> Option<String> {
    let t = &d.totals;
    if t.not_comparable == 0 {
        return None;
    }
    let others = t.not_comparable.saturating_sub(t.price_not_found);
    let mut parts = Vec::new();
    if t.price_not_found > 0 {
        parts.push(plural(
            t.price_not_found,
            "line whose price was not found",
            "lines whose price was not found",
        ));
    }
    if others > 0 {
        parts.push(plural(
            others,
            "usage-based, unknown or unsupported line",
            "usage-based, unknown or unsupported lines",
        ));
    }
    Some(format!("not in the change: {}", parts.join(", ")))
}

/// The one-line summary of a diff: `+$13.95 (+10.2%): $136.22 → $150.17`.
pub fn diff_summary(d: &CostDiff) -> String {
    let t = &d.totals;
    let pct = t
        .delta_percent
        .map(|p| format!(" ({})", signed_percent(p)))
        .unwrap_or_default();
    format!(
        "{}{pct}: {} → {}",
        signed_usd(t.delta_monthly),
        usd(t.before_monthly),
        usd(t.after_monthly)
    )
}

// ---- table -------------------------------------------------------------

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
    fn red(&self, s: &str) -> String {
        self.paint("31", s)
    }
    fn green(&self, s: &str) -> String {
        self.paint("32", s)
    }
    fn yellow(&self, s: &str) -> String {
        self.paint("33", s)
    }
}

/// Pads on the right to `width` characters (counted as chars, not bytes).
fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n >= width {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(width - n))
    }
}

fn lpad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n >= width {
        s.to_string()
    } else {
        format!("{}{s}", " ".repeat(width - n))
    }
}

/// Widest name column before long names overflow their row.
const NAME_WIDTH_MAX: usize = 64;

/// The `table` format: per resource, components indented, then the totals.
pub fn table(report: &CostReport, w: &mut dyn Write, color: bool) -> io::Result<()> {
    let st = Style { color };
    let est = &report.estimate;
    let title = if report.targets.is_empty() {
        "chkmate cost estimate".to_string()
    } else {
        format!("chkmate cost estimate: {}", report.targets.join(", "))
    };
    writeln!(w, "{}", st.bold(&title))?;
    if let Some(u) = &report.usage_file {
        writeln!(w, "{}", st.dim(&format!("Usage file: {u}")))?;
    }
    if let Some(r) = &report.region_override {
        writeln!(
            w,
            "{}",
            st.dim(&format!("Region: {r} (--region, for every resource)"))
        )?;
    }
    writeln!(w)?;

    // One row per resource (its known monthly cost) and per component.
    struct Row {
        name: String,
        /// `file:line`, shown dim after a resource's address.
        location: Option<String>,
        qty: String,
        unit: String,
        price: String,
        monthly: String,
        details: Vec<String>,
        resource: bool,
        not_found: bool,
    }
    let mut rows: Vec<Row> = Vec::new();
    for (r, loc) in report.listed() {
        let mut details = Vec::new();
        if r.status == ResourceStatus::ExpansionUnknown {
            details.push(
                "count/for_each known only after apply: one instance shown, not in the total"
                    .to_string(),
            );
        }
        if r.region.is_none() {
            if let Some(n) = r.notes.iter().find(|n| n.starts_with("region unknown")) {
                details.push(n.clone());
            }
        }
        rows.push(Row {
            name: r.address.clone(),
            location: loc.map(|l| format!("{}:{}", l.file, l.line)),
            qty: String::new(),
            unit: String::new(),
            price: String::new(),
            monthly: resource_monthly_text(r),
            details,
            resource: true,
            not_found: false,
        });
        let n = r.components.len();
        for (i, c) in r.components.iter().enumerate() {
            let branch = if i + 1 == n { "└─ " } else { "├─ " };
            let (qty, unit) = match (&c.price_status, c.quantity) {
                (PriceStatus::DependsOnUsage, _) => (String::new(), String::new()),
                (_, Some(q)) => (quantity(q), c.unit.clone()),
                (_, None) => ("unknown".to_string(), c.unit.clone()),
            };
            let price = match c.price_status {
                PriceStatus::DependsOnUsage => String::new(),
                _ => unit_price_text(c).unwrap_or_else(|| "-".into()),
            };
            rows.push(Row {
                name: format!("  {branch}{}", c.name),
                location: None,
                qty,
                unit,
                price,
                monthly: monthly_text(c),
                details: component_details(c),
                resource: false,
                not_found: matches!(c.price_status, PriceStatus::NotFound { .. }),
            });
        }
    }

    if rows.is_empty() {
        writeln!(w, "No priced resources.")?;
    } else {
        let width = |f: &dyn Fn(&Row) -> &str, min: usize| {
            rows.iter()
                .map(|r| f(r).chars().count())
                .max()
                .unwrap_or(0)
                .max(min)
        };
        let name_w = width(&|r| &r.name, 24).min(NAME_WIDTH_MAX);
        let qty_w = width(&|r| &r.qty, 8);
        let unit_w = width(&|r| &r.unit, 4);
        let price_w = width(&|r| &r.price, 10);
        let header = format!(
            "{}  {}  {}  {}  {}",
            pad("Resource / component", name_w),
            lpad("Quantity", qty_w),
            pad("Unit", unit_w),
            lpad("Unit price", price_w),
            "Monthly"
        );
        writeln!(w, "{}", st.bold(&header))?;
        for (idx, r) in rows.iter().enumerate() {
            if r.resource && idx > 0 {
                writeln!(w)?;
            }
            let monthly = if r.not_found {
                st.yellow(&r.monthly)
            } else if r.resource {
                st.bold(&r.monthly)
            } else {
                r.monthly.clone()
            };
            let mut details = r.details.clone();
            // The location follows the address when it fits in the name column,
            // else it goes on a line of its own.
            let mut shown_name = if r.resource {
                st.bold(&r.name)
            } else {
                r.name.clone()
            };
            let mut used = r.name.chars().count();
            if let Some(l) = &r.location {
                if used + 2 + l.chars().count() <= name_w {
                    shown_name.push_str(&format!("  {}", st.dim(l)));
                    used += 2 + l.chars().count();
                } else {
                    details.insert(0, l.clone());
                }
            }
            let numbers = format!(
                "{}  {}  {}  {monthly}",
                lpad(&r.qty, qty_w),
                pad(&r.unit, unit_w),
                lpad(&r.price, price_w),
            );
            if used > name_w {
                // A name longer than its column: the numbers go on the next line.
                writeln!(w, "{shown_name}")?;
                let line = format!("{}  {numbers}", " ".repeat(name_w));
                writeln!(w, "{}", line.trim_end())?;
            } else {
                let line = format!("{shown_name}{}  {numbers}", " ".repeat(name_w - used));
                writeln!(w, "{}", line.trim_end())?;
            }
            let indent = if r.resource { "    " } else { "       " };
            for d in &details {
                writeln!(w, "{}", st.dim(&format!("{indent}{d}")))?;
            }
        }
    }

    // Free and unsupported resources, summarised.
    let free = report.by_type(ResourceStatus::Free);
    let unsupported = report.by_type(ResourceStatus::Unsupported);
    if !free.is_empty() || !unsupported.is_empty() {
        writeln!(w)?;
    }
    if !free.is_empty() {
        let n: usize = free.iter().map(|(_, c)| c).sum();
        writeln!(
            w,
            "{} {}",
            st.green(&format!(
                "{}:",
                plural(n, "free resource", "free resources")
            )),
            type_counts(&free)
        )?;
    }
    if !unsupported.is_empty() {
        let n: usize = unsupported.iter().map(|(_, c)| c).sum();
        writeln!(
            w,
            "{} {}",
            st.yellow(&format!(
                "{} (no pricing rules, cost unknown):",
                plural(n, "unsupported resource", "unsupported resources")
            )),
            type_counts(&unsupported)
        )?;
    }

    // Totals.
    let t = &est.totals;
    writeln!(w)?;
    let usage_label = match &report.usage_file {
        Some(u) => format!("Usage-based (from {u})"),
        None => "Usage-based (no usage file)".to_string(),
    };
    let labels = [
        "Baseline monthly cost".to_string(),
        usage_label,
        "Total monthly cost".to_string(),
    ];
    let lw = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let values = [
        usd(t.baseline_monthly),
        if report.usage_file.is_some() {
            usd(t.usage_monthly)
        } else {
            "-".to_string()
        },
        usd(t.total_monthly),
    ];
    let vw = values.iter().map(|v| v.chars().count()).max().unwrap_or(0);
    for (i, (l, v)) in labels.iter().zip(values.iter()).enumerate() {
        let line = format!("{}  {}", pad(l, lw), lpad(v, vw));
        if i == 2 {
            writeln!(w, "{}", st.bold(&line))?;
        } else {
            writeln!(w, "{line}")?;
        }
    }
    for c in report.caveats() {
        writeln!(w, "{}", st.yellow(&format!("· {c}")))?;
    }
    writeln!(
        w,
        "Price not found: {}",
        if t.not_found_count == 0 {
            "none".to_string()
        } else {
            format!(
                "{} (not in the total)",
                plural(t.not_found_count, "component", "components")
            )
        }
    )?;
    writeln!(
        w,
        "{}",
        st.dim(&format!(
            "Resources: {} priced, {} free, {} unsupported{}",
            t.priced_resources,
            t.free_resources,
            t.unsupported_resources,
            if t.expansion_unknown_resources > 0 {
                format!(", {} with unknown count", t.expansion_unknown_resources)
            } else {
                String::new()
            }
        ))
    )?;
    writeln!(
        w,
        "{}",
        st.dim(&format!("Prices: snapshot {}", report.snapshot_line()))
    )?;
    let sources = report.sources_line();
    if !sources.is_empty() {
        writeln!(w, "{}", st.dim(&format!("Price sources: {sources}")))?;
    }
    let any_approx = est
        .resources
        .iter()
        .flat_map(|r| &r.components)
        .filter_map(|c| c.unit_price.as_ref())
        .any(|p| p.approximate);
    let any_derived = est
        .resources
        .iter()
        .flat_map(|r| &r.components)
        .filter_map(|c| c.unit_price.as_ref())
        .any(|p| p.derived.is_some());
    if any_approx || any_derived {
        let mut legend = Vec::new();
        if any_approx {
            legend.push("~ approximate price");
        }
        if any_derived {
            legend.push("* price derived by a documented rule");
        }
        writeln!(w, "{}", st.dim(&legend.join(" · ")))?;
    }
    for warn in &est.warnings {
        writeln!(w, "{}", st.yellow(&format!("warning: {warn}")))?;
    }

    if let Some(d) = &report.diff {
        writeln!(w)?;
        diff_table(d, w, &st)?;
    }
    if !report.gates.is_empty() {
        writeln!(w)?;
        for g in &report.gates {
            if g.exceeded {
                writeln!(w, "{}", st.red(&format!("✗ {}", g.message)))?;
            } else {
                writeln!(w, "{}", st.green(&format!("✓ {}", g.message)))?;
            }
        }
    }
    Ok(())
}

/// `aws_iam_role ×3, aws_security_group ×2`.
pub fn type_counts(types: &[(String, usize)]) -> String {
    types
        .iter()
        .map(|(t, n)| {
            if *n == 1 {
                t.clone()
            } else {
                format!("{t} ×{n}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn diff_table(d: &CostDiff, w: &mut dyn Write, st: &Style) -> io::Result<()> {
    writeln!(
        w,
        "{}",
        st.bold(&format!(
            "Cost diff: {} → {}",
            d.before.label, d.after.label
        ))
    )?;
    let changed: Vec<&ResourceDiff> = d.changed().collect();
    if changed.is_empty() {
        writeln!(w, "No resource changes cost.")?;
    }
    for r in &changed {
        let (b, a) = before_after_text(r);
        let sign = r.change.sign();
        let head = format!(
            "{sign} {}  {}  ({b} → {a})",
            r.address,
            resource_delta_text(r)
        );
        let head = match r.change {
            Change::Added => st.red(&head),
            Change::Removed => st.green(&head),
            _ => st.yellow(&head),
        };
        writeln!(w, "{head}")?;
        for n in &r.notes {
            writeln!(w, "{}", st.dim(&format!("      {n}")))?;
        }
        for c in &r.components {
            if c.change == ComponentChange::Unchanged {
                continue;
            }
            let mark = match &c.change {
                ComponentChange::Added => '+',
                ComponentChange::Removed => '-',
                ComponentChange::Changed => '~',
                _ => '!',
            };
            let ba = match (c.before_monthly, c.after_monthly) {
                (Some(b), Some(a)) => format!("  ({} → {})", usd(b), usd(a)),
                _ => String::new(),
            };
            writeln!(
                w,
                "    {mark} {}  {}{ba}",
                component_diff_name(c),
                component_delta_text(c)
            )?;
            if let ComponentChange::PriceNotFound { reason } = &c.change {
                writeln!(w, "{}", st.dim(&format!("        {reason}")))?;
            }
        }
    }
    let t = &d.totals;
    writeln!(w)?;
    writeln!(
        w,
        "{}",
        st.bold(&format!("Monthly cost change: {}", diff_summary(d)))
    )?;
    writeln!(
        w,
        "{}",
        st.dim(&format!(
            "{} added, {} removed, {} changed, {} unchanged",
            t.added, t.removed, t.changed, t.unchanged
        ))
    )?;
    if let Some(left_out) = diff_left_out(d) {
        writeln!(w, "{}", st.yellow(&format!("· {left_out}")))?;
    }
    Ok(())
}

// ---- json --------------------------------------------------------------

/// The `json` format: the estimate (snapshot, totals, resources with their
/// components and locations), cost by service, the diff and the gates.
/// `chkmate cost --compare-to` reads it back.
pub fn json_value(report: &CostReport) -> serde_json::Value {
    let est = &report.estimate;
    let resources: Vec<serde_json::Value> = report
        .resources()
        .map(|(r, loc)| {
            let mut v = serde_json::to_value(r).unwrap_or(serde_json::Value::Null);
            if let serde_json::Value::Object(m) = &mut v {
                m.insert("monthly_cost".into(), serde_json::json!(r.monthly_cost()));
                m.insert("service".into(), serde_json::json!(service_of(&r.rtype)));
                m.insert(
                    "file".into(),
                    loc.map(|l| serde_json::json!(l.file))
                        .unwrap_or(serde_json::Value::Null),
                );
                m.insert(
                    "line".into(),
                    loc.map(|l| serde_json::json!(l.line))
                        .unwrap_or(serde_json::Value::Null),
                );
            }
            v
        })
        .collect();
    let services: Vec<serde_json::Value> = report
        .cost_by_service()
        .into_iter()
        .map(|(s, m)| serde_json::json!({"service": s, "monthly_cost": m}))
        .collect();
    let mut out = serde_json::json!({
        "version": report.tool_version,
        "targets": report.targets,
        "currency": "USD",
        "hours_per_month": crate::pricing::HOURS_PER_MONTH,
        "usage_file": report.usage_file,
        "region_override": report.region_override,
        "snapshot": est.snapshot,
        "totals": est.totals,
        "resources": resources,
        "cost_by_service": services,
        "warnings": est.warnings,
        "gates": report.gates,
    });
    if let (Some(d), serde_json::Value::Object(m)) = (&report.diff, &mut out) {
        m.insert(
            "diff".into(),
            serde_json::to_value(d).unwrap_or(serde_json::Value::Null),
        );
    }
    out
}

pub fn json(report: &CostReport, w: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, &json_value(report))?;
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_and_reject() {
        assert_eq!("Markdown".parse::<CostFormat>(), Ok(CostFormat::Markdown));
        assert_eq!("html".parse::<CostFormat>(), Ok(CostFormat::Html));
        let e = "sarif".parse::<CostFormat>().unwrap_err();
        assert!(e.contains("table, json, csv, markdown, html"), "{e}");
    }

    #[test]
    fn services_from_type_prefixes() {
        assert_eq!(service_of("aws_instance"), "EC2");
        assert_eq!(service_of("aws_db_instance"), "RDS");
        assert_eq!(service_of("aws_rds_cluster_instance"), "RDS");
        assert_eq!(service_of("aws_lb"), "ELB");
        assert_eq!(service_of("aws_lb_listener"), "ELB");
        assert_eq!(service_of("aws_eip"), "VPC");
        assert_eq!(
            service_of("aws_ec2_transit_gateway_vpc_attachment"),
            "Transit Gateway"
        );
        assert_eq!(service_of("aws_apigatewayv2_api"), "API Gateway");
        assert_eq!(service_of("aws_route53_record"), "Route 53");
        assert_eq!(service_of("aws_unknownthing_x"), "unknownthing");
        assert_eq!(service_of("weird"), "weird");
    }

    #[test]
    fn renamed_components_show_the_difference_in_place() {
        let line = |before: &str, after: &str| {
            component_diff_name(&crate::pricing::diff::ComponentDiff {
                name: after.into(),
                before_name: Some(before.into()),
                unit: "hours".into(),
                change: ComponentChange::Changed,
                before_monthly: None,
                after_monthly: None,
                delta_monthly: None,
                in_before: true,
                in_after: true,
            })
        };
        assert_eq!(
            line(
                "Instance usage (Linux/UNIX, on-demand, t3.medium)",
                "Instance usage (Linux/UNIX, on-demand, t3.large)"
            ),
            "Instance usage (Linux/UNIX, on-demand, t3.medium → t3.large)"
        );
        assert_eq!(
            line(
                "Database instance (on-demand, Single-AZ, db.t3.large)",
                "Database instance (on-demand, Multi-AZ, db.t3.large)"
            ),
            "Database instance (on-demand, Single-AZ → Multi-AZ, db.t3.large)"
        );
        assert_eq!(line("Alpha", "Beta"), "Beta (was: Alpha)");
    }

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(quantity(730.0), "730");
        assert_eq!(quantity(0.5), "0.5");
        assert_eq!(quantity(1234.567), "1,234.57");
        assert_eq!(quantity(2_000_000.0), "2,000,000");
        assert_eq!(signed_usd(13.949), "+$13.95");
        assert_eq!(signed_usd(-32.85), "-$32.85");
        assert_eq!(signed_usd(0.001), "$0.00");
        assert_eq!(signed_percent(10.24), "+10.2%");
        assert_eq!(signed_percent(-4.0), "-4.0%");
    }
}
