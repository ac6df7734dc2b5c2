output "alb_dns_name" {
  description = "Public DNS name of the load balancer."
  value       = aws_lb.web.dns_name
}

output "db_endpoint" {
  description = "Endpoint of the MySQL database."
  value       = aws_db_instance.main.endpoint
}

output "assets_bucket" {
  value = aws_s3_bucket.assets.bucket
}

output "public_subnet_ids" {
  value = aws_subnet.public[*].id
}
