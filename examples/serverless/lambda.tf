resource "aws_cloudwatch_log_group" "function" {
  for_each = local.functions

  name              = "/aws/lambda/${local.prefix}-${each.key}"
  retention_in_days = 14
  kms_key_id        = aws_kms_key.main.arn
}

resource "aws_lambda_function" "this" {
  for_each = local.functions

  function_name = "${local.prefix}-${each.key}"
  description   = each.value.description
  role          = aws_iam_role.lambda.arn
  runtime       = each.value.runtime
  handler       = each.value.handler
  architectures = [each.value.architecture]
  memory_size   = each.value.memory_size
  timeout       = each.value.timeout

  s3_bucket = var.artifact_bucket
  s3_key    = "${each.key}/${var.release}.zip"

  environment {
    variables = merge(each.value.environment, {
      ENVIRONMENT = var.environment
    })
  }

  tracing_config {
    mode = "Active"
  }

  depends_on = [aws_cloudwatch_log_group.function]
}

# The report worker consumes the jobs queue.
resource "aws_lambda_event_source_mapping" "report_jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.this["report-worker"].arn
  batch_size       = 10
}

resource "aws_lambda_permission" "http_api" {
  statement_id  = "AllowHttpApiInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this["orders-api"].function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.orders.execution_arn}/*/*"
}

resource "aws_lambda_permission" "rest_api" {
  statement_id  = "AllowRestApiInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this["payments-webhook"].function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.webhooks.execution_arn}/*/POST/webhook"
}
