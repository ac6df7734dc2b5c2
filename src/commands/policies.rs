//! `chkmate policies list | show ID | docs`.

use crate::cli::{InspectFormat, PoliciesCommand};
use crate::exit::ExitStatus;
use crate::policy;
use crate::report::{self, Output};
use anyhow::{bail, Context, Result};

pub fn run(cmd: &PoliciesCommand, out: &mut Output) -> Result<ExitStatus> {
    match cmd {
        PoliciesCommand::List {
            policy_dirs,
            format,
        } => {
            let ps = policy::all_policies(policy_dirs)?;
            match format {
                InspectFormat::Table => report::policies::list_table(&ps, out.out())?,
                InspectFormat::Json => report::policies::list_json(&ps, out.out())?,
            }
        }
        PoliciesCommand::Show { id, policy_dirs } => {
            let ps = policy::all_policies(policy_dirs)?;
            let want = id.trim().to_ascii_uppercase();
            let Some(p) = ps.iter().find(|p| p.id == want) else {
                bail!("no policy {want} (see `chkmate policies list`)");
            };
            report::policies::markdown(p, "#", out.out())?;
        }
        PoliciesCommand::Docs {
            policy_dirs,
            output,
        } => {
            let ps = policy::all_policies(policy_dirs)?;
            match output {
                Some(path) => {
                    let mut f = std::fs::File::create(path)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    report::policies::docs(&ps, &mut f)?;
                }
                None => report::policies::docs(&ps, out.out())?,
            }
        }
    }
    Ok(ExitStatus::Ok)
}
