"""S3 bucket without a default encryption configuration.

## What it does
Finds buckets without a server-side encryption configuration: neither in the bucket
(`server_side_encryption_configuration`, CloudFormation `BucketEncryption`) nor in an
`aws_s3_bucket_server_side_encryption_configuration` naming it. Off by default.

## Why is this bad?
S3 encrypts every new object with SSE-S3 (AES-256, keys managed by S3) since January 2023, so
such a bucket is not unencrypted. But SSE-S3 keys cannot be audited, rotated on your schedule
or restricted with a key policy; policies that require a customer-managed KMS key (to control
who can decrypt, or to crypto-shred) are not met.

## How to fix
Configure default encryption with `aws:kms` and a customer-managed key (with a bucket key to
keep KMS costs down).

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

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "alias/data"
    }
    bucket_key_enabled = true
  }
}
```
"""

from infralint.facts.s3 import Bucket, BucketSetting, written_settings

ID = "IL709"
NAME = "s3-default-encryption-missing"
CATEGORY = "encryption"
SEVERITY = "info"
FACTS = (Bucket,)
READS = (BucketSetting,)
FORMATS = ("terraform", "cloudformation")
ENABLED = False


def check(ctx, bucket):
    if not bucket.encryption.defaulted or written_settings(ctx, bucket, "encryption") != []:
        return
    yield ctx.finding(
        bucket.resource,
        bucket.encryption,
        f"{bucket.resource.address} has no default encryption configuration "
        f"({bucket.encryption.reason}; no customer-managed KMS key)",
    )
