module "network" {
  source = "./modules/network"

  name               = local.name_prefix
  cidr_block         = var.vpc_cidr
  availability_zones = var.availability_zones
  enable_nat         = true
}

# The same network module in the replica region, through the aliased provider.
module "dr_network" {
  source = "./modules/network"

  providers = {
    aws = aws.replica
  }

  name               = "${local.name_prefix}-dr"
  cidr_block         = cidrsubnet("10.0.0.0/8", 8, 60)
  availability_zones = var.replica_availability_zones
  enable_nat         = false
}

module "database" {
  source = "./modules/database"

  name              = local.name_prefix
  vpc_id            = module.network.vpc_id
  subnet_ids        = module.network.private_subnet_ids
  client_cidrs      = module.network.private_subnet_cidrs
  instance_class    = var.db_instance_class
  allocated_storage = var.db_allocated_storage

  parameters = {
    require_secure_transport = "ON"
    slow_query_log           = "1"
    long_query_time          = "2"
  }

  options = [
    {
      name = "MARIADB_AUDIT_PLUGIN"
      settings = {
        SERVER_AUDIT_EVENTS  = "CONNECT,QUERY_DDL"
        SERVER_AUDIT_LOGGING = "ON"
      }
    },
  ]
}

# One service per entry of var.services (set in terraform.tfvars).
module "service" {
  source   = "./modules/service"
  for_each = var.services

  name             = "${local.name_prefix}-${each.key}"
  vpc_id           = module.network.vpc_id
  subnet_ids       = module.network.private_subnet_ids
  instance_type    = each.value.instance_type
  ami_id           = each.value.ami_id
  port             = each.value.port
  min_size         = each.value.min_size
  max_size         = each.value.max_size
  desired_capacity = each.value.desired_capacity
  root_volume      = each.value.root_volume
  data_volumes     = each.value.data_volumes
  ingress          = each.value.ingress

  db_address = module.database.address
  db_port    = module.database.port
  environment = merge(each.value.environment, {
    SERVICE = each.key
  })
}

# Break-glass bastion; terraform.tfvars turns it off, so no instance of it exists.
module "bastion" {
  source = "./modules/service"
  count  = var.enable_bastion ? 1 : 0

  name          = "${local.name_prefix}-bastion"
  vpc_id        = module.network.vpc_id
  subnet_ids    = module.network.public_subnet_ids
  instance_type = "t3.micro"
  ami_id        = "ami-0c1d2e3f4a5b6c7d8"
  port          = 22
  min_size      = 1
  max_size      = 1

  desired_capacity = 1

  ingress = [
    {
      description = "SSH from the office VPN"
      port        = 22
      cidr_blocks = ["192.0.2.0/24"]
    },
  ]

  db_address = module.database.address
  db_port    = module.database.port
}
