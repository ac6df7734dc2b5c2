variable "bucket" {
  default = "data"
}

resource "aws_iam_policy" "p" {
  name   = "heredoc"
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::${var.bucket}/*"}]
}
EOT
}

resource "aws_instance" "i" {
  ami           = "ami-1"
  instance_type = "t3.micro"
  user_data     = <<-SCRIPT
    #!/bin/sh
    %{for n in ["a", "b"]~}
    echo ${n}
    %{endfor~}
  SCRIPT
}
