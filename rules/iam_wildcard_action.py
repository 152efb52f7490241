"""IAM policy allows every action, or every action of a service.

## What it does
Finds `Allow` statements whose `Action` is `"*"` or `"<service>:*"`, and `Allow` statements
using `NotAction` (which allow everything not listed), in identity policies (`aws_iam_policy`,
inline role/user/group policies, `aws_iam_policy_document`, CloudFormation `PolicyDocument` /
`Policies`) and resource policies (bucket, queue, topic). `jsonencode(...)`, heredoc JSON and
policy document data sources are all read. `Deny` statements, KMS key policies (where the
account-root statement with `kms:*` is the documented default; a policy document with that
statement is a key policy wherever it is handed, a module's `policy` input included), SCPs and
tag policies are not reported.

Not reported either, because AWS documents them as the normal grant:

- the full wildcard of a service whose every action a client needs: `ssmmessages:*` and
  `ec2messages:*` (the channels of the SSM agent and Session Manager; AWS's managed policy
  `AmazonSSMManagedInstanceCore` grants all of their actions);
- a resource policy granting to principals of the resource's own account only (the account id
  from `AWS::AccountId` or the `aws_caller_identity` data source): IAM policies of that account
  decide, as with a key policy;
- S3 access-point delegation: a bucket policy allowing every principal on condition
  `s3:DataAccessPointAccount` equals the bucket's own account, so that the access points'
  policies decide.

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
from infralint.facts.aws import access_point_delegation, own_account

ID = "IL501"
NAME = "iam-wildcard-action"
CATEGORY = "wildcard-iam"
SEVERITY = "high"
FACTS = (PolicyStatement,)
FORMATS = ("terraform", "cloudformation")

IGNORED_KINDS = {"kms-key", "scp", "tag-policy", "other"}

# Services whose full wildcard is the normal grant (every action is what the client needs).
HARMLESS_SERVICES = {"ssmmessages:*", "ec2messages:*"}


def check(ctx, stmt):
    if stmt.policy_kind in IGNORED_KINDS or stmt.effect.value != "Allow":
        return
    if stmt.policy_kind == "resource" and _delegated(stmt):
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
        {
            a
            for a in actions
            if isinstance(a, str)
            and a.endswith(":*")
            and a.count(":") == 1
            and a.lower() not in HARMLESS_SERVICES
        }
    )
    if services:
        yield ctx.finding(
            stmt.resource,
            stmt.action_path,
            f"{stmt.resource.address} allows every action of {', '.join(services)}",
        )


def _delegated(stmt) -> bool:
    """A resource policy that hands the decision to the resource's own account."""
    principals = stmt.principals.value
    if principals and all(own_account(p) for p in principals):
        return True
    return access_point_delegation(stmt)
