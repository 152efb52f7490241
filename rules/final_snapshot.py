"""Database deleted without a final snapshot.

## What it does
Finds RDS instances and clusters configured to skip the final snapshot when they are deleted:
`skip_final_snapshot = true` in Terraform, `DeletionPolicy: Delete` in CloudFormation (when
`DeletionPolicy` is not set, CloudFormation snapshots an instance before deleting it). Cluster
members and read replicas are not reported: the cluster or the source instance holds the data.

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

ID = "IL403"
NAME = "final-snapshot-skipped"
CATEGORY = "missing-backup"
SEVERITY = "medium"
FACTS = (ManagedDatabase,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, db):
    if db.in_cluster or db.replica:
        return  # the cluster (the replica's source) owns the data
    skip = db.skip_final_snapshot
    if skip.may_be_true():
        yield ctx.finding(
            db.resource,
            skip.path,
            f"{db.resource.address} skips the final snapshot: deleting it destroys the data",
        )
    policy = db.deletion_policy
    if "Delete" in policy.possible():
        yield ctx.finding(
            db.resource,
            policy,
            f"{db.resource.address} has DeletionPolicy Delete: deleting the stack destroys the "
            "data without a snapshot",
        )
