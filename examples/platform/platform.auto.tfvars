# Loaded automatically after terraform.tfvars, so its values win.
extra_tags = {
  Owner      = "platform-team"
  CostCenter = "cc-2207"
}

# Overrides db.t3.medium from terraform.tfvars.
db_instance_class = "db.r6g.large"
