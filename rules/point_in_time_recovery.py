"""DynamoDB table without point-in-time recovery.

## What it does
Finds DynamoDB tables (and global table replicas) where point-in-time recovery is not enabled.
It is off unless enabled explicitly.

## Why is this bad?
Without point-in-time recovery an accidental delete or a buggy batch write cannot be rolled
back: on-demand backups only exist if someone took one before the mistake.

## How to fix
Enable point-in-time recovery (35 days of continuous backups).

## Example
```hcl
resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
}
```

## Use instead
```hcl
resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
  point_in_time_recovery {
    enabled = true
  }
}
```
"""

from infralint.facts import Table
from infralint.model import as_bool

ID = "IL402"
NAME = "no-point-in-time-recovery"
CATEGORY = "missing-backup"
SEVERITY = "medium"
FACTS = (Table,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, table):
    pitr = table.point_in_time_recovery
    address = table.resource.address
    if pitr.defaulted:
        yield ctx.finding(
            table.resource, table.path, f"{address} has no point-in-time recovery ({pitr.reason})"
        )
    elif pitr.any(lambda v: as_bool(v) is False):
        yield ctx.finding(table.resource, pitr, f"{address} has point-in-time recovery disabled")
