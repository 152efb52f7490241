"""S3 Block Public Access turned off.

## What it does
Finds S3 Block Public Access configurations that are written with one of their four flags off:
`aws_s3_bucket_public_access_block` and `aws_s3_account_public_access_block` in Terraform, a
bucket's `PublicAccessBlockConfiguration` in CloudFormation. A flag left out of a written block
is false. A bucket without any such block is not flagged: S3 blocks public access on every new
bucket by default since April 2023.

## Why is this bad?
Block Public Access is the guard rail that keeps a bucket private whatever its ACLs and policy
say. Turning a flag off lets a single public ACL or a `Principal: "*"` statement publish the
bucket's objects to the internet.

## How to fix
Set all four flags to `true`. When a bucket must serve public content, serve it through
CloudFront with an origin access control instead of opening the bucket.

## Example
```hcl
resource "aws_s3_bucket_public_access_block" "assets" {
  bucket                  = "example-assets"
  block_public_acls       = true
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = true
}
```

## Use instead
```hcl
resource "aws_s3_bucket_public_access_block" "assets" {
  bucket                  = "example-assets"
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
```
"""

from infralint.facts.s3 import PublicAccessBlock
from infralint.model import as_bool

ID = "IL601"
NAME = "s3-public-access-block-disabled"
CATEGORY = "public-exposure"
SEVERITY = "high"
FACTS = (PublicAccessBlock,)
FORMATS = ("terraform", "cloudformation")

_FLAGS = (
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
)


def check(ctx, block):
    off = [
        (name, value)
        for name in _FLAGS
        for value in [getattr(block, name)]
        if value.any(lambda v: as_bool(v) is False)
    ]
    if not off:
        return
    explicit = [value for _name, value in off if value.explicit]
    at = explicit[0] if explicit else off[0][1]
    why = f" ({off[0][1].reason})" if not explicit else ""
    scope = "for the whole account" if "account" in block.resource.type else "for the bucket"
    names = ", ".join(str(value.path[-1]) for _name, value in off)
    yield ctx.finding(
        block.resource,
        at,
        f"{block.resource.address} turns off S3 Block Public Access {scope}: {names} false{why}",
    )
