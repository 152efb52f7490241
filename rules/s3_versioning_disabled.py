"""S3 bucket without versioning.

## What it does
Finds buckets whose versioning is not `Enabled`: neither in the bucket (CloudFormation
`VersioningConfiguration.Status`, Terraform's legacy `versioning` block) nor in an
`aws_s3_bucket_versioning` resource naming it. A new bucket is not versioned; a bucket with
Object Lock enabled is versioned by S3 itself. Off by default.

## Why is this bad?
Without versioning an overwritten or deleted object is gone: a faulty deployment, a script
with the wrong prefix or ransomware with write access destroys the data for good.

## How to fix
Enable versioning, and add a lifecycle rule that expires noncurrent versions after a while to
bound the cost.

## Example
```hcl
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}
```

## Use instead
```hcl
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Enabled"
  }
}
```
"""

from infralint.facts.s3 import Bucket, BucketSetting, written_settings

ID = "IL1005"
NAME = "s3-versioning-disabled"
CATEGORY = "resilience"
SEVERITY = "low"
FACTS = (Bucket,)
READS = (BucketSetting,)
FORMATS = ("terraform", "cloudformation")
ENABLED = False


def check(ctx, bucket):
    status = bucket.versioning
    if status.unknown or "Enabled" in status.possible() or bucket.object_lock.may_be_true():
        return
    settings = written_settings(ctx, bucket, "versioning")
    if settings is None:
        return
    if not settings:
        why = f" ({status.reason})" if status.defaulted else " (suspended)"
        yield ctx.finding(
            bucket.resource, status, f"{bucket.resource.address} keeps no object versions{why}"
        )
        return
    statuses = [s.status for s in settings]
    if any(v.unknown or "Enabled" in v.possible() for v in statuses):
        return
    yield ctx.finding(
        settings[0].resource,
        statuses[0],
        f"{bucket.resource.address} is not versioned: {settings[0].resource.address} "
        f"suspends its versioning",
    )
