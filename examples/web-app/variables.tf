variable "region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "us-east-1"
}

variable "project" {
  description = "Short project name, used as a prefix for resource names."
  type        = string
  default     = "shopfront"
}

variable "environment" {
  description = "Deployment environment (dev, staging, production)."
  type        = string
  default     = "dev"
}

variable "owner" {
  description = "Team that owns the stack, used in the Owner tag."
  type        = string
  default     = "web-team"
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC."
  type        = string
  default     = "10.20.0.0/16"
}

variable "availability_zones" {
  description = "Availability zones used for the public subnets, one subnet per zone."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b"]
}

variable "private_subnets" {
  description = "Private subnets keyed by a short name: zone and CIDR block."
  type = map(object({
    az   = string
    cidr = string
  }))
  default = {
    app-a = { az = "us-east-1a", cidr = "10.20.10.0/24" }
    app-b = { az = "us-east-1b", cidr = "10.20.11.0/24" }
  }
}

variable "app_port" {
  description = "Port the application listens on inside the instances."
  type        = number
  default     = 8080
}

variable "instance_type" {
  description = "EC2 instance type of the application servers."
  type        = string
  default     = "t3.medium"
}

variable "ami_id" {
  description = "AMI of the application servers (built by the image pipeline)."
  type        = string
  default     = "ami-0a1b2c3d4e5f67890"
}

variable "asg_min_size" {
  type    = number
  default = 2
}

variable "asg_max_size" {
  type    = number
  default = 6
}

variable "asg_desired_capacity" {
  type    = number
  default = 2
}

variable "admin_ingress_rules" {
  description = "Extra ingress rules on the application security group (operator access)."
  type = list(object({
    description = string
    port        = number
    protocol    = string
    cidr_blocks = list(string)
  }))
  # INTENTIONAL: SSH (22) open to the whole internet. The rule reaches the security
  # group through a dynamic "ingress" block, so a scanner has to evaluate the
  # variable default and expand the dynamic block to see it (SEC002).
  default = [
    {
      description = "SSH for operators"
      port        = 22
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    },
    {
      description = "Node exporter from the monitoring VPC"
      port        = 9100
      protocol    = "tcp"
      cidr_blocks = ["10.99.0.0/16"]
    },
  ]
}

variable "db_instance_class" {
  type    = string
  default = "db.t3.large"
}

variable "db_allocated_storage" {
  description = "Allocated storage of the database in GiB."
  type        = number
  default     = 20
}

variable "db_publicly_accessible" {
  description = "Whether the database gets a public endpoint."
  type        = bool
  default     = false
}

variable "app_log_retention_days" {
  type    = number
  default = 30
}
