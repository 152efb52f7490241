"""Automated backups disabled.

## What it does
Finds RDS instances and Aurora/RDS clusters whose backup retention period is 0, which turns
automated backups and point-in-time recovery off. An omitted retention is not reported: AWS then
keeps 1 day of backups (the API default). Read replicas are not reported either: the source's
backups hold their data.

Option `min_retention_days` (default 1) also reports a retention below it:
`[rules.backups-disabled] min_retention_days = 7`.

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
from infralint.model import as_int

ID = "IL401"
NAME = "backups-disabled"
CATEGORY = "missing-backup"
SEVERITY = "high"
FACTS = (ManagedDatabase,)
FORMATS = ("terraform", "cloudformation")
CONF = {"min_retention_days": int}
DEFAULT = {"min_retention_days": 1}


def check(ctx, db):
    if db.in_cluster or db.replica or not db.backup_retention.explicit:
        return  # a cluster instance's (a replica's) backups are the cluster's (the source's);
        # omitted means AWS's default of 1 day
    minimum = ctx.options["min_retention_days"]
    days = [d for d in map(as_int, db.backup_retention.possible()) if d is not None]
    if 0 in days:
        message = "has automated backups disabled (backup retention 0)"
    elif days and min(days) < minimum:
        message = f"keeps backups for {min(days)} days, fewer than {minimum}"
    else:
        return
    yield ctx.finding(db.resource, db.backup_retention.path, f"{db.resource.address} {message}")
