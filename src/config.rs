//! `.chkmate.yml`: the project configuration.
//!
//! Found upward from the audited PATH ([`Config::discover`]: the first
//! `.chkmate.yml` (or `.chkmate.yaml`) in PATH or one of its parents, stopping at
//! the repository root — the directory that holds `.git` — or the filesystem
//! root), or given with `--config FILE` ([`Config::load`]). Every key is
//! validated: unknown keys and wrong types are errors that carry the file, line
//! and column, and name the valid keys. Relative paths in the file (`policies`,
//! `exclude`, `budgets`) are relative to the directory of the file.
//!
//! ```yaml
//! skip: [SEC028]                 # drop these policies' findings
//! only: []                       # when non-empty: keep only these policies
//! severity: {SEC017: medium}     # per-policy severity overrides
//! exclude: ["examples/**"]       # findings in these files are suppressed
//! required_tags: [Environment, Owner]   # COST001
//! fail_on: high                  # gate threshold (CLI --fail-on wins)
//! policies: [./policies]         # extra policy directories
//! budgets: {infra/prod: 2500}    # monthly USD budget per root module
//! cost: {max_increase: "10%"}    # cost gate: "10%" or an amount in USD
//! ```

use crate::finding::{Finding, Severity, Suppression, SuppressionKind};
use crate::source::SourceMap;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::de::{self, Deserializer};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};

/// File names looked for by [`Config::discover`], in order.
pub const CONFIG_FILE_NAMES: [&str; 2] = [".chkmate.yml", ".chkmate.yaml"];

/// The valid top-level keys, as listed in error messages.
pub const TOP_LEVEL_KEYS: [&str; 9] = [
    "skip",
    "only",
    "severity",
    "exclude",
    "required_tags",
    "fail_on",
    "policies",
    "budgets",
    "cost",
];

/// A configuration problem, located in the file when possible.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    pub file: PathBuf,
    /// 1-based; `None` when the problem is not tied to a place (IO errors).
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = crate::source::display_path(&self.file);
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{file}:{l}:{c}: {}", self.message),
            (Some(l), None) => write!(f, "{file}:{l}: {}", self.message),
            _ => write!(f, "{file}: {}", self.message),
        }
    }
}

/// The maximum cost increase the `cost` command accepts before failing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MaxIncrease {
    /// `"10%"`: relative to the baseline monthly cost.
    Percent(f64),
    /// `100` (or `"100"`, `"$100"`): USD per month.
    Usd(f64),
}

impl MaxIncrease {
    /// Whether going from `before` to `after` USD per month stays within the
    /// limit. A percentage limit on a zero baseline allows no increase.
    pub fn allows(self, before: f64, after: f64) -> bool {
        let increase = after - before;
        if increase <= 0.0 {
            return true;
        }
        match self {
            MaxIncrease::Usd(max) => increase <= max,
            MaxIncrease::Percent(pct) => before > 0.0 && increase / before * 100.0 <= pct,
        }
    }
}

impl fmt::Display for MaxIncrease {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MaxIncrease::Percent(p) => write!(f, "{p}%"),
            MaxIncrease::Usd(u) => write!(f, "${u:.2}"),
        }
    }
}

impl<'de> Deserialize<'de> for MaxIncrease {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Errors are raised inside the visitor so that serde_yaml attaches the
        // scalar's location to them.
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = MaxIncrease;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a percentage (\"10%\") or an amount in USD (100)")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<MaxIncrease, E> {
                checked(MaxIncrease::Usd(v), v)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<MaxIncrease, E> {
                self.visit_f64(v as f64)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<MaxIncrease, E> {
                self.visit_f64(v as f64)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<MaxIncrease, E> {
                let t = s.trim();
                if let Some(p) = t.strip_suffix('%') {
                    let v: f64 = p.trim().parse().map_err(|_| {
                        E::custom(format!("invalid percentage `{s}` (expected e.g. \"10%\")"))
                    })?;
                    checked(MaxIncrease::Percent(v), v)
                } else {
                    let v: f64 = t.trim_start_matches('$').trim().parse().map_err(|_| {
                        E::custom(format!(
                            "invalid `max_increase` `{s}` (expected \"10%\" or an amount in USD)"
                        ))
                    })?;
                    checked(MaxIncrease::Usd(v), v)
                }
            }
        }
        fn checked<E: de::Error>(m: MaxIncrease, v: f64) -> Result<MaxIncrease, E> {
            if !v.is_finite() || v < 0.0 {
                return Err(E::custom(format!(
                    "`max_increase` must not be negative (got {v})"
                )));
            }
            Ok(m)
        }
        d.deserialize_any(V)
    }
}

/// The `cost:` section.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostConfig {
    #[serde(default)]
    pub max_increase: Option<MaxIncrease>,
}

/// A monthly budget in USD (finite, not negative).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Usd(pub f64);

impl<'de> Deserialize<'de> for Usd {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Usd;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount in USD per month")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Usd, E> {
                if !v.is_finite() || v < 0.0 {
                    return Err(E::custom(format!(
                        "a budget must not be negative (got {v})"
                    )));
                }
                Ok(Usd(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Usd, E> {
                self.visit_f64(v as f64)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Usd, E> {
                self.visit_f64(v as f64)
            }
        }
        d.deserialize_any(V)
    }
}

/// A severity written in any letter case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct AnySeverity(Severity);

impl<'de> Deserialize<'de> for AnySeverity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = AnySeverity;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a severity (critical, high, medium, low or info)")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<AnySeverity, E> {
                s.parse::<Severity>().map(AnySeverity).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

/// A policy ID: trimmed, upper case, not empty.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct PolicyId(String);

impl<'de> Deserialize<'de> for PolicyId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = PolicyId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a policy ID such as SEC017")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<PolicyId, E> {
                let t = s.trim();
                if t.is_empty() || t.chars().any(char::is_whitespace) {
                    return Err(E::custom(format!("invalid policy ID `{s}`")));
                }
                Ok(PolicyId(t.to_ascii_uppercase()))
            }
        }
        d.deserialize_str(V)
    }
}

/// `key:` with nothing after it (every entry commented out) means empty.
fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

fn severity_map<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, Severity>, D::Error> {
    let raw: BTreeMap<PolicyId, AnySeverity> = null_as_default(d)?;
    Ok(raw.into_iter().map(|(k, v)| (k.0, v.0)).collect())
}

fn opt_severity<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Severity>, D::Error> {
    Ok(Option::<AnySeverity>::deserialize(d)?.map(|s| s.0))
}

fn id_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let raw: Vec<PolicyId> = null_as_default(d)?;
    Ok(raw.into_iter().map(|p| p.0).collect())
}

/// The project configuration. `Config::default()` is what applies when there is
/// no file.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Policies whose findings are dropped (upper case).
    #[serde(default, deserialize_with = "id_list")]
    pub skip: Vec<String>,
    /// When non-empty, only these policies' findings are kept (upper case).
    #[serde(default, deserialize_with = "id_list")]
    pub only: Vec<String>,
    /// Severity overrides by policy ID (upper case).
    #[serde(default, deserialize_with = "severity_map")]
    pub severity: BTreeMap<String, Severity>,
    /// Glob patterns (relative to the config file's directory) of files whose
    /// findings are suppressed. A pattern also covers everything below a
    /// directory it names.
    #[serde(default, deserialize_with = "null_as_default")]
    pub exclude: Vec<String>,
    /// Tags COST001 requires; `None` keeps the policy's default.
    #[serde(default)]
    pub required_tags: Option<Vec<String>>,
    /// Gate threshold; the command line's `--fail-on` takes precedence.
    #[serde(default, deserialize_with = "opt_severity")]
    pub fail_on: Option<Severity>,
    /// Extra policy directories (relative to the config file's directory).
    #[serde(default, deserialize_with = "null_as_default")]
    pub policies: Vec<PathBuf>,
    /// Monthly USD budgets by root module path (relative to the config file's
    /// directory).
    #[serde(default, deserialize_with = "null_as_default")]
    pub budgets: BTreeMap<String, Usd>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub cost: CostConfig,
    /// The directory relative paths are resolved against: the config file's
    /// directory (absolute), or the working directory for a default config.
    #[serde(skip)]
    pub base_dir: PathBuf,
    /// The file this configuration was read from.
    #[serde(skip)]
    pub source: Option<PathBuf>,
}

impl Config {
    /// Reads and validates one configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: path.to_path_buf(),
            line: None,
            column: None,
            message: format!("cannot read configuration: {e}"),
        })?;
        let mut config = Config::parse(&text, path)?;
        let abs = absolute(path);
        config.base_dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
        config.source = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parses configuration text; `file` is only used in error messages. The
    /// result's `base_dir` is the working directory.
    pub fn parse(text: &str, file: &Path) -> Result<Config, ConfigError> {
        let located = |line: Option<usize>, column: Option<usize>, message: String| ConfigError {
            file: file.to_path_buf(),
            line,
            column,
            message,
        };
        // An empty file (or one with only comments) is the default config.
        let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
            let (l, c) = location(&e);
            located(l, c, clean_message(&e))
        })?;
        if value.is_null() {
            return Ok(Config {
                base_dir: absolute(Path::new(".")),
                ..Config::default()
            });
        }
        if !value.is_mapping() {
            return Err(located(
                Some(1),
                Some(1),
                format!(
                    "the configuration must be a mapping of keys ({})",
                    TOP_LEVEL_KEYS.join(", ")
                ),
            ));
        }
        let mut config: Config = serde_yaml::from_str(text).map_err(|e| {
            let (l, c) = location(&e);
            located(l, c, clean_message(&e))
        })?;
        // Checks serde cannot express, located by searching the text.
        for pattern in &config.exclude {
            if let Err(e) = Glob::new(pattern) {
                let (l, c) = find_in_text(text, "exclude", pattern);
                return Err(located(
                    l,
                    c,
                    format!("invalid exclude glob `{pattern}`: {}", e.kind()),
                ));
            }
        }
        for id in &config.only {
            if config.skip.contains(id) {
                let (l, c) = find_in_text(text, "only", id);
                return Err(located(
                    l,
                    c,
                    format!("`{id}` is in both `only` and `skip`"),
                ));
            }
        }
        if let Some(tags) = &config.required_tags {
            if tags.iter().any(|t| t.trim().is_empty()) {
                let (l, c) = find_in_text(text, "required_tags", "");
                return Err(located(
                    l,
                    c,
                    "`required_tags` must not contain empty tag names".into(),
                ));
            }
        }
        config.base_dir = absolute(Path::new("."));
        Ok(config)
    }

    /// Looks for a configuration file in `start` (a directory, or a file whose
    /// directory is used) and its parents. The search stops after the first
    /// directory that contains `.git` (the repository root) or at the
    /// filesystem root. `Ok(None)` when there is none.
    pub fn discover(start: &Path) -> Result<Option<(PathBuf, Config)>, ConfigError> {
        let start = absolute(start);
        let mut dir = if start.is_file() {
            start.parent().map(Path::to_path_buf).unwrap_or(start)
        } else {
            start
        };
        loop {
            for name in CONFIG_FILE_NAMES {
                let candidate = dir.join(name);
                if candidate.is_file() {
                    let config = Config::load(&candidate)?;
                    return Ok(Some((candidate, config)));
                }
            }
            if dir.join(".git").exists() {
                return Ok(None);
            }
            match dir.parent() {
                Some(p) => dir = p.to_path_buf(),
                None => return Ok(None),
            }
        }
    }

    /// The commented default configuration `chkmate init` writes. It behaves
    /// like no configuration at all (it spells out the defaults `fail_on: low`
    /// and `required_tags: [Environment, Owner]`).
    pub fn default_yaml() -> &'static str {
        DEFAULT_YAML
    }

    /// Whether findings of `policy_id` are kept by `skip` / `only` (so commands
    /// can skip running the policy at all).
    pub fn policy_enabled(&self, policy_id: &str) -> bool {
        let id = policy_id.to_ascii_uppercase();
        if self.skip.contains(&id) {
            return false;
        }
        self.only.is_empty() || self.only.contains(&id)
    }

    /// The severity override for a policy, if any.
    pub fn severity_for(&self, policy_id: &str) -> Option<Severity> {
        self.severity.get(&policy_id.to_ascii_uppercase()).copied()
    }

    /// The tags COST001 requires: the configured ones, else Environment and Owner.
    pub fn required_tags_or_default(&self) -> Vec<String> {
        match &self.required_tags {
            Some(tags) => tags.clone(),
            None => vec!["Environment".to_string(), "Owner".to_string()],
        }
    }

    /// `policies` resolved against the config file's directory.
    pub fn policy_dirs(&self) -> Vec<PathBuf> {
        self.policies.iter().map(|p| self.resolve(p)).collect()
    }

    /// `budgets` with their paths resolved against the config file's directory.
    pub fn budgets_resolved(&self) -> Vec<(PathBuf, f64)> {
        self.budgets
            .iter()
            .map(|(p, usd)| (self.resolve(Path::new(p)), usd.0))
            .collect()
    }

    /// The budget for a root module directory, if one is configured for it.
    pub fn budget_for(&self, root: &Path) -> Option<f64> {
        let root = absolute(root);
        self.budgets_resolved()
            .into_iter()
            .find(|(p, _)| *p == root)
            .map(|(_, usd)| usd)
    }

    /// Every policy ID the file names (in `skip`, `only` and `severity`), so a
    /// command can warn about IDs that no loaded policy has.
    pub fn policy_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .skip
            .iter()
            .chain(self.only.iter())
            .chain(self.severity.keys())
            .map(String::as_str)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The exclude patterns as a glob set (each pattern also matches everything
    /// below it).
    pub fn exclude_globs(&self) -> Result<GlobSet, ConfigError> {
        let mut b = GlobSetBuilder::new();
        for p in &self.exclude {
            let err = |e: globset::Error| ConfigError {
                file: self.source.clone().unwrap_or_default(),
                line: None,
                column: None,
                message: format!("invalid exclude glob `{p}`: {}", e.kind()),
            };
            b.add(Glob::new(p).map_err(err)?);
            if !p.ends_with("/**") {
                b.add(Glob::new(&format!("{}/**", p.trim_end_matches('/'))).map_err(err)?);
            }
        }
        b.build().map_err(|e| ConfigError {
            file: self.source.clone().unwrap_or_default(),
            line: None,
            column: None,
            message: format!("invalid exclude globs: {e}"),
        })
    }

    /// Applies the configuration to an audit's findings:
    /// - `only` / `skip` drop findings of other / skipped policies;
    /// - `severity` overrides replace the finding's severity;
    /// - findings located in an `exclude`d file are kept but marked suppressed
    ///   with kind [`SuppressionKind::Config`] (so JSON and SARIF still show
    ///   them, and they no longer gate). Already suppressed findings keep their
    ///   suppression.
    ///
    /// A finding's file comes from its span through `sources`; findings without
    /// a span are never excluded. Paths are matched relative to the config
    /// file's directory, and as displayed when the file lies outside it.
    pub fn apply_to_findings(
        &self,
        findings: &mut Vec<Finding>,
        sources: &SourceMap,
    ) -> Result<(), ConfigError> {
        findings.retain(|f| self.policy_enabled(&f.policy_id));
        for f in findings.iter_mut() {
            if let Some(sev) = self.severity_for(&f.policy_id) {
                f.severity = sev;
            }
        }
        if self.exclude.is_empty() {
            return Ok(());
        }
        let globs = self.exclude_globs()?;
        for f in findings.iter_mut() {
            if f.suppressed.is_some() {
                continue;
            }
            let Some(path) = f.span.and_then(|s| sources.path(s.file)) else {
                continue;
            };
            if let Some(pattern) = self.excluding_pattern(&globs, path) {
                f.suppressed = Some(Suppression {
                    kind: SuppressionKind::Config,
                    reason: Some(format!("path matches exclude pattern `{pattern}`")),
                    expires: None,
                });
            }
        }
        Ok(())
    }

    /// The first `exclude` pattern matching a source path.
    fn excluding_pattern(&self, globs: &GlobSet, path: &Path) -> Option<&str> {
        let abs = absolute(path);
        let mut candidates: Vec<PathBuf> = Vec::new();
        if let Ok(rel) = abs.strip_prefix(&self.base_dir) {
            candidates.push(rel.to_path_buf());
        }
        candidates.push(lexical_normalize(path));
        for candidate in candidates {
            let hits = globs.matches(&candidate);
            // Two globs per pattern (the pattern and `pattern/**`), except for
            // patterns already ending in `/**`.
            if let Some(&first) = hits.first() {
                return self.pattern_of_glob(first);
            }
        }
        None
    }

    fn pattern_of_glob(&self, glob_index: usize) -> Option<&str> {
        let mut i = 0usize;
        for p in &self.exclude {
            let n = if p.ends_with("/**") { 1 } else { 2 };
            if glob_index < i + n {
                return Some(p);
            }
            i += n;
        }
        None
    }

    fn resolve(&self, p: &Path) -> PathBuf {
        if p.is_absolute() {
            lexical_normalize(p)
        } else {
            lexical_normalize(&self.base_dir.join(p))
        }
    }
}

/// Line and column of a serde_yaml error.
fn location(e: &serde_yaml::Error) -> (Option<usize>, Option<usize>) {
    match e.location() {
        Some(l) => (Some(l.line()), Some(l.column())),
        None => (None, None),
    }
}

/// serde_yaml's message without its "at line L column C" part, with serde's
/// wording for struct fields turned into configuration wording.
fn clean_message(e: &serde_yaml::Error) -> String {
    let mut msg = e.to_string();
    if let Some(l) = e.location() {
        let suffix = format!(" at line {} column {}", l.line(), l.column());
        if let Some(pos) = msg.find(&suffix) {
            msg.replace_range(pos..pos + suffix.len(), "");
        }
    }
    let msg = msg.replace(
        "expected struct CostConfig",
        "expected a mapping (key: max_increase)",
    );
    // "cost: unknown field `x`, expected `max_increase`" /
    // "unknown field `x`, expected one of `a`, `b`".
    if let Some(pos) = msg.find("unknown field `") {
        let (prefix, rest) = msg.split_at(pos);
        let rest = &rest["unknown field `".len()..];
        if let Some(end) = rest.find('`') {
            let key = &rest[..end];
            let after = &rest[end + 1..];
            let valid: Vec<&str> = after
                .split('`')
                .enumerate()
                .filter(|(i, _)| i % 2 == 1)
                .map(|(_, s)| s)
                .collect();
            let section = prefix.trim_end_matches(": ").trim();
            let place = if section.is_empty() {
                String::new()
            } else {
                format!(" in `{section}`")
            };
            return if valid.is_empty() {
                format!("unknown key `{key}`{place}")
            } else {
                format!(
                    "unknown key `{key}`{place}; valid keys are: {}",
                    valid.join(", ")
                )
            };
        }
    }
    msg
}

/// 1-based line and column of `needle` after the top-level `key:` (or of the
/// key itself when `needle` is empty or not found), for errors found after
/// deserialising. Comment lines are skipped.
fn find_in_text(text: &str, key: &str, needle: &str) -> (Option<usize>, Option<usize>) {
    let prefix = format!("{key}:");
    let mut offset = 0usize;
    let mut key_at = None;
    for line in text.split_inclusive('\n') {
        if line.starts_with(&prefix) {
            key_at = Some(offset);
            break;
        }
        offset += line.len();
    }
    let Some(key_at) = key_at else {
        return (None, None);
    };
    let pos = if needle.is_empty() {
        key_at
    } else {
        text[key_at..]
            .find(needle)
            .map(|p| key_at + p)
            .unwrap_or(key_at)
    };
    let before = &text[..pos];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (Some(line), Some(col))
}

/// `p` made absolute against the working directory, lexically normalised.
fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        lexical_normalize(p)
    } else {
        let cwd = std::env::current_dir().unwrap_or_default();
        lexical_normalize(&cwd.join(p))
    }
}

/// Removes `.` components and folds `..` (without touching the filesystem).
fn lexical_normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let can_pop = matches!(out.components().next_back(), Some(Component::Normal(_)));
                if can_pop {
                    out.pop();
                } else if !p.is_absolute() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

const DEFAULT_YAML: &str = r#"# chkmate configuration. chkmate looks for this file in the audited directory
# and its parents (up to the repository root); `--config FILE` names one
# explicitly. Relative paths are relative to this file. Unknown keys are errors.

# Policies whose findings are dropped, e.g. [SEC028, COST011].
skip: []

# When not empty, only these policies are reported.
only: []

# Per-policy severity overrides (critical, high, medium, low, info).
severity: {}
#   SEC017: medium

# Files whose findings are reported as suppressed (glob patterns; a directory
# also covers everything below it).
exclude: []
#   - examples/**
#   - modules/legacy

# Tags every taggable resource must carry (COST001). Provider default_tags count.
required_tags: [Environment, Owner]

# Findings at or above this severity fail the audit (exit 1). `--fail-on` on
# the command line takes precedence.
fail_on: low

# Directories of your own policies, in the same YAML format as the built-in ones.
policies: []

# Monthly budgets in USD per root module, checked by `chkmate cost`.
budgets: {}
#   infra/prod: 2500

cost:
  # Fail `chkmate cost --compare-to` when the monthly cost grows by more than
  # this: a percentage ("10%") or an amount in USD (100). Unset: no limit.
  # max_increase: "10%"
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{fingerprint, Category, FixInfo};
    use crate::source::{SourceFile, Span};

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new(".chkmate.yml"))
    }

    #[test]
    fn full_config_parses() {
        let c = parse(
            "skip: [sec028]\nonly: [SEC001, SEC017]\nseverity:\n  SEC017: Medium\nexclude: [\"examples/**\"]\nrequired_tags: [Team]\nfail_on: HIGH\npolicies: [./org-policies]\nbudgets:\n  infra/prod: 2500\n  infra/dev: 100.5\ncost:\n  max_increase: \"10%\"\n",
        )
        .expect("valid");
        assert_eq!(c.skip, vec!["SEC028"]);
        assert_eq!(c.only, vec!["SEC001", "SEC017"]);
        assert_eq!(c.severity_for("sec017"), Some(Severity::Medium));
        assert_eq!(c.fail_on, Some(Severity::High));
        assert_eq!(c.required_tags_or_default(), vec!["Team"]);
        assert_eq!(c.cost.max_increase, Some(MaxIncrease::Percent(10.0)));
        assert_eq!(c.budgets.get("infra/dev"), Some(&Usd(100.5)));
        assert!(c.policy_enabled("SEC001"));
        assert!(!c.policy_enabled("SEC002"));
        assert!(!c.policy_enabled("sec028"));
        assert_eq!(c.policy_ids(), vec!["SEC001", "SEC017", "SEC028"]);
    }

    #[test]
    fn unknown_key_is_located_and_lists_valid_keys() {
        let e = parse("skip: []\nfail_on: high\nfial_on: low\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert_eq!(e.column, Some(1), "{e}");
        assert!(e.message.contains("unknown key `fial_on`"), "{e}");
        for k in TOP_LEVEL_KEYS {
            assert!(e.message.contains(k), "{e} lacks {k}");
        }
        assert!(e.to_string().starts_with(".chkmate.yml:3:1: "), "{e}");

        let e = parse("cost:\n  max_increse: 10\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.message.contains("`max_increse` in `cost`"), "{e}");
        assert!(e.message.contains("max_increase"), "{e}");
    }

    #[test]
    fn wrong_types_are_located() {
        let e = parse("skip: SEC001\n").unwrap_err();
        assert_eq!(e.line, Some(1), "{e}");
        let e = parse("only: []\nfail_on: severe\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.message.contains("unknown severity"), "{e}");
        let e = parse("severity:\n  SEC017: loud\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        let e = parse("budgets:\n  prod: -5\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.message.contains("negative"), "{e}");
        let e = parse("cost:\n  max_increase: lots\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        let e = parse("- a\n- b\n").unwrap_err();
        assert!(e.message.contains("mapping"), "{e}");
        let e = parse("skip: [\n").unwrap_err();
        assert!(e.line.is_some(), "{e}");
        let e = parse("exclude: [\"a/[b\"]\n").unwrap_err();
        assert_eq!(e.line, Some(1), "{e}");
        assert!(e.message.contains("invalid exclude glob"), "{e}");
        let e = parse("only: [SEC001]\nskip: [SEC001]\n").unwrap_err();
        assert!(e.message.contains("both"), "{e}");
    }

    #[test]
    fn keys_without_values_mean_empty() {
        let c = parse("skip:\n#  - SEC001\nonly:\nseverity:\nexclude:\npolicies:\nbudgets:\ncost:\nrequired_tags:\nfail_on:\n")
            .expect("valid");
        assert!(c.skip.is_empty() && c.only.is_empty() && c.severity.is_empty());
        assert!(c.exclude.is_empty() && c.policies.is_empty() && c.budgets.is_empty());
        assert_eq!(
            (c.cost.max_increase, c.required_tags, c.fail_on),
            (None, None, None)
        );
        let e = parse("# header\nskip: [SEC002]\nexclude:\n  - ok/**\n  - \"bad[\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(5), Some(6)), "{e}");
        let e = parse("# only comments mention only\nskip: [A1]\nonly:\n  - A1\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(4), Some(5)), "{e}");
    }

    #[test]
    fn empty_and_default_configs() {
        assert_eq!(parse("").map(|c| c.skip.len()), Ok(0));
        assert_eq!(parse("# only a comment\n").map(|c| c.fail_on), Ok(None));
        let d = parse(Config::default_yaml()).expect("default parses");
        assert!(d.skip.is_empty() && d.only.is_empty() && d.exclude.is_empty());
        assert_eq!(d.fail_on, Some(Severity::Low));
        assert_eq!(d.required_tags_or_default(), vec!["Environment", "Owner"]);
        assert_eq!(d.cost.max_increase, None);
    }

    #[test]
    fn max_increase_forms() {
        let m =
            |s: &str| parse(&format!("cost:\n  max_increase: {s}\n")).map(|c| c.cost.max_increase);
        assert_eq!(m("100"), Ok(Some(MaxIncrease::Usd(100.0))));
        assert_eq!(m("\"$50\""), Ok(Some(MaxIncrease::Usd(50.0))));
        assert_eq!(m("\"12.5%\""), Ok(Some(MaxIncrease::Percent(12.5))));
        assert!(m("\"-3%\"").is_err());
        assert!(MaxIncrease::Percent(10.0).allows(100.0, 110.0));
        assert!(!MaxIncrease::Percent(10.0).allows(100.0, 110.5));
        assert!(!MaxIncrease::Percent(10.0).allows(0.0, 1.0));
        assert!(MaxIncrease::Percent(10.0).allows(0.0, 0.0));
        assert!(MaxIncrease::Usd(100.0).allows(10.0, 110.0));
        assert!(!MaxIncrease::Usd(100.0).allows(10.0, 110.01));
        assert!(MaxIncrease::Usd(0.0).allows(10.0, 5.0));
    }

    fn finding(policy: &str, span: Option<Span>) -> Finding {
        Finding {
            policy_id: policy.into(),
            title: "t".into(),
            severity: Severity::High,
            category: Category::Security,
            resource_address: "aws_s3_bucket.b".into(),
            resource_type: "aws_s3_bucket".into(),
            span,
            message: "m".into(),
            attribute_path: None,
            fix: FixInfo::none(),
            compliance: Vec::new(),
            suppressed: None,
            monthly_saving_usd: None,
            fingerprint: fingerprint(policy, "aws_s3_bucket.b", None),
        }
    }

    #[test]
    fn apply_skip_only_severity_and_exclude() {
        let mut sources = SourceMap::new();
        let main = sources.add(SourceFile::new("main.tf".into(), "x"));
        let ex = sources.add(SourceFile::new("examples/demo/main.tf".into(), "x"));
        let mut c =
            parse("skip: [SEC009]\nseverity: {SEC001: low}\nexclude: [examples]\n").expect("valid");
        c.base_dir = absolute(Path::new("."));
        let mut findings = vec![
            finding("SEC001", Some(Span::new(main, 0..1))),
            finding("SEC009", Some(Span::new(main, 0..1))),
            finding("SEC018", Some(Span::new(ex, 0..1))),
            finding("SEC019", None),
        ];
        c.apply_to_findings(&mut findings, &sources)
            .expect("applies");
        let ids: Vec<&str> = findings.iter().map(|f| f.policy_id.as_str()).collect();
        assert_eq!(ids, vec!["SEC001", "SEC018", "SEC019"]);
        assert_eq!(findings[0].severity, Severity::Low);
        assert!(findings[0].suppressed.is_none());
        let s = findings[1].suppressed.as_ref().expect("excluded");
        assert_eq!(s.kind, SuppressionKind::Config);
        assert!(s.reason.as_deref().unwrap_or("").contains("`examples`"));
        assert!(findings[2].suppressed.is_none());

        let only = parse("only: [SEC019]\n").expect("valid");
        only.apply_to_findings(&mut findings, &sources)
            .expect("applies");
        assert_eq!(findings.len(), 1);
    }

    #[test]
    fn normalize_paths() {
        assert_eq!(
            lexical_normalize(Path::new("a/./b/../c")),
            PathBuf::from("a/c")
        );
        assert_eq!(lexical_normalize(Path::new("../a")), PathBuf::from("../a"));
        assert_eq!(
            lexical_normalize(Path::new("/a/../../b")),
            PathBuf::from("/b")
        );
    }
}
