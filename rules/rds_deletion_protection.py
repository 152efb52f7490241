"""RDS database without deletion protection.

## What it does
Finds RDS DB instances and Aurora/RDS clusters without deletion protection:
`deletion_protection` false or absent in Terraform, `DeletionProtection` false or absent in
CloudFormation (both default to false). Read replicas and instances of a cluster are not
reported: the source or the cluster holds the data.

## Why is this bad?
A `terraform destroy`, a renamed resource that Terraform replaces, a deleted stack or a mistaken
console click deletes the database; with deletion protection AWS refuses until the setting is
turned off on purpose.

## How to fix
Set `deletion_protection = true` on production databases.

## Example
```hcl
resource "aws_rds_cluster" "orders" {
  cluster_identifier = "orders"
  engine             = "aurora-postgresql"
  storage_encrypted  = true
}
```

## Use instead
```hcl
resource "aws_rds_cluster" "orders" {
  cluster_identifier  = "orders"
  engine              = "aurora-postgresql"
  storage_encrypted   = true
  deletion_protection = true
}
```
"""

from infralint.facts import ManagedDatabase

ID = "IL1001"
NAME = "rds-deletion-protection-disabled"
CATEGORY = "resilience"
SEVERITY = "low"
FACTS = (ManagedDatabase,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, db):
    if db.in_cluster or db.replica:
        return
    protection = db.deletion_protection
    if protection.may_be_false():
        yield ctx.finding(
            db.resource,
            protection,
            f"{db.resource.address} has no deletion protection{protection.why}",
        )
