//! Terraform type constraints (`variable "x" { type = ... }`) and conversion to them.
