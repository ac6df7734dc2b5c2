variable "items" {
  default = ["a", "b", "c"]
}

locals {
  inline = "x%{if length(var.items) > 2}many%{else}few%{endif}y"
  loop   = "%{for i, v in var.items}${i}:${v}%{if i < 2},%{endif}%{endfor}"
  strip  = "  %{~ for v in var.items ~} [${v}] %{~ endfor ~}  "
  escape = "literal $${not_interp} and %%{not_directive}"
  nested = "outer ${"inner ${upper("deep")}"}"
}
