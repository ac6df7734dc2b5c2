locals {
  doc = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = "*"
    }]
  })
  back  = jsondecode(local.doc).Statement[0].Effect
  y     = yamldecode("a: [1, 2]\nb: {c: true}\n")
  b64   = base64encode("hello")
  plain = base64decode(local.b64)
  hash  = sha256("x")
  cidr  = cidrsubnet("10.0.0.0/16", 8, 2)
  host  = cidrhost("10.0.0.0/24", 5)
  nets  = cidrsubnets("10.0.0.0/16", 4, 4, 8)
  url   = urlencode("a b&c")
  n     = parseint("ff", 16)
  t     = tonumber("1e3")
}
