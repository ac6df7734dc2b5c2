//! Parsing: Terraform files into the lossless hcl-edit tree, and the declarations of
//! one module directory (variables, locals, resources, module calls, outputs,
//! providers) indexed for the evaluator.
//!
//! `.tf.json` files are translated into equivalent native syntax first (Terraform's
//! JSON syntax maps one to one onto blocks and attributes); their spans then point
//! at the start of the JSON file.

use super::model::{Diagnostic, Mode};
use crate::source::{FileId, Span};
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Attribute, Block, BlockLabel, Body, Structure};
use indexmap::IndexMap;
use std::collections::HashMap;
use std::path::PathBuf;

/// Parses one native-syntax file. A syntax error becomes a diagnostic with the
/// exact position.
pub fn parse_file(file: FileId, text: &str) -> Result<Body, Diagnostic> {
    match hcl_edit::parser::parse_body(text) {
        Ok(body) => Ok(body),
        Err(e) => {
            let loc = e.location();
            let offset = line_col_to_offset(text, loc.line(), loc.column());
            let end = (offset + 1).min(text.len()).max(offset);
            Err(Diagnostic::error(
                "syntax",
                format!("syntax error: {}", first_line(e.message())),
                Some(Span::new(file, offset..end)),
            ))
        }
    }
}

fn first_line(s: &str) -> String {
    let s = s.trim();
    if s.is_empty() {
        "invalid HCL".to_string()
    } else {
        s.lines().next().unwrap_or(s).to_string()
    }
}

fn line_col_to_offset(text: &str, line: usize, col: usize) -> usize {
    let mut offset = 0usize;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            for (chars, (b, _)) in l.char_indices().enumerate() {
                if chars + 1 >= col {
                    return offset + b;
                }
            }
            return offset + l.len().saturating_sub(1);
        }
        offset += l.len();
    }
    text.len()
}

/// Translates Terraform's JSON configuration syntax into native syntax.
pub fn json_to_hcl(text: &str) -> Result<String, String> {
    let root: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    let obj = root
        .as_object()
        .ok_or_else(|| "a .tf.json file must hold a JSON object".to_string())?;
    let mut out = String::new();
    for (block_type, v) in obj {
        if block_type == "//" {
            continue;
        }
        let labels = match block_type.as_str() {
            "resource" | "data" => 2,
            "variable" | "output" | "module" | "provider" => 1,
            "locals" | "terraform" => 0,
            _ => 0,
        };
        emit_json_blocks(&mut out, block_type, v, labels, &mut Vec::new(), 0)?;
    }
    Ok(out)
}

fn emit_json_blocks(
    out: &mut String,
    block_type: &str,
    v: &serde_json::Value,
    labels_left: usize,
    labels: &mut Vec<String>,
    depth: usize,
) -> Result<(), String> {
    if depth > 64 {
        return Err("JSON configuration nested too deeply".into());
    }
    if labels_left == 0 {
        let bodies: Vec<&serde_json::Value> = match v {
            serde_json::Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for body in bodies {
            let obj = body
                .as_object()
                .ok_or_else(|| format!("block \"{block_type}\" must be a JSON object"))?;
            out.push_str(block_type);
            for l in labels.iter() {
                out.push(' ');
                out.push_str(&hcl_quote(l));
            }
            out.push_str(" {\n");
            emit_json_body(out, block_type, obj, depth + 1)?;
            out.push_str("}\n");
        }
        return Ok(());
    }
    let obj = v
        .as_object()
        .ok_or_else(|| format!("\"{block_type}\" must be a JSON object keyed by label"))?;
    for (label, inner) in obj {
        labels.push(label.clone());
        let items: Vec<&serde_json::Value> = match inner {
            serde_json::Value::Array(a) if labels_left == 1 => a.iter().collect(),
            other => vec![other],
        };
        for item in items {
            emit_json_blocks(out, block_type, item, labels_left - 1, labels, depth + 1)?;
        }
        labels.pop();
    }
    Ok(())
}

/// Attributes whose JSON string is a whole expression, not a template.
fn json_expr_attr(block_type: &str, key: &str) -> bool {
    matches!(
        (block_type, key),
        ("variable", "type") | (_, "depends_on") | (_, "provider") | ("module", "providers")
    )
}

/// Blocks that keep block form inside a resource (the rest become attributes,
/// which give the same plan-shaped values).
fn json_nested_block(key: &str) -> bool {
    matches!(
        key,
        "lifecycle"
            | "provisioner"
            | "connection"
            | "dynamic"
            | "content"
            | "default_tags"
            | "validation"
            | "backend"
            | "required_providers"
            | "precondition"
            | "postcondition"
    )
}

fn emit_json_body(
    out: &mut String,
    block_type: &str,
    obj: &serde_json::Map<String, serde_json::Value>,
    depth: usize,
) -> Result<(), String> {
    for (k, v) in obj {
        if k == "//" {
            continue;
        }
        if json_nested_block(k) && (v.is_object() || v.is_array()) {
            let labels = match k.as_str() {
                "provisioner" | "dynamic" | "backend" => 1,
                _ => 0,
            };
            emit_json_blocks(out, k, v, labels, &mut Vec::new(), depth + 1)?;
            continue;
        }
        if !is_hcl_ident(k) {
            return Err(format!("invalid attribute name {k:?}"));
        }
        out.push_str(k);
        out.push_str(" = ");
        if json_expr_attr(block_type, k) {
            match v {
                serde_json::Value::String(s) => out.push_str(strip_interp(s)),
                serde_json::Value::Array(items) => {
                    out.push('[');
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        match item {
                            serde_json::Value::String(s) => out.push_str(strip_interp(s)),
                            other => json_value_expr(out, other, depth + 1)?,
                        }
                    }
                    out.push(']');
                }
                other => json_value_expr(out, other, depth + 1)?,
            }
        } else {
            json_value_expr(out, v, depth + 1)?;
        }
        out.push('\n');
    }
    Ok(())
}

fn strip_interp(s: &str) -> &str {
    let t = s.trim();
    t.strip_prefix("${")
        .and_then(|x| x.strip_suffix('}'))
        .unwrap_or(t)
}

fn json_value_expr(out: &mut String, v: &serde_json::Value, depth: usize) -> Result<(), String> {
    if depth > 128 {
        return Err("JSON value nested too deeply".into());
    }
    match v {
        serde_json::Value::Null => out.push_str("null"),
        serde_json::Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        serde_json::Value::Number(n) => out.push_str(&n.to_string()),
        serde_json::Value::String(s) => out.push_str(&template_quote(s)),
        serde_json::Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                json_value_expr(out, item, depth + 1)?;
            }
            out.push(']');
        }
        serde_json::Value::Object(o) => {
            out.push_str("{\n");
            for (k, item) in o {
                out.push_str(&hcl_quote(k));
                out.push_str(" = ");
                json_value_expr(out, item, depth + 1)?;
                out.push('\n');
            }
            out.push('}');
        }
    }
    Ok(())
}

fn is_hcl_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// A quoted string literal with no template sequences.
fn hcl_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' => out.push_str("$$"),
            '%' => out.push_str("%%"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A quoted template: `${` and `%{` keep their meaning, as in JSON syntax strings.
fn template_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A block's label text.
pub fn label_str(l: &BlockLabel) -> &str {
    match l {
        BlockLabel::Ident(i) => i.as_str(),
        BlockLabel::String(s) => s.as_str(),
    }
}

/// The span of anything hcl-edit can span.
pub fn span_of<T: hcl_edit::Span>(file: FileId, item: &T) -> Option<Span> {
    item.span().map(|r| Span::new(file, r))
}

/// Where a top-level block sits: `bodies[body].get(idx)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItemRef {
    pub body: u32,
    pub idx: u32,
}

/// A `locals` entry: the attribute `attr` of the locals block `block`.
#[derive(Clone, Copy, Debug)]
pub struct LocalRef {
    pub block: ItemRef,
    pub attr: u32,
}

/// A `resource` or `data` block.
#[derive(Clone, Debug)]
pub struct ResourceDecl {
    pub item: ItemRef,
    pub mode: Mode,
    pub rtype: String,
    pub name: String,
}

/// A `module` block.
#[derive(Clone, Debug)]
pub struct ModuleCallDecl {
    pub item: ItemRef,
    pub name: String,
}

/// A `provider` block.
#[derive(Clone, Debug)]
pub struct ProviderDecl {
    pub item: ItemRef,
    pub name: String,
    pub alias: Option<String>,
}

/// The parsed files of one module directory and the index of its declarations.
#[derive(Debug, Default)]
pub struct ModuleDef {
    pub dir: PathBuf,
    pub bodies: Vec<(FileId, Body)>,
    pub variables: IndexMap<String, ItemRef>,
    pub locals: HashMap<String, LocalRef>,
    pub resources: Vec<ResourceDecl>,
    pub module_calls: Vec<ModuleCallDecl>,
    pub outputs: IndexMap<String, ItemRef>,
    pub providers: Vec<ProviderDecl>,
    /// Duplicate declarations and other structural problems.
    pub diagnostics: Vec<Diagnostic>,
    /// True when at least one file of the module failed to parse.
    pub has_syntax_errors: bool,
}

impl ModuleDef {
    /// Indexes the declarations of the given parsed files.
    pub fn new(dir: PathBuf, bodies: Vec<(FileId, Body)>) -> ModuleDef {
        let mut def = ModuleDef {
            dir,
            bodies,
            ..ModuleDef::default()
        };
        let mut diags = Vec::new();
        for (bi, (file, body)) in def.bodies.iter().enumerate() {
            for (si, st) in body.iter().enumerate() {
                let Structure::Block(block) = st else {
                    if let Structure::Attribute(a) = st {
                        diags.push(Diagnostic::warning(
                            "structure",
                            format!(
                                "unexpected top-level argument \"{}\" (ignored)",
                                a.key.as_str()
                            ),
                            span_of(*file, a),
                        ));
                    }
                    continue;
                };
                let item = ItemRef {
                    body: bi as u32,
                    idx: si as u32,
                };
                let labels: Vec<&str> = block.labels.iter().map(label_str).collect();
                let span = span_of(*file, block);
                match (block.ident.as_str(), labels.as_slice()) {
                    ("variable", [name]) => {
                        if def.variables.insert(name.to_string(), item).is_some() {
                            diags.push(Diagnostic::error(
                                "duplicate",
                                format!("duplicate variable \"{name}\""),
                                span,
                            ));
                        }
                    }
                    ("locals", []) => {
                        for (ai, st2) in block.body.iter().enumerate() {
                            if let Structure::Attribute(a) = st2 {
                                let r = LocalRef {
                                    block: item,
                                    attr: ai as u32,
                                };
                                if def.locals.insert(a.key.as_str().to_string(), r).is_some() {
                                    diags.push(Diagnostic::error(
                                        "duplicate",
                                        format!("duplicate local value \"{}\"", a.key.as_str()),
                                        span_of(*file, a),
                                    ));
                                }
                            }
                        }
                    }
                    ("resource", [t, n]) | ("data", [t, n]) => {
                        let mode = if block.ident.as_str() == "data" {
                            Mode::Data
                        } else {
                            Mode::Managed
                        };
                        if def
                            .resources
                            .iter()
                            .any(|r| r.mode == mode && r.rtype == *t && r.name == *n)
                        {
                            diags.push(Diagnostic::error(
                                "duplicate",
                                format!("duplicate {} \"{t}\" \"{n}\"", block.ident.as_str()),
                                span,
                            ));
                            continue;
                        }
                        def.resources.push(ResourceDecl {
                            item,
                            mode,
                            rtype: t.to_string(),
                            name: n.to_string(),
                        });
                    }
                    ("module", [name]) => {
                        if def.module_calls.iter().any(|m| m.name == *name) {
                            diags.push(Diagnostic::error(
                                "duplicate",
                                format!("duplicate module call \"{name}\""),
                                span,
                            ));
                            continue;
                        }
                        def.module_calls.push(ModuleCallDecl {
                            item,
                            name: name.to_string(),
                        });
                    }
                    ("output", [name]) => {
                        if def.outputs.insert(name.to_string(), item).is_some() {
                            diags.push(Diagnostic::error(
                                "duplicate",
                                format!("duplicate output \"{name}\""),
                                span,
                            ));
                        }
                    }
                    ("provider", [name]) => {
                        let alias = block
                            .body
                            .get_attribute("alias")
                            .and_then(|a| static_string(&a.value));
                        def.providers.push(ProviderDecl {
                            item,
                            name: name.to_string(),
                            alias,
                        });
                    }
                    // Blocks that create no resources but must parse: Terraform 1.5+
                    // `import`, `moved`, `removed`, `check`, and the rest.
                    ("terraform", _)
                    | ("import", _)
                    | ("moved", _)
                    | ("removed", _)
                    | ("check", _)
                    | ("ephemeral", _)
                    | ("action", _)
                    | ("list", _) => {}
                    (other, _) => diags.push(Diagnostic::warning(
                        "structure",
                        format!("unknown top-level block \"{other}\" (ignored)"),
                        span,
                    )),
                }
            }
        }
        def.diagnostics = diags;
        def
    }

    pub fn block(&self, r: ItemRef) -> Option<&Block> {
        match self.bodies.get(r.body as usize)?.1.get(r.idx as usize)? {
            Structure::Block(b) => Some(b),
            Structure::Attribute(_) => None,
        }
    }

    pub fn file_of(&self, r: ItemRef) -> FileId {
        self.bodies.get(r.body as usize).map(|b| b.0).unwrap_or(0)
    }

    pub fn local(&self, r: LocalRef) -> Option<&Attribute> {
        match self.block(r.block)?.body.get(r.attr as usize)? {
            Structure::Attribute(a) => Some(a),
            Structure::Block(_) => None,
        }
    }
}

/// A string from a literal expression (`"x"`) or a bare identifier, without evaluation.
pub fn static_string(e: &Expression) -> Option<String> {
    match e {
        Expression::String(s) => Some(s.as_str().to_string()),
        Expression::Variable(v) => Some(v.as_str().to_string()),
        Expression::StringTemplate(t) => {
            let mut out = String::new();
            for el in t.iter() {
                out.push_str(el.as_literal()?.as_str());
            }
            Some(out)
        }
        _ => None,
    }
}

/// A provider reference written as a traversal: `aws.west` or `aws`.
pub fn provider_ref(e: &Expression) -> Option<String> {
    use hcl_edit::expr::TraversalOperator;
    match e {
        Expression::Variable(v) => Some(v.as_str().to_string()),
        Expression::Traversal(t) => {
            let mut s = match &t.expr {
                Expression::Variable(v) => v.as_str().to_string(),
                _ => return None,
            };
            for op in &t.operators {
                match op.value() {
                    TraversalOperator::GetAttr(a) => {
                        s.push('.');
                        s.push_str(a.as_str());
                    }
                    _ => return None,
                }
            }
            Some(s)
        }
        Expression::String(s) => Some(s.as_str().to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_has_position() {
        let d = parse_file(0, "resource \"a\" \"b\" {\n  x = \n}\n").unwrap_err();
        assert_eq!(d.kind, "syntax");
        assert!(d.span.is_some());
    }

    #[test]
    fn json_syntax_translates() {
        let hcl = json_to_hcl(
            r#"{"variable":{"n":{"type":"number","default":2}},
                "resource":{"aws_s3_bucket":{"b":{"count":"${var.n}","bucket":"logs-${count.index}","tags":{"a b":"c"}}}}}"#,
        )
        .unwrap();
        let body = hcl_edit::parser::parse_body(&hcl).unwrap();
        assert_eq!(body.blocks().count(), 2, "{hcl}");
        assert!(hcl.contains("type = number"), "{hcl}");
        assert!(hcl.contains("count = \"${var.n}\""), "{hcl}");
    }

    #[test]
    fn declarations_are_indexed() {
        let text = "variable \"a\" {}\nlocals {\n x = 1\n y = 2\n}\nresource \"aws_vpc\" \"v\" {}\ndata \"aws_ami\" \"u\" {}\nmodule \"m\" { source = \"./m\" }\noutput \"o\" { value = 1 }\nprovider \"aws\" { alias = \"west\" }\nimport {\n to = aws_vpc.v\n id = \"vpc-1\"\n}\n";
        let body = parse_file(0, text).unwrap();
        let def = ModuleDef::new(".".into(), vec![(0, body)]);
        assert_eq!(def.variables.len(), 1);
        assert_eq!(def.locals.len(), 2);
        assert_eq!(def.resources.len(), 2);
        assert_eq!(def.module_calls.len(), 1);
        assert_eq!(def.providers[0].alias.as_deref(), Some("west"));
        assert!(def.diagnostics.is_empty(), "{:?}", def.diagnostics);
    }
}
