//! `.chkmate.yml`: discovery, validation with locations, and its effect on an
//! audit's findings.

use chkmate::config::{Config, ConfigError, MaxIncrease, TOP_LEVEL_KEYS};
use chkmate::finding::{Severity, SuppressionKind};
use chkmate::policy::{audit, embedded_policies, AuditOptions};
use chkmate::terraform::{load, LoadOptions};
use std::fs;
use std::path::Path;

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).expect("create dir");
    }
    fs::write(path, text).expect("write file");
}

#[test]
fn discovery_walks_up_to_the_repository_root() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let repo = tmp.path().join("repo");
    let nested = repo.join("infra/prod/network");
    fs::create_dir_all(&nested).expect("mkdir");
    fs::create_dir_all(repo.join(".git")).expect("mkdir .git");

    // Nothing yet: the search stops at the repository root.
    write(&tmp.path().join(".chkmate.yml"), "fail_on: critical\n");
    assert_eq!(Config::discover(&nested).map(|o| o.is_none()), Ok(true));

    // A config in the repository root is found from any depth and from a file.
    write(
        &repo.join(".chkmate.yml"),
        "fail_on: high\nskip: [SEC028]\n",
    );
    let (path, config) = Config::discover(&nested).expect("valid").expect("found");
    assert_eq!(path, repo.join(".chkmate.yml"));
    assert_eq!(config.fail_on, Some(Severity::High));
    assert_eq!(config.base_dir, repo);
    write(&nested.join("main.tf"), "");
    let (path, _) = Config::discover(&nested.join("main.tf"))
        .expect("valid")
        .expect("found");
    assert_eq!(path, repo.join(".chkmate.yml"));

    // The nearest one wins; `.chkmate.yaml` works too.
    write(&repo.join("infra/.chkmate.yaml"), "fail_on: medium\n");
    let (path, config) = Config::discover(&nested).expect("valid").expect("found");
    assert_eq!(path, repo.join("infra/.chkmate.yaml"));
    assert_eq!(config.fail_on, Some(Severity::Medium));

    // Without a repository the search goes on to the filesystem root.
    let loose = tmp.path().join("loose/a/b");
    fs::create_dir_all(&loose).expect("mkdir");
    let (path, _) = Config::discover(&loose).expect("valid").expect("found");
    assert_eq!(path, tmp.path().join(".chkmate.yml"));
}

#[test]
fn discovery_reports_an_invalid_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    fs::create_dir_all(tmp.path().join(".git")).expect("mkdir");
    write(&tmp.path().join(".chkmate.yml"), "fail_on: hgih\n");
    let e = Config::discover(tmp.path()).expect_err("invalid severity");
    assert_eq!(e.file, tmp.path().join(".chkmate.yml"));
    assert_eq!((e.line, e.column), (Some(1), Some(10)));
}

#[test]
fn unknown_keys_are_rejected_with_file_line_and_valid_keys() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join(".chkmate.yml");
    write(
        &path,
        "# project settings\nskip:\n  - SEC028\nrequired_tag: [Owner]\nfail_on: high\n",
    );
    let e: ConfigError = Config::load(&path).expect_err("unknown key");
    assert_eq!(e.file, path);
    assert_eq!(e.line, Some(4));
    assert_eq!(e.column, Some(1));
    assert!(e.message.contains("`required_tag`"), "{e}");
    for key in TOP_LEVEL_KEYS {
        assert!(e.message.contains(key), "{e} does not list {key}");
    }
    let shown = e.to_string();
    assert!(shown.ends_with(&format!("4:1: {}", e.message)), "{shown}");

    write(&path, "cost:\n  max_increase: \"10%\"\n  budget: 5\n");
    let e = Config::load(&path).expect_err("unknown nested key");
    assert_eq!(e.line, Some(3));
    assert!(e.message.contains("`budget` in `cost`"), "{e}");
}

#[test]
fn wrong_types_are_rejected_with_locations() {
    let cases = [
        ("only: SEC001\n", 1),
        ("severity:\n  SEC002: urgent\n", 2),
        ("fail_on: 3\n", 1),
        ("budgets:\n  prod: -10\n", 2),
        ("budgets:\n  prod: plenty\n", 2),
        ("cost:\n  max_increase: \"ten%\"\n", 2),
        ("required_tags: Owner\n", 1),
        ("exclude:\n  - \"[unclosed\"\n", 2),
    ];
    for (text, line) in cases {
        let e = Config::parse(text, Path::new("c.yml")).expect_err(text);
        assert_eq!(e.line, Some(line), "{text:?}: {e}");
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let missing = tmp.path().join(".chkmate.yml");
    let e = Config::load(&missing).expect_err("missing file");
    assert_eq!((e.file, e.line), (missing, None));
}

#[test]
fn default_yaml_is_valid_and_means_the_defaults() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join(".chkmate.yml");
    write(&path, Config::default_yaml());
    let c = Config::load(&path).expect("default config loads");
    assert!(c.skip.is_empty() && c.only.is_empty() && c.severity.is_empty());
    assert!(c.exclude.is_empty() && c.policies.is_empty() && c.budgets.is_empty());
    assert_eq!(c.fail_on, Some(Severity::Low));
    assert_eq!(c.required_tags_or_default(), vec!["Environment", "Owner"]);
    assert_eq!(c.cost.max_increase, None);
    // Every key is documented in the file.
    for key in TOP_LEVEL_KEYS {
        assert!(
            Config::default_yaml().contains(&format!("{key}:")),
            "default config lacks {key}"
        );
    }
    assert!(Config::default_yaml().contains("max_increase"));
}

#[test]
fn relative_paths_resolve_against_the_config_directory() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("repo/.chkmate.yml");
    write(
        &path,
        "policies: [org-policies, ../shared/policies]\nbudgets:\n  infra/prod: 2500\n  infra/dev: 150.5\ncost:\n  max_increase: 100\n",
    );
    let c = Config::load(&path).expect("valid");
    assert_eq!(
        c.policy_dirs(),
        vec![
            tmp.path().join("repo/org-policies"),
            tmp.path().join("shared/policies")
        ]
    );
    assert_eq!(
        c.budget_for(&tmp.path().join("repo/infra/prod")),
        Some(2500.0)
    );
    assert_eq!(
        c.budget_for(&tmp.path().join("repo/infra/dev/")),
        Some(150.5)
    );
    assert_eq!(c.budget_for(&tmp.path().join("repo/infra")), None);
    assert_eq!(c.cost.max_increase, Some(MaxIncrease::Usd(100.0)));
}

#[test]
fn config_applied_to_a_real_audit() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(
        &root.join("main.tf"),
        r#"
module "legacy" {
  source = "./legacy/network"
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "corp-trail"
  is_multi_region_trail      = false
  enable_log_file_validation = false
}
"#,
    );
    write(
        &root.join("legacy/network/main.tf"),
        r#"
resource "aws_subnet" "public" {
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = true
}
"#,
    );
    write(
        &root.join(".chkmate.yml"),
        "skip: [SEC008]\nseverity:\n  sec006: low\nexclude: [legacy]\n",
    );
    let config = Config::load(&root.join(".chkmate.yml")).expect("valid config");
    let loaded = load(&[root.to_path_buf()], &LoadOptions::default()).expect("loads");
    let policies = embedded_policies().expect("policies");
    let mut findings = audit(
        &loaded.model,
        &policies,
        &AuditOptions {
            sources: Some(&loaded.sources),
            required_tags: None,
        },
    )
    .findings;
    let ids = |fs: &[chkmate::finding::Finding]| -> Vec<String> {
        fs.iter().map(|f| f.policy_id.clone()).collect()
    };
    assert!(
        ids(&findings).contains(&"SEC008".to_string()),
        "{:?}",
        ids(&findings)
    );
    config
        .apply_to_findings(&mut findings, &loaded.sources)
        .expect("applies");
    assert!(!ids(&findings).contains(&"SEC008".to_string()));

    let trail6 = findings
        .iter()
        .find(|f| f.policy_id == "SEC006")
        .expect("SEC006 kept");
    assert_eq!(trail6.severity, Severity::Low);
    assert!(trail6.suppressed.is_none());
    let trail7 = findings
        .iter()
        .find(|f| f.policy_id == "SEC007")
        .expect("SEC007 kept");
    assert_eq!(trail7.severity, Severity::Medium, "default severity stays");

    let subnet = findings
        .iter()
        .find(|f| f.resource_address == "module.legacy.aws_subnet.public")
        .expect("finding in the excluded module is kept");
    let s = subnet
        .suppressed
        .as_ref()
        .expect("excluded path is suppressed");
    assert_eq!(s.kind, SuppressionKind::Config);
    assert!(s.reason.as_deref().unwrap_or("").contains("`legacy`"));
}
