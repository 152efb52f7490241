"""Backups kept for less than a week.

## What it does
Finds RDS DB instances and Aurora/RDS clusters whose automated backups are kept for fewer days
than the option `min_retention_days` (default 7): `backup_retention_period` /
`BackupRetentionPeriod` from 1 to 6, or absent (AWS then keeps 1 day). A retention of 0 is
`backups-disabled`'s finding. Read replicas and instances of a cluster are not reported: the
source or the cluster keeps the backups.

Configure the minimum with `[rules.backup-retention-short] min_retention_days = 14`.

## Why is this bad?
Problems are often noticed days later: a bad migration on Friday found on Monday, a slow data
corruption, a deleted customer. With one day of backups, point-in-time recovery cannot go back
before the damage.

## How to fix
Keep at least 7 days of backups (up to 35).

## Example
```hcl
resource "aws_db_instance" "orders" {
  identifier              = "orders"
  engine                  = "postgres"
  instance_class          = "db.t4g.medium"
  backup_retention_period = 3
}
```

## Use instead
```hcl
resource "aws_db_instance" "orders" {
  identifier              = "orders"
  engine                  = "postgres"
  instance_class          = "db.t4g.medium"
  backup_retention_period = 14
}
```
"""

from infralint.facts import ManagedDatabase
from infralint.model import as_int

ID = "IL1002"
NAME = "backup-retention-short"
CATEGORY = "resilience"
SEVERITY = "low"
FACTS = (ManagedDatabase,)
FORMATS = ("terraform", "cloudformation")
CONF = {"min_retention_days": int}
DEFAULT = {"min_retention_days": 7}


def check(ctx, db):
    if db.in_cluster or db.replica:
        return
    minimum = ctx.options["min_retention_days"]
    retention = db.backup_retention
    short = [d for d in map(as_int, retention.possible()) if d is not None and 0 < d < minimum]
    if short:
        yield ctx.finding(
            db.resource,
            retention,
            f"{db.resource.address} keeps automated backups for {min(short)} day"
            f"{'s' if min(short) > 1 else ''}, fewer than {minimum}{retention.why}",
        )
