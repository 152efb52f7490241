"""Secret-looking value assigned to a secret-named setting.

## What it does
Finds assignments such as `password = "…"`, `API_TOKEN=…` or `"client_secret": "…"` in any text
file (`.env`, Dockerfiles, scripts, config files) whose name says secret and whose value looks
like one: long enough, random enough, and not a placeholder (`changeme`, `<your-key>`, `xxxx`),
an interpolation (`${VAR}`, `${{ secrets.X }}`), a reference (also in other tools' syntax:
`$context.authorizer.token`, `$kms_keys:app/key`), a name or path (`prod/db-password`,
`projects/p/secrets/api-token`), a pagination token or a public certificate. A value that merely
contains a secret word (`SuperSecretPassw0rd`) is a secret; a well-known default password
(`postgres`, `admin`, `mysecretpassword` under a password name) is reported at low severity,
with a message that says so. In a comment only a value that looks generated counts: a typed
password there is an example of the format.

## Why is this bad?
Committed secrets are readable by everyone with access to the repository and its history.

## How to fix
Move the value to a secrets manager or an untracked file and reference it; rotate the secret.

## Example
```dotenv
STRIPE_SECRET=<the key itself, 20 random characters>
```

## Use instead
```dotenv
STRIPE_SECRET=${STRIPE_SECRET}
```
"""

from infralint_rules._text_secrets import hits

ID = "IL306"
NAME = "secret-assignment"
CATEGORY = "committed-secret"
SEVERITY = "medium"
FACTS = ("TextFile",)
FORMATS = ("terraform", "cloudformation", "compose", "text")
ONE_PER_LINE = True


def check(ctx, text_file):
    yield from hits(ctx, text_file, {"generic-secret-assignment"})
