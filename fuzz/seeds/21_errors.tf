resource "aws_instance" "broken" {
  ami = 
  tags = { a = 1, }
  count = "three"
}

variable "dup" {}
variable "dup" {}

locals {
  x = unknownfunc(1)
  y = upper(1, 2)
  z = [1, 2][9]
}
