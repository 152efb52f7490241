"""ECS environment variable with a ValueFrom.

## What it does
Finds CloudFormation container definitions whose `Environment` entries carry `ValueFrom`.

## Why is this bad?
An `Environment` entry takes only `Name` and `Value`; `ValueFrom` belongs to `Secrets`. The
CloudFormation resource schema does not allow it there, so the stack fails to deploy, or the
variable reaches the container without the value that was meant for it.

## How to fix
Move the entry to `Secrets` (it keeps `Name` and `ValueFrom`); the task's execution role must be
allowed to read the secret or parameter.

## Example
```yaml
Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - Name: app
          Image: example/app:1.4.2
          Environment:
            - Name: DB_PASSWORD
              ValueFrom: arn:aws:ssm:eu-west-1:123456789012:parameter/app/db-password
```

## Use instead
```yaml
Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - Name: app
          Image: example/app:1.4.2
          Secrets:
            - Name: DB_PASSWORD
              ValueFrom: arn:aws:ssm:eu-west-1:123456789012:parameter/app/db-password
```
"""

from infralint.facts import Container

ID = "IL1110"
NAME = "ecs-environment-valuefrom"
CATEGORY = "correctness"
SEVERITY = "low"
FACTS = (Container,)
FORMATS = ("cloudformation",)


def check(ctx, container):
    for variable in container.environment:
        if variable.value_from.explicit:
            yield ctx.finding(
                container.resource,
                variable.value_from,
                f"environment variable {variable.name} of container {container.name or '?'} "
                f"({container.resource.address}) has a ValueFrom: Environment takes only Name "
                "and Value; move it to Secrets",
            )
