# The single "app" module became one instance per service; keep its state.
moved {
  from = module.app
  to   = module.service["api"]
}

# The main VPC was created by hand before this configuration existed.
import {
  to = module.network.aws_vpc.this
  id = "vpc-0f1e2d3c4b5a69788"
}

check "database_spans_two_zones" {
  assert {
    condition     = length(module.network.private_subnet_ids) >= 2
    error_message = "The database subnet group needs subnets in at least two availability zones."
  }
}
