terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

locals {
  # The root volume first, then the extra volumes, all with the same attributes so
  # the list has one element type.
  volumes = concat(
    [
      {
        device_name  = "/dev/xvda"
        size         = var.root_volume.size
        type         = var.root_volume.type
        encrypted    = var.root_volume.encrypted
        iops         = null
        virtual_name = null
      },
    ],
    [
      for volume in var.data_volumes : {
        device_name  = volume.device_name
        size         = volume.size
        type         = volume.type
        encrypted    = volume.encrypted
        iops         = volume.iops
        virtual_name = volume.virtual_name
      }
    ],
  )

  user_data = templatefile("${path.module}/templates/user-data.sh.tftpl", {
    service_name = var.name
    port         = var.port
    db_address   = var.db_address
    db_port      = var.db_port
    environment  = var.environment
  })
}

resource "aws_security_group" "this" {
  name        = var.name
  description = "Instances of ${var.name}"
  vpc_id      = var.vpc_id

  dynamic "ingress" {
    for_each = var.ingress
    iterator = rule

    content {
      description = rule.value.description
      from_port   = rule.value.port
      to_port     = rule.value.port
      protocol    = "tcp"
      cidr_blocks = rule.value.cidr_blocks
    }
  }

  egress {
    description = "HTTPS to AWS APIs"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    description = "MySQL"
    from_port   = var.db_port
    to_port     = var.db_port
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "aws_launch_template" "this" {
  name_prefix   = "${var.name}-"
  image_id      = var.ami_id
  instance_type = var.instance_type
  user_data     = base64encode(local.user_data)

  vpc_security_group_ids = [aws_security_group.this.id]

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  # Nested dynamic blocks: an EBS volume gets an "ebs" block, an instance-store
  # volume (virtual_name set) gets none.
  dynamic "block_device_mappings" {
    for_each = local.volumes
    iterator = volume

    content {
      device_name  = volume.value.device_name
      virtual_name = volume.value.virtual_name

      dynamic "ebs" {
        for_each = volume.value.virtual_name == null ? [volume.value] : []
        iterator = disk

        content {
          volume_size           = disk.value.size
          volume_type           = disk.value.type
          iops                  = disk.value.iops
          encrypted             = disk.value.encrypted
          delete_on_termination = true
        }
      }
    }
  }

  tag_specifications {
    resource_type = "volume"

    tags = {
      Service = var.name
    }
  }
}

resource "aws_autoscaling_group" "this" {
  name                = var.name
  min_size            = var.min_size
  max_size            = var.max_size
  desired_capacity    = var.desired_capacity
  vpc_zone_identifier = var.subnet_ids

  launch_template {
    id      = aws_launch_template.this.id
    version = aws_launch_template.this.latest_version
  }

  instance_refresh {
    strategy = "Rolling"

    preferences {
      min_healthy_percentage = 50
    }
  }

  tag {
    key                 = "Name"
    value               = var.name
    propagate_at_launch = true
  }
}
