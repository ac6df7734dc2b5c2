//! Terraform's built-in functions. (Being written: see the module brief.)

use super::value::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// What a function needs from its surroundings.
pub struct FnContext<'a> {
    /// Directory of the module whose expression calls the function (`path.module`).
    pub module_dir: &'a Path,
    /// Renders a template string (`templatefile`) with the given variables.
    pub render_template: &'a dyn Fn(&str, &BTreeMap<String, Value>) -> Result<Value, String>,
}

/// Why a function call produced no value.
#[derive(Debug, Clone, PartialEq)]
pub enum FnError {
    /// The function is not implemented by chkmate.
    Unsupported(String),
    /// The call is invalid (wrong argument count or type, bad input ...).
    Invalid(String),
}

/// Calls a built-in function on unmarked arguments.
pub fn call(name: &str, _args: Vec<Value>, _ctx: &FnContext<'_>) -> Result<Value, FnError> {
    Err(FnError::Unsupported(name.to_string()))
}
