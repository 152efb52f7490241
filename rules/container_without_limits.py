"""Container without a memory limit.

## What it does
Finds compose services without a memory limit (`deploy.resources.limits.memory` or
`mem_limit`) and ECS container definitions of the EC2 launch type with neither `memory` nor
`memoryReservation`. Fargate tasks are not reported: their task-level limits are mandatory.
Off by default: select it with `--select container-without-limits`.

## Why is this bad?
A container without a limit may take all the host's memory: one leak or one large request
makes the kernel kill its neighbours (or the Docker daemon) instead of the container at fault.

## How to fix
Give each container the memory it needs and no more: `deploy.resources.limits.memory: 512M`
(compose), `"memory": 512` or `"memoryReservation": 256` (ECS on EC2).

## Example
```yaml
services:
  web:
    image: nginx:1.27
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    deploy:
      resources:
        limits:
          memory: 256M
```
"""

from infralint.facts import Container

ID = "IL1305"
NAME = "container-without-limits"
CATEGORY = "container"
SEVERITY = "low"
FACTS = (Container,)
FORMATS = ("compose", "terraform", "cloudformation")
ENABLED = False


def check(ctx, container):
    res, memory = container.resource, container.memory
    if not memory.defaulted:
        return
    if container.runtime == "compose":
        yield ctx.finding(res, memory, f"{res.address} has no memory limit ({memory.reason})")
    elif container.runtime == "ecs-ec2" and container.memory_reservation.defaulted:
        yield ctx.finding(
            res,
            container.path,
            f"{res.address} (container {container.name}) has no memory limit ({memory.reason})",
        )
