"""Configuration without alarms or a budget.

## What it does
Reports, once per Terraform root module or CloudFormation template that declares AWS
resources, that it declares neither a CloudWatch alarm (`aws_cloudwatch_metric_alarm`,
`aws_cloudwatch_composite_alarm`, `AWS::CloudWatch::Alarm`, `AWS::CloudWatch::CompositeAlarm`)
nor a budget (`aws_budgets_budget`, `AWS::Budgets::Budget`). The finding is on the first line
of the configuration's first file. Off by default.

## Why is this bad?
Nothing tells anyone that the service is failing, or that its bill has tripled, until a user
or the invoice does.

## How to fix
Add alarms on the signals that matter (errors, latency, queue depth) and a budget with a
notification.

## Example
```hcl
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
```

## Use instead
```hcl
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_cloudwatch_metric_alarm" "backlog" {
  alarm_name          = "jobs-backlog"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = "jobs" }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 3
  threshold           = 1000
  comparison_operator = "GreaterThanThreshold"
}
```
"""

from infralint.facts.project import Project
from infralint.model import Span

ID = "IL909"
NAME = "no-alarms-or-budget"
CATEGORY = "logging"
SEVERITY = "info"
FACTS = (Project,)
FORMATS = ("terraform", "cloudformation")
ENABLED = False


def check(ctx, project):
    if project.count("alarm-or-budget"):
        return
    yield ctx.file_finding(
        project.file,
        Span(1, 1),
        f"{project.name} declares AWS resources but no CloudWatch alarm and no budget",
        resource=project.name,
    )
