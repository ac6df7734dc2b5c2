//! `chkmate history [PATH]`: audit runs from the store.

use crate::cli::{HistoryArgs, InspectFormat};
use crate::exit::ExitStatus;
use crate::report::{self, Output};
use crate::store;
use anyhow::Result;

pub fn run(args: &HistoryArgs, out: &mut Output) -> Result<ExitStatus> {
    let st = store::Store::open_default()?;
    let target = args.path.as_deref().map(store::target_key);
    let runs = st.audit_runs(target.as_deref(), args.limit)?;
    match args.format {
        InspectFormat::Table => report::history::table(&runs, out.out())?,
        InspectFormat::Json => report::history::json(&runs, out.out())?,
    }
    Ok(ExitStatus::Ok)
}
