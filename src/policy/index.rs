//! Indexes over a model, built once per audit run: resources by address and by
//! type, and companion resources by what they reference.
//!
//! Companion lookups ("an `aws_s3_bucket_versioning` whose `bucket` references
//! this bucket") must not scan the model per resource and policy: for every
//! (companion type, linking attribute) pair used by the loaded policies, the
//! companions are indexed once by the origins of their linking value and by its
//! known string value. Addresses are unique only within one root module, so
//! every key includes the resource's `root`.

use super::path::{resolve, AttrPath, Node, Reached};
use super::spec::{Condition, Policy, PolicyCheck, TypeRef};
use crate::terraform::{Mode, Model, OriginKind, Resource, Value};
use std::collections::{HashMap, HashSet};

type TypeKey = (bool, String);

fn type_key(mode: Mode, rtype: &str) -> TypeKey {
    (mode == Mode::Data, rtype.to_string())
}

/// Companions of one type, indexed by the value of one linking attribute.
#[derive(Default, Debug)]
pub struct LinkIndex {
    /// (root, referenced address) -> companions.
    by_origin: HashMap<(String, String), Vec<usize>>,
    /// (root, known string value) -> companions.
    by_name: HashMap<(String, String), Vec<usize>>,
    /// root -> companions whose link is unknown and carries no resource origin.
    undetermined: HashMap<String, Vec<usize>>,
}

/// Companions found for one resource.
#[derive(Debug, Default)]
pub struct Linked {
    /// Companions that certainly reference the resource (model indices, sorted).
    pub definite: Vec<usize>,
    /// Some companion may reference it, but its link is unknown.
    pub maybe: bool,
}

/// Indexes over one model.
#[derive(Debug)]
pub struct ModelIndex<'a> {
    pub model: &'a Model,
    by_addr: HashMap<(&'a str, &'a str), usize>,
    by_type: HashMap<TypeKey, Vec<usize>>,
    links: HashMap<(TypeKey, String), LinkIndex>,
}

/// Resource and data-source origins of a value (the objects it was derived from).
pub fn resource_origins(v: &Value) -> Vec<String> {
    v.origins()
        .into_iter()
        .filter(|o| matches!(o.kind, OriginKind::Resource | OriginKind::Data))
        .map(|o| o.address.to_string())
        .collect()
}

impl<'a> ModelIndex<'a> {
    /// Indexes the model for the given policies (their related-resource links).
    pub fn new(model: &'a Model, policies: &[Policy]) -> ModelIndex<'a> {
        let mut by_addr = HashMap::new();
        let mut by_type: HashMap<TypeKey, Vec<usize>> = HashMap::new();
        for (i, r) in model.resources.iter().enumerate() {
            by_addr.insert((r.root.as_str(), r.address.as_str()), i);
            by_type
                .entry(type_key(r.mode, &r.rtype))
                .or_default()
                .push(i);
        }
        let mut index = ModelIndex {
            model,
            by_addr,
            by_type,
            links: HashMap::new(),
        };
        let mut wanted: Vec<(TypeRef, AttrPath)> = Vec::new();
        let mut seen = HashSet::new();
        for p in policies {
            if let PolicyCheck::Declarative(c) = &p.check {
                c.visit(&mut |c| {
                    if let Condition::Related(r) = c {
                        let key = (type_key(r.rtype.mode, &r.rtype.rtype), r.via.to_string());
                        if seen.insert(key) {
                            wanted.push((r.rtype.clone(), r.via.clone()));
                        }
                    }
                });
            }
        }
        for (t, via) in wanted {
            index.add_links(&t, &via);
        }
        index
    }

    /// Indexes companions of type `t` by their `via` attribute (idempotent).
    pub fn add_links(&mut self, t: &TypeRef, via: &AttrPath) {
        let key = (type_key(t.mode, &t.rtype), via.to_string());
        if self.links.contains_key(&key) {
            return;
        }
        let mut li = LinkIndex::default();
        let model = self.model;
        for &i in self.by_type.get(&key.0).map(Vec::as_slice).unwrap_or(&[]) {
            let Some(r) = model.resources.get(i) else {
                continue;
            };
            let mut determined = false;
            let mut undetermined = false;
            for hit in resolve(Node::Body(&r.body), "", None, &via.segs) {
                match hit.reached {
                    Reached::Value(v) => {
                        let origins = resource_origins(v);
                        determined |= !origins.is_empty();
                        for o in origins {
                            li.by_origin.entry((r.root.clone(), o)).or_default().push(i);
                        }
                        let mut names = Vec::new();
                        collect_strings(v, &mut names);
                        if !names.is_empty() {
                            determined = true;
                        }
                        for n in names {
                            li.by_name.entry((r.root.clone(), n)).or_default().push(i);
                        }
                        if !v.is_fully_known() && !determined {
                            undetermined = true;
                        }
                    }
                    Reached::Unknown(v) => {
                        let origins = v.map(resource_origins).unwrap_or_default();
                        if origins.is_empty() {
                            undetermined = true;
                        }
                        for o in origins {
                            determined = true;
                            li.by_origin.entry((r.root.clone(), o)).or_default().push(i);
                        }
                    }
                    Reached::Absent | Reached::Body(_) => {}
                }
            }
            if undetermined && !determined {
                li.undetermined.entry(r.root.clone()).or_default().push(i);
            }
        }
        self.links.insert(key, li);
    }

    pub fn resources(&self) -> &'a [Resource] {
        &self.model.resources
    }

    pub fn get(&self, i: usize) -> Option<&'a Resource> {
        self.model.resources.get(i)
    }

    /// The resource with this address in this root.
    pub fn by_address(&self, root: &str, address: &str) -> Option<&'a Resource> {
        self.by_addr
            .get(&(root, address))
            .and_then(|&i| self.model.resources.get(i))
    }

    /// Every resource of a type in one root.
    pub fn of_type(&self, root: &str, t: &TypeRef) -> Vec<&'a Resource> {
        self.by_type
            .get(&type_key(t.mode, &t.rtype))
            .map(|v| {
                v.iter()
                    .filter_map(|&i| self.model.resources.get(i))
                    .filter(|r| r.root == root)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Companions of type `t` whose `via` references `target` (by origin, or by a
    /// known name equal to `name`).
    pub fn linked(
        &self,
        t: &TypeRef,
        via: &AttrPath,
        target: &Resource,
        name: Option<&str>,
    ) -> Linked {
        let key = (type_key(t.mode, &t.rtype), via.to_string());
        let Some(li) = self.links.get(&key) else {
            return Linked::default();
        };
        let root = target.root.clone();
        let mut definite: Vec<usize> = li
            .by_origin
            .get(&(root.clone(), target.address.clone()))
            .cloned()
            .unwrap_or_default();
        if let Some(n) = name {
            if let Some(v) = li.by_name.get(&(root.clone(), n.to_string())) {
                definite.extend(v.iter().copied());
            }
        }
        definite.sort_unstable();
        definite.dedup();
        let mut maybe = li.undetermined.get(&root).is_some_and(|v| !v.is_empty());
        if target.index.is_some() {
            // A reference to the whole collection (`aws_s3_bucket.b` when the
            // instance keys were unknown) may mean any instance.
            maybe |= li
                .by_origin
                .get(&(root, target.config_address()))
                .is_some_and(|v| !v.is_empty());
        }
        Linked { definite, maybe }
    }
}

fn collect_strings(v: &Value, out: &mut Vec<String>) {
    match v.unmarked() {
        Value::String(s) => out.push(s.clone()),
        Value::List(items) => items.iter().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}
