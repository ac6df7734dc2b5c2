variable "users" {
  type    = set(string)
  default = ["ana", "bo", "ana"]
}

resource "aws_iam_user" "u" {
  for_each = toset([for u in var.users : lower(u)])
  name     = each.value
  path     = "/people/"
}

resource "aws_iam_user_policy_attachment" "ro" {
  for_each   = aws_iam_user.u
  user       = each.value.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
