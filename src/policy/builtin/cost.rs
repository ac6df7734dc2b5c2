//! Cost checks written in Rust (COST001, COST003, COST004, COST006, COST009,
//! COST010), the instance-family tables they share with the savings estimate
//! (`crate::pricing::savings`), and helpers the reliability checks reuse:
//! reading a resource's environment from its tags and names, and finding the
//! resources that reference another one.
//!
//! Environment rule (COST003 and the production-only REL checks): an
//! `Environment`, `Env` or `Stage` tag (any case, provider `default_tags`
//! included) decides when present; otherwise the resource's names do — its
//! `Name` tag, its identifier attributes (`identifier`, `cluster_identifier`,
//! `name`, `bucket` ...), its Terraform name and its module names. Values are
//! split into words (`orders-prod-eu` → orders, prod, eu); `prod`,
//! `production`, `prd` and `live` mean production; `dev`, `development`,
//! `test`, `testing`, `qa`, `staging`, `stage`, `stg`, `sandbox`, `uat` and
//! `nonprod` mean non-production. Names that say both, or neither, decide
//! nothing (the check stays silent); a tag or name known only after apply makes
//! the check undecided.

use super::{BuiltinCtx, BuiltinHit};
use crate::policy::index::resource_origins;
use crate::policy::path::{resolve, AttrPath, Node, Reached};
use crate::policy::spec::TypeRef;
use crate::source::Span;
use crate::terraform::{Mode, Resource, Value};

// ---------------------------------------------------------------------------
// Instance families
// ---------------------------------------------------------------------------

/// Sizes of the Graviton2/Graviton3 general, compute and memory families
/// (bare metal left out: its core counts differ from the x86 metal sizes).
const G_SIZES: &[&str] = &[
    "medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge",
];
/// Graviton4 (m8g, c8g, r8g) adds 24xlarge and 48xlarge.
const G4_SIZES: &[&str] = &[
    "medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge",
    "24xlarge", "48xlarge",
];
const T4G_SIZES: &[&str] = &[
    "nano", "micro", "small", "medium", "large", "xlarge", "2xlarge",
];
const DB_G_SIZES: &[&str] = &[
    "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge",
];
const DB_T4G_SIZES: &[&str] = &["micro", "small", "medium", "large", "xlarge", "2xlarge"];
const CACHE_G_SIZES: &[&str] = &[
    "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge",
];
const CACHE_T4G_SIZES: &[&str] = &["micro", "small", "medium"];

/// x86 family → (Graviton family of the same kind, sizes it offers), per
/// class prefix (`""` for EC2, `db.` for RDS, `cache.` for ElastiCache).
const GRAVITON: &[(&str, &str, &str, &[&str])] = &[
    ("", "m5", "m6g", G_SIZES),
    ("", "m5a", "m6g", G_SIZES),
    ("", "m5d", "m6gd", G_SIZES),
    ("", "m6i", "m7g", G_SIZES),
    ("", "m6a", "m7g", G_SIZES),
    ("", "m7i", "m8g", G4_SIZES),
    ("", "m7a", "m8g", G4_SIZES),
    ("", "c5", "c6g", G_SIZES),
    ("", "c5a", "c6g", G_SIZES),
    ("", "c5d", "c6gd", G_SIZES),
    ("", "c5n", "c6gn", G_SIZES),
    ("", "c6i", "c7g", G_SIZES),
    ("", "c6a", "c7g", G_SIZES),
    ("", "c7i", "c8g", G4_SIZES),
    ("", "c7a", "c8g", G4_SIZES),
    ("", "r5", "r6g", G_SIZES),
    ("", "r5a", "r6g", G_SIZES),
    ("", "r5d", "r6gd", G_SIZES),
    ("", "r6i", "r7g", G_SIZES),
    ("", "r6a", "r7g", G_SIZES),
    ("", "r7i", "r8g", G4_SIZES),
    ("", "r7a", "r8g", G4_SIZES),
    ("", "t3", "t4g", T4G_SIZES),
    ("", "t3a", "t4g", T4G_SIZES),
    ("db.", "m5", "m6g", DB_G_SIZES),
    ("db.", "m6i", "m7g", DB_G_SIZES),
    ("db.", "r5", "r6g", DB_G_SIZES),
    ("db.", "r6i", "r7g", DB_G_SIZES),
    ("db.", "t3", "t4g", DB_T4G_SIZES),
    ("cache.", "m5", "m6g", CACHE_G_SIZES),
    ("cache.", "r5", "r6g", CACHE_G_SIZES),
    ("cache.", "t3", "t4g", CACHE_T4G_SIZES),
];

/// Previous-generation family → current-generation family of the same kind
/// (`None`: no direct successor), per class prefix.
const PREVIOUS: &[(&str, &str, Option<&str>)] = &[
    ("", "t1", Some("t3")),
    ("", "t2", Some("t3")),
    ("", "m1", None),
    ("", "m2", None),
    ("", "m3", Some("m5")),
    ("", "m4", Some("m5")),
    ("", "c1", None),
    ("", "c3", Some("c5")),
    ("", "c4", Some("c5")),
    ("", "cc2", None),
    ("", "cr1", None),
    ("", "r3", Some("r5")),
    ("", "r4", Some("r5")),
    ("", "i2", Some("i3")),
    ("", "d2", Some("d3")),
    ("", "hs1", None),
    ("", "g2", None),
    ("db.", "t2", Some("t3")),
    ("db.", "m1", None),
    ("db.", "m2", None),
    ("db.", "m3", Some("m5")),
    ("db.", "m4", Some("m5")),
    ("db.", "r3", Some("r5")),
    ("db.", "r4", Some("r5")),
    ("cache.", "t1", None),
    ("cache.", "t2", Some("t3")),
    ("cache.", "m1", None),
    ("cache.", "m2", None),
    ("cache.", "m3", Some("m5")),
    ("cache.", "m4", Some("m5")),
    ("cache.", "c1", None),
    ("cache.", "r3", Some("r5")),
    ("cache.", "r4", Some("r5")),
];

/// Sizes of the current-generation successor families.
fn successor_has_size(prefix: &str, family: &str, size: &str) -> bool {
    let sizes: &[&str] = match (prefix, family) {
        ("", "t3") | ("db.", "t3") => &[
            "nano", "micro", "small", "medium", "large", "xlarge", "2xlarge",
        ],
        ("cache.", "t3") => &["micro", "small", "medium"],
        ("", "m5")
        | ("", "r5")
        | ("db.", "m5")
        | ("db.", "r5")
        | ("cache.", "m5")
        | ("cache.", "r5") => &[
            "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge",
        ],
        ("", "c5") => &[
            "large", "xlarge", "2xlarge", "4xlarge", "9xlarge", "12xlarge", "18xlarge", "24xlarge",
        ],
        ("", "i3") => &[
            "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge",
        ],
        ("", "d3") => &["xlarge", "2xlarge", "4xlarge", "8xlarge"],
        _ => &[],
    };
    sizes.contains(&size)
}

/// Splits `db.m5.large` into (`db.`, `m5`, `large`).
fn split_class(class: &str) -> Option<(&'static str, &str, &str)> {
    let (prefix, rest) = if let Some(r) = class.strip_prefix("db.") {
        ("db.", r)
    } else if let Some(r) = class.strip_prefix("cache.") {
        ("cache.", r)
    } else {
        ("", class)
    };
    let (family, size) = rest.split_once('.')?;
    if family.is_empty() || size.is_empty() || size.contains('.') {
        return None;
    }
    Some((prefix, family, size))
}

/// The Graviton (arm64) equivalent of an x86 instance type, RDS class or
/// ElastiCache node type of the same family kind and size: `m5.xlarge` →
/// `m6g.xlarge`, `db.r5.large` → `db.r6g.large`, `cache.t3.small` →
/// `cache.t4g.small`. `None` when the type is not x86 or has no equivalent size.
pub fn graviton_equivalent(class: &str) -> Option<String> {
    let (prefix, family, size) = split_class(class)?;
    GRAVITON
        .iter()
        .find(|(p, f, _, _)| *p == prefix && *f == family)
        .filter(|(_, _, _, sizes)| sizes.contains(&size))
        .map(|(p, _, g, _)| format!("{p}{g}.{size}"))
}

/// Whether the type belongs to a previous-generation family.
pub fn is_previous_generation(class: &str) -> bool {
    split_class(class).is_some_and(|(prefix, family, _)| {
        PREVIOUS
            .iter()
            .any(|(p, f, _)| *p == prefix && *f == family)
    })
}

/// The current-generation equivalent of a previous-generation type of the same
/// kind and size (`m4.xlarge` → `m5.xlarge`, `c4.8xlarge` → `c5.9xlarge`, the
/// size with the same 36 vCPUs). `None` when the type is current or has no
/// direct successor size.
pub fn current_generation_equivalent(class: &str) -> Option<String> {
    let (prefix, family, size) = split_class(class)?;
    let (_, _, next) = PREVIOUS
        .iter()
        .find(|(p, f, _)| *p == prefix && *f == family)?;
    let next = (*next)?;
    let size = match (prefix, family, size) {
        ("", "c4", "8xlarge") => "9xlarge",
        _ => size,
    };
    successor_has_size(prefix, next, size).then(|| format!("{prefix}{next}.{size}"))
}

/// RDS engines that run on Graviton classes.
fn engine_supports_graviton(engine: &str) -> bool {
    matches!(
        engine,
        "mysql" | "postgres" | "mariadb" | "aurora-mysql" | "aurora-postgresql" | "aurora"
    )
}

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------

/// The first value a path reaches in a resource, with its display path and span.
pub(crate) fn reach<'a>(r: &'a Resource, path: &str) -> (Reached<'a>, String, Option<Span>) {
    let Ok(p) = AttrPath::parse(path) else {
        return (Reached::Absent, path.to_string(), r.span);
    };
    let hits = resolve(Node::Body(&r.body), "", r.span, &p.segs);
    match hits.into_iter().next() {
        Some(h) => (h.reached, h.path, h.span),
        None => (Reached::Absent, path.to_string(), r.span),
    }
}

/// A known string at `path`, `Err(())` when it is unknown, `Ok(None)` when absent.
pub(crate) fn known_str(r: &Resource, path: &str) -> Result<Option<String>, ()> {
    match reach(r, path).0 {
        Reached::Value(v) => match v.to_tf_string() {
            Some(s) => Ok(Some(s)),
            None if v.is_fully_known() => Ok(None),
            None => Err(()),
        },
        Reached::Unknown(_) => Err(()),
        Reached::Absent | Reached::Body(_) => Ok(None),
    }
}

/// A known boolean at `path` (`Err(())` when unknown, `Ok(None)` when absent).
pub(crate) fn known_bool(r: &Resource, path: &str) -> Result<Option<bool>, ()> {
    match reach(r, path).0 {
        Reached::Value(v) => match v.as_bool() {
            Some(b) => Ok(Some(b)),
            None if v.is_fully_known() => Ok(None),
            None => Err(()),
        },
        Reached::Unknown(_) => Err(()),
        Reached::Absent | Reached::Body(_) => Ok(None),
    }
}

/// Resources of a type that reference a target through an attribute path.
#[derive(Default)]
pub(crate) struct Referrers<'a> {
    pub found: Vec<&'a Resource>,
    /// Some resource of the type has a link known only after apply that does
    /// not name any resource: it may reference the target.
    pub maybe: bool,
}

/// The resources of `rtype` in the target's root whose `path` references
/// `target` (through value origins; a reference to the whole `count`/`for_each`
/// collection counts as "maybe" for each instance). `names`: known string
/// values that also identify the target (its name or id written literally).
pub(crate) fn referrers<'a>(
    ctx: &BuiltinCtx<'a>,
    target: &Resource,
    rtype: &str,
    path: &str,
    names: &[String],
) -> Referrers<'a> {
    let mut out = Referrers::default();
    let Ok(t) = TypeRef::parse(rtype) else {
        return out;
    };
    let Ok(p) = AttrPath::parse(path) else {
        return out;
    };
    let collection = target.config_address();
    for r in ctx.index.of_type(&target.root, &t) {
        let mut hit = false;
        for h in resolve(Node::Body(&r.body), "", None, &p.segs) {
            let (origins, value) = match h.reached {
                Reached::Value(v) => (resource_origins(v), Some(v)),
                Reached::Unknown(v) => (v.map(resource_origins).unwrap_or_default(), None),
                Reached::Absent | Reached::Body(_) => continue,
            };
            if origins.contains(&target.address) {
                hit = true;
            } else if target.index.is_some() && origins.contains(&collection) {
                out.maybe = true;
            }
            if let Some(v) = value {
                let mut strings = Vec::new();
                collect_strings(v, &mut strings);
                if strings.iter().any(|s| names.iter().any(|n| n == s)) {
                    hit = true;
                }
                if origins.is_empty() && strings.is_empty() && !v.is_fully_known() {
                    out.maybe = true;
                }
            } else if origins.is_empty() {
                out.maybe = true;
            }
        }
        if hit {
            out.found.push(r);
        }
    }
    out
}

fn collect_strings(v: &Value, out: &mut Vec<String>) {
    match v.unmarked() {
        Value::String(s) => out.push(s.clone()),
        Value::List(items) => items.iter().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

/// Production or not, as far as tags and names tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Production,
    NonProduction,
}

/// What tags and names say about a resource's environment.
#[derive(Clone, Debug, PartialEq)]
pub enum EnvReading {
    /// Decided, with the evidence (`tag Environment = "prod"`).
    Stage(Stage, String),
    /// Nothing says which environment (or names disagree).
    Unspecified,
    /// A tag or name that would decide is known only after apply.
    Unknown(String),
}

const PROD_WORDS: &[&str] = &["prod", "production", "prd", "live"];
const NONPROD_WORDS: &[&str] = &[
    "dev",
    "devel",
    "development",
    "test",
    "testing",
    "qa",
    "staging",
    "stage",
    "stg",
    "sandbox",
    "uat",
    "nonprod",
];
const ENV_TAG_KEYS: &[&str] = &["environment", "env", "stage"];
const NAME_ATTRS: &[&str] = &[
    "identifier",
    "cluster_identifier",
    "replication_group_id",
    "cluster_id",
    "name",
    "bucket",
    "function_name",
];

/// The stage a text names, by its words.
pub fn stage_of_text(text: &str) -> Option<Stage> {
    let lower = text.to_ascii_lowercase();
    let lower = lower
        .replace("non-prod", "nonprod")
        .replace("non_prod", "nonprod")
        .replace("pre-prod", "preprod")
        .replace("pre_prod", "preprod");
    let mut prod = false;
    let mut nonprod = false;
    for word in lower.split(|c: char| !c.is_ascii_alphanumeric()) {
        let word = word.trim_end_matches(|c: char| c.is_ascii_digit());
        prod |= PROD_WORDS.contains(&word);
        nonprod |= NONPROD_WORDS.contains(&word);
    }
    match (prod, nonprod) {
        (true, false) => Some(Stage::Production),
        (false, true) => Some(Stage::NonProduction),
        _ => None,
    }
}

/// Reads the resource's environment (see the module documentation).
pub fn environment(r: &Resource) -> EnvReading {
    // Tags, provider default_tags first so resource tags override them.
    let mut tags_unknown = false;
    let mut env_tag: Option<(String, Value)> = None;
    let mut name_tag: Option<Value> = None;
    for src in [r.provider.default_tags.as_ref(), r.body.value("tags")]
        .into_iter()
        .flatten()
    {
        match src.unmarked() {
            Value::Map(m) => {
                for (k, v) in m {
                    if ENV_TAG_KEYS.contains(&k.to_ascii_lowercase().as_str()) {
                        env_tag = Some((k.clone(), v.clone()));
                    }
                    if k.eq_ignore_ascii_case("name") {
                        name_tag = Some(v.clone());
                    }
                }
            }
            Value::Unknown => tags_unknown = true,
            _ => {}
        }
    }
    if let Some((k, v)) = env_tag {
        return match v.as_str() {
            Some(s) => match stage_of_text(s) {
                Some(stage) => EnvReading::Stage(stage, format!("tag {k} = \"{s}\"")),
                None => EnvReading::Unspecified,
            },
            None if v.is_unknown() => {
                EnvReading::Unknown(format!("the {k} tag is known only after apply"))
            }
            None => EnvReading::Unspecified,
        };
    }
    if tags_unknown {
        return EnvReading::Unknown("the tags are known only after apply".into());
    }
    // Names.
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut unknown_name: Option<String> = None;
    if let Some(v) = name_tag {
        match v.as_str() {
            Some(s) => texts.push(("tag Name".into(), s.to_string())),
            None if v.is_unknown() => unknown_name = Some("tag Name".into()),
            None => {}
        }
    }
    for a in NAME_ATTRS {
        if let Some(v) = r.body.value(a) {
            match v.as_str() {
                Some(s) => texts.push((format!("`{a}`"), s.to_string())),
                None if v.is_unknown() => unknown_name = Some(format!("`{a}`")),
                None => {}
            }
        }
    }
    texts.push(("resource name".into(), r.name.clone()));
    for step in &r.module_chain {
        let name = step
            .address
            .rsplit('.')
            .next()
            .unwrap_or(step.address.as_str())
            .to_string();
        texts.push(("module".into(), name));
    }
    let mut found: Option<(Stage, String)> = None;
    for (what, text) in &texts {
        if let Some(stage) = stage_of_text(text) {
            match &found {
                Some((s, _)) if *s != stage => return EnvReading::Unspecified,
                Some(_) => {}
                None => found = Some((stage, format!("{what} \"{text}\""))),
            }
        }
    }
    match (found, unknown_name) {
        (Some((stage, why)), None) => EnvReading::Stage(stage, why),
        (_, Some(what)) => EnvReading::Unknown(format!("{what} is known only after apply")),
        (None, None) => EnvReading::Unspecified,
    }
}

// ---------------------------------------------------------------------------
// COST001: cost-allocation tags
// ---------------------------------------------------------------------------

/// The tags COST001 requires when the configuration names none.
pub const DEFAULT_REQUIRED_TAGS: &[&str] = &["Environment", "Owner"];

/// COST001 with the default required tags (Environment, Owner).
pub fn cost_allocation_tags(ctx: &BuiltinCtx<'_>, r: &Resource, hits: &mut Vec<BuiltinHit>) {
    match ctx.required_tags {
        Some(required) => missing_cost_tags(r, required, hits),
        None => {
            let required: Vec<String> = DEFAULT_REQUIRED_TAGS
                .iter()
                .map(|s| s.to_string())
                .collect();
            missing_cost_tags(r, &required, hits);
        }
    }
}

/// Reports the `required` tags the resource ends up without: its own `tags`
/// merged over the provider's `default_tags` (tag keys are case-sensitive, as
/// AWS cost allocation treats them). A tag with an empty value counts as
/// missing. When a tag source is known only after apply, a missing tag may be
/// in it: the check is undecided.
pub fn missing_cost_tags(r: &Resource, required: &[String], hits: &mut Vec<BuiltinHit>) {
    if required.is_empty() {
        return;
    }
    let mut unknown = false;
    let mut keys: Vec<(String, Option<String>)> = Vec::new();
    for src in [r.provider.default_tags.as_ref(), r.body.value("tags")]
        .into_iter()
        .flatten()
    {
        match src.unmarked() {
            Value::Map(m) => {
                for (k, v) in m {
                    keys.retain(|(x, _)| x != k);
                    keys.push((k.clone(), v.as_str().map(str::to_string)));
                }
            }
            Value::Unknown => unknown = true,
            _ => {}
        }
    }
    let tags_span = r.body.attr("tags").and_then(|a| a.span).or(r.span);
    let mut missing = Vec::new();
    let mut empty = Vec::new();
    for want in required {
        match keys.iter().find(|(k, _)| k == want) {
            None => missing.push(want.as_str()),
            Some((_, Some(v))) if v.trim().is_empty() => empty.push(want.as_str()),
            Some(_) => {}
        }
    }
    if missing.is_empty() && empty.is_empty() {
        return;
    }
    if unknown && !missing.is_empty() {
        hits.push(BuiltinHit::unknown(
            format!(
                "the tags are known only after apply; required tag(s) {} may be among them",
                missing.join(", ")
            ),
            Some("tags".into()),
            tags_span,
        ));
        return;
    }
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!(
            "missing cost-allocation tag{} {}",
            if missing.len() > 1 { "s" } else { "" },
            missing.join(", ")
        ));
    }
    if !empty.is_empty() {
        parts.push(format!(
            "empty cost-allocation tag{} {}",
            if empty.len() > 1 { "s" } else { "" },
            empty.join(", ")
        ));
    }
    let source = if r.provider.default_tags.is_some() {
        " (provider default_tags included)"
    } else {
        ""
    };
    hits.push(BuiltinHit::violation(
        format!("{}{source}", parts.join("; ")),
        Some("tags".into()),
        tags_span,
    ));
}

// ---------------------------------------------------------------------------
// COST003: Multi-AZ outside production
// ---------------------------------------------------------------------------

/// COST003: an RDS instance with `multi_az = true`, or a Multi-AZ DB cluster
/// (RDS for MySQL/PostgreSQL cluster with `db_cluster_instance_class`), whose
/// tags or names say it is not production.
pub fn rds_multi_az_non_production(ctx: &BuiltinCtx<'_>, r: &Resource, hits: &mut Vec<BuiltinHit>) {
    let _ = ctx;
    let (path, what) = match r.rtype.as_str() {
        "aws_db_instance" => match known_bool(r, "multi_az") {
            Ok(Some(true)) => ("multi_az", "Multi-AZ deployment".to_string()),
            Ok(_) => return,
            Err(()) => {
                if matches!(environment(r), EnvReading::Stage(Stage::NonProduction, _)) {
                    let (_, p, span) = reach(r, "multi_az");
                    hits.push(BuiltinHit::unknown(
                        "`multi_az` is known only after apply",
                        Some(p),
                        span,
                    ));
                }
                return;
            }
        },
        "aws_rds_cluster" => {
            let engine = match known_str(r, "engine") {
                Ok(e) => e.unwrap_or_else(|| "aurora".into()),
                Err(()) => return,
            };
            if engine.starts_with("aurora") {
                return;
            }
            match reach(r, "db_cluster_instance_class").0 {
                Reached::Value(_) | Reached::Unknown(_) => (
                    "db_cluster_instance_class",
                    "Multi-AZ DB cluster (one writer and two readers in three AZs)".to_string(),
                ),
                _ => return,
            }
        }
        _ => return,
    };
    match environment(r) {
        EnvReading::Stage(Stage::NonProduction, why) => {
            let (_, p, span) = reach(r, path);
            hits.push(BuiltinHit::violation(
                format!("{what} in a non-production environment ({why})"),
                Some(p),
                span,
            ));
        }
        EnvReading::Unknown(reason) => {
            hits.push(BuiltinHit::unknown(reason, Some("tags".into()), r.span));
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// COST004 and COST006: instance families
// ---------------------------------------------------------------------------

/// The attribute holding the instance type, class or node type per resource type.
fn class_attr(rtype: &str) -> Option<&'static str> {
    Some(match rtype {
        "aws_instance" | "aws_launch_template" | "aws_launch_configuration" => "instance_type",
        "aws_db_instance" | "aws_rds_cluster_instance" => "instance_class",
        "aws_rds_cluster" => "db_cluster_instance_class",
        "aws_elasticache_cluster" | "aws_elasticache_replication_group" => "node_type",
        "aws_eks_node_group" => "instance_types",
        _ => return None,
    })
}

/// A type found at a path: (type, path, span), or (path, span) when it is
/// known only after apply.
type ClassAt = Result<(String, String, Option<Span>), (String, Option<Span>)>;

/// Every type of the resource (node groups list several).
fn classes(r: &Resource) -> Vec<ClassAt> {
    let Some(attr) = class_attr(&r.rtype) else {
        return Vec::new();
    };
    let (reached, path, span) = reach(r, attr);
    match reached {
        Reached::Value(v) => match v.unmarked() {
            Value::List(items) => items
                .iter()
                .enumerate()
                .map(|(i, x)| match x.as_str() {
                    Some(s) => Ok((s.to_string(), format!("{path}[{i}]"), span)),
                    None => Err((format!("{path}[{i}]"), span)),
                })
                .collect(),
            _ => match v.as_str() {
                Some(s) => vec![Ok((s.to_string(), path, span))],
                None => vec![Err((path, span))],
            },
        },
        Reached::Unknown(_) => vec![Err((path, span))],
        _ => Vec::new(),
    }
}

/// COST004: an x86 type whose Graviton equivalent of the same size exists
/// (RDS only for engines that run on Graviton).
pub fn graviton_available(ctx: &BuiltinCtx<'_>, r: &Resource, hits: &mut Vec<BuiltinHit>) {
    let _ = ctx;
    let engine_ok = match r.rtype.as_str() {
        "aws_db_instance" | "aws_rds_cluster_instance" => match known_str(r, "engine") {
            Ok(Some(e)) => Some(engine_supports_graviton(&e)),
            Ok(None) => Some(false),
            Err(()) => None,
        },
        _ => Some(true),
    };
    for c in classes(r) {
        match c {
            Ok((class, path, span)) => {
                let Some(g) = graviton_equivalent(&class) else {
                    continue;
                };
                match engine_ok {
                    Some(true) => hits.push(BuiltinHit::violation(
                        format!("{class} is x86; the Graviton (arm64) equivalent {g} costs less"),
                        Some(path),
                        span,
                    )),
                    Some(false) => {}
                    None => hits.push(BuiltinHit::unknown(
                        "`engine` is known only after apply",
                        Some("engine".into()),
                        span,
                    )),
                }
            }
            Err((path, span)) => hits.push(BuiltinHit::unknown(
                format!("`{path}` is known only after apply"),
                Some(path),
                span,
            )),
        }
    }
}

/// COST006: a previous-generation instance family.
pub fn previous_generation(ctx: &BuiltinCtx<'_>, r: &Resource, hits: &mut Vec<BuiltinHit>) {
    let _ = ctx;
    for c in classes(r) {
        match c {
            Ok((class, path, span)) => {
                if !is_previous_generation(&class) {
                    continue;
                }
                let msg = match current_generation_equivalent(&class) {
                    Some(next) => format!(
                        "{class} is a previous-generation type; the current-generation {next} gives more for the price"
                    ),
                    None => format!("{class} is a previous-generation type"),
                };
                hits.push(BuiltinHit::violation(msg, Some(path), span));
            }
            Err((path, span)) => hits.push(BuiltinHit::unknown(
                format!("`{path}` is known only after apply"),
                Some(path),
                span,
            )),
        }
    }
}

// ---------------------------------------------------------------------------
// COST009: idle load balancer
// ---------------------------------------------------------------------------

/// Ways a target group gets targets: (resource type, linking attribute).
const TARGET_SOURCES: &[(&str, &str)] = &[
    ("aws_lb_target_group_attachment", "target_group_arn"),
    ("aws_autoscaling_group", "target_group_arns"),
    ("aws_autoscaling_group", "traffic_source.identifier"),
    ("aws_autoscaling_attachment", "lb_target_group_arn"),
    (
        "aws_autoscaling_traffic_source_attachment",
        "traffic_source.identifier",
    ),
    ("aws_ecs_service", "load_balancer.target_group_arn"),
];

/// Whether a target group has targets registered in this configuration.
fn group_has_targets(ctx: &BuiltinCtx<'_>, tg: &Resource) -> (bool, bool) {
    let mut maybe = false;
    for (rtype, path) in TARGET_SOURCES {
        let refs = referrers(ctx, tg, rtype, path, &[]);
        if !refs.found.is_empty() {
            return (true, false);
        }
        maybe |= refs.maybe;
    }
    (false, maybe)
}

/// COST009 (static form): a load balancer that cannot be serving anything —
/// no listener references it, or its listeners and listener rules only forward
/// to target groups with no target registered anywhere in the configuration
/// (attachments, autoscaling groups, ECS services). Listeners that answer by
/// themselves (redirects, fixed responses) count as serving. A classic ELB is
/// idle without `instances`, an `aws_elb_attachment` or an autoscaling group
/// naming it. Targets registered outside Terraform (for example by a
/// Kubernetes controller) are invisible here: suppress the finding for such
/// load balancers.
pub fn idle_load_balancer(ctx: &BuiltinCtx<'_>, r: &Resource, hits: &mut Vec<BuiltinHit>) {
    if r.rtype == "aws_elb" {
        return idle_classic_elb(ctx, r, hits);
    }
    let names = known_names(r, &["name", "arn"]);
    let listeners = referrers(ctx, r, "aws_lb_listener", "load_balancer_arn", &names);
    if listeners.found.is_empty() {
        if listeners.maybe {
            hits.push(BuiltinHit::unknown(
                "whether a listener references this load balancer is known only after apply",
                None,
                r.span,
            ));
        } else {
            hits.push(BuiltinHit::violation(
                "no aws_lb_listener references this load balancer: it cannot receive traffic",
                None,
                r.span,
            ));
        }
        return;
    }
    let mut groups: Vec<&Resource> = Vec::new();
    let mut undecided = false;
    for l in &listeners.found {
        let mut actions: Vec<&crate::terraform::Body> = l
            .body
            .blocks
            .iter()
            .filter(|b| b.kind == "default_action")
            .map(|b| &b.body)
            .collect();
        if l.body
            .blocks
            .iter()
            .any(|b| b.kind == "default_action" && b.expansion_unknown)
        {
            undecided = true;
        }
        let rules = referrers(ctx, l, "aws_lb_listener_rule", "listener_arn", &[]);
        undecided |= rules.maybe;
        for rule in &rules.found {
            actions.extend(
                rule.body
                    .blocks
                    .iter()
                    .filter(|b| b.kind == "action")
                    .map(|b| &b.body),
            );
        }
        for a in actions {
            let kind = a.value("type").and_then(|v| v.as_str().map(str::to_string));
            match kind.as_deref() {
                Some("redirect") | Some("fixed-response") => return,
                Some("forward") => {}
                Some(_) => continue,
                None if a.value("type").is_some_and(Value::is_unknown) => {
                    undecided = true;
                    continue;
                }
                None => continue,
            }
            let mut refs: Vec<&Value> = Vec::new();
            if let Some(v) = a.value("target_group_arn") {
                refs.push(v);
            }
            for f in a.blocks.iter().filter(|b| b.kind == "forward") {
                for tg in f.body.blocks.iter().filter(|b| b.kind == "target_group") {
                    if let Some(v) = tg.body.value("arn") {
                        refs.push(v);
                    }
                }
            }
            for v in refs {
                let origins = resource_origins(v);
                let found: Vec<&Resource> = origins
                    .iter()
                    .filter_map(|o| ctx.index.by_address(&r.root, o))
                    .filter(|t| t.rtype == "aws_lb_target_group" && t.mode == Mode::Managed)
                    .collect();
                if found.is_empty() {
                    // A target group outside this configuration.
                    undecided = true;
                }
                groups.extend(found);
            }
        }
    }
    let mut maybe_targets = false;
    for g in &groups {
        let (has, maybe) = group_has_targets(ctx, g);
        if has {
            return;
        }
        maybe_targets |= maybe;
    }
    if undecided || maybe_targets {
        hits.push(BuiltinHit::unknown(
            "whether the target groups this load balancer forwards to have targets is known only after apply",
            None,
            r.span,
        ));
        return;
    }
    let mut names: Vec<&str> = groups.iter().map(|g| g.address.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let msg = if names.is_empty() {
        "its listeners neither forward to a target group nor answer by themselves".to_string()
    } else {
        format!(
            "its listeners forward only to target groups with no registered targets in this configuration ({})",
            names.join(", ")
        )
    };
    hits.push(BuiltinHit::violation(msg, None, r.span));
}

fn known_names(r: &Resource, attrs: &[&str]) -> Vec<String> {
    attrs
        .iter()
        .filter_map(|a| r.body.value(a).and_then(|v| v.as_str().map(str::to_string)))
        .filter(|s| !s.is_empty())
        .collect()
}

fn idle_classic_elb(ctx: &BuiltinCtx<'_>, r: &Resource, hits: &mut Vec<BuiltinHit>) {
    match r.body.value("instances") {
        Some(v) if v.is_unknown() => {
            hits.push(BuiltinHit::unknown(
                "`instances` is known only after apply",
                Some("instances".into()),
                r.span,
            ));
            return;
        }
        Some(v) if v.as_list().is_some_and(|l| !l.is_empty()) => return,
        _ => {}
    }
    let names = known_names(r, &["name"]);
    let mut maybe = false;
    for (rtype, path) in [
        ("aws_elb_attachment", "elb"),
        ("aws_autoscaling_group", "load_balancers"),
        ("aws_autoscaling_attachment", "elb"),
        (
            "aws_autoscaling_traffic_source_attachment",
            "traffic_source.identifier",
        ),
    ] {
        let refs = referrers(ctx, r, rtype, path, &names);
        if !refs.found.is_empty() {
            return;
        }
        maybe |= refs.maybe;
    }
    if maybe {
        hits.push(BuiltinHit::unknown(
            "whether instances are attached to this load balancer is known only after apply",
            None,
            r.span,
        ));
    } else {
        hits.push(BuiltinHit::violation(
            "no instances are registered with this classic load balancer (no `instances`, aws_elb_attachment or autoscaling group names it)",
            None,
            r.span,
        ));
    }
}

// ---------------------------------------------------------------------------
// COST010: provisioned DynamoDB capacity without autoscaling
// ---------------------------------------------------------------------------

/// COST010 (static form): a table in provisioned mode (the provider default)
/// whose capacity no `aws_appautoscaling_target` scales. The target's
/// `resource_id` is `table/NAME`: matched by reference to the table or by the
/// table's literal name.
pub fn dynamodb_without_autoscaling(
    ctx: &BuiltinCtx<'_>,
    r: &Resource,
    hits: &mut Vec<BuiltinHit>,
) {
    match known_str(r, "billing_mode") {
        Ok(Some(m)) if m == "PAY_PER_REQUEST" => return,
        Ok(_) => {}
        Err(()) => {
            let (_, p, span) = reach(r, "billing_mode");
            hits.push(BuiltinHit::unknown(
                "`billing_mode` is known only after apply",
                Some(p),
                span,
            ));
            return;
        }
    }
    let names: Vec<String> = known_names(r, &["name"])
        .into_iter()
        .map(|n| format!("table/{n}"))
        .collect();
    let refs = referrers(ctx, r, "aws_appautoscaling_target", "resource_id", &names);
    if !refs.found.is_empty() {
        return;
    }
    let (_, p, span) = reach(r, "billing_mode");
    if refs.maybe {
        hits.push(BuiltinHit::unknown(
            "whether an aws_appautoscaling_target scales this table is known only after apply",
            Some(p),
            span,
        ));
        return;
    }
    let mode = if r.body.value("billing_mode").is_some() {
        "billing_mode is PROVISIONED"
    } else {
        "billing_mode is not set (defaults to PROVISIONED)"
    };
    hits.push(BuiltinHit::violation(
        format!("{mode} and no aws_appautoscaling_target scales the table's capacity"),
        Some(p),
        span,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::builtin::test_support::*;

    #[test]
    fn graviton_equivalents_keep_kind_and_size() {
        assert_eq!(
            graviton_equivalent("m5.xlarge").as_deref(),
            Some("m6g.xlarge")
        );
        assert_eq!(graviton_equivalent("t3.nano").as_deref(), Some("t4g.nano"));
        assert_eq!(
            graviton_equivalent("c7i.24xlarge").as_deref(),
            Some("c8g.24xlarge")
        );
        assert_eq!(
            graviton_equivalent("db.r5.large").as_deref(),
            Some("db.r6g.large")
        );
        assert_eq!(
            graviton_equivalent("cache.t3.small").as_deref(),
            Some("cache.t4g.small")
        );
        // No equivalent size, already Graviton, previous generation, garbage.
        assert_eq!(graviton_equivalent("m5.24xlarge"), None);
        assert_eq!(graviton_equivalent("m5.metal"), None);
        assert_eq!(graviton_equivalent("m6g.large"), None);
        assert_eq!(graviton_equivalent("t2.micro"), None);
        assert_eq!(graviton_equivalent("db.t3.nano"), None);
        assert_eq!(graviton_equivalent("m5"), None);
        assert_eq!(graviton_equivalent(""), None);
        assert_eq!(graviton_equivalent("a.b.c.d"), None);
    }

    /// The table's promise ("costs less") holds in the embedded snapshot: in
    /// us-east-1 every Graviton equivalent the snapshot prices is cheaper than
    /// its x86 type, and the EC2 equivalents exist.
    #[test]
    fn graviton_equivalents_are_cheaper_in_the_snapshot() {
        let catalog = crate::pricing::PriceCatalog::embedded().expect("embedded catalog");
        let region = "us-east-1";
        let mut compared = 0;
        for (prefix, family, _, sizes) in GRAVITON {
            for size in *sizes {
                let x86 = format!("{prefix}{family}.{size}");
                let Some(g) = graviton_equivalent(&x86) else {
                    panic!("{x86} has no equivalent although the table lists its size");
                };
                let prices = match *prefix {
                    "" => catalog
                        .ec2_hourly(region, &x86)
                        .zip(catalog.ec2_hourly(region, &g)),
                    "db." => catalog
                        .rds_hourly(region, &x86, "postgres", false)
                        .zip(catalog.rds_hourly(region, &g, "postgres", false)),
                    _ => catalog
                        .item(region, &format!("elasticache.node.{x86}"))
                        .zip(catalog.item(region, &format!("elasticache.node.{g}"))),
                };
                if prefix.is_empty() && catalog.ec2_hourly(region, &x86).is_some() {
                    assert!(
                        catalog.ec2_hourly(region, &g).is_some(),
                        "{g} (for {x86}) is not an EC2 type in the snapshot"
                    );
                }
                if let Some((a, b)) = prices {
                    assert!(
                        b.usd < a.usd,
                        "{g} ({}) is not cheaper than {x86} ({})",
                        b.usd,
                        a.usd
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 100, "only {compared} pairs compared");
    }

    #[test]
    fn previous_generations_and_successors() {
        assert!(is_previous_generation("t2.micro"));
        assert!(is_previous_generation("db.m4.large"));
        assert!(is_previous_generation("cache.r4.xlarge"));
        assert!(!is_previous_generation("t3.micro"));
        assert!(!is_previous_generation("m5.large"));
        assert_eq!(
            current_generation_equivalent("m4.xlarge").as_deref(),
            Some("m5.xlarge")
        );
        assert_eq!(
            current_generation_equivalent("c4.8xlarge").as_deref(),
            Some("c5.9xlarge")
        );
        assert_eq!(
            current_generation_equivalent("t2.nano").as_deref(),
            Some("t3.nano")
        );
        assert_eq!(
            current_generation_equivalent("db.t2.micro").as_deref(),
            Some("db.t3.micro")
        );
        assert_eq!(
            current_generation_equivalent("cache.m4.large").as_deref(),
            Some("cache.m5.large")
        );
        assert_eq!(current_generation_equivalent("m4.10xlarge"), None);
        assert_eq!(current_generation_equivalent("m3.medium"), None);
        assert_eq!(current_generation_equivalent("m1.small"), None);
        assert_eq!(current_generation_equivalent("m5.large"), None);
    }

    /// Links and modes known only after apply leave COST009 and COST010
    /// undecided, never reported.
    #[test]
    fn unknown_links_are_undecided() {
        let hcl = r#"
variable "mode" { type = string }
variable "lb_arn" { type = string }

resource "aws_dynamodb_table" "t" {
  name         = "t"
  billing_mode = var.mode
  hash_key     = "id"
}

resource "aws_lb" "a" {
  name    = "a"
  subnets = ["subnet-1", "subnet-2"]
}

resource "aws_lb_listener" "l" {
  load_balancer_arn = var.lb_arn
  port              = 80
  default_action {
    type = "fixed-response"
  }
}
"#;
        let loaded = crate::terraform::evaluate_source("main.tf", hcl);
        let policies: Vec<_> = crate::policy::embedded_policies()
            .expect("policies")
            .into_iter()
            .filter(|p| p.id == "COST009" || p.id == "COST010")
            .collect();
        let r = crate::policy::audit(
            &loaded.model,
            &policies,
            &crate::policy::AuditOptions {
                sources: Some(&loaded.sources),
                required_tags: None,
            },
        );
        assert!(r.findings.is_empty(), "{:?}", r.findings);
        let mut undecided: Vec<(&str, &str)> = r
            .unknown
            .iter()
            .map(|u| (u.policy_id.as_str(), u.resource_address.as_str()))
            .collect();
        undecided.sort_unstable();
        assert_eq!(
            undecided,
            vec![("COST009", "aws_lb.a"), ("COST010", "aws_dynamodb_table.t")]
        );
    }

    #[test]
    fn stages_from_words() {
        assert_eq!(stage_of_text("orders-prod-eu"), Some(Stage::Production));
        assert_eq!(stage_of_text("Production"), Some(Stage::Production));
        assert_eq!(stage_of_text("prod2"), Some(Stage::Production));
        assert_eq!(stage_of_text("product-catalog"), None);
        assert_eq!(stage_of_text("staging"), Some(Stage::NonProduction));
        assert_eq!(stage_of_text("non-prod"), Some(Stage::NonProduction));
        assert_eq!(stage_of_text("pre-prod"), None);
        assert_eq!(stage_of_text("prod-to-dev-copy"), None);
        assert_eq!(stage_of_text("latest"), None);
    }

    #[test]
    fn environment_prefers_tags_over_names() {
        let r = resource(
            "aws_db_instance",
            "prod",
            body(
                vec![("tags", map(vec![("Environment", s("staging"))]))],
                vec![],
            ),
        );
        assert!(matches!(
            environment(&r),
            EnvReading::Stage(Stage::NonProduction, _)
        ));
        let mut r = resource("aws_db_instance", "orders", body(vec![], vec![]));
        r.provider.default_tags = Some(map(vec![("env", s("prod"))]));
        assert_eq!(
            environment(&r),
            EnvReading::Stage(Stage::Production, "tag env = \"prod\"".into())
        );
        let r = resource(
            "aws_db_instance",
            "orders",
            body(vec![("identifier", Value::Unknown)], vec![]),
        );
        assert!(matches!(environment(&r), EnvReading::Unknown(_)));
        let r = resource(
            "aws_db_instance",
            "orders",
            body(vec![("identifier", s("orders-dev"))], vec![]),
        );
        assert!(matches!(
            environment(&r),
            EnvReading::Stage(Stage::NonProduction, _)
        ));
        let r = resource("aws_db_instance", "orders", body(vec![], vec![]));
        assert_eq!(environment(&r), EnvReading::Unspecified);
    }

    #[test]
    fn required_tags_read_default_tags_and_unknowns() {
        let required = vec!["Environment".to_string(), "Owner".to_string()];
        let mut hits = Vec::new();
        let mut r = resource(
            "aws_instance",
            "a",
            body(vec![("tags", map(vec![("Owner", s("team-a"))]))], vec![]),
        );
        missing_cost_tags(&r, &required, &mut hits);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].message, "missing cost-allocation tag Environment");
        hits.clear();
        r.provider.default_tags = Some(map(vec![("Environment", s("prod"))]));
        missing_cost_tags(&r, &required, &mut hits);
        assert!(hits.is_empty());
        // Case matters; empty values count as missing.
        let r = resource(
            "aws_instance",
            "b",
            body(
                vec![(
                    "tags",
                    map(vec![("environment", s("prod")), ("Owner", s(" "))]),
                )],
                vec![],
            ),
        );
        missing_cost_tags(&r, &required, &mut hits);
        assert_eq!(
            hits[0].message,
            "missing cost-allocation tag Environment; empty cost-allocation tag Owner"
        );
        hits.clear();
        let r = resource(
            "aws_instance",
            "c",
            body(vec![("tags", Value::Unknown)], vec![]),
        );
        missing_cost_tags(&r, &required, &mut hits);
        assert_eq!(hits[0].truth, crate::policy::eval::Tri::Unknown);
        hits.clear();
        missing_cost_tags(&r, &[], &mut hits);
        assert!(hits.is_empty());
    }
}
