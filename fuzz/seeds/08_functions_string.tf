locals {
  a = upper("abc")
  b = replace("a-b-c", "-", "_")
  c = regex("^([a-z]+)-(\\d+)$", "web-42")
  d = split(",", "x,y,,z")
  e = join("/", ["a", "b"])
  f = format("%s=%d (%.2f) %q", "k", 7, 3.14159, "v")
  g = trimspace("  pad  ")
  h = substr("héllo wörld", 1, 4)
  i = title("hello world")
  j = can(regex("[", "x")) ? "bad" : "ok"
  k = try(local.missing, "fallback")
  l = strrev("abc")
  m = indent(2, "a\nb")
  n = formatlist("%s-%s", ["a", "b"], ["1", "2"])
  o = startswith("terraform", "terra")
}
