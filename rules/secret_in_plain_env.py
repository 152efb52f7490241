"""Secret value placed in a plain environment variable.

## What it does
Finds secret values given to ECS containers (`environment`, CloudFormation
`Environment[].Value`) or Lambda functions (`environment.variables`) as plain environment
variables: a Secrets Manager secret string (`aws_secretsmanager_secret_version.*.secret_string`,
or a CloudFormation `{{resolve:secretsmanager:...}}` dynamic reference), a `random_password`'s
`result`, an access key's `secret` (each as the value or interpolated into it), a Terraform
variable named like a password, or a CloudFormation parameter that holds one (`NoEcho`, or named
like one). What a function makes of a secret string (`jsondecode(...)["host"]`) is not judged.

## Why is this bad?
A plain environment variable is part of the task definition or function configuration: anyone
allowed to describe them (`ecs:DescribeTaskDefinition`, `lambda:GetFunctionConfiguration`,
read-only roles, support tooling) reads the secret in clear text, and every revision keeps it.
Rotating the secret also requires a new deployment.

## How to fix
ECS: pass the secret with `secrets` (`valueFrom` the secret's or parameter's ARN); ECS injects it
when the container starts. Lambda: pass the secret's ARN or name and read it at runtime (the
Parameters and Secrets Lambda extension caches it). An ARN or a secret's name in an environment
variable is the right pattern and is not reported.

## Example
```hcl
resource "random_password" "db" {
  length = 32
}

resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([
    {
      name        = "app"
      image       = "example/app:1.4.2"
      environment = [{ name = "DB_PASSWORD", value = random_password.db.result }]
    },
  ])
}
```

## Use instead
```hcl
resource "aws_secretsmanager_secret" "db" {
  name = "app/db"
}

resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([
    {
      name    = "app"
      image   = "example/app:1.4.2"
      secrets = [{ name = "DB_PASSWORD", valueFrom = aws_secretsmanager_secret.db.arn }]
    },
  ])
}
```
"""

from infralint.facts import Container
from infralint.facts.functions import LambdaFunction

ID = "IL308"
NAME = "secret-in-plain-env"
CATEGORY = "committed-secret"
SEVERITY = "medium"
FACTS = (Container, LambdaFunction)
FORMATS = ("terraform", "cloudformation")


def check(ctx, fact):
    from infralint.facts.containers import carried_secret  # with the evaluator: when needed

    if isinstance(fact, LambdaFunction):
        given = fact.environment.value
        variables = given if isinstance(given, list) else []
        fix = "pass the secret's ARN and read it at runtime"
    elif fact.runtime.startswith("ecs"):
        variables, fix = fact.environment, "pass it with secrets (valueFrom the secret's ARN)"
    else:
        return
    for variable in variables:
        what = carried_secret(ctx.graph, fact.resource, variable.value)
        if what:
            yield ctx.finding(
                fact.resource,
                variable.value,
                f"environment variable {variable.name} of {fact.resource.address} is given the "
                f"secret value of {what} in plain text (readable by anyone who can describe "
                f"it); {fix}",
            )
