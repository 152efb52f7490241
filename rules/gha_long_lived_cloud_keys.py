"""AWS access keys stored for a workflow instead of OpenID Connect.

## What it does
Finds `aws-actions/configure-aws-credentials` steps given `aws-access-key-id` /
`aws-secret-access-key` (an IAM user's long-lived keys, usually from repository secrets).

## Why is this bad?
Access keys do not expire: once copied out of a log, a compromised action or a malicious
pull request they work from anywhere until someone rotates them. With OpenID Connect the job
gets credentials valid for one hour, for this repository only.

## How to fix
Create an IAM role trusting GitHub's OIDC provider (restricted to your repository and
branch), give the job `permissions: id-token: write`, pass `role-to-assume`, and delete the
IAM user's keys.

## Example
```yaml
on: push
permissions:
  contents: read
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
          aws-region: eu-west-1
```

## Use instead
```yaml
on: push
permissions:
  contents: read
  id-token: write
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/deploy
          aws-region: eu-west-1
```
"""

from infralint.facts.workflows import WorkflowStep

ID = "IL1403"
NAME = "gha-long-lived-cloud-keys"
CATEGORY = "ci"
SEVERITY = "medium"
FACTS = (WorkflowStep,)
FORMATS = ("github-actions",)

KEYS = ("aws-access-key-id", "aws-secret-access-key")


def check(ctx, step):
    inputs = step.inputs.value if step.inputs.explicit else None
    if step.action != "aws-actions/configure-aws-credentials" or not isinstance(inputs, dict):
        return
    key = next((k for k in KEYS if k in inputs), None)
    if key is not None:
        yield ctx.finding(
            step.resource,
            ("with", key),
            f"{step.resource.address} configures AWS with long-lived access keys "
            f"(`{key}`): assume a role through OpenID Connect (`role-to-assume`) instead",
        )
