"""Database deleted without a final snapshot.

## What it does
Finds databases configured to skip the final snapshot when they are deleted: RDS instances
and clusters, DocumentDB, Neptune and Redshift clusters. In Terraform `skip_final_snapshot =
true` (the provider's default is false); in CloudFormation `DeletionPolicy: Delete`, or for
DocumentDB, Neptune and Redshift clusters no `DeletionPolicy` at all (CloudFormation's default
is to delete them without a snapshot; only RDS instances and clusters default to `Snapshot`).
Cluster members and read replicas are not reported: the cluster or the source instance holds
the data.

## Why is this bad?
A `terraform destroy`, a renamed resource or a stack deletion then destroys the data with no
copy left. Automated backups are deleted with the instance.

## How to fix
Keep the final snapshot: `skip_final_snapshot = false` with a `final_snapshot_identifier`, or
`DeletionPolicy: Snapshot` (or `Retain`). Add deletion protection for production databases.

## Example
```hcl
resource "aws_db_instance" "main" {
  skip_final_snapshot = true
}
```

## Use instead
```hcl
resource "aws_db_instance" "main" {
  skip_final_snapshot       = false
  final_snapshot_identifier = "main-final"
  deletion_protection       = true
}
```
"""

from infralint.facts import ManagedDatabase
from infralint.facts.snapshots import DeletionSnapshot

ID = "IL403"
NAME = "final-snapshot-skipped"
CATEGORY = "missing-backup"
SEVERITY = "medium"
FACTS = (ManagedDatabase, DeletionSnapshot)
FORMATS = ("terraform", "cloudformation")


def check(ctx, db):
    if isinstance(db, ManagedDatabase) and (db.in_cluster or db.replica):
        return  # the cluster (the replica's source) owns the data
    address = db.resource.address
    skip = db.skip_final_snapshot
    if skip.may_be_true():
        yield ctx.finding(
            db.resource,
            skip.path,
            f"{address} skips the final snapshot: deleting it destroys the data",
        )
    policy = db.deletion_policy
    if "Delete" in policy.possible():
        has = (
            f"no DeletionPolicy ({policy.reason})" if policy.defaulted else "DeletionPolicy Delete"
        )
        yield ctx.finding(
            db.resource,
            policy,
            f"{address} has {has}: deleting the stack destroys the data without a snapshot",
        )
