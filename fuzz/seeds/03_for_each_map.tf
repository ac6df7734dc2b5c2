locals {
  buckets = {
    logs    = { versioning = true }
    backups = { versioning = false }
  }
}

resource "aws_s3_bucket" "b" {
  for_each = local.buckets
  bucket   = "corp-${each.key}"
  tags     = { Versioned = tostring(each.value.versioning) }
}

resource "aws_s3_bucket_versioning" "b" {
  for_each = aws_s3_bucket.b
  bucket   = each.value.id

  versioning_configuration {
    status = local.buckets[each.key].versioning ? "Enabled" : "Suspended"
  }
}
