resource "aws_launch_template" "app" {
  name_prefix = "${local.name}-app-"
  image_id    = var.ami_id

  # INTENTIONAL: x86 t3.medium (var.instance_type) where the Graviton t4g.medium
  # would be cheaper.
  instance_type = var.instance_type

  vpc_security_group_ids = [aws_security_group.app.id]

  iam_instance_profile {
    arn = aws_iam_instance_profile.app.arn
  }

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      # INTENTIONAL: gp2 root volume; gp3 gives the same baseline for ~20% less.
      volume_type           = "gp2"
      volume_size           = 30
      encrypted             = true
      delete_on_termination = true
    }
  }

  user_data = base64encode(<<-EOT
    #!/bin/bash
    set -euo pipefail
    echo "APP_PORT=${var.app_port}" >> /etc/shopfront.env
    echo "LOG_GROUP=${aws_cloudwatch_log_group.app.name}" >> /etc/shopfront.env
    systemctl enable --now shopfront
  EOT
  )

  tag_specifications {
    resource_type = "instance"

    tags = {
      Name = "${local.name}-app"
    }
  }
}

resource "aws_autoscaling_group" "app" {
  name                = "${local.name}-app"
  min_size            = var.asg_min_size
  max_size            = var.asg_max_size
  desired_capacity    = var.asg_desired_capacity
  vpc_zone_identifier = [for subnet in aws_subnet.private : subnet.id]
  target_group_arns   = [aws_lb_target_group.app.arn]
  health_check_type   = "ELB"

  launch_template {
    id      = aws_launch_template.app.id
    version = "$Latest"
  }

  tag {
    key                 = "Name"
    value               = "${local.name}-app"
    propagate_at_launch = true
  }
}
