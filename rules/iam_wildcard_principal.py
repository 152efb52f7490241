"""Resource policy or trust policy open to every principal.

## What it does
Finds `Allow` statements with `Principal: "*"` (or `{"AWS": "*"}`) and no `Condition` in
resource policies (S3 bucket, SQS queue, SNS topic, ECR, Secrets Manager, KMS key) and role
trust policies.

## Why is this bad?
`"*"` means anyone, in any AWS account or none: a bucket policy like this makes objects public,
a trust policy like this lets any account assume the role.

## How to fix
Name the principals (account ARNs, role ARNs, service principals), or keep `"*"` only together
with a `Condition` that restricts it (`aws:SourceArn`, `aws:PrincipalOrgID`, `aws:SourceVpce`).

## Example
```json
{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
 "Resource": "arn:aws:s3:::reports/*"}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/reporting"},
 "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```
"""

from infralint.facts import PolicyStatement

ID = "IL502"
NAME = "iam-wildcard-principal"
CATEGORY = "wildcard-iam"
SEVERITY = "high"
FACTS = (PolicyStatement,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, stmt):
    if (
        stmt.effect.value != "Allow"
        or stmt.has_condition
        or stmt.policy_kind in ("scp", "tag-policy")
    ):
        return
    if "*" in stmt.principals.value:
        yield ctx.finding(
            stmt.resource,
            stmt.principal_path,
            f'{stmt.resource.address} allows every principal (Principal "*") without a condition',
        )
