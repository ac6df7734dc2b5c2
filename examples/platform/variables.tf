variable "project" {
  type    = string
  default = "Ledger"
}

variable "environment" {
  type    = string
  default = "development"

  validation {
    condition     = contains(["development", "staging", "production"], var.environment)
    error_message = "environment must be development, staging or production."
  }
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "replica_region" {
  type    = string
  default = "us-west-2"
}

variable "vpc_cidr" {
  type    = string
  default = "10.40.0.0/16"
}

variable "availability_zones" {
  type    = list(string)
  default = ["us-east-1a", "us-east-1b"]
}

variable "replica_availability_zones" {
  type    = list(string)
  default = ["us-west-2a", "us-west-2b"]
}

variable "extra_tags" {
  description = "Tags added to every resource on top of the project tags."
  type        = map(string)
  default     = {}
}

variable "services" {
  description = "Services to run, one module instance (launch template + auto scaling group) per entry."
  type = map(object({
    instance_type    = string
    ami_id           = optional(string, "ami-0c1d2e3f4a5b6c7d8")
    port             = optional(number, 8080)
    min_size         = optional(number, 1)
    max_size         = optional(number, 3)
    desired_capacity = optional(number, 2)
    root_volume = optional(object({
      size      = optional(number, 20)
      type      = optional(string, "gp3")
      encrypted = optional(bool, true)
    }), {})
    data_volumes = optional(list(object({
      device_name  = string
      size         = optional(number, 0)
      type         = optional(string, "gp3")
      encrypted    = optional(bool, true)
      iops         = optional(number)
      virtual_name = optional(string)
    })), [])
    ingress = optional(list(object({
      description = string
      port        = number
      cidr_blocks = list(string)
    })), [])
    environment = optional(map(string), {})
  }))
}

variable "enable_bastion" {
  description = "Create a one-instance bastion service for break-glass access."
  type        = bool
  default     = true
}

variable "db_instance_class" {
  type    = string
  default = "db.t3.medium"
}

variable "db_allocated_storage" {
  type    = number
  default = 50
}
