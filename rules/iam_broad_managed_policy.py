"""Broad AWS managed policy attached.

## What it does
Finds AWS managed policies that grant a whole service or nearly the whole account attached to a
role, user or group (`aws_iam_*_policy_attachment`, `managed_policy_arns`, CloudFormation
`ManagedPolicyArns`, and SAM `Policies` where they are read as attachments): `PowerUserAccess`
and `IAMFullAccess` (high), every other `...FullAccess` policy of AWS (medium), such as
`AmazonS3FullAccess` or `AmazonDynamoDBFullAccess`. `AdministratorAccess` is
`iam-admin-policy`'s; `ReadOnlyAccess` and the `...ReadOnlyAccess` policies are not reported.

## Why is this bad?
`PowerUserAccess` is every action but IAM and Organizations; `IAMFullAccess` lets its holder
grant itself anything. A `...FullAccess` policy is `<service>:*` on every resource of the service:
`AmazonS3FullAccess` can read and delete every bucket of the account, not only the one the
workload uses.

## How to fix
Attach a policy naming the actions and resources the workload uses (IAM Access Analyzer can
generate one from CloudTrail activity), or a `...ReadOnlyAccess` policy where reading is enough.

## Example
```hcl
resource "aws_iam_role_policy_attachment" "app" {
  role       = aws_iam_role.app.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
}
```

## Use instead
```hcl
resource "aws_iam_role_policy_attachment" "app" {
  role       = aws_iam_role.app.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
}
```
"""

from infralint.facts import ManagedPolicyAttachment

ID = "IL505"
NAME = "iam-broad-managed-policy"
CATEGORY = "wildcard-iam"
SEVERITY = "medium"
FACTS = (ManagedPolicyAttachment,)
FORMATS = ("terraform", "cloudformation")

HIGH = {"PowerUserAccess": "every action but IAM and Organizations", "IAMFullAccess": "all of IAM"}


def check(ctx, att):
    for arn in att.arn.possible():
        name = _aws_policy_name(arn)
        if name in HIGH:
            why, severity = HIGH[name], "high"
        elif name.endswith("FullAccess"):
            why, severity = "a whole service on every resource", None
        else:
            continue
        yield ctx.finding(
            att.resource,
            att.path,
            f"{att.resource.address} attaches the AWS managed policy {name} ({why})",
            severity=severity,
        )
        return


def _aws_policy_name(arn) -> str:
    """The name of an AWS managed policy (its ARN, or the bare name SAM accepts); "" else."""
    if not isinstance(arn, str):
        return ""
    if ":" not in arn and "/" not in arn:
        return arn
    head, _, path = arn.partition(":policy/")
    return path.rsplit("/", 1)[-1] if head.endswith(":iam::aws") else ""
