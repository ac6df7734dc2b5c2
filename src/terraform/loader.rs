//! Loading: PATHs (directories, single `.tf` files, plan JSON) into one evaluated
//! model. Module directories are discovered statically from literal `source`
//! arguments, all files are read and parsed in parallel, then each root module is
//! evaluated.

use super::eval::{EvalSettings, Evaluator, ModuleResolver, MAX_MODULE_DEPTH};
use super::model::{Diagnostic, Model};
use super::parse::{self, static_string, ModuleDef};
use super::plan_json;
use super::value::Value;
use crate::error::{Error, Result};
use crate::source::{display_path, FileId, SourceFile, SourceMap};
use globset::{Glob, GlobSet, GlobSetBuilder};
use hcl_edit::expr::Expression;
use hcl_edit::structure::Structure;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

/// A variable value from the command line, in the order given.
#[derive(Clone, Debug, PartialEq)]
pub enum VarInput {
    /// `--var-file FILE`
    File(PathBuf),
    /// `--var NAME=VALUE`
    Pair(String, String),
}

/// How to load.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// `--var` / `--var-file`, in command-line order (later wins).
    pub vars: Vec<VarInput>,
    /// Glob patterns (relative to each root) of files and directories to skip.
    pub exclude: Vec<String>,
    /// `terraform.workspace`
    pub workspace: String,
    /// Read `TF_VAR_*` from the environment.
    pub use_env: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            vars: Vec::new(),
            exclude: Vec::new(),
            workspace: "default".to_string(),
            use_env: true,
        }
    }
}

/// What was loaded from one PATH.
#[derive(Clone, Debug, PartialEq)]
pub struct RootInfo {
    /// The PATH as given.
    pub path: String,
    /// The root module directory (or the plan file).
    pub dir: String,
    pub kind: RootKind,
    /// When PATHs were `.tf` files (as pre-commit passes them): findings are
    /// limited to these files. Files of one directory share one root.
    pub focus_files: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RootKind {
    Hcl,
    PlanJson,
}

/// Everything loaded for one run.
#[derive(Debug, Default)]
pub struct Loaded {
    pub sources: SourceMap,
    pub model: Model,
    pub roots: Vec<RootInfo>,
}

impl Loaded {
    /// True when a file could not be parsed or read: the command exits 2.
    pub fn has_fatal_errors(&self) -> bool {
        self.model
            .diagnostics
            .iter()
            .any(|d| d.kind == "syntax" || d.kind == "io")
    }
}

/// Loads and evaluates every PATH.
pub fn load(paths: &[PathBuf], opts: &LoadOptions) -> Result<Loaded> {
    let mut loaded = Loaded::default();
    let paths: Vec<PathBuf> = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let excludes = build_globs(&opts.exclude)?;
    // `.tf` files given as PATHs are grouped by directory: one root each.
    let mut file_groups: Vec<(PathBuf, Vec<PathBuf>)> = Vec::new();
    let mut order: Vec<Result<PathBuf, usize>> = Vec::new();
    for p in &paths {
        let meta = std::fs::metadata(p).map_err(|e| Error::io(p, e))?;
        let name = p.to_string_lossy();
        if meta.is_file() && (name.ends_with(".tf") || name.ends_with(".tf.json")) {
            let dir = match p.parent() {
                Some(d) if !d.as_os_str().is_empty() => normalize(d),
                _ => PathBuf::from("."),
            };
            match file_groups.iter_mut().position(|(d, _)| *d == dir) {
                Some(i) => file_groups[i].1.push(p.clone()),
                None => {
                    file_groups.push((dir, vec![p.clone()]));
                    order.push(Err(file_groups.len() - 1));
                }
            }
        } else {
            order.push(Ok(p.clone()));
        }
    }
    for item in order {
        let p = match item {
            Err(group) => {
                let (dir, files) = &file_groups[group];
                let focus: Vec<String> = files.iter().map(|f| display_path(f)).collect();
                load_root(&mut loaded, dir, dir, focus, opts, &excludes)?;
                continue;
            }
            Ok(p) => p,
        };
        let p = &p;
        let meta = std::fs::metadata(p).map_err(|e| Error::io(p, e))?;
        if meta.is_file() {
            let name = p.to_string_lossy();
            if name.ends_with(".json") {
                let text = std::fs::read_to_string(p).map_err(|e| Error::io(p, e))?;
                let id = loaded
                    .sources
                    .add(SourceFile::new(p.clone(), text.as_str()));
                let model = plan_json::load_plan(&text, id, &display_path(p))
                    .map_err(|e| Error::Parse(format!("{}: {e}", display_path(p))))?;
                merge(&mut loaded.model, model);
                loaded.roots.push(RootInfo {
                    path: display_path(p),
                    dir: display_path(p),
                    kind: RootKind::PlanJson,
                    focus_files: Vec::new(),
                });
            } else {
                return Err(Error::Usage(format!(
                    "{}: not a Terraform file (.tf, .tf.json) or a plan JSON",
                    display_path(p)
                )));
            }
        } else {
            load_root(&mut loaded, p, p, Vec::new(), opts, &excludes)?;
        }
    }
    Ok(loaded)
}

/// Parses and evaluates one in-memory file as a root module (fuzzing, tests).
pub fn evaluate_source(file_name: &str, text: &str) -> Loaded {
    let mut loaded = Loaded::default();
    let id = loaded
        .sources
        .add(SourceFile::new(PathBuf::from(file_name), text));
    let parsed = if file_name.ends_with(".json") {
        parse::json_to_hcl(text)
            .map_err(|m| Diagnostic::error("syntax", m, None))
            .and_then(|t| parse::parse_file(id, &t))
    } else {
        parse::parse_file(id, text)
    };
    let mut bodies = Vec::new();
    match parsed {
        Ok(b) => bodies.push((id, b)),
        Err(d) => loaded.model.diagnostics.push(d),
    }
    let def = ModuleDef::new(PathBuf::from("."), bodies);
    loaded.model.diagnostics.extend(def.diagnostics.clone());
    let resolver = Resolver {
        defs: vec![def],
        by_dir: HashMap::new(),
        modules_json: HashMap::new(),
    };
    let settings = EvalSettings {
        root_dir: PathBuf::from("."),
        cwd: PathBuf::from("."),
        workspace: "default".into(),
        root_display: ".".into(),
    };
    let out = Evaluator::new(&resolver, settings).run(0, HashMap::new());
    loaded.model.resources = out.resources;
    loaded.model.config_blocks = out.config_blocks;
    loaded.model.diagnostics.extend(out.diagnostics);
    loaded.model.unresolved_modules = out.unresolved;
    loaded.model.outputs = out.outputs;
    loaded.roots.push(RootInfo {
        path: file_name.to_string(),
        dir: ".".into(),
        kind: RootKind::Hcl,
        focus_files: Vec::new(),
    });
    loaded
}

fn merge(into: &mut Model, from: Model) {
    into.resources.extend(from.resources);
    into.config_blocks.extend(from.config_blocks);
    into.diagnostics.extend(from.diagnostics);
    into.unresolved_modules.extend(from.unresolved_modules);
    if into.outputs.is_empty() {
        into.outputs = from.outputs;
    }
}

fn build_globs(patterns: &[String]) -> Result<GlobSet> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let g =
            Glob::new(p).map_err(|e| Error::Usage(format!("invalid exclude glob {p:?}: {e}")))?;
        b.add(g);
        // `dir` also excludes everything below it.
        if !p.ends_with("/**") {
            if let Ok(g) = Glob::new(&format!("{}/**", p.trim_end_matches('/'))) {
                b.add(g);
            }
        }
    }
    b.build()
        .map_err(|e| Error::Usage(format!("invalid exclude globs: {e}")))
}

/// A module directory and its files' (id, text).
type DirFiles = (PathBuf, Vec<(FileId, std::sync::Arc<str>)>);

/// Module definitions of one root, indexed for the evaluator.
struct Resolver {
    defs: Vec<ModuleDef>,
    by_dir: HashMap<PathBuf, usize>,
    /// modules.json: key → directory
    modules_json: HashMap<String, PathBuf>,
}

fn is_local_source(s: &str) -> bool {
    s.starts_with("./") || s.starts_with("../") || s == "." || s == ".."
}

/// Lexically normalises a path (no symlink resolution): `a/./b/../c` → `a/c`.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_parent =
                    matches!(out.components().next_back(), Some(Component::ParentDir));
                if out.as_os_str().is_empty() || last_is_parent {
                    if !p.is_absolute() {
                        out.push("..");
                    }
                } else {
                    out.pop();
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

impl Resolver {
    fn target_dir(&self, caller_dir: &Path, source: &str, key: &str) -> Result<PathBuf, String> {
        if is_local_source(source) {
            return Ok(normalize(&caller_dir.join(source)));
        }
        match self.modules_json.get(key) {
            Some(dir) => Ok(dir.clone()),
            None => Err(if self.modules_json.is_empty() {
                format!(
                    "non-local module source \"{source}\" is not installed (run `terraform init` to fetch it into .terraform/modules)"
                )
            } else {
                format!("module \"{key}\" (\"{source}\") is not listed in .terraform/modules/modules.json")
            }),
        }
    }
}

impl ModuleResolver for Resolver {
    fn resolve(&self, caller_dir: &Path, source: &str, key: &str) -> Result<usize, String> {
        let dir = self.target_dir(caller_dir, source, key)?;
        self.by_dir
            .get(&dir)
            .copied()
            .ok_or_else(|| format!("module directory {} was not found", display_path(&dir)))
    }

    fn def(&self, id: usize) -> &ModuleDef {
        &self.defs[id]
    }
}

/// The Terraform files of one directory, sorted, excluding `.terraform`.
fn module_files(dir: &Path, root: &Path, excludes: &GlobSet) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if !(name.ends_with(".tf") || name.ends_with(".tf.json")) {
            continue;
        }
        if name.starts_with('.') {
            continue;
        }
        if !entry.file_type().map(|t| t.is_file()).unwrap_or(false) && !path.is_file() {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(&path);
        if excludes.is_match(rel) {
            continue;
        }
        files.push(path);
    }
    files.sort();
    Ok(files)
}

fn read_modules_json(root: &Path) -> HashMap<String, PathBuf> {
    let p = root.join(".terraform").join("modules").join("modules.json");
    let Ok(text) = std::fs::read_to_string(&p) else {
        return HashMap::new();
    };
    let Ok(j) = serde_json::from_str::<serde_json::Value>(&text) else {
        return HashMap::new();
    };
    let mut out = HashMap::new();
    if let Some(mods) = j.get("Modules").and_then(|m| m.as_array()) {
        for m in mods {
            let key = m.get("Key").and_then(|k| k.as_str()).unwrap_or("");
            let dir = m.get("Dir").and_then(|k| k.as_str()).unwrap_or("");
            if key.is_empty() || dir.is_empty() {
                continue;
            }
            out.insert(key.to_string(), normalize(&root.join(dir)));
        }
    }
    out
}

fn load_root(
    loaded: &mut Loaded,
    dir: &Path,
    given: &Path,
    focus_files: Vec<String>,
    opts: &LoadOptions,
    excludes: &GlobSet,
) -> Result<()> {
    let root_dir = normalize(dir);
    let timings = std::env::var_os("CHKMATE_TIMINGS").is_some();
    let t0 = std::time::Instant::now();
    let mut resolver = Resolver {
        defs: Vec::new(),
        by_dir: HashMap::new(),
        modules_json: read_modules_json(&root_dir),
    };
    let mut diagnostics: Vec<Diagnostic> = Vec::new();

    // Breadth-first over module directories; each level's files parse in parallel.
    let mut level: Vec<(PathBuf, String, usize)> = vec![(root_dir.clone(), String::new(), 0)];
    let mut seen_keys: std::collections::HashSet<(PathBuf, String)> = Default::default();
    while !level.is_empty() {
        let mut to_parse: Vec<PathBuf> = Vec::new();
        for (d, _, _) in &level {
            if !resolver.by_dir.contains_key(d) && !to_parse.contains(d) {
                to_parse.push(d.clone());
            }
        }
        // Read files.
        let mut dir_files: Vec<DirFiles> = Vec::new();
        for d in &to_parse {
            let files = match module_files(d, &root_dir, excludes) {
                Ok(f) => f,
                Err(e) => {
                    if d == &root_dir {
                        return Err(Error::io(d, e));
                    }
                    let mut diag =
                        Diagnostic::error("io", format!("cannot read module directory: {e}"), None);
                    diag.file = Some(display_path(d));
                    diagnostics.push(diag);
                    Vec::new()
                }
            };
            let texts: Vec<(PathBuf, std::io::Result<String>)> = files
                .par_iter()
                .map(|f| (f.clone(), std::fs::read_to_string(f)))
                .collect();
            let mut ids = Vec::new();
            for (f, t) in texts {
                match t {
                    Ok(text) => {
                        let id = loaded
                            .sources
                            .add(SourceFile::new(f.clone(), text.as_str()));
                        let text = loaded
                            .sources
                            .get(id)
                            .map(|s| s.text.clone())
                            .unwrap_or_default();
                        ids.push((id, text));
                    }
                    Err(e) => {
                        let mut diag =
                            Diagnostic::error("io", format!("cannot read file: {e}"), None);
                        diag.file = Some(display_path(&f));
                        diagnostics.push(diag);
                    }
                }
            }
            if d == &root_dir && ids.is_empty() {
                let mut diag = Diagnostic::warning(
                    "empty",
                    "no Terraform files (.tf, .tf.json) in this directory",
                    None,
                );
                diag.file = Some(display_path(d));
                diagnostics.push(diag);
            }
            dir_files.push((d.clone(), ids));
        }
        // Parse all files of this level in parallel.
        let all: Vec<(usize, FileId, std::sync::Arc<str>, bool)> = dir_files
            .iter()
            .enumerate()
            .flat_map(|(di, (_, files))| {
                files
                    .iter()
                    .map(move |(id, text)| (di, *id, text.clone(), false))
            })
            .collect();
        let json_names: HashMap<FileId, bool> = all
            .iter()
            .map(|(_, id, _, _)| {
                let is_json = loaded
                    .sources
                    .path(*id)
                    .map(|p| p.to_string_lossy().ends_with(".json"))
                    .unwrap_or(false);
                (*id, is_json)
            })
            .collect();
        let parsed: Vec<(
            usize,
            FileId,
            std::result::Result<hcl_edit::structure::Body, Diagnostic>,
        )> = all
            .into_par_iter()
            .map(|(di, id, text, _)| {
                let r = if json_names.get(&id).copied().unwrap_or(false) {
                    match parse::json_to_hcl(&text) {
                        Ok(t) => parse::parse_file(id, &t).map_err(|mut d| {
                            d.span = Some(crate::source::Span::new(id, 0..0));
                            d
                        }),
                        Err(m) => Err(Diagnostic::error(
                            "syntax",
                            m,
                            Some(crate::source::Span::new(id, 0..0)),
                        )),
                    }
                } else {
                    parse::parse_file(id, &text)
                };
                (di, id, r)
            })
            .collect();
        let mut bodies_per_dir: Vec<Vec<(FileId, hcl_edit::structure::Body)>> =
            (0..dir_files.len()).map(|_| Vec::new()).collect();
        let mut syntax_err: Vec<bool> = vec![false; dir_files.len()];
        for (di, id, r) in parsed {
            match r {
                Ok(b) => bodies_per_dir[di].push((id, b)),
                Err(d) => {
                    syntax_err[di] = true;
                    diagnostics.push(d);
                }
            }
        }
        for (di, (d, _)) in dir_files.iter().enumerate() {
            let mut bodies = std::mem::take(&mut bodies_per_dir[di]);
            bodies.sort_by_key(|(id, _)| *id);
            let mut def = ModuleDef::new(d.clone(), bodies);
            def.has_syntax_errors = syntax_err[di];
            diagnostics.extend(def.diagnostics.clone());
            let id = resolver.defs.len();
            resolver.defs.push(def);
            resolver.by_dir.insert(d.clone(), id);
        }
        // Next level: module calls with literal sources.
        let mut next = Vec::new();
        for (d, key, depth) in &level {
            if !seen_keys.insert((d.clone(), key.clone())) || *depth >= MAX_MODULE_DEPTH {
                continue;
            }
            let Some(&id) = resolver.by_dir.get(d) else {
                continue;
            };
            let def = &resolver.defs[id];
            for call in &def.module_calls {
                let Some(block) = def.block(call.item) else {
                    continue;
                };
                let Some(source) = block
                    .body
                    .get_attribute("source")
                    .and_then(|a| static_string(&a.value))
                else {
                    continue;
                };
                let child_key = if key.is_empty() {
                    call.name.clone()
                } else {
                    format!("{key}.{}", call.name)
                };
                if let Ok(target) = resolver.target_dir(d, &source, &child_key) {
                    let rel = target.strip_prefix(&root_dir).unwrap_or(&target);
                    if !rel.as_os_str().is_empty() && excludes.is_match(rel) {
                        continue;
                    }
                    if target.is_dir() {
                        next.push((target, child_key, depth + 1));
                    }
                }
            }
        }
        level = next;
    }

    // Root input values in Terraform's precedence.
    let root_id = resolver.by_dir.get(&root_dir).copied().unwrap_or(0);
    let inputs = root_inputs(
        &resolver.defs[root_id],
        &root_dir,
        opts,
        &mut diagnostics,
        &mut loaded.sources,
    )?;

    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let settings = EvalSettings {
        root_dir: root_dir.clone(),
        cwd,
        workspace: opts.workspace.clone(),
        root_display: display_path(&root_dir),
    };
    let t1 = std::time::Instant::now();
    let out = Evaluator::new(&resolver, settings).run(root_id, inputs);
    if timings {
        eprintln!(
            "timings: {}: read+parse {:.1} ms, evaluate {:.1} ms, {} files",
            display_path(&root_dir),
            (t1 - t0).as_secs_f64() * 1000.0,
            t1.elapsed().as_secs_f64() * 1000.0,
            resolver.defs.iter().map(|d| d.bodies.len()).sum::<usize>()
        );
    }
    // Freeing every syntax tree takes a noticeable share of a large run; nothing
    // needs them any more, so another thread does it.
    std::thread::spawn(move || drop(resolver));
    loaded.model.resources.extend(out.resources);
    loaded.model.config_blocks.extend(out.config_blocks);
    loaded.model.diagnostics.extend(diagnostics);
    loaded.model.diagnostics.extend(out.diagnostics);
    loaded.model.unresolved_modules.extend(out.unresolved);
    if loaded.model.outputs.is_empty() {
        loaded.model.outputs = out.outputs;
    }
    loaded.roots.push(RootInfo {
        path: display_path(given),
        dir: display_path(&root_dir),
        kind: RootKind::Hcl,
        focus_files,
    });
    Ok(())
}

/// Collects root variable values: TF_VAR_* < terraform.tfvars < terraform.tfvars.json
/// < *.auto.tfvars(.json) in lexical order < --var / --var-file in order.
fn root_inputs(
    root: &ModuleDef,
    dir: &Path,
    opts: &LoadOptions,
    diags: &mut Vec<Diagnostic>,
    sources: &mut SourceMap,
) -> Result<HashMap<String, Value>> {
    let mut inputs: HashMap<String, Value> = HashMap::new();
    let raw_string_var = |name: &str| -> bool {
        // Values from the environment and --var are raw strings unless the
        // variable's declared type is not string.
        match root.variables.get(name).and_then(|r| root.block(*r)) {
            Some(b) => match b.body.get_attribute("type") {
                None => true,
                Some(a) => {
                    matches!(&a.value, Expression::Variable(v) if v.as_str() == "string")
                        || matches!(&a.value, Expression::String(s) if s.as_str() == "string")
                }
            },
            None => true,
        }
    };
    if opts.use_env {
        let mut env: Vec<(String, String)> = std::env::vars()
            .filter_map(|(k, v)| k.strip_prefix("TF_VAR_").map(|n| (n.to_string(), v)))
            .collect();
        env.sort();
        for (name, v) in env {
            if !root.variables.contains_key(&name) {
                continue;
            }
            let val = cli_value(&v, raw_string_var(&name)).unwrap_or(Value::String(v));
            inputs.insert(name, val);
        }
    }
    let mut auto: Vec<PathBuf> = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let n = e.file_name().to_string_lossy().to_string();
            if n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json") {
                auto.push(e.path());
            }
        }
    }
    auto.sort();
    let mut files = Vec::new();
    for n in ["terraform.tfvars", "terraform.tfvars.json"] {
        let p = dir.join(n);
        if p.is_file() {
            files.push(p);
        }
    }
    files.extend(auto);
    for f in files {
        read_var_file(&f, &mut inputs, diags, sources, false)?;
    }
    for v in &opts.vars {
        match v {
            VarInput::File(f) => read_var_file(f, &mut inputs, diags, sources, true)?,
            VarInput::Pair(k, raw) => {
                let val = cli_value(raw, raw_string_var(k))
                    .map_err(|e| Error::Usage(format!("--var {k}: {e}")))?;
                inputs.insert(k.clone(), val);
            }
        }
    }
    Ok(inputs)
}

fn cli_value(raw: &str, as_string: bool) -> std::result::Result<Value, String> {
    if as_string {
        return Ok(Value::String(raw.to_string()));
    }
    let e = hcl_edit::parser::parse_expr(raw).map_err(|e| e.message().to_string())?;
    const_value(&e)
}

fn read_var_file(
    f: &Path,
    inputs: &mut HashMap<String, Value>,
    diags: &mut Vec<Diagnostic>,
    sources: &mut SourceMap,
    explicit: bool,
) -> Result<()> {
    let text = match std::fs::read_to_string(f) {
        Ok(t) => t,
        Err(e) => {
            if explicit {
                return Err(Error::io(f, e));
            }
            let mut d = Diagnostic::error("io", format!("cannot read variables file: {e}"), None);
            d.file = Some(display_path(f));
            diags.push(d);
            return Ok(());
        }
    };
    let id = sources.add(SourceFile::new(f.to_path_buf(), text.as_str()));
    if f.to_string_lossy().ends_with(".json") {
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(serde_json::Value::Object(o)) => {
                for (k, v) in o {
                    inputs.insert(k, Value::from_json(&v));
                }
            }
            Ok(_) => diags.push(Diagnostic::error(
                "syntax",
                "a .tfvars.json file must hold a JSON object",
                Some(crate::source::Span::new(id, 0..0)),
            )),
            Err(e) => diags.push(Diagnostic::error(
                "syntax",
                format!("invalid JSON: {e}"),
                Some(crate::source::Span::new(id, 0..0)),
            )),
        }
        return Ok(());
    }
    match parse::parse_file(id, &text) {
        Ok(body) => {
            for st in body.iter() {
                match st {
                    Structure::Attribute(a) => match const_value(&a.value) {
                        Ok(v) => {
                            inputs.insert(a.key.as_str().to_string(), v);
                        }
                        Err(m) => diags.push(Diagnostic::error(
                            "tfvars",
                            format!("variable \"{}\": {m}", a.key.as_str()),
                            parse::span_of(id, a),
                        )),
                    },
                    Structure::Block(b) => diags.push(Diagnostic::error(
                        "tfvars",
                        format!(
                            "blocks are not allowed in a variables file (found \"{}\")",
                            b.ident.as_str()
                        ),
                        parse::span_of(id, b),
                    )),
                }
            }
        }
        Err(d) => diags.push(d),
    }
    Ok(())
}

/// Evaluates a constant expression (tfvars files and `--var` values allow no
/// references or function calls).
pub fn const_value(e: &Expression) -> std::result::Result<Value, String> {
    const_value_depth(e, 0)
}

fn const_value_depth(e: &Expression, depth: usize) -> std::result::Result<Value, String> {
    use hcl_edit::expr::{ObjectKey, UnaryOperator};
    if depth > 128 {
        return Err("value nested too deeply".into());
    }
    Ok(match e {
        Expression::Null(_) => Value::Null,
        Expression::Bool(b) => Value::Bool(*b.value()),
        Expression::Number(n) => Value::Number(n.value().as_f64().unwrap_or(f64::NAN)),
        Expression::String(s) => Value::String(s.value().to_string()),
        Expression::Array(a) => Value::List(
            a.iter()
                .map(|x| const_value_depth(x, depth + 1))
                .collect::<std::result::Result<_, _>>()?,
        ),
        Expression::Object(o) => {
            let mut m = BTreeMap::new();
            for (k, v) in o.iter() {
                let key = match k {
                    ObjectKey::Ident(i) => i.as_str().to_string(),
                    ObjectKey::Expression(Expression::Variable(i)) => i.as_str().to_string(),
                    ObjectKey::Expression(ke) => const_value_depth(ke, depth + 1)?
                        .to_tf_string()
                        .ok_or("object keys must be strings")?,
                };
                m.insert(key, const_value_depth(v.expr(), depth + 1)?);
            }
            Value::Map(m)
        }
        Expression::StringTemplate(t) => {
            let mut s = String::new();
            for el in t.iter() {
                match el.as_literal() {
                    Some(l) => s.push_str(l.as_str()),
                    None => return Err("templates with interpolations are not allowed here".into()),
                }
            }
            Value::String(s)
        }
        Expression::HeredocTemplate(h) => {
            let mut s = String::new();
            for el in h.template.iter() {
                match el.as_literal() {
                    Some(l) => s.push_str(l.as_str()),
                    None => return Err("templates with interpolations are not allowed here".into()),
                }
            }
            Value::String(s)
        }
        Expression::Parenthesis(p) => const_value_depth(p.inner(), depth + 1)?,
        Expression::UnaryOp(u) if *u.operator.value() == UnaryOperator::Neg => {
            match const_value_depth(&u.expr, depth + 1)?.as_f64() {
                Some(n) => Value::Number(-n),
                None => return Err("- needs a number".into()),
            }
        }
        Expression::Variable(_) | Expression::Traversal(_) => {
            return Err("variables and references are not allowed here".into())
        }
        Expression::FuncCall(_) => return Err("functions may not be called here".into()),
        _ => return Err("only literal values are allowed here".into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_paths() {
        assert_eq!(normalize(Path::new("a/./b/../c")), PathBuf::from("a/c"));
        assert_eq!(normalize(Path::new("./")), PathBuf::from("."));
        assert_eq!(normalize(Path::new("a/..")), PathBuf::from("."));
        assert_eq!(normalize(Path::new("../x")), PathBuf::from("../x"));
    }

    #[test]
    fn const_values() {
        let e = hcl_edit::parser::parse_expr("{ a = [1, \"x\", true], \"b c\" = -2 }").unwrap();
        let v = const_value(&e).unwrap();
        assert_eq!(v.get("b c"), Some(&Value::Number(-2.0)));
        let e = hcl_edit::parser::parse_expr("var.x").unwrap();
        assert!(const_value(&e).is_err());
    }
}
