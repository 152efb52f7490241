"""ECS container without a log configuration.

## What it does
Finds ECS container definitions (Terraform `container_definitions`, CloudFormation
`ContainerDefinitions`) without `logConfiguration`.

## Why is this bad?
Without a log configuration ECS sends the container's output nowhere it can be read: on Fargate
it is discarded, on EC2 it stays in the Docker daemon's default driver on the instance and goes
with it. When the task fails, there is nothing to investigate, and no audit trail of what it did.

## How to fix
Give every container a `logConfiguration`, usually the `awslogs` driver with a log group that
has a retention period.

## Example
```hcl
resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([
    {
      name  = "app"
      image = "example/app:1.4.2"
    },
  ])
}
```

## Use instead
```hcl
resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([
    {
      name  = "app"
      image = "example/app:1.4.2"
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = "/ecs/app"
          awslogs-region        = "eu-west-1"
          awslogs-stream-prefix = "app"
        }
      }
    },
  ])
}
```
"""

from infralint.facts import Container

ID = "IL906"
NAME = "ecs-container-without-logs"
CATEGORY = "logging"
SEVERITY = "low"
FACTS = (Container,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, container):
    logging = container.logging
    if not container.runtime.startswith("ecs") or logging.unknown or logging.value is not None:
        return
    yield ctx.finding(
        container.resource,
        logging,
        f"container {container.name or '?'} of {container.resource.address} has no "
        "logConfiguration: ECS keeps none of its output (discarded on Fargate, left on the "
        "instance on EC2)",
    )
