project     = "shopfront"
environment = "production"
owner       = "web-team"
region      = "us-east-1"

asg_desired_capacity = 3

# INTENTIONAL: the variable defaults to false; this file turns the public endpoint on,
# so only a scanner that reads terraform.tfvars sees the publicly accessible RDS
# instance (SEC005).
db_publicly_accessible = true
