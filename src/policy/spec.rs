//! The policy format: one YAML file per policy, and its validated in-memory form.
//!
//! ```yaml
//! id: SEC006
//! title: CloudTrail trail is not multi-region
//! severity: high
//! category: security
//! resource_types: [aws_cloudtrail]
//! description: |
//!   Markdown: what is wrong, why it matters, how to fix it.
//! check:                        # the condition a COMPLIANT resource satisfies
//!   attr: is_multi_region_trail
//!   op: is_true
//!   default: false              # what the provider uses when it is not set
//! remediation:
//!   applicability: safe
//!   edits:
//!     - set: { path: is_multi_region_trail, value: true }
//! compliance:
//!   cis_aws_v3: ["3.1"]
//! references:
//!   - https://docs.aws.amazon.com/...
//! ```
//!
//! A finding is raised when `check` evaluates to false; when it cannot be decided
//! because a value is unknown, the resource is listed as unknown instead. A policy
//! has either `check` (declarative) or `builtin: NAME` (a check written in Rust,
//! see `builtin`). Every key is validated: unknown keys are errors with the file
//! and line where they occur.
//!
//! Conditions (each a YAML mapping; exactly one kind per mapping):
//!
//! - `all: [C, ...]`, `any: [C, ...]`, `not: C` — boolean combinators with
//!   Kleene logic for unknowns. When `any` fails, the finding explains it with its
//!   first branch, so put the most helpful branch first.
//! - `attr: PATH` with `op:` one of `equals`, `not_equals`, `in`, `not_in`,
//!   `regex`, `not_regex`, `contains`, `not_contains`, `gt`, `gte`, `lt`, `lte`
//!   (these take `value:`), `exists`, `absent`, `is_true`, `is_false`. Optional
//!   `default:` (the value the provider uses when the attribute is not set),
//!   `each: any|all` (how to combine when the path fans out over several blocks or
//!   list elements; default `any`) and `ignore_case: true`.
//!   `exists` means set to a non-null value that is not an empty list, map or
//!   string; an attribute that references another resource's computed attribute
//!   (known after apply) exists.
//! - `block: PATH`, `match: any|all|none` (default `any`), `where: C` — a
//!   quantifier over the nested blocks (or list elements) at PATH, evaluating `C`
//!   inside each. Over no blocks at all, `any` is false and `all`/`none` are true.
//! - `related: {type: T, via: PATH, by_name: PATH?, where: C?, match: any|all}` —
//!   a resource of type T whose attribute `via` references this resource exists
//!   (and satisfies `C`). References are found through value origins (for_each and
//!   count instances included) and, when `by_name` is given, by a known `via` value
//!   equal to this resource's `by_name` attribute (`bucket = "name"`).
//! - `any_resource: {type: T, where: C?}` — some resource of type T anywhere in the
//!   configuration (satisfying C), e.g. an account-level public access block.
//! - `referenced: {attr: PATH, type: T?, where: C?, match: any|all}` — the
//!   resources this resource's attribute refers to satisfy C.
//! - `per_type: {TYPE: C, ...}` — a condition chosen by the resource's type; types
//!   not listed pass.
//!
//! Types are written `aws_s3_bucket` (managed) or `data.aws_iam_policy_document`
//! (data source); `resource_types: ["*"]` matches every resource and data source.
//!
//! Findings explain themselves with the observation that decided the check
//! (`` `is_multi_region_trail` is not set (defaults to false) ``); an optional
//! top-level `message:` is put in front of it. Companion facts name the
//! companion (`` `aws_s3_bucket_versioning.v.versioning_configuration[0].status` is "Suspended" ``).
//!
//! Remediation: `applicability` (`safe`, `unsafe`, `none`), `forces_replacement`,
//! `guidance` (Markdown) and `edits`, each one of `set: {path?, relative?, value |
//! expr, types?}`, `remove: {path?, relative?, types?}`, `add_block: {path,
//! relative?, attributes, expressions, blocks, types?}`, `add_resource: {type,
//! name_suffix, attributes, expressions, blocks, types?}` and `add_variable:
//! {name, type, description, default?}` (see [`Edit`]). A finding's fix is
//! available when the applicability is not `none` and there are edits.

use super::path::AttrPath;
use crate::finding::{Applicability, Category, ComplianceRef, Severity};
use crate::terraform::{Mode, Resource, Value};
use indexmap::IndexMap;
use regex::Regex;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// A validated policy.
#[derive(Clone, Debug, Serialize)]
pub struct Policy {
    pub id: String,
    pub title: String,
    /// Markdown: what is wrong, why it matters, how to fix it.
    pub description: String,
    pub severity: Severity,
    pub category: Category,
    pub resource_types: Vec<TypeRef>,
    /// The declarative check, or the name of a built-in check.
    pub check: PolicyCheck,
    /// Replaces the title as the first part of finding messages.
    pub message: Option<String>,
    pub remediation: Remediation,
    pub compliance: Compliance,
    pub references: Vec<String>,
    /// Where the policy was loaded from: a file path, or `embedded:SEC001.yaml`.
    pub source: String,
    /// The YAML text the policy was read from (for `policies show`).
    #[serde(skip)]
    pub yaml: String,
}

impl Policy {
    /// True when the policy applies to this resource's type and mode.
    pub fn applies_to(&self, r: &Resource) -> bool {
        self.resource_types.iter().any(|t| t.matches(r))
    }

    /// The compliance mappings as a flat list.
    pub fn compliance_refs(&self) -> Vec<ComplianceRef> {
        self.compliance.refs()
    }

    /// The policy's documentation page in Markdown, generated from the same
    /// YAML the engine runs (for `chkmate policies docs`).
    pub fn to_markdown(&self) -> String {
        let mut out = format!("## {}: {}\n\n", self.id, self.title);
        let types: Vec<String> = self
            .resource_types
            .iter()
            .map(|t| format!("`{t}`"))
            .collect();
        out.push_str(&format!(
            "Severity: **{}** · Category: {} · Resources: {}\n\n",
            self.severity,
            self.category,
            types.join(", ")
        ));
        out.push_str(self.description.trim_end());
        out.push_str("\n\n");
        let r = &self.remediation;
        let fix = match (r.available(), r.applicability) {
            (true, a) => format!("automatic, {a}"),
            (false, crate::finding::Applicability::None) => "manual".to_string(),
            (false, a) => format!("manual ({a})"),
        };
        out.push_str(&format!("**Fix:** {fix}"));
        if r.forces_replacement {
            out.push_str("; forces replacement of existing resources");
        }
        out.push_str("\n\n");
        if let Some(g) = &r.guidance {
            out.push_str(g.trim_end());
            out.push_str("\n\n");
        }
        let refs = self.compliance_refs();
        if !refs.is_empty() {
            out.push_str("**Compliance:**\n\n");
            for (label, framework) in [
                ("CIS AWS Foundations v3.0", "cis_aws_v3"),
                ("NIST SP 800-53 r5", "nist_800_53_r5"),
                ("SOC 2", "soc2"),
                ("PCI DSS v4.0", "pci_dss_v4"),
                ("HIPAA", "hipaa"),
                ("AWS Well-Architected", "aws_well_architected"),
            ] {
                let ids: Vec<&str> = refs
                    .iter()
                    .filter(|c| c.framework == framework)
                    .map(|c| c.id.as_str())
                    .collect();
                if !ids.is_empty() {
                    out.push_str(&format!("- {label}: {}\n", ids.join(", ")));
                }
            }
            out.push('\n');
        }
        if !self.references.is_empty() {
            out.push_str("**References:**\n\n");
            for u in &self.references {
                out.push_str(&format!("- <{u}>\n"));
            }
        }
        out
    }
}

/// How a policy decides.
#[derive(Clone, Debug)]
pub enum PolicyCheck {
    Declarative(Condition),
    Builtin(String),
}

impl Serialize for PolicyCheck {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            PolicyCheck::Declarative(_) => s.serialize_str("declarative"),
            PolicyCheck::Builtin(name) => s.serialize_str(&format!("builtin:{name}")),
        }
    }
}

/// A resource type with its mode: `aws_s3_bucket`, `data.aws_iam_policy_document`
/// or `*` (everything).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeRef {
    pub mode: Mode,
    /// Empty for `*`.
    pub rtype: String,
}

impl TypeRef {
    pub fn parse(s: &str) -> Result<TypeRef, String> {
        if s == "*" {
            return Ok(TypeRef {
                mode: Mode::Managed,
                rtype: String::new(),
            });
        }
        let (mode, name) = match s.strip_prefix("data.") {
            Some(rest) => (Mode::Data, rest),
            None => (Mode::Managed, s),
        };
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && name.starts_with(|c: char| c.is_ascii_lowercase());
        if !valid {
            return Err(format!(
                "`{s}` is not a resource type (expected e.g. aws_s3_bucket or data.aws_iam_policy_document)"
            ));
        }
        Ok(TypeRef {
            mode,
            rtype: name.to_string(),
        })
    }

    pub fn is_wildcard(&self) -> bool {
        self.rtype.is_empty()
    }

    pub fn matches(&self, r: &Resource) -> bool {
        self.is_wildcard() || (self.mode == r.mode && self.rtype == r.rtype)
    }
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.is_wildcard(), self.mode) {
            (true, _) => f.write_str("*"),
            (false, Mode::Data) => write!(f, "data.{}", self.rtype),
            (false, Mode::Managed) => f.write_str(&self.rtype),
        }
    }
}

impl<'de> Deserialize<'de> for TypeRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        TypeRef::parse(&s).map_err(de::Error::custom)
    }
}

impl Serialize for TypeRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// Compliance mappings per framework.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Compliance {
    /// CIS Amazon Web Services Foundations Benchmark v3.0.0.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cis_aws_v3: Vec<String>,
    /// NIST SP 800-53 Revision 5.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nist_800_53_r5: Vec<String>,
    /// SOC 2 Trust Services Criteria.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub soc2: Vec<String>,
    /// PCI DSS v4.0.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pci_dss_v4: Vec<String>,
    /// HIPAA Security Rule (45 CFR Part 164).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hipaa: Vec<String>,
    /// AWS Well-Architected Framework best practices.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aws_well_architected: Vec<String>,
}

impl Compliance {
    pub fn refs(&self) -> Vec<ComplianceRef> {
        let mut out = Vec::new();
        for (framework, ids) in [
            ("cis_aws_v3", &self.cis_aws_v3),
            ("nist_800_53_r5", &self.nist_800_53_r5),
            ("soc2", &self.soc2),
            ("pci_dss_v4", &self.pci_dss_v4),
            ("hipaa", &self.hipaa),
            ("aws_well_architected", &self.aws_well_architected),
        ] {
            for id in ids {
                out.push(ComplianceRef {
                    framework: framework.to_string(),
                    id: id.clone(),
                });
            }
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.refs().is_empty()
    }
}

/// How a finding can be fixed.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Remediation {
    pub applicability: Applicability,
    /// Applying the fix to an existing resource forces its replacement.
    #[serde(default)]
    pub forces_replacement: bool,
    /// Declarative edits a fixer applies to the lossless tree, in order.
    #[serde(default)]
    pub edits: Vec<Edit>,
    /// Manual steps (Markdown) when no automatic fix exists or as context.
    #[serde(default)]
    pub guidance: Option<String>,
}

impl Remediation {
    /// True when an automatic fix exists.
    pub fn available(&self) -> bool {
        self.applicability != Applicability::None && !self.edits.is_empty()
    }
}

/// One declarative edit, applied by a fixer to the lossless tree.
///
/// Paths: `path` is relative to the resource; with `relative: true` it is
/// relative to the finding's attribute path (e.g. the offending `ingress[1]`
/// block); without `path`, the edit targets the finding's attribute itself.
/// In `expr` strings, `{self}` stands for a reference to the resource instance
/// being fixed (the fixer writes `aws_s3_bucket.b`, or the `each.value` /
/// `count.index` form for expanded resources). `types` restricts an edit to
/// some resource types (all when empty).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Edit {
    /// Set an attribute (creating the nested blocks on its path when missing)
    /// to a literal `value` or an HCL `expr`.
    Set {
        path: Option<AttrPath>,
        relative: bool,
        value: Option<serde_json::Value>,
        expr: Option<String>,
        types: Vec<TypeRef>,
    },
    /// Remove an attribute, or every nested block at the path.
    Remove {
        path: Option<AttrPath>,
        relative: bool,
        types: Vec<TypeRef>,
    },
    /// Ensure a nested block exists with these contents.
    AddBlock {
        path: AttrPath,
        relative: bool,
        content: BlockTemplate,
        types: Vec<TypeRef>,
    },
    /// Add a companion resource that references the fixed resource (named after
    /// it with `name_suffix`, expanded with the same count/for_each).
    AddResource {
        rtype: TypeRef,
        name_suffix: String,
        content: BlockTemplate,
        types: Vec<TypeRef>,
    },
    /// Declare an input variable the other edits use (once per module).
    AddVariable {
        name: String,
        /// HCL type expression, e.g. `list(string)`.
        var_type: String,
        description: String,
        default: Option<serde_json::Value>,
    },
}

/// Contents of a block to write: literal attributes, expression attributes and
/// nested blocks (one per kind).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BlockTemplate {
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub attributes: IndexMap<String, serde_json::Value>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub expressions: IndexMap<String, String>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub blocks: IndexMap<String, BlockTemplate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    #[serde(default)]
    path: Option<AttrPath>,
    #[serde(default)]
    relative: bool,
    #[serde(default)]
    value: Option<serde_json::Value>,
    #[serde(default)]
    expr: Option<String>,
    #[serde(default)]
    types: Vec<TypeRef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRemove {
    #[serde(default)]
    path: Option<AttrPath>,
    #[serde(default)]
    relative: bool,
    #[serde(default)]
    types: Vec<TypeRef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAddBlock {
    path: AttrPath,
    #[serde(default)]
    relative: bool,
    #[serde(default)]
    attributes: IndexMap<String, serde_json::Value>,
    #[serde(default)]
    expressions: IndexMap<String, String>,
    #[serde(default)]
    blocks: IndexMap<String, BlockTemplate>,
    #[serde(default)]
    types: Vec<TypeRef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAddResource {
    #[serde(rename = "type")]
    rtype: TypeRef,
    name_suffix: String,
    #[serde(default)]
    attributes: IndexMap<String, serde_json::Value>,
    #[serde(default)]
    expressions: IndexMap<String, String>,
    #[serde(default)]
    blocks: IndexMap<String, BlockTemplate>,
    #[serde(default)]
    types: Vec<TypeRef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAddVariable {
    name: String,
    #[serde(rename = "type")]
    var_type: String,
    description: String,
    #[serde(default)]
    default: Option<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEdit {
    #[serde(default)]
    set: Option<RawSet>,
    #[serde(default)]
    remove: Option<RawRemove>,
    #[serde(default)]
    add_block: Option<RawAddBlock>,
    #[serde(default)]
    add_resource: Option<RawAddResource>,
    #[serde(default)]
    add_variable: Option<RawAddVariable>,
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

impl<'de> Deserialize<'de> for Edit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ValidatingVisitor::<RawEdit, Edit> {
            expecting: "an edit mapping",
            convert: Edit::try_from,
        })
    }
}

impl TryFrom<RawEdit> for Edit {
    type Error = String;

    fn try_from(raw: RawEdit) -> Result<Self, String> {
        let mut out = Vec::new();
        if let Some(s) = raw.set {
            if s.value.is_some() == s.expr.is_some() {
                return Err("`set` needs exactly one of `value` or `expr`".into());
            }
            if s.relative && s.path.is_none() {
                return Err("`relative: true` needs a `path`".into());
            }
            out.push(Edit::Set {
                path: s.path,
                relative: s.relative,
                value: s.value,
                expr: s.expr,
                types: s.types,
            });
        }
        if let Some(r) = raw.remove {
            if r.relative && r.path.is_none() {
                return Err("`relative: true` needs a `path`".into());
            }
            out.push(Edit::Remove {
                path: r.path,
                relative: r.relative,
                types: r.types,
            });
        }
        if let Some(a) = raw.add_block {
            out.push(Edit::AddBlock {
                path: a.path,
                relative: a.relative,
                content: BlockTemplate {
                    attributes: a.attributes,
                    expressions: a.expressions,
                    blocks: a.blocks,
                },
                types: a.types,
            });
        }
        if let Some(a) = raw.add_resource {
            if !is_identifier(&a.name_suffix) {
                return Err("`add_resource.name_suffix` must be an identifier".into());
            }
            out.push(Edit::AddResource {
                rtype: a.rtype,
                name_suffix: a.name_suffix,
                content: BlockTemplate {
                    attributes: a.attributes,
                    expressions: a.expressions,
                    blocks: a.blocks,
                },
                types: a.types,
            });
        }
        if let Some(v) = raw.add_variable {
            if !is_identifier(&v.name) {
                return Err("`add_variable.name` must be an identifier".into());
            }
            out.push(Edit::AddVariable {
                name: v.name,
                var_type: v.var_type,
                description: v.description,
                default: v.default,
            });
        }
        match out.len() {
            1 => Ok(out.remove(0)),
            _ => Err(
                "an edit needs exactly one of `set`, `remove`, `add_block`, `add_resource` or `add_variable`"
                    .into(),
            ),
        }
    }
}

/// Comparison operators of attribute conditions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Equals,
    NotEquals,
    In,
    NotIn,
    Regex,
    NotRegex,
    Contains,
    NotContains,
    Gt,
    Gte,
    Lt,
    Lte,
    Exists,
    Absent,
    IsTrue,
    IsFalse,
}

impl Op {
    fn takes_value(self) -> bool {
        !matches!(self, Op::Exists | Op::Absent | Op::IsTrue | Op::IsFalse)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Op::Equals => "equals",
            Op::NotEquals => "not_equals",
            Op::In => "in",
            Op::NotIn => "not_in",
            Op::Regex => "regex",
            Op::NotRegex => "not_regex",
            Op::Contains => "contains",
            Op::NotContains => "not_contains",
            Op::Gt => "gt",
            Op::Gte => "gte",
            Op::Lt => "lt",
            Op::Lte => "lte",
            Op::Exists => "exists",
            Op::Absent => "absent",
            Op::IsTrue => "is_true",
            Op::IsFalse => "is_false",
        }
    }
}

/// Quantifiers over several values or blocks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantifier {
    #[default]
    Any,
    All,
    None,
}

/// A condition on an attribute.
#[derive(Clone, Debug)]
pub struct AttrCheck {
    pub path: AttrPath,
    pub op: Op,
    /// The operand (`in`/`not_in`: a list).
    pub value: Option<Value>,
    /// Compiled `regex`/`not_regex` operand.
    pub regex: Option<Regex>,
    /// The value the provider uses when the attribute is not set.
    pub default: Option<Value>,
    pub each: Quantifier,
    pub ignore_case: bool,
}

/// A quantifier over nested blocks or list elements.
#[derive(Clone, Debug)]
pub struct BlockCheck {
    pub path: AttrPath,
    pub quantifier: Quantifier,
    pub condition: Box<Condition>,
}

/// Companion resources that reference this one.
#[derive(Clone, Debug)]
pub struct RelatedCheck {
    pub rtype: TypeRef,
    pub via: AttrPath,
    pub by_name: Option<AttrPath>,
    pub condition: Option<Box<Condition>>,
    pub quantifier: Quantifier,
}

/// Any resource of a type anywhere in the configuration.
#[derive(Clone, Debug)]
pub struct AnyResourceCheck {
    pub rtype: TypeRef,
    pub condition: Option<Box<Condition>>,
}

/// The resources an attribute of this resource refers to.
#[derive(Clone, Debug)]
pub struct ReferencedCheck {
    pub path: AttrPath,
    pub rtype: Option<TypeRef>,
    pub condition: Option<Box<Condition>>,
    pub quantifier: Quantifier,
}

/// A declarative condition (see the module documentation).
#[derive(Clone, Debug)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Attr(AttrCheck),
    Block(BlockCheck),
    Related(RelatedCheck),
    AnyResource(AnyResourceCheck),
    Referenced(ReferencedCheck),
    PerType(Vec<(TypeRef, Condition)>),
}

impl Condition {
    /// Calls `f` on this condition and every condition inside it.
    pub fn visit(&self, f: &mut dyn FnMut(&Condition)) {
        f(self);
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.visit(f)),
            Condition::Not(c) => c.visit(f),
            Condition::Attr(_) => {}
            Condition::Block(b) => b.condition.visit(f),
            Condition::Related(r) => {
                if let Some(c) = &r.condition {
                    c.visit(f)
                }
            }
            Condition::AnyResource(r) => {
                if let Some(c) = &r.condition {
                    c.visit(f)
                }
            }
            Condition::Referenced(r) => {
                if let Some(c) = &r.condition {
                    c.visit(f)
                }
            }
            Condition::PerType(cases) => cases.iter().for_each(|(_, c)| c.visit(f)),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelated {
    #[serde(rename = "type")]
    rtype: TypeRef,
    via: AttrPath,
    #[serde(default)]
    by_name: Option<AttrPath>,
    #[serde(default, rename = "where")]
    condition: Option<Box<Condition>>,
    #[serde(default, rename = "match")]
    quantifier: Option<Quantifier>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnyResource {
    #[serde(rename = "type")]
    rtype: TypeRef,
    #[serde(default, rename = "where")]
    condition: Option<Box<Condition>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReferenced {
    attr: AttrPath,
    #[serde(default, rename = "type")]
    rtype: Option<TypeRef>,
    #[serde(default, rename = "where")]
    condition: Option<Box<Condition>>,
    #[serde(default, rename = "match")]
    quantifier: Option<Quantifier>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCondition {
    #[serde(default)]
    all: Option<Vec<Condition>>,
    #[serde(default)]
    any: Option<Vec<Condition>>,
    #[serde(default)]
    not: Option<Box<Condition>>,
    #[serde(default)]
    attr: Option<AttrPath>,
    #[serde(default)]
    op: Option<Op>,
    #[serde(default)]
    value: Option<serde_json::Value>,
    #[serde(default)]
    default: Option<serde_json::Value>,
    #[serde(default)]
    each: Option<Quantifier>,
    #[serde(default)]
    ignore_case: Option<bool>,
    #[serde(default)]
    block: Option<AttrPath>,
    #[serde(default, rename = "match")]
    quantifier: Option<Quantifier>,
    #[serde(default, rename = "where")]
    condition: Option<Box<Condition>>,
    #[serde(default)]
    related: Option<RawRelated>,
    #[serde(default)]
    any_resource: Option<RawAnyResource>,
    #[serde(default)]
    referenced: Option<RawReferenced>,
    #[serde(default)]
    per_type: Option<IndexMap<String, Condition>>,
}

fn attr_check(
    path: AttrPath,
    op: Option<Op>,
    value: Option<serde_json::Value>,
    default: Option<serde_json::Value>,
    each: Option<Quantifier>,
    ignore_case: bool,
) -> Result<AttrCheck, String> {
    let op = op.ok_or_else(|| format!("condition on `{path}` needs an `op`"))?;
    if op.takes_value() && value.is_none() {
        return Err(format!("`op: {}` on `{path}` needs a `value`", op.as_str()));
    }
    if !op.takes_value() && value.is_some() {
        return Err(format!(
            "`op: {}` on `{path}` takes no `value`",
            op.as_str()
        ));
    }
    if matches!(op, Op::Exists | Op::Absent) && default.is_some() {
        return Err(format!(
            "`op: {}` on `{path}` takes no `default`",
            op.as_str()
        ));
    }
    let each = each.unwrap_or_default();
    if each == Quantifier::None {
        return Err("`each` is `any` or `all` (use `not` for none)".into());
    }
    let mut regex = None;
    if let (Op::Regex | Op::NotRegex, Some(v)) = (op, &value) {
        let pattern = v
            .as_str()
            .ok_or_else(|| format!("the `regex` value on `{path}` must be a string"))?;
        let pattern = if ignore_case {
            format!("(?i){pattern}")
        } else {
            pattern.to_string()
        };
        regex = Some(Regex::new(&pattern).map_err(|e| format!("invalid regex on `{path}`: {e}"))?);
    }
    if let (Op::In | Op::NotIn, Some(v)) = (op, &value) {
        if !v.is_array() {
            return Err(format!(
                "`op: {}` on `{path}` needs a list `value`",
                op.as_str()
            ));
        }
    }
    if let (Op::Gt | Op::Gte | Op::Lt | Op::Lte, Some(v)) = (op, &value) {
        if !v.is_number() {
            return Err(format!(
                "`op: {}` on `{path}` needs a number `value`",
                op.as_str()
            ));
        }
    }
    Ok(AttrCheck {
        path,
        op,
        value: value.as_ref().map(Value::from_json),
        regex,
        default: default.as_ref().map(Value::from_json),
        each,
        ignore_case,
    })
}

impl TryFrom<RawCondition> for Condition {
    type Error = String;

    fn try_from(r: RawCondition) -> Result<Self, String> {
        let kinds = [
            r.all.is_some(),
            r.any.is_some(),
            r.not.is_some(),
            r.attr.is_some(),
            r.block.is_some(),
            r.related.is_some(),
            r.any_resource.is_some(),
            r.referenced.is_some(),
            r.per_type.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if kinds != 1 {
            return Err(
                "a condition needs exactly one of `all`, `any`, `not`, `attr`, `block`, `related`, `any_resource`, `referenced` or `per_type`"
                    .into(),
            );
        }
        let attr_keys = r.op.is_some()
            || r.value.is_some()
            || r.default.is_some()
            || r.each.is_some()
            || r.ignore_case.is_some();
        let block_keys = r.quantifier.is_some() || r.condition.is_some();
        if attr_keys && r.attr.is_none() {
            return Err(
                "`op`, `value`, `default`, `each` and `ignore_case` belong to an `attr` condition"
                    .into(),
            );
        }
        if block_keys && r.block.is_none() {
            return Err("`match` and `where` belong to a `block` condition".into());
        }
        if let Some(cs) = r.all {
            return Ok(Condition::All(cs));
        }
        if let Some(cs) = r.any {
            if cs.is_empty() {
                return Err("`any` needs at least one condition".into());
            }
            return Ok(Condition::Any(cs));
        }
        if let Some(c) = r.not {
            return Ok(Condition::Not(c));
        }
        if let Some(path) = r.attr {
            return attr_check(
                path,
                r.op,
                r.value,
                r.default,
                r.each,
                r.ignore_case.unwrap_or(false),
            )
            .map(Condition::Attr);
        }
        if let Some(path) = r.block {
            let condition = r
                .condition
                .ok_or_else(|| format!("`block: {path}` needs a `where` condition"))?;
            return Ok(Condition::Block(BlockCheck {
                path,
                quantifier: r.quantifier.unwrap_or_default(),
                condition,
            }));
        }
        if let Some(rel) = r.related {
            let quantifier = rel.quantifier.unwrap_or_default();
            if quantifier == Quantifier::None {
                return Err("`related.match` is `any` or `all` (use `not` for none)".into());
            }
            if rel.rtype.is_wildcard() {
                return Err("`related.type` must be a resource type".into());
            }
            return Ok(Condition::Related(RelatedCheck {
                rtype: rel.rtype,
                via: rel.via,
                by_name: rel.by_name,
                condition: rel.condition,
                quantifier,
            }));
        }
        if let Some(a) = r.any_resource {
            if a.rtype.is_wildcard() {
                return Err("`any_resource.type` must be a resource type".into());
            }
            return Ok(Condition::AnyResource(AnyResourceCheck {
                rtype: a.rtype,
                condition: a.condition,
            }));
        }
        if let Some(rf) = r.referenced {
            let quantifier = rf.quantifier.unwrap_or_default();
            if quantifier == Quantifier::None {
                return Err("`referenced.match` is `any` or `all` (use `not` for none)".into());
            }
            return Ok(Condition::Referenced(ReferencedCheck {
                path: rf.attr,
                rtype: rf.rtype,
                condition: rf.condition,
                quantifier,
            }));
        }
        if let Some(cases) = r.per_type {
            let mut out = Vec::new();
            for (t, c) in cases {
                let t = TypeRef::parse(&t)?;
                if t.is_wildcard() {
                    return Err("`per_type` keys must be resource types".into());
                }
                out.push((t, c));
            }
            return Ok(Condition::PerType(out));
        }
        Err("empty condition".into())
    }
}

/// Deserializes a mapping into `Raw` and validates it inside the map visitor, so
/// validation errors carry the location of the mapping (serde_yaml attaches the
/// position of the value being deserialized to errors raised while visiting it).
struct ValidatingVisitor<Raw, T> {
    expecting: &'static str,
    convert: fn(Raw) -> Result<T, String>,
}

impl<'de, Raw: Deserialize<'de>, T> de::Visitor<'de> for ValidatingVisitor<Raw, T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        let raw = Raw::deserialize(de::value::MapAccessDeserializer::new(map))?;
        (self.convert)(raw).map_err(de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ValidatingVisitor::<RawCondition, Condition> {
            expecting: "a condition mapping",
            convert: Condition::try_from,
        })
    }
}

/// The raw YAML file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PolicyFile {
    pub id: String,
    pub title: String,
    pub description: String,
    pub severity: Severity,
    pub category: Category,
    pub resource_types: Vec<TypeRef>,
    #[serde(default)]
    pub check: Option<Condition>,
    #[serde(default)]
    pub builtin: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    pub remediation: Remediation,
    #[serde(default)]
    pub compliance: Compliance,
    #[serde(default)]
    pub references: Vec<String>,
}
