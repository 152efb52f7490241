"""Redshift cluster not encrypted.

## What it does
Finds Redshift provisioned clusters whose encryption is turned off: `encrypted = false` in
Terraform, `Encrypted: false` in CloudFormation. An absent setting is not reported: since
January 2025 AWS encrypts every new provisioned cluster (with an AWS owned key) when nothing is
said, although the catalog of older tools still reads absent as unencrypted.

## Why is this bad?
The warehouse's blocks, its snapshots and its system tables are stored in the clear.

## How to fix
Set `encrypted = true` (and a `kms_key_id` for a customer managed key), or leave the setting
out.

## Example
```hcl
resource "aws_redshift_cluster" "analytics" {
  cluster_identifier = "analytics"
  node_type          = "ra3.xlplus"
  encrypted          = false
}
```

## Use instead
```hcl
resource "aws_redshift_cluster" "analytics" {
  cluster_identifier = "analytics"
  node_type          = "ra3.xlplus"
  encrypted          = true
}
```
"""

from infralint.facts.databases import Warehouse

ID = "IL706"
NAME = "redshift-unencrypted"
CATEGORY = "encryption"
SEVERITY = "medium"
FACTS = (Warehouse,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, cluster):
    if cluster.encrypted.explicit and cluster.encrypted.may_be_false():
        yield ctx.finding(
            cluster.resource,
            cluster.encrypted,
            f"Redshift cluster {cluster.resource.address} has encryption turned off",
        )
