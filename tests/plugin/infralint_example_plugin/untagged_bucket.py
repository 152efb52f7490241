"""S3 bucket without an owner tag.

## What it does
Finds S3 buckets (Terraform or CloudFormation) without an `owner` tag.

## Why is this bad?
Nobody knows whom to ask before deleting it.

## How to fix
Tag the bucket with its owner.

## Example
```hcl
resource "aws_s3_bucket" "logs" {}
```

## Use instead
```hcl
resource "aws_s3_bucket" "logs" {
  tags = { owner = "platform" }
}
```
"""

ID = "EX900"
NAME = "bucket-without-owner"
CATEGORY = "tagging"
SEVERITY = "low"
FACTS = ()
FORMATS = ("terraform", "cloudformation")


def check(ctx):
    for res in ctx.graph.resources.values():
        if res.type not in ("aws_s3_bucket", "AWS::S3::Bucket"):
            continue
        tags = res.get("tags") or res.get("Tags") or {}
        if isinstance(tags, list):
            tags = {t.get("Key"): t.get("Value") for t in tags if isinstance(t, dict)}
        if "owner" not in tags:
            yield ctx.finding(res, (), f"{res.address} has no owner tag")
