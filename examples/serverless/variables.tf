variable "region" {
  type    = string
  default = "us-east-1"
}

variable "environment" {
  type    = string
  default = "staging"
}

variable "artifact_bucket" {
  description = "Bucket holding the zipped Lambda packages, one object per function and release."
  type        = string
  default     = "orderflow-artifacts"
}

variable "release" {
  description = "Release tag of the Lambda packages to deploy."
  type        = string
  default     = "2024.06.1"
}

variable "alarm_email" {
  type    = string
  default = "oncall@orderflow.example"
}
