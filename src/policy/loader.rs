//! Loading policies: the embedded set under `policies/aws/` and user directories,
//! both in the same YAML format, with file:line:column errors.

use super::builtin;
use super::embedded::EMBEDDED;
use super::spec::{Policy, PolicyCheck, PolicyFile};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Why policies could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Bad YAML, an unknown key, a wrong type or an invalid value.
    #[error("{file}:{line}:{column}: {message}")]
    Parse {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: policy {id} is defined twice (also in {other})")]
    Duplicate {
        id: String,
        file: String,
        other: String,
    },
}

/// Line of the first top-level `key:` in a YAML text (1-based), else 1.
fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
        .unwrap_or(1)
}

fn invalid(file: &str, text: &str, key: &str, message: String) -> PolicyError {
    PolicyError::Parse {
        file: file.to_string(),
        line: key_line(text, key),
        column: 1,
        message,
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Parses and validates one policy file. `file` names it in errors and becomes
/// the policy's `source`.
pub fn parse_policy(file: &str, text: &str) -> Result<Policy, PolicyError> {
    let raw: PolicyFile = serde_yaml::from_str(text).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((1, 1));
        let mut message = e.to_string();
        if let Some(pos) = message.rfind(" at line ") {
            message.truncate(pos);
        }
        PolicyError::Parse {
            file: file.to_string(),
            line,
            column,
            message,
        }
    })?;
    if !valid_id(&raw.id) {
        return Err(invalid(
            file,
            text,
            "id",
            format!(
                "`{}` is not a valid policy id (letters, digits, `_`, `-`, `.`; starting with a letter)",
                raw.id
            ),
        ));
    }
    for (key, value) in [("title", &raw.title), ("description", &raw.description)] {
        if value.trim().is_empty() {
            return Err(invalid(
                file,
                text,
                key,
                format!("`{key}` must not be empty"),
            ));
        }
    }
    if raw.resource_types.is_empty() {
        return Err(invalid(
            file,
            text,
            "resource_types",
            "`resource_types` needs at least one type".into(),
        ));
    }
    let check = match (raw.check, raw.builtin) {
        (Some(c), None) => PolicyCheck::Declarative(c),
        (None, Some(name)) => {
            if builtin::lookup(&name).is_none() {
                return Err(invalid(
                    file,
                    text,
                    "builtin",
                    format!(
                        "unknown builtin check `{name}` (known: {})",
                        builtin::names().join(", ")
                    ),
                ));
            }
            PolicyCheck::Builtin(name)
        }
        (Some(_), Some(_)) => {
            return Err(invalid(
                file,
                text,
                "builtin",
                "a policy has either `check` or `builtin`, not both".into(),
            ))
        }
        (None, None) => {
            return Err(invalid(
                file,
                text,
                "id",
                "a policy needs a `check` or a `builtin`".into(),
            ))
        }
    };
    Ok(Policy {
        id: raw.id,
        title: raw.title.trim().to_string(),
        description: raw.description,
        severity: raw.severity,
        category: raw.category,
        resource_types: raw.resource_types,
        check,
        message: raw.message,
        remediation: raw.remediation,
        compliance: raw.compliance,
        references: raw.references,
        source: file.to_string(),
        yaml: text.to_string(),
    })
}

fn check_duplicates(policies: &[Policy]) -> Result<(), PolicyError> {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for p in policies {
        if let Some(other) = seen.insert(&p.id, &p.source) {
            return Err(PolicyError::Duplicate {
                id: p.id.clone(),
                file: p.source.clone(),
                other: other.to_string(),
            });
        }
    }
    Ok(())
}

/// The policies compiled into the binary, in ID order.
pub fn embedded_policies() -> Result<Vec<Policy>, PolicyError> {
    let mut out = Vec::with_capacity(EMBEDDED.len());
    for (name, text) in EMBEDDED {
        out.push(parse_policy(&format!("embedded:{name}"), text)?);
    }
    check_duplicates(&out)?;
    Ok(out)
}

fn collect_files(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), PolicyError> {
    let meta = std::fs::metadata(path).map_err(|source| PolicyError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let entries = std::fs::read_dir(path).map_err(|source| PolicyError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut children = Vec::new();
    for e in entries {
        let e = e.map_err(|source| PolicyError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        children.push(e.path());
    }
    children.sort();
    for c in children {
        if c.is_dir() {
            collect_files(&c, out)?;
        } else if c
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e == "yaml" || e == "yml")
        {
            out.push(c);
        }
    }
    Ok(())
}

/// Loads every `*.yaml`/`*.yml` policy under the given directories (recursively,
/// in path order) or files. IDs must be unique.
pub fn load_policies<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<Policy>, PolicyError> {
    let mut files = Vec::new();
    for p in paths {
        collect_files(p.as_ref(), &mut files)?;
    }
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|source| PolicyError::Io {
            path: f.clone(),
            source,
        })?;
        out.push(parse_policy(&crate::source::display_path(&f), &text)?);
    }
    check_duplicates(&out)?;
    Ok(out)
}

/// The embedded policies followed by those of the user directories; a user
/// policy may not reuse an embedded ID.
pub fn all_policies<P: AsRef<Path>>(user_paths: &[P]) -> Result<Vec<Policy>, PolicyError> {
    let mut out = embedded_policies()?;
    out.extend(load_policies(user_paths)?);
    check_duplicates(&out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "id: CUSTOM001
title: Trails must be multi-region
description: |
  What, why, how.
severity: high
category: security
resource_types: [aws_cloudtrail]
check:
  attr: is_multi_region_trail
  op: is_true
  default: false
remediation:
  applicability: safe
  edits:
    - set: { path: is_multi_region_trail, value: true }
compliance:
  cis_aws_v3: [\"3.1\"]
";

    #[test]
    fn parses_a_policy() {
        let p = parse_policy("x.yaml", GOOD).unwrap();
        assert_eq!(p.id, "CUSTOM001");
        assert!(p.remediation.available());
        assert_eq!(p.compliance_refs()[0].id, "3.1");
    }

    fn err(text: &str) -> String {
        parse_policy("p.yaml", text).unwrap_err().to_string()
    }

    #[test]
    fn renders_markdown_docs() {
        let p = parse_policy("x.yaml", GOOD).unwrap();
        let md = p.to_markdown();
        assert!(
            md.starts_with("## CUSTOM001: Trails must be multi-region\n"),
            "{md}"
        );
        assert!(
            md.contains("Severity: **high** · Category: security · Resources: `aws_cloudtrail`")
        );
        assert!(md.contains("**Fix:** automatic, safe"));
        assert!(md.contains("- CIS AWS Foundations v3.0: 3.1\n"));
        assert_eq!(p.yaml, GOOD);
    }

    #[test]
    fn unknown_keys_are_reported_with_line() {
        let text = GOOD.replace("severity: high", "severity: high\nseverty: low");
        let e = err(&text);
        assert!(e.starts_with("p.yaml:6:"), "{e}");
        assert!(e.contains("unknown field `severty`"), "{e}");

        let text = GOOD.replace("  op: is_true", "  op: is_true\n  opp: 1");
        let e = err(&text);
        assert!(e.contains("unknown field `opp`"), "{e}");
        assert!(e.starts_with("p.yaml:11:3"), "{e}");
    }

    #[test]
    fn invalid_values_are_reported() {
        let e = err(&GOOD.replace("op: is_true", "op: in"));
        assert!(e.contains("needs a `value`"), "{e}");
        assert!(e.starts_with("p.yaml:9:3"), "{e}");
        let e = err(&GOOD.replace("op: is_true\n  default: false", "op: regex\n  value: \"(\""));
        assert!(e.contains("invalid regex"), "{e}");
        let e = err(&GOOD.replace("attr: is_multi_region_trail", "attr: a..b"));
        assert!(e.contains("empty step"), "{e}");
        let e = err(&GOOD.replace("severity: high", "severity: severe"));
        assert!(e.contains("unknown variant `severe`"), "{e}");
        let e = err(&GOOD.replace("[aws_cloudtrail]", "[AWS::Trail]"));
        assert!(e.contains("not a resource type"), "{e}");
        let e = err(&GOOD.replace(
            "check:\n  attr: is_multi_region_trail\n  op: is_true\n  default: false\n",
            "builtin: nope\n",
        ));
        assert!(e.contains("unknown builtin check `nope`"), "{e}");
        assert!(e.starts_with("p.yaml:8:1"), "{e}");
        let e = err(&GOOD.replace("cis_aws_v3", "cis"));
        assert!(e.contains("unknown field `cis`"), "{e}");
        let e = err(&GOOD.replace("value: true }", "value: true, expr: \"true\" }"));
        assert!(e.contains("exactly one of `value` or `expr`"), "{e}");
        assert!(e.starts_with("p.yaml:15:"), "{e}");
        let e = err(&GOOD.replace("  attr: is_multi_region_trail\n", "  attr: x\n  all: []\n"));
        assert!(e.contains("exactly one of"), "{e}");
    }

    #[test]
    fn loads_directories_and_rejects_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("a.yaml"), GOOD).unwrap();
        std::fs::write(
            dir.path().join("sub/b.yml"),
            GOOD.replace("CUSTOM001", "CUSTOM002"),
        )
        .unwrap();
        std::fs::write(dir.path().join("README.md"), "not a policy").unwrap();
        let ps = load_policies(&[dir.path()]).unwrap();
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[1].id, "CUSTOM002");
        std::fs::write(dir.path().join("c.yaml"), GOOD).unwrap();
        let e = load_policies(&[dir.path()]).unwrap_err().to_string();
        assert!(e.contains("policy CUSTOM001 is defined twice"), "{e}");
        let e = load_policies(&[dir.path().join("missing")]).unwrap_err();
        assert!(matches!(e, PolicyError::Io { .. }));
    }
}
