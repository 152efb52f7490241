"""Automated backups disabled.

## What it does
Finds RDS instances and Aurora/RDS clusters whose backup retention period is 0, which turns
automated backups and point-in-time recovery off. An omitted retention is not reported: AWS then
keeps 1 day of backups (the API default). Read replicas are not reported either: the source's
backups hold their data.

## Why is this bad?
Without automated backups a bad migration, a dropped table or a deleted instance cannot be
undone: there is no snapshot to restore and no point in time to go back to.

## How to fix
Set a retention of at least 7 days (up to 35).

## Example
```hcl
resource "aws_db_instance" "main" {
  backup_retention_period = 0
}
```

## Use instead
```hcl
resource "aws_db_instance" "main" {
  backup_retention_period = 14
}
```
"""

from infralint.facts import ManagedDatabase
from infralint.model import as_int, possible

ID = "IL401"
NAME = "backups-disabled"
CATEGORY = "missing-backup"
SEVERITY = "high"
FACTS = ("ManagedDatabase",)
FORMATS = ("terraform", "cloudformation")


def check(ctx):
    for db in ctx.facts(ManagedDatabase):
        if db.in_cluster or db.replica or db.backup_retention is None:
            continue  # a cluster instance's (a replica's) backups are the cluster's (the
            # source's); omitted means 1 day
        if any(as_int(v) == 0 for v in possible(db.backup_retention.value)):
            yield ctx.finding(
                db.resource,
                db.backup_retention.path,
                f"{db.resource.address} has automated backups disabled (backup retention 0)",
            )
