"""Container that others wait on without a health check.

## What it does
Finds compose services that another service waits for with `depends_on: {condition:
service_healthy}` but that define no `healthcheck`, and essential ECS container definitions
(`essential` is true by default) without `healthCheck`. Off by default: select it with
`--select container-without-healthcheck`.

## Why is this bad?
Without a health check the platform only knows that the process is running, not that it
serves: compose waits for a health status the service never reports (or relies on the image
having one), and ECS keeps a hung essential container in service and never replaces it.

## How to fix
Add a health check that exercises the service: `healthcheck: {test: ["CMD", "pg_isready"]}`
in compose, `healthCheck: {command: ["CMD-SHELL", "curl -f http://localhost/health || exit
1"]}` in the container definition.

## Example
```yaml
services:
  db:
    image: postgres:16.3
  api:
    image: example/api:1.4.2
    depends_on:
      db:
        condition: service_healthy
```

## Use instead
```yaml
services:
  db:
    image: postgres:16.3
    healthcheck:
      test: ["CMD", "pg_isready", "-U", "postgres"]
  api:
    image: example/api:1.4.2
    depends_on:
      db:
        condition: service_healthy
```
"""

from infralint.facts import Container

ID = "IL1304"
NAME = "container-without-healthcheck"
CATEGORY = "container"
SEVERITY = "low"
FACTS = (Container,)
FORMATS = ("compose", "terraform", "cloudformation")
ENABLED = False


def check(ctx, container):
    res, health = container.resource, container.healthcheck
    if not health.defaulted:
        return
    if container.runtime == "compose":
        awaited = ctx.memo(("awaited-healthy", ID), lambda: _awaited(ctx))
        if (res.scope, container.name) in awaited:
            yield ctx.finding(
                res,
                health,
                f"{res.address} has no healthcheck but other services wait for it to be healthy",
            )
    elif container.runtime.startswith("ecs") and container.essential.any(lambda v: v is True):
        yield ctx.finding(
            res,
            container.path,
            f"{res.address} (container {container.name}) is essential and has no healthCheck "
            f"({health.reason})",
        )


def _awaited(ctx):
    """(project, service) of every compose service another waits on to be healthy."""
    return {
        (c.resource.scope, name)
        for c in ctx.facts(Container)
        if c.runtime == "compose"
        for name in c.awaits_healthy
    }
