"""AWS access key committed.

## What it does
Finds AWS access key ids (`AKIA…`, `ASIA…`) and the secret access keys that go with them, in
any text file of the repository: Terraform, CloudFormation, compose, `.env`, workflows, scripts.
AWS's documented example keys (ending in `EXAMPLE`) are ignored.

## Why is this bad?
Bots scan public commits for AWS keys and use them within minutes, typically to mine
cryptocurrency on your bill. Even in a private repository the key outlives every clone.

## How to fix
Deactivate and delete the key in IAM now, then check CloudTrail for its use. Use roles instead
of long-lived keys: OIDC federation for GitHub Actions, instance/task roles on AWS, SSO profiles
on laptops.

## Example
```ini
aws_access_key_id = AKIA...
aws_secret_access_key = ...
```

## Use instead
```yaml
- uses: aws-actions/configure-aws-credentials@v4
  with:
    role-to-assume: arn:aws:iam::123456789012:role/deploy
```
"""

from infralint_rules._text_secrets import hits

ID = "IL302"
NAME = "aws-access-key"
CATEGORY = "committed-secret"
SEVERITY = "critical"
FACTS = ("TextFile",)
FORMATS = ("terraform", "cloudformation", "compose", "text")
ONE_PER_LINE = True


def check(ctx, text_file):
    yield from hits(ctx, text_file, {"aws-access-key-id", "aws-secret-access-key"})
