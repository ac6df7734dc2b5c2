resource "aws_kms_key" "main" {
  description             = "orderflow data key (tables, secrets, logs)"
  deletion_window_in_days = 30
  # INTENTIONAL: automatic yearly rotation of the key material is off (CIS 3.6).
  enable_key_rotation = false

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministration"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudWatchLogs"
        Effect    = "Allow"
        Principal = { Service = "logs.${var.region}.amazonaws.com" }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
      },
    ]
  })
}

resource "aws_kms_alias" "main" {
  name          = "alias/${local.prefix}"
  target_key_id = aws_kms_key.main.key_id
}

data "aws_caller_identity" "current" {}

# INTENTIONAL: no aws_secretsmanager_secret_rotation for this secret (SEC023).
resource "aws_secretsmanager_secret" "payment_provider" {
  name        = "${local.prefix}/payment-provider"
  description = "Credentials of the payment provider account"
  kms_key_id  = aws_kms_key.main.arn

  recovery_window_in_days = 7
}
