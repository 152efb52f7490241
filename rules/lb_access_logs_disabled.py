"""Internet-facing load balancer without access logs.

## What it does
Finds internet-facing Application Load Balancers (`aws_lb` / `aws_alb`,
`AWS::ElasticLoadBalancingV2::LoadBalancer`) that do not write access logs, and
internet-facing Network Load Balancers that do while they have a TLS listener. Access logs are
on only with `access_logs { enabled = true }` in Terraform (the AWS provider leaves them off
when `enabled` is not written, even with a bucket) or the `access_logs.s3.enabled` attribute
set to `"true"` in `LoadBalancerAttributes` in CloudFormation.

Internal load balancers, Gateway Load Balancers and Network Load Balancers with only TCP/UDP
listeners (their access logs record TLS connections only) are not reported.

## Why is this bad?
Without access logs there is no record of who called the application, from where and with
what result: an incident cannot be investigated and abuse cannot be traced.

## How to fix
Enable access logs to an S3 bucket that Elastic Load Balancing may write to.

## Example
```hcl
resource "aws_lb" "web" {
  name    = "web"
  subnets = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
}
```

## Use instead
```hcl
resource "aws_lb" "web" {
  name    = "web"
  subnets = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]

  access_logs {
    bucket  = "example-lb-logs"
    enabled = true
  }
}
```
"""

from infralint.facts.elb import Listener, LoadBalancer
from infralint.model import Choice

ID = "IL902"
NAME = "lb-access-logs-disabled"
CATEGORY = "logging"
SEVERITY = "low"
FACTS = (LoadBalancer,)
READS = (Listener,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, lb):
    if not lb.internet_facing.any(lambda v: v is True):
        return
    logs = lb.access_logs
    if logs.unknown or not logs.any(lambda v: v is False):
        return
    if lb.kind.any(lambda k: k == "network"):
        if not any(
            listener.protocol.any(lambda p: str(p).upper() == "TLS")
            for listener in ctx.index(Listener, by="balancer").get(lb.node, ())
        ):
            return
        what = "internet-facing Network Load Balancer with a TLS listener"
    elif lb.kind.any(lambda k: k == "application"):
        what = "internet-facing Application Load Balancer"
    else:
        return
    why = f" ({logs.reason})" if logs.defaulted else ""
    if isinstance(logs.value, Choice):
        why = " when the condition that decides them is false"
    message = f"{lb.resource.address} is an {what} without access logs{why}"
    yield ctx.finding(lb.resource, logs, message)
