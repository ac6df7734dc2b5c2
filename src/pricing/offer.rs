//! AWS Price List offer files: a streaming parser, and the mapping from offer
//! products to catalog rows.
//!
//! An offer file (`{base}/offers/v1.0/aws/{Service}/{version}/{region}/index.json`)
//! is one JSON object:
//!
//! ```text
//! { "formatVersion", "offerCode", "version", "publicationDate",
//!   "products": { SKU: { "sku", "productFamily", "attributes": { ... } } },
//!   "terms": { "OnDemand": { SKU: { TERM: { "priceDimensions": { RATE: {
//!       "unit", "pricePerUnit": { "USD": "0.0416" }, "beginRange", "endRange",
//!       "description" } } } } }, "Reserved": { ... } } }
//! ```
//!
//! The EC2 file is about 450 MB per region, so [`parse_offer`] never holds it in
//! memory: it reads the JSON from a reader with serde visitors, hands each product
//! to a classifier as soon as it is read and keeps only the products the
//! classifier wants, skips the `Reserved` terms and every other key without
//! building values, and keeps the on-demand price dimensions of kept products
//! only. Real files put `products` before `terms`; when a file does not, the
//! on-demand terms read before the products are buffered (only their price
//! dimensions) and joined once the products are known. [`OfferStats`] reports
//! how much was buffered, which the tests use as the memory bound.
//!
//! [`classify`] decides which products chkmate needs (the catalog's item keys,
//! see `pricing-cache/README.md`) and [`to_rows`] turns a kept product's price
//! dimensions into catalog rows: prices converted to the catalog's unit, tiers
//! (`beginRange`/`endRange`) converted to the same unit, free leading tiers
//! dropped, non-USD prices skipped with a warning.

use crate::error::{Error, Result};
use indexmap::IndexMap;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::{BufReader, Read};

/// The top-level fields of an offer file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OfferHeader {
    pub format_version: String,
    pub offer_code: String,
    pub version: String,
    pub publication_date: String,
}

/// One product of an offer file, as the classifier sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Product {
    pub sku: String,
    /// `productFamily` (empty when the product has none).
    pub family: String,
    /// String-valued attributes (others are dropped).
    pub attributes: BTreeMap<String, String>,
}

impl Product {
    /// An attribute, or `""` when the product does not have it.
    pub fn attr(&self, key: &str) -> &str {
        self.attributes.get(key).map(String::as_str).unwrap_or("")
    }
}

/// One on-demand price dimension of a product.
#[derive(Clone, Debug, PartialEq)]
pub struct PriceDimension {
    /// The offer's unit text (`Hrs`, `GB-Mo`, `Requests` ...).
    pub unit: String,
    /// `beginRange` (0 when absent).
    pub begin: f64,
    /// `endRange`; `None` for `Inf` or absent.
    pub end: Option<f64>,
    /// The USD price as the file writes it, when it has one.
    pub usd: Option<String>,
    /// Currencies other than USD the dimension is priced in.
    pub other_currencies: Vec<String>,
    pub description: String,
}

/// A product the classifier kept, with its on-demand price dimensions.
#[derive(Clone, Debug)]
pub struct KeptProduct<T> {
    pub sku: String,
    pub target: T,
    pub dimensions: Vec<PriceDimension>,
}

/// What the parser saw and held.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OfferStats {
    /// Products read.
    pub products_seen: usize,
    /// Products the classifier kept.
    pub products_kept: usize,
    /// SKUs in `terms.OnDemand`.
    pub on_demand_skus: usize,
    /// On-demand SKUs whose terms were read into memory (kept products, or
    /// terms that came before the products).
    pub on_demand_read: usize,
    /// On-demand SKUs read before the products section (files that put `terms`
    /// first); these are buffered until the products are known.
    pub terms_before_products: usize,
    /// The most entries held at once: kept products plus buffered terms. With
    /// products first this never exceeds `products_kept`.
    pub peak_buffered: usize,
    /// Kept products without any on-demand term.
    pub kept_without_terms: usize,
}

/// A parsed offer file: the header and the kept products, in file order.
#[derive(Clone, Debug)]
pub struct ParsedOffer<T> {
    pub header: OfferHeader,
    pub kept: Vec<KeptProduct<T>>,
    pub stats: OfferStats,
}

/// Parses an offer file from `reader`, streaming. `classify` sees every product
/// once and returns what to keep it as (`None`: skip it).
///
/// Errors name the JSON line and column (a truncated download, for example).
pub fn parse_offer<R, T, F>(reader: R, mut classify: F) -> Result<ParsedOffer<T>>
where
    R: Read,
    F: FnMut(&Product) -> Option<T>,
{
    let mut state = State {
        header: OfferHeader::default(),
        kept: IndexMap::new(),
        pending: HashMap::new(),
        products_done: false,
        stats: OfferStats::default(),
    };
    let mut de = serde_json::Deserializer::from_reader(BufReader::with_capacity(64 * 1024, reader));
    let seed = OfferSeed {
        state: &mut state,
        classify: &mut classify,
    };
    seed.deserialize(&mut de)
        .and_then(|()| de.end())
        .map_err(|e| Error::Pricing(format!("offer file: {e}")))?;
    // Terms that came before the products: join the ones of kept products
    // (done while reading products) and drop the rest.
    state.pending.clear();
    let mut kept = Vec::with_capacity(state.kept.len());
    for (sku, (target, dimensions)) in state.kept {
        if dimensions.is_empty() {
            state.stats.kept_without_terms += 1;
        }
        kept.push(KeptProduct {
            sku,
            target,
            dimensions,
        });
    }
    Ok(ParsedOffer {
        header: state.header,
        kept,
        stats: state.stats,
    })
}

struct State<T> {
    header: OfferHeader,
    /// Kept products by SKU, in file order, with their dimensions so far.
    kept: IndexMap<String, (T, Vec<PriceDimension>)>,
    /// On-demand dimensions read before the products section.
    pending: HashMap<String, Vec<PriceDimension>>,
    products_done: bool,
    stats: OfferStats,
}

impl<T> State<T> {
    fn note_buffered(&mut self) {
        let held = self.kept.len() + self.pending.len();
        if held > self.stats.peak_buffered {
            self.stats.peak_buffered = held;
        }
    }
}

struct OfferSeed<'s, T, F> {
    state: &'s mut State<T>,
    classify: &'s mut F,
}

impl<'de, T, F> DeserializeSeed<'de> for OfferSeed<'_, T, F>
where
    F: FnMut(&Product) -> Option<T>,
{
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T, F> Visitor<'de> for OfferSeed<'_, T, F>
where
    F: FnMut(&Product) -> Option<T>,
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an AWS offer file (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "formatVersion" => self.state.header.format_version = text_value(&mut map)?,
                "offerCode" => self.state.header.offer_code = text_value(&mut map)?,
                "version" => self.state.header.version = text_value(&mut map)?,
                "publicationDate" => self.state.header.publication_date = text_value(&mut map)?,
                "products" => {
                    map.next_value_seed(ProductsSeed {
                        state: &mut *self.state,
                        classify: &mut *self.classify,
                    })?;
                    self.state.products_done = true;
                    // Buffered terms of products that were not kept are useless now.
                    self.state.pending.clear();
                }
                "terms" => map.next_value_seed(TermsSeed {
                    state: &mut *self.state,
                })?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

fn text_value<'de, A: MapAccess<'de>>(map: &mut A) -> std::result::Result<String, A::Error> {
    Ok(map.next_value::<AttrText>()?.0.unwrap_or_default())
}

/// A JSON value read as text: strings as they are, numbers and booleans
/// printed, anything else (null, arrays, objects) as `None`.
struct AttrText(Option<String>);

impl<'de> Deserialize<'de> for AttrText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AttrText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an attribute value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<AttrText, E> {
                Ok(AttrText(Some(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<AttrText, E> {
                Ok(AttrText(Some(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<AttrText, E> {
                Ok(AttrText(Some(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<AttrText, E> {
                Ok(AttrText(Some(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<AttrText, E> {
                Ok(AttrText(Some(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<AttrText, E> {
                Ok(AttrText(Some(v.to_string())))
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<AttrText, E> {
                Ok(AttrText(None))
            }
            fn visit_none<E: de::Error>(self) -> std::result::Result<AttrText, E> {
                Ok(AttrText(None))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<AttrText, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(AttrText(None))
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<AttrText, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(AttrText(None))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize)]
struct RawProduct {
    #[serde(default)]
    sku: Option<AttrText>,
    #[serde(default, rename = "productFamily")]
    product_family: Option<AttrText>,
    #[serde(default)]
    attributes: Option<BTreeMap<String, AttrText>>,
}

struct ProductsSeed<'s, T, F> {
    state: &'s mut State<T>,
    classify: &'s mut F,
}

impl<'de, T, F> DeserializeSeed<'de> for ProductsSeed<'_, T, F>
where
    F: FnMut(&Product) -> Option<T>,
{
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T, F> Visitor<'de> for ProductsSeed<'_, T, F>
where
    F: FnMut(&Product) -> Option<T>,
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the products object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            let raw: RawProduct = map.next_value()?;
            self.state.stats.products_seen += 1;
            let product = Product {
                sku: raw.sku.and_then(|s| s.0).unwrap_or(key),
                family: raw.product_family.and_then(|s| s.0).unwrap_or_default(),
                attributes: raw
                    .attributes
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|(k, v)| v.0.map(|v| (k, v)))
                    .collect(),
            };
            let Some(target) = (self.classify)(&product) else {
                continue;
            };
            self.state.stats.products_kept += 1;
            let dims = self.state.pending.remove(&product.sku).unwrap_or_default();
            match self.state.kept.get_mut(&product.sku) {
                // The same SKU twice: keep the first classification, merge terms.
                Some(entry) => entry.1.extend(dims),
                None => {
                    self.state.kept.insert(product.sku, (target, dims));
                }
            }
            self.state.note_buffered();
        }
        Ok(())
    }
}

struct TermsSeed<'s, T> {
    state: &'s mut State<T>,
}

impl<'de, T> DeserializeSeed<'de> for TermsSeed<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T> Visitor<'de> for TermsSeed<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the terms object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "OnDemand" {
                map.next_value_seed(OnDemandSeed {
                    state: &mut *self.state,
                })?;
            } else {
                // Reserved and any other purchase option: skipped without building values.
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

#[derive(Deserialize)]
struct RawTerm {
    #[serde(default, rename = "priceDimensions")]
    price_dimensions: Option<BTreeMap<String, RawDimension>>,
}

#[derive(Deserialize)]
struct RawDimension {
    #[serde(default)]
    unit: Option<AttrText>,
    #[serde(default, rename = "pricePerUnit")]
    price_per_unit: Option<BTreeMap<String, AttrText>>,
    #[serde(default, rename = "beginRange")]
    begin_range: Option<AttrText>,
    #[serde(default, rename = "endRange")]
    end_range: Option<AttrText>,
    #[serde(default)]
    description: Option<AttrText>,
}

impl RawDimension {
    fn into_dimension(self) -> Option<PriceDimension> {
        let begin = match self.begin_range.and_then(|t| t.0) {
            None => 0.0,
            Some(t) => parse_range(&t)?.unwrap_or(0.0),
        };
        let end = match self.end_range.and_then(|t| t.0) {
            None => None,
            Some(t) => parse_range(&t)?,
        };
        let mut usd = None;
        let mut other_currencies = Vec::new();
        for (currency, amount) in self.price_per_unit.unwrap_or_default() {
            let Some(amount) = amount.0 else { continue };
            if currency == "USD" {
                usd = Some(amount);
            } else {
                other_currencies.push(currency);
            }
        }
        Some(PriceDimension {
            unit: self.unit.and_then(|t| t.0).unwrap_or_default(),
            begin,
            end,
            usd,
            other_currencies,
            description: self.description.and_then(|t| t.0).unwrap_or_default(),
        })
    }
}

/// `Inf` (or empty) is `Some(None)`; a number is `Some(Some(n))`; anything else
/// (negative, not a number) is `None`.
fn parse_range(text: &str) -> Option<Option<f64>> {
    let t = text.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("inf") {
        return Some(None);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Some(Some(v)),
        _ => None,
    }
}

struct OnDemandSeed<'s, T> {
    state: &'s mut State<T>,
}

impl<'de, T> DeserializeSeed<'de> for OnDemandSeed<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T> Visitor<'de> for OnDemandSeed<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the OnDemand terms object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        while let Some(sku) = map.next_key::<String>()? {
            self.state.stats.on_demand_skus += 1;
            let wanted = !self.state.products_done || self.state.kept.contains_key(&sku);
            if !wanted {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let terms: Option<BTreeMap<String, RawTerm>> = map.next_value()?;
            self.state.stats.on_demand_read += 1;
            let mut dims = Vec::new();
            let mut malformed = 0usize;
            for term in terms.unwrap_or_default().into_values() {
                for raw in term.price_dimensions.unwrap_or_default().into_values() {
                    match raw.into_dimension() {
                        Some(d) => dims.push(d),
                        None => malformed += 1,
                    }
                }
            }
            if malformed > 0 {
                return Err(de::Error::custom(format!(
                    "SKU {sku}: a price dimension has a beginRange/endRange that is not a number"
                )));
            }
            if self.state.products_done {
                if let Some(entry) = self.state.kept.get_mut(&sku) {
                    entry.1.extend(dims);
                }
            } else {
                self.state.stats.terms_before_products += 1;
                self.state.pending.entry(sku).or_default().extend(dims);
                self.state.note_buffered();
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Which products chkmate needs, and as which catalog rows
// ---------------------------------------------------------------------------

/// The offer files `pricing update` reads, and whether the service is priced
/// per region or globally (one price list for every region).
pub const SERVICES: &[(&str, ServiceScope)] = &[
    ("AmazonEC2", ServiceScope::Regional),
    ("AmazonVPC", ServiceScope::Regional),
    ("AWSELB", ServiceScope::Regional),
    ("AmazonRDS", ServiceScope::Regional),
    ("AWSLambda", ServiceScope::Regional),
    ("AmazonDynamoDB", ServiceScope::Regional),
    ("AmazonS3", ServiceScope::Regional),
    ("AmazonEKS", ServiceScope::Regional),
    ("AmazonECS", ServiceScope::Regional),
    ("AmazonCloudWatch", ServiceScope::Regional),
    ("AmazonRoute53", ServiceScope::Global),
    ("awskms", ServiceScope::Regional),
    ("AWSSecretsManager", ServiceScope::Regional),
    ("AWSQueueService", ServiceScope::Regional),
    ("AmazonSNS", ServiceScope::Regional),
    ("AmazonApiGateway", ServiceScope::Regional),
    ("AmazonCloudFront", ServiceScope::Global),
    ("AmazonECR", ServiceScope::Regional),
    ("AmazonES", ServiceScope::Regional),
    ("AmazonElastiCache", ServiceScope::Regional),
];

/// How a service's offer files are split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceScope {
    /// One offer file per region; prices go into that region's block.
    Regional,
    /// Prices that do not depend on the resource's region (Route 53 in the
    /// `global` block, CloudFront per edge geography in `cloudfront:<geo>`);
    /// every file in the region index is read whatever `--region` says.
    Global,
}

/// The scope of an offer code (`None` for services chkmate does not read).
pub fn service_scope(offer_code: &str) -> Option<ServiceScope> {
    SERVICES
        .iter()
        .find(|(code, _)| *code == offer_code)
        .map(|(_, scope)| *scope)
}

/// What a kept product becomes in the catalog.
#[derive(Clone, Debug, PartialEq)]
pub enum RowTarget {
    /// EC2 Linux, shared tenancy, on-demand, per hour.
    Ec2 { instance_type: String },
    /// RDS instance per hour; `engine` is a catalog engine key.
    Rds {
        class: String,
        engine: &'static str,
        multi_az: bool,
    },
    /// Any other price (`i` rows).
    Item(ItemTarget),
}

/// An item price: its key(s), unit, and how offer units convert to it.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemTarget {
    /// Catalog item keys (more than one when the catalog knows the same price
    /// under several names, e.g. OpenSearch `.search` and `.elasticsearch`).
    pub keys: Vec<String>,
    /// The catalog unit (`hour`, `GB-month`, `1M requests` ...).
    pub unit: &'static str,
    /// Offer units this rule accepts (compared case-insensitively) and the
    /// factor from the offer unit to the catalog unit: price × factor, ranges ÷
    /// factor (a price per request × 1,000,000 is a price per 1M requests).
    pub accept: &'static [(&'static str, f64)],
    /// The block the price goes into instead of the offer's region (`global`,
    /// `cloudfront:us`).
    pub region: Option<String>,
    /// The tier this product is (AWS lists some tiers as separate products,
    /// e.g. io2 IOPS above 32,000), in the catalog unit.
    pub fixed_tier: Option<(f64, Option<f64>)>,
}

/// One catalog row made from an offer.
#[derive(Clone, Debug, PartialEq)]
pub struct CatalogRow {
    /// Region code, `global` or `cloudfront:<geo>`.
    pub region: String,
    pub kind: RowKind,
    /// USD per unit.
    pub usd: f64,
}

/// The identity and shape of a catalog row.
#[derive(Clone, Debug, PartialEq)]
pub enum RowKind {
    Ec2 {
        instance_type: String,
    },
    Rds {
        class: String,
        engine: &'static str,
        multi_az: bool,
    },
    Item {
        key: String,
        unit: &'static str,
        tier: Option<(f64, Option<f64>)>,
    },
}

const HOURLY: &[(&str, f64)] = &[("hrs", 1.0), ("hours", 1.0), ("hour", 1.0)];
const GB_MONTH: &[(&str, f64)] = &[("gb-mo", 1.0), ("gb-month", 1.0)];
const GB: &[(&str, f64)] = &[("gb", 1.0)];
const IOPS_MONTH: &[(&str, f64)] = &[("iops-mo", 1.0), ("iops-month", 1.0)];
const PER_1M_REQUESTS: &[(&str, f64)] = &[
    ("requests", 1e6),
    ("request", 1e6),
    ("api requests", 1e6),
    ("ios", 1e6),
];
const PER_10K_REQUESTS: &[(&str, f64)] =
    &[("requests", 1e4), ("request", 1e4), ("api requests", 1e4)];
const PER_1K_REQUESTS: &[(&str, f64)] = &[("requests", 1e3), ("request", 1e3)];

fn item(
    key: impl Into<String>,
    unit: &'static str,
    accept: &'static [(&'static str, f64)],
) -> Option<RowTarget> {
    Some(RowTarget::Item(ItemTarget {
        keys: vec![key.into()],
        unit,
        accept,
        region: None,
        fixed_tier: None,
    }))
}

/// The usage type without its region prefix (`USE1-`, `EUW2-`, `EU-`,
/// `Global-`); us-east-1 usage types usually have none.
pub fn usage_base(usagetype: &str) -> &str {
    match usagetype.split_once('-') {
        Some((prefix, rest)) if is_region_prefix(prefix) => rest,
        _ => usagetype,
    }
}

fn is_region_prefix(p: &str) -> bool {
    if p == "EU" || p == "Global" {
        return true;
    }
    let b = p.as_bytes();
    (3..=5).contains(&b.len())
        && b.last().is_some_and(u8::is_ascii_digit)
        && b.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && b.iter().any(u8::is_ascii_uppercase)
}

/// Decides whether chkmate needs a product of `service`'s offer, and as what.
/// Products of a region other than an AWS Region (Local Zones, Outposts,
/// Wavelength) are skipped for regional services.
pub fn classify(service: &str, p: &Product) -> Option<RowTarget> {
    if service_scope(service) == Some(ServiceScope::Regional) {
        let location_type = p.attr("locationType");
        if !location_type.is_empty() && location_type != "AWS Region" {
            return None;
        }
    }
    let ut = usage_base(p.attr("usagetype"));
    match service {
        "AmazonEC2" => classify_ec2(p, ut),
        "AmazonVPC" => classify_vpc(p, ut),
        "AWSELB" => classify_elb(p, ut),
        "AmazonRDS" => classify_rds(p, ut),
        "AWSLambda" => classify_lambda(p, ut),
        "AmazonDynamoDB" => classify_dynamodb(p, ut),
        "AmazonS3" => classify_s3(p, ut),
        "AmazonEKS" => match ut {
            "AmazonEKS-Hours:perCluster" => item("eks.cluster.standard", "hour", HOURLY),
            "AmazonEKS-Hours:extendedSupport" => item("eks.cluster.extended", "hour", HOURLY),
            _ => None,
        },
        "AmazonECS" => match ut {
            "Fargate-vCPU-Hours:perCPU" => item(
                "fargate.linux_x86.vcpu",
                "vCPU-hour",
                &[("hours", 1.0), ("hrs", 1.0), ("vcpu-hours", 1.0)],
            ),
            "Fargate-GB-Hours" => item(
                "fargate.linux_x86.memory",
                "GB-hour",
                &[("hours", 1.0), ("hrs", 1.0), ("gb-hours", 1.0)],
            ),
            _ => None,
        },
        "AmazonCloudWatch" => classify_cloudwatch(p, ut),
        "AmazonRoute53" => classify_route53(p, ut),
        "awskms" => match ut {
            "KMS-Keys" => item("kms.key", "key-month", &[("keys", 1.0), ("key-month", 1.0)]),
            "KMS-Requests" => item("kms.requests.symmetric", "10k requests", PER_10K_REQUESTS),
            "KMS-Requests-Asymmetric" => {
                item("kms.requests.asymmetric", "10k requests", PER_10K_REQUESTS)
            }
            "KMS-Requests-Asymmetric-RSA_2048" => {
                item("kms.requests.rsa2048", "10k requests", PER_10K_REQUESTS)
            }
            "KMS-Requests-GenerateDatakeyPair-ECC" => {
                item("kms.requests.ecc_gdkp", "10k requests", PER_10K_REQUESTS)
            }
            "KMS-Requests-GenerateDatakeyPair-RSA" => {
                item("kms.requests.rsa_gdkp", "10k requests", PER_10K_REQUESTS)
            }
            _ => None,
        },
        "AWSSecretsManager" => match p.family.as_str() {
            "Secret" => item(
                "secretsmanager.secret",
                "secret-month",
                &[("secrets", 1.0), ("secret", 1.0), ("secret-month", 1.0)],
            ),
            "API Request" => item("secretsmanager.requests", "10k requests", PER_10K_REQUESTS),
            _ => None,
        },
        "AWSQueueService" if p.family == "API Request" => match p.attr("queueType") {
            "Standard" => item("sqs.requests.standard", "1M requests", PER_1M_REQUESTS),
            "FIFO (first-in, first-out)" => {
                item("sqs.requests.fifo", "1M requests", PER_1M_REQUESTS)
            }
            _ => None,
        },
        "AmazonSNS" => classify_sns(p, ut),
        "AmazonApiGateway" => classify_apigw(p, ut),
        "AmazonCloudFront" => classify_cloudfront(p),
        "AmazonECR"
            if p.family == "EC2 Container Registry" && ut.ends_with("TimedStorage-ByteHrs") =>
        {
            item("ecr.storage", "GB-month", GB_MONTH)
        }
        "AmazonES" => classify_opensearch(p, ut),
        "AmazonElastiCache" => match p.family.as_str() {
            "Cache Instance"
                if p.attr("cacheEngine") == "Redis" && ut.starts_with("NodeUsage:") =>
            {
                let t = p.attr("instanceType");
                (!t.is_empty())
                    .then(|| format!("elasticache.node.{t}"))
                    .and_then(|k| item(k, "hour", HOURLY))
            }
            "Storage Snapshot" => item("elasticache.backup", "GB-month", GB_MONTH),
            _ => None,
        },
        _ => None,
    }
}

fn classify_ec2(p: &Product, ut: &str) -> Option<RowTarget> {
    match p.family.as_str() {
        "Compute Instance" | "Compute Instance (bare metal)" => {
            let linux_shared = p.attr("operatingSystem") == "Linux"
                && p.attr("tenancy") == "Shared"
                && p.attr("preInstalledSw") == "NA"
                && p.attr("capacitystatus") == "Used"
                && matches!(p.attr("licenseModel"), "" | "No License required")
                && p.attr("operation") == "RunInstances"
                && ut.starts_with("BoxUsage");
            let instance_type = p.attr("instanceType");
            (linux_shared && !instance_type.is_empty()).then(|| RowTarget::Ec2 {
                instance_type: instance_type.to_string(),
            })
        }
        "Storage" if ut.starts_with("EBS:VolumeUsage") => match p.attr("volumeApiName") {
            v @ ("gp2" | "gp3" | "io1" | "io2" | "st1" | "sc1" | "standard") => {
                item(format!("ebs.{v}.storage"), "GB-month", GB_MONTH)
            }
            _ => None,
        },
        "System Operation" => match (p.attr("volumeApiName"), ut) {
            ("io1", "EBS:VolumeP-IOPS.piops") => item("ebs.io1.iops", "IOPS-month", IOPS_MONTH),
            ("gp3", "EBS:VolumeP-IOPS.gp3") => item("ebs.gp3.iops", "IOPS-month", IOPS_MONTH),
            ("io2", "EBS:VolumeP-IOPS.io2") => io2_tier(0.0, Some(32000.0)),
            ("io2", "EBS:VolumeP-IOPS.io2.tier2") => io2_tier(32000.0, Some(64000.0)),
            ("io2", "EBS:VolumeP-IOPS.io2.tier3") => io2_tier(64000.0, None),
            ("standard", "EBS:VolumeIOUsage") => {
                item("ebs.standard.io", "1M requests", PER_1M_REQUESTS)
            }
            _ => None,
        },
        "Provisioned Throughput"
            if p.attr("volumeApiName") == "gp3" && ut == "EBS:VolumeP-Throughput.gp3" =>
        {
            item(
                "ebs.gp3.throughput",
                "MiBps-month",
                &[("gibps-mo", 1.0 / 1024.0), ("mibps-mo", 1.0)],
            )
        }
        "Storage Snapshot" if ut == "EBS:SnapshotUsage" => {
            item("ebs.snapshot.storage", "GB-month", GB_MONTH)
        }
        "NAT Gateway" => match ut {
            "NatGateway-Hours" => item("vpc.nat.hour", "hour", HOURLY),
            "NatGateway-Bytes" => item("vpc.nat.data", "GB", GB),
            _ => None,
        },
        "CPU Credits" if p.attr("operatingSystem") == "Linux" => {
            let family = ut.strip_prefix("CPUCredits:")?;
            let ok = !family.is_empty() && family.bytes().all(|c| c.is_ascii_alphanumeric());
            ok.then(|| format!("ec2.cpu_credits.{family}"))
                .and_then(|k| item(k, "vCPU-hour", &[("vcpu-hours", 1.0), ("hrs", 1.0)]))
        }
        _ => None,
    }
}

fn io2_tier(start: f64, end: Option<f64>) -> Option<RowTarget> {
    Some(RowTarget::Item(ItemTarget {
        keys: vec!["ebs.io2.iops".into()],
        unit: "IOPS-month",
        accept: IOPS_MONTH,
        region: None,
        fixed_tier: Some((start, end)),
    }))
}

fn classify_vpc(p: &Product, ut: &str) -> Option<RowTarget> {
    if p.family.contains("Public IPv4 Address") && ut == "PublicIPv4:InUseAddress" {
        return item("vpc.public_ipv4", "hour", HOURLY);
    }
    match (p.family.as_str(), ut) {
        ("VpcEndpoint", "VpcEndpoint-Hours") => item("vpc.endpoint.interface.hour", "hour", HOURLY),
        ("VpcEndpoint", "VpcEndpoint-Bytes") => item("vpc.endpoint.interface.data", "GB", GB),
        _ => None,
    }
}

fn classify_elb(p: &Product, ut: &str) -> Option<RowTarget> {
    const LCU: &[(&str, f64)] = &[("lcu-hrs", 1.0), ("nlcu-hrs", 1.0), ("lcu-hours", 1.0)];
    match (p.family.as_str(), ut) {
        ("Load Balancer-Application", "LoadBalancerUsage") => item("elb.alb.hour", "hour", HOURLY),
        ("Load Balancer-Application", "LCUUsage") => item("elb.alb.lcu", "LCU-hour", LCU),
        ("Load Balancer-Network", "LoadBalancerUsage") => item("elb.nlb.hour", "hour", HOURLY),
        ("Load Balancer-Network", "LCUUsage") => item("elb.nlb.lcu", "LCU-hour", LCU),
        ("Load Balancer", "LoadBalancerUsage") => item("elb.clb.hour", "hour", HOURLY),
        ("Load Balancer", "DataProcessing-Bytes") => item("elb.clb.data", "GB", GB),
        _ => None,
    }
}

/// The catalog engine key of an RDS instance product (see
/// [`crate::pricing::catalog::rds_engine_key`] for the Terraform side).
fn rds_engine(p: &Product) -> Option<&'static str> {
    let byol = p.attr("licenseModel") == "Bring your own license";
    let li = p.attr("licenseModel") == "License included";
    let engine = match p.attr("databaseEngine") {
        "MySQL" => "mysql",
        "PostgreSQL" => "postgres",
        "MariaDB" => "mariadb",
        "Aurora MySQL" => "aurora-mysql",
        "Aurora PostgreSQL" => "aurora-postgresql",
        "Oracle" if p.attr("deploymentModel").is_empty() => {
            match (p.attr("databaseEdition"), byol, li) {
                ("Enterprise", true, _) => "oracle-ee-byol",
                ("Standard", true, _) => "oracle-se-byol",
                ("Standard One", true, _) => "oracle-se1-byol",
                ("Standard One", _, true) => "oracle-se1-li",
                ("Standard Two", true, _) => "oracle-se2-byol",
                ("Standard Two", _, true) => "oracle-se2-li",
                _ => return None,
            }
        }
        "SQL Server" if li && !p.attr("deploymentModel").contains("Custom") => {
            match p.attr("databaseEdition") {
                "Express" => "sqlserver-ex",
                "Web" => "sqlserver-web",
                "Standard" => "sqlserver-se",
                "Enterprise" => "sqlserver-ee",
                _ => return None,
            }
        }
        _ => return None,
    };
    Some(engine)
}

fn classify_rds(p: &Product, ut: &str) -> Option<RowTarget> {
    match p.family.as_str() {
        "Database Instance" => {
            let multi_az = match p.attr("deploymentOption") {
                "Single-AZ" => false,
                "Multi-AZ" => true,
                _ => return None,
            };
            if !(ut.starts_with("InstanceUsage:") || ut.starts_with("Multi-AZUsage:")) {
                return None;
            }
            let class = p.attr("instanceType");
            if class.is_empty() {
                return None;
            }
            Some(RowTarget::Rds {
                class: class.to_string(),
                engine: rds_engine(p)?,
                multi_az,
            })
        }
        "Database Storage" => {
            let key = match ut {
                "RDS:GP2-Storage" => "rds.storage.gp2.single",
                "RDS:Multi-AZ-GP2-Storage" => "rds.storage.gp2.multi",
                "RDS:GP3-Storage" => "rds.storage.gp3.single",
                "RDS:Multi-AZ-GP3-Storage" => "rds.storage.gp3.multi",
                "RDS:PIOPS-Storage" => "rds.storage.io1.single",
                "RDS:Multi-AZ-PIOPS-Storage" => "rds.storage.io1.multi",
                "RDS:StorageUsage" => "rds.storage.standard.single",
                "RDS:Multi-AZ-StorageUsage" => "rds.storage.standard.multi",
                "Aurora:StorageUsage" => "aurora.storage.standard",
                _ => return None,
            };
            if key.starts_with("rds.") && !matches!(p.attr("databaseEngine"), "" | "Any") {
                return None;
            }
            item(key, "GB-month", GB_MONTH)
        }
        "Provisioned IOPS" if matches!(p.attr("databaseEngine"), "" | "Any") => {
            let key = match ut {
                "RDS:PIOPS" => "rds.iops.io1.single",
                "RDS:Multi-AZ-PIOPS" => "rds.iops.io1.multi",
                "RDS:GP3-PIOPS" => "rds.iops.gp3.single",
                "RDS:Multi-AZ-GP3-PIOPS" => "rds.iops.gp3.multi",
                _ => return None,
            };
            item(key, "IOPS-month", IOPS_MONTH)
        }
        "Storage Snapshot" => match ut {
            "RDS:ChargedBackupUsage" if matches!(p.attr("databaseEngine"), "" | "Any") => {
                item("rds.backup", "GB-month", GB_MONTH)
            }
            "Aurora:BackupUsage" => item("aurora.backup", "GB-month", GB_MONTH),
            _ => None,
        },
        "System Operation" => match ut {
            "RDS:StorageIOUsage" => item("rds.standard.io", "1M requests", PER_1M_REQUESTS),
            "Aurora:StorageIOUsage" => item("aurora.io.standard", "1M requests", PER_1M_REQUESTS),
            _ => None,
        },
        _ => None,
    }
}

fn classify_lambda(p: &Product, ut: &str) -> Option<RowTarget> {
    const GB_SECOND: &[(&str, f64)] = &[
        ("lambda-gb-second", 1.0),
        ("gb-seconds", 1.0),
        ("gb-second", 1.0),
    ];
    if p.family != "Serverless" {
        return None;
    }
    let group = p.attr("group");
    if group == "AWS-Lambda-Requests" || ut == "Request" {
        item("lambda.requests", "1M requests", PER_1M_REQUESTS)
    } else if group == "AWS-Lambda-Duration" || ut == "Lambda-GB-Second" {
        item("lambda.duration.x86_64", "GB-second", GB_SECOND)
    } else if group == "AWS-Lambda-Duration-ARM" || ut == "Lambda-GB-Second-ARM" {
        item("lambda.duration.arm64", "GB-second", GB_SECOND)
    } else {
        None
    }
}

fn classify_dynamodb(p: &Product, ut: &str) -> Option<RowTarget> {
    match (p.family.as_str(), p.attr("group")) {
        ("Amazon DynamoDB PayPerRequest Throughput", "DDB-WriteUnits") => item(
            "dynamodb.ondemand.write",
            "1M WRU",
            &[("writerequestunits", 1e6), ("write request units", 1e6)],
        ),
        ("Amazon DynamoDB PayPerRequest Throughput", "DDB-ReadUnits") => item(
            "dynamodb.ondemand.read",
            "1M RRU",
            &[("readrequestunits", 1e6), ("read request units", 1e6)],
        ),
        ("Provisioned IOPS", "DDB-WriteUnits") => item(
            "dynamodb.provisioned.wcu",
            "WCU-hour",
            &[("writecapacityunit-hrs", 1.0)],
        ),
        ("Provisioned IOPS", "DDB-ReadUnits") => item(
            "dynamodb.provisioned.rcu",
            "RCU-hour",
            &[("readcapacityunit-hrs", 1.0)],
        ),
        ("Database Storage", _) if ut == "TimedStorage-ByteHrs" => {
            item("dynamodb.storage", "GB-month", GB_MONTH)
        }
        ("Database Storage", _) if ut == "TimedPITRStorage-ByteHrs" => {
            item("dynamodb.pitr", "GB-month", GB_MONTH)
        }
        ("Amazon DynamoDB On-Demand Backup Storage", _) => {
            item("dynamodb.backup", "GB-month", GB_MONTH)
        }
        ("Amazon DynamoDB Restore Data Size", _) => item("dynamodb.restore", "GB", GB),
        _ => None,
    }
}

fn classify_s3(p: &Product, ut: &str) -> Option<RowTarget> {
    match p.family.as_str() {
        "Storage" => {
            let key = match ut {
                "TimedStorage-ByteHrs" => "s3.standard.storage",
                "TimedStorage-SIA-ByteHrs" => "s3.sia.storage",
                "TimedStorage-ZIA-ByteHrs" => "s3.ozia.storage",
                "TimedStorage-GlacierByteHrs" => "s3.gfr.storage",
                "TimedStorage-GDA-ByteHrs" => "s3.gda.storage",
                "TimedStorage-INT-FA-ByteHrs" => "s3.it.frequent",
                "TimedStorage-INT-IA-ByteHrs" => "s3.it.infrequent",
                "TimedStorage-INT-AA-ByteHrs" => "s3.it.archive",
                "TimedStorage-INT-DAA-ByteHrs" => "s3.it.deep_archive",
                _ => return None,
            };
            item(key, "GB-month", GB_MONTH)
        }
        "API Request" => {
            let key = match ut {
                "Requests-Tier1" => "s3.standard.tier1",
                "Requests-Tier2" => "s3.standard.tier2",
                "Requests-SIA-Tier1" => "s3.sia.tier1",
                "Requests-SIA-Tier2" => "s3.sia.tier2",
                "Requests-ZIA-Tier1" => "s3.ozia.tier1",
                "Requests-ZIA-Tier2" => "s3.ozia.tier2",
                _ => return None,
            };
            item(key, "1k requests", PER_1K_REQUESTS)
        }
        _ => None,
    }
}

fn classify_cloudwatch(p: &Product, ut: &str) -> Option<RowTarget> {
    match (p.family.as_str(), ut) {
        ("Data Payload", "DataProcessing-Bytes") => item("cloudwatch.logs.ingest", "GB", GB),
        ("Data Payload", "DataScanned-Bytes") => item("cloudwatch.logs.insights", "GB", GB),
        ("Storage Snapshot", "TimedStorage-ByteHrs") => {
            item("cloudwatch.logs.storage", "GB-month", GB_MONTH)
        }
        ("Alarm", _) => {
            const ALARMS: &[(&str, f64)] = &[("alarms", 1.0), ("alarm", 1.0)];
            match p.attr("alarmType") {
                "Standard" => item("cloudwatch.alarm.standard", "alarm metric-month", ALARMS),
                "High Resolution" => item(
                    "cloudwatch.alarm.high_resolution",
                    "alarm metric-month",
                    ALARMS,
                ),
                _ => None,
            }
        }
        ("Dashboard", _) => item(
            "cloudwatch.dashboard",
            "dashboard-month",
            &[("dashboards", 1.0), ("dashboard", 1.0)],
        ),
        ("Metric", "CW:MetricMonitorUsage") => item(
            "cloudwatch.metric",
            "metric-month",
            &[("metrics", 1.0), ("metric", 1.0)],
        ),
        _ => None,
    }
}

fn global_item(
    key: &str,
    unit: &'static str,
    accept: &'static [(&'static str, f64)],
) -> Option<RowTarget> {
    Some(RowTarget::Item(ItemTarget {
        keys: vec![key.to_string()],
        unit,
        accept,
        region: Some("global".into()),
        fixed_tier: None,
    }))
}

fn classify_route53(p: &Product, ut: &str) -> Option<RowTarget> {
    const QUERIES: &[(&str, f64)] = &[("queries", 1e6), ("query", 1e6)];
    const CHECKS: &[(&str, f64)] = &[
        ("health-checks", 1.0),
        ("health checks", 1.0),
        ("checks", 1.0),
    ];
    match (p.family.as_str(), ut) {
        ("DNS Zone", "HostedZone") => global_item(
            "route53.zone",
            "zone-month",
            &[("hostedzone", 1.0), ("hosted zone", 1.0), ("zones", 1.0)],
        ),
        ("DNS Query", "DNS-Queries") => {
            global_item("route53.queries.standard", "1M queries", QUERIES)
        }
        ("DNS Query", "LBR-Queries") => {
            global_item("route53.queries.latency", "1M queries", QUERIES)
        }
        ("DNS Query", "Geo-Queries") => global_item("route53.queries.geo", "1M queries", QUERIES),
        ("DNS Health Check", "Health-Check-AWS") => {
            global_item("route53.health_check.aws", "check-month", CHECKS)
        }
        ("DNS Health Check", "Health-Check-Non-AWS") => {
            global_item("route53.health_check.non_aws", "check-month", CHECKS)
        }
        _ => None,
    }
}

fn classify_sns(p: &Product, ut: &str) -> Option<RowTarget> {
    const PER_100K: &[(&str, f64)] = &[("notifications", 1e5), ("notification", 1e5)];
    const PER_1M: &[(&str, f64)] = &[("notifications", 1e6), ("notification", 1e6)];
    match p.family.as_str() {
        "API Request" if !ut.to_ascii_uppercase().contains("FIFO") => {
            item("sns.requests", "1M requests", PER_1M_REQUESTS)
        }
        "Message Delivery" => match ut {
            "DeliveryAttempts-HTTP" => item("sns.delivery.http", "100k notifications", PER_100K),
            "DeliveryAttempts-SMTP" => item("sns.delivery.email", "100k notifications", PER_100K),
            "DeliveryAttempts-FIREHOSE" => {
                item("sns.delivery.firehose", "1M notifications", PER_1M)
            }
            "DeliveryAttempts-APNS" => item("sns.delivery.mobile", "1M notifications", PER_1M),
            "DeliveryAttempts-MACOS" => item("sns.delivery.macos", "1M notifications", PER_1M),
            _ => None,
        },
        _ => None,
    }
}

fn classify_apigw(p: &Product, ut: &str) -> Option<RowTarget> {
    match (p.family.as_str(), ut) {
        ("API Calls", "ApiGatewayRequest") => {
            item("apigw.rest.requests", "1M requests", PER_1M_REQUESTS)
        }
        ("API Calls", "ApiGatewayHttpRequest") => {
            item("apigw.http.requests", "1M requests", PER_1M_REQUESTS)
        }
        ("WebSocket", "ApiGatewayMessage") => item(
            "apigw.websocket.messages",
            "1M messages",
            &[("messages", 1e6), ("message", 1e6)],
        ),
        ("WebSocket", "ApiGatewayMinute") => item(
            "apigw.websocket.minutes",
            "1M minutes",
            &[("minutes", 1e6), ("minute", 1e6)],
        ),
        ("Amazon API Gateway Cache", _) => {
            let size = p.attr("cacheMemorySizeGb");
            let ok = !size.is_empty() && size.bytes().all(|c| c.is_ascii_digit() || c == b'.');
            ok.then(|| format!("apigw.cache.{size}"))
                .and_then(|k| item(k, "hour", HOURLY))
        }
        _ => None,
    }
}

/// CloudFront edge geographies: the usage type prefix of the price list and the
/// catalog's price group (`cloudfront:<geo>`).
const CLOUDFRONT_GEOS: &[(&str, &str)] = &[
    ("US", "us"),
    ("CA", "us"),
    ("EU", "europe"),
    ("JP", "japan"),
    ("AP", "asia_pacific"),
    ("AU", "australia"),
    ("SA", "south_america"),
    ("IN", "india"),
    ("ZA", "south_africa"),
    ("ME", "south_africa"),
];

fn classify_cloudfront(p: &Product) -> Option<RowTarget> {
    let (prefix, rest) = p.attr("usagetype").split_once('-')?;
    let geo = CLOUDFRONT_GEOS.iter().find(|(pre, _)| *pre == prefix)?.1;
    let (key, unit, accept): (&str, &'static str, &'static [(&'static str, f64)]) = match rest {
        "DataTransfer-Out-Bytes" => ("cloudfront.out.internet", "GB", GB),
        "DataTransfer-Out-OBytes" => ("cloudfront.out.origin", "GB", GB),
        "Requests-Tier1" => ("cloudfront.requests.http", "10k requests", PER_10K_REQUESTS),
        "Requests-Tier2-HTTPS" => (
            "cloudfront.requests.https",
            "10k requests",
            PER_10K_REQUESTS,
        ),
        _ => return None,
    };
    Some(RowTarget::Item(ItemTarget {
        keys: vec![key.to_string()],
        unit,
        accept,
        region: Some(format!("cloudfront:{geo}")),
        fixed_tier: None,
    }))
}

fn classify_opensearch(p: &Product, ut: &str) -> Option<RowTarget> {
    match p.family.as_str() {
        "Amazon OpenSearch Service Instance" if ut.starts_with("ESInstance") => {
            let t = p.attr("instanceType");
            let stem = t.strip_suffix(".search")?;
            if stem.is_empty() {
                return None;
            }
            // Terraform's aws_elasticsearch_domain names the same instance types
            // with `.elasticsearch`.
            Some(RowTarget::Item(ItemTarget {
                keys: vec![
                    format!("opensearch.instance.{stem}.search"),
                    format!("opensearch.instance.{stem}.elasticsearch"),
                ],
                unit: "hour",
                accept: HOURLY,
                region: None,
                fixed_tier: None,
            }))
        }
        "Amazon OpenSearch Service Volume" => {
            let key = match (p.attr("storageMedia"), ut) {
                ("GP2", u) if u.ends_with("-Storage") => "opensearch.ebs.gp2",
                ("GP3", u) if u.ends_with("-Storage") => "opensearch.ebs.gp3",
                ("PIOPS-Storage", u) if u.ends_with("-Storage") => "opensearch.ebs.io1",
                ("Magnetic", u) if u.ends_with("-Storage") => "opensearch.ebs.standard",
                ("PIOPS", "ES:PIOPS") => {
                    return item("opensearch.ebs.io1_iops", "IOPS-month", IOPS_MONTH);
                }
                _ => return None,
            };
            item(key, "GB-month", GB_MONTH)
        }
        _ => None,
    }
}

/// Rounds to 12 significant digits: AWS prices have at most 10, so this undoes
/// the binary error of a unit conversion (2e-7 × 1e6) without changing a price.
fn round_sig(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    format!("{x:.11e}").parse().unwrap_or(x)
}

/// Turns a kept product's on-demand dimensions into catalog rows. `region` is
/// the offer's region. Problems (no USD price, an unexpected unit, a tier gap)
/// are returned as an error naming the SKU's problem; the caller warns and
/// leaves the price out.
pub fn to_rows(
    target: &RowTarget,
    dims: &[PriceDimension],
    region: &str,
) -> std::result::Result<Vec<CatalogRow>, String> {
    let (accept, fixed_tier) = match target {
        RowTarget::Ec2 { .. } | RowTarget::Rds { .. } => (HOURLY, None),
        RowTarget::Item(t) => (t.accept, t.fixed_tier),
    };
    let tiers = convert_tiers(dims, accept)?;
    let row_region = match target {
        RowTarget::Item(ItemTarget {
            region: Some(r), ..
        }) => r.clone(),
        _ => region.to_string(),
    };
    let single = tiers.len() == 1;
    let mut rows = Vec::new();
    match target {
        RowTarget::Ec2 { instance_type } => {
            let [(usd, _, _)] = tiers.as_slice() else {
                return Err(format!("{} tiers for an instance price", tiers.len()));
            };
            rows.push(CatalogRow {
                region: row_region,
                kind: RowKind::Ec2 {
                    instance_type: instance_type.clone(),
                },
                usd: *usd,
            });
        }
        RowTarget::Rds {
            class,
            engine,
            multi_az,
        } => {
            let [(usd, _, _)] = tiers.as_slice() else {
                return Err(format!("{} tiers for an instance price", tiers.len()));
            };
            rows.push(CatalogRow {
                region: row_region,
                kind: RowKind::Rds {
                    class: class.clone(),
                    engine,
                    multi_az: *multi_az,
                },
                usd: *usd,
            });
        }
        RowTarget::Item(t) => {
            if fixed_tier.is_some() && !single {
                return Err("a tier product with tiers of its own".into());
            }
            for key in &t.keys {
                for &(usd, start, end) in &tiers {
                    let tier = match fixed_tier {
                        Some(ft) => Some(ft),
                        None if single => None,
                        None => Some((start, end)),
                    };
                    rows.push(CatalogRow {
                        region: row_region.clone(),
                        kind: RowKind::Item {
                            key: key.clone(),
                            unit: t.unit,
                            tier,
                        },
                        usd,
                    });
                }
            }
        }
    }
    Ok(rows)
}

/// USD price tiers `(usd, start, end)` in the catalog unit, sorted, contiguous,
/// without leading free tiers.
fn convert_tiers(
    dims: &[PriceDimension],
    accept: &[(&str, f64)],
) -> std::result::Result<Vec<(f64, f64, Option<f64>)>, String> {
    if dims.is_empty() {
        return Err("no on-demand price".into());
    }
    let mut tiers: Vec<(f64, f64, Option<f64>)> = Vec::new();
    let mut non_usd: Vec<&str> = Vec::new();
    for d in dims {
        let Some(text) = d.usd.as_deref() else {
            non_usd.extend(d.other_currencies.iter().map(String::as_str));
            continue;
        };
        let usd: f64 = match text.trim().parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 => v,
            _ => return Err(format!("USD price `{text}` is not a number")),
        };
        let unit = d.unit.trim().to_ascii_lowercase();
        let Some(&(_, factor)) = accept.iter().find(|(u, _)| *u == unit) else {
            return Err(format!("unexpected unit `{}`", d.unit));
        };
        tiers.push((
            round_sig(usd * factor),
            round_sig(d.begin / factor),
            d.end.map(|e| round_sig(e / factor)),
        ));
    }
    if tiers.is_empty() {
        non_usd.sort_unstable();
        non_usd.dedup();
        return Err(format!(
            "no USD price (priced in {})",
            if non_usd.is_empty() {
                "no currency".to_string()
            } else {
                non_usd.join(", ")
            }
        ));
    }
    tiers.sort_by(|a, b| a.1.total_cmp(&b.1));
    tiers.dedup_by(|b, a| a == b);
    if tiers.windows(2).any(|w| matches!(w, [a, b] if a.1 == b.1)) {
        return Err("two different prices for the same range".into());
    }
    while tiers.len() > 1 && tiers.first().is_some_and(|t| t.0 == 0.0) {
        tiers.remove(0);
    }
    if tiers.iter().all(|t| t.0 == 0.0) {
        return Err("only a $0 price (free tier)".into());
    }
    if tiers
        .windows(2)
        .any(|w| matches!(w, [a, b] if a.2 != Some(b.1)))
    {
        return Err("tiers are not contiguous".into());
    }
    Ok(tiers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(family: &str, attrs: &[(&str, &str)]) -> Product {
        Product {
            sku: "SKU1".into(),
            family: family.into(),
            attributes: attrs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    fn dim(unit: &str, usd: &str, begin: f64, end: Option<f64>) -> PriceDimension {
        PriceDimension {
            unit: unit.into(),
            begin,
            end,
            usd: Some(usd.into()),
            other_currencies: vec![],
            description: String::new(),
        }
    }

    #[test]
    fn usage_type_prefixes_are_stripped_only_for_regions() {
        assert_eq!(usage_base("USE1-NatGateway-Hours"), "NatGateway-Hours");
        assert_eq!(usage_base("EU-Requests-Tier1"), "Requests-Tier1");
        assert_eq!(usage_base("NatGateway-Hours"), "NatGateway-Hours");
        assert_eq!(usage_base("DNS-Queries"), "DNS-Queries");
        assert_eq!(usage_base("KMS-Requests"), "KMS-Requests");
        assert_eq!(usage_base("EBS:VolumeP-IOPS.io2"), "EBS:VolumeP-IOPS.io2");
        assert_eq!(
            usage_base("APS3-EBS:VolumeP-IOPS.io2"),
            "EBS:VolumeP-IOPS.io2"
        );
    }

    #[test]
    fn ec2_filter_keeps_linux_shared_used_only() {
        let base = [
            ("instanceType", "t3.medium"),
            ("operatingSystem", "Linux"),
            ("tenancy", "Shared"),
            ("preInstalledSw", "NA"),
            ("capacitystatus", "Used"),
            ("licenseModel", "No License required"),
            ("operation", "RunInstances"),
            ("usagetype", "BoxUsage:t3.medium"),
            ("locationType", "AWS Region"),
        ];
        let p = product("Compute Instance", &base);
        assert_eq!(
            classify("AmazonEC2", &p),
            Some(RowTarget::Ec2 {
                instance_type: "t3.medium".into()
            })
        );
        for (k, v) in [
            ("operatingSystem", "Windows"),
            ("tenancy", "Dedicated"),
            ("capacitystatus", "UnusedCapacityReservation"),
            ("preInstalledSw", "SQL Std"),
            ("operation", "RunInstances:0002"),
            ("locationType", "AWS Local Zone"),
        ] {
            let mut q = p.clone();
            q.attributes.insert(k.into(), v.into());
            assert_eq!(classify("AmazonEC2", &q), None, "{k}={v}");
        }
    }

    #[test]
    fn units_are_converted_and_free_tiers_dropped() {
        let t = classify(
            "AWSQueueService",
            &product("API Request", &[("queueType", "Standard")]),
        );
        let Some(t) = t else { panic!("not classified") };
        let rows = to_rows(
            &t,
            &[
                dim("Requests", "0.0000000000", 0.0, Some(1e6)),
                dim("Requests", "0.0000004000", 1e6, Some(1e11)),
                dim("Requests", "0.0000003000", 1e11, None),
            ],
            "us-east-1",
        );
        let rows = rows.unwrap_or_else(|e| panic!("{e}"));
        type Tier = (f64, Option<f64>);
        let shape: Vec<(f64, Option<Tier>)> = rows
            .iter()
            .map(|r| match &r.kind {
                RowKind::Item { tier, .. } => (r.usd, *tier),
                _ => panic!("not an item"),
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                (0.4, Some((1.0, Some(100000.0)))),
                (0.3, Some((100000.0, None)))
            ]
        );
    }

    #[test]
    fn bad_dimensions_are_errors_not_prices() {
        let t = RowTarget::Ec2 {
            instance_type: "t3.micro".into(),
        };
        let mut cny = dim("Hrs", "1", 0.0, None);
        cny.usd = None;
        cny.other_currencies = vec!["CNY".into()];
        assert_eq!(
            to_rows(&t, &[cny], "cn-north-1"),
            Err("no USD price (priced in CNY)".into())
        );
        assert!(to_rows(&t, &[dim("GB-Mo", "0.1", 0.0, None)], "r")
            .is_err_and(|e| e.contains("unexpected unit")));
        assert!(to_rows(&t, &[dim("Hrs", "0", 0.0, None)], "r").is_err());
        assert!(to_rows(&t, &[], "r").is_err());
        let gap = [
            dim("Hrs", "1", 0.0, Some(10.0)),
            dim("Hrs", "2", 20.0, None),
        ];
        assert!(to_rows(
            &RowTarget::Item(ItemTarget {
                keys: vec!["k".into()],
                unit: "hour",
                accept: HOURLY,
                region: None,
                fixed_tier: None
            }),
            &gap,
            "r"
        )
        .is_err_and(|e| e.contains("contiguous")));
    }

    #[test]
    fn conversions_do_not_leave_binary_noise() {
        assert_eq!(round_sig(0.0000002 * 1e6), 0.2);
        assert_eq!(round_sig(40.96 / 1024.0), 0.04);
        assert_eq!(round_sig(0.0000166667), 0.0000166667);
    }

    #[test]
    fn parses_terms_before_products_and_skips_reserved() {
        let json = r#"{
          "formatVersion": "v1.0", "offerCode": "AmazonEC2", "version": "v1",
          "publicationDate": "2026-01-01T00:00:00Z",
          "terms": {
            "Reserved": {"A": {"A.X": {"priceDimensions": {"A.X.Y": {"unit": "Hrs", "pricePerUnit": {"USD": "0.01"}}}}}},
            "OnDemand": {
              "A": {"A.T": {"priceDimensions": {"A.T.R": {"unit": "Hrs", "beginRange": "0", "endRange": "Inf", "pricePerUnit": {"USD": "0.0416000000"}}}}},
              "B": {"B.T": {"priceDimensions": {"B.T.R": {"unit": "Hrs", "pricePerUnit": {"USD": "9"}}}}}
            }
          },
          "products": {
            "A": {"sku": "A", "productFamily": "F", "attributes": {"keep": "yes", "n": 3}},
            "B": {"sku": "B", "productFamily": "F", "attributes": {"keep": "no"}}
          },
          "attributesList": {"x": [1, 2, {"y": null}]}
        }"#;
        let parsed = parse_offer(json.as_bytes(), |p| {
            (p.attr("keep") == "yes").then(|| p.attr("n").to_string())
        });
        let parsed = parsed.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(parsed.header.offer_code, "AmazonEC2");
        assert_eq!(parsed.kept.len(), 1);
        let a = &parsed.kept[0];
        assert_eq!((a.sku.as_str(), a.target.as_str()), ("A", "3"));
        assert_eq!(a.dimensions.len(), 1);
        assert_eq!(a.dimensions[0].usd.as_deref(), Some("0.0416000000"));
        assert_eq!(a.dimensions[0].end, None);
        assert_eq!(parsed.stats.terms_before_products, 2);
        assert_eq!(parsed.stats.products_seen, 2);
    }

    #[test]
    fn truncated_files_are_errors_with_a_position() {
        let json = r#"{"products": {"A": {"sku": "A", "attributes": {"#;
        match parse_offer(json.as_bytes(), |_| Some(())) {
            Ok(_) => panic!("accepted a truncated file"),
            Err(e) => assert!(e.to_string().contains("line 1"), "{e}"),
        }
    }
}
