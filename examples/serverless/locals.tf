locals {
  service = "orderflow"
  prefix  = "${local.service}-${var.environment}"

  common_tags = {
    Service     = local.service
    Environment = var.environment
    Owner       = "payments-team"
    CostCenter  = "cc-4102"
  }

  # One Lambda function per entry; the map keys become the for_each instance keys.
  functions = {
    orders-api = {
      description  = "HTTP API for creating and reading orders"
      runtime      = "provided.al2023"
      handler      = "bootstrap"
      architecture = "arm64"
      memory_size  = 256
      timeout      = 10
      environment = {
        TABLE_NAME = "${local.prefix}-orders"
        LOG_LEVEL  = "info"
      }
    }

    payments-webhook = {
      description  = "Receives payment provider webhooks through the REST API"
      runtime      = "python3.12"
      handler      = "webhook.handler"
      architecture = "x86_64"
      memory_size  = 512
      timeout      = 15
      environment = {
        TABLE_NAME = "${local.prefix}-orders"
        # INTENTIONAL: a live-looking payment API key hardcoded in the configuration
        # (SEC032). The value is fake; it should come from Secrets Manager instead.
        PAYMENT_API_KEY = "sk_live_x0x1x2x3x4x5x6x7x8x9x0x1"
      }
    }

    report-worker = {
      description  = "Builds nightly reports from the jobs queue"
      runtime      = "python3.12"
      handler      = "worker.handler"
      architecture = "x86_64"
      memory_size  = 1024
      timeout      = 300
      environment = {
        REPORTS_TABLE = "${local.prefix}-report-cursors"
        LOG_LEVEL     = "warning"
      }
    }
  }
}
