"""ECR repository with mutable image tags.

## What it does
Finds ECR repositories whose image tags can be overwritten: `image_tag_mutability` /
`ImageTagMutability` is `MUTABLE` or not written (ECR's default is `MUTABLE`). `IMMUTABLE`
and the `*_WITH_EXCLUSION` settings, which pin tags by filter, are not reported.

## Why is this bad?
With mutable tags, pushing `app:1.4.2` again silently replaces the image every deployment
that names that tag will run: a compromised pipeline or a mistaken push changes production
without a trace in the infrastructure code.

## How to fix
Set the repository's tags to `IMMUTABLE` and deploy by tag (or by digest).

## Example
```hcl
resource "aws_ecr_repository" "app" {
  name = "app"
}
```

## Use instead
```hcl
resource "aws_ecr_repository" "app" {
  name                 = "app"
  image_tag_mutability = "IMMUTABLE"
}
```
"""

from infralint.facts.compute import Repository

ID = "IL1306"
NAME = "ecr-mutable-tags"
CATEGORY = "container"
SEVERITY = "low"
FACTS = (Repository,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, repo):
    setting = repo.tag_mutability
    if setting.unknown or not setting.any(lambda v: v == "MUTABLE"):
        return
    why = f" ({setting.reason})" if setting.defaulted else ""
    yield ctx.finding(
        repo.resource,
        setting,
        f"ECR repository {repo.resource.address} lets image tags be overwritten{why}",
    )
