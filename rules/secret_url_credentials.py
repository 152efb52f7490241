"""Password inside a URL.

## What it does
Finds URLs with a password in their user-info part (`postgresql://app:<password>@db:5432/app`,
`redis://:<token>@cache:6379`) in any text file. Placeholders and interpolations
(`${DB_PASSWORD}`, `$PASSWORD`, `<password>`) are not reported. A well-known default password
(`user:pass@`, `postgres:postgres@`) is a committed credential too: reported at low severity,
with a message that says it is a default.

## Why is this bad?
Connection strings get copied into logs, error messages and dashboards; the password travels
with them and is committed with the file.

## How to fix
Build the URL at runtime from a secret (`DATABASE_URL` set from Secrets Manager or the
orchestrator), or interpolate the password from the environment.

## Example
```yaml
environment:
  DATABASE_URL: postgresql://app:<the password itself>@db:5432/app
```

## Use instead
```yaml
environment:
  DATABASE_URL: postgresql://app:${DB_PASSWORD}@db:5432/app
```
"""

from infralint_rules._text_secrets import hits

ID = "IL304"
NAME = "url-credentials"
CATEGORY = "committed-secret"
SEVERITY = "high"
FACTS = ("TextFile",)
FORMATS = ("terraform", "cloudformation", "compose", "text")
ONE_PER_LINE = True


def check(ctx, text_file):
    yield from hits(ctx, text_file, {"url-credentials"})
