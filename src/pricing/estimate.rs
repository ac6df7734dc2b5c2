//! The cost estimator: evaluated resources become priced cost components.
//!
//! Each managed resource instance of the [`Model`] becomes a [`ResourceCost`]:
//! priced (with components), free (listed as free: IAM, security groups ...),
//! unsupported, or priced per instance but left out of the totals because its
//! `count`/`for_each` is unknown. A component states its quantity, unit, unit
//! price (with the snapshot source that priced it), monthly cost, and whether it
//! depends on usage. A month is 730 hours.
//!
//! What is not known is never turned into a number: a usage-based component with
//! no usage has no quantity and no monthly cost ("depends on usage: $0.045 per
//! GB") and stays out of the baseline; a price the snapshot lacks is "not found"
//! (never $0, never another region's price); a quantity that depends on a value
//! known only after apply is reported as unknown.

use super::catalog::{Price, PriceCatalog, PriceTier, SnapshotInfo, HOURS_PER_MONTH};
use super::resources::{self, Kind};
use super::usage::{ResourceUsage, Usage, UsageWarning};
use crate::source::Span;
use crate::terraform::model::{Body, Mode, Model, NestedBlock, Resource};
use crate::terraform::value::{OriginKind, Value};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Options of an estimate.
#[derive(Clone, Debug, Default)]
pub struct EstimateOptions {
    /// `--region`: price every resource in this region instead of the region of
    /// its provider configuration.
    pub region_override: Option<String>,
}

/// How a resource was priced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceStatus {
    /// chkmate prices this type; see the components (some may be not found).
    Priced,
    /// AWS does not charge for this resource (or charges it elsewhere, as noted).
    Free,
    /// chkmate has no pricing rules for this type.
    Unsupported,
    /// `count`/`for_each` is unknown: components are for one instance and the
    /// resource is left out of the totals.
    ExpansionUnknown,
}

/// Whether a component's price was found.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PriceStatus {
    /// Priced from the snapshot (see `unit_price.source`).
    Found,
    /// The snapshot has no price for it (or the region is unknown): the monthly
    /// cost is unknown, never $0.
    NotFound { reason: String },
    /// Usage-based and no usage was given: the unit price is shown, the quantity
    /// and monthly cost are unknown.
    DependsOnUsage,
}

/// One priced line of a resource.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostComponent {
    pub name: String,
    /// Unit of `quantity` (`hours`, `GB`, `1M requests` ...).
    pub unit: String,
    /// Monthly quantity; `None` when it depends on usage or on unknown values.
    pub quantity: Option<f64>,
    pub unit_price: Option<Price>,
    /// `quantity × unit price`; `None` when either is unknown.
    pub monthly_cost: Option<f64>,
    pub usage_based: bool,
    pub price_status: PriceStatus,
    /// Why a quantity is unknown, which assumption was made, or which default applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl CostComponent {
    /// The line shown for a usage-based component without usage, e.g.
    /// `depends on usage: $0.045 per GB`.
    pub fn usage_hint(&self) -> Option<String> {
        if self.price_status != PriceStatus::DependsOnUsage {
            return None;
        }
        let p = self.unit_price.as_ref()?;
        Some(format!(
            "depends on usage: {} per {}",
            format_unit_price(p.usd),
            p.unit
        ))
    }

    /// True when the quantity is unknown because of configuration (not usage).
    pub fn quantity_unknown(&self) -> bool {
        self.quantity.is_none() && self.price_status == PriceStatus::Found
    }
}

/// The estimate of one resource instance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResourceCost {
    pub address: String,
    #[serde(rename = "type")]
    pub rtype: String,
    /// The resource block's span (render with `SourceMap::locate`).
    #[serde(skip)]
    pub span: Option<Span>,
    /// The region prices were looked up in (`None` when unknown).
    pub region: Option<String>,
    pub status: ResourceStatus,
    pub components: Vec<CostComponent>,
    /// Sum of the known monthly costs of the fixed components.
    pub baseline_monthly: f64,
    /// Sum of the known monthly costs of the usage-based components.
    pub usage_monthly: f64,
    /// Assumptions and caveats for the whole resource.
    pub notes: Vec<String>,
}

impl ResourceCost {
    /// Known monthly cost (baseline + usage).
    pub fn monthly_cost(&self) -> f64 {
        self.baseline_monthly + self.usage_monthly
    }

    /// True when every component has a monthly cost.
    pub fn is_complete(&self) -> bool {
        self.components.iter().all(|c| c.monthly_cost.is_some())
    }
}

/// Totals over the resources that count (priced, with known expansion).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Totals {
    /// Fixed monthly cost: every component that does not depend on usage.
    pub baseline_monthly: f64,
    /// Monthly cost of usage-based components whose usage was given.
    pub usage_monthly: f64,
    /// `baseline_monthly + usage_monthly`.
    pub total_monthly: f64,
    /// Components whose price is not in the snapshot (their cost is not in the totals).
    pub not_found_count: usize,
    /// Usage-based components without usage (not in the totals).
    pub depends_on_usage_count: usize,
    /// Components whose quantity depends on values known only after apply.
    pub unknown_quantity_count: usize,
    pub priced_resources: usize,
    pub free_resources: usize,
    pub unsupported_resources: usize,
    /// Resources with unknown count/for_each (not in the totals).
    pub expansion_unknown_resources: usize,
}

/// The estimate of a whole configuration.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Estimate {
    /// Which price snapshot priced it.
    pub snapshot: SnapshotInfo,
    pub resources: Vec<ResourceCost>,
    pub totals: Totals,
    /// Usage-file warnings (unknown keys, entries that match no resource).
    pub warnings: Vec<String>,
}

impl Estimate {
    /// Resource costs by address.
    pub fn resource(&self, address: &str) -> Option<&ResourceCost> {
        self.resources.iter().find(|r| r.address == address)
    }
}

/// Prices every managed resource of `model`.
pub fn estimate(
    model: &Model,
    catalog: &PriceCatalog,
    usage: &Usage,
    opts: &EstimateOptions,
) -> Estimate {
    let index = ModelIndex::new(model);
    let mut resources = Vec::new();
    for res in &model.resources {
        if res.mode != Mode::Managed {
            continue;
        }
        let usage = usage.for_resource(&res.address, &res.rtype);
        resources.push(price_one(res, model, &index, catalog, usage, opts));
    }
    let mut totals = Totals::default();
    for r in &resources {
        match r.status {
            ResourceStatus::Priced => totals.priced_resources += 1,
            ResourceStatus::Free => totals.free_resources += 1,
            ResourceStatus::Unsupported => totals.unsupported_resources += 1,
            ResourceStatus::ExpansionUnknown => totals.expansion_unknown_resources += 1,
        }
        for c in &r.components {
            match c.price_status {
                PriceStatus::NotFound { .. } => totals.not_found_count += 1,
                PriceStatus::DependsOnUsage => totals.depends_on_usage_count += 1,
                PriceStatus::Found if c.quantity.is_none() => totals.unknown_quantity_count += 1,
                PriceStatus::Found => {}
            }
        }
        if r.status == ResourceStatus::Priced {
            totals.baseline_monthly += r.baseline_monthly;
            totals.usage_monthly += r.usage_monthly;
        }
    }
    totals.total_monthly = totals.baseline_monthly + totals.usage_monthly;
    let mut warnings: Vec<String> = usage
        .warnings()
        .iter()
        .map(UsageWarning::to_string)
        .collect();
    warnings.extend(
        usage
            .unmatched(model.resources.iter().map(|r| r.address.as_str()))
            .iter()
            .map(UsageWarning::to_string),
    );
    Estimate {
        snapshot: catalog.info().clone(),
        resources,
        totals,
        warnings,
    }
}

/// Prices one resource instance (the model is used to follow references, for
/// example from an autoscaling group to its launch template). This indexes the
/// model on every call: to price a whole model use [`estimate`].
pub fn estimate_resource(
    res: &Resource,
    model: &Model,
    catalog: &PriceCatalog,
    usage: ResourceUsage,
    opts: &EstimateOptions,
) -> ResourceCost {
    let index = ModelIndex::new(model);
    price_one(res, model, &index, catalog, usage, opts)
}

/// Prices changed copies of resources (a proposed fix) in the context of the
/// model as it is: the model is indexed once for all of them.
pub fn estimate_variants(
    variants: &[Resource],
    model: &Model,
    catalog: &PriceCatalog,
    usage: &Usage,
    opts: &EstimateOptions,
) -> Vec<ResourceCost> {
    let index = ModelIndex::new(model);
    variants
        .iter()
        .map(|r| {
            price_one(
                r,
                model,
                &index,
                catalog,
                usage.for_resource(&r.address, &r.rtype),
                opts,
            )
        })
        .collect()
}

fn price_one(
    res: &Resource,
    model: &Model,
    index: &ModelIndex,
    catalog: &PriceCatalog,
    usage: ResourceUsage,
    opts: &EstimateOptions,
) -> ResourceCost {
    let region = resolve_region(res, opts);
    let mut ctx = Ctx {
        catalog,
        model,
        index,
        res,
        region,
        usage,
        components: Vec::new(),
        notes: Vec::new(),
        prefix: String::new(),
        free: None,
    };
    let mut status = match resources::kind_of(&res.rtype) {
        Kind::Priced(f) => {
            f(&mut ctx);
            match ctx.free.take() {
                Some(why) if ctx.components.is_empty() => {
                    ctx.notes.push(why);
                    ResourceStatus::Free
                }
                Some(why) => {
                    ctx.notes.push(why);
                    ResourceStatus::Priced
                }
                None => ResourceStatus::Priced,
            }
        }
        Kind::Free(why) => {
            if !why.is_empty() {
                ctx.notes.push(why.to_string());
            }
            ResourceStatus::Free
        }
        Kind::Unsupported => {
            ctx.notes
                .push(format!("chkmate has no pricing rules for {}", res.rtype));
            ResourceStatus::Unsupported
        }
    };
    if res.expansion_unknown
        && status != ResourceStatus::Unsupported
        && status != ResourceStatus::Free
    {
        status = ResourceStatus::ExpansionUnknown;
        ctx.notes.push(
            "count/for_each is known only after apply: the components are for one instance and are not in the totals".into(),
        );
    }
    if !ctx.usage.from.is_empty() {
        ctx.notes
            .push(format!("usage from {}", ctx.usage.from.join(", ")));
    }
    let mut baseline = 0.0;
    let mut usage_total = 0.0;
    for c in &ctx.components {
        if let Some(m) = c.monthly_cost {
            if c.usage_based {
                usage_total += m;
            } else {
                baseline += m;
            }
        }
    }
    ResourceCost {
        address: res.address.clone(),
        rtype: res.rtype.clone(),
        span: res.span,
        region: ctx.region.as_ref().ok().cloned(),
        status,
        components: ctx.components,
        baseline_monthly: baseline,
        usage_monthly: usage_total,
        notes: ctx.notes,
    }
}

fn resolve_region(res: &Resource, opts: &EstimateOptions) -> Result<String, String> {
    if let Some(r) = &opts.region_override {
        return Ok(r.clone());
    }
    // AWS provider v6 lets a resource set its own region.
    if let Some(v) = res.body.value("region") {
        if let Some(s) = v.as_str() {
            return Ok(s.to_string());
        }
        if v.is_unknown() {
            return Err(format!(
                "region unknown: the resource's `region` is {}",
                unknown_why(v)
            ));
        }
    }
    match &res.provider.region {
        Some(v) => match v.as_str() {
            Some(s) if !s.is_empty() => Ok(s.to_string()),
            _ if v.is_unknown() => Err(format!(
                "region unknown: provider {} region is {} (use --region)",
                provider_name(res),
                unknown_why(v)
            )),
            _ => Err(format!(
                "region unknown: provider {} region is not a string",
                provider_name(res)
            )),
        },
        None => Err(format!(
            "region unknown: provider {} sets no region (use --region)",
            provider_name(res)
        )),
    }
}

fn provider_name(res: &Resource) -> String {
    if res.provider.config.is_empty() {
        "aws".into()
    } else {
        res.provider.config.clone()
    }
}

/// Why a value is unknown, from its origins: `known only after apply (aws_eip.nat)`.
pub(crate) fn unknown_why(v: &Value) -> String {
    let origins = v.origins();
    if let Some(var) = origins.iter().find(|o| o.kind == OriginKind::Variable) {
        return format!("unknown ({} has no value)", var.address);
    }
    let named: Vec<&str> = origins
        .iter()
        .filter(|o| matches!(o.kind, OriginKind::Resource | OriginKind::Data))
        .map(|o| &*o.address)
        .collect();
    if named.is_empty() {
        "known only after apply".into()
    } else {
        format!("known only after apply (from {})", named.join(", "))
    }
}

/// A configuration value: absent, unknown (with the reason), or known.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Field<T> {
    Absent,
    Unknown(String),
    Known(T),
}

impl<T> Field<T> {
    pub(crate) fn known(self) -> Option<T> {
        match self {
            Field::Known(v) => Some(v),
            _ => None,
        }
    }

    /// The value, or `default` when absent (unknown stays unknown).
    pub(crate) fn or_default(self, default: T) -> Field<T> {
        match self {
            Field::Absent => Field::Known(default),
            other => other,
        }
    }

    pub(crate) fn map<U>(self, f: impl FnOnce(T) -> U) -> Field<U> {
        match self {
            Field::Absent => Field::Absent,
            Field::Unknown(w) => Field::Unknown(w),
            Field::Known(v) => Field::Known(f(v)),
        }
    }
}

fn field_of<T>(body: &Body, name: &str, conv: impl Fn(&Value) -> Option<T>) -> Field<T> {
    match body.value(name) {
        None => Field::Absent,
        Some(v) if v.is_null() => Field::Absent,
        Some(v) if v.is_unknown() => Field::Unknown(format!("`{name}` is {}", unknown_why(v))),
        Some(v) => match conv(v) {
            Some(x) => Field::Known(x),
            None => Field::Unknown(format!("`{name}` has an unexpected value {v}")),
        },
    }
}

pub(crate) fn str_field(body: &Body, name: &str) -> Field<String> {
    field_of(body, name, |v| v.to_tf_string())
}

pub(crate) fn num_field(body: &Body, name: &str) -> Field<f64> {
    field_of(body, name, |v| v.as_f64().filter(|n| n.is_finite()))
}

pub(crate) fn bool_field(body: &Body, name: &str) -> Field<bool> {
    field_of(body, name, |v| v.as_bool())
}

/// Number of elements of a list attribute.
pub(crate) fn len_field(body: &Body, name: &str) -> Field<usize> {
    field_of(body, name, |v| v.as_list().map(<[Value]>::len))
}

/// The first nested block of a kind.
pub(crate) fn block<'b>(body: &'b Body, kind: &str) -> Option<&'b NestedBlock> {
    body.blocks.iter().find(|b| b.kind == kind)
}

/// Nested blocks of a kind.
pub(crate) fn blocks<'b>(
    body: &'b Body,
    kind: &'b str,
) -> impl Iterator<Item = &'b NestedBlock> + 'b {
    body.blocks.iter().filter(move |b| b.kind == kind)
}

/// Lookups over the model that the rules need, built once per estimate: resources
/// by address (instance and whole-resource addresses) and which resources an
/// Elastic IP points at.
pub(crate) struct ModelIndex<'m> {
    by_address: HashMap<String, Vec<&'m Resource>>,
    /// Addresses referenced by `aws_eip.instance` / `aws_eip_association.instance_id`.
    eip_targets: HashSet<String>,
    /// Addresses referenced by `aws_eip_association.allocation_id` and NAT gateway
    /// allocations (Elastic IPs in use).
    eips_in_use: HashSet<String>,
}

impl<'m> ModelIndex<'m> {
    pub(crate) fn new(model: &'m Model) -> ModelIndex<'m> {
        let mut by_address: HashMap<String, Vec<&'m Resource>> = HashMap::new();
        let mut eip_targets = HashSet::new();
        let mut eips_in_use = HashSet::new();
        let origin_addresses = |v: &Value, out: &mut HashSet<String>| {
            for o in v.origins() {
                if o.kind == OriginKind::Resource {
                    out.insert(o.address.to_string());
                }
            }
        };
        for r in model.resources.iter().filter(|r| r.mode == Mode::Managed) {
            by_address.entry(r.address.clone()).or_default().push(r);
            let config = r.config_address();
            if config != r.address {
                by_address.entry(config).or_default().push(r);
            }
            match r.rtype.as_str() {
                "aws_eip" => {
                    if let Some(v) = r.body.value("instance") {
                        origin_addresses(v, &mut eip_targets);
                    }
                }
                "aws_eip_association" => {
                    if let Some(v) = r.body.value("instance_id") {
                        origin_addresses(v, &mut eip_targets);
                    }
                    if let Some(v) = r.body.value("allocation_id") {
                        origin_addresses(v, &mut eips_in_use);
                    }
                }
                "aws_nat_gateway" => {
                    for a in ["allocation_id", "secondary_allocation_ids"] {
                        if let Some(v) = r.body.value(a) {
                            origin_addresses(v, &mut eips_in_use);
                        }
                    }
                }
                _ => {}
            }
        }
        ModelIndex {
            by_address,
            eip_targets,
            eips_in_use,
        }
    }

    /// Managed resources of a type that `v` refers to (through its origins).
    pub(crate) fn referenced(&self, v: &Value, rtype: &str) -> Vec<&'m Resource> {
        let mut out: Vec<&'m Resource> = Vec::new();
        for o in v.origins() {
            if o.kind != OriginKind::Resource {
                continue;
            }
            for r in self.by_address.get(&*o.address).into_iter().flatten() {
                if r.rtype == rtype && !out.iter().any(|x| std::ptr::eq(*x, *r)) {
                    out.push(r);
                }
            }
        }
        out
    }

    fn mentions(set: &HashSet<String>, res: &Resource) -> bool {
        set.contains(&res.address) || set.contains(&res.config_address())
    }

    /// True when an Elastic IP of the configuration is bound to the resource.
    pub(crate) fn has_eip(&self, res: &Resource) -> bool {
        Self::mentions(&self.eip_targets, res)
    }

    /// True when the Elastic IP is associated (association or NAT gateway).
    pub(crate) fn eip_in_use(&self, eip: &Resource) -> bool {
        Self::mentions(&self.eips_in_use, eip)
    }
}

/// Per-resource pricing state used by the rules in `resources/`.
pub(crate) struct Ctx<'a> {
    pub catalog: &'a PriceCatalog,
    pub model: &'a Model,
    pub index: &'a ModelIndex<'a>,
    pub res: &'a Resource,
    /// The region prices are looked up in, or why it is unknown.
    pub region: Result<String, String>,
    pub usage: ResourceUsage,
    pub components: Vec<CostComponent>,
    pub notes: Vec<String>,
    /// Prefix for component names (`launch template lt: `).
    pub prefix: String,
    /// Set when a priced type turns out to be free in this configuration.
    pub free: Option<String>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn body(&self) -> &'a Body {
        &self.res.body
    }

    /// Resources of a type that `v` refers to.
    pub(crate) fn referenced(&self, v: &Value, rtype: &str) -> Vec<&'a Resource> {
        self.index.referenced(v, rtype)
    }

    pub(crate) fn note(&mut self, note: impl Into<String>) {
        let note = note.into();
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    pub(crate) fn set_free(&mut self, why: impl Into<String>) {
        self.free = Some(why.into());
    }

    /// A usage number.
    pub(crate) fn usage_num(&self, key: &str) -> Option<f64> {
        self.usage.number(key)
    }

    /// A regional price.
    pub(crate) fn price(&self, key: &str, what: &str) -> Result<Price, String> {
        let region = self.region.as_ref().map_err(Clone::clone)?;
        self.price_in(region, key, what)
    }

    /// A price in a named price group (`global`, `cloudfront:us`) or region.
    pub(crate) fn price_in(&self, region: &str, key: &str, what: &str) -> Result<Price, String> {
        self.catalog
            .item(region, key)
            .ok_or_else(|| self.missing(region, key, what))
    }

    pub(crate) fn tiers(&self, key: &str, what: &str) -> Result<Vec<PriceTier>, String> {
        let region = self.region.as_ref().map_err(Clone::clone)?;
        self.tiers_in(region, key, what)
    }

    pub(crate) fn tiers_in(
        &self,
        region: &str,
        key: &str,
        what: &str,
    ) -> Result<Vec<PriceTier>, String> {
        self.catalog
            .tiers(region, key)
            .ok_or_else(|| self.missing(region, key, what))
    }

    /// The "price not found" reason, naming the regions that do have the price.
    pub(crate) fn missing(&self, region: &str, key: &str, what: &str) -> String {
        let have = self.catalog.regions_with_item(key);
        if have.is_empty() {
            format!("price not found: the snapshot has no price for {what}")
        } else {
            let shown: Vec<&str> = have.iter().take(6).copied().collect();
            let more = if have.len() > shown.len() {
                format!(" and {} more", have.len() - shown.len())
            } else {
                String::new()
            };
            format!(
                "price not found: the snapshot has no price for {what} in {region} (it has one for {}{more})",
                shown.join(", ")
            )
        }
    }

    fn push(&mut self, mut c: CostComponent) {
        if !self.prefix.is_empty() {
            c.name = format!("{}{}", self.prefix, c.name);
        }
        self.components.push(c);
    }

    /// A fixed (not usage-based) component: `quantity` units at `price`.
    pub(crate) fn fixed(
        &mut self,
        name: &str,
        unit: &str,
        quantity: Field<f64>,
        price: Result<Price, String>,
    ) {
        self.component(name, unit, quantity, price, false, None);
    }

    /// A fixed component billed per hour for `count` units all month.
    pub(crate) fn hourly(&mut self, name: &str, count: Field<f64>, price: Result<Price, String>) {
        self.component(
            name,
            "hours",
            count.map(|n| n * HOURS_PER_MONTH),
            price,
            false,
            None,
        );
    }

    /// A usage-based component; `quantity` is `None` without usage.
    pub(crate) fn usage_based(
        &mut self,
        name: &str,
        unit: &str,
        quantity: Option<f64>,
        price: Result<Price, String>,
    ) {
        let q = match quantity {
            Some(q) => Field::Known(q),
            None => Field::Absent,
        };
        self.component(name, unit, q, price, true, None);
    }

    /// A usage-based component read from one usage key, scaled to the price unit
    /// (`scale` = price units per usage unit, e.g. 1e-6 for requests priced per 1M).
    pub(crate) fn usage_key(
        &mut self,
        name: &str,
        unit: &str,
        key: &str,
        scale: f64,
        price: Result<Price, String>,
    ) {
        let q = self.usage_num(key).map(|v| v * scale);
        self.usage_based(name, unit, q, price);
    }

    pub(crate) fn with_note(&mut self, note: impl Into<String>) {
        if let Some(c) = self.components.last_mut() {
            let note = note.into();
            c.note = Some(match c.note.take() {
                Some(prev) => format!("{prev}; {note}"),
                None => note,
            });
        }
    }

    fn component(
        &mut self,
        name: &str,
        unit: &str,
        quantity: Field<f64>,
        price: Result<Price, String>,
        usage_based: bool,
        note: Option<String>,
    ) {
        let (quantity, qnote) = match quantity {
            Field::Known(q) => (Some(q), None),
            Field::Unknown(why) => (None, Some(format!("quantity unknown: {why}"))),
            Field::Absent => (None, None),
        };
        let note = match (note, qnote) {
            (Some(a), Some(b)) => Some(format!("{a}; {b}")),
            (a, b) => a.or(b),
        };
        let c = match price {
            Err(reason) => CostComponent {
                name: name.to_string(),
                unit: unit.to_string(),
                quantity,
                unit_price: None,
                monthly_cost: None,
                usage_based,
                price_status: PriceStatus::NotFound { reason },
                note,
            },
            Ok(p) => {
                let status = if quantity.is_none() && usage_based {
                    PriceStatus::DependsOnUsage
                } else {
                    PriceStatus::Found
                };
                CostComponent {
                    name: name.to_string(),
                    unit: unit.to_string(),
                    quantity,
                    monthly_cost: quantity.map(|q| q * p.usd),
                    unit_price: Some(p),
                    usage_based,
                    price_status: status,
                    note,
                }
            }
        };
        self.push(c);
    }

    /// Components for a tiered price: one per tier the quantity reaches (or one
    /// showing the first tier's price when the quantity is not known). A quantity
    /// beyond the last tier the snapshot has is a separate "not found" component.
    pub(crate) fn tiered(
        &mut self,
        name: &str,
        unit: &str,
        quantity: Field<f64>,
        tiers: Result<Vec<PriceTier>, String>,
        usage_based: bool,
    ) {
        let tiers = match tiers {
            Ok(t) if !t.is_empty() => t,
            Ok(_) => {
                self.component(
                    name,
                    unit,
                    quantity,
                    Err("price not found".into()),
                    usage_based,
                    None,
                );
                return;
            }
            Err(e) => {
                self.component(name, unit, quantity, Err(e), usage_based, None);
                return;
            }
        };
        let single = tiers.len() == 1
            && tiers
                .first()
                .is_some_and(|t| t.end.is_none() && t.start == 0.0);
        let q = match quantity {
            Field::Known(q) => q,
            other => {
                let first = tiers.first().map(|t| t.price.clone());
                let label = if single {
                    name.to_string()
                } else {
                    tiers
                        .first()
                        .map(|t| format!("{name} ({})", tier_label(t, true, unit)))
                        .unwrap_or_else(|| name.to_string())
                };
                self.component(
                    &label,
                    unit,
                    other,
                    first.ok_or_else(|| "price not found".to_string()),
                    usage_based,
                    None,
                );
                return;
            }
        };
        if single {
            let p = tiers
                .first()
                .map(|t| t.price.clone())
                .ok_or_else(|| "price not found".to_string());
            self.component(name, unit, Field::Known(q), p, usage_based, None);
            return;
        }
        let mut covered_to = 0.0;
        for (i, t) in tiers.iter().enumerate() {
            if q <= t.start && i > 0 {
                break;
            }
            let upper = t.end.map_or(q, |e| e.min(q));
            let in_tier = (upper - t.start).max(0.0);
            covered_to = t.end.unwrap_or(f64::INFINITY).min(q.max(t.start));
            let label = format!("{name} ({})", tier_label(t, i == 0, unit));
            self.component(
                &label,
                unit,
                Field::Known(in_tier),
                Ok(t.price.clone()),
                usage_based,
                None,
            );
        }
        if q > covered_to {
            let last_end = tiers.last().and_then(|t| t.end).unwrap_or(covered_to);
            self.component(
                &format!("{name} (over {})", human_qty(last_end, unit)),
                unit,
                Field::Known(q - last_end),
                Err(format!(
                    "price not found: the snapshot has prices only up to {} for this item",
                    human_qty(last_end, unit)
                )),
                usage_based,
                None,
            );
        }
    }
}

fn tier_label(t: &PriceTier, first: bool, unit: &str) -> String {
    match t.end {
        Some(end) if first || t.start == 0.0 => format!("first {}", human_qty(end, unit)),
        Some(end) => format!("next {}", human_qty(end - t.start, unit)),
        None => format!("over {}", human_qty(t.start, unit)),
    }
}

/// `333` in `1M requests` -> `333M`; `10240` GB -> `10,240 GB`; `6000000000`
/// GB-seconds -> `6B GB-seconds`.
fn human_qty(n: f64, unit: &str) -> String {
    let (base, rest) = match unit.split_once(' ') {
        Some((mult, rest)) if mult.starts_with(|c: char| c.is_ascii_digit()) => {
            let m = match mult.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.') {
                "k" | "K" => 1e3,
                "M" => 1e6,
                "B" => 1e9,
                _ => 1.0,
            };
            let digits: f64 = mult
                .trim_end_matches(|c: char| c.is_ascii_alphabetic())
                .parse()
                .unwrap_or(1.0);
            (n * m * digits, rest.to_string())
        }
        _ => (n, unit.to_string()),
    };
    let text = if base >= 1e9 && (base / 1e7).fract() == 0.0 {
        format!("{}B", trim_float(base / 1e9))
    } else if base >= 1e6 && (base / 1e4).fract() == 0.0 {
        format!("{}M", trim_float(base / 1e6))
    } else if base >= 1e3 && base.fract() == 0.0 && (base / 1e3).fract() == 0.0 && base < 1e6 {
        format!("{}K", trim_float(base / 1e3))
    } else {
        group_thousands(base)
    };
    format!("{text} {rest}")
}

fn trim_float(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn group_thousands(v: f64) -> String {
    let whole = v.trunc() as i64;
    let frac = v - v.trunc();
    let digits = whole.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if whole < 0 {
        out.insert(0, '-');
    }
    if frac > 0.0 {
        let f = format!("{frac:.2}");
        out.push_str(f.trim_start_matches('0'));
    }
    out
}

/// A unit price for display: `$0.045`, `$3.50`, `$0.0000166667`.
pub fn format_unit_price(usd: f64) -> String {
    if usd >= 1.0 || usd == 0.0 {
        return format!("${usd:.2}");
    }
    let mut s = format!("{usd:.10}");
    while s.ends_with('0') {
        s.pop();
    }
    // At least two decimals ($0.10 rather than $0.1).
    if let Some(dot) = s.find('.') {
        while s.len() - dot - 1 < 2 {
            s.push('0');
        }
    }
    format!("${s}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_prices_format_for_humans() {
        assert_eq!(format_unit_price(0.045), "$0.045");
        assert_eq!(format_unit_price(3.5), "$3.50");
        assert_eq!(format_unit_price(0.1), "$0.10");
        assert_eq!(format_unit_price(0.0000166667), "$0.0000166667");
        assert_eq!(format_unit_price(0.0), "$0.00");
    }

    #[test]
    fn tier_quantities_read_naturally() {
        assert_eq!(human_qty(333.0, "1M requests"), "333M requests");
        assert_eq!(human_qty(6e9, "GB-seconds"), "6B GB-seconds");
        assert_eq!(human_qty(10240.0, "GB"), "10,240 GB");
        assert_eq!(human_qty(1000.0, "1M queries"), "1B queries");
        assert_eq!(human_qty(32000.0, "IOPS"), "32K IOPS");
    }
}
