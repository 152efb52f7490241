"""ECS service deploys without automatic rollback.

## What it does
Finds ECS services deployed by ECS itself (the default deployment controller) that neither
turn on the deployment circuit breaker with rollback
(`deployment_circuit_breaker { enable = true, rollback = true }`,
`DeploymentConfiguration.DeploymentCircuitBreaker` with `Enable` and `Rollback` true) nor
deployment alarms with rollback (`alarms { enable = true, rollback = true }`,
`DeploymentConfiguration.Alarms`). Services deployed by CodeDeploy or an external controller
are not reported. Off by default.

## Why is this bad?
Without a circuit breaker, a deployment whose tasks never become healthy keeps replacing them
for hours, and the service can end up with no healthy task at all; nothing puts the last
working version back.

## How to fix
Turn on the deployment circuit breaker with rollback.

## Example
```hcl
resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = "main"
  task_definition = "api:3"
  desired_count   = 2
}
```

## Use instead
```hcl
resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = "main"
  task_definition = "api:3"
  desired_count   = 2

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
}
```
"""

from infralint.facts.compute import EcsService

ID = "IL1006"
NAME = "ecs-deploy-without-rollback"
CATEGORY = "resilience"
SEVERITY = "info"
FACTS = (EcsService,)
FORMATS = ("terraform", "cloudformation")
ENABLED = False


def check(ctx, service):
    settings = (
        service.controller,
        service.breaker,
        service.breaker_rollback,
        service.alarms,
        service.alarms_rollback,
    )
    if any(s.unknown for s in settings) or not service.controller.any(lambda c: c == "ECS"):
        return
    if _on(service.breaker, service.breaker_rollback) or _on(
        service.alarms, service.alarms_rollback
    ):
        return
    where = service.breaker_rollback if service.breaker.explicit else service.breaker
    yield ctx.finding(
        service.resource,
        where,
        f"ECS service {service.resource.address} does not roll back a failed deployment: "
        "neither the deployment circuit breaker nor deployment alarms roll back "
        "(both are off by default)",
    )


def _on(enabled, rollback) -> bool:
    return enabled.may_be_true() and rollback.may_be_true()
