//! The one finding type every renderer, the store and baselines read.
//!
//! A [`Finding`] is produced by the policy engine (`crate::policy::audit`) and flows
//! unchanged to every output format. It never carries a secret: messages that
//! describe a hardcoded secret show a masked form only (see [`mask_secret`]).
//! [`UnknownEval`] records a check that could not be decided because a value is
//! only known after apply; unknowns never become findings.

use crate::source::Span;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

/// How serious a finding is. Ordered: `Info < Low < Medium < High < Critical`, so
/// `finding.severity >= fail_on` is the gate test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    /// Every severity, most serious first (the order reports group by).
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "info" => Ok(Severity::Info),
            "low" => Ok(Severity::Low),
            "medium" => Ok(Severity::Medium),
            "high" => Ok(Severity::High),
            "critical" => Ok(Severity::Critical),
            other => Err(format!(
                "unknown severity `{other}` (expected critical, high, medium, low or info)"
            )),
        }
    }
}

/// What kind of problem a policy looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Security,
    Cost,
    Reliability,
    BestPractice,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Security => "security",
            Category::Cost => "cost",
            Category::Reliability => "reliability",
            Category::BestPractice => "best-practice",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Category {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "security" => Ok(Category::Security),
            "cost" => Ok(Category::Cost),
            "reliability" => Ok(Category::Reliability),
            "best-practice" | "best_practice" => Ok(Category::BestPractice),
            other => Err(format!(
                "unknown category `{other}` (expected security, cost, reliability or best-practice)"
            )),
        }
    }
}

/// Whether a fix can be applied without review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Deterministic and behaviour-preserving apart from the fix itself.
    Safe,
    /// May force replacement of an existing resource or change behaviour.
    Unsafe,
    /// No automatic fix exists.
    None,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::None => "none",
        }
    }
}

impl fmt::Display for Applicability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a finding has a fix, and how safe it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixInfo {
    pub available: bool,
    pub applicability: Applicability,
}

impl FixInfo {
    pub fn none() -> FixInfo {
        FixInfo {
            available: false,
            applicability: Applicability::None,
        }
    }
}

/// One compliance control a policy maps to, e.g. `cis_aws_v3` / `3.1`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplianceRef {
    /// `cis_aws_v3`, `nist_800_53_r5`, `soc2`, `pci_dss_v4`, `hipaa` or
    /// `aws_well_architected`.
    pub framework: String,
    /// The control id in that framework.
    pub id: String,
}

/// Where a suppression came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SuppressionKind {
    /// A `# chkmate:ignore` (or checkov/tfsec/trivy) comment in the source.
    Inline,
    /// `.chkmate.yml`.
    Config,
    /// A baseline file.
    Baseline,
}

/// Why a finding does not count against the gate. Suppressed findings stay in
/// machine outputs, marked as such.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    pub kind: SuppressionKind,
    pub reason: Option<String>,
    /// `YYYY-MM-DD`, when the suppression has an expiry date.
    pub expires: Option<String>,
}

/// One policy violation on one resource (instance).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub policy_id: String,
    pub title: String,
    pub severity: Severity,
    pub category: Category,
    /// Full instance address, e.g. `module.app.aws_s3_bucket.logs["eu"]`.
    pub resource_address: String,
    pub resource_type: String,
    /// The attribute that is wrong, else the resource block. Resolved to
    /// file:line by renderers through the run's `SourceMap`.
    #[serde(skip)]
    pub span: Option<Span>,
    /// Specific description of what is wrong on this resource. Never contains a
    /// secret in clear.
    pub message: String,
    /// Dotted path of the offending attribute (`ingress[1].cidr_blocks`). For a
    /// problem found on a companion resource, the path starts with that
    /// resource's address.
    pub attribute_path: Option<String>,
    pub fix: FixInfo,
    pub compliance: Vec<ComplianceRef>,
    pub suppressed: Option<Suppression>,
    /// Estimated monthly saving in USD, filled by the cost estimator when it can
    /// be computed (never a guess).
    pub monthly_saving_usd: Option<f64>,
    /// Stable identity: see [`fingerprint`].
    pub fingerprint: String,
}

impl Finding {
    pub fn is_suppressed(&self) -> bool {
        self.suppressed.is_some()
    }
}

/// A check that could not be decided because a value is only known after apply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnknownEval {
    pub policy_id: String,
    pub resource_address: String,
    pub attribute_path: Option<String>,
    pub reason: String,
}

/// The fingerprint of a finding: SHA-256 over policy id, resource address and
/// attribute path (hex, 32 characters). It does not depend on file names, line
/// numbers or formatting, so baselines survive moves and reformatting.
pub fn fingerprint(
    policy_id: &str,
    resource_address: &str,
    attribute_path: Option<&str>,
) -> String {
    let mut h = Sha256::new();
    h.update(policy_id.as_bytes());
    h.update([0u8]);
    h.update(resource_address.as_bytes());
    h.update([0u8]);
    h.update(attribute_path.unwrap_or("").as_bytes());
    let digest = h.finalize();
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// Masks a secret for display: its first four characters followed by `****`
/// (fewer characters are kept for very short values, so at most half of the
/// secret is ever shown).
pub fn mask_secret(secret: &str) -> String {
    let count = secret.chars().count();
    let keep = (count / 2).min(4);
    let head: String = secret.chars().take(keep).collect();
    format!("{head}****")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_orders_from_info_to_critical() {
        assert!(Severity::Critical > Severity::High);
        assert!(Severity::High > Severity::Medium);
        assert!(Severity::Medium > Severity::Low);
        assert!(Severity::Low > Severity::Info);
        assert_eq!("HIGH".parse::<Severity>(), Ok(Severity::High));
        assert!("severe".parse::<Severity>().is_err());
        assert_eq!(
            serde_json::to_value(Severity::Critical).unwrap(),
            serde_json::json!("critical")
        );
    }

    #[test]
    fn category_serializes_kebab_case() {
        assert_eq!(
            serde_json::to_value(Category::BestPractice).unwrap(),
            serde_json::json!("best-practice")
        );
        assert_eq!(
            "best-practice".parse::<Category>(),
            Ok(Category::BestPractice)
        );
    }

    #[test]
    fn fingerprint_depends_on_identity_only() {
        let a = fingerprint("SEC002", "aws_security_group.web", Some("ingress[0]"));
        let b = fingerprint("SEC002", "aws_security_group.web", Some("ingress[0]"));
        let c = fingerprint("SEC002", "aws_security_group.web", Some("ingress[1]"));
        let d = fingerprint("SEC017", "aws_security_group.web", Some("ingress[0]"));
        let e = fingerprint("SEC002", "aws_security_group.web", None);
        assert_eq!(a, b);
        assert_eq!(a.len(), 32);
        assert!(a != c && a != d && a != e && c != d);
        // The separator keeps concatenations apart.
        assert_ne!(fingerprint("A", "bc", None), fingerprint("Ab", "c", None));
    }

    #[test]
    fn masking_keeps_at_most_four_characters() {
        assert_eq!(mask_secret("sk_live_abcdefghijklmnop"), "sk_l****");
        assert_eq!(mask_secret("abc"), "a****");
        assert_eq!(mask_secret(""), "****");
        assert_eq!(mask_secret("ééééééé"), "ééé****");
    }

    #[test]
    fn finding_json_has_renderer_fields() {
        let f = Finding {
            policy_id: "SEC006".into(),
            title: "CloudTrail is not multi-region".into(),
            severity: Severity::High,
            category: Category::Security,
            resource_address: "aws_cloudtrail.main".into(),
            resource_type: "aws_cloudtrail".into(),
            span: None,
            message: "m".into(),
            attribute_path: Some("is_multi_region_trail".into()),
            fix: FixInfo {
                available: true,
                applicability: Applicability::Safe,
            },
            compliance: vec![ComplianceRef {
                framework: "cis_aws_v3".into(),
                id: "3.1".into(),
            }],
            suppressed: None,
            monthly_saving_usd: None,
            fingerprint: fingerprint("SEC006", "aws_cloudtrail.main", None),
        };
        let j = serde_json::to_value(&f).unwrap();
        assert_eq!(j["severity"], "high");
        assert_eq!(j["fix"]["applicability"], "safe");
        assert_eq!(j["compliance"][0]["framework"], "cis_aws_v3");
        let back: Finding = serde_json::from_value(j).unwrap();
        assert_eq!(back, f);
    }
}
