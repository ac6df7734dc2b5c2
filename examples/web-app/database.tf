resource "aws_db_subnet_group" "main" {
  name       = "${local.name}-db"
  subnet_ids = [for subnet in aws_subnet.private : subnet.id]
}

resource "aws_db_instance" "main" {
  identifier     = "${local.name}-mysql"
  engine         = "mysql"
  engine_version = "8.0"
  instance_class = var.db_instance_class
  multi_az       = true

  db_name                     = "shopfront"
  username                    = "shopfront_admin"
  manage_master_user_password = true

  # INTENTIONAL: gp2 storage (gp3 is cheaper for the same baseline).
  storage_type      = "gp2"
  allocated_storage = var.db_allocated_storage
  # INTENTIONAL: storage not encrypted at rest (SEC026).
  storage_encrypted = false

  db_subnet_group_name   = aws_db_subnet_group.main.name
  vpc_security_group_ids = [aws_security_group.db.id]
  # INTENTIONAL: true through terraform.tfvars (SEC005).
  publicly_accessible = var.db_publicly_accessible

  backup_retention_period   = 7
  deletion_protection       = true
  skip_final_snapshot       = false
  final_snapshot_identifier = "${local.name}-mysql-final"
  copy_tags_to_snapshot     = true
}
