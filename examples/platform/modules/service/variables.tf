variable "name" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "instance_type" {
  type = string
}

variable "ami_id" {
  type = string
}

variable "port" {
  type = number
}

variable "min_size" {
  type = number
}

variable "max_size" {
  type = number
}

variable "desired_capacity" {
  type = number
}

variable "root_volume" {
  type = object({
    size      = optional(number, 20)
    type      = optional(string, "gp3")
    encrypted = optional(bool, true)
  })
  default = {}
}

variable "data_volumes" {
  type = list(object({
    device_name  = string
    size         = optional(number, 0)
    type         = optional(string, "gp3")
    encrypted    = optional(bool, true)
    iops         = optional(number)
    virtual_name = optional(string)
  }))
  default = []
}

variable "ingress" {
  type = list(object({
    description = string
    port        = number
    cidr_blocks = list(string)
  }))
  default = []
}

variable "db_address" {
  type = string
}

variable "db_port" {
  type = number
}

variable "environment" {
  description = "Environment variables written to the service's env file."
  type        = map(string)
  default     = {}
}
