"""S3 policy statement names a bucket, not its ARN.

## What it does
Finds policy statements with S3 actions whose `Resource` is a bucket *name* where IAM expects an
ARN: a literal such as `"uploads"` or `"uploads/*"`, a reference to the bucket's name
(`aws_s3_bucket.uploads.id`, `.bucket`, CloudFormation `!Ref Bucket`) or a template starting
with one (`"${aws_s3_bucket.uploads.id}/*"`, `!Sub "${Bucket}/*"`). Identity and resource
policies alike.

## Why is this bad?
IAM rejects a policy whose resource is not an ARN (`MalformedPolicyDocument`), so the deployment
fails; where a tool builds the document for a wildcard-matching service, the statement matches
no resource and the access it was written for is silently missing.

## How to fix
Use the bucket's ARN: `aws_s3_bucket.uploads.arn`, `"${aws_s3_bucket.uploads.arn}/*"`,
`!GetAtt Bucket.Arn`, `!Sub "${Bucket.Arn}/*"` or `arn:aws:s3:::uploads/*`.

## Example
```hcl
resource "aws_s3_bucket" "uploads" {
  bucket = "example-uploads"
}

resource "aws_iam_policy" "app" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = "${aws_s3_bucket.uploads.id}/*"
    }]
  })
}
```

## Use instead
```hcl
resource "aws_s3_bucket" "uploads" {
  bucket = "example-uploads"
}

resource "aws_iam_policy" "app" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = "${aws_s3_bucket.uploads.arn}/*"
    }]
  })
}
```
"""

from infralint.facts import PolicyStatement
from infralint.facts.aws import bucket_name

ID = "IL1103"
NAME = "policy-resource-not-arn"
CATEGORY = "correctness"
SEVERITY = "medium"
FACTS = (PolicyStatement,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, stmt):
    if not any(isinstance(a, str) and a.lower().startswith("s3:") for a in stmt.actions.value):
        return
    names = [bucket_name(ctx.graph, stmt.resource, r) for r in stmt.resources.value]
    names = [n for n in names if n]
    if names:
        yield ctx.finding(
            stmt.resource,
            stmt.resources,
            f"{stmt.resource.address} names S3 resources by bucket name, not ARN: "
            f"{', '.join(names)}; IAM expects arn:aws:s3:::bucket/key",
        )
