"""KMS key without automatic rotation.

## What it does
Finds symmetric encryption KMS keys without automatic rotation: `enable_key_rotation` false or
absent in Terraform, `EnableKeyRotation` false or absent in CloudFormation (KMS does not rotate
a key unless asked). Asymmetric and HMAC keys (`customer_master_key_spec` / `KeySpec` other
than `SYMMETRIC_DEFAULT`) are not reported: KMS cannot rotate them.

## Why is this bad?
A key that never rotates protects ever more data with the same key material, and most
compliance frameworks (CIS AWS Foundations 3.6, PCI DSS) require yearly rotation. Rotation is
transparent: old ciphertexts stay decryptable.

## How to fix
Set `enable_key_rotation = true` (optionally `rotation_period_in_days`).

## Example
```hcl
resource "aws_kms_key" "data" {
  description = "application data"
}
```

## Use instead
```hcl
resource "aws_kms_key" "data" {
  description         = "application data"
  enable_key_rotation = true
}
```
"""

from infralint.facts.messaging import KmsKey

ID = "IL708"
NAME = "kms-key-rotation-disabled"
CATEGORY = "encryption"
SEVERITY = "low"
FACTS = (KmsKey,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, key):
    specs = key.spec.possible()
    if not specs or any(s != "SYMMETRIC_DEFAULT" for s in specs):
        return  # asymmetric or HMAC keys cannot rotate; an unknown spec is not judged
    if key.rotation.may_be_false():
        yield ctx.finding(
            key.resource,
            key.rotation,
            f"KMS key {key.resource.address} is never rotated{key.rotation.why}",
        )
