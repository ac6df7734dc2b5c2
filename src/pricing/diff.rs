//! Cost diffs: what changes in monthly cost between two estimates (`chkmate cost
//! --compare-to`), per resource and per component, like `infracost diff`.
//!
//! Each side is a [`CostSide`]: built from an [`Estimate`] (another directory,
//! either side of a plan JSON) or read back from an earlier `chkmate cost
//! --format json` output ([`CostSide::from_json`]). [`diff`] pairs resources by
//! address and components by name (in order, so repeated names pair up one by
//! one) and classifies every line as added, removed, changed or unchanged.
//!
//! What is not known never becomes a number: a component whose price is not
//! found on either side is listed as "price not found" (never as removed, never
//! as a $0 change); a usage-based component without usage, or a quantity known
//! only after apply, has no delta either. The total delta is the sum of the
//! deltas that are known, and [`DiffTotals::not_comparable`] counts the lines
//! left out of it.

use super::estimate::{Estimate, PriceStatus, ResourceStatus};
use serde::Serialize;
use serde_json::Value as J;

/// Deltas smaller than half a cent are "unchanged".
const EPSILON: f64 = 0.005;

/// What a component cost on one side.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SideCost {
    /// Monthly cost known.
    Known { monthly: f64 },
    /// The snapshot had no price.
    PriceNotFound { reason: String },
    /// Usage-based, and no usage was given (`hint`: "depends on usage: $0.045 per GB").
    DependsOnUsage { hint: Option<String> },
    /// Priced, but the quantity is known only after apply (or is otherwise unknown).
    QuantityUnknown { reason: Option<String> },
}

impl SideCost {
    pub fn monthly(&self) -> Option<f64> {
        match self {
            SideCost::Known { monthly } => Some(*monthly),
            _ => None,
        }
    }

    fn same_state(&self, other: &SideCost) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// One component of one side.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SideComponent {
    pub name: String,
    pub unit: String,
    pub quantity: Option<f64>,
    pub unit_price_usd: Option<f64>,
    pub usage_based: bool,
    pub cost: SideCost,
}

/// One resource of one side.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SideResource {
    pub address: String,
    #[serde(rename = "type")]
    pub rtype: String,
    pub status: ResourceStatus,
    pub components: Vec<SideComponent>,
}

impl SideResource {
    /// True when the resource's components count in the side's totals.
    fn counts(&self) -> bool {
        matches!(self.status, ResourceStatus::Priced | ResourceStatus::Free)
    }

    /// Sum of the known monthly costs, when the resource counts.
    fn known_monthly(&self) -> Option<f64> {
        self.counts().then(|| {
            self.components
                .iter()
                .filter_map(|c| c.cost.monthly())
                .sum()
        })
    }
}

/// What keeps a resource's monthly cost on one side from being complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    /// At least one component's price is not found.
    PriceNotFound,
    /// Only usage-based components without usage are missing.
    Usage,
    /// A quantity (or the resource's count) is known only after apply.
    Unknown,
}

impl Missing {
    /// How a renderer says it: `price not found`, `usage`, `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Missing::PriceNotFound => "price not found",
            Missing::Usage => "usage",
            Missing::Unknown => "unknown",
        }
    }
}

impl SideResource {
    /// What is missing from the known monthly cost, if anything.
    fn missing(&self) -> Option<Missing> {
        let unknown: Vec<&SideCost> = self
            .components
            .iter()
            .map(|c| &c.cost)
            .filter(|c| c.monthly().is_none())
            .collect();
        if unknown
            .iter()
            .any(|c| matches!(c, SideCost::PriceNotFound { .. }))
        {
            Some(Missing::PriceNotFound)
        } else if !self.counts() {
            Some(Missing::Unknown)
        } else if unknown.is_empty() {
            None
        } else if unknown
            .iter()
            .all(|c| matches!(c, SideCost::DependsOnUsage { .. }))
        {
            Some(Missing::Usage)
        } else {
            Some(Missing::Unknown)
        }
    }

    /// True when no component has a known monthly cost (and there are some).
    fn none_known(&self) -> bool {
        !self.components.is_empty() && self.components.iter().all(|c| c.cost.monthly().is_none())
    }
}

/// One side of a comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostSide {
    /// What this side is (`examples/web-app`, `plan.json (prior state)`, `cost.json`).
    pub label: String,
    /// The price snapshot that priced it, when known.
    pub snapshot_id: Option<String>,
    pub resources: Vec<SideResource>,
}

impl CostSide {
    /// The side of an estimate.
    pub fn from_estimate(label: impl Into<String>, est: &Estimate) -> CostSide {
        let resources = est
            .resources
            .iter()
            .map(|r| SideResource {
                address: r.address.clone(),
                rtype: r.rtype.clone(),
                status: r.status,
                components: r
                    .components
                    .iter()
                    .map(|c| SideComponent {
                        name: c.name.clone(),
                        unit: c.unit.clone(),
                        quantity: c.quantity,
                        unit_price_usd: c.unit_price.as_ref().map(|p| p.usd),
                        usage_based: c.usage_based,
                        cost: match (&c.price_status, c.monthly_cost) {
                            (PriceStatus::NotFound { reason }, _) => SideCost::PriceNotFound {
                                reason: reason.clone(),
                            },
                            (PriceStatus::DependsOnUsage, _) => SideCost::DependsOnUsage {
                                hint: c.usage_hint(),
                            },
                            (PriceStatus::Found, Some(m)) => SideCost::Known { monthly: m },
                            (PriceStatus::Found, None) => SideCost::QuantityUnknown {
                                reason: c.note.clone(),
                            },
                        },
                    })
                    .collect(),
            })
            .collect();
        CostSide {
            label: label.into(),
            snapshot_id: Some(est.snapshot.id.clone()),
            resources,
        }
    }

    /// True when `j` looks like a `chkmate cost --format json` output.
    pub fn is_cost_json(j: &J) -> bool {
        j.get("resources").is_some_and(J::is_array)
            && j.get("totals").is_some_and(J::is_object)
            && j.get("snapshot").is_some_and(J::is_object)
    }

    /// Reads an earlier `chkmate cost --format json` output. Errors name the
    /// JSON path of the first field that is missing or of the wrong type.
    pub fn from_json(label: impl Into<String>, j: &J) -> Result<CostSide, String> {
        if !CostSide::is_cost_json(j) {
            return Err(
                "not a `chkmate cost --format json` output (expected `snapshot`, `totals` and `resources`)"
                    .into(),
            );
        }
        let snapshot_id = j
            .pointer("/snapshot/id")
            .and_then(J::as_str)
            .map(str::to_string);
        let mut resources = Vec::new();
        for (i, r) in j
            .get("resources")
            .and_then(J::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let at = format!("resources[{i}]");
            let address = req_str(r, "address", &at)?;
            let rtype = req_str(r, "type", &at)?;
            let status = match req_str(r, "status", &at)?.as_str() {
                "priced" => ResourceStatus::Priced,
                "free" => ResourceStatus::Free,
                "unsupported" => ResourceStatus::Unsupported,
                "expansion_unknown" => ResourceStatus::ExpansionUnknown,
                other => return Err(format!("{at}.status: unknown status {other:?}")),
            };
            let mut components = Vec::new();
            let comps = match r.get("components") {
                None | Some(J::Null) => &[][..],
                Some(J::Array(a)) => a.as_slice(),
                Some(_) => return Err(format!("{at}.components: expected a list")),
            };
            for (k, c) in comps.iter().enumerate() {
                let at = format!("{at}.components[{k}]");
                components.push(component_from_json(c, &at)?);
            }
            resources.push(SideResource {
                address,
                rtype,
                status,
                components,
            });
        }
        Ok(CostSide {
            label: label.into(),
            snapshot_id,
            resources,
        })
    }

    /// Monthly total of the resources that count (priced or free), as the
    /// estimate's `total_monthly` computes it.
    pub fn total_monthly(&self) -> f64 {
        self.resources
            .iter()
            .filter_map(|r| r.known_monthly())
            .sum()
    }
}

fn req_str(j: &J, key: &str, at: &str) -> Result<String, String> {
    match j.get(key) {
        Some(J::String(s)) => Ok(s.clone()),
        Some(_) => Err(format!("{at}.{key}: expected a string")),
        None => Err(format!("{at}.{key}: missing")),
    }
}

fn opt_num(j: &J, key: &str, at: &str) -> Result<Option<f64>, String> {
    match j.get(key) {
        None | Some(J::Null) => Ok(None),
        Some(J::Number(n)) => match n.as_f64() {
            Some(v) if v.is_finite() => Ok(Some(v)),
            _ => Err(format!("{at}.{key}: not a finite number")),
        },
        Some(_) => Err(format!("{at}.{key}: expected a number or null")),
    }
}

fn component_from_json(c: &J, at: &str) -> Result<SideComponent, String> {
    let name = req_str(c, "name", at)?;
    let unit = match c.get("unit") {
        Some(J::String(s)) => s.clone(),
        _ => String::new(),
    };
    let quantity = opt_num(c, "quantity", at)?;
    let monthly = opt_num(c, "monthly_cost", at)?;
    let unit_price_usd = match c.get("unit_price") {
        None | Some(J::Null) => None,
        Some(p @ J::Object(_)) => opt_num(p, "usd", &format!("{at}.unit_price"))?,
        Some(_) => return Err(format!("{at}.unit_price: expected an object or null")),
    };
    let usage_based = c.get("usage_based").and_then(J::as_bool).unwrap_or(false);
    let status = c
        .pointer("/price_status/status")
        .and_then(J::as_str)
        .ok_or_else(|| format!("{at}.price_status.status: missing"))?;
    let cost = match status {
        "not_found" => SideCost::PriceNotFound {
            reason: c
                .pointer("/price_status/reason")
                .and_then(J::as_str)
                .unwrap_or("price not found")
                .to_string(),
        },
        "depends_on_usage" => SideCost::DependsOnUsage {
            hint: unit_price_usd.map(|p| {
                let price_unit = c
                    .pointer("/unit_price/unit")
                    .and_then(J::as_str)
                    .unwrap_or(&unit);
                format!(
                    "depends on usage: {} per {price_unit}",
                    super::estimate::format_unit_price(p)
                )
            }),
        },
        "found" => match monthly {
            Some(m) => SideCost::Known { monthly: m },
            None => SideCost::QuantityUnknown {
                reason: c.get("note").and_then(J::as_str).map(str::to_string),
            },
        },
        other => {
            return Err(format!(
                "{at}.price_status.status: unknown status {other:?}"
            ))
        }
    };
    Ok(SideComponent {
        name,
        unit,
        quantity,
        unit_price_usd,
        usage_based,
        cost,
    })
}

/// How a resource changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Added,
    Removed,
    Changed,
    Unchanged,
}

impl Change {
    /// `+`, `-`, `~` or ` `, as diffs mark lines.
    pub fn sign(self) -> char {
        match self {
            Change::Added => '+',
            Change::Removed => '-',
            Change::Changed => '~',
            Change::Unchanged => ' ',
        }
    }
}

/// How a component changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ComponentChange {
    /// Only on the new side, with a known cost.
    Added,
    /// Only on the old side, with a known cost.
    Removed,
    /// On both sides with known costs that differ (or a changed unit price).
    Changed,
    /// On both sides with the same known cost.
    Unchanged,
    /// The price is not found on at least one side: no delta, never "removed".
    PriceNotFound { reason: String },
    /// Usage-based without usage on at least one side: no delta.
    DependsOnUsage { hint: Option<String> },
    /// The quantity is unknown on at least one side: no delta.
    QuantityUnknown { reason: Option<String> },
}

impl ComponentChange {
    /// True when the line has no delta because something is not known.
    pub fn is_not_comparable(&self) -> bool {
        matches!(
            self,
            ComponentChange::PriceNotFound { .. }
                | ComponentChange::DependsOnUsage { .. }
                | ComponentChange::QuantityUnknown { .. }
        )
    }
}

/// One component line of a resource diff.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComponentDiff {
    /// The name on the new side (on the old side for a removed line).
    pub name: String,
    /// The old side's name when it differs (`... t3.medium` → `... t3.large`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before_name: Option<String>,
    pub unit: String,
    #[serde(flatten)]
    pub change: ComponentChange,
    /// Monthly cost before (`None`: absent or not known).
    pub before_monthly: Option<f64>,
    pub after_monthly: Option<f64>,
    /// `after - before` (`None` when either side is not known).
    pub delta_monthly: Option<f64>,
    /// Whether the component exists on each side.
    pub in_before: bool,
    pub in_after: bool,
}

/// One resource of a diff.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResourceDiff {
    pub address: String,
    #[serde(rename = "type")]
    pub rtype: String,
    pub change: Change,
    pub status_before: Option<ResourceStatus>,
    pub status_after: Option<ResourceStatus>,
    /// Known monthly cost on each side (`None`: absent, unsupported, or
    /// count/for_each unknown).
    pub before_monthly: Option<f64>,
    pub after_monthly: Option<f64>,
    /// What the known monthly cost of each side leaves out.
    pub before_missing: Option<Missing>,
    pub after_missing: Option<Missing>,
    /// True when a side has components but none with a known monthly cost
    /// (its cost is shown as what is missing, never as $0).
    pub before_none_known: bool,
    pub after_none_known: bool,
    /// Sum of the known component deltas.
    pub delta_monthly: f64,
    /// False when some line of this resource has no delta (price not found,
    /// usage unknown, quantity unknown, unsupported or unknown count).
    pub delta_complete: bool,
    pub components: Vec<ComponentDiff>,
    /// Why the resource's delta is incomplete.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Totals of a diff.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DiffTotals {
    /// Known monthly total of the old side.
    pub before_monthly: f64,
    /// Known monthly total of the new side.
    pub after_monthly: f64,
    /// Sum of the known deltas. Differs from `after - before` when lines are
    /// not comparable (see `not_comparable`).
    pub delta_monthly: f64,
    /// `delta / before × 100`; `None` when the old side costs nothing.
    pub delta_percent: Option<f64>,
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    pub unchanged: usize,
    /// Component lines whose price is not found on at least one side.
    pub price_not_found: usize,
    /// Lines (components or whole resources) left out of the delta.
    pub not_comparable: usize,
}

/// A per-resource cost diff between two sides.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostDiff {
    pub before: DiffSideInfo,
    pub after: DiffSideInfo,
    /// Every resource of either side, in the new side's order, then removed ones.
    pub resources: Vec<ResourceDiff>,
    pub totals: DiffTotals,
}

/// Which side is which.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DiffSideInfo {
    pub label: String,
    pub snapshot_id: Option<String>,
}

impl CostDiff {
    /// The resources that changed (added, removed, changed).
    pub fn changed(&self) -> impl Iterator<Item = &ResourceDiff> {
        self.resources
            .iter()
            .filter(|r| r.change != Change::Unchanged)
    }

    /// Every component whose price is not found on a side, with its resource.
    pub fn not_found(&self) -> impl Iterator<Item = (&ResourceDiff, &ComponentDiff)> {
        self.resources.iter().flat_map(|r| {
            r.components
                .iter()
                .filter(|c| matches!(c.change, ComponentChange::PriceNotFound { .. }))
                .map(move |c| (r, c))
        })
    }
}

/// Compares two sides.
pub fn diff(before: &CostSide, after: &CostSide) -> CostDiff {
    let mut used = vec![false; before.resources.len()];
    let mut out = Vec::new();
    for a in &after.resources {
        let b = before
            .resources
            .iter()
            .enumerate()
            .find(|(i, b)| !used.get(*i).copied().unwrap_or(true) && b.address == a.address);
        match b {
            Some((i, b)) => {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                out.push(resource_diff(Some(b), Some(a)));
            }
            None => out.push(resource_diff(None, Some(a))),
        }
    }
    for (i, b) in before.resources.iter().enumerate() {
        if !used.get(i).copied().unwrap_or(false) {
            out.push(resource_diff(Some(b), None));
        }
    }
    let mut totals = DiffTotals {
        before_monthly: before.total_monthly(),
        after_monthly: after.total_monthly(),
        ..DiffTotals::default()
    };
    for r in &out {
        totals.delta_monthly += r.delta_monthly;
        match r.change {
            Change::Added => totals.added += 1,
            Change::Removed => totals.removed += 1,
            Change::Changed => totals.changed += 1,
            Change::Unchanged => totals.unchanged += 1,
        }
        for c in &r.components {
            if matches!(c.change, ComponentChange::PriceNotFound { .. }) {
                totals.price_not_found += 1;
            }
            if c.change.is_not_comparable() {
                totals.not_comparable += 1;
            }
        }
        if !r.notes.is_empty() && r.components.iter().all(|c| !c.change.is_not_comparable()) {
            // A whole resource left out (unsupported, unknown count).
            totals.not_comparable += 1;
        }
    }
    if totals.delta_monthly.abs() < EPSILON {
        totals.delta_monthly = 0.0;
    }
    totals.delta_percent =
        (totals.before_monthly > 0.0).then(|| totals.delta_monthly / totals.before_monthly * 100.0);
    CostDiff {
        before: DiffSideInfo {
            label: before.label.clone(),
            snapshot_id: before.snapshot_id.clone(),
        },
        after: DiffSideInfo {
            label: after.label.clone(),
            snapshot_id: after.snapshot_id.clone(),
        },
        resources: out,
        totals,
    }
}

/// Why a resource's cost on a side is not counted.
fn uncounted_reason(r: &SideResource, side: &str) -> Option<String> {
    match r.status {
        ResourceStatus::Unsupported => Some(format!(
            "{side}: chkmate has no pricing rules for {}, its cost is unknown",
            r.rtype
        )),
        ResourceStatus::ExpansionUnknown => Some(format!(
            "{side}: count/for_each is known only after apply, its cost is not counted"
        )),
        _ => None,
    }
}

fn resource_diff(before: Option<&SideResource>, after: Option<&SideResource>) -> ResourceDiff {
    let (address, rtype) = match (after, before) {
        (Some(r), _) | (None, Some(r)) => (r.address.clone(), r.rtype.clone()),
        (None, None) => (String::new(), String::new()),
    };
    let mut notes = Vec::new();
    if let Some(r) = before {
        notes.extend(uncounted_reason(r, "before"));
    }
    if let Some(r) = after {
        notes.extend(uncounted_reason(r, "after"));
    }
    // Components of a side that does not count are listed but compare as
    // unknown: a count that becomes unknown is not a removal.
    let counts_b = before.is_none_or(SideResource::counts);
    let counts_a = after.is_none_or(SideResource::counts);
    let empty: Vec<SideComponent> = Vec::new();
    let comps_b = before.map(|r| &r.components).unwrap_or(&empty);
    let comps_a = after.map(|r| &r.components).unwrap_or(&empty);
    let pairs = pair_components(comps_b, comps_a);
    let mut used = vec![false; comps_b.len()];
    let mut components = Vec::new();
    let mut state_changed = false;
    for (k, ca) in comps_a.iter().enumerate() {
        let cb = pairs.get(k).copied().flatten().and_then(|i| {
            if let Some(u) = used.get_mut(i) {
                *u = true;
            }
            comps_b.get(i)
        });
        if let Some(cb) = cb {
            state_changed |= !cb.cost.same_state(&ca.cost) || cb.name != ca.name;
        }
        components.push(component_diff(cb, Some(ca), counts_b, counts_a));
    }
    for (i, cb) in comps_b.iter().enumerate() {
        if !used.get(i).copied().unwrap_or(false) {
            components.push(component_diff(Some(cb), None, counts_b, counts_a));
        }
    }
    let comparable = counts_b && counts_a;
    let delta: f64 = if comparable {
        components.iter().filter_map(|c| c.delta_monthly).sum()
    } else {
        0.0
    };
    let delta_complete = comparable && components.iter().all(|c| c.delta_monthly.is_some());
    let no_cost = |r: Option<&SideResource>| {
        r.is_none_or(|r| r.status == ResourceStatus::Free && r.components.is_empty())
    };
    let change = match (before, after) {
        // Free resources coming or going do not change the cost.
        _ if no_cost(before) && no_cost(after) => Change::Unchanged,
        (None, Some(_)) => Change::Added,
        (Some(_), None) => Change::Removed,
        (Some(b), Some(a)) => {
            let differs = b.status != a.status
                || delta.abs() >= EPSILON
                || components.iter().any(|c| {
                    matches!(
                        c.change,
                        ComponentChange::Added
                            | ComponentChange::Removed
                            | ComponentChange::Changed
                    ) || c.in_before != c.in_after
                })
                || state_changed;
            if differs {
                Change::Changed
            } else {
                Change::Unchanged
            }
        }
        (None, None) => Change::Unchanged,
    };
    ResourceDiff {
        address,
        rtype,
        change,
        status_before: before.map(|r| r.status),
        status_after: after.map(|r| r.status),
        before_monthly: before.and_then(SideResource::known_monthly),
        after_monthly: after.and_then(SideResource::known_monthly),
        before_missing: before.and_then(SideResource::missing),
        after_missing: after.and_then(SideResource::missing),
        before_none_known: before.is_some_and(SideResource::none_known),
        after_none_known: after.is_some_and(SideResource::none_known),
        delta_monthly: if delta.abs() < EPSILON { 0.0 } else { delta },
        delta_complete,
        components,
        notes,
    }
}

/// A component name without its parenthesised details: `Instance usage
/// (Linux/UNIX, on-demand, t3.medium)` → `Instance usage`.
fn name_stem(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// For each new-side component, the index of its old-side partner: the same
/// name first (in order), then the same name stem and unit, so that a changed
/// instance type reads as one changed line rather than a removal and an addition.
fn pair_components(before: &[SideComponent], after: &[SideComponent]) -> Vec<Option<usize>> {
    let mut used = vec![false; before.len()];
    let mut pairs: Vec<Option<usize>> = vec![None; after.len()];
    for (k, ca) in after.iter().enumerate() {
        let pos = before
            .iter()
            .enumerate()
            .position(|(i, cb)| !used.get(i).copied().unwrap_or(true) && cb.name == ca.name);
        if let Some(i) = pos {
            if let Some(u) = used.get_mut(i) {
                *u = true;
            }
            if let Some(p) = pairs.get_mut(k) {
                *p = Some(i);
            }
        }
    }
    for (k, ca) in after.iter().enumerate() {
        if pairs.get(k).copied().flatten().is_some() {
            continue;
        }
        let stem = name_stem(&ca.name);
        let pos = before.iter().enumerate().position(|(i, cb)| {
            !used.get(i).copied().unwrap_or(true)
                && cb.unit == ca.unit
                && name_stem(&cb.name) == stem
        });
        if let Some(i) = pos {
            if let Some(u) = used.get_mut(i) {
                *u = true;
            }
            if let Some(p) = pairs.get_mut(k) {
                *p = Some(i);
            }
        }
    }
    pairs
}

fn component_diff(
    before: Option<&SideComponent>,
    after: Option<&SideComponent>,
    counts_b: bool,
    counts_a: bool,
) -> ComponentDiff {
    let (name, unit) = match (after, before) {
        (Some(c), _) | (None, Some(c)) => (c.name.clone(), c.unit.clone()),
        (None, None) => (String::new(), String::new()),
    };
    let mb = before.and_then(|c| c.cost.monthly());
    let ma = after.and_then(|c| c.cost.monthly());
    // The first unknown state found, the new side first: it is what the reader acts on.
    let unknown = [after, before]
        .into_iter()
        .flatten()
        .find_map(|c| match &c.cost {
            SideCost::Known { .. } => None,
            SideCost::PriceNotFound { reason } => Some(ComponentChange::PriceNotFound {
                reason: reason.clone(),
            }),
            SideCost::DependsOnUsage { hint } => {
                Some(ComponentChange::DependsOnUsage { hint: hint.clone() })
            }
            SideCost::QuantityUnknown { reason } => Some(ComponentChange::QuantityUnknown {
                reason: reason.clone(),
            }),
        });
    // A price not found on either side wins over the other unknowns: it is the
    // line that must never read as a removal.
    let not_found = [after, before]
        .into_iter()
        .flatten()
        .find_map(|c| match &c.cost {
            SideCost::PriceNotFound { reason } => Some(ComponentChange::PriceNotFound {
                reason: reason.clone(),
            }),
            _ => None,
        });
    let (change, delta) = if let Some(nf) = not_found {
        (nf, None)
    } else if !(counts_b && counts_a) {
        let reason = if counts_a {
            "the old side's cost is not counted"
        } else {
            "the new side's cost is not counted"
        };
        (
            unknown.unwrap_or(ComponentChange::QuantityUnknown {
                reason: Some(reason.into()),
            }),
            None,
        )
    } else if let Some(u) = unknown {
        (u, None)
    } else {
        match (before, after, mb, ma) {
            (None, Some(_), _, Some(a)) => (ComponentChange::Added, Some(a)),
            (Some(_), None, Some(b), _) => (ComponentChange::Removed, Some(-b)),
            (Some(cb), Some(ca), Some(b), Some(a)) => {
                let d = a - b;
                let price_changed = match (cb.unit_price_usd, ca.unit_price_usd) {
                    (Some(x), Some(y)) => (x - y).abs() > f64::EPSILON * x.abs().max(1.0),
                    _ => false,
                };
                if d.abs() >= EPSILON || price_changed || cb.name != ca.name {
                    (ComponentChange::Changed, Some(d))
                } else {
                    (ComponentChange::Unchanged, Some(0.0))
                }
            }
            _ => (ComponentChange::QuantityUnknown { reason: None }, None),
        }
    };
    let before_name = match (before, after) {
        (Some(b), Some(a)) if b.name != a.name => Some(b.name.clone()),
        _ => None,
    };
    ComponentDiff {
        name,
        before_name,
        unit,
        change,
        before_monthly: mb,
        after_monthly: ma,
        delta_monthly: delta,
        in_before: before.is_some(),
        in_after: after.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comp(name: &str, cost: SideCost) -> SideComponent {
        SideComponent {
            name: name.into(),
            unit: "hours".into(),
            quantity: Some(730.0),
            unit_price_usd: cost.monthly().map(|m| m / 730.0),
            usage_based: false,
            cost,
        }
    }

    fn known(m: f64) -> SideCost {
        SideCost::Known { monthly: m }
    }

    fn res(address: &str, status: ResourceStatus, comps: Vec<SideComponent>) -> SideResource {
        SideResource {
            address: address.into(),
            rtype: address.split('.').next().unwrap_or_default().into(),
            status,
            components: comps,
        }
    }

    fn side(label: &str, resources: Vec<SideResource>) -> CostSide {
        CostSide {
            label: label.into(),
            snapshot_id: None,
            resources,
        }
    }

    fn find<'a>(d: &'a CostDiff, address: &str) -> &'a ResourceDiff {
        match d.resources.iter().find(|r| r.address == address) {
            Some(r) => r,
            None => panic!("no {address} in diff"),
        }
    }

    #[test]
    fn added_removed_changed_unchanged() {
        let before = side(
            "old",
            vec![
                res(
                    "aws_instance.a",
                    ResourceStatus::Priced,
                    vec![comp("Instance", known(30.37))],
                ),
                res(
                    "aws_nat_gateway.gone",
                    ResourceStatus::Priced,
                    vec![comp("NAT gateway", known(32.85))],
                ),
                res(
                    "aws_eks_cluster.same",
                    ResourceStatus::Priced,
                    vec![comp("Cluster", known(73.0))],
                ),
            ],
        );
        let after = side(
            "new",
            vec![
                res(
                    "aws_instance.a",
                    ResourceStatus::Priced,
                    vec![comp("Instance", known(60.74))],
                ),
                res(
                    "aws_eks_cluster.same",
                    ResourceStatus::Priced,
                    vec![comp("Cluster", known(73.0))],
                ),
                res(
                    "aws_lb.new",
                    ResourceStatus::Priced,
                    vec![comp("Load balancer", known(16.43))],
                ),
            ],
        );
        let d = diff(&before, &after);
        assert_eq!(find(&d, "aws_instance.a").change, Change::Changed);
        assert!((find(&d, "aws_instance.a").delta_monthly - 30.37).abs() < 1e-9);
        assert_eq!(find(&d, "aws_nat_gateway.gone").change, Change::Removed);
        assert!((find(&d, "aws_nat_gateway.gone").delta_monthly + 32.85).abs() < 1e-9);
        assert_eq!(find(&d, "aws_eks_cluster.same").change, Change::Unchanged);
        assert_eq!(find(&d, "aws_lb.new").change, Change::Added);
        let t = &d.totals;
        assert!((t.before_monthly - 136.22).abs() < 1e-9);
        assert!((t.after_monthly - 150.17).abs() < 1e-9);
        assert!(
            (t.delta_monthly - 13.95).abs() < 1e-9,
            "{}",
            t.delta_monthly
        );
        assert_eq!((t.added, t.removed, t.changed, t.unchanged), (1, 1, 1, 1));
        assert_eq!(t.not_comparable, 0);
        assert_eq!(d.changed().count(), 3);
    }

    #[test]
    fn price_not_found_is_never_a_removal() {
        let nf = || SideCost::PriceNotFound {
            reason: "price not found: no price for x in ap-south-2".into(),
        };
        let before = side(
            "old",
            vec![
                res(
                    "aws_instance.moved",
                    ResourceStatus::Priced,
                    vec![comp("Instance", known(30.37))],
                ),
                res(
                    "aws_instance.both",
                    ResourceStatus::Priced,
                    vec![comp("Instance", nf()), comp("Storage", known(0.8))],
                ),
            ],
        );
        let after = side(
            "new",
            vec![
                res(
                    "aws_instance.moved",
                    ResourceStatus::Priced,
                    vec![comp("Instance", nf())],
                ),
                res(
                    "aws_instance.both",
                    ResourceStatus::Priced,
                    vec![comp("Instance", nf()), comp("Storage", known(0.8))],
                ),
            ],
        );
        let d = diff(&before, &after);
        let moved = find(&d, "aws_instance.moved");
        // Priced before, not found after: not a -$30.37 removal, not a $0 line.
        assert_eq!(moved.delta_monthly, 0.0);
        assert!(!moved.delta_complete);
        let c = &moved.components[0];
        assert!(matches!(c.change, ComponentChange::PriceNotFound { .. }));
        assert_eq!(c.delta_monthly, None);
        assert_eq!(c.after_monthly, None);
        assert_eq!(d.totals.delta_monthly, 0.0);
        assert_eq!(d.totals.price_not_found, 2);
        // Not found on both sides: listed as not found, the resource unchanged.
        let both = find(&d, "aws_instance.both");
        assert_eq!(both.change, Change::Unchanged);
        assert!(matches!(
            both.components[0].change,
            ComponentChange::PriceNotFound { .. }
        ));
        assert_eq!(d.not_found().count(), 2);
    }

    #[test]
    fn removed_resource_with_missing_price_lists_it_as_not_found() {
        let before = side(
            "old",
            vec![res(
                "aws_db_instance.old",
                ResourceStatus::Priced,
                vec![
                    comp(
                        "Database instance",
                        SideCost::PriceNotFound {
                            reason: "price not found".into(),
                        },
                    ),
                    comp("Storage", known(2.3)),
                ],
            )],
        );
        let d = diff(&before, &side("new", vec![]));
        let r = find(&d, "aws_db_instance.old");
        assert_eq!(r.change, Change::Removed);
        assert!((r.delta_monthly + 2.3).abs() < 1e-9);
        assert!(matches!(
            r.components[0].change,
            ComponentChange::PriceNotFound { .. }
        ));
        assert_eq!(r.components[1].change, ComponentChange::Removed);
    }

    #[test]
    fn unknown_count_and_unsupported_are_not_compared() {
        let before = side(
            "old",
            vec![
                res(
                    "aws_instance.n",
                    ResourceStatus::Priced,
                    vec![comp("Instance", known(30.37))],
                ),
                res("aws_thing.x", ResourceStatus::Unsupported, vec![]),
            ],
        );
        let after = side(
            "new",
            vec![res(
                "aws_instance.n",
                ResourceStatus::ExpansionUnknown,
                vec![comp("Instance", known(30.37))],
            )],
        );
        let d = diff(&before, &after);
        let n = find(&d, "aws_instance.n");
        assert_eq!(n.change, Change::Changed);
        assert_eq!(n.delta_monthly, 0.0);
        assert!(!n.delta_complete);
        assert_eq!(n.notes.len(), 1);
        assert_eq!(n.after_monthly, None);
        let x = find(&d, "aws_thing.x");
        assert_eq!(x.change, Change::Removed);
        assert_eq!(x.before_monthly, None);
        assert!(!x.delta_complete);
        assert_eq!(d.totals.delta_monthly, 0.0);
        assert!(d.totals.not_comparable >= 2);
    }

    #[test]
    fn usage_without_quantities_has_no_delta() {
        let usage = SideCost::DependsOnUsage {
            hint: Some("depends on usage: $0.045 per GB".into()),
        };
        let before = side(
            "old",
            vec![res(
                "aws_nat_gateway.n",
                ResourceStatus::Priced,
                vec![comp("NAT gateway", known(32.85)), comp("Data", known(4.5))],
            )],
        );
        let after = side(
            "new",
            vec![res(
                "aws_nat_gateway.n",
                ResourceStatus::Priced,
                vec![comp("NAT gateway", known(32.85)), comp("Data", usage)],
            )],
        );
        let d = diff(&before, &after);
        let n = find(&d, "aws_nat_gateway.n");
        assert_eq!(n.change, Change::Changed);
        assert_eq!(n.delta_monthly, 0.0);
        assert!(matches!(
            n.components[1].change,
            ComponentChange::DependsOnUsage { .. }
        ));
    }

    #[test]
    fn a_changed_instance_type_is_one_changed_line() {
        let before = side(
            "old",
            vec![res(
                "aws_instance.a",
                ResourceStatus::Priced,
                vec![
                    comp(
                        "Instance usage (Linux/UNIX, on-demand, t3.medium)",
                        known(30.37),
                    ),
                    comp("Storage (gp2)", known(0.8)),
                ],
            )],
        );
        let after = side(
            "new",
            vec![res(
                "aws_instance.a",
                ResourceStatus::Priced,
                vec![
                    comp(
                        "Instance usage (Linux/UNIX, on-demand, t3.large)",
                        known(60.74),
                    ),
                    comp("Storage (gp2)", known(0.8)),
                ],
            )],
        );
        let d = diff(&before, &after);
        let a = find(&d, "aws_instance.a");
        assert_eq!(a.components.len(), 2);
        let c = &a.components[0];
        assert_eq!(c.change, ComponentChange::Changed);
        assert_eq!(
            c.before_name.as_deref(),
            Some("Instance usage (Linux/UNIX, on-demand, t3.medium)")
        );
        assert!((c.delta_monthly.unwrap_or(0.0) - 30.37).abs() < 1e-9);
        assert_eq!(a.components[1].change, ComponentChange::Unchanged);
    }

    #[test]
    fn a_side_without_known_prices_is_not_zero() {
        let nf = SideCost::PriceNotFound {
            reason: "price not found".into(),
        };
        let before = side(
            "old",
            vec![res(
                "aws_instance.r",
                ResourceStatus::Priced,
                vec![comp("Instance", known(15.18))],
            )],
        );
        let after = side(
            "new",
            vec![res(
                "aws_instance.r",
                ResourceStatus::Priced,
                vec![comp("Instance", nf)],
            )],
        );
        let d = diff(&before, &after);
        let r = find(&d, "aws_instance.r");
        assert_eq!(r.after_missing, Some(Missing::PriceNotFound));
        assert!(r.after_none_known);
        assert_eq!(r.before_missing, None);
        assert!(!r.before_none_known);
    }

    #[test]
    fn free_resources_do_not_change_cost() {
        let before = side(
            "old",
            vec![res("aws_security_group.a", ResourceStatus::Free, vec![])],
        );
        let after = side(
            "new",
            vec![res("aws_iam_role.b", ResourceStatus::Free, vec![])],
        );
        let d = diff(&before, &after);
        assert_eq!(d.changed().count(), 0);
        assert_eq!(d.totals.not_comparable, 0);
    }

    #[test]
    fn repeated_component_names_pair_in_order() {
        let before = side(
            "old",
            vec![res(
                "aws_instance.a",
                ResourceStatus::Priced,
                vec![
                    comp("EBS volume", known(1.0)),
                    comp("EBS volume", known(2.0)),
                ],
            )],
        );
        let after = side(
            "new",
            vec![res(
                "aws_instance.a",
                ResourceStatus::Priced,
                vec![comp("EBS volume", known(1.0))],
            )],
        );
        let d = diff(&before, &after);
        let a = find(&d, "aws_instance.a");
        assert_eq!(a.components.len(), 2);
        assert_eq!(a.components[0].change, ComponentChange::Unchanged);
        assert_eq!(a.components[1].change, ComponentChange::Removed);
        assert!((a.delta_monthly + 2.0).abs() < 1e-9);
    }

    #[test]
    fn json_errors_name_the_field() {
        let j: J = serde_json::json!({
            "snapshot": {"id": "s"}, "totals": {},
            "resources": [{"address": "aws_instance.a", "type": "aws_instance", "status": "priced",
                           "components": [{"name": "x", "price_status": {"status": "weird"}}]}]
        });
        let e = CostSide::from_json("f", &j).unwrap_err();
        assert!(
            e.contains("resources[0].components[0].price_status.status"),
            "{e}"
        );
        let e = CostSide::from_json("f", &serde_json::json!({"a": 1})).unwrap_err();
        assert!(e.contains("not a `chkmate cost"), "{e}");
    }
}
