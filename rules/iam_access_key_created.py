"""Long-lived IAM access key created.

## What it does
Finds IAM access keys created by the configuration: `aws_iam_access_key` in Terraform,
`AWS::IAM::AccessKey` in CloudFormation.

## Why is this bad?
An access key never expires: it works from anywhere until someone deletes it, and it ends up
in CI variables, laptops and logs. Terraform also writes its secret to the state file
(CloudFormation exposes it to whoever reads the `SecretAccessKey` attribute or the stack's
outputs), so everyone with access to the state holds the key.

## How to fix
Give workloads roles instead: instance profiles, ECS task roles, IAM Roles Anywhere, or OIDC
federation for CI (GitHub Actions, GitLab). If a key is unavoidable, create it outside the
configuration and rotate it.

## Example
```hcl
resource "aws_iam_access_key" "deploy" {
  user = "deploy"
}
```

## Use instead
```hcl
resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
    }]
  })
}
```
"""

from infralint.facts.messaging import AccessKey

ID = "IL310"
NAME = "iam-access-key-created"
CATEGORY = "committed-secret"
SEVERITY = "medium"
FACTS = (AccessKey,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, key):
    yield ctx.finding(
        key.resource,
        (),
        f"{key.resource.address} creates a long-lived IAM access key: it never expires and "
        "its secret is readable by whoever reads the state or the stack",
    )
