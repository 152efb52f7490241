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
from infralint.model import as_bool, possible

ID = "IL402"
NAME = "no-point-in-time-recovery"
CATEGORY = "missing-backup"
SEVERITY = "medium"
FACTS = ("Table",)
FORMATS = ("terraform", "cloudformation")


def check(ctx):
    for table in ctx.facts(Table):
        pitr = table.point_in_time_recovery
        if pitr is None:
            yield ctx.finding(
                table.resource,
                table.path,
                f"{table.resource.address} has no "
                "point-in-time recovery (it is off unless enabled)",
            )
        elif any(as_bool(v) is False for v in possible(pitr.value)):
            yield ctx.finding(
                table.resource,
                pitr.path,
                f"{table.resource.address} has point-in-time recovery disabled",
            )
