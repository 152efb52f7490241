"""Log group kept forever.

## What it does
Finds CloudWatch Logs log groups without a retention period (`retention_in_days` absent or
`0` in Terraform, `RetentionInDays` absent in CloudFormation).

## Why is this bad?
Without a retention, CloudWatch keeps every log event forever and bills its storage every
month; application logs also tend to carry personal data that should not outlive its purpose.

## How to fix
Set a retention that matches how long the logs are needed (for example 30 or 90 days, longer
for audit logs).

## Example
```hcl
resource "aws_cloudwatch_log_group" "app" {
  name = "/ecs/app"
}
```

## Use instead
```hcl
resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/app"
  retention_in_days = 30
}
```
"""

from infralint.facts.logs import LogGroup

ID = "IL901"
NAME = "log-group-no-retention"
CATEGORY = "logging"
SEVERITY = "low"
FACTS = (LogGroup,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, group):
    days = group.retention_days
    if days.unknown or not days.any(lambda v: v in (0, "0")):
        return
    why = f" ({days.reason})" if days.defaulted else ""
    yield ctx.finding(
        group.resource,
        days,
        f"{group.resource.address} keeps its logs forever: no retention period{why}",
    )
