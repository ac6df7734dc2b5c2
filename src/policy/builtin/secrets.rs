//! Hardcoded secrets (SEC032).
//!
//! Two detectors over every string in a resource (attributes, nested blocks,
//! maps such as Lambda `environment.variables`, and JSON documents held in
//! strings):
//!
//! - value patterns, whatever the attribute is called: AWS access key ids
//!   (`AKIA…`/`ASIA…`), AWS secret access keys next to such an id, Stripe live
//!   keys, GitHub tokens, Slack tokens and webhooks, Google API keys and PEM
//!   private key blocks;
//! - secret names: a literal in an attribute or key whose name says it is a
//!   secret (`password`, `secret`, `api_key`, `private_key`, `client_secret`,
//!   `auth_token` …, but not `secret_arn`, `password_length` …), and a
//!   high-entropy literal (≥ 20 characters) under a weaker name (`token`, `key`,
//!   `credential` …). An `aws_ssm_parameter` of type `SecureString` with a
//!   literal `value` is a hardcoded secret too.
//!
//! Only literals count. A value never fires when it carries an origin (it came
//! from a resource, data source or unknown variable) or, when the source text
//! is available, when the secret does not appear in the attribute's own
//! expression text (it came from a variable, a local or a function such as
//! `file()` or `base64decode()`). Without source text (plan JSON input), values
//! marked sensitive are skipped too, as they usually come from sensitive
//! variables. Messages show the secret masked (`crate::finding::mask_secret`);
//! the secret itself is never stored.

use super::{BuiltinCtx, BuiltinHit};
use crate::finding::mask_secret;
use crate::policy::path::{join_index, join_key};
use crate::source::{SourceMap, Span};
use crate::terraform::{Body, Mode, Resource, Value};
use regex::Regex;
use std::sync::OnceLock;

struct Pattern {
    kind: &'static str,
    re: Regex,
}

fn patterns() -> &'static [Pattern] {
    static P: OnceLock<Vec<Pattern>> = OnceLock::new();
    P.get_or_init(|| {
        let mk = |kind, re: &str| Pattern {
            kind,
            re: Regex::new(re).expect("valid built-in pattern"),
        };
        vec![
            mk(
                "AWS access key id",
                r"\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b",
            ),
            mk(
                "PEM private key",
                r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----",
            ),
            mk(
                "Stripe live secret key",
                r"\b(?:sk|rk)_live_[0-9A-Za-z]{16,}\b",
            ),
            mk(
                "GitHub token",
                r"\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b",
            ),
            mk("GitHub token", r"\bgithub_pat_[A-Za-z0-9_]{40,}\b"),
            mk("Slack token", r"\bxox[abprs]-[A-Za-z0-9-]{10,}\b"),
            mk(
                "Slack webhook URL",
                r"https://hooks\.slack\.com/services/T[A-Za-z0-9]+/B[A-Za-z0-9]+/[A-Za-z0-9]+",
            ),
            mk("Google API key", r"\bAIza[0-9A-Za-z_-]{35}\b"),
        ]
    })
}

/// Literal markers every value pattern starts with: one fast scan decides
/// whether the patterns need to run at all.
fn pattern_markers() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(
            r"AKIA|ASIA|ABIA|ACCA|PRIVATE KEY|sk_live_|rk_live_|ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|xox|hooks\.slack\.com|AIza",
        )
        .expect("valid built-in pattern")
    })
}

/// Cheap test before splitting a name into words: could it be secret-named?
fn may_be_secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        "pass", "pwd", "secret", "key", "token", "auth", "cred", "sign", "salt", "seed", "cert",
        "bearer",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

fn aws_secret_key_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"^[A-Za-z0-9/+]{40}$").expect("valid built-in pattern"))
}

/// Splits an attribute or key name into lower-case words
/// (`DB_PASSWORD`, `dbPassword`, `db-password` → `db`, `password`).
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Last words that make a secret-looking name describe something else.
const NOT_SECRET_SUFFIXES: &[&str] = &[
    "arn",
    "arns",
    "id",
    "ids",
    "name",
    "names",
    "type",
    "types",
    "length",
    "version",
    "versions",
    "policy",
    "enabled",
    "enable",
    "prefix",
    "path",
    "file",
    "filename",
    "url",
    "uri",
    "endpoint",
    "count",
    "mode",
    "ttl",
    "duration",
    "days",
    "seconds",
    "hours",
    "rotation",
    "format",
    "algorithm",
    "stage",
    "label",
    "description",
    "identifier",
    "reference",
    "ref",
    "source",
    "location",
    "required",
    "reuse",
    "prevention",
    "age",
    "min",
    "max",
    "minimum",
    "maximum",
    "complexity",
    "symbols",
    "numbers",
    "uppercase",
    "lowercase",
    "expiration",
    "expiry",
    "validity",
    "units",
    "header",
    "provider",
    "selection",
    "kms",
    "usage",
    "size",
    "bits",
    "spec",
    "status",
    "state",
    "schedule",
    "manager",
    "config",
    "configuration",
    "settings",
    "template",
    "pattern",
    "field",
    "fields",
    "parameter",
    "store",
    "vault",
    "bucket",
    "key",
    "keys",
    "attribute",
];

const STRONG_WORDS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "pwd",
    "secret",
    "apikey",
    "privatekey",
    "secretkey",
    "accesstoken",
    "authtoken",
    "authorization",
    "bearer",
];

const STRONG_PAIRS: &[(&str, &str)] = &[
    ("api", "key"),
    ("private", "key"),
    ("access", "key"),
    ("auth", "token"),
    ("access", "token"),
    ("refresh", "token"),
    ("bearer", "token"),
    ("session", "token"),
    ("client", "secret"),
    ("signing", "key"),
    ("encryption", "key"),
];

const WEAK_WORDS: &[&str] = &[
    "token",
    "key",
    "auth",
    "credential",
    "credentials",
    "cred",
    "creds",
    "signature",
    "salt",
    "pass",
    "seed",
    "cert",
];

/// True when the name says its value is a secret (`password`, `client_secret`,
/// `api_key`, `DB_PASSWORD`), excluding names of secret metadata
/// (`secret_arn`, `password_length`, `kms_key_id`).
pub fn is_secret_name(name: &str) -> bool {
    let w = words(name);
    let Some(last) = w.last() else {
        return false;
    };
    let strong = w.iter().any(|x| STRONG_WORDS.contains(&x.as_str()))
        || w.windows(2)
            .any(|p| STRONG_PAIRS.contains(&(p[0].as_str(), p[1].as_str())));
    if !strong {
        return false;
    }
    // `api_key` ends with "key" and is a secret; `secret_key_id` is not.
    let pair_end = w.len() >= 2 && STRONG_PAIRS.contains(&(w[w.len() - 2].as_str(), last.as_str()));
    pair_end || !NOT_SECRET_SUFFIXES.contains(&last.as_str())
}

fn is_weak_secret_name(name: &str) -> bool {
    let w = words(name);
    let Some(last) = w.last() else {
        return false;
    };
    w.iter().any(|x| WEAK_WORDS.contains(&x.as_str()))
        && (!NOT_SECRET_SUFFIXES.contains(&last.as_str()) || last == "key")
}

/// Shannon entropy in bits per character.
pub fn entropy(s: &str) -> f64 {
    let mut counts: std::collections::HashMap<char, usize> = std::collections::HashMap::new();
    let mut n = 0usize;
    for c in s.chars() {
        *counts.entry(c).or_default() += 1;
        n += 1;
    }
    if n == 0 {
        return 0.0;
    }
    counts
        .values()
        .map(|&k| {
            let p = k as f64 / n as f64;
            -p * p.log2()
        })
        .sum()
}

/// A random-looking token: ≥ 20 characters of a token alphabet, letters and
/// digits mixed, ≥ 3.5 bits of entropy per character.
fn looks_random(s: &str) -> bool {
    s.chars().count() >= 20
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-'))
        && s.chars().any(|c| c.is_ascii_alphabetic())
        && s.chars().any(|c| c.is_ascii_digit())
        && entropy(s) >= 3.5
}

/// Values under secret names that are not secrets themselves.
fn is_non_secret_value(s: &str) -> bool {
    let t = s.trim();
    t.chars().count() < 4
        || t.starts_with("arn:")
        || t.starts_with("{{resolve:")
        || t.eq_ignore_ascii_case("true")
        || t.eq_ignore_ascii_case("false")
        || NON_SECRET_SETTINGS.contains(&t)
}

/// Values of secret-sounding AWS settings that name a mode, not a credential
/// (`aws_api_gateway_method.authorization = "NONE"`, `authorization_type`, ...).
const NON_SECRET_SETTINGS: &[&str] = &[
    "NONE",
    "AWS_IAM",
    "CUSTOM",
    "COGNITO_USER_POOLS",
    "JWT",
    "REQUEST",
    "TOKEN",
    "SecureString",
    "String",
    "StringList",
];

/// Escapes a string the way it would be written inside an HCL quoted string.
fn hcl_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.replace("${", "$${").replace("%{", "%%{")
}

/// The part of a secret looked for in source text: its first line, at most 40
/// characters. `None` when that is blank.
fn fragment(secret: &str) -> Option<String> {
    let first = secret.lines().next().unwrap_or("").trim_end_matches('\r');
    let frag: String = first.chars().take(40).collect();
    (!frag.trim().is_empty()).then_some(frag)
}

/// Byte ranges of the top-level `variable` blocks of an HCL file.
fn variable_block_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    use hcl_edit::structure::Structure;
    use hcl_edit::Span as _;
    let Ok(body) = hcl_edit::parser::parse_body(text) else {
        return Vec::new();
    };
    body.iter()
        .filter_map(|s| match s {
            Structure::Block(b) if b.ident.as_str() == "variable" => b.span(),
            _ => None,
        })
        .collect()
}

/// True when `secret` is a literal of the configuration: written in the
/// attribute's own expression text `src`, or somewhere in a `.tf` file outside
/// the `variable` blocks (a `locals` value flowing into the resource). Values
/// that reach a resource from variable defaults, `.tfvars` files or function
/// results are not. Without source text there is no way to tell: true.
fn is_literal(sources: Option<&SourceMap>, src: Option<&str>, secret: &str) -> bool {
    let Some(frag) = fragment(secret) else {
        return true;
    };
    let escaped = hcl_escape(&frag);
    if let Some(src) = src {
        if src.contains(&frag) || src.contains(&escaped) {
            return true;
        }
    }
    let Some(sources) = sources else {
        return true;
    };
    for (_, file) in sources.files() {
        if !file.path.to_string_lossy().ends_with(".tf") {
            continue;
        }
        let text: &str = &file.text;
        let mut offsets: Vec<usize> = text.match_indices(frag.as_str()).map(|(i, _)| i).collect();
        if escaped != frag {
            offsets.extend(text.match_indices(escaped.as_str()).map(|(i, _)| i));
        }
        if offsets.is_empty() {
            continue;
        }
        let vars = variable_block_ranges(text);
        if offsets.iter().any(|o| !vars.iter().any(|r| r.contains(o))) {
            return true;
        }
    }
    false
}

fn source_text(sources: Option<&SourceMap>, span: Option<Span>) -> Option<&str> {
    let span = span?;
    let file = sources?.get(span.file)?;
    file.text.get(span.start as usize..span.end as usize)
}

/// A secret found in one place. Holds the masked form only.
#[derive(Clone, Debug, PartialEq)]
pub struct SecretFound {
    /// Attribute path (`environment[0].variables.API_KEY`).
    pub path: String,
    pub span: Option<Span>,
    /// What was found: `AWS access key id`, `secret`, `Stripe live secret key` ...
    pub kind: &'static str,
    /// The secret's first characters and `****`.
    pub masked: String,
}

impl SecretFound {
    /// `hardcoded {kind} in {location}: "{masked}"`.
    pub fn describe(&self, location: &str) -> String {
        format!("hardcoded {} in {location}: \"{}\"", self.kind, self.masked)
    }
}

struct Walker<'a> {
    sources: Option<&'a SourceMap>,
    found: Vec<SecretFound>,
    /// 40-character strings that are AWS secret keys if an access key id is near.
    pending_secret_keys: Vec<SecretFound>,
}

impl<'a> Walker<'a> {
    fn new(sources: Option<&'a SourceMap>) -> Walker<'a> {
        Walker {
            sources,
            found: Vec::new(),
            pending_secret_keys: Vec::new(),
        }
    }

    fn finish(mut self) -> Vec<SecretFound> {
        if self.found.iter().any(|f| f.kind == "AWS access key id") {
            let pending = std::mem::take(&mut self.pending_secret_keys);
            self.found.extend(pending);
        }
        self.found
    }

    fn body(&mut self, body: &Body, prefix: &str, skip: &[&str]) {
        for (name, attr) in &body.attrs {
            if skip.contains(&name.as_str()) {
                continue;
            }
            let src = source_text(self.sources, attr.span);
            let path = join_key(prefix, name);
            self.value(&attr.value, &path, name, false, attr.span, src);
        }
        let mut seen: Vec<(&str, usize)> = Vec::new();
        for b in &body.blocks {
            let i = match seen.iter_mut().find(|(k, _)| *k == b.kind) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    seen.push((&b.kind, 0));
                    0
                }
            };
            let p = join_index(&join_key(prefix, &b.kind), i);
            self.body(&b.body, &p, &[]);
        }
    }

    fn value(
        &mut self,
        v: &Value,
        path: &str,
        key: &str,
        tainted: bool,
        span: Option<Span>,
        src: Option<&str>,
    ) {
        // A value with origins came from a variable, resource or data source.
        // The sensitive mark alone says nothing when the source text can be
        // checked (the provider schema marks `password` sensitive even when it
        // is a literal); without source text, a sensitive value is assumed to
        // come from a sensitive variable.
        let tainted = tainted
            || v.marks()
                .is_some_and(|m| !m.origins.is_empty() || (m.sensitive && src.is_none()));
        match v.unmarked() {
            Value::String(s) => {
                if tainted {
                    return;
                }
                let before = self.found.len();
                self.string(s, path, key, span, src);
                let t = s.trim_start();
                if self.found.len() == before && (t.starts_with('{') || t.starts_with('[')) {
                    if let Ok(j) = serde_json::from_str::<serde_json::Value>(s) {
                        self.json(&j, path, key, span, src);
                    }
                }
            }
            Value::Map(m) => {
                for (k, x) in m {
                    self.value(x, &join_key(path, k), k, tainted, span, src);
                }
            }
            Value::List(items) => {
                for (i, x) in items.iter().enumerate() {
                    self.value(x, &join_index(path, i), key, tainted, span, src);
                }
            }
            _ => {}
        }
    }

    fn json(
        &mut self,
        j: &serde_json::Value,
        path: &str,
        key: &str,
        span: Option<Span>,
        src: Option<&str>,
    ) {
        match j {
            serde_json::Value::String(s) => self.string(s, path, key, span, src),
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    self.json(x, &join_key(path, k), k, span, src);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, x) in items.iter().enumerate() {
                    self.json(x, &join_index(path, i), key, span, src);
                }
            }
            _ => {}
        }
    }

    fn string(&mut self, s: &str, path: &str, key: &str, span: Option<Span>, src: Option<&str>) {
        if self.found.iter().any(|f| f.path == path) {
            return;
        }
        let marked = pattern_markers().is_match(s);
        for p in patterns().iter().filter(|_| marked) {
            if let Some(m) = p.re.find(s) {
                if is_literal(self.sources, src, m.as_str()) {
                    self.found.push(SecretFound {
                        path: path.to_string(),
                        span,
                        kind: p.kind,
                        masked: mask_secret(m.as_str()),
                    });
                    return;
                }
            }
        }
        if is_non_secret_value(s) {
            return;
        }
        let named = may_be_secret_name(key);
        let kind = if named && is_secret_name(key) {
            Some("secret")
        } else if named && is_weak_secret_name(key) && looks_random(s) {
            Some("credential-like value")
        } else {
            None
        };
        let candidate = kind.is_some() || aws_secret_key_re().is_match(s);
        // The literal check searches source text: only for candidates.
        if !candidate || !is_literal(self.sources, src, s) {
            return;
        }
        if let Some(kind) = kind {
            self.found.push(SecretFound {
                path: path.to_string(),
                span,
                kind,
                masked: mask_secret(s),
            });
        } else if aws_secret_key_re().is_match(s) {
            self.pending_secret_keys.push(SecretFound {
                path: path.to_string(),
                span,
                kind: "AWS secret access key",
                masked: mask_secret(s),
            });
        }
    }
}

/// Scans one body (a resource or a provider block) for hardcoded secrets.
/// `prefix` starts attribute paths; attributes named in `skip` are ignored.
pub fn scan_body(
    body: &Body,
    prefix: &str,
    skip: &[&str],
    sources: Option<&SourceMap>,
) -> Vec<SecretFound> {
    let mut w = Walker::new(sources);
    w.body(body, prefix, skip);
    w.finish()
}

/// SEC032: hardcoded secrets in any resource or data source.
pub fn hardcoded_secrets(ctx: &BuiltinCtx<'_>, r: &Resource, out: &mut Vec<BuiltinHit>) {
    // The rendered `json` of a policy document repeats its statement values.
    let skip: &[&str] = if r.mode == Mode::Data && r.rtype == "aws_iam_policy_document" {
        &["json"]
    } else {
        &[]
    };
    let mut found = scan_body(&r.body, "", skip, ctx.sources);
    if r.mode == Mode::Managed && r.rtype == "aws_ssm_parameter" {
        let secure = r.body.value("type").and_then(Value::as_str) == Some("SecureString");
        if let (true, Some(a)) = (secure, r.body.attr("value")) {
            let src = source_text(ctx.sources, a.span);
            let literal = a
                .value
                .marks()
                .is_none_or(|m| m.origins.is_empty() && (!m.sensitive || src.is_some()));
            if let (true, Some(s)) = (literal, a.value.as_str()) {
                let already = found.iter().any(|f| f.path == "value");
                if !already && !s.is_empty() && is_literal(ctx.sources, src, s) {
                    found.push(SecretFound {
                        path: "value".into(),
                        span: a.span,
                        kind: "SecureString parameter value",
                        masked: mask_secret(s),
                    });
                }
            }
        }
    }
    for f in found {
        out.push(BuiltinHit::violation(
            f.describe(&format!("`{}`", f.path)),
            Some(f.path),
            f.span.or(r.span),
        ));
    }
}

/// A hardcoded secret in a provider block or a variable default.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigSecret {
    /// `provider.aws`, `provider.aws.west` or `var.db_password`.
    pub address: String,
    /// `provider` or `variable`.
    pub block_type: &'static str,
    /// Directory of the declaring file: tells modules apart.
    pub dir: String,
    /// Attribute path inside the block (`access_key`, `default`, `default.token`).
    pub path: String,
    pub span: Option<Span>,
    /// Specific message; the secret is masked.
    pub message: String,
}

/// Words whose presence makes a file worth parsing for provider/variable
/// secrets (names and value patterns of the detectors above).
fn config_prefilter() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(
            r"(?i)passw|passphrase|pwd|secret|api_?key|private_?key|access_?key|signing_?key|encryption_?key|token|auth|credential|signature|salt|seed|AKIA|ASIA|ABIA|ACCA|sk_live_|rk_live_|gh[pousr]_|github_pat_|xox[abprs]-|PRIVATE KEY|AIza|hooks\.slack\.com",
        )
        .expect("valid built-in pattern")
    })
}

/// A `provider` or `variable` block header.
fn config_block_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r#"(?m)^[ \t]*(?:provider|variable)[ \t]+["\w]"#)
            .expect("valid built-in pattern")
    })
}

/// A literal HCL expression as a value; `None` for anything computed
/// (references, function calls, interpolations, operators).
fn literal(e: &hcl_edit::expr::Expression) -> Option<Value> {
    use hcl_edit::expr::{Expression as E, ObjectKey};
    match e {
        E::Null(_) => Some(Value::Null),
        E::Bool(b) => Some(Value::Bool(*b.value())),
        E::Number(n) => n.value().as_f64().map(Value::Number),
        E::String(s) => Some(Value::String(s.value().clone())),
        E::StringTemplate(t) => {
            let mut out = String::new();
            for el in t.iter() {
                out.push_str(el.as_literal()?.as_str());
            }
            Some(Value::String(out))
        }
        E::HeredocTemplate(h) => {
            let mut out = String::new();
            for el in &h.template {
                out.push_str(el.as_literal()?.as_str());
            }
            Some(Value::String(out))
        }
        E::Parenthesis(p) => literal(p.inner()),
        E::Array(a) => Some(Value::List(a.iter().filter_map(literal).collect())),
        E::Object(o) => {
            let mut m = std::collections::BTreeMap::new();
            for (k, v) in o.iter() {
                let key = match k {
                    ObjectKey::Ident(i) => Some(i.as_str().to_string()),
                    ObjectKey::Expression(e) => {
                        literal(e).and_then(|v| v.as_str().map(str::to_string))
                    }
                };
                if let (Some(key), Some(val)) = (key, literal(v.expr())) {
                    m.insert(key, val);
                }
            }
            Some(Value::Map(m))
        }
        _ => None,
    }
}

/// The literal attributes and nested blocks of an HCL body, as a model body.
fn literal_body(file: crate::source::FileId, body: &hcl_edit::structure::Body) -> Body {
    use crate::terraform::{Attr, NestedBlock};
    use hcl_edit::structure::Structure;
    use hcl_edit::Span as _;
    let mut out = Body::default();
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => {
                if let Some(v) = literal(&a.value) {
                    out.attrs.insert(
                        a.key.as_str().to_string(),
                        Attr {
                            value: v,
                            span: a.value.span().map(|r| Span::new(file, r)),
                        },
                    );
                }
            }
            Structure::Block(b) => out.blocks.push(NestedBlock {
                kind: b.ident.as_str().to_string(),
                labels: Vec::new(),
                body: literal_body(file, &b.body),
                span: b.span().map(|r| Span::new(file, r)),
                dynamic: false,
                expansion_unknown: false,
            }),
        }
    }
    out
}

/// Hardcoded secrets in `provider` blocks and `variable` defaults of the `.tf`
/// files of a run. The evaluated model holds resources only, so these blocks
/// are read from the source text; only literal expressions are considered, and
/// only files that mention a secret-like word or pattern are parsed.
pub fn scan_config_blocks(sources: &SourceMap) -> Vec<ConfigSecret> {
    use hcl_edit::structure::{BlockLabel, Structure};
    use hcl_edit::Span as _;
    let mut out = Vec::new();
    for (id, file) in sources.files() {
        let name = crate::source::display_path(&file.path);
        if !name.ends_with(".tf")
            || !config_block_re().is_match(&file.text)
            || !config_prefilter().is_match(&file.text)
        {
            continue;
        }
        let Ok(body) = hcl_edit::parser::parse_body(&file.text) else {
            continue;
        };
        let dir = match name.rfind('/') {
            Some(i) => name[..i].to_string(),
            None => String::new(),
        };
        for s in body.iter() {
            let Structure::Block(b) = s else {
                continue;
            };
            let label = b.labels.first().map(|l| match l {
                BlockLabel::Ident(i) => i.as_str().to_string(),
                BlockLabel::String(s) => s.value().clone(),
            });
            let Some(label) = label else {
                continue;
            };
            match b.ident.as_str() {
                "provider" => {
                    let lit = literal_body(id, &b.body);
                    let address = match lit.value("alias").and_then(Value::as_str) {
                        Some(alias) => format!("provider.{label}.{alias}"),
                        None => format!("provider.{label}"),
                    };
                    for f in scan_body(&lit, "", &["alias"], Some(sources)) {
                        out.push(ConfigSecret {
                            message: f.describe(&format!("`{}` of provider \"{label}\"", f.path)),
                            address: address.clone(),
                            block_type: "provider",
                            dir: dir.clone(),
                            span: f.span.or(b.span().map(|r| Span::new(id, r))),
                            path: f.path,
                        });
                    }
                }
                "variable" => {
                    let default = b.body.iter().find_map(|s| match s {
                        Structure::Attribute(a) if a.key.as_str() == "default" => Some(a),
                        _ => None,
                    });
                    let Some(a) = default else {
                        continue;
                    };
                    let Some(v) = literal(&a.value) else {
                        continue;
                    };
                    let span = a.value.span().map(|r| Span::new(id, r));
                    let mut w = Walker::new(Some(sources));
                    let src = source_text(Some(sources), span);
                    w.value(&v, "default", &label, false, span, src);
                    for f in w.finish() {
                        out.push(ConfigSecret {
                            message: f.describe(&format!("the default of variable \"{label}\"")),
                            address: format!("var.{label}"),
                            block_type: "variable",
                            dir: dir.clone(),
                            span: f.span,
                            path: f.path,
                        });
                    }
                }
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::policy::index::ModelIndex;
    use crate::source::{SourceFile, SourceMap};
    use crate::terraform::{Model, Origin, OriginKind};

    fn run_with(r: &Resource, sources: Option<&SourceMap>) -> Vec<BuiltinHit> {
        let model = Model::default();
        let index = ModelIndex::new(&model, &[]);
        let ctx = BuiltinCtx {
            index: &index,
            sources,
            required_tags: None,
        };
        let mut out = Vec::new();
        hardcoded_secrets(&ctx, r, &mut out);
        out
    }

    fn run(r: &Resource) -> Vec<BuiltinHit> {
        run_with(r, None)
    }

    const STRIPE: &str = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";

    #[test]
    fn names() {
        for yes in [
            "password",
            "master_password",
            "DB_PASSWORD",
            "dbPassword",
            "client_secret",
            "api_key",
            "API_KEY",
            "private_key",
            "secret_string",
            "auth_token",
            "access_key",
        ] {
            assert!(is_secret_name(yes), "{yes}");
        }
        for no in [
            "secret_arn",
            "password_length",
            "kms_key_id",
            "secret_id",
            "manage_master_user_password_enabled",
            "bucket",
            "token_validity_units",
            "secret_name",
        ] {
            assert!(!is_secret_name(no), "{no}");
        }
        assert_eq!(words("dbPasswordV2"), vec!["db", "password", "v2"]);
    }

    #[test]
    fn literal_password_and_env_var_patterns_are_masked() {
        let db = resource(
            "aws_db_instance",
            "db",
            body(vec![("password", s("SuperSecret123!"))], vec![]),
        );
        let hits = run(&db);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            hits[0].message,
            "hardcoded secret in `password`: \"Supe****\""
        );
        assert!(!hits[0].message.contains("SuperSecret123"));

        let env = map(vec![("variables", map(vec![("PAYMENTS", s(STRIPE))]))]);
        let f = resource(
            "aws_lambda_function",
            "f",
            body(
                vec![],
                vec![block(
                    "environment",
                    body(
                        vec![("variables", env.get("variables").unwrap().clone())],
                        vec![],
                    ),
                )],
            ),
        );
        let hits = run(&f);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            hits[0].path.as_deref(),
            Some("environment[0].variables.PAYMENTS")
        );
        assert!(hits[0].message.contains("Stripe live secret key"));
        assert!(hits[0].message.contains("\"sk_l****\""));
        assert!(!hits[0].message.contains(STRIPE));
    }

    #[test]
    fn references_variables_and_sensitive_values_never_fire() {
        let from_var = Value::string("SuperSecret123!").with_marks(
            crate::terraform::Marks::origin(Origin::new(OriginKind::Variable, "var.pw")),
        );
        let from_res = Value::unknown_from(Origin::new(OriginKind::Resource, "random_password.p"));
        let sensitive = Value::string("SuperSecret123!").mark_sensitive();
        for v in [from_var, from_res, sensitive] {
            let db = resource("aws_db_instance", "db", body(vec![("password", v)], vec![]));
            assert!(run(&db).is_empty());
        }
    }

    #[test]
    fn source_text_tells_literals_from_function_results() {
        let mut sources = SourceMap::new();
        let text = "password = file(\"pw.txt\")\napi_key = \"abcd1234efgh\"\n";
        let id = sources.add(SourceFile::new("main.tf".into(), text));
        let mut b = body(
            vec![
                ("password", s("SuperSecret123!")),
                ("api_key", s("abcd1234efgh")),
            ],
            vec![],
        );
        b.attrs.get_mut("password").unwrap().span = Some(Span::new(id, 11..25));
        b.attrs.get_mut("api_key").unwrap().span = Some(Span::new(id, 36..50));
        let r = resource("aws_x", "y", b);
        let hits = run_with(&r, Some(&sources));
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].path.as_deref(), Some("api_key"));
    }

    #[test]
    fn value_patterns_anywhere() {
        let key_id = "AKIAABCDEFGHIJKLMNOP";
        let secret = "wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY1";
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\n";
        let r = resource(
            "aws_instance",
            "i",
            body(
                vec![
                    (
                        "user_data",
                        s(&format!("export AWS_ACCESS_KEY_ID={key_id}\n")),
                    ),
                    ("tags", map(vec![("blob", s(secret)), ("Name", s("web"))])),
                ],
                vec![],
            ),
        );
        let hits = run(&r);
        assert_eq!(hits.len(), 2, "{hits:?}");
        assert!(hits[0].message.contains("AWS access key id"));
        assert!(hits[0].message.contains("\"AKIA****\""));
        assert!(hits[1].message.contains("AWS secret access key"));
        for h in &hits {
            assert!(!h.message.contains(key_id) && !h.message.contains(secret));
        }
        let k = resource("tls_x", "k", body(vec![("content", s(pem))], vec![]));
        assert!(run(&k)[0].message.contains("PEM private key"));
        for tok in [
            "ghp_0123456789abcdefghijABCDEFGHIJ012345",
            "xoxb-1234567890-abcdefghij",
        ] {
            let r = resource("aws_x", "t", body(vec![("description", s(tok))], vec![]));
            assert_eq!(run(&r).len(), 1, "{tok}");
        }
    }

    #[test]
    fn weak_names_need_random_values() {
        let r = resource(
            "aws_x",
            "k",
            body(
                vec![
                    ("key", s("logs/app/output.json")),
                    ("token", s("Zx8Kq2Lm9Rt4Vb7Nc1Hd5Jf3")),
                    ("password_length", n(14.0)),
                    (
                        "secret_arn",
                        s("arn:aws:secretsmanager:eu-west-1:111122223333:secret:x"),
                    ),
                    ("password", s("")),
                ],
                vec![],
            ),
        );
        let hits = run(&r);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].path.as_deref(), Some("token"));
    }

    #[test]
    fn json_documents_in_strings() {
        let r = resource(
            "aws_secretsmanager_secret_version",
            "v",
            body(
                vec![(
                    "secret_string",
                    s(r#"{"username":"app","password":"hunter2hunter2"}"#),
                )],
                vec![],
            ),
        );
        let hits = run(&r);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].path.as_deref(), Some("secret_string"));
    }

    #[test]
    fn secure_string_parameter() {
        let r = resource(
            "aws_ssm_parameter",
            "p",
            body(
                vec![("type", s("SecureString")), ("value", s("plain-value"))],
                vec![],
            ),
        );
        let hits = run(&r);
        assert_eq!(hits.len(), 1);
        assert!(hits[0].message.contains("\"plai****\""));
    }

    #[test]
    fn provider_blocks_and_variable_defaults() {
        let text = r#"
provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIACHKMATEFAKE12345"
  secret_key = var.secret_key
}

provider "aws" {
  alias = "west"
  assume_role {
    role_arn     = "arn:aws:iam::111122223333:role/x"
    external_id  = "not-a-secret-name"
  }
}

variable "db_password" {
  type    = string
  default = "chkmate-fake-password"
}

variable "settings" {
  default = {
    api_token = "Zx8Kq2Lm9Rt4Vb7Nc1Hd5Jf3"
    region    = "eu-west-1"
  }
}

variable "password_length" {
  default = 16
}

variable "secret_key" {
  type      = string
  sensitive = true
}

variable "from_function" {
  default = "${upper("chkmate-not-literal")}"
}
"#;
        let mut sources = SourceMap::new();
        sources.add(SourceFile::new("infra/main.tf".into(), text));
        sources.add(SourceFile::new(
            "infra/terraform.tfvars".into(),
            "db_password = \"chkmate-fake-password\"\n",
        ));
        let found = scan_config_blocks(&sources);
        let got: Vec<(&str, &str)> = found
            .iter()
            .map(|f| (f.address.as_str(), f.path.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("provider.aws", "access_key"),
                ("var.db_password", "default"),
                ("var.settings", "default.api_token"),
            ]
        );
        assert_eq!(
            found[0].message,
            "hardcoded AWS access key id in `access_key` of provider \"aws\": \"AKIA****\""
        );
        assert_eq!(
            found[1].message,
            "hardcoded secret in the default of variable \"db_password\": \"chkm****\""
        );
        assert_eq!(found[0].dir, "infra");
        assert!(found.iter().all(|f| f.span.is_some()));
        for f in &found {
            assert!(!f.message.contains("FAKE12345") && !f.message.contains("fake-password"));
        }
    }

    #[test]
    fn entropy_is_bits_per_char() {
        assert_eq!(entropy("aaaa"), 0.0);
        assert!((entropy("ab") - 1.0).abs() < 1e-9);
    }
}
