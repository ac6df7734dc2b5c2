data "aws_caller_identity" "me" {}

data "aws_ami" "al" {
  most_recent = true
  owners      = ["amazon"]
}

variable "no_default" {
  type = string
}

resource "aws_instance" "x" {
  count         = length(data.aws_ami.al.id) > 0 ? 1 : 0
  ami           = data.aws_ami.al.id
  instance_type = var.no_default
  tags          = { Owner = data.aws_caller_identity.me.account_id }
}

resource "aws_s3_bucket" "y" {
  for_each = toset([var.no_default])
  bucket   = each.key
}
