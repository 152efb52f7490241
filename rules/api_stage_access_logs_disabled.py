"""API Gateway stage without access logs.

## What it does
Finds REST, HTTP and WebSocket API stages without access log settings:
`aws_api_gateway_stage` / `aws_apigatewayv2_stage` `access_log_settings`, CloudFormation
`AWS::ApiGateway::Stage` `AccessLogSetting` and `AWS::ApiGatewayV2::Stage`
`AccessLogSettings`, and SAM `AWS::Serverless::Api` / `AWS::Serverless::HttpApi`.

## Why is this bad?
Without access logs there is no record of who called which endpoint, from where and with what
result: abuse, credential stuffing or a data leak cannot be investigated afterwards.

## How to fix
Send access logs to a CloudWatch Logs group (or Firehose) with a format that records the
caller, the request and the status.

## Example
```hcl
resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = "a1b2c3d4e5"
  deployment_id = "abc123"
  stage_name    = "prod"
}
```

## Use instead
```hcl
resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = "a1b2c3d4e5"
  deployment_id = "abc123"
  stage_name    = "prod"
  access_log_settings {
    destination_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:api-access"
    format          = "$context.requestId $context.identity.sourceIp $context.status"
  }
}
```
"""

from infralint.facts.apis import ApiStage

ID = "IL904"
NAME = "api-stage-access-logs-disabled"
CATEGORY = "logging"
SEVERITY = "low"
FACTS = (ApiStage,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, stage):
    if stage.access_logs.defaulted:
        yield ctx.finding(
            stage.resource,
            (),
            f"{stage.resource.address} writes no access logs ({stage.access_logs.reason})",
        )
