"""AdministratorAccess attached.

## What it does
Finds the AWS managed policy `AdministratorAccess` attached to a role, user or group
(`aws_iam_*_policy_attachment`, `managed_policy_arns`, CloudFormation `ManagedPolicyArns`).

## Why is this bad?
AdministratorAccess is `Action "*"` on `Resource "*"`: whoever holds the role can do anything in
the account, including creating new admin users and deleting the audit trail. An application or
CI role almost never needs it.

## How to fix
Attach a policy with the actions the workload needs (start from a job-function managed policy or
generate one with IAM Access Analyzer). Keep administrator access for humans behind SSO and MFA.

## Example
```hcl
resource "aws_iam_role_policy_attachment" "ci" {
  role       = aws_iam_role.ci.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
```

## Use instead
```hcl
resource "aws_iam_role_policy_attachment" "ci" {
  role       = aws_iam_role.ci.name
  policy_arn = aws_iam_policy.deploy.arn
}
```
"""

from infralint.facts import ManagedPolicyAttachment

ID = "IL503"
NAME = "iam-admin-policy"
CATEGORY = "wildcard-iam"
SEVERITY = "high"
FACTS = (ManagedPolicyAttachment,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, att):
    for arn in att.arn.possible():
        if isinstance(arn, str) and arn.endswith(":policy/AdministratorAccess"):
            yield ctx.finding(
                att.resource,
                att.path,
                f"{att.resource.address} attaches the AdministratorAccess managed policy",
            )
            return
