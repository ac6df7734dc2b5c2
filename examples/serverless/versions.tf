terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = local.common_tags
  }
}

# Disaster-recovery region: holds the replica of the orders table.
provider "aws" {
  alias  = "west"
  region = "us-west-2"

  default_tags {
    tags = local.common_tags
  }
}
