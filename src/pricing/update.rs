//! `chkmate pricing update | status`: the price cache built from the AWS bulk
//! price list, and the choice between that cache and the embedded snapshot.
//!
//! [`update`] reads the public offer index (`{base}/offers/v1.0/aws/index.json`,
//! no credentials), each needed service's region index, and the per-region offer
//! files, streaming each through [`super::offer::parse_offer`] and keeping the
//! products the estimator prices ([`super::offer::classify`]). The rows are
//! written in the snapshot format (`SnapshotWriter`) and laid over the embedded
//! snapshot: every price the fetched offers give replaces the embedded price
//! for the same region and item, and every other embedded row is carried over
//! with its own source, so a partial update (`--region`, a failed region, an
//! item the price list does not map) never loses a price the embedded snapshot
//! has. Each row keeps its source, so an estimate still says where every price
//! came from.
//!
//! The cache lives in `$CHKMATE_CACHE_DIR/pricing/aws-prices.tsv`, or
//! `<user cache dir>/chkmate/pricing/aws-prices.tsv`, and is fresh for 24 hours
//! after it was fetched. [`active_catalog`] gives the estimator the fresh cache
//! when there is one, else the embedded snapshot, and says which
//! ([`CatalogOrigin`]).

use super::catalog::{PriceCatalog, PriceSource, SnapshotInfo, SnapshotWriter};
use super::offer::{self, CatalogRow, RowKind, ServiceScope};
use crate::error::{Error, Result};
use crate::store::rfc3339_utc;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where the AWS Price List bulk API is served.
pub const DEFAULT_BASE_URL: &str = "https://pricing.us-east-1.amazonaws.com";

/// What the cache's prices are from (its `source` metadata).
pub const SOURCE_NAME: &str = "AWS Price List bulk API";

/// How long a fetched cache is preferred over the embedded snapshot.
pub const CACHE_TTL: Duration = Duration::from_secs(24 * 3600);

/// The cache file name inside the pricing cache directory.
pub const CACHE_FILE: &str = "aws-prices.tsv";

/// Environment variable naming chkmate's cache directory (the pricing cache is
/// its `pricing/` subdirectory).
pub const CACHE_DIR_ENV: &str = "CHKMATE_CACHE_DIR";

/// The pricing cache directory: `$CHKMATE_CACHE_DIR/pricing`, else the user
/// cache directory's `chkmate/pricing`. `None` when neither is known.
pub fn default_cache_dir() -> Option<PathBuf> {
    match std::env::var_os(CACHE_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir).join("pricing")),
        _ => dirs::cache_dir().map(|d| d.join("chkmate").join("pricing")),
    }
}

/// The cache file in a pricing cache directory.
pub fn cache_file(cache_dir: &Path) -> PathBuf {
    cache_dir.join(CACHE_FILE)
}

// ---------------------------------------------------------------------------
// Cache metadata
// ---------------------------------------------------------------------------

/// One offer file the cache was built from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OfferFetched {
    pub service: String,
    pub region: String,
    pub version: String,
    pub publication_date: String,
}

/// One offer file that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FetchFailure {
    pub service: String,
    /// Region code, or `*` when the service's region index failed.
    pub region: String,
    pub url: String,
    pub error: String,
}

/// The metadata of a cache written by [`update`] (read from its header lines).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CacheMeta {
    pub snapshot: String,
    /// RFC 3339 UTC.
    pub fetched_at: String,
    pub source: String,
    pub base_url: String,
    /// The regions asked for; empty for every region.
    pub regions: Vec<String>,
    pub offers: Vec<OfferFetched>,
    pub failed: Vec<FetchFailure>,
    /// Rows read from the price list.
    pub rows_fetched: usize,
    /// Rows carried over from the embedded snapshot.
    pub rows_embedded: usize,
    /// The embedded snapshot the carried rows are from.
    pub embedded_snapshot: String,
}

impl CacheMeta {
    /// Age at `now` (zero when the fetch time is in the future); `None` when
    /// the fetch time does not parse.
    pub fn age(&self, now: SystemTime) -> Option<Duration> {
        let at = parse_rfc3339(&self.fetched_at)?;
        Some(now.duration_since(at).unwrap_or_default())
    }

    /// True when the cache was fetched less than [`CACHE_TTL`] before `now`.
    pub fn is_fresh(&self, now: SystemTime) -> bool {
        self.age(now).is_some_and(|a| a < CACHE_TTL)
    }

    /// True when the cache holds every region of `requested` (empty: every
    /// region).
    pub fn covers(&self, requested: &[String]) -> bool {
        if self.regions.is_empty() {
            return true;
        }
        !requested.is_empty() && requested.iter().all(|r| self.regions.contains(r))
    }
}

/// Reads the metadata of a cache file (its header lines only). `Ok(None)` when
/// the file does not exist; an error when it is not a cache `update` wrote.
pub fn read_cache_meta(path: &Path) -> Result<Option<CacheMeta>> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, e)),
    };
    let mut meta = CacheMeta::default();
    let reader = std::io::BufReader::new(file);
    let mut first = true;
    for line in std::io::BufRead::lines(reader) {
        let line = line.map_err(|e| Error::io(path, e))?;
        if first {
            first = false;
            if !line.starts_with(super::catalog::SNAPSHOT_MAGIC) {
                return Err(Error::Pricing(format!(
                    "{}: not a chkmate price snapshot",
                    path.display()
                )));
            }
            continue;
        }
        if line.starts_with("region\t") || line == "end" {
            break;
        }
        let mut f = line.split('\t');
        if f.next() != Some("meta") {
            continue;
        }
        let key = f.next().unwrap_or_default();
        let fields: Vec<&str> = f.collect();
        let value = fields.first().copied().unwrap_or_default().to_string();
        match key {
            "snapshot" => meta.snapshot = value,
            "fetched_at" => meta.fetched_at = value,
            "source" => meta.source = value,
            "base_url" => meta.base_url = value,
            "regions" => {
                meta.regions = if value == "all" {
                    Vec::new()
                } else {
                    value.split(',').map(str::to_string).collect()
                }
            }
            "offer" => {
                if let [service, region, version, date, ..] = fields.as_slice() {
                    meta.offers.push(OfferFetched {
                        service: service.to_string(),
                        region: region.to_string(),
                        version: version.to_string(),
                        publication_date: date.to_string(),
                    });
                }
            }
            "failed" => {
                if let [service, region, url, error, ..] = fields.as_slice() {
                    meta.failed.push(FetchFailure {
                        service: service.to_string(),
                        region: region.to_string(),
                        url: url.to_string(),
                        error: error.to_string(),
                    });
                }
            }
            "rows_fetched" => meta.rows_fetched = value.parse().unwrap_or(0),
            "rows_embedded" => meta.rows_embedded = value.parse().unwrap_or(0),
            "embedded_snapshot" => meta.embedded_snapshot = value,
            _ => {}
        }
    }
    if meta.source != SOURCE_NAME || meta.fetched_at.is_empty() {
        return Err(Error::Pricing(format!(
            "{}: not a price cache written by `chkmate pricing update`",
            path.display()
        )));
    }
    Ok(Some(meta))
}

// ---------------------------------------------------------------------------
// Which catalog estimates use
// ---------------------------------------------------------------------------

/// Which snapshot prices estimates, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CatalogOrigin {
    /// A cache from `pricing update`, younger than 24 hours.
    Cache {
        path: PathBuf,
        fetched_at: String,
        age_secs: u64,
    },
    /// The snapshot embedded in the binary; `reason` says why no cache is used.
    Embedded { reason: String },
}

impl std::fmt::Display for CatalogOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CatalogOrigin::Cache {
                path,
                fetched_at,
                age_secs,
            } => write!(
                f,
                "price cache {} (fetched {fetched_at}, {} ago)",
                crate::source::display_path(path),
                human_duration(Duration::from_secs(*age_secs))
            ),
            CatalogOrigin::Embedded { reason } => write!(f, "embedded snapshot ({reason})"),
        }
    }
}

/// The catalog estimates should use: the fresh cache in
/// [`default_cache_dir`] if there is one, else the embedded snapshot. Loaded
/// once per process. A cache that is stale or does not load is not an error:
/// the embedded snapshot is used and [`CatalogOrigin::Embedded`] says why.
pub fn active_catalog() -> Result<(&'static PriceCatalog, CatalogOrigin)> {
    static ACTIVE: OnceLock<(Option<PriceCatalog>, CatalogOrigin)> = OnceLock::new();
    let (cache, origin) = ACTIVE.get_or_init(|| match default_cache_dir() {
        Some(dir) => load_fresh_cache(&dir, SystemTime::now()),
        None => (
            None,
            CatalogOrigin::Embedded {
                reason: "no user cache directory".into(),
            },
        ),
    });
    match cache {
        Some(c) => Ok((c, origin.clone())),
        None => Ok((PriceCatalog::embedded()?, origin.clone())),
    }
}

/// The fresh cache in `cache_dir` at `now`, or `None` with the reason the
/// embedded snapshot is to be used (no cache, stale, unreadable).
pub fn load_fresh_cache(
    cache_dir: &Path,
    now: SystemTime,
) -> (Option<PriceCatalog>, CatalogOrigin) {
    let path = cache_file(cache_dir);
    let shown = crate::source::display_path(&path);
    let embedded = |reason: String| (None, CatalogOrigin::Embedded { reason });
    let meta = match read_cache_meta(&path) {
        Ok(Some(m)) => m,
        Ok(None) => return embedded(format!("no price cache at {shown}")),
        Err(e) => return embedded(format!("the price cache is unusable: {e}")),
    };
    let Some(age) = meta.age(now) else {
        return embedded(format!(
            "the price cache at {shown} has a bad fetch time `{}`",
            meta.fetched_at
        ));
    };
    if age >= CACHE_TTL {
        return embedded(format!(
            "the price cache at {shown} is {} old (fresh for 24 h; run `chkmate pricing update`)",
            human_duration(age)
        ));
    }
    match PriceCatalog::from_file(&path) {
        Ok(c) => (
            Some(c),
            CatalogOrigin::Cache {
                path,
                fetched_at: meta.fetched_at,
                age_secs: age.as_secs(),
            },
        ),
        Err(e) => embedded(format!("the price cache does not load: {e}")),
    }
}

// ---------------------------------------------------------------------------
// Status
// ---------------------------------------------------------------------------

/// Rows and provenance of one snapshot.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SnapshotSummary {
    pub info: SnapshotInfo,
    pub ec2_rows: usize,
    pub rds_rows: usize,
    pub item_rows: usize,
}

impl SnapshotSummary {
    fn of(c: &PriceCatalog) -> SnapshotSummary {
        let (ec2_rows, rds_rows, item_rows) = c.row_counts();
        SnapshotSummary {
            info: c.info().clone(),
            ec2_rows,
            rds_rows,
            item_rows,
        }
    }
}

/// The cache as `pricing status` reports it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CacheStatus {
    pub path: PathBuf,
    pub meta: Option<CacheMeta>,
    pub age_secs: Option<u64>,
    pub fresh: bool,
    pub summary: Option<SnapshotSummary>,
    /// Why the cache cannot be used, when it cannot.
    pub problem: Option<String>,
}

/// What `pricing status` shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PricingStatus {
    /// What estimates use now.
    pub active: CatalogOrigin,
    /// `None` when no cache directory is known.
    pub cache: Option<CacheStatus>,
    pub embedded: SnapshotSummary,
}

/// The status of the cache in `cache_dir` (if any) and of the embedded
/// snapshot at `now`.
pub fn status(cache_dir: Option<&Path>, now: SystemTime) -> Result<PricingStatus> {
    let embedded = SnapshotSummary::of(PriceCatalog::embedded()?);
    let Some(dir) = cache_dir else {
        return Ok(PricingStatus {
            active: CatalogOrigin::Embedded {
                reason: "no user cache directory".into(),
            },
            cache: None,
            embedded,
        });
    };
    let (loaded, active) = load_fresh_cache(dir, now);
    let path = cache_file(dir);
    let mut cache = CacheStatus {
        path: path.clone(),
        meta: None,
        age_secs: None,
        fresh: false,
        summary: None,
        problem: None,
    };
    match read_cache_meta(&path) {
        Ok(Some(meta)) => {
            cache.age_secs = meta.age(now).map(|a| a.as_secs());
            cache.fresh = meta.is_fresh(now);
            cache.summary = match &loaded {
                Some(c) => Some(SnapshotSummary::of(c)),
                None => match PriceCatalog::from_file(&path) {
                    Ok(c) => Some(SnapshotSummary::of(&c)),
                    Err(e) => {
                        cache.problem = Some(e.to_string());
                        None
                    }
                },
            };
            cache.meta = Some(meta);
        }
        Ok(None) => {}
        Err(e) => cache.problem = Some(e.to_string()),
    }
    Ok(PricingStatus {
        active,
        cache: Some(cache),
        embedded,
    })
}

// ---------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------

/// Opens URLs for reading. [`HttpFetcher`] is the real one.
pub trait Fetcher {
    /// A reader over the body of `url`, or why it cannot be had.
    fn open(&self, url: &str) -> std::result::Result<Box<dyn Read + Send>, FetchError>;
}

/// Why a URL could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchError {
    /// The HTTP status, when the server answered with an error.
    pub status: Option<u16>,
    pub message: String,
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// HTTP(S) with timeouts, no credentials, no cookies.
pub struct HttpFetcher {
    agent: ureq::Agent,
}

impl HttpFetcher {
    /// Connect timeout 20 s; a read that stalls for 120 s fails.
    pub fn new() -> HttpFetcher {
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(Duration::from_secs(20))
            .timeout_read(Duration::from_secs(120))
            .user_agent(concat!("chkmate/", env!("CARGO_PKG_VERSION")))
            .build();
        HttpFetcher { agent }
    }
}

impl Default for HttpFetcher {
    fn default() -> Self {
        HttpFetcher::new()
    }
}

impl Fetcher for HttpFetcher {
    fn open(&self, url: &str) -> std::result::Result<Box<dyn Read + Send>, FetchError> {
        match self.agent.get(url).call() {
            Ok(resp) => Ok(Box::new(resp.into_reader())),
            Err(ureq::Error::Status(code, resp)) => Err(FetchError {
                status: Some(code),
                message: format!("HTTP {code} {}", resp.status_text()),
            }),
            Err(ureq::Error::Transport(t)) => Err(FetchError {
                status: None,
                message: format!("network error: {t}"),
            }),
        }
    }
}

/// Joins a URL from an index (`/offers/v1.0/...`, or absolute) to the base URL.
fn resolve_url(base: &str, url: &str) -> String {
    if url.starts_with("http://") || url.starts_with("https://") {
        url.to_string()
    } else if let Some(path) = url.strip_prefix('/') {
        format!("{}/{path}", base.trim_end_matches('/'))
    } else {
        format!("{}/{url}", base.trim_end_matches('/'))
    }
}

#[derive(Deserialize)]
struct OfferIndex {
    #[serde(default)]
    offers: BTreeMap<String, OfferIndexEntry>,
}

#[derive(Deserialize)]
struct OfferIndexEntry {
    #[serde(default, rename = "currentRegionIndexUrl")]
    current_region_index_url: Option<String>,
}

#[derive(Deserialize)]
struct RegionIndex {
    #[serde(default)]
    regions: BTreeMap<String, RegionIndexEntry>,
}

#[derive(Deserialize)]
struct RegionIndexEntry {
    #[serde(default, rename = "regionCode")]
    region_code: Option<String>,
    #[serde(default, rename = "currentVersionUrl")]
    current_version_url: Option<String>,
}

/// Index files are small (the offer index is about 100 KB); more than this is
/// not an index.
const MAX_INDEX_BYTES: u64 = 64 * 1024 * 1024;

fn fetch_json<T: for<'de> Deserialize<'de>>(
    fetcher: &dyn Fetcher,
    url: &str,
) -> std::result::Result<T, FetchError> {
    let reader = fetcher.open(url)?;
    let mut text = Vec::new();
    reader
        .take(MAX_INDEX_BYTES)
        .read_to_end(&mut text)
        .map_err(|e| FetchError {
            status: None,
            message: format!("reading the response: {e}"),
        })?;
    serde_json::from_slice(&text).map_err(|e| FetchError {
        status: None,
        message: format!("not a price list index: {e}"),
    })
}

// ---------------------------------------------------------------------------
// Update
// ---------------------------------------------------------------------------

/// Options of [`update`].
#[derive(Clone, Debug)]
pub struct UpdateOptions {
    /// Base URL of the price list ([`DEFAULT_BASE_URL`]).
    pub base_url: String,
    /// Regions to fetch; empty for every region in the region indexes.
    pub regions: Vec<String>,
    /// Fetch even when the cache is fresh.
    pub force: bool,
    /// The pricing cache directory ([`default_cache_dir`]).
    pub cache_dir: PathBuf,
    /// The current time (the fetch time written, and the TTL check).
    pub now: SystemTime,
}

/// What [`update`] did.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum UpdateOutcome {
    /// The cache is fresh and covers the regions asked for; nothing was fetched.
    Fresh {
        path: PathBuf,
        fetched_at: String,
        age_secs: u64,
    },
    /// The cache was written.
    Updated(UpdateReport),
    /// No offer file could be read; the cache was left as it was.
    NothingFetched {
        failures: Vec<FetchFailure>,
        warnings: Vec<String>,
    },
}

/// The cache `update` wrote, and what went into it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UpdateReport {
    pub path: PathBuf,
    pub snapshot: String,
    pub fetched_at: String,
    pub offers: Vec<OfferFetched>,
    pub failures: Vec<FetchFailure>,
    pub rows_fetched: usize,
    pub rows_embedded: usize,
    /// Products seen and kept over all offer files.
    pub products_seen: usize,
    pub products_kept: usize,
    /// Prices left out (no USD price, unexpected unit, conflicting SKUs ...),
    /// services missing from the index, regions not offered.
    pub warnings: Vec<String>,
}

/// Rebuilds the price cache from the bulk price list over HTTP (see the module
/// doc). Does nothing when the cache is fresh and covers the regions asked for,
/// unless `force`. `progress` receives one line per file read.
///
/// Errors: the offer index cannot be read (network, HTTP status, not JSON), or
/// the cache cannot be written. Failures of single offer files are reported in
/// the outcome, and only when none succeeded is the outcome
/// [`UpdateOutcome::NothingFetched`].
pub fn update(opts: &UpdateOptions, progress: &mut dyn FnMut(&str)) -> Result<UpdateOutcome> {
    update_with(opts, &HttpFetcher::new(), progress)
}

/// [`update`] with a given [`Fetcher`].
pub fn update_with(
    opts: &UpdateOptions,
    fetcher: &dyn Fetcher,
    progress: &mut dyn FnMut(&str),
) -> Result<UpdateOutcome> {
    let path = cache_file(&opts.cache_dir);
    if !opts.force {
        // An unreadable cache is simply rebuilt.
        if let Ok(Some(meta)) = read_cache_meta(&path) {
            if meta.is_fresh(opts.now) && meta.covers(&opts.regions) {
                return Ok(UpdateOutcome::Fresh {
                    age_secs: meta.age(opts.now).unwrap_or_default().as_secs(),
                    path,
                    fetched_at: meta.fetched_at,
                });
            }
        }
    }
    let base = opts.base_url.trim_end_matches('/');
    let index_url = format!("{base}/offers/v1.0/aws/index.json");
    progress(&format!("reading the offer index {index_url}"));
    let index: OfferIndex = fetch_json(fetcher, &index_url).map_err(|e| {
        Error::Pricing(format!(
            "cannot read the AWS price list offer index {index_url}: {e}"
        ))
    })?;

    let mut acc = RowAccumulator::default();
    let mut offers = Vec::new();
    let mut failures = Vec::new();
    let mut warnings = Vec::new();
    let mut products_seen = 0;
    let mut products_kept = 0;
    let requested: BTreeSet<&str> = opts.regions.iter().map(String::as_str).collect();
    let mut regions_offered: BTreeSet<String> = BTreeSet::new();

    for &(service, scope) in offer::SERVICES {
        let Some(entry) = index.offers.get(service) else {
            warnings.push(format!("{service}: not in the offer index"));
            continue;
        };
        let Some(region_index_url) = entry.current_region_index_url.as_deref() else {
            warnings.push(format!(
                "{service}: the offer index has no region index for it"
            ));
            continue;
        };
        let region_index_url = resolve_url(base, region_index_url);
        let region_index: RegionIndex = match fetch_json(fetcher, &region_index_url) {
            Ok(r) => r,
            Err(e) => {
                failures.push(FetchFailure {
                    service: service.into(),
                    region: "*".into(),
                    url: region_index_url,
                    error: e.to_string(),
                });
                continue;
            }
        };
        let mut seen_urls = HashSet::new();
        for (key, r) in &region_index.regions {
            let region = r.region_code.clone().unwrap_or_else(|| key.clone());
            if scope == ServiceScope::Regional {
                regions_offered.insert(region.clone());
                if !requested.is_empty() && !requested.contains(region.as_str()) {
                    continue;
                }
            }
            let Some(url) = r.current_version_url.as_deref() else {
                warnings.push(format!(
                    "{service} {region}: the region index has no offer URL"
                ));
                continue;
            };
            let url = resolve_url(base, url);
            if !seen_urls.insert(url.clone()) {
                continue;
            }
            progress(&format!("reading {service} {region}"));
            let parsed = fetcher
                .open(&url)
                .map_err(|e| e.to_string())
                .and_then(|reader| {
                    offer::parse_offer(reader, |p| offer::classify(service, p))
                        .map_err(|e| e.to_string())
                });
            let parsed = match parsed {
                Ok(p) => p,
                Err(error) => {
                    progress(&format!("failed {service} {region}: {error}"));
                    failures.push(FetchFailure {
                        service: service.into(),
                        region,
                        url,
                        error,
                    });
                    continue;
                }
            };
            products_seen += parsed.stats.products_seen;
            products_kept += parsed.stats.products_kept;
            let fetched = OfferFetched {
                service: service.into(),
                region: region.clone(),
                version: parsed.header.version.clone(),
                publication_date: parsed.header.publication_date.clone(),
            };
            let source = acc.source_for(&fetched);
            let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
            for kept in &parsed.kept {
                match offer::to_rows(&kept.target, &kept.dimensions, &region) {
                    Ok(rows) => acc.add(&kept.sku, rows, &source, service),
                    Err(why) => *skipped.entry(why).or_default() += 1,
                }
            }
            for (why, n) in skipped {
                warnings.push(format!(
                    "{service} {region}: {n} product{} left out: {why}",
                    if n == 1 { "" } else { "s" }
                ));
            }
            offers.push(fetched);
        }
    }
    for r in &requested {
        if !regions_offered.contains(*r) {
            warnings.push(format!(
                "region {r}: no service of the price list offers it"
            ));
        }
    }
    warnings.extend(acc.conflict_warnings());

    if offers.is_empty() {
        return Ok(UpdateOutcome::NothingFetched { failures, warnings });
    }

    let fetched_at = rfc3339_utc(opts.now);
    let snapshot = format!("aws-price-list-{fetched_at}");
    let meta = CacheMeta {
        snapshot: snapshot.clone(),
        fetched_at: fetched_at.clone(),
        source: SOURCE_NAME.into(),
        base_url: base.to_string(),
        regions: opts.regions.clone(),
        offers: offers.clone(),
        failed: failures.clone(),
        rows_fetched: 0,
        rows_embedded: 0,
        embedded_snapshot: String::new(),
    };
    let written = write_cache(&path, &acc, meta)?;
    Ok(UpdateOutcome::Updated(UpdateReport {
        path,
        snapshot,
        fetched_at,
        offers,
        failures,
        rows_fetched: written.rows_fetched,
        rows_embedded: written.rows_embedded,
        products_seen,
        products_kept,
        warnings,
    }))
}

/// The identity of a catalog row: a later row with the same identity replaces
/// the embedded one. Items are identified by key (all tiers together).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum RowId {
    Ec2(String),
    Rds(String),
    Item(String),
}

fn row_id(kind: &RowKind) -> RowId {
    match kind {
        RowKind::Ec2 { instance_type } => RowId::Ec2(instance_type.clone()),
        RowKind::Rds {
            class,
            engine,
            multi_az,
        } => RowId::Rds(format!(
            "{class}|{engine}|{}",
            if *multi_az { "M" } else { "S" }
        )),
        RowKind::Item { key, .. } => RowId::Item(key.clone()),
    }
}

/// Rows from every offer file, by (region, identity). A second product that
/// maps to the same row with a different price makes the row a conflict: it
/// is left out (the embedded price, if any, stays) and reported.
#[derive(Default)]
struct RowAccumulator {
    rows: BTreeMap<(String, RowId), Accumulated>,
    /// Source code per (service, version).
    sources: BTreeMap<(String, String), (String, PriceSource)>,
}

struct Accumulated {
    rows: Vec<CatalogRow>,
    source: String,
    sku: String,
    service: String,
    conflict: Option<String>,
}

impl RowAccumulator {
    fn source_for(&mut self, o: &OfferFetched) -> String {
        let n = self.sources.len();
        self.sources
            .entry((o.service.clone(), o.version.clone()))
            .or_insert_with(|| {
                let date = o.publication_date.get(..10).unwrap_or(&o.publication_date);
                (
                    format!("aws{n}"),
                    PriceSource {
                        id: format!("aws-price-list:{}:{}", o.service, o.version),
                        date: date.to_string(),
                        description: format!(
                            "{SOURCE_NAME}, {} offer version {} published {} (on-demand, USD)",
                            o.service, o.version, o.publication_date
                        ),
                    },
                )
            })
            .0
            .clone()
    }

    fn add(&mut self, sku: &str, rows: Vec<CatalogRow>, source: &str, service: &str) {
        // Rows of one product may have several identities (aliases): group them.
        let mut by_id: BTreeMap<(String, RowId), Vec<CatalogRow>> = BTreeMap::new();
        for r in rows {
            by_id
                .entry((r.region.clone(), row_id(&r.kind)))
                .or_default()
                .push(r);
        }
        for (id, rows) in by_id {
            match self.rows.get_mut(&id) {
                None => {
                    self.rows.insert(
                        id,
                        Accumulated {
                            rows,
                            source: source.to_string(),
                            sku: sku.to_string(),
                            service: service.to_string(),
                            conflict: None,
                        },
                    );
                }
                Some(prev) if prev.rows == rows => {}
                Some(prev) => {
                    if prev.conflict.is_none() {
                        prev.conflict = Some(format!(
                            "{} SKUs {} and {sku} give different prices",
                            prev.service, prev.sku
                        ));
                    }
                }
            }
        }
    }

    fn conflict_warnings(&self) -> Vec<String> {
        self.rows
            .iter()
            .filter_map(|((region, id), a)| {
                a.conflict.as_ref().map(|c| {
                    let what = match id {
                        RowId::Ec2(t) => format!("EC2 {t}"),
                        RowId::Rds(k) => format!("RDS {}", k.replace('|', " ")),
                        RowId::Item(k) => k.clone(),
                    };
                    format!("{region} {what}: left out, {c}")
                })
            })
            .collect()
    }
}

struct Written {
    rows_fetched: usize,
    rows_embedded: usize,
}

/// Writes the fetched rows (through `SnapshotWriter`) laid over the embedded
/// snapshot, checks that the result loads, and replaces the cache file.
fn write_cache(path: &Path, acc: &RowAccumulator, mut meta: CacheMeta) -> Result<Written> {
    let mut writer = SnapshotWriter::new(&meta.snapshot, &meta.fetched_at, "");
    for (code, source) in acc.sources.values() {
        writer.source(code, source.clone());
    }
    for a in acc.rows.values() {
        if a.conflict.is_some() {
            continue;
        }
        for r in &a.rows {
            match &r.kind {
                RowKind::Ec2 { instance_type } => {
                    writer.ec2(&r.region, instance_type, r.usd, &a.source)
                }
                RowKind::Rds {
                    class,
                    engine,
                    multi_az,
                } => writer.rds(&r.region, class, engine, *multi_az, r.usd, &a.source),
                RowKind::Item { key, unit, tier } => {
                    writer.item(&r.region, key, r.usd, unit, &a.source, *tier)
                }
            }
        }
    }
    let fetched = SnapshotDoc::parse(&writer.finish())?;
    let embedded_catalog = PriceCatalog::embedded()?;
    let embedded = SnapshotDoc::parse(super::catalog::EMBEDDED_SNAPSHOT)?;
    meta.embedded_snapshot = embedded_catalog.info().id.clone();
    let (text, rows_fetched, rows_embedded) = merge(&fetched, &embedded, &mut meta)?;
    // Never write a cache the catalog would refuse.
    PriceCatalog::parse(&text, &path.display().to_string())
        .map_err(|e| Error::Pricing(format!("the new price cache does not load: {e}")))?;
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let tmp = path.with_extension(format!("tsv.tmp{}", std::process::id()));
    std::fs::write(&tmp, text.as_bytes()).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })?;
    Ok(Written {
        rows_fetched,
        rows_embedded,
    })
}

/// A snapshot as lines: enough structure to lay one snapshot over another.
struct SnapshotDoc {
    sources: Vec<(String, String)>,
    /// unit code → unit text
    units: HashMap<String, String>,
    /// region → rows (identity, kind letter, fields after the kind)
    regions: BTreeMap<String, Vec<DocRow>>,
}

struct DocRow {
    id: RowId,
    fields: Vec<String>,
    kind: char,
}

impl SnapshotDoc {
    fn parse(text: &str) -> Result<SnapshotDoc> {
        let mut doc = SnapshotDoc {
            sources: Vec::new(),
            units: HashMap::new(),
            regions: BTreeMap::new(),
        };
        let mut region: Option<String> = None;
        let bad = |n: usize, what: &str| Error::Pricing(format!("price snapshot line {n}: {what}"));
        for (i, line) in text.lines().enumerate().skip(1) {
            let n = i + 1;
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut f = line.split('\t');
            let kind = f.next().unwrap_or_default();
            let rest: Vec<String> = f.map(str::to_string).collect();
            match kind {
                "meta" | "end" => {}
                "source" => {
                    let code = rest
                        .first()
                        .ok_or_else(|| bad(n, "source without a code"))?;
                    doc.sources.push((code.clone(), rest[1..].join("\t")));
                }
                "unit" => {
                    let (Some(code), Some(text)) = (rest.first(), rest.get(1)) else {
                        return Err(bad(n, "unit needs a code and a text"));
                    };
                    doc.units.insert(code.clone(), text.clone());
                }
                "region" => {
                    let name = rest
                        .first()
                        .ok_or_else(|| bad(n, "region without a name"))?;
                    doc.regions.entry(name.clone()).or_default();
                    region = Some(name.clone());
                }
                "e" | "r" | "i" => {
                    let Some(r) = region.as_ref() else {
                        return Err(bad(n, "row before any region"));
                    };
                    let id = match kind {
                        "e" => RowId::Ec2(rest.first().cloned().unwrap_or_default()),
                        "r" => RowId::Rds(rest.get(..3).map(|k| k.join("|")).unwrap_or_default()),
                        _ => RowId::Item(rest.first().cloned().unwrap_or_default()),
                    };
                    doc.regions.entry(r.clone()).or_default().push(DocRow {
                        id,
                        fields: rest,
                        kind: kind.chars().next().unwrap_or('i'),
                    });
                }
                other => return Err(bad(n, &format!("unknown line kind `{other}`"))),
            }
        }
        Ok(doc)
    }
}

/// The merged snapshot text and the counts of fetched and carried rows.
/// `meta` gets the counts and is written as the header.
fn merge(
    fetched: &SnapshotDoc,
    embedded: &SnapshotDoc,
    meta: &mut CacheMeta,
) -> Result<(String, usize, usize)> {
    let fetched_codes: HashSet<&str> = fetched.sources.iter().map(|(c, _)| c.as_str()).collect();
    if let Some((clash, _)) = embedded
        .sources
        .iter()
        .find(|(c, _)| fetched_codes.contains(c.as_str()))
    {
        return Err(Error::Pricing(format!(
            "source code `{clash}` is used by the embedded snapshot"
        )));
    }
    // One unit table for both, by text.
    let mut unit_texts: Vec<&str> = fetched
        .units
        .values()
        .chain(embedded.units.values())
        .map(String::as_str)
        .collect();
    unit_texts.sort_unstable();
    unit_texts.dedup();
    let unit_code: HashMap<&str, String> = unit_texts
        .iter()
        .enumerate()
        .map(|(i, t)| (*t, format!("u{i}")))
        .collect();
    let recode = |doc: &SnapshotDoc, row: &DocRow| -> Result<String> {
        let mut fields = row.fields.clone();
        if row.kind == 'i' {
            let code = fields
                .get(2)
                .and_then(|c| doc.units.get(c))
                .and_then(|t| unit_code.get(t.as_str()))
                .ok_or_else(|| Error::Pricing("item row with an unknown unit".into()))?;
            if let Some(slot) = fields.get_mut(2) {
                slot.clone_from(code);
            }
        }
        Ok(format!("{}\t{}\n", row.kind, fields.join("\t")))
    };

    let mut body = String::new();
    let (mut n_fetched, mut n_embedded) = (0usize, 0usize);
    let regions: BTreeSet<&String> = fetched
        .regions
        .keys()
        .chain(embedded.regions.keys())
        .collect();
    for region in regions {
        let _ = writeln!(body, "region\t{region}");
        let mut replaced: HashSet<&RowId> = HashSet::new();
        if let Some(rows) = fetched.regions.get(region) {
            for row in rows {
                body.push_str(&recode(fetched, row)?);
                replaced.insert(&row.id);
                n_fetched += 1;
            }
        }
        if let Some(rows) = embedded.regions.get(region) {
            for row in rows.iter().filter(|r| !replaced.contains(&r.id)) {
                body.push_str(&recode(embedded, row)?);
                n_embedded += 1;
            }
        }
    }
    meta.rows_fetched = n_fetched;
    meta.rows_embedded = n_embedded;

    let mut out = format!(
        "{}\t{}\n",
        super::catalog::SNAPSHOT_MAGIC,
        super::catalog::SNAPSHOT_FORMAT_VERSION
    );
    out.push_str(
        "# AWS on-demand prices for chkmate, written by `chkmate pricing update`. Do not edit.\n",
    );
    out.push_str(
        "# Rows of the fetched offers come first in each region; the rest are carried over\n",
    );
    out.push_str("# from the embedded snapshot with their own sources.\n");
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let mut m = |k: &str, v: &str| {
        let _ = writeln!(out, "meta\t{k}\t{}", clean(v));
    };
    m("snapshot", &meta.snapshot);
    m("built", &meta.fetched_at);
    m(
        "data",
        &format!(
            "{SOURCE_NAME} ({}); prices the fetched offers do not give are from {}",
            meta.base_url, meta.embedded_snapshot
        ),
    );
    m("hours_per_month", "730");
    m("source", &meta.source);
    m("fetched_at", &meta.fetched_at);
    m("base_url", &meta.base_url);
    m(
        "regions",
        &if meta.regions.is_empty() {
            "all".to_string()
        } else {
            meta.regions.join(",")
        },
    );
    m("rows_fetched", &n_fetched.to_string());
    m("rows_embedded", &n_embedded.to_string());
    m("embedded_snapshot", &meta.embedded_snapshot);
    for o in &meta.offers {
        let _ = writeln!(
            out,
            "meta\toffer\t{}\t{}\t{}\t{}",
            clean(&o.service),
            clean(&o.region),
            clean(&o.version),
            clean(&o.publication_date)
        );
    }
    for f in &meta.failed {
        let _ = writeln!(
            out,
            "meta\tfailed\t{}\t{}\t{}\t{}",
            clean(&f.service),
            clean(&f.region),
            clean(&f.url),
            clean(&f.error)
        );
    }
    for (code, rest) in fetched.sources.iter().chain(embedded.sources.iter()) {
        let _ = writeln!(out, "source\t{code}\t{rest}");
    }
    for t in &unit_texts {
        if let Some(code) = unit_code.get(t) {
            let _ = writeln!(out, "unit\t{code}\t{t}");
        }
    }
    out.push_str(&body);
    out.push_str("end\n");
    Ok((out, n_fetched, n_embedded))
}

// ---------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------

/// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z` (UTC, as this crate writes it).
pub fn parse_rfc3339(s: &str) -> Option<SystemTime> {
    let b = s.as_bytes();
    if b.len() < 20 || b.last() != Some(&b'Z') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        if !t.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    };
    let sep = |i: usize, c: u8| b.get(i) == Some(&c);
    if !(sep(4, b'-') && sep(7, b'-') && sep(10, b'T') && sep(13, b':') && sep(16, b':')) {
        return None;
    }
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let millis = match s.get(19..s.len() - 1) {
        Some("") => 0,
        Some(frac) if frac.starts_with('.') && frac.len() > 1 => {
            let digits = frac.get(1..)?;
            if !digits.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let padded = format!("{digits:0<3}");
            padded.get(..3)?.parse::<u64>().ok()?
        }
        _ => return None,
    };
    let days = days_from_civil(y, mo as u32, d as u32);
    let secs = days * 86_400 + h * 3600 + mi * 60 + sec;
    let secs = u64::try_from(secs).ok()?;
    Some(UNIX_EPOCH + Duration::from_secs(secs) + Duration::from_millis(millis))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `3 h 5 min`, `2 d 4 h`, `45 s`.
pub fn human_duration(d: Duration) -> String {
    let s = d.as_secs();
    if s < 60 {
        format!("{s} s")
    } else if s < 3600 {
        format!("{} min", s / 60)
    } else if s < 86_400 {
        format!("{} h {} min", s / 3600, (s % 3600) / 60)
    } else {
        format!("{} d {} h", s / 86_400, (s % 86_400) / 3600)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips() {
        for secs in [0u64, 951_827_696, 1_706_745_600, 1_795_000_000] {
            let t = UNIX_EPOCH + Duration::from_millis(secs * 1000 + 123);
            assert_eq!(parse_rfc3339(&rfc3339_utc(t)), Some(t));
        }
        assert_eq!(
            parse_rfc3339("2026-11-24T00:00:00Z"),
            Some(UNIX_EPOCH + Duration::from_secs(1_795_478_400))
        );
        for bad in [
            "",
            "2026-11-24",
            "2026-13-01T00:00:00Z",
            "2026-11-24T00:00:00",
            "x026-11-24T00:00:00Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn urls_resolve_against_the_base() {
        assert_eq!(
            resolve_url("http://h:1/", "/offers/v1.0/aws/X/index.json"),
            "http://h:1/offers/v1.0/aws/X/index.json"
        );
        assert_eq!(resolve_url("http://h:1", "https://o/x"), "https://o/x");
        assert_eq!(resolve_url("http://h:1", "a/b"), "http://h:1/a/b");
    }

    #[test]
    fn coverage_of_requested_regions() {
        let mut m = CacheMeta::default();
        assert!(m.covers(&[]));
        assert!(m.covers(&["eu-west-1".into()]));
        m.regions = vec!["us-east-1".into()];
        assert!(m.covers(&["us-east-1".into()]));
        assert!(!m.covers(&["eu-west-1".into()]));
        assert!(!m.covers(&[]));
    }

    #[test]
    fn merge_replaces_by_identity_and_carries_the_rest() {
        let mut w = SnapshotWriter::new("x", "2026-01-01T00:00:00Z", "");
        w.source(
            "aws0",
            PriceSource {
                id: "aws-price-list:AmazonEC2:v1".into(),
                date: "2026-01-01".into(),
                description: "test".into(),
            },
        );
        w.ec2("us-east-1", "t3.medium", 0.05, "aws0");
        w.item("us-east-1", "vpc.nat.hour", 0.05, "hour", "aws0", None);
        w.item("zz-test-1", "vpc.nat.hour", 0.07, "hour", "aws0", None);
        let fetched = match SnapshotDoc::parse(&w.finish()) {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        let embedded = match SnapshotDoc::parse(super::super::catalog::EMBEDDED_SNAPSHOT) {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        let mut meta = CacheMeta {
            snapshot: "aws-price-list-test".into(),
            fetched_at: "2026-01-01T00:00:00.000Z".into(),
            source: SOURCE_NAME.into(),
            embedded_snapshot: "embedded".into(),
            ..CacheMeta::default()
        };
        let (text, n_fetched, n_embedded) = match merge(&fetched, &embedded, &mut meta) {
            Ok(x) => x,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(n_fetched, 3);
        let c = match PriceCatalog::parse(&text, "merged") {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        let (e, r, i) = c.row_counts();
        assert_eq!(e + r + i, n_fetched + n_embedded);
        let t3 = c.ec2_hourly("us-east-1", "t3.medium");
        assert_eq!(t3.as_ref().map(|p| p.usd), Some(0.05));
        assert_eq!(
            t3.map(|p| p.source.id.clone()).as_deref(),
            Some("aws-price-list:AmazonEC2:v1")
        );
        // Carried over with its own source and flags.
        let m5 = c.ec2_hourly("us-east-1", "m5.large");
        assert_eq!(m5.as_ref().map(|p| p.usd), Some(0.096));
        assert_eq!(
            m5.map(|p| p.source.id.clone()).as_deref(),
            Some("karpenter-2026-07-20")
        );
        let thr = c.item("us-east-1", "ebs.gp3.throughput");
        assert_eq!(thr.and_then(|p| p.range), Some((0.039, 0.041)));
        assert_eq!(
            c.item("zz-test-1", "vpc.nat.hour").map(|p| p.usd),
            Some(0.07)
        );
        assert_eq!(c.info().id, "aws-price-list-test");
    }
}
