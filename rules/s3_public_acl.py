"""S3 bucket with a public canned ACL.

## What it does
Finds buckets given a canned ACL that grants access to everyone or to every AWS account:
`public-read`, `public-read-write` or `authenticated-read` in `aws_s3_bucket_acl.acl` or the
legacy `aws_s3_bucket.acl`, and `PublicRead`, `PublicReadWrite` or `AuthenticatedRead` in
CloudFormation's `AccessControl`.

## Why is this bad?
These ACLs let anyone on the internet (or anyone with any AWS account) list and read the
bucket's objects; `public-read-write` also lets them write and overwrite objects.
`authenticated-read` is public in practice: anyone can create an AWS account.

## How to fix
Use `private` (or no ACL at all, with object ownership `BucketOwnerEnforced`), and serve public
content through CloudFront with an origin access control.

## Example
```hcl
resource "aws_s3_bucket_acl" "assets" {
  bucket = "example-assets"
  acl    = "public-read"
}
```

## Use instead
```hcl
resource "aws_s3_bucket_acl" "assets" {
  bucket = "example-assets"
  acl    = "private"
}
```
"""

from infralint.facts.s3 import BucketAcl

ID = "IL602"
NAME = "s3-public-acl"
CATEGORY = "public-exposure"
SEVERITY = "high"
FACTS = (BucketAcl,)
FORMATS = ("terraform", "cloudformation")

_PUBLIC = {
    "public-read": "everyone can read it",
    "public-read-write": "everyone can read and write it",
    "authenticated-read": "every AWS account can read it",
    "PublicRead": "everyone can read it",
    "PublicReadWrite": "everyone can read and write it",
    "AuthenticatedRead": "every AWS account can read it",
}


def check(ctx, grant):
    public = [v for v in grant.acl.possible() if isinstance(v, str) and v in _PUBLIC]
    if public:
        yield ctx.finding(
            grant.resource,
            grant.acl,
            f"{grant.resource.address} gives its bucket the canned ACL {public[0]}: "
            f"{_PUBLIC[public[0]]}",
        )
