//! Pricing: the embedded price catalog, the estimator, usage files and `pricing update`.
//!
//! - [`catalog`]: the price snapshot (embedded, or a file) and its lookups.
//! - [`estimate`]: evaluated resources to cost components and totals.
//! - [`usage`]: usage files (`chkmate-usage.yml`, Infracost's `infracost-usage.yml`).
//! - [`resources`]: the pricing rules per resource type.

pub mod catalog;
pub mod diff;
pub mod estimate;
pub mod offer;
pub mod resources;
pub mod savings;
pub mod update;
pub mod usage;

pub use catalog::{Price, PriceCatalog, PriceSource, PriceTier, SnapshotInfo, HOURS_PER_MONTH};
pub use estimate::{
    estimate, CostComponent, Estimate, EstimateOptions, PriceStatus, ResourceCost, ResourceStatus,
    Totals,
};
pub use usage::{ResourceUsage, Usage, UsageValue, UsageWarning};
