terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
  default_tags {
    tags = { Team = "core", Env = "dev" }
  }
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

resource "aws_s3_bucket" "east" {
  bucket = "east"
  tags   = { Env = "override" }
}

resource "aws_s3_bucket" "west" {
  provider = aws.west
  bucket   = "west"
}
