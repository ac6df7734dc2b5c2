output "http_api_endpoint" {
  value = aws_apigatewayv2_stage.orders.invoke_url
}

output "webhook_url" {
  value = "${aws_api_gateway_stage.webhooks.invoke_url}/webhook"
}

output "function_names" {
  value = { for key, fn in aws_lambda_function.this : key => fn.function_name }
}
