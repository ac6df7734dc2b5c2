module "local_missing" {
  source = "./modules/does-not-exist"
  name   = "x"
}

module "registry" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"
  cidr    = "10.0.0.0/16"
}

module "git" {
  source   = "git::https://example.com/mod.git?ref=v1"
  for_each = toset(["a", "b"])
  name     = each.key
}

output "from_missing" {
  value = module.local_missing.id
}

resource "aws_s3_bucket" "uses_module" {
  bucket = "b-${module.registry.vpc_id}"
}
