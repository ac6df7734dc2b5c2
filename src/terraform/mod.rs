//! Terraform: loading (HCL and plan JSON), the lossless tree and the evaluated model.

pub mod functions;
pub mod model;
pub mod types;
pub mod value;

pub use model::{Attr, Body, Diagnostic, InstanceKey, Mode, Model, NestedBlock, Resource};
pub use value::{Marks, Origin, OriginKind, Value};
