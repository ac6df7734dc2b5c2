//! Baselines: fingerprints survive line moves and reformatting, and a baseline
//! round trip leaves only new findings gating.

use chkmate::baseline::{apply_baseline, read_baseline, write_baseline, BaselineError};
use chkmate::finding::{Finding, SuppressionKind};
use chkmate::policy::{audit, embedded_policies, AuditOptions};
use chkmate::terraform::{load, LoadOptions, Loaded};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn fixture(dir: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/suppress/baseline")
        .join(dir)
}

fn audit_dir(dir: &Path) -> (Loaded, Vec<Finding>) {
    let loaded = load(&[dir.to_path_buf()], &LoadOptions::default()).expect("loads");
    let policies = embedded_policies().expect("policies");
    let findings = audit(
        &loaded.model,
        &policies,
        &AuditOptions {
            sources: Some(&loaded.sources),
            required_tags: None,
        },
    )
    .findings;
    (loaded, findings)
}

/// fingerprint -> (policy, address, attribute path, file:line)
fn by_fingerprint(loaded: &Loaded, findings: &[Finding]) -> BTreeMap<String, (String, String)> {
    findings
        .iter()
        .map(|f| {
            let loc = f
                .span
                .and_then(|s| loaded.sources.locate(s))
                .map(|l| format!("{}:{}", l.file.rsplit('/').next().unwrap_or(""), l.line))
                .unwrap_or_default();
            (
                f.fingerprint.clone(),
                (
                    format!(
                        "{} {} {}",
                        f.policy_id,
                        f.resource_address,
                        f.attribute_path.as_deref().unwrap_or("-")
                    ),
                    loc,
                ),
            )
        })
        .collect()
}

#[test]
fn fingerprints_survive_moves_and_reformatting() {
    let (before_loaded, before) = audit_dir(&fixture("before"));
    let (after_loaded, after) = audit_dir(&fixture("after"));
    let b = by_fingerprint(&before_loaded, &before);
    let a = by_fingerprint(&after_loaded, &after);
    assert!(
        b.len() >= 5,
        "the fixture should produce several findings: {b:#?}"
    );
    let ids_b: Vec<(&String, &String)> = b.iter().map(|(k, v)| (k, &v.0)).collect();
    let ids_a: Vec<(&String, &String)> = a.iter().map(|(k, v)| (k, &v.0)).collect();
    assert_eq!(ids_b, ids_a, "same fingerprints for the same findings");

    // And the findings really did move: the security group finding is more
    // than 20 lines lower, the trail's is in another file.
    let sg = b
        .iter()
        .find(|(_, v)| v.0.starts_with("SEC002 aws_security_group.web"))
        .map(|(k, _)| k.clone())
        .expect("SEC002 on the security group");
    let line = |loc: &str| -> u32 {
        loc.rsplit(':')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    let (bl, al) = (line(&b[&sg].1), line(&a[&sg].1));
    assert!(al >= bl + 20, "moved from line {bl} to {al}");
    let trail = b
        .iter()
        .find(|(_, v)| v.0.starts_with("SEC006 aws_cloudtrail.main"))
        .map(|(k, _)| k.clone())
        .expect("SEC006 on the trail");
    assert!(b[&trail].1.starts_with("main.tf:"), "{}", b[&trail].1);
    assert!(a[&trail].1.starts_with("trail.tf:"), "{}", a[&trail].1);
}

#[test]
fn round_trip_only_new_findings_gate() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("ci/chkmate-baseline.json");
    let (_, before) = audit_dir(&fixture("before"));
    let written = write_baseline(&path, &before).expect("written");
    assert_eq!(written.entries.len(), before.len());

    // The file: version, created_at, sorted entries with the four fields.
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&path).expect("read")).expect("json");
    assert_eq!(json["version"], 1);
    let created = json["created_at"].as_str().expect("created_at");
    assert_eq!(created.len(), 20, "{created}");
    assert!(
        created.ends_with('Z') && created.as_bytes()[10] == b'T',
        "{created}"
    );
    let entries = json["entries"].as_array().expect("entries");
    let keys: Vec<(String, String)> = entries
        .iter()
        .map(|e| {
            let obj = e.as_object().expect("object");
            let mut fields: Vec<&String> = obj.keys().collect();
            fields.sort();
            assert_eq!(
                fields,
                vec![
                    "attribute_path",
                    "fingerprint",
                    "policy_id",
                    "resource_address"
                ]
            );
            (
                e["policy_id"].as_str().unwrap_or("").to_string(),
                e["resource_address"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(read_baseline(&path).expect("reads back"), written);

    // The moved and reformatted configuration is entirely baselined.
    let (_, mut after) = audit_dir(&fixture("after"));
    let outcome = apply_baseline(&path, &mut after).expect("applies");
    assert_eq!(outcome.suppressed, after.len());
    assert!(outcome.stale.is_empty());
    assert!(after.iter().all(|f| f
        .suppressed
        .as_ref()
        .is_some_and(|s| s.kind == SuppressionKind::Baseline)));

    // A new problem is reported; a fixed one shows up as stale.
    let work = tmp.path().join("tf");
    fs::create_dir_all(&work).expect("mkdir");
    let mut text = fs::read_to_string(fixture("before").join("main.tf")).expect("read");
    text = text.replace(
        "is_multi_region_trail      = false",
        "is_multi_region_trail      = true",
    );
    text.push_str(
        "\nresource \"aws_subnet\" \"public\" {\n  vpc_id                  = \"vpc-0123456789abcdef0\"\n  cidr_block              = \"10.0.1.0/24\"\n  map_public_ip_on_launch = true\n}\n",
    );
    fs::write(work.join("main.tf"), text).expect("write");
    let (_, mut changed) = audit_dir(&work);
    let outcome = apply_baseline(&path, &mut changed).expect("applies");
    let gating: Vec<String> = changed
        .iter()
        .filter(|f| !f.is_suppressed())
        .map(|f| format!("{} {}", f.policy_id, f.resource_address))
        .collect();
    assert_eq!(gating, vec!["SEC014 aws_subnet.public"]);
    assert_eq!(outcome.stale.len(), 1);
    assert_eq!(outcome.stale[0].policy_id, "SEC006");

    // Rewriting the baseline while applying it keeps the old entries.
    let rewritten = write_baseline(&path, &changed).expect("rewritten");
    assert_eq!(rewritten.entries.len(), changed.len());
}

#[test]
fn unreadable_and_invalid_baselines_are_errors() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut findings = Vec::new();
    match apply_baseline(&tmp.path().join("missing.json"), &mut findings) {
        Err(BaselineError::Io { .. }) => {}
        other => panic!("expected an IO error, got {other:?}"),
    }
    let bad = tmp.path().join("bad.json");
    fs::write(&bad, "{\n  \"version\": 1,\n  \"entries\": [oops]\n}\n").expect("write");
    match apply_baseline(&bad, &mut findings) {
        Err(e @ BaselineError::Parse { .. }) => {
            let shown = e.to_string();
            assert!(shown.contains("bad.json:3:"), "{shown}");
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
    let future = tmp.path().join("future.json");
    fs::write(&future, "{\"version\": 2, \"entries\": []}").expect("write");
    assert!(matches!(
        apply_baseline(&future, &mut findings),
        Err(BaselineError::Version { found: 2, .. })
    ));
}
