variable "name" {
  type    = string
  default = "demo"
}

variable "ports" {
  type    = list(number)
  default = [22, 443]
}

variable "settings" {
  type = object({
    enabled = bool
    size    = optional(number, 3)
    labels  = optional(map(string), {})
  })
  default = { enabled = true }
}

variable "password" {
  type      = string
  sensitive = true
}

variable "env" {
  type     = string
  default  = "dev"
  nullable = false

  validation {
    condition     = contains(["dev", "prod"], var.env)
    error_message = "Unsupported environment."
  }
}
