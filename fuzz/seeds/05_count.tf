variable "n" {
  default = 3
}

variable "enabled" {
  default = false
}

resource "aws_instance" "web" {
  count         = var.n
  ami           = "ami-123456"
  instance_type = count.index == 0 ? "t3.large" : "t3.micro"
  tags          = { Name = format("web-%02d", count.index + 1) }
}

resource "aws_eip" "web" {
  count    = var.enabled ? length(aws_instance.web) : 0
  instance = aws_instance.web[count.index].id
}

output "ids" {
  value = aws_instance.web[*].id
}
