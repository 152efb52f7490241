"""Database master user name that the engine reserves.

## What it does
Finds RDS DB instances and Aurora/RDS clusters whose master user name (`username` /
`master_username`, CloudFormation `MasterUsername`) RDS rejects: `rdsadmin` on every engine,
`admin` on PostgreSQL engines (`postgres`, `aurora-postgresql`), or an SQL reserved word such
as `select`, `user` on PostgreSQL or `table`. `admin` is fine on MySQL and MariaDB.

## Why is this bad?
The plan succeeds, and the apply fails when RDS refuses the name: a broken deployment found
late, often in the middle of a larger change.

## How to fix
Choose another name (`app_admin`, `orders_owner`), or let RDS manage the master password with a
name of your own.

## Example
```hcl
resource "aws_db_instance" "orders" {
  identifier     = "orders"
  engine         = "postgres"
  instance_class = "db.t4g.medium"
  username       = "admin"
}
```

## Use instead
```hcl
resource "aws_db_instance" "orders" {
  identifier     = "orders"
  engine         = "postgres"
  instance_class = "db.t4g.medium"
  username       = "orders_admin"
}
```
"""

from infralint.facts import ManagedDatabase

ID = "IL1105"
NAME = "rds-reserved-username"
CATEGORY = "correctness"
SEVERITY = "medium"
FACTS = (ManagedDatabase,)
FORMATS = ("terraform", "cloudformation")

# Words SQL reserves on every engine RDS runs (reserved in PostgreSQL and MySQL alike).
_SQL_RESERVED = frozenset(
    {
        "all",
        "and",
        "as",
        "by",
        "check",
        "column",
        "constraint",
        "create",
        "default",
        "delete",
        "distinct",
        "drop",
        "foreign",
        "from",
        "grant",
        "group",
        "insert",
        "into",
        "not",
        "null",
        "or",
        "order",
        "primary",
        "references",
        "select",
        "table",
        "to",
        "union",
        "unique",
        "update",
        "where",
    }
)
_POSTGRES_RESERVED = frozenset({"admin", "user", "current_user", "session_user"})


def check(ctx, db):
    for name in db.username.possible() if db.username.explicit else []:
        if not isinstance(name, str):
            continue
        why = _reserved(name.lower(), db.engine.possible())
        if why:
            yield ctx.finding(
                db.resource,
                db.username,
                f"{db.resource.address}: master user name {name!r} is {why}: RDS rejects it",
            )
            return


def _reserved(name, engines):
    if name == "rdsadmin":
        return "reserved by RDS on every engine"
    if name in _SQL_RESERVED:
        return "an SQL reserved word"
    if name in _POSTGRES_RESERVED and any(
        isinstance(e, str) and "postgres" in e.lower() for e in engines
    ):
        return "reserved on PostgreSQL"
    return ""
