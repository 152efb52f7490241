"""ECR repository without a lifecycle policy.

## What it does
Finds ECR repositories with no lifecycle policy: no `aws_ecr_lifecycle_policy` of the same
configuration whose `repository` refers to the repository (or names it), no `LifecyclePolicy`
on an `AWS::ECR::Repository`. When a lifecycle policy of the configuration names its
repository by a value not known before deployment, no repository of that configuration is
reported. Off by default.

## Why is this bad?
Every pushed image is kept forever and its storage billed every month; old, vulnerable images
also stay available to be run.

## How to fix
Add a lifecycle policy that expires untagged images and keeps a bounded number of tagged ones.

## Example
```hcl
resource "aws_ecr_repository" "app" {
  name                 = "app"
  image_tag_mutability = "IMMUTABLE"
}
```

## Use instead
```hcl
resource "aws_ecr_repository" "app" {
  name                 = "app"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_lifecycle_policy" "app" {
  repository = aws_ecr_repository.app.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Expire untagged images after 14 days"
      selection = {
        tagStatus   = "untagged"
        countType   = "sinceImagePushed"
        countUnit   = "days"
        countNumber = 14
      }
      action = { type = "expire" }
    }]
  })
}
```
"""

from infralint.facts.compute import LifecyclePolicy, Repository

ID = "IL1007"
NAME = "ecr-without-lifecycle"
CATEGORY = "resilience"
SEVERITY = "info"
FACTS = (Repository,)
READS = (LifecyclePolicy,)
FORMATS = ("terraform", "cloudformation")
ENABLED = False


def check(ctx, repo):
    if not repo.lifecycle_policy.defaulted:
        return  # written on the repository (or not known)
    policies = ctx.index(LifecyclePolicy, by="resource.scope").get(repo.resource.scope, ())
    names = {repo.node} | {n for n in repo.name.possible() if isinstance(n, str)}
    if any(not p.target or p.target in names for p in policies):
        return
    yield ctx.finding(
        repo.resource,
        (),
        f"ECR repository {repo.resource.address} has no lifecycle policy: every image is kept",
    )
