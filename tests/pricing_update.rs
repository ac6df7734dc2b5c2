//! `chkmate pricing update | status` against a local HTTP server started by the
//! test, serving `tests/fixtures/pricing-update/` (an offer index, region
//! indexes and small offer files in the layout of the AWS Price List bulk API;
//! `generate.py` there writes them). The EC2 region index lists eu-west-1, whose
//! offer file is missing (the server answers 404), and cn-north-1, priced in CNY
//! only.
//!
//! The fixture's t3.medium Linux price ($0.052/h) differs from the embedded
//! snapshot's ($0.0416/h), so a test can tell which catalog priced an estimate.
//!
//! The streaming test parses a 50 MB synthetic EC2 offer file generated lazily
//! by a reader and checks, with a per-thread counting allocator, that the parser
//! holds only the few products it keeps.

use chkmate::pricing::offer::{classify, parse_offer, RowTarget};
use chkmate::pricing::update::{self, load_fresh_cache, CatalogOrigin};
use chkmate::pricing::{estimate, EstimateOptions, PriceCatalog, Usage};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

// ---------------------------------------------------------------------------
// A counting allocator: live and peak heap bytes of the current thread.
// ---------------------------------------------------------------------------

struct CountingAlloc;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn track(delta: isize) {
    let _ = LIVE.try_with(|live| {
        let v = live.get() + delta;
        live.set(v);
        let _ = PEAK.try_with(|peak| {
            if v > peak.get() {
                peak.set(v);
            }
        });
    });
}

unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            track(layout.size() as isize);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            track(layout.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        track(-(layout.size() as isize));
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            track(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// Heap bytes this thread holds now, and resets the peak to it.
fn start_measuring() -> isize {
    let live = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(live));
    live
}

fn peak_since(start: isize) -> isize {
    PEAK.with(Cell::get) - start
}

// ---------------------------------------------------------------------------
// The local price list server
// ---------------------------------------------------------------------------

/// Serves files under `root` over HTTP/1.1 on 127.0.0.1 (one connection at a
/// time, `Connection: close`), 404 for anything else. Stops when dropped, and
/// by itself after two minutes.
struct PriceServer {
    base_url: String,
    hits: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl PriceServer {
    fn start(root: PathBuf) -> PriceServer {
        let listener = match TcpListener::bind("127.0.0.1:0") {
            Ok(l) => l,
            Err(e) => panic!("bind: {e}"),
        };
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
        if let Err(e) = listener.set_nonblocking(true) {
            panic!("nonblocking: {e}");
        }
        let hits = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (hits2, stop2) = (hits.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            while !stop2.load(Ordering::SeqCst) && started.elapsed() < Duration::from_secs(120) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        if let Some(path) = serve(stream, &root) {
                            if let Ok(mut h) = hits2.lock() {
                                h.push(path);
                            }
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                    Err(_) => break,
                }
            }
        });
        PriceServer {
            base_url: format!("http://127.0.0.1:{port}"),
            hits,
            stop,
            thread: Some(thread),
        }
    }

    fn hits(&self) -> Vec<String> {
        self.hits.lock().map(|h| h.clone()).unwrap_or_default()
    }
}

impl Drop for PriceServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Answers one request; returns its path.
fn serve(stream: TcpStream, root: &Path) -> Option<String> {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).ok()?;
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) => break,
            Ok(_) if header == "\r\n" || header == "\n" => break,
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    let path = request_line.split_whitespace().nth(1)?.to_string();
    let file = if path.split('/').any(|seg| seg == "..") {
        None
    } else {
        Some(root.join(path.trim_start_matches('/')))
    };
    let mut stream = stream;
    let body = file
        .filter(|f| f.is_file())
        .and_then(|f| std::fs::read(f).ok());
    let (status, body) = match body {
        Some(b) => ("200 OK", b),
        None => (
            "404 Not Found",
            b"<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code></Error>".to_vec(),
        ),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
    let _ = stream.flush();
    Some(path)
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pricing-update")
}

// ---------------------------------------------------------------------------
// Running chkmate
// ---------------------------------------------------------------------------

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn chkmate(cache_dir: &Path, args: &[&str]) -> Run {
    let home = cache_dir.join("home");
    let out = Command::new(env!("CARGO_BIN_EXE_chkmate"))
        .args(args)
        .env("CHKMATE_CACHE_DIR", cache_dir)
        .env("CHKMATE_HOME", &home)
        .env_remove("CHKMATE_PRICING_URL")
        .env("NO_COLOR", "1")
        .output();
    let out = match out {
        Ok(o) => o,
        Err(e) => panic!("running chkmate: {e}"),
    };
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn tempdir() -> tempfile::TempDir {
    match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("tempdir: {e}"),
    }
}

fn update_ok(cache: &Path, server: &PriceServer, extra: &[&str]) -> Run {
    let mut args = vec!["pricing", "update", "--base-url", server.base_url.as_str()];
    args.extend_from_slice(extra);
    let run = chkmate(cache, &args);
    assert_eq!(
        run.code, 0,
        "update failed\nstdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    run
}

fn cache_path(cache: &Path) -> PathBuf {
    cache.join("pricing").join("aws-prices.tsv")
}

fn load_cache(cache: &Path) -> PriceCatalog {
    match PriceCatalog::from_file(&cache_path(cache)) {
        Ok(c) => c,
        Err(e) => panic!("cache does not load: {e}"),
    }
}

const T3_CONFIG: &str = r#"
provider "aws" {
  region = "us-east-1"
}

resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.medium"
}
"#;

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[test]
fn update_writes_offer_prices_and_reports_the_404_region() {
    let server = PriceServer::start(fixtures());
    let dir = tempdir();
    let run = update_ok(dir.path(), &server, &[]);

    // The 404 region is reported, the others were read.
    assert!(
        run.stdout.contains("AmazonEC2 eu-west-1: HTTP 404"),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("AmazonEC2 us-east-1 version 20261120000000"));
    // The CNY-only region was read, and its price left out with a warning.
    assert!(
        run.stderr
            .contains("AmazonEC2 cn-north-1: 1 product left out: no USD price (priced in CNY)"),
        "{}",
        run.stderr
    );
    let hits = server.hits();
    assert!(hits.contains(&"/offers/v1.0/aws/index.json".to_string()));
    assert!(hits
        .contains(&"/offers/v1.0/aws/AmazonEC2/20261120000000/eu-west-1/index.json".to_string()));

    let c = load_cache(dir.path());
    assert!(
        c.info().id.starts_with("aws-price-list-"),
        "{}",
        c.info().id
    );
    // EC2: the Linux/shared/used SKU, not the Windows, dedicated, SQL or
    // unused-reservation ones of the same instance type.
    let t3 = c.ec2_hourly("us-east-1", "t3.medium");
    assert_eq!(t3.as_ref().map(|p| p.usd), Some(0.052));
    assert_eq!(
        t3.as_ref().map(|p| p.source.id.as_str()),
        Some("aws-price-list:AmazonEC2:20261120000000")
    );
    assert_eq!(
        t3.map(|p| p.source.date.clone()).as_deref(),
        Some("2026-11-20")
    );
    assert_eq!(
        c.ec2_hourly("us-east-1", "m5.large").map(|p| p.usd),
        Some(0.096)
    );
    // NAT gateway and EBS from the EC2 offer, public IPv4 from the VPC offer.
    assert_eq!(
        c.item("us-east-1", "vpc.nat.hour").map(|p| p.usd),
        Some(0.045)
    );
    assert_eq!(
        c.item("us-east-1", "vpc.nat.data").map(|p| p.usd),
        Some(0.045)
    );
    assert_eq!(
        c.ebs_gb_month("us-east-1", "gp3").map(|p| p.usd),
        Some(0.08)
    );
    assert_eq!(
        c.item("us-east-1", "ebs.io1.iops").map(|p| p.usd),
        Some(0.065)
    );
    let throughput = c.item("us-east-1", "ebs.gp3.throughput");
    // $40.96 per GiBps-month is $0.04 per MiBps-month, exact (not approximate
    // like the embedded row).
    assert_eq!(throughput.as_ref().map(|p| p.usd), Some(0.04));
    assert_eq!(throughput.as_ref().map(|p| p.approximate), Some(false));
    assert_eq!(
        throughput.map(|p| p.unit.to_string()).as_deref(),
        Some("MiBps-month")
    );
    let ipv4 = c.public_ipv4_hourly("us-east-1");
    assert_eq!(ipv4.as_ref().map(|p| p.usd), Some(0.005));
    assert_eq!(
        ipv4.map(|p| p.source.id.clone()).as_deref(),
        Some("aws-price-list:AmazonVPC:20261118000000")
    );
    // RDS (terms before products in this file): real Multi-AZ row, not derived.
    assert_eq!(
        c.rds_hourly("us-east-1", "db.t3.large", "mysql", false)
            .map(|p| p.usd),
        Some(0.136)
    );
    let maz = c.rds_hourly("us-east-1", "db.t3.large", "mysql", true);
    assert_eq!(maz.as_ref().map(|p| p.usd), Some(0.272));
    assert_eq!(maz.and_then(|p| p.derived), None);
    assert_eq!(
        c.rds_hourly("us-east-1", "db.t3.large", "sqlserver-ex", false)
            .map(|p| p.usd),
        Some(0.162)
    );
    assert_eq!(
        c.item("us-east-1", "rds.storage.gp2.multi").map(|p| p.usd),
        Some(0.23)
    );
    // Tiered prices keep their tiers, in the catalog's unit.
    let s3: Vec<(f64, Option<f64>, f64)> = c
        .tiers("us-east-1", "s3.standard.storage")
        .unwrap_or_default()
        .iter()
        .map(|t| (t.start, t.end, t.price.usd))
        .collect();
    assert_eq!(
        s3,
        vec![
            (0.0, Some(51200.0), 0.023),
            (51200.0, Some(512000.0), 0.022),
            (512000.0, None, 0.021)
        ]
    );
    assert_eq!(
        c.item("us-east-1", "s3.standard.tier1").map(|p| p.usd),
        Some(0.005)
    );
    // SQS: the free first million is dropped, the rest are tiers per 1M requests.
    let sqs: Vec<(f64, Option<f64>, f64)> = c
        .tiers("us-east-1", "sqs.requests.standard")
        .unwrap_or_default()
        .iter()
        .map(|t| (t.start, t.end, t.price.usd))
        .collect();
    assert_eq!(
        sqs,
        vec![
            (1.0, Some(100000.0), 0.4),
            (100000.0, Some(200000.0), 0.3),
            (200000.0, None, 0.24)
        ]
    );
    // CloudFront is global: priced per edge geography.
    let cf = c
        .tiers("cloudfront:us", "cloudfront.out.internet")
        .unwrap_or_default();
    assert_eq!(cf.len(), 7);
    assert_eq!(
        cf.first().map(|t| (t.end, t.price.usd)),
        Some((Some(10240.0), 0.085))
    );
    assert_eq!(
        c.item("cloudfront:us", "cloudfront.requests.https")
            .map(|p| p.usd),
        Some(0.01)
    );
    // The failed region keeps the embedded prices (with their own source), and
    // nothing is invented for the CNY-only region.
    let eu = c.ec2_hourly("eu-west-1", "t3.medium");
    let embedded = PriceCatalog::embedded()
        .ok()
        .and_then(|e| e.ec2_hourly("eu-west-1", "t3.medium"));
    assert!(eu.is_some());
    assert_eq!(eu, embedded);
    assert!(c.ec2_hourly("cn-north-1", "t3.medium").is_none());
    // Items the fixture does not have are carried over from the embedded snapshot.
    assert_eq!(
        c.item("us-east-1", "eks.cluster.standard").map(|p| p.usd),
        Some(0.10)
    );
}

#[test]
fn estimates_prefer_the_fresh_cache() {
    let server = PriceServer::start(fixtures());
    let dir = tempdir();
    let pricing_dir = dir.path().join("pricing");

    // No cache yet: the embedded snapshot, with the reason.
    let (none, origin) = load_fresh_cache(&pricing_dir, SystemTime::now());
    assert!(none.is_none());
    assert!(
        matches!(&origin, CatalogOrigin::Embedded { reason } if reason.contains("no price cache")),
        "{origin:?}"
    );

    update_ok(dir.path(), &server, &[]);
    let (cache, origin) = load_fresh_cache(&pricing_dir, SystemTime::now());
    let Some(cache) = cache else {
        panic!("fresh cache not used: {origin:?}");
    };
    assert!(matches!(origin, CatalogOrigin::Cache { .. }), "{origin:?}");

    let loaded = chkmate::terraform::evaluate_source("main.tf", T3_CONFIG);
    let opts = EstimateOptions::default();
    let usage = Usage::default();
    let instance_monthly = |est: &chkmate::pricing::Estimate| -> (f64, String) {
        let res = est.resource("aws_instance.web");
        let comp = res
            .and_then(|r| {
                r.components.iter().find(|c| {
                    c.unit_price
                        .as_ref()
                        .is_some_and(|p| p.unit.as_ref() == "hour" && p.usd > 0.01)
                })
            })
            .cloned();
        let Some(comp) = comp else {
            panic!("no instance-hours component: {res:?}");
        };
        (
            comp.monthly_cost.unwrap_or(f64::NAN),
            comp.unit_price
                .map(|p| p.source.id.clone())
                .unwrap_or_default(),
        )
    };
    let from_cache = estimate(&loaded.model, &cache, &usage, &opts);
    let (monthly, source) = instance_monthly(&from_cache);
    assert!((monthly - 37.96).abs() <= 0.01, "{monthly}");
    assert_eq!(source, "aws-price-list:AmazonEC2:20261120000000");
    assert!(from_cache.snapshot.id.starts_with("aws-price-list-"));

    let embedded = match PriceCatalog::embedded() {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    let (monthly, _) = instance_monthly(&estimate(&loaded.model, embedded, &usage, &opts));
    assert!((monthly - 30.37).abs() <= 0.01, "{monthly}");
}

#[test]
fn cost_command_prices_from_the_fresh_cache() {
    let server = PriceServer::start(fixtures());
    let dir = tempdir();
    update_ok(dir.path(), &server, &[]);
    let project = dir.path().join("project");
    if let Err(e) = std::fs::create_dir_all(&project)
        .and_then(|()| std::fs::write(project.join("main.tf"), T3_CONFIG))
    {
        panic!("{e}");
    }
    let project = project.to_string_lossy().into_owned();
    let run = chkmate(
        dir.path(),
        &["cost", &project, "--format", "json", "--no-store"],
    );
    assert_eq!(
        run.code, 0,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    let json: serde_json::Value = match serde_json::from_str(&run.stdout) {
        Ok(v) => v,
        Err(e) => panic!("{e}\n{}", run.stdout),
    };
    let text = json.to_string();
    assert!(
        text.contains("aws-price-list:AmazonEC2:20261120000000"),
        "{text}"
    );
    assert!(text.contains("0.052"), "{text}");
}

#[test]
fn a_fresh_cache_is_not_fetched_again_unless_forced_or_stale() {
    let server = PriceServer::start(fixtures());
    let dir = tempdir();
    update_ok(dir.path(), &server, &["--region", "us-east-1"]);
    let after_first = server.hits().len();
    // Only us-east-1 (and the global services) were read.
    assert!(!server.hits().iter().any(|h| h.contains("eu-west-1")));

    let run = update_ok(dir.path(), &server, &["--region", "us-east-1"]);
    assert!(
        run.stdout.contains("The price cache is fresh"),
        "{}",
        run.stdout
    );
    assert_eq!(
        server.hits().len(),
        after_first,
        "a fresh cache was fetched again"
    );

    // A region the cache does not hold is fetched.
    update_ok(dir.path(), &server, &["--region", "eu-west-1"]);
    let after_other_region = server.hits().len();
    assert!(after_other_region > after_first);

    // --force fetches a fresh cache.
    let run = update_ok(dir.path(), &server, &["--force"]);
    assert!(run.stdout.contains("Price cache written"), "{}", run.stdout);
    let after_force = server.hits().len();
    assert!(after_force > after_other_region);

    // A cache fetched two days ago is stale: estimates use the embedded
    // snapshot and `update` fetches again without --force.
    let path = cache_path(dir.path());
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let two_days_ago = SystemTime::now() - Duration::from_secs(48 * 3600);
    let old = chkmate::store::rfc3339_utc(two_days_ago);
    let aged: String = text
        .lines()
        .map(|l| {
            if l.starts_with("meta\tfetched_at\t") {
                format!("meta\tfetched_at\t{old}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    if let Err(e) = std::fs::write(&path, aged) {
        panic!("{e}");
    }
    let (cache, origin) = load_fresh_cache(&dir.path().join("pricing"), SystemTime::now());
    assert!(cache.is_none());
    assert!(
        matches!(&origin, CatalogOrigin::Embedded { reason } if reason.contains("2 d 0 h old")),
        "{origin:?}"
    );
    let status = chkmate(dir.path(), &["pricing", "status"]);
    assert!(
        status.stdout.contains("stale: older than 24 h"),
        "{}",
        status.stdout
    );
    assert!(status
        .stdout
        .contains("Estimates use: the embedded snapshot"));

    let run = update_ok(dir.path(), &server, &[]);
    assert!(run.stdout.contains("Price cache written"), "{}", run.stdout);
    assert!(server.hits().len() > after_force);
}

#[test]
fn status_shows_source_dates_age_and_rows() {
    let server = PriceServer::start(fixtures());
    let dir = tempdir();

    let before = chkmate(dir.path(), &["pricing", "status"]);
    assert_eq!(before.code, 0, "{}", before.stderr);
    assert!(
        before
            .stdout
            .contains("Estimates use: the embedded snapshot (no price cache at"),
        "{}",
        before.stdout
    );
    assert!(before.stdout.contains("Embedded snapshot:"));
    assert!(before.stdout.contains("karpenter-2026-07-20 (2026-07-20)"));

    update_ok(dir.path(), &server, &[]);
    let after = chkmate(dir.path(), &["pricing", "status"]);
    assert_eq!(after.code, 0, "{}", after.stderr);
    let s = &after.stdout;
    assert!(s.contains("Estimates use: the price cache"), "{s}");
    assert!(
        s.contains("source     AWS Price List bulk API (http://127.0.0.1:"),
        "{s}"
    );
    assert!(
        s.contains("(0 s ago; fresh)") || s.contains("s ago; fresh)"),
        "{s}"
    );
    assert!(
        s.contains(
            "offer      AmazonEC2 us-east-1 version 20261120000000 published 2026-11-20T00:00:00Z"
        ),
        "{s}"
    );
    assert!(
        s.contains("failed     AmazonEC2 eu-west-1: HTTP 404"),
        "{s}"
    );
    assert!(s.contains("rows from the price list"), "{s}");
    assert!(s.contains("carried over from embedded-"), "{s}");
}

#[test]
fn nothing_fetched_is_exit_2_and_leaves_no_cache() {
    let server = PriceServer::start(fixtures());
    let dir = tempdir();

    // The offer index is missing (404).
    let url = format!("{}/nowhere", server.base_url);
    let run = chkmate(dir.path(), &["pricing", "update", "--base-url", &url]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("offer index"), "{}", run.stderr);
    assert!(run.stderr.contains("HTTP 404"), "{}", run.stderr);
    assert!(!cache_path(dir.path()).exists());

    // Nothing listens on the port: a network error.
    let closed = match TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()) {
        Ok(addr) => format!("http://{addr}"),
        Err(e) => panic!("{e}"),
    };
    let run = chkmate(dir.path(), &["pricing", "update", "--base-url", &closed]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("network error"), "{}", run.stderr);

    // The index is there, but every offer file fails.
    let partial = tempdir();
    for rel in [
        "offers/v1.0/aws/index.json",
        "offers/v1.0/aws/AmazonEC2/current/region_index.json",
    ] {
        let to = partial.path().join(rel);
        let copied = to
            .parent()
            .map(std::fs::create_dir_all)
            .unwrap_or(Ok(()))
            .and_then(|()| std::fs::copy(fixtures().join(rel), &to));
        if let Err(e) = copied {
            panic!("{e}");
        }
    }
    let partial_server = PriceServer::start(partial.path().to_path_buf());
    let run = chkmate(
        dir.path(),
        &["pricing", "update", "--base-url", &partial_server.base_url],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no offer file"), "{}", run.stderr);
    assert!(
        run.stderr.contains("failed: AmazonEC2 us-east-1: HTTP 404"),
        "{}",
        run.stderr
    );
    assert!(!cache_path(dir.path()).exists());
}

// ---------------------------------------------------------------------------
// Streaming
// ---------------------------------------------------------------------------

/// A synthetic EC2 offer file produced while it is read: `products` products
/// (all Windows except three Linux/shared ones) then their on-demand terms and
/// a reserved section. Nothing is held but the current chunk.
struct SyntheticOffer {
    products: usize,
    next: usize,
    stage: u8,
    chunk: Vec<u8>,
    pos: usize,
    produced: u64,
}

impl SyntheticOffer {
    fn new(products: usize) -> SyntheticOffer {
        SyntheticOffer {
            products,
            next: 0,
            stage: 0,
            chunk: Vec::new(),
            pos: 0,
            produced: 0,
        }
    }

    fn linux(&self, i: usize) -> bool {
        i == 7 || i == self.products / 2 || i + 3 == self.products
    }

    /// The next chunk of the file, or `false` at the end.
    fn refill(&mut self) -> bool {
        self.chunk.clear();
        self.pos = 0;
        let i = self.next;
        let comma = if i == 0 { "" } else { "," };
        match self.stage {
            0 => {
                self.chunk.extend_from_slice(
                    br#"{"formatVersion":"v1.0","disclaimer":"synthetic","offerCode":"AmazonEC2","version":"20990101000000","publicationDate":"2099-01-01T00:00:00Z","products":{"#,
                );
                self.stage = 1;
            }
            1 if i < self.products => {
                let (os, op) = if self.linux(i) {
                    ("Linux", "RunInstances")
                } else {
                    ("Windows", "RunInstances:0002")
                };
                let chunk = format!(
                    r#"{comma}"SKU{i:08}":{{"sku":"SKU{i:08}","productFamily":"Compute Instance","attributes":{{"servicecode":"AmazonEC2","location":"US East (N. Virginia)","locationType":"AWS Region","instanceType":"syn{i}.large","currentGeneration":"Yes","instanceFamily":"General purpose","vcpu":"2","physicalProcessor":"Intel Xeon Platinum 8175","clockSpeed":"3.1 GHz","memory":"8 GiB","storage":"EBS only","networkPerformance":"Up to 10 Gigabit","processorArchitecture":"64-bit","tenancy":"Shared","operatingSystem":"{os}","licenseModel":"No License required","usagetype":"BoxUsage:syn{i}.large","operation":"{op}","capacitystatus":"Used","preInstalledSw":"NA","regionCode":"us-east-1","servicename":"Amazon Elastic Compute Cloud"}}}}"#
                );
                self.chunk.extend_from_slice(chunk.as_bytes());
                self.next += 1;
            }
            1 => {
                self.chunk.extend_from_slice(br#"},"terms":{"OnDemand":{"#);
                self.stage = 2;
                self.next = 0;
            }
            2 if i < self.products => {
                let chunk = format!(
                    r#"{comma}"SKU{i:08}":{{"SKU{i:08}.JRTCKXETXF":{{"offerTermCode":"JRTCKXETXF","sku":"SKU{i:08}","effectiveDate":"2099-01-01T00:00:00Z","priceDimensions":{{"SKU{i:08}.JRTCKXETXF.6YS6EN2CT7":{{"rateCode":"SKU{i:08}.JRTCKXETXF.6YS6EN2CT7","description":"per On Demand instance hour","beginRange":"0","endRange":"Inf","unit":"Hrs","pricePerUnit":{{"USD":"0.{:010}"}},"appliesTo":[]}}}},"termAttributes":{{}}}}}}"#,
                    1000 + i
                );
                self.chunk.extend_from_slice(chunk.as_bytes());
                self.next += 1;
            }
            2 => {
                self.chunk.extend_from_slice(
                    br#"},"Reserved":{"SKU00000007":{"SKU00000007.4NA7Y494T4":{"priceDimensions":{"r":{"unit":"Hrs","pricePerUnit":{"USD":"0.01"}}}}}}},"attributesList":{}}"#,
                );
                self.stage = 3;
            }
            _ => return false,
        }
        self.produced += self.chunk.len() as u64;
        true
    }
}

impl Read for SyntheticOffer {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pos >= self.chunk.len() {
            if !self.refill() {
                return Ok(0);
            }
        }
        let rest = self.chunk.get(self.pos..).unwrap_or_default();
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.pos += n;
        Ok(n)
    }
}

#[test]
fn a_50_mb_offer_file_streams_in_bounded_memory() {
    const PRODUCTS: usize = 45_000;
    let mut source = SyntheticOffer::new(PRODUCTS);
    let start = start_measuring();
    let parsed = parse_offer(&mut source, |p| classify("AmazonEC2", p));
    let peak = peak_since(start);
    let parsed = match parsed {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    assert!(
        source.produced >= 50_000_000,
        "the synthetic file is only {} bytes",
        source.produced
    );
    assert_eq!(parsed.stats.products_seen, PRODUCTS);
    assert_eq!(parsed.stats.on_demand_skus, PRODUCTS);
    assert_eq!(parsed.stats.products_kept, 3);
    // Only the kept products' terms were read into memory, and nothing else
    // was ever held: products come first, so no term is buffered.
    assert_eq!(parsed.stats.on_demand_read, 3);
    assert_eq!(parsed.stats.terms_before_products, 0);
    assert_eq!(parsed.stats.peak_buffered, 3);
    let kept: Vec<(String, Option<String>)> = parsed
        .kept
        .iter()
        .map(|k| {
            let RowTarget::Ec2 { instance_type } = &k.target else {
                panic!("not an EC2 row: {:?}", k.target);
            };
            (
                instance_type.clone(),
                k.dimensions.first().and_then(|d| d.usd.clone()),
            )
        })
        .collect();
    assert_eq!(
        kept,
        vec![
            ("syn7.large".to_string(), Some("0.0000001007".to_string())),
            (
                "syn22500.large".to_string(),
                Some("0.0000023500".to_string())
            ),
            (
                "syn44997.large".to_string(),
                Some("0.0000045997".to_string())
            ),
        ]
    );
    // The heap never grew by more than a few buffers while 50 MB went through.
    assert!(
        peak < 4 * 1024 * 1024,
        "peak heap growth while parsing: {peak} bytes"
    );
    println!(
        "streamed {} bytes, {} products; peak heap growth {} KiB",
        source.produced,
        parsed.stats.products_seen,
        peak / 1024
    );
}

#[test]
fn the_cache_has_metadata_and_loads_with_the_catalog() {
    let server = PriceServer::start(fixtures());
    let dir = tempdir();
    update_ok(dir.path(), &server, &[]);
    let meta = match update::read_cache_meta(&cache_path(dir.path())) {
        Ok(Some(m)) => m,
        other => panic!("{other:?}"),
    };
    assert_eq!(meta.source, "AWS Price List bulk API");
    assert!(meta.regions.is_empty());
    assert!(meta.is_fresh(SystemTime::now()));
    assert_eq!(meta.offers.len(), 7, "{:?}", meta.offers);
    assert!(meta
        .offers
        .iter()
        .any(|o| o.service == "AmazonCloudFront" && o.publication_date == "2026-11-10T00:00:00Z"));
    assert_eq!(meta.failed.len(), 1);
    assert_eq!(meta.failed[0].region, "eu-west-1");
    assert!(meta.rows_fetched > 20, "{}", meta.rows_fetched);
    assert!(meta.rows_embedded > 10_000, "{}", meta.rows_embedded);
    let c = load_cache(dir.path());
    let (e, r, i) = c.row_counts();
    assert_eq!(e + r + i, meta.rows_fetched + meta.rows_embedded);
    assert!(c
        .sources()
        .iter()
        .any(|s| s.id == "aws-price-list:AmazonRDS:20261119000000"));
    assert!(c.sources().iter().any(|s| s.id == "karpenter-2026-07-20"));
}
