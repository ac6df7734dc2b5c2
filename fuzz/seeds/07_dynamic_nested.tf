variable "rules" {
  default = {
    archive = { prefix = "logs/", steps = [{ days = 30, class = "STANDARD_IA" }, { days = 90, class = "GLACIER" }] }
    temp    = { prefix = "tmp/", steps = [] }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "lc" {
  bucket = "example"

  dynamic "rule" {
    for_each = var.rules
    content {
      id     = rule.key
      status = "Enabled"

      filter {
        prefix = rule.value.prefix
      }

      dynamic "transition" {
        for_each = rule.value.steps
        content {
          days          = transition.value.days
          storage_class = transition.value.class
        }
      }
    }
  }
}
