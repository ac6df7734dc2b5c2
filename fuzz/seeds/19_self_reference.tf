locals {
  a = local.b
  b = local.a
  c = [for x in local.c : x]
}

variable "v" {
  default = "${local.a}"
}

resource "aws_vpc" "loop" {
  cidr_block = aws_vpc.loop.cidr_block
}

output "o" {
  value = output.o
}
