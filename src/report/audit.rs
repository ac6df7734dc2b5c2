//! The audit report: everything an audit renderer needs, built once per run.
//!
//! [`AuditReport::new`] takes the policy engine's findings and unknowns, the load
//! errors and the metadata of the policies that ran, resolves every finding's
//! span to a [`Location`] through the run's [`SourceMap`], sorts the findings,
//! counts them and computes the [`score`]. Renderers ([`render`]) read the report
//! and recompute nothing: they print only [`Finding`] fields and policy metadata,
//! never resource values, so a secret can only reach an output if it is already
//! in a finding (and findings carry masked secrets only).
//!
//! Formats (see [`AuditFormat`]): `table` (terminal), `json` (the contract in
//! DESIGN.md), `sarif` (2.1.0, for code scanning), `junit` (CI test reports),
//! `csv`, `markdown` (a pull-request comment) and `github` (workflow
//! annotations).

use crate::finding::{Category, ComplianceRef, Finding, Severity, UnknownEval};
use crate::policy::Policy;
use crate::source::{Location, SourceMap};
use crate::terraform::Diagnostic;
use std::cmp::Ordering;
use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

/// Counts of a report's findings.
///
/// The per-severity counts are of unsuppressed findings only; `suppressed`
/// counts the suppressed ones (of any severity); `total` is every finding,
/// suppressed or not. `unknown` counts the checks that could not be decided
/// (they are not findings and are not part of `total`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
    pub suppressed: usize,
    pub unknown: usize,
    pub total: usize,
}

impl Summary {
    /// Counts the findings and unknowns.
    pub fn count(findings: &[Finding], unknown: usize) -> Summary {
        let mut s = Summary {
            unknown,
            total: findings.len(),
            ..Summary::default()
        };
        for f in findings {
            if f.is_suppressed() {
                s.suppressed += 1;
            } else {
                *s.slot(f.severity) += 1;
            }
        }
        s
    }

    fn slot(&mut self, severity: Severity) -> &mut usize {
        match severity {
            Severity::Critical => &mut self.critical,
            Severity::High => &mut self.high,
            Severity::Medium => &mut self.medium,
            Severity::Low => &mut self.low,
            Severity::Info => &mut self.info,
        }
    }

    /// Unsuppressed findings of one severity.
    pub fn of(&self, severity: Severity) -> usize {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }

    /// Unsuppressed findings of every severity.
    pub fn unsuppressed(&self) -> usize {
        self.critical + self.high + self.medium + self.low + self.info
    }

    /// Unsuppressed findings at or above `threshold`.
    pub fn at_or_above(&self, threshold: Severity) -> usize {
        Severity::ALL
            .iter()
            .filter(|s| **s >= threshold)
            .map(|s| self.of(*s))
            .sum()
    }
}

/// A problem that kept part of the configuration from being audited (a file
/// that could not be read or parsed, an evaluation error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportError {
    pub file: Option<String>,
    pub line: Option<u32>,
    pub message: String,
}

impl ReportError {
    /// A load or evaluation diagnostic, located through the run's sources.
    pub fn from_diagnostic(d: &Diagnostic, sources: &SourceMap) -> ReportError {
        let loc = d.span.and_then(|s| sources.locate(s));
        ReportError {
            file: loc
                .as_ref()
                .map(|l| l.file.clone())
                .or_else(|| d.file.clone()),
            line: loc.as_ref().map(|l| l.line),
            message: d.message.clone(),
        }
    }

    /// `file:line: message`, `file: message` or `message`.
    pub fn display(&self) -> String {
        match (&self.file, self.line) {
            (Some(f), Some(l)) => format!("{f}:{l}: {}", self.message),
            (Some(f), None) => format!("{f}: {}", self.message),
            _ => self.message.clone(),
        }
    }
}

/// What a renderer needs to know about a policy that ran (SARIF rules, JUnit
/// suites, passing policies).
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyMeta {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub category: Category,
    /// Markdown: what is wrong, why it matters, how to fix it.
    pub description: String,
    /// Where to read more (the policy's first reference, or its documentation).
    pub help_uri: Option<String>,
    pub compliance: Vec<ComplianceRef>,
}

impl From<&Policy> for PolicyMeta {
    /// A loaded policy's metadata; its first reference is the help URI.
    fn from(p: &Policy) -> PolicyMeta {
        PolicyMeta {
            id: p.id.clone(),
            title: p.title.clone(),
            severity: p.severity,
            category: p.category,
            description: p.description.clone(),
            help_uri: p.references.first().cloned(),
            compliance: p.compliance_refs(),
        }
    }
}

impl PolicyMeta {
    /// Metadata taken from a finding, for a finding whose policy was not listed
    /// among the policies that ran (so every rule a result points to exists).
    fn from_finding(f: &Finding) -> PolicyMeta {
        PolicyMeta {
            id: f.policy_id.clone(),
            title: f.title.clone(),
            severity: f.severity,
            category: f.category,
            description: f.title.clone(),
            help_uri: None,
            compliance: f.compliance.clone(),
        }
    }
}

/// The result of one audit run, ready to render in any [`AuditFormat`].
///
/// Build it with [`AuditReport::new`]; the fields are public for renderers and
/// tests. Invariants kept by `new`: `locations.len() == findings.len()` (the
/// location of `findings[i]` is `locations[i]`), findings are sorted (most
/// severe first, then file, line, column, policy, resource), `policies` is
/// sorted by id and holds every policy a finding refers to, and `summary` and
/// `score` agree with `findings`.
#[derive(Clone, Debug)]
pub struct AuditReport {
    /// chkmate's version.
    pub tool_version: String,
    /// The paths that were audited, as given.
    pub targets: Vec<String>,
    /// 0–100, see [`score`].
    pub score: u8,
    pub summary: Summary,
    /// Every finding, suppressed ones included (marked as such).
    pub findings: Vec<Finding>,
    /// The resolved location of each finding (`None` when it has no span).
    pub locations: Vec<Option<Location>>,
    pub unknown: Vec<UnknownEval>,
    pub errors: Vec<ReportError>,
    /// The policies that ran.
    pub policies: Vec<PolicyMeta>,
    /// The gate threshold (`--fail-on`); used for the verdict line only.
    pub fail_on: Severity,
}

impl AuditReport {
    /// Builds a report: resolves locations once, sorts, counts and scores.
    /// The gate threshold defaults to `low`; see [`AuditReport::with_fail_on`].
    pub fn new(
        targets: Vec<String>,
        findings: Vec<Finding>,
        unknown: Vec<UnknownEval>,
        errors: Vec<ReportError>,
        policies: Vec<PolicyMeta>,
        sources: &SourceMap,
    ) -> AuditReport {
        let mut located: Vec<(Finding, Option<Location>)> = findings
            .into_iter()
            .map(|f| {
                let loc = f.span.and_then(|s| sources.locate(s));
                (f, loc)
            })
            .collect();
        located.sort_by(|(a, la), (b, lb)| finding_order(a, la.as_ref(), b, lb.as_ref()));
        let (findings, locations): (Vec<Finding>, Vec<Option<Location>>) =
            located.into_iter().unzip();

        let mut policies = policies;
        policies.sort_by(|a, b| a.id.cmp(&b.id));
        policies.dedup_by(|a, b| a.id == b.id);
        for f in &findings {
            if let Err(at) = policies.binary_search_by(|p| p.id.as_str().cmp(&f.policy_id)) {
                policies.insert(at, PolicyMeta::from_finding(f));
            }
        }

        let mut unknown = unknown;
        unknown.sort_by(|a, b| {
            (&a.policy_id, &a.resource_address, &a.attribute_path).cmp(&(
                &b.policy_id,
                &b.resource_address,
                &b.attribute_path,
            ))
        });

        let summary = Summary::count(&findings, unknown.len());
        AuditReport {
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            targets,
            score: score(&findings),
            summary,
            findings,
            locations,
            unknown,
            errors,
            policies,
            fail_on: Severity::Low,
        }
    }

    /// Sets the gate threshold shown in the verdict.
    pub fn with_fail_on(mut self, fail_on: Severity) -> AuditReport {
        self.fail_on = fail_on;
        self
    }

    /// Each finding with its location.
    pub fn entries(&self) -> impl Iterator<Item = (&Finding, Option<&Location>)> {
        self.findings
            .iter()
            .enumerate()
            .map(|(i, f)| (f, self.locations.get(i).and_then(Option::as_ref)))
    }

    /// Unsuppressed findings with their locations, in report order.
    pub fn active(&self) -> impl Iterator<Item = (&Finding, Option<&Location>)> {
        self.entries().filter(|(f, _)| !f.is_suppressed())
    }

    /// Suppressed findings with their locations, in report order.
    pub fn suppressed(&self) -> impl Iterator<Item = (&Finding, Option<&Location>)> {
        self.entries().filter(|(f, _)| f.is_suppressed())
    }

    /// The metadata of a policy, by id.
    pub fn policy(&self, id: &str) -> Option<&PolicyMeta> {
        self.policies
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
            .and_then(|i| self.policies.get(i))
    }

    /// True when an unsuppressed finding is at or above the gate threshold.
    pub fn gate_failed(&self) -> bool {
        self.summary.at_or_above(self.fail_on) > 0
    }

    /// The outcome in one line: `FAIL`, `PASS` or `ERROR`, and why.
    pub fn verdict(&self) -> String {
        let at = self.summary.at_or_above(self.fail_on);
        let below = self.summary.unsuppressed().saturating_sub(at);
        let errors = self.errors.len();
        if errors > 0 {
            format!(
                "ERROR: {} while loading, results are incomplete{}",
                plural(errors, "error", "errors"),
                if at > 0 {
                    format!(
                        "; {} at or above {}",
                        plural(at, "finding", "findings"),
                        self.fail_on
                    )
                } else {
                    String::new()
                }
            )
        } else if at > 0 {
            format!(
                "FAIL: {} at or above {}",
                plural(at, "finding", "findings"),
                self.fail_on
            )
        } else if below > 0 {
            format!(
                "PASS: no findings at or above {} ({} below)",
                self.fail_on,
                plural(below, "finding", "findings")
            )
        } else {
            "PASS: no findings".to_string()
        }
    }
}

/// Report order: most severe first, then by location (findings without one
/// last), policy, resource and fingerprint, so output is deterministic.
fn finding_order(
    a: &Finding,
    la: Option<&Location>,
    b: &Finding,
    lb: Option<&Location>,
) -> Ordering {
    b.severity
        .cmp(&a.severity)
        .then_with(|| match (la, lb) {
            (Some(x), Some(y)) => (&x.file, x.line, x.column).cmp(&(&y.file, y.line, y.column)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
        .then_with(|| a.policy_id.cmp(&b.policy_id))
        .then_with(|| a.resource_address.cmp(&b.resource_address))
        .then_with(|| a.fingerprint.cmp(&b.fingerprint))
}

/// Points one unsuppressed finding of a severity costs in [`score`].
pub fn severity_weight(severity: Severity) -> u32 {
    match severity {
        Severity::Critical => 25,
        Severity::High => 10,
        Severity::Medium => 4,
        Severity::Low => 1,
        Severity::Info => 0,
    }
}

/// The audit score, 0–100: start at 100 and subtract, for every unsuppressed
/// finding, its severity's weight (critical 25, high 10, medium 4, low 1,
/// info 0); never below 0. Suppressed findings and undecided checks cost
/// nothing. So one critical finding gives 75, four give 0, and a
/// configuration with only informational findings keeps 100.
///
/// ```
/// use chkmate::report::audit::score;
/// assert_eq!(score(&[]), 100);
/// ```
pub fn score(findings: &[Finding]) -> u8 {
    let penalty: u32 = findings
        .iter()
        .filter(|f| !f.is_suppressed())
        .map(|f| severity_weight(f.severity))
        .fold(0u32, u32::saturating_add);
    100u32.saturating_sub(penalty) as u8
}

/// An audit output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum AuditFormat {
    /// A table for the terminal, grouped by severity, with a summary.
    Table,
    /// The JSON contract of DESIGN.md.
    Json,
    /// SARIF 2.1.0 (code scanning).
    Sarif,
    /// JUnit XML (CI test reports).
    Junit,
    /// Comma-separated values, one finding a row.
    Csv,
    /// Markdown for a pull-request comment.
    Markdown,
    /// GitHub Actions workflow annotations.
    Github,
}

impl AuditFormat {
    /// Every format.
    pub const ALL: [AuditFormat; 7] = [
        AuditFormat::Table,
        AuditFormat::Json,
        AuditFormat::Sarif,
        AuditFormat::Junit,
        AuditFormat::Csv,
        AuditFormat::Markdown,
        AuditFormat::Github,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditFormat::Table => "table",
            AuditFormat::Json => "json",
            AuditFormat::Sarif => "sarif",
            AuditFormat::Junit => "junit",
            AuditFormat::Csv => "csv",
            AuditFormat::Markdown => "markdown",
            AuditFormat::Github => "github",
        }
    }

    /// The usual file extension for an output file of this format.
    pub fn extension(self) -> &'static str {
        match self {
            AuditFormat::Table => "txt",
            AuditFormat::Json => "json",
            AuditFormat::Sarif => "sarif",
            AuditFormat::Junit => "xml",
            AuditFormat::Csv => "csv",
            AuditFormat::Markdown => "md",
            AuditFormat::Github => "txt",
        }
    }
}

impl fmt::Display for AuditFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AuditFormat {
    type Err = String;

    /// Accepts the names above (any case) and the aliases `md`, `xml` (JUnit)
    /// and `gha` (GitHub).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "table" => Ok(AuditFormat::Table),
            "json" => Ok(AuditFormat::Json),
            "sarif" => Ok(AuditFormat::Sarif),
            "junit" | "xml" => Ok(AuditFormat::Junit),
            "csv" => Ok(AuditFormat::Csv),
            "markdown" | "md" => Ok(AuditFormat::Markdown),
            "github" | "gha" => Ok(AuditFormat::Github),
            other => Err(format!(
                "unknown audit format `{other}` (expected table, json, sarif, junit, csv, markdown or github)"
            )),
        }
    }
}

/// Width of the table when the output is not a terminal.
pub const DEFAULT_TABLE_WIDTH: u16 = 100;

/// Renders `report` in `format` to `w`. `color` only affects the table (ANSI
/// colours; when true the table also takes the terminal's width, otherwise it is
/// laid out for [`DEFAULT_TABLE_WIDTH`] columns). Machine formats never contain
/// colour codes.
pub fn render(
    report: &AuditReport,
    format: AuditFormat,
    w: &mut dyn Write,
    color: bool,
) -> io::Result<()> {
    match format {
        AuditFormat::Table => {
            let width = if color {
                comfy_table::Table::new()
                    .width()
                    .filter(|w| *w >= 60)
                    .unwrap_or(DEFAULT_TABLE_WIDTH)
            } else {
                DEFAULT_TABLE_WIDTH
            };
            super::audit_table::render(report, w, color, width)
        }
        AuditFormat::Json => super::audit_json::render(report, w),
        AuditFormat::Sarif => super::sarif::render(report, w),
        AuditFormat::Junit => super::junit::render(report, w),
        AuditFormat::Csv => super::csv::render(report, w),
        AuditFormat::Markdown => super::markdown::render(report, w),
        AuditFormat::Github => super::github::render(report, w),
    }
}

/// `1 finding`, `2 findings`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A USD amount with two decimals and thousands separators: `$1,234.50`.
/// Non-finite amounts (never produced by the estimator) print as `n/a`.
pub(crate) fn format_usd(amount: f64) -> String {
    if !amount.is_finite() {
        return "n/a".to_string();
    }
    let cents = (amount.abs() * 100.0).round();
    let whole = (cents / 100.0).trunc() as u128;
    let frac = (cents % 100.0) as u32;
    let digits = whole.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if amount < 0.0 && cents > 0.0 { "-" } else { "" };
    format!("{sign}${grouped}.{frac:02}")
}

/// `$12.00/mo saving`, for findings whose fix saves money.
pub(crate) fn saving_text(f: &Finding) -> Option<String> {
    f.monthly_saving_usd
        .filter(|v| v.is_finite())
        .map(|v| format!("{}/mo saving", format_usd(v)))
}

/// `file:line`, or `-` when the finding has no location.
pub(crate) fn file_line(loc: Option<&Location>) -> String {
    match loc {
        Some(l) => format!("{}:{}", l.file, l.line),
        None => "-".to_string(),
    }
}

/// Title-case severity name: `Critical`.
pub(crate) fn severity_title(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
        Severity::Info => "Info",
    }
}

/// `inline`, `config` or `baseline`.
pub(crate) fn suppression_kind(kind: crate::finding::SuppressionKind) -> &'static str {
    match kind {
        crate::finding::SuppressionKind::Inline => "inline",
        crate::finding::SuppressionKind::Config => "config",
        crate::finding::SuppressionKind::Baseline => "baseline",
    }
}

/// `framework:id` for every compliance mapping, e.g. `cis_aws_v3:3.1`.
pub(crate) fn compliance_tags(refs: &[ComplianceRef]) -> Vec<String> {
    refs.iter()
        .map(|c| format!("{}:{}", c.framework, c.id))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{fingerprint, Applicability, FixInfo, Suppression, SuppressionKind};
    use crate::source::{SourceFile, Span};

    fn finding(id: &str, sev: Severity, addr: &str, span: Option<Span>) -> Finding {
        Finding {
            policy_id: id.into(),
            title: format!("{id} title"),
            severity: sev,
            category: Category::Security,
            resource_address: addr.into(),
            resource_type: "aws_s3_bucket".into(),
            span,
            message: "m".into(),
            attribute_path: None,
            fix: FixInfo {
                available: false,
                applicability: Applicability::None,
            },
            compliance: vec![],
            suppressed: None,
            monthly_saving_usd: None,
            fingerprint: fingerprint(id, addr, None),
        }
    }

    fn suppressed(mut f: Finding) -> Finding {
        f.suppressed = Some(Suppression {
            kind: SuppressionKind::Inline,
            reason: None,
            expires: None,
        });
        f
    }

    #[test]
    fn score_subtracts_weights_and_floors_at_zero() {
        assert_eq!(score(&[]), 100);
        let c = finding("A", Severity::Critical, "x.a", None);
        let h = finding("B", Severity::High, "x.b", None);
        let m = finding("C", Severity::Medium, "x.c", None);
        let l = finding("D", Severity::Low, "x.d", None);
        let i = finding("E", Severity::Info, "x.e", None);
        assert_eq!(score(std::slice::from_ref(&c)), 75);
        assert_eq!(
            score(&[c.clone(), h.clone(), m.clone(), l.clone(), i.clone()]),
            60
        );
        assert_eq!(score(&[i.clone(), i.clone()]), 100);
        assert_eq!(score(&vec![c.clone(); 5]), 0);
        assert_eq!(score(&vec![l.clone(); 1000]), 0);
        // Suppressed findings cost nothing.
        assert_eq!(score(&[suppressed(c.clone()), l]), 99);
    }

    #[test]
    fn summary_counts_unsuppressed_per_severity() {
        let fs = vec![
            finding("A", Severity::Critical, "x.a", None),
            finding("A", Severity::Critical, "x.b", None),
            suppressed(finding("B", Severity::High, "x.c", None)),
            finding("C", Severity::Low, "x.d", None),
        ];
        let s = Summary::count(&fs, 3);
        assert_eq!(s.critical, 2);
        assert_eq!(s.high, 0);
        assert_eq!(s.low, 1);
        assert_eq!(s.suppressed, 1);
        assert_eq!(s.unknown, 3);
        assert_eq!(s.total, 4);
        assert_eq!(s.unsuppressed(), 3);
        assert_eq!(s.at_or_above(Severity::High), 2);
        assert_eq!(s.at_or_above(Severity::Info), 3);
    }

    #[test]
    fn report_sorts_locates_and_fills_missing_policies() {
        let mut sources = SourceMap::new();
        let id = sources.add(SourceFile::new("main.tf".into(), "a\nb\nc\nd\n"));
        let fs = vec![
            finding("LOW1", Severity::Low, "x.a", Some(Span::new(id, 0..1))),
            finding("CRIT", Severity::Critical, "x.b", Some(Span::new(id, 6..7))),
            finding("CRIT", Severity::Critical, "x.c", Some(Span::new(id, 2..3))),
            finding("NOLOC", Severity::Critical, "x.d", None),
        ];
        let r = AuditReport::new(vec![".".into()], fs, vec![], vec![], vec![], &sources);
        let order: Vec<_> = r
            .findings
            .iter()
            .map(|f| f.resource_address.as_str())
            .collect();
        assert_eq!(order, ["x.c", "x.b", "x.d", "x.a"]);
        assert_eq!(r.locations.len(), 4);
        assert_eq!(r.locations[0].as_ref().map(|l| l.line), Some(2));
        assert_eq!(r.locations[1].as_ref().map(|l| l.line), Some(4));
        assert!(r.locations[2].is_none());
        let ids: Vec<_> = r.policies.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["CRIT", "LOW1", "NOLOC"]);
        assert!(r.policy("LOW1").is_some());
        assert_eq!(r.score, 100 - 75 - 1);
        assert!(r.gate_failed());
        assert!(
            r.verdict().starts_with("FAIL: 4 findings at or above low"),
            "{}",
            r.verdict()
        );
        let r = r.with_fail_on(Severity::Critical);
        assert_eq!(r.verdict(), "FAIL: 3 findings at or above critical");
    }

    #[test]
    fn verdict_passes_and_reports_errors() {
        let sources = SourceMap::new();
        let r = AuditReport::new(vec![], vec![], vec![], vec![], vec![], &sources);
        assert_eq!(r.verdict(), "PASS: no findings");
        assert!(!r.gate_failed());
        let low = finding("L", Severity::Low, "x.a", None);
        let r = AuditReport::new(vec![], vec![low], vec![], vec![], vec![], &sources)
            .with_fail_on(Severity::High);
        assert_eq!(
            r.verdict(),
            "PASS: no findings at or above high (1 finding below)"
        );
        let err = ReportError {
            file: Some("main.tf".into()),
            line: Some(3),
            message: "unexpected token".into(),
        };
        assert_eq!(err.display(), "main.tf:3: unexpected token");
        let r = AuditReport::new(vec![], vec![], vec![], vec![err], vec![], &sources);
        assert_eq!(
            r.verdict(),
            "ERROR: 1 error while loading, results are incomplete"
        );
    }

    #[test]
    fn formats_parse_and_print() {
        for f in AuditFormat::ALL {
            assert_eq!(f.as_str().parse::<AuditFormat>(), Ok(f));
            assert_eq!(f.to_string(), f.as_str());
        }
        assert_eq!("MD".parse::<AuditFormat>(), Ok(AuditFormat::Markdown));
        assert!("yaml".parse::<AuditFormat>().is_err());
    }

    #[test]
    fn usd_is_grouped_and_rounded() {
        assert_eq!(format_usd(0.0), "$0.00");
        assert_eq!(format_usd(12.345), "$12.35");
        assert_eq!(format_usd(1234567.891), "$1,234,567.89");
        assert_eq!(format_usd(999.999), "$1,000.00");
        assert_eq!(format_usd(-5.5), "-$5.50");
        assert_eq!(format_usd(f64::NAN), "n/a");
    }
}
