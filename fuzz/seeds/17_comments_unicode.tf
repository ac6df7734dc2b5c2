# hash comment
// slash comment
/* block
   comment */
resource "aws_sns_topic" "t" { # trailing
  name = "tópico-☃" // unicode
  /* inline */ display_name = "\u00e9\t\"quoted\"\\"
  delivery_policy = "{\"k\": 1}"
}

resource "aws_sns_topic" "one_line" { name = "x" }
