# Locals are written in the order a reader wants them, not in dependency order:
# each one refers to others defined further down.
locals {
  name_prefix = "${local.project_code}-${local.env_code}"

  common_tags = merge(local.base_tags, var.extra_tags)

  env_code = lookup(local.env_codes, var.environment, "dev")

  base_tags = {
    Project     = var.project
    Environment = var.environment
    ManagedBy   = "terraform"
  }

  env_codes = {
    development = "dev"
    staging     = "stg"
    production  = "prd"
  }

  project_code = lower(var.project)
}
