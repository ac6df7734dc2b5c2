//! Monthly savings of cost findings: what fixing a COST finding would save,
//! priced with the same estimator and catalog as `chkmate cost`.
//!
//! A saving is the difference between the resource as configured and the
//! resource as the finding proposes (both priced by [`estimate`]):
//!
//! - COST002 (io1/io2 → gp3): the volume as gp3 with the same size and IOPS
//!   (IOPS above gp3's included 3,000 billed; throughput at the included
//!   125 MiB/s).
//! - COST003 (Multi-AZ outside production): the RDS instance as Single-AZ.
//!   Multi-AZ DB clusters are not priced by the estimator: no saving.
//! - COST004 (Graviton) and COST006 (previous generation): the same resource
//!   with the equivalent type (`graviton_equivalent`,
//!   `current_generation_equivalent`). Launch templates and launch
//!   configurations are priced through the autoscaling groups, instances and
//!   node groups that use them.
//! - COST005 (gp2 → gp3): the volume as gp3 with the IOPS gp2 gave it (3 per
//!   GB, from 100 to 16,000; only above gp3's included 3,000 costs extra), the
//!   RDS instance with `storage_type = "gp3"`. A 500 GB gp2 volume in
//!   us-east-1 saves $10.00 a month.
//! - COST009 (idle load balancer), COST015 (unattached volume), COST016 (idle
//!   Elastic IP): the resource's whole monthly cost.
//!
//! Components that are the same on both sides cancel; usage-based components
//! whose usage is unknown are left out on both sides (the saving is the fixed
//! part). Whenever a fixed component on either side has no price (not in the
//! snapshot, region unknown, quantity known only after apply), or the proposed
//! change would cost more, the saving stays `None`: it is never guessed and
//! never shown as $0 unless the prices say so.
//!
//! Not computed: COST012 (log retention: the stored volume depends on
//! ingestion, which the configuration does not tell), COST001, COST010 and
//! COST011 (no deterministic change to price).

use super::catalog::PriceCatalog;
use super::estimate::{
    estimate, estimate_resource, estimate_variants, CostComponent, EstimateOptions, ResourceCost,
    ResourceStatus,
};
use super::usage::Usage;
use crate::finding::Finding;
use crate::policy::builtin::cost::{current_generation_equivalent, graviton_equivalent};
use crate::policy::path::{AttrPath, Seg};
use crate::terraform::{Attr, Body, Mode, Model, Resource, Value};
use std::collections::HashMap;

/// How a finding's saving is computed.
enum Plan {
    /// Price the resource changed by the edits; the saving is the difference.
    Change(Vec<(String, Value)>),
    /// The saving is the resource's whole monthly cost.
    Whole,
}

/// Sets `monthly_saving_usd` on the cost findings whose saving can be
/// computed (see the module documentation); leaves the others untouched.
pub fn fill_savings(
    findings: &mut [Finding],
    model: &Model,
    catalog: &PriceCatalog,
    usage: &Usage,
) {
    let opts = EstimateOptions::default();
    // Resolve each candidate finding to its resource and plan.
    let mut by_address: HashMap<&str, Vec<&Resource>> = HashMap::new();
    for r in model.resources.iter().filter(|r| r.mode == Mode::Managed) {
        by_address.entry(r.address.as_str()).or_default().push(r);
    }
    let mut work: Vec<(usize, &Resource, Plan)> = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        let Some(r) = resource_of(&by_address, f) else {
            continue;
        };
        if let Some(plan) = plan_for(f, r) {
            work.push((i, r, plan));
        }
    }
    if work.is_empty() {
        return;
    }
    // The model as configured, priced once.
    let original = estimate(model, catalog, usage, &opts);
    let mut by_resource: HashMap<*const Resource, &ResourceCost> = HashMap::new();
    let managed: Vec<&Resource> = model
        .resources
        .iter()
        .filter(|r| r.mode == Mode::Managed)
        .collect();
    for (r, cost) in managed.iter().zip(&original.resources) {
        by_resource.insert(*r as *const Resource, cost);
    }
    // Changed copies of directly priced resources, priced against the model as
    // it is (so their references still resolve), with one index for all.
    let mut variants: Vec<Resource> = Vec::new();
    let mut variant_of: Vec<(usize, usize)> = Vec::new(); // (work index, variant position)
    let mut template_work: Vec<usize> = Vec::new();
    for (w, (_, r, plan)) in work.iter().enumerate() {
        if let Plan::Change(edits) = plan {
            if is_template(r) {
                template_work.push(w);
                continue;
            }
            let mut copy = (*r).clone();
            if edits
                .iter()
                .all(|(p, v)| set_at(&mut copy.body, p, v.clone()))
            {
                variant_of.push((w, variants.len()));
                variants.push(copy);
            }
        }
    }
    let changed_costs: Vec<ResourceCost> = if variants.is_empty() {
        Vec::new()
    } else {
        estimate_variants(&variants, model, catalog, usage, &opts)
    };
    let mut savings: Vec<(usize, Option<f64>)> = Vec::new();
    for (k, (w, _)) in variant_of.iter().enumerate() {
        let (i, r, _) = &work[*w];
        let before = by_resource.get(&(*r as *const Resource)).copied();
        let saving = match (before, changed_costs.get(k)) {
            (Some(a), Some(b)) => difference(a, b),
            _ => None,
        };
        savings.push((*i, saving));
    }
    for w in template_work {
        let (i, r, plan) = &work[w];
        if let Plan::Change(edits) = plan {
            savings.push((
                *i,
                template_saving(model, r, edits, catalog, usage, &by_resource),
            ));
        }
    }
    for (i, r, plan) in &work {
        if let Plan::Whole = plan {
            let saving = by_resource
                .get(&(*r as *const Resource))
                .and_then(|c| whole_cost(c));
            savings.push((*i, saving));
        }
    }
    for (i, saving) in savings {
        if let Some(f) = findings.get_mut(i) {
            if saving.is_some() {
                f.monthly_saving_usd = saving;
            }
        }
    }
}

/// The resource a finding is about: by address, and by the finding's file when
/// several roots have the same address.
fn resource_of<'m>(
    by_address: &HashMap<&str, Vec<&'m Resource>>,
    f: &Finding,
) -> Option<&'m Resource> {
    let candidates: &[&Resource] = by_address
        .get(f.resource_address.as_str())
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    match candidates {
        [only] => Some(*only),
        [] => None,
        many => {
            let file = f.span.map(|s| s.file)?;
            let same: Vec<&&Resource> = many
                .iter()
                .filter(|r| r.span.is_some_and(|s| s.file == file))
                .collect();
            match same.as_slice() {
                [only] => Some(**only),
                _ => None,
            }
        }
    }
}

fn is_template(r: &Resource) -> bool {
    matches!(
        r.rtype.as_str(),
        "aws_launch_template" | "aws_launch_configuration"
    )
}

/// The change a finding proposes, or `None` when it has no priced saving.
fn plan_for(f: &Finding, r: &Resource) -> Option<Plan> {
    match f.policy_id.as_str() {
        "COST009" | "COST015" | "COST016" => Some(Plan::Whole),
        "COST003" => (r.rtype == "aws_db_instance")
            .then(|| Plan::Change(vec![("multi_az".into(), Value::Bool(false))])),
        "COST002" => volume_change(f, r, false),
        "COST005" => volume_change(f, r, true),
        "COST004" => class_change(f, r, graviton_equivalent),
        "COST006" => class_change(f, r, current_generation_equivalent),
        _ => None,
    }
}

/// Splits `a.b[0].c` into (`a.b[0]`, `c`).
fn split_last(path: &str) -> (String, String) {
    let Ok(p) = AttrPath::parse(path) else {
        return (String::new(), path.to_string());
    };
    let mut container = String::new();
    let n = p.segs.len();
    for (i, s) in p.segs.iter().enumerate() {
        if i + 1 == n {
            break;
        }
        match s {
            Seg::Key(k) => {
                if !container.is_empty() {
                    container.push('.');
                }
                container.push_str(k);
            }
            Seg::Index(x) => container.push_str(&format!("[{x}]")),
        }
    }
    let last = match p.segs.last() {
        Some(Seg::Key(k)) => k.clone(),
        Some(Seg::Index(x)) => x.to_string(),
        None => String::new(),
    };
    (container, last)
}

fn join(container: &str, attr: &str) -> String {
    if container.is_empty() {
        attr.to_string()
    } else {
        format!("{container}.{attr}")
    }
}

/// COST002/COST005: the volume at the finding's path as gp3.
fn volume_change(f: &Finding, r: &Resource, from_gp2: bool) -> Option<Plan> {
    let path = f.attribute_path.as_deref()?;
    let (container, _) = split_last(path);
    let (type_attr, size_attr) = match r.rtype.as_str() {
        "aws_ebs_volume" => ("type", "size"),
        "aws_db_instance" => ("storage_type", "allocated_storage"),
        _ => ("volume_type", "volume_size"),
    };
    let mut edits = vec![(join(&container, type_attr), Value::string("gp3"))];
    if from_gp2 && r.rtype != "aws_db_instance" {
        // Keep the IOPS gp2 gave the volume: 3 per GB, from 100 to 16,000.
        let size = value_at(&r.body, &join(&container, size_attr)).and_then(Value::as_f64);
        if let Some(gb) = size {
            let baseline = (gb * 3.0).clamp(100.0, 16_000.0);
            if baseline > 3_000.0 {
                edits.push((join(&container, "iops"), Value::Number(baseline)));
            }
        }
    }
    Some(Plan::Change(edits))
}

/// COST004/COST006: the type at the finding's path replaced by its equivalent.
fn class_change(f: &Finding, r: &Resource, equivalent: fn(&str) -> Option<String>) -> Option<Plan> {
    let path = f.attribute_path.as_deref()?;
    // Node groups are priced with their first instance type only.
    if r.rtype == "aws_eks_node_group" && path != "instance_types[0]" {
        return None;
    }
    let current = value_at(&r.body, path)?.as_str()?.to_string();
    let next = equivalent(&current)?;
    Some(Plan::Change(vec![(path.to_string(), Value::string(next))]))
}

/// The saving of a change to a launch template or configuration: summed over
/// the resources of the model that use it, priced with the changed template.
fn template_saving(
    model: &Model,
    template: &Resource,
    edits: &[(String, Value)],
    catalog: &PriceCatalog,
    usage: &Usage,
    before: &HashMap<*const Resource, &ResourceCost>,
) -> Option<f64> {
    let mut changed = template.clone();
    if !edits
        .iter()
        .all(|(p, v)| set_at(&mut changed.body, p, v.clone()))
    {
        return None;
    }
    let users: Vec<&Resource> = model
        .resources
        .iter()
        .filter(|r| r.mode == Mode::Managed && r.root == template.root)
        .filter(|r| {
            matches!(
                r.rtype.as_str(),
                "aws_autoscaling_group" | "aws_instance" | "aws_eks_node_group"
            )
        })
        .filter(|r| body_references(&r.body, template))
        .collect();
    if users.is_empty() {
        return None;
    }
    // Price the users against a small model: the template (as configured, then
    // changed) plus the users and everything they reference, so both sides see
    // the same context without copying or re-indexing the whole model.
    let referenced: std::collections::HashSet<String> =
        users.iter().flat_map(|u| body_origins(&u.body)).collect();
    let context: Vec<Resource> = model
        .resources
        .iter()
        .filter(|r| r.root == template.root && r.address != template.address)
        .filter(|r| {
            referenced.contains(&r.address)
                || referenced.contains(&r.config_address())
                || users.iter().any(|u| std::ptr::eq(*u, *r))
        })
        .cloned()
        .collect();
    let small = |t: &Resource| Model {
        resources: std::iter::once(t.clone())
            .chain(context.iter().cloned())
            .collect(),
        ..Model::default()
    };
    let (model_before, model_after) = (small(template), small(&changed));
    let _ = before;
    let opts = EstimateOptions::default();
    let mut total = 0.0;
    for u in users {
        let price = |m: &Model| {
            estimate_resource(
                u,
                m,
                catalog,
                usage.for_resource(&u.address, &u.rtype),
                &opts,
            )
        };
        let (a, b) = (price(&model_before), price(&model_after));
        total += difference_raw(&a, &b)?;
    }
    finish(total)
}

/// Whether any value in a body derives from the target resource.
/// Every address a body's values derive from.
fn body_origins(body: &Body) -> Vec<String> {
    let mut out: Vec<String> = body
        .attrs
        .values()
        .flat_map(|a| a.value.origins())
        .map(|o| o.address.to_string())
        .collect();
    for b in &body.blocks {
        out.extend(body_origins(&b.body));
    }
    out
}

fn body_references(body: &Body, target: &Resource) -> bool {
    let whole = target.config_address();
    body.attrs.values().any(|a| {
        a.value
            .origins()
            .iter()
            .any(|o| *o.address == *target.address || *o.address == *whole)
    }) || body.blocks.iter().any(|b| body_references(&b.body, target))
}

/// The known monthly cost of a resource when every fixed component is priced.
fn whole_cost(c: &ResourceCost) -> Option<f64> {
    match c.status {
        ResourceStatus::Free => return Some(0.0),
        ResourceStatus::Priced => {}
        ResourceStatus::Unsupported | ResourceStatus::ExpansionUnknown => return None,
    }
    let mut total = 0.0;
    for comp in &c.components {
        match comp.monthly_cost {
            Some(m) => total += m,
            None if comp.usage_based => {}
            None => return None,
        }
    }
    finish(total)
}

fn same_component(a: &CostComponent, b: &CostComponent) -> bool {
    a.name == b.name
        && a.unit == b.unit
        && a.quantity == b.quantity
        && a.monthly_cost == b.monthly_cost
        && a.usage_based == b.usage_based
        && a.unit_price.as_ref().map(|p| p.usd) == b.unit_price.as_ref().map(|p| p.usd)
}

/// `before − after` over the components that differ; `None` when a differing
/// fixed component has no monthly cost.
fn difference_raw(before: &ResourceCost, after: &ResourceCost) -> Option<f64> {
    if before.status != ResourceStatus::Priced || after.status != ResourceStatus::Priced {
        return None;
    }
    let mut rest: Vec<&CostComponent> = after.components.iter().collect();
    let mut only_before: Vec<&CostComponent> = Vec::new();
    for c in &before.components {
        match rest.iter().position(|x| same_component(c, x)) {
            Some(p) => {
                rest.remove(p);
            }
            None => only_before.push(c),
        }
    }
    let sum = |cs: &[&CostComponent]| -> Option<f64> {
        let mut total = 0.0;
        for c in cs {
            match c.monthly_cost {
                Some(m) => total += m,
                None if c.usage_based => {}
                None => return None,
            }
        }
        Some(total)
    };
    Some(sum(&only_before)? - sum(&rest)?)
}

fn difference(before: &ResourceCost, after: &ResourceCost) -> Option<f64> {
    finish(difference_raw(before, after)?)
}

/// Rounds to cents; a change that would cost more is no saving.
fn finish(usd: f64) -> Option<f64> {
    if !usd.is_finite() {
        return None;
    }
    let cents = (usd * 100.0).round() / 100.0;
    if cents < 0.0 {
        None
    } else {
        Some(cents.abs())
    }
}

/// The value at a path of a body (attributes, nested blocks, list and map values).
fn value_at<'a>(body: &'a Body, path: &str) -> Option<&'a Value> {
    let p = AttrPath::parse(path).ok()?;
    let mut segs = p.segs.iter().peekable();
    let mut body = body;
    loop {
        let Seg::Key(k) = segs.next()? else {
            return None;
        };
        if let Some(a) = body.attrs.get(k) {
            let mut v = &a.value;
            for s in segs {
                v = match (v.unmarked(), s) {
                    (Value::List(items), Seg::Index(i)) => items.get(*i)?,
                    (Value::Map(m), Seg::Key(k)) => m.get(k)?,
                    _ => return None,
                };
            }
            return Some(v);
        }
        let index = match segs.peek() {
            Some(Seg::Index(i)) => {
                let i = *i;
                segs.next();
                i
            }
            _ => 0,
        };
        body = &body.blocks.iter().filter(|b| &b.kind == k).nth(index)?.body;
    }
}

/// Sets the value at a path (creating the last attribute when its block
/// exists). Returns false when the path does not lead anywhere settable.
fn set_at(body: &mut Body, path: &str, value: Value) -> bool {
    let Ok(p) = AttrPath::parse(path) else {
        return false;
    };
    set_in_body(body, &p.segs, value)
}

fn set_in_body(body: &mut Body, segs: &[Seg], value: Value) -> bool {
    let Some((Seg::Key(k), rest)) = segs.split_first() else {
        return false;
    };
    if rest.is_empty() {
        match body.attrs.get_mut(k) {
            Some(a) => a.value = value,
            None => {
                body.attrs.insert(k.clone(), Attr { value, span: None });
            }
        }
        return true;
    }
    if let Some(a) = body.attrs.get_mut(k) {
        return set_in_value(&mut a.value, rest, value);
    }
    let (index, rest) = match rest.split_first() {
        Some((Seg::Index(i), r)) => (*i, r),
        _ => (0, rest),
    };
    match body.blocks.iter_mut().filter(|b| &b.kind == k).nth(index) {
        Some(b) => set_in_body(&mut b.body, rest, value),
        None => false,
    }
}

fn set_in_value(v: &mut Value, segs: &[Seg], value: Value) -> bool {
    let Some((first, rest)) = segs.split_first() else {
        *v = value;
        return true;
    };
    let inner = match v {
        Value::Marked(inner, _) => inner.as_mut(),
        other => other,
    };
    match (inner, first) {
        (Value::List(items), Seg::Index(i)) => match items.get_mut(*i) {
            Some(x) => set_in_value(x, rest, value),
            None => false,
        },
        (Value::Map(m), Seg::Key(k)) => match m.get_mut(k) {
            Some(x) => set_in_value(x, rest, value),
            None => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_of(attrs: Vec<(&str, Value)>) -> Body {
        let mut b = Body::default();
        for (k, v) in attrs {
            b.attrs.insert(
                k.into(),
                Attr {
                    value: v,
                    span: None,
                },
            );
        }
        b
    }

    #[test]
    fn paths_split_and_set() {
        assert_eq!(
            split_last("block_device_mappings[1].ebs[0].volume_type"),
            (
                "block_device_mappings[1].ebs[0]".to_string(),
                "volume_type".to_string()
            )
        );
        assert_eq!(split_last("type"), (String::new(), "type".to_string()));
        let mut b = body_of(vec![(
            "instance_types",
            Value::List(vec![Value::string("m5.large")]),
        )]);
        assert!(set_at(
            &mut b,
            "instance_types[0]",
            Value::string("m6g.large")
        ));
        assert_eq!(
            value_at(&b, "instance_types[0]").and_then(Value::as_str),
            Some("m6g.large")
        );
        assert!(!set_at(&mut b, "instance_types[3]", Value::string("x")));
        assert!(!set_at(&mut b, "missing_block[0].x", Value::Null));
        assert!(set_at(&mut b, "iops", Value::Number(6000.0)));
        assert_eq!(value_at(&b, "iops").and_then(Value::as_f64), Some(6000.0));
    }

    #[test]
    fn rounding_and_negative_changes() {
        assert_eq!(finish(10.000000000000007), Some(10.0));
        assert_eq!(finish(-0.001), Some(0.0));
        assert_eq!(finish(-1.0), None);
        assert_eq!(finish(f64::NAN), None);
    }
}
