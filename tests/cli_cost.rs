//! `chkmate cost` through the binary: readable breakdowns of the examples,
//! golden totals, budget and increase gates (exit 1 with the limit and the
//! amount), `--compare-to` a directory, a plan JSON and an earlier JSON output,
//! the rule that a price not found is never a removal, usage-file discovery,
//! `cost history`, every output format read back, and no secret in any output.
//!
//! Every run gets its own `CHKMATE_HOME` and `CHKMATE_CACHE_DIR` (temporary
//! directories, so a price cache on the machine cannot change the prices) and
//! `NO_COLOR=1`. Fixtures are under tests/fixtures/cost/ (see its README.md).

use serde_json::Value;
use std::path::Path;
use std::process::Command;

const FIXTURES: &str = "tests/fixtures/cost";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    fn expect(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "exit code {} (expected {code})\nstdout:\n{}\nstderr:\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }
}

/// A temporary store and price cache for one test.
struct Env {
    home: tempfile::TempDir,
    cache: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            home: tempfile::tempdir().expect("temp home"),
            cache: tempfile::tempdir().expect("temp cache"),
        }
    }

    fn run_at(&self, cwd: &Path, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_chkmate"));
        cmd.args(args)
            .current_dir(cwd)
            .env("CHKMATE_HOME", self.home.path())
            .env("CHKMATE_CACHE_DIR", self.cache.path())
            .env("NO_COLOR", "1");
        for (k, _) in std::env::vars_os() {
            if k.to_string_lossy().starts_with("TF_VAR_") {
                cmd.env_remove(&k);
            }
        }
        let out = cmd.output().expect("chkmate runs");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs from the repository root.
    fn run(&self, args: &[&str]) -> Run {
        self.run_at(Path::new(env!("CARGO_MANIFEST_DIR")), args)
    }
}

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

/// True when the line shows an amount of exactly $0.00 (not $0.008).
fn zero_dollars(line: &str) -> bool {
    line.match_indices("$0.00").any(|(i, m)| {
        !line
            .get(i + m.len()..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| c.is_ascii_digit())
    })
}

fn assert_cents(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= 0.01,
        "{what}: {actual:.4} is not {expected:.2} ± 0.01"
    );
}

fn num(v: &Value, what: &str) -> f64 {
    v.as_f64()
        .unwrap_or_else(|| panic!("{what}: not a number: {v}"))
}

/// The resource of a cost JSON by address.
fn resource<'a>(j: &'a Value, address: &str) -> &'a Value {
    j["resources"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r["address"] == address))
        .unwrap_or_else(|| panic!("no resource {address} in {}", j["resources"]))
}

/// The monthly cost of the component of `address` whose name starts with `name`.
fn component_monthly(j: &Value, address: &str, name: &str) -> f64 {
    let r = resource(j, address);
    let c = r["components"]
        .as_array()
        .and_then(|cs| {
            cs.iter()
                .find(|c| c["name"].as_str().is_some_and(|n| n.starts_with(name)))
        })
        .unwrap_or_else(|| panic!("{address}: no component {name:?} in {}", r["components"]));
    num(&c["monthly_cost"], &format!("{address} {name}"))
}

/// The resource of a diff by address.
fn diff_resource<'a>(j: &'a Value, address: &str) -> &'a Value {
    j["diff"]["resources"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r["address"] == address))
        .unwrap_or_else(|| panic!("no {address} in the diff: {}", j["diff"]))
}

#[test]
fn examples_print_readable_breakdowns() {
    let env = Env::new();
    let cases = [
        ("examples/web-app", "aws_nat_gateway.main", "NAT gateway"),
        (
            "examples/serverless",
            "aws_lambda_function.this[\"orders-api\"]",
            "Requests",
        ),
        (
            "examples/platform",
            "module.database.aws_db_instance.this",
            "Database instance",
        ),
    ];
    for (dir, address, component) in cases {
        let run = env.run(&["cost", dir, "--no-store"]);
        run.expect(0);
        let out = &run.stdout;
        for needle in [
            "Resource / component",
            "Unit price",
            address,
            component,
            "Baseline monthly cost",
            "Total monthly cost",
            "Price not found:",
            "Prices: snapshot ",
            "free resources:",
        ] {
            assert!(out.contains(needle), "{dir}: no {needle:?} in\n{out}");
        }
        // Components are indented under their resource.
        assert!(out.contains("  ├─ ") || out.contains("  └─ "), "{out}");
        // A usage-based component without usage shows its unit price, never $0.
        assert!(out.contains("depends on usage: $"), "{dir}:\n{out}");
        for line in out.lines().filter(|l| l.contains("depends on usage: $")) {
            assert!(!zero_dollars(line), "{dir}: {line}");
        }
        // Every component whose price is not found says why.
        let j = env
            .run(&["cost", dir, "--format", "json", "--no-store"])
            .json();
        let not_found = j["totals"]["not_found_count"].as_u64().unwrap_or(0) as usize;
        let reasons = out
            .lines()
            .filter(|l| l.contains("price not found: "))
            .count();
        assert!(
            reasons >= not_found,
            "{dir}: {reasons} reasons for {not_found}:\n{out}"
        );
    }
    // The web app has a real total.
    let j = env
        .run(&["cost", "examples/web-app", "--format", "json", "--no-store"])
        .json();
    assert!(num(&j["totals"]["baseline_monthly"], "baseline") > 100.0);
    assert_cents(
        component_monthly(&j, "aws_nat_gateway.main", "NAT gateway"),
        32.85,
        "web-app NAT gateway",
    );
}

#[test]
fn golden_totals_of_the_shop_fixture() {
    let env = Env::new();
    let run = env.run(&["cost", &fixture("shop"), "--format", "json", "--no-store"]);
    run.expect(0);
    let j = run.json();
    let t = &j["totals"];
    // 30.37 + 0.80 (t3.medium, 8 GB gp2) + 3.65 (EIP) + 32.85 (NAT) + 99.28 + 2.30
    // (db.t3.large MySQL, 20 GB gp2) + 73.00 (EKS) + 15.18 + 0.80 (t3.small) = 258.23
    assert_cents(num(&t["baseline_monthly"], "baseline"), 258.23, "baseline");
    assert_cents(num(&t["usage_monthly"], "usage"), 4.50, "usage-based");
    assert_cents(num(&t["total_monthly"], "total"), 262.73, "total");
    assert_eq!(t["not_found_count"], 0);
    assert_eq!(t["priced_resources"], 6);
    assert_eq!(t["free_resources"], 2);
    assert_eq!(t["unsupported_resources"], 1);
    assert_eq!(t["depends_on_usage_count"], 2);
    for (address, name, monthly) in [
        ("aws_instance.app", "Instance usage", 30.37),
        ("aws_nat_gateway.egress", "NAT gateway", 32.85),
        ("aws_nat_gateway.egress", "Data processed", 4.50),
        ("aws_db_instance.orders", "Database instance", 99.28),
        ("aws_db_instance.orders", "Storage", 2.30),
        ("aws_eks_cluster.platform", "EKS cluster", 73.00),
        ("aws_eip.nat", "Public IPv4", 3.65),
    ] {
        assert_cents(component_monthly(&j, address, name), monthly, address);
    }
    assert_eq!(
        resource(&j, "aws_dynamodb_table_replica.orders_eu")["status"],
        "unsupported"
    );
    assert_eq!(resource(&j, "aws_iam_role.app")["status"], "free");
    assert_eq!(
        resource(&j, "aws_instance.app")["file"],
        "tests/fixtures/cost/shop/main.tf"
    );
    assert_eq!(resource(&j, "aws_instance.app")["line"], 20);
    assert!(j["snapshot"]["id"].as_str().is_some_and(|s| !s.is_empty()));
    // The table says the same.
    let table = env.run(&["cost", &fixture("shop"), "--no-store"]);
    table.expect(0);
    for needle in [
        "Baseline monthly cost",
        "$258.23",
        "Usage-based (from tests/fixtures/cost/shop/chkmate-usage.yml)",
        "$4.50",
        "$262.73",
        "Price not found: none",
        "2 free resources: aws_iam_role, aws_security_group",
        "1 unsupported resource (no pricing rules, cost unknown): aws_dynamodb_table_replica",
        "depends on usage: $0.095 per GB-month",
    ] {
        assert!(
            table.stdout.contains(needle),
            "no {needle:?} in\n{}",
            table.stdout
        );
    }
}

#[test]
fn budget_gates_exit_1_with_the_limit_and_the_amount() {
    let env = Env::new();
    let over = env.run(&["cost", &fixture("shop"), "--budget", "100", "--no-store"]);
    over.expect(1);
    let msg = over
        .stderr
        .lines()
        .find(|l| l.starts_with("error: budget exceeded"))
        .unwrap_or_else(|| panic!("no budget message in\n{}", over.stderr));
    for needle in ["$262.73", "$100.00", "--budget", "$162.73"] {
        assert!(msg.contains(needle), "{needle:?} not in {msg:?}");
    }
    assert!(over.stdout.contains("✗ budget exceeded"), "{}", over.stdout);

    let within = env.run(&["cost", &fixture("shop"), "--budget", "300", "--no-store"]);
    within.expect(0);
    assert!(within.stdout.contains("within budget"), "{}", within.stdout);
    assert!(!within.stderr.contains("error"), "{}", within.stderr);

    // The budget of the directory in .chkmate.yml.
    let cfg = env.run(&["cost", &fixture("budgeted"), "--no-store"]);
    cfg.expect(1);
    assert!(
        cfg.stderr.contains("budget exceeded")
            && cfg.stderr.contains("$73.00")
            && cfg.stderr.contains("$50.00")
            && cfg
                .stderr
                .contains("budgets in tests/fixtures/cost/budgeted/.chkmate.yml"),
        "{}",
        cfg.stderr
    );
    // --budget wins over the configuration.
    env.run(&["cost", &fixture("budgeted"), "--budget", "80", "--no-store"])
        .expect(0);
    // A negative budget is a usage error.
    let bad = env.run(&["cost", &fixture("shop"), "--budget=-5", "--no-store"]);
    bad.expect(2);
    assert!(bad.stderr.contains("--budget"), "{}", bad.stderr);
}

#[test]
fn max_increase_in_usd_and_percent_both_ways() {
    let env = Env::new();
    let v2 = fixture("shop-v2");
    let shop = fixture("shop");
    // The increase is +$119.17 (+46.1%) from $258.23 (known lines only).
    for (limit, code) in [("100", 1), ("150", 0), ("$119", 1), ("40%", 1), ("50%", 0)] {
        let run = env.run(&[
            "cost",
            &v2,
            "--compare-to",
            &shop,
            "--max-increase",
            limit,
            "--no-store",
        ]);
        run.expect(code);
        if code == 1 {
            let msg = run
                .stderr
                .lines()
                .find(|l| l.starts_with("error: cost increase limit exceeded"))
                .unwrap_or_else(|| panic!("{limit}: no message in\n{}", run.stderr));
            assert!(msg.contains("+$119.17"), "{msg}");
            assert!(msg.contains("+46.1% of $258.23"), "{msg}");
            assert!(msg.contains("--max-increase"), "{msg}");
            let shown = if limit.ends_with('%') {
                limit.to_string()
            } else {
                format!("${}.00", limit.trim_start_matches('$'))
            };
            assert!(
                msg.contains(&format!("allowed increase of {shown}")),
                "{msg}"
            );
        } else {
            assert!(
                run.stdout.contains("cost increase within the limit"),
                "{}",
                run.stdout
            );
        }
    }
    // `cost.max_increase` in .chkmate.yml.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(&v2)
            .join("main.tf"),
        dir.path().join("main.tf"),
    )
    .expect("copy");
    std::fs::write(
        dir.path().join(".chkmate.yml"),
        "cost:\n  max_increase: \"10%\"\n",
    )
    .expect("config");
    let shop_abs = Path::new(env!("CARGO_MANIFEST_DIR")).join(&shop);
    let run = env.run_at(
        dir.path(),
        &[
            "cost",
            ".",
            "--compare-to",
            &shop_abs.to_string_lossy(),
            "--no-store",
        ],
    );
    run.expect(1);
    assert!(
        run.stderr
            .contains("allowed increase of 10% (cost.max_increase in .chkmate.yml)"),
        "{}",
        run.stderr
    );
    // --max-increase needs something to compare with.
    let alone = env.run(&["cost", &shop, "--max-increase", "10%", "--no-store"]);
    alone.expect(2);
    assert!(alone.stderr.contains("--compare-to"), "{}", alone.stderr);
    let garbage = env.run(&[
        "cost",
        &v2,
        "--compare-to",
        &shop,
        "--max-increase",
        "lots",
        "--no-store",
    ]);
    garbage.expect(2);
}

#[test]
fn compare_to_a_directory() {
    let env = Env::new();
    let run = env.run(&[
        "cost",
        &fixture("shop-v2"),
        "--compare-to",
        &fixture("shop"),
        "--format",
        "json",
        "--no-store",
    ]);
    run.expect(0);
    let j = run.json();
    let t = &j["diff"]["totals"];
    assert_cents(num(&t["before_monthly"], "before"), 258.23, "before");
    assert_cents(num(&t["after_monthly"], "after"), 361.42, "after");
    // +30.37 (t3.medium → t3.large) +101.58 (Multi-AZ, storage doubles)
    // +23.73 (ALB + 2 public IPv4) -3.65 (EIP) -32.85 (NAT gateway)
    assert_cents(num(&t["delta_monthly"], "delta"), 119.17, "delta");
    assert_eq!(j["diff"]["before"]["label"], "tests/fixtures/cost/shop");
    assert_eq!(diff_resource(&j, "aws_lb.public")["change"], "added");
    assert_eq!(diff_resource(&j, "aws_eip.nat")["change"], "removed");
    assert_eq!(
        diff_resource(&j, "aws_nat_gateway.egress")["change"],
        "removed"
    );
    assert_eq!(
        diff_resource(&j, "aws_eks_cluster.platform")["change"],
        "unchanged"
    );
    let app = diff_resource(&j, "aws_instance.app");
    assert_eq!(app["change"], "changed");
    assert_cents(num(&app["delta_monthly"], "app delta"), 30.37, "app delta");
    // The instance line is one changed line, not a removal and an addition.
    let lines = app["components"].as_array().expect("components");
    assert_eq!(lines[0]["change"], "changed");
    assert!(lines[0]["before_name"]
        .as_str()
        .is_some_and(|n| n.contains("t3.medium")));

    let table = env.run(&[
        "cost",
        &fixture("shop-v2"),
        "--compare-to",
        &fixture("shop"),
        "--no-store",
    ]);
    table.expect(0);
    for needle in [
        "Cost diff: tests/fixtures/cost/shop → tests/fixtures/cost/shop-v2",
        "+ aws_lb.public  +$23.73",
        "- aws_eip.nat  -$3.65",
        "~ aws_instance.app  +$30.37  ($31.17 → $61.54)",
        "Instance usage (Linux/UNIX, on-demand, t3.medium → t3.large)",
        "Database instance (on-demand, Single-AZ → Multi-AZ, db.t3.large)",
        "Monthly cost change: +$119.17 (+46.1%): $258.23 → $361.42",
    ] {
        assert!(
            table.stdout.contains(needle),
            "no {needle:?} in\n{}",
            table.stdout
        );
    }
}

#[test]
fn a_price_not_found_is_never_shown_as_removed() {
    let env = Env::new();
    let j = env
        .run(&[
            "cost",
            &fixture("shop-v2"),
            "--compare-to",
            &fixture("shop"),
            "--format",
            "json",
            "--no-store",
        ])
        .json();
    // aws_instance.reports moved to a region the snapshot has no prices for.
    let r = diff_resource(&j, "aws_instance.reports");
    assert_eq!(r["change"], "changed");
    assert_eq!(r["delta_monthly"], 0.0);
    assert_eq!(r["delta_complete"], false);
    assert_eq!(r["after_missing"], "price_not_found");
    for c in r["components"].as_array().expect("components") {
        assert_eq!(c["change"], "price_not_found", "{c}");
        assert!(c["delta_monthly"].is_null(), "{c}");
        assert!(c["after_monthly"].is_null(), "{c}");
        assert!(
            c["reason"]
                .as_str()
                .is_some_and(|s| s.contains("us-isof-south-1")),
            "{c}"
        );
    }
    assert_eq!(j["diff"]["totals"]["price_not_found"], 2);
    // In every human format the line reads "price not found", never a removal or $0.
    for format in ["table", "markdown", "html"] {
        let run = env.run(&[
            "cost",
            &fixture("shop-v2"),
            "--compare-to",
            &fixture("shop"),
            "--format",
            format,
            "--no-store",
        ]);
        run.expect(0);
        let out = &run.stdout;
        assert!(out.contains("price not found"), "{format}:\n{out}");
        assert!(
            !out.contains("-$15.98"),
            "{format}: shown as a removal:\n{out}"
        );
        assert!(
            !out.contains("-$15.18"),
            "{format}: shown as a removal:\n{out}"
        );
        for l in out.lines().filter(|l| l.contains("aws_instance.reports")) {
            assert!(!zero_dollars(l), "{format}: {l}");
            let removal = match format {
                "table" => l.trim_start().starts_with("- "),
                "markdown" => l.starts_with("| - |") || l.starts_with("| \\- |"),
                _ => l.contains("class=\"rem\""),
            };
            assert!(!removal, "{format}: shown as removed: {l}");
        }
    }
}

#[test]
fn compare_to_a_plan_json_prior_state_against_planned_values() {
    let env = Env::new();
    let plan = fixture("plan/plan.json");
    let run = env.run(&[
        "cost",
        "--compare-to",
        &plan,
        "--format",
        "json",
        "--no-store",
    ]);
    run.expect(0);
    let j = run.json();
    assert_eq!(
        j["diff"]["before"]["label"],
        format!("{plan} (prior state)")
    );
    assert_eq!(
        j["diff"]["after"]["label"],
        format!("{plan} (planned values)")
    );
    let web = diff_resource(&j, "aws_instance.web");
    assert_eq!(web["change"], "changed");
    let line = web["components"]
        .as_array()
        .and_then(|cs| {
            cs.iter().find(|c| {
                c["name"]
                    .as_str()
                    .is_some_and(|n| n.starts_with("Instance usage"))
            })
        })
        .expect("instance line");
    // t3.micro $7.59 → t3.large $60.74
    assert_cents(num(&line["before_monthly"], "before"), 7.59, "t3.micro");
    assert_cents(num(&line["after_monthly"], "after"), 60.74, "t3.large");
    assert_cents(
        num(&line["delta_monthly"], "delta"),
        53.14,
        "instance delta",
    );
    let nat = diff_resource(&j, "aws_nat_gateway.egress");
    assert_eq!(nat["change"], "added");
    assert!(nat["status_before"].is_null());
    let gw = nat["components"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["name"] == "NAT gateway"))
        .expect("NAT gateway line");
    assert_eq!(gw["change"], "added");
    assert_cents(num(&gw["delta_monthly"], "NAT"), 32.85, "NAT gateway");
    // The estimate itself is of the planned values.
    assert!(resource(&j, "aws_nat_gateway.egress")["status"] == "priced");

    // The plan itself as PATH is the same thing; another PATH is refused.
    env.run(&["cost", &plan, "--compare-to", &plan, "--no-store"])
        .expect(0);
    let other = env.run(&[
        "cost",
        &fixture("shop"),
        "--compare-to",
        &plan,
        "--no-store",
    ]);
    other.expect(2);
    assert!(other.stderr.contains("prior state"), "{}", other.stderr);
}

#[test]
fn compare_to_an_earlier_json_output() {
    let env = Env::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let before = dir.path().join("before.json");
    let first = env.run(&["cost", &fixture("shop"), "--format", "json", "--no-store"]);
    first.expect(0);
    std::fs::write(&before, &first.stdout).expect("write before.json");
    let before_arg = before.to_string_lossy().into_owned();
    let run = env.run(&[
        "cost",
        &fixture("shop-v2"),
        "--compare-to",
        &before_arg,
        "--format",
        "json",
        "--no-store",
    ]);
    run.expect(0);
    let j = run.json();
    let t = &j["diff"]["totals"];
    // The earlier output had the usage file: the NAT gateway's 100 GB are in it.
    assert_cents(num(&t["before_monthly"], "before"), 262.73, "before");
    let nat = diff_resource(&j, "aws_nat_gateway.egress");
    assert_eq!(nat["change"], "removed");
    assert_cents(
        num(&nat["delta_monthly"], "NAT delta"),
        -37.35,
        "NAT removed",
    );
    assert_eq!(
        diff_resource(&j, "aws_instance.reports")["after_missing"],
        "price_not_found"
    );
    assert_cents(num(&t["delta_monthly"], "delta"), 114.67, "delta");

    // Not a cost JSON: exit 2 with a message.
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "{\"hello\": 1}").expect("write");
    let bad = env.run(&[
        "cost",
        &fixture("shop"),
        "--compare-to",
        &junk.to_string_lossy(),
        "--no-store",
    ]);
    bad.expect(2);
    assert!(
        bad.stderr.contains("neither a Terraform plan JSON"),
        "{}",
        bad.stderr
    );
}

#[test]
fn usage_files_are_found_next_to_the_configuration() {
    let env = Env::new();
    let run = env.run(&["cost", &fixture("shop"), "--format", "json", "--no-store"]);
    run.expect(0);
    assert!(
        run.stderr
            .contains("usage file: tests/fixtures/cost/shop/chkmate-usage.yml (found next to the configuration)"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.json()["usage_file"],
        "tests/fixtures/cost/shop/chkmate-usage.yml"
    );

    // Infracost's file name and layout.
    let ic = env.run(&[
        "cost",
        &fixture("infracost-usage"),
        "--format",
        "json",
        "--no-store",
    ]);
    ic.expect(0);
    let j = ic.json();
    assert_eq!(
        j["usage_file"],
        "tests/fixtures/cost/infracost-usage/infracost-usage.yml"
    );
    assert_cents(
        component_monthly(&j, "aws_nat_gateway.main", "Data processed"),
        9.00,
        "200 GB processed",
    );

    // --usage-file wins; without any, usage-based lines have no quantity.
    let dir = tempfile::tempdir().expect("temp dir");
    let usage = dir.path().join("u.yml");
    std::fs::write(
        &usage,
        "resource_usage:\n  aws_nat_gateway.egress:\n    monthly_data_processed_gb: 10\n",
    )
    .expect("write");
    let j = env
        .run(&[
            "cost",
            &fixture("shop"),
            "--usage-file",
            &usage.to_string_lossy(),
            "--format",
            "json",
            "--no-store",
        ])
        .json();
    assert_cents(
        component_monthly(&j, "aws_nat_gateway.egress", "Data processed"),
        0.45,
        "10 GB",
    );
    let j = env
        .run(&[
            "cost",
            &fixture("budgeted"),
            "--format",
            "json",
            "--no-store",
        ])
        .json();
    assert!(j["usage_file"].is_null());

    // A bad usage file is an error with file:line.
    let bad = dir.path().join("bad.yml");
    std::fs::write(
        &bad,
        "resource_usage:\n  aws_nat_gateway.egress:\n    monthly_data_processed_gb: lots\n",
    )
    .expect("write");
    let run = env.run(&[
        "cost",
        &fixture("shop"),
        "--usage-file",
        &bad.to_string_lossy(),
        "--no-store",
    ]);
    run.expect(2);
    assert!(run.stderr.contains("bad.yml:3:"), "{}", run.stderr);
    let missing = env.run(&[
        "cost",
        &fixture("shop"),
        "--usage-file",
        "no-such.yml",
        "--no-store",
    ]);
    missing.expect(2);
}

#[test]
fn history_after_two_runs() {
    let env = Env::new();
    let shop = fixture("shop");
    env.run(&["cost", &shop, "--budget", "1000"]).expect(0);
    env.run(&["cost", &shop, "--region", "eu-west-1"]).expect(0);
    env.run(&["cost", &shop, "--no-store"]).expect(0);
    env.run(&["cost", &fixture("budgeted")]).expect(1);

    let j = env
        .run(&["cost", "history", &shop, "--format", "json"])
        .json();
    let rows = j["estimates"].as_array().expect("estimates");
    assert_eq!(rows.len(), 2, "{j}");
    // Newest first: the eu-west-1 run, then the us-east-1 one.
    assert_cents(
        num(&rows[1]["baseline_monthly_usd"], "first"),
        258.23,
        "first run",
    );
    assert_cents(num(&rows[1]["usage_monthly_usd"], "usage"), 4.50, "usage");
    assert_eq!(rows[1]["resource_count"], 9);
    assert!(rows[0]["snapshot_id"]
        .as_str()
        .is_some_and(|s| !s.is_empty()));
    let trends = j["trends"].as_array().expect("trends");
    assert_eq!(trends.len(), 1);
    assert_eq!(trends[0]["estimates"], 2);
    assert_eq!(j["budget"]["monthly_usd"], 1000.0);

    let table = env.run(&["cost", "history", &shop]);
    table.expect(0);
    assert!(
        table
            .stdout
            .contains("monthly total trend (oldest → newest)"),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.contains("over 2 estimates"),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.contains("budget: $1,000.00 a month"),
        "{}",
        table.stdout
    );

    // All projects: one trend each.
    let all = env.run(&["cost", "history"]);
    all.expect(0);
    assert_eq!(
        all.stdout.matches("monthly total trend of ").count(),
        2,
        "{}",
        all.stdout
    );
}

/// Reads RFC 4180 CSV: quoted fields with doubled quotes, CRLF rows.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            c => field.push(c),
        }
    }
    assert!(!quoted, "unterminated quote");
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[test]
fn every_format_parses() {
    let env = Env::new();
    let shop = fixture("shop");
    // JSON
    let j = env
        .run(&["cost", &shop, "--format", "json", "--no-store"])
        .json();
    assert!(j["cost_by_service"]
        .as_array()
        .is_some_and(|s| !s.is_empty()));

    // CSV: a header, the same number of fields on every row, CRLF line ends, and
    // the monthly column adds up to the total.
    let run = env.run(&["cost", &shop, "--format", "csv", "--no-store"]);
    run.expect(0);
    assert!(run.stdout.contains("\r\n"));
    let rows = read_csv(&run.stdout);
    let header = rows.first().expect("header").clone();
    assert_eq!(header.first().map(String::as_str), Some("resource_address"));
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    for r in &rows {
        assert_eq!(r.len(), header.len(), "{r:?}");
    }
    let (monthly, status) = (col("monthly_usd"), col("resource_status"));
    let sum: f64 = rows
        .iter()
        .skip(1)
        .filter(|r| r[status] == "priced")
        .filter_map(|r| r[monthly].parse::<f64>().ok())
        .sum();
    assert_cents(sum, 262.73, "csv monthly column");
    let names: Vec<&str> = rows.iter().map(|r| r[col("component")].as_str()).collect();
    assert!(
        names.contains(&"Instance usage (Linux/UNIX, on-demand, t3.medium)"),
        "{names:?}"
    );
    // Unknown is empty, never 0: usage-based lines without usage.
    let usage_rows: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[col("price_status")] == "depends_on_usage")
        .collect();
    assert!(!usage_rows.is_empty());
    for r in usage_rows {
        assert_eq!(r[monthly], "", "{r:?}");
    }
    // A diff fills the change columns, removed resources included.
    let diff = env.run(&[
        "cost",
        &fixture("shop-v2"),
        "--compare-to",
        &shop,
        "--format",
        "csv",
        "--no-store",
    ]);
    diff.expect(0);
    let rows = read_csv(&diff.stdout);
    for r in &rows {
        assert_eq!(r.len(), header.len(), "{r:?}");
    }
    assert!(rows
        .iter()
        .any(|r| r[0] == "aws_nat_gateway.egress" && r[col("change")] == "removed"));

    // Markdown: every table row has as many cells as its header.
    let md = env.run(&[
        "cost",
        &fixture("shop-v2"),
        "--compare-to",
        &shop,
        "--format",
        "markdown",
        "--no-store",
    ]);
    md.expect(0);
    assert!(md.stdout.starts_with("## "), "{}", md.stdout);
    let cells = |l: &str| {
        // Escaped pipes (\|) are not cell separators.
        l.replace("\\|", "").matches('|').count()
    };
    let mut tables = 0;
    let mut expected: Option<usize> = None;
    for l in md.stdout.lines() {
        if l.starts_with('|') {
            match expected {
                None => {
                    expected = Some(cells(l));
                    tables += 1;
                }
                Some(n) => assert_eq!(cells(l), n, "row {l:?}"),
            }
        } else {
            expected = None;
        }
    }
    assert!(tables >= 3, "{}", md.stdout);
    assert!(md.stdout.contains("<details>") && md.stdout.contains("</details>"));

    // HTML: one self-contained file, also written with --output.
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("cost.html");
    let out_arg = format!("html:{}", file.to_string_lossy());
    let run = env.run(&["cost", &shop, "--output", &out_arg, "--no-store"]);
    run.expect(0);
    let html = std::fs::read_to_string(&file).expect("html written");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    assert!(html.contains("<svg") && html.contains("<rect"), "no chart");
    assert!(html.contains("Cost by service"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "external URL"
    );
    for external in ["<script src", "<link", "@import", "url("] {
        assert!(!html.contains(external), "{external} in the page");
    }
    assert!(html.contains("$262.73"));
    assert!(
        run.stderr.contains("wrote html cost report to"),
        "{}",
        run.stderr
    );

    // An unknown format is a usage error that lists the formats.
    let bad = env.run(&["cost", &shop, "--format", "sarif", "--no-store"]);
    bad.expect(2);
    assert!(
        bad.stderr.contains("table, json, csv, markdown, html"),
        "{}",
        bad.stderr
    );
}

#[test]
fn no_secret_in_any_output() {
    let env = Env::new();
    let secrets = [
        "Lit3ral-Db-Passw0rd-5529",
        "cache-auth-8f2d4c1e9b7a",
        "sk_live_51Hx9QeXampleKey0000",
        "shop-db-Pa55w0rd-7781",
    ];
    for dir in ["secrets", "shop"] {
        for format in ["table", "json", "csv", "markdown", "html"] {
            let run = env.run(&["cost", &fixture(dir), "--format", format, "--no-store"]);
            run.expect(0);
            for s in secrets {
                assert!(!run.stdout.contains(s), "{dir} {format}: {s} in stdout");
                assert!(!run.stderr.contains(s), "{dir} {format}: {s} in stderr");
            }
        }
    }
    // A sensitive variable that sets a priced attribute is masked where it shows.
    let run = env.run(&["cost", &fixture("secrets"), "--no-store"]);
    assert!(
        run.stdout
            .contains("Instance usage (Linux/UNIX, on-demand, (sensitive))"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("t3.medium"), "{}", run.stdout);
}

#[test]
fn syntax_errors_exit_2_without_an_estimate() {
    let env = Env::new();
    let run = env.run(&["cost", &fixture("syntax")]);
    run.expect(2);
    assert!(run.stderr.contains("main.tf:"), "{}", run.stderr);
    assert!(
        run.stderr.contains("no estimate was made"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("Total monthly cost"), "{}", run.stdout);
    // Nothing was recorded.
    let j = env.run(&["cost", "history", "--format", "json"]).json();
    assert_eq!(j["estimates"].as_array().map(Vec::len), Some(0));
}
