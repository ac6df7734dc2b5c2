resource "aws_cloudwatch_log_group" "app" {
  name              = "/${var.project}/${var.environment}/app"
  retention_in_days = var.app_log_retention_days
}

# INTENTIONAL: no retention_in_days, so VPC flow logs are kept (and billed) forever
# (COST012).
resource "aws_cloudwatch_log_group" "vpc_flow" {
  name = "/${var.project}/${var.environment}/vpc-flow-logs"
}
