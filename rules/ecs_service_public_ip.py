"""ECS service gives its tasks public IP addresses.

## What it does
Finds ECS services whose tasks are given a public IPv4 address:
`network_configuration { assign_public_ip = true }` in Terraform,
`NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp: ENABLED` in CloudFormation. The
default (`false` / `DISABLED`) is not reported.

## Why is this bad?
A task with a public address can be reached from the internet whenever its security group
allows it, bypassing the load balancer (and its TLS, WAF and logs) that should be the only way
in. Public IPv4 addresses are also billed by the hour.

## How to fix
Run the tasks in private subnets without public addresses, reach the internet through a NAT
gateway or VPC endpoints, and put a load balancer in front of them.

## Example
```hcl
resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = "main"
  task_definition = "api:3"
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = ["subnet-0a1b2c3d"]
    assign_public_ip = true
  }
}
```

## Use instead
```hcl
resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = "main"
  task_definition = "api:3"
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = ["subnet-0a1b2c3d"]
    assign_public_ip = false
  }
}
```
"""

from infralint.facts.compute import EcsService
from infralint.model import as_bool

ID = "IL605"
NAME = "ecs-service-public-ip"
CATEGORY = "public-exposure"
SEVERITY = "medium"
FACTS = (EcsService,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, service):
    flag = service.public_ip
    if flag.explicit and flag.any(lambda v: as_bool(v) is True or v == "ENABLED"):
        yield ctx.finding(
            service.resource,
            flag,
            f"ECS service {service.resource.address} gives its tasks public IP addresses",
        )
