//! Every embedded policy against its fixtures, through the real loader and
//! evaluator, plus the registry contract (unique IDs, documentation, fixtures).
//!
//! Layout: `tests/fixtures/policies/<ID>/{fail,pass}/` are Terraform root
//! modules. The failing fixture must produce at least one finding of the policy,
//! exactly on the resources listed in `fail/expected_findings.txt` (one address
//! per line) when that file exists; the passing fixture must produce none.
//! Neither may leave the policy undecided (unknown) unless the fixture lists the
//! expected undecided addresses in `expected_unknown.txt`.

use chkmate::finding::Finding;
use chkmate::policy::{audit, embedded_policies, AuditOptions, AuditResult, Policy};
use chkmate::terraform::{load, LoadOptions};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/policies")
}

fn load_opts() -> LoadOptions {
    LoadOptions {
        use_env: false,
        ..LoadOptions::default()
    }
}

/// Loads a fixture directory and runs one policy on it.
fn run_policy(policy: &Policy, dir: &Path) -> AuditResult {
    let loaded = load(&[dir.to_path_buf()], &load_opts())
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let errors: Vec<String> = loaded
        .model
        .diagnostics
        .iter()
        .map(|d| d.render(&loaded.sources))
        .collect();
    assert!(
        !loaded.model.has_errors(),
        "{}: the fixture does not evaluate cleanly:\n{}",
        dir.display(),
        errors.join("\n")
    );
    audit(
        &loaded.model,
        std::slice::from_ref(policy),
        &AuditOptions {
            sources: Some(&loaded.sources),
            required_tags: None,
        },
    )
}

fn listed(path: &Path) -> Option<BTreeSet<String>> {
    std::fs::read_to_string(path).ok().map(|t| {
        t.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect()
    })
}

fn describe(findings: &[&Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("  {} {}: {}", f.policy_id, f.resource_address, f.message))
        .collect::<Vec<_>>()
        .join("\n")
}

fn check_fixture(policy: &Policy, kind: &str) -> Result<(), String> {
    let dir = fixtures().join(&policy.id).join(kind);
    let result = run_policy(policy, &dir);
    let mine: Vec<&Finding> = result
        .findings
        .iter()
        .filter(|f| f.policy_id == policy.id)
        .collect();
    let found: BTreeSet<String> = mine.iter().map(|f| f.resource_address.clone()).collect();
    let unknown: BTreeSet<String> = result
        .unknown
        .iter()
        .filter(|u| u.policy_id == policy.id)
        .map(|u| u.resource_address.clone())
        .collect();
    let expected_unknown = listed(&dir.join("expected_unknown.txt")).unwrap_or_default();
    if unknown != expected_unknown {
        return Err(format!(
            "{}/{kind}: undecided {unknown:?}, expected {expected_unknown:?}: {:?}",
            policy.id, result.unknown
        ));
    }
    match kind {
        "fail" => {
            if mine.is_empty() {
                return Err(format!("{}/fail: no finding", policy.id));
            }
            if let Some(expected) = listed(&dir.join("expected_findings.txt")) {
                if found != expected {
                    return Err(format!(
                        "{}/fail: findings on {found:?}, expected {expected:?}:\n{}",
                        policy.id,
                        describe(&mine)
                    ));
                }
            }
        }
        _ => {
            if !mine.is_empty() {
                return Err(format!(
                    "{}/pass: unexpected findings:\n{}",
                    policy.id,
                    describe(&mine)
                ));
            }
        }
    }
    for f in &mine {
        if f.message.trim().is_empty() || f.span.is_none() {
            return Err(format!(
                "{}: finding without message or location on {}",
                policy.id, f.resource_address
            ));
        }
    }
    Ok(())
}

#[test]
fn every_policy_fires_on_its_failing_fixture_and_not_on_its_passing_one() {
    let policies = embedded_policies().expect("embedded policies load");
    let mut failures = Vec::new();
    for p in &policies {
        for kind in ["fail", "pass"] {
            if let Err(e) = check_fixture(p, kind) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn registry_ids_are_unique_documented_and_fixtured() {
    let policies = embedded_policies().expect("embedded policies load");
    let mut ids = BTreeSet::new();
    for p in &policies {
        assert!(ids.insert(p.id.clone()), "duplicate policy id {}", p.id);
        assert_eq!(
            p.source,
            format!("embedded:{}.yaml", p.id),
            "policy {} must live in policies/aws/{}.yaml",
            p.id,
            p.id
        );
        for section in ["**What.**", "**Why.**", "**Fix.**"] {
            assert!(
                p.description.contains(section),
                "{}: the description needs a {section} section",
                p.id
            );
        }
        assert!(!p.references.is_empty(), "{}: no references", p.id);
        for r in &p.references {
            assert!(
                r.starts_with("https://"),
                "{}: reference {r} is not a URL",
                p.id
            );
        }
        for kind in ["fail", "pass"] {
            let main = fixtures().join(&p.id).join(kind).join("main.tf");
            assert!(
                main.is_file(),
                "{}: missing fixture {}",
                p.id,
                main.display()
            );
        }
    }
    // The ID contract: SEC001-SEC032 all exist.
    for n in 1..=32 {
        let id = format!("SEC{n:03}");
        assert!(ids.contains(&id), "{id} from POLICIES.md is missing");
    }
    // No orphaned fixture directories.
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            ids.contains(&name),
            "fixture directory {name} has no policy"
        );
    }
}

#[test]
fn secrets_never_appear_in_findings() {
    let policies = embedded_policies().unwrap();
    let sec032 = policies.iter().find(|p| p.id == "SEC032").unwrap();
    let dir = fixtures().join("SEC032/fail");
    let result = run_policy(sec032, &dir);
    let secrets = listed(&dir.join("secrets.txt"))
        .expect("SEC032/fail/secrets.txt lists the planted secrets");
    let json = serde_json::to_string(&result).unwrap();
    for s in &secrets {
        assert!(
            !json.contains(s.as_str()),
            "secret {s} leaked into findings"
        );
        // Even a long prefix must not appear.
        let prefix: String = s.chars().take(8).collect();
        assert!(
            !json.contains(&prefix),
            "a prefix of {s} leaked into findings"
        );
    }
    for f in &result.findings {
        assert!(
            f.message.contains("****"),
            "unmasked message: {}",
            f.message
        );
    }
}

#[test]
fn findings_point_at_the_offending_attribute() {
    let policies = embedded_policies().unwrap();
    let p = policies.iter().find(|p| p.id == "SEC002").unwrap();
    let dir = fixtures().join("SEC002/fail");
    let loaded = load(&[dir], &load_opts()).unwrap();
    let result = audit(
        &loaded.model,
        std::slice::from_ref(p),
        &AuditOptions {
            sources: Some(&loaded.sources),
            required_tags: None,
        },
    );
    for f in &result.findings {
        let loc = loaded.sources.locate(f.span.unwrap()).unwrap();
        let line = loaded
            .sources
            .files()
            .find(|(_, file)| chkmate::source::display_path(&file.path) == loc.file)
            .map(|(_, file)| file.line_text(loc.line).to_string())
            .unwrap();
        assert!(
            line.contains("cidr") || line.contains("ingress"),
            "{} points at `{line}`",
            f.resource_address
        );
    }
}

#[test]
fn the_dynamic_block_finding_says_so() {
    let policies = embedded_policies().unwrap();
    let p = policies.iter().find(|p| p.id == "SEC002").unwrap();
    let result = run_policy(p, &fixtures().join("SEC002/fail"));
    let f = result
        .findings
        .iter()
        .find(|f| f.resource_address == "aws_security_group.bastion")
        .expect("finding on the dynamic block security group");
    assert_eq!(
        f.message,
        "ingress 0.0.0.0/0 on port 22 (SSH) (from dynamic block \"ingress\")"
    );
    assert_eq!(f.severity, chkmate::finding::Severity::Critical);
}

#[test]
fn fingerprints_survive_line_moves_and_reformatting() {
    let policies = embedded_policies().unwrap();
    let original = std::fs::read_to_string(fixtures().join("SEC002/fail/main.tf")).unwrap();
    // Move everything down, re-indent and add comments: the same findings must
    // keep their fingerprints.
    let moved = format!(
        "# header comment\n\n\n{}",
        original
            .replace(
                "  cidr_blocks       = [\"0.0.0.0/0\"]",
                "  cidr_blocks = [ \"0.0.0.0/0\" ] # open"
            )
            .replace(
                "resource \"aws_vpc\" \"main\" {",
                "\n\nresource \"aws_vpc\" \"main\" {\n"
            )
    );
    let run = |text: &str| {
        let loaded = chkmate::terraform::evaluate_source("main.tf", text);
        let r = audit(
            &loaded.model,
            &policies,
            &AuditOptions {
                sources: Some(&loaded.sources),
                required_tags: None,
            },
        );
        let lines: Vec<u32> = r
            .findings
            .iter()
            .map(|f| loaded.sources.locate(f.span.unwrap()).unwrap().line)
            .collect();
        let prints: BTreeSet<String> = r.findings.iter().map(|f| f.fingerprint.clone()).collect();
        (prints, lines)
    };
    let (a, lines_a) = run(&original);
    let (b, lines_b) = run(&moved);
    assert!(!a.is_empty());
    assert_eq!(a, b);
    assert_ne!(lines_a, lines_b, "the edit should have moved the findings");
}
