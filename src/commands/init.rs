//! `chkmate init`: writes a commented default `.chkmate.yml`.

use crate::cli::InitArgs;
use crate::config::Config;
use crate::exit::ExitStatus;
use crate::report::Output;
use anyhow::{bail, Context, Result};

pub fn run(args: &InitArgs, out: &mut Output) -> Result<ExitStatus> {
    let path = args.dir.join(".chkmate.yml");
    if path.exists() && !args.force {
        bail!(
            "{} already exists (use --force to replace it)",
            path.display()
        );
    }
    std::fs::write(&path, Config::default_yaml())
        .with_context(|| format!("cannot write {}", path.display()))?;
    out.note(&format!("wrote {}", path.display()));
    Ok(ExitStatus::Ok)
}
