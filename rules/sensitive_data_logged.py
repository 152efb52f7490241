"""Request, response or execution data written to the logs.

## What it does
Finds API Gateway data trace turned on (`aws_api_gateway_method_settings`
`settings.data_trace_enabled`, a stage's `MethodSettings[].DataTraceEnabled`, an HTTP or
WebSocket stage's default route settings) and Step Functions state machines that log their
execution data (`logging_configuration.include_execution_data`, CloudFormation
`LoggingConfiguration.IncludeExecutionData`, SAM `Logging`) at a level other than `OFF`.

## Why is this bad?
Data trace writes full request and response bodies, headers included, to CloudWatch Logs;
execution data is every state's input and output. Passwords, tokens and personal data end up in
logs that many more people can read, and that are kept far longer than the data should be.

## How to fix
Turn data trace off in production (use access logs and execution logs at `ERROR` or `INFO`
instead), and set `include_execution_data = false` unless the payloads are known to hold
nothing sensitive.

## Example
```hcl
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = "a1b2c3d4e5"
  stage_name  = "prod"
  method_path = "*/*"
  settings {
    logging_level      = "INFO"
    data_trace_enabled = true
  }
}
```

## Use instead
```hcl
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = "a1b2c3d4e5"
  stage_name  = "prod"
  method_path = "*/*"
  settings {
    logging_level      = "ERROR"
    data_trace_enabled = false
  }
}
```
"""

from infralint.facts.apis import SensitiveLogging
from infralint.model import as_bool

ID = "IL905"
NAME = "sensitive-data-logged"
CATEGORY = "logging"
SEVERITY = "low"
FACTS = (SensitiveLogging,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, logging):
    res = logging.resource
    what = (
        "every execution's input and output"
        if "sfn" in res.type or "StateMachine" in res.type
        else "full request and response data (data trace)"
    )
    for flag in logging.flags.value or ():
        if flag.any(lambda v: as_bool(v) is True):
            yield ctx.finding(res, flag, f"{res.address} writes {what} to its logs")
