"""EBS volume created unencrypted.

## What it does
Finds EBS volumes created without encryption: `aws_ebs_volume`, the `ebs_block_device`
volumes of `aws_instance` and `aws_launch_configuration` and the `block_device_mappings` of
`aws_launch_template` whose `encrypted` is `false` or not written (the AWS provider then
creates them unencrypted); `AWS::EC2::Volume` and the `BlockDeviceMappings[].Ebs` of
`AWS::EC2::Instance`, `AWS::EC2::LaunchTemplate` and `AWS::AutoScaling::LaunchConfiguration`
whose `Encrypted` is `false` or not written.

Not reported: volumes made from a snapshot (`snapshot_id` / `SnapshotId`) and root volumes
(`root_block_device`, or a mapping of the root device `/dev/xvda`, `/dev/sda1`) without an
explicit `false`, since they inherit the encryption of the snapshot or AMI; and every volume of
a Terraform configuration that turns on `aws_ebs_encryption_by_default` (CloudFormation has no
resource for that account setting).

## Why is this bad?
An unencrypted volume's data, and every snapshot taken of it, can be read by anyone who gets
hold of a copy: a snapshot shared by mistake, or a volume attached elsewhere.

## How to fix
Set `encrypted = true` (optionally with `kms_key_id`), or turn on EBS encryption by default
for the account and region.

## Example
```hcl
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
}
```

## Use instead
```hcl
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = true
}
```
"""

from infralint.facts.compute import EbsDefaultEncryption, EbsVolumes
from infralint.model import as_bool

ID = "IL702"
NAME = "ebs-unencrypted"
CATEGORY = "encryption"
SEVERITY = "medium"
FACTS = (EbsVolumes,)
READS = (EbsDefaultEncryption,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, volumes):
    flag = volumes.encrypted
    if flag.unknown or not flag.any(lambda v: as_bool(v) is False):
        return
    by_default = ctx.index(EbsDefaultEncryption, by="resource.scope")
    if any(d.enabled.may_be_true() for d in by_default.get(volumes.resource.scope, ())):
        return
    why = f" ({flag.reason})" if flag.defaulted else ""
    what = "is" if volumes.resource.type in ("aws_ebs_volume", "AWS::EC2::Volume") else "has"
    yield ctx.finding(
        volumes.resource,
        flag,
        f"{volumes.resource.address} {what} an unencrypted EBS volume{why}",
    )
