locals {
  prefix  = "app-${var.env}"
  ports   = [for p in var.ports : p if p != 22]
  by_port = { for p in var.ports : tostring(p) => p * 2 }
  merged  = merge({ a = 1 }, { b = "two" }, { a = null })
  nested  = { x = { y = [1, 2, { z = true }] } }
  pick    = local.nested.x.y[2].z ? "yes" : "no"
  groups  = { for s in ["a1", "a2", "b1"] : substr(s, 0, 1) => s... }
}

variable "env" {
  default = "dev"
}

variable "ports" {
  default = [22, 80, 443]
}
