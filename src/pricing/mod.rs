//! Pricing: the embedded price catalog, the estimator, usage files and `pricing update`.
