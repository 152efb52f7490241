"""Secret written as a literal in infrastructure code.

## What it does
Finds literal values in attributes that hold secrets: database master passwords
(`password`, `master_password`, `MasterUserPassword`), cache auth tokens, provider
`access_key`/`secret_key`, Lambda and ECS environment variables named like secrets, compose
`environment` entries named like secrets, and CloudFormation `NoEcho` parameters with a
`Default`. A literal that reaches such an attribute through a variable or parameter default is
reported where it is written. Weak, well-known default passwords (`admin`, `postgres`,
`mysecretpassword`) and AWS's documented example keys are committed credentials too: they are
reported at low severity, with a message that says which they are. Placeholders (`<password>`,
`${DB_PASSWORD}`, `xxxx`), references and names (`prod/db-password`) are not.

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

import re

from infralint.facts import SecretValue

ID = "IL301"
NAME = "secret-literal"
CATEGORY = "committed-secret"
SEVERITY = "high"
FACTS = (SecretValue,)
FORMATS = ("terraform", "cloudformation", "compose")
ONE_PER_LINE = True


def check(ctx, secret):
    from infralint.secrets import is_default_password, is_reference, looks_secret

    for value in secret.value.possible():
        if not isinstance(value, str) or is_reference(value):
            continue
        if is_default_password(value):
            weak = "is a well-known default password (weak, and still a committed credential)"
            yield _finding(ctx, secret, value, weak, severity="low")
        elif looks_secret(value):
            yield _finding(ctx, secret, value, "is a literal secret")
        elif _AWS_EXAMPLE.match(value.strip()):
            example = "is AWS's documented example key, committed as a credential"
            yield _finding(ctx, secret, value, example, severity="low")
        else:
            continue
        return


# AWS's documentation example access key id and secret access key (and their variants).
_AWS_EXAMPLE = re.compile(r"^(?:AKIA[A-Z0-9]{8,12}EXAMPLE|[A-Za-z0-9/+]{20,36}EXAMPLEKEY)$")


def _finding(ctx, secret, value, what, severity=None):
    origin = secret.resource.origins.get(secret.path)
    via = f" (written as the {origin.via})" if origin else ""
    return ctx.finding(
        secret.resource,
        secret.path,
        f"{secret.what} of {secret.resource.address} {what}{via}",
        at_origin=True,
        redact=(value,),
        severity=severity,
    )
