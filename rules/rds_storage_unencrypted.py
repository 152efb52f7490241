"""RDS storage not encrypted.

## What it does
Finds RDS DB instances and Aurora/RDS clusters whose storage is not encrypted:
`storage_encrypted` false or absent in Terraform, `StorageEncrypted` false or absent in
CloudFormation. Both default to false (Aurora Serverless v1 clusters excepted: they are always
encrypted). A `kms_key_id` alone does not turn encryption on.

Read replicas, instances of a cluster and databases restored from a snapshot are not reported
when the setting is absent: they take their encryption from the source, the cluster or the
snapshot.

## Why is this bad?
An unencrypted database leaves its data, its automated backups, its snapshots and its read
replicas readable to anyone who gets at the underlying storage or a shared snapshot. Encryption
cannot be switched on later: the database has to be copied through an encrypted snapshot.

## How to fix
Set `storage_encrypted = true` (and a `kms_key_id` for a customer managed key).

## Example
```hcl
resource "aws_db_instance" "orders" {
  identifier     = "orders"
  engine         = "postgres"
  instance_class = "db.t4g.medium"
}
```

## Use instead
```hcl
resource "aws_db_instance" "orders" {
  identifier        = "orders"
  engine            = "postgres"
  instance_class    = "db.t4g.medium"
  storage_encrypted = true
}
```
"""

from infralint.facts import ManagedDatabase

ID = "IL701"
NAME = "rds-storage-unencrypted"
CATEGORY = "encryption"
SEVERITY = "high"
FACTS = (ManagedDatabase,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, db):
    encrypted = db.storage_encrypted
    if db.in_cluster or db.replica or (encrypted.defaulted and db.from_snapshot):
        return  # the cluster, the source or the snapshot decides
    if encrypted.may_be_false():
        yield ctx.finding(
            db.resource,
            encrypted,
            f"{db.resource.address} stores its data unencrypted{encrypted.why}",
        )
