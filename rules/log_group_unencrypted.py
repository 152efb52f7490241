"""Log group not encrypted with a KMS key.

## What it does
Finds CloudWatch Logs log groups without a KMS key (`kms_key_id` / `KmsKeyId`). Off by
default: CloudWatch Logs always encrypts log data with a key it owns; this rule is for
organisations whose policy requires keys they control.

## Why is this bad?
With the service's own key, anyone allowed to read the log group reads the logs: access cannot
be narrowed or revoked through a key policy, and the key's use is not visible in CloudTrail.

## How to fix
Create a KMS key whose policy allows the `logs.<region>.amazonaws.com` service and set
`kms_key_id`.

## Example
```hcl
resource "aws_cloudwatch_log_group" "audit" {
  name              = "/app/audit"
  retention_in_days = 365
}
```

## Use instead
```hcl
resource "aws_cloudwatch_log_group" "audit" {
  name              = "/app/audit"
  retention_in_days = 365
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
```
"""

from infralint_rules._problems import unset

from infralint.facts.logs import LogGroup

ID = "IL710"
NAME = "log-group-unencrypted"
CATEGORY = "encryption"
SEVERITY = "info"
FACTS = (LogGroup,)
FORMATS = ("terraform", "cloudformation")
ENABLED = False


def check(ctx, group):
    key = group.kms_key
    if unset(key):
        yield ctx.finding(
            group.resource,
            key,
            f"log group {group.resource.address} is not encrypted with a KMS key of yours "
            "(CloudWatch Logs then uses a key it owns)",
        )
