"""Log bucket without a lifecycle rule.

## What it does
Finds buckets that receive logs (CloudTrail, load balancer or CloudFront access logs, S3 server
access logs of another bucket) and have no lifecycle rule: neither in the bucket
(`lifecycle_rule`, CloudFormation `LifecycleConfiguration`) nor in an
`aws_s3_bucket_lifecycle_configuration` naming it. Off by default.

## Why is this bad?
Logs arrive every minute and S3 keeps every object until it is deleted: the bucket grows, and
its bill with it, forever.

## How to fix
Add a lifecycle rule that moves old logs to a cheaper storage class and expires them once they
are no longer needed (for example after 90 or 365 days).

## Example
```hcl
resource "aws_s3_bucket" "logs" {
  bucket = "example-logs"
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.logs.id
}
```

## Use instead
```hcl
resource "aws_s3_bucket" "logs" {
  bucket = "example-logs"
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = 365
    }
  }
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.logs.id
}
```
"""

from infralint.facts.s3 import Bucket, BucketSetting, LogSource, written_settings

ID = "IL1203"
NAME = "log-bucket-without-lifecycle"
CATEGORY = "cost"
SEVERITY = "info"
FACTS = (Bucket,)
READS = (BucketSetting, LogSource)
FORMATS = ("terraform", "cloudformation")
ENABLED = False


def check(ctx, bucket):
    by_target = ctx.index(LogSource, by="target.value")
    sources = [s for key in bucket.keys for s in by_target.get(key, ())]
    if not sources or not bucket.lifecycle.defaulted:
        return
    if written_settings(ctx, bucket, "lifecycle") != []:
        return
    writers = ", ".join(sorted({s.resource.address for s in sources}))
    yield ctx.finding(
        bucket.resource,
        bucket.lifecycle,
        f"{bucket.resource.address} receives the logs of {writers} and has no lifecycle rule "
        f"({bucket.lifecycle.reason})",
    )
