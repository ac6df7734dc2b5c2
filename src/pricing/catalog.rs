//! The price catalog: AWS on-demand unit prices with their provenance.
//!
//! The catalog is loaded from a snapshot in chkmate's line format (see
//! `pricing-cache/README.md`): the snapshot embedded in the binary at build time
//! (`pricing-cache/aws-prices.tsv`, built by `scripts/build_pricing_cache.py` from
//! the shared price data), or a file written by `chkmate pricing update`.
//!
//! Every [`Price`] says where it came from ([`PriceSource`]: source id and capture
//! date), whether it is approximate (the source only bounds it), and whether it was
//! derived by a documented rule rather than read from the data. A lookup that the
//! snapshot cannot answer returns `None`; nothing is filled in from another region
//! or another item.

use crate::error::{Error, Result};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The snapshot embedded in the binary.
pub const EMBEDDED_SNAPSHOT: &str = include_str!("../../pricing-cache/aws-prices.tsv");

/// The first line of every snapshot.
pub const SNAPSHOT_MAGIC: &str = "chkmate-prices";
/// The snapshot format version this code reads and writes.
pub const SNAPSHOT_FORMAT_VERSION: u32 = 1;

/// Hours in a month, as AWS and every estimate in chkmate count them.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// Where prices came from: one upstream data set with its capture date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PriceSource {
    /// Stable id, e.g. `karpenter-2026-07-20` or `infracost-golden-2024-07-01`.
    pub id: String,
    /// Capture date (YYYY-MM-DD) as the source states it, or its commit date.
    pub date: String,
    /// What the source is and how precise it is.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// One unit price.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Price {
    /// USD per `unit`.
    pub usd: f64,
    /// `hour`, `GB-month`, `1M requests`, ...
    #[serde(serialize_with = "ser_arc_str")]
    pub unit: Arc<str>,
    /// Source data set and capture date.
    #[serde(serialize_with = "ser_arc")]
    pub source: Arc<PriceSource>,
    /// Set when the price is not a number from the data but derived from one by a
    /// documented rule (for example Multi-AZ = 2 × Single-AZ); says which rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived: Option<String>,
    /// The source only bounds this price (see `range`), or the rule that derived
    /// it is known not to hold exactly everywhere.
    pub approximate: bool,
    /// For approximate prices read from the data: the interval the true price is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<(f64, f64)>,
    /// Caveat about this price from the data (for example a failed consistency check).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One tier of a tiered price: quantities in `[start, end)` (in the price's unit)
/// cost `price`. `end` is `None` for the last, unbounded tier.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PriceTier {
    pub start: f64,
    pub end: Option<f64>,
    pub price: Price,
}

/// Which snapshot a catalog was loaded from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SnapshotInfo {
    /// `embedded-2026-11-24`, or the id written by `pricing update`.
    pub id: String,
    /// When the snapshot was built (YYYY-MM-DD or an RFC 3339 time).
    pub built: String,
    /// `embedded` or the path of the snapshot file.
    pub origin: String,
    /// What the snapshot was built from.
    pub data: String,
    /// Every source a price in the snapshot may cite.
    #[serde(serialize_with = "ser_arc_vec")]
    pub sources: Vec<Arc<PriceSource>>,
}

// serde's `rc` feature is not enabled in this crate: serialize shared values by hand.
pub(crate) fn ser_arc_str<S: serde::Serializer>(
    v: &Arc<str>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(v)
}

pub(crate) fn ser_arc<T: Serialize, S: serde::Serializer>(
    v: &Arc<T>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    (**v).serialize(s)
}

fn ser_arc_vec<T: Serialize, S: serde::Serializer>(
    v: &[Arc<T>],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(v.len()))?;
    for item in v {
        seq.serialize_element(&**item)?;
    }
    seq.end()
}

#[derive(Clone, Copy, Debug)]
struct Row {
    usd: f64,
    unit: u16,
    source: u16,
    /// Interval for approximate rows.
    range: Option<(f64, f64)>,
    outlier: bool,
    tier: Option<(f64, Option<f64>)>,
}

/// The EC2 and RDS rows of one region: most of the snapshot, so they are parsed
/// on first use of the region (the whole snapshot is still validated when it is
/// loaded from a file, and a unit test validates the embedded one).
#[derive(Default, Debug)]
struct InstanceRows {
    ec2: HashMap<Box<str>, Row>,
    /// key: `class|engine|S` or `class|engine|M`
    rds: HashMap<Box<str>, Row>,
}

#[derive(Debug)]
struct RegionPrices {
    /// Byte range of the region's block in the snapshot text.
    block: (usize, usize),
    /// Line number of the `region` line (for errors found while parsing lazily).
    first_line: usize,
    has_ec2: bool,
    has_rds: bool,
    rows: OnceLock<std::result::Result<InstanceRows, String>>,
    /// key: item key; several rows for tiered prices, sorted by tier start.
    items: HashMap<Box<str>, Vec<Row>>,
}

/// AWS on-demand prices loaded from one snapshot.
#[derive(Debug)]
pub struct PriceCatalog {
    info: SnapshotInfo,
    text: Cow<'static, str>,
    units: Vec<Arc<str>>,
    hour_unit: u16,
    sources: Vec<Arc<PriceSource>>,
    source_codes: HashMap<String, u16>,
    regions: HashMap<Box<str>, RegionPrices>,
}

/// The rule used when a Multi-AZ instance price is not in the data.
pub const MULTI_AZ_RULE: &str =
    "Multi-AZ = 2 × Single-AZ (no Multi-AZ row in the snapshot; a Multi-AZ deployment runs a standby instance of the same class)";

/// RDS engines for which [`MULTI_AZ_RULE`] is applied. SQL Server is left out
/// (its Multi-AZ prices do not follow the rule everywhere) and Aurora has no
/// Multi-AZ instance deployment (replicas are separate cluster instances).
const MULTI_AZ_RULE_ENGINES: &[&str] = &[
    "mysql",
    "postgres",
    "mariadb",
    "oracle-se1-byol",
    "oracle-se-byol",
    "oracle-ee-byol",
    "oracle-se2-byol",
    "oracle-se1-li",
    "oracle-se2-li",
];

/// The catalog's engine key for a Terraform `engine` (and `license_model`), as the
/// AWS offer file distinguishes them. `None` for engines the catalog has no prices
/// for (for example `db2-se`, `custom-oracle-ee`).
///
/// Oracle defaults follow the AWS defaults: Enterprise Edition (and the old
/// Standard Edition) only exist as bring-your-own-license on RDS; SE1 and SE2 are
/// license-included unless `license_model = "bring-your-own-license"`.
pub fn rds_engine_key(engine: &str, license_model: Option<&str>) -> Option<&'static str> {
    let byol = license_model == Some("bring-your-own-license");
    let key = match engine {
        "mysql" => "mysql",
        "postgres" => "postgres",
        "mariadb" => "mariadb",
        "aurora" | "aurora-mysql" => "aurora-mysql",
        "aurora-postgresql" => "aurora-postgresql",
        "oracle-ee" | "oracle-ee-cdb" => "oracle-ee-byol",
        "oracle-se" => "oracle-se-byol",
        "oracle-se1" if byol => "oracle-se1-byol",
        "oracle-se1" => "oracle-se1-li",
        "oracle-se2" | "oracle-se2-cdb" if byol => "oracle-se2-byol",
        "oracle-se2" | "oracle-se2-cdb" => "oracle-se2-li",
        "sqlserver-ex" => "sqlserver-ex",
        "sqlserver-web" => "sqlserver-web",
        "sqlserver-se" => "sqlserver-se",
        "sqlserver-ee" => "sqlserver-ee",
        _ => return None,
    };
    Some(key)
}

static EMBEDDED: OnceLock<std::result::Result<PriceCatalog, String>> = OnceLock::new();

impl PriceCatalog {
    /// The embedded snapshot, loaded once per process. Its EC2 and RDS rows are
    /// parsed per region on first use (a unit test validates all of them).
    pub fn embedded() -> Result<&'static PriceCatalog> {
        EMBEDDED
            .get_or_init(|| PriceCatalog::load_embedded().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| Error::Pricing(e.clone()))
    }

    /// Loads the embedded snapshot into a new catalog (EC2 and RDS rows are
    /// parsed per region on first use).
    pub fn load_embedded() -> Result<PriceCatalog> {
        Parser::new("embedded").parse(Cow::Borrowed(EMBEDDED_SNAPSHOT))
    }

    /// Loads a snapshot file (for example the cache `pricing update` writes) and
    /// validates every row.
    pub fn from_file(path: &Path) -> Result<PriceCatalog> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        PriceCatalog::parse(&text, &path.display().to_string())
    }

    /// Parses a snapshot and validates every row. `origin` names it in errors and
    /// in [`SnapshotInfo`].
    pub fn parse(text: &str, origin: &str) -> Result<PriceCatalog> {
        let catalog = Parser::new(origin).parse(Cow::Owned(text.to_string()))?;
        catalog.validate_all()?;
        Ok(catalog)
    }

    /// Parses the EC2 and RDS rows of every region now, reporting the first error.
    pub fn validate_all(&self) -> Result<()> {
        for region in self.regions.values() {
            if let Err(e) = self.instance_rows(region) {
                return Err(Error::Pricing(e.clone()));
            }
        }
        Ok(())
    }

    fn instance_rows<'s>(
        &'s self,
        region: &'s RegionPrices,
    ) -> std::result::Result<&'s InstanceRows, &'s String> {
        region
            .rows
            .get_or_init(|| {
                let (start, end) = region.block;
                let block = self.text.get(start..end).unwrap_or_default();
                parse_instance_rows(
                    block,
                    region.first_line,
                    &self.info.origin,
                    &self.source_codes,
                    self.hour_unit,
                )
            })
            .as_ref()
    }

    fn rows_of(&self, region: &str, rds: bool) -> Option<&InstanceRows> {
        let rp = self.regions.get(region)?;
        if (rds && !rp.has_rds) || (!rds && !rp.has_ec2) {
            return None;
        }
        self.instance_rows(rp).ok()
    }

    /// Which snapshot this is.
    pub fn info(&self) -> &SnapshotInfo {
        &self.info
    }

    /// Every source the snapshot cites.
    pub fn sources(&self) -> &[Arc<PriceSource>] {
        &self.sources
    }

    /// True when the snapshot has any price for the region (or price group such
    /// as `global` or `cloudfront:europe`).
    pub fn has_region(&self, region: &str) -> bool {
        self.regions.contains_key(region)
    }

    /// Linux, shared-tenancy, on-demand price of an EC2 instance type per hour.
    pub fn ec2_hourly(&self, region: &str, instance_type: &str) -> Option<Price> {
        let row = self.rows_of(region, false)?.ec2.get(instance_type)?;
        Some(self.price(row))
    }

    /// Regions that have EC2 prices.
    pub fn ec2_regions(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .regions
            .iter()
            .filter(|(_, r)| r.has_ec2)
            .map(|(k, _)| &**k)
            .collect();
        out.sort_unstable();
        out
    }

    /// Price per hour of an RDS instance. `engine` is a catalog engine key (see
    /// [`rds_engine_key`]). For Multi-AZ a real Multi-AZ row is used when the
    /// snapshot has one; otherwise, for the engines where AWS prices Multi-AZ as
    /// two instances, 2 × Single-AZ is returned marked as derived ([`MULTI_AZ_RULE`]).
    pub fn rds_hourly(
        &self,
        region: &str,
        class: &str,
        engine: &str,
        multi_az: bool,
    ) -> Option<Price> {
        let rows = self.rows_of(region, true)?;
        let lookup = |dep: &str| rows.rds.get(format!("{class}|{engine}|{dep}").as_str());
        if !multi_az {
            return lookup("S").map(|r| self.price(r));
        }
        if let Some(row) = lookup("M") {
            return Some(self.price(row));
        }
        if !MULTI_AZ_RULE_ENGINES.contains(&engine) {
            return None;
        }
        let single = lookup("S")?;
        let mut price = self.price(single);
        price.usd *= 2.0;
        price.range = price.range.map(|(lo, hi)| (lo * 2.0, hi * 2.0));
        price.derived = Some(MULTI_AZ_RULE.to_string());
        // The rule is not exact for every class (the data's db.t4g.small MySQL
        // Multi-AZ row is 0.065 against 2 × 0.032).
        price.approximate = true;
        Some(price)
    }

    /// Engines with an RDS price for the class in the region (for messages).
    pub fn rds_engines(&self, region: &str, class: &str) -> Vec<String> {
        let Some(rows) = self.rows_of(region, true) else {
            return Vec::new();
        };
        let prefix = format!("{class}|");
        let mut out: Vec<String> = rows
            .rds
            .keys()
            .filter_map(|k| k.strip_prefix(prefix.as_str()))
            .filter_map(|rest| rest.split('|').next())
            .map(str::to_string)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// EBS storage per GB-month for a volume type (`gp2`, `gp3`, `io1`, `io2`,
    /// `st1`, `sc1`, `standard`).
    pub fn ebs_gb_month(&self, region: &str, volume_type: &str) -> Option<Price> {
        self.item(region, &format!("ebs.{volume_type}.storage"))
    }

    /// Public IPv4 address per hour (Elastic IPs and auto-assigned addresses).
    pub fn public_ipv4_hourly(&self, region: &str) -> Option<Price> {
        self.item(region, "vpc.public_ipv4")
    }

    /// A price by item key (see the builder for the list of keys). For a tiered
    /// item this is the first tier; use [`PriceCatalog::tiers`] to price quantities.
    pub fn item(&self, region: &str, key: &str) -> Option<Price> {
        let rows = self.regions.get(region)?.items.get(key)?;
        rows.first().map(|r| self.price(r))
    }

    /// All tiers of an item, sorted by start. An untiered item is one tier
    /// `[0, ∞)`.
    pub fn tiers(&self, region: &str, key: &str) -> Option<Vec<PriceTier>> {
        let rows = self.regions.get(region)?.items.get(key)?;
        if rows.is_empty() {
            return None;
        }
        Some(
            rows.iter()
                .map(|r| {
                    let (start, end) = r.tier.unwrap_or((0.0, None));
                    PriceTier {
                        start,
                        end,
                        price: self.price(r),
                    }
                })
                .collect(),
        )
    }

    /// Regions (or price groups) that have the item, sorted.
    pub fn regions_with_item(&self, key: &str) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .regions
            .iter()
            .filter(|(_, r)| r.items.contains_key(key))
            .map(|(k, _)| &**k)
            .collect();
        out.sort_unstable();
        out
    }

    /// Item keys present in a region with a given prefix, sorted (for messages
    /// such as "prices exist for: ...").
    pub fn item_keys_with_prefix(&self, region: &str, prefix: &str) -> Vec<&str> {
        let Some(rp) = self.regions.get(region) else {
            return Vec::new();
        };
        let mut out: Vec<&str> = rp
            .items
            .keys()
            .filter(|k| k.starts_with(prefix))
            .map(|k| &**k)
            .collect();
        out.sort_unstable();
        out
    }

    /// Counts of (EC2 rows, RDS rows, item rows), for status output. Parses
    /// every region's rows.
    pub fn row_counts(&self) -> (usize, usize, usize) {
        let mut counts = (0, 0, 0);
        for r in self.regions.values() {
            if let Ok(rows) = self.instance_rows(r) {
                counts.0 += rows.ec2.len();
                counts.1 += rows.rds.len();
            }
            counts.2 += r.items.values().map(Vec::len).sum::<usize>();
        }
        counts
    }

    fn price(&self, row: &Row) -> Price {
        // Indices were validated while parsing; the fallbacks are never used.
        let unit = self
            .units
            .get(row.unit as usize)
            .cloned()
            .unwrap_or_else(|| Arc::from("hour"));
        let source = self
            .sources
            .get(row.source as usize)
            .cloned()
            .unwrap_or_else(|| {
                Arc::new(PriceSource {
                    id: "unknown".into(),
                    date: String::new(),
                    description: String::new(),
                })
            });
        Price {
            usd: row.usd,
            unit,
            source,
            derived: None,
            approximate: row.range.is_some() || row.outlier,
            range: row.range,
            note: row.outlier.then(|| {
                "fails the source data's within-family price scaling check; treat with care"
                    .to_string()
            }),
        }
    }
}

/// Writes catalog rows in the snapshot format. Used by tests here and by
/// `pricing update` to write its cache in the same format the embedded snapshot uses.
#[derive(Debug, Default)]
pub struct SnapshotWriter {
    meta: Vec<(String, String)>,
    sources: Vec<(String, PriceSource)>,
    units: Vec<String>,
    regions: std::collections::BTreeMap<String, Vec<String>>,
}

impl SnapshotWriter {
    pub fn new(snapshot_id: &str, built: &str, data: &str) -> SnapshotWriter {
        SnapshotWriter {
            meta: vec![
                ("snapshot".into(), clean(snapshot_id)),
                ("built".into(), clean(built)),
                ("data".into(), clean(data)),
                ("hours_per_month".into(), "730".into()),
            ],
            ..SnapshotWriter::default()
        }
    }

    /// Declares a source; `code` is the short id rows refer to.
    pub fn source(&mut self, code: &str, source: PriceSource) {
        self.sources.push((clean(code), source));
    }

    fn unit_code(&mut self, unit: &str) -> String {
        let unit = clean(unit);
        let idx = match self.units.iter().position(|u| *u == unit) {
            Some(i) => i,
            None => {
                self.units.push(unit);
                self.units.len() - 1
            }
        };
        format!("u{idx}")
    }

    /// An EC2 Linux on-demand hourly price.
    pub fn ec2(&mut self, region: &str, instance_type: &str, usd: f64, source_code: &str) {
        let line = format!(
            "e\t{}\t{}\t{}",
            clean(instance_type),
            fmt_f64(usd),
            clean(source_code)
        );
        self.regions.entry(clean(region)).or_default().push(line);
    }

    /// An RDS instance hourly price.
    pub fn rds(
        &mut self,
        region: &str,
        class: &str,
        engine_key: &str,
        multi_az: bool,
        usd: f64,
        source_code: &str,
    ) {
        let line = format!(
            "r\t{}\t{}\t{}\t{}\t{}",
            clean(class),
            clean(engine_key),
            if multi_az { "M" } else { "S" },
            fmt_f64(usd),
            clean(source_code)
        );
        self.regions.entry(clean(region)).or_default().push(line);
    }

    /// An item price; `tier` is `(start, end)` in the unit.
    pub fn item(
        &mut self,
        region: &str,
        key: &str,
        usd: f64,
        unit: &str,
        source_code: &str,
        tier: Option<(f64, Option<f64>)>,
    ) {
        let unit = self.unit_code(unit);
        let mut line = format!(
            "i\t{}\t{}\t{}\t{}",
            clean(key),
            fmt_f64(usd),
            unit,
            clean(source_code)
        );
        if let Some((start, end)) = tier {
            line.push_str(&format!(
                "\tt={}:{}",
                fmt_f64(start),
                end.map(fmt_f64).unwrap_or_default()
            ));
        }
        self.regions.entry(clean(region)).or_default().push(line);
    }

    /// The snapshot text.
    pub fn finish(&self) -> String {
        let mut out = format!("{SNAPSHOT_MAGIC}\t{SNAPSHOT_FORMAT_VERSION}\n");
        for (k, v) in &self.meta {
            out.push_str(&format!("meta\t{k}\t{v}\n"));
        }
        for (code, s) in &self.sources {
            out.push_str(&format!(
                "source\t{code}\t{}\t{}\t{}\n",
                clean(&s.id),
                clean(&s.date),
                clean(&s.description)
            ));
        }
        for (i, u) in self.units.iter().enumerate() {
            out.push_str(&format!("unit\tu{i}\t{u}\n"));
        }
        for (region, lines) in &self.regions {
            out.push_str(&format!("region\t{region}\n"));
            for l in lines {
                out.push_str(l);
                out.push('\n');
            }
        }
        out.push_str("end\n");
        out
    }
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn fmt_f64(v: f64) -> String {
    format!("{v}")
}

struct Parser<'a> {
    origin: &'a str,
    line_no: usize,
}

fn snapshot_error(origin: &str, line: usize, msg: impl std::fmt::Display) -> String {
    format!("{origin}:{line}: price snapshot: {msg}")
}

fn parse_usd(text: &str) -> std::result::Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!("bad price `{text}`")),
    }
}

fn parse_number(text: &str) -> std::result::Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!("bad number `{text}`")),
    }
}

fn parse_flags<'l>(
    fields: impl Iterator<Item = &'l str>,
    row: &mut Row,
) -> std::result::Result<(), String> {
    for flag in fields {
        if let Some(range) = flag.strip_prefix("a=") {
            let (lo, hi) = range.split_once(':').ok_or("bad range flag")?;
            let (lo, hi) = (parse_number(lo)?, parse_number(hi)?);
            if lo > hi {
                return Err("range flag with low > high".into());
            }
            row.range = Some((lo, hi));
        } else if let Some(tier) = flag.strip_prefix("t=") {
            let (start, end) = tier.split_once(':').ok_or("bad tier flag")?;
            let start = parse_number(start)?;
            let end = if end.is_empty() {
                None
            } else {
                Some(parse_number(end)?)
            };
            if end.is_some_and(|e| e <= start) {
                return Err("tier ends before it starts".into());
            }
            row.tier = Some((start, end));
        } else if flag == "o" {
            row.outlier = true;
        } else if !flag.is_empty() {
            return Err(format!("unknown flag `{flag}`"));
        }
    }
    Ok(())
}

fn source_index(code: &str, codes: &HashMap<String, u16>) -> std::result::Result<u16, String> {
    codes
        .get(code)
        .copied()
        .ok_or_else(|| format!("unknown source code `{code}`"))
}

/// Parses the `e` and `r` lines of one region block. `first_line` is the line
/// number of the block's first line.
fn parse_instance_rows(
    block: &str,
    first_line: usize,
    origin: &str,
    source_codes: &HashMap<String, u16>,
    hour: u16,
) -> std::result::Result<InstanceRows, String> {
    let mut rows = InstanceRows::default();
    for (i, line) in block.lines().enumerate() {
        let kind = line.as_bytes().first().copied();
        if !matches!(kind, Some(b'e') | Some(b'r')) || line.as_bytes().get(1) != Some(&b'\t') {
            continue;
        }
        let line_no = first_line + i;
        let err = |msg: String| snapshot_error(origin, line_no, msg);
        let mut f = line.split('\t');
        f.next();
        let mut row = Row {
            usd: 0.0,
            unit: hour,
            source: 0,
            range: None,
            outlier: false,
            tier: None,
        };
        if kind == Some(b'e') {
            let (Some(itype), Some(usd), Some(src)) = (f.next(), f.next(), f.next()) else {
                return Err(err("EC2 row needs: e TYPE USD SOURCE".into()));
            };
            row.usd = parse_usd(usd).map_err(&err)?;
            row.source = source_index(src, source_codes).map_err(&err)?;
            parse_flags(f, &mut row).map_err(&err)?;
            rows.ec2.insert(itype.into(), row);
        } else {
            let (Some(class), Some(engine), Some(dep), Some(usd), Some(src)) =
                (f.next(), f.next(), f.next(), f.next(), f.next())
            else {
                return Err(err("RDS row needs: r CLASS ENGINE S|M USD SOURCE".into()));
            };
            if dep != "S" && dep != "M" {
                return Err(err(format!("deployment must be S or M, not `{dep}`")));
            }
            row.usd = parse_usd(usd).map_err(&err)?;
            row.source = source_index(src, source_codes).map_err(&err)?;
            parse_flags(f, &mut row).map_err(&err)?;
            rows.rds
                .insert(format!("{class}|{engine}|{dep}").into_boxed_str(), row);
        }
    }
    Ok(rows)
}

struct OpenRegion {
    name: Box<str>,
    start: usize,
    first_line: usize,
    has_ec2: bool,
    has_rds: bool,
    items: HashMap<Box<str>, Vec<Row>>,
}

impl<'a> Parser<'a> {
    fn new(origin: &'a str) -> Parser<'a> {
        Parser { origin, line_no: 0 }
    }

    fn err(&self, msg: impl std::fmt::Display) -> Error {
        Error::Pricing(snapshot_error(self.origin, self.line_no, msg))
    }

    /// Reads the header, sources, units and items, and indexes the region blocks;
    /// EC2 and RDS rows are left for [`parse_instance_rows`].
    fn parse(mut self, text: Cow<'static, str>) -> Result<PriceCatalog> {
        let mut meta: HashMap<String, String> = HashMap::new();
        let mut source_codes: HashMap<String, u16> = HashMap::new();
        let mut sources: Vec<Arc<PriceSource>> = Vec::new();
        let mut unit_codes: HashMap<String, u16> = HashMap::new();
        let mut units: Vec<Arc<str>> = Vec::new();
        let mut regions: HashMap<Box<str>, RegionPrices> = HashMap::new();
        let mut open: Option<OpenRegion> = None;
        let mut ended = false;
        let hour = self.intern_unit("hour", &mut units)?;

        let mut offset = 0usize;
        for (idx, line) in text.split_inclusive('\n').enumerate() {
            let line_start = offset;
            offset += line.len();
            self.line_no = idx + 1;
            let line = line.trim_end_matches(['\n', '\r']);
            if idx == 0 {
                let mut hf = line.split('\t');
                if hf.next() != Some(SNAPSHOT_MAGIC) {
                    return Err(self.err(format!(
                        "not a chkmate price snapshot (expected `{SNAPSHOT_MAGIC}`)"
                    )));
                }
                let version: u32 = hf
                    .next()
                    .and_then(|v| v.trim().parse().ok())
                    .ok_or_else(|| self.err("missing format version"))?;
                if version != SNAPSHOT_FORMAT_VERSION {
                    return Err(self.err(format!(
                        "format version {version} is not supported (this chkmate reads version {SNAPSHOT_FORMAT_VERSION})"
                    )));
                }
                continue;
            }
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if ended {
                return Err(self.err("content after `end`"));
            }
            let bytes = line.as_bytes();
            if bytes.len() > 1
                && bytes.get(1) == Some(&b'\t')
                && matches!(bytes.first(), Some(b'e') | Some(b'r'))
            {
                // Rows are parsed lazily; only note what the block holds.
                let Some(region) = open.as_mut() else {
                    return Err(self.err("row before any `region` line"));
                };
                if bytes.first() == Some(&b'e') {
                    region.has_ec2 = true;
                } else {
                    region.has_rds = true;
                }
                continue;
            }
            let mut f = line.split('\t');
            let kind = f.next().unwrap_or_default();
            match kind {
                "i" => {
                    let (Some(key), Some(usd), Some(unit), Some(src)) =
                        (f.next(), f.next(), f.next(), f.next())
                    else {
                        return Err(self.err("item row needs: i KEY USD UNIT SOURCE"));
                    };
                    let Some(region) = open.as_mut() else {
                        return Err(self.err("row before any `region` line"));
                    };
                    let unit = *unit_codes
                        .get(unit)
                        .ok_or_else(|| self.err(format!("unknown unit code `{unit}`")))?;
                    let mut row = Row {
                        usd: parse_usd(usd).map_err(|e| self.err(e))?,
                        unit,
                        source: source_index(src, &source_codes).map_err(|e| self.err(e))?,
                        range: None,
                        outlier: false,
                        tier: None,
                    };
                    parse_flags(f, &mut row).map_err(|e| self.err(e))?;
                    let rows = region.items.entry(key.into()).or_default();
                    if (row.tier.is_none() || rows.iter().any(|r| r.tier.is_none()))
                        && !rows.is_empty()
                    {
                        return Err(self.err(format!("duplicate item `{key}`")));
                    }
                    rows.push(row);
                }
                "region" => {
                    let name = f
                        .next()
                        .filter(|n| !n.is_empty())
                        .ok_or_else(|| self.err("region needs a name"))?;
                    if let Some(prev) = open.take() {
                        self.close_region(prev, line_start, &mut regions)?;
                    }
                    if regions.contains_key(name) {
                        return Err(self.err(format!("region `{name}` appears twice")));
                    }
                    open = Some(OpenRegion {
                        name: name.into(),
                        start: line_start,
                        first_line: self.line_no,
                        has_ec2: false,
                        has_rds: false,
                        items: HashMap::new(),
                    });
                }
                "meta" => {
                    let (Some(k), Some(v)) = (f.next(), f.next()) else {
                        return Err(self.err("meta needs: meta KEY VALUE"));
                    };
                    meta.insert(k.to_string(), v.to_string());
                }
                "source" => {
                    let (Some(code), Some(id), Some(date)) = (f.next(), f.next(), f.next()) else {
                        return Err(self.err("source needs: source CODE ID DATE [DESCRIPTION]"));
                    };
                    let description = f.next().unwrap_or_default().to_string();
                    if source_codes.contains_key(code) {
                        return Err(self.err(format!("source code `{code}` declared twice")));
                    }
                    let idx =
                        u16::try_from(sources.len()).map_err(|_| self.err("too many sources"))?;
                    source_codes.insert(code.to_string(), idx);
                    sources.push(Arc::new(PriceSource {
                        id: id.to_string(),
                        date: date.to_string(),
                        description,
                    }));
                }
                "unit" => {
                    let (Some(code), Some(unit_text)) = (f.next(), f.next()) else {
                        return Err(self.err("unit needs: unit CODE TEXT"));
                    };
                    if unit_codes.contains_key(code) {
                        return Err(self.err(format!("unit code `{code}` declared twice")));
                    }
                    let idx = self.intern_unit(unit_text, &mut units)?;
                    unit_codes.insert(code.to_string(), idx);
                }
                "end" => {
                    if let Some(prev) = open.take() {
                        self.close_region(prev, line_start, &mut regions)?;
                    }
                    ended = true;
                }
                other => return Err(self.err(format!("unknown line kind `{other}`"))),
            }
        }
        if self.line_no == 0 {
            return Err(self.err("empty file"));
        }
        if !ended {
            return Err(self.err("truncated snapshot (no `end` line)"));
        }
        let id = meta
            .get("snapshot")
            .cloned()
            .ok_or_else(|| self.err("missing `meta snapshot`"))?;
        let hours = meta
            .get("hours_per_month")
            .map(String::as_str)
            .unwrap_or("730");
        if hours != "730" {
            return Err(self.err(format!("hours_per_month is {hours}; chkmate counts 730")));
        }
        Ok(PriceCatalog {
            info: SnapshotInfo {
                id,
                built: meta.get("built").cloned().unwrap_or_default(),
                origin: self.origin.to_string(),
                data: meta.get("data").cloned().unwrap_or_default(),
                sources: sources.clone(),
            },
            text,
            units,
            hour_unit: hour,
            sources,
            source_codes,
            regions,
        })
    }

    fn close_region(
        &self,
        open: OpenRegion,
        end: usize,
        regions: &mut HashMap<Box<str>, RegionPrices>,
    ) -> Result<()> {
        let mut items = open.items;
        for (key, rows) in items.iter_mut() {
            if rows.len() > 1 {
                rows.sort_by(|a, b| {
                    let sa = a.tier.map(|t| t.0).unwrap_or(0.0);
                    let sb = b.tier.map(|t| t.0).unwrap_or(0.0);
                    sa.total_cmp(&sb)
                });
                // Tiers must be contiguous and non-overlapping.
                for pair in rows.windows(2) {
                    let (Some(a), Some(b)) = (
                        pair.first().and_then(|r| r.tier),
                        pair.get(1).and_then(|r| r.tier),
                    ) else {
                        return Err(self.err(format!(
                            "region {}: item `{key}` has several rows without tiers",
                            open.name
                        )));
                    };
                    if a.1 != Some(b.0) {
                        return Err(self.err(format!(
                            "region {}: tiers of `{key}` are not contiguous",
                            open.name
                        )));
                    }
                }
            }
        }
        regions.insert(
            open.name,
            RegionPrices {
                block: (open.start, end),
                first_line: open.first_line,
                has_ec2: open.has_ec2,
                has_rds: open.has_rds,
                rows: OnceLock::new(),
                items,
            },
        );
        Ok(())
    }

    fn intern_unit(&self, text: &str, units: &mut Vec<Arc<str>>) -> Result<u16> {
        if let Some(i) = units.iter().position(|u| &**u == text) {
            return u16::try_from(i).map_err(|_| self.err("too many units"));
        }
        units.push(Arc::from(text));
        u16::try_from(units.len() - 1).map_err(|_| self.err("too many units"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat() -> &'static PriceCatalog {
        match PriceCatalog::embedded() {
            Ok(c) => c,
            Err(e) => panic!("embedded snapshot does not parse: {e}"),
        }
    }

    #[test]
    fn embedded_snapshot_parses_and_reports_time() {
        // Informational timings (no timed assertion): the load the estimator pays,
        // the first use of one region, and a full parse of every row.
        let start = std::time::Instant::now();
        let parsed = match PriceCatalog::load_embedded() {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        let load = start.elapsed();
        let start = std::time::Instant::now();
        assert!(parsed.ec2_hourly("us-east-1", "t3.medium").is_some());
        let first_region = start.elapsed();
        let start = std::time::Instant::now();
        if let Err(e) = parsed.validate_all() {
            panic!("{e}");
        }
        let full = start.elapsed();
        let (e, r, i) = parsed.row_counts();
        println!(
            "catalog: load {:.2} ms, first use of us-east-1 {:.2} ms, all remaining regions {:.2} ms ({} bytes; {e} EC2, {r} RDS, {i} item rows)",
            load.as_secs_f64() * 1000.0,
            first_region.as_secs_f64() * 1000.0,
            full.as_secs_f64() * 1000.0,
            EMBEDDED_SNAPSHOT.len()
        );
        assert!(e > 10_000 && r > 10_000 && i > 500);
        assert!(parsed.info().id.starts_with("embedded-"));
        assert!(parsed
            .sources()
            .iter()
            .any(|s| s.id == "karpenter-2026-07-20"));
    }

    #[test]
    fn oracle_prices_from_the_brief() {
        let c = cat();
        let t3 = c.ec2_hourly("us-east-1", "t3.medium").map(|p| p.usd);
        assert_eq!(t3, Some(0.0416));
        let p = c.ec2_hourly("us-east-1", "m5.large");
        assert_eq!(p.as_ref().map(|p| p.usd), Some(0.096));
        assert_eq!(
            p.map(|p| p.source.id.clone()).as_deref(),
            Some("karpenter-2026-07-20")
        );
        assert_eq!(
            c.ec2_hourly("us-east-1", "t2.medium").map(|p| p.usd),
            Some(0.0464)
        );
        assert_eq!(
            c.rds_hourly("us-east-1", "db.t3.large", "mysql", false)
                .map(|p| p.usd),
            Some(0.136)
        );
        assert_eq!(
            c.rds_hourly("us-east-1", "db.t3.large", "postgres", false)
                .map(|p| p.usd),
            Some(0.145)
        );
        assert_eq!(
            c.ebs_gb_month("us-east-1", "gp2").map(|p| p.usd),
            Some(0.10)
        );
        assert_eq!(
            c.ebs_gb_month("us-east-1", "gp3").map(|p| p.usd),
            Some(0.08)
        );
        assert_eq!(
            c.item("us-east-1", "vpc.nat.hour").map(|p| p.usd),
            Some(0.045)
        );
        assert_eq!(
            c.public_ipv4_hourly("us-east-1").map(|p| p.usd),
            Some(0.005)
        );
        assert_eq!(
            c.item("us-east-1", "eks.cluster.standard").map(|p| p.usd),
            Some(0.10)
        );
    }

    #[test]
    fn multi_az_uses_real_rows_then_the_documented_rule() {
        let c = cat();
        // A real Multi-AZ row exists for db.t3.large MySQL in us-east-1.
        let real = c.rds_hourly("us-east-1", "db.t3.large", "mysql", true);
        assert_eq!(real.as_ref().map(|p| p.usd), Some(0.272));
        assert_eq!(real.and_then(|p| p.derived), None);
        // PostgreSQL has no Multi-AZ row: 2 × Single-AZ, marked as derived.
        let derived = c.rds_hourly("us-east-1", "db.t3.large", "postgres", true);
        let derived = derived.as_ref();
        assert_eq!(derived.map(|p| p.usd), Some(0.29));
        assert_eq!(
            derived.and_then(|p| p.derived.as_deref()),
            Some(MULTI_AZ_RULE)
        );
        assert_eq!(derived.map(|p| p.approximate), Some(true));
        // No rule for SQL Server: not found rather than a guess.
        assert!(c
            .rds_hourly("us-east-1", "db.m5.xlarge", "sqlserver-se", true)
            .is_none());
        assert!(c
            .rds_hourly("us-east-1", "db.m5.xlarge", "sqlserver-se", false)
            .is_some());
    }

    #[test]
    fn missing_prices_are_none_never_another_region() {
        let c = cat();
        // EBS prices exist only for a few regions in the data.
        assert!(c.ebs_gb_month("ap-southeast-3", "gp3").is_none());
        assert!(c.ec2_hourly("us-east-1", "no-such.type").is_none());
        assert!(c.ec2_hourly("xx-nowhere-1", "t3.medium").is_none());
        assert!(c.item("us-east-1", "dynamodb.storage").is_none());
        assert!(c.item("us-east-2", "dynamodb.storage").is_some());
        assert!(c.regions_with_item("dynamodb.storage") == vec!["us-east-2"]);
    }

    #[test]
    fn approximate_rows_carry_their_interval() {
        let c = cat();
        let p = c.item("us-east-1", "ebs.gp3.throughput");
        let p = p.as_ref();
        assert_eq!(p.map(|p| p.approximate), Some(true));
        assert_eq!(p.and_then(|p| p.range), Some((0.039, 0.041)));
        let exact = c.item("us-east-1", "vpc.nat.data");
        assert_eq!(exact.map(|p| p.approximate), Some(false));
    }

    #[test]
    fn tiers_are_sorted_and_contiguous() {
        let c = cat();
        let tiers = c
            .tiers("us-east-1", "apigw.rest.requests")
            .unwrap_or_default();
        let shape: Vec<(f64, Option<f64>, f64)> = tiers
            .iter()
            .map(|t| (t.start, t.end, t.price.usd))
            .collect();
        assert_eq!(
            shape,
            vec![
                (0.0, Some(333.0), 3.5),
                (333.0, Some(1000.0), 2.8),
                (1000.0, Some(20000.0), 2.38),
                (20000.0, None, 1.51)
            ]
        );
    }

    #[test]
    fn rds_engine_keys_follow_license_defaults() {
        assert_eq!(rds_engine_key("oracle-se2", None), Some("oracle-se2-li"));
        assert_eq!(
            rds_engine_key("oracle-se2", Some("bring-your-own-license")),
            Some("oracle-se2-byol")
        );
        assert_eq!(rds_engine_key("oracle-ee", None), Some("oracle-ee-byol"));
        assert_eq!(rds_engine_key("aurora", None), Some("aurora-mysql"));
        assert_eq!(rds_engine_key("db2-se", None), None);
    }

    #[test]
    fn writer_output_round_trips() {
        let mut w = SnapshotWriter::new("update-test", "2026-01-01T00:00:00Z", "test");
        w.source(
            "a",
            PriceSource {
                id: "aws-price-list".into(),
                date: "2026-01-01".into(),
                description: "test".into(),
            },
        );
        w.ec2("eu-west-1", "t3.micro", 0.0114, "a");
        w.rds("eu-west-1", "db.t3.micro", "mysql", false, 0.018, "a");
        w.item("eu-west-1", "vpc.nat.hour", 0.048, "hour", "a", None);
        w.item(
            "eu-west-1",
            "lambda.requests",
            0.2,
            "1M requests",
            "a",
            Some((0.0, Some(10.0))),
        );
        w.item(
            "eu-west-1",
            "lambda.requests",
            0.1,
            "1M requests",
            "a",
            Some((10.0, None)),
        );
        let text = w.finish();
        let c = match PriceCatalog::parse(&text, "test") {
            Ok(c) => c,
            Err(e) => panic!("{e}\n{text}"),
        };
        assert_eq!(c.info().id, "update-test");
        assert_eq!(
            c.ec2_hourly("eu-west-1", "t3.micro").map(|p| p.usd),
            Some(0.0114)
        );
        assert_eq!(
            c.rds_hourly("eu-west-1", "db.t3.micro", "mysql", false)
                .map(|p| p.usd),
            Some(0.018)
        );
        assert_eq!(
            c.item("eu-west-1", "vpc.nat.hour")
                .map(|p| p.unit.to_string()),
            Some("hour".into())
        );
        assert_eq!(
            c.tiers("eu-west-1", "lambda.requests").map(|t| t.len()),
            Some(2)
        );
    }

    #[test]
    fn corrupt_snapshots_are_errors_with_line_numbers() {
        let cases = [
            ("", "empty"),
            ("nope\t1\n", "not a chkmate"),
            ("chkmate-prices\t9\n", "version 9"),
            ("chkmate-prices\t1\nmeta\tsnapshot\tx\nregion\tr\ne\tt3\tabc\tk\nend\n", ":4:"),
            ("chkmate-prices\t1\nmeta\tsnapshot\tx\nregion\tr\n", "truncated"),
            ("chkmate-prices\t1\nmeta\tsnapshot\tx\ne\tt3\t1\tk\nend\n", "before any"),
            ("chkmate-prices\t1\nmeta\tsnapshot\tx\nsource\tk\tid\td\nregion\tr\ne\tt3\t-1\tk\nend\n", "bad price"),
            ("chkmate-prices\t1\nmeta\tsnapshot\tx\nsource\tk\tid\td\nunit\tu0\th\nregion\tr\ni\tx\t1\tu0\tk\tt=5:1\nend\n", "tier"),
        ];
        for (text, want) in cases {
            match PriceCatalog::parse(text, "f.tsv") {
                Ok(_) => panic!("accepted: {text:?}"),
                Err(e) => assert!(e.to_string().contains(want), "{e} (wanted {want})"),
            }
        }
    }
}
