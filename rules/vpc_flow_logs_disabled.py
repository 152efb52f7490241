"""VPC without flow logs.

## What it does
Finds VPCs (`aws_vpc`, `AWS::EC2::VPC`) that no flow log of the same configuration records:
no `aws_flow_log` whose `vpc_id` refers to the VPC, no `AWS::EC2::FlowLog` whose `ResourceId`
refers to it. When a flow log of the configuration names its VPC by id or by a value not known
before deployment, no VPC of that configuration is reported. Off by default.

## Why is this bad?
Flow logs are the record of which addresses talked to which, on what port, accepted or
rejected: without them a compromise or an exfiltration cannot be traced in the network.

## How to fix
Add a flow log for the VPC, delivered to CloudWatch Logs or S3, with `traffic_type = "ALL"`
(or at least `"REJECT"`).

## Example
```hcl
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
```

## Use instead
```hcl
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "main" {
  vpc_id               = aws_vpc.main.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::example-flow-logs"
}
```
"""

from infralint.facts.compute import FlowLog, Vpc

ID = "IL907"
NAME = "vpc-flow-logs-disabled"
CATEGORY = "logging"
SEVERITY = "info"
FACTS = (Vpc,)
READS = (FlowLog,)
FORMATS = ("terraform", "cloudformation")
ENABLED = False


def check(ctx, vpc):
    if ctx.index(FlowLog, by="target").get(vpc.node):
        return
    logs = ctx.index(FlowLog, by="resource.scope").get(vpc.resource.scope, ())
    if any(not log.vpc.defaulted and "::" not in log.target for log in logs):
        return  # a flow log names a VPC by id or by an unknown value: it may be this one
    yield ctx.finding(vpc.resource, (), f"VPC {vpc.resource.address} has no flow log")
