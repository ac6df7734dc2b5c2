data "aws_iam_policy_document" "doc" {
  statement {
    sid       = "Admin"
    effect    = "Allow"
    actions   = ["*"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalTag/team"
      values   = ["ops"]
    }
  }

  dynamic "statement" {
    for_each = { read = ["s3:Get*"], list = ["s3:List*"] }
    content {
      sid       = statement.key
      actions   = statement.value
      resources = ["arn:aws:s3:::b/*"]
    }
  }
}

resource "aws_iam_role_policy" "inline" {
  role   = "r"
  policy = data.aws_iam_policy_document.doc.json
}
