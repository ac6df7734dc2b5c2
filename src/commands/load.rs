//! Shared by every command that reads a configuration: `LoadArgs` → `load`.

use crate::cli::LoadArgs;
use crate::terraform::{self, LoadOptions, Loaded, VarInput};
use anyhow::{bail, Result};
use clap::ArgMatches;

/// `--var` and `--var-file` in the order they were given (later wins, as in
/// Terraform), using clap's argument indices.
pub fn var_inputs(args: &LoadArgs, matches: Option<&ArgMatches>) -> Result<Vec<VarInput>> {
    let mut ordered: Vec<(usize, VarInput)> = Vec::new();
    let var_idx: Vec<usize> = matches
        .and_then(|m| m.indices_of("vars"))
        .map(|i| i.collect())
        .unwrap_or_default();
    let file_idx: Vec<usize> = matches
        .and_then(|m| m.indices_of("var_files"))
        .map(|i| i.collect())
        .unwrap_or_default();
    for (n, v) in args.vars.iter().enumerate() {
        let Some((k, val)) = v.split_once('=') else {
            bail!("--var {v:?}: expected NAME=VALUE");
        };
        let k = k.trim();
        if k.is_empty() {
            bail!("--var {v:?}: the variable name is empty");
        }
        ordered.push((
            var_idx.get(n).copied().unwrap_or(n),
            VarInput::Pair(k.to_string(), val.to_string()),
        ));
    }
    for (n, f) in args.var_files.iter().enumerate() {
        ordered.push((
            file_idx.get(n).copied().unwrap_or(usize::MAX / 2 + n),
            VarInput::File(f.clone()),
        ));
    }
    ordered.sort_by_key(|(i, _)| *i);
    Ok(ordered.into_iter().map(|(_, v)| v).collect())
}

/// Loads and evaluates the PATHs of a command.
pub fn load(args: &LoadArgs, matches: Option<&ArgMatches>) -> Result<Loaded> {
    let opts = LoadOptions {
        vars: var_inputs(args, matches)?,
        exclude: args.exclude.clone(),
        workspace: args.workspace.clone(),
        use_env: true,
    };
    Ok(terraform::load(&args.paths, &opts)?)
}
