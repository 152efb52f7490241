"""Final snapshot required but not named.

## What it does
Finds Terraform RDS DB instances, Aurora/RDS clusters and Redshift clusters that keep a final
snapshot (`skip_final_snapshot` false or absent: the provider's default is false) but give it
no `final_snapshot_identifier`. Read replicas and instances of a cluster are not reported.

## Why is this bad?
The final snapshot needs a name, so deleting or replacing the database fails
("final_snapshot_identifier is required when skip_final_snapshot is false"): `terraform destroy`
stops halfway, and a change that replaces the database cannot be applied.

## How to fix
Name the snapshot (`final_snapshot_identifier = "orders-final"`), or skip it deliberately for
throw-away databases.

## Example
```hcl
resource "aws_db_instance" "orders" {
  identifier     = "orders"
  engine         = "postgres"
  instance_class = "db.t4g.medium"
}
```

## Use instead
```hcl
resource "aws_db_instance" "orders" {
  identifier                = "orders"
  engine                    = "postgres"
  instance_class            = "db.t4g.medium"
  final_snapshot_identifier = "orders-final"
}
```
"""

from infralint_rules._problems import unset

from infralint.facts import ManagedDatabase
from infralint.facts.databases import Warehouse

ID = "IL1108"
NAME = "final-snapshot-identifier-missing"
CATEGORY = "correctness"
SEVERITY = "low"
FACTS = (ManagedDatabase, Warehouse)
FORMATS = ("terraform",)


def check(ctx, db):
    if getattr(db, "in_cluster", False) or getattr(db, "replica", False):
        return
    skip = db.skip_final_snapshot
    if not skip.may_be_false():  # CloudFormation has no such setting: None there
        return
    if unset(db.final_snapshot_identifier):
        yield ctx.finding(
            db.resource,
            skip,
            f"{db.resource.address} keeps a final snapshot{skip.why} but does not name it "
            "(final_snapshot_identifier): deleting or replacing it fails",
        )
