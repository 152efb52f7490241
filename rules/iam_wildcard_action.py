"""IAM policy allows every action, or every action of a service.

## What it does
Finds `Allow` statements whose `Action` is `"*"` or `"<service>:*"`, and `Allow` statements
using `NotAction` (which allow everything not listed), in identity policies (`aws_iam_policy`,
inline role/user/group policies, `aws_iam_policy_document`, CloudFormation `PolicyDocument` /
`Policies`) and resource policies (bucket, queue, topic). `jsonencode(...)`, heredoc JSON and
policy document data sources are all read. `Deny` statements, KMS key policies (where the
account-root statement with `kms:*` is the documented default), SCPs and tag policies are not
reported.

## Why is this bad?
Wildcard actions grant today's and tomorrow's permissions, including the ones that escalate
privileges (`iam:*`, `iam:PassRole`, `sts:AssumeRole`). A compromised workload with `s3:*` can
delete every bucket it can see, not just read one object.

## How to fix
List the actions the workload calls, and scope `Resource` to the ARNs it needs. IAM Access
Analyzer can generate a policy from CloudTrail activity.

## Example
```hcl
resource "aws_iam_policy" "app" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }]
  })
}
```

## Use instead
```hcl
resource "aws_iam_policy" "app" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "arn:aws:s3:::uploads-bucket/*"
    }]
  })
}
```
"""

from infralint.facts import PolicyStatement

ID = "IL501"
NAME = "iam-wildcard-action"
CATEGORY = "wildcard-iam"
SEVERITY = "high"
FACTS = (PolicyStatement,)
FORMATS = ("terraform", "cloudformation")

IGNORED_KINDS = {"kms-key", "scp", "tag-policy", "other"}


def check(ctx, stmt):
    if stmt.policy_kind in IGNORED_KINDS or stmt.effect.value != "Allow":
        return
    if stmt.has_not_action:
        yield ctx.finding(
            stmt.resource,
            stmt.action_path,
            f"{stmt.resource.address} allows every action except those listed "
            "(Allow with NotAction)",
        )
        return
    actions = stmt.actions.value
    if "*" in actions:
        yield ctx.finding(
            stmt.resource,
            stmt.action_path,
            f'{stmt.resource.address} allows every action on every service (Action "*")',
            severity="critical",
        )
        return
    services = sorted(
        {a for a in actions if isinstance(a, str) and a.endswith(":*") and a.count(":") == 1}
    )
    if services:
        yield ctx.finding(
            stmt.resource,
            stmt.action_path,
            f"{stmt.resource.address} allows every action of {', '.join(services)}",
        )
