resource "aws_db_instance" "db" {
  identifier        = "db"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  storage_encrypted = false

  lifecycle {
    prevent_destroy = true
    ignore_changes  = [tags, engine_version]
  }

  depends_on = [aws_security_group.db]
}

resource "aws_security_group" "db" {
  name = "db"
}

moved {
  from = aws_security_group.old
  to   = aws_security_group.db
}

import {
  to = aws_security_group.db
  id = "sg-123"
}

check "health" {
  assert {
    condition     = aws_db_instance.db.allocated_storage > 10
    error_message = "too small"
  }
}
