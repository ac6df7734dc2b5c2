//! Usage files: chkmate's layout and Infracost's, precedence, warnings and errors
//! with file:line.

use chkmate::pricing::{Usage, UsageValue};

const INFRACOST_STYLE: &str = include_str!("fixtures/pricing/infracost-usage.yml");
const CHKMATE_STYLE: &str = include_str!("fixtures/pricing/chkmate-usage.yml");

fn parse(text: &str) -> Usage {
    match Usage::parse(text, "usage.yml") {
        Ok(u) => u,
        Err(e) => panic!("{e}"),
    }
}

fn parse_err(text: &str) -> String {
    match Usage::parse(text, "usage.yml") {
        Ok(u) => panic!("accepted: {u:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn infracost_usage_files_are_read_as_is() {
    let u = parse(INFRACOST_STYLE);
    assert!(u.warnings().is_empty(), "{:?}", u.warnings());
    let nat = u.for_resource("aws_nat_gateway.main", "aws_nat_gateway");
    assert_eq!(nat.number("monthly_data_processed_gb"), Some(100.0));
    let lambda = u.for_resource(
        "module.api.aws_lambda_function.handler[\"eu\"]",
        "aws_lambda_function",
    );
    // Type default, overridden by the wildcard entry.
    assert_eq!(lambda.number("request_duration_ms"), Some(250.0));
    assert_eq!(lambda.number("monthly_requests"), Some(5_000_000.0));
    let bucket = u.for_resource("aws_s3_bucket.assets", "aws_s3_bucket");
    assert_eq!(bucket.number("standard.storage_gb"), Some(500.0));
    assert_eq!(
        bucket.number("glacier_deep_archive.storage_gb"),
        Some(2000.0)
    );
    let cdn = u.for_resource(
        "aws_cloudfront_distribution.cdn",
        "aws_cloudfront_distribution",
    );
    assert_eq!(
        cdn.number("monthly_data_transfer_to_internet_gb.europe"),
        Some(300.0)
    );
    let inst = u.for_resource("aws_instance.win", "aws_instance");
    assert_eq!(inst.text("operating_system"), Some("windows"));
}

#[test]
fn chkmate_layout_and_precedence() {
    let u = parse(CHKMATE_STYLE);
    // exact address > wildcard > type default, key by key
    let exact = u.for_resource("aws_sqs_queue.jobs[0]", "aws_sqs_queue");
    assert_eq!(exact.number("monthly_requests"), Some(9_000_000.0));
    assert_eq!(exact.number("request_size_kb"), Some(128.0));
    let wildcard = u.for_resource("aws_sqs_queue.jobs[3]", "aws_sqs_queue");
    assert_eq!(wildcard.number("monthly_requests"), Some(2_000_000.0));
    assert_eq!(wildcard.number("request_size_kb"), Some(128.0));
    let default = u.for_resource("aws_sqs_queue.other", "aws_sqs_queue");
    assert_eq!(default.number("monthly_requests"), Some(1_000_000.0));
    assert_eq!(default.number("request_size_kb"), Some(64.0));
    assert!(u
        .for_resource("aws_instance.none", "aws_instance")
        .is_empty());
    // Where the values came from, for notes.
    assert!(exact.from.iter().any(|f| f.starts_with("usage.yml:")));
}

#[test]
fn unknown_keys_are_warnings_with_lines() {
    let text = "version: 0.1\nresource_usage:\n  aws_nat_gateway.main:\n    monthly_data_processed_gb: 10\n    monthly_gb_data_processed: 20\n  google_compute_instance.vm:\n    monthly_hrs: 100\n  aws_sagemaker_endpoint.e:\n    invocations: 5\n";
    let u = parse(text);
    let w: Vec<String> = u.warnings().iter().map(|w| w.to_string()).collect();
    assert_eq!(w.len(), 3, "{w:?}");
    assert!(
        w[0].starts_with(
            "usage.yml:5: unknown usage key `monthly_gb_data_processed` for aws_nat_gateway"
        ),
        "{w:?}"
    );
    assert!(
        w[1].starts_with("usage.yml:6:") && w[1].contains("not an AWS resource"),
        "{w:?}"
    );
    assert!(
        w[2].starts_with("usage.yml:8:") && w[2].contains("does not price aws_sagemaker_endpoint"),
        "{w:?}"
    );
    // The known key is still used; the unknown one is dropped.
    let nat = u.for_resource("aws_nat_gateway.main", "aws_nat_gateway");
    assert_eq!(nat.number("monthly_data_processed_gb"), Some(10.0));
    assert_eq!(nat.number("monthly_gb_data_processed"), None);
}

#[test]
fn reserved_instance_keys_warn_that_on_demand_prices_are_used() {
    let u = parse("resource_usage:\n  aws_instance.web:\n    reserved_instance_type: standard\n");
    assert!(u
        .warnings()
        .iter()
        .any(|w| w.line == Some(3) && w.message.contains("on-demand")));
}

#[test]
fn errors_carry_file_and_line() {
    let cases = [
        (
            "resource_usage:\n  aws_nat_gateway.main:\n    monthly_data_processed_gb: lots\n",
            "usage.yml:3:",
            "must be a number",
        ),
        (
            "resource_usage:\n  aws_instance.web:\n    operating_system: 3\n",
            "usage.yml:3:",
            "must be text",
        ),
        (
            "resource_usage:\n  aws_nat_gateway.main:\n    monthly_data_processed_gb: -5\n",
            "usage.yml:3:",
            "negative",
        ),
        (
            "resource_usage:\n  aws_nat_gateway.main:\n    monthly_data_processed_gb: [1, 2]\n",
            "usage.yml:3:",
            "number or a mapping",
        ),
        (
            "version: 0.1\nresources_usage:\n  x: 1\n",
            "usage.yml:2:",
            "unknown top-level key",
        ),
        ("version: 7\n", "usage.yml:1:", "version"),
        (
            "resource_usage:\n  not an address:\n    monthly_requests: 1\n",
            "usage.yml:2:",
            "not a resource address",
        ),
        (
            "resource_usage:\n  aws_instance.web*:\n    monthly_hrs: 1\n",
            "usage.yml:2:",
            "[*]",
        ),
        (
            "resource_usage:\n  aws_nat_gateway.main: 5\n",
            "usage.yml:2:",
            "must be a mapping",
        ),
        (
            "resource_usage:\n  aws_nat_gateway.main:\n  monthly: [\n",
            "usage.yml:",
            "invalid usage file",
        ),
        ("- just\n- a list\n", "usage.yml:1:", "must be a mapping"),
    ];
    for (text, loc, msg) in cases {
        let e = parse_err(text);
        assert!(
            e.starts_with(loc) && e.contains(msg),
            "{e:?} (wanted {loc} … {msg})"
        );
    }
}

#[test]
fn empty_and_null_entries_are_fine() {
    assert!(parse("").is_empty());
    assert!(parse("version: 0.1\n").is_empty());
    let u = parse("version: 0.1\nresource_usage:\n  aws_lambda_function.f:\n");
    assert!(u
        .for_resource("aws_lambda_function.f", "aws_lambda_function")
        .is_empty());
    // Numbers written as strings are numbers.
    let u =
        parse("resource_usage:\n  aws_nat_gateway.n:\n    monthly_data_processed_gb: \"12.5\"\n");
    let n = u.for_resource("aws_nat_gateway.n", "aws_nat_gateway");
    assert_eq!(
        n.iter().next().map(|(_, v)| v.clone()),
        Some(UsageValue::Number(12.5))
    );
}

#[test]
fn usage_files_load_from_disk() {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    let path = dir.path().join("chkmate-usage.yml");
    if let Err(e) = std::fs::write(&path, CHKMATE_STYLE) {
        panic!("{e}");
    }
    let u = match Usage::load(&path) {
        Ok(u) => u,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(u.file(), Some(path.display().to_string().as_str()));
    let missing = Usage::load(&dir.path().join("nope.yml"));
    assert!(missing.is_err());
}
