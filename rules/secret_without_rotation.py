"""Secret without automatic rotation.

## What it does
Finds Secrets Manager secrets that no rotation is configured for: no
`aws_secretsmanager_secret_rotation` (CloudFormation: `AWS::SecretsManager::RotationSchedule`)
in the same configuration refers to the secret, and no inline `rotation_rules`. A rotation
whose secret cannot be resolved to a resource of the configuration silences the rule for that
configuration. Off by default: many secrets (third-party API keys) cannot be rotated by a
Lambda function.

## Why is this bad?
A password that never changes stays valid in every copy that leaked: old laptops, CI logs,
former colleagues' shells.

## How to fix
Add a rotation with a rotation function (or `HostedRotationLambda` in CloudFormation), or
let RDS manage the master password (`manage_master_user_password = true`).

## Example
```hcl
resource "aws_secretsmanager_secret" "db" {
  name = "prod/orders/db"
}
```

## Use instead
```hcl
resource "aws_secretsmanager_secret" "db" {
  name = "prod/orders/db"
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:rotate-postgres"

  rotation_rules {
    automatically_after_days = 30
  }
}
```
"""

from infralint.facts.messaging import Secret, SecretRotation, base_key

ID = "IL711"
NAME = "secret-without-rotation"
CATEGORY = "encryption"
SEVERITY = "info"
FACTS = (Secret,)
READS = (SecretRotation,)
FORMATS = ("terraform", "cloudformation")
ENABLED = False


def check(ctx, secret):
    if not secret.rotation_rules.defaulted:
        return  # rotated inline (or not known)
    rotations = ctx.index(SecretRotation, by="target")
    if base_key(secret.resource) in rotations or f"{secret.resource.scope}::*" in rotations:
        return
    yield ctx.finding(
        secret.resource,
        (),
        f"secret {secret.resource.address} is never rotated: no rotation refers to it",
    )
