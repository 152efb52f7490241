"""Secret written as a literal in infrastructure code.

## What it does
Finds literal values in attributes that hold secrets: database master passwords
(`password`, `master_password`, `MasterUserPassword`), cache auth tokens, provider
`access_key`/`secret_key`, Lambda and ECS environment variables named like secrets, compose
`environment` entries named like secrets, and CloudFormation `NoEcho` parameters with a
`Default`. A literal that reaches such an attribute through a variable or parameter default is
reported where it is written.

## Why is this bad?
Everything committed to a repository is readable by everyone with access to it, forever (git
history keeps it after the line is deleted), and ends up in CI logs, forks and laptops. A
database password in a `.tf` file is also stored in plain text in the Terraform state.

## How to fix
Let the platform generate and keep the secret: `manage_master_user_password = true` (RDS),
`random_password` + Secrets Manager, CloudFormation dynamic references
(`{{resolve:secretsmanager:...}}`), or a variable without default supplied by CI. In compose,
reference `${DB_PASSWORD}` and keep the value in an untracked `.env` file or use `secrets:`.
Rotate any secret that was committed.

## Example
```hcl
resource "aws_db_instance" "main" {
  password = "<the password itself>"
}
```

## Use instead
```hcl
resource "aws_db_instance" "main" {
  manage_master_user_password = true
}
```
"""

from infralint.facts import SecretValue

ID = "IL301"
NAME = "secret-literal"
CATEGORY = "committed-secret"
SEVERITY = "high"
FACTS = (SecretValue,)
FORMATS = ("terraform", "cloudformation", "compose")
ONE_PER_LINE = True


def check(ctx, secret):
    from infralint.secrets import is_reference, looks_secret

    for value in secret.value.possible():
        if not isinstance(value, str) or is_reference(value) or not looks_secret(value):
            continue
        origin = secret.resource.origins.get(secret.path)
        via = f" (written as the {origin.via})" if origin else ""
        yield ctx.finding(
            secret.resource,
            secret.path,
            f"{secret.what} of {secret.resource.address} is a literal secret{via}",
            at_origin=True,
            redact=(value,),
        )
        return
