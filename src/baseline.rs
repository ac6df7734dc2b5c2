//! Baselines: a file of accepted findings, so a gate reports only new ones.
//!
//! `--write-baseline FILE` records the fingerprints of the current findings
//! ([`write_baseline`]); `--baseline FILE` marks findings whose fingerprint is in
//! the file as suppressed with kind [`SuppressionKind::Baseline`]
//! ([`apply_baseline`]). A fingerprint is policy + resource address + attribute
//! path ([`crate::finding::fingerprint`]): it does not change when a resource
//! moves within or between files or is reformatted.
//!
//! The file is JSON:
//!
//! ```json
//! {
//!   "version": 1,
//!   "created_at": "2025-03-01T12:00:00Z",
//!   "entries": [
//!     {"fingerprint": "…", "policy_id": "SEC002",
//!      "resource_address": "aws_security_group.web",
//!      "attribute_path": "ingress[0].cidr_blocks"}
//!   ]
//! }
//! ```
//!
//! Entries are sorted (policy, address, path, fingerprint) and unique by
//! fingerprint, so the file diffs well under version control.

use crate::finding::{fingerprint, Finding, Suppression, SuppressionKind};
use crate::suppress::Date;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The baseline format version this chkmate reads and writes.
pub const BASELINE_VERSION: u32 = 1;

/// One accepted finding.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub fingerprint: String,
    pub policy_id: String,
    pub resource_address: String,
    #[serde(default)]
    pub attribute_path: Option<String>,
}

impl BaselineEntry {
    fn sort_key(&self) -> (&str, &str, &str, &str) {
        (
            &self.policy_id,
            &self.resource_address,
            self.attribute_path.as_deref().unwrap_or(""),
            &self.fingerprint,
        )
    }
}

/// A baseline file's contents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub entries: Vec<BaselineEntry>,
}

/// A baseline could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BaselineError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: invalid baseline: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: unsupported baseline version {found} (this chkmate reads version {BASELINE_VERSION})", path.display())]
    Version { path: PathBuf, found: u32 },
}

/// What applying a baseline did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BaselineOutcome {
    /// Findings newly marked as suppressed by the baseline.
    pub suppressed: usize,
    /// Entries that matched no current finding (fixed or gone since).
    pub stale: Vec<BaselineEntry>,
}

impl Baseline {
    /// A baseline of `findings`. Findings suppressed inline or by configuration
    /// are left out — their own suppression (and its expiry) keeps governing
    /// them; findings suppressed by an earlier baseline are kept, so rewriting
    /// a baseline while applying one preserves it.
    pub fn from_findings(findings: &[Finding], created_at: String) -> Baseline {
        let mut seen = HashSet::new();
        let mut entries: Vec<BaselineEntry> = findings
            .iter()
            .filter(|f| {
                f.suppressed
                    .as_ref()
                    .is_none_or(|s| s.kind == SuppressionKind::Baseline)
            })
            .map(|f| BaselineEntry {
                fingerprint: finding_fingerprint(f),
                policy_id: f.policy_id.clone(),
                resource_address: f.resource_address.clone(),
                attribute_path: f.attribute_path.clone(),
            })
            .filter(|e| seen.insert(e.fingerprint.clone()))
            .collect();
        entries.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Baseline {
            version: BASELINE_VERSION,
            created_at,
            entries,
        }
    }

    /// Parses baseline JSON; `path` is used in errors only.
    pub fn parse(text: &str, path: &Path) -> Result<Baseline, BaselineError> {
        // Read the version first so a newer file gets a version error rather
        // than a confusing shape error.
        #[derive(Deserialize)]
        struct VersionOnly {
            version: u32,
        }
        let parse_err = |e: serde_json::Error| BaselineError::Parse {
            path: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message: strip_position(&e),
        };
        let v: VersionOnly = serde_json::from_str(text).map_err(parse_err)?;
        if v.version != BASELINE_VERSION {
            return Err(BaselineError::Version {
                path: path.to_path_buf(),
                found: v.version,
            });
        }
        serde_json::from_str(text).map_err(parse_err)
    }

    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Marks the findings whose fingerprint is in this baseline as suppressed
    /// (kind Baseline). Findings that are already suppressed are left alone
    /// but still count as matched (their entry is not stale).
    pub fn apply(&self, findings: &mut [Finding], label: &str) -> BaselineOutcome {
        let mut by_fp: HashMap<&str, &BaselineEntry> = HashMap::new();
        for e in &self.entries {
            by_fp.insert(e.fingerprint.as_str(), e);
        }
        let mut matched: HashSet<String> = HashSet::new();
        let mut outcome = BaselineOutcome::default();
        for f in findings.iter_mut() {
            let fp = finding_fingerprint(f);
            if !by_fp.contains_key(fp.as_str()) {
                continue;
            }
            matched.insert(fp);
            if f.suppressed.is_none() {
                f.suppressed = Some(Suppression {
                    kind: SuppressionKind::Baseline,
                    reason: Some(format!("in baseline {label} ({})", self.created_at)),
                    expires: None,
                });
                outcome.suppressed += 1;
            }
        }
        outcome.stale = self
            .entries
            .iter()
            .filter(|e| !matched.contains(&e.fingerprint))
            .cloned()
            .collect();
        outcome
    }
}

/// Writes a baseline of `findings` to `path` (see [`Baseline::from_findings`]
/// for which findings are recorded), replacing the file atomically. Parent
/// directories are created.
pub fn write_baseline(path: &Path, findings: &[Finding]) -> Result<Baseline, BaselineError> {
    let baseline = Baseline::from_findings(findings, utc_timestamp_now());
    let io = |source: std::io::Error| BaselineError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(io)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "baseline".to_string());
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(baseline.to_json().as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(baseline)
}

/// Reads a baseline file.
pub fn read_baseline(path: &Path) -> Result<Baseline, BaselineError> {
    let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Baseline::parse(&text, path)
}

/// Reads the baseline at `path` and marks the findings it contains as
/// suppressed (kind Baseline), so only new findings gate.
pub fn apply_baseline(
    path: &Path,
    findings: &mut [Finding],
) -> Result<BaselineOutcome, BaselineError> {
    let baseline = read_baseline(path)?;
    let label = crate::source::display_path(path);
    Ok(baseline.apply(findings, &label))
}

/// The finding's fingerprint, recomputed when the producer left it empty.
fn finding_fingerprint(f: &Finding) -> String {
    if f.fingerprint.is_empty() {
        fingerprint(
            &f.policy_id,
            &f.resource_address,
            f.attribute_path.as_deref(),
        )
    } else {
        f.fingerprint.clone()
    }
}

/// serde_json's message without " at line L column C".
fn strip_position(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    msg.strip_suffix(&suffix).map(str::to_string).unwrap_or(msg)
}

/// The current UTC time as RFC 3339 (`2025-03-01T12:00:00Z`), from the system
/// clock.
pub fn utc_timestamp_now() -> String {
    let secs = match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => -(e.duration().as_secs() as i64),
    };
    utc_timestamp(secs)
}

/// Seconds since the Unix epoch as RFC 3339 UTC.
pub fn utc_timestamp(unix_secs: i64) -> String {
    let date = Date::from_days_since_epoch(unix_secs.div_euclid(86_400));
    let rem = unix_secs.rem_euclid(86_400);
    format!(
        "{date}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Category, FixInfo, Severity};

    fn finding(policy: &str, address: &str, path: Option<&str>) -> Finding {
        Finding {
            policy_id: policy.into(),
            title: "t".into(),
            severity: Severity::High,
            category: Category::Security,
            resource_address: address.into(),
            resource_type: "aws_security_group".into(),
            span: None,
            message: "m".into(),
            attribute_path: path.map(str::to_string),
            fix: FixInfo::none(),
            compliance: Vec::new(),
            suppressed: None,
            monthly_saving_usd: None,
            fingerprint: fingerprint(policy, address, path),
        }
    }

    #[test]
    fn timestamps() {
        assert_eq!(utc_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_timestamp(951_782_400 + 3_661), "2000-02-29T01:01:01Z");
        assert_eq!(utc_timestamp(-1), "1969-12-31T23:59:59Z");
        let now = utc_timestamp_now();
        assert_eq!(now.len(), 20, "{now}");
        assert!(now.ends_with('Z'));
    }

    #[test]
    fn entries_sorted_unique_and_suppressed_ones_left_out() {
        let mut inline = finding("SEC001", "aws_s3_bucket.a", None);
        inline.suppressed = Some(Suppression {
            kind: SuppressionKind::Inline,
            reason: None,
            expires: Some("2030-01-01".into()),
        });
        let mut old = finding("SEC009", "aws_s3_bucket.a", None);
        old.suppressed = Some(Suppression {
            kind: SuppressionKind::Baseline,
            reason: None,
            expires: None,
        });
        let findings = vec![
            finding("SEC017", "aws_security_group.b", Some("ingress[0]")),
            finding("SEC002", "aws_security_group.b", Some("ingress[0]")),
            finding("SEC002", "aws_security_group.a", None),
            finding("SEC002", "aws_security_group.a", None),
            inline,
            old,
        ];
        let b = Baseline::from_findings(&findings, "t".into());
        let keys: Vec<(&str, &str)> = b
            .entries
            .iter()
            .map(|e| (e.policy_id.as_str(), e.resource_address.as_str()))
            .collect();
        assert_eq!(
            keys,
            vec![
                ("SEC002", "aws_security_group.a"),
                ("SEC002", "aws_security_group.b"),
                ("SEC009", "aws_s3_bucket.a"),
                ("SEC017", "aws_security_group.b"),
            ]
        );
    }

    #[test]
    fn apply_marks_known_and_reports_stale() {
        let b = Baseline::from_findings(
            &[
                finding("SEC002", "aws_security_group.a", None),
                finding("SEC018", "aws_s3_bucket.gone", None),
            ],
            "2025-01-01T00:00:00Z".into(),
        );
        let mut now = vec![
            finding("SEC002", "aws_security_group.a", None),
            finding("SEC002", "aws_security_group.new", None),
        ];
        let out = b.apply(&mut now, "base.json");
        assert_eq!(out.suppressed, 1);
        assert_eq!(out.stale.len(), 1);
        assert_eq!(out.stale[0].resource_address, "aws_s3_bucket.gone");
        let s = now[0].suppressed.as_ref().expect("baselined");
        assert_eq!(s.kind, SuppressionKind::Baseline);
        assert!(now[1].suppressed.is_none());
    }

    #[test]
    fn parse_errors_are_located() {
        let p = Path::new("b.json");
        match Baseline::parse("{\"version\": 1,\n \"entries\": [}", p) {
            Err(BaselineError::Parse { line, .. }) => assert_eq!(line, 2),
            other => panic!("expected a parse error, got {other:?}"),
        }
        match Baseline::parse("{\"version\": 7, \"x\": 1}", p) {
            Err(BaselineError::Version { found, .. }) => assert_eq!(found, 7),
            other => panic!("expected a version error, got {other:?}"),
        }
        match Baseline::parse("{\"version\": 1, \"created_at\": \"x\"}", p) {
            Err(e @ BaselineError::Parse { .. }) => {
                assert!(e.to_string().contains("entries"), "{e}")
            }
            other => panic!("expected a parse error, got {other:?}"),
        }
        assert!(Baseline::parse("[]", p).is_err());
        assert!(Baseline::parse("", p).is_err());
    }
}
