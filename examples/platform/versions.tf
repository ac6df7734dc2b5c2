terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.40, < 6.0"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = local.common_tags
  }
}

# Second region for the disaster-recovery network.
provider "aws" {
  alias  = "replica"
  region = var.replica_region

  default_tags {
    tags = merge(local.common_tags, { Role = "disaster-recovery" })
  }
}
