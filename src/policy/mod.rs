//! Policies: loader, engine, built-in checks and suppressions.
//!
//! - `spec`: the YAML policy format and its validated form ([`Policy`]);
//! - `loader`: embedded policies and user directories ([`load_policies`]);
//! - `engine`: [`audit`] runs policies over an evaluated model;
//! - `eval`, `path`, `index`: declarative conditions, attribute paths and the
//!   per-run indexes over the model;
//! - `builtin`: checks written in Rust (`builtin: NAME` in YAML).

pub mod builtin;
pub mod embedded;
pub mod engine;
pub mod eval;
pub mod index;
pub mod loader;
pub mod path;
pub mod spec;

pub use engine::{audit, AuditOptions, AuditResult};
pub use loader::{all_policies, embedded_policies, load_policies, parse_policy, PolicyError};
pub use spec::{Condition, Policy, PolicyCheck, Remediation, TypeRef};
