//! Inline suppressions: `# chkmate:ignore SEC017 reason` comments in Terraform
//! sources, and the comment forms of other scanners (`#checkov:skip=CKV_AWS_24:...`,
//! `#tfsec:ignore:aws-ec2-no-public-ingress-sgr`, `#trivy:ignore:AVD-AWS-0107`)
//! mapped to chkmate IDs through the shipped table `policies/compat.yaml`.
//!
//! This module owns the lexical side of suppressions. It reads the comments of the
//! loaded files (never the evaluated model), finds the blocks they sit in, and marks
//! matching findings as suppressed ([`SuppressionKind::Inline`]); suppressed findings
//! stay in the list so machine outputs can show them.
//!
//! Where a suppression comment applies:
//! - anywhere inside a resource block, or on the comment lines directly above its
//!   header: every finding on that resource (every `count`/`for_each` instance,
//!   and every instance of the module when the block is in a module);
//! - inside (or directly above) a `module` call block: every finding on the
//!   resources of that module instance;
//! - on the line a finding points at (trailing comment), or on the comment lines
//!   directly above it, or inside the top-level block that contains it (a
//!   companion resource, a `variable`, a `provider`).
//!
//! "Directly above" means an unbroken run of comment-only lines: a blank line or a
//! line of code ends it.
//!
//! Comment grammar (`#`, `//` and `/* */` comments):
//! - `chkmate:ignore ID[,ID...] [exp:YYYY-MM-DD] [reason]`. An ID starts with a
//!   letter and contains a digit (`SEC017`, `COST001`); it may carry an instance
//!   filter, `SEC017["web"]` or `SEC017[0]`, compared with the resource's own
//!   `count`/`for_each` key. A comment without an ID suppresses nothing (there is
//!   no blanket ignore) and produces a warning.
//! - `checkov:skip=CKV_AWS_24[,CKV_...][:reason]`
//! - `tfsec:ignore:ID[:exp:YYYY-MM-DD]` and `trivy:ignore:ID[:exp:YYYY-MM-DD]`,
//!   where ID is a long ID (`aws-ec2-no-public-ingress-sgr`) or an AVD ID
//!   (`AVD-AWS-0107`, also written `AWS-0107`). Their `[attribute=value]` filters
//!   are not supported: such a comment suppresses nothing and produces a warning.
//!
//! Foreign IDs that the table does not map are ignored without a warning. An
//! expired suppression (`exp:` before today) does not apply and produces a
//! warning; so does an unparsable date.

use crate::finding::{Finding, Suppression, SuppressionKind};
use crate::source::{FileId, SourceFile, SourceMap, Span};
use crate::terraform::model::{Diagnostic, InstanceKey, Resource};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::sync::OnceLock;

/// The diagnostic kind of every warning this module produces.
pub const WARNING_KIND: &str = "suppression";

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

/// A calendar date (proleptic Gregorian, no time zone), as written in `exp:`.
/// Ordered chronologically.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// A valid date, or `None` (month 1–12, day within the month, leap years).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// Parses exactly `YYYY-MM-DD` (four-digit year, two-digit month and day).
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        Date::new(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
    }

    /// Today's date in UTC, from the system clock.
    pub fn today() -> Date {
        let secs = match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_secs() as i64,
            Err(e) => -(e.duration().as_secs() as i64),
        };
        Date::from_days_since_epoch(secs.div_euclid(86_400))
    }

    /// The date `days` days after 1970-01-01 (negative: before).
    pub fn from_days_since_epoch(days: i64) -> Date {
        // Shift the epoch to 0000-03-01 so that leap days fall at the end of a
        // (March-based) year, then split into 400-year eras of 146097 days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_index = (5 * day_of_year + 2) / 153; // 0 = March
        let day = day_of_year - (153 * month_index + 2) / 5 + 1;
        let month = if month_index < 10 {
            month_index + 3
        } else {
            month_index - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date {
            year: year as i32,
            month: month as u8,
            day: day as u8,
        }
    }

    /// Days since 1970-01-01 (the inverse of [`Date::from_days_since_epoch`]).
    pub fn days_since_epoch(self) -> i64 {
        let month = i64::from(self.month);
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year.rem_euclid(400);
        let month_index = if month > 2 { month - 3 } else { month + 9 };
        let day_of_year = (153 * month_index + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    pub fn day(self) -> u32 {
        u32::from(self.day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

// ---------------------------------------------------------------------------
// The compatibility table
// ---------------------------------------------------------------------------

/// Which scanner's comment form a suppression was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tool {
    Chkmate,
    Checkov,
    Tfsec,
    Trivy,
}

impl Tool {
    pub fn as_str(self) -> &'static str {
        match self {
            Tool::Chkmate => "chkmate",
            Tool::Checkov => "checkov",
            Tool::Tfsec => "tfsec",
            Tool::Trivy => "trivy",
        }
    }
}

/// How well a foreign check's meaning matches the chkmate policies it maps to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Coverage {
    /// The same problem.
    Exact,
    /// The chkmate policy is broader or narrower (e.g. SEC002 covers every
    /// administrative port, CKV_AWS_24 only port 22): the foreign suppression
    /// suppresses the whole chkmate policy on that resource.
    Partial,
}

/// One row of `policies/compat.yaml`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompatEntry {
    /// Foreign IDs with the same meaning (aliases of one check).
    pub ids: Vec<String>,
    /// The chkmate policies a suppression of these IDs suppresses.
    pub chkmate: Vec<String>,
    pub coverage: Coverage,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CompatFile {
    version: u32,
    #[serde(default)]
    checkov: Vec<CompatEntry>,
    #[serde(default)]
    tfsec_trivy: Vec<CompatEntry>,
}

/// The mapping from Checkov, tfsec and Trivy check IDs to chkmate policy IDs.
#[derive(Clone, Debug, Default)]
pub struct CompatTable {
    checkov: HashMap<String, CompatEntry>,
    /// tfsec and Trivy share one namespace (Aqua's rule IDs and AVD IDs).
    tfsec_trivy: HashMap<String, CompatEntry>,
}

/// The shipped table, as text.
pub const COMPAT_YAML: &str = include_str!("../policies/compat.yaml");

impl CompatTable {
    /// Parses a table in the `policies/compat.yaml` format.
    pub fn parse(text: &str) -> Result<CompatTable, String> {
        let file: CompatFile = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
        if file.version != 1 {
            return Err(format!("unsupported compat table version {}", file.version));
        }
        let mut table = CompatTable::default();
        for (entries, map) in [
            (file.checkov, &mut table.checkov),
            (file.tfsec_trivy, &mut table.tfsec_trivy),
        ] {
            for entry in entries {
                if entry.ids.is_empty() || entry.chkmate.is_empty() {
                    return Err(format!(
                        "compat entry {:?} needs at least one foreign id and one chkmate id",
                        entry.ids
                    ));
                }
                for id in &entry.ids {
                    let key = normalize_foreign_id(id);
                    if map.insert(key, entry.clone()).is_some() {
                        return Err(format!("foreign id `{id}` is mapped twice"));
                    }
                }
            }
        }
        Ok(table)
    }

    /// The table shipped with chkmate (`policies/compat.yaml`, embedded).
    pub fn embedded() -> &'static CompatTable {
        static TABLE: OnceLock<CompatTable> = OnceLock::new();
        // The embedded table is checked by a unit test; should it ever fail to
        // parse, foreign comments are simply not honoured.
        TABLE.get_or_init(|| CompatTable::parse(COMPAT_YAML).unwrap_or_default())
    }

    /// The entry for a foreign ID written in a `tool` comment (case-insensitive;
    /// Trivy's `AWS-0107` and `AVD-AWS-0107` are the same ID).
    pub fn lookup(&self, tool: Tool, id: &str) -> Option<&CompatEntry> {
        let key = normalize_foreign_id(id);
        match tool {
            Tool::Checkov => self.checkov.get(&key),
            Tool::Tfsec | Tool::Trivy => self.tfsec_trivy.get(&key),
            Tool::Chkmate => None,
        }
    }

    /// Every chkmate policy ID the table maps to (sorted, de-duplicated).
    pub fn chkmate_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .checkov
            .values()
            .chain(self.tfsec_trivy.values())
            .flat_map(|e| e.chkmate.iter().cloned())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// Foreign IDs (as written in the table) that map to `policy_id`, per tool
    /// family: `(checkov, tfsec/trivy)`.
    pub fn foreign_ids_for(&self, policy_id: &str) -> (Vec<String>, Vec<String>) {
        let collect = |map: &HashMap<String, CompatEntry>| {
            let mut v: Vec<String> = map
                .values()
                .filter(|e| e.chkmate.iter().any(|c| c.eq_ignore_ascii_case(policy_id)))
                .flat_map(|e| e.ids.iter().cloned())
                .collect();
            v.sort();
            v.dedup();
            v
        };
        (collect(&self.checkov), collect(&self.tfsec_trivy))
    }
}

/// Lower-cases a foreign ID and writes Trivy's short `AWS-0107` form as
/// `avd-aws-0107`.
fn normalize_foreign_id(id: &str) -> String {
    let lower = id.trim().to_ascii_lowercase();
    let short_avd = lower.split_once('-').is_some_and(|(provider, num)| {
        !provider.is_empty()
            && provider.bytes().all(|c| c.is_ascii_lowercase())
            && num.len() == 4
            && num.bytes().all(|c| c.is_ascii_digit())
    });
    if short_avd {
        format!("avd-{lower}")
    } else {
        lower
    }
}

// ---------------------------------------------------------------------------
// Directives: what one comment says
// ---------------------------------------------------------------------------

/// One suppression written in a comment (a comment can hold several).
#[derive(Clone, Debug, PartialEq)]
pub struct Directive {
    pub tool: Tool,
    /// The ID as written (`SEC017`, `CKV_AWS_24`, `AVD-AWS-0107`).
    pub id: String,
    /// The chkmate policies it suppresses (upper case). Empty for a foreign ID
    /// the compat table does not map.
    pub policy_ids: Vec<String>,
    /// Set for foreign IDs: how well the mapping matches.
    pub coverage: Option<Coverage>,
    /// `SEC017["web"]`: only that instance of the resource.
    pub instance: Option<InstanceKey>,
    pub reason: Option<String>,
    pub expires: Option<Date>,
    /// Why the directive cannot apply (bad date, no ID, unsupported filter).
    pub problem: Option<String>,
}

impl Directive {
    /// The directive as a user would recognise it: `chkmate:ignore SEC017`,
    /// `checkov:skip=CKV_AWS_24`, `tfsec:ignore:aws-...`.
    pub fn origin(&self) -> String {
        match self.tool {
            Tool::Chkmate => format!("chkmate:ignore {}", self.id),
            Tool::Checkov => format!("checkov:skip={}", self.id),
            Tool::Tfsec => format!("tfsec:ignore:{}", self.id),
            Tool::Trivy => format!("trivy:ignore:{}", self.id),
        }
    }

    fn matches(&self, policy_id: &str, instance: Option<&InstanceKey>) -> bool {
        if !self
            .policy_ids
            .iter()
            .any(|p| p.eq_ignore_ascii_case(policy_id))
        {
            return false;
        }
        match &self.instance {
            None => true,
            Some(want) => instance == Some(want),
        }
    }

    fn is_expired(&self, today: Date) -> bool {
        self.expires.is_some_and(|e| e < today)
    }

    fn suppression(&self) -> Suppression {
        let reason = match self.tool {
            Tool::Chkmate => self.reason.clone(),
            _ => {
                let partial = if self.coverage == Some(Coverage::Partial) {
                    ", partial match"
                } else {
                    ""
                };
                let mapped = format!(
                    "{} (as {}{partial})",
                    self.origin(),
                    self.policy_ids.join(", ")
                );
                Some(match &self.reason {
                    Some(r) => format!("{r} [{mapped}]"),
                    None => mapped,
                })
            }
        };
        Suppression {
            kind: SuppressionKind::Inline,
            reason,
            expires: self.expires.map(|d| d.to_string()),
        }
    }
}

const MARKERS: [(&str, Tool); 4] = [
    ("chkmate:ignore", Tool::Chkmate),
    ("checkov:skip=", Tool::Checkov),
    ("tfsec:ignore:", Tool::Tfsec),
    ("trivy:ignore:", Tool::Trivy),
];

/// Parses the text of one comment (with or without its `#`, `//`, `/* */`
/// delimiters) into the suppressions it contains. Foreign IDs that `table` does
/// not map are dropped.
pub fn parse_comment(text: &str, table: &CompatTable) -> Vec<Directive> {
    let text = strip_comment_delimiters(text);
    let lower = text.to_ascii_lowercase();
    // Every marker occurrence that starts a word.
    let mut found: Vec<(usize, usize, Tool)> = Vec::new();
    for (marker, tool) in MARKERS {
        let mut from = 0;
        while let Some(pos) = lower.get(from..).and_then(|s| s.find(marker)) {
            let at = from + pos;
            let starts_word = at == 0
                || lower[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| !c.is_alphanumeric() && c != '_');
            if starts_word {
                found.push((at, at + marker.len(), tool));
            }
            from = at + marker.len();
        }
    }
    found.sort_by_key(|f| f.0);
    let mut out = Vec::new();
    for (i, &(_, body_start, tool)) in found.iter().enumerate() {
        let body_end = found.get(i + 1).map(|f| f.0).unwrap_or(text.len());
        let body = text.get(body_start..body_end).unwrap_or("");
        match tool {
            Tool::Chkmate => out.extend(parse_chkmate(body)),
            Tool::Checkov => out.extend(parse_checkov(body, table)),
            Tool::Tfsec | Tool::Trivy => out.extend(parse_aquasec(tool, body, table)),
        }
    }
    out
}

fn strip_comment_delimiters(text: &str) -> &str {
    let t = text.trim();
    if let Some(rest) = t.strip_prefix("/*") {
        return rest.strip_suffix("*/").unwrap_or(rest);
    }
    if let Some(rest) = t.strip_prefix("//") {
        return rest;
    }
    t.strip_prefix('#').unwrap_or(t)
}

/// Reads `ID` or `ID[key]` at the start of `s`; returns the ID, the raw filter
/// and the rest. An ID is `[A-Za-z][A-Za-z0-9_.-]*`.
fn take_id<'s>(s: &'s str, extra: &[char]) -> Option<(&'s str, Option<&'s str>, &'s str)> {
    let first = s.chars().next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let end = s
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_' || extra.contains(&c)))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    let (id, rest) = s.split_at(end);
    if let Some(after) = rest.strip_prefix('[') {
        return match after.find(']') {
            Some(close) => Some((id, Some(&after[..close]), &after[close + 1..])),
            // Unterminated filter: the whole rest is the filter.
            None => Some((id, Some(after), "")),
        };
    }
    Some((id, None, rest))
}

fn parse_instance_filter(raw: &str) -> Option<InstanceKey> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    if t.starts_with('"') {
        return serde_json::from_str::<String>(t).ok().map(InstanceKey::Str);
    }
    if let Ok(i) = t.parse::<i64>() {
        return Some(InstanceKey::Int(i));
    }
    if t.chars()
        .all(|c| c.is_ascii_alphanumeric() || "_-./".contains(c))
    {
        return Some(InstanceKey::Str(t.to_string()));
    }
    None
}

fn parse_chkmate(body: &str) -> Vec<Directive> {
    // `chkmate:ignored` is not the marker.
    if body
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
    {
        return Vec::new();
    }
    let mut rest = body.trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '=');
    let mut ids: Vec<(String, Option<InstanceKey>, Option<String>)> = Vec::new();
    while let Some((id, filter, after)) = take_id(rest, &['-', '.']) {
        if !id.bytes().any(|c| c.is_ascii_digit()) {
            break;
        }
        let mut problem = None;
        let instance = match filter {
            None => None,
            Some(raw) => match parse_instance_filter(raw) {
                Some(k) => Some(k),
                None => {
                    problem = Some(format!(
                        "invalid instance filter `[{raw}]` (expected [\"key\"] or [0])"
                    ));
                    None
                }
            },
        };
        ids.push((id.to_ascii_uppercase(), instance, problem));
        let trimmed = after.trim_start();
        match trimmed.strip_prefix(',') {
            Some(next) => rest = next.trim_start(),
            None => {
                rest = after;
                break;
            }
        }
    }
    let mut expires = None;
    let mut date_problem = None;
    let mut words = Vec::new();
    for word in rest.split_whitespace() {
        let lower = word.to_ascii_lowercase();
        let date = lower
            .strip_prefix("exp:")
            .or_else(|| lower.strip_prefix("expires:"));
        match date {
            Some(d) => match Date::parse(d) {
                Some(parsed) => expires = Some(parsed),
                None => {
                    date_problem =
                        Some(format!("invalid expiry `{word}` (expected exp:YYYY-MM-DD)"))
                }
            },
            None => words.push(word),
        }
    }
    let reason = clean_reason(&words.join(" "));
    if ids.is_empty() {
        return vec![Directive {
            tool: Tool::Chkmate,
            id: String::new(),
            policy_ids: Vec::new(),
            coverage: None,
            instance: None,
            reason,
            expires,
            problem: Some(
                "`chkmate:ignore` names no policy ID (write e.g. `chkmate:ignore SEC017 reason`)"
                    .to_string(),
            ),
        }];
    }
    ids.into_iter()
        .map(|(id, instance, problem)| Directive {
            tool: Tool::Chkmate,
            policy_ids: vec![id.clone()],
            id,
            coverage: None,
            instance,
            reason: reason.clone(),
            expires,
            problem: problem.or_else(|| date_problem.clone()),
        })
        .collect()
}

fn clean_reason(s: &str) -> Option<String> {
    let t = s
        .trim()
        .trim_start_matches(|c: char| {
            c == '-' || c == ':' || c == '—' || c == '–' || c.is_whitespace()
        })
        .trim();
    if t.is_empty() {
        None
    } else {
        Some(t.to_string())
    }
}

fn parse_checkov(body: &str, table: &CompatTable) -> Vec<Directive> {
    let body = body.trim_start();
    let mut ids = Vec::new();
    let mut rest = body;
    while let Some((id, _filter, after)) = take_id(rest, &[]) {
        ids.push(id);
        match after.strip_prefix(',') {
            Some(next) => rest = next.trim_start(),
            None => {
                rest = after;
                break;
            }
        }
    }
    let reason = clean_reason(rest.strip_prefix(':').unwrap_or(rest));
    ids.into_iter()
        .filter_map(|id| {
            let entry = table.lookup(Tool::Checkov, id)?;
            Some(Directive {
                tool: Tool::Checkov,
                id: id.to_string(),
                policy_ids: upper(&entry.chkmate),
                coverage: Some(entry.coverage),
                instance: None,
                reason: reason.clone(),
                expires: None,
                problem: None,
            })
        })
        .collect()
}

fn parse_aquasec(tool: Tool, body: &str, table: &CompatTable) -> Vec<Directive> {
    let Some((id, filter, after)) = take_id(body, &['-']) else {
        return Vec::new();
    };
    let Some(entry) = table.lookup(tool, id) else {
        return Vec::new();
    };
    let mut rest = after;
    let mut expires = None;
    let mut problem = filter.map(|f| {
        format!(
            "the `[{f}]` filter of {} comments is not supported",
            tool.as_str()
        )
    });
    if let Some(exp) = rest.strip_prefix(":exp:") {
        let date: String = exp.chars().take_while(|c| !c.is_whitespace()).collect();
        match Date::parse(&date) {
            Some(d) => expires = Some(d),
            None => {
                problem.get_or_insert_with(|| {
                    format!("invalid expiry `exp:{date}` (expected exp:YYYY-MM-DD)")
                });
            }
        }
        rest = &exp[date.len()..];
    }
    Some(Directive {
        tool,
        id: id.to_string(),
        policy_ids: upper(&entry.chkmate),
        coverage: Some(entry.coverage),
        instance: None,
        reason: clean_reason(rest),
        expires,
        problem,
    })
    .into_iter()
    .collect()
}

fn upper(ids: &[String]) -> Vec<String> {
    ids.iter().map(|s| s.trim().to_ascii_uppercase()).collect()
}

// ---------------------------------------------------------------------------
// Lexical scan of one HCL file: comments, line kinds, brace pairs
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum LineKind {
    Blank,
    Comment,
    Code,
}

#[derive(Clone, Debug)]
struct Comment {
    start: usize,
    end: usize,
    /// 1-based line the comment starts on.
    line: u32,
    /// Nothing but whitespace before it on its line.
    own_line: bool,
}

/// What the directive logic needs to know about a file's layout.
#[derive(Debug, Default)]
struct Layout {
    comments: Vec<Comment>,
    /// Kind of each line; index = line - 1.
    lines: Vec<LineKind>,
    /// Matching `{` `}` offsets outside strings and comments, sorted by `{`.
    pairs: Vec<(usize, usize)>,
    /// The pairs at nesting depth 0 (top-level blocks), sorted.
    top: Vec<(usize, usize)>,
}

enum Ctx {
    /// Inside a quoted template string.
    Quoted,
    /// Inside `${ ... }` / `%{ ... }` with this many open braces of its own.
    Interp(u32),
}

/// Scans HCL source text. Tolerant of invalid input: unterminated strings end at
/// the line end, unterminated comments and heredocs at the end of the file.
fn scan_layout(text: &str) -> Layout {
    let b = text.as_bytes();
    let n = b.len();
    let mut out = Layout {
        lines: vec![LineKind::Blank],
        ..Layout::default()
    };
    let mut line: u32 = 1;
    let mut stack: Vec<Ctx> = Vec::new();
    let mut open: Vec<(usize, bool)> = Vec::new();
    let mut i = 0usize;

    fn mark(lines: &mut [LineKind], line: u32, kind: LineKind) {
        if let Some(k) = lines.get_mut(line as usize - 1) {
            if kind > *k {
                *k = kind;
            }
        }
    }
    fn newline(lines: &mut Vec<LineKind>, line: &mut u32) {
        *line += 1;
        lines.push(LineKind::Blank);
    }

    while i < n {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == b'\n' {
            if matches!(stack.last(), Some(Ctx::Quoted)) {
                // A quoted string cannot span lines: recover at the line end.
                stack.pop();
            }
            newline(&mut out.lines, &mut line);
            i += 1;
            continue;
        }
        if matches!(stack.last(), Some(Ctx::Quoted)) {
            mark(&mut out.lines, line, LineKind::Code);
            match c {
                b'\\' => i += if next == Some(b'\n') { 1 } else { 2 },
                b'"' => {
                    stack.pop();
                    i += 1;
                }
                b'$' | b'%' if next == Some(c) && b.get(i + 2) == Some(&b'{') => i += 3,
                b'$' | b'%' if next == Some(b'{') => {
                    stack.push(Ctx::Interp(0));
                    i += 2;
                }
                _ => i += 1,
            }
            continue;
        }
        // Code (body level or inside an interpolation).
        if c == b'#' || (c == b'/' && next == Some(b'/')) {
            let end = text[i..].find('\n').map(|p| i + p).unwrap_or(n);
            let own_line = out.lines.get(line as usize - 1) != Some(&LineKind::Code);
            out.comments.push(Comment {
                start: i,
                end,
                line,
                own_line,
            });
            mark(&mut out.lines, line, LineKind::Comment);
            i = end;
            continue;
        }
        if c == b'/' && next == Some(b'*') {
            let end = text[i + 2..].find("*/").map(|p| i + 2 + p + 2).unwrap_or(n);
            let own_line = out.lines.get(line as usize - 1) != Some(&LineKind::Code);
            out.comments.push(Comment {
                start: i,
                end,
                line,
                own_line,
            });
            mark(&mut out.lines, line, LineKind::Comment);
            for &ch in &b[i..end] {
                if ch == b'\n' {
                    newline(&mut out.lines, &mut line);
                    mark(&mut out.lines, line, LineKind::Comment);
                }
            }
            i = end;
            continue;
        }
        if c == b'"' {
            mark(&mut out.lines, line, LineKind::Code);
            stack.push(Ctx::Quoted);
            i += 1;
            continue;
        }
        if c == b'<' && next == Some(b'<') {
            if let Some((marker, body_start)) = heredoc_opener(b, i) {
                // Skip the heredoc body up to its closing marker line.
                mark(&mut out.lines, line, LineKind::Code);
                let mut pos = body_start;
                loop {
                    newline(&mut out.lines, &mut line);
                    let end = text[pos..].find('\n').map(|p| pos + p).unwrap_or(n);
                    mark(&mut out.lines, line, LineKind::Code);
                    if text[pos..end].trim() == marker || end >= n {
                        i = end;
                        break;
                    }
                    pos = end + 1;
                }
                continue;
            }
        }
        match c {
            b'{' => {
                mark(&mut out.lines, line, LineKind::Code);
                match stack.last_mut() {
                    Some(Ctx::Interp(depth)) => *depth += 1,
                    _ => open.push((i, open.is_empty())),
                }
            }
            b'}' => {
                mark(&mut out.lines, line, LineKind::Code);
                match stack.last_mut() {
                    Some(Ctx::Interp(0)) => {
                        stack.pop();
                    }
                    Some(Ctx::Interp(depth)) => *depth -= 1,
                    _ => {
                        if let Some((o, top)) = open.pop() {
                            out.pairs.push((o, i));
                            if top {
                                out.top.push((o, i));
                            }
                        }
                    }
                }
            }
            _ if !c.is_ascii_whitespace() => mark(&mut out.lines, line, LineKind::Code),
            _ => {}
        }
        i += 1;
    }
    out.pairs.sort_unstable();
    out.top.sort_unstable();
    out
}

/// `<<EOT` / `<<-EOT` followed by a line end: the marker and the offset just
/// after the newline.
fn heredoc_opener(b: &[u8], at: usize) -> Option<(String, usize)> {
    let mut j = at + 2;
    if b.get(j) == Some(&b'-') {
        j += 1;
    }
    let start = j;
    while let Some(&c) = b.get(j) {
        let ok = if j == start {
            c.is_ascii_alphabetic() || c == b'_'
        } else {
            c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
        };
        if !ok {
            break;
        }
        j += 1;
    }
    if j == start {
        return None;
    }
    let marker = String::from_utf8_lossy(&b[start..j]).to_string();
    while matches!(b.get(j), Some(b' ') | Some(b'\t') | Some(b'\r')) {
        j += 1;
    }
    if b.get(j) == Some(&b'\n') {
        Some((marker, j + 1))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------
// Index of the directives of every loaded file
// ---------------------------------------------------------------------------

/// A directive and where it was written.
#[derive(Clone, Debug)]
pub struct PlacedDirective {
    pub directive: Directive,
    /// The comment that holds it.
    pub span: Span,
    /// 1-based line of the comment.
    pub line: u32,
    /// The comment is alone on its line (only whitespace before it).
    pub own_line: bool,
}

struct FileDirectives<'a> {
    file: &'a SourceFile,
    layout: Layout,
    directives: Vec<PlacedDirective>,
    /// Comment start line → indices into `directives`.
    by_line: BTreeMap<u32, Vec<usize>>,
}

impl FileDirectives<'_> {
    fn line_of(&self, offset: usize) -> u32 {
        self.file.line_col(offset as u32).0
    }

    fn kind(&self, line: u32) -> LineKind {
        self.layout
            .lines
            .get((line as usize).wrapping_sub(1))
            .copied()
            .unwrap_or(LineKind::Blank)
    }

    /// Directives on lines `from..=to`.
    fn in_lines(&self, from: u32, to: u32, out: &mut Vec<usize>) {
        for (_, idx) in self.by_line.range(from..=to) {
            out.extend(idx.iter().copied());
        }
    }

    /// Directives in own-line comments on the unbroken run of comment-only
    /// lines directly above `line`.
    fn above(&self, line: u32, out: &mut Vec<usize>) {
        let mut l = line.saturating_sub(1);
        while l >= 1 && self.kind(l) == LineKind::Comment {
            if let Some(idx) = self.by_line.get(&l) {
                out.extend(
                    idx.iter()
                        .copied()
                        .filter(|&i| self.directives.get(i).is_some_and(|d| d.own_line)),
                );
            }
            l -= 1;
        }
    }

    /// The lines of the block whose header starts at `offset`: from the header
    /// line to the line of its closing brace.
    fn block_lines(&self, offset: usize, fallback_end: usize) -> (u32, u32) {
        let header = self.line_of(offset);
        let idx = self.layout.pairs.partition_point(|&(o, _)| o < offset);
        let close = match self.layout.pairs.get(idx) {
            Some(&(_, close)) => close,
            None => fallback_end,
        };
        (header, self.line_of(close).max(header))
    }

    /// The top-level block containing `offset`: (header line, closing line).
    fn enclosing_top(&self, offset: usize) -> Option<(u32, u32)> {
        let idx = self.layout.top.partition_point(|&(o, _)| o <= offset);
        let &(open, close) = self.layout.top.get(idx.checked_sub(1)?)?;
        if offset > close {
            return None;
        }
        // The header is the line of the block's first label, which is the
        // line of its `{` in any formatted file.
        Some((self.line_of(open), self.line_of(close)))
    }

    /// Every directive in or directly above the block starting at `offset`.
    fn block_scope(&self, offset: usize, fallback_end: usize, out: &mut Vec<usize>) {
        let (from, to) = self.block_lines(offset, fallback_end);
        self.in_lines(from, to, out);
        self.above(from, out);
    }
}

/// The suppression comments of every loaded `.tf` file.
pub struct InlineIndex<'a> {
    files: HashMap<FileId, FileDirectives<'a>>,
}

impl<'a> InlineIndex<'a> {
    /// Scans every HCL file of `sources` (plan JSON and `.tf.json` files have no
    /// comments) for suppression comments.
    pub fn build(sources: &'a SourceMap, table: &CompatTable) -> InlineIndex<'a> {
        let mut files = HashMap::new();
        for (id, file) in sources.files() {
            let name = file.path.to_string_lossy();
            if name.ends_with(".json") {
                continue;
            }
            let lower = file.text.to_ascii_lowercase();
            if !MARKERS.iter().any(|(m, _)| lower.contains(m)) {
                continue;
            }
            let layout = scan_layout(&file.text);
            let mut directives = Vec::new();
            let mut by_line: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
            for c in &layout.comments {
                let Some(text) = file.text.get(c.start..c.end) else {
                    continue;
                };
                for directive in parse_comment(text, table) {
                    by_line.entry(c.line).or_default().push(directives.len());
                    directives.push(PlacedDirective {
                        directive,
                        span: Span::new(id, c.start..c.end),
                        line: c.line,
                        own_line: c.own_line,
                    });
                }
            }
            if !directives.is_empty() {
                files.insert(
                    id,
                    FileDirectives {
                        file,
                        layout,
                        directives,
                        by_line,
                    },
                );
            }
        }
        InlineIndex { files }
    }

    /// Every directive found, in file order.
    pub fn directives(&self) -> Vec<&PlacedDirective> {
        let mut ids: Vec<&FileId> = self.files.keys().collect();
        ids.sort();
        ids.into_iter()
            .filter_map(|id| self.files.get(id))
            .flat_map(|f| f.directives.iter())
            .collect()
    }

    /// Warnings for directives that cannot apply: malformed, or expired before
    /// `today`.
    pub fn warnings(&self, today: Date) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        // A file loaded twice (two roots sharing a module) warns once.
        let mut seen: HashSet<(String, u32, String)> = HashSet::new();
        let mut ids: Vec<&FileId> = self.files.keys().collect();
        ids.sort();
        for f in ids.into_iter().filter_map(|id| self.files.get(id)) {
            for placed in &f.directives {
                let d = &placed.directive;
                let message = if let Some(problem) = &d.problem {
                    format!("suppression ignored: {problem}")
                } else if let Some(exp) = d.expires.filter(|_| d.is_expired(today)) {
                    format!(
                        "suppression `{}` expired on {exp}; the findings it covered are reported again",
                        d.origin()
                    )
                } else {
                    continue;
                };
                let key = (
                    f.file.path.to_string_lossy().to_string(),
                    placed.line,
                    message.clone(),
                );
                if seen.insert(key) {
                    out.push(Diagnostic::warning(
                        WARNING_KIND,
                        message,
                        Some(placed.span),
                    ));
                }
            }
        }
        out
    }

    /// The suppression for one finding, if a valid, unexpired directive covers
    /// it. `resource` is the resource instance the finding is about, when known.
    pub fn suppression_for(
        &self,
        finding: &Finding,
        resource: Option<&Resource>,
        today: Date,
    ) -> Option<Suppression> {
        let instance_from_address;
        let instance = match resource {
            Some(r) => r.index.as_ref(),
            None => {
                instance_from_address = trailing_instance_key(&finding.resource_address);
                instance_from_address.as_ref()
            }
        };
        let mut candidates: Vec<(FileId, usize)> = Vec::new();
        if let Some(r) = resource {
            let blocks = r
                .span
                .iter()
                .chain(r.module_chain.iter().filter_map(|m| m.span.as_ref()));
            for span in blocks {
                if let Some(f) = self.files.get(&span.file) {
                    let mut idx = Vec::new();
                    f.block_scope(span.start as usize, span.end as usize, &mut idx);
                    candidates.extend(idx.into_iter().map(|i| (span.file, i)));
                }
            }
        }
        if let Some(span) = finding.span {
            if let Some(f) = self.files.get(&span.file) {
                let offset = span.start as usize;
                let line = f.line_of(offset);
                let mut idx = Vec::new();
                f.in_lines(line, line, &mut idx);
                f.above(line, &mut idx);
                if let Some((from, to)) = f.enclosing_top(offset) {
                    f.in_lines(from, to, &mut idx);
                    f.above(from, &mut idx);
                }
                candidates.extend(idx.into_iter().map(|i| (span.file, i)));
            }
        }
        let mut seen = HashSet::new();
        candidates
            .into_iter()
            .filter(|c| seen.insert(*c))
            .filter_map(|(file, i)| self.files.get(&file)?.directives.get(i))
            .map(|p| &p.directive)
            .find(|d| {
                d.problem.is_none()
                    && !d.is_expired(today)
                    && d.matches(&finding.policy_id, instance)
            })
            .map(Directive::suppression)
    }
}

/// `["a"]` / `[0]` at the end of an address.
fn trailing_instance_key(address: &str) -> Option<InstanceKey> {
    let body = address.strip_suffix(']')?;
    let open = body.rfind('[')?;
    parse_instance_filter(&body[open + 1..])
}

/// Marks findings covered by inline suppression comments as suppressed
/// ([`SuppressionKind::Inline`]) and returns warnings for malformed and expired
/// suppressions.
///
/// A finding is linked to its resource by `resource_address`. When several
/// loaded roots hold a resource with that address, the one whose block contains
/// the finding's span (else the one in the same file) is used; when that is
/// still ambiguous only the finding's own location is considered. Findings that
/// are already suppressed are left as they are.
pub fn apply_inline(
    findings: &mut [Finding],
    resources: &[Resource],
    sources: &SourceMap,
    today: Date,
) -> Vec<Diagnostic> {
    let index = InlineIndex::build(sources, CompatTable::embedded());
    let warnings = index.warnings(today);
    if index.files.is_empty() {
        return warnings;
    }
    let mut by_address: HashMap<&str, Vec<&Resource>> = HashMap::new();
    for r in resources {
        by_address.entry(r.address.as_str()).or_default().push(r);
    }
    for finding in findings.iter_mut() {
        if finding.suppressed.is_some() {
            continue;
        }
        let candidates = by_address
            .get(finding.resource_address.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let resource = pick_resource(candidates, finding.span);
        if let Some(s) = index.suppression_for(finding, resource, today) {
            finding.suppressed = Some(s);
        }
    }
    warnings
}

fn pick_resource<'r>(candidates: &[&'r Resource], span: Option<Span>) -> Option<&'r Resource> {
    match candidates {
        [] => None,
        [one] => Some(*one),
        many => {
            let span = span?;
            // The resource whose block holds the finding's span.
            let containing: Vec<&'r Resource> = many
                .iter()
                .copied()
                .filter(|r| {
                    r.span.is_some_and(|rs| {
                        rs.file == span.file && rs.start <= span.start && span.start <= rs.end
                    })
                })
                .collect();
            if containing.len() == 1 {
                return containing.first().copied();
            }
            let same_file: Vec<&'r Resource> = many
                .iter()
                .copied()
                .filter(|r| r.span.is_some_and(|rs| rs.file == span.file))
                .collect();
            if same_file.len() == 1 {
                same_file.first().copied()
            } else {
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{fingerprint, Category, FixInfo, Severity};
    use crate::source::SourceFile;

    fn table() -> &'static CompatTable {
        CompatTable::embedded()
    }

    #[test]
    fn embedded_compat_table_parses() {
        let t = CompatTable::parse(COMPAT_YAML).expect("policies/compat.yaml parses");
        assert!(t.lookup(Tool::Checkov, "CKV_AWS_24").is_some());
        assert!(t.lookup(Tool::Trivy, "AVD-AWS-0107").is_some());
        assert!(t.lookup(Tool::Trivy, "aws-0107").is_some());
        assert!(t
            .lookup(Tool::Tfsec, "AWS-EC2-NO-PUBLIC-INGRESS-SGR")
            .is_some());
        assert!(t.lookup(Tool::Checkov, "AVD-AWS-0107").is_none());
        assert!(t.lookup(Tool::Checkov, "CKV_AWS_999999").is_none());
        for id in t.chkmate_ids() {
            let digits = id.trim_start_matches(|c: char| c.is_ascii_uppercase());
            assert!(
                (id.starts_with("SEC") || id.starts_with("COST") || id.starts_with("REL"))
                    && digits.len() == 3
                    && digits.bytes().all(|c| c.is_ascii_digit()),
                "malformed chkmate id {id}"
            );
        }
    }

    #[test]
    fn compat_table_rejects_duplicates_and_unknown_keys() {
        let dup = "version: 1\ncheckov:\n  - {ids: [A1], chkmate: [SEC001], coverage: exact}\n  - {ids: [a1], chkmate: [SEC002], coverage: exact}\n";
        assert!(CompatTable::parse(dup).unwrap_err().contains("twice"));
        let unknown =
            "version: 1\ncheckov:\n  - {ids: [A1], chkmate: [SEC001], coverage: exact, extra: 1}\n";
        assert!(CompatTable::parse(unknown).is_err());
        assert!(CompatTable::parse("version: 2\n").is_err());
    }

    #[test]
    fn dates_parse_validate_and_order() {
        assert_eq!(
            Date::parse("2024-02-29").map(|d| d.to_string()),
            Some("2024-02-29".into())
        );
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2000-02-29").map(|d| d.day()), Some(29));
        assert_eq!(Date::parse("1900-02-29"), None);
        assert_eq!(Date::parse("2024-13-01"), None);
        assert_eq!(Date::parse("2024-04-31"), None);
        assert_eq!(Date::parse("2024-1-01"), None);
        assert_eq!(Date::parse("2024-01-01x"), None);
        assert_eq!(Date::parse("+024-01-01"), None);
        assert_eq!(Date::parse("２０２４-01-01"), None);
        assert!(Date::parse("2024-01-31") < Date::parse("2024-02-01"));
        assert!(Date::parse("2023-12-31") < Date::parse("2024-01-01"));
    }

    #[test]
    fn civil_date_conversion_round_trips() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days_since_epoch(-1).to_string(), "1969-12-31");
        assert_eq!(
            Date::from_days_since_epoch(11_016).to_string(),
            "2000-02-29"
        );
        assert_eq!(
            Date::from_days_since_epoch(19_782).to_string(),
            "2024-02-29"
        );
        assert_eq!(
            Date::from_days_since_epoch(20_089).to_string(),
            "2025-01-01"
        );
        for days in (-800_000..800_000).step_by(97) {
            let d = Date::from_days_since_epoch(days);
            assert_eq!(d.days_since_epoch(), days, "{d}");
            assert_eq!(
                Date::parse(&d.to_string()).filter(|_| d.year() >= 0),
                if d.year() >= 0 && d.year() < 10_000 {
                    Some(d)
                } else {
                    None
                }
            );
        }
        // Consecutive days are consecutive dates.
        let mut prev = Date::from_days_since_epoch(-1000);
        for days in -999..1000 {
            let d = Date::from_days_since_epoch(days);
            assert!(d > prev);
            prev = d;
        }
        let today = Date::today();
        assert!(today.year() >= 2024, "system clock says {today}");
    }

    #[test]
    fn chkmate_comment_forms() {
        let d = parse_comment("# chkmate:ignore SEC017 public load balancer", table());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].policy_ids, vec!["SEC017"]);
        assert_eq!(d[0].reason.as_deref(), Some("public load balancer"));
        assert_eq!(d[0].expires, None);
        assert!(d[0].problem.is_none());

        let d = parse_comment(
            "// chkmate:ignore SEC002, sec017 exp:2030-01-31 -- temporary, ticket OPS-1",
            table(),
        );
        assert_eq!(d.len(), 2);
        assert_eq!(d[1].policy_ids, vec!["SEC017"]);
        assert_eq!(d[0].expires, Date::parse("2030-01-31"));
        assert_eq!(d[1].reason.as_deref(), Some("temporary, ticket OPS-1"));

        let d = parse_comment("/* chkmate:ignore SEC001[\"logs\"],SEC009[2] */", table());
        assert_eq!(d[0].instance, Some(InstanceKey::Str("logs".into())));
        assert_eq!(d[1].instance, Some(InstanceKey::Int(2)));
        assert_eq!(d[1].reason, None);

        let d = parse_comment("# chkmate:ignore because we said so", table());
        assert_eq!(d.len(), 1);
        assert!(d[0].policy_ids.is_empty());
        assert!(d[0]
            .problem
            .as_deref()
            .unwrap_or("")
            .contains("no policy ID"));

        let d = parse_comment("# chkmate:ignore SEC017 exp:2030-02-30 oops", table());
        assert!(d[0]
            .problem
            .as_deref()
            .unwrap_or("")
            .contains("invalid expiry"));

        assert!(parse_comment("# chkmate:ignored SEC017", table()).is_empty());
        assert!(parse_comment("# mychkmate:ignore SEC017", table()).is_empty());
        assert!(parse_comment("# plain comment", table()).is_empty());
    }

    #[test]
    fn foreign_comment_forms() {
        let d = parse_comment(
            "#checkov:skip=CKV_AWS_24:SSH from the bastion only",
            table(),
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].tool, Tool::Checkov);
        assert_eq!(d[0].policy_ids, vec!["SEC002"]);
        assert_eq!(d[0].reason.as_deref(), Some("SSH from the bastion only"));

        let d = parse_comment(
            "#tfsec:ignore:aws-ec2-no-public-ingress-sgr:exp:2031-05-01",
            table(),
        );
        assert_eq!(d[0].tool, Tool::Tfsec);
        assert_eq!(d[0].expires, Date::parse("2031-05-01"));
        assert!(d[0].policy_ids.contains(&"SEC002".to_string()));

        let d = parse_comment(
            "#trivy:ignore:AVD-AWS-0107 trivy:ignore:AVD-AWS-0164",
            table(),
        );
        assert_eq!(d.len(), 2);
        assert_eq!(d[1].policy_ids, vec!["SEC014"]);

        let d = parse_comment(
            "#tfsec:ignore:aws-ec2-no-public-ingress-sgr[from_port=22]",
            table(),
        );
        assert!(d[0].problem.is_some());

        // Unknown foreign IDs are ignored, not errors.
        assert!(parse_comment("#checkov:skip=CKV_AWS_999999:whatever", table()).is_empty());
        assert!(parse_comment("#trivy:ignore:AVD-AWS-9999", table()).is_empty());
        assert!(parse_comment("#tfsec:ignore:*", table()).is_empty());
    }

    #[test]
    fn layout_ignores_comment_markers_in_strings_and_heredocs() {
        let text = r#"resource "a" "b" {
  name = "x # chkmate:ignore SEC001 not a comment"
  tpl  = "${var.a}/${ {k = "}"}.k } // still string"
  doc  = <<-EOT
    # chkmate:ignore SEC002 inside heredoc
    }
  EOT
  # chkmate:ignore SEC003 real
}
"#;
        let l = scan_layout(text);
        assert_eq!(l.comments.len(), 1, "{:?}", l.comments);
        assert_eq!(l.comments[0].line, 8);
        assert_eq!(l.top.len(), 1);
        let (open, close) = l.top[0];
        assert_eq!(&text[open..=open], "{");
        assert_eq!(close, text.rfind('}').unwrap_or(0));
        assert_eq!(l.lines[7], LineKind::Comment);
        assert_eq!(l.lines[4], LineKind::Code);
    }

    #[test]
    fn layout_tolerates_broken_input() {
        for text in [
            "resource \"a\" \"b\" {\n  x = \"unterminated\n}\n",
            "/* never closed",
            "x = <<EOT\nno end",
            "}}}{{{",
            "\"${",
            "x = \"\\",
            "<<",
            "<<-",
            "#",
        ] {
            let _ = scan_layout(text);
        }
    }

    #[test]
    fn no_input_panics() {
        // Deterministic pseudo-random texts built from the tokens the lexer and
        // the directive parser care about, multibyte characters included.
        const TOKENS: [&str; 26] = [
            "\"",
            "\\",
            "${",
            "%{",
            "$${",
            "}",
            "{",
            "#",
            "//",
            "/*",
            "*/",
            "<<EOT\n",
            "<<-X\n",
            "EOT",
            "\n",
            "é",
            "日本",
            " ",
            "chkmate:ignore ",
            "SEC001",
            "[\"k\"]",
            "[",
            ",",
            "exp:2020-01-01",
            "checkov:skip=CKV_AWS_24:",
            "tfsec:ignore:aws-ec2-no-public-ingress-sgr:exp:",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let len = (next() % 40) as usize;
            let text: String = (0..len)
                .map(|_| TOKENS[(next() % TOKENS.len() as u64) as usize])
                .collect();
            let _ = scan_layout(&text);
            let _ = parse_comment(&text, table());
            let src = sources(&text);
            let n = text.len();
            let at = |x: u64| {
                if n == 0 {
                    0
                } else {
                    (x % (n as u64 + 1)) as usize
                }
            };
            let (a, b) = (at(next()), at(next()));
            let span = Span::new(0, a.min(b)..a.max(b));
            let mut r = resource("aws_security_group.web[\"k\"]", span);
            r.index = Some(InstanceKey::Str("k".into()));
            let mut findings = vec![finding(
                "SEC001",
                "aws_security_group.web[\"k\"]",
                Some(span),
            )];
            let _ = apply_inline(&mut findings, &[r], &src, Date::today());
        }
    }

    fn sources(text: &str) -> SourceMap {
        let mut m = SourceMap::new();
        m.add(SourceFile::new("main.tf".into(), text));
        m
    }

    fn finding(policy: &str, address: &str, span: Option<Span>) -> Finding {
        Finding {
            policy_id: policy.into(),
            title: "t".into(),
            severity: Severity::High,
            category: Category::Security,
            resource_address: address.into(),
            resource_type: "aws_security_group".into(),
            span,
            message: "m".into(),
            attribute_path: None,
            fix: FixInfo::none(),
            compliance: Vec::new(),
            suppressed: None,
            monthly_saving_usd: None,
            fingerprint: fingerprint(policy, address, None),
        }
    }

    fn resource(address: &str, span: Span) -> Resource {
        Resource {
            address: address.into(),
            rtype: "aws_security_group".into(),
            name: "web".into(),
            span: Some(span),
            ..Resource::default()
        }
    }

    #[test]
    fn comment_above_block_suppresses_and_blank_line_breaks_it() {
        let text = "# chkmate:ignore SEC017 reason one\nresource \"aws_security_group\" \"web\" {\n  name = \"w\"\n}\n\n# chkmate:ignore SEC017\n\nresource \"aws_security_group\" \"db\" {\n  name = \"d\"\n}\n";
        let src = sources(text);
        let web_start = text.find("resource").unwrap_or(0);
        let db_start = text.rfind("resource").unwrap_or(0);
        let resources = vec![
            resource(
                "aws_security_group.web",
                Span::new(0, web_start..web_start + 10),
            ),
            resource(
                "aws_security_group.db",
                Span::new(0, db_start..db_start + 10),
            ),
        ];
        let mut findings = vec![
            finding("SEC017", "aws_security_group.web", None),
            finding("SEC002", "aws_security_group.web", None),
            finding("SEC017", "aws_security_group.db", None),
        ];
        let warnings = apply_inline(&mut findings, &resources, &src, Date::today());
        assert!(warnings.is_empty(), "{warnings:?}");
        let s = findings[0]
            .suppressed
            .as_ref()
            .expect("web SEC017 suppressed");
        assert_eq!(s.kind, SuppressionKind::Inline);
        assert_eq!(s.reason.as_deref(), Some("reason one"));
        assert!(findings[1].suppressed.is_none(), "other policy stays");
        assert!(
            findings[2].suppressed.is_none(),
            "blank line breaks the run"
        );
    }

    #[test]
    fn attribute_line_suppression_outside_the_resource_block() {
        // A finding on the bucket that points at its companion resource.
        let text = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n\nresource \"aws_s3_bucket_public_access_block\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  # chkmate:ignore SEC001 website bucket\n  block_public_acls = false\n}\n";
        let src = sources(text);
        let attr = text.find("block_public_acls").unwrap_or(0);
        let bucket = resource("aws_s3_bucket.b", Span::new(0, 0..10));
        let mut findings = vec![finding(
            "SEC001",
            "aws_s3_bucket.b",
            Some(Span::new(0, attr..attr + 17)),
        )];
        apply_inline(&mut findings, &[bucket], &src, Date::today());
        assert!(findings[0].suppressed.is_some());
    }

    #[test]
    fn expired_and_future_expiry() {
        let text = "resource \"aws_security_group\" \"web\" {\n  # chkmate:ignore SEC017 exp:2020-01-01 old\n  # chkmate:ignore SEC002 exp:2999-12-31 new\n}\n";
        let src = sources(text);
        let r = resource("aws_security_group.web", Span::new(0, 0..10));
        let mut findings = vec![
            finding("SEC017", "aws_security_group.web", None),
            finding("SEC002", "aws_security_group.web", None),
        ];
        let today = Date::parse("2025-06-01").unwrap_or_else(Date::today);
        let warnings = apply_inline(&mut findings, &[r], &src, today);
        assert!(findings[0].suppressed.is_none());
        assert_eq!(
            findings[1]
                .suppressed
                .as_ref()
                .and_then(|s| s.expires.clone()),
            Some("2999-12-31".to_string())
        );
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].message.contains("expired on 2020-01-01"),
            "{}",
            warnings[0].message
        );
        let loc = src.locate(warnings[0].span.unwrap_or(Span::new(0, 0..0)));
        assert_eq!(loc.map(|l| l.line), Some(2));
        // The expiry day itself still counts.
        let mut again = vec![finding("SEC017", "aws_security_group.web", None)];
        let r = resource("aws_security_group.web", Span::new(0, 0..10));
        apply_inline(
            &mut again,
            &[r],
            &src,
            Date::parse("2020-01-01").unwrap_or_else(Date::today),
        );
        assert!(again[0].suppressed.is_some());
    }

    #[test]
    fn instance_filter_from_address() {
        assert_eq!(
            trailing_instance_key("module.m[\"x\"].aws_s3_bucket.b[\"a b\"]"),
            Some(InstanceKey::Str("a b".into()))
        );
        assert_eq!(
            trailing_instance_key("aws_s3_bucket.b[3]"),
            Some(InstanceKey::Int(3))
        );
        assert_eq!(trailing_instance_key("aws_s3_bucket.b"), None);
    }

    #[test]
    fn already_suppressed_findings_are_left_alone() {
        let text = "resource \"aws_security_group\" \"web\" { # chkmate:ignore SEC017 x\n}\n";
        let src = sources(text);
        let r = resource("aws_security_group.web", Span::new(0, 0..10));
        let mut f = finding("SEC017", "aws_security_group.web", None);
        f.suppressed = Some(Suppression {
            kind: SuppressionKind::Baseline,
            reason: None,
            expires: None,
        });
        let mut findings = vec![f];
        apply_inline(&mut findings, &[r], &src, Date::today());
        assert_eq!(
            findings[0].suppressed.as_ref().map(|s| s.kind),
            Some(SuppressionKind::Baseline)
        );
    }
}
