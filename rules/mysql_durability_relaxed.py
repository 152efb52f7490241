"""MySQL parameter group that can lose committed transactions.

## What it does
Finds RDS and Aurora parameter groups that relax MySQL's durability:
`innodb_flush_log_at_trx_commit` other than `1`, or `sync_binlog = 0` (Terraform `parameter`
blocks of `aws_db_parameter_group` / `aws_rds_cluster_parameter_group`, CloudFormation
`Parameters` of `AWS::RDS::DBParameterGroup` / `AWS::RDS::DBClusterParameterGroup`).

## Why is this bad?
With `innodb_flush_log_at_trx_commit` 0 or 2 the redo log is written to disk only about once a
second, and with `sync_binlog = 0` the binary log whenever the OS decides: a crash or a
failover loses transactions that clients were told were committed, and replicas can diverge
from the primary.

## How to fix
Leave both at their defaults (`1`), or set them to `1`.

## Example
```hcl
resource "aws_db_parameter_group" "orders" {
  name   = "orders-mysql8"
  family = "mysql8.0"

  parameter {
    name  = "innodb_flush_log_at_trx_commit"
    value = "2"
  }
}
```

## Use instead
```hcl
resource "aws_db_parameter_group" "orders" {
  name   = "orders-mysql8"
  family = "mysql8.0"

  parameter {
    name  = "innodb_flush_log_at_trx_commit"
    value = "1"
  }
}
```
"""

from infralint.facts.databases import ParameterGroup
from infralint.model import as_int

ID = "IL1008"
NAME = "mysql-durability-relaxed"
CATEGORY = "resilience"
SEVERITY = "low"
FACTS = (ParameterGroup,)
FORMATS = ("terraform", "cloudformation")

# parameter: (the values that relax durability, what they do)
_RELAXED = {
    "innodb_flush_log_at_trx_commit": (
        lambda n: n != 1,
        "flushes the redo log about once a second",
    ),
    "sync_binlog": (lambda n: n == 0, "leaves flushing the binary log to the OS"),
}


def check(ctx, group):
    parameters = group.parameters.value if isinstance(group.parameters.value, dict) else {}
    for name, (relaxed, what) in _RELAXED.items():
        value = parameters.get(name)
        if value is None:
            continue
        numbers = [n for n in map(as_int, value.possible()) if n is not None]
        if any(relaxed(n) for n in numbers):
            yield ctx.finding(
                group.resource,
                value,
                f"parameter group {group.resource.address} {what} ({name} = "
                f"{numbers[0] if len(numbers) == 1 else '/'.join(map(str, numbers))}): a crash "
                "can lose committed transactions",
            )
