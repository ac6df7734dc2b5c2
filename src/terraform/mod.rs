//! Terraform: loading (HCL and plan JSON), the lossless tree and the evaluated model.

pub mod eval;
pub mod functions;
pub mod iam_doc;
pub mod loader;
pub mod model;
pub mod parse;
pub mod plan_json;
pub mod types;
pub mod value;

pub use loader::{evaluate_source, load, LoadOptions, Loaded, RootInfo, RootKind, VarInput};
pub use model::{
    Attr, Body, ConfigBlock, Diagnostic, InstanceKey, Mode, Model, NestedBlock, Resource,
};
pub use value::{Marks, Origin, OriginKind, Value};
