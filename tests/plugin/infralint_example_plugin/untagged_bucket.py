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

from infralint.api import Bucket

ID = "EX900"
NAME = "bucket-without-owner"
CATEGORY = "tagging"
SEVERITY = "low"
FACTS = (Bucket,)
FORMATS = ("terraform", "cloudformation")
INFRALINT_API = (1,)


def check(ctx, bucket):
    tags = bucket.tags.value
    if isinstance(tags, dict) and "owner" not in tags:
        yield ctx.finding(
            bucket.resource, bucket.path, f"{bucket.resource.address} has no owner tag"
        )
