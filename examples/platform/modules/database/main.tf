terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "name" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "client_cidrs" {
  description = "CIDR blocks allowed to reach MySQL."
  type        = list(string)
}

variable "instance_class" {
  type = string
}

variable "allocated_storage" {
  type = number
}

variable "parameters" {
  description = "MySQL parameters of the parameter group."
  type        = map(string)
  default     = {}
}

variable "options" {
  description = "Options of the option group, each with its settings."
  type = list(object({
    name     = string
    settings = map(string)
  }))
  default = []
}

resource "aws_db_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids
}

resource "aws_security_group" "this" {
  name        = "${var.name}-mysql"
  description = "MySQL clients"
  vpc_id      = var.vpc_id

  dynamic "ingress" {
    for_each = var.client_cidrs
    iterator = client

    content {
      description = "MySQL from ${client.value}"
      from_port   = 3306
      to_port     = 3306
      protocol    = "tcp"
      cidr_blocks = [client.value]
    }
  }
}

resource "aws_db_parameter_group" "this" {
  name   = "${var.name}-mysql80"
  family = "mysql8.0"

  dynamic "parameter" {
    for_each = var.parameters

    content {
      name  = parameter.key
      value = parameter.value
    }
  }
}

# Nested dynamic blocks: one option per entry, one option_settings per setting.
resource "aws_db_option_group" "this" {
  name                 = "${var.name}-mysql80"
  engine_name          = "mysql"
  major_engine_version = "8.0"

  dynamic "option" {
    for_each = var.options
    iterator = opt

    content {
      option_name = opt.value.name

      dynamic "option_settings" {
        for_each = opt.value.settings
        iterator = setting

        content {
          name  = setting.key
          value = setting.value
        }
      }
    }
  }
}

resource "aws_db_instance" "this" {
  identifier     = "${var.name}-mysql"
  engine         = "mysql"
  engine_version = "8.0.36"
  instance_class = var.instance_class
  multi_az       = true
  port           = 3306

  allocated_storage     = var.allocated_storage
  max_allocated_storage = var.allocated_storage * 4
  storage_type          = "gp3"
  storage_encrypted     = true

  username                    = "ledger_admin"
  manage_master_user_password = true

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.this.id]
  parameter_group_name   = aws_db_parameter_group.this.name
  option_group_name      = aws_db_option_group.this.name

  backup_retention_period = 14
  skip_final_snapshot     = false

  final_snapshot_identifier = "${var.name}-mysql-final"

  # INTENTIONAL: deletion protection is off for the production database (SEC027).
  deletion_protection = false
}

output "address" {
  value = aws_db_instance.this.address
}

output "port" {
  value = aws_db_instance.this.port
}

output "security_group_id" {
  value = aws_security_group.this.id
}
