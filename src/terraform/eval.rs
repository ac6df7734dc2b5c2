//! The evaluator: Terraform semantics over the lossless tree.
//!
//! Evaluation is lazy and memoised per module instance: a local, a resource, a
//! module call or an output is evaluated the first time something needs it, and a
//! cycle (something needing itself) becomes a diagnostic and an Unknown value.
//! References to resources produce the resource's configured values marked with the
//! resource instance's address, and computed attributes (`id`, `arn` ...) are
//! Unknown with the same mark, so policies can link companion resources.

use super::functions::{self, FnContext, FnError};
use super::model::{
    Attr, Body, Diagnostic, InstanceKey, Mode, ModuleStep, NestedBlock, ProviderInfo, Resource,
    UnresolvedModule,
};
use super::parse::{label_str, provider_ref, span_of, static_string, ItemRef, ModuleDef};
use super::types;
use super::value::{Marks, Origin, OriginKind, Value};
use crate::source::{FileId, Span};
use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::structure::{Block, Body as HclBody, Structure};
use hcl_edit::template::{Directive, Element, Template};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// How deep module calls may nest before the evaluator stops (recursive modules).
pub const MAX_MODULE_DEPTH: usize = 24;
/// How many instances one count/for_each may create before the evaluator stops.
pub const MAX_INSTANCES: usize = 100_000;
/// How deep expressions may nest (guards the stack against hostile input).
const MAX_EXPR_DEPTH: usize = 200;

/// An evaluation error: Terraform would reject the configuration here.
#[derive(Clone, Debug)]
pub struct EvalError {
    pub message: String,
    pub span: Option<Span>,
}

type EvalResult = Result<Value, EvalError>;

/// Something a module definition needs from the loader.
pub trait ModuleResolver {
    /// Loads (or returns the cached) module definition for a call. `key` is the
    /// module key as `terraform init` writes it in modules.json (`a.b`).
    fn resolve(&self, caller_dir: &Path, source: &str, key: &str) -> Result<usize, String>;
    fn def(&self, id: usize) -> &ModuleDef;
}

/// Local names bound while evaluating: count, each, for-expression and dynamic
/// iterator variables.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    parent: Option<&'a Scope<'a>>,
    binds: &'a Binds,
}

/// What one scope level binds.
#[derive(Clone, Debug, Default)]
pub struct Binds {
    pub count_index: Option<Value>,
    pub each: Option<(Value, Value)>,
    pub vars: Vec<(String, Value)>,
}

static NO_BINDS: Binds = Binds {
    count_index: None,
    each: None,
    vars: Vec::new(),
};

impl<'a> Scope<'a> {
    pub fn root() -> Scope<'static> {
        Scope {
            parent: None,
            binds: &NO_BINDS,
        }
    }

    fn child(&'a self, binds: &'a Binds) -> Scope<'a> {
        Scope {
            parent: Some(self),
            binds,
        }
    }

    fn var(&self, name: &str) -> Option<&Value> {
        let mut s = Some(self);
        while let Some(sc) = s {
            if let Some((_, v)) = sc.binds.vars.iter().rev().find(|(n, _)| n == name) {
                return Some(v);
            }
            s = sc.parent;
        }
        None
    }

    fn count_index(&self) -> Option<&Value> {
        let mut s = Some(self);
        while let Some(sc) = s {
            if let Some(v) = &sc.binds.count_index {
                return Some(v);
            }
            s = sc.parent;
        }
        None
    }

    fn each(&self) -> Option<&(Value, Value)> {
        let mut s = Some(self);
        while let Some(sc) = s {
            if let Some(v) = &sc.binds.each {
                return Some(v);
            }
            s = sc.parent;
        }
        None
    }
}

enum Slot<T> {
    InProgress,
    Done(T),
}

/// The evaluated instances of one resource block.
#[derive(Debug)]
struct ResourceEval {
    /// `None` key with `expansion_unknown` when count/for_each is unknown.
    instances: Vec<(Option<InstanceKey>, Body)>,
    expansion: Expansion,
}

#[derive(Clone, Debug, PartialEq)]
enum Expansion {
    Single,
    Count,
    ForEach,
    Unknown,
}

/// The evaluated instances of one module call.
#[derive(Debug, Clone)]
struct CallEval {
    expansion: Expansion,
    /// (key, child instance id)
    children: Vec<(Option<InstanceKey>, usize)>,
    /// The call could not be resolved: its outputs are Unknown.
    unresolved: bool,
}

/// One instance of a module: the root, or one key of a module call.
struct ModuleInst {
    def: usize,
    /// `module.a["x"].module.b`, empty for the root.
    address: String,
    /// modules.json key: `a.b`.
    key_path: String,
    depth: usize,
    chain: Vec<ModuleStep>,
    parent: Option<usize>,
    /// The module call in the parent: (parent def's call index, bindings of this
    /// instance's each/count).
    call: Option<(usize, Binds)>,
    /// Input values given directly (root module variables).
    root_inputs: Option<HashMap<String, Value>>,
    expansion_unknown: bool,
    /// Provider configurations visible here: local name (`aws`, `aws.west`) → id.
    providers: HashMap<String, usize>,
    vars: RefCell<HashMap<String, Slot<Value>>>,
    locals: RefCell<HashMap<String, Slot<Value>>>,
    resources: RefCell<HashMap<usize, Slot<Rc<ResourceEval>>>>,
    calls: RefCell<HashMap<usize, Slot<Rc<CallEval>>>>,
    outputs: RefCell<HashMap<String, Slot<Value>>>,
}

/// A provider configuration block (or an implicit empty one).
struct ProviderConf {
    /// Where it is defined; `None` for the implicit default configuration.
    defined_in: Option<(usize, ItemRef)>,
    local_name: String,
    info: RefCell<Option<ProviderInfo>>,
}

/// Settings of one evaluation.
pub struct EvalSettings {
    pub root_dir: PathBuf,
    pub cwd: PathBuf,
    pub workspace: String,
    pub root_display: String,
}

/// Evaluates one root module and everything below it.
pub struct Evaluator<'r> {
    resolver: &'r dyn ModuleResolver,
    settings: EvalSettings,
    insts: RefCell<Vec<Rc<ModuleInst>>>,
    providers: RefCell<Vec<Rc<ProviderConf>>>,
    diagnostics: RefCell<Vec<Diagnostic>>,
    unresolved: RefCell<Vec<UnresolvedModule>>,
    depth: std::cell::Cell<usize>,
}

/// What the evaluator produced.
pub struct EvalOutput {
    pub resources: Vec<Resource>,
    pub config_blocks: Vec<super::model::ConfigBlock>,
    pub diagnostics: Vec<Diagnostic>,
    pub unresolved: Vec<UnresolvedModule>,
    pub outputs: BTreeMap<String, Value>,
}

fn err(message: impl Into<String>, span: Option<Span>) -> EvalError {
    EvalError {
        message: message.into(),
        span,
    }
}

/// Meta-arguments of resource blocks that are not resource attributes.
const RESOURCE_META_ATTRS: &[&str] = &["count", "for_each", "provider", "depends_on"];
/// Attributes the AWS provider's schema declares sensitive (masked in every output).
pub const SENSITIVE_ATTRS: &[&str] = &[
    "password",
    "master_password",
    "secret_string",
    "secret_binary",
    "auth_token",
    "private_key",
    "secret",
    "token",
    "api_key",
    "secret_key",
    "access_key",
    "client_secret",
    "sensitive_content",
];
const RESOURCE_META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];
const MODULE_META_ATTRS: &[&str] = &[
    "source",
    "version",
    "count",
    "for_each",
    "providers",
    "depends_on",
];

impl<'r> Evaluator<'r> {
    pub fn new(resolver: &'r dyn ModuleResolver, settings: EvalSettings) -> Evaluator<'r> {
        Evaluator {
            resolver,
            settings,
            insts: RefCell::new(Vec::new()),
            providers: RefCell::new(Vec::new()),
            diagnostics: RefCell::new(Vec::new()),
            unresolved: RefCell::new(Vec::new()),
            depth: std::cell::Cell::new(0),
        }
    }

    fn def(&self, inst: &ModuleInst) -> &ModuleDef {
        self.resolver.def(inst.def)
    }

    fn inst(&self, id: usize) -> Rc<ModuleInst> {
        self.insts.borrow()[id].clone()
    }

    fn diag(&self, d: Diagnostic) {
        self.diagnostics.borrow_mut().push(d);
    }

    /// Evaluates the root module `def` with the given input variable values.
    pub fn run(self, root_def: usize, inputs: HashMap<String, Value>) -> EvalOutput {
        let root = ModuleInst {
            def: root_def,
            address: String::new(),
            key_path: String::new(),
            depth: 0,
            chain: Vec::new(),
            parent: None,
            call: None,
            root_inputs: Some(inputs),
            expansion_unknown: false,
            providers: HashMap::new(),
            vars: RefCell::default(),
            locals: RefCell::default(),
            resources: RefCell::default(),
            calls: RefCell::default(),
            outputs: RefCell::default(),
        };
        let root_id = self.add_instance(root);
        // Variables given for the root that it does not declare.
        {
            let inst = self.inst(root_id);
            let def = self.def(&inst);
            if let Some(inputs) = &inst.root_inputs {
                let mut names: Vec<&String> = inputs
                    .keys()
                    .filter(|k| !def.variables.contains_key(*k))
                    .collect();
                names.sort();
                for n in names {
                    self.diag(Diagnostic::warning(
                        "variable",
                        format!("a value was given for undeclared variable \"{n}\""),
                        None,
                    ));
                }
            }
        }
        self.evaluate_all(root_id);
        let inst = self.inst(root_id);
        let mut outputs = BTreeMap::new();
        let names: Vec<String> = self.def(&inst).outputs.keys().cloned().collect();
        for name in names {
            outputs.insert(name.clone(), self.output(root_id, &name));
        }
        let mut resources = Vec::new();
        self.collect(root_id, &mut resources);
        let config_blocks = self.config_blocks();
        let mut diagnostics = self.diagnostics.take();
        dedup_diagnostics(&mut diagnostics);
        EvalOutput {
            resources,
            config_blocks,
            diagnostics,
            unresolved: self.unresolved.take(),
            outputs,
        }
    }

    fn add_instance(&self, mut inst: ModuleInst) -> usize {
        // Provider configurations: inherit the parent's default (unaliased) ones,
        // then the module's own blocks, then the call's `providers = {}` map.
        let def = self.resolver.def(inst.def);
        let mut map: HashMap<String, usize> = HashMap::new();
        if let Some(pid) = inst.parent {
            let parent = self.inst(pid);
            for (k, v) in &parent.providers {
                if !k.contains('.') {
                    map.insert(k.clone(), *v);
                }
            }
            if let Some((call_idx, _)) = &inst.call {
                let pdef = self.def(&parent);
                if let Some(call) = pdef.module_calls.get(*call_idx) {
                    if let Some(block) = pdef.block(call.item) {
                        if let Some(attr) = block.body.get_attribute("providers") {
                            if let Expression::Object(obj) = &attr.value {
                                for (k, v) in obj.iter() {
                                    let child_name = match k {
                                        ObjectKey::Ident(i) => Some(i.as_str().to_string()),
                                        ObjectKey::Expression(e) => provider_ref(e),
                                    };
                                    let parent_name = provider_ref(v.expr());
                                    if let (Some(c), Some(p)) = (child_name, parent_name) {
                                        match parent.providers.get(&p) {
                                            Some(id) => {
                                                map.insert(c, *id);
                                            }
                                            None => self.diag(Diagnostic::warning(
                                                "provider",
                                                format!(
                                                    "module \"{}\" is passed provider \"{p}\", which is not configured",
                                                    call.name
                                                ),
                                                span_of(pdef.file_of(call.item), attr),
                                            )),
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let inst_id = self.insts.borrow().len();
        for p in &def.providers {
            let local_name = match &p.alias {
                Some(a) => format!("{}.{}", p.name, a),
                None => p.name.clone(),
            };
            let id = {
                let mut provs = self.providers.borrow_mut();
                provs.push(Rc::new(ProviderConf {
                    defined_in: Some((inst_id, p.item)),
                    local_name: local_name.clone(),
                    info: RefCell::new(None),
                }));
                provs.len() - 1
            };
            map.insert(local_name, id);
        }
        inst.providers = map;
        self.insts.borrow_mut().push(Rc::new(inst));
        inst_id
    }

    /// Variable defaults and provider blocks, once per module definition (in the
    /// first instance of it).
    fn config_blocks(&self) -> Vec<super::model::ConfigBlock> {
        use super::model::ConfigBlock;
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let n = self.insts.borrow().len();
        for inst_id in 0..n {
            let inst = self.inst(inst_id);
            if !seen.insert(inst.def) {
                continue;
            }
            let def = self.def(&inst);
            for (name, item) in &def.variables {
                let Some(block) = def.block(*item) else {
                    continue;
                };
                let file = def.file_of(*item);
                let Some(default) = block.body.get_attribute("default") else {
                    continue;
                };
                let mut body = Body::default();
                body.attrs.insert(
                    "default".to_string(),
                    Attr {
                        value: self.eval_top(inst_id, &default.value, &Scope::root(), file),
                        span: span_of(file, default),
                    },
                );
                out.push(ConfigBlock {
                    kind: "variable",
                    name: name.clone(),
                    module_address: inst.address.clone(),
                    root: self.settings.root_display.clone(),
                    body,
                    span: block_header_span(file, block),
                });
            }
            for p in &def.providers {
                let Some(block) = def.block(p.item) else {
                    continue;
                };
                let file = def.file_of(p.item);
                let body = self.eval_body(inst_id, &block.body, &Scope::root(), file, false);
                out.push(ConfigBlock {
                    kind: "provider",
                    name: match &p.alias {
                        Some(a) => format!("{}.{a}", p.name),
                        None => p.name.clone(),
                    },
                    module_address: inst.address.clone(),
                    root: self.settings.root_display.clone(),
                    body,
                    span: block_header_span(file, block),
                });
            }
        }
        out
    }

    /// Walks a module instance depth-first, collecting its resources.
    /// Phase 1: evaluates every resource, provider and module call below an
    /// instance, so that phase 2 can move the results out of the memo tables.
    fn evaluate_all(&self, inst_id: usize) {
        let inst = self.inst(inst_id);
        let def = self.def(&inst);
        for (ri, decl) in def.resources.iter().enumerate() {
            if let Some(block) = def.block(decl.item) {
                self.resource(inst_id, ri);
                self.provider_for(&inst, block, &decl.rtype, def.file_of(decl.item));
            }
        }
        for ci in 0..def.module_calls.len() {
            let call = self.module_call(inst_id, ci);
            for (_, child) in &call.children {
                self.evaluate_all(*child);
            }
        }
    }

    /// Walks a module instance depth-first, collecting its resources. Results
    /// are moved out of the memo tables (phase 1 evaluated everything).
    fn collect(&self, inst_id: usize, out: &mut Vec<Resource>) {
        let inst = self.inst(inst_id);
        let def = self.def(&inst);
        for (ri, decl) in def.resources.iter().enumerate() {
            let Some(block) = def.block(decl.item) else {
                continue;
            };
            let file = def.file_of(decl.item);
            let eval = self.resource(inst_id, ri);
            inst.resources.borrow_mut().remove(&ri);
            let eval = Rc::try_unwrap(eval).unwrap_or_else(|shared| ResourceEval {
                instances: shared.instances.clone(),
                expansion: shared.expansion.clone(),
            });
            let provider = self.provider_for(&inst, block, &decl.rtype, file);
            let base = match decl.mode {
                Mode::Managed => format!("{}.{}", decl.rtype, decl.name),
                Mode::Data => format!("data.{}.{}", decl.rtype, decl.name),
            };
            let expansion_unknown = eval.expansion == Expansion::Unknown || inst.expansion_unknown;
            let span = block_header_span(file, block);
            for (key, body) in eval.instances {
                let local = match &key {
                    Some(k) => format!("{base}{}", k.address_suffix()),
                    None => base.clone(),
                };
                let address = if inst.address.is_empty() {
                    local
                } else {
                    format!("{}.{}", inst.address, local)
                };
                out.push(Resource {
                    root: self.settings.root_display.clone(),
                    address,
                    module_address: inst.address.clone(),
                    mode: decl.mode,
                    rtype: decl.rtype.clone(),
                    name: decl.name.clone(),
                    index: key,
                    expansion_unknown,
                    provider: provider.clone(),
                    body,
                    span,
                    module_chain: inst.chain.clone(),
                    unknown_paths: Vec::new(),
                });
            }
        }
        let ncalls = def.module_calls.len();
        for ci in 0..ncalls {
            let call = self.module_call(inst_id, ci);
            for (_, child) in &call.children {
                self.collect(*child, out);
            }
        }
    }

    // ----- providers -------------------------------------------------------

    fn provider_for(
        &self,
        inst: &ModuleInst,
        block: &Block,
        rtype: &str,
        file: FileId,
    ) -> ProviderInfo {
        let local = block
            .body
            .get_attribute("provider")
            .and_then(|a| provider_ref(&a.value))
            .unwrap_or_else(|| rtype.split('_').next().unwrap_or(rtype).to_string());
        match inst.providers.get(&local) {
            Some(id) => self.provider_info(*id),
            None => {
                if local.contains('.') {
                    self.diag(Diagnostic::warning(
                        "provider",
                        format!("provider configuration \"{local}\" is not defined in this module"),
                        span_of(file, block),
                    ));
                }
                ProviderInfo {
                    config: local,
                    region: None,
                    default_tags: None,
                }
            }
        }
    }

    fn provider_info(&self, id: usize) -> ProviderInfo {
        let conf = self.providers.borrow()[id].clone();
        if let Some(info) = conf.info.borrow().as_ref() {
            return info.clone();
        }
        let mut info = ProviderInfo {
            config: conf.local_name.clone(),
            region: None,
            default_tags: None,
        };
        if let Some((inst_id, item)) = conf.defined_in {
            let inst = self.inst(inst_id);
            let def = self.def(&inst);
            if let Some(block) = def.block(item) {
                let file = def.file_of(item);
                let scope = Scope::root();
                if let Some(a) = block.body.get_attribute("region") {
                    info.region = Some(self.eval_top(inst_id, &a.value, &scope, file));
                }
                if let Some(dt) = block.body.get_blocks("default_tags").next() {
                    if let Some(a) = dt.body.get_attribute("tags") {
                        info.default_tags = Some(self.eval_top(inst_id, &a.value, &scope, file));
                    }
                }
            }
        }
        *conf.info.borrow_mut() = Some(info.clone());
        info
    }

    // ----- variables, locals, outputs ----------------------------------------

    /// Memoised evaluation with cycle detection. The first call computes under an
    /// in-progress marker; a call that finds the marker is a cycle: it reports
    /// `cycle()` (message, span) and yields `on_cycle`.
    fn memo<K, Q, T>(
        &self,
        table: &RefCell<HashMap<K, Slot<T>>>,
        key: &Q,
        cycle: impl FnOnce() -> (String, Option<Span>),
        on_cycle: T,
        compute: impl FnOnce() -> T,
    ) -> T
    where
        K: std::borrow::Borrow<Q> + Eq + std::hash::Hash,
        Q: ToOwned<Owned = K> + Eq + std::hash::Hash + ?Sized,
        T: Clone,
    {
        if let Some(slot) = table.borrow().get(key) {
            return match slot {
                Slot::Done(v) => v.clone(),
                Slot::InProgress => {
                    let (message, span) = cycle();
                    self.diag(Diagnostic::error("cycle", message, span));
                    on_cycle
                }
            };
        }
        table.borrow_mut().insert(key.to_owned(), Slot::InProgress);
        let v = compute();
        table
            .borrow_mut()
            .insert(key.to_owned(), Slot::Done(v.clone()));
        v
    }

    fn variable(&self, inst_id: usize, name: &str, span: Option<Span>) -> EvalResult {
        let inst = self.inst(inst_id);
        let Some(item) = self.def(&inst).variables.get(name).copied() else {
            return Err(err(
                format!("reference to undeclared input variable \"{name}\""),
                span,
            ));
        };
        Ok(self.memo(
            &inst.vars,
            name,
            || (format!("variable \"{name}\" depends on itself"), span),
            Value::Unknown,
            || self.compute_variable(&inst, inst_id, name, item),
        ))
    }

    fn compute_variable(
        &self,
        inst: &ModuleInst,
        inst_id: usize,
        name: &str,
        item: ItemRef,
    ) -> Value {
        let def = self.def(inst);
        let Some(block) = def.block(item) else {
            return Value::Unknown;
        };
        let file = def.file_of(item);
        let scope = Scope::root();
        let sensitive = block
            .body
            .get_attribute("sensitive")
            .map(|a| matches!(&a.value, Expression::Bool(b) if *b.value()))
            .unwrap_or(false);
        let nullable = block
            .body
            .get_attribute("nullable")
            .map(|a| !matches!(&a.value, Expression::Bool(b) if !*b.value()))
            .unwrap_or(true);
        let ty = block.body.get_attribute("type").and_then(|a| {
            let eval_default = |e: &Expression| self.eval_top(inst_id, e, &Scope::root(), file);
            match types::parse_type(&a.value, &eval_default) {
                Ok(t) => Some(t),
                Err(e) => {
                    self.diag(Diagnostic::warning(
                        "type",
                        format!("variable \"{name}\": invalid type: {e}"),
                        span_of(file, a),
                    ));
                    None
                }
            }
        });
        let default = block
            .body
            .get_attribute("default")
            .map(|a| self.eval_top(inst_id, &a.value, &scope, file));

        // The given value: root inputs, or the module call's argument.
        let mut given: Option<(Value, Option<Span>)> = None;
        if let Some(inputs) = &inst.root_inputs {
            if let Some(v) = inputs.get(name) {
                given = Some((v.clone(), None));
            }
        } else if let (Some(pid), Some((call_idx, binds))) = (inst.parent, &inst.call) {
            let parent = self.inst(pid);
            let pdef = self.def(&parent);
            if let Some(call) = pdef.module_calls.get(*call_idx) {
                if let Some(block) = pdef.block(call.item) {
                    if let Some(a) = block.body.get_attribute(name) {
                        let pfile = pdef.file_of(call.item);
                        let scope = Scope::root();
                        let cs = scope.child(binds);
                        let v = self.eval_top(pid, &a.value, &cs, pfile);
                        given = Some((v, span_of(pfile, &a.value)));
                    }
                }
            }
        }
        let mut value = match given {
            Some((v, _)) if v.is_null() && !nullable => default.clone().unwrap_or(Value::Null),
            Some((v, _)) => v,
            None => match default {
                Some(d) => d,
                None => {
                    if inst.root_inputs.is_some() {
                        self.diag(Diagnostic::warning(
                            "variable",
                            format!(
                                "no value for required variable \"{name}\": its value is unknown (give it with --var, --var-file or a tfvars file)"
                            ),
                            span_of(file, block),
                        ));
                    } else {
                        self.diag(Diagnostic::warning(
                            "variable",
                            format!(
                                "module \"{}\" has no value for required variable \"{name}\"",
                                inst.address
                            ),
                            span_of(file, block),
                        ));
                    }
                    Value::unknown_from(Origin::new(
                        OriginKind::Variable,
                        if inst.address.is_empty() {
                            format!("var.{name}")
                        } else {
                            format!("{}.var.{name}", inst.address)
                        },
                    ))
                }
            },
        };
        if let Some(ty) = &ty {
            match types::convert(value.clone(), ty) {
                Ok(v) => value = v,
                Err(e) => self.diag(Diagnostic::warning(
                    "type",
                    format!("variable \"{name}\": {e}"),
                    span_of(file, block),
                )),
            }
        }
        if sensitive {
            value = value.mark_sensitive();
        }
        value
    }

    fn local(&self, inst_id: usize, name: &str, span: Option<Span>) -> EvalResult {
        let inst = self.inst(inst_id);
        let def = self.def(&inst);
        let Some(r) = def.locals.get(name).copied() else {
            return Err(err(
                format!("reference to undeclared local value \"{name}\""),
                span,
            ));
        };
        Ok(self.memo(
            &inst.locals,
            name,
            || {
                (
                    format!("local value \"{name}\" depends on itself (a cycle between locals)"),
                    span,
                )
            },
            Value::Unknown,
            || match def.local(r) {
                Some(attr) => {
                    self.eval_top(inst_id, &attr.value, &Scope::root(), def.file_of(r.block))
                }
                None => Value::Unknown,
            },
        ))
    }

    fn output(&self, inst_id: usize, name: &str) -> Value {
        let inst = self.inst(inst_id);
        let def = self.def(&inst);
        let Some(item) = def.outputs.get(name).copied() else {
            return Value::Unknown;
        };
        let Some(block) = def.block(item) else {
            return Value::Unknown;
        };
        let file = def.file_of(item);
        self.memo(
            &inst.outputs,
            name,
            || {
                (
                    format!(
                        "output \"{name}\" of module \"{}\" depends on itself",
                        inst.address
                    ),
                    span_of(file, block),
                )
            },
            Value::Unknown,
            || {
                let v = match block.body.get_attribute("value") {
                    Some(a) => self.eval_top(inst_id, &a.value, &Scope::root(), file),
                    None => Value::Null,
                };
                let sensitive = block
                    .body
                    .get_attribute("sensitive")
                    .is_some_and(|a| matches!(&a.value, Expression::Bool(b) if *b.value()));
                if sensitive {
                    v.mark_sensitive()
                } else {
                    v
                }
            },
        )
    }

    // ----- resources ---------------------------------------------------------

    fn resource(&self, inst_id: usize, ri: usize) -> Rc<ResourceEval> {
        let inst = self.inst(inst_id);
        let def = self.def(&inst);
        self.memo(
            &inst.resources,
            &ri,
            || {
                let decl = &def.resources[ri];
                (
                    format!(
                        "{}.{} refers to itself (directly or through other values)",
                        decl.rtype, decl.name
                    ),
                    def.block(decl.item)
                        .and_then(|b| span_of(def.file_of(decl.item), b)),
                )
            },
            Rc::new(ResourceEval {
                instances: Vec::new(),
                expansion: Expansion::Unknown,
            }),
            || Rc::new(self.compute_resource(inst_id, &inst, ri)),
        )
    }

    fn compute_resource(&self, inst_id: usize, inst: &ModuleInst, ri: usize) -> ResourceEval {
        let def = self.def(inst);
        let decl = &def.resources[ri];
        let Some(block) = def.block(decl.item) else {
            return ResourceEval {
                instances: Vec::new(),
                expansion: Expansion::Single,
            };
        };
        let file = def.file_of(decl.item);
        let (expansion, keys) = self.expand(inst_id, &block.body, file);
        let mut instances = Vec::new();
        for (key, binds) in keys {
            let scope = Scope::root();
            let s = scope.child(&binds);
            let mut body = self.eval_body(inst_id, &block.body, &s, file, true);
            if decl.mode == Mode::Data && decl.rtype == "aws_iam_policy_document" {
                let json = super::iam_doc::render_policy_document(&body);
                body.attrs.insert(
                    "json".to_string(),
                    Attr {
                        value: json,
                        span: span_of(file, block),
                    },
                );
            }
            instances.push((key, body));
        }
        ResourceEval {
            instances,
            expansion,
        }
    }

    /// Evaluates count / for_each of a resource or module call block.
    fn expand(
        &self,
        inst_id: usize,
        body: &HclBody,
        file: FileId,
    ) -> (Expansion, Vec<(Option<InstanceKey>, Binds)>) {
        let scope = Scope::root();
        if let Some(a) = body.get_attribute("count") {
            let v = self.eval_top(inst_id, &a.value, &scope, file);
            if !v.is_fully_known() {
                return (
                    Expansion::Unknown,
                    vec![(
                        None,
                        Binds {
                            count_index: Some(Value::Unknown),
                            ..Binds::default()
                        },
                    )],
                );
            }
            let n = match v.as_f64() {
                Some(n) if n >= 0.0 && n.fract() == 0.0 => n as usize,
                _ => {
                    self.diag(Diagnostic::error(
                        "count",
                        format!("invalid count value {v}: must be a whole number ≥ 0"),
                        span_of(file, &a.value),
                    ));
                    return (Expansion::Count, Vec::new());
                }
            };
            if n > MAX_INSTANCES {
                self.diag(Diagnostic::error(
                    "count",
                    format!("count = {n} is more than chkmate expands ({MAX_INSTANCES})"),
                    span_of(file, &a.value),
                ));
                return (Expansion::Unknown, vec![(None, Binds::default())]);
            }
            let keys = (0..n)
                .map(|i| {
                    (
                        Some(InstanceKey::Int(i as i64)),
                        Binds {
                            count_index: Some(Value::Number(i as f64)),
                            ..Binds::default()
                        },
                    )
                })
                .collect();
            return (Expansion::Count, keys);
        }
        if let Some(a) = body.get_attribute("for_each") {
            let v = self.eval_top(inst_id, &a.value, &scope, file);
            let unknown = || {
                (
                    Expansion::Unknown,
                    vec![(
                        None,
                        Binds {
                            each: Some((Value::Unknown, Value::Unknown)),
                            ..Binds::default()
                        },
                    )],
                )
            };
            let (plain, marks) = v.into_parts();
            match plain {
                Value::Unknown => return unknown(),
                Value::Map(m) => {
                    if m.len() > MAX_INSTANCES {
                        return unknown();
                    }
                    let keys = m
                        .into_iter()
                        .map(|(k, val)| {
                            (
                                Some(InstanceKey::Str(k.clone())),
                                Binds {
                                    each: Some((Value::String(k), val.with_marks(marks.clone()))),
                                    ..Binds::default()
                                },
                            )
                        })
                        .collect();
                    return (Expansion::ForEach, keys);
                }
                Value::List(items) => {
                    if items.iter().any(|i| !i.is_fully_known()) {
                        return unknown();
                    }
                    let mut keys: Vec<String> = Vec::new();
                    for i in &items {
                        match i.to_tf_string() {
                            Some(s) if !i.is_null() => keys.push(s),
                            _ => {
                                self.diag(Diagnostic::error(
                                    "for_each",
                                    "for_each over a set must hold only strings".to_string(),
                                    span_of(file, &a.value),
                                ));
                                return (Expansion::ForEach, Vec::new());
                            }
                        }
                    }
                    keys.sort();
                    keys.dedup();
                    let out = keys
                        .into_iter()
                        .map(|k| {
                            (
                                Some(InstanceKey::Str(k.clone())),
                                Binds {
                                    each: Some((
                                        Value::String(k.clone()),
                                        Value::String(k).with_marks(marks.clone()),
                                    )),
                                    ..Binds::default()
                                },
                            )
                        })
                        .collect();
                    return (Expansion::ForEach, out);
                }
                Value::Null => {
                    self.diag(Diagnostic::error(
                        "for_each",
                        "for_each is null: it must be a map or a set of strings".to_string(),
                        span_of(file, &a.value),
                    ));
                    return (Expansion::ForEach, Vec::new());
                }
                other => {
                    self.diag(Diagnostic::error(
                        "for_each",
                        format!(
                            "for_each must be a map or a set of strings, not a {}",
                            other.type_name()
                        ),
                        span_of(file, &a.value),
                    ));
                    return (Expansion::ForEach, Vec::new());
                }
            }
        }
        (Expansion::Single, vec![(None, Binds::default())])
    }

    /// Evaluates a block body into attributes and nested blocks. `resource_level`
    /// skips meta-arguments.
    fn eval_body(
        &self,
        inst_id: usize,
        body: &HclBody,
        scope: &Scope<'_>,
        file: FileId,
        resource_level: bool,
    ) -> Body {
        let mut out = Body::default();
        for st in body.iter() {
            match st {
                Structure::Attribute(a) => {
                    let key = a.key.as_str();
                    if resource_level && RESOURCE_META_ATTRS.contains(&key) {
                        continue;
                    }
                    let mut v = self.eval_top(inst_id, &a.value, scope, file);
                    if SENSITIVE_ATTRS.contains(&key) && !v.is_null() {
                        // The AWS provider schema marks these sensitive; so do we.
                        v = v.mark_sensitive();
                    }
                    out.attrs.insert(
                        key.to_string(),
                        Attr {
                            value: v,
                            span: span_of(file, a),
                        },
                    );
                }
                Structure::Block(b) => {
                    let kind = b.ident.as_str();
                    if resource_level && RESOURCE_META_BLOCKS.contains(&kind) {
                        continue;
                    }
                    if kind == "dynamic" {
                        self.expand_dynamic(inst_id, b, scope, file, &mut out.blocks);
                        continue;
                    }
                    let inner = self.eval_body(inst_id, &b.body, scope, file, false);
                    out.blocks.push(NestedBlock {
                        kind: kind.to_string(),
                        labels: b.labels.iter().map(|l| label_str(l).to_string()).collect(),
                        body: inner,
                        span: block_header_span(file, b),
                        dynamic: false,
                        expansion_unknown: false,
                    });
                }
            }
        }
        out
    }

    fn expand_dynamic(
        &self,
        inst_id: usize,
        b: &Block,
        scope: &Scope<'_>,
        file: FileId,
        out: &mut Vec<NestedBlock>,
    ) {
        let Some(kind) = b.labels.first().map(|l| label_str(l).to_string()) else {
            self.diag(Diagnostic::error(
                "dynamic",
                "a dynamic block needs a label: the type of block it generates",
                span_of(file, b),
            ));
            return;
        };
        let iterator = b
            .body
            .get_attribute("iterator")
            .and_then(|a| static_string(&a.value))
            .unwrap_or_else(|| kind.clone());
        let Some(content) = b.body.get_blocks("content").next() else {
            self.diag(Diagnostic::error(
                "dynamic",
                format!("dynamic \"{kind}\" has no content block"),
                span_of(file, b),
            ));
            return;
        };
        let for_each = match b.body.get_attribute("for_each") {
            Some(a) => self.eval_top(inst_id, &a.value, scope, file),
            None => {
                self.diag(Diagnostic::error(
                    "dynamic",
                    format!("dynamic \"{kind}\" has no for_each"),
                    span_of(file, b),
                ));
                return;
            }
        };
        let (plain, marks) = for_each.into_parts();
        let items: Vec<(Value, Value)> = match plain {
            Value::List(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (Value::Number(i as f64), v))
                .collect(),
            Value::Map(m) => m.into_iter().map(|(k, v)| (Value::String(k), v)).collect(),
            Value::Null => Vec::new(),
            Value::Unknown => {
                let mut obj = BTreeMap::new();
                obj.insert("key".to_string(), Value::Unknown);
                obj.insert("value".to_string(), Value::Unknown);
                let binds = Binds {
                    vars: vec![(iterator.clone(), Value::Map(obj).with_marks(marks.clone()))],
                    ..Binds::default()
                };
                let s = scope.child(&binds);
                let body = self.eval_body(inst_id, &content.body, &s, file, false);
                out.push(NestedBlock {
                    kind,
                    labels: Vec::new(),
                    body,
                    span: block_header_span(file, b),
                    dynamic: true,
                    expansion_unknown: true,
                });
                return;
            }
            other => {
                self.diag(Diagnostic::error(
                    "dynamic",
                    format!(
                        "dynamic \"{kind}\": for_each must be a collection, not a {}",
                        other.type_name()
                    ),
                    span_of(file, b),
                ));
                return;
            }
        };
        let labels_expr = b.body.get_attribute("labels");
        for (k, v) in items {
            let mut obj = BTreeMap::new();
            obj.insert("key".to_string(), k);
            obj.insert("value".to_string(), v);
            let binds = Binds {
                vars: vec![(iterator.clone(), Value::Map(obj).with_marks(marks.clone()))],
                ..Binds::default()
            };
            let s = scope.child(&binds);
            let labels = labels_expr
                .map(|a| {
                    self.eval_top(inst_id, &a.value, &s, file)
                        .as_list()
                        .map(|l| l.iter().filter_map(|x| x.to_tf_string()).collect())
                        .unwrap_or_default()
                })
                .unwrap_or_default();
            let body = self.eval_body(inst_id, &content.body, &s, file, false);
            out.push(NestedBlock {
                kind: kind.clone(),
                labels,
                body,
                span: block_header_span(file, content).or_else(|| block_header_span(file, b)),
                dynamic: true,
                expansion_unknown: false,
            });
        }
    }

    // ----- module calls ------------------------------------------------------

    fn module_call(&self, inst_id: usize, ci: usize) -> Rc<CallEval> {
        let inst = self.inst(inst_id);
        let def = self.def(&inst);
        self.memo(
            &inst.calls,
            &ci,
            || {
                let call = &def.module_calls[ci];
                (
                    format!("module \"{}\" depends on its own outputs", call.name),
                    def.block(call.item)
                        .and_then(|b| span_of(def.file_of(call.item), b)),
                )
            },
            Rc::new(CallEval {
                expansion: Expansion::Unknown,
                children: Vec::new(),
                unresolved: true,
            }),
            || Rc::new(self.compute_call(inst_id, &inst, ci)),
        )
    }

    fn compute_call(&self, inst_id: usize, inst: &ModuleInst, ci: usize) -> CallEval {
        let def = self.def(inst);
        let call = &def.module_calls[ci];
        let unresolved = CallEval {
            expansion: Expansion::Single,
            children: Vec::new(),
            unresolved: true,
        };
        let Some(block) = def.block(call.item) else {
            return unresolved;
        };
        let file = def.file_of(call.item);
        let call_address = if inst.address.is_empty() {
            format!("module.{}", call.name)
        } else {
            format!("{}.module.{}", inst.address, call.name)
        };
        let Some(source) = block
            .body
            .get_attribute("source")
            .and_then(|a| static_string(&a.value))
        else {
            self.diag(Diagnostic::error(
                "module",
                format!("module \"{}\" has no literal source", call.name),
                span_of(file, block),
            ));
            return unresolved;
        };
        if inst.depth + 1 > MAX_MODULE_DEPTH {
            self.diag(Diagnostic::error(
                "module",
                format!(
                    "module \"{}\" is nested more than {MAX_MODULE_DEPTH} levels deep (a recursive module?); not expanded further",
                    call.name
                ),
                span_of(file, block),
            ));
            return unresolved;
        }
        let key_path = if inst.key_path.is_empty() {
            call.name.clone()
        } else {
            format!("{}.{}", inst.key_path, call.name)
        };
        let child_def = match self.resolver.resolve(&def.dir, &source, &key_path) {
            Ok(id) => id,
            Err(reason) => {
                self.unresolved.borrow_mut().push(UnresolvedModule {
                    address: call_address,
                    source: source.clone(),
                    reason,
                    span: span_of(file, block),
                });
                return unresolved;
            }
        };
        let (expansion, keys) = self.expand(inst_id, &block.body, file);
        // Arguments the child does not declare.
        {
            let cdef = self.resolver.def(child_def);
            for a in block.body.attributes() {
                let k = a.key.as_str();
                if !MODULE_META_ATTRS.contains(&k) && !cdef.variables.contains_key(k) {
                    self.diag(Diagnostic::warning(
                        "module",
                        format!(
                            "module \"{}\" ({source}) has no variable \"{k}\"",
                            call.name
                        ),
                        span_of(file, a),
                    ));
                }
            }
        }
        let mut children = Vec::new();
        for (key, binds) in keys {
            let address = match &key {
                Some(k) => format!("{call_address}{}", k.address_suffix()),
                None => call_address.clone(),
            };
            let mut chain = inst.chain.clone();
            chain.push(ModuleStep {
                address: address.clone(),
                source: source.clone(),
                span: span_of(file, block),
            });
            let child = ModuleInst {
                def: child_def,
                address,
                key_path: key_path.clone(),
                depth: inst.depth + 1,
                chain,
                parent: Some(inst_id),
                call: Some((ci, binds)),
                root_inputs: None,
                expansion_unknown: inst.expansion_unknown || expansion == Expansion::Unknown,
                providers: HashMap::new(),
                vars: RefCell::default(),
                locals: RefCell::default(),
                resources: RefCell::default(),
                calls: RefCell::default(),
                outputs: RefCell::default(),
            };
            let id = self.add_instance(child);
            children.push((key, id));
        }
        CallEval {
            expansion,
            children,
            unresolved: false,
        }
    }

    /// The value of `module.NAME`: an object of outputs (or a list/map of them).
    fn module_value(&self, inst_id: usize, name: &str, span: Option<Span>) -> EvalResult {
        let inst = self.inst(inst_id);
        let def = self.def(&inst);
        let Some(ci) = def.module_calls.iter().position(|c| c.name == name) else {
            return Err(err(
                format!("reference to undeclared module \"{name}\""),
                span,
            ));
        };
        let call = self.module_call(inst_id, ci);
        let origin = || {
            Origin::new(
                OriginKind::Other,
                if inst.address.is_empty() {
                    format!("module.{name}")
                } else {
                    format!("{}.module.{name}", inst.address)
                },
            )
        };
        if call.unresolved || call.expansion == Expansion::Unknown {
            return Ok(Value::unknown_from(origin()));
        }
        let outputs_of = |child: usize| -> Value {
            let c = self.inst(child);
            let names: Vec<String> = self.def(&c).outputs.keys().cloned().collect();
            let mut m = BTreeMap::new();
            for n in names {
                m.insert(n.clone(), self.output(child, &n));
            }
            Value::Map(m)
        };
        Ok(match call.expansion {
            Expansion::Single => match call.children.first() {
                Some((_, c)) => outputs_of(*c),
                None => Value::unknown_from(origin()),
            },
            Expansion::Count => {
                Value::List(call.children.iter().map(|(_, c)| outputs_of(*c)).collect())
            }
            Expansion::ForEach => Value::Map(
                call.children
                    .iter()
                    .filter_map(|(k, c)| match k {
                        Some(InstanceKey::Str(s)) => Some((s.clone(), outputs_of(*c))),
                        _ => None,
                    })
                    .collect(),
            ),
            Expansion::Unknown => Value::unknown_from(origin()),
        })
    }

    /// The value of a resource reference `TYPE.NAME` / `data.TYPE.NAME`.
    fn resource_value(
        &self,
        inst_id: usize,
        mode: Mode,
        rtype: &str,
        name: &str,
        span: Option<Span>,
    ) -> EvalResult {
        let inst = self.inst(inst_id);
        let def = self.def(&inst);
        let Some(ri) = def
            .resources
            .iter()
            .position(|r| r.mode == mode && r.rtype == rtype && r.name == name)
        else {
            let what = match mode {
                Mode::Managed => format!("{rtype}.{name}"),
                Mode::Data => format!("data.{rtype}.{name}"),
            };
            return Err(err(
                format!("reference to undeclared resource \"{what}\""),
                span,
            ));
        };
        let eval = self.resource(inst_id, ri);
        let base = match mode {
            Mode::Managed => format!("{rtype}.{name}"),
            Mode::Data => format!("data.{rtype}.{name}"),
        };
        let prefix = if inst.address.is_empty() {
            String::new()
        } else {
            format!("{}.", inst.address)
        };
        let kind = match mode {
            Mode::Managed => OriginKind::Resource,
            Mode::Data => OriginKind::Data,
        };
        let instance_value = |key: &Option<InstanceKey>, body: &Body| -> Value {
            let addr = match key {
                Some(k) => format!("{prefix}{base}{}", k.address_suffix()),
                None => format!("{prefix}{base}"),
            };
            let origin = Origin::new(kind, addr);
            if mode == Mode::Data && rtype != "aws_iam_policy_document" {
                // Data sources are read at plan time from AWS: only their
                // arguments are known here; every attribute they return is not.
                return Value::unknown_from(origin);
            }
            body.to_value().with_marks(Marks::origin(origin))
        };
        Ok(match eval.expansion {
            Expansion::Single => match eval.instances.first() {
                Some((k, b)) => instance_value(k, b),
                None => Value::Unknown,
            },
            Expansion::Count => Value::List(
                eval.instances
                    .iter()
                    .map(|(k, b)| instance_value(k, b))
                    .collect(),
            ),
            Expansion::ForEach => Value::Map(
                eval.instances
                    .iter()
                    .filter_map(|(k, b)| match k {
                        Some(InstanceKey::Str(s)) => Some((s.clone(), instance_value(k, b))),
                        _ => None,
                    })
                    .collect(),
            ),
            Expansion::Unknown => Value::unknown_from(Origin::new(kind, format!("{prefix}{base}"))),
        })
    }

    // ----- expressions -------------------------------------------------------

    /// Evaluates an expression where an error becomes a diagnostic and Unknown.
    pub fn eval_top(
        &self,
        inst_id: usize,
        e: &Expression,
        scope: &Scope<'_>,
        file: FileId,
    ) -> Value {
        match self.eval(inst_id, e, scope, file) {
            Ok(v) => v,
            Err(e) => {
                self.diag(Diagnostic::warning("eval", e.message, e.span));
                Value::Unknown
            }
        }
    }

    fn eval(&self, inst_id: usize, e: &Expression, scope: &Scope<'_>, file: FileId) -> EvalResult {
        let depth = self.depth.get();
        if depth > MAX_EXPR_DEPTH {
            return Err(err("expression nested too deeply", span_of(file, e)));
        }
        self.depth.set(depth + 1);
        let r = self.eval_inner(inst_id, e, scope, file);
        self.depth.set(depth);
        r
    }

    fn eval_inner(
        &self,
        inst_id: usize,
        e: &Expression,
        scope: &Scope<'_>,
        file: FileId,
    ) -> EvalResult {
        match e {
            Expression::Null(_) => Ok(Value::Null),
            Expression::Bool(b) => Ok(Value::Bool(*b.value())),
            Expression::Number(n) => Ok(Value::Number(n.value().as_f64().unwrap_or(f64::NAN))),
            Expression::String(s) => Ok(Value::String(s.value().to_string())),
            Expression::Array(a) => {
                let mut items = Vec::with_capacity(a.len());
                for item in a.iter() {
                    items.push(self.eval(inst_id, item, scope, file)?);
                }
                Ok(Value::List(items))
            }
            Expression::Object(o) => {
                let mut map = BTreeMap::new();
                let mut marks = Marks::default();
                let mut unknown_key = false;
                for (k, v) in o.iter() {
                    let key = match k {
                        ObjectKey::Ident(i) => Value::String(i.as_str().to_string()),
                        ObjectKey::Expression(Expression::Variable(i)) => {
                            Value::String(i.as_str().to_string())
                        }
                        ObjectKey::Expression(ke) => self.eval(inst_id, ke, scope, file)?,
                    };
                    let (key, km) = key.into_parts();
                    marks.merge(&km);
                    let key = match key {
                        Value::Unknown => {
                            unknown_key = true;
                            continue;
                        }
                        other => match other.to_tf_string() {
                            Some(s) => s,
                            None => {
                                return Err(err(
                                    format!(
                                        "object key must be a string, not {}",
                                        other.type_name()
                                    ),
                                    span_of(file, v.expr()),
                                ))
                            }
                        },
                    };
                    let val = self.eval(inst_id, v.expr(), scope, file)?;
                    map.insert(key, val);
                }
                if unknown_key {
                    return Ok(Value::Unknown.with_marks(marks));
                }
                Ok(Value::Map(map).with_marks(marks))
            }
            Expression::StringTemplate(t) => {
                let tpl: Vec<&Element> = t.iter().collect();
                self.eval_template(inst_id, &tpl, scope, file, true)
            }
            Expression::HeredocTemplate(h) => {
                let tpl: Vec<&Element> = h.template.iter().collect();
                self.eval_template(inst_id, &tpl, scope, file, false)
            }
            Expression::Parenthesis(p) => self.eval(inst_id, p.inner(), scope, file),
            Expression::Variable(v) => self
                .eval_root_name(inst_id, v.as_str(), &[], scope, span_of(file, e))
                .map(|(v, _)| v),
            Expression::Traversal(t) => self.eval_traversal(inst_id, t, scope, file),
            Expression::Conditional(c) => {
                let cond = self.eval(inst_id, &c.cond_expr, scope, file)?;
                let (cond, marks) = cond.into_parts();
                match cond {
                    Value::Unknown => Ok(Value::Unknown.with_marks(marks)),
                    other => {
                        let b = other.as_bool().ok_or_else(|| {
                            err(
                                format!("condition must be a bool, not {}", other.type_name()),
                                span_of(file, &c.cond_expr),
                            )
                        })?;
                        let chosen = if b { &c.true_expr } else { &c.false_expr };
                        Ok(self.eval(inst_id, chosen, scope, file)?.with_marks(marks))
                    }
                }
            }
            Expression::FuncCall(f) => self.eval_call(inst_id, f, scope, file),
            Expression::UnaryOp(u) => {
                let v = self.eval(inst_id, &u.expr, scope, file)?;
                let (v, marks) = v.into_parts();
                let r = match (u.operator.value(), v) {
                    (_, Value::Unknown) => Value::Unknown,
                    (UnaryOperator::Not, v) => match v.as_bool() {
                        Some(b) => Value::Bool(!b),
                        None => {
                            return Err(err(
                                format!("! needs a bool, not {}", v.type_name()),
                                span_of(file, e),
                            ))
                        }
                    },
                    (UnaryOperator::Neg, v) => match v.as_f64() {
                        Some(n) => Value::Number(-n),
                        None => {
                            return Err(err(
                                format!("- needs a number, not {}", v.type_name()),
                                span_of(file, e),
                            ))
                        }
                    },
                };
                Ok(r.with_marks(marks))
            }
            Expression::BinaryOp(b) => {
                let l = self.eval(inst_id, &b.lhs_expr, scope, file)?;
                let r = self.eval(inst_id, &b.rhs_expr, scope, file)?;
                binary_op(*b.operator.value(), l, r).map_err(|m| err(m, span_of(file, e)))
            }
            Expression::ForExpr(f) => self.eval_for(inst_id, f, scope, file),
        }
    }

    fn eval_template(
        &self,
        inst_id: usize,
        elements: &[&Element],
        scope: &Scope<'_>,
        file: FileId,
        quoted: bool,
    ) -> EvalResult {
        // A template that is exactly one interpolation yields the raw value.
        if quoted {
            if let [Element::Interpolation(i)] = elements {
                return self.eval(inst_id, &i.expr, scope, file);
            }
        }
        let mut parts = TemplateParts::default();
        self.render_elements(inst_id, elements.iter().copied(), scope, file, &mut parts)?;
        Ok(parts.finish())
    }

    fn render_elements<'e>(
        &self,
        inst_id: usize,
        elements: impl Iterator<Item = &'e Element>,
        scope: &Scope<'_>,
        file: FileId,
        out: &mut TemplateParts,
    ) -> Result<(), EvalError> {
        for el in elements {
            match el {
                Element::Literal(s) => out.push_literal(s.value()),
                Element::Interpolation(i) => {
                    if i.strip.strip_start() {
                        out.strip_end();
                    }
                    let v = self.eval(inst_id, &i.expr, scope, file)?;
                    out.push_value(v)
                        .map_err(|m| err(m, span_of(file, &i.expr)))?;
                    if i.strip.strip_end() {
                        out.strip_next = true;
                    }
                }
                Element::Directive(d) => match d.as_ref() {
                    Directive::If(ifd) => {
                        if ifd.if_expr.strip.strip_start() {
                            out.strip_end();
                        }
                        let c = self.eval(inst_id, &ifd.if_expr.cond_expr, scope, file)?;
                        let (c, m) = c.into_parts();
                        out.marks.merge(&m);
                        if c.is_unknown() {
                            out.unknown = true;
                        } else {
                            let b = c.as_bool().ok_or_else(|| {
                                err(
                                    "template if condition must be a bool",
                                    span_of(file, &ifd.if_expr.cond_expr),
                                )
                            })?;
                            if ifd.if_expr.strip.strip_end() {
                                out.strip_next = true;
                            }
                            if b {
                                self.render_template(
                                    inst_id,
                                    &ifd.if_expr.template,
                                    scope,
                                    file,
                                    out,
                                )?;
                            } else if let Some(e) = &ifd.else_expr {
                                if e.strip.strip_end() {
                                    out.strip_next = true;
                                }
                                self.render_template(inst_id, &e.template, scope, file, out)?;
                            }
                        }
                        if ifd.endif_expr.strip.strip_start() {
                            out.strip_end();
                        }
                        if ifd.endif_expr.strip.strip_end() {
                            out.strip_next = true;
                        }
                    }
                    Directive::For(fd) => {
                        let fe = &fd.for_expr;
                        if fe.strip.strip_start() {
                            out.strip_end();
                        }
                        let coll = self.eval(inst_id, &fe.collection_expr, scope, file)?;
                        let (coll, m) = coll.into_parts();
                        out.marks.merge(&m);
                        let pairs = iterate(coll)
                            .map_err(|m| err(m, span_of(file, &fe.collection_expr)))?;
                        match pairs {
                            None => out.unknown = true,
                            Some(pairs) => {
                                for (k, v) in pairs {
                                    let mut vars = Vec::new();
                                    if let Some(kv) = &fe.key_var {
                                        vars.push((kv.as_str().to_string(), k));
                                    }
                                    vars.push((fe.value_var.as_str().to_string(), v));
                                    let binds = Binds {
                                        vars,
                                        ..Binds::default()
                                    };
                                    let s = scope.child(&binds);
                                    if fe.strip.strip_end() {
                                        out.strip_next = true;
                                    }
                                    self.render_template(inst_id, &fe.template, &s, file, out)?;
                                    if fd.endfor_expr.strip.strip_start() {
                                        out.strip_end();
                                    }
                                }
                            }
                        }
                        if fd.endfor_expr.strip.strip_end() {
                            out.strip_next = true;
                        }
                    }
                },
            }
        }
        Ok(())
    }

    fn render_template(
        &self,
        inst_id: usize,
        t: &Template,
        scope: &Scope<'_>,
        file: FileId,
        out: &mut TemplateParts,
    ) -> Result<(), EvalError> {
        self.render_elements(inst_id, t.iter(), scope, file, out)
    }

    fn eval_for(
        &self,
        inst_id: usize,
        f: &hcl_edit::expr::ForExpr,
        scope: &Scope<'_>,
        file: FileId,
    ) -> EvalResult {
        let coll = self.eval(inst_id, &f.intro.collection_expr, scope, file)?;
        let (coll, marks) = coll.into_parts();
        let Some(pairs) =
            iterate(coll).map_err(|m| err(m, span_of(file, &f.intro.collection_expr)))?
        else {
            return Ok(Value::Unknown.with_marks(marks));
        };
        let kname = f.intro.key_var.as_ref().map(|k| k.as_str().to_string());
        let vname = f.intro.value_var.as_str().to_string();
        let mut list = Vec::new();
        let mut map: BTreeMap<String, Value> = BTreeMap::new();
        let mut groups: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        let mut out_marks = marks;
        for (k, v) in pairs {
            let mut vars = Vec::with_capacity(2);
            if let Some(kn) = &kname {
                vars.push((kn.clone(), k));
            }
            vars.push((vname.clone(), v));
            let binds = Binds {
                vars,
                ..Binds::default()
            };
            let s = scope.child(&binds);
            if let Some(cond) = &f.cond {
                let c = self.eval(inst_id, &cond.expr, &s, file)?;
                let (c, m) = c.into_parts();
                out_marks.merge(&m);
                match c {
                    Value::Unknown => return Ok(Value::Unknown.with_marks(out_marks)),
                    c => match c.as_bool() {
                        Some(true) => {}
                        Some(false) => continue,
                        None => {
                            return Err(err(
                                "for expression condition must be a bool",
                                span_of(file, &cond.expr),
                            ))
                        }
                    },
                }
            }
            let val = self.eval(inst_id, &f.value_expr, &s, file)?;
            match &f.key_expr {
                None => list.push(val),
                Some(ke) => {
                    let key = self.eval(inst_id, ke, &s, file)?;
                    let (key, km) = key.into_parts();
                    out_marks.merge(&km);
                    if key.is_unknown() {
                        return Ok(Value::Unknown.with_marks(out_marks));
                    }
                    let key = key.to_tf_string().ok_or_else(|| {
                        err("for expression key must be a string", span_of(file, ke))
                    })?;
                    if f.grouping {
                        groups.entry(key).or_default().push(val);
                    } else if map.insert(key.clone(), val).is_some() {
                        return Err(err(
                            format!("duplicate object key \"{key}\" in for expression (use ... to group)"),
                            span_of(file, ke),
                        ));
                    }
                }
            }
        }
        let v = if f.key_expr.is_none() {
            Value::List(list)
        } else if f.grouping {
            Value::Map(
                groups
                    .into_iter()
                    .map(|(k, v)| (k, Value::List(v)))
                    .collect(),
            )
        } else {
            Value::Map(map)
        };
        Ok(v.with_marks(out_marks))
    }

    fn eval_call(
        &self,
        inst_id: usize,
        f: &hcl_edit::expr::FuncCall,
        scope: &Scope<'_>,
        file: FileId,
    ) -> EvalResult {
        let name = f.name.name.as_str();
        let span = span_of(file, f);
        if f.name.is_namespaced() {
            let ns: Vec<&str> = f.name.namespace.iter().map(|n| n.as_str()).collect();
            let full = format!("{}::{}", ns.join("::"), name);
            self.diag(Diagnostic::warning(
                "unsupported-function",
                format!(
                    "provider-defined function {full}() is not evaluated: its result is unknown"
                ),
                span,
            ));
            return Ok(Value::unknown_from(Origin::new(
                OriginKind::Other,
                format!("{full}()"),
            )));
        }
        let args: Vec<&Expression> = f.args.iter().collect();
        match name {
            "try" => {
                let mut last_err = None;
                for a in &args {
                    match self.eval(inst_id, a, scope, file) {
                        Ok(v) if v.is_unknown() => return Ok(v),
                        Ok(v) => return Ok(v),
                        Err(e) => last_err = Some(e),
                    }
                }
                return Err(
                    last_err.unwrap_or_else(|| err("try() needs at least one argument", span))
                );
            }
            "can" => {
                if args.len() != 1 {
                    return Err(err("can() takes exactly one argument", span));
                }
                return Ok(match self.eval(inst_id, args[0], scope, file) {
                    Ok(v) if !v.is_fully_known() => Value::Unknown,
                    Ok(_) => Value::Bool(true),
                    Err(_) => Value::Bool(false),
                });
            }
            _ => {}
        }
        let mut values = Vec::with_capacity(args.len());
        for a in &args {
            values.push(self.eval(inst_id, a, scope, file)?);
        }
        if f.args.expand_final() {
            if let Some(last) = values.pop() {
                let (last, m) = last.into_parts();
                match last {
                    Value::List(items) => {
                        values.extend(items.into_iter().map(|i| i.with_marks(m.clone())))
                    }
                    Value::Unknown => return Ok(Value::Unknown.with_marks(m)),
                    other => {
                        return Err(err(
                            format!(
                                "the final argument expanded with ... must be a list, not {}",
                                other.type_name()
                            ),
                            span,
                        ))
                    }
                }
            }
        }
        let mut marks = Marks::default();
        let plain: Vec<Value> = values
            .into_iter()
            .map(|v| {
                let (v, m) = v.deep_unmark();
                marks.merge(&m);
                v
            })
            .collect();
        if name == "jsonencode" && plain.len() == 1 && !plain[0].is_fully_known() {
            // Keep the structure so documents with apply-time parts stay judgeable.
            let mut m = marks;
            m.encoded = Some(std::sync::Arc::new(plain[0].clone()));
            return Ok(Value::Unknown.with_marks(m));
        }
        // Terraform resolves relative paths in file functions against the working
        // directory (hence `path.module`), not against the module.
        let module_dir = self.settings.cwd.clone();
        let render = |text: &str, vars: &BTreeMap<String, Value>| -> Result<Value, String> {
            self.render_template_file(inst_id, text, vars, file)
        };
        let ctx = FnContext {
            module_dir: &module_dir,
            render_template: &render,
        };
        if name == "issensitive" {
            // Marks were removed before the call: answer from them.
            if plain.len() != 1 {
                return Err(err("issensitive() takes exactly one argument", span));
            }
            return Ok(Value::Bool(marks.sensitive));
        }
        let sensitive_fn = name == "sensitive";
        let nonsensitive_fn = name == "nonsensitive";
        match functions::call(name, plain, &ctx) {
            Ok(v) => {
                if nonsensitive_fn {
                    marks.sensitive = false;
                }
                let v = v.with_marks(marks);
                Ok(if sensitive_fn { v.mark_sensitive() } else { v })
            }
            Err(FnError::Unsupported(n)) => {
                self.diag(Diagnostic::warning(
                    "unsupported-function",
                    format!("function {n}() is not supported by chkmate: its result is unknown"),
                    span,
                ));
                Ok(
                    Value::unknown_from(Origin::new(OriginKind::Other, format!("{n}()")))
                        .with_marks(marks),
                )
            }
            Err(FnError::Invalid(m)) => Err(err(format!("{name}(): {m}"), span)),
        }
    }

    /// `templatefile`: parses the template text and renders it with only the given
    /// variables in scope (as Terraform does).
    fn render_template_file(
        &self,
        inst_id: usize,
        text: &str,
        vars: &BTreeMap<String, Value>,
        file: FileId,
    ) -> Result<Value, String> {
        let tpl = hcl_edit::parser::parse_template(text)
            .map_err(|e| format!("template: {}", e.message()))?;
        let binds = Binds {
            vars: vars.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            ..Binds::default()
        };
        let scope = Scope {
            parent: None,
            binds: &binds,
        };
        let mut parts = TemplateParts::default();
        self.render_template(inst_id, &tpl, &scope, file, &mut parts)
            .map_err(|e| e.message)?;
        Ok(parts.finish())
    }

    fn eval_traversal(
        &self,
        inst_id: usize,
        t: &hcl_edit::expr::Traversal,
        scope: &Scope<'_>,
        file: FileId,
    ) -> EvalResult {
        let span = span_of(file, t);
        let ops: Vec<&TraversalOperator> = t.operators.iter().map(|o| o.value()).collect();
        let (mut value, consumed) = match &t.expr {
            Expression::Variable(v) => {
                self.eval_root_name(inst_id, v.as_str(), &ops, scope, span)?
            }
            other => (self.eval(inst_id, other, scope, file)?, 0),
        };
        let mut i = consumed;
        while i < ops.len() {
            match ops[i] {
                TraversalOperator::GetAttr(a) => {
                    value = get_attr(value, a.as_str()).map_err(|m| err(m, span))?;
                }
                TraversalOperator::Index(ie) => {
                    let idx = self.eval(inst_id, ie, scope, file)?;
                    value = index(value, idx).map_err(|m| err(m, span))?;
                }
                TraversalOperator::LegacyIndex(n) => {
                    value =
                        index(value, Value::Number(*n.value() as f64)).map_err(|m| err(m, span))?;
                }
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    // Apply the rest of the traversal to each element.
                    let full = matches!(ops[i], TraversalOperator::FullSplat(_));
                    let rest: Vec<&TraversalOperator> = ops[i + 1..]
                        .iter()
                        .copied()
                        .take_while(|o| {
                            full || matches!(
                                o,
                                TraversalOperator::GetAttr(_) | TraversalOperator::LegacyIndex(_)
                            )
                        })
                        .collect();
                    let (v, marks) = value.into_parts();
                    let items = match v {
                        Value::Unknown => return Ok(Value::Unknown.with_marks(marks)),
                        Value::Null => Vec::new(),
                        Value::List(items) => items,
                        Value::Map(m) if !full => m.into_values().collect(),
                        other => vec![other],
                    };
                    let mut out = Vec::with_capacity(items.len());
                    for item in items {
                        let mut x = item;
                        for op in &rest {
                            x = match op {
                                TraversalOperator::GetAttr(a) => get_attr(x, a.as_str()),
                                TraversalOperator::Index(ie) => {
                                    let idx = self.eval(inst_id, ie, scope, file)?;
                                    index(x, idx)
                                }
                                TraversalOperator::LegacyIndex(n) => {
                                    index(x, Value::Number(*n.value() as f64))
                                }
                                _ => Ok(x),
                            }
                            .map_err(|m| err(m, span))?;
                        }
                        out.push(x);
                    }
                    value = Value::List(out).with_marks(marks);
                    i += 1 + rest.len();
                    continue;
                }
            }
            i += 1;
        }
        Ok(value)
    }

    /// Resolves the root name of a reference. Returns the value and how many
    /// traversal operators were consumed to find it (`var.x` consumes `.x`).
    fn eval_root_name(
        &self,
        inst_id: usize,
        name: &str,
        ops: &[&TraversalOperator],
        scope: &Scope<'_>,
        span: Option<Span>,
    ) -> Result<(Value, usize), EvalError> {
        if let Some(v) = scope.var(name) {
            return Ok((v.clone(), 0));
        }
        let attr = |i: usize| -> Option<&str> {
            match ops.get(i) {
                Some(TraversalOperator::GetAttr(a)) => Some(a.as_str()),
                _ => None,
            }
        };
        match name {
            "var" => {
                let n =
                    attr(0).ok_or_else(|| err("var must be followed by a variable name", span))?;
                Ok((self.variable(inst_id, n, span)?, 1))
            }
            "local" => {
                let n = attr(0).ok_or_else(|| err("local must be followed by a name", span))?;
                Ok((self.local(inst_id, n, span)?, 1))
            }
            "module" => {
                let n =
                    attr(0).ok_or_else(|| err("module must be followed by a module name", span))?;
                Ok((self.module_value(inst_id, n, span)?, 1))
            }
            "data" => {
                let t = attr(0).ok_or_else(|| err("data must be followed by a type", span))?;
                let n = attr(1).ok_or_else(|| err("data.TYPE must be followed by a name", span))?;
                Ok((self.resource_value(inst_id, Mode::Data, t, n, span)?, 2))
            }
            "count" => match attr(0) {
                Some("index") => match scope.count_index() {
                    Some(v) => Ok((v.clone(), 1)),
                    None => Err(err(
                        "count.index is only available in blocks that use count",
                        span,
                    )),
                },
                _ => Err(err("count has only the attribute \"index\"", span)),
            },
            "each" => {
                let Some(each) = scope.each() else {
                    return Err(err(
                        "each is only available in blocks that use for_each",
                        span,
                    ));
                };
                match attr(0) {
                    Some("key") => Ok((each.0.clone(), 1)),
                    Some("value") => Ok((each.1.clone(), 1)),
                    _ => Err(err(
                        "each has only the attributes \"key\" and \"value\"",
                        span,
                    )),
                }
            }
            "path" => {
                let inst = self.inst(inst_id);
                let dir = &self.def(&inst).dir;
                let v = match attr(0) {
                    Some("module") => display_rel(dir, &self.settings.cwd),
                    Some("root") => display_rel(&self.settings.root_dir, &self.settings.cwd),
                    Some("cwd") => self.settings.cwd.to_string_lossy().to_string(),
                    _ => return Err(err("path has the attributes module, root and cwd", span)),
                };
                Ok((Value::String(v), 1))
            }
            "terraform" => match attr(0) {
                Some("workspace") => Ok((Value::String(self.settings.workspace.clone()), 1)),
                Some(other) => Err(err(
                    format!("terraform.{other} is not a known attribute"),
                    span,
                )),
                None => Err(err("terraform must be followed by an attribute", span)),
            },
            "self" => Ok((
                Value::unknown_from(Origin::new(OriginKind::Other, "self")),
                0,
            )),
            _ => {
                // A managed resource reference: TYPE.NAME
                let Some(n) = attr(0) else {
                    return Err(err(format!("unknown name \"{name}\""), span));
                };
                Ok((
                    self.resource_value(inst_id, Mode::Managed, name, n, span)?,
                    1,
                ))
            }
        }
    }
}

/// The span of a block's header: from its identifier to the opening brace line.
fn block_header_span(file: FileId, b: &Block) -> Option<Span> {
    let full = hcl_edit::Span::span(b)?;
    let start = hcl_edit::Span::span(&b.ident)
        .map(|r| r.start)
        .unwrap_or(full.start);
    Some(Span::new(file, start..full.end))
}

fn display_rel(p: &Path, cwd: &Path) -> String {
    let s = match p.strip_prefix(cwd) {
        Ok(r) if r.as_os_str().is_empty() => ".".to_string(),
        Ok(r) => r.to_string_lossy().to_string(),
        Err(_) => p.to_string_lossy().to_string(),
    };
    s.replace('\\', "/")
}

fn dedup_diagnostics(d: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    d.retain(|x| seen.insert((x.span, x.message.clone())));
}

/// Pieces of a template being rendered.
#[derive(Default)]
struct TemplateParts {
    text: String,
    unknown: bool,
    marks: Marks,
    strip_next: bool,
}

impl TemplateParts {
    fn push_literal(&mut self, s: &str) {
        if self.strip_next {
            self.text.push_str(s.trim_start());
            self.strip_next = s.trim_start().is_empty();
        } else {
            self.text.push_str(s);
        }
    }

    fn strip_end(&mut self) {
        let trimmed = self.text.trim_end().len();
        self.text.truncate(trimmed);
    }

    fn push_value(&mut self, v: Value) -> Result<(), String> {
        self.strip_next = false;
        let (v, m) = v.deep_unmark();
        self.marks.merge(&m);
        match v {
            Value::Unknown => {
                self.unknown = true;
                Ok(())
            }
            Value::Null => Err("cannot include a null value in a string template".into()),
            other => match other.to_tf_string() {
                Some(s) => {
                    self.text.push_str(&s);
                    Ok(())
                }
                None => {
                    if !other.is_fully_known() {
                        self.unknown = true;
                        return Ok(());
                    }
                    Err(format!(
                        "cannot include a {} value in a string template",
                        other.type_name()
                    ))
                }
            },
        }
    }

    fn finish(self) -> Value {
        let v = if self.unknown {
            Value::Unknown
        } else {
            Value::String(self.text)
        };
        v.with_marks(self.marks)
    }
}

/// (key, value) pairs of a collection for `for` expressions; `None` when unknown.
fn iterate(coll: Value) -> Result<Option<Vec<(Value, Value)>>, String> {
    match coll {
        Value::Unknown => Ok(None),
        Value::List(items) => Ok(Some(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (Value::Number(i as f64), v))
                .collect(),
        )),
        Value::Map(m) => Ok(Some(
            m.into_iter().map(|(k, v)| (Value::String(k), v)).collect(),
        )),
        Value::Null => Err("cannot iterate over a null value".into()),
        other => Err(format!("cannot iterate over a {} value", other.type_name())),
    }
}

/// `value.name`
pub fn get_attr(v: Value, name: &str) -> Result<Value, String> {
    let (v, marks) = v.into_parts();
    let linked = marks.origins.iter().any(|o| {
        matches!(
            o.kind,
            OriginKind::Resource | OriginKind::Data | OriginKind::Other
        )
    });
    match v {
        Value::Unknown => Ok(Value::Unknown.with_marks(marks)),
        Value::Map(mut m) => match m.remove(name) {
            Some(x) => Ok(x.with_marks(marks)),
            // A resource's computed attribute (`id`, `arn` ...): known after apply.
            None if linked => Ok(Value::Unknown.with_marks(marks)),
            None => Err(format!("this object has no attribute \"{name}\"")),
        },
        Value::Null => Err(format!(
            "attempt to get attribute \"{name}\" from a null value"
        )),
        Value::List(_) => Err(format!(
            "cannot get attribute \"{name}\" of a list; use [*].{name} or an index"
        )),
        other => Err(format!(
            "cannot get attribute \"{name}\" of a {} value",
            other.type_name()
        )),
    }
}

/// `value[idx]`
pub fn index(v: Value, idx: Value) -> Result<Value, String> {
    let (v, mut marks) = v.into_parts();
    let (idx, im) = idx.into_parts();
    marks.merge(&im);
    match (v, idx) {
        (Value::Unknown, _) | (_, Value::Unknown) => Ok(Value::Unknown.with_marks(marks)),
        (Value::List(mut items), i) => {
            let n = i
                .as_f64()
                .ok_or_else(|| format!("list index must be a number, not {}", i.type_name()))?;
            if n < 0.0 || n.fract() != 0.0 || n as usize >= items.len() {
                return Err(format!(
                    "index {} out of range for a list of {} elements",
                    super::value::format_number(n),
                    items.len()
                ));
            }
            Ok(items.swap_remove(n as usize).with_marks(marks))
        }
        (Value::Map(mut m), k) => {
            let key = k
                .to_tf_string()
                .ok_or_else(|| format!("map key must be a string, not {}", k.type_name()))?;
            let linked = marks
                .origins
                .iter()
                .any(|o| matches!(o.kind, OriginKind::Resource | OriginKind::Data));
            match m.remove(&key) {
                Some(x) => Ok(x.with_marks(marks)),
                None if linked => Ok(Value::Unknown.with_marks(marks)),
                None => Err(format!("the map has no element for the key \"{key}\"")),
            }
        }
        (Value::Null, _) => Err("cannot index a null value".into()),
        (other, _) => Err(format!("cannot index a {} value", other.type_name())),
    }
}

/// Binary operators with Terraform's conversions and unknown propagation.
pub fn binary_op(op: BinaryOperator, l: Value, r: Value) -> Result<Value, String> {
    let (l, mut marks) = l.deep_unmark();
    let (r, rm) = r.deep_unmark();
    marks.merge(&rm);
    use BinaryOperator as B;
    let out = match op {
        B::And | B::Or => {
            let lb = bool_operand(&l)?;
            let rb = bool_operand(&r)?;
            match (op, lb, rb) {
                (B::And, Some(false), _) | (B::And, _, Some(false)) => Value::Bool(false),
                (B::Or, Some(true), _) | (B::Or, _, Some(true)) => Value::Bool(true),
                (_, Some(a), Some(b)) => Value::Bool(if op == B::And { a && b } else { a || b }),
                _ => Value::Unknown,
            }
        }
        B::Eq | B::NotEq => {
            if !l.is_fully_known() || !r.is_fully_known() {
                Value::Unknown
            } else {
                let eq = values_equal(&l, &r);
                Value::Bool(if op == B::Eq { eq } else { !eq })
            }
        }
        _ => {
            if l.is_unknown() || r.is_unknown() {
                Value::Unknown
            } else {
                let a = num_operand(&l)?;
                let b = num_operand(&r)?;
                match op {
                    B::Plus => Value::Number(a + b),
                    B::Minus => Value::Number(a - b),
                    B::Mul => Value::Number(a * b),
                    B::Div => {
                        if b == 0.0 {
                            return Err("division by zero".into());
                        }
                        Value::Number(a / b)
                    }
                    B::Mod => {
                        if b == 0.0 {
                            return Err("modulo by zero".into());
                        }
                        // Terraform's % keeps the sign of the dividend.
                        Value::Number(a % b)
                    }
                    B::Less => Value::Bool(a < b),
                    B::LessEq => Value::Bool(a <= b),
                    B::Greater => Value::Bool(a > b),
                    B::GreaterEq => Value::Bool(a >= b),
                    _ => Value::Unknown,
                }
            }
        }
    };
    Ok(out.with_marks(marks))
}

fn bool_operand(v: &Value) -> Result<Option<bool>, String> {
    match v {
        Value::Unknown => Ok(None),
        other => other
            .as_bool()
            .map(Some)
            .ok_or_else(|| format!("a bool is required, not {}", other.type_name())),
    }
}

fn num_operand(v: &Value) -> Result<f64, String> {
    v.as_f64()
        .ok_or_else(|| format!("a number is required, not {}", v.type_name()))
}

/// Terraform equality: numbers and strings do not convert (`1 == "1"` is false).
pub fn values_equal(a: &Value, b: &Value) -> bool {
    match (a.unmarked(), b.unmarked()) {
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| values_equal(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && values_equal(v1, v2))
        }
        (x, y) => x == y,
    }
}
