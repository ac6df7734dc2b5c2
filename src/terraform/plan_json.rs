//! Input from `terraform show -json PLANFILE`: planned values become the same
//! evaluated model the HCL evaluator produces, so every command reads either.
//!
//! Unknown attributes (listed in `resource_changes[].change.after_unknown`) are
//! Unknown values; sensitive ones (`sensitive_values`) are marked sensitive.

use super::model::{Attr, Body, InstanceKey, Mode, Model, NestedBlock, ProviderInfo, Resource};
use super::value::{Origin, OriginKind, Value};
use crate::source::{FileId, Span};
use serde_json::Value as J;
use std::collections::{BTreeMap, HashMap};

/// True when the JSON looks like `terraform show -json` output of a plan.
pub fn is_plan_json(j: &J) -> bool {
    j.get("format_version").is_some()
        && (j.get("planned_values").is_some() || j.get("resource_changes").is_some())
}

/// Which side of a plan to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanSide {
    /// `planned_values`: what the plan will create.
    Planned,
    /// `prior_state`: what exists before it is applied.
    Prior,
}

/// Loads the planned values of a plan JSON.
pub fn load_plan(text: &str, file: FileId, root_display: &str) -> Result<Model, String> {
    load_plan_side(text, file, root_display, PlanSide::Planned)
}

/// Loads one side (planned or prior) of a plan JSON.
pub fn load_plan_side(
    text: &str,
    file: FileId,
    root_display: &str,
    side: PlanSide,
) -> Result<Model, String> {
    let j: J = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    if !is_plan_json(&j) {
        return Err(
            "not a Terraform plan JSON (expected the output of `terraform show -json PLANFILE`)"
                .into(),
        );
    }
    let mut unknown: HashMap<String, J> = HashMap::new();
    if side == PlanSide::Planned {
        if let Some(changes) = j.get("resource_changes").and_then(|c| c.as_array()) {
            for c in changes {
                if let (Some(addr), Some(au)) = (
                    c.get("address").and_then(|a| a.as_str()),
                    c.pointer("/change/after_unknown"),
                ) {
                    unknown.insert(addr.to_string(), au.clone());
                }
            }
        }
    }
    let providers = provider_regions(&j);
    let config_providers = config_provider_keys(&j);
    let root = match side {
        PlanSide::Planned => j.pointer("/planned_values/root_module"),
        PlanSide::Prior => j.pointer("/prior_state/values/root_module"),
    };
    let mut model = Model::default();
    if let Some(root) = root {
        let ctx = Ctx {
            text,
            file,
            root_display,
            unknown: &unknown,
            providers: &providers,
            config_providers: &config_providers,
        };
        walk_module(root, &ctx, &mut model.resources, 0);
    }
    if let Some(outs) = j
        .pointer("/planned_values/outputs")
        .and_then(|o| o.as_object())
    {
        for (k, v) in outs {
            let mut val = v
                .get("value")
                .map(Value::from_json)
                .unwrap_or(Value::Unknown);
            if v.get("sensitive").and_then(|s| s.as_bool()) == Some(true) {
                val = val.mark_sensitive();
            }
            model.outputs.insert(k.clone(), val);
        }
    }
    Ok(model)
}

struct Ctx<'a> {
    text: &'a str,
    file: FileId,
    root_display: &'a str,
    unknown: &'a HashMap<String, J>,
    /// provider config key (`aws`, `aws.west`, `module.x:aws`) → info
    providers: &'a HashMap<String, ProviderInfo>,
    /// config address (`module.x.aws_s3_bucket.b`, no instance keys) → provider key
    config_providers: &'a HashMap<String, String>,
}

fn walk_module(m: &J, ctx: &Ctx<'_>, out: &mut Vec<Resource>, depth: usize) {
    if depth > 64 {
        return;
    }
    let module_address = m.get("address").and_then(|a| a.as_str()).unwrap_or("");
    if let Some(rs) = m.get("resources").and_then(|r| r.as_array()) {
        for r in rs {
            if let Some(res) = resource(r, module_address, ctx) {
                out.push(res);
            }
        }
    }
    if let Some(children) = m.get("child_modules").and_then(|c| c.as_array()) {
        for c in children {
            walk_module(c, ctx, out, depth + 1);
        }
    }
}

fn resource(r: &J, module_address: &str, ctx: &Ctx<'_>) -> Option<Resource> {
    let address = r.get("address")?.as_str()?.to_string();
    let mode = match r.get("mode").and_then(|m| m.as_str()) {
        Some("data") => Mode::Data,
        _ => Mode::Managed,
    };
    let rtype = r.get("type")?.as_str()?.to_string();
    let name = r.get("name")?.as_str()?.to_string();
    let index = match r.get("index") {
        Some(J::Number(n)) => n.as_i64().map(InstanceKey::Int),
        Some(J::String(s)) => Some(InstanceKey::Str(s.clone())),
        _ => None,
    };
    let empty = J::Object(Default::default());
    let values = r.get("values").unwrap_or(&empty);
    let sensitive = r.get("sensitive_values").unwrap_or(&empty);
    let unknown = ctx.unknown.get(&address).unwrap_or(&empty);
    let origin = Origin::new(
        if mode == Mode::Managed {
            OriginKind::Resource
        } else {
            OriginKind::Data
        },
        address.clone(),
    );
    let merged = merge_value(values, sensitive, unknown, &origin, 0);
    let span = find_span(ctx, &address);
    let body = match merged {
        Value::Map(m) => body_from_map(m, span, 0),
        _ => Body::default(),
    };
    let config_address = strip_keys(&address);
    let pkey = ctx.config_providers.get(&config_address).cloned();
    let local_name = rtype.split('_').next().unwrap_or("").to_string();
    // Resources the plan deletes are not in `configuration`: they used the
    // default configuration of their provider unless it says otherwise.
    let provider = pkey
        .as_ref()
        .and_then(|k| ctx.providers.get(k).cloned())
        .or_else(|| {
            pkey.is_none()
                .then(|| ctx.providers.get(&local_name).cloned())
                .flatten()
        })
        .unwrap_or_else(|| ProviderInfo {
            config: pkey
                .clone()
                .unwrap_or_else(|| rtype.split('_').next().unwrap_or("").to_string()),
            region: None,
            default_tags: None,
        });
    Some(Resource {
        root: ctx.root_display.to_string(),
        address,
        module_address: module_address.to_string(),
        mode,
        rtype,
        name,
        index,
        expansion_unknown: false,
        provider,
        body,
        span,
        module_chain: Vec::new(),
        unknown_paths: Vec::new(),
    })
}

/// Plan JSON writes nested blocks as lists of objects; they become nested blocks
/// again, so the model has the same shape as one evaluated from HCL (its
/// `values()` are unchanged).
fn body_from_map(m: BTreeMap<String, Value>, span: Option<Span>, depth: usize) -> Body {
    let mut body = Body::default();
    for (k, v) in m {
        let is_blocks = depth < 32
            && matches!(&v, Value::List(items)
                if !items.is_empty() && items.iter().all(|i| matches!(i, Value::Map(_))));
        if is_blocks {
            if let Value::List(items) = v {
                for item in items {
                    if let Value::Map(inner) = item {
                        body.blocks.push(NestedBlock {
                            kind: k.clone(),
                            labels: Vec::new(),
                            body: body_from_map(inner, span, depth + 1),
                            span,
                            dynamic: false,
                            expansion_unknown: false,
                        });
                    }
                }
            }
        } else {
            body.attrs.insert(k, Attr { value: v, span });
        }
    }
    body
}

fn find_span(ctx: &Ctx<'_>, address: &str) -> Option<Span> {
    let quoted = serde_json::to_string(address).ok()?;
    for pat in [
        format!("\"address\":{quoted}"),
        format!("\"address\": {quoted}"),
    ] {
        if let Some(pos) = ctx.text.find(&pat) {
            return Some(Span::new(ctx.file, pos..pos + pat.len()));
        }
    }
    None
}

/// `module.a["x"].aws_s3_bucket.b[0]` → `module.a.aws_s3_bucket.b`
fn strip_keys(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut depth = 0;
    let mut in_str = false;
    let mut prev_backslash = false;
    for c in address.chars() {
        if depth > 0 {
            if in_str {
                if c == '"' && !prev_backslash {
                    in_str = false;
                }
                prev_backslash = c == '\\' && !prev_backslash;
                continue;
            }
            match c {
                '"' => in_str = true,
                ']' => depth -= 1,
                _ => {}
            }
            continue;
        }
        if c == '[' {
            depth += 1;
            continue;
        }
        out.push(c);
    }
    out
}

/// Combines `values`, `sensitive_values` and `after_unknown` into one value.
fn merge_value(v: &J, sens: &J, unk: &J, origin: &Origin, depth: usize) -> Value {
    if depth > 128 {
        return Value::Unknown;
    }
    if unk == &J::Bool(true) {
        return Value::unknown_from(origin.clone());
    }
    let marked = |x: Value| {
        if sens == &J::Bool(true) {
            x.mark_sensitive()
        } else {
            x
        }
    };
    match v {
        J::Object(o) => {
            let mut m = BTreeMap::new();
            for (k, x) in o {
                let s = sens.get(k).unwrap_or(&J::Null);
                let u = unk.get(k).unwrap_or(&J::Null);
                m.insert(k.clone(), merge_value(x, s, u, origin, depth + 1));
            }
            // Unknown attributes are absent from values.
            if let J::Object(uo) = unk {
                for (k, u) in uo {
                    if !m.contains_key(k) && u == &J::Bool(true) {
                        m.insert(k.clone(), Value::unknown_from(origin.clone()));
                    }
                }
            }
            marked(Value::Map(m))
        }
        J::Array(a) => {
            let items = a
                .iter()
                .enumerate()
                .map(|(i, x)| {
                    let s = sens.get(i).unwrap_or(&J::Null);
                    let u = unk.get(i).unwrap_or(&J::Null);
                    merge_value(x, s, u, origin, depth + 1)
                })
                .collect();
            marked(Value::List(items))
        }
        other => marked(Value::from_json(other)),
    }
}

fn provider_regions(j: &J) -> HashMap<String, ProviderInfo> {
    let mut out = HashMap::new();
    if let Some(pc) = j
        .pointer("/configuration/provider_config")
        .and_then(|p| p.as_object())
    {
        for (key, cfg) in pc {
            let region = cfg
                .pointer("/expressions/region/constant_value")
                .map(Value::from_json)
                .or_else(|| {
                    cfg.pointer("/expressions/region/references")
                        .map(|_| Value::Unknown)
                });
            let default_tags = cfg
                .pointer("/expressions/default_tags/0/tags/constant_value")
                .map(Value::from_json);
            let config = match cfg.get("alias").and_then(|a| a.as_str()) {
                Some(a) => format!(
                    "{}.{a}",
                    cfg.get("name").and_then(|n| n.as_str()).unwrap_or("aws")
                ),
                None => cfg
                    .get("name")
                    .and_then(|n| n.as_str())
                    .unwrap_or("aws")
                    .to_string(),
            };
            out.insert(
                key.clone(),
                ProviderInfo {
                    config,
                    region,
                    default_tags,
                },
            );
        }
    }
    out
}

fn config_provider_keys(j: &J) -> HashMap<String, String> {
    let mut out = HashMap::new();
    if let Some(root) = j.pointer("/configuration/root_module") {
        walk_config(root, "", &mut out, 0);
    }
    out
}

fn walk_config(m: &J, prefix: &str, out: &mut HashMap<String, String>, depth: usize) {
    if depth > 64 {
        return;
    }
    if let Some(rs) = m.get("resources").and_then(|r| r.as_array()) {
        for r in rs {
            if let (Some(addr), Some(key)) = (
                r.get("address").and_then(|a| a.as_str()),
                r.get("provider_config_key").and_then(|a| a.as_str()),
            ) {
                let full = if prefix.is_empty() {
                    addr.to_string()
                } else {
                    format!("{prefix}.{addr}")
                };
                out.insert(full, key.to_string());
            }
        }
    }
    if let Some(calls) = m.get("module_calls").and_then(|c| c.as_object()) {
        for (name, call) in calls {
            let p = if prefix.is_empty() {
                format!("module.{name}")
            } else {
                format!("{prefix}.module.{name}")
            };
            if let Some(module) = call.get("module") {
                walk_config(module, &p, out, depth + 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_instance_keys() {
        assert_eq!(
            strip_keys(r#"module.a["x]y"].aws_s3_bucket.b[0]"#),
            "module.a.aws_s3_bucket.b"
        );
    }

    #[test]
    fn reads_planned_values_with_unknown_and_sensitive() {
        let plan = serde_json::json!({
            "format_version": "1.2",
            "planned_values": {"root_module": {"resources": [{
                "address": "aws_db_instance.db", "mode": "managed", "type": "aws_db_instance",
                "name": "db", "provider_name": "registry.terraform.io/hashicorp/aws",
                "values": {"engine": "mysql", "password": "hunter2"},
                "sensitive_values": {"password": true}
            }]}},
            "resource_changes": [{"address": "aws_db_instance.db", "change": {"after_unknown": {"id": true}}}],
            "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-west-1"}}}},
                "root_module": {"resources": [{"address": "aws_db_instance.db", "provider_config_key": "aws"}]}}
        });
        let m = load_plan(&plan.to_string(), 0, "plan.json").unwrap();
        let r = &m.resources[0];
        assert_eq!(r.provider.region_str(), Some("eu-west-1"));
        assert!(r.body.value("id").unwrap().is_unknown());
        assert!(r.body.value("password").unwrap().is_sensitive());
        assert_eq!(r.body.value("engine").unwrap().as_str(), Some("mysql"));
    }

    #[test]
    fn lists_of_objects_become_nested_blocks() {
        let plan = serde_json::json!({
            "format_version": "1.2",
            "planned_values": {"root_module": {"resources": [{
                "address": "aws_instance.a", "mode": "managed", "type": "aws_instance", "name": "a",
                "values": {"root_block_device": [{"volume_size": 20, "volume_type": "gp3"}], "tags": {"a": "b"}, "security_groups": []}
            }]}}
        });
        let m = load_plan(&plan.to_string(), 0, "plan.json").unwrap();
        let r = &m.resources[0];
        let rbd = r.body.blocks_of("root_block_device").next().expect("block");
        assert_eq!(rbd.body.value("volume_size"), Some(&Value::Number(20.0)));
        assert!(r.body.value("tags").is_some());
        assert_eq!(
            r.values()
                .get("root_block_device")
                .and_then(|v| v.as_list())
                .map(|l| l.len()),
            Some(1)
        );
    }
}
