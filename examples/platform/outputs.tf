output "vpc_id" {
  value = module.network.vpc_id
}

output "database_address" {
  value = module.database.address
}

output "service_groups" {
  description = "Auto scaling group name of each service."
  value       = { for name, svc in module.service : name => svc.autoscaling_group_name }
}

output "bastion_security_group_id" {
  value = one(module.bastion[*].security_group_id)
}
